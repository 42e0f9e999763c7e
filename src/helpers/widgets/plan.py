"""Lesson 10 widget: the plan builder, from your self-check and your running, with downloads.

Thin wiring over :mod:`helpers.plan` and :mod:`helpers.plan_export`. The self-check comes
from a sample learner, a file uploaded from the learner's device (works on Binder and
under Voila) or, in JupyterLab, the file lesson 08 saves next to the notebooks. Every
change rebuilds the plan; a bad setting shows a message and keeps the last plan. The time zone
starts empty (a server's zone may be far from the learner): no plan until the learner types it.
A plan file loaded again is shown only if the *current* self-check allows it. The
calendar file, printable page and JSON are always offered as download links (nothing
is written on a shared server), made when the learner asks (so a change sends kilobytes, not the
files); in JupyterLab a button also saves them next to the notebook.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import replace
from pathlib import Path

import ipywidgets as widgets

from helpers import plan as model
from helpers import core, recovery, training
from helpers.figures.plan import plan_figure
from helpers.plan_export import (
    calendar_file, plan_files, plan_from_json, plan_json, printable_page, save_new_files, week_html,
)
from helpers.selfcheck import SelfCheckResult, assess, sample_answers
from helpers.selfcheck_report import level_html
from helpers.selfcheck_store import SelfCheckFileError, checks_from_upload, load_checks
from helpers.figure_text import plan_description
from helpers.inputs import check_range, read_as_html, reading, short_number
from helpers.units import km_to, to_km
from helpers.import_files import LOG_SUFFIXES, upload_limit
from helpers.uploads import UploadRefused, read_upload, shown_name
from helpers.widgets.base import WIDE, FigureArea, Panel, numbers_html, run_safely
from helpers.widgets.selfcheck import DEFAULT_FILE, _alert, _download_link, served_as_web_app

SAMPLES = {"Maya (sample): no red flags": "maya", "Sam (sample): emergency signs": "sam"}
MINE = "My own (load it below)"
SAMPLE_NOTE = ("This plan rests on a sample learner's self-check, not yours. Do your own in lesson 08 "
               "and choose it above before you follow a plan.")
RUNNING = {"Building up (lesson 06)": "ramp", "Coming back (lesson 09)": "return"}
STEM = "my-plan"
WEEKLY_KM = (0.5, 300.0)  # a weekly distance the builder accepts (km)
LONGEST_KM = (0.0, 200.0)  # a longest recent run (km); 0 = not known
BEFORE_WEEKLY_KM = recovery.WEEKLY_RANGE_KM  # lesson 09's ranges for the running before the break
BEFORE_LONGEST_KM = recovery.LONGEST_RANGE_KM
AUTO = widgets.Layout(width="auto")
NATURAL = {"description_width": "initial"}  # a short label, leaving the rest of the row to the choice


def _full() -> widgets.Layout:
    """As wide as the output allows (up to 32em), so a typed date, zone or choice is never cut off."""
    return widgets.Layout(width="calc(100% - 8px)", max_width="32em")  # the widget margins stay inside the output


def _status(text: str) -> str:
    return f'<span role="status">{text}</span>'


class PlanBuilder(Panel):
    """Controls for the parts of a plan; the self-check's verdict or the plan below; downloads."""

    def __init__(self, web_app: bool | None = None, today: dt.date | None = None, timezone: str = ""):
        self.web_app = served_as_web_app() if web_app is None else web_app
        self.result: SelfCheckResult | None = None
        self.plan: model.Plan | None = None
        self.source = widgets.Dropdown(options=[*SAMPLES, MINE], description="Your self-check", style=NATURAL, layout=_full())
        self.upload = widgets.FileUpload(accept=".json", multiple=False, description="Load a self-check or plan file",
                                         layout=AUTO, tooltip="A self-check file from lesson 08, or a plan saved here")
        self.load_button = widgets.Button(description=f"Load {DEFAULT_FILE}", icon="folder-open", layout=AUTO,
                                          tooltip="Load the self-check lesson 08 saved next to the notebooks")
        self.file_status = widgets.HTML()
        self.confirm = widgets.Checkbox(value=False, description=model.CONFIRM_LABEL, indent=False, layout=AUTO,
                                        disabled=True)
        self.confirm_help = widgets.HTML(f"<small>Only if your self-check said \u201csoon\u201d: tick the box when this is "
                                         f"true: {html.escape(model.CONFIRM_TEXT)}</small>")
        self.unit = widgets.ToggleButtons(options=["km", "mi"], value="km", description="Units", style=WIDE,
                                          tooltips=["kilometres", "miles"])
        self.running = widgets.Dropdown(options=list(RUNNING), description="Running part", style=NATURAL, layout=_full())
        # FloatText, not BoundedFloatText: a number out of range is named in a message, never silently clamped
        self.start_km = widgets.FloatText(value=20, step=0.5, description="Start (km a week)", style=WIDE)
        self.target_km = widgets.FloatText(value=30, step=0.5, description="Target (km a week)", style=WIDE)
        self.increase = widgets.IntSlider(value=10, min=1, max=40, description="Weekly increase (%)",
                                          style=NATURAL, continuous_update=False, layout=_full())
        self.runs = widgets.Dropdown(options=[2, 3, 4, 5], value=3, description="Runs a week", style=WIDE)
        self.longest = widgets.FloatText(value=7, step=0.5, style=WIDE,
                                                description="Longest recent run (km)")
        self.longest_help = widgets.HTML("<small>Your longest run of the last 30 days; 0 if you do not know.</small>")
        self.strength = widgets.Dropdown(options=[0, 1, 2, 3, 4], value=2, description="Strength sessions a week",
                                         style=WIDE)
        self.exercises = widgets.SelectMultiple(options=list(zip(core.exercises()["name"], core.exercises().index)),
                                                value=model.SAMPLE_EXERCISES, rows=6, description="Exercises (lesson 04)",
                                                style=NATURAL, layout=_full())
        self.exercises_help = widgets.HTML("<small>At first a sample is chosen (glute bridge, bird-dog, side plank). "
                                           "Choose your own from lesson 04: Ctrl-click or Shift-click, or the arrow keys "
                                           "with Shift.</small>")
        self.weeks_off = widgets.FloatText(value=6, step=1, description="Weeks without running", style=WIDE)
        self.weekly_before = widgets.FloatText(value=20, step=0.5, description="Weekly distance before (km)", style=WIDE)
        self.longest_before = widgets.FloatText(value=8, step=0.5, description="Longest run before (km)", style=WIDE)
        self.walking_pain = widgets.IntSlider(value=0, min=0, max=10, description="Pain while walking (0–10)",
                                              style=NATURAL, continuous_update=False, layout=_full())
        self.morning_pain = widgets.IntSlider(value=1, min=0, max=10, description="Pain in the morning (0–10)",
                                              style=NATURAL, continuous_update=False, layout=_full())
        self.brisk_walk = widgets.FloatText(value=30, step=5, description="Brisk walking, no pain (min)", style=WIDE)
        self.return_controls = widgets.VBox([
            widgets.HTML("<small><b>Coming back</b> after a break or back pain: lesson 09's return to running instead of "
                         "the build-up. Your running before the break, and how your back is now:</small>"),
            self.weeks_off, self.weekly_before, self.longest_before, self.walking_pain, self.morning_pain,
            self.brisk_walk])
        self.weeks = widgets.IntSlider(value=8, min=model.WEEKS[0], max=model.WEEKS[1], description="Plan length (weeks)",
                                       style=NATURAL, continuous_update=False, layout=_full())
        self.start = widgets.DatePicker(value=today or dt.date.today(), description="Start on or after", style=WIDE,
                                        layout=_full())
        self.timezone = widgets.Combobox(value=timezone, options=model.zone_names(), style=WIDE, layout=_full(),
                                         description="Your time zone", ensure_option=False, placeholder="e.g. Europe/London")
        self.timezone_help = widgets.HTML(f"<small>Where you live, as region/city, {model.ZONE_EXAMPLES}: the list "
                                          "suggests names as you type. Your calendar's times are in this zone.</small>")
        self.time = widgets.Text(value="07:00", description="Time of day (24 h)", style=WIDE, layout=_full())
        self.message = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
        self.verdict = widgets.HTML()
        self.verdict.add_class("bot-plan-verdict")
        self.figure_area = FigureArea()
        self.description = widgets.HTML()  # the figure in words, for screen readers (changes with it)
        self.description.add_class("bot-figure-description")
        self.takeaway = widgets.HTML()
        self.takeaway.add_class("back-on-track-takeaway")
        self.table = widgets.HTML()
        self.table.add_class("bot-plan-table")
        self.week_choice = widgets.Dropdown(options=[1], value=1, description="Show week", style=NATURAL)
        self.week_detail = widgets.HTML()
        self.week_detail.add_class("bot-plan-week-detail")
        self.make_button = widgets.Button(description="Make my files: calendar, printable page, JSON", icon="download",
                                          layout=AUTO, tooltip="Make the three files of this plan, to download")
        self.downloads = widgets.HTML()
        self.downloads.add_class("bot-plan-downloads")
        self.save_button = widgets.Button(description="Save the three files next to this notebook", icon="save",
                                          layout=widgets.Layout(width="auto", display="none" if self.web_app else ""))
        self.save_status = widgets.HTML()
        self.log_upload = widgets.FileUpload(accept=".csv,.gpx,.tcx,.fit,.gz,.zip", multiple=False, layout=AUTO,
                                             description="Start from my running log",
                                             tooltip="A Strava or Garmin export, or a GPX, TCX or FIT file (read here only)")
        self.log_status = widgets.HTML()
        self.take_away = widgets.VBox([widgets.HTML("<h3>4. Take it with you</h3>"), self.make_button, self.downloads,
                                       self.save_button, self.save_status])
        self.ramp_controls = widgets.VBox([self.log_upload, self.log_status, self.start_km, self.target_km, self.increase])
        loads = [self.upload] if self.web_app else [self.upload, self.load_button]
        super().__init__([
            widgets.HTML("<h3>1. Your self-check</h3>"), self.source, widgets.HBox(loads, layout=widgets.Layout(flex_flow="row wrap")),
            self.file_status, self.confirm_help, self.confirm,
            widgets.HTML("<h3>2. Your running and strength</h3>"), self.unit, self.running, self.ramp_controls,
            self.return_controls, self.runs, self.longest, self.longest_help, self.strength, self.exercises,
            self.exercises_help,
            widgets.HTML("<h3>3. When</h3>"), self.weeks, self.start, self.timezone, self.timezone_help,
            self.time, self.message, self.verdict, self.figure_area, *self.figure_area.hidden, self.description, self.takeaway, self.table, self.week_choice,
            self.week_detail, self.take_away,
        ])
        self.add_class("back-on-track-app")
        self.add_class("bot-plan-builder")
        self.source.observe(lambda _: self._safely(self._pick_source), names="value")
        self.upload.observe(lambda _: self._safely(self.load_upload), names="value")
        self.log_upload.observe(lambda _: self._safely(self.load_log), names="value")
        self.week_choice.observe(lambda _: self._safely(self._show_week), names="value")
        self.load_button.on_click(lambda _: self._safely(self.load_file))
        self.save_button.on_click(lambda _: self._safely(self.save_files))
        self.make_button.on_click(lambda _: self._safely(self.make_files))
        self.unit.observe(lambda change: self._safely(lambda: self._convert(change)), names="value")
        for control in (self.confirm, self.running, self.start_km, self.target_km, self.increase, self.runs,
                        self.longest, self.strength, self.weeks, self.start, self.timezone, self.time,
                        self.exercises, self.weeks_off, self.weekly_before, self.longest_before, self.walking_pain,
                        self.morning_pain, self.brisk_walk):
            control.observe(lambda _: self._safely(self.refresh), names="value")
        self._converting = False
        self._pick_source()

    # ------------------------------------------------------------ the self-check

    def _pick_source(self) -> None:
        name = SAMPLES.get(self.source.value)
        if name is None:
            self.result = None
            self.file_status.value = _status("Load your self-check file: the one lesson 08 saved or downloaded.")
        else:
            self.result = assess(sample_answers(name))
            self.file_status.value = ""
        self._unconfirm()
        self.refresh()

    def _unconfirm(self) -> None:
        """A new self-check needs its own confirmation: untick the box (without rebuilding twice)."""
        self._converting = True
        try:
            self.confirm.value = False
        finally:
            self._converting = False

    def use_result(self, result: SelfCheckResult, where: str) -> None:
        """Build from ``result`` (a learner's own self-check)."""
        self.source.value = MINE  # (clears the sample's result)
        self.result = result
        self.file_status.value = _status(f"Using your self-check from {html.escape(where)}.")
        self._unconfirm()
        self.refresh()

    def load_file(self) -> None:
        try:
            checks = load_checks(Path(DEFAULT_FILE))
        except SelfCheckFileError as error:
            self.file_status.value = _alert(str(error))
            return
        if not checks:
            self.file_status.value = _alert(f"{DEFAULT_FILE} holds no checks yet.")
            return
        self.use_result(checks[-1].result, f"{DEFAULT_FILE} (saved {checks[-1].saved_at})")

    def load_upload(self) -> None:
        """A self-check file (its latest check) or a plan file saved here, read in memory."""
        if not self.upload.value:
            return
        uploaded = self.upload.value[0]
        name, content = Path(str(uploaded.get("name", "the file"))).name, bytes(uploaded.get("content", b""))
        self.upload.value = ()
        if b'"back-on-track-plan"' in content[:200]:
            self.load_plan(content, name)
            return
        try:
            checks = checks_from_upload(name, content)
        except SelfCheckFileError as error:
            self.file_status.value = _alert(str(error))
            return
        if not checks:
            self.file_status.value = _alert(f"{name} holds no checks.")
            return
        self.use_result(checks[-1].result, f"{name} (saved {checks[-1].saved_at})")

    def load_plan(self, content: bytes, name: str) -> None:
        """A plan file saved here, shown again only if the current self-check allows it (else its advice, no plan)."""
        try:
            saved = plan_from_json(content, name)
        except model.PlanInputError as error:
            self.file_status.value = _alert(str(error))
            return
        if self.show_plan(saved):
            self.file_status.value = _status(
                f"Showing the plan saved in {html.escape(name)}, under your current self-check "
                f"({html.escape(self.plan.level_heading)}). Change a setting to build a new one.")
        else:
            self.file_status.value = _alert(f"The plan in {name} was not loaded: your current self-check does not "
                                            "allow a plan (see below).")

    def load_log(self) -> None:
        """Set Start and Longest recent run from an uploaded log (read in a temporary folder, then removed)."""
        if not self.log_upload.value:
            return
        uploaded = self.log_upload.value[0]
        name = shown_name(Path(str(uploaded.get("name", "log"))).name or "log")
        self.log_upload.value = ()
        try:
            zone = model.check_timezone(self.timezone.value).key
        except model.PlanInputError as error:
            self.log_status.value = _alert(f"{error} Your log's times are read in that zone, so choose it under "
                                           f"\u201c3. When\u201d first, then load {name} again. Nothing was read.")
            return
        try:
            level, longest = log_levels(uploaded, zone)
        except UploadRefused as error:  # read_upload raises nothing else: the reason in plain words
            self.log_status.value = _alert(f"{error} Start and Longest recent run are unchanged. "
                                           "Try a Strava activities.csv, a Garmin Activities.csv, or a GPX, TCX or FIT file.")
            return
        unit = self.unit.value
        self._converting = True
        try:
            self.start_km.value = max(round(km_to(level, unit), 1), 0.1)
            self.target_km.value = max(self.target_km.value, self.start_km.value)
            self.longest.value = round(km_to(longest, unit), 1)
        finally:
            self._converting = False
        self.log_status.value = _status(
            f"From {html.escape(name)}: your last four complete weeks averaged {model.distance_text(level)} a week and "
            f"your longest run of the last 30 days was {model.distance_text(longest)}. <b>Start</b> and <b>Longest "
            "recent run</b> now show them; change them if you like.")
        self.refresh()

    # ------------------------------------------------------------ building

    def _convert(self, change: dict) -> None:
        """Show the distance boxes in the new unit (the same distances), then rebuild once."""
        old, new = change["old"], change["new"]
        self._converting = True
        try:
            for box, label in ((self.start_km, "Start"), (self.target_km, "Target")):
                box.value = round(km_to(to_km(box.value, old), new), 1)
                box.description = f"{label} ({new} a week)"
            self.longest.value = round(km_to(to_km(self.longest.value, old), new), 1)
            self.longest.description = f"Longest recent run ({new})"
            for box, label in ((self.weekly_before, "Weekly distance before"), (self.longest_before, "Longest run before")):
                box.value = round(km_to(to_km(box.value, old), new), 1)
                box.description = f"{label} ({new})"
        finally:
            self._converting = False
        self.refresh()

    def _distance(self, box: widgets.FloatText, name: str, bounds_km: tuple[float, float]) -> float:
        """A typed distance in km, checked in the learner's unit (the message names that unit)."""
        unit = self.unit.value
        bounds = (round(km_to(bounds_km[0], unit), 1), round(km_to(bounds_km[1], unit), 1))
        return to_km(check_range(name, box.value, bounds, f"{unit} a week" if bounds_km is WEEKLY_KM else unit), unit)

    def _return(self) -> tuple[model.Part, float | None]:
        """Lesson 09's return-to-run part and the longest run of the 30 days before it (km, or None)."""
        weekly = self._distance(self.weekly_before, "Weekly distance before", BEFORE_WEEKLY_KM)
        longest = self._distance(self.longest_before, "Longest run before", BEFORE_LONGEST_KM)
        weeks_off = check_range("Weeks without running", self.weeks_off.value, recovery.WEEKS_OFF_RANGE, "weeks")
        brisk = check_range("Brisk walking", self.brisk_walk.value, recovery.WALK_RANGE_MIN, "minutes")
        returned = recovery.return_to_run_plan(weeks_off, weekly, longest, self.walking_pain.value,
                                               self.morning_pain.value, brisk, self.result.level, self.confirm.value,
                                               model.EASY_SPEED_KMH)
        return model.return_part(returned), model.recent_longest_for_return(weeks_off, longest)

    def _strength(self) -> list[model.Part]:
        if not self.strength.value:
            return []
        if not self.exercises.value:
            raise model.PlanInputError("Choose at least one exercise, or set Strength sessions a week to 0.")
        keys = None if tuple(self.exercises.value) == model.SAMPLE_EXERCISES else list(self.exercises.value)
        return [model.strength_part(keys, self.strength.value, self.weeks.value)]

    def _parts(self) -> tuple[list[model.Part], float | None]:
        """The plan's parts and the longest run of the 30 days before it (km, or None)."""
        if RUNNING[self.running.value] == "return":
            running, longest = self._return()
        else:
            longest = self._distance(self.longest, "Longest recent run", LONGEST_KM) or None
            start = self._distance(self.start_km, "Start", WEEKLY_KM)
            target = self._distance(self.target_km, "Target", WEEKLY_KM)
            if start > target:
                raise model.PlanInputError("The start distance must not be above the target distance.")
            ramp = training.ramp_plan(start, target, self.increase.value, weeks=self.weeks.value)
            running = model.ramp_part(ramp, self.runs.value)
        return [running, *self._strength()], longest

    def refresh(self) -> None:
        """Rebuild the plan from the controls, or say why there is none."""
        if self._converting:
            return
        coming_back = RUNNING[self.running.value] == "return"
        for control in (self.ramp_controls, self.runs, self.longest, self.longest_help):
            control.layout.display = "none" if coming_back else ""
        self.return_controls.layout.display = "" if coming_back else "none"
        self.exercises.disabled = not self.strength.value
        self.confirm.disabled = not (self.result is not None and self.result.rank == 1)
        if self.result is None:
            self._no_plan("<p><b>No plan yet:</b> load your self-check first (lesson 08 saves it).</p>")
            return
        try:
            model.gate(self.result, self.confirm.value)  # the self-check first, before any part is made
            if not self.timezone.value.strip():
                self._no_plan(f"<p><b>No plan yet: choose your time zone</b> under <b>3. When</b> (type where you "
                              f"live, {html.escape(model.ZONE_EXAMPLES)}). Your calendar's times are in it.</p>")
                return
            parts, longest = self._parts()
            plan = model.build_plan(self.result, parts, self.start.value or dt.date.today(), self.weeks.value,
                                    self.timezone.value, self.time.value, self.confirm.value, longest)
        except model.PlanRefused as refused:
            self._refused(refused)
            return
        except model.NoReturnPlan as answer:
            self._no_plan(f'<div role="alert"><p><b>Lesson 09 says: {html.escape(answer.status)}.</b> '
                          f"{html.escape(answer.message)}</p><p>No runs are planned.</p></div>")
            return
        except ValueError as error:
            self.message.value = _alert(f"{error} Nothing else was changed.")
            return
        self.message.value = ""
        self.show_plan(plan)

    def readings(self) -> list[str]:
        """How the typed boxes of the running part and the time of day were read (distances in both units)."""
        unit, other = self.unit.value, "mi" if self.unit.value == "km" else "km"

        def distance(box: widgets.FloatText, name: str, per_week: str = "") -> str:
            km = to_km(box.value, unit)
            return f"{name} {short_number(km_to(km, unit))} {unit}{per_week} = {short_number(km_to(km, other))} {other}{per_week}"

        if RUNNING[self.running.value] == "return":
            typed = [f"weeks without running {short_number(self.weeks_off.value)}",
                     distance(self.weekly_before, "weekly distance before", " a week"),
                     distance(self.longest_before, "longest run before"),
                     f"brisk walking {short_number(self.brisk_walk.value)} min"]
        else:
            typed = [distance(self.start_km, "start", " a week"), distance(self.target_km, "target", " a week"),
                     distance(self.longest, "longest recent run") if self.longest.value else "longest recent run: not known (0)"]
        return [*typed, reading("time of day", self.time.value, f"{model.parse_time(self.time.value):%H:%M}"),
                reading("time zone", self.timezone.value, model.check_timezone(self.timezone.value).key)]

    def _refused(self, refused: model.PlanRefused) -> None:
        """No plan: why, and the self-check's own advice."""
        self._no_plan(f'<div role="alert"><p><b>{html.escape(refused.reason)}</b></p>{level_html(self.result)}</div>')

    def _allowed(self) -> bool:
        """Does the current self-check (and confirmation) allow a plan?"""
        try:
            model.gate(self.result, self.confirm.value)
        except (model.PlanRefused, model.PlanInputError):
            return False
        return True

    def _no_plan(self, verdict: str) -> None:
        self.plan = None
        self.message.value = ""
        self.verdict.value = verdict
        self.figure_area.clear()
        for area in (self.description, self.takeaway, self.table, self.week_detail, self.downloads, self.save_status):
            area.value = ""
        self.week_choice.layout.display = "none"
        self.take_away.layout.display = "none"  # no plan: nothing to take away

    def _marked_if_sample(self, plan: model.Plan) -> model.Plan:
        """A plan resting on a sample learner's self-check says so, on screen and in every file it makes."""
        notes = tuple(note for note in plan.notes if note != SAMPLE_NOTE)
        if self.source.value not in SAMPLES:
            return replace(plan, notes=notes)
        heading = f"{plan.level_heading} [{self.source.value.split(' (')[0]}'s sample self-check, not yours]"
        return replace(plan, level_heading=heading, notes=(SAMPLE_NOTE, *notes))

    def show_plan(self, plan: model.Plan) -> bool:
        """Show a plan (what it rests on, the figure, the weeks, the downloads) if the current self-check allows it;
        otherwise the self-check's advice and no plan. True if the plan is shown."""
        try:
            plan = self._marked_if_sample(model.under_self_check(plan, self.result, self.confirm.value))
        except model.PlanRefused as refused:
            self._refused(refused)
            return False
        except model.PlanInputError as error:  # no self-check chosen or loaded
            self._no_plan(f"<p><b>No plan yet:</b> {html.escape(str(error))}</p>")
            return False
        self.plan = plan
        unit = self.unit.value
        notes = "".join(f"<li>{html.escape(note)}</li>" for note in plan.notes)
        confirmed = " You confirmed that a clinician has checked you." if plan.clinician_checked else ""
        self.verdict.value = (f"<p><b>Your plan</b> ({html.escape(plan.level_heading)}.{confirmed}) Times are in "
                              f"<b>{html.escape(plan.timezone)}</b>.</p><ul>{notes}</ul>")
        self.figure_area.show(plan_figure(plan, unit))
        numbers = model.summary(plan)
        first, last = (km_to(numbers[key], unit) for key in ("first_week_km", "last_week_km"))
        self.description.value = f"<p><small>Figure: {html.escape(plan_description(plan, unit))}</small></p>"
        self.takeaway.value = read_as_html(self.readings()) + _status(
            f"{numbers['weeks']} weeks, {numbers['runs']} runs and {numbers['strength_sessions']} strength sessions: "
            f"running goes from {first:.1f} to {last:.1f} {unit} a week; "
            f"{numbers['runs_over_spike_limit']} run(s) over the spike limit.")
        self.table.value = numbers_html(model.weeks_table(plan).reset_index())
        weeks = tuple(week.week for week in plan.weeks)
        if self.week_choice.options != weeks:  # new options reset the choice: keep the learner's week if it exists
            wanted = min(self.week_choice.value or 1, weeks[-1])
            self.week_choice.options = weeks
            self.week_choice.value = wanted
        self.week_choice.layout.display = ""
        self._show_week()
        self.downloads.value = ("<p><i>Press the button to make the files of this plan.</i></p>" if not self.downloads.value
                                else "<p><i>The plan has changed: press the button again for files of this plan.</i></p>")
        self.take_away.layout.display = ""
        return True

    def make_files(self) -> None:
        """Offer the plan's three files as download links (made on request: about 0.2 MB for a 12-week plan)."""
        if self.plan is None or not self._allowed():
            self.downloads.value = _alert("There is no plan to take with you.")
            return
        plan = self.plan
        self.downloads.value = "<p><b>Download:</b> " + " · ".join([
            _download_link(calendar_file(plan).decode("utf-8"), f"{STEM}.ics", "text/calendar", "Calendar file (.ics)"),
            _download_link(printable_page(plan), f"{STEM}.html", "text/html", "Printable page (.html)"),
            _download_link(plan_json(plan), f"{STEM}.json", "application/json", "Plan to load again (.json)"),
        ]) + "</p>"

    def _show_week(self) -> None:
        """The chosen week's sessions, spike limits and checks."""
        if self.plan is not None and self.week_choice.value in range(1, len(self.plan.weeks) + 1):
            self.week_detail.value = week_html(self.plan, self.week_choice.value)

    def save_files(self) -> None:
        """Write my-plan.ics, .html and .json next to the notebook; never over earlier files (my-plan-2.* and so on)."""
        if self.plan is None or not self._allowed():
            self.save_status.value = _alert("There is no plan to save.")
            return
        written, error = save_new_files(plan_files(self.plan), STEM)
        if error is not None:
            self.save_status.value = _alert(f"Could not write {Path(str(error.filename)).name} "
                                            f"({error.strerror or error}). "
                                            f"{'Saved so far: ' + ', '.join(written) if written else 'Nothing was saved.'}")
            return
        earlier = " (earlier plan files keep their names)" if not written[0].startswith(STEM + ".") else ""
        self.save_status.value = _status(f"Saved {', '.join(written)} next to this notebook{earlier}.")

    def _safely(self, action) -> None:
        run_safely(action, lambda text: setattr(self.message, "value", _alert(text)),
                   "Your settings are unchanged; please report this to the course authors.")


def log_levels(item: dict, timezone: str) -> tuple[float, float]:
    """An uploaded log's current weekly level and longest run of its last 30 days (km), read through
    :func:`helpers.uploads.read_upload` (name and size checked; the private copy is removed)."""
    def levels(path: Path) -> tuple[float, float]:
        activities, _ = training.read_log(path, timezone=timezone)
        return model.current_level(training.analyse(activities).weekly), model.longest_recent_run(activities)

    return read_upload(item, LOG_SUFFIXES, levels, max_bytes=upload_limit)


def plan_builder(web_app: bool | None = None, timezone: str = "") -> PlanBuilder:
    """Lesson 10: build your plan from your self-check, your running and your strength sessions.

    ``timezone`` fills in the learner's zone (e.g. ``"Europe/London"``); empty, the learner types it.
    """
    return PlanBuilder(web_app, timezone=timezone)
