"""Real-browser harness: JupyterLab in a subprocess, driven by headless Chromium via Playwright.

Plain module (no pytest needed), so a benchmark script can use it too::

    sys.path.insert(0, "tests/browser"); import harness
    # or: from tests.browser import harness

    with harness.start_lab(REPO_ROOT) as server, sync_playwright() as p:
        browser = harness.launch_chromium(p)
        page = browser.new_page()
        harness.open_notebook(page, server, "notebooks/00-start-here.ipynb")
        seconds = harness.run_all(page)

What is here: ``start_lab`` (a context manager giving a ``LabServer`` with ``.url(path)``,
``.api(path)``, ``.shutdown_sessions()``, ``.log()``), ``chromium_path``,
``launch_chromium``, ``open_notebook``, ``run_all``, ``time_to_first_widget``,
``error_outputs``, ``log_console_messages`` (errors raised in widget callbacks, which
never show in the notebook), ``start_change_timer``/``change_timer_ms`` (interaction →
figure-updated latency, measured in the page), ``wait_until_settled`` and
``save_screenshot`` (into ``test-artifacts/browser/``).

Pitfalls handled here (measured, see ``shared/stack-notes.md``, "Real-browser tests"):

* JupyterLab exits as root without ``--allow-root``.
* Config, data, runtime, user-settings and workspace folders live in a temp folder, so
  the server never writes into the home folder nor restores old tabs (``?reset``).
  The labextensions (widgets, plotly) are still found in ``sys.prefix/share/jupyter``,
  which Jupyter searches after ``JUPYTER_DATA_DIR``.
* The "Jupyter news" toast is disabled in ``labconfig/page_config.json``.
* Autosave is switched off in the temp user settings, and checkpoints (made when a
  notebook is opened) go to the temp folder: running a lesson in the browser must never
  write into the checkout.
* The notebook toolbar says idle before the kernel is connected, and a "Run All" sent
  then can be dropped silently: wait for the status bar's "| Idle", and check that the
  cells really were queued.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 60.0
#: The notebook's kernel status in the status bar, e.g. "Python 3 (ipykernel) | Idle".
STATUS_BAR_KERNEL = ".jp-StatusBar-Widget .jp-StatusBar-TextItem"
#: Output areas that hold an error: a traceback, or text the kernel wrote to stderr.
ERROR_OUTPUTS = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"], '
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
)
#: Widget views that failed to render (ipywidgets writes this text instead of the widget).
WIDGET_ERROR_TEXT = "Error displaying widget"


class LabStartError(RuntimeError):
    """JupyterLab did not come up; the message includes the server log."""


class LabServer:
    """A running JupyterLab: its port, token, process and log."""

    def __init__(self, root: Path, port: int, token: str, process: subprocess.Popen, log_path: Path, home: Path):
        self.root = root
        self.port = port
        self.token = token
        self.process = process
        self.log_path = log_path
        self.home = home  # the temp folder with config, data, runtime, settings and workspaces

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """The JupyterLab URL that opens ``path`` (relative to the root) in a fresh workspace."""
        quoted = urllib.parse.quote(path.replace(os.sep, "/"))
        return f"{self.base_url}/lab/tree/{quoted}?reset&token={self.token}"

    def api(self, path: str) -> dict | list:
        """GET a REST endpoint (e.g. ``/api/kernels``) and return its JSON."""
        request = urllib.request.Request(
            f"{self.base_url}{path}", headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)

    def shutdown_sessions(self) -> int:
        """Shut down every notebook session and its kernel (a fresh kernel for the next test)."""
        sessions = self.api("/api/sessions")
        for session in sessions:
            request = urllib.request.Request(
                f"{self.base_url}/api/sessions/{session['id']}",
                method="DELETE",
                headers={"Authorization": f"token {self.token}"},
            )
            with urllib.request.urlopen(request, timeout=30):
                pass
        return len(sessions)

    def log(self) -> str:
        """The server's output so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_home(home: Path) -> dict[str, str]:
    """Temp Jupyter folders and settings; returns the environment for the server."""
    config, data, runtime = home / "config", home / "data", home / "runtime"
    for folder in (config, data, runtime, home / "workspaces", home / "ipython"):
        folder.mkdir(parents=True, exist_ok=True)
    (config / "labconfig").mkdir()
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    settings = config / "lab" / "user-settings" / "@jupyterlab"
    docmanager = settings / "docmanager-extension"
    docmanager.mkdir(parents=True)
    (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTER_DATA_DIR=str(data),
        JUPYTER_RUNTIME_DIR=str(runtime),
        JUPYTERLAB_SETTINGS_DIR=str(config / "lab" / "user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        IPYTHONDIR=str(home / "ipython"),
        JUPYTER_PLATFORM_DIRS="0",
        PYTHONUNBUFFERED="1",
    )
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    # The kernel ("python" in its spec) is the same interpreter as the server.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def _stop(process: subprocess.Popen, grace_s: float = 10.0) -> None:
    """Terminate the server (it shuts its kernels down), then kill it if it hangs."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def _wait_until_up(process: subprocess.Popen, url: str, token: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise LabStartError(f"JupyterLab exited with code {process.returncode} during start-up.")
        try:
            with urllib.request.urlopen(request, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.2)
    raise LabStartError(f"JupyterLab did not answer {url} within {timeout_s:.0f} s.")


@contextlib.contextmanager
def start_lab(root: Path, timeout_s: float = START_TIMEOUT_S) -> Iterator[LabServer]:
    """Run JupyterLab on 127.0.0.1 (random port and token) serving ``root``; stop it on exit."""
    root = Path(root).resolve()
    if not root.is_dir():
        raise LabStartError(f"The folder to serve does not exist: {root}")
    home = Path(tempfile.mkdtemp(prefix="bot-lab-"))
    process = None
    try:
        env = prepare_home(home)
        for attempt in range(3):  # a free port can be taken between choosing and binding it
            log_path = home / f"server-{attempt}.log"
            port, token = free_port(), secrets.token_hex(24)
            command = [
                sys.executable, "-m", "jupyter", "lab",
                "--no-browser",
                "--allow-root",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                f"--LabApp.workspaces_dir={home / 'workspaces'}",
                f"--LabApp.user_settings_dir={home / 'config' / 'lab' / 'user-settings'}",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                # Opening a notebook makes a checkpoint; keep it out of the checkout.
                f"--FileCheckpoints.checkpoint_dir={home / 'checkpoints'}",
            ]
            with open(log_path, "wb") as log:
                process = subprocess.Popen(
                    command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
                )
            server = LabServer(root, port, token, process, log_path, home)
            try:
                _wait_until_up(process, f"{server.base_url}/api/status", token, timeout_s)
                break
            except LabStartError as error:
                _stop(process)
                log_text = server.log()
                if attempt < 2 and "already in use" in log_text:
                    continue
                raise LabStartError(f"{error}\nCommand: {' '.join(command)}\n--- server log ---\n{log_text}") from None
        yield server
    finally:
        if process is not None:
            _stop(process)
        shutil.rmtree(home, ignore_errors=True)


def chromium_path() -> Path | None:
    """Debian's Chromium, or None if it is not installed."""
    return CHROMIUM if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK) else None


