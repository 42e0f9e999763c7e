"""helpers.activity_import: real-shaped exports in, exact activities out, every bad row reported.

The fixtures are written by tests/fixtures/activities/make_fixtures.py; the expected values
below are the numbers that script writes, typed out here by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import activity_import
from helpers.activity_import import (
    ACTIVITY_COLUMNS,
    REPORT_COLUMNS,
    SAMPLE_TIMEZONE,
    parse_numbers,
    read_log,
    sample_log_path,
)
from helpers.units import KM_PER_MILE

FIXTURES = Path(__file__).parent / "fixtures" / "activities"
BERLIN = "Europe/Berlin"
D = dt.date

STRAVA_EXPECTED = [  # local date in Berlin, type, km, moving s, elapsed s
    (D(2024, 1, 5), "Run", 10.0203, 2950.0, 3012.0),
    (D(2024, 3, 31), "Run", 5.0, 1650.0, 1680.0),  # 23:30 UTC on 30 March is 00:30 in Berlin
    (D(2024, 6, 15), "Ride", 42.51, 5100.0, 5400.0),
    (D(2024, 6, 16), "Swim", 1.5, 2100.0, 2400.0),
    (D(2024, 7, 2), "Walk", 3.2105, 2500.0, 2700.0),  # 22:15 UTC on 1 July
    (D(2024, 10, 27), "Trail Run", 21.0975, 8700.0, 9000.0),  # the night the clocks go back
    (D(2024, 11, 10), "Weight Training", 0.0, 3600.0, 3600.0),
    (D(2025, 1, 1), "Virtual Run", 8.0, 2700.0, 2700.0),  # 23:10 UTC on New Year's Eve
]


def summary(activities: pd.DataFrame) -> list[tuple]:
    return [(row.local_date, row.activity_type, row.distance_km, row.moving_s, row.elapsed_s)
            for row in activities.itertuples()]


def assert_rows(activities: pd.DataFrame, expected: list[tuple]) -> None:
    got = summary(activities)
    assert [row[:2] for row in got] == [row[:2] for row in expected]
    for got_row, expected_row in zip(got, expected):
        np.testing.assert_allclose(got_row[2:], expected_row[2:], rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------- the table's shape


def test_columns_and_dtypes() -> None:
    activities, report = read_log(FIXTURES / "strava_en_activities.csv", BERLIN)
    assert tuple(activities.columns) == ACTIVITY_COLUMNS
    assert tuple(report.columns) == REPORT_COLUMNS
    assert str(activities["start_local"].dtype) == "datetime64[ns, Europe/Berlin]"
    assert activities["distance_km"].dtype == "float64"
    assert activities["moving_s"].dtype == "float64" and activities["elapsed_s"].dtype == "float64"
    assert all(isinstance(day, dt.date) for day in activities["local_date"])
    assert (activities["local_date"] == activities["start_local"].dt.date).all()
    assert activities["start_local"].is_monotonic_increasing
    for path in (FIXTURES / "strava_en_activities.csv", FIXTURES / "strava_malformed_activities.csv"):
        _, report = read_log(path, BERLIN)
        assert report.dtypes.astype(str).tolist() == ["int64"] + ["object"] * 5


# ---------------------------------------------------------------- Strava


def test_strava_english_every_row_exact() -> None:
    activities, report = read_log(FIXTURES / "strava_en_activities.csv", BERLIN)
    assert_rows(activities, STRAVA_EXPECTED)
    assert report.empty
    first = activities.iloc[0]
    assert first["start_local"] == pd.Timestamp("2024-01-05 07:01:02", tz=BERLIN)
    assert first["source"] == "strava_en_activities.csv line 2"  # the header is line 1


def test_strava_utc_is_converted_not_truncated() -> None:
    activities, _ = read_log(FIXTURES / "strava_en_activities.csv", "America/Toronto")
    # 06:01 UTC on 5 January is 01:01 in Toronto; 23:10 UTC on 31 December stays on the 31st
    assert activities["local_date"].iloc[0] == D(2024, 1, 5)
    assert activities["local_date"].iloc[-1] == D(2024, 12, 31)
    assert activities["start_local"].iloc[-1] == pd.Timestamp("2024-12-31 18:10", tz="America/Toronto")


def test_strava_older_iso_dates_and_a_single_distance_column() -> None:
    activities, report = read_log(FIXTURES / "strava_old_iso_activities.csv", BERLIN)
    assert_rows(activities, [
        (D(2016, 5, 1), "Run", 18.5, np.nan, 7200.0),
        (D(2016, 5, 3), "Run", 6.4, np.nan, 2400.0),
        (D(2016, 5, 4), "Swim", 1.2, np.nan, 1800.0),  # swims are shown in metres
    ])
    assert report.empty


def test_strava_single_distance_column_in_miles_when_told() -> None:
    activities, _ = read_log(FIXTURES / "strava_old_iso_activities.csv", BERLIN, distance_unit="mi")
    np.testing.assert_allclose(activities["distance_km"], [18.5 * KM_PER_MILE, 6.4 * KM_PER_MILE, 1.2])


def test_strava_german_decimal_commas() -> None:
    activities, report = read_log(FIXTURES / "strava_de_activities.csv", BERLIN)
    assert_rows(activities, STRAVA_EXPECTED[:4])
    assert report.empty


def test_column_order_does_not_matter(tmp_path: Path) -> None:
    rows = list(csv.reader((FIXTURES / "strava_en_activities.csv").read_text(encoding="utf-8").splitlines()))
    order = list(reversed(range(len(rows[0]))))
    shuffled = tmp_path / "activities.csv"
    with shuffled.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([[row[i] for i in order] for row in rows])
    activities, report = read_log(shuffled, BERLIN)
    # reversed, the column in metres comes before the one in km: told apart by their values
    assert_rows(activities, STRAVA_EXPECTED)
    assert report.empty


# ---------------------------------------------------------------- Garmin

GARMIN_EXPECTED_KM = [
    (D(2024, 1, 6), "Run", 10.02, 2990.0, 3060.0),
    (D(2024, 2, 10), "Virtual Run", 8.0, 2700.0, 2700.0),
    (D(2024, 3, 31), "Trail Run", 12.0, 4680.0, 4860.0),  # 02:30 does not exist that night
    (D(2024, 4, 2), "Swim", 1.5, np.nan, 2160.0),  # "1,500" metres, moving time "--"
    (D(2024, 5, 18), "Ride", 1012.3, 158400.0, 165600.0),  # "1,012.3" and 44:00:00
    (D(2024, 5, 20), "Strength Training", 0.0, np.nan, 1800.0),
]


def test_garmin_km_with_thousands_separators_and_dashes() -> None:
    activities, report = read_log(FIXTURES / "garmin_km_activities.csv", BERLIN)
    assert activities.attrs["garmin_distance_unit"] == "km"
    assert_rows(activities, GARMIN_EXPECTED_KM)
    assert report.to_dict("records") == [
        {"row": 1, "source": "garmin_km_activities.csv", "date": "", "activity_id": "",
         "reason": "distances read in km (judged from the running speeds); pass distance_unit if that is wrong",
         "action": "noted"},
        {"row": 6, "source": "garmin_km_activities.csv", "date": "2024-05-20 18:00:00", "activity_id": "Core",
         "reason": "no distance given; counted as 0 km", "action": "corrected"}]
    trail = activities.iloc[2]["start_local"]
    assert trail == pd.Timestamp("2024-03-31 03:00", tz=BERLIN)


def test_garmin_miles_detected_and_converted() -> None:
    activities, _ = read_log(FIXTURES / "garmin_mi_activities.csv", BERLIN)
    assert activities.attrs["garmin_distance_unit"] == "mi"
    miles = [6.23, 4.97, 7.46]
    np.testing.assert_allclose(activities["distance_km"].iloc[:3], [m * KM_PER_MILE for m in miles], rtol=1e-12)
    assert activities["distance_km"].iloc[3] == pytest.approx(1640 * 0.9144 / 1000)  # a swim in yards
    assert activities["distance_km"].iloc[4] == pytest.approx(629.0 * KM_PER_MILE)
    assert list(activities["local_date"]) == [row[0] for row in GARMIN_EXPECTED_KM]


def test_garmin_unit_from_the_caller_wins() -> None:
    activities, _ = read_log(FIXTURES / "garmin_mi_activities.csv", BERLIN, distance_unit="km")
    assert activities["distance_km"].iloc[0] == 6.23


def test_garmin_local_times_are_read_in_the_given_zone() -> None:
    activities, _ = read_log(FIXTURES / "garmin_km_activities.csv", "Asia/Tokyo")
    assert activities["start_local"].iloc[0] == pd.Timestamp("2024-01-06 08:30", tz="Asia/Tokyo")


# ---------------------------------------------------------------- single files


@pytest.mark.parametrize("name", ["run.gpx", "run.gpx.gz"])
def test_gpx(name: str) -> None:
    activities, report = read_log(FIXTURES / name, BERLIN)
    # 40 steps of 0.0005° of latitude due north; gpxpy's Earth radius is 6,378,137 m
    step = 6378137 * np.radians(0.0005)
    assert activities["distance_km"].iloc[0] == pytest.approx(40 * step / 1000, abs=0.001)
    assert summary(activities)[0][:2] == (D(2024, 8, 3), "Run")
    assert activities["start_local"].iloc[0] == pd.Timestamp("2024-08-03 07:30", tz=BERLIN)
    assert activities["elapsed_s"].iloc[0] == 800.0
    assert activities["source"].iloc[0] == name
    assert report.empty


def test_gpx_jump_is_left_out_and_reported() -> None:
    activities, report = read_log(FIXTURES / "gps_jump.gpx", BERLIN)
    step = 6378137 * np.radians(0.0005)
    # the jump (5.5 km away for 20 s) and the real step it replaced are both left out
    assert activities["distance_km"].iloc[0] == pytest.approx(39 * step / 1000, abs=0.001)
    assert report.to_dict("records") == [{
        "row": 1, "source": "gps_jump.gpx", "date": "2024-08-03 05:30:00 UTC", "activity_id": "", "action": "corrected",
        "reason": "2 GPS jump(s) faster than 45 km/h left out of the distance"}]


@pytest.mark.parametrize("name", ["run.tcx", "run.tcx.gz"])
def test_tcx(name: str) -> None:
    activities, report = read_log(FIXTURES / name, BERLIN)
    assert_rows(activities, [(D(2024, 8, 5), "Run", 10.0, 3000.0, 3000.0)])  # 22:15 UTC on 4 August
    assert report.empty


@pytest.mark.parametrize("name", ["run.fit", "run.fit.gz"])
def test_fit_uses_the_offset_stored_in_the_file(name: str) -> None:
    activities, report = read_log(FIXTURES / name)
    assert_rows(activities, [(D(2024, 8, 7), "Trail Run", 12.0, 3600.0, 3600.0)])  # 23:40 UTC, file says +2 h
    assert activities["start_local"].iloc[0].utcoffset() == dt.timedelta(hours=2)
    assert report.empty


def test_given_zone_wins_over_the_file_zone() -> None:
    activities, _ = read_log(FIXTURES / "run.fit", "America/New_York")
    assert activities["local_date"].iloc[0] == D(2024, 8, 6)


def test_corrupt_file_is_reported_not_raised() -> None:
    activities, report = read_log(FIXTURES / "corrupt.fit", BERLIN)
    assert activities.empty and tuple(activities.columns) == ACTIVITY_COLUMNS
    assert report["source"].tolist() == ["corrupt.fit"]
    assert report["reason"].iloc[0].startswith("could not read the file")


def test_gpx_without_times_or_tracks_is_reported_once(tmp_path: Path) -> None:
    start = '<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
    (tmp_path / "untimed.gpx").write_text(start + '<trk><trkseg><trkpt lat="1" lon="2"/></trkseg></trk></gpx>')
    (tmp_path / "empty.gpx").write_text(start + "</gpx>")
    _, report = read_log(tmp_path / "untimed.gpx", BERLIN)
    assert report["reason"].tolist() == ["track 1 has no times, so no date"]
    _, report = read_log(tmp_path / "empty.gpx", BERLIN)
    assert report["reason"].tolist() == ["the file holds no activity with a start time"]


def test_machine_zone_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Australia/Sydney")
    activities, _ = read_log(FIXTURES / "run.gpx")
    assert str(activities["start_local"].dt.tz) == "Australia/Sydney"
    assert activities["local_date"].iloc[0] == D(2024, 8, 3)  # 05:30 UTC is 15:30 in Sydney


# ---------------------------------------------------------------- folders


def test_strava_export_folder_reads_the_csv_and_the_files_it_does_not_name() -> None:
    calls = []
    activities, report = read_log(FIXTURES / "strava_export", BERLIN, progress=lambda *a: calls.append(a))
    assert activities["source"].tolist() == [
        "activities.csv line 2", "activities/5004.tcx.gz", "activities.csv line 3", "activities.csv line 4"]
    assert_rows(activities, [
        (D(2024, 8, 3), "Run", 2.2264, 800.0, 800.0),
        (D(2024, 8, 5), "Run", 10.0, 3000.0, 3000.0),
        (D(2024, 8, 7), "Trail Run", 12.0, 3600.0, 3600.0),
        (D(2024, 8, 8), "Run", 5.0, 1800.0, 1800.0),
    ])
    assert report.empty
    assert calls == [(0, 1), (1, 1)]


def test_strava_export_as_zip(tmp_path: Path) -> None:
    archive = tmp_path / "export_12345.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for path in (FIXTURES / "strava_export").rglob("*"):
            handle.write(path, path.relative_to(FIXTURES / "strava_export").as_posix())
    from_zip, _ = read_log(archive, BERLIN)
    from_folder, _ = read_log(FIXTURES / "strava_export", BERLIN)
    pd.testing.assert_frame_equal(from_zip, from_folder)


def test_folder_of_track_files_with_progress_and_a_broken_file() -> None:
    calls = []
    activities, report = read_log(FIXTURES / "track_folder", BERLIN, progress=lambda *a: calls.append(a))
    assert list(activities["local_date"]) == [D(2024, 9, day) for day in range(1, 7)]
    assert calls == [(i, 7) for i in range(8)]
    assert report[["row", "source", "action"]].to_dict("records") == [
        {"row": 1, "source": "broken.fit", "action": "skipped"}]


# ---------------------------------------------------------------- malformed rows

MALFORMED_REPORT = [  # file line (the header is line 1; row 2 spans lines 3-4), date, id, reason, action
    (5, "31/02/2024 07:00", "4001", "unparseable date '31/02/2024 07:00'", "skipped"),
    (6, "Feb 1, 2024, 7:00:00 AM", "4002", "negative distance -3.000 km", "skipped"),
    (7, "Feb 2, 2024, 7:00:00 AM", "4003",
     "implausible speed 170.0 km/h for a Run (limit 25 km/h): a GPS jump or a wrong activity type", "skipped"),
    (8, "Jan 5, 2024, 6:02:30 AM", "4004", "duplicate upload of strava_malformed_activities.csv line 2", "skipped"),
    (9, "Feb 3, 2024, 7:00:00 AM", "4005",
     "watch left running: elapsed 8.3 h against 0.8 h moving; elapsed time set to missing", "corrected"),
    (10, "Feb 4, 2024, 7:00:00 AM", "4006", "unreadable distance 'abc'", "skipped"),
    (11, "Jan 5, 2024, 6:01:02 AM", "1001", "has 7 of 36 cells: the row is cut short or cells are missing", "skipped"),
    (12, "Feb 9, 2024, 7:00:00 AM", "1009", "cannot be read as CSV (a quote mark is not closed or is out of place: "
     "unexpected end of data); it may be cut short", "skipped"),
]
MALFORMED_LINES = {2, 3, 5, 6, 7, 8, 9, 10, 11, 12}  # where each data row starts


def test_each_malformed_row_is_reported_with_its_row_and_reason() -> None:
    activities, report = read_log(FIXTURES / "strava_malformed_activities.csv", BERLIN)
    assert list(report.itertuples(index=False, name=None)) == [
        (row, "strava_malformed_activities.csv", date, ident, reason, action)
        for row, date, ident, reason, action in MALFORMED_REPORT]
    assert_rows(activities, [
        (D(2024, 1, 5), "Run", 10.0203, 2950.0, 3012.0),
        (D(2024, 2, 3), "Run", 8.0, 2880.0, np.nan),
        (D(2024, 3, 31), "Run", 5.0, 1650.0, 1680.0),
    ])


def test_nothing_is_dropped_silently() -> None:
    activities, report = read_log(FIXTURES / "strava_malformed_activities.csv", BERLIN)
    imported = {int(source.rsplit(" ", 1)[1]) for source in activities["source"]}
    skipped = set(report.loc[report["action"] == "skipped", "row"])
    assert imported | skipped == MALFORMED_LINES and not imported & skipped


@pytest.mark.parametrize(("column", "value", "reasons"), [
    (17, "inf", [("unreadable distance in metres 'inf'; the distance shown (10.02 km) was used", "corrected")]),
    (17, "1e309", [("unreadable distance in metres '1e309'; the distance shown (10.02 km) was used", "corrected")]),
    (6, "1e309", [("the distance shown (1e309 km) and the one in metres (10020.3 m) disagree; the metres were "
                   "used: check this activity", "kept")]),
    (3, "Sailing", [("the distance shown (10.02 km) and the one in metres (10020300.0 m) disagree; the metres "
                     "were used: check this activity", "kept"),
                    ("impossible distance 10020.3 km for a Sailing", "skipped")]),
    (16, "-60", [("impossible moving_s -60 set to missing", "corrected")]),
    (15, "1e309", [("the two elapsed time columns disagree (1e309 and 3012) and only 3012 is a plausible "
                    "duration: it was used", "corrected")]),
    (5, "1e309", [("the two elapsed time columns disagree (3012.0 and 1e309); 3012.0 was used: check this activity",
                   "kept")]),
])
def test_impossible_values(tmp_path: Path, column: int, value: str, reasons: list) -> None:
    rows = fixture_rows()
    rows[0][column] = value
    if column == 3:
        rows[0][17] = "10020300.0"
    path = tmp_path / "activities.csv"
    path.write_bytes(strava_csv(rows).encode())
    activities, report = read_log(path, BERLIN)
    first = ("Jan 5, 2024, 6:01:02 AM", "1001")
    assert list(report.itertuples(index=False, name=None)) == [
        (2, "activities.csv", *first, reason, action) for reason, action in reasons]
    assert np.isfinite(activities[["distance_km"]]).all().all()


def test_unknown_csv_names_what_was_expected(tmp_path: Path) -> None:
    path = tmp_path / "activities.csv"
    path.write_text("Datum,Typ,Strecke\n2024-01-01,Lauf,5\n")
    with pytest.raises(ValueError, match="needs a column 'Activity Date'.*Its first columns are: Datum"):
        read_log(path)


def test_missing_path_and_bad_arguments_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        read_log(tmp_path / "nope.csv")
    with pytest.raises(ValueError, match="Unknown time zone 'Mars/Olympus'"):
        read_log(FIXTURES / "run.gpx", "Mars/Olympus")
    with pytest.raises(ValueError, match="distance_unit"):
        read_log(FIXTURES / "run.gpx", distance_unit="furlong")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="empty holds no activities.csv and no GPX, TCX or FIT files"):
        read_log(tmp_path / "empty")
    (tmp_path / "blank.csv").write_text("")
    with pytest.raises(ValueError, match="blank.csv is empty or has no header row"):
        read_log(tmp_path / "blank.csv")


def test_header_only_and_byte_order_mark(tmp_path: Path) -> None:
    text = (FIXTURES / "strava_en_activities.csv").read_text(encoding="utf-8")
    (tmp_path / "header.csv").write_text(text.splitlines()[0] + "\n", encoding="utf-8")
    activities, report = read_log(tmp_path / "header.csv", BERLIN)
    assert activities.empty and report.empty and tuple(activities.columns) == ACTIVITY_COLUMNS
    assert str(activities["start_local"].dtype) == "datetime64[ns, Europe/Berlin]"
    (tmp_path / "bom.csv").write_text(text, encoding="utf-8-sig")
    assert_rows(read_log(tmp_path / "bom.csv", BERLIN)[0], STRAVA_EXPECTED)


# ---------------------------------------------------------------- the sample runner


def test_sample_log_is_found_through_data_dir_and_imports_cleanly() -> None:
    assert sample_log_path() == activity_import.data_dir() / "sample" / "sample_runner_activities.csv"
    assert sample_log_path().stat().st_size < 300_000
    activities, report = read_log(sample_log_path(), SAMPLE_TIMEZONE)
    assert len(activities) > 700
    assert activities["local_date"].min() >= D(2021, 1, 4) and activities["local_date"].max() <= D(2024, 12, 29)
    assert set(activities["activity_type"]) == {"Run", "Ride", "Walk"}
    assert report["action"].tolist() == ["skipped", "corrected"]
    assert report["reason"].iloc[0].startswith("duplicate upload")
    assert report["reason"].iloc[1].startswith("watch left running")
    marathon = activities[activities["distance_km"] == 42.2]
    assert marathon["local_date"].tolist() == [D(2023, 10, 15)]
    utc_dates = activities["start_local"].dt.tz_convert("UTC").dt.date
    assert (utc_dates != activities["local_date"]).mean() > 0.2  # evening runs: truncation would move them


def test_sample_generator_is_deterministic(tmp_path: Path) -> None:
    import runpy

    from helpers.paths import REPO_ROOT

    namespace = runpy.run_path(str(REPO_ROOT / "tools" / "make_sample_runner.py"))
    namespace["main"](tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == sample_log_path().read_bytes()


# ---------------------------------------------------------------- properties


def strava_csv(rows: list[list[str]]) -> str:
    header = list(csv.reader([(FIXTURES / "strava_en_activities.csv").read_text(encoding="utf-8").splitlines()[0]]))[0]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])  # quotes any cell with \r or \n
    return buffer.getvalue()


def row_lines(text: str) -> list[int]:
    """The file line where each data row of a clean CSV text starts (the header is line 1)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    starts, seen = [], reader.line_num
    for _ in reader:
        starts.append(seen + 1)
        seen = reader.line_num
    return starts


