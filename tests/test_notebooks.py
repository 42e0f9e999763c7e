"""Notebook hygiene and lesson anatomy, checked on the committed files (nbval checks outputs)."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.data import load_table
from helpers.paths import REPO_ROOT, notebooks_dir
from helpers.safety import safety_note as course_safety_note

NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))
LESSONS = [path for path in NOTEBOOKS if not path.name.startswith("00-")]
LOCAL_PATH = re.compile(r"(/(home|root|tmp|Users|private|var/folders)/[^\s\"'\\]+|[A-Za-z]:\\\\Users)")
ids = {"ids": lambda path: path.name}


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(notebook: dict) -> list[dict]:
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def markdown(notebook: dict) -> str:
    return "\n\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown")


def test_there_are_notebooks() -> None:
    assert {"00-start-here.ipynb", "01-why-runners-backs-hurt.ipynb"} <= {path.name for path in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_no_error_outputs(path: Path) -> None:
    for cell in code_cells(load(path)):
        for output in cell["outputs"]:
            assert output["output_type"] != "error", f"{path.name}: error output in {''.join(cell['source'])!r}"
            assert output.get("name") != "stderr", f"{path.name}: stderr output {output.get('text')!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_no_stored_widget_state(path: Path) -> None:
    assert "widgets" not in load(path)["metadata"]


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_executed_in_order_from_a_fresh_kernel(path: Path) -> None:
    counts = [cell["execution_count"] for cell in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: execution counts {counts}"


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_no_local_file_paths(path: Path) -> None:
    match = LOCAL_PATH.search(path.read_text(encoding="utf-8"))
    assert not match, f"{path.name} names a local path: {match.group(0)}"


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_small_and_without_plotly_js(path: Path) -> None:
    assert path.stat().st_size < 300_000, f"{path.name} is {path.stat().st_size // 1000} KB"
    text = path.read_text(encoding="utf-8")
    assert "cdn.plot.ly" not in text and "define(\"plotly\"" not in text and "<script" not in text


def test_notebooks_folder_is_under_2_mb() -> None:
    total = sum(path.stat().st_size for path in notebooks_dir().rglob("*") if path.is_file())
    assert total < 2_000_000


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_code_cells_are_short_and_clean(path: Path) -> None:
    for cell in code_cells(load(path)):
        source = "".join(cell["source"])
        assert len(source.splitlines()) <= 10, f"{path.name}: cell over 10 lines:\n{source}"
        assert "NBVAL" not in source, "mark cells with metadata tags, not visible comments"
        assert not re.search(r"sys\.path|^\s*%run|^\s*!|%pip|open\(", source, flags=re.M), source


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_python3_kernel(path: Path) -> None:
    assert load(path)["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_relative_links_resolve(path: Path) -> None:
    for link in re.findall(r"\]\(([^)\s]+)\)", markdown(load(path))):
        if re.match(r"[a-z]+:|#", link):
            continue
        assert (path.parent / link).exists(), f"{path.name} links to missing {link}"


def test_lessons_table_and_notebooks_agree() -> None:
    lessons = load_table("lessons")
    ready = set(lessons.loc[lessons["status"] == "ready", "file"])
    assert ready == {path.name for path in NOTEBOOKS}


def test_start_page_map_lists_every_lesson_and_links_the_ready_ones() -> None:
    text = markdown(load(notebooks_dir() / "00-start-here.ipynb"))
    for lesson in load_table("lessons").itertuples():
        row = next((line for line in text.splitlines() if line.startswith(f"| {lesson.number:02d} |")), None)
        assert row is not None, f"the start page map has no row for lesson {lesson.number:02d}"
        if lesson.number == 0:
            continue
        assert lesson.centrepiece in row
        assert (f"]({lesson.file})" in row) == (lesson.status == "ready"), row
        assert row.rstrip(" |").endswith(lesson.status)


ANATOMY = ["**Time:**", "### Questions", "### Learning objectives", "**Try this**", "<details>",
           "## Self-test", "## Key points", "## Safety note", "## References", "Evidence box", "**Verdict:"]


@pytest.mark.parametrize("path", LESSONS, **ids)
def test_lesson_follows_the_anatomy(path: Path) -> None:
    text = markdown(load(path))
    missing = [part for part in ANATOMY if part not in text]
    assert not missing, f"{path.name} lacks {missing}"
    positions = [text.index(part) for part in ("### Questions", "**Try this**", "## Self-test", "## Key points", "## References")]
    assert positions == sorted(positions)
    verdicts = re.findall(r"\*\*Verdict: ([^.*]+)\.?\*\*", text)
    assert verdicts and set(verdicts) <= {"supported", "mixed", "not supported", "unknown"}


SOLUTION = re.compile(r"<details>.*?```python\n(.*?)```.*?```text\n(.*?)```.*?</details>", re.S)


def solutions() -> list[tuple[str, str, str]]:
    found = []
    for path in LESSONS:
        for number, (source, expected) in enumerate(SOLUTION.findall(markdown(load(path))), 1):
            found.append((f"{path.stem}-solution-{number}", source, expected))
    return found


@pytest.mark.parametrize(("name", "source", "expected"), solutions(), ids=[s[0] for s in solutions()])
def test_folded_solutions_print_what_they_say(name: str, source: str, expected: str) -> None:
    setup = "import helpers\nfrom helpers.running_load import load_per_km\n"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(setup + source, name, "exec"), {})
    assert printed.getvalue() == expected


def test_every_lesson_has_a_tested_solution() -> None:
    assert {name.rsplit("-solution-", 1)[0] for name, _, _ in solutions()} == {path.stem for path in LESSONS}


def test_nbval_fails_when_a_taught_number_changes(tmp_path: Path) -> None:
    """Guard against a setup that cannot fail: change one stored number, nbval must object."""
    original = notebooks_dir() / "01-why-runners-backs-hurt.ipynb"
    notebook = load(original)
    cell = next(cell for cell in code_cells(notebook) if "easy_run =" in "".join(cell["source"]))
    cell["outputs"][0]["text"] = [line.replace("2.43 body weights", "2.34 body weights") for line in cell["outputs"][0]["text"]]
    copy = tmp_path / original.name
    copy.write_text(json.dumps(notebook))
    shutil.copy(REPO_ROOT / "tests" / "nbval-sanitize.cfg", tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-o", "addopts=", "--rootdir", str(tmp_path),
         "--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(tmp_path / "nbval-sanitize.cfg"), str(copy)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert result.returncode == 1, result.stdout[-2000:]
    assert "Cell outputs differ" in result.stdout and "2.34 body wei" in result.stdout
    assert "1 failed" in result.stdout


def safety_note(path: Path) -> str:
    notes = [text for text in markdown(load(path)).split("\n\n## ") if text.startswith("Safety note")]
    assert len(notes) == 1, f"{path.name} needs exactly one '## Safety note' section"
    return notes[0]


@pytest.mark.parametrize("path", NOTEBOOKS, **ids)
def test_every_notebook_has_the_same_safety_note(path: Path) -> None:
    """Word for word the course's one safety note, data/safety_note.md (helpers.safety_note())."""
    assert safety_note(path) == course_safety_note().removeprefix("## ")
