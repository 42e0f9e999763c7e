"""Lesson 07 widgets: imaging findings by age (100 pain-free people), and notes for an appointment."""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets

from helpers import appointment, clinician
from helpers.figures.clinician import imaging_figure
from helpers.inputs import read_as_html, reading, short_number
from helpers.schemas.clinician import STUDY_AGES
from helpers.import_files import LOG_SUFFIXES, upload_limit
from helpers.uploads import read_upload
from helpers.widgets.base import FigureApp, Panel, View, run_safely

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

    from helpers.training import TrainingLoad

AGE = "Age (years)"
TYPED_AGE = "Type an age (years)"
FINDING = "Finding"
#: Narrow enough for a notebook output beside the file browser (about 380 px at a 800 px window).
LABEL = {"description_width": "12em"}
FIT = widgets.Layout(width="96%", max_width="34em")  # 100 % plus the widget margin would stick out


def clinician_figure(finding_id: str, decade: int) -> tuple[go.Figure, pd.DataFrame]:
    """The explorer's figure and its numbers table for one finding at one study age."""
    names = clinician.finding_names()
    table = clinician.findings_at(decade)
    shares = table.set_index("Finding").iloc[:, 0]
    extrapolated = set(table["Finding"][table["Estimate based on"].str.startswith("extrapolated")])
    all_odds = clinician.pain_odds()
    odds = all_odds if decade <= 50 else None
    status = "" if finding_id in all_odds.index else clinician.with_pain_text(finding_id)
    places = clinician.icon_array(clinician.people_with(finding_id, decade))
    figure = imaging_figure(places, names[finding_id], decade, shares, extrapolated=extrapolated, odds=odds,
                            with_pain=status)
    return figure, table


def imaging_by_age() -> FigureApp:
    """Lesson 07: how many of 100 people WITHOUT back pain have each scan finding at an age."""
    names = clinician.finding_names()
    age = widgets.IntSlider(value=40, min=STUDY_AGES[0], max=STUDY_AGES[-1], step=10, description=AGE,
                            continuous_update=False, style=LABEL, layout=FIT)
    finding = widgets.ToggleButtons(options=[(name, key) for key, name in names.items()], value="disc-bulge",
                                    description=FINDING, style={**LABEL, "button_width": "auto"},
                                    tooltips=[clinician.plain_words(key) for key in names])
    typed = widgets.Text(value="40", description=TYPED_AGE, continuous_update=False, style=LABEL,
                         placeholder="10 to 100, then Enter", layout=widgets.Layout(width="100%", max_width="24em"))

    state: dict = {"typed": None, "echoing": False}  # typed: the last good typed age, while the slider agrees

    def render() -> View:
        shown_age = state["typed"] if state["typed"] is not None else age.value
        decade = clinician.study_age(shown_age)
        figure, table = clinician_figure(finding.value, decade)
        count = clinician.people_with(finding.value, shown_age)
        plain = clinician.plain_words(finding.value)
        typed_text = typed.value if state["typed"] is not None else str(age.value)
        takeaway = (read_as_html([reading("age", typed_text, f"{short_number(shown_age)} years")]) +
                    f"<p>{html.escape(clinician.describe_imaging(finding.value, shown_age))}</p>"
                    f"<p><i>{html.escape(names[finding.value])}</i>: {html.escape(plain)}.</p>")
        odds = "" if decade > 50 else " At the bottom, the odds ratios of the findings more common with back pain."
        description = (f"100 dots, one per person aged {decade} without back pain; {count} filled dots have "
                       f"{names[finding.value].lower()}. Below, bars give every finding's share at age {decade}.{odds}")
        return View(figure, takeaway, description, table)

    app = FigureApp([age, finding], render, redraw_on=[finding])
    app.children = (widgets.VBox([age, typed, finding]), *app.children[1:])
    app.age, app.finding, app.typed = age, finding, typed

    def slider_moved(change: dict) -> None:
        if state["typed"] is None or clinician.study_age(state["typed"]) != change["new"]:
            state["typed"] = None
            if typed.value != str(change["new"]):
                state["echoing"] = True
                typed.value = str(change["new"])
                state["echoing"] = False
        app.refresh()

    def take_typed(change: dict) -> None:
        if state["echoing"]:
            return
        try:
            value = clinician.parse_age(typed.value)
        except ValueError as error:
            app.show_problem(str(error))  # the figure, the slider and the typed text stay as they were
            return
        state["typed"] = value
        decade = clinician.study_age(value)
        if age.value != decade:
            age.value = decade  # redraws through slider_moved
        else:
            app.refresh()

    age.observe(slider_moved, names="value")
    typed.observe(take_typed, names="value")
    return app


# --- notes for an appointment ----------------------------------------------------------------------

NOTES_FILE = "my-appointment-notes.html"
LOG_TYPES = ".csv,.gpx,.tcx,.fit,.gz,.zip"
AUTO = widgets.Layout(width="auto", max_width="100%")


def _alert(text: str) -> str:
    return f'<p role="alert" style="color:#a33c00"><b>Not loaded:</b> {html.escape(text)}</p>'


def _status(text: str) -> str:
    return f'<p role="status">{html.escape(text)}</p>'


