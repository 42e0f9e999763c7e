"""Lesson 02 widget: the stride explorer (step length, foot landing, cadence +5 % and +10 %)."""

from __future__ import annotations

import ipywidgets as widgets

from helpers import stride
from helpers.figures.stride import stride_figure
from helpers.inputs import read_as_html
from helpers.units import km_to, pace_text, to_km
from helpers.widgets.base import SLIDER_LAYOUT, WIDE, FigureApp, View

CM_PER_INCH = 2.54
TEXT_LAYOUT = {"width": "24em"}
TOGGLE_STYLE = {**WIDE, "button_width": "13em"}


def _text(value: str) -> widgets.Text:
    return widgets.Text(value=value, continuous_update=False, style=WIDE, layout=TEXT_LAYOUT)


def _length_cm(text: str, name: str, bounds_cm: tuple[float, float], unit: str) -> float:
    """A typed length in cm (metric) or inches (imperial), returned in cm."""
    factor = 1.0 if unit == "km" else CM_PER_INCH
    low, high = bounds_cm
    return factor * stride.parse_number(text, name, (low / factor, high / factor), "cm" if unit == "km" else "in")


def stride_explorer() -> FigureApp:
    """Lesson 02: step length, where the foot lands, and what cadence +5 % and +10 % change."""
    units = widgets.ToggleButtons(options=[("metric (km, cm)", "km"), ("imperial (miles, inches)", "mi")],
                                  value="km", description="Units", style=TOGGLE_STYLE)
    mode = widgets.ToggleButtons(options=[("pace", "pace"), ("speed", "speed")], value="pace",
                                 description="Enter speed as", style=TOGGLE_STYLE)
    speed = _text("6:00")
    cadence = widgets.IntSlider(value=160, min=int(stride.CADENCE_RANGE_SPM[0]), max=200, step=1,
                                description="Cadence (steps/min)", continuous_update=False, style=WIDE,
                                layout=SLIDER_LAYOUT)
    leg = _text("90")
    foot = _text("20")
    weekly = _text("30")

    def read() -> dict[str, float]:
        unit = units.value
        return {
            "speed_kmh": stride.speed_kmh_from(speed.value, mode.value, unit),
            "leg_length_cm": _length_cm(leg.value, "Leg length", stride.LEG_LENGTH_RANGE_CM, unit),
            "foot_ahead_cm": _length_cm(foot.value, "Foot ahead of the hip", stride.FOOT_AHEAD_RANGE_CM, unit),
            "weekly_km": to_km(stride.parse_number(
                weekly.value, "Weekly volume", tuple(km_to(v, unit) for v in stride.WEEKLY_RANGE_KM),
                "km" if unit == "km" else "miles"), unit),
        }

    def render() -> View:
        values = read()
        report = stride.stride_report(values["speed_kmh"], cadence.value, values["leg_length_cm"],
                                      values["foot_ahead_cm"], values["weekly_km"])
        unit = units.value
        typed = {"speed_kmh": speed.value, "leg_length_cm": leg.value, "foot_ahead_cm": foot.value, "weekly_km": weekly.value}
        echo = read_as_html(stride.readings(typed, values, unit, mode.value))
        return View(stride_figure(report, unit), echo + stride.describe(report, unit),
                    stride.figure_description(report, unit), stride.figure_numbers(report, unit))

    app = FigureApp([units, mode, speed, cadence, leg, foot, weekly], render)
    shown = {"unit": units.value, "mode": mode.value}
    _convert = _Converter()

    def relabel(change: dict | None = None) -> None:
        """Label the boxes for the chosen unit and speed mode, converting values that are valid."""
        old_unit, unit = shown["unit"], units.value
        with app.paused():
            if change is not None:
                _convert(speed, lambda: stride.speed_kmh_from(speed.value, shown["mode"], old_unit),
                         lambda kmh: pace_text(kmh, unit).split(" ")[0] if mode.value == "pace"
                         else _short(km_to(kmh, unit)))
                for box, name, bounds in ((leg, "Leg length", stride.LEG_LENGTH_RANGE_CM),
                                          (foot, "Foot ahead", stride.FOOT_AHEAD_RANGE_CM)):
                    _convert(box, lambda box=box, name=name, bounds=bounds: _length_cm(box.value, name, bounds, old_unit),
                             lambda cm: _short(cm if unit == "km" else cm / CM_PER_INCH))
                _convert(weekly, lambda: to_km(float(weekly.value), old_unit),
                         lambda km: _short(km_to(km, unit)))
            shown.update(unit=unit, mode=mode.value)
            per = "km" if unit == "km" else "mile"
            length = "cm" if unit == "km" else "in"
            speed.description = f"Pace (min:s per {per})" if mode.value == "pace" else (
                "Speed (km/h)" if unit == "km" else "Speed (mph)")
            speed.placeholder = "e.g. 6:00" if mode.value == "pace" else "e.g. 10"
            leg.description = f"Leg length ({length})"
            foot.description = f"Foot ahead of hip ({length})"
            weekly.description = "Weekly volume (km)" if unit == "km" else "Weekly volume (miles)"

    relabel()
    for toggle in (units, mode):  # relabel converts the boxes first, then redraws once
        toggle.unobserve(app.refresh, names="value")
        toggle.observe(relabel, names="value")
    return app


class _Converter:
    """Rewrites boxes in a new unit without drift: a box still showing what was last written
    converts from the exact value behind it, not from the rounded text."""

    def __init__(self) -> None:
        self.written: dict[int, tuple[str, float]] = {}

    def __call__(self, box: widgets.Text, parse, format_) -> None:
        """Rewrite ``box`` via ``parse()`` (old unit → base unit) and ``format_`` (base → new text).

        A box that does not parse is left as typed (nothing the learner entered is lost).
        """
        text, base = self.written.get(id(box), (None, None))
        if box.value != text:
            try:
                base = parse()
            except ValueError:
                return
        box.value = format_(base)
        self.written[id(box)] = (box.value, base)


def _short(value: float) -> str:
    """A number with at most one decimal and no trailing zero: 30.0 → '30', 18.64 → '18.6'."""
    return f"{value:.1f}".rstrip("0").rstrip(".")
