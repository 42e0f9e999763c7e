"""How typed fields are echoed: one wording for every lesson (issue 13)."""

from __future__ import annotations

import pytest

from helpers.inputs import read_as, read_as_html, reading


@pytest.mark.parametrize(("typed", "understood", "echo"), [
    ("12", "12°", "pelvic tilt 12°"),  # only the unit added: nothing to explain
    ("14,5", "14.5°", 'pelvic tilt "14,5" = 14.5°'),
    ("12", "120°", 'pelvic tilt "12" = 120°'),  # a different number is never taken as the same
    ("  1:35 ", "95 s", 'pelvic tilt "1:35" = 95 s'),
    ("12", "12.5°", 'pelvic tilt "12" = 12.5°'),
    ("5", "5:30 /km", 'pelvic tilt "5" = 5:30 /km'),
    ("0", "0 of 10", "pelvic tilt 0 of 10"),  # a number after the unit is not part of the value
])
def test_a_reading_shows_the_text_only_when_it_was_changed(typed: str, understood: str, echo: str) -> None:
    assert reading("pelvic tilt", typed, understood) == echo


def test_read_as_joins_the_readings_and_escapes_them_in_html() -> None:
    assert read_as(["5:30 /km = 10.9 km/h", "leg length 90 cm = 35.4 in"]) == \
        "Read as: 5:30 /km = 10.9 km/h; leg length 90 cm = 35.4 in."
    assert read_as([]) == "" and read_as_html([]) == ""
    assert read_as_html(['age "<b>" = 40']) == '<p class="bot-read-as"><small>Read as: age &quot;&lt;b&gt;&quot; = 40.</small></p>'


def test_a_reading_can_add_the_other_unit() -> None:
    assert reading("leg length", "90", "90 cm", "35.4 in") == "leg length 90 cm = 35.4 in"
    assert reading("leg length", "95,5", "95.5 cm", "37.6 in") == 'leg length "95,5" = 95.5 cm = 37.6 in'


def test_a_decimal_pace_and_a_speed_are_read_back_both_ways() -> None:
    from helpers.stride import pace_to_kmh, speed_reading

    assert speed_reading("5.5", pace_to_kmh("5.5"), "km") == 'pace "5.5" = 5:30 /km = 10.9 km/h'
    assert speed_reading("5:30", pace_to_kmh("5:30"), "km") == "pace 5:30 /km = 10.9 km/h"
    assert speed_reading("10", 10.0, "km", "speed") == "speed 10 km/h = 6:00 /km"
    assert speed_reading("8:00", pace_to_kmh("8:00", "mi"), "mi") == "pace 8:00 /mi = 7.5 mph"
