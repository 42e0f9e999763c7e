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

from helpers.figures import fit
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


#: Vertical layout of one plan's block (shares of the block): bars on top, the ratio below.
BARS_SHARE, GAP_SHARE = 0.52, 0.14
BLOCK_PX, TITLE_PX = 400, 46
#: A load ratio compares the last week with the last 4: with less than this many days there is none.
RATIO_DAYS = 28


def _blocks(count: int) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """(bars domain, ratio domain) of each plan, top to bottom, in paper shares of the plot area."""
    total = count * BLOCK_PX + (count - 1) * TITLE_PX
    block, title = BLOCK_PX / total, TITLE_PX / total
    domains = []
    for index in range(count):
        top = 1 - index * (block + title)
        bottom = top - block
        bars_bottom = top - block * BARS_SHARE
        ratio_top = bars_bottom - block * GAP_SHARE
        domains.append(((round(bars_bottom, 4), round(top, 4)), (round(max(bottom, 0), 4), round(ratio_top, 4))))
    return domains


def _legend_px(traces: list[dict], shapes: list[dict]) -> int:
    """Room for the legend below the plot at the narrowest width (one entry a row, each line 17 px)."""
    names = [item["name"] for item in traces + shapes if item.get("showlegend", True) and item.get("name")]
    return 16 + 17 * sum(name.count("<br>") + 1 for name in names)


def too_little_data(load: TrainingLoad) -> str:
    """A short note for the figure when a log is too short for a load ratio ("" when it is long enough).

    The takeaway says more (:func:`helpers.training_text.too_little_text`).
    """
    days, runs = len(load.daily), len(load.spikes)
    if runs == 0:
        return "There are no runs to show."
    if days >= RATIO_DAYS:
        return ""
    what = "One run is" if runs == 1 else f"{runs} runs over {days} days are"
    return f"{what} not enough for a ratio: it needs {RATIO_DAYS} days of running."


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
            name=fit.legend_name(f"single run: {band}" if band == NO_RECENT_RUN
                                 else f"single run {band} longer than 30-day longest"),
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
            name=fit.legend_name("no ratio: no running in the weeks before (break)"), xaxis=axes[0], yaxis=axes[1],
            legendgroup="break", showlegend=first, hovertemplate="%{x|%d %b %Y}: break, no ratio<extra></extra>",
        ))


def _reference_bands(shapes: list, axes: tuple[str, str], first: bool) -> None:
    """Team-sport bands, named in the legend with their origin (the shapes carry the legend entry)."""
    x_ref, y_ref = axes
    origin = f"team sport ({_gabbett()});<br>never studied for back pain"  # lines that fit a 360 px output
    for name, low, high, colour, opacity in (
        (f"0.8–1.3 'sweet spot':<br>{origin}", SWEET_SPOT[0], SWEET_SPOT[1], PALETTE[2], 0.25),
        (f"≥ 1.5 'danger zone':<br>{origin}", DANGER_ZONE, RATIO_CAP, PALETTE[5], 0.12),
    ):
        shapes.append(dict(type="rect", xref=f"{x_ref} domain", yref=y_ref, x0=0, x1=1, y0=low, y1=high,
                           fillcolor=colour, opacity=opacity, line_width=0, layer="below", name=name,
                           showlegend=first, legendgroup=name))


