"""Benchmark: importing a runner's training log (helpers.activity_import.read_log).

    .venv/bin/python benchmarks/import_log.py

Rows: a 10-year Strava activities.csv (3,700 activities, a full-width English export with
about 90 columns) read end to end, median and p95 (budget 1 s, issue 4) over 9 runs after one
warm-up; the same file in German (decimal commas); a folder of 50 gzipped GPX files, per
file; a 256 MB gzip bomb (a 0.3 MB .csv.gz) that must be refused in under 1 s with under
200 MB of extra memory (issue 9); and the extra peak memory of reading the largest files
read_log accepts (a full-width CSV and a CSV of short cells just under the 16 MB cap, a GPX
just under the 32 MB cap), each in a fresh process, budget 500 MB (a 2 GB Binder also holds
the server, the kernels and the upload).

Issue 9's time target is a median under 150 ms on an idle machine. It is checked as a
ratio, not in milliseconds: on the shared 2-core development machine (load 6, 2026-12)
back-to-back runs gave read_log medians of 114 to 396 ms, while the ratio to
``pandas.read_csv`` reading the same file as text, timed alternately in the same run, stayed
at 2.8 to 4.6 (mostly 3.2 to 3.6; the same for the code before and after the audit's
fixes). A 150 ms budget would fail whenever the machine is busy; the ratio budget is the
same target calibrated by pandas' own time: 150 ms over the 37 ms pandas takes when idle,
about 4x. A read_log slower than about 150 ms on an idle machine fails it; run.py measures
again before failing, for a busy spell.
Everything is generated in a temporary folder, nothing is kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.activity_import import read_log

BUDGET_CSV_MS = 1000.0
TARGET_CSV_MEDIAN_MS = 150.0  # issue 9, on an idle machine: checked through the ratio below
PANDAS_IDLE_MS = 37.0  # pandas.read_csv of the same file as text, idle 2-core development machine
BUDGET_CSV_RATIO = 4.0  # read_log / pandas medians, same run: about TARGET_CSV_MEDIAN_MS / PANDAS_IDLE_MS
BUDGET_PEAK_MB = 500.0  # extra peak memory of reading a file at read_log's caps
BUDGET_BOMB_S = 1.0
BUDGET_BOMB_MB = 200.0
BOMB_BYTES = 256 * 2**20
ACTIVITIES = 3_700
REPEATS = 9

CORE = ["Activity ID", "Activity Date", "Activity Name", "Activity Type", "Activity Description", "Elapsed Time",
        "Distance", "Max Heart Rate", "Relative Effort", "Commute", "Activity Private Note", "Activity Gear",
        "Filename", "Athlete Weight", "Bike Weight", "Elapsed Time", "Moving Time", "Distance"]
MORE = ["Max Speed", "Average Speed", "Elevation Gain", "Elevation Loss", "Elevation Low", "Elevation High",
        "Max Grade", "Average Grade", "Average Positive Grade", "Average Negative Grade", "Max Cadence",
        "Average Cadence", "Max Heart Rate", "Average Heart Rate", "Max Watts", "Average Watts", "Calories",
        "Max Temperature", "Average Temperature", "Relative Effort", "Total Work", "Number of Runs", "Uphill Time",
        "Downhill Time", "Other Time", "Perceived Exertion", "Type", "Start Time", "Weighted Average Power",
        "Power Count", "Prefer Perceived Exertion", "Perceived Relative Effort", "Commute", "Total Weight Lifted",
        "From Upload", "Grade Adjusted Distance", "Weather Observation Time", "Weather Condition",
        "Weather Temperature", "Apparent Temperature", "Dewpoint", "Humidity", "Weather Pressure", "Wind Speed",
        "Wind Gust", "Wind Bearing", "Precipitation Intensity", "Sunrise Time", "Sunset Time", "Moon Phase", "Bike",
        "Gear", "Precipitation Probability", "Precipitation Type", "Cloud Cover", "Weather Visibility", "UV Index",
        "Weather Ozone", "Jump Count", "Total Grit", "Average Flow", "Flagged", "Average Elapsed Speed",
        "Dirt Distance", "Newly Explored Distance", "Newly Explored Dirt Distance", "Activity Count", "Total Steps",
        "Carbon Saved", "Pool Length", "Training Load", "Intensity", "Average Grade Adjusted Pace", "Timer Time",
        "Total Cycles", "Media"]
HEADER = CORE + MORE
GERMAN = {"Activity ID": "Aktivitäts-ID", "Activity Date": "Aktivitätsdatum", "Activity Type": "Aktivitätsart",
          "Elapsed Time": "Verstrichene Zeit", "Distance": "Distanz", "Moving Time": "Bewegungszeit",
          "Filename": "Dateiname"}


def english_date(moment: dt.datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{moment:%b} {moment.day}, {moment.year}, {hour}:{moment:%M:%S} {'AM' if moment.hour < 12 else 'PM'}"


def ten_year_export(german: bool = False) -> str:
    """3,700 activities over ten years: runs, some rides and walks; every cell filled like Strava does."""
    rng = np.random.default_rng(10)
    start = dt.datetime(2015, 1, 1, 17)
    lines = []
    for index in range(ACTIVITIES):
        moment = start + dt.timedelta(hours=float(index * 23.7 + rng.uniform(0, 3)))
        kind = rng.choice(["Run", "Run", "Run", "Run", "Ride", "Walk"])
        km = float(rng.uniform(3, 20) if kind != "Ride" else rng.uniform(20, 80))
        speed = {"Run": 10.5, "Ride": 25.0, "Walk": 5.0}[kind]
        moving = km / speed * 3600
        cells = [str(1_000_000 + index), english_date(moment), f"Activity {index}, nice", kind, "",
                 str(round(moving + 60)),
                 f"{km:.2f}", "170.0", "45", "false", "", "Shoe", f"activities/{1_000_000 + index}.fit.gz", "70.0", "",
                 f"{round(moving + 60):.1f}", f"{moving:.1f}", f"{km * 1000:.1f}"]
        cells += [f"{rng.uniform(0, 100):.1f}" for _ in MORE]
        cells[len(CORE) + MORE.index("Average Speed")] = f"{km * 1000 / moving:.3f}"  # consistent, as Strava's
        if german:
            cells[1] = f"{moment:%d.%m.%Y, %H:%M:%S}"
            cells = [cell.replace(".", ",") if cell.replace(".", "").isdigit() else cell for cell in cells]
        lines.append(cells)
    header = [GERMAN.get(name, name) for name in HEADER] if german else HEADER
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *lines])
    return buffer.getvalue()


def gpx_file(start: dt.datetime, points: int = 1800) -> bytes:
    """A 30-minute run with one point a second."""
    body = "".join(
        f'<trkpt lat="{52.5 + i * 0.00003:.6f}" lon="13.4"><time>{start + dt.timedelta(seconds=i):%Y-%m-%dT%H:%M:%SZ}'
        f"</time></trkpt>" for i in range(points))
    return (f'<?xml version="1.0"?><gpx version="1.1" creator="bench" xmlns="http://www.topografix.com/GPX/1/1">'
            f"<trk><type>running</type><trkseg>{body}</trkseg></trk></gpx>").encode()


def timed(function, repeats: int = REPEATS) -> list[float]:
    function()  # warm-up: imports, caches
    seconds = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return seconds


def timed_pair(first, second, repeats: int = REPEATS) -> tuple[list[float], list[float]]:
    """Time two functions alternately, so a busy spell on a shared machine slows both alike."""
    first(), second()  # warm-up
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for function, seconds in zip((first, second), times):
            started = time.perf_counter()
            function()
            seconds.append(time.perf_counter() - started)
    return times


def pandas_text_read(path: Path) -> None:
    """The reference: pandas' C reader taking every cell as text (what read_log starts from)."""
    pd.read_csv(path, dtype=str, keep_default_na=False)


