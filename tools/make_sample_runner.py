"""Write the synthetic runner's Strava-style activities.csv (seeded: same output every run).

    .venv/bin/python tools/make_sample_runner.py

Output: data/sample/sample_runner_activities.csv, read with
``helpers.activity_import.read_log(sample_log_path(), timezone=SAMPLE_TIMEZONE)``.
The story of the runner, and what the data are meant to show, is in
data/sample_runner_story.md. Nothing here is a real person's data.

The shoe of each run (the ``Activity Gear`` column, lesson 05) is drawn from a random
generator of its own (``GEAR_SEED``): changing the shoes changes no other cell of the file,
so lessons 06 and 10, which read the same log, see the same numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from helpers.activity_import import STRAVA_EXPORT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "data" / "sample" / "sample_runner_activities.csv"
ZONE = ZoneInfo("America/Toronto")
SEED = 20210104
FIRST_MONDAY = dt.date(2021, 1, 4)
WEEKS = 208  # four years, to 2024-12-29

HEADER = list(STRAVA_EXPORT_COLUMNS)

# Week number (from 2021-01-04) → planned running km; breaks are 0.
MARATHON_WEEK = 144  # the week of Sunday 2023-10-15 (a city marathon)
BACK_PAIN_BREAK = range(92, 99)  # 7 weeks from 2022-10-03: a back-pain episode, walks and rides only
SUMMER_HOLIDAYS = (range(31, 33), range(123, 125), range(186, 188))
CHRISTMAS = (range(103, 104), range(155, 156), range(207, 208))
SPIKE_WEEKS = {20: 21.0, 60: 24.0, 118: 23.0, 172: 30.0}  # one unusually long run in these weeks (km)
DUPLICATE_WEEK = 80  # one run uploaded twice (watch and phone)
LEFT_RUNNING_WEEK = 165  # the watch kept recording after one run

# Shoes (lesson 05): (name, first day, last day) of each pair; two road pairs overlap while one
# is being retired, so they rotate. Trail shoes take trail runs and some long runs; racing
# flats some runs of the marathon build-up and the race. A few runs name no shoe.
GEAR_SEED = 5
SHOES = (
    ("Blue trainers", dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
    ("Trail shoes", dt.date(2021, 5, 1), dt.date(2024, 12, 31)),
    ("Grey trainers", dt.date(2021, 10, 1), dt.date(2023, 6, 30)),
    ("Green trainers", dt.date(2023, 5, 1), dt.date(2024, 12, 31)),
    ("Racing flats", dt.date(2023, 6, 1), dt.date(2024, 12, 31)),
)
ROAD_PAIRS = ("Blue trainers", "Grey trainers", "Green trainers")
TRAIL_LONG_RUN_SHARE = 0.25
FLATS_SHARE = 0.15
UNNAMED_SHARE = 0.02


def weekly_plan() -> np.ndarray:
    """Planned running km per week: base building, a break, a return, a marathon build-up, a steady year."""
    km = np.zeros(WEEKS)
    for week in range(WEEKS):
        if week < 30:
            km[week] = 15 + 15 * week / 30  # base: 15 → 30 km
        elif week < 92:
            km[week] = 32 + 8 * np.sin(week / 9)  # a year of 24–40 km
        elif week < 99:
            km[week] = 0  # back-pain break
        elif week < 108:
            km[week] = 6 + 3 * (week - 99)  # return: walk–run to 30 km
        elif week < MARATHON_WEEK - 18:
            km[week] = 32
        elif week <= MARATHON_WEEK:
            build = week - (MARATHON_WEEK - 18)
            km[week] = 35 + 35 * min(build, 14) / 14  # 35 → 70 km
            if build % 4 == 3:
                km[week] *= 0.75  # cutback week
            if build >= 15:
                km[week] = [55, 45, 35, 61.2][build - 15]  # taper, then race week
        elif week < MARATHON_WEEK + 3:
            km[week] = 12  # easy after the race
        else:
            km[week] = 40
    for weeks in (*SUMMER_HOLIDAYS, *CHRISTMAS):
        km[list(weeks)] = 0
    return km


def runs_for_week(week: int, total: float, rng: np.random.Generator) -> list[tuple[int, float, str]]:
    """(weekday, km, name) for the week's runs: a Sunday long run and 2–4 weekday runs."""
    if total <= 0:
        return []
    if week == MARATHON_WEEK:
        return [(1, 8.0, "Shakeout"), (3, 6.0, "Easy"), (4, 5.0, "Strides"), (6, 42.2, "Marathon!")]
    count = 3 if total < 25 else 4 if total < 50 else 5
    long_share = 0.42 if total >= 50 else 0.35 if total >= 25 else 0.3
    long_run = round(total * long_share * rng.uniform(0.95, 1.05), 1)
    days = [1, 3, 4, 5][: count - 1] if count < 5 else [0, 1, 3, 4]
    rest = total - long_run
    weights = rng.uniform(0.8, 1.2, len(days))
    runs = [(day, round(rest * w / weights.sum(), 1), "Evening Run") for day, w in zip(days, weights)]
    runs.append((6, long_run, "Long Run"))
    if week in SPIKE_WEEKS:
        runs[-1] = (5, SPIKE_WEEKS[week], "Trail adventure")
    return runs


