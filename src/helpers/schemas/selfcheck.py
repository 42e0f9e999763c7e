"""Tables of lesson 08, the self-check: the questionnaire, its red flags and its scoring rules.

Editing the questions is editing these tables, not code. Rules say *when* they apply
with a small condition written in the ``when`` column: one or more clauses joined by
`` & ``, each ``question_id OPERATOR value``. Operators: ``=`` (a yes/no or choice
answer), ``has`` (a ticked box of a multi-select), and ``<``, ``<=``, ``>``, ``>=``
(numbers). Examples: ``bladder_bowel = yes``; ``age < 20 & arching_pain = yes``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from helpers.schemas.base import CITATION_KEY, Column, Schema, split_choices

ANSWER_TYPES = ("yes/no", "choice", "number", "multi")
YES_NO = ("yes", "no")
LEVELS = ("emergency", "urgent", "soon", "self-care")
NUMBER_OPERATORS = ("<", "<=", ">", ">=")
_CLAUSE = re.compile(r"\s*([a-z][a-z0-9_]*)\s+(=|has|<=|>=|<|>)\s+(\S.*?)\s*")


@dataclass(frozen=True)
class Clause:
    """One part of a rule's condition: ``question_id operator value``."""

    question_id: str
    operator: str
    value: str


def parse_condition(text: str) -> tuple[Clause, ...]:
    """Split a ``when`` cell into its clauses; ValueError if a clause is not well formed."""
    clauses = []
    for part in text.split("&"):
        match = _CLAUSE.fullmatch(part)
        if match is None:
            raise ValueError(f"{part.strip()!r} is not of the form 'question_id = value' (operators: =, has, <, <=, >, >=)")
        clauses.append(Clause(*match.groups()))
    return tuple(clauses)


def _load(name: str) -> pd.DataFrame:
    from helpers.data import load_table  # here, not at the top: helpers.data imports this package

    return load_table(name)


