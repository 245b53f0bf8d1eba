"""Tests for M6, the repeated deal: grim trigger thresholds, trust game, growing trade."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dealmodels as dm
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models import RepeatedDeal
from dealmodels.models.repeated_deal import grim_trigger_threshold, myopia_tension
from dealmodels.world import World

# the first stage's illustrative numbers: wage 1, work worth 3 per period, no commitment device
FIRST_STAGE = World(wage=1.0, work_value=3.0, reneging_cost=0.0)


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        # Friedman (1971) / Osborne (2004, ch. 14): (T - R)/(T - P) = 2/4 for 5, 3, 1
        ({}, 0.5),
        # promise keeping: (T - k - R)/(T - k - P) = 1/3
        ({"deviation_cost": 1.0}, 1 / 3),
        # k >= T - R: even a fully myopic player cooperates
        ({"deviation_cost": 2.0}, 0.0),
        # imperfect detection: (T - R)/((T - R) + d (R - P)) = 2/(2 + 1)
        ({"detection": 0.5}, 2 / 3),
    ],
)
def test_grim_trigger_known_answers(kw: dict[str, float], expected: float) -> None:
    assert grim_trigger_threshold(5, 3, 1, **kw) == pytest.approx(expected)


def _discounted(stream: list[float], delta: float, tail: float) -> float:
    """sum_t delta^t stream[t] + delta^len * tail/(1 - delta)."""
    n = len(stream)
    return sum(delta**t * x for t, x in enumerate(stream)) + delta**n * tail / (1 - delta)


@given(
    delta=st.floats(0.05, 0.95),
    kappa=st.floats(0, 3),
    d=st.floats(0.05, 1),
)
def test_threshold_matches_payoff_comparison(delta: float, kappa: float, d: float) -> None:
    # oracle: compare the expected discounted payoffs of cooperating forever and deviating once
    t, r, p = 5.0, 3.0, 1.0
    coop = r / (1 - delta)
    # deviation: T - kappa now; detected (prob d): P forever; undetected: back on path
    deviate = t - kappa + delta * (d * p + (1 - d) * r) / (1 - delta)
    thr = grim_trigger_threshold(t, r, p, deviation_cost=kappa, detection=d)
    if abs(delta - thr) > 1e-9:
        assert (coop >= deviate) == (delta >= thr)


@given(kappa=st.floats(0, 1.9), extra=st.floats(0.01, 1), d=st.floats(0.05, 1))
def test_threshold_falls_in_kappa_and_rises_as_detection_falls(
    kappa: float, extra: float, d: float
) -> None:
    base = grim_trigger_threshold(5, 3, 1, deviation_cost=kappa, detection=d)
    assert grim_trigger_threshold(5, 3, 1, deviation_cost=kappa + extra, detection=d) <= base
    assert grim_trigger_threshold(5, 3, 1, deviation_cost=kappa, detection=d / 2) >= base


def test_trust_game_closed_forms() -> None:
    # A: delta_A >= 1 - d w/(g - kappa); D: delta_D >= (w - K)/(v - K)
    r = RepeatedDeal(world=FIRST_STAGE).solve(
        wage=1.0, sabotage_gain=4.0, work_value=3.0, reneging_cost=0.5, deviation_detection=0.5,
        promise_keeping=1.0, discount=0.9, developer_discount=0.5,
    )  # fmt: skip
    assert r.ai_threshold == pytest.approx(1 - 0.5 * 1 / 3)
    assert r.developer_threshold == pytest.approx(0.5 / 2.5)
    assert r.min_wage == pytest.approx(0.1 * 3 / 0.5)
    assert r.max_wage == pytest.approx(0.5 * 3 + 0.5 * 0.5)
    assert r.regime == "cooperation"
    assert r.deal_exists


def test_trust_game_simulation_oracle() -> None:
    # brute force: discounted streams over a long horizon for each one-shot deviation
    da, dd, w, g, v, k = 0.7, 0.8, 1.0, 3.0, 2.5, 0.2
    r = RepeatedDeal(world=FIRST_STAGE).solve(
        discount=da, developer_discount=dd, wage=w, sabotage_gain=g, work_value=v,
        reneging_cost=k,
    )  # fmt: skip
    ai_coop = _discounted([], da, w)
    ai_dev = g  # sabotage detected (d = 1): g now, nothing after
    dev_pay = -w + dd * (v - w) / (1 - dd)
    dev_renege = -k
    assert r.ai_works == (ai_coop >= ai_dev)
    assert r.developer_pays == (dev_pay >= dev_renege)


def test_regimes() -> None:
    m = RepeatedDeal(world=FIRST_STAGE)
    assert m.solve(discount=0.4).regime == "ai defects"
    assert m.solve(developer_discount=0.1).regime == "developer reneges"
    assert m.solve(discount=0.1, developer_discount=0.1).regime == "no cooperation"
    # a commitment device (reneging cost) rescues an impatient developer
    assert m.solve(developer_discount=0.1, reneging_cost=1.0).regime == "cooperation"


def test_growing_trade() -> None:
    m = RepeatedDeal(world=FIRST_STAGE)
    r = m.solve(discount=0.8, trade_gain=1.0, growth=0.1, war_payoff=5.0)
    assert r.trade_value == pytest.approx(1 / (1 - 0.8 * 1.1))
    assert r.trade_beats_war
    assert m.solve(discount=0.95, growth=0.1).trade_value == np.inf
    assert not m.solve(discount=0.5, war_payoff=5.0).trade_beats_war


def test_disposition_fills_discount_and_promise_keeping() -> None:
    d = Disposition(myopia=0.6, promise_keeping=2.0)
    v = RepeatedDeal(disposition=d).resolve()
    assert v["discount"] == pytest.approx(0.4)
    assert v["promise_keeping"] == 2.0
    assert RepeatedDeal(disposition=d).solve().regime == "cooperation"


def test_condition_agrees_with_solve() -> None:
    m = RepeatedDeal(world=FIRST_STAGE)
    rng = np.random.default_rng(0)
    n = 3000
    vals = {
        "discount": rng.uniform(0, 1, n),
        "developer_discount": rng.uniform(0, 1, n),
        "promise_keeping": rng.uniform(0, 2, n),
        "deviation_detection": rng.uniform(0.05, 1, n),
        "wage": rng.uniform(0, 2, n),
        "sabotage_gain": rng.uniform(0, 4, n),
        "work_value": rng.uniform(0, 4, n),
        "reneging_cost": rng.uniform(0, 1, n),
    }
    cond = m.cooperation_condition()
    r = m.solve(**vals)
    np.testing.assert_array_equal(cond.holds(**vals), r.cooperates)


_TEXTBOOK_POINTS = st.fixed_dictionaries(
    {
        "discount": st.floats(0, 1),
        "developer_discount": st.floats(0, 1, exclude_max=True),
        "promise_keeping": st.floats(0, 1e300),
        "deviation_detection": st.floats(0, 1, exclude_min=True),
        "wage": st.floats(0, 1e300),
        "sabotage_gain": st.floats(0, 1e300),
        "work_value": st.floats(-1e300, 1e300),
        "reneging_cost": st.floats(0, 1e300),
    }
)


@given(_TEXTBOOK_POINTS)
def test_the_derived_condition_is_the_two_incentive_constraints(v: dict[str, float]) -> None:
    # derived from the declared one-shot deviation game, never written by hand: it is
    # d w >= (1 - delta_A)(g - kappa) and delta_D (v - w) >= (1 - delta_D)(w - K)
    from fractions import Fraction

    m = RepeatedDeal()
    q = {k: Fraction(x) for k, x in v.items()}
    ai = q["deviation_detection"] * q["wage"] >= (1 - q["discount"]) * (
        q["sabotage_gain"] - q["promise_keeping"]
    )
    dev = q["developer_discount"] * (q["work_value"] - q["wage"]) >= (
        1 - q["developer_discount"]
    ) * (q["wage"] - q["reneging_cost"])
    expected = {
        (True, True): "cooperation",
        (False, True): "ai defects",
        (True, False): "developer reneges",
        (False, False): "no cooperation",
    }[(ai, dev)]
    for regime in m.regimes:
        cond = m.regime_condition(regime)
        held = cond.holds(**{k: v[k] for k in cond.parameters})
        if held != (regime == expected):
            # only where float rounding decides a comparison the exact one does not
            point = {k: np.array([x]) for k, x in m.resolve(**v).items()}
            assert m.declared()._ill_conditioned(point)[0], (regime, expected, v)


def test_the_declared_game_gives_the_regime_through_the_engine() -> None:
    from dealmodels.solvers.backward import subgame_perfect

    m = RepeatedDeal(world=FIRST_STAGE)
    decl = m.declared()
    assert decl.players == ("AI", "developer")
    for kw in ({}, {"discount": 0.4}, {"developer_discount": 0.1},
               {"discount": 0.1, "developer_discount": 0.1},
               {"developer_discount": 0.1, "reneging_cost": 1.0}):  # fmt: skip
        spe = subgame_perfect(decl.game(**kw))
        path = "/".join(spe.tree.node_path(spe.path[-1]))
        assert decl.outcome_regime(path) == m.solve(**kw).regime, kw
    # the tree is over the parameters' symbols, and its condition is the derived one
    assert m.tree().free_symbols <= {p.symbol for p in m.parameters.values()}
    assert m.cooperation_condition().expr == decl.cooperation_condition().expr
    assert "/" not in str(m.cooperation_condition().expr)


def test_a_prisoners_dilemma_out_of_order_is_refused_before_any_work() -> None:
    m = RepeatedDeal()
    for call in (m.solve, m.game, m.declared().solve, m.declared().game):
        with pytest.raises(InvalidParameterError, match="temptation > reward > punishment"):
            call(temptation=3.0, reward=3.0)


def test_an_undefined_pd_threshold_is_refused_by_the_models_parameters() -> None:
    # inf - inf in T - kappa - R: refused naming the model's parameters, not the solver's
    with pytest.raises(InvalidParameterError, match="promise_keeping=inf") as err:
        RepeatedDeal().solve(temptation=np.inf, promise_keeping=np.inf)
    assert "gain" not in str(err.value).split("(")[0]


def test_broadcasting() -> None:
    r = RepeatedDeal(world=FIRST_STAGE).solve(
        discount=np.linspace(0, 1, 5)[:, None], wage=[0.5, 1.0, 2.0]
    )
    assert r.regime.shape == (5, 3)
    assert r.pd_threshold_ai.shape == (5, 3)


def test_myopia_tension() -> None:
    t = myopia_tension(np.linspace(0, 0.9, 10))
    # myopia lowers the value of a delayed takeover ...
    assert np.all(np.diff(t.takeover_threat) <= 0)
    # ... and also ends the repeated deal once it passes the AI's threshold 1 - (1 - w/g)
    assert t.sustainable[0]
    assert not t.sustainable[-1]
    assert t.ai_threshold_myopia == pytest.approx(World().wage / World().sabotage_gain)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: RepeatedDeal(world=FIRST_STAGE).solve(discount=1.5), "discount"),
        (
            lambda: RepeatedDeal(world=FIRST_STAGE).solve(deviation_detection=0.0),
            "deviation_detection",
        ),
        (lambda: RepeatedDeal(world=FIRST_STAGE).solve(wage=-1), "wage"),
        (lambda: RepeatedDeal(world=FIRST_STAGE).solve(temptation=2.0), "temptation"),
        (lambda: RepeatedDeal(world=FIRST_STAGE).solve(bogus=1), "bogus"),
        (lambda: grim_trigger_threshold(3, 3, 1), "temptation"),
        (lambda: grim_trigger_threshold(5, 3, 1, detection=0), "detection"),
        (lambda: grim_trigger_threshold(5, 3, 1, deviation_cost=-1), "deviation_cost"),
        (lambda: myopia_tension([1.2]), "myopia"),
    ],
)
def test_bad_input(call: object, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        call()  # type: ignore[operator]


def test_public_namespace() -> None:
    assert dm.models.RepeatedDeal is RepeatedDeal


@pytest.mark.parametrize(
    ("t", "r", "p", "kappa", "d"),
    [(5, 3, 1, 0.0, 1.0), (5, 3, 1, 1.0, 1.0), (5, 3, 1, 0.0, 0.4), (7, 4, 2, 0.5, 0.7),
     (10, 6, 1, 3.0, 0.3)],
)  # fmt: skip
def test_threshold_matches_repeated_game_solver(
    t: float, r: float, p: float, kappa: float, d: float
) -> None:
    # oracle: dm.critical_discount on the symmetric PD stage game (Nash reversion)
    pd = dm.NormalFormGame.from_bimatrix([[r, 0], [t, p]], [[r, t], [0, p]])
    oracle = dm.critical_discount(pd, (0, 0), detection=d, deviation_cost=kappa)
    mine = grim_trigger_threshold(t, r, p, deviation_cost=kappa, detection=d)
    assert mine == pytest.approx(float(oracle))
    both = RepeatedDeal(world=FIRST_STAGE).solve(
        temptation=t, reward=r, punishment=p, promise_keeping=kappa, reneging_cost=kappa,
        deviation_detection=d,
    )  # fmt: skip
    assert both.pd_threshold_ai == pytest.approx(float(oracle))
    assert both.pd_threshold_developer == pytest.approx(float(oracle))


def test_stage_game_and_solver() -> None:
    m = RepeatedDeal(world=FIRST_STAGE)
    g = m.game(temptation=6, reward=4, punishment=1)
    assert dm.critical_discount(g, (0, 0)) == pytest.approx(m.solve(
        temptation=6, reward=4, punishment=1).pd_threshold_ai)  # fmt: skip
    assert [
        tuple(int(np.argmax(s)) for s in e.strategies) for e in dm.pure_nash_equilibria(g)
    ] == [(1, 1)]
    with pytest.raises(InvalidParameterError, match="temptation"):
        m.game(temptation=[5.0, 6.0])
    with pytest.raises(InvalidParameterError, match="temptation"):
        m.game(temptation=2.0)


@given(
    t=st.floats(2.0, 10.0),
    r=st.floats(1.0, 1.9),
    p=st.floats(0.01, 0.9),
    kappa=st.floats(0.0, 3.0),
    d=st.floats(0.05, 1.0),
)
def test_pd_thresholds_are_critical_discount_of_the_stage_game(
    t: float, r: float, p: float, kappa: float, d: float
) -> None:
    # one rule: the vectorised thresholds are critical_discount on game() (sucker 0 < P, so
    # mutual defection is the stage Nash punishment)
    from dealmodels.solvers.repeated import critical_discount, grim_trigger

    m = RepeatedDeal()
    vals = {"temptation": t, "reward": r, "punishment": p, "promise_keeping": kappa,
            "deviation_detection": d}  # fmt: skip
    res = m.solve(**vals)
    game = m.game(**vals)
    ai = grim_trigger(game, (0, 0), detection=d, deviation_cost=kappa).thresholds[0]
    assert res.pd_threshold_ai == pytest.approx(ai, abs=1e-15)
    if kappa == 0:
        assert res.pd_threshold_ai == pytest.approx(
            critical_discount(game, (0, 0), detection=d), abs=1e-15
        )
    arr = m.solve(**{**vals, "temptation": np.array([t, t + 1.0])}).pd_threshold_ai
    assert arr[0] == res.pd_threshold_ai
