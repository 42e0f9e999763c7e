"""Lesson 06 model: daily distance, weekly totals, load ratios, spikes and plans.

The ``acwr`` package (PyPI, a test-only dependency) is the oracle for the ratios and
week-on-week changes: same daily series in, same numbers out.
"""

from __future__ import annotations

import datetime as dt

import acwr
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import training
from helpers.units import KM_PER_MILE


def activities(rows: list[tuple]) -> pd.DataFrame:
    """An activities table as the importer returns it, from (start_local, type, km) rows."""
    start = pd.Series(pd.to_datetime([row[0] for row in rows]))
    if start.dt.tz is None:
        start = start.dt.tz_localize("Europe/London")
    return pd.DataFrame(
        {
            "start_local": start,
            "local_date": [stamp.date() for stamp in start],
            "activity_type": [row[1] for row in rows],
            "distance_km": [float(row[2]) for row in rows],
            "moving_s": np.nan,
            "elapsed_s": np.nan,
            "source": [f"test.csv row {number}" for number in range(2, len(rows) + 2)],
        }
    )


def random_daily(days: int, seed: int, dyadic: bool = False, rest: float = 0.45) -> pd.Series:
    rng = np.random.default_rng(seed)
    distance = np.where(rng.random(days) < rest, 0.0, rng.gamma(3.0, 3.0, days))
    if dyadic:  # multiples of 1/8 km: every sum is exact, so any summation order agrees
        distance = np.round(distance * 8) / 8
    return pd.Series(distance, index=pd.date_range("2016-01-04", periods=days, freq="D", name="local_date"))


# --- activities to days ------------------------------------------------------------------


def test_daily_distance_counts_only_running_and_fills_rest_days() -> None:
    log = activities([
        ("2025-03-03 07:00", "Run", 8.0),
        ("2025-03-03 18:00", "Virtual Run", 5.0),
        ("2025-03-04 07:00", "Ride", 40.0),
        ("2025-03-05 07:00", "Walk", 3.0),
        ("2025-03-06 07:00", "Trail Run", 12.5),
        ("2025-03-07 07:00", "Swim", 1.5),
    ])
    daily = training.daily_distance(log)
    assert list(daily.index.strftime("%Y-%m-%d")) == ["2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06", "2025-03-07"]
    assert daily.tolist() == [13.0, 0.0, 0.0, 12.5, 0.0]
    assert daily.name == "distance_km" and daily.index.freqstr == "D"


def test_running_types_are_configurable() -> None:
    log = activities([("2025-03-03 07:00", "Run", 8.0), ("2025-03-04 07:00", "Hike", 10.0)])
    assert training.daily_distance(log, running_types={"Run", "Hike"}).tolist() == [8.0, 10.0]
    assert training.daily_distance(log).tolist() == [8.0, 0.0]
    assert training.RUNNING_TYPES == {"Run", "Trail Run", "Virtual Run"}


def test_a_late_evening_run_counts_on_its_local_date_not_the_utc_one() -> None:
    # 23:30 in New York on 3 March is 04:30 UTC on 4 March.
    start = pd.Series(pd.to_datetime(["2025-03-03 23:30", "2025-03-05 07:00"])).dt.tz_localize("America/New_York")
    log = pd.DataFrame({"start_local": start, "activity_type": "Run", "distance_km": [10.0, 5.0]})
    daily = training.daily_distance(log)  # no local_date column: taken from start_local
    assert daily.index[0] == pd.Timestamp("2025-03-03") and daily.tolist() == [10.0, 0.0, 5.0]


def test_daily_distance_explains_a_table_without_dates() -> None:
    with pytest.raises(ValueError, match="local_date"):
        training.daily_distance(pd.DataFrame({"activity_type": ["Run"], "distance_km": [5.0]}))


def test_weekly_totals_run_monday_to_sunday() -> None:
    # Wednesday 5 March to Tuesday 18 March 2025: a partial first and last week.
    days = pd.date_range("2025-03-05", "2025-03-18", freq="D")
    daily = pd.Series(1.0, index=days)
    weekly = training.weekly_totals(daily)
    assert [day.strftime("%a %d") for day in weekly["week_start"]] == ["Mon 03", "Mon 10", "Mon 17"]
    assert [day.strftime("%a") for day in weekly["week_end"]] == ["Sun"] * 3
    assert weekly["days_in_log"].tolist() == [5, 7, 2]
    assert weekly["distance_km"].tolist() == [5.0, 7.0, 2.0]
    assert weekly["change_percent"].iloc[1] == pytest.approx(40.0)
    assert training.WEEK_CONVENTION == "Monday to Sunday"


