r"""Private kernel: all isolated complex roots of a multilinear indifference system.

The system has unknown blocks :math:`x_j \in \mathbb{C}^{k_j - 1}` (player :math:`j`'s
free probabilities) and equations grouped by player :math:`i`, each affine in every block
:math:`x_j` with :math:`j \ne i` and free of :math:`x_i`:

.. math:: F_e(x) = C_e \times_{j \ne i} m_j(x_j), \qquad m_j(x_j) = (1, x_j).

It is solved by a linear-product homotopy (Morgan and Sommese 1987): the start system
:math:`G_e(x) = \prod_{j \ne i} r_{e,j} \cdot m_j(x_j)` with random complex
:math:`r_{e,j}` has the same multihomogeneous structure, so its roots (one per way of
giving each block :math:`j` exactly :math:`k_j - 1` equations, each solved as a linear
system) number the multihomogeneous Bézout bound, and the paths of

.. math:: H(x, t) = \gamma (1 - t) G(x) + t F(x), \qquad t: 0 \to 1,

with a random complex :math:`\gamma` (the "gamma trick") are regular for :math:`t < 1`
and end at every isolated root of :math:`F` (all paths are tracked together: Euler
predictor, Newton corrector, step halving on failure).

References
----------
.. [1] A. P. Morgan and A. J. Sommese, "A homotopy for solving general polynomial
   systems that respects m-homogeneous structures", *Applied Mathematics and
   Computation* 24 (1987), pp. 101-113.
.. [2] A. J. Sommese and C. W. Wampler, *The Numerical Solution of Systems of Polynomials
   Arising in Engineering and Science*, World Scientific, 2005, ch. 2 and 8.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

_SEED = 20260101


@dataclass(frozen=True)
class Block:
    """Equations of one player, for a batch of systems with the same structure.

    ``coef`` has shape ``(batch, n_equations, k_{j_1}, ..., k_{j_r})`` for the blocks
    ``others`` (indices into the block list) in increasing order.
    """

    coef: NDArray[np.complex128]
    others: tuple[int, ...]


def _offsets(sizes: Sequence[int]) -> NDArray[np.intp]:
    return np.concatenate([[0], np.cumsum([k - 1 for k in sizes])]).astype(np.intp)


def _eval(
    coefs: Sequence[NDArray[np.complex128]],
    blocks: Sequence[Block],
    sizes: Sequence[int],
    m: Sequence[NDArray[np.complex128]],
    f: NDArray[np.complex128],
    jac: NDArray[np.complex128],
) -> None:
    """Write values (P, N) and Jacobian (P, N, N) of the target systems at P points."""
    off = _offsets(sizes)
    row = 0
    letters = "abcdefghijklmnopqrstuvw"
    for coef, b in zip(coefs, blocks, strict=True):
        e = coef.shape[1]
        axes = letters[: len(b.others)]
        for pos, j in enumerate(b.others):
            if len(b.others) == 1:
                d = coef
            else:
                ops = [m[o] for q, o in enumerate(b.others) if q != pos]
                spec = (
                    "YZ" + axes + ","
                    + ",".join("Y" + axes[q] for q in range(len(b.others)) if q != pos)
                    + "->YZ" + axes[pos]
                )  # fmt: skip
                d = np.einsum(spec, coef, *ops)
            jac[:, row : row + e, off[j] : off[j + 1]] = d[:, :, 1:]
            if pos == 0:
                f[:, row : row + e] = np.einsum("yzk,yk->yz", d, m[j])
        row += e


def _start(
    blocks: Sequence[Block], sizes: Sequence[int], rng: np.random.Generator
) -> tuple[list[list[NDArray[np.complex128]]], NDArray[np.complex128]]:
    """Random linear factors (per block, per other block: (n_equations, k_j)) and the
    start system's roots."""
    factors: list[list[NDArray[np.complex128]]] = []
    owners: list[tuple[int, ...]] = []
    for b in blocks:
        e = b.coef.shape[1]
        factors.append(
            [
                rng.normal(size=(e, sizes[j])) + 1j * rng.normal(size=(e, sizes[j]))
                for j in b.others
            ]
        )
        owners.extend([b.others] * e)
    flat = [[fs[q][r] for q in range(len(fs))] for fs in factors for r in range(fs[0].shape[0])]
    need = [k - 1 for k in sizes]
    off = _offsets(sizes)
    roots = []
    for choice in itertools.product(*[range(len(o)) for o in owners]):
        count = [0] * len(sizes)
        for e, q in enumerate(choice):
            count[owners[e][q]] += 1
        if count != need:
            continue
        x = np.zeros(off[-1], dtype=complex)
        for j in range(len(sizes)):
            a = np.array([flat[e][q] for e, q in enumerate(choice) if owners[e][q] == j])
            x[off[j] : off[j + 1]] = np.linalg.solve(a[:, 1:], -a[:, 0])
        roots.append(x)
    return factors, np.array(roots)


