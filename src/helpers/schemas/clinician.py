"""Tables of lesson 07: imaging findings by age, findings more common with pain, conditions, when to scan."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.schemas.base import CITATION_KEY, Column, Schema, split_choices

#: The ages (years) at which Brinjikji et al. 2015a give their estimates.
STUDY_AGES = (20, 30, 40, 50, 60, 70, 80)
AGE_COLUMNS = tuple(f"age_{age}" for age in STUDY_AGES)
FINDING_ID = r"[a-z][a-z0-9-]*"
SOURCE_LIST = rf"{CITATION_KEY}( \| {CITATION_KEY})*"
AGE_LIST = r"[0-9]{2}( \| [0-9]{2})*"


def _rises_with_age(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    """The paper's estimates never fall from one decade to the next; a falling value is a typing error."""
    for index, row in table.iterrows():
        for younger, older in zip(AGE_COLUMNS, AGE_COLUMNS[1:]):
            if row[older] < row[younger]:
                yield index, older, f"is {row[older]} %, below {row[younger]} % at {younger}: check the paper's table"


def _extrapolated_ages_are_study_ages(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    for index, cell in table["extrapolated_ages"].items():
        for age in split_choices(cell) if isinstance(cell, str) else ():
            if int(age) not in STUDY_AGES:
                yield index, "extrapolated_ages", f"{age} is not one of the study's ages ({', '.join(map(str, STUDY_AGES))})"


def _one_row_per_finding_and_age(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    seen: dict[tuple[str, int], int] = {}
    for index, row in table.iterrows():
        key = (row["finding_id"], row["age"])
        if key in seen:
            yield index, "age", f"{row['finding_id']} at age {row['age']} is listed twice (first at row {seen[key]})"
        seen.setdefault(key, index)
        if row["age"] not in STUDY_AGES:
            yield index, "age", f"{row['age']} is not one of the study's ages"
        if (row["people"] == 0) != (row["studies"] == 0):
            yield index, "studies", "people and studies must both be 0 or both be more than 0"


def _interval_holds_estimate(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    for index, row in table.iterrows():
        if not row["ci_low"] <= row["odds_ratio"] <= row["ci_high"]:
            yield index, "odds_ratio", f"{row['odds_ratio']:g} lies outside its interval {row['ci_low']:g}–{row['ci_high']:g}"


SCHEMAS = {
    "clinician_imaging": Schema(
        "Share (%) of people WITHOUT back pain with each spine imaging finding, by age "
        "(Brinjikji et al. 2015a, Table 2; 33 studies, 3,110 people). Every value is the paper's model estimate.",
        (
            Column("finding_id", pattern=FINDING_ID, unique=True),
            Column("finding", unique=True, description="the name a learner sees"),
            Column("plain_words", description="what the finding is, in plain words"),
            *(Column(name, "int", minimum=0, maximum=100, description=f"% at age {name[4:]}") for name in AGE_COLUMNS),
            Column("in_abstract", "yes/no", description="yes: the 20- and 80-year values are also in the abstract"),
            Column("extrapolated_ages", required=False, pattern=AGE_LIST,
                   description="ages at which the paper's Table 1 has no participants (0 people): the value there is "
                               "the paper's model extrapolating from older ages, not an observation"),
            Column("compared_with_pain", "yes/no",
                   description="yes: Brinjikji et al. 2015b compared this finding between adults aged 50 or under with "
                               "and without back pain; no: it did not, so whether it is more common with pain is unknown"),
            Column("source", pattern=CITATION_KEY),
        ),
        checks=(_rises_with_age, _extrapolated_ages_are_study_ages),
    ),
    "clinician_imaging_people": Schema(
        "How many people (and studies) each age's estimate in clinician_imaging rests on "
        "(Brinjikji et al. 2015a, Table 1: estimated number of patients by age).",
        (
            Column("finding_id", pattern=FINDING_ID),
            Column("age", "int", minimum=STUDY_AGES[0], maximum=STUDY_AGES[-1]),
            Column("people", "int", minimum=0, description="estimated people of this age; 0: none, the value is extrapolated"),
            Column("studies", "int", minimum=0),
            Column("source", pattern=CITATION_KEY),
        ),
        checks=(_one_row_per_finding_and_age,),
    ),
    "clinician_pain_odds": Schema(
        "Findings more common in adults aged 50 or under WITH back pain than without: odds ratios "
        "with 95 % intervals (Brinjikji et al. 2015b, abstract).",
        (
            Column("finding_id", pattern=FINDING_ID, unique=True),
            Column("finding", unique=True),
            Column("odds_ratio", "float", minimum=0),
            Column("ci_low", "float", minimum=0),
            Column("ci_high", "float", minimum=0),
            Column("source", pattern=CITATION_KEY),
        ),
        checks=(_interval_holds_estimate,),
    ),
    "clinician_conditions": Schema(
        "What back pain can be, in plain words, with how common each is where a checked source gives a number.",
        (
            Column("condition_id", pattern=FINDING_ID, unique=True),
            Column("condition", unique=True),
            Column("plain_words"),
            Column("how_common", description="a number with its source, or says that none is verified"),
            Column("sources", required=False, pattern=SOURCE_LIST, description="citation keys separated by ' | '"),
        ),
    ),
    "clinician_imaging_when": Schema(
        "When a scan is and is not advised (NICE NG59 and the red-flag guidance).",
        (
            Column("situation_id", pattern=FINDING_ID, unique=True),
            Column("situation"),
            Column("scan"),
            Column("why"),
            Column("source", pattern=CITATION_KEY),
        ),
    ),
}