def launch_chromium(playwright):
    """Headless Debian Chromium with background traffic switched off."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def kernel_status(page) -> str:
    """The status bar's kernel text, e.g. "Python 3 (ipykernel) | Idle" ("" if none)."""
    items = page.locator(STATUS_BAR_KERNEL).filter(has_text=re.compile(r".\|\s*\w+"))
    return items.first.inner_text() if items.count() else ""


def wait_for_kernel_idle(page, timeout_s: float = 60.0) -> None:
    """Wait until the status bar says the notebook's kernel is connected and idle."""
    page.locator(STATUS_BAR_KERNEL).filter(has_text=re.compile(r"\|\s*Idle\s*$")).first.wait_for(
        state="visible", timeout=timeout_s * 1000
    )


def open_notebook(page, server: LabServer, path: str, timeout_s: float = 60.0):
    """Open ``path`` in JupyterLab and wait until its kernel is idle. Returns the notebook panel."""
    page.goto(server.url(path), wait_until="domcontentloaded", timeout=timeout_s * 1000)
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").filter(
        has=page.locator(".jp-Notebook .jp-Cell")
    )
    panel.first.wait_for(state="visible", timeout=timeout_s * 1000)
    page.wait_for_function(  # the notebook's own tab is the current one (not a restored one)
        """name => [...document.querySelectorAll('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current')]
                    .some(tab => tab.textContent.trim().startsWith(name))""",
        arg=Path(path).name,
        timeout=timeout_s * 1000,
    )
    wait_for_kernel_idle(page, timeout_s)
    return panel.first


