"""One course look: template, palette, renderer; figures carry units and never a CDN."""

from __future__ import annotations

import json

import plotly.io as pio
import pytest

import helpers  # noqa: F401  (importing sets the template and renderer)
from helpers import figures, style
from helpers.data import load_table
from helpers.widgets import load_explorer

OKABE_ITO = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"}


def test_template_and_renderer_are_set_on_import() -> None:
    assert pio.templates.default == style.TEMPLATE_NAME
    assert pio.renderers.default == "plotly_mimetype"


def test_palette_is_colour_blind_safe() -> None:
    assert set(style.PALETTE) == OKABE_ITO
    assert list(pio.templates[style.TEMPLATE_NAME].layout.colorway) == list(style.PALETTE)


def course_figures():
    return {
        "environment check": figures.environment_check_figure(4),
        "prevalence": figures.prevalence_figure(load_table("back_pain_prevalence")),
        "load explorer": load_explorer().figure_area.outputs[0]["data"]["application/vnd.plotly.v1+json"],
    }


@pytest.mark.parametrize("name", list(course_figures()))
def test_every_axis_has_a_title_with_a_unit(name: str) -> None:
    figure = course_figures()[name]
    layout = figure["layout"] if isinstance(figure, dict) else figure.to_dict()["layout"]
    axes = ("yaxis",) if name == "environment check" else ("xaxis", "yaxis")  # its x is one labelled bar
    for axis in axes:
        title = layout[axis]["title"]["text"]
        assert "(" in title and title.endswith(")"), f"{name} {axis}: {title!r} has no unit"


@pytest.mark.parametrize("name", list(course_figures()))
def test_figures_fetch_nothing(name: str) -> None:
    figure = course_figures()[name]
    text = json.dumps(figure) if isinstance(figure, dict) else figure.to_json()
    assert "cdn" not in text.lower() and "<script" not in text


def test_figures_tell_series_apart_without_colour() -> None:
    figure = figures.prevalence_figure(load_table("back_pain_prevalence"))
    symbols = [trace.marker.symbol for trace in figure.data]
    assert len(set(symbols)) == len(symbols)


def test_importing_helpers_leaves_plotly_renderers_and_nbformat_for_later() -> None:
    """``import helpers`` must not pull in nbformat (via plotly's renderers): about 1 s per lesson start."""
    import subprocess
    import sys

    code = ("import sys, helpers; assert 'nbformat' not in sys.modules, 'nbformat imported'; "
            "helpers.ramp_simulator(); assert 'nbformat' not in sys.modules, 'nbformat imported by a widget'; "
            "import plotly.io as pio; print(pio.renderers.default)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "plotly_mimetype"


@pytest.mark.parametrize("name", ["environment check", "prevalence"])
def test_a_widget_figure_output_is_the_plotly_renderer_bundle(name: str) -> None:
    from helpers.widgets.base import figure_output

    figure = course_figures()[name]
    assert figure_output(figure)["data"] == json.loads(json.dumps(figure._repr_mimebundle_()))
