"""Lesson 08: keep and share a self-check, on this computer only.

A self-check file is JSON: ``{"format": "back-on-track-self-check", "schema_version": 1,
"checks": [{"saved_at": ..., "answers": {...}, "result": {...}}, ...]}``. Saving adds a
check to the file, so a learner can compare with an earlier one. Writes are atomic (a
temp file in the same folder, then ``os.replace``), and a file that cannot be read as a
self-check file is never overwritten. Nothing is sent anywhere.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from helpers.selfcheck import SelfCheckResult, result_from_dict
from helpers.selfcheck_report import printable_page

FORMAT = "back-on-track-self-check"
SCHEMA_VERSION = 1


class SelfCheckFileError(ValueError):
    """A self-check file cannot be read or written; the message says why and what to do."""


@dataclass(frozen=True)
class SavedCheck:
    """One saved check: when, the answers, and the result as it was then."""

    saved_at: str
    answers: dict
    result: SelfCheckResult


def load_checks(path: str | Path) -> list[SavedCheck]:
    """Every check saved in ``path``, oldest first. :class:`SelfCheckFileError` if unreadable."""
    path = Path(path)
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SelfCheckFileError(f"There is no file {name} here. Check the name, or save a check first.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SelfCheckFileError(f"{name} could not be read ({type(error).__name__}). Is it a self-check file?") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SelfCheckFileError(
            f"{name} is not a readable self-check file (broken JSON at line {error.lineno}). "
            "It was left as it is; choose another file name to save a new check."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SelfCheckFileError(f"{name} is not a Back on Track self-check file. It was left as it is.")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise SelfCheckFileError(
            f"{name} was saved in self-check file version {version!r}; this course reads version {SCHEMA_VERSION}. "
            "It was left as it is; update the course, or save to another file name."
        )
    try:
        return [
            SavedCheck(check["saved_at"], dict(check["answers"]), result_from_dict(check["result"]))
            for check in data["checks"]
        ]
    except (KeyError, TypeError, ValueError) as error:
        raise SelfCheckFileError(
            f"{name} looks like a self-check file but a check in it is incomplete ({type(error).__name__}: {error}). "
            "It was left as it is."
        ) from None


def save_check(path: str | Path, result: SelfCheckResult, when: datetime | None = None) -> int:
    """Add a check (its answers and result) to ``path``; returns how many checks the file now holds.

    A new file is created; an existing self-check file gains one check. A file that cannot
    be read as a self-check file is left untouched (:class:`SelfCheckFileError`).
    """
    path = Path(path)
    checks = load_checks(path) if path.exists() else []
    stamp = (when or datetime.now()).isoformat(timespec="seconds")
    stored = [{"saved_at": c.saved_at, "answers": c.answers, "result": c.result.to_dict()} for c in checks]
    stored.append({"saved_at": stamp, "answers": result.answers, "result": result.to_dict()})
    data = {"format": FORMAT, "schema_version": SCHEMA_VERSION, "checks": stored}
    _write_atomically(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    return len(stored)


def export_html(path: str | Path, result: SelfCheckResult, when: datetime | None = None) -> Path:
    """Write the printable HTML page of ``result`` to ``path`` (atomically); returns the path."""
    path = Path(path)
    _write_atomically(path, printable_page(result, when))
    return path


def _write_atomically(path: Path, text: str) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise SelfCheckFileError(f"Cannot write in the folder of {path.name} ({error.strerror}).") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp_name, path)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise SelfCheckFileError(f"Could not save {path.name} ({error.strerror}); the old file, if any, is unchanged.") from None
