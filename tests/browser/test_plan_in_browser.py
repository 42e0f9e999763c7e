"""Lesson 10's plan builder in a real browser, and its printable page on A4 paper.

1. The printable page, opened in headless Chromium with print media: nothing wider than
   A4's printable width, no clipped text, every week short enough to stay on one page,
   and a PDF printed at A4 size.
2. The lesson in JupyterLab, used as a learner: no plan until a time zone is typed (typed
   with spaces, it is kept clean); Maya's plan appears; the calendar file is downloaded
   through its link and re-read with ``icalendar``; Sam (emergency signs) gets no plan and
   the self-check's own advice, and uploading the saved plan file does not bring it back; the weekly increase is raised with the
   keyboard until runs go over the spike limit; miles; a bad time of day is named and
   kept; the learner's own lesson 04 exercises appear in a week's sessions; "Coming back"
   gives lesson 09's return to running, and its "walk first" answer instead of runs. At 1280 and 800 px no label is clipped and nothing overflows. Screenshots go to
   ``test-artifacts/browser/``.
"""

from __future__ import annotations

import datetime as dt
import re

import harness
import icalendar
import pytest
from playwright.sync_api import expect

from helpers import plan as model
from helpers import training
from helpers.plan_export import printable_page
from helpers.selfcheck import assess, questionnaire, sample_answers
from helpers.selfcheck_store import download_text

pytestmark = pytest.mark.browser

LESSON_10 = "notebooks/10-your-plan.ipynb"
WIDGET_TIMEOUT_MS = 30_000
MM = 96 / 25.4  # CSS pixels per millimetre
A4_MARGIN_MM = 14  # the page's @page margin
A4_CONTENT = (round((210 - 2 * A4_MARGIN_MM) * MM), round((297 - 2 * A4_MARGIN_MM) * MM))  # 688 × 1017 px

_LAYOUT_JS = """() => {
    const width = window.innerWidth;
    const problems = [];
    if (document.documentElement.scrollWidth > width) problems.push(`page is ${document.documentElement.scrollWidth} px wide`);
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        if (box.left < -0.5 || box.right > width + 0.5) problems.push(`${el.tagName} ${box.left}..${box.right}: ${el.textContent.slice(0, 40)}`);
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') problems.push(`${el.tagName} clips: ${el.textContent.slice(0, 40)}`);
    }
    const weeks = [...document.querySelectorAll('.bot-plan-week')].map(w => w.getBoundingClientRect().height);
    return {problems, weeks};
}"""




def _biggest_plan() -> model.Plan:
    """The longest printable plan the builder makes: 12 weeks, 5 runs and 4 strength sessions a week, at 'soon'."""
    level = questionnaire().levels["soon"]
    maya = assess(sample_answers("maya"))
    soon = type(maya)(**{**vars(maya), "level": "soon", "rank": level.rank, "heading": level.heading})
    ramp = training.ramp_plan(20, 60, 30, weeks=12)  # steep: many runs carry a spike-limit note
    parts = [model.ramp_part(ramp, runs_per_week=5), model.strength_part(None, 4)]
    return model.build_plan(soon, parts, dt.date(2027, 3, 1), weeks=12, timezone="America/Los_Angeles",
                            clinician_checked=True, recent_longest_km=7)


def test_the_printable_plan_fits_a4_without_cut_off_content(browser, tmp_path):
    plan = _biggest_plan()
    assert plan.runs_over_limit and plan.clinician_checked
    path = tmp_path / "my-plan.html"
    path.write_text(printable_page(plan), encoding="utf-8")
    context = browser.new_context(viewport={"width": A4_CONTENT[0], "height": A4_CONTENT[1]})
    page = context.new_page()
    try:
        page.goto(path.as_uri())
        page.emulate_media(media="print")
        layout = page.evaluate(_LAYOUT_JS)
        assert not layout["problems"], "cut off on A4:\n" + "\n".join(layout["problems"][:20])
        assert len(layout["weeks"]) == 12
        assert max(layout["weeks"]) < A4_CONTENT[1], f"a week is {max(layout['weeks']):.0f} px: taller than a page"
        harness.save_screenshot(page, "10-plan-printable-a4", full_page=True)
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    boxes = {tuple(round(float(v)) for v in box) for box in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)}
    assert boxes == {(595, 842)} or boxes == {(596, 842)}, f"PDF pages are not A4: {boxes}"
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    print(f"\n10 printable plan: 12 weeks on {pages} A4 pages; tallest week {max(layout['weeks']):.0f} px "
          f"of {A4_CONTENT[1]} px")
    assert len(plan.weeks) // 2 <= pages <= len(plan.weeks) + 4  # about a week a page, plus notes and the safety note


def _builder_layout_ok(page, app, width: int) -> None:
    """At this page width: no label, text or figure text clipped or overlapping, nothing wider than the app's box."""
    page.set_viewport_size({"width": width, "height": 1000})
    page.wait_for_timeout(500)
    problems = harness.layout_problems(app)
    assert not problems, f"at {width} px:\n" + "\n".join(problems)


