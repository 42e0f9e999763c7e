"""Kernel-side widget callback timings. Runs inside a real Jupyter kernel (see run.py),
so each update includes serialising the widget state onto the kernel's message channel.

Each benchmark makes one widget, then times 50 value changes of one control: the
callback redraws the figure and text. Later lessons add their widgets to WIDGETS.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Sequence

import helpers
from helpers.widgets import environment_check_app, load_explorer
from helpers.widgets import stride_explorer
from helpers.widgets import pelvic_tilt_explorer
from helpers.widgets import ramp_simulator, training_log_explorer
from helpers.widgets import imaging_by_age
from helpers.widgets import camber_explorer, shoe_wear_tracker
from helpers.widgets.hills import downhill_checker
from helpers.widgets import core_endurance_test, progression_builder
from helpers.widgets import plan_builder
from helpers.widgets import return_to_run_planner

UPDATES = 50


def _control(app, description: str):
    return next(control for control in app.controls if control.description == description)


def _cycle(values: Sequence, count: int) -> list:
    return [values[index % len(values)] for index in range(count)]


def time_updates(set_value: Callable[[object], None], values: Sequence) -> list[float]:
    """Milliseconds for each of ``UPDATES`` calls of ``set_value``."""
    timings = []
    for value in _cycle(values, UPDATES):
        started = time.perf_counter()
        set_value(value)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def environment_slider() -> list[float]:
    slider = _control(environment_check_app(), "Test slider")
    return time_updates(lambda value: setattr(slider, "value", value), list(range(1, 11)))


def load_explorer_speed() -> list[float]:
    slider = _control(load_explorer(), "Speed (km/h)")
    return time_updates(lambda value: setattr(slider, "value", value), [6.0 + 0.5 * step for step in range(33)])


def load_explorer_units() -> list[float]:
    units = load_explorer().controls[0]
    return time_updates(lambda value: setattr(units, "value", value), ["mi", "km"])


def self_test_check() -> list[float]:
    question = helpers.self_test(1).children[0]
    choices, check = question.children[1], question.children[2]

    def answer(index: int) -> None:
        choices.index = index
        check.click()

    return time_updates(answer, [0, 1, 2])


def stride_explorer_cadence() -> list[float]:
    slider = _control(stride_explorer(), "Cadence (steps/min)")
    return time_updates(lambda value: setattr(slider, "value", value), list(range(150, 191)))


def stride_explorer_pace() -> list[float]:
    pace = _control(stride_explorer(), "Pace (min:s per km)")
    return time_updates(lambda value: setattr(pace, "value", value), ["5:00", "5:30", "6:00", "6:30"])


def stride_explorer_units() -> list[float]:
    units = _control(stride_explorer(), "Units")
    return time_updates(lambda value: setattr(units, "value", value), ["mi", "km"])


def pelvic_tilt_slider() -> list[float]:
    slider = _control(pelvic_tilt_explorer(), "Pelvic tilt, PT (°)")
    return time_updates(lambda value: setattr(slider, "value", value), [round(2.0 + 0.1 * step, 1) for step in range(200)])


def pelvic_tilt_preset() -> list[float]:
    buttons = pelvic_tilt_explorer().preset_buttons
    return time_updates(lambda index: buttons[index].click(), [0, 1, 2, 3])


def pelvic_tilt_typed() -> list[float]:
    app = pelvic_tilt_explorer()
    typed = next(box for box in app.typed.values() if box.description.startswith("Type a pelvic tilt"))
    return time_updates(lambda value: setattr(typed, "value", value), ["10", "95", "14.5", "abc", "12"])


def self_check_submit() -> list[float]:
    from helpers.selfcheck import sample_answers

    form = helpers.self_check_form()
    form.set_answers(sample_answers("maya"))
    spike = form.controls["long_run_spike"]

    def submit(answer: str) -> None:
        spike.value = answer
        form.submit_button.click()

    return time_updates(submit, ["yes", "no"])


def self_check_submit_with_problems() -> list[float]:
    form = helpers.self_check_form()
    age, saddle = form.controls["age"], form.controls["saddle_numbness"]

    def submit(typed: str) -> None:
        age.value, saddle.value = typed, "yes"
        form.submit_button.click()

    return time_updates(submit, ["abc", "340"])


def ramp_simulator_increase() -> list[float]:
    slider = _control(ramp_simulator(), "Weekly increase (%)")
    return time_updates(lambda value: setattr(slider, "value", value), list(range(5, 31)))


def ramp_simulator_break_compared() -> list[float]:
    app = ramp_simulator()
    _control(app, "Compare with").value = "ten"
    _control(app, "Show team-sport reference bands (Gabbett 2016)").value = True
    slider = _control(app, "Break (weeks, 0 = none)")
    return time_updates(lambda value: setattr(slider, "value", value), list(range(1, 13)))


def ramp_simulator_units() -> list[float]:
    units = _control(ramp_simulator(), "Units")
    return time_updates(lambda value: setattr(units, "value", value), ["mi", "km"])


def training_log_ratio() -> list[float]:
    ratio = _control(training_log_explorer(), "Ratio to show")
    return time_updates(lambda value: setattr(ratio, "value", value), ["uncoupled", "ewma", "coupled"])


def imaging_age_slider() -> list[float]:
    slider = imaging_by_age().age
    return time_updates(lambda value: setattr(slider, "value", value), [20, 30, 40, 50, 60, 70, 80, 70, 60, 50, 40, 30])


def imaging_finding_buttons() -> list[float]:
    buttons = imaging_by_age().finding
    return time_updates(lambda value: setattr(buttons, "value", value), [key for _, key in buttons.options])


def imaging_typed_age() -> list[float]:
    typed = imaging_by_age().typed
    return time_updates(lambda value: setattr(typed, "value", value), ["45", "abc", "62", "95", "28"])


def _uncached(app, control) -> Callable[[object], None]:
    """Set ``control`` as if a new log had just been read: the tracker's sums and views are made anew."""
    def set_value(value: object) -> None:
        app.state.update(version=app.state.get("version", 0) + 1, cache={}, views={})
        control.value = value
    return set_value


