"""Lesson 10: the times of a plan (pure): the learner's time zone, the time of day, and clock changes.

A time zone is an IANA name such as ``Europe/London``; spaces around it are ignored and the
cleaned name is kept. ``localtime`` (the setting of the computer running the course, perhaps a
server far away) and other names that are not a place are refused with a message saying what
to type. A session's time is what a clock shows: a time skipped when the clocks go forward moves
on by the jump, and durations are real time, so every session ends after it starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Names in the zone database that are not a place's time zone: this machine's own setting, and placeholders.
NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


class PlanInputError(ValueError):
    """Something the learner set cannot make a plan; the message says what and what to do."""


ZONE_EXAMPLES = "such as Europe/London, America/New_York or Australia/Sydney"


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """The IANA time zone names a learner can choose, sorted ('localtime', this machine's setting, is not one)."""
    return tuple(sorted(name for name in available_timezones()
                        if name not in NOT_ZONES and not name.startswith(("posix/", "right/"))))


def _zone_like(typed: str) -> str | None:
    """The zone name a learner probably meant ('europe/london', 'London', 'new york'), if exactly one fits."""
    wanted = typed.lower().replace(" ", "_")
    same = [name for name in zone_names() if name.lower() == wanted]
    by_city = [name for name in zone_names() if name.lower().rsplit("/", 1)[-1] == wanted]
    found = same or by_city
    return found[0] if len(found) == 1 else None


def check_timezone(name: str | None) -> ZoneInfo:
    """The time zone called ``name`` (an IANA name such as 'Europe/London'; spaces around it are ignored).

    Raises :class:`PlanInputError` saying what to type for an empty name, for 'localtime' (the
    computer's own setting, not a place) and for any name that is not in the zone database.
    """
    typed = "" if name is None else str(name).strip()
    if not typed:
        raise PlanInputError(f"Choose your time zone: type the region and city you live in, {ZONE_EXAMPLES}.")
    if typed in NOT_ZONES:
        raise PlanInputError(f"{typed!r} is not a place's time zone (it is a setting of the computer running this "
                             f"course, which may be a server far away). Type your own, {ZONE_EXAMPLES}.")
    if typed not in zone_names():
        meant = _zone_like(typed)
        hint = f"Did you mean {meant}? " if meant else ""
        raise PlanInputError(f"{typed!r} is not a time zone name. {hint}Type the region and city you live in, "
                             f"{ZONE_EXAMPLES} (upper and lower case as shown).")
    try:
        return ZoneInfo(typed)
    except (ZoneInfoNotFoundError, ValueError):  # listed but unreadable: a broken zone database
        raise PlanInputError(f"The time zone {typed!r} could not be read on this computer. Type another nearby, "
                             f"{ZONE_EXAMPLES}.") from None


def local_start(day: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    """``time`` on ``day`` in ``zone`` as a clock would show it (aware).

    A time the clocks skip when they go forward moves on by the jump, as a clock does (New York,
    14 March 2027: 02:30 becomes 03:30); a time that happens twice when they go back is the first.
    """
    wall = dt.datetime.combine(day, time, tzinfo=zone)
    return wall.astimezone(dt.timezone.utc).astimezone(zone)


def later(start: dt.datetime, minutes: float) -> dt.datetime:
    """``minutes`` of real time after ``start``, in ``start``'s zone (right across a clock change)."""
    return (start.astimezone(dt.timezone.utc) + dt.timedelta(minutes=minutes)).astimezone(start.tzinfo)


def clock_change_notes(days: Sequence[dt.date], time: dt.time, zone: ZoneInfo) -> list[str]:
    """A note for each of ``days`` on which ``time`` does not exist in ``zone`` (the clocks skip it)."""
    notes = []
    for day in days:
        shown = local_start(day, time, zone)
        if shown.time() != time:
            notes.append(f"On {WEEKDAYS[day.weekday()]} {day:%d %B %Y} the clocks in {zone.key} go forward and skip "
                         f"{time:%H:%M}: that day's first session starts at {shown:%H:%M}, the time a clock shows then.")
    return notes


def parse_time(text: str) -> dt.time:
    """'07:00' or '7:00' as a time of day, or a clear :class:`PlanInputError`."""
    try:
        hours, minutes = (int(part) for part in str(text).strip().split(":"))
        return dt.time(hours, minutes)
    except ValueError:
        raise PlanInputError(f"The time of day must look like 07:00 (24-hour clock); you typed {text!r}.") from None
