"""Bargaining solvers: Nash, Kalai–Smorodinsky, egalitarian, Rubinstein (+ BRW, risk aversion)."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction as Fr
from typing import Any

import pytest
import sympy
from hypothesis import assume, given
from hypothesis import strategies as st

from dealmodels.errors import InvalidGameError, InvalidParameterError
from dealmodels.games.bargaining import BargainingProblem
from dealmodels.solvers.bargaining import (
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    rubinstein,
)

# -- known answers ---------------------------------------------------------------------------
# Kalai & Smorodinsky (1975), section 1: S1 = hull{(0,0), (0,1), (1,0), (3/4,3/4)} and
# S2 = hull{(0,0), (0,1), (1,7/10)}. Nash gives (3/4, 3/4) on S1 and (1, 7/10) on S2: player 2
# loses although S2 offers it more at every u1 (their monotonicity objection). KS gives (3/4,
# 3/4) and (10/13, 10/13).
KS_S1 = BargainingProblem.from_points([(0, 0), (0, 1), (1, 0), (Fr(3, 4), Fr(3, 4))])
KS_S2 = BargainingProblem.from_points([(0, 0), (0, 1), (1, Fr(7, 10))])


def test_kalai_smorodinsky_1975_example() -> None:
    assert nash_bargaining(KS_S1).exact == (Fr(3, 4), Fr(3, 4))
    assert nash_bargaining(KS_S2).exact == (1, Fr(7, 10))
    assert kalai_smorodinsky(KS_S1).exact == (Fr(3, 4), Fr(3, 4))
    assert kalai_smorodinsky(KS_S2).exact == (Fr(10, 13), Fr(10, 13))


def test_nash_1950_bill_and_jack() -> None:
    # Nash (1950), the example: utilities (Bill, Jack) of Bill's goods (book, whip, ball, bat,
    # box) and Jack's (pen, toy, knife, hat). The solution: Bill gives Jack the book, whip, ball
    # and bat; Jack gives Bill the pen, toy and knife.
    bill_goods = [(2, 4), (2, 2), (2, 1), (2, 2), (4, 1)]
    jack_goods = [(10, 1), (4, 1), (6, 2), (2, 2)]

    def trade(give: tuple[int, ...], get: tuple[int, ...]) -> tuple[int, int]:
        ub = sum(g[0] for g, x in zip(jack_goods, get, strict=True) if x) - sum(
            g[0] for g, x in zip(bill_goods, give, strict=True) if x
        )
        uj = sum(g[1] for g, x in zip(bill_goods, give, strict=True) if x) - sum(
            g[1] for g, x in zip(jack_goods, get, strict=True) if x
        )
        return ub, uj

    pts = {
        trade(give, get)
        for give in itertools.product((0, 1), repeat=5)
        for get in itertools.product((0, 1), repeat=4)
    }
    sol = nash_bargaining(BargainingProblem.from_points(sorted(pts), (0, 0)))
    assert sol.exact == trade((1, 1, 1, 1, 0), (1, 1, 1, 0))
    assert sol.exact == (12, 5)


@pytest.mark.parametrize("beta", [Fr(1, 2), Fr(1, 3), Fr(4, 5)])
@pytest.mark.parametrize(("q", "d_a", "g"), [(Fr(9, 10), Fr(1, 5), 1), (Fr(1, 2), 0, 3)])
def test_asymmetric_nash_closed_form_models_m2(beta: Fr, q: Fr, d_a: Fr, g: int) -> None:
    # M2: A gets q x, D gets G - x; max (q x - d_A)^beta (G - x)^(1-beta)
    # gives x* = beta G + (1 - beta) d_A / q.
    p = BargainingProblem.from_points([(0, g), (q * g, 0)], disagreement=(d_a, 0))
    sol = nash_bargaining(p, weights=(beta, 1 - beta))
    x = beta * g + (1 - beta) * d_a / q
    assert sol.exact == (q * x, g - x)
    assert sol.method == "closed_form"


def test_linear_pie_nash_split_the_surplus() -> None:
    # Osborne & Rubinstein (1990) sec. 2.3: u* = d + (pie - d1 - d2)/2 each.
    sol = nash_bargaining(BargainingProblem.linear(10, (2, 4)))
    assert sol.exact == (4, 6)
    assert sol.gains == (2.0, 2.0)
    assert sol.weights == (0.5, 0.5)
    assert list(sol.point) == [4.0, 6.0]


@pytest.mark.parametrize("a", [Fr(1, 2), Fr(1, 3), Fr(2, 3), 1])
def test_kihlstrom_roth_schmeidler_share_symbolic(a: Any) -> None:
    # KRS (1981): u_A = x^a vs a risk-neutral opponent on a pie of 1: A's share a/(1+a).
    u = sympy.Symbol("u", nonnegative=True)
    p = BargainingProblem.from_frontier(1 - u ** (1 / sympy.Rational(a)), (0, 1))
    sol = nash_bargaining(p)
    assert sol.method == "symbolic"
    share = 1 - sol.exact[1]
    assert sympy.simplify(share - sympy.Rational(a) / (1 + sympy.Rational(a))) == 0


@pytest.mark.parametrize("a", [0.2, 0.5, 0.7])
def test_kihlstrom_roth_schmeidler_share_numeric(a: float) -> None:
    p = BargainingProblem.from_frontier(lambda u: 1 - u ** (1 / a), (0, 1))
    sol = nash_bargaining(p)
    assert sol.method == "bounded_scalar"
    assert 1 - sol.utilities[1] == pytest.approx(a / (1 + a), abs=1e-8)


def test_symbolic_ks_and_egalitarian() -> None:
    u = sympy.Symbol("u", nonnegative=True)
    p = BargainingProblem.from_frontier(1 - u**2, (0, 1))
    ks, eg = kalai_smorodinsky(p), egalitarian(p)
    golden = (sympy.sqrt(5) - 1) / 2  # u = 1 - u^2
    assert sympy.simplify(ks.exact[0] - golden) == 0
    assert sympy.simplify(eg.exact[1] - golden) == 0
    assert ks.method == eg.method == "symbolic"


def test_egalitarian_is_not_scale_invariant_but_ks_is() -> None:
    p = BargainingProblem.from_points([(0, 2), (4, 0)])
    assert egalitarian(p).exact == (Fr(4, 3), Fr(4, 3))
    assert kalai_smorodinsky(p).exact == (2, 1)
    assert nash_bargaining(p).exact == (2, 1)


def test_corner_nash_on_callable_frontier() -> None:
    # frontier ends at u1 = 1 while u2 is still 0.9: the Nash optimum is that corner
    p = BargainingProblem.from_frontier(lambda u: 1 - 0.1 * u, (0, 1))
    assert nash_bargaining(p).utilities == pytest.approx((1.0, 0.9))


def test_disagreement_left_of_the_frontier() -> None:
    # d1 < u1_min: the flat part never holds the Nash solution
    p = BargainingProblem.from_frontier(lambda u: 2 - u, (1, 2), (0, 0))
    assert nash_bargaining(p).utilities == pytest.approx((1.0, 1.0))
    # ideal point (2, 1): the ray u2 = u1 / 2 meets u2 = 2 - u1 at u1 = 4/3
    assert kalai_smorodinsky(p).utilities == pytest.approx((4 / 3, 2 / 3))


# -- properties ------------------------------------------------------------------------------
points_st = st.lists(
    st.tuples(st.integers(0, 12), st.integers(0, 12)), min_size=2, max_size=8, unique=True
)


def _problem(pts: list[tuple[int, int]], d: tuple[int, int]) -> BargainingProblem:
    try:
        return BargainingProblem.from_points(pts, d)
    except InvalidParameterError:
        assume(False)
        raise


@given(pts=points_st, d=st.tuples(st.integers(-3, 6), st.integers(-3, 6)))
def test_solutions_are_pareto_and_individually_rational(
    pts: list[tuple[int, int]], d: tuple[int, int]
) -> None:
    p = _problem(pts, d)
    for sol in (nash_bargaining(p), kalai_smorodinsky(p), egalitarian(p)):
        assert p.is_pareto_optimal(sol.utilities)
        assert sol.utilities[0] >= d[0]
        assert sol.utilities[1] >= d[1]
        assert sol.exact is not None
    assert p.is_strictly_pareto_optimal(nash_bargaining(p).utilities)


@given(
    pts=points_st,
    d=st.tuples(st.integers(-3, 6), st.integers(-3, 6)),
    scale=st.tuples(st.fractions(Fr(1, 5), 7), st.fractions(Fr(1, 5), 7)),
    shift=st.tuples(st.integers(-5, 5), st.integers(-5, 5)),
    w=st.fractions(Fr(1, 10), Fr(9, 10)),
)
def test_nash_and_ks_are_invariant_to_affine_rescaling(
    pts: list[tuple[int, int]],
    d: tuple[int, int],
    scale: tuple[Fr, Fr],
    shift: tuple[int, int],
    w: Fr,
) -> None:
    p = _problem(pts, d)

    def f(u: tuple[Any, Any]) -> tuple[Any, Any]:
        return scale[0] * u[0] + shift[0], scale[1] * u[1] + shift[1]

    q = BargainingProblem.from_points([f(u) for u in pts], f(d))
    assert nash_bargaining(q, (w, 1 - w)).exact == f(nash_bargaining(p, (w, 1 - w)).exact)
    assert kalai_smorodinsky(q).exact == f(kalai_smorodinsky(p).exact)
    # egalitarian is invariant to a common translation only
    t = (shift[0], shift[0])
    r = BargainingProblem.from_points(
        [(a + t[0], b + t[1]) for a, b in pts], (d[0] + t[0], d[1] + t[1])
    )
    e = egalitarian(p).exact
    assert egalitarian(r).exact == (e[0] + t[0], e[1] + t[1])


@given(pts=points_st, d=st.tuples(st.integers(-3, 6), st.integers(-3, 6)))
def test_float_and_exact_agree(pts: list[tuple[int, int]], d: tuple[int, int]) -> None:
    p = _problem(pts, d)
    q = BargainingProblem.from_points([(float(a), float(b)) for a, b in pts], d)
    for solve in (nash_bargaining, kalai_smorodinsky, egalitarian):
        assert solve(q).utilities == pytest.approx(solve(p).utilities, abs=1e-9)


@given(w=st.floats(0.05, 0.95), d=st.tuples(st.floats(-1, 0.4), st.floats(-1, 0.4)))
def test_callable_matches_closed_form(w: float, d: tuple[float, float]) -> None:
    exact = nash_bargaining(BargainingProblem.linear(1.0, d), (w, 1 - w))
    numeric = nash_bargaining(
        BargainingProblem.from_frontier(lambda u: 1 - u, (0, 1), d), (w, 1 - w)
    )
    assert numeric.utilities == pytest.approx(exact.utilities, abs=1e-7)


# -- Rubinstein ------------------------------------------------------------------------------
def test_rubinstein_1982_shares() -> None:
    # Osborne & Rubinstein (1990) Prop. 3.3: proposer gets (1 - d2)/(1 - d1 d2).
    r = rubinstein(Fr(9, 10), Fr(9, 10))
    assert r.shares == (Fr(10, 19), Fr(9, 19))
    assert r.proposer_share == Fr(10, 19)
    assert r.responder_share == Fr(9, 19)
    assert r.responder == 1
    assert not r.outside_option_binds


def test_rubinstein_proposer_shares_formula() -> None:
    r = rubinstein(Fr(1, 2), Fr(2, 3), pie=6, first_proposer=1)
    den = 1 - Fr(1, 2) * Fr(2, 3)
    assert r.proposer_shares == (6 * (1 - Fr(2, 3)) / den, 6 * (1 - Fr(1, 2)) / den)
    assert r.shares == (6 - r.proposer_shares[1], r.proposer_shares[1])
    assert r.shares == (Fr(3, 2), Fr(9, 2))  # 6 (1 - 1/2) / (1 - 1/3) = 9/2
    assert r.first_proposer == 1
    assert r.method == "closed_form"


def test_impatient_players() -> None:
    assert rubinstein(0, 0).shares == (1, 0)  # ultimatum game
    assert rubinstein(0, Fr(1, 2)).shares == (Fr(1, 2), Fr(1, 2))


def test_brw_outside_option_threshold() -> None:
    # BRW (1986), Osborne & Rubinstein (1990) sec. 3.12: B's option binds iff
    # w_B > d_B (1 - d_A) / (1 - d_A d_B); then A gets 1 - w_B.
    da, db = Fr(9, 10), Fr(4, 5)
    threshold = db * (1 - da) / (1 - da * db)
    below = rubinstein(da, db, outside_options=(0, threshold))
    assert below.shares == rubinstein(da, db).shares
    assert not below.outside_option_binds
    above = rubinstein(da, db, outside_options=(0, threshold + Fr(1, 100)))
    assert above.outside_option_binds
    assert above.shares == (1 - threshold - Fr(1, 100), threshold + Fr(1, 100))


def test_outside_option_versus_disagreement_point() -> None:
    # the same number as a disagreement point (Nash) and as an opt-out right
    # (BRW) gives different splits: a small option moves the Nash split, not the SPE one.
    nash = nash_bargaining(BargainingProblem.linear(1, (0, Fr(3, 10)))).exact
    spe = rubinstein(Fr(99, 100), Fr(99, 100), outside_options=(0, Fr(3, 10)))
    assert nash == (Fr(35, 100), Fr(65, 100))
    assert spe.shares == rubinstein(Fr(99, 100), Fr(99, 100)).shares
    assert spe.shares[1] != nash[1]


@pytest.mark.parametrize("a", [0.25, 0.5, 0.8])
@pytest.mark.parametrize("delta", [0.5, 0.9, 0.99])
def test_concave_utility_common_discount(a: float, delta: float) -> None:
    # u_A = x^a, u_D linear, common delta: x_A = (1 - delta)/(1 - delta^(1 + 1/a)) when A
    # proposes: D is indifferent, 1 - x = delta (1 - y); A is indifferent, y^a = delta x^a.
    r = rubinstein(delta, delta, utilities=(lambda x: x**a, None))
    assert r.method == "fixed_point"
    assert r.shares[0] == pytest.approx((1 - delta) / (1 - delta ** (1 + 1 / a)), abs=1e-10)


@pytest.mark.parametrize("a", [0.3, 0.5])
def test_concave_rubinstein_converges_to_nash(a: float) -> None:
    # Binmore, Rubinstein, Wolinsky (1986): as delta -> 1 the SPE tends to the Nash solution.
    nbs = nash_bargaining(BargainingProblem.from_frontier(lambda u: 1 - u ** (1 / a), (0, 1)))
    nash_share = 1 - nbs.utilities[1]
    r = rubinstein(0.99999, 0.99999, utilities=(lambda x: x**a, None))
    assert nash_share == pytest.approx(a / (1 + a), abs=1e-7)
    assert r.shares[0] == pytest.approx(nash_share, abs=1e-4)


@given(
    d=st.tuples(st.fractions(0, Fr(99, 100)), st.fractions(0, Fr(99, 100))),
    w=st.tuples(st.fractions(0, Fr(1, 2)), st.fractions(0, Fr(1, 2))),
    first=st.sampled_from([0, 1]),
)
def test_fixed_point_with_linear_utilities_matches_closed_form(
    d: tuple[Fr, Fr], w: tuple[Fr, Fr], first: int
) -> None:
    exact = rubinstein(*d, outside_options=w, first_proposer=first)
    numeric = rubinstein(
        *d, outside_options=w, first_proposer=first, utilities=(lambda x: x, lambda x: x)
    )
    assert [float(s) for s in exact.shares] == pytest.approx(numeric.shares, abs=1e-9)
    assert sum(exact.shares) == 1
    # the responder gets at least its option; each player at least its own option
    assert exact.responder_share >= w[exact.responder]


@given(
    own=st.tuples(st.fractions(0, Fr(98, 100)), st.fractions(0, Fr(98, 100))),
    other=st.fractions(0, Fr(99, 100)),
    w=st.tuples(st.fractions(0, Fr(1, 2)), st.fractions(0, Fr(1, 2))),
    first=st.sampled_from([0, 1]),
)
def test_share_increases_with_own_patience(
    own: tuple[Fr, Fr], other: Fr, w: tuple[Fr, Fr], first: int
) -> None:
    lo, hi = sorted(own)
    impatient = rubinstein(lo, other, outside_options=w, first_proposer=first)
    patient = rubinstein(hi, other, outside_options=w, first_proposer=first)
    assert patient.shares[0] >= impatient.shares[0]
    impatient = rubinstein(other, lo, outside_options=w, first_proposer=first)
    patient = rubinstein(other, hi, outside_options=w, first_proposer=first)
    assert patient.shares[1] >= impatient.shares[1]


@given(
    da=st.fractions(0, Fr(99, 100)),
    db=st.fractions(0, Fr(99, 100)),
    wb=st.fractions(0, Fr(99, 100)),
)
def test_brw_share_is_piecewise_and_continuous(da: Fr, db: Fr, wb: Fr) -> None:
    # B responds first: B gets max(w_B, its Rubinstein responder share), continuously in w_B.
    rub = rubinstein(da, db).shares[1]
    r = rubinstein(da, db, outside_options=(0, wb))
    assert r.shares[1] == max(wb, rub)
    assert r.outside_option_binds == (wb > rub)
    eps = Fr(1, 10**6)
    near = rubinstein(da, db, outside_options=(0, min(rub + eps, Fr(99, 100))))
    assert abs(near.shares[1] - rub) <= eps


# -- bad input -------------------------------------------------------------------------------
LINEAR = BargainingProblem.linear()

BAD: list[tuple[Any, dict[str, Any], str]] = [
    (nash_bargaining, {"problem": LINEAR, "weights": (0, 1)}, "weights"),
    (nash_bargaining, {"problem": LINEAR, "weights": (1, -1)}, "weights"),
    (nash_bargaining, {"problem": LINEAR, "weights": (1, 2, 3)}, "weights"),
    (nash_bargaining, {"problem": LINEAR, "weights": "ab"}, "weights"),
    (nash_bargaining, {"problem": LINEAR, "weights": (1, math.nan)}, "weights"),
    (nash_bargaining, {"problem": [(0, 1)]}, "problem"),
    (kalai_smorodinsky, {"problem": None}, "problem"),
    (egalitarian, {"problem": 3}, "problem"),
    (rubinstein, {"delta1": 1, "delta2": 0.5}, "delta1"),
    (rubinstein, {"delta1": 0.5, "delta2": 1.0}, "delta2"),
    (rubinstein, {"delta1": -0.1, "delta2": 0.5}, "delta1"),
    (rubinstein, {"delta1": 0.5, "delta2": math.nan}, "delta2"),
    (rubinstein, {"delta1": "x", "delta2": 0.5}, "delta1"),
    (rubinstein, {"delta1": 0.5, "delta2": 0.5, "pie": 0}, "pie"),
    (rubinstein, {"delta1": 0.5, "delta2": 0.5, "outside_options": (-1, 0)}, "outside_options"),
    (rubinstein, {"delta1": 0.5, "delta2": 0.5, "outside_options": (0, 1)}, "outside_options"),
    (
        rubinstein,
        {"delta1": 0.5, "delta2": 0.5, "outside_options": (0.6, 0.6)},
        "outside_options",
    ),
    (rubinstein, {"delta1": 0.5, "delta2": 0.5, "outside_options": (0,)}, "outside_options"),
    (rubinstein, {"delta1": 0.5, "delta2": 0.5, "first_proposer": 2}, "first_proposer"),
    (rubinstein, {"delta1": 0.5, "delta2": 0.5, "first_proposer": True}, "first_proposer"),
    (rubinstein, {"delta1": 0.5, "delta2": 0.5, "utilities": (None,)}, "utilities"),
    (rubinstein, {"delta1": 0.5, "delta2": 0.5, "utilities": (3, None)}, "utilities"),
    (
        rubinstein,
        {"delta1": 0.5, "delta2": 0.5, "utilities": (lambda x: x + 1, None)},
        "utilities",
    ),
    (
        rubinstein,
        {"delta1": 0.5, "delta2": 0.5, "utilities": (None, lambda x: -x)},
        "utilities",
    ),
]


@pytest.mark.parametrize(("func", "kwargs", "match"), BAD)
def test_bad_input(func: Any, kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        func(**kwargs)


def test_delta_one_message_explains() -> None:
    with pytest.raises(InvalidParameterError, match="loses nothing by waiting"):
        rubinstein(1, 0.5)


@given(
    k=st.floats(1, 4),
    d=st.tuples(st.floats(-0.5, 0.3), st.floats(-0.5, 0.3)),
    w=st.floats(0.1, 0.9),
)
def test_curved_callable_frontier_solutions(k: float, d: tuple[float, float], w: float) -> None:
    p = BargainingProblem.from_frontier(lambda u: 1 - u**k, (0, 1), d)
    for sol in (nash_bargaining(p, (w, 1 - w)), kalai_smorodinsky(p), egalitarian(p)):
        assert p.is_pareto_optimal(sol.utilities, tol=1e-7)
        assert sol.utilities[0] >= d[0] - 1e-9
        assert sol.utilities[1] >= d[1] - 1e-9
    ks = kalai_smorodinsky(p)
    ideal = p.ideal_point
    ratio = [(ks.utilities[i] - d[i]) / (ideal[i] - d[i]) for i in (0, 1)]
    assert ratio[0] == pytest.approx(ratio[1], abs=1e-9)
    eg = egalitarian(p).gains
    assert eg[0] == pytest.approx(eg[1], abs=1e-9)


@pytest.mark.parametrize("k", [1.5, 2.0, 3.0])
def test_nash_on_power_frontier_matches_foc(k: float) -> None:
    # max u (1 - u^k): 1 - (k + 1) u^k = 0
    sol = nash_bargaining(BargainingProblem.from_frontier(lambda u: 1 - u**k, (0, 1)))
    assert sol.utilities[0] == pytest.approx((1 / (k + 1)) ** (1 / k), abs=1e-8)


DA, DB = sympy.symbols("delta_A delta_B", positive=True)
WA, WB = sympy.symbols("w_A w_B", nonnegative=True)


def test_symbolic_rubinstein_closed_form() -> None:
    r = rubinstein(DA, DB)
    assert r.method == "symbolic"
    assert sympy.simplify(r.shares[0] - (1 - DB) / (1 - DA * DB)) == 0
    assert r.binding == (sympy.false, sympy.false)


SYM_RUB = [rubinstein(DA, DB, outside_options=(WA, WB), first_proposer=i) for i in (0, 1)]


@given(
    d=st.tuples(st.fractions(0, Fr(99, 100)), st.fractions(0, Fr(99, 100))),
    w=st.tuples(st.fractions(0, Fr(1, 2)), st.fractions(0, Fr(1, 2))),
    first=st.sampled_from([0, 1]),
)
def test_symbolic_rubinstein_equals_numeric(
    d: tuple[Fr, Fr], w: tuple[Fr, Fr], first: int
) -> None:
    sym = SYM_RUB[first]
    point = {
        k: sympy.Rational(v.numerator, v.denominator)
        for k, v in zip((DA, DB, WA, WB), (*d, *w), strict=True)
    }
    numeric = rubinstein(*d, outside_options=w, first_proposer=first)
    for i in (0, 1):
        assert sym.shares[i].subs(point) == numeric.shares[i]
        assert bool(sym.binding[i].subs(point)) == numeric.binding[i]


def test_symbolic_rubinstein_bad_input() -> None:
    with pytest.raises(InvalidParameterError, match="utilities"):
        rubinstein(DA, DB, utilities=(lambda x: x, None))
    with pytest.raises(InvalidParameterError, match="delta2"):
        rubinstein(DA, 1)
    with pytest.raises(InvalidParameterError, match="outside_options"):
        rubinstein(DA, DB, outside_options=(-1, WB))


def test_symbolic_brw_with_one_option() -> None:
    only_b = rubinstein(DA, DB, outside_options=(0, WB))
    point = {DA: sympy.Rational(9, 10), DB: sympy.Rational(4, 5), WB: sympy.Rational(1, 2)}
    assert only_b.shares[1].subs(point) == Fr(1, 2)
    assert only_b.binding[1].subs(point)


@pytest.mark.parametrize("top", [1e-300, 1.0, 1e300, 1.7e308])
@pytest.mark.parametrize("solve", [nash_bargaining, kalai_smorodinsky, egalitarian])
def test_symmetric_triangle_at_any_scale(top: float, solve: Any) -> None:
    # S = hull{(0, top), (top, 0)}, d = 0: by symmetry and Pareto optimality every solution is
    # (top/2, top/2); at top = 1e300 the Nash edge formula once overflowed and reported that
    # no point beats the disagreement point
    s = solve(BargainingProblem.from_points([(0, top), (top, 0)]))
    assert s.utilities == pytest.approx((top / 2, top / 2), rel=1e-12)


@pytest.mark.parametrize("top", [1e-300, 1.0, 1e300, 1.78e308])
@pytest.mark.parametrize("w", [0.05, 0.2233, 0.5, 0.93])
def test_weighted_nash_on_a_callable_line_at_any_scale(top: float, w: float) -> None:
    # F(u1) = top - u1, d = 0: the asymmetric Nash point is (w1 top, w2 top), to the bounded
    # search's accuracy (about sqrt(eps) in the argument: the log product is flat to second
    # order at its maximum). At top near 1e308 the search once overflowed (its midpoint
    # a + b) and stopped 1 % off
    s = nash_bargaining(
        BargainingProblem(frontier=lambda u: top - u, u1_range=(0.0, top)), weights=(1 - w, w)
    )
    assert s.utilities == pytest.approx(((1 - w) * top, w * top), rel=1e-6)


def test_contains_is_relative_near_the_float_range() -> None:
    top = 1.78e308
    p = BargainingProblem(frontier=lambda u: top - u, u1_range=(0.0, top))
    u1 = 0.53 * top
    on = (u1, math.nextafter(top - u1, math.inf))  # one rounding unit above F(u1), ~1e292
    assert p.contains(on)
    assert not p.contains((u1, (top - u1) * (1 + 1e-6)))
    assert not p.contains((top * (1 + 1e-6), 0.0))
    assert p.contains((0.5, 0.5 - 1e-10))  # small values: the absolute part of the tolerance


def test_a_convex_frontier_near_the_float_range_is_refused() -> None:
    # the concavity check once computed 2 F(u1) = inf near 1e308 and let a convex frontier pass
    top = 1.7e308
    with pytest.raises(InvalidGameError, match="concave"):
        BargainingProblem(frontier=lambda u: top * (1 - u / top) ** 2, u1_range=(0.0, top))
