"""The course's own CSS and JavaScript in the browser: keyboard, screen-reader names, layout.

ipywidgets has no way to set ARIA attributes or to keep JupyterLab's notebook shortcuts
off a widget's keys, and a JupyterLab extension would need a build step. So every course
widget carries one hidden ``HTML`` child whose image fails to load on purpose; its
``onerror`` installs, once per page, the scripts in ``frontend/*.js`` (and the styles in
``frontend/*.css``), which then look after every course widget on the page in JupyterLab
and in Voila alike. Nothing is fetched: the code travels in the widget's own value.
"""

from __future__ import annotations

import functools
import json
from importlib.resources import files

import ipywidgets as widgets

FOLDER = files("helpers.widgets") / "frontend"
#: The one global installer; the other scripts are its parts, run in name order.
INSTALLER = "course.js"
LOADER = ("(function(img){if(!window.backOnTrack){var s=img.previousElementSibling;"
          "(new Function(s.textContent))();}window.backOnTrack.scan();})(this)")


def _read(suffix: str) -> list[tuple[str, str]]:
    found = [(entry.name, entry.read_text(encoding="utf-8")) for entry in FOLDER.iterdir()
             if entry.name.endswith(suffix)]
    return sorted(found)


@functools.cache
def script() -> str:
    """All of ``frontend/``: the styles, each part as a function, then the installer."""
    css = "\n".join(text for _, text in _read(".css"))
    parts = [f"function (course) {{\n{text}\n}}" for name, text in _read(".js") if name != INSTALLER]
    installer = dict(_read(".js"))[INSTALLER]
    style = (f"if(!document.getElementById('back-on-track-style')){{var st=document.createElement('style');"
             f"st.id='back-on-track-style';st.textContent={json.dumps(css)};document.head.appendChild(st);}}")
    return f"window.__BOT_PARTS__=[{','.join(parts)}];\n{style}\n{installer}"


@functools.cache
def _html() -> str:
    code = script()
    if "</script" in code.lower():
        raise ValueError("frontend scripts must not contain '</script'")
    return (f'<script type="text/plain">{code}</script>'
            f'<img alt="" hidden src="data:," onerror="{LOADER}">')


def frontend() -> widgets.HTML:
    """The hidden child that brings the course's scripts and styles to the page."""
    loader = widgets.HTML(_html(), layout=widgets.Layout(display="none"))
    loader.add_class("bot-frontend")
    return loader
