"""Lesson 10: the plan builder's model, its self-check gate, and its exports (.ics, HTML, JSON)."""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import plan as model
from helpers import core, recovery, training
from helpers.data import load_table
from helpers.plan_export import calendar_file, plan_dict, plan_from_json, plan_json, printable_page, session_times, week_html
from helpers.selfcheck import assess, questionnaire, sample_answers
from helpers.plan import distance_text
from helpers.units import KM_PER_MILE, km_to
from helpers.widgets.plan import RUNNING, PlanBuilder

MAYA = assess(sample_answers("maya"))  # no red flags
SAM = assess(sample_answers("sam"))  # emergency
START = dt.date(2026, 12, 2)  # a Wednesday: the plan starts on Monday 7 December
ZONE = "Europe/London"  # the builder has no zone until the learner types one


def at_level(level: str):
    """Maya's result at another level, with that level's own texts (as the self-check gives them)."""
    data = questionnaire().levels[level]
    return replace(MAYA, level=level, rank=data.rank, heading=data.heading, advice=data.advice)


def parts(increase: float = 10, weeks: int = 8, strength: int = 2) -> list[model.Part]:
    strength_parts = [model.strength_part(None, strength, weeks)] if strength else []
    return [model.ramp_part(training.ramp_plan(20, 30, increase, weeks=weeks)), *strength_parts]


def maya_plan(**options) -> model.Plan:
    settings_ = dict(weeks=8, recent_longest_km=7.0) | options
    return model.build_plan(MAYA, parts(weeks=settings_["weeks"]), START, **settings_)


# ---------------------------------------------------------------- the gate

GATE = [  # level, clinician confirmed, plan built?
    ("self-care", False, True),
    ("self-care", True, True),
    ("soon", False, False),
    ("soon", True, True),
    ("urgent", False, False),
    ("urgent", True, False),
    ("emergency", False, False),
    ("emergency", True, False),
]


@pytest.mark.parametrize(("level", "confirmed", "built"), GATE)
def test_urgent_and_emergency_block_the_plan_and_soon_needs_the_confirmation(level, confirmed, built):
    if built:
        plan = model.build_plan(at_level(level), parts(), START, clinician_checked=confirmed)
        assert plan.level == level and plan.weeks
        return
    with pytest.raises(model.PlanRefused) as refused:
        model.build_plan(at_level(level), parts(), START, clinician_checked=confirmed)
    own = questionnaire().levels[level]
    assert refused.value.level == own  # the self-check's own level data: heading, advice, how fast, what to tell
    assert refused.value.level.advice == load_table("selfcheck_levels").set_index("level").loc[level, "advice"]


def test_the_sample_learner_with_emergency_signs_gets_no_plan():
    with pytest.raises(model.PlanRefused) as refused:
        model.build_plan(SAM, parts(), START, clinician_checked=True)
    assert refused.value.level.heading.startswith("Emergency")


def test_a_soon_plan_says_a_clinician_checked_them_on_the_plan_and_in_every_export():
    plan = model.build_plan(at_level("soon"), parts(), START, clinician_checked=True)
    assert plan.clinician_checked and model.CONFIRM_TEXT in plan.notes[0]
    assert questionnaire().levels["soon"].heading in plan.notes[0]
    assert "a clinician has checked me" in printable_page(plan)
    assert plan_from_json(plan_json(plan)).clinician_checked


def test_no_self_check_means_no_plan():
    with pytest.raises(model.PlanInputError, match="lesson 08"):
        model.build_plan(None, parts(), START)


@settings(max_examples=60, deadline=None)
@given(level=st.sampled_from(["self-care", "soon", "urgent", "emergency"]), confirmed=st.booleans(),
       weeks=st.integers(6, 12), increase=st.integers(1, 40), strength=st.integers(0, 4))
def test_the_gate_holds_for_any_settings(level, confirmed, weeks, increase, strength):
    rank = questionnaire().levels[level].rank
    allowed = rank == 0 or (rank == 1 and confirmed)
    try:
        plan = model.build_plan(at_level(level), parts(increase, weeks, strength), START, weeks=weeks,
                                clinician_checked=confirmed)
    except model.PlanRefused:
        assert not allowed
        return
    assert allowed
    assert len(plan.weeks) == weeks and plan.start.weekday() == 0
    assert sum(s.session.kind == "strength" for s in plan.sessions) == strength * weeks
    assert all(s.checks for s in plan.sessions)


@settings(max_examples=30, deadline=None)
@given(level=st.sampled_from(["urgent", "emergency", "soon"]), text=st.sampled_from(["true", "false"]))
def test_a_plan_file_cannot_carry_a_plan_its_level_refuses(level, text):
    data = json.loads(plan_json(maya_plan()))
    data["plan"]["level"], data["plan"]["clinician_checked"] = level, text == "true"
    if level == "soon" and text == "true":
        assert plan_from_json(json.dumps(data)).level == "soon"
        return
    with pytest.raises(model.PlanInputError, match="does not allow"):
        plan_from_json(json.dumps(data))


