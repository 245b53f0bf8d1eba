r"""Nash equilibria of games with three or more players.

With :math:`n \ge 3` players the equilibrium conditions are polynomial, not linear: on a
support profile :math:`S = (S_1, \dots, S_n)` a profile :math:`\sigma` is an equilibrium iff

.. math::

    u_i(a, \sigma_{-i}) = v_i \ (a \in S_i), \qquad u_i(b, \sigma_{-i}) \le v_i \
    (b \notin S_i), \qquad \sigma_i(a) > 0 \ (a \in S_i),

where :math:`u_i(a, \sigma_{-i}) = \sum_{s_{-i}} u_i(a, s_{-i}) \prod_{j \ne i}
\sigma_j(s_j)` is multilinear of degree :math:`n - 1`. Equilibria can be irrational even
when every payoff is an integer, and a generic game has finitely many of them (an odd
number; McKelvey and McLennan 1997 bound the totally mixed ones).

:func:`~dealmodels.nash_equilibria` dispatches here for :math:`n \ge 3`:

``"support_enumeration"`` (the default for :math:`n \ge 3`)
    All isolated equilibria. Supports are visited by total size and balance with
    conditional dominance pruning (Porter, Nudelman and Shoham 2008); supports on which
    two or three players mix are solved by linear algebra and one univariate polynomial
    (:func:`~dealmodels.solvers._npoly.solve_structured`), the others' indifference
    systems exactly over the rationals (lex Gröbner basis, real root
    isolation) when they have at most three unknowns, otherwise by a multihomogeneous
    homotopy (all isolated complex roots), then refined by Newton's method. Rational
    solutions of exact games are returned as exact :class:`~fractions.Fraction` vectors
    (verified with regret exactly zero); irrational ones as floats, verified in floating
    point. A support whose system has a continuum of solutions meeting the equilibrium
    region is named in a :class:`~dealmodels.DegenerateGameWarning`.

``"simplicial_subdivision"`` (any number of players)
    One equilibrium by the variable-dimension restart algorithm of van der Laan and Talman
    on the product of the players' simplices (:mod:`dealmodels.solvers._simpdiv`): the
    path of simplices from the pure profile of everyone's first action to a completely
    labelled simplex on a grid of mesh :math:`1/2`, restarted from its best vertex on a
    grid twice as fine, and so on; from a grid whose best vertex is within 5 % of the
    payoff ranges, its nearly best actions are tried as the support and the indifference
    system is solved by Newton's method. The returned profile is verified (exactly, with
    :class:`~fractions.Fraction` strategies, when the game is exact and the equilibrium
    rational). After ``SIMPDIV_PATH_CAP`` simplices over all grids the search hands over
    to the logit homotopy (see :func:`simplicial_equilibrium`).

References
----------
.. [1] R. Porter, E. Nudelman and Y. Shoham, "Simple search methods for finding a Nash
   equilibrium", *Games and Economic Behavior* 63 (2008), pp. 642-662.
.. [2] R. D. McKelvey and A. McLennan, "The maximal number of regular totally mixed Nash
   equilibria", *Journal of Economic Theory* 72 (1997), pp. 411-425.
.. [3] A. P. Morgan and A. J. Sommese, "A homotopy for solving general polynomial systems
   that respects m-homogeneous structures", *Applied Mathematics and Computation* 24
   (1987), pp. 101-113.
.. [4] G. van der Laan and A. J. J. Talman, "On the computation of fixed points in the
   product space of unit simplices and an application to noncooperative N person games",
   *Mathematics of Operations Research* 7 (1982), pp. 1-13.
.. [5] G. van der Laan, A. J. J. Talman and L. van der Heyden, "Simplicial variable
   dimension algorithms for solving the nonlinear complementarity problem on a product of
   unit simplices using a general labelling", *Mathematics of Operations Research* 12
   (1987), pp. 377-397.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from dealmodels.errors import DegenerateGameWarning, UnsupportedGameError

if TYPE_CHECKING:
    from dealmodels.games.normal_form import NormalFormGame
    from dealmodels.solvers.nash import Equilibrium

__all__: list[str] = []

NPLAYER_METHODS = ("auto", "support_enumeration")
_GRID_REGRET_TO_REFINE = 0.05  # try Newton on the support once a grid gets this close
#: simplicial subdivision: simplices visited (all grids together) before the handover to
#: the logit homotopy; about 0.35 s of path following on a 4-player 5-action game
SIMPDIV_PATH_CAP = 10_000
SIMPDIV_HANDOVER_METHOD = "logit"


def all_equilibria(game: NormalFormGame, method: str, tol: float) -> list[Equilibrium]:
    """The n-player branch of :func:`~dealmodels.nash_equilibria` (validated input)."""
    from dealmodels.solvers._npoly import enumerate_equilibria, scaled_integer_payoffs
    from dealmodels.solvers.nash import _verified

    if method not in NPLAYER_METHODS:
        raise UnsupportedGameError(
            f"method={method!r} needs a 2-player game; with {game.n_players} players use "
            f"one of {', '.join(repr(m) for m in NPLAYER_METHODS)}"
        )
    exact = game.kind == "exact"
    ints, dens = scaled_integer_payoffs(game.payoffs) if exact else (None, None)
    found = enumerate_equilibria(game.payoffs, exact=exact, tol=tol, ints=ints)
    if found.continua:
        listed = "; ".join(str(s) for s in found.continua[:6])
        if len(found.continua) > 6:
            listed += f" and {len(found.continua) - 6} more supports"
        warnings.warn(
            f"the game has a continuum of equilibria with support {listed} (actions per "
            "player); these are not listed, only the isolated equilibria are returned",
            DegenerateGameWarning,
            stacklevel=3,
        )

    def key(profile: tuple[Any, ...]) -> tuple[float, ...]:
        return tuple(-float(v) for p in profile for v in p)

    ordered = sorted(found.profiles, key=key)
    if ints is not None and dens is not None:
        check = _ExactVerifier(ints, dens)
        return [check(prof, "support_enumeration", tol) for prof in ordered]
    return [_verified(game, prof, "support_enumeration", tol) for prof in ordered]


def _numerators(strategy: Any) -> tuple[list[int], int]:
    """A strategy as integer numerators over one positive common denominator, exactly
    (a float entry counts as its exact binary value, as ``Fraction(float(v))``)."""
    from fractions import Fraction
    from math import lcm

    ratios = [
        (v.numerator, v.denominator)
        if isinstance(v, Fraction | int)
        else Fraction(float(v)).as_integer_ratio()
        for v in strategy
    ]
    den = lcm(*(d for _, d in ratios))
    return [n * (den // d) for n, d in ratios], den


class _ExactVerifier:
    r"""``solvers.nash._verified`` for an exact game, in integer arithmetic.

    Each player's payoffs are scaled by the common denominator :math:`D_i` of its
    entries (integers :math:`U_i = D_i u_i`) and each strategy is written as integer
    numerators :math:`n_j` over a denominator :math:`d_j` (a float entry exactly, as its
    binary fraction). Then the action values are :math:`V_i / (D_i \prod_{j \ne i} d_j)`
    with the integer vector :math:`V_i = U_i \times_{j \ne i} n_j`, and the regret
    :math:`(d_i \max_a V_i(a) - V_i \cdot n_i) / (d_i D_i \prod_{j \ne i} d_j)` and the
    payoff are exact Fractions equal to those of ``_relative_gains`` (the same checks,
    ``SolverError`` above ``tol`` relative to the payoff range), computed without the
    Fraction arithmetic of every product.
    """

    def __init__(self, ints: Any, dens: Any) -> None:

        #: per player: U_i with the player's own axis first, D_i, and the range of U_i
        self.scaled = [
            p.transpose([i, *(k for k in range(p.ndim) if k != i)]) for i, p in enumerate(ints)
        ]
        self.dens = list(dens)
        self.spans = [max(p.flat) - min(p.flat) for p in ints]

    def __call__(self, profile: Any, method: str, tol: float) -> Equilibrium:
        from fractions import Fraction

        import numpy as np

        from dealmodels.solvers.nash import Equilibrium as Eq
        from dealmodels.solvers.nash import _as_float, _check_regret, _support

        prof = tuple(profile)
        n = len(prof)
        parts = [_numerators(s) for s in prof]
        vecs = []
        for nums, _ in parts:
            v = np.empty(len(nums), dtype=object)
            v[:] = nums
            vecs.append(v)
        rel, gains, pays = [], [], []
        for i in range(n):
            t = self.scaled[i]
            for j in reversed([j for j in range(n) if j != i]):
                t = np.dot(t, vecs[j])
            others = 1
            for j in range(n):
                if j != i:
                    others *= parts[j][1]
            d_i = parts[i][1]
            current = int(np.dot(t, vecs[i]))
            gain_num = max(max(t) * d_i - current, 0)
            den = d_i * others
            gains.append(Fraction(gain_num, den * self.dens[i]))
            pays.append(Fraction(current, den * self.dens[i]))
            span = self.spans[i]
            rel.append(Fraction(gain_num, den * span) if span else Fraction(0))
        _check_regret(rel, gains, prof, method, tol)
        return Eq(
            strategies=prof,
            payoffs=np.array(pays, dtype=object),
            support=tuple(_support(s) for s in prof),
            regret=max(_as_float(g) for g in gains),
            method=method,
        )


def simplicial_equilibrium(
    game: NormalFormGame, tol: float, *, path_cap: int | None = SIMPDIV_PATH_CAP
) -> Equilibrium:
    """One equilibrium by simplicial subdivision, refined on its support and verified.

    Worst cases: the restart paths of a few games are very long (over a million
    simplices, tens of seconds, on some random 4-player 5-action games). Once the paths
    of all grids together have visited ``path_cap`` simplices (default
    ``SIMPDIV_PATH_CAP``; None: no cap), the search stops and the logit homotopy
    (``method="logit"``) computes the equilibrium instead; the result's ``method`` is
    then ``"logit"``, the algorithm that found it. If the logit trace fails
    (a convergence, solver or linear-algebra error), simplicial subdivision runs again
    without the cap, so the cap never loses an answer the uncapped search would give.

    Used by ``nash_equilibria(game, method="simplicial_subdivision")`` (validated input;
    any number of players). A grid vertex is accepted as it is when its regret is exactly
    zero (exact Fractions for exact games) or at most ``tol / 4`` of each player's payoff
    range; from a grid within 5 % of the range, the nearly best actions are tried as a
    support (:func:`~dealmodels.solvers._npoly.refine_on_support`).
    """
    import itertools
    from fractions import Fraction

    import numpy as np

    from dealmodels.solvers._npoly import _exact_check, normalised, refine_on_support
    from dealmodels.solvers._simpdiv import approximate
    from dealmodels.solvers.nash import _verified

    u = normalised(game.payoffs)
    exact = list(game.payoffs) if game.kind == "exact" else None
    offsets = np.concatenate([[0], np.cumsum(game.shape)]).astype(int)

    def accept(prof: tuple[Any, ...], grid: int, y: Any, regret: float) -> Any:
        if regret == 0.0 and exact is not None:
            q = tuple(
                np.array([Fraction(int(v), grid) for v in y[lo:hi]], dtype=object)
                for lo, hi in itertools.pairwise(offsets)
            )
            support = tuple(tuple(int(a) for a in np.flatnonzero(p != 0)) for p in q)
            if _exact_check(exact, q, support):
                return q
        if regret == 0.0:
            return prof
        if regret <= _GRID_REGRET_TO_REFINE:
            gaps = sorted({*(c * regret for c in (1.0, 4.0, 16.0)), 1e-3, 1e-5, 1e-7})
            found = refine_on_support(u, prof, tol=tol / 4, exact_payoffs=exact, gaps=gaps)
            if found is not None:
                return found
        return prof if regret <= tol / 4 else None

    from dealmodels.solvers._simpdiv import PathCapError

    try:
        found = approximate(u, accept=accept, max_total_steps=path_cap)
    except PathCapError:
        from dealmodels.errors import ConvergenceError, SolverError
        from dealmodels.solvers.quantal import logit_equilibrium

        try:
            eq = logit_equilibrium(game, tol)
            return _verified(game, eq.strategies, SIMPDIV_HANDOVER_METHOD, tol)
        except (ConvergenceError, SolverError, np.linalg.LinAlgError, FloatingPointError):
            # the logit trace failed too: simplicial subdivision again, without the cap
            found = approximate(u, accept=accept)
    return _verified(game, found, "simplicial_subdivision", tol)
