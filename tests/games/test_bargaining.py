"""BargainingProblem: construction, the comprehensive hull, validation."""

from __future__ import annotations

import dataclasses
import itertools
import math
import pickle
from fractions import Fraction as Fr
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from dealmodels.errors import InvalidGameError, InvalidParameterError
from dealmodels.games.bargaining import BargainingProblem, pareto_vertices


def test_pareto_vertices_drop_dominated_and_interior_points() -> None:
    pts = [(0, 4), (2, 3), (4, 0), (1, 1), (1, 3), (3, 1), (0, 0), (2, 3)]
    # (3, 1) lies below the segment (2, 3)-(4, 0): u2 = 3 - 1.5 = 1.5 at u1 = 3
    assert pareto_vertices([(Fr(a), Fr(b)) for a, b in pts]) == [(0, 4), (2, 3), (4, 0)]


def test_pareto_vertices_drop_collinear_and_flat_parts() -> None:
    pts = [(Fr(a), Fr(b)) for a, b in [(0, 2), (1, 2), (2, 1), (3, 0), (3, -1)]]
    # (1, 2) is the left end (the flat part left of it is dominated); (2, 1) is collinear
    assert pareto_vertices(pts) == [(1, 2), (3, 0)]


def test_single_point_problem() -> None:
    p = BargainingProblem.from_points([(2, 3)], disagreement=(0, 0))
    assert p.pareto_vertices == ((2, 3),)
    assert p.boundary(-5) == 3
    assert p.ideal_point == (2, 3)


def test_exact_points_stay_exact() -> None:
    p = BargainingProblem.from_points([(0, 4), (2, 3), (4, 0)], disagreement=(Fr(1, 2), 0))
    assert p.is_exact
    assert p.boundary(Fr(1)) == Fr(7, 2)
    assert p.boundary(3) == Fr(3, 2)
    assert p.ideal_point == (4, Fr(15, 4))


def test_float_points_are_float() -> None:
    p = BargainingProblem.from_points(np.array([[0.0, 1.0], [1.0, 0.0]]), (0.25, 0))
    assert not p.is_exact
    assert p.points.dtype == np.float64
    assert not p.points.flags.writeable
    assert p.boundary(0.5) == pytest.approx(0.5)


def test_linear() -> None:
    p = BargainingProblem.linear(10, (2, 4))
    assert p.ideal_point == (6, 8)
    assert p.u1_max == 10
    assert p.contains((5, 5))
    assert not p.contains((5, 5.1))
    assert p.is_strictly_pareto_optimal((3, 7))
    assert not p.is_strictly_pareto_optimal((3, 6))


def test_weak_versus_strict_pareto() -> None:
    p = BargainingProblem.from_points([(1, 2), (3, 0)], (0, 0))
    assert p.is_pareto_optimal((0.5, 2))  # flat part left of (1, 2)
    assert not p.is_strictly_pareto_optimal((0.5, 2))
    assert p.is_pareto_optimal((3, -0.5))  # vertical part at u1_max
    assert not p.is_strictly_pareto_optimal((3, -0.5))


def test_callable_frontier() -> None:
    p = BargainingProblem.from_frontier(lambda x: math.sqrt(1 - x), (0, 1), (0, 0))
    assert p.kind == "callable"
    assert p.boundary(0.75) == pytest.approx(0.5)
    assert p.boundary(-1) == pytest.approx(1.0)  # comprehensive: flat left of u1_min
    assert p.ideal_point == pytest.approx((1.0, 1.0))
    assert p.frontier_points(5).shape == (5, 2)


def test_symbolic_frontier() -> None:
    x = sympy.Symbol("x", nonnegative=True)
    p = BargainingProblem.from_frontier(1 - x**2, (0, 1), (0, Fr(1, 2)))
    assert p.kind == "symbolic"
    assert p.symbol == x
    ideal = p.ideal_point
    assert sympy.simplify(ideal[0] - sympy.sqrt(2) / 2) == 0
    assert ideal[1] == 1


def test_repr_mentions_the_disagreement_point() -> None:
    assert "disagreement" in repr(BargainingProblem.linear())


@given(
    pts=st.lists(
        st.tuples(st.integers(-5, 10), st.integers(-5, 10)), min_size=1, max_size=12, unique=True
    )
)
def test_pareto_vertices_are_on_the_hull_and_undominated(pts: list[tuple[int, int]]) -> None:
    exact = [(Fr(a), Fr(b)) for a, b in pts]
    verts = pareto_vertices(exact)
    assert all(v in exact for v in verts)
    for a, b in itertools.pairwise(verts):
        assert a[0] < b[0]
        assert a[1] > b[1]
    # every input point is weakly below the boundary
    top = max(v[0] for v in verts)
    p = BargainingProblem.from_points(exact, disagreement=(min(a for a, _ in pts) - 1, -100))
    for q in exact:
        assert q[0] <= top
        assert q[1] <= p.boundary(q[0])


