"""axe-core and the accessibility tree over the self-check (lesson 08) served as a web app by Voila.

The same checks run on every lesson in JupyterLab in test_layout_in_browser.py (one pass per
lesson for layout and accessibility); see a11y_checks.py for what is checked.
"""

from __future__ import annotations

import harness
import pytest
from a11y_checks import (SELF_CHECK, VOILA_TIMEOUT_MS, _focus_ring_problems, _rescan_problems, _wait_for_widgets,
                         _widget_problems)
from playwright.sync_api import expect
from voila_server import start_voila

pytestmark = pytest.mark.browser


def test_no_serious_axe_violation_in_the_self_check_app(browser):
    """Lesson 08 as the Voila app (``course.py app``); lesson 10 is not served as an app."""
    with start_voila(harness.REPO_ROOT / SELF_CHECK) as server:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        try:
            page.goto(server.url, wait_until="domcontentloaded", timeout=VOILA_TIMEOUT_MS)
            apps = page.locator(".back-on-track-app")
            expect(page.locator(".bot-selfcheck-form .widget-radio-box").first).to_be_visible(timeout=VOILA_TIMEOUT_MS)
            _wait_for_widgets(page)
            harness.scroll_into_view(page, apps.first)
            harness.save_screenshot(page, "axe-08-self-check-voila")
            problems = _widget_problems(page, apps) + _focus_ring_problems(page, apps) + _rescan_problems(page)
            print(f"\n08 self-check under Voila: {apps.count()} widgets, {len(problems)} problems")
            assert not problems, "08 self-check under Voila:\n  " + "\n  ".join(problems)
        except Exception:
            harness.save_screenshot(page, "FAILED-axe-08-self-check-voila")
            print(f"--- Voila log ---\n{server.log()[-4000:]}")
            raise
        finally:
            context.close()