_PROMPTS_JS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]
    .map(prompt => prompt.textContent.trim())"""

_WATCH_JS = """() => {
    const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    window.__botQueued = false;
    if (window.__botObserver) window.__botObserver.disconnect();
    const check = () => {
        for (const prompt of notebook.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')) {
            if (prompt.textContent.includes('*')) { window.__botQueued = true; }
        }
    };
    window.__botObserver = new MutationObserver(check);
    window.__botObserver.observe(notebook, {subtree: true, childList: true, characterData: true});
}"""

_DONE_JS = """() => {
    const prompts = [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]
        .map(prompt => prompt.textContent.trim());
    if (!window.__botQueued || prompts.length === 0 || prompts.some(text => text.includes('*'))) return false;
    return prompts.every(text => /^\\[\\d+\\]:?$/.test(text)) ? 'done' : 'stopped';
}"""


def code_prompts(page) -> list[str]:
    """The execution prompts of the open notebook's code cells, e.g. ["[1]:", "[*]:", "[ ]:"]."""
    return page.evaluate(_PROMPTS_JS)


def _click_run_all(page) -> float:
    """Run > Run All Cells with the mouse; returns the monotonic time of the click."""
    wait_for_kernel_idle(page)
    page.evaluate(_WATCH_JS)
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    item = page.locator(".lm-Menu-item", has_text=re.compile(r"^Run All Cells")).first
    item.wait_for(state="visible")
    page.evaluate("() => { window.__botRunClicked = performance.now(); }")
    start = time.monotonic()
    item.click()
    try:
        page.wait_for_function("() => window.__botQueued === true", timeout=15_000)
    except Exception as error:  # playwright TimeoutError
        raise AssertionError(
            f"Run All Cells did not queue any cell within 15 s (prompts: {code_prompts(page)}); "
            "the command was probably dropped before the kernel connected."
        ) from error
    return start


def _wait_run_finished(page, timeout_s: float) -> None:
    try:
        outcome = page.wait_for_function(_DONE_JS, timeout=timeout_s * 1000, polling=100).json_value()
        wait_for_kernel_idle(page, timeout_s)
    except Exception as error:
        raise AssertionError(
            f"Run All Cells did not finish within {timeout_s:.0f} s: prompts {code_prompts(page)}, "
            f"kernel status {kernel_status(page)!r}, errors {error_outputs(page)}."
        ) from error
    finally:
        page.evaluate("() => { if (window.__botObserver) window.__botObserver.disconnect(); }")
    if outcome != "done":  # an error stopped the run: the cells after it were never run
        errors = error_outputs(page)
        if errors:
            page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) :is({ERROR_OUTPUTS})").first.scroll_into_view_if_needed()
        raise AssertionError(
            f"Run All Cells stopped before the end: prompts {code_prompts(page)}.\nError output:\n"
            + ("\n---\n".join(errors) or "(none shown)")
        )


def run_all(page, timeout_s: float = 120.0) -> float:
    """Run > Run All Cells; wait until every code cell has a count and the kernel is idle.

    Returns the seconds from the click to the end. Fails if the cells were never queued
    (a silently dropped "Run All"), fails at once with the traceback if an error stopped
    the run, and fails if a cell is still queued or running at the timeout.
    """
    start = _click_run_all(page)
    _wait_run_finished(page, timeout_s)
    return time.monotonic() - start


_FIRST_WIDGET_JS = """() => {
    const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
    const selector = '.jp-OutputArea-output .jupyter-widgets';
    for (const old of notebook.querySelectorAll(selector)) old.dataset.botOld = '1';
    const timer = {widget: null};
    window.__botFirstWidget = timer;
    const observer = new MutationObserver(() => {
        for (const view of notebook.querySelectorAll(selector)) {
            if (!view.dataset.botOld && view.getBoundingClientRect().height > 0) {
                timer.widget = performance.now();
                observer.disconnect();
                return;
            }
        }
    });
    observer.observe(notebook, {subtree: true, childList: true});
}"""


