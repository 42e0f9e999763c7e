"""Tables of lesson 02: made-up sample runners for the side-view exercise."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.schemas.base import Column, Schema


def _foot_within_reach_check(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    for index, row in table.iterrows():
        if row["foot_ahead_cm"] > 0.7 * row["leg_length_cm"]:
            yield index, "foot_ahead_cm", f"{row['foot_ahead_cm']:g} cm is more than 70 % of the leg length"


SCHEMAS = {
    "stride_sample_runners": Schema(
        "Made-up runners at touchdown, drawn side-on for the lesson 02 exercise (not study data).",
        (
            Column("runner", unique=True),
            Column("description"),
            Column("speed_kmh", "float", minimum=5, maximum=25),
            Column("cadence_spm", "float", minimum=130, maximum=210),
            Column("leg_length_cm", "float", minimum=60, maximum=120),
            Column("foot_ahead_cm", "float", minimum=0, maximum=60,
                   description="horizontal distance from the hip joint to the heel at touchdown"),
            Column("trunk_lean_deg", "float", minimum=-10, maximum=30, description="forward lean from vertical"),
            Column("head_forward_cm", "float", minimum=-10, maximum=20,
                   description="head centre ahead of the line of the trunk"),
        ),
        checks=(_foot_within_reach_check,),
    ),
}
