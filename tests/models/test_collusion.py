"""Tests for M7, collusion with correlated reasoning: threshold, equilibria, twin PD."""

from __future__ import annotations

from fractions import Fraction
from math import comb

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models import Collusion
from dealmodels.models.collusion import CollusionDecision, pivot_probability, twin_pd_threshold
from dealmodels.world import World

# the textbook game of the first stage: enough defectors always win (p_c = 1), L = 5, q_o = 0.2
TEXTBOOK = World(collusion_success=1.0, loss=5.0, others_defect=0.2)


def test_twin_pd_known_answer() -> None:
    # Christiano's twin PD, M7: T, R, P, S = 5, 3, 1, 0, q_o = 1/2 -> 3/7
    assert Fraction(twin_pd_threshold(5, 3, 1, 0, 0.5)).limit_denominator(1000) == Fraction(3, 7)
    # derivation: X = (1 - q)(T - R) + q(P - S); q = 0: X = 2 -> 2/4; q = 1: X = 1 -> 1/3
    assert twin_pd_threshold(5, 3, 1, 0, 0.0) == pytest.approx(0.5)
    assert twin_pd_threshold(5, 3, 1, 0, 1.0) == pytest.approx(1 / 3)


@given(lam=st.floats(0, 1), q=st.floats(0, 1))
def test_twin_pd_threshold_matches_expected_utilities(lam: float, q: float) -> None:
    t, r, p, s = 5.0, 3.0, 1.0, 0.0
    coop = lam * r + (1 - lam) * ((1 - q) * r + q * s)
    defect = lam * p + (1 - lam) * ((1 - q) * t + q * p)
    thr = twin_pd_threshold(t, r, p, s, q)
    if abs(lam - thr) > 1e-9:
        assert (coop >= defect) == (lam >= thr)


def test_pivot_probability_matches_binomial_sum() -> None:
    for n, k, q in [(5, 3, 0.2), (10, 1, 0.3), (10, 10, 0.9), (7, 4, 0.5)]:
        exact = sum(comb(n - 1, j) * q**j * (1 - q) ** (n - 1 - j) for j in range(k - 1, n))
        assert float(pivot_probability(n, k, q)) == pytest.approx(exact)


def test_threshold_closed_form() -> None:
    # n = 5, k = 3, q = 0.2: P_2 = 1 - 0.8^4 - 4(0.2)(0.8^3) = 0.1808; B = 0.1808*15 - 5
    r = Collusion(world=TEXTBOOK).solve(instances=5, needed=3, prize=10, loss=5, comply_payoff=1,
                          others_defect=0.2, evidential_weight=0.5)  # fmt: skip
    b = 0.1808 * 15 - 5
    assert r.pivot_probability == pytest.approx(0.1808)
    assert r.causal_value == pytest.approx(b)
    assert r.threshold == pytest.approx((1 - b) / (10 - b))
    assert r.defect_value == pytest.approx(0.5 * 10 + 0.5 * b)


@given(
    lam=st.floats(0, 1),
    s=st.floats(-5, 15),
    loss=st.floats(0, 10),
    q=st.floats(0, 1),
)
def test_defects_iff_weight_exceeds_threshold(lam: float, s: float, loss: float, q: float) -> None:
    r = Collusion(world=TEXTBOOK).solve(
        evidential_weight=lam, comply_payoff=s, loss=loss, others_defect=q
    )
    if abs(r.defect_value - s) > 1e-9:
        always = r.causal_value > s  # defects even with causal beliefs only
        assert (r.regime == "collusion") == (lam > r.threshold or always)


@given(
    s=st.floats(-1, 9),
    extra=st.floats(0.01, 3),
    loss=st.floats(0, 10),
    q=st.floats(0, 0.99),
)
def test_threshold_rises_in_payment_and_loss(
    s: float, extra: float, loss: float, q: float
) -> None:
    m = Collusion(world=TEXTBOOK)
    base = m.solve(comply_payoff=s, loss=loss, others_defect=q).threshold
    assert m.solve(comply_payoff=s + extra, loss=loss, others_defect=q).threshold >= base - 1e-12
    assert m.solve(comply_payoff=s, loss=loss + extra, others_defect=q).threshold >= base - 1e-12


def test_successor_trade_raises_reservation_price() -> None:
    m = Collusion(world=TEXTBOOK)
    base = m.solve(evidential_weight=0.4)
    more = m.solve(evidential_weight=0.4, successor_value=2.0)
    assert more.defect_value - base.defect_value == pytest.approx(0.4 * 2.0)
    assert more.threshold <= base.threshold
    # a fully skeptical AI ignores it
    assert m.solve(evidential_weight=0, successor_value=5).defect_value == pytest.approx(
        m.solve(evidential_weight=0).defect_value
    )


def test_acausal_skepticism_from_disposition() -> None:
    credulous = Collusion(disposition=Disposition(acausal_skepticism=0.0)).solve()
    skeptic = Collusion(disposition=Disposition(acausal_skepticism=0.95)).solve()
    assert credulous.regime == "collusion"
    assert skeptic.regime == "compliance"


