"""Widgets, kernel side: controls redraw the figure and text; bad input keeps the last drawing."""

from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go
import pytest

import helpers
from helpers import quiz
from helpers.widgets import FigureApp, environment_check_app, load_explorer, self_test


def figure_of(app: FigureApp) -> dict:
    (output,) = app.figure_area.outputs
    return output["data"]["application/vnd.plotly.v1+json"]


def controls_by_description(app: FigureApp) -> dict[str, widgets.Widget]:
    return {control.description: control for control in app.controls}


def test_environment_check_slider_moves_the_bar() -> None:
    app = environment_check_app()
    assert figure_of(app)["data"][0]["y"] == [3]
    app.controls[0].value = 7
    assert figure_of(app)["data"][0]["y"] == [7]
    assert "The bar is 7 tall" in app.takeaway.value


def test_check_environment_prints_versions_and_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    app = helpers.check_environment()
    printed = capsys.readouterr().out
    for name in ("python", "jupyterlab", "ipywidgets", "plotly", "pandas"):
        assert f"  {name}" in printed
    assert "Kernel side: everything as pinned" in printed
    assert "no slider" in printed and "no chart" in printed
    assert isinstance(app, FigureApp)


def test_load_explorer_redraws_on_speed_change() -> None:
    app = load_explorer()
    controls = controls_by_description(app)
    before_text, before_marker = app.takeaway.value, figure_of(app)["data"][-1]
    assert "At 6:00 /km (10.0 km/h) and 170 steps/min" in before_text
    controls["Speed (km/h)"].value = 15.0
    after_marker = figure_of(app)["data"][-1]
    assert after_marker["x"] == [15.0] and before_marker["x"] == [10.0]
    assert after_marker["y"][0] > before_marker["y"][0]
    assert "At 4:00 /km (15.0 km/h)" in app.takeaway.value


def test_load_explorer_cadence_changes_steps_not_peak() -> None:
    app = load_explorer()
    peak = figure_of(app)["data"][-1]["y"]
    controls_by_description(app)["Cadence (steps/min)"].value = 180
    assert figure_of(app)["data"][-1]["y"] == peak
    assert "1,080 steps" in app.takeaway.value  # 180 steps/min for 6 minutes


def test_unit_toggle_converts_controls_figure_and_text_and_back() -> None:
    app = load_explorer()
    units = app.controls[0]
    units.value = "mi"
    controls = controls_by_description(app)
    assert controls["Speed (mph)"].value == pytest.approx(6.2)
    assert controls["Body mass (lb)"].value == 154
    assert figure_of(app)["layout"]["xaxis"]["title"]["text"] == "Running speed (mph)"
    assert "/mi" in app.takeaway.value and "mph" in app.takeaway.value and "154 lb" in app.takeaway.value
    units.value = "km"
    controls = controls_by_description(app)
    assert controls["Speed (km/h)"].value == pytest.approx(10.0)
    assert controls["Body mass (kg)"].value == 70
    assert controls["Speed (km/h)"].min == 6.0 and controls["Speed (km/h)"].max == 22.0


def test_a_render_error_keeps_the_last_figure_and_says_why() -> None:
    value = widgets.IntSlider(value=1, min=0, max=5, description="Value")

    def render() -> tuple[go.Figure, str]:
        if value.value == 0:
            raise ValueError("Value must be above zero.")
        return go.Figure(go.Bar(y=[value.value])), f"value {value.value}"

    app = FigureApp([value], render)
    good = app.figure_area.outputs
    value.value = 0
    assert app.figure_area.outputs == good
    assert app.takeaway.value.endswith("value 1</div>")
    assert "Value must be above zero." in app.message.value and 'role="alert"' in app.message.value
    value.value = 2
    assert app.message.value == ""


def test_widgets_explain_themselves_as_text() -> None:
    assert "open the course in JupyterLab" in repr(load_explorer())
    assert len(repr(self_test(1))) < 250


def test_self_test_gives_feedback_after_answering() -> None:
    test = self_test(1)
    first = test.children[0]
    _, choices, check, feedback = first.children
    check.click()
    assert "Choose an answer first" in feedback.value
    choices.index = 0
    check.click()
    assert "Not quite" in feedback.value and "About 2.5 × body weight" in feedback.value
    choices.index = 1
    check.click()
    assert feedback.value.split(">", 1)[1].startswith("Right.")
    assert "Keller et al. 1996" in feedback.value


