"""Lesson 08: the self-check result as HTML, for the form and as a printable page (pure).

The triage level always comes first, in words and with a symbol (never by colour
alone); at "urgent" and "emergency" nothing about running follows it. The printable page is self-contained: inline styles, no scripts, nothing fetched.
"""

from __future__ import annotations

import html
from datetime import datetime
from functools import lru_cache

from helpers.paths import data_dir
from helpers.references import UNCHECKED_NOTE, references
from helpers.selfcheck import RankedFactor, SelfCheckResult, questionnaire, this_week

LEVEL_SYMBOLS = {"emergency": "⚠⚠⚠", "urgent": "⚠⚠", "soon": "⚠", "self-care": "✓"}
LEVEL_COLOURS = {"emergency": "#a00000", "urgent": "#b35900", "soon": "#6b5800", "self-care": "#006b3c"}
STYLE = """
.bot-selfcheck-result { font-family: system-ui, sans-serif; line-height: 1.45; max-width: 48em; }
.bot-selfcheck-result .bot-level { border: 3px solid currentColor; padding: 0.6em 1em; margin: 0 0 1em 0; }
.bot-selfcheck-result .bot-level h3 { margin: 0 0 0.3em 0; }
.bot-selfcheck-result li { margin-bottom: 0.3em; }
@media print { .bot-selfcheck-result { max-width: none; } a { color: inherit; } }
"""


def _esc(text: object) -> str:
    return html.escape(str(text))


