"""Lesson 06 widgets: the mileage-ramp simulator and the training-log explorer."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from helpers import training
from helpers.figures.training import Column
from helpers.figures.training import training_load_figure
from helpers.import_files import LOG_SUFFIXES, upload_limit
from helpers.training_text import load_description, load_numbers, log_summary
from helpers.units import KM_PER_MILE, km_to, to_km
from helpers.uploads import UploadRefused, read_upload
from helpers.widgets.base import SLIDER_LAYOUT, WIDE, FigureApp, View, rescale

WIDE_BOX = widgets.Layout(width="34em")
YEARS_HELP = ("Show one year of the log, or all of it", "Inactive: this log covers one year only")
COMPARE = {"nothing": "nothing", "the 10 % rule (same start and target)": "ten", "the saved plan": "saved"}
#: What the simulator's dependent controls do when active, and why they are inactive otherwise.
CUTBACK_DEPTH_HELP = ("How much of the week's level a cutback week keeps",
                      "Inactive: choose how often Cutback weeks come first")
BREAK_START_HELP = ("The week the break begins", "Inactive: set Break to 1 week or more first")
RETURN_HELP = ("How running starts again after the break", "Inactive: set Break to 1 week or more first")


def _slider(kind: type, description: str, value: float, low: float, high: float, step: float) -> widgets.Widget:
    return kind(value=value, min=low, max=high, step=step, description=description, style=WIDE,
                continuous_update=False, layout=SLIDER_LAYOUT, readout_format=".0f" if kind is widgets.FloatSlider else "d")


def _weeks_table(plan: pd.DataFrame) -> pd.DataFrame:
    starts = pd.Timestamp(training.PLAN_START) + pd.to_timedelta((plan["week"] - 1) * 7, unit="D")
    return plan.assign(week_start=starts)


def _short_label(settings: dict) -> str:
    text = f"+{settings['increase_percent']:g} %/week"
    if settings["cutback_every"]:
        text += ", cutbacks"
    if settings["break_weeks"]:
        text += f", {settings['break_weeks']}-week break"
    return text


def _plan_label(settings: dict, unit: str) -> str:
    start, target = km_to(settings["start_km"], unit), km_to(settings["target_km"], unit)
    text = f"{start:.0f} → {target:.0f} {unit}/week, +{settings['increase_percent']:g} %/week"
    if settings["cutback_every"]:
        every = settings["cutback_every"]
        text += f", every {every}{'rd' if every == 3 else 'nd' if every == 2 else 'th'} week a cutback to {settings['cutback_percent']:g} %"
    if settings["break_weeks"]:
        text += (f", {settings['break_weeks']}-week break from week {settings['break_start_week']}, then "
                 f"{training.RETURN_STRATEGIES[settings['return_strategy']]}")
    return text


def simulate(settings: dict) -> tuple[pd.DataFrame, training.TrainingLoad]:
    """A plan from the simulator's settings (distances in km) and all its measures."""
    plan = training.ramp_plan(**settings)
    return plan, training.plan_load(plan)


