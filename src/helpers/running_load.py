"""Lesson 01 model: how much load running puts through the body per step and per kilometre.

Assumptions, stated so a learner can question them:

* Averaged over a whole step, the ground pushes up with exactly one body weight (BW):
  over many strides the body neither rises nor sinks (Newton's second law).
* A runner's foot is on the ground for only part of each step, so during contact the
  push is larger. Its average during contact (the *stance average*) rises in a straight
  line with speed: 1.27 + 0.105 × speed (m/s) BW in 9 athletic men and 1.24 + 0.106 ×
  speed in 9 athletic women (Weyand & Davis 2005, Fig. 1B). The model uses the mean of
  the two lines.
* During contact the force rises and falls like half a sine wave: the spring-mass
  ("sine-wave") model of Morin et al. 2005. The peak of half a sine wave is π/2 times its
  average, so peak = π/2 × stance average. That gives about 2.4 BW at 8 km/h, 2.5 at
  12 km/h and 2.7 at 16 km/h, inside the 2.5–3 BW measured in running labs (about 3 BW
  at 4.5 m/s, Cavanagh & Lafortune 1980; about 2.5 BW at 6.0 m/s, Keller et al. 1996).
* This is a running model only. Walking (about 1.2 BW at 1.5 m/s, Keller et al. 1996)
  has no flight phase and is shown apart, never joined to running by a line.
* Step length is speed divided by step rate (cadence); steps per kilometre follow.
  Cadence does not change the model's peak: the studies behind it did not vary it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from helpers.data import load_table
from helpers.inputs import check_range
from helpers.references import cite as _cite_uncached
from helpers.units import KM_PER_MILE, STANDARD_GRAVITY, kg_to_lb, kmh_to_ms, newtons_to_lbf, pace_text, speed_in

SPEED_RANGE_KMH = (5.0, 25.0)
CADENCE_RANGE_SPM = (120.0, 220.0)
BODY_MASS_RANGE_KG = (30.0, 200.0)
SINE_PEAK_TO_MEAN = math.pi / 2  # peak of half a sine wave ÷ its average

cite = cache(_cite_uncached)  # the explorer describes its sources on every redraw; they do not change


def stance_line(table: pd.DataFrame | None = None) -> tuple[float, float]:
    """Intercept (BW) and slope (BW per m/s) of the stance-average line: the mean of the published lines."""
    table = load_table("stance_force") if table is None else table
    if table.empty:
        raise ValueError("data/stance_force.csv needs at least one fitted line.")
    return float(table["intercept_bw"].mean()), float(table["slope_bw_per_m_s"].mean())


def stance_average_bw(speed_m_s: float | np.ndarray, line: tuple[float, float] | None = None) -> float | np.ndarray:
    """Average vertical force during ground contact, in body weights, at ``speed_m_s``."""
    intercept, slope = stance_line() if line is None else line
    return intercept + slope * speed_m_s


def peak_force_bw(speed_m_s: float | np.ndarray, line: tuple[float, float] | None = None) -> float | np.ndarray:
    """Peak vertical ground reaction force of a running step, in body weights (spring-mass estimate).

    Half a sine wave peaks at π/2 times its average (Morin et al. 2005's sine-wave model),
    applied to the stance average of Weyand & Davis 2005.
    """
    return SINE_PEAK_TO_MEAN * stance_average_bw(speed_m_s, line)


def measured_points(series: str) -> pd.DataFrame:
    """Published measurements of peak force: ``'running'`` or ``'walking'`` rows of running_forces."""
    table = load_table("running_forces")
    return table[table["series"] == series].sort_values("speed_m_s")


def step_length_m(speed_kmh: float, cadence_spm: float) -> float:
    """Step length in metres: distance covered per step at this speed and step rate."""
    return kmh_to_ms(speed_kmh) * 60.0 / cadence_spm


def steps_per_km(speed_kmh: float, cadence_spm: float) -> float:
    """Foot strikes in one kilometre."""
    return 1000.0 / step_length_m(speed_kmh, cadence_spm)


@dataclass(frozen=True)
class LoadPerKm:
    """What one kilometre of running at a given speed, cadence and body mass adds up to."""

    speed_kmh: float
    cadence_spm: float
    body_mass_kg: float
    peak_force_bw: float  # each step's peak, in body weights
    peak_force_n: float  # the same in newtons
    peak_force_lbf: float  # and in pounds-force
    step_length_m: float
    steps_per_km: float
    minutes_per_km: float
    peaks_per_km_bw: float  # sum of every step's peak, in body weights

    @property
    def weight_n(self) -> float:
        """Body weight in newtons."""
        return self.body_mass_kg * STANDARD_GRAVITY


def load_per_km(speed_kmh: float, cadence_spm: float, body_mass_kg: float) -> LoadPerKm:
    """Peak force per step and the number of steps in one km, for one runner.

    Raises ``ValueError`` with a plain message when an input is outside the model's range.
    """
    check_range("Speed", speed_kmh, SPEED_RANGE_KMH, "km/h")
    check_range("Cadence", cadence_spm, CADENCE_RANGE_SPM, "steps per minute")
    check_range("Body mass", body_mass_kg, BODY_MASS_RANGE_KG, "kg")
    peak_bw = float(peak_force_bw(kmh_to_ms(speed_kmh)))
    peak_n = peak_bw * body_mass_kg * STANDARD_GRAVITY
    steps = steps_per_km(speed_kmh, cadence_spm)
    return LoadPerKm(
        speed_kmh=float(speed_kmh),
        cadence_spm=float(cadence_spm),
        body_mass_kg=float(body_mass_kg),
        peak_force_bw=peak_bw,
        peak_force_n=peak_n,
        peak_force_lbf=newtons_to_lbf(peak_n),
        step_length_m=step_length_m(speed_kmh, cadence_spm),
        steps_per_km=steps,
        minutes_per_km=60.0 / speed_kmh,
        peaks_per_km_bw=steps * peak_bw,
    )


def describe(load: LoadPerKm, unit: str = "km") -> str:
    """A one-paragraph takeaway for the load explorer, in km or miles (HTML-safe text)."""
    per = 1.0 if unit == "km" else KM_PER_MILE
    unit_name = "kilometre" if unit == "km" else "mile"
    speed_unit = "km/h" if unit == "km" else "mph"
    mass = f"{load.body_mass_kg:.0f} kg" if unit == "km" else f"{kg_to_lb(load.body_mass_kg):.0f} lb"
    return (
        f"At {pace_text(load.speed_kmh, unit)} ({speed_in(load.speed_kmh, unit):.1f} {speed_unit}) "
        f"and {load.cadence_spm:.0f} steps/min, each step peaks at about "
        f"<b>{load.peak_force_bw:.1f} × body weight</b> "
        f"({load.peak_force_n:,.0f} N, {load.peak_force_lbf:,.0f} lbf for {mass}). "
        f"One {unit_name} takes about <b>{load.steps_per_km * per:,.0f} steps</b> "
        f"in {load.minutes_per_km * per:.1f} minutes. "
        "Faster running means higher peaks but fewer steps; averaged over a whole stride, "
        "the upward push always equals one body weight."
    )


def _speed_text(speed_kmh: float, unit: str) -> str:
    return f"{speed_in(speed_kmh, unit):.1f} {'km/h' if unit == 'km' else 'mph'}"


def _measured(forces: pd.DataFrame) -> list[tuple[str, float, float, str]]:
    """The measured rows of ``running_forces``: series, speed in km/h, peak force (BW) and short citation."""
    return [(series, speed * 3.6, peak, cite(source)) for series, speed, peak, source in
            zip(forces["series"], forces["speed_m_s"], forces["peak_force_bw"], forces["source"])]


def figure_description(load: LoadPerKm, forces: pd.DataFrame, unit: str = "km") -> str:
    """What the load explorer's figure shows, in plain text, in km/h or mph (for screen readers).

    ``forces`` is the ``running_forces`` table drawn as points.
    """
    low, high = SPEED_RANGE_KMH
    line = stance_line()
    measured = _measured(forces)
    running = [f"{peak:.1f} at {_speed_text(speed, unit)} ({cited})"
               for series, speed, peak, cited in measured if series == "running"]
    walking = [f"{peak:.1f} at {_speed_text(speed, unit)}" for series, speed, peak, _ in measured if series == "walking"]
    force = (f"{load.peak_force_n:,.0f} N for {load.body_mass_kg:.0f} kg" if unit == "km"
             else f"{load.peak_force_lbf:,.0f} lbf for {kg_to_lb(load.body_mass_kg):.0f} lb")
    text = (f"Peak vertical force of each running step, in body weights, against running speed "
            f"({'km/h' if unit == 'km' else 'mph'}). The running model's line rises from "
            f"{float(peak_force_bw(kmh_to_ms(low), line)):.1f} × body weight at {_speed_text(low, unit)} to "
            f"{float(peak_force_bw(kmh_to_ms(high), line)):.1f} at {_speed_text(high, unit)}.")
    if running:
        text += f" Measured in running labs: {' and '.join(running)}."
    if walking:
        text += f" Walking, shown apart: {' and '.join(walking)}."
    return text + (f" Your run: {load.peak_force_bw:.1f} × body weight at {_speed_text(load.speed_kmh, unit)} "
                   f"(about {force} per step).")


def figure_numbers(load: LoadPerKm, forces: pd.DataFrame, unit: str = "km") -> pd.DataFrame:
    """The numbers behind the load explorer's figure: your run, the model at round speeds, the measurements."""
    speed = f"Speed ({'km/h' if unit == 'km' else 'mph'})"
    per_unit = KM_PER_MILE if unit == "mi" else 1.0
    low, high = (bound / per_unit for bound in SPEED_RANGE_KMH)
    step = 2 if unit == "km" else 1
    round_speeds = np.arange(math.ceil(low / step) * step, high + 1e-9, step)
    model_peaks = peak_force_bw(kmh_to_ms(round_speeds * per_unit), stance_line())
    model_source = f"{cite('weyand2005')}; {cite('morin2005')}"
    rows = [{"What": "Your run (model)", speed: round(speed_in(load.speed_kmh, unit), 1),
             "Peak force (× body weight)": round(load.peak_force_bw, 2), "Source": "this model"}]
    rows += [{"What": "Running model", speed: float(value), "Peak force (× body weight)": round(float(peak), 2),
              "Source": model_source} for value, peak in zip(round_speeds, model_peaks)]
    rows += [{"What": f"{series.capitalize()}, measured", speed: round(speed_in(speed_kmh, unit), 1),
              "Peak force (× body weight)": peak, "Source": cited} for series, speed_kmh, peak, cited in _measured(forces)]
    return pd.DataFrame(rows)
