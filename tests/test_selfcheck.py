"""Lesson 08 model: red-flag triage (per rule, every pair of serious flags, every combination), validation,
fuzzing, honest factors and their evidence, data links."""

from __future__ import annotations

import hashlib
import itertools
import operator
import os
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.data import load_table
from helpers.paths import notebooks_dir
from helpers.safety import safety_note, safety_note_tiers
from helpers.schemas.selfcheck import SCORED_VERDICTS, clauses_of, parse_condition
from helpers.selfcheck import (
    NO_RUNNING,
    NOTHING_NEW,
    STAY_ACTIVE,
    SelfCheckError,
    assess,
    check_answers,
    compare,
    questionnaire,
    questions,
    sample_answers,
    triage,
    triage_result,
)
from helpers.selfcheck_report import result_html

# ---------------------------------------------------------------- the oracle
# Written from issue 8 and evidence.md 7b (with public NHS advice), independently of the data files.
EMERGENCY = ("bladder_bowel", "saddle_numbness", "both_legs", "sexual_function", "chest_pain", "serious_accident")
URGENT = ("fever_unwell", "fall_accident", "leg_weakness", "cancer_history", "weight_loss", "night_pain",
          "back_swelling", "upper_back", "cough_sneeze")
SOON = ("steroids_osteoporosis", "immunosuppressed", "morning_stiffness", "not_improving", "leg_symptoms")
YES_NO_FLAGS = EMERGENCY + URGENT + SOON + ("new_episode", "arching_pain")
#: The serious-pathology flags that escalate in any pair; "older age" is age >= OLDER_AGE.
SERIOUS = ("cancer_history", "weight_loss", "night_pain", "steroids_osteoporosis", "immunosuppressed", "older age")
CANCER_NERVES = ("leg_weakness", "leg_symptoms", "bladder_bowel")
OLDER_AGE = 50  # course choice (evidence.md: common cut-offs unverified; Downie 2013: older age is a flag)
YOUNG_AGE = 20
DAILY_LIMIT = 7  # "stops your day-to-day activities": 7 or more of 10 on "limits daily life" (course choice)
RANKS = {"self-care": 0, "soon": 1, "urgent": 2, "emergency": 3}


def serious_count(flags: dict, age: float) -> int:
    return sum(flags.get(q) == "yes" for q in SERIOUS[:-1]) + (age >= OLDER_AGE)


def expected_rank(flags: dict, age: float, limits_daily: float = 0) -> int:
    """The level issue 8 demands for these answers."""
    yes = {q for q, answer in flags.items() if answer == "yes"}
    if yes & set(EMERGENCY) or ("cancer_history" in yes and yes & set(CANCER_NERVES)):
        return 3
    if yes & set(URGENT) or serious_count(flags, age) >= 2:
        return 2
    if (yes & set(SOON) or (age >= OLDER_AGE and "new_episode" in yes)
            or (age < YOUNG_AGE and "arching_pain" in yes) or limits_daily >= DAILY_LIMIT):
        return 1
    return 0


def no_flags() -> dict:
    return dict.fromkeys(YES_NO_FLAGS, "no")


def other_questions():
    triage_ids = {q.question_id for q in questionnaire().triage_questions}
    return [q for q in questionnaire().questions.values() if q.question_id not in triage_ids]


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
    """Valid answers to every question that triage does not use."""
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


FLAGS = st.fixed_dictionaries({q: st.sampled_from(["yes", "no"]) for q in YES_NO_FLAGS})
AGES = st.floats(10, 100)
LIMITS = st.floats(0, 10)


def tips() -> set[str]:
    """Every piece of running or training advice the data can give (factor tips, things worth trying)."""
    return {rule.advice for rule in questionnaire().scores + questionnaire().untested}


# ---------------------------------------------------------------- each triage rule, table-driven