# --- the acwr package as oracle --------------------------------------------------------------

FORMS = {"rac": "coupled", "rau": "uncoupled", "ewma": "ewma"}


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("method", list(FORMS))
def test_ratios_are_identical_to_the_acwr_package(method: str, seed: int) -> None:
    daily = random_daily(400, seed)
    ours = training.load_ratios(daily)
    theirs = acwr.acwr(daily, method=method, return_components=True)
    chronic = "chronic_uncoupled" if method == "rau" else "chronic"
    prefix = "ewma_" if method == "ewma" else ""
    np.testing.assert_array_equal(ours[FORMS[method]].to_numpy(), theirs["acwr"].to_numpy())
    np.testing.assert_array_equal(ours[prefix + "acute"].to_numpy(), theirs["acute"].to_numpy())
    np.testing.assert_array_equal(ours[prefix + chronic].to_numpy(), theirs["chronic"].to_numpy())


def test_ratios_match_acwr_through_a_break_inf_and_nan_included() -> None:
    daily = random_daily(200, 5)
    daily.iloc[60:100] = 0.0  # a 40-day break
    ours = training.load_ratios(daily)
    for method, form in FORMS.items():
        np.testing.assert_array_equal(ours[form].to_numpy(), acwr.acwr(daily, method=method).to_numpy())
    assert np.isinf(ours["uncoupled"]).any() and ours["coupled"].iloc[87:99].isna().all()


@pytest.mark.parametrize("seed", [0, 3])
def test_trailing_change_is_identical_to_acwr_week_to_week(seed: int) -> None:
    daily = random_daily(300, seed)
    daily.iloc[100:110] = 0.0
    expected = acwr.week_to_week_change(daily).to_numpy()
    np.testing.assert_array_equal(training.trailing_week_change(daily).to_numpy(), expected)


@pytest.mark.parametrize("start", ["2016-01-04", "2016-01-07", "2016-01-10"])  # Monday, Thursday, Sunday
def test_calendar_weeks_match_acwr_block_change(start: str) -> None:
    daily = random_daily(200, 4, dyadic=True)
    daily.index = pd.date_range(start, periods=200, freq="D")
    daily.iloc[50:64] = 0.0
    ours = training.weekly_totals(daily)
    theirs = acwr.block_change(daily, week_ends="W-SUN")
    np.testing.assert_array_equal(ours["week_end"].to_numpy(), theirs.index.to_numpy())
    np.testing.assert_array_equal(ours["days_in_log"].to_numpy(), theirs["n_days"].to_numpy())
    np.testing.assert_array_equal(ours["distance_km"].to_numpy(), theirs["total"].to_numpy())  # exact sums
    np.testing.assert_array_equal(ours["change_percent"].to_numpy(), theirs["change"].to_numpy())


def test_calendar_weeks_match_acwr_on_unrounded_distances() -> None:
    daily = random_daily(400, 8)
    ours, theirs = training.weekly_totals(daily), acwr.block_change(daily)
    np.testing.assert_allclose(ours["distance_km"], theirs["total"], rtol=1e-14)
    np.testing.assert_allclose(ours["change_percent"], theirs["change"], rtol=1e-12)


# --- definitions -------------------------------------------------------------------------------


def test_no_ratio_until_28_days_of_history() -> None:
    ratios = training.load_ratios(random_daily(60, 1, rest=0.0))
    for form in training.RATIO_FORMS:
        assert ratios[form].iloc[:27].isna().all() and ratios[form].iloc[27:].notna().all()


def test_acwr_docstring_example_four_weeks_then_a_double_week() -> None:
    daily = pd.Series([50.0] * 28 + [100.0] * 7, index=pd.date_range("2026-01-01", periods=35))
    ratios = training.load_ratios(daily)
    assert ratios["coupled"].iloc[-1] == pytest.approx(1.6)
    assert ratios["uncoupled"].iloc[-1] == pytest.approx(2.0)


