"""Fixtures for the real-browser tests: one JupyterLab and one headless Chromium per session.

Every test in this folder is marked ``browser`` (deselect with ``-m "not browser"``).
Without /usr/bin/chromium the tests are skipped, or fail when ``CI`` is set, so that a
CI job cannot pass by silently skipping them.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import harness  # noqa: E402

SKIP_MESSAGE = (
    "Chromium not found: install it with `sudo apt-get install -y chromium` (Debian/Ubuntu) "
    "to run the browser tests."
)
VIEWPORT = {"width": 1400, "height": 1000}
#: ``expect`` waits this long by default (Playwright's 5 s is short on a busy 2-core machine).
EXPECT_TIMEOUT_MS = 15_000


def pytest_configure(config: pytest.Config) -> None:
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE == Path(item.path).resolve().parent or HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"report_{report.when}", report)  # lets the page fixture see a failure
    return report


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    path = harness.chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {harness.CHROMIUM} is missing. {SKIP_MESSAGE}", pytrace=False)
        pytest.skip(SKIP_MESSAGE)
    return path


@pytest.fixture(scope="session")
def lab_server(chromium_executable: Path):
    with harness.start_lab(harness.REPO_ROOT) as server:
        yield server
        log = server.log()
    saved = re.findall(r"Saving file at (\S+)", log)
    if saved:  # autosave is off in the harness; a save would rewrite a lesson in the checkout
        pytest.fail(f"The browser tests saved files in the checkout: {saved}", pytrace=False)


@pytest.fixture(scope="session")
def browser(chromium_executable: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = harness.launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, lab_server, request: pytest.FixtureRequest):
    """A fresh browser tab (own context); on failure a screenshot and the page's errors."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" else None)
    page.bot_problems = problems
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        path = harness.save_screenshot(page, f"FAILED-{request.node.name}", full_page=False)
        print(f"\nScreenshot of the failure: {path}")
        if problems:
            print("Browser errors:\n  " + "\n  ".join(problems))
    context.close()
    lab_server.shutdown_sessions()  # the next test starts its own kernel
