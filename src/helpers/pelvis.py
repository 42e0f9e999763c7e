"""Lesson 03 model: the side-on geometry of pelvis, sacrum, lumbar spine and femur.

Angles are in degrees, lengths in centimetres, in the sagittal plane: ``x`` points
forward (anterior), ``y`` up, and the hip axis (centre of the femoral heads) is at the
origin. Assumptions, stated so a learner can question them:

* **Identity** (exact geometry): pelvic incidence PI (anatomy, fixed in an adult) =
  pelvic tilt PT (posture) + sacral slope SS (Legaye et al. 1998). PT is the clinician's
  radiographic tilt: the angle between the vertical and the line from the hip axis to the
  middle of the top of the sacrum (S1 endplate); it *grows* when the pelvis rotates
  backwards. Rotating the pelvis backwards by x° raises PT by x° and lowers SS by x°.
* **Expected tilt for an incidence**: a course choice, a straight line rising 1° per 3°
  of incidence (PI 40° → PT 8°, 52° → 12°, 64° → 16°), taken from the worked examples of
  a published table of theoretical values whose article could not be identified
  (PubMed Central PMC4303780, Table 3; dropped from the references for that reason). It
  stays inside the normal ranges of 709 asymptomatic adults (PI 32–74°, PT 0–27°;
  Mac-Thiong et al. 2011).
* **Lordosis** (L1–S1, the Cobb angle between the top of L1 and the top of S1): at the
  expected tilt it follows the regression of Hasegawa et al. 2016 in 126 healthy adults,
  LL = 32.9 + 0.60 × PI − 0.23 × age. Away from the expected tilt, the model keeps the
  trunk upright (the top of L1 keeps its angle), so the lordosis changes degree for
  degree with the sacral slope. Sacral slope and lordosis are strongly correlated in
  healthy adults (r = 0.78 for maximal lordosis in 220 adults, Niu et al. 2021), but not one for one, and
  one stretching session changed tilt without a measurable change in lordosis (Preece
  et al. 2021). The lordosis is shared between the five lumbar discs as in 324 adults
  (L5–S1 42.7 %, L4–L5 25.2 %, L3–L4 18.1 %, L2–L3 11.7 %, L1–L2 2.3 %; Mi Le et al. 2022).
* **ASIS–PSIS angle** (the fitness "pelvic tilt": the line from the front hip bone
  point to the back one, against the horizontal; positive when the front point is
  lower): each pelvis has its own angle from anatomy alone, 13° ± 5° (range 0–23°) in 30
  pelves held in one anatomical position (Preece et al. 2008). The model assumes a
  person shows that angle when standing at the expected tilt for their incidence, and
  that it changes one for one with the tilt (the pelvis is a rigid body).
* **Drawing**: a schematic pelvis, sacrum and femur of adult size (distance hip axis to
  S1 11 cm, ASIS to PSIS 14 cm, vertebral bodies 2.7 cm tall and 4.2 cm deep). The femur
  stays vertical (standing); the pelvis rotates about the hip axis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.data import load_table
from helpers.inputs import check_range, parse_number

TILT_RANGE_DEG = (-10.0, 40.0)
INCIDENCE_RANGE_DEG = (30.0, 85.0)
ASIS_PSIS_ANATOMY_RANGE_DEG = (-5.0, 30.0)
SACRAL_SLOPE_RANGE_DEG = (0.0, 70.0)
AGE_RANGE_YEARS = (18.0, 80.0)
DEFAULT_AGE_YEARS = 40.0  # about the mean age (39.4) of Hasegawa's healthy adults

#: Lordosis per lumbar disc, from L1–L2 (top) to L5–S1 (bottom), as shares of L1–S1 (Mi Le et al. 2022).
SEGMENTS = ("L1–L2", "L2–L3", "L3–L4", "L4–L5", "L5–S1")
SEGMENT_SHARES = (0.023, 0.117, 0.181, 0.252, 0.427)

#: Published spreads the learner's values are compared with: mean, SD, source, what was measured.
NORMS = {
    "asis_psis": (13.0, 5.0, "preece2008", "30 pelves in one anatomical position (range 0–23°)"),
    "lordosis": (49.8, 11.2, "yukawa2019", "627 healthy adults standing, T12–S1"),
    "incidence": (50.5, 11.4, "scirep2022", "324 adults"),
}
#: Herrington 2011, 120 healthy young adults: share (%) with each tilt direction (ASIS–PSIS).
TILT_SHARES = {"anterior": (85, 75), "level": (9, 18), "posterior": (6, 7)}  # (men, women)
TILT_WORDS = {"anterior": "with an anterior tilt", "level": "with a neutral (level) pelvis", "posterior": "with a posterior tilt"}

HIP_TO_S1_CM = 11.0
ASIS_TO_PSIS_CM = 14.0
BODY_HEIGHT_CM = 2.7
BODY_DEPTH_CM = 4.2
#: Disc heights at their middle, L1–L2 to L5–S1 (cm).
DISC_HEIGHTS_CM = (0.9, 1.0, 1.1, 1.2, 1.2)
FEMUR_SHOWN_CM = 14.0
FEMORAL_HEAD_RADIUS_CM = 2.4
ACETABULUM_RADIUS_CM = 2.9
SACRUM_LENGTH_CM = 10.0
ASIS_CM = (6.0, 6.5)  # the front hip bone point, in the expected standing posture
#: Schematic outline of the hip bone in the expected standing posture, from the ASIS
#: round the iliac crest to the PSIS (inserted), then down the back, round the ischium
#: and pubis and up the front.
CREST_CM = ((3.0, 11.0), (-1.0, 13.5), (-5.0, 13.5), (-7.5, 11.5))
LOWER_OUTLINE_CM = ((-7.8, 7.5), (-5.0, 3.0), (-5.5, -1.0), (-4.5, -3.0), (-5.0, -7.0), (-2.0, -9.0), (4.0, -6.5),
                    (6.0, -5.0), (4.5, -2.5), (5.5, 3.0), (5.0, 5.0))


def parse_angle(text: str, name: str, bounds: tuple[float, float]) -> float:
    """A typed angle in degrees ("12", "12.5", "12,5", "12°"), or ValueError saying what to type."""
    return parse_number(text, name, bounds, "°")


def sacral_slope(pelvic_incidence_deg: float, pelvic_tilt_deg: float) -> float:
    """SS = PI − PT (Legaye et al. 1998)."""
    return pelvic_incidence_deg - pelvic_tilt_deg


def expected_tilt(pelvic_incidence_deg: float) -> float:
    """The pelvic tilt expected for an incidence (a course choice): through PI 40/52/64° → PT 8/12/16°."""
    return (pelvic_incidence_deg - 16.0) / 3.0


def expected_lordosis(pelvic_incidence_deg: float, age_years: float = DEFAULT_AGE_YEARS) -> float:
    """L1–S1 lordosis at the expected tilt: 32.9 + 0.60 × PI − 0.23 × age (Hasegawa et al. 2016)."""
    return 32.9 + 0.60 * pelvic_incidence_deg - 0.23 * age_years


def lordosis(pelvic_incidence_deg: float, pelvic_tilt_deg: float, age_years: float = DEFAULT_AGE_YEARS) -> float:
    """L1–S1 lordosis: the regression's value, plus the sacral slope's change from its expected value."""
    change = expected_tilt(pelvic_incidence_deg) - pelvic_tilt_deg  # = SS − expected SS
    return expected_lordosis(pelvic_incidence_deg, age_years) + change


def asis_psis_angle(pelvic_incidence_deg: float, pelvic_tilt_deg: float, anatomy_deg: float = 13.0) -> float:
    """The fitness "pelvic tilt" (positive: front point lower), from posture and this pelvis's anatomy."""
    return anatomy_deg + expected_tilt(pelvic_incidence_deg) - pelvic_tilt_deg


