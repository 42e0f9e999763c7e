"""Tables of lesson 04: core-endurance reference samples, balance targets, the exercise library."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.schemas.base import CITATION_KEY, Column, Schema

TESTS = ("flexor", "extensor", "side_right", "side_left", "plank")
VERDICTS = ("supported", "mixed", "not supported", "unknown")
SOURCE_LIST = rf"{CITATION_KEY}( \| {CITATION_KEY})*"


def _one_label_per_sample(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    """A sample has one label, and each sex has each test at most once in it."""
    for sample, rows in table.groupby("sample"):
        if rows["label"].nunique() > 1:
            yield rows.index[0], "label", f"sample {sample!r} has more than one label"
        for index in rows[rows.duplicated(["sex", "test"])].index:
            yield index, "test", f"sample {sample!r} lists this sex and test twice"


def _target_shape(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    """A ratio target names a denominator; a 'near' target needs a tolerance."""
    for index, row in table.iterrows():
        if row["rule"] == "near" and pd.isna(row["tolerance"]):
            yield index, "tolerance", "a 'near' target needs a tolerance"
        if row["rule"] == "near" and not isinstance(row["denominator"], str):
            yield index, "denominator", "a 'near' target compares two tests: name the denominator"


def _dose_order(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    for index, row in table.iterrows():
        if row["start_dose"] > row["max_dose"]:
            yield index, "max_dose", f"is below the starting dose {row['start_dose']}"


SCHEMAS = {
    "core_norms": Schema(
        "Reference samples for the core-endurance self-test (lesson 04): mean hold times by sex "
        "and test, each with its source and whether its numbers were checked against the source.",
        (
            Column("sample", pattern=r"[a-z][a-z0-9-]*"),
            Column("label", description="what the figure's legend calls the sample, saying if unverified"),
            Column("sex", allowed=("men", "women")),
            Column("test", allowed=TESTS),
            Column("mean_s", "float", minimum=1, maximum=1000),
            Column("sd_s", "float", required=False, minimum=0, maximum=1000),
            Column("n", "int", required=False, minimum=1),
            Column("source", pattern=CITATION_KEY),
            Column("verified", "yes/no", description="no: numbers from secondary copies, not the paper"),
            Column("note"),
        ),
        checks=(_one_label_per_sample,),
    ),
    "core_targets": Schema(
        "Balance targets (ratios of two holds) and single-hold thresholds for the self-test (lesson 04).",
        (
            Column("key", pattern=r"[a-z][a-z0-9-]*", unique=True),
            Column("label", unique=True),
            Column("numerator", allowed=TESTS),
            Column("denominator", required=False, allowed=TESTS),
            Column("rule", allowed=("below", "above", "near")),
            Column("value", "float", minimum=0),
            Column("tolerance", "float", required=False, minimum=0),
            Column("sex", allowed=("all", "men", "women")),
            Column("source", pattern=CITATION_KEY),
            Column("confidence", allowed=("high", "medium", "low")),
            Column("note"),
        ),
        checks=(_target_shape,),
    ),
    "core_exercises": Schema(
        "The exercise library of lesson 04: how to do each exercise, easier and harder versions, a "
        "starting dose and weekly step (the course's suggestion, not from trials), and the popular "
        "claim about it with a verdict and its source.",
        (
            Column("key", pattern=r"[a-z][a-z0-9-]*", unique=True),
            Column("name", unique=True),
            Column("muscles"),
            Column("steps", description="short steps separated by ' | '"),
            Column("easier"),
            Column("harder"),
            Column("dose_kind", allowed=("hold", "reps"), description="hold: seconds per set; reps: repetitions per set"),
            Column("start_dose", "int", minimum=1, maximum=120),
            Column("weekly_step", "int", minimum=0, maximum=20),
            Column("max_dose", "int", minimum=1, maximum=120),
            Column("sets", "int", minimum=1, maximum=5),
            Column("per_side", "yes/no"),
            Column("popular_claim"),
            Column("verdict", allowed=VERDICTS),
            Column("source", pattern=SOURCE_LIST, description="citation key(s) of the verdict, separated by ' | '"),
            Column("evidence"),
        ),
        checks=(_dose_order,),
    ),
}
