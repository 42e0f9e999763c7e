"""Load the course's tables from ``data/`` by name, checked against a declared schema.

Every table is a CSV file ``data/<name>.csv``. Its schema (columns, types, allowed
values) is declared in :data:`SCHEMAS`; a table without a schema cannot be loaded.
Any problem raises :class:`DataTableError` with one message that names the file, the
row (counting the header as row 1, as a spreadsheet does) and the column.

>>> from helpers.data import load_table
>>> load_table("lessons").columns.tolist()[:3]
['number', 'file', 'title']
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.paths import data_dir, notebooks_dir

KINDS = ("text", "int", "float", "yes/no")


class DataTableError(ValueError):
    """A course table is missing or does not match its schema."""


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


def _choice_count_check(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    for index, row in table.iterrows():
        count = len(split_choices(row["choices"]))
        if count < 2:
            yield index, "choices", "needs at least two choices separated by ' | '"
        elif not 1 <= row["correct"] <= count:
            yield index, "correct", f"is {row['correct']}, but there are only {count} choices"


def _lesson_file_check(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    for index, row in table.iterrows():
        exists = (notebooks_dir() / row["file"]).is_file()
        if row["status"] == "ready" and not exists:
            yield index, "file", f"says ready, but notebooks/{row['file']} does not exist"
        if row["status"] == "coming" and exists:
            yield index, "status", f"says coming, but notebooks/{row['file']} exists: mark it ready"


def _lesson_number_check(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    for index, row in table.iterrows():
        if not row["file"].startswith(f"{row['number']:02d}-"):
            yield index, "file", f"should start with the lesson number {row['number']:02d}-"


def _range_order_check(table: pd.DataFrame) -> Iterable[tuple[int, str, str]]:
    for index, row in table.iterrows():
        if row["low_percent"] > row["high_percent"]:
            yield index, "high_percent", f"{row['high_percent']:g} is below low_percent {row['low_percent']:g}"


CITATION_KEY = r"[a-z][a-z0-9-]*"

SCHEMAS: dict[str, Schema] = {
    "references": Schema(
        "Every source a lesson cites; lessons link to them as [label](#ref-KEY).",
        (
            Column("key", pattern=CITATION_KEY, unique=True),
            Column("short", description="in-text label, e.g. 'Keller et al. 1996'"),
            Column("authors", required=False, description="empty for a web page without named authors"),
            Column("year", "int", required=False, minimum=1900, maximum=2100),
            Column("title"),
            Column("venue", required=False),
            Column("doi", required=False, pattern=r"10\.\d{4,9}/\S+"),
            Column("url", required=False, pattern=r"https?://\S+"),
            Column("details_checked", "yes/no", description="no: volume or pages not verified"),
        ),
    ),
    "lessons": Schema(
        "The course map: every planned lesson, its fixed file name and whether it is written.",
        (
            Column("number", "int", minimum=0, maximum=99, unique=True),
            Column("file", pattern=r"\d{2}-[a-z0-9-]+\.ipynb", unique=True),
            Column("title"),
            Column("topics"),
            Column("centrepiece"),
            Column("status", allowed=("ready", "coming")),
        ),
        checks=(_lesson_number_check, _lesson_file_check),
    ),
    "quiz": Schema(
        "Self-test questions: choices separated by ' | ', the right one counted from 1.",
        (
            Column("lesson", "int", minimum=0, maximum=99),
            Column("question_id", pattern=r"\d{2}-[a-z0-9-]+", unique=True),
            Column("question"),
            Column("choices"),
            Column("correct", "int", minimum=1),
            Column("explanation"),
            Column("source", pattern=CITATION_KEY, required=False),
        ),
        checks=(_choice_count_check,),
    ),
    "running_forces": Schema(
        "Published peak vertical ground reaction forces against speed (lesson 01).",
        (
            Column("source", pattern=CITATION_KEY),
            Column("series", allowed=("trend", "point")),
            Column("speed_m_s", "float", minimum=0, maximum=12),
            Column("peak_force_bw", "float", minimum=0, maximum=10),
            Column("note"),
        ),
    ),
    "disc_study_groups": Schema(
        "Belavý et al. 2017, Table 1: the three groups of the runners' disc MRI study (lesson 01).",
        (
            Column("group", unique=True),
            Column("n", "int", minimum=1),
            Column("weekly_km", "float", required=False, minimum=0),
            Column("disc_height_mm", "float", minimum=0),
            Column("pfirrmann_grade", "float", minimum=1, maximum=5),
            Column("weekday_sitting_h", "float", minimum=0, maximum=24),
        ),
    ),
    "back_pain_prevalence": Schema(
        "How common low back pain is, by group, as a published range in percent (lesson 01).",
        (
            Column("group", unique=True),
            Column("measure"),
            Column("low_percent", "float", minimum=0, maximum=100),
            Column("high_percent", "float", minimum=0, maximum=100),
            Column("source", pattern=CITATION_KEY),
        ),
        checks=(_range_order_check,),
    ),
}


def available_tables() -> list[str]:
    """The names of the tables that have a schema."""
    return sorted(SCHEMAS)


def split_choices(text: str) -> list[str]:
    """Split a ``' | '``-separated cell into its stripped parts."""
    return [part.strip() for part in text.split("|") if part.strip()]


def load_table(name: str) -> pd.DataFrame:
    """Load ``data/<name>.csv``, validated against its schema, with typed columns.

    Raises :class:`DataTableError` naming the file, row and column of the first problems.
    """
    if name not in SCHEMAS:
        raise DataTableError(
            f"There is no course table called {name!r}. Available tables: {', '.join(available_tables())}."
        )
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
    return parse_table(path, SCHEMAS[name])


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
                    f"{table.at[index, column.name]!r} appears more than once"
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