def tilt_direction(asis_psis_deg: float) -> str:
    """'anterior' (front point lower), 'posterior' or 'level' (within ±0.5°, an assumed band)."""
    if asis_psis_deg > 0.5:
        return "anterior"
    if asis_psis_deg < -0.5:
        return "posterior"
    return "level"


def segment_lordosis(lordosis_deg: float) -> tuple[float, ...]:
    """The lordosis of each disc, L1–L2 to L5–S1 (sums to ``lordosis_deg``)."""
    return tuple(share * lordosis_deg for share in SEGMENT_SHARES)


@dataclass(frozen=True)
class Posture:
    """One standing posture: the inputs and every angle the illustration shows (degrees)."""

    pelvic_tilt_deg: float
    pelvic_incidence_deg: float
    asis_psis_anatomy_deg: float
    age_years: float
    sacral_slope_deg: float
    expected_tilt_deg: float
    lordosis_deg: float
    asis_psis_deg: float

    @property
    def direction(self) -> str:
        """'anterior', 'level' or 'posterior' (the ASIS–PSIS line)."""
        return tilt_direction(self.asis_psis_deg)


def posture(
    pelvic_tilt_deg: float,
    pelvic_incidence_deg: float,
    asis_psis_anatomy_deg: float = 13.0,
    age_years: float = DEFAULT_AGE_YEARS,
) -> Posture:
    """Every angle of one posture. Raises ``ValueError`` with a plain message for impossible inputs."""
    tilt = check_range("Pelvic tilt", pelvic_tilt_deg, TILT_RANGE_DEG, "°")
    incidence = check_range("Pelvic incidence", pelvic_incidence_deg, INCIDENCE_RANGE_DEG, "°")
    anatomy = check_range("The pelvis's own ASIS–PSIS angle", asis_psis_anatomy_deg, ASIS_PSIS_ANATOMY_RANGE_DEG, "°")
    age = check_range("Age", age_years, AGE_RANGE_YEARS, "years")
    slope = sacral_slope(incidence, tilt)
    low, high = SACRAL_SLOPE_RANGE_DEG
    if not low <= slope <= high:
        raise ValueError(
            f"With a pelvic incidence of {incidence:g}°, a pelvic tilt of {tilt:g}° leaves a sacral slope of "
            f"{slope:g}° (incidence − tilt). The illustration shows sacral slopes from {low:g}° to {high:g}°: "
            "choose a tilt closer to the incidence's typical value."
        )
    return Posture(
        pelvic_tilt_deg=tilt,
        pelvic_incidence_deg=incidence,
        asis_psis_anatomy_deg=anatomy,
        age_years=age,
        sacral_slope_deg=slope,
        expected_tilt_deg=expected_tilt(incidence),
        lordosis_deg=lordosis(incidence, tilt, age),
        asis_psis_deg=asis_psis_angle(incidence, tilt, anatomy),
    )


