"""Controlled extraction as an AI-control game: the safety/usefulness frontier.

A developer runs 5000 tasks on an untrusted AI with a 2 % audit budget (Greenblatt et al.
2023). A trusted monitor (binormal ROC, separability d') scores every task; the most
suspicious are audited, the next most suspicious deferred to the trusted model. Deferring more
buys safety with usefulness. Against the worst-case attacker, upfront auditing alone gives
about 15 % safety and trusted monitoring about 62 %; an AI that weighs its own prize against
being caught (a disposition) may not attack at all.

Run: python examples/control_protocols.py [--out PATH]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import dealmodels as dm
from dealmodels.dispositions import Disposition
from dealmodels.plotting import plot_control_pareto


def main(out: Path) -> None:
    worst = dm.models.ControlProtocol()
    # 1. The baselines against the worst-case attacker.
    upfront = worst.solve(upfront_audits=100, separability=0.0)
    print(f"upfront auditing (100 of 5000 tasks): safety {upfront.safety:.3f}, attack rate "
          f"{upfront.attack_rate:.2e}")  # fmt: skip
    monitored = worst.solve()
    t, w = monitored.audit_tpr, 0.55 * (1 - monitored.audit_tpr)  # caught / succeeds per attempt
    print(f"trusted monitoring (d' = 2): safety {monitored.safety:.3f}; long-run limit "
          f"t / (t + w) = {t / (t + w):.3f}")  # fmt: skip
    deferred = worst.solve(defer_fpr=0.1)
    print(f"defer to trusted at 10 %: safety {deferred.safety:.3f}, usefulness "
          f"{deferred.usefulness:.3f}")  # fmt: skip

    # 2. Two dispositions as the attacker: misaligned (patient, no promise keeping) and one
    #    whose promise keeping partly stuck, each facing the same protocols.
    ai = dm.models.ControlProtocol(attacker="disposition")
    dispositions = {
        "misaligned": Disposition.misaligned(),
        "keeps some promises": Disposition(promise_keeping=0.1),
    }
    tables = [worst.pareto(points=200, upfront_shares=[0.0, 0.5])]
    labels = ["worst-case attacker"]
    for name, d in dispositions.items():
        r = ai.solve(d, prize=1.0, loss=0.3)
        print(f"{name}: {r.explanation}")
        tables.append(ai.pareto(d, points=200, upfront_shares=[0.0, 0.5], prize=1.0, loss=0.3))
        labels.append(f"AI: {name}")
    for label, t in zip(labels, tables, strict=True):
        front = t[t["efficient"]]
        at = front.iloc[(front["usefulness"] - 0.9).abs().argmin()]
        print(f"{label}: {int(t['efficient'].sum())} efficient protocols; at usefulness "
              f"{at['usefulness']:.2f} safety {at['safety']:.3f}")  # fmt: skip

    ax = plot_control_pareto(tables, labels=labels)
    ax.figure.savefig(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "control_pareto.png"
    )
    main(parser.parse_args().out)