def time_to_first_widget(page, timeout_s: float = 120.0) -> float:
    """Run All Cells; seconds from the click until the first widget view of this run shows.

    Widget views left in the notebook from before the run do not count. Waits for the
    whole run to finish (and fails as :func:`run_all` does) before returning.
    """
    page.evaluate(_FIRST_WIDGET_JS)
    _click_run_all(page)
    try:
        page.wait_for_function("() => window.__botFirstWidget.widget !== null", timeout=timeout_s * 1000)
    except Exception as error:
        _wait_run_finished(page, timeout_s)  # a stopped run explains itself
        raise AssertionError(f"No widget appeared within {timeout_s:.0f} s of Run All Cells.") from error
    _wait_run_finished(page, timeout_s)
    return page.evaluate("() => (window.__botFirstWidget.widget - window.__botRunClicked) / 1000")


def error_outputs(page) -> list[str]:
    """Texts of error outputs in the open notebook: tracebacks, stderr, failed widget views."""
    # textContent, not innerText: JupyterLab skips rendering off-screen cells
    # (content-visibility), and their innerText is empty.
    texts = page.locator(f".jp-NotebookPanel:not(.lm-mod-hidden) :is({ERROR_OUTPUTS})").all_text_contents()
    widget_errors = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output").filter(
        has_text=WIDGET_ERROR_TEXT
    ).all_text_contents()
    return [text.strip() for text in texts + widget_errors]


