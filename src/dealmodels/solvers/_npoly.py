r"""Private kernel: all Nash equilibria of an n-player game by support enumeration.

For a support profile :math:`S = (S_1, \dots, S_n)` the equilibria with exactly that
support are the solutions of the *indifference system*

.. math::

    u_i(a, \sigma_{-i}) = u_i(s_i, \sigma_{-i}) \quad (a \in S_i \setminus \{s_i\}), \qquad
    \sum_{a \in S_i} \sigma_i(a) = 1, \qquad \sigma_i(a) > 0 \ (a \in S_i)

(:math:`s_i` the first action of :math:`S_i`), together with the inequalities
:math:`u_i(b, \sigma_{-i}) \le u_i(s_i, \sigma_{-i})` for :math:`b \notin S_i`. Writing
:math:`\sigma_i(s_i) = 1 - \sum_l x_{i,l}` and :math:`\sigma_i(S_{i,l}) = x_{i,l}`, the
equalities are :math:`\sum_i (|S_i| - 1)` polynomial equations in as many unknowns,
multilinear across players (degree at most :math:`n - 1`). Each system is solved exactly
(a lex Gröbner basis over :math:`\mathbb{Q}` and real-root isolation of its univariate
elements); rational roots stay exact, irrational ones are refined by Newton's method in
floating point. A system with a positive-dimensional solution set is reported, not solved.

Supports are visited in the order of Porter, Nudelman and Shoham (2008): by total size,
then by balance (largest difference of two players' sizes), with backtracking over the
players and iterated removal of conditionally strictly dominated actions (an action
dominated by another pure action against every profile of the opponents' remaining
actions cannot be in the support).

References
----------
.. [1] R. Porter, E. Nudelman and Y. Shoham, "Simple search methods for finding a Nash
   equilibrium", *Games and Economic Behavior* 63 (2008), pp. 642-662.
.. [2] R. D. McKelvey and A. McLennan, "The maximal number of regular totally mixed Nash
   equilibria", *Journal of Economic Theory* 72 (1997), pp. 411-425.
.. [3] D. Cox, J. Little and D. O'Shea, *Ideals, Varieties, and Algorithms*, 4th ed.,
   Springer, 2015, ch. 2-3 (lex Gröbner bases and elimination).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np
from numpy.typing import NDArray

Support = tuple[tuple[int, ...], ...]

_ROOT_EPS = Fraction(1, 10**12)  # irrational roots: isolated, refined to this, then Newton


@dataclass(frozen=True)
class SupportResult:
    """Candidate profiles of one support and whether its system was positive-dimensional."""

    profiles: list[tuple[NDArray[Any], ...]]
    continuum: bool


# -- support ordering and pruning ---------------------------------------------------------


def size_vectors(shape: Sequence[int]) -> list[tuple[int, ...]]:
    """Support-size vectors ordered by total size, then balance (Porter et al. 2008)."""
    sizes = list(itertools.product(*(range(1, m + 1) for m in shape)))
    return sorted(sizes, key=lambda x: (sum(x), max(x) - min(x), x))


def _dominated(u: NDArray[np.float64], player: int, domains: Sequence[Sequence[int]]) -> set[int]:
    """Actions in ``player``'s domain strictly dominated by some action of the player
    against every opponent profile in the others' domains (conditional dominance).

    The reference definition (one numpy comparison per call); :func:`supports` uses the
    same test on bitmasks (:class:`_Dominance`).
    """
    idx = [list(d) for d in domains]
    idx[player] = list(range(u.shape[player]))
    sub = np.moveaxis(u[np.ix_(*idx)], player, 0).reshape(u.shape[player], -1)
    own = list(domains[player])
    beats = np.all(sub[:, None, :] > sub[None, own, :], axis=2)  # (dominator, own action)
    return {a for a, hit in zip(own, beats.any(axis=0).tolist(), strict=True) if hit}


def _front(a: NDArray[Any], i: int) -> NDArray[Any]:
    """``np.moveaxis(a, i, 0)`` as one transpose (without moveaxis' argument checks)."""
    return a.transpose([i, *(k for k in range(a.ndim) if k != i)])


def _bits(flags: NDArray[np.bool_]) -> int:
    """A boolean vector as a Python int bitmask (bit ``k`` = ``flags[k]``)."""
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


class _Dominance:
    r"""Conditional strict dominance on bitmasks, for the support search.

    For player :math:`i`, bit :math:`r` of ``beats[i][a][b]`` says
    :math:`u_i(a, s_{-i}^r) > u_i(b, s_{-i}^r)` at the :math:`r`-th opponent profile, and
    ``slices[i][j][c]`` marks the opponent profiles in which opponent :math:`j` plays
    :math:`c`. With the players' remaining actions as bitmasks (``domains``), the opponent
    box is :math:`\bigwedge_{j \ne i} \bigvee_{c \in D_j}` ``slices[i][j][c]``, and
    :math:`b` is dominated iff ``beats[i][a][b] & box == box`` for some :math:`a`: the
    test of :func:`_dominated`, a few integer operations per pair, memoised per domain
    profile. Comparisons are on the exact payoffs when they are exact (Python ints).
    """

    def __init__(self, payoffs: Sequence[NDArray[Any]]) -> None:
        self.shape = tuple(payoffs[0].shape)
        n = len(self.shape)
        self.beats: list[list[list[int]]] = []
        self.slices: list[dict[int, list[int]]] = []
        for i in range(n):
            u = _front(np.asarray(payoffs[i]), i).reshape(self.shape[i], -1)
            gt = u[:, None, :] > u[None, :, :]
            m = self.shape[i]
            grid = np.indices([self.shape[j] for j in range(n) if j != i]).reshape(n - 1, -1)
            opp = [j for j in range(n) if j != i]
            if gt.shape[2] <= 62:  # bitmasks fit in int64: one matrix product
                w = np.left_shift(1, np.arange(gt.shape[2], dtype=np.int64))
                self.beats.append((gt.astype(np.int64) @ w).tolist())
                self.slices.append(
                    {
                        j: ((grid[q][None, :] == np.arange(self.shape[j])[:, None]) @ w).tolist()
                        for q, j in enumerate(opp)
                    }
                )
                continue
            self.beats.append([[_bits(gt[a, b]) for b in range(m)] for a in range(m)])
            self.slices.append(
                {j: [_bits(grid[q] == c) for c in range(self.shape[j])] for q, j in enumerate(opp)}
            )
        self._cache: dict[tuple[int, tuple[int, ...]], int] = {}
        #: :func:`_irsds` results by (number of assigned players, domains)
        self.reduced: dict[tuple[int, tuple[int, ...]], tuple[int, ...] | None] = {}

    def dominated(self, i: int, domains: Sequence[int]) -> int:
        """Bitmask of player ``i``'s actions in ``domains[i]`` that are dominated."""
        key = (i, tuple(domains))
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        box = -1
        for j, per_action in self.slices[i].items():
            union, d, c = 0, domains[j], 0
            while d:
                if d & 1:
                    union |= per_action[c]
                d >>= 1
                c += 1
            box &= union
        out = 0
        beats = self.beats[i]
        m = self.shape[i]
        for b in range(m):
            if domains[i] >> b & 1 and any(a != b and beats[a][b] & box == box for a in range(m)):
                out |= 1 << b
        self._cache[key] = out
        return out


def supports(payoffs: Sequence[NDArray[Any]]) -> Iterator[Support]:
    """Support profiles that survive conditional dominance, in Porter et al.'s order.

    ``payoffs`` are integer (or float) tensors; dominance is strict.
    """
    shape = payoffs[0].shape
    n = len(shape)
    dom = _Dominance(payoffs)
    full = [(1 << m) - 1 for m in shape]
    for sizes in size_vectors(shape):
        yield from _backtrack(dom, sizes, [], full, n)


def _irsds(
    dom: _Dominance, assigned: Sequence[tuple[int, ...]], domains: list[int]
) -> list[int] | None:
    """Iterated removal of conditionally dominated actions; None if an assigned action goes.

    Domains are bitmasks; the first ``len(assigned)`` players' are their chosen supports.
    """
    doms = [sum(1 << a for a in s) for s in assigned] + list(domains[len(assigned) :])
    key = (len(assigned), tuple(doms))
    if key in dom.reduced:
        hit = dom.reduced[key]
        return None if hit is None else list(hit)
    # cycle through the players until n in a row are unchanged (a player's own removals
    # cannot make more of its actions dominated: the dominators are all its actions)
    n, fixed = len(doms), len(assigned)
    i = clean = 0
    while clean < n:
        bad = dom.dominated(i, doms)
        if bad:
            if i < fixed:
                dom.reduced[key] = None
                return None
            doms[i] &= ~bad
            clean = 1
        else:
            clean += 1
        i = i + 1 if i + 1 < n else 0
    dom.reduced[key] = tuple(doms)
    return doms


def _members(mask: int) -> list[int]:
    return [a for a in range(mask.bit_length()) if mask >> a & 1]


def _backtrack(
    dom: _Dominance,
    sizes: tuple[int, ...],
    assigned: list[tuple[int, ...]],
    domains: list[int],
    n: int,
) -> Iterator[Support]:
    i = len(assigned)
    if i == n:
        yield tuple(assigned)
        return
    members = _members(domains[i])
    if len(members) < sizes[i]:
        return
    for s in itertools.combinations(members, sizes[i]):
        trial = [*assigned, s]
        doms = _irsds(dom, trial, domains)
        if doms is None or any(doms[j].bit_count() < sizes[j] for j in range(i + 1, n)):
            continue
        yield from _backtrack(dom, sizes, trial, doms, n)


# -- the indifference system ----------------------------------------------------------------


def _change_of_basis(k: int) -> NDArray[Any]:
    """:math:`T` with :math:`\\sigma = T m`, :math:`m = (1, x_1, \\dots, x_{k-1})`."""
    t = np.zeros((k, k), dtype=object)
    t[:, :] = 0
    t[0, 0] = 1
    for col in range(1, k):
        t[0, col] = -1
        t[col, col] = 1
    return t


def _system(u: Sequence[NDArray[Any]], support: Support) -> list[dict[tuple[int, ...], Any]]:
    r"""The indifference polynomials as {exponent tuple: coefficient} dicts.

    The unknowns are :math:`x_{j,l}` for the mixed players :math:`j` in order and
    :math:`l = 1, \dots, |S_j| - 1`.
    """
    blocks, sizes = _blocks(u, support)
    mixed = [j for j, s in enumerate(support) if len(s) > 1]
    start = dict(zip(mixed, np.cumsum([0] + [k - 1 for k in sizes]).tolist(), strict=False))
    n_vars = sum(k - 1 for k in sizes)
    polys: list[dict[tuple[int, ...], Any]] = []
    for i, c in blocks:
        others = [j for j in mixed if j != i]
        for row in c:
            poly: dict[tuple[int, ...], Any] = {}
            for mono in itertools.product(*(range(len(support[j])) for j in others)):
                coef = row[mono] if mono else row
                if coef == 0:
                    continue
                exps = [0] * n_vars
                for j, pos in zip(others, mono, strict=True):
                    if pos > 0:
                        exps[start[j] + pos - 1] = 1
                poly[tuple(exps)] = coef
            polys.append(poly)
    return polys


def _hidden_profile(
    qv: list[Any],
    pv: list[Any],
    st: tuple[Any, Any],
    players: tuple[int, int, int],
    mixed: Any,
    support: Any,
    shape: Any,
) -> Any:
    """The profile of a hidden-variable root: player ``k`` mixes ``(1 - s - t, s, t)`` and
    players ``j``, ``i`` the normalised ``qv``, ``pv`` (None where either sums to 0)."""
    s, t = st
    i, j, k = players
    sq, sp = sum(qv), sum(pv)
    if sq == 0 or sp == 0:
        return None
    full = {j: [v / sq for v in qv], i: [v / sp for v in pv], k: [1 - s - t, s, t]}
    vals: list[Any] = []
    for pl in mixed:
        vals.extend(float(v) for v in full[pl][1:])
    return _profile(vals, support, shape)


def _profile(
    values: Sequence[Any], support: Support, shape: Sequence[int]
) -> tuple[NDArray[Any], ...]:
    """Full mixed strategies from the unknowns (exact if every value is a Fraction)."""
    exact = all(isinstance(v, Fraction) for v in values)
    zero, one = (Fraction(0), Fraction(1)) if exact else (0.0, 1.0)
    out = []
    k = 0
    for j, s in enumerate(support):
        xs = [v if exact else float(v) for v in values[k : k + len(s) - 1]]
        k += len(s) - 1
        row = [zero] * shape[j]
        row[s[0]] = one - sum(xs, zero)
        for a, x in zip(s[1:], xs, strict=True):
            row[a] = x
        out.append(np.array(row, dtype=object if exact else np.float64))
    return tuple(out)


# -- solving ----------------------------------------------------------------------------------


def _blocks(
    u: Sequence[NDArray[Any]], support: Support
) -> tuple[list[tuple[int, NDArray[Any]]], list[int]]:
    """Per player with a mixed support: (player, coefficients over the other mixed players'
    monomials), and the mixed players' support sizes."""
    mixed = [j for j, s in enumerate(support) if len(s) > 1]
    idx = [list(t) for t in support]
    out = []
    for i in mixed:
        sub = np.moveaxis(u[i][np.ix_(*idx)], i, 0)  # (k_i, k_others...)
        c = sub[1:] - sub[0]
        for j in range(len(support)):
            if j == i:
                continue
            if len(support[j]) == 1:
                c = c[:, 0]  # drop the pure player's axis (always axis 1 here)
                continue
            # contract this player's axis (axis 1); the monomial axis goes last
            c = np.tensordot(c, _change_of_basis(len(support[j])), axes=([1], [0]))
        out.append((i, c))
    return out, [len(support[j]) for j in mixed]


def solve_support(
    u: Sequence[NDArray[Any]], support: Support, *, groebner_max: int = 3
) -> SupportResult:
    """All real solutions of the support's indifference system.

    ``u`` are exact (Fraction or int) payoff tensors. Systems with at most
    ``groebner_max`` unknowns are solved exactly (rational solutions stay Fractions,
    positive-dimensional systems are reported); larger ones by homotopy continuation
    (float solutions). The inequalities and positivity are not checked here.
    """
    shape = u[0].shape
    n_vars = sum(len(s) - 1 for s in support)
    if n_vars == 0:
        return SupportResult([_profile([], support, shape)], False)
    if n_vars > groebner_max:
        return solve_batch(u, [support])[0]
    polys = _system(u, support)
    from sympy import QQ
    from sympy.polys.groebnertools import groebner
    from sympy.polys.orderings import lex
    from sympy.polys.rings import ring

    names = [f"x{k}" for k in range(n_vars)]
    r, *_ = ring(",".join(names), QQ, lex)
    elems = [r.from_dict({k: QQ(int(v)) for k, v in p.items()}) for p in polys if p]
    gb = groebner(elems, r) if elems else []
    if any(g.is_ground and g != 0 for g in gb):
        return SupportResult([], False)
    if not _zero_dimensional(gb, n_vars):
        return SupportResult([], True)
    solutions = _triangular(gb, n_vars)
    return SupportResult([_profile(sol, support, shape) for sol in solutions], False)


def solve_batch(u: Sequence[NDArray[Any]], batch: Sequence[Support]) -> list[SupportResult]:
    """Solve supports of one size vector together by homotopy (float solutions)."""
    from dealmodels.solvers._homotopy import Block, solve

    shape = u[0].shape
    support0 = batch[0]
    mixed = [j for j, s in enumerate(support0) if len(s) > 1]
    pos = {j: q for q, j in enumerate(mixed)}
    results: list[SupportResult | None] = [None] * len(batch)
    coefs: list[list[NDArray[Any]]] = []
    keep: list[int] = []
    for b, support in enumerate(batch):
        raw, _ = _blocks(u, support)
        if len(mixed) == 1:  # constant equations: all zero (indifferent) or no solution
            results[b] = SupportResult([], bool(np.all(raw[0][1] == 0)))
            continue
        coefs.append([np.asarray(c, dtype=np.float64) for _, c in raw])
        keep.append(b)
    if keep:
        sizes = [len(support0[j]) for j in mixed]
        blocks = [
            Block(
                np.stack([cs[q] for cs in coefs]).astype(complex),
                tuple(pos[j] for j in mixed if j != i),
            )
            for q, i in enumerate(mixed)
        ]
        roots = solve(blocks, sizes)
        for k, b in enumerate(keep):
            support = batch[b]
            out = []
            continuum = False
            for x, reg in zip(roots.points[k], roots.regular[k], strict=True):
                if np.max(np.abs(x.imag)) > 1e-6 * (1 + np.max(np.abs(x))):
                    continue
                prof = _profile(list(x.real), support, shape)
                if not reg:
                    positive = all(
                        np.all(p[list(s)] > 1e-9) for p, s in zip(prof, support, strict=True)
                    )
                    continuum |= positive
                    continue
                out.append(prof)
            results[b] = SupportResult(out, continuum)
    return [r if r is not None else SupportResult([], False) for r in results]


def _zero_dimensional(gb: Sequence[Any], n_vars: int) -> bool:
    pure = set()
    for g in gb:
        lm = g.LM
        nz = [k for k, e in enumerate(lm) if e]
        if len(nz) == 1:
            pure.add(nz[0])
    return len(pure) == n_vars


def _triangular(gb: Sequence[Any], n_vars: int) -> list[list[Any]]:
    """Real solutions of a zero-dimensional lex Gröbner basis, last variable first.

    Values are Fractions while every root so far is rational, floats after the first
    irrational root.
    """
    partial: list[list[Any]] = [[]]  # values of x_{v+1}, ..., x_{N-1}, in that order
    for v in range(n_vars - 1, -1, -1):
        layer = [g for g in gb if all(e == 0 for e in g.LM[:v]) and _involves(g, v)]
        nxt: list[list[Any]] = []
        for known in partial:
            for root in _univariate_roots(layer, v, known, n_vars):
                nxt.append([root, *known])
        partial = nxt
        if not partial:
            break
    return partial


def _involves(g: Any, v: int) -> bool:
    return any(m[v] > 0 for m in g.monoms())


def _univariate_roots(
    layer: Sequence[Any], v: int, known: Sequence[Any], n_vars: int
) -> list[Any]:
    """Real roots in x_v of the layer's polynomials with x_{v+1..} = known."""
    exact = all(isinstance(k, Fraction) for k in known)
    polys: list[dict[int, Any]] = []
    for g in layer:
        coeffs: dict[int, Any] = {}
        for mono, c in g.terms():
            term: Any = Fraction(int(c.numerator), int(c.denominator)) if exact else float(c)
            for w in range(v + 1, n_vars):
                if mono[w]:
                    term = term * (known[w - v - 1] ** mono[w])
            coeffs[mono[v]] = coeffs.get(mono[v], 0) + term
        polys.append(coeffs)
    if exact:
        return _exact_roots(polys)
    return _float_roots(polys)


def _exact_roots(polys: Sequence[dict[int, Any]]) -> list[Any]:
    from sympy import QQ, Poly, Symbol, gcd

    x = Symbol("x")
    h = None
    for p in polys:
        deg = max((d for d, c in p.items() if c != 0), default=-1)
        if deg < 0:
            continue
        coeffs = [
            QQ(p.get(d, 0).numerator, p.get(d, 0).denominator) if p.get(d, 0) else QQ(0)
            for d in range(deg, -1, -1)
        ]
        poly = Poly(coeffs, x, domain=QQ)
        h = poly if h is None else gcd(h, poly)
    if h is None or h.degree() <= 0:
        return []
    out: list[Any] = []
    for factor, _ in h.factor_list()[1]:
        if factor.degree() == 1:
            a, b = factor.all_coeffs()
            q = -b / a
            out.append(Fraction(int(q.numerator), int(q.denominator)))
            continue
        for (lo, hi), _mult in factor.intervals(eps=_ROOT_EPS):
            out.append((float(lo) + float(hi)) / 2.0)
    return out


def _float_roots(polys: Sequence[dict[int, Any]]) -> list[float]:
    best = None
    for p in polys:
        deg = max((d for d, c in p.items() if abs(c) > 0), default=-1)
        if deg <= 0:
            continue
        if best is None or deg < best[0]:
            best = (deg, p)
    if best is None:
        return []
    deg, p = best
    coeffs = np.array([float(p.get(d, 0.0)) for d in range(deg, -1, -1)])
    roots = np.roots(coeffs)
    scale = max(1.0, float(np.max(np.abs(roots)))) if len(roots) else 1.0
    out = []
    for z in roots:
        if abs(z.imag) > 1e-7 * scale:
            continue
        x = float(z.real)
        ok = True
        for q in polys:
            mag = sum(abs(float(c)) * abs(x) ** d for d, c in q.items())
            val = sum(float(c) * x**d for d, c in q.items())
            if abs(val) > 1e-6 * max(mag, 1e-300):
                ok = False
                break
        if ok:
            out.append(x)
    return out


# -- structured supports: two or three players mixing --------------------------------------
#
# With only players i and j mixing, i's indifference equations are linear in sigma_j and
# j's in sigma_i: two square linear systems when |S_i| = |S_j| (the two-player case). With
# three players i, j, k mixing and |S_k| = 2, sigma_k = (1 - t, t): given t, i's equations
# are linear in sigma_j and j's in sigma_i, so by Cramer's rule sigma_j is proportional to
# the signed maximal minors q(t) of i's (m - 1) x m coefficient matrix D_i(t) (affine in t),
# sigma_i to those of D_j(t), and k's single equation becomes one polynomial
# P(t) = p(t)^T D_k q(t) of degree at most 2 (m - 1).

Poly = list[int]


def _padd(a: Poly, b: Poly) -> Poly:
    out = [0] * max(len(a), len(b))
    for k, v in enumerate(a):
        out[k] += v
    for k, v in enumerate(b):
        out[k] += v
    return out


def _pmul(a: Poly, b: Poly) -> Poly:
    if not a or not b:
        return []
    out = [0] * (len(a) + len(b) - 1)
    for k, v in enumerate(a):
        if v:
            for m, w in enumerate(b):
                out[k + m] += v * w
    return out


def _pdet(mat: list[list[Poly]]) -> Poly:
    """Determinant of a square matrix of integer polynomials (Laplace on the first row)."""
    n = len(mat)
    if n == 0:
        return [1]
    if n == 1:
        return mat[0][0]
    out: Poly = []
    for c in range(n):
        if not any(mat[0][c]):
            continue
        minor = [row[:c] + row[c + 1 :] for row in mat[1:]]
        term = _pmul(mat[0][c], _pdet(minor))
        out = _padd(out, term if c % 2 == 0 else [-v for v in term])
    return out


def _minors(d: list[list[Poly]]) -> list[Poly]:
    """Signed maximal minors of an (m - 1) x m polynomial matrix: ``q`` with ``d q = 0``
    and :math:`\\sum_r q_r = \\det [d; \\mathbf 1^T]` (Cramer's rule)."""
    m = len(d) + 1
    out = []
    for r in range(m):
        sub = [row[:r] + row[r + 1 :] for row in d]
        det = _pdet(sub)
        out.append(det if (m - 1 + r) % 2 == 0 else [-v for v in det])
    return out


def _peval(p: Sequence[Any], t: Any) -> Any:
    acc: Any = 0
    for v in reversed(p):
        acc = acc * t + v
    return acc


def _restricted(
    u: Sequence[NDArray[Any]], support: Support, i: int, keep: Sequence[int]
) -> NDArray[Any]:
    """Player ``i``'s payoffs on the support, pure players' axes dropped; axes ``(i, *keep)``
    (``keep`` the other mixed players, in player order)."""
    sub = u[i]
    for axis, s in enumerate(support):
        if len(s) != sub.shape[axis]:
            sub = sub.take(s, axis=axis)
    order = [i, *keep]
    rest = [a for a in range(len(support)) if a not in order]
    sub = sub.transpose(order + rest)
    return sub.reshape(sub.shape[: len(order)])


def _solve_linear_exact(mat: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Gauss-Jordan elimination in Fractions; None if singular."""
    n = len(mat)
    a = [[Fraction(v) for v in row] + [Fraction(b)] for row, b in zip(mat, rhs, strict=True)]
    for c in range(n):
        p = next((r for r in range(c, n) if a[r][c] != 0), None)
        if p is None:
            return None
        a[c], a[p] = a[p], a[c]
        piv = a[c][c]
        a[c] = [v / piv for v in a[c]]
        for r in range(n):
            if r != c and a[r][c] != 0:
                f = a[r][c]
                a[r] = [v - f * w for v, w in zip(a[r], a[c], strict=True)]
    return [a[r][n] for r in range(n)]


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank of a Fraction matrix (Gaussian elimination)."""
    a = [list(r) for r in rows]
    rank, n_cols = 0, len(a[0]) if a else 0
    for c in range(n_cols):
        p = next((r for r in range(rank, len(a)) if a[r][c] != 0), None)
        if p is None:
            continue
        a[rank], a[p] = a[p], a[rank]
        for r in range(rank + 1, len(a)):
            if a[r][c] != 0:
                f = a[r][c] / a[rank][c]
                a[r] = [v - f * w for v, w in zip(a[r], a[rank], strict=True)]
        rank += 1
    return rank


Screen = Callable[[tuple[NDArray[Any], ...]], bool]


def solve_structured(
    u: Sequence[NDArray[Any]], support: Support, screen: Screen | None = None
) -> SupportResult | None:
    """The support's solutions when two or three players mix (see above), or None.

    ``u`` are integer payoff tensors (Python ints). Two mixed players of equal support
    size: both linear systems solved exactly (Fractions); None if either is singular.
    Two of different sizes: the larger one's system in the smaller one's mix is
    overdetermined; no solution if it is inconsistent (exact rank test), else None.
    Three mixed players, one of them (``k``) with two actions and the other two with
    equal sizes: the real roots of :math:`P` in (0, 1), exact (Fractions) when rational,
    else floats. Three mixed players, ``k`` on three actions and the others on two: the
    common roots of ``k``'s two quadratic equations in :math:`\\sigma_k = (1 - s - t, s, t)`,
    :math:`t` from their resultant in :math:`s` (floats; see :func:`_solve_three_by_two`).
    None when :math:`P \\equiv 0` (or the resultant), a determinant vanishes identically,
    or all minors vanish together somewhere in the strategy region (then the system may
    have solutions the formula misses); the general route handles those supports. Returned
    candidates still need the positivity, inequality and regret checks of the caller.

    ``screen`` (optional) is a loose float test of a candidate profile (probabilities and
    regret within about 1e-6; see :func:`enumerate_equilibria`): the exact work (exact
    linear solves, rational roots) is done only for float candidates that pass it, and
    candidates that fail it are dropped.
    """
    shape = u[0].shape
    mixed = [j for j, s in enumerate(support) if len(s) > 1]
    if len(mixed) == 2:
        i, j = mixed
        if len(support[i]) != len(support[j]):
            # the larger support's player: |S| equations in the smaller mix's unknowns
            me, other = (i, j) if len(support[i]) > len(support[j]) else (j, i)
            sub = _restricted(u, support, me, [other])
            rows = [
                [Fraction(int(v - w)) for v, w in zip(sub[a], sub[0], strict=True)] + [Fraction(0)]
                for a in range(1, len(support[me]))
            ]
            rows.append([Fraction(1)] * len(support[other]) + [Fraction(1)])
            if _rank(rows) > _rank([r[:-1] for r in rows]):  # inconsistent: no solution
                return SupportResult([], False)
            return None
        m = len(support[i])
        if screen is not None:
            approx = _float_two_mixing(u, support, i, j)
            if approx is not None and not screen(approx):
                return SupportResult([], False)
        sigma: dict[int, list[Fraction]] = {}
        for me, other in ((i, j), (j, i)):
            sub = _restricted(u, support, me, [other])
            if m == 2:  # d_0 (1 - x) + d_1 x = 0
                d0, d1 = int(sub[1][0] - sub[0][0]), int(sub[1][1] - sub[0][1])
                if d0 == d1:
                    return None
                x = Fraction(d0, d0 - d1)
                sigma[other] = [1 - x, x]
                continue
            rows = [
                [Fraction(int(v - w)) for v, w in zip(sub[a], sub[0], strict=True)]
                for a in range(1, m)
            ]
            sol = _solve_linear_exact(
                [*rows, [Fraction(1)] * m], [Fraction(0)] * (m - 1) + [Fraction(1)]
            )
            if sol is None:
                return None
            sigma[other] = sol
        values: list[Any] = []
        for p in mixed:
            values.extend(sigma[p][1:])
        return SupportResult([_profile(values, support, shape)], False)
    if len(mixed) != 3:
        return None
    sizes = {p: len(support[p]) for p in mixed}
    choice = None
    for k in mixed:
        i, j = (p for p in mixed if p != k)
        if sizes[k] == 2 and sizes[i] == sizes[j]:
            choice = (i, j, k)
            break
    if choice is None:
        for k in mixed:
            i, j = (p for p in mixed if p != k)
            if sizes[k] == 3 and sizes[i] == sizes[j] == 2:
                return _screened(_solve_three_by_two(u, support, i, j, k), screen)
        for k in mixed[::-1]:
            i, j = (p for p in mixed if p != k)
            if sizes[k] == 3 and sizes[i] == sizes[j] >= 3:
                return _screened(_solve_by_hidden_variable(u, support, i, j, k), screen)
        return None
    i, j, k = choice
    m = sizes[i]
    # D_i(t): (m - 1) x m over sigma_j, affine in t (sigma_k = (1 - t, t))
    dmat: dict[int, list[list[Poly]]] = {}
    for me, other in ((i, j), (j, i)):
        sub = _restricted(u, support, me, sorted([other, k]))
        if other > k:  # axes (me, k, other) -> (me, other, k)
            sub = np.swapaxes(sub, 1, 2)
        diff = sub[1:] - sub[0]
        dmat[me] = [
            [[int(diff[a, b, 0]), int(diff[a, b, 1] - diff[a, b, 0])] for b in range(m)]
            for a in range(m - 1)
        ]
    q_j: list[Poly] = _minors(dmat[i])  # sigma_j proportional to q_j(t)
    q_i: list[Poly] = _minors(dmat[j])  # sigma_i proportional to q_i(t)
    det_i: Poly = functools.reduce(_padd, q_j, [])
    det_j: Poly = functools.reduce(_padd, q_i, [])
    if not any(det_i) or not any(det_j):
        return None
    sub_k = _restricted(u, support, k, sorted([i, j]))
    if i > j:
        sub_k = np.swapaxes(sub_k, 1, 2)
    dk = sub_k[1] - sub_k[0]  # (m_i, m_j)
    big: Poly = []
    for a in range(m):
        inner: Poly = []
        for b in range(m):
            c = int(dk[a, b])
            if c:
                inner = _padd(inner, [c * v for v in q_j[b]])
        big = _padd(big, _pmul(q_i[a], inner))
    while big and big[-1] == 0:
        big.pop()
    if not big:
        return None
    fq_j, fq_i = _scaled(q_j), _scaled(q_i)
    for det, minors in ((det_i, fq_j), (det_j, fq_i)):
        for t in _real_roots(det, lo=-1e-9, hi=1 + 1e-9):
            if max(abs(_peval(r, t)) for r in minors) < 1e-7:
                return None  # all minors vanish: the formula may miss solutions there
    out = []
    for t in _real_roots(big, lo=0.0, hi=1.0):
        if screen is not None:
            fqv = [_peval(r, t) for r in fq_j]
            fpv = [_peval(r, t) for r in fq_i]
            fsq, fsp = sum(fqv), sum(fpv)
            if fsq == 0 or fsp == 0:
                continue
            approx_full = {j: [v / fsq for v in fqv], i: [v / fsp for v in fpv], k: [1 - t, t]}
            approx_vals = [float(v) for pl in mixed for v in approx_full[pl][1:]]
            if not screen(_profile(approx_vals, support, shape)):
                continue
        tv: Any = _rational_root(big, t)
        if tv is None:
            tv = t
        exact_t = isinstance(tv, Fraction)
        qv = [_peval(r, tv) for r in (q_j if exact_t else fq_j)]
        pv = [_peval(r, tv) for r in (q_i if exact_t else fq_i)]
        sq, sp = sum(qv), sum(pv)
        if sq == 0 or sp == 0:
            continue
        full: dict[int, list[Any]] = {
            j: [v / sq for v in qv],
            i: [v / sp for v in pv],
            k: [1 - tv, tv],
        }
        vals: list[Any] = []
        for pl in mixed:
            vals.extend(full[pl][1:])
        if not exact_t:
            vals = [float(v) for v in vals]
        out.append(_profile(vals, support, shape))
    return SupportResult(out, False)


def _screened(result: SupportResult | None, screen: Screen | None) -> SupportResult | None:
    """``result`` with the candidates that fail ``screen`` dropped."""
    if result is None or screen is None:
        return result
    return SupportResult([p for p in result.profiles if screen(p)], result.continuum)


def _float_two_mixing(
    u: Sequence[NDArray[Any]], support: Support, i: int, j: int
) -> tuple[NDArray[np.float64], ...] | None:
    """The two-mixing solution in floating point (a screen before the exact solve), or
    None when a system is singular or ill-conditioned (condition number above 1e8)."""
    m = len(support[i])
    vals: dict[int, list[float]] = {}
    for me, other in ((i, j), (j, i)):
        sub = _restricted(u, support, me, [other])
        if m == 2:  # d_0 (1 - x) + d_1 x = 0
            d0, d1 = int(sub[1][0] - sub[0][0]), int(sub[1][1] - sub[0][1])
            if abs(d0 - d1) <= 1e-8 * max(abs(d0), abs(d1)):
                return None
            vals[other] = [d0 / (d0 - d1)]
            continue
        a = np.vstack([np.asarray(sub[1:] - sub[0], dtype=float), np.ones(m)])
        a /= np.maximum(np.max(np.abs(a), axis=1, keepdims=True), 1e-300)
        if np.linalg.cond(a) > 1e8:
            return None
        rhs = np.zeros(m)
        rhs[-1] = 1.0
        vals[other] = [float(v) for v in np.linalg.solve(a, rhs)[1:]]
    return _profile([v for p in sorted(vals) for v in vals[p]], support, u[0].shape)


# three mixed players, k on three actions, i and j on two: sigma_k = (1 - s - t, s, t);
# sigma_j and sigma_i are proportional to the minors q_j(s, t), q_i(s, t) (affine), and k's
# two equations are bivariate quadratics P_1, P_2, eliminated by their resultant in s.
BiPoly = dict[tuple[int, int], int]


def _bmul(a: BiPoly, b: BiPoly) -> BiPoly:
    out: BiPoly = {}
    for (e1, f1), v in a.items():
        for (e2, f2), w in b.items():
            key = (e1 + e2, f1 + f2)
            out[key] = out.get(key, 0) + v * w
    return {k: v for k, v in out.items() if v}


def _badd(a: BiPoly, b: BiPoly) -> BiPoly:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0) + v
    return {k: v for k, v in out.items() if v}


def _in_s(p: BiPoly) -> list[Poly]:
    """Coefficients of powers of s, each a polynomial in t."""
    deg = max((e for e, _ in p), default=-1)
    out: list[Poly] = [[] for _ in range(deg + 1)]
    for (e, f), v in p.items():
        c = out[e]
        c.extend([0] * (f + 1 - len(c)))
        c[f] += v
    return out


def _bieval(p: dict[tuple[int, int], Any], s: Any, t: Any) -> Any:
    return sum((v * s**e * t**f for (e, f), v in p.items()), 0)


def _sylvester_resultant(a: list[Poly], b: list[Poly]) -> Poly:
    """Resultant in s of two polynomials given by coefficient lists (ascending in s)."""
    da, db = len(a) - 1, len(b) - 1
    n = da + db
    rows: list[list[Poly]] = []
    for r in range(db):
        row: list[Poly] = [[] for _ in range(n)]
        for e in range(da + 1):
            row[r + da - e] = a[e]
        rows.append(row)
    for r in range(da):
        row = [[] for _ in range(n)]
        for e in range(db + 1):
            row[r + db - e] = b[e]
        rows.append(row)
    return _pdet(rows)


def _vanishing_point(lin: Sequence[BiPoly]) -> tuple[Fraction, Fraction] | bool:
    """Where the two affine forms ``lin`` (in s, t) vanish together in the closed triangle
    s, t >= 0, s + t <= 1: the point, False if nowhere, True if on a line (undecided).

    Cramer's rule on the integer coefficients (:math:`a s + b t = c`)."""
    (a1, b1, c1), (a2, b2, c2) = (
        (p.get((1, 0), 0), p.get((0, 1), 0), -p.get((0, 0), 0)) for p in lin
    )
    det = a1 * b2 - a2 * b1
    if det == 0:
        if a1 == b1 == a2 == b2 == 0:
            return c1 == c2 == 0
        return a1 * c2 - a2 * c1 == 0 and b1 * c2 - b2 * c1 == 0  # consistent: a line
    s, t = Fraction(c1 * b2 - c2 * b1, det), Fraction(a1 * c2 - a2 * c1, det)
    return (s, t) if s >= 0 and t >= 0 and s + t <= 1 else False


def _clearly_inconsistent_at(
    u: Sequence[NDArray[Any]], support: Support, players: tuple[int, int, int], sk: list[float]
) -> bool:
    r"""Float screen for :func:`_at_vanishing_point`: True when the three equations in
    :math:`\sigma_j` are far from consistent (the determinant of the augmented 3 x 3
    system above 1e-6 of the product of its row norms), so there is no solution."""
    i, j, k = players
    skv = np.array(sk)
    sub = np.asarray(_restricted(u, support, j, sorted([i, k])), dtype=float)
    if i > k:
        sub = np.swapaxes(sub, 1, 2)
    row = (sub[1] - sub[0]) @ skv
    a = np.array([row, [1.0, 1.0]])
    if abs(np.linalg.det(a)) <= 1e-9 * np.prod(np.linalg.norm(a, axis=1)):
        return False
    sigma_i = np.linalg.solve(a, [0.0, 1.0])
    sub_k = np.asarray(_restricted(u, support, k, sorted([i, j])), dtype=float)
    if i > j:
        sub_k = np.swapaxes(sub_k, 1, 2)
    aug = np.array([[*(sigma_i @ (sub_k[q] - sub_k[0])), 0.0] for q in (1, 2)] + [[1.0, 1.0, 1.0]])
    norms = np.linalg.norm(aug, axis=1)
    if np.any(norms == 0):
        return False
    return bool(abs(np.linalg.det(aug)) > 1e-6 * np.prod(norms))


def _at_vanishing_point(
    u: Sequence[NDArray[Any]],
    support: Support,
    i: int,
    j: int,
    k: int,
    point: tuple[Fraction, Fraction],
) -> list[tuple[NDArray[Any], ...]] | None:
    """Solutions with sigma_k at ``point``, where player i is indifferent whatever j does.

    With sigma_k fixed, j's equation fixes sigma_i (a 2 x 2 system) and k's two equations
    are linear in sigma_j: three equations (with the sum) in two unknowns, solved exactly.
    None if a system is singular (undecided)."""
    s, t = point
    sk = [1 - s - t, s, t]
    mixed = [p for p, sup in enumerate(support) if len(sup) > 1]
    if _clearly_inconsistent_at(u, support, (i, j, k), [float(v) for v in sk]):
        return []

    def against_k(me: int, other: int) -> NDArray[Any]:
        sub = _restricted(u, support, me, sorted([other, k]))
        if other > k:
            sub = np.swapaxes(sub, 1, 2)
        return np.array(
            [
                [sum(Fraction(int(sub[a, b, c])) * sk[c] for c in range(3)) for b in range(2)]
                for a in range(2)
            ],
            dtype=object,
        )

    vj = against_k(j, i)  # j's payoffs (own action, i's action)
    row = [vj[1, b] - vj[0, b] for b in range(2)]
    sigma_i = _solve_linear_exact([row, [Fraction(1)] * 2], [Fraction(0), Fraction(1)])
    if sigma_i is None:
        return None
    sub_k = _restricted(u, support, k, sorted([i, j]))
    if i > j:
        sub_k = np.swapaxes(sub_k, 1, 2)
    rows: list[list[Fraction]] = []
    for a in (1, 2):
        dk = sub_k[a] - sub_k[0]
        rows.append(
            [sum((sigma_i[x] * int(dk[x, y]) for x in range(2)), Fraction(0)) for y in range(2)]
            + [Fraction(0)]
        )
    rows.append([Fraction(1), Fraction(1), Fraction(1)])
    r_a, r = _rank([q[:2] for q in rows]), _rank(rows)
    if r > r_a:
        return []
    if r_a < 2:
        return None
    picked = [q for q in rows if any(q[:2])]
    sigma_j = None
    for x, y in itertools.combinations(range(len(picked)), 2):
        sigma_j = _solve_linear_exact([picked[x][:2], picked[y][:2]], [picked[x][2], picked[y][2]])
        if sigma_j is not None:
            break
    if sigma_j is None:  # pragma: no cover - rank 2
        return None
    full = {i: sigma_i, j: sigma_j, k: sk}
    vals: list[Any] = []
    for pl in mixed:
        vals.extend(full[pl][1:])
    return [_profile(vals, support, u[0].shape)]


def _solve_three_by_two(
    u: Sequence[NDArray[Any]], support: Support, i: int, j: int, k: int
) -> SupportResult | None:
    """Three mixed players, ``k`` on three actions and ``i``, ``j`` on two (see above)."""
    shape = u[0].shape
    mixed = [p for p, s in enumerate(support) if len(s) > 1]
    minors: dict[int, list[BiPoly]] = {}
    extra: list[tuple[NDArray[Any], ...]] = []
    for me, other in ((i, j), (j, i)):
        sub = _restricted(u, support, me, sorted([other, k]))
        if other > k:
            sub = np.swapaxes(sub, 1, 2)
        diff = sub[1] - sub[0]  # (2 over other, 3 over k)
        row = [
            {
                (0, 0): int(diff[b, 0]),
                (1, 0): int(diff[b, 1] - diff[b, 0]),
                (0, 1): int(diff[b, 2] - diff[b, 0]),
            }
            for b in range(2)
        ]
        row = [{key: v for key, v in p.items() if v} for p in row]
        point = _vanishing_point(row)
        if point is True:
            return None
        if isinstance(point, tuple):  # me indifferent whatever `other` does at sigma_k
            found = _at_vanishing_point(u, support, me, other, k, point)
            if found is None:
                return None
            extra.extend(found)
        minors[other] = [{key: -v for key, v in row[1].items()}, row[0]]
    q_j, q_i = minors[j], minors[i]
    sub_k = _restricted(u, support, k, sorted([i, j]))
    if i > j:
        sub_k = np.swapaxes(sub_k, 1, 2)
    eqs: list[BiPoly] = []
    lin = ((0, 0), (1, 0), (0, 1))
    quad = ((0, 0), (1, 0), (0, 1), (2, 0), (1, 1), (0, 2))
    ai = [[q.get(key, 0) for key in lin] for q in q_i]  # affine: (1, s, t) coefficients
    aj = [[q.get(key, 0) for key in lin] for q in q_j]
    for a in (1, 2):
        dk = sub_k[a] - sub_k[0]
        c = [0] * 6  # sum_{x, y} dk[x, y] q_i[x] q_j[y], in the monomials `quad`
        for x in range(2):
            w = [int(dk[x, 0]) * aj[0][r] + int(dk[x, 1]) * aj[1][r] for r in range(3)]
            e0, e1, e2 = ai[x]
            c[0] += e0 * w[0]
            c[1] += e0 * w[1] + e1 * w[0]
            c[2] += e0 * w[2] + e2 * w[0]
            c[3] += e1 * w[1]
            c[4] += e1 * w[2] + e2 * w[1]
            c[5] += e2 * w[2]
        eqs.append({key: v for key, v in zip(quad, c, strict=True) if v})
    p1, p2 = (_in_s(p) for p in eqs)
    if len(p1) < 2 or len(p2) < 2:
        return None
    if len(p1) == 3 and len(p2) == 3:  # two quadratics in s: the closed form
        (a0, a1, a2), (b0, b1, b2) = p1, p2
        d20 = _padd(_pmul(a2, b0), [-v for v in _pmul(a0, b2)])
        d21 = _padd(_pmul(a2, b1), [-v for v in _pmul(a1, b2)])
        d10 = _padd(_pmul(a1, b0), [-v for v in _pmul(a0, b1)])
        res = _padd(_pmul(d20, d20), [-v for v in _pmul(d21, d10)])
    else:
        res = _sylvester_resultant(p1, p2)
    if not any(res):
        return None
    f1, f2 = _scaled_bi(eqs[0]), _scaled_bi(eqs[1])
    out = []
    for t in _real_roots(res, lo=0.0, hi=1.0):
        c1 = [sum(v * t**f for (e, f), v in f1.items() if e == d) for d in range(3)]
        c2 = [sum(v * t**f for (e, f), v in f2.items() if e == d) for d in range(3)]
        if max(abs(v) for v in c1) < 1e-9 and max(abs(v) for v in c2) < 1e-9:
            return None  # a line of solutions may pass through t
        base, other_c = (c1, c2) if max(abs(v) for v in c1) >= 1e-9 else (c2, c1)
        while base and abs(base[-1]) < 1e-12 * max(abs(v) for v in base):
            base = base[:-1]
        if len(base) < 2:
            continue
        for z in _small_roots(base):
            if abs(z.imag) > 1e-7 * max(1.0, abs(z)):
                continue
            s = float(z.real)
            if not (0.0 <= s <= 1.0 - t):
                continue
            mag = sum(abs(v) * abs(s) ** d for d, v in enumerate(other_c)) or 1.0
            if abs(sum(v * s**d for d, v in enumerate(other_c))) > 1e-6 * max(mag, 1e-300):
                continue
            qv = [_bieval(p, s, t) for p in _scaled_list(q_j)]
            pv = [_bieval(p, s, t) for p in _scaled_list(q_i)]
            prof = _hidden_profile(qv, pv, (s, t), (i, j, k), mixed, support, shape)
            if prof is not None:
                out.append(prof)
    return SupportResult(out + extra, False)


# three mixed players, k on three actions and i, j on m >= 3 each (the full 3x3x3 support):
# sigma_k = (1 - s - t, s, t); sigma_j and sigma_i are proportional to the maximal minors
# q_j(s, t), q_i(s, t) of the (m - 1) x m matrices D_i, D_j (degree m - 1), and k's two
# equations P_a = q_i^T D_{k,a} q_j are bivariate of degree 2 (m - 1). Their common roots
# come from the hidden-variable resultant: the Sylvester matrix of P_1, P_2 in s is a
# matrix polynomial in t, Syl(t) = sum_f t^f S_f, singular exactly at the t of a common
# root (or of a common root at infinity), found as the eigenvalues of a block companion
# matrix (Cox, Little and O'Shea 2005, ch. 3).


def _bdet(mat: list[list[BiPoly]]) -> BiPoly:
    """Determinant of a square matrix of integer bivariate polynomials (Laplace)."""
    n = len(mat)
    if n == 1:
        return mat[0][0]
    out: BiPoly = {}
    for c in range(n):
        if not mat[0][c]:
            continue
        minor = [row[:c] + row[c + 1 :] for row in mat[1:]]
        term = _bmul(mat[0][c], _bdet(minor))
        out = _badd(out, term if c % 2 == 0 else {key: -v for key, v in term.items()})
    return out


def _bminors(d: list[list[BiPoly]]) -> list[BiPoly]:
    """Signed maximal minors of an (m - 1) x m bivariate matrix (as :func:`_minors`)."""
    m = len(d) + 1
    out = []
    for r in range(m):
        det = _bdet([row[:r] + row[r + 1 :] for row in d])
        out.append(det if (m - 1 + r) % 2 == 0 else {key: -v for key, v in det.items()})
    return out


def _bi_array(p: dict[tuple[int, int], Any], top: float) -> NDArray[np.float64]:
    """Coefficients ``C[e, f]`` of :math:`s^e t^f`, divided by ``top``."""
    de = max(e for e, _ in p)
    df = max(f for _, f in p)
    c = np.zeros((de + 1, df + 1))
    for (e, f), v in p.items():
        c[e, f] = v / top
    return c


def _hidden_variable_t(c1: NDArray[np.float64], c2: NDArray[np.float64]) -> list[float] | None:
    """Real ``t`` (with small imaginary parts kept) where the Sylvester matrix in ``s`` of
    the polynomials with coefficients ``c1[e, f]``, ``c2[e, f]`` is singular; None if it
    is singular for every ``t`` (numerically: at every trial shift)."""
    da, db = c1.shape[0] - 1, c2.shape[0] - 1
    n = da + db
    deg = max(c1.shape[1], c2.shape[1]) - 1
    mats = np.zeros((deg + 1, n, n))
    for r in range(db):
        for e in range(da + 1):
            mats[: c1.shape[1], r, r + da - e] = c1[e]
    for r in range(da):
        for e in range(db + 1):
            mats[: c2.shape[1], db + r, r + db - e] = c2[e]
    from math import comb

    for t0 in (0.4142135623730951, 0.7320508075688772, -0.2360679774997897):
        shifted = [
            sum(comb(f, r) * t0 ** (f - r) * mats[f] for f in range(r, deg + 1))
            for r in range(deg + 1)
        ]
        n0 = shifted[0]
        if np.linalg.cond(n0) > 1e10:
            continue
        inv = np.linalg.inv(n0)
        comp = np.zeros((n * deg, n * deg))
        for r in range(1, deg + 1):
            comp[:n, (r - 1) * n : r * n] = -inv @ shifted[r]
        comp[n:, : n * (deg - 1)] = np.eye(n * (deg - 1))
        mu = np.linalg.eigvals(comp)
        big = np.abs(mu) > 1e-12
        tau = 1.0 / mu[big]
        t = t0 + tau
        keep = np.abs(t.imag) <= 1e-5 * (1.0 + np.abs(t.real))
        return sorted(float(v) for v in t.real[keep])
    return None


def _bivalues(
    c: NDArray[np.float64], s: NDArray[np.float64], t: NDArray[np.float64]
) -> tuple[NDArray[np.float64], ...]:
    """Values, d/ds, d/dt and the sums of the terms' magnitudes at the points (s, t) of
    the bivariate polynomial with coefficients ``c[e, f]`` of :math:`s^e t^f`."""
    de, df = c.shape
    ps = s[:, None] ** np.arange(de)
    pt = t[:, None] ** np.arange(df)
    ct = pt @ c.T  # (P, de)
    val = np.einsum("pe,pe->p", ps, ct)
    ds = np.einsum("pe,pe->p", np.arange(1, de) * ps[:, :-1], ct[:, 1:])
    dt = np.einsum("pe,pf,ef->p", ps, np.arange(1, df) * pt[:, :-1], c[:, 1:])
    mag = np.einsum("pe,pf,ef->p", np.abs(ps), np.abs(pt), np.abs(c))
    return val, ds, dt, mag


def _at_base_point(
    u: Sequence[NDArray[Any]],
    support: Support,
    players: tuple[int, int, int],
    point: tuple[float, float],
    qv: Sequence[float],
    pv: Sequence[float],
    at_j: bool,
) -> list[tuple[NDArray[Any], ...]] | None:
    r"""Solutions with :math:`\sigma_k` at a base point, where every maximal minor of
    :math:`D_i` (``at_j``; else of :math:`D_j`) vanishes and the reduction says nothing.

    With ``at_j``, :math:`\sigma_i` is fixed by j's equations (:math:`\propto q_i`), and
    :math:`\sigma_j` must solve i's equations (now rank deficient), the sum and k's two
    equations, all linear in :math:`\sigma_j`: an overdetermined system solved by least
    squares, a solution when its residual is below 1e-10, none when it is above 1e-6;
    None (undecided) in between or when :math:`\sigma_j` would not be unique."""
    i, j, k = players
    if not at_j:
        i, j = j, i  # the player whose minors do not vanish fixes the other's strategy
        qv, pv = pv, qv
    s, t = point
    sk = np.array([1.0 - s - t, s, t])
    sp = sum(pv)
    if sp == 0:
        return []
    sigma_i = np.array(pv) / sp
    mixed = [p for p, sup in enumerate(support) if len(sup) > 1]
    scale = max(1.0, *(float(np.max(np.abs(np.asarray(x, dtype=float)))) for x in u))
    sub = np.asarray(_restricted(u, support, i, sorted([j, k])), dtype=float) / scale
    if j > k:
        sub = np.swapaxes(sub, 1, 2)
    rows = [(sub[a] - sub[0]) @ sk for a in range(1, sub.shape[0])]  # i's, over sigma_j
    sub_k = np.asarray(_restricted(u, support, k, sorted([i, j])), dtype=float) / scale
    if i > j:
        sub_k = np.swapaxes(sub_k, 1, 2)
    rows += [sigma_i @ (sub_k[a] - sub_k[0]) for a in (1, 2)]
    m = len(support[j])
    a_mat = np.array([*rows, np.ones(m)])
    rhs = np.zeros(len(a_mat))
    rhs[-1] = 1.0
    sol, _res, rank, _sv = np.linalg.lstsq(a_mat, rhs, rcond=1e-10)
    if rank < m:
        return None
    resid = float(np.max(np.abs(a_mat @ sol - rhs)))
    if resid > 1e-6:
        return []
    if resid > 1e-10:
        return None
    full = {j: list(sol), i: list(sigma_i), k: list(sk)}
    vals: list[Any] = []
    for pl in mixed:
        vals.extend(float(v) for v in full[pl][1:])
    return [_profile(vals, support, u[0].shape)]


def _solve_by_hidden_variable(
    u: Sequence[NDArray[Any]], support: Support, i: int, j: int, k: int
) -> SupportResult | None:
    r"""Three mixed players, ``k`` on three actions, ``i`` and ``j`` on m >= 3 (see above).

    Candidates (floats) from the real eigenvalues ``t`` in [0, 1], the real roots ``s`` of
    :math:`P_1(\cdot, t)` (or :math:`P_2`) polished by Newton's method on
    :math:`(P_1, P_2)` and kept when both vanish to 1e-9 of their terms' magnitudes.
    None (the general route decides) when a determinant or a :math:`P_a` vanishes
    identically, the Sylvester matrix is singular for every ``t``, a polynomial loses its
    ``s``, or a common root lies where all minors of ``D_i`` or ``D_j`` vanish (there the
    reduction may miss solutions) inside the strategy triangle.
    """
    shape = u[0].shape
    mixed = [p for p, s in enumerate(support) if len(s) > 1]
    m = len(support[i])
    minors: dict[int, list[BiPoly]] = {}
    for me, other in ((i, j), (j, i)):
        sub = _restricted(u, support, me, sorted([other, k]))
        if other > k:
            sub = np.swapaxes(sub, 1, 2)
        diff = sub[1:] - sub[0]  # (m - 1 own, m over other, 3 over k)
        rows = [
            [
                {
                    key: v
                    for key, v in (
                        ((0, 0), int(diff[a, b, 0])),
                        ((1, 0), int(diff[a, b, 1] - diff[a, b, 0])),
                        ((0, 1), int(diff[a, b, 2] - diff[a, b, 0])),
                    )
                    if v
                }
                for b in range(m)
            ]
            for a in range(m - 1)
        ]
        q = _bminors(rows)
        zero: BiPoly = {}
        if not functools.reduce(_badd, q, zero):
            return None  # det [D; 1] vanishes identically
        minors[other] = q
    q_j, q_i = minors[j], minors[i]
    sub_k = _restricted(u, support, k, sorted([i, j]))
    if i > j:
        sub_k = np.swapaxes(sub_k, 1, 2)
    eqs: list[BiPoly] = []
    for a in (1, 2):
        dk = sub_k[a] - sub_k[0]
        poly: BiPoly = {}
        for x in range(m):
            for y in range(m):
                c = int(dk[x, y])
                if c:
                    poly = _badd(poly, {key: c * v for key, v in _bmul(q_i[x], q_j[y]).items()})
        if not poly:
            return None
        eqs.append(poly)
    if any(max(e for e, _ in p) == 0 for p in eqs):
        return None
    c1, c2 = (_bi_array(p, max(abs(v) for v in p.values())) for p in eqs)
    ts = _hidden_variable_t(c1, c2)
    if ts is None:
        return None
    fq_j, fq_i = _scaled_list(q_j), _scaled_list(q_i)
    aq_j = [_bi_array(p, 1.0) if p else np.zeros((1, 1)) for p in fq_j]
    aq_i = [_bi_array(p, 1.0) if p else np.zeros((1, 1)) for p in fq_i]
    cand_s: list[float] = []
    cand_t: list[float] = []
    for t in ts:
        if not -1e-6 <= t <= 1 + 1e-6:
            continue
        for base in (c1, c2):
            coeffs = base @ (t ** np.arange(base.shape[1]))
            top = np.max(np.abs(coeffs))
            if top < 1e-12:
                continue
            while len(coeffs) > 1 and abs(coeffs[-1]) < 1e-12 * top:
                coeffs = coeffs[:-1]
            for z in np.roots(coeffs[::-1]) if len(coeffs) > 1 else []:
                if abs(z.imag) <= 1e-5 * (1.0 + abs(z)) and -1e-3 <= z.real <= 1.001 - t:
                    cand_s.append(float(z.real))
                    cand_t.append(t)
            break
    points: list[tuple[float, float]] = []
    if cand_s:
        sv, tv = np.array(cand_s), np.array(cand_t)
        with np.errstate(all="ignore"):
            for _ in range(6):  # Newton on (P_1, P_2) at every candidate at once
                f1, a1, b1, _m1 = _bivalues(c1, sv, tv)
                f2, a2, b2, _m2 = _bivalues(c2, sv, tv)
                det = a1 * b2 - a2 * b1
                safe = np.where(det == 0, 1.0, det)
                sv = sv - np.where(det == 0, 0.0, (f1 * b2 - f2 * b1) / safe)
                tv = tv - np.where(det == 0, 0.0, (a1 * f2 - a2 * f1) / safe)
            r1, r2 = _bivalues(c1, sv, tv), _bivalues(c2, sv, tv)
        good = (
            (np.abs(r1[0]) <= 1e-9 * np.maximum(r1[3], 1e-300))
            & (np.abs(r2[0]) <= 1e-9 * np.maximum(r2[3], 1e-300))
            & (sv >= -1e-6)
            & (tv >= -1e-6)
            & (sv + tv <= 1 + 1e-6)
        )
        for s, t in zip(sv[good].tolist(), tv[good].tolist(), strict=True):
            if all(abs(s - a) + abs(t - b) > 1e-9 for a, b in points):
                points.append((s, t))
    out = []
    for s, t in points:
        at = (np.array([s]), np.array([t]))
        qv = [float(_bivalues(c, *at)[0][0]) for c in aq_j]
        pv = [float(_bivalues(c, *at)[0][0]) for c in aq_i]
        small_j, small_i = max(abs(v) for v in qv) < 1e-7, max(abs(v) for v in pv) < 1e-7
        if small_j and small_i:
            return None
        if small_j or small_i:  # a base point: all minors of D_i (or D_j) vanish there
            found = _at_base_point(u, support, (i, j, k), (s, t), qv, pv, small_j)
            if found is None:
                return None
            out.extend(found)
            continue
        prof = _hidden_profile(qv, pv, (s, t), (i, j, k), mixed, support, shape)
        if prof is not None:
            out.append(prof)
    return SupportResult(out, False)


def _scaled_bi(p: BiPoly) -> dict[tuple[int, int], float]:
    top = max((abs(v) for v in p.values()), default=0) or 1
    return {key: v / top for key, v in p.items()}


def _scaled_list(polys: Sequence[BiPoly]) -> list[dict[tuple[int, int], float]]:
    top = max((abs(v) for p in polys for v in p.values()), default=0) or 1
    return [{key: v / top for key, v in p.items()} for p in polys]


def _scaled(polys: Sequence[Poly]) -> list[list[float]]:
    """Float copies of integer polynomials, all divided by their largest coefficient."""
    top = max((abs(v) for r in polys for v in r), default=0) or 1
    return [[v / top for v in r] for r in polys]


def _small_roots(coeffs: Sequence[float]) -> list[complex]:
    """Complex roots of the float polynomial ``coeffs`` (ascending): closed forms for
    degrees 1 and 2 (the stable quadratic formula), ``numpy.roots`` above."""
    if len(coeffs) == 2:
        return [complex(-coeffs[0] / coeffs[1])]
    if len(coeffs) == 3:
        c0, c1, c2 = coeffs
        root = complex(c1 * c1 - 4.0 * c2 * c0) ** 0.5
        q = -0.5 * (c1 + (root if c1 >= 0 else -root))
        return [q / c2, c0 / q] if q != 0 else [complex(0.0)]
    return [complex(z) for z in np.roots(list(coeffs)[::-1])]


def _real_roots(poly: Poly, *, lo: float, hi: float) -> list[float]:
    """Real roots of an integer polynomial in ``[lo, hi]`` (numpy, polished by Newton)."""
    coeffs = list(poly)
    while coeffs and coeffs[-1] == 0:
        coeffs.pop()
    if len(coeffs) < 2:
        return []
    top = max(abs(v) for v in coeffs)
    c = [v / top for v in coeffs]  # correctly rounded quotients of ints
    roots: Any
    if len(coeffs) == 2:
        roots = [-c[0] / c[1]]
    elif len(coeffs) == 3:  # the sign of the discriminant decided exactly
        disc = coeffs[1] ** 2 - 4 * coeffs[2] * coeffs[0]
        if disc < 0:
            return []
        root = (c[1] * c[1] - 4.0 * c[2] * c[0]) ** 0.5 if disc else 0.0
        q = -0.5 * (c[1] + (root if c[1] >= 0 else -root))
        roots = [q / c[2], c[0] / q] if q != 0 else [0.0]
    else:
        roots = np.roots(c[::-1])
    dc = [k * v for k, v in enumerate(c)][1:]
    out = []
    for z in roots:
        if abs(complex(z).imag) > 1e-7 * max(1.0, abs(z)):
            continue
        x = float(complex(z).real)
        for _ in range(3):
            f, df = _peval(c, x), _peval(dc, x)
            if df == 0:
                break
            x -= f / df
        if lo <= x <= hi:
            out.append(x)
    return sorted(set(out))


def _rational_root(poly: Poly, t: float) -> Fraction | None:
    """The rational root of the integer polynomial ``poly`` at ``t``, if there is one.

    A rational root :math:`r/s` in lowest terms has :math:`s` dividing the leading
    coefficient; ``t`` is polished to 60 digits (mpmath Newton), the best fraction with such
    a denominator is taken and checked exactly.
    """
    import mpmath

    lead = abs(poly[-1])
    with mpmath.workdps(60):
        x = mpmath.mpf(t)
        dp = [k * v for k, v in enumerate(poly)][1:]
        for _ in range(6):
            f = _peval(poly, x)
            df = _peval(dp, x)
            if df == 0:
                break
            x -= f / df
        man, exp = mpmath.mpf(x).man_exp
        approx = Fraction(int(man)) * (Fraction(2) ** int(exp))
    cand = approx.limit_denominator(lead)
    if _peval(poly, cand) == 0:
        return cand
    return None


# -- numerical refinement and checks ---------------------------------------------------------


def integer_payoffs(payoffs: Sequence[NDArray[Any]]) -> list[NDArray[Any]]:
    """Each player's exact payoffs times a common denominator, as Python-int object arrays."""
    return scaled_integer_payoffs(payoffs)[0]


def scaled_integer_payoffs(
    payoffs: Sequence[NDArray[Any]],
) -> tuple[list[NDArray[Any]], list[int]]:
    """:func:`integer_payoffs` and each player's common denominator :math:`D_i` (the
    integer tensor is :math:`D_i u_i`)."""
    out, dens = [], []
    for p in payoffs:
        flat = [v if isinstance(v, Fraction | int) else Fraction(v) for v in p.flat]
        den = lcm(*(v.denominator for v in flat))
        arr = np.empty(p.shape, dtype=object)
        arr.flat[:] = [int(v.numerator) * (den // int(v.denominator)) for v in flat]
        out.append(arr)
        dens.append(den)
    return out, dens


def _values(sub: NDArray[Any], vectors: Sequence[NDArray[Any]]) -> NDArray[Any]:
    """Contract the trailing axes of ``sub`` with ``vectors`` (last first)."""
    t = sub
    for vec in reversed(vectors):
        t = t @ vec
    return t


class _Indifference:
    r"""The indifference system of one support in floating point: residual and Jacobian.

    Unknowns :math:`\sigma_j(S_{j,l})`, :math:`l \ge 1`, with
    :math:`\sigma_j(S_{j,0}) = 1 - \sum_l \sigma_j(S_{j,l})`; player :math:`i`'s
    equations are :math:`V_i(a) - V_i(S_{i,0})` for its other support actions, with
    :math:`V_i = u_i \times_{j \ne i} \sigma_j` on the support. The Jacobian block of
    :math:`(i, j)` comes from the matrix :math:`M_{ij}` of :math:`u_i` contracted with
    every strategy but :math:`j`'s (one ``einsum`` per block).
    """

    def __init__(self, uf: Sequence[NDArray[np.float64]], support: Support) -> None:
        n = len(support)
        self.support = support
        idx = [list(s) for s in support]
        self.subs = [_front(uf[i][np.ix_(*idx)], i) for i in range(n)]
        self.mixed = [j for j in range(n) if len(support[j]) > 1]
        self.start: dict[int, int] = {}
        total = 0
        for j in self.mixed:
            self.start[j] = total
            total += len(support[j]) - 1
        self.size = total
        letters = "bcdefghijklmnopqrstuvwxyz"
        self.specs: dict[tuple[int, int], str] = {}
        for i in self.mixed:
            others = [j for j in range(n) if j != i]
            axes = "".join(letters[q] for q in range(len(others)))
            for q, j in enumerate(others):
                if j in self.start:
                    ins = ",".join(letters[r] for r in range(len(others)) if r != q)
                    self.specs[i, j] = "a" + axes + ("," + ins if ins else "") + "->a" + letters[q]

    def __call__(
        self, sig: Sequence[NDArray[np.float64]]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Residual and Jacobian at the support-restricted strategies ``sig``."""
        n = len(self.support)
        f = np.empty(self.size)
        jac = np.zeros((self.size, self.size))
        for i in self.mixed:
            others = [j for j in range(n) if j != i]
            rows = slice(self.start[i], self.start[i] + len(self.support[i]) - 1)
            vals = None
            for j in others:
                if j not in self.start:
                    continue
                others_sig = [sig[o] for o in others if o != j]
                mat = np.einsum(self.specs[i, j], self.subs[i], *others_sig)
                if vals is None:
                    vals = mat @ sig[j]
                d = mat[1:] - mat[0]
                cols = slice(self.start[j], self.start[j] + len(self.support[j]) - 1)
                jac[rows, cols] = d[:, 1:] - d[:, :1]
            if vals is None:  # every opponent pure: the values are constants
                vals = _values(self.subs[i], [sig[o] for o in others])
            f[rows] = vals[1:] - vals[0]
        return f, jac

    def step(self, sig: list[NDArray[np.float64]], delta: NDArray[np.float64]) -> None:
        """Add ``delta`` to the unknowns of ``sig`` in place (first actions follow)."""
        for j in self.mixed:
            m = len(self.support[j]) - 1
            sig[j][1:] += delta[self.start[j] : self.start[j] + m]
            sig[j][0] = 1.0 - sig[j][1:].sum()


def newton(
    uf: Sequence[NDArray[np.float64]], support: Support, profile: Sequence[NDArray[np.float64]]
) -> tuple[NDArray[np.float64], ...]:
    """Refine a float solution of the support's indifference system by Newton's method
    (:class:`_Indifference`): at most 8 steps, stopping when the residual is at rounding
    level or a step is below 1e-15."""
    system = _Indifference(uf, support)
    sig = [np.asarray(profile[j], dtype=float)[list(s)].copy() for j, s in enumerate(support)]
    if not system.mixed:
        return tuple(np.asarray(p, dtype=float) for p in profile)
    scale = max(1.0, *(float(np.max(np.abs(u))) for u in uf))
    for _ in range(8):
        f, jac = system(sig)
        if np.max(np.abs(f)) <= 1e-15 * scale:
            break
        try:
            delta = np.asarray(np.linalg.solve(jac, -f), dtype=np.float64)
        except np.linalg.LinAlgError:
            break
        system.step(sig, delta)
        if np.max(np.abs(delta)) <= 1e-15:
            break
    return _full(sig, support, [len(p) for p in profile])


def _full(
    sig: Sequence[NDArray[np.float64]], support: Support, shape: Sequence[int]
) -> tuple[NDArray[np.float64], ...]:
    out = []
    for j, s in enumerate(support):
        full = np.zeros(shape[j])
        full[list(s)] = sig[j]
        out.append(full)
    return tuple(out)


def on_continuum(
    uf: Sequence[NDArray[np.float64]],
    support: Support,
    point: Sequence[NDArray[np.float64]],
    *,
    tol: float = 1e-9,
) -> bool:
    r"""Whether the equilibrium ``point`` (support exactly ``support``) lies on a curve of
    equilibria with that support, tested numerically.

    A regular root of the indifference system (Jacobian's smallest singular value above
    1e-7 of its largest) is isolated: False. Otherwise, from the point moved by
    :math:`\pm h` along the Jacobian's null vector (:math:`h = 10^{-3}, 10^{-5}`, at most
    a third of the smallest support probability), Gauss-Newton with minimum-norm steps
    returns to the solution set; the point is on a continuum when a return ends at
    residual below ``tol`` of the payoff scale, at least :math:`h / 3` away from
    ``point`` (an isolated singular root pulls the iterates back to itself), with
    positive support probabilities and regret below ``tol`` of the scale.
    """
    system = _Indifference(uf, support)
    shape = [len(p) for p in point]
    sig0 = [np.asarray(point[j], dtype=float)[list(s)].copy() for j, s in enumerate(support)]
    scale = max(1.0, *(float(np.max(np.abs(u))) for u in uf))
    if system.size == 0:
        return False
    f, jac = system(sig0)
    _, sv, vt = np.linalg.svd(jac)
    if sv[-1] > 1e-7 * max(sv[0], 1e-300):
        return False
    direction = np.asarray(vt[-1], dtype=np.float64)
    smallest = min(float(np.min(s)) for s in sig0)
    for h in (1e-3, 1e-5):
        h = min(h, smallest / 3)
        for sign in (1.0, -1.0):
            sig = [v.copy() for v in sig0]
            system.step(sig, sign * h * direction)
            for _ in range(30):
                f, jac = system(sig)
                if np.max(np.abs(f)) <= 1e-3 * tol * scale:
                    break
                delta = np.asarray(np.linalg.lstsq(jac, -f, rcond=None)[0], dtype=np.float64)
                system.step(sig, delta)
            if np.max(np.abs(f)) > tol * scale:
                continue
            gone = float(
                np.linalg.norm(np.concatenate([sig[j][1:] - sig0[j][1:] for j in system.mixed]))
            )
            if gone < h / 3 or any(np.min(v) <= 0 for v in sig):
                continue
            if _float_regret(uf, _full(sig, support, shape)) <= tol * scale:
                return True
    return False


def _float_regret(
    uf: Sequence[NDArray[np.float64]], profile: Sequence[NDArray[np.float64]]
) -> float:
    worst = 0.0
    n = len(profile)
    for i in range(n):
        sub = _front(uf[i], i)
        vals = _values(sub, [profile[j] for j in range(n) if j != i])
        worst = max(worst, float(vals.max() - vals @ profile[i]))
    return worst


def _exact_check(
    u: Sequence[NDArray[Any]],
    profile: Sequence[NDArray[Any]],
    support: Support,
    moved: Sequence[NDArray[Any]] | None = None,
) -> bool:
    """Exactly: positive on the support, indifferent on it, nothing better off it.

    Each strategy is written as integer numerators over a common denominator (a positive
    factor per player, which changes no comparison), so with integer payoffs every
    product is an integer product. ``moved`` (optional) are the tensors
    ``np.moveaxis(u[i], i, 0)``, if already computed.
    """
    n = len(profile)
    nums = []
    for p, sup in zip(profile, support, strict=True):
        vals = [v if isinstance(v, Fraction) else Fraction(v) for v in p]
        if any(vals[a] <= 0 for a in sup):
            return False
        den = lcm(*(v.denominator for v in vals))
        vec = np.empty(len(vals), dtype=object)
        vec[:] = [v.numerator * (den // v.denominator) for v in vals]
        nums.append(vec)
    for i in range(n):
        t = _front(u[i], i) if moved is None else moved[i]
        for vec in reversed([nums[j] for j in range(n) if j != i]):
            t = np.dot(t, vec)
        value = t[support[i][0]]
        if any(t[a] != value for a in support[i]) or max(t) > value:
            return False
    return True


def _rational(
    profile: Sequence[NDArray[np.float64]], bound: int = 10**7
) -> tuple[NDArray[Any], ...]:
    out = []
    for p in profile:
        q = np.empty(len(p), dtype=object)
        q[:] = [Fraction(float(v)).limit_denominator(bound) for v in p]
        q[np.argmax(p)] = 1 - (sum(q) - q[np.argmax(p)])
        out.append(q)
    return tuple(out)


def normalised(payoffs: Sequence[NDArray[Any]]) -> list[NDArray[np.float64]]:
    """Each player's payoffs mapped affinely onto [0, 1] (constant payoffs: all 0).

    Equilibria are unchanged, and a regret in these units is the regret relative to the
    player's payoff range. See :func:`dealmodels.solvers._scale.unit_payoffs`: floats are
    divided by their largest magnitude first and exact payoffs are mapped exactly, so
    payoffs near the float limit, as small as 1e-300, or exact ones such as 10**400 or
    10**-400 neither overflow nor underflow.
    """
    from dealmodels.solvers._scale import unit_payoffs

    return unit_payoffs(payoffs)


def _unit_from_ints(ints: Sequence[NDArray[Any]]) -> list[NDArray[np.float64]]:
    """:func:`normalised` of integer payoff tensors: ``(v - lo) / (hi - lo)``, each a
    correctly rounded quotient of Python ints (no overflow however large they are)."""
    out = []
    for p in ints:
        flat = list(p.flat)
        lo, hi = min(flat), max(flat)
        span = hi - lo
        vals = [(v - lo) / span for v in flat] if span else [0.0] * len(flat)
        out.append(np.array(vals, dtype=np.float64).reshape(p.shape))
    return out


def refine_on_support(
    u: Sequence[NDArray[np.float64]],
    sigma: Sequence[NDArray[np.float64]],
    *,
    tol: float,
    exact_payoffs: Sequence[NDArray[Any]] | None = None,
    gaps: Sequence[float] = (1e-3, 1e-5, 1e-7),
) -> tuple[NDArray[Any], ...] | None:
    r"""The Nash equilibrium near an approximate one, or None.

    ``u`` are normalised payoffs (:func:`normalised`). For each ``gap``, the support is
    guessed as every action within ``gap`` of the player's best value against ``sigma``,
    the support's indifference system is solved by :func:`newton` from ``sigma``
    restricted to it, and the result is accepted if its probabilities on the support are
    positive and its regret is at most ``tol`` (relative to each player's payoff range).
    With ``exact_payoffs``, a nearby rational profile that passes :func:`_exact_check` is
    returned instead (exact Fractions).
    """
    n = len(u)
    vals = [
        _values(np.moveaxis(u[i], i, 0), [sigma[j] for j in range(n) if j != i]) for i in range(n)
    ]
    tried: set[Support] = set()
    for gap in gaps:
        support = tuple(tuple(int(a) for a in np.flatnonzero(v >= v.max() - gap)) for v in vals)
        if support in tried:
            continue
        tried.add(support)
        start = []
        for s, sup in zip(sigma, support, strict=True):
            p = np.zeros(len(s))
            mass = float(np.sum(s[list(sup)]))
            p[list(sup)] = s[list(sup)] / mass if mass > 0 else 1.0 / len(sup)
            start.append(p)
        refined = newton(u, support, start)
        if not all(
            np.all(np.isfinite(p)) and np.all(p[list(sup)] > 0)
            for p, sup in zip(refined, support, strict=True)
        ):
            continue
        if exact_payoffs is not None:
            exact = _rational(refined)
            if _exact_check(exact_payoffs, exact, support):
                return exact
        if _float_regret(u, refined) <= tol:
            return refined
    return None


def feasible_point(
    uf: Sequence[NDArray[np.float64]], support: Support, *, tries: int = 4
) -> tuple[NDArray[np.float64], ...] | None:
    """A numerical equilibrium with exactly this support, searched by least squares.

    Used only to decide whether a positive-dimensional support system meets the
    equilibrium region (softmax coordinates keep the support probabilities positive).
    """
    found = feasible_points(uf, support, tries=tries, first=True)
    return found[0] if found else None


def continuum_verified(uf: Sequence[NDArray[np.float64]], support: Support) -> bool:
    """Whether some equilibrium with exactly this support lies on a continuum of them:
    :func:`on_continuum` at each point :func:`feasible_points` finds (so an isolated
    equilibrium on a support whose system also has a positive-dimensional part outside
    the equilibrium region, or a singular homotopy endpoint, is not reported)."""
    return any(on_continuum(uf, support, p) for p in feasible_points(uf, support))


def feasible_points(
    uf: Sequence[NDArray[np.float64]], support: Support, *, tries: int = 4, first: bool = False
) -> list[tuple[NDArray[np.float64], ...]]:
    """Numerical equilibria with exactly this support from ``tries`` least-squares
    starts (the first alone with ``first``); see :func:`feasible_point`."""
    from scipy.optimize import least_squares

    n = len(support)
    shape = uf[0].shape
    scale = max(1.0, *(float(np.max(np.abs(u))) for u in uf))
    sizes = [len(s) for s in support]
    rng = np.random.default_rng(7)

    def profile(z: NDArray[np.float64]) -> list[NDArray[np.float64]]:
        out, k = [], 0
        for j, s in enumerate(support):
            w = np.exp(z[k : k + sizes[j]] - np.max(z[k : k + sizes[j]]))
            full = np.zeros(shape[j])
            full[list(s)] = w / w.sum()
            out.append(full)
            k += sizes[j]
        return out

    def residual(z: NDArray[np.float64]) -> NDArray[np.float64]:
        prof = profile(z)
        res = []
        for i in range(n):
            vals = _values(np.moveaxis(uf[i], i, 0), [prof[j] for j in range(n) if j != i])
            on = vals[list(support[i])]
            res.extend(on - on[0])
            off = [b for b in range(shape[i]) if b not in support[i]]
            res.extend(np.maximum(vals[off] - on[0], 0.0))
        return np.array(res) / scale

    out: list[tuple[NDArray[np.float64], ...]] = []
    for attempt in range(tries):
        z0 = rng.normal(size=sum(sizes)) if attempt else np.zeros(sum(sizes))
        sol = least_squares(residual, z0, xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=60)
        prof = profile(sol.x)
        if np.max(np.abs(residual(sol.x)), initial=0.0) < 1e-10 and all(
            np.min(p[list(s)]) > 1e-6 for p, s in zip(prof, support, strict=True)
        ):
            out.append(tuple(prof))
            if first:
                break
    return out


@dataclass(frozen=True)
class Enumeration:
    """Equilibrium profiles found and the supports with a continuum of equilibria."""

    profiles: list[tuple[NDArray[Any], ...]]
    continua: list[Support]


def enumerate_equilibria(
    payoffs: Sequence[NDArray[Any]],
    *,
    exact: bool,
    tol: float,
    groebner_max: int = 3,
    structured: bool = True,
    ints: Sequence[NDArray[Any]] | None = None,
) -> Enumeration:
    """All isolated equilibria (see the module docstring).

    With ``structured`` (the default), supports on which two or three players mix are
    first tried by :func:`solve_structured` (linear algebra and one univariate
    polynomial); the others, and those it declines, go to the Gröbner basis
    (``groebner_max`` unknowns at most) or the homotopy.

    ``payoffs`` are exact tensors (Fraction) when ``exact``; float tensors otherwise, which
    are converted to their exact binary rationals for the algebra and used as floats for
    refinement and checks. ``ints`` are :func:`integer_payoffs` of those exact payoffs,
    if already computed.

    A pure support (everyone on one action) that survives the dominance pruning is an
    equilibrium (no action beats the chosen one against the others' actions) and is
    recorded without a solve.
    """
    if ints is None:
        if exact:
            uq = [np.asarray(p, dtype=object) for p in payoffs]
        else:
            uq = []
            for p in payoffs:
                arr = np.empty(p.shape, dtype=object)
                arr.flat[:] = [Fraction(float(v)) for v in p.flat]
                uq.append(arr)
        ints = integer_payoffs(uq)
    uf = [np.asarray(p, dtype=np.float64) for p in payoffs]
    scale = max(1.0, *(float(np.max(np.abs(u))) for u in uf))
    found: list[tuple[NDArray[Any], ...]] = []
    continua: list[Support] = []
    moved = [_front(p, i) for i, p in enumerate(ints)]

    def accept(support: Support, prof: tuple[NDArray[Any], ...]) -> None:
        if all(p.dtype == object for p in prof):
            if exact:
                if _exact_check(ints, prof, support, moved):
                    found.append(prof)
                return
            prof = tuple(p.astype(np.float64) for p in prof)
        prof = newton(uf, support, prof)
        if any(np.any(p[list(s)] <= 0) for p, s in zip(prof, support, strict=True)):
            return
        regret = _float_regret(uf, prof)
        if exact:
            if regret > 1e-6 * scale:  # far from any equilibrium: no exact one nearby
                return
            q = _rational(prof)
            if _exact_check(ints, q, support, moved):
                found.append(q)
                return
        if regret <= tol * scale:
            found.append(prof)

    unit = [_front(p, i) for i, p in enumerate(_unit_from_ints(ints))]

    def screen(prof: tuple[NDArray[Any], ...]) -> bool:
        """Loose float test: probabilities >= -1e-6, regret <= 1e-6 of the payoff range."""
        f = [np.asarray(p, dtype=np.float64) for p in prof]
        if any(not np.all(np.isfinite(x)) or x.min() < -1e-6 for x in f):
            return False
        for i, sub in enumerate(unit):
            v = _values(sub, [f[j] for j in range(len(f)) if j != i])
            if v.max() - v @ f[i] > 1e-6:
                return False
        return True

    def loose_positive(support: Support, prof: tuple[NDArray[Any], ...]) -> bool:
        return all(
            float(np.min(np.asarray(p[list(s)], dtype=float))) > -1e-6
            for p, s in zip(prof, support, strict=True)
        )

    for _sizes, group in itertools.groupby(supports(ints), key=lambda s: tuple(map(len, s))):
        batch: list[Support] = []
        for support in group:
            n_vars = sum(len(s) - 1 for s in support)
            if n_vars == 0:
                pure = _profile([], support, ints[0].shape)
                found.append(pure if exact else tuple(p.astype(np.float64) for p in pure))
                continue
            fast = solve_structured(ints, support, screen) if structured and n_vars > 0 else None
            if fast is not None:
                for prof in fast.profiles:
                    if all(p.dtype == object for p in prof) or loose_positive(support, prof):
                        accept(support, prof)
                continue
            if n_vars > groebner_max:
                batch.append(support)
                continue
            res = solve_support(ints, support, groebner_max=groebner_max)
            if res.continuum:
                if continuum_verified(uf, support):
                    continua.append(support)
                if n_vars:  # isolated regular solutions on a positive-dimensional set
                    batch.append(support)
                continue
            for prof in res.profiles:
                if all(p.dtype == object for p in prof) or loose_positive(support, prof):
                    accept(support, prof)
        if batch:
            for support, res in zip(batch, solve_batch(ints, batch), strict=True):
                if res.continuum and support not in continua and continuum_verified(uf, support):
                    continua.append(support)
                for prof in res.profiles:
                    if loose_positive(support, prof):
                        accept(support, prof)
    return Enumeration(_unique(found), continua)


def _unique(profiles: list[tuple[NDArray[Any], ...]]) -> list[tuple[NDArray[Any], ...]]:
    out: list[tuple[NDArray[Any], ...]] = []
    flats: list[NDArray[np.float64]] = []
    for prof in profiles:
        flat = np.array([float(v) for p in prof for v in p])
        if any(np.max(np.abs(flat - q)) < 1e-9 for q in flats):
            continue
        out.append(prof)
        flats.append(flat)
    return out
