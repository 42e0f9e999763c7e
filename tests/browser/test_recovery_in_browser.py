"""Lesson 09's return-to-run planner in a real browser: JupyterLab + headless Chromium, used like a learner.

Opens the lesson, runs all cells, then types into the planner's boxes with the keyboard
(a refused pain score, a pain that sends the learner back to walking, a good one again,
each redraw timed from the key press to the new figure), picks self-check results and
ticks the clinician box with the mouse, switches to miles, loads a corrupt and a saved
self-check file, and uses the morning-after check. Checks the figure (plotly SVG), the
takeaway and the plan table follow, and that the table and chart fit at 800 and 1280 px.
Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import statistics
import time

import harness
import pytest
from playwright.sync_api import expect

from helpers.selfcheck import assess, sample_answers
from helpers.selfcheck_store import download_text

pytestmark = pytest.mark.browser

LESSON_09 = "notebooks/09-treatment-and-recovery.ipynb"
WIDGET_TIMEOUT_MS = 20_000
NOTES = ".js-plotly-plot .annotation-text"
TARGET_MS = 150.0  # issue 11: browser redraw within 150 ms; printed, see BROKEN_MS
BROKEN_MS = 2000.0
LONG_RUN_KM = "your long run before: 12.0 km"
SESSIONS = 66  # the default plan (6 weeks off, 30 km a week, 12 km long run): 22 weeks of 3 sessions
TAKEAWAY_TITLE = ".back-on-track-takeaway b"

_DRAWING_JS = """app => [
    ...[...app.querySelectorAll('.js-plotly-plot text')].map(t => t.textContent),
    ...[...app.querySelectorAll('.js-plotly-plot path')].map(p => p.getAttribute('d')),
].join('\\n')"""



def _settled_drawing(app, quiet_s: float = 0.8, timeout_s: float = 20.0) -> str:
    """The chart's drawing once it has stopped changing (plotly redraws after a window resize)."""
    harness.wait_until_settled(app)
    deadline, last, since = time.monotonic() + timeout_s, None, time.monotonic()
    while time.monotonic() < deadline:
        drawing = app.evaluate(_DRAWING_JS)
        if drawing != last:
            last, since = drawing, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return drawing
        time.sleep(0.1)
    raise AssertionError("the chart kept changing")




def _timed_enter(page, app, box, text: str, shows: str, selector: str = NOTES) -> float:
    """Type ``text``, then time Enter → ``selector`` (by default a note on the chart) shows ``shows``."""
    harness.retype(page, box, text, press_enter=False)
    harness.start_change_timer(app, selector, shows)
    page.keyboard.press("Enter")
    return harness.change_timer_ms(page)


def _check_layout(page, app, width: int, name: str) -> None:
    page.set_viewport_size({"width": width, "height": 1000})
    harness.wait_until_settled(app)
    harness.scroll_into_view(page, app)
    problems = harness.layout_problems(app)
    assert not problems, f"at {width} px: {problems}"
    harness.save_screenshot(page, f"09-planner-{name}-{width}px")
    table = app.locator(".bot-numbers")
    if table.count():
        table.scroll_into_view_if_needed()
        harness.save_screenshot(page, f"09-planner-{name}-table-{width}px")


