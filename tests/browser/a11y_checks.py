"""Accessibility checks of the course's widgets in a real browser (a plain module, used by the
per-lesson test in test_layout_in_browser.py and the Voila test in test_axe_in_browser.py).

For each notebook in ``notebooks/`` the per-lesson test runs all cells, waits until every course
widget (``.back-on-track-app``) and its figures have rendered, and then, widget by widget
(scrolled into view: JupyterLab leaves far-away cells out of the accessibility tree):

* runs axe (``axe-playwright-python``, its own copy of axe-core; nothing fetched) and fails
  on any "serious" or "critical" violation, naming rule, impact, target and why;
* asks Chromium's accessibility tree (DevTools protocol) that every control has a name,
  that radio answers form a named radiogroup and toggle buttons a named group (saying
  whether each is pressed), that every slider handle is named by its label and reads its
  value with the unit (``aria-valuetext``), and that slider tracks are easy to hit;
* checks that slider handles, buttons, toggle buttons, radios, checkboxes, dropdowns and
  text boxes show a focus ring at least 2 px wide, that a second scan of the course's
  browser layer changes nothing, and that a slider's value text follows an arrow key.

A screenshot per notebook goes to ``test-artifacts/browser/axe-<lesson>.png``.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import harness
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

NOTEBOOKS = sorted(path.relative_to(harness.REPO_ROOT).as_posix()
                   for path in (harness.REPO_ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
AXE = Axe()
SELF_CHECK = "notebooks/08-self-check.ipynb"
BLOCKING = ("serious", "critical")
WIDGET_TIMEOUT_MS = 60_000
VOILA_TIMEOUT_MS = 120_000
MIN_OUTLINE_PX = 2.0
MIN_TRACK_PX = 120
#: Controls a learner can reach or operate; each must have an accessible name.
CONTROLS = ("input:not([type=hidden]), select, textarea, button, [role=slider], [role=textbox], "
            "[role=radiogroup], [role=group], [contenteditable=true]")
#: Groups of controls and the role each must have (each with a name).
GROUPS = {
    ".widget-radio-box": "radiogroup",
    ".widget-toggle-buttons > div": "group",
    ".bot-checkbox-group": "group",
}
#: One control of each kind whose focus ring is measured (where the notebook has one).
RING_CONTROLS = {
    "slider handle": ".noUi-handle",
    "toggle button": ".widget-toggle-buttons button:not(:disabled)",
    "button": "button.jupyter-button:not(.widget-toggle-button):not(:disabled)",
    "radio button": ".widget-radio-box input[type=radio]:not(:disabled)",
    "checkbox": "input[type=checkbox]:not(:disabled)",
    "dropdown": "select:not(:disabled)",
    "text box": "input[type=text]:not(:disabled)",
}

#: Every widget view of the notebook shows a course widget, and every figure in it is drawn.
_RENDERED_JS = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)') || document.body;
    const views = [...panel.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]')];
    const apps = [...panel.querySelectorAll('.back-on-track-app')];
    if (!window.backOnTrack || apps.length === 0) return false;
    if (views.some(view => !view.querySelector('.back-on-track-app'))) return false;
    const figures = [...panel.querySelectorAll(
        '.back-on-track-app .jp-OutputArea-output[data-mime-type="application/vnd.plotly.v1+json"], '
        + '.back-on-track-app .output_plotly, .back-on-track-app .js-plotly-plot')];
    return figures.every(figure => figure.querySelector('.main-svg'));
}"""

#: Marks the one widget that axe and the accessibility-tree queries look at.
SCOPE = "data-bot-scope"

#: The rendered elements matching a selector inside the marked widget.
_CONTROLS_JS = """[...document.querySelector('[data-bot-scope]').querySelectorAll(%s)]
    .filter(element => element.getClientRects().length > 0 && !element.closest('[hidden], .bot-frontend'))"""

#: For a slider handle: its value text and its row's label and readout.
_SLIDER_JS = """function () {
    const row = this.closest('.widget-slider');
    const label = row && row.querySelector('.widget-label');
    const readout = row && row.querySelector('.widget-readout');
    return {valuetext: this.getAttribute('aria-valuetext') || '',
            label: label ? label.textContent.trim() : '', readout: readout ? readout.textContent.trim() : ''};
}"""

#: An element's opening HTML (for messages) and what ``details`` (a JS function of ``this``) says of it.
_DESCRIBE_JS = """function () { return {html: this.outerHTML.slice(0, 160), details: (%s).call(this)}; }"""