def presets(table: pd.DataFrame | None = None) -> dict[str, Posture]:
    """The preset postures of ``data/pelvis_presets.csv``, by button label."""
    table = load_table("pelvis_presets") if table is None else table
    return {
        row.label: posture(row.pelvic_tilt_deg, row.pelvic_incidence_deg, row.asis_psis_anatomy_deg)
        for row in table.itertuples()
    }


# --- Population context --------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Where one of the learner's values sits in a published spread (assumed bell-shaped)."""

    name: str
    value_deg: float
    mean_deg: float
    sd_deg: float
    source: str
    sample: str

    @property
    def z(self) -> float:
        """Standard deviations from the mean."""
        return (self.value_deg - self.mean_deg) / self.sd_deg

    @property
    def percentile(self) -> float:
        """Percent of people below this value, if the spread is normal (bell-shaped)."""
        return 50.0 * (1.0 + math.erf(self.z / math.sqrt(2.0)))

    @property
    def within_two_sd(self) -> bool:
        """Inside mean ± 2 SD, where about 95 % of a normal spread lies."""
        return abs(self.z) <= 2.0


def population_context(shape: Posture) -> list[Comparison]:
    """The ASIS–PSIS angle, lordosis and incidence against their published spreads."""
    values = {
        "asis_psis": ("ASIS–PSIS angle", shape.asis_psis_deg),
        "lordosis": ("Lumbar lordosis", shape.lordosis_deg),
        "incidence": ("Pelvic incidence", shape.pelvic_incidence_deg),
    }
    comparisons = []
    for key, (name, value) in values.items():
        mean, sd, source, sample = NORMS[key]
        comparisons.append(Comparison(name, value, mean, sd, source, sample))
    return comparisons


