"""The lessons' widgets in a real browser: JupyterLab + headless Chromium, operated like a learner.

Each test opens a lesson, runs all cells through the Run menu, checks that no cell shows
an error, then moves the widgets with the keyboard and the mouse and checks that the
plotly figure and the text takeaway beside it follow. Screenshots go to
``test-artifacts/browser/``.
"""

from __future__ import annotations

import re

import harness
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

START_HERE = "notebooks/00-start-here.ipynb"
LESSON_01 = "notebooks/01-why-runners-backs-hurt.ipynb"
WIDGET_TIMEOUT_MS = 20_000


def _model():
    """The course's model, imported inside the tests: a broken ``helpers`` then fails the
    tests that need it (with the import error) instead of stopping collection of the folder."""
    from helpers import running_load, units

    return running_load, units




def _value(slider) -> float:
    """Where the slider's handle is (its ``aria-valuenow``, what a screen reader announces)."""
    return float(slider.locator(".noUi-handle").get_attribute("aria-valuenow"))


def _readout(slider) -> float:
    """The number printed beside the slider: the widget's value in the kernel."""
    return float(slider.locator(".widget-readout").text_content())


def _check_mass(slider, expected: int, unit: str) -> None:
    """Switching units converts body mass (the browser must not clamp it to the new minimum)."""
    shown = _readout(slider)
    assert shown == expected, f"body mass shows {shown:g} {unit}, not {expected} {unit}"


def _check_handle(slider, label: str) -> None:
    """The handle sits exactly at the number the readout shows (bounds on the step grid)."""
    value, handle = _readout(slider), _value(slider)
    assert handle == value, f"{label}: readout {value:g} but handle at {handle:g}"


def _open_load_explorer(page, server):
    harness.open_and_run_all(page, server, LESSON_01)
    app = page.locator(".back-on-track-app").first
    expect(app).to_be_visible(timeout=WIDGET_TIMEOUT_MS)
    expect(harness.labelled_widget(app, "widget-slider", "Speed (km/h)")).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    expect(app.locator(".back-on-track-takeaway")).to_contain_text("steps", timeout=WIDGET_TIMEOUT_MS)
    return app


def test_start_here_environment_check(page, lab_server):
    harness.open_and_run_all(page, lab_server, START_HERE)

    app = page.locator(".back-on-track-app").filter(has=harness.labelled_widget(page, "widget-slider", "Test slider"))
    expect(app).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    takeaway = app.locator(".back-on-track-takeaway")
    bar_label = app.locator(".js-plotly-plot text.bartext")
    handle = harness.labelled_widget(app, "widget-slider", "Test slider").locator(".noUi-handle")
    expect(takeaway).to_have_text("The bar is 3 tall. Move the slider: it should follow.", timeout=WIDGET_TIMEOUT_MS)
    expect(bar_label).to_have_text("3", timeout=WIDGET_TIMEOUT_MS)
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^3(\.0)?$"))
    bar_before = app.locator(".js-plotly-plot .bars path").get_attribute("d")
    harness.scroll_into_view(page, app, "center")
    harness.save_screenshot(page, "00-start-here-before")

    expect(app.locator(".bot-figure-in-place.mod-active")).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    app.locator(".js-plotly-plot").evaluate("plot => { plot.dataset.botFirst = '1'; }")
    handle.focus()
    expect(handle).to_be_focused()
    harness.start_change_timer(app, ".js-plotly-plot text.bartext", "4")
    page.keyboard.press("ArrowRight")
    milliseconds = harness.change_timer_ms(page)
    print(f"00-start-here: key press -> figure updated in {milliseconds:.0f} ms")

    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^4(\.0)?$"))
    expect(bar_label).to_have_text("4")
    expect(takeaway).to_have_text("The bar is 4 tall. Move the slider: it should follow.")
    bar_after = app.locator(".js-plotly-plot .bars path").get_attribute("d")
    assert bar_after != bar_before, "The bar's height in the figure did not change."
    assert app.locator(".js-plotly-plot[data-bot-first]").count() == 1, "the plot was replaced, not redrawn in place"
    harness.wait_until_settled(app)  # and it stays at 4 (no late message undoes the move)
    expect(bar_label).to_have_text("4", timeout=0)
    expect(takeaway).to_contain_text("The bar is 4 tall.", timeout=0)
    harness.scroll_into_view(page, app, "center")
    harness.save_screenshot(page, "00-start-here-after")
    assert not harness.log_console_messages(page), "a widget callback printed or raised (Log Console)"


