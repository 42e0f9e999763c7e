"""Lesson 03 model: spino-pelvic angles, the drawing's geometry, population context, presets."""

from __future__ import annotations

import math
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import pelvis
from helpers.data import DataTableError, load_table
from helpers.figures.pelvis import pelvis_figure
from helpers.pelvis import (
    ASIS_TO_PSIS_CM,
    BODY_DEPTH_CM,
    BODY_HEIGHT_CM,
    HIP_TO_S1_CM,
    INCIDENCE_RANGE_DEG,
    TILT_RANGE_DEG,
    drawing,
    posture,
)

tilts = st.floats(*TILT_RANGE_DEG)
incidences = st.floats(*INCIDENCE_RANGE_DEG)
anatomies = st.floats(0, 23)


def valid(tilt: float, incidence: float) -> bool:
    return 0 <= incidence - tilt <= 70


def distance(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.hypot(*(np.asarray(a) - np.asarray(b))))


def angle_from_horizontal(start: np.ndarray, end: np.ndarray) -> float:
    """Angle of the line start → end below the horizontal, in degrees (positive: end lower)."""
    dx, dy = np.asarray(end) - np.asarray(start)
    return -math.degrees(math.atan2(dy, dx))


# --- The published numbers ------------------------------------------------------------


def test_identity_worked_example() -> None:
    shape = posture(pelvic_tilt_deg=12, pelvic_incidence_deg=52)
    assert shape.sacral_slope_deg == pytest.approx(40)
    assert shape.pelvic_tilt_deg + shape.sacral_slope_deg == pytest.approx(shape.pelvic_incidence_deg)


@pytest.mark.parametrize(("incidence", "tilt"), [(40, 8), (52, 12), (64, 16)])
def test_expected_tilt_matches_the_tables_worked_examples(incidence: float, tilt: float) -> None:
    assert pelvis.expected_tilt(incidence) == pytest.approx(tilt)


@pytest.mark.parametrize(("middle", "table_tilt"), [(33, 4), (42.5, 8), (52.5, 12), (62.5, 16), (72.5, 20), (85, 24)])
def test_expected_tilt_stays_within_2_degrees_of_every_class(middle: float, table_tilt: float) -> None:
    assert abs(pelvis.expected_tilt(middle) - table_tilt) <= 2.0


@pytest.mark.parametrize(("incidence", "age", "lordosis"), [(50, 40, 53.7), (52, 40, 54.9), (40, 20, 52.3), (64, 69, 55.43)])
def test_lordosis_follows_hasegawa_2016(incidence: float, age: float, lordosis: float) -> None:
    # LL = 32.9 + 0.60 × PI − 0.23 × age, worked by hand
    assert pelvis.expected_lordosis(incidence, age) == pytest.approx(lordosis)
    at_expected_tilt = posture(pelvis.expected_tilt(incidence), incidence, age_years=age)
    assert at_expected_tilt.lordosis_deg == pytest.approx(lordosis)


def test_segment_shares_are_the_published_ones_and_sum_to_the_whole() -> None:
    assert pelvis.SEGMENT_SHARES == (0.023, 0.117, 0.181, 0.252, 0.427)
    assert sum(pelvis.segment_lordosis(55.0)) == pytest.approx(55.0)
    assert pelvis.segment_lordosis(50.0)[-1] == pytest.approx(21.35)  # L5–S1 carries 42.7 %


def test_asis_psis_angle_is_the_anatomy_at_the_expected_tilt_and_moves_with_posture() -> None:
    assert pelvis.asis_psis_angle(52, 12, 13) == pytest.approx(13)
    assert pelvis.asis_psis_angle(52, 2, 13) == pytest.approx(23)  # 10° forward: top of Preece's range
    assert pelvis.asis_psis_angle(52, 13.2, 13) == pytest.approx(11.8)  # Preece 2021: 1.2° less


def test_tilt_directions() -> None:
    assert [pelvis.tilt_direction(v) for v in (13, 0.4, -0.4, -3)] == ["anterior", "level", "level", "posterior"]


