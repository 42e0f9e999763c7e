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
