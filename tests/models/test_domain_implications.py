r"""Signs on the parameters' domains (dealmodels.models.declared._DomainSubstitution).

The derived conditions of a declared model are simplified with what the domains imply: an
atom nonnegative on the whole domain holds, and :math:`d_1 \ge 0` implies :math:`d_2 \ge 0`
when :math:`d_2 = A + r\,d_1` with :math:`A` nonnegative there and :math:`r` a
nonnegative polynomial, or when :math:`d_1 \ge 0` pins a parameter at a bound where
:math:`d_2` is nonnegative. The test is sound, not complete: known answers for each rule, and
a property that every claim holds at random points of the domain, edges included, in exact
arithmetic.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from dealmodels.models.declared import _DomainSubstitution
from dealmodels.symbolic import Parameter

Q = Parameter(name="q", low=0, high=1, default=0.5, description="a probability")
OA = Parameter(name="o_A", low=0, default=1.0, description="a nonnegative value")
K = Parameter(name="K", low=0, default=1.0, description="a nonnegative cost")
W = Parameter(name="w", default=1.0, description="an unbounded value")
D = Parameter(name="d", low=-1, high=2, default=0.0, description="a two-sided interval")
PARAMS = (Q, OA, K, W, D)
q, oa, k, w, d = (p.symbol for p in PARAMS)
DOMAIN = _DomainSubstitution(PARAMS)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (oa / q - oa, True),  # q <= 1
        (1 - q, True),
        (q - 1, False),
        (oa * q - oa, False),  # <= 0, zero only at q = 1 or o_A = 0
        (k - oa, False),
        (w**2, True),
        (w, False),
        (2 - d, True),
        (d + 1, True),
        (d, False),
        ((1 - q) * oa + k * q, True),
        (oa / (1 - q), True),
        (k - oa / q - (k - oa), False),
    ],
)
def test_known_signs(expr: sympy.Expr, expected: bool) -> None:
    assert DOMAIN.nonnegative(expr) is expected


def test_known_implications() -> None:
    # K >= o_A / q implies K >= o_A (q <= 1), not the converse
    assert DOMAIN.implies(k - oa / q, k - oa)
    assert not DOMAIN.implies(k - oa, k - oa / q)
    # the reputation offer worth making implies the credible one is
    assert DOMAIN.implies(w - oa / q, w - oa)
    # a positive multiple: q (w - o_A) >= 0 follows from w - o_A >= 0
    assert DOMAIN.implies(w - oa, q * (w - oa))
    assert not DOMAIN.implies(w - oa, w - k)  # no common sign
    # 1/q >= 0 on the interior, but q w = 0 at q = 0 says nothing about w
    assert not DOMAIN.implies(q * w, w)


def test_a_multiple_plus_a_nonnegative_rest() -> None:
    # the takeover's "no threat": -E >= 0 implies K q - q E >= 0 (K q >= 0, q >= 0)
    assert DOMAIN.implies(-w, k * q - q * w)
    assert DOMAIN.implies(oa - w, k + (q + 1) * (oa - w))
    # the rest must be nonnegative, and the multiple a polynomial
    assert not DOMAIN.implies(-w, d - q * w)
    assert not DOMAIN.implies(-w, k - w / q)


def test_a_pinned_bound() -> None:
    # -q >= 0 on q in [0, 1] is q = 0: then K - q w = K >= 0, whatever w
    assert DOMAIN.implies(-q, k - q * w)
    # q - 1 >= 0 is q = 1: then (1 - q) w + o_A = o_A >= 0
    assert DOMAIN.implies(q - 1, (1 - q) * w + oa)
    # d <= -1 pins d at -1: 1 + d = 0
    assert DOMAIN.implies(-1 - d, (1 + d) * w)
    # not a bound: -d >= 0 is d in [-1, 0], not one value
    assert not DOMAIN.implies(-d, k + d * w)
    # pinned, but the rest is not nonnegative
    assert not DOMAIN.implies(-q, w - q * k)


_leaf = st.sampled_from([q, oa, k, w, d, sympy.Integer(1), sympy.Integer(2), sympy.Rational(1, 3)])


def _combine(children: st.SearchStrategy[sympy.Expr]) -> st.SearchStrategy[sympy.Expr]:
    return st.one_of(
        st.tuples(children, children).map(lambda t: t[0] + t[1]),
        st.tuples(children, children).map(lambda t: t[0] - t[1]),
        st.tuples(children, children).map(lambda t: t[0] * t[1]),
        st.tuples(children, children).map(lambda t: t[0] / t[1]),
    )


_exprs = st.recursive(_leaf, _combine, max_leaves=6)


def _value(expr: sympy.Expr, point: dict[sympy.Symbol, Fraction]) -> sympy.Expr:
    return expr.xreplace({s: sympy.Rational(v.numerator, v.denominator) for s, v in point.items()})


_points = st.fixed_dictionaries(
    {
        q: st.sampled_from([Fraction(0), Fraction(1), Fraction(1, 10**300)])
        | st.fractions(0, 1, max_denominator=1000),
        oa: st.sampled_from([Fraction(0), Fraction(10**300)])
        | st.fractions(0, 50, max_denominator=97),
        k: st.sampled_from([Fraction(0), Fraction(1, 10**300)])
        | st.fractions(0, 50, max_denominator=97),
        w: st.fractions(-50, 50, max_denominator=97),
        d: st.sampled_from([Fraction(-1), Fraction(2)]) | st.fractions(-1, 2, max_denominator=97),
    }
)


@settings(max_examples=300, deadline=None)
@given(expr=_exprs, points=st.lists(_points, min_size=1, max_size=8))
def test_every_claim_holds_on_the_domain(
    expr: sympy.Expr, points: list[dict[sympy.Symbol, Fraction]]
) -> None:
    """A claimed nonnegative expression is >= 0 at every domain point where it is defined."""
    if not DOMAIN.nonnegative(expr):
        return
    for point in points:
        value = _value(expr, point)
        if value.is_number and value.is_finite and value.is_real:
            assert value >= 0, (expr, point)


@settings(max_examples=200, deadline=None)
@given(a=_exprs, b=_exprs, points=st.lists(_points, min_size=1, max_size=8))
def test_every_implication_holds_on_the_domain(
    a: sympy.Expr, b: sympy.Expr, points: list[dict[sympy.Symbol, Fraction]]
) -> None:
    """Where a >= 0 and both are defined, b >= 0 whenever ``implies(a, b)`` is claimed."""
    if a.is_number or b.is_number or not DOMAIN.implies(a, b):
        return
    for point in points:
        va, vb = _value(a, point), _value(b, point)
        defined = all(v.is_number and v.is_finite and v.is_real for v in (va, vb))
        if defined and va >= 0:
            assert vb >= 0, (a, b, point)


def test_a_float_refutation_is_a_counterexample() -> None:
    # refuted: a float point of the interior where the claim clearly fails
    assert DOMAIN.refutes(k - oa)  # o_A > K somewhere
    assert DOMAIN.refutes(k - oa, k - 2 * oa)
    # not refuted where the claim is true, or where the values are within rounding of 0
    assert not DOMAIN.refutes(oa / q - oa)
    assert not DOMAIN.refutes(k - oa / q, k - oa)
    assert not DOMAIN.refutes(oa * 1e-300 - oa * 1e-300)


# -- the atoms' constraints (sums of atoms) and the irredundant cover ---------------------------
def _atoms_with(*diffs: sympy.Expr) -> tuple[object, list[object]]:
    from dealmodels.models.declared import _Atoms

    atoms = _Atoms(PARAMS)
    return atoms, [atoms.ge(x, 0) for x in diffs]


def test_a_sum_of_two_atoms_implies_the_third() -> None:
    from sympy.logic.inference import satisfiable

    atoms, (a, b, c) = _atoms_with(w - k, -w, -k)  # (w - k) + (-w) = -k
    assert satisfiable(sympy.And(a, b, sympy.Not(c), *atoms.constraints)) is False
    # and only that: each premise alone does not
    assert satisfiable(sympy.And(a, sympy.Not(c), *atoms.constraints))
    assert satisfiable(sympy.And(b, sympy.Not(c), *atoms.constraints))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_constraints_hold_at_points_of_the_domain(data: st.DataObject) -> None:
    # every constraint the atoms record (domain signs, implications, sums) holds at random
    # points of the domain, in exact arithmetic
    pool = [w - k, -w, -k, k - oa, oa - w, w - oa * q, k - oa / q, q - d, d + 1 - q, w + d]
    chosen = data.draw(st.lists(st.sampled_from(pool), min_size=3, max_size=7, unique=True))
    atoms, xs = _atoms_with(*chosen)
    point = {
        q: Fraction(data.draw(st.integers(1, 9)), 10),
        oa: Fraction(data.draw(st.integers(0, 50)), 7),
        k: Fraction(data.draw(st.integers(0, 50)), 7),
        w: Fraction(data.draw(st.integers(-50, 50)), 7),
        d: Fraction(data.draw(st.integers(-10, 20)), 10),
    }
    truth = {}
    for expr, x in zip(chosen, xs, strict=True):
        if x in (sympy.true, sympy.false):
            continue
        truth[x] = bool(expr.subs(point) >= 0)
    for c in atoms.constraints:
        assert bool(c.xreplace({s: sympy.true if v else sympy.false for s, v in truth.items()}))


def _random_dnf(data: st.DataObject, names: list[sympy.Symbol]) -> sympy.Expr:
    clauses = []
    for _ in range(data.draw(st.integers(1, 6))):
        lits = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
        signs = data.draw(st.lists(st.booleans(), min_size=len(lits), max_size=len(lits)))
        clauses.append(
            sympy.And(*(x if s else sympy.Not(x) for x, s in zip(lits, signs, strict=True)))
        )
    return sympy.Or(*clauses)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_the_irredundant_cover_is_the_same_function_where_the_constraints_hold(
    data: st.DataObject,
) -> None:
    import itertools

    from dealmodels.models.declared import _Atoms

    names = list(sympy.symbols("x0:10"))
    atoms = _Atoms(PARAMS)
    # constraints as implications between the variables, as the atoms record them
    for _ in range(data.draw(st.integers(0, 4))):
        a, b = data.draw(st.lists(st.sampled_from(names), min_size=2, max_size=2, unique=True))
        atoms.constraints.append(sympy.Or(sympy.Not(a), b))
    expr = _random_dnf(data, names)
    out = atoms._irredundant(expr)
    care = sympy.And(*atoms.constraints)
    used = sorted(expr.free_symbols | care.free_symbols, key=str)
    for bits in itertools.product([False, True], repeat=len(used)):
        at = dict(zip(used, bits, strict=True))
        if not care.xreplace(at):
            continue
        assert bool(out.xreplace(at)) == bool(expr.xreplace(at))
    # irredundant: no conjunction of the result is covered by the others
    from sympy.logic.inference import satisfiable

    clauses = list(sympy.Or.make_args(out)) if out != sympy.false else []
    for c in clauses:
        others = sympy.Or(*(x for x in clauses if x is not c))
        assert satisfiable(sympy.And(c, care, sympy.Not(others))) is not False


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_the_tseitin_clauses_decide_satisfiability_as_a_truth_table_does(
    data: st.DataObject,
) -> None:
    import itertools

    from dealmodels.models.declared import _Clauses

    names = list(sympy.symbols("y0:6"))
    # a random formula: nested And / Or / Not over the names, with the constants
    leaves = st.sampled_from([*names, sympy.true, sympy.false])
    formula = st.recursive(
        leaves,
        lambda inner: st.one_of(
            inner.map(sympy.Not),
            st.lists(inner, min_size=2, max_size=3).map(lambda a: sympy.And(*a)),
            st.lists(inner, min_size=2, max_size=3).map(lambda a: sympy.Or(*a)),
        ),
        max_leaves=12,
    )
    e = data.draw(formula)
    fixed = data.draw(st.dictionaries(st.sampled_from(names), st.booleans(), max_size=3))
    cnf = _Clauses()
    codes = {x: cnf.variable(x) for x in names}
    f = cnf.literal(e)
    units = [cnf.variable(x) if v else -cnf.variable(x) for x, v in fixed.items()]
    found = cnf.model([f, *units])
    free = [x for x in names if x not in fixed]
    truth = any(
        bool(e.xreplace({**fixed, **dict(zip(free, bits, strict=True))}))
        for bits in itertools.product([False, True], repeat=len(free))
    )
    assert (found is not None) == truth
    if found is not None:  # the model, read on the formula's own variables, satisfies it
        at = {x: found[codes[x]] for x in names}
        assert bool(e.xreplace(at))
