"""Lesson 08 model: red-flag triage (exhaustively), validation, fuzzing, factor ranking, data links."""

from __future__ import annotations

import itertools
import operator
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.data import load_table
from helpers.paths import notebooks_dir
from helpers.schemas.selfcheck import parse_condition
from helpers.selfcheck import (
    SelfCheckError,
    assess,
    check_answers,
    compare,
    questionnaire,
    questions,
    sample_answers,
    triage,
)

# The oracle, written from issue 5 and evidence.md 7b / 8, independently of the data files.
EMERGENCY = ("bladder_bowel", "saddle_numbness", "both_legs", "sexual_function")
URGENT = ("fever_unwell", "fall_accident", "leg_weakness")
SOON = ("cancer_history", "weight_loss", "steroids_osteoporosis", "night_pain", "morning_stiffness",
        "not_improving", "leg_symptoms")
YES_NO_FLAGS = EMERGENCY + URGENT + SOON + ("arching_pain",)
RANKS = {"self-care": 0, "soon": 1, "urgent": 2, "emergency": 3}
BOUNDARY_AGES = (19.9, 20)  # either side of the spondylolysis flag's age limit
OTHER_AGES = (10, 14, 19, 35, 64, 100)


def expected_rank(flags: dict[str, str], age: float) -> int:
    """The level the issue demands for these red-flag answers."""
    if any(flags[q] == "yes" for q in EMERGENCY):
        return 3
    if any(flags[q] == "yes" for q in URGENT):
        return 2
    if any(flags[q] == "yes" for q in SOON) or (age < 20 and flags["arching_pain"] == "yes"):
        return 1
    return 0


def other_questions():
    return [q for q in questionnaire().questions.values() if q.section != questionnaire().sections[0].section]


def valid_answer(question, rng: random.Random):
    """A random valid answer (or None for an optional question), in any form the form accepts."""
    if not question.required and rng.random() < 0.3:
        return None
    if question.answer_type == "yes/no":
        return rng.choice(["yes", "no", True, False, "Yes "])
    if question.answer_type == "choice":
        return rng.choice(question.choices)
    if question.answer_type == "multi":
        count = rng.randint(1 if question.required else 0, len(question.choices))
        return rng.sample(question.choices, count)
    number = rng.uniform(question.minimum, question.maximum)
    return rng.choice([number, round(number), f"{number:.1f}", question.minimum, question.maximum])


@st.composite
def other_answers(draw) -> dict:
    """Valid answers to every question outside the red-flag section."""
    answers = {}
    for question in other_questions():
        if question.answer_type == "yes/no":
            strategy = st.sampled_from(["yes", "no", True, False])
        elif question.answer_type == "choice":
            strategy = st.sampled_from(question.choices)
        elif question.answer_type == "multi":
            strategy = st.lists(st.sampled_from(question.choices), unique=True,
                                min_size=1 if question.required else 0)
        else:
            strategy = st.floats(question.minimum, question.maximum, allow_nan=False)
            strategy = strategy | strategy.map(lambda x: f"{x:.2f}")
        if not question.required:
            strategy = st.none() | strategy
        answers[question.question_id] = draw(strategy)
    return answers


# ---------------------------------------------------------------- the safety properties

def test_the_oracle_covers_exactly_the_red_flag_questions() -> None:
    red_flag_ids = {q.question_id for q in questionnaire().red_flag_questions}
    assert red_flag_ids == set(YES_NO_FLAGS) | {"age"}


def test_every_combination_of_red_flags_gives_its_level_first() -> None:
    """All 2**15 yes/no combinations, each at both sides of the age limit and one more age, with varied other answers."""
    rng = random.Random(5)
    others = [{q.question_id: valid_answer(q, rng) for q in other_questions()} for _ in range(97)]
    checked = 0
    for index, values in enumerate(itertools.product(("no", "yes"), repeat=len(YES_NO_FLAGS))):
        flags = dict(zip(YES_NO_FLAGS, values))
        for turn, age in enumerate((*BOUNDARY_AGES, OTHER_AGES[index % len(OTHER_AGES)])):
            result = assess({**others[(index * 3 + turn) % len(others)], **flags, "age": age})
            want = expected_rank(flags, age)
            assert result.rank == want, (flags, age, result.level)
            assert RANKS[result.level] == result.rank
            assert [flag.rank for flag in result.red_flags] == sorted((f.rank for f in result.red_flags), reverse=True)
            assert (result.red_flags[0].rank if result.red_flags else 0) == want
            if want == 3:
                assert result.factors == ()
            checked += 1
    assert checked == 3 * 2 ** 15


@settings(max_examples=300, deadline=None)
@given(others=other_answers(), flags=st.fixed_dictionaries({q: st.sampled_from(["yes", "no"]) for q in YES_NO_FLAGS}),
       age=st.floats(10, 100))
def test_no_other_answer_changes_the_red_flag_level(others: dict, flags: dict, age: float) -> None:
    result = assess({**others, **flags, "age": age})
    assert result.rank == expected_rank(flags, age)
    assert result.heading == questionnaire().levels[result.level].heading
    html_first = result.red_flags[0].level if result.red_flags else "self-care"
    assert html_first == result.level


