"""Lesson 05 widgets: the shoe-wear tracker and the road-camber cross-section."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from helpers import inputs, shoes, training
from helpers.import_files import LogImportError
from helpers.figures.shoes import camber_figure, shoe_bars_figure, shoe_distance_figure, step_width_text
from helpers.references import cite
from helpers.widgets.base import SLIDER_LAYOUT, WIDE, FigureApp, View, rescale

EXAMPLE_PAIRS = "Road shoes, 420\nTrail shoes, 150\nOld racers, 700"
LOG, TYPED = "log", "typed"
SPREAD = [("as logged", 0), ("2 pairs in turn", 2), ("3 pairs in turn", 3)]
ROTATION_NOTE = (f"Runners who used more than one pair in parallel had fewer injuries in one cohort of 264 "
                 f"(about 39 % lower hazard; {cite('malisoux2015')}), but that study observed runners and cannot show "
                 "that rotating caused it.")


def _toggle(description: str, options: list, value: object, tooltips: list[str]) -> widgets.ToggleButtons:
    return widgets.ToggleButtons(options=options, value=value, description=description, tooltips=tooltips,
                                 style={**WIDE, "button_width": "auto"})


def _read_log(path: Path, timezone: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The runs of a log with their shoes, and the import report (``ValueError`` with a clear message)."""
    try:
        activities, report = training.read_log(path, timezone=timezone)
    except LogImportError as error:  # read_log's own words: what was wrong and what to do
        raise ValueError(str(error)) from error
    except Exception as error:  # a learner's file must never show a traceback or a library's text
        raise ValueError(f"Could not read {path.name} (an unexpected {type(error).__name__}). Export the file again "
                         "or try another one; what was shown before stays on screen.") from error
    gear = None if "gear" in activities else shoes.read_gear(path)  # NoGearColumn says what to do
    runs = shoes.runs_with_shoes(activities, gear)
    if runs.empty:
        raise ValueError(f"{path.name} has no runs that could be read (see the import report).")
    return runs, report


