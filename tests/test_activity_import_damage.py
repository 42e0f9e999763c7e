"""Issue 9: damaged exports are read right or named in the report; any file gives a clear message.

Each test is one of the issue's repros, on ``strava_en_activities.csv`` (F) read with
``read_log(F, "Europe/Berlin")`` unless it says otherwise.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import import_files, import_tracks
from helpers.activity_import import LogImportError, read_log

FIXTURES = Path(__file__).parent / "fixtures" / "activities"
F = FIXTURES / "strava_en_activities.csv"
BERLIN = "Europe/Berlin"
CLEAN_TEXT = F.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str | bytes, name: str = "activities.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def clean() -> pd.DataFrame:
    """F's activities, as if the file were called activities.csv (the name the tests write)."""
    activities = read_log(F, BERLIN)[0]
    return activities.assign(source=activities["source"].str.replace(F.name, "activities.csv"))


def lines_of(report: pd.DataFrame) -> list[int]:
    return report["row"].tolist()


# ---------------------------------------------------------------- 1, 2: cells and quotes


def test_1_an_unquoted_comma_in_a_name_is_reported_not_shifted(tmp_path: Path) -> None:
    activities, report = read_log(write(tmp_path, CLEAN_TEXT.replace(",Morning Run,", ",Hills, hills,")), BERLIN)
    assert "hills" not in set(activities["activity_type"])
    assert len(activities) == 7
    (line,) = report.itertuples()
    assert (line.row, line.activity_id, line.date, line.action) == (2, "1001", "Jan 5, 2024, 6:01:02 AM", "skipped")
    assert "has 37 cells but the header has 36" in line.reason
    pd.testing.assert_frame_equal(activities, clean().iloc[1:].reset_index(drop=True))


def test_1_two_joined_lines_name_both_activities(tmp_path: Path) -> None:
    lines = CLEAN_TEXT.split("\n")
    joined = "\n".join(lines[:8] + [lines[8] + lines[9]] + lines[10:])  # sed '9{N;s/\n//}'
    activities, report = read_log(write(tmp_path, joined), BERLIN)
    assert len(activities) == 6
    (line,) = report.itertuples()
    assert line.row == 9 and line.activity_id == "1007"
    assert "joined into one line (activities 1007, 1008)" in line.reason


def test_2_a_stray_quote_loses_only_its_own_row_and_keeps_line_numbers(tmp_path: Path) -> None:
    damaged = CLEAN_TEXT.replace('4:45:10 PM"', "4:45:10 PM")
    activities, report = read_log(write(tmp_path, damaged), BERLIN)
    assert lines_of(report) == [5]
    assert report["activity_id"].tolist() == ["1003"] and "quote mark" in report["reason"].iloc[0]
    expected = clean()
    expected = expected[expected["activity_type"] != "Ride"].reset_index(drop=True)
    pd.testing.assert_frame_equal(activities, expected)  # row 1004 (line 6) is kept, with its own line


# ---------------------------------------------------------------- 3: decimal commas


def test_3_decimal_commas_in_the_metres_and_time_columns(tmp_path: Path) -> None:
    damaged = CLEAN_TEXT.replace("3012.0,2950.0,10020.3", '"3012,0","2950,0","10020,3"')
    activities, report = read_log(write(tmp_path, damaged), BERLIN)
    assert report.empty
    pd.testing.assert_frame_equal(activities, clean())


# ---------------------------------------------------------------- 4: dates and durations


@pytest.mark.parametrize("year", [1500, 1900, 1969, 2300, 3000])
def test_4_a_date_out_of_range_is_named_and_the_rest_imported(tmp_path: Path, year: int) -> None:
    activities, report = read_log(write(tmp_path, CLEAN_TEXT.replace("Jan 5, 2024", f"Jan 5, {year}")), BERLIN)
    assert len(activities) == 7
    assert report[["row", "activity_id", "action"]].values.tolist() == [[2, "1001", "skipped"]]
    assert f"date {year}-01-05 is outside 1980 to tomorrow" in report["reason"].iloc[0]


def test_4_garmin_date_out_of_range(tmp_path: Path) -> None:
    text = (FIXTURES / "garmin_km_activities.csv").read_text(encoding="utf-8").replace("2024-01-06", "3000-01-06")
    activities, report = read_log(write(tmp_path, text, "Activities.csv"), BERLIN)
    assert len(activities) == 5
    assert "date 3000-01-06 is outside" in report.loc[report["row"] == 2, "reason"].iloc[0]