BAD: list[tuple[Any, dict[str, Any], type[Exception], str]] = [
    (BargainingProblem, {}, InvalidGameError, "exactly one"),
    (
        BargainingProblem,
        {"points": [(0, 1)], "frontier": lambda x: x, "u1_range": (0, 1)},
        InvalidGameError,
        "exactly one",
    ),
    (BargainingProblem.from_points, {"points": []}, InvalidGameError, "points"),
    (BargainingProblem.from_points, {"points": [(1, 2, 3)]}, InvalidGameError, "points"),
    (BargainingProblem.from_points, {"points": [(1, math.nan)]}, InvalidParameterError, "points"),
    (BargainingProblem.from_points, {"points": [(1, "a")]}, InvalidParameterError, "points"),
    (
        BargainingProblem.from_points,
        {"points": [(0, 10**400), (1, 0)]},
        InvalidParameterError,
        r"points\[0\]\[1\] must be a real number within float range",
    ),
    (
        BargainingProblem.from_points,
        {"points": [(0, 1), (1, 0)], "disagreement": (1, 1)},
        InvalidParameterError,
        "disagreement",
    ),
    (
        BargainingProblem.from_points,  # on the frontier: empty bargaining set
        {"points": [(0, 1), (1, 0)], "disagreement": (0.5, 0.5)},
        InvalidParameterError,
        "disagreement",
    ),
    (
        BargainingProblem.from_points,
        {"points": [(0, 1), (1, 0)], "disagreement": (2, -1)},
        InvalidParameterError,
        "disagreement",
    ),
    (
        BargainingProblem.from_points,
        {"points": [(0, 1), (1, 0)], "disagreement": (0, math.inf)},
        InvalidParameterError,
        "disagreement",
    ),
    (
        BargainingProblem.from_points,
        {"points": [(0, 1), (1, 0)], "disagreement": (0, 0, 0)},
        InvalidParameterError,
        "disagreement",
    ),
    (
        BargainingProblem.from_points,
        {"points": [(0, 1), (1, 0)], "players": ("a", "a")},
        InvalidParameterError,
        "players",
    ),
    (BargainingProblem.linear, {"pie": 0}, InvalidParameterError, "pie"),
    (BargainingProblem.linear, {"pie": -1}, InvalidParameterError, "pie"),
    (
        BargainingProblem.from_frontier,
        {"frontier": lambda x: x, "u1_range": (0, 1)},
        InvalidGameError,
        "nonincreasing",
    ),
    (
        BargainingProblem.from_frontier,
        {"frontier": lambda x: (1 - x) ** 2, "u1_range": (0, 1)},
        InvalidGameError,
        "concave",
    ),
    (
        BargainingProblem.from_frontier,
        {"frontier": lambda x: 1 / x, "u1_range": (0, 1)},
        InvalidGameError,
        "frontier",
    ),
    (
        BargainingProblem.from_frontier,
        {"frontier": lambda x: 1 - x, "u1_range": (1, 1)},
        InvalidParameterError,
        "u1_range",
    ),
    (
        BargainingProblem,
        {"frontier": lambda x: 1 - x},
        InvalidParameterError,
        "u1_range",
    ),
    (
        BargainingProblem.from_frontier,
        {"frontier": 3, "u1_range": (0, 1)},
        InvalidParameterError,
        "frontier",
    ),
    (
        BargainingProblem.from_frontier,
        {"frontier": sympy.Symbol("a") - sympy.Symbol("b"), "u1_range": (0, 1)},
        InvalidParameterError,
        "frontier",
    ),
    (
        BargainingProblem.from_frontier,
        {"frontier": lambda x: 1 - x, "u1_range": (0, 1), "disagreement": (0, 1)},
        InvalidParameterError,
        "disagreement",
    ),
]


@pytest.mark.parametrize(("func", "kwargs", "error", "match"), BAD)
def test_bad_input(func: Any, kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        func(**kwargs)


def test_boundary_right_of_u1_max_raises() -> None:
    with pytest.raises(InvalidParameterError, match="u1"):
        BargainingProblem.linear(1).boundary(2)


def test_replace_revalidates() -> None:
    p = BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0))
    q = dataclasses.replace(p, disagreement=(Fr(1, 4), 0))
    assert q.disagreement == (Fr(1, 4), 0)
    assert q.pareto_vertices == p.pareto_vertices
    with pytest.raises(InvalidParameterError, match="disagreement"):
        dataclasses.replace(p, disagreement=(1, 1))
    f = BargainingProblem.from_frontier(lambda x: 1 - x, (0, 1))
    assert dataclasses.replace(f, disagreement=(0.5, 0)).kind == "callable"


def test_pickle_round_trip() -> None:
    x = sympy.Symbol("x", nonnegative=True)
    for p in (
        BargainingProblem.from_points([(0, 4), (2, 3), (4, 0)], (Fr(1, 2), 0)),
        BargainingProblem.from_frontier(1 - x**2, (0, 1), (0, Fr(1, 2))),
    ):
        q = pickle.loads(pickle.dumps(p))
        assert q.kind == p.kind
        assert q.disagreement == p.disagreement
        assert q.ideal_point == p.ideal_point
