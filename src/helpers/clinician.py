"""Lesson 07 model: imaging findings by age, what back pain can be, red flags and when to scan.

All numbers come from the tables in ``data/clinician_*.csv`` (see their schemas in
:mod:`helpers.schemas.clinician`):

* **Imaging findings without pain**: the share of people *without* back pain who have each
  finding on a CT or MRI scan, estimated at ages 20, 30, … 80 by Brinjikji et al. 2015a
  (33 studies, 3,110 people). The study gives decades only, so any other age is shown
  with the nearest decade's estimate (a half-way age, 45 say, goes to the younger decade);
  nothing is interpolated.
* **More common with pain**: odds ratios for adults aged 50 or under, with against
  without back pain (Brinjikji et al. 2015b).
* **Red flags and who to call** are not stored here: they are read from the self-check's
  own tables (``data/selfcheck_red_flags.csv`` and ``data/selfcheck_levels.csv``), the
  same rows that the safety note lists, so the lesson and the self-check cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from helpers.data import load_table, split_choices
from helpers.inputs import parse_number
from helpers.paths import data_dir
from helpers.schemas.clinician import STUDY_AGES
from helpers.selfcheck import questionnaire

if TYPE_CHECKING:
    from helpers.selfcheck import SelfCheckResult
    from helpers.training import TrainingLoad

PEOPLE = 100
AGE_RANGE_YEARS = (float(STUDY_AGES[0]), float(STUDY_AGES[-1]))


def _indexed(name: str, key: str) -> pd.DataFrame:
    """A table indexed by ``key``, kept until its file changes (widget redraws read it several times)."""
    stat = (data_dir() / f"{name}.csv").stat()
    return _indexed_version(name, key, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _indexed_version(name: str, key: str, mtime_ns: int, size: int) -> pd.DataFrame:
    return load_table(name).set_index(key)


def cite(key: str) -> str:
    """A source's short label, as :func:`helpers.references.cite` gives it (read from the cached table)."""
    table = _indexed("references", "key")
    if key not in table.index:
        raise KeyError(f"No reference with the key {key!r} in data/references.csv.")
    return str(table.at[key, "short"])


def _findings() -> pd.DataFrame:
    return _indexed("clinician_imaging", "finding_id")


def findings() -> pd.DataFrame:
    """The imaging table (Brinjikji et al. 2015a), indexed by finding id."""
    return _findings().copy()


def finding_names() -> dict[str, str]:
    """Finding id → the name a learner sees, in table order."""
    return _findings()["finding"].to_dict()


def plain_words(finding_id: str) -> str:
    """What a finding is, in plain words."""
    return str(_findings().at[finding_id, "plain_words"])


def parse_age(text: str | None) -> float:
    """A typed age in years ("45", " 45 ", "45.5"), or ValueError saying what to type."""
    return parse_number(text, "Age", AGE_RANGE_YEARS, "years")


def study_age(age: float) -> int:
    """The decade of the study nearest to ``age`` (20–80 years); half-way ages go to the younger decade."""
    if not AGE_RANGE_YEARS[0] <= age <= AGE_RANGE_YEARS[1]:
        raise ValueError(f"Age must be from 20 to 80 years, the ages the study covers; got {age:g}.")
    return min(STUDY_AGES, key=lambda decade: (abs(decade - age), decade))


def prevalence(finding_id: str, age: float) -> int:
    """Percent of people without back pain at this age (nearest study decade) with the finding."""
    table = _findings()
    if finding_id not in table.index:
        raise ValueError(f"No imaging finding {finding_id!r}; choose one of: {', '.join(table.index)}.")
    return int(table.at[finding_id, f"age_{study_age(age)}"])


def people_with(finding_id: str, age: float, people: int = PEOPLE) -> int:
    """How many of ``people`` pain-free people of this age would have the finding (rounded)."""
    return round(prevalence(finding_id, age) * people / 100)


def icon_array(count: int, people: int = PEOPLE) -> list[bool]:
    """``people`` places, the first ``count`` of them True (has the finding)."""
    if not 0 <= count <= people:
        raise ValueError(f"count must be from 0 to {people}; got {count}.")
    return [place < count for place in range(people)]


