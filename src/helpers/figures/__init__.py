"""Pure figure builders: data in, a plotly figure out (no widgets, no state).

One module per topic. Every figure has axis titles with units and tells series apart by
marker and dash as well as colour; the course template (:mod:`helpers.style`) gives the
rest of the look. Each name is imported from its topic's module when first used
(:mod:`helpers.lazy`).
"""

from helpers.lazy import lazy_names as _lazy_names

_NAMES = {
    **dict.fromkeys(("progression_figure", "self_test_figure"), "helpers.figures.core"),
    "environment_check_figure": "helpers.figures.environment",
    **dict.fromkeys(("force_speed_figure", "prevalence_figure"), "helpers.figures.running_load"),
    **dict.fromkeys(("sample_runner_figure", "stride_figure"), "helpers.figures.stride"),
    "pelvis_figure": "helpers.figures.pelvis",
    "poses_figure": "helpers.figures.poses",
    "training_load_figure": "helpers.figures.training",
    "imaging_figure": "helpers.figures.clinician",
    **dict.fromkeys(("camber_figure", "shoe_bars_figure", "shoe_distance_figure"), "helpers.figures.shoes"),
    "plan_figure": "helpers.figures.plan",
    "evidence_figure": "helpers.figures.recovery",
    "return_to_run_figure": "helpers.figures.recovery:plan_figure",
}
__getattr__, __dir__ = _lazy_names(globals(), _NAMES)

__all__ = ["camber_figure", "environment_check_figure", "evidence_figure", "force_speed_figure", "imaging_figure", "pelvis_figure", "plan_figure", "poses_figure", "prevalence_figure", "progression_figure", "return_to_run_figure", "sample_runner_figure", "self_test_figure", "shoe_bars_figure", "shoe_distance_figure", "stride_figure", "training_load_figure"]
