"""How typed fields are echoed: one wording for every lesson (issue 13)."""

from __future__ import annotations

import pytest

from helpers.inputs import read_as, read_as_html, reading


@pytest.mark.parametrize(("typed", "understood", "echo"), [
    ("12", "12°", "pelvic tilt 12°"),  # only the unit added: nothing to explain
    ("14,5", "14.5°", 'pelvic tilt "14,5" = 14.5°'),
    ("12", "120°", 'pelvic tilt "12" = 120°'),  # a different number is never taken as the same
    ("  1:35 ", "95 s", 'pelvic tilt "1:35" = 95 s'),
])
def test_a_reading_shows_the_text_only_when_it_was_changed(typed: str, understood: str, echo: str) -> None:
    assert reading("pelvic tilt", typed, understood) == echo


def test_read_as_joins_the_readings_and_escapes_them_in_html() -> None:
    assert read_as(["5:30 /km = 10.9 km/h", "leg length 90 cm = 35.4 in"]) == \
        "Read as: 5:30 /km = 10.9 km/h; leg length 90 cm = 35.4 in."
    assert read_as([]) == "" and read_as_html([]) == ""
    assert read_as_html(['age "<b>" = 40']) == '<p class="bot-read-as"><small>Read as: age &quot;&lt;b&gt;&quot; = 40.</small></p>'