def _start_coefficients(
    factors: Sequence[Sequence[NDArray[np.complex128]]],
) -> list[NDArray[np.complex128]]:
    """The start system's coefficients: per equation, the outer product of its factors."""
    out = []
    for rs in factors:
        e = rs[0].shape[0]
        rows = []
        for k in range(e):
            c = rs[0][k]
            for r in rs[1:]:
                c = np.multiply.outer(c, r[k])
            rows.append(c)
        out.append(np.array(rows).reshape((e, *(r.shape[1] for r in rs))))
    return out


def _values(
    coefs: Sequence[NDArray[np.complex128]],
    blocks: Sequence[Block],
    m: Sequence[NDArray[np.complex128]],
) -> NDArray[np.complex128]:
    """Values (P, N) only."""
    letters = "abcdefghijklmnopqrstuvw"
    parts = []
    for coef, b in zip(coefs, blocks, strict=True):
        axes = letters[: len(b.others)]
        spec = "YZ" + axes + "," + ",".join("Y" + a for a in axes) + "->YZ"
        parts.append(np.einsum(spec, coef, *[m[o] for o in b.others]))
    return np.concatenate(parts, axis=1)


def _monomials(x: NDArray[np.complex128], sizes: Sequence[int]) -> list[NDArray[np.complex128]]:
    out = []
    k = 0
    ones = np.ones((x.shape[0], 1), dtype=complex)
    for s in sizes:
        out.append(np.concatenate([ones, x[:, k : k + s - 1]], axis=1))
        k += s - 1
    return out


@dataclass(frozen=True)
class Roots:
    """Path endpoints, ``(batch, n_paths, N)``, and whether each is a regular root."""

    points: NDArray[np.complex128]
    regular: NDArray[np.bool_]


def _solve(a: NDArray[np.complex128], b: NDArray[np.complex128]) -> NDArray[np.complex128]:
    """Batched solve; singular systems give inf rows instead of raising."""
    try:
        return np.asarray(np.linalg.solve(a, b[:, :, None])[:, :, 0], dtype=np.complex128)
    except np.linalg.LinAlgError:
        out = np.full(b.shape, np.inf, dtype=complex)
        for k in range(len(a)):
            with contextlib.suppress(np.linalg.LinAlgError):
                out[k] = np.linalg.solve(a[k], b[k])
        return out


