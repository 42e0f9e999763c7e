"""Lesson 08 widget: the form is built from the data, checks on submit, keeps what was typed."""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import ipywidgets as widgets

import helpers
from helpers.selfcheck import assess, questionnaire, sample_answers
from helpers.selfcheck_store import download_text
from helpers.widgets.selfcheck import SelfCheckForm, self_check_form


def fill(app: SelfCheckForm, name: str) -> None:
    app.set_answers(sample_answers(name))


def test_the_form_has_every_question_in_section_order_with_visible_labels() -> None:
    app = helpers.self_check_form()
    form = questionnaire()
    assert list(app.controls) == list(form.questions)
    for question_id, control in app.controls.items():
        question = form.questions[question_id]
        if question.answer_type == "multi":
            assert [box.description for box in control.boxes] == list(question.choices)
        else:
            assert control.description == question.label
    headings = [child.children[0].value for child in app.children[1:4]]
    assert app.children[0] is app.problem_summary and app.problem_summary.value == ""  # filled after a failed Submit
    assert [h.split("</h3>")[0] for h in headings] == [f"<h3>{s.title}" for s in form.sections]
    assert app.submit_button.description == "Submit"
    assert "interactive widget" in repr(app)


def test_an_empty_submit_names_every_required_question_and_shows_no_result() -> None:
    app = self_check_form()
    app.submit_button.click()
    required = [q.question_id for q in questionnaire().questions.values() if q.required]
    flagged = [qid for qid, message in app.messages.items() if message.value]
    assert flagged == required
    assert "Please answer this question." in app.messages["age"].value
    assert f"{len(required)} answer(s) need attention" in app.summary.value
    assert app.result.value == "" and app.last_result is None


def test_bad_input_is_named_next_to_its_question_and_nothing_typed_is_cleared() -> None:
    app = self_check_form()
    fill(app, "maya")
    app.controls["age"].value = "340"
    app.controls["sitting_hours"].value = "lots"
    before = app.answers()
    app.submit_button.click()
    assert "340 is out of range" in app.messages["age"].value
    assert "“lots” is not a number" in app.messages["sitting_hours"].value
    assert app.messages["hills"].value == ""
    assert app.answers() == before
    assert "2 answer(s) need attention: Age (years), Sitting (hours/day)" in app.summary.value


def test_a_red_flag_shows_even_while_other_answers_are_missing() -> None:
    app = self_check_form()
    app.controls["saddle_numbness"].value = "yes"
    app.submit_button.click()
    assert "Even before you finish" in app.result.value
    assert app.children.index(app.result) < app.children.index(app.summary)  # the advice above the problem list
    assert "Emergency: go to an emergency department or call an ambulance now" in app.result.value
    assert "What to tell them" in app.result.value
    assert app.controls["saddle_numbness"].value == "yes"


def test_a_complete_form_shows_the_result_with_ranked_factors() -> None:
    app = self_check_form()
    fill(app, "maya")
    app.submit_button.click()
    assert all(message.value == "" for message in app.messages.values())
    page = app.result.value
    assert page.index("No red flags") < page.index("One much longer run") < page.index("Strength training")
    assert page.index("Strength training") < page.index("Not scored: things the evidence has not tested")
    assert app.last_result.level == "self-care"


def test_sam_gets_the_emergency_advice_first_and_no_factors() -> None:
    app = self_check_form()
    fill(app, "sam")
    app.submit_button.click()
    assert app.result.value.index("Emergency") < app.result.value.index("What to do now")
    assert "Things worth looking at" not in app.result.value and "bot-factor" not in app.result.value


