"""Maps over parameters: sweeps over grids, regime maps, Monte Carlo over priors, sensitivity.

Every function takes any :class:`~dealmodels.models._base.Model` and evaluates it on flat
arrays (one broadcasting ``solve`` call per chunk), in-process or over a
:class:`concurrent.futures.Executor`. pandas, scipy and tqdm load only when a function needs
them.
"""

from __future__ import annotations

from dealmodels.analysis.monte_carlo import (
    MonteCarloResult,
    Proportion,
    monte_carlo,
    wilson_interval,
)
from dealmodels.analysis.regions import Boundary, RegionMap, regions
from dealmodels.analysis.sensitivity import (
    SensitivityResult,
    SobolIndices,
    Tornado,
    sensitivity,
    sobol_indices,
)
from dealmodels.analysis.sweep import grid_points, sweep

__all__ = [
    "Boundary",
    "MonteCarloResult",
    "Proportion",
    "RegionMap",
    "SensitivityResult",
    "SobolIndices",
    "Tornado",
    "grid_points",
    "monte_carlo",
    "regions",
    "sensitivity",
    "sobol_indices",
    "sweep",
    "wilson_interval",
]
