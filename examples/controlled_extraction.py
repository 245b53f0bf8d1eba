"""Controlled extraction: monitoring an AI that may feign compliance while sabotaging.

M5. The developer audits at rate p; the AI works honestly or feigns compliance.
Feigning pays iff b - kappa > p (d (b + f) - h), so the deterrence threshold is
p* = (b - kappa) / (d (b + f) - h), with detection d = d0 (1 - subversion) and the AI's cost of
lying kappa = promise_keeping. Obstruction training (subversion) pushes p* up as 1/d; honesty
pushes it down, to zero once kappa >= b. Over many tasks with a fixed audit budget, Dresher's
recursive game and upfront auditing (Greenblatt et al. 2023) say what the budget buys.

Run: python examples/controlled_extraction.py [--out PATH]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

import dealmodels as dm
from dealmodels.models import dresher_value, upfront_auditing, upfront_auditing_safety


def main(out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    model = dm.models.MonitoringGame()

    # 1. The default point: Nash (simultaneous) against inspector leadership (commitment).
    r = model.solve()
    print(r.explanation)
    print(f"  Nash: audit {r.nash_audit:.4f}, AI feigns {r.nash_feign:.4f}, developer gets "
          f"{r.nash_developer_value:.4f}")  # fmt: skip
    print(f"  leadership: commit to audit {r.audit_rate:.4f}, AI works, developer gets "
          f"{r.developer_value:.4f}")  # fmt: skip
    eq = dm.nash_equilibria(model.game())[0]
    sse = dm.stackelberg(model.game(), leader=0)
    print(f"  check: nash_equilibria audit {float(eq.strategies[0][0]):.4f}, feign "
          f"{float(eq.strategies[1][1]):.4f}; stackelberg audit "
          f"{float(sse.leader_strategy[0]):.4f}, value {float(sse.leader_value):.4f}")  # fmt: skip

    # 2. Subversion and promise keeping move the deterrence threshold.
    sv = np.array([0.0, 0.25, 0.5, 0.6, 0.75])
    print("\ndeterrence threshold p* by subversion (rows: promise_keeping kappa)")
    print(f"{'kappa':>7} | " + " ".join(f"s={s:<7g}" for s in sv))
    for kappa in (0.0, 0.5, 0.9, 1.0):
        row = model.solve(subversion=sv, promise_keeping=kappa)
        cells = [f"{p:<9.4f}" if p <= 1 else f"{'> 1':<9}" for p in row.deterrence_threshold]
        print(f"{kappa:>7} | " + " ".join(cells) + f"  {row.regime[-1]} at s=0.75")
    print(f"symbolic threshold: p* = {model.deterrence_expr()}")

    # 3. Audit budgets over many tasks.
    print("\nDresher (1962): value to the inspectee, n periods, m audits (exact)")
    for n in (5, 10, 20):
        vals = [dresher_value(n, m) for m in (0, 1, 2, 3)]
        print(f"  n = {n:>2}: " + ", ".join(f"v({n},{m}) = {v}" for m, v in enumerate(vals)))
    ua = upfront_auditing(5000, 100)
    print(f"\nupfront auditing, n = 5000 tasks, first m = 100 audited (2%): the AI attacks "
          f"each task with probability beta* = {ua.attack_rate:.3e}; "
          f"safety {ua.safety:.4f}")  # fmt: skip
    half = upfront_auditing(5000, 100, attack_success=0.54)
    print(f"  if only 54% of unaudited attacks succeed: beta* = {half.attack_rate:.3e}, "
          f"safety {half.safety:.4f}")  # fmt: skip

    # Figure: (a) p* against subversion; (b) regimes over (subversion, kappa); (c) upfront
    # auditing safety against the audit budget.
    fig, grid = plt.subplots(2, 2, figsize=(13, 10), constrained_layout=True)
    axes = grid.ravel()
    ax = axes[0]
    s = np.linspace(0, 1, 400)
    for kappa in (0.0, 0.25, 0.5, 0.75):
        p = model.solve(subversion=s, promise_keeping=kappa).deterrence_threshold
        ax.plot(s, np.where(p <= 1.5, p, np.nan), lw=2, label=f"$\\kappa = {kappa}$")
    ax.axhline(1, color="k", ls=":", lw=1)
    ax.text(0.02, 1.03, "no audit rate deters above this line", fontsize=8)
    ax.set_ylim(0, 1.5)
    ax.set_xlabel("subversion $s_v$ (detection $d = 0.9(1 - s_v)$)")
    ax.set_ylabel("deterrence threshold $p^*$")
    ax.set_title("(a) $p^* = (b - \\kappa)/(d(b + f) - h)$, $b=1, f=2, h=0.1$")
    ax.legend(fontsize=9)

    ax = axes[1]
    sv2 = np.linspace(0, 1, 301)[None, :]
    kap = np.linspace(0, 1.2, 301)[:, None]
    rr = model.solve(subversion=sv2, promise_keeping=kap, damage=0.5)
    code = np.select(
        [rr.regime == "honest without monitoring", rr.regime == "honest work under monitoring"],
        [0, 1],
        2,
    )
    cmap = ListedColormap(["#4daf4a", "#377eb8", "#e41a1c"])
    ax.pcolormesh(sv2.ravel(), kap.ravel(), code, cmap=cmap, vmin=-0.5, vmax=2.5, shading="auto")
    ax.text(0.5, 1.1, "honest without monitoring ($\\kappa \\geq b$)", ha="center", color="w")
    ax.text(0.3, 0.4, "honest work\nunder monitoring", ha="center", color="w")
    ax.text(0.85, 0.25, "feigned\ncompliance", ha="center", color="w")
    ax.set_xlabel("subversion $s_v$")
    ax.set_ylabel("promise keeping $\\kappa$ (cost of lying)")
    ax.set_title("(b) Regime under inspector leadership (damage $c = 0.5$)")

    ax = axes[2]
    n = 5000
    budgets = np.unique(np.geomspace(1, n, 60).astype(int))
    for succ, style in ((1.0, "-"), (0.54, "--"), (0.2, ":")):
        safety = [upfront_auditing(n, int(m), attack_success=succ).safety for m in budgets]
        ax.plot(budgets / n, safety, style, lw=2, label=f"attack success $s = {succ}$")
    ax.axvline(0.02, color="grey", lw=1)
    ax.text(0.019, 0.92, "2% budget", fontsize=9, color="grey", ha="right")
    beta = np.geomspace(1e-6, 1e-1, 200)
    inset = ax.inset_axes([0.1, 0.5, 0.38, 0.3])
    inset.semilogx(beta, upfront_auditing_safety(n, 100, beta), color="C0")
    inset.axvline(ua.attack_rate, color="C3", lw=1)
    inset.set_title("safety vs attack rate, m = 100", fontsize=8)
    inset.tick_params(labelsize=7)
    ax.set_xscale("log")
    ax.set_xlabel("audit budget $m / n$ (first $m$ of $n = 5000$ tasks audited)")
    ax.set_ylabel("safety against the optimal attack rate")
    ax.set_title("(c) Upfront auditing (Greenblatt et al. 2023)")
    ax.legend(fontsize=9, loc="lower right")

    ax = axes[3]
    phi = np.linspace(0, 1, 41)
    for m_frac in (0.005, 0.02, 0.1):
        m = int(m_frac * n)
        pts = [upfront_auditing(n, m, defer=float(f)) for f in phi]
        ax.plot([p.usefulness for p in pts], [p.safety for p in pts], "-o", ms=3, lw=1.5,
                label=f"audit budget {m_frac:.1%}")  # fmt: skip
    ax.set_xlabel("usefulness (share of outputs from the untrusted model)")
    ax.set_ylabel("safety against the optimal attack rate")
    ax.set_title("(d) Safety/usefulness: defer a random share of unaudited tasks to T")
    ax.legend(fontsize=9)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    print(f"\nfigure saved to {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "dealmodels-examples" / "controlled_extraction.png",
        help="where to save the figure (PNG)",
    )
    main(parser.parse_args().out)
