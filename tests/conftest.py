"""Shared fixtures: a private copy of data/ that a test may break without harm."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from helpers.paths import REPO_ROOT

# Speed is measured in benchmarks/, not in tests: no per-example deadline (the test
# machines are shared and noisy).
settings.register_profile("course", deadline=None)
settings.load_profile("course")


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ that helpers reads instead of the real one during the test."""
    copy = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", copy)
    monkeypatch.setenv("BACK_ON_TRACK_DATA", str(copy))
    return copy
