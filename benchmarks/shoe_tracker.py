"""Lesson 05 benchmark: the shoe-wear tracker's sums on a 10-year log (issue 10: under 50 ms).

    .venv/bin/python benchmarks/shoe_tracker.py

A synthetic log of about 2,000 runs over 10 years on 12 pairs (two in rotation at a
time, some runs with no shoe named): the runs with their shoes, each pair's totals,
the monthly running totals, and the same runs spread over 3 pairs. Median of the repeats.
"""

from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd

from helpers import shoes

DAYS = 3650
REPEATS = 30
BUDGET_MS = 50.0


def ten_year_log(seed: int = 5) -> tuple[pd.DataFrame, pd.Series]:
    """Activities as ``read_log`` gives them, and the gear of each (as ``read_gear`` gives it)."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2015-01-05", periods=DAYS, freq="D")
    runs = rng.random(DAYS) < 0.55
    count = int(runs.sum())
    sources = [f"activities.csv row {number}" for number in range(1, count + 1)]
    activities = pd.DataFrame({"local_date": dates[runs].date, "activity_type": "Run",
                               "distance_km": np.round(rng.gamma(4.0, 2.5, count), 2), "source": sources})
    pair = np.arange(count) * 12 // count  # a new pair every ~10 months
    names = np.where(rng.random(count) < 0.5, [f"Road {p}" for p in pair], [f"Trail {p}" for p in pair])
    names = np.where(rng.random(count) < 0.03, "", names)
    return activities, pd.Series(names, index=sources)


def tracker(activities: pd.DataFrame, gear: pd.Series) -> tuple:
    runs = shoes.runs_with_shoes(activities, gear)
    return shoes.shoe_totals(runs), shoes.distance_over_time(runs), shoes.shoe_totals(shoes.spread_over_pairs(runs, 3))


def median_ms() -> float:
    activities, gear = ten_year_log()
    tracker(activities, gear)  # warm up
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        tracker(activities, gear)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def rows() -> list[tuple[str, float, str, float | None]]:
    return [("shoe tracker on a 10-year log (~2,000 runs, 12 pairs)", median_ms(), "ms", BUDGET_MS)]


if __name__ == "__main__":
    activities, _ = ten_year_log()
    print(f"{len(activities)} runs: {median_ms():.1f} ms (budget {BUDGET_MS:.0f} ms)")