def shoe_wear_tracker(path: str | Path | None = None, timezone: str | None = None) -> FigureApp:
    """Lesson 05: distance on each pair from a log (default: the sample runner) or from pairs typed in.

    Shows each pair's running total against the 480–800 km (300–500 mile) rule of thumb,
    the share of runs per pair, and what taking the same runs in turn on 2 or 3 pairs
    would change. A file read here stays on this machine.
    """
    sample = path is None
    if sample:
        path, timezone = training.sample_log_path(), timezone or training.SAMPLE_TIMEZONE
    runs, report = _read_log(Path(path), timezone)
    state: dict = {"runs": runs, "report": report,
                   "name": "Sample runner (synthetic)" if sample else _file_title(Path(path).name), "typed": EXAMPLE_PAIRS, "typed_unit": "km"}
    units = _toggle("Units", [("km", "km"), ("miles", "mi")], "km", ["kilometres", "miles"])
    source = _toggle("Shoes from", [("the log", LOG), ("pairs I type", TYPED)], LOG,
                     ["Count each pair's distance from the training log", "Type each pair and its distance yourself"])
    spread = _toggle("What if", SPREAD, 0, ["The pairs the log names", "The same runs taken in turn by 2 pairs",
                                            "The same runs taken in turn by 3 pairs"])
    upload = widgets.FileUpload(accept=".csv,.gz,.zip", multiple=False, description="Read my own log",
                                tooltip="A Strava activities.csv (its Activity Gear column names the shoe)",
                                layout=widgets.Layout(width="auto", margin="0.3em 0 0.3em 0", align_self="flex-start"))
    typed = widgets.Textarea(value=EXAMPLE_PAIRS, description="Your pairs", placeholder="Road shoes, 420",
                             tooltip="One pair per line: a name, a comma and the distance (km or mi)",
                             style={"description_width": "initial"},
                             layout=widgets.Layout(width="auto", max_width="34em", height="8.5em", flex_flow="column"))
    typed_help = widgets.HTML("<small>One pair per line: a name, a comma and the distance, e.g. <code>Trail shoes, 95 mi</code>. "
                              "Without km or mi, the distance is in the unit chosen above.</small>",
                              layout=widgets.Layout(max_width="34em"))
    show_typed = widgets.Button(description="Show these pairs", icon="check", tooltip="Draw the pairs typed above",
                                layout=widgets.Layout(width="auto", margin="0 0 0.3em 0", align_self="flex-start"))
    report_area = widgets.HTML()

    def render() -> View:
        unit = units.value
        if source.value == TYPED:
            if typed.value != state["typed"]:  # new text: read it in the unit chosen now
                shoes.pairs_from_text(typed.value, unit)  # a problem is shown; the last drawing stays
                state.update(typed=typed.value, typed_unit=unit)
            totals = shoes.pairs_from_text(state["typed"], state["typed_unit"])
            text = shoes.describe_totals(totals, unit)
            figure = shoe_bars_figure(totals, unit, "Pairs you typed")
            read_as = inputs.read_as_html(totals.attrs.get("readings", []))  # how each distance was read
            return View(figure, f"<p>{html.escape(text)}</p>{read_as}", text, _numbers(totals, unit))
        return _log_view(state, spread.value, unit)

    app = FigureApp([units, source, spread], render)
    app.children[0].children += (upload, typed, typed_help, show_typed)
    app.children = (*app.children, report_area)

    def show_source(change: dict | None = None) -> None:
        from_log = source.value == LOG
        spread.disabled = upload.disabled = not from_log
        typed.disabled = show_typed.disabled = from_log
        report_area.value = _report_html(state["report"]) if from_log else ""

    def on_typed(_: widgets.Button) -> None:
        if source.value != TYPED:
            source.value = TYPED  # redraws
        else:
            app.refresh()

    def on_upload(change: dict) -> None:
        from helpers.import_files import LOG_SUFFIXES, upload_limit  # the upload layer lesson 06 uses too
        from helpers.uploads import UploadRefused, read_upload

        files = change["new"]
        if not files:
            return
        try:
            name, (new_runs, new_report) = read_upload(
                files[0], LOG_SUFFIXES, lambda file: (file.name, _read_log(file, timezone)), max_bytes=upload_limit)
        except UploadRefused as refusal:  # read_upload raises nothing else
            app.message.value = (f'<span role="alert"><b>Could not use {html.escape(refusal.name)}:</b> '
                                 f"{html.escape(refusal.reason)} The drawing shown is unchanged.</span>")
            return
        with app.paused():
            state.update(runs=new_runs, report=new_report, name=_file_title(name),
                         version=state.get("version", 0) + 1, cache={}, views={})
            spread.value = 0
            show_source()

    source.observe(show_source, names="value")
    show_typed.on_click(on_typed)
    upload.observe(on_upload, names="value")
    show_source()
    app.upload, app.typed, app.show_typed, app.report = upload, typed, show_typed, report_area
    app.units, app.source, app.spread = units, source, spread
    app.state = state  # the log shown and its cached sums and views (benchmarks/widget_timing.py empties them)
    return app


def _log_view(state: dict, pairs: int, unit: str) -> View:
    """The tracker's view of the log (as logged or spread over ``pairs``), kept per log, setting and unit."""
    views = state.setdefault("views", {})
    key = (state.get("version", 0), pairs, unit)
    if key not in views:
        shown, totals, over_time = _measures(state, pairs)
        if pairs:
            text = shoes.describe_spread(state["runs"], shown, unit)
        else:
            text = shoes.describe_totals(totals, unit)
        title = state["name"] + (f", {len(totals)} pairs in turn" if pairs else "")
        if over_time is None:  # under four weeks of runs: a line over time says nothing, so bars
            figure = shoe_bars_figure(totals, unit, title)
        else:
            figure = shoe_distance_figure(over_time, unit, title)
        takeaway = f"<p>{html.escape(text)}</p><p><i>{html.escape(ROTATION_NOTE)}</i></p>"
        if len(views) > 16:
            views.clear()
        views[key] = View(figure, takeaway, text, _numbers(totals, unit))
    return views[key]


