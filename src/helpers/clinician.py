"""Lesson 07 model: imaging findings by age, what back pain can be, red flags and when to scan.

All numbers come from the tables in ``data/clinician_*.csv`` (see their schemas in
:mod:`helpers.schemas.clinician`):

* **Imaging findings without pain**: the share of people *without* back pain who have each
  finding on a CT or MRI scan, estimated at ages 20, 30, … 80 by Brinjikji et al. 2015a
  (33 studies, 3,110 people; its Table 2), with how many people each estimate rests on (its
  Table 1). Where Table 1 has nobody of an age, the value is the paper's model carried
  beyond its data, and is shown as an extrapolation. The study gives decades only, so any
  other age is shown with the nearest decade's estimate (a half-way age, 45 say, goes to the
  younger decade; a teenager gets age 20, with a note); nothing is interpolated.
* **More common with pain**: odds ratios for adults aged 50 or under, with against
  without back pain (Brinjikji et al. 2015b). A finding that review did not study is
  "not compared (unknown)", never "no link".
* **Red flags and who to call** are not stored here: they are read from the self-check's
  own tables (``data/selfcheck_red_flags.csv`` and ``data/selfcheck_levels.csv``), the
  same rows that the safety note lists, so the lesson and the self-check cannot disagree.
"""

from __future__ import annotations

import html
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
#: The ages the review estimated (its youngest and oldest decade).
STUDY_RANGE_YEARS = (float(STUDY_AGES[0]), float(STUDY_AGES[-1]))
#: The ages a learner may type: outside the study's range the nearest study age is shown, with a note.
AGE_RANGE_YEARS = (10.0, 100.0)
NOT_COMPARED = "not compared (unknown)"
NOT_MORE_COMMON = "compared: not more common with pain"


def _stamp(name: str) -> tuple[int, int]:
    """A data file's version: its modification time and size."""
    stat = (data_dir() / f"{name}.csv").stat()
    return stat.st_mtime_ns, stat.st_size


def _indexed(name: str, key: str) -> pd.DataFrame:
    """A table indexed by ``key``, kept until its file changes (widget redraws read it several times)."""
    return _indexed_version(name, key, *_stamp(name))


@lru_cache(maxsize=8)
def _indexed_version(name: str, key: str, mtime_ns: int, size: int) -> pd.DataFrame:
    return load_table(name).set_index(key)


def cite(key: str) -> str:
    """A source's short label, as :func:`helpers.references.cite` gives it (read from the cached table)."""
    table = _indexed("references", "key")
    if key not in table.index:
        raise KeyError(f"No reference with the key {key!r} in data/references.csv.")
    return str(table.at[key, "short"])


