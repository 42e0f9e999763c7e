"""The environment check a learner (or a workshop) runs first, in ``00-start-here``."""

from __future__ import annotations

import importlib.metadata as metadata
import platform
import re
import sys
from pathlib import Path

from helpers.paths import REPO_ROOT
from helpers.style import RENDERER, renderer

PACKAGES = ("jupyterlab", "ipywidgets", "jupyterlab_widgets", "plotly", "pandas", "numpy")

WHAT_TO_DO = """\
Below you should see a slider and a bar chart. Click the slider, then press the arrow
keys: the bar should follow it.
- Only text in square brackets or "Loading widget...", no slider: the page does
  not have the widget extension. Open the course with `python3 course.py lab` from the
  course folder (or on Binder), then use Kernel > Restart Kernel and Run All Cells.
- A slider but no chart: the plotly extension is missing. Same fix as above; if it
  persists, reload the browser page.
- Still stuck: ask your workshop teacher, or open an issue with the lines above."""


def pinned_versions(requirements: Path | None = None) -> dict[str, str]:
    """Package → pinned version, from the course's requirements.txt."""
    requirements = requirements or REPO_ROOT / "requirements.txt"
    pins = {}
    for line in requirements.read_text().splitlines():
        match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)==([^\s;#]+).*", line)
        if match:
            pins[_normal(match.group(1))] = match.group(2)
    return pins


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def environment_report() -> str:
    """Versions of Python and the course's packages, each checked against its pin."""
    pins = pinned_versions() if (REPO_ROOT / "requirements.txt").is_file() else {}
    lines = ["Back on Track environment check", f"  {'python':<20}{platform.python_version_tuple()[0]}.{sys.version_info.minor}"]
    problems = []
    for name in PACKAGES:
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "missing"
        expected = pins.get(_normal(name))
        mark = "ok" if expected in (None, installed) else f"expected {expected}"
        if mark != "ok":
            problems.append(name)
        lines.append(f"  {name:<20}{installed:<16}{mark}")
    default = renderer()
    lines.append(f"  {'plotly renderer':<20}{default:<16}{'ok' if default == RENDERER else 'expected ' + RENDERER}")
    if sys.version_info[:2] != (3, 11):
        problems.append("python")
    if problems:
        lines.append(f"Not as pinned: {', '.join(problems)}. Run `python3 course.py lab` from the course folder to set up again.")
    else:
        lines.append("Kernel side: everything as pinned. Figures draw offline (no internet needed).")
    return "\n".join(lines)


def check_environment():
    """Print the versions, say what to look for, and return the test slider and figure."""
    from helpers.widgets import environment_check_app

    print(environment_report())
    print()
    print(WHAT_TO_DO)
    return environment_check_app()
