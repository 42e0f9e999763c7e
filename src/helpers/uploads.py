"""Files a learner uploads through a widget: checked, copied, read and removed, never a traceback.

``read_upload(item, accepted, use)`` is the one way the course's upload widgets read a file:

1. the name is checked first (not empty, not ``.`` or ``..``, no folder parts, no NUL or
   other control characters, valid text, at most ``MAX_NAME_BYTES`` bytes, one of the
   ``accepted`` endings) and the size against ``max_bytes``;
2. the bytes are written into a fresh private ``tempfile.TemporaryDirectory`` (nothing is
   sent anywhere) and ``use(path)`` reads them there;
3. the folder is removed whatever happened.

Whatever goes wrong, including in ``use``, comes back as :class:`UploadRefused` with words
for the learner; no other exception leaves ``read_upload``.
"""

from __future__ import annotations

import tempfile
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: File systems allow 255 bytes in a name; the copy's name must fit with room to spare.
MAX_NAME_BYTES = 200
TEMP_PREFIX = "back-on-track-"


class UploadRefused(ValueError):
    """An uploaded file that could not be used. ``name`` is printable; ``read`` says if ``use`` ran."""

    def __init__(self, name: str, reason: str, read: bool = False):
        super().__init__(f"Could not read {name}: {reason}")
        self.name, self.reason, self.read = name, reason, read


def shown_name(raw: object) -> str:
    """Any uploaded name as short printable text for a message (control characters shown as �)."""
    text = "".join("�" if unicodedata.category(char) in ("Cc", "Cs") else char for char in str(raw or ""))
    text = text.strip() or "a file with no name"
    return text if len(text) <= 60 else text[:40] + "…" + text[-12:]


def upload_name(item: Mapping, accepted: tuple[str, ...]) -> str:
    """The uploaded file's own name, safe to use in a folder of ours; else :class:`UploadRefused`."""
    raw = str(item.get("name") or "")
    shown = shown_name(raw)
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if name in ("", ".", ".."):
        raise UploadRefused(shown, "it has no file name to read. Choose the file itself, not a folder.")
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise UploadRefused(shown, "its name holds a control character (such as NUL or a line break). "
                                   "Rename the file and choose it again.")
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:
        raise UploadRefused(shown, "its name is not valid text. Rename the file and choose it again.") from None
    if size > MAX_NAME_BYTES:
        raise UploadRefused(shown, f"its name is too long ({size} bytes; at most {MAX_NAME_BYTES}). "
                                   "Rename the file to something shorter and choose it again.")
    if not name.lower().endswith(accepted):
        raise UploadRefused(shown, f"its name must end in {', '.join(accepted)}.")
    return name


def content_of(item: Mapping, name: str) -> memoryview:
    """The uploaded bytes without copying them."""
    try:
        return memoryview(item["content"]).cast("B")
    except (KeyError, TypeError, ValueError):
        raise UploadRefused(name, "the upload holds no file content. Choose the file again.") from None


def read_upload(item: Mapping, accepted: tuple[str, ...], use: Callable[[Path], T],
                max_bytes: Callable[[str], int] | int | None = None) -> T:
    """``use(path)`` on a private copy of an uploaded file (an ipywidgets ``FileUpload`` value item).

    ``max_bytes``: the largest file accepted, or a function of the name giving it. A
    ``ValueError`` from ``use`` keeps its message (it is written for learners); any other
    exception becomes "an unexpected problem". Raises only :class:`UploadRefused`.
    """
    try:
        name = upload_name(item, accepted)
        content = content_of(item, name)
        limit = max_bytes(name) if callable(max_bytes) else max_bytes
        if limit is not None and content.nbytes > limit:
            raise UploadRefused(name, f"it is {content.nbytes / 2**20:.1f} MB, more than the {limit / 2**20:.0f} MB "
                                      "this course reads from such a file, so it was not read.")
    except UploadRefused:
        raise
    except Exception as error:  # noqa: BLE001  (a learner never sees a library's traceback)
        raise UploadRefused(shown_name(item.get("name") if isinstance(item, Mapping) else ""),
                            unexpected(error)) from error
    read = False
    try:
        with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as folder:
            target = Path(folder) / name
            with target.open("wb") as handle:
                handle.write(content)  # a copy on this machine, removed below; nothing is sent anywhere
            read = True
            return use(target)
    except UploadRefused:
        raise
    except ValueError as error:  # the course's own errors (LogImportError, ...) are written for learners
        raise UploadRefused(name, sentence(str(error)), read) from error
    except OSError as error:
        if read:
            raise UploadRefused(name, unexpected(error), read) from error
        raise UploadRefused(name, f"it could not be copied to this machine's temporary folder "
                                  f"({error.strerror or 'no room'}). Try again, or a smaller file.") from error
    except Exception as error:  # noqa: BLE001
        raise UploadRefused(name, unexpected(error), read) from error


def sentence(text: str) -> str:
    return text.strip().rstrip(". ") + "." if text.strip() else "it could not be read."


def unexpected(error: BaseException) -> str:
    return (f"an unexpected problem ({type(error).__name__}); please tell the course team which file it was.")
