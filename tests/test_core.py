"""Lesson 04: the core-endurance self-test model, the exercise library and progression, figures and widgets."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers import core
from helpers.core import HOLD_RANGE_S, Holds, compare_with_norms, parse_hold, progression, ratios
from helpers.data import DataTableError, load_table
from helpers.figures.core import progression_figure, self_test_figure
from helpers.references import references
from helpers.widgets import FigureApp

EXAMPLE = Holds(flexor=120, extensor=150, side_right=80, side_left=68)
seconds = st.floats(min_value=4 * HOLD_RANGE_S[0], max_value=HOLD_RANGE_S[1] / 4, allow_nan=False)  # any × 0.25–4 stays valid
maybe = st.none() | seconds


def by_key(holds: Holds) -> dict[str, core.Ratio]:
    return {ratio.key: ratio for ratio in ratios(holds)}


# --- The published numbers and targets ---------------------------------------------------------


def test_targets_are_mcgills_ratios_and_biering_sorensens_cut_offs() -> None:
    table = load_table("core_targets").set_index("key")
    assert table.loc["flexion-extension", ["rule", "value"]].tolist() == ["below", 1.0]
    assert table.loc["right-extension", "value"] == table.loc["left-extension", "value"] == 0.75
    assert table.loc["right-left", ["rule", "value", "tolerance"]].tolist() == ["near", 1.0, 0.05]
    assert "unverified" in table.loc["right-left", "note"]
    assert table.loc["sorensen-low", ["value", "sex"]].tolist() == [176, "men"]
    assert table.loc["sorensen-high", ["value", "sex"]].tolist() == [198, "men"]
    assert table.loc["sorensen-stop", ["value", "rule"]].tolist() == [240, "above"]
    assert core.sorensen_stop_s() == 240
    assert [c.value for c in core.sorensen_cutoffs("men")] == [176, 198] and core.sorensen_cutoffs("women") == []


def test_norms_say_which_numbers_are_verified() -> None:
    table = load_table("core_norms")
    mcgill = table[table["sample"] == "mcgill-a"]
    assert not mcgill["verified"].any() and mcgill["label"].str.contains("unverified").all()
    strand = table[table["sample"] == "strand-2014"].set_index("sex")
    assert strand["verified"].all() and strand["label"].str.contains("verified").all()
    assert strand.loc["men", ["mean_s", "sd_s"]].tolist() == [124, 72]
    assert strand.loc["women", ["mean_s", "sd_s"]].tolist() == [83, 63]


def test_circulating_mcgill_table_reproduces_the_abstracts_side_bridge_ratios() -> None:
    """Men held the side bridge for about 65 % of their extensor time, women for about 39 % (McGill 1999)."""
    for sex, share in (("men", 0.65), ("women", 0.39)):
        table = core.norms(sex).set_index("test")
        for side in ("side_right", "side_left"):
            assert table.loc[side, "mean_s"] / table.loc["extensor", "mean_s"] == pytest.approx(share, abs=0.03)


def test_every_source_in_the_lesson_tables_is_a_reference() -> None:
    used = set(load_table("core_norms")["source"]) | set(load_table("core_targets")["source"])
    used |= {key for key in core.exercises().index for key in core.exercise_sources(key)}
    assert used <= set(references().index)
    assert references().loc["toresdahl2020", "details_checked"]


def test_example_ratios_and_their_verdicts() -> None:
    found = by_key(EXAMPLE)
    assert found["flexion-extension"].value == pytest.approx(0.8)
    assert found["right-extension"].value == pytest.approx(80 / 150)
    assert found["right-left"].value == pytest.approx(80 / 68)
    assert [found[key].meets for key in ("flexion-extension", "right-extension", "left-extension", "right-left")] == [
        True, True, True, False]
    assert core.ratio_sentence(found["flexion-extension"]) == (
        "Flexion : extension 0.80 (target under 1.00): within the target.")
    assert "tolerance unverified" in core.ratio_sentence(found["right-left"])


def test_target_edges() -> None:
    assert by_key(Holds(flexor=150, extensor=150))["flexion-extension"].meets is False  # "under 1.0"
    assert by_key(Holds(side_right=105, side_left=100))["right-left"].meets is True  # 1.05 is within ± 0.05
    assert by_key(Holds(side_right=106, side_left=100))["right-left"].meets is False
    assert by_key(Holds(side_right=75, extensor=100))["right-extension"].meets is False


def test_missing_hold_gives_no_ratio_rather_than_a_guess() -> None:
    found = by_key(Holds(flexor=100))
    assert all(ratio.value is None and ratio.meets is None for ratio in found.values())
    assert core.ratio_sentence(found["flexion-extension"]) == "Flexion : extension: needs both holds."
    assert "Type at least two holds" in core.summary(Holds(flexor=100), "men")[0]


def test_biering_sorensen_sentences() -> None:
    assert "under the 176 s" in core.sorensen_text(150, "men")
    assert "between the two cut-offs" in core.sorensen_text(180, "men")
    assert "over the 198 s" in core.sorensen_text(210, "men")
    assert "did not predict back pain" in core.sorensen_text(150, "women")
    assert "No extensor hold" in core.sorensen_text(None, "women")
    with pytest.raises(ValueError, match="Compare with 'men' or 'women'"):
        core.sorensen_text(150, "everyone")


@pytest.mark.parametrize("sex", core.SEXES)
def test_an_extensor_hold_over_the_tests_240_s_stop_is_flagged_in_words(sex: str) -> None:
    assert "stopped" not in core.sorensen_text(240, sex)
    text = core.sorensen_text(241, sex)
    assert text.endswith("But 241 s is longer than the 240 s at which the test is stopped: no longer hold was "
                         "measured, so check the timing and read it as at least 240 s.")
    assert ("over the 198 s" in text) == (sex == "men") and ("did not predict" in text) == (sex == "women")
    assert core.sorensen_text(300, sex) in core.summary(Holds(extensor=300), sex)
    row = core.numbers(Holds(extensor=300), sex).set_index("what").loc["Extensor hold vs Biering-Sørensen cut-offs"]
    assert row["result"].endswith("over the test's 240 s stop")


def test_summary_never_claims_a_risk() -> None:
    lines = core.summary(EXAMPLE, "women")
    assert lines[0] == ("3 of 4 balance ratios are within McGill's suggested targets; "
                        "outside: right : left side bridge.")
    assert lines[-1].startswith("No study in runners has shown")
    assert not any("risk of" in line or "you will" in line for line in lines)


def test_plank_is_compared_only_with_the_verified_norms() -> None:
    (comparison,) = compare_with_norms(Holds(plank=124), "men")
    assert comparison.verified and comparison.sd_s == 72 and comparison.percent_of_mean == pytest.approx(100)
    assert {c.verified for c in compare_with_norms(EXAMPLE, "men")} == {False}


def test_numbers_table_lists_every_hold_and_ratio() -> None:
    table = core.numbers(EXAMPLE, "men")
    assert list(table.columns) == ["what", "you", "compared with", "result"]
    assert len(table) == 4 + 1 + 4  # holds, the extensor against the cut-offs, ratios
    assert table.iloc[0].tolist() == ["Trunk flexor hold", "120 s", "McGill 1999 as commonly quoted (unverified): 144 s",
                                      "83 % of the mean"]
    assert table.iloc[4].tolist() == ["Extensor hold vs Biering-Sørensen cut-offs", "150 s",
                                      "176 s and 198 s (men only; medium confidence)", "under 176 s"]
    women = core.numbers(EXAMPLE, "women").iloc[4].tolist()
    assert women[2].startswith("no cut-off for women") and women[3] == "–"
    assert "Extensor hold vs" not in core.numbers(Holds(flexor=100), "men")["what"].tolist()


def test_the_figure_draws_biering_sorensens_cut_offs_on_the_extensor_row_for_men_only() -> None:
    typed = {test: EXAMPLE.get(test) for test in core.TEST_NAMES}

    def drawn(sex: str) -> go.Figure:
        return self_test_figure(ratios(EXAMPLE), compare_with_norms(EXAMPLE, sex), typed, core.sorensen_cutoffs(sex))

    men = drawn("men")
    (lines,) = [trace for trace in men.data if trace.name and "cut-offs" in trace.name]
    assert lines.name == "extensor cut-offs, men only (medium confidence)"
    extensor_row = list(men.layout.yaxis2.ticktext).index("Extensor")
    assert [x for x in lines.x if x is not None] == [176, 176, 198, 198]
    assert all(abs(y - extensor_row) <= 0.5 for y in lines.y if y is not None)
    assert "176 | 198 s" in [text for trace in men.data if trace.name == "cut-off labels" for text in trace.text]
    assert men.layout.xaxis2.range[1] > 198
    assert not [trace for trace in drawn("women").data if trace.name and "cut-off" in trace.name]


# --- Typed input --------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("95", 95), (" 95 ", 95), ("95 s", 95), ("95s", 95), ("95 sec", 95), ("95,5", 95.5), ("1:35", 95),
    ("2:05.5", 125.5), ("15:00", 900), ("", None), ("   ", None), (None, None),
])
def test_parse_hold_accepts_seconds_and_minutes(typed: str | None, expected: float | None) -> None:
    assert parse_hold(typed, "Right side bridge") == expected


@pytest.mark.parametrize(("typed", "message"), [
    ("abc", "Right side bridge: 'abc' is not a time. Type seconds (e.g. 95) or minutes:seconds (e.g. 1:35)"),
    ("-20", "Right side bridge cannot be negative; you typed -20."),
    ("0", "Right side bridge must be from 1 to 900 s (15 minutes); you typed 0."),
    ("2000", "Right side bridge must be from 1 to 900 s (15 minutes); you typed 2000."),
    ("15:01", "must be from 1 to 900 s"),
    ("1:75", "is not a time"),
    ("nan", "is not a time"),
    ("inf", "is not a time"),
    ("1e3", "must be from 1 to 900 s"),
])
def test_bad_hold_says_what_was_wrong_and_what_to_type(typed: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_hold(typed, "Right side bridge")
    assert message in str(error.value)


def test_holds_need_at_least_one_time_and_check_ranges() -> None:
    with pytest.raises(ValueError, match="No hold times yet"):
        Holds()
    with pytest.raises(ValueError, match="Trunk flexor hold must be from 1 to 900 s"):
        Holds(flexor=1000)
    with pytest.raises(ValueError, match="must be a number of seconds"):
        Holds(flexor=math.nan)
    with pytest.raises(ValueError, match="must be a number of seconds"):
        Holds(flexor="90")  # type: ignore[arg-type]


@given(st.text(max_size=12))
def test_any_typed_text_parses_or_gives_a_message(typed: str) -> None:
    try:
        value = parse_hold(typed, "Plank")
    except ValueError as error:
        assert str(error).startswith("Plank")
    else:
        assert value is None or HOLD_RANGE_S[0] <= value <= HOLD_RANGE_S[1]


# --- Properties ------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(maybe, maybe, maybe, maybe, st.floats(min_value=0.25, max_value=4))
def test_ratios_unchanged_when_all_holds_scale_together(flexor, extensor, right, left, factor) -> None:
    if all(value is None for value in (flexor, extensor, right, left)):
        return
    holds = Holds(flexor=flexor, extensor=extensor, side_right=right, side_left=left)
    before, after = ratios(holds), ratios(holds.scaled(factor))
    for a, b in zip(before, after):
        if a.value is None:
            assert b.value is None
        else:
            assert b.value == pytest.approx(a.value, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(seconds, seconds)
def test_right_left_ratio_is_the_inverse_of_left_right(right, left) -> None:
    forward = by_key(Holds(side_right=right, side_left=left))["right-left"].value
    backward = by_key(Holds(side_right=left, side_left=right))["right-left"].value
    assert forward * backward == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(maybe, maybe, maybe, maybe, maybe, st.sampled_from(core.SEXES))
def test_every_result_can_be_drawn_and_told(flexor, extensor, right, left, plank, sex) -> None:
    values = (flexor, extensor, right, left, plank)
    if all(value is None for value in values):
        return
    holds = Holds(*values)
    lines = core.summary(holds, sex)
    assert lines and all(isinstance(line, str) and line for line in lines)
    typed = {test: holds.get(test) for test in core.TEST_NAMES}
    figure = self_test_figure(ratios(holds), compare_with_norms(holds, sex), typed, core.sorensen_cutoffs(sex))
    assert isinstance(figure, go.Figure)
    shown = [value for trace in figure.data if trace.name == "you" for value in trace.x]
    assert shown == [value for value in values if value is not None]


# --- Exercise library and progression --------------------------------------------------------------


def test_library_has_every_exercise_the_articles_name_with_a_verdict() -> None:
    table = core.exercises()
    for name in ("Front plank", "Side plank (side bridge)", "Glute bridge", "Bird-dog", "Dead bug", "Curl-up (McGill curl-up)",
                 "Clamshell", "Side-lying hip abduction", "Ball roll-out", "Ball pike", "Crunch", "Cat–cow (yoga)",
                 "Child's pose (yoga)", "Cobra (yoga)", "Downward dog (yoga)"):
        assert name in set(table["name"])
    assert set(table["verdict"]) <= {"supported", "mixed", "not supported", "unknown"}
    assert all(len(core.exercise_steps(key)) >= 3 for key in table.index)


def test_the_yoga_poses_rest_on_the_cochrane_yoga_review_and_say_no_trial_tests_one_pose() -> None:
    table = core.exercises()
    assert set(core.YOGA) <= set(table.index)
    for key in core.YOGA:
        assert core.exercise_sources(key) == ["wieland2022"] and "(yoga)" in table.loc[key, "name"]
    for key in ("child-pose", "cobra", "downward-dog"):
        assert table.loc[key, "verdict"] == "unknown"  # the review tested programmes, not single poses
        assert "no trial tests this pose on its own" in table.loc[key, "evidence"]
        assert table.loc[key, "name"].split(" (")[0].split("'")[0].lower() in table.loc[key, "popular_claim"].lower()


def test_side_lying_abduction_is_mixed_on_both_trials() -> None:
    """A null marathon trial (Toresdahl 2020) against strength training's benefit in other sports (Lauersen 2014)."""
    row = core.exercises().loc["side-lying-abduction"]
    assert row["verdict"] == "mixed"
    assert core.exercise_sources("side-lying-abduction") == ["toresdahl2020", "lauersen2014"]
    assert "7.1 % against 7.3 %" in row["evidence"] and "0.315" in row["evidence"]


