"""Lesson 08 widget: the self-check form, built from ``data/selfcheck_*.csv``.

Sections in order, each question with its full text above a labelled answer control
(radio buttons, a text box for numbers, tick boxes); every control is a native form
element, so Tab, arrow keys and Space work. Submit checks the answers: each problem is
named next to its question and nothing typed is cleared. A red flag is shown even while
other answers still need fixing. Works the same under Voila.

Served as a web app (Voila, e.g. ``python3 course.py app`` for phones in a workshop), many
people share one server folder, so the form then writes and reads no file there: it offers
the check as a download instead, and loads a downloaded check from the learner's device.
"""

from __future__ import annotations

import base64
import html
import os
from pathlib import Path

import ipywidgets as widgets

from helpers.selfcheck import Question, SelfCheckError, SelfCheckResult, assess, compare, questionnaire, triage
from helpers.selfcheck_report import level_html, printable_page, result_html
from helpers.selfcheck_store import (
    SavedCheck,
    SelfCheckFileError,
    checks_from_upload,
    download_text,
    export_html,
    load_checks,
    save_check,
)
from helpers.widgets.base import WIDE, Panel, run_safely

DEFAULT_FILE = "my-self-check.json"
ROW_LAYOUT = widgets.Layout(margin="0 0 0.8em 0")
AUTO_WIDTH = widgets.Layout(width="auto")


def served_as_web_app() -> bool:
    """True in a kernel Voila started: the page may be shared, so files on the server are not private."""
    return "VOILA_SERVER_URL" in os.environ or "VOILA_APP_PORT" in os.environ


def _download_link(text: str, file_name: str, mime: str, label: str) -> str:
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (f'<a download="{html.escape(file_name)}" href="data:{mime};charset=utf-8;base64,{data}" '
            f'class="bot-download">{html.escape(label)}</a>')


def _alert(text: str) -> str:
    return f'<span role="alert" style="color:#a33c00"><b>Please check:</b> {html.escape(text)}</span>'


class _MultiSelect(widgets.VBox):
    """Tick boxes for a multi-select question; ``value`` is the list of ticked choices."""

    def __init__(self, question: Question):
        self.boxes = [widgets.Checkbox(value=False, description=choice, indent=False) for choice in question.choices]
        label = widgets.Label(question.label)
        super().__init__([label, *self.boxes])
        self.add_class("bot-checkbox-group")  # frontend/a11y.js: a group named by the question

    @property
    def value(self) -> list[str]:
        return [box.description for box in self.boxes if box.value]

    @value.setter
    def value(self, ticked: list[str]) -> None:
        for box in self.boxes:
            box.value = box.description in ticked


def _control(question: Question) -> widgets.Widget:
    if question.answer_type == "multi":
        return _MultiSelect(question)
    if question.answer_type == "number":
        return widgets.Text(value="", description=question.label, style=WIDE,
                            placeholder=f"{question.minimum:g} to {question.maximum:g}",
                            layout=widgets.Layout(width="24em"))
    options = ["yes", "no"] if question.answer_type == "yes/no" else list(question.choices)
    return widgets.RadioButtons(options=options, index=None, description=question.label, style=WIDE,
                                layout=widgets.Layout(width="auto"))


