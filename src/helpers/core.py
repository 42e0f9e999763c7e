"""Lesson 04 model: the core-endurance self-test and the exercise library.

Hold times are in seconds (no unit conversion is needed: seconds are the same in metric
and imperial). What the self-test can and cannot say, so a learner can question it:

* **Balance ratios** (flexion : extension; each side bridge : extension; right : left
  side bridge) are what McGill's suggested targets are defined on (McGill et al. 1999,
  75 healthy young adults). The targets (< 1.0, < 0.75, about 1.0) are medium-confidence
  summaries; the often-quoted ±0.05 right-left tolerance is unverified. A ratio does not
  change when all holds scale together, so it compares balance, not fitness.
* **Absolute holds** are compared with reference samples from ``data/core_norms.csv``;
  each says whether its numbers were checked against the source. The widely circulated
  McGill table is *not* verified.
* **Biering-Sørensen extensor hold**: in men, < 176 s predicted low back pain in the
  next year and > 198 s its absence; no predictive value in women; the test is stopped at
  240 s, so a longer typed hold is flagged (medium confidence).
* No runner-specific prospective study links core endurance to back pain: a result is
  a description of today's holds, not a risk score or a diagnosis.

The exercise library is here too; its six-week progression (:func:`progression`, the pain,
step and rest rules) lives in :mod:`helpers.core_plan` and is re-exported from here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields

import pandas as pd

from helpers.core_plan import (MOST_WITH_REST_DAYS, PAIN_RULE, REST_RULE, SESSION_DAYS, SESSIONS_PER_STEP,  # noqa: F401
                               SESSIONS_RANGE, STEP_RULE, WEEKS, _records, amount_text, back_to_back, dose_text,
                               parse_sessions, plan_rows, progression, session_days, steps_by_week)
from helpers.data import load_table, split_choices
from helpers.inputs import range_text, reading, short_number
from helpers.references import cite

#: The tests, in the order a learner fills them in, with the name a learner sees.
TEST_NAMES = {
    "flexor": "Trunk flexor hold",
    "extensor": "Extensor hold",
    "side_right": "Right side bridge",
    "side_left": "Left side bridge",
    "plank": "Front plank",
}
#: The drawings of the test positions, in rows of the figure (poses in ``data/poses.csv``).
TEST_POSES = (("flexor-test", "extensor-test"), ("side-bridge-test", "plank-test"))
HOLD_RANGE_S = (1.0, 900.0)  # 15 minutes: longer than any reference mean by far
SEXES = ("men", "women")


@dataclass(frozen=True)
class Holds:
    """One learner's hold times in seconds; ``None`` means the test was not done."""

    flexor: float | None = None
    extensor: float | None = None
    side_right: float | None = None
    side_left: float | None = None
    plank: float | None = None

    def __post_init__(self) -> None:
        for test in TEST_NAMES:
            check_hold(getattr(self, test), TEST_NAMES[test])
        if all(getattr(self, test) is None for test in TEST_NAMES):
            raise ValueError("No hold times yet: type at least one, in seconds (e.g. 95) or minutes:seconds (e.g. 1:35).")

    def get(self, test: str) -> float | None:
        return getattr(self, test)

    def scaled(self, factor: float) -> Holds:
        """The same holds, all multiplied by ``factor`` (for checking that ratios ignore scale)."""
        return Holds(**{f.name: None if getattr(self, f.name) is None else getattr(self, f.name) * factor
                        for f in fields(self)})


def check_hold(value: object, name: str) -> float | None:
    """``value`` as seconds if it is a number within :data:`HOLD_RANGE_S` (or ``None``), else ``ValueError``."""
    if value is None:
        return None
    shown = range_text(HOLD_RANGE_S, "s")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number of seconds from {shown}; got {value!r}.")
    if not HOLD_RANGE_S[0] <= value <= HOLD_RANGE_S[1]:
        raise ValueError(f"{name} must be from {shown} (15 minutes); got {value:g} s.")
    return float(value)


