"""Lesson 04 model, part two: the six-week progression of the exercise library (pure; re-exported by
:mod:`helpers.core`, which lesson 10's ``plan.strength_part`` imports).

Sessions per week set the days (a rest day between sessions, up to three a week), the total a
week and how fast a dose rises (:data:`STEP_RULE`). Every row says what to go back to if pain
rises, and the table carries :data:`PAIN_RULE`. Starting doses, steps and ceilings come from
``data/core_exercises.csv``; like the rules, they are the course's suggestions, not tested in trials.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import pandas as pd

from helpers.data import load_table
from helpers.paths import data_dir

SESSIONS_RANGE = (1, 7)
WEEKS = 6
PAIN_RULE = (
    "If pain rises during an exercise or the next day, go back one step to the dose before (at the first step, "
    "the easier version) and stay there until it settles; if it keeps rising, stop and see the safety note. "
    "(The course's rule of thumb, not tested in a trial.)"
)
#: A step up comes after this many sessions at a dose without more pain, and at most one step a week.
SESSIONS_PER_STEP = 2
STEP_RULE = (
    f"Each dose rises by one small step after {SESSIONS_PER_STEP} sessions at the dose before without more pain, "
    "and by at most one step a week, up to a ceiling. (The course's suggestion, not tested in a trial.)"
)
#: At most this many sessions a week leave a rest day after every session.
MOST_WITH_REST_DAYS = 3
REST_RULE = (
    "Leave at least one rest day between two sessions of the same exercises: at most "
    f"{MOST_WITH_REST_DAYS} sessions a week. (The course's rule of thumb, not tested in a trial.)"
)
#: The days of each week (1–7) the sessions fall on: spread out, with a rest day after each up to 3 a week.
SESSION_DAYS = {1: (1,), 2: (1, 4), 3: (1, 3, 5), 4: (1, 3, 5, 7), 5: (1, 2, 4, 5, 7), 6: (1, 2, 3, 4, 5, 6),
                7: (1, 2, 3, 4, 5, 6, 7)}


def _records(name: str) -> tuple[dict, ...]:
    """A course table as plain dicts, empty cells as ``None`` (quick to filter in a widget callback).

    Cached until the file changes; callers must not modify the dicts.
    """
    stat = (data_dir() / f"{name}.csv").stat()
    return _records_cached(name, str(data_dir()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _records_cached(name: str, folder: str, mtime_ns: int, size: int) -> tuple[dict, ...]:
    return tuple({key: (None if _missing(value) else value) for key, value in row.items()}
                 for row in load_table(name).to_dict("records"))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def plan_rows(plan: pd.DataFrame) -> list[dict]:
    """The rows of a plan as plain dicts, column by column (pandas' ``to_dict`` is slow in a widget callback)."""
    columns = list(plan.columns)
    return [dict(zip(columns, values)) for values in zip(*(plan[column].tolist() for column in columns))]


def parse_sessions(text: str | None) -> int:
    """Typed sessions per week: a whole number from 1 to 7, else a clear ``ValueError``."""
    typed = (text or "").strip()
    low, high = SESSIONS_RANGE
    if not typed:
        raise ValueError(f"Sessions per week is empty: type a whole number from {low} to {high}.")
    if not re.fullmatch(r"[0-9]+", typed):
        raise ValueError(f"Sessions per week must be a whole number from {low} to {high}; you typed {typed!r}.")
    if not low <= int(typed) <= high:
        raise ValueError(f"Sessions per week must be from {low} to {high}; you typed {typed}.")
    return int(typed)


def dose_text(dose: int, kind: str, per_side: bool) -> str:
    """'20 s hold' or '10 reps', with 'each side' where it applies."""
    text = f"{dose} s hold" if kind == "hold" else f"{dose} reps"
    return text + (" each side" if per_side else "")


def session_days(sessions_per_week: int) -> tuple[int, ...]:
    """The days of each week (1–7) that the sessions fall on (:data:`SESSION_DAYS`)."""
    _check_sessions(sessions_per_week)
    return SESSION_DAYS[sessions_per_week]


def back_to_back(sessions_per_week: int) -> int:
    """How many sessions a week follow the one before without a rest day (the next week's first counts)."""
    days = session_days(sessions_per_week)
    gaps = [b - a for a, b in zip(days, (*days[1:], days[0] + 7))]
    return sum(gap == 1 for gap in gaps)


def steps_by_week(week: int, sessions_per_week: int) -> int:
    """How many steps up a dose has taken by ``week`` (1-based): one per :data:`SESSIONS_PER_STEP` sessions
    done before it, at most one a week (so one session a week steps every second week)."""
    return min(week - 1, (week - 1) * sessions_per_week // SESSIONS_PER_STEP)


def _check_sessions(sessions_per_week: object) -> None:
    if isinstance(sessions_per_week, bool) or not isinstance(sessions_per_week, int) or not (
            SESSIONS_RANGE[0] <= sessions_per_week <= SESSIONS_RANGE[1]):
        raise ValueError(f"Sessions per week must be a whole number from {SESSIONS_RANGE[0]} to {SESSIONS_RANGE[1]}; "
                         f"got {sessions_per_week!r}.")


def amount_text(amount: int, kind: str, per_side: bool) -> str:
    """A weekly total: '6 min 40 s', '45 s' or '120 reps', with 'each side' where it applies."""
    if kind == "hold":
        minutes, seconds = divmod(amount, 60)
        text = (f"{minutes} min" + (f" {seconds} s" if seconds else "")) if minutes else f"{seconds} s"
    else:
        text = f"{amount} reps"
    return text + (" each side" if per_side else "")


def progression(keys: list[str], sessions_per_week: int, weeks: int = WEEKS) -> pd.DataFrame:
    """A plan of ``weeks`` weeks: each chosen exercise's dose per set, rising in small steps to its cap.

    One row per week and exercise. Columns: week, exercise, sessions, sets, dose, dose_text (the
    dose per set); days (of each week, 1–7, with rest days between up to 3 sessions a week);
    week_total and week_total_text (sessions × sets × dose); if_pain_rises (the dose to go back to).
    Sessions per week set the days, the weekly total and how fast the dose rises (:data:`STEP_RULE`:
    one session a week steps every second week). The table's ``attrs`` carry :data:`PAIN_RULE`,
    :data:`STEP_RULE` and :data:`REST_RULE` (and ``back_to_back``: sessions a week without a rest day
    before the next). Starting doses and steps are the course's suggestions, not from trials.
    """
    if not keys:
        raise ValueError("Choose at least one exercise to build a plan.")
    _check_sessions(sessions_per_week)
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= 26:
        raise ValueError(f"A plan can run 1 to 26 weeks; got {weeks!r}.")
    library = {row["key"]: row for row in _records("core_exercises")}
    days = ", ".join(str(day) for day in session_days(sessions_per_week))
    rows = []
    for key in dict.fromkeys(keys):
        if key not in library:
            raise ValueError(f"There is no exercise {key!r} in the library. Choose from: {', '.join(library)}.")
        item = library[key]
        kind, per_side, sets = item["dose_kind"], bool(item["per_side"]), int(item["sets"])
        easier = f"the easier version ({item['easier'][:1].lower()}{item['easier'][1:]})"
        current: tuple[int, str] | None = None
        previous: tuple[int, str] | None = None  # the dose one step down
        for week in range(1, weeks + 1):
            dose = int(min(item["start_dose"] + steps_by_week(week, sessions_per_week) * item["weekly_step"],
                           item["max_dose"]))
            text = dose_text(dose, kind, per_side)
            if current is not None and current[0] != dose:
                previous = current
            current = (dose, text)
            total = sessions_per_week * sets * dose
            rows.append({"week": week, "exercise": item["name"], "sessions": sessions_per_week, "sets": sets,
                         "dose": dose, "dose_text": text, "days": days, "week_total": total,
                         "week_total_text": amount_text(total, kind, per_side),
                         "if_pain_rises": f"back to {previous[1] if previous else easier}"})
    table = pd.DataFrame(rows)
    table.attrs.update(pain_rule=PAIN_RULE, step_rule=STEP_RULE, rest_rule=REST_RULE,
                       back_to_back=back_to_back(sessions_per_week))
    return table

