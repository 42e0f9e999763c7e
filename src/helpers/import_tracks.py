"""Training-log import, the track-file layer: GPX, TCX and FIT files, one record per activity.

A file with several activities (GPX tracks, TCX activities, FIT sessions) gives one
record each. Times are UTC. XML with a document type (entity tricks) is refused, and a
track with more than ``MAX_TRACK_POINTS`` points is not parsed. ``read_track_file`` adds one
file's activities to a collection; a file that cannot be read becomes a report line in
plain words (never the parser's text), with the track's start date when it is known.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import import_files
from helpers.import_csv import TYPE_NAMES
from helpers.import_files import MAX_TRACK_POINTS, Collected, LogImportError, decode_text, track_bytes
from helpers.import_rows import EARLIEST_DATE

FOOT_TYPES = ("Run", "Trail Run", "Virtual Run", "Walk", "Hike")
MAX_POINT_SPEED_KMH = {"foot": 45.0, "Ride": 120.0, "Swim": 15.0}
TCX_NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
FIT_SPORTS = {("running", "trail"): "Trail Run", ("running", "treadmill"): "Virtual Run",
              ("running", "virtual_activity"): "Virtual Run", ("running", None): "Run",
              ("cycling", None): "Ride", ("walking", None): "Walk", ("hiking", None): "Hike",
              ("swimming", None): "Swim"}


class TrackProblem(Exception):
    """A track file this course cannot read; the message is plain words for the report."""


def xml_text(raw: bytes, point_tag: bytes) -> str:
    """XML as text: encoding detected, leading blanks and the encoding declaration removed."""
    if b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw or b"\x00<\x00!\x00E" in raw or b"<\x00!\x00E\x00" in raw:
        raise TrackProblem("the file declares its own XML entities, which this course does not read (for safety)")
    if len(raw) > import_files.MAX_TRACK_BYTES:
        raise TrackProblem(f"the file is {len(raw) / 2**20:.0f} MB, more than the "
                           f"{import_files.MAX_TRACK_BYTES // 2**20} MB a day-long track takes; export a shorter activity")
    points = raw.count(point_tag)
    if points > MAX_TRACK_POINTS:
        raise TrackProblem(f"the file has {points:,} track points, more than the {MAX_TRACK_POINTS:,} this course "
                           "reads; export a shorter activity")
    text, _ = decode_text(raw)
    text = text.lstrip("\ufeff \t\r\n")
    if "<!ENTITY" in text or "<!DOCTYPE" in text[:4096]:
        raise TrackProblem("the file declares its own XML entities, which this course does not read (for safety)")
    return re.sub(r"^<\?xml[^>]*\?>", "", text, count=1)


def xml_problem(kind: str, error: BaseException) -> TrackProblem:
    """Plain words for XML that cannot be parsed: cut short, or damaged near a line (never the parser's text)."""
    text = str(error)
    found = re.search(r"line (\d+)", text)
    where = f" near line {found.group(1)}" if found else ""
    if "no element found" in text or "unclosed token" in text:
        return TrackProblem(f"the {kind} file is cut short: it ends{where} before its last tag. Download it again")
    return TrackProblem(f"the {kind} file is damaged{where}: it is not readable XML. Download it again, or export "
                        "the activity again")


def fit_problem(error: BaseException) -> TrackProblem:
    """Plain words for a FIT file fitdecode cannot read."""
    import fitdecode

    if isinstance(error, fitdecode.FitEOFError) or "truncated" in str(error):
        why = "it is cut short (it ends before its last record)"
    elif isinstance(error, fitdecode.FitCRCError):
        why = "it is damaged (its checksum does not match, so some bytes were changed)"
    elif isinstance(error, fitdecode.FitHeaderError):
        why = "it does not start like a FIT file"
    else:
        why = "it is damaged or not a FIT file"
    return TrackProblem(f"{why}. Download it again, or export the activity again")


def as_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """Naive times in a track file are UTC (as GPX and TCX say)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def point_speed_limit(activity_type: str) -> float:
    group = "foot" if activity_type in FOOT_TYPES else activity_type
    return MAX_POINT_SPEED_KMH.get(group, MAX_POINT_SPEED_KMH["Ride"])


# ---------------------------------------------------------------- GPX


def read_gpx(raw: bytes, normalise, problem) -> list[dict]:
    """Each GPX track is one activity; steps faster than a GPS jump are left out.

    ``normalise(name)`` gives the course's activity type; ``problem(number, reason, action,
    start=None)`` reports a track (with its start time when known).
    """
    import gpxpy
    import gpxpy.gpx

    text = xml_text(raw, b"<trkpt")
    try:
        gpx = gpxpy.parse(text)
    except (gpxpy.gpx.GPXException, ET.ParseError, ValueError) as error:
        raise xml_problem("GPX", error) from None
    records = []
    for number, track in enumerate(gpx.tracks, start=1):
        activity_type = normalise(track.type or "Unknown")
        points = [p for segment in track.segments for p in segment.points]
        for point in points:
            point.time = as_utc(point.time)
        timed = [p for p in points if p.time is not None]
        if not timed:
            problem(number, f"track {number} has no times, so no date", "skipped")
            continue
        limit = point_speed_limit(activity_type)
        metres, jumps = track_distance(track, limit)
        if jumps:
            problem(number, f"{jumps} GPS jump(s) faster than {limit:g} km/h left out of the distance", "corrected",
                    timed[0].time)
        moving = track.get_moving_data()
        records.append({
            "row": number, "start_utc": timed[0].time, "activity_type": activity_type,
            "distance_km": metres / 1000, "moving_s": float(moving.moving_time) if moving else np.nan,
            "elapsed_s": (timed[-1].time - timed[0].time).total_seconds(),
        })
    return records


def track_distance(track, limit_kmh: float) -> tuple[float, int]:
    """Metres along a GPX track, without the steps faster than ``limit_kmh``; and their count."""
    total, jumps = 0.0, 0
    for segment in track.segments:
        for before, after in zip(segment.points, segment.points[1:]):
            step = after.distance_2d(before) or 0.0
            if before.time is not None and after.time is not None:
                seconds = (after.time - before.time).total_seconds()
                if seconds <= 0 or step / seconds * 3.6 > limit_kmh:
                    if step > 0:
                        jumps += 1
                        continue
            total += step
    return total, jumps


# ---------------------------------------------------------------- TCX


def tcx_time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return as_utc(dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00")))
    except ValueError:
        return None


def tcx_number(element: ET.Element | None) -> float:
    try:
        return float(element.text) if element is not None and element.text else np.nan
    except ValueError:
        return np.nan


def read_tcx(raw: bytes, normalise) -> list[dict]:
    """Each TCX activity is one record: laps' totals, times from the trackpoints (or the laps)."""
    text = xml_text(raw, b"<Trackpoint")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise xml_problem("TCX", error) from None
    ns = TCX_NS if root.tag.startswith(TCX_NS) else ""
    records = []
    for number, activity in enumerate(root.iter(f"{ns}Activity"), start=1):
        laps = activity.findall(f"{ns}Lap")
        starts = [t for t in (tcx_time(lap.get("StartTime")) for lap in laps) if t]
        times = [t for t in (tcx_time(p.findtext(f"{ns}Time")) for p in activity.iter(f"{ns}Trackpoint")) if t]
        start = min(times + starts + [t for t in [tcx_time(activity.findtext(f"{ns}Id"))] if t], default=None)
        if start is None:
            continue
        durations = [tcx_number(lap.find(f"{ns}TotalTimeSeconds")) for lap in laps]
        metres = [tcx_number(lap.find(f"{ns}DistanceMeters")) for lap in laps]
        moving = float(np.nansum(durations)) if laps and not np.isnan(durations).all() else np.nan
        if times:
            elapsed = (max(times) - start).total_seconds()
        elif starts:
            elapsed = (max(starts) - start).total_seconds() + (durations[-1] if durations else 0.0)
        else:
            elapsed = np.nan
        distance = float(np.nansum(metres)) if metres and not np.isnan(metres).all() else 0.0
        records.append({"row": number, "start_utc": start, "activity_type": normalise(activity.get("Sport") or "Unknown"),
                        "distance_km": distance / 1000, "moving_s": moving or np.nan, "elapsed_s": float(elapsed)})
    return records


