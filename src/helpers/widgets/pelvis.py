"""Lesson 03 widget: the pelvic-tilt illustration."""

from __future__ import annotations

import html
import math

import ipywidgets as widgets

from helpers import pelvis
from helpers.figures.pelvis import pelvis_figure
from helpers.inputs import read_as_html, reading
from helpers.widgets.base import SLIDER_LAYOUT, WIDE, FigureApp, View

TILT = "Pelvic tilt, PT (°)"
INCIDENCE = "Pelvic incidence, PI (°)"
ANATOMY = "Own ASIS–PSIS angle (°)"
TYPED_TILT = "Type a pelvic tilt (°)"
TYPED_INCIDENCE = "Type a pelvic incidence (°)"


def _slider(description: str, value: float, bounds: tuple[float, float], step: float) -> widgets.FloatSlider:
    return widgets.FloatSlider(value=value, min=bounds[0], max=bounds[1], step=step, description=description,
                               readout_format=".1f", continuous_update=False, style=WIDE, layout=SLIDER_LAYOUT)


def pelvic_tilt_explorer() -> FigureApp:
    """Lesson 03: tilt the pelvis (posture) and change its incidence (anatomy); see the angles follow."""
    presets = pelvis.presets()
    start = presets["typical"]
    tilt = _slider(TILT, start.pelvic_tilt_deg, (-10.0, 40.0), 0.1)
    incidence = _slider(INCIDENCE, start.pelvic_incidence_deg, (30.0, 85.0), 1.0)
    anatomy = _slider(ANATOMY, start.asis_psis_anatomy_deg, (0.0, 23.0), 1.0)
    anatomy.tooltip = "Its angle at the typical tilt: 13° ± 5° from anatomy alone (Preece 2008)"

    def render() -> View:
        shape = pelvis.posture(tilt.value, incidence.value, anatomy.value)
        comparisons = pelvis.population_context(shape)
        echo = read_as_html([typed_reading("pelvic tilt", tilt), typed_reading("pelvic incidence", incidence)])
        return View(pelvis_figure(shape, pelvis.drawing(shape), comparisons), echo + pelvis.describe(shape, comparisons),
                    pelvis.figure_description(shape, comparisons), pelvis.figure_numbers(shape, comparisons))

    def typed_reading(name: str, slider: widgets.FloatSlider) -> str:
        """How the box beside ``slider`` was read (its text, if that is what the slider shows)."""
        box, value = typed[slider].value, f"{slider.value:g}°"
        try:
            same = pelvis.parse_angle(box, name, (slider.min, slider.max)) == slider.value
        except ValueError:
            same = False
        return reading(name, box if same else value, value)

    typed = {
        tilt: widgets.Text(value=f"{tilt.value:g}", description=TYPED_TILT, continuous_update=False, style=WIDE,
                           placeholder="e.g. 12, then Enter"),
        incidence: widgets.Text(value=f"{incidence.value:g}", description=TYPED_INCIDENCE, continuous_update=False,
                                style=WIDE, placeholder="e.g. 52, then Enter"),
    }
    buttons = [widgets.Button(description=label, tooltip=f"Show the preset posture: {label}",
                              layout=widgets.Layout(width="auto")) for label in presets]
    preset_row = widgets.HBox([widgets.Label("Presets:"), *buttons], layout=widgets.Layout(flex_flow="row wrap"))
    app = FigureApp([tilt, incidence, anatomy], render)
    app.children = (widgets.VBox([tilt, incidence, anatomy, *typed.values(), preset_row]), *app.children[1:])
    app.presets, app.preset_buttons, app.typed = presets, buttons, typed

    def apply_preset(button: widgets.Button) -> None:
        shape = presets[button.description]
        with app.paused():
            tilt.value = shape.pelvic_tilt_deg
            incidence.value = shape.pelvic_incidence_deg
            anatomy.value = shape.asis_psis_anatomy_deg

    def take_typed(change: dict) -> None:
        box = change["owner"]
        slider = next(slider for slider, text in typed.items() if text is box)
        name = slider.description.split(",")[0]
        try:
            value = pelvis.parse_angle(box.value, name, (slider.min, slider.max))
        except ValueError as error:
            app.show_problem(str(error))
            return
        if not math.isclose(value, slider.value, abs_tol=1e-9):  # not the slider's own value echoed back
            slider.value = value  # redraws (and clears any message)
        elif app.message.value:
            app.refresh()  # the drawing is already right; clear the old message

    def echo(change: dict) -> None:
        text = typed[change["owner"]]
        shown = f"{change['new']:g}"
        if text.value != shown:
            try:
                same = pelvis.parse_angle(text.value, "", (change["owner"].min, change["owner"].max)) == change["new"]
            except ValueError:
                same = False
            if not same:
                text.value = shown

    for button in buttons:
        button.on_click(apply_preset)
    for slider, text in typed.items():
        text.observe(take_typed, names="value")
        slider.observe(echo, names="value")
    return app