def _question_checks(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    sections = list(_load("selfcheck_sections")["section"])
    last_section = 0
    for index, row in table.iterrows():
        kind = row["answer_type"]
        choices = split_choices(row["choices"]) if isinstance(row["choices"], str) else []
        if row["section"] not in sections:
            yield index, "section", f"{row['section']!r} is not a section in data/selfcheck_sections.csv"
        else:
            position = sections.index(row["section"])
            if position < last_section:
                yield index, "section", "questions must be grouped by section, in the sections' order"
            last_section = position
        if kind in ("choice", "multi") and len(choices) < 2:
            yield index, "choices", f"a {kind} question needs at least two choices separated by ' | '"
        if kind in ("choice", "multi") and len(set(choices)) != len(choices):
            yield index, "choices", "has the same choice twice"
        if kind in ("yes/no", "number") and choices:
            yield index, "choices", f"must be empty for a {kind} question"
        has_range = not (pd.isna(row["minimum"]) or pd.isna(row["maximum"]))
        if kind == "number":
            if not has_range:
                yield index, "minimum", "a number question needs a minimum and a maximum"
            elif row["minimum"] >= row["maximum"]:
                yield index, "maximum", f"{row['maximum']:g} is not above the minimum {row['minimum']:g}"
            if not isinstance(row["unit"], str) or not row["unit"]:
                yield index, "unit", "a number question needs a unit (e.g. years, hours)"
        elif not (pd.isna(row["minimum"]) and pd.isna(row["maximum"])):
            yield index, "minimum", f"must be empty for a {kind} question"
        if row["section"] == sections[0] and not row["required"]:
            yield index, "required", "red-flag questions (the first section) must be required"


def _condition_problems(text: str, questions: pd.DataFrame) -> list[str]:
    """What is wrong with a ``when`` cell, checked against the questionnaire."""
    try:
        clauses = parse_condition(text)
    except ValueError as error:
        return [str(error)]
    problems = []
    by_id = questions.set_index("question_id")
    for clause in clauses:
        if clause.question_id not in by_id.index:
            problems.append(f"{clause.question_id!r} is not a question in data/selfcheck_questions.csv")
            continue
        question = by_id.loc[clause.question_id]
        kind = question["answer_type"]
        if kind == "number":
            if clause.operator not in NUMBER_OPERATORS:
                problems.append(f"{clause.question_id!r} is a number: use <, <=, > or >=")
            else:
                try:
                    float(clause.value)
                except ValueError:
                    problems.append(f"{clause.value!r} is not a number")
            continue
        expected = "has" if kind == "multi" else "="
        if clause.operator != expected:
            problems.append(f"{clause.question_id!r} is a {kind} question: use '{expected}'")
        allowed = YES_NO if kind == "yes/no" else tuple(split_choices(question["choices"]))
        if clause.value not in allowed:
            problems.append(f"{clause.value!r} is not an answer to {clause.question_id!r} ({' | '.join(allowed)})")
    return problems


def _red_flag_checks(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    questions = _load("selfcheck_questions")
    red_flag_section = _load("selfcheck_sections")["section"].iloc[0]
    in_section = set(questions.loc[questions["section"] == red_flag_section, "question_id"])
    for index, row in table.iterrows():
        for problem in _condition_problems(row["when"], questions):
            yield index, "when", problem
        outside = [c.question_id for c in _safe_clauses(row["when"]) if c.question_id not in in_section]
        if outside:
            yield index, "when", f"red flags may only use red-flag questions (section {red_flag_section}): {', '.join(outside)}"
    yield from _evidence_checks(table)


def _score_checks(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    questions = _load("selfcheck_questions")
    factors = set(_load("selfcheck_factors")["factor_id"])
    for index, row in table.iterrows():
        for problem in _condition_problems(row["when"], questions):
            yield index, "when", problem
        if row["factor_id"] not in factors:
            yield index, "factor_id", f"{row['factor_id']!r} is not a factor in data/selfcheck_factors.csv"
    yield from _evidence_checks(table)


def _factor_checks(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    lessons = set(_load("lessons")["number"])
    for index, row in table.iterrows():
        if row["lesson"] not in lessons:
            yield index, "lesson", f"lesson {row['lesson']} is not in the course map (data/lessons.csv)"
    yield from _evidence_checks(table)


def _level_checks(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    if sorted(table["level"]) != sorted(LEVELS):
        yield table.index[0], "level", f"the levels must be exactly: {', '.join(LEVELS)}"
    ranks = dict(zip(table["level"], table["rank"]))
    if all(level in ranks for level in LEVELS) and [ranks[level] for level in LEVELS] != [3, 2, 1, 0]:
        yield table.index[0], "rank", "ranks must be emergency 3, urgent 2, soon 1, self-care 0"
    yield from _evidence_checks(table)


def _sample_checks(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    known = set(_load("selfcheck_questions")["question_id"])
    for index, row in table.iterrows():
        if row["question_id"] not in known:
            yield index, "question_id", f"{row['question_id']!r} is not a question in data/selfcheck_questions.csv"
    for index in table[table.duplicated(["sample", "question_id"])].index:
        yield index, "question_id", "answers the same question twice for this sample"


def _evidence_checks(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    keys = set(_load("references")["key"])
    for index, row in table.iterrows():
        if row["evidence"] not in keys:
            yield index, "evidence", f"{row['evidence']!r} is not a key in data/references.csv"


def _safe_clauses(text: str) -> tuple[Clause, ...]:
    try:
        return parse_condition(text)
    except ValueError:
        return ()


_EVIDENCE = Column("evidence", pattern=CITATION_KEY, description="the citation key behind this row")
_WHEN = Column("when", description="condition, e.g. 'age < 20 & arching_pain = yes'")

SCHEMAS = {
    "selfcheck_sections": Schema(
        "Self-check sections, in the order the form shows them; the first holds the red flags (lesson 08).",
        (
            Column("section", pattern=r"[A-Z]", unique=True),
            Column("title"),
            Column("intro"),
        ),
    ),
    "selfcheck_questions": Schema(
        "Self-check questions in form order; choices separated by ' | ' (lesson 08).",
        (
            Column("question_id", pattern=r"[a-z][a-z0-9_]*", unique=True),
            Column("section", pattern=r"[A-Z]"),
            Column("label", description="short visible label next to the answer, with the unit"),
            Column("text", description="the full question"),
            Column("answer_type", allowed=ANSWER_TYPES),
            Column("choices", required=False),
            Column("unit", required=False),
            Column("minimum", "float", required=False),
            Column("maximum", "float", required=False),
            Column("required", "yes/no"),
            Column("help", required=False),
        ),
        checks=(_question_checks,),
    ),
    "selfcheck_levels": Schema(
        "Triage levels of the self-check, most urgent first, with what to do and how fast (lesson 08).",
        (
            Column("level", allowed=LEVELS, unique=True),
            Column("rank", "int", minimum=0, maximum=3),
            Column("heading"),
            Column("advice"),
            Column("how_fast"),
            _EVIDENCE,
        ),
        checks=(_level_checks,),
    ),
    "selfcheck_red_flags": Schema(
        "Red flags: when an answer (or answers) means a triage level (lesson 08; evidence.md 7b and 8).",
        (
            Column("flag_id", pattern=r"[a-z][a-z0-9-]*", unique=True),
            _WHEN,
            Column("level", allowed=LEVELS[:3]),
            Column("finding", description="what was found, in plain words"),
            _EVIDENCE,
        ),
        checks=(_red_flag_checks,),
    ),
    "selfcheck_factors": Schema(
        "Contributing factors the self-check can rank, each with the lesson that covers it (lesson 08).",
        (
            Column("factor_id", pattern=r"[a-z][a-z0-9-]*", unique=True),
            Column("title"),
            Column("lesson", "int", minimum=0, maximum=99),
            Column("why", description="one line: what the evidence says"),
            Column("this_week", description="one thing to do this week"),
            _EVIDENCE,
        ),
        checks=(_factor_checks,),
    ),
    "selfcheck_scores": Schema(
        "Scoring rules: when an answer adds weight to a factor, and the evidence behind the weight (lesson 08).",
        (
            _WHEN,
            Column("factor_id", pattern=r"[a-z][a-z0-9-]*"),
            Column("weight", "float", minimum=0.1, maximum=5),
            _EVIDENCE,
            Column("reason", description="shown to the learner: why this answer counts"),
        ),
        checks=(_score_checks,),
    ),
    "selfcheck_samples": Schema(
        "Sample learners' answers for the lesson's worked example; multi-select ticks separated by ' | '.",
        (
            Column("sample", pattern=r"[a-z]+"),
            Column("question_id", pattern=r"[a-z][a-z0-9_]*"),
            Column("answer"),
        ),
        checks=(_sample_checks,),
    ),
}