def ramp_simulator() -> FigureApp:
    """Lesson 06: plan a build-up and see the week-on-week change, the ratios and spikes react."""
    units = widgets.ToggleButtons(options=[("km", "km"), ("miles", "mi")], value="km", description="Units", style=WIDE)
    start = _slider(widgets.FloatSlider, "Start (km/week)", 20, 5, 100, 1)
    target = _slider(widgets.FloatSlider, "Target (km/week)", 40, 10, 160, 1)
    increase = _slider(widgets.IntSlider, "Weekly increase (%)", 10, 1, 50, 1)
    cutback_every = widgets.Dropdown(options=[("none", 0), ("every 3rd week", 3), ("every 4th week", 4), ("every 5th week", 5)],
                                     value=0, description="Cutback weeks", style=WIDE, layout=WIDE_BOX)
    cutback_depth = _slider(widgets.IntSlider, "Cutback week (% of level)", 70, 40, 95, 5)
    break_weeks = _slider(widgets.IntSlider, "Break (weeks, 0 = none)", 0, 0, 12, 1)
    break_start = _slider(widgets.IntSlider, "Break starts (week no.)", 8, 2, 30, 1)
    return_strategy = widgets.Dropdown(options=[(text, key) for key, text in training.RETURN_STRATEGIES.items()],
                                       value="resume", description="After the break", style=WIDE, layout=WIDE_BOX)
    ratio = widgets.Dropdown(options=[(text, key) for key, text in training.RATIO_FORMS.items()], value="coupled",
                             description="Ratio to show", style=WIDE, layout=WIDE_BOX)
    bands = widgets.Checkbox(value=False, description="Show team-sport reference bands (Gabbett 2016)", indent=False,
                             layout=widgets.Layout(width="auto", margin="0 0 0 14.5em"))
    compare = widgets.Dropdown(options=list(COMPARE.items()), value="nothing", description="Compare with", style=WIDE,
                               layout=widgets.Layout(width="40em"))
    save = widgets.Button(description="Save this plan for comparison", icon="bookmark",
                          tooltip="Keep the current settings as the plan to compare with",
                          layout=widgets.Layout(width="auto", margin="0.5em 0 0 14.5em"))
    saved: dict = {}

    def settings() -> dict:
        unit = units.value
        if to_km(start.value, unit) > to_km(target.value, unit):
            raise ValueError("The start distance is above the target: lower Start or raise Target.")
        return dict(start_km=to_km(start.value, unit), target_km=to_km(target.value, unit),
                    increase_percent=float(increase.value), cutback_every=cutback_every.value,
                    cutback_percent=float(cutback_depth.value), break_weeks=break_weeks.value,
                    break_start_week=break_start.value, return_strategy=return_strategy.value)

    def render():
        unit, chosen = units.value, settings()
        plans = [("Your plan", chosen)]
        if compare.value == "ten":
            plans.append(("The 10 % rule", dict(chosen, increase_percent=10.0, cutback_every=0, break_weeks=0)))
        elif compare.value == "saved":
            if not saved:
                raise ValueError("No plan saved yet: press 'Save this plan for comparison' first.")
            plans.append(("Saved plan", saved["settings"]))
        weeks = [training.ramp_plan(**item) for _, item in plans]
        longest = max(len(plan) for plan in weeks)
        panels, texts, descriptions, tables = [], [], [], []
        for (name, item), plan in zip(plans, weeks):
            if len(plan) < longest:  # the same calendar for both plans
                plan = training.ramp_plan(**item, weeks=longest)
            load = training.plan_load(plan)
            panels.append(Column(f"{name}: {_short_label(item)}", _weeks_table(plan), load))
            summary = training.plan_summary(plan, load, item["target_km"], ratio.value)
            description = training.describe_plan(f"{name} ({_plan_label(item, unit)})", summary, ratio.value)
            texts.append(f"<p>{description}</p>")
            descriptions.append(load_description(panels[-1].title, panels[-1].weeks, load, ratio.value, unit))
            table = load_numbers(panels[-1].weeks, load, ratio.value, unit)
            tables.append(table.assign(Plan=name)[["Plan", *table.columns]] if len(plans) > 1 else table)
        figure = training_load_figure(panels, ratio.value, unit, bands.value)
        note = ("<p><i>The thresholds 1.3 and 1.5 come from team sport (Gabbett 2016); "
                "none has been studied for back pain.</i></p>")
        return View(figure, "".join(texts) + note, " ".join(descriptions), pd.concat(tables, ignore_index=True))

    controls = [start, target, increase, cutback_every, cutback_depth, break_weeks, break_start,
                return_strategy, ratio, bands, compare]
    app = FigureApp(controls, render)
    # The units toggle redraws once, after converting the sliders (label_units below), so it
    # is not one of the controls the app redraws on by itself.
    app.controls.insert(0, units)
    app.children[0].children = (units, *app.children[0].children, save)

    def on_save(_: widgets.Button) -> None:
        try:
            saved["settings"] = settings()
        except ValueError as error:
            app.show_problem(str(error))
            return
        if compare.value == "saved":
            app.refresh()
        else:
            compare.value = "saved"

    save.on_click(on_save)

    def label_units(change: dict | None = None) -> None:
        imperial = units.value == "mi"
        with app.paused():
            if change is not None:
                factor = 1 / KM_PER_MILE if imperial else KM_PER_MILE
                for slider in (start, target):
                    rescale(slider, factor, digits=0)
            start.description = f"Start ({units.value}/week)"
            target.description = f"Target ({units.value}/week)"

    units.observe(label_units, names="value")

    def show_active(change: dict | None = None) -> None:
        """Controls that do nothing in the current plan look and are inactive, and say why."""
        for control, needed, help_ in ((cutback_depth, cutback_every.value, CUTBACK_DEPTH_HELP),
                                       (break_start, break_weeks.value, BREAK_START_HELP),
                                       (return_strategy, break_weeks.value, RETURN_HELP)):
            _set_active(control, bool(needed), help_)

    show_active()
    cutback_every.observe(show_active, names="value")
    break_weeks.observe(show_active, names="value")
    app.save_button = save
    return app


