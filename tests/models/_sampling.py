"""Random points of M1's parameters, shared by the tests of the models built on M1."""

from __future__ import annotations

import numpy as np


def takeover_values(
    rng: np.random.Generator,
    n: int,
    *,
    discount: tuple[float, float] = (0.2, 1.0),
    risk_aversion: tuple[float, float] = (0.05, 3.0),
    budget: tuple[float, float] = (0.0, 2.0),
    baseline: bool = True,
) -> dict[str, np.ndarray]:
    """``n`` random points inside the domains of TakeoverDecision's parameters."""
    vals = {
        "p": rng.uniform(0, 1, n),
        "uplift": rng.uniform(0, 1, n),
        "subversion": rng.uniform(0, 1, n),
        "prize": rng.uniform(0.1, 3, n),
        "loss": rng.uniform(0, 0.5, n),
        "corrigibility_cost": rng.uniform(0, 0.3, n),
        "delay_takeover": rng.integers(0, 4, n).astype(float),
        "delay_deal": rng.integers(0, 4, n).astype(float),
        "discount": rng.uniform(*discount, n),
        "trust": rng.uniform(0.01, 1, n),
        "salience": rng.uniform(0, 1, n),
        "risk_aversion": rng.uniform(*risk_aversion, n),
    }
    if baseline:
        vals["baseline"] = rng.uniform(0.5, 2, n)
    vals["budget"] = rng.uniform(*budget, n)
    return vals
