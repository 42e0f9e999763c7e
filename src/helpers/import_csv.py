"""Training-log import, the CSV layer: cells, headers and numbers of Strava and Garmin exports.

Every data row either becomes a raw activity or is named in the report with its file
line (header = line 1), date and activity id; a row with more or fewer cells than the
header is never cut or padded. The separator (comma, semicolon or tab) and the text
encoding are detected and said in the report when they are not the usual UTF-8 and comma.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.import_files import Collected, LogImportError, decode_text
from helpers.import_headers import (  # noqa: F401  (the header names are part of this module's interface)
    DELIMITERS, GARMIN_HEADERS, STRAVA_HEADERS, TEXT_COLUMNS, detect_delimiter, detect_kind, is_activity_list,
)
from helpers.units import KM_PER_MILE

MISSING_MARKERS = ("", "--", "-", "—")
STRAVA_DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y, %H:%M:%S")
GARMIN_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")

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
#: Other sports the exports name; kept as they are without a report line.
OTHER_TYPES = frozenset({
    "weight training", "strength training", "workout", "yoga", "pilates", "rowing", "indoor rowing", "elliptical",
    "stair stepper", "stairstepper", "crossfit", "hiit", "cardio", "alpine ski", "alpineski", "nordic ski",
    "nordicski", "backcountry ski", "backcountryski", "cross country skiing", "snowboard", "ice skate", "iceskate",
    "inline skate", "inlineskate", "rollerski", "kayaking", "canoeing", "stand up paddling", "standuppaddling",
    "surfing", "kitesurf", "windsurf", "rock climbing", "rockclimbing", "golf", "soccer", "tennis", "badminton",
    "squash", "pickleball", "handcycle", "wheelchair", "velomobile", "skateboard", "snowshoe", "sail", "sailing",
    "krafttraining", "training", "other", "multisport", "breathwork", "meditation", "indoor climbing",
})


@dataclass
class CsvTable:
    """The cells of a CSV export: header, complete rows and each row's first file line."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    kind: str  # "strava" or "garmin"
    german: bool
    header_line: int = 1


def read_csv_table(raw: bytes, source: str, collected: Collected) -> CsvTable:
    """Decode, find the separator and the export's kind, and split the rows; bad rows go to the report."""
    text, encoding = decode_text(raw)
    lines = io.StringIO(text, newline="").readlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise LogImportError(f"{source} is empty or has no header row: is it an activities CSV?")
    delimiter = detect_delimiter(lines[first])
    header = next(csv.reader([lines[first]], delimiter=delimiter))
    how = f"read as {encoding} text with cells separated by {DELIMITERS[delimiter]}"
    kind, german = detect_kind(header, source, how)
    if encoding != "UTF-8" and not encoding.startswith("UTF-8 with") or delimiter != ",":
        collected.problem(first + 1, source, how, "noted")
    collected.notes.update(encoding=encoding, delimiter=DELIMITERS[delimiter])
    rows, numbers = split_rows(lines, first + 1, header, delimiter, source, collected, kind)
    check_lone_returns(lines, rows, numbers, Where(header, kind, delimiter), source, collected)
    return CsvTable(header, rows, numbers, kind, german, first + 1)


def check_lone_returns(lines: list[str], rows: list[list[str]], numbers: list[int], where: Where, source: str,
                       collected: Collected) -> None:
    """Report a row that starts after a lone carriage return in a file whose lines end with line feeds.

    Such a line break was most likely put into a cell (the row before may have run into this
    one's first cells): the row is kept, and named for you to check.
    """
    lone = [number for number, line in enumerate(lines, start=1) if line.endswith("\r")]
    if not lone or len(lone) * 2 > len(lines):  # none, or the file's own line ending (old Mac files)
        return
    starts = {line: index for index, line in enumerate(numbers)}
    for number in lone:
        if number + 1 in starts:
            collected.problem(number + 1, source, f"line {number} ends with a lone carriage return (\\r) where the "
                              "file's other lines end with a line feed: a line break may have been put into a cell, "
                              "so this row's first cells may be cut: check this activity", "kept",
                              *where.of(rows[starts[number + 1]]))


# ---------------------------------------------------------------- rows


