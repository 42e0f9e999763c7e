"""Load the course's tables from ``data/`` by name, checked against a declared schema.

Every table is a CSV file ``data/<name>.csv``. Its schema (columns, types, allowed
values) is declared in :mod:`helpers.schemas`; a table without a schema cannot be loaded.
Any problem raises :class:`DataTableError` with one message that names the file, the
row (counting the header as row 1, as a spreadsheet does) and the column.

>>> from helpers.data import load_table
>>> load_table("lessons").columns.tolist()[:3]
['number', 'file', 'title']
"""

from __future__ import annotations

import csv
import math
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.paths import data_dir
from helpers.schemas import Column, Schema, all_schemas, split_choices  # noqa: F401  (split_choices re-exported)

class DataTableError(ValueError):
    """A course table is missing or does not match its schema."""


def schema(name: str) -> Schema:
    """The declared schema of a table (see :mod:`helpers.schemas`)."""
    schemas = all_schemas()
    if name not in schemas:
        raise DataTableError(f"There is no course table called {name!r}. Available tables: {', '.join(sorted(schemas))}.")
    return schemas[name]


def available_tables() -> list[str]:
    """The names of the tables that have a schema."""
    return sorted(all_schemas())


def load_table(name: str) -> pd.DataFrame:
    """Load ``data/<name>.csv``, validated against its schema, with typed columns.

    Raises :class:`DataTableError` naming the file, row and column of the first problems.
    """
    schema(name)  # an unknown name raises, listing the available tables
    path = data_dir() / f"{name}.csv"
    if not path.is_file():
        raise DataTableError(
            f"The table {name!r} should be in {_shown(path)}, but that file is missing. "
            f"Available tables: {', '.join(available_tables())}."
        )
    stat = path.stat()
    return _load_cached(name, path, stat.st_mtime_ns, stat.st_size).copy()


@lru_cache(maxsize=32)
def _load_cached(name: str, path: Path, mtime_ns: int, size: int) -> pd.DataFrame:
    return parse_table(path, schema(name))


def parse_table(path: Path, schema: Schema) -> pd.DataFrame:
    """Read one CSV file and check it against ``schema``; see :func:`load_table`."""
    shown = _shown(path)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except UnicodeDecodeError as error:
        raise DataTableError(f"{shown} is not UTF-8 text ({error.reason}); save it as UTF-8 CSV.") from None
    except csv.Error as error:
        raise DataTableError(f"{shown} is not a readable CSV file: {error}.") from None
    if not rows:
        raise DataTableError(f"{shown} is empty; it needs a header row: {', '.join(schema.names)}.")
    _check_header(shown, rows[0], schema)
    problems: list[str] = []
    records = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if len(cells) != len(schema.columns):
            problems.append(
                f"row {number}: has {len(cells)} cells, the header has {len(schema.columns)} "
                "(a missing or extra comma, or an unquoted comma inside a value?)"
            )
            continue
        record = {"_row": number}
        for column, cell in zip(schema.columns, cells):
            value, problem = _convert(cell.strip(), column)
            if problem:
                problems.append(f"row {number}, column {column.name!r}: {problem}")
            record[column.name] = value
        records.append(record)
    table = pd.DataFrame.from_records(records, columns=["_row", *schema.names])
    if not problems:
        problems = _table_problems(table, schema)
    if problems:
        shown_problems = "\n  ".join(problems[:10])
        more = f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise DataTableError(f"{shown} does not match its schema:\n  {shown_problems}{more}")
    table = table.set_index("_row")
    table.index.name = None
    table = table.reset_index(drop=True)
    return table.astype({c.name: _dtype(c) for c in schema.columns})


def _check_header(shown: str, header: list[str], schema: Schema) -> None:
    header = [name.strip().lstrip("\ufeff") for name in header]
    if header == schema.names:
        return
    missing = [name for name in schema.names if name not in header]
    extra = [name for name in header if name not in schema.names]
    parts = []
    if missing:
        parts.append(f"missing column(s) {', '.join(map(repr, missing))}")
    if extra:
        parts.append(f"unexpected column(s) {', '.join(map(repr, extra))}")
    if not parts:
        parts.append("the columns are in the wrong order")
    raise DataTableError(
        f"{shown}, row 1 (the header): {'; '.join(parts)}. Expected the columns: {', '.join(schema.names)}."
    )


def _convert(cell: str, column: Column) -> tuple[object, str | None]:
    if cell == "":
        return (None, "is empty, but a value is required") if column.required else (None, None)
    value: object = cell
    if column.kind == "int":
        if not re.fullmatch(r"[+-]?\d+", cell):
            return None, f"{cell!r} is not a whole number"
        value = int(cell)
    elif column.kind == "float":
        try:
            value = float(cell)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            return None, f"{cell!r} is not a number (use a point for decimals, e.g. 2.5)"
    elif column.kind == "yes/no":
        if cell not in ("yes", "no"):
            return None, f"{cell!r} should be 'yes' or 'no'"
        value = cell == "yes"
    if column.allowed is not None and cell not in column.allowed:
        return None, f"{cell!r} is not one of the allowed values: {', '.join(column.allowed)}"
    if column.pattern is not None and not re.fullmatch(column.pattern, cell):
        return None, f"{cell!r} does not have the expected form ({column.pattern})"
    if column.minimum is not None and value < column.minimum:
        return None, f"{cell} is below the minimum {column.minimum:g}"
    if column.maximum is not None and value > column.maximum:
        return None, f"{cell} is above the maximum {column.maximum:g}"
    return value, None


def _table_problems(table: pd.DataFrame, schema: Schema) -> list[str]:
    problems = []
    for column in schema.columns:
        if column.unique:
            values = table[column.name].dropna()
            for index in values[values.duplicated()].index:
                problems.append(
                    f"row {table.at[index, '_row']}, column {column.name!r}: "
                    f"'{table.at[index, column.name]}' appears more than once"
                )
    for check in schema.checks:
        for index, column_name, message in check(table):
            problems.append(f"row {table.at[index, '_row']}, column {column_name!r}: {message}")
    return problems


def _dtype(column: Column) -> str:
    if column.kind == "int":
        return "Int64" if not column.required else "int64"
    return {"float": "float64", "yes/no": "bool"}.get(column.kind, "object")


def _shown(path: Path) -> str:
    """The path as a learner would look for it: data/<file> when inside the course."""
    try:
        return str(Path("data") / path.relative_to(data_dir()))
    except ValueError:
        return str(path)