@pytest.mark.parametrize(("level", "confirmed", "built"), GATE)
def test_a_saved_plan_is_checked_against_the_current_self_check(level, confirmed, built):
    saved = plan_from_json(plan_json(model.build_plan(at_level("soon"), parts(), START, clinician_checked=True)))
    if not built:
        with pytest.raises(model.PlanRefused) as refused:
            model.under_self_check(saved, at_level(level), confirmed)
        assert refused.value.level == questionnaire().levels[level]
        return
    shown = model.under_self_check(saved, at_level(level), confirmed)
    assert shown.level == level and shown.level_heading == questionnaire().levels[level].heading
    assert shown.clinician_checked == confirmed and shown.weeks == saved.weeks
    confirmation = [note for note in shown.notes if note.endswith(model.CONFIRM_TEXT)]
    assert confirmation == ([model.confirmation_note(questionnaire().levels["soon"])] if level == "soon" else [])
    with pytest.raises(model.PlanInputError, match="lesson 08"):
        model.under_self_check(saved, None, confirmed)


# ---------------------------------------------------------------- the plan

def test_maya_s_plan_numbers():
    plan = maya_plan()
    assert plan.start == dt.date(2026, 12, 7)
    assert model.summary(plan) == {"weeks": 8, "sessions": 40, "runs": 24, "strength_sessions": 16,
                                   "first_week_km": 20.0, "last_week_km": 30.0, "longest_run_km": 10.5,
                                   "runs_over_spike_limit": 0}
    table = model.weeks_table(plan)
    assert table["mi"].iloc[0] == round(20 / KM_PER_MILE, 1) and table["km"].iloc[-1] == 30.0


def test_every_run_carries_the_spike_limit_and_the_next_morning_check():
    plan = maya_plan()
    for session in plan.sessions:
        if session.session.kind == "run":
            assert any(check.startswith("Spike limit") for check in session.checks)
            assert any(check.startswith("The morning after") for check in session.checks)
        else:
            assert any(check.startswith("The morning after") for check in session.checks)
    assert all("red-flag" in " ".join(week.checks) for week in plan.weeks)


def test_the_spike_limit_is_10_percent_over_the_longest_run_of_the_30_days_before():
    plan = maya_plan()
    runs = [s for s in plan.sessions if s.session.kind == "run"]
    for run in runs:
        before = [r.session.distance_km for r in runs if 1 <= (run.date - r.date).days <= 30]
        if (run.date - plan.start).days < 30:
            before.append(7.0)  # the learner's longest run of the 30 days before, counted on the Sunday before
        assert run.spike_limit_km == pytest.approx(max(before) * 1.1)


def test_a_steep_ramp_is_flagged_not_silently_changed():
    plan = model.build_plan(MAYA, parts(increase=30), START, recent_longest_km=7.0)
    over = plan.runs_over_limit
    assert over and all(s.session.distance_km > s.spike_limit_km for s in over)
    assert sum("over its spike limit of" in note for note in plan.notes) == len(over)
    ramp = training.ramp_plan(20, 30, 30, weeks=8)
    assert [round(w.run_km, 6) for w in plan.weeks] == [round(km, 6) for km in ramp["distance_km"]]


def test_without_a_recent_longest_run_the_first_runs_have_no_limit_and_the_plan_says_so():
    plan = maya_plan(recent_longest_km=None)
    assert plan.sessions[0].spike_limit_km is None
    assert any("no longest run" in note for note in plan.notes)


def test_the_parts_come_from_lessons_04_and_06_not_stubs():
    plan = maya_plan()
    assert plan.parts == ("Running build-up (lesson 06)", "Core and glute exercises (lesson 04, sample choice)")
    assert not hasattr(plan, "missing") and not any("not written" in note for note in plan.notes)
    assert all(s.part in plan.parts for s in plan.sessions)
    assert all(s.session.kind in model.KINDS for s in plan.sessions)
    strength = [s.session for s in plan.sessions if s.session.kind == "strength"]
    assert all(len(s.exercises) == len(model.SAMPLE_EXERCISES) for s in strength)
    assert "sample" in strength[0].description and core.PAIN_RULE in strength[0].description


# ---------------------------------------------------------------- the strength part (lesson 04)

@settings(max_examples=40, deadline=None)
@given(keys=st.lists(st.sampled_from(list(core.exercises().index)), min_size=1, max_size=5, unique=True),
       per_week=st.integers(1, 4), weeks=st.integers(6, 12))
def test_the_strength_part_has_core_progression_s_sessions_and_doses(keys, per_week, weeks):
    part = model.strength_part(keys, per_week, weeks)
    table = core.progression(keys, per_week, weeks)
    assert part.lesson == 4 and len(part.weeks) == weeks
    for number, week in enumerate(part.weeks, 1):
        rows = table[table["week"] == number]
        assert len(week) == per_week == rows["sessions"].iloc[0]
        expected = tuple(f"{r.exercise}: {r.sets} sets of {r.dose_text}" for r in rows.itertuples())
        assert all(s.kind == "strength" and s.exercises == expected for s in week)
    plan = model.build_plan(MAYA, [part], START, weeks=weeks)
    assert sum(s.session.kind == "strength" for s in plan.sessions) == int(table.groupby("week")["sessions"].first().sum())


