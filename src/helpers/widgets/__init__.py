"""Thin ipywidgets wiring over the models and figures; one module per topic.

A lesson shows each widget with one call, e.g. ``helpers.load_explorer()``. Each name is
imported from its topic's module when first used (:mod:`helpers.lazy`).
"""

from helpers.lazy import lazy_names as _lazy_names

_NAMES = {
    **dict.fromkeys(("FigureApp", "Panel", "View", "figure_output", "rescale"), "helpers.widgets.base"),
    "environment_check_app": "helpers.widgets.environment",
    **dict.fromkeys(("SelfTest", "self_test"), "helpers.widgets.quiz"),
    "load_explorer": "helpers.widgets.running_load",
    "self_check_form": "helpers.widgets.selfcheck",
    "stride_explorer": "helpers.widgets.stride",
    "pelvic_tilt_explorer": "helpers.widgets.pelvis",
    **dict.fromkeys(("ramp_simulator", "training_log_explorer"), "helpers.widgets.training"),
    **dict.fromkeys(("appointment_notes_app", "imaging_by_age"), "helpers.widgets.clinician"),
    **dict.fromkeys(("camber_explorer", "shoe_wear_tracker"), "helpers.widgets.shoes"),
    **dict.fromkeys(("core_endurance_test", "draw_poses", "exercise_library", "progression_builder"), "helpers.widgets.core"),
    "plan_builder": "helpers.widgets.plan",
    "downhill_checker": "helpers.widgets.hills",
    "return_to_run_planner": "helpers.widgets.recovery",
}
__getattr__, __dir__ = _lazy_names(globals(), _NAMES)

__all__ = ["appointment_notes_app", "camber_explorer", "core_endurance_test", "downhill_checker", "draw_poses", "environment_check_app", "exercise_library", "figure_output", "FigureApp", "imaging_by_age", "load_explorer", "Panel", "pelvic_tilt_explorer", "plan_builder", "progression_builder", "ramp_simulator", "rescale", "return_to_run_planner", "self_check_form", "self_test", "SelfTest", "shoe_wear_tracker", "stride_explorer", "training_log_explorer", "View"]
