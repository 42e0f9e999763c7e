"""Lesson 05 figure: how much of each run went steeply downhill."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from helpers.hills import totals
from helpers.style import PALETTE
from helpers.units import km_to

MAX_BARS = 30  # more runs than this: the runs with the most steep downhill are drawn, the table has all
DOWN_COLOUR, REST_COLOUR = PALETTE[5], "#BBBBBB"


def _short(name: str, width: int = 18) -> str:
    return name if len(name) <= width else "…" + name[-(width - 1):]


def downhill_figure(table: pd.DataFrame, unit: str = "km", steeper_than_percent: float = 5.0,
                    name: str = "Your runs") -> go.Figure:
    """One bar per run (``helpers.hills.downhill_table``): the part steeper downhill than the threshold, and the rest.

    The downhill part is hatched and labelled, so it is not told by colour alone; the title
    gives the share over all runs. Files that could not be read are left to the text and the table.
    """
    read = table[table["problem"] == ""]
    shown = read if len(read) <= MAX_BARS else read.nlargest(MAX_BARS, "downhill_km")
    down = km_to(shown["downhill_km"].to_numpy(float), unit)
    rest = km_to(shown["distance_km"].to_numpy(float), unit) - down
    names = [_short(str(name)) for name in shown["run"]]
    labels = [f"{d:,.1f} of {d + r:,.1f} {unit}" for d, r in zip(down, rest)]
    steep = f"downhill steeper than {steeper_than_percent:g} %"
    bars = [
        dict(type="bar", y=names, x=down, orientation="h", name=steep,
             marker=dict(color=DOWN_COLOUR, pattern=dict(shape="/")),
             hovertemplate=f"%{{y}}: %{{x:,.2f}} {unit} {steep}<extra></extra>"),
        dict(type="bar", y=names, x=rest, orientation="h", name="the rest of the run", marker=dict(color=REST_COLOUR),
             text=labels, textposition="inside", insidetextanchor="end", textfont=dict(color="#222222"),
             hovertemplate=f"%{{y}}: %{{x:,.2f}} {unit} less steep<extra></extra>"),
    ]
    sums = totals(table)
    summary = (f"{sums['share_percent']:.1f} % of {km_to(sums['distance_km'], unit):,.1f} {unit} ran {steep}"
               if sums["runs"] else "no run could be read")
    if len(shown) < len(read):
        summary += f"<br>the {len(shown)} runs with the most of it are drawn, of {len(read)}; the table has all"
    title = f"{name}<br><sup>{summary}</sup>"
    top = float((down + rest).max()) * 1.05 if len(shown) else 1.0
    empty = [] if len(shown) else [dict(text="No run to show.", xref="paper", yref="paper", x=0.5, y=0.5,
                                        showarrow=False)]
    return go.Figure(bars, layout=dict(
        barmode="stack", height=max(260, 150 + 34 * len(shown)), annotations=empty,
        title=dict(text=title, font=dict(size=14), x=0, xref="container", xanchor="left", pad=dict(l=10, t=12),
                   y=1, yref="container", yanchor="top"),
        margin=dict(l=20, r=20, t=110, b=50),
        legend=dict(orientation="h", x=0, y=1.0, xanchor="left", yanchor="bottom", font=dict(size=12),
                    traceorder="normal"),
        xaxis=dict(title=dict(text=f"Distance ({unit})"), range=[0, top], rangemode="tozero"),
        yaxis=dict(autorange="reversed", automargin=True),
    ), _validate=False)  # tests/test_shoes_hills.py validates it
