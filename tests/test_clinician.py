"""Lesson 07 model, data, figure and widget: imaging findings by age, conditions, red flags, when to scan."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import helpers
from helpers import clinician
from helpers.data import DataTableError, parse_table, schema
from helpers.figures.clinician import imaging_figure
from helpers.paths import data_dir, notebooks_dir
from helpers.references import references
from helpers.safety import safety_note, safety_note_tiers
from helpers.schemas.clinician import AGE_COLUMNS, STUDY_AGES
from helpers.selfcheck import questionnaire
from helpers.widgets.clinician import imaging_by_age

LESSON = notebooks_dir() / "07-when-to-see-a-clinician.ipynb"
FINDINGS = list(clinician.finding_names())
ages = st.floats(min_value=20, max_value=80, allow_nan=False)


# --- the data: every number checked against the paper ---------------------------------------

def test_the_abstracts_numbers_at_20_and_80() -> None:
    """Brinjikji et al. 2015a, abstract: degeneration 37→96 %, bulge 30→84 %, protrusion 29→43 %, fissure 19→29 %."""
    table = clinician.findings()
    abstract = {"disc-degeneration": (37, 96), "disc-bulge": (30, 84), "disc-protrusion": (29, 43), "annular-fissure": (19, 29)}
    for key, (young, old) in abstract.items():
        assert (table.at[key, "age_20"], table.at[key, "age_80"]) == (young, old)
        assert table.at[key, "in_abstract"]
    assert set(table.index[table["in_abstract"]]) == set(abstract)


def test_ages_20_to_50_as_in_the_papers_table() -> None:
    """The 20–50 columns as reproduced in PMC4975884, Table 1 (Brinjikji et al. 2015a, Table 2)."""
    expected = {
        "disc-degeneration": (37, 52, 68, 80), "disc-signal-loss": (17, 33, 54, 73), "disc-height-loss": (24, 34, 45, 56),
        "disc-bulge": (30, 40, 50, 60), "disc-protrusion": (29, 31, 33, 36), "annular-fissure": (19, 20, 22, 23),
        "facet-degeneration": (4, 9, 18, 32), "spondylolisthesis": (3, 5, 8, 14),
    }
    table = clinician.findings()
    assert {key: tuple(table.loc[key, list(AGE_COLUMNS[:4])]) for key in table.index} == expected


def test_odds_ratios_as_in_the_abstract() -> None:
    odds = clinician.pain_odds()
    assert list(odds.index) == ["disc-bulge", "spondylolysis", "disc-extrusion", "modic-1", "disc-protrusion", "disc-degeneration"]
    assert tuple(odds.loc["disc-bulge", ["odds_ratio", "ci_low", "ci_high"]]) == (7.54, 1.28, 44.56)
    assert tuple(odds.loc["disc-degeneration", ["odds_ratio", "ci_low", "ci_high"]]) == (2.24, 1.21, 4.15)


@pytest.mark.parametrize(("table", "columns"), [
    ("clinician_imaging", ["source"]), ("clinician_pain_odds", ["source"]),
    ("clinician_imaging_when", ["source"]), ("clinician_conditions", ["sources"]),
])
def test_every_source_resolves_and_is_checked(table: str, columns: list[str]) -> None:
    from helpers.data import load_table, split_choices

    keys = {key for column in columns for cell in load_table(table)[column] if isinstance(cell, str)
            for key in split_choices(cell)}
    refs = references()
    assert keys <= set(refs.index)
    assert refs.loc[sorted(keys & {"brinjikji2015a", "brinjikji2015b", "nice-ng59"}), "details_checked"].all()


def test_the_models_cite_agrees_with_the_reference_list() -> None:
    from helpers.references import cite

    for key in references().index:
        assert clinician.cite(key) == cite(key)
    with pytest.raises(KeyError, match="No reference with the key 'nobody2099'"):
        clinician.cite("nobody2099")


def test_a_condition_with_a_number_names_its_source() -> None:
    from helpers.data import load_table

    for row in load_table("clinician_conditions").itertuples():
        if re.search(r"\d", row.how_common):
            assert isinstance(row.sources, str) and row.sources, row.condition
        else:
            assert re.search(r"no verified figure|Unknown", row.how_common), row.condition


def test_a_falling_value_is_refused_with_row_and_column(tmp_path: Path) -> None:
    text = (data_dir() / "clinician_imaging.csv").read_text(encoding="utf-8").replace(",37,52,68,", ",37,25,68,")
    broken = tmp_path / "clinician_imaging.csv"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(DataTableError, match=r"row 2, column 'age_30': is 25 %, below 37 % at age_20"):
        parse_table(broken, schema("clinician_imaging"))


# --- the model --------------------------------------------------------------------------------

@pytest.mark.parametrize(("age", "decade"), [(20, 20), (24.9, 20), (25, 20), (25.1, 30), (44, 40), (45, 40), (46, 50), (80, 80)])
def test_study_age_is_the_nearest_decade_ties_to_the_younger(age: float, decade: int) -> None:
    assert clinician.study_age(age) == decade


@pytest.mark.parametrize(("typed", "says"), [
    ("", "Age is empty: type a number from 20 to 80 years."),
    ("forty", "Age must be a number from 20 to 80 years; you typed 'forty'."),
    ("19", "Age must be from 20 to 80 years; you typed 19."),
    ("81", "Age must be from 20 to 80 years; you typed 81."),
    ("nan", "Age must be a number from 20 to 80 years; you typed 'nan'."),
])
def test_bad_typed_ages_are_refused_with_what_to_type(typed: str, says: str) -> None:
    with pytest.raises(ValueError, match=re.escape(says)):
        clinician.parse_age(typed)


def test_ages_outside_the_study_and_unknown_findings_are_refused() -> None:
    with pytest.raises(ValueError, match="the ages the study covers"):
        clinician.study_age(85)
    with pytest.raises(ValueError, match="No imaging finding 'slipped-disc'; choose one of: disc-degeneration"):
        clinician.prevalence("slipped-disc", 40)


@given(st.integers(min_value=0, max_value=100))
def test_the_icon_array_always_shows_100_people(count: int) -> None:
    places = clinician.icon_array(count)
    assert len(places) == 100 and sum(places) == count
    assert places == sorted(places, reverse=True)  # the filled dots come first, easy to count


@pytest.mark.parametrize("count", [-1, 101])
def test_the_icon_array_refuses_impossible_counts(count: int) -> None:
    with pytest.raises(ValueError):
        clinician.icon_array(count)


@given(st.sampled_from(FINDINGS), ages, ages)
def test_people_with_a_finding_never_fall_with_age(finding: str, first: float, second: float) -> None:
    younger, older = sorted((first, second))
    assert 0 <= clinician.people_with(finding, younger) <= clinician.people_with(finding, older) <= 100


def test_people_with_equals_the_percentage_at_each_decade() -> None:
    table = clinician.findings()
    for key in table.index:
        for age, column in zip(STUDY_AGES, AGE_COLUMNS):
            assert clinician.people_with(key, age) == table.at[key, column]


def test_the_takeaway_gives_the_number_and_the_odds_only_up_to_50() -> None:
    text = clinician.describe_imaging("disc-bulge", 40)
    assert text.startswith("Disc bulge: about 50 of 100 people at age 40 who have NO back pain")
    assert "odds ratio 7.54 (95 % CI 1.28–44.56; Brinjikji et al. 2015b)" in text
    later = clinician.describe_imaging("disc-bulge", 70)
    assert "77 of 100" in later and "odds ratio" not in later and "aged 50 or under only" in later
    typed = clinician.describe_imaging("facet-degeneration", 45)
    assert "at age 40 (the study's nearest age to 45)" in typed and "18 of 100" in typed
    assert "not among the six findings" in typed


def test_findings_at_an_age_lists_every_finding_with_odds_where_known() -> None:
    table = clinician.findings_at(60)
    assert list(table.columns) == ["Finding", "People without back pain at age 60 (%)", "Odds ratio with back pain, age ≤ 50"]
    assert len(table) == 8 and table.iloc[0].tolist()[:2] == ["Disc degeneration", 88]
    assert table.set_index("Finding").loc["Disc bulge"].iloc[1] == 7.54


def test_imaging_advice_follows_nice() -> None:
    advice = clinician.imaging_advice()
    assert advice.iloc[0]["Scan?"] == "No routine scan" and advice.iloc[0]["Source"] == "NICE 2016"
    assert advice.set_index("Scan?").loc["Emergency MRI", "Source"] == "BMJ Best Practice"
    assert len(advice) == 5


# --- red flags: one source of truth ---------------------------------------------------------------

def test_red_flags_are_the_self_checks_own_rows_in_order() -> None:
    form = questionnaire()
    groups = clinician.red_flags_by_level()
    assert [group.level for group in groups] == ["emergency", "urgent", "soon"]
    for group in groups:
        assert group.heading == form.levels[group.level].heading
        assert group.findings == tuple(rule.text for rule in form.red_flags if rule.target == group.level)
    assert sum(len(group.findings) for group in groups) == len(form.red_flags)


def test_red_flags_appear_in_the_safety_note_under_their_level_in_order() -> None:
    tiers = safety_note_tiers()
    for group in clinician.red_flags_by_level():
        paragraph = tiers[group.heading]  # the note's bold heading is the self-check's level heading
        positions = [paragraph.index(finding) for finding in group.findings]
        assert positions == sorted(positions), group.level


def _lesson() -> dict:
    return json.loads(LESSON.read_text(encoding="utf-8"))


def test_the_lesson_prints_exactly_the_self_checks_red_flags() -> None:
    """The red-flag list the learner reads in lesson 07 equals the self-check's list, level by level."""
    cell = next(cell for cell in _lesson()["cells"] if "".join(cell["source"]) == "print(clinician.red_flag_text())")
    printed = "".join(cell["outputs"][0]["text"])
    shown: dict[str, list[str]] = {}
    heading = None
    for line in printed.splitlines():
        if line.startswith("  - "):
            shown[heading].append(line[4:])
        else:
            heading = line
            shown[heading] = []
    expected = {group.heading: list(group.findings) for group in clinician.red_flags_by_level()}
    assert shown == expected
    assert printed == clinician.red_flag_text() + "\n"