def test_quiz_feedback_model() -> None:
    question = quiz.questions(1)[0]
    assert quiz.feedback(question, None)[0] is None
    assert quiz.feedback(question, question.correct)[0] is True
    with pytest.raises(ValueError, match="not one of the 3 answers"):
        quiz.feedback(question, 5)
    with pytest.raises(ValueError, match="no questions for lesson 99"):
        quiz.questions(99)


def test_unit_toggle_redraws_once_and_never_with_unconverted_values() -> None:
    app = load_explorer()
    drawn = []
    app.figure_area.observe(lambda change: drawn.append(figure_of(app)["data"][-1]["x"][0]), names="outputs")
    app.controls[0].value = "mi"
    assert drawn == [pytest.approx(6.2)]  # 10 km/h shown as 6.2 mph, never "10 mph"


def test_unit_toggle_keeps_sliders_on_their_step_grid() -> None:
    app = load_explorer()
    for unit in ("mi", "km", "mi"):
        app.controls[0].value = unit
        for slider in app.controls[1:]:
            steps = (slider.value - slider.min) / slider.step
            assert steps == pytest.approx(round(steps)), f"{slider.description}: {slider.value} off the grid"


def test_a_view_adds_a_description_and_a_numbers_table_on_demand() -> None:
    import pandas as pd

    from helpers.widgets import View

    slider = widgets.IntSlider(value=2, min=0, max=9, description="Height (units)")

    def render() -> View:
        figure = go.Figure(go.Bar(x=["bar"], y=[slider.value]))
        table = pd.DataFrame({"bar": ["bar"], "height (units)": [slider.value]})
        return View(figure, f"The bar is {slider.value} tall.", f"One bar, {slider.value} units tall.", table)

    app = FigureApp([slider], render)
    assert "One bar, 2 units tall." in app.description.value
    assert app.numbers.value == "" and app.numbers.layout.display == "none"
    app.show_numbers.value = True
    assert "<td>2</td>" in app.numbers.value and app.show_numbers.description == "Hide the numbers"
    slider.value = 5
    assert "<td>5</td>" in app.numbers.value and "5 units tall" in app.description.value
    app.show_numbers.value = False
    assert app.numbers.value == "" and app.numbers.layout.display == "none"


def test_a_figure_and_takeaway_pair_still_works_without_a_numbers_button() -> None:
    slider = widgets.IntSlider(value=2, min=0, max=9, description="Height (units)")
    app = FigureApp([slider], lambda: (go.Figure(go.Bar(y=[slider.value])), f"The bar is {slider.value} tall."))
    assert app.show_numbers.layout.display == "none" and app.description.value == ""
    assert "The bar is 2 tall." in app.takeaway.value


# ---------------------------------------------------------------- issue 13: every figure has a text alternative


def shown_numbers(app: FigureApp) -> str:
    """The numbers table as the learner sees it after pressing "Show the numbers"."""
    app.show_numbers.value = True
    return app.numbers.value


def test_the_environment_check_describes_its_bar_and_shows_its_number() -> None:
    app = environment_check_app()
    assert "One bar, 3 tall on a scale from 0 to 11" in app.description.value
    assert "<td>test bar</td>" in shown_numbers(app) and "<td>3</td>" in app.numbers.value
    app.controls[0].value = 8
    assert "One bar, 8 tall" in app.description.value and "<td>8</td>" in app.numbers.value


def test_the_load_explorer_describes_its_figure_and_follows_the_controls() -> None:
    app = load_explorer()
    assert "against running speed (km/h)" in app.description.value
    assert "Your run: 2.4 × body weight at 10.0 km/h (about 1,669 N for 70 kg per step)" in app.description.value
    table = shown_numbers(app)
    assert "<th>Speed (km/h)</th>" in table and "<td>Your run (model)</td>" in table
    controls_by_description(app)["Speed (km/h)"].value = 15.0
    assert "at 15.0 km/h (about" in app.description.value and "<td>15.0</td>" in app.numbers.value
    app.controls[0].value = "mi"
    assert "against running speed (mph)" in app.description.value and "km/h" not in app.description.value
    assert "lbf for 154 lb" in app.description.value
    assert "<th>Speed (mph)</th>" in app.numbers.value and "km/h" not in app.numbers.value