def _measures(state: dict, pairs: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """The runs shown (as logged, or spread over ``pairs``), their totals and running totals over time, in km.

    Running totals are by month, by week for under six months, and None for under four weeks.

    Kept per log and setting, so that switching units only redraws.
    """
    cache = state.setdefault("cache", {})
    key = (state.get("version", 0), pairs)
    if key not in cache:
        shown = state["runs"] if not pairs else shoes.spread_over_pairs(state["runs"], pairs)
        if len(cache) > 8:
            cache.clear()
        period = shoes.period_for(shown)
        cache[key] = (shown, shoes.shoe_totals(shown), None if period is None else shoes.distance_over_time(shown, period))
    return cache[key]


def _file_title(name: str) -> str:
    """A figure title for a learner's file, short enough for a narrow output."""
    return f"Your file: {name if len(name) <= 24 else name[:23] + '…'}"


def _numbers(totals: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The table behind the figure, in the chosen unit first and the other second."""
    other = "mi" if unit == "km" else "km"
    column = {"km": "distance_km", "mi": "distance_mi"}
    table = pd.DataFrame({"pair": totals["shoe"], "runs": totals["runs"],
                          f"distance ({unit})": totals[column[unit]].round(0),
                          f"distance ({other})": totals[column[other]].round(0),
                          "share of runs (%)": totals["share_percent"].round(0),
                          "first run": pd.to_datetime(totals["first_run"]).dt.strftime("%Y-%m-%d"),
                          "last run": pd.to_datetime(totals["last_run"]).dt.strftime("%Y-%m-%d"),
                          "against 480–800 km": totals["status"]})
    return table


def _report_html(report: pd.DataFrame) -> str:
    if report is None or report.empty:
        return "<p><b>Import report:</b> every row was read as it is.</p>"
    rows = "".join(f"<tr><td>{html.escape(str(r.row))}</td><td>{html.escape(str(r.reason))}</td>"
                   f"<td>{html.escape(str(r.action))}</td></tr>" for r in report.head(50).itertuples())
    more = f"<p>… and {len(report) - 50} more rows.</p>" if len(report) > 50 else ""
    return (f"<details><summary><b>Import report:</b> {len(report)} rows skipped or corrected (open to see why)"
            f"</summary><table><tr><th>row</th><th>reason</th><th>action</th></tr>{rows}</table>{more}</details>")


CM_PER_INCH = 2.54


def camber_explorer() -> FigureApp:
    """Lesson 05: how much lower the kerb-side foot lands on a road that falls sideways.

    **Step width in** switches the step-width slider between cm and inches (its setting is
    converted); the model works in cm.
    """
    units = _toggle("Step width in", [("cm", "cm"), ("inches", "in")], "cm", ["centimetres", "inches"])
    slope = widgets.FloatSlider(value=2.5, min=0.0, max=10.0, step=0.5, description="Road slope (%)",
                                continuous_update=False, readout_format=".1f", style=WIDE, layout=SLIDER_LAYOUT)
    width = widgets.FloatSlider(value=10.0, min=0.0, max=30.0, step=1.0, description="Step width (cm)",
                                continuous_update=False, readout_format=".0f", style=WIDE, layout=SLIDER_LAYOUT)

    def render() -> View:
        inches = units.value == "in"
        width_cm = width.value * CM_PER_INCH if inches else width.value
        height = shoes.camber_height_cm(slope.value, min(width_cm, shoes.STEP_WIDTH_BOUNDS[1]))
        lower = f"{height / CM_PER_INCH:.2f} in ({height:.2f} cm)" if inches else \
            f"{height:.2f} cm ({height / CM_PER_INCH:.2f} in)"
        text = (f"A road falling {slope.value:g} % ({shoes.slope_degrees(slope.value):.1f}°) sideways, with the feet "
                f"{step_width_text(width_cm, units.value)} apart, puts the kerb-side foot {lower} lower. "
                "Both inputs are assumptions you set, not results of a study; no study has linked camber to back pain.")
        return View(camber_figure(slope.value, width_cm, height, units.value), f"<p>{html.escape(text)}</p>", text)

    app = FigureApp([units, slope, width], render, redraw_on=[slope, width])

    def switch_units(change: dict) -> None:
        with app.paused():  # one redraw, after converting the slider
            if change["new"] == "in":
                width.step, width.readout_format = 0.1, ".1f"
                rescale(width, 1 / CM_PER_INCH, digits=1)
            else:
                rescale(width, CM_PER_INCH, digits=0)
                width.step, width.readout_format = 1.0, ".0f"
            width.description = f"Step width ({change['new']})"

    units.observe(switch_units, names="value")
    app.units, app.slope, app.width = units, slope, width
    return app
