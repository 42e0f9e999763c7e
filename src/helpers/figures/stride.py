"""Lesson 02 figures: a side-view stick runner at touchdown, foot ahead of the hip.

The runner is drawn by the course's one pose renderer (:mod:`helpers.poses` builds it,
:func:`helpers.figures.poses.pose_traces` draws it, in the style of lesson 04's exercise
drawings). It is a schematic: the landing leg is drawn straight from the hip to the heel,
and the trunk, arms and rear leg have the course's schematic proportions. Only the foot's
distance ahead of the hip, the leg length, the trunk lean and the head position come from
the data; the rest is there so the figure reads as a runner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import pandas as pd
import plotly.graph_objects as go

from helpers.figures import fit
from helpers.figures.poses import pose_traces
from helpers.poses import Pose, runner_pose
from helpers.stride import Landing, StrideReport, length_text
from helpers.style import DASHES, PALETTE, SYMBOLS
from helpers.units import speed_in

CM_PER_INCH = 2.54
GAP = 0.06  # space between panels, as a share of the figure's width
LABEL_SIZE = 12  # panel texts: three panels share a 360 px output, about 90 px each


@dataclass(frozen=True)
class RunnerPose(Pose):
    """A stick runner at touchdown, in cm, hip at x = 0 and ground at y = 0 (a :class:`helpers.poses.Pose`).

    The near-side leg lands (its ankle is the heel); the far-side leg is the rear leg.
    """

    @property
    def hip(self) -> tuple[float, float]:
        return self.joints["hip"]

    @property
    def front_foot(self) -> tuple[float, float]:
        return self.joints["ankle_near"]

    @property
    def front_knee(self) -> tuple[float, float]:
        return self.joints["knee_near"]

    @property
    def rear_knee(self) -> tuple[float, float]:
        return self.joints["knee_far"]

    @property
    def rear_foot(self) -> tuple[float, float]:
        return self.joints["ankle_far"]

    @property
    def shoulder(self) -> tuple[float, float]:
        return self.joints["shoulder"]

    @property
    def head(self) -> tuple[float, float]:
        return self.joints["head"]


def touchdown_pose(foot_ahead_cm: float, leg_length_cm: float, trunk_lean_deg: float = 7.3,
                   head_forward_cm: float = 0.0) -> RunnerPose:
    """A schematic runner whose front heel touches the ground ``foot_ahead_cm`` ahead of the hip."""
    drawn = runner_pose(foot_ahead_cm, leg_length_cm, trunk_lean_deg, head_forward_cm)
    return RunnerPose(**{field.name: getattr(drawn, field.name) for field in fields(drawn)})


def _factor(unit: str) -> float:
    return 1.0 if unit == "km" else 1 / CM_PER_INCH


def _runner_parts(pose: RunnerPose, axes: tuple[str, str], unit: str, number: int, name: str) -> tuple[list, list, list]:
    """Traces, annotations and shapes (as dicts) of one stick runner on the axes ``(x, y)``."""
    xref, yref = axes
    factor = _factor(unit)
    hip, foot = (pose.hip[0] * factor, pose.hip[1] * factor), (pose.front_foot[0] * factor, pose.front_foot[1] * factor)
    body, shapes = pose_traces([(pose, 0.0, 0.0)], factor, axes, name, thin=0.75)  # three runners share 360 px
    on_axes = dict(xaxis=xref, yaxis=yref, showlegend=False)
    traces = [
        *body,
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
    return traces, annotations, shapes


def _axis_titles(unit: str) -> tuple[str, str]:
    length = "cm" if unit == "km" else "in"
    return f"Ahead of the hip ({length})", f"Height above the ground ({length})"


def runners_figure(
    poses: Sequence[RunnerPose], titles: Sequence[tuple[str, str]], leg_length_cm: float, unit: str = "km", title: str = ""
) -> go.Figure:
    """Side-by-side stick runners at touchdown (one panel each), drawn to the same scale.

    ``titles`` gives each panel a bold label and a second line, e.g. ``("now", "160 steps/min")``.
    """
    count = len(poses)
    width = (1 - GAP * (count - 1)) / count
    span = (0.75 * leg_length_cm * _factor(unit), 2.05 * leg_length_cm * _factor(unit))
    x_title, y_title = _axis_titles(unit)
    traces: list = []
    annotations: list = []
    shapes: list = []
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
        panel_traces, panel_annotations, panel_shapes = _runner_parts(pose, (f"x{suffix}", "y"), unit, number, label)
        traces += panel_traces
        annotations += panel_annotations
        shapes += panel_shapes
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
        shapes=shapes,
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