def test_progression_example() -> None:
    plan = progression(["plank", "clamshell"], 3)
    assert list(plan.columns) == ["week", "exercise", "sessions", "sets", "dose", "dose_text", "days", "week_total",
                                  "week_total_text", "if_pain_rises"]
    plank = plan[plan["exercise"] == "Front plank"]
    assert plank["dose"].tolist() == [20, 25, 30, 35, 40, 45]
    assert plank["dose_text"].iloc[0] == "20 s hold"
    assert plank["week_total"].tolist() == [3 * 3 * dose for dose in [20, 25, 30, 35, 40, 45]]
    assert plank["week_total_text"].tolist()[:2] == ["3 min", "3 min 45 s"]
    assert plank["if_pain_rises"].tolist()[:3] == ["back to the easier version (knees on the floor)",
                                                   "back to 20 s hold", "back to 25 s hold"]
    clamshell = plan[plan["exercise"] == "Clamshell"]
    assert clamshell["dose_text"].tolist()[-1] == "20 reps each side"
    assert clamshell["week_total_text"].iloc[0] == "60 reps each side"
    assert (plan["sessions"] == 3).all() and (plan["days"] == "1, 3, 5").all()
    assert plan.attrs["pain_rule"] == core.PAIN_RULE and "back one step" in core.PAIN_RULE
    assert plan.attrs["rest_rule"] == core.REST_RULE and plan.attrs["step_rule"] == core.STEP_RULE
    assert plan.attrs["back_to_back"] == 0


