"""Tables of lesson 08, the self-check: the questionnaire, its red flags and its scoring rules.

Editing the questions is editing these tables, not code. Rules say *when* they apply
with a small condition written in the ``when`` column: one or more parts joined by
`` & ``, all of which must hold. A part is a clause ``question_id OPERATOR value`` or a
count, ``at least N of: clause | clause | …`` (at least N of the listed clauses hold;
a count must be the last part). Operators: ``=`` (a yes/no or choice answer), ``has``
(a ticked box of a multi-select), and ``<``, ``<=``, ``>``, ``>=`` (numbers). Examples:
``bladder_bowel = yes``; ``age < 20 & arching_pain = yes``;
``at least 2 of: cancer_history = yes | weight_loss = yes | age >= 50``.
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
#: How the fact sheet grades a factor's link to running injury or back pain.
VERDICTS = ("supported", "mixed", "unknown", "not supported")
#: Only these verdicts may carry a score; the others are listed, not scored.
SCORED_VERDICTS = ("supported", "mixed")
NUMBER_OPERATORS = ("<", "<=", ">", ">=")
_CLAUSE = re.compile(r"\s*([a-z][a-z0-9_]*)\s+(=|has|<=|>=|<|>)\s+(\S.*?)\s*")
_COUNT = re.compile(r"\s*at least\s+(\d+)\s+of:\s*(.*?)\s*", re.S)


@dataclass(frozen=True)
class Clause:
    """One part of a rule's condition: ``question_id operator value``."""

    question_id: str
    operator: str
    value: str


@dataclass(frozen=True)
class AtLeast:
    """A counted part of a condition: at least ``minimum`` of ``clauses`` hold."""

    minimum: int
    clauses: tuple[Clause, ...]


Part = Clause | AtLeast


def _clause(text: str) -> Clause:
    match = _CLAUSE.fullmatch(text)
    if match is None:
        raise ValueError(f"{text.strip()!r} is not of the form 'question_id = value' (operators: =, has, <, <=, >, >=)")
    return Clause(*match.groups())


def parse_condition(text: str) -> tuple[Part, ...]:
    """Split a ``when`` cell into its parts; ValueError if a part is not well formed."""
    parts: list[Part] = []
    pieces = text.split("&")
    for number, piece in enumerate(pieces, 1):
        count = _COUNT.fullmatch(piece)
        if count is None:
            parts.append(_clause(piece))
            continue
        if number != len(pieces):
            raise ValueError(f"'at least … of:' must be the last part of a condition: {text.strip()!r}")
        clauses = tuple(_clause(item) for item in count.group(2).split("|"))
        minimum = int(count.group(1))
        if len(clauses) < 2 or not 1 <= minimum <= len(clauses):
            raise ValueError(f"'at least {minimum} of:' needs at least two clauses and a count from 1 to their number")
        parts.append(AtLeast(minimum, clauses))
    return tuple(parts)


def clauses_of(parts: Iterable[Part]) -> tuple[Clause, ...]:
    """Every clause of a condition, counted parts included."""
    found: list[Clause] = []
    for part in parts:
        found.extend(part.clauses if isinstance(part, AtLeast) else (part,))
    return tuple(found)


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


def answer_problem(question: pd.Series, answer: str) -> str | None:
    """What is wrong with ``answer`` (as written in a table) to ``question`` (its row), or None."""
    kind = question["answer_type"]
    if kind == "number":
        try:
            number = float(answer)
        except ValueError:
            return f"{answer!r} is not a number"
        if not question["minimum"] <= number <= question["maximum"]:
            return f"{answer} is outside {question['minimum']:g} to {question['maximum']:g}"
        return None
    allowed = YES_NO if kind == "yes/no" else tuple(split_choices(question["choices"]))
    given = split_choices(answer) if kind == "multi" else [answer]
    wrong = [item for item in given if item not in allowed] or ([] if given else [answer])
    if wrong:
        return f"{wrong[0]!r} is not an answer to {question.name!r} ({' | '.join(allowed)})"
    return None


def _condition_problems(text: str, questions: pd.DataFrame) -> list[str]:
    """What is wrong with a ``when`` cell, checked against the questionnaire."""
    try:
        clauses = clauses_of(parse_condition(text))
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
        problem = answer_problem(question, clause.value)
        if problem:
            problems.append(problem)
    return problems


