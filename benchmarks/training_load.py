"""Lesson 06 benchmark: every training-load measure on a 10-year daily log, side by side
with the ``acwr`` package (a test-only dependency) computing the same measures.

    .venv/bin/python benchmarks/training_load.py

Budgets (issue 4): all measures together under 20 ms, and at least 3 times faster than
``acwr``. Both sides get the same complete daily series (3,650 days) and are timed in
alternation in one run; the median of the repeats is reported.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np
import pandas as pd

from helpers import training

DAYS = 3650
REPEATS = 30
BUDGET_ALL_MS = 20.0
BUDGET_SPEED_UP = 3.0


def ten_year_log(seed: int = 6) -> pd.DataFrame:
    """A synthetic activities table: about 4 runs a week for 10 years, breaks included."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2015-01-05", periods=DAYS, freq="D")
    runs = rng.random(DAYS) < 0.55
    runs[1200:1245] = False  # a 6-week break
    distance = np.round(rng.gamma(4.0, 2.5, DAYS), 2)
    return pd.DataFrame({"local_date": dates[runs].date, "activity_type": "Run", "distance_km": distance[runs]})


def ours(daily: pd.Series) -> tuple:
    """Every measure the ``acwr`` package also offers: three ratios, trailing and calendar weeks."""
    return training.load_ratios(daily), training.trailing_week_change(daily), training.weekly_totals(daily)


def theirs(daily: pd.Series) -> tuple:
    import acwr  # noqa: PLC0415  (test-only dependency)

    ratios = [acwr.acwr(daily, method=method, return_components=True) for method in acwr.METHODS]
    return ratios, acwr.week_to_week_change(daily), acwr.block_change(daily, week_ends="W-SUN")


def _time(function, argument) -> float:
    started = time.perf_counter()
    function(argument)
    return (time.perf_counter() - started) * 1000


def measure() -> dict[str, float]:
    """Median milliseconds of each side, timed in alternation in one run."""
    activities = ten_year_log()
    daily = training.daily_distance(activities)
    assert len(daily) >= DAYS - 2
    mine, reference = ours(daily), theirs(daily)  # warm up, and check both sides compute the same numbers
    training.analyse(activities)
    for form, frame in zip(("coupled", "uncoupled", "ewma"), reference[0]):
        assert np.array_equal(mine[0][form].to_numpy(), frame["acwr"].to_numpy(), equal_nan=True), form
    assert np.array_equal(mine[1].to_numpy(), reference[1].to_numpy(), equal_nan=True)
    assert np.allclose(mine[2]["distance_km"].to_numpy(), reference[2]["total"].to_numpy(), rtol=1e-13)
    timings: dict[str, list[float]] = {"ours": [], "acwr": [], "all": []}
    for _ in range(REPEATS):
        timings["ours"].append(_time(ours, daily))
        timings["acwr"].append(_time(theirs, daily))
        timings["all"].append(_time(training.analyse, activities))
    medians = {name: statistics.median(values) for name, values in timings.items()}
    medians["speed_up"] = medians["acwr"] / medians["ours"]
    return medians


def rows() -> list[tuple[str, float, str, float | None]]:
    """``(measure, value, unit, budget)`` rows; every budget is an upper bound (as in run.py's Row)."""
    result = measure()
    return [
        ("training load: all measures from activities, 10-year log (incl. spikes)", result["all"], "ms", BUDGET_ALL_MS),
        ("training load: ratios + week changes, helpers.training", result["ours"], "ms", None),
        ("training load: the same measures, acwr package (same run)", result["acwr"], "ms", None),
        ("training load: helpers.training time as % of acwr's (3x faster = 33 %)", 100 * result["ours"] / result["acwr"],
         "%", 100 / BUDGET_SPEED_UP),
    ]


def main() -> int:
    table = rows()
    width = max(len(row[0]) for row in table)
    print(f"{'measure':<{width}}  {'value':>9}  {'budget':>9}  status")
    print("-" * (width + 30))
    within = []
    for name, value, unit, budget in table:
        ok = budget is None or value <= budget
        within.append(ok)
        shown = "" if budget is None else f"{budget:.3g} {unit}"
        print(f"{name:<{width}}  {value:>6.1f} {unit:<2}  {shown:>9}  {'' if budget is None else ('ok' if ok else 'OVER')}")
    print(f"speed-up over acwr: {100 / table[-1][1]:.1f}x (at least {BUDGET_SPEED_UP:g}x)")
    return 0 if all(within) else 1


if __name__ == "__main__":
    sys.exit(main())