def test_lesson_10_plan_builder_as_a_learner(page, lab_server, tmp_path):
    harness.open_and_run_all(page, lab_server, LESSON_10)

    app = page.locator(".bot-plan-builder")
    expect(app).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    takeaway = app.locator(".back-on-track-takeaway")
    verdict = app.locator(".bot-plan-verdict")
    downloads = app.locator(".bot-plan-downloads a[download]")
    expect(verdict).to_contain_text("No plan yet: choose your time zone", timeout=WIDGET_TIMEOUT_MS)
    expect(app.get_by_role("button", name=re.compile("Make my files"))).to_be_hidden()
    zone = harness.labelled_widget(app, "widget-text", "Your time zone").locator("input")
    zone.fill(" Europe/London ")  # typed with spaces: used and kept as Europe/London
    zone.press("Tab")
    expect(takeaway).to_contain_text("8 weeks, 24 runs and 16 strength sessions", timeout=WIDGET_TIMEOUT_MS)
    expect(verdict).to_contain_text("Times are in Europe/London")
    expect(takeaway).to_contain_text("from 20.0 to 30.0 km a week; 0 run(s) over the spike limit")
    expect(downloads).to_have_count(0)
    app.get_by_role("button", name=re.compile("Make my files")).click()
    expect(downloads).to_have_count(3, timeout=WIDGET_TIMEOUT_MS)
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "10-plan-builder-maya-1280")

    # Download the calendar file as a learner would, and read it back.
    with page.expect_download() as waiting:
        downloads.filter(has_text="Calendar file").click()
    saved = tmp_path / waiting.value.suggested_filename
    waiting.value.save_as(saved)
    assert saved.name == "my-plan.ics"
    events = icalendar.Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert len(events) == 40 and all(event["DTSTART"].params["TZID"] == "Europe/London" for event in events)
    assert all("Checks:" in str(event["DESCRIPTION"]) for event in events)
    with page.expect_download() as waiting:
        downloads.filter(has_text="Plan to load again").click()
    saved_plan = tmp_path / waiting.value.suggested_filename
    waiting.value.save_as(saved_plan)

    # The sessions and checks of one week.
    harness.labelled_widget(app, "widget-dropdown", "Show week").locator("select").select_option(label="2")
    detail = app.locator(".bot-plan-week-detail")
    expect(detail).to_contain_text("Week 2 (from Monday", timeout=WIDGET_TIMEOUT_MS)
    expect(detail).to_contain_text("The morning after")
    expect(detail.locator("tbody tr")).to_have_count(5)

    # Sam, with emergency signs: no plan, the self-check's own advice, nothing to download.
    source = harness.labelled_widget(app, "widget-dropdown", "Your self-check").locator("select")
    source.select_option(label="Sam (sample): emergency signs")
    expect(verdict).to_contain_text(questionnaire().levels["emergency"].heading, timeout=WIDGET_TIMEOUT_MS)
    expect(verdict).to_contain_text("No plan")
    expect(downloads).to_have_count(0)
    expect(app.locator(".js-plotly-plot")).to_have_count(0)
    expect(app.get_by_role("button", name=re.compile("Make my files"))).to_be_hidden()
    harness.scroll_into_view(page, verdict)
    harness.save_screenshot(page, "10-plan-builder-sam-refused")
    with page.expect_file_chooser() as chooser:  # Maya's saved plan, loaded while Sam's check is chosen: still no plan
        app.locator(".widget-upload").filter(has_text="Load a self-check or plan file").click()
    chooser.value.set_files(str(saved_plan))
    expect(app.get_by_text("my-plan.json was not loaded")).to_be_visible(timeout=WIDGET_TIMEOUT_MS)
    expect(verdict).to_contain_text(questionnaire().levels["emergency"].heading)
    expect(downloads).to_have_count(0)
    expect(app.locator(".js-plotly-plot")).to_have_count(0)
    expect(app.get_by_role("button", name=re.compile("Make my files"))).to_be_hidden()
    source.select_option(label="Maya (sample): no red flags")
    expect(takeaway).to_contain_text("8 weeks, 24 runs", timeout=WIDGET_TIMEOUT_MS)

    # Soon: a learner's own self-check file (long-term steroids): no plan until they confirm a clinician checked them.
    answers = sample_answers("maya") | {"steroids_osteoporosis": "yes"}
    own = tmp_path / "my-self-check.json"
    own.write_text(download_text(assess(answers)), encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        app.locator(".widget-upload").filter(has_text="Load a self-check or plan file").click()
    chooser.value.set_files(str(own))
    expect(verdict).to_contain_text("No plan yet", timeout=WIDGET_TIMEOUT_MS)
    expect(verdict).to_contain_text(questionnaire().levels["soon"].heading)
    confirm = app.get_by_role("checkbox", name=model.CONFIRM_LABEL)
    expect(confirm).to_be_enabled()
    confirm.focus()
    page.keyboard.press("Space")  # ticked with the keyboard
    expect(verdict).to_contain_text("You confirmed that a clinician has checked you", timeout=WIDGET_TIMEOUT_MS)
    expect(takeaway).to_contain_text("8 weeks, 24 runs")
    harness.scroll_into_view(page, verdict)
    harness.save_screenshot(page, "10-plan-builder-soon-confirmed")
    source.select_option(label="Maya (sample): no red flags")
    expect(confirm).to_be_disabled(timeout=WIDGET_TIMEOUT_MS)
    expect(confirm).not_to_be_checked()  # a new self-check needs its own confirmation

    # Keyboard: raise the weekly increase from 10 % to 19 %: two runs go over their spike limit.
    handle = harness.labelled_widget(app, "widget-slider", "Weekly increase (%)").locator(".noUi-handle")
    handle.focus()
    expect(handle).to_be_focused()
    for _ in range(9):
        page.keyboard.press("ArrowRight")
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^19(\.0+)?$"))
    expect(takeaway).to_contain_text("2 run(s) over the spike limit", timeout=WIDGET_TIMEOUT_MS)
    harness.wait_until_settled(app)
    expect(app.locator(".js-plotly-plot .legendtext", has_text="A run over its spike limit")).to_have_count(1)

    # Miles: the same plan, shown in miles.
    harness.labelled_widget(app, "widget-toggle-buttons", "Units").get_by_role("button", name="mi").click()
    expect(takeaway).to_contain_text("from 12.4 to 18.6 mi a week", timeout=WIDGET_TIMEOUT_MS)

    # A bad time of day: named, kept as typed, and the plan stays.
    box = harness.labelled_widget(app, "widget-text", "Time of day (24 h)").locator("input")
    box.fill("seven")
    message = app.locator(".widget-html-content").filter(has_text="Please check")
    expect(message).to_contain_text("07:00", timeout=WIDGET_TIMEOUT_MS)
    expect(box).to_have_value("seven")
    expect(takeaway).to_contain_text("from 12.4 to 18.6 mi a week")  # the last plan stays
    box.fill("06:30")
    expect(message).to_have_count(0, timeout=WIDGET_TIMEOUT_MS)
    harness.wait_until_settled(app)

    # Lesson 04: the learner's own exercises, with their doses, in a week's sessions.
    exercises = harness.labelled_widget(app, "widget-select-multiple", "Exercises (lesson 04)").locator("select")
    exercises.select_option(label=["Front plank", "Clamshell"])
    expect(detail).to_contain_text("Front plank: 3 sets of", timeout=WIDGET_TIMEOUT_MS)
    expect(detail).not_to_contain_text("Glute bridge")

    # Coming back (lesson 09) instead of the ramp; its "walk first" answer shows instead of runs.
    running = harness.labelled_widget(app, "widget-dropdown", "Running part").locator("select")
    running.select_option(label="Coming back (lesson 09)")
    expect(takeaway).to_contain_text("8 weeks, 24 runs and 16 strength sessions", timeout=WIDGET_TIMEOUT_MS)
    expect(takeaway).to_contain_text("0 run(s) over the spike limit")
    expect(app.get_by_text("Return to running (lesson 09)").first).to_be_visible()
    expect(harness.labelled_widget(app, "widget-slider", "Weekly increase (%)")).to_be_hidden()
    pain = harness.labelled_widget(app, "widget-slider", "Pain while walking (0–10)").locator(".noUi-handle")
    pain.focus()
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    expect(verdict).to_contain_text("Lesson 09 says: walk first", timeout=WIDGET_TIMEOUT_MS)
    expect(verdict).to_contain_text("No runs are planned")
    expect(downloads).to_have_count(0)
    harness.wait_until_settled(app)
    _builder_layout_ok(page, app, 800)
    harness.scroll_into_view(page, verdict)
    harness.save_screenshot(page, "10-plan-builder-coming-back-walk-first-800")
    page.set_viewport_size({"width": 1280, "height": 1000})
    for _ in range(2):
        page.keyboard.press("ArrowLeft")
    expect(takeaway).to_contain_text("8 weeks, 24 runs", timeout=WIDGET_TIMEOUT_MS)
    running.select_option(label="Building up (lesson 06)")
    expect(takeaway).to_contain_text("from 12.4 to 18.6 mi a week", timeout=WIDGET_TIMEOUT_MS)
    harness.wait_until_settled(app)

    for width in (1280, 800):
        _builder_layout_ok(page, app, width)
        track = harness.labelled_widget(app, "widget-slider", "Weekly increase (%)").locator(".noUi-target")
        assert track.bounding_box()["width"] >= 100, f"at {width} px the slider is too short to use"
        harness.scroll_into_view(page, app)
        harness.save_screenshot(page, f"10-plan-builder-{width}")
        harness.scroll_into_view(page, app.locator(".bot-plan-verdict"))
        harness.save_screenshot(page, f"10-plan-builder-{width}-plan")
        harness.scroll_into_view(page, app.locator(".bot-plan-table"))
        harness.save_screenshot(page, f"10-plan-builder-{width}-week")
    assert not harness.log_console_messages(page)
