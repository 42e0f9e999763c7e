"""Lesson 10 figure: a plan's weekly running distance, strength sessions, and runs over the spike limit.

Bars are each week's running (labelled with their distance); a square marker per week shows
how many strength sessions it holds (on a second axis); a cross above a bar marks a week
with a run over its spike limit (named in the legend).
Meaning is carried by shape and label as well as colour.
"""

from __future__ import annotations

import plotly.graph_objects as go

from helpers.plan import Plan
from helpers.style import PALETTE, SYMBOLS
from helpers.units import km_to


def plan_figure(plan: Plan, unit: str = "km") -> go.Figure:
    """Weekly running distance (bars, in ``unit``) with strength sessions and spike-limit warnings."""
    weeks = [week.week for week in plan.weeks]
    running = [round(km_to(week.run_km, unit), 1) for week in plan.weeks]
    strength = [sum(s.session.kind == "strength" for s in week.sessions) for week in plan.weeks]
    over = [sum(s.over_limit for s in week.sessions) for week in plan.weeks]
    figure = go.Figure()
    figure.add_bar(x=weeks, y=running, name=f"Running ({unit} a week)", marker_color=PALETTE[0],
                   text=[f"{value:.1f}" for value in running], textposition="outside", cliponaxis=False,
                   hovertemplate=f"Week %{{x}}: %{{y:.1f}} {unit}<extra></extra>")
    figure.add_scatter(x=weeks, y=strength, yaxis="y2", mode="markers", name="Strength sessions (right axis)",
                       marker=dict(symbol=SYMBOLS[1], size=11, color=PALETTE[1], line=dict(width=1, color="#222")),
                       hovertemplate="Week %{x}: %{y} strength session(s)<extra></extra>")
    flagged = [week for week, count in zip(weeks, over) if count]
    top = max(running, default=0) or 1
    if flagged:  # a cross above the bar (named in the legend, no text that could collide when narrow)
        figure.add_scatter(x=flagged, y=[top * 1.15] * len(flagged), mode="markers", name="A run over its spike limit",
                           marker=dict(symbol=SYMBOLS[5], size=12, color=PALETTE[5]),
                           hovertemplate="Week %{x}: a run over its spike limit<extra></extra>")
    figure.update_layout(
        height=400, margin=dict(l=60, r=60, t=40, b=120), bargap=0.3,
        title=dict(text=f"Your plan: {len(weeks)} weeks", font=dict(size=16)),
        xaxis=dict(title="Week of the plan (1 = the first)", tickmode="linear", dtick=1),
        yaxis=dict(title=f"Running ({unit} a week)", range=[0, top * 1.25]),
        yaxis2=dict(title="Strength sessions (a week)", overlaying="y", side="right", rangemode="tozero",
                    range=[0, max(4, max(strength, default=0) + 1)], dtick=1, showgrid=False),
        legend=dict(orientation="h", yanchor="top", y=-0.3, x=0),
    )
    return figure
