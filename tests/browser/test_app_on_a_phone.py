"""`python3 course.py app`: the self-check as a web app, completed on a phone-sized screen.

The workshop's "try it on your phone" moment: Voila serves lesson 08 alone, with kernels
kept warm. The test opens it at 390 × 844 (a phone), fills the form by tapping and typing,
submits, and checks the result appears, nothing is wider than the screen, there is no
traceback, and the check is kept as a download on the phone, never as a file on the
shared server.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

import harness
import pytest
from playwright.sync_api import expect
from test_selfcheck_in_browser import VOILA_TIMEOUT_MS, _fill, _no_traceback
from voila_server import start_voila

from helpers.selfcheck import assess, sample_answers

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _course():
    spec = importlib.util.spec_from_file_location("course", harness.REPO_ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_self_check_app_on_a_phone(browser):
    course = _course()
    command = lambda port: course.app_command(sys.executable, port=str(port), kernels="1")  # noqa: E731
    with start_voila(harness.REPO_ROOT / course.SELF_CHECK, command=command) as server:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            started = time.monotonic()
            page.goto(server.url, wait_until="domcontentloaded", timeout=VOILA_TIMEOUT_MS)
            form = page.locator(".bot-selfcheck-form")
            expect(form).to_have_count(1, timeout=VOILA_TIMEOUT_MS)
            print(f"\ncourse.py app on a phone: form shown {time.monotonic() - started:.1f} s after opening")
            answers = sample_answers("maya")
            _fill(form, answers)
            form.get_by_role("button", name="Submit").tap()
            level = form.locator(".bot-selfcheck-output .bot-level")
            expect(level).to_contain_text(assess(answers).heading, timeout=VOILA_TIMEOUT_MS)
            level.scroll_into_view_if_needed()
            harness.save_screenshot(page, "app-self-check-on-a-phone")
            before = sorted(path.name for path in (harness.REPO_ROOT / "notebooks").iterdir())
            with page.expect_download(timeout=VOILA_TIMEOUT_MS) as download:
                form.get_by_role("link", name="Download my answers").tap()
            saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
            assert download.value.suggested_filename == "my-self-check.json"
            assert saved["checks"][0]["result"]["level"] == assess(answers).level
            assert sorted(path.name for path in (harness.REPO_ROOT / "notebooks").iterdir()) == before, \
                "the app wrote a file in the shared server folder"
            width = page.evaluate("() => document.scrollingElement.scrollWidth")
            assert width <= 391, f"the page is {width} px wide on a 390 px phone: it scrolls sideways"
            _no_traceback(page)
            assert not errors, f"page errors: {errors}"
        except Exception:
            harness.save_screenshot(page, "FAILED-app-self-check-on-a-phone")
            print(f"--- Voila log ---\n{server.log()[-4000:]}")
            raise
        finally:
            context.close()
