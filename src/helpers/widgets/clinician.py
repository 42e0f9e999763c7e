"""Lesson 07 widget: imaging findings by age (choose an age and a finding; see 100 pain-free people)."""

from __future__ import annotations

import html

import ipywidgets as widgets

from helpers import clinician
from helpers.figures.clinician import imaging_figure
from helpers.inputs import read_as_html, reading, short_number
from helpers.schemas.clinician import STUDY_AGES
from helpers.widgets.base import FigureApp, View

AGE = "Age (years)"
TYPED_AGE = "Type an age (years)"
FINDING = "Finding"
#: Narrow enough for a notebook output beside the file browser (about 380 px at a 800 px window).
LABEL = {"description_width": "12em"}
FIT = widgets.Layout(width="96%", max_width="34em")  # 100 % plus the widget margin would stick out


def imaging_by_age() -> FigureApp:
    """Lesson 07: how many of 100 people WITHOUT back pain have each scan finding at an age."""
    names = clinician.finding_names()
    age = widgets.IntSlider(value=40, min=STUDY_AGES[0], max=STUDY_AGES[-1], step=10, description=AGE,
                            continuous_update=False, style=LABEL, layout=FIT)
    finding = widgets.ToggleButtons(options=[(name, key) for key, name in names.items()], value="disc-bulge",
                                    description=FINDING, style={**LABEL, "button_width": "auto"},
                                    tooltips=[clinician.plain_words(key) for key in names])
    typed = widgets.Text(value="40", description=TYPED_AGE, continuous_update=False, style=LABEL,
                         placeholder="20 to 80, then Enter", layout=widgets.Layout(width="100%", max_width="24em"))

    state: dict = {"typed": None, "echoing": False}  # typed: the last good typed age, while the slider agrees

    def render() -> View:
        shown_age = state["typed"] if state["typed"] is not None else age.value
        decade = clinician.study_age(shown_age)
        count = clinician.people_with(finding.value, shown_age)
        table = clinician.findings_at(decade)
        shares = table.set_index("Finding").iloc[:, 0]
        figure = imaging_figure(clinician.icon_array(count), names[finding.value], decade, shares)
        plain = clinician.plain_words(finding.value)
        typed_text = typed.value if state["typed"] is not None else str(age.value)
        takeaway = (read_as_html([reading("age", typed_text, f"{short_number(shown_age)} years")]) +
                    f"<p>{html.escape(clinician.describe_imaging(finding.value, shown_age))}</p>"
                    f"<p><i>{html.escape(names[finding.value])}</i>: {html.escape(plain)}.</p>")
        description = (f"100 dots, one per person aged {decade} without back pain; {count} filled dots have "
                       f"{names[finding.value].lower()}. Below, bars give every finding's share at age {decade}.")
        return View(figure, takeaway, description, table)

    app = FigureApp([age, finding], render, redraw_on=[finding])
    app.children = (widgets.VBox([age, typed, finding]), *app.children[1:])
    app.age, app.finding, app.typed = age, finding, typed

    def slider_moved(change: dict) -> None:
        if state["typed"] is None or clinician.study_age(state["typed"]) != change["new"]:
            state["typed"] = None
            if typed.value != str(change["new"]):
                state["echoing"] = True
                typed.value = str(change["new"])
                state["echoing"] = False
        app.refresh()

    def take_typed(change: dict) -> None:
        if state["echoing"]:
            return
        try:
            value = clinician.parse_age(typed.value)
        except ValueError as error:
            app.show_problem(str(error))  # the figure, the slider and the typed text stay as they were
            return
        state["typed"] = value
        decade = clinician.study_age(value)
        if age.value != decade:
            age.value = decade  # redraws through slider_moved
        else:
            app.refresh()

    age.observe(slider_moved, names="value")
    typed.observe(take_typed, names="value")
    return app
