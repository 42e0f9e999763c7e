"""Lesson 08 model: the self-check questionnaire, its red-flag triage and the things worth looking at.

Everything the form asks and every rule it applies lives in ``data/selfcheck_*.csv``
(schemas in :mod:`helpers.schemas.selfcheck`). This module applies the rules; the form
itself, the result types and checking answers are :mod:`helpers.selfcheck_form`, whose
public names are exported here too. It is pure: answers in, result out, no widgets and
no files.

Safety comes first, by construction:

* The triage level is the most urgent level of any red flag found; no other answer can
  lower it (red-flag rules never test a "no"), and the result shows it first.
* At "urgent" and "emergency" the result holds no running or training advice at all:
  the level, what was found, what to do and what to tell the clinician. At "soon" the
  only training advice is not to start anything new or harder until seen.
* :func:`triage` works on a half-filled form too, so the widget can show a red flag even
  while other answers still need fixing.

It is education, not diagnosis: a factor is scored only when the evidence grades its link
to running injury or back pain as supported or mixed, with the source behind each weight;
the others are listed, with their verdict, as things the evidence has not tested.
"""

from __future__ import annotations

from collections.abc import Mapping

from helpers.schemas.selfcheck import AtLeast, Clause, Part
from helpers.selfcheck_form import (
    Level,
    Question,
    Questionnaire,
    RankedFactor,
    RedFlag,
    Section,
    SelfCheckError,
    SelfCheckResult,
    _check_answers,
    _check_one,
    _is_empty,
    _Rule,
    check_answers,
    questionnaire,
    questions,
    sample_answers,
)

__all__ = ["NOTHING_NEW", "NO_RUNNING", "SAFETY_NOTE", "STAY_ACTIVE", "Level", "Question", "Questionnaire",
           "RankedFactor", "RedFlag", "Section", "SelfCheckError", "SelfCheckResult", "assess", "check_answers",
           "compare", "questionnaire", "questions", "rank_factors", "sample_answers", "this_week", "triage",
           "triage_result", "untested_factors"]

SAFETY_NOTE = (
    "This self-check is education, not a diagnosis: it cannot examine you, and it cannot tell muscle, bone or disc "
    "pain apart. If a red-flag sign appears later, or your pain gets worse, seek care at the speed the red-flag "
    "advice gives. Your answers stay on this computer."
)
STAY_ACTIVE = "Stay active within comfort: it helps more than bed rest."
NO_RUNNING = "Do not run or train until a clinician has checked you."
NOTHING_NEW = "Until you are seen, do not start anything new or harder: no new training, no longer or faster runs."


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


def _part_holds(part: Part, answers: Mapping[str, object]) -> bool:
    if isinstance(part, AtLeast):
        return sum(_holds(clause, answers) for clause in part.clauses) >= part.minimum
    return _holds(part, answers)


def _applies(rule: _Rule, answers: Mapping[str, object]) -> bool:
    return all(_part_holds(part, answers) for part in rule.parts)


def _valid_triage_answers(form: Questionnaire, answers: Mapping[str, object]) -> dict[str, object]:
    valid: dict[str, object] = {}
    if not isinstance(answers, Mapping):
        return valid
    for question in form.triage_questions:
        value = answers.get(question.question_id)
        if question.answer_type == "yes/no" and (value == "yes" or value == "no"):  # the common case, quickly
            valid[question.question_id] = value
        elif not _is_empty(value):
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
    valid = _valid_triage_answers(form, answers)
    found = [
        RedFlag(rule.rule_id, rule.target, form.levels[rule.target].rank, rule.text, rule.evidence)
        for rule in form.red_flags
        if _applies(rule, valid)
    ]
    found.sort(key=lambda flag: -flag.rank)  # stable: the table's order within a level
    level = form.levels[found[0].level] if found else form.levels["self-care"]
    return level, tuple(found)


def rank_factors(answers: Mapping[str, object]) -> tuple[RankedFactor, ...]:
    """Scored factors the (checked) answers point to, highest total weight first (ties: table order)."""
    return _collect(questionnaire(), questionnaire().scores, answers)


def untested_factors(answers: Mapping[str, object]) -> tuple[RankedFactor, ...]:
    """Factors the (checked) answers raise that the evidence has not tested: listed in table order, not scored."""
    return _collect(questionnaire(), questionnaire().untested, answers)