def findings_at(age: float) -> pd.DataFrame:
    """Every finding's share at this age, with the odds ratio with pain where one exists (age ≤ 50)."""
    decade = study_age(age)
    table = _findings()
    odds = _pain_odds()["odds_ratio"]
    return pd.DataFrame(
        {
            "Finding": table["finding"],
            f"People without back pain at age {decade} (%)": table[f"age_{decade}"],
            "Odds ratio with back pain, age ≤ 50": [odds.get(key, pd.NA) for key in table.index],
        }
    ).reset_index(drop=True)


def _pain_odds() -> pd.DataFrame:
    return _indexed("clinician_pain_odds", "finding_id")


def pain_odds() -> pd.DataFrame:
    """Findings more common with back pain in adults ≤ 50 (Brinjikji et al. 2015b), largest first."""
    return _pain_odds().sort_values("odds_ratio", ascending=False)


def describe_imaging(finding_id: str, age: float) -> str:
    """The takeaway for one finding at one age, in plain text."""
    table = _findings()
    decade = study_age(age)
    name, count = table.at[finding_id, "finding"], people_with(finding_id, age)
    shown = f"age {decade}" if decade == age else f"age {decade} (the study's nearest age to {age:g})"
    text = (f"{name}: about {count} of {PEOPLE} people at {shown} who have NO back pain would have it on a scan "
            f"({cite(table.at[finding_id, 'source'])}).")
    youngest, oldest = table.at[finding_id, "age_20"], table.at[finding_id, "age_80"]
    text += f" From age 20 to 80 it rises from {youngest} to {oldest} in {PEOPLE}."
    odds = _pain_odds()
    if finding_id in odds.index and decade <= 50:
        row = odds.loc[finding_id]
        text += (f" In adults aged 50 or under it was more common with back pain: odds ratio {row['odds_ratio']:.2f} "
                 f"(95 % CI {row['ci_low']:.2f}–{row['ci_high']:.2f}; {cite(row['source'])}), so it is a clue, not a diagnosis.")
    elif finding_id in odds.index:
        text += " The comparison with people in pain covered adults aged 50 or under only."
    else:
        text += (" It was not among the six findings that a review found more common with back pain in adults aged "
                 f"50 or under ({cite('brinjikji2015b')}).")
    return text


def conditions() -> pd.DataFrame:
    """What back pain can be: plain words, how common, and the sources' short labels."""
    table = load_table("clinician_conditions")
    labels = [", ".join(cite(key) for key in split_choices(keys)) if isinstance(keys, str) else "—"
              for keys in table["sources"]]
    return pd.DataFrame({"What it is": table["condition"], "In plain words": table["plain_words"],
                         "How common": table["how_common"], "Sources": labels})


@dataclass(frozen=True)
class RedFlagLevel:
    """One level of the self-check's red flags: who to call, how fast, and the signs."""

    level: str
    heading: str
    advice: str
    findings: tuple[str, ...]


def red_flags_by_level() -> list[RedFlagLevel]:
    """The self-check's red flags grouped by level, most urgent first, in the self-check's own order."""
    form = questionnaire()
    levels = sorted((level for level in form.levels.values() if level.rank > 0), key=lambda level: -level.rank)
    return [
        RedFlagLevel(level.level, level.heading, level.advice,
                     tuple(rule.text for rule in form.red_flags if rule.target == level.level))
        for level in levels
    ]


def red_flag_text() -> str:
    """The red flags as plain text: each level's heading (who to call), then its signs."""
    lines = []
    for group in red_flags_by_level():
        lines.append(group.heading)
        lines.extend(f"  - {finding}" for finding in group.findings)
    return "\n".join(lines)


def imaging_advice() -> pd.DataFrame:
    """When a scan is and is not advised: situation, scan, why and the source's short label."""
    table = load_table("clinician_imaging_when")
    return pd.DataFrame({"Situation": table["situation"], "Scan?": table["scan"], "Why": table["why"],
                         "Source": [cite(key) for key in table["source"]]})


