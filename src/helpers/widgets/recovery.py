"""Lesson 09 widget: the return-to-run planner (and its morning-after check)."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from helpers import recovery
from helpers.recovery import LEVELS
from helpers.figures.recovery import plan_description, plan_output
from helpers.inputs import parse_number, read_as_html, reading, short_number
from helpers.selfcheck_store import SelfCheckFileError, checks_from_upload
from helpers.stride import speed_kmh_from, speed_reading
from helpers.units import km_to, pace_text, to_km
from helpers.widgets.base import WIDE, FigureApp, View

TEXT_LAYOUT = {"width": "24em"}
LEVEL_OPTIONS = [
    ("not done yet", "not done"),
    ("self-care", "self-care"),
    ("soon", "soon"),
    ("urgent", "urgent"),
    ("emergency", "emergency"),
]
STATUS_TITLES = {"plan": "Your plan", "see care": "See care first: no running plan",
                 "check first": "A clinician first", "walk first": "Walking first"}


def plan_table_html(table: pd.DataFrame) -> str:
    """The plan as a plain, accessible HTML table with a caption (faster than ``DataFrame.to_html``)."""
    head = "".join(f'<th scope="col">{html.escape(str(name))}</th>' for name in table.columns)
    rows = zip(*(table[name].tolist() for name in table.columns))
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(value))}</td>" for value in row) + "</tr>" for row in rows)
    return (f'<table class="bot-numbers bot-plan-table"><caption>Your plan, week by week</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


class PlannerApp(FigureApp):
    """A figure app that sends the words first and redraws the chart only when the plan changes.

    ``render()`` returns ``(view, key, draw)``: ``view.figure`` is unused, ``key`` names the
    chart (``None``: no plan, the chart is hidden and the message says why) and ``draw()``
    builds its output (``{"output_type": "display_data", ...}``). An unchanged chart is kept in the browser as it is: no new plot is sent,
    and after a "no plan" answer the last chart is simply shown again.
    """

    _shown_key: object = None

    def refresh(self, change: dict | None = None) -> None:
        if self._paused:
            return
        try:
            view, key, draw = self._render()
        except ValueError as error:
            self.show_problem(str(error))
            return
        self.message.value = ""
        self.takeaway.value = f'<div role="status" aria-live="polite">{view.takeaway}</div>'
        description = f"<p><small>Figure: {html.escape(view.description)}</small></p>"
        if self.description.value != description:
            self.description.value = description
        self.set_numbers(view.numbers, plan_table_html)
        if key is None:
            self.figure_area.layout.display = "none"
            return
        if key != self._shown_key:
            self.figure_area.show_output(draw())
            self._shown_key = key
        self.figure_area.layout.display = ""


def _text(value: str, description: str, placeholder: str = "") -> widgets.Text:
    box = widgets.Text(value=value, description=description, placeholder=placeholder, continuous_update=False,
                       style=WIDE, layout=TEXT_LAYOUT)
    return box


def _pain(text: str, name: str) -> float:
    return parse_number(text, name, recovery.PAIN_RANGE, "")


class _Boxes:
    """The planner's text boxes, read in the chosen unit (km or miles)."""

    def __init__(self) -> None:
        self.weeks_off = _text("6", "Weeks off running")
        self.weekly = _text("30", "Weekly km before")
        self.longest = _text("12", "Longest run (km)")
        self.pace = _text("6:40", "Easy pace (per km)", "min:s, e.g. 6:40")
        self.walking_pain = _text("0", "Walking pain (0–10)")
        self.morning_pain = _text("1", "Pain on waking (0–10)")
        self.walk_min = _text("30", "Brisk walking (min)")

    def read(self, unit: str) -> dict:
        name = "km" if unit == "km" else "miles"
        bounds = lambda key: tuple(km_to(v, unit) for v in key)  # noqa: E731
        return {
            "weeks_off": parse_number(self.weeks_off.value, "Weeks off running", recovery.WEEKS_OFF_RANGE),
            "weekly_km_before": to_km(parse_number(self.weekly.value, "Weekly distance before",
                                                   bounds(recovery.WEEKLY_RANGE_KM), name), unit),
            "longest_km_before": to_km(parse_number(self.longest.value, "Longest run",
                                                    bounds(recovery.LONGEST_RANGE_KM), name), unit),
            "easy_speed_kmh": speed_kmh_from(self.pace.value, "pace", unit),
            "walking_pain": _pain(self.walking_pain.value, "Walking pain"),
            "morning_pain": _pain(self.morning_pain.value, "Pain on waking"),
            "brisk_walk_min": parse_number(self.walk_min.value, "Brisk walking", recovery.WALK_RANGE_MIN, "min"),
        }

    def readings(self, values: dict, unit: str) -> list[str]:
        """How each box was read (distances and pace also in the other unit)."""
        other = "mi" if unit == "km" else "km"

        def distance(km: float, in_unit: str) -> str:
            return f"{short_number(km_to(km, in_unit))} {'km' if in_unit == 'km' else 'miles'}"

        return [
            reading("weeks off running", self.weeks_off.value, f"{short_number(values['weeks_off'])} weeks"),
            reading("weekly distance before", self.weekly.value, distance(values["weekly_km_before"], unit),
                    distance(values["weekly_km_before"], other)),
            reading("longest run", self.longest.value, distance(values["longest_km_before"], unit),
                    distance(values["longest_km_before"], other)),
            speed_reading(self.pace.value, values["easy_speed_kmh"], unit),
            reading("walking pain", self.walking_pain.value, f"{short_number(values['walking_pain'])} of 10"),
            reading("pain on waking", self.morning_pain.value, f"{short_number(values['morning_pain'])} of 10"),
            reading("brisk walking", self.walk_min.value, f"{short_number(values['brisk_walk_min'])} min"),
        ]

    def relabel(self, old: str, unit: str) -> None:
        """Rewrite distances and pace in the new unit; a box that does not parse is left as typed."""
        for box in (self.weekly, self.longest):
            try:
                box.value = _short(km_to(to_km(float(box.value.replace(",", ".")), old), unit))
            except ValueError:
                pass
        try:
            self.pace.value = pace_text(speed_kmh_from(self.pace.value, "pace", old), unit).split(" ")[0]
        except ValueError:
            pass
        per = "km" if unit == "km" else "miles"
        self.weekly.description = f"Weekly {per} before"
        self.longest.description = f"Longest run ({per})"
        self.pace.description = f"Easy pace (per {'km' if unit == 'km' else 'mile'})"