def test_the_strength_part_says_what_is_wrong():
    with pytest.raises(model.PlanInputError, match="1 to 4"):
        model.strength_part(None, 0)
    with pytest.raises(model.PlanInputError, match="no exercise 'press-up'"):
        model.strength_part(["press-up"], 2)
    assert "sample" not in model.strength_part(["plank"], 2).name


# ---------------------------------------------------------------- the return-to-run part (lesson 09)

@settings(max_examples=60, deadline=None)
@given(weeks_off=st.integers(0, 30), weekly=st.floats(5, 120), share=st.floats(0.2, 0.6),
       speed=st.floats(6, 14), weeks=st.integers(6, 12))
def test_the_return_part_never_passes_the_spike_limit(weeks_off, weekly, share, speed, weeks):
    longest = min(round(weekly * share, 1), 100.0)
    returned = recovery.return_to_run_plan(weeks_off, weekly, longest, 0, 0, 30, "self-care", easy_speed_kmh=speed)
    part = model.return_part(returned)
    runs = [s for week in part.weeks for s in week]
    assert [s.distance_km for s in runs] == pytest.approx(returned.sessions["run_km"].tolist())
    assert [s.weekday for s in runs] == [d.weekday() for d in returned.sessions["date"]]
    plan = model.build_plan(MAYA, [part], START, weeks=weeks,
                            recent_longest_km=model.recent_longest_for_return(weeks_off, longest))
    assert plan.runs_over_limit == ()
    assert all(s.spike_limit_km is None or s.session.distance_km <= s.spike_limit_km * (1 + 1e-9) for s in plan.sessions)


@pytest.mark.parametrize(("level", "confirmed", "walking", "morning", "brisk", "status"), [
    ("self-care", False, 2, 1, 30, "walk first"),
    ("self-care", False, 0, 1, 10, "walk first"),
    ("self-care", False, 0, 7, 30, "check first"),
    ("soon", False, 0, 1, 30, "check first"),
    ("urgent", True, 0, 0, 30, "see care"),
    ("emergency", True, 0, 0, 30, "see care"),
])
def test_lesson_09_s_own_answers_are_passed_on_not_turned_into_runs(level, confirmed, walking, morning, brisk, status):
    returned = recovery.return_to_run_plan(6, 20, 8, walking, morning, brisk, level, confirmed)
    with pytest.raises(model.NoReturnPlan) as answer:
        model.return_part(returned)
    assert answer.value.status == status and answer.value.message == returned.message


def test_the_builder_shows_lesson_09_s_answer_instead_of_runs():
    builder = PlanBuilder(web_app=False, today=START, timezone=ZONE)
    builder.running.value = next(name for name, kind in RUNNING.items() if kind == "return")
    assert builder.plan is not None and builder.plan.parts[0] == "Return to running (lesson 09)"
    assert builder.ramp_controls.layout.display == "none" and builder.return_controls.layout.display == ""
    builder.walking_pain.value = 3
    assert builder.plan is None and "walk first" in builder.verdict.value and "No runs are planned" in builder.verdict.value
    builder.walking_pain.value = 0
    builder.source.value = "Sam (sample): emergency signs"
    assert builder.plan is None and "No plan: your self-check asks you to see a clinician first." in builder.verdict.value


def test_the_builder_takes_the_learner_s_exercises():
    builder = PlanBuilder(web_app=False, today=START, timezone=ZONE)
    assert builder.exercises.value == model.SAMPLE_EXERCISES and "sample" in builder.plan.parts[1]
    builder.exercises.value = ("plank", "clamshell")
    assert builder.plan.parts[1] == "Core and glute exercises (lesson 04)"
    assert builder.plan.weeks[0].sessions[1].session.exercises[0].startswith("Front plank: 3 sets of 20 s")
    builder.exercises.value = ()
    assert "Choose at least one exercise" in builder.message.value and builder.plan.parts[1].startswith("Core")


def test_a_part_shorter_than_the_plan_repeats_its_last_week_and_says_so():
    plan = model.build_plan(MAYA, [model.walk_run_part(3)], START, weeks=8)
    assert len(plan.weeks) == 8
    assert plan.weeks[6].sessions[0].session.title == plan.weeks[5].sessions[0].session.title
    assert any("weeks 7–8 repeat" in note for note in plan.notes)