def download_link(page: str, file_name: str = NOTES_FILE) -> str:
    """A link that saves ``page`` (HTML) as a file: the data travel inside the link, nothing is fetched."""
    data = base64.b64encode(page.encode("utf-8")).decode("ascii")
    return (f'<p><a download="{html.escape(file_name)}" href="data:text/html;charset=utf-8;base64,{data}" '
            f'class="bot-download" style="color:#0b5cad;text-decoration:underline;font-weight:bold">Download the notes as one printable page ({html.escape(file_name)})</a>. '
            "Open it in your browser and print it, or keep it.</p>")


def read_running_log(item: dict) -> tuple[str, TrainingLoad]:
    """An uploaded running log's name and weekly load (:class:`helpers.training.TrainingLoad`), read through
    :func:`helpers.uploads.read_upload` (name and size checked; the private copy is removed). Raises
    :class:`helpers.uploads.UploadRefused` (a ``ValueError``) with the reason in plain words."""
    from helpers import training

    return read_upload(item, LOG_SUFFIXES, lambda path: (path.name, training.analyse(training.read_log(path)[0])),
                       max_bytes=upload_limit)


class AppointmentNotesApp(Panel):
    """Lesson 07: load the saved self-check (and a running log), see the notes, download them as one page."""

    def __init__(self) -> None:
        self.upload = widgets.FileUpload(accept=".json", multiple=False, description="Load my saved self-check",
                                         layout=AUTO, tooltip="The self-check file you saved or downloaded in lesson 08")
        self.log_upload = widgets.FileUpload(accept=LOG_TYPES, multiple=False, description="Add my running log",
                                             layout=AUTO, tooltip="Optional: a Strava or Garmin export, or a GPX, TCX "
                                                                  "or FIT file (read here only)")
        self.status = widgets.HTML()
        self.log_status = widgets.HTML()
        self.notes_area = widgets.HTML(_status("Load your saved self-check to see your notes here."))
        self.notes_area.add_class("bot-appointment-output")
        self.download = widgets.HTML()
        self.notes: appointment.AppointmentNotes | None = None
        self.running_log = None
        self._log_note = ""  # what the log upload said last (shown again when running is back in the notes)
        intro = widgets.HTML("<p>Your files are read by this notebook (on your computer, or on the course's server if "
                             "you use the course online) and not kept: nothing is sent anywhere else. The running log "
                             "is optional.</p>")
        super().__init__([intro, widgets.HBox([self.upload, self.log_upload], layout=widgets.Layout(flex_flow="row wrap")),
                          self.status, self.log_status, self.notes_area, self.download])
        self.add_class("bot-appointment-notes-app")
        self.upload.observe(lambda _: self._safely(self.load_check), names="value")
        self.log_upload.observe(lambda _: self._safely(self.load_log), names="value")

    @staticmethod
    def _taken(upload: widgets.FileUpload) -> tuple[str, bytes] | None:
        """The uploaded file's name and bytes; the upload is then emptied (the page keeps no copy)."""
        if not upload.value:
            return None
        item = upload.value[0]
        name, content = Path(str(item.get("name", "the file"))).name, bytes(item.get("content", b""))
        upload.value = ()
        return name, content

    def load_check(self) -> None:
        """Read the newest check in the uploaded self-check file; a bad file gives a message and changes nothing."""
        taken = self._taken(self.upload)
        if taken is None:
            return
        try:
            notes = appointment.notes_from_upload(*taken, log=self.running_log)
        except appointment.AppointmentFileError as error:
            self.status.value = _alert(str(error))
            return
        self.status.value = _status(f"Loaded the check saved {notes.saved_at} from {taken[0]}.")
        self.notes = notes
        self.show()

    def load_log(self) -> None:
        """Add the last weeks of a running log to the notes (not at urgent or emergency)."""
        if not self.log_upload.value:
            return
        item = self.log_upload.value[0]
        self.log_upload.value = ()  # the page keeps no copy
        try:
            name, log = read_running_log(item)
        except ValueError as error:  # LogImportError and the like: the reader's own message
            self.log_status.value = _alert(f"{error} Try a Strava activities.csv, a Garmin Activities.csv, or a GPX, "
                                           "TCX or FIT file. The notes are unchanged.")
            return
        self.running_log = log
        self._log_note = self.log_status.value = _status(f"Read your running log {name}.")
        if self.notes is not None:
            self.notes = appointment.AppointmentNotes(self.notes.result, self.notes.saved_at, self.notes.note, log)
        self.show()

    def show(self) -> None:
        """Show the notes and the download link; at urgent or emergency the running log is switched off."""
        notes = self.notes
        if notes is None:
            return
        self.log_upload.disabled = not notes.shows_running
        self.log_status.value = (self._log_note if notes.shows_running else
                                 _status("At this level the notes leave out running: act on the advice first."))
        self.notes_area.value = notes.html()
        self.download.value = download_link(notes.page())

    def _safely(self, action) -> None:
        run_safely(action, lambda text: setattr(self.status, "value", _alert(text)),
                   "Please try the file again, or report this to the course authors.")


def appointment_notes_app() -> AppointmentNotesApp:
    """Lesson 07: notes for an appointment from your saved self-check, as one printable page."""
    return AppointmentNotesApp()