def test_presets_table_and_postures() -> None:
    table = load_table("pelvis_presets")
    assert list(table["label"]) == ["typical", "marked anterior tilt", "flat back", "after one hip-flexor stretch session"]
    shapes = pelvis.presets(table)
    typical, stretched = shapes["typical"], shapes["after one hip-flexor stretch session"]
    assert stretched.pelvic_tilt_deg - typical.pelvic_tilt_deg == pytest.approx(1.2)  # Preece 2021
    assert stretched.asis_psis_deg - typical.asis_psis_deg == pytest.approx(-1.2)
    assert shapes["marked anterior tilt"].asis_psis_deg > typical.asis_psis_deg
    assert shapes["flat back"].lordosis_deg < typical.lordosis_deg
    assert shapes["flat back"].sacral_slope_deg < typical.sacral_slope_deg


def test_presets_schema_refuses_an_impossible_sacral_slope(data_copy) -> None:
    path = data_copy / "pelvis_presets.csv"
    path.write_text(path.read_text().replace("flat-back,flat back,18,40", "flat-back,flat back,-10,85"))
    with pytest.raises(DataTableError, match=r"row 4, column 'pelvic_tilt_deg': leaves a sacral slope of 95"):
        load_table("pelvis_presets")


# --- Properties ----------------------------------------------------------------------


@given(tilts, tilts, incidences)
def test_tilt_and_sacral_slope_move_degree_for_degree_in_opposite_directions(a: float, b: float, incidence: float) -> None:
    assume(valid(a, incidence) and valid(b, incidence))
    first, second = posture(a, incidence), posture(b, incidence)
    assert second.sacral_slope_deg - first.sacral_slope_deg == pytest.approx(-(b - a), abs=1e-9)
    assert second.asis_psis_deg - first.asis_psis_deg == pytest.approx(-(b - a), abs=1e-9)
    assert second.lordosis_deg - first.lordosis_deg == pytest.approx(-(b - a), abs=1e-9)
    assert second.pelvic_incidence_deg == first.pelvic_incidence_deg


@given(tilts, incidences, anatomies)
def test_the_drawing_measures_the_angles_it_labels(tilt: float, incidence: float, anatomy: float) -> None:
    assume(valid(tilt, incidence))
    shape = posture(tilt, incidence, anatomy)
    drawn = drawing(shape)
    hip, s1 = drawn.points["hip axis"], drawn.points["S1"]
    # PT: the line hip axis → S1 against the vertical, positive when S1 is behind the hip axis
    assert math.degrees(math.atan2(-(s1 - hip)[0], (s1 - hip)[1])) == pytest.approx(tilt, abs=1e-6)
    # SS: the S1 endplate (back corner → front corner) against the horizontal
    front, back = drawn.outlines["sacrum"][0], drawn.outlines["sacrum"][1]
    assert angle_from_horizontal(back, front) == pytest.approx(shape.sacral_slope_deg, abs=1e-6)
    # ASIS–PSIS: the line PSIS → ASIS below the horizontal
    assert angle_from_horizontal(drawn.points["PSIS"], drawn.points["ASIS"]) == pytest.approx(shape.asis_psis_deg, abs=1e-6)
    # LL: the top of L1 against the top of S1 (Cobb angle)
    l1 = drawn.outlines["L1"]
    top_back, top_front = l1[2], l1[1]
    assert angle_from_horizontal(back, front) - angle_from_horizontal(top_back, top_front) == pytest.approx(
        shape.lordosis_deg, abs=1e-6
    )


