"""Lesson 05 models and widgets: shoe wear from a log or typed pairs, rotation, road camber."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import shoes, training
from helpers.activity_import import STRAVA_EXPORT_COLUMNS
from helpers.figures.shoes import camber_figure, shoe_bars_figure, shoe_distance_figure
from helpers.widgets.shoes import camber_explorer, shoe_wear_tracker

FIXTURES = Path(__file__).parent / "fixtures" / "activities"
START = dt.datetime(2024, 1, 1, 7, 0)


def strava_csv(path: Path, runs: list[tuple[int, float, str, str]], description: str = "") -> Path:
    """A Strava-style activities.csv: one row per (day, km, gear, type)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(STRAVA_EXPORT_COLUMNS)
    for number, (day, km, gear, kind) in enumerate(runs, start=1):
        row = [""] * len(STRAVA_EXPORT_COLUMNS)
        when = START + dt.timedelta(days=day)
        row[0], row[1], row[2], row[3] = str(number), f"{when:%b} {when.day}, {when:%Y}, 7:00:00 AM", "Run", kind
        row[4] = description
        row[5], row[6], row[11] = "1800", f"{km:.2f}", gear
        row[15], row[16], row[17] = "1800.0", "1790.0", f"{km * 1000:.1f}"
        writer.writerow(row)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def read(path: Path) -> pd.DataFrame:
    activities, _ = training.read_log(path, timezone="UTC")
    return shoes.runs_with_shoes(activities, shoes.read_gear(path))


# ---------------------------------------------------------------- reading the gear


def test_sample_runner_every_run_is_kept_with_its_shoe() -> None:
    activities, _ = training.read_log(training.sample_log_path(), timezone=training.SAMPLE_TIMEZONE)
    gear = shoes.read_gear(training.sample_log_path())
    runs = shoes.runs_with_shoes(activities, gear)
    assert len(gear) == 827
    assert len(runs) == len(training.running_activities(activities)) == 739
    assert runs["distance_km"].sum() == pytest.approx(training.running_activities(activities)["distance_km"].sum())
    totals = shoes.shoe_totals(runs)
    assert totals["shoe"].tolist() == ["Trainer 3"]
    assert totals["distance_km"].iloc[0] == pytest.approx(6529.4)
    assert totals["status"].iloc[0] == "past the range"


def test_gear_follows_the_right_row_past_multi_line_cells_and_blank_lines(tmp_path: Path) -> None:
    path = strava_csv(tmp_path / "activities.csv", [(0, 5, "Road A", "Run"), (1, 8, "Trail B", "Run"),
                                                    (2, 30, "Bike", "Ride"), (3, 6, "", "Run")],
                      description="first line,\nsecond line")
    path.write_text(path.read_text().replace("\n2,", "\n\n2,", 1))  # a blank line before row 2
    runs = read(path)
    assert runs[["distance_km", "shoe"]].values.tolist() == [[5.0, "Road A"], [8.0, "Trail B"], [6.0, shoes.NO_SHOE]]


def test_an_export_folder_is_read_through_its_activities_csv(tmp_path: Path) -> None:
    strava_csv(tmp_path / "activities.csv", [(0, 5, "Road A", "Run")])
    assert shoes.read_gear(tmp_path).tolist() == ["Road A"]


@pytest.mark.parametrize("name", ["garmin_km_activities.csv", "run.gpx", "run.fit.gz", "track_folder"])
def test_a_log_without_a_gear_column_says_to_type_the_pairs(name: str) -> None:
    with pytest.raises(shoes.NoGearColumn, match="(?i)type your pairs in by hand"):
        shoes.read_gear(FIXTURES / name)


def test_runs_without_any_gear_information_say_so() -> None:
    activities = pd.DataFrame({"local_date": ["2024-01-01"], "activity_type": ["Run"], "distance_km": [5.0]})
    with pytest.raises(shoes.NoGearColumn, match="by hand"):
        shoes.runs_with_shoes(activities)
    assert shoes.runs_with_shoes(activities.assign(gear=["Pegasus"]))["shoe"].tolist() == ["Pegasus"]


# ---------------------------------------------------------------- totals


@pytest.mark.parametrize(("km", "status"), [(0, "under the range"), (479.9, "under the range"), (480, "within the range"),
                                            (800, "within the range"), (800.1, "past the range")])
def test_wear_status_against_the_rule_of_thumb(km: float, status: str) -> None:
    assert shoes.wear_status(km) == status


def test_rule_of_thumb_is_quoted_in_both_units() -> None:
    assert shoes.rule_of_thumb("km") == (480, 800) and shoes.rule_of_thumb("mi") == (300, 500)
    with pytest.raises(ValueError, match="'km' or 'mi'"):
        shoes.rule_of_thumb("yards")


