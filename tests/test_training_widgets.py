"""Lesson 06 widgets, kernel side: the ramp simulator and the training-log explorer."""

from __future__ import annotations

import base64
import datetime
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import pytest

import helpers
from helpers import training
from helpers.figures.training import training_load_figure
from helpers.widgets import FigureApp, ramp_simulator, training_log_explorer
from helpers.widgets.training import simulate
from test_widgets import shown_numbers  # the table as the learner sees it after "Show the numbers"

FIXTURES = Path(__file__).parent / "fixtures" / "activities"


def figure_of(app: FigureApp) -> dict:
    (output,) = app.figure_area.outputs
    return output["data"]["application/vnd.plotly.v1+json"]


def controls(app: FigureApp) -> dict[str, widgets.Widget]:
    return {control.description: control for control in app.controls}


def ratio_values(app: FigureApp, name: str = "coupled 7/28-day ratio") -> np.ndarray:
    """The ratio line's y values, decoded from plotly's typed-array JSON."""
    values = next(trace for trace in figure_of(app)["data"] if trace["name"] == name)["y"]
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).astype(float)
    return np.asarray(values, dtype=float)


def trace_names(app: FigureApp) -> list[str]:
    """Legend names as read (long ones are broken into lines that fit a narrow output)."""
    return [trace.get("name", "").replace("<br>", " ") for trace in figure_of(app)["data"]]


def test_the_simulator_starts_with_a_ten_percent_ramp() -> None:
    app = ramp_simulator()
    assert app.message.value == ""
    assert "reaches the target in week 9" in app.takeaway.value
    assert "Largest week-on-week jump: +10 %" in app.takeaway.value
    assert "weekly total: build week" in trace_names(app)
    assert not figure_of(app)["layout"].get("shapes")  # no reference bands until asked for


def test_a_faster_ramp_reaches_the_target_sooner_and_raises_the_ratio() -> None:
    app = ramp_simulator()
    before = np.nanmax(ratio_values(app))
    controls(app)["Weekly increase (%)"].value = 30
    assert np.nanmax(ratio_values(app)) > before + 0.1
    assert "reaches the target in week 4" in app.takeaway.value


def test_a_break_is_drawn_and_reported() -> None:
    app = ramp_simulator()
    controls(app)["Break (weeks, 0 = none)"].value = 5
    assert "no ratio: no running in the weeks before (break)" in trace_names(app)
    assert "Days with no ratio after a break" in app.takeaway.value
    controls(app)["After the break"].value = "walk-run"
    assert "weekly total: walk-run week" in trace_names(app)


def test_reference_bands_only_when_asked_and_labelled_with_their_origin() -> None:
    app = ramp_simulator()
    controls(app)["Show team-sport reference bands (Gabbett 2016)"].value = True
    shapes = figure_of(app)["layout"]["shapes"]
    assert len(shapes) == 2 and all(shape["showlegend"] for shape in shapes)
    for shape in shapes:
        name = shape["name"].replace("<br>", " ")
        assert "team sport (Gabbett 2016)" in name and "never studied for back pain" in name
    assert shapes[0]["y0"] == 0.8 and shapes[0]["y1"] == 1.3 and shapes[1]["y0"] == 1.5


def test_compare_with_the_ten_percent_rule_shows_two_columns() -> None:
    app = ramp_simulator()
    controls(app)["Weekly increase (%)"].value = 20
    controls(app)["Cutback weeks"].value = 4
    controls(app)["Compare with"].value = "ten"
    layout = figure_of(app)["layout"]
    assert "xaxis4" in layout and "The 10 % rule" in app.takeaway.value and "Your plan" in app.takeaway.value


def test_saving_a_plan_then_changing_it_compares_the_two() -> None:
    app = ramp_simulator()
    controls(app)["Compare with"].value = "saved"
    assert "No plan saved yet" in app.message.value
    app.save_button.click()
    assert app.message.value == "" and controls(app)["Compare with"].value == "saved"
    controls(app)["Weekly increase (%)"].value = 25
    titles = str(figure_of(app)["layout"]["annotations"])
    assert "Your plan: +25 %/week" in titles and "Saved plan: +10 %/week" in titles
    assert "Saved plan (20 → 40 km/week, +10 %/week)" in app.takeaway.value


