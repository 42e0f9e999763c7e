"""The instructor guide's schedules agree with the lessons' own "Time:" lines."""

from __future__ import annotations

import json
import re
import pytest

from helpers.paths import REPO_ROOT, notebooks_dir

GUIDE = REPO_ROOT / "instructors" / "README.md"
SCHEDULES = {"3-hour": 180, "90-minute": 90, "follow-up": 150}


def lesson_minutes() -> dict[str, int]:
    """Each notebook's minutes from its Time line: teaching + practice, or the single figure."""
    found = {}
    for path in sorted(notebooks_dir().glob("[0-9][0-9]-*.ipynb")):
        text = "".join("".join(cell["source"]) for cell in json.loads(path.read_text())["cells"]
                       if cell["cell_type"] == "markdown")
        line = re.search(r"Time:\**\s*(.*)", text).group(1)
        split = re.search(r"teaching (\d+) minutes, practice (\d+) minutes", line)
        found[path.name[:2]] = int(split[1]) + int(split[2]) if split else int(re.match(r"(\d+) minutes", line)[1])
    return found


def schedule(name: str) -> list[tuple[int, str, str]]:
    """Rows (minutes, lesson, learners do) of one schedule table in the guide."""
    block = GUIDE.read_text().split(f"<!-- schedule: {name} -->")[1].split("<!-- end schedule -->")[0]
    rows = [line.strip("|").split("|") for line in block.strip().splitlines()[2:]]
    return [(int(cells[0]), cells[1].strip(), cells[3].strip()) for cells in rows]


@pytest.mark.parametrize("name", SCHEDULES)
def test_schedule_fills_its_time_exactly(name: str) -> None:
    assert sum(minutes for minutes, _, _ in schedule(name)) == SCHEDULES[name]


@pytest.mark.parametrize("name", ["3-hour", "follow-up"])
def test_full_sessions_give_each_lesson_its_own_time(name: str) -> None:
    minutes = lesson_minutes()
    for given, lesson, _ in schedule(name):
        if lesson != "break":
            assert given == minutes[lesson], f"{name}, lesson {lesson}: {given} min in the guide, {minutes[lesson]} in the lesson"


def test_the_taster_never_gives_a_lesson_more_than_its_own_time() -> None:
    minutes = lesson_minutes()
    for given, lesson, _ in schedule("90-minute"):
        assert given <= minutes[lesson], f"lesson {lesson}: {given} min in the taster, {minutes[lesson]} in the lesson"


def test_every_schedule_starts_with_the_safety_note_and_ends_with_something_to_take_away() -> None:
    for name, last in (("3-hour", "08"), ("90-minute", "08"), ("follow-up", "10")):
        lessons = [lesson for _, lesson, _ in schedule(name)]
        assert lessons[0] == "00" and lessons[-1] == last


def test_schedules_only_use_lessons_that_exist() -> None:
    available = {path.name[:2] for path in notebooks_dir().glob("[0-9][0-9]-*.ipynb")}
    for name in SCHEDULES:
        assert {lesson for _, lesson, _ in schedule(name)} - {"break"} <= available
