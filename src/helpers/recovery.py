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
  (Crowell et al. 2023: walk–run phases, each tried at least twice, held while pain increases):
  20-minute sessions, running 4 → 8 → 12 → 16 → 18 → 20 minutes of them, each stage twice,
  then the next, moving on only if pain does not increase. Practice-based, not trial-tested:
  no trial has compared return-to-run programmes. At the self-check's ``not done`` the plan
  is made but opens by asking for the red-flag check.
* **How fast it grows.** Nielsen et al. 2025 measured a run as the distance of the session as
  recorded, so a walk–run session counts its walking too: the course assumes walking at
  :data:`WALK_SPEED_KMH` (about 3 mph, a brisk walk; never faster than the runner's easy pace)
  and running at the easy pace. No session is more than 10 % longer than the longest of the
  30 days before (lesson 06's model checks every one), and no week's longest is more than
  10 % longer than the week before's. Where the template's next stage would pass that, the
  session runs as much as fits (a step between stages; running rounded down to 5 s a block);
  after a short break from runs shorter than one session, the walking is cut short instead.
  Continuous weeks: easy runs no longer than last week's longest, the long run at most 10 %
  longer (rounded down to 0.1 km). A week's distance may rise at most 30 % over the week
  before's: this course's choice of a guard, from a cohort where novices who added more
  than 30 % over two weeks had more knee, shin and hip overuse injuries (HR 1.59,
  0.96–2.66; Nielsen et al. 2014a), with two caveats: the interval includes no effect, and
  back pain was not among those injuries. The 10 % steps already keep it near 10 %.
* **Where it ends.** Back at the old long run and weekly distance: at most three runs a
  week of at least 20 minutes (or the old long run, if shorter), none longer than the long
  run, no week's running past the old weekly distance. Where that cannot rebuild the old week, the
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

import pandas as pd

from helpers import training
from helpers.data import load_table
from helpers.inputs import check_range, short_number
from helpers.recovery_sessions import (  # noqa: F401  (re-exported: the planner's rules live here)
    DISTANCE_STEP_KM, FIRST_RUN_MIN, MAX_WEEKS, SESSION_DAYS, SESSION_MIN, SESSIONS_PER_WEEK, SPIKE_LIMIT, STAGE_TRIES,
    TIME_STEP_MIN, WALK_SPEED_KMH, WEEKLY_RISE_LIMIT, Goal, _blocks, _fit_week, _floor, history_runs, plan_goal,
    plan_sessions, session_km, walk_run_template, walk_speed)
from helpers.treatments import describe_effects, effects, natural_course, treatments, without_a_number  # noqa: F401
from helpers.units import KM_PER_MILE, km_to

RUN_DAYS = 7  # a weekly distance needs a longest run of at least a seventh of it (one run a day)
ENTRY_WALK_MIN = 30  # brisk walking without pain before walk–run (practice templates)
SEVERE_PAIN = 7  # the safety note: pain that stops day-to-day activities, 7 or more out of 10
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
class ReturnPlan:
    """The planner's answer: ``status`` is ``"plan"``, ``"see care"``, ``"check first"`` or ``"walk first"``.

    ``sessions`` has one row per session (empty unless ``status == "plan"``): ``week``,
    ``session``, ``date``, ``phase`` ("walk–run" or "continuous"), ``run_min`` (running),
    ``session_min`` (20 in walk–run unless cut short), ``walk_min``, ``blocks``, ``run_km``
    (the session's distance as a watch records it, walking included), ``running_km`` (its
    running part), and lesson 06's check on ``run_km``: ``longest_before_km`` (the longest
    run of the 30 days before, ``NaN`` after 30 days off), ``spike_percent`` and ``band``
    (lesson 06's bands); ``session`` is the weekday slot (1–3), so a week with fewer runs
    skips a number. ``weeks`` sums them a week at a time. ``target_long_km`` is the old
    long run, ``target_weekly_km`` the week the plan ends on (``goal``);
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
    sessions, complete = plan_sessions(before, easy_speed_kmh, goal, start)
    plan = ReturnPlan("plan", "", sessions, float(longest_km_before), goal.weekly_km, goal, float(weekly_km_before),
                      complete, level)
    return replace(plan, message=describe_plan(plan, unit))


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
    """One row a week: phase, blocks, distance (total and longest session, walking included), running
    (``running_km``: the running part) and the largest spike."""
    return sessions.groupby("week", sort=True).agg(
        phase=("phase", "last"), blocks=("blocks", "last"), distance_km=("run_km", "sum"),
        running_km=("running_km", "sum"), longest_km=("run_km", "max"),
        largest_spike_percent=("spike_percent", "max")).reset_index()


def minutes_text(minutes: float) -> str:
    """Minutes as m:ss, e.g. 4.25 → '4:15'."""
    seconds = round(minutes * 60)
    return f"{seconds // 60}:{seconds % 60:02d}"


def session_text(run_min: float, blocks: int, session_min: float = SESSION_MIN) -> str:
    """How to run one walk–run session: '4 × (run 1:05, walk 3:55)' or 'run 20:00 without walking'."""
    if blocks <= 1 or run_min >= session_min - 1e-9:
        return f"run {minutes_text(run_min)} without walking"
    if session_min - run_min < 0.5 * blocks:  # under 30 s of walking a block: one walk at the end
        return f"run {minutes_text(run_min)}, then walk {minutes_text(session_min - run_min)}"
    run = _floor(run_min / blocks * 60, 5) / 60
    walk = session_min / blocks - run
    return f"{blocks} × (run {minutes_text(run)}, walk {minutes_text(walk)})"


def readable_plan(plan: ReturnPlan, unit: str = "km") -> pd.DataFrame:
    """The plan as a table a learner reads: one row a week, km or miles, plain headers."""
    if not plan.has_plan:
        return pd.DataFrame()
    factor, label = (1.0, "km") if unit == "km" else (1 / KM_PER_MILE, "mi")
    columns = ("week", "phase", "run_min", "session_min", "blocks", "run_km", "spike_percent")
    weeks: dict[int, list[dict]] = {}
    for values in zip(*(plan.sessions[name].tolist() for name in columns)):
        session = dict(zip(columns, values))
        weeks.setdefault(session["week"], []).append(session)
    rows = []
    for week, sessions in weeks.items():
        last = sessions[-1]
        if last["phase"] == "walk–run":
            full = all(s["session_min"] >= SESSION_MIN - 1e-9 for s in sessions)
            what = ("Run " + ", ".join(minutes_text(s["run_min"]) + ("" if full else f" of {minutes_text(s['session_min'])}")
                                      for s in sessions) + (" of 20 min" if full else " min") + ": "
                    + ", ".join(f"{s['run_km'] * factor:.1f}" for s in sessions) + f" {label}")
            how = session_text(last["run_min"], int(last["blocks"]), last["session_min"])
        else:
            what = "Runs of " + ", ".join(f"{s['run_km'] * factor:.1f}" for s in sessions) + f" {label}"
            how = "continuous, easy pace"
        spikes = [s["spike_percent"] for s in sessions if not math.isnan(s["spike_percent"])]
        check = "first runs after 30+ days off" if not spikes else (
            "within +10 %" if max(spikes) <= 100 * SPIKE_LIMIT + 1e-6 else f"{max(spikes):+.0f} %: over the limit")
        rows.append({"Week": int(week), "Sessions": what, "How (last session)": how,
                     f"Distance ({label})": round(sum(s["run_km"] for s in sessions) * factor, 1), "Spike check": check})
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
    text.append("Each stage of walk–run comes twice before the next. No session is more than 10 % longer than your "
                "longest of the 30 days before, counting its walking as a watch does, nor the week's longest more than "
                "10 % longer than last week's; a week's distance never rises more than 30 %. Move on only if your back "
                "is no worse the next morning.")
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
