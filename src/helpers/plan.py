"""Lesson 10 model: one plan of the next 6–12 weeks from the learner's own parts (pure).

A plan is built from **parts**. A part is what one lesson feeds in: a list of weeks,
each a list of :class:`Session` (kind, weekday, title, description, minutes, km, and for
strength the exercises with their doses). The running part is either lesson 06's
build-up (:func:`ramp_part` from a ``ramp_plan``) or, for a runner coming back after a
break or back pain, lesson 09's return-to-run plan (:func:`return_part`, used instead of
the ramp). Lesson 04 gives the strength part (:func:`strength_part`: the learner's chosen
exercises at ``core.progression``'s doses). Lesson 09's own gate answers ("see care",
"check first", "walk first") are passed on (:class:`NoReturnPlan`), never turned into runs.

The self-check result (lesson 08) gates the plan: at "urgent" or "emergency"
:func:`build_plan` refuses with the self-check's own advice and makes no plan; at "soon"
it builds one only when the learner confirms a clinician has checked them, and the plan
says so. Every run carries the checks of ``data/plan_checks.csv``: the single-run spike
limit (Nielsen et al. 2025: a run more than 10 % longer than the longest of the 30 days
before) and pain the next morning (expert practice; evidence unknown).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from helpers import core, recovery, training
from helpers.data import load_table
from helpers.paths import data_dir
from helpers.plan_time import (  # noqa: F401  (the plan's time and zone checks are part of this module's interface)
    WEEKDAYS, ZONE_EXAMPLES, PlanInputError, check_timezone, clock_change_notes, later, local_start, parse_time,
    zone_names,
)
from helpers.selfcheck import Level, SelfCheckResult, questionnaire
from helpers.units import KM_PER_MILE

KINDS = ("run", "strength")
WEEKS = (6, 12)
SPIKE_LIMIT_PERCENT = 10.0  # Nielsen et al. 2025: risk rose for runs more than 10 % over the 30-day longest
LOOKBACK_DAYS = training.SPIKE_LOOKBACK_DAYS
EASY_SPEED_KMH = 9.0  # lesson 06's easy running speed, used only to size calendar events
STRENGTH_DAYS = (2, 4, 0, 5)  # preferred weekdays for strength, away from the runs of lesson 06's layout
#: Lesson 04 exercises used when the learner chooses none: a sample (glutes, back extensors, side), said so.
SAMPLE_EXERCISES = ("glute-bridge", "bird-dog", "side-plank")
STRENGTH_MINUTES = 20  # a calendar slot for a strength session
CONFIRM_TEXT = "A GP or physiotherapist has checked me and agreed that I can follow a running plan."
CONFIRM_LABEL = "A clinician has checked me"  # the builder's tick box; CONFIRM_TEXT is shown beside it


class PlanRefused(Exception):
    """The self-check's level does not allow a plan; :attr:`level` holds its own advice."""

    def __init__(self, level: Level, reason: str):
        super().__init__(reason)
        self.level = level
        self.reason = reason


@dataclass(frozen=True)
class Session:
    """One session of a part's week: what, which weekday (Monday = 0), how long, how far."""

    kind: str
    weekday: int
    title: str
    description: str
    minutes: int
    distance_km: float = 0.0
    exercises: tuple[str, ...] = ()  # strength only: "Glute bridge: 2 sets of 10 reps", one per exercise


@dataclass(frozen=True)
class Part:
    """What one lesson feeds a plan: ``weeks[i]`` holds the sessions of week i + 1."""

    name: str
    lesson: int
    weeks: tuple[tuple[Session, ...], ...]


@dataclass(frozen=True)
class PlannedSession:
    """A session on its date, with the checks that go with it."""

    session: Session
    date: dt.date
    week: int
    part: str
    checks: tuple[str, ...]
    spike_limit_km: float | None = None  # runs only; None when no run in the 30 days before

    @property
    def over_limit(self) -> bool:
        limit = self.spike_limit_km
        return limit is not None and self.session.distance_km > limit * (1 + 1e-9)


@dataclass(frozen=True)
class Week:
    week: int
    monday: dt.date
    sessions: tuple[PlannedSession, ...]
    checks: tuple[str, ...]

    @property
    def run_km(self) -> float:
        return sum(s.session.distance_km for s in self.sessions if s.session.kind == "run")