def test_totals_put_runs_without_a_shoe_last_and_share_all_runs() -> None:
    runs = pd.DataFrame({"local_date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]),
                         "distance_km": [10.0, 5.0, 7.0, 3.0], "shoe": [shoes.NO_SHOE, "B", "A", "B"]})
    totals = shoes.shoe_totals(runs)
    assert totals["shoe"].tolist() == ["B", "A", shoes.NO_SHOE]
    assert totals["runs"].tolist() == [2, 1, 1]
    assert totals["share_percent"].tolist() == [50, 25, 25]
    assert totals["status"].tolist() == ["under the range", "under the range", ""]
    text = shoes.describe_totals(totals, "mi")
    assert "B: 5 mi (8 km), 50 % of runs" in text and "1 run (6 mi (10 km)) names no shoe" in text
    assert "300–500 mi is a retail rule of thumb" in text


def test_empty_runs_give_empty_tables() -> None:
    empty = pd.DataFrame({"local_date": pd.to_datetime([]), "distance_km": [], "shoe": []})
    assert shoes.shoe_totals(empty).empty and shoes.distance_over_time(empty).empty
    assert shoes.describe_totals(shoes.shoe_totals(empty)) == "No runs to count."


def test_distance_over_time_by_week_and_month() -> None:
    runs = pd.DataFrame({"local_date": pd.to_datetime(["2024-01-01", "2024-01-07", "2024-01-08", "2024-02-01"]),
                         "distance_km": [1.0, 2.0, 4.0, 8.0], "shoe": ["A"] * 4})
    weeks = shoes.distance_over_time(runs, "week")
    assert weeks["distance_km"].tolist() == [3, 4, 8] and weeks["total_km"].tolist() == [3, 7, 15]
    assert weeks["period_start"].dt.day_of_week.eq(0).all()
    months = shoes.distance_over_time(runs, "month")
    assert months["total_km"].tolist() == [7, 15]
    with pytest.raises(ValueError, match="week, month"):
        shoes.distance_over_time(runs, "year")


@pytest.mark.parametrize(("days", "period"), [(0, None), (27, None), (28, "week"), (182, "week"), (183, "month")])
def test_period_for_the_length_of_the_log(days: int, period: str | None) -> None:
    runs = pd.DataFrame({"local_date": pd.Timestamp("2024-01-01") + pd.to_timedelta([0, days], unit="D"),
                         "distance_km": [5.0, 5.0], "shoe": ["A", "A"]})
    assert shoes.period_for(runs) == period
    assert shoes.period_for(runs.head(0)) is None


runs_strategy = st.lists(
    st.tuples(st.integers(0, 3650), st.floats(0, 60, allow_nan=False), st.sampled_from(["A", "B", "C", shoes.NO_SHOE])),
    min_size=1, max_size=60,
).map(lambda rows: pd.DataFrame({
    "local_date": pd.Timestamp("2015-01-01") + pd.to_timedelta([r[0] for r in rows], unit="D"),
    "distance_km": [r[1] for r in rows], "shoe": [r[2] for r in rows]}))


@settings(max_examples=80)
@given(runs_strategy)
def test_each_pair_total_is_the_sum_of_its_runs(runs: pd.DataFrame) -> None:
    totals = shoes.shoe_totals(runs).set_index("shoe")
    for shoe, group in runs.groupby("shoe"):
        assert totals.at[shoe, "distance_km"] == pytest.approx(group["distance_km"].sum())
        assert totals.at[shoe, "runs"] == len(group)
    assert totals["runs"].sum() == len(runs)
    assert totals["share_percent"].sum() == pytest.approx(100)
    over_time = shoes.distance_over_time(runs)
    last = over_time.groupby("shoe")["total_km"].last()
    assert np.allclose(last.sort_index(), totals["distance_km"].sort_index())


@settings(max_examples=80)
@given(runs_strategy, st.integers(1, 6))
def test_spreading_over_pairs_keeps_every_run_and_the_total(runs: pd.DataFrame, pairs: int) -> None:
    spread = shoes.spread_over_pairs(runs, pairs)
    assert len(spread) == len(runs)
    assert spread["distance_km"].sum() == pytest.approx(runs["distance_km"].sum())
    counts = spread["shoe"].value_counts()
    assert counts.max() - counts.min() <= 1 and len(counts) == min(pairs, len(runs))


