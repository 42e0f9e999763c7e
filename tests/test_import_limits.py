"""No file can exhaust the machine: a CSV or track file over its cap is refused before it is parsed.

The caps (``MAX_CSV_BYTES``, ``MAX_CSV_ROWS``, ``MAX_TRACK_BYTES``) come from measured peak
memory (see ``helpers.import_files`` and the peak-memory rows of benchmarks/import_log.py);
here: a file just over a cap is refused at once, in plain words, with little memory.
"""

from __future__ import annotations

import gzip
import os
import time
import tracemalloc
from pathlib import Path

import pytest

from helpers import import_files
from helpers.activity_import import LogImportError, read_log

FIXTURES = Path(__file__).parent / "fixtures" / "activities"
F = FIXTURES / "strava_en_activities.csv"
HEADER = F.read_text(encoding="utf-8").split("\n", 1)[0] + "\n"
BERLIN = "Europe/Berlin"


def refused(path: Path, match: str) -> tuple[float, float]:
    """Seconds and peak MB (Python allocations) of read_log refusing ``path``."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(LogImportError, match=match):
            read_log(path, BERLIN)
        return time.perf_counter() - started, tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def test_a_csv_over_the_size_cap_is_refused_quickly_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    with path.open("wb") as handle:
        handle.write(HEADER.encode())
        handle.truncate(import_files.MAX_CSV_BYTES + 1)  # sparse: quick to make, still over the cap
    seconds, peak_mb = refused(path, r"activities.csv is 16\.0 MB, larger than the 16 MB this course reads .* "
                                     r"keep the years you want to look at")
    assert seconds < 1.0 and peak_mb < 5


def test_a_gzipped_csv_expanding_over_the_cap_is_refused_while_unpacking(tmp_path: Path) -> None:
    text = HEADER.encode() + os.urandom(import_files.MAX_CSV_BYTES // 2 + 2**20).hex().encode()  # packs only 2:1
    path = tmp_path / "activities.csv.gz"
    path.write_bytes(gzip.compress(text, compresslevel=1))
    assert path.stat().st_size < import_files.MAX_CSV_BYTES < len(text)
    seconds, peak_mb = refused(path, "activities.csv.gz expands to more than 16 MB")
    assert seconds < 2.0 and peak_mb < import_files.MAX_CSV_BYTES / 2**20 + 8  # never the whole file


def test_a_csv_over_the_row_cap_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    row = F.read_text(encoding="utf-8").split("\n")[1] + "\n"
    path = tmp_path / "activities.csv"
    path.write_text(HEADER + row * (import_files.MAX_CSV_ROWS + 1), encoding="utf-8")
    assert path.stat().st_size < import_files.MAX_CSV_BYTES
    seconds, peak_mb = refused(path, "has 50,002 lines, more than the 50,000 rows this course reads")
    assert seconds < 1.0 and peak_mb < 3 * path.stat().st_size / 2**20  # the bytes, not the parsed cells


def test_the_row_cap_counts_lines_and_a_file_at_the_cap_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = F.read_bytes().count(b"\n")  # header, 8 rows, one of them on two lines
    monkeypatch.setattr(import_files, "MAX_CSV_ROWS", lines - 1)
    assert len(read_log(F, BERLIN)[0]) == 8
    monkeypatch.setattr(import_files, "MAX_CSV_ROWS", lines - 2)
    with pytest.raises(LogImportError, match=f"has {lines} lines"):
        read_log(F, BERLIN)


def test_utf16_and_old_mac_line_ends_are_counted_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_files, "MAX_CSV_ROWS", 5)
    for name, data in (("utf16.csv", F.read_text(encoding="utf-8").encode("utf-16")),
                       ("mac.csv", F.read_bytes().replace(b"\n", b"\r"))):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(LogImportError, match="more than the 5 rows"):
            read_log(tmp_path / name, BERLIN)


def test_a_gzipped_track_over_its_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_files, "MAX_TRACK_BYTES", 2000)
    with pytest.raises(LogImportError, match=r"run.gpx.gz expands to more than 0 MB .* Export a shorter activity"):
        read_log(FIXTURES / "run.gpx.gz", BERLIN)
    (tmp_path / "run.gpx.gz").write_bytes((FIXTURES / "run.gpx.gz").read_bytes())
    (tmp_path / "run.tcx").write_bytes((FIXTURES / "run.tcx").read_bytes()[:1500])  # under the cap: read (cut)
    _, report = read_log(tmp_path, BERLIN)  # in a folder, reported and the rest read
    assert report.loc[report["source"] == "run.gpx.gz", "reason"].str.contains("expands to more than").all()


def test_the_caps_leave_room_for_real_logs() -> None:
    """3,700 activities (10 years) of a full-width Strava export are 1.9 MB; a day-long GPX is 18 MB."""
    assert import_files.MAX_CSV_BYTES >= 8 * 1.9 * 2**20 and import_files.MAX_CSV_ROWS >= 30_000
    assert import_files.MAX_TRACK_BYTES > 18 * 2**20