# ---------------------------------------------------------------- FIT


def fit_body(raw: bytes) -> bytes:
    """A FIT file without zero bytes padded after its end (its header says how long it is)."""
    if len(raw) >= 12 and raw[8:12] == b".FIT":
        end = raw[0] + int.from_bytes(raw[4:8], "little") + 2
        if len(raw) > end and not raw[end:].strip(b"\x00"):
            return raw[:end]
    return raw


def read_fit(raw: bytes) -> tuple[list[dict], dt.timedelta | None]:
    """The sessions of a FIT file through fitdecode, and the file's local-time offset."""
    import fitdecode

    records, offset = [], None
    try:
        reader = fitdecode.FitReader(io.BytesIO(fit_body(raw)), check_crc=fitdecode.CrcCheck.RAISE)
        with warnings.catch_warnings(), reader:
            warnings.simplefilter("ignore")  # a damaged file's warnings would reach the learner as text
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                values = {f.name: f.value for f in frame.fields}
                if frame.name == "session" and isinstance(values.get("start_time"), dt.datetime):
                    records.append(fit_session(values, len(records) + 1))
                elif (frame.name == "activity" and isinstance(values.get("local_timestamp"), dt.datetime)
                      and isinstance(values.get("timestamp"), dt.datetime)):
                    local = values["local_timestamp"].replace(tzinfo=None)
                    utc = values["timestamp"].replace(tzinfo=None)
                    offset = dt.timedelta(seconds=round((local - utc).total_seconds() / 900) * 900)
    except (fitdecode.FitError, EOFError, ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        raise fit_problem(error) from None
    if offset is not None and abs(offset) > dt.timedelta(hours=14):
        offset = None
    return records, offset


def fit_session(values: dict, number: int) -> dict:
    sport = str(values.get("sport") or "generic")
    sub_sport = str(values.get("sub_sport") or "")
    kind = FIT_SPORTS.get((sport, sub_sport)) or FIT_SPORTS.get((sport, None)) or sport.title()

    def number_of(name: str) -> float:
        value = values.get(name)
        return float(value) if isinstance(value, (int, float)) else np.nan

    distance = number_of("total_distance")
    return {"row": number, "start_utc": as_utc(values["start_time"]), "activity_type": kind,
            "distance_km": (0.0 if np.isnan(distance) else distance) / 1000,
            "moving_s": number_of("total_timer_time"), "elapsed_s": number_of("total_elapsed_time")}


# ---------------------------------------------------------------- one track file, into the collection


def type_name(text: str) -> str:
    text = str(text).strip()
    return TYPE_NAMES.get(text.lower(), text)


def read_track_file(path: Path, source: str, collected: Collected, in_folder: bool) -> None:
    """One GPX, TCX or FIT file (gzipped or not); a file that cannot be parsed is reported.

    A file too large to unpack stops a single-file import with a clear error; in a folder
    it is reported and the other files are read.
    """
    name = path.name.lower().removesuffix(".gz")
    try:
        raw = track_bytes(path, source)
    except LogImportError as error:
        if not in_folder:
            raise
        collected.problem(1, source, f"could not read the file: {error}")
        return
    reported_before = len(collected.problems)

    def problem(number: int, reason: str, action: str, start: dt.datetime | None = None) -> None:
        collected.problem(number, source, reason, action, "" if start is None else track_date(start))

    try:
        if name.endswith(".gpx"):
            records = read_gpx(raw, type_name, problem)
        elif name.endswith(".tcx"):
            records = read_tcx(raw, type_name)
        else:
            records, offset = read_fit(raw)
            if offset is not None and collected.file_zone is None:
                collected.file_zone = dt.timezone(offset)
    except TrackProblem as error:
        collected.problem(1, source, f"could not read the file: {error}")
        return
    records = in_range(records, source, collected)
    if not records:
        if len(collected.problems) == reported_before:
            collected.problem(1, source, "the file holds no activity with a start time")
        return
    frame = pd.DataFrame(records)
    frame["start_utc"] = pd.to_datetime(frame["start_utc"], utc=True).dt.as_unit("ns")
    frame["date_text"] = frame["start_utc"].dt.strftime("%Y-%m-%d %H:%M:%S UTC")
    frame["activity_id"] = ""
    frame["distance_text"] = frame["distance_km"].astype(str)
    frame["local_clock"] = False
    frame["source"] = [source if len(records) == 1 else f"{source} activity {i}" for i in frame["row"]]
    frame["file"] = source
    collected.frames.append(frame.set_index("row", drop=False))


def track_date(start: dt.datetime) -> str:
    """A track's start as the report shows it (UTC, as the file holds it)."""
    return f"{start:%Y-%m-%d %H:%M:%S} UTC"


def in_range(records: list[dict], source: str, collected: Collected) -> list[dict]:
    """Track records whose start lies from 1980 to tomorrow; the others are reported."""
    latest = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
    earliest = dt.datetime(EARLIEST_DATE.year, 1, 1, tzinfo=dt.UTC)
    kept = []
    for record in records:
        start = record["start_utc"]
        if earliest <= start < latest:
            kept.append(record)
        else:
            collected.problem(record["row"], source, f"date {start:%Y-%m-%d} is outside {EARLIEST_DATE.year} to "
                              "tomorrow: a wrong clock or a typo?", "skipped", track_date(start))
    return kept