def save_screenshot(target, name: str, full_page: bool = False) -> Path:
    """Save a PNG of a page or a locator to ``test-artifacts/browser/<name>.png``."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    # "disabled" fast-forwards CSS transitions, e.g. plotly's mode bar fading out after a hover.
    options = dict(path=str(path), animations="disabled", caret="hide")
    if hasattr(target, "goto"):  # a Page
        target.screenshot(full_page=full_page, **options)
    else:  # a Locator
        target.screenshot(**options)
    return path


_TIMER_JS = """([scope, selector, text]) => {
    const matches = () => [...scope.querySelectorAll(selector)].some(el => el.textContent.trim() === text);
    if (window.__botTimer && window.__botTimer.observer) window.__botTimer.observer.disconnect();
    const timer = {start: null, end: null, alreadyTrue: matches(), observer: null};
    window.__botTimer = timer;
    const begin = () => { if (timer.start === null) timer.start = performance.now(); };
    document.addEventListener('keydown', begin, {capture: true, once: true});
    document.addEventListener('pointerdown', begin, {capture: true, once: true});
    timer.observer = new MutationObserver(() => {
        if (timer.start !== null && timer.end === null && matches()) {
            timer.end = performance.now();
            timer.observer.disconnect();
        }
    });
    timer.observer.observe(scope, {subtree: true, childList: true, characterData: true});
    return timer.alreadyTrue;
}"""


def start_change_timer(scope, selector: str, text: str) -> None:
    """Time the next key press or pointer press until ``scope`` shows ``text`` in ``selector``.

    ``scope`` is a Locator (e.g. a ``.back-on-track-app`` box); the end is the first DOM
    change after the press at which an element matching ``selector`` inside it has exactly
    ``text`` (e.g. the bar's label in the plotly SVG). Read the result with
    :func:`change_timer_ms`.
    """
    handle = scope.element_handle()
    already = scope.page.evaluate(_TIMER_JS, [handle, selector, text])
    if already:
        raise AssertionError(f"{selector!r} already shows {text!r} before the interaction.")


def change_timer_ms(page, timeout_s: float = 15.0) -> float:
    """Milliseconds from the press to the change started by :func:`start_change_timer`."""
    try:
        page.wait_for_function(
            "() => window.__botTimer && window.__botTimer.end !== null", timeout=timeout_s * 1000
        )
    except Exception as error:
        state = page.evaluate("() => window.__botTimer && {start: window.__botTimer.start}")
        raise AssertionError(f"The figure did not change within {timeout_s:.0f} s (timer {state}).") from error
    return page.evaluate("() => window.__botTimer.end - window.__botTimer.start")


_SNAPSHOT_JS = """scope => [
    ...[...scope.querySelectorAll('.noUi-handle')].map(h => h.getAttribute('aria-valuenow')),
    ...[...scope.querySelectorAll('.widget-label, .widget-html-content, .widget-readout')].map(e => e.textContent),
    ...[...scope.querySelectorAll('.js-plotly-plot text')].map(t => t.textContent),
].join('\\n')"""


def wait_until_settled(scope, quiet_s: float = 0.6, timeout_s: float = 20.0) -> str:
    """Wait until a widget box (Locator) stops changing for ``quiet_s`` and the kernel is idle.

    The snapshot covers slider values, labels, HTML texts and the plotly texts. Use it
    before asserting a final state that a late message from the kernel could still undo
    (``expect`` passes at the first match, even if the value flips back afterwards).
    """
    page = scope.page
    deadline = time.monotonic() + timeout_s
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        snapshot = scope.evaluate(_SNAPSHOT_JS)
        idle = kernel_status(page).rstrip().endswith("| Idle")
        now = time.monotonic()
        if snapshot != last or not idle:
            last, since = snapshot, now
        elif now - since >= quiet_s:
            return snapshot
        time.sleep(0.05)
    raise AssertionError(f"The widget kept changing for {timeout_s:.0f} s.")


LOG_CONSOLE_STATUS = ".jp-LogConsoleStatusItem"


def log_console_messages(page, timeout_s: float = 10.0) -> list[str]:
    """Texts the kernel sent outside any cell: errors and prints from widget callbacks.

    An exception in a widget callback (a slider's observer, a button's ``on_click``) is
    not shown in the notebook: JupyterLab sends it to the Log Console and only a counter
    appears in the status bar. If the counter shows, this opens the Log Console (which
    changes the layout, so call it at the end of a test) and returns its messages.
    """
    status = page.locator(f"{LOG_CONSOLE_STATUS}:not(.lm-mod-hidden)")
    if status.count() == 0 or not status.first.inner_text().strip():
        return []
    count = status.first.inner_text().strip()
    status.first.click()
    outputs = page.locator(".jp-LogConsolePanel .jp-OutputArea-output")
    try:
        outputs.first.wait_for(state="attached", timeout=timeout_s * 1000)
    except Exception:  # the panel did not open: still report that there were messages
        return [f"{count} message(s) in the Log Console (could not read them)"]
    return [text.strip() for text in outputs.all_text_contents()]


def labelled_widget(scope, kind: str, description: str):
    """The ipywidgets row of ``kind`` (e.g. "widget-slider") whose label is exactly ``description``.

    ``scope`` is a Page or a Locator (e.g. one widget app), so a label can be found within an app.
    """
    page = scope if hasattr(scope, "goto") else scope.page
    return scope.locator(f".{kind}").filter(
        has=page.locator(".widget-label", has_text=re.compile(rf"^{re.escape(description)}$"))
    )


def open_and_run_all(page, server: LabServer, path: str) -> float:
    """Open a lesson, Run All, print how long it took and fail if any cell shows an error."""
    open_notebook(page, server, path)
    seconds = run_all(page)
    name = Path(path).stem
    print(f"\n{name}: Run All Cells took {seconds:.1f} s")
    errors = error_outputs(page)
    assert not errors, f"{name} shows error output after Run All:\n" + "\n---\n".join(errors)
    return seconds


def retype(page, box, text: str, press_enter: bool = True) -> None:
    """Replace a text box's text as a learner would (click, select all, type) and press Enter.

    ``box`` None types into whatever has the focus.
    """
    if box is not None:
        box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    if text:
        page.keyboard.type(text)
    if press_enter:
        page.keyboard.press("Enter")


def scroll_into_view(page, scope, block: str = "start") -> None:
    """Scroll ``scope`` into view and move the mouse away (so no plotly mode bar covers it)."""
    scope.evaluate(f"element => element.scrollIntoView({{block: '{block}'}})")
    page.mouse.move(0, 0)
