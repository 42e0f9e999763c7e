"""Lesson 08 data: malformed questionnaire tables give one clear schema error naming row and column."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from helpers.data import DataTableError, load_table
from helpers.schemas.selfcheck import AtLeast, Clause, parse_condition
from helpers.selfcheck import assess, questionnaire, sample_answers


def edit_cell(path: Path, match: tuple[str, str], column: str, value: str) -> int:
    """Set ``column`` in the first row whose ``match[0]`` column equals ``match[1]``; returns its row number."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    index = next(i for i, row in enumerate(rows) if row[match[0]] == match[1])
    rows[index][column] = value
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return index + 2  # the header is row 1


def test_condition_parser() -> None:
    assert parse_condition("age < 20 & arching_pain = yes") == (Clause("age", "<", "20"), Clause("arching_pain", "=", "yes"))
    assert parse_condition("weekly_change = up by more than 30 %") == (Clause("weekly_change", "=", "up by more than 30 %"),)
    assert parse_condition("at least 2 of: cancer_history = yes | age >= 50 | weight_loss = yes") == (
        AtLeast(2, (Clause("cancer_history", "=", "yes"), Clause("age", ">=", "50"), Clause("weight_loss", "=", "yes"))),)
    assert parse_condition("cancer_history = yes & at least 1 of: leg_weakness = yes | bladder_bowel = yes") == (
        Clause("cancer_history", "=", "yes"), AtLeast(1, (Clause("leg_weakness", "=", "yes"), Clause("bladder_bowel", "=", "yes"))))
    for bad in ("age<20", "= yes", "age ~ 3", "", "at least 2 of: age >= 50 | x"):
        with pytest.raises(ValueError, match="is not of the form"):
            parse_condition(bad)
    for bad, message in (("at least 3 of: a = yes | b = yes", "needs at least two clauses and a count from 1"),
                         ("at least 1 of: a = yes", "needs at least two clauses"),
                         ("at least 0 of: a = yes | b = yes", "a count from 1"),
                         ("at least 1 of: a = yes | b = yes & c = yes", "must be the last part")):
        with pytest.raises(ValueError, match=message):
            parse_condition(bad)


