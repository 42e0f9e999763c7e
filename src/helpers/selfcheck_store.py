"""Lesson 08: keep and share a self-check, on this computer only.

A self-check file is JSON: ``{"format": "back-on-track-self-check", "schema_version": 2,
"checks": [{"saved_at": ..., "answers": {...}, "result": {...}}, ...]}``. Saving adds a
check to the file, so a learner can compare with an earlier one. Nothing is sent anywhere.

Safe by construction:

* Saving holds a lock (a ``.lock`` file next to the check file) while it reads, adds and
  writes, so two programs saving at once keep every check; the write itself is atomic (a
  uniquely named temp file in the same folder, then ``os.replace``), keeping the file's mode.
* A file that cannot be read as a self-check file, a read-only file, or a file saved by an
  older version of the course is never overwritten.
* Loading checks every check against the result's schema (levels, verdicts, citation keys,
  lesson links from the course map only), refuses JSON nested deeper than a self-check
  ever is, and re-applies today's red-flag rules to the saved answers: a check is never
  shown as less urgent than those answers are today. Nothing that depends on the level
  is read from the file: its words, the steps and the safety note are rebuilt, and at
  "urgent" or "emergency" no factor is kept, so a hand-edited file cannot put running
  advice under an urgent level. Version-1 files (before the triage rules of issue 8) are
  read, with a note that says so.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import time
import typing
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import MISSING, dataclass, fields, is_dataclass, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from helpers.schemas.base import CITATION_KEY
from helpers.schemas.selfcheck import VERDICTS
from helpers.selfcheck import (
    SAFETY_NOTE,
    Questionnaire,
    RankedFactor,
    RedFlag,
    SelfCheckResult,
    questionnaire,
    this_week,
    triage,
    triage_result,
)
from helpers.selfcheck_report import printable_page

FORMAT = "back-on-track-self-check"
SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)
MAX_DEPTH = 12  # a self-check file nests 7 deep (file, checks, check, result, factors, factor, reasons)
MAX_BYTES = 50_000_000
LOCK_TIMEOUT_S = 30.0
STALE_LOCK_S = 60.0  # a lock file older than this was left by a program that stopped mid-save
OLDER_VERSION_NOTE = (
    "Saved by an older version of the course (file version 1). Its red flags were checked again with today's rules, "
    "which ask more questions; its running factors are not shown. Answer the form again for a full result."
)


class SelfCheckFileError(ValueError):
    """A self-check file cannot be read or written; the message says why and what to do."""


@dataclass(frozen=True)
class SavedCheck:
    """One saved check: when, the answers, and the result (never less urgent than today's rules make it)."""

    saved_at: str
    answers: dict
    result: SelfCheckResult
    schema_version: int = SCHEMA_VERSION
    note: str = ""  # why the result differs from what was saved, if it does


def load_checks(path: str | Path) -> list[SavedCheck]:
    """Every check saved in ``path``, oldest first. :class:`SelfCheckFileError` if unreadable."""
    path = Path(path)
    return _read(path, _load_json(path))[1]


def save_check(path: str | Path, result: SelfCheckResult, when: datetime | None = None) -> int:
    """Add a check (its answers and result) to ``path``; returns how many checks the file now holds.

    A new file is created; an existing self-check file gains one check. A file that cannot
    be read as a self-check file, a read-only file and a file from an older version of the
    course are left untouched (:class:`SelfCheckFileError`).
    """
    path = Path(path)
    stamp = (when or datetime.now()).isoformat(timespec="seconds")
    with _locked(path):
        stored = []
        if path.exists():
            _refuse_read_only(path)
            data = _load_json(path)
            version = _version(path, data)
            if version != SCHEMA_VERSION:
                raise SelfCheckFileError(
                    f"{path.name} was saved by an older version of the course (file version {version}). It was left as "
                    "it is, so you can still load it; save this check to another file name."
                )
            stored = _checks(path, data)  # kept as they are: saving only ever adds a check
            if not all(isinstance(check, dict) and {"saved_at", "answers", "result"} <= check.keys() for check in stored):
                raise SelfCheckFileError(f"{path.name} looks like a self-check file but a check in it is incomplete. "
                                         "It was left as it is; save this check to another file name.")
        stored.append({"saved_at": stamp, "answers": result.answers, "result": result.to_dict()})
        _write_atomically(path, _file_text(stored))
    return len(stored)


def download_text(result: SelfCheckResult, when: datetime | None = None) -> str:
    """A self-check file holding this one check, as text to download (nothing is written here)."""
    stamp = (when or datetime.now()).isoformat(timespec="seconds")
    return _file_text([{"saved_at": stamp, "answers": result.answers, "result": result.to_dict()}])


def checks_from_upload(name: str, content: bytes) -> list[SavedCheck]:
    """Every check in an uploaded self-check file (its bytes), oldest first; nothing is written here.

    The same checks as :func:`load_checks`; :class:`SelfCheckFileError` names ``name`` if unreadable.
    """
    name = Path(name).name or "the file"
    if len(content) > MAX_BYTES:
        raise SelfCheckFileError(f"{name} is far larger than a self-check file. It was not loaded.")
    try:
        text = bytes(content).decode("utf-8")
    except UnicodeDecodeError:
        raise SelfCheckFileError(f"{name} could not be read (it is not text). Is it a self-check file?") from None
    return _read(Path(name), _parse_json(name, text))[1]


def _file_text(checks: list[dict]) -> str:
    """The file as JSON text, one check per line (quick to write, and readable in an editor)."""
    head = json.dumps({"format": FORMAT, "schema_version": SCHEMA_VERSION})[:-1]
    lines = ",\n".join(json.dumps(check, ensure_ascii=False) for check in checks)
    return f'{head}, "checks": [\n{lines}\n]}}\n'


def export_html(path: str | Path, result: SelfCheckResult, when: datetime | None = None) -> Path:
    """Write the printable HTML page of ``result`` to ``path`` (atomically); returns the path."""
    path = Path(path)
    if path.exists():
        _refuse_read_only(path)
    _write_atomically(path, printable_page(result, when))
    return path


# ---------------------------------------------------------------- reading

def _load_json(path: Path) -> object:
    name = path.name
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SelfCheckFileError(f"{name} is far larger than a self-check file. It was left as it is.")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SelfCheckFileError(f"There is no file {name} here. Check the name, or save a check first.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SelfCheckFileError(f"{name} could not be read ({type(error).__name__}). Is it a self-check file?") from None
    return _parse_json(name, text)


def _parse_json(name: str, text: str) -> object:
    too_deep = SelfCheckFileError(f"{name} is not a Back on Track self-check file (it is nested too deeply). "
                                  "It was left as it is.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SelfCheckFileError(
            f"{name} is not a readable self-check file (broken JSON at line {error.lineno}). "
            "It was left as it is; choose another file name to save a new check."
        ) from None
    except RecursionError:  # nested deeper than Python's parser goes
        raise too_deep from None
    if _depth(data) > MAX_DEPTH:
        raise too_deep
    return data


def _depth(data: object) -> int:
    """How deeply parsed JSON nests lists and objects (counted without recursion)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _version(path: Path, data: object) -> int:
    """The file's version, if it is a self-check file this course can read; else the file error."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SelfCheckFileError(f"{path.name} is not a Back on Track self-check file. It was left as it is.")
    version = data.get("schema_version")
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        raise SelfCheckFileError(
            f"{path.name} was saved in self-check file version {version!r}; this course reads versions "
            f"{' and '.join(map(str, READABLE_VERSIONS))}. It was left as it is; update the course, or save to another "
            "file name."
        )
    return version


def _checks(path: Path, data: dict) -> list:
    checks = data.get("checks")
    if not isinstance(checks, list):
        raise SelfCheckFileError(f"{path.name} looks like a self-check file but has no list of checks. "
                                 "It was left as it is.")
    return checks


def _read(path: Path, data: object) -> tuple[int, list[SavedCheck]]:
    version = _version(path, data)
    try:
        return version, [_check(entry, version) for entry in _checks(path, data)]
    except (KeyError, TypeError, ValueError) as error:
        raise SelfCheckFileError(
            f"{path.name} looks like a self-check file but a check in it is incomplete or damaged "
            f"({type(error).__name__}: {str(error)[:120]}). It was left as it is."
        ) from None


def _check(entry: object, version: int) -> SavedCheck:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("saved_at"), str):
        raise ValueError("a check has no time it was saved")
    answers = entry["answers"]
    if not isinstance(answers, Mapping):
        raise ValueError("a check's answers are not a set of answers")
    stored = entry["result"]
    if version == 1:
        stored = _from_version_1(stored)
    safe, note = _at_least_as_urgent_as_today(result_from_dict(stored), answers, version)
    return SavedCheck(entry["saved_at"], dict(answers), safe, version, note)


def _from_version_1(stored: object) -> dict:
    """A version-1 result as version 2: its level and red flags; its factors (scored then on other rules) dropped."""
    if not isinstance(stored, Mapping):
        raise ValueError("the result is not an object")
    keep = ("level", "rank", "heading", "advice", "how_fast", "level_evidence", "red_flags", "safety_note", "answers")
    return {**{key: stored[key] for key in keep}, "factors": [], "this_week": [], "untested": []}


def _at_least_as_urgent_as_today(result: SelfCheckResult, answers: Mapping, version: int) -> tuple[SelfCheckResult, str]:
    """The saved result made safe to show, whatever the file says (with a note when its level was raised).

    The level is trusted only upward: the saved level, or the most urgent red flag among the saved ones and those
    today's rules find in the answers (the check's and the result's), whichever is more urgent. Everything else
    that depends on the level is rebuilt from it, never read from the file: its words (heading, advice, how fast,
    what to tell), the findings' words, the safety note and the steps. At "urgent" and "emergency" there are no
    factors and nothing untested; at "soon", nothing untested.
    """
    form = questionnaire()
    found: dict[str, RedFlag] = {}  # today's findings first; then saved ones today's rules do not find
    for flag in (*triage(answers)[1], *triage(result.answers)[1], *_todays_words(form, result.red_flags)):
        found.setdefault(flag.flag_id, flag)
    flags = tuple(sorted(found.values(), key=lambda flag: -flag.rank))  # stable: the table's order within a level
    level = max([form.levels[result.level], *(form.levels[flag.level] for flag in flags)], key=lambda lv: lv.rank)
    raised = level.rank > result.rank
    factors = result.factors if level.rank <= 1 else ()
    untested = result.untested if level.rank == 0 else ()
    safe = replace(result, level=level.level, rank=level.rank, heading=level.heading, advice=level.advice,
                   how_fast=level.how_fast, level_evidence=level.evidence, tell=level.tell, red_flags=flags,
                   factors=factors, untested=untested, this_week=this_week(level, factors), safety_note=SAFETY_NOTE)
    if version == 1:
        return safe, OLDER_VERSION_NOTE
    if raised:
        return safe, (f"This check was saved as {result.level!r}; today's red-flag rules make its answers "
                      f"{level.level!r}, so that is what is shown.")
    return safe, ""


def _todays_words(form: Questionnaire, flags: tuple[RedFlag, ...]) -> tuple[RedFlag, ...]:
    """Saved red flags with today's finding and source for each rule the course still has (their levels kept)."""
    rules = {rule.rule_id: rule for rule in form.red_flags}
    return tuple(replace(flag, finding=rules[flag.flag_id].text, evidence=rules[flag.flag_id].evidence)
                 if flag.flag_id in rules else flag for flag in flags)


# ---------------------------------------------------------------- results saved as data

def result_from_dict(data: Mapping) -> SelfCheckResult:
    """Rebuild a result saved with :meth:`SelfCheckResult.to_dict`, checking every field.

    Raises ``ValueError`` naming the first problem: a missing or unknown field, a wrong
    type, a level or verdict the course does not know, or a lesson link that is not the
    course map's. Lesson titles and readiness are taken from today's course map.
    """
    result = _from_dict(SelfCheckResult, data, "the result")
    form = questionnaire()
    level = form.levels.get(result.level)
    if level is None or level.rank != result.rank:
        raise ValueError(f"the level {result.level!r} (rank {result.rank}) is not one of the course's levels")
    for flag in result.red_flags:
        flag_level = form.levels.get(flag.level)
        if flag_level is None or flag_level.rank != flag.rank or flag.rank == 0:
            raise ValueError(f"the red flag {flag.flag_id!r} has an unknown level {flag.level!r}")
    keys = [result.level_evidence, *(f.evidence for f in result.red_flags),
            *(key for f in result.factors + result.untested for key in f.evidence)]
    bad = [key for key in keys if not re.fullmatch(CITATION_KEY, key)]
    if bad:
        raise ValueError(f"{bad[0]!r} is not a citation key")
    if not all(_is_answer(value) for value in result.answers.values()):
        raise ValueError("an answer is not text, a number or a list of ticked boxes")
    return replace(result, factors=tuple(_linked(form, f) for f in result.factors),
                   untested=tuple(_linked(form, f) for f in result.untested))


def _is_answer(value: object) -> bool:
    if isinstance(value, list):
        return all(isinstance(item, str) for item in value)
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _linked(form: Questionnaire, factor: RankedFactor) -> RankedFactor:
    """The factor with its lesson link checked against, and refreshed from, the course map."""
    if factor.verdict not in VERDICTS:
        raise ValueError(f"{factor.verdict!r} is not a verdict the course uses")
    lesson = form.lessons.get(factor.lesson)
    if lesson is None or factor.lesson_file != lesson["file"]:
        raise ValueError(f"the lesson link {factor.lesson_file!r} is not in the course map")
    return replace(factor, lesson_title=lesson["title"], lesson_ready=lesson["status"] == "ready")


def _from_dict(cls: type, data: object, where: str):
    """An instance of dataclass ``cls`` from plain data, checking names and types of every field."""
    if not isinstance(data, Mapping):
        raise ValueError(f"{where} is not an object")
    known = {f.name: f for f in fields(cls)}
    unknown = [name for name in data if name not in known]
    if unknown:
        raise ValueError(f"{where} has an unknown field {str(unknown[0])[:40]!r}")
    hints = _hints(cls)
    values = {}
    for name, spec in known.items():
        if name not in data:
            if spec.default is MISSING and spec.default_factory is MISSING:
                raise ValueError(f"{where} has no {name!r}")
            continue
        values[name] = _typed(data[name], hints[name], f"{where}: {name}")
    return cls(**values)


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def _typed(value: object, hint: object, where: str) -> object:
    if typing.get_origin(hint) is tuple:
        if not isinstance(value, (list, tuple)):
            raise ValueError(f"{where} is not a list")
        item = typing.get_args(hint)[0]
        return tuple(_typed(one, item, f"{where}[{index}]") for index, one in enumerate(value))
    if is_dataclass(hint):
        return _from_dict(hint, value, where)
    if hint is float and isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    if hint is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if hint in (str, bool) and isinstance(value, hint):
        return value
    if hint is dict and isinstance(value, Mapping) and all(isinstance(key, str) for key in value):
        return dict(value)
    raise ValueError(f"{where} has the wrong type ({type(value).__name__})")


# ---------------------------------------------------------------- writing

@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` next to ``path`` (created exclusively; removed after) while saving."""
    lock = path.parent / f".{path.name}.lock"
    deadline = time.monotonic() + LOCK_TIMEOUT_S
    while True:
        try:
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
            break
        except FileExistsError:
            _remove_if_stale(lock)
            if time.monotonic() > deadline:
                raise SelfCheckFileError(f"Another program is saving to {path.name}; try again in a moment.") from None
            time.sleep(0.005)
        except OSError as error:
            raise SelfCheckFileError(f"Cannot write in the folder of {path.name} ({error.strerror}).") from None
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _remove_if_stale(lock: Path) -> None:
    try:
        if time.time() - lock.stat().st_mtime > STALE_LOCK_S:
            lock.unlink(missing_ok=True)
    except OSError:
        pass  # gone already, or not ours to remove: keep waiting


def _refuse_read_only(path: Path) -> None:
    if not path.stat().st_mode & stat.S_IWUSR:
        raise SelfCheckFileError(f"{path.name} is read-only, so it was left as it is. Make it writable, or save to "
                                 "another file name.")


def _write_atomically(path: Path, text: str) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    temp = folder / f".{path.name}.{uuid.uuid4().hex}.tmp"
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
        handle = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)  # the umask applies, as for any new file
    except OSError as error:
        raise SelfCheckFileError(f"Cannot write in the folder of {path.name} ({error.strerror}).") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise SelfCheckFileError(f"Could not save {path.name} ({error.strerror}); the old file, if any, is unchanged.") from None
