"""Read a runner's training log from the apps they already use, losing nothing on the way in.

``read_log(path)`` reads any of these and returns ``(activities, report)``:

- a Strava bulk export: its ``activities.csv`` or the whole unzipped export folder
  (``activities.csv`` plus ``activities/*.fit.gz|gpx.gz|tcx.gz``);
- a Garmin Connect ``Activities.csv`` (the activity list exported from the web);
- a single GPX, TCX or FIT file, also gzipped (``.gpx.gz``, ``.tcx.gz``, ``.fit.gz``);
- a folder of such files (without ``activities.csv``), or the export as a ``.zip``.

In an export folder the CSV is the list of activities: the track files it names are not
read again (it already holds their summaries); track files it does not name are read and
added, with ``progress(done, total)`` called after each.

The kind is detected from the file name and, for CSV files, from the header.
Supported CSV languages: **English** and **German** Strava exports (German uses decimal
commas and ``DD.MM.YYYY, HH:MM:SS`` dates) and **English** Garmin Connect exports. Any
other header gives a ``ValueError`` naming the columns that were expected.

``activities`` has one row per activity (see ``ACTIVITY_COLUMNS``); ``report`` has one row
per input row that was skipped or corrected, with the reason (see ``REPORT_COLUMNS``).
Every input row ends up in one of the two; one bad row never stops the import.

Time zones: Strava's ``Activity Date`` and the times in GPX, TCX and FIT files are UTC.
They are *converted* (never truncated) to the runner's zone: ``timezone`` if given, else
the UTC offset stored in a single FIT file, else the machine's own zone (``TZ``, then
``/etc/localtime``, then the current UTC offset); pass ``timezone`` to be sure. Garmin's
CSV holds local clock times, which are taken as times in that same zone (a time skipped
by a clock change moves forward; a repeated one is read as the first, summer-time one).

Plausibility limits (an activity beyond them is skipped or corrected, and reported):

- **Distance** above ``MAX_DISTANCE_KM``: 350 km on foot (the 24-hour running record is
  under 320 km), 1,300 km on a bike (Paris–Brest–Paris, 1,200 km, is sometimes saved as
  one activity), 100 km swimming, 2,000 km for any other type; and any negative distance.
- **Average speed** above ``MAX_AVERAGE_SPEED_KMH``: 25 km/h on foot over at least 1 km
  (the world-record pace from 5 km to the marathon is 21–24 km/h), 80 km/h on a bike (the
  hour record is under 57 km/h), 10 km/h swimming (the 50 m record is under 9 km/h). Such
  an average means a GPS jump or a ride saved as a run.
- **GPS jumps inside a track** (GPX files): a step between two points faster than
  ``MAX_POINT_SPEED_KMH`` (45 km/h on foot, about a sprinter's top speed; 120 km/h on a
  bike) is left out of the distance, and the activity is reported as corrected.
- **Watch left running**: elapsed time more than 3 times the moving time and more than
  2 hours longer than it. The distance is kept; the elapsed time is set to missing.
- **Duplicate upload**: the same activity type starting within 5 minutes of another, with a
  distance within 5 % (or 0.1 km). The earliest start is kept (then the longer distance).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from helpers.paths import data_dir
from helpers.units import KM_PER_MILE

ACTIVITY_COLUMNS = ("start_local", "local_date", "activity_type", "distance_km", "moving_s", "elapsed_s", "source")
REPORT_COLUMNS = ("row", "source", "reason", "action")
#: The columns of a Strava bulk export's activities.csv (English, 2024), in order; note the
#: repeated names (Distance in display units, then in metres). Fixtures and the sample use it.
STRAVA_EXPORT_COLUMNS = (
    "Activity ID", "Activity Date", "Activity Name", "Activity Type", "Activity Description", "Elapsed Time",
    "Distance", "Max Heart Rate", "Relative Effort", "Commute", "Activity Private Note", "Activity Gear",
    "Filename", "Athlete Weight", "Bike Weight", "Elapsed Time", "Moving Time", "Distance", "Max Speed",
    "Average Speed", "Elevation Gain", "Elevation Loss", "Elevation Low", "Elevation High", "Max Grade",
    "Average Grade", "Max Cadence", "Average Cadence", "Max Heart Rate", "Average Heart Rate", "Calories",
    "Relative Effort", "Commute", "From Upload", "Grade Adjusted Distance", "Media",
)

#: The synthetic runner of the sample log lives in Toronto (see data/sample_runner_story.md).
SAMPLE_TIMEZONE = "America/Toronto"

FOOT_TYPES = ("Run", "Trail Run", "Virtual Run", "Walk", "Hike")
MAX_DISTANCE_KM = {"foot": 350.0, "Ride": 1300.0, "Swim": 100.0}
MAX_OTHER_DISTANCE_KM = 2000.0  # any other activity type
MAX_AVERAGE_SPEED_KMH = {"foot": 25.0, "Ride": 80.0, "Swim": 10.0}
MIN_DISTANCE_FOR_SPEED_CHECK_KM = 1.0
MAX_POINT_SPEED_KMH = {"foot": 45.0, "Ride": 120.0, "Swim": 15.0}
LEFT_RUNNING_RATIO = 3.0
LEFT_RUNNING_EXTRA_S = 2 * 3600.0
DUPLICATE_WINDOW_S = 300.0
DUPLICATE_DISTANCE_FRACTION = 0.05
DUPLICATE_DISTANCE_KM = 0.1

MISSING_MARKERS = ("", "--", "-", "—")
TRACK_SUFFIXES = (".gpx", ".tcx", ".fit")

Progress = Callable[[int, int], None]

# Activity types: every spelling we know, mapped to the course's names.
TYPE_NAMES = {
    "run": "Run", "running": "Run", "street running": "Run", "track running": "Run", "lauf": "Run", "laufen": "Run",
    "trail run": "Trail Run", "trailrun": "Trail Run", "trail running": "Trail Run", "traillauf": "Trail Run",
    "virtual run": "Virtual Run", "virtualrun": "Virtual Run", "treadmill running": "Virtual Run",
    "indoor running": "Virtual Run", "virtueller lauf": "Virtual Run", "laufband": "Virtual Run",
    "ride": "Ride", "cycling": "Ride", "biking": "Ride", "road cycling": "Ride", "mountain biking": "Ride",
    "gravel cycling": "Ride", "indoor cycling": "Ride", "virtual cycling": "Ride", "virtual ride": "Ride",
    "virtualride": "Ride", "e-bike ride": "Ride", "ebikeride": "Ride", "mountain bike ride": "Ride",
    "gravel ride": "Ride", "radfahrt": "Ride", "radfahren": "Ride", "virtuelle radfahrt": "Ride",
    "walk": "Walk", "walking": "Walk", "gehen": "Walk", "spaziergang": "Walk",
    "swim": "Swim", "swimming": "Swim", "pool swim": "Swim", "lap swimming": "Swim",
    "open water swimming": "Swim", "schwimmen": "Swim",
    "hike": "Hike", "hiking": "Hike", "wanderung": "Hike", "wandern": "Hike",
}

# CSV headers: canonical name -> spellings (lower case) in the supported languages.
STRAVA_HEADERS = {
    "date": ("activity date", "aktivitätsdatum"),
    "type": ("activity type", "aktivitätsart"),
    "elapsed": ("elapsed time", "verstrichene zeit"),
    "moving": ("moving time", "bewegungszeit"),
    "distance": ("distance", "distanz"),
    "filename": ("filename", "dateiname"),
}
GERMAN_MARKER = "aktivitätsdatum"
GARMIN_HEADERS = {
    "date": ("date",),
    "type": ("activity type",),
    "distance": ("distance",),
    "time": ("time",),
    "moving": ("moving time",),
    "elapsed": ("elapsed time",),
}
STRAVA_DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y, %H:%M:%S")
GARMIN_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")


@dataclass
class Collected:
    """Activities and report lines gathered from one or more sources (raw, before checks)."""

    frames: list[pd.DataFrame] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    file_zone: dt.tzinfo | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def problem(self, row: int, source: str, reason: str, action: str = "skipped") -> None:
        self.problems.append({"row": int(row), "source": source, "reason": reason, "action": action})


# ---------------------------------------------------------------- public interface


def read_log(
    path: str | os.PathLike,
    timezone: str | dt.tzinfo | None = None,
    *,
    distance_unit: str | None = None,
    progress: Progress | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a training log (see the module docstring) into ``(activities, report)``.

    ``timezone``: the runner's zone, e.g. ``"Europe/Berlin"``. ``distance_unit``: ``"km"``
    or ``"mi"`` for the distances a CSV shows in display units (Garmin's ``Distance``,
    Strava's first ``Distance`` when the one in metres is missing); ``None`` means
    Strava: km, Garmin: detected from the running speeds (see ``detect_garmin_unit``).
    ``progress(done, total)`` is called as the files of a folder are read; a widget can
    pass ``lambda done, total: bar.set_trait("max", max(total, 1)) or setattr(bar, "value", done)``
    for an ``ipywidgets.IntProgress`` ``bar`` (this module itself has no widgets).
    For a Garmin CSV, ``activities.attrs["garmin_distance_unit"]`` says which unit was used.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: give the path of an export file or folder.")
    if distance_unit not in (None, "km", "mi"):
        raise ValueError(f"distance_unit must be 'km', 'mi' or None, not {distance_unit!r}.")
    zone_given = resolve_zone(timezone) if timezone is not None else None
    collected = Collected()
    if path.is_dir():
        read_folder(path, collected, distance_unit, progress)
    elif path.suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory() as folder:
            with zipfile.ZipFile(path) as archive:
                archive.extractall(folder)
            read_folder(Path(folder), collected, distance_unit, progress)
    elif is_track_file(path):
        read_track_file(path, path.name, collected)
    else:
        read_csv_export(path, path.name, collected, distance_unit)
    zone = zone_given or (collected.file_zone if path.is_file() else None) or machine_zone()
    return finish(collected, zone)


def sample_log_path() -> Path:
    """The synthetic runner's Strava-style ``activities.csv`` (read it with ``SAMPLE_TIMEZONE``)."""
    return data_dir() / "sample" / "sample_runner_activities.csv"


