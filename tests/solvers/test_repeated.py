"""Repeated-game solvers: minmax, grim-trigger thresholds, feasible and sustainable payoffs."""

from __future__ import annotations

import math
from fractions import Fraction as Fr
from typing import Any

import nashpy
import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from dealmodels import NormalFormGame
from dealmodels.errors import InvalidParameterError, NoEquilibriumError, UnsupportedGameError
from dealmodels.games.repeated import RepeatedGame
from dealmodels.solvers.repeated import (
    critical_discount,
    feasible_payoffs,
    grim_trigger,
    is_sustainable,
    minmax_values,
)


def pd_game(t: Any, r: Any, p: Any, s: Any) -> NormalFormGame:
    """Prisoner's dilemma, action 0 = cooperate, 1 = defect."""
    return NormalFormGame.from_bimatrix([[r, s], [t, p]], [[r, t], [s, p]])


PD = pd_game(5, 3, 1, 0)  # Osborne (2004) ch. 14 style: T, R, P, S = 5, 3, 1, 0


# -- known answers ---------------------------------------------------------------------------
def test_grim_trigger_pd_threshold() -> None:
    # Friedman (1971); Osborne (2004) sec. 14.7: delta* = (T - R)/(T - P) = 2/4.
    assert critical_discount(PD, (0, 0)) == 0.5
    assert critical_discount(RepeatedGame(PD, 0.9), (0, 0), "minmax") == 0.5
    r = grim_trigger(PD, (0, 0))
    assert r.thresholds == (Fr(1, 2), Fr(1, 2))
    assert r.on_path == (3, 3)
    assert r.deviation == (5, 5)
    assert r.punishment_payoffs == (1, 1)
    assert r.sustainable
    assert r.sustained(0.5)
    assert not r.sustained(0.49)
    assert not r.sustained((0.9, 0.3))


@pytest.mark.parametrize("d", [Fr(1), Fr(1, 2), Fr(1, 4), Fr(1, 10)])
def test_imperfect_detection_models_m6c(d: Fr) -> None:
    # M6(c): delta* = (T - R)/((T - R) + d (R - P)).
    expected = Fr(5 - 3) / ((5 - 3) + d * (3 - 1))
    assert grim_trigger(PD, (0, 0), detection=d).threshold == float(expected)
    assert critical_discount(PD, (0, 0), detection=float(d)) == pytest.approx(float(expected))


@pytest.mark.parametrize("kappa", [Fr(0), Fr(1, 2), Fr(1), Fr(3, 2), Fr(2), Fr(5)])
def test_promise_keeping_cost_models_m6b(kappa: Fr) -> None:
    # M6(b): delta* = max(0, (T - kappa - R)/(T - kappa - P)) for kappa < T - R,
    # and 0 once kappa >= T - R (read literally, the max(0, .) form gives 3 at kappa = 5,
    # where numerator and denominator are both negative).
    expected = (5 - kappa - 3) / (5 - kappa - 1) if kappa < 5 - 3 else Fr(0)
    assert critical_discount(PD, (0, 0), deviation_cost=kappa) == float(expected)


@pytest.mark.parametrize("exact", [True, False])
@pytest.mark.parametrize("kappa", [1e300, math.inf])
def test_infinite_deviation_cost_needs_no_patience(kappa: float, exact: bool) -> None:
    # the same formula's limit: kappa >= T - R gives delta* = 0 (it was nan at kappa = inf,
    # from 0 * -inf)
    game = PD if exact else PD.as_float()
    assert critical_discount(game, (0, 0), deviation_cost=kappa) == 0.0
    assert grim_trigger(game, (0, 0), deviation_cost=kappa).thresholds == (0.0, 0.0)


def test_no_discount_sustains_when_detection_is_zero() -> None:
    r = grim_trigger(PD, (0, 0), detection=0)
    assert r.threshold == 1.0
    assert not r.sustainable
    assert not r.sustained(0.99)


def test_stage_nash_profile_needs_no_patience() -> None:
    assert critical_discount(PD, (1, 1)) == 0.0


