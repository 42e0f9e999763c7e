"""Lesson 06 in words: what the training-load figure shows, its numbers, and when a log is too short.

Pure functions (data in, text or a table out) for the ramp simulator and the log explorer:
a screen reader reads the description, "Show the numbers" shows the table, and the
takeaway says plainly when there is too little running for weeks or a ratio.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.training import CHRONIC_DAYS, NO_RECENT_RUN, RATIO_FORMS, SPIKE_BANDS, TrainingLoad, _sentence
from helpers.units import km_to

MARKED_BANDS = (*(label for label, _ in SPIKE_BANDS[1:]), NO_RECENT_RUN)  # the bands the figure marks


def _date(value: object) -> str:
    return f"{pd.Timestamp(value):%d %b %Y}"


def _distance(km: float, unit: str) -> str:
    return f"{km_to(km, unit):.1f} {'km' if unit == 'km' else 'miles'}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def run_count(load: TrainingLoad) -> int:
    """How many runs a log or plan has (one row per run in ``load.spikes``)."""
    return len(load.spikes)


def too_little_text(load: TrainingLoad, ratio: str = "coupled") -> str:
    """A plain sentence when the running is too short for a weekly picture or a ratio, else ''."""
    runs, days = run_count(load), len(load.daily)
    values = load.ratios[ratio].to_numpy(float)
    if runs == 0:
        return "There are no runs to show."
    if runs == 1:
        return (f"One run is not enough for a weekly picture or a ratio: the figure shows a single bar, and the "
                f"{RATIO_FORMS[ratio]} needs {CHRONIC_DAYS} days of running (it compares the last 7 days with "
                f"the last {CHRONIC_DAYS}). Add more runs, for example a whole export.")
    if not np.isfinite(values).any():
        return (f"{_plural(runs, 'run')} over {_plural(days, 'day')} are not enough for a ratio: the "
                f"{RATIO_FORMS[ratio]} needs {CHRONIC_DAYS} days of running, so no ratio line is drawn.")
    return ""


def load_description(title: str, weeks: pd.DataFrame, load: TrainingLoad, ratio: str, unit: str) -> str:
    """What one column of the training-load figure shows, in plain text with its key numbers.

    ``weeks`` is the weekly table drawn as bars (``week_start``, ``distance_km``, ``kind``);
    distances are given in ``unit`` ("km" or "mi").
    """
    runs = run_count(load)
    if runs == 1:
        run = load.spikes.iloc[0]
        return (f"{title}: one run of {_distance(run['distance_km'], unit)} on {_date(run['local_date'])}, drawn "
                f"as a single bar for the week of {_date(weeks['week_start'].iloc[0])}; no ratio line, because a "
                f"ratio needs {CHRONIC_DAYS} days of running.")
    distance = weeks["distance_km"].to_numpy(float)
    longest = int(np.argmax(distance))
    parts = [
        f"{title}. Top: weekly distance as bars, {_plural(len(weeks), 'week')} from the week of "
        f"{_date(weeks['week_start'].iloc[0])} to the week of {_date(weeks['week_start'].iloc[-1])}; first week "
        f"{_distance(distance[0], unit)}, last week {_distance(distance[-1], unit)}, longest week "
        f"{_distance(distance[longest], unit)} (week of {_date(weeks['week_start'].iloc[longest])})."
    ]
    kinds = weeks["kind"].value_counts() if "kind" in weeks else pd.Series(dtype=int)
    special = [f"{_plural(int(kinds[kind]), kind + ' week')}" for kind in ("cutback", "break", "walk-run") if kind in kinds]
    if special:
        parts.append(f"Among them {', '.join(special)}.")
    marked = load.spikes["band"].value_counts()
    spikes = [f"{int(marked[band])} {band}" if band == NO_RECENT_RUN else f"{_plural(int(marked[band]), 'run')} {band} longer"
              for band in MARKED_BANDS if band in marked]
    if spikes:
        parts.append(f"Marked single runs, against the longest run of the 30 days before: {', '.join(spikes)}.")
    parts.append(_ratio_words(load, ratio))
    return " ".join(parts)


def _ratio_words(load: TrainingLoad, ratio: str) -> str:
    values = load.ratios[ratio]
    finite = values[np.isfinite(values.to_numpy(float))]
    name = _sentence(RATIO_FORMS[ratio])
    if finite.empty:
        return f"Bottom: no ratio line: the {RATIO_FORMS[ratio]} needs {CHRONIC_DAYS} days of running."
    text = (f"Bottom: the {RATIO_FORMS[ratio]} day by day, from {_date(finite.index[0])}: between {finite.min():.2f} "
            f"and {finite.max():.2f} (highest on {_date(finite.idxmax())}); above 1.3 on "
            f"{_plural(int((finite > 1.3).sum()), 'day')}, 1.5 or more on {_plural(int((finite >= 1.5).sum()), 'day')}.")
    breaks = int(load.ratios["returning_from_break"].sum())
    if breaks:
        text += f" {name} missing on {_plural(breaks, 'day')} after a break (no running in the weeks before)."
    return text


def load_numbers(weeks: pd.DataFrame, load: TrainingLoad, ratio: str, unit: str) -> pd.DataFrame:
    """The numbers behind one column of the figure: one row per week, distances in ``unit``.

    Columns: Monday, kind of week (plans), distance, change on the week before, the ratio on
    the week's last day, and the longest run with how it compares with the 30 days before.
    """
    starts = pd.to_datetime(weeks["week_start"]).reset_index(drop=True)
    ratios = load.ratios[ratio]
    ends = starts + pd.Timedelta(days=6)
    at_end = ratios.reindex(pd.DatetimeIndex(ends))
    distance, spike, band = _longest_runs(load.spikes, starts.to_numpy("datetime64[D]"))
    table = pd.DataFrame({"Week": np.arange(1, len(weeks) + 1), "Monday": starts.dt.strftime("%d %b %Y")})
    if "kind" in weeks and set(weeks["kind"]) != {"log"}:
        table["Kind of week"] = weeks["kind"].to_numpy()
    table[f"Distance ({unit})"] = km_to(weeks["distance_km"].to_numpy(float), unit).round(1)
    change = weeks["change_percent"].to_numpy(float) if "change_percent" in weeks else np.full(len(weeks), np.nan)
    table["Change on the week before (%)"] = [_change(value) for value in change]
    table[f"{_sentence(RATIO_FORMS[ratio])} on Sunday"] = [
        "–" if not np.isfinite(value) else f"{value:.2f}" for value in at_end.to_numpy(float)]
    table[f"Longest run ({unit})"] = ["–" if np.isnan(km) else f"{km:.1f}" for km in km_to(distance, unit)]
    table["Longest run against the 30 days before"] = [
        "–" if not label else f"{value:+.0f} % ({label})" if np.isfinite(value) else label
        for value, label in zip(spike, band)]
    return table


def _change(value: float) -> str:
    if np.isnan(value):
        return "–"
    if np.isinf(value):
        return "from zero"
    return "0" if round(value) == 0 else f"{value:+.0f}"


def _longest_runs(spikes: pd.DataFrame, mondays: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Each week's longest run: its distance (km), spike percent and band, for the weeks starting on
    ``mondays`` (datetime64[D]); NaN and '' for a week without runs."""
    days = pd.to_datetime(spikes["local_date"]).to_numpy("datetime64[D]")
    week = days - ((days.astype(np.int64) + 3) % 7).astype("timedelta64[D]")  # 1 Jan 1970 was a Thursday
    runs = spikes["distance_km"].to_numpy(float)
    order = np.lexsort((runs, week))  # by week, then by distance: each week's last row is its longest run
    last = order[np.r_[week[order][1:] != week[order][:-1], True]] if len(order) else order
    where = pd.Index(week[last]).get_indexer(mondays)
    found = where >= 0
    picked = last[where[found]]
    distance, spike = np.full(len(mondays), np.nan), np.full(len(mondays), np.nan)
    band = np.full(len(mondays), "", dtype=object)
    distance[found] = runs[picked]
    spike[found] = spikes["spike_percent"].to_numpy(float)[picked]
    band[found] = spikes["band"].to_numpy(object)[picked]
    return distance, spike, band.tolist()