#: flag id -> (answers that should raise it, on top of a runner with no flags, aged 34, limits 3), its level,
#: and the evidence keys that support that level (evidence.md 7b, the NHS public advice, clinicians' pathways).
RULES = {
    "bladder-bowel": ({"bladder_bowel": "yes"}, "emergency", {"bmj-ces"}),
    "saddle-numbness": ({"saddle_numbness": "yes"}, "emergency", {"bmj-ces"}),
    "both-legs": ({"both_legs": "yes"}, "emergency", {"nice-cks-sciatica", "bmj-ces"}),
    "sexual-function": ({"sexual_function": "yes"}, "emergency", {"bmj-ces"}),
    "chest-pain": ({"chest_pain": "yes"}, "emergency", {"swast-999"}),
    "serious-accident": ({"serious_accident": "yes"}, "emergency", {"swast-999"}),
    "cancer-nerves": ({"cancer_history": "yes", "leg_symptoms": "yes"}, "emergency",
                      {"nhs-lothian-spine-red-flags", "nice-ng234"}),
    "fever": ({"fever_unwell": "yes"}, "urgent", {"nhs-gp-back-pain", "redflagsymptoms-back-pain"}),
    "fall": ({"fall_accident": "yes"}, "urgent", {"nhs-gp-back-pain"}),
    "leg-weakness": ({"leg_weakness": "yes"}, "urgent", {"nhs-lothian-spine-red-flags"}),
    "cancer": ({"cancer_history": "yes"}, "urgent", {"nice-ng234"}),
    "weight-loss": ({"weight_loss": "yes"}, "urgent", {"nhs-gp-back-pain", "redflagsymptoms-back-pain"}),
    "night-pain": ({"night_pain": "yes"}, "urgent", {"nhs-gp-back-pain", "redflagsymptoms-back-pain"}),
    "back-swelling": ({"back_swelling": "yes"}, "urgent", {"nhs-gp-back-pain", "redflagsymptoms-back-pain"}),
    "upper-back": ({"upper_back": "yes"}, "urgent", {"nhs-gp-back-pain", "redflagsymptoms-back-pain"}),
    "cough-sneeze": ({"cough_sneeze": "yes"}, "urgent", {"nhs-gp-back-pain", "redflagsymptoms-back-pain"}),
    "several-flags": ({"steroids_osteoporosis": "yes", "age": 70}, "urgent", {"downie2013"}),
    "steroids-osteoporosis": ({"steroids_osteoporosis": "yes"}, "soon", {"downie2013"}),
    "immunosuppressed": ({"immunosuppressed": "yes"}, "soon", {"glos-spine-red-flags"}),
    "older-new-pain": ({"age": 50, "new_episode": "yes"}, "soon", {"glos-spine-red-flags", "downie2013"}),
    "inflammatory": ({"morning_stiffness": "yes"}, "soon", {"royaldevon-axspa"}),
    "young-extension": ({"age": 16, "arching_pain": "yes"}, "soon", {"beck2021"}),
    "leg-symptoms": ({"leg_symptoms": "yes"}, "soon", {"nice-cks-sciatica"}),
    "not-improving": ({"not_improving": "yes"}, "soon", {"nhs-gp-back-pain"}),
    "limits-daily": ({"limits_daily": 7}, "soon", {"nhs-gp-back-pain"}),
}


def runner(**changes) -> dict:
    """Maya (no red flags, 34, limits daily life 3) with some answers changed."""
    return {**sample_answers("maya"), **changes}


def test_every_red_flag_rule_has_a_case_here() -> None:
    assert set(RULES) == {row["flag_id"] for row in load_table("selfcheck_red_flags").to_dict("records")}


@pytest.mark.parametrize("flag_id", RULES)
def test_each_rule_gives_its_level_with_evidence_for_that_level(flag_id: str) -> None:
    changes, level, keys = RULES[flag_id]
    row = load_table("selfcheck_red_flags").set_index("flag_id").loc[flag_id]
    assert row["level"] == level and row["evidence"] in keys, "a rule's evidence must support its level"
    result = assess(runner(**changes))
    assert result.level == level
    assert result.red_flags[0].level == level and flag_id in {flag.flag_id for flag in result.red_flags}
    assert assess(runner()).level == "self-care"  # the base runner raises nothing


@pytest.mark.parametrize("nerves", CANCER_NERVES)
def test_cancer_with_new_nerve_or_bladder_signs_is_an_emergency(nerves: str) -> None:
    result = assess(runner(cancer_history="yes", **{nerves: "yes"}))
    assert result.level == "emergency" and "cancer-nerves" in {flag.flag_id for flag in result.red_flags}


def test_the_issue_case_cancer_night_pain_weight_loss_and_leg_pain() -> None:
    """Issue 8: cancer + night pain stayed 'within 1 to 2 weeks', even with weight loss and leg pain added."""
    assert assess(runner(cancer_history="yes", night_pain="yes")).level == "urgent"
    assert assess(runner(cancer_history="yes", night_pain="yes", weight_loss="yes")).level == "urgent"
    assert assess(runner(cancer_history="yes", night_pain="yes", weight_loss="yes", leg_symptoms="yes")).level == "emergency"


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(SERIOUS, 2)),
                         ids=lambda flag: flag.replace("_", "-"))
