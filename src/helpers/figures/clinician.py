"""Lesson 07 figure: 100 people without back pain, every imaging finding at one age, and the odds with pain."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from helpers.style import PALETTE

HAS = PALETTE[5]  # vermilion, filled dot
HAS_NOT = "#8c8c8c"  # grey, open dot
BAR = PALETTE[4]
CHOSEN_BAR = PALETTE[5]
ODDS = PALETTE[4]
COLUMNS = 10
#: Heights (px) of the panels and the gaps above them, from the bottom: the odds ratios (or a note
#: where they do not apply), the gap for the bars' axis and the odds' title, the bars, the gap for the
#: bars' title, the icon array, and room above it for its key (two lines when the value is extrapolated).
ODDS_PX, NOTE_PX, BELOW_BARS_PX, BARS_PX, BELOW_DOTS_PX, DOTS_PX, ABOVE_DOTS_PX = 230, 60, 175, 290, 80, 200, 40
MARGIN = dict(l=20, r=20, t=110, b=60)
ODDS_RANGE = (0.5, 60.0)
ODDS_TICKS = [0.5, 1, 2, 5, 10, 20, 50]
EXTRAPOLATED_MARK = "*"


def _panel_title(text: str, y: float, size: int = 14) -> dict:
    return dict(text=text, x=0.0, xref="paper", xanchor="left", y=y, yref="paper", yanchor="bottom",
                showarrow=False, font=dict(size=size), align="left")


def _dots(places: list[bool]) -> list[dict]:
    traces = []
    for has in (True, False):
        spots = [place for place, value in enumerate(places) if value is has]
        colour = HAS if has else HAS_NOT
        traces.append(dict(
            type="scatter", x=[place % COLUMNS for place in spots], y=[-(place // COLUMNS) for place in spots],
            mode="markers", name="has it" if has else "does not", hoverinfo="skip", xaxis="x", yaxis="y",
            marker=dict(size=15, symbol="circle" if has else "circle-open", color=colour, line=dict(width=2, color=colour)),
        ))
    return traces


def _bars(finding: str, shares: pd.Series, extrapolated: set[str]) -> tuple[dict, list[dict]]:
    names = list(shares.index)[::-1]  # the first finding at the top
    values = [int(shares[name]) for name in names]
    chosen = [name == finding for name in names]
    bars = dict(
        type="bar", orientation="h", x=values, y=list(range(len(names))), width=0.42, xaxis="x2", yaxis="y2", name="share",
        text=[f"{value} %{EXTRAPOLATED_MARK if name in extrapolated else ''}" for name, value in zip(names, values)],
        textposition="outside", cliponaxis=False, textfont=dict(size=13),
        customdata=names, hovertemplate="%{customdata}: %{x} %<extra></extra>",
        marker=dict(color=[CHOSEN_BAR if bold else BAR for bold in chosen],
                    pattern=dict(shape=["/" if bold else "" for bold in chosen])),
    )
    # Each finding's name sits just above its bar, not beside it: the bars keep the full width
    # of a narrow notebook output instead of losing half of it to the labels.
    labels = [dict(text=f"<b>{name} (chosen)</b>" if bold else name, x=0, y=row + 0.25, xref="x2", yref="y2",
                   xanchor="left", yanchor="bottom", showarrow=False, font=dict(size=13))
              for row, (name, bold) in enumerate(zip(names, chosen))]
    return bars, labels


def _odds(finding: str, odds: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """A point and its 95 % interval (log scale) per finding, smallest at the bottom; the names above them."""
    rows = odds.iloc[::-1]
    names = [name.split(" (")[0] for name in rows["finding"]]  # "Spondylolysis (a stress fracture …)": the name only
    estimate, low, high = (list(rows[column]) for column in ("odds_ratio", "ci_low", "ci_high"))
    chosen = [name == finding.split(" (")[0] for name in names]
    points = dict(
        type="scatter", x=estimate, y=list(range(len(names))), mode="markers", xaxis="x3", yaxis="y3", name="odds ratio",
        marker=dict(symbol="diamond", size=10, color=[CHOSEN_BAR if bold else ODDS for bold in chosen]),
        error_x=dict(type="data", symmetric=False, array=[h - e for h, e in zip(high, estimate)],
                     arrayminus=[e - lo for e, lo in zip(estimate, low)], thickness=2, width=4, color="#333333"),
        customdata=[f"{e:.2f} (95 % CI {lo:.2f}–{h:.2f})" for e, lo, h in zip(estimate, low, high)],
        text=names, hovertemplate="%{text}: odds ratio %{customdata}<extra></extra>",
    )
    line = dict(type="scatter", x=[1, 1], y=[-0.6, len(names) - 0.3], mode="lines", xaxis="x3", yaxis="y3",
                hoverinfo="skip", name="no difference", line=dict(color="#555555", width=1.5, dash="dot"))
    labels = [dict(text=(f"<b>{name} (chosen)</b>" if bold else name) + f" {e:.2f} ({lo:.2f}–{h:.2f})",
                   x=math.log10(ODDS_RANGE[0]), y=row + 0.28, xref="x3", yref="y3", xanchor="left", yanchor="bottom",
                   showarrow=False, font=dict(size=12))
              for row, (name, bold, e, lo, h) in enumerate(zip(names, chosen, estimate, low, high))]
    return [line, points], labels


def imaging_figure(places: list[bool], finding: str, age: int, shares: pd.Series, *,
                   extrapolated: frozenset[str] | set[str] = frozenset(), odds: pd.DataFrame | None = None,
                   with_pain: str = "") -> go.Figure:
    """An icon array (one dot a person; filled = has ``finding``), bars of every finding's share, and odds ratios.

    ``places`` comes from :func:`helpers.clinician.icon_array`; ``shares`` maps each finding's
    name to its percentage at ``age``; names in ``extrapolated`` get a star (nobody of that
    age was studied). ``odds`` (columns ``finding``, ``odds_ratio``, ``ci_low``, ``ci_high``)
    are drawn for ages up to 50 only (the review's ages); pass None above 50. ``with_pain``
    says how the chosen finding compares with pain when it has no odds ratio. The chosen
    finding is told apart by colour, a hatch pattern or shape and a bold label, never by colour alone.
    """
    count = sum(places)
    shown = odds is not None and not odds.empty
    bottom_px = ODDS_PX if shown else NOTE_PX
    total = bottom_px + BELOW_BARS_PX + BARS_PX + BELOW_DOTS_PX + DOTS_PX + ABOVE_DOTS_PX
    top = total - ABOVE_DOTS_PX
    edges = [0, bottom_px, bottom_px + BELOW_BARS_PX, bottom_px + BELOW_BARS_PX + BARS_PX, top - DOTS_PX, top]
    share = [edge / total for edge in edges]
    BOTTOM, MIDDLE, TOP = (share[0], share[1]), (share[2], share[3]), (share[4], share[5])  # noqa: N806
    bars, bar_labels = _bars(finding, shares, set(extrapolated))
    traces = [*_dots(places), bars]
    hidden = dict(visible=False, fixedrange=True)
    star = f"{EXTRAPOLATED_MARK} extrapolated: nobody aged {age} was studied" if set(extrapolated) & set(shares.index) else ""
    chosen_star = f"<br><i>extrapolated: nobody aged {age} was studied</i>" if finding in extrapolated else ""
    odds_title = "More common with back pain?<br>Adults aged 50 or under"
    annotations = [
        _panel_title(f"● {count} have it   ○ {len(places) - count} do not{chosen_star}", TOP[1] + 4 / total),
        _panel_title(f"All findings at age {age}", MIDDLE[1] + 12 / total),
        *bar_labels,
    ]
    layout = dict(
        title=dict(text=f"<b>{finding}</b> at age {age}:<br>{count} of {len(places)} people without back pain",
                   font=dict(size=16)),
        height=total + MARGIN["t"] + MARGIN["b"], showlegend=False, margin=MARGIN,
        xaxis=dict(hidden, domain=[0, 1], range=[-0.7, COLUMNS - 0.3]),
        yaxis=dict(hidden, domain=list(TOP), range=[-COLUMNS + 0.4, 0.6]),
        xaxis2=dict(anchor="y2", domain=[0, 1], range=[0, 115], tickvals=[0, 25, 50, 75, 100], fixedrange=True,
                    title=dict(text="People without back pain (%)" + (f"<br>{star}" if star else ""), font=dict(size=13))),
        yaxis2=dict(anchor="x2", domain=list(MIDDLE), range=[-0.5, len(shares) - 0.2], visible=False, fixedrange=True),
    )
    note = f"<br><i>{finding}:<br>{with_pain}</i>" if with_pain else ""
    if shown:
        odds_traces, odds_labels = _odds(finding, odds)
        traces += odds_traces
        annotations += [_panel_title(f"{odds_title}: odds ratio (95 % CI){note}", BOTTOM[1] + 12 / total), *odds_labels]
        layout["xaxis3"] = dict(anchor="y3", domain=[0, 1], type="log", fixedrange=True,
                                range=[math.log10(ODDS_RANGE[0]), math.log10(ODDS_RANGE[1])], tickvals=ODDS_TICKS,
                                title=dict(text="Odds ratio, log scale (1 = no difference)", font=dict(size=13)))
        layout["yaxis3"] = dict(anchor="x3", domain=list(BOTTOM), range=[-0.6, len(odds) - 0.1], visible=False,
                                fixedrange=True)
    else:
        annotations += [_panel_title(f"{odds_title}{note}", BOTTOM[1] + 12 / total),
                        _panel_title(f"Not shown at age {age}: the comparison with back pain<br>covered adults aged "
                                     "50 or under only.", 0.0, size=13)]
    layout["annotations"] = annotations
    return go.Figure(data=traces, layout=layout, _validate=False)  # built from checked data; a test validates it
