"""Stick-figure poses for exercise and test drawings: joint positions from segment angles.

One renderer for the whole course (lesson 04's exercises and tests; lesson 02's stick
runner could reuse it). A pose in ``data/poses.csv`` gives each body segment's absolute
angle in degrees in the picture plane: 0° points right (the way the figure faces), 90°
up. The segment lengths are schematic proportions of body height (about those of an
adult; a drawing, not a measurement). The lowest point of the body rests on the floor
(y = 0), or on the prop (a bench lifts the legs; a ball sits under the forearms).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from helpers.data import load_table

#: Segment lengths as fractions of body height (schematic).
LENGTHS = {"trunk": 0.30, "head": 0.12, "upper_arm": 0.186, "forearm": 0.146, "thigh": 0.245, "shank": 0.246,
           "foot": 0.10}
HEAD_RADIUS = 0.055
BENCH_HEIGHT = 0.28
#: Lines of the figure: (name, from joint, to joint).
BONES = (
    ("trunk", "hip", "shoulder"), ("neck", "shoulder", "head"),
    ("upper arm (near)", "shoulder", "elbow_near"), ("forearm (near)", "elbow_near", "wrist_near"),
    ("upper arm (far)", "shoulder", "elbow_far"), ("forearm (far)", "elbow_far", "wrist_far"),
    ("thigh (near)", "hip", "knee_near"), ("shank (near)", "knee_near", "ankle_near"), ("foot (near)", "ankle_near", "toe_near"),
    ("thigh (far)", "hip", "knee_far"), ("shank (far)", "knee_far", "ankle_far"), ("foot (far)", "ankle_far", "toe_far"),
)


@dataclass(frozen=True)
class Pose:
    """One drawn pose: joints (x, y) in body heights, the trunk's curve points, a prop and its alt text."""

    key: str
    label: str
    joints: dict[str, tuple[float, float]]
    spine: list[tuple[float, float]]
    prop: str
    prop_shape: dict
    alt_text: str


def _step(point: tuple[float, float], angle_deg: float, length: float) -> tuple[float, float]:
    angle = math.radians(angle_deg)
    return point[0] + length * math.cos(angle), point[1] + length * math.sin(angle)


def _spine(hip: tuple[float, float], shoulder: tuple[float, float], curve_deg: float, points: int = 9) -> list:
    """The trunk as an arc from hip to shoulder; positive curve bows it up (rounded back), negative down."""
    (x0, y0), (x1, y1) = hip, shoulder
    length = math.hypot(x1 - x0, y1 - y0)
    sagitta = length / 2 * math.tan(math.radians(curve_deg) / 4) * 2
    normal = (-(y1 - y0) / length, (x1 - x0) / length)
    if normal[1] < 0 or (normal[1] == 0 and normal[0] < 0):
        normal = (-normal[0], -normal[1])  # "up" in the picture
    spine = []
    for index in range(points):
        t = index / (points - 1)
        bow = sagitta * 4 * t * (1 - t)
        spine.append((x0 + t * (x1 - x0) + bow * normal[0], y0 + t * (y1 - y0) + bow * normal[1]))
    return spine


def pose(key: str) -> Pose:
    """The pose ``key`` of ``data/poses.csv``, placed on the floor (or its prop)."""
    table = load_table("poses").set_index("pose")
    if key not in table.index:
        raise ValueError(f"There is no pose {key!r} in data/poses.csv. Choose from: {', '.join(table.index)}.")
    row = table.loc[key]
    joints = {"hip": (0.0, 0.0)}
    joints["shoulder"] = _step(joints["hip"], row["trunk"], LENGTHS["trunk"])
    joints["head"] = _step(joints["shoulder"], row["head"], LENGTHS["head"])
    for side in ("near", "far"):
        joints[f"elbow_{side}"] = _step(joints["shoulder"], row[f"upper_arm_{side}"], LENGTHS["upper_arm"])
        joints[f"wrist_{side}"] = _step(joints[f"elbow_{side}"], row[f"forearm_{side}"], LENGTHS["forearm"])
        joints[f"knee_{side}"] = _step(joints["hip"], row[f"thigh_{side}"], LENGTHS["thigh"])
        joints[f"ankle_{side}"] = _step(joints[f"knee_{side}"], row[f"shank_{side}"], LENGTHS["shank"])
        joints[f"toe_{side}"] = _step(joints[f"ankle_{side}"], row[f"foot_{side}"], LENGTHS["foot"])
    spine = _spine(joints["hip"], joints["shoulder"], row["trunk_curve"])
    lowest = min([y for _, y in joints.values() if True] + [joints["head"][1] - HEAD_RADIUS] + [y for _, y in spine])
    lift = 0.02 - lowest
    prop_shape: dict = {}
    if row["prop"] == "bench":
        lift += BENCH_HEIGHT
    joints = {name: (x, y + lift) for name, (x, y) in joints.items()}
    spine = [(x, y + lift) for x, y in spine]
    if row["prop"] == "bench":
        legs = [joints[name][0] for name in ("hip", "knee_near", "ankle_near", "toe_near")]
        prop_shape = {"x0": min(legs) - 0.02, "x1": joints["hip"][0] + 0.03, "y0": 0.0, "y1": BENCH_HEIGHT}
    elif row["prop"] == "wedge":
        hip = joints["hip"]
        back = _step(hip, row["trunk"], LENGTHS["trunk"] * 0.9)
        offset = _step((0.0, 0.0), row["trunk"] + 90, 0.04)
        prop_shape = {"x": [hip[0] + offset[0], back[0] + offset[0], back[0] + offset[0]],
                      "y": [0.0, back[1] + offset[1], 0.0]}
    elif row["prop"] == "ball":
        (x0, y0), (x1, y1) = joints["elbow_near"], joints["wrist_near"]
        radius = max(min(y0, y1) / 2 - 0.005, 0.05)
        prop_shape = {"cx": (x0 + x1) / 2, "cy": radius, "r": radius}
    return Pose(key, row["label"], joints, spine, row["prop"], prop_shape, row["alt_text"])


def bounds(drawn: Pose) -> tuple[float, float, float, float]:
    """x and y limits of a drawn pose (with its head and prop)."""
    xs = [x for x, _ in drawn.joints.values()] + [x for x, _ in drawn.spine]
    ys = [y for _, y in drawn.joints.values()] + [drawn.joints["head"][1] + HEAD_RADIUS]
    head_x = drawn.joints["head"][0]
    xs += [head_x - HEAD_RADIUS, head_x + HEAD_RADIUS]
    shape = drawn.prop_shape
    if "x" in shape:
        xs += shape["x"]
        ys += shape["y"]
    if "x0" in shape:
        xs += [shape["x0"], shape["x1"]]
    if "cx" in shape:
        xs += [shape["cx"] - shape["r"], shape["cx"] + shape["r"]]
        ys += [2 * shape["r"]]
    return min(xs), max(xs), 0.0, max(ys)
