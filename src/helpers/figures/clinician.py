"""Lesson 07 figure: 100 people without back pain, and every imaging finding at one age."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from helpers.style import PALETTE

HAS = PALETTE[5]  # vermilion, filled dot
HAS_NOT = "#8c8c8c"  # grey, open dot
BAR = PALETTE[4]
CHOSEN_BAR = PALETTE[5]
COLUMNS = 10
#: Vertical shares of the figure: the icon array on top, the bars below (paper coordinates).
TOP, BOTTOM = (0.50, 0.93), (0.0, 0.38)


def _panel_title(text: str, y: float) -> dict:
    return dict(text=text, x=0.0, xref="paper", xanchor="left", y=y, yref="paper", yanchor="bottom",
                showarrow=False, font=dict(size=14))


def imaging_figure(places: list[bool], finding: str, age: int, shares: pd.Series) -> go.Figure:
    """An icon array (one dot a person; filled = has ``finding``) above bars of every finding's share.

    ``places`` comes from :func:`helpers.clinician.icon_array`; ``shares`` maps each finding's
    name to its percentage at ``age``. The chosen finding is told apart in the bars by colour,
    a hatch pattern and a bold label, never by colour alone.
    """
    count = sum(places)
    traces = []
    for has in (True, False):
        spots = [place for place, value in enumerate(places) if value is has]
        colour = HAS if has else HAS_NOT
        traces.append(dict(
            type="scatter", x=[place % COLUMNS for place in spots], y=[-(place // COLUMNS) for place in spots],
            mode="markers", name="has it" if has else "does not", hoverinfo="skip", xaxis="x", yaxis="y",
            marker=dict(size=15, symbol="circle" if has else "circle-open", color=colour, line=dict(width=2, color=colour)),
        ))
    names = list(shares.index)[::-1]  # the first finding at the top
    values = [int(shares[name]) for name in names]
    chosen = [name == finding for name in names]
    traces.append(dict(
        type="bar", orientation="h", x=values, y=[f"<b>{name}</b>" if bold else name for name, bold in zip(names, chosen)],
        xaxis="x2", yaxis="y2", name="share", text=[f"{value} %" for value in values], textposition="outside",
        cliponaxis=False, hovertemplate="%{y}: %{x} %<extra></extra>",
        marker=dict(color=[CHOSEN_BAR if bold else BAR for bold in chosen],
                    pattern=dict(shape=["/" if bold else "" for bold in chosen])),
    ))
    hidden = dict(visible=False, fixedrange=True)
    layout = dict(
        title=dict(text=f"<b>{finding}</b> at age {age}:<br>{count} of {len(places)} people without back pain",
                   font=dict(size=16)),
        height=720, showlegend=False, margin=dict(l=20, r=20, t=90, b=50), bargap=0.25,
        xaxis=dict(hidden, domain=[0, 1], range=[-0.7, COLUMNS - 0.3]),
        yaxis=dict(hidden, domain=list(TOP), range=[-COLUMNS + 0.3, 0.7], scaleanchor="x", scaleratio=1),
        xaxis2=dict(anchor="y2", domain=[0, 1], range=[0, 112], tickvals=[0, 25, 50, 75, 100], fixedrange=True,
                    title=dict(text="People without back pain (%)")),
        yaxis2=dict(anchor="x2", domain=list(BOTTOM), tickfont=dict(size=13), fixedrange=True),
        annotations=[
            _panel_title(f"● {count} have it   ○ {len(places) - count} do not", TOP[1] + 0.005),
            _panel_title(f"Every finding at age {age} (% of people without back pain)", BOTTOM[1] + 0.02),
        ],
    )
    return go.Figure(data=traces, layout=layout, _validate=False)  # built from checked data; a test validates it
