"""A class of learners working through lesson 06 on the workshop hub, as the load test drives it.

Each learner: the Hub's REST API creates them and starts their server (waiting and trying
again when the hub says too many are starting, as a learner reloading the page would); a
kernel opens on their server through the proxy, as a browser's does; every cell of lesson
06 runs; then the ramp simulator's "Weekly increase" slider moves the way JupyterLab moves
it, a widget ``comm_msg`` "update" on the kernel's websocket, one change every 1-3 s. A
change is done when the kernel is idle again, so the round trip includes the redraw.

Bounded: at most ``changes`` changes per learner, and a deadline for the whole class after
which unfinished learners are stopped and counted as failures. Used by
``benchmarks/hub_load.py`` and ``tests/test_hub.py``; the hub comes from
:func:`helpers.hub_harness.start_hub`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import statistics
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

from helpers.hub_harness import Hub, HubClient, HubError, MemorySampler, Throttled
from helpers.paths import notebooks_dir

LESSON = notebooks_dir() / "06-training-load.ipynb"
SLIDER = "Weekly increase"  # the ramp simulator's slider a learner moves (its description starts so)
PAUSE_S = (1.0, 3.0)  # a learner's pause between changes
CELL_TIMEOUT_S = 120.0
CHANGE_TIMEOUT_S = 30.0
P95_BUDGET_MS = 250.0  # the bound on the slider's round trip


@dataclass
class Learner:
    """One learner's measurements; ``failures`` says what went wrong for them, if anything."""

    name: str
    ready_s: float = float("nan")  # from the start of the class (throttled waits included)
    lesson_s: float = float("nan")
    throttled: int = 0  # 429 answers before the server started
    round_trips_ms: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    pid: int | None = None


class KernelSocket:
    """One kernel's websocket (Jupyter's JSON message protocol), as JupyterLab uses it."""

    def __init__(self, connection):
        self.connection = connection
        self.session = uuid.uuid4().hex
        self.widgets: dict[str, dict] = {}  # comm id -> widget state (from comm_open and updates)

    async def send(self, channel: str, msg_type: str, content: dict) -> str:
        """Send one message; its id."""
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
                raise HubError(f"timeout: no answer from the kernel within {timeout_s:.0f} s")
            try:
                raw = await asyncio.wait_for(self.connection.read_message(), left)
            except asyncio.TimeoutError:
                raise HubError(f"timeout: no answer from the kernel within {timeout_s:.0f} s") from None
            if raw is None:
                raise HubError("kernel died: its websocket closed")
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
        """Run ``code`` and wait until the kernel is idle again."""
        msg_id = await self.send("shell", "execute_request", {"code": code, "silent": False, "store_history": True,
                                                             "user_expressions": {}, "allow_stdin": False,
                                                             "stop_on_error": True})
        await self.until_idle(msg_id, timeout_s)

    def slider(self, starts_with: str) -> tuple[str, dict]:
        """The comm id and state of the slider whose description starts with ``starts_with``."""
        for comm_id, state in self.widgets.items():
            if (state.get("_model_name", "").endswith("SliderModel")
                    and str(state.get("description", "")).startswith(starts_with)):
                return comm_id, state
        raise HubError(f"no slider whose description starts with {starts_with!r}")

    async def move(self, comm_id: str, value: int, timeout_s: float) -> float:
        """Set a widget's value as the browser does; milliseconds until the kernel has redrawn and is idle."""
        started = time.perf_counter()
        msg_id = await self.send("shell", "comm_msg", {"comm_id": comm_id, "data": {
            "method": "update", "state": {"value": value}, "buffer_paths": []}})
        await self.until_idle(msg_id, timeout_s)
        return (time.perf_counter() - started) * 1000


async def start_server(client: HubClient, learner: Learner, timeout_s: float, class_started: float) -> None:
    """Create the learner, start their server (again after a 429's Retry-After) and wait until it is ready."""
    deadline = time.monotonic() + timeout_s
    await client.call("POST", f"/hub/api/users/{learner.name}", allow=(409,))  # 409: they logged in before
    while True:
        try:
            await client.call("POST", f"/hub/api/users/{learner.name}/server")
            break
        except Throttled as throttled:
            learner.throttled += 1
            if time.monotonic() + throttled.retry_after_s > deadline:
                raise HubError(f"server not started within {timeout_s:.0f} s: the hub kept answering 429") from None
            await asyncio.sleep(throttled.retry_after_s)
    while time.monotonic() < deadline:
        model = await client.call("GET", f"/hub/api/users/{learner.name}")
        server = model.get("servers", {}).get("", {})
        if server.get("ready"):
            learner.ready_s = time.perf_counter() - class_started
            learner.pid = server.get("state", {}).get("pid")
            return
        if not server:
            raise HubError("the server's start failed (the hub's log says why)")
        await asyncio.sleep(0.5)
    raise HubError(f"server not ready within {timeout_s:.0f} s")


