"""Paying a misaligned AI to reveal itself, under private information.

The developer does not know whether the AI is misaligned (prior mu) nor what a misaligned AI
expects from continuing to feign (its reservation value r ~ F). It posts a payment x for
revealing; a misaligned AI takes it iff trust * u(x) >= r, and an aligned AI falsely claims
misalignment iff trust * x > h (its honesty). The developer picks x to maximise
mu F(q u(x)) (V - x) - (1 - mu) 1[q x > h] x. Private information costs it the difference to
the full-information value mu * int_0^V F(q u(x)) dx.

Run: python examples/revelation_deal.py [--out PATH]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

import dealmodels as dm
from dealmodels.dispositions import Disposition


def main(out: Path) -> None:
    from matplotlib.figure import Figure

    uniform = dm.models.RevelationDeal()
    exponential = dm.models.RevelationDeal(reservation="exponential")
    for name, d in Disposition.presets().items():
        r = uniform.solve(d)
        print(f"{name:>16}: {r.explanation}")
    # honesty limits false claims: the optimal offer as the aligned AI's honesty h grows
    h = np.linspace(0.0, 1.0, 6)
    r = uniform.solve(trust=0.9, promise_keeping=h)
    print("\nhonesty h -> payment x*, P(reveal | misaligned), developer value, loss vs full info")
    for i, hi in enumerate(h):
        print(f"  h = {hi:.1f}: x* = {r.payment[i]:.3f}, reveal {r.reveal_probability[i]:.3f}, "
              f"value {r.developer_value[i]:.4f}, loss {r.efficiency_loss[i]:.4f} "
              f"({r.regime[i]})")  # fmt: skip

    fig = Figure(figsize=(10, 4.2), layout="constrained", dpi=110)
    left, right = fig.subplots(1, 2)
    x = np.linspace(0.0, 1.0, 401)
    for model, label, color in ((uniform, "uniform F on [0, 1]", "#0072B2"),
                                (exponential, "exponential F, mean 0.5", "#D55E00")):  # fmt: skip
        for h_val, style in ((1.0, "-"), (0.2, "--")):
            kw = {"trust": 0.9, "promise_keeping": h_val}
            pi = model.developer_value(x, **kw)
            best = model.solve(**kw)
            left.plot(x, pi, style, color=color, label=f"{label}, h = {h_val:g}")
            left.plot(best.payment, best.developer_value, "o", color=color)
    left.axhline(0.0, color="#999999", linewidth=0.8)
    left.set_xlabel("posted payment x")
    left.set_ylabel("developer value Pi(x)")
    left.set_title("the developer's value of a posted payment (dots: x*)")
    left.legend(frameon=False, fontsize="small")
    q = np.linspace(0.0, 1.0, 101)
    for model, label, color in ((uniform, "uniform", "#0072B2"),
                                (exponential, "exponential", "#D55E00")):  # fmt: skip
        r = model.solve(trust=q, promise_keeping=1.0)
        right.plot(q, r.developer_value, color=color, label=f"{label}: posted price")
        right.plot(q, r.full_information_value, ":", color=color,
                   label=f"{label}: full information")  # fmt: skip
    right.set_xlabel("trust q (probability the payment is honoured)")
    right.set_ylabel("developer value")
    right.set_title("the price of private information")
    right.legend(frameon=False, fontsize="small")
    for ax in (left, right):
        ax.grid(True, color="#dddddd", linewidth=0.6)
    fig.savefig(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "revelation.png")
    main(parser.parse_args().out)
