"""Negotiated cooperation: how the takeover threat and risk aversion shape the price of a deal.

The same takeover option enters two bargaining models differently (M2, M3):
- as a Nash *disagreement point* (NegotiatedDeal): every increase of the AI's threat moves the
  split;
- as a Binmore-Rubinstein-Wolinsky *opt-out right* (AlternatingOffers): the threat moves the
  split only once it exceeds the AI's Rubinstein share (the outside option principle).
Risk aversion lowers the AI's share in both (Kihlstrom-Roth-Schmeidler), and Rubinstein's split
tends to the Nash split as both sides become patient.

Run: python examples/negotiated_deal.py [--out PATH]
"""

from __future__ import annotations

import argparse
import math
import tempfile
from pathlib import Path

import numpy as np

import dealmodels as dm

NOW = {"loss": 0.0, "corrigibility_cost": 0.0, "salience": 1.0, "subversion": 0.0,
       "delay_takeover": 0.0, "delay_deal": 0.0}  # fmt: skip


def main(out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # 1. One point: a CARA AI (alpha = 1) with a 30% takeover chance at an unbounded prize,
    #    trust 0.9, bargaining over a gain of 2 with the developer.
    point = {"p": 0.3, "prize": math.inf, "trust": 0.9, "risk_aversion": 1.0, "deal_gain": 2.0}
    for solution in ("nash", "kalai_smorodinsky"):
        m2 = dm.models.NegotiatedDeal(utility="cara", solution=solution)
        r = m2.solve(**point, **NOW)
        print(f"{solution:>17}: {r.explanation}")
    print(f"{'':>17}  (ai payoff {r.ai_value:.4f} utils, developer keeps {r.developer_value:.4f})")

    # 2. The two readings of the outside option: a risk-neutral AI, pie 1, trust 1, patient
    #    bargainers (delta = 0.95), takeover success p with prize 1 (so d_A = p).
    p = np.linspace(0.0, 0.99, 397)
    common = {"prize": 1.0, "trust": 1.0, "deal_gain": 1.0, "discount": 0.95, **NOW}
    nash = dm.models.NegotiatedDeal().solve(p=p, **common)
    brw = dm.models.AlternatingOffers().solve(p=p, developer_discount=0.95, **common)
    start = p[np.argmax(brw.option_binds)]
    print(
        f"\nopt-out right binds from p = {start:.3f} (the AI's Rubinstein share as responder "
        f"{brw.rubinstein_share[0]:.4f}); at p = 0.3 Nash gives the AI "
        f"{float(np.interp(0.3, p, nash.transfer)):.3f}, alternating offers "
        f"{float(np.interp(0.3, p, brw.ai_share)):.3f}"
    )

    # 3. Risk aversion (u = x^(1 - rho), no threat): the AI's share under Nash (KRS) and
    #    Rubinstein as the common discount factor rises towards 1.
    rho = np.linspace(0.0, 0.95, 96)
    krs = dm.models.NegotiatedDeal(utility="crra_normalised").solve(p=0.0, risk_aversion=rho)
    rub = {
        d: dm.models.AlternatingOffers(first_proposer="ai")
        .solve(p=0.0, risk_aversion=rho, discount=d, developer_discount=d)
        .ai_share
        for d in (0.5, 0.9, 0.99)
    }
    print(
        f"risk aversion 0.5 (u = sqrt(x)): Nash share {krs.transfer[50]:.4f} (KRS: 1/3); "
        + ", ".join(f"Rubinstein delta={d}: {s[50]:.4f}" for d, s in rub.items())
    )

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.4), constrained_layout=True)
    ax1.plot(p, nash.transfer, label="Nash bargaining (threat = disagreement point)")
    ax1.plot(p, brw.ai_share, label="alternating offers (threat = opt-out right)")
    ax1.plot(p, p, ":", color="grey", label="AI's minimum payment $d_A/q$")
    ax1.axvline(start, color="grey", lw=0.8, ls="--")
    ax1.annotate("option starts\nto bind", (start, 0.1), xytext=(start + 0.04, 0.08))
    ax1.set_xlabel("takeover success probability $p$ (prize 1, so $d_A = p$)")
    ax1.set_ylabel("AI's share of the gain")
    ax1.set_title("Two readings of the takeover threat ($\\delta = 0.95$)")
    ax1.set_ylim(0, 1.02)
    ax1.legend(loc="upper left", fontsize=8)

    ax2.plot(rho, krs.transfer, color="k", lw=2, label="Nash (KRS): $a/(1+a)$")
    for d, s in rub.items():
        ax2.plot(rho, s, label=f"Rubinstein, AI proposes, $\\delta = {d}$")
    ax2.set_xlabel("AI's risk aversion $\\rho$ ($u = x^{1-\\rho}$)")
    ax2.set_ylabel("AI's share of the gain")
    ax2.set_title("Risk aversion lowers the AI's share")
    ax2.set_ylim(0, 1.02)
    ax2.legend(fontsize=8)

    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120)
    plt.close(fig)
    print(f"\nfigure saved to {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "dealmodels-examples" / "negotiated_deal.png",
        help="where to save the figure (PNG)",
    )
    main(parser.parse_args().out)
