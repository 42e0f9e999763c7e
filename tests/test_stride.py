"""Lesson 02 model: step length, foot landing and cadence changes, against the studies' numbers."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.data import load_table
from helpers.stride import (
    CADENCE_RANGE_SPM,
    FOOT_AHEAD_RANGE_CM,
    LEG_LENGTH_RANGE_CM,
    OPTIMAL_STRIDES_PER_MIN,
    WEEKLY_RANGE_KM,
    cadence_change_effects,
    describe,
    hip_flexor_moment_ratio,
    landing_ratio,
    pace_seconds,
    pace_to_kmh,
    parse_number,
    speed_kmh_from,
    steps_to_strides,
    stride_report,
    strides_to_steps,
)
from helpers.units import KM_PER_MILE

speeds = st.floats(5.0, 25.0)
cadences = st.floats(*CADENCE_RANGE_SPM)
legs = st.floats(*LEG_LENGTH_RANGE_CM)
weekly = st.floats(*WEEKLY_RANGE_KM)


def easy_report(**changes: float):
    values = dict(speed_kmh=10.0, cadence_spm=160.0, leg_length_cm=90.0, foot_ahead_cm=20.0, weekly_km=30.0)
    values.update(changes)
    return stride_report(**values)


# --- the studies' reported numbers -------------------------------------------------------

def test_optimal_stride_frequency_is_about_170_steps_per_minute() -> None:
    mean, spread = OPTIMAL_STRIDES_PER_MIN
    assert (mean, spread) == (84.8, 3.6)  # Lieberman et al. 2015
    assert strides_to_steps(85) == 170
    assert strides_to_steps(mean) == pytest.approx(169.6)
    assert steps_to_strides(170) == 85


def test_five_more_strides_per_minute_lands_the_foot_5_9_percent_closer() -> None:
    # Lieberman et al. 2015: +5 strides/min (= +10 steps/min) → landing 5.9 % closer to the hip.
    for strides in (75, 80, 85, 90):
        ratio = landing_ratio(strides_to_steps(strides), strides_to_steps(strides + 5))
        assert 1 - ratio == pytest.approx(0.059)
    assert landing_ratio(170, 190) == pytest.approx(0.941**2)


def test_five_more_strides_per_minute_raise_the_hip_flexor_moment_5_8_percent() -> None:
    assert hip_flexor_moment_ratio(170, 180) == pytest.approx(1.058)


def test_a_cadence_drop_lands_the_foot_further_ahead() -> None:
    assert landing_ratio(170, 160) == pytest.approx(1 / 0.941)


def test_heiderscheit_directions_at_plus_5_and_plus_10_percent() -> None:
    five = {effect.measure: effect for effect in cadence_change_effects(5)}
    ten = {effect.measure: effect for effect in cadence_change_effects(10)}
    assert five["Braking impulse"].direction == ten["Braking impulse"].direction == "lower"
    assert five["Energy absorbed at the knee"].direction == ten["Energy absorbed at the knee"].direction == "lower"
    assert five["Energy absorbed at the hip"].direction == "no clear change"  # only +10 % lowered it
    assert ten["Energy absorbed at the hip"].direction == "lower"
    assert five["Low back load or back pain"].direction == "unknown"
    assert ten["Impact peak and loading rate"].direction == "unknown"


def test_no_invented_sizes_only_lieberman_numbers() -> None:
    for percent in (5, 10):
        for effect in cadence_change_effects(percent):
            sized = effect.size.startswith("about")
            assert sized == (effect.source == "lieberman2015" and effect.direction != "unknown"), effect
    sizes = {effect.measure: effect.size for effect in cadence_change_effects(10, from_spm=170)}
    assert sizes["Foot landing ahead of the hip"] == f"about {100 * (1 - 0.941 ** 1.7):.1f} %"  # 9.8 %
    assert sizes["Foot landing ahead of the hip"] == "about 9.8 %"


def test_only_the_studied_cadence_changes_are_accepted() -> None:
    for bad in (0, 3, 15, -5, "10"):
        with pytest.raises(ValueError, match="5 % or 10 %"):
            cadence_change_effects(bad)


def test_every_effect_cites_a_known_reference() -> None:
    keys = set(load_table("references")["key"])
    for effect in cadence_change_effects(5) + cadence_change_effects(10):
        assert effect.source in keys


# --- worked examples ----------------------------------------------------------------------

def test_worked_example_numbers() -> None:
    report = easy_report()
    # 10 km/h = 166.7 m/min; at 160 steps/min each step is 1.04 m: 960 steps per km.
    assert report.now.step_length_m == pytest.approx(10000 / 60 / 160)
    assert report.now.steps_per_km == pytest.approx(960)
    assert report.now.steps_per_mile == pytest.approx(960 * KM_PER_MILE)
    assert report.impacts_per_km == pytest.approx(960)
    assert report.impacts_per_week == pytest.approx(960 * 30)
    assert report.raised[5].cadence_spm == pytest.approx(168)
    assert report.raised[10].cadence_spm == pytest.approx(176)
    assert report.raised[10].foot_ahead_cm == pytest.approx(20 * 0.941**1.6)
    assert report.impacts_per_week_at(10) == pytest.approx(1056 * 30)
    assert report.now.leg_angle_deg == pytest.approx(math.degrees(math.asin(20 / 90)))


def test_extrapolation_is_flagged_outside_the_studied_rates() -> None:
    report = easy_report(cadence_spm=180)
    assert not report.now.extrapolated and not report.raised[5].extrapolated
    assert report.raised[10].extrapolated  # 198 steps/min > 190 studied
    assert "extrapolation" in describe(report)
    assert "extrapolation" not in describe(easy_report(cadence_spm=160))


@pytest.mark.parametrize(("typed", "seconds"), [
    ("5:30", 330), ("5'30", 330), (" 5 : 30 ", 330), ("5", 300), ("5.5", 330), ("5,5", 330), ("4,5", 270),
    ("6.0", 360), ("5.25", None), ("5.30", None), ("5.05", None),
])
def test_a_typed_pace_is_minutes_seconds_or_one_decimal_never_a_silent_guess(typed: str, seconds: int | None) -> None:
    if seconds is None:
        with pytest.raises(ValueError, match="could mean .* type .*minutes:seconds"):
            pace_to_kmh(typed)
    else:
        assert pace_seconds(pace_to_kmh(typed), "km") == pytest.approx(seconds)


def test_the_explorer_says_how_it_read_the_pace() -> None:
    from helpers.stride import pace_read_as
    assert pace_read_as(pace_to_kmh("5.5")) == "5:30 /km = 10.9 km/h"
    assert pace_read_as(pace_to_kmh("8:00", "mi"), "mi") == "8:00 /mi = 7.5 mph"


def test_pace_conversions_reuse_units() -> None:
    assert pace_to_kmh("6:00") == pytest.approx(10.0)
    assert pace_to_kmh("5:30", "km") == pytest.approx(3600 / 330)
    assert pace_to_kmh("8:00", "mi") == pytest.approx(7.5 * KM_PER_MILE)
    assert pace_seconds(10.0, "km") == pytest.approx(360)
    assert pace_seconds(pace_to_kmh("9:39", "mi"), "mi") == pytest.approx(579)
    assert speed_kmh_from("6:00", "pace", "km") == pytest.approx(10)
    assert speed_kmh_from("10", "speed", "km") == pytest.approx(10)
    assert speed_kmh_from("6.2", "speed", "mi") == pytest.approx(6.2 * KM_PER_MILE)


def test_takeaway_in_both_units() -> None:
    report = easy_report()
    metric, imperial = describe(report, "km"), describe(report, "mi")
    assert "176 instead of 160 steps/min" in metric and "1.04 m to 0.95 m" in metric
    assert "about 2 cm closer" in metric and "96 more landings per km" in metric
    assert "28,800 foot landings" in metric and "30 km a week" in metric
    assert "3.4 ft to 3.1 ft" in imperial and "per mile" in imperial and "in closer" in imperial
    assert "19 miles a week" in imperial


# --- bad input is refused with a clear message --------------------------------------------

@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (dict(speed_kmh=2.0), "Speed must be from 5 to 25 km/h"),
        (dict(cadence_spm=300), "Cadence must be from 130 to 210"),
        (dict(leg_length_cm=30), "Leg length must be from 60 to 120 cm"),
        (dict(foot_ahead_cm=-5), "Foot landing ahead of the hip must be from 0 to 60 cm"),
        (dict(weekly_km=1000), "Weekly volume must be from 0 to 250 km"),
        (dict(speed_kmh=float("nan")), "Speed must be a number"),
        (dict(cadence_spm="fast"), "Cadence must be a number"),
        (dict(weekly_km=True), "Weekly volume must be a number"),
        (dict(leg_length_cm=70, foot_ahead_cm=55), "more than 70% of a 70 cm leg"),
    ],
)
def test_out_of_range_or_wrong_type_is_refused(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        easy_report(**changes)


@pytest.mark.parametrize(
    ("text", "mode", "unit", "message"),
    [
        ("", "pace", "km", "Pace is empty"),
        ("   ", "pace", "mi", "Pace is empty: type minutes:seconds per mile"),
        ("fast", "pace", "km", "Type the pace as minutes:seconds per km"),
        ("5:75", "pace", "km", "seconds of a pace go from 00 to 59"),
        ("0:00", "pace", "km", "not a running pace"),
        ("1:00", "pace", "km", "Pace must be between 2:24 /km and 12:00 /km"),
        ("30:00", "pace", "mi", "Pace must be between"),
        ("", "speed", "km", "Speed is empty"),
        ("ten", "speed", "km", "Speed must be a number from 5 to 25 km/h"),
        ("40", "speed", "mi", "Speed must be from 3.11 to 15.5 mph"),
        ("inf", "speed", "km", "Speed must be a number from 5 to 25 km/h"),
        ("10", "walk", "km", "Unknown speed mode"),
    ],
)
def test_typed_speed_is_refused_with_a_message(text: str, mode: str, unit: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        speed_kmh_from(text, mode, unit)


def test_typed_numbers_accept_a_decimal_comma() -> None:
    assert parse_number(" 7,5 ", "Leg length", (0, 10), "cm") == 7.5


# --- properties ----------------------------------------------------------------------------

@given(speeds, cadences, cadences, legs, weekly)
def test_higher_cadence_at_the_same_speed_never_lengthens_the_step(
    speed: float, a: float, b: float, leg: float, volume: float
) -> None:
    low, high = sorted((a, b))
    slow = stride_report(speed, low, leg, 10.0, volume)
    quick = stride_report(speed, high, leg, 10.0, volume)
    assert quick.now.step_length_m <= slow.now.step_length_m + 1e-12
    assert quick.impacts_per_km >= slow.impacts_per_km - 1e-9


@given(speeds, cadences, legs, st.floats(*FOOT_AHEAD_RANGE_CM), weekly)
def test_raising_cadence_never_moves_the_foot_further_ahead(
    speed: float, cadence: float, leg: float, ahead: float, volume: float
) -> None:
    ahead = min(ahead, 0.7 * leg)
    report = stride_report(speed, cadence, leg, ahead, volume)
    assert report.raised[10].foot_ahead_cm <= report.raised[5].foot_ahead_cm <= report.now.foot_ahead_cm
    assert report.raised[10].step_length_m < report.raised[5].step_length_m < report.now.step_length_m
    assert report.raised[10].leg_angle_deg <= report.now.leg_angle_deg


@given(speeds, cadences, legs, weekly)
def test_steps_times_step_length_is_one_km_and_impacts_scale_with_volume(
    speed: float, cadence: float, leg: float, volume: float
) -> None:
    report = stride_report(speed, cadence, leg, 10.0, volume)
    assert report.now.steps_per_km * report.now.step_length_m == pytest.approx(1000)
    assert report.impacts_per_week == pytest.approx(report.impacts_per_km * volume)


@given(st.floats(130, 210), st.floats(130, 210), st.floats(130, 210))
def test_landing_ratios_chain(a: float, b: float, c: float) -> None:
    assert landing_ratio(a, b) * landing_ratio(b, c) == pytest.approx(landing_ratio(a, c))


@given(st.integers(2, 11), st.integers(0, 59), st.sampled_from(["km", "mi"]))
def test_pace_text_round_trips(minutes: int, seconds: int, unit: str) -> None:
    speed = pace_to_kmh(f"{minutes}:{seconds:02d}", unit)
    assert pace_seconds(speed, unit) == pytest.approx(60 * minutes + seconds)


@given(st.text(max_size=12))
def test_any_typed_text_gives_a_speed_or_a_clear_message(text: str) -> None:
    for mode in ("pace", "speed"):
        try:
            speed = speed_kmh_from(text, mode, "km")
        except ValueError as error:
            assert str(error)[:1].isupper() and len(str(error)) < 200
        else:
            assert 5 <= speed <= 25
