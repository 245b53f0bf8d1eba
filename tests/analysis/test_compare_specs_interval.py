"""compare_specs' difference interval is Newcombe's paired hybrid score interval of its own
counts (issue 18: a wrong arm in compare_specs' Newcombe interval passed every test; the
interval functions are pinned to the published examples in test_newcombe.py, this pins the
wiring from the comparison to them)."""

from __future__ import annotations

import pytest

import dealmodels as dm
from dealmodels.analysis.spec_value import paired_newcombe_interval
from dealmodels.dispositions import Disposition, Spec
from dealmodels.world import World

LONE = World(instances=1, separability=0.5)  # one copy, a weak monitor


@pytest.mark.parametrize(("n", "seed"), [(400, 0), (1000, 3)])
def test_difference_interval_is_the_paired_interval_of_the_counts(n: int, seed: int) -> None:
    # the baseline always attempts a takeover in this world; the myopia spec moves the draws
    # where its target persists to corrigible compliance, so every pair's outcome is known
    # from the two shares alone
    myopia = Spec(target=Disposition(myopia=0.9), name="myopia")
    none = Spec(target=Disposition(), name="none")
    c = dm.compare_specs(myopia, none, LONE, n=n, seed=seed)
    take, comply = "takeover attempt", "corrigible compliance"
    assert c.probability_b[take] == 1.0
    k = round(c.probability_a[take] * n)  # draws where the myopia spec still attempts
    assert 0 < k < n
    assert c.probability_a[comply] == (n - k) / n
    # takeover: both attempt on k draws, only the baseline on n - k
    assert c.difference_interval[take] == paired_newcombe_interval(k, 0, n - k, 0)
    assert c.difference[take] == -(n - k) / n
    # compliance: only the myopia spec complies, on n - k draws
    assert c.difference_interval[comply] == paired_newcombe_interval(0, n - k, 0, k)
    assert c.difference[comply] == (n - k) / n
    lo, hi = c.difference_interval[comply]
    assert lo < c.difference[comply] < hi
