"""The course's stick-figure renderer (helpers.poses, helpers.figures.poses) and lesson 04's drawings."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import core
from helpers.data import DataTableError, load_table
from helpers.figures.poses import poses_figure
from helpers.poses import (BENCH_HEIGHT, BONES, HEAD_RADIUS, LENGTHS, LINE, SEGMENTS, bounds, parse_foreshortened,
                           pose, resting_level, runner_pose)

KEYS = load_table("poses")["pose"].tolist()
SEGMENT = {"upper arm": "upper_arm", "forearm": "forearm", "thigh": "thigh", "shank": "shank", "foot": "foot",
           "neck": "head", "trunk": "trunk"}
TOUCH = 0.01  # a resting joint within 1 % of body height (under 2 cm) of its surface
SINK = 0.005  # nothing drawn more than 0.5 % of body height into the floor or a prop


def length(a, b) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def nearest_on_segment(point, start, end) -> tuple[float, float]:
    (x0, y0), (x1, y1) = start, end
    t = ((point[0] - x0) * (x1 - x0) + (point[1] - y0) * (y1 - y0)) / ((x1 - x0) ** 2 + (y1 - y0) ** 2)
    t = min(max(t, 0.0), 1.0)
    return x0 + t * (x1 - x0), y0 + t * (y1 - y0)


def body_points(drawn, per_bone: int = 6) -> list[tuple[str, tuple[float, float]]]:
    """Points along every drawn line of the body (the trunk as its curve), named by their line."""
    points = [("trunk", point) for point in drawn.spine]
    for name, start, end in BONES[1:]:
        (x0, y0), (x1, y1) = drawn.joints[start], drawn.joints[end]
        points += [(name, (x0 + (x1 - x0) * i / per_bone, y0 + (y1 - y0) * i / per_bone)) for i in range(per_bone + 1)]
    return points


def resting_problems(drawn) -> list[str]:
    """Where a pose does not rest as its data say: a named joint off its surface, or anything sunk into one."""
    problems = []
    for name in drawn.on_floor:
        gap = resting_level(drawn.joints, name) - LINE
        if abs(gap) > TOUCH:
            problems.append(f"{name} should rest on the floor but is {gap:+.3f} body heights off it")
    for name, (_, y) in body_points(drawn):
        if y < LINE - SINK:
            problems.append(f"the {name} goes {LINE - y:.3f} into the floor")
    if drawn.joints["head"][1] - HEAD_RADIUS < -SINK:
        problems.append("the head goes into the floor")
    shape = drawn.prop_shape
    if drawn.prop == "bench":
        top = BENCH_HEIGHT + LINE
        for name in drawn.on_prop:
            x, y = drawn.joints[name]
            if abs(y - top) > TOUCH or not shape["x0"] <= x <= shape["x1"]:
                problems.append(f"{name} should rest on the bench top but is at ({x:.3f}, {y:.3f})")
        for name, (x, y) in body_points(drawn):
            if shape["x0"] < x < shape["x1"] and y < top - SINK:
                problems.append(f"the {name} goes into the bench")
    if drawn.prop == "ball":
        centre, surface = (shape["cx"], shape["cy"]), shape["r"] + LINE
        ends = [drawn.joints[name] for name in drawn.on_prop]
        contact = ends[0] if len(ends) == 1 else nearest_on_segment(centre, *ends)
        if abs(length(contact, centre) - surface) > TOUCH:
            problems.append(f"{' – '.join(drawn.on_prop)} should rest on the ball")
        for name, point in body_points(drawn):
            if length(point, centre) < surface - SINK:
                problems.append(f"the {name} goes into the ball")
    return sorted(set(problems))


@pytest.mark.parametrize("key", KEYS)
def test_every_pose_keeps_its_segment_lengths(key: str) -> None:
    drawn = pose(key)
    for name, start, end in BONES:
        if name == "trunk" and load_table("poses").set_index("pose").loc[key, "trunk_curve"] != 0:
            continue  # a curved back: the chord is shorter than the trunk
        column = next(segment for segment, joints in SEGMENTS.items() if joints == (start, end))
        assert length(drawn.joints[start], drawn.joints[end]) == pytest.approx(drawn.lengths[column], abs=1e-9)
        assert drawn.lengths[column] <= LENGTHS[SEGMENT[name.split(" (")[0]]] + 1e-12  # shorter only if foreshortened
    assert drawn.alt_text and drawn.label


@pytest.mark.parametrize("key", KEYS)
def test_every_pose_rests_on_the_floor_or_its_prop_by_the_joints_it_names(key: str) -> None:
    """Hands, feet, knees, hips or back on the floor or the prop as the data say; nothing sunk into either."""
    drawn = pose(key)
    assert drawn.on_floor or drawn.on_prop
    assert resting_problems(drawn) == []


def test_the_check_can_fail() -> None:
    drawn = pose("plank-end")
    lifted = {name: (x, y + 0.1) if name == "toe_near" else (x, y) for name, (x, y) in drawn.joints.items()}
    floating = type(drawn)(**{**drawn.__dict__, "joints": lifted, "on_floor": (*drawn.on_floor, "toe_near")})
    assert any("toe_near should rest on the floor" in p for p in resting_problems(floating))
    sunk = {name: (x, y - 0.1) if name == "wrist_far" else (x, y) for name, (x, y) in drawn.joints.items()}
    assert any("into the floor" in p for p in resting_problems(type(drawn)(**{**drawn.__dict__, "joints": sunk})))


def test_the_extensor_test_lies_on_its_bench_with_the_trunk_held_out_level() -> None:
    """The thighs touch the bench top; the trunk is over the end of the bench, at the same height (audit of issue 10)."""
    drawn = pose("extensor-test")
    bench, top = drawn.prop_shape, BENCH_HEIGHT + LINE
    for thigh_end in ("hip", "knee_near", "knee_far"):
        x, y = drawn.joints[thigh_end]
        assert y == pytest.approx(top, abs=1e-9) and bench["x0"] <= x <= bench["x1"]
    assert drawn.joints["shoulder"][1] == pytest.approx(top, abs=1e-9)  # level with the floor
    assert drawn.joints["shoulder"][0] > bench["x1"]  # out over the end, unsupported
    assert bench["y1"] == BENCH_HEIGHT and bench["y0"] == 0


def test_test_positions_and_every_exercise_are_drawn_start_and_end() -> None:
    assert all(key in KEYS for row in core.TEST_POSES for key in row)
    drawn = {start.removesuffix("-start") for start, _ in core.exercise_pose_rows()}
    assert drawn == set(core.exercises().index)
    for start, end in core.exercise_pose_rows():
        assert pose(start).label != pose(end).label
    assert core.exercise_pose_rows(list(core.YOGA)) == [(f"{key}-start", f"{key}-end") for key in core.YOGA]
    with pytest.raises(ValueError, match="There is no exercise 'lotus'"):
        core.exercise_pose_rows(["lotus"])


def test_props() -> None:
    assert pose("extensor-test").prop_shape["y1"] == BENCH_HEIGHT
    for key in ("ball-rollout-start", "ball-rollout-end", "ball-pike-start", "ball-pike-end"):
        ball = pose(key).prop_shape
        assert 0.13 < ball["r"] < 0.22, key  # a 45–75 cm gym ball, in body heights
    assert len(pose("flexor-test").prop_shape["x"]) == 3


def test_a_side_lying_view_draws_segments_towards_the_viewer_shorter() -> None:
    clamshell = pose("clamshell-end")
    assert clamshell.lengths["thigh_near"] < 0.245 and "front" in clamshell.alt_text
    assert parse_foreshortened("thigh_near:0.7 | shank_far:1") == {"thigh_near": 0.7, "shank_far": 1.0}
    assert parse_foreshortened("") == {}
    with pytest.raises(ValueError, match="segment:fraction"):
        parse_foreshortened("thigh_near")
    with pytest.raises(ValueError, match="must be one of"):
        parse_foreshortened("tail:0.5")


def test_a_pose_that_names_no_resting_joint_is_refused(data_copy) -> None:
    path = data_copy / "poses.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")  # plank-test
    cells[header.index("on_floor")] = ""
    path.write_text("\n".join([lines[0], ",".join(cells)]) + "\n", encoding="utf-8")
    with pytest.raises(DataTableError, match="name the joints that rest on the floor"):
        load_table("poses")


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


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 60), st.floats(60, 120), st.floats(-10, 30), st.floats(-5, 15))
def test_the_runner_is_built_by_the_same_model_with_the_course_s_proportions(ahead, leg, lean, head) -> None:
    """Lesson 02's stick runner: heel on the ground, the landing leg as long as the data say, the rest in proportion."""
    ahead = min(ahead, 0.7 * leg)
    runner = runner_pose(ahead, leg, lean, head)
    assert runner.joints["ankle_near"] == (pytest.approx(ahead), 0.0)
    assert length(runner.joints["hip"], runner.joints["ankle_near"]) == pytest.approx(leg)
    height = leg / (0.245 + 0.246)
    assert length(runner.joints["hip"], runner.joints["shoulder"]) == pytest.approx(0.30 * height)
    assert length(runner.joints["shoulder"], runner.joints["elbow_near"]) == pytest.approx(0.186 * height)
    assert all(y > 0 for name, (_, y) in runner.joints.items() if name not in ("ankle_near",))
    assert runner.joints["toe_near"][1] > 0  # heel first, toes up
