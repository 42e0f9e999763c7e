"""Lesson 02 model: step length, foot landing ahead of the hip, and what a cadence change does.

Inputs: running speed (km/h, or a pace per km or per mile), cadence (steps per minute),
leg length, how far ahead of the hip the foot lands now, and weekly running volume.

Assumptions, stated so a learner can question them:

* **Step length** is speed divided by cadence (a step is one foot landing; a stride is
  two steps, so 85 strides/min = 170 steps/min). Steps per km and per mile follow.
* **Cadence changes at the same speed.** The model changes cadence only, as the studies
  did: speed stays the same, so a higher cadence means shorter steps.
* **Where the foot lands** (overstride): the horizontal distance from the hip to the
  foot at touchdown. The model does *not* predict this distance from speed or body
  size: no study in our evidence sheet reports a typical value. The learner measures it
  on a side-view video of their own running (lesson 02 shows how) and types it in.
* **How landing moves with cadence** (Lieberman et al. 2015: 14 runners at 3.0 m/s,
  75–95 strides/min): each +5 strides/min (+10 steps/min) moved foot landing 5.9 %
  closer to the hip, and raised the peak hip-flexor moment in swing by 5.8 %. The model
  applies these as constant ratios per 10 steps/min, so a change of Δ steps/min scales
  the landing distance by 0.941^(Δ/10). Outside 150–190 steps/min this is an
  extrapolation, and results are flagged. The metabolically cheapest rate in that study
  was 84.8 ± 3.6 strides/min (about 170 steps/min).
* **Braking and impact loading** (Heiderscheit et al. 2011: 45 runners at their
  preferred step rate, ±5 % and ±10 %): +5 % and +10 % lowered braking impulse and
  energy absorbed at the knee; only +10 % lowered energy absorbed at the hip. The
  evidence sheet gives directions, not sizes, so the model reports directions only.
  Neither study measured the lower back, so any effect on back pain is unknown.
* **Leg length** is taken directly (standing, from the floor to the bony point at the
  side of the hip, the greater trochanter). It sets the drawing's scale and the leg's
  angle at touchdown; the model does not estimate it from height.
* **Impacts**: every step is one foot landing, so impacts per km = steps per km, and per
  week = steps per km × weekly km.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

import pandas as pd

from helpers.inputs import check_range, parse_number, reading, short_number
from helpers.references import cite as _cite_uncached
from helpers.running_load import SPEED_RANGE_KMH, step_length_m
from helpers.units import KM_PER_MILE, km_to, pace_text, to_km

#: Allowed ranges of the inputs (the learner's current running).
CADENCE_RANGE_SPM = (130.0, 210.0)
LEG_LENGTH_RANGE_CM = (60.0, 120.0)
FOOT_AHEAD_RANGE_CM = (0.0, 60.0)
WEEKLY_RANGE_KM = (0.0, 250.0)
#: The foot cannot land further ahead than this share of leg length (about 44° of leg angle).
MAX_FOOT_AHEAD_SHARE = 0.7

#: Lieberman et al. 2015: per +5 strides/min (+10 steps/min), landing 5.9 % closer to the hip.
LANDING_CLOSER_PER_10_SPM = 0.059
#: Lieberman et al. 2015: per +5 strides/min, peak hip-flexor moment in swing +5.8 %.
HIP_FLEXOR_MOMENT_PER_10_SPM = 0.058
#: Lieberman et al. 2015: metabolically optimal stride frequency, mean ± SD (strides/min).
OPTIMAL_STRIDES_PER_MIN = (84.8, 3.6)
#: The step rates Lieberman et al. 2015 studied (75–95 strides/min).
STUDIED_RANGE_SPM = (150.0, 190.0)
#: The cadence increases Heiderscheit et al. 2011 studied (% of preferred step rate).
CADENCE_CHANGES_PERCENT = (5, 10)

METRES_PER_FOOT = 0.3048

_PACE = re.compile(r"^\s*(\d{1,2})\s*[:']\s*(\d{1,2})\s*$")
_DECIMAL_PACE = re.compile(r"^(\d{1,2})(?:[.,](\d+))?$")


cite = cache(_cite_uncached)  # the explorer cites on every redraw; the reference table does not change


def strides_to_steps(strides_per_min: float) -> float:
    """A stride is two steps (left and right): 85 strides/min = 170 steps/min."""
    return 2.0 * strides_per_min


def steps_to_strides(steps_per_min: float) -> float:
    """Steps per minute to strides per minute."""
    return steps_per_min / 2.0


def pace_seconds(speed_kmh: float, unit: str = "km") -> float:
    """Seconds per km or per mile at ``speed_kmh``."""
    if speed_kmh <= 0:
        raise ValueError("Pace needs a speed above zero.")
    return 3600.0 * to_km(1.0, unit) / speed_kmh


def pace_to_kmh(pace: str, unit: str = "km") -> float:
    """A typed pace per km or per mile to km/h.

    ``"5:30"`` (or ``5'30``) is minutes:seconds; ``"5"`` is 5:00; ``"5.5"`` or ``"5,5"`` is
    decimal minutes (5:30). Two decimals (``"5.30"``) could mean either and are refused.
    """
    name = _unit_name(unit)
    if not (pace or "").strip():
        raise ValueError(f"Pace is empty: type minutes:seconds per {name}, e.g. 5:30.")
    total = _pace_seconds_typed(pace.strip(), name)
    if total == 0:
        raise ValueError("A pace of 0:00 is not a running pace.")
    return 3600.0 * to_km(1.0, unit) / total


def _pace_seconds_typed(pace: str, name: str) -> float:
    """Seconds per km or mile from a typed pace; ValueError says how to type it."""
    if match := _PACE.match(pace):
        minutes, seconds = int(match.group(1)), int(match.group(2))
        if seconds >= 60:
            raise ValueError(f"The seconds of a pace go from 00 to 59; got {pace!r}.")
        return 60 * minutes + seconds
    if match := _DECIMAL_PACE.match(pace):
        whole, decimals = match.group(1), match.group(2) or ""
        if len(decimals) > 1:
            tenths = float(f"{whole}.{decimals}")
            raise ValueError(
                f"{pace!r} could mean {whole}:{decimals} or {tenths:g} minutes "
                f"({int(tenths)}:{round(tenths % 1 * 60):02d}): type {whole}:{decimals} (minutes:seconds) "
                f"or one decimal, e.g. {whole}.5 for {whole}:30.")
        return 60 * float(f"{whole}.{decimals or 0}")
    raise ValueError(f"Type the pace as minutes:seconds per {name}, e.g. 5:30; got {pace!r}.")


def pace_read_as(speed_kmh: float, unit: str = "km") -> str:
    """How a typed pace or speed was understood, e.g. ``'5:30 /km = 10.9 km/h'``."""
    speed = f"{speed_kmh:.1f} km/h" if unit == "km" else f"{km_to(speed_kmh, 'mi'):.1f} mph"
    return f"{pace_text(speed_kmh, unit)} = {speed}"


def speed_kmh_from(text: str, mode: str, unit: str) -> float:
    """The running speed in km/h from what a learner typed: a pace or a speed, in km or miles.

    ``mode`` is ``"pace"`` (minutes:seconds per km or mile) or ``"speed"`` (km/h or mph).
    Raises ``ValueError`` with a plain message for empty, non-numeric or out-of-range input.
    """
    low, high = SPEED_RANGE_KMH
    if mode == "pace":
        speed = pace_to_kmh(text, unit)
        if not low <= speed <= high:
            slow, fast = pace_text(low, unit), pace_text(high, unit)
            raise ValueError(f"Pace must be between {fast} and {slow}; got {text.strip()} /{unit}.")
        return speed
    if mode != "speed":
        raise ValueError(f"Unknown speed mode {mode!r}: use 'pace' or 'speed'.")
    label = "km/h" if unit == "km" else "mph"
    value = parse_number(text, "Speed", (km_to(low, unit), km_to(high, unit)), label)
    return to_km(value, unit)


def _unit_name(unit: str) -> str:
    return "km" if unit == "km" else "mile"


def landing_ratio(from_spm: float, to_spm: float) -> float:
    """How the foot's landing distance ahead of the hip scales when cadence changes.

    0.941 per +10 steps/min (Lieberman et al. 2015), as a constant ratio: below 1 when
    cadence rises (the foot lands closer to the hip), above 1 when it falls.
    """
    return (1.0 - LANDING_CLOSER_PER_10_SPM) ** ((to_spm - from_spm) / 10.0)


def hip_flexor_moment_ratio(from_spm: float, to_spm: float) -> float:
    """How the peak hip-flexor moment in swing scales with cadence: 1.058 per +10 steps/min."""
    return (1.0 + HIP_FLEXOR_MOMENT_PER_10_SPM) ** ((to_spm - from_spm) / 10.0)


@dataclass(frozen=True)
class Landing:
    """One cadence at the learner's speed: step length, steps, and where the foot lands."""

    label: str
    cadence_spm: float
    step_length_m: float
    steps_per_km: float
    foot_ahead_cm: float  # horizontal distance from the hip to the foot at touchdown
    leg_angle_deg: float  # the leg's angle from vertical at touchdown (straight-leg geometry)
    extrapolated: bool  # outside the step rates Lieberman et al. 2015 studied

    @property
    def steps_per_mile(self) -> float:
        return self.steps_per_km * KM_PER_MILE


@dataclass(frozen=True)
class Effect:
    """What a cadence increase did to one measure, as the studies report it."""

    measure: str
    direction: str  # "closer", "lower", "higher", "no clear change" or "unknown"
    size: str  # a number from the evidence, or what is not known
    source: str  # citation key in data/references.csv


@dataclass(frozen=True)
class StrideReport:
    """The stride explorer's numbers: now, and with cadence raised by 5 % and by 10 %."""

    speed_kmh: float
    leg_length_cm: float
    weekly_km: float
    now: Landing
    raised: dict[int, Landing]  # percent increase → landing
    effects: dict[int, tuple[Effect, ...]]  # percent increase → what the studies found

    @property
    def impacts_per_km(self) -> float:
        return self.now.steps_per_km

    @property
    def impacts_per_week(self) -> float:
        return self.now.steps_per_km * self.weekly_km

    def impacts_per_week_at(self, percent: int) -> float:
        """Foot landings per week at the same speed and volume with cadence raised by ``percent``."""
        return self.raised[percent].steps_per_km * self.weekly_km


def landing(label: str, speed_kmh: float, cadence_spm: float, leg_length_cm: float, foot_ahead_cm: float) -> Landing:
    """Step length, steps per km and the leg's angle for one cadence (no range checks)."""
    return Landing(
        label=label,
        cadence_spm=float(cadence_spm),
        step_length_m=step_length_m(speed_kmh, cadence_spm),
        steps_per_km=1000.0 / step_length_m(speed_kmh, cadence_spm),
        foot_ahead_cm=float(foot_ahead_cm),
        leg_angle_deg=math.degrees(math.asin(min(foot_ahead_cm / leg_length_cm, 1.0))),
        extrapolated=not STUDIED_RANGE_SPM[0] <= cadence_spm <= STUDIED_RANGE_SPM[1],
    )


def cadence_change_effects(percent: int, from_spm: float = 170.0) -> tuple[Effect, ...]:
    """What raising cadence by ``percent`` (5 or 10) did in the studies; directions unless sized.

    Sizes come only from Lieberman et al. 2015 (landing distance, hip-flexor moment,
    scaled to the cadence change); Heiderscheit et al. 2011 give directions here.
    """
    if percent not in CADENCE_CHANGES_PERCENT:
        raise ValueError(f"The studies tested cadence raised by 5 % or 10 %; got {percent!r} %.")
    to_spm = from_spm * (1 + percent / 100)
    closer = 100 * (1 - landing_ratio(from_spm, to_spm))
    flexor = 100 * (hip_flexor_moment_ratio(from_spm, to_spm) - 1)
    hip_energy = ("lower", "direction only; no size in our evidence sheet") if percent == 10 else (
        "no clear change", "only the +10 % step rate lowered it")
    return (
        Effect("Foot landing ahead of the hip", "closer", f"about {closer:.1f} %", "lieberman2015"),
        Effect("Braking impulse", "lower", "direction only; no size in our evidence sheet", "heiderscheit2011"),
        Effect("Energy absorbed at the knee", "lower", "direction only; no size in our evidence sheet",
               "heiderscheit2011"),
        Effect("Energy absorbed at the hip", *hip_energy, "heiderscheit2011"),
        Effect("Peak hip-flexor moment in swing (a cost)", "higher", f"about {flexor:.1f} %", "lieberman2015"),
        Effect("Impact peak and loading rate", "unknown",
               "went with landing ahead of the knee, which this model does not track", "lieberman2015"),
        Effect("Low back load or back pain", "unknown", "not measured in either study", "heiderscheit2011"),
    )


def stride_report(
    speed_kmh: float,
    cadence_spm: float,
    leg_length_cm: float,
    foot_ahead_cm: float,
    weekly_km: float,
) -> StrideReport:
    """The stride explorer's numbers for one runner; ``ValueError`` with a plain message on bad input.

    ``foot_ahead_cm`` is the runner's own measured landing distance at ``cadence_spm``.
    """
    check_range("Speed", speed_kmh, SPEED_RANGE_KMH, "km/h")
    check_range("Cadence", cadence_spm, CADENCE_RANGE_SPM, "steps per minute")
    check_range("Leg length", leg_length_cm, LEG_LENGTH_RANGE_CM, "cm")
    check_range("Foot landing ahead of the hip", foot_ahead_cm, FOOT_AHEAD_RANGE_CM, "cm")
    check_range("Weekly volume", weekly_km, WEEKLY_RANGE_KM, "km")
    if foot_ahead_cm > MAX_FOOT_AHEAD_SHARE * leg_length_cm:
        raise ValueError(
            f"A foot {foot_ahead_cm:g} cm ahead of the hip is more than {MAX_FOOT_AHEAD_SHARE:.0%} of a "
            f"{leg_length_cm:g} cm leg: measure again from the hip joint to the heel at touchdown."
        )
    now = landing("now", speed_kmh, cadence_spm, leg_length_cm, foot_ahead_cm)
    raised = {}
    for percent in CADENCE_CHANGES_PERCENT:
        cadence = cadence_spm * (1 + percent / 100)
        ahead = foot_ahead_cm * landing_ratio(cadence_spm, cadence)
        raised[percent] = landing(f"+{percent} %", speed_kmh, cadence, leg_length_cm, ahead)
    effects = {percent: cadence_change_effects(percent, cadence_spm) for percent in CADENCE_CHANGES_PERCENT}
    return StrideReport(float(speed_kmh), float(leg_length_cm), float(weekly_km), now, raised, effects)


def length_text(centimetres: float, unit: str) -> str:
    """A length in cm (metric) or inches (imperial), e.g. ``'20 cm'`` or ``'7.9 in'``."""
    return f"{centimetres:.0f} cm" if unit == "km" else f"{centimetres / 2.54:.1f} in"


def describe(report: StrideReport, unit: str = "km") -> str:
    """The explorer's one-sentence takeaway followed by its readouts, as HTML."""
    per = "km" if unit == "km" else "mile"
    steps = (lambda landing_: landing_.steps_per_km) if unit == "km" else (lambda landing_: landing_.steps_per_mile)
    ten = report.raised[10]
    takeaway = (
        f"<p><b>Takeaway:</b> at the same speed, {ten.cadence_spm:.0f} instead of {report.now.cadence_spm:.0f} "
        f"steps/min shortens each step from {_step_text(report.now, unit)} to {_step_text(ten, unit)} and lands "
        f"the foot about {length_text(report.now.foot_ahead_cm - ten.foot_ahead_cm, unit)} closer to the hip, "
        f"at the cost of about {steps(ten) - steps(report.now):.0f} more landings per {per}.</p>"
    )
    rows = "".join(
        f"<tr><th scope='row'>{landing_.label} ({landing_.cadence_spm:.0f} steps/min)</th>"
        f"<td>{_step_text(landing_, unit)}</td><td>{steps(landing_):,.0f}</td>"
        f"<td>{length_text(landing_.foot_ahead_cm, unit)}{' *' if landing_.extrapolated else ''}</td></tr>"
        for landing_ in (report.now, *report.raised.values())
    )
    weekly = km_to(report.weekly_km, unit)
    table = (
        f"<table><tr><th>Cadence</th><th>Step length</th><th>Landings per {per}</th>"
        f"<th>Foot ahead of hip</th></tr>{rows}</table>"
    )
    note = (
        "<p>* outside the 150–190 steps/min that were studied: an extrapolation.</p>"
        if any(landing_.extrapolated for landing_ in (report.now, *report.raised.values())) else ""
    )
    week = (
        f"<p>At {weekly:.0f} {per if unit == 'km' else 'miles'} a week: about "
        f"<b>{report.impacts_per_week:,.0f} foot landings</b> now, "
        f"{report.impacts_per_week_at(10):,.0f} at +10 %.</p>"
    )
    effects = "".join(
        f"<tr><th scope='row'>{effect.measure}</th><td>{_effect_text(effect)}</td>"
        f"<td>{_effect_text(report.effects[10][number])}</td><td>{cite(effect.source)}</td></tr>"
        for number, effect in enumerate(report.effects[5])
    )
    findings = (
        "<table><caption>What the studies found when cadence rose</caption>"
        f"<tr><th>Measure</th><th>+5 %</th><th>+10 %</th><th>Source</th></tr>{effects}</table>"
    )
    return f"{takeaway}{table}{note}{week}{findings}"


def _effect_text(effect: Effect) -> str:
    sized = effect.size if effect.size.startswith("about") else ""
    return f"<b>{effect.direction}</b>" + (f" ({sized})" if sized else "")


def _step_text(landing_: Landing, unit: str) -> str:
    return f"{landing_.step_length_m:.2f} m" if unit == "km" else f"{landing_.step_length_m / METRES_PER_FOOT:.1f} ft"


# ---------------------------------------------------------------- typed input, the figure in words and numbers


def readings(typed: dict[str, str], values: dict[str, float], unit: str, mode: str = "pace") -> list[str]:
    """How the explorer understood each typed box (``typed`` and ``values`` keyed as the widget reads
    them: speed_kmh, leg_length_cm, foot_ahead_cm, weekly_km), in the learner's unit and the other one.

    ``mode`` says whether the speed box holds a pace ("pace") or a speed ("speed")."""
    def length(cm: float, in_unit: str) -> str:
        return f"{short_number(cm)} cm" if in_unit == "km" else f"{short_number(cm / 2.54)} in"

    def weekly(km: float, in_unit: str) -> str:
        return f"{short_number(km_to(km, in_unit))} {'km' if in_unit == 'km' else 'miles'} a week"

    other = "mi" if unit == "km" else "km"
    return [
        speed_reading(typed["speed_kmh"], values["speed_kmh"], unit, mode),
        reading("leg length", typed["leg_length_cm"], length(values["leg_length_cm"], unit),
                length(values["leg_length_cm"], other)),
        reading("foot ahead of the hip", typed["foot_ahead_cm"], length(values["foot_ahead_cm"], unit),
                length(values["foot_ahead_cm"], other)),
        reading("volume", typed["weekly_km"], weekly(values["weekly_km"], unit), weekly(values["weekly_km"], other)),
    ]


def speed_reading(typed: str, speed_kmh: float, unit: str, mode: str = "pace") -> str:
    """A typed pace or speed as understood: ``'pace "5.5" = 5:30 /km = 10.9 km/h'``, ``'speed 10 km/h = 6:00 /km'``."""
    pace = pace_text(speed_kmh, unit)
    speed = f"{short_number(km_to(speed_kmh, unit))} {'km/h' if unit == 'km' else 'mph'}"
    return reading("pace", typed, pace, speed) if mode == "pace" else reading("speed", typed, speed, pace)


def figure_description(report: StrideReport, unit: str = "km") -> str:
    """What the stride figure shows, in plain text with its numbers (for screen readers)."""
    views = "; ".join(
        f"{landing_.label} at {landing_.cadence_spm:.0f} steps/min, the foot lands "
        f"{length_text(landing_.foot_ahead_cm, unit)} ahead of the hip (leg {landing_.leg_angle_deg:.0f}° from "
        f"vertical){' (an extrapolation)' if landing_.extrapolated else ''}"
        for landing_ in (report.now, *report.raised.values()))
    return (f"Three side views of a runner at touchdown, running to the right at {pace_read_as(report.speed_kmh, unit)}, "
            f"leg length {length_text(report.leg_length_cm, unit)}: {views}.")


def figure_numbers(report: StrideReport, unit: str = "km") -> pd.DataFrame:
    """The numbers behind the stride figure: one row per cadence, in cm and m or inches and feet."""
    length, per = ("cm", "km") if unit == "km" else ("in", "mile")
    step = "Step length (m)" if unit == "km" else "Step length (ft)"
    rows = [{
        "Cadence": landing_.label, "Steps/min": round(landing_.cadence_spm),
        step: round(landing_.step_length_m if unit == "km" else landing_.step_length_m / METRES_PER_FOOT, 2),
        f"Landings per {per}": round(landing_.steps_per_km if unit == "km" else landing_.steps_per_mile),
        f"Foot ahead of hip ({length})": round(landing_.foot_ahead_cm if unit == "km" else landing_.foot_ahead_cm / 2.54, 1),
        "Leg angle at touchdown (°)": round(landing_.leg_angle_deg, 1),
        "Studied step rate": "no: an extrapolation" if landing_.extrapolated else "yes",
    } for landing_ in (report.now, *report.raised.values())]
    return pd.DataFrame(rows)
