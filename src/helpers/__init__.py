"""Back on Track: models, figures and widgets for the course on lower back pain in runners.

Importing the package sets the course's plotly template and renderer (see ``helpers.style``).
"""

from helpers import style as _style

_style.apply()

from helpers import data, figures, tables  # noqa: E402
from helpers.environment import check_environment  # noqa: E402
from helpers.references import cite, reference_list  # noqa: E402
from helpers.safety import safety_note  # noqa: E402
from helpers.widgets import load_explorer, self_test  # noqa: E402
from helpers.widgets import self_check_form  # noqa: E402
from helpers.widgets import stride_explorer  # noqa: E402
from helpers.widgets import pelvic_tilt_explorer  # noqa: E402
from helpers.widgets import ramp_simulator, training_log_explorer  # noqa: E402
from helpers.widgets import imaging_by_age  # noqa: E402

from helpers.widgets import camber_explorer, shoe_wear_tracker  # noqa: E402
from helpers.widgets import core_endurance_test, draw_poses, exercise_library, progression_builder  # noqa: E402

from helpers.widgets import plan_builder  # noqa: E402

from helpers.widgets import return_to_run_planner  # noqa: E402

__version__ = "0.1.0"
__all__ = ["camber_explorer", "check_environment", "cite", "core_endurance_test", "draw_poses", "exercise_library", "imaging_by_age", "load_explorer", "pelvic_tilt_explorer", "plan_builder", "progression_builder", "ramp_simulator", "reference_list", "return_to_run_planner", "safety_note", "self_check_form", "self_test", "shoe_wear_tracker", "stride_explorer", "training_log_explorer"]
