"""Lesson 09 figures: the return-to-run plan, session by session, with lesson 06's spike limit.

Bars are each session's distance as a watch records it (a walk–run session's walking
included, at the planner's assumed walking speed), patterned by phase; a step line marks
the limit of +10 % over the longest run of the 30 days before (Nielsen et al. 2025); a
dashed line marks the runner's old long run. Built from plain dicts without
plotly's validation (the planner redraws on every change); tests validate the result.
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from helpers.figures import fit
from helpers.recovery import SPIKE_LIMIT, ReturnPlan
from helpers.style import DASHES, PALETTE, SYMBOLS
from helpers.units import KM_PER_MILE

#: How each phase is drawn: (colour, bar pattern, legend name). Patterns keep them apart without colour.
PHASES = {
    "walk–run": (PALETTE[1], "x", "walk–run session (walking and running)"),
    "continuous": (PALETTE[0], "", "continuous run"),
}
HEIGHT = 500
ROW_PX, PANEL_MIN_PX, GAP_PX = 55, 80, 95  # the evidence chart: px per effect, per panel at least, between panels
TITLE = "Your return to running, session by session"


@lru_cache(maxsize=4)
def _template_json(name: str) -> str:
    return json.dumps(pio.templates[name].to_plotly_json())


def plan_figure(plan: ReturnPlan, unit: str = "km") -> go.Figure:
    """The plan's sessions as bars (session distance, walking included), the spike limit and the old long run."""
    traces, layout = plan_parts(plan, unit)
    return go.Figure(data=traces, layout=layout, _validate=False)


def plan_output(plan: ReturnPlan, unit: str = "km") -> dict:
    """:func:`plan_figure` as the notebook output an ``Output`` widget shows, built without plotly's
    serialiser (the same JSON as ``figure._repr_mimebundle_()``; tests compare the two)."""
    traces, layout = plan_parts(plan, unit)
    layout = {**layout, "template": json.loads(_template_json(pio.templates.default))}
    return {"output_type": "display_data", "data": {"application/vnd.plotly.v1+json": {"data": traces, "layout": layout}},
            "metadata": {}}


def plan_parts(plan: ReturnPlan, unit: str = "km") -> tuple[list[dict], dict]:
    """The traces and layout of :func:`plan_figure` as plain JSON-ready dicts and lists."""
    factor, label = (1.0, "km") if unit == "km" else (1 / KM_PER_MILE, "miles")
    layout = dict(
        height=HEIGHT, margin=dict(l=70, r=20, t=fit.title_margin(TITLE, 16), b=60),
        title=fit.title(TITLE, 16),
        xaxis=dict(title=dict(text="Week of the plan"), range=[0.5, 8.5], dtick=1),
        yaxis=dict(title=dict(text=f"Distance per session ({label})"), rangemode="tozero"),
        legend=fit.legend_below(),
        bargap=0.15,
    )
    if not plan.has_plan:
        layout["annotations"] = [dict(text="No plan yet: read the message beside the figure.", x=0.5, y=0.5,
                                      xref="paper", yref="paper", showarrow=False, font=dict(size=15))]
        layout["yaxis"]["range"] = [0, 1]
        return [], layout
    sessions = plan.sessions
    week, session = sessions["week"].to_numpy(), sessions["session"].to_numpy()
    x = np.round(week + (session - 2) * 0.28, 2)
    phase, run_km = sessions["phase"].to_numpy(), sessions["run_km"].to_numpy(float)
    minutes = np.column_stack([sessions["run_min"].to_numpy(float), sessions["session_min"].to_numpy(float)])
    traces = []
    for name_of_phase, (colour, shape, name) in PHASES.items():
        part = phase == name_of_phase
        if not part.any():
            continue
        traces.append(dict(
            type="bar", x=_list(x[part]), y=_list(run_km[part] * factor), width=0.26,
            name=name, marker=dict(color=colour, pattern=dict(shape=shape), line=dict(color="#333333", width=0.5)),
            customdata=np.column_stack([week[part], session[part], np.round(minutes[part], 2)]).tolist(),
            hovertemplate=("week %{customdata[0]}, session %{customdata[1]}: %{y:.2f} " + label
                           + " (running %{customdata[2]:.1f} of %{customdata[3]:.1f} min)<extra></extra>"),
        ))
    limit = (1 + SPIKE_LIMIT) * sessions["longest_before_km"].to_numpy(float) * factor
    traces.append(dict(
        type="scatter", x=_list(x), y=_list(limit), mode="lines+markers", name="limit: +10 % on the 30-day longest run",
        line=dict(color=PALETTE[5], dash=DASHES[2], width=2, shape="hvh"),
        marker=dict(symbol=SYMBOLS[3], size=6, color=PALETTE[5]), connectgaps=False,
        hovertemplate="limit %{y:.2f} " + label + "<extra></extra>",
    ))
    if plan.target_long_km > 0:
        layout["shapes"] = [dict(type="line", xref="paper", x0=0, x1=1, y0=plan.target_long_km * factor,
                                 y1=plan.target_long_km * factor, line=dict(color=PALETTE[7], dash=DASHES[1], width=1.5))]
        layout["annotations"] = [dict(text=f"your long run before: {plan.target_long_km * factor:.1f} {label}",
                                      xref="paper", x=0.01, xanchor="left", y=plan.target_long_km * factor,
                                      yanchor="bottom", showarrow=False, font=dict(size=13))]
    weeks = int(week[-1])
    layout["xaxis"]["range"] = [0.5, weeks + 0.5]
    layout["xaxis"]["dtick"] = 1 if weeks <= 10 else 2 if weeks <= 24 else 4  # ticks stay level at 450 px
    layout["xaxis"]["tickangle"] = 0
    top = max(float(np.nanmax(limit)) if np.isfinite(limit).any() else 0.0,
              float(run_km.max() * factor), plan.target_long_km * factor)
    layout["yaxis"]["range"] = [0, top * 1.12]
    return traces, layout


