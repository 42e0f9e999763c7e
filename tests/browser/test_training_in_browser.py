"""Lesson 06's mileage-ramp simulator in a real browser: JupyterLab + headless Chromium.

Opens the lesson, runs all cells, then raises the weekly increase with the keyboard,
turns the reference bands on, switches to miles and saves a plan for comparison with the
mouse, and checks that the figure (plotly SVG) and the text summary follow. Screenshots
go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import re

import harness
import pytest
from playwright.sync_api import expect

from helpers import training

pytestmark = pytest.mark.browser

LESSON_06 = "notebooks/06-training-load.ipynb"
GPX_FILE = harness.REPO_ROOT / "tests" / "fixtures" / "activities" / "run.gpx"
WIDGET_TIMEOUT_MS = 20_000
TITLES = ".js-plotly-plot .annotation-text"
LEGEND = ".js-plotly-plot .legendtext"

_DRAWING_JS = """app => [
    ...[...app.querySelectorAll('.js-plotly-plot .annotation-text')].map(t => t.textContent),
    ...[...app.querySelectorAll('.js-plotly-plot path')].map(p => p.getAttribute('d')),
].join('\\n')"""




def test_lesson_06_ramp_simulator(page, lab_server):
    harness.open_and_run_all(page, lab_server, LESSON_06)

    app = page.locator(".back-on-track-app").filter(has=harness.labelled_widget(page, "widget-slider", "Weekly increase (%)"))
    expect(app).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    takeaway = app.locator(".back-on-track-takeaway")
    titles = app.locator(TITLES)
    expect(takeaway).to_contain_text("reaches the target in week 9", timeout=WIDGET_TIMEOUT_MS)
    expect(titles.filter(has_text="Your plan: +10 %/week")).to_have_count(1)
    expect(app.locator(LEGEND, has_text="team sport")).to_have_count(0)  # no bands until asked for
    before = app.evaluate(_DRAWING_JS)
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "06-ramp-simulator-before")

    # Keyboard: raise the weekly increase one step, timed from the key press to the new title.
    handle = harness.labelled_widget(app, "widget-slider", "Weekly increase (%)").locator(".noUi-handle")
    handle.focus()
    expect(handle).to_be_focused()
    harness.start_change_timer(app, TITLES, "Your plan: +11 %/week")
    page.keyboard.press("ArrowRight")
    milliseconds = harness.change_timer_ms(page)
    print(f"06 ramp simulator: key press -> figure redrawn after {milliseconds:.0f} ms")
    for _ in range(9):  # on to 20 % a week
        page.keyboard.press("ArrowRight")
    harness.wait_until_settled(app)
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^20(\.0)?$"))
    weeks = training.weeks_to_target(training.ramp_plan(20, 40, 20), 40)
    expect(takeaway).to_contain_text(f"reaches the target in week {weeks}")
    expect(takeaway).to_contain_text("Largest week-on-week jump: +20 %")
    after_keys = app.evaluate(_DRAWING_JS)
    assert after_keys != before, "the figure did not change when the weekly increase changed"

    # Mouse: reference bands on; they are labelled with their origin.
    app.locator(".widget-checkbox", has_text="Show team-sport reference bands").locator("input").click()
    # (each legend entry is in lines that fit a narrow output)
    bands = app.locator(LEGEND, has_text="team sport (Gabbett 2016)").filter(has_text="never studied for back pain")
    expect(bands).to_have_count(2, timeout=WIDGET_TIMEOUT_MS)

    # Mouse: save this plan, then switch to miles; the saved plan appears beside the new one.
    app.locator("button", has_text="Save this plan for comparison").click()
    expect(takeaway).to_contain_text("Saved plan", timeout=WIDGET_TIMEOUT_MS)
    app.locator(".widget-toggle-button", has_text="miles").click()
    expect(harness.labelled_widget(app, "widget-slider", "Start (mi/week)")).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    expect(takeaway).to_contain_text("Your plan (12 → 25 mi/week, +20 %/week)", timeout=WIDGET_TIMEOUT_MS)
    expect(titles.filter(has_text="Saved plan: +20 %/week")).to_have_count(1)
    harness.wait_until_settled(app)
    expect(app.locator(".js-plotly-plot .ytitle").first).to_have_text("Distance (mi)")
    expect(app.locator(".widget-html-content").filter(has_text="Please check")).to_have_count(0)
    assert app.evaluate(_DRAWING_JS) != after_keys
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "06-ramp-simulator-compared-in-miles")

    # A control that does nothing yet looks inactive and says why; it comes alive when it matters.
    depth = harness.labelled_widget(app, "widget-slider", "Cutback week (% of level)")
    expect(depth.locator(".noUi-target")).to_have_attribute("disabled", "true")
    expect(depth.locator(".noUi-handle")).to_have_attribute("aria-disabled", "true")  # said to screen readers
    expect(depth.locator(".widget-label")).to_have_attribute("title", re.compile(r"^Inactive: choose how often Cutback"))
    harness.labelled_widget(app, "widget-dropdown", "Cutback weeks").locator("select").select_option(label="every 4th week")
    expect(takeaway).to_contain_text("every 4th week a cutback to 70 %", timeout=WIDGET_TIMEOUT_MS)
    expect(depth.locator(".noUi-target")).not_to_have_attribute("disabled", re.compile(".*"))
    expect(depth.locator(".noUi-handle")).to_have_attribute("aria-disabled", "false")
    expect(depth.locator(".widget-label")).not_to_have_attribute("title", re.compile(r"^Inactive"))

    # The learner's own file, through the notebook's upload control (read on this machine).
    log = page.locator(".back-on-track-app").filter(has=page.locator(".widget-upload"))
    expect(log).to_have_count(1)
    expect(log.locator(".back-on-track-takeaway")).to_contain_text("km of running")
    expect(log.locator(TITLES, has_text="Sample runner (synthetic)")).to_have_count(1)
    harness.scroll_into_view(page, log)
    with page.expect_file_chooser() as chooser:  # the learner clicks the button and picks a file
        log.locator(".widget-upload").click()
    chooser.value.set_files(str(GPX_FILE))
    expect(log.locator(TITLES, has_text="Your file: run.gpx")).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    expect(log.locator(".back-on-track-takeaway")).to_contain_text("One run is not enough for a weekly picture or a ratio")
    expect(log.locator(".back-on-track-takeaway")).to_contain_text("The run: 2.2 km on 03 Aug 2024")
    expect(log.locator(".widget-html-content").filter(has_text="Import report")).to_have_count(1)
    harness.wait_until_settled(log)
    harness.scroll_into_view(page, log)
    harness.save_screenshot(page, "06-training-log-explorer-own-file")
    messages = harness.log_console_messages(page)
    assert not messages, "widget callbacks logged errors:\n" + "\n".join(messages)
