"""Lesson 05 models and widgets: shoe wear from a log or typed pairs, rotation, road camber."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
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
    assert totals["shoe"].tolist() == ["Blue trainers", "Trail shoes", "Grey trainers", "Green trainers",
                                       "Racing flats", shoes.NO_SHOE]
    assert totals["distance_km"].round(1).tolist() == [899.9, 619.2, 1905.3, 2550.2, 345.8, 209.0]
    assert totals["distance_km"].sum() == pytest.approx(6529.4)
    assert totals["status"].tolist() == ["past the range", "within the range", "past the range", "past the range",
                                         "under the range", ""]
    assert 1 <= totals["runs"].iloc[-1] <= 0.05 * len(runs)  # a few runs name no shoe


def test_sample_runner_rotates_pairs_while_one_is_retired() -> None:
    activities, _ = training.read_log(training.sample_log_path(), timezone=training.SAMPLE_TIMEZONE)
    runs = shoes.runs_with_shoes(activities, shoes.read_gear(training.sample_log_path()))
    dates = pd.to_datetime(runs["local_date"])
    late_2021 = runs[(dates >= "2021-10-01") & (dates <= "2021-12-31")]
    assert {"Blue trainers", "Grey trainers"} <= set(late_2021["shoe"])
    marathon = runs[dates == "2023-10-15"]
    assert marathon["shoe"].tolist() == ["Racing flats"]


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


def test_an_export_zip_is_read_at_any_depth_and_joins_read_log(tmp_path: Path) -> None:
    path = strava_csv(tmp_path / "activities.csv", [(0, 5, "Road A", "Run"), (1, 8, "Trail B", "Run"), (2, 6, "", "Run")])
    archive_path = tmp_path / "export_123.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("export_123/activities.csv", path.read_bytes())
        archive.writestr("export_123/media/photo.jpg", b"not a log")
    gear = shoes.read_gear(archive_path)
    assert gear.index.tolist() == [f"export_123/activities.csv line {n}" for n in (2, 3, 4)]
    runs = read(archive_path)
    assert runs[["distance_km", "shoe"]].values.tolist() == [[5.0, "Road A"], [8.0, "Trail B"], [6.0, shoes.NO_SHOE]]


def german_export(path: Path, gear: list[str]) -> Path:
    """The German Strava fixture with these names in its 'Aktivitätsausrüstung' column."""
    rows = list(csv.reader(io.StringIO((FIXTURES / "strava_de_activities.csv").read_text(encoding="utf-8"))))
    column = rows[0].index("Aktivitätsausrüstung")
    for row, name in zip(rows[1:], gear):
        row[column] = name
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_a_german_export_names_its_shoes(tmp_path: Path) -> None:
    path = german_export(tmp_path / "activities.csv", ["Laufschuh", "Laufschuh", "Rad", "Laufschuh"])
    totals = shoes.shoe_totals(read(path))
    assert totals["shoe"].tolist() == ["Laufschuh"] and totals["runs"].tolist() == [2]
    assert totals["distance_km"].iloc[0] == pytest.approx(15.0203)


def test_a_german_export_with_no_shoe_named_says_so() -> None:
    totals = shoes.shoe_totals(read(FIXTURES / "strava_de_activities.csv"))
    text = shoes.describe_totals(totals)
    assert text.startswith("None of the 2 runs (15 km (9 mi)) names its shoe: the gear column is empty.")
    assert "type your pairs in by hand" in text


def test_a_semicolon_separated_export_is_read_like_read_log(tmp_path: Path) -> None:
    path = strava_csv(tmp_path / "activities.csv", [(0, 5, "Road A", "Run"), (1, 8, "Trail B", "Run")])
    rows = list(csv.reader(io.StringIO(path.read_text())))
    path.write_text("\n".join(";".join(row) for row in rows) + "\n")
    assert read(path)["shoe"].tolist() == ["Road A", "Trail B"]


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
                 "line 5 ('Huge, 99999'): 99,999 km is more than 10,000 km (a digit too many?)", "line 7: the pair 'good' is listed twice",
                 "e.g. 'Road shoes, 420'"):
        assert part in message
    assert "line 6" not in message


@pytest.mark.parametrize(("typed", "km", "read_as"), [
    ("Road, 1 200", 1200, 'Road "1 200" = 1,200 km = 745.6 mi'),
    ("Road, 1\u202f200 km", 1200, 'Road "1 200 km" = 1,200 km = 745.6 mi'),  # a narrow no-break space
    ("Road, 1,200.5", 1200.5, "Road 1,200.5 km = 746 mi"),
    ("Road, 1.200,5", 1200.5, 'Road "1.200,5" = 1,200.5 km = 746 mi'),
    ("Trail, 312,5", 312.5, 'Trail "312,5" = 312.5 km = 194.2 mi'),
    ("Trail, 0,500", 0.5, 'Trail "0,500" = 0.5 km = 0.3 mi'),
    ("Trail, 123.456", 123.456, 'Trail "123.456" = 123.5 km = 76.7 mi'),  # 123,456 km would be too far
    ("Road, 420", 420, "Road 420 km = 261 mi"),
    ("US pair, 300 miles", 482.803, 'US pair "300 miles" = 300 mi = 482.8 km'),
])
def test_typed_distances_are_read_one_way_and_echoed(typed: str, km: float, read_as: str) -> None:
    pairs = shoes.pairs_from_text(typed, "km")
    assert pairs["distance_km"].iloc[0] == pytest.approx(km, abs=1e-3)
    assert pairs.attrs["readings"] == [read_as]


@pytest.mark.parametrize(("typed", "unit", "says"), [
    ("Road, 1,200", "km", "'1,200' could mean 1.2 km or 1,200 km; type it without a separator (1200) or as a decimal (1.2)"),
    ("Road, 1.200 km", "mi", "'1.200' could mean 1.2 km or 1,200 km"),
    ("Road, 5.000", "mi", "'5.000' could mean 5 mi or 5,000 mi"),
    ("Road, 12 000", "km", "12,000 km is more than 10,000 km (a digit too many?)"),
])
def test_typed_distances_that_could_be_read_two_ways_are_refused(typed: str, unit: str, says: str) -> None:
    with pytest.raises(ValueError, match=re.escape(says)):
        shoes.pairs_from_text(typed, unit)


@settings(max_examples=60)
@given(st.integers(1, 9), st.integers(0, 999), st.sampled_from([",", "."]))
def test_a_single_thousands_separator_within_reach_is_always_refused(whole: int, part: int, mark: str) -> None:
    with pytest.raises(ValueError, match="could mean"):
        shoes.pairs_from_text(f"Road, {whole}{mark}{part:03d}", "km")


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
    text = "\n".join(f"{name}, {distance:.4f}" for name, distance in pairs)  # four decimals: never ambiguous
    table = shoes.pairs_from_text(text, unit)
    assert table["shoe"].tolist() == [name.strip() for name, _ in pairs]
    factor = 1.0 if unit == "km" else 1.609344
    assert np.allclose(table["distance_km"], [round(d, 4) * factor for _, d in pairs])
    assert len(table.attrs["readings"]) == len(pairs)


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


@pytest.mark.parametrize("unit", ["km", "mi"])
def test_figures_built_without_validation_are_valid(unit: str) -> None:
    """The tracker and camber figures skip plotly's per-property validation for speed: check them here."""
    activities, _ = training.read_log(training.sample_log_path(), timezone=training.SAMPLE_TIMEZONE)
    runs = shoes.runs_with_shoes(activities, shoes.read_gear(training.sample_log_path()))
    for table in (shoes.distance_over_time(runs), shoes.distance_over_time(runs.head(0))):
        go.Figure(shoe_distance_figure(table, unit).to_dict())  # raises on an invalid property
    for slope, width in ((0, 0), (2.5, 10), (15, 40)):
        go.Figure(camber_figure(slope, width, shoes.camber_height_cm(slope, width), "in" if unit == "mi" else "cm").to_dict())
    with pytest.raises(ValueError, match="'cm' or 'in'"):
        camber_figure(2.5, 10, 0.25, "mm")