class SelfCheckForm(Panel):
    """The self-check form with its result, and buttons to save, load and print."""

    def __init__(self, file_name: str = DEFAULT_FILE, web_app: bool | None = None):
        self.web_app = served_as_web_app() if web_app is None else web_app
        form = questionnaire()
        self.questions = form.questions
        self.controls: dict[str, widgets.Widget] = {}
        self.messages: dict[str, widgets.HTML] = {}
        sections = [self._section(section) for section in form.sections]
        self.submit_button = widgets.Button(description="Submit", button_style="primary", icon="check",
                                            tooltip="Check my answers and show the result")
        self.summary = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
        self.summary.add_class("bot-summary")
        self.problem_summary = widgets.HTML()  # at the top; the focus moves there after a failed Submit
        self.problem_summary.add_class("bot-problem-summary")
        self._failed_submits = 0
        self.result = widgets.HTML()
        self.result.add_class("bot-selfcheck-output")
        self.file_name = widgets.Text(value=file_name, description="File on this computer", style=WIDE,
                                      layout=widgets.Layout(width="36em"))
        self.save_button = widgets.Button(description="Save answers", icon="save", layout=AUTO_WIDTH)
        self.load_button = widgets.Button(description="Load last check", icon="folder-open", layout=AUTO_WIDTH)
        self.export_button = widgets.Button(description="Export printable page", icon="print", layout=AUTO_WIDTH)
        self.file_status = widgets.HTML()
        self.last_result: SelfCheckResult | None = None
        self.loaded: SelfCheckResult | None = None
        self.downloads = widgets.HTML()
        self.upload = widgets.FileUpload(accept=".json", multiple=False, description="Load a saved check",
                                         layout=AUTO_WIDTH, tooltip="Load a self-check file you downloaded before")
        self.keep = keep = self._web_app_keep() if self.web_app else widgets.VBox([
            widgets.HTML("<h3>Keep and share</h3><p>Files are saved next to this notebook, on this computer only. "
                         "Nothing is sent anywhere.</p>"),
            self.file_name, widgets.HBox([self.save_button, self.load_button, self.export_button]), self.file_status,
        ])
        super().__init__([self.problem_summary, *sections, self.submit_button, self.result, self.summary,
                          keep])  # the result (red flags) first
        self.add_class("back-on-track-app")
        self.add_class("bot-selfcheck-form")
        self.submit_button.on_click(lambda _: self._safely(self.submit))
        self.save_button.on_click(lambda _: self._safely(self.save))
        self.load_button.on_click(lambda _: self._safely(self.load))
        self.export_button.on_click(lambda _: self._safely(self.export))
        self.upload.observe(lambda _: self._safely(self.load_upload), names="value")

    def _web_app_keep(self) -> widgets.VBox:
        """Keep and share on a shared server: downloads to the learner's device, uploads from it, no server files."""
        self.downloads.value = "<p><i>Submit your answers first; then you can download them here.</i></p>"
        return widgets.VBox([
            widgets.HTML("<h3>Keep and share</h3><p>This page may be shared with other people, so nothing you "
                         "enter is saved here. To keep your check, download it to your own device; to carry on "
                         "later, load that file again.</p>"),
            self.downloads, self.upload, self.file_status,
        ])

    def _section(self, section) -> widgets.VBox:
        rows = [widgets.HTML(f"<h3>{html.escape(section.title)}</h3><p>{html.escape(section.intro)}</p>")]
        for number, question in enumerate(section.questions, 1):
            control = _control(question)
            message = widgets.HTML()
            help_text = f'<br><small>{html.escape(question.help)}</small>' if question.help else ""
            optional = "" if question.required else " <i>(optional)</i>"
            text = widgets.HTML(f"<b>{section.section}{number}. {html.escape(question.text)}</b>{optional}{help_text}")
            self.controls[question.question_id] = control
            self.messages[question.question_id] = message
            row = widgets.VBox([text, control, message], layout=ROW_LAYOUT)
            row.add_class(f"bot-question-{question.question_id}")
            rows.append(row)
        box = widgets.VBox(rows)
        box.add_class(f"bot-section-{section.section}")
        return box

    def answers(self) -> dict[str, object]:
        """What the form holds now, as typed (numbers still text)."""
        return {question_id: control.value for question_id, control in self.controls.items()}

    def set_answers(self, answers: dict[str, object]) -> None:
        """Fill the form from saved answers (questions not in ``answers`` are left as they are)."""
        for question_id, value in answers.items():
            control = self.controls.get(question_id)
            if control is None:
                continue
            if isinstance(control, widgets.Text):
                control.value = f"{value:g}" if isinstance(value, (int, float)) else str(value or "")
            elif isinstance(control, _MultiSelect):
                control.value = list(value or [])
            elif value in control.options:
                control.value = value

    def submit(self) -> SelfCheckResult | None:
        """Check the answers; show the result, or name each problem next to its question."""
        raw = self.answers()
        try:
            result = assess(raw)
        except SelfCheckError as error:
            self._show_problems(raw, error)
            return None
        self._set_messages({})
        self.problem_summary.value = ""
        self.last_result = result
        self.summary.value = ('<span role="status">Your answers are still in the form: change any of them and '
                              "submit again.</span>")
        changes = ""
        if self.loaded is not None:
            lines = "".join(f"<li>{html.escape(line)}</li>" for line in compare(self.loaded, result))
            changes = f"<h4>Compared with the check you loaded</h4><ul>{lines}</ul>"
        self.result.value = result_html(result) + changes
        if self.web_app:
            self.downloads.value = (
                "<p>" + _download_link(download_text(result), DEFAULT_FILE, "application/json",
                                       "Download my answers (to load again later)")
                + " · " + _download_link(printable_page(result), "my-self-check.html", "text/html",
                                         "Download a printable page") + "</p>")
        return result

    def _set_messages(self, problems: dict[str, str]) -> None:
        """Show each problem next to its question; only changed messages are sent to the browser."""
        for question_id, message in self.messages.items():
            text = _alert(problems[question_id]) if question_id in problems else ""
            if message.value != text:
                message.value = text

    def _show_problems(self, raw: dict, error: SelfCheckError) -> None:
        self._set_messages(error.problems)
        named = [self.questions[question_id].label for question_id in error.problems if question_id in self.messages]
        self.summary.value = _alert(
            f"{len(named)} answer(s) need attention: {', '.join(named)}. Each is marked next to its question; "
            "everything you entered is still there."
        )
        self.last_result = None
        level, flags = triage(raw)
        advice = ""
        if level.rank > 0:  # a red flag already answered is shown at once, whatever else is missing
            partial = SelfCheckResult(level=level.level, rank=level.rank, heading=level.heading, advice=level.advice,
                                      how_fast=level.how_fast, level_evidence=level.evidence, red_flags=flags,
                                      factors=(), this_week=(), safety_note="")
            advice = "<p><b>Even before you finish, your answers so far mean:</b></p>" + level_html(partial)
        self.result.value = advice
        self._failed_submits += 1
        self.problem_summary.value = problem_summary_html(
            {question_id: self.questions[question_id].label for question_id in error.problems
             if question_id in self.messages}, advice, self._failed_submits)

    def _path(self, suffix: str = ".json") -> Path:
        name = self.file_name.value.strip() or DEFAULT_FILE
        path = Path(name).expanduser()
        return path.with_suffix(suffix) if suffix != ".json" else path

    def save(self) -> None:
        result = self.submit()
        if result is None:
            self.file_status.value = _alert("Nothing was saved: fix the answers marked above first.")
            return
        try:
            count = save_check(self._path(), result)
        except SelfCheckFileError as error:
            self.file_status.value = _alert(str(error))
            return
        self.file_status.value = f'<span role="status">Saved to {html.escape(self._path().name)} ({count} check(s) in the file).</span>'

    def load(self) -> None:
        try:
            checks = load_checks(self._path())
        except SelfCheckFileError as error:
            self.file_status.value = _alert(str(error))
            return
        if not checks:
            self.file_status.value = _alert(f"{self._path().name} holds no checks yet.")
            return
        self._show_loaded(checks, self._path().name)

    def load_upload(self) -> None:
        """Load the latest check from a file the learner uploaded (read in memory; nothing is written)."""
        if not self.upload.value:
            return
        uploaded = self.upload.value[0]
        name = str(uploaded.get("name", "the file"))
        try:
            checks = checks_from_upload(name, bytes(uploaded.get("content", b"")))
        except SelfCheckFileError as error:
            self.file_status.value = _alert(str(error))
            return
        finally:
            self.upload.value = ()  # the upload is read: keep no copy in the page
        if not checks:
            self.file_status.value = _alert(f"{Path(name).name} holds no checks.")
            return
        self._show_loaded(checks, Path(name).name)

    def _show_loaded(self, checks: list[SavedCheck], name: str) -> None:
        latest = checks[-1]
        self.set_answers(latest.answers)
        self.loaded = latest.result
        self.submit()
        note = f" {html.escape(latest.note)}" if latest.note else ""
        self.file_status.value = (f'<span role="status">Loaded your check of {html.escape(latest.saved_at)} '
                                  f"from {html.escape(name)} ({len(checks)} in the file). Change answers and submit to compare.{note}</span>")

    def export(self) -> None:
        result = self.submit()
        if result is None:
            self.file_status.value = _alert("Nothing was exported: fix the answers marked above first.")
            return
        try:
            path = export_html(self._path(".html"), result)
        except SelfCheckFileError as error:
            self.file_status.value = _alert(str(error))
            return
        self.file_status.value = (f'<span role="status">Wrote {html.escape(path.name)}: open it in your browser and '
                                  "print it, or keep it.</span>")

    def _safely(self, action) -> None:
        run_safely(action, lambda text: setattr(self.summary, "value", _alert(text)),
                   "Your answers are still in the form; please report this to the course authors.")


def problem_summary_html(problems: dict[str, str], advice: str, token: int) -> str:
    """The box at the top of the form after a failed Submit: red-flag advice first, then a link per problem.

    The browser layer (``frontend/summary.js``) moves the focus to the box each time ``token``
    changes, and a link moves the focus to its question's answer.
    """
    links = "".join(f'<li><a href="#" data-question="{html.escape(question_id)}">{html.escape(label)}</a></li>'
                    for question_id, label in problems.items())
    return (f'<div class="bot-error-summary" role="group" aria-labelledby="bot-error-summary-title" tabindex="-1" '
            f'data-focus-token="{token}">{advice}'
            f'<h3 id="bot-error-summary-title">{len(problems)} answer(s) need attention</h3>'
            f"<p>Everything you entered is still in the form. Go to:</p><ul>{links}</ul></div>")


def self_check_form(file_name: str = DEFAULT_FILE, web_app: bool | None = None) -> SelfCheckForm:
    """Lesson 08: the self-check form (red flags first, then your pain and your running).

    ``web_app`` (default: whether Voila serves the page) keeps checks as downloads, not server files.
    """
    return SelfCheckForm(file_name, web_app)
