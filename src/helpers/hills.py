"""Lesson 05: how much of a runner's running goes steeply downhill, from GPX, TCX or FIT tracks.

Pure functions (no widgets, no plotting). Distances are in metres inside and in km in
the tables; convert for display with :mod:`helpers.units`.

GPS and barometric elevations are noisy: a flat run whose elevation wobbles by a metre
from point to point looks, over 20 m pieces, as if a fifth of it fell faster than 5 %.
So the elevation is first put on an even 5 m grid along the route and **smoothed**: a
running median over 100 m (it removes spikes and keeps a steady slope as it is), then a
running mean over 60 m. Grades are then taken over 20 m pieces. The smoothing rounds off
the first and last few tens of metres of each hill, so a steep stretch shorter than about
50 m is missed; ``smooth=False`` gives the raw grades for comparison.

- :func:`track_grades` reads one track file into 20 m pieces and their grades;
- :func:`read_tracks` reads a file, a folder or an export ``.zip`` (every track file in
  it) and keeps a plain-words problem for each file that cannot be read;
- :func:`downhill_table` and :func:`describe_downhill` sum the downhill share over the runs;
- :func:`downhill_in_words` does all of that for a learner's path and never raises.
"""

from __future__ import annotations

import io
import math
import os
import tempfile
import warnings
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

from helpers.import_files import extract_zip, read_bytes
from helpers.import_tracks import TCX_NS, TrackProblem, fit_body, xml_text
from helpers.inputs import check_range
from helpers.paths import data_dir
from helpers.units import km_to

DOWNHILL_PERCENT = 5.0
THRESHOLD_BOUNDS = (1.0, 30.0)  # percent: what "steeper than" may be set to
GRADE_STEP_M = 20.0
GRID_M = 5.0
MEDIAN_WINDOW_M = 100.0
MEAN_WINDOW_M = 60.0
TRACK_SUFFIXES = (".gpx", ".tcx", ".fit")
MAX_TRACK_FILES = 500  # more files than this in one folder or export are named as not read
SEMICIRCLE_DEGREES = 180 / 2**31  # FIT positions are in semicircles
TABLE_COLUMNS = ["run", "distance_km", "downhill_km", "share_percent", "problem"]


def sample_track_path() -> Path:
    """A synthetic 8 km GPX run with one hill (``tools/make_sample_hill_run.py``)."""
    return data_dir() / "sample" / "sample_hill_run.gpx"


def noisy_sample_track_path() -> Path:
    """The same synthetic run with GPS-like elevation noise added (``tools/make_sample_hill_run.py``)."""
    return data_dir() / "sample" / "sample_hill_run_noisy.gpx.gz"


def is_track_file(path: Path) -> bool:
    """A GPX, TCX or FIT file, also gzipped."""
    return path.name.lower().removesuffix(".gz").endswith(TRACK_SUFFIXES)


# ---------------------------------------------------------------- reading the points


Segment = tuple[np.ndarray, np.ndarray]  # metres along the route, elevation (m)


