"""Table of the course's stick-figure poses (lesson 04's exercise and test drawings)."""

from __future__ import annotations

from helpers.schemas.base import Column, Schema

ANGLES = ("trunk", "head", "upper_arm_near", "forearm_near", "upper_arm_far", "forearm_far", "thigh_near", "shank_near",
          "foot_near", "thigh_far", "shank_far", "foot_far")


def _angle(name: str) -> Column:
    return Column(name, "float", minimum=-360, maximum=360, description="degrees; 0 points right, 90 up")


SCHEMAS = {
    "poses": Schema(
        "Stick-figure poses: each body segment's angle in the picture plane, a prop, and alt text.",
        (
            Column("pose", pattern=r"[a-z][a-z0-9-]*", unique=True),
            Column("label", unique=True),
            _angle("trunk"),
            Column("trunk_curve", "float", minimum=-60, maximum=60, description="bend of the back; + rounded, − sagging"),
            *(_angle(name) for name in ANGLES[1:]),
            Column("prop", allowed=("none", "bench", "wedge", "ball")),
            Column("alt_text", description="what the drawing shows, for screen readers and print"),
        ),
    ),
}