class TextTable:
    """A table of sentences shown in full: rows of wrapping cells in a notebook, one block per row as text.

    pandas cuts cells longer than 50 characters to "..." when it shows a DataFrame; these
    tables are read, not scanned, so every word is kept. In HTML each row is a line of cells
    that wraps: side by side in a wide output, one under the other in a narrow one (a notebook
    beside the file browser is about 400 px wide), each cell with its column's name.
    ``frame`` is the table as data.
    """

    ROW = "display:flex;flex-wrap:wrap;gap:0.25em 1.2em;padding:0.55em 0.2em;border-top:1px solid #d0d0d0"
    CELL = "flex:1 1 14em;min-width:0;overflow-wrap:break-word;text-align:left"
    FIRST = "flex:1 1 10em;min-width:0;overflow-wrap:break-word;text-align:left;font-weight:bold"
    LABEL = "display:block;font-size:0.85em;color:#505050"

    def __init__(self, frame: pd.DataFrame, caption: str = ""):
        self.frame = frame.reset_index(drop=True)
        self.caption = caption

    def cells(self) -> list[list[str]]:
        """Every row as the text shown in its cells (missing values as '—')."""
        return [["—" if pd.isna(value) else str(value) for value in row] for row in self.frame.itertuples(index=False)]

    def __repr__(self) -> str:
        heading, *rest = self.frame.columns
        blocks = [self.caption] if self.caption else []
        for first, *others in self.cells():
            blocks.append("\n".join([first, *(f"  {name}: {value}" for name, value in zip(rest, others))]))
        return "\n\n".join(blocks)

    def _repr_html_(self) -> str:
        esc = html.escape
        first_name, *names = (esc(str(name)) for name in self.frame.columns)
        rows = "".join(
            f'<div class="bot-text-row" role="listitem" style="{self.ROW}">'
            f'<div class="bot-text-cell" style="{self.FIRST}"><span class="bot-text-label" style="{self.LABEL};'
            f'font-weight:normal">{first_name}</span>{esc(first)}</div>'
            + "".join(f'<div class="bot-text-cell" style="{self.CELL}"><span class="bot-text-label" style="{self.LABEL}">'
                      f"{name}</span>{esc(value)}</div>" for name, value in zip(names, others))
            + "</div>"
            for first, *others in self.cells()
        )
        caption = f"<p><i>{esc(self.caption)}</i></p>" if self.caption else ""
        return f'<div class="bot-text-table">{caption}<div role="list">{rows}</div></div>'


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
    """A typed age in years ("45", " 45 ", "45.5"), 10 to 100, or ValueError saying what to type."""
    return parse_number(text, "Age", AGE_RANGE_YEARS, "years")


def study_age(age: float) -> int:
    """The study's age nearest to ``age``: its decade, half-way ages to the younger one; 20 below 20, 80 above 80."""
    if not AGE_RANGE_YEARS[0] <= age <= AGE_RANGE_YEARS[1]:
        raise ValueError(f"Age must be from {AGE_RANGE_YEARS[0]:g} to {AGE_RANGE_YEARS[1]:g} years; got {age:g}.")
    return min(STUDY_AGES, key=lambda decade: (abs(decade - age), decade))


def age_note(age: float) -> str:
    """Why an age outside the study's 20 to 80 years is shown at 20 or 80 ('' inside that range)."""
    decade = study_age(age)
    if age < STUDY_RANGE_YEARS[0]:
        return (f"The review gives no estimate under age {decade}, so this shows its youngest age, {decade}, not "
                f"{age:g}. For a runner under 20 with pain on arching backwards, see section 3.")
    if age > STUDY_RANGE_YEARS[1]:
        return f"The review gives no estimate over age {decade}, so this shows its oldest age, {decade}, not {age:g}."
    return ""


def _finding(finding_id: str) -> pd.Series:
    rows = _rows(*_stamp("clinician_imaging"))
    if finding_id not in rows:
        raise ValueError(f"No imaging finding {finding_id!r}; choose one of: {', '.join(rows)}.")
    return rows[finding_id]


@lru_cache(maxsize=4)
def _rows(mtime_ns: int, size: int) -> dict[str, pd.Series]:
    """Each finding's row, looked up once per version of the table (a widget redraw reads them many times)."""
    return dict(_indexed_version("clinician_imaging", "finding_id", mtime_ns, size).iterrows())


def prevalence(finding_id: str, age: float) -> int:
    """Percent of people without back pain at this age (nearest study decade) with the finding."""
    return int(_finding(finding_id)[f"age_{study_age(age)}"])


def people_with(finding_id: str, age: float, people: int = PEOPLE) -> int:
    """How many of ``people`` pain-free people of this age would have the finding (rounded)."""
    return round(prevalence(finding_id, age) * people / 100)


def icon_array(count: int, people: int = PEOPLE) -> list[bool]:
    """``people`` places, the first ``count`` of them True (has the finding)."""
    if not 0 <= count <= people:
        raise ValueError(f"count must be from 0 to {people}; got {count}.")
    return [place < count for place in range(people)]


@lru_cache(maxsize=4)
def _people(mtime_ns: int, size: int) -> dict[tuple[str, int], tuple[int, int]]:
    table = _indexed_version("clinician_imaging_people", "finding_id", mtime_ns, size)
    return {(key, int(row.age)): (int(row.people), int(row.studies)) for key, row in zip(table.index, table.itertuples())}


