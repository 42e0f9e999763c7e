"""Unit conversions and formatting shared by every lesson (metric and imperial)."""

from __future__ import annotations

KM_PER_MILE = 1.609344
LB_PER_KG = 2.2046226218
NEWTONS_PER_LBF = 4.4482216153
STANDARD_GRAVITY = 9.80665  # m/s², to turn a mass in kg into a weight in newtons

DISTANCE_UNITS = ("km", "mi")


def km_to(distance_km: float, unit: str) -> float:
    """Convert a distance in km to ``unit`` ("km" or "mi")."""
    return distance_km / _km_per(unit)


def to_km(distance: float, unit: str) -> float:
    """Convert a distance in ``unit`` ("km" or "mi") to km."""
    return distance * _km_per(unit)


def _km_per(unit: str) -> float:
    if unit == "km":
        return 1.0
    if unit == "mi":
        return KM_PER_MILE
    raise ValueError(f"Unknown distance unit {unit!r}: use 'km' or 'mi'.")


def kmh_to_ms(speed_kmh: float) -> float:
    """km/h to m/s."""
    return speed_kmh / 3.6


def ms_to_kmh(speed_ms: float) -> float:
    """m/s to km/h."""
    return speed_ms * 3.6


def speed_in(speed_kmh: float, unit: str) -> float:
    """A speed in km/h expressed per hour in ``unit``: km/h or mph."""
    return km_to(speed_kmh, unit)


def pace_text(speed_kmh: float, unit: str = "km") -> str:
    """Pace as minutes:seconds per km or per mile, e.g. ``'5:00 /km'``."""
    if speed_kmh <= 0:
        raise ValueError("Pace needs a speed above zero.")
    seconds = round(3600 * _km_per(unit) / speed_kmh)
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}:{seconds:02d} /{unit}"


def kg_to_lb(mass_kg: float) -> float:
    """Kilograms to pounds."""
    return mass_kg * LB_PER_KG


def lb_to_kg(mass_lb: float) -> float:
    """Pounds to kilograms."""
    return mass_lb / LB_PER_KG


def newtons_to_lbf(force_n: float) -> float:
    """Newtons to pounds-force."""
    return force_n / NEWTONS_PER_LBF
