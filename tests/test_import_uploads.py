"""Uploads never raise: one checked, temporary, always-removed copy for every upload widget.

``helpers.uploads.read_upload`` on its own, then lesson 06's log explorer and lesson 05's
shoe-wear tracker with the names that once escaped as raw exceptions (a name too long for
the file system, NUL, ``..``, nothing) and readers that fail in unexpected ways.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest

from helpers import training
from helpers.import_files import LOG_SUFFIXES, MAX_CSV_BYTES, upload_limit
from helpers.uploads import MAX_NAME_BYTES, TEMP_PREFIX, UploadRefused, read_upload, shown_name
from helpers.widgets import shoe_wear_tracker, training_log_explorer

FIXTURES = Path(__file__).parent / "fixtures" / "activities"
GPX = (FIXTURES / "run.gpx").read_bytes()
STRAVA = (FIXTURES / "strava_en_activities.csv").read_bytes()

#: Names that raised OSError, ValueError or IsADirectoryError from a widget before.
BAD_NAMES = {
    "300 characters": ("x" * 300 + ".csv", "its name is too long (304 bytes; at most 200)"),
    "130 × ü": ("ü" * 130 + ".csv", "its name is too long (264 bytes; at most 200)"),
    "NUL": ("a\x00b.csv", "its name holds a control character"),
    "line break": ("a\nb.csv", "its name holds a control character"),
    "..": ("..", "it has no file name to read"),
    "empty": ("", "it has no file name to read"),
    "folder only": ("exports/", "it has no file name to read"),
    "not text": ("\udcff.csv", "its name is not valid text"),
    "wrong ending": ("notes.txt", "its name must end in .csv, .gpx, .tcx, .fit, .gz, .zip"),
}


def item(name: str, content: bytes) -> dict:
    return {"name": name, "type": "", "size": len(content), "content": memoryview(content),
            "last_modified": dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)}


def temporary_copies() -> set[str]:
    return {path.name for path in Path(tempfile.gettempdir()).glob(TEMP_PREFIX + "*")}


# ---------------------------------------------------------------- the helper


@pytest.mark.parametrize("case", BAD_NAMES)
def test_a_bad_name_is_refused_before_anything_is_written(case: str) -> None:
    name, words = BAD_NAMES[case]
    seen = []
    with pytest.raises(UploadRefused) as refusal:
        read_upload(item(name, GPX), LOG_SUFFIXES, seen.append)
    assert words in refusal.value.reason and not refusal.value.read and seen == []
    assert "\x00" not in refusal.value.name and "\n" not in refusal.value.name and len(refusal.value.name) <= 60


def test_a_good_name_is_read_from_a_copy_that_is_removed_afterwards() -> None:
    before = temporary_copies()
    seen: list[Path] = []

    def use(path: Path) -> bytes:
        seen.append(path)
        assert temporary_copies() - before  # the copy exists while it is read
        return path.read_bytes()

    assert read_upload(item("C:\\Users\\sam\\my run.gpx", GPX), LOG_SUFFIXES, use) == GPX
    assert seen[0].name == "my run.gpx" and not seen[0].exists()
    assert temporary_copies() <= before


@pytest.mark.parametrize(("error", "words"), [
    (ValueError("the file says what is wrong"), "the file says what is wrong."),
    (RuntimeError("library text"), "an unexpected problem (RuntimeError); please tell the course team"),
    (MemoryError(), "an unexpected problem (MemoryError)"),
    (RecursionError(), "an unexpected problem (RecursionError)"),
    (FileNotFoundError(2, "gone"), "an unexpected problem (FileNotFoundError)"),
])
def test_any_error_while_reading_becomes_a_refusal_and_the_copy_is_removed(error: Exception, words: str) -> None:
    before = temporary_copies()

    def use(path: Path) -> None:
        raise error

    with pytest.raises(UploadRefused) as refusal:
        read_upload(item("activities.csv", STRAVA), LOG_SUFFIXES, use)
    assert refusal.value.reason == words or refusal.value.reason.startswith(words)
    assert refusal.value.read and "library text" not in refusal.value.reason
    assert temporary_copies() <= before


def test_a_file_over_the_limit_is_refused_before_it_is_copied() -> None:
    seen = []
    with pytest.raises(UploadRefused, match=r"it is 2\.0 MB, more than the 1 MB"):
        read_upload(item("activities.csv", b"x" * 2 * 2**20), LOG_SUFFIXES, seen.append, max_bytes=2**20)
    assert seen == []
    assert upload_limit("activities.csv") == MAX_CSV_BYTES == upload_limit("ACTIVITIES.CSV.GZ")
    assert upload_limit("run.gpx.gz") < upload_limit("export.zip")


def test_an_upload_without_content_is_refused() -> None:
    with pytest.raises(UploadRefused, match="holds no file content"):
        read_upload({"name": "activities.csv"}, LOG_SUFFIXES, lambda path: None)


def test_shown_names_are_printable_and_short() -> None:
    assert shown_name("a\x00b\u0007.csv") == "a�b�.csv"
    assert len(shown_name("x" * 500)) <= 60 and shown_name(None) == "a file with no name"
    assert MAX_NAME_BYTES < 255


# ---------------------------------------------------------------- lesson 06: the log explorer


@pytest.mark.parametrize("case", BAD_NAMES)
def test_the_log_explorer_explains_every_bad_name_and_keeps_the_log(case: str) -> None:
    name, words = BAD_NAMES[case]
    app = training_log_explorer()
    before, figure = temporary_copies(), app.figure_area.outputs
    app.upload.value = (item(name, GPX),)  # must not raise
    assert words in app.message.value and "previous log is still shown" in app.message.value
    assert "the file was not read: " + words in app.report.value
    assert app.figure_area.outputs == figure and temporary_copies() <= before and app.upload.value == ()


def test_the_log_explorer_explains_a_reader_that_fails_unexpectedly(monkeypatch: pytest.MonkeyPatch) -> None:
    app = training_log_explorer()

    def broken(*args, **kwargs):
        raise KeyError("library internals")

    monkeypatch.setattr(training, "read_log", broken)
    app.upload.value = (item("activities.csv", STRAVA),)
    assert "an unexpected problem (KeyError)" in app.message.value and "library internals" not in app.message.value
    assert "Import report for Your file: activities.csv" in app.report.value


def test_the_log_explorer_refuses_an_oversized_csv_without_reading_it(monkeypatch: pytest.MonkeyPatch) -> None:
    app = training_log_explorer()
    monkeypatch.setattr(training, "read_log", lambda *args, **kwargs: pytest.fail("an oversized file was read"))
    app.upload.value = (item("activities.csv", b"x" * (MAX_CSV_BYTES + 1)),)
    assert "more than the 16 MB this course reads" in app.message.value


# ---------------------------------------------------------------- lesson 05: the shoe-wear tracker


@pytest.mark.parametrize("case", [case for case in BAD_NAMES if case != "wrong ending"])
def test_the_shoe_tracker_explains_every_bad_name_and_keeps_its_drawing(case: str) -> None:
    name, words = BAD_NAMES[case]
    app = shoe_wear_tracker()
    before, figure, takeaway = temporary_copies(), app.figure_area.outputs, app.takeaway.value
    app.upload.value = (item(name, STRAVA),)  # must not raise
    assert words in app.message.value and "The drawing shown is unchanged" in app.message.value
    assert app.figure_area.outputs == figure and app.takeaway.value == takeaway
    assert temporary_copies() <= before


def test_the_shoe_tracker_removes_its_copy_after_a_good_and_a_bad_file() -> None:
    app = shoe_wear_tracker()
    before = temporary_copies()
    app.upload.value = (item("activities.csv", STRAVA),)
    app.upload.value = (item("broken.csv.gz", b"not gzip"),)
    assert "is not a complete gzip file" in app.message.value and "BadGzipFile" not in app.message.value
    assert temporary_copies() <= before


def test_the_shoe_tracker_explains_a_reader_that_fails_unexpectedly(monkeypatch: pytest.MonkeyPatch) -> None:
    app = shoe_wear_tracker()

    def broken(*args, **kwargs):
        raise OSError(36, "File name too long")

    monkeypatch.setattr(training, "read_log", broken)
    app.upload.value = (item("activities.csv", STRAVA),)
    assert "Could not read activities.csv" in app.message.value and "The drawing shown is unchanged" in app.message.value