def empty_activities() -> pd.DataFrame:
    """An activities table with no rows and the usual columns and dtypes."""
    return pd.DataFrame({
        "start_local": pd.Series([], dtype="datetime64[ns, UTC]"),
        "local_date": pd.Series([], dtype=object),
        "activity_type": pd.Series([], dtype=object),
        "distance_km": pd.Series([], dtype=float),
        "moving_s": pd.Series([], dtype=float),
        "elapsed_s": pd.Series([], dtype=float),
        "source": pd.Series([], dtype=object),
    })


# ---------------------------------------------------------------- time zones


def resolve_zone(timezone: str | dt.tzinfo) -> dt.tzinfo:
    """A tzinfo from a zone name such as ``"Europe/Berlin"`` (or a tzinfo, returned as is)."""
    if isinstance(timezone, dt.tzinfo):
        return timezone
    try:
        return ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"Unknown time zone {timezone!r}: use a name such as 'Europe/London'.") from error


def machine_zone() -> dt.tzinfo:
    """This machine's time zone: ``TZ``, else ``/etc/localtime``, else the current UTC offset."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink() and "zoneinfo/" in str(localtime.resolve()):
        candidates.append(str(localtime.resolve()).split("zoneinfo/", 1)[1])
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        candidates.append(timezone_file.read_text().strip())
    for name in candidates:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return dt.datetime.now().astimezone().tzinfo or dt.UTC


# ---------------------------------------------------------------- folders


def read_folder(folder: Path, collected: Collected, distance_unit: str | None, progress: Progress | None) -> None:
    """An export folder: its activities CSV, plus every track file that no CSV row names."""
    csv_files = sorted(p for p in folder.iterdir() if p.is_file() and p.name.lower() == "activities.csv")
    named: set[str] = set()
    for csv_path in csv_files:
        named |= read_csv_export(csv_path, csv_path.name, collected, distance_unit)
    track_files = sorted(p for p in folder.rglob("*") if p.is_file() and is_track_file(p))
    if not csv_files and not track_files:
        raise ValueError(f"{folder.name} holds no activities.csv and no GPX, TCX or FIT files: "
                         "choose the unzipped export folder, or one of its files.")
    to_read = [p for p in track_files if p.relative_to(folder).as_posix() not in named]
    if progress is not None:
        progress(0, len(to_read))
    for done, track in enumerate(to_read, start=1):
        read_track_file(track, track.relative_to(folder).as_posix(), collected)
        if progress is not None:
            progress(done, len(to_read))


def is_track_file(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(TRACK_SUFFIXES)


# ---------------------------------------------------------------- CSV exports


def read_csv_export(path: Path, source: str, collected: Collected, distance_unit: str | None) -> set[str]:
    """A Strava or Garmin activities CSV; returns the track-file names its rows mention."""
    header, rows, numbers = split_csv(path, source, collected)
    lowered = [name.strip().lower() for name in header]
    if "activity date" in lowered or GERMAN_MARKER in lowered:
        return read_strava_rows(header, rows, numbers, source, collected, distance_unit)
    if {"activity type", "date", "distance"} <= set(lowered):
        read_garmin_rows(header, rows, numbers, source, collected, distance_unit)
        return set()
    raise ValueError(
        f"{source} is neither a Strava activities.csv (needs a column 'Activity Date' or 'Aktivitätsdatum') "
        f"nor a Garmin Connect Activities.csv (needs 'Activity Type', 'Date' and 'Distance'). "
        f"Its first columns are: {', '.join(header[:6])}."
    )


def split_csv(path: Path, source: str, collected: Collected) -> tuple[list[str], list[list[str]], list[int]]:
    """Header and complete rows of a CSV; truncated or broken rows go to the report.

    The standard ``csv`` module splits the rows because pandas pads a row that is missing
    cells with empty values, which would hide a truncated row; pandas does the rest.
    """
    text = open_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise ValueError(f"{source} has no header row: is it an activities CSV?") from error
    rows, numbers, number = [], [], 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            collected.problem(number, source, f"row {number} cannot be read as CSV ({error}); it may be truncated")
            continue
        if not any(cell.strip() for cell in cells):
            number -= 1
            continue
        if len(cells) < len(header):
            collected.problem(number, source, f"row {number} is truncated: {len(cells)} of {len(header)} cells")
            continue
        rows.append(cells[: len(header)])
        numbers.append(number)
    return header, rows, numbers


def open_text(path: Path) -> str:
    """A text file's content (gzip-aware, UTF-8 with or without BOM, else Latin-1)."""
    raw = gzip.decompress(path.read_bytes()) if path.name.lower().endswith(".gz") else path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def unique_names(header: list[str]) -> list[str]:
    """Lower-case column names, repeats numbered as pandas does: ``distance``, ``distance.1``."""
    seen: dict[str, int] = {}
    names = []
    for name in header:
        key = name.strip().lower()
        count = seen.get(key, 0)
        names.append(key if count == 0 else f"{key}.{count}")
        seen[key] = count + 1
    return names


