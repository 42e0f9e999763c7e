"""Lesson 07 in a real browser: JupyterLab + headless Chromium, used by keyboard and mouse.

The imaging explorer, with the keyboard only: steps the age slider with the arrow key
(timing the redraw), presses a finding button with Space, types bad ages, a teenager's age
and a good age with Enter, and opens "Show the numbers". Checks that the dots (plotly SVG),
the bars' title, the odds-ratio panel (up to age 50 only) and the text readout follow; a
bad typed age must show a message and keep the last figure. Then at 1280 and 800 px wide:
no text of the figure or the controls is clipped.

The tables and the appointment notes: the lesson's tables show every word (nothing cut to
"...", no cell clipping its text); the notes widget loads a corrupt file (a clear message,
no traceback), then a saved self-check, shows the summary, and its download is one printed
page; no request leaves the machine. Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import harness
import pytest
from playwright.sync_api import expect

from helpers import clinician
from helpers.selfcheck import assess, sample_answers
from helpers.selfcheck_store import download_text

pytestmark = pytest.mark.browser

LESSON_07 = "notebooks/07-when-to-see-a-clinician.ipynb"
WIDGET_TIMEOUT_MS = 20_000
ANNOTATIONS = ".js-plotly-plot .annotation-text"
#: A key press that takes longer than this to redraw is broken, not merely slow on a shared machine.
BROKEN_MS = 2000.0

#: What the figure shows: every SVG text and the position of every dot and bar.
_DRAWING_JS = """app => [
    ...[...app.querySelectorAll('.js-plotly-plot text')].map(t => t.textContent),
    ...[...app.querySelectorAll('.js-plotly-plot .point')].map(p => p.getAttribute('d') + (p.getAttribute('transform') || '')),
].join('\\n')"""

#: Filled (has it) and open (does not) dots: plotly draws each trace's points in its own group, and
#: each subplot in its own group ("xy" is the icon array; the odds ratios are "x3y3").
_DOTS_JS = """app => [...app.querySelectorAll('.js-plotly-plot .subplot.xy .scatterlayer .trace')]
    .map(trace => trace.querySelectorAll('.point').length)"""



def _drawing(app) -> str:
    return app.evaluate(_DRAWING_JS)


def _check_width(page, app, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 1000})
    page.wait_for_timeout(500)  # JupyterLab and plotly relayout on resize
    harness.wait_until_settled(app)
    harness.scroll_into_view(page, app)
    problems = harness.layout_problems(app)
    harness.save_screenshot(page, f"07-imaging-by-age-{width}px")
    harness.save_screenshot(app, f"07-imaging-by-age-{width}px-widget")
    assert not problems, f"at {width} px:\n" + "\n".join(problems)


def test_lesson_07_imaging_by_age(page, lab_server):
    harness.open_and_run_all(page, lab_server, LESSON_07)

    app = page.locator(".back-on-track-app").filter(has=harness.labelled_widget(page, "widget-slider", "Age (years)"))
    expect(app).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    takeaway = app.locator(".back-on-track-takeaway")
    message = app.locator(".widget-html-content").filter(has_text="Please check")
    handle = harness.labelled_widget(app, "widget-slider", "Age (years)").locator(".noUi-handle")
    expect(takeaway).to_contain_text("Disc bulge: about 50 of 100 people at age 40 who have NO back pain")
    expect(takeaway).to_contain_text("odds ratio 7.54")
    expect(app.locator(ANNOTATIONS, has_text="All findings at age 40")).to_have_count(1)
    expect(app.locator(ANNOTATIONS, has_text="More common with back pain?")).to_have_count(1)
    expect(app.locator(".js-plotly-plot text", has_text="Disc bulge (chosen) 7.54 (1.28–44.56)")).to_have_count(1)
    assert app.evaluate(_DOTS_JS) == [50, 50], "the icon array should show 50 filled and 50 open dots"
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "07-imaging-before")

    # Keyboard: the age slider, one step (10 years) at a time, each timed until the bars' title changes.
    handle.focus()
    expect(handle).to_be_focused()
    timings = []
    for age in (50, 60):
        before = _drawing(app)
        harness.start_change_timer(app, ANNOTATIONS, f"All findings at age {age}")
        page.keyboard.press("ArrowRight")
        timings.append(harness.change_timer_ms(page))
        harness.wait_until_settled(app)
        assert _drawing(app) != before, f"age {age}: the figure did not change"
    print(f"07 imaging by age: arrow key -> redraw {', '.join(f'{ms:.0f}' for ms in timings)} ms")
    assert max(timings) < BROKEN_MS
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^60(\.0)?$"))
    expect(handle).to_be_focused()  # the key presses stayed in the widget, not in the notebook
    expect(takeaway).to_contain_text("Disc bulge: about 69 of 100 people at age 60")
    expect(takeaway).to_contain_text("aged 50 or under only")
    expect(app.locator(ANNOTATIONS, has_text="Not shown at age 60")).to_have_count(1)
    assert app.evaluate(_DOTS_JS) == [69, 31]
    expect(harness.labelled_widget(app, "widget-text", "Type an age (years)").locator("input")).to_have_value("60")

    # Keyboard: a finding button, pressed with Space.
    button = app.get_by_role("button", name="Spondylolisthesis")
    button.focus()
    page.keyboard.press("Space")
    expect(takeaway).to_contain_text("Spondylolisthesis: about 23 of 100 people at age 60", timeout=WIDGET_TIMEOUT_MS)
    harness.wait_until_settled(app)
    assert app.evaluate(_DOTS_JS) == [23, 77]
    expect(button).to_have_class(re.compile(r"mod-active"))
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "07-imaging-after-keyboard")

    # Typed ages: bad ones show a message and change nothing; a good one moves the slider to its decade.
    box = harness.labelled_widget(app, "widget-text", "Type an age (years)").locator("input")
    drawing, readout = _drawing(app), takeaway.inner_text()
    for typed, says in (("abc", "Age must be a number from 10 to 100 years; you typed 'abc'."),
                        ("105", "Age must be from 10 to 100 years; you typed 105."), ("", "Age is empty")):
        harness.retype(page, box, typed)
        expect(message).to_contain_text(says, timeout=WIDGET_TIMEOUT_MS)
        harness.wait_until_settled(app)
        assert _drawing(app) == drawing, f"typing {typed!r} changed the figure"
        assert takeaway.inner_text() == readout
        expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^60(\.0)?$"))
        expect(box).to_have_value(typed)  # what the learner typed stays
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "07-imaging-bad-age")
    # A teenage runner: the study's youngest age, with a note; the odds panel is back (age 20 ≤ 50).
    harness.retype(page, box, "16")
    expect(takeaway).to_contain_text("at age 20 (the study's nearest age to 16)", timeout=WIDGET_TIMEOUT_MS)
    expect(takeaway).to_contain_text("The review gives no estimate under age 20")
    expect(takeaway).to_contain_text("Nobody aged 20 was studied for this finding")  # spondylolisthesis at 20
    expect(message).to_have_count(0)
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^20(\.0)?$"))
    expect(app.locator(ANNOTATIONS, has_text="More common with back pain?")).to_have_count(1)
    expect(app.locator(".js-plotly-plot text", has_text="Disc bulge 7.54 (1.28–44.56)")).to_have_count(1)
    harness.wait_until_settled(app)
    harness.scroll_into_view(page, app)
    harness.save_screenshot(page, "07-imaging-teenager")
    harness.retype(page, box, "33")
    expect(takeaway).to_contain_text("at age 30 (the study's nearest age to 33)", timeout=WIDGET_TIMEOUT_MS)
    expect(message).to_have_count(0)
    expect(handle).to_have_attribute("aria-valuenow", re.compile(r"^30(\.0)?$"))
    expect(box).to_have_value("33")
    count = clinician.people_with("spondylolisthesis", 33)
    harness.wait_until_settled(app)
    assert app.evaluate(_DOTS_JS) == [count, 100 - count]

    # Keyboard: show the numbers behind the figure.
    numbers = app.get_by_role("button", name="Show the numbers")
    numbers.focus()
    page.keyboard.press("Enter")
    expect(app.locator("table.bot-numbers")).to_contain_text("People without back pain at age 30 (%)", timeout=WIDGET_TIMEOUT_MS)

    # Readable at both widths the course supports: nothing clipped, nothing sticking out.
    _check_width(page, app, 1280)
    _check_width(page, app, 800)
    messages = harness.log_console_messages(page)
    assert not messages, "widget callbacks logged errors:\n" + "\n".join(messages)


#: Every table cell's text in the lesson's full-text tables.
_TABLE_CELLS_JS = """() => [...document.querySelectorAll('.bot-text-table .bot-text-cell')]
    .map(cell => [...cell.childNodes].filter(node => !node.classList || !node.classList.contains('bot-text-label'))
        .map(node => node.textContent).join('').trim())"""
#: How many pages a PDF has (Chromium writes one "/Type /Page" object per page).
_PAGE = re.compile(rb"/Type\s*/Page(?!s)")


def test_lesson_07_tables_and_appointment_notes(page, lab_server, tmp_path):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    harness.open_and_run_all(page, lab_server, LESSON_07)

    # The tables: every word shown, nothing clipped, at the narrow width too.
    tables = page.locator(".bot-text-table")
    expect(tables).to_have_count(3, timeout=WIDGET_TIMEOUT_MS)
    cells = page.evaluate(_TABLE_CELLS_JS)
    assert "Pain in the lower back with no single cause that an examination or a scan can pin down. The pain is real; " \
           "the label only means no specific cause was found." in cells
    assert not [cell for cell in cells if cell.endswith("...") or cell.endswith("…")]
    for width in (1280, 800):
        page.set_viewport_size({"width": width, "height": 1000})
        for index in range(3):
            table = tables.nth(index)
            harness.scroll_into_view(page, table)
            output = table.locator("xpath=ancestor::div[contains(@class, 'jp-OutputArea-output')][1]")
            assert not harness.layout_problems(output), f"table {index + 1} at {width} px"
        harness.save_screenshot(page, f"07-table-{width}px")
    page.set_viewport_size({"width": 1280, "height": 1000})

    # The appointment notes: a corrupt file, then a saved emergency check, then a self-care one.
    app = page.locator(".bot-appointment-notes-app")
    expect(app).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    harness.scroll_into_view(page, app)
    upload = app.locator(".widget-upload").first
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        upload.click()
    chooser.value.set_files(str(broken))
    alert = app.locator("[role=alert]", has_text="Not loaded:")
    expect(alert).to_contain_text("broken.json is not a readable self-check file (broken JSON at line 1). "
                                  "Nothing was loaded.", timeout=WIDGET_TIMEOUT_MS)
    expect(app).not_to_contain_text("Traceback")
    notes = app.locator(".bot-appointment-output")
    expect(notes).to_contain_text("Load your saved self-check")

    saved = tmp_path / "my-self-check.json"
    saved.write_text(download_text(assess(sample_answers("sam"))), encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        upload.click()
    chooser.value.set_files(str(saved))
    expect(notes).to_contain_text("Act on this first: do not wait for a booked appointment.", timeout=WIDGET_TIMEOUT_MS)
    expect(notes).to_contain_text("Emergency: go to an emergency department or call an ambulance now")
    expect(notes).to_contain_text("What to tell them:")
    expect(notes).not_to_contain_text("running")
    expect(app.locator(".widget-upload").nth(1)).to_be_disabled()
    harness.save_screenshot(page, "07-appointment-emergency")

    saved.write_text(download_text(assess(sample_answers("maya"))), encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        upload.click()
    chooser.value.set_files(str(saved))
    expect(notes).to_contain_text("Since when: less than 6 weeks (acute)", timeout=WIDGET_TIMEOUT_MS)
    expect(notes).to_contain_text("How and when can I start running again?")
    expect(app.locator("[role=status]", has_text="Loaded the check saved")).to_contain_text("my-self-check.json")
    harness.wait_until_settled(app)
    harness.scroll_into_view(page, app)
    assert not harness.layout_problems(app)
    harness.save_screenshot(page, "07-appointment-notes")

    # The download: the same notes, as one printed page.
    with page.expect_download() as download:
        app.get_by_role("link", name=re.compile("Download the notes")).click()
    assert download.value.suggested_filename == "my-appointment-notes.html"
    printable = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Since when: less than 6 weeks (acute)" in printable and "<script" not in printable
    sheet = page.context.new_page()
    try:
        sheet.set_content(printable)
        pdf = sheet.pdf(format="A4")
    finally:
        sheet.close()
    assert len(_PAGE.findall(pdf)) == 1, "the printable notes should fit on one page"

    local = re.compile(r"^(https?://(127\.0\.0\.1|localhost)[:/]|ws://|data:|blob:|about:)")
    assert not [url for url in requests if not local.match(url)], "a request left the machine"
    messages = harness.log_console_messages(page)
    assert not messages, "widget callbacks logged errors:\n" + "\n".join(messages)