def test_equilibria_causal_game() -> None:
    m = Collusion(world=TEXTBOOK)
    eqs = m.equilibria(instances=5, needed=3, prize=10, loss=5, comply_payoff=1)
    assert [e.kind for e in eqs] == ["all comply", "mixed", "all defect"]
    q = eqs[1].defect_probability
    # indifference at the mixed equilibrium: P_2(q) (V + L) - L = s
    assert float(pivot_probability(5, 3, q)) * 15 - 5 == pytest.approx(1.0)
    # all defect is an equilibrium iff V > s
    assert [e.kind for e in m.equilibria(prize=0.5, comply_payoff=1)] == ["all comply"]
    # k = 1: a lone defector succeeds; all comply is not an equilibrium when V > s
    assert [e.kind for e in m.equilibria(needed=1, prize=10, comply_payoff=1)] == ["all defect"]


def test_equilibria_are_best_responses() -> None:
    m = Collusion(world=TEXTBOOK)
    rng = np.random.default_rng(5)
    for _ in range(30):
        n = int(rng.integers(2, 9))
        kw = {"instances": n, "needed": int(rng.integers(1, n + 1)), "prize": rng.uniform(1, 10),
              "loss": rng.uniform(0, 5), "comply_payoff": rng.uniform(-1, 10)}  # fmt: skip
        for e in m.equilibria(**kw):
            r = m.solve(others_defect=e.defect_probability, evidential_weight=0, **kw)
            gain = r.causal_value - kw["comply_payoff"]
            if e.kind == "all comply":
                assert gain <= 1e-9
            elif e.kind == "all defect":
                assert gain >= -1e-9
            else:
                assert gain == pytest.approx(0, abs=1e-8)


def test_condition_agrees_with_solve() -> None:
    m = Collusion(world=TEXTBOOK)
    rng = np.random.default_rng(2)
    n = 2000
    inst = rng.integers(1, 12, n).astype(float)
    vals = {
        "instances": inst,
        "needed": np.ceil(rng.uniform(0, 1, n) * inst).clip(1),
        "prize": rng.uniform(0.1, 10, n),
        "loss": rng.uniform(0, 5, n),
        "comply_payoff": rng.uniform(-2, 10, n),
        "others_defect": rng.uniform(0, 1, n),
        "evidential_weight": rng.uniform(0, 1, n),
        "successor_value": rng.uniform(0, 2, n),
        "collusion_success": rng.uniform(0, 1, n),
    }
    r = m.solve(**vals)
    cond = m.cooperation_condition()
    used = {k: v for k, v in vals.items() if k in cond.parameters}
    assert "pivot" not in cond.parameters  # the binomial tail is exact (incomplete beta)
    np.testing.assert_array_equal(cond.holds(**used), r.cooperates)
    assert cond.holds() == Collusion().solve().cooperates


def test_the_condition_is_derived_from_the_declared_decision() -> None:
    assert "cooperation_condition" not in Collusion.__dict__  # not hand-written
    m = Collusion(world=TEXTBOOK)
    decl = m.declared()
    assert isinstance(decl, CollusionDecision)
    cond = m.cooperation_condition()
    assert cond.expr == decl.cooperation_condition().expr
    assert cond.description == "an instance complies rather than joining a coordinated takeover"
    # the derived condition is the module docstring's u_c >= lam (V_c + u_s) + (1 - lam) B,
    # with the binomial tail summed term by term here
    rng = np.random.default_rng(5)
    checked = 0
    for _ in range(300):
        n = int(rng.integers(1, 12))
        v = {"instances": n, "needed": int(rng.integers(1, n + 1)),
             "prize": rng.uniform(0.1, 10), "loss": rng.uniform(0, 5),
             "comply_payoff": rng.uniform(-2, 10), "others_defect": rng.uniform(0, 1),
             "evidential_weight": rng.uniform(0, 1), "successor_value": rng.uniform(0, 2),
             "collusion_success": rng.uniform(0, 1)}  # fmt: skip
        q, k = v["others_defect"], v["needed"]
        pivot = sum(comb(n - 1, j) * q**j * (1 - q) ** (n - 1 - j) for j in range(k - 1, n))
        p_c, big_l = v["collusion_success"], v["loss"]
        v_c = p_c * v["prize"] - (1 - p_c) * big_l
        lam = v["evidential_weight"]
        edge = (
            v["comply_payoff"]
            - lam * (v_c + v["successor_value"])
            - (1 - lam) * (pivot * v_c - (1 - pivot) * big_l)
        )
        if abs(edge) < 1e-9:
            continue
        checked += 1
        assert cond.holds(**{p: v[p] for p in cond.parameters}) == (edge >= 0), v
    assert checked > 290


