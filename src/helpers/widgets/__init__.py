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
from helpers.widgets.clinician import imaging_by_age

from helpers.widgets.shoes import camber_explorer, shoe_wear_tracker
from helpers.widgets.core import core_endurance_test, draw_poses, exercise_library, progression_builder

from helpers.widgets.plan import plan_builder

from helpers.widgets.recovery import return_to_run_planner

__all__ = ["camber_explorer", "core_endurance_test", "draw_poses", "environment_check_app", "exercise_library", "figure_output", "FigureApp", "imaging_by_age", "load_explorer", "Panel", "pelvic_tilt_explorer", "plan_builder", "progression_builder", "ramp_simulator", "rescale", "return_to_run_planner", "self_check_form", "self_test", "SelfTest", "shoe_wear_tracker", "stride_explorer", "training_log_explorer", "View"]