_MINUTES = re.compile(r"(\d+):([0-5]?\d(?:[.,]\d*)?)")


def parse_hold(text: str | None, name: str) -> float | None:
    """A typed hold time: seconds ("95", "95 s", "95,5") or minutes:seconds ("1:35"); empty → ``None``.

    Anything else raises ``ValueError`` with a message that says what to type.
    """
    typed = (text or "").strip()
    if not typed:
        return None
    cleaned = typed.lower().removesuffix("s").removesuffix("sec").strip()
    minutes = _MINUTES.fullmatch(cleaned)
    if minutes:
        value = int(minutes.group(1)) * 60 + float(minutes.group(2).replace(",", "."))
    else:
        try:
            value = float(cleaned.replace(",", "."))
        except ValueError:
            raise ValueError(
                f"{name}: {typed!r} is not a time. Type seconds (e.g. 95) or minutes:seconds (e.g. 1:35), "
                "or leave it empty if you did not do this test."
            ) from None
    if value < 0:
        raise ValueError(f"{name} cannot be negative; you typed {typed}. Type how long you held it, e.g. 95.")
    if not math.isfinite(value):
        raise ValueError(f"{name}: {typed!r} is not a time. Type seconds, e.g. 95.")
    if value < HOLD_RANGE_S[0] or value > HOLD_RANGE_S[1]:
        raise ValueError(f"{name} must be from {range_text(HOLD_RANGE_S, 's')} (15 minutes); you typed {typed}.")
    return value


def holds_from_text(typed: dict[str, str]) -> Holds:
    """Holds from the texts typed in the widget's boxes, keyed by test; the first problem raises."""
    return Holds(**{test: parse_hold(typed.get(test, ""), TEST_NAMES[test]) for test in TEST_NAMES})


# --- Balance ratios and thresholds ------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    """One balance ratio against its target; ``value`` is ``None`` when a hold is missing."""

    key: str
    label: str
    value: float | None
    rule: str
    target: float
    tolerance: float | None
    meets: bool | None
    source: str
    note: str

    @property
    def target_text(self) -> str:
        if self.rule == "near":
            return f"about {self.target:.2f} ± {self.tolerance:.2f}, tolerance unverified"
        return f"{'under' if self.rule == 'below' else 'over'} {self.target:.2f}"


def targets() -> pd.DataFrame:
    """The balance targets and thresholds of ``data/core_targets.csv``."""
    return load_table("core_targets")


def _meets(value: float, rule: str, target: float, tolerance: float | None) -> bool:
    if rule == "below":
        return value < target
    if rule == "above":
        return value > target
    return abs(value - target) <= tolerance + 1e-12


def ratios(holds: Holds) -> list[Ratio]:
    """Every balance ratio (two holds divided) with whether it meets McGill's suggested target."""
    found = []
    for row in _records("core_targets"):
        if row["denominator"] is None:
            continue
        top, bottom = holds.get(row["numerator"]), holds.get(row["denominator"])
        value = None if top is None or bottom is None else top / bottom
        tolerance = None if row["tolerance"] is None else float(row["tolerance"])
        meets = None if value is None else _meets(value, row["rule"], row["value"], tolerance)
        found.append(Ratio(row["key"], row["label"], value, row["rule"], float(row["value"]), tolerance, meets,
                           row["source"], row["note"]))
    return found


@dataclass(frozen=True)
class Cutoff:
    """One of Biering-Sørensen's extensor-hold cut-offs (seconds), with its confidence and source."""

    key: str
    value: float
    meaning: str
    confidence: str
    source: str


def sorensen_cutoffs(sex: str) -> list[Cutoff]:
    """The extensor-hold cut-offs that apply to ``sex``: 176 s and 198 s for men, none for women."""
    _check_sex(sex)
    return [Cutoff(row["key"], float(row["value"]), row["note"], row["confidence"], row["source"])
            for row in _records("core_targets") if row["key"] in ("sorensen-low", "sorensen-high") and row["sex"] == sex]