@dataclass(frozen=True)
class Plan:
    """A plan of whole weeks from ``start`` (a Monday), in the learner's time zone."""

    start: dt.date
    weeks: tuple[Week, ...]
    timezone: str
    session_time: str  # "HH:MM", local time of the first session of a day
    level: str
    level_heading: str
    clinician_checked: bool
    parts: tuple[str, ...]
    notes: tuple[str, ...]
    recent_longest_km: float | None = None

    @property
    def sessions(self) -> tuple[PlannedSession, ...]:
        return tuple(s for week in self.weeks for s in week.sessions)

    @property
    def runs_over_limit(self) -> tuple[PlannedSession, ...]:
        return tuple(s for s in self.sessions if s.over_limit)


# ---------------------------------------------------------------- distances

def distance_text(km: float, digits: int = 1) -> str:
    """'5.0 km (3.1 mi)': every distance in both units."""
    return f"{km:.{digits}f} km ({km / KM_PER_MILE:.{digits}f} mi)"


def _run_minutes(km: float) -> int:
    """Minutes at lesson 06's easy speed, rounded up to 5 (a calendar slot, not a pace target)."""
    return max(5, 5 * math.ceil(km / EASY_SPEED_KMH * 60 / 5 - 1e-9))


# ---------------------------------------------------------------- parts (lesson 06 and the learner's own)

def ramp_part(ramp: pd.DataFrame, runs_per_week: int = 3, long_run_share: float = 0.35) -> Part:
    """Lesson 06's build-up (a ``training.ramp_plan`` table) as runs on fixed weekdays.

    Runs fall on lesson 06's weekdays (``training.RUN_DAYS``), the long run on Sunday
    carrying ``long_run_share`` of the week, the rest shared equally (``training.plan_days``).
    """
    days = training.plan_days(ramp, runs_per_week, long_run_share, start=training.PLAN_START)
    runs = days[days["activity_type"] == "Run"]
    by_week: dict[int, list[Session]] = {int(number): [] for number in ramp["week"]}
    for date, number, km, long_run in zip(runs["local_date"], runs["week"], runs["distance_km"], runs["long_run"]):
        by_week[int(number)].append(_run(date.weekday(), float(km), bool(long_run)))
    return Part("Running build-up (lesson 06)", 6, tuple(tuple(week) for week in by_week.values()))


RUN_TEXT = "At an easy pace, one at which you can talk in sentences."


def _run(weekday: int, km: float, long_run: bool) -> Session:
    title = f"{'Long run' if long_run else 'Easy run'} {distance_text(km)}"
    return Session("run", weekday, title, RUN_TEXT, _run_minutes(km), float(km))


def walk_run_part(sessions_per_week: int = 3) -> Part:
    """Lesson 06's six-week walk–run return (``training.walk_run_progression``), one stage a week."""
    table = training.walk_run_progression(EASY_SPEED_KMH, sessions_per_week)
    days = training.RUN_DAYS[sessions_per_week]
    weeks = []
    for row in table.itertuples():
        minutes = int(row.run_min_per_session + row.walk_min_per_session)
        km = row.running_km / sessions_per_week
        text = "Walk–run. Move to the next stage next week only if pain or swelling did not increase."
        weeks.append(tuple(Session("run", day, f"Walk–run: {row.session}", text, minutes, float(km)) for day in days))
    return Part("Walk–run return (lesson 06)", 6, tuple(weeks))


def strength_part(keys: Sequence[str] | None = None, per_week: int = 2, weeks: int = WEEKS[1]) -> Part:
    """Lesson 04's exercises (``keys`` of data/core_exercises.csv; none: :data:`SAMPLE_EXERCISES`) at
    ``core.progression``'s doses, ``per_week`` sessions a week on :data:`STRENGTH_DAYS`."""
    if isinstance(per_week, bool) or per_week not in range(1, len(STRENGTH_DAYS) + 1):
        raise PlanInputError(f"Strength sessions a week must be 1 to {len(STRENGTH_DAYS)}; got {per_week!r}.")
    sample = not keys
    try:
        table = core.progression(list(keys or SAMPLE_EXERCISES), per_week, weeks)
    except ValueError as error:
        raise PlanInputError(str(error)) from None
    chosen = "a sample of lesson 04's exercises (choose your own)" if sample else "your lesson 04 exercises"
    text = f"Core and glute exercises: {chosen}. {core.PAIN_RULE}"
    plan_weeks = []
    for _, rows in table.groupby("week", sort=True):
        doses = tuple(f"{row.exercise}: {row.sets} sets of {row.dose_text}" for row in rows.itertuples())
        plan_weeks.append(tuple(Session("strength", day, f"Strength: {len(doses)} exercise(s)", text, STRENGTH_MINUTES,
                                        0.0, doses) for day in sorted(STRENGTH_DAYS[:per_week])))
    name = "Core and glute exercises (lesson 04" + (", sample choice)" if sample else ")")
    return Part(name, 4, tuple(plan_weeks))


