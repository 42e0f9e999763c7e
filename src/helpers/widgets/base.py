"""The pieces every course widget is built from: a panel, a figure app, unit rescaling.

A figure app redraws its figure by replacing the output of an ``Output`` widget with
the figure's ``plotly_mimetype`` bundle (about 0.1 MB over the websocket per redraw)
rather than using ``FigureWidget`` (which sends the 10 MB plotly.js bundle per widget
and needs ``anywidget``); see ``../shared/stack-notes.md``.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ipywidgets as widgets
import plotly.graph_objects as go
import plotly.io as pio

from helpers.widgets.frontend import frontend

if TYPE_CHECKING:  # a widget that shows no table of numbers (lesson 00's) need not wait for pandas
    import pandas as pd

WIDE = {"description_width": "14em"}
SLIDER_LAYOUT = widgets.Layout(width="34em")


PLOTLY_MIME = "application/vnd.plotly.v1+json"


def figure_output(figure: go.Figure) -> dict:
    """A notebook display output holding a figure, as the Output widget stores it.

    The same JSON as the ``plotly_mimetype`` renderer's bundle, built with ``plotly.io.to_json``
    so that the first widget does not wait for plotly's renderer machinery (it imports nbformat).
    """
    bundle = json.loads(pio.to_json(figure, validate=False, remove_uids=False))
    return {"output_type": "display_data", "data": {PLOTLY_MIME: bundle}, "metadata": {}}


_AREA_KEYS = itertools.count(1)


class FigureArea(widgets.Output):
    """Where a figure app shows its figure; a new figure is drawn over the old one in place.

    The first figure is this ``Output``'s output, drawn by JupyterLab's plotly renderer. Once
    the page has said that it can update that plot in place (the course's browser layer,
    ``frontend/redraw.js``, clicks the hidden ``in_place`` button), each new figure travels as
    JSON in the hidden ``channel`` and the page calls ``Plotly.react`` on the plot that is there:
    one draw instead of the renderer's two full draws and a PNG snapshot per output. Until
    then, and wherever the page cannot (a notebook run without a browser, an export), a new
    figure replaces the output as before. ``latest`` is always the figure last shown.
    The app puts ``hidden`` (the channel and the button, never visible) beside this area.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        key = f"bot-figure-{next(_AREA_KEYS)}"
        self.channel = widgets.HTML(layout=widgets.Layout(display="none"))
        self.in_place = widgets.ToggleButton(value=False, description="Redraw in place", layout=widgets.Layout(display="none"),
                                             tooltip="Never shown: the page presses it when it can redraw this figure in place")
        for widget, role in ((self, "bot-figure-area"), (self.channel, "bot-figure-channel"),
                             (self.in_place, "bot-figure-in-place")):
            widget.add_class(role)
            widget.add_class(key)
        self.latest: dict | None = None
        self._sent = 0
        self._sent_text = ""
        self.in_place.observe(self._in_place_changed, names="value")

    @property
    def hidden(self) -> tuple[widgets.Widget, widgets.Widget]:
        """The two hidden helpers the app must place next to this area."""
        return self.channel, self.in_place

    def show(self, figure: go.Figure) -> None:
        """Show a figure."""
        self.show_output(figure_output(figure))

    def show_output(self, output: dict) -> None:
        """Show a figure given as its notebook output (see :func:`figure_output`)."""
        self.latest = output
        if self.in_place.value and self.outputs:
            text = json.dumps(output["data"][PLOTLY_MIME], separators=(",", ":")).replace("</", "<\\/")
            if text == self._sent_text:  # the same figure again (a control echoed back): nothing to redraw
                return
            self._sent, self._sent_text = self._sent + 1, text
            self.channel.value = f'<script type="text/plain" data-figure="{self._sent}">{text}</script>'
        else:
            self._draw_anew(output)

    def clear(self) -> None:
        """Show no figure."""
        self.latest = None
        self._draw_anew(None)

    def _draw_anew(self, output: dict | None) -> None:
        """A new output (or none): the channel's figure, if any, is no longer the one to show."""
        self._sent_text = ""
        if self.channel.value:
            self.channel.value = ""
        self.outputs = () if output is None else (output,)

    def _in_place_changed(self, change: dict) -> None:
        if not change["new"] and self.latest is not None and self.outputs:  # the page could not: draw it anew
            self._draw_anew(self.latest)


