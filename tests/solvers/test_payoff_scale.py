"""Equilibria are invariant to rescaling the payoffs (issue 18, extreme payoffs).

Every solver that maps each player's payoffs onto a unit scale before its float kernel
must give the same strategies for ``c * game`` as for ``game``, for ``c`` from 1e-300 to
1e300, and report payoffs ``c`` times as large; exact games with payoffs such as 10**400
or 10**-400 (which do not fit in a float) must be solved exactly instead of raising
OverflowError or returning an answer of the game rounded to zero.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dealmodels import NormalFormGame
from dealmodels.solvers.commitment import stackelberg
from dealmodels.solvers.correlated import correlated_equilibrium
from dealmodels.solvers.dominance import iterated_elimination
from dealmodels.solvers.nash import is_nash, nash_equilibria, regret

PD = ([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # prisoner's dilemma: (D, D) only
BOS = ([[2, 0], [0, 1]], [[1, 0], [0, 2]])  # battle of the sexes: two pure, one mixed
GAMES = {"pd": PD, "bos": BOS}
NASH_METHODS = ["vertex_enumeration", "support_enumeration", "lemke_howson"]
ONE_EQ_METHODS = ["lemke_howson", "logit", "simplicial_subdivision"]
SCALES = [1e-300, 1e-200, 1e-12, 1.0, 1e12, 1e200, 1e300]


def _float(game: tuple, c: float) -> NormalFormGame:
    a, b = (np.array(m, dtype=float) * c for m in game)
    return NormalFormGame.from_bimatrix(a, b)


def _exact(game: tuple, c: Fraction | int) -> NormalFormGame:
    a, b = ([[Fraction(v) * c for v in row] for row in m] for m in game)
    return NormalFormGame.from_bimatrix(a, b)


def _strategies(eqs: list) -> list[tuple]:
    return [tuple(tuple(float(p) for p in s) for s in eq.strategies) for eq in eqs]


def _close(a: list[tuple], b: list[tuple]) -> bool:
    # the same set of profiles; the order may differ where float rounding breaks a tie of the
    # sort (0.5000000000000001 against 0.5), so both sides are sorted on rounded values
    def key(x: tuple) -> tuple:
        return tuple(np.round(np.concatenate(x), 9).tolist())

    a, b = sorted(a, key=key), sorted(b, key=key)
    return len(a) == len(b) and all(
        np.allclose(np.concatenate(x), np.concatenate(y), atol=1e-9)
        for x, y in zip(a, b, strict=True)
    )


@pytest.mark.parametrize("name", list(GAMES))
@pytest.mark.parametrize("method", NASH_METHODS)
@pytest.mark.parametrize("c", SCALES)
def test_float_equilibria_invariant_to_scale(name, method, c):
    base = nash_equilibria(_float(GAMES[name], 1.0), method)
    scaled = nash_equilibria(_float(GAMES[name], c), method)
    assert _close(_strategies(scaled), _strategies(base))
    for e0, e1 in zip(base, scaled, strict=True):
        np.testing.assert_allclose(e1.payoffs, c * e0.payoffs, rtol=1e-9)


@pytest.mark.parametrize("method", ONE_EQ_METHODS)
@pytest.mark.parametrize("c", [1e-300, 1e300, 3.4e307])
def test_one_equilibrium_methods_on_the_pd_at_extreme_scales(method, c):
    (eq,) = nash_equilibria(_float(PD, c), method)
    assert eq.support == ((1,), (1,))  # defect, defect
    np.testing.assert_allclose(eq.payoffs, [c, c], rtol=1e-9)


@pytest.mark.parametrize("method", [*NASH_METHODS, "logit", "simplicial_subdivision"])
@pytest.mark.parametrize("c", [10**400, Fraction(1, 10**400)])
def test_exact_games_beyond_the_float_range(method, c):
    eqs = nash_equilibria(_exact(PD, c), method)
    assert [eq.support for eq in eqs] == [((1,), (1,))]
    assert eqs[0].payoffs.tolist() == [c, c]  # exact, in the game's own units


@pytest.mark.parametrize("c", [10**400, Fraction(1, 10**400)])
def test_exact_bos_beyond_the_float_range_gives_the_exact_mixed_equilibrium(c):
    eqs = nash_equilibria(_exact(BOS, c))
    assert [tuple(map(tuple, eq.strategies)) for eq in eqs] == [
        ((1, 0), (1, 0)),
        ((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3))),
        ((0, 1), (0, 1)),
    ]


@pytest.mark.parametrize(
    "game",
    [
        _float(PD, 3.4e307),
        _float(PD, 1e-300),
        _exact(PD, 10**400),
        _exact(PD, Fraction(1, 10**400)),
    ],
    ids=["1.7e308", "1e-300", "exact 1e400", "exact 1e-400"],
)
def test_other_solvers_at_extreme_scales(game):
    ce = correlated_equilibrium(game)
    assert np.asarray(ce.distribution, dtype=float).tolist() == [[0.0, 0.0], [0.0, 1.0]]
    assert iterated_elimination(game).surviving == ((1,), (1,))
    assert stackelberg(game).follower_action == 1
    assert is_nash(game, [1, 1])
    assert not is_nash(game, [0, 0])
    assert regret(game, [1, 1]) == 0


def test_regret_beyond_the_float_range_is_inf_not_overflow():
    assert regret(_exact(PD, 10**400), [0, 0]) == float("inf")
    assert regret(_exact(PD, 10**400), [0, 0], relative=True) == pytest.approx(0.4)


@example([0] * 9, [0, 1, 0, 0, 0, 1, 0, -3, -2], 0)  # float and exact differ in order only
@given(
    st.lists(st.integers(-5, 5), min_size=9, max_size=9),
    st.lists(st.integers(-5, 5), min_size=9, max_size=9),
    st.integers(-300, 300),
)
def test_property_vertex_enumeration_of_c_times_game(a, b, k):
    """The extreme equilibria of c * game, c = 10**k, equal those of the game (3 x 3)."""
    a_m, b_m = np.array(a, float).reshape(3, 3), np.array(b, float).reshape(3, 3)
    c = 10.0**k
    base = NormalFormGame.from_bimatrix(a_m, b_m)
    scaled = NormalFormGame.from_bimatrix(a_m * c, b_m * c)
    exact = nash_equilibria(base.as_exact())
    assert _close(_strategies(nash_equilibria(scaled)), _strategies(exact))
