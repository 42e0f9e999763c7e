"""Lesson 04 widgets: the core-endurance self-test, the exercise library and the six-week plan builder."""

from __future__ import annotations

import html
import time
from collections.abc import Callable

import ipywidgets as widgets
import pandas as pd

from helpers import core
from helpers.figures.core import progression_figure, self_test_figure
from helpers.figures.poses import poses_figure
from helpers.inputs import read_as_html, reading
from helpers.poses import pose
from helpers.references import cite
from helpers.widgets.base import WIDE, FigureApp, View

#: The example runner the self-test starts with (a learner replaces the numbers with their own).
EXAMPLE_HOLDS = {"flexor": "120", "extensor": "150", "side_right": "80", "side_left": "68", "plank": ""}
BOX_LAYOUT = widgets.Layout(width="calc(100% - 4px)", max_width="30em")


def _box(test: str, value: str) -> widgets.Text:
    placeholder = "optional: seconds, e.g. 60" if test == "plank" else "seconds, e.g. 95, or 1:35"
    return widgets.Text(value=value, description=f"{core.TEST_NAMES[test]} (s)", continuous_update=False,
                        placeholder=placeholder, style=WIDE, layout=BOX_LAYOUT,
                        tooltip=f"{core.TEST_NAMES[test]}: seconds or minutes:seconds; empty if not done")


TIMER_NAMES = {"flexor": "flexor", "extensor": "extensor", "side_right": "right", "side_left": "left", "plank": "plank"}


def core_endurance_test(clock: Callable[[], float] = time.monotonic) -> FigureApp:
    """Lesson 04: type (or time) your holds; see McGill's balance ratios and the reference samples.

    Each "Time …" button starts a stopwatch for one hold; pressing it again ("Stop …") writes the
    whole seconds into that hold's box. ``clock`` gives seconds (replaceable in tests).
    """
    boxes = {test: _box(test, value) for test, value in EXAMPLE_HOLDS.items()}
    sex = widgets.ToggleButtons(options=[("men", "men"), ("women", "women")], value="women",
                                description="Compare with", style=WIDE,
                                tooltips=["reference samples of men", "reference samples of women"])

    def render() -> View:
        holds = core.holds_from_text({test: box.value for test, box in boxes.items()})
        ratios = core.ratios(holds)
        comparisons = core.compare_with_norms(holds, sex.value)
        typed = {test: holds.get(test) for test in core.TEST_NAMES}
        lines = core.summary(holds, sex.value)
        takeaway = f"<p><b>{html.escape(lines[0])}</b></p>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
        takeaway = read_as_html(core.hold_readings({test: box.value for test, box in boxes.items()}, holds)) + takeaway
        shown = ", ".join(f"{core.TEST_NAMES[t].lower()} {v:.0f} s" for t, v in typed.items() if v is not None)
        cutoffs = core.sorensen_cutoffs(sex.value) if holds.extensor is not None else []
        description = (f"Two panels. Top: your balance ratios as bars with McGill's targets as marks. Bottom: your "
                       f"holds ({shown}) as diamonds beside the reference means for {sex.value}"
                       + (", and dashed lines at Biering-Sørensen's " + " and ".join(f"{c.value:.0f} s" for c in cutoffs)
                          + " across the extensor hold (men only)." if cutoffs else "."))
        return View(self_test_figure(ratios, comparisons, typed, cutoffs), takeaway, description,
                    core.numbers(holds, sex.value))

    app = FigureApp([sex, *boxes.values()], render)
    timers = {test: widgets.ToggleButton(value=False, description=f"Time {name}", icon="clock",
                                         tooltip=f"Start a stopwatch for the {core.TEST_NAMES[test].lower()}; press again to stop",
                                         layout=widgets.Layout(width="auto"))
              for test, name in TIMER_NAMES.items()}
    status = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
    started: dict[str, float] = {}

    def toggle(change: dict) -> None:
        test = next(key for key, button in timers.items() if button is change["owner"])
        button, name = timers[test], core.TEST_NAMES[test].lower()
        if change["new"]:
            for other, other_button in timers.items():
                if other != test and other_button.value:
                    started.pop(other, None)
                    other_button.value = False  # one stopwatch at a time: the other one is cancelled
            started[test] = clock()
            button.description = f"Stop {TIMER_NAMES[test]}"
            status.value = (f'<span role="status">Timing the {html.escape(name)}. Press '
                            f"<b>Stop {TIMER_NAMES[test]}</b> when the position breaks, or at once if it hurts.</span>")
            return
        button.description = f"Time {TIMER_NAMES[test]}"
        if test not in started:
            return
        seconds = clock() - started.pop(test)
        if seconds < core.HOLD_RANGE_S[0]:
            status.value = f'<span role="status">The stopwatch ran under a second, so the {html.escape(name)} box was not changed.</span>'
            return
        if seconds > core.HOLD_RANGE_S[1]:
            status.value = (f'<span role="status">The stopwatch ran over 15 minutes (was it left running?), so the '
                            f"{html.escape(name)} box was not changed.</span>")
            return
        boxes[test].value = f"{round(seconds)}"
        status.value = f'<span role="status">{html.escape(core.TEST_NAMES[test])}: {boxes[test].value} s, written in its box.</span>'

    for button in timers.values():
        button.observe(toggle, names="value")
    timer_row = widgets.HBox([widgets.Label("Stopwatch:"), *timers.values()], layout=widgets.Layout(flex_flow="row wrap"))
    app.children = (widgets.VBox([sex, *boxes.values(), timer_row, status]), *app.children[1:])
    app.boxes, app.sex, app.timers, app.timer_status = boxes, sex, timers, status
    return app


