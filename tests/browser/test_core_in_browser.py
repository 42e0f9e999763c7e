"""Lesson 04 in a real browser: JupyterLab + headless Chromium, used like a learner.

Opens the lesson, runs all cells, then fills in hold times in the core-endurance self-test
by keyboard (Tab between boxes, type, Enter), switches the reference samples with the
mouse, and checks that the figure (plotly SVG) and the takeaway beside it follow; bad
times must show a message and keep the last drawing. Then ticks an exercise in the
progression builder with the keyboard and types sessions per week. Checks that nothing is
clipped at 1280 and 800 px. Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import re
import statistics

import harness
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LESSON_04 = "notebooks/04-core-and-glutes.ipynb"
WIDGET_TIMEOUT_MS = 20_000
TEXTS = ".js-plotly-plot text"
FLEXOR = "Trunk flexor hold (s)"
EXTENSOR = "Extensor hold (s)"
LEFT = "Left side bridge (s)"
SESSIONS = "Sessions per week (1–7)"
#: The redraw target from issue 10 (browser, typed value → new figure); printed, see the assert below.
TARGET_MS = 150.0
BROKEN_MS = 2000.0

_DRAWING_JS = """app => [
    ...[...app.querySelectorAll('.js-plotly-plot text')].map(t => t.textContent),
    ...[...app.querySelectorAll('.js-plotly-plot .scatterlayer path, .js-plotly-plot .barlayer path')].map(p => p.getAttribute('d')),
].join('\\n')"""



def _drawing(app) -> str:
    return app.evaluate(_DRAWING_JS)


def _box(app, description: str):
    return harness.labelled_widget(app, "widget-text", description).locator("input")


def _check_fits(page, app, name: str) -> None:
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 1000})
        harness.wait_until_settled(app)
        harness.scroll_into_view(page, app)
        problems = harness.layout_problems(app)
        assert not problems, f"{name} at {width} px: " + "; ".join(problems)
        harness.save_screenshot(page, f"04-{name}-{width}px")
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_lesson_04_core_endurance_self_test(page, lab_server):
    harness.open_and_run_all(page, lab_server, LESSON_04)

    app = page.locator(".back-on-track-app").filter(has=harness.labelled_widget(page, "widget-text", FLEXOR))
    expect(app).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    takeaway = app.locator(".back-on-track-takeaway")
    message = app.locator(".widget-html-content").filter(has_text="Please check")
    expect(takeaway).to_contain_text("3 of 4 balance ratios are within", timeout=WIDGET_TIMEOUT_MS)
    expect(app.locator(TEXTS, has_text="1.18 ✗ outside")).to_have_count(1)
    _check_fits(page, app, "self-test-example")

    # Keyboard: into the flexor box, Tab to the extensor box and on to the left side bridge; type 80, Enter.
    _box(app, FLEXOR).click()
    page.keyboard.press("Tab")
    expect(_box(app, EXTENSOR)).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(_box(app, LEFT)).to_be_focused()
    before = _drawing(app)
    timings = []
    for typed, shows in (("80", "1.00 ✓ within"), ("70", "1.14 ✗ outside"), ("75", "1.07 ✗ outside"),
                         ("68", "1.18 ✗ outside"), ("80", "1.00 ✓ within")):
        page.keyboard.press("Control+A")
        page.keyboard.type(typed)
        harness.start_change_timer(app, TEXTS, shows)
        page.keyboard.press("Enter")
        timings.append(harness.change_timer_ms(page))
        harness.wait_until_settled(app)
    print(f"04 self-test: Enter -> figure redrawn {', '.join(f'{ms:.0f}' for ms in timings)} ms; "
          f"median {statistics.median(timings):.0f} ms (target < {TARGET_MS:.0f} ms)")
    assert max(timings) < BROKEN_MS, f"a typed hold took {max(timings):.0f} ms to redraw"
    harness.wait_until_settled(app)
    assert _drawing(app) != before
    expect(takeaway).to_contain_text("All 4 balance ratios you can compute are within", timeout=0)
    expect(app.locator(TEXTS, has_text="80 s")).to_have_count(2, timeout=0)  # right and left side bridge
    expect(message).to_have_count(0)

    # Mouse: compare with men; the extensor sentence changes to the men's cut-off.
    expect(takeaway).to_contain_text("In women the extensor hold did not predict back pain", timeout=0)
    app.get_by_role("button", name="men", exact=True).click()
    expect(takeaway).to_contain_text("Your extensor hold of 150 s is under the 176 s", timeout=WIDGET_TIMEOUT_MS)

    # Scaling every McGill hold by two leaves every ratio as it was.
    ratios = sorted(t for t in app.locator(TEXTS).all_text_contents() if "within" in t or "outside" in t)
    for description, value in ((FLEXOR, "240"), (EXTENSOR, "300"), ("Right side bridge (s)", "160"), (LEFT, "160")):
        _box(app, description).click()
        harness.retype(page, None, value)
    expect(takeaway).to_contain_text("300 s is over the 198 s", timeout=WIDGET_TIMEOUT_MS)
    harness.wait_until_settled(app)
    assert sorted(t for t in app.locator(TEXTS).all_text_contents() if "within" in t or "outside" in t) == ratios

    # Bad input: a message, the last drawing and takeaway stay, the box keeps what was typed.
    box = _box(app, EXTENSOR)
    drawing, readout = _drawing(app), takeaway.inner_text()
    for typed, says in (("abc", "'abc' is not a time"), ("-20", "cannot be negative"),
                        ("2000", "must be from 1 to 900 s"), ("1:5x", "is not a time")):
        box.click()
        harness.retype(page, None, typed)
        expect(message).to_contain_text(says, timeout=WIDGET_TIMEOUT_MS)
        harness.wait_until_settled(app)
        assert _drawing(app) == drawing, f"typing {typed!r} changed the drawing"
        assert takeaway.inner_text() == readout
        expect(box).to_have_value(typed)
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "04-self-test-bad-value")

    # Minutes:seconds works; an empty box means the test was not done.
    box.click()
    harness.retype(page, None, "5:00")
    expect(message).to_have_count(0, timeout=WIDGET_TIMEOUT_MS)
    expect(takeaway).to_contain_text("300 s is over the 198 s")
    box.click()
    harness.retype(page, None, "")
    expect(takeaway).to_contain_text("No extensor hold typed", timeout=WIDGET_TIMEOUT_MS)
    expect(app.locator(TEXTS, has_text="needs both holds")).to_have_count(3)
    _check_fits(page, app, "self-test-no-extensor")

    # The stopwatch, by keyboard: Space starts it, Space again stops it and writes the seconds.
    timer = app.get_by_role("button", name="Time right")
    timer.focus()
    page.keyboard.press("Space")
    expect(app.get_by_role("button", name="Stop right")).to_be_focused(timeout=WIDGET_TIMEOUT_MS)
    expect(app).to_contain_text("Timing the right side bridge", timeout=WIDGET_TIMEOUT_MS)
    page.wait_for_timeout(2200)
    page.keyboard.press("Space")
    right = _box(app, "Right side bridge (s)")
    expect(right).to_have_value(re.compile(r"^[23]$"), timeout=WIDGET_TIMEOUT_MS)
    expect(app).to_contain_text("written in its box", timeout=WIDGET_TIMEOUT_MS)
    expect(app.locator(TEXTS, has_text=f"{right.input_value()} s")).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)


def test_lesson_04_progression_builder(page, lab_server):
    harness.open_notebook(page, lab_server, LESSON_04)
    harness.run_all(page)
    app = page.locator(".back-on-track-app").filter(has=harness.labelled_widget(page, "widget-text", SESSIONS))
    expect(app).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    takeaway = app.locator(".back-on-track-takeaway")
    message = app.locator(".widget-html-content").filter(has_text="Please check")
    expect(takeaway).to_contain_text("3 exercise(s), 2 session(s) a week", timeout=WIDGET_TIMEOUT_MS)
    _check_fits(page, app, "progression")

    # Keyboard: focus the Front plank tick box and press Space.
    plank = app.get_by_role("checkbox", name="Front plank")
    plank.focus()
    before = _drawing(app)
    page.keyboard.press("Space")
    expect(takeaway).to_contain_text("4 exercise(s)", timeout=WIDGET_TIMEOUT_MS)
    expect(takeaway).to_contain_text("Front plank: 3 × 20 s hold → 45 s hold", timeout=0)
    harness.wait_until_settled(app)
    assert _drawing(app) != before

    sessions = _box(app, SESSIONS)
    drawing = _drawing(app)
    for typed, says in (("0", "must be from 1 to 7; you typed 0"), ("two", "whole number from 1 to 7")):
        sessions.click()
        harness.retype(page, None, typed)
        expect(message).to_contain_text(says, timeout=WIDGET_TIMEOUT_MS)
        harness.wait_until_settled(app)
        assert _drawing(app) == drawing
        expect(sessions).to_have_value(typed)
    sessions.click()
    harness.retype(page, None, "3")
    expect(takeaway).to_contain_text("4 exercise(s), 3 session(s) a week", timeout=WIDGET_TIMEOUT_MS)
    expect(message).to_have_count(0)

    # The numbers behind the figure, by keyboard.
    show = app.get_by_role("button", name="Show the numbers")
    show.focus()
    page.keyboard.press("Enter")
    expect(app.locator("table.bot-numbers")).to_contain_text("week 6", timeout=WIDGET_TIMEOUT_MS)
    _check_fits(page, app, "progression-numbers")
    assert re.search(r"Front plank", app.locator("table.bot-numbers").inner_text())


def test_lesson_04_drawings_fit(page, lab_server):
    harness.open_notebook(page, lab_server, LESSON_04)
    harness.run_all(page)
    for call, label, name in (("draw_poses(core.TEST_POSES)", "Trunk flexor hold", "test-drawings"),
                              ("draw_poses(core.exercise_pose_rows())", "Front plank: start", "exercise-drawings")):
        cell = page.locator(".jp-CodeCell").filter(has=page.locator(".jp-InputArea", has_text=call))
        expect(cell).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
        harness.scroll_into_view(page, cell)
        output = cell.locator(".jp-OutputArea-output.js-plotly-plot").filter(has=page.locator("text", has_text=label))
        expect(output).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
        for width in (1280, 800):
            page.set_viewport_size({"width": width, "height": 1000})
            page.wait_for_timeout(500)
            harness.scroll_into_view(page, output)
            problems = harness.layout_problems(output)
            assert not problems, f"{name} at {width} px: " + "; ".join(problems)
            harness.save_screenshot(page, f"04-{name}-{width}px")
        page.set_viewport_size({"width": 1400, "height": 1000})
        expect(cell.locator(".jp-RenderedMarkdown")).to_contain_text(f"{label}:")
