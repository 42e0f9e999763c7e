"""Lesson 05 widget: how much of your running goes steeply downhill, from your own GPX, TCX or FIT files."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from helpers import hills
from helpers.figures.hills import downhill_figure
from helpers.import_files import MAX_EXPANDED_BYTES
from helpers.uploads import UploadRefused, read_upload
from helpers.units import km_to
from helpers.widgets.base import SLIDER_LAYOUT, WIDE, FigureApp, View

ACCEPT = ".gpx,.tcx,.fit,.gz,.zip"
#: The endings an upload may have: a track (also gzipped) or a .zip of them.
ACCEPTED = (*hills.TRACK_SUFFIXES, *(suffix + ".gz" for suffix in hills.TRACK_SUFFIXES), ".zip")
SAMPLE_NAMES = ("sample hill run", "the same run, noisy elevation")


def sample_tracks() -> hills.Tracks:
    """The two synthetic sample runs: the clean hill run and the same run with GPS-like noise."""
    tracks = hills.Tracks()
    for name, path in zip(SAMPLE_NAMES, (hills.sample_track_path(), hills.noisy_sample_track_path())):
        tracks.grades[name] = hills.track_grades(path)
    return tracks


def read_uploads(items: list[dict]) -> tuple[hills.Tracks, str]:
    """The runs in uploaded files (tracks, folders zipped, exports), each read from a private copy
    that is then removed (:func:`helpers.uploads.read_upload`).

    Returns the tracks (with a problem for every file that could not be used) and a short
    name for the figure. Raises ``ValueError`` when no run at all could be read.
    """
    tracks = hills.Tracks()
    for item in items:
        try:
            name, found = read_upload(item, ACCEPTED, lambda path: (path.name, hills.read_tracks(path)),
                                      MAX_EXPANDED_BYTES)
        except UploadRefused as refused:
            tracks.problems[refused.name] = refused.reason
            continue
        if len(items) > 1 or name.lower().endswith(".zip"):  # name each run by its file
            found = hills.Tracks({f"{name}/{run}" if run != name else run: grades
                                  for run, grades in found.grades.items()},
                                 {f"{name}/{run}" if run != name else run: problem
                                  for run, problem in found.problems.items()})
        tracks.add(found)
    if not tracks.grades:
        reasons = "; ".join(hills.problem_text(name, problem) for name, problem in list(tracks.problems.items())[:5])
        raise ValueError(f"No run could be read ({reasons or 'no file chosen'}).")
    shown = Path(str(items[0].get("name") or "")).name if len(items) == 1 else f"{len(items)} files"
    return tracks, shown


def _numbers(table: pd.DataFrame, unit: str) -> pd.DataFrame:
    other = "mi" if unit == "km" else "km"
    return pd.DataFrame({
        "run": table["run"],
        f"distance ({unit})": km_to(table["distance_km"].to_numpy(float), unit).round(2),
        f"steep downhill ({unit})": km_to(table["downhill_km"].to_numpy(float), unit).round(2),
        f"steep downhill ({other})": km_to(table["downhill_km"].to_numpy(float), other).round(2),
        "share (%)": table["share_percent"].round(1),
        "not counted because": table["problem"],
    })


def downhill_checker() -> FigureApp:
    """Lesson 05: the share of one's running downhill steeper than a threshold, summed over several runs.

    Starts on the synthetic sample run (clean and with noisy elevation); **Read my own runs**
    takes one or more GPX, TCX or FIT files (also .gz) or a Strava export .zip. A file that
    cannot be read is named with the reason; if none can, the drawing stays as it was.
    """
    state: dict = {"tracks": sample_tracks(), "name": "Sample run (synthetic)"}
    units = widgets.ToggleButtons(options=[("km", "km"), ("miles", "mi")], value="km", description="Units",
                                  tooltips=["kilometres", "miles"], style={**WIDE, "button_width": "auto"})
    threshold = widgets.FloatSlider(value=hills.DOWNHILL_PERCENT, min=2.0, max=15.0, step=0.5,
                                    description="Steeper than (%)", continuous_update=False, readout_format=".1f",
                                    style=WIDE, layout=SLIDER_LAYOUT)
    upload = widgets.FileUpload(accept=ACCEPT, multiple=True, description="Read my own runs",
                                tooltip="GPX, TCX or FIT files (also .gz), or a Strava export .zip",
                                layout=widgets.Layout(width="auto", margin="0.3em 0 0.3em 0", align_self="flex-start"))

    def render() -> View:
        table = hills.downhill_table(state["tracks"], threshold.value)
        text = hills.describe_downhill(table, threshold.value, units.value)
        figure = downhill_figure(table, units.value, threshold.value, state["name"])
        return View(figure, f"<p>{html.escape(text)}</p>", text, _numbers(table, units.value))

    app = FigureApp([units, threshold], render)
    app.children[0].children += (upload,)

    def on_upload(change: dict) -> None:
        items = list(change["new"] or ())
        if not items:
            return
        upload.value = ()  # the same files can be chosen again
        app.message.value = (f'<span role="status">Reading {len(items)} file{"" if len(items) == 1 else "s"} '
                             "(an export of several years can take a minute)…</span>")
        try:
            tracks, shown = read_uploads(items)
        except ValueError as error:
            app.message.value = (f'<span role="alert"><b>Could not use the files:</b> {html.escape(str(error))} '
                                 "The drawing shown is unchanged.</span>")
            return
        state.update(tracks=tracks, name=f"Your runs ({shown if len(shown) <= 24 else shown[:23] + '…'})")
        app.refresh()  # clears the message

    upload.observe(on_upload, names="value")
    app.units, app.threshold, app.upload = units, threshold, upload
    return app