def _metres_between(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Great-circle distances between consecutive points (haversine, Earth radius 6,371 km)."""
    lat, lon = np.radians(lat), np.radians(lon)
    a = np.sin(np.diff(lat) / 2) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(np.diff(lon) / 2) ** 2
    return 2 * 6_371_000 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _segment(points: list[tuple[float | None, float | None, float | None]]) -> Segment | None:
    """(lat, lon, elevation) points → metres along the route and elevation at the points that have one."""
    placed = [(lat, lon, ele) for lat, lon, ele in points if lat is not None and lon is not None]
    if len(placed) < 2:
        return None
    lat, lon = (np.array([p[i] for p in placed], dtype=float) for i in (0, 1))
    ele = np.array([np.nan if p[2] is None else p[2] for p in placed], dtype=float)
    metres = np.concatenate([[0.0], np.cumsum(_metres_between(lat, lon))])
    return _along(metres, ele)


def _along(metres: np.ndarray, ele: np.ndarray) -> Segment | None:
    """Only points with a finite elevation, each further along than the one before."""
    keep = np.isfinite(ele) & np.isfinite(metres)
    metres, ele = metres[keep], ele[keep]
    if len(metres) < 2:
        return None
    ahead = np.concatenate([[True], np.diff(metres) > 0])
    ahead &= metres >= np.maximum.accumulate(metres)
    return (metres[ahead], ele[ahead]) if ahead.sum() >= 2 else None


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _gpx_segments(raw: bytes) -> list[Segment | None]:
    """Each ``trkseg`` of a GPX file (1.0 or 1.1), read with ElementTree (gpxpy takes ten times as long)."""
    root = ElementTree.fromstring(xml_text(raw, b"<trkpt"))
    segments = []
    for segment in (element for element in root.iter() if _local(element.tag) == "trkseg"):
        points = []
        for point in segment:
            if _local(point.tag) == "trkpt":
                ele = next((child.text for child in point if _local(child.tag) == "ele"), None)
                points.append((_number(point.get("lat")), _number(point.get("lon")), _number(ele)))
        segments.append(_segment(points))
    return segments


def _tcx_segments(raw: bytes) -> list[Segment | None]:
    root = ElementTree.fromstring(xml_text(raw, b"<Trackpoint"))
    ns = TCX_NS if root.tag.startswith(TCX_NS) else ""
    return [_segment([(_number(p.findtext(f"{ns}Position/{ns}LatitudeDegrees")),
                       _number(p.findtext(f"{ns}Position/{ns}LongitudeDegrees")),
                       _number(p.findtext(f"{ns}AltitudeMeters"))) for p in track.iter(f"{ns}Trackpoint")])
            for track in root.iter(f"{ns}Track")]


def _fit_segments(raw: bytes) -> list[Segment | None]:
    """The record messages of a FIT file (read as ``helpers.import_tracks.read_fit`` reads its sessions)."""
    import fitdecode

    rows = []
    try:
        reader = fitdecode.FitReader(io.BytesIO(fit_body(raw)), check_crc=fitdecode.CrcCheck.RAISE)
        with warnings.catch_warnings(), reader:
            warnings.simplefilter("ignore")
            for frame in reader:
                if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                    values = {f.name: f.value for f in frame.fields}
                    ele = values.get("enhanced_altitude")
                    ele = values.get("altitude") if ele is None else ele
                    rows.append((values.get("position_lat"), values.get("position_long"), values.get("distance"), ele))
    except (fitdecode.FitError, EOFError, ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        raise TrackProblem(f"it is not a complete FIT file ({str(error)[:80]})") from None

    def number(value: object) -> float:
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else math.nan

    table = np.array([[number(v) for v in row] for row in rows], dtype=float).reshape(-1, 4)
    if np.isfinite(table[:, 2]).sum() >= 2:  # the watch's own distance along the route
        return [_along(table[:, 2], table[:, 3])]
    return [_segment([(lat * SEMICIRCLE_DEGREES, lon * SEMICIRCLE_DEGREES, ele) if np.isfinite(lat) and np.isfinite(lon)
                      else (None, None, None) for lat, lon, _, ele in table])]


def _segments(path: Path) -> list[Segment]:
    """The parts of one track file that have an elevation; ``ValueError`` in plain words otherwise."""
    name = path.name.lower().removesuffix(".gz")
    if not is_track_file(path):
        raise ValueError(f"{path.name}: hills are read from GPX, TCX or FIT files (also .gz), or a folder or .zip "
                         "of them.")
    raw = read_bytes(path, path.name)  # size limits; a .gz is unpacked
    try:
        if name.endswith(".gpx"):
            found = _gpx_segments(raw)
        elif name.endswith(".tcx"):
            found = _tcx_segments(raw)
        else:
            found = _fit_segments(raw)
    except TrackProblem as problem:
        raise ValueError(f"Could not read {path.name}: {problem}.") from None
    except Exception as error:  # a learner's file must never show a traceback
        kind = name.rsplit(".", 1)[-1].upper()
        raise ValueError(f"Could not read {path.name} as a {kind} track ({str(error)[:80] or type(error).__name__})."
                         ) from None
    segments = [segment for segment in found if segment is not None]
    if not segments:
        raise ValueError(f"{path.name} has no stretch of track with elevations, so its hills cannot be measured. "
                         "Export the run with elevation (most watches and apps include it).")
    return segments


# ---------------------------------------------------------------- grades


def _running(values: np.ndarray, points: int, how: str) -> np.ndarray:
    """A running median or mean over ``points`` (odd) values.

    The ends are padded by point reflection (``2·end − value``), so a slope that runs to
    the end of the track keeps its grade there instead of flattening. The point reflected
    about is the end of a straight line fitted to the last half-window, not the last
    (noisy) reading, which would otherwise pull the smoothed end up or down with its noise.
    """
    half = points // 2
    if points <= 1 or len(values) < 2:
        return values
    half = min(half, len(values) - 1)
    start = 2 * _fitted_end(values[:half + 1][::-1]) - values[1:half + 1][::-1]
    end = 2 * _fitted_end(values[-half - 1:]) - values[-half - 1:-1][::-1]
    padded = np.concatenate([start, values, end])
    if len(padded) < points:
        return values
    windows = sliding_window_view(padded, points)
    return np.median(windows, axis=1) if how == "median" else windows.mean(axis=1)


def _fitted_end(values: np.ndarray) -> float:
    """Where a straight line fitted to ``values`` (in order) is at the last of them."""
    if len(values) < 3:
        return float(values[-1])
    slope, intercept = np.polyfit(np.arange(len(values)), values, 1)
    return float(slope * (len(values) - 1) + intercept)


def grades_along(metres: np.ndarray, elevation: np.ndarray, smooth: bool = True) -> pd.DataFrame:
    """Pieces of about 20 m along one stretch of route and their grades (%; downhill is negative).

    The elevation is interpolated on an even grid of about 5 m and, with ``smooth``, smoothed
    (a 100 m running median, then a 60 m running mean). The pieces add up to the whole distance.
    """
    metres, elevation = np.asarray(metres, float), np.asarray(elevation, float)
    length = float(metres[-1] - metres[0]) if len(metres) else 0.0
    steps = math.ceil(length / GRID_M - 1e-9)
    if steps < 1:
        return pd.DataFrame({"metres": [], "grade_percent": []})
    grid = np.linspace(metres[0], metres[-1], steps + 1)
    height = np.interp(grid, metres, elevation)
    step = length / steps
    if smooth:
        height = _running(height, int(round(MEDIAN_WINDOW_M / step)) | 1, "median")
        height = _running(height, int(round(MEAN_WINDOW_M / step)) | 1, "mean")
    ends = np.arange(0, steps + 1, max(1, int(round(GRADE_STEP_M / step))))
    if ends[-1] != steps:
        ends = np.append(ends, steps)
    pieces = np.diff(grid[ends])
    return pd.DataFrame({"metres": pieces, "grade_percent": 100 * np.diff(height[ends]) / pieces})


def track_grades(path: str | os.PathLike, smooth: bool = True) -> pd.DataFrame:
    """The ground of one GPX, TCX or FIT track (also gzipped) in pieces of about 20 m.

    Columns ``metres`` and ``grade_percent`` (downhill is negative), over every stretch that
    has elevations (points without one are left out; separate tracks or segments are not
    joined). A file that cannot be used raises ``ValueError`` saying why and what to do.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path.name or path} is not a file here: check the name, and that the file is in the "
                         "same folder as this notebook.")
    pieces = [grades_along(metres, elevation, smooth) for metres, elevation in _segments(path)]
    return pd.concat(pieces, ignore_index=True)


