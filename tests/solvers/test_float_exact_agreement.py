"""The float all-equilibria path against the exact one on small integer-valued games.

Every integer-valued float game is also an exact game, and the exact solver (rational
pivoting, no tolerance) is the oracle: the float path must return the same set of extreme
equilibria. Small payoff ranges ({0, 1}, {0, 1, 2}, {0, ..., 3}) on 2..6 actions per player
make ties, repeated rows and columns and degenerate vertices common, which is where a float
vertex enumeration goes wrong: before the singular-partner probe of
:func:`dealmodels.solvers._vertex._solve_nonsingular` one game in about 750 of this kind lost
an equilibrium (the 3 x 6 game of issue 16, kept below as a known answer).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from dealmodels import NormalFormGame, nash_equilibria


def _key(eqs: list) -> list[tuple[float, ...]]:
    """Sorted equilibria as rounded (x, y) vectors (exact and float compare equal)."""
    return sorted(tuple(round(float(v), 9) for s in e.strategies for v in s) for e in eqs)


def _games(seed: int, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        m, n = (int(v) for v in rng.integers(2, 7, 2))
        high = int(rng.integers(2, 5))  # payoffs in {0, ..., high - 1}
        out.append((rng.integers(0, high, (m, n)), rng.integers(0, high, (m, n))))
    return out


def _check(a: np.ndarray, b: np.ndarray, methods: tuple[str, ...]) -> None:
    exact = NormalFormGame.from_bimatrix(a.tolist(), b.tolist())
    expected = _key(nash_equilibria(exact))
    floats = exact.as_float()
    for method in methods:
        got = _key(nash_equilibria(floats, method))  # type: ignore[arg-type]
        assert got == expected, (method, a.tolist(), b.tolist())


# Issue 16: as floats this game gave 5 equilibria, exactly 6. The rows of A restricted to the
# best responses {2, 4} of x = (1/3, 0, 2/3) are equal, so that vertex's partner system
# A[S, T] y_T = 1 is singular but consistent, and LU with partial pivoting returned one point
# of the segment of partners without complaint.
_A16 = [[0, 3, 0, 2, 3, 1], [2, 3, 3, 3, 0, 0], [2, 1, 0, 0, 3, 0]]
_B16 = [[0, 2, 3, 2, 1, 1], [0, 3, 1, 1, 1, 1], [1, 0, 1, 0, 2, 0]]
_MISSED = (
    (Fraction(1, 3), Fraction(0), Fraction(2, 3)),
    (Fraction(0), Fraction(0), Fraction(1, 2), Fraction(0), Fraction(1, 2), Fraction(0)),
)


@pytest.mark.parametrize("method", ["vertex_enumeration", "support_enumeration"])
def test_issue_16_game_has_six_equilibria_as_floats(method: str) -> None:
    game = NormalFormGame.from_bimatrix(np.array(_A16, float), np.array(_B16, float))
    eqs = nash_equilibria(game, method)  # type: ignore[arg-type]
    assert len(eqs) == 6
    x, y = (np.array(v, dtype=float) for v in _MISSED)
    assert any(
        np.allclose(e.strategies[0], x, atol=1e-12) and np.allclose(e.strategies[1], y, atol=1e-12)
        for e in eqs
    )
    _check(np.array(_A16), np.array(_B16), (method,))


def test_issue_16_game_against_pygambit() -> None:
    # an independent oracle for the count and the missed equilibrium: Gambit's exact
    # enumeration of extreme equilibria (enummixed, rational)
    gbt = pytest.importorskip("pygambit")
    if not hasattr(gbt.Game, "from_arrays"):  # the pygambit 16 API
        pytest.skip(f"pygambit {gbt.__version__} has no Game.from_arrays")
    game = gbt.Game.from_arrays(np.array(_A16, dtype=float), np.array(_B16, dtype=float))
    result = gbt.nash.enummixed_solve(game, rational=True)
    found = {
        tuple(
            tuple(Fraction(str(profile[s])) for s in player.strategies) for player in game.players
        )
        for profile in result.equilibria
    }
    ours = {
        (tuple(e.strategies[0]), tuple(e.strategies[1]))
        for e in nash_equilibria(NormalFormGame.from_bimatrix(_A16, _B16))
    }
    assert len(found) == 6
    assert _MISSED in found
    assert ours == found


def test_float_equals_exact_on_small_integer_games() -> None:
    # the fast profile: 300 games, both float methods
    for a, b in _games(16, 300):
        _check(a, b, ("vertex_enumeration", "support_enumeration"))


@pytest.mark.slow
@pytest.mark.parametrize("chunk", range(10))
def test_float_equals_exact_on_ten_thousand_small_integer_games(chunk: int) -> None:
    # the slow profile: 10 x 1,000 seeded games (python -m pytest -m slow)
    for a, b in _games(1600 + chunk, 1000):
        _check(a, b, ("vertex_enumeration",))
