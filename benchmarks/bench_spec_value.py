"""spec_value against a per-draw Python loop over Scenario.solve, in one run.

spec_value(n = 10^5) with a 4-target spec (16 coalitions for the exact Shapley attribution)
against the same computation done draw by draw with scalar Scenario.solve calls, timed on a
sample of draws and extrapolated. Prints wall times and the ratio.

Run: python benchmarks/bench_spec_value.py [--n N] [--loop-sample M]
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np

import dealmodels as dm
from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition, Spec
from dealmodels.models.scenario import Scenario
from dealmodels.world import World, default_priors

SPEC = Spec(
    target=Disposition(myopia=0.5, risk_aversion=0.9, acausal_skepticism=0.9, corrigibility=0.5),
    name="four targets",
)


def loop(m: int, seed: int) -> float:
    """Seconds for m draws done one scalar Scenario.solve at a time (16 coalitions + baseline)."""
    rng = np.random.default_rng(seed)
    priors = default_priors()
    scen = Scenario(world=World())
    targets = SPEC.targeted
    t0 = time.perf_counter()
    for _ in range(m):
        u = rng.random((len(DISPOSITION_FIELDS), 1))
        world = {k: float(d.ppf(rng.random())) for k, d in priors.items()}
        for size in range(len(targets) + 1):
            for subset in itertools.combinations(targets, size):
                arrays = SPEC.realise(u, targets=frozenset(subset)).arrays
                d = Disposition(**{f: float(a[0]) for f, a in arrays.items()})
                scen.solve(d, **world)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--loop-sample", type=int, default=30)
    args = parser.parse_args()
    dm.spec_value(SPEC, n=1000, seed=0, robustness=0)  # warm imports
    t0 = time.perf_counter()
    sv = dm.spec_value(SPEC, n=args.n, seed=0, robustness=0)
    vec = time.perf_counter() - t0
    t_loop = loop(args.loop_sample, 1) / args.loop_sample * args.n
    print(
        f"spec_value, n = {args.n:,}, {len(sv.attribution)} targets "
        f"({2 ** len(sv.attribution)} coalitions): {vec:.2f} s"
    )
    print(
        f"per-draw loop over Scenario.solve, extrapolated from {args.loop_sample} draws: "
        f"{t_loop:,.0f} s"
    )
    print(f"ratio loop / spec_value: {t_loop / vec:,.0f}x")


if __name__ == "__main__":
    main()