def shoe_tracker_units() -> list[float]:
    app = shoe_wear_tracker()
    return time_updates(_uncached(app, app.units), ["mi", "km"])


def shoe_tracker_what_if() -> list[float]:
    app = shoe_wear_tracker()
    return time_updates(_uncached(app, app.spread), [2, 3, 0])


def shoe_tracker_typed() -> list[float]:
    app = shoe_wear_tracker()
    app.source.value = "typed"
    def show(text: str) -> None:
        app.typed.value = text
        app.show_typed.click()
    return time_updates(show, ["Road, 420\nTrail, 150", "Road 420", "Road, 300 mi\nTrail, 95\nFlats, 12 km",
                               "Road, 1,200", "Road, 1 200\nTrail, 312,5"])


def camber_slope() -> list[float]:
    slider = _control(camber_explorer(), "Road slope (%)")
    return time_updates(lambda value: setattr(slider, "value", value), [0.5 * step for step in range(21)])


def camber_units() -> list[float]:
    app = camber_explorer()
    return time_updates(lambda value: setattr(app.units, "value", value), ["in", "cm"])


def downhill_threshold() -> list[float]:
    slider = downhill_checker().threshold
    return time_updates(lambda value: setattr(slider, "value", value), [2.0 + 0.5 * step for step in range(27)])


def downhill_units() -> list[float]:
    units = downhill_checker().units
    return time_updates(lambda value: setattr(units, "value", value), ["mi", "km"])


def core_self_test_typed() -> list[float]:
    box = core_endurance_test().boxes["side_left"]
    return time_updates(lambda value: setattr(box, "value", value), ["80", "68", "75", "1:10"])


def core_self_test_compare() -> list[float]:
    sex = core_endurance_test().sex
    return time_updates(lambda value: setattr(sex, "value", value), ["men", "women"])


def progression_builder_tick() -> list[float]:
    tick = progression_builder().ticks["plank"]
    return time_updates(lambda value: setattr(tick, "value", value), [True, False])


def progression_builder_sessions() -> list[float]:
    sessions = progression_builder().sessions
    return time_updates(lambda value: setattr(sessions, "value", value), ["3", "4", "2"])


def plan_builder_increase() -> list[float]:
    slider = plan_builder(web_app=True, timezone="Europe/London").increase
    return time_updates(lambda value: setattr(slider, "value", value), list(range(5, 31)))


def plan_builder_biggest_plan() -> list[float]:
    builder = plan_builder(web_app=True, timezone="Europe/London")
    builder.weeks.value, builder.runs.value, builder.strength.value = 12, 5, 4
    return time_updates(lambda value: setattr(builder.increase, "value", value), list(range(5, 31)))


