"""Course tables made readable for learners: plain headers with units, no codes."""

from __future__ import annotations

import pandas as pd

from helpers.data import load_table
from helpers.units import km_to


def disc_study_table(unit: str = "km") -> pd.DataFrame:
    """Belavý et al. 2017's three groups, with weekly distance in km or miles."""
    groups = load_table("disc_study_groups")
    distance = "km" if unit == "km" else "miles"
    weekly = groups["weekly_km"].map(lambda km: "none" if pd.isna(km) else f"{km_to(km, unit):.1f}")
    table = pd.DataFrame(
        {
            "Group": groups["group"],
            "People": groups["n"],
            f"Running ({distance}/week, mean)": weekly,
            "Disc height (mm)": groups["disc_height_mm"],
            "Degeneration grade (Pfirrmann 1-5, lower is healthier)": groups["pfirrmann_grade"],
            "Sitting on weekdays (hours)": groups["weekday_sitting_h"],
        }
    )
    return table.set_index("Group")