class ExerciseLibrary:
    """The exercise library as cards: HTML in a notebook, plain text elsewhere."""

    def __init__(self) -> None:
        self.table = core.exercises()

    def __repr__(self) -> str:
        lines = []
        for key, row in self.table.iterrows():
            dose = core.dose_text(int(row["start_dose"]), row["dose_kind"], bool(row["per_side"]))
            lines.append(f"{row['name']} — {row['muscles']}. Start: {int(row['sets'])} × {dose}. "
                         f"Claim: {row['popular_claim']} Verdict: {row['verdict']} ({_sources(key)}).")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        # back-on-track-app: the course's browser layer keeps JupyterLab's shortcuts off its keys (Enter opens a card)
        return '<div class="bot-exercise-library back-on-track-app">' + "".join(self._card(key, row) for key, row in self.table.iterrows()) + "</div>"

    @staticmethod
    def _card(key: str, row) -> str:
        steps = "".join(f"<li>{html.escape(step)}</li>" for step in core.exercise_steps(key))
        dose = core.dose_text(int(row["start_dose"]), row["dose_kind"], bool(row["per_side"]))
        top = core.dose_text(int(row["max_dose"]), row["dose_kind"], bool(row["per_side"]))
        e = html.escape
        return (
            f'<details class="bot-exercise" id="exercise-{e(key)}"><summary><b>{e(row["name"])}</b> — {e(row["muscles"])}</summary>'
            f"<ol>{steps}</ol>"
            f"<p><b>Easier:</b> {e(row['easier'])}. <b>Harder:</b> {e(row['harder'])}.</p>"
            f"<p><b>Start:</b> {int(row['sets'])} sets × {e(dose)}; add {int(row['weekly_step'])} "
            f"{'s' if row['dose_kind'] == 'hold' else 'reps'} a week up to {e(top)} (the course's suggestion).</p>"
            f"<p><b>The claim:</b> {e(row['popular_claim'])} <b>The evidence:</b> {e(row['evidence'])} "
            f"<b>Verdict: {e(row['verdict'])}</b> ({e(_sources(key))}).</p></details>"
        )


def _sources(key: str) -> str:
    return "; ".join(cite(source) for source in core.exercise_sources(key))


def exercise_library() -> ExerciseLibrary:
    """Lesson 04: every exercise as a folded card (how to do it, easier/harder, dose, claim and verdict)."""
    return ExerciseLibrary()


