"""The declared schema of every table in ``data/``, gathered from this package's modules.

Each module here defines ``SCHEMAS = {"table_name": Schema(...)}`` for the tables of one
topic; a new lesson adds a module (no edit here is needed). Names must be unique.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from helpers.schemas.base import CITATION_KEY, KINDS, Column, Schema, split_choices

__all__ = ["CITATION_KEY", "KINDS", "Column", "Schema", "all_schemas", "split_choices"]


@cache
def all_schemas() -> dict[str, Schema]:
    """Every table's schema, from every module in ``helpers.schemas``."""
    found: dict[str, Schema] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for name, schema in getattr(module, "SCHEMAS", {}).items():
            if name in found:
                raise RuntimeError(f"Two schemas for the table {name!r} (second in {module.__name__}).")
            found[name] = schema
    return found