def sorensen_stop_s() -> float:
    """The hold at which the Biering-Sørensen test is stopped (240 s)."""
    return float(next(row["value"] for row in _records("core_targets") if row["key"] == "sorensen-stop"))


def sorensen_text(extensor_s: float | None, sex: str) -> str:
    """What the extensor hold means against Biering-Sørensen's one-year cut-offs (men only), and its 240 s stop."""
    _check_sex(sex)
    if extensor_s is None:
        return "No extensor hold typed, so there is nothing to compare with the Biering-Sørensen cut-offs."
    source = cite("bieringsorensen1984")
    stop = sorensen_stop_s()
    flag = (f" But {extensor_s:.0f} s is longer than the {stop:.0f} s at which the test is stopped: no longer hold "
            f"was measured, so check the timing and read it as at least {stop:.0f} s.") if extensor_s > stop else ""
    if sex == "women":
        return (f"In women the extensor hold did not predict back pain ({source}), so there is no cut-off "
                f"to compare your {extensor_s:.0f} s with.{flag}")
    low, high = (cutoff.value for cutoff in sorensen_cutoffs("men"))
    if extensor_s < low:
        band = f"under the {low:.0f} s that went with back pain in the next year in men"
    elif extensor_s > high:
        band = f"over the {high:.0f} s that went with no back pain in the next year in men"
    else:
        band = f"between the two cut-offs ({low:.0f} s and {high:.0f} s), where the study could not tell"
    return f"Your extensor hold of {extensor_s:.0f} s is {band} ({source}; an association, not a cause).{flag}"


# --- Reference samples ---------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One of the learner's holds against one reference sample's mean."""

    test: str
    you_s: float
    sample: str
    label: str
    mean_s: float
    sd_s: float | None
    verified: bool
    source: str

    @property
    def percent_of_mean(self) -> float:
        return 100 * self.you_s / self.mean_s


def norms(sex: str) -> pd.DataFrame:
    """The reference samples of ``data/core_norms.csv`` for one sex."""
    _check_sex(sex)
    table = load_table("core_norms")
    return table[table["sex"] == sex].reset_index(drop=True)


def compare_with_norms(holds: Holds, sex: str) -> list[Comparison]:
    """Each typed hold against every reference sample of that test for ``sex``, in test order."""
    _check_sex(sex)
    rows = [row for row in _records("core_norms") if row["sex"] == sex]
    found = []
    for test in TEST_NAMES:
        you = holds.get(test)
        if you is None:
            continue
        for row in (row for row in rows if row["test"] == test):
            sd = None if row["sd_s"] is None else float(row["sd_s"])
            found.append(Comparison(test, you, row["sample"], row["label"], float(row["mean_s"]), sd, bool(row["verified"]),
                                    row["source"]))
    return found


def _check_sex(sex: str) -> None:
    if sex not in SEXES:
        raise ValueError(f"Compare with 'men' or 'women' (the reference samples were reported by sex); got {sex!r}.")


# --- What it means, in words ------------------------------------------------------------------


def ratio_sentence(ratio: Ratio) -> str:
    """One ratio in words, e.g. 'Flexion : extension 0.80 (target under 1.00): within the target.'"""
    if ratio.value is None:
        return f"{ratio.label}: needs both holds."
    verdict = "within the target" if ratio.meets else "outside the target"
    return f"{ratio.label} {ratio.value:.2f} (target {ratio.target_text}): {verdict}."


def summary(holds: Holds, sex: str) -> list[str]:
    """The self-test's result in plain sentences (the takeaway beside the figure)."""
    found = [ratio for ratio in ratios(holds) if ratio.value is not None]
    outside = [ratio.label.lower() for ratio in found if not ratio.meets]
    if not found:
        lines = ["Type at least two holds (for example the flexor and extensor holds) to see a balance ratio."]
    elif outside:
        lines = [f"{len(found) - len(outside)} of {len(found)} balance ratios are within McGill's suggested "
                 f"targets; outside: {', '.join(outside)}."]
    else:
        lines = [f"All {len(found)} balance ratios you can compute are within McGill's suggested targets."]
    lines += [ratio_sentence(ratio) for ratio in found]
    lines.append(sorensen_text(holds.extensor, sex))
    lines.append("No study in runners has shown that these numbers predict back pain: they describe today's "
                 "holds, not a risk or a diagnosis.")
    return lines


