"""Lesson 08 keep-and-share: JSON round-trips, concurrent saves, refusing to overwrite unreadable or read-only files,
validating what is loaded (and old files), the printable page."""

from __future__ import annotations

import html
import json
import os
import re
import stat
import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.data import load_table
import helpers.selfcheck_store as store
from helpers import plan
from helpers.clinician import appointment_notes_from_file
from helpers.selfcheck import NO_RUNNING, NOTHING_NEW, SAFETY_NOTE, STAY_ACTIVE, assess, questionnaire, sample_answers
from helpers.selfcheck_report import printable_page, result_html
from helpers.selfcheck_store import FORMAT, SCHEMA_VERSION, SelfCheckFileError, export_html, load_checks, save_check

WHEN = datetime(2026, 5, 1, 8, 30)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    result = assess(sample_answers("maya"))
    path = tmp_path / "check.json"
    assert save_check(path, result, WHEN) == 1
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and data["schema_version"] == SCHEMA_VERSION == 2
    [check] = load_checks(path)
    assert check.saved_at == "2026-05-01T08:30:00"
    assert check.result == result and check.note == "" and check.schema_version == 2
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
    "a newer version": (json.dumps({"format": FORMAT, "schema_version": 3, "checks": []}),
                        r"saved in self-check file version 3; this course reads versions 1 and 2"),
    "no version": (json.dumps({"format": FORMAT, "checks": []}), r"version None"),
    "an incomplete check": (json.dumps({"format": FORMAT, "schema_version": 2, "checks": [{"answers": {}}]}),
                            r"a check in it is incomplete"),
    "no list of checks": (json.dumps({"format": FORMAT, "schema_version": 2, "checks": {"a": 1}}), r"has no list of checks"),
    "nested 100,000 deep": ('{"format": "back-on-track-self-check", "schema_version": 2, "checks": ' + "[" * 100_000
                            + "]" * 100_000 + "}", r"nested too deeply"),
    "nested 20 deep": ('{"format": "back-on-track-self-check", "schema_version": 2, "checks": ' + "[" * 20
                       + "]" * 20 + "}", r"nested too deeply"),
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
    assert page.index("No red flags in your answers") < page.index("Things worth looking at") < page.index("Safety note")
    assert page.index("Things worth looking at") < page.index("Not scored: things the evidence has not tested")
    assert "One much longer run</b> (score 3; evidence: mixed)" in page
    assert "Week-to-week increases in distance</b> (verdict: not supported)" in page
    assert "contributing" not in page and "These are not causes of your pain" in page
    lesson_06 = load_table("lessons").set_index("number").loc[6]
    if lesson_06["status"] == "ready":
        assert '<a href="06-training-load.ipynb">Lesson 06: Training load</a>' in page
    else:
        assert "Lesson 06: Training load (coming soon)" in page and 'href="06-' not in page
    assert 'href="https://doi.org/10.1136/bjsports-2024-109380"' in page


def test_an_emergency_page_shows_only_the_emergency_advice() -> None:
    page = result_html(assess(sample_answers("sam")))
    assert page.index("Emergency: go to an emergency department or call an ambulance now") < page.index("What your answers showed")
    assert page.index("What your answers showed") < page.index("What to tell them") < page.index("What to do now")
    assert "Things worth looking at" not in page and "Not scored" not in page and "Learn more" not in page
    assert "new trouble passing urine or controlling your bladder or bowels" in page


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
               "core_test": "one or more ratios outside the targets", "previous_back_pain": "yes", "cadence": 150,
               "pain_since": "more than 12 weeks (chronic)", "bmi": 31, "shoe_age": "over 800 km (500 mi)"}
    result = assess(answers)
    page = result_html(result)
    assert len(result.factors) + len(result.untested) == len(load_table("selfcheck_factors"))
    for factor in result.factors + result.untested:
        title = html.escape(factor.lesson_title)
        link = f'<a href="{factor.lesson_file}">Lesson {factor.lesson:02d}: {title}</a>'
        coming = f"Lesson {factor.lesson:02d}: {title} (coming soon)"
        assert (link in page) == factor.lesson_ready and (coming in page) == (not factor.lesson_ready)


