"""Lesson 05's shoe-wear tracker and camber cross-section in a real browser, used like a learner.

Opens the lesson, runs all cells, then: switches the units by keyboard (timing the redraw),
clicks "2 pairs in turn", reads a Garmin list (refused) and a Strava export .zip, switches to
typed pairs, types a bad line and an ambiguous "1,200" (a message, the text and the drawing
stay) and a good one, steps the camber slope with the arrow key and switches its step width
to inches, and in the downhill checker steps the threshold by keyboard and reads two track
files (one that cannot be used is named). At 1280 and 800 px wide it checks that no
control's text is clipped and nothing sticks out of the output, and saves screenshots to
``test-artifacts/browser/``.
"""

from __future__ import annotations

import io
import re
import statistics
import zipfile

import harness
import pytest
from playwright.sync_api import expect

from helpers.paths import REPO_ROOT

pytestmark = pytest.mark.browser

LESSON_05 = "notebooks/05-shoes-and-surfaces.ipynb"
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "activities"
#: A Strava activities.csv with two pairs and one run that names no shoe (see tests/test_shoes.py).
OWN_LOG = ("Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Activity Gear\n"
           '1,"Jan 2, 2024, 7:00:00 AM",Run,Run,1800,5.00,Road A\n'
           '2,"Jan 3, 2024, 7:00:00 AM",Run,Run,2400,8.00,Trail B\n'
           '3,"Jan 4, 2024, 7:00:00 AM",Run,Run,2000,6.00,\n')
WIDGET_TIMEOUT_MS = 20_000
PLOT_TEXT = ".js-plotly-plot text"
#: The redraw target from issue 10 (browser, control → new figure); printed, see the asserts below.
TARGET_MS = 150.0
BROKEN_MS = 2000.0

_DRAWING_JS = """app => [
    ...[...app.querySelectorAll('.js-plotly-plot text')].map(t => t.textContent),
    ...[...app.querySelectorAll('.js-plotly-plot .scatterlayer path, .js-plotly-plot .barlayer path')]
        .map(p => p.getAttribute('d')),
].join('\\n')"""

#: Controls and texts whose content is cut off, or which stick out of the output area.
_LAYOUT_PROBLEMS_JS = """app => {
    const area = app.closest('.jp-OutputArea-output') || app;
    const right = area.getBoundingClientRect().right + 1;
    const problems = [];
    for (const el of app.querySelectorAll(
            '.widget-label, .widget-button, .widget-toggle-button, .widget-html-content, textarea, .widget-upload')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0) continue;  // hidden
        if (el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'TEXTAREA')
            problems.push(`clipped: ${el.className} "${el.textContent.trim().slice(0, 40)}"`);
        if (box.right > right) problems.push(
            `sticks out: ${el.className} "${el.textContent.trim().slice(0, 40)}" (right edge ${box.right.toFixed(0)} > ${right.toFixed(0)})`);
    }
    for (const plot of app.querySelectorAll('.js-plotly-plot')) {
        const svg = plot.querySelector('svg.main-svg').getBoundingClientRect();
        if (svg.right > right) problems.push('the figure sticks out of the output');
        for (const text of plot.querySelectorAll('text')) {
            const box = text.getBoundingClientRect();
            if (box.width && (box.left < svg.left - 1 || box.right > svg.right + 1))
                problems.push(`figure text cut off: "${text.textContent.slice(0, 40)}"`);
        }
    }
    return problems;
}"""


def _drawing(app) -> str:
    return app.evaluate(_DRAWING_JS)


