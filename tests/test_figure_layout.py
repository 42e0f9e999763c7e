"""Figure layout decisions that hold at any width, checked without a browser (issue 13).

plotly does not shrink text, so each figure is laid out for the narrowest output (360 px):
titles wrapped to lines that fit, legends below the plot (never over it), date axes with
a bounded number of level ticks, stacked plan panels that do not overlap, and a log too
short for a ratio says so. The browser test (tests/browser/test_layout_in_browser.py)
measures the drawn result.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import helpers
from helpers import training
from helpers.figures import fit
from helpers.figures.training import _blocks, too_little_data
from helpers.widgets.base import PLOTLY_MIME

ONE_RUN = Path(__file__).parent / "fixtures" / "activities" / "run.gpx"

WIDGETS = {
    "00": lambda: helpers.widgets.environment_check_app(),
    "01": helpers.load_explorer,
    "02": helpers.stride_explorer,
    "03": helpers.pelvic_tilt_explorer,
    "04": helpers.progression_builder,
    "05": helpers.camber_explorer,
    "06-ramp": helpers.ramp_simulator,
    "06-log": helpers.training_log_explorer,
    "09": helpers.return_to_run_planner,
}


def _layout(app) -> dict:
    return app.figure_area.outputs[0]["data"][PLOTLY_MIME]["layout"]


def _plain(text: str) -> list[str]:
    """The lines of a title or label as shown (tags removed)."""
    return [re.sub(r"<[^>]+>", "", line) for line in text.split("<br>")]


def test_wrap_keeps_every_line_within_the_narrowest_output() -> None:
    title = "Where the foot lands at touchdown (side view, running to the right)"
    lines = fit.wrap(title).split("<br>")
    assert len(lines) > 1 and " ".join(lines) == title
    assert max(len(line) for line in lines) <= fit.chars_per_line(fit.TITLE_SIZE)
    assert fit.chars_per_line(fit.TITLE_SIZE) * fit.TITLE_SIZE * fit.CHAR_WIDTH <= fit.NARROWEST_PX - 40


def test_a_title_of_more_lines_gets_more_top_margin() -> None:
    short, long = "Distance", "Each running step's peak force rises with speed, at every speed a runner can run"
    assert fit.title_margin(long) > fit.title_margin(short)
    assert fit.title(long)["yref"] == "container" and fit.title(long)["yanchor"] == "top"


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_widget_titles_fit_and_legends_sit_below_the_plot(name: str) -> None:
    layout = _layout(WIDGETS[name]())
    title = layout.get("title", {}).get("text") or ""
    size = layout.get("title", {}).get("font", {}).get("size", fit.TITLE_SIZE)
    for line in _plain(title):
        assert len(line) * size * fit.CHAR_WIDTH <= fit.NARROWEST_PX - 20, f"{name}: title line too long: {line!r}"
    legend = layout.get("legend")
    if layout.get("showlegend", True) and legend:
        # below the plot and its axis titles, in a space of its own, never over a plot area
        assert legend["orientation"] == "h" and legend["yref"] == "container" and legend["y"] == 0, name


@pytest.mark.parametrize("name", ["06-ramp", "06-log"])
def test_date_axes_have_a_bounded_number_of_level_ticks(name: str) -> None:
    layout = _layout(WIDGETS[name]())
    dates = [axis for key, axis in layout.items() if key.startswith("xaxis")]
    assert dates and all(axis["nticks"] <= fit.DATE_TICKS and axis["tickangle"] == 0 for axis in dates)


def test_legend_names_are_wrapped_to_fit_beside_their_symbol() -> None:
    app = helpers.ramp_simulator()
    app.controls[10].value = True  # the team-sport bands, the longest names
    figure = app.figure_area.outputs[0]["data"][PLOTLY_MIME]
    names = [item["name"] for item in figure["data"] + figure["layout"]["shapes"] if item.get("name")]
    room = fit.chars_per_line(fit.LEGEND_SIZE, fit.NARROWEST_PX - 80)
    assert all(len(line) <= room for name in names for line in _plain(name)), names


@pytest.mark.parametrize("count", [1, 2, 3])
def test_stacked_plan_panels_do_not_overlap(count: int) -> None:
    edges = []
    for bars, ratio in _blocks(count):
        assert 0 <= ratio[0] < ratio[1] < bars[0] < bars[1] <= 1
        edges.append((ratio[0], bars[1]))
    for (low, _), (_, high) in zip(edges, edges[1:]):
        assert high < low  # the next block starts below this one, with room for its title


def test_comparing_two_plans_stacks_them_with_a_title_each() -> None:
    app = helpers.ramp_simulator()
    app.controls[-1].value = "ten"
    layout = _layout(app)
    titles = [note["text"] for note in layout["annotations"] if note["text"].startswith("<b>")]
    assert len(titles) == 2
    domains = sorted(layout[key]["domain"] for key in ("yaxis", "yaxis2", "yaxis3", "yaxis4"))
    assert all(a[1] < b[0] for a, b in zip(domains, domains[1:])), domains


def test_one_uploaded_run_says_on_the_figure_and_in_the_takeaway_that_it_is_not_enough() -> None:
    app = helpers.training_log_explorer(ONE_RUN, timezone="UTC")
    layout = _layout(app)
    notes = " ".join(note["text"] for note in layout["annotations"]).replace("<br>", " ")
    assert "One run is not enough for a ratio: it needs 28 days of running." in notes
    assert "One run is not enough" in app.takeaway.value
    start, end = (layout["xaxis"]["range"][i] for i in (0, 1))
    assert (pd.Timestamp(end) - pd.Timestamp(start)).days >= 28  # not one bar filling the axis


def test_a_long_log_has_no_too_little_data_note() -> None:
    app = helpers.training_log_explorer()
    assert "not enough" not in str(_layout(app)["annotations"])
    activities, _ = training.read_log(training.sample_log_path(), timezone=training.SAMPLE_TIMEZONE)
    assert too_little_data(training.analyse(activities)) == ""


def test_the_learners_label_reads_away_from_the_nearer_edge() -> None:
    app = helpers.load_explorer()
    speed = app.controls[1]
    positions = {}
    for value in (speed.min, speed.max):
        speed.value = value
        figure = app.figure_area.outputs[0]["data"][PLOTLY_MIME]
        positions[value] = next(trace["textposition"] for trace in figure["data"] if trace.get("name") == "Your run (model)")
    assert positions == {speed.min: "top right", speed.max: "top left"}


def test_every_course_widget_brings_the_layout_rules_to_the_page() -> None:
    from helpers.widgets.frontend import script

    code = script()
    assert "container: bot-app / inline-size" in code  # the widget's own width decides, not the window's
    assert "@container bot-app (max-width: 899px)" in code and "@container bot-app (max-width: 599px)" in code
    row = helpers.camber_explorer().children[2]
    assert "bot-figure-row" in row._dom_classes
