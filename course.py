#!/usr/bin/env python3
"""Set up and run the Back on Track course. Needs only Python 3.11 and pip.

    python3 course.py lab       set up, then open the course in JupyterLab
    python3 course.py test      set up (with test tools), then run every test
    python3 course.py refresh   re-execute the notebooks and save their outputs
    python3 course.py bench     print the benchmark table

Every command is idempotent: the virtual environment (.venv) is made once and
reinstalled only when requirements*.txt or pyproject.toml change.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
START_PAGE = "notebooks/00-start-here.ipynb"


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


def run(*command: str | Path, **options) -> None:
    say("$ " + " ".join(str(part) for part in command))
    subprocess.run([str(part) for part in command], check=True, cwd=ROOT, **options)


def setup(with_tests: bool) -> None:
    """Create .venv and install the pinned packages and the course package (editable)."""
    if sys.version_info[:2] != (3, 11):
        say(f"warning: the course is pinned for Python 3.11; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        say(f"creating the virtual environment in {VENV.name}/")
        venv.create(VENV, with_pip=True)
    requirements = "requirements-test.txt" if with_tests else "requirements.txt"
    files = [ROOT / requirements, ROOT / "requirements.txt", ROOT / "pyproject.toml"]
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()
    stamp = VENV / f".installed-{Path(requirements).stem}"
    if stamp.exists() and stamp.read_text() == digest:
        say(f"packages already installed from {requirements} (delete .venv to start afresh)")
        return
    say(f"installing the pinned packages from {requirements} (about a minute the first time)")
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", requirements)
    say("installing the course package `helpers` (editable)")
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "--no-deps", "-e", ".")
    stamp.write_text(digest)


def lab(extra: list[str]) -> None:
    setup(with_tests=False)
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
        say("running as root (a container?): adding --allow-root")
        extra = [*extra, "--allow-root"]
    say(f"opening JupyterLab at {START_PAGE} (stop it with Ctrl+C)")
    run(PYTHON, "-m", "jupyter", "lab", START_PAGE, *extra)


def test(extra: list[str]) -> None:
    setup(with_tests=True)
    say("running unit, notebook (nbval, strict) and browser tests")
    result = subprocess.run([str(PYTHON), "-m", "pytest", *extra], cwd=ROOT)
    sys.exit(result.returncode)


def refresh(extra: list[str]) -> None:
    setup(with_tests=True)
    say("re-executing every notebook in notebooks/ (no widget state is stored)")
    run(PYTHON, str(ROOT / "tools" / "refresh_notebooks.py"), *extra)


def bench(extra: list[str]) -> None:
    setup(with_tests=True)
    say("running the benchmarks")
    result = subprocess.run([str(PYTHON), str(ROOT / "benchmarks" / "run.py"), *extra], cwd=ROOT)
    sys.exit(result.returncode)


COMMANDS = {"lab": lab, "test": test, "refresh": refresh, "bench": bench}


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        sys.exit(2)
    try:
        COMMANDS[argv[0]](argv[1:])
    except subprocess.CalledProcessError as error:
        say(f"failed: {' '.join(map(str, error.cmd))} (exit code {error.returncode})")
        sys.exit(error.returncode)
    except KeyboardInterrupt:
        say("stopped")


if __name__ == "__main__":
    main(sys.argv[1:])
