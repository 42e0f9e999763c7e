"""Lesson 03 figure: the side-on pelvis drawing with its angles, and a population range strip."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import plotly.graph_objects as go

from helpers.figures import fit
from helpers.pelvis import Comparison, Drawing, Posture
from helpers.references import cite
from helpers.style import DASHES, PALETTE, SYMBOLS

BONE = "#efe6d2"
OUTLINE = "#4d4d4d"
GUIDE = "#8c8c8c"
X_RANGE = (-19.0, 25.0)  # room on the right for the ASIS–PSIS label in a 360 px output
Y_RANGE = (-16.0, 37.0)
Z_LIMIT = 3.0
#: Each angle's colour, dash and marker: the label text on the drawing names it as well.
ANGLE_STYLE = {
    "pelvic tilt": (PALETTE[7], DASHES[0]),
    "sacral slope": (PALETTE[0], DASHES[0]),
    "lumbar lordosis": (PALETTE[2], DASHES[0]),
    "ASIS–PSIS angle": (PALETTE[5], DASHES[0]),
}


#: Labels moved off their neighbours (a narrow output draws the bones small, the text stays its size).
LABEL_SIDE = {"sacrum": "middle left", "ASIS–PSIS angle": "bottom right"}


def _joined(shapes: Iterable[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """x and y of several polylines in one array each, separated by NaN (a gap: one plotly trace).

    Arrays, not lists: plotly sends them as compact binary and copies them quickly.
    """
    pieces = [np.vstack([np.round(points, 3), [np.nan, np.nan]]) for points in shapes]
    joined = np.vstack(pieces)
    return joined[:, 0], joined[:, 1]


def _filled(name: str, shapes: Iterable[np.ndarray], fill: str, line: str, width: float = 1.5) -> dict:
    xs, ys = _joined(shapes)
    return dict(type="scatter", x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill, name=name,
                line=dict(color=line, width=width), hoverinfo="skip")


def _drawing_traces(drawn: Drawing) -> list[dict]:
    outlines = drawn.outlines
    lines = drawn.lines
    bones = [outlines["hip bone"], outlines["sacrum"], outlines["femoral head"]]
    bodies = [points for name, points in outlines.items() if name.startswith("L")]
    discs = [points for name, points in outlines.items() if name.startswith("disc")]
    guides = [points for name, points in lines.items() if name not in ("femur", "acetabulum", "ASIS–PSIS line")]
    traces = [
        _filled("pelvis and sacrum", bones, BONE, OUTLINE),
        dict(type="scatter", x=lines["femur"][:, 0], y=lines["femur"][:, 1], mode="lines",
             line=dict(color=OUTLINE, width=14), name="femur", hoverinfo="skip"),
        dict(type="scatter", x=_joined([lines["acetabulum"]])[0], y=_joined([lines["acetabulum"]])[1], mode="lines",
             line=dict(color=OUTLINE, width=3), name="hip socket", hoverinfo="skip"),
        _filled("lumbar vertebrae L1–L5", bodies, "#d9e6f2", OUTLINE),
        _filled("discs", discs, "#ffffff", GUIDE, 1.0),
        dict(type="scatter", x=_joined(guides)[0], y=_joined(guides)[1], mode="lines", name="reference lines",
             line=dict(color=GUIDE, width=1.2, dash=DASHES[2]), hoverinfo="skip"),
        dict(type="scatter", x=lines["ASIS–PSIS line"][:, 0], y=lines["ASIS–PSIS line"][:, 1],
             mode="lines+markers", name="ASIS–PSIS line", hoverinfo="skip",
             line=dict(color=PALETTE[5], width=3, dash=DASHES[1]), marker=dict(symbol=SYMBOLS[2], size=11)),
    ]
    for name, points in drawn.arcs.items():
        colour, dash = ANGLE_STYLE[name]
        traces.append(dict(type="scatter", x=np.round(points[:, 0], 3), y=np.round(points[:, 1], 3),
                           mode="lines", name=name, hoverinfo="skip", line=dict(color=colour, width=3, dash=dash)))
    angle_names = set(ANGLE_STYLE)
    for bold, names in ((True, [n for n in drawn.labels if n in angle_names]),
                        (False, [n for n in drawn.labels if n not in angle_names])):
        traces.append(
            dict(type="scatter", mode="text", hoverinfo="skip", name="angle labels" if bold else "part labels",
                 x=[round(float(drawn.labels[n][0][0]), 3) for n in names],
                 y=[round(float(drawn.labels[n][0][1]), 3) for n in names],
                 text=[f"<b>{drawn.labels[n][1]}</b>" if bold else drawn.labels[n][1] for n in names],
                 textposition=[LABEL_SIDE.get(n, "middle right" if bold else "middle center") for n in names],
                 cliponaxis=False,
                 textfont=dict(size=13 if bold else 11, color=[ANGLE_STYLE[n][0] for n in names] if bold else OUTLINE))
        )
    traces.append(dict(type="scatter", mode="text", x=[12.5], y=[-14.0], text=["front →"], hoverinfo="skip",
                       name="direction", textfont=dict(size=13, color=OUTLINE)))
    return traces


@lru_cache(maxsize=16)
def _source_label(key: str) -> str:
    return cite(key)


def _strip(comparisons: list[Comparison]) -> tuple[list[dict], list[dict]]:
    """Range-strip traces and shapes: mean ± 1 and ± 2 SD bands, the learner's value marked."""
    rows = [f"{item.name}, {item.mean_deg:g}° ± {item.sd_deg:g}°<br>({_source_label(item.source)})" for item in comparisons]
    shapes = []
    for row in range(len(comparisons)):
        for width, colour in ((2.0, "#ececec"), (1.0, "#d0d0d0")):
            shapes.append(dict(type="rect", xref="x2", yref="y2", x0=-width, x1=width, y0=row - 0.22, y1=row + 0.22,
                               fillcolor=colour, line=dict(width=0), layer="below"))
    shapes.append(dict(type="line", xref="x2", yref="y2", x0=0, x1=0, y0=-0.5, y1=len(comparisons) - 0.5,
                       line=dict(color=OUTLINE, width=1, dash=DASHES[1])))
    shown = [float(np.clip(item.z, -Z_LIMIT, Z_LIMIT)) for item in comparisons]
    texts = [f"you: {item.value_deg:.1f}°" + (" (beyond 3 SD)" if abs(item.z) > Z_LIMIT else "") for item in comparisons]
    marker = dict(type="scatter", x=shown, y=list(range(len(comparisons))), mode="markers+text", text=texts,
                  textposition=["middle left" if z > 0.5 else "middle right" for z in shown], cliponaxis=False,
                  xaxis="x2", yaxis="y2", name="your values",
                  marker=dict(symbol=[SYMBOLS[index] for index in range(len(comparisons))], size=14,
                              color=PALETTE[1], line=dict(color="black", width=1)),
                  hovertemplate="%{text}<extra></extra>")
    names = dict(type="scatter", x=[-Z_LIMIT - 0.15] * len(rows), y=[row + 0.5 for row in range(len(rows))], text=rows,
                 mode="text", textposition="middle right", cliponaxis=False, xaxis="x2", yaxis="y2",
                 name="published spreads", hoverinfo="skip", textfont=dict(size=12, color=OUTLINE))
    layout = dict(
        xaxis2=dict(domain=[0, 1], anchor="y2", range=[-Z_LIMIT - 0.2, Z_LIMIT + 0.2], zeroline=False,
                    tickvals=[-3, -2, -1, 0, 1, 2, 3],
                    title=dict(text="Distance from the published mean (SD)")),
        yaxis2=dict(domain=[0, 0.27], anchor="x2", range=[-0.45, len(comparisons) - 0.05], showticklabels=False,
                    ticks="", showgrid=False, title=dict(text="Your values (no unit)")),
    )
    return [marker, names], [layout, shapes]


