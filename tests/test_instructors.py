"""The instructor guide's schedules agree with the lessons: their "Time:" lines and the tasks in each notebook.

Each schedule row gives a lesson's teaching and practice minutes, the minutes of every task
learners do ("Try this 2 (4 min)"), and every task the session leaves out. The tests read
the same things from the notebooks: the Time line (teaching and practice), each **Try this**
box's numbered items, the "### Exercise N" headings, the self-test and the setup check.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from helpers.paths import REPO_ROOT, notebooks_dir

GUIDE = REPO_ROOT / "instructors" / "README.md"
SCHEDULES = {"3-hour": 180, "90-minute": 90, "follow-up": 150}
FULL = ("3-hour", "follow-up")  # sessions that give each lesson its own time and every task but code exercises
TASK = r"Try this [A-Z]?\d+|Exercise \d+|Self-test|Check your setup"
TIMED_TASK = re.compile(rf"({TASK}) \((\d+) min\)")
NAMED_TASK = re.compile(rf"\b({TASK})\b")
SECTION = re.compile(r"\bsections? (\d+)")


@dataclass(frozen=True)
class Row:
    minutes: int
    lesson: str
    teaching: int
    practice: int
    demo: str
    tasks: dict[str, int]  # task -> minutes, in the order given
    left_out: tuple[str, ...]  # tasks named under "not in this session"
    left_out_text: str


@dataclass(frozen=True)
class Lesson:
    teaching: int | None  # None: the Time line gives one figure, not a split
    practice: int | None
    total: int
    tasks: tuple[str, ...]
    sections: frozenset[int]


def _markdown(path: Path) -> list[str]:
    return ["".join(cell["source"]) for cell in json.loads(path.read_text())["cells"] if cell["cell_type"] == "markdown"]


def _tasks(cells: list[str]) -> list[str]:
    """The lesson's tasks in order, named as the guide names them."""
    boxes = [len(re.findall(r"^\d+\. ", cell.split("**Try this**", 1)[1].split("**Takeaway", 1)[0], re.M))
             for cell in cells if "**Try this**" in cell]
    letters = string.ascii_uppercase if len(boxes) > 1 else [""] * len(boxes)
    tasks = [f"Try this {letter}{n}" for letter, count in zip(letters, boxes) for n in range(1, count + 1)]
    text = "\n".join(cells)
    tasks += [f"Exercise {n}" for n in re.findall(r"^### Exercise (\d+)", text, re.M)]
    tasks += [name for name in ("Self-test", "Check your setup") if re.search(rf"^## {name}\b", text, re.M)]
    return tasks


@cache
def lessons() -> dict[str, Lesson]:
    """Each notebook's Time line, tasks and numbered sections."""
    found = {}
    for path in sorted(notebooks_dir().glob("[0-9][0-9]-*.ipynb")):
        cells = _markdown(path)
        text = "\n".join(cells)
        line = re.search(r"Time:\**\s*(.*)", text).group(1)
        split = re.search(r"teaching (\d+) minutes, practice (\d+) minutes", line)
        teaching, practice = (int(split[1]), int(split[2])) if split else (None, None)
        total = teaching + practice if split else int(re.match(r"(\d+) minutes", line)[1])
        sections = frozenset(int(n) for n in re.findall(r"^## (\d+)\. ", text, re.M))
        found[path.name[:2]] = Lesson(teaching, practice, total, tuple(_tasks(cells)), sections)
    return found


def schedule(name: str) -> list[Row]:
    """The rows of one schedule table in the guide."""
    block = GUIDE.read_text().split(f"<!-- schedule: {name} -->")[1].split("<!-- end schedule -->")[0]
    rows = []
    for line in block.strip().splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert len(cells) == 7, f"{name}: a row needs 7 cells: {line}"
        tasks = {task: int(minutes) for task, minutes in TIMED_TASK.findall(cells[5])}
        assert len(tasks) == len(TIMED_TASK.findall(cells[5])), f"{name}: a task is listed twice: {cells[5]}"
        rows.append(Row(int(cells[0]), cells[1], int(cells[2]), int(cells[3]), cells[4], tasks,
                        tuple(NAMED_TASK.findall(cells[6])), cells[6]))
    return rows


def lesson_rows(name: str) -> list[Row]:
    return [row for row in schedule(name) if row.lesson != "break"]


@pytest.mark.parametrize("name", SCHEDULES)
def test_schedule_fills_its_time_exactly(name: str) -> None:
    assert sum(row.minutes for row in schedule(name)) == SCHEDULES[name]


@pytest.mark.parametrize("name", SCHEDULES)
def test_each_row_is_its_teaching_plus_its_practice_and_the_practice_is_its_tasks(name: str) -> None:
    for row in schedule(name):
        if row.lesson == "break":
            assert not row.tasks and not row.teaching and not row.practice
            continue
        assert row.teaching + row.practice == row.minutes, f"{name}, lesson {row.lesson}"
        assert sum(row.tasks.values()) == row.practice, f"{name}, lesson {row.lesson}: tasks {row.tasks}"
        assert all(minutes > 0 for minutes in row.tasks.values()), f"{name}, lesson {row.lesson}"


