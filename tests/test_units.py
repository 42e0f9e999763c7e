"""Unit conversions: round trips and the formats learners read."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.units import kg_to_lb, km_to, lb_to_kg, pace_text, speed_in, to_km

distances = st.floats(0, 1e5, allow_nan=False)


@given(distances, st.sampled_from(["km", "mi"]))
def test_distance_round_trip(distance: float, unit: str) -> None:
    assert to_km(km_to(distance, unit), unit) == pytest.approx(distance)


@given(st.floats(0, 500))
def test_mass_round_trip(mass: float) -> None:
    assert lb_to_kg(kg_to_lb(mass)) == pytest.approx(mass)


def test_known_values() -> None:
    assert km_to(1.609344, "mi") == pytest.approx(1.0)
    assert kg_to_lb(70) == pytest.approx(154.32, abs=0.01)
    assert speed_in(16.09344, "mi") == pytest.approx(10.0)


@pytest.mark.parametrize(("speed", "unit", "text"), [(12, "km", "5:00 /km"), (10, "km", "6:00 /km"), (9.656064, "mi", "10:00 /mi")])
def test_pace_text(speed: float, unit: str, text: str) -> None:
    assert pace_text(speed, unit) == text


def test_bad_unit_and_zero_speed() -> None:
    with pytest.raises(ValueError, match="Unknown distance unit 'yards'"):
        km_to(1, "yards")
    with pytest.raises(ValueError, match="above zero"):
        pace_text(0)
