"""Lesson 09 model: what helps back pain, and a return-to-run planner.

Pure functions, no widgets or plotting. :func:`return_to_run_plan` is the planner (lesson
10 imports it); :func:`next_step` is its pain rule for the morning after a session.

Where each part comes from, so a learner can question it:

* **Who gets a plan.** No plan at the self-check's ``urgent`` or ``emergency`` level: see
  care first (lesson 08, the safety note). At ``soon``, and with pain of 7 or more out of
  10 (the safety note's "pain that stops your day-to-day activities"), a plan only after
  the learner confirms a clinician has checked them. Walk–run starts only when the
  learner can walk briskly for 30 minutes without pain, the entry criterion of clinical
  return-to-run templates (practice-based; OrthoCincy 2018); until then the advice is to
  keep walking (stay active: Dahm et al. 2010).
* **The sessions.** The practice template (OrthoCincy 2018): 20-minute sessions, running
  4 → 8 → 12 → 16 → 18 → 20 minutes of them, moving on only if pain does not increase.
  Practice-based, not trial-tested: no trial has compared return-to-run programmes.
* **The spike limit.** No session runs more than 10 % further than the longest run of the
  30 days before it (Nielsen et al. 2025; lesson 06's model checks every session). So the
  planner climbs the template in steps of at most 10 % a session (running time rounded
  down to 15 s), three sessions a week, then builds continuous runs the same way (rounded
  down to 0.1 km) back to the runner's old long run and weekly distance.
* **The morning-after rule.** The template's "advance only if pain does not increase",
  made concrete by this course (no study tested these thresholds): pain the next
  morning no higher than your usual morning pain → next session; 1–2 points higher →
  repeat the session; 3 or more higher → step back a week; 7 or more out of 10 → stop and
  book a GP or physiotherapist; any red flag → lesson 08 and the safety note.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers import training
from helpers.data import load_table, split_choices
from helpers.inputs import check_range
from helpers.units import KM_PER_MILE

SESSION_MIN = 20.0  # the template's session length, minutes
FIRST_RUN_MIN = 4.0  # the template's first stage: 4 × (walk 4, run 1)
SESSIONS_PER_WEEK = 3
SESSION_DAYS = (0, 2, 5)  # Monday, Wednesday, Saturday
SPIKE_LIMIT = 0.10  # Nielsen et al. 2025: more than 10 % over the 30-day longest run
TIME_STEP_MIN = 0.25  # walk–run running time is rounded down to 15 s
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

SEE_CARE = ("Do not start running. Your self-check says {level}: follow the safety note below and see a "
            "clinician first. Lesson 08 (08-self-check.ipynb) says what to do and how fast.")
CHECK_FIRST = ("No plan yet: {why} Book a GP or physiotherapist, and until you are seen do not start anything "
               "new or harder (the safety note's 'Soon'). When a clinician has checked you and agrees, tick the box "
               "and the planner makes a plan.")
WALK_FIRST = ("Walk first, not run yet. Keep walking every day, building up to {minutes} minutes of brisk walking "
              "without pain; staying active helps more than rest. Then come back to the planner.")

#: What the morning-after rule can decide, most forward first (the order is used by tests).
DECISIONS = ("next session", "repeat the session", "step back a week", "stop and book a GP or physiotherapist")


@dataclass(frozen=True)
class ReturnPlan:
    """The planner's answer: ``status`` is ``"plan"``, ``"see care"``, ``"check first"`` or ``"walk first"``.

    ``sessions`` has one row per session (empty unless ``status == "plan"``): ``week``,
    ``session``, ``date``, ``phase`` ("walk–run" or "continuous"), ``run_min``,
    ``walk_min``, ``blocks``, ``run_km``, and lesson 06's check: ``longest_before_km`` (the
    longest run of the 30 days before, ``NaN`` after 30 days off), ``spike_percent`` and
    ``band``. ``weeks`` sums them a week at a time.
    """

    status: str
    message: str
    sessions: pd.DataFrame = field(default_factory=pd.DataFrame)
    weeks: pd.DataFrame = field(default_factory=pd.DataFrame)
    target_long_km: float = 0.0
    target_weekly_km: float = 0.0

    @property
    def has_plan(self) -> bool:
        return self.status == "plan"


def walk_run_template() -> pd.DataFrame:
    """The practice template's stages (``data/recovery_walk_run.csv``) with running minutes per session."""
    stages = load_table("recovery_walk_run")
    stages["run_per_session_min"] = stages["run_min"] * stages["blocks"]
    stages["session_min"] = (stages["run_min"] + stages["walk_min"]) * stages["blocks"]
    return stages


