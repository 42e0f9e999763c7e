"""The environment check's widget: a test slider wired to a small figure."""

from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go

from helpers.figures import environment_check_figure
from helpers.widgets.base import SLIDER_LAYOUT, WIDE, FigureApp


def environment_check_app() -> FigureApp:
    """A test slider wired to a bar: if the bar follows the slider, widgets and plotly work."""
    slider = widgets.IntSlider(
        value=3, min=1, max=10, step=1, description="Test slider", continuous_update=False, style=WIDE,
        layout=SLIDER_LAYOUT,  # a long track, easy to hit: the first widget a learner meets
    )

    def render() -> tuple[go.Figure, str]:
        return environment_check_figure(slider.value), f"The bar is {slider.value} tall. Move the slider: it should follow."

    return FigureApp([slider], render)