def ordinal(number: int) -> str:
    """1 → '1st', 22 → '22nd', 13 → '13th'."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def percentile_text(comparison: Comparison) -> str:
    """E.g. 'z = +0.4, about the 66th percentile'; the ends are capped at 1st and 99th."""
    rank = min(max(round(comparison.percentile), 1), 99)
    return f"z = {comparison.z:+.1f}, about the {ordinal(rank)} percentile"


# --- Drawing coordinates -------------------------------------------------------------


def _unit(angle_from_vertical_deg: float) -> np.ndarray:
    """The unit vector tilted forward from straight up by the angle."""
    angle = math.radians(angle_from_vertical_deg)
    return np.array([math.sin(angle), math.cos(angle)])


def _along(angle_from_vertical_deg: float) -> np.ndarray:
    """The unit vector along an endplate whose upward normal has that angle, pointing forward."""
    angle = math.radians(angle_from_vertical_deg)
    return np.array([math.cos(angle), -math.sin(angle)])


def _rotate(points: np.ndarray, angle_deg: float) -> np.ndarray:
    """Rotate points (n × 2) about the hip axis, counter-clockwise (backwards for the pelvis)."""
    angle = math.radians(angle_deg)
    rotation = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    return points @ rotation.T


def _circle(centre: np.ndarray, radius: float, count: int = 37) -> np.ndarray:
    angles = np.linspace(0, 2 * math.pi, count)
    return centre + radius * np.column_stack([np.cos(angles), np.sin(angles)])


def _arc(centre: np.ndarray, radius: float, start_deg: float, end_deg: float, count: int = 16) -> np.ndarray:
    """Points on an arc; angles measured counter-clockwise from the forward (x) direction."""
    angles = np.radians(np.linspace(start_deg, end_deg, count))
    return centre + radius * np.column_stack([np.cos(angles), np.sin(angles)])


@dataclass(frozen=True)
class Drawing:
    """Plain coordinates (cm) of every part of the side-on drawing.

    ``outlines`` are closed polygons (first point repeated last); ``lines`` and ``arcs``
    open polylines; ``points`` single landmarks; ``labels`` text anchored at a point.
    """

    outlines: dict[str, np.ndarray] = field(default_factory=dict)
    lines: dict[str, np.ndarray] = field(default_factory=dict)
    arcs: dict[str, np.ndarray] = field(default_factory=dict)
    points: dict[str, np.ndarray] = field(default_factory=dict)
    labels: dict[str, tuple[np.ndarray, str]] = field(default_factory=dict)


def _pelvis_points(shape: Posture) -> dict[str, np.ndarray]:
    """Hip bone landmarks in the expected posture, rotated by the learner's tilt about the hip axis."""
    anatomy = math.radians(shape.asis_psis_anatomy_deg)
    asis = np.array(ASIS_CM)
    psis = asis + ASIS_TO_PSIS_CM * np.array([-math.cos(anatomy), math.sin(anatomy)])
    outline = np.vstack([asis, CREST_CM, psis, LOWER_OUTLINE_CM, asis])
    turn = shape.pelvic_tilt_deg - shape.expected_tilt_deg
    rotated = _rotate(np.vstack([outline, asis, psis]), turn)
    return {"hip bone": rotated[:-2], "ASIS": rotated[-2], "PSIS": rotated[-1]}


def _spine(shape: Posture) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], list[tuple[np.ndarray, float]]]:
    """Discs and vertebral bodies from the top of S1 upwards; also each body's (centre, angle)."""
    centre = HIP_TO_S1_CM * _unit(-shape.pelvic_tilt_deg)
    angle = shape.sacral_slope_deg
    half = BODY_DEPTH_CM / 2
    discs, bodies, centres = {}, {}, []
    names = ("L5", "L4", "L3", "L2", "L1")
    for name, bend, height in zip(names, reversed(segment_lordosis(shape.lordosis_deg)), reversed(DISC_HEIGHTS_CM)):
        upper = angle - bend
        top = centre + height * _unit((angle + upper) / 2)
        discs[f"disc below {name}"] = np.array(
            [centre + half * _along(angle), top + half * _along(upper), top - half * _along(upper),
             centre - half * _along(angle), centre + half * _along(angle)]
        )
        body_top = top + BODY_HEIGHT_CM * _unit(upper)
        bodies[name] = np.array(
            [top + half * _along(upper), body_top + half * _along(upper), body_top - half * _along(upper),
             top - half * _along(upper), top + half * _along(upper)]
        )
        centres.append(((top + body_top) / 2, upper))
        centre, angle = body_top, upper
    return discs, bodies, centres