class NoReturnPlan(Exception):
    """Lesson 09's planner gave no plan: :attr:`status` ("see care", "check first", "walk first") and its message."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


RETURN_TEXT = ("Lesson 09's return to running. Move on only if your back is no worse the next morning "
               "(lesson 09's morning-after rule).")


def return_part(returned: recovery.ReturnPlan, easy_speed_kmh: float = EASY_SPEED_KMH) -> Part:
    """Lesson 09's return-to-run plan (``recovery.return_to_run_plan``) as runs on its weekdays.

    Raises :class:`NoReturnPlan` with lesson 09's own answer when it gave no plan.
    """
    if not returned.has_plan:
        raise NoReturnPlan(returned.status, returned.message)
    by_week: dict[int, list[Session]] = {}
    columns = ("week", "session", "phase", "run_min", "session_min", "blocks", "run_km")
    for week, slot, phase, run_min, session_min, blocks, km in zip(*(returned.sessions[c].tolist() for c in columns)):
        day = recovery.SESSION_DAYS[int(slot) - 1]
        if phase == "walk–run":  # 20 minutes, or less where lesson 09 cuts the walking short
            title = f"Walk–run: {recovery.session_text(run_min, int(blocks), session_min)}"
            minutes = math.ceil(session_min)
        else:
            title = f"Easy run {distance_text(km)}"
            minutes = _run_minutes(km)
        by_week.setdefault(int(week), []).append(Session("run", day, title, RETURN_TEXT, minutes, float(km)))
    return Part("Return to running (lesson 09)", 9, tuple(tuple(by_week[w]) for w in sorted(by_week)))


def recent_longest_for_return(weeks_off: float, longest_km_before: float) -> float | None:
    """The longest run of the 30 days before the plan for a runner back from ``weeks_off`` weeks (None if none)."""
    return float(longest_km_before) if longest_km_before > 0 and 7 * weeks_off + 1 <= LOOKBACK_DAYS else None


def current_level(weekly: pd.DataFrame, weeks: int = 4) -> float:
    """A log's current weekly distance: the mean of its last ``weeks`` complete weeks (km).

    ``weekly`` is ``training.analyse(log).weekly``; a week counts only if all seven of its
    days are in the log (``days_in_log``), so a log ending mid-week is not pulled down.
    """
    complete = weekly[weekly["days_in_log"] == 7] if "days_in_log" in weekly else weekly
    if complete.empty:
        raise PlanInputError("The log has no complete week (Monday to Sunday) to take a current level from.")
    return float(complete.tail(weeks)["distance_km"].mean())


def longest_recent_run(activities: pd.DataFrame, days: int = LOOKBACK_DAYS) -> float:
    """The longest single run (km) of a log's last ``days`` days (its last day included)."""
    longest = training.daily_longest_run(activities)
    if longest.empty:
        raise PlanInputError("The log has no runs.")
    return float(longest.tail(days).max())


# ---------------------------------------------------------------- gating and building

def gate(result: SelfCheckResult | None, clinician_checked: bool = False) -> None:
    """Raise :class:`PlanRefused` unless the self-check allows a plan (see the module text)."""
    if result is None:
        raise PlanInputError("There is no self-check yet: do the self-check (lesson 08) first, then load it here.")
    level = questionnaire().levels.get(result.level)
    if level is None:
        raise PlanInputError(f"The self-check's level {result.level!r} is not one of the course's levels.")
    if level.rank >= 2:
        raise PlanRefused(level, "No plan: your self-check asks you to see a clinician first.")
    if level.rank == 1 and not clinician_checked:
        raise PlanRefused(level, "No plan yet: your self-check asks you to see a GP or physiotherapist first. "
                                 f"Once one has checked you, tick \u201c{CONFIRM_LABEL}\u201d to build the plan.")


