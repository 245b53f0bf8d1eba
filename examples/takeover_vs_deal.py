"""Takeover vs deal: the minimum payment a CARA AI accepts, by risk aversion and trust.

M1 with u(x) = 1 - exp(-alpha x) (Thornley & MacAskill 2026) and an unbounded prize:
the AI accepts a payment x, honoured with probability q (trust), instead of a takeover that
succeeds with probability p iff q u(x) >= p, i.e.

    x* = ln(q / (q - p)) / alpha,    and no deal is possible at all when q <= p.

Risk aversion makes the deal cheap (x* falls as 1/alpha); trust decides whether one exists.

Run: python examples/takeover_vs_deal.py [--out PATH]
"""

from __future__ import annotations

import argparse
import math
import tempfile
from pathlib import Path

import numpy as np

import dealmodels as dm

P_SUCCESS = 0.3
BUDGET = 1.0  # the most the developer will pay
NOW = {"loss": 0.0, "corrigibility_cost": 0.0, "salience": 1.0, "subversion": 0.0,
       "delay_takeover": 0.0, "delay_deal": 0.0, "prize": math.inf}  # fmt: skip


def main(out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    model = dm.models.TakeoverDecision(utility="cara")
    alpha = np.geomspace(0.05, 20, 300)[None, :]
    trust = np.linspace(0.0, 1.0, 301)[:, None]
    r = model.solve(risk_aversion=alpha, trust=trust, p=P_SUCCESS, budget=BUDGET, **NOW)
    x = r.minimum_payment  # inf where no deal is possible

    print(f"Minimum payment x* (takeover success p = {P_SUCCESS}, unbounded prize):")
    print(f"{'trust':>8} | " + " ".join(f"alpha={a:<6g}" for a in (0.1, 0.5, 1, 5)))
    for q in (0.2, 0.3, 0.35, 0.5, 0.9):
        row = model.solve(
            risk_aversion=np.array([0.1, 0.5, 1, 5]), trust=q, p=P_SUCCESS, budget=BUDGET, **NOW
        )
        cells = [
            f"{v:<12.4g}" if math.isfinite(v) else f"{'no deal':<12}" for v in row.minimum_payment
        ]
        print(f"{q:>8} | " + " ".join(cells))
    cond = model.cooperation_condition().subs(**{k: v for k, v in NOW.items() if k != "prize"})
    print(f"\ncooperation condition (no delays, no losses): {cond}")
    print("  (with an unbounded prize the right side is p: deal iff q (1 - exp(-alpha G)) >= p)")
    share = float(np.mean(r.cooperates))
    print(f"share of this (alpha, trust) grid where a deal within budget {BUDGET} exists: "
          f"{share:.3f}")  # fmt: skip

    fig, ax = plt.subplots(figsize=(7.5, 5), constrained_layout=True)
    finite = np.where(np.isfinite(x), x, np.nan)
    mesh = ax.pcolormesh(
        alpha.ravel(), trust.ravel(), finite, norm=LogNorm(vmin=1e-3, vmax=1e2),
        cmap="viridis", shading="auto",
    )  # fmt: skip
    fig.colorbar(mesh, ax=ax, label="minimum payment $x^*$ (resources)")
    ax.contourf(
        alpha.ravel(), trust.ravel(), (~np.isfinite(x)).astype(float), levels=[0.5, 1.5],
        colors="none", hatches=["///"],
    )  # fmt: skip
    ax.axhspan(0, P_SUCCESS, color="lightgrey", alpha=0.6, zorder=0)
    ax.text(0.08, P_SUCCESS / 2, "no deal possible: $q \\leq p$\n(payment less likely than "
            "successful takeover)", va="center", fontsize=9,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.9})  # fmt: skip
    cs = ax.contour(
        alpha.ravel(), trust.ravel(), np.where(np.isfinite(x), x, 1e9), levels=[BUDGET],
        colors="white", linewidths=2,
    )  # fmt: skip
    ax.clabel(cs, fmt={BUDGET: f"$x^* = $ budget {BUDGET:g}"}, fontsize=9)
    ax.text(5, 0.8, "deal within\nbudget", color="white", fontsize=10, ha="center")
    ax.text(0.12, 0.8, "deal too\nexpensive", color="white", fontsize=10, ha="center")
    ax.set_xscale("log")
    ax.set_ylim(0, 1)
    ax.set_xlabel("risk aversion $\\alpha$ (CARA)")
    ax.set_ylabel("trust $q$ (probability the payment is honoured)")
    ax.set_title(f"Takeover vs deal: CARA AI, takeover success $p = {P_SUCCESS}$, prize $\\infty$")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    print(f"\nfigure saved to {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "dealmodels-examples" / "takeover_vs_deal.png",
        help="where to save the figure (PNG)",
    )
    main(parser.parse_args().out)
