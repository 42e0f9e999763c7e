"""Citations and reference lists from ``data/references.csv``.

A lesson cites in its Markdown as ``[Keller et al. 1996](#ref-keller1996)``; its last
code cell calls :func:`reference_list` with the lesson's file name, which lists every
source the lesson cites, in order of first citation, each with the anchor the links
point to. Code (a widget's takeaway, say) cites with :func:`cite`.

A source whose details (authors, year, title, venue, DOI) have not been checked against
a copy of the publication has ``details_checked = no``; wherever it is shown it says
"details not yet checked", and :func:`numbers_on_unchecked_sources` finds the numbers a
lesson rests on such a source alone.
"""

from __future__ import annotations

import html
import json
import re

import pandas as pd
from helpers.data import DataTableError, load_table
from helpers.paths import notebooks_dir

CITATION_LINK = re.compile(r"\]\(#ref-([a-z][a-z0-9-]*)\)")
UNCHECKED_NOTE = "details not yet checked"
_LINK = re.compile(r"\[([^\]]*)\]\(#ref-([a-z][a-z0-9-]*)\)")
_BETWEEN_LINKS_OF_ONE_GROUP = re.compile(r"^[\s;,]*$")
_NOT_A_CLAIM = re.compile(r"\[[^\]]*\]\([^)]*\)|\b(?:lesson|lessons|section|exercise|week|step)s? \d+|^\s*\d+\.\s", re.I | re.M)


def references() -> pd.DataFrame:
    """The reference table, indexed by citation key."""
    return load_table("references").set_index("key")


def _entry(key: str) -> pd.Series:
    table = references()
    if key not in table.index:
        raise KeyError(f"No reference with the key {key!r} in data/references.csv.")
    return table.loc[key]


def is_checked(key: str) -> bool:
    """True when the source's details were checked against a copy of the publication."""
    return bool(_entry(key)["details_checked"])


def unchecked_keys() -> set[str]:
    """Citation keys whose details are not yet checked."""
    table = references()
    return set(table.index[~table["details_checked"].astype(bool)])


def cite(key: str) -> str:
    """The short in-text label of a source, e.g. ``'Keller et al. 1996'``."""
    return str(_entry(key)["short"])


def link(key: str) -> str:
    """The web address of a source: its DOI resolver link, else its URL, else ''."""
    entry = _entry(key)
    if isinstance(entry["doi"], str) and entry["doi"]:
        return f"https://doi.org/{entry['doi']}"
    return entry["url"] if isinstance(entry["url"], str) else ""


def format_reference(key: str) -> str:
    """One reference as plain text: authors (year). Title. Venue. doi or URL."""
    entry = _entry(key)
    year = "n.d." if pd.isna(entry["year"]) else entry["year"]
    who = entry["authors"] if isinstance(entry["authors"], str) and entry["authors"] else entry["short"]
    parts = [f"{who} ({year}). {entry['title']}."]
    if isinstance(entry["venue"], str) and entry["venue"]:
        parts.append(f"{entry['venue']}.")
    if isinstance(entry["doi"], str) and entry["doi"]:
        parts.append(f"doi:{entry['doi']}")
    elif isinstance(entry["url"], str) and entry["url"]:
        parts.append(entry["url"])
    if not entry["details_checked"]:
        parts.append(f"[{UNCHECKED_NOTE}]")
    return " ".join(parts)


def has_number(text: str) -> bool:
    """True when prose states a number (links, list markers and 'lesson 3'-style pointers aside)."""
    return bool(re.search(r"\d", _NOT_A_CLAIM.sub(" ", text)))


def citation_segments(paragraph: str) -> list[tuple[str, list[str]]]:
    """Split a Markdown paragraph into (text, cited keys) pieces, one per citation group.

    Each piece is the prose since the previous citation group up to this one, the way a
    lesson puts a citation after the sentence or clause it supports; prose after the last
    group belongs to that last group. Links separated only by ";" or "," form one group.
    """
    groups: list[tuple[int, int, list[str]]] = []
    for match in _LINK.finditer(paragraph):
        if groups and _BETWEEN_LINKS_OF_ONE_GROUP.match(paragraph[groups[-1][1]:match.start()]):
            start, _, keys = groups[-1]
            groups[-1] = (start, match.end(), keys + [match.group(2)])
        else:
            groups.append((match.start(), match.end(), [match.group(2)]))
    segments = []
    previous_end = 0
    for number, (start, end, keys) in enumerate(groups):
        text = paragraph[previous_end:start]
        if number == len(groups) - 1:
            text += paragraph[end:]
        segments.append((text, keys))
        previous_end = end
    return segments


def numbers_on_unchecked_sources(markdown_text: str, unchecked: set[str] | None = None) -> list[str]:
    """Prose pieces that state a number and cite only sources whose details are unchecked."""
    unchecked = unchecked_keys() if unchecked is None else unchecked
    found = []
    for paragraph in re.split(r"\n\s*\n", markdown_text):
        paragraph = re.sub(r"^\s*>\s?", "", paragraph, flags=re.M)
        for text, keys in citation_segments(paragraph):
            if has_number(text) and set(keys) <= unchecked:
                found.append(f"{' '.join(text.split())[-160:]} [{', '.join(keys)}]")
    return found


def cited_keys(notebook_file: str) -> list[str]:
    """Citation keys linked from a lesson's Markdown cells, in order of first use."""
    path = notebooks_dir() / notebook_file
    if not path.is_file():
        raise FileNotFoundError(f"There is no lesson notebooks/{notebook_file}.")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    keys: list[str] = []
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for key in CITATION_LINK.findall("".join(cell["source"])):
                if key not in keys:
                    keys.append(key)
    return keys


class ReferenceList:
    """A numbered reference list that shows as HTML in a notebook and as text elsewhere."""

    def __init__(self, keys: list[str]):
        missing = [key for key in keys if key not in references().index]
        if missing:
            raise DataTableError(
                f"Citation key(s) not in data/references.csv: {', '.join(missing)}. "
                "Add the source there or correct the key."
            )
        self.keys = keys

    def __repr__(self) -> str:
        return "\n".join(f"{n}. {format_reference(key)}" for n, key in enumerate(self.keys, 1))

    def _repr_html_(self) -> str:
        items = []
        for key in self.keys:
            text = html.escape(format_reference(key)).replace(
                f"[{UNCHECKED_NOTE}]", f'<em class="reference-unchecked">[{UNCHECKED_NOTE}]</em>')
            target = link(key)
            if target:
                text += f' <a href="{html.escape(target)}" target="_blank" rel="noopener">link</a>'
            items.append(f'<li id="ref-{key}">{text}</li>')
        return '<ol class="back-on-track-references">' + "".join(items) + "</ol>"


def reference_list(notebook_file: str) -> ReferenceList:
    """The reference list for a lesson: every source its Markdown cites."""
    return ReferenceList(cited_keys(notebook_file))

