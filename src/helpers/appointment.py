"""Lesson 07: notes to take to an appointment, from a saved self-check (lesson 08's file) and a running log.

The notes come in three forms made from one list of sections: plain text, an HTML
fragment for the notebook, and a self-contained one-page HTML file to print or keep
(inline styles, no scripts, nothing fetched). Nothing is sent anywhere.

Safety: the self-check's level comes first. At "urgent" and "emergency" the notes start
with what to do now and leave out running (no running questions, no running log); at
"emergency" they hold only what to tell the clinician now: the level, the red flags found
and what to say. A saved check is never shown as less urgent than today's red-flag rules
make its answers (the store re-checks it when it loads).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.selfcheck import SelfCheckResult, questionnaire
from helpers.selfcheck_report import STYLE, level_html
from helpers.selfcheck_store import SelfCheckFileError

if TYPE_CHECKING:
    from helpers.selfcheck_store import SavedCheck
    from helpers.training import TrainingLoad

TITLE = "Notes for my appointment"
SUBTITLE = "from my self-check: education, not diagnosis"
PAIN_QUESTIONS = ("pain_since", "pain_where", "pain_side", "pain_when", "pain_eases", "limits_daily", "limits_running")
QUESTIONS_TO_ASK = (
    "Do any of my answers point to a serious cause?",
    "Would a scan change what we do? (NICE advises against routine scans.)",
    "What can I do myself, and when should I come back?",
)
RUNNING_QUESTION = "How and when can I start running again?"
BULLETED = ("Red flags in my answers", "Questions to ask")  # the other sections are "label: value" lines
URGENT, EMERGENCY = 2, 3
#: What to do when a file cannot be read: said after the store's own reason (this is loading, not saving).
LOAD_ADVICE = ("Nothing was loaded. Choose the self-check file (.json) you saved or downloaded in lesson 08, "
               "or do the self-check there first.")
#: The store's sentences about what it did to the file or about saving, which do not fit a file being read.
_SAVE_WORDING = re.compile(r"\s*(?:It was left as it is[^.]*|It was not loaded|Check the name, or save a check first)\.")
PRINT_STYLE = """
@page { size: A4; margin: 14mm; }
body { font-family: system-ui, sans-serif; font-size: 10.5pt; line-height: 1.35; color: #111; max-width: 48em; margin: 0 auto; }
h1 { font-size: 15pt; margin: 0 0 0.2em 0; } h2 { font-size: 11.5pt; margin: 0.8em 0 0.2em 0; }
ul { margin: 0.2em 0; padding-left: 1.3em; } li { margin: 0.1em 0; }
.bot-level h3 { font-size: 12pt; } .bot-notes-footer { font-size: 9pt; color: #333; margin-top: 1em; }
"""


class AppointmentFileError(SelfCheckFileError):
    """A self-check file could not be read for the notes; the message says why and what to do (for loading)."""


def loading_message(error: Exception) -> str:
    """The store's reason a file cannot be read, with advice for loading (not saving) after it."""
    reason = _SAVE_WORDING.sub("", str(error)).strip()
    return f"{reason} {LOAD_ADVICE}"


@dataclass(frozen=True)
class AppointmentNotes:
    """What the notes hold: a self-check result, when it was saved, and the learner's running log (optional)."""

    result: SelfCheckResult
    saved_at: str = ""
    note: str = ""  # the store's note, e.g. that today's rules made the saved check more urgent
    log: TrainingLoad | None = None
    weeks: int = 6

    @property
    def emergency(self) -> bool:
        """At an emergency the notes hold only what to tell the clinician now."""
        return self.result.rank >= EMERGENCY

    @property
    def shows_running(self) -> bool:
        """Running (questions and log) appears only at "self-care" and "soon"."""
        return self.result.rank < URGENT

    def tell(self) -> str:
        """What to tell the clinician: the check's own words, else today's words for its level."""
        level = questionnaire().levels.get(self.result.level)
        return self.result.tell or (level.tell if level is not None else "")

    def header(self) -> list[str]:
        """When the check was saved, its level, and (urgent, emergency) what to do first."""
        lines = [f"Self-check saved: {self.saved_at}"] if self.saved_at else []
        lines.append(f"Self-check level: {self.result.heading}")
        if self.note:
            lines.append(self.note)
        if self.result.rank >= URGENT:  # act first, the notes come second
            lines.append(f"ACT ON THIS FIRST: {self.result.heading.split(': ', 1)[-1]}. "
                         "Do not wait for a booked appointment.")
        return lines

    def sections(self) -> list[tuple[str, list[str]]]:
        """The notes after the header, as (heading, lines): red flags and what to tell, then pain, running, questions."""
        flags = [f"{flag.finding} ({flag.level})" for flag in self.result.red_flags] or ["none"]
        sections = [("Red flags in my answers", flags)]
        tell = self.tell()
        if tell:
            sections.append(("What to tell them", [tell]))
        if self.emergency:
            return sections
        sections.append(("My pain", self._pain_lines()))
        if self.shows_running:
            running = _running_lines(self.log, self.weeks) if self.log is not None else ["(no running log loaded)"]
            sections.append((f"My running, last {self.weeks} weeks of my log", running))
        questions = [*QUESTIONS_TO_ASK, RUNNING_QUESTION] if self.shows_running else list(QUESTIONS_TO_ASK)
        sections.append(("Questions to ask", questions))
        return sections

    def _pain_lines(self) -> list[str]:
        form = questionnaire()
        lines = []
        for question_id in PAIN_QUESTIONS:
            if question_id in self.result.answers and question_id in form.questions:
                question = form.questions[question_id]
                unit = "" if question.unit == "points" else question.unit  # the label says "(0-10)"
                lines.append(f"{question.label}: {_answer_text(self.result.answers[question_id], unit)}")
        return lines or ["(no answers about the pain in this check)"]

    def text(self) -> str:
        """The notes as plain text, one page long."""
        title = f"{TITLE.upper()} ({SUBTITLE})"
        lines = [title, "=" * len(title), *self.header()]
        for heading, items in self.sections():
            bullet = "- " if heading in BULLETED and items != ["none"] else ""
            lines += ["", f"{heading}:", *(f"  {bullet}{item}" for item in items)]
        return "\n".join(lines)

    def html(self, heading: str = "h4") -> str:
        """The notes as an HTML fragment: the self-check's triage box first, then the other sections."""
        esc = html.escape
        saved = f"<p>Self-check saved: {esc(self.saved_at)}.</p>" if self.saved_at else ""
        note = f"<p><b>Note:</b> {esc(self.note)}</p>" if self.note else ""
        # The triage box lists the red flags, and above "self-care" what to tell the clinician.
        in_box = ("Red flags in my answers", "What to tell them") if self.result.rank > 0 else ("Red flags in my answers",)
        first = ('<p class="bot-act-first"><b>Act on this first: do not wait for a booked appointment.</b></p>'
                 if self.result.rank >= URGENT else "")
        rest = "".join(
            f"<{heading}>{esc(title)}</{heading}><ul>{''.join(f'<li>{esc(item)}</li>' for item in items)}</ul>"
            for title, items in self.sections()
            if title not in in_box
        )
        return (f'<div class="bot-appointment-notes">{saved}{note}{first}{level_html(self.result)}{rest}</div>')

    def page(self, when: datetime | None = None) -> str:
        """A self-contained one-page HTML file of the notes, to print or keep."""
        stamp = (when or datetime.now()).strftime("%Y-%m-%d %H:%M")
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(TITLE)}, {stamp}</title><style>{STYLE}{PRINT_STYLE}</style></head><body>"
            f"<h1>{html.escape(TITLE)}</h1><p><i>{html.escape(SUBTITLE.capitalize())}.</i></p>{self.html('h2')}"
            f'<p class="bot-notes-footer">Made on {stamp} by the Back on Track course from my self-check file; nothing '
            "was sent anywhere else. This is education, not diagnosis: the clinician's examination decides.</p>"
            "</body></html>"
        )