def test_every_pair_of_serious_flags_is_urgent(first: str, second: str) -> None:
    changes = {"age": OLDER_AGE if "older age" in (first, second) else 34}
    changes.update({flag: "yes" for flag in (first, second) if flag != "older age"})
    result = assess(runner(**changes))
    assert result.rank >= RANKS["urgent"]
    assert "several-flags" in {flag.flag_id for flag in result.red_flags}


@pytest.mark.parametrize("flag", SERIOUS[:-1])
def test_one_serious_flag_alone_does_not_count_as_several(flag: str) -> None:
    ids = {f.flag_id for f in assess(runner(**{flag: "yes", "age": OLDER_AGE - 0.5})).red_flags}
    assert "several-flags" not in ids


@pytest.mark.parametrize("flags", [("leg_symptoms", "not_improving", "morning_stiffness"),
                                   ("leg_symptoms", "not_improving", "morning_stiffness", "arching_pain")])
def test_nerve_and_slow_recovery_flags_stay_soon_in_any_combination(flags: tuple) -> None:
    assert assess(runner(age=17, **dict.fromkeys(flags, "yes"))).level == "soon"
    assert assess(runner(age=45, limits_daily=10, **dict.fromkeys(flags, "yes"))).level == "soon"


@pytest.mark.parametrize(("age", "level"), [(10, "soon"), (19.99, "soon"), ("19", "soon"), (20, "self-care"), (45, "self-care")])
def test_pain_on_arching_is_a_flag_under_20_only(age, level: str) -> None:
    assert assess(runner(arching_pain="yes", age=age)).level == level


@pytest.mark.parametrize(("age", "new", "level"), [(49.9, "yes", "self-care"), (50, "yes", "soon"), (80, "yes", "soon"),
                                                   (80, "no", "self-care")])
def test_age_50_or_over_with_new_back_pain_is_soon(age: float, new: str, level: str) -> None:
    assert assess(runner(age=age, new_episode=new)).level == level


@pytest.mark.parametrize(("limits", "level"), [(6, "self-care"), (6.9, "self-care"), (7, "soon"), (10, "soon")])
def test_pain_that_stops_daily_life_is_soon(limits: float, level: str) -> None:
    assert assess(runner(limits_daily=limits)).level == level


# ---------------------------------------------------------------- every combination, and properties

def test_the_oracle_covers_exactly_the_triage_questions() -> None:
    assert {q.question_id for q in questionnaire().triage_questions} == set(YES_NO_FLAGS) | {"age", "limits_daily"}
    assert {q.question_id for q in questionnaire().red_flag_questions} == set(YES_NO_FLAGS) | {"age"}


#: The questions whose rules interact (pairs, cancer with nerves, age with another answer): enumerated fully.
INTERACTING = ("cancer_history", "weight_loss", "night_pain", "steroids_osteoporosis", "immunosuppressed",
               "new_episode", "leg_weakness", "leg_symptoms", "arching_pain", "bladder_bowel")
SINGLES = tuple(q for q in YES_NO_FLAGS if q not in INTERACTING)
EDGE_AGES = (14, YOUNG_AGE - 0.1, YOUNG_AGE, OLDER_AGE - 0.1, OLDER_AGE, 80)
EDGE_LIMITS = (DAILY_LIMIT - 0.1, DAILY_LIMIT)


def test_every_combination_of_interacting_flags_ages_and_limits_gives_its_level() -> None:
    """All 2**10 combinations of the answers whose rules interact, x 6 ages x 2 limits (the single-answer
    flags each have their own case above, and the hypothesis tests mix them in); every 13th combination also
    with a random set of single-answer flags and through the whole assessment."""
    rng = random.Random(8)
    others = [{q.question_id: valid_answer(q, rng) for q in other_questions()} for _ in range(31)]
    checked = 0
    for values in itertools.product(("no", "yes"), repeat=len(INTERACTING)):
        for age, limits in itertools.product(EDGE_AGES, EDGE_LIMITS):
            flags = {**no_flags(), **dict(zip(INTERACTING, values))}
            answers = {**flags, "age": age, "limits_daily": limits}
            want = expected_rank(flags, age, limits)
            level, found = triage(answers)
            assert level.rank == want, (flags, age, limits, level.level)
            assert (found[0].rank if found else 0) == want
            assert [flag.rank for flag in found] == sorted((flag.rank for flag in found), reverse=True)
            checked += 1
            if checked % 13 == 0:
                singles = {q: rng.choice(("no", "no", "yes")) for q in SINGLES}
                mixed = {**others[checked % len(others)], **answers, **singles}
                assert_safe_result(assess(mixed), expected_rank({**flags, **singles}, age, limits))
    assert checked == 2 ** len(INTERACTING) * len(EDGE_AGES) * len(EDGE_LIMITS)


