"""Lesson 05: shoe wear and rotation from a training log, and road-camber geometry.

Pure functions (no widgets, no plotting). Distances are in km inside; convert for display
with :mod:`helpers.units`.

- :func:`read_gear` reads which shoe each run was in from a Strava ``activities.csv``
  (its ``Activity Gear`` column); :func:`runs_with_shoes` joins it to the activities that
  ``helpers.training.read_log`` returns (through their ``source`` labels, ``"<file> line N"``).
- :func:`shoe_totals` sums each pair's runs and distance and puts it against the
  retail rule of thumb :data:`RULE_OF_THUMB_KM` (300–500 miles, 480–800 km), which no
  study has set as an injury threshold (fact sheet §6: *unverified*).
- :func:`pairs_from_text` reads pairs typed by hand (``name, distance`` per line).
- :func:`spread_over_pairs` shows what rotating would change in the same runs.
- :func:`camber_height_cm` is the height difference between the feet across a cambered road.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import training
from helpers.paths import data_dir
from helpers.units import km_to, to_km

#: The retail rule of thumb for replacing running shoes: 300–500 miles (480–800 km).
#: No study set it as an injury threshold (unverified; fact sheet §6).
RULE_OF_THUMB_KM = (480.0, 800.0)
RULE_OF_THUMB_MI = (300.0, 500.0)
NO_SHOE = "no shoe named"
GEAR_COLUMNS = ("activity gear", "gear")
STATUSES = ("under the range", "within the range", "past the range")
MAX_PAIR_KM = 10_000.0  # a distance typed for one pair above this is taken as a typing error
MAX_PAIRS = 20
PERIODS = ("week", "month")


def rule_of_thumb(unit: str = "km") -> tuple[float, float]:
    """The rule-of-thumb range as usually quoted in ``unit``: 480–800 km or 300–500 miles."""
    if unit not in ("km", "mi"):
        raise ValueError(f"Unknown distance unit {unit!r}: use 'km' or 'mi'.")
    return RULE_OF_THUMB_KM if unit == "km" else RULE_OF_THUMB_MI


class NoGearColumn(ValueError):
    """The log names no shoe (no gear column): type the pairs in by hand instead."""


# ---------------------------------------------------------------- reading the gear column


def _csv_path(path: Path) -> Path:
    if path.is_dir():
        found = [p for p in path.iterdir() if p.is_file() and p.name.lower() == "activities.csv"]
        if not found:
            raise NoGearColumn(f"{path.name} has no activities.csv, so no run names its shoe: type your pairs in by hand.")
        return found[0]
    name = path.name.lower()
    if not (name.endswith(".csv") or name.endswith(".csv.gz")):
        raise NoGearColumn(f"{path.name} is not an activities CSV; GPX, TCX and FIT files do not name the shoe. "
                           "Type your pairs in by hand.")
    return path


def _text(path: Path) -> str:
    raw = gzip.decompress(path.read_bytes()) if path.name.lower().endswith(".gz") else path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read_gear(path: str | os.PathLike) -> pd.Series:
    """The shoe (gear) each row of a Strava ``activities.csv`` names, indexed like ``read_log``'s sources.

    The index is ``"<file name> line N"``, N being the file line where the row starts
    (the header is line 1), as in ``read_log``'s sources; a blank gear cell gives ``""``. A file or folder
    without a gear column raises :class:`NoGearColumn` saying what to do instead.
    """
    path = _csv_path(Path(path))
    reader = csv.reader(io.StringIO(_text(path), newline=""), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise NoGearColumn(f"{path.name} has no header row: is it an activities CSV?") from error
    column = next((header.index(name) for name in GEAR_COLUMNS if name in header), None)
    if column is None:
        raise NoGearColumn(f"{path.name} has no gear column (Strava's 'Activity Gear'), so no run names its shoe. "
                           "Garmin's activity list does not include it either: type your pairs in by hand.")
    labels, gear, last_line = [], [], reader.line_num
    while True:
        start = last_line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            last_line = reader.line_num
            continue  # read_log reports this row; it has no activity to join
        last_line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        labels.append(f"{path.name} line {start}")
        gear.append(cells[column].strip() if column < len(cells) else "")
    return pd.Series(gear, index=labels, dtype=object, name="shoe")


def runs_with_shoes(activities: pd.DataFrame, gear: pd.Series | None = None) -> pd.DataFrame:
    """The runs of ``activities`` with the shoe each was run in.

    Columns ``local_date``, ``distance_km``, ``shoe``. The shoe comes from ``gear``
    (:func:`read_gear`, matched on the ``source`` column) or from a ``gear`` column of
    ``activities``; a run with no shoe named gets :data:`NO_SHOE` (it is kept, not dropped).
    """
    runs = training.running_activities(activities)
    mask = activities["activity_type"].isin(training.RUNNING_TYPES).to_numpy() & activities["distance_km"].notna().to_numpy()
    if "gear" in activities:
        names = activities["gear"][mask]
    elif gear is not None and "source" in activities:
        names = activities["source"][mask].map(gear)
    else:
        raise NoGearColumn("This log names no shoe for its runs: type your pairs in by hand.")
    names = names.fillna("").astype(str).str.strip().replace("", NO_SHOE).to_numpy(object)
    return runs.assign(shoe=names).sort_values("local_date", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- totals and the rule of thumb


def wear_status(distance_km: float) -> str:
    """Where a pair's distance sits against the 480–800 km rule of thumb."""
    low, high = RULE_OF_THUMB_KM
    if distance_km < low:
        return STATUSES[0]
    return STATUSES[1] if distance_km <= high else STATUSES[2]