def test_current_level_and_longest_recent_run_from_the_sample_log():
    activities, _ = training.read_log(training.sample_log_path(), timezone=training.SAMPLE_TIMEZONE)
    weekly = training.analyse(activities).weekly
    complete = weekly[weekly["days_in_log"] == 7]
    assert model.current_level(weekly) == pytest.approx(complete["distance_km"].tail(4).mean())
    runs = training.running_activities(activities)
    last = pd.Timestamp(max(activities["local_date"]))
    recent = runs[[(last - pd.Timestamp(day)).days < 30 for day in runs["local_date"]]]
    assert model.longest_recent_run(activities) == pytest.approx(recent["distance_km"].max())


def test_a_partial_last_week_does_not_pull_the_level_down():
    daily = pd.Series([5.0] * 30, index=pd.date_range("2027-01-04", periods=30, freq="D"))  # ends on a Tuesday
    weekly = training.weekly_totals(daily)
    assert weekly["days_in_log"].iloc[-1] == 2
    assert model.current_level(weekly) == pytest.approx(35.0)
    with pytest.raises(model.PlanInputError, match="complete week"):
        model.current_level(weekly.tail(1))


@pytest.mark.parametrize(("settings_", "message"), [
    (dict(weeks=5), "6 to 12 weeks"),
    (dict(weeks=13), "6 to 12 weeks"),
    (dict(timezone="Mars/Base"), "not a time zone"),
    (dict(session_time="7 o'clock"), "07:00"),
    (dict(session_time="25:00"), "07:00"),
    (dict(recent_longest_km=-1.0), "0 to 200"),
])
def test_bad_settings_say_what_to_change(settings_, message):
    with pytest.raises(model.PlanInputError, match=message):
        model.build_plan(MAYA, parts(), START, **settings_)


def test_a_plan_needs_sessions():
    with pytest.raises(model.PlanInputError, match="no sessions"):
        model.build_plan(MAYA, [model.Part("empty", 0, ((),))], START)


# ---------------------------------------------------------------- the calendar file

def test_the_calendar_file_holds_every_session_as_an_event_in_the_learner_s_time_zone():
    plan = model.build_plan(MAYA, parts(weeks=12), dt.date(2027, 2, 1), weeks=12, timezone="Europe/London",
                            session_time="07:30", recent_longest_km=7.0)  # crosses the change to summer time
    text = calendar_file(plan, dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.timezone.utc))
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"] and calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-TIMEZONE"] == "Europe/London"
    assert all(line.endswith(b"\r") and len(line) <= 76 for line in text.split(b"\n")[:-1])  # CRLF, folded at 75 octets
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    events = calendar.walk("VEVENT")
    assert len(events) == len(plan.sessions) == len(session_times(plan))
    assert len({str(event["UID"]) for event in events}) == len(events)
    zone = ZoneInfo("Europe/London")
    for event, (session, start, end) in zip(events, session_times(plan)):
        begins, ends = event.decoded("DTSTART"), event.decoded("DTEND")
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert begins == start and begins.astimezone(zone).date() == session.date
        assert ends - begins == dt.timedelta(minutes=session.session.minutes)
        assert str(event["SUMMARY"]) == f"Week {session.week}: {session.session.title}"
        description = str(event["DESCRIPTION"])
        assert session.session.title in description and session.session.description in description
        assert all(check in description for check in session.checks)
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.timezone.utc)
    first_of_day = {}
    for session, start, _ in session_times(plan):
        first_of_day.setdefault(session.date, start)
    assert {(start.hour, start.minute) for start in first_of_day.values()} == {(7, 30)}  # summer time too
    assert {start.utcoffset() for start in first_of_day.values()} == {dt.timedelta(0), dt.timedelta(hours=1)}


def test_sessions_on_one_day_do_not_overlap():
    plan = model.build_plan(MAYA, [model.ramp_part(training.ramp_plan(20, 30, 10, weeks=8), 5),
                                   model.strength_part(None, 4)], START)
    times = session_times(plan)
    for (one, _, end), (two, start, _) in zip(times, times[1:]):
        if one.date == two.date:
            assert start >= end


def test_the_calendar_file_is_the_same_for_the_same_plan():
    stamp = dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc)
    assert calendar_file(maya_plan(), stamp) == calendar_file(maya_plan(), stamp)


# ---------------------------------------------------------------- printable page and JSON

def test_the_printable_page_is_self_contained_and_shows_every_session_and_the_safety_note():
    plan = maya_plan()
    page = printable_page(plan)
    assert "<script" not in page and "http://" not in page and "@page { size: A4" in page
    assert page.count('class="bot-plan-week"') == len(plan.weeks)
    assert page.count("<tr><td>") == len(plan.sessions)
    assert "cauda equina syndrome" in page and "Emergency: go to an emergency department" in page
    for session in plan.sessions:
        assert html.escape(session.session.title) in page
        if session.spike_limit_km:
            assert distance_text(session.spike_limit_km) in page
    for check in load_table("plan_checks")["text"]:
        assert html.escape(check.replace("{limit}", "the limit in the table")) in page


def test_json_round_trip_gives_the_same_plan():
    plan = maya_plan()
    assert plan_from_json(plan_json(plan)) == plan
    assert plan_from_json(plan_json(plan).encode("utf-8"), "my-plan.json") == plan