def assert_safe_result(result, want: int) -> None:
    """The level first; at urgent or emergency no factor and no running or training advice at all."""
    assert result.rank == want and RANKS[result.level] == want
    page = result_html(result)
    if want >= 2:
        assert result.factors == () and result.untested == ()
        assert result.this_week == (f"First and most important: {questionnaire().levels[result.level].action}.", NO_RUNNING)
        assert "bot-factor" not in page and "bot-untested" not in page and STAY_ACTIVE not in page
        assert not [tip for tip in tips() if tip in page]
    elif want == 1:
        assert result.untested == () and result.this_week[1:] == (NOTHING_NEW, STAY_ACTIVE)
        assert not [tip for tip in tips() if tip in page]


@settings(max_examples=300, deadline=None)
@given(others=other_answers(), flags=FLAGS, age=AGES, limits=LIMITS)
def test_no_other_answer_changes_the_level_and_urgent_results_hold_no_running_advice(others, flags, age, limits) -> None:
    result = assess({**others, **flags, "age": age, "limits_daily": limits})
    want = expected_rank(flags, age, limits)
    assert_safe_result(result, want)
    assert result.heading == questionnaire().levels[result.level].heading
    assert (result.red_flags[0].level if result.red_flags else "self-care") == result.level


TRIAGE_IDS = [q.question_id for q in questionnaire().triage_questions]


@st.composite
def partial_triage_answers(draw) -> dict:
    """Some of the triage answers, each valid."""
    chosen = draw(st.lists(st.sampled_from(TRIAGE_IDS), unique=True))
    answers = {}
    for question_id in chosen:
        question = questionnaire().questions[question_id]
        if question.answer_type == "number":
            answers[question_id] = draw(st.floats(question.minimum, question.maximum))
        else:
            answers[question_id] = draw(st.sampled_from(["yes", "no"]))
    return answers


@settings(max_examples=400, deadline=None)
@given(answers=partial_triage_answers(), data=st.data())
def test_adding_or_raising_any_answer_never_lowers_the_level(answers: dict, data) -> None:
    before = triage(answers)[0].rank
    missing = [q for q in TRIAGE_IDS if q not in answers]
    if missing:
        question = questionnaire().questions[data.draw(st.sampled_from(missing))]
        value = (data.draw(st.floats(question.minimum, question.maximum)) if question.answer_type == "number"
                 else data.draw(st.sampled_from(["yes", "no"])))
        assert triage({**answers, question.question_id: value})[0].rank >= before
    noes = [q for q, answer in answers.items() if answer == "no"]
    if noes:
        assert triage({**answers, data.draw(st.sampled_from(noes)): "yes"})[0].rank >= before
    if "limits_daily" in answers:
        raised = data.draw(st.floats(answers["limits_daily"], 10))
        assert triage({**answers, "limits_daily": raised})[0].rank >= before


@settings(max_examples=200, deadline=None)
@given(flags=FLAGS, age=AGES, limits=LIMITS,
       junk=st.dictionaries(st.sampled_from([q.question_id for q in other_questions()] + ["nonsense"]),
                            st.one_of(st.none(), st.text(max_size=5), st.integers(), st.floats())))
def test_a_half_filled_or_wrong_form_still_shows_the_red_flag_level(flags, age, limits, junk) -> None:
    level, found = triage({**junk, **flags, "age": age, "limits_daily": limits})
    assert level.rank == expected_rank(flags, age, limits)
    assert all(a.rank >= b.rank for a, b in zip(found, found[1:]))
    partial = triage_result({**junk, **flags, "age": age, "limits_daily": limits})
    assert_safe_result(partial, level.rank)


def test_triage_skips_missing_and_invalid_red_flag_answers() -> None:
    assert triage({})[0].level == "self-care"
    assert triage({"bladder_bowel": "maybe", "fever_unwell": "yes"})[0].level == "urgent"
    assert triage({"limits_daily": "lots", "cancer_history": "yes", "age": "70"})[0].level == "urgent"
    assert triage("not a mapping")[0].level == "self-care"


