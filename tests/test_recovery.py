"""Lesson 09: the return-to-run planner, its pain rules, the treatments table and the widget (kernel side)."""

from __future__ import annotations

import html
import json
import math
from datetime import datetime, timezone
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers import plan as plan_model
from helpers import recovery, recovery_sessions, training
from helpers.data import load_table
from helpers.figures.recovery import evidence_figure, plan_figure, plan_output
from helpers.references import references
from helpers.selfcheck import assess, sample_answers
from helpers.selfcheck_store import download_text
from helpers.widgets import FigureApp

RUNNER = dict(weeks_off=6, weekly_km_before=30, longest_km_before=12, walking_pain=0, morning_pain=1,
              brisk_walk_min=30)


def plan(**changes) -> recovery.ReturnPlan:
    return recovery.return_to_run_plan(**{**RUNNER, **changes})


# --- the model ----------------------------------------------------------------------


def test_a_runner_without_red_flags_gets_the_template_from_4_to_20_minutes() -> None:
    result = plan(level="self-care")
    assert result.status == "plan" and result.message.startswith("22 weeks: walk–run for 6 weeks until you run 20 "
                                                                 "minutes without walking, then 16 more weeks")
    first = result.sessions.iloc[0]
    assert (first["phase"], first["run_min"], first["walk_min"], first["blocks"]) == ("walk–run", 4.0, 16.0, 4)
    # the session's distance as a watch records it: 4 min at 9 km/h and 16 min at the assumed walking speed
    assert first["run_km"] == pytest.approx((4 * 9 + 16 * recovery.WALK_SPEED_KMH) / 60)
    assert first["running_km"] == pytest.approx(4 * 9 / 60)
    walk_run = result.sessions[result.sessions["phase"] == "walk–run"]
    assert walk_run["run_min"].iloc[-1] == recovery.SESSION_MIN
    assert (walk_run["run_min"] + walk_run["walk_min"] == recovery.SESSION_MIN).all()
    assert result.sessions["run_km"].iloc[-1] == pytest.approx(12.0)
    assert result.target_weekly_km == pytest.approx(30.0)


def test_a_plan_at_not_done_asks_for_the_red_flag_check_first() -> None:
    assert plan().message.startswith(recovery.SELF_CHECK_FIRST) and "lesson 08" in recovery.SELF_CHECK_FIRST
    assert not plan(level="self-care").message.startswith(recovery.SELF_CHECK_FIRST)
    assert plan().sessions.equals(plan(level="self-care").sessions)


def test_every_session_passes_lesson_06s_spike_check() -> None:
    result = plan()
    assert set(result.sessions["band"]) == {training.NO_RECENT_RUN, "up to 10 %"}
    assert result.sessions["band"].iloc[0] == training.NO_RECENT_RUN  # six weeks off: nothing to compare with
    assert (result.sessions["spike_percent"].dropna() <= 10 + 1e-9).all()


def test_after_a_short_break_the_old_runs_still_count_in_the_30_days() -> None:
    result = plan(weeks_off=2)
    assert result.sessions["longest_before_km"].iloc[0] == pytest.approx(12.0)
    assert result.sessions["band"].iloc[0] == "up to 10 %"


def test_the_plan_ends_once_a_full_week_is_back_at_the_old_level() -> None:
    last_week = plan().sessions.groupby("week").get_group(22)
    assert last_week["run_km"].tolist() == pytest.approx([9.0, 9.0, 12.0])
    weeks = plan().weeks
    assert len(weeks) == 22 and weeks["distance_km"].iloc[-1] == pytest.approx(30.0)
    assert weeks["running_km"].iloc[-1] == pytest.approx(30.0)  # continuous runs: all of it running
    assert weeks["phase"].tolist()[5:7] == ["walk–run", "continuous"]


def test_each_stage_comes_twice_then_the_next_as_far_as_the_spike_limit_allows() -> None:
    sessions = plan().sessions
    week_1, week_2, week_7 = (sessions[sessions["week"] == week] for week in (1, 2, 7))
    # Saturday of week 1: 8 minutes (2.2 km) would be 13.8 % over 4 minutes (1.93 km), so it runs 6:40 (2.12 km,
    # 4 × 1:40): running is rounded down to 5 s a block
    assert week_1["run_min"].tolist() == pytest.approx([4.0, 4.0, 6 + 2 / 3])
    assert week_1["run_km"].iloc[-1] <= 1.1 * week_1["run_km"].iloc[0] + 1e-9
    assert recovery.session_km(6 + 2 / 3 + 1 / 3, 20, 9) > 1.1 * week_1["run_km"].iloc[0]  # 20 s more would not fit
    assert week_2["run_min"].tolist() == pytest.approx([8.0, 8.0, 9 + 2 / 3])  # stage 2 twice, then a step to 12
    assert week_7["run_km"].tolist() == pytest.approx([3.0, 3.0, 3.3])  # after 20:00 at 9 km/h (3 km)


