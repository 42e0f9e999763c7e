"""Lesson 08 keep-and-share: JSON round-trips, refusing to overwrite unreadable files, the printable page."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.data import load_table
from helpers.selfcheck import assess, sample_answers
from helpers.selfcheck_report import printable_page, result_html
from helpers.selfcheck_store import FORMAT, SCHEMA_VERSION, SelfCheckFileError, export_html, load_checks, save_check

WHEN = datetime(2026, 5, 1, 8, 30)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    result = assess(sample_answers("maya"))
    path = tmp_path / "check.json"
    assert save_check(path, result, WHEN) == 1
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and data["schema_version"] == SCHEMA_VERSION == 1
    [check] = load_checks(path)
    assert check.saved_at == "2026-05-01T08:30:00"
    assert check.result == result
    assert assess(check.answers) == result  # the saved answers resume to the same result


def test_saving_again_keeps_the_earlier_check_for_comparison(tmp_path: Path) -> None:
    path = tmp_path / "check.json"
    save_check(path, assess(sample_answers("maya")), WHEN)
    assert save_check(path, assess(sample_answers("sam")), datetime(2026, 5, 8)) == 2
    first, second = load_checks(path)
    assert (first.result.level, second.result.level) == ("self-care", "emergency")


def test_writes_are_atomic_and_leave_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "check.json"
    save_check(path, assess(sample_answers("maya")), WHEN)
    export_html(tmp_path / "check.html", assess(sample_answers("maya")), WHEN)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["check.html", "check.json"]


BAD_FILES = {
    "broken JSON": ('{"format": "back-on-track-self-check", "sch', r"not a readable self-check file \(broken JSON at line 1\)"),
    "another JSON file": ('{"name": "my marathon plan"}', r"is not a Back on Track self-check file"),
    "a list": ("[1, 2, 3]", r"is not a Back on Track self-check file"),
    "a newer version": (json.dumps({"format": FORMAT, "schema_version": 2, "checks": []}),
                        r"saved in self-check file version 2; this course reads version 1"),
    "no version": (json.dumps({"format": FORMAT, "checks": []}), r"version None"),
    "an incomplete check": (json.dumps({"format": FORMAT, "schema_version": 1, "checks": [{"answers": {}}]}),
                            r"a check in it is incomplete"),
    "not UTF-8": (b"\xff\xfe\x00garbage", r"could not be read"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_unreadable_files_give_a_clear_message_and_are_never_overwritten(tmp_path: Path, kind: str) -> None:
    content, message = BAD_FILES[kind]
    path = tmp_path / "check.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = path.read_bytes()
    with pytest.raises(SelfCheckFileError, match=message) as error:
        load_checks(path)
    assert "check.json" in str(error.value)
    with pytest.raises(SelfCheckFileError):
        save_check(path, assess(sample_answers("maya")), WHEN)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["check.json"]


def test_a_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(SelfCheckFileError, match=r"There is no file nothing.json here. Check the name, or save a check first."):
        load_checks(tmp_path / "nothing.json")


def test_a_folder_that_does_not_exist_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SelfCheckFileError, match=r"Cannot write in the folder of check.json"):
        save_check(tmp_path / "no" / "such" / "check.json", assess(sample_answers("maya")), WHEN)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=60))
def test_any_file_content_loads_or_gives_the_file_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fuzz.json"
    path.write_bytes(content)
    try:
        load_checks(path)
    except SelfCheckFileError:
        pass
    assert path.read_bytes() == content


def test_the_result_shows_the_level_first_and_the_factors_with_lesson_links() -> None:
    page = result_html(assess(sample_answers("maya")))
    assert page.index("No red flags in your answers") < page.index("Your contributing factors") < page.index("Safety note")
    assert "A sudden jump in running</b> (score 5)" in page
    lesson_06 = load_table("lessons").set_index("number").loc[6]
    if lesson_06["status"] == "ready":
        assert '<a href="06-training-load.ipynb">Lesson 06: Training load</a>' in page
    else:
        assert "Lesson 06: Training load (coming soon)" in page and 'href="06-' not in page
    assert 'href="https://doi.org/10.1136/bjsports-2024-109380"' in page


def test_an_emergency_page_shows_only_the_emergency_advice() -> None:
    page = result_html(assess(sample_answers("sam")))
    assert page.index("Emergency: go to an emergency department today") < page.index("What your answers showed")
    assert "contributing factors" not in page
    assert "new trouble with your bladder or bowels" in page


def test_the_printable_page_is_self_contained(tmp_path: Path) -> None:
    page = printable_page(assess(sample_answers("maya")), WHEN)
    assert page.startswith("<!DOCTYPE html>") and "Made on 2026-05-01 08:30" in page
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""src\s*=\s*["']https?:""", page)
    assert "<td>How old are you?</td><td>34 years</td>" in page
    assert "<td>Where do you feel the pain? Tick all that apply.</td><td>lower back, buttock</td>" in page
    path = export_html(tmp_path / "mine.html", assess(sample_answers("maya")), WHEN)
    assert path.read_text(encoding="utf-8") == page


def test_answers_are_escaped_in_html() -> None:
    result = assess(sample_answers("maya"))
    page = printable_page(type(result)(**{**result.__dict__, "answers": {"<b>x</b>": "<script>"}}), WHEN)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_every_factor_in_a_page_links_its_lesson_when_ready_and_names_it_when_coming() -> None:
    answers = {**sample_answers("maya"), "back_from_break": "yes", "hills": "a lot", "camber": "yes", "overstriding": "yes",
               "core_test": "one or more ratios outside the targets", "previous_back_pain": "yes",
               "pain_since": "more than 12 weeks (chronic)", "bmi": 31}
    result = assess(answers)
    page = result_html(result)
    assert len(result.factors) == len(load_table("selfcheck_factors"))
    for factor in result.factors:
        title = html.escape(factor.lesson_title)
        link = f'<a href="{factor.lesson_file}">Lesson {factor.lesson:02d}: {title}</a>'
        coming = f"Lesson {factor.lesson:02d}: {title} (coming soon)"
        assert (link in page) == factor.lesson_ready and (coming in page) == (not factor.lesson_ready)
