"""Lesson 10: the plan's time zone and times: chosen by the learner, cleaned, checked, and right across clock changes.

Every calendar check re-reads the written .ics file with ``icalendar``.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import plan as model
from helpers import training
from helpers.plan_export import calendar_file, plan_from_json, plan_json, printable_page, session_times
from helpers.selfcheck import assess, sample_answers
from helpers.widgets.plan import PlanBuilder

MAYA = assess(sample_answers("maya"))
UTC = dt.timezone.utc
START = dt.date(2026, 12, 2)


def sunday_part(minutes: tuple[int, ...] = (60, 20)) -> model.Part:
    """One week whose Sunday holds a run and a strength session (one after the other), repeated."""
    kinds = ("run", "strength")
    sessions = tuple(model.Session(kinds[i % 2], 6, f"session {i + 1}", "a test session", m, 5.0 * (i % 2 == 0))
                     for i, m in enumerate(minutes))
    return model.Part("Test sessions", 0, (sessions,))


def events_of(plan: model.Plan) -> list:
    return icalendar.Calendar.from_ical(calendar_file(plan)).walk("VEVENT")


# ---------------------------------------------------------------- which zone

def test_the_builder_has_no_time_zone_until_the_learner_chooses_one():
    builder = PlanBuilder(web_app=True, today=START)
    assert builder.timezone.value == "" and builder.plan is None
    assert "choose your time zone" in builder.verdict.value and "Europe/London" in builder.verdict.value
    assert builder.take_away.layout.display == "none" and builder.figure_area.outputs == ()
    builder.source.value = "Sam (sample): emergency signs"  # the self-check comes first, zone or not
    assert "No plan: your self-check asks you to see a clinician first." in builder.verdict.value
    builder.source.value = "Maya (sample): no red flags"
    builder.timezone.value = "  America/Toronto "
    assert builder.plan.timezone == "America/Toronto" and "Times are in <b>America/Toronto</b>" in builder.verdict.value
    assert "time zone America/Toronto." in builder.takeaway.value
    builder.timezone.value = ""
    assert builder.plan is None and "choose your time zone" in builder.verdict.value


def test_the_zone_list_offers_places_only():
    names = model.zone_names()
    assert "Europe/London" in names and "America/New_York" in names and "UTC" in names
    assert not {"localtime", "Factory", "posixrules"} & set(names)
    assert not [name for name in names if name.startswith(("posix/", "right/"))]
    assert PlanBuilder(web_app=True, today=START).timezone.options == names


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Choose your time zone"),
    ("   ", "Choose your time zone"),
    (None, "Choose your time zone"),
    ("localtime", "'localtime' is not a place's time zone"),
    (" localtime ", "'localtime' is not a place's time zone"),
    ("Factory", "not a place's time zone"),
    ("posix/Europe/London", "not a time zone name"),
    ("right/Europe/London", "not a time zone name"),
    ("Mars/Base", "not a time zone name. Type the region"),
    ("europe/london", "Did you mean Europe/London?"),
    ("London", "Did you mean Europe/London?"),
    ("new york", "Did you mean America/New_York?"),
    ("../../etc/passwd", "not a time zone name"),
])
def test_a_name_that_is_not_a_place_s_zone_is_refused_saying_what_to_type(typed, message):
    with pytest.raises(model.PlanInputError, match=message.replace("?", r"\?")):
        model.check_timezone(typed)
    with pytest.raises(model.PlanInputError, match=message.replace("?", r"\?")):
        model.build_plan(MAYA, [sunday_part()], START, timezone=typed)


def test_the_builder_names_a_bad_zone_and_keeps_the_last_plan():
    builder = PlanBuilder(web_app=True, today=START, timezone="Europe/London")
    plan = builder.plan
    builder.timezone.value = "localtime"
    assert "&#x27;localtime&#x27; is not a place" in builder.message.value or "'localtime' is not a place" in \
        builder.message.value
    assert builder.plan is plan and builder.timezone.value == "localtime"


def test_a_log_is_read_only_once_a_zone_is_chosen():
    builder = PlanBuilder(web_app=True, today=START)
    content = training.sample_log_path().read_bytes()
    builder.log_upload.value = ({"name": "activities.csv", "type": "text/csv", "size": len(content),
                                 "content": memoryview(content), "last_modified": dt.datetime(2026, 12, 2, tzinfo=UTC)},)
    assert "Choose your time zone" in builder.log_status.value and "Nothing was read" in builder.log_status.value
    assert builder.start_km.value == 20


def test_a_zone_typed_with_spaces_is_stored_clean_in_every_export():
    plan = model.build_plan(MAYA, [sunday_part()], START, timezone="  Europe/London ")
    assert plan.timezone == "Europe/London"
    calendar = icalendar.Calendar.from_ical(calendar_file(plan))
    assert calendar["X-WR-TIMEZONE"] == "Europe/London"
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert {event["DTSTART"].params["TZID"] for event in calendar.walk("VEVENT")} == {"Europe/London"}
    assert "Times are in Europe/London." in printable_page(plan)
    assert json.loads(plan_json(plan))["plan"]["timezone"] == "Europe/London"


@pytest.mark.parametrize(("stored", "loaded"), [(" Europe/London ", "Europe/London"), ("localtime", None),
                                                ("Factory", None), ("", None)])
def test_a_plan_file_s_zone_is_cleaned_or_refused(stored, loaded):
    data = json.loads(plan_json(model.build_plan(MAYA, [sunday_part()], START, timezone="Europe/London")))
    data["plan"]["timezone"] = stored
    if loaded is None:
        with pytest.raises(model.PlanInputError, match="damaged"):
            plan_from_json(json.dumps(data))
    else:
        assert plan_from_json(json.dumps(data)).timezone == loaded


# ---------------------------------------------------------------- clock changes

def test_a_start_in_the_spring_gap_moves_on_like_a_clock_and_the_plan_says_so():
    # New York, Sunday 14 March 2027: the clocks jump from 02:00 to 03:00, so 02:30 does not exist
    plan = model.build_plan(MAYA, [sunday_part()], dt.date(2027, 3, 8), weeks=6, timezone="America/New_York",
                            session_time="02:30")
    zone = ZoneInfo("America/New_York")
    events = events_of(plan)
    assert len(events) == len(plan.sessions) == 12
    for event, (session, start, end) in zip(events, session_times(plan)):
        begins, ends = event.decoded("DTSTART"), event.decoded("DTEND")
        assert event["DTSTART"].params["TZID"] == "America/New_York"
        assert ends > begins and ends - begins == dt.timedelta(minutes=session.session.minutes)
        assert begins.astimezone(UTC) == start.astimezone(UTC) and ends.astimezone(UTC) == end.astimezone(UTC)
    gap_day = [e for e in events if e.decoded("DTSTART").date() == dt.date(2027, 3, 14)]
    assert [e.decoded("DTSTART").astimezone(zone).strftime("%H:%M") for e in gap_day] == ["03:30", "04:45"]
    assert gap_day[0].decoded("DTSTART").astimezone(UTC) == dt.datetime(2027, 3, 14, 7, 30, tzinfo=UTC)
    other_days = [e for e in events if e.decoded("DTSTART").date() != dt.date(2027, 3, 14)]
    assert {e.decoded("DTSTART").astimezone(zone).strftime("%H:%M") for e in other_days} == {"02:30", "03:45"}
    notes = [note for note in plan.notes if "clocks" in note]
    assert notes == ["On Sunday 14 March 2027 the clocks in America/New_York go forward and skip 02:30: that day's "
                     "first session starts at 03:30, the time a clock shows then."]
    assert "Sun 14 Mar, 03:30" in printable_page(plan)


def test_the_second_session_of_the_night_the_clocks_go_back_is_not_an_hour_early():
    # New York, Sunday 7 November 2027: 01:00 to 02:00 happens twice
    plan = model.build_plan(MAYA, [sunday_part((60, 20))], dt.date(2027, 11, 1), weeks=6,
                            timezone="America/New_York", session_time="01:00")
    events = [e for e in events_of(plan) if e.decoded("DTSTART").date() == dt.date(2027, 11, 7)]
    starts = [e.decoded("DTSTART").astimezone(UTC) for e in events]
    ends = [e.decoded("DTEND").astimezone(UTC) for e in events]
    assert starts == [dt.datetime(2027, 11, 7, 5, 0, tzinfo=UTC), dt.datetime(2027, 11, 7, 6, 15, tzinfo=UTC)]
    assert ends == [dt.datetime(2027, 11, 7, 6, 0, tzinfo=UTC), dt.datetime(2027, 11, 7, 6, 35, tzinfo=UTC)]
    assert not [note for note in plan.notes if "clocks" in note]  # 01:00 exists (twice): nothing moved


SHIFTING_ZONES = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago", "Asia/Tehran",
                  "Pacific/Chatham", "America/St_Johns", "Africa/Casablanca", "Europe/Dublin"]


@settings(max_examples=60, deadline=None)
@given(zone=st.one_of(st.sampled_from(SHIFTING_ZONES), st.sampled_from(model.zone_names())),
       start=st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)), hour=st.integers(0, 23),
       minute=st.sampled_from([0, 15, 30, 45, 59]), minutes=st.tuples(st.integers(5, 240), st.integers(5, 120)))
def test_every_event_ends_after_it_starts_in_any_zone_at_any_time(zone, start, hour, minute, minutes):
    time = f"{hour:02d}:{minute:02d}"
    plan = model.build_plan(MAYA, [sunday_part(minutes)], start, weeks=12, timezone=zone, session_time=time)
    events = events_of(plan)
    assert len(events) == len(plan.sessions)
    moved = {note.split(" the clocks")[0] for note in plan.notes if "clocks" in note}
    for pair in zip(events[::2], events[1::2], plan.sessions[::2], plan.sessions[1::2]):
        first, second, one, two = pair
        times = [first.decoded("DTSTART"), first.decoded("DTEND"), second.decoded("DTSTART"), second.decoded("DTEND")]
        utc = [moment.astimezone(UTC) for moment in times]
        assert utc[1] - utc[0] == dt.timedelta(minutes=one.session.minutes)
        assert utc[2] - utc[1] == dt.timedelta(minutes=15)  # the gap between a day's sessions, in real time
        assert utc[3] - utc[2] == dt.timedelta(minutes=two.session.minutes)
        shown = utc[0].astimezone(ZoneInfo(zone))
        said = f"On Sunday {one.date:%d %B %Y}" in moved
        assert (shown.strftime("%H:%M") != time) == said, (zone, one.date, time, shown)
        assert shown.date() == one.date