@settings(max_examples=200, deadline=None)
@given(flags=st.fixed_dictionaries({q: st.sampled_from(["yes", "no"]) for q in YES_NO_FLAGS}),
       age=st.floats(10, 100),
       junk=st.dictionaries(st.sampled_from([q.question_id for q in other_questions()] + ["nonsense"]),
                            st.one_of(st.none(), st.text(max_size=5), st.integers(), st.floats())))
def test_a_half_filled_or_wrong_form_still_shows_the_red_flag_level(flags: dict, age: float, junk: dict) -> None:
    level, found = triage({**junk, **flags, "age": age})
    assert level.rank == expected_rank(flags, age)
    assert all(a.rank >= b.rank for a, b in zip(found, found[1:]))


def test_triage_skips_missing_and_invalid_red_flag_answers() -> None:
    assert triage({})[0].level == "self-care"
    assert triage({"bladder_bowel": "maybe", "fever_unwell": "yes"})[0].level == "urgent"
    assert triage("not a mapping")[0].level == "self-care"


@pytest.mark.parametrize(("age", "level"), [(10, "soon"), (19.99, "soon"), ("19", "soon"), (20, "self-care"), (45, "self-care")])
def test_pain_on_arching_is_a_flag_under_20_only(age, level: str) -> None:
    answers = {**sample_answers("maya"), "arching_pain": "yes", "age": age}
    assert assess(answers).level == level


# ---------------------------------------------------------------- validation and fuzzing

def test_missing_and_out_of_range_answers_are_each_named() -> None:
    answers = sample_answers("maya")
    del answers["pain_since"]
    answers["age"] = 130
    answers["limits_daily"] = "lots"
    with pytest.raises(SelfCheckError) as error:
        assess(answers)
    problems = error.value.problems
    assert set(problems) == {"pain_since", "age", "limits_daily"}
    assert problems["pain_since"] == "Please answer this question."
    assert "130 is out of range" in problems["age"] and "10 to 100 (years)" in problems["age"]
    assert "“lots” is not a number" in problems["limits_daily"]
    assert isinstance(error.value, ValueError)


def test_unknown_questions_and_bad_types_are_named() -> None:
    answers = {**sample_answers("maya"), "favourite_colour": "blue", "pain_where": "lower back", "hills": "mountains"}
    with pytest.raises(SelfCheckError) as error:
        assess(answers)
    assert set(error.value.problems) == {"favourite_colour", "pain_where", "hills"}


def test_optional_answers_may_be_left_out_and_forms_are_normalised() -> None:
    answers = sample_answers("maya")
    assert "cadence" not in answers and "bmi" not in answers
    clean = check_answers({**answers, "age": " 34 ", "shoe_pairs": False, "pain_eases": []})
    assert clean["age"] == 34.0 and clean["shoe_pairs"] == "no" and "pain_eases" not in clean


def test_huge_and_odd_values_are_named_not_crashed_on() -> None:
    huge = 10 ** 5000  # more digits than Python will turn into text
    answers = {**sample_answers("maya"), "age": huge, "pain_where": [huge], huge: "yes", "bmi": float("nan")}
    with pytest.raises(SelfCheckError) as error:
        assess(answers)
    problems = error.value.problems
    assert "a very large number is out of range" in problems["age"]
    assert problems["pain_where"] == "a very large number is not one of the boxes."
    assert problems["a very large number"] == "There is no question with this id."
    assert problems["bmi"] == "Enter a number from 12 to 60 (kg/m²)."


def test_non_mapping_answers_give_the_one_error() -> None:
    for bad in (None, [], "yes", 3):
        with pytest.raises(SelfCheckError):
            assess(bad)


ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8) | st.binary(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=2),
    max_leaves=6,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fuzzed_answers_give_a_result_or_the_one_error(data) -> None:
    ids = list(questionnaire().questions)
    base = sample_answers(data.draw(st.sampled_from(["maya", "sam"])))
    changes = data.draw(st.dictionaries(st.sampled_from(ids) | st.text(max_size=6), ANY_VALUE, max_size=6))
    for question_id in data.draw(st.lists(st.sampled_from(ids), max_size=3)):
        base.pop(question_id, None)
    try:
        result = assess({**base, **changes})
    except SelfCheckError as error:
        assert error.problems and all(isinstance(text, str) and text for text in error.problems.values())
    else:
        assert result.level in RANKS


# ---------------------------------------------------------------- factors and their links

def test_sample_learner_maya_gets_self_care_with_ranked_factors() -> None:
    result = assess(sample_answers("maya"))
    assert result.level == "self-care" and result.red_flags == ()
    ids = [factor.factor_id for factor in result.factors]
    assert ids[:3] == ["training-spike", "strength", "shoes"]
    scores = [factor.score for factor in result.factors]
    assert scores == sorted(scores, reverse=True)
    assert result.factors[0].score == 5.0  # one much longer run (3) + weekly distance up by over 30 % (2)
    assert result.factors[0].lesson_file == "06-training-load.ipynb"
    assert result.this_week[0].startswith("Stay active")
    assert result.this_week[1] == result.factors[0].this_week