def cross_training(week: int, rng: np.random.Generator) -> list[tuple[int, str, float, str]]:
    """(weekday, type, km, name): rides in summer and during the break, walks now and then."""
    start = FIRST_MONDAY + dt.timedelta(weeks=week)
    extra = []
    summer = start.month in (6, 7, 8)
    if week in BACK_PAIN_BREAK:
        extra += [(2, "Walk", round(rng.uniform(3, 6), 2), "Rehab walk"), (5, "Ride", round(rng.uniform(15, 30), 2),
                                                                            "Easy spin")]
    elif summer and rng.random() < 0.4:
        extra.append((5, "Ride", round(rng.uniform(30, 60), 2), "Saturday ride"))
    if rng.random() < 0.25 or any(week in weeks for weeks in SUMMER_HOLIDAYS):
        extra.append((6 if week in SUMMER_HOLIDAYS[0] else 2, "Walk", round(rng.uniform(2, 8), 2), "Walk"))
    return extra


def speed_kmh(kind: str, km: float, rng: np.random.Generator) -> float:
    if kind == "Ride":
        return rng.uniform(22, 28)
    if kind == "Walk":
        return rng.uniform(4.5, 5.8)
    base = 10.2 if km < 15 else 9.6  # about 5:55 /km easy, 6:15 /km long
    return base * rng.uniform(0.95, 1.06) if km < 40 else 9.4


def start_time(weekday: int, rng: np.random.Generator) -> tuple[int, int]:
    """Local hour and minute: weekday runs after work, weekends in the morning."""
    if weekday >= 5:
        return int(rng.integers(7, 10)), int(rng.integers(0, 60))
    return int(rng.integers(18, 21)), int(rng.integers(0, 60))


def shoe_for(day: dt.date, name: str, rng: np.random.Generator) -> str:
    """The pair a run was logged in ("" for a few runs with no shoe named); ``rng`` is the gear's own."""
    unnamed, pick = rng.random(), rng.random()  # always two draws, so one run's shoe never moves the next
    worn = {shoe for shoe, first, last in SHOES if first <= day <= last}
    if unnamed < UNNAMED_SHARE:
        return ""
    if "Trail shoes" in worn and (name == "Trail adventure" or (name == "Long Run" and pick < TRAIL_LONG_RUN_SHARE)):
        return "Trail shoes"
    if "Racing flats" in worn and (name in ("Marathon!", "Strides") or (name == "Evening Run" and pick < FLATS_SHARE)):
        return "Racing flats"
    road = [shoe for shoe in ROAD_PAIRS if shoe in worn]
    return road[int(pick * len(road))]


def english_date(moment: dt.datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{moment:%b} {moment.day}, {moment.year}, {hour}:{moment:%M:%S} {'AM' if moment.hour < 12 else 'PM'}"


def row(ident: int, local: dt.datetime, name: str, kind: str, km: float, moving: float, elapsed: float,
        rng: np.random.Generator, shoe: str) -> list[str]:
    utc = local.astimezone(dt.UTC)
    gear = {"Run": shoe, "Ride": "Old steel bike", "Walk": ""}[kind]
    first = {"Activity ID": ident, "Activity Date": english_date(utc), "Activity Name": name, "Activity Type": kind,
             "Elapsed Time": round(elapsed), "Distance": f"{km:.2f}", "Commute": "false", "Activity Gear": gear,
             "Filename": f"activities/{ident}.fit.gz", "Athlete Weight": "71.0"}
    second = {"Elapsed Time": f"{round(elapsed):.1f}", "Moving Time": f"{round(moving):.1f}",
              "Distance": f"{km * 1000:.1f}", "Average Speed": f"{km * 1000 / moving:.3f}",
              "Elevation Gain": f"{km * rng.uniform(4, 12):.1f}", "Commute": "0.0", "From Upload": "1.0"}
    cells, seen = [], set()
    for column in HEADER:
        repeated = column in seen or (HEADER.count(column) == 1 and column not in first)
        seen.add(column)
        cells.append(str((second if repeated else first).get(column, "")))
    return cells


def activities() -> list[list[str]]:
    rng = np.random.default_rng(SEED)
    gear_rng = np.random.default_rng(GEAR_SEED)  # its own generator: the other cells do not depend on it
    plan = weekly_plan()
    rows, ident = [], 4_800_000_000
    for week in range(WEEKS):
        monday = FIRST_MONDAY + dt.timedelta(weeks=week)
        planned = [(day, "Run", km, name) for day, km, name in runs_for_week(week, plan[week], rng)]
        for day, kind, km, name in sorted(planned + cross_training(week, rng)):
            if week in range(99, 103) and kind == "Run":
                name = "Walk-run"
            hour, minute = start_time(day, rng)
            if name == "Marathon!":
                hour, minute = 8, 0
            local = dt.datetime.combine(monday + dt.timedelta(days=day), dt.time(hour, minute), ZONE)
            moving = km / speed_kmh(kind, km, rng) * 3600
            elapsed = moving + rng.uniform(20, 240)
            if week == LEFT_RUNNING_WEEK and day == 6:
                elapsed = moving + 5.5 * 3600  # forgot to stop the watch
            ident += int(rng.integers(50_000, 900_000))
            shoe = shoe_for(local.date(), name, gear_rng) if kind == "Run" else ""
            rows.append(row(ident, local, name, kind, km, moving, elapsed, rng, shoe))
            if week == DUPLICATE_WEEK and day == 6:
                ident += 17
                again = local + dt.timedelta(seconds=40)
                rows.append(row(ident, again, name + " (phone)", kind, round(km * 1.02, 2), moving, elapsed, rng, shoe))
    return rows


def main(output: Path = OUTPUT) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([HEADER, *activities()])
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(buffer.getvalue(), encoding="utf-8")
    print(f"wrote {output}: {buffer.getvalue().count(chr(10)) - 1} activities, {output.stat().st_size / 1000:.0f} KB")


if __name__ == "__main__":
    main()