def coming_back_plan() -> model.Plan:
    returned = recovery.return_to_run_plan(2, 30, 12, 0, 1, 40, "self-care")
    parts_ = [model.return_part(returned), model.strength_part(["plank", "glute-bridge"], 3, 12)]
    return model.build_plan(MAYA, parts_, START, weeks=12, recent_longest_km=model.recent_longest_for_return(2, 12))


def test_the_exports_carry_the_new_parts_and_the_exercises_with_their_doses():
    plan = coming_back_plan()
    assert plan.parts == ("Return to running (lesson 09)", "Core and glute exercises (lesson 04)")
    assert plan_from_json(plan_json(plan)) == plan
    saved = json.loads(plan_json(plan))["plan"]
    strength = [s for w in saved["weeks"] for s in w["sessions"] if s["kind"] == "strength"]
    assert strength[0]["exercises"] == ["Front plank: 3 sets of 20 s hold", "Glute bridge: 2 sets of 10 reps"]
    assert strength[-1]["exercises"] == ["Front plank: 3 sets of 60 s hold", "Glute bridge: 2 sets of 20 reps"]
    page = printable_page(plan)
    events = icalendar.Calendar.from_ical(calendar_file(plan)).walk("VEVENT")
    for session, event in zip(plan.sessions, events):
        for item in session.session.exercises:
            assert f"- {item}" in str(event["DESCRIPTION"]) and html.escape(item) in page
    assert sum(bool(s.session.exercises) for s in plan.sessions) == 36


def test_a_version_1_plan_file_still_loads():
    data = json.loads(plan_json(maya_plan()))
    data["schema_version"], data["plan"]["missing"] = 1, ["Lesson 04 (Core and glutes) would add ..."]
    for week in data["plan"]["weeks"]:
        for session in week["sessions"]:
            del session["exercises"]
    loaded = plan_from_json(json.dumps(data))
    assert [s.session.title for s in loaded.sessions] == [s.session.title for s in maya_plan().sessions]


@pytest.mark.parametrize(("text", "message"), [
    ("not json", "not JSON"),
    ('{"format": "something-else"}', "not a Back on Track plan"),
    ('{"format": "back-on-track-plan", "schema_version": 9, "plan": {}}', "version 9"),
    ('{"format": "back-on-track-plan", "schema_version": 1, "plan": {}}', "incomplete or damaged"),
    ("[" * 5000 + "]" * 5000, "not JSON"),
])
def test_a_bad_plan_file_gives_a_clear_message(text, message):
    with pytest.raises(model.PlanInputError, match=message):
        plan_from_json(text, "my-plan.json")


@settings(max_examples=40, deadline=None)
@given(key=st.sampled_from(["timezone", "session_time", "weeks", "level", "clinician_checked", "start"]),
       value=st.one_of(st.none(), st.integers(), st.text(max_size=20), st.lists(st.integers(), max_size=3)))
def test_any_damaged_field_is_refused_with_a_message(key, value):
    data = json.loads(plan_json(maya_plan()))
    data["plan"][key] = value
    try:
        plan = plan_from_json(json.dumps(data))
    except model.PlanInputError:
        return
    assert plan_dict(plan)[key] == value  # only a value that is still valid loads


# ---------------------------------------------------------------- the widget

def test_the_builder_shows_maya_s_plan_with_download_links():
    builder = PlanBuilder(web_app=True, today=START, timezone=ZONE)
    assert "24 runs and 16 strength sessions" in builder.takeaway.value
    assert "download=" not in builder.downloads.value  # made on request, not on every change
    builder.make_button.click()
    assert builder.downloads.value.count('download="my-plan.') == 3
    assert builder.save_button.layout.display == "none"
    builder.increase.value = 12  # a changed plan never offers the old plan's files
    assert "download=" not in builder.downloads.value and "changed" in builder.downloads.value


def test_the_builder_shows_each_week_s_sessions_and_checks():
    builder = PlanBuilder(web_app=True, today=START, timezone=ZONE)
    assert builder.week_choice.options == tuple(range(1, 9))
    builder.week_choice.value = 3
    week = builder.plan.weeks[2]
    assert "Week 3 (from Monday" in builder.week_detail.value
    assert all(html.escape(s.session.title) in builder.week_detail.value for s in week.sessions)
    assert "The morning after" in builder.week_detail.value and "Spike limit" in builder.week_detail.value
    builder.weeks.value = 6  # fewer weeks: the choice follows
    assert builder.week_choice.options == tuple(range(1, 7)) and builder.week_choice.value == 3


def test_the_builder_refuses_for_sam_and_shows_the_self_check_s_own_advice():
    builder = PlanBuilder(web_app=True, today=START, timezone=ZONE)
    builder.source.value = "Sam (sample): emergency signs"
    assert questionnaire().levels["emergency"].heading in builder.verdict.value
    assert builder.plan is None and builder.downloads.value == "" and builder.figure_area.outputs == ()
    assert builder.take_away.layout.display == "none" and builder.week_choice.layout.display == "none"