def fixture_rows() -> list[list[str]]:
    text = (FIXTURES / "strava_en_activities.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))[1:]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(8)))
def test_any_row_order_gives_the_same_activities(tmp_path: Path, order: list[int]) -> None:
    rows = fixture_rows()
    path = tmp_path / "activities.csv"
    path.write_bytes(strava_csv([rows[i] for i in order]).encode())
    activities, report = read_log(path, BERLIN)
    assert_rows(activities, STRAVA_EXPECTED)
    assert report.empty


ZONES = ["Europe/Berlin", "America/Toronto", "Australia/Sydney", "America/Santiago", "Asia/Kolkata"]
DST_CHANGES = [dt.datetime(2024, 3, 31, 1), dt.datetime(2024, 10, 27, 1), dt.datetime(2024, 3, 10, 7),
               dt.datetime(2024, 11, 3, 6), dt.datetime(2024, 4, 6, 16), dt.datetime(2024, 10, 5, 16)]


def english_date(moment: dt.datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{moment:%b} {moment.day}, {moment.year}, {hour}:{moment:%M:%S} {'AM' if moment.hour < 12 else 'PM'}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone=st.sampled_from(ZONES), change=st.sampled_from(DST_CHANGES),
       offsets=st.lists(st.integers(-3 * 3600, 3 * 3600), min_size=1, max_size=6, unique=True))
def test_utc_to_local_round_trips_across_dst_changes(tmp_path: Path, zone: str, change: dt.datetime,
                                                     offsets: list[int]) -> None:
    moments = sorted(change + dt.timedelta(seconds=s) for s in offsets)
    template = fixture_rows()[0]
    rows = []
    for index, moment in enumerate(moments):
        row = list(template)
        row[0], row[1] = str(9000 + index), english_date(moment)
        row[17] = f"{1000 * (index + 1)}.0"  # distances far apart: no duplicates
        rows.append(row)
    path = tmp_path / "activities.csv"
    path.write_bytes(strava_csv(rows).encode())
    activities, report = read_log(path, zone)
    assert report.empty
    back = [t.tz_convert("UTC").to_pydatetime().replace(tzinfo=None) for t in activities["start_local"]]
    assert back == moments
    expected_dates = [m.replace(tzinfo=dt.UTC).astimezone(ZoneInfo(zone)).date() for m in moments]
    assert list(activities["local_date"]) == expected_dates


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone=st.sampled_from(ZONES), minutes=st.lists(st.integers(0, 60 * 24 * 365), min_size=1, max_size=5,
                                                     unique=True))
