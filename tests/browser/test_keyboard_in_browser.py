"""The keyboard in JupyterLab: arrow keys pressed in a course widget belong to the widget.

JupyterLab's notebook shortcuts take arrow keys (and letters) pressed on a focused radio
button or dropdown unless the widget marks itself (``helpers.widgets.frontend``). A learner
answers a self-test question and picks lesson 06's comparison with the arrow keys only;
the answer reaches the kernel (the feedback and the figure change), the focus stays in the
widget and JupyterLab's active cell does not move.
"""

from __future__ import annotations

import harness
import pytest
from playwright.sync_api import expect

from helpers import quiz

pytestmark = pytest.mark.browser

LESSON_06 = "notebooks/06-training-load.ipynb"
WIDGET_TIMEOUT_MS = 20_000
ACTIVE_CELL_JS = """() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
    .findIndex(cell => cell.classList.contains('jp-mod-active'))"""
FOCUS_IN_JS = "app => app.contains(document.activeElement)"


def test_arrow_keys_answer_a_question_and_choose_in_a_dropdown_in_lab(page, lab_server):
    harness.open_and_run_all(page, lab_server, LESSON_06)
    question = quiz.questions(6)[0]
    box = page.locator(".back-on-track-question").first
    expect(box).to_contain_text(question.text, timeout=WIDGET_TIMEOUT_MS)
    harness.scroll_into_view(page, box)
    radios = box.get_by_role("radio")
    expect(radios).to_have_count(len(question.choices))
    radios.first.click()  # the learner clicks the first answer, then moves with the keyboard
    cell_before = page.evaluate(ACTIVE_CELL_JS)
    page.keyboard.press("ArrowDown")
    expect(radios.nth(1)).to_be_checked()
    expect(radios.first).not_to_be_checked()
    assert box.evaluate(FOCUS_IN_JS), "the focus left the question after an arrow key"
    assert page.evaluate(ACTIVE_CELL_JS) == cell_before, "the arrow key moved JupyterLab's cell cursor"
    page.keyboard.press("Tab")  # on to "Check answer"
    page.keyboard.press("Enter")
    _, expected = quiz.feedback(question, 1)  # the second answer (index 1)
    expect(box.locator(".widget-html-content").last).to_have_text(expected, timeout=WIDGET_TIMEOUT_MS)
    assert page.evaluate(ACTIVE_CELL_JS) == cell_before
    harness.save_screenshot(page, "keyboard-06-self-test-answered")

    # The same lesson's ramp simulator: a dropdown, by arrow keys.
    app = page.locator(".back-on-track-app").filter(
        has=harness.labelled_widget(page, "widget-slider", "Weekly increase (%)"))
    expect(app).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    harness.scroll_into_view(page, app)
    compare = harness.labelled_widget(app, "widget-dropdown", "Compare with").locator("select")
    compare.focus()
    cell_before = page.evaluate(ACTIVE_CELL_JS)
    page.keyboard.press("ArrowDown")  # "nothing" -> "the 10 % rule"
    expect(compare).to_have_value("the 10 % rule (same start and target)")
    expect(app.locator(".js-plotly-plot .annotation-text", has_text="10 % rule")).not_to_have_count(
        0, timeout=WIDGET_TIMEOUT_MS)
    assert app.evaluate(FOCUS_IN_JS), "the focus left the widget after an arrow key"
    assert page.evaluate(ACTIVE_CELL_JS) == cell_before, "the arrow key moved JupyterLab's cell cursor"
    page.keyboard.press("ArrowUp")
    expect(compare).to_have_value("nothing")
    expect(app.locator(".js-plotly-plot .annotation-text", has_text="10 % rule")).to_have_count(
        0, timeout=WIDGET_TIMEOUT_MS)
    harness.save_screenshot(page, "keyboard-06-compare-dropdown")


LESSON_08 = "notebooks/08-self-check.ipynb"
ACTIVE_JS = """() => { const a = document.activeElement;
    return [a.tagName, a.className, a.type || '', (a.closest('[class*="bot-question-"]') || {}).className || '',
            a.textContent.trim().slice(0, 60)]; }"""


def test_self_check_by_keyboard_alone_in_lab(page, lab_server):
    """Few Tab stops (one per question), a failed Submit moves the focus to the problems, links lead to them."""
    from helpers.selfcheck import questionnaire

    harness.open_and_run_all(page, lab_server, LESSON_08)
    form = page.locator(".bot-selfcheck-form")
    expect(form).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    first = form.locator(".bot-question-bladder_bowel").get_by_role("radio").first
    first.focus()
    stops = 0
    while page.evaluate(ACTIVE_JS)[4] != "Submit" and stops < 200:
        page.keyboard.press("Tab")
        stops += 1
    questions = len(questionnaire().questions)
    ticks = sum(len(q.choices) - 1 for q in questionnaire().questions.values() if q.answer_type == "multi")
    print(f"08: {stops} Tab presses from the first answer to Submit ({questions} questions)")
    assert stops <= questions + ticks, f"{stops} Tab stops before Submit: radio answers are not grouped"

    page.keyboard.press("Enter")  # Submit, empty
    summary = form.locator(".bot-error-summary")
    expect(summary).to_be_focused(timeout=WIDGET_TIMEOUT_MS)
    expect(summary).to_contain_text("need attention")
    assert summary.bounding_box()["y"] < form.locator(".bot-question-bladder_bowel").bounding_box()["y"]
    page.keyboard.press("Tab")  # the first link: the first question
    expect(summary.locator("a").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")  # "yes" -> "no"
    expect(form.locator(".bot-question-bladder_bowel").get_by_role("radio").nth(1)).to_be_checked()
    harness.save_screenshot(page, "keyboard-08-problem-summary")


def test_enter_opens_an_exercise_card_in_lab(page, lab_server):
    """Lesson 04's exercise library is plain HTML cards (<details>): keys on a card stay with the card."""
    harness.open_and_run_all(page, lab_server, "notebooks/04-core-and-glutes.ipynb")
    card = page.locator(".bot-exercise-library details").first
    expect(card).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    harness.scroll_into_view(page, card)
    summary = card.locator("summary")
    expect(summary).to_have_attribute("data-lm-suppress-shortcuts", "true", timeout=WIDGET_TIMEOUT_MS)
    summary.focus()
    cell_before = page.evaluate(ACTIVE_CELL_JS)
    cells_before = page.locator(".jp-Notebook .jp-Cell").count()
    page.keyboard.press("Enter")
    expect(card).to_have_attribute("open", "")
    for key in ("ArrowDown", "j", "a", "b"):  # JupyterLab's command-mode keys: move the cursor, add cells
        page.keyboard.press(key)
    expect(summary).to_be_focused()
    assert page.locator(".jp-Notebook .jp-Cell").count() == cells_before, "a key on the card added a cell"
    assert page.evaluate(ACTIVE_CELL_JS) == cell_before, "a key on the card moved JupyterLab's cell cursor"
    harness.save_screenshot(page, "keyboard-04-exercise-card-open")
