"""Lesson 05: shoe wear and rotation from a training log, and road-camber geometry.

Pure functions (no widgets, no plotting). Distances are in km inside; convert for display
with :mod:`helpers.units`.

- :func:`read_gear` reads which shoe each run was in from a Strava ``activities.csv``
  (its ``Activity Gear`` column, ``Aktivitätsausrüstung`` in a German export), from an
  export folder or from the export's ``.zip``, with the CSV reader of ``read_log``;
  :func:`runs_with_shoes` joins it to the activities that ``helpers.training.read_log``
  returns (through their ``source`` labels, ``"<file> line N"``).
- :func:`shoe_totals` sums each pair's runs and distance and puts it against the
  retail rule of thumb :data:`RULE_OF_THUMB_KM` (300–500 miles, 480–800 km), which no
  study has set as an injury threshold (fact sheet §6: *unverified*).
- :func:`pairs_from_text` reads pairs typed by hand (``name, distance`` per line) and says
  how it read each distance; an ambiguous ``1,200`` is refused, not guessed.
- :func:`spread_over_pairs` shows what rotating would change in the same runs.
- :func:`camber_height_cm` is the height difference between the feet across a cambered road.

The hills of a run (GPX, TCX or FIT tracks) are in :mod:`helpers.hills`; ``track_grades``,
``downhill_share`` and ``sample_track_path`` are still importable from here.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import training
from helpers.hills import DOWNHILL_PERCENT, downhill_share, sample_track_path, track_grades  # noqa: F401
from helpers.import_csv import read_csv_table
from helpers.import_files import Collected, extract_zip, read_bytes
from helpers.inputs import reading
from helpers.units import km_to, to_km

#: The retail rule of thumb for replacing running shoes: 300–500 miles (480–800 km).
#: No study set it as an injury threshold (unverified; fact sheet §6).
RULE_OF_THUMB_KM = (480.0, 800.0)
RULE_OF_THUMB_MI = (300.0, 500.0)
NO_SHOE = "no shoe named"
#: The gear column in the languages the log reader knows (``helpers.import_csv``): English, German.
GEAR_COLUMNS = ("activity gear", "aktivitätsausrüstung", "gear")
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


def _is_track(path: Path) -> bool:
    return path.name.lower().removesuffix(".gz").endswith((".gpx", ".tcx", ".fit"))


def _csv_gear(path: Path, source: str) -> pd.Series:
    """The gear cell of each row of one activities CSV, labelled ``"<source> line N"`` as ``read_log`` labels it."""
    table = read_csv_table(read_bytes(path, source), source, Collected())  # the importer's own rows and lines
    header = [name.strip().lower() for name in table.header]
    column = next((header.index(name) for name in GEAR_COLUMNS if name in header), None)
    if column is None:
        raise NoGearColumn(f"{source} has no gear column (Strava's 'Activity Gear'), so no run names its shoe. "
                           "Garmin's activity list does not include it either: type your pairs in by hand.")
    gear = [cells[column].strip() if column < len(cells) else "" for cells in table.rows]
    return pd.Series(gear, index=[f"{source} line {line}" for line in table.lines], dtype=object, name="shoe")


def _folder_gear(folder: Path, shown: str) -> pd.Series:
    """Every ``activities.csv`` in an export folder, at any depth (as ``read_log`` reads them)."""
    found = sorted((p for p in folder.rglob("*") if p.is_file() and p.name.lower() == "activities.csv"),
                   key=lambda p: (len(p.parts), p.as_posix()))
    if not found:
        raise NoGearColumn(f"{shown} has no activities.csv, so no run names its shoe: type your pairs in by hand.")
    parts, missing = [], None
    for csv_path in found:
        try:
            parts.append(_csv_gear(csv_path, csv_path.relative_to(folder).as_posix()))
        except NoGearColumn as error:
            missing = missing or error
    if not parts:
        raise missing
    return pd.concat(parts) if len(parts) > 1 else parts[0]


def read_gear(path: str | os.PathLike) -> pd.Series:
    """The shoe (gear) each row of a Strava ``activities.csv`` names, indexed like ``read_log``'s sources.

    ``path`` is the CSV (also ``.gz``), an export folder or the export's ``.zip`` (``activities.csv``
    found at any depth). The index is ``"<source> line N"``, N being the file line where the row
    starts (the header is line 1), as in ``read_log``'s sources; a blank gear cell gives ``""``.
    A log without a gear column raises :class:`NoGearColumn` saying what to do instead; a file
    that is not an activities CSV at all raises the log reader's ``ValueError``.
    """
    path = Path(path)
    if path.is_dir():
        return _folder_gear(path, path.name)
    if path.name.lower().endswith(".zip"):
        with tempfile.TemporaryDirectory(prefix="back-on-track-") as folder:
            extract_zip(path, Path(folder), path.name)
            return _folder_gear(Path(folder), path.name)
    if _is_track(path):
        raise NoGearColumn(f"{path.name} is a track file; GPX, TCX and FIT files do not name the shoe. "
                           "Type your pairs in by hand, or read the export's activities.csv.")
    return _csv_gear(path, path.name)


def runs_with_shoes(activities: pd.DataFrame, gear: pd.Series | None = None) -> pd.DataFrame:
    """The runs of ``activities`` with the shoe each was run in.

    Columns ``local_date``, ``distance_km``, ``shoe``. The shoe comes from ``gear``
    (:func:`read_gear`, matched on the ``source`` column) or from a ``gear`` column of
    ``activities``; a run with no shoe named gets :data:`NO_SHOE` (it is kept, not dropped).
    """
    runs = training.running_activities(activities)
    mask = activities["activity_type"].isin(training.RUNNING_TYPES).to_numpy() & activities["distance_km"].notna().to_numpy()
    if "gear" in activities:
        cells = activities["gear"].to_numpy(object)[mask]
    elif gear is not None and "source" in activities:
        lookup = dict(zip(gear.index.to_numpy(object), gear.to_numpy(object)))  # Series.to_dict boxes each cell
        cells = [lookup.get(source) for source in activities["source"].to_numpy(object)[mask]]
    else:
        raise NoGearColumn("This log names no shoe for its runs: type your pairs in by hand.")
    names = np.array([str(cell).strip() if isinstance(cell, str) or (cell is not None and cell == cell) else ""
                      for cell in cells], dtype=object)
    names[names == ""] = NO_SHOE
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
    # numpy instead of groupby().agg (a third of the time on a 10-year log)
    codes, shoes = pd.factorize(runs["shoe"].to_numpy(object), sort=False)
    km = np.bincount(codes, weights=runs["distance_km"].to_numpy(float), minlength=len(shoes))
    count = np.bincount(codes, minlength=len(shoes))
    dates = runs["local_date"].to_numpy()
    order = np.argsort(pd.to_datetime(runs["local_date"]).to_numpy("datetime64[ns]"), kind="stable")  # by date
    first = np.full(len(shoes), -1)
    last = np.full(len(shoes), -1)
    first[codes[order[::-1]]] = order[::-1]  # the earliest run of each shoe is written last, so it stays
    last[codes[order]] = order
    low, high = RULE_OF_THUMB_KM
    named = shoes != NO_SHOE
    status = np.where(km < low, STATUSES[0], np.where(km <= high, STATUSES[1], STATUSES[2]))
    table = pd.DataFrame({"shoe": shoes, "runs": count, "distance_km": km, "distance_mi": km_to(km, "mi"),
                          "first_run": dates[first], "last_run": dates[last], "share_percent": 100 * count / len(runs),
                          "status": np.where(named, status, ""), "_last": ~named})
    table = table.sort_values(["_last", "first_run", "shoe"], kind="stable")
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
    if named.empty:
        count, km = int(totals["runs"].sum()), float(totals["distance_km"].sum())
        return (f"None of the {count} run{'' if count == 1 else 's'} ({_both(km, unit)}) names its shoe: the gear "
                "column is empty. Pick the shoe for your runs in your app and export again, or type your pairs in "
                "by hand.")
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
    Decimal commas are fine (``Trail, 312,5``), and so are thousands written unmistakably
    (``1 200``, ``1,200.5``, ``1.200,5``); ``1,200`` or ``1.200`` alone could be either and is
    refused with a message. ``table.attrs["readings"]`` says how each distance was read
    (``helpers.inputs.reading``), for the widget to echo.
    """
    if unit not in ("km", "mi"):
        raise ValueError(f"Unknown distance unit {unit!r}: use 'km' or 'mi'.")
    names, km, readings, problems = [], [], [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, distance_km, problem, read = _pair_line(line, unit)
        if problem:
            problems.append(f"line {number} ({line.strip()!r}): {problem}")
        elif name.casefold() in (n.casefold() for n in names):
            problems.append(f"line {number}: the pair {name!r} is listed twice; give each pair its own name")
        else:
            names.append(name)
            km.append(distance_km)
            readings.append(read)
    if problems:
        raise ValueError("; ".join(problems) + ". Type one pair per line: a name, a comma and the distance, "
                         "e.g. 'Road shoes, 420'.")
    if not names:
        raise ValueError("No pairs typed yet: type one pair per line, e.g. 'Road shoes, 420'.")
    if len(names) > MAX_PAIRS:
        raise ValueError(f"{len(names)} pairs typed; the tracker shows up to {MAX_PAIRS}. Remove some lines.")
    table = pd.DataFrame({
        "shoe": names, "runs": pd.array([pd.NA] * len(names), dtype="Int64"), "distance_km": km,
        "distance_mi": [km_to(k, "mi") for k in km], "first_run": pd.NaT, "last_run": pd.NaT,
        "share_percent": np.nan, "status": [wear_status(k) for k in km],
    })
    table.attrs["readings"] = readings
    return table


UNIT_WORDS = (("miles", "mi"), ("mile", "mi"), ("mi", "mi"), ("km", "km"))
SPACES = " \u00a0\u202f"  # a space, a no-break space, a narrow no-break space
_THOUSANDS = (  # (pattern, thousands separator, decimal mark): written so that only one reading fits
    (re.compile(f"[1-9]\\d{{0,2}}(?:[{SPACES}]\\d{{3}})+(?:[.,]\\d+)?"), SPACES, None),
    (re.compile(r"[1-9]\d{0,2}(?:,\d{3})+\.\d+|[1-9]\d{0,2}(?:,\d{3}){2,}"), ",", "."),
    (re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+,\d+|[1-9]\d{0,2}(?:\.\d{3}){2,}"), ".", ","),
)
_AMBIGUOUS = re.compile(r"([1-9]\d{0,2})[.,](\d{3})")


def _distance(text: str, unit: str) -> tuple[float | None, str | None]:
    """A typed distance (no unit word) → (value, None), or (None, what is wrong)."""
    for pattern, separators, decimal in _THOUSANDS:
        if pattern.fullmatch(text):
            digits = "".join(c for c in text if c not in separators)
            return float(digits.replace(",", ".") if decimal == "," or decimal is None else digits), None
    ambiguous = _AMBIGUOUS.fullmatch(text)
    if ambiguous and float(ambiguous[1] + ambiguous[2]) <= km_to(MAX_PAIR_KM, unit):
        whole, small = ambiguous[1] + ambiguous[2], f"{ambiguous[1]}.{ambiguous[2]}".rstrip("0").rstrip(".")
        return None, (f"{text!r} could mean {small} {unit} or {int(whole):,} {unit}; type it without a separator "
                      f"({whole}) or as a decimal ({small})")
    try:
        return float(text.replace(",", ".", 1)), None  # 'Trail, 312,5': a decimal comma
    except ValueError:
        return None, None


def _pair_line(line: str, unit: str) -> tuple[str, float, str | None, str]:
    """One typed line → (name, distance in km, problem or None, how the distance was read)."""
    if "," not in line and ";" not in line and "\t" not in line:
        return "", 0.0, "no comma between the name and the distance", ""
    separator = "\t" if "\t" in line else ";" if ";" in line else ","
    name, _, distance_text = line.partition(separator)
    name, typed = name.strip(), distance_text.strip()
    cleaned = typed.lower()
    for word, short in UNIT_WORDS:
        if cleaned.endswith(word):
            cleaned, unit = cleaned.removesuffix(word).strip(), short
            break
    if not name:
        return "", 0.0, "the name is empty", ""
    distance, problem = _distance(cleaned, unit)
    if problem:
        return name, 0.0, problem, ""
    if distance is None:
        return name, 0.0, f"the distance {typed!r} is not a number", ""
    if not math.isfinite(distance) or distance < 0:
        return name, 0.0, f"the distance must be 0 {unit} or more", ""
    limit = km_to(MAX_PAIR_KM, unit)
    if distance > limit:
        return name, 0.0, f"{_shown(distance)} {unit} is more than {limit:,.0f} {unit} (a digit too many?)", ""
    other = "mi" if unit == "km" else "km"
    read = reading(name, typed, f"{_shown(distance)} {unit}", f"{_shown(km_to(to_km(distance, unit), other))} {other}")
    return name, to_km(distance, unit), None, read


def _shown(value: float) -> str:
    """A distance written back with at most one decimal and thousands commas: 1,200.5; 312.5; 420."""
    return f"{value:,.1f}".removesuffix(".0")


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