def test_miles_keep_the_plan_and_the_ratios() -> None:
    app = ramp_simulator()
    ratio_km = ratio_values(app)
    controls(app)["Units"].value = "mi"
    assert controls(app)["Start (mi/week)"].value == 12  # 20 km
    assert controls(app)["Target (mi/week)"].value == 25  # 40 km
    assert figure_of(app)["layout"]["yaxis"]["title"]["text"] == "Distance (mi)"
    np.testing.assert_allclose(ratio_values(app), ratio_km, rtol=0.05)  # the same plan, rounded to whole miles


def test_a_start_above_the_target_explains_and_keeps_the_figure() -> None:
    app = ramp_simulator()
    before = figure_of(app)
    controls(app)["Start (km/week)"].value = 90
    assert "start distance is above the target" in app.message.value
    assert figure_of(app) == before


def test_every_axis_has_a_unit() -> None:
    plan, load = simulate(dict(start_km=20, target_km=40, increase_percent=10))
    layout = training_load_figure([helpers.figures.training.Column("A", plan.assign(week_start=load.weekly["week_start"]), load)]).to_dict()["layout"]
    for axis in ("xaxis2", "yaxis", "yaxis2"):
        title = layout[axis]["title"]["text"]
        assert "(" in title and title.endswith(")"), title


def test_the_log_explorer_reads_the_sample_runner() -> None:
    app = training_log_explorer()
    assert app.message.value == ""
    assert "weeks" in app.takeaway.value and "km of running" in app.takeaway.value
    assert "Import report" in app.report.value
    years = controls(app)["Show"]
    assert len(years.options) > 2
    years.value = years.options[1][1]
    assert "52 weeks" in app.takeaway.value or "53 weeks" in app.takeaway.value


def upload(app: FigureApp, name: str, content: bytes) -> None:
    app.upload.value = ({"name": name, "type": "", "size": len(content), "content": memoryview(content),
                         "last_modified": datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)},)


def test_uploading_a_file_reads_it_and_shows_its_report() -> None:
    app = training_log_explorer()
    content = (FIXTURES / "run.gpx").read_bytes()
    upload(app, "my run.gpx", content)
    assert app.message.value == ""
    assert "Your file: my run.gpx" in str(figure_of(app)["layout"]["annotations"])


def test_an_unreadable_upload_keeps_the_previous_log_and_says_what_to_do() -> None:
    app = training_log_explorer()
    before = figure_of(app)
    upload(app, "notes.csv", b"this is not an export\n1,2,3\n")
    assert "Could not read notes.csv" in app.message.value and "previous log is still shown" in app.message.value
    assert figure_of(app) == before


@pytest.mark.parametrize("ratio", list(training.RATIO_FORMS))
def test_each_ratio_can_be_shown(ratio: str) -> None:
    app = ramp_simulator()
    controls(app)["Ratio to show"].value = ratio
    assert training.RATIO_FORMS[ratio] in trace_names(app)


def test_simulator_figures_are_valid_plotly() -> None:
    """The figure skips per-property validation for speed: check every variant validates."""
    app = ramp_simulator()
    settings = [("Break (weeks, 0 = none)", 5), ("Show team-sport reference bands (Gabbett 2016)", True),
                ("Compare with", "ten"), ("Ratio to show", "ewma"), ("Units", "mi"), ("After the break", "walk-run")]
    for description, value in settings:
        controls(app)[description].value = value
        go.Figure(figure_of(app))  # raises ValueError on any invalid property
    go.Figure(figure_of(training_log_explorer()))


def test_a_missing_file_is_explained_not_raised(tmp_path: Path) -> None:
    app = training_log_explorer(tmp_path / "missing.csv")
    assert "Could not read missing.csv" in app.message.value
    assert app.figure_area.outputs == ()


