"""Tests for dealmodels.symbolic: Parameter domains, Condition evaluation and thresholds."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from dealmodels.errors import InvalidParameterError, SolverError
from dealmodels.symbolic import Condition, Parameter

P = Parameter(name="p", low=0, high=1, default=0.3, description="takeover success")
Q = Parameter(name="q", low=0, high=1, low_open=True, default=0.9, description="trust")
RHO = Parameter(name="rho", low=0, high=1, high_open=True, default=0.5)
W = Parameter(name="w", low=0, default=0.5)


def m1_condition() -> Condition:
    """M1, CRRA rho < 1, prize normalised to 1, no delay: w >= (p/q)^(1/(1-rho))."""
    p, q, rho, w = P.symbol, Q.symbol, RHO.symbol, W.symbol
    return Condition(w >= (p / q) ** (1 / (1 - rho)), [P, Q, RHO, W])


def test_parameter_symbol_assumptions() -> None:
    assert Q.symbol.is_positive
    assert P.symbol.is_nonnegative
    assert Parameter(name="x").symbol.is_real
    assert Parameter(name="x").symbol.is_positive is None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"name": "1x"}, "name"),
        ({"name": "x", "low": 2, "high": 1}, "empty"),
        ({"name": "x", "low": 0, "high": 0, "low_open": True}, "empty"),
        ({"name": "x", "low": 0, "high": 1, "default": 2}, "x must be in"),
        ({"name": "x", "low": float("nan")}, "low"),
    ],
)
def test_parameter_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        Parameter(**kwargs)  # type: ignore[arg-type]


def test_holds_scalar_and_defaults() -> None:
    c = m1_condition()
    # (0.3/0.9)^2 = 1/9
    assert c.holds(w=0.12) is True
    assert c.holds(w=0.11) is False


def test_holds_broadcasts() -> None:
    c = m1_condition()
    w = np.linspace(0, 1, 5)[:, None]
    q = np.array([0.5, 1.0])[None, :]
    out = c.holds(w=w, q=q, p=0.3, rho=0.0)
    assert out.shape == (5, 2)
    np.testing.assert_array_equal(out, w >= 0.3 / q)


@given(
    p=st.floats(0, 1),
    q=st.floats(0.01, 1),
    rho=st.floats(0, 0.95),
    w=st.floats(0, 2),
)
def test_holds_matches_numeric_formula(p: float, q: float, rho: float, w: float) -> None:
    expected = w >= (p / q) ** (1 / (1 - rho))
    bound = (p / q) ** (1 / (1 - rho))
    if abs(w - bound) > 1e-9 * max(1.0, bound):
        assert m1_condition().holds(p=p, q=q, rho=rho, w=w) == expected


def test_holds_validates_domains() -> None:
    with pytest.raises(InvalidParameterError, match="q must be in"):
        m1_condition().holds(w=0.5, q=0.0)
    with pytest.raises(InvalidParameterError, match="unknown"):
        m1_condition().holds(z=1.0)
    c = Condition(sympy.Symbol("x", real=True) > 0)
    with pytest.raises(InvalidParameterError, match="no default"):
        c.holds()


def test_solve_for_grim_trigger_with_gaps() -> None:
    # PD payoffs as positive gaps: T = R + a, R = P + b; grim trigger: delta >= a / (a + b)
    a, b = sympy.symbols("a b", positive=True)
    d = Parameter(name="delta", low=0, high=1, high_open=True)
    delta = d.symbol
    R, P = b, sympy.Integer(0)
    T = R + a
    cond = Condition(R / (1 - delta) >= T + delta * P / (1 - delta), [d])
    th = cond.solve_for("delta")
    assert th.direction == ">="
    assert sympy.simplify(th.value - a / (a + b)) == 0
    assert th.evaluate(a=2, b=2) == pytest.approx(0.5)


def test_solve_for_direction_and_side() -> None:
    c = m1_condition() & Condition(P.symbol <= sympy.Rational(1, 2), [P])
    th = c.solve_for("w")
    assert th.direction == ">="
    assert th.side == (P.symbol <= sympy.Rational(1, 2))
    lower = Condition(W.symbol <= 2 - Q.symbol, [W, Q]).solve_for("q")
    assert lower.direction == "<="
    assert lower.value == 2 - W.symbol


def test_solve_for_errors() -> None:
    x = sympy.Symbol("x", real=True)
    with pytest.raises(InvalidParameterError, match="name"):
        m1_condition().solve_for("zzz")
    with pytest.raises(SolverError, match="orient"):
        Condition(x * sympy.Symbol("y", real=True) >= 1).solve_for("x")
    with pytest.raises(SolverError, match="unique"):
        Condition(x**2 >= 1).solve_for("x")


_X = Parameter(name="x")
_A = Parameter(name="a", low=0, low_open=True)
_RELATIONS = {">=": sympy.Ge, ">": sympy.Gt, "<=": sympy.Le, "<": sympy.Lt}
_FLIP = {">=": "<=", ">": "<", "<=": ">=", "<": ">"}


@pytest.mark.parametrize("op", [">=", ">", "<=", "<"])
@pytest.mark.parametrize(
    ("form", "flips"),
    [
        ("a*x op 1", False),  # increasing gap, symbol on the left
        ("-a*x op -1", True),  # decreasing gap: the direction turns round
        ("1 op a*x", True),  # symbol on the right, kept there (evaluate=False)
        ("-1 op -a*x", False),
    ],
)
def test_solve_for_all_four_relations(op: str, form: str, flips: bool) -> None:
    """Each of <, <=, >, >= with the unknown on either side and either slope: the threshold
    is x op' 1/a with the right op', and holds agrees on both sides and at the tie."""
    x, a = _X.symbol, _A.symbol
    lhs_s, rhs_s = form.split(" op ")
    lhs, rhs = (
        sympy.sympify(lhs_s, locals={"x": x, "a": a}),
        sympy.sympify(rhs_s, {"x": x, "a": a}),
    )
    c = Condition(_RELATIONS[op](lhs, rhs, evaluate=False), [_X, _A])
    th = c.solve_for("x")
    expected = _FLIP[op] if flips else op
    assert th.direction == expected
    assert sympy.simplify(th.value - 1 / a) == 0
    assert th.evaluate(a=2.0) == 0.5
    # the threshold as a sympy relation means the same as the condition
    assert sympy.simplify(th.as_expr().subs({a: 2, x: sympy.Rational(1, 2)})) == c.holds(
        x=0.5, a=2.0
    )
    strict = expected in (">", "<")
    upward = expected in (">", ">=")
    assert c.holds(x=0.5, a=2.0) is (not strict)  # the tie x = 1/a
    assert c.holds(x=0.75, a=2.0) is upward
    assert c.holds(x=0.25, a=2.0) is (not upward)


def test_threshold_agrees_with_holds() -> None:
    c = m1_condition()
    th = c.solve_for("w")
    rng = np.random.default_rng(0)
    p, q, rho = rng.uniform(0, 1, 200), rng.uniform(0.05, 1, 200), rng.uniform(0, 0.9, 200)
    bound = th.evaluate(p=p, q=q, rho=rho)
    assert np.all(c.holds(w=bound * 1.001 + 1e-12, p=p, q=q, rho=rho))
    assert not np.any(c.holds(w=bound * 0.999 - 1e-12, p=p, q=q, rho=rho)[bound > 1e-9])


def test_logic_subs_latex() -> None:
    c = m1_condition()
    assert (~c).holds(w=0.0) is True
    both = c & Condition(P.symbol <= 0.5, [P])
    assert both.holds(w=1.0, p=0.6, q=1.0) is False
    either = c | Condition(P.symbol <= 0.5, [P])
    assert either.holds(w=0.0, p=0.4) is True
    fixed = c.subs(rho=0, q=1)
    assert set(fixed.parameters) == {"p", "w"}
    assert fixed.holds(w=0.3, p=0.3) is True
    assert "\\geq" in c.latex()
    assert c._repr_latex_().startswith("$")
    with pytest.raises(TypeError, match="truth value"):
        bool(c)


def test_conflicting_domains_refused() -> None:
    other = Parameter(name="p", low=0, high=2)
    with pytest.raises(InvalidParameterError, match="different domains"):
        _ = m1_condition() & Condition(other.symbol <= 1, [other])


def test_expr_must_be_boolean() -> None:
    with pytest.raises(InvalidParameterError, match="expr"):
        Condition(sympy.Symbol("x") + 1)


def test_solve_for_bounded_parameters() -> None:
    c = m1_condition()
    th_q = c.solve_for("q")
    assert th_q.direction == ">="
    assert th_q.evaluate(p=0.3, w=1 / 9, rho=0.5) == pytest.approx(0.9)
    th_p = c.solve_for("p")
    assert th_p.direction == "<="
    assert th_p.evaluate(q=0.9, w=1 / 9, rho=0.5) == pytest.approx(0.3)
    # the sign of d/drho depends on whether p < q: no orientation from assumptions alone
    with pytest.raises(SolverError, match="orient"):
        c.solve_for("rho")
    # as_expr round-trips into a condition with the same truth values
    again = Condition(th_q.as_expr(), c.parameters)
    pts = {"p": np.array([0.1, 0.5]), "w": np.array([0.5, 0.2]), "rho": 0.3, "q": 0.7}
    np.testing.assert_array_equal(again.holds(**pts), c.holds(**pts))


def test_holds_broadcasts_across_clauses() -> None:
    a, b, c = (Parameter(name=n) for n in "abc")
    cond = Condition(sympy.And(a.symbol <= b.symbol, a.symbol <= c.symbol), [a, b, c])
    np.testing.assert_array_equal(cond.holds(a=0.0, b=1.0, c=[1.0, -1.0]), [True, False])


def test_holds_divides_by_zero_like_numpy() -> None:
    x = Parameter(name="x", low=0, default=0.0)
    cond = Condition(1 / x.symbol >= 1, [x])
    assert cond.holds() is True  # 1/0 = inf >= 1, as on arrays
    np.testing.assert_array_equal(cond.holds(x=[0.0, 2.0]), [True, False])


def test_mathml_uses_display_names() -> None:
    c = m1_condition()
    text = Condition(c.expr, {**c.parameters, "rho": dataclasses.replace(RHO, latex=r"\rho")})
    out = text.mathml()
    assert "&#961;" in out  # rho as the Greek letter
    assert "<mi>w</mi>" in out
    long = Parameter(name="risk_aversion", low=0)
    assert "risk aversion" in Condition(long.symbol >= 1, [long]).mathml()


_M1 = m1_condition()
_TH = _M1.solve_for("w")


@pytest.mark.parametrize(
    ("call", "kwargs", "match"),
    [
        (_M1.holds, {"p": "abc"}, r"p must be .*\(not a string\); got p='abc'"),
        (_M1.holds, {"p": "0.5"}, r"p must be .*\(not a string\)"),
        (_M1.holds, {"q": True}, r"q must be .*\(not a bool\)"),
        (_M1.holds, {"w": 1j}, r"w must be .*\(not complex\)"),
        (_M1.holds, {"w": []}, r"w must be a nonempty array"),
        (_M1.holds, {"w": [[0.1, 0.2], [0.3]]}, r"w must be a rectangular array"),
        (_M1.holds, {"w": {}}, r"w must be a real number"),
        (_M1.holds, {"w": None}, r"w must be a real number"),
        (_M1.holds, {"w": 10**400}, r"w must be a real number within float range"),
        (_M1.holds, {"w": float("nan")}, r"w must be a number \(not NaN\)"),
        (_M1.holds, {"w": [0.1, 0.2], "p": [0.1, 0.2, 0.3]}, r"broadcast.*'p': \(3,\)"),
        (_M1.holds, {"validate": False, "p": "0.5"}, r"p must be .*\(not a string\)"),
        (_M1.holds, {"q": 0.0}, r"q must be in \(0, 1\]"),
        (_TH.evaluate, {"p": "abc", "q": 0.5, "rho": 0.1}, r"p must be .*\(not a string\)"),
        (_TH.evaluate, {"p": 0.1, "q": [], "rho": 0.1}, r"q must be a nonempty array"),
        (_M1.subs, {"p": [0.1, 0.2]}, r"p must be a single real number"),
        (_M1.subs, {"p": True}, r"p must be .*\(not a bool\)"),
        (_M1.subs, {"zz": 1.0}, r"unknown \['zz'\]"),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_bad_input_refused_by_name(call: object, kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        call(**kwargs)  # type: ignore[operator]


def test_holds_accepts_exact_and_numpy_numbers() -> None:
    from fractions import Fraction

    assert _M1.holds(w=Fraction(1, 8), p=Fraction(3, 10), q=Fraction(9, 10)) is True
    assert _M1.holds(w=np.float32(0.11), rho=np.int8(0)) is False


def test_holds_evaluates_each_relation_once_from_its_sides() -> None:
    # (-K - o) + w and -K - (o - w) round differently at w = o = 1e300; a relation shared by
    # two conditions must give the same answer in both (printed without cse)
    import sympy

    K, o, w = sympy.symbols("K o w", nonnegative=True)
    rel = sympy.Ge(-K - o + w, 0, evaluate=False)
    other = sympy.Ge(o - w, 0, evaluate=False)
    a = Condition(sympy.And(rel, other))
    b = Condition(sympy.And(rel, sympy.Not(other)))
    point = {"K": 1e-300, "o": 1e300, "w": 1e300}
    assert Condition(rel).holds(**point) is True  # (-1e-300 - 1e300) + 1e300 rounds to 0
    assert a.holds(**point) is True
    assert b.holds(**point) is False


def test_holds_with_piecewise_sides_and_boolean_symbols() -> None:
    import sympy

    x = sympy.Symbol("x", real=True)
    side = sympy.Piecewise((x, x > 0), (-x, True))  # |x|: its relation belongs to the side
    c = Condition(sympy.And(side >= 1, x <= 5))
    assert c.holds(x=np.array([-2.0, 0.5, 3.0, 6.0])).tolist() == [True, False, True, False]
    flag = sympy.Symbol("flag")  # a Boolean that is not a relation: the whole-expression path
    both = Condition(sympy.And(x >= 0, flag))
    assert both.holds(x=1.0, flag=1.0) is True
    assert both.holds(x=1.0, flag=0.0) is False


# -- undefined relations -------------------------------------------------------------------------
def _three() -> tuple[Condition, Condition]:
    x, y, z = sympy.symbols("x y z", real=True)
    params = [Parameter(name=n) for n in "xyz"]
    return (
        Condition(sympy.Or(x >= 0, y - z >= 0), params),
        Condition(sympy.And(x >= 0, y - z >= 0), params),
    )


def test_an_undefined_relation_that_decides_nothing_is_not_read() -> None:
    either, both = _three()
    inf = float("inf")
    # y - z = inf - inf is NaN, but x >= 0 decides the Or (and x < 0 the And)
    assert either.holds(x=1.0, y=inf, z=inf) is True
    assert both.holds(x=-1.0, y=inf, z=inf) is False
    # where it decides the condition, the point is refused, naming the relation
    with pytest.raises(InvalidParameterError, match=r"undefined at .*y - z"):
        either.holds(x=-1.0, y=inf, z=inf)
    with pytest.raises(InvalidParameterError, match="undefined"):
        both.holds(x=1.0, y=inf, z=inf)


def test_undefined_relations_over_arrays() -> None:
    either, _ = _three()
    inf = float("inf")
    out = either.holds(x=np.array([1.0, -1.0, -1.0]), y=np.array([inf, 2.0, 0.0]), z=inf)
    # y - z: NaN, -inf, -inf; the first point is decided by x
    assert out.tolist() == [True, False, False]
    with pytest.raises(InvalidParameterError, match=r"x=-1"):
        either.holds(x=np.array([1.0, -1.0]), y=inf, z=inf)


@given(
    x=st.sampled_from([-1.0, 0.0, 1.0, float("inf"), -float("inf")]),
    y=st.sampled_from([-1.0, 0.0, 1e300, float("inf"), -float("inf")]),
    z=st.sampled_from([0.0, 1e-300, float("inf"), -float("inf")]),
)
def test_a_decided_value_is_the_value_for_either_reading(x: float, y: float, z: float) -> None:
    # where holds answers, the answer is the same whether the undefined relation held or not
    for cond in _three():
        try:
            got = cond.holds(x=x, y=y, z=z)
        except InvalidParameterError:
            continue
        left = x >= 0
        d = y - z
        readings = [d >= 0] if d == d else [True, False]
        values = {
            (left or r) if isinstance(cond.expr, sympy.Or) else (left and r) for r in readings
        }
        assert values == {got}


def test_a_relation_and_its_negation_are_one_undefined_comparison() -> None:
    x, y, z = sympy.symbols("x y z")
    params = [Parameter(name=n, default=0.0, description=n) for n in ("x", "y", "z")]
    # (x >= 0 and y - z >= 0) or (x >= 0 and y - z < 0) is x >= 0 whichever way y - z goes
    cond = Condition(sympy.Or(sympy.And(x >= 0, y - z >= 0), sympy.And(x >= 0, y - z < 0)), params)
    inf = float("inf")
    assert cond.holds(x=1.0, y=inf, z=inf) is True
    assert cond.holds(x=-1.0, y=inf, z=inf) is False
    # two different relations stay two unknowns: refused where they matter
    other = Condition(
        sympy.Or(sympy.And(x >= 0, y - z >= 0), sympy.And(x >= 0, y - 2 * z < 0)), params
    )
    with pytest.raises(InvalidParameterError, match="undefined"):
        other.holds(x=1.0, y=inf, z=inf)
