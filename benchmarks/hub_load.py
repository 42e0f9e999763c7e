"""Load test: a real JupyterHub on 127.0.0.1 with N learners working through lesson 06.

    python benchmarks/hub_load.py                 N = 10, 20, 30 (the benchmark)
    python benchmarks/hub_load.py 5               one run with 5 learners

The hub runs ``deploy/jupyterhub_config.py`` as a teacher would (shared password,
idle culler, configurable-http-proxy from ``deploy/node_modules``), with the simple
spawner and every file in a temporary folder. Through the Hub's REST API the test
creates N learners and starts their servers; each learner then opens a kernel on its
own server (through the proxy, as a browser does), runs every cell of lesson 06 and
moves the ramp simulator's "Weekly increase" slider the way JupyterLab does it: a
widget ``comm_msg`` "update" on the kernel's websocket. A change is done when the
kernel is idle again, so the round trip includes the redraw's messages.

Bounded and self-stopping: at most ``CHANGES`` changes per learner, one every 1-3 s, a
hard deadline for the whole run, and everything started (hub, proxy, learners' servers
and kernels) is stopped at the end, also on failure or Ctrl+C.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
CONFIG = DEPLOY / "jupyterhub_config.py"
LESSON = ROOT / "notebooks" / "06-training-load.ipynb"
PROXY = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
SLIDER = "Weekly increase"  # the ramp simulator's slider a learner moves (its description starts so)
CHANGES = 10  # slider changes per learner
PAUSE_S = (1.0, 3.0)  # a learner's pause between changes
P95_BUDGET_MS = 250.0


class HubError(RuntimeError):
    """The hub or a learner's server did not do what was asked; the message says what and why."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def proxy_missing() -> str | None:
    """Why the hub cannot start here, or None: the proxy comes from npm (``npm ci`` in deploy/)."""
    if not PROXY.exists():
        return f"configurable-http-proxy is not installed: run `npm ci --prefix {DEPLOY.relative_to(ROOT)}`."
    return None


@dataclass
class Hub:
    url: str
    token: str
    process: subprocess.Popen
    state: Path
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def _stop_tree(process: subprocess.Popen, grace_s: float = 15.0) -> None:
    """Stop the hub, then anything it started that is still running (servers, kernels, proxy)."""
    with contextlib.suppress(psutil.NoSuchProcess):
        tree = psutil.Process(process.pid).children(recursive=True)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    with contextlib.suppress(UnboundLocalError):
        alive = [p for p in tree if p.is_running()]
        for leftover in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                leftover.terminate()
        _, alive = psutil.wait_procs(alive, timeout=5)
        for leftover in alive:
            with contextlib.suppress(psutil.NoSuchProcess):
                leftover.kill()


