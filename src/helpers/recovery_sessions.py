"""Lesson 09's return-to-run planner, session by session (pure; :mod:`helpers.recovery` is its public face).

The rules and where they come from are in :mod:`helpers.recovery`'s docstring. Distances
are km; a walk–run session's distance counts its walking (:func:`session_km`), as a watch
and lesson 06's model record it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers import training
from helpers.data import load_table
from helpers.paths import data_dir

SESSION_MIN = 20.0  # the template's session length, minutes
FIRST_RUN_MIN = 4.0  # the template's first stage: 4 × (walk 4, run 1)
SESSIONS_PER_WEEK = 3
SESSION_DAYS = (0, 2, 5)  # Monday, Wednesday, Saturday
SPIKE_LIMIT = 0.10  # Nielsen et al. 2025: more than 10 % over the 30-day longest run
WEEKLY_RISE_LIMIT = 0.30  # the course's guard on a week's total (Nielsen et al. 2014a, with its caveats)
TIME_STEP_MIN = 1 / 12  # walk–run running time is rounded down to 5 s
STAGE_TRIES = 2  # sessions at each template stage before the next (Crowell et al. 2023: "at least twice")
WALK_SPEED_KMH = 5.0  # the course's assumed walking speed in walk–run sessions (about 3 mph, a brisk walk)
DISTANCE_STEP_KM = 0.1  # continuous runs are rounded down to 0.1 km
MAX_WEEKS = 52


@dataclass(frozen=True)
class Goal:
    """Where a plan ends: one long run and ``easy_runs`` easy runs of ``easy_km`` a week (km).

    ``end_min`` is the running per session at the end of walk–run (20 minutes, or the old
    long run if that was shorter); ``cap_km`` is the old weekly distance, which no week's
    running passes (infinite for a new runner).
    """

    long_km: float
    easy_km: float
    easy_runs: int
    end_min: float
    cap_km: float

    @property
    def weekly_km(self) -> float:
        return self.long_km + self.easy_runs * self.easy_km


def walk_run_template() -> pd.DataFrame:
    """The practice template's stages (``data/recovery_walk_run.csv``) with running minutes per session."""
    stages = load_table("recovery_walk_run")
    stages["run_per_session_min"] = stages["run_min"] * stages["blocks"]
    stages["session_min"] = (stages["run_min"] + stages["walk_min"]) * stages["blocks"]
    return stages


def _floor(value: float, step: float) -> float:
    """Rounded down to ``step`` (never above ``value`` but for float noise, so no limit is passed by rounding)."""
    return round(math.floor(value / step + 1e-9) * step, 9)


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

    Three runs a week as in the plan, the long run last, or more easy runs where two would
    be longer than the long run (up to one a day); they count in the spike check when the
    break was shorter than 30 days, so the longest of them is the long run.
    """
    end = -round(7 * weeks_off)
    runs: list[tuple[int, float]] = []
    rest = max(weekly_km - longest_km, 0.0)
    count = max(SESSIONS_PER_WEEK - 1, math.ceil(rest / longest_km - 1e-9)) if longest_km > 0 else 0
    if longest_km > 0:
        for week in range(4):
            last = end - 1 - 7 * week
            runs.append((last, float(longest_km)))
            if rest > 0:
                runs += [(last - days, rest / count) for days in EASY_DAYS_BEFORE[:count]]
    return sorted(runs)


EASY_DAYS_BEFORE = (3, 5, 1, 2, 4, 6)  # days before the long run of the easy runs in the history


def session_km(run_min: float, session_min: float, speed: float) -> float:
    """A walk–run session's distance as a watch records it: running at ``speed``, walking at :func:`walk_speed`."""
    return (run_min * speed + (session_min - run_min) * walk_speed(speed)) / 60


def walk_speed(speed: float) -> float:
    """The course's assumed walking speed in walk–run (:data:`WALK_SPEED_KMH`), never above the running speed."""
    return min(WALK_SPEED_KMH, speed)


