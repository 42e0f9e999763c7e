#!/usr/bin/env python3
"""Set up and run the Back on Track course. Needs only Python 3.11 and pip.

    python3 course.py lab       set up, then open the course in JupyterLab
    python3 course.py test      set up (with test tools), then run every test
    python3 course.py refresh   re-execute the notebooks and save their outputs
    python3 course.py bench     print the benchmark table
    python3 course.py app       serve the self-check (lesson 08) as a web app on this machine
    python3 course.py hub       run a JupyterHub for a workshop on this machine (deploy/)
    python3 course.py hub-link HUB_URL [--repo URL] [--branch NAME]
                                print the nbgitpuller link that gives learners the course

Every command is idempotent: the virtual environment (.venv) is made once and
reinstalled only when requirements*.txt or pyproject.toml change.
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
START_PAGE = "notebooks/00-start-here.ipynb"
SELF_CHECK = "notebooks/08-self-check.ipynb"
HUB_REQUIREMENTS = "deploy/requirements-hub.txt"
#: Where the course is published (the Binder badge in the README points there too).
PUBLIC_REPO = "https://github.com/back-on-track/back-on-track"


def say(message: str) -> None:
    print(f"[course] {message}", flush=True)


def run(*command: str | Path, **options) -> None:
    say("$ " + " ".join(str(part) for part in command))
    subprocess.run([str(part) for part in command], check=True, cwd=ROOT, **options)


def setup(with_tests: bool, requirements: str | None = None) -> None:
    """Create .venv and install the pinned packages and the course package (editable)."""
    if sys.version_info[:2] != (3, 11):
        say(f"warning: the course is pinned for Python 3.11; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        say(f"creating the virtual environment in {VENV.name}/")
        venv.create(VENV, with_pip=True)
    requirements = requirements or ("requirements-test.txt" if with_tests else "requirements.txt")
    files = [ROOT / requirements, ROOT / "requirements.txt", ROOT / HUB_REQUIREMENTS, ROOT / "pyproject.toml"]
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()
    stamp = VENV / f".installed-{Path(requirements).stem}"
    if with_tests:
        setup_proxy()
    if stamp.exists() and stamp.read_text() == digest:
        say(f"packages already installed from {requirements} (delete .venv to start afresh)")
        return
    say(f"installing the pinned packages from {requirements} (about a minute the first time)")
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", requirements)
    say("installing the course package `helpers` (editable)")
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "--no-deps", "-e", ".")
    stamp.write_text(digest)


def setup_proxy() -> None:
    """configurable-http-proxy (npm) for the workshop hub and its tests, at the locked version."""
    proxy = ROOT / "deploy" / "node_modules" / ".bin" / "configurable-http-proxy"
    if proxy.exists():
        return
    if shutil.which("npm") is None:
        say("npm not found: the JupyterHub tests will be skipped (install Node.js and npm to run them)")
        return
    say("installing configurable-http-proxy for the workshop hub (npm ci in deploy/)")
    run("npm", "ci", "--no-audit", "--no-fund", "--prefix", ROOT / "deploy")


def lab(extra: list[str]) -> None:
    setup(with_tests=False)
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--allow-root" not in extra:
        say("running as root (a container?): adding --allow-root")
        extra = [*extra, "--allow-root"]
    say(f"opening JupyterLab at {START_PAGE} (stop it with Ctrl+C)")
    run(PYTHON, "-m", "jupyter", "lab", START_PAGE, *extra)


#: The two halves of the suite that ``test`` runs side by side: the browser tests and the workshop
#: hub's (each drives its own servers, one after another), and the unit and notebook tests.
SLOW_PART = "browser or hub"
TEST_LOG = ROOT / "test-artifacts" / "unit-and-notebook-tests.log"


def test(extra: list[str]) -> None:
    setup(with_tests=True)
    if extra:  # a chosen test file or option: one pytest run, as given
        say("running pytest " + " ".join(extra))
        sys.exit(subprocess.run([str(PYTHON), "-m", "pytest", *extra], cwd=ROOT).returncode)
    say("running the unit and notebook tests (nbval, strict) alongside the browser and workshop-hub tests")
    say(f"(the unit and notebook tests write to {TEST_LOG.relative_to(ROOT)}; it is printed when both are done)")
    TEST_LOG.parent.mkdir(exist_ok=True)
    with TEST_LOG.open("w", encoding="utf-8") as log:
        quick = subprocess.Popen([str(PYTHON), "-m", "pytest", "-m", f"not ({SLOW_PART})"], cwd=ROOT,
                                 stdout=log, stderr=subprocess.STDOUT)
        try:
            slow = subprocess.run([str(PYTHON), "-m", "pytest", "-m", SLOW_PART], cwd=ROOT).returncode
        finally:
            quick_code = quick.wait()
    print(TEST_LOG.read_text(encoding="utf-8"), flush=True)
    outcome = {0: "passed"}.get
    say(f"unit and notebook tests: {outcome(quick_code, f'FAILED (exit {quick_code})')}; "
        f"browser and hub tests: {outcome(slow, f'FAILED (exit {slow})')}")
    sys.exit(quick_code or slow)


def refresh(extra: list[str]) -> None:
    setup(with_tests=True)
    say("re-executing every notebook in notebooks/ (no widget state is stored)")
    run(PYTHON, str(ROOT / "tools" / "refresh_notebooks.py"), *extra)


def bench(extra: list[str]) -> None:
    setup(with_tests=True)
    say("running the benchmarks")
    result = subprocess.run([str(PYTHON), str(ROOT / "benchmarks" / "run.py"), *extra], cwd=ROOT)
    sys.exit(result.returncode)


def app_command(python: Path | str, ip: str = "127.0.0.1", port: str = "8866", kernels: str = "2") -> list[str]:
    """Voila serving the self-check alone: kernels kept warm, idle ones stopped after 30 minutes."""
    return [str(python), "-m", "voila", str(ROOT / SELF_CHECK), "--no-browser", f"--Voila.ip={ip}",
            f"--port={port}", "--Voila.port_retries=0", "--preheat_kernel=True", f"--pool_size={kernels}",
            "--show_tracebacks=False", "--MappingKernelManager.cull_idle_timeout=1800",
            "--MappingKernelManager.cull_interval=120"]


def app(extra: list[str]) -> None:
    """The self-check as a stand-alone web app (Voila), for a workshop's 'try it on your phone'."""
    setup(with_tests=False)
    options = argparse.ArgumentParser(prog="course.py app")
    options.add_argument("--ip", default="127.0.0.1", help="0.0.0.0 lets phones on your network in")
    options.add_argument("--port", default="8866")
    options.add_argument("--kernels", default="2", help="kernels kept ready, so the form opens at once")
    arguments, rest = options.parse_known_args(extra)
    say(f"serving {SELF_CHECK} at http://{arguments.ip}:{arguments.port}/ (stop it with Ctrl+C)")
    run(*app_command(PYTHON, arguments.ip, arguments.port, arguments.kernels), *rest)