@pytest.mark.parametrize("name", FULL)
def test_full_sessions_give_each_lesson_its_own_teaching_and_practice_time(name: str) -> None:
    for row in lesson_rows(name):
        lesson = lessons()[row.lesson]
        assert row.minutes == lesson.total, f"{name}, lesson {row.lesson}: {row.minutes} min, the lesson says {lesson.total}"
        if lesson.teaching is not None:
            assert (row.teaching, row.practice) == (lesson.teaching, lesson.practice), \
                f"{name}, lesson {row.lesson}: teaching {row.teaching} and practice {row.practice} in the guide, " \
                f"{lesson.teaching} and {lesson.practice} in the lesson's Time line"


def test_the_taster_never_gives_a_lesson_more_than_its_own_time() -> None:
    for row in lesson_rows("90-minute"):
        lesson = lessons()[row.lesson]
        assert row.minutes <= lesson.total, f"lesson {row.lesson}: {row.minutes} min in the taster, {lesson.total} in the lesson"
        if lesson.teaching is not None:
            assert row.teaching <= lesson.teaching and row.practice <= lesson.practice, f"lesson {row.lesson}"


@pytest.mark.parametrize("name", SCHEDULES)
def test_every_task_of_a_lesson_is_either_timed_or_said_to_be_left_out(name: str) -> None:
    for row in lesson_rows(name):
        tasks = lessons()[row.lesson].tasks
        named = [*row.tasks, *row.left_out]
        assert sorted(named) == sorted(tasks), \
            f"{name}, lesson {row.lesson}: the guide names {sorted(named)}, the notebook has {sorted(tasks)}"


@pytest.mark.parametrize("name", FULL)
def test_full_sessions_leave_out_only_code_exercises_and_what_needs_a_learner_s_own_download(name: str) -> None:
    for row in lesson_rows(name):
        kept_back = [task for task in row.left_out if not task.startswith("Exercise")]
        assert all(task in ("Try this B3",) for task in kept_back), f"{name}, lesson {row.lesson}: {kept_back}"
        if "Self-test" in lessons()[row.lesson].tasks:
            assert "Self-test" in row.tasks, f"{name}, lesson {row.lesson}: the quiz is part of practice"


def test_the_taster_says_what_it_drops_from_each_demo_it_shortens() -> None:
    for row in lesson_rows("90-minute"):
        lesson = lessons()[row.lesson]
        skipped = {int(n) for n in SECTION.findall(row.left_out_text)}
        if lesson.teaching is not None and row.teaching < lesson.teaching:
            assert skipped, f"lesson {row.lesson}: {row.teaching} of {lesson.teaching} teaching minutes, no section named"


@pytest.mark.parametrize("name", SCHEDULES)
def test_sections_the_guide_names_exist_in_the_lesson(name: str) -> None:
    for row in lesson_rows(name):
        named = {int(n) for n in SECTION.findall(f"{row.demo} {row.left_out_text}")}
        assert named <= lessons()[row.lesson].sections, f"{name}, lesson {row.lesson}: sections {sorted(named)}"


def test_tasks_are_read_from_a_lesson_as_the_guide_names_them() -> None:
    """The reading of the notebooks must itself be right, or every check above is empty."""
    box = "**Try this**\n1. *Tweak:* a\n   more\n2. *Frob:* b\n\n**Takeaway:** 3. not a task"
    cells = ["# 99 · A lesson", box, "## 2. Section", "### Exercise 1: x\n\n### Exercise 2: y", "## Self-test"]
    assert _tasks(cells) == ["Try this 1", "Try this 2", "Exercise 1", "Exercise 2", "Self-test"]
    assert _tasks([box, box.replace("2. *Frob:* b", "")]) == ["Try this A1", "Try this A2", "Try this B1"]
    for name in SCHEDULES:
        for row in lesson_rows(name):
            lesson = lessons()[row.lesson]
            assert lesson.tasks and (row.lesson == "00" or "Self-test" in lesson.tasks), row.lesson
            assert row.lesson == "00" or lesson.teaching is not None, f"lesson {row.lesson} has no teaching/practice split"


def test_every_schedule_starts_with_the_safety_note_and_ends_with_something_to_take_away() -> None:
    for name, last in (("3-hour", "08"), ("90-minute", "08"), ("follow-up", "10")):
        order = [row.lesson for row in schedule(name)]
        assert order[0] == "00" and order[-1] == last


def test_schedules_only_use_lessons_that_exist() -> None:
    for name in SCHEDULES:
        assert {row.lesson for row in lesson_rows(name)} <= set(lessons())
