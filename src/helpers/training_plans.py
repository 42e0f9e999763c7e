"""Lesson 06 model, second half: planned build-ups and how their load compares (see :mod:`helpers.training`).

Plans are laid out day by day from :data:`PLAN_START` and measured with the same training-load
model as a runner's log, so a plan and a log are read the same way.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from helpers.training import (
    DANGER_ZONE, NO_RECENT_RUN, RATIO_FORMS, SWEET_SPOT, TrainingLoad, _measures, _sentence, analyse, spike_band,
)
from helpers.units import KM_PER_MILE

RETURN_STRATEGIES = {
    "resume": "straight back to the old distance",
    "restart": "ramp again from the start distance",
    "walk-run": "walk–run progression, then ramp",
}
PLAN_START = dt.date(2025, 1, 6)  # a Monday: plans are laid out from here
RUN_DAYS = {  # weekday numbers (Monday = 0) of the runs; the last one is the long run
    1: (6,), 2: (2, 6), 3: (1, 3, 6), 4: (1, 3, 5, 6), 5: (0, 1, 3, 5, 6), 6: (0, 1, 2, 3, 5, 6),
    7: (0, 1, 2, 3, 4, 5, 6),
}


def _check_positive(name: str, value: float, unit: str, upper: float) -> None:
    if not isinstance(value, (int, float)) or not np.isfinite(value) or not 0 < value <= upper:
        raise ValueError(f"{name} must be a number above 0 and at most {upper:g} {unit}; got {value!r}.")


def walk_run_progression(easy_speed_kmh: float = 9.0, sessions_per_week: int = 3) -> pd.DataFrame:
    """A six-week walk–run return to running, one stage a week (expert practice).

    The course's stages, in the form of clinical return-to-run programmes (Crowell et al.
    2023): 4 min walk / 1 min run × 4, then 3/2, 2/3, 1/4 (× 4), 1 min walk / 9 min run × 2,
    then 20 min continuous; move on only if pain or swelling does not increase. No trial has
    compared such programmes: the evidence is **unknown**.
    ``running_km`` is the week's running at ``easy_speed_kmh`` (walking not counted).
    """
    _check_positive("Easy running speed", easy_speed_kmh, "km/h", 25)
    stages = [
        ("4 min walk / 1 min run × 4", 4, 16),
        ("3 min walk / 2 min run × 4", 8, 12),
        ("2 min walk / 3 min run × 4", 12, 8),
        ("1 min walk / 4 min run × 4", 16, 4),
        ("1 min walk / 9 min run × 2", 18, 2),
        ("20 min continuous running", 20, 0),
    ]
    table = pd.DataFrame(stages, columns=["session", "run_min_per_session", "walk_min_per_session"])
    table.insert(0, "week", np.arange(1, len(stages) + 1))
    table["sessions"] = sessions_per_week
    table["running_km"] = table["run_min_per_session"] * sessions_per_week / 60.0 * easy_speed_kmh
    return table


def ramp_plan(
    start_km: float,
    target_km: float,
    increase_percent: float,
    weeks: int | None = None,
    cutback_every: int = 0,
    cutback_percent: float = 70.0,
    break_start_week: int | None = None,
    break_weeks: int = 0,
    return_strategy: str = "resume",
) -> pd.DataFrame:
    """A weekly plan: a steady percentage ramp from ``start_km`` to ``target_km`` a week.

    Each build week is ``increase_percent`` longer than the last build week, capped at
    the target, which is then held. With ``cutback_every = N`` every N-th week is a
    cutback week at ``cutback_percent`` of the current level (the level itself does not
    drop). An optional break of ``break_weeks`` weeks from ``break_start_week`` (week
    numbers start at 1) is followed by ``return_strategy``: ``"resume"`` (straight back
    to the old level), ``"restart"`` (ramp again from ``start_km``) or ``"walk-run"``
    (:func:`walk_run_progression`, then ramp from its last week). Columns: ``week``,
    ``distance_km``, ``kind`` (build, cutback, target, break, walk-run), ``change_percent``.
    """
    _check_positive("Start distance", start_km, "km a week", 500)
    _check_positive("Target distance", target_km, "km a week", 500)
    if start_km > target_km:
        raise ValueError("The start distance must not be above the target distance.")
    if not 0 <= increase_percent <= 100 or (increase_percent == 0 and start_km < target_km):
        raise ValueError("The weekly increase must be above 0 % (and at most 100 %) to reach the target.")
    if cutback_every not in range(0, 53) or cutback_every == 1 or not 10 <= cutback_percent <= 100:
        raise ValueError("Cutback weeks come every 2 to 52 weeks (0 for none), at 10–100 % of the level.")
    if return_strategy not in RETURN_STRATEGIES:
        raise ValueError(f"Return strategy must be one of {', '.join(RETURN_STRATEGIES)}.")
    growth = 1.0 + increase_percent / 100.0
    build_weeks = 1 if start_km == target_km else int(np.ceil(np.log(target_km / start_km) / np.log(growth) - 1e-9)) + 1
    breaking = break_start_week is not None and break_weeks > 0
    if weeks is None:
        extra = 6 + break_weeks + (build_weeks if breaking else 0)
        weeks = build_weeks + (build_weeks // cutback_every if cutback_every else 0) + extra
    weeks = int(min(weeks, 260))
    distances, kinds = [], []
    level, block_week, walk_run = start_km, 0, None
    for week in range(1, weeks + 1):
        if breaking and break_start_week <= week < break_start_week + break_weeks:
            distances.append(0.0)
            kinds.append("break")
            if week == break_start_week + break_weeks - 1:  # the last break week: set up the return
                block_week = 0
                if return_strategy == "restart":
                    level = start_km
                elif return_strategy == "walk-run":
                    walk_run = list(walk_run_progression()["running_km"])
            continue
        if walk_run:
            level = walk_run.pop(0)
            distances.append(level)
            kinds.append("walk-run")
            block_week = 1  # the ramp goes on from the last walk-run week
            continue
        block_week += 1
        if block_week > 1:
            if cutback_every and block_week % cutback_every == 0:
                distances.append(level * cutback_percent / 100.0)
                kinds.append("cutback")
                continue
            level = min(level * growth, target_km)
        distances.append(level)
        kinds.append("target" if level >= target_km else "build")
    distance = np.array(distances)
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.concatenate(([np.nan], (distance[1:] - distance[:-1]) / distance[:-1] * 100.0))
    return pd.DataFrame({"week": np.arange(1, weeks + 1), "distance_km": distance, "kind": kinds, "change_percent": change})


def ten_percent_rule(start_km: float, target_km: float, weeks: int | None = None) -> pd.DataFrame:
    """The popular "10 % rule": add at most 10 % a week (no cutbacks). See Buist et al. 2008."""
    return ramp_plan(start_km, target_km, 10.0, weeks=weeks)


def weeks_to_target(plan: pd.DataFrame, target_km: float) -> int | None:
    """The first week number whose distance reaches ``target_km`` (``None`` if never)."""
    reached = plan.loc[plan["distance_km"] >= target_km * (1 - 1e-9), "week"]
    return int(reached.iloc[0]) if len(reached) else None


def _week_shares(runs_per_week: int, long_run_share: float) -> np.ndarray:
    """Each weekday's share of the week's distance (Monday first), the long run on Sunday."""
    if runs_per_week not in RUN_DAYS:
        raise ValueError("Runs per week must be a whole number from 1 to 7.")
    if runs_per_week > 1 and not 1 / runs_per_week <= long_run_share < 1:
        raise ValueError(f"With {runs_per_week} runs a week the long run must carry {100 / runs_per_week:.0f} % to 99 % of it.")
    shares = np.zeros(7)
    weekdays = list(RUN_DAYS[runs_per_week])
    shares[weekdays[:-1]] = (1 - long_run_share) / max(runs_per_week - 1, 1)
    shares[weekdays[-1]] = long_run_share if runs_per_week > 1 else 1.0
    return shares


def plan_load(plan: pd.DataFrame, runs_per_week: int = 4, long_run_share: float = 0.35, start: dt.date = PLAN_START) -> TrainingLoad:
    """Every measure of a weekly plan spread into days, without building an activities table.

    The same numbers as ``analyse(plan_days(plan, ...))``, faster (the simulator uses it).
    """
    if start.weekday() != 0:
        raise ValueError("A plan starts on a Monday.")
    total = np.outer(plan["distance_km"].to_numpy(float), _week_shares(runs_per_week, long_run_share)).ravel()
    days = pd.date_range(start, periods=total.size, freq="D", name="local_date")
    day_number = np.flatnonzero(total > 0)
    runs = pd.DataFrame({"local_date": days[day_number], "distance_km": total[day_number]})
    return _measures(days, total, total, runs, day_number)


def plan_days(plan: pd.DataFrame, runs_per_week: int = 4, long_run_share: float = 0.35, start: dt.date = PLAN_START) -> pd.DataFrame:
    """Spread a weekly plan into days: an activities table (one row per run).

    Runs fall on fixed weekdays (:data:`RUN_DAYS`), the long run on Sunday carrying
    ``long_run_share`` of the week, the rest shared equally. Weeks start on Monday
    ``start``. Columns: ``local_date`` (datetime.date), ``activity_type`` ("Run"),
    ``distance_km``, ``week``, ``long_run`` (bool), ready for :func:`analyse`.
    """
    if start.weekday() != 0:
        raise ValueError("A plan starts on a Monday.")
    weekdays = np.array(RUN_DAYS[runs_per_week])
    share = _week_shares(runs_per_week, long_run_share)[weekdays]
    week_index = np.repeat(np.arange(len(plan)), runs_per_week)
    offsets = week_index * 7 + np.tile(weekdays, len(plan))
    distance = np.repeat(plan["distance_km"].to_numpy(float), runs_per_week) * np.tile(share, len(plan))
    dates = pd.Timestamp(start) + pd.to_timedelta(offsets, unit="D")
    days = pd.DataFrame(
        {
            "local_date": dates.date,
            "activity_type": "Run",
            "distance_km": distance,
            "week": plan["week"].to_numpy()[week_index],
            "long_run": np.tile(np.arange(runs_per_week) == runs_per_week - 1, len(plan)),
        }
    )
    first_and_last = pd.DataFrame(  # rest days that pin the plan's full calendar span
        {"local_date": [start, start + dt.timedelta(days=7 * len(plan) - 1)], "activity_type": "Rest",
         "distance_km": 0.0, "week": plan["week"].to_numpy()[[0, -1]], "long_run": False}
    )
    days = pd.concat([first_and_last.iloc[:1], days[days["distance_km"] > 0], first_and_last.iloc[1:]])
    return days.reset_index(drop=True)


def plan_summary(plan: pd.DataFrame, load: TrainingLoad, target_km: float, ratio: str = "coupled") -> dict:
    """The numbers the simulator reports for one plan (distances in km).

    ``weeks_to_target``; ``largest_jump_percent`` (largest finite week-on-week rise);
    ``days_over_sweet_spot`` (ratio above 1.3) and ``days_in_danger_zone`` (ratio ≥ 1.5),
    both for ``ratio``; ``days_without_ratio`` (returning from a break);
    ``largest_spike_percent`` and its band; ``runs_after_30_days_off``.
    """
    if ratio not in RATIO_FORMS:
        raise ValueError(f"Ratio must be one of {', '.join(RATIO_FORMS)}.")
    values = load.ratios[ratio].to_numpy()
    finite = values[np.isfinite(values)]
    jumps = plan["change_percent"].to_numpy()
    jumps = jumps[np.isfinite(jumps)]
    spikes = load.spikes["spike_percent"].to_numpy()
    has_spike = bool(np.isfinite(spikes).any())
    largest = float(np.nanmax(spikes)) if has_spike else float("nan")
    return {
        "weeks_to_target": weeks_to_target(plan, target_km),
        "largest_jump_percent": float(jumps.max()) if jumps.size else float("nan"),
        "days_over_sweet_spot": int((finite > SWEET_SPOT[1]).sum()),
        "days_in_danger_zone": int((finite >= DANGER_ZONE).sum()),
        "largest_ratio": float(finite.max()) if finite.size else float("nan"),
        "days_without_ratio": int(load.ratios["returning_from_break"].sum()),
        "largest_spike_percent": largest,
        "largest_spike_band": str(spike_band([largest])[0]) if has_spike else "",
        "runs_after_30_days_off": int((load.spikes["band"] == NO_RECENT_RUN).sum()),
    }


def describe_plan(name: str, summary: dict, ratio: str = "coupled") -> str:
    """The simulator's text summary of one plan, as short HTML (for screen readers too)."""
    weeks = summary["weeks_to_target"]
    reached = f"reaches the target in week {weeks}" if weeks else "does not reach the target in this time"
    jump = summary["largest_jump_percent"]
    spike = summary["largest_spike_percent"]
    spike_text = (f"{spike:+.0f} % against the longest run of the 30 days before ({summary['largest_spike_band']})"
                  if np.isfinite(spike) else "none to compare yet")
    lines = [
        f"<b>{name}</b> {reached}.",
        f"Largest week-on-week jump: {jump:+.0f} %." if np.isfinite(jump) else "",
        f"{_sentence(RATIO_FORMS[ratio])}: above 1.3 on {summary['days_over_sweet_spot']} days, "
        f"1.5 or more on {summary['days_in_danger_zone']} days (team-sport thresholds).",
        f"Days with no ratio after a break: {summary['days_without_ratio']}." if summary["days_without_ratio"] else "",
        f"Largest single-run spike: {spike_text}.",
        f"First runs after 30 days off: {summary['runs_after_30_days_off']}." if summary["runs_after_30_days_off"] else "",
    ]
    return " ".join(line for line in lines if line)


def readable_weeks(weeks: pd.DataFrame) -> pd.DataFrame:
    """A weekly plan or log as a table a learner reads: km and miles, rounded, plain headers."""
    table = pd.DataFrame(index=pd.RangeIndex(1, len(weeks) + 1, name="Week"))
    if "week_start" in weeks:
        table["Monday"] = pd.to_datetime(weeks["week_start"]).dt.strftime("%d %b %Y").to_numpy()
    if "kind" in weeks:
        table["Kind of week"] = weeks["kind"].to_numpy()
    table["Distance (km)"] = weeks["distance_km"].round(1).to_numpy()
    table["Distance (mi)"] = (weeks["distance_km"] / KM_PER_MILE).round(1).to_numpy()
    change = weeks["change_percent"].to_numpy(float)
    table["Change on the week before (%)"] = [
        "" if np.isnan(value) else "from zero" if np.isinf(value) else "0" if round(value) == 0 else f"{value:+.0f}"
        for value in change
    ]
    return table