def log_summary(load: TrainingLoad, ratio: str, unit: str) -> str:
    """The log explorer's takeaway (plain text): weeks, distance, ratio days, breaks, spikes, and
    a plain warning first when the log is too short for weeks or a ratio."""
    weekly = load.weekly
    values = load.ratios[ratio]
    breaks = int((load.spikes["band"] == NO_RECENT_RUN).sum())
    bands = load.spikes["band"].value_counts()
    spike_text = ", ".join(f"{_plural(int(bands.get(label, 0)), 'run')} {label}" for label, _ in SPIKE_BANDS[1:])
    warning = too_little_text(load, ratio)
    if run_count(load) <= 1:
        runs = load.spikes
        return warning + "".join(f" The run: {_distance(run.distance_km, unit)} on {_date(run.local_date)}."
                                 for run in runs.itertuples())
    return (
        (f"{warning} " if warning else "")
        + f"{_plural(len(weekly), 'week')}, {km_to(weekly['distance_km'].sum(), unit):,.0f} {unit} of running; "
        f"longest week {km_to(weekly['distance_km'].max(), unit):.0f} {unit}. "
        f"{_sentence(RATIO_FORMS[ratio])} above 1.3 on {int((values > 1.3).sum())} days and "
        f"1.5 or more on {int((values >= 1.5).sum())} days (team-sport thresholds; none studied for back pain). "
        f"Returns after 30 or more days without running: {breaks}. Single-run spikes against the longest run of the "
        f"30 days before: {spike_text}."
    )