def pelvis_figure(shape: Posture, drawn: Drawing, comparisons: list[Comparison]) -> go.Figure:
    """The side-on drawing (equal aspect, cm) above a strip placing the learner's values in published spreads.

    Built without plotly's property validation, which took about 90 % of a redraw; the
    unit tests rebuild the figure with validation to check every property.
    """
    traces = _drawing_traces(drawn)
    strip_traces, (strip_layout, shapes) = _strip(comparisons)
    title = (f"Side view, facing right: PT {shape.pelvic_tilt_deg:.1f}° + SS {shape.sacral_slope_deg:.1f}° "
             f"= PI {shape.pelvic_incidence_deg:.1f}°")
    layout = dict(
        title=fit.title(title),
        height=820,
        showlegend=False,
        xaxis=dict(domain=[0, 1], anchor="y", range=list(X_RANGE), constrain="domain",
                   title=dict(text="Forward from the hip axis<br>(cm; 10 cm = 3.9 in)")),
        yaxis=dict(domain=[0.38, 1], anchor="x", range=list(Y_RANGE), scaleanchor="x", scaleratio=1,
                   constrain="domain", title=dict(text="Up from the hip axis (cm; 10 cm = 3.9 in)")),
        shapes=shapes,
        margin=dict(l=70, r=20, t=fit.title_margin(title), b=60),
        **strip_layout,
    )
    return go.Figure(data=traces + strip_traces, layout=layout, _validate=False)