def test_ewma_uses_williams_lambda() -> None:
    daily = pd.Series([0.0] * 27 + [10.0], index=pd.date_range("2026-01-01", periods=28))
    ratios = training.load_ratios(daily)
    assert ratios["ewma_acute"].iloc[-1] == pytest.approx(10 * 0.25)
    assert ratios["ewma_chronic"].iloc[-1] == pytest.approx(10 * 2 / 29)


def test_returning_from_a_break_has_no_ratio_and_is_flagged() -> None:
    daily = pd.Series([5.0] * 40 + [0.0] * 30 + [5.0] * 10, index=pd.date_range("2025-01-01", periods=80))
    ratios = training.load_ratios(daily)
    first_run_back = 70
    assert ratios["returning_from_break"].iloc[first_run_back]
    assert np.isinf(ratios["uncoupled"].iloc[first_run_back])  # 7-day load over 21 empty days
    assert np.isnan(ratios["coupled"].iloc[first_run_back - 1])  # 28 empty days: 0 / 0
    assert not ratios["returning_from_break"].iloc[:40].any()
    back = ratios["ewma"].iloc[first_run_back:]
    assert np.isfinite(back).all() and back.max() > 2  # EWMA still gives a number, and a high one


@pytest.mark.parametrize("increase", [0.0, 0.05, 0.10, 0.20, 0.36])
def test_steady_growth_algebra_from_the_evidence_sheet(increase: float) -> None:
    q = 1 + increase
    weeks = 12
    daily = pd.Series(np.repeat(q ** np.arange(weeks), 7), index=pd.date_range("2025-01-06", periods=7 * weeks))
    ratios = training.load_ratios(daily).iloc[-1]  # a Sunday: the acute window is one whole week
    assert ratios["coupled"] == pytest.approx(4 * q**3 / (q**3 + q**2 + q + 1), rel=1e-12)
    assert ratios["uncoupled"] == pytest.approx(3 * q**3 / (q**2 + q + 1), rel=1e-12)
    assert ratios["coupled"] == pytest.approx(training.steady_growth_ratio(100 * increase), rel=1e-12)


def coupled_at(increase: float) -> float:
    return training.steady_growth_ratio(100 * increase, "coupled")


def uncoupled_at(increase: float) -> float:
    return training.steady_growth_ratio(100 * increase, "uncoupled")


def test_the_evidence_sheet_numbers_for_steady_growth() -> None:
    assert round(coupled_at(0.10), 3) == 1.147 and round(coupled_at(0.20), 3) == 1.288
    assert round(uncoupled_at(0.10), 3) == 1.206
    assert uncoupled_at(0.23) < 1.5 < uncoupled_at(0.24)  # "1.5 at 23 %"
    assert coupled_at(0.36) < 1.5 < coupled_at(0.37)  # "1.5 only at 36 %"
    assert coupled_at(10.0) < 4.0


def test_coupled_ratio_cannot_exceed_four() -> None:
    daily = pd.Series([0.0] * 40 + [20.0] * 7, index=pd.date_range("2025-01-01", periods=47))
    assert training.load_ratios(daily)["coupled"].max() == pytest.approx(4.0)


# --- spikes -----------------------------------------------------------------------------------


def test_spike_bands_follow_nielsen_2025() -> None:
    bands = training.spike_band([-50, 0, 10, 10.01, 30, 30.5, 100, 100.1, 400])
    assert bands.tolist() == ["up to 10 %", "up to 10 %", "up to 10 %", "10–30 %", "10–30 %", "30–100 %", "30–100 %",
                              "over 100 %", "over 100 %"]


