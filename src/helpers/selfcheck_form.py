"""Lesson 08: the self-check's form as data, its result types, and checking answers (pure).

Everything the form asks and every rule it applies lives in ``data/selfcheck_*.csv``
(schemas in :mod:`helpers.schemas.selfcheck`); :func:`questionnaire` compiles them and
recompiles when a file changes. :func:`check_answers` turns a learner's answers into
clean values or names every problem. Applying the rules is :mod:`helpers.selfcheck`,
which also exports every public name of this module.
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache

import pandas as pd

from helpers.data import load_table, split_choices
from helpers.paths import data_dir
from helpers.schemas.selfcheck import Part, clauses_of, parse_condition

TABLES = ("selfcheck_sections", "selfcheck_questions", "selfcheck_levels", "selfcheck_red_flags",
          "selfcheck_factors", "selfcheck_scores", "selfcheck_untested", "lessons")


class SelfCheckError(ValueError):
    """The answers cannot be assessed. ``problems`` maps each question id to what is wrong."""

    def __init__(self, problems: Mapping[str, str]):
        self.problems = dict(problems)
        listed = "; ".join(f"{key}: {text}" for key, text in self.problems.items())
        super().__init__(f"Please check {len(self.problems)} answer(s): {listed}")


@dataclass(frozen=True)
class Question:
    """One question of the form, as the data describe it."""

    question_id: str
    section: str
    label: str
    text: str
    answer_type: str  # yes/no, choice, number or multi
    choices: tuple[str, ...]
    unit: str
    minimum: float | None
    maximum: float | None
    required: bool
    help: str

    @property
    def allowed(self) -> str:
        """The allowed answers in words, e.g. 'yes | no' or '10 to 100 years'."""
        if self.answer_type == "number":
            return f"{self.minimum:g} to {self.maximum:g} {self.unit}"
        if self.answer_type == "yes/no":
            return "yes | no"
        prefix = "any of: " if self.answer_type == "multi" else ""
        return prefix + " | ".join(self.choices)


@dataclass(frozen=True)
class Section:
    section: str
    title: str
    intro: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class _Rule:
    parts: tuple[Part, ...]
    target: str  # a level (red flag) or a factor id (score, untested)
    weight: float
    evidence: str
    text: str  # the finding (red flag) or the reason (score, untested)
    rule_id: str = ""
    why: str = ""
    advice: str = ""  # this week (score) or worth trying (untested)


@dataclass(frozen=True)
class Level:
    level: str
    rank: int
    heading: str
    advice: str
    how_fast: str
    tell: str
    evidence: str

    @property
    def action(self) -> str:
        """What to do, from the heading: 'contact a doctor or NHS 111 today'."""
        action = self.heading.split(": ", 1)[-1]
        return action[:1].lower() + action[1:]


@dataclass(frozen=True)
class RedFlag:
    """A red flag found in the answers."""

    flag_id: str
    level: str
    rank: int
    finding: str
    evidence: str


@dataclass(frozen=True)
class RankedFactor:
    """A thing worth looking at: how much the answers point to it, why, and where to learn more.

    ``score`` is 0 for a factor the evidence has not tested (``verdict`` unknown or not
    supported); its ``this_week`` is then something to try if the learner likes.
    """

    factor_id: str
    title: str
    verdict: str
    score: float
    reasons: tuple[str, ...]  # the answers that raised it, one per rule
    why: tuple[str, ...]  # what the evidence says about those answers, one per rule
    evidence: tuple[str, ...]  # the citation keys behind them
    this_week: str
    lesson: int
    lesson_title: str
    lesson_file: str
    lesson_ready: bool


@dataclass(frozen=True)
class SelfCheckResult:
    """What the self-check found: the triage level first, then what to do and what to look at."""

    level: str
    rank: int
    heading: str
    advice: str
    how_fast: str
    level_evidence: str
    red_flags: tuple[RedFlag, ...]
    factors: tuple[RankedFactor, ...]
    this_week: tuple[str, ...]
    safety_note: str
    answers: dict = field(default_factory=dict)
    tell: str = ""  # what to tell the clinician
    untested: tuple[RankedFactor, ...] = ()  # not scored: the evidence has not tested them

    def to_dict(self) -> dict:
        """Plain JSON-ready data (lists, not tuples)."""
        return asdict(self)


@dataclass(frozen=True)
class Questionnaire:
    """The compiled form and rules (from the data tables)."""

    sections: tuple[Section, ...]
    questions: dict[str, Question]
    levels: dict[str, Level]
    red_flags: tuple[_Rule, ...]
    scores: tuple[_Rule, ...]
    untested: tuple[_Rule, ...]
    factors: dict[str, dict]  # factor id -> its row, in table order
    lessons: dict[int, dict]  # lesson number -> its row in data/lessons.csv

    @property
    def red_flag_questions(self) -> tuple[Question, ...]:
        return self.sections[0].questions

    @cached_property
    def triage_questions(self) -> tuple[Question, ...]:
        """The red-flag section, then any other question a red flag uses (e.g. how much pain limits daily life)."""
        used = {clause.question_id for rule in self.red_flags for clause in clauses_of(rule.parts)}
        first = {q.question_id for q in self.red_flag_questions}
        extra = [q for q in self.questions.values() if q.question_id in used and q.question_id not in first]
        return (*self.red_flag_questions, *extra)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _compile() -> Questionnaire:
    tables = {name: load_table(name) for name in TABLES}
    questions = {
        row.question_id: Question(
            question_id=row.question_id, section=row.section, label=row.label, text=row.text,
            answer_type=row.answer_type, choices=tuple(split_choices(_text(row.choices))), unit=_text(row.unit),
            minimum=_number(row.minimum), maximum=_number(row.maximum), required=bool(row.required), help=_text(row.help),
        )
        for row in tables["selfcheck_questions"].itertuples()
    }
    sections = tuple(
        Section(row.section, row.title, row.intro, tuple(q for q in questions.values() if q.section == row.section))
        for row in tables["selfcheck_sections"].itertuples()
    )
    levels = {row.level: Level(row.level, int(row.rank), row.heading, row.advice, row.how_fast, row.tell, row.evidence)
              for row in tables["selfcheck_levels"].itertuples()}
    red_flags = tuple(_Rule(parse_condition(row.when), row.level, 0.0, row.evidence, row.finding, row.flag_id)
                      for row in tables["selfcheck_red_flags"].itertuples())
    scores = tuple(_Rule(parse_condition(row.when), row.factor_id, float(row.weight), row.evidence, row.reason,
                         why=row.why, advice=row.this_week)
                   for row in tables["selfcheck_scores"].itertuples())
    untested = tuple(_Rule(parse_condition(row.when), row.factor_id, 0.0, row.evidence, row.reason,
                           why=row.why, advice=row.worth_trying)
                     for row in tables["selfcheck_untested"].itertuples())
    factors = {row["factor_id"]: row for row in tables["selfcheck_factors"].to_dict("records")}
    lessons = {int(row["number"]): row for row in tables["lessons"].to_dict("records")}
    return Questionnaire(sections, questions, levels, red_flags, scores, untested, factors, lessons)


@lru_cache(maxsize=4)
def _compiled(key: tuple) -> Questionnaire:
    return _compile()


def questionnaire() -> Questionnaire:
    """The compiled questionnaire; rebuilt when a data file changes."""
    folder = str(data_dir())
    key = tuple(os.stat(os.path.join(folder, f"{name}.csv")).st_mtime_ns for name in TABLES)
    return _compiled((folder, key))


def questions() -> pd.DataFrame:
    """The questionnaire table: question id, section, text, answer type, allowed values (and more)."""
    return pd.DataFrame(
        [
            {"question_id": q.question_id, "section": q.section, "text": q.text, "answer_type": q.answer_type,
             "allowed": q.allowed, "required": q.required, "label": q.label}
            for q in questionnaire().questions.values()
        ]
    )


# ---------------------------------------------------------------- checking answers

def _short(value: object) -> str:
    """A value as a learner can read it in a message: its repr, at most 30 characters."""
    try:
        text = value.strip() if isinstance(value, str) else f"{value:g}" if isinstance(value, float) else repr(value)
    except ValueError:  # e.g. an integer with more digits than Python will print
        text = "a very large number" if isinstance(value, int) else f"a {type(value).__name__} value"
    return text if len(text) <= 30 else text[:29] + "…"


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_one(question: Question, value: object) -> tuple[object, str | None]:
    """The normalised answer, or a problem in plain words."""
    kind = question.answer_type
    if kind == "yes/no":
        if isinstance(value, bool):
            return ("yes" if value else "no"), None
        if isinstance(value, str) and value.strip().lower() in ("yes", "no"):
            return value.strip().lower(), None
        return None, "Choose yes or no."
    if kind == "choice":
        if isinstance(value, str) and value in question.choices:
            return value, None
        return None, "Choose one of the answers."
    if kind == "multi":
        if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset)):
            return None, "Tick the boxes that apply."
        ticked = list(value)
        unknown = [item for item in ticked if not isinstance(item, str) or item not in question.choices]
        if unknown:
            return None, f"{', '.join(map(_short, unknown[:3]))} is not one of the boxes."
        if question.required and not ticked:
            return None, "Tick at least one box."
        return [choice for choice in question.choices if choice in ticked], None
    return _check_number(question, value)


def _check_number(question: Question, value: object) -> tuple[object, str | None]:
    expected = f"Enter a number from {question.minimum:g} to {question.maximum:g} ({question.unit})."
    if isinstance(value, bool):
        return None, expected
    if not isinstance(value, (str, numbers.Real)):
        return None, expected
    shown = _short(value)
    try:
        number = float(value.strip().replace(",", ".") if isinstance(value, str) else value)
    except OverflowError:
        return None, f"{shown} is out of range. {expected}"
    except ValueError:
        return None, f"“{shown}” is not a number. {expected}"
    if not math.isfinite(number):
        return None, expected
    if not question.minimum <= number <= question.maximum:
        return None, f"{shown} is out of range. {expected}"
    return number, None


def check_answers(answers: Mapping[str, object]) -> dict[str, object]:
    """Normalised answers (missing optional ones left out); :class:`SelfCheckError` naming each problem."""
    return _check_answers(questionnaire(), answers)


def _check_answers(form: Questionnaire, answers: Mapping[str, object]) -> dict[str, object]:
    if not isinstance(answers, Mapping):
        raise SelfCheckError({"answers": "Give the answers as a mapping of question id to answer."})
    problems: dict[str, str] = {}
    for key in answers:
        if not isinstance(key, str) or key not in form.questions:
            problems[key if isinstance(key, str) else _short(key)] = "There is no question with this id."
    clean: dict[str, object] = {}
    for question in form.questions.values():
        value = answers.get(question.question_id)
        if _is_empty(value) and question.answer_type != "multi":
            if question.required:
                problems[question.question_id] = "Please answer this question."
            continue
        if value is None and question.answer_type == "multi":
            value = []
        normalised, problem = _check_one(question, value)
        if problem:
            problems[question.question_id] = problem
        elif not (question.answer_type == "multi" and not normalised and not question.required):
            clean[question.question_id] = normalised
    if problems:
        raise SelfCheckError(problems)
    return clean


# ---------------------------------------------------------------- sample learners

def sample_answers(name: str) -> dict[str, object]:
    """A sample learner's answers from ``data/selfcheck_samples.csv``, typed as the form gives them."""
    table = load_table("selfcheck_samples")
    rows = table[table["sample"] == name]
    if rows.empty:
        raise ValueError(f"No sample learner {name!r}; there are: {', '.join(sorted(set(table['sample'])))}.")
    form = questionnaire()
    answers: dict[str, object] = {}
    for row in rows.itertuples():
        kind = form.questions[row.question_id].answer_type
        answers[row.question_id] = (split_choices(row.answer) if kind == "multi"
                                    else float(row.answer) if kind == "number" else row.answer)
    return answers
