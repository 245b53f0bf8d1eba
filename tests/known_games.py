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


# -- games with three players ---------------------------------------------------------------

NProfile = tuple[tuple[F, ...], ...]


@dataclass(frozen=True)
class NPlayerCase:
    """An n-player game, its isolated equilibria (if known exactly), and the source."""

    id: str
    game: NormalFormGame
    expected: tuple[NProfile, ...]
    n_equilibria: int
    n_pure: int
    continuum_supports: tuple[tuple[tuple[int, ...], ...], ...]
    source: str


def _nfg(shape: tuple[int, ...], outcomes: list[tuple[object, ...]]) -> NormalFormGame:
    """A game from a Gambit .nfg outcome list (player 1's action varies fastest)."""
    import numpy as np

    n = len(shape)
    payoffs = [np.empty(shape, dtype=object) for _ in range(n)]
    for k, row in enumerate(outcomes):
        profile, rest = [], k
        for m in shape:
            profile.append(rest % m)
            rest //= m
        for i in range(n):
            payoffs[i][tuple(profile)] = F(str(row[i]))
    return NormalFormGame(payoffs)


_G333 = [
    ("1.131", "1.210", "2.426"), ("1.358", "2.234", "2.238"), ("1.655", "1.347", "2.747"),
    ("1.576", "5.634", "5.675"), ("1.478", "2.544", "1.973"), ("1.436", "4.864", "5.267"),
    ("1.735", "4.043", "7.247"), ("3.830", "1.335", "1.734"), ("1.428", "1.521", "4.248"),
    ("2.429", "2.326", "2.422"), ("5.255", "5.334", "2.643"), ("2.243", "3.518", "3.062"),
    ("2.455", "6.523", "4.225"), ("7.486", "4.483", "5.764"), ("7.566", "4.655", "7.076"),
    ("4.943", "7.362", "4.382"), ("4.434", "4.271", "4.120"), ("4.533", "5.231", "5.458"),
    ("3.222", "3.024", "1.223"), ("2.873", "4.452", "4.549"), ("4.564", "4.326", "1.762"),
    ("5.277", "4.837", "5.645"), ("4.995", "5.754", "4.383"), ("4.423", "1.759", "2.705"),
    ("4.642", "1.897", "4.042"), ("4.976", "7.324", "7.723"), ("4.486", "4.882", "2.537"),
]  # fmt: skip

KNOWN_NPLAYER: tuple[NPlayerCase, ...] = (
    NPlayerCase(
        id="mckelvey-mclennan1997-2x2x2",
        game=_nfg(
            (2, 2, 2),
            [
                (9, 8, 12),
                (0, 0, 0),
                (0, 0, 0),
                (9, 8, 2),
                (0, 0, 0),
                (3, 4, 6),
                (3, 4, 6),
                (0, 0, 0),
            ],
        ),
        expected=(
            (_p(1, 0), _p(1, 0), _p(1, 0)),
            (_p(1, 0), _p(0, 1), _p(0, 1)),
            (_p("1/2", "1/2"), _p("1/2", "1/2"), _p(1, 0)),
            (_p("1/2", "1/2"), _p("2/5", "3/5"), _p("1/4", "3/4")),
            (_p("2/5", "3/5"), _p("1/2", "1/2"), _p("1/3", "2/3")),
            (_p("1/3", "2/3"), _p(1, 0), _p("1/4", "3/4")),
            (_p(0, 1), _p(1, 0), _p(0, 1)),
            (_p(0, 1), _p("1/4", "3/4"), _p("1/3", "2/3")),
            (_p(0, 1), _p(0, 1), _p(1, 0)),
        ),
        n_equilibria=9,
        n_pure=4,
        continuum_supports=(),
        source="R. D. McKelvey and A. McLennan, 'The maximal number of regular totally mixed "
        "Nash equilibria', J. Econ. Theory 72 (1997); payoffs from the Gambit catalog file "
        "contrib/games/2x2x2.nfg ('9 Nash equilibria, 2 totally mixed'). With p, q, r the "
        "probabilities of each player's first action, player 1 is indifferent iff "
        "9qr + 3(1-q)(1-r) = 9(1-q)r + 3q(1-r); e.g. (2/5, 1/2, 1/3) solves all three "
        "indifference equations (checked by hand: 5/2 = 5/2, 8/3 = 8/3, 3 = 3).",
    ),
    NPlayerCase(
        id="gambit-3x3x3",
        game=_nfg((3, 3, 3), _G333),  # type: ignore[arg-type]
        expected=(),
        n_equilibria=5,
        n_pure=2,
        continuum_supports=(),
        source="Gambit catalog contrib/games/3x3x3.nfg, 'Three person 3x3x3 game with five "
        "equilibria (two pure)' (decimal payoffs read as exact rationals).",
    ),
    NPlayerCase(
        id="nau2004-2x2x2",
        game=_nfg(
            (2, 2, 2),
            [
                (0, 0, 2),
                (3, 0, 0),
                (0, 3, 0),
                (0, 0, 0),
                (1, 1, 0),
                (0, 0, 0),
                (0, 0, 0),
                (0, 0, 3),
            ],
        ),
        expected=(
            (_p(1, 0), _p(0, 1), _p(1, 0)),
            (_p(0, 1), _p(1, 0), _p(1, 0)),
            (_p(0, 1), _p(0, 1), _p(0, 1)),
        ),
        n_equilibria=3,
        n_pure=3,
        continuum_supports=(((0,), (1,), (0, 1)), ((1,), (0,), (0, 1)), ((0, 1),) * 3),
        source="R. Nau, S. Gomez Canovas and P. Hansen, 'On the geometry of Nash equilibria "
        "and correlated equilibria', Int. J. Game Theory 32 (2004); Gambit catalog "
        "contrib/games/2x2x2-nau.nfg: 3 pure equilibria, 2 incompletely mixed and a "
        "continuum of completely mixed ones. By hand: with player 1 on action 0 and player 2 "
        "on action 1, players 1 and 3 are indifferent (all their payoffs are 0) and player 2 "
        "stays on action 1 iff r1 <= 3/4 (r1 = P[player 3 plays 1]), so "
        "((1, 0), (0, 1), (1 - r1, r1)) is an equilibrium for every r1 in [0, 3/4] (the "
        "incompletely mixed one of the catalog is the end r1 = 3/4); symmetrically with "
        "players 1 and 2 exchanged.",
    ),
)
"""Three-player cases: exact isolated equilibria where listed, else counts."""
