"""Layout choices that keep a figure readable from a 360 px phone to a 1920 px screen.

plotly never wraps or shrinks text: a title, a legend entry or a label is as wide in a
360 px output as in a 1920 px one, while the plot itself shrinks. So every figure is laid
out for the narrowest output: titles are wrapped into lines that fit it and push the top
margin themselves; legends sit below the plot (never over it), one short entry after
another, wrapped when long; axes carry a bounded number of ticks.
"""

from __future__ import annotations

import textwrap

#: The narrowest output a figure must fit (a phone, or a notebook beside the file browser).
NARROWEST_PX = 360
#: An average character is about this share of the font size wide (a sans-serif, mixed text).
CHAR_WIDTH = 0.6
TITLE_SIZE = 17
LEGEND_SIZE = 12
#: Date axes: at most this many ticks, however wide the figure (about 70 px per date label).
DATE_TICKS = 5


def chars_per_line(font_size: float, width_px: float = NARROWEST_PX - 40) -> int:
    """How many characters of a ``font_size`` px text fit in ``width_px``."""
    return max(8, int(width_px / (font_size * CHAR_WIDTH)))


def wrap(text: str, font_size: float = TITLE_SIZE, width_px: float = NARROWEST_PX - 40) -> str:
    """Plain ``text`` broken into lines (``<br>``) that fit ``width_px`` at ``font_size``."""
    return "<br>".join(textwrap.wrap(text, chars_per_line(font_size, width_px), break_on_hyphens=False)) or text


def title(text: str, size: int = TITLE_SIZE) -> dict:
    """A figure title wrapped to fit the narrowest output, at the top left of the figure.

    Give the figure ``margin.t`` of at least :func:`title_margin` (plotly's own title
    automargin misplaces titles of several lines).
    """
    wrapped = wrap(text, size)
    # plotly lifts a title of several lines by about one line too many: pad it down again
    top = 10 if "<br>" not in wrapped else 10 + round(0.7 * size)
    return dict(text=wrapped, font=dict(size=size), x=0, xref="container", xanchor="left",
                y=1, yref="container", yanchor="top", pad=dict(t=top, l=10))


def title_margin(text: str, size: int = TITLE_SIZE, below: int = 14) -> int:
    """The top margin (px) that holds :func:`title` of ``text`` and ``below`` px under it."""
    lines = wrap(text, size).count("<br>") + 1 if text else 0
    return 10 + round(lines * size * 1.3) + below


def legend_below(size: int = LEGEND_SIZE) -> dict:
    """A legend under the plot and its axis titles (space kept for it), entries side by side."""
    return dict(orientation="h", x=0, xref="paper", xanchor="left", y=0, yref="container", yanchor="bottom",
                font=dict(size=size), bgcolor="rgba(0,0,0,0)", borderwidth=0, entrywidthmode="pixels")


def legend_name(text: str, size: int = LEGEND_SIZE) -> str:
    """A legend entry wrapped to fit beside its symbol in the narrowest output."""
    return wrap(text, size, NARROWEST_PX - 80)


def date_ticks(span_days: float, count: int = DATE_TICKS) -> dict:
    """A date axis with at most ``count`` level, two-line labels (day shown when the span is short)."""
    form = "%d %b<br>%Y" if span_days < 120 else "%b<br>%Y"
    return dict(type="date", nticks=count, tickangle=0, automargin=True, tickformat=form)