# ---------------------------------------------------------------- issue 9: the upload


@pytest.mark.parametrize("name", ["", "..", ".", "notes.txt", "../../etc/passwd"])
def test_an_upload_with_a_name_that_cannot_be_read_is_explained(name: str) -> None:
    app = training_log_explorer()
    before = figure_of(app)
    upload(app, name, (FIXTURES / "run.gpx").read_bytes())
    assert "Could not read" in app.message.value and "previous log is still shown" in app.message.value
    assert figure_of(app) == before


def temporary_copies() -> set[str]:
    import tempfile

    return {p.name for p in Path(tempfile.gettempdir()).glob("back-on-track-*")}


def test_the_uploaded_copy_is_removed_and_the_report_is_of_the_file_just_read() -> None:
    app = training_log_explorer()
    before = temporary_copies()
    upload(app, "my run.gpx", (FIXTURES / "run.gpx").read_bytes())
    assert temporary_copies() <= before
    assert "Import report for Your file: my run.gpx" in app.report.value
    upload(app, "Activities.csv", (FIXTURES / "garmin_km_activities.csv").read_bytes())
    assert "Import report for Your file: Activities.csv" in app.report.value and "no distance given" in app.report.value
    assert temporary_copies() <= before


def test_a_damaged_archive_upload_shows_plain_words() -> None:
    app = training_log_explorer()
    upload(app, "activities.csv.gz", b"garbage, not gzip")
    assert "is not a complete gzip file" in app.message.value
    assert "gzipped file (b" not in app.message.value and "BadGzipFile" not in app.message.value
    assert "Import report for Your file: activities.csv.gz" in app.report.value




def test_a_whole_export_zip_moves_the_progress_bar(tmp_path: Path) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as handle:
        for path in (FIXTURES / "track_folder").iterdir():
            handle.write(path, "export/activities/" + path.name)
    app = training_log_explorer()
    seen = []
    app.progress.observe(lambda change: seen.append((change["new"], app.progress.max)), names="value")
    upload(app, "export.zip", buffer.getvalue())
    assert (7, 7) in seen and app.progress.layout.display == "none"
    assert "Your file: export.zip" in str(figure_of(app)["layout"]["annotations"])
    assert app.upload.value == ()


# ---------------------------------------------------------------- issue 13: text alternative, inactive controls


def test_the_simulator_describes_its_figure_and_shows_its_numbers() -> None:
    app = ramp_simulator()
    assert "Your plan: +10 %/week. Top: weekly distance as bars, " in app.description.value
    assert "first week 20.0 km" in app.description.value and "coupled 7/28-day ratio day by day" in app.description.value
    table = shown_numbers(app)
    assert "Distance (km)" in table and "Coupled 7/28-day ratio on Sunday" in table and "<td>20.0</td>" in table


def test_the_simulator_description_and_numbers_follow_units_ratio_and_comparison() -> None:
    app = ramp_simulator()
    controls(app)["Units"].value = "mi"
    assert "first week 12.0 miles" in app.description.value and " km" not in app.description.value
    assert "Distance (mi)" in shown_numbers(app) and "Distance (km)" not in app.numbers.value
    controls(app)["Ratio to show"].value = "ewma"
    assert "EWMA ratio day by day" in app.description.value and "EWMA ratio on Sunday" in app.numbers.value
    controls(app)["Compare with"].value = "ten"
    assert "The 10 % rule: +10 %/week. Top:" in app.description.value
    assert "<th>Plan</th>" in app.numbers.value and "<td>The 10 % rule</td>" in app.numbers.value