def test_nash_reversion_uses_the_worst_equilibrium_for_each_deviator() -> None:
    # Coordination on (2, 2) off an inefficient pair of equilibria (0,0) -> (4,1) and
    # (1,1) -> (1,4); the profile (2,2) pays (3,3) and each player is tempted by 5.
    a = [[4, 0, 0], [0, 1, 0], [0, 0, 3]]
    b = [[1, 0, 0], [0, 4, 0], [0, 0, 3]]
    a[0][2], b[2][0] = 5, 5  # player 0 deviates to action 0, player 1 to action 0
    g = NormalFormGame.from_bimatrix(a, b)
    eqs = list(nashpy.Game(np.array(a, float), np.array(b, float)).vertex_enumeration())
    worst = [min(float(x @ np.array(m, float) @ y) for x, y in eqs) for m in (a, b)]
    r = grim_trigger(g, (2, 2))
    assert [float(v) for v in r.punishment_payoffs] == pytest.approx(worst)
    assert r.thresholds == tuple(Fr(5 - 3) / (5 - Fr(v).limit_denominator(1000)) for v in worst)


def test_explicit_punishment_profile_lets_the_deviator_best_respond() -> None:
    # punish with (0, 0) = both cooperate: the deviator best-responds with D and gets T
    r = grim_trigger(PD, (0, 0), punishment=(0, 0))
    assert r.punishment == "profile"
    assert r.punishment_payoffs == (5, 5)
    assert not r.sustainable


def test_three_player_pure_nash_reversion() -> None:
    # 3-player public goods: contribute (0) costs 2, gives 1.5 to everyone; defect is dominant.
    shape = (2, 2, 2)
    pay = [np.zeros(shape, dtype=object) for _ in range(3)]
    for prof in np.ndindex(shape):
        n_c = sum(1 for a in prof if a == 0)
        for i in range(3):
            pay[i][prof] = Fr(3, 2) * n_c - (2 if prof[i] == 0 else 0)
    g = NormalFormGame(pay)
    # u = 4.5 - 2 = 5/2, d = 3, v = 0: delta* = (1/2) / 3 = 1/6
    assert critical_discount(g, (0, 0, 0)) == pytest.approx(1 / 6)
    assert critical_discount(g, (0, 0, 0), "minmax") == pytest.approx(1 / 6)


def test_three_player_without_pure_equilibrium() -> None:
    # player 2 is a dummy; players 0 and 1 play matching pennies
    mp = np.array([[1, -1], [-1, 1]])
    pay = [np.stack([mp, mp], axis=2), np.stack([-mp, -mp], axis=2), np.zeros((2, 2, 2))]
    with pytest.raises(NoEquilibriumError, match="pure Nash"):
        critical_discount(NormalFormGame(pay), (0, 0, 0))


def test_minmax_matching_pennies() -> None:
    mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    assert minmax_values(mp).tolist() == [0.0, 0.0]
    assert minmax_values(mp, mixed=False).tolist() == [1.0, 1.0]


def test_correlated_minmax_three_players() -> None:
    # player 0 gets 1 unless the other two "match" its action; independent mixing by two
    # punishers leaves it 1/2 at best, correlation can hold it to 0 ... here: u_0 = 1 if
    # a_1 != a_2 else (1 if a_0 == a_1 else 0); correlated punishers play (0,0),(1,1) w.p. 1/2.
    pay = [np.zeros((2, 2, 2)) for _ in range(3)]
    for a0, a1, a2 in np.ndindex(2, 2, 2):
        pay[0][a0, a1, a2] = 1.0 if a1 != a2 or a0 == a1 else 0.0
    g = NormalFormGame(pay)
    assert minmax_values(g, mixed=False)[0] == 1.0
    assert minmax_values(g)[0] == pytest.approx(0.5)  # correlated: 1/2 of the time a0 == a1


# -- oracles and properties ------------------------------------------------------------------
bimatrices = st.integers(2, 4).flatmap(
    lambda m: st.integers(2, 4).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(-5, 5), min_size=n, max_size=n), min_size=m, max_size=m),
            st.lists(st.lists(st.integers(-5, 5), min_size=n, max_size=n), min_size=m, max_size=m),
        )
    )
)