def downhill_share(grades: pd.DataFrame, steeper_than_percent: float = DOWNHILL_PERCENT) -> dict[str, float]:
    """How much of a track runs downhill steeper than ``steeper_than_percent``: km and share of the distance."""
    total = float(grades["metres"].sum())
    down = float(grades.loc[grades["grade_percent"] < -abs(steeper_than_percent), "metres"].sum())
    return {"distance_km": total / 1000, "downhill_km": down / 1000,
            "share_percent": 100 * down / total if total else 0.0}


# ---------------------------------------------------------------- several runs


@dataclass
class Tracks:
    """The grades of each run read, and a plain-words problem for each file that could not be used."""

    grades: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)

    def add(self, other: Tracks) -> Tracks:
        """Both sets together (a name already present gets a number: ``run.gpx (2)``)."""
        for kind in ("grades", "problems"):
            mine = getattr(self, kind)
            for name, value in getattr(other, kind).items():
                label, number = name, 2
                while label in self.grades or label in self.problems:
                    label, number = f"{name} ({number})", number + 1
                mine[label] = value
        return self


def _read_folder(folder: Path, shown: str, smooth: bool) -> Tracks:
    files = sorted((p for p in folder.rglob("*") if p.is_file() and is_track_file(p)),
                   key=lambda p: p.relative_to(folder).as_posix())
    if not files:
        raise ValueError(f"{shown} holds no GPX, TCX or FIT file, so there is no track to measure. Choose the "
                         "files of your runs (a Strava export keeps them in its 'activities' folder).")
    tracks = Tracks()
    for number, file in enumerate(files):
        name = file.relative_to(folder).as_posix()
        if number >= MAX_TRACK_FILES:
            tracks.problems[name] = f"not read: only the first {MAX_TRACK_FILES} files (by name) are read at once"
            continue
        try:
            tracks.grades[name] = track_grades(file, smooth)
        except ValueError as error:
            tracks.problems[name] = str(error)
    return tracks


