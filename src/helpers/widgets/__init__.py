"""Thin ipywidgets wiring over the models and figures; one module per topic.

A lesson shows each widget with one call, e.g. ``helpers.load_explorer()``.
"""

from helpers.widgets.base import FigureApp, Panel, View, figure_output, rescale
from helpers.widgets.environment import environment_check_app
from helpers.widgets.quiz import SelfTest, self_test
from helpers.widgets.running_load import load_explorer
from helpers.widgets.selfcheck import self_check_form
from helpers.widgets.stride import stride_explorer
from helpers.widgets.pelvis import pelvic_tilt_explorer
from helpers.widgets.training import ramp_simulator, training_log_explorer
from helpers.widgets.recovery import return_to_run_planner

__all__ = ["FigureApp", "Panel", "SelfTest", "View", "environment_check_app", "figure_output", "load_explorer", "pelvic_tilt_explorer", "ramp_simulator", "rescale", "return_to_run_planner", "self_check_form", "self_test", "stride_explorer", "training_log_explorer"]