def _red_flag_checks(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    """Red flags use required questions outside the running section, and never a 'no' answer."""
    questions = _load("selfcheck_questions")
    running_section = _load("selfcheck_sections")["section"].iloc[-1]
    usable = set(questions.loc[(questions["section"] != running_section) & questions["required"], "question_id"])
    for index, row in table.iterrows():
        for problem in _condition_problems(row["when"], questions):
            yield index, "when", problem
        clauses = _safe_clauses(row["when"])
        outside = [c.question_id for c in clauses if c.question_id not in usable]
        if outside:
            yield index, "when", (f"red flags may only use required questions outside the running section "
                                  f"(section {running_section}): {', '.join(outside)}")
        if any(c.operator == "=" and c.value == "no" for c in clauses):
            yield index, "when", "a red flag may not test for a 'no' answer: answering 'yes' must never lower the level"
    yield from _evidence_checks(table)


def _verdict_check(table: pd.DataFrame, scored: bool) -> Iterable[tuple[int, str, str]]:
    verdicts = dict(zip(*(_load("selfcheck_factors")[column] for column in ("factor_id", "verdict"))))
    for index, row in table.iterrows():
        verdict = verdicts.get(row["factor_id"])
        if verdict is None:
            yield index, "factor_id", f"{row['factor_id']!r} is not a factor in data/selfcheck_factors.csv"
        elif scored and verdict not in SCORED_VERDICTS:
            yield index, "factor_id", (f"{row['factor_id']!r} is graded {verdict!r}: only supported or mixed factors "
                                       "carry a score (list it in data/selfcheck_untested.csv)")
        elif not scored and verdict in SCORED_VERDICTS:
            yield index, "factor_id", f"{row['factor_id']!r} is graded {verdict!r}: score it in data/selfcheck_scores.csv"


def _score_checks(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    questions = _load("selfcheck_questions")
    for index, row in table.iterrows():
        for problem in _condition_problems(row["when"], questions):
            yield index, "when", problem
    yield from _verdict_check(table, scored=True)
    yield from _evidence_checks(table)


def _untested_checks(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    questions = _load("selfcheck_questions")
    for index, row in table.iterrows():
        for problem in _condition_problems(row["when"], questions):
            yield index, "when", problem
    yield from _verdict_check(table, scored=False)
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
    questions = _load("selfcheck_questions").set_index("question_id")
    for index, row in table.iterrows():
        if row["question_id"] not in questions.index:
            yield index, "question_id", f"{row['question_id']!r} is not a question in data/selfcheck_questions.csv"
            continue
        problem = answer_problem(questions.loc[row["question_id"]], row["answer"])
        if problem:
            yield index, "answer", problem
    for index in table[table.duplicated(["sample", "question_id"])].index:
        yield index, "question_id", "answers the same question twice for this sample"


def _evidence_checks(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    keys = set(_load("references")["key"])
    for index, row in table.iterrows():
        if row["evidence"] not in keys:
            yield index, "evidence", f"{row['evidence']!r} is not a key in data/references.csv"


def _safe_clauses(text: str) -> tuple[Clause, ...]:
    try:
        return clauses_of(parse_condition(text))
    except ValueError:
        return ()


_EVIDENCE = Column("evidence", pattern=CITATION_KEY, description="the citation key behind this row")
_WHEN = Column("when", description="condition, e.g. 'age < 20 & arching_pain = yes'")
_FACTOR = Column("factor_id", pattern=r"[a-z][a-z0-9-]*")
_REASON = Column("reason", description="shown to the learner: the answer that raised this row, in plain words")
_WHY = Column("why", description="one line: what the cited evidence says about this answer")

SCHEMAS = {
    "selfcheck_sections": Schema(
        "Self-check sections, in the order the form shows them; the first holds the red flags, the last the running "
        "questions (lesson 08).",
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
        "Triage levels of the self-check, most urgent first: what to do, how fast and what to tell the clinician "
        "(lesson 08).",
        (
            Column("level", allowed=LEVELS, unique=True),
            Column("rank", "int", minimum=0, maximum=3),
            Column("heading", description="the level and what to do, in plain words ('now', 'today')"),
            Column("advice"),
            Column("how_fast"),
            Column("tell", description="what to tell the doctor, nurse or call handler"),
            _EVIDENCE,
        ),
        checks=(_level_checks,),
    ),
    "selfcheck_red_flags": Schema(
        "Red flags: when an answer (or answers) means a triage level (lesson 08; evidence.md 7b and 8). The evidence "
        "must support the level itself, not only the flag.",
        (
            Column("flag_id", pattern=r"[a-z][a-z0-9-]*", unique=True),
            _WHEN,
            Column("level", allowed=LEVELS[:3]),
            Column("finding", description="what was found, in plain words, as the safety note words it"),
            _EVIDENCE,
        ),
        checks=(_red_flag_checks,),
    ),
    "selfcheck_factors": Schema(
        "Things worth looking at: each factor, how the evidence grades its link to running injury or back pain, and "
        "the lesson that covers it (lesson 08).",
        (
            Column("factor_id", pattern=r"[a-z][a-z0-9-]*", unique=True),
            Column("title"),
            Column("lesson", "int", minimum=0, maximum=99),
            Column("verdict", allowed=VERDICTS, description="the fact sheet's grade of the link"),
            _EVIDENCE,
        ),
        checks=(_factor_checks,),
    ),
    "selfcheck_scores": Schema(
        "Scoring rules: when an answer adds weight to a supported or mixed factor, with the evidence behind the "
        "weight, why it counts and one thing to do this week (lesson 08).",
        (
            _WHEN,
            _FACTOR,
            Column("weight", "float", minimum=0.1, maximum=5),
            _EVIDENCE,
            _REASON,
            _WHY,
            Column("this_week", description="one thing to do this week, about this answer"),
        ),
        checks=(_score_checks,),
    ),
    "selfcheck_untested": Schema(
        "Answers about factors the evidence has not tested or not linked to back pain: listed with their verdict, "
        "never scored (lesson 08).",
        (
            _WHEN,
            _FACTOR,
            _EVIDENCE,
            _REASON,
            _WHY,
            Column("worth_trying", description="something to try if the learner likes; not a likely cause"),
        ),
        checks=(_untested_checks,),
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
