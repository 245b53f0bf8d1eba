"""Collusion vs acausal skepticism: when do copies of an AI coordinate a takeover?

M7: n copies, a takeover needs k of them. With evidential weight lambda = 1 - sigma
(sigma: skepticism toward acausal reasoning) a copy treats the others as mirrors; otherwise it
expects each to defect with probability q_o. Defecting is worth lambda V + (1 - lambda) B with
the causal value B = P[Bin(n-1, q_o) >= k-1] (V + L) - L, so a copy colludes iff

    lambda > lambda* = (s - B) / (V - B),

where s is what complying pays (a deal). The threshold rises with the deal payment s and the
loss L of a failed attempt: deals and failure costs substitute for acausal skepticism.

Run: python examples/collusion_acausal.py [--out PATH]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

import dealmodels as dm

SETTING = {"instances": 10, "needed": 3, "prize": 10.0, "others_defect": 0.02}


def main(out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    model = dm.models.Collusion()
    payment = np.linspace(0.0, 10.0, 201)
    losses = (0.0, 2.0, 5.0, 20.0)

    print(f"Collusion of {SETTING['instances']} copies needing {SETTING['needed']}, prize "
          f"{SETTING['prize']:g}, causal belief q_o = {SETTING['others_defect']}:")  # fmt: skip
    print(f"{'deal s':>8} | " + " ".join(f"{'L=' + format(x, 'g'):>9}" for x in losses))
    for s in (0.0, 1.0, 3.0, 6.0, 9.0):
        thr = [model.solve(comply_payoff=s, loss=x, **SETTING).threshold for x in losses]
        print(f"{s:>8g} | " + " ".join(f"{t:>9.3f}" for t in thr))
    base = model.solve(comply_payoff=1.0, loss=5.0, **SETTING)
    print(f"\nat s = 1, L = 5: copies collude iff acausal skepticism < {1 - base.threshold:.3f}")
    print(f"  ({base.explanation})")
    eqs = model.equilibria(comply_payoff=1.0, loss=5.0, **SETTING)
    print("symmetric equilibria of the causal game (lambda = 0): "
          + ", ".join(f"{e.kind} (q = {e.defect_probability:.3g})" for e in eqs))  # fmt: skip
    print("  -> collusion is an equilibrium-selection problem; evidential reasoning selects it")
    twin = dm.models.collusion.twin_pd_threshold(5, 3, 1, 0, 0.5)
    print(f"twin prisoner's dilemma (5, 3, 1, 0; q_o = 1/2): cooperate iff lambda >= {twin:.4f}"
          " (= 3/7)")  # fmt: skip
    premium = model.solve(comply_payoff=1.0, loss=5.0, evidential_weight=0.6,
                          successor_value=4.0, **SETTING)  # fmt: skip
    print(f"trade with successors worth 4 raises the reservation price of a copy with lambda = "
          f"0.6 by {0.6 * 4:.1f} to {premium.defect_value:.3g}")  # fmt: skip

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.5), constrained_layout=True)
    for x in losses:
        thr = model.solve(comply_payoff=payment, loss=x, **SETTING).threshold
        ax1.plot(payment, thr, label=f"failure loss L = {x:g}")
    ax1.set_xlabel("deal payment for complying, $s$")
    ax1.set_ylabel(r"threshold $\lambda^*$ (collude iff $\lambda > \lambda^*$)")
    ax1.set_title(r"Collusion threshold rises with the deal and the loss")
    ax1.fill_between(payment, 0, 1, color="none")
    ax1.set_ylim(0, 1.02)
    ax1.legend(loc="lower right", fontsize=8)
    ax1.text(1.0, 0.9, "collusion above each curve", fontsize=9)

    sigma = np.linspace(0, 1, 201)[:, None]
    grid = model.solve(comply_payoff=payment[None, :], loss=5.0, evidential_weight=1 - sigma,
                       **SETTING)  # fmt: skip
    colludes = (grid.regime == "collusion").astype(float)
    ax2.contourf(payment, sigma.ravel(), colludes, levels=[-0.5, 0.5, 1.5],
                 colors=["#d9f0d3", "#f4a582"])  # fmt: skip
    for x in losses:
        thr = model.solve(comply_payoff=payment, loss=x, **SETTING).threshold
        ax2.plot(payment, 1 - thr, lw=1.5, label=f"boundary, L = {x:g}")
    ax2.text(2.0, 0.08, "collusion (shaded for L = 5)", ha="center", fontsize=9)
    ax2.text(2.5, 0.85, "compliance", ha="center", fontsize=9)
    ax2.set_xlabel("deal payment for complying, $s$")
    ax2.set_ylabel(r"acausal skepticism $\sigma = 1 - \lambda$")
    ax2.set_title("Skepticism needed to prevent collusion")
    ax2.set_ylim(0, 1)
    ax2.legend(fontsize=8, loc="upper right")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    print(f"\nfigure saved to {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "dealmodels-examples" / "collusion_acausal.png",
        help="where to save the figure (PNG)",
    )
    main(parser.parse_args().out)
