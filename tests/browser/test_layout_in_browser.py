"""Every course widget fits the notebook: lessons 00–10 in JupyterLab at 1280 and 800 px.

A learner's default: JupyterLab with the file browser open, so a 1280 px window leaves
about 700–900 px for the notebook and an 800 px one far less. For each lesson with
widgets: open it (one page, one Lab server for all), Run All, then at both widths check
every course widget with :func:`harness.layout_problems` (no overprinted or cut figure
text, no legend over a plot, nothing past the notebook's right edge, slider readouts in
view). The states the course's issue 13 named as broken are checked too: lesson 01 with
the learner's point at a fast speed, lesson 02 in imperial units, lesson 06 compared with
the 10 % rule, with a break, and its log explorer after one uploaded run. Screenshots of
each widget at each width go to ``test-artifacts/browser/layout-*.png``. On the same page
(one Run All a lesson, to keep the suite short) the accessibility checks of
``a11y_checks.lab_problems`` run too: axe-core (no serious or critical violation), names,
groups, value texts, focus rings (see that module).

A second, quicker test draws each widget's figure with plotly.js alone in a plain page,
360 to 1920 px wide, and checks it with the same function (figures have no width of
their own to rely on: plotly never shrinks or wraps text).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import a11y_checks
import harness

pytestmark = pytest.mark.browser

WIDTHS = (1280, 800)
HEIGHT = 1600  # tall, so that each widget's screenshot shows all of it (widths are what is tested)
WIDGET_TIMEOUT_MS = 30_000
GPX_FILE = harness.REPO_ROOT / "tests" / "fixtures" / "activities" / "run.gpx"
LESSONS = sorted(path.name for path in (harness.REPO_ROOT / "notebooks").glob("[01][0-9]-*.ipynb"))
APPS = ".jp-NotebookPanel:not(.lm-mod-hidden) .back-on-track-app"


def _file_browser_open(page) -> None:
    """The learner's default: the file browser shown in the left side bar."""
    browser = page.locator("#filebrowser")
    if not browser.is_visible():
        page.locator(".jp-SideBar [data-id='filebrowser']").click()
    expect(browser).to_be_visible()


def _check_widget(page, app, name: str, width: int) -> list[str]:
    harness.scroll_into_view(page, app)
    harness.wait_until_settled(app)
    problems = harness.layout_problems(app)
    harness.save_screenshot(app, f"layout-{name}-{width}px")
    return [f"{name} at {width} px: {problem}" for problem in problems]


def _check(page, apps, name: str) -> list[str]:
    """Layout problems of each widget in ``apps`` at both widths (viewport resized, page kept)."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        page.wait_for_timeout(800)  # JupyterLab and plotly relayout after a resize
        count = apps.count()
        for number in range(count):
            label = name if count == 1 else f"{name}-{number + 1}"
            found += _check_widget(page, apps.nth(number), label, width)
    return found


def _app_with(page, kind: str, label: str):
    app = page.locator(APPS).filter(has=harness.labelled_widget(page, kind, label))
    expect(app).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    return app


def _lesson_01(page) -> list[str]:
    """The learner's point at a fast run, where its label meets the legend and the measured points."""
    app = _app_with(page, "widget-slider", "Speed (km/h)")
    handle = harness.labelled_widget(app, "widget-slider", "Speed (km/h)").locator(".noUi-handle")
    handle.focus()
    page.keyboard.press("End")
    expect(app.locator(".js-plotly-plot text", has_text="you: ")).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    return _check(page, app, "01-load-explorer-fast-run")


def _lesson_02(page) -> list[str]:
    app = _app_with(page, "widget-slider", "Cadence (steps/min)")
    app.locator(".widget-toggle-button", has_text="imperial").click()
    expect(harness.labelled_widget(app, "widget-text", "Leg length (in)")).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    return _check(page, app, "02-stride-explorer-imperial")


def _lesson_06(page) -> list[str]:
    found = []
    ramp = _app_with(page, "widget-slider", "Weekly increase (%)")
    compare = ramp.locator("select").filter(has=page.locator("option", has_text="the 10 % rule"))
    compare.select_option(label="the 10 % rule (same start and target)")
    expect(ramp.locator(".back-on-track-takeaway")).to_contain_text("The 10 % rule", timeout=WIDGET_TIMEOUT_MS)
    found += _check(page, ramp, "06-ramp-compared-with-10-percent")
    compare.select_option(label="nothing")
    handle = harness.labelled_widget(ramp, "widget-slider", "Break (weeks, 0 = none)").locator(".noUi-handle")
    handle.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(ramp.locator(".back-on-track-takeaway")).to_contain_text("4-week break", timeout=WIDGET_TIMEOUT_MS)
    found += _check(page, ramp, "06-ramp-with-a-break")

    log = page.locator(APPS).filter(has=page.locator(".widget-upload"))
    expect(log).to_have_count(1)
    harness.scroll_into_view(page, log)
    with page.expect_file_chooser() as chooser:
        log.locator(".widget-upload").click()
    chooser.value.set_files(str(GPX_FILE))
    expect(log.locator(".js-plotly-plot text", has_text="Your file: run.gpx")).to_have_count(1, timeout=WIDGET_TIMEOUT_MS)
    found += _check(page, log, "06-log-explorer-one-run")
    return found


