"""How important is the model spec if alignment fails? The answer, its causes, its robustness.

``spec_value`` compares each spec of the built-in default scenario with *no spec* on the
composed Scenario (takeover decision and negotiated deal, credibility, monitoring, collusion,
what humans keep after a takeover), averaging over what training instilled (each target
persists with its probability) and over the default priors on the world. It prints:

1. the answer for each spec in words, with intervals;
2. the exact Shapley attribution to the spec's targets and secondary effects;
3. how the answer moves when the most influential world assumptions move (the table the docs'
   world page shows).

Run: python examples/value_of_a_spec.py [--n N]
"""

from __future__ import annotations

import argparse
import time

from scipy import stats

import dealmodels as dm
from dealmodels.report import load_scenario
from dealmodels.world import default_priors

# the assumptions to move, one at a time, from the default priors
VARIANTS = {
    "default priors": {},
    "prize 10x smaller": {"prize": stats.loguniform(0.1, 10.0)},
    "lone attempts likelier (p ~ Beta(4, 4))": {"p": stats.beta(4, 4)},
    "one copy only": {"instances": stats.randint(1, 2)},
    "coordinated attempts rarer (Beta(1, 4))": {"collusion_success": stats.beta(1, 4)},
    "weak monitor (separability ~ U[0, 1])": {"separability": stats.uniform(0.0, 1.0)},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=8_000, help="draws per spec")
    args = parser.parse_args()
    specs = load_scenario().specs
    t0 = time.perf_counter()
    for spec in specs:
        sv = dm.spec_value(spec, n=args.n, seed=2026, robustness=100)
        print(f"== {spec.name}\n{sv}\n")
        for share in sv.attribution:
            print(
                f"   {share.name:<20} {share.kind:<9} developer value {share.developer_value:+.3f}"
                f"   P(no takeover) {share.no_takeover:+.3f}"
            )
        print()
    print("How the answer moves with the world's assumptions (developer-value gain over no spec)")
    head = f"{'variant':<42}{'P(no takeover), no spec':>24}"
    print(head + "".join(f"{s.name:>28}" for s in specs))
    for label, change in VARIANTS.items():
        priors = {**default_priors(), **change}
        row = f"{label:<42}"
        base = None
        for spec in specs:
            sv = dm.spec_value(
                spec, priors=priors, n=args.n // 4, seed=7, attribution=False, robustness=0
            )
            base = sv.baseline_no_takeover
            d = sv.developer_value_difference
            row_spec = f"{d.estimate:+.2f} [{d.low:+.2f}, {d.high:+.2f}]"
            row += f"{row_spec:>28}"
        assert base is not None
        print(f"{label:<42}{base.estimate:>24.3f}" + row[42:])
    print(f"\n({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
