"""Tables of lesson 03: the pelvic-tilt illustration's presets."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.schemas.base import CITATION_KEY, Column, Schema


def _sacral_slope_check(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    """Sacral slope = incidence − tilt must stay in the range the drawing can show (0–70°)."""
    for index, row in table.iterrows():
        slope = row["pelvic_incidence_deg"] - row["pelvic_tilt_deg"]
        if not 0 <= slope <= 70:
            yield index, "pelvic_tilt_deg", f"leaves a sacral slope of {slope:g}° (incidence − tilt); it must be 0–70°"


SCHEMAS = {
    "pelvis_presets": Schema(
        "Preset postures for the pelvic-tilt illustration (lesson 03): tilt, incidence and "
        "the pelvis's own ASIS–PSIS angle, each with the source it illustrates.",
        (
            Column("preset", pattern=r"[a-z][a-z0-9-]*", unique=True),
            Column("label", unique=True, description="the button text a learner sees"),
            Column("pelvic_tilt_deg", "float", minimum=-10, maximum=40,
                   description="radiographic pelvic tilt PT (posture), degrees"),
            Column("pelvic_incidence_deg", "float", minimum=30, maximum=85,
                   description="pelvic incidence PI (anatomy), degrees"),
            Column("asis_psis_anatomy_deg", "float", minimum=-5, maximum=30,
                   description="ASIS–PSIS angle of this pelvis in its typical standing posture, degrees"),
            Column("source", pattern=CITATION_KEY),
            Column("note"),
        ),
        checks=(_sacral_slope_check,),
    ),
}
