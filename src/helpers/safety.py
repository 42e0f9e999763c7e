"""The course's safety note: one Markdown file, ``data/safety_note.md``, for every lesson.

Every notebook ends with this "## Safety note" section word for word (a test checks), and
the self-check's red-flag findings appear in it under their own level. Lessons that show
the note in a cell use :func:`safety_note`.
"""

from __future__ import annotations

import re

from helpers.paths import data_dir

SAFETY_NOTE_FILE = "safety_note.md"


def safety_note() -> str:
    """The safety note as Markdown, starting with its heading ``## Safety note``."""
    return (data_dir() / SAFETY_NOTE_FILE).read_text(encoding="utf-8").strip()


def safety_note_tiers() -> dict[str, str]:
    """Each level's paragraph of the note on one line (bold marks removed), keyed by its bold heading."""
    tiers = {}
    for paragraph in safety_note().split("\n\n"):
        match = re.match(r"\*\*(.+?)\*\*", paragraph)
        if match:
            tiers[match.group(1)] = " ".join(paragraph.replace("**", "").split())
    return tiers