def treatments() -> pd.DataFrame:
    """What helps back pain: each treatment with what the studies say, a verdict and its sources."""
    table = load_table("recovery_treatments")
    table["sources"] = table["sources"].map(split_choices)
    return table


def natural_course() -> pd.DataFrame:
    """Mean pain (0–100) and its 95 % interval at 0, 6, 26 and 52 weeks, acute and persistent (Menezes Costa 2012)."""
    return load_table("recovery_course").drop(columns="source")


def _floor(value: float, step: float) -> float:
    return math.floor(value / step) * step  # never above value: the spike limit is never passed by rounding


def _blocks(run_min: float, stages: pd.DataFrame) -> int:
    """How many run–walk blocks the template uses at this much running in a session."""
    reached = stages[stages["run_per_session_min"] <= run_min + 1e-9]
    return int(reached["blocks"].iloc[-1]) if len(reached) else int(stages["blocks"].iloc[0])


def check_inputs(weeks_off: float, weekly_km_before: float, longest_km_before: float, walking_pain: float,
                 morning_pain: float, brisk_walk_min: float, easy_speed_kmh: float) -> None:
    """``ValueError`` with a plain message for any input out of range (see :mod:`helpers.inputs`)."""
    check_range("Weeks without running", weeks_off, WEEKS_OFF_RANGE, "weeks")
    check_range("Weekly distance before", weekly_km_before, WEEKLY_RANGE_KM, "km")
    check_range("Longest run before", longest_km_before, LONGEST_RANGE_KM, "km")
    check_range("Pain while walking", walking_pain, PAIN_RANGE)
    check_range("Pain in the morning", morning_pain, PAIN_RANGE)
    check_range("Brisk walking", brisk_walk_min, WALK_RANGE_MIN, "minutes")
    check_range("Easy running speed", easy_speed_kmh, SPEED_RANGE_KMH, "km/h")
    if weekly_km_before > 0 and longest_km_before == 0:
        raise ValueError("You ran before but your longest run is 0: enter your longest run of that time.")
    if longest_km_before > weekly_km_before + 1e-9:
        raise ValueError(f"The longest run before ({longest_km_before:g} km) cannot be more than the weekly distance "
                         f"before ({weekly_km_before:g} km): check both numbers.")


def gate(level: str, clinician_checked: bool, walking_pain: float, morning_pain: float,
         brisk_walk_min: float) -> tuple[str, str]:
    """Whether to plan: ``(status, message)``; status ``"plan"`` means go ahead."""
    if level not in LEVELS:
        raise ValueError(f"The self-check level must be one of {', '.join(LEVELS)}; got {level!r}.")
    if level in ("urgent", "emergency"):
        return "see care", SEE_CARE.format(level=level)
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
                       start: dt.date = training.PLAN_START) -> ReturnPlan:
    """A week-by-week walk–run plan back to running, or why there is none yet.

    Distances in km, pain 0–10, ``level`` the saved self-check's level (:data:`LEVELS`).
    Raises ``ValueError`` for input out of range. See the module docstring for the rules.
    """
    check_inputs(weeks_off, weekly_km_before, longest_km_before, walking_pain, morning_pain, brisk_walk_min,
                 easy_speed_kmh)
    status, message = gate(level, clinician_checked, walking_pain, morning_pain, brisk_walk_min)
    if status != "plan":
        return ReturnPlan(status, message)
    long_km, easy_km = _targets(weekly_km_before, longest_km_before)
    history = _history(weeks_off, weekly_km_before, longest_km_before, start)
    sessions = _sessions(history, easy_speed_kmh, long_km, easy_km, start)
    sessions = _checked(history, sessions)
    weeks = weekly_summary(sessions)
    plan = ReturnPlan("plan", "", sessions, weeks, long_km, long_km + easy_km * (SESSIONS_PER_WEEK - 1))
    return ReturnPlan("plan", describe_plan(plan), sessions, weeks, plan.target_long_km, plan.target_weekly_km)


