"""Tables of lesson 01: running forces, the runners' disc study and back pain prevalence."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.schemas.base import CITATION_KEY, Column, Schema


def _range_order_check(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    for index, row in table.iterrows():
        if row["low_percent"] > row["high_percent"]:
            yield index, "high_percent", f"{row['high_percent']:g} is below low_percent {row['low_percent']:g}"


SCHEMAS = {
    "running_forces": Schema(
        "Measured peak vertical ground reaction forces in running, and walking shown apart (lesson 01).",
        (
            Column("source", pattern=CITATION_KEY),
            Column("series", allowed=("running", "walking")),
            Column("speed_m_s", "float", minimum=0, maximum=12),
            Column("peak_force_bw", "float", minimum=0, maximum=10),
            Column("note"),
        ),
    ),
    "stance_force": Schema(
        "Average vertical force during ground contact against running speed, fitted lines (lesson 01 model).",
        (
            Column("source", pattern=CITATION_KEY),
            Column("group", unique=True),
            Column("n", "int", minimum=1),
            Column("intercept_bw", "float", minimum=0, maximum=5),
            Column("slope_bw_per_m_s", "float", minimum=0, maximum=1),
            Column("note"),
        ),
    ),
    "disc_study_groups": Schema(
        "Belavý et al. 2017, Table 1: the three groups of the runners' disc MRI study (lesson 01).",
        (
            Column("group", unique=True),
            Column("n", "int", minimum=1),
            Column("weekly_km", "float", required=False, minimum=0),
            Column("disc_height_mm", "float", minimum=0),
            Column("pfirrmann_grade", "float", minimum=1, maximum=5),
            Column("weekday_sitting_h", "float", minimum=0, maximum=24),
        ),
    ),
    "back_pain_prevalence": Schema(
        "How common low back pain is, by group, as a published range in percent (lesson 01).",
        (
            Column("group", unique=True),
            Column("measure"),
            Column("low_percent", "float", minimum=0, maximum=100),
            Column("high_percent", "float", minimum=0, maximum=100),
            Column("source", pattern=CITATION_KEY),
        ),
        checks=(_range_order_check,),
    ),
}