# ---------------------------------------------------------------- the safety note says the same

def test_the_safety_note_has_one_paragraph_per_level_headed_as_the_levels_are() -> None:
    headings = [level.heading for level in questionnaire().levels.values() if level.rank > 0]
    assert list(safety_note_tiers()) == headings
    assert safety_note().startswith("## Safety note\n\n")


@pytest.mark.parametrize("row", load_table("selfcheck_red_flags").to_dict("records"), ids=lambda row: row["flag_id"])
def test_every_red_flag_is_in_the_safety_note_at_its_level(row: dict) -> None:
    tiers = safety_note_tiers()
    heading = questionnaire().levels[row["level"]].heading
    assert row["finding"] in tiers[heading], f"{row['finding']!r} is not in the note's {row['level']} paragraph"
    assert f"#ref-{row['evidence']}" in tiers[heading], f"the note's {row['level']} paragraph does not cite {row['evidence']}"


def test_the_safety_note_says_now_and_today_and_names_both_legs() -> None:
    tiers = safety_note_tiers()
    emergency, urgent, soon = tiers.values()
    assert emergency.split(" (")[0].endswith("now") and "both legs" in emergency and "today" not in emergency
    assert "today" in urgent.split(" if ")[0]
    for sign in ("chest pain", "weight loss", "pain worse at night", "a history of cancer"):
        assert sign in emergency + urgent, sign


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


# ---------------------------------------------------------------- things worth looking at, honestly

#: The fact sheet's verdict table (evidence.md, "Popular claim | What the evidence says | Verdict"): the rows the
#: self-check's factors answer to, quoted word for word with the fact sheet's own verdict. The grades the tests allow
#: are derived from these words (:func:`fact_sheet_grade`), never copied from the data.
FACT_SHEET_ROWS = {
    "Sudden mileage jumps / overtraining cause injury": "Mixed",
    "Weak core / glutes cause LBP": "Mixed",
    "Cross-training (for example cycling)": "Some support (observational)",
    "Rotate shoes": "Mixed (some support)",
    "Poor form / overstriding causes LBP": "Mixed (mechanism yes, LBP unknown)",
    "Obesity raises LBP risk": "Supported",
    "The 10 % rule prevents injury": "Not supported",
    "Returning after a break needs a gradual ramp": "Unknown (expert practice)",
    "Steep downhills strain the lower back": "Unknown (plausible mechanism)",
    "Cambered or uneven roads cause injury": "Unknown",
    "Replace shoes every 300–500 miles": "Unknown (rule of thumb)",
    "Desk sitting causes LBP": "Not supported (as cause)",
}
#: A factor the verdict table has no row for, with the fact sheet's words for it and the verdict they amount to.
#: McGill's ratio targets are given only as norms of healthy young adults (evidence.md §0 and §4), with no outcome.
ROWLESS = {"McGill ratio targets (norms of 75 young healthy adults; no outcome)": "Unknown"}
#: Each factor: the row (or rowless entry) it answers to, and the sources that say so in the same direction.
FACTORS = {
    "training-spike": ("Sudden mileage jumps / overtraining cause injury", {"nielsen2025"}),  # the single-run spike
    "strength": ("Weak core / glutes cause LBP", {"lauersen2014", "steffens2016"}),
    "cross-training": ("Cross-training (for example cycling)", {"malisoux2015"}),
    "shoe-rotation": ("Rotate shoes", {"malisoux2015"}),
    # the same cohort as "Rotate shoes" (evidence.md §5: "Previous injury raised risk (HR 1.722)"; observational)
    "previous-pain": ("Rotate shoes", {"malisoux2015"}),
    "overstriding": ("Poor form / overstriding causes LBP", {"lieberman2015"}),  # mechanism only: not scored
    "cadence": ("Poor form / overstriding causes LBP", {"heiderscheit2011"}),  # the row names both studies
    "body-weight": ("Obesity raises LBP risk", {"shiri2010", "zhang2018"}),
    "weekly-change": ("The 10 % rule prevents injury", {"nielsen2025"}),  # week-to-week change unrelated to injury
    "back-from-break": ("Returning after a break needs a gradual ramp", {"crowell2023"}),
    "hills": ("Steep downhills strain the lower back", {"levine2007"}),
    "camber": ("Cambered or uneven roads cause injury", {"hamill2002"}),
    "shoe-age": ("Replace shoes every 300–500 miles", {"kong2009"}),
    "core-ratios": ("McGill ratio targets (norms of 75 young healthy adults; no outcome)", {"mcgill1999"}),
    "sitting": ("Desk sitting causes LBP", {"roffey2010", "swain2020", "korshoj2018"}),
}
#: Rules whose source differs within a factor: the weight must cite exactly this one.
RULE_EVIDENCE = {"bmi >= 30": "shiri2010", "bmi >= 25 & bmi < 30": "zhang2018"}
GRADES = {"supported": "supported", "mixed": "mixed", "some support": "mixed", "not supported": "not supported",
          "unknown": "unknown"}


