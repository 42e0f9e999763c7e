"""helpers.references: citations render, and every key a lesson or table uses resolves."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from helpers.data import DataTableError, load_table
from helpers.paths import notebooks_dir
from helpers.references import (ReferenceList, cite, cited_keys, format_reference, has_number, link, reference_list,
                                references, unchecked_keys)
from helpers.schemas import all_schemas, split_choices

NOTEBOOKS = sorted(notebooks_dir().glob("[0-9][0-9]-*.ipynb"))


def test_cite_gives_the_short_label() -> None:
    assert cite("keller1996") == "Keller et al. 1996"
    assert cite("cavanagh1980") == "Cavanagh & Lafortune 1980"


def test_unknown_key_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="no-such-source"):
        cite("no-such-source")


def test_reference_format_has_authors_year_title_venue_and_doi() -> None:
    text = format_reference("belavy2017")
    assert text.startswith("Belavý DL, Quittner MJ")
    assert "(2017). Running exercise strengthens the intervertebral disc." in text
    assert text.endswith("doi:10.1038/srep45975")
    assert link("belavy2017") == "https://doi.org/10.1038/srep45975"


def test_web_page_without_year_or_doi() -> None:
    assert "(n.d.)" in format_reference("bmj-ces")
    assert link("bmj-ces").startswith("https://bestpractice.bmj.com/")


def test_reference_list_shows_as_text_and_html_with_anchors() -> None:
    listing = ReferenceList(["keller1996", "maselli2020"])
    assert repr(listing).splitlines()[0].startswith("1. Keller TS")
    html = listing._repr_html_()
    assert '<li id="ref-keller1996">' in html and 'href="https://doi.org/10.1186/s12891-020-03357-4"' in html


def test_reference_list_refuses_unknown_keys() -> None:
    with pytest.raises(DataTableError, match="not-a-key"):
        ReferenceList(["keller1996", "not-a-key"])


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_every_citation_in_a_lesson_resolves(notebook: Path) -> None:
    keys = cited_keys(notebook.name)
    missing = sorted(set(keys) - set(references().index))
    assert not missing, f"{notebook.name} cites keys not in data/references.csv: {missing}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_a_lesson_that_cites_ends_with_its_own_reference_list(notebook: Path) -> None:
    cells = json.loads(notebook.read_text())["cells"]
    if not cited_keys(notebook.name):
        return
    last_code = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"][-1]
    assert last_code == f'helpers.reference_list("{notebook.name}")'
    assert reference_list(notebook.name).keys == cited_keys(notebook.name)


@pytest.mark.parametrize(("table", "column"), [("quiz", "source"), ("running_forces", "source"), ("back_pain_prevalence", "source")])
def test_sources_named_in_tables_resolve(table: str, column: str) -> None:
    used = {key for key in load_table(table)[column] if isinstance(key, str) and key}
    assert used <= set(references().index)


def test_doi_and_url_are_bare() -> None:
    table = references()
    for key, row in table.iterrows():
        assert not str(row["doi"]).lower().startswith(("doi:", "http")), key
        assert not row["title"].endswith("."), key


# --- Unchecked references: marked where shown, never the only support of a number ---

#: Columns that name or place a row, or restate the learner's answer that triggers it (the self-check's
#: ``when`` and ``reason``), rather than state something a source supports.
NOT_CLAIMS = ("key", "lesson", "rank", "stage", "correct", "sample", "when", "reason")


def citation_columns(table: pd.DataFrame, keys: set[str]) -> list[str]:
    """The columns whose every filled cell is one or more citation keys (``a | b``)."""
    found = []
    for column in table.columns:
        cells = [value for value in table[column] if isinstance(value, str) and value.strip()]
        if cells and all(set(split_choices(value)) <= keys for value in cells):
            found.append(column)
    return found


def numbers_on_unchecked_sources_in_table(name: str) -> list[str]:
    """Rows of a data table that state a number (in any column that is not an id or a
    citation) while every source the row cites is unchecked."""
    references_table = references()
    keys, unchecked = set(references_table.index), unchecked_keys()
    table = load_table(name)
    cited_in = citation_columns(table, keys)
    claims = [column for column in table.columns if column not in cited_in and column not in NOT_CLAIMS
              and not column.endswith("_id")]
    bad = []
    for index, row in table.iterrows():
        cited = {key for column in cited_in if isinstance(row[column], str) for key in split_choices(row[column])}
        if not cited or not cited <= unchecked:
            continue
        stated = [row[column] for column in claims
                  if (isinstance(row[column], str) and has_number(row[column]))
                  or (not isinstance(row[column], str) and pd.notna(row[column]) and not isinstance(row[column], bool))]
        if stated:
            bad.append(f"row {index + 2} ({', '.join(sorted(cited))}): {stated[:3]}")
    return bad


#: Every table in data/ that cites sources (found from the data, so a new table is covered too).
CITING_TABLES = sorted(name for name in all_schemas() if name != "references"
                       and citation_columns(load_table(name), set(references().index)))


def test_no_reference_lacks_authors_or_title() -> None:
    table = references()
    for column in ("authors", "title"):
        empty = [key for key, value in table[column].items() if not isinstance(value, str) or not value.strip()]
        assert not empty, f"references without {column}: {empty}"


def test_an_unchecked_reference_says_so_in_text_html_and_the_printable_export() -> None:
    from helpers.references import UNCHECKED_NOTE, unchecked_keys
    from helpers.selfcheck_report import _sources

    unchecked, checked = sorted(unchecked_keys()), "keller1996"
    assert UNCHECKED_NOTE not in format_reference(checked)
    assert UNCHECKED_NOTE not in _sources()[checked]
    for key in unchecked:
        assert format_reference(key).endswith(f"[{UNCHECKED_NOTE}]")
        assert f'class="reference-unchecked">[{UNCHECKED_NOTE}]' in ReferenceList([key])._repr_html_()
        assert UNCHECKED_NOTE in _sources()[key]


def test_the_mark_follows_the_table(data_copy: Path) -> None:
    from helpers.references import UNCHECKED_NOTE

    path = data_copy / "references.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [line[: -len(",yes")] + ",no" if line.startswith("keller1996,") else line for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert format_reference("keller1996").endswith(f"[{UNCHECKED_NOTE}]")


def test_citation_segments_attribute_each_number_to_the_citation_after_it() -> None:
    from helpers.references import citation_segments, numbers_on_unchecked_sources

    text = ("Walking peaks at 1.2 BW ([Keller et al. 1996](#ref-keller1996)). Another lab measured 3 BW "
            "([A](#ref-a); [B](#ref-b)). So about 2.5-3 BW.")
    assert [keys for _, keys in citation_segments(text)] == [["keller1996"], ["a", "b"]]
    assert "So about 2.5-3 BW." in citation_segments(text)[1][0]
    assert numbers_on_unchecked_sources(text, unchecked={"a", "b"}) != []
    assert numbers_on_unchecked_sources(text, unchecked={"a"}) == []  # b is checked
    assert numbers_on_unchecked_sources("See lesson 03 ([A](#ref-a)).", unchecked={"a"}) == []
    assert numbers_on_unchecked_sources("> quoted 14 mm\n> ([A](#ref-a))", unchecked={"a"}) != []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_no_number_in_a_lesson_rests_only_on_an_unchecked_reference(notebook: Path) -> None:
    """Each number a lesson's prose states belongs to the citation group that follows it (or,
    at a paragraph's end, the one before it); at least one source in that group must be checked."""
    from helpers.references import numbers_on_unchecked_sources

    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found = [claim for cell in cells if cell["cell_type"] == "markdown"
             for claim in numbers_on_unchecked_sources("".join(cell["source"]))]
    assert not found, f"{notebook.name}: numbers resting only on unchecked references: {found}"


