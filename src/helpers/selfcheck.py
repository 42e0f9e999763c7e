"""Lesson 08 model: the self-check questionnaire, its red-flag triage and its factor ranking.

Everything the form asks and every rule it applies lives in ``data/selfcheck_*.csv``
(schemas in :mod:`helpers.schemas.selfcheck`). This module is pure: answers in, result
out, no widgets and no files.

Safety comes first, by construction:

* The triage level is the most urgent level of any red flag found; no other answer can
  lower it, and the result shows it first.
* With an emergency, the result lists no contributing factors: nothing should distract
  from the advice to go to hospital.
* :func:`triage` works on a half-filled form too, so the widget can show a red flag even
  while other answers still need fixing.

It is education, not diagnosis: the factors are ranked by how much the answers suggest
each, with the evidence key behind every weight, not by proven cause.
"""

from __future__ import annotations

import math
import os
import numbers
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import pandas as pd

from helpers.data import load_table, split_choices
from helpers.paths import data_dir
from helpers.schemas.selfcheck import Clause, parse_condition

TABLES = ("selfcheck_sections", "selfcheck_questions", "selfcheck_levels", "selfcheck_red_flags",
          "selfcheck_factors", "selfcheck_scores", "lessons")
SAFETY_NOTE = (
    "This self-check is education, not a diagnosis: it cannot examine you, and it cannot tell muscle, bone or disc "
    "pain apart. If a red-flag sign appears later, or your pain gets worse, seek care at the speed the red-flag "
    "advice gives. Your answers stay on this computer."
)
STAY_ACTIVE = "Stay active within comfort: it helps more than bed rest."


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
    clauses: tuple[Clause, ...]
    target: str  # a level (red flag) or a factor id (score)
    weight: float
    evidence: str
    text: str  # the finding (red flag) or the reason (score)
    rule_id: str = ""


@dataclass(frozen=True)
class Level:
    level: str
    rank: int
    heading: str
    advice: str
    how_fast: str
    evidence: str


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
    """A contributing factor, with how much the answers suggest it and where to learn more."""

    factor_id: str
    title: str
    score: float
    reasons: tuple[str, ...]
    evidence: tuple[str, ...]  # the citation keys behind the weights that added up
    why: str
    this_week: str
    lesson: int
    lesson_title: str
    lesson_file: str
    lesson_ready: bool


@dataclass(frozen=True)
class SelfCheckResult:
    """What the self-check found: the triage level first, then factors and next steps."""

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
    factors: dict[str, dict]  # factor id -> its row, in table order
    lessons: dict[int, dict]  # lesson number -> its row in data/lessons.csv

    @property
    def red_flag_questions(self) -> tuple[Question, ...]:
        return self.sections[0].questions


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
    levels = {row.level: Level(row.level, int(row.rank), row.heading, row.advice, row.how_fast, row.evidence)
              for row in tables["selfcheck_levels"].itertuples()}
    red_flags = tuple(_Rule(parse_condition(row.when), row.level, 0.0, row.evidence, row.finding, row.flag_id)
                      for row in tables["selfcheck_red_flags"].itertuples())
    scores = tuple(_Rule(parse_condition(row.when), row.factor_id, float(row.weight), row.evidence, row.reason)
                   for row in tables["selfcheck_scores"].itertuples())
    factors = {row["factor_id"]: row for row in tables["selfcheck_factors"].to_dict("records")}
    lessons = {int(row["number"]): row for row in tables["lessons"].to_dict("records")}
    return Questionnaire(sections, questions, levels, red_flags, scores, factors, lessons)


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


# ---------------------------------------------------------------- applying the rules

def _holds(clause: Clause, answers: Mapping[str, object]) -> bool:
    answer = answers.get(clause.question_id)
    if answer is None:
        return False
    if clause.operator == "=":
        return answer == clause.value
    if clause.operator == "has":
        return clause.value in answer
    limit = float(clause.value)
    return {"<": answer < limit, "<=": answer <= limit, ">": answer > limit, ">=": answer >= limit}[clause.operator]


def _applies(rule: _Rule, answers: Mapping[str, object]) -> bool:
    return all(_holds(clause, answers) for clause in rule.clauses)


def _valid_red_flag_answers(form: Questionnaire, answers: Mapping[str, object]) -> dict[str, object]:
    valid = {}
    for question in form.red_flag_questions:
        value = answers.get(question.question_id) if isinstance(answers, Mapping) else None
        if not _is_empty(value):
            normalised, problem = _check_one(question, value)
            if problem is None:
                valid[question.question_id] = normalised
    return valid


def triage(answers: Mapping[str, object]) -> tuple[Level, tuple[RedFlag, ...]]:
    """The triage level and the red flags found, from whichever red-flag answers are valid.

    Never raises for bad answers: missing or invalid ones are skipped, so a half-filled
    form still shows an emergency. Flags come most urgent first.
    """
    return _triage(questionnaire(), answers)


