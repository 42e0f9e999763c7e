"""Lesson 09's evidence tables: what helps back pain, the verified effects and the usual course.

Pure functions over ``data/recovery_treatments.csv``, ``recovery_effects.csv`` and
``recovery_course.csv``; :mod:`helpers.recovery` re-exports them for the lesson.
"""

from __future__ import annotations

import pandas as pd

from helpers.data import load_table, split_choices
from helpers.references import cite


def treatments() -> pd.DataFrame:
    """What helps back pain: each treatment with what the studies say, a verdict and its sources."""
    table = load_table("recovery_treatments")
    table["sources"] = table["sources"].map(split_choices)
    return table


def effects() -> pd.DataFrame:
    """Effects with a verified number and 95 % interval, each on its source's scale (``data/recovery_effects.csv``)."""
    return load_table("recovery_effects")


def describe_effects(table: pd.DataFrame | None = None) -> str:
    """The chart of effects as sentences (for screen readers, print and a static page), one per line."""
    table = effects() if table is None else table
    return "\n".join(f"{row.treatment} against {row.comparison}, {row.outcome}: {row.effect:g} "
                     f"(95 % interval {row.low:g} to {row.high:g}; {row.scale}) ({cite(row.source)})."
                     for row in table.itertuples())


def without_a_number() -> pd.DataFrame:
    """Treatments with a verdict but no verified effect size to plot: said in words, never drawn."""
    table = treatments()
    return table.loc[~table["plotted"], ["treatment", "verdict"]].reset_index(drop=True)


def natural_course() -> pd.DataFrame:
    """Mean pain (0–100) and its 95 % interval at 0, 6, 26 and 52 weeks, acute and persistent (Menezes Costa 2012)."""
    return load_table("recovery_course").drop(columns="source")