@given(ab=bimatrices)
def test_mixed_minmax_equals_zero_sum_value_nashpy_oracle(ab: tuple[Any, Any]) -> None:
    a, b = (np.array(x, dtype=float) for x in ab)
    g = NormalFormGame.from_bimatrix(a, b)
    mm = minmax_values(g)
    # player 0's minmax = value of the zero-sum game (A, -A) (von Neumann)
    for i, m in enumerate((a, b.T)):
        x, y = next(iter(nashpy.Game(m, -m).lemke_howson_enumeration()))
        assert mm[i] == pytest.approx(float(x @ m @ y), abs=1e-7)
    assert np.all(mm <= minmax_values(g, mixed=False) + 1e-12)


@given(ab=bimatrices)
def test_equilibrium_payoffs_are_individually_rational(ab: tuple[Any, Any]) -> None:
    g = NormalFormGame.from_bimatrix(*ab)
    mm = minmax_values(g)
    r = grim_trigger(g, (0, 0))
    assert all(float(v) >= m - 1e-9 for v, m in zip(r.punishment_payoffs, mm, strict=True))


pd_payoffs = st.tuples(
    st.integers(-5, 5), st.integers(1, 5), st.integers(1, 5), st.integers(1, 5)
).map(lambda t: (t[0] + t[1] + t[2] + t[3], t[0] + t[2] + t[3], t[0] + t[3], t[0]))


@given(tps=pd_payoffs, k=st.tuples(st.fractions(0, 10), st.fractions(0, 10)))
def test_threshold_decreases_in_deviation_cost(tps: tuple[int, ...], k: tuple[Fr, Fr]) -> None:
    g = pd_game(*tps)
    lo, hi = sorted(k)
    assert critical_discount(g, (0, 0), deviation_cost=hi) <= critical_discount(
        g, (0, 0), deviation_cost=lo
    )


@given(tps=pd_payoffs, d=st.tuples(st.fractions(0, 1), st.fractions(0, 1)))
def test_threshold_rises_as_detection_falls(tps: tuple[int, ...], d: tuple[Fr, Fr]) -> None:
    g = pd_game(*tps)
    lo, hi = sorted(d)
    assert critical_discount(g, (0, 0), detection=lo) >= critical_discount(g, (0, 0), detection=hi)


@given(tps=pd_payoffs, d=st.fractions(Fr(1, 100), 1), k=st.fractions(0, 10))
def test_threshold_is_the_one_shot_deviation_boundary(tps: tuple[int, ...], d: Fr, k: Fr) -> None:
    # at delta*, cooperating is exactly as good as deviating once (if 0 < delta* < 1)
    t, r, p, _ = tps
    res = grim_trigger(pd_game(*tps), (0, 0), detection=d, deviation_cost=k)
    dstar = res.thresholds[0]
    if 0 < dstar < 1:
        coop = Fr(r) / (1 - dstar)
        dev = t - k + dstar * (d * p + (1 - d) * r) / (1 - dstar)
        assert coop == dev


T_, R_, P_, S_ = sympy.symbols("T R P S", real=True)
A_, B_, C_ = sympy.symbols("a b c", positive=True)
D_, K_ = sympy.symbols("d kappa", positive=True)


def test_symbolic_pd_threshold() -> None:
    # encode T > R > P > S as positive gaps: T = R + a, P = R - b, S = P - c
    g = pd_game(R_ + A_, R_, R_ - B_, R_ - B_ - C_)
    assert sympy.simplify(critical_discount(g, (0, 0)) - A_ / (A_ + B_)) == 0
    with_d = critical_discount(g, (0, 0), detection=D_)
    assert sympy.simplify(with_d - A_ / (A_ + D_ * B_)) == 0


def test_symbolic_threshold_with_unordered_symbols_needs_a_profile() -> None:
    g = pd_game(T_, R_, P_, S_)
    with pytest.raises(UnsupportedGameError, match="positive gaps"):
        critical_discount(g, (0, 0))
    expr = critical_discount(g, (0, 0), punishment=(1, 1))
    f = sympy.lambdify((T_, R_, P_, S_), expr)
    assert f(5, 3, 1, 0) == pytest.approx(0.5)


