"""Lesson 02 stride explorer and figures, kernel side: redraws, unit toggles, refused input."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers
from helpers.data import load_table
from helpers.figures import sample_runner_figure, stride_figure
from helpers.figures.stride import touchdown_pose
from helpers.stride import stride_report
from helpers.widgets import FigureApp, stride_explorer


def figure_of(app: FigureApp) -> dict:
    (output,) = app.figure_area.outputs
    return output["data"]["application/vnd.plotly.v1+json"]


def controls(app: FigureApp) -> dict:
    return {control.description: control for control in app.controls}


def landing_legs(figure: dict) -> list[dict]:
    return [trace for trace in figure["data"] if trace["name"].endswith("landing leg")]


def feet_ahead(figure: dict) -> list[float]:
    return [leg["x"][1] - leg["x"][0] for leg in landing_legs(figure)]


def test_one_call_in_the_lesson_shows_the_explorer() -> None:
    app = helpers.stride_explorer()
    assert isinstance(app, FigureApp)
    assert "open the course in JupyterLab" in repr(app)
    assert list(controls(app)) == ["Units", "Enter speed as", "Pace (min:s per km)", "Cadence (steps/min)",
                                   "Leg length (cm)", "Foot ahead of hip (cm)", "Weekly volume (km)"]
    assert app.message.value == ""
    assert "Takeaway:" in app.takeaway.value


def test_drawing_matches_the_model() -> None:
    app = stride_explorer()
    report = stride_report(10.0, 160, 90.0, 20.0, 30.0)
    assert feet_ahead(figure_of(app)) == pytest.approx(
        [report.now.foot_ahead_cm, report.raised[5].foot_ahead_cm, report.raised[10].foot_ahead_cm])
    texts = [a["text"] for a in figure_of(app)["layout"]["annotations"]]
    assert [text for text in texts if text.startswith("<b>")] == ["<b>now</b>", "<b>+5 %</b>", "<b>+10 %</b>"]
    assert [text for text in texts if text.endswith("steps/min")] == ["160 steps/min", "168 steps/min", "176 steps/min"]
    assert "176 instead of 160 steps/min" in app.takeaway.value
    assert "28,800 foot landings" in app.takeaway.value  # 160 steps/min × 6 min/km × 30 km


def test_cadence_slider_redraws_figure_and_readouts() -> None:
    app = stride_explorer()
    before_figure, before_text = figure_of(app), app.takeaway.value
    controls(app)["Cadence (steps/min)"].value = 180
    after = figure_of(app)
    assert after != before_figure and app.takeaway.value != before_text
    assert feet_ahead(after)[0] == pytest.approx(20.0)  # the measured distance belongs to the current cadence
    assert "198 instead of 180 steps/min" in app.takeaway.value


def test_typing_pace_speed_leg_foot_and_volume_redraws() -> None:
    app = stride_explorer()
    boxes = controls(app)
    boxes["Pace (min:s per km)"].value = "5:00"
    assert "from 1.25 m" in app.takeaway.value  # 12 km/h = 200 m/min, / 160 steps/min
    boxes["Foot ahead of hip (cm)"].value = "30"
    assert feet_ahead(figure_of(app))[0] == pytest.approx(30)
    boxes["Leg length (cm)"].value = "100"
    hip_height = landing_legs(figure_of(app))[0]["y"][0]
    assert hip_height == pytest.approx((100**2 - 30**2) ** 0.5)
    boxes["Weekly volume (km)"].value = "50"
    assert "At 50 km a week" in app.takeaway.value
    assert app.message.value == ""


@pytest.mark.parametrize(
    ("box", "typed", "message"),
    [
        ("Pace (min:s per km)", "", "Pace is empty"),
        ("Pace (min:s per km)", "quick", "Type the pace as minutes:seconds per km"),
        ("Pace (min:s per km)", "1:30", "Pace must be between 2:24 /km and 12:00 /km"),
        ("Leg length (cm)", "", "Leg length is empty"),
        ("Leg length (cm)", "long", "Leg length must be a number from 60 to 120 cm"),
        ("Leg length (cm)", "300", "Leg length must be from 60 to 120 cm"),
        ("Foot ahead of hip (cm)", "-4", "Foot ahead of the hip must be from 0 to 60 cm"),
        ("Weekly volume (km)", "lots", "Weekly volume must be a number from 0 to 250 km"),
    ],
)
def test_bad_typed_value_shows_a_message_and_keeps_the_last_drawing(box: str, typed: str, message: str) -> None:
    app = stride_explorer()
    good_figure, good_text = app.figure_area.outputs, app.takeaway.value
    controls(app)[box].value = typed
    assert message in app.message.value and 'role="alert"' in app.message.value
    assert app.figure_area.outputs == good_figure and app.takeaway.value == good_text
    assert controls(app)[box].value == typed  # what the learner typed stays, to be corrected
    controls(app)["Cadence (steps/min)"].value = 170  # another control still cannot redraw with bad input
    assert app.figure_area.outputs == good_figure and message in app.message.value


def test_a_foot_beyond_the_leg_is_refused() -> None:
    app = stride_explorer()
    controls(app)["Foot ahead of hip (cm)"].value = "50"
    good = app.figure_area.outputs
    controls(app)["Leg length (cm)"].value = "65"
    assert "more than 70% of a 65 cm leg" in app.message.value
    assert app.figure_area.outputs == good


def test_a_corrected_value_clears_the_message_and_redraws() -> None:
    app = stride_explorer()
    pace = controls(app)["Pace (min:s per km)"]
    pace.value = "abc"
    assert app.message.value
    pace.value = "5:00"
    assert app.message.value == "" and "At 30 km a week" in app.takeaway.value


def test_unit_toggle_converts_every_box_and_back_without_drift() -> None:
    app = stride_explorer()
    units = controls(app)["Units"]
    units.value = "mi"
    boxes = controls(app)
    assert boxes["Pace (min:s per mile)"].value == "9:39"
    assert boxes["Leg length (in)"].value == "35.4"
    assert boxes["Foot ahead of hip (in)"].value == "7.9"
    assert boxes["Weekly volume (miles)"].value == "18.6"
    figure = figure_of(app)
    titles = [figure["layout"][axis]["title"].get("text", "") for axis in ("xaxis", "xaxis2", "xaxis3")]
    assert titles == ["", "Ahead of the hip (in)", ""]  # one axis title, under the middle panel
    assert feet_ahead(figure)[0] == pytest.approx(7.9)  # drawn in inches, from the box
    assert "per mile" in app.takeaway.value and "18.6" not in app.message.value
    for unit in ("km", "mi", "km"):
        units.value = unit
    boxes = controls(app)
    assert [boxes[name].value for name in ("Pace (min:s per km)", "Leg length (cm)", "Foot ahead of hip (cm)",
                                           "Weekly volume (km)")] == ["6:00", "90", "20", "30"]


def test_speed_mode_switches_between_pace_and_speed() -> None:
    app = stride_explorer()
    controls(app)["Enter speed as"].value = "speed"
    speed = controls(app)["Speed (km/h)"]
    assert speed.value == "10"
    speed.value = "12"
    assert "At 30 km a week" in app.takeaway.value and app.message.value == ""
    controls(app)["Units"].value = "mi"
    assert controls(app)["Speed (mph)"].value == "7.5"
    controls(app)["Enter speed as"].value = "pace"
    assert controls(app)["Pace (min:s per mile)"].value == "8:03"


def test_toggle_leaves_an_unparsable_box_as_typed() -> None:
    app = stride_explorer()
    controls(app)["Leg length (cm)"].value = "tall"
    controls(app)["Units"].value = "mi"
    assert controls(app)["Leg length (in)"].value == "tall"
    assert "Leg length must be a number" in app.message.value


def test_controls_have_labels_with_units_and_do_not_update_while_typing() -> None:
    app = stride_explorer()
    for name, control in controls(app).items():
        if name not in ("Units", "Enter speed as"):
            assert "(" in name and name.endswith(")"), name
            assert control.continuous_update is False


def test_figure_axes_carry_units_and_parts_differ_by_more_than_colour() -> None:
    figure = stride_figure(stride_report(10, 160, 90, 20, 30)).to_dict()
    layout = figure["layout"]
    titles = [layout[axis]["title"].get("text") for axis in ("xaxis", "xaxis2", "xaxis3", "yaxis")]
    assert [title for title in titles if title] == [titles[1], titles[3]]  # one x title (middle panel), one y
    for title in (titles[1], titles[3]):
        assert "(" in title and title.endswith(")"), title
    for leg in landing_legs(figure):
        assert leg["marker"]["symbol"] == ["circle", "square"]  # hip and foot by shape
    texts = [a["text"] for a in layout["annotations"]]
    assert texts.count("hip") == 3 and sum(text.startswith("foot ") for text in texts) == 3
    assert "cdn" not in stride_figure(stride_report(10, 164, 90, 20, 30)).to_json().lower()


@pytest.mark.parametrize("unit", ["km", "mi"])
def test_figures_are_valid_plotly(unit: str) -> None:
    """The figures skip validation for speed, so check here that plotly accepts every property."""
    runner = load_table("stride_sample_runners").iloc[0]
    for figure in (stride_figure(stride_report(10, 160, 90, 20, 30), unit), sample_runner_figure(runner, unit)):
        assert go.Figure(figure.to_dict()).to_dict()["layout"]["annotations"]  # raises on an invalid property
    with pytest.raises(ValueError):
        go.Figure({"data": [{"type": "scatter", "colour": "red"}]})  # the check itself can fail


def test_sample_runner_figure_draws_the_data_row() -> None:
    runner = load_table("stride_sample_runners").iloc[0]
    figure = sample_runner_figure(runner).to_dict()
    (leg,) = landing_legs(figure)
    assert leg["x"][1] - leg["x"][0] == pytest.approx(runner["foot_ahead_cm"])
    assert f"foot {runner['foot_ahead_cm']:.0f} cm ahead" in [a["text"] for a in figure["layout"]["annotations"]]
    assert runner["runner"] in str(figure["layout"]["annotations"])
    imperial = sample_runner_figure(runner, "mi").to_dict()
    assert imperial["layout"]["yaxis"]["title"]["text"] == "Height above the ground (in)"
    assert "6.2 mph, 156 steps/min" in [a["text"] for a in imperial["layout"]["annotations"]]


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.floats(0, 60), st.floats(60, 120), st.floats(-10, 30))
def test_pose_puts_the_heel_on_the_ground_a_leg_length_from_the_hip(ahead: float, leg: float, lean: float) -> None:
    ahead = min(ahead, 0.7 * leg)
    pose = touchdown_pose(ahead, leg, lean)
    assert pose.front_foot == (pytest.approx(ahead), 0.0)
    assert pose.hip[0] == 0.0
    assert ((pose.front_foot[0] - pose.hip[0]) ** 2 + pose.hip[1] ** 2) ** 0.5 == pytest.approx(leg)
    assert pose.rear_foot[1] > 0 and pose.head[1] > pose.shoulder[1] > pose.hip[1]


def test_a_decimal_pace_is_echoed_as_read_and_an_ambiguous_one_is_refused_keeping_the_text() -> None:
    app = helpers.stride_explorer()
    box = controls(app)["Pace (min:s per km)"]
    box.value = "5.5"
    assert app.message.value == "" and "Read as: pace &quot;5.5&quot; = 5:30 /km = 10.9 km/h;" in app.takeaway.value
    box.value = "5.30"
    assert "could mean 5:30" in app.message.value and box.value == "5.30"


# ---------------------------------------------------------------- issue 13: text alternative, typed input echoed


def shown_numbers(app: FigureApp) -> str:
    app.show_numbers.value = True
    return app.numbers.value


def test_every_typed_box_is_echoed_as_read_in_both_units() -> None:
    app = stride_explorer()
    assert ("Read as: pace 6:00 /km = 10 km/h; leg length 90 cm = 35.4 in; foot ahead of the hip 20 cm = 7.9 in; "
            "volume 30 km a week = 18.6 miles a week.") in app.takeaway.value
    boxes = controls(app)
    boxes["Leg length (cm)"].value = "95,5"
    boxes["Weekly volume (km)"].value = " 42 "
    assert "leg length &quot;95,5&quot; = 95.5 cm = 37.6 in" in app.takeaway.value
    assert "volume 42 km a week = 26.1 miles a week" in app.takeaway.value
    boxes["Units"].value = "mi"
    assert "Read as: pace 9:39 /mi = 6.2 mph; leg length 37.6 in = 95.5 cm" in app.takeaway.value
    assert "volume 26.1 miles a week = 42 km a week" in app.takeaway.value
    controls(app)["Enter speed as"].value = "speed"
    assert "Read as: speed 6.2 mph = 9:41 /mi;"  # the speed typed back, to one decimal in app.takeaway.value


def test_the_stride_figure_is_described_and_its_numbers_follow_the_controls() -> None:
    app = stride_explorer()
    assert ("Three side views of a runner at touchdown, running to the right at 6:00 /km = 10.0 km/h, leg length "
            "90 cm: now at 160 steps/min, the foot lands 20 cm ahead of the hip (leg 13° from vertical)") in app.description.value
    assert "+10 % at 176 steps/min, the foot lands 18 cm ahead" in app.description.value
    table = shown_numbers(app)
    assert "<th>Foot ahead of hip (cm)</th>" in table and "<td>20.0</td>" in table and "<td>176</td>" in table
    controls(app)["Cadence (steps/min)"].value = 140
    assert "now at 140 steps/min" in app.description.value and "(an extrapolation)" in app.description.value
    assert "no: an extrapolation" in app.numbers.value
    controls(app)["Units"].value = "mi"
    assert "leg length 35.4 in" in app.description.value and " cm" not in app.description.value
    assert "<th>Foot ahead of hip (in)</th>" in app.numbers.value and "<td>7.9</td>" in app.numbers.value
    assert "Landings per mile" in app.numbers.value and "(cm)" not in app.numbers.value
