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
from helpers.data import DataTableError, load_table, parse_table, schema, split_choices
from helpers.figures.clinician import imaging_figure
from helpers.paths import data_dir, notebooks_dir
from helpers.references import references
from helpers.safety import safety_note, safety_note_tiers
from helpers.schemas.clinician import AGE_COLUMNS, STUDY_AGES
from helpers.selfcheck import questionnaire
from helpers.widgets.clinician import clinician_figure, imaging_by_age

LESSON = notebooks_dir() / "07-when-to-see-a-clinician.ipynb"
FINDINGS = list(clinician.finding_names())
ages = st.floats(min_value=10, max_value=100, allow_nan=False)


# --- the data: every number checked against the paper ---------------------------------------

def test_the_abstracts_numbers_at_20_and_80() -> None:
    """Brinjikji et al. 2015a, abstract: degeneration 37→96 %, bulge 30→84 %, protrusion 29→43 %, fissure 19→29 %."""
    table = clinician.findings()
    abstract = {"disc-degeneration": (37, 96), "disc-bulge": (30, 84), "disc-protrusion": (29, 43), "annular-fissure": (19, 29)}
    for key, (young, old) in abstract.items():
        assert (table.at[key, "age_20"], table.at[key, "age_80"]) == (young, old)
        assert table.at[key, "in_abstract"]
    assert set(table.index[table["in_abstract"]]) == set(abstract)


#: Brinjikji et al. 2015a, Table 2 (ages 20 to 80), as read in the paper's own text (see data/references-checked.md).
TABLE_2 = {
    "disc-degeneration": (37, 52, 68, 80, 88, 93, 96), "disc-signal-loss": (17, 33, 54, 73, 86, 94, 97),
    "disc-height-loss": (24, 34, 45, 56, 67, 76, 84), "disc-bulge": (30, 40, 50, 60, 69, 77, 84),
    "disc-protrusion": (29, 31, 33, 36, 38, 40, 43), "annular-fissure": (19, 20, 22, 23, 25, 27, 29),
    "facet-degeneration": (4, 9, 18, 32, 50, 69, 83), "spondylolisthesis": (3, 5, 8, 14, 23, 35, 50),
}


def test_every_age_as_in_the_papers_table_2() -> None:
    """All 56 values, ages 20 to 80 (the 20–50 columns are also copied in PMC4975884, Table 1)."""
    table = clinician.findings()
    assert {key: tuple(int(value) for value in table.loc[key, list(AGE_COLUMNS)]) for key in table.index} == TABLE_2


def test_how_many_people_each_estimate_rests_on_as_in_table_1() -> None:
    people = {(row.finding_id, row.age): (row.people, row.studies) for row in load_table("clinician_imaging_people").itertuples()}
    assert len(people) == len(TABLE_2) * len(STUDY_AGES)
    assert people[("disc-degeneration", 20)] == (273, 9) and people[("disc-degeneration", 80)] == (19, 2)
    assert people[("disc-signal-loss", 60)] == (35, 1) and people[("disc-bulge", 70)] == (24, 3)
    assert people[("facet-degeneration", 40)] == (596, 3) and people[("spondylolisthesis", 40)] == (31, 1)
    assert sum(people[(key, 20)][0] for key in TABLE_2) == 273 + 46 + 15 + 55 + 87 + 167


def test_the_extrapolated_cells_are_exactly_where_table_1_has_nobody() -> None:
    """Facet degeneration and spondylolisthesis at 20 and 30: 0 people, so the model's extrapolation, marked as such."""
    nobody = {(row.finding_id, row.age) for row in load_table("clinician_imaging_people").itertuples() if row.people == 0}
    assert nobody == {(key, age) for key in ("facet-degeneration", "spondylolisthesis") for age in (20, 30)}
    marked = {(key, int(age)) for key, cell in clinician.findings()["extrapolated_ages"].items() if isinstance(cell, str)
              for age in split_choices(cell)}
    assert marked == nobody
    assert all(clinician.is_extrapolated(key, age) == ((key, age) in nobody) for key in TABLE_2 for age in STUDY_AGES)