@dataclass(frozen=True)
class View:
    """What a figure app shows for one setting of its controls.

    ``takeaway`` is the one-sentence text takeaway (HTML) shown with the figure;
    ``description`` says in plain text what the figure shows, for screen readers (it
    changes with the figure); ``numbers`` is the table behind the figure, shown on demand
    ("Show the numbers"), so the figure can be read without sight.
    """

    figure: go.Figure
    takeaway: str
    description: str = ""
    numbers: pd.DataFrame | None = None


def numbers_html(numbers: pd.DataFrame) -> str:
    """A figure's numbers as a plain, accessible HTML table."""
    return numbers.to_html(index=False, border=0, classes="bot-numbers", na_rep="–", escape=True)


class Panel(widgets.VBox):
    """A course widget. Its text form (shown where widgets cannot render) says what to do.

    Its last child brings the course's keyboard, screen-reader and layout layer to the
    page (:mod:`helpers.widgets.frontend`); code that replaces ``children`` keeps the tail.
    """

    def __init__(self, children: Sequence[widgets.Widget] = (), **kwargs):
        super().__init__([*children, frontend()], **kwargs)
        self.add_class("back-on-track-app")

    def __repr__(self) -> str:
        return (
            f"[{type(self).__name__}: an interactive widget. If you can read this text instead of the "
            "widget, open the course in JupyterLab (see 00-start-here) and run the cell again.]"
        )