def _list(values: np.ndarray) -> list:
    """Numbers as a JSON-ready list, NaN as None (a gap), rounded to 0.01."""
    return [None if np.isnan(value) else round(float(value), 2) for value in values]


def plan_description(plan: ReturnPlan, unit: str = "km") -> str:
    """What the figure shows, in plain text for screen readers (changes with the plan)."""
    if not plan.has_plan:
        return "An empty chart: there is no plan to draw yet."
    factor, label = (1.0, "km") if unit == "km" else (1 / KM_PER_MILE, "miles")
    first, last = plan.sessions.iloc[0], plan.sessions.iloc[-1]
    return (f"Bars for {len(plan.sessions)} sessions over {int(last['week'])} weeks, rising from "
            f"{first['run_km'] * factor:.2f} to {last['run_km'] * factor:.1f} {label} a session (walking included); "
            "every bar stays under the dotted limit line of +10 % on the longest run of the 30 days before.")


def evidence_figure(effects: pd.DataFrame) -> go.Figure:
    """Each verified effect as a point with its 95 % interval, one panel per scale (never mixed).

    A dashed line marks "no difference" on each scale. None of these sources gives a
    clinically important threshold on its own scale, so none is drawn.
    """
    scales = list(dict.fromkeys(effects["scale"]))
    # Each panel is as tall as its rows need (a two-line label each); the gap holds the x ticks
    # of the panel above and the two-line scale note of the one below.
    panels = [max(PANEL_MIN_PX, ROW_PX * int((effects["scale"] == scale).sum())) for scale in scales]
    plot_px = sum(panels) + GAP_PX * (len(scales) - 1)
    traces, layout = [], dict(height=plot_px + 155, margin=dict(l=20, r=30, t=115, b=40), showlegend=False,
                              title=dict(text="What the trials found (95 % intervals)", font=dict(size=16),
                                         y=0.99, yanchor="top"),
                              annotations=[], shapes=[])
    for number, scale in enumerate(scales):
        rows = effects[effects["scale"] == scale]
        suffix = "" if number == 0 else str(number + 1)
        top = 1 - (sum(panels[:number]) + GAP_PX * number) / plot_px
        height = panels[number] / plot_px
        labels = [f"{t}<br><span style='font-size:12px'>vs {c}</span>" for t, c in zip(rows["treatment"], rows["comparison"])]
        traces.append(dict(
            type="scatter", x=rows["effect"].tolist(), y=labels, mode="markers", xaxis=f"x{suffix}", yaxis=f"y{suffix}",
            marker=dict(symbol=SYMBOLS[1], size=12, color=PALETTE[0]), name=scale,
            error_x=dict(type="data", symmetric=False, array=(rows["high"] - rows["effect"]).round(3).tolist(),
                         arrayminus=(rows["effect"] - rows["low"]).round(3).tolist(), color=PALETTE[0], thickness=2),
            hovertemplate="%{x} (%{customdata})<extra></extra>",
            customdata=[f"{low:g} to {high:g}" for low, high in zip(rows["low"], rows["high"])],
        ))
        lows, highs, null = rows["low"].min(), rows["high"].max(), float(rows["no_effect"].iloc[0])
        span = max(highs, null) - min(lows, null)
        layout[f"xaxis{suffix}"] = dict(domain=[0.42, 1], anchor=f"y{suffix}",
                                        range=[min(lows, null) - 0.12 * span, max(highs, null) + 0.12 * span])
        layout[f"yaxis{suffix}"] = dict(domain=[max(top - height, 0), top], anchor=f"x{suffix}", automargin=True)
        layout["shapes"].append(dict(type="line", xref=f"x{suffix}", yref=f"y{suffix} domain", x0=null, x1=null,
                                     y0=0, y1=1, line=dict(color=PALETTE[7], dash=DASHES[1], width=1.5)))
        layout["annotations"].append(dict(text=scale.replace(", ", ",<br>"), xref="paper", yref="paper", x=0, y=top, yshift=4,
                                          xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=13)))
    return go.Figure(data=traces, layout=layout)