def test_each_run_is_compared_with_the_longest_of_the_previous_30_days() -> None:
    start = dt.datetime(2025, 1, 1, 8)
    rows = [(start + dt.timedelta(days=day), "Run", 10.0) for day in range(0, 40, 2)]
    rows += [(start + dt.timedelta(days=40), "Run", 13.0),  # 30 % longer than 10
             (start + dt.timedelta(days=40, hours=9), "Run", 12.0),  # same day: not compared with 13
             (start + dt.timedelta(days=42), "Ride", 100.0),
             (start + dt.timedelta(days=44), "Run", 26.5)]  # vs 13: 103.8 %
    spikes = training.run_spikes(activities([(str(row[0]), row[1], row[2]) for row in rows]))
    assert len(spikes) == 23  # the ride is not a run
    assert (spikes["band"].iloc[:15] == training.TOO_EARLY).all()  # days 0-28: under 30 days of history
    last = spikes.tail(3)
    assert last["longest_previous_km"].tolist() == [10.0, 10.0, 13.0]
    assert last["spike_percent"].round(1).tolist() == [30.0, 20.0, 103.8]
    assert last["band"].tolist() == ["10–30 %", "10–30 %", "over 100 %"]


def test_a_run_after_30_days_off_is_a_return_not_a_percentage() -> None:
    rows = [(f"2025-01-{day:02d} 08:00", "Run", 8.0) for day in range(1, 32)] + [("2025-03-15 08:00", "Run", 5.0)]
    last = training.run_spikes(activities(rows)).iloc[-1]
    assert last["band"] == training.NO_RECENT_RUN and np.isnan(last["spike_percent"])


# --- properties ------------------------------------------------------------------------------

daily_lists = st.lists(st.floats(0, 60, allow_nan=False).map(lambda km: km if km > 0.5 else 0.0), min_size=35, max_size=120)
RATIOS = ["coupled", "uncoupled", "ewma"]


def as_series(values: list[float]) -> pd.Series:
    return pd.Series(values, index=pd.date_range("2024-12-30", periods=len(values), freq="D"))