def test_end_labels_of_pairs_ending_close_together_do_not_overprint() -> None:
    runs = pd.DataFrame({"local_date": pd.to_datetime(["2024-01-01", "2024-06-01"] * 3),
                         "distance_km": [400.0, 400.0, 405.0, 400.0, 100.0, 100.0],
                         "shoe": ["A", "A", "B", "B", "C", "C"]})
    figure = shoe_distance_figure(shoes.distance_over_time(runs, "month"))
    notes = {note.text: note for note in figure.layout.annotations if note.text in ("A", "B", "C")}
    per_km = 290 / (805 * 1.05)
    heights = sorted(note.y * per_km + (note.yshift or 0) for note in notes.values())
    assert heights[2] - heights[1] >= 17  # A and B end 5 km apart: one is lifted a label's height
    assert notes["C"].yshift is None  # C ends far below: left where it is


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
    assert "5 pairs. Blue trainers: 900 km (559 mi), 18 % of runs, past the range" in app.takeaway.value
    assert "Racing flats: 346 km (215 mi), 5 % of runs, under the range" in app.takeaway.value
    assert "22 runs (209 km (130 mi)) name no shoe" in app.takeaway.value
    assert "Malisoux" in app.takeaway.value
    lines = app.figure_area.outputs[0]["data"]["application/vnd.plotly.v1+json"]["data"]
    assert sorted(line["name"] for line in lines) == ["Blue trainers", "Green trainers", "Grey trainers",
                                                      "Racing flats", "Trail shoes", shoes.NO_SHOE]
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


