"""Table of the course's stick-figure poses (lesson 04's exercise and test drawings)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.schemas.base import Column, Schema, split_choices

ANGLES = ("trunk", "head", "upper_arm_near", "forearm_near", "upper_arm_far", "forearm_far", "thigh_near", "shank_near",
          "foot_near", "thigh_far", "shank_far", "foot_far")
JOINTS = ("hip", "shoulder", "head", "elbow_near", "wrist_near", "elbow_far", "wrist_far", "knee_near", "ankle_near",
          "toe_near", "knee_far", "ankle_far", "toe_far")
JOINT_LIST = rf"({'|'.join(JOINTS)})( \| ({'|'.join(JOINTS)}))*"
FORESHORTENED = rf"({'|'.join(ANGLES)}):(0?\.[0-9]+|1(\.0+)?)( \| ({'|'.join(ANGLES)}):(0?\.[0-9]+|1(\.0+)?))*"


def _angle(name: str) -> Column:
    return Column(name, "float", minimum=-360, maximum=360, description="degrees; 0 points right, 90 up")


def _rests_on_something(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    """A pose rests on the floor or on its bench; a bench or a ball needs the joints that lie on it."""
    for index, row in table.iterrows():
        on_floor = split_choices(row["on_floor"]) if isinstance(row["on_floor"], str) else []
        on_prop = split_choices(row["on_prop"]) if isinstance(row["on_prop"], str) else []
        if row["prop"] in ("bench", "ball") and not on_prop:
            yield index, "on_prop", f"a {row['prop']} pose names the joints that rest on the {row['prop']}"
        if row["prop"] != "bench" and not on_floor:
            yield index, "on_floor", "name the joints that rest on the floor"
        if row["prop"] == "ball" and len(on_prop) > 2:
            yield index, "on_prop", "a ball touches one joint, or the segment between two joints"
        if row["prop"] in ("none", "wedge") and on_prop:
            yield index, "on_prop", f"a pose with prop {row['prop']!r} has nothing to rest on but the floor"


SCHEMAS = {
    "poses": Schema(
        "Stick-figure poses: each body segment's angle in the picture plane, the joints that rest on the floor "
        "and on the prop, and alt text.",
        (
            Column("pose", pattern=r"[a-z][a-z0-9-]*", unique=True),
            Column("label", unique=True),
            _angle("trunk"),
            Column("trunk_curve", "float", minimum=-60, maximum=60, description="bend of the back; + rounded, − sagging"),
            *(_angle(name) for name in ANGLES[1:]),
            Column("prop", allowed=("none", "bench", "wedge", "ball")),
            Column("on_floor", required=False, pattern=JOINT_LIST,
                   description="joints that rest on the floor, separated by ' | ' (head: the bottom of the head)"),
            Column("on_prop", required=False, pattern=JOINT_LIST,
                   description="joints that rest on the bench top or the ball, separated by ' | '"),
            Column("foreshortened", required=False, pattern=FORESHORTENED,
                   description="segments drawn shorter because they point towards the viewer, e.g. thigh_near:0.7"),
            Column("alt_text", description="what the drawing shows, for screen readers and print"),
        ),
        checks=(_rests_on_something,),
    ),
}
