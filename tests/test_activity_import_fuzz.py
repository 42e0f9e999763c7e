"""Issue 9's fuzz test: damaged exports never lose a row silently and never raise a library error.

A seeded mutator (deterministic, a few seconds) damages the CSV fixtures the way files
are damaged in real life: cut short, a byte replaced or inserted (quotes, commas, line
breaks, NUL, U+FFFD), two lines joined, quotes removed, re-encoded (UTF-8 with BOM,
UTF-16, Windows-1252) and re-separated (semicolons, tabs). For every damaged file:

1. ``read_log`` raises ``LogImportError`` with a message, or returns activities where
   every input row is present (an activity from its first line) or named in the report
   (a report line names a line the row spans);
   no activity comes from a line that is not a row's first line unless the report names it.
2. Any row the report does not name has exactly the clean file's values.

A row counts as input only while some of it is left with at least one separator (a cut
that leaves a row's first cell alone glued to the row before leaves no row to find).
Garmin files are read with their distance unit given: the guess from running speeds is
said in the report ("noted") and tested in test_activity_import.py.
"""

from __future__ import annotations

import bisect
import csv
import io
import random
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.activity_import import LogImportError, read_log

FIXTURES = Path(__file__).parent / "fixtures" / "activities"
FILES = {"strava_en_activities.csv": None, "strava_de_activities.csv": None, "strava_old_iso_activities.csv": None,
         "garmin_km_activities.csv": "km", "garmin_mi_activities.csv": "mi"}
EXAMPLES = 60  # per file: 300 damaged files in all
DAMAGE = ['"', ",", "\n", "\r", "\x00", "#", "\ufffd", ";"]
VALUES = ["start_local", "activity_type", "distance_km", "moving_s", "elapsed_s"]
ZONE = "Europe/Berlin"


def split_rows(text: str, delimiter: str = ",") -> tuple[str, list[str]]:
    """The header line and each data row's raw text (a row may span lines)."""
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(iter(lines[1:]), delimiter=delimiter)
    rows, seen = [], 0
    for _ in reader:
        rows.append("".join(lines[1 + seen:1 + reader.line_num]))
        seen = reader.line_num
    return lines[0], rows


def with_delimiter(text: str, delimiter: str) -> str:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n" if "\r\n" in text else "\n").writerows(rows)
    return buffer.getvalue()


def damage_row(row: str, rng: random.Random) -> str:
    body, end = (row[:-2], row[-2:]) if row.endswith("\r\n") else (row[:-1], row[-1:]) if row.endswith("\n") else (row, "")
    kind = rng.choice(["replace", "insert", "remove quote", "remove separator", "join"])
    if kind == "join":
        return body
    if not body:
        return row
    at = rng.randrange(len(body))
    if kind == "replace":
        body = body[:at] + rng.choice(DAMAGE) + body[at + 1:]
    elif kind == "insert":
        body = body[:at] + rng.choice(DAMAGE) + body[at:]
    else:
        marks = [i for i, char in enumerate(body) if char in ('"' if kind == "remove quote" else ",;\t")]
        if marks:
            at = rng.choice(marks)
            body = body[:at] + body[at + 1:]
    return body + end


def damaged_file(clean_text: str, rng: random.Random) -> tuple[bytes, str, list[int]]:
    """Damaged bytes, their text, and where each clean row now starts (offsets into the text)."""
    delimiter = rng.choice([",", ";", "\t"]) if rng.random() < 0.3 else ","
    text = with_delimiter(clean_text, delimiter) if delimiter != "," else clean_text
    header, rows = split_rows(text, delimiter)
    if rng.random() < 0.1:
        header = damage_row(header, rng)
    for _ in range(rng.randint(1, 3)):
        index = rng.randrange(len(rows))
        rows[index] = damage_row(rows[index], rng)
    starts, offset = [], len(header)
    for row in rows:
        starts.append(offset)
        offset += len(row)
    text = header + "".join(rows)
    if rng.random() < 0.2:
        text = text[:rng.randrange(len(header), len(text) + 1)]
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"])
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    return data, text, starts, delimiter


def line_of(text: str, offset: int) -> int:
    """The file line (1-based) holding character ``offset``, splitting lines as the importer does.

    Line breaks at the offset itself are skipped: a row whose first character became a
    line break starts on the next line.
    """
    while offset < len(text) and text[offset] in "\r\n":
        offset += 1
    lines = io.StringIO(text, newline="").readlines()
    firsts = np.cumsum([0] + [len(line) for line in lines[:-1]]).tolist()
    return bisect.bisect_right(firsts, offset)