@contextlib.contextmanager
def start_hub(timeout_s: float = 60.0) -> Iterator[Hub]:
    """Run the workshop hub on 127.0.0.1 (free ports, temp state); stop it and all it started on exit."""
    problem = proxy_missing()
    if problem:
        raise HubError(problem)
    state = Path(tempfile.mkdtemp(prefix="bot-hub-"))
    port, token = free_port(), secrets.token_hex(24)
    env = dict(os.environ, BOT_HUB_PASSWORD=secrets.token_hex(8), BOT_HUB_ADMIN_TOKEN=token,
               BOT_HUB_PORT=str(port), BOT_HUB_STATE=str(state), BOT_HUB_SPAWNER="simple",
               JUPYTER_PLATFORM_DIRS="0", JUPYTER_CONFIG_DIR=str(state / "jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(state / "jupyter-runtime"))
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    log_path = state / "hub.log"
    process = None
    try:
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG), f"--JupyterHub.hub_port={free_port()}",
                 f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{free_port()}"],
                cwd=state, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        hub = Hub(f"http://127.0.0.1:{port}", token, process, state, log_path)
        _wait_for_hub(hub, timeout_s)
        yield hub
    finally:
        if process is not None:
            _stop_tree(process)
        shutil.rmtree(state, ignore_errors=True)


def _wait_for_hub(hub: Hub, timeout_s: float) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout_s
    request = urllib.request.Request(f"{hub.url}/hub/api/", headers={"Authorization": f"token {hub.token}"})
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise HubError(f"JupyterHub exited with code {hub.process.returncode}.\n{hub.log()[-3000:]}")
        with contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            with urllib.request.urlopen(request, timeout=2) as answer:
                if answer.status == 200:
                    return
        time.sleep(0.3)
    raise HubError(f"JupyterHub did not answer within {timeout_s:.0f} s.\n{hub.log()[-3000:]}")


# ------------------------------------------------------------------ one learner

@dataclass
class Learner:
    name: str
    ready_s: float = float("nan")
    lesson_s: float = float("nan")
    round_trips_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    pid: int | None = None
    server_mb: float = float("nan")  # after the lesson and the slider changes, kernel still open
    kernel_mb: float = float("nan")


class KernelSocket:
    """One kernel's websocket (Jupyter's JSON message protocol), as JupyterLab uses it."""

    def __init__(self, connection):
        self.connection = connection
        self.session = uuid.uuid4().hex
        self.widgets: dict[str, dict] = {}  # comm id -> widget state (from comm_open and updates)

    async def send(self, channel: str, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "session": self.session, "username": "learner",
                  "version": "5.3", "date": ""}
        await self.connection.write_message(json.dumps(
            {"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": channel,
             "buffers": []}))
        return msg_id

    async def until_idle(self, msg_id: str, timeout_s: float) -> list[dict]:
        """Messages for ``msg_id`` until the kernel is idle after it; raises on an error or timeout."""
        replies = []
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise HubError(f"no answer from the kernel within {timeout_s:.0f} s")
            raw = await asyncio.wait_for(self.connection.read_message(), left)
            if raw is None:
                raise HubError("the kernel's websocket closed (kernel died?)")
            message = json.loads(raw)
            self._track_widgets(message)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            replies.append(message)
            kind = message["header"]["msg_type"]
            if kind == "error":
                raise HubError(f"{message['content']['ename']}: {message['content']['evalue']}")
            if kind == "status" and message["content"]["execution_state"] == "idle":
                return replies

    def _track_widgets(self, message: dict) -> None:
        kind, content = message["header"]["msg_type"], message.get("content", {})
        if kind == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.widgets[content["comm_id"]] = dict(content["data"].get("state", {}))
        elif kind == "comm_msg" and content.get("comm_id") in self.widgets:
            self.widgets[content["comm_id"]].update(content["data"].get("state", {}))

    async def execute(self, code: str, timeout_s: float) -> None:
        msg_id = await self.send("shell", "execute_request", {"code": code, "silent": False, "store_history": True,
                                                             "user_expressions": {}, "allow_stdin": False,
                                                             "stop_on_error": True})
        await self.until_idle(msg_id, timeout_s)

    def slider(self, starts_with: str) -> tuple[str, dict]:
        for comm_id, state in self.widgets.items():
            if state.get("_model_name", "").endswith("SliderModel") and str(state.get("description", "")).startswith(starts_with):
                return comm_id, state
        raise HubError(f"no slider whose description starts with {starts_with!r}")

    async def move(self, comm_id: str, value: int, timeout_s: float) -> float:
        """Set a widget's value as the browser does; milliseconds until the kernel has redrawn and is idle."""
        started = time.perf_counter()
        msg_id = await self.send("shell", "comm_msg", {"comm_id": comm_id, "data": {
            "method": "update", "state": {"value": value}, "buffer_paths": []}})
        await self.until_idle(msg_id, timeout_s)
        return (time.perf_counter() - started) * 1000


class HubClient:
    def __init__(self, hub: Hub):
        self.hub = hub
        self.http = AsyncHTTPClient(max_clients=64)

    async def call(self, method: str, path: str, body: dict | None = None, timeout_s: float = 60) -> dict | None:
        request = HTTPRequest(f"{self.hub.url}{path}", method=method, headers={"Authorization": f"token {self.hub.token}"},
                              body=None if body is None and method == "GET" else json.dumps(body or {}),
                              request_timeout=timeout_s, allow_nonstandard_methods=True)
        answer = await self.http.fetch(request, raise_error=False)
        if answer.code >= 400:
            raise HubError(f"{method} {path}: HTTP {answer.code} {answer.body[:200]!r}")
        return json.loads(answer.body) if answer.body else None


async def start_server(client: HubClient, learner: Learner, timeout_s: float) -> None:
    started = time.perf_counter()
    await client.call("POST", f"/hub/api/users/{learner.name}")
    await client.call("POST", f"/hub/api/users/{learner.name}/server")
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        model = await client.call("GET", f"/hub/api/users/{learner.name}")
        server = model.get("servers", {}).get("", {})
        if server.get("ready"):
            learner.ready_s = time.perf_counter() - started
            learner.pid = server.get("state", {}).get("pid")
            return
        await asyncio.sleep(0.5)
    raise HubError(f"{learner.name}'s server was not ready within {timeout_s:.0f} s")


def lesson_cells(path: Path = LESSON) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]