def test_garmin_local_clock_times_are_kept(tmp_path: Path, zone: str, minutes: list[int]) -> None:
    tz = ZoneInfo(zone)
    walls = []
    for minute in sorted(minutes):
        wall = dt.datetime(2024, 1, 1) + dt.timedelta(minutes=minute)
        round_trip = wall.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None)
        if round_trip == wall and wall.replace(tzinfo=tz, fold=1).utcoffset() == wall.replace(tzinfo=tz).utcoffset():
            walls.append(wall)  # only wall times that exist exactly once
    if not walls:
        return
    lines = ["Activity Type,Date,Title,Distance,Time,Moving Time,Elapsed Time"]
    lines += [f"Running,{wall:%Y-%m-%d %H:%M:%S},Run,{5 + i},00:30:00,00:30:00,00:30:00"
              for i, wall in enumerate(walls)]
    path = tmp_path / "Activities.csv"
    path.write_text("\n".join(lines) + "\n")
    activities, _ = read_log(path, zone, distance_unit="km")
    assert [t.to_pydatetime().replace(tzinfo=None) for t in activities["start_local"]] == walls


@given(value=st.floats(0, 1e6, allow_nan=False).map(lambda v: round(v, 2)))
def test_numbers_with_thousands_separators(value: float) -> None:
    english = f"{value:,.2f}"
    german = english.replace(",", "_").replace(".", ",").replace("_", ".")
    parsed = parse_numbers(pd.Series([english, german, "--"]), ".")
    assert parsed.iloc[0] == pytest.approx(value) and np.isnan(parsed.iloc[2])
    assert parse_numbers(pd.Series([german]), ",").iloc[0] == pytest.approx(value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.integers(0, 7), column=st.sampled_from([1, 3, 5, 15, 16, 17]),
       cell=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12))