def progression_builder() -> FigureApp:
    """Lesson 04: tick exercises and type sessions per week; see a six-week progression and its table."""
    table = core.exercises()
    ticks = {key: widgets.Checkbox(value=key in ("side-plank", "glute-bridge", "bird-dog"), description=row["name"],
                                   indent=False, layout=widgets.Layout(width="16em"))
             for key, row in table.iterrows()}
    sessions = widgets.Text(value="2", description="Sessions per week (1–7)", continuous_update=False, style=WIDE,
                            layout=widgets.Layout(width="calc(100% - 4px)", max_width="22em"), placeholder="e.g. 2")

    def render() -> View:
        keys = [key for key, tick in ticks.items() if tick.value]
        if not keys:
            raise ValueError("Tick at least one exercise to build a plan.")
        per_week = core.parse_sessions(sessions.value)
        plan = core.progression(keys, per_week)
        takeaway = read_as_html([reading("sessions per week", sessions.value, str(per_week))]) + progression_takeaway(plan)
        weeks = core.plan_rows(plan)
        names = list(dict.fromkeys(row["exercise"] for row in weeks))
        description = (f"Dose per set at each session for {', '.join(names)}: {per_week} session(s) a week on days "
                       f"{weeks[0]['days']} of each week, over {core.WEEKS} weeks.")
        numbers = pd.DataFrame([{"exercise": name, "per": per, **{f"week {row['week']}": row[column] for row in weeks
                                                                  if row["exercise"] == name}}
                                for name in names for per, column in (("set", "dose_text"), ("week", "week_total_text"))])
        return View(progression_figure(plan), takeaway, description, numbers)

    tick_box = widgets.HBox(list(ticks.values()), layout=widgets.Layout(flex_flow="row wrap"))
    app = FigureApp([*ticks.values(), sessions], render)
    app.children = (widgets.VBox([widgets.Label("Exercises in the plan:"), tick_box, sessions]), *app.children[1:])
    app.ticks, app.sessions = ticks, sessions
    return app


def progression_takeaway(plan: pd.DataFrame) -> str:
    """The plan in words (HTML): each exercise week 1 → last week, per set and per week; the rules that go with it."""
    weeks = core.plan_rows(plan)
    last = max(row["week"] for row in weeks)
    first_rows = [row for row in weeks if row["week"] == 1]
    last_rows = {row["exercise"]: row for row in weeks if row["week"] == last}
    per_week = first_rows[0]["sessions"]
    e = html.escape
    changes = "".join(
        f"<li>{e(a['exercise'])}: {a['sets']} × {e(a['dose_text'])} → {e(last_rows[a['exercise']]['dose_text'])} "
        f"(in all {e(a['week_total_text'])} → {e(last_rows[a['exercise']]['week_total_text'])} a week)</li>"
        for a in first_rows)
    notes = []
    if plan.attrs["back_to_back"]:
        count = plan.attrs["back_to_back"]
        notes.append(f"With {per_week} sessions a week, {'one of them comes' if count == 1 else f'{count} of them come'} "
                     f"the day after another: the course suggests at most {core.MOST_WITH_REST_DAYS}, with a rest day "
                     "between.")
    if per_week < core.SESSIONS_PER_STEP:
        notes.append(f"With one session a week each dose rises every second week (a step after {core.SESSIONS_PER_STEP} "
                     "sessions at a dose).")
    return (f"<p><b>{len(first_rows)} exercise(s), {per_week} session(s) a week (days {e(first_rows[0]['days'])} of each "
            f"week), week 1 → week {last}:</b></p><ul>{changes}</ul>"
            + "".join(f"<p><b>{e(note)}</b></p>" for note in notes)
            + "".join(f"<p>{e(plan.attrs[rule])}</p>" for rule in ("step_rule", "rest_rule", "pain_rule")))


def draw_poses(rows) -> None:
    """Show stick-figure drawings (rows of pose keys, read left to right) and, below, what each shows in words."""
    from IPython.display import Markdown, display  # noqa: PLC0415  (only in a notebook)

    drawn = [[pose(key) for key in row] for row in rows]
    display(poses_figure(drawn))
    display(Markdown("\n".join(f"- **{item.label}:** {item.alt_text}" for row in drawn for item in row)))
