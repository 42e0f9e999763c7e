"""Lesson 04 figures: the core-endurance self-test (ratios and holds) and the six-week progression."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from helpers.core import TEST_NAMES, Comparison, Cutoff, Ratio, plan_rows, session_days
from helpers.figures import fit
from helpers.style import DASHES, PALETTE, SYMBOLS

YOU = PALETTE[5]
TARGET = PALETTE[7]
CUTOFF = "#555555"
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


def self_test_figure(ratios: list[Ratio], comparisons: list[Comparison], holds: dict[str, float | None],
                     cutoffs: list[Cutoff] | tuple = ()) -> go.Figure:
    """Top: each balance ratio with its target. Bottom: each hold against the reference samples' means.

    ``cutoffs`` (Biering-Sørensen's, for men; none for women) are drawn across the extensor row.

    Sized for a notebook output about 400 px wide: short titles and labels, the legend below.
    Built from plain dicts without validation (a redraw must stay well under 30 ms).
    """
    ratio_traces, ratio_top = _ratio_traces(ratios)
    hold_traces, hold_axes = _hold_traces(comparisons, holds, cutoffs)
    title = dict(font=dict(size=15), xref="paper", yref="paper", x=0.5, xanchor="center", yanchor="bottom",
                 showarrow=False)
    layout = dict(
        height=700, margin=dict(l=10, r=10, t=40, b=40),
        legend=dict(orientation="h", x=0, xanchor="left", y=-0.16, yanchor="top", font=dict(size=12)),
        xaxis=dict(domain=[0, 1], anchor="y", range=[0, ratio_top], title=dict(text="ratio (no unit)")),
        yaxis=dict(domain=[0.62, 1], anchor="x", autorange="reversed", type="category"),
        xaxis2=dict(domain=[0, 1], anchor="y2", range=hold_axes["x_range"], title=dict(text="hold time (s)")),
        yaxis2=dict(domain=[0, 0.43], anchor="x2", tickvals=hold_axes["tickvals"], ticktext=hold_axes["ticktext"],
                    range=hold_axes["y_range"], showgrid=False),
        annotations=[dict(title, text="Balance ratios vs targets", y=1.0),
                     dict(title, text="Holds vs reference means", y=0.43)],
    )
    return go.Figure(data=ratio_traces + hold_traces, layout=layout, _validate=False)


def _ratio_traces(ratios: list[Ratio]) -> tuple[list[dict], float]:
    labels = [SHORT_RATIOS.get(r.key, r.label) for r in ratios]
    values = [r.value for r in ratios]
    texts = ["needs both holds" if r.value is None else f"{r.value:.2f} {'✓ within' if r.meets else '✗ outside'}"
             for r in ratios]
    top = max([1.0] + [v for v in values if v is not None]) * 2.2
    traces = [
        dict(type="bar", x=[v or 0 for v in values], y=labels, orientation="h", name="your ratio", xaxis="x", yaxis="y",
             marker=dict(color=YOU), hovertemplate="%{y}: %{x:.2f}<extra></extra>"),
        dict(type="scatter", x=[r.target for r in ratios], y=labels, mode="markers", name="target", xaxis="x", yaxis="y",
             marker=dict(symbol="line-ns", size=26, line=dict(width=3, color=TARGET)),
             hovertemplate="%{y}: target %{x:.2f}<extra></extra>"),
        # The result of each ratio in words, in a column at the right edge (clear of bars and target marks).
        dict(type="scatter", x=[top] * len(ratios), y=labels, mode="text", text=texts, showlegend=False, xaxis="x",
             yaxis="y", textposition="middle left", textfont=dict(size=13), hoverinfo="skip", name="results"),
    ]
    return traces, top


def _hold_traces(comparisons: list[Comparison], holds: dict[str, float | None],
                 cutoffs: list[Cutoff] | tuple = ()) -> tuple[list[dict], dict]:
    """Rows of tests; on each, the learner's hold just above and the reference means just below.

    Cut-offs on the extensor hold are dashed lines across its row, their seconds written above it.
    """
    typed = [test for test in TEST_NAMES if holds.get(test) is not None]
    row_of = {test: number for number, test in enumerate(typed)}
    traces = []
    for verified in (True, False):
        chosen = [c for c in comparisons if c.verified is verified]
        if not chosen:
            continue
        colour, symbol = SAMPLE_STYLE[verified]
        traces.append(dict(
            type="scatter", x=[c.mean_s for c in chosen], y=[row_of[c.test] + 0.2 for c in chosen], mode="markers",
            xaxis="x2", yaxis="y2",
            name="reference mean ± SD (verified)" if verified else "reference mean (unverified)",
            marker=dict(color=colour, symbol=symbol, size=12, line=dict(width=2, color=colour)),
            error_x=dict(type="data", array=[c.sd_s or 0 for c in chosen], visible=verified, color=colour),
            customdata=[c.label for c in chosen], hovertemplate="%{customdata}: %{x:.0f} s<extra></extra>",
        ))
    traces.append(dict(
        type="scatter", x=[holds[test] for test in typed], y=[row_of[test] - 0.2 for test in typed],
        mode="markers+text", name="you", xaxis="x2", yaxis="y2",
        marker=dict(color=YOU, symbol=SYMBOLS[2], size=14), text=[f"{holds[test]:.0f} s" for test in typed],
        textposition="middle right", textfont=dict(size=13), cliponaxis=False,
        hovertemplate="you %{x:.0f} s<extra></extra>",
    ))
    if cutoffs and "extensor" in row_of:
        row = row_of["extensor"]
        xs, ys = [], []
        for cutoff in cutoffs:
            xs += [cutoff.value, cutoff.value, None]
            ys += [row - 0.45, row + 0.45, None]
        confidence = cutoffs[0].confidence
        traces.append(dict(
            type="scatter", x=xs, y=ys, mode="lines", xaxis="x2", yaxis="y2", line=dict(color=CUTOFF, width=2, dash="dash"),
            name=f"extensor cut-offs, men only ({confidence} confidence)", hoverinfo="skip",
        ))
        traces.append(dict(
            type="scatter", x=[sum(c.value for c in cutoffs) / len(cutoffs)], y=[row - 0.45], mode="text",
            text=[" | ".join(f"{c.value:.0f}" for c in cutoffs) + " s"], textposition="top center",
            textfont=dict(size=11, color=CUTOFF), showlegend=False, xaxis="x2", yaxis="y2", hoverinfo="skip",
            name="cut-off labels", cliponaxis=False,
        ))
    right = max([60.0] + [c.mean_s + (c.sd_s or 0) for c in comparisons] + [holds[test] for test in typed]
                + [c.value for c in cutoffs])
    axes = dict(x_range=[0, right * 1.3], tickvals=list(range(len(typed))), ticktext=[SHORT_NAMES[t] for t in typed],
                y_range=[len(typed) - 0.4, -0.6])
    return traces, axes


def progression_figure(plan: pd.DataFrame) -> go.Figure:
    """Dose per set at every session, one line per exercise (holds in seconds and reps on one axis, labelled).

    A marker is a session, on its day of the plan (``core.session_days``): sessions per week show as
    more markers, the rest days as the gaps between them.
    """
    weeks = plan_rows(plan)
    traces = []
    for number, name in enumerate(dict.fromkeys(row["exercise"] for row in weeks)):
        rows = [row for row in weeks if row["exercise"] == name]
        unit = "s" if rows[0]["dose_text"].split()[1] == "s" else "reps"
        days = session_days(int(rows[0]["sessions"]))
        xs = [(row["week"] - 1) * 7 + day for row in rows for day in days]
        ys = [row["dose"] for row in rows for _ in days]
        traces.append(dict(
            type="scatter", x=xs, y=ys, mode="lines+markers", name=f"{name} ({unit})",
            line=dict(color=PALETTE[number % 7], dash=DASHES[number % len(DASHES)], shape="hv"),
            marker=dict(symbol=SYMBOLS[number % len(SYMBOLS)], size=8),
            customdata=[[row["week"], day] for row in rows for day in days],
            hovertemplate=f"{name}: week %{{customdata[0]}}, day %{{customdata[1]}}: %{{y}} {unit}<extra></extra>",
        ))
    count = max(row["week"] for row in weeks)
    layout = dict(
        height=420, margin=dict(l=70, r=20, t=30, b=40), showlegend=True, legend=fit.legend_below(),
        xaxis=dict(title=dict(text="week (a marker is a session)"), tickvals=[1 + 7 * week for week in range(count)],
                   ticktext=[str(week + 1) for week in range(count)], range=[0, 7 * count + 1]),
        yaxis=dict(title=dict(text="dose per set (s or reps)"), rangemode="tozero"),
    )
    return go.Figure(data=traces, layout=layout, _validate=False)