def fact_sheet_grade(verdict: str) -> str:
    """The grade of a link to running injury or back pain, from the fact sheet's verdict words.

    Where the fact sheet splits a mechanism from the back-pain outcome ("mechanism yes, LBP unknown"), the outcome
    counts: a mechanism alone carries no score. Otherwise the first verdict named counts ("Not supported / unknown").
    """
    words = verdict.lower()
    if "lbp unknown" in words or "unknown for lbp" in words:
        return "unknown"
    return GRADES[re.split(r"[(/]", words)[0].strip()]


def allowed(factor_id: str) -> tuple[str, set[str]]:
    """The grade the fact sheet gives a factor, and the sources allowed for it."""
    row, keys = FACTORS[factor_id]
    return fact_sheet_grade({**FACT_SHEET_ROWS, **ROWLESS}[row]), keys


@pytest.mark.parametrize(("words", "grade"), [
    ("Mixed (mechanism yes, LBP unknown)", "unknown"), ("Mixed (LBP unknown)", "unknown"), ("Supported", "supported"),
    ("Some support (observational)", "mixed"), ("Not supported (as cause)", "not supported"),
    ("Not supported / unknown", "not supported"), ("Unknown (rule of thumb)", "unknown"), ("Mixed", "mixed"),
])
def test_fact_sheet_verdict_words_give_the_grade(words: str, grade: str) -> None:
    assert fact_sheet_grade(words) == grade


def _fact_sheet() -> Path | None:
    """The fact sheet, if this checkout has it (next to the repository, or where BOT_FACT_SHEET says)."""
    path = Path(os.environ.get("BOT_FACT_SHEET", Path(__file__).resolve().parents[2] / "shared" / "evidence.md"))
    return path if path.is_file() else None


@pytest.mark.skipif(_fact_sheet() is None, reason="the fact sheet (../shared/evidence.md) is not in this checkout")
def test_the_quoted_rows_are_the_fact_sheets_own() -> None:
    table = {}
    for line in _fact_sheet().read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 3:
            table[cells[0]] = cells[2]
    for claim, verdict in FACT_SHEET_ROWS.items():
        assert table.get(claim) == verdict, claim


def test_every_factor_has_the_fact_sheets_verdict() -> None:
    factors = load_table("selfcheck_factors").set_index("factor_id")
    assert set(factors.index) == set(FACTORS)
    for factor_id in FACTORS:
        grade, keys = allowed(factor_id)
        assert factors.loc[factor_id, "verdict"] == grade, factor_id
        assert factors.loc[factor_id, "evidence"] in keys, factor_id


@pytest.mark.parametrize("row", load_table("selfcheck_scores").to_dict("records"), ids=lambda row: row["when"])
def test_every_weight_rests_on_a_source_in_the_same_direction(row: dict) -> None:
    grade, keys = allowed(row["factor_id"])
    assert grade in SCORED_VERDICTS, f"{row['factor_id']} is graded {grade}: it may not carry a score"
    assert row["evidence"] in keys, f"{row['evidence']} does not support {row['factor_id']}"
    assert row["evidence"] == RULE_EVIDENCE.get(row["when"], row["evidence"])


@pytest.mark.parametrize("row", load_table("selfcheck_untested").to_dict("records"), ids=lambda row: row["when"])
def test_untested_things_are_listed_with_their_source_and_never_scored(row: dict) -> None:
    grade, keys = allowed(row["factor_id"])
    assert grade not in SCORED_VERDICTS and row["evidence"] in keys
    assert row["factor_id"] not in set(load_table("selfcheck_scores")["factor_id"])


