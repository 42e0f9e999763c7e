"""Checking what a learner typed or set: one wording for every model and widget.

Messages say what was wrong and what to type, e.g. "Speed must be from 5 to 25 km/h;
you typed 40." Models raise ``ValueError`` with them; widgets show them and keep the
last good drawing.
"""

from __future__ import annotations

import html
import math


def range_text(bounds: tuple[float, float], unit: str) -> str:
    """'5 to 25 km/h', or '-10° to 40°' for degrees."""
    low, high = (_short(bound) for bound in bounds)
    if unit == "°":
        return f"{low}° to {high}°"
    return f"{low} to {high} {unit}".rstrip()


def _short(number: float) -> str:
    """Three significant figures, never in scientific notation: 3.11, 250, 2000."""
    return f"{float(f'{number:.3g}'):g}"


def check_range(name: str, value: object, bounds: tuple[float, float], unit: str = "") -> float:
    """``value`` as a float if it is a finite number within ``bounds``, else ``ValueError``."""
    shown = range_text(bounds, unit)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number from {shown}; got {value!r}.")
    low, high = bounds
    if not low - 1e-9 <= value <= high + 1e-9:
        raise ValueError(f"{name} must be from {shown}; got {value:g}.")
    return float(value)


def parse_number(text: str | None, name: str, bounds: tuple[float, float], unit: str = "") -> float:
    """A typed number ("12", " 12.5 ", "12,5", "12°") within ``bounds``, or a clear ``ValueError``."""
    shown = range_text(bounds, unit)
    typed = (text or "").strip()
    cleaned = typed.removesuffix(unit).strip().replace(",", ".") if unit else typed.replace(",", ".")
    if not cleaned:
        raise ValueError(f"{name} is empty: type a number from {shown}.")
    try:
        value = float(cleaned)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a number from {shown}; you typed {typed!r}.")
    low, high = bounds
    if not low - 1e-9 <= value <= high + 1e-9:
        raise ValueError(f"{name} must be from {shown}; you typed {cleaned}.")
    return value


def read_as(readings: list[str]) -> str:
    """How typed fields were understood, in one wording for every lesson:
    ``'Read as: 5:30 /km = 10.9 km/h; leg length 90 cm = 35.4 in.'``"""
    return f"Read as: {'; '.join(readings)}." if readings else ""


def read_as_html(readings: list[str]) -> str:
    """:func:`read_as` as a small HTML paragraph (the readings are escaped)."""
    text = read_as(readings)
    return f'<p class="bot-read-as"><small>{html.escape(text)}</small></p>' if text else ""


def reading(name: str, typed: str, understood: str, also: str = "") -> str:
    """One typed field as understood: ``'leg length 90 cm = 35.4 in'``, or with the text typed first when
    it is not already written that way: ``'leg length "95,5" = 95.5 cm = 37.6 in'``.

    ``understood`` is the value in the learner's unit; ``also`` the same in the other unit (optional).
    """
    text = " ".join((typed or "").split())
    rest = understood[len(text):] if text and understood.startswith(text) else None
    same = rest is not None and not rest[:1].isdigit() and rest[:1] not in (".", ",", ":")  # "12" → "12°", not "120°"
    shown = f"{name} {understood}" if same else f'{name} "{text}" = {understood}'
    return f"{shown} = {also}" if also else shown


def short_number(value: float) -> str:
    """A typed value written back: at most one decimal, no trailing zero (30.0 → '30', 18.64 → '18.6')."""
    return f"{value:.1f}".rstrip("0").rstrip(".")