def test_the_builder_needs_the_confirmation_at_soon():
    builder = PlanBuilder(web_app=True, today=START, timezone=ZONE)
    builder.use_result(at_level("soon"), "a test")
    assert builder.plan is None and not builder.confirm.disabled and "No plan yet" in builder.verdict.value
    builder.confirm.value = True
    assert builder.plan is not None and "confirmed" in builder.verdict.value
    builder.source.value = "Maya (sample): no red flags"
    assert not builder.confirm.value and builder.confirm.disabled  # a new self-check: the box is unticked
    builder.use_result(at_level("soon"), "the same file again")
    assert builder.plan is None and "No plan yet" in builder.verdict.value


def test_the_builder_keeps_distances_when_switching_to_miles_and_names_bad_input():
    builder = PlanBuilder(web_app=True, today=START, timezone=ZONE)
    builder.unit.value = "mi"
    assert builder.start_km.value == round(20 / KM_PER_MILE, 1) and "12.4 to 18.6 mi" in builder.takeaway.value
    plan = builder.plan
    builder.start_km.value = 900.0  # out of range: named in miles, kept as typed, the plan stays
    assert "Start must be from 0.3 to 186 mi a week; got 900" in builder.message.value
    assert builder.start_km.value == 900.0 and builder.plan is plan
    builder.start_km.value = round(20 / KM_PER_MILE, 1)
    assert builder.message.value == ""
    plan = builder.plan
    builder.time.value = "seven"
    assert "07:00" in builder.message.value and builder.plan is plan and builder.time.value == "seven"


def upload(name: str, content: bytes) -> dict:
    return {"name": name, "type": "application/json", "size": len(content), "content": memoryview(content),
            "last_modified": dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc)}


def test_the_builder_loads_an_uploaded_self_check_and_a_plan_file():
    from helpers.selfcheck_store import download_text
    builder = PlanBuilder(web_app=True, today=START, timezone=ZONE)
    builder.upload.value = (upload("my-self-check.json", download_text(SAM).encode()),)
    assert builder.plan is None and "Emergency" in builder.verdict.value
    builder.upload.value = (upload("my-self-check.json", download_text(MAYA).encode()),)
    builder.upload.value = (upload("my-plan.json", plan_json(maya_plan()).encode()),)
    assert builder.plan == maya_plan() and "Showing the plan saved in my-plan.json" in builder.file_status.value
    builder.upload.value = (upload("junk.json", b"junk"),)
    assert "Please check" in builder.file_status.value


def no_plan_to_take_away(builder: PlanBuilder, tmp_path) -> None:
    """Nothing of a plan is shown or offered: no plan, figure, weeks or files, and none can be made or saved."""
    assert builder.plan is None and builder.figure_area.outputs == ()
    assert builder.table.value == builder.week_detail.value == builder.takeaway.value == ""
    assert builder.take_away.layout.display == "none" and builder.week_choice.layout.display == "none"
    builder.make_files()
    assert "download=" not in builder.downloads.value
    builder.save_files()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("current", ["Sam (sample)", "urgent", "emergency"])
@pytest.mark.parametrize("file_level", ["self-care", "soon"])
def test_a_saved_plan_never_comes_back_past_an_urgent_or_emergency_self_check(current, file_level, tmp_path,
                                                                              monkeypatch):
    monkeypatch.chdir(tmp_path)
    saved = model.build_plan(at_level(file_level), parts(), START, clinician_checked=True, recent_longest_km=7.0)
    builder = PlanBuilder(web_app=False, today=START, timezone=ZONE)
    if current == "Sam (sample)":
        builder.source.value = "Sam (sample): emergency signs"
        level = SAM.level
    else:
        builder.use_result(at_level(current), "a test")
        level = current
    builder.upload.value = (upload("my-plan.json", plan_json(saved).encode()),)
    heading = questionnaire().levels[level].heading
    assert "No plan: your self-check asks you to see a clinician first." in builder.verdict.value
    assert html.escape(heading) in builder.verdict.value or heading in builder.verdict.value
    assert "my-plan.json was not loaded" in builder.file_status.value
    no_plan_to_take_away(builder, tmp_path)
    builder.confirm.value = True  # the box is disabled at these levels; even ticked, it changes nothing
    no_plan_to_take_away(builder, tmp_path)


