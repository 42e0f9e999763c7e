"""Tables of lesson 10: the checks every week of a plan carries."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.schemas.base import CITATION_KEY, Column, Schema


def _limit_placeholder(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    """Only the spike-limit check names a limit, and it must (the plan fills in km and miles)."""
    for index, row in table.iterrows():
        if ("{limit}" in row["text"]) != (row["check_id"] == "spike-limit"):
            yield index, "text", "only the spike-limit check has, and must have, the placeholder {limit}"


SCHEMAS = {
    "plan_checks": Schema(
        "The checks a plan (lesson 10) shows with each session or week, each with its source and verdict.",
        (
            Column("check_id", pattern=r"[a-z][a-z0-9-]*", unique=True),
            Column("applies_to", allowed=("run", "strength", "week"),
                   description="shown with every run, every strength session, or once a week"),
            Column("text", description="what the learner checks; {limit} is the spike limit in km and miles"),
            Column("source", pattern=CITATION_KEY),
            Column("verdict", allowed=("supported", "mixed", "not supported", "unknown")),
        ),
        checks=(_limit_placeholder,),
    ),
}
