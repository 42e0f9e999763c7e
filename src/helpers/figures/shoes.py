"""Lesson 05 figures: distance on each pair of shoes, a cambered road."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from helpers.shoes import NO_SHOE, RULE_OF_THUMB_KM, rule_of_thumb
from helpers.style import DASHES, PALETTE, SYMBOLS
from helpers.units import km_to

BAND_COLOUR = "rgba(230, 159, 0, 0.18)"
BAND_TEXT = "retail rule of thumb<br>(no study behind it)"


def _band(unit: str, horizontal: bool) -> tuple[dict, dict]:
    """The shaded rule-of-thumb band and its label, as a layout shape and annotation."""
    low, high = rule_of_thumb(unit)
    label = f"{low:.0f}–{high:.0f} {unit}: {BAND_TEXT}"
    font = dict(size=12, color="#6b4a00")
    if horizontal:
        shape = dict(type="rect", xref="paper", x0=0, x1=1, yref="y", y0=low, y1=high, fillcolor=BAND_COLOUR,
                     line_width=0, layer="below")
    else:
        shape = dict(type="rect", yref="paper", y0=0, y1=1, xref="x", x0=low, x1=high, fillcolor=BAND_COLOUR,
                     line_width=0, layer="below")
    # above the plot area, where no line or bar can run through it
    note = dict(yref="paper", y=1.0, xref="paper", x=0, text=f"Shaded: {label}", showarrow=False,
                xanchor="left", yanchor="bottom", align="left", font=font)
    return shape, note


LINE_LABEL_PX = 17  # the height of a line's end label (13 px text)
PLOT_PX = 290  # the plot area's height: the figure's 440 px less its margins


def _separate(notes: list[dict], top: float) -> None:
    """Lift end labels that would overprint one another (ends within a third of the dates, closer than a label)."""
    if len(notes) < 2:
        return
    days = pd.to_datetime([note["x"] for note in notes])
    near = max((days.max() - days.min()).days / 3, 1)
    per_unit = PLOT_PX / (top * 1.05 or 1.0)
    placed: list[tuple[pd.Timestamp, float]] = []
    for index in sorted(range(len(notes)), key=lambda i: notes[i]["y"]):
        height = notes[index]["y"] * per_unit
        for day, other in sorted(placed, key=lambda item: item[1]):
            if abs((days[index] - day).days) < near and height < other + LINE_LABEL_PX:
                height = max(height, other + LINE_LABEL_PX)
        if height > notes[index]["y"] * per_unit:
            notes[index]["yshift"] = math.ceil(height - notes[index]["y"] * per_unit)
        placed.append((days[index], height))


def shoe_distance_figure(over_time: pd.DataFrame, unit: str = "km", title: str = "Distance on each pair") -> go.Figure:
    """Each pair's running total against time (``helpers.shoes.distance_over_time``), with the 480–800 km band.

    Pairs are told apart by dash and marker as well as colour, and each line ends in its name.
    The figure is built in one step without plotly's per-property validation (``add_*`` calls and
    validation cost milliseconds each; tests/test_shoes.py validates the figures).
    """
    traces, notes = [], []
    dates = over_time["period_start"].dt.strftime("%Y-%m-%d") if len(over_time) else over_time["period_start"]
    totals = km_to(over_time["total_km"].to_numpy(float), unit)
    for number, (shoe, rows) in enumerate(over_time.groupby("shoe", sort=False).indices.items()):
        colour = "#777777" if shoe == NO_SHOE else PALETTE[number % 7]
        x, y = dates.to_numpy()[rows], totals[rows]
        traces.append(dict(
            type="scatter", x=x, y=y, mode="lines+markers", name=str(shoe),
            line=dict(color=colour, dash=DASHES[number % len(DASHES)], width=3),
            marker=dict(symbol=SYMBOLS[number % len(SYMBOLS)], size=7, color=colour),
            hovertemplate=f"{shoe}<br>%{{x|%b %Y}}: %{{y:,.0f}} {unit}<extra></extra>",
        ))
        notes.append(dict(x=x[-1], y=y[-1], text=str(shoe), showarrow=False, xanchor="right", yanchor="bottom",
                          font=dict(size=13, color=colour)))
    _separate(notes, float(totals.max()) if len(totals) else 1.0)
    band, band_note = _band(unit, horizontal=True)
    if over_time.empty:
        notes.append(dict(text="No runs to show.", xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False))
    return go.Figure(data=traces, layout=dict(
        title=dict(text=title, font=dict(size=16)), height=440, showlegend=False,
        margin=dict(l=70, r=20, t=100, b=50), shapes=[band], annotations=[*notes, band_note],
        xaxis=dict(title=dict(text="Date"), type="date"),
        yaxis=dict(title=dict(text=f"Distance on the pair ({unit})"), rangemode="tozero"),
    ), _validate=False)  # built from checked data; a test validates every variant


def shoe_bars_figure(totals: pd.DataFrame, unit: str = "km", title: str = "Distance on each pair") -> go.Figure:
    """One bar per pair (``shoe_totals`` or ``pairs_from_text``), with the 480–800 km band behind."""
    values = km_to(totals["distance_km"].to_numpy(float), unit)
    labels = [f"{value:,.0f} {unit}" for value in values]  # the status is in the text beside the figure
    figure = go.Figure(go.Bar(
        y=totals["shoe"].astype(str), x=values, orientation="h", text=labels, textposition="outside",
        marker=dict(color=PALETTE[0], pattern=dict(shape="/")), cliponaxis=False,
        hovertemplate=f"%{{y}}: %{{x:,.0f}} {unit}<extra></extra>",
    ))
    band, band_note = _band(unit, horizontal=False)
    figure.update_layout(shapes=[band], annotations=[band_note])
    top = max([km_to(RULE_OF_THUMB_KM[1], unit) * 1.15, *(values * 1.3)])  # room for the labels
    figure.update_layout(
        title=dict(text=title, font=dict(size=16)), height=max(280, 140 + 45 * len(totals)), showlegend=False,
        margin=dict(l=20, r=20, t=100, b=50),
        xaxis=dict(title=f"Distance ({unit})", range=[0, top]), yaxis=dict(autorange="reversed", automargin=True),
    )
    return figure


def step_width_text(step_width_cm: float, unit: str = "cm") -> str:
    """'10 cm (3.9 in)', or '3.9 in (9.9 cm)' with ``unit="in"``."""
    inches = step_width_cm / 2.54
    return f"{inches:.1f} in ({step_width_cm:.1f} cm)" if unit == "in" else f"{step_width_cm:.0f} cm ({inches:.1f} in)"


def camber_figure(slope_percent: float, step_width_cm: float, height_cm: float, unit: str = "cm") -> go.Figure:
    """A cross-section of a road falling to the kerb, with both feet on it and the height between them.

    The slope is drawn exaggerated ×5 so that a few percent can be seen; the numbers are true.
    ``unit`` (``"cm"`` or ``"in"``) is written first in the labels, the other second.
    """
    if unit not in ("cm", "in"):
        raise ValueError(f"Unknown length unit {unit!r}: use 'cm' or 'in'.")

    def both(cm: float, digits: int) -> str:
        inches = f"{cm / 2.54:.{digits}f} in"
        return f"{inches} ({cm:.{digits}f} cm)" if unit == "in" else f"{cm:.{digits}f} cm ({inches})"

    scale = 5.0
    half_road = 150.0  # cm shown either side of the runner
    drop = slope_percent / 100 * scale
    x = [-half_road, half_road]
    y = [half_road * drop, -half_road * drop]
    left, right = -step_width_cm / 2, step_width_cm / 2
    feet_y = [-left * drop, -right * drop]
    traces = [
        dict(type="scatter", x=x, y=y, mode="lines", line=dict(color="#444444", width=4), name="road surface"),
        dict(type="scatter", x=[left, right], y=feet_y, mode="markers", name="feet",
             marker=dict(symbol=["square", "diamond"], size=16, color=PALETTE[0])),
    ]
    # Each label points at its foot from its own side (up-right, down-left), clear of the road's end labels.
    notes = [dict(x=foot_x, y=foot_y, text=text, ax=ax, ay=ay, showarrow=True, arrowhead=0, arrowwidth=1,
                  arrowcolor="#666666", font=dict(size=13))
             for foot_x, foot_y, text, (ax, ay) in ((left, feet_y[0], "higher foot", (30, -48)),
                                                    (right, feet_y[1], "lower foot", (-30, 48)))]
    notes += [
        dict(x=right, y=(feet_y[0] + feet_y[1]) / 2, text=both(height_cm, 2), showarrow=False, xanchor="left",
             xshift=12, yshift=12, font=dict(size=14, color=PALETTE[5])),
        dict(x=0, xref="paper", xanchor="left", y=1, yref="paper", yanchor="top",
             text=f"Feet {step_width_text(step_width_cm, unit)} apart", showarrow=False, font=dict(size=13)),
        dict(x=half_road, y=y[1], text="kerb side", showarrow=False, xanchor="right", yanchor="top"),
        dict(x=-half_road, y=y[0], text="crown of the road", showarrow=False, xanchor="left", yanchor="bottom"),
    ]
    figure = go.Figure(data=traces, layout=dict(
        height=320, showlegend=False, margin=dict(l=10, r=10, t=40, b=20), annotations=notes,
        shapes=[dict(type="line", x0=right, x1=right, y0=feet_y[0], y1=feet_y[1], line=dict(color=PALETTE[5], width=3))],
        # one line of 12 px fits a 360 px output (a browser test checks it)
        title=dict(text=f"Road falling {slope_percent:g} % sideways (drawn 5 × steeper)", font=dict(size=12),
                   x=0, xref="container", xanchor="left", pad=dict(l=10)),
        xaxis=dict(visible=False, range=[-half_road * 1.05, half_road * 1.05]),
        yaxis=dict(visible=False, range=[-half_road * 0.75 - 40, half_road * 0.75 + 60]),
    ), _validate=False)  # built in one step (add_* calls cost milliseconds each); a test validates it
    return figure