def test_any_cell_content_is_imported_or_reported(tmp_path: Path, row: int, column: int, cell: str) -> None:
    rows = fixture_rows()
    rows[row][column] = cell
    path = tmp_path / "activities.csv"
    path.write_bytes(strava_csv(rows).encode())
    activities, report = read_log(path, BERLIN)
    imported = {int(source.rsplit(" ", 1)[1]) for source in activities["source"]}
    skipped = set(report.loc[report["action"] == "skipped", "row"])
    assert imported | skipped == set(row_lines(path.read_text(encoding="utf-8"))) and not imported & skipped
    assert (activities["distance_km"] >= 0).all() and np.isfinite(activities["distance_km"]).all()


def test_copy_of_fixtures_is_not_needed_for_a_read(tmp_path: Path) -> None:
    """Reading never writes next to the input (a read-only export stays untouched)."""
    copy = tmp_path / "export"
    shutil.copytree(FIXTURES / "strava_export", copy)
    before = sorted(p.relative_to(copy) for p in copy.rglob("*"))
    read_log(copy, BERLIN)
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == before


def test_fixture_script_reproduces_the_committed_fixtures(tmp_path: Path) -> None:
    import runpy

    shutil.copy(FIXTURES / "make_fixtures.py", tmp_path / "make_fixtures.py")
    runpy.run_path(str(tmp_path / "make_fixtures.py"), run_name="__main__")
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(FIXTURES) for p in FIXTURES.rglob("*")
                       if p.is_file() and "__pycache__" not in p.parts)
    assert written == committed
    for name in written:
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), f"{name} differs"