def _walk_run_session(target: float, low: float, cap: float, speed: float,
                      ladder: list[tuple[float, int]]) -> tuple[float, float]:
    """``(run_min, session_min)`` of one walk–run session whose distance stays within ``cap`` (km).

    The template's ``target`` in a 20-minute session if it fits; else less running (not
    below ``low``, the running already reached) in 20 minutes; else, when even that is
    too far (after a short break from runs shorter than one session), the walking is cut
    short. Running is rounded down to 5 s a block, so each block's running is whole seconds.
    """
    if session_km(target, SESSION_MIN, speed) <= cap + 1e-9:
        return target, SESSION_MIN
    walk = walk_speed(speed)
    if session_km(low, SESSION_MIN, speed) <= cap + 1e-9:  # then speed > walk: more running, more distance
        run = _run_floor((cap * 60 - SESSION_MIN * walk) / (speed - walk), ladder)
        return max(low, min(target, run)), SESSION_MIN
    run = max(low, min(target, _run_floor(cap * 60 / speed, ladder)))
    return run, min(SESSION_MIN, max(run, _floor(run + (cap * 60 - run * speed) / walk, TIME_STEP_MIN)))


def _run_floor(run_min: float, ladder: list[tuple[float, int]]) -> float:
    """Running minutes rounded down to 5 s per block of the stage reached (5 s from 20 minutes on)."""
    run = _floor(run_min, TIME_STEP_MIN)
    return _floor(run_min, TIME_STEP_MIN * (_blocks(run, ladder) if run < SESSION_MIN else 1))


@dataclass
class _Ladder:
    """Where walk–run has got to: the template's stages (running minutes, up to ``end``), the running of the
    last session (``level``) and how many sessions ran it (``tries``)."""

    stages: list[float]
    level: float = 0.0
    tries: int = 0

    def target(self) -> float:
        """Each stage :data:`STAGE_TRIES` times, then the next; after a step between stages, the next stage."""
        if not self.level:
            return self.stages[0]
        at_stage = any(abs(self.level - stage) < 1e-9 for stage in self.stages)
        above = [stage for stage in self.stages if stage > self.level + 1e-9]
        return self.level if (at_stage and self.tries < STAGE_TRIES) or not above else above[0]

    def ran(self, run_min: float) -> None:
        self.tries = self.tries + 1 if abs(run_min - self.level) < 1e-9 else 1
        self.level = run_min

    @property
    def finished(self) -> bool:
        return abs(self.level - self.stages[-1]) < 1e-9 and self.tries >= STAGE_TRIES


def plan_sessions(before: list[tuple[int, float]], speed: float, goal: Goal,
              start: dt.date) -> tuple[pd.DataFrame, bool]:
    """The plan's sessions (see :class:`ReturnPlan`) and whether it reached the goal within :data:`MAX_WEEKS`."""
    ladder = _ladder((data_dir() / "recovery_walk_run.csv").stat().st_mtime_ns)
    stages = [run for run, _ in ladder if run < goal.end_min - 1e-9] + [goal.end_min]
    state = _Ladder(stages)
    past = list(before)
    rows: list[dict] = []
    last_week: list[float] = []  # the km of the week before's sessions
    complete = False
    shortest = _floor(goal.end_min * speed / 60, DISTANCE_STEP_KM)
    for week in range(MAX_WEEKS):
        if not state.finished:
            week_rows, state = _walk_run_week(week, state, past, last_week, speed, goal, ladder)
        else:  # continuous: easy runs no longer than last week's longest, the long run at most 10 % longer
            longest = max(last_week)
            easy = min(max(goal.easy_km, shortest), _floor(longest, DISTANCE_STEP_KM))
            planned = [easy] * (SESSIONS_PER_WEEK - 1) + [min(goal.long_km, _floor((1 + SPIKE_LIMIT) * longest,
                                                                                  DISTANCE_STEP_KM))]
            week_rows = [{"session": slot + 1, "phase": "continuous", "run_min": planned[slot] / speed * 60,
                          "session_min": planned[slot] / speed * 60, "blocks": 1, "run_km": planned[slot]}
                         for slot in _fit_week(planned, goal.cap_km, sum(last_week))]
        for row in week_rows:
            day = 7 * week + SESSION_DAYS[row["session"] - 1]
            before_km = _longest_before(past, day)
            rows.append({"week": week + 1, **row, "date": start + dt.timedelta(days=day),
                         "longest_before_km": before_km, "spike_percent": (row["run_km"] / before_km - 1) * 100})
            past.append((day, row["run_km"]))
        last_week = [row["run_km"] for row in week_rows]
        if week_rows[-1]["phase"] == "continuous" and _done(last_week, goal):
            complete = True
            break
    sessions = pd.DataFrame({name: [row[name] for row in rows] for name in COLUMNS})
    sessions["walk_min"] = sessions["session_min"] - sessions["run_min"]
    sessions["running_km"] = sessions["run_min"] * speed / 60
    spikes = sessions["spike_percent"].to_numpy()
    sessions["band"] = np.where(np.isnan(spikes), training.NO_RECENT_RUN, training.spike_band(spikes))
    return sessions, complete


