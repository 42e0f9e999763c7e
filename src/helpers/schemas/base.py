"""Building blocks of a table schema: columns with kinds and allowed values, and table checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

KINDS = ("text", "int", "float", "yes/no")
#: The form of a citation key in data/references.csv.
CITATION_KEY = r"[a-z][a-z0-9-]*"


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, kind and the values it accepts."""

    name: str
    kind: str = "text"  # one of KINDS
    required: bool = True  # False: the cell may be empty
    allowed: tuple[str, ...] | None = None  # the only values accepted (text columns)
    pattern: str | None = None  # a regular expression the whole value must match
    minimum: float | None = None
    maximum: float | None = None
    unique: bool = False
    description: str = ""


# A table check sees the whole typed table and returns (row index, column, message) triples.
TableCheck = Callable[[pd.DataFrame], Iterable[tuple[int, str, str]]]


@dataclass(frozen=True)
class Schema:
    """A table's columns, in file order, and checks that span several columns or rows."""

    description: str
    columns: tuple[Column, ...]
    checks: tuple[TableCheck, ...] = field(default=())

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]




def split_choices(text: str) -> list[str]:
    """Split a ``' | '``-separated cell into its stripped parts."""
    return [part.strip() for part in text.split("|") if part.strip()]