def lesson_cells(path: Path = LESSON) -> list[str]:
    """The code cells of a lesson, as text."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]


async def work_through_lesson(client: HubClient, learner: Learner, changes: int) -> None:
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
            await socket_.execute(code, CELL_TIMEOUT_S)
        learner.lesson_s = time.perf_counter() - started
        comm_id, state = socket_.slider(SLIDER)
        low, high = int(state["min"]), int(state["max"])
        for change in range(changes):
            await asyncio.sleep(random.uniform(*PAUSE_S))
            value = low + (int(state["value"]) - low + 1 + change) % (high - low + 1)
            learner.round_trips_ms.append(await socket_.move(comm_id, value, CHANGE_TIMEOUT_S))
    finally:
        connection.close()
        with contextlib.suppress(HubError):
            await client.call("DELETE", f"{base}/api/kernels/{kernel['id']}", timeout_s=10)


@dataclass
class Report:
    """What one class measured; :meth:`line` prints it."""

    learners: int
    servers_ready: int
    ready_all_s: float  # until the last server was ready (nan if some never were)
    ready_first_s: float  # until the first was: about one server's start on this machine now
    round_trips_ms: list[float]
    peaks_mb: list[float]  # per learner: the largest server + kernel RSS sampled during the class
    overhead_peak_mb: float  # hub + proxy + culler at their largest
    failures: list[str]
    lesson_s: list[float]
    throttled: int = 0
    seconds: float = float("nan")
    load: tuple[float, float] = (float("nan"), float("nan"))  # 1-minute load average: at the start, mean during

    @property
    def peak_mb(self) -> float:
        """The largest server + kernel memory of one learner during the class."""
        return max(self.peaks_mb, default=float("nan"))

    @property
    def median_ms(self) -> float:
        return statistics.median(self.round_trips_ms) if self.round_trips_ms else float("nan")

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.round_trips_ms)
        return ordered[round(0.95 * (len(ordered) - 1))] if ordered else float("nan")

    @property
    def held(self) -> bool:
        """Every learner started and finished, and the slider's p95 is within ``P95_BUDGET_MS``."""
        return not self.failures and self.servers_ready == self.learners and self.p95_ms <= P95_BUDGET_MS

    def ram_mb(self, learners: int) -> float:
        """The sizing arithmetic: learners × measured peak per learner + measured hub and proxy."""
        return learners * self.peak_mb + self.overhead_peak_mb

    def line(self) -> str:
        mean = statistics.fmean(self.lesson_s) if self.lesson_s else float("nan")
        return (f"N={self.learners:>2} (load {self.load[0]:.1f} at start, {self.load[1]:.1f} mean): servers ready "
                f"{self.servers_ready}/{self.learners}, first in {self.ready_first_s:.1f} s, all in "
                f"{self.ready_all_s:.1f} s ({self.throttled} x 429); "
                f"lesson 06 {mean:4.1f} s (mean); slider median {self.median_ms:4.0f} ms, p95 {self.p95_ms:4.0f} ms "
                f"({len(self.round_trips_ms)} changes); peak per learner {self.peak_mb:.0f} MB, hub+proxy "
                f"{self.overhead_peak_mb:.0f} MB; failures {len(self.failures)}; {self.seconds:.0f} s in all")



async def run_class(hub: Hub, learners: int, changes: int = 10, deadline_s: float = 600.0,
                    start_timeout_s: float = 240.0) -> Report:
    """``learners`` learners through lesson 06 at once; unfinished ones are stopped at ``deadline_s``."""
    client = HubClient(hub)
    people = [Learner(f"learner{number:02d}") for number in range(1, learners + 1)]
    started, load_before = time.perf_counter(), os.getloadavg()[0]

    async def one(person: Learner, sampler: MemorySampler) -> None:
        try:
            await start_server(client, person, start_timeout_s, started)
        except HubError as error:
            person.failures.append(f"server: {error}")
            return
        if person.pid is not None:
            sampler.watch(person.name, person.pid)
        try:
            await work_through_lesson(client, person, changes)
        except (HubError, OSError) as error:
            person.failures.append(f"lesson: {error}")

    with MemorySampler(hub) as sampler:
        tasks = [asyncio.ensure_future(one(person, sampler)) for person in people]
        _, late = await asyncio.wait(tasks, timeout=deadline_s)
        for task in late:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for person, task in zip(people, tasks):
            if task in late:
                person.failures.append(f"timeout: not finished at the class's deadline ({deadline_s:.0f} s)")
            elif task.exception() is not None:
                person.failures.append(f"error: {type(task.exception()).__name__}: {task.exception()}")
    # the teacher's end of class: stop every server through the Hub
    await asyncio.gather(*(client.call("DELETE", f"/hub/api/users/{p.name}/server", timeout_s=20) for p in people),
                         return_exceptions=True)
    ready = [person.ready_s for person in people if person.ready_s == person.ready_s]
    return Report(
        learners=learners, servers_ready=len(ready),
        ready_all_s=max(ready) if len(ready) == learners else float("nan"),
        ready_first_s=min(ready, default=float("nan")),
        round_trips_ms=[ms for person in people for ms in person.round_trips_ms],
        peaks_mb=[peak.total_mb for peak in sampler.peaks.values() if peak.total_mb > 0],
        overhead_peak_mb=sampler.overhead_peak_mb,
        failures=[f"{person.name}: {failure}" for person in people for failure in person.failures],
        lesson_s=[person.lesson_s for person in people if person.lesson_s == person.lesson_s],
        throttled=sum(person.throttled for person in people),
        seconds=time.perf_counter() - started, load=(load_before, statistics.fmean(sampler.loads or [os.getloadavg()[0]])),
    )