def _set_active(control: widgets.Widget, active: bool, help_: tuple[str, str]) -> None:
    """Enable ``control`` with its help as tooltip, or disable it with the reason it is inactive."""
    tooltip = help_[0] if active else help_[1]
    if control.disabled == active or control.tooltip != tooltip:
        with control.hold_sync():
            control.disabled, control.tooltip = not active, tooltip


ACCEPTED = LOG_SUFFIXES


def _problem_text(error: Exception) -> str:
    """A learner's words for why a file could not be read (never a library's traceback)."""
    if isinstance(error, ValueError):
        text = str(error)
    else:
        text = f"an unexpected problem ({type(error).__name__}); please tell the course team which file it was"
    return text.rstrip(". ") + "."


def training_log_explorer(path: str | Path | None = None, timezone: str | None = None) -> FigureApp:
    """Lesson 06: the same measures on a real log (default: the course's sample runner).

    An upload control reads a file you choose with ``read_log``; nothing leaves the
    machine (the copy it reads is deleted straight after), and the import report below
    the figure always belongs to the file read last, listing every row that was skipped,
    corrected or is worth checking. A progress bar follows a whole export being read.
    """
    sample = path is None
    if sample:
        path, timezone = training.sample_log_path(), timezone or training.SAMPLE_TIMEZONE
    path = Path(path)
    units = widgets.ToggleButtons(options=[("km", "km"), ("miles", "mi")], value="km", description="Units", style=WIDE)
    ratio = widgets.Dropdown(options=[(text, key) for key, text in training.RATIO_FORMS.items()], value="coupled",
                             description="Ratio to show", style=WIDE, layout=WIDE_BOX)
    bands = widgets.Checkbox(value=False, description="Show team-sport reference bands (Gabbett 2016)", indent=False,
                             layout=widgets.Layout(width="auto", margin="0 0 0 14.5em"))
    years = widgets.Dropdown(options=[("all years", 0)], value=0, description="Show", style=WIDE, layout=WIDE_BOX)
    upload = widgets.FileUpload(accept=",".join(ACCEPTED), multiple=False, description="Read my own file",
                                tooltip="A Strava or Garmin export, or a GPX, TCX or FIT file",
                                layout=widgets.Layout(width="16em", margin="0.5em 0 0 14.5em"))
    progress = widgets.IntProgress(value=0, min=0, max=1, description="Reading files", style=WIDE,
                                   layout=widgets.Layout(width="34em", display="none"))
    report = widgets.HTML()
    state: dict = {"name": "Sample runner (synthetic)" if sample else f"Your file: {path.name}", "result": None,
                   "error": ""}

    def on_progress(done: int, total: int) -> None:
        progress.max = max(total, 1)
        progress.value = min(done, progress.max)

    def read(file: Path, shown: str) -> tuple[pd.DataFrame, pd.DataFrame, training.TrainingLoad]:
        """The log in ``file``, its report (shown at once, even if it has no runs) and its measures."""
        progress.value, progress.layout.display = 0, ""
        try:
            activities, problems = training.read_log(file, timezone=timezone, progress=on_progress)
        except Exception as error:  # a learner's file must never show a traceback
            report.value = (f"<p><b>Import report for {html.escape(shown)}:</b> the file could not be read. "
                            f"{html.escape(_problem_text(error))}</p>")
            raise
        finally:
            progress.layout.display = "none"
        report.value = _report_html(problems, shown) + _no_runs_html(activities)
        if training.running_activities(activities).empty:
            raise ValueError("it has no runs that could be read (see the import report)")
        return activities, problems, training.analyse(activities)

    def year_options(load: training.TrainingLoad) -> list[tuple[str, int]]:
        return [("all years", 0)] + [(str(year), int(year)) for year in sorted(set(load.daily.index.year))]

    def render():
        if state["result"] is None:
            raise ValueError(state["error"])
        load = state["result"][2]
        shown = _one_year(load, years.value)
        weeks = shown.weekly.assign(kind="log")
        figure = training_load_figure([Column(state["name"], weeks, shown)], ratio.value, units.value, bands.value)
        return View(figure, html.escape(log_summary(shown, ratio.value, units.value)),
                    load_description(state["name"], weeks, shown, ratio.value, units.value),
                    load_numbers(weeks, shown, ratio.value, units.value))

    def show_years(load: training.TrainingLoad) -> None:
        """The year choice lists the log's years; with one year only it has nothing to choose and is inactive."""
        years.options, years.value = year_options(load), 0
        _set_active(years, len(years.options) > 2, YEARS_HELP)

    _set_active(years, False, YEARS_HELP)  # until a log with several years is read
    try:
        state["result"] = read(path, state["name"])
        show_years(state["result"][2])
    except Exception as error:  # an unreadable file is explained by render()
        state["error"] = f"Could not read {path.name}: {_problem_text(error)}"
    app = FigureApp([units, ratio, bands, years], render)
    app.children[0].children += (upload, progress)
    app.children = (*app.children, report)

    def refuse(name: str, why: str, reported: bool) -> None:
        """Say why ``name`` was not used; the report describes ``name`` (``reported``: read() wrote it)."""
        app.message.value = (f'<span role="alert"><b>Could not read {html.escape(name)}:</b> {html.escape(why)} '
                             "Your previous log is still shown. Try the activities.csv of a Strava export, a Garmin "
                             "Activities.csv, or a GPX, TCX or FIT file (also gzipped, or the export as a .zip)."
                             "</span>")
        if not reported:
            report.value = (f"<p><b>Import report for {html.escape(name)}:</b> the file was not read: "
                            f"{html.escape(why)}</p>")
        report.value += (f"<p>The figure and the takeaway above still show <b>{html.escape(state['name'])}</b>, "
                         f"because {html.escape(name)} could not be used.</p>")

    def on_upload(change: dict) -> None:
        files = change["new"]
        if not files:
            return
        try:
            take(files[0])
        finally:
            upload.value = ()  # the same file (mended, or not) can be chosen again; its bytes are not kept

    def take(item: dict) -> None:
        """Read one uploaded file and show it, or say why not (the previous log stays)."""
        try:
            name, result = read_upload(item, ACCEPTED, lambda file: (file.name, read(file, f"Your file: {file.name}")),
                                       max_bytes=upload_limit)
        except UploadRefused as refusal:  # read_upload raises nothing else
            refuse(refusal.name, refusal.reason, reported=refusal.read)
            return
        with app.paused():
            state.update(result=result, name=f"Your file: {name}")
            show_years(result[2])

    upload.observe(on_upload, names="value")
    app.upload = upload
    app.progress = progress
    app.report = report
    return app