def shoe_totals(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per shoe: runs, distance (km and miles), first and last run, share of runs, status.

    ``share_percent`` is the pair's share of all runs (how evenly the pairs rotate). The
    row for :data:`NO_SHOE` (runs with no shoe named) comes last and has no status.
    """
    columns = ["shoe", "runs", "distance_km", "distance_mi", "first_run", "last_run", "share_percent", "status"]
    if runs.empty:
        return pd.DataFrame(columns=columns)
    table = runs.groupby("shoe", sort=False).agg(runs=("distance_km", "size"), distance_km=("distance_km", "sum"),
                                                 first_run=("local_date", "min"), last_run=("local_date", "max"))
    table = table.reset_index()
    table["distance_mi"] = km_to(table["distance_km"].to_numpy(float), "mi")
    table["share_percent"] = 100 * table["runs"].to_numpy() / len(runs)
    low, high = RULE_OF_THUMB_KM
    km = table["distance_km"].to_numpy(float)
    status = np.where(km < low, STATUSES[0], np.where(km <= high, STATUSES[1], STATUSES[2]))
    named = (table["shoe"] != NO_SHOE).to_numpy()
    table["status"] = np.where(named, status, "")
    table = table.assign(_last=~named).sort_values(["_last", "first_run", "shoe"], kind="stable")
    return table[columns].reset_index(drop=True)


def distance_over_time(runs: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """Each shoe's distance per period and running total: columns shoe, period_start, distance_km, total_km.

    ``period`` is ``"week"`` (Monday to Sunday) or ``"month"``. Periods without runs in a
    pair are left out; ``total_km`` is the pair's distance up to the end of that period.
    """
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}; got {period!r}.")
    columns = ["shoe", "period_start", "distance_km", "total_km"]
    if runs.empty:
        return pd.DataFrame(columns=columns)
    days = pd.to_datetime(runs["local_date"]).to_numpy("datetime64[D]")
    if period == "month":
        start = days.astype("datetime64[M]").astype("datetime64[ns]")
    else:  # Monday of the week (1970-01-01 was a Thursday)
        start = (days - (days.astype("int64") + 3) % 7).astype("datetime64[ns]")
    table = (runs.assign(period_start=start).groupby(["shoe", "period_start"], sort=False)["distance_km"].sum()
             .reset_index().sort_values(["shoe", "period_start"], kind="stable"))
    table["total_km"] = table.groupby("shoe")["distance_km"].cumsum()
    return table[columns].reset_index(drop=True)


def period_for(runs: pd.DataFrame) -> str | None:
    """How to draw a log over time: ``"month"``, ``"week"`` for under 6 months, None for under 4 weeks (bars)."""
    if runs.empty:
        return None
    dates = pd.to_datetime(runs["local_date"])
    days = (dates.max() - dates.min()).days
    return None if days < 28 else "week" if days < 183 else "month"


def spread_over_pairs(runs: pd.DataFrame, pairs: int) -> pd.DataFrame:
    """The same runs, taken in turn by ``pairs`` pairs (run 1 pair A, run 2 pair B, …).

    What rotating would have changed: the total distance is the same, each pair carries
    about 1/``pairs`` of it, and so reaches the rule-of-thumb range later in the calendar.
    Runs with no shoe named are spread too (they were run in some shoe).
    """
    if isinstance(pairs, bool) or not isinstance(pairs, (int, np.integer)) or not 1 <= pairs <= 6:
        raise ValueError(f"The number of pairs must be a whole number from 1 to 6; got {pairs!r}.")
    ordered = runs.sort_values("local_date", kind="stable").reset_index(drop=True)
    names = np.array([f"pair {chr(ord('A') + i)}" for i in range(pairs)], dtype=object)
    return ordered.assign(shoe=names[np.arange(len(ordered)) % pairs])


def date_reaching(runs: pd.DataFrame, shoe: str, distance_km: float) -> pd.Timestamp | None:
    """The date of the run that took ``shoe`` to ``distance_km`` in total (None if it never did)."""
    mine = runs[runs["shoe"] == shoe].sort_values("local_date", kind="stable")
    reached = mine["distance_km"].cumsum() >= distance_km
    return pd.Timestamp(mine.loc[reached.idxmax(), "local_date"]) if reached.any() else None


# ---------------------------------------------------------------- in words


def _both(distance_km: float, unit: str) -> str:
    """'812 km (505 mi)' with the chosen unit first."""
    other = "mi" if unit == "km" else "km"
    return f"{km_to(distance_km, unit):,.0f} {unit} ({km_to(distance_km, other):,.0f} {other})"


def describe_totals(totals: pd.DataFrame, unit: str = "km") -> str:
    """The tracker's result in plain words: each pair's distance and share of runs against the range."""
    if totals.empty:
        return "No runs to count."
    named = totals[totals["shoe"] != NO_SHOE]
    low, high = rule_of_thumb(unit)
    parts = []
    for row in named.itertuples():
        share = "" if pd.isna(row.share_percent) else f", {row.share_percent:.0f} % of runs"
        parts.append(f"{row.shoe}: {_both(row.distance_km, unit)}{share}, {row.status}")
    text = f"{len(named)} pair{'' if len(named) == 1 else 's'}. " + "; ".join(parts) + "."
    missing = totals[totals["shoe"] == NO_SHOE]
    if not missing.empty:
        count = int(missing["runs"].iloc[0])
        text += (f" {count} run{'' if count == 1 else 's'} ({_both(missing['distance_km'].iloc[0], unit)}) "
                 f"name{'s' if count == 1 else ''} no shoe.")
    text += (f" The range {low:.0f}–{high:.0f} {unit} is a retail rule of thumb: no study has set it "
             "as an injury threshold.")
    return text


def _dates_reaching(runs: pd.DataFrame, distance_km: float) -> dict[str, pd.Timestamp | None]:
    """For each shoe, the date of the run that took it to ``distance_km`` (None if it never did)."""
    ordered = runs.sort_values("local_date", kind="stable")
    reached = ordered[ordered.groupby("shoe", sort=False)["distance_km"].cumsum().to_numpy() >= distance_km]
    first = reached.groupby("shoe", sort=False)["local_date"].first()
    return {shoe: (pd.Timestamp(first[shoe]) if shoe in first.index else None) for shoe in ordered["shoe"].unique()}


def describe_spread(runs: pd.DataFrame, spread: pd.DataFrame, unit: str = "km") -> str:
    """What spreading the same runs over several pairs changes, in words."""
    pairs = sorted(spread["shoe"].unique())
    reached_one = _dates_reaching(runs.assign(shoe="one"), RULE_OF_THUMB_KM[1]).get("one")
    reached = _dates_reaching(spread, RULE_OF_THUMB_KM[1])
    totals = spread.groupby("shoe")["distance_km"].sum()
    each = ", ".join(f"{pair} {_both(totals[pair], unit)}" for pair in pairs)
    top = f"{RULE_OF_THUMB_KM[1]:.0f} km / {RULE_OF_THUMB_MI[1]:.0f} mi"
    if reached_one is None:
        when = f"Even one pair would not pass the top of the range ({top}) in this log."
    else:
        dates = ", ".join("never" if reached[pair] is None else f"{reached[pair]:%d %b %Y}" for pair in pairs)
        when = (f"One pair would pass the top of the range ({top}) on {reached_one:%d %b %Y}; with {len(pairs)} "
                f"pairs each passes it later ({dates}).")
    return (f"Taken in turn by {len(pairs)} pairs, the same {_both(spread['distance_km'].sum(), unit)} is shared: "
            f"{each}. {when} The total distance worn is the same; only the calendar changes.")


# ---------------------------------------------------------------- pairs typed by hand


def pairs_from_text(text: str, unit: str = "km") -> pd.DataFrame:
    """Pairs typed one per line as ``name, distance`` → a totals table like :func:`shoe_totals`.

    A distance may end in ``km`` or ``mi`` (``miles``); without one it is in ``unit``.
    Blank lines are skipped. Any other line that cannot be read raises ``ValueError``
    naming every such line and what to type, so nothing typed is dropped silently.
    Decimal commas are fine when the distance is the last part (``Trail, 312,5``).
    """
    if unit not in ("km", "mi"):
        raise ValueError(f"Unknown distance unit {unit!r}: use 'km' or 'mi'.")
    names, km, problems = [], [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, distance_km, problem = _pair_line(line, unit)
        if problem:
            problems.append(f"line {number} ({line.strip()!r}): {problem}")
        elif name.casefold() in (n.casefold() for n in names):
            problems.append(f"line {number}: the pair {name!r} is listed twice; give each pair its own name")
        else:
            names.append(name)
            km.append(distance_km)
    if problems:
        raise ValueError("; ".join(problems) + ". Type one pair per line: a name, a comma and the distance, "
                         "e.g. 'Road shoes, 420'.")
    if not names:
        raise ValueError("No pairs typed yet: type one pair per line, e.g. 'Road shoes, 420'.")
    if len(names) > MAX_PAIRS:
        raise ValueError(f"{len(names)} pairs typed; the tracker shows up to {MAX_PAIRS}. Remove some lines.")
    return pd.DataFrame({
        "shoe": names, "runs": pd.array([pd.NA] * len(names), dtype="Int64"), "distance_km": km,
        "distance_mi": [km_to(k, "mi") for k in km], "first_run": pd.NaT, "last_run": pd.NaT,
        "share_percent": np.nan, "status": [wear_status(k) for k in km],
    })


UNIT_WORDS = (("miles", "mi"), ("mile", "mi"), ("mi", "mi"), ("km", "km"))


def _pair_line(line: str, unit: str) -> tuple[str, float, str | None]:
    """One typed line → (name, distance in km, problem or None)."""
    if "," not in line and ";" not in line and "\t" not in line:
        return "", 0.0, "no comma between the name and the distance"
    separator = "\t" if "\t" in line else ";" if ";" in line else ","
    name, _, distance_text = line.partition(separator)
    name, cleaned = name.strip(), distance_text.strip().lower()
    for word, short in UNIT_WORDS:
        if cleaned.endswith(word):
            cleaned, unit = cleaned.removesuffix(word).strip(), short
            break
    cleaned = cleaned.replace(",", ".", 1)  # 'Trail, 312,5': a decimal comma
    if not name:
        return "", 0.0, "the name is empty"
    try:
        distance = float(cleaned)
    except ValueError:
        return name, 0.0, f"the distance {distance_text.strip()!r} is not a number"
    if not math.isfinite(distance) or distance < 0:
        return name, 0.0, f"the distance must be 0 {unit} or more"
    limit = km_to(MAX_PAIR_KM, unit)
    if distance > limit:
        return name, 0.0, f"{distance:g} {unit} is more than {limit:,.0f} {unit}; is a digit too many?"
    return name, to_km(distance, unit), None


# ---------------------------------------------------------------- hills from a track


DOWNHILL_PERCENT = 5.0
GRADE_STEP_M = 20.0  # grades are taken over at least this much ground, to damp GPS and altitude noise
TCX_NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"


def sample_track_path() -> Path:
    """A synthetic 8 km GPX run with one hill (``tools/make_sample_hill_run.py``)."""
    return data_dir() / "sample" / "sample_hill_run.gpx"


def _track_points(path: Path) -> list[tuple[float, float, float | None]]:
    """(latitude, longitude, elevation or None) of every point of a GPX or TCX file (also gzipped)."""
    name = path.name.lower().removesuffix(".gz")
    text = _text(path)
    if name.endswith(".gpx"):
        import gpxpy

        gpx = gpxpy.parse(text)
        return [(p.latitude, p.longitude, p.elevation) for track in gpx.tracks for segment in track.segments
                for p in segment.points]
    if name.endswith(".tcx"):
        import xml.etree.ElementTree as ElementTree

        points = []
        for point in ElementTree.fromstring(text.encode()).iter(f"{TCX_NS}Trackpoint"):
            lat, lon = point.find(f"{TCX_NS}Position/{TCX_NS}LatitudeDegrees"), point.find(
                f"{TCX_NS}Position/{TCX_NS}LongitudeDegrees")
            ele = point.find(f"{TCX_NS}AltitudeMeters")
            if lat is not None and lon is not None:
                points.append((float(lat.text), float(lon.text), None if ele is None else float(ele.text)))
        return points
    raise ValueError(f"{path.name}: hills are read from GPX or TCX files (a FIT file: export the run as GPX).")


def _metres_between(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Great-circle distances between consecutive points (haversine, Earth radius 6,371 km)."""
    lat, lon = np.radians(lat), np.radians(lon)
    a = np.sin(np.diff(lat) / 2) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(np.diff(lon) / 2) ** 2
    return 2 * 6_371_000 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def track_grades(path: str | os.PathLike) -> pd.DataFrame:
    """The ground of a GPX or TCX track in pieces of at least 20 m: columns ``metres`` and ``grade_percent``.

    Points without an elevation are left out (the message of the ``ValueError`` says so
    when none has one). Downhill grades are negative.
    """
    path = Path(path)
    try:
        points = _track_points(path)
    except ValueError:
        raise
    except Exception as error:  # a learner's file must never show a traceback
        raise ValueError(f"Could not read {path.name} as a GPX or TCX track: {error}") from error
    high = [(lat, lon, ele) for lat, lon, ele in points if ele is not None and math.isfinite(ele)]
    if len(high) < 2:
        raise ValueError(f"{path.name} has {'no' if not high else 'only one'} point with an elevation, so its hills "
                         "cannot be measured. Export the run with elevation (most watches and apps include it).")
    lat, lon, ele = (np.array(column, dtype=float) for column in zip(*high))
    steps = _metres_between(lat, lon)
    pieces, metres, start = [], 0.0, 0
    for index, step in enumerate(steps, start=1):
        metres += step
        if metres >= 0.99 * GRADE_STEP_M:  # a step of 19.99 m counts as 20
            pieces.append((metres, 100 * (ele[index] - ele[start]) / metres))
            metres, start = 0.0, index
    return pd.DataFrame(pieces, columns=["metres", "grade_percent"])


def downhill_share(grades: pd.DataFrame, steeper_than_percent: float = DOWNHILL_PERCENT) -> dict[str, float]:
    """How much of a track runs downhill steeper than ``steeper_than_percent``: km and share of the distance."""
    total = float(grades["metres"].sum())
    down = float(grades.loc[grades["grade_percent"] < -abs(steeper_than_percent), "metres"].sum())
    return {"distance_km": total / 1000, "downhill_km": down / 1000,
            "share_percent": 100 * down / total if total else 0.0}


# ---------------------------------------------------------------- road camber


CAMBER_SLOPE_BOUNDS = (0.0, 15.0)  # percent
STEP_WIDTH_BOUNDS = (0.0, 40.0)  # cm, between the centres of the feet


def camber_height_cm(slope_percent: float, step_width_cm: float) -> float:
    """Height difference (cm) between the two feet across a road that falls ``slope_percent`` sideways.

    Geometry only: a foot ``step_width_cm`` further towards the kerb lands lower by
    step width × slope / 100. Neither input comes from a study of runners.
    """
    for name, value, bounds, unit in (("Road slope", slope_percent, CAMBER_SLOPE_BOUNDS, "%"),
                                      ("Step width", step_width_cm, STEP_WIDTH_BOUNDS, "cm")):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or not bounds[0] <= value <= bounds[1]:
            raise ValueError(f"{name} must be a number from {bounds[0]:g} to {bounds[1]:g} {unit}; got {value!r}.")
    return step_width_cm * slope_percent / 100


def slope_degrees(slope_percent: float) -> float:
    """A sideways slope in percent as an angle in degrees."""
    return math.degrees(math.atan(slope_percent / 100))
