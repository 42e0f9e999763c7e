"""Stick-figure poses: joint positions from segment angles (one model for every drawing of the body).

One renderer for the whole course: lesson 04's exercise and test drawings and lesson 02's
stick runner are built here and drawn by :mod:`helpers.figures.poses`. A pose in
``data/poses.csv`` gives each body segment's absolute angle in degrees in the picture
plane: 0° points right (the way the figure faces), 90° up. The segment lengths are
schematic proportions of body height (about those of an adult; a drawing, not a
measurement). A segment that points towards the viewer (a body lying on its side, seen
from the front) can be drawn shorter (``foreshortened``).

Each pose names the joints that rest on the floor (``on_floor``) and on its prop
(``on_prop``), and is placed so that exactly those touch: a bench pose rests its legs on
the bench top, a ball sits on the floor under the joints that lie on it. (Placing a pose
by its lowest point instead lifted the extensor test 30 cm above its bench, because the
arms hanging over the end were lowest.)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from helpers.data import load_table, split_choices

#: Segment lengths as fractions of body height (schematic).
LENGTHS = {"trunk": 0.30, "head": 0.12, "upper_arm": 0.186, "forearm": 0.146, "thigh": 0.245, "shank": 0.246,
           "foot": 0.10}
HEAD_RADIUS = 0.055
BENCH_HEIGHT = 0.28
#: Half a drawn line: a joint resting on a surface is drawn this far above it, so the lines meet.
LINE = 0.02
#: The angle columns of ``data/poses.csv``, each the segment from the first joint to the second.
SEGMENTS = {
    "trunk": ("hip", "shoulder"), "head": ("shoulder", "head"),
    "upper_arm_near": ("shoulder", "elbow_near"), "forearm_near": ("elbow_near", "wrist_near"),
    "upper_arm_far": ("shoulder", "elbow_far"), "forearm_far": ("elbow_far", "wrist_far"),
    "thigh_near": ("hip", "knee_near"), "shank_near": ("knee_near", "ankle_near"), "foot_near": ("ankle_near", "toe_near"),
    "thigh_far": ("hip", "knee_far"), "shank_far": ("knee_far", "ankle_far"), "foot_far": ("ankle_far", "toe_far"),
}
JOINTS = ("hip", *(end for _, end in SEGMENTS.values()))
#: Lines of the figure: (name, from joint, to joint); the trunk is drawn as its curve.
BONES = (
    ("trunk", "hip", "shoulder"), ("neck", "shoulder", "head"),
    ("upper arm (near)", "shoulder", "elbow_near"), ("forearm (near)", "elbow_near", "wrist_near"),
    ("upper arm (far)", "shoulder", "elbow_far"), ("forearm (far)", "elbow_far", "wrist_far"),
    ("thigh (near)", "hip", "knee_near"), ("shank (near)", "knee_near", "ankle_near"), ("foot (near)", "ankle_near", "toe_near"),
    ("thigh (far)", "hip", "knee_far"), ("shank (far)", "knee_far", "ankle_far"), ("foot (far)", "ankle_far", "toe_far"),
)

Point = tuple[float, float]


@dataclass(frozen=True)
class Pose:
    """One drawn pose: joints (x, y) in body heights, the trunk's curve points, a prop and its alt text.

    ``on_floor`` and ``on_prop`` name the joints that rest on the floor and on the prop.
    """

    key: str
    label: str
    joints: dict[str, Point]
    spine: list[Point]
    prop: str
    prop_shape: dict
    alt_text: str
    on_floor: tuple[str, ...] = ()
    on_prop: tuple[str, ...] = ()
    lengths: dict[str, float] = field(default_factory=dict)


def _step(point: Point, angle_deg: float, length: float) -> Point:
    angle = math.radians(angle_deg)
    return point[0] + length * math.cos(angle), point[1] + length * math.sin(angle)


def segment_lengths(scale: float = 1.0, foreshortened: Mapping[str, float] | None = None) -> dict[str, float]:
    """Each segment's drawn length (keyed as :data:`SEGMENTS`): :data:`LENGTHS` × ``scale`` × its foreshortening."""
    shorter = foreshortened or {}
    return {name: LENGTHS[name.removesuffix("_near").removesuffix("_far")] * scale * shorter.get(name, 1.0)
            for name in SEGMENTS}


