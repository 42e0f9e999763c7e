"""Text alternatives for the environment check (lesson 00) and the plan builder (lesson 10).

Pure functions: what a figure shows in plain words (read by screen readers under the
figure) and the table behind it ("Show the numbers").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from helpers.units import km_to

if TYPE_CHECKING:  # lesson 00 imports this module: keep the plan model off its path
    from helpers.plan import Plan

CHECK_TOP = 11  # the environment check's y axis runs from 0 to 11


def check_description(value: int) -> str:
    """The environment check's bar chart in words."""
    return f"One bar, {value} tall on a scale from 0 to {CHECK_TOP}: it shows the test slider's value, {value}."


def check_numbers(value: int) -> pd.DataFrame:
    """The one number behind the environment check's bar."""
    return pd.DataFrame({"Bar": ["test bar"], "Height (the slider's value)": [value]})


def plan_description(plan: Plan, unit: str = "km") -> str:
    """The plan builder's figure in words: weekly running, strength sessions and flagged weeks, in ``unit``."""
    running = [round(km_to(week.run_km, unit), 1) for week in plan.weeks]
    strength = [sum(s.session.kind == "strength" for s in week.sessions) for week in plan.weeks]
    flagged = [week.week for week in plan.weeks if any(s.over_limit for s in week.sessions)]
    name = "km" if unit == "km" else "miles"
    text = (f"{len(plan.weeks)} weeks as bars of running a week, from {running[0]:.1f} {name} in week 1 to "
            f"{running[-1]:.1f} {name} in week {len(running)} (most: {max(running):.1f} {name}, week "
            f"{running.index(max(running)) + 1}). Squares give strength sessions a week: "
            f"{_range(strength)}.")
    if flagged:
        text += f" Crosses mark weeks with a run over its spike limit: week {', '.join(map(str, flagged))}."
    else:
        text += " No run is over its spike limit."
    return text


def _range(values: list[int]) -> str:
    low, high = min(values, default=0), max(values, default=0)
    return f"{low} every week" if low == high else f"from {low} to {high}"
