"""Write the synthetic hill runs of lesson 05 (seeded: the same bytes every time).

    python tools/make_sample_hill_run.py

data/sample/sample_hill_run.gpx: a straight line north from 52.5° N, 13.4° E, one point
every 20 m, 5:30 per km: 2 km flat, 1 km up at 6 %, 1 km down at 6 %, 2 km flat, 1 km down
at 3 %, 1 km up at 3 %. So 1 km of the 8 km (12.5 %) runs downhill steeper than 5 %.

data/sample/sample_hill_run_noisy.gpx.gz: the same route recorded once a second (about every
3 m), with GPS-like elevation noise: each point off by a random 1.5 m (standard deviation)
plus a slow wander of up to about 2 m. It tests that the course's smoothing keeps noise
from looking like hills. Nothing about either run is real.
"""

from __future__ import annotations

import datetime as dt
import gzip
import math
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
STEP_M = 20.0
METRES_PER_DEGREE_LATITUDE = 6_371_000 * math.pi / 180  # the sphere the course measures on (haversine)
PIECES = [(2000, 0.0), (1000, 6.0), (1000, -6.0), (2000, 0.0), (1000, -3.0), (1000, 3.0)]  # (metres, grade %)
SECONDS_PER_M = 0.33
NOISY_STEP_M = 3.0
NOISE_SD_M = 1.5
SEED = 20240901


def points(step_m: float = STEP_M, noisy: bool = False) -> list[tuple[float, float, float, dt.datetime]]:
    start = dt.datetime(2024, 9, 1, 7, 0, tzinfo=dt.timezone.utc)
    rows, metres, height = [(52.5, 13.4, 40.0, start)], 0.0, 40.0
    for length, grade in PIECES:
        for _ in range(round(length / step_m)):
            metres += step_m
            height += step_m * grade / 100
            rows.append((52.5 + metres / METRES_PER_DEGREE_LATITUDE, 13.4, height,
                         start + dt.timedelta(seconds=metres * SECONDS_PER_M)))
    if noisy:
        rng = np.random.default_rng(SEED)
        wander = 2.0 * np.sin(np.arange(len(rows)) * step_m / 1500 + rng.uniform(0, 2 * math.pi))
        noise = rng.normal(0, NOISE_SD_M, len(rows)) + wander
        rows = [(lat, lon, ele + float(extra), when) for (lat, lon, ele, when), extra in zip(rows, noise)]
    return rows


def gpx(step_m: float = STEP_M, noisy: bool = False) -> str:
    name = "Synthetic hill run, noisy elevation" if noisy else "Synthetic hill run"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<gpx creator="Back on Track (synthetic)" version="1.1" xmlns="http://www.topografix.com/GPX/1/1">',
             f"<trk><name>{name}</name><type>running</type><trkseg>"]
    lines += [f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>{ele:.1f}</ele><time>{when:%Y-%m-%dT%H:%M:%SZ}</time></trkpt>'
              for lat, lon, ele, when in points(step_m, noisy)]
    lines.append("</trkseg></trk></gpx>")
    return "\n".join(lines) + "\n"


def main(folder: Path = ROOT / "data" / "sample") -> None:
    (folder / "sample_hill_run.gpx").write_text(gpx(), encoding="utf-8")
    noisy = gzip.compress(gpx(NOISY_STEP_M, noisy=True).encode("utf-8"), mtime=0)  # no time stamp: same bytes
    (folder / "sample_hill_run_noisy.gpx.gz").write_bytes(noisy)
    print(f"wrote sample_hill_run.gpx and sample_hill_run_noisy.gpx.gz in {folder}")


if __name__ == "__main__":
    main()
