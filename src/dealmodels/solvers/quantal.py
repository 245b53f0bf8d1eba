r"""Logit quantal response equilibria (QRE) and the principal branch to a Nash equilibrium.

In a logit quantal response equilibrium with precision :math:`\lambda \ge 0` every player
plays each action with probability proportional to the exponential of its expected payoff:

.. math::

    \sigma_{ij} = \frac{\exp(\lambda\, u_i(j, \sigma_{-i}))}
                       {\sum_k \exp(\lambda\, u_i(k, \sigma_{-i}))} .

At :math:`\lambda = 0` the only solution is uniform play; as :math:`\lambda \to \infty` QRE
approach Nash equilibria. For a generic game the solutions starting at :math:`\lambda = 0`
form a unique smooth curve, the *principal branch*, which converges to one Nash equilibrium
(the logit solution, McKelvey and Palfrey 1995). The branch may bend back in
:math:`\lambda` (a "backward-bending" segment), so it is followed in arclength rather than
in :math:`\lambda` (Turocy 2005): with :math:`y_{ij} = \log \sigma_{ij}`, the curve is the
zero set of

.. math::

    H_{ij}(y, \lambda) = y_{ij} - y_{i0} - \lambda\,(u_i(j, \sigma_{-i}) - u_i(0,
    \sigma_{-i})) \ (j \ne 0), \qquad H_{i0} = \sum_j e^{y_{ij}} - 1,

traced by an Euler predictor along the tangent (the kernel of the Jacobian, oriented to
keep the direction of travel) and Newton corrector steps on the
Moore–Penrose system. Payoffs are scaled to :math:`[0, 1]` before tracing (``lam`` refers
to the game as given: scaling the payoffs by :math:`c` scales :math:`\lambda` by :math:`1/c`).

:func:`quantal_response` gives the QRE on the principal branch at one :math:`\lambda`,
:func:`logit_branch` the whole traced branch, and ``nash_equilibria(game,
method="logit")`` the Nash equilibrium at its end, refined on its support and verified.

References
----------
.. [1] R. D. McKelvey and T. R. Palfrey, "Quantal response equilibria for normal form
   games", *Games and Economic Behavior* 10 (1995), pp. 6-38.
.. [2] T. L. Turocy, "A dynamic homotopy interpretation of the logistic quantal response
   equilibrium correspondence", *Games and Economic Behavior* 51 (2005), pp. 243-263.
.. [3] E. L. Allgower and K. Georg, *Introduction to Numerical Continuation Methods*,
   SIAM, 2003, ch. 2 and 6 (predictor-corrector path following).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import check_int, check_nonnegative, check_positive, fail
from dealmodels.errors import ConvergenceError, UnsupportedGameError
from dealmodels.solvers._result import SolverResult

if TYPE_CHECKING:
    from dealmodels.games.normal_form import NormalFormGame
    from dealmodels.solvers.nash import Equilibrium

__all__ = ["LogitBranch", "QuantalResponseEquilibrium", "logit_branch", "quantal_response"]


@dataclass(frozen=True, eq=False)
class QuantalResponseEquilibrium(SolverResult):
    r"""A logit quantal response equilibrium, verified.

    Attributes
    ----------
    strategies : tuple of ndarray
        One probability vector per player (all entries positive); read-only.
    lam : float
        The precision :math:`\lambda`.
    payoffs : ndarray
        Expected payoff of each player; read-only.
    residual : float
        :math:`\max_{ij} |\sigma_{ij} - \mathrm{logit}_{ij}(\sigma)|`, the largest
        violation of the fixed-point equations (at most ``1e-9`` when returned); the
        verification residual of the shared solver core.
    method : str
        ``"logit_homotopy"`` (the principal branch traced from :math:`\lambda = 0`), or
        ``"uniform"`` when :math:`\lambda = 0` and nothing was traced.
    """

    strategies: tuple[NDArray[np.float64], ...]
    lam: float
    payoffs: NDArray[np.float64]
    residual: float
    method: str

    def __post_init__(self) -> None:
        strategies = tuple(np.array(s, dtype=np.float64) for s in self.strategies)
        for s in strategies:
            s.flags.writeable = False
        payoffs = np.array(self.payoffs, dtype=np.float64)
        payoffs.flags.writeable = False
        object.__setattr__(self, "strategies", strategies)
        object.__setattr__(self, "payoffs", payoffs)


@dataclass(frozen=True, eq=False)
class LogitBranch:
    r"""The traced principal branch of the logit QRE correspondence.

    Attributes
    ----------
    lams : ndarray
        :math:`\lambda` at each traced point, shape ``(K,)``, starting at 0 (not
        necessarily increasing: the branch may bend back); read-only.
    profiles : tuple of ndarray
        Per player, the strategies along the branch, shape ``(K, m_i)``; read-only.
    converged : bool
        True when the end of the branch is within ``tol`` regret of a Nash equilibrium.
    end_regret : float
        Regret of the last profile (in the game's own payoff units).
    """

    lams: NDArray[np.float64]
    profiles: tuple[NDArray[np.float64], ...]
    converged: bool
    end_regret: float

    def __post_init__(self) -> None:
        lams = np.array(self.lams, dtype=np.float64)
        lams.flags.writeable = False
        profiles = tuple(np.array(p, dtype=np.float64) for p in self.profiles)
        for p in profiles:
            p.flags.writeable = False
        object.__setattr__(self, "lams", lams)
        object.__setattr__(self, "profiles", profiles)

    def __len__(self) -> int:
        return len(self.lams)

    def at(self, k: int) -> tuple[NDArray[np.float64], ...]:
        """The profile at traced point ``k`` (one strategy per player)."""
        k = check_int("k", k, low=-len(self.lams), high=len(self.lams) - 1)
        return tuple(p[k] for p in self.profiles)


# -- kernel -----------------------------------------------------------------------------------


class _Game:
    """Float payoff tensors scaled to [0, 1] and the helpers the tracer needs."""

    def __init__(self, game: NormalFormGame) -> None:
        # one common affine map for all players (lam multiplies every player's payoffs),
        # exact for exact payoffs and through the largest |u| for floats, so that payoffs
        # near the float limit or beyond it (exact 10**400) do not overflow; span is the
        # common range in the game's units (inf when it exceeds the float range)
        if game.is_exact:
            flat = [v for p in game.payoffs for v in p.flat]
            lo_e, hi_e = min(flat), max(flat)
            span_e = hi_e - lo_e if hi_e > lo_e else 1
            self.u = [
                np.array([float((v - lo_e) / span_e) for v in p.flat]).reshape(p.shape)
                for p in game.payoffs
            ]
            try:
                self.span = float(span_e)
            except OverflowError:
                self.span = float("inf")
        else:
            raw = [np.asarray(p, dtype=np.float64) for p in game.payoffs]
            top = max(float(np.max(np.abs(a))) for a in raw) or 1.0
            u = [a / top for a in raw]
            lo = min(float(a.min()) for a in u)
            hi = max(float(a.max()) for a in u)
            unit_span = hi - lo if hi > lo else 1.0
            self.u = [(a - lo) / unit_span for a in u]
            with np.errstate(over="ignore"):
                self.span = float(np.float64(unit_span) * top)
        self.shape = game.shape
        self.n = len(self.shape)
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.size = int(self.offsets[-1])

    def split(self, z: NDArray[np.float64]) -> list[NDArray[np.float64]]:
        return [z[self.offsets[i] : self.offsets[i + 1]] for i in range(self.n)]

    def values_and_derivatives(
        self, sigma: list[NDArray[np.float64]]
    ) -> tuple[list[NDArray[np.float64]], NDArray[np.float64]]:
        """Action values :math:`u_i(j, \\sigma_{-i})` and their derivatives in every
        :math:`\\sigma_{kl}` (a (size, size) matrix, zero within a player's block)."""
        vals = []
        d = np.zeros((self.size, self.size))
        for i in range(self.n):
            t = np.moveaxis(self.u[i], i, 0)
            others = [k for k in range(self.n) if k != i]
            v = t
            for k in reversed(others):
                v = v @ sigma[k]
            vals.append(v)
            for k in others:
                block = _keep_two(t, k, sigma, others)
                d[self.offsets[i] : self.offsets[i + 1], self.offsets[k] : self.offsets[k + 1]] = (
                    block
                )
        return vals, d


def _keep_two(
    t: NDArray[np.float64],
    k: int,
    sigma: list[NDArray[np.float64]],
    others: list[int],
) -> NDArray[np.float64]:
    """:math:`\\partial u_i(j, \\sigma_{-i}) / \\partial \\sigma_{kl}` as an (m_i, m_k) array."""
    letters = "abcdefghijklmnop"
    axes = "Z" + "".join(letters[q] for q in range(len(others)))
    ops: list[Any] = [t]
    specs = [axes]
    keep = ""
    for pos, q in enumerate(others):
        if q == k:
            keep = letters[pos]
            continue
        ops.append(sigma[q])
        specs.append(letters[pos])
    return np.asarray(np.einsum(",".join(specs) + "->Z" + keep, *ops))


def _residual(g: _Game, y: NDArray[np.float64], lam: float) -> NDArray[np.float64]:
    sigma = g.split(np.exp(y))
    vals, _ = g.values_and_derivatives(sigma)
    out = []
    for i, ys in enumerate(g.split(y)):
        out.append(
            np.concatenate(
                [[np.exp(ys).sum() - 1.0], ys[1:] - ys[0] - lam * (vals[i][1:] - vals[i][0])]
            )
        )
    return np.concatenate(out)


def _jacobian(g: _Game, y: NDArray[np.float64], lam: float) -> NDArray[np.float64]:
    """(size, size + 1) Jacobian of H in (y, lam)."""
    sigma_full = np.exp(y)
    sigma = g.split(sigma_full)
    vals, dv = g.values_and_derivatives(sigma)
    jac = np.zeros((g.size, g.size + 1))
    for i in range(g.n):
        lo, hi = g.offsets[i], g.offsets[i + 1]
        jac[lo, lo:hi] = sigma[i]
        for j in range(1, hi - lo):
            r = lo + j
            jac[r, r] += 1.0
            jac[r, lo] -= 1.0
            # d/dy_kl of u_i(j) = (du_i(j)/dsigma_kl) sigma_kl
            jac[r, : g.size] -= lam * (dv[r] - dv[lo]) * sigma_full
            jac[r, g.size] = -(vals[i][j] - vals[i][0])
    return jac


def _tangent(jac: NDArray[np.float64]) -> NDArray[np.float64]:
    q, _ = np.linalg.qr(jac.T, mode="complete")
    t = q[:, -1]
    return np.asarray(t / np.linalg.norm(t))


def _regret(g: _Game, sigma: list[NDArray[np.float64]]) -> float:
    vals, _ = g.values_and_derivatives(sigma)
    return max(float(v.max() - v @ s) for v, s in zip(vals, sigma, strict=True))


@dataclass(frozen=True)
class _Trace:
    lams: list[float]
    ys: list[NDArray[np.float64]]
    converged: bool


def _trace(
    g: _Game,
    *,
    stop_lam: float | None,
    tol: float,
    max_steps: int,
    done: Callable[[NDArray[np.float64], float], bool] | None = None,
    first_step: float = 0.03,
    max_step: float = 1.0,
) -> _Trace:
    """Follow the principal branch from lam = 0 (scaled payoffs).

    Stops at ``stop_lam`` (the point is then exactly at that lam, by a corrector in y
    alone) or, with ``stop_lam`` None, when the regret is below ``tol``, or when
    ``done(y, lam)`` says so; returns unconverged on stalling or after ``max_steps``.
    """
    y = np.concatenate([np.full(m, -np.log(m)) for m in g.shape])
    lam = 0.0
    lams, ys = [lam], [y.copy()]
    step = first_step
    jac = _jacobian(g, y, lam)
    t = _tangent(jac)
    if t[-1] < 0:
        t = -t
    for _ in range(max_steps):
        accepted = False
        while not accepted:
            z = np.concatenate([y, [lam]]) + step * t
            ok = True
            with np.errstate(over="ignore", invalid="ignore"):
                for _it in range(6):
                    jz = _jacobian(g, z[:-1], z[-1])
                    h = _residual(g, z[:-1], z[-1])
                    if not (np.all(np.isfinite(jz)) and np.all(np.isfinite(h))):
                        ok = False  # the corrector diverged (exp overflowed): a smaller step
                        break
                    try:
                        dz = -np.linalg.pinv(jz) @ h
                    except np.linalg.LinAlgError:
                        ok = False
                        break
                    z = z + dz
                    if np.max(np.abs(dz)) < 1e-11:
                        break
                else:
                    ok = False
            dist = np.linalg.norm(z - np.concatenate([y, [lam]]))
            if ok and dist < 2.5 * step and np.max(np.abs(_residual(g, z[:-1], z[-1]))) < 1e-10:
                accepted = True
            else:
                step /= 2
                if step < 1e-10:  # stalled (degenerate game or extreme lam)
                    return _Trace(lams, ys, False)
        y_new, lam_new = z[:-1], float(z[-1])
        jac = _jacobian(g, y_new, lam_new)
        t_new = _tangent(jac)
        if t_new @ t < 0:  # keep the direction of travel (also straight through a bifurcation)
            t_new = -t_new
        if stop_lam is not None and lam_new >= stop_lam > lam:
            # land exactly on stop_lam: correct in y with lam fixed, from the interpolation
            frac = (stop_lam - lam) / (lam_new - lam)
            yy = y + frac * (y_new - y)
            for _it in range(30):
                h = _residual(g, yy, stop_lam)
                jy = _jacobian(g, yy, stop_lam)[:, :-1]
                try:
                    dy = np.linalg.solve(jy, -h)
                except np.linalg.LinAlgError:
                    return _Trace(lams, ys, False)  # singular at stop_lam: not converged
                yy = yy + dy
                if np.max(np.abs(dy)) < 1e-14:
                    break
            lams.append(stop_lam)
            ys.append(yy)
            return _Trace(lams, ys, True)
        y, lam, t = y_new, lam_new, t_new
        lams.append(lam)
        ys.append(y.copy())
        if stop_lam is None and _regret(g, g.split(np.exp(y))) <= tol:
            return _Trace(lams, ys, True)
        if done is not None and done(y, lam):
            return _Trace(lams, ys, True)
        step = min(step * 1.5, max_step * max(1.0, lam / 10.0))
    return _Trace(lams, ys, False)


# -- public API -------------------------------------------------------------------------------


def _check(game: object) -> NormalFormGame:
    from dealmodels.games.normal_form import NormalFormGame

    if not isinstance(game, NormalFormGame):
        raise UnsupportedGameError(f"game must be a NormalFormGame; got {type(game).__name__}")
    if game.kind == "symbolic":
        raise UnsupportedGameError(
            "game has symbolic payoffs; substitute values with game.subs(...) first"
        )
    return game


_LAM_RANGE_LIMIT = 1e6
r"""Largest :math:`\lambda` times the payoffs' range that :func:`quantal_response` follows.

On the principal branch a log-probability is about :math:`-\lambda\,\Delta` for an action
that loses :math:`\Delta` (in payoffs scaled to [0, 1]), so at :math:`\lambda \cdot
\text{range} = 10^6` its rounding, :math:`10^6 \cdot 2^{-52} \approx 2 \cdot 10^{-10}`,
reaches the corrector's acceptance residual of :math:`10^{-10}`: beyond it the branch cannot
be followed in double precision (measured on 18 random 2x2, 3x3 and 2x2x2 games, the battle
of the sexes and an asymmetric matching pennies: all 20 reached :math:`10^5`, 15 reached
:math:`10^6`, 12 reached :math:`10^7`; the others raised ConvergenceError after a stall or
10,000 steps, up to 7.6 s at :math:`3 \cdot 10^7`). In a regular game the QRE there is
within about :math:`1/(\lambda \cdot \text{range})` of the Nash equilibrium the branch
tends to, which ``nash_equilibria(game, method="logit")`` gives."""


def quantal_response(
    game: NormalFormGame, lam: float, *, max_steps: int = 10_000
) -> QuantalResponseEquilibrium:
    r"""The logit QRE on the principal branch at precision ``lam``.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players, float or exact payoffs (solved in floating point).
    lam : float
        Precision :math:`\lambda \ge 0` in the game's payoff units (0: uniform play).
    max_steps : int, default 10000
        Largest number of predictor-corrector steps.

    Returns
    -------
    QuantalResponseEquilibrium
        The point of the principal branch at ``lam``; where the branch bends back, the
        first point at which it reaches ``lam``.

    Raises
    ------
    InvalidParameterError
        If ``lam`` is negative or not finite, if ``lam`` times the payoffs' range exceeds
        :math:`10^6` (refused before any step, naming the largest ``lam`` the game
        allows: beyond it the branch cannot be followed in double precision), or if
        ``max_steps`` is not a positive integer.
    UnsupportedGameError
        If the game has symbolic payoffs.
    ConvergenceError
        If the branch does not reach ``lam`` within ``max_steps`` steps.

    Notes
    -----
    Solves :math:`\sigma_{ij} = e^{\lambda u_i(j, \sigma_{-i})} / \sum_k e^{\lambda
    u_i(k, \sigma_{-i})}` by following the branch from :math:`\lambda = 0` (module
    docstring; McKelvey and Palfrey 1995, Turocy 2005).

    References
    ----------
    .. [1] R. D. McKelvey and T. R. Palfrey, "Quantal response equilibria for normal
       form games", *Games and Economic Behavior* 10 (1995), pp. 6-38.

    Examples
    --------
    Matching pennies: the QRE is uniform play at every precision.

    >>> from dealmodels import NormalFormGame
    >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> q = quantal_response(mp, 2.0)
    >>> [round(float(p), 6) for p in q.strategies[0]]
    [0.5, 0.5]
    """
    g0 = _check(game)
    check_nonnegative("lam", lam)
    steps = check_int("max_steps", max_steps, low=1)
    g = _Game(g0)
    with np.errstate(over="ignore"):  # lam = 0 is uniform play even when the range is inf
        scaled = float(np.float64(lam) * g.span) if lam != 0 else 0.0
    if not scaled <= _LAM_RANGE_LIMIT:  # also an infinite product (payoffs near the float limit)
        most = _LAM_RANGE_LIMIT / g.span
        allowed = f"lam <= {most:.6g} here" if most > 0 else "no lam > 0 here"
        raise fail(
            "lam",
            f"small enough that lam times the payoffs' range is at most {_LAM_RANGE_LIMIT:g} "
            f"({allowed}: the payoffs span {g.span:.6g}, so lam * range = {scaled:.6g}); "
            "beyond it the logit branch's log-probabilities are finer than double precision "
            "resolves, and the QRE is within about 1/(lam * range) of the Nash equilibrium "
            "the branch tends to: use nash_equilibria(game, method='logit') for it",
            lam,
        )
    if scaled == 0.0:
        y = np.concatenate([np.full(m, -np.log(m)) for m in g.shape])
    else:
        tr = _trace(g, stop_lam=scaled, tol=0.0, max_steps=steps)
        if not tr.converged:
            raise ConvergenceError(
                f"the logit branch did not reach lam={lam!r} within max_steps={steps} "
                f"(it got to lam={max(tr.lams) / g.span:.6g})"
            )
        y = tr.ys[-1]
    sigma = g.split(np.exp(y))
    residual = _logit_residual(g, sigma, scaled)
    if residual > 1e-9:
        raise ConvergenceError(
            f"the QRE at lam={lam!r} failed verification (fixed-point residual {residual:.3g})"
        )
    from dealmodels.games.profiles import expected_payoffs

    return QuantalResponseEquilibrium(
        strategies=tuple(sigma),
        lam=float(lam),
        payoffs=expected_payoffs(g0, tuple(sigma))
        if not g0.is_exact
        else expected_payoffs(g0.as_float(), tuple(sigma)),
        residual=residual,
        method="uniform" if scaled == 0.0 else "logit_homotopy",
    )


def _logit_residual(g: _Game, sigma: list[NDArray[np.float64]], lam: float) -> float:
    vals, _ = g.values_and_derivatives(sigma)
    worst = 0.0
    for v, s in zip(vals, sigma, strict=True):
        w = np.exp(lam * (v - v.max()))
        worst = max(worst, float(np.max(np.abs(w / w.sum() - s))))
    return worst


def logit_branch(
    game: NormalFormGame,
    *,
    max_lam: float | None = None,
    tol: float = 1e-6,
    max_steps: int = 10_000,
) -> LogitBranch:
    r"""The principal branch of logit QRE from :math:`\lambda = 0`.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players, float or exact payoffs.
    max_lam : float, optional
        Stop when the branch reaches this precision (game payoff units). Default: follow
        the branch until its profile is within ``tol`` regret of a Nash equilibrium.
    tol : float, default 1e-6
        Regret (relative to the payoff range) at which the trace counts as converged.
    max_steps : int, default 10000
        Largest number of predictor-corrector steps.

    Returns
    -------
    LogitBranch
        The traced points; ``converged`` tells whether the stopping rule was met.

    Raises
    ------
    InvalidParameterError
        If ``max_lam`` is not positive, ``tol`` is not positive or ``max_steps`` is not
        a positive integer.
    UnsupportedGameError
        If the game has symbolic payoffs.

    Notes
    -----
    Arclength continuation of :math:`H(y, \lambda) = 0` in log-probabilities (module
    docstring; Turocy 2005).

    References
    ----------
    .. [1] T. L. Turocy, "A dynamic homotopy interpretation of the logistic quantal
       response equilibrium correspondence", *Games and Economic Behavior* 51 (2005),
       pp. 243-263.

    Examples
    --------
    >>> from dealmodels import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> b = logit_branch(pd)
    >>> b.converged, [round(float(p), 3) for p in b.at(-1)[0]]
    (True, [0.0, 1.0])
    """
    g0 = _check(game)
    if max_lam is not None:
        check_positive("max_lam", max_lam)
    check_positive("tol", tol)
    steps = check_int("max_steps", max_steps, low=1)
    g = _Game(g0)
    tr = _trace(
        g,
        stop_lam=None if max_lam is None else float(max_lam) * g.span,
        tol=float(tol),
        max_steps=steps,
    )
    ys = np.array(tr.ys)
    sig = np.exp(ys)
    profiles = tuple(sig[:, g.offsets[i] : g.offsets[i + 1]] for i in range(g.n))
    end = g.split(sig[-1])
    return LogitBranch(
        lams=np.array(tr.lams) / g.span,
        profiles=profiles,
        converged=tr.converged,
        end_regret=_regret(g, end) * g.span,
    )


def _refine(
    game: NormalFormGame, g: _Game, y: NDArray[np.float64], tol: float
) -> tuple[NDArray[Any], ...] | None:
    """The Nash equilibrium near a QRE: keep the (nearly) best actions, solve their
    indifference system by Newton's method, and accept it if its regret is within tol."""
    from dealmodels.solvers._npoly import normalised, refine_on_support

    return refine_on_support(
        normalised(game.payoffs),
        g.split(np.exp(y)),
        tol=tol,
        exact_payoffs=list(game.payoffs) if game.is_exact else None,
    )


def logit_equilibrium(game: NormalFormGame, tol: float) -> Equilibrium:
    """One Nash equilibrium: the end of the principal branch, refined on its support.

    Used by ``nash_equilibria(game, method="logit")`` (validated input).
    """
    from dealmodels.solvers.nash import _verified

    g = _Game(game)
    found: list[tuple[NDArray[Any], ...]] = []
    checked = [0.0]

    def done(y: NDArray[np.float64], lam: float) -> bool:
        if lam < 2.0 * checked[0] + 1.0:  # try refinement at geometrically spaced lam
            return False
        checked[0] = lam
        prof = _refine(game, g, y, tol)
        if prof is not None:
            found.append(prof)
            return True
        return False

    tr = _trace(g, stop_lam=None, tol=1e-12, max_steps=20_000, done=done)
    if not found:
        prof = _refine(game, g, tr.ys[-1], tol)
        if prof is None:
            raise ConvergenceError(
                "the logit branch did not lead to a Nash equilibrium (traced to "
                f"lam={tr.lams[-1] / g.span:.6g}); the game may be degenerate"
            )
        found.append(prof)
    return _verified(game, found[0], "logit", tol)
