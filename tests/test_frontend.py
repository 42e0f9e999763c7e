"""The course's browser layer (helpers.widgets.frontend) reaches every course widget."""

from __future__ import annotations

import helpers
from helpers.widgets import Panel
from helpers.widgets.frontend import FOLDER, _html, frontend, script


def test_every_script_and_style_in_the_folder_is_in_the_layer():
    code = script()
    for entry in FOLDER.iterdir():
        if entry.name.endswith((".js", ".css")):
            first_line = entry.read_text(encoding="utf-8").strip().splitlines()[0]
            assert first_line.strip("/* ") in code.replace("\\n", "\n"), entry.name


def test_the_layer_is_hidden_and_has_no_closing_script_tag_inside():
    layer = frontend()
    assert layer.layout.display == "none"
    assert _html().count("</script>") == 1
    assert 'onerror="' in _html() and '"' not in _html().split('onerror="', 1)[1].split('"', 1)[0]


def test_every_course_widget_carries_the_layer_last():
    apps = [helpers.self_test(6), helpers.ramp_simulator(), helpers.self_check_form(), helpers.stride_explorer(),
            helpers.pelvic_tilt_explorer(), helpers.imaging_by_age(), helpers.plan_builder()]
    for app in apps:
        assert isinstance(app, Panel)
        assert "back-on-track-app" in app._dom_classes
        assert "bot-frontend" in app.children[-1]._dom_classes, type(app).__name__