def test_findings_compared_with_pain_include_every_one_with_an_odds_ratio() -> None:
    table = clinician.findings()
    with_odds = set(clinician.pain_odds().index) & set(table.index)
    assert with_odds == {"disc-degeneration", "disc-bulge", "disc-protrusion"}
    assert set(table.index[table["compared_with_pain"]]) == with_odds | {"annular-fissure", "spondylolisthesis"}


def test_odds_ratios_as_in_the_abstract() -> None:
    odds = clinician.pain_odds()
    assert list(odds.index) == ["disc-bulge", "spondylolysis", "disc-extrusion", "modic-1", "disc-protrusion", "disc-degeneration"]
    assert tuple(odds.loc["disc-bulge", ["odds_ratio", "ci_low", "ci_high"]]) == (7.54, 1.28, 44.56)
    assert tuple(odds.loc["disc-degeneration", ["odds_ratio", "ci_low", "ci_high"]]) == (2.24, 1.21, 4.15)


@pytest.mark.parametrize(("table", "columns"), [
    ("clinician_imaging", ["source"]), ("clinician_pain_odds", ["source"]), ("clinician_imaging_people", ["source"]),
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


def test_an_extrapolated_age_that_is_no_study_age_is_refused(tmp_path: Path) -> None:
    text = (data_dir() / "clinician_imaging.csv").read_text(encoding="utf-8").replace(",20 | 30,no,", ",20 | 35,no,", 1)
    broken = tmp_path / "clinician_imaging.csv"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(DataTableError, match=r"column 'extrapolated_ages': 35 is not one of the study's ages"):
        parse_table(broken, schema("clinician_imaging"))


def test_a_finding_listed_twice_at_one_age_is_refused(tmp_path: Path) -> None:
    text = (data_dir() / "clinician_imaging_people.csv").read_text(encoding="utf-8")
    broken = tmp_path / "clinician_imaging_people.csv"
    broken.write_text(text + "disc-bulge,40,151,8,brinjikji2015a\n", encoding="utf-8")
    with pytest.raises(DataTableError, match=r"disc-bulge at age 40 is listed twice"):
        parse_table(broken, schema("clinician_imaging_people"))


def test_a_falling_value_is_refused_with_row_and_column(tmp_path: Path) -> None:
    text = (data_dir() / "clinician_imaging.csv").read_text(encoding="utf-8").replace(",37,52,68,", ",37,25,68,")
    broken = tmp_path / "clinician_imaging.csv"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(DataTableError, match=r"row 2, column 'age_30': is 25 %, below 37 % at age_20"):
        parse_table(broken, schema("clinician_imaging"))


# --- the model --------------------------------------------------------------------------------

@pytest.mark.parametrize(("age", "decade"), [(10, 20), (15, 20), (19.9, 20), (20, 20), (24.9, 20), (25, 20), (25.1, 30),
                                             (44, 40), (45, 40), (46, 50), (80, 80), (85, 80), (100, 80)])
def test_study_age_is_the_nearest_decade_ties_to_the_younger(age: float, decade: int) -> None:
    assert clinician.study_age(age) == decade


@pytest.mark.parametrize(("typed", "says"), [
    ("", "Age is empty: type a number from 10 to 100 years."),
    ("forty", "Age must be a number from 10 to 100 years; you typed 'forty'."),
    ("9", "Age must be from 10 to 100 years; you typed 9."),
    ("101", "Age must be from 10 to 100 years; you typed 101."),
    ("nan", "Age must be a number from 10 to 100 years; you typed 'nan'."),
])
def test_bad_typed_ages_are_refused_with_what_to_type(typed: str, says: str) -> None:
    with pytest.raises(ValueError, match=re.escape(says)):
        clinician.parse_age(typed)


@pytest.mark.parametrize(("age", "says"), [
    (16, "The review gives no estimate under age 20, so this shows its youngest age, 20, not 16."),
    (88, "The review gives no estimate over age 80, so this shows its oldest age, 80, not 88."),
])
def test_an_age_outside_the_study_is_shown_at_the_nearest_study_age_with_a_note(age: float, says: str) -> None:
    assert says in clinician.age_note(age)
    text = clinician.describe_imaging("disc-bulge", age)
    assert says in text and f"(the study's nearest age to {age})" in text
    assert clinician.age_note(20) == clinician.age_note(80) == clinician.age_note(57) == ""


def test_a_teenager_is_pointed_to_the_stress_fracture_advice() -> None:
    assert "For a runner under 20 with pain on arching backwards, see section 3." in clinician.age_note(15)
    assert "under 20" not in clinician.age_note(85)


def test_impossible_ages_and_unknown_findings_are_refused() -> None:
    with pytest.raises(ValueError, match="Age must be from 10 to 100 years; got 120"):
        clinician.study_age(120)
    with pytest.raises(ValueError, match="No imaging finding 'slipped-disc'; choose one of: disc-degeneration"):
        clinician.prevalence("slipped-disc", 40)
    with pytest.raises(ValueError, match="No imaging finding"):
        clinician.evidence_behind("slipped-disc", 40)


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
    assert "At age 40 this estimate rests on about 151 people in 8 studies." in text
    assert "odds ratio 7.54 (95 % CI 1.28–44.56; Brinjikji et al. 2015b)" in text
    later = clinician.describe_imaging("disc-bulge", 70)
    assert "77 of 100" in later and "odds ratio" not in later and "aged 50 or under only" in later
    assert "about 24 people in 3 studies" in later


def test_a_finding_the_pain_review_never_studied_is_unknown_not_unlinked() -> None:
    typed = clinician.describe_imaging("facet-degeneration", 45)
    assert "at age 40 (the study's nearest age to 45)" in typed and "18 of 100" in typed
    assert "Whether it is more common with back pain is unknown: the review comparing adults with and without back " \
           "pain did not study it (Brinjikji et al. 2015b)." in typed
    assert "not among" not in typed
    for key in ("disc-signal-loss", "disc-height-loss", "facet-degeneration"):
        assert clinician.with_pain_text(key) == "not compared (unknown)"
    compared = clinician.describe_imaging("annular-fissure", 30)
    assert "did not find it more common with pain" in compared and "unknown" not in compared
    assert clinician.with_pain_text("spondylolisthesis") == "compared: not more common with pain"


@pytest.mark.parametrize("age", [20, 30])
@pytest.mark.parametrize("finding", ["facet-degeneration", "spondylolisthesis"])
def test_an_extrapolated_value_says_so_where_it_is_shown(finding: str, age: int) -> None:
    text = clinician.describe_imaging(finding, age)
    assert f"Nobody aged {age} was studied for this finding" in text and "extrapolation" in text
    assert "rests on" not in text
    row = clinician.findings_at(age).set_index("Finding").loc[clinician.finding_names()[finding]]
    assert row["Estimate based on"] == f"extrapolated: no one aged {age} was studied"
    assert "Nobody" not in clinician.describe_imaging(finding, 40)


def test_findings_at_an_age_lists_every_finding_with_its_basis_and_the_comparison_with_pain() -> None:
    table = clinician.findings_at(60)
    assert list(table.columns) == ["Finding", "People without back pain at age 60 (%)", "Estimate based on",
                                   "With back pain (adults aged 50 or under)"]
    assert len(table) == 8 and table.iloc[0].tolist()[:3] == ["Disc degeneration", 88, "80 people in 4 studies"]
    shown = table.set_index("Finding")
    assert shown.loc["Disc bulge"].iloc[2] == "more common with pain: odds ratio 7.54 (95 % CI 1.28–44.56)"
    assert shown.loc["Disc signal loss", "Estimate based on"] == "35 people in 1 study"
    assert shown.loc["Facet joint degeneration"].iloc[2] == "not compared (unknown)"


def test_the_with_pain_table_has_plain_headers_and_says_unknown_for_findings_never_compared() -> None:
    table = clinician.with_pain_table()
    assert list(table.frame.columns) == ["Finding", "Odds ratio (95 % interval)", "What the review found"]
    rows = table.frame.set_index("Finding")
    assert rows.loc["Disc bulge"].tolist() == ["7.54 (1.28 to 44.56)", "More common with back pain"]
    assert rows.loc["Facet joint degeneration", "What the review found"].startswith("Not compared (unknown)")
    assert rows.loc["Annular fissure", "What the review found"] == "Compared; not found more common with back pain"
    assert len(rows) == 6 + 5 and not any("_" in name for name in table.frame.columns)


def test_imaging_advice_follows_nice() -> None:
    advice = clinician.imaging_advice().frame
    assert advice.iloc[0]["Scan?"] == "No routine scan" and advice.iloc[0]["Source"] == "NICE 2016"
    assert advice.set_index("Scan?").loc["Emergency MRI", "Source"] == "BMJ Best Practice"
    assert len(advice) == 5


# --- tables shown in full ------------------------------------------------------------------------

CUT = re.compile(r"(\.\.\.|…)$")


@pytest.mark.parametrize("make", [clinician.conditions, clinician.imaging_advice, clinician.with_pain_table])
def test_a_text_table_shows_every_word_in_html_and_text(make) -> None:
    from html.parser import HTMLParser

    table = make()
    cells = [cell for row in table.cells() for cell in row]
    longest = max(cells, key=len)
    assert len(longest) > 50  # long enough that pandas would have cut it (its max_colwidth is 50)
    assert longest in repr(table)

    class Cells(HTMLParser):
        """The text of every cell, without its column label."""

        def __init__(self):
            super().__init__()
            self.cells, self._depth, self._label = [], 0, False

        def handle_starttag(self, tag, attrs):
            classes = dict(attrs).get("class", "")
            if "bot-text-cell" in classes:
                self._depth, self.cells = 1, [*self.cells, ""]
            elif self._depth:
                self._depth += 1
                self._label = "bot-text-label" in classes

        def handle_endtag(self, tag):
            self._label = False
            self._depth = max(self._depth - 1, 0)

        def handle_data(self, data):
            if self._depth and not self._label:
                self.cells[-1] += data

    parser = Cells()
    parser.feed(table._repr_html_())
    assert parser.cells == cells and not [cell for cell in parser.cells if CUT.search(cell.strip())]
    assert "flex-wrap:wrap" in table._repr_html_() and "overflow-wrap:break-word" in table._repr_html_()


def _shown_texts(cell: dict) -> list[str]:
    """Every table cell (HTML) and every line (plain text) a code cell's committed outputs show.

    A widget's output is left out: JupyterLab shows the widget, and its text form (cut at 110
    characters by ipywidgets) only where widgets cannot render.
    """
    texts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "application/vnd.jupyter.widget-view+json" in data:
            continue
        html_text = "".join(data.get("text/html", ""))
        texts += [re.sub(r"<[^>]+>", "", part).strip()
                  for part in re.findall(r'class="bot-text-label"[^>]*>[^<]*</span>(.*?)</div>', html_text, re.S)]
        texts += [re.sub(r"<[^>]+>", "", part).strip() for part in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html_text, re.S)]
        texts += "".join(data.get("text/plain", output.get("text", ""))).splitlines()
    return texts


def test_no_table_or_text_the_lesson_shows_is_cut_off() -> None:
    shown = [text for cell in _lesson()["cells"] if cell["cell_type"] == "code" for text in _shown_texts(cell)]
    cut = [text for text in shown if CUT.search(text.strip())]
    assert shown and not cut, cut
    sources = ["".join(cell["source"]) for cell in _lesson()["cells"] if cell["cell_type"] == "code"]
    assert "clinician.conditions()" in sources and "clinician.imaging_advice()" in sources
    every = "\n".join(shown)
    assert "Pain in the lower back with no single cause that an examination or a scan can pin down." in every
    assert "About 30 % (13 of 43) of people with long-lasting back pain" in every


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
    assert not [trace for trace in figure.data if trace.xaxis == "x3"]  # no odds given: no odds drawn


def _traces_on(figure, axis: str) -> list:
    return [trace for trace in figure.data if trace.xaxis == axis]


def test_up_to_50_the_odds_ratios_stand_beside_the_picture_with_their_intervals() -> None:
    figure, _ = clinician_figure("disc-bulge", 40)
    (line, points) = _traces_on(figure, "x3")
    assert list(line.x) == [1, 1]  # "no difference"
    assert sorted(points.x) == sorted(clinician.pain_odds()["odds_ratio"])
    bulge = list(points.text).index("Disc bulge")
    assert points.x[bulge] - points.error_x.arrayminus[bulge] == pytest.approx(1.28)
    assert points.x[bulge] + points.error_x.array[bulge] == pytest.approx(44.56)
    assert figure.layout.xaxis3.type == "log"
    notes = [note.text for note in figure.layout.annotations]
    assert "<b>Disc bulge (chosen)</b> 7.54 (1.28–44.56)" in notes
    assert "Spondylolysis 5.06 (1.65–15.53)" in notes  # the name without its long explanation
    assert any(note.startswith("More common with back pain?") for note in notes)


def test_above_50_the_odds_are_not_drawn_and_the_figure_says_why() -> None:
    figure, _ = clinician_figure("disc-bulge", 60)
    assert not _traces_on(figure, "x3") and "xaxis3" not in figure.layout.to_plotly_json()
    notes = " ".join(note.text for note in figure.layout.annotations)
    assert "Not shown at age 60: the comparison with back pain<br>covered adults aged 50 or under only." in notes


def test_a_finding_without_an_odds_ratio_says_why_under_the_odds_title() -> None:
    figure, _ = clinician_figure("facet-degeneration", 30)
    titles = [note.text for note in figure.layout.annotations if note.text.startswith("More common with back pain?")]
    assert titles and titles[0].endswith("<br><i>Facet joint degeneration:<br>not compared (unknown)</i>")
    figure, _ = clinician_figure("annular-fissure", 30)
    assert any("compared: not more common with pain" in note.text for note in figure.layout.annotations)


def test_extrapolated_shares_carry_a_star_and_a_key() -> None:
    figure, _ = clinician_figure("spondylolisthesis", 20)
    (bars,) = [trace for trace in figure.data if trace.type == "bar"]
    starred = {name for name, text in zip(bars.customdata, bars.text) if text.endswith("*")}
    assert starred == {"Facet joint degeneration", "Spondylolisthesis"}
    assert "* extrapolated: nobody aged 20 was studied" in figure.layout.xaxis2.title.text
    assert any("extrapolated: nobody aged 20 was studied" in note.text and "have it" in note.text
               for note in figure.layout.annotations)
    figure, _ = clinician_figure("spondylolisthesis", 40)
    (bars,) = [trace for trace in figure.data if trace.type == "bar"]
    assert not any(text.endswith("*") for text in bars.text) and "extrapolated" not in figure.layout.xaxis2.title.text


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


@pytest.mark.parametrize(("typed", "says"), [("abc", "you typed &#x27;abc&#x27;"), ("105", "you typed 105"),
                                              ("8", "you typed 8"), ("", "Age is empty")])
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
        figure, _ = clinician_figure(finding, age)
        go.Figure(figure.to_dict())  # raises ValueError on any invalid property
        dots = [trace for trace in figure.data if trace.type == "scatter" and trace.xaxis == "x"]
        assert sum(len(trace.x) for trace in dots) == 100 and len(dots[0].x) == clinician.people_with(finding, age)


@pytest.mark.parametrize(("typed", "slider", "note"), [("15", 20, "no estimate under age 20"),
                                                        ("93", 80, "no estimate over age 80")])
def test_a_typed_age_outside_the_study_shows_the_nearest_study_age_with_a_note(typed: str, slider: int, note: str) -> None:
    app = imaging_by_age()
    app.typed.value = typed
    assert app.message.value == "" and app.age.value == slider and app.typed.value == typed
    assert note in app.takeaway.value and f"nearest age to {typed}" in app.takeaway.value
    assert f"at age {slider}" in figure_of(app)["layout"]["title"]["text"]


def test_a_typed_age_is_echoed_as_read() -> None:
    from helpers.widgets import imaging_by_age

    app = imaging_by_age()
    assert "Read as: age 40 years." in app.takeaway.value
    app.typed.value = " 43,5 "
    assert "Read as: age &quot;43,5&quot; = 43.5 years." in app.takeaway.value
    app.age.value = 60
    assert "Read as: age 60 years." in app.takeaway.value