def test_sessions_per_week_set_the_days_the_weekly_total_and_how_fast_a_dose_rises() -> None:
    once, twice, three, four = (progression(["plank"], sessions) for sessions in (1, 2, 3, 4))
    assert once["dose"].tolist() == [20, 20, 25, 25, 30, 30]  # a step after two sessions at a dose
    assert twice["dose"].tolist() == three["dose"].tolist() == four["dose"].tolist() == [20, 25, 30, 35, 40, 45]
    assert once["if_pain_rises"].iloc[3] == "back to 20 s hold"  # one step down, not last week's dose
    assert three["week_total"].tolist() == [total * 3 // 2 for total in twice["week_total"]]
    assert [plan["days"].iloc[0] for plan in (once, twice, three, four)] == ["1", "1, 4", "1, 3, 5", "1, 3, 5, 7"]
    assert [core.back_to_back(n) for n in range(1, 8)] == [0, 0, 0, 1, 3, 5, 7]
    assert four.attrs["back_to_back"] == 1


@settings(max_examples=40, deadline=None)
@given(st.integers(*core.SESSIONS_RANGE))
def test_session_days_fit_in_a_week_and_leave_rest_days_up_to_three_sessions(sessions) -> None:
    days = core.session_days(sessions)
    assert len(days) == sessions and list(days) == sorted(set(days)) and 1 <= days[0] and days[-1] <= 7
    gaps = [b - a for a, b in zip(days, (*days[1:], days[0] + 7))]
    assert (min(gaps) >= 2) == (sessions <= core.MOST_WITH_REST_DAYS)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 26), st.integers(*core.SESSIONS_RANGE))