def p95(values: list[float]) -> float:
    return float(np.percentile(values, 95))


def rows() -> list[tuple[str, float, str, float | None]]:
    """(measure, value, unit, budget) rows; benchmarks/run.py can turn them into its Row objects."""
    results = []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for label, german in (("English", False), ("German", True)):
            path = folder / f"activities_{label}.csv"
            path.write_text(ten_year_export(german), encoding="utf-8")
            activities, report = read_log(path, "Europe/Berlin")
            assert len(activities) == ACTIVITIES and report.empty, "the benchmark file should import cleanly"
            seconds, reference = timed_pair(lambda p=path: read_log(p, "Europe/Berlin"),
                                            lambda p=path: pandas_text_read(p))
            name = f"read_log Strava {label} CSV, {ACTIVITIES:,} rows ({path.stat().st_size / 1e6:.1f} MB)"
            results.append((f"{name}, median (issue 9 target {TARGET_CSV_MEDIAN_MS:g} ms when idle: see the ratio)",
                            statistics.median(seconds) * 1000, "ms", None))
            results.append((f"{name}, p95", p95(seconds) * 1000, "ms", BUDGET_CSV_MS))
            if label == "English":
                results.append(("pandas.read_csv of the same file as text (reference, same run), median",
                                statistics.median(reference) * 1000, "ms", None))
                results.append((f"read_log median as a multiple of pandas.read_csv's ({TARGET_CSV_MEDIAN_MS:g} ms "
                                f"/ {PANDAS_IDLE_MS:g} ms idle)",
                                statistics.median(seconds) / statistics.median(reference), "x", BUDGET_CSV_RATIO))
        tracks = folder / "tracks"
        tracks.mkdir()
        for index in range(50):
            with gzip.open(tracks / f"{index:03d}.gpx.gz", "wb") as handle:
                handle.write(gpx_file(dt.datetime(2024, 1, 1, 6) + dt.timedelta(days=index)))
        seconds = timed(lambda: read_log(tracks, "Europe/Berlin"), repeats=2)
        results.append(("read_log folder of 50 GPX files (1,800 points each), per file",
                        statistics.median(seconds) / 50 * 1000, "ms", None))
        results += bomb_rows(folder)
        results += peak_rows(folder)
    return results


