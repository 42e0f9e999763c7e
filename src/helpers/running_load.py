"""Lesson 01 model: how much load running puts through the body per step and per kilometre.

Assumptions, stated so a learner can question them:

* Peak vertical ground reaction force (GRF) rises roughly linearly with speed, from
  about 1.2 body weights (BW) in walking to about 2.5 BW at 6.0 m/s (21.6 km/h), and
  stays near 2.5 BW above that (Keller et al. 1996: 23 adults, 1.5–6.0 m/s). The model
  draws a straight line between the two published ends of that trend. It is an average:
  other labs report about 3 BW at 4.5 m/s (Cavanagh & Lafortune 1980), and the same
  study found slow jogging *higher* than the line, so a single runner can differ by
  half a body weight or more.
* Step length is speed divided by step rate (cadence); steps per kilometre follow.
* Over a whole stride the *average* vertical force equals body weight (Newton's second
  law: the body neither rises nor sinks over many strides). So the total vertical push
  per kilometre is body weight × time on the road; running faster packs it into fewer,
  higher peaks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.data import load_table
from helpers.inputs import check_range
from helpers.units import KM_PER_MILE, STANDARD_GRAVITY, kg_to_lb, kmh_to_ms, newtons_to_lbf, pace_text, speed_in

SPEED_RANGE_KMH = (5.0, 25.0)
CADENCE_RANGE_SPM = (120.0, 220.0)
BODY_MASS_RANGE_KG = (30.0, 200.0)


def force_trend(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The published trend of peak vertical GRF (BW) against speed (m/s), sorted by speed."""
    table = load_table("running_forces") if table is None else table
    trend = table[table["series"] == "trend"].sort_values("speed_m_s")
    if len(trend) < 2:
        raise ValueError("data/running_forces.csv needs at least two 'trend' rows.")
    return trend


def peak_force_bw(speed_m_s: float | np.ndarray, trend: pd.DataFrame | None = None) -> float | np.ndarray:
    """Peak vertical GRF in body weights at ``speed_m_s``, on the published trend.

    Straight line between the trend's points; constant outside them (Keller 1996 found
    no further rise in sprinting above 6 m/s).
    """
    trend = force_trend() if trend is None else trend
    return np.interp(speed_m_s, trend["speed_m_s"], trend["peak_force_bw"])


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