def test_lesson_09_return_to_run_planner(page, lab_server, tmp_path):
    harness.open_and_run_all(page, lab_server, LESSON_09)

    app = page.locator(".back-on-track-app").filter(has=harness.labelled_widget(page, "widget-text", "Weeks off running"))
    expect(app).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    takeaway = app.locator(".back-on-track-takeaway")
    table = app.locator(".bot-numbers")
    message = app.locator(".widget-html-content").filter(has_text="Please check")
    bars = app.locator(".js-plotly-plot .bars .point")
    expect(takeaway).to_contain_text("Your plan. Do the self-check first", timeout=WIDGET_TIMEOUT_MS)
    expect(takeaway).to_contain_text("22 weeks: walk–run for 6 weeks")
    expect(table).to_contain_text("Run 4:00, 4:00, 6:40 of 20 min: 1.9, 1.9, 2.1 km")
    expect(app.locator(NOTES, has_text=LONG_RUN_KM)).to_have_count(1)
    expect(bars).to_have_count(SESSIONS)
    _check_layout(page, app, 1280, "plan")
    _check_layout(page, app, 800, "plan")
    page.set_viewport_size({"width": 1280, "height": 1000})

    # Keyboard: a pain score out of range is refused; the chart, table and box keep their state.
    pain = harness.labelled_widget(app, "widget-text", "Walking pain (0–10)").locator("input")
    drawing, rows = _settled_drawing(app), table.inner_text()
    for typed, says in (("12", "Walking pain must be from 0 to 10; you typed 12."),
                        ("a bit", "Walking pain must be a number from 0 to 10; you typed 'a bit'.")):
        harness.retype(page, pain, typed)
        expect(message).to_contain_text(says, timeout=WIDGET_TIMEOUT_MS)
        harness.wait_until_settled(app)
        assert app.evaluate(_DRAWING_JS) == drawing, f"typing {typed!r} changed the chart"
        assert table.inner_text() == rows
        expect(pain).to_have_value(typed)
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "09-planner-refused-pain")

    # Pain while walking sends the learner back to walking: the chart is hidden, not redrawn, and comes
    # back as it was with pain-free walking. Timed from Enter to the new words beside the chart.
    figure_area = app.locator(".js-plotly-plot")
    words = []
    for _ in range(3):
        words.append(_timed_enter(page, app, pain, "1", "Walking first.", TAKEAWAY_TITLE))
        expect(takeaway).to_contain_text("30 minutes of brisk walking without pain")
        expect(figure_area).to_be_hidden()
        expect(table).to_be_hidden()
        expect(message).to_have_count(0)
        words.append(_timed_enter(page, app, pain, "0", "Your plan.", TAKEAWAY_TITLE))
        expect(figure_area).to_be_visible()
        expect(bars).to_have_count(SESSIONS)
    # A new plan: a longer long run before. Timed from Enter to the redrawn chart.
    longest = harness.labelled_widget(app, "widget-text", "Longest run (km)").locator("input")
    charts = []
    for _ in range(2):
        charts.append(_timed_enter(page, app, longest, "14", "your long run before: 14.0 km"))
        charts.append(_timed_enter(page, app, longest, "12", LONG_RUN_KM))
    harness.wait_until_settled(app)
    expect(takeaway).to_contain_text("back to a 12 km long run")
    print(f"09 planner: Enter -> words beside the chart {', '.join(f'{ms:.0f}' for ms in words)} ms, "
          f"median {statistics.median(words):.0f} ms; Enter -> new chart {', '.join(f'{ms:.0f}' for ms in charts)} ms, "
          f"median {statistics.median(charts):.0f} ms (target < {TARGET_MS:.0f} ms)")
    assert max(words + charts) < BROKEN_MS, f"a redraw took {max(words + charts):.0f} ms"

    # Mouse: self-check results. Urgent: no plan, a link to lesson 08, and the clinician box cannot override.
    level = harness.labelled_widget(app, "widget-toggle-buttons", "Self-check result")
    checked = app.locator(".widget-checkbox", has_text="A clinician has checked me").locator("input")
    level.get_by_role("button", name="urgent", exact=True).focus()  # keyboard: Tab to the button, then Space
    page.keyboard.press("Space")
    expect(takeaway).to_contain_text("See care first: no running plan. Urgent: contact a doctor or NHS 111 today.",
                                     timeout=WIDGET_TIMEOUT_MS)
    expect(takeaway.locator('a[href="08-self-check.ipynb"]')).to_have_count(1)
    expect(app.locator(".js-plotly-plot")).to_be_hidden()
    expect(app.locator(".bot-figure-description")).to_contain_text("no chart: there is no plan to draw yet")
    expect(checked).to_be_disabled()
    expect(table).to_be_hidden()
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "09-planner-urgent")
    level.get_by_role("button", name="soon", exact=True).click()
    expect(takeaway).to_contain_text("A clinician first.", timeout=WIDGET_TIMEOUT_MS)
    expect(checked).to_be_enabled()
    checked.click()
    expect(takeaway).to_contain_text("Your plan.", timeout=WIDGET_TIMEOUT_MS)
    expect(bars).to_have_count(SESSIONS)

    # Mouse: miles. The boxes convert, the chart and the table follow.
    app.locator(".widget-toggle-button", has_text="miles").click()
    expect(harness.labelled_widget(app, "widget-text", "Weekly miles before")).to_have_count(
        1, timeout=WIDGET_TIMEOUT_MS)
    expect(harness.labelled_widget(app, "widget-text", "Longest run (miles)").locator("input")).to_have_value("7.5")
    expect(harness.labelled_widget(app, "widget-text", "Easy pace (per mile)").locator("input")).to_have_value("10:44")
    expect(app.locator(NOTES, has_text="your long run before: 7.5 miles")).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    expect(table.locator("th", has_text="Distance (mi)")).to_have_count(1)
    expect(app.locator(".js-plotly-plot .ytitle")).to_have_text("Distance per session (miles)")
    _check_layout(page, app, 800, "miles")
    page.set_viewport_size({"width": 1280, "height": 1000})

    # Keyboard: the morning-after check at self-care (chosen with the mouse): the pain rule applies.
    after = harness.labelled_widget(app, "widget-text", "Pain this morning (0–10)").locator("input")
    answer = app.locator(".bot-morning-answer")
    level.get_by_role("button", name="self-care", exact=True).click()
    harness.retype(page, after, "5")
    expect(answer).to_contain_text("Next: step back a week", timeout=WIDGET_TIMEOUT_MS)
    harness.retype(page, after, "2")
    expect(answer).to_contain_text("repeat the session", timeout=WIDGET_TIMEOUT_MS)
    harness.scroll_into_view(page, after, block="center")
    harness.save_screenshot(page, "09-planner-morning-check")
    level.get_by_role("button", name="soon", exact=True).click()

    # A corrupt self-check file: the store's message, nothing else changes. Then a saved emergency check.
    upload = app.locator(".widget-upload")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with page.expect_file_chooser() as chooser:
        upload.click()
    chooser.value.set_files(str(broken))
    expect(app.locator(".widget-html-content", has_text="Not loaded:")).to_contain_text("broken.json",
                                                                                        timeout=WIDGET_TIMEOUT_MS)
    harness.wait_until_settled(app)
    expect(takeaway).to_contain_text("Your plan.")
    expect(level.locator(".mod-active")).to_have_text("soon")
    saved = tmp_path / "my-self-check.json"
    saved.write_text(download_text(assess(sample_answers("sam"))))
    with page.expect_file_chooser() as chooser:
        upload.click()
    chooser.value.set_files(str(saved))
    expect(takeaway).to_contain_text("See care first: no running plan.", timeout=WIDGET_TIMEOUT_MS)
    expect(level.locator(".mod-active")).to_have_text("emergency")
    expect(app.locator(".widget-html-content", has_text="Loaded the check")).to_contain_text("emergency")
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "09-planner-saved-emergency-check")

    # Keyboard: the morning-after check at the saved emergency check gives the self-check's advice and
    # never a running step; a lower level cannot be chosen until a new self-check says so.
    harness.retype(page, after, "1")
    expect(answer).to_contain_text("Emergency: go to an emergency department", timeout=WIDGET_TIMEOUT_MS)
    expect(answer).not_to_contain_text("Next:")
    expect(answer.locator('a[href="08-self-check.ipynb"]')).to_have_count(1)
    expect(level.get_by_role("button", name="self-care", exact=True)).to_have_count(0)

    # The chart of verified effects (a plain figure in the lesson): four panels, no overlapping text, at both widths.
    cell = page.locator(".jp-CodeCell").filter(has_text="helpers.figures.evidence_figure")
    harness.scroll_into_view(page, cell)
    evidence = cell.locator(".jp-OutputArea-output")
    evidence.locator(".plot-img").wait_for(state="attached", timeout=WIDGET_TIMEOUT_MS)
    harness.scroll_into_view(page, evidence)
    evidence.hover()  # JupyterLab's plotly output may show a saved image until the pointer arrives
    # (the output element is itself the plotly node, so no ".js-plotly-plot" in these selectors)
    expect(evidence.locator(".gtitle")).to_have_text("What the trials found (95 % intervals)")
    expect(evidence.locator(".scatterlayer .point")).to_have_count(6)
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 1000})
        harness.scroll_into_view(page, evidence)
        evidence.hover()
        page.wait_for_timeout(800)  # plotly redraws after a window resize
        problems = harness.layout_problems(evidence)
        assert not problems, f"evidence chart at {width} px: {problems}"
        harness.save_screenshot(page, f"09-evidence-chart-{width}px")

    messages = harness.log_console_messages(page)
    assert not messages, "widget callbacks logged errors:\n" + "\n".join(messages)
