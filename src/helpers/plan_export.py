"""Lesson 10: take a plan with you, as a calendar file, a printable page and JSON (pure).

* :func:`calendar_file`: an iCalendar file (RFC 5545) written with the ``icalendar``
  library: one event per session, in the learner's time zone (with its VTIMEZONE), the
  session's description and checks in the event's description. Google, Apple and
  Outlook calendars import it.
* :func:`printable_page`: a self-contained HTML page (inline styles, no scripts, nothing
  fetched) laid out for A4 paper.
* :func:`plan_json` / :func:`plan_from_json`: the plan as JSON to load again. Loading
  checks every field and applies the self-check gate to the level in the file: a file cannot
  carry a plan that an urgent or emergency self-check, or an unconfirmed "soon", would refuse.
  The builder then checks it against the learner's *current* self-check too
  (``plan.under_self_check``).

Times are a clock's (``plan_time``): every event ends after it starts, across clock changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from helpers.data import load_table
from helpers.plan import (
    WEEKDAYS, WEEKS, Plan, PlannedSession, PlanInputError, Session, Week, check_timezone, distance_text, later,
    local_start, parse_time,
)
from helpers.safety import safety_note
from helpers.selfcheck import questionnaire
from helpers.units import KM_PER_MILE

FORMAT = "back-on-track-plan"
SCHEMA_VERSION = 2  # 2: sessions carry their exercises; no "missing" list (version 1 files still load)
READS = (1, 2)
PRODID = "-//Back on Track//Lesson 10 plan//EN"
GAP_MINUTES = 15  # between two sessions on one day
MAX_BYTES = 2_000_000
FOOTER = "Back on Track plan: education, not diagnosis. Stop and seek care if a red-flag sign appears."


def plan_id(plan: Plan) -> str:
    """A short fingerprint of the plan's content (the same plan gives the same id, and the same event UIDs)."""
    return hashlib.sha256(json.dumps(plan_dict(plan), sort_keys=True).encode()).hexdigest()[:16]


# ---------------------------------------------------------------- calendar

def session_times(plan: Plan) -> list[tuple[PlannedSession, dt.datetime, dt.datetime]]:
    """Every session with its local start and end (aware, in the plan's zone); a day's sessions one after another.

    Durations are real time, so every session ends after it starts, across a clock change too; a
    first session at a time the clocks skip starts when a clock shows it (``plan.local_start``).
    """
    zone = check_timezone(plan.timezone)
    first = parse_time(plan.session_time)
    timed, free_at = [], {}
    for session in plan.sessions:
        start = free_at.get(session.date) or local_start(session.date, first, zone)
        end = later(start, session.session.minutes)
        free_at[session.date] = later(end, GAP_MINUTES)
        timed.append((session, start, end))
    return timed


CONFIRMED = "Your self-check said to see a GP or physiotherapist; you confirmed that one has checked you."


def event_description(session: PlannedSession, clinician_checked: bool = False) -> str:
    """An event's text: the session, its checks, and (at "soon") the learner's confirmation."""
    checks = "\n".join(f"- {check}" for check in session.checks)
    what = session.session
    confirmed = f"\n{CONFIRMED}" if clinician_checked else ""
    exercises = "".join(f"\n- {item}" for item in what.exercises)
    exercises = f"\n\nExercises:{exercises}" if exercises else ""
    return f"{what.title} (about {what.minutes} min). {what.description}{exercises}\n\nChecks:\n{checks}\n\n{FOOTER}{confirmed}"


def _as_written(moment: dt.datetime) -> dt.datetime:
    """``moment`` for the .ics file: in its zone, or in UTC when the clocks go back and show that time twice and this
    is the second time (a calendar reads a zone's local time as the first, an hour early)."""
    utc = moment.astimezone(dt.timezone.utc)
    return moment if moment.replace(fold=0).astimezone(dt.timezone.utc) == utc else utc


