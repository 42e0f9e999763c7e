"""Lesson 02 figures: a side-view stick runner at touchdown, foot ahead of the hip.

The drawing is a schematic: the landing leg is drawn straight from the hip to the heel,
and the trunk, arms and rear leg have fixed, made-up proportions of leg length. Only the
foot's distance ahead of the hip, the leg length, the trunk lean and the head position
come from the data; the rest is there so the figure reads as a runner.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from helpers.figures import fit
from helpers.stride import Landing, StrideReport, length_text
from helpers.style import DASHES, PALETTE, SYMBOLS
from helpers.units import speed_in

CM_PER_INCH = 2.54
GAP = 0.06  # space between panels, as a share of the figure's width
LABEL_SIZE = 12  # panel texts: three panels share a 360 px output, about 90 px each


@dataclass(frozen=True)
class Pose:
    """Points of a stick runner at touchdown, in cm, with the hip at x = 0 and the ground at y = 0."""

    hip: tuple[float, float]
    front_foot: tuple[float, float]
    front_knee: tuple[float, float]
    rear_knee: tuple[float, float]
    rear_foot: tuple[float, float]
    shoulder: tuple[float, float]
    head: tuple[float, float]
    elbow: tuple[float, float]
    hand: tuple[float, float]


def _towards(start: tuple[float, float], length: float, degrees_from_down: float) -> tuple[float, float]:
    """The point ``length`` from ``start`` in a direction measured from straight down (forward +)."""
    angle = math.radians(degrees_from_down)
    return start[0] + length * math.sin(angle), start[1] - length * math.cos(angle)


def touchdown_pose(foot_ahead_cm: float, leg_length_cm: float, trunk_lean_deg: float = 7.3,
                   head_forward_cm: float = 0.0) -> Pose:
    """A schematic runner whose front heel touches the ground ``foot_ahead_cm`` ahead of the hip."""
    leg = leg_length_cm
    hip = (0.0, math.sqrt(max(leg**2 - foot_ahead_cm**2, 0.0)))
    front_foot = (float(foot_ahead_cm), 0.0)
    lean = math.radians(trunk_lean_deg)
    shoulder = (hip[0] + 0.62 * leg * math.sin(lean), hip[1] + 0.62 * leg * math.cos(lean))
    head = (shoulder[0] + 0.2 * leg * math.sin(lean) + head_forward_cm, shoulder[1] + 0.2 * leg * math.cos(lean))
    rear_knee = _towards(hip, 0.5 * leg, -20)
    elbow = _towards(shoulder, 0.3 * leg, -20)
    return Pose(
        hip=hip,
        front_foot=front_foot,
        front_knee=((hip[0] + front_foot[0]) / 2, (hip[1] + front_foot[1]) / 2),
        rear_knee=rear_knee,
        rear_foot=_towards(rear_knee, 0.5 * leg, -75),
        shoulder=shoulder,
        head=head,
        elbow=elbow,
        hand=_towards(elbow, 0.25 * leg, 70),
    )


def _scaled(point: tuple[float, float], unit: str) -> tuple[float, float]:
    factor = 1.0 if unit == "km" else 1 / CM_PER_INCH
    return point[0] * factor, point[1] * factor


def _runner_parts(pose: Pose, axes: tuple[str, str], unit: str, number: int, name: str) -> tuple[list, list]:
    """Traces and annotations (as dicts) of one stick runner on the axes ``(x, y)``."""
    xref, yref = axes
    point = lambda key: _scaled(getattr(pose, key), unit)  # noqa: E731
    body = ["rear_foot", "rear_knee", "hip", "shoulder", "elbow", "hand"]
    hip, foot, head = point("hip"), point("front_foot"), point("head")
    on_axes = dict(xaxis=xref, yaxis=yref, showlegend=False)
    traces = [
        dict(type="scatter", x=[point(key)[0] for key in body], y=[point(key)[1] for key in body], mode="lines",
             line=dict(color="#555555", width=4), name=f"{name}: body (schematic)", hoverinfo="skip", **on_axes),
        dict(type="scatter", x=[head[0]], y=[head[1]], mode="markers", name=f"{name}: head", hoverinfo="skip",
             marker=dict(symbol="circle-open", size=26, color="#555555", line=dict(width=4)), **on_axes),
        dict(type="scatter", x=[hip[0], foot[0]], y=[hip[1], foot[1]], mode="lines+markers",
             line=dict(color=PALETTE[number], width=6, dash=DASHES[0]), name=f"{name}: landing leg",
             marker=dict(symbol=[SYMBOLS[0], SYMBOLS[1]], size=14, color=PALETTE[number],
                         line=dict(color="black", width=1)),
             hovertemplate="%{x:.0f}, %{y:.0f}<extra></extra>", **on_axes),
        dict(type="scatter", x=[hip[0], hip[0]], y=[hip[1], 0], mode="lines", name=f"{name}: under the hip",
             line=dict(color=PALETTE[7], width=1.5, dash=DASHES[2]), hoverinfo="skip", **on_axes),
    ]
    level = 0.12 * hip[1]
    annotations = [
        dict(x=foot[0], y=level, ax=hip[0], ay=level, xref=xref, yref=yref, axref=xref, ayref=yref,
             showarrow=True, arrowhead=2, arrowside="end+start", arrowwidth=1.5, text=""),
        # the distance is written in the panel's heading (runners_figure): inside a narrow panel the legs cross it
        dict(x=hip[0], y=hip[1], xref=xref, yref=yref, text="hip", showarrow=False, xshift=-22),
    ]
    return traces, annotations


def _axis_titles(unit: str) -> tuple[str, str]:
    length = "cm" if unit == "km" else "in"
    return f"Ahead of the hip ({length})", f"Height above the ground ({length})"


def runners_figure(
    poses: Sequence[Pose], titles: Sequence[tuple[str, str]], leg_length_cm: float, unit: str = "km", title: str = ""
) -> go.Figure:
    """Side-by-side stick runners at touchdown (one panel each), drawn to the same scale.

    ``titles`` gives each panel a bold label and a second line, e.g. ``("now", "160 steps/min")``.
    """
    count = len(poses)
    width = (1 - GAP * (count - 1)) / count
    span = _scaled((0.75 * leg_length_cm, 2.05 * leg_length_cm), unit)
    x_title, y_title = _axis_titles(unit)
    traces: list = []
    annotations: list = []
    layout: dict = {}
    for number, (pose, (label, subtitle)) in enumerate(zip(poses, titles)):
        suffix = "" if number == 0 else str(number + 1)
        domain = [number * (width + GAP), number * (width + GAP) + width]
        # one x-axis title, under the middle panel (three side by side ran together in a narrow output)
        shown_title = x_title if number == count // 2 else ""
        layout[f"xaxis{suffix}"] = dict(domain=domain, range=[-span[0], span[0]], nticks=4,
                                        title=dict(text=shown_title, font=dict(size=LABEL_SIZE), standoff=6),
                                        anchor="y", zeroline=False, scaleanchor="y", scaleratio=1,
                                        constrain="domain")
        panel_traces, panel_annotations = _runner_parts(pose, (f"x{suffix}", "y"), unit, number, label)
        traces += panel_traces
        annotations += panel_annotations
        # on the panel as drawn (its height follows the width); every other heading one step higher,
        # so that neighbouring headings never meet in a narrow output
        ahead = f"foot {length_text(pose.front_foot[0] - pose.hip[0], unit)} ahead"
        for text, shift in ((f"<b>{label}</b>", 32), (subtitle, 16), (ahead, 0)):
            annotations.append(dict(text=text, x=0.5, y=1.0, xref=f"x{suffix} domain", yref="y domain",
                                    xanchor="center", yshift=shift + 48 * (number % 2), yanchor="bottom", showarrow=False,
                                    font=dict(size=LABEL_SIZE - 1)))
    layout.update(
        yaxis=dict(title=dict(text=y_title), range=[0, span[1]], zeroline=True, zerolinecolor="#444444", nticks=6,
                   constrain="domain", constraintoward="top"),
        title=fit.title(title),
        height=400 + fit.title_margin(title, below=108),
        margin=dict(t=fit.title_margin(title, below=108), r=20),
        showlegend=False,
        annotations=annotations,
    )
    # Built from plain dicts without plotly's per-property validation (90 % of the cost; the
    # explorer redraws on every control change). tests/test_stride_widget.py validates the result.
    return go.Figure(data=traces, layout=layout, _validate=False)


def stride_figure(report: StrideReport, unit: str = "km", trunk_lean_deg: float = 7.3) -> go.Figure:
    """The stride explorer's drawing: the landing leg now, and with cadence +5 % and +10 %."""
    landings: list[Landing] = [report.now, *report.raised.values()]
    poses = [touchdown_pose(landing.foot_ahead_cm, report.leg_length_cm, trunk_lean_deg) for landing in landings]
    titles = [(landing.label, f"{landing.cadence_spm:.0f} steps/min") for landing in landings]
    return runners_figure(poses, titles, report.leg_length_cm, unit,
                          title="Where the foot lands at touchdown (side view, running to the right)")


def sample_runner_figure(runner: pd.Series, unit: str = "km") -> go.Figure:
    """One made-up sample runner (a row of ``stride_sample_runners``) at touchdown, for judging."""
    pose = touchdown_pose(runner["foot_ahead_cm"], runner["leg_length_cm"], runner["trunk_lean_deg"],
                          runner["head_forward_cm"])
    speed = f"{speed_in(runner['speed_kmh'], unit):.1f} {'km/h' if unit == 'km' else 'mph'}"
    title = (runner["runner"], f"{speed}, {runner['cadence_spm']:.0f} steps/min")
    return runners_figure([pose], [title], runner["leg_length_cm"], unit,
                          title="Judge this runner at touchdown (side view, running to the right)")
