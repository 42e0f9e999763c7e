"""The course's stick-figure renderer (helpers.poses, helpers.figures.poses) and lesson 04's drawings."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import core
from helpers.data import load_table
from helpers.figures.poses import poses_figure
from helpers.poses import BENCH_HEIGHT, BONES, HEAD_RADIUS, LENGTHS, bounds, pose

KEYS = load_table("poses")["pose"].tolist()
SEGMENT = {"upper arm": "upper_arm", "forearm": "forearm", "thigh": "thigh", "shank": "shank", "foot": "foot",
           "neck": "head", "trunk": "trunk"}


def length(a, b) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


@pytest.mark.parametrize("key", KEYS)
def test_every_pose_keeps_its_segment_lengths_and_rests_on_the_floor(key: str) -> None:
    drawn = pose(key)
    for name, start, end in BONES:
        segment = SEGMENT[name.split(" (")[0]]
        if segment == "trunk" and load_table("poses").set_index("pose").loc[key, "trunk_curve"] != 0:
            continue  # a curved back: the chord is shorter than the trunk
        assert length(drawn.joints[start], drawn.joints[end]) == pytest.approx(LENGTHS[segment], abs=1e-9)
    bench = BENCH_HEIGHT if drawn.prop == "bench" else 0.0
    lowest = min([y for _, y in drawn.joints.values()] + [y for _, y in drawn.spine]
                 + [drawn.joints["head"][1] - HEAD_RADIUS])
    assert lowest == pytest.approx(0.02 + bench, abs=1e-9)  # on the floor (a line's half-width above it)
    if bench:
        assert all(drawn.joints[name][1] >= bench for name in ("hip", "knee_near", "ankle_near"))
    assert drawn.alt_text and drawn.label


def test_test_positions_and_exercises_are_drawn() -> None:
    assert all(key in KEYS for row in core.TEST_POSES for key in row)
    drawn = {start.removesuffix("-start") for start, _ in core.exercise_pose_rows()}
    assert drawn == set(core.exercises().index) - {"clamshell"}  # the lesson says why the clamshell is not drawn


def test_props() -> None:
    assert pose("extensor-test").prop_shape["y1"] == BENCH_HEIGHT
    ball = pose("ball-rollout-end").prop_shape
    assert 0.1 < ball["r"] < 0.25  # about a gym ball, in body heights
    assert len(pose("flexor-test").prop_shape["x"]) == 3


def test_unknown_pose_lists_the_choices() -> None:
    with pytest.raises(ValueError, match="There is no pose 'handstand' in data/poses.csv. Choose from: flexor-test"):
        pose("handstand")


def test_a_curved_back_bows_the_right_way() -> None:
    cat, cow = pose("cat-cow-end"), pose("cat-cow-start")
    middle = len(cat.spine) // 2

    def bow(drawn) -> float:
        (x0, y0), (x1, y1) = drawn.spine[0], drawn.spine[-1]
        return drawn.spine[middle][1] - (y0 + y1) / 2

    assert bow(cat) > 0.02 and bow(cow) < -0.02


@settings(max_examples=20, deadline=None)
@given(st.lists(st.lists(st.sampled_from(KEYS), min_size=1, max_size=3), min_size=1, max_size=4))
def test_any_grid_of_poses_draws_inside_its_axes(rows) -> None:
    figure = poses_figure([[pose(key) for key in row] for row in rows])
    x_range, y_range = figure.layout.xaxis.range, figure.layout.yaxis.range
    for trace in figure.data:
        xs = [x for x in trace.x if x is not None]
        ys = [y for y in trace.y if y is not None]
        assert min(xs) >= x_range[0] and max(xs) <= x_range[1]
        assert min(ys) >= y_range[0] and max(ys) <= y_range[1]
    labels = next(trace for trace in figure.data if trace.name == "labels")
    assert list(labels.text) == [pose(key).label for row in rows for key in row]
    assert figure.layout.yaxis.scaleanchor == "x"


def test_bounds_cover_the_head_and_the_prop() -> None:
    drawn = pose("ball-rollout-start")
    left, right, bottom, top = bounds(drawn)
    assert right >= drawn.prop_shape["cx"] + drawn.prop_shape["r"] - 1e-9
    assert top >= drawn.joints["head"][1] + HEAD_RADIUS - 1e-9 and bottom == 0.0