@pytest.mark.parametrize("pairs", [0, 7, 2.5, True, "2"])
def test_spread_refuses_a_bad_number_of_pairs(pairs: object) -> None:
    runs = pd.DataFrame({"local_date": pd.to_datetime(["2024-01-01"]), "distance_km": [5.0], "shoe": ["A"]})
    with pytest.raises(ValueError, match="whole number from 1 to 6"):
        shoes.spread_over_pairs(runs, pairs)


def test_spread_reaches_the_range_later_in_the_calendar() -> None:
    runs = pd.DataFrame({"local_date": pd.date_range("2024-01-01", periods=200, freq="D"), "distance_km": [10.0] * 200,
                         "shoe": ["A"] * 200})
    assert shoes.date_reaching(runs, "A", 800) == pd.Timestamp("2024-03-20")  # the 80th run
    spread = shoes.spread_over_pairs(runs, 2)
    assert shoes.date_reaching(spread, "pair A", 800) == pd.Timestamp("2024-06-07")  # the 159th run
    assert shoes.date_reaching(spread, "pair A", 5000) is None
    short = runs.head(10)
    assert "Even one pair would not pass the top of the range" in shoes.describe_spread(short, shoes.spread_over_pairs(short, 2))
    text = shoes.describe_spread(runs, spread, "km")
    assert "One pair would pass the top of the range (800 km / 500 mi) on 20 Mar 2024" in text
    assert "each passes it later (07 Jun 2024, 08 Jun 2024)" in text and "The total distance worn is the same" in text


# ---------------------------------------------------------------- pairs typed by hand


def test_typed_pairs_in_either_unit() -> None:
    pairs = shoes.pairs_from_text("Road shoes, 420\n\nTrail; 312,5\nUS pair, 300 miles\nRacers, 100 km", unit="mi")
    assert pairs["shoe"].tolist() == ["Road shoes", "Trail", "US pair", "Racers"]
    assert pairs["distance_km"].round(1).tolist() == [675.9, 502.9, 482.8, 100.0]
    assert pairs["status"].tolist() == ["within the range", "within the range", "within the range", "under the range"]


def test_every_bad_typed_line_is_named_and_nothing_is_dropped() -> None:
    text = "Road 420\nTrail, abc\nOld, -3\n, 50\nHuge, 99999\nGood, 10\ngood, 20"
    with pytest.raises(ValueError) as error:
        shoes.pairs_from_text(text)
    message = str(error.value)
    for part in ("line 1 ('Road 420'): no comma", "line 2 ('Trail, abc'): the distance 'abc' is not a number",
                 "line 3 ('Old, -3'): the distance must be 0 km or more", "line 4 (', 50'): the name is empty",
                 "line 5 ('Huge, 99999'): 99999 km is more than 10,000 km", "line 7: the pair 'good' is listed twice",
                 "e.g. 'Road shoes, 420'"):
        assert part in message
    assert "line 6" not in message


@pytest.mark.parametrize("text", ["", "  \n \n"])
def test_no_pairs_typed_says_what_to_type(text: str) -> None:
    with pytest.raises(ValueError, match="No pairs typed yet"):
        shoes.pairs_from_text(text)


def test_too_many_pairs_and_unknown_unit() -> None:
    with pytest.raises(ValueError, match="up to 20"):
        shoes.pairs_from_text("\n".join(f"P{i}, 1" for i in range(21)))
    with pytest.raises(ValueError, match="'km' or 'mi'"):
        shoes.pairs_from_text("A, 1", unit="m")


names = st.text(st.characters(whitelist_categories=("L", "N"), whitelist_characters=" -'"), min_size=1, max_size=20)


@settings(max_examples=80)
@given(st.lists(st.tuples(names, st.floats(0, 5000, allow_nan=False)), min_size=1, max_size=20,
                unique_by=lambda pair: pair[0].strip().casefold()), st.sampled_from(["km", "mi"]))
def test_every_typed_pair_comes_back(pairs: list[tuple[str, float]], unit: str) -> None:
    pairs = [(name, distance) for name, distance in pairs if name.strip()]
    if not pairs:
        return
    text = "\n".join(f"{name}, {distance!r}" for name, distance in pairs)
    table = shoes.pairs_from_text(text, unit)
    assert table["shoe"].tolist() == [name.strip() for name, _ in pairs]
    factor = 1.0 if unit == "km" else 1.609344
    assert np.allclose(table["distance_km"], [d * factor for _, d in pairs])


# ---------------------------------------------------------------- camber


def test_camber_height_is_step_width_times_slope() -> None:
    assert shoes.camber_height_cm(2.5, 10) == pytest.approx(0.25)
    assert shoes.camber_height_cm(0, 30) == 0
    assert shoes.slope_degrees(100) == pytest.approx(45)


