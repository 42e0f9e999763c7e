"""Lesson 07: notes for an appointment from a saved self-check (model and widget)."""

from __future__ import annotations

import base64
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from helpers import appointment, training
from helpers.appointment import AppointmentFileError, AppointmentNotes, appointment_notes, notes_from_file, notes_from_upload
from helpers.selfcheck import assess, sample_answers
from helpers.selfcheck_store import SelfCheckFileError, checks_from_upload, download_text, save_check
from helpers.widgets.clinician import appointment_notes_app

RUNNING = ("How and when can I start running again?", "My running", "week of", "longest run", "running log")


def _result(name: str, **changes: object):
    return assess({**sample_answers(name), **changes})


def _urgent():
    return _result("maya", fever_unwell="yes")


@pytest.fixture(scope="module")
def log() -> training.TrainingLoad:
    activities, _ = training.read_log(training.sample_log_path(), timezone=training.SAMPLE_TIMEZONE)
    return training.analyse(activities)


# --- the notes ------------------------------------------------------------------------------------

def test_self_care_notes_give_level_pain_running_and_questions(log) -> None:
    notes = appointment_notes(_result("maya"), log)
    assert notes.startswith("NOTES FOR MY APPOINTMENT (from my self-check: education, not diagnosis)")
    assert "Self-check level: No red flags in your answers: self-care is reasonable" in notes
    assert "Red flags in my answers:\n  none" in notes and "ACT ON THIS FIRST" not in notes
    assert "  Since when: less than 6 weeks (acute)" in notes and "  What eases it: moving about, heat" in notes
    assert "  Limits daily life (0-10): 3\n" in notes
    assert "  week of 16 Dec 2024: 40.0 km (24.9 mi)" in notes
    assert "  longest run in the last 30 days of the log: 14.6 km (9.1 mi)" in notes
    assert notes.endswith("  - How and when can I start running again?")


def test_without_a_log_the_notes_say_so() -> None:
    assert "My running, last 6 weeks of my log:\n  (no running log loaded)" in appointment_notes(_result("maya"))


def test_at_an_emergency_the_notes_hold_only_what_to_do_and_what_to_tell(log) -> None:
    notes = appointment_notes(_result("sam"), log)
    assert "ACT ON THIS FIRST: go to an emergency department or call an ambulance now." in notes
    assert "  - new trouble passing urine or controlling your bladder or bowels (emergency)" in notes
    assert "What to tell them:\n  Say that you have back pain with the signs listed here" in notes
    assert not [word for word in (*RUNNING, "My pain", "Questions to ask") if word in notes]
    assert notes.rstrip().endswith("that you have had cancer.")


def test_at_urgent_the_notes_act_first_and_leave_out_running(log) -> None:
    notes = AppointmentNotes(_urgent(), log=log)
    text = notes.text()
    assert notes.result.level == "urgent" and not notes.shows_running and not notes.emergency
    assert "ACT ON THIS FIRST: contact a doctor or NHS 111 today." in text
    assert "a fever (38 °C / 100.4 °F or more) or feeling unwell (urgent)" in text
    assert "My pain:" in text and "Questions to ask:" in text
    assert not [word for word in RUNNING if word in text]


@pytest.mark.parametrize("name", ["maya", "sam", "urgent"])
def test_the_page_is_self_contained_and_leads_with_the_level(name: str) -> None:
    result = _urgent() if name == "urgent" else _result(name)
    page = AppointmentNotes(result, "2026-12-01T10:00:00").page(datetime(2026, 12, 2, 9, 30))
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "@page" in page
    assert not re.search(r"""(src|href)=["']?(?!https://|#)""", page.replace('href="https://', ""))
    assert "Made on 2026-12-02 09:30 by the Back on Track course" in page and "nothing was sent anywhere else" in page
    level_box, act = page.index('class="bot-level '), page.find("Act on this first")
    assert level_box < page.find("<h2>") or "<h2>" not in page  # the level before any other section
    assert (act != -1) == (result.rank >= 2) and (act == -1 or act < level_box)
    assert ("How and when can I start running again?" in page) == (result.rank <= 1)