@given(tilts, tilts, incidences, anatomies)
def test_drawing_segments_keep_their_lengths_under_any_tilt(a: float, b: float, incidence: float, anatomy: float) -> None:
    assume(valid(a, incidence) and valid(b, incidence))
    for tilt in (a, b):
        drawn = drawing(posture(tilt, incidence, anatomy))
        assert distance(drawn.points["hip axis"], drawn.points["S1"]) == pytest.approx(HIP_TO_S1_CM)
        assert distance(drawn.points["ASIS"], drawn.points["PSIS"]) == pytest.approx(ASIS_TO_PSIS_CM)
        sacrum = drawn.outlines["sacrum"]
        assert distance(sacrum[0], sacrum[1]) == pytest.approx(BODY_DEPTH_CM)
        for name in ("L1", "L2", "L3", "L4", "L5"):
            body = drawn.outlines[name]
            assert distance(body[0], body[1]) == pytest.approx(BODY_HEIGHT_CM)
            assert distance(body[1], body[2]) == pytest.approx(BODY_DEPTH_CM)
    first, second = drawing(posture(a, incidence, anatomy)), drawing(posture(b, incidence, anatomy))
    # the hip bone is rigid: every pair of its points keeps its distance
    one, two = first.outlines["hip bone"], second.outlines["hip bone"]
    assert np.allclose(np.linalg.norm(one - one[0], axis=1), np.linalg.norm(two - two[0], axis=1))
    # the femur does not move when the pelvis tilts
    assert np.allclose(first.lines["femur"], second.lines["femur"])


@given(tilts, incidences, anatomies)
def test_population_context_is_consistent(tilt: float, incidence: float, anatomy: float) -> None:
    assume(valid(tilt, incidence))
    shape = posture(tilt, incidence, anatomy)
    for item in pelvis.population_context(shape):
        assert 0 <= item.percentile <= 100
        rank = int(re.search(r"the (\d+)(st|nd|rd|th) percentile", pelvis.percentile_text(item)).group(1))
        assert 1 <= rank <= 99
        assert (item.z > 0) == (item.percentile > 50) or item.z == 0
        assert item.within_two_sd == (abs(item.value_deg - item.mean_deg) <= 2 * item.sd_deg)


# --- Population context and text -----------------------------------------------------


def test_population_context_numbers() -> None:
    asis, lordosis, incidence = pelvis.population_context(posture(12, 52, 18))
    assert (asis.mean_deg, asis.sd_deg, asis.source) == (13, 5, "preece2008")
    assert asis.z == pytest.approx(1.0) and asis.percentile == pytest.approx(84.13, abs=0.01)
    assert (lordosis.mean_deg, lordosis.sd_deg, lordosis.source) == (49.8, 11.2, "yukawa2019")
    assert lordosis.z == pytest.approx((54.9 - 49.8) / 11.2)
    assert (incidence.mean_deg, incidence.sd_deg) == (50.5, 11.4)
    assert pelvis.percentile_text(asis) == "z = +1.0, about the 84th percentile"


def test_ordinals() -> None:
    assert [pelvis.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 50, 99)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "50th", "99th"]