def test_4_one_gpx_out_of_range_does_not_stop_the_folder(tmp_path: Path) -> None:
    gpx = (FIXTURES / "run.gpx").read_text(encoding="utf-8")
    (tmp_path / "good.gpx").write_text(gpx, encoding="utf-8")
    (tmp_path / "bad.gpx").write_text(gpx.replace("2024-08-03T", "3024-08-03T"), encoding="utf-8")
    activities, report = read_log(tmp_path, BERLIN)
    assert activities["source"].tolist() == ["good.gpx"]
    assert report["source"].tolist() == ["bad.gpx"] and "3024-08-03 is outside" in report["reason"].iloc[0]
    alone, alone_report = read_log(tmp_path / "bad.gpx", BERLIN)  # alone: reported too, not raised
    assert alone.empty and alone_report["row"].tolist() == [1]


def test_4_a_duration_of_a_trillion_seconds_is_reported(tmp_path: Path) -> None:
    activities, report = read_log(write(tmp_path, CLEAN_TEXT.replace(",3012.0,2950.0,", ",3012.0,1e12,")), BERLIN)
    assert np.isnan(activities["moving_s"].iloc[0])
    assert report[["row", "reason", "action"]].values.tolist() == [
        [2, "impossible moving_s 1e+12 set to missing", "corrected"]]


def test_4_an_unreadable_time_cell_is_reported(tmp_path: Path) -> None:
    activities, report = read_log(write(tmp_path, CLEAN_TEXT.replace(",3012.0,2950.0,", ",3012.0,29x0,")), BERLIN)
    assert np.isnan(activities["moving_s"].iloc[0])
    assert report[["row", "reason", "action"]].values.tolist() == [
        [2, "unreadable moving time '29x0'; set to missing", "corrected"]]


def test_4_metres_and_km_that_disagree_are_reported(tmp_path: Path) -> None:
    activities, report = read_log(write(tmp_path, CLEAN_TEXT.replace(",10.02,", ",2.95,")), BERLIN)
    assert activities["distance_km"].iloc[0] == pytest.approx(10.0203)
    assert report[["row", "activity_id", "action"]].values.tolist() == [[2, "1001", "kept"]]
    assert "distance shown (2.95 km) and the one in metres (10020.3 m) disagree" in report["reason"].iloc[0]


# ---------------------------------------------------------------- 5: headers


def test_5_a_misspelled_required_column_names_the_closest_match(tmp_path: Path) -> None:
    damaged = CLEAN_TEXT.replace("Activity Type", "Activty Type", 1)
    with pytest.raises(LogImportError, match="no 'Activity Type' column. The closest column is 'Activty Type'"):
        read_log(write(tmp_path, damaged), BERLIN)


def test_5_a_misspelled_date_column_is_named_too(tmp_path: Path) -> None:
    damaged = CLEAN_TEXT.replace("Activity Date", "Activity Dat", 1)
    with pytest.raises(LogImportError, match="'Activity Date'.*'Activity Dat'"):
        read_log(write(tmp_path, damaged), BERLIN)


# ---------------------------------------------------------------- 6, 7: archives and multi-activity files


