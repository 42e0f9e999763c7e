"""Write data/sample/sample_hill_run.gpx: a synthetic 8 km run with one hill (lesson 05).

    python tools/make_sample_hill_run.py

A straight line north from 52.5° N, 13.4° E, one point every 20 m, 5:30 per km: 2 km flat,
1 km up at 6 %, 1 km down at 6 %, 2 km flat, 1 km down at 3 %, 1 km up at 3 %. So 1 km of
the 8 km (12.5 %) runs downhill steeper than 5 %. Nothing about it is real.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEP_M = 20.0
METRES_PER_DEGREE_LATITUDE = 6_371_000 * math.pi / 180  # the sphere the course measures on (haversine)
PIECES = [(2000, 0.0), (1000, 6.0), (1000, -6.0), (2000, 0.0), (1000, -3.0), (1000, 3.0)]  # (metres, grade %)
SECONDS_PER_M = 0.33


def points() -> list[tuple[float, float, float, dt.datetime]]:
    start = dt.datetime(2024, 9, 1, 7, 0, tzinfo=dt.timezone.utc)
    rows, metres, height = [(52.5, 13.4, 40.0, start)], 0.0, 40.0
    for length, grade in PIECES:
        for _ in range(int(length / STEP_M)):
            metres += STEP_M
            height += STEP_M * grade / 100
            rows.append((52.5 + metres / METRES_PER_DEGREE_LATITUDE, 13.4, height,
                         start + dt.timedelta(seconds=metres * SECONDS_PER_M)))
    return rows


def gpx() -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<gpx creator="Back on Track (synthetic)" version="1.1" xmlns="http://www.topografix.com/GPX/1/1">',
             "<trk><name>Synthetic hill run</name><type>running</type><trkseg>"]
    lines += [f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>{ele:.1f}</ele><time>{when:%Y-%m-%dT%H:%M:%SZ}</time></trkpt>'
              for lat, lon, ele, when in points()]
    lines.append("</trkseg></trk></gpx>")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    target = ROOT / "data" / "sample" / "sample_hill_run.gpx"
    target.write_text(gpx(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
