"""Training-log import, the CSV rows: Strava and Garmin rows into raw activities.

Each row's cells become a start time, type, distance and times; a time cell that
cannot be read, two distance columns that disagree and a date outside the plausible
range are named in the report (file line, date, activity id), never dropped silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd

from helpers.import_csv import (
    GARMIN_DATE_FORMATS, GARMIN_HEADERS, MISSING_MARKERS, STRAVA_DATE_FORMATS, STRAVA_HEADERS, CsvTable, column,
    detect_garmin_unit, normalise_types, parse_clock, parse_dates, parse_numbers, shown_unit, table_of, unreadable,
)
from helpers.import_files import Collected
from helpers.units import KM_PER_MILE

EARLIEST_DATE = dt.date(1980, 1, 1)
MAX_DURATION_S = 48 * 3600.0
MAX_RIDE_DURATION_S = 100 * 3600.0  # Paris–Brest–Paris
TIME_NAMES = {"moving_s": "moving time", "elapsed_s": "elapsed time"}
_GARMIN_NUMBER = (r"|--|[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?", "a number")
_GARMIN_CLOCK = (r"|--|\d+(?::\d{1,2}){1,2}(?:\.\d+)?", "a time")
#: Garmin columns the import does not read but whose shape shows shifted cells.
GARMIN_SHAPES = {"calories": _GARMIN_NUMBER, "time": _GARMIN_CLOCK, "avg hr": _GARMIN_NUMBER,
                 "max hr": _GARMIN_NUMBER, "avg run cadence": _GARMIN_NUMBER, "max run cadence": _GARMIN_NUMBER,
                 "avg pace": _GARMIN_CLOCK, "best pace": _GARMIN_CLOCK, "total ascent": _GARMIN_NUMBER,
                 "total descent": _GARMIN_NUMBER, "avg stride length": _GARMIN_NUMBER,
                 "moving time": _GARMIN_CLOCK, "elapsed time": _GARMIN_CLOCK, "min elevation": _GARMIN_NUMBER,
                 "max elevation": _GARMIN_NUMBER}
TRACK_FILE_NAME = r"\.(?:fit|gpx|tcx)(?:\.gz)?$"


def report_rows(frame: pd.DataFrame, mask: pd.Series, source: str, collected: Collected,
                reason: Callable[[object], str], action: str) -> None:
    """One report line per row of ``frame`` where ``mask`` holds."""
    if not mask.any():
        return
    for line in frame.index[mask.to_numpy(bool)]:
        collected.problem(line, source, reason(line), action, frame.at[line, "date_text"],
                          frame.at[line, "activity_id"])


def plausible_seconds(values: pd.Series, types: pd.Series) -> pd.Series:
    """True where a duration is above 0 and up to 48 hours (100 hours on a bike)."""
    limit = np.where(types.eq("Ride"), MAX_RIDE_DURATION_S, MAX_DURATION_S)
    return (values > 0) & (values <= limit)


def read_time(frame: pd.DataFrame, name: str, text: pd.Series | None, other: pd.Series | None, parse,
              source: str, collected: Collected, compare: bool = True) -> None:
    """A time column into ``frame[name]``: an unreadable cell is reported, never silently missing.

    ``other`` fills an unreadable cell (reported as corrected). With ``compare`` the two
    columns hold the same time (Strava's two Elapsed Time columns): ``other`` fills a blank
    cell too, the two must agree within 1.5 s or the row is reported, and when only one of
    the two is a plausible duration, that one is used (reported as corrected).
    """
    if text is None:
        frame[name] = np.nan
        return
    values = parse(text)
    bad = unreadable(values, text)
    label = TIME_NAMES[name]
    if other is not None:
        other_values = parse(other)
        rescue = (values.isna() if compare else bad) & other_values.notna()
        report_rows(frame, rescue, source, collected, lambda line: (
            f"{'unreadable ' + label + ' ' + repr(text[line]) if bad[line] else 'no ' + label + ' in one column'}; "
            f"the other column's {other[line].strip()!r} was used"), "corrected")
        values = values.where(~rescue, other_values)
        bad &= ~rescue
        differ = compare & values.notna() & other_values.notna() & ((values - other_values).abs() > 1.5)
        if differ.any():
            types = frame["activity_type"]
            swap = differ & ~plausible_seconds(values, types) & plausible_seconds(other_values, types)
            report_rows(frame, swap, source, collected, lambda line: (
                f"the two {label} columns disagree ({text[line].strip()} and {other[line].strip()}) and only "
                f"{other[line].strip()} is a plausible duration: it was used"), "corrected")
            values = values.where(~swap, other_values)
            report_rows(frame, differ & ~swap, source, collected, lambda line: (
                f"the two {label} columns disagree ({text[line].strip()} and {other[line].strip()}); "
                f"{text[line].strip()} was used: check this activity"), "kept")
    report_rows(frame, bad, source, collected, lambda line: f"unreadable {label} {text[line]!r}; set to missing",
                "corrected")
    frame[name] = values


def _first_columns(cells: pd.DataFrame, headers: dict, date_formats, id_column: str) -> pd.DataFrame:
    """The columns every export has: start (naive), the date as written, an id to find the row by, the type."""
    frame = pd.DataFrame(index=cells.index)
    dates = column(cells, headers["date"])
    frame["start_naive"] = parse_dates(dates, date_formats)
    frame["date_text"] = dates
    ids = column(cells, headers[id_column])
    frame["activity_id"] = ids if ids is not None else ""
    frame["activity_type"] = normalise_types(column(cells, headers["type"]))
    return frame


def read_strava_rows(table: CsvTable, source: str, collected: Collected, distance_unit: str | None) -> set[str]:
    """Strava rows → raw activities (UTC starts); returns the file names the rows mention."""
    cells = table_of(table, STRAVA_HEADERS)
    decimal = "," if table.german else "."
    frame = _first_columns(cells, STRAVA_HEADERS, STRAVA_DATE_FORMATS, "id")
    type_column = next(spelling for spelling in STRAVA_HEADERS["type"] if spelling in cells.columns)
    if type_column == "type":  # the last resort: say so
        collected.problem(table.header_line, source, "activity types read from the column 'Type' (the file has no "
                          "'Activity Type' column)", "noted")
    shown = column(cells, STRAVA_HEADERS["distance"])
    metres = column(cells, STRAVA_HEADERS["distance"], repeat=1)
    shown_values = parse_numbers(shown, decimal)
    if metres is not None:
        metres_values = parse_numbers(metres, decimal)
        if is_display_column(metres_values, shown_values, frame["activity_type"]):
            metres, metres_values, shown, shown_values = shown, shown_values, metres, metres_values
        frame["distance_text"] = metres
        frame["distance_km"] = metres_values / 1000
        check_two_distances(frame, shown, shown_values, source, collected)
        fill_from_shown(frame, metres, shown, shown_values, distance_unit, source, collected)
    else:
        per_unit = KM_PER_MILE if distance_unit == "mi" else 1.0
        frame["distance_text"] = shown
        frame["distance_km"] = shown_values * np.where(frame["activity_type"].eq("Swim"), 0.001, per_unit)
    elapsed, elapsed_shown = column(cells, STRAVA_HEADERS["elapsed"], repeat=1), column(cells, STRAVA_HEADERS["elapsed"])
    if elapsed is None:
        elapsed, elapsed_shown = elapsed_shown, None
    def seconds(text: pd.Series) -> pd.Series:
        return parse_numbers(text, decimal)
    read_time(frame, "elapsed_s", elapsed, elapsed_shown, seconds, source, collected)
    read_time(frame, "moving_s", column(cells, STRAVA_HEADERS["moving"]), None, seconds, source, collected)
    speed = column(cells, STRAVA_HEADERS["speed"])
    if speed is not None and metres is not None:
        check_speed(frame, speed, parse_numbers(speed, decimal), source, collected)
    files = column(cells, STRAVA_HEADERS["filename"])
    if files is not None:
        check_file_names(frame, files, source, collected)
    collected.frames.append(labelled(frame, source, local_clock=False, collected=collected))
    return set() if files is None else {name.strip() for name in files if name.strip()}


def check_file_names(frame: pd.DataFrame, files: pd.Series, source: str, collected: Collected) -> None:
    """Report rows whose Filename is not a track file's name (``activities/123.fit.gz``): its cells have shifted.

    A lost separator, or two rows run together, can leave a row with the header's number of
    cells whose last cells hold the next row's first ones; the Filename shows it.
    """
    names = files.astype(str).str.strip()
    odd = names.ne("") & ~names.str.contains(TRACK_FILE_NAME, case=False, regex=True)
    report_rows(frame, odd, source, collected, lambda line: (
        f"the Filename cell {names[line]!r} is not the name of a track file, so this row's cells may have shifted "
        "(a lost comma, or two rows run together): check this activity"), "kept")


def check_two_distances(frame: pd.DataFrame, shown: pd.Series, shown_values: pd.Series, source: str,
                        collected: Collected) -> None:
    """Report rows whose distance shown (km or miles; swims in m or yd) disagrees with the metres."""
    km = frame["distance_km"]
    unit = shown_unit(shown_values, km, frame["activity_type"])
    if unit is None:
        return
    swim = frame["activity_type"].eq("Swim")
    slack = 0.002 * km.abs()
    close = (shown_values * unit - km).abs() <= 0.0051 * unit + slack
    for scale in (0.001, 0.0009144):  # a swim shown in metres or yards
        close |= swim & ((shown_values * scale - km).abs() <= 0.002 + slack)
    differ = shown_values.notna() & np.isfinite(km) & ~close  # a missing or infinite km: fill_from_shown
    name = "km" if unit == 1.0 else "mi"
    report_rows(frame, differ, source, collected, lambda line: (
        f"the distance shown ({shown[line].strip()} {'m or yd' if swim[line] else name}) and the one in metres "
        f"({frame.at[line, 'distance_text'].strip()} m) disagree; the metres were used: check this activity"), "kept")


def fill_from_shown(frame: pd.DataFrame, metres: pd.Series, shown: pd.Series, shown_values: pd.Series,
                    distance_unit: str | None, source: str, collected: Collected) -> None:
    """A blank, ``--``, unreadable or infinite metres cell takes the distance shown (km or miles), reported as
    corrected; with both blank the row has no distance (see ``check_rows``)."""
    rescue = ~np.isfinite(frame["distance_km"]) & np.isfinite(shown_values)
    if not rescue.any():
        return
    unit = shown_unit(shown_values, frame["distance_km"], frame["activity_type"])
    if unit is None:
        unit = KM_PER_MILE if distance_unit == "mi" else 1.0
    swim = frame["activity_type"].eq("Swim")
    per_unit = np.where(swim, 0.001 if unit == 1.0 else 0.0009144, unit)  # swims are shown in m or yd
    name = "km" if unit == 1.0 else "mi"
    blank = metres.astype(str).str.strip().isin(MISSING_MARKERS)
    report_rows(frame, rescue, source, collected, lambda line: (
        f"{'no distance in metres' if blank[line] else f'unreadable distance in metres {metres[line]!r}'}; the "
        f"distance shown ({shown[line].strip()} {('m' if unit == 1.0 else 'yd') if swim[line] else name}) was used"),
        "corrected")
    frame["distance_km"] = frame["distance_km"].where(~rescue, shown_values * per_unit)
    frame["distance_text"] = frame["distance_text"].where(~rescue, shown)


def check_speed(frame: pd.DataFrame, text: pd.Series, speed: pd.Series, source: str, collected: Collected) -> None:
    """Report rows whose average speed (m/s) does not fit their metres and moving time (time against pace)."""
    expected = frame["distance_km"] * 1000 / frame["moving_s"].where(frame["moving_s"] > 0)
    differ = speed.notna() & expected.notna() & ((speed - expected).abs() > np.maximum(0.05, 0.02 * expected))
    report_rows(frame, differ, source, collected, lambda line: (
        f"the average speed {text[line].strip()} m/s does not fit the distance and moving time "
        f"({expected[line]:.2f} m/s): check this activity"), "kept")


def is_display_column(a: pd.Series, b: pd.Series, types: pd.Series) -> bool:
    """True if distances ``a`` are in km or miles and ``b`` in metres (their ratio is about 1/1000)."""
    both = (a > 0) & (b > 0) & ~types.eq("Swim")
    return bool(both.any()) and float((a[both] / b[both]).median()) < 0.1


def read_garmin_rows(table: CsvTable, source: str, collected: Collected, distance_unit: str | None) -> None:
    """Garmin rows → raw activities (local clock times, display units)."""
    cells = table_of(table, GARMIN_HEADERS)
    frame = _first_columns(cells, GARMIN_HEADERS, GARMIN_DATE_FORMATS, "title")
    distance = column(cells, GARMIN_HEADERS["distance"])
    shown = parse_numbers(distance, ".")
    read_time(frame, "elapsed_s", column(cells, GARMIN_HEADERS["elapsed"]), column(cells, GARMIN_HEADERS["time"]),
              parse_clock, source, collected, compare=False)  # Garmin's Time is the timer's, not elapsed
    read_time(frame, "moving_s", column(cells, GARMIN_HEADERS["moving"]), None, parse_clock, source, collected)
    unit = distance_unit or detect_garmin_unit(frame["activity_type"], shown, frame["moving_s"].fillna(frame["elapsed_s"]))
    collected.notes["garmin_distance_unit"] = unit
    if distance_unit is None and len(frame):
        collected.problem(table.header_line, source, f"distances read in {'miles' if unit == 'mi' else 'km'} "
                          "(judged from the running speeds); pass distance_unit if that is wrong", "noted")
    swim = frame["activity_type"].eq("Swim")
    per_unit = KM_PER_MILE if unit == "mi" else 1.0
    swim_scale = 0.0009144 if unit == "mi" else 0.001  # Garmin shows swims in yards or metres
    frame["distance_text"] = distance
    frame["distance_km"] = shown * np.where(swim, swim_scale, per_unit)
    check_garmin_shapes(table, frame, source, collected)
    collected.frames.append(labelled(frame, source, local_clock=True, collected=collected))


def check_garmin_shapes(table: CsvTable, frame: pd.DataFrame, source: str, collected: Collected) -> None:
    """Report rows where a Garmin column holds the wrong kind of value (a time among heart rates): shifted cells.

    A lost comma and an extra one elsewhere keep the header's number of cells but move the
    cells between them into the wrong columns; the moving and elapsed times then change.
    """
    lowered = [name.strip().lower() for name in table.header]
    odd = pd.Series("", index=frame.index, dtype=object)
    for name, (pattern, kind) in GARMIN_SHAPES.items():
        if name not in lowered:
            continue
        index = lowered.index(name)
        values = pd.Series([row[index].strip() for row in table.rows], index=table.lines, dtype=object)
        wrong = odd.eq("") & ~values.str.fullmatch(pattern)
        odd[wrong] = [f"the {table.header[index].strip()} cell {value!r} is not {kind}" for value in values[wrong]]
    report_rows(frame, odd.ne(""), source, collected, lambda line: (
        f"{odd[line]}, so this row's cells may have shifted (a lost or an extra comma): check this activity"), "kept")


def labelled(frame: pd.DataFrame, source: str, local_clock: bool, collected: Collected) -> pd.DataFrame:
    """Dates checked against the plausible range; where each row came from (``source line N``)."""
    frame = frame.assign(activity_id=frame["activity_id"].astype(str).str.strip())
    start = frame["start_naive"]
    latest = pd.Timestamp(dt.date.today() + dt.timedelta(days=2))
    outside = start.notna() & ((start < pd.Timestamp(EARLIEST_DATE)) | (start >= latest))
    report_rows(frame, outside, source, collected, lambda line: (
        f"date {start[line]:%Y-%m-%d} is outside {EARLIEST_DATE.year} to tomorrow: a wrong clock or a typo?"),
        "skipped")
    frame = frame[~outside]
    naive = frame["start_naive"].astype("datetime64[ns]")
    frame = frame.assign(start_naive=naive, start_utc=naive.dt.tz_localize("UTC"))
    return frame.assign(local_clock=local_clock, source=source + " line " + frame.index.astype(str),
                        row=frame.index, file=source)
