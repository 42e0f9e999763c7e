"""Lesson 04 figures: the core-endurance self-test (ratios and holds) and the six-week progression."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from helpers.core import TEST_NAMES, Comparison, Ratio
from helpers.style import DASHES, PALETTE, SYMBOLS

YOU = PALETTE[5]
TARGET = PALETTE[7]
#: Reference samples: verified ones filled, unverified ones hollow (and labelled so in the legend).
SAMPLE_STYLE = {True: (PALETTE[0], SYMBOLS[1]), False: (PALETTE[1], "circle-open")}
SHORT_NAMES = {
    "flexor": "Flexor",
    "extensor": "Extensor",
    "side_right": "Side R",
    "side_left": "Side L",
    "plank": "Plank",
}
SHORT_RATIOS = {
    "flexion-extension": "Flex : ext",
    "right-extension": "Side R : ext",
    "left-extension": "Side L : ext",
    "right-left": "Side R : L",
}


def self_test_figure(ratios: list[Ratio], comparisons: list[Comparison], holds: dict[str, float | None]) -> go.Figure:
    """Top: each balance ratio with its target. Bottom: each hold against the reference samples' means.

    Sized for a notebook output about 400 px wide: short titles and labels, the legend below.
    """
    figure = make_subplots(rows=2, cols=1, vertical_spacing=0.2, row_heights=[0.42, 0.58],
                           subplot_titles=("Balance ratios vs targets", "Holds vs reference means"))
    _ratio_traces(figure, ratios)
    _hold_traces(figure, comparisons, holds)
    figure.update_layout(
        height=700, margin=dict(l=10, r=10, t=40, b=40),
        legend=dict(orientation="h", x=0, xanchor="left", y=-0.16, yanchor="top", font=dict(size=12)),
    )
    figure.update_annotations(font=dict(size=15))
    figure.update_xaxes(title_text="ratio (no unit)", row=1, col=1)
    figure.update_xaxes(title_text="hold time (s)", row=2, col=1)
    figure.update_yaxes(autorange="reversed", row=1, col=1)
    return figure


def _ratio_traces(figure: go.Figure, ratios: list[Ratio]) -> None:
    labels = [SHORT_RATIOS.get(r.key, r.label) for r in ratios]
    values = [r.value for r in ratios]
    texts = ["needs both holds" if r.value is None else f"{r.value:.2f} {'✓ within' if r.meets else '✗ outside'}"
             for r in ratios]
    top = max([1.0] + [v for v in values if v is not None]) * 2.2
    figure.add_trace(go.Bar(x=[v or 0 for v in values], y=labels, orientation="h", name="your ratio",
                            marker=dict(color=YOU, pattern=dict(shape="/")),
                            hovertemplate="%{y}: %{x:.2f}<extra></extra>"), row=1, col=1)
    figure.add_trace(go.Scatter(x=[r.target for r in ratios], y=labels, mode="markers", name="target",
                                marker=dict(symbol="line-ns", size=26, line=dict(width=3, color=TARGET)),
                                hovertemplate="%{y}: target %{x:.2f}<extra></extra>"), row=1, col=1)
    # The result of each ratio in words, in a column at the right edge (clear of bars and target marks).
    figure.add_trace(go.Scatter(x=[top] * len(ratios), y=labels, mode="text", text=texts, showlegend=False,
                                textposition="middle left", textfont=dict(size=13), hoverinfo="skip"), row=1, col=1)
    figure.update_xaxes(range=[0, top], row=1, col=1)


def _hold_traces(figure: go.Figure, comparisons: list[Comparison], holds: dict[str, float | None]) -> None:
    """Rows of tests; on each, the learner's hold just above and the reference means just below."""
    typed = [test for test in TEST_NAMES if holds.get(test) is not None]
    row_of = {test: number for number, test in enumerate(typed)}
    for verified in (True, False):
        chosen = [c for c in comparisons if c.verified is verified]
        if not chosen:
            continue
        colour, symbol = SAMPLE_STYLE[verified]
        figure.add_trace(go.Scatter(
            x=[c.mean_s for c in chosen], y=[row_of[c.test] + 0.2 for c in chosen], mode="markers",
            name="reference mean ± SD (verified)" if verified else "reference mean (unverified)",
            marker=dict(color=colour, symbol=symbol, size=12, line=dict(width=2, color=colour)),
            error_x=dict(type="data", array=[c.sd_s or 0 for c in chosen], visible=verified, color=colour),
            customdata=[c.label for c in chosen], hovertemplate="%{customdata}: %{x:.0f} s<extra></extra>",
        ), row=2, col=1)
    figure.add_trace(go.Scatter(
        x=[holds[test] for test in typed], y=[row_of[test] - 0.2 for test in typed], mode="markers+text", name="you",
        marker=dict(color=YOU, symbol=SYMBOLS[2], size=14), text=[f"{holds[test]:.0f} s" for test in typed],
        textposition="middle right", textfont=dict(size=13), cliponaxis=False,
        hovertemplate="you %{x:.0f} s<extra></extra>",
    ), row=2, col=1)
    right = max([60.0] + [c.mean_s + (c.sd_s or 0) for c in comparisons] + [holds[test] for test in typed])
    figure.update_xaxes(range=[0, right * 1.3], row=2, col=1)
    figure.update_yaxes(tickvals=list(range(len(typed))), ticktext=[SHORT_NAMES[test] for test in typed],
                        range=[len(typed) - 0.4, -0.6], showgrid=False, row=2, col=1)


def progression_figure(plan: pd.DataFrame) -> go.Figure:
    """Dose per set by week, one line per exercise (holds in seconds and reps on one axis, labelled)."""
    figure = go.Figure()
    for number, (name, rows) in enumerate(plan.groupby("exercise", sort=False)):
        unit = "s" if rows["dose_text"].iloc[0].split()[1] == "s" else "reps"
        figure.add_trace(go.Scatter(
            x=rows["week"], y=rows["dose"], mode="lines+markers", name=f"{name} ({unit})",
            line=dict(color=PALETTE[number % 7], dash=DASHES[number % len(DASHES)]),
            marker=dict(symbol=SYMBOLS[number % len(SYMBOLS)], size=9),
            hovertemplate=f"{name}: week %{{x}}, %{{y}} {unit}<extra></extra>",
        ))
    figure.update_layout(
        height=380, margin=dict(l=70, r=20, t=30, b=40), showlegend=True,
        legend=dict(orientation="h", x=0, xanchor="left", y=-0.25, yanchor="top", font=dict(size=12)),
    )
    figure.update_xaxes(title_text="week", dtick=1)
    figure.update_yaxes(title_text="dose per set (s or reps)", rangemode="tozero")
    return figure