def _answer_text(value: object, unit: str = "") -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value) or "none ticked"
    if isinstance(value, float):
        return f"{value:g}{' ' + unit if unit else ''}"
    return str(value)


def _running_lines(log: TrainingLoad, weeks: int) -> list[str]:
    """The last ``weeks`` weeks of a :class:`helpers.training.TrainingLoad`, in km and miles."""
    import pandas as pd

    from helpers.units import KM_PER_MILE

    recent = log.weekly.tail(weeks)
    if recent.empty:
        return ["(the log has no runs)"]
    lines = [f"week of {row.week_start:%d %b %Y}: {row.distance_km:.1f} km ({row.distance_km / KM_PER_MILE:.1f} mi)"
             for row in recent.itertuples()]
    last_day = log.daily.index.max()
    month = log.spikes[log.spikes["local_date"] > last_day - pd.Timedelta(days=30)]
    if not month.empty:
        longest = month["distance_km"].max()
        lines.append(f"longest run in the last 30 days of the log: {longest:.1f} km ({longest / KM_PER_MILE:.1f} mi)")
    return lines


def appointment_notes(result: SelfCheckResult, log: TrainingLoad | None = None, saved_at: str = "",
                      weeks: int = 6) -> str:
    """The notes of one self-check result as plain text (see :class:`AppointmentNotes`)."""
    return AppointmentNotes(result, saved_at, log=log, weeks=weeks).text()


def _latest(name: str, read) -> SavedCheck:
    try:
        checks = read()
    except SelfCheckFileError as error:
        raise AppointmentFileError(loading_message(error)) from None
    if not checks:
        raise AppointmentFileError(f"{name} holds no saved self-check. {LOAD_ADVICE}")
    return checks[-1]


def _notes(check: SavedCheck, log: TrainingLoad | None) -> AppointmentNotes:
    return AppointmentNotes(check.result, check.saved_at, check.note, log)


def notes_from_upload(name: str, content: bytes, log: TrainingLoad | None = None) -> AppointmentNotes:
    """Notes from the newest check in an uploaded self-check file (read in memory; nothing is written).

    :class:`AppointmentFileError` says what is wrong with the file and what to do.
    """
    from helpers.selfcheck_store import checks_from_upload

    shown = Path(name).name or "the file"
    return _notes(_latest(shown, lambda: checks_from_upload(shown, content)), log)


def notes_from_file(path: str | Path, log: TrainingLoad | None = None) -> AppointmentNotes:
    """Notes from the newest check in a saved self-check file on this computer (:class:`AppointmentFileError`)."""
    from helpers.selfcheck_store import load_checks

    return _notes(_latest(Path(path).name, lambda: load_checks(path)), log)