def table_of(header: list[str], rows: list[list[str]], numbers: list[int], headers: dict) -> pd.DataFrame:
    """Only the columns named in ``headers`` (all their repeats), as text, indexed by row number."""
    wanted = {spelling for spellings in headers.values() for spelling in spellings}
    names = unique_names(header)
    keep = [(i, name) for i, name in enumerate(names) if name.split(".")[0] in wanted]
    return pd.DataFrame({name: [cells[i] for cells in rows] for i, name in keep}, index=numbers, dtype=object)


def column(table: pd.DataFrame, spellings: tuple[str, ...], repeat: int = 0) -> pd.Series | None:
    """The column with one of ``spellings`` (its ``repeat``-th occurrence), or None."""
    for spelling in spellings:
        name = spelling if repeat == 0 else f"{spelling}.{repeat}"
        if name in table.columns:
            return table[name]
    return None


def read_strava_rows(header: list[str], rows: list[list[str]], numbers: list[int], source: str,
                     collected: Collected, distance_unit: str | None) -> set[str]:
    """Strava rows → raw activities (UTC starts); returns the file names the rows mention."""
    table = table_of(header, rows, numbers, STRAVA_HEADERS)
    decimal = "," if GERMAN_MARKER in table.columns else "."
    frame = pd.DataFrame(index=table.index)
    dates = table[STRAVA_HEADERS["date"][1] if decimal == "," else STRAVA_HEADERS["date"][0]]
    frame["start_utc"] = parse_dates(dates, STRAVA_DATE_FORMATS).dt.tz_localize("UTC")
    frame["date_text"] = dates
    types = column(table, STRAVA_HEADERS["type"])
    frame["activity_type"] = normalise_types(types if types is not None else pd.Series("", index=table.index))
    shown = column(table, STRAVA_HEADERS["distance"])
    metres = column(table, STRAVA_HEADERS["distance"], repeat=1)
    if shown is None:
        raise ValueError(f"{source} has no 'Distance' column.")
    shown_values = parse_numbers(shown, decimal)
    if metres is not None:
        metres_values = parse_numbers(metres, decimal)
        if is_display_column(metres_values, shown_values, frame["activity_type"]):
            metres, metres_values = shown, shown_values  # the two columns came in the other order
        frame["distance_text"] = metres
        frame["distance_km"] = metres_values / 1000
    else:
        per_unit = KM_PER_MILE if distance_unit == "mi" else 1.0
        frame["distance_text"] = shown
        frame["distance_km"] = shown_values * np.where(frame["activity_type"].eq("Swim"), 0.001, per_unit)
    elapsed = column(table, STRAVA_HEADERS["elapsed"], repeat=1)
    if elapsed is None:
        elapsed = column(table, STRAVA_HEADERS["elapsed"])
    moving = column(table, STRAVA_HEADERS["moving"])
    frame["elapsed_s"] = parse_numbers(elapsed, decimal) if elapsed is not None else np.nan
    frame["moving_s"] = parse_numbers(moving, decimal) if moving is not None else np.nan
    collected.frames.append(labelled(frame, source, local_clock=False))
    files = column(table, STRAVA_HEADERS["filename"])
    return set() if files is None else {name.strip() for name in files if name.strip()}


