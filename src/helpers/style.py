"""The one plotly look for the whole course, set in one place.

Importing :mod:`helpers` registers the ``back_on_track`` template and makes it the
default, and sets the renderer to ``plotly_mimetype``: figures are drawn by the
plotly.js that ships with the installed JupyterLab extension (no CDN, nothing fetched)
and a saved notebook keeps only the figure's data (a few KB), never plotly.js itself.
"""

from __future__ import annotations

import json
import os
import sys

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE_NAME = "back_on_track"
RENDERER = "plotly_mimetype"
PLOTLY_MIME = "application/vnd.plotly.v1+json"

#: Okabe & Ito's colour-blind-safe palette (black last, for reference lines).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: Marker symbols, so that no series is told apart by colour alone.
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon")
#: Line dashes, for the same reason.
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")

FONT = dict(family="Atkinson Hyperlegible, Verdana, DejaVu Sans, sans-serif", size=15, color="#222222")


def _template() -> go.layout.Template:
    axis = dict(
        showline=True,
        linecolor="#444444",
        ticks="outside",
        gridcolor="#e5e5e5",
        zeroline=False,
        title=dict(font=dict(size=15)),
        automargin=True,
    )
    return go.layout.Template(
        layout=dict(
            colorway=list(PALETTE),
            font=FONT,
            title=dict(font=dict(size=18), x=0.02, xanchor="left"),
            paper_bgcolor="white",
            plot_bgcolor="white",
            xaxis=axis,
            yaxis=axis,
            legend=dict(bgcolor="rgba(255,255,255,0.85)", bordercolor="#cccccc", borderwidth=1),
            hoverlabel=dict(font=dict(size=14)),
            margin=dict(l=70, r=30, t=60, b=60),
        )
    )


def apply() -> None:
    """Register the course template and renderer (done once, on ``import helpers``)."""
    pio.templates[TEMPLATE_NAME] = _template()
    pio.templates.default = TEMPLATE_NAME
    if "plotly.io._renderers" in sys.modules:
        pio.renderers.default = RENDERER
    else:  # plotly reads this when it first needs a renderer; importing its renderers now costs ~1 s (nbformat)
        os.environ["PLOTLY_RENDERER"] = RENDERER
    _show_figures_without_nbformat()


def renderer() -> str:
    """plotly's default renderer, read without importing plotly's renderers if they are not loaded yet."""
    if "plotly.io._renderers" in sys.modules:
        return pio.renderers.default
    return os.environ.get("PLOTLY_RENDERER", "")


def figure_bundle(figure: go.Figure) -> dict:
    """The ``plotly_mimetype`` renderer's bundle for a figure, built without plotly's renderers.

    The same JSON (``tests/test_style.py`` compares them); plotly's own path imports its
    renderers and with them nbformat (about 1 s on the first figure a lesson shows).
    """
    return {PLOTLY_MIME: json.loads(pio.to_json(figure, validate=False, remove_uids=False))}



def _display_figure(figure: go.Figure) -> None:
    if "plotly.io._renderers" in sys.modules or os.environ.get("PLOTLY_RENDERER") != RENDERER:
        figure._ipython_display_()  # plotly's renderers are loaded anyway, or another renderer was chosen
        return
    from IPython.display import display  # noqa: PLC0415  (only in a running IPython)

    display(figure_bundle(figure), raw=True)


def _show_figures_without_nbformat() -> None:
    """In a notebook kernel, show a figure that ends a cell through :func:`figure_bundle`."""
    if "IPython" not in sys.modules:  # a plain script: importing IPython to check would cost ~0.1 s
        return
    shell = sys.modules["IPython"].get_ipython()
    if shell is not None:
        shell.display_formatter.ipython_display_formatter.for_type(go.Figure, _display_figure)