def same(a: np.ndarray, b: np.ndarray, rtol: float = 1e-9) -> None:
    assert np.array_equal(np.isnan(a), np.isnan(b)) and np.array_equal(np.isinf(a), np.isinf(b))
    finite = np.isfinite(a)
    np.testing.assert_allclose(a[finite], b[finite], rtol=rtol, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(daily_lists, st.integers(1, 200))
def test_no_measure_uses_future_days(values: list[float], cut_at: int) -> None:
    cut = min(cut_at, len(values))
    full, past = as_series(values), as_series(values[:cut])
    full_ratios, past_ratios = training.load_ratios(full), training.load_ratios(past)
    for column in RATIOS + ["acute", "chronic", "chronic_uncoupled", "ewma_chronic", "returning_from_break"]:
        same(full_ratios[column].to_numpy(float)[:cut], past_ratios[column].to_numpy(float), rtol=1e-12)
    same(training.trailing_week_change(full).to_numpy()[:cut], training.trailing_week_change(past).to_numpy(), 1e-12)
    full_weeks, past_weeks = training.weekly_totals(full), training.weekly_totals(past)
    complete = len(past_weeks) - 1  # the last week of the shorter log may be cut short
    same(full_weeks["distance_km"].to_numpy()[:complete], past_weeks["distance_km"].to_numpy()[:complete])


@settings(max_examples=40, deadline=None)
@given(daily_lists, st.integers(1, 200))
def test_spikes_use_no_future_runs(values: list[float], cut_at: int) -> None:
    log = as_series(values)
    rows = pd.DataFrame({"local_date": log.index.date, "activity_type": "Run", "distance_km": log.to_numpy()})
    rows = rows[rows["distance_km"] > 0]
    assume(len(rows) > 0)
    cut = min(cut_at, len(rows))
    full, past = training.run_spikes(rows), training.run_spikes(rows.iloc[:cut])
    same(full["spike_percent"].to_numpy()[:cut], past["spike_percent"].to_numpy())
    assert full["band"].tolist()[:cut] == past["band"].tolist()


@settings(max_examples=60, deadline=None)
@given(daily_lists, st.floats(0.01, 100))
def test_scaling_all_distances_leaves_every_ratio_unchanged(values: list[float], factor: float) -> None:
    base, scaled = training.load_ratios(as_series(values)), training.load_ratios(as_series([v * factor for v in values]))
    for column in RATIOS + ["returning_from_break"]:
        same(base[column].to_numpy(float), scaled[column].to_numpy(float))
    same(training.trailing_week_change(as_series(values)).to_numpy(),
         training.trailing_week_change(as_series([v * factor for v in values])).to_numpy())


@settings(max_examples=40, deadline=None)
@given(daily_lists)
def test_km_and_miles_give_the_same_ratios_and_spikes(values: list[float]) -> None:
    km = pd.DataFrame({"local_date": as_series(values).index.date, "activity_type": "Run", "distance_km": values})
    miles = km.assign(distance_km=km["distance_km"] / KM_PER_MILE)
    in_km, in_miles = training.analyse(km), training.analyse(miles)
    for column in RATIOS:
        same(in_km.ratios[column].to_numpy(), in_miles.ratios[column].to_numpy())
    same(in_km.spikes["spike_percent"].to_numpy(), in_miles.spikes["spike_percent"].to_numpy())


# --- plans ----------------------------------------------------------------------------------


def test_ten_percent_rule_from_20_to_40_km() -> None:
    plan = training.ten_percent_rule(20, 40)
    assert plan["distance_km"].iloc[:3].round(2).tolist() == [20.0, 22.0, 24.2]
    assert training.weeks_to_target(plan, 40) == 9  # 20 × 1.1^7 = 38.97, × 1.1^8 = 42.9 → capped at 40
    assert plan["change_percent"].iloc[1:8].round(6).eq(10).all()
    assert plan["distance_km"].max() == 40 and (plan["kind"].iloc[8:] == "target").all()


def test_cutback_every_fourth_week_to_70_percent() -> None:
    plan = training.ramp_plan(30, 60, 10, cutback_every=4, cutback_percent=70)
    assert plan["kind"].iloc[:8].tolist() == ["build"] * 3 + ["cutback"] + ["build"] * 3 + ["cutback"]
    assert plan["distance_km"].iloc[3] == pytest.approx(30 * 1.1**2 * 0.7)
    assert plan["distance_km"].iloc[4] == pytest.approx(30 * 1.1**3)  # the level did not drop


def test_a_break_then_resume_restart_or_walk_run() -> None:
    common = dict(start_km=20, target_km=40, increase_percent=10, break_start_week=5, break_weeks=3)
    resume = training.ramp_plan(**common, return_strategy="resume")
    restart = training.ramp_plan(**common, return_strategy="restart")
    walk_run = training.ramp_plan(**common, return_strategy="walk-run")
    assert (resume["distance_km"].iloc[4:7] == 0).all() and (resume["kind"].iloc[4:7] == "break").all()
    assert resume["distance_km"].iloc[7] == pytest.approx(resume["distance_km"].iloc[3])
    assert restart["distance_km"].iloc[7] == 20
    steps = training.walk_run_progression()
    assert walk_run["distance_km"].iloc[7:13].tolist() == steps["running_km"].tolist()
    assert walk_run["distance_km"].iloc[13] == pytest.approx(steps["running_km"].iloc[-1] * 1.1)


def test_walk_run_progression_stages() -> None:
    steps = training.walk_run_progression(easy_speed_kmh=9.0, sessions_per_week=3)
    assert steps["session"].iloc[0] == "4 min walk / 1 min run × 4"
    assert steps["run_min_per_session"].tolist() == [4, 8, 12, 16, 18, 20]
    assert steps["running_km"].round(2).tolist() == [1.8, 3.6, 5.4, 7.2, 8.1, 9.0]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [((0, 40, 10), "Start distance"), ((50, 40, 10), "must not be above"), ((20, 40, 0), "above 0 %"),
     ((20, float("nan"), 10), "Target distance")],
)
def test_bad_plan_settings_raise_plain_messages(arguments: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        training.ramp_plan(*arguments)


def test_plan_days_put_the_long_run_on_sunday_and_keep_the_week_total() -> None:
    plan = training.ten_percent_rule(20, 30)
    days = training.plan_days(plan, runs_per_week=4, long_run_share=0.35)
    runs = days[days["activity_type"] == "Run"]
    assert runs.groupby("week")["distance_km"].sum().to_numpy() == pytest.approx(plan["distance_km"].to_numpy())
    long_runs = runs[runs["long_run"]]
    assert {day.weekday() for day in long_runs["local_date"]} == {6}
    assert long_runs["distance_km"].iloc[0] == pytest.approx(7.0)
    assert days["local_date"].iloc[0] == training.PLAN_START and days["local_date"].iloc[-1].weekday() == 6


def test_a_break_at_the_end_of_a_plan_keeps_its_days() -> None:
    plan = training.ramp_plan(20, 30, 10, weeks=10, break_start_week=9, break_weeks=2)
    load = training.analyse(training.plan_days(plan))
    assert len(load.daily) == 70 and (load.daily.iloc[-14:] == 0).all()


def test_steady_ten_percent_plan_summary() -> None:
    plan = training.ten_percent_rule(20, 40)
    load = training.analyse(training.plan_days(plan))
    summary = training.plan_summary(plan, load, 40)
    assert summary["weeks_to_target"] == 9
    assert summary["largest_jump_percent"] == pytest.approx(10.0)
    assert summary["days_in_danger_zone"] == 0 and summary["days_without_ratio"] == 0
    assert summary["largest_spike_percent"] == pytest.approx(10.0)  # each long run 10 % longer
    assert summary["largest_spike_band"] == "up to 10 %"


def test_a_long_break_then_resume_gives_the_highest_ratios() -> None:
    steady = training.ramp_plan(20, 40, 20)
    broken = training.ramp_plan(20, 40, 10, break_start_week=8, break_weeks=4, return_strategy="resume")
    steady_summary = training.plan_summary(steady, training.analyse(training.plan_days(steady)), 40, "ewma")
    broken_summary = training.plan_summary(broken, training.analyse(training.plan_days(broken)), 40, "ewma")
    assert broken_summary["largest_ratio"] > 2 > steady_summary["largest_ratio"]
    assert broken_summary["runs_after_30_days_off"] == 0  # 4 weeks off: the last long run is 29 days back
    assert broken_summary["days_without_ratio"] > 0


@pytest.mark.parametrize("runs_per_week", [1, 3, 4, 6, 7])
def test_plan_load_equals_the_analysis_of_the_plan_days(runs_per_week: int) -> None:
    plan = training.ramp_plan(20, 50, 15, cutback_every=3, break_start_week=6, break_weeks=5, return_strategy="walk-run")
    fast = training.plan_load(plan, runs_per_week=runs_per_week, long_run_share=0.4)
    slow = training.analyse(training.plan_days(plan, runs_per_week=runs_per_week, long_run_share=0.4))
    pd.testing.assert_series_equal(fast.daily, slow.daily)
    pd.testing.assert_frame_equal(fast.ratios, slow.ratios)
    pd.testing.assert_frame_equal(fast.weekly, slow.weekly)
    pd.testing.assert_frame_equal(fast.spikes.reset_index(drop=True), slow.spikes, check_dtype=False)


def test_readable_weeks_show_km_and_miles() -> None:
    table = training.readable_weeks(training.ramp_plan(20, 30, 10, break_start_week=3, break_weeks=1))
    assert list(table.columns) == ["Kind of week", "Distance (km)", "Distance (mi)", "Change on the week before (%)"]
    assert table["Distance (mi)"].iloc[0] == 12.4
    assert table["Change on the week before (%)"].tolist()[:5] == ["", "+10", "-100", "from zero", "+10"]


def test_daily_distance_matches_acwr_daily_load() -> None:
    log = activities([(f"2025-03-{day:02d} 07:00", "Run", 3.3 * day % 17) for day in range(1, 29, 2)])
    expected = acwr.daily_load(pd.DataFrame({"date": log["local_date"], "load": log["distance_km"]}))
    np.testing.assert_array_equal(training.daily_distance(log).to_numpy(), expected.to_numpy())


def test_the_lesson_interface_reexports_the_importer() -> None:
    from helpers import activity_import

    assert training.read_log is activity_import.read_log
    assert training.sample_log_path is activity_import.sample_log_path
    activities, report = training.read_log(training.sample_log_path(), timezone=training.SAMPLE_TIMEZONE)
    load = training.analyse(activities)
    runs = activities[activities["activity_type"].isin(training.RUNNING_TYPES)]
    assert load.daily.sum() == pytest.approx(runs["distance_km"].sum())
    assert len(load.spikes) == len(runs) and set(report.columns) >= {"row", "reason"}