def test_the_lesson_ends_with_the_course_safety_note_and_says_education_not_diagnosis() -> None:
    text = "\n\n".join("".join(cell["source"]) for cell in _lesson()["cells"] if cell["cell_type"] == "markdown")
    assert safety_note() in text
    assert "**education, not diagnosis**" in text
    assert re.search(r"\*\*Time:\*\* teaching \d+ minutes, practice \d+ minutes\.", text)


def test_the_self_test_has_questions_with_checked_sources() -> None:
    from helpers import quiz

    questions = quiz.questions(7)
    assert len(questions) >= 3
    assert {question.source for question in questions} <= set(references().index)


# --- figure and widget ---------------------------------------------------------------------------

def test_the_figure_shows_100_dots_and_marks_the_chosen_bar_without_colour_alone() -> None:
    shares = clinician.findings_at(40).set_index("Finding").iloc[:, 0]
    figure = imaging_figure(clinician.icon_array(50), "Disc bulge", 40, shares)
    dots = [trace for trace in figure.data if trace.type == "scatter"]
    assert [len(trace.x) for trace in dots] == [50, 50]
    assert [trace.marker.symbol for trace in dots] == ["circle", "circle-open"]
    (bars,) = [trace for trace in figure.data if trace.type == "bar"]
    assert len(bars.x) == 8 and bars.customdata[bars.x.index(50)] == "Disc bulge"
    patterned = [name for name, shape in zip(bars.customdata, bars.marker.pattern.shape) if shape]
    assert patterned == ["Disc bulge"]
    labels = [note.text for note in figure.layout.annotations]
    assert "<b>Disc bulge (chosen)</b>" in labels and "Spondylolysis" not in labels and "Annular fissure" in labels
    assert "50 of 100 people without back pain" in figure.layout.title.text


