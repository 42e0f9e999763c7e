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


def run_fresh(code: str) -> str:
    """Run ``code`` in a fresh Python process; return what it printed (fails on an error)."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_import_helpers_leaves_every_lesson_module_for_later() -> None:
    """A lesson loads what it uses: ``import helpers`` imports no widget, table or calendar library."""
    code = ("import sys, helpers\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'ipywidgets', 'icalendar', 'nbformat')"
            " or m.startswith('helpers.') and m not in ('helpers.style', 'helpers.lazy')))\n"
            "helpers.load_explorer; helpers.figures.plan.plan_figure; helpers.data.load_table; helpers.tables\n"
            "print('icalendar' in sys.modules)")
    loaded, calendar = run_fresh(code).splitlines()
    assert loaded == "[]"
    assert calendar == "False"  # only writing a calendar file needs it


def test_names_of_the_lazy_packages_are_all_there() -> None:
    from helpers import widgets

    for package in (helpers, figures, widgets):
        for name in package.__all__:
            assert callable(getattr(package, name)), f"{package.__name__}.{name}"
        assert set(package.__all__) <= set(dir(package))
    with pytest.raises(AttributeError):
        helpers.no_such_widget  # noqa: B018


def test_a_figure_ending_a_cell_shows_without_nbformat_and_as_plotly_would() -> None:
    """In a kernel, the first figure a lesson shows must not import nbformat (about 1 s)."""
    code = ("import json, sys\n"
            "from IPython.core.interactiveshell import InteractiveShell\n"
            "from IPython.utils.capture import capture_output\n"
            "shell = InteractiveShell.instance()\n"
            "import helpers\n"
            "print(helpers.environment.environment_report().splitlines()[-2])\n"
            "shell.user_ns['fig'] = helpers.figures.environment_check_figure(4)\n"
            "with capture_output() as captured:\n"
            "    shell.run_cell('fig')\n"
            "print('nbformat' in sys.modules)\n"
            "print(json.dumps(captured.outputs[0].data, sort_keys=True))\n"
            "import plotly.io as pio\n"
            "print(json.dumps(shell.user_ns['fig']._repr_mimebundle_(), sort_keys=True))\n"
            "pio.renderers.default = 'json'\n"  # another renderer chosen: plotly's own path again
            "with capture_output() as captured:\n"
            "    shell.run_cell('fig')\n"
            "print(sorted(captured.outputs[0].data))\n")
    renderer, nbformat_loaded, shown, plotlys, other = run_fresh(code).splitlines()
    assert renderer.split() == ["plotly", "renderer", "plotly_mimetype", "ok"]
    assert nbformat_loaded == "False"
    assert json.loads(shown) == json.loads(plotlys)
    assert other == "['application/json']"