#: Slider tracks in the marked widget narrower than ``min_width`` px, or not hit 10 px off their line.
_TRACKS_JS = """min_width => [...document.querySelectorAll('[data-bot-scope] .widget-hslider .noUi-base')]
    .filter(base => base.getClientRects().length > 0)
    .map(base => {
        base.scrollIntoView({block: 'center'});
        const box = base.getBoundingClientRect();
        const label = base.closest('.widget-slider').querySelector('.widget-label').textContent.trim();
        const below = document.elementFromPoint(box.left + box.width * 0.8, box.top + box.height / 2 + 10);
        const hit = below !== null && base.closest('.noUi-target').contains(below);
        return box.width < min_width || !hit ? `slider ${label}: track ${box.width.toFixed(0)} px wide, `
            + `${hit ? '' : 'not '}hit 10 px below its line` : null;
    }).filter(Boolean)"""

#: Toggle buttons in the marked widget whose aria-pressed does not say whether they are on.
_PRESSED_JS = """() => [...document.querySelectorAll('[data-bot-scope] button.widget-toggle-button')]
    .filter(button => button.getAttribute('aria-pressed') !== String(button.classList.contains('mod-active')))
    .map(button => `toggle button ${button.textContent.trim()}: aria-pressed ${button.getAttribute('aria-pressed')}`)"""

#: Attributes a second scan of every course widget changes (none: scans are idempotent).
_RESCAN_JS = """() => new Promise(done => {
    const changed = [];
    const observer = new MutationObserver(records => records.forEach(record =>
        changed.push(`${record.attributeName} on ${record.target.className || record.target.tagName}`)));
    document.querySelectorAll('.back-on-track-app').forEach(app =>
        observer.observe(app, {subtree: true, attributes: true}));
    window.backOnTrack.scan();
    setTimeout(() => { observer.disconnect(); done(changed); }, 300);
})"""

_OUTLINE_JS = """element => {
    const style = getComputedStyle(element);
    return {width: parseFloat(style.outlineWidth) || 0, style: style.outlineStyle};
}"""


def _lesson(path: str) -> str:
    return Path(path).stem


def _wait_for_widgets(page) -> None:
    page.wait_for_function(_RENDERED_JS, timeout=WIDGET_TIMEOUT_MS, polling=200)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def _serious_violations(page) -> list[str]:
    """axe (axe-playwright-python) over one course widget, its figures included."""
    results = AXE.run(page, context=f"[{SCOPE}]")
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())[:200]
            found.append(f"{violation['id']} ({violation['impact']}) at {' '.join(map(str, node['target']))}: "
                         f"{violation['help']}. {summary}")
    return found


def _accessible(page, selector: str, details: str | None = None) -> list[dict]:
    """Role and accessible name (Chromium's accessibility tree) of each ``selector`` in the marked widget.

    ``details`` is a JS function run on each element (``this``); its value is added as "details".
    """
    cdp = page.context.new_cdp_session(page)
    try:
        array = cdp.send("Runtime.evaluate", {"expression": _CONTROLS_JS % json.dumps(selector)})["result"]
        elements = cdp.send("Runtime.getProperties", {"objectId": array["objectId"], "ownProperties": True})
        found = []
        for entry in elements["result"]:
            if not entry["name"].isdigit():
                continue
            object_id = entry["value"]["objectId"]
            nodes = cdp.send("Accessibility.getPartialAXTree", {"objectId": object_id, "fetchRelatives": False})["nodes"]
            node = nodes[0] if nodes else {}
            seen = _call(cdp, object_id, _DESCRIBE_JS % (details or "function () { return null; }"))
            control = {"role": node.get("role", {}).get("value", ""), "html": seen["html"], "details": seen["details"],
                       "name": str(node.get("name", {}).get("value", "")).replace("\u200b", "").strip()}
            found.append(control)
        return found
    finally:
        cdp.detach()


def _call(cdp, object_id: str, function: str):
    answer = cdp.send("Runtime.callFunctionOn", {"objectId": object_id, "functionDeclaration": function,
                                                 "returnByValue": True})
    return answer["result"]["value"]


def _unnamed_controls(page) -> list[str]:
    return [f"no accessible name: {control['role'] or 'ignored'} {control['html']}"
            for control in _accessible(page, CONTROLS) if not control["name"]]


