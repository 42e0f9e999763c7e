"""Lesson 08 in a real browser: a learner fills the self-check form in JupyterLab and under Voila.

In JupyterLab: bad input first (nothing is cleared, each problem is named next to its
question, no traceback), then a full run ending in "emergency", then the same runner
without the red flags ending in self-care with things worth looking at, then that runner
with a history of cancer: the urgent banner first and no running tip anywhere. Under Voila: the same
form as an app, with bad input and a self-care run. Screenshots go to
``test-artifacts/browser/``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import harness
import pytest
from playwright.sync_api import expect
from voila_server import start_voila

from helpers.selfcheck import STAY_ACTIVE, assess, questionnaire, sample_answers

pytestmark = pytest.mark.browser

LESSON = "notebooks/08-self-check.ipynb"
WIDGET_TIMEOUT_MS = 30_000
VOILA_TIMEOUT_MS = 120_000
SELF_CARE = "✓ No red flags in your answers: self-care is reasonable"
EMERGENCY = "Emergency: go to an emergency department or call an ambulance now"
URGENT = "⚠⚠ Urgent: contact a doctor or NHS 111 today"


def _row(form, question_id: str):
    return form.locator(f".bot-question-{question_id}")


def _fill(form, answers: dict) -> None:
    """Answer every question as a learner would: click the radio or box, type the number."""
    for question_id, question in questionnaire().questions.items():
        row = _row(form, question_id)
        value = answers.get(question_id)
        if question.answer_type == "number":
            row.locator("input[type=text]").fill("" if value is None else f"{value:g}")
        elif question.answer_type == "multi":
            for choice in question.choices:
                row.get_by_role("checkbox", name=choice, exact=True).set_checked(choice in (value or []))
        elif value is not None:
            row.get_by_role("radio", name=value, exact=True).check()


def _submit(form, selector: str, text: str) -> float:
    """Press Submit; milliseconds from the press until ``selector`` in the form shows exactly ``text``."""
    harness.start_change_timer(form, selector, text)
    form.get_by_role("button", name="Submit").click()
    return harness.change_timer_ms(form.page, timeout_s=WIDGET_TIMEOUT_MS / 1000)


def _no_traceback(page) -> None:
    expect(page.get_by_text(re.compile(r"Traceback|Error displaying widget"))).to_have_count(0)


def _bad_input_is_named_and_kept(form) -> None:
    """Submit empty, then with a red flag, a wrong number and an out-of-range one."""
    form.get_by_role("button", name="Submit").click()
    expect(_row(form, "age").get_by_role("alert")).to_have_text(re.compile("Please answer this question"),
                                                                timeout=WIDGET_TIMEOUT_MS)
    expect(_row(form, "hills").get_by_role("alert")).to_contain_text("Please answer this question")
    expect(_row(form, "pain_where").get_by_role("alert")).to_contain_text("Tick at least one box")
    expect(_row(form, "cadence").get_by_role("alert")).to_have_count(0)  # optional
    expect(form.locator(".bot-summary")).to_contain_text("need attention")

    yes = _row(form, "bladder_bowel").get_by_role("radio", name="yes", exact=True)
    yes.focus()
    form.page.keyboard.press("Space")  # keyboard, as a learner without a mouse would
    expect(yes).to_be_checked()
    _row(form, "age").locator("input[type=text]").fill("abc")
    _row(form, "sitting_hours").locator("input[type=text]").fill("30")
    _row(form, "pain_where").get_by_role("checkbox", name="buttock", exact=True).check()
    form.get_by_role("button", name="Submit").click()
    expect(_row(form, "age").get_by_role("alert")).to_contain_text("“abc” is not a number", timeout=WIDGET_TIMEOUT_MS)
    expect(_row(form, "sitting_hours").get_by_role("alert")).to_contain_text("30 is out of range")
    expect(_row(form, "bladder_bowel").get_by_role("alert")).to_have_count(0)
    result = form.locator(".bot-selfcheck-output")
    expect(result).to_contain_text("Even before you finish")
    expect(result).to_contain_text(EMERGENCY)
    summary = form.locator(".bot-summary")
    assert result.bounding_box()["y"] < summary.bounding_box()["y"], "the red-flag advice must come before the problems"
    # Nothing the learner entered was cleared.
    expect(_row(form, "age").locator("input[type=text]")).to_have_value("abc")
    expect(_row(form, "sitting_hours").locator("input[type=text]")).to_have_value("30")
    expect(yes).to_be_checked()
    expect(_row(form, "pain_where").get_by_role("checkbox", name="buttock", exact=True)).to_be_checked()
    _no_traceback(form.page)


def _factor_titles(answers: dict) -> list[str]:
    return [factor.title for factor in assess(answers).factors]


def _expect_self_care_with_factors(form, answers: dict) -> None:
    result = form.locator(".bot-selfcheck-output")
    expect(result.locator(".bot-level")).to_contain_text("No red flags in your answers", timeout=WIDGET_TIMEOUT_MS)
    items = result.locator("li.bot-factor")
    titles = _factor_titles(answers)
    expect(items).to_have_count(len(titles))
    for index, title in enumerate(titles):
        expect(items.nth(index).locator("b").first).to_have_text(title)
    text = result.inner_text()
    assert text.index("No red flags") < text.index("Things worth looking at") < text.index("What to do this week")
    expect(form.get_by_role("alert").filter(has_text="Please check")).to_have_count(0)


def test_self_check_in_jupyterlab_emergency_then_self_care(page, lab_server):
    harness.open_notebook(page, lab_server, LESSON)
    seconds = harness.run_all(page)
    print(f"\n08-self-check: Run All Cells took {seconds:.1f} s")
    assert not harness.error_outputs(page)
    form = page.locator(".bot-selfcheck-form")
    expect(form).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    expect(form.locator(".bot-section-A h3")).to_contain_text("Red flags")

    _bad_input_is_named_and_kept(form)
    harness.save_screenshot(page, "08-self-check-bad-input")

    sam = sample_answers("sam")
    _fill(form, sam)
    milliseconds = _submit(form, ".bot-selfcheck-result > h4", "What to do now")
    print(f"08 self-check: Submit -> emergency result shown after {milliseconds:.0f} ms")
    result = form.locator(".bot-selfcheck-output")
    expect(result.locator(".bot-level")).to_contain_text(EMERGENCY)
    expect(result).not_to_contain_text("Things worth looking at")
    expect(result).not_to_contain_text("Even before you finish")
    assert result.inner_text().index("Emergency") < result.inner_text().index("What to do now")
    expect(form.get_by_role("alert").filter(has_text="Please check")).to_have_count(0)
    result.scroll_into_view_if_needed()
    harness.save_screenshot(page, "08-self-check-emergency")

    without_flags = {**sam, "bladder_bowel": "no", "saddle_numbness": "no"}
    _row(form, "bladder_bowel").get_by_role("radio", name="no", exact=True).check()
    _row(form, "saddle_numbness").get_by_role("radio", name="no", exact=True).check()
    milliseconds = _submit(form, ".bot-level h3", SELF_CARE)
    print(f"08 self-check: Submit -> self-care result shown after {milliseconds:.0f} ms")
    _expect_self_care_with_factors(form, without_flags)
    expect(_row(form, "age").locator("input[type=text]")).to_have_value(f"{sam['age']:g}")
    result.scroll_into_view_if_needed()
    harness.save_screenshot(page, "08-self-check-self-care")

    _urgent_banner_first_and_no_running_tip(form)
    result.scroll_into_view_if_needed()
    harness.save_screenshot(page, "08-self-check-cancer-history-urgent")
    assert not harness.error_outputs(page)
    _no_traceback(page)


def _running_tips() -> set[str]:
    form = questionnaire()
    return {rule.advice for rule in form.scores + form.untested} | {STAY_ACTIVE}


def _urgent_banner_first_and_no_running_tip(form) -> None:
    """The same runner answers yes to a history of cancer: urgent, first, and nothing about running."""
    _row(form, "cancer_history").get_by_role("radio", name="yes", exact=True).check()
    milliseconds = _submit(form, ".bot-level h3", URGENT)
    print(f"08 self-check: Submit -> urgent result (cancer history) shown after {milliseconds:.0f} ms")
    result = form.locator(".bot-selfcheck-output")
    banner = result.locator(".bot-level")
    expect(banner).to_have_count(1)
    expect(banner).to_contain_text("a history of cancer")
    expect(banner).to_contain_text("What to tell them")
    first = result.locator(".bot-selfcheck-result > *").first
    assert "bot-level" in (first.get_attribute("class") or ""), "the urgent banner must come first"
    assert banner.bounding_box()["y"] <= min(box["y"] for box in (
        element.bounding_box() for element in result.locator(".bot-selfcheck-result > *").all()) if box)
    expect(result.locator("li.bot-factor, li.bot-untested")).to_have_count(0)
    shown = result.inner_text()
    assert not [tip for tip in _running_tips() if tip in shown], "no running tip at urgent"
    expect(result).to_contain_text("Do not run or train until a clinician has checked you.")


def test_self_check_as_a_voila_app(browser):
    notebook = Path(harness.REPO_ROOT) / LESSON
    with start_voila(notebook) as server:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            started = time.monotonic()
            page.goto(server.url, wait_until="domcontentloaded", timeout=VOILA_TIMEOUT_MS)
            form = page.locator(".bot-selfcheck-form")
            expect(form).to_have_count(1, timeout=VOILA_TIMEOUT_MS)
            expect(_row(form, "leg_symptoms").get_by_role("radio", name="no", exact=True)).to_be_visible(
                timeout=VOILA_TIMEOUT_MS)
            print(f"\n08 self-check under Voila: form shown {time.monotonic() - started:.1f} s after opening")

            _bad_input_is_named_and_kept(form)
            harness.save_screenshot(page, "08-self-check-voila-bad-input")

            maya = sample_answers("maya")
            _fill(form, maya)
            milliseconds = _submit(form, ".bot-level h3", SELF_CARE)
            print(f"08 self-check under Voila: Submit -> result shown after {milliseconds:.0f} ms")
            _expect_self_care_with_factors(form, maya)
            form.locator(".bot-selfcheck-output").scroll_into_view_if_needed()
            harness.save_screenshot(page, "08-self-check-voila-self-care")
            _no_traceback(page)
            assert not errors, f"page errors under Voila: {errors}"
        except Exception:
            harness.save_screenshot(page, "FAILED-08-self-check-voila")
            print(f"--- Voila log ---\n{server.log()[-4000:]}")
            raise
        finally:
            context.close()
