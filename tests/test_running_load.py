"""Lesson 01 model: peak force against speed, steps per km, and their properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.data import load_table
from helpers.running_load import (
    BODY_MASS_RANGE_KG,
    CADENCE_RANGE_SPM,
    SPEED_RANGE_KMH,
    describe,
    load_per_km,
    measured_points,
    peak_force_bw,
    stance_average_bw,
    stance_line,
    step_length_m,
    steps_per_km,
)

speeds = st.floats(*SPEED_RANGE_KMH)
cadences = st.floats(*CADENCE_RANGE_SPM)
masses = st.floats(*BODY_MASS_RANGE_KG)


def test_model_is_the_sine_wave_peak_of_the_published_stance_average() -> None:
    # Weyand & Davis 2005, Fig. 1B: men 1.27 + 0.105 v, women 1.24 + 0.106 v; the model uses their mean.
    assert stance_line() == pytest.approx((1.255, 0.1055))
    assert stance_average_bw(4.0) == pytest.approx(1.255 + 0.1055 * 4.0)
    # Half a sine wave peaks at pi/2 times its average (Morin et al. 2005's sine-wave model).
    assert peak_force_bw(4.0) == pytest.approx(math.pi / 2 * (1.255 + 0.1055 * 4.0))


def test_printed_lesson_numbers() -> None:
    # Lesson 01 prints these peaks at 8, 12 and 16 km/h; its key points say about 2.3-3 BW.
    assert [round(float(peak_force_bw(kmh / 3.6)), 2) for kmh in (8, 12, 16)] == [2.34, 2.52, 2.71]


def test_model_lies_in_the_range_its_running_sources_measured() -> None:
    # Measured running peaks: about 3 BW at 4.5 m/s (Cavanagh & Lafortune 1980) and about
    # 2.5 BW at 6.0 m/s (Keller et al. 1996); textbooks quote 2.5-2.8 BW. The model stays
    # within 0.5 BW of each measured running point and within 2.5-3.0 BW from 3.5 to 6 m/s.
    for row in measured_points("running").itertuples():
        assert abs(peak_force_bw(row.speed_m_s) - row.peak_force_bw) <= 0.5, row.source
    speeds = np.linspace(3.5, 6.0, 26)
    assert np.all((peak_force_bw(speeds) >= 2.5) & (peak_force_bw(speeds) <= 3.0))


def test_walking_is_shown_apart_and_far_below_running() -> None:
    walking = measured_points("walking")
    assert walking[["speed_m_s", "peak_force_bw"]].values.tolist() == [[1.5, 1.2]]  # Keller et al. 1996
    # Running at the slowest speed the explorer offers already peaks far above walking:
    # Keller et al. 1996 found slow jogging more than 50 % above walking.
    assert peak_force_bw(5.0 / 3.6) > 1.5 * 1.2
    # No walking row takes part in the model.
    assert set(load_table("running_forces").query("series == 'running'")["source"]) == {"cavanagh1980", "keller1996"}


def test_steps_per_km_worked_example() -> None:
    # 12 km/h = 200 m/min; at 168 steps/min each step is 200/168 m: 840 steps per km.
    assert steps_per_km(12, 168) == pytest.approx(840)
    assert step_length_m(12, 168) == pytest.approx(200 / 168)


def test_load_per_km_exercise_answer() -> None:
    run = load_per_km(12, 168, 80)
    assert 10 * run.steps_per_km == pytest.approx(8400)
    assert run.peak_force_n == pytest.approx(1980, abs=0.5)
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
    assert 2.0 <= run.peak_force_bw <= 3.2


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


def test_model_is_vectorised() -> None:
    speeds = np.array([1.5, 4.5, 6.0])
    assert peak_force_bw(speeds).tolist() == pytest.approx([float(peak_force_bw(v)) for v in speeds])


# ---------------------------------------------------------------- the figure in words and numbers (issue 13)


def test_the_figure_description_names_the_model_the_measurements_and_the_run() -> None:
    from helpers.running_load import figure_description

    forces = load_table("running_forces")
    text = figure_description(load_per_km(12.0, 170, 70), forces)
    low, high = (float(peak_force_bw(speed / 3.6)) for speed in SPEED_RANGE_KMH)
    assert f"rises from {low:.1f} × body weight at 5.0 km/h to {high:.1f} at 25.0 km/h" in text
    assert "3.0 at 16.2 km/h (Cavanagh & Lafortune 1980)" in text and "Walking, shown apart: 1.2 at 5.4 km/h" in text
    assert "Your run: 2.5 × body weight at 12.0 km/h" in text
    miles = figure_description(load_per_km(12.0, 170, 70), forces, "mi")
    assert "at 7.5 mph" in miles and "km/h" not in miles and " lb" in miles and " kg" not in miles


def test_the_figure_numbers_hold_the_run_the_model_and_every_measurement() -> None:
    from helpers.running_load import figure_numbers

    forces = load_table("running_forces")
    load = load_per_km(10.0, 170, 70)
    table = figure_numbers(load, forces)
    assert table.columns.tolist() == ["What", "Speed (km/h)", "Peak force (× body weight)", "Source"]
    assert table.iloc[0].tolist()[:3] == ["Your run (model)", 10.0, round(load.peak_force_bw, 2)]
    model = table[table["What"] == "Running model"]
    assert model["Speed (km/h)"].tolist() == list(range(6, 25, 2))
    np.testing.assert_allclose(model["Peak force (× body weight)"], peak_force_bw(model["Speed (km/h)"] / 3.6), atol=0.005)
    assert (table["What"].str.endswith("measured")).sum() == len(forces)
    miles = figure_numbers(load, forces, "mi")
    assert "Speed (mph)" in miles and miles.iloc[0]["Speed (mph)"] == 6.2
    assert miles[miles["What"] == "Running model"]["Speed (mph)"].tolist() == list(range(4, 16))