# --- notes for an appointment, from a saved self-check (and a running log, if loaded) ------------

PAIN_QUESTIONS = ("pain_since", "pain_where", "pain_side", "pain_when", "pain_eases", "limits_daily", "limits_running")
QUESTIONS_TO_ASK = (
    "Do any of my answers point to a serious cause?",
    "Would a scan change what we do? (NICE advises against routine scans.)",
    "What can I do myself, and when should I come back?",
    "How and when can I start running again?",
)


def _answer_text(value: object, unit: str = "") -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value) or "none ticked"
    if isinstance(value, float):
        return f"{value:g}{' ' + unit if unit else ''}"
    return str(value)


def _running_lines(log: TrainingLoad, weeks: int) -> list[str]:
    """The last ``weeks`` weeks of a :class:`helpers.training.TrainingLoad`, in km and miles."""
    from helpers.units import KM_PER_MILE

    recent = log.weekly.tail(weeks)
    if recent.empty:
        return ["  (the log has no runs)"]
    lines = [f"  week of {row.week_start:%d %b %Y}: {row.distance_km:.1f} km ({row.distance_km / KM_PER_MILE:.1f} mi)"
             for row in recent.itertuples()]
    last_day = log.daily.index.max()
    month = log.spikes[log.spikes["local_date"] > last_day - pd.Timedelta(days=30)]
    if not month.empty:
        longest = month["distance_km"].max()
        lines.append(f"  longest run in the last 30 days of the log: {longest:.1f} km ({longest / KM_PER_MILE:.1f} mi)")
    return lines


def appointment_notes(result: SelfCheckResult, log: TrainingLoad | None = None, saved_at: str = "", weeks: int = 6) -> str:
    """A one-page plain-text summary to take to an appointment: level, red flags, the pain, running, questions.

    ``result`` is a :class:`helpers.selfcheck.SelfCheckResult` (for example a saved check's
    result); ``log`` an optional :class:`helpers.training.TrainingLoad` from the learner's own
    running log. Everything is made on this computer; nothing is sent anywhere.
    """
    form = questionnaire()
    title = "NOTES FOR MY APPOINTMENT (from my self-check: education, not diagnosis)"
    lines = [title, "=" * len(title)]
    if saved_at:
        lines.append(f"Self-check saved: {saved_at}")
    lines.append(f"Self-check level: {result.heading}")
    if result.rank >= 2:  # urgent or emergency: act first, the notes come second
        lines.append(f"ACT ON THIS FIRST: {result.heading.split(': ', 1)[-1]}. Do not wait for a booked appointment.")
    lines += ["", "Red flags in my answers:"]
    lines += [f"  - {flag.finding} ({flag.level})" for flag in result.red_flags] or ["  none"]
    lines += ["", "My pain:"]
    for question_id in PAIN_QUESTIONS:
        if question_id in result.answers and question_id in form.questions:
            question = form.questions[question_id]
            unit = "" if question.unit == "points" else question.unit  # the label says "(0-10)"
            lines.append(f"  {question.label}: {_answer_text(result.answers[question_id], unit)}")
    lines += ["", f"My running, last {weeks} weeks of my log:"]
    lines += _running_lines(log, weeks) if log is not None else ["  (no running log loaded)"]
    lines += ["", "Questions to ask:"] + [f"  - {question}" for question in QUESTIONS_TO_ASK]
    return "\n".join(lines)


def appointment_notes_from_file(path: str | Path, log: TrainingLoad | None = None) -> str:
    """Notes from the latest check in a saved self-check file (lesson 08's JSON).

    A missing, empty or corrupt file raises :class:`helpers.selfcheck_store.SelfCheckFileError`
    with the store's own message saying what is wrong and what to do.
    """
    from helpers.selfcheck_store import SelfCheckFileError, load_checks

    checks = load_checks(path)
    if not checks:
        raise SelfCheckFileError(f"{path} holds no saved self-check yet: save one in lesson 08 first.")
    latest = checks[-1]
    return appointment_notes(latest.result, log, saved_at=latest.saved_at)
