"""Training-log import, the file layer: limits, archives, text encodings, the one error type.

Everything a learner's file can do wrong at this level becomes a :class:`LogImportError`
with plain words (never a library's own exception), and nothing is expanded without a
limit: see ``MAX_EXPANDED_BYTES``, ``MAX_RATIO``, ``MAX_ARCHIVE_FILES``, ``MAX_CSV_BYTES``,
``MAX_CSV_ROWS``, ``MAX_TRACK_BYTES`` and ``MAX_TRACK_POINTS``.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

#: Nothing is expanded (or read) beyond 200 MB, nor to more than 100 times its packed size
#: (once past 1 MB: small files compress well and are harmless).
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FREE_BYTES = 1024 * 1024
MAX_ARCHIVE_FILES = 20_000
#: Memory, measured (benchmarks/import_log.py, peak-memory rows, fresh processes): reading a
#: CSV takes about 16 times its size for a full-width Strava export and up to 28 times for a
#: file of short cells, and about 1.6 KB per row however narrow. At 16 MB and 50,000 rows the
#: extra peak is 274 MB for a full-width export (32,600 activities; 3,700 take 1.9 MB) and
#: 428 MB for the worst case (50,000 rows of two-digit cells), so a 2 GB Binder (server,
#: kernels of about 250 MB, the upload itself) keeps room to spare. 50,000 rows are 130 years
#: of daily runs. A larger CSV is refused before it is parsed.
MAX_CSV_BYTES = 16 * 1024 * 1024
MAX_CSV_ROWS = 50_000
#: A day-long run at one point a second has 86,400 points (18 MB of GPX with heart rate and
#: cadence). Reading a GPX takes about 13 times its size (measured: 415 MB for a 32 MB GPX of
#: 124,000 points with five values each; a TCX less), so more points, or a larger GPX, TCX or
#: FIT file, is not parsed: the peak stays under about 450 MB, as for a CSV.
MAX_TRACK_POINTS = 200_000
MAX_TRACK_BYTES = 32 * 1024 * 1024
CHUNK = 1024 * 1024

#: The endings of every file read_log reads (upload widgets accept these).
LOG_SUFFIXES = (".csv", ".gpx", ".tcx", ".fit", ".gz", ".zip")
TRACK_SUFFIXES = (".gpx", ".tcx", ".fit")
#: ``row`` is a file line (header = line 1), not a count: see activity_import's docstring.
REPORT_COLUMNS = ("row", "source", "date", "activity_id", "reason", "action")
WHAT_TO_TRY = ("Try the activities.csv of a Strava export, a Garmin Activities.csv, "
               "or a GPX, TCX or FIT file.")


class LogImportError(ValueError):
    """A training log that cannot be read; the message says what is wrong and what to do."""


class LogFileMissing(LogImportError, FileNotFoundError):
    """The path given to ``read_log`` does not exist."""


@dataclass
class Collected:
    """Activities and report lines gathered from one or more sources (raw, before checks)."""

    frames: list[pd.DataFrame] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    file_zone: dt.tzinfo | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def problem(self, row: int, source: str, reason: str, action: str = "skipped",
                date: object = "", activity_id: object = "") -> None:
        self.problems.append({"row": int(row), "source": source, "date": clean_text(date),
                              "activity_id": clean_text(activity_id), "reason": reason, "action": action})


def clean_text(value: object) -> str:
    """A cell as short, printable text for the report."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:39] + "…"


# ---------------------------------------------------------------- bytes with limits


def too_big(name: str, expanded: int, packed: int, limit: int | None = None) -> bool:
    limit = MAX_EXPANDED_BYTES if limit is None else limit
    return expanded > limit or (expanded > RATIO_FREE_BYTES and expanded > MAX_RATIO * max(packed, 1))


def megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


UNPACK_ADVICE = "Unpack it yourself and choose the activities.csv, or a smaller part of the export."
CSV_ADVICE = "Open it in a spreadsheet, keep the years you want to look at, save it as CSV and choose that file."
TRACK_ADVICE = "Export a shorter activity, or choose the export's activities.csv instead."


def refuse_size(name: str, packed: int, limit: int | None = None, advice: str = UNPACK_ADVICE) -> LogImportError:
    limit = MAX_EXPANDED_BYTES if limit is None else limit
    return LogImportError(
        f"{name} expands to more than {megabytes(limit)} or to more than {MAX_RATIO} times its "
        f"packed size ({packed:,} bytes); a training log is never that large, so it was not read. {advice}")


def size_limit(name: str) -> int:
    """The largest file (after unpacking a .gz) read_log reads with this name: a zip, a track, a CSV."""
    lower = name.lower()
    if lower.endswith(".zip"):
        return MAX_EXPANDED_BYTES
    return MAX_TRACK_BYTES if lower.removesuffix(".gz").endswith(TRACK_SUFFIXES) else MAX_CSV_BYTES


def upload_limit(name: str) -> int:
    """The largest upload with this name worth keeping: read_log refuses a larger one."""
    return size_limit(name)


def read_bytes(path: Path, name: str, limit: int | None = None, advice: str = UNPACK_ADVICE) -> bytes:
    """A file's bytes, gunzipped if its name ends in ``.gz``; beyond ``limit`` refused before reading."""
    limit = MAX_EXPANDED_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            raise LogImportError(f"{name} is {size / 2**20:.1f} MB, larger than the {megabytes(limit)} this course "
                                 "reads from such a file (more would not fit in this machine's memory), so it was "
                                 f"not read. {advice}")
        if not path.name.lower().endswith(".gz"):
            return path.read_bytes()
        with path.open("rb") as handle:
            return gunzip(handle, name, size, limit, advice)
    except OSError as error:
        raise LogImportError(f"{name} could not be opened ({error.strerror or 'unreadable'}).") from None