def test_6_an_export_folder_one_level_down_in_a_zip(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for path in (FIXTURES / "strava_export").rglob("*"):
            handle.write(path, "export_123/" + path.relative_to(FIXTURES / "strava_export").as_posix())
    activities, report = read_log(archive, BERLIN)
    assert len(activities) == 4 and report.empty
    assert activities["source"].iloc[0] == "export_123/activities.csv line 2"


def test_6_errors_name_the_learners_file_not_a_temporary_folder(tmp_path: Path) -> None:
    archive = tmp_path / "my_export.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("notes/readme.txt", "nothing here")
    with pytest.raises(LogImportError, match="^my_export.zip holds no activities.csv"):
        read_log(archive, BERLIN)


def test_7_a_tcx_with_two_activities_gives_two(tmp_path: Path) -> None:
    text = (FIXTURES / "run.tcx").read_text(encoding="utf-8")
    start, end = text.index("<Activity "), text.index("</Activity>") + len("</Activity>")
    second = text[start:end].replace("2024-08-04T", "2024-08-06T")
    activities, report = read_log(write(tmp_path, text[:end] + second + text[end:], "two.tcx"), BERLIN)
    assert activities["distance_km"].tolist() == [10.0, 10.0] and report.empty
    assert activities["source"].tolist() == ["two.tcx activity 1", "two.tcx activity 2"]


# ---------------------------------------------------------------- 8, 9: archive errors and limits


def patched_zip(tmp_path: Path, local: tuple[int, bytes], central: tuple[int, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as handle:
        handle.writestr("activities.csv", CLEAN_TEXT)
    data = bytearray(buffer.getvalue())
    for signature, (offset, value) in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        at = data.index(signature) + offset
        data[at:at + len(value)] = value
    return write(tmp_path, bytes(data), "export.zip")


@pytest.mark.parametrize(("name", "content", "words"), [
    ("activities.csv.gz", b"garbage, not gzip", "is not a complete gzip file"),
    ("run.gpx.gz", gzip.compress(b"<gpx>", mtime=0)[:12], "is not a complete gzip file"),
    ("export.zip", b"PK but not a zip", "is not a readable zip archive"),
], ids=["not-gzip", "cut-gzip", "not-zip"])
def test_8_damaged_archives_give_plain_words(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    with pytest.raises(LogImportError, match=words) as caught:
        read_log(write(tmp_path, content, name), BERLIN)
    assert "BadGzipFile" not in str(caught.value) and "Not a gzipped file" not in str(caught.value)


def test_8_a_zip_with_a_password(tmp_path: Path) -> None:
    path = patched_zip(tmp_path, (6, b"\x01"), (8, b"\x01"))
    with pytest.raises(LogImportError, match="protected by a password"):
        read_log(path, BERLIN)


def test_8_a_zip_with_an_unknown_compression_method(tmp_path: Path) -> None:
    path = patched_zip(tmp_path, (8, b"\x62\x00"), (10, b"\x62\x00"))
    with pytest.raises(LogImportError, match="compression method this course cannot unpack"):
        read_log(path, BERLIN)


def test_9_a_gzip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = gzip.compress(CLEAN_TEXT.encode() + b"0" * 30_000_000, compresslevel=9)
    with pytest.raises(LogImportError, match="expands to more than 16 MB or to more than 100 times"):
        read_log(write(tmp_path, bomb, "activities.csv.gz"), BERLIN)


def test_9_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("activities.csv", CLEAN_TEXT)
        handle.writestr("activities/big.gpx", b" " * 30_000_000)
    with pytest.raises(LogImportError, match="export.zip expands to more than"):
        read_log(archive, BERLIN)


def test_9_a_bomb_inside_a_folder_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    (tmp_path / "run.gpx").write_bytes((FIXTURES / "run.gpx").read_bytes())
    (tmp_path / "bomb.gpx.gz").write_bytes(gzip.compress(b" " * 30_000_000))
    activities, report = read_log(tmp_path, BERLIN)
    assert activities["source"].tolist() == ["run.gpx"]
    assert report["source"].tolist() == ["bomb.gpx.gz"] and "expands to more than" in report["reason"].iloc[0]


def test_9_too_many_points_and_too_large_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_tracks, "MAX_TRACK_POINTS", 10)
    _, report = read_log(FIXTURES / "run.gpx", BERLIN)
    assert "41 track points, more than the 10" in report["reason"].iloc[0]
    monkeypatch.setattr(import_files, "MAX_TRACK_BYTES", 1000)
    with pytest.raises(LogImportError, match=r"run.tcx is 0.0 MB, larger than the 0 MB .* Export a shorter"):
        read_log(FIXTURES / "run.tcx", BERLIN)  # alone: refused before it is read
    (tmp_path / "run.tcx").write_bytes((FIXTURES / "run.tcx").read_bytes())
    _, report = read_log(tmp_path, BERLIN)  # in a folder: reported, the rest is read
    assert "larger than the 0 MB" in report["reason"].iloc[0]
    monkeypatch.setattr(import_files, "MAX_CSV_BYTES", 1000)
    with pytest.raises(LogImportError, match="larger than the 0 MB .* keep the years you want"):
        read_log(F, BERLIN)


# ---------------------------------------------------------------- 11: encodings, separators, valid files


@pytest.mark.parametrize(("encoding", "said"), [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"),
                                                ("cp1252", None), ("utf-8-sig", None)])
def test_11_encodings_are_detected(tmp_path: Path, encoding: str, said: str | None) -> None:
    activities, report = read_log(write(tmp_path, CLEAN_TEXT.encode(encoding)), BERLIN)
    pd.testing.assert_frame_equal(activities, clean())
    if said:
        assert report["action"].tolist() == ["noted"] and said in report["reason"].iloc[0]
    else:
        assert report.empty or report["action"].tolist() == ["noted"]


@pytest.mark.parametrize(("delimiter", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_11_semicolons_and_tabs(tmp_path: Path, delimiter: str, word: str) -> None:
    import csv

    rows = list(csv.reader(io.StringIO(CLEAN_TEXT, newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    activities, report = read_log(write(tmp_path, buffer.getvalue()), BERLIN)
    pd.testing.assert_frame_equal(activities, clean())
    assert report["row"].tolist() == [1] and f"separated by {word}" in report["reason"].iloc[0]


def test_11_german_semicolon_file_from_excel(tmp_path: Path) -> None:
    text = (FIXTURES / "strava_de_activities.csv").read_text(encoding="utf-8")
    import csv

    rows = list(csv.reader(io.StringIO(text, newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    activities, _ = read_log(write(tmp_path, buffer.getvalue().encode("cp1252")), BERLIN)
    expected = read_log(FIXTURES / "strava_de_activities.csv", BERLIN)[0]
    pd.testing.assert_frame_equal(activities.drop(columns="source"), expected.drop(columns="source"))


def test_11_an_unknown_file_names_encoding_and_separator(tmp_path: Path) -> None:
    with pytest.raises(LogImportError, match=r"read as UTF-16.*separated by semicolons"):
        read_log(write(tmp_path, "Datum;Typ;Strecke\n2024-01-01;Lauf;5\n".encode("utf-16")), BERLIN)


def test_11_tcx_with_lap_totals_but_no_trackpoints(tmp_path: Path) -> None:
    text = (FIXTURES / "run.tcx").read_text(encoding="utf-8")
    start, end = text.index("<Track>"), text.index("</Track>") + len("</Track>")
    activities, report = read_log(write(tmp_path, text[:start] + text[end:], "laps.tcx"), BERLIN)
    assert activities[["distance_km", "moving_s", "elapsed_s"]].values.tolist() == [[10.0, 3000.0, 3000.0]]
    assert report.empty


@pytest.mark.parametrize("change", ["utf-16", "whitespace"])
def test_11_gpx_in_utf16_or_with_leading_whitespace(tmp_path: Path, change: str) -> None:
    text = (FIXTURES / "run.gpx").read_text(encoding="utf-8")
    data = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16") if change == "utf-16" else \
        ("\n  \n" + text).encode()
    activities, report = read_log(write(tmp_path, data, "run.gpx"), BERLIN)
    pd.testing.assert_frame_equal(activities.drop(columns="source"),
                                  read_log(FIXTURES / "run.gpx", BERLIN)[0].drop(columns="source"))
    assert report.empty


def test_11_fit_padded_with_zeros(tmp_path: Path) -> None:
    padded = (FIXTURES / "run.fit").read_bytes() + b"\x00" * 64
    activities, report = read_log(write(tmp_path, padded, "run.fit"), BERLIN)
    assert len(activities) == 1 and report.empty


def test_11_gpx_mixing_naive_and_utc_times(tmp_path: Path) -> None:
    text = (FIXTURES / "run.gpx").read_text(encoding="utf-8")
    mixed = text.replace("2024-08-03T05:30:20Z", "2024-08-03T05:30:20", 1)
    activities, report = read_log(write(tmp_path, mixed, "mixed.gpx"), BERLIN)
    assert activities["elapsed_s"].iloc[0] == 800.0 and report.empty


def test_xml_entities_are_refused(tmp_path: Path) -> None:
    laughs = ('<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
              '<gpx version="1.1" creator="x"><trk><name>&b;</name></trk></gpx>')
    _, report = read_log(write(tmp_path, laughs, "laughs.gpx"), BERLIN)
    assert "declares its own XML entities" in report["reason"].iloc[0]


def test_unknown_activity_types_are_kept_and_reported(tmp_path: Path) -> None:
    activities, report = read_log(write(tmp_path, CLEAN_TEXT.replace(",Afternoon Ride,Ride,", ",A,Kitesurfing,")),
                                  BERLIN)
    assert "Kitesurfing" in set(activities["activity_type"])
    assert report[["row", "action"]].values.tolist() == [[5, "kept"]]
    assert "not counted as running" in report["reason"].iloc[0]


def test_bom_detection_is_exact() -> None:
    text, said = import_files.decode_text(codecs.BOM_UTF8 + "Ä".encode())
    assert (text, said) == ("Ä", "UTF-8 with a byte-order mark")
    assert import_files.decode_text("Ä;ö".encode("cp1252"))[0] == "Ä;ö"


def test_future_dates_up_to_tomorrow_are_kept(tmp_path: Path) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    text = CLEAN_TEXT.replace("Jan 5, 2024", f"{tomorrow:%b} {tomorrow.day}, {tomorrow.year}")
    activities, report = read_log(write(tmp_path, text), BERLIN)
    assert len(activities) == 8 and report.empty


def test_the_garmin_unit_guess_is_said_in_the_report() -> None:
    for name, unit in (("garmin_km_activities.csv", "km"), ("garmin_mi_activities.csv", "miles")):
        _, report = read_log(FIXTURES / name, BERLIN)
        noted = report[report["action"] == "noted"]
        assert noted["row"].tolist() == [1] and f"distances read in {unit}" in noted["reason"].iloc[0]
        _, given = read_log(FIXTURES / name, BERLIN, distance_unit="km")
        assert "noted" not in set(given["action"])


def test_moving_time_longer_than_elapsed_is_reported(tmp_path: Path) -> None:
    _, report = read_log(write(tmp_path, CLEAN_TEXT.replace(",3012.0,2950.0,", ",3012.0,29500.0,")), BERLIN)
    assert report[["row", "action"]].values.tolist() == [[2, "kept"]]
    assert "moving time 8.19 h is longer than the elapsed time 0.84 h" in report["reason"].iloc[0]


@pytest.mark.parametrize("damaged", ['"10020,"', "10020."])
def test_a_number_cut_short_is_unreadable_not_rounded(tmp_path: Path, damaged: str) -> None:
    activities, report = read_log(write(tmp_path, CLEAN_TEXT.replace("10020.3", damaged)), BERLIN)
    assert report[["row", "action"]].values.tolist() == [[2, "corrected"]]
    assert f"unreadable distance in metres {damaged.strip(chr(34))!r}; the distance shown (10.02 km)" in report["reason"][0]
    assert activities["distance_km"][0] == 10.02  # not 10.020 km


def test_a_number_split_by_a_line_break_is_skipped(tmp_path: Path) -> None:
    _, report = read_log(write(tmp_path, CLEAN_TEXT.replace("10020.3", '"10020,\n3"')), BERLIN)
    assert report["row"].iloc[0] == 2 and set(report["action"]) == {"skipped"}  # a line break: lines 2-3


def test_a_header_joined_with_the_first_row_is_a_clear_error(tmp_path: Path) -> None:
    lines = CLEAN_TEXT.split("\n")
    with pytest.raises(LogImportError, match="header line holds a value"):
        read_log(write(tmp_path, "\n".join([lines[0] + lines[1]] + lines[2:])), BERLIN)


def test_a_run_split_by_a_line_break_is_not_imported_as_half_a_row(tmp_path: Path) -> None:
    text = (FIXTURES / "garmin_km_activities.csv").read_text(encoding="utf-8")
    text = text.replace("Treadmill Running,", "Treadmill \rRunning,")
    activities, report = read_log(write(tmp_path, text, "Activities.csv"), BERLIN, distance_unit="km")
    assert "Virtual Run" not in set(activities["activity_type"]) and "Run" in set(activities["activity_type"])
    assert len(activities) == 5
    assert "split by a line break" in " ".join(report["reason"])


def test_an_average_speed_that_does_not_fit_distance_and_time_is_reported(tmp_path: Path) -> None:
    good = CLEAN_TEXT.replace(",3012.0,2950.0,10020.3,,", ",3012.0,2950.0,10020.3,,3.397")
    assert read_log(write(tmp_path, good), BERLIN)[1].empty  # 10020.3 m in 2950 s is 3.397 m/s
    _, report = read_log(write(tmp_path, good.replace(",3.397", ",4.397")), BERLIN)
    assert report[["row", "action"]].values.tolist() == [[2, "kept"]]
    assert "average speed 4.397 m/s does not fit the distance and moving time (3.40 m/s)" in report["reason"].iloc[0]


# ---------------------------------------------------------------- audit of issue 9: values kept, hints, folders


@pytest.mark.parametrize("metres", ["", "--"])
def test_a_blank_metres_cell_takes_the_km_shown_and_says_so(tmp_path: Path, metres: str) -> None:
    activities, report = read_log(write(tmp_path, CLEAN_TEXT.replace(",10020.3,", f",{metres},")), BERLIN)
    assert activities["distance_km"].iloc[0] == 10.02  # not 0 km
    assert report[["row", "activity_id", "action"]].values.tolist() == [[2, "1001", "corrected"]]
    assert report["reason"][0] == "no distance in metres; the distance shown (10.02 km) was used"
    assert "no distance given" not in report["reason"][0]


def test_a_blank_swim_in_metres_takes_the_metres_shown(tmp_path: Path) -> None:
    activities, report = read_log(write(tmp_path, CLEAN_TEXT.replace(",2100.0,1500.0,", ",2100.0,,")), BERLIN)
    assert activities.loc[activities["activity_type"] == "Swim", "distance_km"].tolist() == [1.5]
    assert report["reason"].tolist() == ["no distance in metres; the distance shown (1,500 m) was used"]


def test_no_distance_given_only_when_both_columns_are_blank(tmp_path: Path) -> None:
    activities, report = read_log(write(tmp_path, CLEAN_TEXT.replace(",10.02,", ",,").replace(",10020.3,", ",,")),
                                  BERLIN)
    assert activities["distance_km"].iloc[0] == 0.0
    assert report[["row", "reason", "action"]].values.tolist() == [
        [2, "no distance given; counted as 0 km", "corrected"]]


def test_a_blank_elapsed_cell_takes_the_other_elapsed_column_and_says_so(tmp_path: Path) -> None:
    activities, report = read_log(write(tmp_path, CLEAN_TEXT.replace(",3012.0,2950.0,", ",,2950.0,")), BERLIN)
    assert activities["elapsed_s"].iloc[0] == 3012.0
    assert report[["row", "reason", "action"]].values.tolist() == [
        [2, "no elapsed time in one column; the other column's '3012' was used", "corrected"]]


@pytest.mark.parametrize(("first", "second", "action", "words"), [
    ("3012", "1e12", "corrected", "disagree (1e12 and 3012) and only 3012 is a plausible duration: it was used"),
    ("1e12", "3012.0", "kept", "disagree (3012.0 and 1e12); 3012.0 was used"),
    ("-5", "3012.0", "kept", "disagree (3012.0 and -5); 3012.0 was used"),
])
def test_of_two_elapsed_times_the_plausible_one_is_kept(tmp_path: Path, first: str, second: str, action: str,
                                                        words: str) -> None:
    damaged = CLEAN_TEXT.replace(",3012,10.02,", f",{first},10.02,").replace(",3012.0,2950.0,", f",{second},2950.0,")
    activities, report = read_log(write(tmp_path, damaged), BERLIN)
    assert activities["elapsed_s"].iloc[0] == 3012.0  # never the implausible one, never missing
    (line,) = report.itertuples()
    assert (line.row, line.action) == (2, action) and words in line.reason


def test_the_fuzz_case_of_seed_1_a_swim_whose_second_elapsed_cell_shifted_away(tmp_path: Path) -> None:
    """The audit's extra fuzz seed 1 (test_activity_import_fuzz with other seeds): a separator lost and a quote
    damaged in a German swim row left its second elapsed cell blank; the time was lost without a report line."""
    text = (FIXTURES / "strava_de_activities.csv").read_text(encoding="utf-8")
    damaged = "\n".join(text.split("\n")[:4] + [
        '3004,"16.06.2024, 05:00:00",Becken,Schwimmen,,2400,1;.500,,,false,,,,,"2400,0",,"2100,0","1.500,0",,,,', ""])
    activities, report = read_log(write(tmp_path, damaged), BERLIN)
    assert activities["elapsed_s"].tolist() == [3012.0, 1680.0, 5400.0, 2400.0]
    assert report[["row", "activity_id", "reason", "action"]].values.tolist() == [
        [5, "3004", "no elapsed time in one column; the other column's '2400' was used", "corrected"]]


@pytest.mark.parametrize(("header", "words"), [
    ("Sport", "It has a column 'Sport': if that holds the kind of activity (Run, Ride, …), rename it to "
              "'Activity Type'"),
    ("Activty Type", "The closest column is 'Activty Type': correct its spelling to 'Activity Type'"),
])
def test_5_the_hint_for_a_missing_type_column_never_names_a_good_column(tmp_path: Path, header: str,
                                                                       words: str) -> None:
    with pytest.raises(LogImportError) as error:
        read_log(write(tmp_path, CLEAN_TEXT.replace("Activity Type", header, 1)), BERLIN)
    assert words in str(error.value)
    assert "'Activity Date'" not in str(error.value) and "Private Note" not in str(error.value)


def test_5_a_strava_date_column_called_date_is_offered_as_itself(tmp_path: Path) -> None:
    with pytest.raises(LogImportError) as error:
        read_log(write(tmp_path, CLEAN_TEXT.replace("Activity Date", "Date", 1)), BERLIN)
    assert "no 'Activity Date' column. It has a column 'Date': if that holds the start date and time, rename it" \
        in str(error.value)
    assert "Activity Type" not in str(error.value)


def test_5_a_type_column_is_read_as_the_activity_type_and_noted(tmp_path: Path) -> None:
    activities, report = read_log(write(tmp_path, CLEAN_TEXT.replace("Activity Type", "Type", 1)), BERLIN)
    pd.testing.assert_frame_equal(activities, clean())
    assert report[["row", "action"]].values.tolist() == [[1, "noted"]]
    assert "activity types read from the column 'Type'" in report["reason"][0]


def test_5_a_type_column_beside_activity_type_is_not_used(tmp_path: Path) -> None:
    text = CLEAN_TEXT.replace(",Media\n", ",Type\n", 1).replace(",0.0,,,\n", ",0.0,,,Race\n")
    activities, report = read_log(write(tmp_path, text), BERLIN)
    assert report.empty and "Race" not in set(activities["activity_type"])


def test_6_another_activity_list_in_a_zip_is_read_and_other_csv_files_are_named(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("export_1/activities.csv", CLEAN_TEXT)
        handle.write(FIXTURES / "garmin_km_activities.csv", "export_1/garmin.csv")
        handle.writestr("export_1/profile.csv", "Athlete ID,Email,First Name\n1,a@b.c,Sam\n")
        handle.writestr("export_1/shoes.csv", "Shoe Name,Shoe Brand,Shoe Model\nA,B,C\n")
    activities, report = read_log(archive, BERLIN)
    garmin, _ = read_log(FIXTURES / "garmin_km_activities.csv", BERLIN)
    assert len(activities) == 8 + len(garmin)
    assert {source.split(" line")[0] for source in activities["source"]} == {
        "export_1/activities.csv", "export_1/garmin.csv"}
    (note,) = report[report["source"] == "export.zip"].itertuples()
    assert (note.row, note.action) == (0, "noted")
    assert note.reason == ("2 other CSV files not read, as they are not an activity list (no Strava or Garmin "
                           "activity header): export_1/profile.csv, export_1/shoes.csv")


def test_6_a_folder_of_csv_files_that_are_no_activity_lists_says_so(tmp_path: Path) -> None:
    (tmp_path / "profile.csv").write_text("Athlete ID,Email\n1,a@b.c\n", encoding="utf-8")
    with pytest.raises(LogImportError, match=r"holds no activities.csv .*\(its CSV files are not activity lists: "
                                             r"profile.csv\)"):
        read_log(tmp_path, BERLIN)


def test_6_an_error_inside_a_zip_names_the_zip_and_the_file(tmp_path: Path) -> None:
    archive = tmp_path / "my_export.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("export_9/activities.csv", CLEAN_TEXT.replace("Activity Type", "Activity Typ", 1))
    with pytest.raises(LogImportError, match="^In my_export.zip: export_9/activities.csv looks like a Strava"):
        read_log(archive, BERLIN)


LIBRARY_WORDS = ("Error parsing XML", "syntax error", "no element found", "expected", "bytes, got", "@", "CRC",
                 "column")


@pytest.mark.parametrize(("name", "cut", "words"), [
    ("run.gpx", 300, "the GPX file is cut short: it ends near line"),
    ("run.tcx", 300, "the TCX file is cut short: it ends near line"),
    ("run.fit", 400, "it is cut short (it ends before its last record)"),
])
def test_7_a_damaged_track_file_is_reported_in_plain_words(tmp_path: Path, name: str, cut: int, words: str) -> None:
    path = write(tmp_path, (FIXTURES / name).read_bytes()[:cut], name)
    _, report = read_log(path, BERLIN)
    (reason,) = report["reason"]
    assert words in reason and not any(word in reason for word in LIBRARY_WORDS), reason


def test_7_a_track_file_that_is_not_xml_or_has_a_changed_byte(tmp_path: Path) -> None:
    _, report = read_log(write(tmp_path, b"garbage", "junk.gpx"), BERLIN)
    assert report["reason"][0] == ("could not read the file: the GPX file is damaged near line 1: it is not readable "
                                   "XML. Download it again, or export the activity again")
    data = bytearray((FIXTURES / "run.fit").read_bytes())
    data[200] ^= 0xFF
    _, report = read_log(write(tmp_path, bytes(data), "changed.fit"), BERLIN)
    assert "its checksum does not match" in report["reason"][0] and "CRC" not in report["reason"][0]


def test_7_track_report_lines_carry_the_start_date(tmp_path: Path) -> None:
    _, report = read_log(FIXTURES / "gps_jump.gpx", BERLIN)
    assert report["date"].tolist() == ["2024-08-03 05:30:00 UTC"]


def test_the_fuzz_case_of_seed_2_a_row_run_into_the_one_before_is_reported(tmp_path: Path) -> None:
    """The audit's extra fuzz seed 2: a lost comma, a lost line break and a cut left row 2001 with the header's
    10 cells, its Gear and Filename holding row 2002's first cells; row 2002 vanished without a word."""
    text = ("Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,"
            "Commute,Activity Gear,Filename\n2001,2016-05-01 07:00:00,Sunday long run,Run,,7200,18.50,false,2002,2")
    activities, report = read_log(write(tmp_path, text), BERLIN)
    assert len(activities) == 1
    assert report[["row", "activity_id", "action"]].values.tolist() == [[2, "2001", "kept"]]
    assert "the Filename cell '2' is not the name of a track file" in report["reason"][0]
    _, clean_report = read_log(FIXTURES / "strava_export" / "activities.csv", BERLIN)  # real names pass
    assert clean_report.empty


def test_the_fuzz_case_of_seed_3_a_row_run_into_the_header_is_a_clear_error(tmp_path: Path) -> None:
    """The audit's extra fuzz seed 3: the first row ran into the header and the file was cut after its id, so
    'Filename2001' was taken for a column name and the row vanished without a word."""
    text = ("Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,"
            "Commute,Activity Gear,Filename2001,")
    with pytest.raises(LogImportError, match=r"header line holds a value \('Filename2001'\).*joined with the first"):
        read_log(write(tmp_path, text), BERLIN)


def test_the_fuzz_case_of_seed_4_a_lone_carriage_return_inside_a_first_cell(tmp_path: Path) -> None:
    """The audit's extra fuzz seed 4: a Garmin row ran into the one before, and a carriage return put into
    'Treadmill Running' started a row 'Running', read as a run outside on the treadmill's line."""
    text = (FIXTURES / "garmin_mi_activities.csv").read_text(encoding="utf-8")
    damaged = text.replace("--,--\nTreadmill Running,", "--,--Treadmill \rRunning,")
    assert damaged != text
    activities, report = read_log(write(tmp_path, damaged, "Activities.csv"), BERLIN, distance_unit="mi")
    kept = report[report["action"] == "kept"].reset_index(drop=True)
    assert kept["row"].tolist() == [6, 7]  # the row that ran on, and the row after the carriage return
    assert kept["reason"][0].startswith("the Max Elevation cell '--Treadmill' is not a number")
    assert (kept["activity_id"][1], kept["reason"][1][:39]) == ("Treadmill", "line 6 ends with a lone carriage return")
    _, clean_report = read_log(FIXTURES / "garmin_mi_activities.csv", BERLIN, distance_unit="mi")
    old_mac = write(tmp_path, text.replace("\n", "\r"), "Old.csv")  # every line ends with \r: nothing to say
    old_report = read_log(old_mac, BERLIN, distance_unit="mi")[1]
    assert old_report.drop(columns="source").to_dict("records") == clean_report.drop(columns="source").to_dict("records")


def test_the_fuzz_case_of_seed_5_a_lost_and_an_extra_comma_in_a_garmin_row(tmp_path: Path) -> None:
    """The audit's extra fuzz seed 5: a comma lost between Avg HR and Max HR and one added at the end kept the
    header's 20 cells, and moved 46:00:00 into Moving Time without a word."""
    text = (FIXTURES / "garmin_km_activities.csv").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("Cycling,"))
    damaged = ('Cycling,2024-05-18 06:00:00,false,Audax,"1,012.3","1,234",45:30:00,----,--,--,--,--,--,--,--,'
               "44:00:00,46:00:00,--,,-")
    assert damaged.count(",") == line.count(",")
    activities, report = read_log(write(tmp_path, text.replace(line, damaged), "Activities.csv"), BERLIN,
                                  distance_unit="km")
    (shifted,) = report[report["action"] == "kept"].itertuples()
    assert (shifted.row, shifted.activity_id) == (5, "Audax")
    assert shifted.reason.startswith("the Avg HR cell '----' is not a number, so this row's cells may have shifted")
    _, clean_report = read_log(FIXTURES / "garmin_km_activities.csv", BERLIN, distance_unit="km")
    assert "kept" not in set(clean_report["action"])  # real cells pass