def _check_widths(page, app, name: str) -> None:
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 1000})
        page.wait_for_timeout(400)  # plotly relayouts on resize
        harness.scroll_into_view(page, app)
        problems = app.evaluate(_LAYOUT_PROBLEMS_JS)
        harness.save_screenshot(page, f"05-{name}-{width}px")
        assert not problems, f"{name} at {width} px: " + "; ".join(problems)
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_lesson_05_shoe_wear_tracker_and_camber(page, lab_server):
    harness.open_and_run_all(page, lab_server, LESSON_05)

    app = page.locator(".back-on-track-app").filter(has=harness.labelled_widget(page, "widget-toggle-buttons", "Shoes from"))
    expect(app).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    takeaway = app.locator(".back-on-track-takeaway")
    message = app.locator(".widget-html-content").filter(has_text="Please check")
    expect(takeaway).to_contain_text("5 pairs. Blue trainers: 900 km (559 mi), 18 % of runs, past the range",
                                     timeout=WIDGET_TIMEOUT_MS)
    expect(app.locator(PLOT_TEXT, has_text="480–800 km: retail rule of thumb")).to_have_count(1)
    _check_widths(page, app, "tracker-sample")

    # Keyboard: focus the "miles" button and press Space; time until the axis title says miles.
    miles = app.get_by_role("button", name="miles", exact=True)
    miles.focus()
    expect(miles).to_be_focused()
    before = _drawing(app)
    harness.start_change_timer(app, PLOT_TEXT, "Distance on the pair (mi)")
    page.keyboard.press("Space")
    units_ms = harness.change_timer_ms(page)
    harness.wait_until_settled(app)
    assert _drawing(app) != before
    expect(takeaway).to_contain_text("Blue trainers: 559 mi (900 km)", timeout=0)
    expect(app.locator(PLOT_TEXT, has_text="300–500 mi: retail rule of thumb")).to_have_count(1, timeout=0)
    expect(miles).to_be_focused()  # the key press stayed in the widget (no notebook shortcut took it)

    # Mouse: the same runs taken in turn by two pairs.
    harness.start_change_timer(app, PLOT_TEXT, "pair B")
    app.get_by_role("button", name="2 pairs in turn").click()
    spread_ms = harness.change_timer_ms(page)
    harness.wait_until_settled(app)
    expect(takeaway).to_contain_text("Taken in turn by 2 pairs, the same 4,057 mi (6,529 km) is shared", timeout=0)
    expect(app.locator(PLOT_TEXT, has_text=re.compile(r"^pair A$"))).to_have_count(1, timeout=0)
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "05-tracker-two-pairs")

    # Mouse: read my own log through the file chooser; first a Garmin list (no gear), then a Strava export.
    drawing, readout = _drawing(app), takeaway.inner_text()
    with page.expect_file_chooser() as chooser:
        app.get_by_role("button", name=re.compile(r"Read my own log")).click()
    chooser.value.set_files(str(FIXTURES / "garmin_km_activities.csv"))
    expect(app.locator(".widget-html-content").filter(has_text="Could not use garmin_km_activities.csv")).to_contain_text(
        "no gear column", timeout=WIDGET_TIMEOUT_MS)
    harness.wait_until_settled(app)
    assert _drawing(app) == drawing and takeaway.inner_text() == readout
    export = io.BytesIO()
    with zipfile.ZipFile(export, "w") as archive:  # a Strava export as downloaded: activities.csv one folder down
        archive.writestr("export_123/activities.csv", OWN_LOG)
    with page.expect_file_chooser() as chooser:
        app.get_by_role("button", name=re.compile(r"Read my own log")).click()
    chooser.value.set_files(files=[{"name": "export_123.zip", "mimeType": "application/zip", "buffer": export.getvalue()}])
    expect(takeaway).to_contain_text("2 pairs. Road A: 3 mi (5 km), 33 % of runs", timeout=WIDGET_TIMEOUT_MS)
    expect(takeaway).to_contain_text("1 run (4 mi (6 km)) names no shoe", timeout=0)
    expect(app.get_by_role("button", name="as logged")).to_have_class(re.compile("mod-active"))
    harness.wait_until_settled(app)
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "05-tracker-own-log")
    app.get_by_role("button", name="2 pairs in turn").click()
    expect(takeaway).to_contain_text("Taken in turn by 2 pairs, the same 12 mi (19 km) is shared", timeout=WIDGET_TIMEOUT_MS)

    # Show the numbers: the table behind the figure.
    app.get_by_role("button", name="Show the numbers").click()
    expect(app.locator("table.bot-numbers")).to_contain_text("pair B", timeout=WIDGET_TIMEOUT_MS)
    app.get_by_role("button", name="Hide the numbers").click()

    # Typed pairs: the example, then a bad line (message; text and drawing kept), then a good one.
    app.get_by_role("button", name="pairs I type").click()
    expect(takeaway).to_contain_text("Road shoes: 261 mi (420 km)", timeout=WIDGET_TIMEOUT_MS)
    expect(app.get_by_role("button", name="2 pairs in turn")).to_be_disabled()
    harness.wait_until_settled(app)
    box = app.locator("textarea")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Road 300\nTrail, 100")
    drawing, readout = _drawing(app), takeaway.inner_text()
    app.get_by_role("button", name="Show these pairs").click()
    expect(message).to_contain_text("line 1 ('Road 300'): no comma between the name and the distance",
                                    timeout=WIDGET_TIMEOUT_MS)
    harness.wait_until_settled(app)
    assert _drawing(app) == drawing and takeaway.inner_text() == readout
    expect(box).to_have_value("Road 300\nTrail, 100")
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "05-tracker-bad-line")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Road, 1,200")
    app.get_by_role("button", name="Show these pairs").click()
    expect(message).to_contain_text("'1,200' could mean 1.2 mi or 1,200 mi", timeout=WIDGET_TIMEOUT_MS)  # units: miles
    harness.wait_until_settled(app)
    assert _drawing(app) == drawing and takeaway.inner_text() == readout
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Road, 300 mi\nTrail, 1 000")
    harness.start_change_timer(app, PLOT_TEXT, "Trail")
    app.get_by_role("button", name="Show these pairs").click()
    typed_ms = harness.change_timer_ms(page)
    harness.wait_until_settled(app)
    expect(message).to_have_count(0)
    expect(takeaway).to_contain_text("Road: 300 mi (483 km), within the range", timeout=0)
    expect(takeaway).to_contain_text("Trail: 1,000 mi (1,609 km), past the range", timeout=0)
    expect(takeaway).to_contain_text('Read as: Road 300 mi = 482.8 km; Trail "1 000" = 1,000 mi = 1,609.3 km',
                                     timeout=0)
    _check_widths(page, app, "tracker-typed")

    timings = [units_ms, spread_ms, typed_ms]
    print(f"05 shoe tracker: control -> redraw {', '.join(f'{ms:.0f}' for ms in timings)} ms; "
          f"median {statistics.median(timings):.0f} ms (target < {TARGET_MS:.0f} ms)")
    assert max(timings) < BROKEN_MS

    # The camber cross-section: five arrow-key steps of 0.5 % on the road slope.
    camber = page.locator(".back-on-track-app").filter(has=harness.labelled_widget(page, "widget-slider", "Road slope (%)"))
    expect(camber).to_have_count(1)
    ctakeaway = camber.locator(".back-on-track-takeaway")
    expect(ctakeaway).to_contain_text("0.25 cm (0.10 in) lower", timeout=WIDGET_TIMEOUT_MS)
    handle = harness.labelled_widget(camber, "widget-slider", "Road slope (%)").locator(".noUi-handle")
    harness.scroll_into_view(page, camber)
    handle.focus()
    steps = []
    for step in range(1, 6):
        slope = 2.5 + 0.5 * step
        harness.start_change_timer(camber, PLOT_TEXT, f"Road falling {slope:g} % sideways (drawn 5 × steeper)")
        page.keyboard.press("ArrowRight")
        steps.append(harness.change_timer_ms(page))
    harness.wait_until_settled(camber)
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^5(\.0)?$"))
    expect(ctakeaway).to_contain_text("0.50 cm (0.20 in) lower", timeout=0)
    print(f"05 camber: slider step -> redraw {', '.join(f'{ms:.0f}' for ms in steps)} ms; "
          f"median {statistics.median(steps):.0f} ms (target < {TARGET_MS:.0f} ms)")
    assert max(steps) < BROKEN_MS

    # The step width in inches: the slider is converted (10 cm -> 3.9 in) and the figure says it.
    harness.start_change_timer(camber, PLOT_TEXT, "Feet 3.9 in (9.9 cm) apart")
    camber.get_by_role("button", name="inches", exact=True).click()
    inches_ms = harness.change_timer_ms(page)
    harness.wait_until_settled(camber)
    expect(harness.labelled_widget(camber, "widget-slider", "Step width (in)").locator(".noUi-handle")).to_have_attribute(
        "aria-valuenow", re.compile(r"^3\.90?$"))
    expect(ctakeaway).to_contain_text("feet 3.9 in (9.9 cm) apart, puts the kerb-side foot 0.20 in (0.50 cm) lower",
                                      timeout=0)
    print(f"05 camber: cm -> in redraw {inches_ms:.0f} ms (target < {TARGET_MS:.0f} ms)")
    assert inches_ms < BROKEN_MS
    _check_widths(page, camber, "camber")

    # The downhill checker: the threshold by keyboard, then two files of mine (one has no elevation).
    hills_app = page.locator(".back-on-track-app").filter(
        has=harness.labelled_widget(page, "widget-slider", "Steeper than (%)"))
    expect(hills_app).to_have_count(1)
    htakeaway = hills_app.locator(".back-on-track-takeaway")
    expect(htakeaway).to_contain_text("2 runs, 16.0 km (9.9 mi) in all", timeout=WIDGET_TIMEOUT_MS)
    handle = harness.labelled_widget(hills_app, "widget-slider", "Steeper than (%)").locator(".noUi-handle")
    harness.scroll_into_view(page, hills_app)
    handle.focus()
    harness.start_change_timer(hills_app, PLOT_TEXT, "downhill steeper than 5.5 %")
    page.keyboard.press("ArrowRight")
    threshold_ms = harness.change_timer_ms(page)
    harness.wait_until_settled(hills_app)
    expect(htakeaway).to_contain_text("went downhill steeper than 5.5 %", timeout=0)
    with page.expect_file_chooser() as chooser:
        hills_app.get_by_role("button", name=re.compile(r"Read my own runs")).click()
    chooser.value.set_files([str(REPO_ROOT / "data" / "sample" / "sample_hill_run.gpx"), str(FIXTURES / "run.fit")])
    expect(htakeaway).to_contain_text("1 run, 8.0 km (5.0 mi) in all", timeout=WIDGET_TIMEOUT_MS)
    expect(htakeaway).to_contain_text("1 file not counted (run.fit has no stretch of track with elevations",
                                      timeout=0)
    print(f"05 downhill checker: threshold step -> redraw {threshold_ms:.0f} ms (target < {TARGET_MS:.0f} ms)")
    assert threshold_ms < BROKEN_MS
    _check_widths(page, hills_app, "downhill")
    assert harness.log_console_messages(page) == []
