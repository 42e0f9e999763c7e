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

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.lazy import lazy_names
from helpers.activity_import import (  # noqa: F401  (the lesson's interface)
    SAMPLE_TIMEZONE, LogImportError, read_log, sample_log_path,
)

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


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


#: The plans live in :mod:`helpers.training_plans` (to keep each module under ~500 lines) and are
#: names of this module too: ``training.ramp_plan`` as before.
PLAN_NAMES = ("PLAN_START", "RETURN_STRATEGIES", "RUN_DAYS", "describe_plan", "plan_days", "plan_load", "plan_summary",
              "ramp_plan", "readable_weeks", "ten_percent_rule", "walk_run_progression", "weeks_to_target")
__getattr__, __dir__ = lazy_names(globals(), dict.fromkeys(PLAN_NAMES, "helpers.training_plans"))