def csv_bytes(path: Path, name: str) -> bytes:
    """A CSV export's bytes: at most ``MAX_CSV_BYTES`` (after gunzip) and ``MAX_CSV_ROWS`` lines, checked before
    anything is parsed."""
    raw = read_bytes(path, name, MAX_CSV_BYTES, CSV_ADVICE)
    lines = max(raw.count(b"\n"), raw.count(b"\r"))  # an over-count for UTF-16 at worst
    if lines > MAX_CSV_ROWS + 1:
        raise LogImportError(f"{name} has {lines:,} lines, more than the {MAX_CSV_ROWS:,} rows this course reads "
                             f"from one file (more would not fit in this machine's memory), so it was not read. "
                             f"{CSV_ADVICE}")
    return raw


def track_bytes(path: Path, name: str) -> bytes:
    """A GPX, TCX or FIT file's bytes: at most ``MAX_TRACK_BYTES`` (after gunzip)."""
    return read_bytes(path, name, MAX_TRACK_BYTES, TRACK_ADVICE)


def read_head(path: Path, size: int = 64 * 1024) -> bytes:
    """A file's first ``size`` bytes (gunzipped for ``.gz``), or b"" if they cannot be read."""
    try:
        if path.name.lower().endswith(".gz"):
            with gzip.open(path, "rb") as stream:
                return stream.read(size)
        with path.open("rb") as handle:
            return handle.read(size)
    except (OSError, EOFError, zlib.error):
        return b""


def gunzip(handle: io.BufferedIOBase, name: str, packed: int, limit: int | None = None,
           advice: str = UNPACK_ADVICE) -> bytes:
    """Expand gzip data chunk by chunk, stopping at the limits (a gzip bomb never fills memory)."""
    parts, total = [], 0
    try:
        with gzip.GzipFile(fileobj=handle) as stream:
            while chunk := stream.read(CHUNK):
                total += len(chunk)
                if too_big(name, total, packed, limit):
                    raise refuse_size(name, packed, limit, advice)
                parts.append(chunk)
    except (gzip.BadGzipFile, EOFError, zlib.error, OSError):
        raise LogImportError(f"{name} ends in .gz but is not a complete gzip file (it may be cut short or not "
                             "packed with gzip). "
                             "Download it again, or unpack it and choose the file inside.") from None
    return b"".join(parts)


# ---------------------------------------------------------------- zip archives


def extract_zip(path: Path, folder: Path, name: str) -> None:
    """Unpack a zip into ``folder``: safe names only, every limit checked while writing."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            if len(members) > MAX_ARCHIVE_FILES:
                raise LogImportError(f"{name} holds {len(members):,} files, more than the {MAX_ARCHIVE_FILES:,} "
                                     "this course reads. Unpack it and choose the activities.csv.")
            packed = max(path.stat().st_size, 1)
            total = 0
            for info in members:
                if info.flag_bits & 0x1:
                    raise LogImportError(f"{name} is protected by a password. Unpack it yourself and choose "
                                         "the activities.csv or the unpacked folder.")
                target = safe_target(folder, info.filename)
                if target is None:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source, target.open("wb") as sink:
                    while chunk := source.read(CHUNK):
                        total += len(chunk)
                        if too_big(name, total, packed):
                            raise refuse_size(name, packed)
                        sink.write(chunk)
    except LogImportError:
        raise
    except NotImplementedError:
        raise LogImportError(f"{name} is packed with a compression method this course cannot unpack. "
                             "Unpack it with your computer's own tool and choose the folder or activities.csv.") from None
    except RuntimeError:  # zipfile's word for an encrypted member
        raise LogImportError(f"{name} could not be unpacked; if it has a password, "
                             "unpack it yourself and choose the activities.csv.") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        raise LogImportError(f"{name} ends in .zip but is not a readable zip archive (it may be cut short or "
                             "damaged). "
                             "Download the export again, or unpack it and choose the folder.") from None


def safe_target(folder: Path, member: str) -> Path | None:
    """Where a member may be written inside ``folder`` (no absolute paths, no ``..``)."""
    parts = [part for part in PurePosixPath(member.replace("\\", "/")).parts
             if part not in ("", ".", "..", "/") and ":" not in part and "\x00" not in part]
    return folder.joinpath(*parts) if parts else None


# ---------------------------------------------------------------- text encodings

BOMS = ((codecs.BOM_UTF8, "utf-8", "UTF-8 with a byte-order mark"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 (little-endian)"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 (big-endian)"))


def decode_text(raw: bytes) -> tuple[str, str]:
    """Text from bytes and the name of the encoding used (BOM, UTF-16, UTF-8, else Windows-1252).

    Bytes that are not valid in the chosen encoding become U+FFFD, so a damaged cell
    is unreadable (and reported) rather than silently different.
    """
    for bom, codec, label in BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(codec, errors="replace"), label
    sample = raw[:4000]
    if len(sample) >= 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 5 and even < odd // 10:
            return raw.decode("utf-16-le", errors="replace"), "UTF-16 (little-endian, no byte-order mark)"
        if even > len(sample) // 5 and odd < even // 10:
            return raw.decode("utf-16-be", errors="replace"), "UTF-16 (big-endian, no byte-order mark)"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    replaced = raw.decode("utf-8", errors="replace")
    high = sum(1 for byte in raw if byte >= 0x80)
    valid_multibyte = sum(1 for char in replaced if ord(char) >= 0x80 and char != "\ufffd")
    if valid_multibyte and replaced.count("\ufffd") < high / 2:
        return replaced, "UTF-8 (with some bytes that are not UTF-8, shown as �)"
    return raw.decode("cp1252", errors="replace"), "Windows-1252 (Western European)"