def test_notes_from_a_saved_file_use_the_latest_check(tmp_path: Path) -> None:
    path = tmp_path / "my-self-check.json"
    save_check(path, _result("sam"))
    save_check(path, _result("maya"))
    notes = notes_from_file(path)
    assert notes.result.level == "self-care" and notes.saved_at
    assert "Self-check saved: " in notes.text()


def test_a_saved_check_is_shown_at_todays_level_with_the_stores_note() -> None:
    """A file saved as 'self-care' whose answers are urgent today: the notes say urgent, and why."""
    import json

    data = json.loads(download_text(_result("maya")))
    data["checks"][0]["answers"]["fever_unwell"] = "yes"
    notes = notes_from_upload("old.json", json.dumps(data).encode())
    assert notes.result.level == "urgent" and "today's red-flag rules make its answers 'urgent'" in notes.text()
    assert "ACT ON THIS FIRST" in notes.text()


# --- bad files: the store's reason, in words that fit loading ----------------------------------------

BAD_FILES = [
    ("{not json", "is not a readable self-check file (broken JSON at line 1)."),
    ("", "is not a readable self-check file (broken JSON at line 1)."),
    ('{"format": "back-on-track-self-check", "schema_version": 99, "checks": []}',
     "was saved in self-check file version 99; this course reads versions 1 and 2."),
    ('{"format": "something-else"}', "is not a Back on Track self-check file."),
    ('{"format": "back-on-track-self-check", "schema_version": 2, "checks": [{"saved_at": "x"}]}',
     "looks like a self-check file but a check in it is incomplete or damaged"),
]


@pytest.mark.parametrize(("content", "reason"), BAD_FILES)
def test_a_bad_upload_gives_the_stores_reason_and_loading_advice(content: str, reason: str) -> None:
    with pytest.raises(SelfCheckFileError) as stored:
        checks_from_upload("my-check.json", content.encode())
    with pytest.raises(AppointmentFileError) as ours:
        notes_from_upload("my-check.json", content.encode())
    message = str(ours.value)
    assert message.startswith("my-check.json") and reason in message and reason in str(stored.value)
    assert message.endswith(appointment.LOAD_ADVICE)
    assert not re.search(r"save (a|this|to)|left as it is|another file name", message), message


def test_a_missing_or_empty_file_gives_a_loading_message(tmp_path: Path) -> None:
    with pytest.raises(AppointmentFileError, match=r"^There is no file missing.json here. Nothing was loaded."):
        notes_from_file(tmp_path / "missing.json")
    empty = tmp_path / "empty.json"
    empty.write_text('{"format": "back-on-track-self-check", "schema_version": 2, "checks": []}', encoding="utf-8")
    with pytest.raises(AppointmentFileError, match=r"^empty.json holds no saved self-check. Nothing was loaded."):
        notes_from_file(empty)


def test_loading_message_keeps_the_reason_and_drops_the_saving_advice() -> None:
    error = SelfCheckFileError("x.json is far larger than a self-check file. It was not loaded.")
    assert appointment.loading_message(error) == f"x.json is far larger than a self-check file. {appointment.LOAD_ADVICE}"


# --- the widget ------------------------------------------------------------------------------------

def _file(name: str, content: bytes) -> tuple[dict]:
    return ({"name": name, "type": "application/json", "size": len(content), "content": memoryview(content),
             "last_modified": datetime(2026, 12, 1, tzinfo=timezone.utc)},)


def _downloaded(app) -> str:
    (data,) = re.findall(r'href="data:text/html;charset=utf-8;base64,([^"]+)"', app.download.value)
    return base64.b64decode(data).decode("utf-8")


def test_the_widget_starts_with_labelled_uploads_and_an_instruction() -> None:
    app = appointment_notes_app()
    assert app.upload.description == "Load my saved self-check" and app.upload.accept == ".json"
    assert app.log_upload.description == "Add my running log" and not app.log_upload.disabled
    assert "Load your saved self-check" in app.notes_area.value and app.download.value == ""
    assert "nothing is sent anywhere else" in app.children[0].value
    assert "open the course in JupyterLab" in repr(app)