def test_typed_pairs_echo_how_each_distance_was_read() -> None:
    app = shoe_wear_tracker()
    app.typed.value = "Road, 1 200\nTrail, 312,5"
    app.show_typed.click()
    assert "Read as: Road &quot;1 200&quot; = 1,200 km = 745.6 mi; Trail &quot;312,5&quot; = 312.5 km" in app.takeaway.value
    before = app.figure_area.outputs
    app.typed.value = "Road, 1,200"
    app.show_typed.click()
    assert "could mean 1.2 km or 1,200 km" in app.message.value and app.figure_area.outputs == before


def test_uploading_a_strava_export_zip_or_a_german_export_shows_its_pairs(tmp_path: Path) -> None:
    app = shoe_wear_tracker()
    path = strava_csv(tmp_path / "activities.csv", [(0, 5, "Road A", "Run"), (1, 8, "Trail B", "Run"), (2, 6, "", "Run")])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("export_123/activities.csv", path.read_bytes())
    upload(app, "export_123.zip", buffer.getvalue())
    assert app.message.value == "" and "2 pairs. Road A: 5 km" in app.takeaway.value
    german = german_export(tmp_path / "de.csv", ["Laufschuh", "Laufschuh", "", "Laufschuh"])
    upload(app, "aktivitaeten.csv", german.read_bytes())
    assert app.message.value == "" and "1 pair. Laufschuh: 15 km (9 mi), 100 % of runs" in app.takeaway.value


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
    ("notes.csv", None, "notes.csv is neither a Strava activities.csv"),
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


def test_camber_step_width_can_be_set_in_inches() -> None:
    app = camber_explorer()
    app.units.value = "in"
    assert (app.width.value, app.width.min, app.width.max, app.width.step) == (3.9, 0.0, 11.8, 0.1)
    assert app.width.description == "Step width (in)"
    assert "feet 3.9 in (9.9 cm) apart, puts the kerb-side foot 0.10 in (0.25 cm) lower" in app.takeaway.value
    app.width.value = 11.8  # the top of the slider: 29.97 cm
    assert "11.8 in (30.0 cm) apart" in app.takeaway.value and "0.30 in (0.75 cm) lower" in app.takeaway.value
    figure = app.figure_area.outputs[0]["data"]["application/vnd.plotly.v1+json"]["layout"]["annotations"]
    assert any(note["text"] == "Feet 11.8 in (30.0 cm) apart" for note in figure)
    app.units.value = "cm"
    assert (app.width.value, app.width.max, app.width.step) == (30, 30, 1.0)
    assert "feet 30 cm (11.8 in) apart" in app.takeaway.value and app.message.value == ""


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 30))
def test_camber_unit_switch_there_and_back_keeps_the_step_width(width: int) -> None:
    app = camber_explorer()
    app.width.value = width
    app.units.value = "in"
    app.units.value = "cm"
    assert app.width.value == width


@settings(max_examples=60)
@given(runs_strategy, st.floats(0, 500))
def test_the_fast_dates_reaching_agree_with_the_plain_one(runs: pd.DataFrame, distance: float) -> None:
    fast = shoes._dates_reaching(runs, distance)
    assert set(fast) == set(runs["shoe"])
    for shoe, when in fast.items():
        assert when == shoes.date_reaching(runs, shoe, distance)