def joints_from_angles(angles: Mapping[str, float], lengths: Mapping[str, float], hip: Point = (0.0, 0.0)) -> dict[str, Point]:
    """Every joint from the hip outwards: each segment of :data:`SEGMENTS` at its angle (degrees) and length."""
    joints = {"hip": hip}
    for name, (start, end) in SEGMENTS.items():  # in order: every start is placed before its segment
        joints[end] = _step(joints[start], angles[name], lengths[name])
    return joints


def _spine(hip: Point, shoulder: Point, curve_deg: float, points: int = 9) -> list[Point]:
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


def resting_level(joints: Mapping[str, Point], name: str) -> float:
    """How high ``name`` rests: a joint's own height; for the head, the bottom of its circle (plus a half line)."""
    if name == "head":
        return joints["head"][1] - HEAD_RADIUS + LINE
    return joints[name][1]


def parse_foreshortened(text: str | None) -> dict[str, float]:
    """``'thigh_near:0.7 | shank_near:0.7'`` → ``{'thigh_near': 0.7, 'shank_near': 0.7}``; empty → ``{}``."""
    found: dict[str, float] = {}
    for part in split_choices(text or ""):
        name, _, fraction = part.partition(":")
        name = name.strip()
        try:
            value = float(fraction)
        except ValueError:
            raise ValueError(f"Foreshortening {part!r} should read segment:fraction, e.g. thigh_near:0.7.") from None
        if name not in SEGMENTS or not 0 < value <= 1:
            raise ValueError(f"Foreshortening {part!r}: the segment must be one of {', '.join(SEGMENTS)} and the "
                             "fraction above 0 and at most 1.")
        found[name] = value
    return found


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def pose(key: str) -> Pose:
    """The pose ``key`` of ``data/poses.csv``, resting on the floor and its prop by the joints it names."""
    table = load_table("poses").set_index("pose")
    if key not in table.index:
        raise ValueError(f"There is no pose {key!r} in data/poses.csv. Choose from: {', '.join(table.index)}.")
    row = table.loc[key]
    lengths = segment_lengths(foreshortened=parse_foreshortened(_text(row["foreshortened"])))
    joints = joints_from_angles({name: row[name] for name in SEGMENTS}, lengths)
    on_floor, on_prop = tuple(split_choices(_text(row["on_floor"]))), tuple(split_choices(_text(row["on_prop"])))
    if row["prop"] == "bench":
        lift = BENCH_HEIGHT + LINE - min(resting_level(joints, name) for name in on_prop)
    else:
        lift = LINE - min(resting_level(joints, name) for name in on_floor)
    joints = {name: (x, y + lift) for name, (x, y) in joints.items()}
    spine = _spine(joints["hip"], joints["shoulder"], row["trunk_curve"])
    return Pose(key, row["label"], joints, spine, row["prop"], _prop_shape(row, joints, on_prop), row["alt_text"],
                on_floor, on_prop, lengths)


def _prop_shape(row, joints: Mapping[str, Point], on_prop: tuple[str, ...]) -> dict:
    """The prop under a placed pose: a bench under the joints on it, a ball touching them, a wedge behind the back."""
    if row["prop"] == "bench":
        xs = [joints[name][0] for name in on_prop]
        return {"x0": min(xs) - 0.01, "x1": max(xs) + 0.03, "y0": 0.0, "y1": BENCH_HEIGHT}
    if row["prop"] == "ball":
        return ball_under(joints, on_prop)
    if row["prop"] == "wedge":
        hip = joints["hip"]
        back = _step(hip, row["trunk"], LENGTHS["trunk"] * 0.9)
        offset = _step((0.0, 0.0), row["trunk"] + 90, 0.04)
        return {"x": [hip[0] + offset[0], back[0] + offset[0], back[0] + offset[0]], "y": [0.0, back[1] + offset[1], 0.0]}
    return {}