def _sources() -> dict[str, str]:
    """Every reference as an HTML link (or its label alone); re-read when references.csv changes."""
    path = data_dir() / "references.csv"
    return _sources_of(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _sources_of(path: str, mtime_ns: int) -> dict[str, str]:
    sources = {}
    for row in references().reset_index().to_dict("records"):
        label = _esc(row["short"])
        target = f"https://doi.org/{row['doi']}" if isinstance(row["doi"], str) and row["doi"] else row["url"]
        sources[row["key"]] = (f'<a href="{_esc(target)}" target="_blank" rel="noopener">{label}</a>'
                               if isinstance(target, str) and target else label)
        if not row["details_checked"]:
            sources[row["key"]] += f' <em class="bot-unchecked">[{UNCHECKED_NOTE}]</em>'
    return sources


def _lesson(factor: RankedFactor) -> str:
    name = f"Lesson {factor.lesson:02d}: {_esc(factor.lesson_title)}"
    if factor.lesson_ready:
        return f'<a href="{_esc(factor.lesson_file)}">{name}</a>'
    return f"{name} (coming soon)"


def _cited(keys, sources: dict[str, str]) -> str:
    return "; ".join(sources.get(key, _esc(key)) for key in keys)


def _tell(result: SelfCheckResult) -> str:
    """What to tell the clinician: the result's own words, else today's words for its level."""
    if result.tell:
        return result.tell
    level = questionnaire().levels.get(result.level)
    return level.tell if level is not None and level.rank > 0 else ""


def level_html(result: SelfCheckResult, sources: dict[str, str] | None = None) -> str:
    """The triage box: what to do and how fast, the red flags found, and what to tell the clinician."""
    sources = sources or _sources()
    colour = LEVEL_COLOURS[result.level]
    flags = "".join(f"<li>{_esc(flag.finding)} ({_cited([flag.evidence], sources)})</li>" for flag in result.red_flags)
    found = f"<p><b>What your answers showed, most urgent first:</b></p><ul>{flags}</ul>" if flags else ""
    tell = _tell(result) if result.rank > 0 else ""
    told = f'<p class="bot-tell"><b>What to tell them:</b> {_esc(tell)}</p>' if tell else ""
    return (
        f'<div class="bot-level bot-level-{result.level}" role="alert" '
        f'style="color:{colour};border:3px solid {colour};padding:0.2em 1em;margin-bottom:1em">'
        f"<h3>{LEVEL_SYMBOLS[result.level]} {_esc(result.heading)}</h3>"
        f'<p style="color:#111">{_esc(result.advice)} ({_cited([result.level_evidence], sources)})</p>'
        f'<p style="color:#111"><b>How fast:</b> {_esc(result.how_fast)}.</p>'
        f'<div style="color:#111">{found}{told}</div></div>'
    )


def _factor_item(factor: RankedFactor, sources: dict[str, str], scored: bool) -> str:
    reasons = " ".join(_esc(reason) for reason in factor.reasons)
    why = " ".join(_esc(line) for line in factor.why)
    label = f"score {factor.score:g}; evidence: {factor.verdict}" if scored else f"verdict: {factor.verdict}"
    trying = "" if scored else f" <i>Worth trying if you like:</i> {_esc(factor.this_week)}"
    kind = "bot-factor" if scored else "bot-untested"
    return (f'<li class="{kind}"><b>{_esc(factor.title)}</b> ({_esc(label)}): {reasons} {why}{trying} '
            f"Evidence: {_cited(factor.evidence, sources)}. Learn more: {_lesson(factor)}.</li>")


def factors_html(result: SelfCheckResult, sources: dict[str, str] | None = None) -> str:
    """Things worth looking at (scored factors), at "soon" and "self-care" only; never a diagnosis."""
    sources = sources or _sources()
    if result.rank >= 2:
        return ""
    heading = ("Things worth looking at, once you have been seen" if result.rank == 1
               else "Things worth looking at, most suggested first")
    if not result.factors:
        return f"<h4>{heading}</h4><p>None of your running answers stands out.</p>"
    items = "".join(_factor_item(factor, sources, scored=True) for factor in result.factors)
    return (
        f"<h4>{heading}</h4>"
        "<p>These are not causes of your pain: the self-check cannot know what causes it. A score adds up the weights "
        "of your answers, each resting on a study that links it to running injury or back pain; a higher score means "
        f"more of your answers point to it.</p><ol>{items}</ol>"
    )


def untested_html(result: SelfCheckResult, sources: dict[str, str] | None = None) -> str:
    """Answers about things the evidence has not tested (or found unlinked), each with its verdict; self-care only."""
    sources = sources or _sources()
    if result.rank > 0 or not result.untested:
        return ""
    items = "".join(_factor_item(factor, sources, scored=False) for factor in result.untested)
    return (
        "<h4>Not scored: things the evidence has not tested or linked to back pain</h4>"
        f"<p>Worth trying if you like; not likely causes.</p><ul>{items}</ul>"
    )


def _steps_heading(result: SelfCheckResult) -> str:
    return {3: "What to do now", 2: "What to do now", 1: "What to do next"}.get(result.rank, "What to do this week")


def _steps(result: SelfCheckResult) -> tuple[str, ...]:
    """The steps to show: from "soon" up, always the level's own steps (whatever a result was given), else its own."""
    level = questionnaire().levels.get(result.level)
    return this_week(level) if level is not None and level.rank >= 1 else result.this_week


def result_html(result: SelfCheckResult) -> str:
    """The whole result as an HTML fragment: level first, then what to look at, the steps, the safety note.

    At "urgent" and "emergency" it holds the level, the findings, what to do and what to
    tell the clinician, and no running or training advice, even for a result built by hand
    or read from an edited file: the steps from "soon" up come from the level itself.
    """
    steps = "".join(f"<li>{_esc(step)}</li>" for step in _steps(result))
    sources = _sources()
    return (
        f'<div class="bot-selfcheck-result">{level_html(result, sources)}'
        f"{factors_html(result, sources)}{untested_html(result, sources)}"
        f"<h4>{_steps_heading(result)}</h4><ul>{steps}</ul>"
        f"<p><b>Safety note:</b> {_esc(result.safety_note)}</p></div>"
    )


def _answers_table(result: SelfCheckResult) -> str:
    form = questionnaire()
    rows = []
    for question_id, answer in result.answers.items():
        question = form.questions.get(question_id)
        text = question.text if question else question_id
        shown = ", ".join(answer) if isinstance(answer, list) else f"{answer:g}" if isinstance(answer, float) else answer
        unit = f" {question.unit}" if question and question.unit and isinstance(answer, float) else ""
        rows.append(f"<tr><td>{_esc(text)}</td><td>{_esc(shown)}{_esc(unit)}</td></tr>")
    return (
        '<table style="border-collapse:collapse" border="1" cellpadding="4">'
        f"<thead><tr><th>Question</th><th>Your answer</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def printable_page(result: SelfCheckResult, when: datetime | None = None) -> str:
    """A self-contained HTML page of the result and the answers, to print or keep."""
    stamp = (when or datetime.now()).strftime("%Y-%m-%d %H:%M")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Back on Track self-check, {stamp}</title><style>{STYLE}</style></head><body>"
        f'<div class="bot-selfcheck-result"><h1>Back on Track: my self-check</h1><p>Made on {stamp}. '
        "Education, not diagnosis: show it to a clinician if that helps the conversation.</p></div>"
        f"{result_html(result)}"
        f'<div class="bot-selfcheck-result"><h2>My answers</h2>{_answers_table(result)}</div></body></html>'
    )