def drawing(shape: Posture) -> Drawing:
    """The coordinates of the side-on drawing for one posture (pure numbers, no plotting)."""
    hip = np.zeros(2)
    s1 = HIP_TO_S1_CM * _unit(-shape.pelvic_tilt_deg)
    slope = shape.sacral_slope_deg
    front, back = s1 + BODY_DEPTH_CM / 2 * _along(slope), s1 - BODY_DEPTH_CM / 2 * _along(slope)
    tip = s1 - SACRUM_LENGTH_CM * _unit(slope) - 2.0 * _along(slope)
    pelvis = _pelvis_points(shape)
    discs, bodies, centres = _spine(shape)
    l1_angle = centres[-1][1]
    l1_top = bodies["L1"][1:3]  # front and back corners of the top of L1
    asis, psis = pelvis["ASIS"], pelvis["PSIS"]
    gauge = np.array([min(point[0] for body in bodies.values() for point in body) - 4.5, centres[2][0][1]])
    tilt, direction = shape.pelvic_tilt_deg, shape.asis_psis_deg
    turn = tilt - shape.expected_tilt_deg

    drawn = Drawing()
    drawn.outlines.update({"hip bone": pelvis["hip bone"], "sacrum": np.array([front, back, tip, front])})
    drawn.outlines.update({"femoral head": _circle(hip, FEMORAL_HEAD_RADIUS_CM)})
    drawn.outlines.update(bodies)
    drawn.outlines.update(discs)
    drawn.lines.update(
        {
            "femur": np.array([[0.0, -FEMORAL_HEAD_RADIUS_CM], [0.4, -FEMUR_SHOWN_CM]]),
            "acetabulum": _arc(hip, ACETABULUM_RADIUS_CM, -10 + turn, 190 + turn, 25),
            "vertical through hip axis": np.array([hip, hip + [0.0, 9.0]]),
            "hip axis to S1": np.array([hip, s1]),
            "horizontal at S1": np.array([front, front + [5.5, 0.0]]),
            "S1 endplate extended": np.array([back, front + 5.5 * _along(slope)]),
            "ASIS–PSIS line": np.array([psis, asis]),
            "horizontal at ASIS": np.array([asis, asis - [5.0, 0.0]]),
            "S1 endplate to gauge": np.array([back, back - 2.5 * _along(slope)]),
            "L1 endplate to gauge": np.array([l1_top[1], l1_top[1] - 2.5 * _along(l1_angle)]),
            "gauge S1": np.array([gauge, gauge + 5.0 * -_along(slope)]),
            "gauge L1": np.array([gauge, gauge + 5.0 * -_along(l1_angle)]),
        }
    )
    drawn.arcs.update(
        {
            "pelvic tilt": _arc(hip, 4.0, 90.0, 90.0 + tilt),
            "sacral slope": _arc(front, 3.5, 0.0, -slope),
            "ASIS–PSIS angle": _arc(asis, 3.5, 180.0, 180.0 - direction),
            "lumbar lordosis": _arc(gauge, 3.5, 180.0 - slope, 180.0 - l1_angle),  # between the endplates' back ends
        }
    )
    drawn.points.update({"ASIS": asis, "PSIS": psis, "hip axis": hip, "S1": s1})
    side = "anterior" if direction > 0.5 else "posterior" if direction < -0.5 else "level"
    drawn.labels.update(
        {
            "pelvic tilt": (hip + [-7.0, 5.0], f"PT {tilt:.1f}°"),
            "sacral slope": (front + [4.0, 1.2], f"SS {slope:.1f}°"),
            "ASIS–PSIS angle": (asis + [0.8, -2.4], f"ASIS–PSIS<br>{direction:.1f}° ({side})"),
            "lumbar lordosis": (gauge + [-5.0, -2.4], f"LL {shape.lordosis_deg:.1f}°"),
            "ASIS": (asis + [1.6, 1.0], "ASIS"),
            "PSIS": (psis + [-0.6, 1.2], "PSIS"),
            "femur": (np.array([3.2, -11.0]), "femur"),
            "sacrum": (tip + [0.8, 0.0], "sacrum"),
        }
    )
    for name, (centre, angle) in zip(("L5", "L4", "L3", "L2", "L1"), centres):
        drawn.labels[name] = (centre + (BODY_DEPTH_CM / 2 + 1.4) * _along(angle), name)
    return drawn


# --- Text ----------------------------------------------------------------------------