def plan_builder_make_files() -> list[float]:
    builder = plan_builder(web_app=True, timezone="Europe/London")
    builder.weeks.value, builder.runs.value, builder.strength.value = 12, 5, 4
    return time_updates(lambda _: builder.make_button.click(), [0])


def appointment_notes_load() -> list[float]:
    from datetime import datetime, timezone  # noqa: PLC0415

    from helpers.selfcheck import assess, sample_answers  # noqa: PLC0415
    from helpers.selfcheck_store import download_text  # noqa: PLC0415
    from helpers.widgets.clinician import appointment_notes_app  # noqa: PLC0415

    app = appointment_notes_app()
    files = {name: download_text(assess(sample_answers(name))).encode() for name in ("maya", "sam")}

    def load(name: str) -> None:
        content = files[name]
        app.upload.value = ({"name": f"{name}.json", "type": "application/json", "size": len(content),
                             "content": memoryview(content), "last_modified": datetime(2026, 12, 1, tzinfo=timezone.utc)},)

    return time_updates(load, ["maya", "sam"])


def planner_longest_run() -> list[float]:
    box = return_to_run_planner().boxes.longest
    return time_updates(lambda value: setattr(box, "value", value), ["14", "12", "20", "8"])


def planner_walking_pain() -> list[float]:
    box = return_to_run_planner().boxes.walking_pain
    return time_updates(lambda value: setattr(box, "value", value), ["1", "0", "12", "0"])


def planner_units() -> list[float]:
    units = return_to_run_planner().units
    return time_updates(lambda value: setattr(units, "value", value), ["mi", "km"])


WIDGETS = {
    "00 environment check: slider": environment_slider,
    "01 load explorer: speed slider": load_explorer_speed,
    "01 load explorer: units toggle": load_explorer_units,
    "01 self-test: check answer": self_test_check,
    "02 stride explorer: cadence slider": stride_explorer_cadence,
    "02 stride explorer: typed pace": stride_explorer_pace,
    "02 stride explorer: units toggle": stride_explorer_units,
    "03 pelvic tilt: tilt slider": pelvic_tilt_slider,
    "03 pelvic tilt: preset button": pelvic_tilt_preset,
    "03 pelvic tilt: typed value": pelvic_tilt_typed,
    "08 self-check: submit (result)": self_check_submit,
    "08 self-check: submit (problems named)": self_check_submit_with_problems,
    "06 ramp simulator: weekly increase": ramp_simulator_increase,
    "06 ramp simulator: break, two plans, bands": ramp_simulator_break_compared,
    "06 ramp simulator: units toggle": ramp_simulator_units,
    "06 training log explorer: ratio (4-year log)": training_log_ratio,
    "07 imaging by age: age slider": imaging_age_slider,
    "07 imaging by age: finding buttons": imaging_finding_buttons,
    "07 imaging by age: typed age": imaging_typed_age,
    "07 appointment notes: load a saved self-check": appointment_notes_load,
    "05 shoe tracker: units toggle (4-year log, uncached)": shoe_tracker_units,
    "05 shoe tracker: what if 2 or 3 pairs (uncached)": shoe_tracker_what_if,
    "05 shoe tracker: typed pairs (good, bad, ambiguous)": shoe_tracker_typed,
    "05 camber: road slope slider": camber_slope,
    "05 camber: cm/in toggle": camber_units,
    "05 downhill checker: threshold slider (2 runs)": downhill_threshold,
    "05 downhill checker: units toggle": downhill_units,
    "04 core self-test: typed hold": core_self_test_typed,
    "04 core self-test: compare with": core_self_test_compare,
    "04 progression builder: tick exercise": progression_builder_tick,
    "04 progression builder: sessions per week": progression_builder_sessions,
    "10 plan builder: weekly increase (8 weeks)": plan_builder_increase,
    "10 plan builder: weekly increase (12 weeks, 9 sessions a week)": plan_builder_biggest_plan,
    "10 plan builder: make the three files (12 weeks)": plan_builder_make_files,
    "09 return-to-run planner: longest run (new plan)": planner_longest_run,
    "09 return-to-run planner: walking pain (no plan, refused, plan)": planner_walking_pain,
    "09 return-to-run planner: units toggle": planner_units,
}


def main() -> None:
    results = {}
    for name, benchmark in WIDGETS.items():
        timings = sorted(benchmark())
        results[name] = {
            "median_ms": statistics.median(timings),
            "p95_ms": timings[int(0.95 * (len(timings) - 1))],
        }
    print("WIDGET-TIMINGS " + json.dumps(results))


if __name__ == "__main__":
    main()
