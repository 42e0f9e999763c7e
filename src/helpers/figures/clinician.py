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
TOP, BOTTOM = (0.56, 0.93), (0.0, 0.46)


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
            marker=dict(size=17, symbol="circle" if has else "circle-open", color=colour, line=dict(width=2, color=colour)),
        ))
    names = list(shares.index)[::-1]  # the first finding at the top
    values = [int(shares[name]) for name in names]
    chosen = [name == finding for name in names]
    rows = list(range(len(names)))
    traces.append(dict(
        type="bar", orientation="h", x=values, y=rows, width=0.42, xaxis="x2", yaxis="y2", name="share",
        text=[f"{value} %" for value in values], textposition="outside", cliponaxis=False, textfont=dict(size=13),
        customdata=names, hovertemplate="%{customdata}: %{x} %<extra></extra>",
        marker=dict(color=[CHOSEN_BAR if bold else BAR for bold in chosen],
                    pattern=dict(shape=["/" if bold else "" for bold in chosen])),
    ))
    # Each finding's name sits just above its bar, not beside it: the bars keep the full width
    # of a narrow notebook output instead of losing half of it to the labels.
    labels = [dict(text=f"<b>{name} (chosen)</b>" if bold else name, x=0, y=row + 0.25, xref="x2", yref="y2",
                   xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=13))
              for row, (name, bold) in enumerate(zip(names, chosen))]
    hidden = dict(visible=False, fixedrange=True)
    layout = dict(
        title=dict(text=f"<b>{finding}</b> at age {age}:<br>{count} of {len(places)} people without back pain",
                   font=dict(size=16)),
        height=760, showlegend=False, margin=dict(l=20, r=20, t=90, b=60),
        xaxis=dict(hidden, domain=[0, 1], range=[-0.7, COLUMNS - 0.3]),
        yaxis=dict(hidden, domain=list(TOP), range=[-COLUMNS + 0.4, 0.6]),
        xaxis2=dict(anchor="y2", domain=[0, 1], range=[0, 115], tickvals=[0, 25, 50, 75, 100], fixedrange=True,
                    title=dict(text="People without back pain (%)")),
        yaxis2=dict(anchor="x2", domain=list(BOTTOM), range=[-0.5, len(names) - 0.2], visible=False, fixedrange=True),
        annotations=[
            _panel_title(f"● {count} have it   ○ {len(places) - count} do not", TOP[1] + 0.005),
            _panel_title(f"All findings at age {age}", BOTTOM[1] + 0.02),
            *labels,
        ],
    )
    return go.Figure(data=traces, layout=layout, _validate=False)  # built from checked data; a test validates it
