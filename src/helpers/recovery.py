"""Lesson 09 model: what helps back pain, and a return-to-run planner.

Pure functions, no widgets or plotting. :func:`return_to_run_plan` is the planner (lesson
10 imports it); :func:`next_step` is its pain rule for the morning after a session.

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
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers import training
from helpers.data import load_table, split_choices
from helpers.inputs import check_range
from helpers.paths import data_dir
from helpers.references import cite
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

SEE_CARE = ("{heading}. Do not start running: your self-check found a red flag, so a clinician needs to see "
            "you first. Lesson 08 and the safety note say what to do and how fast.")
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
    ``band`` (lesson 06's bands). ``weeks`` sums them a week at a time.
    """

    status: str
    message: str
    sessions: pd.DataFrame = field(default_factory=pd.DataFrame)
    target_long_km: float = 0.0
    target_weekly_km: float = 0.0

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


def treatments() -> pd.DataFrame:
    """What helps back pain: each treatment with what the studies say, a verdict and its sources."""
    table = load_table("recovery_treatments")
    table["sources"] = table["sources"].map(split_choices)
    return table


def effects() -> pd.DataFrame:
    """Effects with a verified number and 95 % interval, each on its source's scale (``data/recovery_effects.csv``)."""
    return load_table("recovery_effects")


def describe_effects(table: pd.DataFrame | None = None) -> str:
    """The chart of effects as sentences (for screen readers, print and a static page), one per line."""
    table = effects() if table is None else table
    return "\n".join(f"{row.treatment} against {row.comparison}, {row.outcome}: {row.effect:g} "
                     f"(95 % interval {row.low:g} to {row.high:g}; {row.scale}) ({cite(row.source)})."
                     for row in table.itertuples())


def without_a_number() -> pd.DataFrame:
    """Treatments with a verdict but no verified effect size to plot: said in words, never drawn."""
    table = treatments()
    return table.loc[~table["plotted"], ["treatment", "verdict"]].reset_index(drop=True)


def natural_course() -> pd.DataFrame:
    """Mean pain (0–100) and its 95 % interval at 0, 6, 26 and 52 weeks, acute and persistent (Menezes Costa 2012)."""
    return load_table("recovery_course").drop(columns="source")


def _floor(value: float, step: float) -> float:
    return math.floor(value / step) * step  # never above value: the spike limit is never passed by rounding


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
    before = history_runs(weeks_off, weekly_km_before, longest_km_before)
    sessions = _sessions(before, easy_speed_kmh, long_km, easy_km, start)
    plan = ReturnPlan("plan", "", sessions, long_km, long_km + easy_km * (SESSIONS_PER_WEEK - 1))
    return ReturnPlan("plan", describe_plan(plan), sessions, plan.target_long_km, plan.target_weekly_km)


def _targets(weekly_km: float, longest_km: float) -> tuple[float, float]:
    """The long run and each easy run of a week back at the old level (3 runs a week)."""
    easy = (weekly_km - longest_km) / (SESSIONS_PER_WEEK - 1)
    return longest_km, min(easy, longest_km)


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


def _sessions(before: list[tuple[int, float]], speed: float, long_km: float, easy_km: float,
              start: dt.date) -> pd.DataFrame:
    ladder = _ladder((data_dir() / "recovery_walk_run.csv").stat().st_mtime_ns)
    past = list(before)
    rows: list[dict] = []
    run_min = None
    floor_km = SESSION_MIN * speed / 60
    for number in range(MAX_WEEKS * SESSIONS_PER_WEEK):
        week, slot = divmod(number, SESSIONS_PER_WEEK)
        day = 7 * week + SESSION_DAYS[slot]
        window = [km for when, km in past[-40:] if day - training.SPIKE_LOOKBACK_DAYS <= when < day]
        longest = max(window) if window else 0.0
        limit_km = (1 + SPIKE_LIMIT) * longest if longest > 0 else math.inf
        if run_min is None or run_min < SESSION_MIN:  # walk–run
            wanted = FIRST_RUN_MIN if run_min is None else min(SESSION_MIN, (1 + SPIKE_LIMIT) * run_min)
            run_min = _floor(min(wanted, limit_km * 60 / speed), TIME_STEP_MIN)
            km = run_min * speed / 60
            blocks = _blocks(run_min, ladder) if run_min < SESSION_MIN else 1
            row = {"phase": "walk–run", "run_min": run_min, "walk_min": SESSION_MIN - run_min, "blocks": blocks}
        else:  # continuous runs, the long run last in the week
            if _done(rows, long_km, easy_km, floor_km):
                break
            target = long_km if slot == SESSIONS_PER_WEEK - 1 else easy_km
            km = min(max(target, floor_km), _floor(limit_km, DISTANCE_STEP_KM))
            row = {"phase": "continuous", "run_min": km / speed * 60, "walk_min": 0.0, "blocks": 1}
        spike = (km / longest - 1) * 100 if longest > 0 else math.nan
        rows.append({"week": week + 1, "session": slot + 1, "date": start + dt.timedelta(days=day), **row,
                     "run_km": km, "longest_before_km": longest if longest > 0 else math.nan,
                     "spike_percent": spike})
        past.append((day, km))
    sessions = pd.DataFrame({name: [row[name] for row in rows] for name in rows[0]})
    spikes = sessions["spike_percent"].to_numpy()
    sessions["band"] = np.where(np.isnan(spikes), training.NO_RECENT_RUN, training.spike_band(spikes))
    return sessions


@lru_cache(maxsize=4)
def _ladder(mtime_ns: int) -> list[tuple[float, int]]:
    """(running minutes per session, blocks) of each template stage; cached until the file changes."""
    stages = walk_run_template()
    return [(float(run), int(blocks)) for run, blocks in zip(stages["run_per_session_min"], stages["blocks"])]


def _blocks(run_min: float, ladder: list[tuple[float, int]]) -> int:
    """How many run–walk blocks the template uses at this much running in a session."""
    reached = [blocks for run, blocks in ladder if run <= run_min + 1e-9]
    return reached[-1] if reached else ladder[0][1]


def _done(rows: list[dict], long_km: float, easy_km: float, floor_km: float) -> bool:
    """True once the last full week ran continuously at the targets (or 20 minutes when they are lower)."""
    if len(rows) < SESSIONS_PER_WEEK or rows[-1]["session"] != SESSIONS_PER_WEEK:
        return False
    wanted = [max(easy_km, floor_km)] * (SESSIONS_PER_WEEK - 1) + [max(long_km, floor_km)]
    return all(row["phase"] == "continuous" and row["run_km"] >= _floor(w, DISTANCE_STEP_KM) - 1e-9
               for row, w in zip(rows[-SESSIONS_PER_WEEK:], wanted))


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


def describe_plan(plan: ReturnPlan, unit: str = "km") -> str:
    """One or two plain sentences about the plan (the figure's text takeaway)."""
    if not plan.has_plan:
        return plan.message
    factor, label = (1.0, "km") if unit == "km" else (1 / KM_PER_MILE, "miles")
    phases, week_numbers = plan.sessions["phase"].tolist(), plan.sessions["week"].tolist()
    walk_run_weeks = max(week for week, phase in zip(week_numbers, phases) if phase == "walk–run")
    weeks = week_numbers[-1]
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
