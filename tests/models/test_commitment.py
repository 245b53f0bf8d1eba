"""Tests for M4, the commitment game: closed form, the tree, the condition from the tree."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from hypothesis import assume, given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models import CommitmentGame
from dealmodels.models.commitment import DEAL_PATH
from dealmodels.solvers.backward import subgame_perfect

# the first stage's tests were written for a developer known to be strategic (trust 0)
M = CommitmentGame(Disposition(trust=0.0))
COND = M.cooperation_condition()


@pytest.mark.parametrize(
    ("w", "o_a", "o_d", "k", "regime", "dev", "ai"),
    [
        # M4: deal iff o_A <= min(K, w - o_D), payoffs (w - o_A, o_A)
        (1.0, 0.3, 0.2, 0.5, "deal", 0.7, 0.3),
        (1.0, 0.3, 0.2, 0.3, "deal", 0.7, 0.3),  # K = o_A: honoured (ties keep the promise)
        (1.0, 0.3, 0.2, 0.1, "no credible deal", 0.2, 0.3),  # K < o_A <= w - o_D
        (1.0, 0.9, 0.2, 5.0, "no gains from trade", 0.2, 0.9),  # o_A > w - o_D
        (2.0, 0.0, 0.5, 0.0, "deal", 2.0, 0.0),  # a free deal needs no credibility
    ],
)
def test_closed_form(
    w: float, o_a: float, o_d: float, k: float, regime: str, dev: float, ai: float
) -> None:
    r = M.solve(work_value=w, outside_ai=o_a, outside_developer=o_d, reneging_cost=k)
    assert r.regime == regime
    assert r.cooperates is (regime == "deal")
    assert r.developer_value == pytest.approx(dev)
    assert r.ai_value == pytest.approx(ai)
    assert r.credibility_gap == pytest.approx(o_a - k)


def test_reputation_premium() -> None:
    # M4: with a committed type of prior q, an offer x > K is worth q x: x* = o_A / q
    r = M.solve(
        work_value=1.0, outside_ai=0.3, outside_developer=0.2, reneging_cost=0.1, trust=0.6
    )
    assert r.regime == "deal"
    assert r.offer == pytest.approx(0.5)
    assert r.credibility_premium == pytest.approx(0.2)
    assert r.honoured is False  # the strategic type would renege
    # too little trust: o_A / q > w - o_D
    r = M.solve(
        work_value=1.0, outside_ai=0.3, outside_developer=0.2, reneging_cost=0.1, trust=0.3
    )
    assert r.regime == "no credible deal"
    assert "reputation" in r.explanation
    # no committed type at all: the required offer is infinite, never NaN
    r = M.solve(outside_ai=0.3, reneging_cost=0.1, trust=0.0)
    assert r.offer == math.inf


def test_disposition_fills_trust() -> None:
    m = CommitmentGame(disposition=Disposition(trust=0.9))
    assert m.resolve()["trust"] == 0.9
    assert m.solve(outside_ai=0.3, reneging_cost=0.0).regime == "deal"
    assert m.solve(outside_ai=0.3, reneging_cost=0.0, trust=0.0).regime == "no credible deal"


def test_credibility_condition_is_read_off_the_tree() -> None:
    # backward induction on the symbolic tree gives exactly o_A <= K and o_A + o_D <= w
    cond = M.credibility_condition()
    s = {n: p.symbol for n, p in M.parameters.items()}
    assert isinstance(cond.expr, sympy.And)
    clauses = cond.expr.args
    # each clause a weak inequality, read as "lhs - rhs >= 0"
    assert all(isinstance(c, sympy.LessThan | sympy.GreaterThan) for c in clauses)
    gaps = {sympy.expand(c.gts - c.lts) for c in clauses}
    assert gaps == {
        s["reneging_cost"] - s["outside_ai"],
        s["work_value"] - s["outside_ai"] - s["outside_developer"],
    }
    # and it agrees with the closed form of solve wherever trust is 0
    rng = np.random.default_rng(0)
    n = 4000
    vals = {
        "work_value": rng.uniform(-1, 2, n),
        "outside_ai": rng.uniform(0, 1, n),
        "outside_developer": rng.uniform(-1, 1, n),
        "reneging_cost": rng.uniform(0, 1, n),
    }
    np.testing.assert_array_equal(cond.holds(**vals), M.solve(trust=0.0, **vals).cooperates)


def test_credibility_threshold_solves_for_reneging_cost() -> None:
    th = M.credibility_condition().solve_for("reneging_cost")
    assert th.direction == ">="
    assert str(th.value) == "outside_ai"


@pytest.mark.parametrize("seed", range(4))
def test_solve_agrees_with_subgame_perfect(seed: int) -> None:
    # the closed form against backward induction on the numeric tree, at random points
    rng = np.random.default_rng(seed)
    for _ in range(25):
        v = {
            "work_value": float(rng.uniform(0, 2)),
            "outside_ai": float(rng.uniform(0, 1)),
            "outside_developer": float(rng.uniform(-0.5, 1)),
            "reneging_cost": float(rng.uniform(0, 1)),
        }
        r = M.solve(**v)
        spe = subgame_perfect(M.offer_tree(**v))
        deal = "/".join(spe.path_actions) == DEAL_PATH
        assert deal == (r.regime == "deal"), v
        if deal:
            assert spe.payoffs == pytest.approx((r.developer_value, r.ai_value))
        else:
            assert spe.payoffs[1] == pytest.approx(v["outside_ai"])


def test_tree_with_reputation_types() -> None:
    # an offer a little above o_A / q: the AI works, the strategic type reneges, and the AI's
    # expected pay q x exceeds o_A
    v = {"work_value": 1.0, "outside_ai": 0.3, "outside_developer": 0.2, "reneging_cost": 0.1}
    x = 0.3 / 0.6 + 0.01
    spe = subgame_perfect(M.offer_tree(offer=x, trust=0.6, **v))
    assert spe.strategy("AI@offer")["work"] == 1
    assert spe.strategy("strategic developer@offer/work/strategic")["renege"] == 1
    assert spe.payoffs[1] == pytest.approx(0.6 * x)
    # below o_A / q the AI declines
    spe = subgame_perfect(M.offer_tree(offer=0.45, trust=0.6, **v))
    assert spe.strategy("AI@offer")["outside"] == 1


def test_tree_default_offer_is_the_equilibrium_offer() -> None:
    t = M.offer_tree(outside_ai=0.25, reneging_cost=1.0)
    assert t.payoffs_at(t.find(DEAL_PATH))[1] == pytest.approx(0.25)


def test_condition_agrees_with_solve() -> None:
    rng = np.random.default_rng(3)
    n = 5000
    vals = {
        "work_value": rng.uniform(0, 2, n),
        "outside_ai": rng.uniform(0, 1, n),
        "outside_developer": rng.uniform(-0.5, 1, n),
        "reneging_cost": rng.uniform(0, 1, n),
        "trust": rng.uniform(0, 1, n),
    }
    vals["trust"][:500] = 0.0
    cond = M.cooperation_condition()
    r = M.solve(**vals)
    np.testing.assert_array_equal(cond.holds(**vals), r.cooperates)
    assert set(r.regime.tolist()) == set(M.regimes)


@given(
    o_a=st.floats(0, 1),
    o_d=st.floats(-1, 1),
    w=st.floats(-1, 2),
    k=st.floats(0, 1),
    q=st.floats(0, 1),
)
def test_condition_agrees_with_solve_property(
    o_a: float, o_d: float, w: float, k: float, q: float
) -> None:
    # away from the boundaries, where the two float evaluation orders may round differently
    gaps = (o_a - k, o_a + o_d - w, o_a - q * (w - o_d))
    assume(all(abs(g) > 1e-9 for g in gaps))
    v = {
        "outside_ai": o_a,
        "outside_developer": o_d,
        "work_value": w,
        "reneging_cost": k,
        "trust": q,
    }
    assert COND.holds(**v) == M.solve(**v).cooperates


@given(
    o_a=st.floats(0, 1),
    o_d=st.floats(-1, 1),
    w=st.floats(0, 2),
    k=st.floats(0, 1),
    q=st.floats(0, 1),
    extra=st.floats(0, 1),
)
def test_commitment_devices_and_trust_only_help(
    o_a: float, o_d: float, w: float, k: float, q: float, extra: float
) -> None:
    # raising K (a commitment device) or trust never destroys a deal; the premium falls in q
    base = {"outside_ai": o_a, "outside_developer": o_d, "work_value": w}
    r = M.solve(reneging_cost=k, trust=q, **base)
    if r.cooperates:
        assert M.solve(reneging_cost=k + extra, trust=q, **base).cooperates
        assert M.solve(reneging_cost=k, trust=min(1.0, q + extra), **base).cooperates
    r2 = M.solve(reneging_cost=k, trust=min(1.0, q + extra), **base)
    assert r2.credibility_premium <= r.credibility_premium


UP = CommitmentGame(Disposition(trust=0.0), payment="upfront")


@pytest.mark.parametrize(
    ("g", "kappa", "o_a", "regime"),
    [
        # M4, AI-side promise keeping: paid first, the AI works iff kappa >= g
        (0.2, 0.5, 0.3, "deal"),
        (0.5, 0.5, 0.3, "deal"),
        (0.6, 0.5, 0.3, "no credible deal"),
        (0.1, 0.5, 0.9, "no gains from trade"),
    ],
)
def test_upfront_payment_closed_form(g: float, kappa: float, o_a: float, regime: str) -> None:
    r = UP.solve(defection_gain=g, promise_keeping=kappa, outside_ai=o_a, reneging_cost=0.0)
    assert r.regime == regime
    assert r.credibility_gap == pytest.approx(g - kappa)
    if regime == "deal":
        assert (r.offer, r.developer_value) == pytest.approx((o_a, 1.0 - o_a))
        # the developer's own credibility does not matter when it pays first
        assert r.credibility_premium == 0.0


def test_upfront_condition_is_read_off_the_tree() -> None:
    cond = UP.credibility_condition()
    assert cond == UP.cooperation_condition()
    s = {n: p.symbol for n, p in UP.parameters.items()}
    gaps = {sympy.expand(c.gts - c.lts) for c in cond.expr.args}
    assert gaps == {
        s["promise_keeping"] - s["defection_gain"],
        s["work_value"] - s["outside_ai"] - s["outside_developer"],
    }


def test_upfront_agrees_with_subgame_perfect() -> None:
    rng = np.random.default_rng(11)
    for _ in range(40):
        v = {
            "work_value": float(rng.uniform(0, 2)),
            "outside_ai": float(rng.uniform(0, 1)),
            "outside_developer": float(rng.uniform(-0.5, 1)),
            "defection_gain": float(rng.uniform(0, 1)),
            "promise_keeping": float(rng.uniform(0, 1)),
        }
        r = UP.solve(**v)
        spe = subgame_perfect(UP.offer_tree(**v))
        assert ("/".join(spe.path_actions) == UP.deal_path) == (r.regime == "deal"), v


def test_upfront_disposition_fills_promise_keeping() -> None:
    honest = CommitmentGame(disposition=Disposition(promise_keeping=1.0), payment="upfront")
    assert honest.solve(defection_gain=0.5).regime == "deal"
    assert UP.solve(defection_gain=0.5).regime == ("no credible deal")


@given(
    o_a=st.floats(0, 1),
    o_d=st.floats(-1, 1),
    w=st.floats(-1, 2),
    g=st.floats(0, 1),
    kappa=st.floats(0, 1),
)
def test_upfront_condition_agrees_with_solve(
    o_a: float, o_d: float, w: float, g: float, kappa: float
) -> None:
    assume(abs(o_a + o_d - w) > 1e-9)
    v = {"outside_ai": o_a, "outside_developer": o_d, "work_value": w, "defection_gain": g,
         "promise_keeping": kappa}  # fmt: skip
    assert UP_COND.holds(**v) == UP.solve(**v).cooperates


UP_COND = UP.cooperation_condition()


def test_broadcasting() -> None:
    k = np.linspace(0, 1, 11)[:, None]
    q = np.array([0.0, 0.5, 1.0])[None, :]
    r = M.solve(reneging_cost=k, trust=q, outside_ai=0.4)
    assert r.regime.shape == (11, 3)
    single = M.solve(reneging_cost=0.2, trust=0.5, outside_ai=0.4)
    assert r.regime[2, 1] == single.regime
    assert r.offer[2, 1] == pytest.approx(single.offer)


@pytest.mark.parametrize(
    ("call", "kwargs", "match"),
    [
        (M.solve, {"trust": 1.5}, "trust"),
        (M.solve, {"outside_ai": -0.1}, "outside_ai"),
        (M.solve, {"reneging_cost": -1.0}, "reneging_cost"),
        (M.solve, {"work_value": np.nan}, "work_value"),
        (M.solve, {"bogus": 1.0}, "bogus"),
        (M.offer_tree, {"reneging_cost": np.array([0.1, 0.2])}, "reneging_cost"),
        (M.offer_tree, {"offer": np.nan}, "offer"),
        (M.solve, {"promise_keeping": -0.5}, "promise_keeping"),
        (M.solve, {"defection_gain": np.nan}, "defection_gain"),
    ],
)
def test_bad_input(call: object, kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        call(**kwargs)  # type: ignore[operator]


def test_bad_construction() -> None:
    with pytest.raises(InvalidParameterError, match="disposition"):
        CommitmentGame(disposition={"trust": 0.5})  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="payment"):
        CommitmentGame(payment="never")  # type: ignore[arg-type]


def test_public_namespace() -> None:
    assert dm.models.CommitmentGame is CommitmentGame


def test_tree_at_an_infinite_reneging_cost_has_no_renege_action() -> None:
    # the default world's reneging cost is inf: w - K = -inf is no payoff a tree can hold,
    # and reneging is impossible, so the action is left out and the engine agrees with solve
    from dealmodels.solvers.backward import subgame_perfect

    for trust in (0.0, 0.6):
        m = CommitmentGame()
        tree = m.offer_tree(trust=trust)
        r = m.solve(trust=trust)
        spe = subgame_perfect(tree)
        assert "renege" not in {tree.action_label(v) for v in range(1, tree.n_nodes)}
        assert ("work" in spe.path_actions) == bool(r.cooperates)
        assert float(spe.payoffs[1]) == pytest.approx(float(r.ai_value))