# ---------------------------------------------------------------- the fast paths read as the careful ones

_PLAIN_CELLS = st.one_of(st.just(""), st.integers(-10**6, 10**6).map(str),
                         st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: f"{x:.3f}"),
                         st.sampled_from(["1e3", "2.5E-1", "007", "+4"]))


@given(st.lists(_PLAIN_CELLS, min_size=1, max_size=30))
def test_plain_number_columns_read_as_the_careful_path_reads_them(cells):
    """A column of plain numbers takes a fast path; a cell with a space sends it down the careful one."""
    from helpers.import_csv import parse_numbers

    fast = parse_numbers(pd.Series(cells, dtype=object), ".")
    careful = parse_numbers(pd.Series([*cells, " 1"], dtype=object), ".")
    pd.testing.assert_series_equal(fast, careful.iloc[:-1])
    assert careful.iloc[-1] == 1.0


@given(st.lists(st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2030, 1, 1)), min_size=1, max_size=20))
def test_plain_date_columns_read_as_the_careful_path_reads_them(moments):
    from helpers.import_csv import STRAVA_DATE_FORMATS, parse_dates

    cells = [f"{moment:%b} {moment.day}, {moment:%Y, %I:%M:%S %p}" for moment in moments]
    fast = parse_dates(pd.Series(cells, dtype=object), STRAVA_DATE_FORMATS)
    careful = parse_dates(pd.Series([*cells, " 2020-01-01\n10:00:00"], dtype=object), STRAVA_DATE_FORMATS)
    pd.testing.assert_series_equal(fast, careful.iloc[:-1])
    assert pd.isna(careful.iloc[-1])
    assert list(fast) == [pd.Timestamp(moment.replace(microsecond=0)) for moment in moments]
