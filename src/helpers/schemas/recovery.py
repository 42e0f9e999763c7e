"""Tables of lesson 09: the walk–run template and what helps back pain."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.schemas.base import CITATION_KEY, Column, Schema

VERDICTS = ("supported", "mixed", "not supported", "unknown")
SOURCES = rf"{CITATION_KEY}( \| {CITATION_KEY})*"


def _template_check(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    """Stages in order, running more each stage, every session 20 minutes long."""
    running = (table["run_min"] * table["blocks"]).tolist()
    for index, row in table.iterrows():
        if (row["run_min"] + row["walk_min"]) * row["blocks"] != 20:
            yield index, "blocks", "a session must last 20 minutes ((walk + run) × blocks)"
        if index and running[index] <= running[index - 1]:
            yield index, "run_min", "each stage must run more minutes per session than the one before"
    if list(table["stage"]) != list(range(1, len(table) + 1)):
        yield 0, "stage", "stages must be numbered 1, 2, 3 … in order"


def _interval_check(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    for index, row in table.iterrows():
        if not row["low"] <= row["pain"] <= row["high"]:
            yield index, "pain", "the mean must lie inside its interval (low ≤ pain ≤ high)"


def _interval_check_effect(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    for index, row in table.iterrows():
        if not row["low"] <= row["effect"] <= row["high"]:
            yield index, "effect", "the effect must lie inside its interval (low ≤ effect ≤ high)"


SCHEMAS = {
    "recovery_walk_run": Schema(
        "The course's walk–run stages after a break: the course's choice of intervals, in the form of clinical "
        "return-to-run programmes (Crowell et al. 2023); practice-based, not trial-tested.",
        (
            Column("stage", "int", minimum=1, maximum=20, unique=True),
            Column("walk_min", "int", minimum=0, maximum=20, description="walking minutes in each block"),
            Column("run_min", "int", minimum=1, maximum=20, description="running minutes in each block"),
            Column("blocks", "int", minimum=1, maximum=10, description="blocks of run and walk in a session"),
            Column("source", pattern=CITATION_KEY),
        ),
        checks=(_template_check,),
    ),
    "recovery_course": Schema(
        "How back pain usually goes: mean pain (0–100) with its 95 % interval over a year (Menezes Costa et al. 2012).",
        (
            Column("group", allowed=("acute", "persistent")),
            Column("weeks", "int", minimum=0, maximum=52, description="weeks since the pain began"),
            Column("pain", "float", minimum=0, maximum=100),
            Column("low", "float", minimum=0, maximum=100),
            Column("high", "float", minimum=0, maximum=100),
            Column("source", pattern=CITATION_KEY),
        ),
        checks=(_interval_check,),
    ),
    "recovery_effects": Schema(
        "Verified effects with their 95 % intervals, each on the scale its source uses (lesson 09's chart).",
        (
            Column("treatment"),
            Column("comparison"),
            Column("outcome"),
            Column("scale", description="the source's scale, and which direction favours the treatment"),
            Column("effect", "float"),
            Column("low", "float"),
            Column("high", "float"),
            Column("no_effect", "float", description="the value meaning no difference (0 or 1)"),
            Column("source", pattern=CITATION_KEY),
        ),
        checks=(_interval_check_effect,),
    ),
    "recovery_treatments": Schema(
        "Treatments for back pain the articles name, with what the studies say and a verdict (lesson 09).",
        (
            Column("treatment", unique=True),
            Column("articles_say"),
            Column("evidence"),
            Column("verdict", allowed=VERDICTS),
            Column("sources", pattern=SOURCES, description="citation keys separated by ' | '"),
            Column("plotted", "yes/no", description="yes: a verified effect in recovery_effects is drawn for it"),
        ),
    ),
}
