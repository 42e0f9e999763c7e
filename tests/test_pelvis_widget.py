"""Lesson 03 widget, kernel side: sliders, presets and typed values redraw or are refused with a message."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

import helpers
from helpers.widgets import FigureApp, pelvic_tilt_explorer
from helpers.widgets.pelvis import ANATOMY, INCIDENCE, TILT


def figure_of(app: FigureApp) -> dict:
    (output,) = app.figure_area.outputs
    return output["data"]["application/vnd.plotly.v1+json"]


def labels_of(app: FigureApp) -> list[str]:
    return [text for trace in figure_of(app)["data"] if "text" in trace for text in trace["text"]]


def slider(app: FigureApp, description: str) -> widgets.FloatSlider:
    return next(control for control in app.controls if control.description == description)


def button(app: FigureApp, label: str) -> widgets.Button:
    return next(item for item in app.preset_buttons if item.description == label)


def test_starts_typical_with_labelled_sliders_in_degrees() -> None:
    app = helpers.pelvic_tilt_explorer()
    assert [control.description for control in app.controls] == [TILT, INCIDENCE, ANATOMY]
    assert all("(°)" in control.description and not control.continuous_update for control in app.controls)
    assert (slider(app, TILT).value, slider(app, INCIDENCE).value, slider(app, ANATOMY).value) == (12, 52, 13)
    assert "<b>SS 40.0°</b>" in labels_of(app) and "<b>LL 54.9°</b>" in labels_of(app)
    assert "stands at the typical tilt" in app.takeaway.value
    assert [item.description for item in app.preset_buttons] == [
        "typical", "marked anterior tilt", "flat back", "after one hip-flexor stretch session"]
    assert "open the course in JupyterLab" in repr(app)


def test_a_tilt_step_redraws_the_drawing_and_the_readout() -> None:
    app = pelvic_tilt_explorer()
    before = figure_of(app)
    slider(app, TILT).value = 12.1
    assert figure_of(app) != before
    assert "<b>PT 12.1°</b>" in labels_of(app) and "<b>SS 39.9°</b>" in labels_of(app)
    assert "<b>ASIS–PSIS<br>12.9° (anterior)</b>" in labels_of(app)
    assert "tilted 0.1° backwards" in app.takeaway.value
    assert app.typed[slider(app, TILT)].value == "12.1"


def test_incidence_changes_anatomy_not_tilt() -> None:
    app = pelvic_tilt_explorer()
    slider(app, INCIDENCE).value = 64
    assert "<b>PT 12.0°</b>" in labels_of(app) and "<b>SS 52.0°</b>" in labels_of(app)
    assert "tilted 4.0° forwards from the typical 16.0°" in app.takeaway.value


def test_preset_buttons_set_all_sliders_with_one_redraw() -> None:
    app = pelvic_tilt_explorer()
    redraws = []
    app.figure_area.observe(lambda change: redraws.append(change), names="outputs")
    button(app, "after one hip-flexor stretch session").click()
    assert len(redraws) == 1
    assert slider(app, TILT).value == pytest.approx(13.2)
    assert "<b>ASIS–PSIS<br>11.8° (anterior)</b>" in labels_of(app)
    assert "each fell by 1.2°" in app.takeaway.value
    button(app, "flat back").click()
    assert (slider(app, TILT).value, slider(app, INCIDENCE).value) == (18, 40)
    assert "<b>SS 22.0°</b>" in labels_of(app)
    button(app, "typical").click()
    assert "stands at the typical tilt" in app.takeaway.value


@pytest.mark.parametrize(
    ("typed", "message"),
    [("95", "Pelvic tilt must be from -10° to 40°; you typed 95."), ("", "Pelvic tilt is empty"),
     ("twelve", "must be a number from -10° to 40°; you typed &#x27;twelve&#x27;"), ("nan", "must be a number")],
)
def test_a_bad_typed_tilt_is_refused_and_the_last_drawing_stays(typed: str, message: str) -> None:
    app = pelvic_tilt_explorer()
    slider(app, TILT).value = 15.0
    drawing, readout = app.figure_area.outputs, app.takeaway.value
    box = app.typed[slider(app, TILT)]
    box.value = typed
    assert message in app.message.value and 'role="alert"' in app.message.value
    assert app.figure_area.outputs == drawing and app.takeaway.value == readout
    assert slider(app, TILT).value == 15.0
    assert box.value == typed  # what the learner typed is kept, to correct it
    box.value = "14"
    assert app.message.value == "" and slider(app, TILT).value == 14.0
    assert "<b>PT 14.0°</b>" in labels_of(app)


def test_a_typed_incidence_that_leaves_no_sacral_slope_is_refused() -> None:
    app = pelvic_tilt_explorer()
    slider(app, TILT).value = 35.0
    drawing = app.figure_area.outputs
    app.typed[slider(app, INCIDENCE)].value = "30"
    assert "leaves a sacral slope of -5°" in app.message.value
    assert app.figure_area.outputs == drawing
    app.typed[slider(app, INCIDENCE)].value = "60"
    assert app.message.value == "" and "<b>SS 25.0°</b>" in labels_of(app)


def test_typing_the_current_value_clears_an_old_message() -> None:
    app = pelvic_tilt_explorer()
    box = app.typed[slider(app, INCIDENCE)]
    box.value = "200"
    assert "Pelvic incidence must be from 30° to 85°" in app.message.value
    box.value = "52"
    assert app.message.value == ""


# ---------------------------------------------------------------- issue 13: text alternative, typed input echoed


def test_typed_angles_are_echoed_as_read() -> None:
    app = pelvic_tilt_explorer()
    assert "Read as: pelvic tilt 12°; pelvic incidence 52°." in app.takeaway.value
    app.typed[slider(app, TILT)].value = " 14,5 "
    assert "Read as: pelvic tilt &quot;14,5&quot; = 14.5°; pelvic incidence 52°." in app.takeaway.value
    slider(app, INCIDENCE).value = 60  # moved by the slider: the box follows and the echo says so
    assert "pelvic incidence 60°." in app.takeaway.value


def test_the_pelvis_figure_is_described_and_its_numbers_follow_the_sliders() -> None:
    app = pelvic_tilt_explorer()
    assert ("pelvic tilt 12.0° plus sacral slope 40.0° makes pelvic incidence 52.0°; lumbar lordosis 54.9°; "
            "the ASIS–PSIS line 13.0° (anterior)") in app.description.value
    assert "ASIS–PSIS angle 13.0°, +0.0 SD from the mean" in app.description.value
    app.show_numbers.value = True
    assert "<td>Sacral slope (SS)</td>\n      <td>40.0</td>" in app.numbers.value
    slider(app, TILT).value = 20.0
    assert "pelvic tilt 20.0° plus sacral slope 32.0°" in app.description.value
    assert "<td>Sacral slope (SS)</td>\n      <td>32.0</td>" in app.numbers.value
    assert "<td>Lordosis at L5–S1</td>" in app.numbers.value


def test_a_slider_value_with_float_noise_is_drawn_once() -> None:
    """The browser sends 12.0 + 0.1 as 12.100000000000001; the typed box's echo ("12.1") must not redraw again."""
    app = pelvic_tilt_explorer()
    redraws = []
    app.figure_area.observe(lambda change: redraws.append(change), names="outputs")
    app.controls[0].value = 12.100000000000001
    assert len(redraws) == 1 and app.controls[0].value == 12.100000000000001
    assert app.typed[app.controls[0]].value == "12.1"