def confirmation_note(level: Level) -> str:
    """The note a "soon" plan carries: the self-check's heading and what the learner confirmed."""
    return f"Your self-check said \u201c{level.heading}\u201d. You confirmed: {CONFIRM_TEXT}"


def under_self_check(plan: Plan, result: SelfCheckResult | None, clinician_checked: bool = False) -> Plan:
    """A plan made earlier (a saved file), shown again only as the learner's *current* self-check allows.

    Refuses as :func:`gate` says (whatever level the file was made at); an allowed plan carries the
    current self-check's level, and at "soon" the learner's confirmation, instead of the file's.
    """
    gate(result, clinician_checked)
    level = questionnaire().levels[result.level]
    notes = tuple(note for note in plan.notes if not (note.startswith("Your self-check said") and note.endswith(CONFIRM_TEXT)))
    if level.rank == 1:
        notes = (confirmation_note(level), *notes)
    return replace(plan, level=level.level, level_heading=level.heading, clinician_checked=bool(clinician_checked),
                   notes=notes)


def verdict(result: SelfCheckResult | None, clinician_checked: bool = False) -> str:
    """In one line: may a plan be built from this self-check, and if not, the self-check's own heading."""
    try:
        gate(result, clinician_checked)
    except PlanRefused as refused:
        return f"{refused.reason} ({refused.level.heading})"
    return "a plan can be built"


def build_plan(
    result: SelfCheckResult | None,
    parts: Sequence[Part],
    start: dt.date,
    weeks: int = 8,
    timezone: str = "Europe/London",
    session_time: str = "07:00",
    clinician_checked: bool = False,
    recent_longest_km: float | None = None,
) -> Plan:
    """One plan of ``weeks`` weeks from the Monday on or after ``start``.

    Refuses (:class:`PlanRefused`) as :func:`gate` says. A part shorter than the plan
    repeats its last week (the plan notes say so). ``recent_longest_km`` is the longest
    run of the 30 days before the plan; without it the first runs have no spike limit.
    Bad settings raise :class:`PlanInputError` with what to change.
    """
    gate(result, clinician_checked)
    weeks = _checked_weeks(weeks)
    zone = check_timezone(timezone)
    timezone = zone.key  # the cleaned name (" Europe/London " is stored as "Europe/London")
    first = parse_time(session_time)
    if recent_longest_km is not None and not (0 <= recent_longest_km <= 200):
        raise PlanInputError(f"Your longest recent run must be 0 to 200 km; got {recent_longest_km:g}.")
    parts = [part for part in parts if any(part.weeks)]
    if not parts:
        raise PlanInputError("The plan has no sessions: choose a running part or add strength sessions.")
    monday = start + dt.timedelta(days=(-start.weekday()) % 7)
    notes = [f"The plan starts on Monday {monday:%d %B %Y}" + (f", the first Monday after {start:%d %B %Y}."
                                                             if monday != start else ".")]
    placed = []
    for part in parts:
        if len(part.weeks) < weeks:
            notes.append(f"{part.name} has {len(part.weeks)} weeks; weeks {len(part.weeks) + 1}–{weeks} repeat its last week.")
        elif len(part.weeks) > weeks:
            notes.append(f"{part.name} has {len(part.weeks)} weeks; this plan holds its first {weeks}. "
                         "Go on with it after this plan.")
        for week in range(1, weeks + 1):
            for session in part.weeks[min(week, len(part.weeks)) - 1]:
                placed.append((monday + dt.timedelta(days=7 * (week - 1) + session.weekday), week, part.name, session))
    placed.sort(key=lambda item: (item[0], KINDS.index(item[3].kind)))
    planned = _with_checks(placed, monday, recent_longest_km)
    week_checks = tuple(_checks()["week"])
    plan_weeks = tuple(Week(n, monday + dt.timedelta(days=7 * (n - 1)), tuple(s for s in planned if s.week == n), week_checks)
                       for n in range(1, weeks + 1))
    level = questionnaire().levels[result.level]
    if level.rank == 1:
        notes.insert(0, confirmation_note(level))
    notes.extend(clock_change_notes(sorted({s.date for s in planned}), first, zone))
    if recent_longest_km is None and any(part.lesson == 9 for part in parts):
        notes.append("No run in the 30 days before the plan, so the first runs have no spike limit: "
                     "lesson 09's walk–run starts small.")
    elif recent_longest_km is None:
        notes.append("You gave no longest run of the last 30 days, so the first runs have no spike limit: start gently.")
    plan = Plan(monday, plan_weeks, timezone, session_time, level.level, level.heading, bool(clinician_checked),
                tuple(part.name for part in parts), tuple(notes),
                recent_longest_km)
    return replace(plan, notes=plan.notes + tuple(_over_limit_notes(plan)))


