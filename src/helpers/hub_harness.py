"""The workshop hub (``deploy/``) started for a test or a benchmark, its REST API, and its memory.

Used by ``benchmarks/hub_load.py`` and ``tests/test_hub.py`` (not by the lessons):

- :func:`start_hub` runs ``deploy/jupyterhub_config.py`` on 127.0.0.1 with free ports and every
  file in a temporary folder, and stops the hub and every process it started on exit, also on
  failure or Ctrl+C;
- :class:`HubClient` calls the Hub's REST API (and the learners' servers through the proxy)
  with the admin token the config gives a service;
- :class:`MemorySampler` samples, in a thread, the resident memory (RSS) of each learner's
  server and kernels and of the hub, proxy and culler, and keeps the peaks.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPRequest, HTTPResponse

from helpers.paths import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
CONFIG = DEPLOY / "jupyterhub_config.py"
PROXY = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
MB = 2**20


class HubError(RuntimeError):
    """The hub or a learner's server did not do what was asked; the message says what and why."""


class Throttled(HubError):
    """The hub answered 429 (too many servers starting at once): try again after ``retry_after_s``."""

    def __init__(self, message: str, retry_after_s: float):
        super().__init__(message)
        self.retry_after_s = retry_after_s


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def proxy_missing() -> str | None:
    """Why the hub cannot start here, or None: the proxy comes from npm (``npm ci`` in deploy/)."""
    if not PROXY.exists():
        return (f"configurable-http-proxy is not installed: run `npm ci --prefix {DEPLOY.relative_to(REPO_ROOT)}` "
                "(it needs Node.js 20 or newer and npm).")
    return None


@dataclass
class Hub:
    """A running hub: its public URL, the admin token, its process and its temporary folder."""

    url: str
    token: str
    process: subprocess.Popen
    state: Path
    log_path: Path
    seen: set[psutil.Process] = field(default_factory=set)  # every process ever seen under the hub

    def log(self) -> str:
        """The hub's log so far (its stdout and stderr)."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def descendants(self) -> list[psutil.Process]:
        """The processes the hub runs now (proxy, culler, learners' servers and their kernels); remembered."""
        try:
            found = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            found = []
        self.seen.update(found)
        return found

    def leftovers(self) -> list[psutil.Process]:
        """Processes started under the hub that still run (none, once :func:`start_hub` has exited)."""
        alive = []
        for process in self.seen:
            with contextlib.suppress(psutil.NoSuchProcess):
                if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(process)
        return alive


def stop_hub(hub: Hub, grace_s: float = 15.0) -> None:
    """Stop the hub (it stops the learners' servers), then anything it started that still runs."""
    hub.descendants()
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait(timeout=5)
    alive = hub.leftovers()
    for leftover in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            leftover.terminate()
    _, alive = psutil.wait_procs(alive, timeout=5)
    for leftover in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            leftover.kill()
    psutil.wait_procs(alive, timeout=5)


@contextlib.contextmanager
def start_hub(timeout_s: float = 60.0, **settings: str) -> Iterator[Hub]:
    """Run the workshop hub on 127.0.0.1 (free ports, temp state); stop it and all it started on exit.

    ``settings`` are extra ``BOT_HUB_*`` variables (``SPAWN_LIMIT="4"`` sets BOT_HUB_SPAWN_LIMIT).
    """
    problem = proxy_missing()
    if problem:
        raise HubError(problem)
    state = Path(tempfile.mkdtemp(prefix="bot-hub-"))
    port, token = free_port(), secrets.token_hex(24)
    env = dict(os.environ, BOT_HUB_PASSWORD=secrets.token_hex(8), BOT_HUB_ADMIN_TOKEN=token,
               BOT_HUB_PORT=str(port), BOT_HUB_STATE=str(state), BOT_HUB_SPAWNER="simple",
               JUPYTER_PLATFORM_DIRS="0", JUPYTER_CONFIG_DIR=str(state / "jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(state / "jupyter-runtime"),
               **{f"BOT_HUB_{name}": value for name, value in settings.items()})
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    log_path = state / "hub.log"
    hub = None
    try:
        with open(log_path, "wb") as log:
            # A session of its own: Ctrl+C reaches this process only, which then stops the hub in order.
            process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG), f"--JupyterHub.hub_port={free_port()}",
                 f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}"],
                cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        hub = Hub(f"http://127.0.0.1:{port}", token, process, state, log_path)
        _wait_for_hub(hub, timeout_s)
        yield hub
    finally:
        if hub is not None:
            stop_hub(hub)
        shutil.rmtree(state, ignore_errors=True)