def named_lines(report: pd.DataFrame) -> set[int]:
    named = set(report["row"])
    for reason in report["reason"]:
        for first, last in re.findall(r"lines (\d+)–(\d+)", reason):
            named |= set(range(int(first), int(last) + 1))
    return named


def line_number(source: str) -> int:
    return int(source.rsplit(" ", 1)[1])


@pytest.mark.parametrize("name", FILES)
def test_damaged_files_lose_nothing_silently(tmp_path: Path, name: str) -> None:
    clean_text = (FIXTURES / name).read_text(encoding="utf-8")
    unit = FILES[name]
    clean, _ = read_log(FIXTURES / name, ZONE, distance_unit=unit)
    clean_lines = [line_of(clean_text, offset) for offset in split_offsets(clean_text)]
    clean_by_row = {i: clean[clean["source"].map(line_number) == line] for i, line in enumerate(clean_lines)}
    rng = random.Random(f"issue 9 {name}")
    path = tmp_path / ("Activities.csv" if name.startswith("garmin") else "activities.csv")
    for example in range(EXAMPLES):
        data, text, starts, delimiter = damaged_file(clean_text, rng)
        path.write_bytes(data)
        try:
            activities, report = read_log(path, ZONE, distance_unit=unit)
        except LogImportError as error:
            assert str(error) and "unexpected problem" not in str(error), (example, text, error)
            continue
        named = named_lines(report)
        ends = [*starts[1:], len(text)]
        spans = {i: (line_of(text, start), line_of(text, max(start, min(end, len(text)) - 1)))
                 for i, (start, end) in enumerate(zip(starts, ends)) if delimiter in text[start:end]}
        found = {line_number(source): index for index, source in activities["source"].items()}
        for i, (first, last) in spans.items():
            mentioned = any(line in named for line in range(first, last + 1))
            candidates = [found[line] for line in range(first, last + 1) if line in found]
            assert candidates or mentioned, (example, f"row {i} (lines {first}-{last}) lost silently", text, report)
            if not mentioned:
                assert any(same_values(activities, index, clean_by_row[i]) for index in candidates), (
                    example, f"row {i} (lines {first}-{last}) changed silently", text, report, activities)
        for line, index in found.items():
            rows = [i for i, (first, last) in spans.items() if first <= line <= last]
            assert line in named or any(same_values(activities, index, clean_by_row[i]) for i in rows), (
                example, f"the activity from line {line} is no clean row and is not reported", text, report)


def same_values(activities: pd.DataFrame, index: int, clean_row: pd.DataFrame) -> bool:
    got = activities.loc[[index], VALUES].reset_index(drop=True)
    want = clean_row[VALUES].reset_index(drop=True)
    try:
        pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12)
    except AssertionError:
        return False
    return True


def split_offsets(text: str) -> list[int]:
    header, rows = split_rows(text)
    offsets, offset = [], len(header)
    for row in rows:
        offsets.append(offset)
        offset += len(row)
    return offsets


TRACKS = ["run.gpx", "run.tcx", "run.fit", "run.gpx.gz", "run.tcx.gz", "run.fit.gz", "gps_jump.gpx"]


@pytest.mark.parametrize("name", TRACKS)
def test_damaged_track_files_raise_the_import_error_or_are_reported(tmp_path: Path, name: str) -> None:
    """Cut short or with bytes changed, a track file is read, reported, or refused in plain words."""
    clean = (FIXTURES / name).read_bytes()
    rng = random.Random(f"issue 9 {name}")
    path = tmp_path / name
    for example in range(25):
        data = bytearray(clean)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(data))
            data[at] = rng.choice([0, 0xFF, ord("<"), ord('"'), ord("&"), rng.randrange(256)])
        if rng.random() < 0.4:
            data = data[:rng.randrange(len(data))]
        path.write_bytes(bytes(data))
        try:
            activities, report = read_log(path, ZONE)
        except LogImportError as error:
            assert str(error) and "unexpected problem" not in str(error), (example, error)
            continue
        assert len(activities) or len(report), (example, "nothing read and nothing reported")
        assert set(report["source"]) <= {name}