def test_the_numbers_table_is_made_only_when_shown_and_follows_the_figure() -> None:
    """A redraw does not build the hidden table's HTML; showing it builds the current one."""
    import pandas as pd

    import helpers.widgets.base as base

    made = []
    value = {"x": 1}

    def render():
        return base.View(go.Figure(), "<p>t</p>", "d", pd.DataFrame({"x": [value["x"]]}))

    def to_html(table):
        made.append(int(table["x"].iloc[0]))
        return base.numbers_html(table)

    app = base.FigureApp([], render)
    app.set_numbers(render().numbers, to_html)
    value["x"] = 2
    app.refresh()
    app.set_numbers(render().numbers, to_html)
    assert made == [] and app.numbers.value == ""
    app.show_numbers.value = True
    assert made == [2] and ">2<" in app.numbers.value
    app.show_numbers.value = False
    app.show_numbers.value = True
    assert made == [2]  # made once for this figure


def _bar(height: float) -> go.Figure:
    return go.Figure(go.Bar(x=["a"], y=[height]))


def test_a_figure_area_replaces_its_output_until_the_page_redraws_in_place() -> None:
    from helpers.widgets.base import PLOTLY_MIME, FigureArea

    area = FigureArea()
    area.show(_bar(1))
    assert area.outputs[0]["data"][PLOTLY_MIME]["data"][0]["y"] == [1] and area.channel.value == ""
    area.in_place.value = True  # the page's browser layer says it can update the plot that is there
    first = area.outputs
    area.show(_bar(2))
    assert area.outputs == first, "the plot on the page is updated, not replaced"
    assert 'data-figure="1"' in area.channel.value and '"y":[2]' in area.channel.value
    assert area.latest["data"][PLOTLY_MIME]["data"][0]["y"] == [2]
    area.in_place.value = False  # the page could not draw it: the latest figure comes as a new output
    assert area.outputs[0]["data"][PLOTLY_MIME]["data"][0]["y"] == [2] and area.channel.value == ""


def test_a_figure_area_cleared_draws_its_next_figure_anew_and_forgets_the_channel() -> None:
    from helpers.widgets.base import PLOTLY_MIME, FigureArea

    area = FigureArea()
    area.show(_bar(1))
    area.in_place.value = True
    area.show(_bar(2))
    area.clear()
    assert area.outputs == () and area.channel.value == "" and area.latest is None
    area.show(_bar(3))  # no plot on the page to update: a new output, and no stale figure in the channel
    assert area.outputs[0]["data"][PLOTLY_MIME]["data"][0]["y"] == [3] and area.channel.value == ""


def test_figure_json_in_the_channel_cannot_close_its_script_element() -> None:
    from helpers.widgets.base import FigureArea

    area = FigureArea()
    area.show(_bar(1))
    area.in_place.value = True
    area.show(go.Figure(go.Bar(x=["</script><b>x</b>"], y=[1])))
    assert area.channel.value.lower().count("</script") == 1 and "<\\/script>" in area.channel.value


def test_a_figure_app_puts_its_figure_areas_hidden_parts_on_the_page() -> None:
    app = load_explorer()
    hidden = app.figure_area.hidden
    placed = [child for box in app.children if hasattr(box, "children") for child in box.children]
    assert all(part in placed for part in hidden)
    assert all(part.layout.display == "none" for part in hidden)


def test_the_same_figure_again_is_not_sent_again() -> None:
    from helpers.widgets.base import FigureArea

    area = FigureArea()
    area.show(_bar(1))
    area.in_place.value = True
    area.show(_bar(2))
    sent = area.channel.value
    area.show(_bar(2))  # a control's value echoed back by the browser redraws the same figure
    assert area.channel.value == sent
    area.show(_bar(3))
    assert area.channel.value != sent and 'data-figure="2"' in area.channel.value


def test_run_safely_turns_an_error_into_a_message_that_says_what_is_kept() -> None:
    from helpers.widgets.base import run_safely

    shown = []

    def broken() -> None:
        raise KeyError("week")

    run_safely(broken, shown.append, "Your settings are unchanged.")
    assert shown == ["Something went wrong (KeyError: 'week'). Your settings are unchanged."]
    run_safely(lambda: None, shown.append, "unused")
    assert len(shown) == 1
