"""Thin ipywidgets wiring over the models and figures. One call per widget in a lesson.

A figure app redraws its figure by replacing the output of an ``Output`` widget with
the figure's ``plotly_mimetype`` bundle (about 0.1 MB over the websocket per redraw)
rather than using ``FigureWidget`` (which sends the 10 MB plotly.js bundle per widget
and needs ``anywidget``); see ``../shared/stack-notes.md``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as widgets
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers import figures, quiz, running_load
from helpers.data import load_table
from helpers.units import KM_PER_MILE, LB_PER_KG, lb_to_kg, to_km

WIDE = {"description_width": "14em"}
SLIDER_LAYOUT = widgets.Layout(width="34em")


def figure_output(figure: go.Figure) -> dict:
    """A notebook display output holding a figure, as the Output widget stores it."""
    return {"output_type": "display_data", "data": figure._repr_mimebundle_(), "metadata": {}}


class Panel(widgets.VBox):
    """A course widget. Its text form (shown where widgets cannot render) says what to do."""

    def __repr__(self) -> str:
        return (
            f"[{type(self).__name__}: an interactive widget. If you can read this text instead of the "
            "widget, open the course in JupyterLab (see 00-start-here) and run the cell again.]"
        )


class FigureApp(Panel):
    """Controls above a figure, with a one-sentence text takeaway beside it.

    ``render()`` reads the controls and returns ``(figure, takeaway_html)``. If it
    raises ``ValueError`` the message is shown next to the controls and the last good
    figure and takeaway stay as they were.
    """

    def __init__(self, controls: Sequence[widgets.Widget], render: Callable[[], tuple[go.Figure, str]]):
        self.controls = list(controls)
        self._render = render
        self.message = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
        self.figure_area = widgets.Output(layout=widgets.Layout(flex="1 1 60%", min_width="24em"))
        self.takeaway = widgets.HTML(layout=widgets.Layout(flex="1 1 30%", min_width="14em", padding="0 0 0 1em"))
        self.takeaway.add_class("back-on-track-takeaway")
        super().__init__(
            [
                widgets.VBox(self.controls),
                self.message,
                widgets.HBox([self.figure_area, self.takeaway], layout=widgets.Layout(flex_flow="row wrap")),
            ]
        )
        self.add_class("back-on-track-app")
        for control in self.controls:
            control.observe(self.refresh, names="value")
        self._paused = False
        self.refresh()

    def refresh(self, change: dict | None = None) -> None:
        """Redraw the figure and the takeaway from the controls' current values."""
        if self._paused:
            return
        try:
            figure, takeaway = self._render()
        except ValueError as error:
            self.message.value = f'<span role="alert"><b>Please check:</b> {html.escape(str(error))}</span>'
            return
        self.message.value = ""
        self.figure_area.outputs = (figure_output(figure),)
        self.takeaway.value = f'<div role="status" aria-live="polite">{takeaway}</div>'

    def paused(self) -> _Paused:
        """A context in which control changes do not redraw (redraws once at the end)."""
        return _Paused(self)


class _Paused:
    def __init__(self, app: FigureApp):
        self.app = app

    def __enter__(self) -> None:
        self.app._paused = True

    def __exit__(self, *exc: object) -> None:
        self.app._paused = False
        self.app.refresh()


def environment_check_app() -> FigureApp:
    """A test slider wired to a bar: if the bar follows the slider, widgets and plotly work."""
    slider = widgets.IntSlider(
        value=3, min=1, max=10, step=1, description="Test slider", continuous_update=False, style=WIDE
    )

    def render() -> tuple[go.Figure, str]:
        return figures.environment_check_figure(slider.value), f"The bar is {slider.value} tall. Move the slider: it should follow."

    return FigureApp([slider], render)


def load_explorer() -> FigureApp:
    """Lesson 01: peak force per step and steps per km (or mile) at the learner's speed."""
    forces = load_table("running_forces")
    speeds = np.linspace(*running_load.SPEED_RANGE_KMH, 81)
    curve = pd.DataFrame({"speed_kmh": speeds, "peak_force_bw": running_load.peak_force_bw(speeds / 3.6)})
    units = widgets.ToggleButtons(
        options=[("metric (km, kg)", "km"), ("imperial (miles, lb)", "mi")], value="km", description="Units", style=WIDE
    )
    speed = widgets.FloatSlider(value=10.0, min=6.0, max=22.0, step=0.5, readout_format=".1f", style=WIDE,
                                continuous_update=False, layout=SLIDER_LAYOUT)
    cadence = widgets.IntSlider(value=170, min=140, max=210, step=1, description="Cadence (steps/min)",
                                continuous_update=False, style=WIDE, layout=SLIDER_LAYOUT)
    mass = widgets.IntSlider(value=70, min=40, max=130, step=1, style=WIDE, continuous_update=False, layout=SLIDER_LAYOUT)

    def render() -> tuple[go.Figure, str]:
        unit = units.value
        speed_kmh = to_km(speed.value, unit)
        mass_kg = mass.value if unit == "km" else lb_to_kg(mass.value)
        load = running_load.load_per_km(speed_kmh, cadence.value, mass_kg)
        figure = figures.force_speed_figure(forces, curve, speed_kmh, load.peak_force_bw, unit)
        return figure, running_load.describe(load, unit)

    app = FigureApp([units, speed, cadence, mass], render)

    def label_units(change: dict | None = None) -> None:
        imperial = units.value == "mi"
        factor = KM_PER_MILE if imperial else 1 / KM_PER_MILE
        mass_factor = LB_PER_KG if imperial else 1 / LB_PER_KG
        with app.paused():
            if change is not None:  # convert the current settings to the new unit
                _rescale(speed, 1 / factor, digits=1)
                _rescale(mass, mass_factor, digits=0)
            speed.description = "Speed (mph)" if imperial else "Speed (km/h)"
            mass.description = "Body mass (lb)" if imperial else "Body mass (kg)"

    label_units()
    units.observe(label_units, names="value")
    return app


def _rescale(slider: widgets.Widget, factor: float, digits: int) -> None:
    """Move a slider to another unit: bounds and value multiplied by ``factor``."""
    value = round(slider.value * factor, digits)
    low, high = round(slider.min * factor, digits), round(slider.max * factor, digits)
    if digits == 0:
        value, low, high = int(value), int(low), int(high)
    with slider.hold_trait_notifications():
        if low > slider.max:
            slider.max, slider.min = high, low
        else:
            slider.min, slider.max = low, high
        slider.value = min(max(value, low), high)


class SelfTest(Panel):
    """A lesson's self-test: one box per question."""


def self_test(lesson: int) -> SelfTest:
    """The self-test questions of a lesson, each with feedback after answering."""
    items = [_question_box(number, question) for number, question in enumerate(quiz.questions(lesson), 1)]
    return SelfTest(items)


def _question_box(number: int, question: quiz.Question) -> widgets.VBox:
    prompt = widgets.HTML(f"<b>{number}. {html.escape(question.text)}</b>")
    choices = widgets.RadioButtons(options=question.choices, value=None, layout=widgets.Layout(width="auto"))
    check = widgets.Button(description="Check answer", tooltip=f"Check your answer to question {number}")
    feedback = widgets.HTML()

    def on_check(_: widgets.Button) -> None:
        feedback.value = quiz.feedback_html(question, choices.index)

    check.on_click(on_check)
    box = widgets.VBox([prompt, choices, check, feedback], layout=widgets.Layout(margin="0 0 1em 0"))
    box.add_class("back-on-track-question")
    return box