def _triage(form: Questionnaire, answers: Mapping[str, object]) -> tuple[Level, tuple[RedFlag, ...]]:
    valid = _valid_red_flag_answers(form, answers)
    found = [
        RedFlag(rule.rule_id, rule.target, form.levels[rule.target].rank, rule.text, rule.evidence)
        for rule in form.red_flags
        if _applies(rule, valid)
    ]
    found.sort(key=lambda flag: -flag.rank)  # stable: the table's order within a level
    level = form.levels[found[0].level] if found else form.levels["self-care"]
    return level, tuple(found)


def rank_factors(answers: Mapping[str, object]) -> tuple[RankedFactor, ...]:
    """Factors the (checked) answers suggest, highest total weight first (ties: table order)."""
    return _rank_factors(questionnaire(), answers)


def _rank_factors(form: Questionnaire, answers: Mapping[str, object]) -> tuple[RankedFactor, ...]:
    totals: dict[str, list[_Rule]] = {}
    for rule in form.scores:
        if _applies(rule, answers):
            totals.setdefault(rule.target, []).append(rule)
    order = list(form.factors)
    ranked = sorted(totals, key=lambda factor_id: (-sum(r.weight for r in totals[factor_id]), order.index(factor_id)))
    result = []
    for factor_id in ranked:
        factor = form.factors[factor_id]
        lesson = form.lessons[int(factor["lesson"])]
        rules = totals[factor_id]
        result.append(
            RankedFactor(
                factor_id=factor_id, title=factor["title"], score=round(sum(r.weight for r in rules), 2),
                reasons=tuple(r.text for r in rules), evidence=tuple(dict.fromkeys(r.evidence for r in rules)),
                why=factor["why"], this_week=factor["this_week"], lesson=int(factor["lesson"]),
                lesson_title=lesson["title"], lesson_file=lesson["file"], lesson_ready=lesson["status"] == "ready",
            )
        )
    return tuple(result)


def assess(answers: Mapping[str, object]) -> SelfCheckResult:
    """Check the answers and return the result: triage level and advice, then ranked factors.

    ``answers`` maps question ids to answers: ``"yes"``/``"no"`` (or a bool), one of the
    choices, a list of ticked choices, or a number (a number typed as text is accepted).
    Optional questions may be left out. Raises :class:`SelfCheckError` (a ``ValueError``)
    naming every invalid or missing answer; nothing else.
    """
    form = questionnaire()
    clean = _check_answers(form, answers)
    level, flags = _triage(form, clean)
    factors = () if level.level == "emergency" else _rank_factors(form, clean)
    return SelfCheckResult(
        level=level.level, rank=level.rank, heading=level.heading, advice=level.advice, how_fast=level.how_fast,
        level_evidence=level.evidence, red_flags=flags, factors=factors, this_week=_this_week(level, factors),
        safety_note=SAFETY_NOTE, answers=clean,
    )


def _this_week(level: Level, factors: tuple[RankedFactor, ...]) -> tuple[str, ...]:
    steps = []
    if level.rank > 0:
        steps.append(f"First and most important: {level.heading.split(': ', 1)[-1].lower()}.")
    if level.level == "emergency":
        return (*steps, "Do not run until a clinician has checked you.")
    steps.append(STAY_ACTIVE)
    steps.extend(factor.this_week for factor in factors[:3])
    return tuple(steps)


# ---------------------------------------------------------------- samples and comparison

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


def compare(earlier: SelfCheckResult, later: SelfCheckResult) -> list[str]:
    """What changed between two checks, in plain sentences (the level first)."""
    lines = []
    if earlier.level != later.level:
        direction = "more urgent" if later.rank > earlier.rank else "less urgent"
        lines.append(f"Triage level: {earlier.level} then, {later.level} now ({direction}).")
    else:
        lines.append(f"Triage level: {later.level}, the same as before.")
    before = {factor.factor_id: factor for factor in earlier.factors}
    now = {factor.factor_id: factor for factor in later.factors}
    for factor_id in now.keys() - before.keys():
        lines.append(f"New factor: {now[factor_id].title}.")
    for factor_id in before.keys() - now.keys():
        lines.append(f"No longer suggested: {before[factor_id].title}.")
    for factor_id in sorted(now.keys() & before.keys(), key=list(now).index):
        if now[factor_id].score != before[factor_id].score:
            lines.append(f"{now[factor_id].title}: score {before[factor_id].score:g} then, {now[factor_id].score:g} now.")
    return lines


def result_from_dict(data: Mapping) -> SelfCheckResult:
    """Rebuild a result saved with :meth:`SelfCheckResult.to_dict` (for comparing old checks)."""
    flags = tuple(RedFlag(**flag) for flag in data["red_flags"])
    factors = tuple(
        RankedFactor(**{**factor, "reasons": tuple(factor["reasons"]), "evidence": tuple(factor["evidence"])})
        for factor in data["factors"]
    )
    values = {key: data[key] for key in SelfCheckResult.__dataclass_fields__ if key not in ("red_flags", "factors")}
    values["this_week"] = tuple(values["this_week"])
    return SelfCheckResult(red_flags=flags, factors=factors, **values)
