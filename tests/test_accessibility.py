"""What a screen reader is told, as far as it is decided in Python (the browser test checks the rest).

Every slider's description carries its unit in brackets (``frontend/a11y.js`` names the
handle by it and reads the value with that unit), in both unit systems; every radio group
and control has a name; the first slider a learner meets has a long track. The value
texts ``a11y.js`` builds from a description are checked with Node when it is installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import ipywidgets as widgets
import pytest

import helpers.widgets as course
from helpers.widgets.frontend import FOLDER

SLIDERS = (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider, widgets.IntRangeSlider,
           widgets.FloatRangeSlider)
#: Sliders without a unit: the value is a plain number (00's test slider moves a bar 1 to 10 tall).
DIMENSIONLESS = {"Test slider"}
UNIT = re.compile(r"\(([^()]+)\)$")


def all_apps() -> list[widgets.Widget]:
    """Every course widget the lessons show."""
    return [course.environment_check_app(), course.load_explorer(), course.stride_explorer(),
            course.pelvic_tilt_explorer(), course.core_endurance_test(), course.exercise_library(),
            course.progression_builder(), course.camber_explorer(), course.shoe_wear_tracker(),
            course.ramp_simulator(), course.training_log_explorer(), course.imaging_by_age(),
            course.self_check_form(), course.return_to_run_planner(), course.plan_builder(),
            *(course.self_test(lesson) for lesson in range(1, 11))]  # lessons 01-10 end with one


def walk(widget: widgets.Widget):
    """The widget and everything inside it (children of boxes, hidden ones too)."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def sliders_of(apps) -> list[widgets.Widget]:
    return [widget for app in apps for widget in walk(app) if isinstance(widget, SLIDERS)]


@pytest.fixture(scope="module")
def apps() -> list[widgets.Widget]:
    return all_apps()


def test_every_slider_description_carries_its_unit(apps):
    sliders = sliders_of(apps)
    assert len(sliders) >= 20, "the walk should find the sliders of every lesson"
    missing = [slider.description for slider in sliders
               if slider.description not in DIMENSIONLESS and not UNIT.search(slider.description)]
    assert not missing, f"sliders without a unit in brackets: {missing}"


def test_slider_units_follow_the_unit_switch():
    explorer = course.load_explorer()
    units = next(widget for widget in walk(explorer) if isinstance(widget, widgets.ToggleButtons))
    units.value = "mi"
    descriptions = {slider.description for slider in sliders_of([explorer])}
    assert {"Speed (mph)", "Body mass (lb)", "Cadence (steps/min)"} <= descriptions
    ramp = course.ramp_simulator()
    next(widget for widget in walk(ramp) if isinstance(widget, widgets.ToggleButtons)).value = "mi"
    assert {"Start (mi/week)", "Target (mi/week)"} <= {slider.description for slider in sliders_of([ramp])}


def test_every_radio_group_has_a_description_or_a_question(apps):
    for app in apps:
        for box in walk(app):
            radios = [child for child in getattr(box, "children", ()) if isinstance(child, widgets.RadioButtons)]
            for radio in radios:
                if radio.description:
                    continue
                assert "back-on-track-question" in box._dom_classes, radio.options
                prompt = box.children[0]
                assert isinstance(prompt, widgets.HTML) and re.sub(r"<[^>]+>", "", prompt.value).strip()


def test_every_control_has_a_name(apps):
    named = (widgets.Text, widgets.Textarea, widgets.Dropdown, widgets.Combobox, widgets.DatePicker,
             widgets.FloatText, widgets.IntText, widgets.ToggleButtons, widgets.SelectMultiple, *SLIDERS)
    unnamed = []
    for app in apps:
        for widget in walk(app):
            if isinstance(widget, named) and not widget.description.strip():
                unnamed.append(type(widget).__name__)
            if isinstance(widget, (widgets.Button, widgets.ToggleButton, widgets.Checkbox, widgets.FileUpload)) \
                    and not widget.description.strip():
                unnamed.append(f"{type(widget).__name__} (tooltip {getattr(widget, 'tooltip', '')!r})")
    assert not unnamed


def test_tick_box_questions_are_named_groups():
    form = course.self_check_form()
    groups = [widget for widget in walk(form) if "bot-checkbox-group" in getattr(widget, "_dom_classes", ())]
    assert groups, "the self-check has at least one tick-box question"
    for group in groups:
        assert isinstance(group.children[0], widgets.Label) and group.children[0].value.strip()
        assert all(isinstance(child, widgets.Checkbox) for child in group.children[1:])


def test_the_first_slider_a_learner_meets_has_a_long_track():
    slider = sliders_of([course.environment_check_app()])[0]
    width = slider.layout.width or ""
    assert width.endswith("em") and float(width[:-2]) >= 30, f"test slider width {width!r}"


VALUE_TEXTS = {  # (readout, description) -> what a screen reader says
    ("10", "Weekly increase (%)"): "10 %",
    ("20", "Start (km/week)"): "20 km/week",
    ("3", "Pain while walking (0–10)"): "3 of 10",
    ("0", "Break (weeks, 0 = none)"): "0 weeks",
    ("8", "Break starts (week no.)"): "week 8",
    ("12.5", "Pelvic tilt, PT (°)"): "12.5°",
    ("3", "Test slider"): "3",
}


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_value_texts_read_the_unit_from_the_description():
    source = (FOLDER / "a11y.js").read_text(encoding="utf-8")
    cases = [[readout, description] for readout, description in VALUE_TEXTS]
    program = (f"var course = {{addScan() {{}}, idFor() {{}}}};\n{source}\n"
               f"console.log(JSON.stringify({json.dumps(cases)}.map(c => valueText(c[0], c[1]))));")
    result = subprocess.run(["node", "-e", program], capture_output=True, text=True, timeout=30, check=True)
    assert json.loads(result.stdout) == list(VALUE_TEXTS.values())