def describe(shape: Posture, comparisons: list[Comparison] | None = None) -> str:
    """The readout beside the drawing (HTML-safe text that needs no colour)."""
    comparisons = population_context(shape) if comparisons is None else comparisons
    men, women = TILT_SHARES[shape.direction]
    lines = [
        f"<b>Pelvic tilt (PT) {shape.pelvic_tilt_deg:.1f}°</b> + <b>sacral slope (SS) {shape.sacral_slope_deg:.1f}°</b> "
        f"= <b>pelvic incidence (PI) {shape.pelvic_incidence_deg:.1f}°</b>.",
        f"Lumbar lordosis (L1–S1): <b>{shape.lordosis_deg:.1f}°</b> "
        f"(expected for this incidence at age {shape.age_years:.0f}: "
        f"{expected_lordosis(shape.pelvic_incidence_deg, shape.age_years):.1f}°).",
        f"ASIS–PSIS angle: <b>{shape.asis_psis_deg:.1f}° ({shape.direction})</b>; "
        f"{men} % of healthy young men and {women} % of women stood {TILT_WORDS[shape.direction]}.",
        "<b>Against published spreads</b> (assuming a bell-shaped spread):",
    ]
    for item in comparisons:
        place = "inside" if item.within_two_sd else "outside"
        lines.append(
            f"• {item.name} {item.value_deg:.1f}° vs {item.mean_deg:g}° ± {item.sd_deg:g}°: "
            f"{percentile_text(item)}, {place} the usual range (mean ± 2 SD)."
        )
    lines.append(takeaway(shape))
    return "<br>".join(lines)


def takeaway(shape: Posture) -> str:
    """One sentence for screen readers and print."""
    turn = shape.pelvic_tilt_deg - shape.expected_tilt_deg
    if abs(turn) < 0.05:
        return (
            f"<b>Takeaway:</b> this pelvis stands at the typical tilt for its incidence "
            f"({shape.expected_tilt_deg:.1f}°); tilting it changes the sacral slope, the lordosis and the "
            "ASIS–PSIS angle by the same number of degrees, and never changes the incidence."
        )
    way, change = ("backwards", "fell") if turn > 0 else ("forwards", "rose")
    return (
        f"<b>Takeaway:</b> tilted {abs(turn):.1f}° {way} from the typical {shape.expected_tilt_deg:.1f}° for this "
        f"incidence, the sacral slope, the lordosis and the ASIS–PSIS angle each {change} by {abs(turn):.1f}°, "
        f"while the incidence stayed {shape.pelvic_incidence_deg:.1f}°."
    )


def figure_description(shape: Posture, comparisons: list[Comparison] | None = None) -> str:
    """What the pelvis figure shows, in plain text with its angles (for screen readers)."""
    comparisons = population_context(shape) if comparisons is None else comparisons
    places = "; ".join(f"{_lower(item.name)} {item.value_deg:.1f}°, {item.z:+.1f} SD from the mean" for item in comparisons)
    return (f"Side view of a pelvis facing right on an upright thigh bone, with the lumbar spine above: pelvic tilt "
            f"{shape.pelvic_tilt_deg:.1f}° plus sacral slope {shape.sacral_slope_deg:.1f}° makes pelvic incidence "
            f"{shape.pelvic_incidence_deg:.1f}°; lumbar lordosis {shape.lordosis_deg:.1f}°; the ASIS–PSIS line "
            f"{shape.asis_psis_deg:.1f}° ({shape.direction}). Below, a strip places your values among published "
            f"spreads: {places}.")


def figure_numbers(shape: Posture, comparisons: list[Comparison] | None = None) -> pd.DataFrame:
    """The numbers behind the pelvis figure: every angle drawn, and where three sit in published spreads."""
    comparisons = population_context(shape) if comparisons is None else comparisons
    spread = {item.name: item for item in comparisons}
    angles = [("Pelvic tilt (PT)", shape.pelvic_tilt_deg), ("Sacral slope (SS)", shape.sacral_slope_deg),
              ("Pelvic incidence", shape.pelvic_incidence_deg), ("Lumbar lordosis", shape.lordosis_deg),
              ("ASIS–PSIS angle", shape.asis_psis_deg)]
    angles += [(f"Lordosis at {segment}", value) for segment, value in zip(SEGMENTS, segment_lordosis(shape.lordosis_deg))]
    rows = []
    for name, value in angles:
        item = spread.get(name)
        rows.append({"Angle": name, "Yours (°)": round(value, 1),
                     "Published mean ± SD (°)": f"{item.mean_deg:g} ± {item.sd_deg:g}" if item else "–",
                     "Where yours sits": percentile_text(item) if item else "–"})
    return pd.DataFrame(rows)


def _lower(name: str) -> str:
    """'Lumbar lordosis' → 'lumbar lordosis'; an abbreviation ('ASIS–PSIS angle') stays as it is."""
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]
