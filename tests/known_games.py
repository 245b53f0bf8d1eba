"""Games with known equilibrium sets, each with its source.

``expected`` lists every extreme Nash equilibrium as a pair of exact probability vectors
(row player, column player). Where the source states the equilibria we copy them; where
it only states the game, the set was derived by hand from the indifference conditions and
the derivation is summarised in ``source``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction as F

from dealmodels import NormalFormGame

Profile = tuple[tuple[F, ...], tuple[F, ...]]


@dataclass(frozen=True)
class KnownCase:
    """A game, its complete set of extreme equilibria, and where that comes from."""

    id: str
    game: NormalFormGame
    expected: tuple[Profile, ...]
    source: str
    degenerate: bool = False


def _p(*values: object) -> tuple[F, ...]:
    return tuple(F(v) for v in values)  # type: ignore[arg-type]


def _bi(a: list[list[int]], b: list[list[int]]) -> NormalFormGame:
    return NormalFormGame.from_bimatrix(a, b)


KNOWN_BIMATRIX: tuple[KnownCase, ...] = (
    KnownCase(
        id="osborne2004-prisoners-dilemma",
        game=_bi([[2, 0], [3, 1]], [[2, 3], [0, 1]]),
        expected=((_p(0, 1), _p(0, 1)),),
        source="M. J. Osborne, An Introduction to Game Theory (2004), ch. 2 (Prisoner's Dilemma): "
        "Fink (defect) strictly dominates, unique equilibrium (Fink, Fink).",
    ),
    KnownCase(
        id="osborne2004-matching-pennies",
        game=_bi([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
        expected=((_p("1/2", "1/2"), _p("1/2", "1/2")),),
        source="Osborne (2004), ch. 2 and ch. 4 (Matching Pennies): unique equilibrium, "
        "both mix 1/2.",
    ),
    KnownCase(
        id="osborne2004-battle-of-the-sexes",
        game=_bi([[2, 0], [0, 1]], [[1, 0], [0, 2]]),
        expected=(
            (_p(1, 0), _p(1, 0)),
            (_p("2/3", "1/3"), _p("1/3", "2/3")),
            (_p(0, 1), _p(0, 1)),
        ),
        source="Osborne (2004), ch. 4 (BoS): two pure equilibria and the mixed one "
        "((2/3, 1/3), (1/3, 2/3)).",
    ),
    KnownCase(
        id="osborne2004-stag-hunt",
        game=_bi([[2, 0], [1, 1]], [[2, 1], [0, 1]]),
        expected=(
            (_p(1, 0), _p(1, 0)),
            (_p("1/2", "1/2"), _p("1/2", "1/2")),
            (_p(0, 1), _p(0, 1)),
        ),
        source="Osborne (2004), ch. 2 and 4 (two-player Stag Hunt, stag 2, hare 1): "
        "(Stag, Stag), (Hare, Hare) and the mixed equilibrium where each hunts stag w.p. 1/2 "
        "(indifference 2q = 1).",
    ),
    KnownCase(
        id="chicken",
        game=_bi([[0, -1], [1, -10]], [[0, 1], [-1, -10]]),
        expected=(
            (_p(1, 0), _p(0, 1)),
            (_p("9/10", "1/10"), _p("9/10", "1/10")),
            (_p(0, 1), _p(1, 0)),
        ),
        source="Game of chicken (A. Rapoport and A. M. Chammah, 'The game of chicken', Amer. "
        "Behavioral Scientist 10 (1966)) with Swerve/Straight payoffs 0, -1, 1, -10: two "
        "asymmetric pure equilibria and the symmetric mixed one, swerve w.p. q with "
        "-(1-q) = q - 10(1-q), q = 9/10.",
    ),
    KnownCase(
        id="osborne2004-rock-paper-scissors",
        game=_bi(
            [[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
            [[0, 1, -1], [-1, 0, 1], [1, -1, 0]],
        ),
        expected=((_p("1/3", "1/3", "1/3"), _p("1/3", "1/3", "1/3")),),
        source="Osborne (2004), ch. 4 (rock-paper-scissors): the unique "
        "equilibrium is uniform play.",
    ),
    KnownCase(
        id="vonstengel2002-3x2",
        game=_bi([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]),
        expected=(
            (_p(1, 0, 0), _p(1, 0)),
            (_p("4/5", "1/5", 0), _p("2/3", "1/3")),
            (_p(0, "1/3", "2/3"), _p("1/3", "2/3")),
        ),
        source="B. von Stengel, Computing equilibria for two-person games, Handbook of Game "
        "Theory vol. 3 (2002), the 3x2 running example (also used in Nisan et al., "
        "Algorithmic Game Theory (2007), ch. 3): three equilibria.",
    ),
    KnownCase(
        id="vonstengel2002-3x2-degenerate",
        game=_bi([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),
        expected=(
            (_p(1, 0, 0), _p(1, 0)),
            (_p(1, 0, 0), _p("2/3", "1/3")),
            (_p(0, "1/3", "2/3"), _p("1/3", "2/3")),
        ),
        source="von Stengel (2002) and Nisan et al. (2007), ch. 3, on degenerate games: "
        "with the column player's top-row payoffs made equal (3, 3), the top row "
        "has two best responses and the equilibria with x = (1, 0, 0) form the segment "
        "y in [(1, 0), (2/3, 1/3)] (the top row stays a best response while 2 + 3 y2 <= 3); "
        "its endpoints and ((0, 1/3, 2/3), (1/3, 2/3)) are the extreme equilibria.",
        degenerate=True,
    ),
    KnownCase(
        id="vonstengel2002-3x2-degenerate-rows-reversed",
        game=_bi([[0, 6], [2, 5], [3, 3]], [[3, 1], [2, 6], [3, 3]]),
        expected=(
            (_p("2/3", "1/3", 0), _p("1/3", "2/3")),
            (_p(0, 0, 1), _p(1, 0)),
            (_p(0, 0, 1), _p("2/3", "1/3")),
        ),
        source="The degenerate game above with the row player's actions in reverse order "
        "(the QuantEcon.py test suite uses this ordering because qhull's default options "
        "mishandle it): the same equilibria, rows permuted.",
        degenerate=True,
    ),
    KnownCase(
        id="quantecon-degenerate-3x2-continuum",
        game=_bi([[1, -1], [-1, 1], [0, 0]], [[1, 0], [0, 0], [0, 0]]),
        expected=(
            (_p(1, 0, 0), _p(1, 0)),
            (_p(0, 1, 0), _p("1/2", "1/2")),
            (_p(0, 1, 0), _p(0, 1)),
            (_p(0, 0, 1), _p("1/2", "1/2")),
        ),
        source="Degenerate game from the QuantEcon.py test suite (test_support_enumeration.py, "
        "whose support enumeration misses the continuum ((0, p, 1-p), (1/2, 1/2))). By hand: "
        "if x1 > 0 column 0 is strictly better, then row 0 is the unique best response; if "
        "x1 = 0 the column player is indifferent, row 1 is a best response iff q <= 1/2 "
        "(y = (q, 1-q)) and row 2 iff q = 1/2. Extreme equilibria: (e0, e0), (e1, (1/2, 1/2)), "
        "(e1, e1), (e2, (1/2, 1/2)).",
        degenerate=True,
    ),
    KnownCase(
        id="coordination-3x3",
        game=_bi([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
        expected=tuple(
            (s, s)
            for s in (
                _p(1, 0, 0),
                _p("1/2", "1/2", 0),
                _p("1/2", 0, "1/2"),
                _p("1/3", "1/3", "1/3"),
                _p(0, 1, 0),
                _p(0, "1/2", "1/2"),
                _p(0, 0, 1),
            )
        ),
        source="Identity coordination game: one equilibrium per nonempty support S, both "
        "players uniform on S, 2^3 - 1 = 7 (Quint and Shubik, 'A theorem on the number of "
        "Nash equilibria in a bimatrix game', IJGT 26 (1997)).",
    ),
    KnownCase(
        id="dominant-row-indifferent-column",
        game=_bi([[1, 1], [0, 0]], [[1, 1], [0, 0]]),
        expected=((_p(1, 0), _p(1, 0)), (_p(1, 0), _p(0, 1))),
        source="Hand-derived degenerate game: the top row strictly dominates and the column "
        "player is indifferent, so the equilibria are (top, y) for every y; the extreme "
        "ones are the two pure profiles.",
        degenerate=True,
    ),
    KnownCase(
        id="all-zero-2x2",
        game=_bi([[0, 0], [0, 0]], [[0, 0], [0, 0]]),
        expected=(
            (_p(1, 0), _p(1, 0)),
            (_p(1, 0), _p(0, 1)),
            (_p(0, 1), _p(1, 0)),
            (_p(0, 1), _p(0, 1)),
        ),
        source="Hand-derived: with constant payoffs every profile is an equilibrium; the "
        "equilibrium set is the product of the simplices, whose vertices are the four pure "
        "profiles.",
        degenerate=True,
    ),
    KnownCase(
        id="one-by-three",
        game=_bi([[1, 2, 2]], [[3, 1, 3]]),
        expected=((_p(1), _p(1, 0, 0)), (_p(1), _p(0, 0, 1))),
        source="Hand-derived: the row player has one action; the column player's best "
        "responses are columns 0 and 2, so the extreme equilibria are the two pure ones.",
        degenerate=True,
    ),
)
"""Two-player cases, in the order the solvers return them (descending probabilities)."""