async def work_through_lesson(client: HubClient, learner: Learner, changes: int, deadline: float) -> None:
    """Open a kernel on the learner's server, run lesson 06, then move the slider ``changes`` times."""
    base = f"/user/{learner.name}"
    kernel = await client.call("POST", f"{base}/api/kernels", {"name": "python3"})
    url = f"{client.hub.url.replace('http', 'ws', 1)}{base}/api/kernels/{kernel['id']}/channels"
    connection = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {client.hub.token}"}))
    try:
        socket_ = KernelSocket(connection)
        started = time.perf_counter()
        await socket_.execute(f"import os; os.chdir({str(LESSON.parent)!r})", 60)
        for code in lesson_cells():
            await socket_.execute(code, 120)
        learner.lesson_s = time.perf_counter() - started
        comm_id, state = socket_.slider(SLIDER)
        low, high = int(state["min"]), int(state["max"])
        for change in range(changes):
            if time.monotonic() > deadline:
                learner.failures.append("stopped at the run's deadline")
                return
            await asyncio.sleep(random.uniform(*PAUSE_S))
            value = low + (int(state["value"]) - low + 1 + change) % (high - low + 1)
            learner.round_trips_ms.append(await socket_.move(comm_id, value, 30))
        learner.server_mb, learner.kernel_mb = memory_mb(learner.pid)
    finally:
        connection.close()
        with contextlib.suppress(HubError):
            await client.call("DELETE", f"{base}/api/kernels/{kernel['id']}")


def memory_mb(pid: int | None) -> tuple[float, float]:
    """RSS of a learner's server process and of its kernels (children), in MB."""
    if pid is None:
        return float("nan"), float("nan")
    try:
        server = psutil.Process(pid)
        kernels = server.children(recursive=True)
        return server.memory_info().rss / 2**20, sum(k.memory_info().rss for k in kernels) / 2**20
    except psutil.NoSuchProcess:
        return float("nan"), float("nan")


@dataclass
class Report:
    learners: int
    ready_all_s: float
    round_trips_ms: list[float]
    server_mb: list[float]
    kernel_mb: list[float]
    failures: list[str]
    lesson_s: list[float]

    @property
    def peak_mb(self) -> float:
        """The largest server + kernel memory of one learner."""
        return max((s + k for s, k in zip(self.server_mb, self.kernel_mb)), default=float("nan"))

    @property
    def median_ms(self) -> float:
        return statistics.median(self.round_trips_ms) if self.round_trips_ms else float("nan")

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.round_trips_ms)
        return ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan")

    def line(self) -> str:
        mean = lambda values: statistics.fmean(values) if values else float("nan")  # noqa: E731
        return (f"N={self.learners:>2}: all servers ready in {self.ready_all_s:5.1f} s; lesson 06 runs in "
                f"{mean(self.lesson_s):4.1f} s (mean); slider round trip median {self.median_ms:5.0f} ms, "
                f"p95 {self.p95_ms:5.0f} ms over {len(self.round_trips_ms)} changes; per learner: server "
                f"{mean(self.server_mb):4.0f} MB + kernel {mean(self.kernel_mb):4.0f} MB, peak per learner: "
                f"{self.peak_mb:.0f} MB; failures: {len(self.failures)}")