@lru_cache(maxsize=4)
def _extrapolated(mtime_ns: int, size: int) -> dict[str, frozenset[int]]:
    table = _indexed_version("clinician_imaging", "finding_id", mtime_ns, size)
    return {key: frozenset(int(age) for age in split_choices(cell)) if isinstance(cell, str) else frozenset()
            for key, cell in table["extrapolated_ages"].items()}


def evidence_behind(finding_id: str, age: float) -> tuple[int, int]:
    """How many people, and studies, of the nearest study age the estimate rests on (the paper's Table 1)."""
    _finding(finding_id)
    return _people(*_stamp("clinician_imaging_people"))[(finding_id, study_age(age))]


def is_extrapolated(finding_id: str, age: float) -> bool:
    """True where nobody of the nearest study age was studied: the value is the model's extrapolation."""
    extrapolated = _extrapolated(*_stamp("clinician_imaging"))
    if finding_id not in extrapolated:
        _finding(finding_id)  # the error naming the findings there are
    return study_age(age) in extrapolated[finding_id]


def basis_text(finding_id: str, age: float) -> str:
    """What the estimate at this age rests on, in a few words: people and studies, or 'extrapolated'."""
    if is_extrapolated(finding_id, age):
        return f"extrapolated: no one aged {study_age(age)} was studied"
    people, studies = evidence_behind(finding_id, age)
    return f"{people:,} people in {studies} stud{'y' if studies == 1 else 'ies'}"


def findings_at(age: float) -> pd.DataFrame:
    """Every finding at this age: its share, what the share rests on, and how it compares with pain (age ≤ 50)."""
    decade = study_age(age)
    versions = tuple(_stamp(name) for name in ("clinician_imaging", "clinician_imaging_people", "clinician_pain_odds"))
    return _findings_at(decade, versions).copy()


@lru_cache(maxsize=32)
def _findings_at(decade: int, versions: tuple) -> pd.DataFrame:
    """:func:`findings_at` for one study age and one version of the three tables it reads."""
    table = _findings()
    return pd.DataFrame(
        {
            "Finding": table["finding"],
            f"People without back pain at age {decade} (%)": table[f"age_{decade}"],
            "Estimate based on": [basis_text(key, decade) for key in table.index],
            "With back pain (adults aged 50 or under)": [with_pain_text(key) for key in table.index],
        }
    ).reset_index(drop=True)


def _pain_odds() -> pd.DataFrame:
    return _indexed("clinician_pain_odds", "finding_id")


def pain_odds() -> pd.DataFrame:
    """Findings more common with back pain in adults ≤ 50 (Brinjikji et al. 2015b), largest first."""
    return _pain_odds().sort_values("odds_ratio", ascending=False)


def odds_text(row: pd.Series) -> str:
    """An odds ratio and its interval, as the lesson writes them: '7.54 (95 % CI 1.28–44.56)'."""
    return f"{row['odds_ratio']:.2f} (95 % CI {row['ci_low']:.2f}–{row['ci_high']:.2f})"


def with_pain_text(finding_id: str) -> str:
    """How the finding compares in adults ≤ 50 with and without back pain: an odds ratio, or why there is none."""
    odds = _pain_odds()
    if finding_id in odds.index:
        return f"more common with pain: odds ratio {odds_text(odds.loc[finding_id])}"
    return NOT_MORE_COMMON if _finding(finding_id)["compared_with_pain"] else NOT_COMPARED