@settings(max_examples=60)
@given(st.floats(0, 15), st.floats(0, 20))
def test_camber_height_grows_in_proportion_to_each_input(slope: float, width: float) -> None:
    assert shoes.camber_height_cm(slope, 2 * width) == pytest.approx(2 * shoes.camber_height_cm(slope, width))
    assert shoes.camber_height_cm(slope / 2, width) == pytest.approx(shoes.camber_height_cm(slope, width) / 2)


@pytest.mark.parametrize(("slope", "width", "match"), [(-1, 10, "Road slope"), (20, 10, "Road slope"),
                                                       (math.nan, 10, "Road slope"), ("2", 10, "Road slope"),
                                                       (2, 41, "Step width"), (2, True, "Step width")])
def test_camber_refuses_bad_input_with_the_allowed_range(slope: object, width: object, match: str) -> None:
    with pytest.raises(ValueError, match=f"{match} must be a number from"):
        shoes.camber_height_cm(slope, width)


def test_figures_have_units_and_the_rule_of_thumb_band() -> None:
    runs = pd.DataFrame({"local_date": pd.to_datetime(["2024-01-01", "2024-02-01"]), "distance_km": [500.0, 400.0],
                         "shoe": ["A", "A"]})
    figure = shoe_distance_figure(shoes.distance_over_time(runs), "mi")
    assert figure.layout.yaxis.title.text == "Distance on the pair (mi)"
    assert any("300–500 mi: retail rule of thumb" in a.text for a in figure.layout.annotations)
    bars = shoe_bars_figure(shoes.pairs_from_text("Road, 420"), "km")
    assert bars.data[0].x.tolist() == [420] and bars.data[0].text == ("420 km",)
    assert "0.25 cm (0.10 in)" in str(camber_figure(2.5, 10, 0.25).layout.annotations)


# ---------------------------------------------------------------- widgets


def upload(app, name: str, content: bytes) -> None:
    app.upload.value = ({"name": name, "type": "", "size": len(content), "content": memoryview(content),
                         "last_modified": dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)},)


def test_tracker_starts_on_the_sample_runner_and_spreads_its_runs() -> None:
    app = shoe_wear_tracker()
    assert "Trainer 3: 6,529 km (4,057 mi), 100 % of runs, past the range" in app.takeaway.value
    assert "Malisoux" in app.takeaway.value
    app.spread.value = 2
    assert "Taken in turn by 2 pairs" in app.takeaway.value
    app.units.value = "mi"
    assert "4,057 mi (6,529 km)" in app.takeaway.value
    app.show_numbers.value = True
    assert "pair A" in app.numbers.value and "distance (mi)" in app.numbers.value


def test_typed_pairs_keep_their_unit_when_the_display_unit_changes() -> None:
    app = shoe_wear_tracker()
    app.typed.value = "Road, 300 mi\nTrail, 100"
    app.show_typed.click()
    assert app.source.value == "typed" and app.spread.disabled and not app.typed.disabled
    assert "Road: 483 km (300 mi)" in app.takeaway.value and "Trail: 100 km (62 mi)" in app.takeaway.value
    app.units.value = "mi"
    assert "Trail: 62 mi (100 km)" in app.takeaway.value


def test_bad_typed_pairs_keep_the_text_and_the_last_drawing() -> None:
    app = shoe_wear_tracker()
    app.source.value = "typed"
    before, takeaway = app.figure_area.outputs, app.takeaway.value
    app.typed.value = "Road 420\nTrail, 150"
    app.show_typed.click()
    assert "line 1 (&#x27;Road 420&#x27;): no comma" in app.message.value
    assert app.figure_area.outputs == before and app.takeaway.value == takeaway
    assert app.typed.value == "Road 420\nTrail, 150"
    app.typed.value = "Road, 420\nTrail, 150"
    app.show_typed.click()
    assert app.message.value == "" and "Road: 420 km" in app.takeaway.value


def test_uploading_a_log_with_gear_shows_its_pairs(tmp_path: Path) -> None:
    app = shoe_wear_tracker()
    app.spread.value = 2  # a view of the sample runner kept for this setting must not come back
    path = strava_csv(tmp_path / "activities.csv", [(0, 5, "Road A", "Run"), (1, 8, "Trail B", "Run"), (2, 6, "", "Run")])
    upload(app, "activities.csv", path.read_bytes())
    assert app.message.value == ""
    assert "2 pairs. Road A: 5 km" in app.takeaway.value and "1 run (6 km (4 mi)) names no shoe" in app.takeaway.value
    figure = app.figure_area.outputs[0]["data"]["application/vnd.plotly.v1+json"]["data"]
    assert figure[0]["type"] == "bar"  # three days of runs: bars, not a line over time
    assert app.spread.value == 0
    app.spread.value = 2
    assert "the same 19 km (12 mi) is shared" in app.takeaway.value


