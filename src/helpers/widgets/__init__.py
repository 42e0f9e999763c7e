"""Thin ipywidgets wiring over the models and figures; one module per topic.

A lesson shows each widget with one call, e.g. ``helpers.load_explorer()``.
"""

from helpers.widgets.base import FigureApp, Panel, figure_output, rescale
from helpers.widgets.environment import environment_check_app
from helpers.widgets.quiz import SelfTest, self_test
from helpers.widgets.running_load import load_explorer

__all__ = ["FigureApp", "Panel", "SelfTest", "environment_check_app", "figure_output", "load_explorer", "rescale", "self_test"]
