"""The environment check's widget: a test slider wired to a small figure."""

from __future__ import annotations

import ipywidgets as widgets

from helpers.figure_text import check_description, check_numbers
from helpers.figures import environment_check_figure
from helpers.widgets.base import SLIDER_LAYOUT, WIDE, FigureApp, View


def environment_check_app() -> FigureApp:
    """A test slider wired to a bar: if the bar follows the slider, widgets and plotly work."""
    slider = widgets.IntSlider(
        value=3, min=1, max=10, step=1, description="Test slider", continuous_update=False, style=WIDE,
        layout=SLIDER_LAYOUT,  # a long track, easy to hit: the first widget a learner meets
    )

    def render() -> View:
        return View(environment_check_figure(slider.value),
                    f"The bar is {slider.value} tall. Move the slider: it should follow.",
                    check_description(slider.value), check_numbers(slider.value))

    return FigureApp([slider], render)
