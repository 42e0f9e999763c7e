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
figure-updated latency, measured in the page), ``wait_until_settled``,
``save_screenshot`` (into ``test-artifacts/browser/``) and ``layout_problems`` (what does
not fit in a course widget: overlapping or cut figure texts, overflow, hidden readouts).

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


#: Layout problems inside course widgets (or inside one plain figure output); see :func:`layout_problems`.
_LAYOUT_PROBLEMS_JS = r"""scope => {
    const TOLERANCE = 1;
    const problems = [];
    const short = text => (text || '').replace(/\s+/g, ' ').trim().slice(0, 50);
    const visible = el => {
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) return false;
        return el.checkVisibility ? el.checkVisibility({visibilityProperty: true, opacityProperty: true}) : true;
    };
    // A text's outline as four corners on screen (rotated tick labels stay rotated).
    const quad = text => {
        const b = text.getBBox(), m = text.getScreenCTM();
        return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
            .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
    };
    const bounds = q => ({left: Math.min(...q.map(p => p[0])), right: Math.max(...q.map(p => p[0])),
                          top: Math.min(...q.map(p => p[1])), bottom: Math.max(...q.map(p => p[1]))});
    // Two convex quads overlap by more than TOLERANCE along every separating axis.
    const overlap = (p, q) => {
        for (const shape of [p, q]) for (let i = 0; i < 4; i++) {
            const [x1, y1] = shape[i], [x2, y2] = shape[(i + 1) % 4];
            const length = Math.hypot(x2 - x1, y2 - y1) || 1;
            const axis = [-(y2 - y1) / length, (x2 - x1) / length];
            const project = s => s.map(([x, y]) => x * axis[0] + y * axis[1]);
            const a = project(p), b = project(q);
            if (Math.min(Math.max(...a), Math.max(...b)) - Math.max(Math.min(...a), Math.min(...b)) <= TOLERANCE) return false;
        }
        return true;
    };
    const rectQuad = r => [[r.left, r.top], [r.right, r.top], [r.right, r.bottom], [r.left, r.bottom]];
    const outside = (r, frame) => r.left < frame.left - TOLERANCE || r.right > frame.right + TOLERANCE
        || r.top < frame.top - TOLERANCE || r.bottom > frame.bottom + TOLERANCE;

    const checkFigure = (plot, area) => {
        const svg = plot.querySelector('svg.main-svg');
        if (!svg) return;
        const figure = svg.getBoundingClientRect();
        const texts = [...plot.querySelectorAll('svg text')]
            .filter(t => t.textContent.trim() && !t.closest('.hoverlayer') && visible(t))
            .map(t => ({el: t, text: short(t.textContent), quad: quad(t)}));
        for (const t of texts) {
            const r = bounds(t.quad);
            if (outside(r, figure)) problems.push(`figure text cut by the figure's edge: "${t.text}"`);
            else if (r.left < area.left - TOLERANCE || r.right > area.right + TOLERANCE)
                problems.push(`figure text cut by the output area: "${t.text}"`);
        }
        for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++)
            if (overlap(texts[i].quad, texts[j].quad)) problems.push(`figure texts overlap: "${texts[i].text}" / "${texts[j].text}"`);
        // A legend sits outside every plot area and covers no text of the figure.
        const plotAreas = [...plot.querySelectorAll('.draglayer .nsewdrag')].filter(visible).map(r => r.getBoundingClientRect());
        for (const legend of plot.querySelectorAll('.legend')) {
            const bg = legend.querySelector('.bg');
            if (!bg || !visible(bg)) continue;
            const box = rectQuad(bg.getBoundingClientRect());
            if (plotAreas.some(area => overlap(box, rectQuad(area)))) problems.push('the legend covers a plot area');
            for (const t of texts) if (!legend.contains(t.el) && overlap(box, t.quad)) problems.push(`the legend covers "${t.text}"`);
        }
        // An annotation's arrow crosses no other text.
        for (const arrow of plot.querySelectorAll('.annotation-arrow-g path')) {
            const own = arrow.closest('.annotation');
            const m = arrow.getScreenCTM(), length = arrow.getTotalLength();
            const crossed = new Set();
            for (let s = 0; s <= length; s += 2) {
                const p = arrow.getPointAtLength(s);
                const x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
                for (const t of texts) {
                    if (own && own.contains(t.el)) continue;
                    const r = bounds(t.quad);
                    if (x > r.left + TOLERANCE && x < r.right - TOLERANCE && y > r.top + TOLERANCE && y < r.bottom - TOLERANCE) crossed.add(t.text);
                }
            }
            for (const text of crossed) problems.push(`an arrow crosses "${text}"`);
        }
    };

    const roots = scope.matches('.back-on-track-app') ? [scope]
        : scope.querySelectorAll('.back-on-track-app').length ? [...scope.querySelectorAll('.back-on-track-app')]
        : [scope];
    for (const root of roots) {
        const output = root.closest('.jp-OutputArea-output');
        const area = (output || document.documentElement).getBoundingClientRect();
        const own = root.getBoundingClientRect();
        if (own.right > area.right + TOLERANCE) problems.push(`the widget is wider than the output area (${Math.round(own.right - area.left)} > ${Math.round(area.width)} px)`);
        const plots = root.matches('.js-plotly-plot') ? [root] : [...root.querySelectorAll('.js-plotly-plot')];
        for (const plot of plots) if (visible(plot)) checkFigure(plot, area);
        const context = document.createElement('canvas').getContext('2d');
        const sticking = new Set();  // report only the outermost element that sticks out
        for (const el of [root, ...root.querySelectorAll('*')]) {
            if (el.closest('svg') || el.closest('.js-plotly-plot .modebar') || !visible(el)) continue;
            const box = el.getBoundingClientRect();
            const right = Math.min(area.right, own.right);
            const sticks = el !== root && box.right > right + TOLERANCE && box.width > 0;
            if (sticks) sticking.add(el);
            if (sticks && !sticking.has(el.parentElement))
                problems.push(`sticks out past the right edge by ${Math.round(box.right - right)} px: ${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 2).join('.')} "${short(el.textContent || el.value)}"`);
            const style = getComputedStyle(el);
            const clipsText = el.matches('.widget-label, .widget-label-basic, label, button, .widget-readout, .widget-html-content p, td, th');
            const isBox = el.matches('.widget-box, .widget-hbox, .widget-vbox, .back-on-track-app');
            if ((clipsText || isBox) && el.scrollWidth > el.clientWidth + TOLERANCE)
                problems.push(`${clipsText ? 'text cut off' : 'a box scrolls sideways'}: ${el.tagName.toLowerCase()} "${short(el.textContent)}"`);
            if (el.tagName === 'SELECT' || (el.tagName === 'INPUT' && ['text', 'number', 'date', ''].includes(el.type))) {
                context.font = style.font;  // the shown choice or typed text fits its box
                const shown = el.tagName === 'SELECT' ? (el.options[el.selectedIndex] || {text: ''}).text
                    : el.type === 'date' ? '00/00/0000' : el.value;
                const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
                    - (el.tagName === 'SELECT' || el.type === 'date' ? 24 : 0);  // the arrow or calendar icon
                if (context.measureText(shown).width > room + TOLERANCE) problems.push(`text cut off in a ${el.tagName.toLowerCase()}: "${short(shown)}"`);
            }
        }
        for (const slider of root.querySelectorAll('.widget-slider')) {
            if (!visible(slider)) continue;
            const readout = slider.querySelector('.widget-readout');
            if (!readout || !visible(readout)) { problems.push(`a slider shows no readout: "${short(slider.textContent)}"`); continue; }
            const r = readout.getBoundingClientRect();
            if (r.left < area.left - TOLERANCE || r.right > area.right + TOLERANCE || r.right > own.right + TOLERANCE)
                problems.push(`a slider's readout is outside the output area: "${short(readout.textContent)}"`);
        }
    }
    return [...new Set(problems)];
}"""


def layout_problems(scope) -> list[str]:
    """What does not fit in a course widget (a Locator), in plain words; [] if all fits.

    ``scope`` is one ``.back-on-track-app``, an element holding several, or a plain figure
    output. Checks: (a) no two texts of a plotly figure overlap (titles, axis titles, tick
    labels, legend texts, annotations; rotated texts by their real outline; 1 px allowed),
    no legend over a plot area or a text, no annotation arrow across a text; (b) no figure
    text cut by the figure or the notebook's output area; (c) nothing past the output
    area's or the widget's right edge, no widget box scrolling sideways, no label, button,
    readout or table cell cutting its text, no choice or typed text wider than its box;
    (d) every visible slider's readout shows inside the output area.
    Scroll the widget into view first (JupyterLab does not lay out off-screen cells).
    """
    return scope.evaluate(_LAYOUT_PROBLEMS_JS)
