"""Back on Track: models, figures and widgets for the course on lower back pain in runners.

Importing the package sets the course's plotly template and renderer (see ``helpers.style``).
Everything else (``helpers.load_explorer``, ``helpers.figures``, ...) is imported when a
lesson first uses it (:mod:`helpers.lazy`), so a lesson starts without loading the others'.
"""

from helpers import style as _style
from helpers.lazy import lazy_names as _lazy_names

_style.apply()

_WIDGETS = ("appointment_notes_app", "camber_explorer", "core_endurance_test", "downhill_checker", "draw_poses", "exercise_library", "imaging_by_age",
            "load_explorer", "pelvic_tilt_explorer", "plan_builder", "progression_builder", "ramp_simulator",
            "return_to_run_planner", "self_check_form", "self_test", "shoe_wear_tracker", "stride_explorer",
            "training_log_explorer")
_NAMES = {
    "check_environment": "helpers.environment",
    "cite": "helpers.references",
    "reference_list": "helpers.references",
    "safety_note": "helpers.safety",
    **{name: "helpers.widgets" for name in _WIDGETS},
}
__getattr__, __dir__ = _lazy_names(globals(), _NAMES)

__version__ = "0.1.0"
__all__ = ["appointment_notes_app", "camber_explorer", "check_environment", "cite", "core_endurance_test", "downhill_checker", "draw_poses", "exercise_library", "imaging_by_age", "load_explorer", "pelvic_tilt_explorer", "plan_builder", "progression_builder", "ramp_simulator", "reference_list", "return_to_run_planner", "safety_note", "self_check_form", "self_test", "shoe_wear_tracker", "stride_explorer", "training_log_explorer"]