def _short(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def return_to_run_planner() -> PlannerApp:
    """Lesson 09: a graded walk–run return to running, with the pain rules to move on."""
    units = widgets.ToggleButtons(options=[("km", "km"), ("miles", "mi")], value="km", description="Units",
                                  style=WIDE)
    boxes = _Boxes()
    # Buttons, not a drop-down: in JupyterLab arrow keys on a focused drop-down move the notebook's
    # cell cursor instead (stack notes); a button is chosen with Tab and Space or Enter.
    level = widgets.ToggleButtons(options=LEVEL_OPTIONS, value="not done", description="Self-check result",
                                  tooltips=[f"Your self-check (lesson 08) said: {label}" for label, _ in LEVEL_OPTIONS],
                                  style={**WIDE, "button_width": "auto"}, layout={"width": "100%"})
    checked = widgets.Checkbox(value=False, indent=False, disabled=True,
                               description="A clinician has checked me and agrees I can start",
                               layout={"width": "auto"})
    upload = widgets.FileUpload(accept=".json", multiple=False, description="Load saved self-check",
                                layout={"width": "auto", "max_width": "24em"},
                                tooltip="Read the self-check file you saved in lesson 08 (it stays on this computer)")
    upload_note = widgets.HTML()
    last = {"plan": None, "unit": "km"}

    def render() -> tuple[View, tuple | None, object]:
        unit = units.value
        values = boxes.read(unit)
        worst = max(values["walking_pain"], values["morning_pain"])
        needs_check = level.value == "soon" or worst >= recovery.SEVERE_PAIN
        checked.disabled = not needs_check or level.value in ("urgent", "emergency")
        plan = recovery.return_to_run_plan(**values, level=level.value,
                                           clinician_checked=checked.value and not checked.disabled, unit=unit)
        last["plan"] = plan
        takeaway = (read_as_html(boxes.readings(values, unit)) +
                    f"<b>{STATUS_TITLES[plan.status]}.</b> {html.escape(plan.message)}")
        if plan.status == "see care":
            takeaway += ' <a href="08-self-check.ipynb">Open lesson 08</a>.'
        if not plan.has_plan:
            return View(None, takeaway, "no chart: there is no plan to draw yet."), None, None
        key = (unit, plan.target_long_km, tuple(plan.sessions["run_km"]), tuple(plan.sessions["spike_percent"].fillna(-1)))
        view = View(None, takeaway, plan_description(plan, unit), recovery.readable_plan(plan, unit))
        return view, key, lambda: plan_output(plan, unit)

    controls = [units, level, upload, upload_note, checked, boxes.weeks_off, boxes.weekly, boxes.longest, boxes.pace,
                boxes.walking_pain, boxes.morning_pain, boxes.walk_min]
    app = PlannerApp(controls, render, redraw_on=[c for c in controls if c not in (units, upload, upload_note)])
    app.show_numbers.value = True  # the plan as a table is part of the answer, shown from the start

    def switch_unit(change: dict) -> None:
        with app.paused():
            boxes.relabel(last["unit"], units.value)
            last["unit"] = units.value

    units.observe(switch_unit, names="value")

    def load_saved(change: dict) -> None:
        """Set the self-check result from the newest check in the uploaded file; say so, or why not."""
        if not upload.value:
            return
        item = upload.value[0]
        try:
            checks = checks_from_upload(item["name"], bytes(item["content"]))
            if not checks:
                raise SelfCheckFileError(f"{item['name']} holds no saved check. Save one in lesson 08 first.")
        except SelfCheckFileError as error:
            upload_note.value = f'<span role="alert"><b>Not loaded:</b> {html.escape(str(error))}</span>'
            return
        newest = checks[-1]
        saved = newest.result.level
        upload_note.value = (f'<span role="status">Loaded the check saved {html.escape(newest.saved_at)}: '
                             f'{html.escape(saved)}. A lower level can be chosen only after a new self-check '
                             "(lesson 08) says so.</span>")
        # The learner may say things are worse than the saved check, never better.
        level.options = [option for option in LEVEL_OPTIONS if LEVELS.index(option[1]) >= LEVELS.index(saved)]
        level.value = saved

    upload.observe(load_saved, names="value")
    app.morning_check = _morning_check(boxes, level, checked)
    app.children = (*app.children, app.morning_check)
    app.boxes, app.level, app.checked, app.units, app.upload, app.upload_note = (boxes, level, checked, units,
                                                                                 upload, upload_note)
    app.plan = lambda: last["plan"]
    return app


def _morning_check(boxes: _Boxes, level: widgets.ToggleButtons, checked: widgets.Checkbox) -> widgets.VBox:
    """The morning after a session: this morning's pain against the usual → what to do next.

    It reads the self-check result first (``recovery.morning_gate``): at urgent or emergency
    it shows the see-care advice and never a next step; at "not done" it asks for the
    self-check; at "soon" it waits for the clinician box.
    """
    after = _text("", "Pain this morning (0–10)", "e.g. 2")
    red = widgets.Checkbox(value=False, indent=False, description="I have one of the red flags in the safety note",
                           layout={"width": "auto"})
    prompt = '<div role="status" aria-live="polite">Type this morning\'s pain to see what to do next.</div>'
    answer = widgets.HTML(prompt)
    answer.add_class("bot-morning-answer")

    def show(text: str) -> None:
        answer.value = f'<div role="status" aria-live="polite">{text}</div>'

    def update(change: dict | None = None) -> None:
        blocked = recovery.morning_gate(level.value, checked.value and not checked.disabled, red.value)
        if blocked is not None:
            show(html.escape(blocked) + (' <a href="08-self-check.ipynb">Open lesson 08</a>.'
                                         if level.value != "soon" or red.value else ""))
            return
        if not after.value.strip():
            answer.value = prompt
            return
        try:
            usual = _pain(boxes.morning_pain.value, "Pain on waking")
            decision = recovery.next_step(usual, _pain(after.value, "Pain this morning"))
        except ValueError as error:
            answer.value = f'<span role="alert"><b>Please check:</b> {html.escape(str(error))}</span>'
            return
        show(f"<b>Next:</b> {html.escape(decision)}.")

    for control in (after, red, boxes.morning_pain, level, checked):
        control.observe(update, names="value")
    checked.observe(update, names="disabled")
    heading = widgets.HTML("<b>The morning after a session</b>: compare with your usual pain on waking (above).")
    box = widgets.VBox([heading, after, red, answer])
    box.after, box.red, box.answer = after, red, answer
    update()
    return box
