"""Read a runner's training log from the apps they already use, losing nothing on the way in.

``read_log(path)`` reads any of these and returns ``(activities, report)``:

- a Strava bulk export: its ``activities.csv`` or the whole unzipped export folder
  (``activities.csv`` plus ``activities/*.fit.gz|gpx.gz|tcx.gz``);
- a Garmin Connect ``Activities.csv`` (the activity list exported from the web);
- a single GPX, TCX or FIT file, also gzipped (``.gpx.gz``, ``.tcx.gz``, ``.fit.gz``);
- a folder of such files (without ``activities.csv``), or the export as a ``.zip``;
  ``activities.csv`` is found at any depth (a zip holding ``export_123/activities.csv``),
  and so is any other CSV with a Strava or Garmin activity header; the other CSV files
  (an export's profile.csv, shoes.csv, ...) are named in one "noted" report line.
  A GPX or TCX file with several activities gives one activity each.

In an export folder the CSV is the list of activities: the track files it names are not
read again (it already holds their summaries); track files it does not name are read and
added, with ``progress(done, total)`` called after each.

The kind is detected from the file name and, for CSV files, from the header.
Supported CSV languages: **English** and **German** Strava exports (German uses decimal
commas and ``DD.MM.YYYY, HH:MM:SS`` dates) and **English** Garmin Connect exports, in
UTF-8 (with or without a byte-order mark), UTF-16 or Windows-1252, with cells separated
by commas, semicolons or tabs (detected; said in the report when not UTF-8 and commas).
A file that cannot be read at all raises :class:`LogImportError` (a ``ValueError``) with
plain words: an unknown header (naming the closest column when one is misspelled), a
damaged gzip or zip, a password-protected zip, an archive that expands beyond the limits
(200 MB, or 100 times its packed size), a CSV larger than 16 MB or 50,000 rows, a track
file larger than 32 MB (``MAX_CSV_BYTES``, ``MAX_CSV_ROWS``, ``MAX_TRACK_BYTES``: sizes whose
reading fits in a 2 GB Binder's memory, checked before anything is parsed). No library
exception reaches the caller.

``activities`` has one row per activity (see ``ACTIVITY_COLUMNS``); ``report`` has one line
per input row that was skipped, corrected or is worth checking, and per note about a whole
file ("noted": the encoding, the separator, the Garmin unit guess, CSV files in a folder
that are not activity lists), with the reason (see ``REPORT_COLUMNS``). Its column ``row``
is **a line of the file, not a count of rows**: the line where the row starts (the header
is line 1, so the first data row is line 2, and a row spanning two lines moves the next
row's number on by two); for a track file, the activity's number in the file; 0 for a note
about a whole folder or zip. ``date`` and ``activity_id`` are as written (Strava's Activity
ID; Garmin's Title; a track's start in UTC). Every input row ends up in one of the two; one
bad row never stops the import. A row with more or fewer cells than the header is reported, never cut
or padded; a number such as ``10020,3`` is read with its decimal comma (each column's
cells decide whether a comma is decimal or thousands); an unreadable time is reported.

Time zones: Strava's ``Activity Date`` and the times in GPX, TCX and FIT files are UTC.
They are *converted* (never truncated) to the runner's zone: ``timezone`` if given, else
the UTC offset stored in a single FIT file, else the machine's own zone (``TZ``, then
``/etc/localtime``, then the current UTC offset); pass ``timezone`` to be sure. Garmin's
CSV holds local clock times, which are taken as times in that same zone (a time skipped
by a clock change moves forward; a repeated one is read as the first, summer-time one).

Plausibility limits (an activity beyond them is skipped or corrected, and reported):

- **Date** from 1 January 1980 to tomorrow (``EARLIEST_DATE``); any other date is skipped.
- **Durations** (moving and elapsed time) above 0 and up to 48 hours (100 hours on a
  bike, for Paris–Brest–Paris); others are set to missing.
- **Distance in two columns** (Strava's km or miles and metres) that disagree: the
  metres are kept and the row is reported ("kept") for you to check; the same for two
  elapsed times that disagree, an average speed that does not fit the metres and moving
  time, and a moving time longer than the elapsed time.
- **Activity types** the course does not know are kept as written and reported: they do
  not count as running.
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

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from helpers.import_csv import (  # noqa: F401  (parse_numbers and detect_garmin_unit are part of the interface)
    MISSING_MARKERS, detect_garmin_unit, is_activity_list, is_known_type, parse_numbers, read_csv_table,
)
from helpers.import_files import (  # noqa: F401  (the error types are part of the interface)
    REPORT_COLUMNS, TRACK_SUFFIXES, Collected, LogFileMissing, LogImportError, csv_bytes, extract_zip, read_head,
)
from helpers.import_rows import (  # noqa: F401  (the limits are part of the interface)
    EARLIEST_DATE, MAX_DURATION_S, MAX_RIDE_DURATION_S, read_garmin_rows, read_strava_rows,
)
from helpers.import_tracks import (  # noqa: F401  (part of the interface)
    FOOT_TYPES, MAX_POINT_SPEED_KMH, TrackProblem, in_range, read_fit, read_gpx, read_tcx, read_track_file, track_date,
    type_name,
)
from helpers.paths import data_dir

ACTIVITY_COLUMNS = ("start_local", "local_date", "activity_type", "distance_km", "moving_s", "elapsed_s", "source")
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

MAX_DISTANCE_KM = {"foot": 350.0, "Ride": 1300.0, "Swim": 100.0}
MAX_OTHER_DISTANCE_KM = 2000.0  # any other activity type
MAX_AVERAGE_SPEED_KMH = {"foot": 25.0, "Ride": 80.0, "Swim": 10.0}
MIN_DISTANCE_FOR_SPEED_CHECK_KM = 1.0
LEFT_RUNNING_RATIO = 3.0
LEFT_RUNNING_EXTRA_S = 2 * 3600.0
DUPLICATE_WINDOW_S = 300.0
DUPLICATE_DISTANCE_FRACTION = 0.05
DUPLICATE_DISTANCE_KM = 0.1

Progress = Callable[[int, int], None]


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
    Raises :class:`LogImportError` (a ``ValueError``) when the file cannot be read at all.
    """
    path = Path(path)
    if not path.exists():
        raise LogFileMissing(f"{path} does not exist: give the path of an export file or folder.")
    if distance_unit not in (None, "km", "mi"):
        raise LogImportError(f"distance_unit must be 'km', 'mi' or None, not {distance_unit!r}.")
    zone_given = resolve_zone(timezone) if timezone is not None else None
    try:
        collected = collect(path, distance_unit, progress)
        zone = zone_given or (collected.file_zone if path.is_file() else None) or machine_zone()
        return finish(collected, zone)
    except LogImportError:
        raise
    except MemoryError:
        raise LogImportError(f"{path.name} did not fit in this machine's memory, so it was not read. Choose a "
                             "smaller part of the export (its activities.csv, or a few years of it).") from None
    except (Exception, RecursionError) as error:  # noqa: BLE001  (a learner never sees a library's traceback)
        raise LogImportError(f"{path.name} could not be read: an unexpected problem ({type(error).__name__}). "
                             "Please tell the course team which file it was.") from error


