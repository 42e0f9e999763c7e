"""Lesson 06 in words and numbers (helpers.training_text): pure functions, checked against the measures."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import training
from helpers.training_text import load_description, load_numbers, log_summary, too_little_text


def log_of(runs: list[tuple[dt.date, float]]) -> training.TrainingLoad:
    activities = pd.DataFrame({
        "start_local": [pd.Timestamp(day) + pd.Timedelta(hours=7) for day, _ in runs],
        "local_date": [day for day, _ in runs],
        "activity_type": "Run",
        "distance_km": [km for _, km in runs],
    })
    return training.analyse(activities)


def test_too_little_running_is_said_in_words() -> None:
    one = log_of([(dt.date(2024, 8, 3), 5.0)])
    assert too_little_text(one).startswith("One run is not enough for a weekly picture or a ratio")
    short = log_of([(dt.date(2024, 8, 1) + dt.timedelta(days=2 * n), 5.0) for n in range(8)])
    assert too_little_text(short, "ewma") == ("8 runs over 15 days are not enough for a ratio: the EWMA ratio needs "
                                             "28 days of running, so no ratio line is drawn.")
    enough = log_of([(dt.date(2024, 1, 1) + dt.timedelta(days=2 * n), 5.0) for n in range(40)])
    assert too_little_text(enough) == ""
    assert "not enough" not in log_summary(enough, "coupled", "km")
    assert log_summary(short, "coupled", "mi").startswith("8 runs over 15 days are not enough for a ratio")


def test_the_description_gives_the_weeks_and_the_ratio_in_the_chosen_unit() -> None:
    load = log_of([(dt.date(2024, 1, 1) + dt.timedelta(days=2 * n), 5.0 + (n == 30) * 10) for n in range(40)])
    weeks = load.weekly.assign(kind="log")
    text = load_description("My log", weeks, load, "coupled", "km")
    longest = weeks.loc[weeks["distance_km"].idxmax()]
    assert text.startswith(f"My log. Top: weekly distance as bars, {len(weeks)} weeks from the week of 01 Jan 2024")
    assert f"longest week {longest['distance_km']:.1f} km (week of {longest['week_start']:%d %b %Y})" in text
    assert "1 run over 100 % longer" in text  # the 15 km run after 5 km runs
    values = load.ratios["coupled"].dropna()
    assert f"between {values.min():.2f} and {values.max():.2f}" in text
    miles = load_description("My log", weeks, load, "coupled", "mi")
    assert " km" not in miles and f"longest week {longest['distance_km'] / 1.609344:.1f} miles" in miles


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 120), st.floats(0.5, 40)), min_size=1, max_size=40))
def test_each_weeks_longest_run_is_the_longest_run_of_that_week(runs: list[tuple[int, float]]) -> None:
    start = dt.date(2024, 2, 7)
    load = log_of([(start + dt.timedelta(days=day), km) for day, km in runs])
    table = load_numbers(load.weekly.assign(kind="log"), load, "coupled", "km")
    days = pd.to_datetime(load.spikes["local_date"])
    expected = load.spikes.groupby((days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.normalize())["distance_km"].max()
    shown = dict(zip(pd.to_datetime(table["Monday"], format="%d %b %Y"), table["Longest run (km)"]))
    for monday, text in shown.items():
        assert text == (f"{expected[monday]:.1f}" if monday in expected.index else "–")
    np.testing.assert_allclose(table["Distance (km)"], load.weekly["distance_km"].round(1))