def _slider_problems(page) -> list[str]:
    """A slider handle is named after its label; its value text is the readout, with the unit if the label has one."""
    problems = []
    for handle in _accessible(page, ".widget-slider .noUi-handle", _SLIDER_JS):
        name, slider = handle["name"], handle["details"]
        label, valuetext, readout = slider["label"], slider["valuetext"], slider["readout"]
        if not label or name != label:
            problems.append(f"slider {label!r} is named {name!r}")
        number_only = re.fullmatch(r"[-\d.,\s]*", valuetext) is not None
        if readout not in valuetext or "(" in label and number_only:  # a bracket in the label names the unit
            problems.append(f"slider {label!r} reads {valuetext!r} (readout {readout!r})")
    return problems


def _group_problems(page) -> list[str]:
    """Radio answers form a named radiogroup; toggle buttons and tick-box questions a named group."""
    problems = []
    for selector, role in GROUPS.items():
        for group in _accessible(page, selector):
            if group["role"] != role or not group["name"]:
                problems.append(f"{selector} is a {group['role'] or 'ignored'} named {group['name']!r}, "
                                f"not a named {role}: {group['html']}")
    return problems


def _widget_problems(page, apps) -> list[str]:
    """axe, names and slider value texts of each widget, scrolled into view (JupyterLab renders only what is near)."""
    problems = []
    for index in range(apps.count()):
        app = apps.nth(index)
        harness.scroll_into_view(page, app)
        app.evaluate(f"element => element.setAttribute('{SCOPE}', '')")
        try:
            found = (_serious_violations(page) + _unnamed_controls(page) + _slider_problems(page)
                     + _group_problems(page) + page.evaluate(_TRACKS_JS, MIN_TRACK_PX) + page.evaluate(_PRESSED_JS))
        finally:
            app.evaluate(f"element => element.removeAttribute('{SCOPE}')")
        problems += [f"widget {index + 1}: {problem}" for problem in found]
    return problems


def _focus_ring_problems(page, apps) -> list[str]:
    """Focus one control of each kind from the keyboard: its outline is at least 2 px wide."""
    problems = []
    for kind, selector in RING_CONTROLS.items():
        controls = apps.locator(selector).filter(visible=True)
        if controls.count() == 0:
            continue
        control = controls.first
        harness.scroll_into_view(page, control, "center")
        control.focus()
        page.keyboard.press("Shift")  # a key press: the browser shows focus as it does for keyboard users
        focused = control.evaluate("element => element === document.activeElement")
        outline = control.evaluate(_OUTLINE_JS)
        if not focused or outline["width"] < MIN_OUTLINE_PX or outline["style"] in ("none", "hidden"):
            problems.append(f"{kind}: focus outline {outline['width']:g} px {outline['style']}"
                            + ("" if focused else " (it did not keep the focus)"))
    return problems


def _rescan_problems(page) -> list[str]:
    """A scan of the course's browser layer on a settled page changes nothing."""
    page.mouse.move(0, 0)
    page.evaluate("() => new Promise(done => setTimeout(done, 300))")  # let a pending scan run first
    return [f"a second scan changed {change}" for change in page.evaluate(_RESCAN_JS)]


def _moves_by_keyboard(page, apps) -> str:
    """Move the first slider one step with an arrow key: its value text follows, unit included."""
    row = apps.locator(".widget-slider").filter(visible=True).first
    handle, readout = row.locator(".noUi-handle"), row.locator(".widget-readout")
    harness.scroll_into_view(page, handle, "center")
    before, shown = handle.get_attribute("aria-valuetext"), readout.inner_text().strip()
    at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    handle.focus()
    page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    expect(readout).not_to_have_text(shown, timeout=WIDGET_TIMEOUT_MS)
    now = readout.inner_text().strip()
    expect(handle).to_have_attribute("aria-valuetext", before.replace(shown, now, 1), timeout=WIDGET_TIMEOUT_MS)
    return f"{before!r} -> {handle.get_attribute('aria-valuetext')!r}"


def lab_problems(page, lesson: str) -> list[str]:
    """Every check above on the open, run notebook's course widgets (axe, names, groups, rings, a rescan),
    then a slider moved by keyboard (its value text follows, or the ``expect`` fails)."""
    _wait_for_widgets(page)
    apps = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .back-on-track-app")
    harness.scroll_into_view(page, apps.first)
    harness.save_screenshot(page, f"axe-{lesson}")
    started = time.monotonic()
    problems = _widget_problems(page, apps) + _focus_ring_problems(page, apps) + _rescan_problems(page)
    print(f"{lesson}: {apps.count()} widgets, {len(problems)} accessibility problems "
          f"(checked in {time.monotonic() - started:.1f} s)")
    if not problems and apps.locator(".widget-slider").filter(visible=True).count():
        print(f"{lesson}: the first slider by keyboard: {_moves_by_keyboard(page, apps)}")
    return problems