def test_dependent_controls_are_inactive_until_they_matter() -> None:
    app = ramp_simulator()
    depth, every = controls(app)["Cutback week (% of level)"], controls(app)["Cutback weeks"]
    start, length, after = (controls(app)[name] for name in
                            ("Break starts (week no.)", "Break (weeks, 0 = none)", "After the break"))
    for control in (depth, start, after):
        assert control.disabled and control.tooltip.startswith("Inactive:")
    before = figure_of(app)
    depth.value, start.value = 50, 12  # inactive: truly nothing changes
    assert figure_of(app) == before
    every.value = 4
    assert not depth.disabled and "Inactive" not in depth.tooltip
    assert start.disabled and after.disabled
    length.value = 3
    assert not start.disabled and not after.disabled and "Inactive" not in start.tooltip
    length.value, every.value = 0, 0
    assert depth.disabled and start.disabled and after.disabled


def test_the_year_choice_is_inactive_for_a_log_of_one_year() -> None:
    app = training_log_explorer()
    assert not controls(app)["Show"].disabled
    upload(app, "my run.gpx", (FIXTURES / "run.gpx").read_bytes())
    years = controls(app)["Show"]
    assert years.disabled and "one year only" in years.tooltip


def test_one_uploaded_run_says_in_words_that_it_is_not_enough() -> None:
    app = training_log_explorer()
    upload(app, "my run.gpx", (FIXTURES / "run.gpx").read_bytes())
    assert "One run is not enough for a weekly picture or a ratio" in app.takeaway.value
    assert "Your file: my run.gpx: one run of 2.2 km on 03 Aug 2024" in app.description.value
    assert "no ratio line" in app.description.value
    assert shown_numbers(app).count("</tr>") == 2  # the header and one week
    controls(app)["Units"].value = "mi"
    assert "one run of 1.4 miles" in app.description.value and "1.4 miles" in app.takeaway.value


def test_the_log_explorer_describes_the_sample_and_follows_the_year() -> None:
    app = training_log_explorer()
    assert "Sample runner (synthetic). Top: weekly distance as bars, 207 weeks" in app.description.value
    assert "not enough" not in app.takeaway.value
    years = controls(app)["Show"]
    years.value = years.options[1][1]
    assert "52 weeks" in app.description.value or "53 weeks" in app.description.value
    assert "Distance (km)" in shown_numbers(app)


def test_a_refused_name_gets_its_own_report_naming_what_is_still_shown() -> None:
    app = training_log_explorer()
    upload(app, "my run.gpx", (FIXTURES / "run.gpx").read_bytes())
    upload(app, "notes.txt", b"anything")
    assert "Import report for notes.txt:</b> the file was not read: its name must end in" in app.report.value
    assert "Import report for Your file: my run.gpx" not in app.report.value  # not the previous file's report
    assert "still show <b>Your file: my run.gpx</b>, because notes.txt could not be used" in app.report.value


def test_a_broken_upload_report_says_the_previous_log_is_still_shown() -> None:
    app = training_log_explorer()
    upload(app, "notes.csv", b"this is not an export\n1,2,3\n")
    assert "Import report for Your file: notes.csv" in app.report.value
    assert "still show <b>Sample runner (synthetic)</b>, because notes.csv could not be used" in app.report.value
    assert app.upload.value == ()  # the same file, once mended, can be chosen again
    app.report.value = ""
    upload(app, "notes.csv", b"this is not an export\n1,2,3\n")  # chosen again: read again, reported again
    assert "Import report for Your file: notes.csv" in app.report.value


def test_a_file_with_no_runs_says_in_its_report_what_it_has() -> None:
    app = training_log_explorer()
    rides = (FIXTURES / "strava_en_activities.csv").read_text(encoding="utf-8").replace(",Run,", ",Ride,")
    rides = rides.replace(",Trail Run,", ",Ride,").replace(",Virtual Run,", ",Ride,")
    upload(app, "rides.csv", rides.encode())
    assert "no runs" in app.message.value and "see the import report" in app.message.value
    assert "Import report for Your file: rides.csv" in app.report.value
    assert "but none is a run (Ride × " in app.report.value and "only runs (Run, Trail Run, Virtual Run)" in app.report.value
    assert "still show <b>Sample runner (synthetic)</b>" in app.report.value