def hub(extra: list[str]) -> None:
    """A JupyterHub for a workshop on this machine, with deploy/jupyterhub_config.py."""
    setup(with_tests=False, requirements=HUB_REQUIREMENTS)
    setup_proxy()
    if not os.environ.get("BOT_HUB_PASSWORD"):
        os.environ["BOT_HUB_PASSWORD"] = getpass.getpass("Shared password for the learners (8 characters or more): ")
    say("starting JupyterHub (deploy/README.md explains the settings; stop it with Ctrl+C)")
    run(BIN / "jupyterhub", "-f", ROOT / "deploy" / "jupyterhub_config.py", *extra)


def check_hub_url(hub_url: str) -> str:
    """The hub's address without a trailing slash; ValueError saying what to type if it is not http(s)://HOST."""
    text = hub_url.strip()
    parts = urlsplit(text)
    try:
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        parts = parts._replace(netloc="")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        hint = f" (did you mean https://{text}?)" if text and "://" not in text else ""
        raise ValueError(f"{hub_url!r} is not a hub address{hint}: give the hub's full address with http:// or "
                         "https:// and its host name, e.g. https://hub.example.org")
    if parts.query or parts.fragment:
        raise ValueError(f"{hub_url!r} has a ?query or #fragment: give only the hub's address, e.g. https://hub.example.org")
    return text.rstrip("/")


def hub_link_url(hub_url: str, repo: str = PUBLIC_REPO, branch: str = "main") -> str:
    """The nbgitpuller link: one click clones (or updates) the course and opens its start page."""
    folder = Path(repo.rstrip("/")).name.removesuffix(".git") or "back-on-track"
    query = urlencode({"repo": repo, "branch": branch, "targetpath": folder,
                       "urlpath": f"lab/tree/{folder}/{START_PAGE}"})
    return f"{check_hub_url(hub_url)}/hub/user-redirect/git-pull?{query}"


def hub_link(extra: list[str]) -> None:
    options = argparse.ArgumentParser(prog="course.py hub-link", description=hub_link_url.__doc__)
    options.add_argument("hub_url", help="your hub's address, e.g. https://hub.example.org")
    options.add_argument("--repo", default=PUBLIC_REPO, help=f"the course's git repository (default {PUBLIC_REPO})")
    options.add_argument("--branch", default="main")
    arguments = options.parse_args(extra)
    try:
        print(hub_link_url(arguments.hub_url, arguments.repo, arguments.branch))
    except ValueError as problem:
        options.error(str(problem))


COMMANDS = {"lab": lab, "test": test, "refresh": refresh, "bench": bench, "app": app, "hub": hub, "hub-link": hub_link}


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