def split_rows(lines: list[str], header_line: int, header: list[str], delimiter: str, source: str,
               collected: Collected, kind: str) -> tuple[list[list[str]], list[int]]:
    """Rows with exactly as many cells as the header, and their first file lines.

    A row with another count is reported (never cut or padded). When a quote mark runs
    several lines together, each of those lines that is a complete row on its own is
    kept and the others are reported.
    """
    width = len(header)
    simple = split_simple_rows(lines, header_line, width, delimiter)
    if simple is not None:
        return simple
    where = Where(header, kind, delimiter)
    reader = csv.reader(iter(lines[header_line:]), delimiter=delimiter, strict=True)
    rows, numbers, seen = [], [], 0
    reported_before = sum(p["source"] == source and p["action"] == "skipped" for p in collected.problems)
    lone_cell = 0  # the line of the last row that had one cell only
    while True:
        start = header_line + seen + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            seen = reader.line_num
            run_together(lines, start, header_line + seen, width, where, source, collected, rows, numbers,
                         f"a quote mark is not closed or is out of place: {error}")
            continue
        seen = reader.line_num
        end = header_line + seen
        if not "".join(cells).strip():
            continue
        odd = lines[start - 1].count('"') % 2 if end == start else odd_quotes(lines, start, end)
        if len(cells) == width and odd:
            collected.problem(start, source, "has a quote mark too many or too few, so its cells may have "
                              "shifted", "skipped", *where.of(cells))
        elif len(cells) == width and end > start and where.break_outside_text(cells):
            run_together(lines, start, end, width, where, source, collected, rows, numbers,
                         "a line break sits inside a cell that never holds one")
        elif len(cells) == width and lone_cell == start - 1:
            collected.problem(start, source, f"lines {lone_cell}–{start} look like one row split by a line break "
                              "inside its first cell", "skipped", *where.of(cells))
        elif len(cells) == width:
            rows.append(cells)
            numbers.append(start)
        elif end > start:
            run_together(lines, start, end, width, where, source, collected, rows, numbers,
                         f"they read as one row of {len(cells)} cells, the header has {width}")
        else:
            collected.problem(start, source, wrong_count(cells, width, where), "skipped", *where.of(cells))
        lone_cell = start if len(cells) == 1 and end == start else 0
    bad = sum(p["source"] == source and p["action"] == "skipped" for p in collected.problems) - reported_before
    if bad >= 2 and len(rows) < bad:
        raise LogImportError(f"{source}: only {len(rows)} of {len(rows) + bad} rows have the {width} cells of its "
                             "header line, so the header itself is probably damaged (joined with the first row, or "
                             "a separator added or lost). Export the file again.")
    order = np.argsort(numbers, kind="stable")
    return [rows[i] for i in order], [numbers[i] for i in order]


def split_simple_rows(lines: list[str], header_line: int, width: int,
                      delimiter: str) -> tuple[list[list[str]], list[int]] | None:
    """The usual file at C speed: one row per line, every row ``width`` cells, quotes paired; else None."""
    body = lines[header_line:]
    try:
        parsed = list(csv.reader(body, delimiter=delimiter, strict=True))
    except csv.Error:
        return None
    if width < 2 or len(parsed) != len(body) or any(line.count('"') % 2 for line in body):
        return None
    rows, numbers = [], []
    for number, cells in enumerate(parsed, start=header_line + 1):
        if not "".join(cells).strip():
            continue  # a blank line
        if len(cells) != width:
            return None
        rows.append(cells)
        numbers.append(number)
    return rows, numbers


def odd_quotes(lines: list[str], start: int, end: int) -> bool:
    """True if lines ``start``–``end`` hold an odd number of quote marks (a whole row never does)."""
    if start == end:
        return lines[start - 1].count('"') % 2 == 1
    return sum(lines[i].count('"') for i in range(start - 1, end)) % 2 == 1


