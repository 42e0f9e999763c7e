"""Drawings of stick-figure poses (one style for the whole course): data in, a plotly figure out."""

from __future__ import annotations

import plotly.graph_objects as go

from helpers.poses import BONES, HEAD_RADIUS, Pose, bounds

BODY = "#333333"
FAR = "#8c8c8c"
PROP = "#e8dcc0"
GAP = 0.12
LABEL_SPACE = 0.12


def poses_figure(rows: list[list[Pose]], width_px: int = 360) -> go.Figure:
    """Poses in a grid, each row read left to right (e.g. start → end); limbs on the far side in grey.

    The axes keep the body's proportions (one unit is one body height on both axes); labels are
    12 px so two fit side by side at the fixed width.
    """
    columns = max(len(row) for row in rows)
    cell_w = max(bounds(p)[1] - bounds(p)[0] for row in rows for p in row) + GAP
    cell_h = max(bounds(p)[3] for row in rows for p in row) + LABEL_SPACE + GAP
    near, far, spines, labels, floors = ([], []), ([], []), ([], []), ([], [], []), ([], [])
    shapes = []
    for r, row in enumerate(rows):
        for c, drawn in enumerate(row):
            left, right, _, top = bounds(drawn)
            dx = c * cell_w - left + (cell_w - GAP - (right - left)) / 2
            dy = (len(rows) - 1 - r) * cell_h
            _draw(drawn, dx, dy, near, far, spines, shapes)
            floors[0].extend([round(c * cell_w, 3), round(c * cell_w + cell_w - GAP, 3), None])
            floors[1].extend([round(dy, 3), round(dy, 3), None])
            labels[0].append(round(c * cell_w + (cell_w - GAP) / 2, 3))
            labels[1].append(round(dy + top + LABEL_SPACE / 2, 3))
            labels[2].append(drawn.label)
    traces = [
        dict(type="scatter", x=floors[0], y=floors[1], mode="lines", line=dict(color="#999999", width=2), name="floor"),
        dict(type="scatter", x=far[0], y=far[1], mode="lines", line=dict(color=FAR, width=4), name="far-side limbs"),
        dict(type="scatter", x=spines[0], y=spines[1], mode="lines", line=dict(color=BODY, width=6), name="trunk"),
        dict(type="scatter", x=near[0], y=near[1], mode="lines", line=dict(color=BODY, width=5), name="near-side limbs"),
        dict(type="scatter", x=labels[0], y=labels[1], text=labels[2], mode="text", textfont=dict(size=12),
             name="labels"),
    ]
    for trace in traces:
        trace.update(hoverinfo="skip", showlegend=False)
    total_w, total_h = round(columns * cell_w - GAP, 3), round(len(rows) * cell_h, 3)
    layout = dict(
        # A fixed size that fits the narrowest notebook output (about 370 px), so the proportions hold.
        width=width_px, height=int((width_px - 10) * total_h / total_w) + 10, margin=dict(l=5, r=5, t=5, b=5),
        xaxis=dict(visible=False, range=[-0.02, total_w + 0.02], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.03, total_h], scaleanchor="x", fixedrange=True),
        shapes=shapes, showlegend=False,
    )
    return go.Figure(data=traces, layout=layout, _validate=False)


def _draw(drawn: Pose, dx: float, dy: float, near, far, spines, shapes: list) -> None:
    points = {name: (round(x + dx, 3), round(y + dy, 3)) for name, (x, y) in drawn.joints.items()}
    for name, start, end in BONES:
        if name == "trunk":
            continue
        target = far if "(far)" in name else near
        target[0].extend([points[start][0], points[end][0], None])
        target[1].extend([points[start][1], points[end][1], None])
    spines[0].extend([round(x + dx, 3) for x, _ in drawn.spine] + [None])
    spines[1].extend([round(y + dy, 3) for _, y in drawn.spine] + [None])
    hx, hy = points["head"]
    shapes.append(dict(type="circle", x0=round(hx - HEAD_RADIUS, 3), x1=round(hx + HEAD_RADIUS, 3),
                       y0=round(hy - HEAD_RADIUS, 3), y1=round(hy + HEAD_RADIUS, 3), line=dict(color=BODY, width=3), fillcolor="white"))
    shape = drawn.prop_shape
    if "x0" in shape:
        shapes.append(dict(type="rect", x0=round(shape["x0"] + dx, 3), x1=round(shape["x1"] + dx, 3), y0=round(dy, 3),
                           y1=round(shape["y1"] + dy, 3),
                           fillcolor=PROP, line=dict(color=FAR, width=1), layer="below"))
    elif "x" in shape:
        path = "M " + " L ".join(f"{x + dx:.3f},{y + dy:.3f}" for x, y in zip(shape["x"], shape["y"])) + " Z"
        shapes.append(dict(type="path", path=path, fillcolor=PROP, line=dict(color=FAR, width=1), layer="below"))
    elif "cx" in shape:
        cx, r = shape["cx"] + dx, shape["r"]
        shapes.append(dict(type="circle", x0=round(cx - r, 3), x1=round(cx + r, 3), y0=round(dy, 3), y1=round(dy + 2 * r, 3), fillcolor=PROP,
                           line=dict(color=FAR, width=1), layer="below"))