def test_save_load_and_export_from_the_form(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    app = self_check_form(str(path))
    fill(app, "maya")
    app.save_button.click()
    assert "Saved to me.json (1 check(s) in the file)" in app.file_status.value
    app.export_button.click()
    assert (tmp_path / "me.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    again = self_check_form(str(path))
    again.load_button.click()
    assert "Loaded your check of" in again.file_status.value
    assert again.answers()["age"] == "34" and again.controls["pain_where"].value == ["lower back", "buttock"]
    again.controls["long_run_spike"].value = "no"
    again.submit_button.click()
    assert "No longer suggested: One much longer run." in again.result.value


def test_a_corrupt_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    path.write_text("{ not json", encoding="utf-8")
    app = self_check_form(str(path))
    fill(app, "maya")
    app.load_button.click()
    assert "not a readable self-check file" in app.file_status.value
    app.save_button.click()
    assert "not a readable self-check file" in app.file_status.value
    assert path.read_text(encoding="utf-8") == "{ not json"
    assert app.answers()["age"] == "34"


def test_saving_an_incomplete_form_saves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    app = self_check_form(str(path))
    app.save_button.click()
    assert "Nothing was saved" in app.file_status.value and not path.exists()


def test_an_unexpected_error_becomes_a_message_not_a_traceback(monkeypatch) -> None:
    app = self_check_form()
    fill(app, "maya")
    import helpers.widgets.selfcheck as module

    def broken(result):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(module, "result_html", broken)
    app.submit_button.click()
    assert "Something went wrong (RuntimeError: disk on fire)" in app.summary.value
    assert app.answers()["age"] == "34"


def test_the_saved_file_holds_only_answers_and_result(tmp_path: Path) -> None:
    path = tmp_path / "me.json"
    app = self_check_form(str(path))
    fill(app, "maya")
    app.save_button.click()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"format", "schema_version", "checks"}
    assert set(data["checks"][0]) == {"saved_at", "answers", "result"}
    assert isinstance(app.controls["hills"], widgets.RadioButtons)


def test_a_cancer_history_runner_sees_the_urgent_advice_and_no_running_tips() -> None:
    app = self_check_form()
    fill(app, "maya")
    app.controls["cancer_history"].value = "yes"
    app.submit_button.click()
    page = app.result.value
    assert page.index("Urgent: contact a doctor or NHS 111 today") < page.index("What to do now")
    assert "a history of cancer" in page and "What to tell them" in page
    assert "Keep each run" not in page and "strength sessions" not in page and "bot-factor" not in page


def test_loading_an_older_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    answers = {k: v for k, v in sample_answers("maya").items() if k != "chest_pain"}
    old = {"level": "self-care", "rank": 0, "heading": "No red flags", "advice": "Keep moving.", "how_fast": "keep an eye on it",
           "level_evidence": "dahm2010", "red_flags": [], "factors": [], "this_week": [], "safety_note": "", "answers": answers}
    path.write_text(json.dumps({"format": "back-on-track-self-check", "schema_version": 1,
                                "checks": [{"saved_at": "2026-04-01T09:00:00", "answers": answers, "result": old}]}))
    app = self_check_form(str(path))
    app.load_button.click()
    assert "older version of the course" in app.file_status.value
    assert "Please answer this question" in app.messages["chest_pain"].value  # the new question still needs an answer


# --- Served as a web app (Voila, `course.py app`): downloads, never files on the shared server ----------------


def _downloaded(app, label: str) -> tuple[str, str]:
    """The file name and text behind a download link in the form."""
    link = re.search(rf'<a download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"[^>]*>{label}',
                     app.downloads.value)
    assert link, f"no download link {label!r} in {app.downloads.value[:200]}"
    return link.group(1), base64.b64decode(link.group(2)).decode("utf-8")


def _upload(app, name: str, content: bytes) -> None:
    app.upload.value = ({"name": name, "type": "application/json", "size": len(content),
                         "content": memoryview(content), "last_modified": datetime(2026, 12, 1, tzinfo=timezone.utc)},)


def test_under_voila_the_form_is_a_web_app(monkeypatch) -> None:
    assert not self_check_form().web_app
    monkeypatch.setenv("VOILA_SERVER_URL", "/")
    app = self_check_form()
    assert app.web_app and app.upload in app.keep.children and app.keep in app.children
    keep = app.keep
    assert app.save_button not in keep.children and app.file_name not in keep.children
    assert "nothing you enter is saved here" in keep.children[0].value


def test_a_web_app_check_downloads_and_loads_again_without_a_server_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = self_check_form(web_app=True)
    assert "Submit your answers first" in app.downloads.value
    fill(app, "maya")
    app.submit_button.click()
    name, text = _downloaded(app, "Download my answers")
    page_name, page = _downloaded(app, "Download a printable page")
    assert (name, page_name) == ("my-self-check.json", "my-self-check.html")
    assert page.startswith("<!DOCTYPE html>") and assess(sample_answers("maya")).heading in page
    assert list(tmp_path.iterdir()) == [], "a web app must not write files on the shared server"

    again = self_check_form(web_app=True)
    _upload(again, "maya's check.json", text.encode("utf-8"))
    assert "Loaded your check of" in again.file_status.value and "maya&#x27;s check.json" in again.file_status.value
    assert again.answers()["age"] == "34" and again.upload.value == ()
    assert list(tmp_path.iterdir()) == []


def test_a_bad_upload_is_named_and_the_answers_stay(tmp_path: Path) -> None:
    app = self_check_form(web_app=True)
    fill(app, "maya")
    _upload(app, "notes.json", b"{ not json")
    assert "notes.json is not a readable self-check file" in app.file_status.value
    _upload(app, "photo.json", b"\xff\xd8\xff\xe0")
    assert "photo.json could not be read" in app.file_status.value
    _upload(app, "other.json", b'{"format": "something else"}')
    assert "other.json is not a Back on Track self-check file" in app.file_status.value
    assert app.answers()["age"] == "34" and app.upload.value == ()


def test_an_uploaded_check_is_never_less_urgent_than_its_answers_today() -> None:
    stored = json.loads(download_text(assess(sample_answers("maya"))))  # a calm result...
    stored["checks"][0]["answers"] = assess(sample_answers("sam")).answers  # ...saved with emergency answers
    app = self_check_form(web_app=True)
    _upload(app, "edited.json", json.dumps(stored).encode("utf-8"))
    assert "Loaded your check" in app.file_status.value and "Emergency" in app.result.value


def test_a_failed_submit_fills_the_box_at_the_top_with_a_link_per_problem_and_a_new_focus_token() -> None:
    app = self_check_form()
    app.controls["saddle_numbness"].value = "yes"
    app.controls["age"].value = "abc"
    app.submit_button.click()
    first = app.problem_summary.value
    assert app.children.index(app.problem_summary) < app.children.index(app.submit_button)
    assert 'data-question="age">Age (years)</a>' in first
    assert first.count("data-question=") == len([q for q in questionnaire().questions.values() if q.required]) - 1
    # Safety: a red flag already answered comes first, above the list of problems.
    assert first.index("Emergency: go to an emergency department") < first.index("need attention")
    app.submit_button.click()
    assert 'data-focus-token="2"' in app.problem_summary.value and 'data-focus-token="1"' in first
    app.set_answers({**sample_answers("maya"), "saddle_numbness": "no"})
    app.submit_button.click()
    assert app.problem_summary.value == ""