def is_display_column(a: pd.Series, b: pd.Series, types: pd.Series) -> bool:
    """True if distances ``a`` are in km or miles and ``b`` in metres (their ratio is about 1/1000)."""
    both = (a > 0) & (b > 0) & ~types.eq("Swim")
    return bool(both.any()) and float((a[both] / b[both]).median()) < 0.1


def read_garmin_rows(header: list[str], rows: list[list[str]], numbers: list[int], source: str,
                     collected: Collected, distance_unit: str | None) -> None:
    """Garmin rows → raw activities (local clock times, display units)."""
    table = table_of(header, rows, numbers, GARMIN_HEADERS)
    frame = pd.DataFrame(index=table.index)
    frame["start_naive"] = parse_dates(table["date"], GARMIN_DATE_FORMATS)
    frame["date_text"] = table["date"]
    frame["activity_type"] = normalise_types(table["activity type"])
    shown = parse_numbers(table["distance"], ".")
    elapsed, time, moving = (parse_clock(table[name]) if name in table else pd.Series(np.nan, index=table.index)
                             for name in ("elapsed time", "time", "moving time"))
    elapsed = elapsed.fillna(time)
    unit = distance_unit or detect_garmin_unit(frame["activity_type"], shown, moving.fillna(elapsed))
    collected.notes["garmin_distance_unit"] = unit
    swim = frame["activity_type"].eq("Swim")
    per_unit = KM_PER_MILE if unit == "mi" else 1.0
    swim_scale = 0.0009144 if unit == "mi" else 0.001  # Garmin shows swims in yards or metres
    frame["distance_text"] = table["distance"]
    frame["distance_km"] = shown * np.where(swim, swim_scale, per_unit)
    frame["elapsed_s"] = elapsed
    frame["moving_s"] = moving
    collected.frames.append(labelled(frame, source, local_clock=True))


