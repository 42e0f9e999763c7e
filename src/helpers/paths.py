"""Where the course's folders are, found from the package itself (never the working directory)."""

from __future__ import annotations

import os
from pathlib import Path

#: The checkout the package is installed from (it is installed editable: ``pip install -e .``).
REPO_ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """The ``data/`` folder; ``BACK_ON_TRACK_DATA`` overrides it (tests use this)."""
    return Path(os.environ.get("BACK_ON_TRACK_DATA", REPO_ROOT / "data"))


def notebooks_dir() -> Path:
    """The ``notebooks/`` folder with the lessons."""
    return REPO_ROOT / "notebooks"
