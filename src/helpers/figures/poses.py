"""Drawings of stick-figure poses (one style for the whole course): data in, a plotly figure out.

:func:`pose_traces` draws any :class:`~helpers.poses.Pose` onto any axes (lesson 02's
stick runner uses it too); :func:`poses_figure` lays poses out in a grid (lesson 04).
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from helpers.poses import BONES, HEAD_RADIUS, LENGTHS, Pose, bounds

BODY = "#333333"
FAR = "#8c8c8c"
PROP = "#e8dcc0"
GAP = 0.12
LABEL_SPACE = 0.12
#: Line widths in px: the trunk is the thickest line, limbs on the far side the thinnest.
WIDTHS = {"far": 4, "trunk": 6, "near": 5, "head": 3}


def pose_traces(placed: Sequence[tuple[Pose, float, float]], scale: float = 1.0, axes: tuple[str, str] = ("x", "y"),
                name: str = "", thin: float = 1.0) -> tuple[list[dict], list[dict]]:
    """Poses drawn in the course's style: three line traces and the shapes (heads and props).

    Each pose is placed with its joints at ``(x × scale + dx, y × scale + dy)`` on ``axes``. The
    traces (far-side limbs in grey, the trunk, near-side limbs) carry every pose, so a grid of
    poses costs three traces; ``name`` prefixes their names. The axes must keep one unit the
    same length on x and y (``scaleanchor``) for heads and balls to be round.
    """
    xref, yref = axes
    lines: dict[str, tuple[list, list]] = {part: ([], []) for part in ("far", "trunk", "near")}
    shapes: list[dict] = []

    def at(x: float, y: float, dx: float, dy: float) -> tuple[float, float]:
        return round(x * scale + dx, 3), round(y * scale + dy, 3)

    for drawn, dx, dy in placed:
        points = {joint: at(x, y, dx, dy) for joint, (x, y) in drawn.joints.items()}
        for bone, start, end in BONES[1:]:
            xs, ys = lines["far" if "(far)" in bone else "near"]
            xs.extend([points[start][0], points[end][0], None])
            ys.extend([points[start][1], points[end][1], None])
        spine = [at(x, y, dx, dy) for x, y in drawn.spine]
        lines["trunk"][0].extend([x for x, _ in spine] + [None])
        lines["trunk"][1].extend([y for _, y in spine] + [None])
        # the head's size in proportion to the body, in the pose's own units (body heights, or cm for the runner)
        (hx, hy), r = points["head"], HEAD_RADIUS * drawn.lengths.get("head", LENGTHS["head"]) / LENGTHS["head"] * scale
        on_axes = dict(xref=xref, yref=yref)
        shapes.append(dict(type="circle", x0=round(hx - r, 3), x1=round(hx + r, 3), y0=round(hy - r, 3),
                           y1=round(hy + r, 3), line=dict(color=BODY, width=WIDTHS["head"] * thin), fillcolor="white", **on_axes))
        shapes += _prop_shapes(drawn.prop_shape, at, dx, dy, scale, on_axes)
    titles = {"far": "far-side limbs", "trunk": "trunk", "near": "near-side limbs"}
    traces = [dict(type="scatter", x=xs, y=ys, mode="lines", name=f"{name}: {titles[part]}" if name else titles[part],
                   line=dict(color=FAR if part == "far" else BODY, width=WIDTHS[part] * thin), xaxis=xref, yaxis=yref,
                   hoverinfo="skip", showlegend=False)
              for part, (xs, ys) in lines.items()]
    return traces, shapes


def _prop_shapes(shape: dict, at, dx: float, dy: float, scale: float, on_axes: dict) -> list[dict]:
    style = dict(fillcolor=PROP, line=dict(color=FAR, width=1), layer="below", **on_axes)
    if "x0" in shape:
        (x0, y0), (x1, y1) = at(shape["x0"], shape["y0"], dx, dy), at(shape["x1"], shape["y1"], dx, dy)
        return [dict(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, **style)]
    if "x" in shape:
        corners = [at(x, y, dx, dy) for x, y in zip(shape["x"], shape["y"])]
        return [dict(type="path", path="M " + " L ".join(f"{x:.3f},{y:.3f}" for x, y in corners) + " Z", **style)]
    if "cx" in shape:
        (cx, cy), r = at(shape["cx"], shape["cy"], dx, dy), shape["r"] * scale
        return [dict(type="circle", x0=round(cx - r, 3), x1=round(cx + r, 3), y0=round(cy - r, 3), y1=round(cy + r, 3),
                     **style)]
    return []


def poses_figure(rows: list[list[Pose]], width_px: int = 360) -> go.Figure:
    """Poses in a grid, each row read left to right (e.g. start → end); limbs on the far side in grey.

    The axes keep the body's proportions (one unit is one body height on both axes); labels are
    12 px so two fit side by side at the fixed width.
    """
    columns = max(len(row) for row in rows)
    cell_w = max(bounds(p)[1] - bounds(p)[0] for row in rows for p in row) + GAP
    cell_h = max(bounds(p)[3] for row in rows for p in row) + LABEL_SPACE + GAP
    placed, labels, floors = [], ([], [], []), ([], [])
    for r, row in enumerate(rows):
        for c, drawn in enumerate(row):
            left, right, _, top = bounds(drawn)
            dx = c * cell_w - left + (cell_w - GAP - (right - left)) / 2
            dy = (len(rows) - 1 - r) * cell_h
            placed.append((drawn, dx, dy))
            floors[0].extend([round(c * cell_w, 3), round(c * cell_w + cell_w - GAP, 3), None])
            floors[1].extend([round(dy, 3), round(dy, 3), None])
            labels[0].append(round(c * cell_w + (cell_w - GAP) / 2, 3))
            labels[1].append(round(dy + top + LABEL_SPACE / 2, 3))
            labels[2].append(drawn.label)
    body, shapes = pose_traces(placed)
    traces = [
        dict(type="scatter", x=floors[0], y=floors[1], mode="lines", line=dict(color="#999999", width=2), name="floor",
             hoverinfo="skip", showlegend=False),
        *body,
        dict(type="scatter", x=labels[0], y=labels[1], text=labels[2], mode="text", textfont=dict(size=12),
             name="labels", hoverinfo="skip", showlegend=False),
    ]
    total_w, total_h = round(columns * cell_w - GAP, 3), round(len(rows) * cell_h, 3)
    layout = dict(
        # A fixed size that fits the narrowest notebook output (about 370 px), so the proportions hold.
        width=width_px, height=int((width_px - 10) * total_h / total_w) + 10, margin=dict(l=5, r=5, t=5, b=5),
        xaxis=dict(visible=False, range=[-0.02, total_w + 0.02], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.03, total_h], scaleanchor="x", fixedrange=True),
        shapes=shapes, showlegend=False,
    )
    return go.Figure(data=traces, layout=layout, _validate=False)