def gzip_bomb(path: Path, expanded: int = BOMB_BYTES) -> None:
    """A .csv.gz: a Strava header, then ``expanded`` bytes of zeros (packs about 1000 to 1)."""
    header = ",".join(HEADER) + "\n"
    block = b"0" * 2**20
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip framing
    with path.open("wb") as handle:
        handle.write(packer.compress(header.encode()))
        for _ in range(expanded // len(block)):
            handle.write(packer.compress(block))
        handle.write(packer.flush())


PROBE = """
import json, sys, time
from pathlib import Path
from helpers.activity_import import LogImportError, read_log

def status(key):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1]) / 1024

Path("/proc/self/clear_refs").write_text("5")  # Linux: the peak (VmHWM) starts again from here
before = status("VmRSS:")
started = time.perf_counter()
try:
    read_log(sys.argv[1], "Europe/Berlin")
    refused = False
except LogImportError:
    refused = True
seconds = time.perf_counter() - started
print(json.dumps({"refused": refused, "seconds": seconds, "extra_mb": status("VmHWM:") - before}))
"""


def probe(path: Path) -> dict:
    """read_log on ``path`` in a fresh process: refused or not, seconds, extra peak memory (MB)."""
    source = str(Path(__file__).resolve().parents[1] / "src")
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")])))
    output = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True,
                            env=environment, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def bomb_rows(folder: Path) -> list[tuple[str, float, str, float | None]]:
    """Refusing a 256 MB gzip bomb: seconds and the extra peak memory of a fresh process."""
    path = folder / "activities.csv.gz"
    gzip_bomb(path)
    result = probe(path)
    assert result["refused"], "the gzip bomb should be refused"
    label = f"read_log refuses a {BOMB_BYTES // 2**20} MB gzip bomb ({path.stat().st_size / 1e6:.2f} MB .csv.gz)"
    return [(f"{label}, time", result["seconds"], "s", BUDGET_BOMB_S),
            (f"{label}, extra peak memory", result["extra_mb"], "MB", BUDGET_BOMB_MB)]


def export_rows(table: list[list[str]], target_bytes: int, most_rows: int) -> str:
    """``table`` (a header, then rows of cells) repeated to just under ``target_bytes`` or ``most_rows`` rows;
    every row gets its own id (first cell) and start time (second cell), a new one every 400 minutes, so no row
    is a duplicate."""
    header, rows = table[0], table[1:]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    moment, index = dt.datetime(1985, 1, 1, 6), 0
    while buffer.tell() < target_bytes - 4000 and index < most_rows:  # rows are under 4 kB
        writer.writerow([str(1_000_000 + index), f"{moment:%Y-%m-%d %H:%M:%S}", *rows[index % len(rows)][2:]])
        moment += dt.timedelta(minutes=400)  # 50,000 rows in 38 years
        index += 1
    return buffer.getvalue()


def peak_rows(folder: Path) -> list[tuple[str, float, str, float | None]]:
    """The extra peak memory of reading the largest CSV and GPX read_log accepts (fresh processes)."""
    from helpers.import_files import MAX_CSV_BYTES, MAX_CSV_ROWS, MAX_TRACK_BYTES, MAX_TRACK_POINTS

    wide = list(csv.reader(io.StringIO(ten_year_export())))
    # The most cells both caps allow: 50,000 rows of 16 MB / 50,000 = 335 bytes, in cells of two digits.
    extra = (MAX_CSV_BYTES // MAX_CSV_ROWS - 45) // 3
    short = [["Activity ID", "Activity Date", "Activity Type", "Distance", "Elapsed Time",
              *(f"x{k}" for k in range(extra))]]
    short += [["0", "0", "Run", f"{5 + i % 10}.0", str(1800 + i % 600), *(str(10 + (i + k) % 89) for k in range(extra))]
              for i in range(100)]
    files = {"full-width Strava CSV": wide, "CSV of short cells (the worst case)": short}
    results = []
    for label, table in files.items():
        path = folder / "activities.csv"
        path.write_text(export_rows(table, MAX_CSV_BYTES, MAX_CSV_ROWS), encoding="utf-8")
        result = probe(path)
        assert not result["refused"], f"a {label} just under the cap should be read"
        rows = path.read_bytes().count(b"\n") - 1
        results.append((f"read_log of a {label} at the caps ({path.stat().st_size / 2**20:.1f} MB, {rows:,} rows), "
                        "extra peak memory", result["extra_mb"], "MB", BUDGET_PEAK_MB))
    path = folder / "long.gpx"
    point = (b'<trkpt lat="52.5" lon="13.4"><ele>35.2</ele><time>%s</time><extensions><gpxtpx:TrackPointExtension>'
             b"<gpxtpx:atemp>21.0</gpxtpx:atemp><gpxtpx:hr>150</gpxtpx:hr><gpxtpx:cad>85</gpxtpx:cad>"
             b"</gpxtpx:TrackPointExtension><power>250</power></extensions></trkpt>")
    start = dt.datetime(2024, 1, 1, 6)
    points = min(MAX_TRACK_POINTS, (MAX_TRACK_BYTES - 1000) // len(point % b"2024-01-01T06:00:00Z"))
    body = b"".join(point % f"{start + dt.timedelta(seconds=i):%Y-%m-%dT%H:%M:%SZ}".encode() for i in range(points))
    path.write_bytes(b'<?xml version="1.0"?><gpx version="1.1" creator="bench" xmlns="http://www.topografix.com/GPX/1/1" '
                     b'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk><type>running</type>'
                     b"<trkseg>" + body + b"</trkseg></trk></gpx>")
    result = probe(path)
    assert not result["refused"], "a GPX just under the cap should be read"
    results.append((f"read_log of a GPX just under the {MAX_TRACK_BYTES // 2**20} MB cap ({points:,} points, "
                    f"{path.stat().st_size / 2**20:.1f} MB), extra peak memory", result["extra_mb"], "MB", BUDGET_PEAK_MB))
    return results


def main() -> None:
    table = rows()
    width = max(len(measure) for measure, *_ in table)
    print(f"\n{'measure':<{width}}  {'value':>9}  {'budget':>7}  status")
    print("-" * (width + 30))
    for measure, value, unit, budget in table:
        shown = "" if budget is None else f"{budget:g} {unit}"
        status = "" if budget is None else ("ok" if value <= budget else "OVER")
        print(f"{measure:<{width}}  {value:>6.1f} {unit:<2}  {shown:>7}  {status}")


if __name__ == "__main__":
    main()