def wrong_count(cells: list[str], width: int, where: Where) -> str:
    count = len(cells)
    if count > width:
        joined = ""
        if count >= 2 * width - 1 and where.id is not None:
            ids = [cells[where.id + k * (width - 1)].strip() for k in range(count // (width - 1))
                   if where.id + k * (width - 1) < count]
            joined = f", or rows were joined into one line (activities {', '.join(ids)})"
        return (f"has {count} cells but the header has {width}: a value with an unquoted comma shifted the "
                f"columns{joined}")
    return f"has {count} of {width} cells: the row is cut short or cells are missing"


def run_together(lines: list[str], start: int, end: int, width: int, where: Where, source: str,
                 collected: Collected, rows: list, numbers: list, why: str) -> None:
    """Lines ``start``–``end`` could not be read as rows: keep each line that is a whole row alone.

    The rest is one report line at ``start`` that names the whole span (and the lines kept).
    """
    kept = []
    for line in range(start + 1, end + 1):
        try:
            alone = next(csv.reader([lines[line - 1]], delimiter=where.delimiter, strict=True), [])
        except csv.Error:
            alone = []
        if len(alone) == width and not odd_quotes(lines, line, line):
            rows.append(alone)
            numbers.append(line)
            kept.append(str(line))
    if end == start:
        reason = f"cannot be read as CSV ({why}); it may be cut short"
    else:
        also = (f"; line{'s' if len(kept) > 1 else ''} {', '.join(kept)} read on {'their' if len(kept) > 1 else 'its'} own"
                if kept else "")
        reason = f"lines {start}–{end} ran together ({why}), so they could not be read as rows{also}"
    collected.problem(start, source, reason, "skipped", *where.of(where.lenient(lines[start - 1])))


class Where:
    """Finds a row's date and activity id among its cells, for the report."""

    def __init__(self, header: list[str], kind: str, delimiter: str):
        table = STRAVA_HEADERS if kind == "strava" else GARMIN_HEADERS
        lowered = [name.strip().lower() for name in header]
        self.delimiter = delimiter
        self.no_breaks = [i for i, name in enumerate(lowered) if name not in TEXT_COLUMNS]
        self.date = next((lowered.index(s) for s in table["date"] if s in lowered), None)
        ids = table.get("id", table.get("title", ()))  # Garmin has no id: its Title names the row
        self.id = next((lowered.index(s) for s in ids if s in lowered), None)

    def of(self, cells: list[str]) -> tuple[str, str]:
        date = cells[self.date] if self.date is not None and self.date < len(cells) else ""
        ident = cells[self.id] if self.id is not None and self.id < len(cells) else ""
        return date, ident

    def break_outside_text(self, cells: list[str]) -> bool:
        """True if a cell other than a name, description or note holds a line break."""
        return any("\n" in cells[i] or "\r" in cells[i] for i in self.no_breaks)

    def lenient(self, text: str) -> list[str]:
        try:
            return next(csv.reader([text], delimiter=self.delimiter), [])
        except csv.Error:
            return text.split(self.delimiter)


# ---------------------------------------------------------------- columns


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


def table_of(csv_table: CsvTable, headers: dict) -> pd.DataFrame:
    """Only the columns named in ``headers`` (all their repeats), as text, indexed by file line."""
    wanted = {spelling for spellings in headers.values() for spelling in spellings}
    names = unique_names(csv_table.header)
    keep = [(i, name) for i, name in enumerate(names) if name.rsplit(".", 1)[0] in wanted or name in wanted]
    return pd.DataFrame({name: [cells[i] for cells in csv_table.rows] for i, name in keep},
                        index=csv_table.lines, dtype=object)


def column(table: pd.DataFrame, spellings: tuple[str, ...], repeat: int = 0) -> pd.Series | None:
    """The column with one of ``spellings`` (its ``repeat``-th occurrence), or None."""
    for spelling in spellings:
        name = spelling if repeat == 0 else f"{spelling}.{repeat}"
        if name in table.columns:
            return table[name]
    return None


# ---------------------------------------------------------------- numbers, dates, times

_SIGN = r"[+-]?"
COMMA_DECIMAL = re.compile(_SIGN + r"(?:\d{1,3}(?:\.\d{3})+,\d+|\d+,(?:\d{1,2}|\d{4,})|\d{4,},\d+|\d+\.\d{3}\.\d{3}(?:,\d+)?)")
DOT_DECIMAL = re.compile(_SIGN + r"(?:\d{1,3}(?:,\d{3})+\.\d+|\d*\.(?:\d{1,2}|\d{4,})|\d{4,}\.\d+|\d+,\d{3},\d{3}(?:\.\d+)?)")
NUMBER = re.compile(_SIGN + r"\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?")
AMBIGUOUS = re.compile(_SIGN + r"\d{1,3}[.,]\d{3}")
PLAIN_NUMBER = r"(?:[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)?"  # or blank
PLAIN_TEXT = r"(?:[^\s\x1f](?:[^\r\n\t\x00\x1f]*[^\s\x1f])?)?"  # no space at either end, no line break


def _plain_column(text: pd.Series, cell: str) -> bool:
    """True if every cell is a ``str`` matching the regex ``cell`` (tested in one pass over the joined column)."""
    values = text.to_numpy(object)
    if pd.api.types.infer_dtype(values, skipna=False) not in ("string", "empty"):
        return False
    return re.fullmatch(f"{cell}(?:\x1f{cell})*", "\x1f".join(values)) is not None


def parse_numbers(text: pd.Series, decimal: str) -> pd.Series:
    """Numbers from display text; ``--`` and blanks → NaN; comma or dot decided per column.

    A cell such as ``10020,3`` can only have a decimal comma and ``1,012.3`` only a
    thousands comma; such cells speak for themselves. A cell such as ``1,500`` could be
    either: it follows the column's other cells, and ``decimal`` (the file's locale) when
    they do not say.
    """
    if decimal == "." and _plain_column(text, PLAIN_NUMBER):  # the usual case, at C speed
        return pd.to_numeric(text, errors="coerce").astype(float)  # blanks give NaN
    text = text.astype(str)
    broken = text.str.contains(r"[\r\n\x00]")
    text = text.str.strip()
    text = text.where(text.str.fullmatch(NUMBER) & ~broken, "")  # "10020," or "12." are damaged, not numbers
    has_comma = text.str.contains(",", regex=False)
    if decimal == "." and not has_comma.any():  # the usual case, at C speed
        return pd.to_numeric(text, errors="coerce").astype(float)  # blanks give NaN
    comma_decimal = text.str.fullmatch(COMMA_DECIMAL)
    dot_decimal = text.str.fullmatch(DOT_DECIMAL)
    ambiguous = text.str.fullmatch(AMBIGUOUS)
    votes_comma, votes_dot = int(comma_decimal.sum()), int(dot_decimal.sum())
    column_decimal = "," if votes_comma > votes_dot else "." if votes_dot > votes_comma else decimal
    use_comma = comma_decimal | (ambiguous & (column_decimal == ","))
    use_comma |= ~(comma_decimal | dot_decimal | ambiguous) & (decimal == ",")
    as_dot = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    as_comma = pd.to_numeric(text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
                             errors="coerce")
    values = as_dot.where(~use_comma, as_comma).astype(float)
    return values.where(~text.isin(MISSING_MARKERS))


def unreadable(values: pd.Series, text: pd.Series) -> pd.Series:
    """Cells that hold something but gave no number."""
    if not values.isna().any():
        return pd.Series(False, index=values.index)
    return values.isna() & ~text.astype(str).str.strip().isin(MISSING_MARKERS)


def parse_dates(text: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Naive datetimes (microsecond resolution, any year) from text in any of ``formats``."""
    if not _plain_column(text, PLAIN_TEXT):
        text = text.astype(str).str.strip()
        text = text.where(~text.str.contains(r"[\r\n\t\x00]"), "")  # a line break inside a date is damage
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[us]")
    for fmt in formats:
        missing = result.isna()
        if not missing.any():
            break
        parsed = pd.to_datetime(text[missing], format=fmt, errors="coerce")
        result[missing] = parsed.astype("datetime64[us]")
    return result


def parse_clock(text: pd.Series) -> pd.Series:
    """Seconds from ``h:mm:ss``, ``mm:ss`` or ``h:mm:ss.s`` text; ``--`` → NaN."""
    text = text.astype(str).str.strip()
    clock = text.str.fullmatch(r"\d+(?::\d{1,2}){1,2}(?:\.\d+)?")
    text = text.where(text.str.count(":") != 1, "00:" + text)
    text = text.where(clock, None)
    return pd.to_timedelta(text, errors="coerce").dt.total_seconds()


def normalise_types(text: pd.Series) -> pd.Series:
    """Course names for activity types; unknown types keep their original text."""
    text = text.astype(str).str.strip()
    return text.str.lower().map(TYPE_NAMES).fillna(text).astype(object)


def is_known_type(text: pd.Series) -> pd.Series:
    lowered = text.astype(str).str.strip().str.lower()
    return lowered.isin(TYPE_NAMES.keys()) | lowered.isin(OTHER_TYPES) | text.isin(TYPE_NAMES.values())


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


def shown_unit(shown: pd.Series, km: pd.Series, types: pd.Series) -> float | None:
    """The display unit of Strava's first Distance column in km (1 or 1.609): the one most rows agree with."""
    both = (shown > 0) & (km > 0) & ~types.eq("Swim")
    if not both.any():
        return None
    ratio = km[both] / shown[both]
    matches = {unit: int(((ratio / unit - 1).abs() < 0.02).sum()) for unit in (1.0, KM_PER_MILE)}
    unit = max(matches, key=matches.get)
    return unit if matches[unit] else None
