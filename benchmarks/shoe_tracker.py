"""Lesson 05 benchmark: the shoe-wear tracker on a 10-year log (issue 10: under 50 ms).

    .venv/bin/python benchmarks/shoe_tracker.py

A synthetic Strava activities.csv of about 2,000 runs over 10 years on 12 pairs (two in
rotation at a time, some runs with no shoe named), read once with ``read_log`` (the log
reader has its own benchmark). Timed, as the tracker does it after reading a log: the gear
column read from the file (``read_gear``), the runs with their shoes, each pair's totals,
the monthly running totals, the same runs spread over 3 pairs, and both figures built and
turned into the notebook output the widget sends. Median of the repeats.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from helpers import shoes, training
from helpers.activity_import import STRAVA_EXPORT_COLUMNS
from helpers.figures.shoes import shoe_distance_figure
from helpers.widgets.base import figure_output

DAYS = 3650
REPEATS = 30
BUDGET_MS = 50.0


def ten_year_csv(path: Path, seed: int = 5) -> int:
    """Write the synthetic 10-year Strava log to ``path``; returns the number of runs."""
    rng = np.random.default_rng(seed)
    days = np.flatnonzero(rng.random(DAYS) < 0.55)
    km = np.round(rng.gamma(4.0, 2.5, len(days)), 2)
    pair = np.arange(len(days)) * 12 // len(days)  # a new pair every ~10 months
    names = np.where(rng.random(len(days)) < 0.5, [f"Road {p}" for p in pair], [f"Trail {p}" for p in pair])
    names = np.where(rng.random(len(days)) < 0.03, "", names)
    header = list(STRAVA_EXPORT_COLUMNS)
    column = {name: header.index(name) for name in ("Activity ID", "Activity Date", "Activity Type", "Elapsed Time",
                                                    "Distance", "Activity Gear")}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for number, (day, distance, name) in enumerate(zip(days, km, names), start=1):
        when = dt.datetime(2015, 1, 5, 7, 0) + dt.timedelta(days=int(day))
        row = [""] * len(header)
        row[column["Activity ID"]], row[column["Activity Type"]] = str(number), "Run"
        row[column["Activity Date"]] = f"{when:%b} {when.day}, {when:%Y}, 7:00:00 AM"
        row[column["Elapsed Time"]], row[column["Distance"]] = str(int(distance * 360)), f"{distance:.2f}"
        row[column["Activity Gear"]] = str(name)
        writer.writerow(row)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return len(days)


def tracker(path: Path, activities) -> tuple:
    """What the tracker computes and draws for a log, from its file on."""
    runs = shoes.runs_with_shoes(activities, shoes.read_gear(path))
    totals, over_time = shoes.shoe_totals(runs), shoes.distance_over_time(runs)
    spread = shoes.spread_over_pairs(runs, 3)
    spread_over_time = shoes.distance_over_time(spread)
    figures = [figure_output(shoe_distance_figure(table, "km")) for table in (over_time, spread_over_time)]
    return totals, shoes.shoe_totals(spread), figures


def median_ms() -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "activities.csv"
        count = ten_year_csv(path)
        activities, _ = training.read_log(path, timezone="UTC")
        tracker(path, activities)  # warm up
        timings = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            tracker(path, activities)
            timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), count


def rows() -> list[tuple[str, float, str, float | None]]:
    ms, count = median_ms()
    return [(f"shoe tracker on a 10-year log (~{count:,} runs, 12 pairs; gear read, sums, 2 figures)", ms, "ms",
             BUDGET_MS)]


if __name__ == "__main__":
    ms, count = median_ms()
    print(f"{count} runs: {ms:.1f} ms (budget {BUDGET_MS:.0f} ms)")
