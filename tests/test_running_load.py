"""Lesson 01 model: peak force against speed, steps per km, and their properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.running_load import (
    BODY_MASS_RANGE_KG,
    CADENCE_RANGE_SPM,
    SPEED_RANGE_KMH,
    describe,
    load_per_km,
    peak_force_bw,
    step_length_m,
    steps_per_km,
)

speeds = st.floats(*SPEED_RANGE_KMH)
cadences = st.floats(*CADENCE_RANGE_SPM)
masses = st.floats(*BODY_MASS_RANGE_KG)


def test_trend_matches_keller_1996_end_points() -> None:
    assert peak_force_bw(1.5) == pytest.approx(1.2)
    assert peak_force_bw(6.0) == pytest.approx(2.5)
    assert peak_force_bw(8.0) == pytest.approx(2.5)  # level in sprinting
    assert peak_force_bw(3.75) == pytest.approx(1.85)  # halfway on the straight line


def test_a_single_study_point_is_not_part_of_the_trend() -> None:
    assert peak_force_bw(4.5) == pytest.approx(1.2 + 3.0 / 4.5 * 1.3)  # not Cavanagh's 3.0


def test_steps_per_km_worked_example() -> None:
    # 12 km/h = 200 m/min; at 168 steps/min each step is 200/168 m: 840 steps per km.
    assert steps_per_km(12, 168) == pytest.approx(840)
    assert step_length_m(12, 168) == pytest.approx(200 / 168)


def test_load_per_km_exercise_answer() -> None:
    run = load_per_km(12, 168, 80)
    assert 10 * run.steps_per_km == pytest.approx(8400)
    assert run.peak_force_n == pytest.approx(1357, abs=0.5)
    assert run.peak_force_lbf == pytest.approx(run.peak_force_n / 4.4482216153)


@given(speeds, speeds, cadences)
def test_faster_never_lowers_the_peak_and_never_adds_steps(a: float, b: float, cadence: float) -> None:
    slow, fast = sorted((a, b))
    assert peak_force_bw(fast / 3.6) >= peak_force_bw(slow / 3.6)
    assert steps_per_km(fast, cadence) <= steps_per_km(slow, cadence) + 1e-9


@given(speeds, cadences, masses)
def test_steps_times_step_length_is_one_km(speed: float, cadence: float, mass: float) -> None:
    run = load_per_km(speed, cadence, mass)
    assert run.steps_per_km * run.step_length_m == pytest.approx(1000)
    assert run.peaks_per_km_bw == pytest.approx(run.steps_per_km * run.peak_force_bw)
    assert 1.2 <= run.peak_force_bw <= 2.5


@given(speeds, cadences, masses, st.floats(1.01, 2.0))
def test_force_in_newtons_scales_with_mass_and_bw_does_not(speed: float, cadence: float, mass: float, factor: float) -> None:
    heavier = min(mass * factor, BODY_MASS_RANGE_KG[1])
    light, heavy = load_per_km(speed, cadence, mass), load_per_km(speed, cadence, heavier)
    assert heavy.peak_force_bw == light.peak_force_bw
    assert heavy.peak_force_n / light.peak_force_n == pytest.approx(heavier / mass)


@pytest.mark.parametrize(
    ("speed", "cadence", "mass", "named"),
    [(0, 170, 70, "Speed"), (30, 170, 70, "Speed"), (10, 50, 70, "Cadence"), (10, 170, 500, "Body mass"),
     (math.nan, 170, 70, "Speed"), ("fast", 170, 70, "Speed"), (10, 170, math.inf, "Body mass")],
)
def test_out_of_range_inputs_get_a_plain_message(speed, cadence, mass, named: str) -> None:
    with pytest.raises(ValueError, match=rf"^{named} must be (a number )?from"):
        load_per_km(speed, cadence, mass)


def test_describe_in_km_and_miles() -> None:
    run = load_per_km(12, 168, 80)
    metric, imperial = describe(run, "km"), describe(run, "mi")
    assert "5:00 /km" in metric and "840 steps" in metric and "80 kg" in metric
    assert "8:03 /mi" in imperial and "7.5 mph" in imperial and "176 lb" in imperial
    assert f"{840 * 1.609344:,.0f} steps" in imperial


def test_trend_is_vectorised() -> None:
    values = peak_force_bw(np.array([1.0, 1.5, 6.0, 7.0]))
    assert values.tolist() == pytest.approx([1.2, 1.2, 2.5, 2.5])