def test_lesson_01_load_explorer_and_self_test(page, lab_server):
    running_load, units = _model()
    load_per_km, pace_text, to_km = running_load.load_per_km, units.pace_text, units.to_km
    app = _open_load_explorer(page, lab_server)
    handle = harness.labelled_widget(app, "widget-slider", "Speed (km/h)").locator(".noUi-handle")
    takeaway = app.locator(".back-on-track-takeaway")
    cadence = int(_value(harness.labelled_widget(app, "widget-slider", "Cadence (steps/min)")))
    mass = int(_value(harness.labelled_widget(app, "widget-slider", "Body mass (kg)")))
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^10(\.0)?$"))

    before = load_per_km(10.0, cadence, mass)
    expect(takeaway).to_contain_text(f"At {pace_text(10.0)} (10.0 km/h)", timeout=WIDGET_TIMEOUT_MS)
    expect(takeaway).to_contain_text(f"{before.steps_per_km:,.0f} steps")
    marker = app.locator(".js-plotly-plot .textpoint text")
    expect(marker).to_have_text(f"you: {before.peak_force_bw:.1f} × body weight")
    harness.scroll_into_view(page, app, "center")
    harness.save_screenshot(page, "01-load-explorer-before")

    # Keyboard: twenty steps of 0.1 km/h, from 10.0 to 12.0 km/h.
    after = load_per_km(12.0, cadence, mass)
    assert f"{after.peak_force_bw:.1f}" != f"{before.peak_force_bw:.1f}", "pick a speed that moves the marker"
    handle.focus()
    expect(handle).to_be_focused()
    harness.start_change_timer(app, ".js-plotly-plot .textpoint text", f"you: {after.peak_force_bw:.1f} × body weight")
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    milliseconds = harness.change_timer_ms(page)
    print(f"01 load explorer: first key press -> marker at 12 km/h after {milliseconds:.0f} ms (20 key presses)")
    harness.wait_until_settled(app)
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^12(\.0)?$"))
    expect(takeaway).to_contain_text(f"At {pace_text(12.0)} (12.0 km/h)")
    expect(takeaway).to_contain_text(f"{after.steps_per_km:,.0f} steps")
    expect(marker).to_have_text(f"you: {after.peak_force_bw:.1f} × body weight")
    expect(app.locator(".widget-html-content").filter(has_text="Please check")).to_have_count(0)
    harness.scroll_into_view(page, app, "center")
    harness.save_screenshot(page, "01-load-explorer-12kmh")

    # Mouse: switch to imperial units.
    imperial = app.locator(".widget-toggle-button", has_text="imperial (miles, lb)")
    imperial.click()
    expect(imperial).to_have_class(re.compile(r"\bmod-active\b"))
    expect(harness.labelled_widget(app, "widget-slider", "Speed (mph)")).to_have_count(1)
    harness.wait_until_settled(app)
    expect(harness.labelled_widget(app, "widget-slider", "Speed (mph)")).to_have_count(1)
    expect(harness.labelled_widget(app, "widget-slider", "Body mass (lb)")).to_have_count(1)
    expect(takeaway).to_contain_text(f"At {pace_text(to_km(7.5, 'mi'), 'mi')} (7.5 mph)")  # 12 km/h → 7.5 mph
    expect(takeaway).to_contain_text("One mile takes about")
    expect(takeaway).to_contain_text("steps")
    expect(app.locator(".js-plotly-plot .xtitle")).to_have_text("Running speed (mph)")
    expect(marker).to_have_text(f"you: {after.peak_force_bw:.1f} × body weight")  # 7.5 mph ≈ 12 km/h
    expect(app.locator(".widget-html-content").filter(has_text="Please check")).to_have_count(0)
    harness.scroll_into_view(page, app, "center")
    harness.save_screenshot(page, "01-load-explorer-imperial")
    _check_handle(harness.labelled_widget(app, "widget-slider", "Speed (mph)"), "Speed (mph)")
    _check_mass(harness.labelled_widget(app, "widget-slider", "Body mass (lb)"), round(mass * units.LB_PER_KG), "lb")

    # And back to metric: the settings come back (speed within the 0.1 rounding).
    app.locator(".widget-toggle-button", has_text="metric (km, kg)").click()
    expect(harness.labelled_widget(app, "widget-slider", "Speed (km/h)")).to_have_count(1)
    harness.wait_until_settled(app)
    expect(takeaway).to_contain_text(re.compile(r"At \d+:\d\d /km \(\d+\.\d km/h\)"), timeout=0)
    speed_back = _readout(harness.labelled_widget(app, "widget-slider", "Speed (km/h)"))
    assert abs(speed_back - 12.0) <= 0.1, f"12.0 km/h came back from mph as {speed_back:g} km/h"
    expect(takeaway).to_contain_text(f"({speed_back:.1f} km/h)", timeout=0)
    _check_handle(harness.labelled_widget(app, "widget-slider", "Speed (km/h)"), "Speed (km/h)")
    _check_mass(harness.labelled_widget(app, "widget-slider", "Body mass (kg)"), mass, "kg")

    # The self-test, question 1.
    question = page.locator(".back-on-track-question").first
    harness.scroll_into_view(page, question, "center")
    check = question.get_by_role("button", name="Check answer")
    feedback = question.locator(".widget-html-content").last
    check.click()
    expect(feedback).to_contain_text("Choose an answer first")
    question.get_by_role("radio", name="About 1 × body weight").check()
    check.click()
    expect(feedback).to_have_text(re.compile(r"^\s*Not quite"))
    question.get_by_role("radio", name="About 2.5 × body weight").check()
    check.click()
    expect(feedback).to_have_text(re.compile(r"^\s*Right\."))
    harness.save_screenshot(page, "01-self-test")
    assert not harness.log_console_messages(page), "a widget callback printed or raised (Log Console)"