def test_without_a_limit_in_the_way_walk_run_is_the_template_each_stage_twice() -> None:
    # running no faster than walking: a session is 20 minutes at 5 km/h whatever the stage, so no step is a spike
    walk_run = plan(easy_speed_kmh=recovery.WALK_SPEED_KMH).sessions.query("phase == 'walk–run'")
    assert walk_run["run_min"].tolist()[:12] == [4, 4, 8, 8, 12, 12, 16, 16, 18, 18, 20, 20]
    assert int(walk_run["week"].max()) == 4


def test_after_a_short_break_from_short_runs_the_walking_is_cut_short() -> None:
    result = plan(weeks_off=0, weekly_km_before=2, longest_km_before=1)  # runs of 1 km until now
    first = result.sessions.iloc[0]
    assert first["longest_before_km"] == pytest.approx(1.0) and first["run_km"] <= 1.1 + 1e-9
    assert first["run_min"] == recovery.FIRST_RUN_MIN and first["session_min"] < recovery.SESSION_MIN
    assert set(result.sessions["band"]) == {"up to 10 %"}
    assert result.complete and result.weeks["running_km"].max() <= 2 + 1e-9
    session = plan_model.return_part(result).weeks[0][0]  # lesson 10 shows the shorter session as it is
    assert session.minutes == math.ceil(first["session_min"]) and session.distance_km == first["run_km"]
    assert session.title == "Walk–run: " + recovery.session_text(4, 4, first["session_min"])


def test_a_new_runner_stops_at_20_minutes_continuous() -> None:
    result = plan(weekly_km_before=0, longest_km_before=0)
    assert result.has_plan and result.complete
    assert result.sessions["run_km"].max() == pytest.approx(3.0)  # 20 min at 9 km/h
    assert result.weeks["distance_km"].iloc[-1] == pytest.approx(9.0)
    assert "of 20 minutes" in result.message and "a week cannot be rebuilt" not in result.message


def test_an_old_week_that_3_runs_cannot_rebuild_is_said_not_hidden() -> None:
    result = plan(weekly_km_before=60, longest_km_before=15)
    assert result.target_weekly_km == pytest.approx(45.0)
    assert "Your old 60 km a week cannot be rebuilt with 3 runs a week" in result.message
    assert "the plan ends at 45 km a week" in result.message
    assert result.weeks["running_km"].iloc[-1] == pytest.approx(45.0)


def test_the_20_minute_minimum_never_takes_a_week_past_the_old_weekly_distance() -> None:
    result = plan(weekly_km_before=5, longest_km_before=5)  # one 5 km run a week before
    assert result.weeks["running_km"].max() <= 5 + 1e-9
    assert result.sessions.groupby("week").size().iloc[-1] == 1
    assert result.target_weekly_km == pytest.approx(5.0)
    assert "fits in 1 run a week" in result.message
    short = plan(weekly_km_before=2, longest_km_before=1)  # 1 km runs: under 20 minutes
    assert short.goal.end_min == pytest.approx(6 + 2 / 3) and "walk–run ends at 6:40 of running" in short.message
    assert short.weeks["running_km"].max() <= 2 + 1e-9


def test_the_runs_before_the_break_are_never_longer_than_the_long_run() -> None:
    runs = recovery.history_runs(0, 5, 1.2)  # 5 km a week, long run 1.2 km: four easy runs of 0.95 km
    assert max(km for _, km in runs) == 1.2 and sum(km for day, km in runs if day >= -7) == pytest.approx(5.0)
    assert recovery.history_runs(6, 30, 12)[-3:] == [(-48, 9.0), (-46, 9.0), (-43, 12.0)]


def test_counts_are_singular_for_one() -> None:
    result = plan(weekly_km_before=1, longest_km_before=1)
    assert "then 1 more week of continuous runs" in result.message and "1 more weeks" not in result.message
    assert recovery.count_text(1, "week") == "1 week" and recovery.count_text(3, "run") == "3 runs"


def test_the_longest_plan_fits_in_52_weeks_and_one_that_does_not_says_where_it_stops(monkeypatch) -> None:
    longest = plan(weekly_km_before=200, longest_km_before=100, easy_speed_kmh=recovery.SPEED_RANGE_KMH[0])
    assert longest.complete and 45 < int(longest.sessions["week"].max()) <= recovery.MAX_WEEKS
    for module in (recovery, recovery_sessions):
        monkeypatch.setattr(module, "MAX_WEEKS", 20)
    result = plan(weekly_km_before=200, longest_km_before=100)
    assert not result.complete and int(result.sessions["week"].max()) == 20
    assert "The plan stops after 20 weeks at a long run of" in result.message


