"""The environment check's figure: a bar that follows a slider."""

from __future__ import annotations

import plotly.graph_objects as go

from helpers.figures.fit import title, title_margin
from helpers.style import PALETTE


TITLE = "Environment check: this bar follows the slider"


def environment_check_figure(value: int) -> go.Figure:
    """A bar whose height follows the environment-check slider."""
    figure = go.Figure(
        go.Bar(x=["test bar"], y=[value], marker_color=PALETTE[0], text=[str(value)], textposition="outside")
    )
    figure.update_layout(
        title=title(TITLE),
        margin=dict(t=title_margin(TITLE, below=24)),
        yaxis=dict(title="Slider value (no unit)", range=[0, 11]),
        height=300,
        showlegend=False,
    )
    return figure