def training_load_figure(panels: list[Column], ratio: str = "coupled", unit: str = "km", show_bands: bool = False) -> go.Figure:
    """Weekly distance (bars, spikes marked) above the chosen ratio (line), one block per panel, stacked.

    Blocks are stacked, not side by side, so that each keeps the whole width of a narrow
    output; they share one date axis. A log too short for a ratio says so on the figure.
    """
    if ratio not in RATIO_FORMS:
        raise ValueError(f"Ratio must be one of {', '.join(RATIO_FORMS)}.")
    count = len(panels)
    traces: list[dict] = []
    shapes: list[dict] = []
    annotations: list[dict] = []
    layout: dict = {}
    top = max(float(np.nanmax(km_to(panel.weeks["distance_km"].to_numpy(), unit), initial=1.0)) for panel in panels)
    top = max(top, *(float(np.nanmax(km_to(p.load.spikes["distance_km"].to_numpy(), unit), initial=0.0)) for p in panels))
    span = _date_span(panels)
    last = count
    for number, (panel, (bars_domain, ratio_domain)) in enumerate(zip(panels, _blocks(count)), start=1):
        bars = (_axis("xaxis", 1, 2 * number - 1, 1), _axis("yaxis", 1, 2 * number - 1, 1))
        line = (_axis("xaxis", 1, 2 * number, 1), _axis("yaxis", 1, 2 * number, 1))
        short = [name.replace("axis", "") for name in bars + line]
        dates = dict(fit.date_ticks((pd.Timestamp(span[1]) - pd.Timestamp(span[0])).days), range=span)
        layout[bars[0]] = dict(dates, anchor=short[1], showticklabels=False,
                               **({} if number == 1 else {"matches": "x"}))
        layout[bars[1]] = dict(domain=bars_domain, anchor=short[0], range=[0, top * 1.1], nticks=5,
                               title=dict(text=f"Distance ({unit})"))
        layout[line[0]] = dict(dates, anchor=short[3], matches="x", showticklabels=number == last,
                               title=dict(text="Date (bars: weeks, Monday to Sunday)" if number == last else ""))
        layout[line[1]] = dict(domain=ratio_domain, anchor=short[2], range=[0, RATIO_CAP], nticks=5,
                               title=dict(text="Load ratio<br>(no unit)", font=dict(size=13)))
        _bars(traces, panel, unit, (short[0], short[1]), first=number == 1)
        _ratio(traces, panel, ratio, (short[2], short[3]), first=number == 1)
        if show_bands:
            _reference_bands(shapes, (short[2], short[3]), first=number == 1)
        annotations.append(dict(xref="paper", yref=f"{short[1]} domain", x=0, y=1.0, xanchor="left", yanchor="bottom",
                                yshift=6, text=f"<b>{fit.wrap(panel.title, 16)}</b>", showarrow=False,
                                align="left", font=dict(size=14)))
        note = too_little_data(panel.load)
        if note:
            annotations.append(dict(xref=f"{short[2]} domain", yref=f"{short[3]} domain", x=0.5, y=0.5,
                                    text=fit.wrap(note, 13, fit.NARROWEST_PX - 110), showarrow=False,
                                    font=dict(size=13), bgcolor="rgba(255,255,255,0.85)"))
    axis_px = 80  # date ticks (two lines) and the axis title under the last block
    height = TITLE_PX + count * BLOCK_PX + (count - 1) * TITLE_PX + axis_px + _legend_px(traces, shapes)
    layout.update(
        height=height, barmode="overlay", margin=dict(t=TITLE_PX, r=20, b=axis_px), shapes=shapes,
        annotations=annotations, legend=fit.legend_below(),
    )
    # Built from plain dicts and not re-validated property by property (5 times faster, which
    # the simulator's 50 ms budget needs); tests/test_training_widgets.py validates every variant.
    return go.Figure(data=traces, layout=layout, _validate=False)


def _date_span(panels: list[Column]) -> list[str]:
    """The dates shown: every panel's weeks, and at least the 4 weeks a ratio needs (one run is not a whole axis)."""
    starts = pd.concat([panel.weeks["week_start"] for panel in panels])
    if starts.empty:
        first = last = pd.Timestamp("2025-01-06")
    else:
        first, last = starts.min(), starts.max()
    last = max(last + pd.Timedelta(days=7), first + pd.Timedelta(days=RATIO_DAYS))
    return [(first - pd.Timedelta(days=3)).strftime("%Y-%m-%d"), (last + pd.Timedelta(days=3)).strftime("%Y-%m-%d")]
