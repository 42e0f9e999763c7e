"""Load test: a real JupyterHub on 127.0.0.1 with N learners working through lesson 06.

    .venv/bin/python benchmarks/hub_load.py              N = 10, 20, 30 (the benchmark; 10-20 minutes)
    .venv/bin/python benchmarks/hub_load.py 5 10         the sizes you name, one hub each
    .venv/bin/python benchmarks/hub_load.py --changes 3 5

For each N a fresh hub runs ``deploy/jupyterhub_config.py`` as a teacher would (shared
password, idle culler, configurable-http-proxy from ``deploy/node_modules``, its
concurrent-spawn limit and timeouts), with the simple spawner and every file in a
temporary folder. N learners log in at once and work through lesson 06
(:mod:`helpers.hub_class`: Run All, then the ramp simulator's slider every 1-3 s).

Printed per N: the load average before and after (the machine may be shared), servers
started and the time until all were ready, how often the hub said "too many starting"
(429), lesson 06's Run All time, the slider's round trip median and p95, the peak memory
per learner (server + kernel RSS, sampled every 0.5 s during the run), the peak of the
hub + proxy + culler, and failures (servers not started, kernel deaths, timeouts). Last:
the largest N with no failures and p95 <= 250 ms, and the RAM the sizing rule gives.

Bounded and self-stopping: at most ``--changes`` slider changes per learner (10), a
deadline per N (15 minutes), and everything started (hub, proxy, culler, learners'
servers and kernels) is stopped after each N, also on failure, Ctrl+C or SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys

import psutil

from helpers.hub_class import P95_BUDGET_MS, Report, run_class
from helpers.hub_harness import HubError, proxy_missing, start_hub

CHANGES = 10  # slider changes per learner
DEADLINE_S = 900.0  # per N: after this, unfinished learners count as failures and everything stops


def load_test(learners: int, changes: int = CHANGES, deadline_s: float = DEADLINE_S) -> Report:
    """Start a hub, run ``learners`` learners through lesson 06, stop everything; the report."""
    with start_hub() as hub:
        return asyncio.run(run_class(hub, learners, changes, deadline_s))


def rows(sizes: tuple[int, ...] = (10, 20, 30)) -> list[tuple]:
    """Benchmark rows for ``benchmarks/run.py --hub``: per N, the p95 round trip, memory and failures."""
    found, largest = [], 0
    for size in sizes:
        report = load_test(size)
        print(report.line(), flush=True)
        found.append((f"hub, {size} learners: slider round trip p95", report.p95_ms, "ms", P95_BUDGET_MS))
        found.append((f"hub, {size} learners: peak memory per learner", report.peak_mb, "MB", 600.0))
        found.append((f"hub, {size} learners: hub + proxy peak memory", report.overhead_peak_mb, "MB", None))
        found.append((f"hub, {size} learners: failures", len(report.failures), "", 0))
        if report.held:
            largest = size
    found.append((f"hub: largest N tried with p95 <= {P95_BUDGET_MS:.0f} ms", largest, "", None))
    return found


def _stop_on_sigterm() -> None:
    """SIGTERM (a CI runner's timeout, `kill`) unwinds like Ctrl+C, so the hub and its servers are stopped."""
    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, handler)


def main(arguments: list[str]) -> int:
    options = argparse.ArgumentParser(prog="hub_load.py", description="Load-test the workshop hub with N learners.")
    options.add_argument("sizes", nargs="*", type=int, default=[10, 20, 30], help="class sizes (default 10 20 30)")
    options.add_argument("--changes", type=int, default=CHANGES, help=f"slider changes per learner ({CHANGES})")
    arguments_ = options.parse_args(arguments)
    if any(size < 1 for size in arguments_.sizes):
        options.error("class sizes must be 1 or more")
    problem = proxy_missing()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    _stop_on_sigterm()
    print(f"Load test: JupyterHub on 127.0.0.1, {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2**30:.0f} GB; lesson 06, {arguments_.changes} slider changes per learner",
          flush=True)
    largest, reports = 0, []
    try:
        for size in arguments_.sizes:
            report = load_test(size, arguments_.changes)
            reports.append(report)
            print(report.line(), flush=True)
            for failure in report.failures[:5]:
                print(f"   failure: {failure}", flush=True)
            if report.held:
                largest = max(largest, size)
    except KeyboardInterrupt:
        print("Stopped: the hub and everything it started have been stopped.", file=sys.stderr)
        return 130
    except HubError as error:
        print(f"The hub failed: {error}", file=sys.stderr)
        return 1
    print(f"Largest N with every server started, no failures and p95 <= {P95_BUDGET_MS:.0f} ms: "
          f"{largest or 'none of those tried'}")
    measured = [report for report in reports if report.peaks_mb]
    if measured:
        peak = max(report.peak_mb for report in measured)
        overhead = max(report.overhead_peak_mb for report in measured)
        print(f"Sizing: RAM = learners x {peak:.0f} MB (peak per learner) + {overhead:.0f} MB (hub + proxy); "
              + ", ".join(f"{n} learners: {(n * peak + overhead) / 1024:.1f} GB" for n in (10, 20, 30)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