def labelled(frame: pd.DataFrame, source: str, local_clock: bool) -> pd.DataFrame:
    """Add where each row came from (``source row N``) and whether its times are local clock times."""
    return frame.assign(local_clock=local_clock, source=source + " row " + frame.index.astype(str),
                        row=frame.index, file=source)


def detect_garmin_unit(types: pd.Series, distance: pd.Series, seconds: pd.Series) -> str:
    """``"mi"`` if the runs' median speed is below 8 per hour in the shown unit, else ``"km"``.

    8 km/h is a 7:30 /km jog, 8 mph a 7:30 /mile tempo: recreational runners' median runs
    sit above 8 km/h and below 8 mph. Pass ``distance_unit`` to read_log to be sure.
    """
    runs = types.isin(("Run", "Trail Run", "Virtual Run")) & (distance > 0) & (seconds > 0)
    if not runs.any():
        return "km"
    speed = (distance[runs] / (seconds[runs] / 3600)).median()
    return "mi" if speed < 8.0 else "km"


def parse_dates(text: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Naive datetimes from text in any of ``formats`` (NaT where none fits)."""
    text = text.astype(str).str.strip()
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for fmt in formats:
        missing = result.isna()
        if not missing.any():
            break
        parsed = pd.to_datetime(text[missing], format=fmt, errors="coerce")
        result[missing] = parsed.astype("datetime64[ns]")
    return result


def parse_numbers(text: pd.Series, decimal: str) -> pd.Series:
    """Numbers from display text: thousands separators removed, ``--`` and blanks → NaN."""
    text = text.astype(str).str.strip()
    plain = pd.Series(np.nan, index=text.index)
    if decimal == ".":  # most cells are plain numbers: convert those at C speed first
        plain = pd.to_numeric(text.where(~text.str.contains(",", regex=False)), errors="coerce").astype(float)
    rest = plain.isna() & ~text.isin(MISSING_MARKERS)
    if rest.any():
        other = text[rest]
        if decimal == ",":
            other = other.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        else:
            other = other.str.replace(",", "", regex=False)
        plain[rest] = pd.to_numeric(other, errors="coerce").astype(float)
    return plain


def parse_clock(text: pd.Series) -> pd.Series:
    """Seconds from ``h:mm:ss``, ``mm:ss`` or ``h:mm:ss.s`` text; ``--`` → NaN."""
    text = text.astype(str).str.strip()
    text = text.where(text.str.count(":") != 1, "00:" + text)
    text = text.where(~text.isin(MISSING_MARKERS), None)
    return pd.to_timedelta(text, errors="coerce").dt.total_seconds()


def normalise_types(text: pd.Series) -> pd.Series:
    """Course names for activity types; unknown types keep their original text."""
    text = text.astype(str).str.strip()
    return text.str.lower().map(TYPE_NAMES).fillna(text).astype(object)


# ---------------------------------------------------------------- track files


def read_track_file(path: Path, source: str, collected: Collected) -> None:
    """One GPX, TCX or FIT file (gzipped or not); a file that cannot be read is reported."""
    name = path.name.lower().removesuffix(".gz")
    reported_before = len(collected.problems)
    try:
        raw = gzip.decompress(path.read_bytes()) if path.name.lower().endswith(".gz") else path.read_bytes()
        if name.endswith(".gpx"):
            records = read_gpx(raw, source, collected)
        elif name.endswith(".tcx"):
            records = read_tcx(raw)
        else:
            records = read_fit(raw, collected)
    except Exception as error:  # noqa: BLE001  (any parser error: report it, go on)
        collected.problem(1, source, f"could not read the file ({type(error).__name__}: {error})")
        return
    if not records:
        if len(collected.problems) == reported_before:
            collected.problem(1, source, "the file holds no activity with a start time")
        return
    frame = pd.DataFrame(records)
    frame["start_utc"] = pd.to_datetime(frame["start_utc"], utc=True)
    frame["date_text"] = frame["start_utc"].astype(str)
    frame["distance_text"] = frame["distance_km"].astype(str)
    frame["local_clock"] = False
    frame["activity_type"] = normalise_types(frame["activity_type"])
    frame["source"] = [source if len(records) == 1 else f"{source} track {i}" for i in frame["row"]]
    frame["file"] = source
    collected.frames.append(frame.set_index("row", drop=False))


def read_gpx(raw: bytes, source: str, collected: Collected) -> list[dict]:
    """Each GPX track is one activity; steps faster than a GPS jump are left out."""
    import gpxpy

    gpx = gpxpy.parse(raw.decode("utf-8-sig"))
    records = []
    for number, track in enumerate(gpx.tracks, start=1):
        activity_type = normalise_types(pd.Series([track.type or "Unknown"])).iloc[0]
        points = [p for segment in track.segments for p in segment.points]
        timed = [p for p in points if p.time is not None]
        if not timed:
            collected.problem(number, source, f"track {number} has no times, so no date")
            continue
        metres, jumps = track_distance(track, point_speed_limit(activity_type))
        if jumps:
            collected.problem(number, source, f"{jumps} GPS jump(s) faster than "
                              f"{point_speed_limit(activity_type):g} km/h left out of the distance", "corrected")
        moving = track.get_moving_data()
        records.append({
            "row": number, "start_utc": timed[0].time, "activity_type": activity_type,
            "distance_km": metres / 1000, "moving_s": float(moving.moving_time) if moving else np.nan,
            "elapsed_s": (timed[-1].time - timed[0].time).total_seconds(),
        })
    return records


def point_speed_limit(activity_type: str) -> float:
    group = "foot" if activity_type in FOOT_TYPES else activity_type
    return MAX_POINT_SPEED_KMH.get(group, MAX_POINT_SPEED_KMH["Ride"])


def track_distance(track, limit_kmh: float) -> tuple[float, int]:
    """Metres along a GPX track, without the steps faster than ``limit_kmh``; and their count."""
    total, jumps = 0.0, 0
    for segment in track.segments:
        for before, after in zip(segment.points, segment.points[1:]):
            step = after.distance_2d(before) or 0.0
            if before.time is not None and after.time is not None:
                seconds = (after.time - before.time).total_seconds()
                if seconds <= 0 or step / seconds * 3.6 > limit_kmh:
                    if step > 0:
                        jumps += 1
                        continue
            total += step
    return total, jumps


def read_tcx(raw: bytes) -> list[dict]:
    """A TCX file (one activity) through tcxreader; its times are UTC."""
    from tcxreader.tcxreader import TCXReader

    with tempfile.NamedTemporaryFile(suffix=".tcx") as handle:
        handle.write(raw)
        handle.flush()
        exercise = TCXReader().read(handle.name, only_gps=False)
    if exercise.start_time is None:
        return []
    start = exercise.start_time
    start = start.replace(tzinfo=dt.UTC) if start.tzinfo is None else start
    moving = sum(lap.duration or 0.0 for lap in exercise.laps) or np.nan
    elapsed = exercise.duration if exercise.duration is not None else np.nan
    return [{"row": 1, "start_utc": start, "activity_type": exercise.activity_type or "Unknown",
             "distance_km": (exercise.distance or 0.0) / 1000, "moving_s": float(moving),
             "elapsed_s": float(elapsed)}]


FIT_SPORTS = {("running", "trail"): "Trail Run", ("running", "treadmill"): "Virtual Run",
              ("running", "virtual_activity"): "Virtual Run", ("running", None): "Run",
              ("cycling", None): "Ride", ("walking", None): "Walk", ("hiking", None): "Hike",
              ("swimming", None): "Swim"}


def read_fit(raw: bytes, collected: Collected) -> list[dict]:
    """The sessions of a FIT file through fitdecode; its local-time offset becomes the file's zone."""
    import fitdecode

    records, offset = [], None
    with fitdecode.FitReader(io.BytesIO(raw), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            values = {f.name: f.value for f in frame.fields}
            if frame.name == "session" and values.get("start_time") is not None:
                sport = str(values.get("sport") or "generic")
                sub_sport = str(values.get("sub_sport") or "")
                kind = FIT_SPORTS.get((sport, sub_sport)) or FIT_SPORTS.get((sport, None)) or sport.title()
                records.append({
                    "row": len(records) + 1, "start_utc": values["start_time"], "activity_type": kind,
                    "distance_km": float(values.get("total_distance") or 0.0) / 1000,
                    "moving_s": float(values.get("total_timer_time") or np.nan),
                    "elapsed_s": float(values.get("total_elapsed_time") or np.nan),
                })
            elif frame.name == "activity" and values.get("local_timestamp") and values.get("timestamp"):
                local = values["local_timestamp"]
                utc = values["timestamp"].replace(tzinfo=None)
                offset = dt.timedelta(seconds=round(((local.replace(tzinfo=None) - utc).total_seconds()) / 900) * 900)
    if offset is not None and collected.file_zone is None:
        collected.file_zone = dt.timezone(offset)
    return records


# ---------------------------------------------------------------- checks and the final tables


def finish(collected: Collected, zone: dt.tzinfo) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Local times, plausibility checks, duplicates; the activities table and the report."""
    frames = [frame for frame in collected.frames if len(frame)]
    if not frames:
        empty = empty_activities()
        empty["start_local"] = empty["start_local"].dt.tz_convert(zone)
        return empty, report_table(collected)
    raw = pd.concat([local_times(frame, zone) for frame in frames], ignore_index=True)
    keep = check_rows(raw, collected)
    raw = raw[keep]
    raw = drop_duplicates(raw, collected)
    activities = raw.sort_values(["start_local", "activity_type", "distance_km"], kind="stable")
    activities = activities.assign(local_date=activities["start_local"].dt.date)
    activities = activities[list(ACTIVITY_COLUMNS)].reset_index(drop=True)
    activities["activity_type"] = activities["activity_type"].astype(object)
    activities["source"] = activities["source"].astype(object)
    activities.attrs.update(collected.notes)
    return activities, report_table(collected)


def local_times(frame: pd.DataFrame, zone: dt.tzinfo) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    if frame["local_clock"].iloc[0]:
        naive = frame["start_naive"]
        start = naive.dt.tz_localize(zone, ambiguous=np.ones(len(naive), dtype=bool), nonexistent="shift_forward")
    else:
        start = frame["start_utc"].dt.tz_convert(zone)
    return frame.assign(start_local=start.dt.as_unit("ns"))


def check_rows(raw: pd.DataFrame, collected: Collected) -> pd.Series:
    """Report and drop rows with no date or an impossible distance or speed; fix what can be fixed."""
    keep = pd.Series(True, index=raw.index)
    group = raw["activity_type"].where(~raw["activity_type"].isin(FOOT_TYPES), "foot")
    max_distance = group.map(MAX_DISTANCE_KM).fillna(MAX_OTHER_DISTANCE_KM)
    max_speed = group.map(MAX_AVERAGE_SPEED_KMH).fillna(np.inf)
    seconds = raw["moving_s"].where(raw["moving_s"] > 0, raw["elapsed_s"])
    speed = raw["distance_km"] / (seconds / 3600)
    blank_distance = raw["distance_text"].astype(str).str.strip().isin(MISSING_MARKERS)

    def note(mask: pd.Series, reason: Callable[[pd.Series], str], action: str = "skipped") -> None:
        mask = mask & keep
        for index in raw.index[mask]:
            row = raw.loc[index]
            collected.problem(row["row"], row["file"], reason(row), action)
        if action == "skipped":
            keep[mask] = False

    note(raw["start_local"].isna(), lambda r: f"unparseable date {r['date_text']!r}")
    unreadable = (raw["distance_km"].isna() & ~blank_distance) | np.isinf(raw["distance_km"])
    note(unreadable, lambda r: f"unreadable distance {r['distance_text']!r}")
    note(raw["distance_km"] < 0, lambda r: f"negative distance {r['distance_km']:.3f} km")
    note(raw["distance_km"] > max_distance,
         lambda r: f"impossible distance {r['distance_km']:.1f} km for a {r['activity_type']}")
    too_fast = (speed > max_speed) & (raw["distance_km"] >= MIN_DISTANCE_FOR_SPEED_CHECK_KM)
    note(too_fast, lambda r: (f"implausible speed {speed[r.name]:.1f} km/h for a {r['activity_type']} "
                              f"(limit {max_speed[r.name]:g} km/h): a GPS jump or a wrong activity type"))
    note(raw["distance_km"].isna() & blank_distance, lambda r: "no distance given; counted as 0 km", "corrected")
    raw.loc[keep & raw["distance_km"].isna(), "distance_km"] = 0.0
    for name in ("moving_s", "elapsed_s"):
        impossible = (raw[name] < 0) | np.isinf(raw[name])
        note(impossible, lambda r, n=name: f"impossible {n} {r[n]:g} set to missing", "corrected")
        raw.loc[impossible, name] = np.nan
    left_running = ((raw["elapsed_s"] > LEFT_RUNNING_RATIO * raw["moving_s"])
                    & (raw["elapsed_s"] - raw["moving_s"] > LEFT_RUNNING_EXTRA_S))
    note(left_running, lambda r: (f"watch left running: elapsed {r['elapsed_s'] / 3600:.1f} h against "
                                  f"{r['moving_s'] / 3600:.1f} h moving; elapsed time set to missing"), "corrected")
    raw.loc[left_running & keep, "elapsed_s"] = np.nan
    return keep


def drop_duplicates(raw: pd.DataFrame, collected: Collected) -> pd.DataFrame:
    """Skip re-uploads: same type, start within 5 minutes and distance within 5 % (or 0.1 km)."""
    ordered = raw.sort_values(["activity_type", "start_local", "distance_km"], ascending=[True, True, False],
                              kind="stable")
    same_type = ordered["activity_type"].eq(ordered["activity_type"].shift())
    gap = ordered["start_local"].diff().dt.total_seconds()
    previous = ordered["distance_km"].shift()
    close = (ordered["distance_km"] - previous).abs() <= np.maximum(
        DUPLICATE_DISTANCE_KM, DUPLICATE_DISTANCE_FRACTION * previous)
    duplicate = same_type & (gap <= DUPLICATE_WINDOW_S) & close
    group = (~duplicate).cumsum()
    first = ordered.groupby(group)["source"].transform("first")
    for index in ordered.index[duplicate]:
        row = ordered.loc[index]
        collected.problem(row["row"], row["file"], f"duplicate upload of {first[index]}")
    return ordered[~duplicate]


def report_table(collected: Collected) -> pd.DataFrame:
    report = pd.DataFrame(collected.problems, columns=list(REPORT_COLUMNS))
    report = report.astype({"row": "int64", "source": object, "reason": object, "action": object})
    return report.sort_values(["source", "row"], kind="stable").reset_index(drop=True)
