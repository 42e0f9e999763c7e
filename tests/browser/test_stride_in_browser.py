"""Lesson 02's stride explorer in a real browser: JupyterLab + headless Chromium, used like a learner.

Opens the lesson, runs all cells, then moves the cadence slider with the keyboard, switches
units with the mouse, types into the boxes, and checks that the drawing (plotly SVG) and
the readouts beside it follow; a bad typed value must show a message and keep the last
drawing. Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import re

import harness
import pytest
from playwright.sync_api import expect

from helpers.stride import stride_report

pytestmark = pytest.mark.browser

LESSON_02 = "notebooks/02-running-form.ipynb"
WIDGET_TIMEOUT_MS = 20_000
PANEL_TITLES = ".js-plotly-plot .annotation-text"

#: What the drawing shows: panel titles, distance labels, and the SVG paths of every line.
_DRAWING_JS = """app => [
    ...[...app.querySelectorAll('.js-plotly-plot .annotation-text')].map(t => t.textContent),
    ...[...app.querySelectorAll('.js-plotly-plot .scatterlayer path.js-line')].map(p => p.getAttribute('d')),
].join('\\n')"""


def _box(app, description: str):
    return harness.labelled_widget(app, "widget-text", description).locator("input")


def _drawing(app) -> str:
    return app.evaluate(_DRAWING_JS)


def test_lesson_02_stride_explorer(page, lab_server):
    harness.open_and_run_all(page, lab_server, LESSON_02)

    app = page.locator(".back-on-track-app").filter(has=harness.labelled_widget(page, "widget-slider", "Cadence (steps/min)"))
    expect(app).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    takeaway = app.locator(".back-on-track-takeaway")
    message = app.locator(".widget-html-content").filter(has_text="Please check")
    titles = app.locator(PANEL_TITLES)
    expect(takeaway).to_contain_text("176 instead of 160 steps/min", timeout=WIDGET_TIMEOUT_MS)
    expect(titles.filter(has_text=re.compile(r"^160 steps/min$"))).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    expect(app.locator(PANEL_TITLES, has_text="foot 20 cm ahead")).to_have_count(1)
    before = _drawing(app)
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "02-stride-explorer-before")

    # Keyboard: one step of the cadence slider, timed from the key press to the redrawn panel.
    handle = harness.labelled_widget(app, "widget-slider", "Cadence (steps/min)").locator(".noUi-handle")
    handle.focus()
    expect(handle).to_be_focused()
    harness.start_change_timer(app, PANEL_TITLES, "161 steps/min")
    page.keyboard.press("ArrowRight")
    milliseconds = harness.change_timer_ms(page)
    print(f"02 stride explorer: cadence key press -> drawing redrawn after {milliseconds:.0f} ms")
    for _ in range(9):  # on to 170 steps/min
        page.keyboard.press("ArrowRight")
    harness.wait_until_settled(app)
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^170(\.0)?$"))
    expect(titles.filter(has_text=re.compile(r"^187 steps/min$"))).to_have_count(1)  # +10 %
    expect(takeaway).to_contain_text("187 instead of 170 steps/min")
    report = stride_report(10.0, 170, 90.0, 20.0, 30.0)
    expect(takeaway).to_contain_text(f"{report.impacts_per_week:,.0f} foot landings")
    after_keys = _drawing(app)
    assert after_keys != before, "the drawing did not change when the cadence changed"
    expect(message).to_have_count(0)
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "02-stride-explorer-170spm")

    # Mouse: switch to imperial; the boxes are converted and the axes relabelled.
    imperial = app.locator(".widget-toggle-button", has_text="imperial (miles, inches)")
    imperial.click()
    expect(imperial).to_have_class(re.compile(r"\bmod-active\b"))
    expect(_box(app, "Pace (min:s per mile)")).to_have_value("9:39", timeout=WIDGET_TIMEOUT_MS)
    harness.wait_until_settled(app)
    expect(_box(app, "Foot ahead of hip (in)")).to_have_value("7.9")
    expect(app.locator(".js-plotly-plot .x2title")).to_have_text("Ahead of the hip (in)")  # one, under the middle panel
    expect(takeaway).to_contain_text("landings per mile")
    expect(message).to_have_count(0)

    # Typing: a new landing distance, timed from Enter to the redrawn label.
    foot = _box(app, "Foot ahead of hip (in)")
    foot.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("12")
    harness.start_change_timer(app, PANEL_TITLES, "foot 12.0 in ahead")
    page.keyboard.press("Enter")
    milliseconds = harness.change_timer_ms(page)
    print(f"02 stride explorer: typed landing distance + Enter -> drawing redrawn after {milliseconds:.0f} ms")
    harness.wait_until_settled(app)
    good_drawing, good_text = _drawing(app), takeaway.inner_text()
    assert good_drawing != after_keys
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "02-stride-explorer-imperial-12in")

    # A bad typed value: a message, and the last drawing and readouts stay.
    pace = _box(app, "Pace (min:s per mile)")
    harness.retype(page, pace, "fast")
    expect(message).to_contain_text("Type the pace as minutes:seconds per mile", timeout=WIDGET_TIMEOUT_MS)
    harness.wait_until_settled(app)
    assert _drawing(app) == good_drawing, "a bad value changed the drawing"
    assert takeaway.inner_text() == good_text, "a bad value changed the readouts"
    expect(pace).to_have_value("fast")  # what the learner typed stays, to be corrected
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "02-stride-explorer-bad-pace")

    harness.retype(page, pace, "")
    expect(message).to_contain_text("Pace is empty")
    harness.retype(page, pace, "1:00")
    expect(message).to_contain_text("Pace must be between")
    harness.wait_until_settled(app)
    assert _drawing(app) == good_drawing

    # Corrected: the message goes and the drawing follows the new pace.
    harness.retype(page, pace, "8:00")
    expect(message).to_have_count(0, timeout=WIDGET_TIMEOUT_MS)
    expect(takeaway).to_contain_text("landings per mile")
    harness.wait_until_settled(app)
    assert takeaway.inner_text() != good_text
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "02-stride-explorer-after")

    # The exercise's sample runner is drawn from the data table.
    sample = page.locator(".jp-OutputArea-output").filter(
        has=page.locator(".annotation-text", has_text="Sample runner A")
    )
    expect(sample).to_have_count(1)
    expect(sample.locator(".annotation-text", has_text="foot 30 cm ahead")).to_have_count(1)
    harness.scroll_into_view(page, sample)
    harness.save_screenshot(page, "02-sample-runner")