def test_the_30_percent_guard_drops_easy_runs_until_the_week_fits() -> None:
    assert recovery._fit_week([5.0, 5.0, 5.0], float("inf"), 10.0) == [0, 2]  # 15 > 13: Wednesday goes
    assert recovery._fit_week([5.0, 5.0, 5.0], float("inf"), 7.0) == [2]  # 10 > 9.1: Monday too
    assert recovery._fit_week([5.0, 5.0, 5.0], 12.0, 0.0) == [0, 2]  # the old weekly distance
    assert recovery._fit_week([5.0, 5.0, 5.0], float("inf"), 0.0) == [0, 1, 2]  # week 1: nothing to compare
    walk_run = {0: 2.0, 1: 2.0, 2: 2.0}  # the old week counts running only: 3 × 0.6 km of running fits 2 km
    assert recovery._fit_week(walk_run, 2.0, 0.0, {0: 0.6, 1: 0.6, 2: 0.6}) == [0, 1, 2]
    assert recovery._fit_week(walk_run, 2.0, 0.0, {0: 0.6, 1: 0.6, 2: 1.0}) == [0, 2]
    assert recovery._fit_week({0: 2.0, 2: 2.0}, float("inf"), 3.0) == [2]  # Wednesday already gone: Monday next


@pytest.mark.parametrize(("changes", "status", "words"), [
    (dict(level="urgent"), "see care", "Do not start running"),
    (dict(level="emergency", clinician_checked=True), "see care", "Emergency: go to an emergency department"),
    (dict(level="urgent", walking_pain=9), "see care", "Urgent: contact a doctor or NHS 111 today."),
    (dict(level="soon"), "check first", "self-check says 'soon'"),
    (dict(level="soon", clinician_checked=True), "plan", "weeks"),
    (dict(walking_pain=7), "check first", "7 out of 10"),
    (dict(morning_pain=8, clinician_checked=True), "plan", "weeks"),
    (dict(walking_pain=1), "walk first", "30 minutes"),
    (dict(brisk_walk_min=20), "walk first", "brisk walking without pain"),
])
def test_who_gets_a_plan(changes: dict, status: str, words: str) -> None:
    result = plan(**changes)
    assert result.status == status
    assert words in result.message
    assert result.sessions.empty == (status != "plan")


