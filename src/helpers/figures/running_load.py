"""Lesson 01 figures: peak force against speed, and how common back pain is."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.figures.fit import legend_below, legend_name, title, title_margin
from helpers.references import cite
from helpers.style import DASHES, PALETTE, SYMBOLS
from helpers.units import km_to, ms_to_kmh


TITLE = "Each running step's peak force rises with speed"


def force_speed_figure(
    forces: pd.DataFrame,
    model_curve: pd.DataFrame,
    speed_kmh: float,
    peak_bw: float,
    unit: str = "km",
) -> go.Figure:
    """Peak vertical ground reaction force against speed, with the learner's run marked.

    ``forces`` is the ``running_forces`` table (measured running points, and walking,
    drawn apart and never joined to running); ``model_curve`` has columns ``speed_kmh``
    and ``peak_force_bw`` (the running model); ``unit`` chooses km/h or mph on the x axis.
    """
    speed_label = "km/h" if unit == "km" else "mph"
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=km_to(model_curve["speed_kmh"].to_numpy(), unit),
            y=model_curve["peak_force_bw"],
            mode="lines",
            line=dict(color=PALETTE[0], dash=DASHES[0], width=3),
            name=legend_name(f"Running model ({cite('weyand2005')}; {cite('morin2005')})"),
        )
    )
    running = forces[forces["series"] == "running"]
    for number, (source, group) in enumerate(running.groupby("source", sort=False)):
        figure.add_trace(
            go.Scatter(
                x=km_to(ms_to_kmh(group["speed_m_s"].to_numpy()), unit),
                y=group["peak_force_bw"],
                mode="markers",
                marker=dict(symbol=SYMBOLS[1 + number], size=12, color=PALETTE[2 + number]),
                name=legend_name(f"Running, measured ({cite(source)})"),
            )
        )
    walking = forces[forces["series"] == "walking"]
    figure.add_trace(
        go.Scatter(
            x=km_to(ms_to_kmh(walking["speed_m_s"].to_numpy()), unit),
            y=walking["peak_force_bw"],
            mode="markers",
            marker=dict(symbol="x", size=12, color="grey"),
            name=legend_name(f"Walking, for comparison ({', '.join(cite(key) for key in walking['source'].unique())})"),
        )
    )
    top_speed = km_to(float(np.max(model_curve["speed_kmh"])), unit)
    # The learner's label reads away from the nearer side edge, so it is never cut off.
    side = "left" if km_to(speed_kmh, unit) > 0.55 * top_speed else "right"
    figure.add_trace(
        go.Scatter(
            x=[km_to(speed_kmh, unit)],
            y=[peak_bw],
            mode="markers+text",
            marker=dict(symbol=SYMBOLS[2], size=16, color=PALETTE[1], line=dict(color="black", width=1)),
            text=[f"you: {peak_bw:.1f} × body weight"],
            textposition=f"top {side}",
            name="Your run (model)",
        )
    )
    figure.update_layout(
        title=title(TITLE),
        xaxis=dict(title=f"Running speed ({speed_label})", range=[0, top_speed * 1.04]),
        yaxis=dict(title="Peak force (× body weight)", range=[0, 3.7]),
        height=560,
        margin=dict(r=20, t=title_margin(TITLE)),
        legend=legend_below(),
    )
    return figure


def prevalence_figure(prevalence: pd.DataFrame) -> go.Figure:
    """Published ranges of low back pain prevalence by group, as horizontal range bars."""
    figure = go.Figure()
    for number, row in enumerate(prevalence.itertuples()):
        single = row.low_percent == row.high_percent
        label = f"{row.low_percent:g} %" if single else f"{row.low_percent:g}–{row.high_percent:g} %"
        figure.add_trace(
            go.Scatter(
                x=[row.low_percent, row.high_percent],
                y=[row.group, row.group],
                mode="lines+markers+text",
                line=dict(color=PALETTE[number], width=10),
                marker=dict(symbol=SYMBOLS[number], size=14, color=PALETTE[number]),
                text=["", f"{label} ({cite(row.source)}, {row.measure})"],
                textposition="middle right",
                name=row.group,
            )
        )
    figure.update_layout(
        title="How common is low back pain? Published ranges",
        xaxis=dict(title="People with low back pain (%)", range=[0, 130], tickvals=[0, 20, 40, 60, 80, 100]),
        yaxis=dict(title="Group (no unit)", autorange="reversed"),
        height=320,
        showlegend=False,
    )
    return figure
