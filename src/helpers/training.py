"""Lesson 06 model: training load from a running log or a planned build-up.

Pure pandas/numpy: activities in, tables out. Every measure looks only backwards in
time (a day's value never depends on a later day). Conventions, stated so a learner can
question them:

* **Running** is the activity types in :data:`RUNNING_TYPES` (Run, Trail Run, Virtual
  Run, i.e. treadmill); rides, walks, swims and hikes do not count. Pass your own set
  to change that.
* **Days** are the runner's *local* calendar dates (the importer converts a UTC start
  time to the runner's zone before taking the date). Days without a run count as 0 km.
* **Weeks** run Monday to Sunday (ISO 8601).
* **Acute:chronic workload ratio (ACWR)**, three published forms, all as the ``acwr``
  package (PyPI, 0.1.1) computes them, so that results are the same:

  - *coupled* (rolling average, "RAC"): mean of the last 7 days ÷ mean of the last 28
    days, today included in both (Gabbett 2016). The acute week sits inside the
    chronic month, so the ratio cannot exceed 28/7 = 4 and is pulled towards 1
    (Lolli et al. 2019a).
  - *uncoupled* ("RAU"): mean of the last 7 days ÷ mean of the 21 days before them.
  - *EWMA*: exponentially weighted means, ``E_t = λ·x_t + (1 − λ)·E_{t−1}`` with
    ``λ = 2/(N + 1)``: λ = 0.25 for N = 7 days, ≈ 0.069 for N = 28 days
    (Williams et al. 2017); started at the first day's load (pandas ``adjust=False``).

  No ratio is given until 28 days of history exist. Where the chronic load is zero
  (no running in the 3–4 weeks before) the ratio is not a number (``inf`` or ``NaN``,
  as in ``acwr``) and the day is flagged ``returning_from_break``.
* **Week-over-week change**: calendar weeks (this Monday–Sunday against the one before)
  and trailing 7 days (the last 7 days against the 7 before them), in percent.
* **Single-run spike** (Nielsen et al. 2025): each run's distance against the longest
  single run of the previous 30 days (the run's own day excluded), in the study's
  bands: up to 10 % longer, 10–30 %, 30–100 %, over 100 %.

None of these measures has been studied for low back pain; the ratio's thresholds come
from team sport (Gabbett 2016) and are disputed (Impellizzeri et al. 2021).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.activity_import import (  # noqa: F401  (the lesson's interface)
    SAMPLE_TIMEZONE, LogImportError, read_log, sample_log_path,
)
from helpers.units import KM_PER_MILE

RUNNING_TYPES: frozenset[str] = frozenset({"Run", "Trail Run", "Virtual Run"})
WEEK_CONVENTION = "Monday to Sunday"
ACUTE_DAYS = 7
CHRONIC_DAYS = 28
SPIKE_LOOKBACK_DAYS = 30
#: Nielsen et al. 2025's bands: (label, upper edge in percent), lower edge exclusive.
SPIKE_BANDS: tuple[tuple[str, float], ...] = (
    ("up to 10 %", 10.0),
    ("10–30 %", 30.0),
    ("30–100 %", 100.0),
    ("over 100 %", np.inf),
)
NO_RECENT_RUN = "first run in 30 days"
TOO_EARLY = "under 30 days of history"
#: Team-sport reference values (Gabbett 2016): "sweet spot" 0.8–1.3, "danger zone" ≥ 1.5.
SWEET_SPOT = (0.8, 1.3)
DANGER_ZONE = 1.5
RATIO_FORMS = {"coupled": "coupled 7/28-day ratio", "uncoupled": "uncoupled 7/21-day ratio", "ewma": "EWMA ratio"}
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


# --- activities to days and weeks -------------------------------------------------


def _local_dates(activities: pd.DataFrame) -> pd.Series:
    if "local_date" in activities:
        return pd.to_datetime(activities["local_date"])
    if "start_local" in activities:
        start = pd.to_datetime(activities["start_local"])
        if start.dt.tz is not None:  # keep the local wall-clock date, never the UTC one
            start = start.dt.tz_localize(None)
        return start.dt.normalize()
    raise ValueError("The activities table needs a 'local_date' or 'start_local' column.")


def running_activities(activities: pd.DataFrame, running_types: frozenset[str] | set[str] = RUNNING_TYPES) -> pd.DataFrame:
    """The runs among ``activities``: columns ``local_date`` (datetime64) and ``distance_km``."""
    for column in ("activity_type", "distance_km"):
        if column not in activities:
            raise ValueError(f"The activities table needs a {column!r} column.")
    dates = _local_dates(activities)
    keep = activities["activity_type"].isin(running_types).to_numpy() & activities["distance_km"].notna().to_numpy()
    return pd.DataFrame({"local_date": dates[keep].to_numpy(), "distance_km": activities["distance_km"][keep].to_numpy(float)})


def _runs_and_days(activities: pd.DataFrame, running_types: frozenset[str] | set[str]) -> tuple[pd.DataFrame, pd.DatetimeIndex, np.ndarray]:
    """The runs, every day from the first to the last activity, and each run's day number."""
    runs = running_activities(activities, running_types)
    dates = _local_dates(activities)
    if dates.isna().all():
        raise ValueError("The activities table has no dated activities.")
    days = pd.date_range(dates.min(), dates.max(), freq="D", name="local_date")
    day_number = ((runs["local_date"] - days[0]) // pd.Timedelta(days=1)).to_numpy(int)
    return runs, days, day_number


def _per_day(days: pd.DatetimeIndex, day_number: np.ndarray, distance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    total = np.bincount(day_number, weights=distance, minlength=len(days))
    longest = np.zeros(len(days))
    np.maximum.at(longest, day_number, distance)
    return total, longest


def daily_distance(activities: pd.DataFrame, running_types: frozenset[str] | set[str] = RUNNING_TYPES) -> pd.Series:
    """Running distance (km) per local calendar date, rest days 0, first to last activity.

    Several runs on one day are added. Only ``running_types`` count (default
    :data:`RUNNING_TYPES`). Returns a Series named ``distance_km`` with a complete daily
    ``DatetimeIndex`` (the form the ``acwr`` package takes).
    """
    runs, days, day_number = _runs_and_days(activities, running_types)
    total, _ = _per_day(days, day_number, runs["distance_km"].to_numpy())
    return pd.Series(total, index=days, name="distance_km")


def daily_longest_run(activities: pd.DataFrame, running_types: frozenset[str] | set[str] = RUNNING_TYPES) -> pd.Series:
    """The longest single run (km) on each local date, 0 on rest days."""
    runs, days, day_number = _runs_and_days(activities, running_types)
    _, longest = _per_day(days, day_number, runs["distance_km"].to_numpy())
    return pd.Series(longest, index=days, name="longest_km")


def _values(daily: pd.Series) -> np.ndarray:
    values = np.asarray(daily, dtype=float)
    if values.size == 0:
        raise ValueError("There are no days to analyse.")
    if np.isnan(values).any() or (values < 0).any():
        raise ValueError("Daily distances must be numbers of 0 or more.")
    return values


def weekly_totals(daily: pd.Series) -> pd.DataFrame:
    """Calendar-week totals, Monday to Sunday, and the change from the week before.

    Columns: ``week_start`` (Monday), ``week_end`` (Sunday), ``days_in_log`` (1–7: the
    first and last weeks may be partial), ``distance_km``, ``change_percent``
    (``(this − previous) / previous × 100``; ``inf`` after a week of 0, ``NaN`` for
    the first week or two weeks of 0), as ``acwr.block_change`` with ``W-SUN`` weeks.
    """
    values = _values(daily)
    first_day = pd.Timestamp(daily.index[0]).normalize()
    offset = first_day.weekday()  # days from the first Monday to the first day
    week_number = (np.arange(values.size) + offset) // 7
    totals = np.bincount(week_number, weights=values)
    days_in_log = np.bincount(week_number)
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.concatenate(([np.nan], (totals[1:] - totals[:-1]) / totals[:-1] * 100.0))
    week_start = first_day - pd.Timedelta(days=offset) + pd.to_timedelta(np.arange(totals.size) * 7, unit="D")
    return pd.DataFrame(
        {
            "week_start": week_start,
            "week_end": week_start + pd.Timedelta(days=6),
            "days_in_log": days_in_log,
            "distance_km": totals,
            "change_percent": change,
        }
    )


def trailing_week_change(daily: pd.Series, window: int = ACUTE_DAYS) -> pd.Series:
    """Percent change of the last ``window`` days' total against the ``window`` days before.

    ``NaN`` for the first ``2 × window − 1`` days; ``inf`` after ``window`` days of rest
    (as ``acwr.week_to_week_change``).
    """
    current = pd.Series(_values(daily)).rolling(window=window, min_periods=window).sum().to_numpy()
    previous = np.concatenate((np.full(min(window, current.size), np.nan), current[:-window]))
    with np.errstate(divide="ignore", invalid="ignore"):
        change = (current - previous) / previous * 100.0
    return pd.Series(change, index=daily.index, name="trailing_change_percent")


def load_ratios(daily: pd.Series, acute: int = ACUTE_DAYS, chronic: int = CHRONIC_DAYS) -> pd.DataFrame:
    """The acute:chronic workload ratio in its three forms, day by day.

    With ``x`` the daily distance and windows ending today (inclusive):

    * ``acute`` = mean of the last 7 days; ``chronic`` = mean of the last 28 days;
      ``coupled`` = acute / chronic (Gabbett 2016; Lolli et al. 2019a on the coupling).
    * ``chronic_uncoupled`` = mean of the 21 days before the acute week;
      ``uncoupled`` = acute / chronic_uncoupled.
    * ``ewma_acute``, ``ewma_chronic``: ``E_t = λ x_t + (1 − λ) E_{t−1}``, ``E_0 = x_0``,
      λ = 2/(N + 1) for N = 7 and 28 (Williams et al. 2017); ``ewma`` = their ratio.
    * ``returning_from_break``: a chronic load (coupled or uncoupled) is zero, so no
      ratio exists (``inf`` or ``NaN``). All ratios are ``NaN`` before day 28.

    Uses the same pandas operations as the ``acwr`` package, so the numbers are equal.
    """
    if chronic <= acute or acute < 1:
        raise ValueError("The chronic window must be longer than the acute window (for example 28 and 7 days).")
    values = pd.Series(_values(daily))
    acute_mean = values.rolling(window=acute, min_periods=acute).mean().to_numpy()
    chronic_mean = values.rolling(window=chronic, min_periods=chronic).mean().to_numpy()
    uncoupled_days = chronic - acute
    chronic_uncoupled = values.shift(acute).rolling(window=uncoupled_days, min_periods=uncoupled_days).mean().to_numpy()
    ewma_acute = values.ewm(alpha=2.0 / (acute + 1.0), adjust=False, min_periods=acute).mean().to_numpy()
    ewma_chronic = values.ewm(alpha=2.0 / (chronic + 1.0), adjust=False, min_periods=chronic).mean().to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):  # x/0 gives inf and 0/0 NaN, as in acwr
        table = pd.DataFrame(
            {
                "acute": acute_mean,
                "chronic": chronic_mean,
                "coupled": acute_mean / chronic_mean,
                "chronic_uncoupled": chronic_uncoupled,
                "uncoupled": acute_mean / chronic_uncoupled,
                "ewma_acute": ewma_acute,
                "ewma_chronic": ewma_chronic,
                "ewma": ewma_acute / ewma_chronic,
            },
            index=daily.index,
        )
    table["returning_from_break"] = (table["chronic"] == 0) | (table["chronic_uncoupled"] == 0)
    return table


def steady_growth_ratio(increase_percent: float, form: str = "coupled") -> float:
    """The ratio at the end of a week when weekly distance has grown steadily for 4+ weeks.

    With growth factor ``q = 1 + increase/100`` and each week's load spread evenly:
    coupled 7/28 = 4q³/(q³ + q² + q + 1); uncoupled 7/21 = 3q³/(q² + q + 1)
    (algebra in the course's evidence sheet; checked against :func:`load_ratios`).
    """
    q = 1.0 + increase_percent / 100.0
    if form == "coupled":
        return 4 * q**3 / (q**3 + q**2 + q + 1)
    if form == "uncoupled":
        return 3 * q**3 / (q**2 + q + 1)
    raise ValueError("Steady-growth formulas exist for the 'coupled' and 'uncoupled' ratios.")


def spike_band(spike_percent: np.ndarray | pd.Series) -> np.ndarray:
    """Nielsen et al. 2025's band for each spike (percent longer than the 30-day longest run)."""
    spike = np.round(np.asarray(spike_percent, dtype=float), 9)  # 13 km after 10 km is 30 %, not 30.000000000000004
    conditions = [spike <= edge for _, edge in SPIKE_BANDS]
    return np.select(conditions, [label for label, _ in SPIKE_BANDS], default="")


def run_spikes(
    activities: pd.DataFrame,
    running_types: frozenset[str] | set[str] = RUNNING_TYPES,
    lookback_days: int = SPIKE_LOOKBACK_DAYS,
) -> pd.DataFrame:
    """Each run against the longest single run of the previous 30 days (Nielsen et al. 2025).

    ``spike_percent`` = (run / longest previous run − 1) × 100. The run's own day is not
    part of the 30 days, so two runs on one day are not compared with each other. A run
    in the first 30 days of the log gets band :data:`TOO_EARLY`; a run with no run in
    the 30 days before gets :data:`NO_RECENT_RUN` (a return from a break), both with no
    percentage.
    """
    runs, days, day_number = _runs_and_days(activities, running_types)
    _, longest = _per_day(days, day_number, runs["distance_km"].to_numpy())
    return _spikes(runs, day_number, longest, lookback_days)


def _spikes(runs: pd.DataFrame, day_number: np.ndarray, longest: np.ndarray, lookback_days: int) -> pd.DataFrame:
    before = pd.Series(longest).shift(1).rolling(window=lookback_days, min_periods=lookback_days).max().to_numpy()
    previous = before[day_number]
    distance = runs["distance_km"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        spike = np.where(previous > 0, (distance / previous - 1.0) * 100.0, np.nan)
    band = np.where(np.isnan(previous), TOO_EARLY, np.where(previous == 0, NO_RECENT_RUN, spike_band(spike)))
    return pd.DataFrame({"local_date": runs["local_date"].to_numpy(), "distance_km": distance,
                         "longest_previous_km": previous, "spike_percent": spike, "band": band})


@dataclass(frozen=True)
class TrainingLoad:
    """Every measure of one log or plan: days, weeks, ratios and single-run spikes."""

    daily: pd.Series
    weekly: pd.DataFrame
    trailing_change: pd.Series
    ratios: pd.DataFrame
    spikes: pd.DataFrame


def analyse(activities: pd.DataFrame, running_types: frozenset[str] | set[str] = RUNNING_TYPES) -> TrainingLoad:
    """All the measures of this module for one activities table."""
    runs, days, day_number = _runs_and_days(activities, running_types)
    total, longest = _per_day(days, day_number, runs["distance_km"].to_numpy())
    return _measures(days, total, longest, runs, day_number)


def _measures(days: pd.DatetimeIndex, total: np.ndarray, longest: np.ndarray, runs: pd.DataFrame,
              day_number: np.ndarray) -> TrainingLoad:
    daily = pd.Series(total, index=days, name="distance_km")
    return TrainingLoad(
        daily=daily,
        weekly=weekly_totals(daily),
        trailing_change=trailing_week_change(daily),
        ratios=load_ratios(daily),
        spikes=_spikes(runs, day_number, longest, SPIKE_LOOKBACK_DAYS),
    )


# --- plans ---------------------------------------------------------------------------


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


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


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