@pytest.mark.parametrize(("changes", "message"), [
    (dict(walking_pain=11), "Pain while walking must be from 0 to 10; got 11."),
    (dict(morning_pain=-1), "Pain in the morning must be from 0 to 10; got -1."),
    (dict(weeks_off=-2), "Weeks without running must be from 0 to 520 weeks; got -2."),
    (dict(weekly_km_before="ten"), "Weekly distance before must be a number from 0 to 250 km; got 'ten'."),
    (dict(longest_km_before=40), "cannot be more than the weekly distance"),
    (dict(longest_km_before=0), "enter your longest run"),
    (dict(level="red"), "The self-check level must be one of"),
    (dict(weekly_km_before=30, longest_km_before=0.5), "A longest run of 0.5 km cannot add up to 30 km a week"),
    (dict(weekly_km_before=250, longest_km_before=10), "even with a run every day (at most 70 km)"),
    (dict(weekly_km_before=0.5, longest_km_before=0.5), "takes under 4 minutes at your easy pace"),
])
def test_bad_input_is_refused_with_a_message(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        plan(**changes)


@pytest.mark.parametrize(("usual", "today", "decision"), [
    (1, 0, "next session"), (1, 1, "next session"), (1, 2, "repeat the session"), (1, 3, "repeat the session"),
    (1, 4, "step back a week"), (5, 7, "stop and book a GP or physiotherapist"), (0, 9, "stop and book a GP or physiotherapist"),
])
def test_the_morning_after_rule(usual: float, today: float, decision: str) -> None:
    assert recovery.next_step(usual, today) == decision


def test_a_red_flag_always_stops() -> None:
    assert recovery.next_step(2, 0, red_flag=True).startswith("stop: follow the safety note")


def test_readable_plan_in_km_and_miles() -> None:
    km, miles = recovery.readable_plan(plan()), recovery.readable_plan(plan(), "mi")
    assert list(km.columns) == ["Week", "Sessions", "How (last session)", "Distance (km)", "Spike check"]
    assert km.iloc[0].tolist() == [1, "Run 4:00, 4:00, 6:40 of 20 min: 1.9, 1.9, 2.1 km", "4 × (run 1:40, walk 3:20)",
                                   6.0, "within +10 %"]
    assert miles["Distance (mi)"].iloc[-1] == pytest.approx(30 / 1.609344, abs=0.05)
    cut = recovery.readable_plan(plan(weeks_off=0, weekly_km_before=2, longest_km_before=1))
    assert cut["Sessions"].iloc[0].startswith("Run 4:00 of 10:00") and " min: 1.1" in cut["Sessions"].iloc[0]
    assert recovery.readable_plan(plan(level="urgent")).empty


def test_session_text() -> None:
    assert recovery.session_text(4, 4) == "4 × (run 1:00, walk 4:00)"
    assert recovery.session_text(18, 2) == "2 × (run 9:00, walk 1:00)"
    assert recovery.session_text(20, 1) == "run 20:00 without walking"
    assert recovery.session_text(19.75, 2) == "run 19:45, then walk 0:15"
    assert recovery.session_text(4, 4, 10) == "4 × (run 1:00, walk 1:30)"  # a session cut short
    assert recovery.session_text(6 + 2 / 3, 4, 6 + 2 / 3) == "run 6:40 without walking"


# --- properties ---------------------------------------------------------------------

runners = st.fixed_dictionaries({
    "weeks_off": st.integers(0, 60),
    "weekly_km_before": st.floats(5, 100),
    "longest_share": st.floats(0.2, 1.0),
    "easy_speed_kmh": st.floats(6, 15),
})


def _runner(values: dict, **pain) -> recovery.ReturnPlan:
    weekly = values["weekly_km_before"]
    return recovery.return_to_run_plan(values["weeks_off"], weekly, weekly * values["longest_share"],
                                       easy_speed_kmh=values["easy_speed_kmh"], brisk_walk_min=30,
                                       **{"walking_pain": 0, "morning_pain": 0, **pain})


@st.composite
def any_valid_runner(draw) -> tuple[float, float, float, float]:
    """Any input the planner accepts: (weeks off, weekly km, longest km, speed km/h), new runners included."""
    speed = draw(st.floats(*recovery.SPEED_RANGE_KMH))
    weeks_off = draw(st.floats(*recovery.WEEKS_OFF_RANGE))
    if draw(st.booleans()) and draw(st.booleans()):
        return weeks_off, 0.0, 0.0, speed
    longest = draw(st.floats(recovery.FIRST_RUN_MIN * speed / 60, recovery.LONGEST_RANGE_KM[1]))
    weekly = draw(st.floats(longest, min(recovery.RUN_DAYS * longest, recovery.WEEKLY_RANGE_KM[1])))
    return weeks_off, weekly, longest, speed


def _plan_of(runner: tuple[float, float, float, float]) -> recovery.ReturnPlan:
    weeks_off, weekly, longest, speed = runner
    return recovery.return_to_run_plan(weeks_off, weekly, longest, 0, 0, 30, "self-care", easy_speed_kmh=speed)


def _session_distance(sessions, speed: float) -> np.ndarray:
    """Each session's distance from its minutes, walking at the course's assumed speed (not the planner's column)."""
    walk = min(recovery.WALK_SPEED_KMH, speed)
    return ((sessions["run_min"] * speed + (sessions["session_min"] - sessions["run_min"]) * walk) / 60).to_numpy()


@settings(max_examples=60, deadline=None)
@given(any_valid_runner())
def test_a_weeks_longest_run_is_never_more_than_10_percent_over_the_week_befores(runner) -> None:
    """Runs measured as Nielsen 2025 and a watch measure them: a session's distance, its walking included."""
    sessions = _plan_of(runner).sessions
    np.testing.assert_allclose(sessions["run_km"], _session_distance(sessions, runner[3]), rtol=1e-9)
    weeks = [(group["phase"].iloc[-1], group["run_km"].tolist()) for _, group in sessions.groupby("week", sort=True)]
    for (_, before), (phase, week) in zip(weeks, weeks[1:]):
        assert max(week) <= (1 + recovery.SPIKE_LIMIT) * max(before) + 1e-9, (before, week)
        *easy, long_run = week
        if phase == "continuous":  # easy runs: at most last week's longest
            assert all(km <= max(before) + 1e-9 for km in easy), (before, week)
        assert long_run == max(week)


@settings(max_examples=60, deadline=None)
@given(any_valid_runner())
def test_no_session_is_more_than_10_percent_over_the_longest_of_the_30_days_before(runner) -> None:
    """Worked out here from the runs before the break and each session's distance, not from the plan's own columns."""
    weeks_off, weekly, longest, speed = runner
    sessions = _plan_of(runner).sessions
    runs = [(day, km) for day, km in recovery.history_runs(weeks_off, weekly, longest)]
    runs += [((date - training.PLAN_START).days, km)
             for date, km in zip(sessions["date"], _session_distance(sessions, speed))]
    for day, km in runs[-len(sessions):]:
        window = [other for when, other in runs if day - 30 <= when < day]
        if window:
            assert km <= (1 + recovery.SPIKE_LIMIT) * max(window) + 1e-9, (day, km, max(window))


def _stages(result: recovery.ReturnPlan) -> list[float]:
    end = result.goal.end_min
    return [run for run in recovery.walk_run_template()["run_per_session_min"] if run < end - 1e-9] + [end]


@settings(max_examples=60, deadline=None)
@given(any_valid_runner())
def test_walk_run_runs_each_stage_twice_before_any_more(runner) -> None:
    result = _plan_of(runner)
    walk_run = result.sessions[result.sessions["phase"] == "walk–run"]
    running = walk_run["run_min"].tolist()
    assert running == sorted(running) and running[0] == recovery.FIRST_RUN_MIN
    for stage in _stages(result):
        if any(run > stage + 1e-9 for run in running) or result.sessions["phase"].iloc[-1] == "continuous":
            assert sum(abs(run - stage) < 1e-9 for run in running) >= recovery.STAGE_TRIES, (stage, running)


@settings(max_examples=60, deadline=None)
@given(any_valid_runner())
def test_a_step_between_stages_runs_as_far_as_the_limit_allows(runner) -> None:
    """Walk–run is slower than the template only where the spike limit says so: 5 s more a block would pass it."""
    result = _plan_of(runner)
    sessions, speed = result.sessions, runner[3]
    stages = _stages(result)
    longest_by_week = sessions.groupby("week")["run_km"].max()
    for row in sessions[sessions["phase"] == "walk–run"].itertuples():
        if any(abs(row.run_min - stage) < 1e-9 for stage in stages):
            continue
        limits = [longest_by_week.get(row.week - 1, np.inf), row.longest_before_km]
        cap = (1 + recovery.SPIKE_LIMIT) * min(km for km in limits if not np.isnan(km))
        more = row.run_min + row.blocks / 12
        assert recovery.session_km(more, row.session_min, speed) > cap - 1e-9, row


@settings(max_examples=60, deadline=None)
@given(any_valid_runner())
def test_a_weeks_total_never_rises_more_than_30_percent_nor_passes_the_old_week(runner) -> None:
    result = _plan_of(runner)
    totals, running = result.weeks["distance_km"].to_numpy(), result.weeks["running_km"].to_numpy()
    assert (totals[1:] <= (1 + recovery.WEEKLY_RISE_LIMIT) * totals[:-1] + 1e-9).all()
    weekly = runner[1]
    if weekly > 0:
        assert running.max() <= weekly + 1e-9  # a week's running never passes the old week
        assert result.target_weekly_km <= weekly + 1e-9
        assert (result.sessions["running_km"] <= runner[2] + 1e-9).all()  # no run past the old long run
        continuous = result.sessions[result.sessions["phase"] == "continuous"]
        assert (continuous["run_km"] <= runner[2] + 1e-9).all()
    if result.complete:
        assert totals[-1] == pytest.approx(result.target_weekly_km)
        assert result.sessions["phase"].iloc[-1] == "continuous"
    else:
        assert int(result.sessions["week"].max()) == recovery.MAX_WEEKS and "stops after 52 weeks" in result.message
    assert not re.search(r"\b1 (more )?weeks\b|\b1 runs\b", result.message)


@settings(max_examples=40)
@given(runners)
def test_no_session_is_ever_more_than_10_percent_over_the_30_day_longest(values: dict) -> None:
    result = _runner(values)
    assert result.has_plan
    bands = set(result.sessions["band"])
    assert bands <= {"up to 10 %", training.NO_RECENT_RUN}, bands
    assert (np.diff(result.sessions["date"].map(lambda d: d.toordinal())) > 0).all()
    assert int(result.sessions["week"].max()) <= recovery.MAX_WEEKS


def _lesson_06_check(values: dict, result: recovery.ReturnPlan) -> None:
    weekly = values["weekly_km_before"]
    activities = recovery.as_activities(result, values["weeks_off"], weekly, weekly * values["longest_share"])
    spikes = training.run_spikes(activities).iloc[-len(result.sessions):].reset_index(drop=True)
    assert spikes["band"].tolist() == result.sessions["band"].tolist()
    np.testing.assert_allclose(spikes["spike_percent"], result.sessions["spike_percent"], rtol=1e-9)


@settings(max_examples=15)
@given(runners)
def test_lesson_06s_own_model_finds_the_same_spikes(values: dict) -> None:
    _lesson_06_check(values, _runner(values))


def test_lesson_06s_own_model_agrees_after_a_short_break() -> None:
    values = {"weeks_off": 2, "weekly_km_before": 30, "longest_share": 0.4, "easy_speed_kmh": 9}
    result = _runner(values)
    assert result.sessions["band"].iloc[0] == "up to 10 %"
    _lesson_06_check(values, result)


@settings(max_examples=40)
@given(runners, st.sampled_from(["urgent", "emergency"]), st.booleans())
def test_never_a_plan_at_urgent_or_emergency(values: dict, level: str, checked: bool) -> None:
    result = recovery.return_to_run_plan(values["weeks_off"], values["weekly_km_before"],
                                         values["weekly_km_before"] * values["longest_share"], 0, 0, 30,
                                         level=level, clinician_checked=checked)
    assert result.status == "see care" and result.sessions.empty and "Lesson 08" in result.message


STATUS_ORDER = {"plan": 0, "walk first": 1, "check first": 2, "see care": 3}


@settings(max_examples=60)
@given(st.integers(0, 10), st.integers(0, 10), st.integers(0, 10), st.integers(0, 10),
       st.sampled_from(recovery.LEVELS), st.booleans())
def test_worse_pain_never_moves_the_plan_forward(walk: int, morning: int, more_walk: int, more_morning: int,
                                                 level: str, checked: bool) -> None:
    """More pain, walking or on waking, never turns 'no plan' into a plan, nor a later gate into an earlier one."""
    worse_walk, worse_morning = max(walk, more_walk), max(morning, more_morning)
    before = recovery.gate(level, checked, walk, morning, 30)[0]
    after = recovery.gate(level, checked, worse_walk, worse_morning, 30)[0]
    assert STATUS_ORDER[after] >= STATUS_ORDER[before]


@settings(max_examples=80)
@given(st.integers(0, 10), st.integers(0, 10), st.integers(0, 10))
def test_worse_morning_pain_never_moves_you_further_on(usual: int, today: int, worse: int) -> None:
    worse = max(today, worse)
    assert recovery.step_rank(recovery.next_step(usual, worse)) >= recovery.step_rank(recovery.next_step(usual, today))


# --- data ---------------------------------------------------------------------------


def test_the_template_table_is_the_fact_sheet_template() -> None:
    stages = recovery.walk_run_template()
    assert stages["run_per_session_min"].tolist() == [4, 8, 12, 16, 18, 20]
    assert set(stages["session_min"]) == {20}


def test_every_treatment_has_a_verdict_and_checked_sources() -> None:
    table = recovery.treatments()
    known = set(references().index)
    assert len(table) >= 15
    for row in table.itertuples():
        assert row.sources and set(row.sources) <= known, row.treatment
    assert dict(zip(table["treatment"], table["verdict"]))["Paracetamol alone"] == "not supported"
    assert dict(zip(table["treatment"], table["verdict"]))["Back brace or belt"] == "not supported"
    verdicts = dict(zip(table["treatment"], table["verdict"]))
    assert verdicts["Psychological approaches (CBT)"] == "supported" and verdicts["Osteopathy"] == "mixed"


def test_conclusions_the_fact_sheet_marks_recalled_are_marked_unverified() -> None:
    evidence = dict(zip(recovery.treatments()["treatment"], recovery.treatments()["evidence"]))
    assert "van der Gaag 2020: a conclusion this course has not verified" in evidence["NSAIDs (for example ibuprofen)"]
    assert "Furlan 2015: a conclusion this course has not verified" in evidence["Massage"]


def test_a_broken_template_is_refused(data_copy) -> None:
    path = data_copy / "recovery_walk_run.csv"
    path.write_text(path.read_text().replace("2,3,2,4", "2,3,2,3"))
    with pytest.raises(ValueError, match="a session must last 20 minutes"):
        load_table("recovery_walk_run")


# --- the figure and the widget ------------------------------------------------------


def figure_of(app: FigureApp) -> dict:
    (output,) = app.figure_area.outputs
    return output["data"]["application/vnd.plotly.v1+json"]


def test_the_figure_is_valid_plotly_and_labels_units() -> None:
    for unit, label in (("km", "km"), ("mi", "miles")):  # plan_output is what the widget sends
        figure = go.Figure(plan_figure(plan(), unit).to_dict())  # validates
        assert figure.layout.yaxis.title.text == f"Distance per session ({label})"
        assert [trace.name for trace in figure.data] == ["walk–run session (walking and running)", "continuous run",
                                                         "limit: +10 % on the 30-day longest run"]
        bars = [y for trace in figure.data[:2] for y in trace.y]
        assert bars == pytest.approx((plan().sessions["run_km"] * (1 if unit == "km" else 1 / 1.609344)).tolist(),
                                     abs=0.006)  # the session's distance, walking included
    assert plan_output(plan(), unit)["data"] == json.loads(json.dumps(plan_figure(plan(), unit)._repr_mimebundle_()))
    empty = go.Figure(plan_figure(plan(level="urgent")).to_dict())
    assert not empty.data and "No plan yet" in empty.layout.annotations[0].text


def test_one_call_shows_the_planner() -> None:
    app = helpers.return_to_run_planner()
    assert isinstance(app, FigureApp)
    assert "Your plan." in app.takeaway.value and "<table" in app.numbers.value
    descriptions = [c.description for c in app.controls if hasattr(c, "description") and c.description]
    assert all(descriptions), "every control is named"


def test_bad_input_in_the_widget_keeps_the_plan_and_what_was_typed() -> None:
    app = helpers.return_to_run_planner()
    figure, table = figure_of(app), app.numbers.value
    for typed in ("eleven", "11", "-1"):
        app.boxes.walking_pain.value = typed
        assert "Please check:" in app.message.value and "Walking pain" in app.message.value
        assert app.boxes.walking_pain.value == typed
        assert figure_of(app) == figure and app.numbers.value == table
    app.boxes.walking_pain.value = "0"
    assert app.message.value == ""


def test_urgent_self_check_removes_the_plan_and_the_clinician_box_cannot_override() -> None:
    app = helpers.return_to_run_planner()
    app.level.value = "soon"
    assert "A clinician first" in app.takeaway.value and not app.checked.disabled
    app.checked.value = True
    assert "Your plan." in app.takeaway.value
    app.level.value = "urgent"
    assert app.checked.disabled and "See care first" in app.takeaway.value
    assert "08-self-check.ipynb" in app.takeaway.value and app.numbers.layout.display == "none"
    assert app.figure_area.layout.display == "none" and "no chart" in app.description.value


def test_the_chart_is_sent_again_only_when_the_plan_changes() -> None:
    app = helpers.return_to_run_planner()
    sent = []
    app.figure_area.observe(lambda change: sent.append(change), names="outputs")
    app.boxes.morning_pain.value = "2"  # the same plan
    app.boxes.walking_pain.value = "1"  # walking first: the chart is hidden, not redrawn
    assert app.figure_area.layout.display == "none"
    app.boxes.walking_pain.value = "0"  # the same plan again: shown as it was
    assert app.figure_area.layout.display == "" and not sent
    app.boxes.weekly.value = "40"
    assert len(sent) == 1


def upload(name: str, content: bytes) -> dict:
    return {"name": name, "type": "application/json", "size": len(content), "content": memoryview(content),
            "last_modified": datetime(2026, 12, 1, tzinfo=timezone.utc)}


def test_loading_a_saved_self_check_sets_the_level(tmp_path) -> None:
    app = helpers.return_to_run_planner()
    text = download_text(assess(sample_answers("sam")))
    app.upload.value = (upload("my-check.json", text.encode()),)
    assert app.level.value == "emergency" and "Loaded the check" in app.upload_note.value
    assert "See care first" in app.takeaway.value
    # a saved check can be made worse by hand, never better: no button below it is offered
    assert [value for _, value in app.level.options] == ["emergency"]
    maya = download_text(assess(sample_answers("maya")))
    app.upload.value = (upload("maya.json", maya.encode()),)  # a newer check that says self-care
    assert app.level.value == "self-care" and [value for _, value in app.level.options] == [
        "self-care", "soon", "urgent", "emergency"]


def test_a_corrupt_self_check_file_gives_the_stores_message_and_changes_nothing() -> None:
    app = helpers.return_to_run_planner()
    app.level.value = "self-care"
    app.upload.value = (upload("broken.json", b"{not json"),)
    assert "Not loaded:" in app.upload_note.value and "broken.json" in app.upload_note.value
    assert app.level.value == "self-care" and "Your plan." in app.takeaway.value
    data = json.loads(download_text(assess(sample_answers("maya"))))
    assert data  # a good file is JSON (the store's own format)


def test_units_switch_converts_the_boxes_and_the_table() -> None:
    app = helpers.return_to_run_planner()
    app.units.value = "mi"
    assert (app.boxes.weekly.value, app.boxes.longest.value, app.boxes.pace.value) == ("18.6", "7.5", "10:44")
    assert app.boxes.weekly.description == "Weekly miles before"
    assert "Distance (mi)" in app.numbers.value and "miles" in app.takeaway.value
    app.units.value = "km"
    assert (app.boxes.weekly.value, app.boxes.longest.value) == ("29.9", "12.1") or app.boxes.weekly.value == "30"


def test_the_morning_check() -> None:
    app = helpers.return_to_run_planner()
    app.level.value = "self-care"
    check = app.morning_check
    check.after.value = "4"
    assert "Next:</b> step back a week" in check.answer.value
    check.after.value = "2"
    assert "repeat the session" in check.answer.value
    check.after.value = "twelve"
    assert "Please check:" in check.answer.value and check.after.value == "twelve"
    check.after.value = ""
    check.red.value = True
    assert "safety note" in check.answer.value and "Next:" not in check.answer.value


@pytest.mark.parametrize("level", ["urgent", "emergency"])
def test_the_morning_check_gives_no_running_step_at_urgent_or_emergency(level: str) -> None:
    app = helpers.return_to_run_planner()
    app.level.value = "self-care"
    check = app.morning_check
    check.after.value = "1"
    assert "Next:</b> next session" in check.answer.value
    app.level.value = level
    heading = html.escape(recovery.level_heading(level))
    for typed in ("1", "0", "9", "", "abc"):
        check.after.value = typed
        assert heading in check.answer.value and "Do not start running" in check.answer.value
        assert "Next:" not in check.answer.value and "Please check" not in check.answer.value
        assert not any(decision in check.answer.value for decision in recovery.DECISIONS[:3])
    app.checked.value = True  # disabled at this level: cannot bring a step back
    assert "Next:" not in check.answer.value


def test_the_morning_check_asks_for_the_self_check_first_and_waits_for_the_clinician_at_soon() -> None:
    app = helpers.return_to_run_planner()
    check = app.morning_check
    assert app.level.value == "not done" and "Do the self-check first" in check.answer.value
    check.after.value = "1"
    assert "Do the self-check first" in check.answer.value and "Next:" not in check.answer.value
    app.level.value = "soon"
    assert "Book a GP or physiotherapist" in check.answer.value and "Next:" not in check.answer.value
    app.checked.value = True
    assert "Next:</b> next session" in check.answer.value


@settings(max_examples=60)
@given(st.sampled_from(recovery.LEVELS), st.booleans(), st.booleans())
def test_the_morning_gate_never_lets_a_running_step_through_at_urgent_or_emergency(level, checked, red) -> None:
    said = recovery.morning_gate(level, checked, red)
    if red:
        assert said == recovery.RED_FLAG_STOP
    elif level in ("urgent", "emergency"):
        assert said == recovery.SEE_CARE.format(heading=recovery.level_heading(level))
    elif level == "not done":
        assert said == recovery.MORNING_SELF_CHECK
    else:
        assert (said is None) == (level == "self-care" or checked)
    with pytest.raises(ValueError, match="must be one of"):
        recovery.morning_gate("fine")


# --- the evidence chart ---------------------------------------------------------------


def test_every_plotted_effect_has_its_interval_and_its_own_scale() -> None:
    table = recovery.effects()
    figure = go.Figure(evidence_figure(table).to_dict())  # validates
    assert [len(trace.x) for trace in figure.data] == [1, 1, 2, 2]  # four scales, never mixed
    heat = table.set_index("treatment").loc["Heat wrap"]
    assert (heat["effect"], heat["low"], heat["high"]) == (1.06, 0.68, 1.45)
    assert [shape.x0 for shape in figure.layout.shapes] == [0, 0, 1, 0]  # "no difference" on each scale
    cbt = table.set_index("treatment").loc["CBT approach"]
    assert (cbt["effect"], cbt["low"], cbt["high"], cbt["source"]) == (-0.23, -0.43, -0.04, "richmond2015")
    assert "(95 % interval 0.41 to 0.74; risk ratio" in recovery.describe_effects()


def test_treatments_without_a_verified_number_are_listed_in_words_not_drawn() -> None:
    listed = recovery.without_a_number()
    drawn = set(recovery.effects()["treatment"])
    assert {"Paracetamol alone", "Ice or cold", "Back brace or belt"} <= set(listed["treatment"])
    assert not {"Staying active", "Heat wrap", "Bed rest", "Osteopathy"} & set(listed["treatment"])
    assert not drawn & set(listed["treatment"])


def test_every_typed_box_is_echoed_as_read() -> None:
    app = helpers.return_to_run_planner()
    assert ("Read as: weeks off running 6 weeks; weekly distance before 30 km = 18.6 miles; longest run 12 km = "
            "7.5 miles; pace 6:40 /km = 9 km/h; walking pain 0 of 10; pain on waking 1 of 10; brisk walking 30 min."
            ) in app.takeaway.value
    app.boxes.pace.value = "6.5"
    app.boxes.walking_pain.value = "2,5"
    assert "pace &quot;6.5&quot; = 6:30 /km = 9.2 km/h" in app.takeaway.value
    assert "walking pain &quot;2,5&quot; = 2.5 of 10" in app.takeaway.value
    app.units.value = "mi"
    assert "weekly distance before 18.6 miles = 29.9 km; longest run 7.5 miles = 12.1 km" in app.takeaway.value


def test_an_implausible_pair_is_refused_in_the_learners_unit_and_the_plan_is_kept() -> None:
    app = helpers.return_to_run_planner()
    app.units.value = "mi"
    table = app.numbers.value
    app.boxes.longest.value = "0.5"
    assert "A longest run of 0.5 miles cannot add up to 18.6 miles a week" in app.message.value
    assert app.boxes.longest.value == "0.5" and app.numbers.value == table
