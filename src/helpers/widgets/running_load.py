"""Lesson 01 widget: the load-per-kilometre explorer."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd

from helpers import running_load
from helpers.data import load_table
from helpers.figures import force_speed_figure
from helpers.units import KM_PER_MILE, LB_PER_KG, kmh_to_ms, lb_to_kg, to_km
from helpers.widgets.base import SLIDER_LAYOUT, WIDE, FigureApp, View, rescale


def load_explorer() -> FigureApp:
    """Lesson 01: peak force per step and steps per km (or mile) at the learner's speed."""
    forces = load_table("running_forces")
    speeds = np.linspace(*running_load.SPEED_RANGE_KMH, 81)
    curve = pd.DataFrame({"speed_kmh": speeds, "peak_force_bw": running_load.peak_force_bw(kmh_to_ms(speeds))})
    units = widgets.ToggleButtons(
        options=[("metric (km, kg)", "km"), ("imperial (miles, lb)", "mi")], value="km", description="Units", style=WIDE
    )
    speed = widgets.FloatSlider(value=10.0, min=6.0, max=22.0, step=0.1, readout_format=".1f", style=WIDE,
                                continuous_update=False, layout=SLIDER_LAYOUT)
    cadence = widgets.IntSlider(value=170, min=140, max=210, step=1, description="Cadence (steps/min)",
                                continuous_update=False, style=WIDE, layout=SLIDER_LAYOUT)
    mass = widgets.IntSlider(value=70, min=40, max=130, step=1, style=WIDE, continuous_update=False, layout=SLIDER_LAYOUT)

    def render() -> View:
        unit = units.value
        speed_kmh = to_km(speed.value, unit)
        mass_kg = mass.value if unit == "km" else lb_to_kg(mass.value)
        load = running_load.load_per_km(speed_kmh, cadence.value, mass_kg)
        figure = force_speed_figure(forces, curve, speed_kmh, load.peak_force_bw, unit)
        return View(figure, running_load.describe(load, unit), running_load.figure_description(load, forces, unit),
                    running_load.figure_numbers(load, forces, unit))

    app = FigureApp([units, speed, cadence, mass], render, redraw_on=[speed, cadence, mass])

    def label_units(change: dict | None = None) -> None:
        imperial = units.value == "mi"
        factor = KM_PER_MILE if imperial else 1 / KM_PER_MILE
        mass_factor = LB_PER_KG if imperial else 1 / LB_PER_KG
        with app.paused():  # redraws once, after converting
            if change is not None:  # convert the current settings to the new unit
                rescale(speed, 1 / factor, digits=1)
                rescale(mass, mass_factor, digits=0)
            speed.description = "Speed (mph)" if imperial else "Speed (km/h)"
            mass.description = "Body mass (lb)" if imperial else "Body mass (kg)"

    label_units()
    units.observe(label_units, names="value")
    return app
