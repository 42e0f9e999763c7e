"""Run one notebook as a Voila app for the browser tests: 127.0.0.1, a free port, isolated Jupyter folders.

Pitfalls (``shared/stack-notes.md``): ``/api/status`` answers 302 under Voila, so any HTTP
answer on ``/`` counts as "up"; Voila asks a CDN for FontAwesome, which fails offline
and harmlessly; kernels of closed pages live until the server stops, so the server is
stopped at the end of the block.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import harness

START_TIMEOUT_S = 60.0


class VoilaStartError(RuntimeError):
    """Voila did not come up; the message includes its log."""


@dataclass
class VoilaServer:
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def _up(process: subprocess.Popen, url: str) -> bool:
    if process.poll() is not None:
        raise VoilaStartError(f"Voila exited with code {process.returncode} during start-up.")
    request = urllib.request.Request(url, method="HEAD")  # HEAD: answered without starting a kernel
    try:
        with urllib.request.urlopen(request, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer (405, 302, ...) means the server is listening
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@contextlib.contextmanager
def start_voila(notebook: Path, timeout_s: float = START_TIMEOUT_S,
                command: Callable[[int], list[str]] | None = None) -> Iterator[VoilaServer]:
    """Serve ``notebook`` with Voila (working directory: its folder); stop it on exit.

    ``command(port)`` gives another Voila command line to run (e.g. ``course.py app``'s).
    """
    notebook = Path(notebook).resolve()
    home = Path(tempfile.mkdtemp(prefix="bot-voila-"))
    log_path = home / "voila.log"
    process = None
    try:
        port = harness.free_port()
        command = command(port) if command else [
            sys.executable, "-m", "voila", str(notebook), "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--show_tracebacks=False"]
        with open(log_path, "ab") as log:
            process = subprocess.Popen(command, cwd=notebook.parent, env=harness.prepare_home(home), stdout=log,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        server = VoilaServer(port, process, log_path)
        deadline = time.monotonic() + timeout_s
        try:
            while not _up(process, server.url):
                if time.monotonic() > deadline:
                    raise VoilaStartError(f"Voila did not answer {server.url} within {timeout_s:.0f} s.")
                time.sleep(0.2)
        except VoilaStartError as error:
            _stop(process)
            raise VoilaStartError(f"{error}\nCommand: {' '.join(command)}\n--- log ---\n{server.log()}") from None
        yield server
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(home, ignore_errors=True)