COLUMNS = ("week", "session", "date", "phase", "run_min", "session_min", "blocks", "run_km", "longest_before_km",
           "spike_percent")


def _longest_before(past: list[tuple[int, float]], day: int) -> float:
    """The longest run of the 30 days before ``day`` (NaN if none)."""
    window = [km for when, km in past[-40:] if day - training.SPIKE_LOOKBACK_DAYS <= when < day]
    return max(window) if window else math.nan


def _walk_run_week(week: int, state: _Ladder, past: list[tuple[int, float]], last_week: list[float], speed: float,
                   goal: Goal, ladder: list[tuple[float, int]]) -> tuple[list[dict], _Ladder]:
    """One walk–run week: each session the template's next step within the limits, then :func:`_fit_week`;
    if that drops a session the week is laid out again on the sessions kept (so each stage still runs twice)."""
    slots, last_total = list(range(SESSIONS_PER_WEEK)), sum(last_week)
    week_cap = (1 + SPIKE_LIMIT) * max(last_week) if last_week else math.inf
    while True:
        trial, rows, days = replace(state), [], list(past)
        for slot in slots:
            day = 7 * week + SESSION_DAYS[slot]
            before_km = _longest_before(days, day)
            cap = min(week_cap, math.inf if math.isnan(before_km) else (1 + SPIKE_LIMIT) * before_km)
            run_min, session_min = _walk_run_session(trial.target(), trial.level or FIRST_RUN_MIN, cap, speed, ladder)
            trial.ran(run_min)
            km = session_km(run_min, session_min, speed)
            blocks = _blocks(run_min, ladder) if run_min < SESSION_MIN else 1
            rows.append({"session": slot + 1, "phase": "walk–run", "run_min": run_min, "session_min": session_min,
                         "blocks": blocks, "run_km": km})
            days.append((day, km))
        kept = _fit_week(dict(zip(slots, (row["run_km"] for row in rows))), goal.cap_km, last_total,
                         dict(zip(slots, (row["run_min"] * speed / 60 for row in rows))))
        if kept == slots:
            return rows, trial
        slots = kept


def _fit_week(planned: list[float] | dict[int, float], cap_km: float, last_total: float,
              running: dict[int, float] | None = None) -> list[int]:
    """The slots of a week's sessions to keep (``planned``: km by slot; ``running``: their running km, the same
    for continuous runs): easy runs (Wednesday first, then Monday) are dropped while the week's running would
    pass the old weekly distance or its distance rise more than :data:`WEEKLY_RISE_LIMIT` over last week's."""
    planned = dict(enumerate(planned)) if isinstance(planned, list) else planned
    running = planned if running is None else running
    kept = sorted(planned)
    limit = (1 + WEEKLY_RISE_LIMIT) * last_total if last_total > 0 else math.inf
    for slot in (1, 0):
        if sum(planned[i] for i in kept) <= limit + 1e-9 and sum(running[i] for i in kept) <= cap_km + 1e-9:
            break
        if slot in kept:
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