@pytest.mark.parametrize(("name", "fixture", "expected"), [
    ("Activities.csv", "garmin_km_activities.csv", "no gear column"),
    ("run.gpx", "run.gpx", "GPX, TCX and FIT files do not name the shoe"),
    ("notes.csv", None, "Could not read notes.csv"),
])
def test_an_upload_without_shoes_says_what_to_do_and_keeps_the_drawing(name: str, fixture: str | None, expected: str) -> None:
    app = shoe_wear_tracker()
    before, takeaway = app.figure_area.outputs, app.takeaway.value
    content = (FIXTURES / fixture).read_bytes() if fixture else b"this is not an export\n1,2,3\n"
    upload(app, name, content)
    assert expected in app.message.value and "The drawing shown is unchanged" in app.message.value
    assert app.figure_area.outputs == before and app.takeaway.value == takeaway


def test_camber_explorer_redraws_and_gives_both_units() -> None:
    app = camber_explorer()
    assert "0.25 cm (0.10 in) lower" in app.takeaway.value
    app.slope.value = 5.0
    assert "0.50 cm (0.20 in) lower" in app.takeaway.value and "not results of a study" in app.takeaway.value


@settings(max_examples=60)
@given(runs_strategy, st.floats(0, 500))
def test_the_fast_dates_reaching_agree_with_the_plain_one(runs: pd.DataFrame, distance: float) -> None:
    fast = shoes._dates_reaching(runs, distance)
    assert set(fast) == set(runs["shoe"])
    for shoe, when in fast.items():
        assert when == shoes.date_reaching(runs, shoe, distance)


# ---------------------------------------------------------------- hills from a track


def test_sample_hill_run_is_one_eighth_steep_downhill() -> None:
    grades = shoes.track_grades(shoes.sample_track_path())
    hill = shoes.downhill_share(grades)
    assert hill["distance_km"] == pytest.approx(8.0, abs=0.01)
    assert hill["downhill_km"] == pytest.approx(1.0, abs=0.03)
    assert shoes.downhill_share(grades, 2.0)["downhill_km"] == pytest.approx(2.0, abs=0.05)
    assert shoes.downhill_share(grades, 7.0)["downhill_km"] == 0


def test_tcx_altitudes_are_read(tmp_path: Path) -> None:
    points = "".join(
        f"<Trackpoint><Position><LatitudeDegrees>{52.5 + i * 0.0009:.6f}</LatitudeDegrees>"
        f"<LongitudeDegrees>13.4</LongitudeDegrees></Position><AltitudeMeters>{100 - 6 * i:.1f}</AltitudeMeters></Trackpoint>"
        for i in range(11))
    path = tmp_path / "down.tcx"
    path.write_text('<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
                    f"<Activities><Activity><Lap><Track>{points}</Track></Lap></Activity></Activities></TrainingCenterDatabase>")
    hill = shoes.downhill_share(shoes.track_grades(path))
    assert hill["distance_km"] == pytest.approx(1.0, abs=0.01) and hill["share_percent"] == pytest.approx(100)


@pytest.mark.parametrize(("name", "says"), [("run.tcx", "has no point with an elevation"),
                                            ("run.fit", "export the run as GPX"),
                                            ("strava_en_activities.csv", "hills are read from GPX or TCX")])
def test_tracks_without_hills_say_what_to_do(name: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        shoes.track_grades(FIXTURES / name)


def test_a_broken_gpx_is_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "broken.gpx"
    path.write_text("<gpx><trk><trkseg><trkpt lat=")
    with pytest.raises(ValueError, match="Could not read broken.gpx as a GPX or TCX track"):
        shoes.track_grades(path)


@settings(max_examples=60)
@given(st.lists(st.tuples(st.floats(1, 500), st.floats(-30, 30)), min_size=1, max_size=40), st.floats(0, 30))
def test_downhill_share_is_a_part_of_the_whole(pieces: list[tuple[float, float]], threshold: float) -> None:
    grades = pd.DataFrame(pieces, columns=["metres", "grade_percent"])
    hill = shoes.downhill_share(grades, threshold)
    assert 0 <= hill["downhill_km"] <= hill["distance_km"] + 1e-9
    assert 0 <= hill["share_percent"] <= 100 + 1e-9
    assert shoes.downhill_share(grades, threshold + 1)["downhill_km"] <= hill["downhill_km"]