def test_sample_learner_sam_gets_an_emergency_and_nothing_else_to_read() -> None:
    result = assess(sample_answers("sam"))
    assert result.level == "emergency"
    assert [flag.flag_id for flag in result.red_flags] == ["bladder-bowel", "saddle-numbness"]
    assert result.factors == ()
    assert result.this_week[0] == "First and most important: go to an emergency department today."


def test_urgent_and_soon_results_still_list_factors_after_the_advice() -> None:
    result = assess({**sample_answers("maya"), "fall_accident": "yes", "cancer_history": "yes"})
    assert result.level == "urgent"
    assert [flag.level for flag in result.red_flags] == ["urgent", "soon"]
    assert result.factors and result.this_week[0] == "First and most important: see a doctor today or tomorrow."


def test_every_factor_links_to_a_lesson_in_the_course_map() -> None:
    lessons = load_table("lessons").set_index("number")
    for factor_id, factor in questionnaire().factors.items():
        lesson = lessons.loc[factor["lesson"]]
        if lesson["status"] == "ready":
            assert (notebooks_dir() / lesson["file"]).is_file(), factor_id
        else:
            assert lesson["status"] == "coming", factor_id


def test_every_weight_and_flag_carries_a_reference_key() -> None:
    keys = set(load_table("references")["key"])
    for table in ("selfcheck_scores", "selfcheck_red_flags", "selfcheck_factors", "selfcheck_levels"):
        assert set(load_table(table)["evidence"]) <= keys, table


COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _answers_meeting(rule_when: str) -> dict:
    """Maya's answers changed just enough to meet a rule's condition."""
    answers = sample_answers("maya")
    for clause in parse_condition(rule_when):
        question = questionnaire().questions[clause.question_id]
        if clause.operator == "=":
            answers[clause.question_id] = clause.value
        elif clause.operator == "has":
            answers[clause.question_id] = [clause.value]
        else:
            limit = float(clause.value)
            step = {"<": -0.5, "<=": 0, ">": 0.5, ">=": 0}[clause.operator]
            current = answers.get(clause.question_id)
            if current is None or not COMPARE[clause.operator](current, limit):
                answers[clause.question_id] = min(max(limit + step, question.minimum), question.maximum)
    return answers


@pytest.mark.parametrize("row", load_table("selfcheck_red_flags").to_dict("records"), ids=lambda row: row["flag_id"])
def test_every_red_flag_is_reachable(row: dict) -> None:
    result = assess(_answers_meeting(row["when"]))
    assert row["flag_id"] in {flag.flag_id for flag in result.red_flags}
    assert result.rank >= RANKS[row["level"]]


@pytest.mark.parametrize("row", load_table("selfcheck_scores").to_dict("records"), ids=lambda row: row["when"])
def test_every_scoring_rule_is_reachable(row: dict) -> None:
    result = assess(_answers_meeting(row["when"]))
    factor = next(f for f in result.factors if f.factor_id == row["factor_id"])
    assert row["reason"] in factor.reasons and row["evidence"] in factor.evidence


def test_every_question_is_on_the_form_in_section_order() -> None:
    form = questionnaire()
    on_form = [q.question_id for section in form.sections for q in section.questions]
    assert on_form == list(form.questions)
    assert [s.section for s in form.sections] == ["A", "B", "C"]
    table = questions()
    assert table.columns[:5].tolist() == ["question_id", "section", "text", "answer_type", "allowed"]
    assert table.set_index("question_id").loc["age", "allowed"] == "10 to 100 years"
    assert table.set_index("question_id").loc["bladder_bowel", "allowed"] == "yes | no"


def test_only_the_descriptive_questions_are_used_by_no_rule() -> None:
    """A question no rule uses is either meant to describe the pain, or a rule has a typo."""
    used = {clause.question_id for rule in questionnaire().red_flags + questionnaire().scores for clause in rule.clauses}
    unused = set(questionnaire().questions) - used
    assert unused == {"pain_where", "pain_side", "pain_when", "pain_eases", "limits_daily", "limits_running", "surface"}


def test_the_start_back_items_are_explained_not_reproduced() -> None:
    text = " ".join(" ".join(map(str, load_table(name).to_numpy().ravel())) for name in
                    ("selfcheck_questions", "selfcheck_factors", "selfcheck_levels", "selfcheck_sections"))
    for phrase in ("dressed more slowly", "never going to get any better", "Worrying thoughts",
                   "not really safe for a person", "shoulder or neck"):
        assert phrase.lower() not in text.lower()


def test_compare_names_level_and_factor_changes() -> None:
    before = assess(sample_answers("maya"))
    after = assess({**sample_answers("maya"), "long_run_spike": "no", "shoe_pairs": "yes", "cancer_history": "yes"})
    lines = compare(before, after)
    assert lines[0] == "Triage level: self-care then, soon now (more urgent)."
    assert "No longer suggested: Shoes." in lines
    assert "A sudden jump in running: score 5 then, 2 now." in lines


def test_unknown_sample_lists_the_samples() -> None:
    with pytest.raises(ValueError, match="maya"):
        sample_answers("nobody")