def _targets(weekly_km: float, longest_km: float) -> tuple[float, float]:
    """The long run and each easy run of a week back at the old level (3 runs a week)."""
    easy = (weekly_km - longest_km) / (SESSIONS_PER_WEEK - 1)
    return longest_km, min(easy, longest_km)


def _history(weeks_off: float, weekly_km: float, longest_km: float, start: dt.date) -> pd.DataFrame:
    """The runner's last four weeks before the break (long run on the last day), for the spike check."""
    end = pd.Timestamp(start) - pd.Timedelta(days=round(7 * weeks_off))
    rows = [{"local_date": pd.Timestamp(start) - pd.Timedelta(days=60), "activity_type": "Rest", "distance_km": 0.0}]
    if longest_km > 0:
        easy = (weekly_km - longest_km) / (SESSIONS_PER_WEEK - 1)
        for week in range(4):
            last = end - pd.Timedelta(days=1 + 7 * week)
            rows.append({"local_date": last, "activity_type": "Run", "distance_km": longest_km})
            if easy > 0:
                rows += [{"local_date": last - pd.Timedelta(days=d), "activity_type": "Run", "distance_km": easy}
                         for d in (3, 5)]
    table = pd.DataFrame(rows)
    return table[table["local_date"] < pd.Timestamp(start)].sort_values("local_date").reset_index(drop=True)


def _sessions(history: pd.DataFrame, speed: float, long_km: float, easy_km: float, start: dt.date) -> pd.DataFrame:
    stages = walk_run_template()
    runs = history[history["activity_type"] == "Run"]
    past = list(zip(runs["local_date"], runs["distance_km"]))
    rows: list[dict] = []
    run_min = None
    for number in range(MAX_WEEKS * SESSIONS_PER_WEEK):
        week, slot = divmod(number, SESSIONS_PER_WEEK)
        date = pd.Timestamp(start) + pd.Timedelta(days=7 * week + SESSION_DAYS[slot])
        window = [km for day, km in past if date - pd.Timedelta(days=training.SPIKE_LOOKBACK_DAYS) <= day < date]
        limit_km = (1 + SPIKE_LIMIT) * max(window) if window else math.inf
        if run_min is None or run_min < SESSION_MIN:  # walk–run
            wanted = FIRST_RUN_MIN if run_min is None else min(SESSION_MIN, (1 + SPIKE_LIMIT) * run_min)
            run_min = _floor(min(wanted, limit_km * 60 / speed), TIME_STEP_MIN)
            km = run_min * speed / 60
            row = {"phase": "walk–run", "run_min": run_min, "walk_min": SESSION_MIN - run_min,
                   "blocks": _blocks(run_min, stages) if run_min < SESSION_MIN else 1, "run_km": km}
        else:  # continuous runs, long run last in the week
            if _done(rows, long_km, easy_km, speed):
                break
            target = long_km if slot == SESSIONS_PER_WEEK - 1 else easy_km
            floor_km = SESSION_MIN * speed / 60
            km = min(max(target, floor_km), _floor(limit_km, DISTANCE_STEP_KM))
            row = {"phase": "continuous", "run_min": km / speed * 60, "walk_min": 0.0, "blocks": 1, "run_km": km}
        rows.append({"week": week + 1, "session": slot + 1, "date": date.date(), **row})
        past.append((date, row["run_km"]))
    return pd.DataFrame(rows)