def describe_imaging(finding_id: str, age: float) -> str:
    """The takeaway for one finding at one age, in plain text."""
    row = _finding(finding_id)
    decade = study_age(age)
    name, count = row["finding"], people_with(finding_id, age)
    shown = f"age {decade}" if decade == age else f"age {decade} (the study's nearest age to {age:g})"
    text = (f"{name}: about {count} of {PEOPLE} people at {shown} who have NO back pain would have it on a scan "
            f"({cite(row['source'])}).")
    if is_extrapolated(finding_id, age):
        text += (f" Nobody aged {decade} was studied for this finding: the number is the review's model carried "
                 "below the ages it had data for (an extrapolation), so treat it as a rough guess.")
    else:
        text += f" At age {decade} this estimate rests on about {basis_text(finding_id, age)}."
    note = age_note(age)
    text += f" {note}" if note else ""
    text += f" From age 20 to 80 it rises from {row['age_20']} to {row['age_80']} in {PEOPLE}."
    odds = _pain_odds()
    review = cite("brinjikji2015b")
    if finding_id in odds.index and decade <= 50:
        odd = odds.loc[finding_id]
        text += (f" In adults aged 50 or under it was more common with back pain: odds ratio {odd['odds_ratio']:.2f} "
                 f"(95 % CI {odd['ci_low']:.2f}–{odd['ci_high']:.2f}; {cite(odd['source'])}), so it is a clue, not a diagnosis.")
    elif finding_id in odds.index:
        text += " The comparison with people in pain covered adults aged 50 or under only."
    elif row["compared_with_pain"]:
        text += (" A review comparing adults aged 50 or under with and without back pain did not find it more common "
                 f"with pain ({review}).")
    else:
        text += (" Whether it is more common with back pain is unknown: the review comparing adults with and without "
                 f"back pain did not study it ({review}).")
    return text


def with_pain_table() -> TextTable:
    """Every finding the lesson names, with what Brinjikji et al. 2015b found in adults aged 50 or under."""
    odds = pain_odds()
    rows = [(row["finding"], f"{row['odds_ratio']:.2f} ({row['ci_low']:.2f} to {row['ci_high']:.2f})",
             "More common with back pain") for _, row in odds.iterrows()]
    table = _findings()
    for key, row in table.iterrows():
        if key not in odds.index:
            found = ("Compared; not found more common with back pain" if row["compared_with_pain"]
                     else "Not compared (unknown): the review did not study it")
            rows.append((row["finding"], "—", found))
    return TextTable(pd.DataFrame(rows, columns=["Finding", "Odds ratio (95 % interval)", "What the review found"]),
                     caption=f"Adults aged 50 or under, with against without back pain ({cite('brinjikji2015b')}).")


def conditions() -> TextTable:
    """What back pain can be: plain words, how common, and the sources' short labels (every word shown)."""
    table = load_table("clinician_conditions")
    labels = [", ".join(cite(key) for key in split_choices(keys)) if isinstance(keys, str) else "—"
              for keys in table["sources"]]
    return TextTable(pd.DataFrame({"What it is": table["condition"], "In plain words": table["plain_words"],
                                   "How common": table["how_common"], "Sources": labels}))


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


def imaging_advice() -> TextTable:
    """When a scan is and is not advised: situation, scan, why and the source's short label (every word shown)."""
    table = load_table("clinician_imaging_when")
    return TextTable(pd.DataFrame({"Situation": table["situation"], "Scan?": table["scan"], "Why": table["why"],
                                   "Source": [cite(key) for key in table["source"]]}))


# --- notes for an appointment: made by helpers.appointment; these two keep earlier callers working --

def appointment_notes(result: SelfCheckResult, log: TrainingLoad | None = None, saved_at: str = "",
                      weeks: int = 6) -> str:
    """The notes for one self-check result as plain text (see :mod:`helpers.appointment`)."""
    from helpers.appointment import appointment_notes as notes

    return notes(result, log, saved_at, weeks)


def appointment_notes_from_file(path: str | Path, log: TrainingLoad | None = None) -> str:
    """The notes from the newest check in a saved self-check file, as plain text.

    A file that cannot be read raises :class:`helpers.appointment.AppointmentFileError` (a
    :class:`helpers.selfcheck_store.SelfCheckFileError`) saying what is wrong and what to do.
    """
    from helpers.appointment import notes_from_file

    return notes_from_file(path, log).text()