def numbers(holds: Holds, sex: str) -> pd.DataFrame:
    """The table behind the figure: each hold, each reference mean, and each ratio."""
    rows = [{"what": TEST_NAMES[c.test], "you": f"{c.you_s:.0f} s",
             "compared with": f"{c.label}: {c.mean_s:.0f} s" + (f" ± {c.sd_s:.0f}" if c.sd_s is not None else ""),
             "result": f"{c.percent_of_mean:.0f} % of the mean"} for c in compare_with_norms(holds, sex)]
    if holds.extensor is not None:
        rows.append(_sorensen_row(holds.extensor, sex))
    rows += [{"what": r.label, "you": "–" if r.value is None else f"{r.value:.2f}",
              "compared with": f"target {r.target_text}",
              "result": "needs both holds" if r.meets is None else ("within" if r.meets else "outside")}
             for r in ratios(holds)]
    return pd.DataFrame(rows)


def _sorensen_row(extensor_s: float, sex: str) -> dict[str, str]:
    cutoffs = sorensen_cutoffs(sex)
    if cutoffs:
        low, high = (cutoff.value for cutoff in cutoffs)
        shown = f"{low:.0f} s and {high:.0f} s (men only; {cutoffs[0].confidence} confidence)"
        result = (f"under {low:.0f} s" if extensor_s < low else f"over {high:.0f} s" if extensor_s > high
                  else "between the cut-offs")
    else:
        shown, result = "no cut-off for women (the test did not predict back pain in women)", "–"
    if extensor_s > sorensen_stop_s():
        result += f"; over the test's {sorensen_stop_s():.0f} s stop"
    return {"what": "Extensor hold vs Biering-Sørensen cut-offs", "you": f"{extensor_s:.0f} s", "compared with": shown,
            "result": result}


# --- Exercise library (its six-week progression: helpers.core_plan) ---------------------------


def exercises() -> pd.DataFrame:
    """The exercise library of ``data/core_exercises.csv``, indexed by key."""
    return load_table("core_exercises").set_index("key")


def exercise_steps(key: str) -> list[str]:
    """The short how-to steps of one exercise."""
    return split_choices(_exercise(key)["steps"])


def exercise_sources(key: str) -> list[str]:
    """The citation keys behind one exercise's verdict (one or more)."""
    return split_choices(_exercise(key)["source"])


def _exercise(key: str) -> pd.Series:
    table = exercises()
    if key not in table.index:
        raise ValueError(f"There is no exercise {key!r} in the library. Choose from: {', '.join(table.index)}.")
    return table.loc[key]


def exercise_pose_rows(keys: list[str] | None = None) -> list[tuple[str, str]]:
    """(start, end) pose keys of each exercise (all, or ``keys``) drawn in ``data/poses.csv`` as ``<key>-start``/``-end``."""
    drawn = {row["pose"] for row in _records("poses")}
    chosen = list(exercises().index) if keys is None else [_exercise(key).name for key in keys]
    return [(f"{key}-start", f"{key}-end") for key in chosen if f"{key}-start" in drawn and f"{key}-end" in drawn]


#: The yoga poses of the library, drawn apart from the strength exercises in the lesson.
YOGA = ("cat-cow", "child-pose", "cobra", "downward-dog")


def hold_readings(typed: dict[str, str], holds: Holds) -> list[str]:
    """How each typed hold was understood: ``'trunk flexor hold "1:35" = 95 s'``; an empty box is "not done"."""
    lines = []
    for test, name in TEST_NAMES.items():
        value = getattr(holds, test)
        name = name[:1].lower() + name[1:]
        lines.append(f"{name}: not done (empty)" if value is None
                     else reading(name, typed.get(test, ""), f"{short_number(value)} s"))
    return lines