def ball_under(joints: Mapping[str, Point], on_ball: tuple[str, ...]) -> dict:
    """A ball on the floor that touches what rests on it: one joint from below, or two joints' segment at its middle.

    The ball's size follows from how high that contact is (``cx``, ``cy``, ``r`` in body heights).
    """
    if len(on_ball) == 1:
        (x, y), up = joints[on_ball[0]], (0.0, 1.0)
    else:
        (x0, y0), (x1, y1) = joints[on_ball[0]], joints[on_ball[1]]
        x, y = (x0 + x1) / 2, (y0 + y1) / 2
        size = math.hypot(x1 - x0, y1 - y0)
        up = (-(y1 - y0) / size, (x1 - x0) / size)
        if up[1] < 0:
            up = (-up[0], -up[1])
    radius = (y - up[1] * LINE) / (1 + up[1])  # the centre is r + LINE below the contact, and r above the floor
    return {"cx": x - up[0] * (radius + LINE), "cy": radius, "r": radius}


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
        ys += [shape["y1"]]
    if "cx" in shape:
        xs += [shape["cx"] - shape["r"], shape["cx"] + shape["r"]]
        ys += [2 * shape["r"]]
    return min(xs), max(xs), 0.0, max(ys)


# --- Lesson 02's stick runner ------------------------------------------------------------------------


def runner_pose(foot_ahead_cm: float, leg_length_cm: float, trunk_lean_deg: float = 7.3,
                head_forward_cm: float = 0.0) -> Pose:
    """A schematic runner at touchdown, in cm: hip at x = 0, ground at y = 0, the front heel ``foot_ahead_cm`` ahead.

    The landing leg (near side) is straight from the hip to the heel (its ankle joint) and
    ``leg_length_cm`` long; the rest of the body has the course's proportions (:data:`LENGTHS`),
    scaled so that thigh + shank make that leg. The trunk leans ``trunk_lean_deg`` forward
    and the head sits ``head_forward_cm`` further forward. Only these four numbers come
    from the data; the arms and the rear leg are there so the figure reads as a runner.
    """
    height = leg_length_cm / (LENGTHS["thigh"] + LENGTHS["shank"])
    lengths = segment_lengths(height)
    hip_height = math.sqrt(max(leg_length_cm**2 - foot_ahead_cm**2, 0.0))
    leg_angle = math.degrees(math.atan2(-hip_height, foot_ahead_cm))
    angles = {
        "trunk": 90 - trunk_lean_deg, "head": 90 - trunk_lean_deg,
        "upper_arm_near": 250, "forearm_near": 340,  # the arm on the landing leg's side swings back
        "upper_arm_far": 300, "forearm_far": 40,  # the other arm swings forward
        "thigh_near": leg_angle, "shank_near": leg_angle, "foot_near": 15,  # heel first, toes up
        "thigh_far": 255, "shank_far": 205, "foot_far": 235,  # the rear leg after toe-off
    }
    lengths["thigh_near"] = lengths["shank_near"] = leg_length_cm / 2
    joints = joints_from_angles(angles, lengths, (0.0, hip_height))
    clearance = joints["ankle_far"][1] - 0.02 * height  # a low hip (a long reach): the rear toes turn back, not down
    if joints["toe_far"][1] < 0.02 * height:
        angles["foot_far"] = 180 + math.degrees(math.asin(min(max(clearance, 0.0) / lengths["foot_far"], 1.0)))
        joints = joints_from_angles(angles, lengths, (0.0, hip_height))
    joints["ankle_near"] = (float(foot_ahead_cm), 0.0)  # the heel on the ground, exactly
    joints["toe_near"] = _step(joints["ankle_near"], angles["foot_near"], lengths["foot_near"])
    head_x, head_y = joints["head"]
    joints["head"] = (head_x + head_forward_cm, head_y)
    return Pose("runner", "runner at touchdown", joints, [joints["hip"], joints["shoulder"]], "none", {},
                "A runner at touchdown seen from the side, running to the right; the front heel touches the ground "
                "ahead of the hip.", ("ankle_near",), (), lengths)