def test_a_saved_plan_at_soon_needs_the_confirmation_now(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    builder = PlanBuilder(web_app=False, today=START, timezone=ZONE)
    builder.use_result(at_level("soon"), "a test")
    builder.upload.value = (upload("my-plan.json", plan_json(maya_plan()).encode()),)  # made at self-care
    assert "No plan yet" in builder.verdict.value and "was not loaded" in builder.file_status.value
    no_plan_to_take_away(builder, tmp_path)
    builder.confirm.value = True
    builder.upload.value = (upload("my-plan.json", plan_json(maya_plan()).encode()),)
    shown = builder.plan
    assert shown.weeks == maya_plan().weeks and shown.level == "soon" and shown.clinician_checked
    assert shown.notes[0] == model.confirmation_note(questionnaire().levels["soon"])
    assert "You confirmed that a clinician has checked you" in builder.verdict.value
    assert "under your current self-check" in builder.file_status.value
    builder.make_files()
    assert builder.downloads.value.count('download="my-plan.') == 3
    events = icalendar.Calendar.from_ical(calendar_file(shown)).walk("VEVENT")
    assert all("you confirmed that one has checked you" in str(event["DESCRIPTION"]) for event in events)
    builder.source.value = "Sam (sample): emergency signs"  # a new self-check: the loaded plan goes
    no_plan_to_take_away(builder, tmp_path)


def test_a_saved_plan_shown_at_self_care_drops_an_old_confirmation():
    soon = model.build_plan(at_level("soon"), parts(), START, clinician_checked=True, recent_longest_km=7.0)
    builder = PlanBuilder(web_app=True, today=START, timezone=ZONE)  # Maya: self-care
    builder.upload.value = (upload("my-plan.json", plan_json(soon).encode()),)
    assert builder.plan.level == "self-care" and not builder.plan.clinician_checked
    assert not any(note.endswith(model.CONFIRM_TEXT) for note in builder.plan.notes)
    assert "a clinician has checked me" not in printable_page(builder.plan)


def test_without_a_self_check_a_saved_plan_is_not_shown(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    builder = PlanBuilder(web_app=False, today=START, timezone=ZONE)
    builder.source.value = "My own (load it below)"
    builder.upload.value = (upload("my-plan.json", plan_json(maya_plan()).encode()),)
    assert "lesson 08" in builder.verdict.value and "was not loaded" in builder.file_status.value
    no_plan_to_take_away(builder, tmp_path)


def test_the_builder_starts_from_an_uploaded_running_log():
    builder = PlanBuilder(web_app=True, today=START, timezone=ZONE)
    content = training.sample_log_path().read_bytes()
    activities, _ = training.read_log(training.sample_log_path(), timezone="Europe/London")
    level = model.current_level(training.analyse(activities).weekly)
    builder.log_upload.value = (upload(training.sample_log_path().name, content),)
    assert builder.start_km.value == round(level, 1) and builder.log_upload.value == ()
    assert builder.longest.value == round(model.longest_recent_run(activities), 1)
    assert "last four complete weeks" in builder.log_status.value and builder.plan is not None
    builder.log_upload.value = (upload("broken.gpx", b"<gpx"),)
    assert "Could not read broken.gpx" in builder.log_status.value and builder.start_km.value == round(level, 1)
    for name, words in (("..", "has no file name"), ("log\x00.csv", "control character"), ("notes.txt", "must end in")):
        builder.log_upload.value = (upload(name, b"x"),)  # refused in words by the course's one upload helper
        assert words in builder.log_status.value and builder.start_km.value == round(level, 1)


def test_a_run_over_its_limit_is_marked_on_paper_and_on_screen_with_enough_digits_to_see_why():
    plan = model.build_plan(MAYA, parts(increase=19), START, recent_longest_km=7.0)
    over = plan.runs_over_limit
    page, week = printable_page(plan), week_html(plan, over[0].week)
    assert page.count("is over it") == len(over) and "<th>Done</th>" in page
    assert "is over it" in week and "<th>Done</th>" not in week
    first = over[0]
    assert distance_text(first.spike_limit_km, 2) in week and distance_text(first.session.distance_km, 2) in week
    assert distance_text(first.spike_limit_km, 2) != distance_text(first.session.distance_km, 2)


@pytest.mark.parametrize("unit", ["km", "mi"])
def test_the_plan_figure_has_units_and_tells_series_apart_without_colour(unit):
    from helpers.figures.plan import plan_figure  # helpers.figures.plan_figure is lesson 09's (name clash)
    plan = model.build_plan(MAYA, parts(increase=19), START, recent_longest_km=7.0)
    figure = plan_figure(plan, unit).to_dict()
    layout = figure["layout"]
    for axis in ("xaxis", "yaxis", "yaxis2"):
        assert layout[axis]["title"]["text"].endswith(")")
    assert f"({unit} a week)" in layout["yaxis"]["title"]["text"]
    bars, strength, over = figure["data"]
    assert bars["type"] == "bar" and strength["marker"]["symbol"] != over["marker"]["symbol"]
    assert list(bars["y"]) == [round(km_to(week.run_km, unit), 1) for week in plan.weeks]
    assert list(over["x"]) == sorted({s.week for s in plan.runs_over_limit})
    assert max(over["y"]) < layout["yaxis"]["range"][1]  # the crosses are inside the plot
    assert "cdn" not in json.dumps(figure).lower()


def test_saving_here_never_overwrites_an_earlier_plan(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my-plan.json").write_text("my earlier plan")
    builder = PlanBuilder(web_app=False, today=START, timezone=ZONE)
    assert builder.save_button.layout.display != "none"
    builder.save_files()
    assert (tmp_path / "my-plan.json").read_text() == "my earlier plan"
    assert "my-plan-2.ics, my-plan-2.html, my-plan-2.json" in builder.save_status.value
    assert plan_from_json((tmp_path / "my-plan-2.json").read_text()) == builder.plan
    builder.save_files()
    assert (tmp_path / "my-plan-3.ics").exists()


def test_saving_stops_at_a_file_it_cannot_write_and_says_what_was_saved(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    builder = PlanBuilder(web_app=False, today=START, timezone=ZONE)
    real_open = Path.open

    def refuse_html(path, *args, **kwargs):
        if path.suffix == ".html":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse_html)
    builder.save_files()
    assert "Could not write my-plan.html (Permission denied). Saved so far: my-plan.ics" in builder.save_status.value


def test_a_soon_plan_s_calendar_events_carry_the_confirmation():
    plan = model.build_plan(at_level("soon"), parts(), START, clinician_checked=True)
    events = icalendar.Calendar.from_ical(calendar_file(plan)).walk("VEVENT")
    assert all("you confirmed that one has checked you" in str(event["DESCRIPTION"]) for event in events)
    assert not any("confirmed" in str(event["DESCRIPTION"]) for event in
                   icalendar.Calendar.from_ical(calendar_file(maya_plan())).walk("VEVENT"))


@pytest.mark.parametrize("damage", ["no weeks", "a week missing", "a week moved", "a session moved"])
def test_a_plan_file_with_weeks_out_of_order_is_refused(damage):
    data = json.loads(plan_json(maya_plan()))
    weeks = data["plan"]["weeks"]
    if damage == "no weeks":
        weeks.clear()
    elif damage == "a week missing":
        del weeks[3]
    elif damage == "a week moved":
        weeks[2]["monday"] = "2026-12-22"
    else:
        weeks[1]["sessions"][0]["date"] = "2027-03-01"
    with pytest.raises(model.PlanInputError, match="damaged"):
        plan_from_json(json.dumps(data))


# ---------------------------------------------------------------- issue 13: the figure in words, typed boxes echoed


def test_the_plan_figure_is_described_and_follows_the_unit() -> None:
    from helpers.figure_text import plan_description

    builder = PlanBuilder(web_app=True, today=dt.date(2025, 3, 3), timezone=ZONE)
    assert builder.description.value == (
        f"<p><small>Figure: {html.escape(plan_description(builder.plan, 'km'))}</small></p>")
    assert "8 weeks as bars of running a week, from 20.0 km in week 1 to 30.0 km in week 8" in builder.description.value
    assert "Squares give strength sessions a week: 2 every week" in builder.description.value
    builder.unit.value = "mi"
    assert "from 12.4 miles in week 1" in builder.description.value and " km" not in builder.description.value
    builder.source.value = "Sam (sample): emergency signs"
    assert builder.description.value == ""  # no plan, no figure to describe


def test_the_plan_builder_echoes_its_typed_boxes() -> None:
    builder = PlanBuilder(web_app=True, today=dt.date(2025, 3, 3), timezone=ZONE)
    assert ("Read as: start 20 km a week = 12.4 mi a week; target 30 km a week = 18.6 mi a week; longest recent run "
            "7 km = 4.3 mi; time of day 07:00; time zone Europe/London.") in builder.takeaway.value
    builder.time.value = "7:5"
    assert "time of day &quot;7:5&quot; = 07:05; time zone Europe/London." in builder.takeaway.value
    builder.running.value = next(label for label, key in RUNNING.items() if key == "return")
    assert "weekly distance before 20 km a week = 12.4 mi a week" in builder.takeaway.value


def test_a_plan_with_runs_over_the_limit_names_their_weeks() -> None:
    from helpers.figure_text import plan_description

    builder = PlanBuilder(web_app=True, today=dt.date(2025, 3, 3), timezone=ZONE)
    builder.longest.value = 2
    flagged = [week.week for week in builder.plan.weeks if any(s.over_limit for s in week.sessions)]
    assert flagged
    assert f"Crosses mark weeks with a run over its spike limit: week {', '.join(map(str, flagged))}." in \
        plan_description(builder.plan)


def test_a_plan_from_a_sample_self_check_says_so_on_screen_and_in_its_files():
    from helpers import plan_export
    from helpers.widgets.plan import SAMPLE_NOTE

    builder = PlanBuilder(web_app=True, today=START, timezone=ZONE)  # opens on Maya's sample check
    assert "sample self-check, not yours" in builder.verdict.value
    assert builder.plan.notes[0] == SAMPLE_NOTE
    assert "not yours" in plan_export.printable_page(builder.plan)
    assert SAMPLE_NOTE in plan_export.plan_json(builder.plan)
    builder.increase.value = 12  # rebuilt: still one note, not two
    assert builder.plan.notes.count(SAMPLE_NOTE) == 1