def _checked_weeks(weeks: object) -> int:
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not WEEKS[0] <= weeks <= WEEKS[1]:
        raise PlanInputError(f"A plan covers {WEEKS[0]} to {WEEKS[1]} weeks; got {weeks!r}.")
    return weeks


def _checks() -> dict[str, list[str]]:
    """The check texts by what they apply to (re-read when data/plan_checks.csv changes)."""
    stat = (data_dir() / "plan_checks.csv").stat()
    return _checks_of(stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=2)
def _checks_of(mtime_ns: int, size: int) -> dict[str, list[str]]:
    table = load_table("plan_checks")
    rows = list(zip(table["applies_to"], table["text"]))
    return {kind: [text for applies, text in rows if applies == kind] for kind in ("run", "strength", "week")}


def _with_checks(placed: list, monday: dt.date, recent_longest_km: float | None) -> list[PlannedSession]:
    """Each session with its checks; each run with its spike limit from the runs of the 30 days before it."""
    checks = _checks()
    history: list[tuple[dt.date, float]] = []
    if recent_longest_km:  # run on the Sunday before the plan, for the 30-day window
        history.append((monday - dt.timedelta(days=1), recent_longest_km))
    planned = []
    for date, week, part, session in placed:
        if session.kind != "run":
            planned.append(PlannedSession(session, date, week, part, tuple(checks["strength"])))
            continue
        recent = [km for day, km in history if 1 <= (date - day).days <= LOOKBACK_DAYS]
        limit = max(recent) * (1 + SPIKE_LIMIT_PERCENT / 100) if recent else None
        limit_text = distance_text(limit) if limit else "10 % over your longest run of the last 30 days (none planned yet)"
        texts = tuple(text.replace("{limit}", limit_text) for text in checks["run"])
        planned.append(PlannedSession(session, date, week, part, texts, limit))
        history.append((date, session.distance_km))
    return planned


def _over_limit_notes(plan: Plan) -> list[str]:
    notes = []
    for s in plan.runs_over_limit:
        before = s.spike_limit_km / (1 + SPIKE_LIMIT_PERCENT / 100)
        notes.append(f"Week {s.week}, {WEEKDAYS[s.date.weekday()]}: this run, {distance_text(s.session.distance_km, 2)}, "
                     f"is {(s.session.distance_km / before - 1) * 100:.1f} % longer than the longest run of the 30 days "
                     f"before it, which was {distance_text(before, 2)}: over its spike limit of "
                     f"{distance_text(s.spike_limit_km, 2)}. "
                     "Shorten it, or build up more slowly.")
    return notes


def summary(plan: Plan) -> dict:
    """The numbers a lesson prints about a plan (distances in km)."""
    runs = [s for s in plan.sessions if s.session.kind == "run"]
    return {
        "weeks": len(plan.weeks),
        "sessions": len(plan.sessions),
        "runs": len(runs),
        "strength_sessions": sum(s.session.kind == "strength" for s in plan.sessions),
        "first_week_km": round(plan.weeks[0].run_km, 1),
        "last_week_km": round(plan.weeks[-1].run_km, 1),
        "longest_run_km": round(max((s.session.distance_km for s in runs), default=0.0), 1),
        "runs_over_spike_limit": len(plan.runs_over_limit),
    }


def weeks_table(plan: Plan) -> pd.DataFrame:
    """One row per week (short headers, for narrow screens): Monday, runs, strength sessions, running in km
    and miles, runs over their spike limit."""
    rows = []
    for week in plan.weeks:
        kinds = [s.session.kind for s in week.sessions]
        rows.append({
            "Week": week.week, "Monday": f"{week.monday:%d %b}", "Runs": kinds.count("run"),
            "Strength": kinds.count("strength"), "km": round(week.run_km, 1),
            "mi": round(week.run_km / KM_PER_MILE, 1),
            "Runs over limit": sum(s.over_limit for s in week.sessions),
        })
    return pd.DataFrame(rows).set_index("Week")
