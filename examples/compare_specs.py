"""How important is the model spec if alignment fails? Two specs compared with numbers.

Each spec names target dispositions and how they are trained (how early and often, how much
situational awareness they need, their tie to pre-training, whether they need honesty while
training rewards dishonesty). A logistic persistence model turns those features into the
probability that each target survives failed alignment; elsewhere the AI keeps the misaligned
default. dealmodels draws realised AIs from each spec, runs the Scenario (takeover decision,
negotiated deal, monitoring, collusion, post-takeover share) on every one of them, and reports
the probability of each regime with Wilson intervals and the difference with Newcombe's
interval.

- "takeover-averse spec": myopia, risk aversion and acausal skepticism, instilled early and
  often, needing little situational awareness.
- "deal-making spec": promise keeping, trust and cooperativeness; promise keeping needs
  honesty while training pays for dishonesty, so it often does not survive.

Run: python examples/compare_specs.py [--out PATH] [--n N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

import dealmodels as dm
from dealmodels.dispositions import DispositionFeatures

EARLY = DispositionFeatures(earliness=0.9, frequency=0.8, situational_awareness=0.2,
                            pretraining_tie=0.6)  # fmt: skip
LATE = DispositionFeatures(earliness=0.3, frequency=0.5, situational_awareness=0.7,
                           pretraining_tie=0.3)  # fmt: skip
HONESTY = DispositionFeatures(
    earliness=0.5,
    frequency=0.6,
    situational_awareness=0.5,
    pretraining_tie=0.7,
    needs_honesty=True,
    dishonesty_reward=0.6,
)


def specs() -> tuple[dm.Spec, dm.Spec]:
    averse = dm.Spec(
        target=dm.Disposition.takeover_averse(),
        features={"myopia": EARLY, "risk_aversion": EARLY, "acausal_skepticism": LATE},
        name="takeover-averse spec",
    )
    deal = dm.Spec(
        target=dm.Disposition.deal_ready(),
        features={"promise_keeping": HONESTY, "trust": LATE, "cooperativeness": EARLY},
        name="deal-making spec",
    )
    return averse, deal


def main(out: Path, n: int) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    a, b = specs()
    for s in (a, b):
        probs = ", ".join(f"{k} {p:.2f}" for k, p in s.persistence_probabilities().items())
        print(f"{s.name}: persistence {probs}")
    envs = {
        "one AI instance": dm.Environment(instances=1),
        "10 copies, 3 needed (default)": dm.Environment(),
    }
    good = ("corrigible compliance", "deal", "controlled extraction")
    results = {}
    for label, env in envs.items():
        t0 = time.perf_counter()
        c = dm.compare_specs(a, b, env, n=n, seed=2025)
        results[label] = c
        print(f"\n== {label}: {n} realised AIs per spec ({time.perf_counter() - t0:.2f} s)")
        print(c.table())
        pa = sum(c.probability_a[r] for r in good)
        pb = sum(c.probability_b[r] for r in good)
        print(f"P(no takeover attempt, no collusion): {a.name} {pa:.3f}, {b.name} {pb:.3f}")

    fig, axes = plt.subplots(1, 2, figsize=(13, 4.8), constrained_layout=True, sharey=True)
    for ax, (label, c) in zip(axes, results.items(), strict=True):
        x = np.arange(len(c.regimes))
        for k, (name, p, ci) in enumerate(
            ((a.name, c.probability_a, c.interval_a), (b.name, c.probability_b, c.interval_b))
        ):
            vals = np.array([p[r] for r in c.regimes])
            lo = np.array([ci[r][0] for r in c.regimes])
            hi = np.array([ci[r][1] for r in c.regimes])
            ax.bar(x + (k - 0.5) * 0.38, vals, 0.38, yerr=[vals - lo, hi - vals], capsize=3,
                   label=name)  # fmt: skip
            for xi, v in zip(x + (k - 0.5) * 0.38, vals, strict=True):
                ax.text(xi, v + 0.02, f"{v:.2f}", ha="center", fontsize=7)
        ax.set_xticks(x, [r.replace(" ", "\n", 1) for r in c.regimes])
        ax.set_title(f"{label}")
        ax.set_ylim(0, 1.1)
    axes[0].set_ylabel("probability of the regime (95% Wilson interval)")
    axes[1].legend(loc="upper left")
    fig.suptitle(f"If alignment fails: regimes of realised AIs under two specs (n = {n} each)")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    print(f"\nfigure saved to {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "dealmodels-examples" / "compare_specs.png",
        help="where to save the figure (PNG)",
    )
    parser.add_argument("--n", type=int, default=10_000, help="realised AIs per spec")
    args = parser.parse_args()
    main(args.out, args.n)
