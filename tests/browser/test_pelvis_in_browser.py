"""Lesson 03's pelvic-tilt illustration in a real browser: JupyterLab + headless Chromium, used like a learner.

Opens the lesson, runs all cells, steps the pelvic-tilt slider with the arrow key (timing
each step until the drawing shows the new sacral slope), clicks a preset button, and
types bad and good values into the tilt box. Checks that the drawing (plotly SVG) and
the readout beside it follow, and that a bad typed value shows a message and keeps the
last drawing. Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import re
import statistics

import harness
import pytest
from playwright.sync_api import expect

from helpers import pelvis

pytestmark = pytest.mark.browser

LESSON_03 = "notebooks/03-hips-pelvis-and-posture.ipynb"
WIDGET_TIMEOUT_MS = 20_000
LABELS = ".js-plotly-plot .textpoint text"
TILT = "Pelvic tilt, PT (°)"
TYPED_TILT = "Type a pelvic tilt (°)"
#: The redraw target from issue 3 (browser, slider step → new drawing); printed, see the assert below.
TARGET_MS = 150.0
#: A step that takes longer than this is broken, not merely slow on a shared machine.
BROKEN_MS = 2000.0

#: What the drawing shows: every text on the plot and the SVG path of every line and fill.
_DRAWING_JS = """app => [
    ...[...app.querySelectorAll('.js-plotly-plot text')].map(t => t.textContent),
    ...[...app.querySelectorAll('.js-plotly-plot .scatterlayer path')].map(p => p.getAttribute('d')),
].join('\\n')"""


def _drawing(app) -> str:
    return app.evaluate(_DRAWING_JS)


def _label(app, text: str):
    return app.locator(LABELS).filter(has_text=re.compile(rf"^{re.escape(text)}$"))


def test_lesson_03_pelvic_tilt_illustration(page, lab_server):
    harness.open_and_run_all(page, lab_server, LESSON_03)

    app = page.locator(".back-on-track-app").filter(has=harness.labelled_widget(page, "widget-slider", TILT))
    expect(app).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    takeaway = app.locator(".back-on-track-takeaway")
    message = app.locator(".widget-html-content").filter(has_text="Please check")
    handle = harness.labelled_widget(app, "widget-slider", TILT).locator(".noUi-handle")
    typical = pelvis.posture(12, 52)
    expect(takeaway).to_contain_text("stands at the typical tilt", timeout=WIDGET_TIMEOUT_MS)
    expect(_label(app, "SS 40.0°")).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    expect(_label(app, f"LL {typical.lordosis_deg:.1f}°")).to_have_count(1)
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^12(\.0)?$"))
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "03-pelvis-before")

    # Keyboard: five arrow-key steps of 0.1°, each timed until the drawing shows the new sacral slope.
    handle.focus()
    expect(handle).to_be_focused()
    timings = []
    for step in range(1, 6):
        tilt = round(12 + 0.1 * step, 1)
        before = _drawing(app)
        harness.start_change_timer(app, LABELS, f"SS {52 - tilt:.1f}°")
        page.keyboard.press("ArrowRight")
        timings.append(harness.change_timer_ms(page))
        assert _drawing(app) != before, f"step {step}: the drawing did not change"
    print(f"03 pelvic tilt: slider step -> redraw {', '.join(f'{ms:.0f}' for ms in timings)} ms; "
          f"median {statistics.median(timings):.0f} ms (target < {TARGET_MS:.0f} ms)")
    assert max(timings) < BROKEN_MS, f"a slider step took {max(timings):.0f} ms to redraw"
    harness.wait_until_settled(app)
    shape = pelvis.posture(12.5, 52)
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^12\.5$"))
    expect(_label(app, "PT 12.5°")).to_have_count(1, timeout=0)
    expect(_label(app, f"LL {shape.lordosis_deg:.1f}°")).to_have_count(1, timeout=0)
    expect(takeaway).to_contain_text("tilted 0.5° backwards from the typical 12.0°", timeout=0)
    expect(takeaway).to_contain_text(f"Lumbar lordosis (L1–S1): {shape.lordosis_deg:.1f}°", timeout=0)
    expect(message).to_have_count(0)
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "03-pelvis-after-keyboard")

    # Mouse: a preset button.
    before = _drawing(app)
    app.get_by_role("button", name="marked anterior tilt").click()
    expect(_label(app, "SS 50.0°")).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    harness.wait_until_settled(app)
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^2(\.0)?$"))
    expect(takeaway).to_contain_text("tilted 10.0° forwards", timeout=0)
    expect(takeaway).to_contain_text("ASIS–PSIS angle: 23.0° (anterior)", timeout=0)
    expect(app.locator(".js-plotly-plot text", has_text="you: 23.0°")).to_have_count(1, timeout=0)
    assert _drawing(app) != before, "the preset did not change the drawing"
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "03-pelvis-preset-anterior")

    # Bad typed values: a message, and the last drawing and readout stay.
    box = harness.labelled_widget(app, "widget-text", TYPED_TILT).locator("input")
    drawing, readout = _drawing(app), takeaway.inner_text()
    for typed, says in (("abc", "must be a number from -10° to 40°; you typed 'abc'"), ("95", "must be from -10° to 40°; you typed 95"),
                        ("", "Pelvic tilt is empty")):
        harness.retype(page, box, typed)
        expect(message).to_contain_text(says, timeout=WIDGET_TIMEOUT_MS)
        harness.wait_until_settled(app)
        assert _drawing(app) == drawing, f"typing {typed!r} changed the drawing"
        assert takeaway.inner_text() == readout
        expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^2(\.0)?$"))
        expect(box).to_have_value(typed)
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "03-pelvis-bad-value")

    harness.retype(page, box, "20")
    expect(_label(app, "PT 20.0°")).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    expect(message).to_have_count(0)
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^20(\.0)?$"))