def figure_of(app) -> dict:
    (output,) = app.figure_area.outputs
    return output["data"]["application/vnd.plotly.v1+json"]


def test_the_widget_starts_at_40_with_disc_bulge_and_labelled_controls() -> None:
    app = helpers.imaging_by_age()
    assert (app.age.description, app.typed.description, app.finding.description) == ("Age (years)", "Type an age (years)", "Finding")
    assert (app.age.value, app.finding.value, app.typed.value) == (40, "disc-bulge", "40")
    assert not app.age.continuous_update and app.age.step == 10
    assert len(app.finding.tooltips) == len(app.finding.options) == 8
    assert "about 50 of 100 people at age 40" in app.takeaway.value
    assert "50 filled dots have disc bulge" in app.description.value
    assert "open the course in JupyterLab" in repr(app)


def test_moving_the_age_and_choosing_a_finding_redraw() -> None:
    app = imaging_by_age()
    before = figure_of(app)
    app.age.value = 60
    assert figure_of(app) != before and app.typed.value == "60"
    assert "about 69 of 100 people at age 60" in app.takeaway.value
    app.finding.value = "spondylolisthesis"
    assert "Spondylolisthesis: about 23 of 100 people at age 60" in app.takeaway.value
    assert "<b>Spondylolisthesis</b> at age 60" in figure_of(app)["layout"]["title"]["text"]


def test_a_typed_age_moves_the_slider_to_its_decade_and_says_so() -> None:
    app = imaging_by_age()
    app.typed.value = "57"
    assert app.age.value == 60 and app.typed.value == "57"
    assert "age 60 (the study&#x27;s nearest age to 57)" in app.takeaway.value
    app.typed.value = "62"  # same decade: the text changes, the slider stays
    assert app.age.value == 60 and "nearest age to 62" in app.takeaway.value
    app.age.value = 30  # the slider wins again, and the box follows
    assert app.typed.value == "30" and "at age 30 who" in app.takeaway.value


