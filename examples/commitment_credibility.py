"""Commitment credibility: when can a developer credibly promise to pay an AI for its work?

M4. The developer offers x; the AI works or takes its outside option o_A; after the
work the developer honours (pays x) or reneges at a cost K (reputation, honesty policy, legal
enforcement, escrow). Backward induction: the developer honours iff x <= K, so a deal is the
subgame-perfect outcome iff o_A <= min(K, w - o_D). The credibility condition printed below is
read off the game tree by symbolic backward induction. With a committed developer type of
prior q (the AI's trust), an offer beyond K is worth q x to the AI, so the price rises to o_A/q.

Run: python examples/commitment_credibility.py [--out PATH]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

import dealmodels as dm
from dealmodels.solvers.backward import subgame_perfect

POINT = {"work_value": 1.0, "outside_developer": 0.2, "outside_ai": 0.3}


def main(out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    model = dm.models.CommitmentGame()

    # 1. One deal, three commitment devices of increasing strength.
    print(f"work worth w = {POINT['work_value']}, developer's option o_D = "
          f"{POINT['outside_developer']}, AI's option o_A = {POINT['outside_ai']}:")  # fmt: skip
    for k in (0.1, 0.3, 0.5):
        r = model.solve(reneging_cost=k, **POINT)
        spe = subgame_perfect(model.game(reneging_cost=k, **POINT))
        print(f"  K = {k}: {r.regime:<17} tree path {'/'.join(spe.path_actions):<19} "
              f"payoffs {tuple(round(float(p), 4) for p in spe.payoffs)}")  # fmt: skip

    # 2. The credibility condition, derived from the declared game, and its threshold in K.
    cond = model.credibility_condition()
    print(f"\ncredibility condition from the declared game: {cond}")
    th = cond.solve_for("reneging_cost")
    print(f"  a credible deal needs reneging_cost {th.direction} {th.value}  (and {th.side})")

    # 3. Reputation: with K = 0.1 < o_A the developer must pay the credibility premium.
    print("\nreputation (K = 0.1): the AI's price o_A/q and whether the developer pays it")
    for q in (0.2, 0.375, 0.6, 0.9, 1.0):
        r = model.solve(reneging_cost=0.1, trust=q, **POINT)
        print(f"  trust {q:<5}: offer {r.offer:.4f}, premium {r.credibility_premium:.4f}, "
              f"{r.regime}")  # fmt: skip
    q_min = POINT["outside_ai"] / (POINT["work_value"] - POINT["outside_developer"])
    print(f"  a deal on reputation needs trust >= o_A/(w - o_D) = {q_min:.4f}")

    # 4. Upfront payment: the AI's promise keeping replaces the developer's commitment device.
    up = dm.models.CommitmentGame(payment="upfront")
    print("\nupfront payment (K irrelevant), AI's gain from defecting g = 0.5:")
    for kappa in (0.0, 0.4, 0.5, 1.0):
        r = up.solve(defection_gain=0.5, promise_keeping=kappa, reneging_cost=0.0, **POINT)
        print(f"  promise_keeping {kappa:<4}: {r.regime}")

    # Figure: (a) the regime map over (o_A, K) without reputation; (b) the price against trust.
    o_a = np.linspace(0, 1, 401)[None, :]
    k = np.linspace(0, 1, 401)[:, None]
    r = model.solve(outside_ai=o_a, reneging_cost=k, work_value=1.0, outside_developer=0.2)
    code = np.select([r.regime == "deal", r.regime == "no credible deal"], [0, 1], 2)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 5), constrained_layout=True)
    cmap = ListedColormap(["#4daf4a", "#ff7f00", "#bdbdbd"])
    ax1.pcolormesh(o_a.ravel(), k.ravel(), code, cmap=cmap, vmin=-0.5, vmax=2.5, shading="auto")
    ax1.plot([0, 0.8], [0, 0.8], color="k", lw=1, ls="--")
    ax1.axvline(0.8, color="k", lw=1, ls=":")
    ax1.text(0.25, 0.7, "deal\n$o_A \\leq \\min(K, w - o_D)$", ha="center", fontsize=10)
    ax1.text(0.55, 0.2, "no credible deal\n$K < o_A \\leq w - o_D$", ha="center", fontsize=10)
    ax1.text(0.9, 0.5, "no gains\nfrom trade", ha="center", fontsize=10)
    ax1.set_xlabel("AI's outside option $o_A$ (its price)")
    ax1.set_ylabel("cost of reneging $K$ (commitment devices raise it)")
    ax1.set_title("(a) Subgame-perfect outcome, $w = 1$, $o_D = 0.2$, no reputation")

    trust = np.linspace(0.05, 1, 300)
    rr = model.solve(reneging_cost=0.1, trust=trust, **POINT)
    ax2.plot(trust, rr.offer, color="C0", lw=2, label="AI's price $x^* = o_A / q$")
    ax2.axhline(
        POINT["outside_ai"], color="C2", ls="--", label="credible price $o_A$ (if $K \\geq o_A$)"
    )
    ax2.axhline(0.8, color="k", ls=":", label="developer's most, $w - o_D$")
    ax2.fill_between(trust, 0, 3, where=rr.cooperates, color="#4daf4a", alpha=0.15,
                     label="deal on reputation")  # fmt: skip
    ax2.axvline(q_min, color="grey", lw=1)
    ax2.annotate(f"$q = {q_min:.3f}$", (q_min, 2.5), xytext=(q_min + 0.05, 2.6), fontsize=9)
    ax2.set_ylim(0, 3)
    ax2.set_xlabel("trust $q$ (prior that the developer is a committed type)")
    ax2.set_ylabel("payment")
    ax2.set_title("(b) The credibility premium, $K = 0.1 < o_A = 0.3$")
    ax2.legend(loc="upper right", fontsize=9)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    print(f"\nfigure saved to {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "dealmodels-examples" / "commitment_credibility.png",
        help="where to save the figure (PNG)",
    )
    main(parser.parse_args().out)