#: Lesson → the states beyond the one after Run All that it is checked in.
STATES = {"01": _lesson_01, "02": _lesson_02, "06": _lesson_06}


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_widget_fits_at_1280_and_800_px_and_is_accessible(page, lab_server, lesson):
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    harness.open_and_run_all(page, lab_server, f"notebooks/{lesson}")
    _file_browser_open(page)
    apps = page.locator(APPS)
    expect(apps.first).to_be_visible(timeout=WIDGET_TIMEOUT_MS)
    number = lesson[:2]
    found = _check(page, apps, f"{number}-after-run-all")
    if number in STATES:
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        found += STATES[number](page)
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    inaccessible = a11y_checks.lab_problems(page, lesson[:-len(".ipynb")])  # the same page: one Run All a lesson
    messages = harness.log_console_messages(page)
    assert not messages, "widget callbacks logged errors:\n" + "\n".join(messages)
    assert not found, f"{len(found)} layout problem(s) in {lesson}:\n" + "\n".join(found)
    assert not inaccessible, f"{len(inaccessible)} accessibility problem(s) in {lesson}:\n" + "\n".join(inaccessible)


# --- Every widget's figure, alone in a plain page, at widths from a phone to a wide screen ----------

FIGURE_WIDTHS = (360, 480, 700, 1000, 1920)
SCREENSHOT_WIDTHS = (360, 1000)  # screenshots are the slow part; any width with a problem gets one too


def _plotly_js() -> str:
    import plotly

    return str(harness.Path(plotly.__file__).parent / "package_data" / "plotly.min.js")


def _widget_figures() -> dict[str, dict]:
    """The figure each course widget shows, in the states issue 13 named, as plotly JSON."""
    import helpers
    from helpers.widgets.base import PLOTLY_MIME

    def shown(app) -> dict:
        return app.figure_area.outputs[0]["data"][PLOTLY_MIME]

    figures = {}
    for name, make in (("00-environment", helpers.widgets.environment_check_app),
                       ("01-load", helpers.load_explorer), ("02-stride", helpers.stride_explorer),
                       ("03-pelvis", helpers.pelvic_tilt_explorer), ("05-camber", helpers.camber_explorer),
                       ("05-shoes", helpers.shoe_wear_tracker), ("06-ramp", helpers.ramp_simulator),
                       ("06-log", helpers.training_log_explorer), ("07-imaging", helpers.imaging_by_age),
                       ("04-self-test", helpers.core_endurance_test), ("04-progression", helpers.progression_builder)):
        figures[name] = shown(make())
    load = helpers.load_explorer()
    load.controls[1].value = load.controls[1].max
    figures["01-load-fast"] = shown(load)
    stride = helpers.stride_explorer()
    stride.controls[0].value = "mi"
    figures["02-stride-imperial"] = shown(stride)
    camber = helpers.camber_explorer()
    camber.slope.value, camber.width.value = camber.slope.max, camber.width.max
    figures["05-camber-steep-wide"] = shown(camber)
    ramp = helpers.ramp_simulator()
    compare = ramp.controls[-1]
    compare.value = "ten"
    figures["06-ramp-compared"] = shown(ramp)
    compare.value = "nothing"
    ramp.controls[6].value = 4  # a 4-week break
    ramp.controls[10].value = True  # the reference bands
    figures["06-ramp-break-bands"] = shown(ramp)
    figures["06-log-one-run"] = shown(helpers.training_log_explorer(GPX_FILE, timezone="UTC"))
    figures["09-planner"] = shown(helpers.return_to_run_planner())
    figures["10-plan-builder"] = helpers.plan_builder(timezone="Europe/London").figure_area.outputs[0]["data"][PLOTLY_MIME]
    return figures


def test_every_widget_figure_fits_from_360_to_1920_px(browser):
    """Each figure drawn by plotly.js alone in a box 360 to 1920 px wide, checked with layout_problems."""
    import json

    figures = _widget_figures()
    page = browser.new_page(viewport={"width": 1920, "height": 1000})
    found = []
    try:
        page.set_content("<html><body style='margin:0;font-family:sans-serif'><div id='box'></div></body></html>")
        page.add_script_tag(path=_plotly_js())
        box = page.locator("#box")
        for name, figure in figures.items():
            for width in FIGURE_WIDTHS:
                page.evaluate("""([figure, width]) => {
                    const box = document.getElementById('box');
                    Plotly.purge(box); box.innerHTML = ''; box.style.width = width + 'px'; box.style.height = (figure.layout.height || 450) + 'px';
                    return Plotly.newPlot(box, figure.data, figure.layout, {responsive: false});
                }""", [json.loads(json.dumps(figure, default=str)), width])
                problems = harness.layout_problems(box)
                if width in SCREENSHOT_WIDTHS or problems:
                    harness.save_screenshot(box, f"layout-figure-{name}-{width}px")
                found += [f"{name} at {width} px: {problem}" for problem in problems]
    finally:
        page.close()
    assert not found, f"{len(found)} layout problem(s):\n" + "\n".join(found)