def test_describe_reads_without_colour() -> None:
    text = pelvis.describe(posture(2, 52))
    assert "Pelvic tilt (PT) 2.0°</b> + <b>sacral slope (SS) 50.0°</b> = <b>pelvic incidence (PI) 52.0°" in text
    assert "ASIS–PSIS angle: <b>23.0° (anterior)</b>; 85 % of healthy young men and 75 % of women stood with an anterior tilt" in text
    assert "Lumbar lordosis (L1–S1): <b>64.9°</b>" in text
    assert "ASIS–PSIS angle 23.0° vs 13° ± 5°: z = +2.0, about the 98th percentile, inside the usual range" in text
    assert "tilted 10.0° forwards from the typical 12.0°" in text and "each rose by 10.0°" in text
    assert "stands at the typical tilt" in pelvis.describe(posture(12, 52))
    assert "with a posterior tilt" in pelvis.describe(posture(20, 52, 0))


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "is empty"), ("   ", "is empty"), ("abc", "must be a number from -10° to 40°; you typed 'abc'"), ("nan", "must be a number"),
     ("inf", "must be a number"), ("95", "must be from -10° to 40°; you typed 95"), ("-11", "you typed -11")],
)
def test_parse_angle_refuses_bad_text(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        pelvis.parse_angle(text, "Pelvic tilt", TILT_RANGE_DEG)


@pytest.mark.parametrize(("text", "value"), [("12", 12.0), (" 12.5 ", 12.5), ("12,5", 12.5), ("13.2°", 13.2), ("-4", -4.0)])
def test_parse_angle_accepts_plain_numbers(text: str, value: float) -> None:
    assert pelvis.parse_angle(text, "Pelvic tilt", TILT_RANGE_DEG) == value


@pytest.mark.parametrize(
    ("args", "message"),
    [((50, 52), "Pelvic tilt must be from -10° to 40°"), ((12, 95), "Pelvic incidence must be from 30° to 85°"),
     ((math.nan, 52), "Pelvic tilt must be a number"), (("12", 52), "Pelvic tilt must be a number"),
     ((True, 52), "Pelvic tilt must be a number"), ((35, 30), "leaves a sacral slope of -5°"),
     ((-10, 85), "leaves a sacral slope of 95°"), ((12, 52, 40), "ASIS–PSIS angle must be from -5° to 30°")],
)
def test_impossible_postures_get_a_plain_message(args: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        posture(*args)


# --- Figure --------------------------------------------------------------------------


def test_figure_has_equal_aspect_units_labels_and_the_strip() -> None:
    shape = posture(12, 52)
    figure = pelvis_figure(shape, drawing(shape), pelvis.population_context(shape))
    layout = figure.layout
    assert layout.yaxis.scaleanchor == "x" and layout.yaxis.scaleratio == 1
    assert layout.xaxis.title.text == "Forward from the hip axis<br>(cm; 10 cm = 3.9 in)"  # two lines fit 360 px
    assert layout.yaxis.title.text == "Up from the hip axis (cm; 10 cm = 3.9 in)"
    assert layout.xaxis2.title.text == "Distance from the published mean (SD)"
    texts = [text for trace in figure.data if trace.text is not None for text in trace.text]
    for label in ("<b>PT 12.0°</b>", "<b>SS 40.0°</b>", "<b>LL 54.9°</b>", "<b>ASIS–PSIS<br>13.0° (anterior)</b>"):
        assert label in texts
    assert "you: 13.0°" in texts and "ASIS–PSIS angle, 13° ± 5°<br>(Preece et al. 2008)" in texts
    arcs = {trace.name for trace in figure.data if trace.mode == "lines"}
    assert {"pelvic tilt", "sacral slope", "lumbar lordosis", "ASIS–PSIS angle"} <= arcs


@settings(deadline=None, max_examples=10)
@given(tilts, incidences, anatomies)
def test_figure_passes_plotly_validation(tilt: float, incidence: float, anatomy: float) -> None:
    assume(valid(tilt, incidence))
    shape = posture(tilt, incidence, anatomy)
    figure = pelvis_figure(shape, drawing(shape), pelvis.population_context(shape))
    checked = go.Figure(figure.to_dict())  # raises ValueError on any invalid property
    assert [trace.name for trace in checked.data] == [trace.name for trace in figure.data]
    assert checked.layout.to_plotly_json() == figure.layout.to_plotly_json()


def test_figure_marks_values_beyond_three_sd() -> None:
    shape = posture(-5, 60, 20)
    figure = pelvis_figure(shape, drawing(shape), pelvis.population_context(shape))
    strip = next(trace for trace in figure.data if trace.name == "your values")
    assert strip.x[0] == 3.0 and strip.text[0] == "you: 39.7° (beyond 3 SD)"
    assert strip.text[1] == "you: 79.4°"


def test_the_figure_numbers_give_every_angle_and_three_spreads() -> None:
    from helpers.pelvis import SEGMENTS, figure_numbers, posture, segment_lordosis

    shape = posture(12.0, 52.0, 13.0)
    table = figure_numbers(shape).set_index("Angle")
    assert table.loc["Pelvic tilt (PT)", "Yours (°)"] + table.loc["Sacral slope (SS)", "Yours (°)"] == \
        table.loc["Pelvic incidence", "Yours (°)"]
    assert table.loc["Lumbar lordosis", "Published mean ± SD (°)"] == "49.8 ± 11.2"
    assert table.loc["Pelvic tilt (PT)", "Where yours sits"] == "–"
    segments = [table.loc[f"Lordosis at {segment}", "Yours (°)"] for segment in SEGMENTS]
    assert segments == [round(value, 1) for value in segment_lordosis(shape.lordosis_deg)]