def test_uploading_a_saved_check_shows_the_notes_and_a_download_of_the_same_notes() -> None:
    app = appointment_notes_app()
    app.upload.value = _file("my-self-check.json", download_text(_result("maya")).encode())
    assert "Loaded the check saved" in app.status.value and "my-self-check.json" in app.status.value
    assert "Since when: less than 6 weeks (acute)" in app.notes_area.value
    assert app.upload.value == ()  # the page keeps no copy of the file
    page = _downloaded(app)
    assert page.startswith("<!DOCTYPE html>") and "Since when: less than 6 weeks (acute)" in page
    assert 'download="my-appointment-notes.html"' in app.download.value


def test_a_bad_file_shows_a_clear_message_and_keeps_the_notes() -> None:
    app = appointment_notes_app()
    app.upload.value = _file("mine.json", download_text(_result("maya")).encode())
    notes, link = app.notes_area.value, app.download.value
    app.upload.value = _file("broken.json", b"{not json")
    assert 'role="alert"' in app.status.value and "Not loaded:" in app.status.value
    assert "broken.json is not a readable self-check file (broken JSON at line 1). Nothing was loaded." in app.status.value
    assert "Traceback" not in app.status.value and "save a new check" not in app.status.value
    assert app.notes_area.value == notes and app.download.value == link


def test_a_running_log_adds_the_last_weeks_and_a_bad_log_changes_nothing() -> None:
    app = appointment_notes_app()
    app.upload.value = _file("mine.json", download_text(_result("maya")).encode())
    app.log_upload.value = _file("runs.csv", training.sample_log_path().read_bytes())
    assert "Read your running log runs.csv" in app.log_status.value
    assert "longest run in the last 30 days of the log" in app.notes_area.value and "week of" in _downloaded(app)
    notes = app.notes_area.value
    app.log_upload.value = _file("photo.csv", b"\x00\x01 not a log")
    assert 'role="alert"' in app.log_status.value and "The notes are unchanged." in app.log_status.value
    assert app.notes_area.value == notes


def test_a_log_loaded_first_is_used_when_the_check_arrives() -> None:
    app = appointment_notes_app()
    app.log_upload.value = _file("runs.csv", training.sample_log_path().read_bytes())
    app.upload.value = _file("mine.json", download_text(_result("maya")).encode())
    assert "week of 16 Dec 2024" in app.notes_area.value


@pytest.mark.parametrize("name", ["sam", "urgent"])
def test_at_urgent_or_emergency_the_widget_shows_no_running_and_switches_the_log_off(name: str) -> None:
    app = appointment_notes_app()
    app.log_upload.value = _file("runs.csv", training.sample_log_path().read_bytes())
    result = _urgent() if name == "urgent" else _result(name)
    app.upload.value = _file("mine.json", download_text(result).encode())
    assert app.log_upload.disabled and "leave out running" in app.log_status.value
    for shown in (app.notes_area.value, _downloaded(app)):
        assert "Act on this first" in shown and not [word for word in RUNNING[:4] if word in shown]
    app.upload.value = _file("mine.json", download_text(_result("maya")).encode())
    assert not app.log_upload.disabled and "week of" in app.notes_area.value
    assert "leave out running" not in app.log_status.value and "Read your running log runs.csv" in app.log_status.value


def test_an_unexpected_error_becomes_a_message(monkeypatch) -> None:
    app = appointment_notes_app()

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(appointment, "notes_from_upload", broken)
    app.upload.value = _file("mine.json", b"{}")
    assert "Something went wrong (RuntimeError: disk on fire)" in app.status.value


def test_lesson_07s_first_functions_still_give_the_notes_as_text(tmp_path: Path) -> None:
    """helpers.clinician.appointment_notes(_from_file) are kept for code written against them."""
    from helpers import clinician

    assert clinician.appointment_notes(_result("maya")) == appointment_notes(_result("maya"))
    path = tmp_path / "mine.json"
    save_check(path, _urgent())
    text = clinician.appointment_notes_from_file(path)
    assert "ACT ON THIS FIRST" in text and not [word for word in RUNNING if word in text]
    (path.parent / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SelfCheckFileError, match="Nothing was loaded"):  # the store's error type, loading words
        clinician.appointment_notes_from_file(path.parent / "bad.json")
