"""helpers.references: citations render, and every key a lesson or table uses resolves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.data import DataTableError, load_table
from helpers.paths import notebooks_dir
from helpers.references import ReferenceList, cite, cited_keys, format_reference, link, reference_list, references

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

QUIZ_TEXT_COLUMNS = ("question", "choices", "explanation")
SOURCE_TABLES = ("running_forces", "stance_force", "back_pain_prevalence", "pelvis_presets", "quiz")


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


@pytest.mark.parametrize("table", SOURCE_TABLES)
def test_no_number_in_a_data_table_rests_on_an_unchecked_reference(table: str) -> None:
    from helpers.references import has_number, unchecked_keys

    unchecked = unchecked_keys()
    rows = load_table(table).to_dict("records")
    bad = []
    for row in rows:
        text = " ".join(str(row[column]) for column in QUIZ_TEXT_COLUMNS if column in row) if table == "quiz" else "1"
        if isinstance(row.get("source"), str) and row["source"] in unchecked and has_number(text):
            bad.append(row["source"])
    assert not bad, f"data/{table}.csv rows with numbers on unchecked sources: {bad}"
