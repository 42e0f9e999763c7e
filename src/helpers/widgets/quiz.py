"""Self-test widget: multiple-choice questions with feedback after answering."""

from __future__ import annotations

import html

import ipywidgets as widgets

from helpers import quiz
from helpers.widgets.base import Panel


class SelfTest(Panel):
    """A lesson's self-test: one box per question."""


def self_test(lesson: int) -> SelfTest:
    """The self-test questions of a lesson, each with feedback after answering."""
    items = [_question_box(number, question) for number, question in enumerate(quiz.questions(lesson), 1)]
    return SelfTest(items)


def _question_box(number: int, question: quiz.Question) -> widgets.VBox:
    prompt = widgets.HTML(f"<b>{number}. {html.escape(question.text)}</b>")
    choices = widgets.RadioButtons(options=question.choices, value=None, layout=widgets.Layout(width="auto"))
    check = widgets.Button(description="Check answer", tooltip=f"Check your answer to question {number}")
    feedback = widgets.HTML()

    def on_check(_: widgets.Button) -> None:
        feedback.value = quiz.feedback_html(question, choices.index)

    check.on_click(on_check)
    box = widgets.VBox([prompt, choices, check, feedback], layout=widgets.Layout(margin="0 0 1em 0"))
    box.add_class("back-on-track-question")
    return box
