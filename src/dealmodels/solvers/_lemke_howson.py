r"""Private kernel: the Lemke–Howson algorithm by complementary pivoting on two tableaux.

With positive payoffs, write the best-response polytopes with slacks,

.. math:: B^\top x + s = \mathbf{1}, \qquad r + A y = \mathbf{1}, \qquad x, s, r, y \ge 0.

Variables are numbered by their labels: in the first tableau :math:`x_i` has label
:math:`i` and :math:`s_j` label :math:`m + j`; in the second :math:`r_i` has label :math:`i`
and :math:`y_j` label :math:`m + j`. Starting from the artificial equilibrium
:math:`(0, 0)`, the variable with the dropped label :math:`k` enters its tableau; the
variable that leaves (minimum ratio test) has some label :math:`l`, and the variable with
label :math:`l` enters the other tableau. The path ends when label :math:`k` leaves: every
label is then present once and the normalised :math:`(x, y)` is a Nash equilibrium
(Lemke and Howson 1964; von Stengel 2002).

Each tableau is kept *condensed* (a Tucker tableau, or dictionary): only the columns of
the nonbasic variables and the right-hand side, since the basic columns are unit vectors.
Row :math:`r` reads :math:`z_{\beta(r)} + \sum_c T_{rc}\, z_{\nu(c)} = T_{r,\mathrm{rhs}}`.
A pivot on :math:`p = T_{rc}` exchanges :math:`z_{\beta(r)}` and :math:`z_{\nu(c)}`:

.. math::

    T'_{rj} = T_{rj} / p, \quad T'_{rc} = 1 / p, \quad
    T'_{ij} = T_{ij} - T_{ic} T_{rj} / p, \quad T'_{ic} = -T_{ic} / p \quad (i \ne r).

All four cases are one rank-one update :math:`T' = T - u v^\top / p` with :math:`u` the
pivot column except :math:`u_r = p - 1` and :math:`v` the pivot row except
:math:`v_c = p + 1` (check: :math:`p - (p - 1)(p + 1)/p = 1/p`); :math:`T'_{rc}` is then
set to :math:`1/p` exactly. Float tableaux are Fortran-ordered and updated in place by one
BLAS ``dgemm`` call with inner dimension 1 (OpenBLAS runs it on one thread at these
sizes, where ``dger`` starts a second thread from about 8,000 entries and costs tens of
times more CPU on a loaded two-core machine; numpy's outer product plus subtraction makes
two passes and costs three times more).

The minimum ratio test picks the row minimising :math:`\mathrm{rhs}_i / T_{ic}` over
:math:`T_{ic} > 0`. While every right-hand side exceeds the tolerance (a nondegenerate
vertex), that row is the argmax of :math:`T_{ic} / \mathrm{rhs}_i`: one division and one
argmax. A tie shows after the pivot as a second right-hand side at zero,
:math:`\mathrm{rhs}_j - \rho\, T_{jc} \le \mathrm{tol}`; one argmin checks for it, and
on a tie (rare in float games) the pivot is undone (pivoting on the same entry again) and
redone by the lexicographic minimum ratio test: rows tied on the new right-hand side are
compared on :math:`(B^{-1})_{i k} / T_{ic}` for the original slack variables :math:`k`
in order, which makes every pivot unique and the path finite. The columns of
:math:`B^{-1}` are read off the condensed tableau (a nonbasic slack's column, or a unit
vector for a basic one) only for the tied rows and only as far as the tie persists. The
lexicographic test is used directly while the tableau sits at a degenerate vertex. Exact
games pivot on :class:`~fractions.Fraction` entries with the same rules and no tolerance.

Two kernels follow the float path: ``_float_path`` here (numpy and BLAS) and, when numba is
installed (``pip install dealmodels[fast]``), the same steps compiled in
:mod:`._lh_compiled` (see :func:`compiled_kernel` for which one a game gets). The
environment variable ``DEALMODELS_LH_KERNEL`` (read at import; ``auto``, ``numpy`` or
``numba``), or the module attribute ``kernel``, forces either one.

References
----------
.. [1] C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games", *SIAM Journal
   on Applied Mathematics* 12 (1964), pp. 413-423.
.. [2] B. von Stengel, "Computing equilibria for two-person games", in *Handbook of Game
   Theory with Economic Applications*, vol. 3, ch. 45, Elsevier, 2002, pp. 1723-1759.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from fractions import Fraction
from types import ModuleType
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from scipy.linalg.blas import dgemm

from dealmodels._validation import fail
from dealmodels.errors import ConvergenceError
from dealmodels.solvers._compiled_import import import_compiled

_UNBOUNDED = "Lemke-Howson: unbounded ray (the payoffs are not positive)"


class PivotLimitError(ConvergenceError):
    """The path did not end within the pivot budget (``pivots`` says how many ran)."""

    def __init__(self, message: str, pivots: int) -> None:
        super().__init__(message)
        self.pivots = pivots


def _limit_error(dropped: int, max_pivots: int) -> PivotLimitError:
    return PivotLimitError(
        f"Lemke-Howson from dropped label {dropped} did not reach an equilibrium "
        f"within max_pivots={max_pivots} pivots",
        max_pivots,
    )


KERNEL_VARIABLE = "DEALMODELS_LH_KERNEL"
KERNELS = ("auto", "numpy", "numba")
kernel: str = os.environ.get(KERNEL_VARIABLE, "auto")
"""Which float kernel :func:`compiled_kernel` picks: ``auto``, ``numpy`` or ``numba``."""

#: ``auto`` loads the compiled kernel (importing numba) for the first float game with at
#: least this many payoff entries per player (m * n; 50 x 50), and from then on uses it for
#: every float game: warm, it is faster at every size (about 8 against 34 microseconds a
#: call at 2 x 2, 14 against 65 at 50 x 50), but loading it costs about a second (the
#: import of numba and the cached machine code), which smaller games, typically saving
#: 0.03 to 0.06 ms a call, would earn back only after some 20,000 calls (docs/nash.md).
LOAD_MIN_ENTRIES = 2500

_compiled: ModuleType | Literal[False] | None = None  # the loaded module; False: numba is missing


def compiled_kernel(m: int, n: int) -> ModuleType | None:
    """The compiled kernel module for an ``m x n`` float game, or None for the numpy kernel.

    ``kernel == "numpy"``: always None. ``"numba"``: always the compiled kernel (an
    ``ImportError`` if numba cannot be imported). ``"auto"``: the compiled kernel if numba
    is importable and either it is already loaded or ``m * n >= LOAD_MIN_ENTRIES``; else
    None. Loading imports numba (about 0.5 to 1 s) and the compiled functions from numba's
    disk cache; the very first call after installing compiles them instead (tens of
    seconds on a loaded two-core machine, once: later processes load the cache).
    """
    global _compiled
    choice = kernel
    if choice == "auto":
        if _compiled is None and m * n < LOAD_MIN_ENTRIES:
            return None
    elif choice == "numpy":
        return None
    elif choice != "numba":
        raise fail(f"{KERNEL_VARIABLE} (the Lemke-Howson kernel)", f"one of {KERNELS}", choice)
    if _compiled is None or (_compiled is False and choice == "numba"):
        _compiled = import_compiled(
            "dealmodels.solvers._lh_compiled",
            "Lemke-Howson",
            KERNEL_VARIABLE,
            required=choice == "numba",
        )
    return _compiled or None


def frozen_c(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    """``matrix`` as a read-only C-ordered array (itself when it is one): the one array
    type the compiled Lemke–Howson kernel is compiled for."""
    if matrix.flags.c_contiguous and not matrix.flags.writeable:
        return matrix
    out = np.ascontiguousarray(matrix, dtype=np.float64)
    if out is matrix:
        out = matrix.view()
    out.flags.writeable = False
    return out


def compiled_path(
    module: ModuleType,
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    dropped: int,
    *,
    tol: float,
    max_pivots: int | None,
) -> tuple[NDArray[np.float64], NDArray[np.float64], int, tuple[float, float, float, float]]:
    """The compiled kernel's normalised ``(x, y, pivots, scales)`` on the raw payoffs.

    The same path, pivot count and end point as :func:`_float_path` on the scaled payoffs
    ``nash._lh_scaled(a)[0], nash._lh_scaled(b)[0]``, normalised as ``lemke_howson`` does
    (entries of at most 1e-12 set to zero, then divided by the sum). ``scales`` are
    ``(top_a, span_a, top_b, span_b)`` as ``_lh_scaled`` computes them, for the regret
    check ``module.pair_gains``.

    Raises
    ------
    PivotLimitError
        If the path has not ended after ``max_pivots`` pivots.
    ConvergenceError
        On an unbounded ray (not possible with the scaled, positive payoffs).
    """
    limit = -1 if max_pivots is None else max_pivots
    x, y, pivots, status, scales = module.path(a, b, dropped, tol, limit, True)
    if status:
        if status == module.LIMIT:
            raise _limit_error(dropped, limit)
        raise ConvergenceError(_UNBOUNDED)
    return x, y, pivots, scales


def lemke_howson_path(
    a: NDArray[Any], b: NDArray[Any], dropped: int, *, tol: float, max_pivots: int | None
) -> tuple[NDArray[Any], NDArray[Any], int]:
    """Unnormalised ``(x, y)`` at the end of the path dropping ``dropped``, and the pivots.

    ``a`` and ``b`` must be positive, float64 (``tol > 0``) or object arrays of Fractions
    (``tol = 0``). ``max_pivots=None`` follows the path to its end, however long.

    Raises
    ------
    PivotLimitError
        If the path has not ended after ``max_pivots`` pivots.
    """
    if a.dtype == object:
        return _exact_path(a, b, dropped, max_pivots)
    return _float_path(a, b, dropped, tol, max_pivots)


# -- floats ----------------------------------------------------------------------------------


def _float_pivot(t: NDArray[np.float64], r: int, c: int) -> None:
    """Pivot the Fortran-ordered condensed tableau ``t`` on ``t[r, c]`` in place."""
    p = float(t[r, c])
    u = t[:, c : c + 1].copy()
    u[r, 0] = p - 1.0
    v = t[r : r + 1].copy()
    v[0, c] = p + 1.0
    dgemm(-1.0 / p, u, v, 1.0, t, 0, 0, 1)
    t[r, c] = 1.0 / p


def _float_lex_row(
    t: NDArray[np.float64],
    c: int,
    basic: list[int],
    column_of: list[int],
    slacks: Sequence[int],
    tol: float,
) -> int:
    """Lexicographic minimum ratio test for entering column ``c`` of a float tableau."""
    col, rhs = t[:, c], t[:, -1]
    cand = np.flatnonzero(col > tol)
    if cand.size == 0:
        raise ConvergenceError(_UNBOUNDED)
    entries, values = col[cand], rhs[cand]
    least = float((values / entries).min())
    cand = cand[values - least * entries <= tol]  # rows whose new value would be zero
    if cand.size == 1:
        return int(cand[0])
    rows = cand.tolist()
    for label in slacks:
        k = column_of[label]
        if k >= 0:  # a nonbasic slack: its column of B^-1 is its tableau column
            key = t[rows, k] / col[rows]
        else:  # a basic slack: a unit column
            key = (np.asarray(rows) == basic.index(label)) / col[rows]
        keep = key <= key.min() + tol
        rows = [i for i, ok in zip(rows, keep.tolist(), strict=True) if ok]
        if len(rows) == 1:
            break
    return rows[0]


def _float_path(
    a: NDArray[np.float64],
    b: NDArray[np.float64],
    dropped: int,
    tol: float,
    max_pivots: int | None,
) -> tuple[NDArray[np.float64], NDArray[np.float64], int]:
    m, n = a.shape
    sides = []
    for matrix, first_basic, first_nonbasic in ((b.T, m, 0), (a, 0, m)):
        rows, cols = matrix.shape
        t = np.empty((rows, cols + 1), order="F")
        t[:, :cols] = matrix
        t[:, cols] = 1.0
        column_of = [-1] * (m + n)
        column_of[first_nonbasic : first_nonbasic + cols] = range(cols)
        views: list[Any] = [None] * cols  # (rows, 1) column views, made when first needed
        basic = list(range(first_basic, first_basic + rows))
        rhs, rhs1 = t[:, cols : cols + 1], t[:, cols]
        sides.append((t, rhs, rhs1, np.empty((rows, 1)), views, basic, column_of))
    clean = [True, True]  # every right-hand side above tol: no degenerate vertex
    divide = np.divide
    side = 0 if dropped < m else 1
    entering = dropped
    pivots = 0
    limit = -1 if max_pivots is None else max_pivots
    while True:
        if pivots == limit:
            raise _limit_error(dropped, limit)
        t, rhs, rhs1, q, views, basic, column_of = sides[side]
        c = column_of[entering]
        col = views[c]
        if col is None:
            col = views[c] = t[:, c : c + 1]
        fast = False
        if clean[side]:
            divide(col, rhs, out=q)
            r = int(q.argmax())
            p = col.item(r)
            fast = p > tol
        if fast:
            u = col.copy()
            u[r, 0] = p - 1.0
            v = t[r : r + 1].copy()
            v[0, c] = p + 1.0
            dgemm(-1.0 / p, u, v, 1.0, t, 0, 0, 1)
            if p > 8.0:  # (p - 1)(p + 1)/p loses about p**2 ulps of 1/p
                t[r, c] = 1.0 / p
            if rhs1.item(rhs1.argmin()) <= tol:  # a tie, or a degenerate vertex reached
                _float_pivot(t, r, c)  # undo, and take the lexicographic test below
                fast = False
        if not fast:
            slacks = range(m, m + n) if side == 0 else range(m)
            r = _float_lex_row(t, c, basic, column_of, slacks, tol)
            _float_pivot(t, r, c)
            clean[side] = bool(rhs1.min() > tol)
        leaving = basic[r]
        basic[r] = entering
        column_of[entering] = -1
        column_of[leaving] = c
        pivots += 1
        if leaving == dropped:
            break
        entering = leaving
        side ^= 1
    x, y = np.zeros(m), np.zeros(n)
    for label, value in zip(sides[0][5], sides[0][2].tolist(), strict=True):
        if label < m:
            x[label] = value
    for label, value in zip(sides[1][5], sides[1][2].tolist(), strict=True):
        if label >= m:
            y[label - m] = value
    return x, y, pivots


# -- exact (Fractions) -----------------------------------------------------------------------


class _ExactTableau:
    """One condensed tableau of Fractions: ``basic[r]`` and ``nonbasic[c]`` hold labels."""

    def __init__(self, matrix: NDArray[Any], basic_labels: range, nonbasic_labels: range) -> None:
        rows, cols = matrix.shape
        tab = np.empty((rows, cols + 1), dtype=object)
        tab[:, :cols] = matrix
        tab[:, cols] = Fraction(1)
        self.tab = tab
        self.basic = list(basic_labels)
        self.nonbasic = list(nonbasic_labels)
        self.column_of = {label: c for c, label in enumerate(self.nonbasic)}
        self.row_of = {label: r for r, label in enumerate(self.basic)}
        self.slacks = tuple(basic_labels)  # the original basis: the lexicographic keys

    def leaving_row(self, c: int) -> int:
        """Lexicographic minimum ratio test for entering column ``c``."""
        tab = self.tab
        col = tab[:, c]
        rhs = tab[:, -1].tolist()
        entries = col.tolist()
        cand = [i for i, v in enumerate(entries) if v > 0]
        if not cand:
            raise ConvergenceError(_UNBOUNDED)
        ratios = [rhs[i] / entries[i] for i in cand]
        least = min(ratios)
        cand = [i for i, v in zip(cand, ratios, strict=True) if v == least]
        for label in self.slacks:
            if len(cand) == 1:
                break
            k = self.column_of.get(label)
            if k is not None:
                key = tab[:, k]
                vals = [key[i] / entries[i] for i in cand]
            else:
                row = self.row_of[label]
                vals = [Fraction(int(i == row)) / entries[i] for i in cand]
            least = min(vals)
            cand = [i for i, v in zip(cand, vals, strict=True) if v == least]
        return cand[0]

    def pivot(self, r: int, c: int) -> int:
        """Exchange basic row ``r`` with nonbasic column ``c``; returns the leaving label."""
        tab = self.tab
        colc = tab[:, c].copy()
        p = colc[r]
        tab[r] = tab[r] / p
        colc[r] = 0
        tab -= np.multiply.outer(colc, tab[r])
        tab[:, c] = -colc / p
        tab[r, c] = 1 / p
        leaving, entering = self.basic[r], self.nonbasic[c]
        self.basic[r], self.nonbasic[c] = entering, leaving
        self.row_of[entering] = r
        del self.row_of[leaving]
        self.column_of[leaving] = c
        del self.column_of[entering]
        return leaving

    def values(self, labels: range) -> dict[int, Any]:
        """Basic values of the variables with the given labels (the others are zero)."""
        rhs = self.tab[:, -1]
        return {v: rhs[r] for r, v in enumerate(self.basic) if v in labels}


def _exact_path(
    a: NDArray[Any], b: NDArray[Any], dropped: int, max_pivots: int | None
) -> tuple[NDArray[Any], NDArray[Any], int]:
    m, n = a.shape
    t1 = _ExactTableau(b.T, range(m, m + n), range(m))  # s basic, x nonbasic
    t2 = _ExactTableau(a, range(m), range(m, m + n))  # r basic, y nonbasic
    tabs = (t1, t2)
    entering = dropped
    side = 0 if dropped < m else 1
    pivots = 0
    while True:
        if max_pivots is not None and pivots >= max_pivots:
            raise _limit_error(dropped, max_pivots)
        tab = tabs[side]
        c = tab.column_of[entering]
        leaving = tab.pivot(tab.leaving_row(c), c)
        pivots += 1
        if leaving == dropped:
            break
        entering = leaving
        side = 1 - side
    x = np.array([Fraction(0)] * m, dtype=object)
    y = np.array([Fraction(0)] * n, dtype=object)
    for v, value in t1.values(range(m)).items():
        x[v] = value
    for v, value in t2.values(range(m, m + n)).items():
        y[v - m] = value
    return x, y, pivots