def read_tracks(path: str | os.PathLike, smooth: bool = True) -> Tracks:
    """Every track in a GPX, TCX or FIT file, a folder (at any depth) or an export ``.zip``.

    A file that cannot be used is kept in ``problems`` with the reason, never dropped. A path
    that does not exist, a damaged zip or a folder with no track file raises ``ValueError``.
    """
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path.name or path} was not found: check the name, and that the file is in the same "
                         "folder as this notebook.")
    if path.is_dir():
        return _read_folder(path, path.name, smooth)
    if path.name.lower().endswith(".zip"):
        with tempfile.TemporaryDirectory(prefix="back-on-track-") as folder:
            extract_zip(path, Path(folder), path.name)  # LogImportError (a ValueError) in plain words
            return _read_folder(Path(folder), path.name, smooth)
    return Tracks(grades={path.name: track_grades(path, smooth)})


def downhill_table(tracks: Tracks, steeper_than_percent: float = DOWNHILL_PERCENT) -> pd.DataFrame:
    """One row per run (read or not): distance, km downhill steeper than the threshold, share, problem."""
    threshold = check_range("Steeper than", steeper_than_percent, THRESHOLD_BOUNDS, "%")
    rows = [{"run": name, **downhill_share(grades, threshold), "problem": ""} for name, grades in tracks.grades.items()]
    rows += [{"run": name, "distance_km": np.nan, "downhill_km": np.nan, "share_percent": np.nan, "problem": problem}
             for name, problem in tracks.problems.items()]
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def totals(table: pd.DataFrame) -> dict[str, float]:
    """The runs read, summed: distance, downhill km and the downhill share of all of it."""
    read = table[table["problem"] == ""]
    total, down = float(read["distance_km"].sum()), float(read["downhill_km"].sum())
    return {"runs": len(read), "distance_km": total, "downhill_km": down,
            "share_percent": 100 * down / total if total else 0.0}


def _both(km: float, unit: str) -> str:
    other = "mi" if unit == "km" else "km"
    return f"{km_to(km, unit):,.1f} {unit} ({km_to(km, other):,.1f} {other})"


def problem_text(run: str, problem: str) -> str:
    """'run.fit: why', without naming the file twice and without a closing full stop."""
    text = problem.rstrip(". ")
    return text if run.rsplit("/", 1)[-1] in text else f"{run}: {text}"


def describe_downhill(table: pd.DataFrame, steeper_than_percent: float = DOWNHILL_PERCENT, unit: str = "km") -> str:
    """The runs' downhill share in plain words, naming every file that could not be read."""
    if unit not in ("km", "mi"):
        raise ValueError(f"Unknown distance unit {unit!r}: use 'km' or 'mi'.")
    sums = totals(table)
    runs = sums["runs"]
    if runs:
        text = (f"{runs} run{'' if runs == 1 else 's'}, {_both(sums['distance_km'], unit)} in all: "
                f"{_both(sums['downhill_km'], unit)} of it ({sums['share_percent']:.1f} %) went downhill steeper than "
                f"{steeper_than_percent:g} %.")
    else:
        text = "No run could be read."
    problems = table[table["problem"] != ""]
    if not problems.empty:
        listed = "; ".join(problem_text(row.run, row.problem) for row in problems.head(5).itertuples())
        more = f" … and {len(problems) - 5} more" if len(problems) > 5 else ""
        text += f" {len(problems)} file{'' if len(problems) == 1 else 's'} not counted ({listed}{more})."
    return text + " Elevation from GPS is rough; no study says how much downhill is too much for a back."


def downhill_in_words(path: str | os.PathLike, steeper_than_percent: float = DOWNHILL_PERCENT,
                      unit: str = "km") -> str:
    """:func:`describe_downhill` for a file, folder or ``.zip`` of runs; a problem comes back as words, never raised."""
    try:
        tracks = read_tracks(path)
        return describe_downhill(downhill_table(tracks, steeper_than_percent), steeper_than_percent, unit)
    except ValueError as error:  # the course's own words: what was wrong and what to do
        return f"Could not measure the hills: {error}"
    except Exception as error:  # noqa: BLE001  (a learner never sees a traceback or a library's text)
        return (f"Could not measure the hills: an unexpected problem ({type(error).__name__}) reading {Path(path).name}. "
                "Try the file again, or another one.")