@pytest.mark.parametrize(("typed", "says"), [("abc", "you typed &#x27;abc&#x27;"), ("95", "you typed 95"), ("", "Age is empty")])
def test_a_bad_typed_age_shows_a_message_and_changes_nothing(typed: str, says: str) -> None:
    app = imaging_by_age()
    app.age.value = 50
    figure, takeaway = figure_of(app), app.takeaway.value
    app.typed.value = typed
    assert "Please check" in app.message.value and says in app.message.value
    assert figure_of(app) == figure and app.takeaway.value == takeaway
    assert app.age.value == 50 and app.typed.value == typed  # nothing the learner typed is lost
    app.typed.value = "70"
    assert app.message.value == "" and app.age.value == 70


def test_show_the_numbers_gives_the_table() -> None:
    app = imaging_by_age()
    app.show_numbers.value = True
    assert "People without back pain at age 40 (%)" in app.numbers.value and "Spondylolisthesis" in app.numbers.value


@pytest.mark.parametrize("finding", FINDINGS)
def test_the_figure_validates_for_every_finding_at_every_age(finding: str) -> None:
    """The figure skips plotly's per-property validation for speed: every variant must still be valid."""
    import plotly.graph_objects as go

    for age in STUDY_AGES:
        shares = clinician.findings_at(age).set_index("Finding").iloc[:, 0]
        count = clinician.people_with(finding, age)
        figure = imaging_figure(clinician.icon_array(count), clinician.finding_names()[finding], age, shares)
        go.Figure(figure.to_dict())  # raises ValueError on any invalid property


# --- notes for an appointment ---------------------------------------------------------------------

def _sample_result(name: str):
    from helpers.selfcheck import assess, sample_answers

    return assess(sample_answers(name))


def test_appointment_notes_give_level_flags_pain_and_questions() -> None:
    notes = clinician.appointment_notes(_sample_result("maya"))
    assert notes.startswith("NOTES FOR MY APPOINTMENT (from my self-check: education, not diagnosis)")
    assert "Self-check level: No red flags in your answers: self-care is reasonable" in notes
    assert "Red flags in my answers:\n  none" in notes and "ACT ON THIS FIRST" not in notes
    assert "  Since when: less than 6 weeks (acute)" in notes and "  What eases it: moving about, heat" in notes
    assert "  Limits daily life (0-10): 3\n" in notes
    assert "(no running log loaded)" in notes
    assert notes.endswith("  - How and when can I start running again?")


def test_at_an_emergency_the_notes_say_act_first_and_list_the_flags() -> None:
    from helpers import training

    activities, _ = training.read_log(training.sample_log_path(), timezone=training.SAMPLE_TIMEZONE)
    notes = clinician.appointment_notes(_sample_result("sam"), training.analyse(activities))
    assert "ACT ON THIS FIRST: go to an emergency department or call an ambulance now." in notes
    assert "  - new trouble passing urine or controlling your bladder or bowels (emergency)" in notes
    assert "  week of 16 Dec 2024: 40.0 km (24.9 mi)" in notes
    assert "  longest run in the last 30 days of the log: 14.6 km (9.1 mi)" in notes


def test_notes_from_a_saved_file_use_the_latest_check(tmp_path: Path) -> None:
    from helpers.selfcheck_store import save_check

    path = tmp_path / "my-self-check.json"
    save_check(path, _sample_result("sam"))
    save_check(path, _sample_result("maya"))
    notes = clinician.appointment_notes_from_file(path)
    assert "Self-check saved: " in notes and "self-care is reasonable" in notes


@pytest.mark.parametrize(("content", "says"), [
    ("{not json", "my-self-check.json"),
    ("", "my-self-check.json"),
    ('{"schema_version": 99, "checks": []}', "my-self-check.json"),
])
def test_a_corrupt_or_missing_self_check_file_gives_the_stores_clear_message(tmp_path: Path, content: str, says: str) -> None:
    from helpers.selfcheck_store import SelfCheckFileError, load_checks

    path = tmp_path / "my-self-check.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SelfCheckFileError) as stored:
        load_checks(path)
    with pytest.raises(SelfCheckFileError) as ours:
        clinician.appointment_notes_from_file(path)
    assert str(ours.value) == str(stored.value) and says in str(ours.value)
    with pytest.raises(SelfCheckFileError, match="missing.json"):
        clinician.appointment_notes_from_file(tmp_path / "missing.json")


def test_a_typed_age_is_echoed_as_read() -> None:
    from helpers.widgets import imaging_by_age

    app = imaging_by_age()
    assert "Read as: age 40 years." in app.takeaway.value
    app.typed.value = " 43,5 "
    assert "Read as: age &quot;43,5&quot; = 43.5 years." in app.takeaway.value
    app.age.value = 60
    assert "Read as: age 60 years." in app.takeaway.value