def test_a_dose_steps_at_most_once_a_week_and_once_per_two_sessions(week, sessions) -> None:
    steps = core.steps_by_week(week, sessions)
    assert steps <= week - 1 and steps * core.SESSIONS_PER_STEP <= (week - 1) * sessions
    assert core.steps_by_week(week + 1, sessions) - steps in (0, 1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(sorted(core.exercises().index)), min_size=1, max_size=5),
       st.integers(*core.SESSIONS_RANGE), st.integers(1, 26))
def test_progression_starts_at_the_start_dose_never_falls_and_never_passes_the_cap(keys, sessions, weeks) -> None:
    table = core.exercises()
    plan = progression(keys, sessions, weeks)
    assert len(plan) == len(set(keys)) * weeks
    fewer = progression(keys, max(sessions - 1, 1), weeks)
    for key in set(keys):
        rows = plan[plan["exercise"] == table.loc[key, "name"]]
        doses = rows["dose"].tolist()
        assert doses[0] == min(table.loc[key, "start_dose"], table.loc[key, "max_dose"])
        assert doses == sorted(doses) and max(doses) <= table.loc[key, "max_dose"]
        assert all(b - a <= table.loc[key, "weekly_step"] for a, b in zip(doses, doses[1:]))
        assert (rows["week_total"] == rows["sessions"] * rows["sets"] * rows["dose"]).all()
        fewer_rows = fewer[fewer["exercise"] == table.loc[key, "name"]]
        assert (fewer_rows["dose"].to_numpy() <= rows["dose"].to_numpy()).all()
        assert (fewer_rows["week_total"].to_numpy() <= rows["week_total"].to_numpy()).all()
    assert plan.attrs["pain_rule"] == core.PAIN_RULE


