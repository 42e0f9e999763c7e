"""Pure figure builders: data in, a plotly figure out (no widgets, no state).

One module per topic. Every figure has axis titles with units and tells series apart by
marker and dash as well as colour; the course template (:mod:`helpers.style`) gives the
rest of the look.
"""

from helpers.figures.core import progression_figure, self_test_figure
from helpers.figures.environment import environment_check_figure
from helpers.figures.running_load import force_speed_figure, prevalence_figure
from helpers.figures.stride import sample_runner_figure, stride_figure
from helpers.figures.pelvis import pelvis_figure
from helpers.figures.poses import poses_figure
from helpers.figures.training import training_load_figure
from helpers.figures.clinician import imaging_figure

from helpers.figures.shoes import camber_figure, cushioning_figure, shoe_bars_figure, shoe_distance_figure
from helpers.figures.plan import plan_figure

from helpers.figures.recovery import evidence_figure
from helpers.figures.recovery import plan_figure as return_to_run_figure

__all__ = ["camber_figure", "cushioning_figure", "environment_check_figure", "evidence_figure", "force_speed_figure", "imaging_figure", "pelvis_figure", "plan_figure", "poses_figure", "prevalence_figure", "progression_figure", "return_to_run_figure", "sample_runner_figure", "self_test_figure", "shoe_bars_figure", "shoe_distance_figure", "stride_figure", "training_load_figure"]