def _collect(form: Questionnaire, rules: tuple[_Rule, ...], answers: Mapping[str, object]) -> tuple[RankedFactor, ...]:
    found: dict[str, list[_Rule]] = {}
    for rule in rules:
        if _applies(rule, answers):
            found.setdefault(rule.target, []).append(rule)
    order = list(form.factors)
    ranked = sorted(found, key=lambda factor_id: (-sum(r.weight for r in found[factor_id]), order.index(factor_id)))
    return tuple(_factor(form, factor_id, found[factor_id]) for factor_id in ranked)


def _factor(form: Questionnaire, factor_id: str, rules: list[_Rule]) -> RankedFactor:
    factor = form.factors[factor_id]
    lesson = form.lessons[int(factor["lesson"])]
    top = max(rules, key=lambda rule: rule.weight)  # the first of the heaviest: its advice is about its own answer
    return RankedFactor(
        factor_id=factor_id, title=factor["title"], verdict=factor["verdict"],
        score=round(sum(r.weight for r in rules), 2), reasons=tuple(r.text for r in rules),
        why=tuple(dict.fromkeys(r.why for r in rules)), evidence=tuple(dict.fromkeys(r.evidence for r in rules)),
        this_week=top.advice, lesson=int(factor["lesson"]), lesson_title=lesson["title"], lesson_file=lesson["file"],
        lesson_ready=lesson["status"] == "ready",
    )


def assess(answers: Mapping[str, object]) -> SelfCheckResult:
    """Check the answers and return the result: triage level and advice, then what to look at.

    ``answers`` maps question ids to answers: ``"yes"``/``"no"`` (or a bool), one of the
    choices, a list of ticked choices, or a number (a number typed as text is accepted).
    Optional questions may be left out. Raises :class:`SelfCheckError` (a ``ValueError``)
    naming every invalid or missing answer; nothing else.

    At "urgent" or "emergency" the result lists no factors at all; at "soon" it lists the
    scored factors (to talk about when seen) but no tips; only at "self-care" does it give
    running tips and the list of things the evidence has not tested.
    """
    form = questionnaire()
    clean = _check_answers(form, answers)
    level, flags = _triage(form, clean)
    factors = _collect(form, form.scores, clean) if level.rank <= 1 else ()
    untested = _collect(form, form.untested, clean) if level.rank == 0 else ()
    return _result(level, flags, clean, factors, untested)


def triage_result(answers: Mapping[str, object]) -> SelfCheckResult:
    """The triage part of a result alone (level, findings, what to do), from whichever answers are valid."""
    level, flags = triage(answers)
    return _result(level, flags, _valid_triage_answers(questionnaire(), answers), (), ())


def _result(level: Level, flags: tuple[RedFlag, ...], answers: dict, factors: tuple[RankedFactor, ...],
            untested: tuple[RankedFactor, ...]) -> SelfCheckResult:
    return SelfCheckResult(
        level=level.level, rank=level.rank, heading=level.heading, advice=level.advice, how_fast=level.how_fast,
        level_evidence=level.evidence, red_flags=flags, factors=factors, this_week=this_week(level, factors),
        safety_note=SAFETY_NOTE, answers=answers, tell=level.tell, untested=untested,
    )


def this_week(level: Level, factors: tuple[RankedFactor, ...] = ()) -> tuple[str, ...]:
    """The steps for this week: at a red-flag level only what to do; at self-care, tips from the top factors."""
    if level.rank >= 2:
        return f"First and most important: {level.action}.", NO_RUNNING
    if level.rank == 1:
        return f"First and most important: {level.action}.", NOTHING_NEW, STAY_ACTIVE
    return (STAY_ACTIVE, *(factor.this_week for factor in factors[:3]))


# ---------------------------------------------------------------- comparing two checks

def compare(earlier: SelfCheckResult, later: SelfCheckResult) -> list[str]:
    """What changed between two checks, in plain sentences (the level first).

    At "urgent" or "emergency" now, only the level: nothing about running comes after it.
    """
    lines = []
    if earlier.level != later.level:
        direction = "more urgent" if later.rank > earlier.rank else "less urgent"
        lines.append(f"Triage level: {earlier.level} then, {later.level} now ({direction}).")
    else:
        lines.append(f"Triage level: {later.level}, the same as before.")
    if later.rank >= 2:
        return lines
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
