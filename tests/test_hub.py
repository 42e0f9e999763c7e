"""The workshop hub (deploy/): its configuration, the nbgitpuller link, and a real hub with 5 learners.

The hub tests start JupyterHub and configurable-http-proxy (npm) on 127.0.0.1, create
learners through the Hub's REST API and stop everything they started, also on failure.
Without the proxy (no npm) they are skipped, or fail when ``CI`` is set.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import psutil
import pytest
from traitlets.config import Config

from helpers.paths import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
import hub_load  # noqa: E402

COURSE = importlib.util.spec_from_file_location("course", REPO_ROOT / "course.py")
course = importlib.util.module_from_spec(COURSE)
COURSE.loader.exec_module(course)


def load_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **settings: str) -> Config:
    """deploy/jupyterhub_config.py as JupyterHub loads it, with BOT_HUB_* settings."""
    for name, value in {"PASSWORD": "a shared password", "STATE": str(tmp_path), **settings}.items():
        monkeypatch.setenv(f"BOT_HUB_{name}", value)
    config = Config()
    source = hub_load.CONFIG.read_text()
    exec(compile(source, str(hub_load.CONFIG), "exec"), {"get_config": lambda: config, "__file__": str(hub_load.CONFIG)})
    return config


def test_config_for_one_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = load_config(monkeypatch, tmp_path, SPAWNER="systemd", IDLE_MINUTES="30")
    assert config.JupyterHub.bind_url == "http://127.0.0.1:8000"
    assert config.JupyterHub.authenticator_class == "shared-password"
    assert config.SharedPasswordAuthenticator.user_password == "a shared password"
    assert config.JupyterHub.spawner_class == "systemd" and config.SystemdSpawner.dynamic_users is True
    assert config.Spawner.mem_limit == "600M"
    assert config.Spawner.default_url == "/lab/tree/back-on-track/notebooks/00-start-here.ipynb"
    (culler,) = config.JupyterHub.services
    assert culler["name"] == "idle-culler" and "--timeout=1800" in culler["command"]
    assert config.JupyterHub.db_url == f"sqlite:///{tmp_path / 'jupyterhub.sqlite'}"
    assert "workshop-admin" not in json.dumps(config.JupyterHub.load_roles)  # no admin token, no such service


def test_config_on_a_laptop_keeps_learners_apart(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = load_config(monkeypatch, tmp_path, SPAWNER="simple", ADMIN_TOKEN="t" * 32)
    assert config.JupyterHub.spawner_class == "simple"
    assert config.SimpleLocalProcessSpawner.home_dir_template == str(tmp_path / "homes" / "{username}")
    roles = {role["name"]: role for role in config.JupyterHub.load_roles}
    assert set(roles["workshop-admin"]["scopes"]) >= {"admin:users", "admin:servers", "access:servers"}


def run_in_own_loop(coroutine):
    """asyncio.run in a fresh thread: the browser tests' Playwright may already run a loop in this one."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_the_memory_limit_covers_the_measured_learner() -> None:
    """deploy/README.md's sizing table is the benchmark's: the limit is above its peak per learner."""
    readme = (REPO_ROOT / "deploy" / "README.md").read_text()
    measured = [float(value) for value in __import__("re").findall(r"peak per learner: (\d+) MB", readme)]
    assert measured, "deploy/README.md must state the measured peak per learner"
    assert max(measured) < 600


def test_hub_link_opens_the_start_page_of_a_fresh_clone() -> None:
    link = course.hub_link_url("https://hub.example.org/", "https://github.com/back-on-track/back-on-track")
    parts = urllib.parse.urlparse(link)
    query = urllib.parse.parse_qs(parts.query)
    assert parts.path == "/hub/user-redirect/git-pull"
    assert query == {"repo": ["https://github.com/back-on-track/back-on-track"], "branch": ["main"],
                     "targetpath": ["back-on-track"], "urlpath": ["lab/tree/back-on-track/notebooks/00-start-here.ipynb"]}


def test_hub_link_command_prints_the_link() -> None:
    printed = subprocess.run([sys.executable, str(REPO_ROOT / "course.py"), "hub-link", "http://127.0.0.1:8000"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert printed == course.hub_link_url("http://127.0.0.1:8000")


@pytest.fixture(scope="module")
def hub():
    problem = hub_load.proxy_missing()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {problem}", pytrace=False)
        pytest.skip(problem)
    with hub_load.start_hub() as running:
        yield running
        started = psutil.Process(running.process.pid).children(recursive=True)
    assert started, "the hub should have started the proxy and the culler at least"
    alive = [p for p in started if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not alive, f"left running after the hub stopped: {[p.cmdline() for p in alive]}"


def test_five_learners_work_through_lesson_06(hub) -> None:
    report = run_in_own_loop(hub_load._run(hub, learners=5, changes=3, time_limit_s=150))
    assert report.failures == []
    assert len(report.round_trips_ms) == 15 and len(report.kernel_mb) == 5
    assert all(0 < ms < 30_000 for ms in report.round_trips_ms)
    print("\n" + report.line())


def test_nbgitpuller_link_gives_a_learner_the_course(hub, tmp_path: Path) -> None:
    """The link's sync API clones the course into the learner's home, where the start page opens."""
    branch = subprocess.run(["git", "rev-parse", "--abbrev-ref", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    link = urllib.parse.urlparse(course.hub_link_url(hub.url, f"file://{REPO_ROOT}", branch))
    query = dict(urllib.parse.parse_qsl(link.query))

    async def pull() -> str:
        client = hub_load.HubClient(hub)
        learner = hub_load.Learner("puller")
        await hub_load.start_server(client, learner, 120)
        sync = {key: query[key] for key in ("repo", "branch", "targetpath")}
        from tornado.httpclient import HTTPRequest

        request = HTTPRequest(f"{hub.url}/user/puller/git-pull/api?{urllib.parse.urlencode(sync)}",
                              headers={"Authorization": f"token {hub.token}"}, request_timeout=120)
        answer = await client.http.fetch(request)
        await client.call("DELETE", "/hub/api/users/puller/server")
        return answer.body.decode()

    events = run_in_own_loop(pull())
    assert '"phase": "finished"' in events, events[-2000:]
    start_page = hub.state / "homes" / "puller" / query["targetpath"] / course.START_PAGE
    assert start_page.is_file()


def test_kubernetes_values_match_the_one_machine_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import yaml

    values = yaml.safe_load((REPO_ROOT / "deploy" / "z2jh" / "values.yaml").read_text())
    config = load_config(monkeypatch, tmp_path)
    assert values["singleuser"]["memory"]["limit"] == config.Spawner.mem_limit
    assert values["singleuser"]["defaultUrl"] == config.Spawner.default_url
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == config.JupyterHub.authenticator_class
    (culler,) = config.JupyterHub.services
    assert f"--timeout={values['cull']['timeout']}" in culler["command"]


def test_learner_image_is_built_from_the_pins() -> None:
    recipe = (REPO_ROOT / "deploy" / "z2jh" / "Dockerfile").read_text()
    assert "FROM python:3.11-" in recipe
    assert "pip install --no-cache-dir --disable-pip-version-check -r /opt/back-on-track/deploy/requirements-hub.txt" in recipe
    assert "COPY requirements.txt" in recipe and "-e /opt/back-on-track" in recipe
