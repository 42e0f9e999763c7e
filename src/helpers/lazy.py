"""Names a package offers but imports only when first used (PEP 562).

``import helpers`` then costs little more than plotly's own import: a lesson loads the
models, figures and widgets it uses, not every lesson's (the plan export's calendar
library, the self-check's tables, ...).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any


def lazy_names(package: dict[str, Any], names: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a package whose ``globals()`` is ``package``.

    ``names`` maps each public name to ``"module"`` or ``"module:attribute"`` (for a
    name the module spells differently). A package's own submodules (``helpers.figures.plan``)
    are found too. A name found once is kept in the package, so the next use is plain.
    """
    package_name = package["__name__"]
    folder = Path(package["__file__"]).parent

    def __getattr__(name: str) -> Any:
        if name in names:
            module, _, attribute = names[name].partition(":")
            value = getattr(importlib.import_module(module), attribute or name)
        elif not name.startswith("_") and ((folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file()):
            value = importlib.import_module(f"{package_name}.{name}")
        else:
            raise AttributeError(f"module {package_name!r} has no attribute {name!r}")
        package[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(package) | set(names))

    return __getattr__, __dir__
