"""Self-test questions (``data/quiz.csv``) and the feedback a learner sees after answering."""

from __future__ import annotations

import html
from dataclasses import dataclass

from helpers.data import load_table, split_choices
from helpers.references import cite


@dataclass(frozen=True)
class Question:
    """One multiple-choice question; ``correct`` counts from 0."""

    question_id: str
    text: str
    choices: tuple[str, ...]
    correct: int
    explanation: str
    source: str | None


def questions(lesson: int) -> list[Question]:
    """The self-test questions of one lesson, in file order."""
    table = load_table("quiz")
    rows = table[table["lesson"] == lesson]
    if rows.empty:
        raise ValueError(f"data/quiz.csv has no questions for lesson {lesson}.")
    return [
        Question(
            question_id=row.question_id,
            text=row.question,
            choices=tuple(split_choices(row.choices)),
            correct=row.correct - 1,
            explanation=row.explanation,
            source=row.source if isinstance(row.source, str) and row.source else None,
        )
        for row in rows.itertuples()
    ]


def feedback(question: Question, choice: int | None) -> tuple[bool | None, str]:
    """Whether ``choice`` (counted from 0, None if nothing chosen) is right, and what to say."""
    if choice is None:
        return None, "Choose an answer first, then check it."
    if not 0 <= choice < len(question.choices):
        raise ValueError(f"Choice {choice} is not one of the {len(question.choices)} answers.")
    source = f" ({cite(question.source)})" if question.source else ""
    if choice == question.correct:
        return True, f"Right. {question.explanation}{source}"
    return False, f"Not quite: the answer is “{question.choices[question.correct]}”. {question.explanation}{source}"


def feedback_html(question: Question, choice: int | None) -> str:
    """:func:`feedback` as HTML that says right or wrong in words, not only colour."""
    correct, text = feedback(question, choice)
    colour = {True: "#006b3c", False: "#a33c00", None: "#444444"}[correct]
    return f'<div role="status" style="color:{colour}">{html.escape(text)}</div>'