def calendar_file(plan: Plan, made_at: dt.datetime | None = None) -> bytes:
    """The plan as an .ics file: one VEVENT per session, times in the plan's time zone."""
    import icalendar  # noqa: PLC0415  (about 0.1 s; only when a calendar is written)

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")  # a calendar to import, not an invitation (Outlook asks otherwise)
    calendar.add("x-wr-calname", "Back on Track plan")
    calendar.add("x-wr-timezone", plan.timezone)  # Google and Apple show the calendar in this zone
    stamp = (made_at or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    ident = plan_id(plan)
    for number, (session, start, end) in enumerate(session_times(plan), 1):
        event = icalendar.Event()
        event.add("uid", f"{ident}-{number:03d}@back-on-track")
        event.add("dtstamp", stamp)
        event.add("dtstart", _as_written(start))
        event.add("dtend", _as_written(end))
        event.add("summary", f"Week {session.week}: {session.session.title}")
        event.add("description", event_description(session, plan.clinician_checked))
        event.add("categories", [session.session.kind])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


# ---------------------------------------------------------------- printable page

STYLE = """
@page { size: A4; margin: 14mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, sans-serif; font-size: 10.5pt; line-height: 1.35; margin: 0 auto; max-width: 48em;
       padding: 1em; color: #111; overflow-wrap: anywhere; }
h1 { font-size: 1.5em; margin: 0 0 0.3em 0; } h2 { font-size: 1.15em; margin: 1em 0 0.3em 0; }
.bot-plan-level { border: 2px solid currentColor; padding: 0.4em 0.8em; }
.bot-plan-week { break-inside: avoid; page-break-inside: avoid; margin-top: 0.8em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #999; padding: 0.25em 0.4em; text-align: left; vertical-align: top; }
th:nth-child(1), td:nth-child(1) { width: 9.5em; } th:nth-child(3), td:nth-child(3) { width: 12em; }
th:nth-child(4), td:nth-child(4) { width: 3.5em; text-align: center; }
.bot-plan-week p, .bot-plan-week ul { margin: 0.3em 0; }
.bot-plan-box { width: 1em; height: 1em; border: 1px solid #333; display: inline-block; vertical-align: middle; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; } }
"""


def _esc(text: object) -> str:
    return html.escape(str(text))


def _limit_cell(session: PlannedSession) -> str:
    if session.session.kind != "run":
        return "–"
    if session.spike_limit_km is None:
        return "none yet: start gently"
    if session.over_limit:  # two decimals: at one, a run just over its limit would look equal to it
        return (f"<b>{distance_text(session.spike_limit_km, 2)}: this run, "
                f"{distance_text(session.session.distance_km, 2)}, is over it</b>")
    return distance_text(session.spike_limit_km)


def _how(session: Session) -> str:
    """What a session is: its description and, for strength, its exercises with their doses (on one line)."""
    kind = "Runs" if session.kind == "run" else "Strength"
    exercises = f" <b>Exercises:</b> {_esc('; '.join(session.exercises))}." if session.exercises else ""
    return f"<b>{kind}:</b> {_esc(session.description)}{exercises}"


def _session_row(session: PlannedSession, start: dt.datetime, done: bool) -> str:
    box = '<td><span class="bot-plan-box" role="img" aria-label="tick when done"></span></td>' if done else ""
    return (f"<tr><td>{WEEKDAYS[session.date.weekday()][:3]} {session.date:%d %b}, {start:%H:%M}</td>"
            f"<td><b>{_esc(session.session.title)}</b>, about {session.session.minutes} min</td>"
            f"<td>{_limit_cell(session)}</td>{box}</tr>")


def _week_checks(week: Week) -> list[str]:
    """The week's checks, each once: the spike limit in general words (the table gives each run's limit)."""
    texts = [check for session in week.sessions for check in session.checks if not check.startswith("Spike limit")]
    general = load_table("plan_checks").set_index("check_id").loc["spike-limit", "text"]
    spike = [general.replace("{limit}", "the limit in the table")] if any(s.session.kind == "run" for s in week.sessions) else []
    return list(dict.fromkeys(spike + texts + list(week.checks)))


def _week_html(week: Week, starts: dict[int, dt.datetime], done: bool = True) -> str:
    """A week: a table of its sessions (with a box to tick on paper if ``done``), what the sessions are, its checks."""
    rows = "".join(_session_row(s, starts[id(s)], done) for s in week.sessions) or '<tr><td colspan="4">Rest week</td></tr>'
    how = dict.fromkeys(_how(s.session) for s in week.sessions)
    checks = "".join(f"<li>{_esc(check)}</li>" for check in _week_checks(week))
    done_head = "<th>Done</th>" if done else ""
    return (f'<section class="bot-plan-week"><h2>Week {week.week} (from Monday {week.monday:%d %B %Y}): '
            f"running {distance_text(week.run_km)}</h2>"
            f"<table><thead><tr><th>Day and time</th><th>Session</th><th>Spike limit</th>{done_head}</tr></thead>"
            f"<tbody>{rows}</tbody></table><p>{'<br>'.join(how)}</p><p><b>Checks:</b></p><ul>{checks}</ul></section>")


def _safety_html() -> str:
    """The course's safety note as plain HTML (its links to the reference list become plain text)."""
    text = _esc(safety_note().removeprefix("## Safety note").strip())
    text = re.sub(r"\[([^\]]+)\]\(#ref-[a-z0-9-]+\)", r"\1", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text, flags=re.S)
    return "".join(f"<p>{part.strip()}</p>" for part in text.split("\n\n"))


def week_html(plan: Plan, number: int) -> str:
    """One week of the plan as HTML: its sessions with day, time and spike limit, then its checks."""
    starts = {id(session): start for session, start, _ in session_times(plan)}
    return _week_html(plan.weeks[number - 1], starts, done=False)


def printable_page(plan: Plan) -> str:
    """The plan as a self-contained HTML page to print on A4 (one week never split across pages)."""
    starts = {id(session): start for session, start, _ in session_times(plan)}
    listed = lambda items: "".join(f"<li>{_esc(item)}</li>" for item in items)  # noqa: E731
    weeks = "".join(_week_html(week, starts) for week in plan.weeks)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>My Back on Track plan from {plan.start:%d %B %Y}</title><style>{STYLE}</style></head><body>"
        f"<h1>My running plan: {len(plan.weeks)} weeks from Monday {plan.start:%d %B %Y}</h1>"
        f'<p class="bot-plan-level">Self-check: <b>{_esc(plan.level_heading)}</b>'
        + (" — a clinician has checked me (confirmed when the plan was made)." if plan.clinician_checked else "")
        + f"</p><p>Times are in {_esc(plan.timezone)}. Built from: {_esc(', '.join(plan.parts))}.</p>"
        f"<h2>Notes</h2><ul>{listed(plan.notes)}</ul>"
        f"{weeks}<h2>Safety note</h2>{_safety_html()}<p><small>{_esc(FOOTER)}</small></p></body></html>"
    )