@pytest.mark.parametrize(("keys", "sessions", "message"), [
    ([], 2, "Choose at least one exercise"),
    (["plank"], 0, "whole number from 1 to 7; got 0"),
    (["plank"], 8, "whole number from 1 to 7; got 8"),
    (["plank"], 2.5, "whole number from 1 to 7; got 2.5"),
    (["plank"], True, "whole number from 1 to 7; got True"),
    (["sit-ups"], 2, "There is no exercise 'sit-ups' in the library. Choose from: plank, side-plank"),
])
def test_bad_plan_input_says_what_to_do(keys, sessions, message) -> None:
    with pytest.raises(ValueError, match=None) as error:
        progression(keys, sessions)
    assert message in str(error.value)


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Sessions per week is empty: type a whole number from 1 to 7."),
    ("two", "Sessions per week must be a whole number from 1 to 7; you typed 'two'."),
    ("2.5", "whole number"), ("-1", "whole number"), ("²", "whole number"),
    ("9", "Sessions per week must be from 1 to 7; you typed 9."),
])
def test_bad_sessions_text(typed: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        core.parse_sessions(typed)
    assert message in str(error.value)
    assert core.parse_sessions(" 3 ") == 3


def test_progression_figure_labels_units_and_marks_every_session_on_its_day() -> None:
    figure = progression_figure(progression(["plank", "glute-bridge"], 2))
    assert [trace.name for trace in figure.data] == ["Front plank (s)", "Glute bridge (reps)"]
    assert figure.layout.xaxis.title.text == "week (a marker is a session)"
    assert list(figure.layout.xaxis.ticktext) == ["1", "2", "3", "4", "5", "6"]
    plank = figure.data[0]
    assert list(plank.x[:4]) == [1, 4, 8, 11] and list(plank.y[:4]) == [20, 20, 25, 25]
    three = progression_figure(progression(["plank", "glute-bridge"], 3)).data[0]
    assert len(three.x) == 6 * 3 and list(three.x[:3]) == [1, 3, 5]


def test_table_problems_name_the_file_row_and_column(data_copy) -> None:
    path = data_copy / "core_exercises.csv"
    text = path.read_text(encoding="utf-8").replace(",hold,20,5,60,3,", ",hold,90,5,60,3,", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataTableError, match=r"(?s)core_exercises.csv.*row 2, column 'max_dose': is below the starting dose 90"):
        core.exercises()


# --- Widgets, kernel side ----------------------------------------------------------------------------


def figure_texts(app: FigureApp) -> list[str]:
    (output,) = app.figure_area.outputs
    data = output["data"]["application/vnd.plotly.v1+json"]["data"]
    return [text for trace in data if "text" in trace for text in trace["text"]]


def test_self_test_widget_starts_with_the_example_and_named_controls() -> None:
    app = helpers.core_endurance_test()
    assert [box.description for box in app.boxes.values()] == [f"{name} (s)" for name in core.TEST_NAMES.values()]
    assert all(not box.continuous_update for box in app.boxes.values())
    assert app.sex.description == "Compare with" and app.sex.value == "women"
    assert "3 of 4 balance ratios are within" in app.takeaway.value
    assert "1.18 ✗ outside" in figure_texts(app)
    assert "open the course in JupyterLab" in repr(app)
    assert not app.message.value


def test_self_test_widget_redraws_and_keeps_the_last_drawing_on_bad_input() -> None:
    app = helpers.core_endurance_test()
    app.boxes["side_left"].value = "80"
    assert "All 4 balance ratios you can compute are within" in app.takeaway.value
    outputs, takeaway = app.figure_area.outputs, app.takeaway.value
    for typed in ("abc", "-5", "2000", "1:5x"):
        app.boxes["extensor"].value = typed
        assert "Please check" in app.message.value and "Extensor hold" in app.message.value
        assert app.figure_area.outputs == outputs and app.takeaway.value == takeaway
        assert app.boxes["extensor"].value == typed  # nothing typed is changed
    app.boxes["extensor"].value = "2:30"
    assert not app.message.value
    assert "Biering-Sørensen" not in app.description.value  # women: no cut-off drawn
    app.sex.value = "men"
    assert "150 s is under the 176 s" in app.takeaway.value
    assert "dashed lines at Biering-Sørensen&#x27;s 176 s and 198 s across the extensor hold (men only)" in app.description.value
    app.boxes["extensor"].value = "4:10"
    assert "But 250 s is longer than the 240 s at which the test is stopped" in app.takeaway.value
    assert "Your extensor hold of 250 s is over the 198 s" in app.takeaway.value


def test_self_test_widget_with_every_box_empty_asks_for_a_time() -> None:
    app = helpers.core_endurance_test()
    for test, box in app.boxes.items():
        if test != "side_left":
            box.value = ""
    takeaway, outputs = app.takeaway.value, app.figure_area.outputs
    assert "Type at least two holds" in takeaway
    app.boxes["side_left"].value = ""
    assert "No hold times yet" in app.message.value
    assert app.takeaway.value == takeaway and app.figure_area.outputs == outputs  # the last good result stays


def test_progression_builder_ticks_and_sessions() -> None:
    app = helpers.progression_builder()
    assert "3 exercise(s), 2 session(s) a week" in app.takeaway.value
    app.ticks["plank"].value = True
    assert "Front plank: 3 × 20 s hold → 45 s hold" in app.takeaway.value
    outputs = app.figure_area.outputs
    app.sessions.value = "0"
    assert "Sessions per week must be from 1 to 7; you typed 0." in app.message.value
    assert app.figure_area.outputs == outputs
    assert "(in all 2 min → 4 min 30 s a week)" in app.takeaway.value and "days 1, 4 of each week" in app.takeaway.value
    assert "stay there until it settles" in app.takeaway.value and "rest day between" in app.takeaway.value
    app.sessions.value = "4"
    assert "4 session(s) a week" in app.takeaway.value and not app.message.value
    assert "With 4 sessions a week, one of them comes the day after another" in app.takeaway.value
    assert app.figure_area.outputs != outputs  # more sessions: more markers
    app.sessions.value = "1"
    assert "Front plank: 3 × 20 s hold → 30 s hold" in app.takeaway.value
    assert "each dose rises every second week" in app.takeaway.value
    for tick in app.ticks.values():
        tick.value = False
    assert "Tick at least one exercise" in app.message.value
    app.show_numbers.value = True  # the last good table stays behind the figure
    assert "week 6" in app.numbers.value


def test_exercise_library_shows_cards_with_verdicts_and_sources() -> None:
    library = helpers.exercise_library()
    page = library._repr_html_()
    assert page.count('<details class="bot-exercise"') == len(core.exercises())
    assert "Verdict: mixed</b> (Toresdahl et al. 2020; Lauersen et al. 2014)" in page
    assert "Verdict: unknown (Wieland et al. 2022)" in repr(library)
    assert "Front plank — abdominal wall" in repr(library)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_stopwatch_writes_the_whole_seconds_into_the_box_and_redraws() -> None:
    clock = FakeClock()
    app = helpers.core_endurance_test(clock=clock)
    button = app.timers["side_left"]
    assert button.description == "Time left"
    button.value = True
    assert button.description == "Stop left" and "Timing the left side bridge" in app.timer_status.value
    clock.now += 79.6
    button.value = False
    assert app.boxes["side_left"].value == "80" and button.description == "Time left"
    assert "All 4 balance ratios you can compute are within" in app.takeaway.value


def test_stopwatch_one_at_a_time_and_too_short_changes_nothing() -> None:
    clock = FakeClock()
    app = helpers.core_endurance_test(clock=clock)
    app.timers["flexor"].value = True
    app.timers["extensor"].value = True  # cancels the flexor stopwatch
    assert not app.timers["flexor"].value and app.boxes["flexor"].value == "120"
    clock.now += 0.4
    app.timers["extensor"].value = False
    assert app.boxes["extensor"].value == "150" and "under a second" in app.timer_status.value
    app.timers["plank"].value = True
    clock.now += 5000
    app.timers["plank"].value = False
    assert app.boxes["plank"].value == "" and "over 15 minutes" in app.timer_status.value


def test_typed_holds_and_sessions_are_echoed_as_read() -> None:
    app = helpers.core_endurance_test()
    assert ("Read as: trunk flexor hold 120 s; extensor hold 150 s; right side bridge 80 s; left side bridge 68 s; "
            "front plank: not done (empty).") in app.takeaway.value
    app.boxes["flexor"].value = "1:35"
    app.boxes["plank"].value = "95,5 s"
    assert "trunk flexor hold &quot;1:35&quot; = 95 s;" in app.takeaway.value
    assert "front plank &quot;95,5 s&quot; = 95.5 s." in app.takeaway.value
    builder = helpers.progression_builder()
    assert "Read as: sessions per week 2." in builder.takeaway.value
    builder.sessions.value = " 03"
    assert "Read as: sessions per week &quot;03&quot; = 3." in builder.takeaway.value