def collect(path: Path, distance_unit: str | None, progress: Progress | None) -> Collected:
    collected = Collected()
    if path.is_dir():
        with naming(path.name):
            read_folder(path, path.name, collected, distance_unit, progress)
    elif path.name.lower().endswith(".zip"):
        with tempfile.TemporaryDirectory(prefix="back-on-track-") as folder, naming(path.name):
            extract_zip(path, Path(folder), path.name)
            read_folder(Path(folder), path.name, collected, distance_unit, progress)
    elif is_track_file(path):
        read_track_file(path, path.name, collected, in_folder=False)
    else:
        read_csv_export(path, path.name, collected, distance_unit)
    return collected


@contextlib.contextmanager
def naming(container: str) -> Iterator[None]:
    """An error about a file inside a folder or zip names the folder or zip the learner chose first."""
    try:
        yield
    except LogImportError as error:
        if str(error).startswith(container):
            raise
        raise LogImportError(f"In {container}: {error}") from None


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
        raise LogImportError(f"Unknown time zone {timezone!r}: use a name such as 'Europe/London'.") from error


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


def read_folder(folder: Path, shown: str, collected: Collected, distance_unit: str | None,
                progress: Progress | None) -> None:
    """An export folder: every activity list (``activities.csv``, or any CSV with a Strava or Garmin header,
    at any depth), plus every track file no CSV row names; the other CSV files are named in one report line."""
    files = sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: (len(p.parts), p.as_posix()))
    csv_files = [p for p in files if p.name.lower() in ("activities.csv", "activities.csv.gz")]
    others = [p for p in files if p.name.lower().endswith((".csv", ".csv.gz")) and p not in csv_files]
    not_lists = [p.relative_to(folder).as_posix() for p in others if not is_activity_list(read_head(p))]
    csv_files += [p for p in others if p.relative_to(folder).as_posix() not in not_lists]
    named: set[str] = set()
    for csv_path in csv_files:
        names = read_csv_export(csv_path, csv_path.relative_to(folder).as_posix(), collected, distance_unit)
        named |= {(csv_path.parent / name).relative_to(folder).as_posix() for name in names
                  if name and not name.startswith(("/", "\\")) and ".." not in name}
    track_files = [p for p in files if is_track_file(p)]
    if not csv_files and not track_files:
        others_said = f" (its CSV files are not activity lists: {listed(not_lists)})" if not_lists else ""
        raise LogImportError(f"{shown} holds no activities.csv and no GPX, TCX or FIT files{others_said}: "
                             "choose the unzipped export folder, or one of its files.")
    if not_lists:
        collected.problem(0, shown, f"{len(not_lists)} other CSV file{'s' if len(not_lists) > 1 else ''} not read, "
                          f"as {'they are' if len(not_lists) > 1 else 'it is'} not an activity list (no Strava or "
                          f"Garmin activity header): {listed(not_lists)}", "noted")
    to_read = sorted((p for p in track_files if p.relative_to(folder).as_posix() not in named),
                     key=lambda p: p.as_posix())
    if progress is not None:
        progress(0, len(to_read))
    for done, track in enumerate(to_read, start=1):
        read_track_file(track, track.relative_to(folder).as_posix(), collected, in_folder=True)
        if progress is not None:
            progress(done, len(to_read))