@given(
    a=st.fractions(Fr(1, 10), 10),
    b=st.fractions(Fr(1, 10), 10),
    c=st.fractions(0, 10),
    r=st.fractions(-5, 5),
    d=st.fractions(Fr(1, 100), 1),
    k=st.fractions(0, 10),
)
def test_symbolic_threshold_equals_numeric(a: Fr, b: Fr, c: Fr, r: Fr, d: Fr, k: Fr) -> None:
    g = pd_game(R_ + A_, R_, R_ - B_, R_ - B_ - C_)
    expr = critical_discount(g, (0, 0), detection=D_, deviation_cost=K_)
    f = sympy.lambdify((A_, B_, C_, R_, D_, K_), expr)
    numeric = critical_discount(
        pd_game(r + a, r, r - b, r - b - c), (0, 0), detection=d, deviation_cost=k
    )
    assert float(f(a, b, c, r, d, k)) == pytest.approx(numeric, abs=1e-12)


def test_condition_from_trigger_result() -> None:
    g = pd_game(R_ + A_, R_, R_ - B_, R_ - B_ - C_)
    cond = grim_trigger(g, (0, 0)).condition("delta")
    assert set(cond.parameters) == {"a", "b", "delta"}
    assert cond.holds(delta=0.5, a=2, b=2)
    assert not cond.holds(delta=0.49, a=2, b=2)
    numeric = grim_trigger(PD, (0, 0)).condition()
    assert numeric.holds(delta=0.6)
    assert not numeric.holds(delta=0.4)


def test_feasible_payoffs_pd() -> None:
    f = feasible_payoffs(PD)
    assert f.vertices.tolist() == [[0, 5], [1, 1], [3, 3], [5, 0]]
    assert f.dimension == 2
    assert f.profiles.shape == (4, 2)
    assert f.contains([2.5, 2.5])
    assert not f.contains([3.5, 3.5])


def test_feasible_payoffs_degenerate() -> None:
    same = NormalFormGame.from_bimatrix([[1, 1], [1, 1]], [[2, 2], [2, 2]])
    f = feasible_payoffs(same)
    assert f.vertices.tolist() == [[1, 2]]
    assert f.dimension == 0
    line = NormalFormGame.from_bimatrix([[0, 1], [2, 3]], [[0, 1], [2, 3]])
    f = feasible_payoffs(line)
    assert f.vertices.tolist() == [[0, 0], [3, 3]]
    assert f.dimension == 1
    assert f.contains([1.5, 1.5])
    assert not f.contains([1.5, 1.6])


def test_is_sustainable_pd() -> None:
    rg = RepeatedGame(PD, 0.9)
    assert is_sustainable(rg, [3, 3])
    assert is_sustainable(PD, (4, 1.5))
    assert not is_sustainable(rg, [1, 1])  # minmax: not strictly individually rational
    assert not is_sustainable(rg, [0.5, 4])  # below player 0's minmax
    assert not is_sustainable(rg, [4, 4])  # infeasible


@given(ab=bimatrices, w=st.lists(st.floats(0, 1), min_size=16, max_size=16))
def test_sustainable_payoffs_are_feasible_and_above_minmax(
    ab: tuple[Any, Any], w: list[float]
) -> None:
    g = NormalFormGame.from_bimatrix(*ab)
    f = feasible_payoffs(g)
    k = len(f.profiles)
    weights = np.array(w[:k]) + 1e-3
    x = weights / weights.sum() @ f.profiles  # a feasible point
    assert f.contains(x)
    mm = minmax_values(g)
    assert is_sustainable(g, x) == bool(np.all(x > mm + 1e-9 * (1 + np.abs(f.profiles).max())))


# -- bad input -------------------------------------------------------------------------------
SYM = pd_game(T_, R_, P_, S_)