def _done(rows: list[dict], long_km: float, easy_km: float, speed: float) -> bool:
    """True once the last full week ran continuously at the targets (or 20 minutes when they are lower)."""
    if len(rows) < SESSIONS_PER_WEEK or rows[-1]["session"] != SESSIONS_PER_WEEK:
        return False
    week = rows[-SESSIONS_PER_WEEK:]
    floor_km = SESSION_MIN * speed / 60
    wanted = [max(easy_km, floor_km)] * (SESSIONS_PER_WEEK - 1) + [max(long_km, floor_km)]
    return all(r["phase"] == "continuous" and r["run_km"] >= _floor(w, DISTANCE_STEP_KM) - 1e-9
               for r, w in zip(week, wanted))


def _checked(history: pd.DataFrame, sessions: pd.DataFrame) -> pd.DataFrame:
    """Every session checked with lesson 06's single-run spike model (Nielsen et al. 2025)."""
    plan_runs = pd.DataFrame({"local_date": pd.to_datetime(sessions["date"]), "activity_type": "Run",
                              "distance_km": sessions["run_km"]})
    spikes = training.run_spikes(pd.concat([history, plan_runs], ignore_index=True))
    spikes = spikes.iloc[len(spikes) - len(sessions):].reset_index(drop=True)
    return sessions.assign(longest_before_km=spikes["longest_previous_km"].replace(0.0, np.nan).to_numpy(),
                           spike_percent=spikes["spike_percent"].to_numpy(), band=spikes["band"].to_numpy())


def weekly_summary(sessions: pd.DataFrame) -> pd.DataFrame:
    """One row a week: running km (total and longest session), minutes, phase and the worst spike."""
    grouped = sessions.groupby("week", sort=True)
    return pd.DataFrame({
        "week": grouped["week"].first(),
        "phase": grouped["phase"].last(),
        "run_min": grouped["run_min"].apply(list),
        "blocks": grouped["blocks"].last(),
        "running_km": grouped["run_km"].sum(),
        "longest_km": grouped["run_km"].max(),
        "largest_spike_percent": grouped["spike_percent"].max(),
    }).reset_index(drop=True)


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
    rows = []
    for week, group in plan.sessions.groupby("week"):
        last = group.iloc[-1]
        if last["phase"] == "walk–run":
            what = "Run " + ", ".join(minutes_text(m) for m in group["run_min"]) + " of 20 min"
            how = session_text(last["run_min"], int(last["blocks"]))
        else:
            what = "Runs of " + ", ".join(f"{km * factor:.1f}" for km in group["run_km"]) + f" {label}"
            how = "continuous, easy pace"
        spike = group["spike_percent"].max()
        check = "first runs after 30+ days off" if not np.isfinite(spike) else (
            "within +10 %" if spike <= 100 * SPIKE_LIMIT + 1e-6 else f"{spike:+.0f} %: over the limit")
        rows.append({"Week": int(week), "Sessions": what, "How (last session)": how,
                     f"Running ({label})": round(group["run_km"].sum() * factor, 1), "Spike check": check})
    return pd.DataFrame(rows)


def describe_plan(plan: ReturnPlan, unit: str = "km") -> str:
    """One or two plain sentences about the plan (the figure's text takeaway)."""
    if not plan.has_plan:
        return plan.message
    factor, label = (1.0, "km") if unit == "km" else (1 / KM_PER_MILE, "miles")
    sessions = plan.sessions
    walk_run_weeks = int(sessions.loc[sessions["phase"] == "walk–run", "week"].max())
    weeks = int(sessions["week"].max())
    back = (f"then {weeks - walk_run_weeks} more weeks of continuous runs back to a long run of "
            f"{plan.target_long_km * factor:.1f} {label}" if weeks > walk_run_weeks else
            "which is where this plan ends")
    return (f"{weeks} weeks: walk–run for {walk_run_weeks} weeks until you run 20 minutes without walking, {back}. "
            f"No session runs more than 10 % further than your longest run of the 30 days before it. "
            f"Move on only if your back is no worse the next morning.")


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


def step_rank(decision: str) -> int:
    """How far forward a decision moves you: 0 = next session … 3 = stop (red flag: 4)."""
    return DECISIONS.index(decision) if decision in DECISIONS else len(DECISIONS)