def listed(names: list[str], most: int = 5) -> str:
    """``a, b, c`` or ``a, b, c, d, e and 3 more``."""
    return ", ".join(names[:most]) + (f" and {len(names) - most} more" if len(names) > most else "")


def is_track_file(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return name.endswith(TRACK_SUFFIXES)


# ---------------------------------------------------------------- CSV exports


def read_csv_export(path: Path, source: str, collected: Collected, distance_unit: str | None) -> set[str]:
    """A Strava or Garmin activities CSV; returns the track-file names its rows mention."""
    table = read_csv_table(csv_bytes(path, source), source, collected)
    if table.kind == "strava":
        return read_strava_rows(table, source, collected, distance_unit)
    read_garmin_rows(table, source, collected, distance_unit)
    return set()



# ---------------------------------------------------------------- checks and the final tables


def finish(collected: Collected, zone: dt.tzinfo) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Local times, plausibility checks, duplicates; the activities table and the report."""
    frames = [frame for frame in collected.frames if len(frame)]
    if not frames:
        empty = empty_activities()
        empty["start_local"] = empty["start_local"].dt.tz_convert(zone)
        empty.attrs.update(collected.notes)
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
    max_duration = np.where(raw["activity_type"].eq("Ride"), MAX_RIDE_DURATION_S, MAX_DURATION_S)
    blank_distance = pd.Series(False, index=raw.index)
    no_distance = raw["distance_km"].isna()
    if no_distance.any():  # only those rows' text is looked at (the usual file has none)
        blank_distance[no_distance] = raw.loc[no_distance, "distance_text"].astype(str).str.strip().isin(
            MISSING_MARKERS)

    def note(mask: pd.Series, reason: Callable[[pd.Series], str], action: str = "skipped") -> None:
        mask = mask & keep
        if not mask.any():
            return
        for index in raw.index[mask]:
            row = raw.loc[index]
            collected.problem(row["row"], row["file"], reason(row), action, row["date_text"], row["activity_id"])
        if action == "skipped":
            keep[mask] = False

    note(raw["start_local"].isna(), lambda r: f"unparseable date {r['date_text']!r}")
    unreadable_km = (raw["distance_km"].isna() & ~blank_distance) | np.isinf(raw["distance_km"])
    note(unreadable_km, lambda r: f"unreadable distance {r['distance_text']!r}")
    note(raw["distance_km"] < 0, lambda r: f"negative distance {r['distance_km']:.3f} km")
    note(raw["distance_km"] > max_distance,
         lambda r: f"impossible distance {r['distance_km']:.1f} km for a {r['activity_type']}")
    for name in ("moving_s", "elapsed_s"):
        impossible = (raw[name] <= 0) | np.isinf(raw[name]) | (raw[name] > max_duration)
        note(impossible, lambda r, n=name: f"impossible {n} {r[n]:g} set to missing", "corrected")
        raw.loc[impossible, name] = np.nan
    seconds = raw["moving_s"].where(raw["moving_s"] > 0, raw["elapsed_s"])
    speed = raw["distance_km"] / (seconds / 3600)
    too_fast = (speed > max_speed) & (raw["distance_km"] >= MIN_DISTANCE_FOR_SPEED_CHECK_KM)
    note(too_fast, lambda r: (f"implausible speed {speed[r.name]:.1f} km/h for a {r['activity_type']} "
                              f"(limit {max_speed[r.name]:g} km/h): a GPS jump or a wrong activity type"))
    note(raw["distance_km"].isna() & blank_distance, lambda r: "no distance given; counted as 0 km", "corrected")
    raw.loc[keep & raw["distance_km"].isna(), "distance_km"] = 0.0
    left_running = ((raw["elapsed_s"] > LEFT_RUNNING_RATIO * raw["moving_s"])
                    & (raw["elapsed_s"] - raw["moving_s"] > LEFT_RUNNING_EXTRA_S))
    note(left_running, lambda r: (f"watch left running: elapsed {r['elapsed_s'] / 3600:.1f} h against "
                                  f"{r['moving_s'] / 3600:.1f} h moving; elapsed time set to missing"), "corrected")
    raw.loc[left_running & keep, "elapsed_s"] = np.nan
    note(raw["moving_s"] > raw["elapsed_s"] + 60, lambda r: (
        f"moving time {r['moving_s'] / 3600:.2f} h is longer than the elapsed time {r['elapsed_s'] / 3600:.2f} h: "
        "check this activity"), "kept")
    note(~is_known_type(raw["activity_type"]), lambda r: (
        f"activity type {r['activity_type']!r} is not one the course knows: kept as it is, "
        "not counted as running"), "kept")
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
        collected.problem(row["row"], row["file"], f"duplicate upload of {first[index]}", "skipped",
                          row["date_text"], row["activity_id"])
    return ordered[~duplicate]


def report_table(collected: Collected) -> pd.DataFrame:
    report = pd.DataFrame(collected.problems, columns=list(REPORT_COLUMNS))
    report = report.astype({"row": "int64", "source": object, "date": object, "activity_id": object,
                            "reason": object, "action": object})
    return report.sort_values(["source", "row"], kind="stable").reset_index(drop=True)