# ---------------------------------------------------------------- JSON

def plan_dict(plan: Plan) -> dict:
    """Plain JSON-ready data: the plan's settings and every session (dates as ISO text)."""
    return {
        "start": plan.start.isoformat(), "timezone": plan.timezone, "session_time": plan.session_time,
        "level": plan.level, "level_heading": plan.level_heading, "clinician_checked": plan.clinician_checked,
        "parts": list(plan.parts), "notes": list(plan.notes),
        "recent_longest_km": plan.recent_longest_km,
        "weeks": [{"week": w.week, "monday": w.monday.isoformat(), "checks": list(w.checks),
                   "sessions": [{"date": s.date.isoformat(), "part": s.part, "checks": list(s.checks),
                                 "spike_limit_km": s.spike_limit_km, **vars(s.session),
                                 "exercises": list(s.session.exercises)} for s in w.sessions]}
                  for w in plan.weeks],
    }


def plan_json(plan: Plan) -> str:
    """The plan file's text: ``{"format": "back-on-track-plan", "schema_version": 2, "plan": {...}}``."""
    return json.dumps({"format": FORMAT, "schema_version": SCHEMA_VERSION, "plan": plan_dict(plan)},
                      ensure_ascii=False, indent=1) + "\n"


def plan_from_json(text: str | bytes, name: str = "the file") -> Plan:
    """A plan from its file's text; :class:`PlanInputError` naming ``name`` and the problem if it cannot be read."""
    if len(text) > MAX_BYTES:
        raise PlanInputError(f"{name} is far larger than a plan file. It was not loaded.")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        raise PlanInputError(f"{name} is not a readable plan file (it is not JSON). It was not loaded.") from None
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise PlanInputError(f"{name} is not a Back on Track plan file. It was not loaded.")
    if data.get("schema_version") not in READS:
        raise PlanInputError(f"{name} is plan file version {data.get('schema_version')!r}; this course reads versions "
                             f"{READS[0]} to {READS[-1]}. It was not loaded.")
    try:
        plan = _plan(data["plan"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise PlanInputError(f"{name} looks like a plan file but is incomplete or damaged "
                             f"({type(error).__name__}: {str(error)[:120]}). It was not loaded.") from None
    level = questionnaire().levels.get(plan.level)
    if level is None or level.rank >= 2 or (level.rank == 1 and not plan.clinician_checked):
        raise PlanInputError(f"{name} holds a plan that its self-check level ({plan.level!r}) does not allow. "
                             "It was not loaded; see the self-check's advice.")
    return plan


def plan_files(plan: Plan) -> dict[str, bytes]:
    """The plan's three files by suffix: the calendar (.ics), the printable page (.html) and the plan (.json)."""
    return {".ics": calendar_file(plan), ".html": printable_page(plan).encode(), ".json": plan_json(plan).encode()}


def save_new_files(files: Mapping[str, bytes], stem: str, folder: Path = Path()) -> tuple[list[str], OSError | None]:
    """Write ``files`` (by suffix) as ``stem``.*, or ``stem``-2.* and so on: never over a file that exists.

    Returns the names written and the error that stopped the writing (None if all were written).
    """
    for number in range(1, 10_000):
        name = stem if number == 1 else f"{stem}-{number}"
        if not any((folder / f"{name}{suffix}").exists() for suffix in files):
            break
    written: list[str] = []
    for suffix, content in files.items():
        path = folder / f"{name}{suffix}"
        try:
            with path.open("xb") as file:  # "x": fails rather than overwrite a file made meanwhile
                file.write(content)
        except OSError as error:
            return written, error
        written.append(path.name)
    return written, None


def _typed(value: object, kind: type, where: str) -> object:
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ValueError(f"{where} has the wrong type ({type(value).__name__})")
    return value


def _texts(value: object, where: str) -> tuple[str, ...]:
    return tuple(_typed(item, str, where) for item in _typed(value, list, where))


def _session(data: Mapping, week: int) -> PlannedSession:
    session = Session(_typed(data["kind"], str, "kind"), _typed(data["weekday"], int, "weekday"),
                      _typed(data["title"], str, "title"), _typed(data["description"], str, "description"),
                      _typed(data["minutes"], int, "minutes"), _typed(data["distance_km"], float, "distance_km"),
                      _texts(data.get("exercises", []), "exercises"))
    if session.kind not in ("run", "strength") or session.weekday not in range(7) or not 0 < session.minutes <= 600:
        raise ValueError(f"a session in week {week} is not one the course makes")
    limit = data.get("spike_limit_km")
    return PlannedSession(session, dt.date.fromisoformat(data["date"]), week, _typed(data["part"], str, "part"),
                          _texts(data["checks"], "checks"), None if limit is None else _typed(limit, float, "limit"))


def _plan(data: Mapping) -> Plan:
    weeks = tuple(Week(_typed(w["week"], int, "week"), dt.date.fromisoformat(w["monday"]),
                       tuple(_session(s, w["week"]) for s in _typed(w["sessions"], list, "sessions")),
                       _texts(w["checks"], "checks")) for w in _typed(data["weeks"], list, "weeks"))
    longest = data.get("recent_longest_km")
    plan = Plan(dt.date.fromisoformat(data["start"]), weeks, _typed(data["timezone"], str, "timezone"),
                _typed(data["session_time"], str, "session_time"), _typed(data["level"], str, "level"),
                _typed(data["level_heading"], str, "level_heading"),
                _typed(data["clinician_checked"], bool, "clinician_checked"), _texts(data["parts"], "parts"),
                _texts(data["notes"], "notes"),
                None if longest is None else _typed(longest, float, "recent_longest_km"))
    plan = replace(plan, timezone=check_timezone(plan.timezone).key)  # stored cleaned, as build_plan does
    parse_time(plan.session_time)
    if not WEEKS[0] <= len(plan.weeks) <= WEEKS[1] or [w.week for w in plan.weeks] != list(range(1, len(plan.weeks) + 1)):
        raise ValueError(f"a plan has weeks 1 to {WEEKS[0]}–{WEEKS[1]}, in order")
    for week in plan.weeks:
        if week.monday != plan.start + dt.timedelta(weeks=week.week - 1) or week.monday.weekday() != 0:
            raise ValueError(f"week {week.week} does not start on its Monday")
        if any(not 0 <= (s.date - week.monday).days <= 6 or s.week != week.week for s in week.sessions):
            raise ValueError(f"a session of week {week.week} is not in that week")
    return plan