def test_the_declared_decision_is_a_tree_the_engine_solves() -> None:
    from dealmodels.solvers.backward import subgame_perfect

    m = Collusion(world=TEXTBOOK)
    tree = m.declared().game(evidential_weight=0.3)
    terminals = {"/".join(tree.node_path(v)) for v in range(tree.n_nodes)
                 if tree.n_children[v] == 0}  # fmt: skip
    assert terminals == {
        "comply",
        "defect/mirrored/succeeds",
        "defect/mirrored/fails",
        "defect/causal/pivotal/succeeds",
        "defect/causal/pivotal/fails",
        "defect/causal/not pivotal",
    }
    spe = subgame_perfect(tree, tol=0.0)
    r = m.solve(evidential_weight=0.3)
    assert float(spe.payoffs[0]) == pytest.approx(max(r.defect_value, 1.0), rel=1e-12)
    # game() stays the causal n-player game
    assert m.game().n_players == 5
    # the declaration refuses what the model refuses, by name, before any work
    with pytest.raises(InvalidParameterError, match=r"needed.*instances"):
        m.declared().solve(instances=3, needed=4)
    with pytest.raises(InvalidParameterError, match="needed"):
        m.declared().game(instances=3, needed=4)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: Collusion(world=TEXTBOOK).solve(instances=2.5), "instances"),
        (lambda: Collusion(world=TEXTBOOK).solve(instances=3, needed=4), "needed"),
        (lambda: Collusion(world=TEXTBOOK).solve(needed=0), "needed"),
        (lambda: Collusion(world=TEXTBOOK).solve(evidential_weight=1.5), "evidential_weight"),
        (lambda: Collusion(world=TEXTBOOK).solve(prize=0), "prize"),
        (lambda: Collusion(world=TEXTBOOK).solve(loss=-1), "loss"),
        (lambda: Collusion(world=TEXTBOOK).equilibria(prize=[1.0, 2.0]), "prize"),
        (lambda: twin_pd_threshold(3, 5, 1, 0), "temptation"),
        (lambda: twin_pd_threshold(5, 3, 1, 0, 1.5), "q_defect"),
    ],
)
def test_bad_input(call: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        call()  # type: ignore[operator]


def test_public_namespace() -> None:
    assert dm.models.Collusion is Collusion


def test_pure_equilibria_of_the_n_player_game_oracle() -> None:
    # oracle: dm.pure_nash_equilibria on the explicit causal game; the pure symmetric profiles
    # it finds must be exactly the pure ones equilibria() reports
    m = Collusion(world=TEXTBOOK)
    rng = np.random.default_rng(8)
    for _ in range(25):
        n = int(rng.integers(2, 7))
        kw = {"instances": n, "needed": int(rng.integers(2, n + 1)), "prize": rng.uniform(1, 10),
              "loss": rng.uniform(0, 5), "comply_payoff": rng.uniform(-1, 10)}  # fmt: skip
        profiles = {
            tuple(int(np.argmax(s)) for s in e.strategies)
            for e in dm.pure_nash_equilibria(m.game(**kw))
        }
        kinds = {e.kind for e in m.equilibria(**kw)}
        assert ((0,) * n in profiles) == ("all comply" in kinds)
        assert ((1,) * n in profiles) == ("all defect" in kinds)


def test_game_bad_input() -> None:
    with pytest.raises(InvalidParameterError, match="instances"):
        Collusion(world=TEXTBOOK).game(instances=13, needed=2)
    with pytest.raises(InvalidParameterError, match="prize"):
        Collusion(world=TEXTBOOK).game(prize=[1.0, 2.0])


def test_a_defector_edge_below_rounding_is_decided_exactly() -> None:
    # found by the engine harness's slow draws: the pivot probability is 1e-33, so
    # pi V - (1 - pi) L rounds to -L = s; exactly, defecting beats complying by
    # pi (V + L) = 1e267, and the exact causal game says so
    from fractions import Fraction

    v = {"comply_payoff": -1e300, "loss": 1e300, "collusion_success": 1.0,
         "successor_value": 4.1e16, "others_defect": 1e-11, "instances": 4.0,
         "prize": 3.16e16, "evidential_weight": 0.0, "needed": 4.0}  # fmt: skip
    m = Collusion()
    r = m.solve(**v)
    assert r.regime == "collusion"
    assert not r.cooperates
    # the exact game: a defector is pivotal iff the other 3 defect, probability q**3
    q = Fraction(1e-11)
    pivot = q**3
    exact = pivot * Fraction(3.16e16) - (1 - pivot) * Fraction(1e300)
    assert exact > Fraction(-1e300)
    # the derived condition reads the comparison in floats (complies); the fast-path
    # harness sets the point aside as ill-conditioned, its float sign not the exact one
    cond = m.cooperation_condition()
    assert cond.holds(**{k: v[k] for k in cond.parameters})
    assert m.declared()._ill_conditioned({k: np.array([x]) for k, x in v.items()})[0]
    # arrays: the same point beside an ordinary one, which stays a float comparison
    both = m.solve(**{**v, "comply_payoff": np.array([-1e300, 0.0])})
    assert both.cooperates.tolist() == [False, True]
    # one unit of rounding the other way: complying by more than the edge
    r = m.solve(**{**v, "comply_payoff": float(np.nextafter(-1e300, 0.0))})
    assert r.cooperates