CASES = [
    # table, (match column, value), column to break, new value, expected message
    ("selfcheck_questions", ("question_id", "age"), "answer_type", "slider", r"column 'answer_type': 'slider' is not one of the allowed values"),
    ("selfcheck_questions", ("question_id", "hills"), "choices", "a lot", r"column 'choices': a choice question needs at least two choices"),
    ("selfcheck_questions", ("question_id", "hills"), "choices", "some | some | a lot", r"column 'choices': has the same choice twice"),
    ("selfcheck_questions", ("question_id", "shoe_pairs"), "choices", "yes | no", r"column 'choices': must be empty for a yes/no question"),
    ("selfcheck_questions", ("question_id", "age"), "maximum", "", r"column 'minimum': a number question needs a minimum and a maximum"),
    ("selfcheck_questions", ("question_id", "age"), "maximum", "5", r"column 'maximum': 5 is not above the minimum 10"),
    ("selfcheck_questions", ("question_id", "age"), "unit", "", r"column 'unit': a number question needs a unit"),
    ("selfcheck_questions", ("question_id", "hills"), "minimum", "1", r"column 'minimum': must be empty for a choice question"),
    ("selfcheck_questions", ("question_id", "bladder_bowel"), "required", "no", r"column 'required': red-flag questions .* must be required"),
    ("selfcheck_questions", ("question_id", "hills"), "section", "D", r"column 'section': 'D' is not a section"),
    ("selfcheck_questions", ("question_id", "hills"), "section", "A", r"column 'section': questions must be grouped by section"),
    ("selfcheck_questions", ("question_id", "hills"), "question_id", "Hills!", r"column 'question_id': 'Hills!' does not have the expected form"),
    ("selfcheck_questions", ("question_id", "age"), "question_id", "night_pain", r"column 'question_id': 'night_pain' appears more than once"),
    ("selfcheck_red_flags", ("flag_id", "cancer"), "when", "cancer = yes", r"column 'when': 'cancer' is not a question"),
    ("selfcheck_red_flags", ("flag_id", "cancer"), "when", "cancer_history = maybe", r"column 'when': 'maybe' is not an answer to 'cancer_history'"),
    ("selfcheck_red_flags", ("flag_id", "cancer"), "when", "cancer_history yes", r"column 'when': 'cancer_history yes' is not of the form"),
    ("selfcheck_red_flags", ("flag_id", "cancer"), "when", "hills = a lot", r"column 'when': red flags may only use required questions outside the running section \(section C\): hills"),
    ("selfcheck_red_flags", ("flag_id", "cancer"), "when", "cancer_history = no", r"column 'when': a red flag may not test for a 'no' answer"),
    ("selfcheck_red_flags", ("flag_id", "several-flags"), "when", "at least 2 of: cancer_history = yes | age >= old", r"column 'when': 'old' is not a number"),
    ("selfcheck_red_flags", ("flag_id", "several-flags"), "when", "at least 2 of: cancer_history = yes | weight_loss = maybe", r"column 'when': 'maybe' is not an answer to 'weight_loss'"),
    ("selfcheck_red_flags", ("flag_id", "several-flags"), "when", "at least 3 of: cancer_history = yes | weight_loss = yes", r"column 'when': 'at least 3 of:' needs at least two clauses"),
    ("selfcheck_red_flags", ("flag_id", "young-extension"), "when", "age = 19", r"column 'when': 'age' is a number: use <, <=, > or >="),
    ("selfcheck_red_flags", ("flag_id", "young-extension"), "when", "age < young", r"column 'when': 'young' is not a number"),
    ("selfcheck_red_flags", ("flag_id", "cancer"), "level", "later", r"column 'level': 'later' is not one of the allowed values"),
    ("selfcheck_red_flags", ("flag_id", "cancer"), "evidence", "nosuchkey2099", r"column 'evidence': 'nosuchkey2099' is not a key"),
    ("selfcheck_scores", ("factor_id", "cross-training"), "factor_id", "mountains", r"column 'factor_id': 'mountains' is not a factor"),
    ("selfcheck_scores", ("factor_id", "cross-training"), "weight", "50", r"column 'weight': 50 is above the maximum 5"),
    ("selfcheck_scores", ("factor_id", "cross-training"), "evidence", "", r"column 'evidence': is empty, but a value is required"),
    ("selfcheck_scores", ("factor_id", "shoe-rotation"), "when", "pain_where = buttock", r"column 'when': 'pain_where' is a multi question: use 'has'"),
    ("selfcheck_scores", ("factor_id", "cross-training"), "factor_id", "hills", r"column 'factor_id': 'hills' is graded 'unknown': only supported or mixed factors carry a score"),
    ("selfcheck_scores", ("factor_id", "shoe-rotation"), "why", "", r"column 'why': is empty, but a value is required"),
    ("selfcheck_untested", ("factor_id", "hills"), "factor_id", "strength", r"column 'factor_id': 'strength' is graded 'mixed': score it"),
    ("selfcheck_untested", ("factor_id", "camber"), "when", "camber = sometimes", r"column 'when': 'sometimes' is not an answer to 'camber'"),
    ("selfcheck_factors", ("factor_id", "hills"), "lesson", "42", r"column 'lesson': lesson 42 is not in the course map"),
    ("selfcheck_factors", ("factor_id", "hills"), "verdict", "probably", r"column 'verdict': 'probably' is not one of the allowed values"),
    ("selfcheck_levels", ("level", "soon"), "rank", "0", r"column 'rank': ranks must be emergency 3, urgent 2, soon 1, self-care 0"),
    ("selfcheck_levels", ("level", "soon"), "level", "whenever", r"column 'level': 'whenever' is not one of the allowed values"),
    ("selfcheck_samples", ("question_id", "hills"), "question_id", "mountains", r"column 'question_id': 'mountains' is not a question"),
    ("selfcheck_samples", ("question_id", "saddle_numbness"), "answer", "perhaps", r"column 'answer': 'perhaps' is not an answer to 'saddle_numbness' \(yes \| no\)"),
    ("selfcheck_samples", ("question_id", "hills"), "answer", "mountains", r"column 'answer': 'mountains' is not an answer to 'hills'"),
    ("selfcheck_samples", ("question_id", "pain_where"), "answer", "lower back | knee", r"column 'answer': 'knee' is not an answer to 'pain_where'"),
    ("selfcheck_samples", ("question_id", "age"), "answer", "340", r"column 'answer': 340 is outside 10 to 100"),
    ("selfcheck_samples", ("question_id", "age"), "answer", "old", r"column 'answer': 'old' is not a number"),
]


@pytest.mark.parametrize(("table", "match", "column", "value", "message"), CASES,
                         ids=[f"{c[0]}-{c[2]}-{c[3] or 'empty'}" for c in CASES])
def test_malformed_questionnaire_data_gives_a_schema_error(data_copy: Path, table, match, column, value, message) -> None:
    row = edit_cell(data_copy / f"{table}.csv", match, column, value)
    with pytest.raises(DataTableError, match=message) as error:
        load_table(table)
    assert f"data/{table}.csv" in str(error.value)
    whole_table = table == "selfcheck_levels" and column == "rank"  # a check of all ranks, named at row 2
    assert f"row {2 if whole_table else row}, column" in str(error.value)


def test_a_broken_table_stops_the_self_check_with_the_schema_error(data_copy: Path) -> None:
    edit_cell(data_copy / "selfcheck_scores.csv", ("factor_id", "shoe-rotation"), "weight", "heavy")
    with pytest.raises(DataTableError, match=r"selfcheck_scores.csv does not match its schema:\n  row 6, column 'weight': 'heavy' is not a number"):
        assess(sample_answers("maya"))


def test_editing_a_question_is_editing_the_table(data_copy: Path) -> None:
    edit_cell(data_copy / "selfcheck_questions.csv", ("question_id", "age"), "maximum", "90")
    assert questionnaire().questions["age"].maximum == 90
    with pytest.raises(ValueError, match="10 to 90"):
        assess({**sample_answers("maya"), "age": 95})
