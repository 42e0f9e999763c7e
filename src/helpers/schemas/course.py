"""Tables the whole course uses: references, the lesson map and the self-test questions."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.schemas.base import CITATION_KEY, Column, Schema, split_choices


def _choice_count_check(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    for index, row in table.iterrows():
        count = len(split_choices(row["choices"]))
        if count < 2:
            yield index, "choices", "needs at least two choices separated by ' | '"
        elif not 1 <= row["correct"] <= count:
            yield index, "correct", f"is {row['correct']}, but there are only {count} choices"


def _lesson_number_check(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    for index, row in table.iterrows():
        if not row["file"].startswith(f"{row['number']:02d}-"):
            yield index, "file", f"should start with the lesson number {row['number']:02d}-"


SCHEMAS = {
    "references": Schema(
        "Every source a lesson cites; lessons link to them as [label](#ref-KEY).",
        (
            Column("key", pattern=CITATION_KEY, unique=True),
            Column("short", description="in-text label, e.g. 'Keller et al. 1996'"),
            Column("authors", required=False, description="empty for a web page without named authors"),
            Column("year", "int", required=False, minimum=1900, maximum=2100),
            Column("title"),
            Column("venue", required=False),
            Column("doi", required=False, pattern=r"10\.\d{4,9}/\S+"),
            Column("url", required=False, pattern=r"https?://\S+"),
            Column("details_checked", "yes/no", description="no: volume or pages not verified"),
        ),
    ),
    "lessons": Schema(
        "The course map: every planned lesson, its fixed file name and whether it is written.",
        (
            Column("number", "int", minimum=0, maximum=99, unique=True),
            Column("file", pattern=r"\d{2}-[a-z0-9-]+\.ipynb", unique=True),
            Column("title"),
            Column("topics"),
            Column("centrepiece"),
            Column("status", allowed=("ready", "coming")),
        ),
        checks=(_lesson_number_check,),  # ready ⇔ notebook exists: tests/test_notebooks.py
    ),
    "quiz": Schema(
        "Self-test questions: choices separated by ' | ', the right one counted from 1.",
        (
            Column("lesson", "int", minimum=0, maximum=99),
            Column("question_id", pattern=r"\d{2}-[a-z0-9-]+", unique=True),
            Column("question"),
            Column("choices"),
            Column("correct", "int", minimum=1),
            Column("explanation"),
            Column("source", pattern=CITATION_KEY, required=False),
        ),
        checks=(_choice_count_check,),
    ),
}