def _one_year(load: training.TrainingLoad, year: int) -> training.TrainingLoad:
    if not year:
        return load
    keep = load.daily.index.year == year
    weeks = load.weekly[load.weekly["week_start"].dt.year == year]
    spikes = load.spikes[pd.to_datetime(load.spikes["local_date"]).dt.year == year]
    return training.TrainingLoad(load.daily[keep], weeks, load.trailing_change[keep], load.ratios[keep], spikes)


def _no_runs_html(activities: pd.DataFrame) -> str:
    """Why a file that was read shows nothing: it has no activities, or none of them is a run."""
    if not training.running_activities(activities).empty:
        return ""
    if activities.empty:
        return "<p>It has no activities at all, so there is nothing to show.</p>"
    kinds = activities["activity_type"].fillna("no type").value_counts()
    listed = ", ".join(f"{html.escape(str(kind))} × {count}" for kind, count in kinds.items())
    return (f"<p>It has {len(activities)} activities, but none is a run ({listed}); only runs "
            f"({', '.join(sorted(training.RUNNING_TYPES))}) are counted.</p>")


def _report_html(problems: pd.DataFrame, shown: str) -> str:
    title = f"<b>Import report for {html.escape(shown)}:</b>"
    if problems is None or problems.empty:
        return f"<p>{title} every row was read as it is.</p>"
    rows = "".join(
        f"<tr><td>{html.escape(str(row.row))}</td><td>{html.escape(str(row.source))}</td>"
        f"<td>{html.escape(str(row.date))}</td><td>{html.escape(str(row.activity_id))}</td>"
        f"<td>{html.escape(str(row.reason))}</td><td>{html.escape(str(row.action))}</td></tr>"
        for row in problems.head(50).itertuples()
    )
    more = f"<p>… and {len(problems) - 50} more rows.</p>" if len(problems) > 50 else ""
    lines = f"{len(problems)} line{'s' if len(problems) != 1 else ''}"
    return (f"<details><summary>{title} {lines}: rows skipped, corrected or worth checking, by their line in the "
            f"file (open to see why)</summary><table><tr><th>line</th><th>file</th><th>date</th><th>activity</th><th>reason</th>"
            f"<th>action</th></tr>{rows}</table>{more}</details>")