def _wait_for_hub(hub: Hub, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    request = urllib.request.Request(f"{hub.url}/hub/api/", headers={"Authorization": f"token {hub.token}"})
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise HubError(f"JupyterHub exited with code {hub.process.returncode}.\n{hub.log()[-3000:]}")
        with contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            with urllib.request.urlopen(request, timeout=2) as answer:
                if answer.status == 200:
                    hub.descendants()
                    return
        time.sleep(0.3)
    raise HubError(f"JupyterHub did not answer within {timeout_s:.0f} s.\n{hub.log()[-3000:]}")


class HubClient:
    """The Hub's REST API, and the learners' servers behind the proxy, with the admin token."""

    def __init__(self, hub: Hub):
        self.hub = hub
        self.http = AsyncHTTPClient(max_clients=64)

    async def call(self, method: str, path: str, body: dict | None = None, timeout_s: float = 60,
                   allow: tuple[int, ...] = ()) -> dict | None:
        """The JSON answer to ``method path``; :class:`Throttled` on 429, :class:`HubError` on other errors
        (but None for the codes in ``allow``, e.g. 409 "already exists")."""
        request = HTTPRequest(f"{self.hub.url}{path}", method=method,
                              headers={"Authorization": f"token {self.hub.token}"},
                              body=None if body is None and method == "GET" else json.dumps(body or {}),
                              request_timeout=timeout_s, allow_nonstandard_methods=True)
        answer: HTTPResponse = await self.http.fetch(request, raise_error=False)
        if answer.code in allow:
            return None
        if answer.code == 429:
            retry = float(answer.headers.get("Retry-After", "10"))
            raise Throttled(f"{method} {path}: HTTP 429 (too many starting), retry in {retry:.0f} s", retry)
        if answer.code >= 400 or answer.code == 599:
            reason = answer.error if answer.code == 599 else answer.body[:200]
            raise HubError(f"{method} {path}: HTTP {answer.code} {reason!r}")
        return json.loads(answer.body) if answer.body else None


@dataclass
class Peak:
    """One learner's largest sampled memory: server + kernels together, and the parts at that moment."""

    total_mb: float = 0.0
    server_mb: float = 0.0
    kernel_mb: float = 0.0


class MemorySampler:
    """Samples RSS every ``interval_s`` in a thread: each watched learner, and the hub with its proxy and culler.

    RSS counts shared library pages in every process, so the sum over learners overstates the
    machine's use a little: a safe side for sizing.
    """

    def __init__(self, hub: Hub, interval_s: float = 0.5):
        self.hub = hub
        self.interval_s = interval_s
        self.servers: dict[str, int] = {}  # learner -> server pid
        self.peaks: dict[str, Peak] = {}
        self.overhead_peak_mb = 0.0  # hub + proxy + culler, at their largest
        self.samples = 0
        self.loads: list[float] = []  # the machine's 1-minute load average at each sample (others' work too)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="memory-sampler", daemon=True)
        self._lock = threading.Lock()
        self._kinds: dict[psutil.Process, bool] = {}  # a hub's child -> is it a learner's server?

    def watch(self, learner: str, server_pid: int) -> None:
        """Sample this learner's server (and its kernels) from now on."""
        with self._lock:
            self.servers[learner] = server_pid
            self.peaks.setdefault(learner, Peak())

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval_s)

    def sample(self) -> None:
        """Take one sample now and update the peaks."""
        with self._lock:
            servers = dict(self.servers)
        for learner, pid in servers.items():
            try:
                server = psutil.Process(pid)
                server_mb = server.memory_info().rss / MB
                kernel_mb = sum(_rss_mb(kernel) for kernel in server.children(recursive=True))
            except psutil.NoSuchProcess:
                continue
            if server_mb + kernel_mb > self.peaks[learner].total_mb:
                self.peaks[learner] = Peak(server_mb + kernel_mb, server_mb, kernel_mb)
        try:
            hub = psutil.Process(self.hub.process.pid)
            overhead, children = _rss_mb(hub), hub.children()
        except psutil.NoSuchProcess:
            return
        self.hub.descendants()  # remembered, so that everything is stopped at the end
        for child in children:  # the proxy and the culler; learners' servers (and kernels) are theirs
            if not self._is_server(child):
                overhead += _rss_mb(child) + sum(_rss_mb(grandchild) for grandchild in _children(child))
        self.overhead_peak_mb = max(self.overhead_peak_mb, overhead)
        self.loads.append(os.getloadavg()[0])
        self.samples += 1

    def _is_server(self, process: psutil.Process) -> bool:
        if process not in self._kinds:
            try:
                self._kinds[process] = any("jupyterhub-singleuser" in part for part in process.cmdline())
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                return True
        return self._kinds[process]


def _children(process: psutil.Process) -> list[psutil.Process]:
    try:
        return process.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _rss_mb(process: psutil.Process) -> float:
    try:
        return process.memory_info().rss / MB
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0.0