def test_every_citing_table_is_checked_including_the_selfcheck_tables() -> None:
    assert {"quiz", "running_forces", "plan_checks", "recovery_walk_run", "selfcheck_red_flags",
            "selfcheck_scores", "selfcheck_untested", "selfcheck_factors", "selfcheck_levels"} <= set(CITING_TABLES)
    assert citation_columns(load_table("selfcheck_untested"), set(references().index)) == ["evidence"]


@pytest.mark.parametrize("table", CITING_TABLES)
def test_no_number_in_a_data_table_rests_on_an_unchecked_reference(table: str) -> None:
    """A row's numbers (a plotted value, a weight, a threshold, or a digit in its text: why, reason,
    finding, explanation…) need at least one checked source among the keys the row cites."""
    bad = numbers_on_unchecked_sources_in_table(table)
    assert not bad, f"data/{table}.csv rows with numbers resting only on unchecked sources: {bad}"


def test_the_table_check_fails_when_a_source_of_numbers_is_unchecked(data_copy: Path) -> None:
    path = data_copy / "references.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [line[: -len(",yes")] + ",no" if line.startswith(("nielsen2025,", "downie2013,")) else line
             for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert any("nielsen2025" in row for row in numbers_on_unchecked_sources_in_table("plan_checks"))
    assert any("downie2013" in row for row in numbers_on_unchecked_sources_in_table("selfcheck_red_flags"))
    assert numbers_on_unchecked_sources_in_table("running_forces") == []


def test_every_unchecked_reference_is_explained_in_references_checked_md() -> None:
    from helpers.paths import data_dir

    record = (data_dir() / "references-checked.md").read_text(encoding="utf-8")
    still = record.split("## Still unchecked", 1)[1].split("\n## ", 1)[0]
    for key in sorted(unchecked_keys()):
        assert f"**{key}**" in still, f"{key} is unchecked but not explained under 'Still unchecked'"