def solve(blocks: Sequence[Block], sizes: Sequence[int], *, seed: int = _SEED) -> Roots:
    """Track every path of the linear-product homotopy for each system of the batch."""
    rng = np.random.default_rng(seed)
    factors, x0 = _start(blocks, sizes, rng)
    n = sum(k - 1 for k in sizes)
    batch = blocks[0].coef.shape[0]
    r = len(x0)
    if r == 0:
        return Roots(np.zeros((batch, 0, n), dtype=complex), np.zeros((batch, 0), dtype=bool))
    gamma = np.exp(2j * np.pi * rng.random())
    scale = np.ones(batch)
    for b in blocks:
        scale = np.maximum(scale, np.abs(b.coef).reshape(batch, -1).max(axis=1))
    owner = np.repeat(np.arange(batch), r)  # path -> system
    start = _start_coefficients(factors)
    target = [
        (b.coef / scale.reshape((batch,) + (1,) * (b.coef.ndim - 1)))[owner] for b in blocks
    ]  # per path
    target_minus_start = [c - gamma * g[None] for c, g in zip(target, start, strict=True)]
    x = np.tile(x0, (batch, 1))

    def hom(
        idx: NDArray[np.intp],
        xs: NDArray[np.complex128],
        ts: NDArray[np.float64],
        *,
        with_t: bool = False,
    ) -> tuple[NDArray[np.complex128], NDArray[np.complex128], NDArray[np.complex128] | None]:
        mono = _monomials(xs, sizes)
        p = len(idx)
        h = np.empty((p, n), dtype=complex)
        hx = np.zeros((p, n, n), dtype=complex)
        coefs = []
        for c, g in zip(target, start, strict=True):
            tt = ts.reshape((p,) + (1,) * (c.ndim - 1))
            coefs.append(tt * c[idx] + (gamma * (1 - tt)) * g[None])
        _eval(coefs, blocks, sizes, mono, h, hx)
        ht = _values([c[idx] for c in target_minus_start], blocks, mono) if with_t else None
        return h, hx, ht

    p = len(x)
    t = np.zeros(p)
    step = np.full(p, 0.05)
    active = np.ones(p, dtype=bool)
    failed = np.zeros(p, dtype=bool)
    streak = np.zeros(p, dtype=int)
    for _ in range(3000):
        idx = np.flatnonzero(active)
        if not len(idx):
            break
        xs, ts = x[idx], t[idx]
        hs = np.minimum(step[idx], 1.0 - ts)

        def tangent(
            xx: NDArray[np.complex128],
            tt: NDArray[np.float64],
            idx: NDArray[np.intp] = idx,
        ) -> NDArray[np.complex128]:
            _, hx, ht = hom(idx, xx, tt, with_t=True)
            assert ht is not None
            d = _solve(hx, -ht)
            return np.where(np.isfinite(d), d, 0)

        k1 = tangent(xs, ts)
        k2 = tangent(xs + (hs / 2)[:, None] * k1, ts + hs / 2)
        k3 = tangent(xs + (hs / 2)[:, None] * k2, ts + hs / 2)
        k4 = tangent(xs + hs[:, None] * k3, ts + hs)
        t1 = ts + hs
        x1 = xs + (hs / 6)[:, None] * (k1 + 2 * k2 + 2 * k3 + k4)
        ok = np.ones(len(idx), dtype=bool)
        for it in range(3):
            h, hx, _ = hom(idx, x1, t1)
            corr = _solve(hx, -h)
            fin = np.all(np.isfinite(corr), axis=1)
            x1 = x1 + np.where(fin[:, None], corr, 0)
            size = np.where(fin, np.max(np.abs(corr), axis=1), np.inf) / (
                1.0 + np.max(np.abs(x1), axis=1)
            )
            if it == 0:
                ok &= size < 1e-3
            prev = size
        ok &= prev < 1e-9
        good, bad = idx[ok], idx[~ok]
        x[good] = x1[ok]
        t[good] = t1[ok]
        streak[good] += 1
        streak[bad] = 0
        grow = good[streak[good] >= 2]
        step[grow] = np.minimum(step[grow] * 2.0, 0.25)
        step[bad] /= 2
        failed[bad[step[bad] < 1e-7]] = True
        big = np.max(np.abs(x), axis=1) > 1e9
        active &= ~((t >= 1.0) | failed | big)
    every = np.arange(p)
    ones = np.ones(p)
    for _ in range(15):
        h, hx, _ = hom(every, x, ones)
        corr = _solve(hx, -h)
        corr = np.where(np.isfinite(corr), corr, 0)
        x = x + corr
        if np.max(np.abs(corr)) < 1e-15:
            break
    h, hx, _ = hom(every, x, ones)
    sv = np.linalg.svd(hx, compute_uv=False)
    regular = (sv[:, -1] > 1e-9 * np.maximum(sv[:, 0], 1e-300)) & ~failed
    regular &= np.max(np.abs(x), axis=1) < 1e8
    return Roots(x.reshape(batch, r, n), regular.reshape(batch, r))
