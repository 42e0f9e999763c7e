"""Tables of lesson 05: how running shoes' cushioning changes with distance."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.schemas.base import CITATION_KEY, Column, Schema


def _starts_new(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    """Each series starts at 0 km with 100 % (the new shoe) and goes up in distance."""
    for _, group in table.groupby("series", sort=False):
        first = group.index[0]
        if group.at[first, "distance_km"] != 0 or group.at[first, "value_percent"] != 100:
            yield first, "distance_km", "a series must start with the new shoe: 0 km and 100 %"
        for index, step in group["distance_km"].diff().iloc[1:].items():
            if step <= 0:
                yield index, "distance_km", "distances within a series must go up"


SCHEMAS = {
    "shoes_cushioning": Schema(
        "Cushioning of running shoes against distance run in them, as % of the new shoe (lesson 05).",
        (
            Column("source", pattern=CITATION_KEY),
            Column("series"),
            Column("measure", allowed=("Shock absorption kept", "Heel peak force")),
            Column("distance_km", "float", minimum=0, maximum=2000),
            Column("value_percent", "float", minimum=0, maximum=200),
            Column("confidence", allowed=("low", "low-medium", "medium", "high")),
            Column("note"),
        ),
        checks=(_starts_new,),
    ),
}