class FigureApp(Panel):
    """Controls above a figure, with a one-sentence text takeaway beside it.

    ``render()`` reads the controls and returns a :class:`View` (or the older
    ``(figure, takeaway_html)`` pair). If it
    raises ``ValueError`` the message is shown next to the controls and the last good
    figure and takeaway stay as they were. ``redraw_on`` lists the controls whose changes
    redraw (default: all); a control left out (a unit toggle that first converts other
    controls, say) calls :meth:`refresh` itself when it is ready.
    """

    def __init__(
        self,
        controls: Sequence[widgets.Widget],
        render: Callable[[], View | tuple[go.Figure, str]],
        redraw_on: Sequence[widgets.Widget] | None = None,
    ):
        self.controls = list(controls)
        self._render = render
        self.message = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
        self.figure_area = FigureArea(layout=widgets.Layout(flex="1 1 60%", min_width="24em"))
        self.takeaway = widgets.HTML(layout=widgets.Layout(flex="1 1 30%", min_width="14em", padding="0 0 0 1em"))
        self.takeaway.add_class("back-on-track-takeaway")
        self.description = widgets.HTML()
        self.description.add_class("bot-figure-description")
        self.show_numbers = widgets.ToggleButton(value=False, description="Show the numbers", icon="table",
                                                 tooltip="Show the numbers behind the figure as a table",
                                                 layout=widgets.Layout(width="auto", display="none"))
        self.numbers = widgets.HTML(layout=widgets.Layout(display="none"))
        self.numbers.add_class("bot-numbers-area")
        self._numbers_table: pd.DataFrame | None = None
        self._numbers_to_html: Callable[[pd.DataFrame], str] = numbers_html
        self._numbers_shown: str | None = None  # the table's HTML, made when first shown
        self.show_numbers.observe(self._toggle_numbers, names="value")
        super().__init__(
            [
                widgets.VBox(self.controls),
                self.message,
                self._figure_row(),
                self.description,
                self.show_numbers,
                self.numbers,
            ]
        )
        self.add_class("back-on-track-app")
        for control in self.controls if redraw_on is None else redraw_on:
            control.observe(self.refresh, names="value")
        self._paused = False
        self.refresh()

    def _figure_row(self) -> widgets.HBox:
        """The figure and its takeaway: side by side when wide, stacked when narrow (frontend/layout.css)."""
        row = widgets.HBox([self.figure_area, self.takeaway, *self.figure_area.hidden], layout=widgets.Layout(flex_flow="row wrap"))
        row.add_class("bot-figure-row")
        return row

    def refresh(self, change: dict | None = None) -> None:
        """Redraw the figure and the takeaway from the controls' current values."""
        if self._paused:
            return
        try:
            view = self._render()
        except ValueError as error:
            self.show_problem(str(error))
            return
        if not isinstance(view, View):
            view = View(*view)
        self.message.value = ""
        self.figure_area.show(view.figure)
        self.takeaway.value = f'<div role="status" aria-live="polite">{view.takeaway}</div>'
        description = f"<p><small>Figure: {html.escape(view.description)}</small></p>" if view.description else ""
        if self.description.value != description:
            self.description.value = description
        self.set_numbers(view.numbers)

    def set_numbers(self, table: pd.DataFrame | None, to_html: Callable[[pd.DataFrame], str] = numbers_html) -> None:
        """The table behind the figure; its HTML is made only while "Show the numbers" is on."""
        self._numbers_table, self._numbers_to_html, self._numbers_shown = table, to_html, None
        self.show_numbers.layout.display = "none" if table is None else ""
        self._toggle_numbers()

    def _toggle_numbers(self, change: dict | None = None) -> None:
        shown = self.show_numbers.value and self._numbers_table is not None
        self.show_numbers.description = "Hide the numbers" if shown else "Show the numbers"
        self.numbers.layout.display = "" if shown else "none"
        if shown and self._numbers_shown is None:
            self._numbers_shown = self._numbers_to_html(self._numbers_table)
        value = self._numbers_shown if shown else ""
        if self.numbers.value != value:
            self.numbers.value = value

    def show_problem(self, message: str) -> None:
        """Say what is wrong with the input, next to the controls (the figure stays)."""
        self.message.value = f'<span role="alert"><b>Please check:</b> {html.escape(message)}</span>'

    def paused(self) -> _Paused:
        """A context in which control changes do not redraw (redraws once at the end)."""
        return _Paused(self)


class _Paused:
    def __init__(self, app: FigureApp):
        self.app = app

    def __enter__(self) -> None:
        self.app._paused = True

    def __exit__(self, *exc: object) -> None:
        self.app._paused = False
        self.app.refresh()


def run_safely(action: Callable[[], object], show: Callable[[str], None], kept: str) -> None:
    """Run a button's or an upload's action; an unexpected error becomes a message, never a traceback.

    ``show`` puts the message on screen; ``kept`` tells the learner what is still as it was.
    """
    try:
        action()
    except Exception as error:  # noqa: BLE001  (a learner must never see a traceback)
        show(f"Something went wrong ({type(error).__name__}: {error}). {kept}")


def rescale(slider: widgets.Widget, factor: float, digits: int) -> None:
    """Move a slider to another unit: bounds and value multiplied by ``factor``.

    The new bounds and value are rounded to ``digits`` decimals and must lie on the
    slider's step grid (use a step of ``10**-digits``), so the handle sits exactly at the
    number the readout shows. All three reach the browser in one message: sent one by
    one, the browser would clamp the old value to the new bounds and send that back.
    """
    value = round(slider.value * factor, digits)
    low, high = round(slider.min * factor, digits), round(slider.max * factor, digits)
    if digits == 0:
        value, low, high = int(value), int(low), int(high)
    with slider.hold_sync(), slider.hold_trait_notifications():
        if low > slider.max:
            slider.max, slider.min = high, low
        else:
            slider.min, slider.max = low, high
        slider.value = min(max(value, low), high)