# ---------------------------------------------------------------- saving at once, and files a learner protected

SAVER = """
import pathlib, sys, time
from helpers.selfcheck import assess, sample_answers
from helpers.selfcheck_store import save_check
path, name, count, folder = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), pathlib.Path(sys.argv[4])
result = assess(sample_answers(name))
(folder / f"ready-{name}").touch()
while not (folder / "go").exists():
    time.sleep(0.01)
for _ in range(count):
    save_check(path, result)
"""


def test_two_processes_saving_100_checks_each_at_once_keep_all_200(tmp_path: Path) -> None:
    path, signals = tmp_path / "shared.json", tmp_path / "signals"
    signals.mkdir()
    savers = [subprocess.Popen([sys.executable, "-c", SAVER, str(path), name, "100", str(signals)])
              for name in ("maya", "sam")]
    try:
        deadline = time.monotonic() + 300
        while len(list(signals.glob("ready-*"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        (signals / "go").touch()  # both start saving together
        assert [saver.wait(timeout=600) for saver in savers] == [0, 0]
    finally:
        for saver in savers:
            saver.kill()
    checks = load_checks(path)
    assert len(checks) == 200
    assert [check.result.level for check in checks].count("emergency") == 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.json", "signals"]  # no lock or temp file left


def test_a_read_only_file_is_never_replaced(tmp_path: Path) -> None:
    path = tmp_path / "check.json"
    save_check(path, assess(sample_answers("maya")), WHEN)
    path.chmod(0o444)
    before = path.read_bytes()
    for write in (lambda: save_check(path, assess(sample_answers("sam")), WHEN),
                  lambda: export_html(path, assess(sample_answers("sam")), WHEN)):
        with pytest.raises(SelfCheckFileError, match=r"check.json is read-only, so it was left as it is"):
            write()
    assert path.read_bytes() == before and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert len(load_checks(path)) == 1


def test_saving_keeps_the_files_mode(tmp_path: Path) -> None:
    path = tmp_path / "check.json"
    save_check(path, assess(sample_answers("maya")), WHEN)
    path.chmod(0o640)
    save_check(path, assess(sample_answers("maya")), WHEN)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_lock_left_by_a_stopped_program_is_cleared_and_a_live_one_waited_for(tmp_path: Path, monkeypatch) -> None:
    path, lock = tmp_path / "check.json", tmp_path / ".check.json.lock"
    lock.touch()
    old = time.time() - store.STALE_LOCK_S - 5
    os.utime(lock, (old, old))
    assert save_check(path, assess(sample_answers("maya")), WHEN) == 1 and not lock.exists()
    lock.touch()  # another program is saving right now
    monkeypatch.setattr(store, "LOCK_TIMEOUT_S", 0.2)
    with pytest.raises(SelfCheckFileError, match=r"Another program is saving to check.json; try again in a moment"):
        save_check(path, assess(sample_answers("maya")), WHEN)
    assert len(load_checks(path)) == 1


# ---------------------------------------------------------------- what is loaded is checked

def _saved(tmp_path: Path, name: str = "maya", **changes) -> tuple[Path, dict]:
    path = tmp_path / "check.json"
    save_check(path, assess({**sample_answers(name), **changes}), WHEN)
    return path, json.loads(path.read_text(encoding="utf-8"))


def _rewrite(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


TAMPERED = {
    "a script link": (lambda r: r["factors"][0].update(lesson_file="javascript:alert(1)"), r"is not in the course map"),
    "another lesson's file": (lambda r: r["factors"][0].update(lesson_file="08-self-check.ipynb"), r"is not in the course map"),
    "an unknown level": (lambda r: r.update(level="relax"), r"'relax' .* is not one of the course's levels"),
    "a rank that is not the level's": (lambda r: r.update(rank=2), r"is not one of the course's levels"),
    "an unknown verdict": (lambda r: r["factors"][0].update(verdict="proven"), r"'proven' is not a verdict"),
    "a bad citation key": (lambda r: r["factors"][0].update(evidence=["<script>"]), r"is not a citation key"),
    "a wrong type": (lambda r: r.update(heading=["x"]), r"heading has the wrong type"),
    "a score that is text": (lambda r: r["factors"][0].update(score="high"), r"score has the wrong type"),
    "an unknown field": (lambda r: r.update(hidden="x"), r"unknown field 'hidden'"),
    "a missing field": (lambda r: r.pop("advice"), r"has no 'advice'"),
    "a nested answer": (lambda r: r["answers"].update(pain_where=[["lower back"]]), r"an answer is not text"),
}


@pytest.mark.parametrize("kind", TAMPERED)
def test_a_tampered_result_is_refused_with_a_clear_message(tmp_path: Path, kind: str) -> None:
    path, data = _saved(tmp_path)
    change, message = TAMPERED[kind]
    change(data["checks"][0]["result"])
    _rewrite(path, data)
    with pytest.raises(SelfCheckFileError, match=message):
        load_checks(path)


def test_loaded_lesson_links_come_from_the_course_map(tmp_path: Path) -> None:
    path, data = _saved(tmp_path)
    data["checks"][0]["result"]["factors"][0].update(lesson_title="<b>Click me</b>", lesson_ready=True)
    _rewrite(path, data)
    [check] = load_checks(path)
    lesson = load_table("lessons").set_index("number").loc[check.result.factors[0].lesson]
    assert check.result.factors[0].lesson_title == lesson["title"]
    assert check.result.factors[0].lesson_ready == (lesson["status"] == "ready")


def test_a_saved_level_lower_than_todays_rules_give_is_raised_and_said(tmp_path: Path) -> None:
    path, data = _saved(tmp_path, "maya", cancer_history="yes")
    calm = assess(sample_answers("maya")).to_dict()
    data["checks"][0]["result"] = {**calm, "answers": data["checks"][0]["answers"]}  # claims self-care
    _rewrite(path, data)
    [check] = load_checks(path)
    assert check.result.level == "urgent" and check.result.factors == () and check.result.untested == ()
    assert "saved as 'self-care'" in check.note and "'urgent'" in check.note
    assert "Keep each run" not in result_html(check.result)


#: Every running or training tip the course can give: the scored factors' steps and the untested things' suggestions.
TIPS = frozenset(load_table("selfcheck_scores")["this_week"]) | frozenset(load_table("selfcheck_untested")["worth_trying"])
URGENT_STEPS = {"urgent": ("First and most important: contact a doctor or NHS 111 today.", NO_RUNNING),
                "emergency": ("First and most important: go to an emergency department or call an ambulance now.",
                              NO_RUNNING)}


def _pages(result) -> dict[str, str]:
    return {"result_html": result_html(result), "printable_page": printable_page(result, WHEN)}


def _tips_in(page: str) -> list[str]:
    return [tip for tip in TIPS if tip in page or html.escape(tip) in page]


def _with_self_care_tips(result: dict) -> None:
    """Edit a saved result as someone might by hand: self-care's tips, factors, words and more tips elsewhere."""
    calm = assess(sample_answers("maya")).to_dict()
    for key in ("this_week", "factors", "untested", "heading", "advice", "how_fast", "tell"):
        result[key] = calm[key]
    result["safety_note"] = "Keep each run within your longest run of the past month."
    for flag in result["red_flags"]:
        flag["finding"] = "Add two short strength sessions a week (core, glutes and legs)."


def _both_ways(path: Path) -> list:
    """The file's checks as lesson 08's Load and every lesson's upload read them."""
    return [load_checks(path), store.checks_from_upload(path.name, path.read_bytes())]


@pytest.mark.parametrize(("level", "answers"), [("urgent", {"cancer_history": "yes"}), ("emergency", {"both_legs": "yes"})])
def test_a_tampered_urgent_file_shows_no_running_advice(tmp_path: Path, level: str, answers: dict) -> None:
    path, data = _saved(tmp_path, "maya", **answers)
    _with_self_care_tips(data["checks"][0]["result"])
    _rewrite(path, data)
    assert _tips_in(path.read_text(encoding="utf-8"))  # the file does carry tips
    for [check] in _both_ways(path):
        result = check.result
        assert result.level == level and check.note == ""
        assert result.this_week == URGENT_STEPS[level] and result.factors == () and result.untested == ()
        assert result.heading == questionnaire().levels[level].heading and result.safety_note == SAFETY_NOTE
        assert all(flag.finding == "a history of cancer" or flag.flag_id != "cancer" for flag in result.red_flags)
        for name, page in _pages(result).items():
            assert _tips_in(page) == [], name
            assert "bot-factor" not in page and "bot-untested" not in page and STAY_ACTIVE not in page, name


def test_a_tampered_soon_file_keeps_its_factors_but_no_tips_or_untested_list(tmp_path: Path) -> None:
    path, data = _saved(tmp_path, "maya", steroids_osteoporosis="yes")
    factors = load_checks(path)[0].result.factors
    _with_self_care_tips(data["checks"][0]["result"])
    _rewrite(path, data)
    for [check] in _both_ways(path):
        result = check.result
        assert result.level == "soon" and result.untested == () and result.factors == assess(sample_answers("maya")).factors
        assert result.this_week == ("First and most important: book an appointment with a GP or physiotherapist.",
                                    NOTHING_NEW, STAY_ACTIVE)
        for name, page in _pages(result).items():
            assert _tips_in(page) == [], name
    assert factors  # a genuine "soon" check lists its factors too, to talk about when seen


def test_a_saved_red_flag_more_urgent_than_the_saved_level_raises_it(tmp_path: Path) -> None:
    path, data = _saved(tmp_path)
    data["checks"][0]["result"]["red_flags"] = [
        {"flag_id": "fever", "level": "urgent", "rank": 2, "finding": "x", "evidence": "nhs-gp-back-pain"}]
    _rewrite(path, data)
    for [check] in _both_ways(path):
        assert check.result.level == "urgent" and check.result.factors == () and "saved as 'self-care'" in check.note
        assert check.result.red_flags[0].finding == "a fever (38 °C / 100.4 °F or more) or feeling unwell"
        assert _tips_in(result_html(check.result)) == []


def test_the_report_takes_the_steps_from_the_level_from_soon_up() -> None:
    calm = assess(sample_answers("maya"))
    for answers in ({"cancer_history": "yes"}, {"both_legs": "yes"}, {"steroids_osteoporosis": "yes"}):
        forged = replace(assess({**sample_answers("maya"), **answers}), this_week=calm.this_week)
        for name, page in _pages(forged).items():
            assert _tips_in(page) == [], (answers, name)
    assert _tips_in(result_html(calm))  # at self-care the tips are shown


def test_lessons_that_read_a_saved_file_show_no_running_advice_at_urgent(tmp_path: Path) -> None:
    """Lesson 07's appointment notes, lesson 09's planner level and lesson 10's plan gate, from a tampered file."""
    path, data = _saved(tmp_path, "maya", cancer_history="yes")
    _with_self_care_tips(data["checks"][0]["result"])
    data["checks"][0]["result"].update(level="self-care", rank=0, red_flags=[])  # and claims self-care
    _rewrite(path, data)
    notes = appointment_notes_from_file(path)
    assert "ACT ON THIS FIRST" in notes and not _tips_in(notes)
    [check] = store.checks_from_upload(path.name, path.read_bytes())
    assert check.result.level == "urgent"  # what lesson 09's planner sets its level to
    assert plan.verdict(check.result).startswith("No plan: your self-check asks you to see a clinician first.")


def _version_1_file(path: Path, answers: dict, level: str = "soon") -> None:
    """A file as the course wrote it before issue 8: other questions, other levels, factors scored then."""
    old_result = {
        "level": level, "rank": {"soon": 1, "self-care": 0}[level], "heading": "See a clinician soon",
        "advice": "Book an appointment within the next week or two.", "how_fast": "within 1 to 2 weeks",
        "level_evidence": "downie2013",
        "red_flags": [{"flag_id": "cancer", "level": "soon", "rank": 1, "finding": "cancer in the past",
                       "evidence": "downie2013"}] if level == "soon" else [],
        "factors": [{"factor_id": "sitting", "title": "Long hours of sitting", "score": 0.5,
                     "reasons": ["You sit for 8 hours or more a day."], "evidence": ["roffey2010"],
                     "why": "Reviews find no proof", "this_week": "Break it up.", "lesson": 3,
                     "lesson_title": "Hips", "lesson_file": "03-hips-pelvis-and-posture.ipynb", "lesson_ready": True}],
        "this_week": ["First and most important: see a clinician soon.", "Keep each run within your longest run."],
        "safety_note": "Education, not diagnosis.", "answers": answers,
    }
    check = {"saved_at": "2026-04-01T09:00:00", "answers": answers, "result": old_result}
    path.write_text(json.dumps({"format": FORMAT, "schema_version": 1, "checks": [check]}), encoding="utf-8")


def _version_1_answers(**changes) -> dict:
    new_questions = {"chest_pain", "serious_accident", "back_swelling", "upper_back", "cough_sneeze",
                     "immunosuppressed", "new_episode"}
    return {key: value for key, value in {**sample_answers("maya"), **changes}.items() if key not in new_questions}


def test_a_version_1_file_is_read_with_todays_red_flag_rules_and_a_note(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    _version_1_file(path, _version_1_answers(cancer_history="yes"))
    before = path.read_bytes()
    [check] = load_checks(path)
    assert check.schema_version == 1 and "older version of the course" in check.note
    assert check.result.level == "urgent"  # cancer history was "soon" then; today it is "urgent"
    assert check.result.factors == () and check.result.untested == ()
    assert "Keep each run" not in " ".join(check.result.this_week)
    with pytest.raises(SelfCheckFileError, match=r"saved by an older version of the course .* save this check to another"):
        save_check(path, assess(sample_answers("maya")), WHEN)
    assert path.read_bytes() == before


def test_a_version_1_self_care_check_keeps_its_level_but_not_its_old_factors(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    _version_1_file(path, _version_1_answers(), level="self-care")
    [check] = load_checks(path)
    assert check.result.level == "self-care" and check.result.factors == ()
    assert check.result.this_week == (STAY_ACTIVE,)


ANY_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
                        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                        max_leaves=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_change_to_a_saved_result_loads_safely_or_gives_the_file_error(tmp_path: Path, data) -> None:
    path = tmp_path / "fuzz.json"
    result = assess(sample_answers(data.draw(st.sampled_from(["maya", "sam"])))).to_dict()
    key = data.draw(st.sampled_from(sorted(result)))
    result[key] = data.draw(ANY_JSON)
    check = {"saved_at": "2026-05-01T08:30:00", "answers": result.get("answers", {}), "result": result}
    text = json.dumps({"format": FORMAT, "schema_version": 2, "checks": [check]})
    path.write_text(text, encoding="utf-8")
    try:
        [loaded] = load_checks(path)
    except SelfCheckFileError:
        return
    result_html(loaded.result)  # what loads can be shown
    assert loaded.result.rank >= 0
