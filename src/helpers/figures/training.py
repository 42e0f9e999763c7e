"""Lesson 06 figures: weekly distance with single-run spikes, and a load ratio over time.

One column per plan (or log): weekly distance bars on top, the chosen acute:chronic ratio
below. Reference bands are drawn only on request, and always say where they come from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from helpers.references import cite
from helpers.style import DASHES, PALETTE, SYMBOLS
from helpers.training import DANGER_ZONE, NO_RECENT_RUN, RATIO_FORMS, SPIKE_BANDS, SWEET_SPOT, TrainingLoad
from helpers.units import km_to

#: How each kind of week is drawn: (colour, bar pattern). Patterns keep them apart without colour.
WEEK_KINDS = {
    "build": (PALETTE[0], ""),
    "target": (PALETTE[2], "."),
    "cutback": (PALETTE[4], "/"),
    "walk-run": (PALETTE[1], "x"),
    "log": (PALETTE[0], ""),
}
#: Spike markers: the three bands above 10 % (Nielsen et al. 2025) and a first run after 30 days off.
SPIKE_MARKERS = {
    SPIKE_BANDS[1][0]: (SYMBOLS[3], PALETTE[1]),
    SPIKE_BANDS[2][0]: (SYMBOLS[6], PALETTE[5]),
    SPIKE_BANDS[3][0]: (SYMBOLS[5], PALETTE[7]),
    NO_RECENT_RUN: (SYMBOLS[1], PALETTE[3]),
}
RATIO_CAP = 4.2  # the coupled ratio cannot pass 4; higher EWMA or uncoupled values are drawn at the cap


@lru_cache(maxsize=1)
def _gabbett() -> str:
    return cite("gabbett2016")


@dataclass(frozen=True)
class Column:
    """One column of the figure: a title, the weekly table and the measures."""

    title: str
    weeks: pd.DataFrame  # columns week_start (Timestamp), distance_km, kind
    load: TrainingLoad


def _axis(name: str, column: int, row: int, columns: int) -> str:
    number = (row - 1) * columns + column
    return name if number == 1 else f"{name}{number}"


def _domains(columns: int) -> list[tuple[float, float]]:
    gap = 0.08 if columns > 1 else 0.0
    width = (1 - gap * (columns - 1)) / columns
    return [(index * (width + gap), index * (width + gap) + width) for index in range(columns)]


def _bars(traces: list, panel: Column, unit: str, axes: tuple[str, str], first: bool) -> None:
    weeks = panel.weeks
    kinds = weeks["kind"].to_numpy()
    starts = weeks["week_start"].to_numpy()
    distance = km_to(weeks["distance_km"].to_numpy(float), unit)
    for kind, (colour, pattern) in WEEK_KINDS.items():
        chosen = kinds == kind
        if not chosen.any():
            continue
        traces.append(dict(type="bar",
            x=starts[chosen], y=distance[chosen], name="weekly total" if kind == "log" else f"weekly total: {kind} week",
            marker=dict(color=colour, pattern=dict(shape=pattern), line=dict(color="#333333", width=0.5)),
            xaxis=axes[0], yaxis=axes[1], legendgroup=kind, showlegend=first, offset=0, width=6 * 86_400_000,
            hovertemplate="week of %{x|%d %b %Y}: %{y:.1f} " + unit + "<extra>" + kind + "</extra>",
        ))
    spikes = panel.load.spikes
    bands = spikes["band"].to_numpy()
    dates = spikes["local_date"].to_numpy()
    runs = km_to(spikes["distance_km"].to_numpy(float), unit)
    for band, (symbol, colour) in SPIKE_MARKERS.items():
        chosen = bands == band
        if not chosen.any():
            continue
        traces.append(dict(type="scatter",
            x=dates[chosen], y=runs[chosen], mode="markers",
            marker=dict(symbol=symbol, size=11, color=colour, line=dict(color="black", width=1)),
            name=f"single run: {band}" if band == NO_RECENT_RUN else f"single run {band} longer than 30-day longest",
            xaxis=axes[0], yaxis=axes[1], legendgroup=band, showlegend=first,
            hovertemplate="%{x|%d %b %Y}: run of %{y:.1f} " + unit + "<extra>" + band + "</extra>",
        ))


def _ratio(traces: list, panel: Column, ratio: str, axes: tuple[str, str], first: bool) -> None:
    ratios = panel.load.ratios
    values = ratios[ratio].to_numpy()
    shown = np.where(np.isfinite(values), np.minimum(values, RATIO_CAP), np.nan)
    traces.append(dict(type="scatter",
        x=ratios.index.to_numpy(), y=shown, mode="lines", line=dict(color=PALETTE[0], width=2.5, dash=DASHES[0]),
        name=RATIO_FORMS[ratio], xaxis=axes[0], yaxis=axes[1], legendgroup="ratio", showlegend=first,
        hovertemplate="%{x|%d %b %Y}: %{y:.2f}<extra></extra>",
    ))
    breaks = ratios.index.to_numpy()[ratios["returning_from_break"].to_numpy()]
    if len(breaks):
        traces.append(dict(type="scatter",
            x=breaks, y=np.zeros(len(breaks)), mode="markers",
            marker=dict(symbol="line-ns", size=10, color=PALETTE[5], line=dict(color=PALETTE[5], width=2)),
            name="no ratio: no running in the weeks before (break)", xaxis=axes[0], yaxis=axes[1],
            legendgroup="break", showlegend=first, hovertemplate="%{x|%d %b %Y}: break, no ratio<extra></extra>",
        ))


def _reference_bands(shapes: list, axes: tuple[str, str], first: bool) -> None:
    """Team-sport bands, named in the legend with their origin (the shapes carry the legend entry)."""
    x_ref, y_ref = axes
    origin = f"team sport ({_gabbett()}); never studied for back pain"
    for name, low, high, colour, opacity in (
        (f"0.8–1.3 'sweet spot': {origin}", SWEET_SPOT[0], SWEET_SPOT[1], PALETTE[2], 0.25),
        (f"≥ 1.5 'danger zone': {origin}", DANGER_ZONE, RATIO_CAP, PALETTE[5], 0.12),
    ):
        shapes.append(dict(type="rect", xref=f"{x_ref} domain", yref=y_ref, x0=0, x1=1, y0=low, y1=high,
                           fillcolor=colour, opacity=opacity, line_width=0, layer="below", name=name,
                           showlegend=first, legendgroup=name))


def training_load_figure(panels: list[Column], ratio: str = "coupled", unit: str = "km", show_bands: bool = False) -> go.Figure:
    """Weekly distance (bars, spikes marked) above the chosen ratio (line), one column per panel."""
    if ratio not in RATIO_FORMS:
        raise ValueError(f"Ratio must be one of {', '.join(RATIO_FORMS)}.")
    columns = len(panels)
    traces: list[dict] = []
    shapes: list[dict] = []
    annotations: list[dict] = []
    layout: dict = {}
    top = max(float(np.nanmax(km_to(panel.weeks["distance_km"].to_numpy(), unit), initial=1.0)) for panel in panels)
    top = max(top, *(float(np.nanmax(km_to(p.load.spikes["distance_km"].to_numpy(), unit), initial=0.0)) for p in panels))
    for column, (panel, domain) in enumerate(zip(panels, _domains(columns)), start=1):
        bars = (_axis("xaxis", column, 1, columns), _axis("yaxis", column, 1, columns))
        line = (_axis("xaxis", column, 2, columns), _axis("yaxis", column, 2, columns))
        short = [name.replace("axis", "") for name in bars + line]
        layout[bars[0]] = dict(domain=domain, anchor=short[1], matches=short[2], showticklabels=False)
        layout[bars[1]] = dict(domain=(0.5, 1.0), anchor=short[0], range=[0, top * 1.1],
                               title=dict(text=f"Distance ({unit})") if column == 1 else None)
        layout[line[0]] = dict(domain=domain, anchor=short[3], title=dict(text="Date (bars: weeks, Monday to Sunday)"))
        layout[line[1]] = dict(domain=(0.0, 0.4), anchor=short[2], range=[0, RATIO_CAP],
                               title=dict(text="Acute:chronic ratio (no unit)") if column == 1 else None)
        _bars(traces, panel, unit, (short[0], short[1]), first=column == 1)
        _ratio(traces, panel, ratio, (short[2], short[3]), first=column == 1)
        if show_bands:
            _reference_bands(shapes, (short[2], short[3]), first=column == 1)
        annotations.append(dict(xref=f"{short[0]} domain", yref="paper", x=0, y=1.0, xanchor="left", yanchor="bottom",
                                text=f"<b>{panel.title}</b>", showarrow=False, font=dict(size=14)))
    layout.update(
        height=560, barmode="overlay", margin=dict(t=50), shapes=shapes, annotations=annotations,
        legend=dict(orientation="h", x=0, y=-0.14, xanchor="left", yanchor="top", font=dict(size=12)),
    )
    # Built from plain dicts and not re-validated property by property (5 times faster, which
    # the simulator's 50 ms budget needs); tests/test_training_widgets.py validates every variant.
    return go.Figure(data=traces, layout=layout, _validate=False)