@pytest.mark.parametrize("table", ["selfcheck_scores", "selfcheck_untested"])
def test_no_number_a_learner_reads_rests_on_an_unchecked_reference(table: str) -> None:
    checked = load_table("references").set_index("key")["details_checked"]
    for row in load_table(table).to_dict("records"):
        if re.search(r"\d", row["why"]):
            assert checked[row["evidence"]], f"{row['when']}: its numbers rest on {row['evidence']}, not yet checked"


def test_the_issue_cases_are_no_longer_scored() -> None:
    scored = {clause.question_id for rule in questionnaire().scores for clause in clauses_of(rule.parts)}
    assert not scored & {"sitting_hours", "weekly_change", "back_from_break", "cadence", "hills", "camber", "shoe_age",
                         "overstriding", "pain_since"}


def test_a_factors_words_match_the_answer_that_raised_it() -> None:
    """Issue 8: 'no' to the much-longer run but 'up by more than 30 %' weekly showed the single-run text."""
    result = assess(runner(long_run_spike="no", weekly_change="up by more than 30 %"))
    assert "training-spike" not in {factor.factor_id for factor in result.factors}
    [weekly] = [factor for factor in result.untested if factor.factor_id == "weekly-change"]
    assert weekly.reasons == ("Your weekly distance rose by more than 30 %.",)
    assert weekly.verdict == "not supported" and weekly.evidence == ("nielsen2025",)
    page = result_html(result)
    assert "more than 10 % longer than the longest" not in page and "Nielsen et al. 2014a" not in page


@pytest.mark.parametrize("kind", ["scores", "untested"])
def test_each_rule_has_its_own_reason(kind: str) -> None:
    """Reasons are per answer, never one text for a whole factor that may describe another answer."""
    rules = getattr(questionnaire(), kind)
    assert len({rule.text for rule in rules}) == len(rules)
    assert all(rule.text and rule.why and rule.advice for rule in rules)


def test_sample_learner_maya_gets_self_care_with_things_worth_looking_at() -> None:
    result = assess(sample_answers("maya"))
    assert result.level == "self-care" and result.red_flags == ()
    ids = [factor.factor_id for factor in result.factors]
    assert ids[:2] == ["training-spike", "strength"]
    assert all(factor.verdict in SCORED_VERDICTS and factor.score > 0 for factor in result.factors)
    scores = [factor.score for factor in result.factors]
    assert scores == sorted(scores, reverse=True)
    assert result.factors[0].score == 3.0  # one much longer run: the week-to-week rise adds nothing
    assert result.factors[0].lesson_file == "06-training-load.ipynb"
    assert [factor.factor_id for factor in result.untested] == ["weekly-change", "hills", "sitting"]
    assert all(factor.score == 0 and factor.verdict not in SCORED_VERDICTS for factor in result.untested)
    assert result.this_week[0] == STAY_ACTIVE
    assert result.this_week[1] == result.factors[0].this_week


def test_sample_learner_sam_gets_an_emergency_and_nothing_else_to_read() -> None:
    result = assess(sample_answers("sam"))
    assert result.level == "emergency"
    assert [flag.flag_id for flag in result.red_flags] == ["bladder-bowel", "saddle-numbness"]
    assert result.factors == () and result.untested == ()
    assert result.this_week == ("First and most important: go to an emergency department or call an ambulance now.",
                                NO_RUNNING)
    assert "cauda equina" in result.tell


def test_soon_lists_things_to_talk_about_but_no_training_tips() -> None:
    result = assess(runner(steroids_osteoporosis="yes"))
    assert result.level == "soon" and result.factors and result.untested == ()
    assert result.this_week == ("First and most important: book an appointment with a GP or physiotherapist.",
                                NOTHING_NEW, STAY_ACTIVE)
    assert "once you have been seen" in result_html(result)


def test_urgent_results_list_the_findings_and_what_to_say_but_no_factors() -> None:
    result = assess(runner(fall_accident="yes", steroids_osteoporosis="yes"))
    assert result.level == "urgent"
    assert [flag.level for flag in result.red_flags] == ["urgent", "soon"]
    assert result.factors == () and result.untested == ()
    assert result.this_week[0] == "First and most important: contact a doctor or NHS 111 today."
    assert result.tell and "What to tell them" in result_html(result)


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
    for table in ("selfcheck_scores", "selfcheck_untested", "selfcheck_red_flags", "selfcheck_factors", "selfcheck_levels"):
        assert set(load_table(table)["evidence"]) <= keys, table


COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _answers_meeting(rule_when: str) -> dict:
    """Maya's answers changed just enough to meet every clause of a rule's condition."""
    answers = sample_answers("maya")
    for clause in clauses_of(parse_condition(rule_when)):
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
    assert row["reason"] in factor.reasons and row["evidence"] in factor.evidence and row["why"] in factor.why


@pytest.mark.parametrize("row", load_table("selfcheck_untested").to_dict("records"), ids=lambda row: row["when"])
def test_every_untested_rule_is_reachable(row: dict) -> None:
    result = assess(_answers_meeting(row["when"]))
    factor = next(f for f in result.untested if f.factor_id == row["factor_id"])
    assert row["reason"] in factor.reasons and row["worth_trying"] == factor.this_week


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
    form = questionnaire()
    used = {clause.question_id for rule in form.red_flags + form.scores + form.untested for clause in clauses_of(rule.parts)}
    assert set(form.questions) - used == {"pain_where", "pain_side", "pain_since", "pain_when", "pain_eases",
                                          "limits_running", "surface"}


#: Fingerprints (sha256, first 12 hex digits) of the distinctive four-word runs of the nine STarT Back items:
#: leg pain spreading, pain elsewhere, walking and dressing limits, fear of activity, worry, catastrophising,
#: low mood and bothersomeness. Kept as fingerprints so that this file does not reproduce the items either.
START_BACK_FINGERPRINTS = frozenset("""
060db95d235e 099f21543deb 09ede7400593 14267fedff8f 266330d7e872 288a0a780067 2de9926f8789 2f57b374f724
338ed71e894c 3c237cf3cb71 3c379be2b6a3 477b2681bef3 4ab557b01aae 4cfca456749c 4f06d9bfb8d0 50c022f6d1ec
54cbd1dc0895 5c29ac57f9d3 6de738dbca7c 7187fafe93e4 719eb0eb358e 7b5533b794f1 7d9c21807295 827e63d0c4b4
8669392108eb 8ec1aec1e469 944a69b5f926 956c7618966e 95af66729bde 98af607c1cfe 9b587bbbab11 9bd39bc8fe67
9e4c5597d6c6 a1fb395f6fe9 a318575ce3be a7e217db5b2d aa4f5e2ee398 abed8e61bf0c b1167990a4e6 be32db0e9ce5
bf80b614de02 c254e425259d c59a5c08e216 cabdb4d62a15 cbea4f3fe561 cf83a5c79a2f d39a9ca7d531 da55ab8f9baa
de140070094f df0dd818f35a e09a42112c78 e807c9487300 faf91c8da5b3
""".split())


def fingerprints(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("’", ""))
    return {hashlib.sha256(" ".join(words[i:i + 4]).encode()).hexdigest()[:12] for i in range(len(words) - 3)}


def test_the_start_back_items_are_explained_not_reproduced() -> None:
    assert len(START_BACK_FINGERPRINTS) == 53
    tables = ("selfcheck_questions", "selfcheck_factors", "selfcheck_levels", "selfcheck_sections",
              "selfcheck_red_flags", "selfcheck_scores", "selfcheck_untested")
    text = " ".join(" ".join(map(str, load_table(name).to_numpy().ravel())) for name in tables)
    lesson = (notebooks_dir() / "08-self-check.ipynb").read_text(encoding="utf-8")
    assert not fingerprints(text) & START_BACK_FINGERPRINTS
    assert not fingerprints(lesson) & START_BACK_FINGERPRINTS


def test_compare_names_level_and_factor_changes() -> None:
    before = assess(sample_answers("maya"))
    after = assess(runner(long_run_spike="no", shoe_pairs="yes", morning_stiffness="yes"))
    lines = compare(before, after)
    assert lines[0] == "Triage level: self-care then, soon now (more urgent)."
    assert "No longer suggested: One much longer run." in lines
    assert "No longer suggested: Running in one pair of shoes." in lines


def test_unknown_sample_lists_the_samples() -> None:
    with pytest.raises(ValueError, match="maya"):
        sample_answers("nobody")


def test_compare_at_urgent_or_emergency_names_only_the_level() -> None:
    before = assess(sample_answers("maya"))
    for answers, level in (({"cancer_history": "yes"}, "urgent"), ({"both_legs": "yes"}, "emergency")):
        later = assess({**sample_answers("maya"), **answers})
        assert compare(before, later) == [f"Triage level: self-care then, {level} now (more urgent)."]