async def _run(hub: Hub, learners: int, changes: int, time_limit_s: float) -> Report:
    client = HubClient(hub)
    deadline = time.monotonic() + time_limit_s
    people = [Learner(f"learner{number:02d}") for number in range(1, learners + 1)]
    started = time.perf_counter()
    results = await asyncio.gather(*(start_server(client, person, 180) for person in people), return_exceptions=True)
    ready_all = time.perf_counter() - started
    for person, result in zip(people, results):
        if isinstance(result, Exception):
            person.failures.append(f"server: {result}")
    working = [person for person in people if not person.failures]
    results = await asyncio.gather(*(work_through_lesson(client, person, changes, deadline) for person in working),
                                   return_exceptions=True)
    for person, result in zip(working, results):
        if isinstance(result, Exception):
            person.failures.append(f"lesson: {type(result).__name__}: {result}")
    # a teacher's end of class: stop every server through the Hub
    await asyncio.gather(*(client.call("DELETE", f"/hub/api/users/{p.name}/server") for p in people),
                         return_exceptions=True)
    return Report(
        learners=learners, ready_all_s=ready_all,
        round_trips_ms=[ms for person in people for ms in person.round_trips_ms],
        server_mb=[p.server_mb for p in people if p.server_mb == p.server_mb],
        kernel_mb=[p.kernel_mb for p in people if p.kernel_mb == p.kernel_mb],
        failures=[f"{person.name}: {failure}" for person in people for failure in person.failures],
        lesson_s=[person.lesson_s for person in people if person.lesson_s == person.lesson_s],
    )


def load_test(learners: int, changes: int = CHANGES, time_limit_s: float = 600.0) -> Report:
    """Start a hub, run ``learners`` learners through lesson 06, stop everything; the report."""
    with start_hub() as hub:
        return asyncio.run(asyncio.wait_for(_run(hub, learners, changes, time_limit_s), time_limit_s + 120))


def rows(sizes: tuple[int, ...] = (10, 20, 30)) -> list[tuple]:
    """Benchmark rows for ``benchmarks/run.py --hub``: per N, the p95 round trip and memory per learner."""
    found, largest = [], 0
    for size in sizes:
        report = load_test(size)
        print(report.line(), flush=True)
        found.append((f"hub, {size} learners: slider round trip p95", report.p95_ms, "ms", P95_BUDGET_MS))
        found.append((f"hub, {size} learners: peak memory per learner", report.peak_mb, "MB", 600.0))
        found.append((f"hub, {size} learners: failures", len(report.failures), "", 0))
        if not report.failures and report.p95_ms <= P95_BUDGET_MS:
            largest = size
    found.append((f"hub: largest N tried with p95 <= {P95_BUDGET_MS:.0f} ms", largest, "", None))
    return found


def main(arguments: list[str]) -> int:
    sizes = [int(argument) for argument in arguments] or [10, 20, 30]
    print(f"Load test: JupyterHub on 127.0.0.1, {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GB; lesson 06, {CHANGES} slider changes per learner")
    largest = 0
    for size in sizes:
        report = load_test(size)
        print(report.line(), flush=True)
        for failure in report.failures[:5]:
            print(f"   failure: {failure}")
        if not report.failures and report.p95_ms <= P95_BUDGET_MS:
            largest = max(largest, size)
    print(f"Largest N with no failures and p95 <= {P95_BUDGET_MS:.0f} ms: {largest or 'none of those tried'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
