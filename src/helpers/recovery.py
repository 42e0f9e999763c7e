"""Lesson 09 model: what helps back pain, and a return-to-run planner.

Pure functions, no widgets or plotting. :func:`return_to_run_plan` is the planner (lesson
10 imports it); :func:`next_step` is its pain rule for the morning after a session and
:func:`morning_gate` what comes before that rule. The evidence tables live in
:mod:`helpers.treatments` and are re-exported here.

Where each part comes from, so a learner can question it:

* **Who gets a plan.** No plan at the self-check's ``urgent`` or ``emergency`` level: see
  care first (lesson 08, the safety note). At ``soon``, and with pain of 7 or more out of
  10 (the safety note's "pain that stops your day-to-day activities"), a plan only after
  the learner confirms a clinician has checked them. Walk–run starts only when the
  learner can walk briskly for 30 minutes without pain (a course choice, practice-based);
  until then the advice is to
  keep walking (stay active: Dahm et al. 2010).
* **The sessions.** The course's template, in the form of clinical return-to-run programmes
  (Crowell et al. 2023: walk–run phases, held while pain increases): 20-minute sessions, running
  4 → 8 → 12 → 16 → 18 → 20 minutes of them, moving on only if pain does not increase.
  Practice-based, not trial-tested: no trial has compared return-to-run programmes. At the
  self-check's ``not done`` the plan is made but opens by asking for the red-flag check.
* **How fast it grows.** Each week's longest run is at most 10 % longer than the week
  before's longest, and the week's other runs are no longer than that last long run, so
  no run is more than 10 % over the longest of the 30 days before (the single-run spike
  limit, Nielsen et al. 2025; lesson 06's model checks every session). Walk–run weeks
  repeat last week's longest twice, then run a little more (running time rounded down to
  5 s); continuous weeks do the same in km (rounded down to 0.1 km). A week's total may
  rise at most 30 % over the week before's: this course's choice of a guard, from a
  cohort where novices who added more than 30 % over two weeks had more knee, shin and
  hip overuse injuries (HR 1.59, 0.96–2.66; Nielsen et al. 2014a), with two caveats: the
  interval includes no effect, and back pain was not among those injuries. The steps of
  10 % a week already keep the total's rise near 10 %.
* **Where it ends.** Back at the old long run and weekly distance: at most three runs a
  week of at least 20 minutes (or the old long run, if shorter), none longer than the long
  run, no week past the old weekly distance. Where that cannot rebuild the old week, the
  plan ends lower or with fewer runs and says so (:func:`plan_goal`). At most 52 weeks.
* **The morning-after rule.** The template's "advance only if pain does not increase",
  made concrete by this course (no study tested these thresholds): pain the next
  morning no higher than your usual morning pain → next session; 1–2 points higher →
  repeat the session; 3 or more higher → step back a week; 7 or more out of 10 → stop and
  book a GP or physiotherapist; any red flag → lesson 08 and the safety note.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers import training
from helpers.data import load_table
from helpers.inputs import check_range, short_number
from helpers.paths import data_dir
from helpers.treatments import describe_effects, effects, natural_course, treatments, without_a_number  # noqa: F401
from helpers.units import KM_PER_MILE, km_to

SESSION_MIN = 20.0  # the template's session length, minutes
FIRST_RUN_MIN = 4.0  # the template's first stage: 4 × (walk 4, run 1)
SESSIONS_PER_WEEK = 3
SESSION_DAYS = (0, 2, 5)  # Monday, Wednesday, Saturday
SPIKE_LIMIT = 0.10  # Nielsen et al. 2025: more than 10 % over the 30-day longest run
WEEKLY_RISE_LIMIT = 0.30  # the course's guard on a week's total (Nielsen et al. 2014a, with its caveats)
RUN_DAYS = 7  # a weekly distance needs a longest run of at least a seventh of it (one run a day)
TIME_STEP_MIN = 1 / 12  # walk–run running time is rounded down to 5 s
DISTANCE_STEP_KM = 0.1  # continuous runs are rounded down to 0.1 km
ENTRY_WALK_MIN = 30  # brisk walking without pain before walk–run (practice templates)
SEVERE_PAIN = 7  # the safety note: pain that stops day-to-day activities, 7 or more out of 10
MAX_WEEKS = 52
LEVELS = ("not done", "self-care", "soon", "urgent", "emergency")

WEEKS_OFF_RANGE = (0, 520)
WEEKLY_RANGE_KM = (0, 250)
LONGEST_RANGE_KM = (0, 100)
PAIN_RANGE = (0, 10)
WALK_RANGE_MIN = (0, 600)
SPEED_RANGE_KMH = (5, 25)

SEE_CARE = ("{heading}. Do not start running: your self-check found a red flag, so a clinician needs to see "
            "you first. Lesson 08 and the safety note say what to do and how fast.")
CHECK_FIRST = ("No plan yet: {why} Book a GP or physiotherapist, and until you are seen do not start anything "
               "new or harder (the safety note's 'Soon'). When a clinician has checked you and agrees, tick the box "
               "and the planner makes a plan.")
SELF_CHECK_FIRST = ("Do the self-check first: answer its red-flag questions in lesson 08 before your first "
                    "session, then choose its result here.")
MORNING_SELF_CHECK = ("Do the self-check first (lesson 08): its red-flag questions come before any running. "
                      "Then choose its result above, and this box tells you what to do next.")
RED_FLAG_STOP = "Stop: follow the safety note and lesson 08 now."
WALK_FIRST = ("Walk first, not run yet. Keep walking every day, building up to {minutes} minutes of brisk walking "
              "without pain; staying active helps more than rest. Then come back to the planner.")

#: What the morning-after rule can decide, most forward first (the order is used by tests).
DECISIONS = ("next session", "repeat the session", "step back a week", "stop and book a GP or physiotherapist")


@dataclass(frozen=True)
class Goal:
    """Where a plan ends: one long run and ``easy_runs`` easy runs of ``easy_km`` a week (km).

    ``end_min`` is the running per session at the end of walk–run (20 minutes, or the old
    long run if that was shorter); ``cap_km`` is the old weekly distance, which no week of
    the plan passes (infinite for a new runner).
    """

    long_km: float
    easy_km: float
    easy_runs: int
    end_min: float
    cap_km: float

    @property
    def weekly_km(self) -> float:
        return self.long_km + self.easy_runs * self.easy_km


@dataclass(frozen=True)
class ReturnPlan:
    """The planner's answer: ``status`` is ``"plan"``, ``"see care"``, ``"check first"`` or ``"walk first"``.

    ``sessions`` has one row per session (empty unless ``status == "plan"``): ``week``,
    ``session``, ``date``, ``phase`` ("walk–run" or "continuous"), ``run_min``,
    ``walk_min``, ``blocks``, ``run_km``, and lesson 06's check: ``longest_before_km`` (the
    longest run of the 30 days before, ``NaN`` after 30 days off), ``spike_percent`` and
    ``band`` (lesson 06's bands); ``session`` is the weekday slot (1–3), so a week with
    fewer runs skips a number. ``weeks`` sums them a week at a time. ``target_long_km`` is
    the old long run, ``target_weekly_km`` the week the plan ends on (``goal``);
    ``complete`` is False when :data:`MAX_WEEKS` ran out first.
    """

    status: str
    message: str
    sessions: pd.DataFrame = field(default_factory=pd.DataFrame)
    target_long_km: float = 0.0
    target_weekly_km: float = 0.0
    goal: Goal | None = None
    weekly_km_before: float = 0.0
    complete: bool = True
    level: str = ""

    @property
    def has_plan(self) -> bool:
        return self.status == "plan"

    @property
    def weeks(self) -> pd.DataFrame:
        """The sessions summed a week at a time (:func:`weekly_summary`)."""
        return weekly_summary(self.sessions) if self.has_plan else pd.DataFrame()


def walk_run_template() -> pd.DataFrame:
    """The practice template's stages (``data/recovery_walk_run.csv``) with running minutes per session."""
    stages = load_table("recovery_walk_run")
    stages["run_per_session_min"] = stages["run_min"] * stages["blocks"]
    stages["session_min"] = (stages["run_min"] + stages["walk_min"]) * stages["blocks"]
    return stages


def _floor(value: float, step: float) -> float:
    """Rounded down to ``step`` (never above ``value`` but for float noise, so no limit is passed by rounding)."""
    return round(math.floor(value / step + 1e-9) * step, 9)


def distance_text(km: float, unit: str = "km") -> str:
    """A distance in the learner's unit, e.g. '12 km' or '7.5 miles'."""
    return f"{short_number(km_to(km, unit))} {'km' if unit == 'km' else 'miles'}"


def check_inputs(weeks_off: float, weekly_km_before: float, longest_km_before: float, walking_pain: float,
                 morning_pain: float, brisk_walk_min: float, easy_speed_kmh: float, unit: str = "km") -> None:
    """``ValueError`` with a plain message for any input out of range (see :mod:`helpers.inputs`)."""
    check_range("Weeks without running", weeks_off, WEEKS_OFF_RANGE, "weeks")
    check_range("Weekly distance before", weekly_km_before, WEEKLY_RANGE_KM, "km")
    check_range("Longest run before", longest_km_before, LONGEST_RANGE_KM, "km")
    check_range("Pain while walking", walking_pain, PAIN_RANGE)
    check_range("Pain in the morning", morning_pain, PAIN_RANGE)
    check_range("Brisk walking", brisk_walk_min, WALK_RANGE_MIN, "minutes")
    check_range("Easy running speed", easy_speed_kmh, SPEED_RANGE_KMH, "km/h")
    longest, weekly = distance_text(longest_km_before, unit), distance_text(weekly_km_before, unit)
    if weekly_km_before > 0 and longest_km_before == 0:
        raise ValueError("You ran before but your longest run is 0: enter your longest run of that time.")
    if longest_km_before > weekly_km_before + 1e-9:
        raise ValueError(f"The longest run before ({longest}) cannot be more than the weekly distance before "
                         f"({weekly}): check both numbers.")
    if longest_km_before * RUN_DAYS < weekly_km_before - 1e-9:
        raise ValueError(f"A longest run of {longest} cannot add up to {weekly} a week even with a run every day "
                         f"(at most {distance_text(longest_km_before * RUN_DAYS, unit)}): check both numbers.")
    if 0 < longest_km_before / easy_speed_kmh * 60 < FIRST_RUN_MIN:
        raise ValueError(f"A longest run of {longest} takes under {FIRST_RUN_MIN:g} minutes at your easy pace, less "
                         "running than the first walk–run session: enter 0 for both distances to start from the "
                         "beginning.")


def level_heading(level: str) -> str:
    """The self-check's own heading for a level (lesson 08's table), e.g. 'Urgent: contact a doctor … today'."""
    headings = load_table("selfcheck_levels").set_index("level")["heading"]
    return str(headings[level]) if level in headings.index else level


def gate(level: str, clinician_checked: bool, walking_pain: float, morning_pain: float,
         brisk_walk_min: float) -> tuple[str, str]:
    """Whether to plan: ``(status, message)``; status ``"plan"`` means go ahead."""
    if level not in LEVELS:
        raise ValueError(f"The self-check level must be one of {', '.join(LEVELS)}; got {level!r}.")
    if level in ("urgent", "emergency"):
        return "see care", SEE_CARE.format(heading=level_heading(level))
    worst = max(walking_pain, morning_pain)
    if not clinician_checked:
        if level == "soon":
            return "check first", CHECK_FIRST.format(why="your self-check says 'soon'.")
        if worst >= SEVERE_PAIN:
            return "check first", CHECK_FIRST.format(
                why=f"pain of {worst:g} out of 10 is pain that stops day-to-day activities.")
    if walking_pain > 0 or brisk_walk_min < ENTRY_WALK_MIN:
        return "walk first", WALK_FIRST.format(minutes=ENTRY_WALK_MIN)
    return "plan", ""


def return_to_run_plan(weeks_off: float, weekly_km_before: float, longest_km_before: float, walking_pain: float,
                       morning_pain: float, brisk_walk_min: float, level: str = "not done",
                       clinician_checked: bool = False, easy_speed_kmh: float = 9.0,
                       start: dt.date = training.PLAN_START, *, unit: str = "km") -> ReturnPlan:
    """A week-by-week walk–run plan back to running, or why there is none yet.

    Distances in km, pain 0–10, ``level`` the saved self-check's level (:data:`LEVELS`);
    ``unit`` only sets the unit of the messages. Raises ``ValueError`` for input out of
    range. See the module docstring for the rules.
    """
    check_inputs(weeks_off, weekly_km_before, longest_km_before, walking_pain, morning_pain, brisk_walk_min,
                 easy_speed_kmh, unit)
    status, message = gate(level, clinician_checked, walking_pain, morning_pain, brisk_walk_min)
    if status != "plan":
        return ReturnPlan(status, message, level=level)
    goal = plan_goal(weekly_km_before, longest_km_before, easy_speed_kmh)
    before = history_runs(weeks_off, weekly_km_before, longest_km_before)
    sessions, complete = _sessions(before, easy_speed_kmh, goal, start)
    plan = ReturnPlan("plan", "", sessions, float(longest_km_before), goal.weekly_km, goal, float(weekly_km_before),
                      complete, level)
    return replace(plan, message=describe_plan(plan, unit))


def plan_goal(weekly_km: float, longest_km: float, speed_kmh: float) -> Goal:
    """Where the plan ends for a runner of ``weekly_km`` with a ``longest_km`` long run (0, 0: a new runner).

    Three runs a week at most, each at least ``end_min`` of running (20 minutes, or the
    old long run if shorter), none longer than the long run, the week no further than
    before: easy runs are dropped (two, one, none) until they fit.
    """
    if longest_km <= 0:  # a new runner: three runs of 20 minutes
        km = _floor(SESSION_MIN * speed_kmh / 60, DISTANCE_STEP_KM)
        return Goal(km, km, SESSIONS_PER_WEEK - 1, SESSION_MIN, math.inf)
    end_min = min(SESSION_MIN, _floor(longest_km / speed_kmh * 60, TIME_STEP_MIN))
    shortest = _floor(end_min * speed_kmh / 60, DISTANCE_STEP_KM)
    long_km = _floor(longest_km, DISTANCE_STEP_KM)
    rest = max(weekly_km - long_km, 0.0)
    runs = min(SESSIONS_PER_WEEK - 1, math.floor(rest / shortest + 1e-9))
    easy = _floor(min(rest / runs, long_km), DISTANCE_STEP_KM) if runs else 0.0
    return Goal(long_km, easy, runs, end_min, float(weekly_km))


def history_runs(weeks_off: float, weekly_km: float, longest_km: float) -> list[tuple[int, float]]:
    """``(day, km)`` of the runner's last four weeks before the break (day 0 = the plan's first day).

    Three runs a week as in the plan, the long run last; they count in the spike check
    when the break was shorter than 30 days.
    """
    end = -round(7 * weeks_off)
    runs: list[tuple[int, float]] = []
    easy = (weekly_km - longest_km) / (SESSIONS_PER_WEEK - 1)
    if longest_km > 0:
        for week in range(4):
            last = end - 1 - 7 * week
            runs.append((last, float(longest_km)))
            if easy > 0:
                runs += [(last - days, float(easy)) for days in (3, 5)]
    return sorted(runs)


def _sessions(before: list[tuple[int, float]], speed: float, goal: Goal,
              start: dt.date) -> tuple[pd.DataFrame, bool]:
    """The plan's sessions (see :class:`ReturnPlan`) and whether it reached the goal within :data:`MAX_WEEKS`."""
    ladder = _ladder((data_dir() / "recovery_walk_run.csv").stat().st_mtime_ns)
    past = list(before)
    rows: list[dict] = []
    last_week: list[float] = []  # the km of the week before's runs
    long_min = 0.0
    walk_run, complete = True, False
    shortest = _floor(goal.end_min * speed / 60, DISTANCE_STEP_KM)
    for week in range(MAX_WEEKS):
        if walk_run:  # last week's longest twice, then at most 10 % more
            easy_min = long_min or FIRST_RUN_MIN
            long_min = FIRST_RUN_MIN if not last_week else min(goal.end_min, _floor(
                (1 + SPIKE_LIMIT) * long_min, TIME_STEP_MIN))
            minutes = [easy_min] * (SESSIONS_PER_WEEK - 1) + [long_min]
            planned = [run_min * speed / 60 for run_min in minutes]
        else:  # continuous: easy runs no longer than last week's longest, the long run at most 10 % longer
            longest = max(last_week)
            easy = min(max(goal.easy_km, shortest), _floor(longest, DISTANCE_STEP_KM))
            planned = [easy] * (SESSIONS_PER_WEEK - 1) + [min(goal.long_km, _floor((1 + SPIKE_LIMIT) * longest,
                                                                                  DISTANCE_STEP_KM))]
        kept = _fit_week(planned, goal.cap_km, sum(last_week))
        for slot in kept:
            km = planned[slot]
            day = 7 * week + SESSION_DAYS[slot]
            window = [run for when, run in past[-40:] if day - training.SPIKE_LOOKBACK_DAYS <= when < day]
            before_km = max(window) if window else math.nan
            if walk_run:
                run_min = minutes[slot]
                blocks = _blocks(run_min, ladder) if run_min < SESSION_MIN else 1
                row = {"phase": "walk–run", "run_min": run_min, "walk_min": SESSION_MIN - run_min, "blocks": blocks}
            else:
                row = {"phase": "continuous", "run_min": km / speed * 60, "walk_min": 0.0, "blocks": 1}
            rows.append({"week": week + 1, "session": slot + 1, "date": start + dt.timedelta(days=day), **row,
                         "run_km": km, "longest_before_km": before_km, "spike_percent": (km / before_km - 1) * 100})
            past.append((day, km))
        last_week = [planned[slot] for slot in kept]
        if not walk_run and _done(last_week, goal):
            complete = True
            break
        walk_run = walk_run and long_min < goal.end_min - 1e-9
    sessions = pd.DataFrame({name: [row[name] for row in rows] for name in rows[0]})
    spikes = sessions["spike_percent"].to_numpy()
    sessions["band"] = np.where(np.isnan(spikes), training.NO_RECENT_RUN, training.spike_band(spikes))
    return sessions, complete


def _fit_week(planned: list[float], cap_km: float, last_total: float) -> list[int]:
    """The slots of a week's runs to keep: easy runs (Wednesday first, then Monday) are dropped while the
    week would pass the old weekly distance or rise more than :data:`WEEKLY_RISE_LIMIT` over last week."""
    kept = list(range(len(planned)))
    limit = min(cap_km, (1 + WEEKLY_RISE_LIMIT) * last_total if last_total > 0 else math.inf)
    for slot in (1, 0):
        if sum(planned[i] for i in kept) <= limit + 1e-9:
            break
        kept.remove(slot)
    return kept


@lru_cache(maxsize=4)
def _ladder(mtime_ns: int) -> list[tuple[float, int]]:
    """(running minutes per session, blocks) of each template stage; cached until the file changes."""
    stages = walk_run_template()
    return [(float(run), int(blocks)) for run, blocks in zip(stages["run_per_session_min"], stages["blocks"])]


def _blocks(run_min: float, ladder: list[tuple[float, int]]) -> int:
    """How many run–walk blocks the template uses at this much running in a session."""
    reached = [blocks for run, blocks in ladder if run <= run_min + 1e-9]
    return reached[-1] if reached else ladder[0][1]


def _done(week: list[float], goal: Goal) -> bool:
    """True once a continuous week is the goal: its long run and as many easy runs, each as long."""
    *easy, long_km = week
    return (long_km >= goal.long_km - 1e-9 and len(easy) == goal.easy_runs
            and all(km >= goal.easy_km - 1e-9 for km in easy))


def as_activities(plan: ReturnPlan, weeks_off: float, weekly_km_before: float, longest_km_before: float,
                  start: dt.date = training.PLAN_START) -> pd.DataFrame:
    """The runs before the break and the plan's sessions as an activities table for lesson 06's model.

    ``training.run_spikes`` on it gives the same spikes and bands as the plan's own check
    (tests compare them). A rest day 60 days before the plan starts the log.
    """
    rows = [{"local_date": start - dt.timedelta(days=60), "activity_type": "Rest", "distance_km": 0.0}]
    rows += [{"local_date": start + dt.timedelta(days=day), "activity_type": "Run", "distance_km": km}
             for day, km in history_runs(weeks_off, weekly_km_before, longest_km_before)]
    rows += [{"local_date": date, "activity_type": "Run", "distance_km": km}
             for date, km in zip(plan.sessions["date"], plan.sessions["run_km"])]
    table = pd.DataFrame(rows)
    table["local_date"] = pd.to_datetime(table["local_date"])
    return table.sort_values("local_date", kind="stable").reset_index(drop=True)


def weekly_summary(sessions: pd.DataFrame) -> pd.DataFrame:
    """One row a week: phase, blocks, running km (total and longest session) and the largest spike."""
    return sessions.groupby("week", sort=True).agg(
        phase=("phase", "last"), blocks=("blocks", "last"), running_km=("run_km", "sum"),
        longest_km=("run_km", "max"), largest_spike_percent=("spike_percent", "max")).reset_index()


def minutes_text(minutes: float) -> str:
    """Minutes as m:ss, e.g. 4.25 → '4:15'."""
    seconds = round(minutes * 60)
    return f"{seconds // 60}:{seconds % 60:02d}"


def session_text(run_min: float, blocks: int) -> str:
    """How to run one walk–run session: '4 × (run 1:05, walk 3:55)' or '20:00 continuous'."""
    if blocks <= 1 or run_min >= SESSION_MIN:
        return f"run {minutes_text(run_min)} without walking"
    if SESSION_MIN - run_min < 0.5 * blocks:  # under 30 s of walking a block: one walk at the end
        return f"run {minutes_text(run_min)}, then walk {minutes_text(SESSION_MIN - run_min)}"
    run = _floor(run_min / blocks * 60, 5) / 60
    walk = SESSION_MIN / blocks - run
    return f"{blocks} × (run {minutes_text(run)}, walk {minutes_text(walk)})"


def readable_plan(plan: ReturnPlan, unit: str = "km") -> pd.DataFrame:
    """The plan as a table a learner reads: one row a week, km or miles, plain headers."""
    if not plan.has_plan:
        return pd.DataFrame()
    factor, label = (1.0, "km") if unit == "km" else (1 / KM_PER_MILE, "mi")
    columns = ("week", "phase", "run_min", "blocks", "run_km", "spike_percent")
    weeks: dict[int, list[dict]] = {}
    for values in zip(*(plan.sessions[name].tolist() for name in columns)):
        session = dict(zip(columns, values))
        weeks.setdefault(session["week"], []).append(session)
    rows = []
    for week, sessions in weeks.items():
        last = sessions[-1]
        if last["phase"] == "walk–run":
            what = "Run " + ", ".join(minutes_text(s["run_min"]) for s in sessions) + " of 20 min"
            how = session_text(last["run_min"], int(last["blocks"]))
        else:
            what = "Runs of " + ", ".join(f"{s['run_km'] * factor:.1f}" for s in sessions) + f" {label}"
            how = "continuous, easy pace"
        spikes = [s["spike_percent"] for s in sessions if not math.isnan(s["spike_percent"])]
        check = "first runs after 30+ days off" if not spikes else (
            "within +10 %" if max(spikes) <= 100 * SPIKE_LIMIT + 1e-6 else f"{max(spikes):+.0f} %: over the limit")
        rows.append({"Week": int(week), "Sessions": what, "How (last session)": how,
                     f"Running ({label})": round(sum(s["run_km"] for s in sessions) * factor, 1), "Spike check": check})
    return pd.DataFrame(rows)


def count_text(number: int, word: str) -> str:
    """'1 week', '3 weeks', '1 more week'."""
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def describe_plan(plan: ReturnPlan, unit: str = "km") -> str:
    """A few plain sentences about the plan (the figure's text takeaway); the plan's message."""
    if not plan.has_plan:
        return plan.message
    goal, sessions = plan.goal, plan.sessions
    week_numbers = sessions["week"].tolist()
    weeks = int(week_numbers[-1])
    walk_run = int(max(w for w, phase in zip(week_numbers, sessions["phase"].tolist()) if phase == "walk–run"))
    end = "20 minutes" if goal.end_min >= SESSION_MIN else minutes_text(goal.end_min)
    text = [SELF_CHECK_FIRST] if plan.level == "not done" else []
    if weeks > walk_run:
        back = (f"back to a {distance_text(goal.long_km, unit)} long run and {distance_text(goal.weekly_km, unit)} "
                "a week" if plan.weekly_km_before > 0 else f"of {end}")
        how = f", then {count_text(weeks - walk_run, 'more week')} of continuous runs {back}"
    else:
        how = ""
    text.append(f"{count_text(weeks, 'week')}: walk–run for {count_text(walk_run, 'week')} until you run {end} "
                f"without walking{how}.")
    if goal.end_min < SESSION_MIN:
        text.append(f"Your old long run is shorter than 20 minutes at your easy pace, so walk–run ends at {end} of "
                    "running.")
    if plan.weekly_km_before - goal.weekly_km > 0.5:
        text.append(f"Your old {distance_text(plan.weekly_km_before, unit)} a week cannot be rebuilt with "
                    f"{SESSIONS_PER_WEEK} runs a week of at least {end} of running, none longer than your long run: the plan "
                    f"ends at {distance_text(goal.weekly_km, unit)} a week.")
    elif plan.weekly_km_before > 0 and goal.easy_runs < SESSIONS_PER_WEEK - 1:
        text.append(f"Your old weekly distance fits in {count_text(goal.easy_runs + 1, 'run')} a week of at least "
                    f"{end} of running, so later weeks have fewer than {SESSIONS_PER_WEEK} runs and none passes your old week.")
    if not plan.complete:
        reached = float(sessions["run_km"].max())
        text.append(f"The plan stops after {MAX_WEEKS} weeks at a long run of {distance_text(reached, unit)}: keep "
                    "to the same rules to go on.")
    text.append("Each week's longest run is at most 10 % longer than the week before's, so no run is more than 10 % "
                "over your longest of the 30 days before; the other runs are no longer than last week's longest, and "
                "a week's total never rises more than 30 %. Move on only if your back is no worse the next morning.")
    return " ".join(text)


def next_step(usual_morning_pain: float, morning_pain_after: float, red_flag: bool = False) -> str:
    """The morning-after rule: one of :data:`DECISIONS` (or the red-flag instruction).

    Compare this morning's pain (0–10) with your usual morning pain before the session.
    """
    check_range("Usual morning pain", usual_morning_pain, PAIN_RANGE)
    check_range("Pain this morning", morning_pain_after, PAIN_RANGE)
    if red_flag:
        return "stop: follow the safety note and lesson 08 now"
    rise = morning_pain_after - usual_morning_pain
    if morning_pain_after >= SEVERE_PAIN:
        return DECISIONS[3]
    if rise >= 3:
        return DECISIONS[2]
    if rise >= 1:
        return DECISIONS[1]
    return DECISIONS[0]


def morning_gate(level: str, clinician_checked: bool = False, red_flag: bool = False) -> str | None:
    """What to say instead of the morning-after rule, or ``None`` when the rule applies.

    A red flag stops everything; at ``urgent`` or ``emergency`` the self-check's see-care
    advice (never a running step); at ``not done``, do the self-check first; at ``soon``,
    a clinician first unless one has checked you.
    """
    if level not in LEVELS:
        raise ValueError(f"The self-check level must be one of {', '.join(LEVELS)}; got {level!r}.")
    if red_flag:
        return RED_FLAG_STOP
    if level in ("urgent", "emergency"):
        return SEE_CARE.format(heading=level_heading(level))
    if level == "not done":
        return MORNING_SELF_CHECK
    if level == "soon" and not clinician_checked:
        return CHECK_FIRST.format(why="your self-check says 'soon'.")
    return None


def step_rank(decision: str) -> int:
    """How far forward a decision moves you: 0 = next session … 3 = stop (red flag: 4)."""
    return DECISIONS.index(decision) if decision in DECISIONS else len(DECISIONS)