BAD: list[tuple[Any, dict[str, Any], type[Exception], str]] = [
    (critical_discount, {"game": PD, "profile": (0, 2)}, InvalidParameterError, "profile"),
    (critical_discount, {"game": PD, "profile": (0,)}, InvalidParameterError, "profile"),
    (critical_discount, {"game": PD, "profile": "00"}, InvalidParameterError, "profile"),
    (critical_discount, {"game": PD, "profile": (0.0, 0)}, InvalidParameterError, "profile"),
    (critical_discount, {"game": [[1]], "profile": (0, 0)}, InvalidParameterError, "game"),
    (
        critical_discount,
        {"game": PD, "profile": (0, 0), "punishment": "tit-for-tat"},
        InvalidParameterError,
        "punishment",
    ),
    (
        critical_discount,
        {"game": PD, "profile": (0, 0), "punishment": (0, 5)},
        InvalidParameterError,
        "punishment",
    ),
    (
        critical_discount,
        {"game": PD, "profile": (0, 0), "detection": 1.5},
        InvalidParameterError,
        "detection",
    ),
    (
        critical_discount,
        {"game": PD, "profile": (0, 0), "detection": -0.1},
        InvalidParameterError,
        "detection",
    ),
    (
        critical_discount,
        {"game": PD, "profile": (0, 0), "deviation_cost": -1},
        InvalidParameterError,
        "deviation_cost",
    ),
    (
        critical_discount,
        {"game": PD, "profile": (0, 0), "deviation_cost": math.nan},
        InvalidParameterError,
        "deviation_cost",
    ),
    (minmax_values, {"game": PD, "mixed": "yes"}, InvalidParameterError, "mixed"),
    (minmax_values, {"game": SYM}, UnsupportedGameError, "subs"),
    (feasible_payoffs, {"game": SYM}, UnsupportedGameError, "subs"),
    (is_sustainable, {"game": PD, "payoffs": [1, 2, 3]}, InvalidParameterError, "payoffs"),
    (is_sustainable, {"game": PD, "payoffs": [1, math.inf]}, InvalidParameterError, "payoffs"),
    (is_sustainable, {"game": PD, "payoffs": [1, 1], "tol": -1}, InvalidParameterError, "tol"),
    (is_sustainable, {"game": "PD", "payoffs": [1, 1]}, InvalidParameterError, "game"),
]


@pytest.mark.parametrize(("func", "kwargs", "error", "match"), BAD)
def test_bad_input(func: Any, kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        func(**kwargs)


def test_trigger_result_bad_discount() -> None:
    r = grim_trigger(PD, (0, 0))
    with pytest.raises(InvalidParameterError, match="discount"):
        r.sustained(1.0)
    with pytest.raises(InvalidParameterError, match="discount"):
        r.sustained((0.5, 0.5, 0.5))
    with pytest.raises(UnsupportedGameError, match="numeric"):
        grim_trigger(SYM, (0, 0), (1, 1)).sustained(0.5)


def test_trigger_threshold_is_the_rule_of_grim_trigger_on_arrays() -> None:
    # g <= 0: 0; pL > 0: g / (g + pL); else 1: the same numbers as grim_trigger, per element
    from dealmodels.solvers.repeated import trigger_threshold

    gain = np.array([-np.inf, -1.0, 0.0, 2.0, 2.0, 2.0, 1.0])
    loss = np.array([2.0, 2.0, 2.0, 2.0, 0.0, -1.0, 3.0])
    det = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5])
    expected = [0.0, 0.0, 0.0, 0.5, 1.0, 1.0, 0.4]
    assert trigger_threshold(gain, loss, det).tolist() == expected
    points = zip(gain.tolist(), loss.tolist(), det.tolist(), strict=True)
    assert [trigger_threshold(g, x, q) for g, x, q in points] == expected
    assert trigger_threshold(Fr(1), Fr(3), Fr(1, 2)) == Fr(2, 5)
    pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert critical_discount(pd, (0, 0)) == trigger_threshold(2.0, 2.0) == 0.5
    with pytest.raises(InvalidParameterError, match="detection"):
        trigger_threshold(np.array([1.0]), np.array([1.0]), 1.5)
