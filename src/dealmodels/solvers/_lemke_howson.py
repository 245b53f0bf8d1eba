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
    T'_{ij} = T_{ij} - T_{ic} T_{rj} / p, \quad T'_{ic} = -T_{ic} / p \quad (i \ne r),

one rank-one update of a preallocated array, done in place (two ufunc calls into a
preallocated buffer for floats; BLAS ``dger`` would be threaded, which costs more than it
saves at these sizes on a loaded machine).

Degenerate games are handled by the lexicographic minimum ratio test: rows tied on
:math:`\text{rhs} / T_{ic}` are compared on :math:`(B^{-1})_{i k} / T_{ic}` for the
original slack variables :math:`k` in order, which makes every pivot unique and the path
finite. The columns of :math:`B^{-1}` are read off the condensed tableau (a nonbasic
slack's column, or a unit vector for a basic one) only for the tied rows and only as far
as the tie persists, so a nondegenerate pivot costs one ratio test. Floats compare with a
tolerance; exact games pivot on :class:`~fractions.Fraction` entries.

References
----------
.. [1] C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games", *SIAM Journal
   on Applied Mathematics* 12 (1964), pp. 413-423.
.. [2] B. von Stengel, "Computing equilibria for two-person games", in *Handbook of Game
   Theory with Economic Applications*, vol. 3, ch. 45, Elsevier, 2002, pp. 1723-1759.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dealmodels.errors import ConvergenceError

_UNBOUNDED = "Lemke-Howson: unbounded ray (the payoffs are not positive)"


class PivotLimitError(ConvergenceError):
    """The path did not end within the pivot budget (``pivots`` says how many ran)."""

    def __init__(self, message: str, pivots: int) -> None:
        super().__init__(message)
        self.pivots = pivots


class _Tableau:
    """One condensed tableau: ``basic[r]`` and ``nonbasic[c]`` hold variable labels."""

    def __init__(self, matrix: NDArray[Any], basic_labels: range, nonbasic_labels: range) -> None:
        rows, cols = matrix.shape
        exact = matrix.dtype == object
        if exact:
            tab = np.empty((rows, cols + 1), dtype=object)
            tab[:, :cols] = matrix
            tab[:, cols] = Fraction(1)
        else:
            tab = np.empty((rows, cols + 1), dtype=np.float64)
            tab[:, :cols] = matrix
            tab[:, cols] = 1.0
            self._update = np.empty_like(tab)
            self._ratios = np.empty(rows)
        self.tab = tab
        self.basic = list(basic_labels)
        self.nonbasic = list(nonbasic_labels)
        self.column_of = {label: c for c, label in enumerate(self.nonbasic)}
        self.row_of = {label: r for r, label in enumerate(self.basic)}
        self.slacks = tuple(basic_labels)  # the original basis: the lexicographic keys
        self.exact = exact

    def key_column(self, label: int) -> NDArray[Any] | int:
        """Column of :math:`B^{-1}` for original slack ``label``: an array, or a unit row index."""
        c = self.column_of.get(label)
        if c is not None:
            return self.tab[:, c]
        return self.row_of[label]

    def leaving_row(self, c: int, tol: float) -> int:
        """Lexicographic minimum ratio test for entering column ``c``."""
        tab = self.tab
        col = tab[:, c]
        cand: list[int]
        if self.exact:
            rhs = tab[:, -1].tolist()
            entries = col.tolist()
            cand = [i for i, v in enumerate(entries) if v > 0]
            if not cand:
                raise ConvergenceError(_UNBOUNDED)
            exact_ratios = [rhs[i] / entries[i] for i in cand]
            least = min(exact_ratios)
            cand = [i for i, v in zip(cand, exact_ratios, strict=True) if v == least]
        else:
            ratios = self._ratios
            ratios.fill(np.inf)
            np.divide(tab[:, -1], col, out=ratios, where=col > tol)
            r = int(ratios.argmin())
            if ratios[r] == np.inf:
                raise ConvergenceError(_UNBOUNDED)
            tied = ratios <= ratios[r] + tol
            if np.count_nonzero(tied) == 1:
                return r
            cand = np.flatnonzero(tied).tolist()
        for label in self.slacks:
            if len(cand) == 1:
                break
            key = self.key_column(label)
            if isinstance(key, int):
                vals = [(1 if i == key else 0) / col[i] for i in cand]
            else:
                vals = [key[i] / col[i] for i in cand]
            bound = min(vals) + tol if tol else min(vals)  # exact: Fraction, no float
            cand = [i for i, v in zip(cand, vals, strict=True) if v <= bound]
        return cand[0]

    def pivot(self, r: int, c: int) -> int:
        """Exchange basic row ``r`` with nonbasic column ``c``; returns the leaving label."""
        tab = self.tab
        colc = tab[:, c].copy()
        p = colc[r]
        if self.exact:
            tab[r] = tab[r] / p
            colc[r] = 0
            tab -= np.multiply.outer(colc, tab[r])
            tab[:, c] = -colc / p
            tab[r, c] = 1 / p
        else:
            tab[r] *= 1.0 / p
            colc[r] = 0.0
            np.multiply.outer(colc, tab[r], out=self._update)
            np.subtract(tab, self._update, out=tab)
            tab[:, c] = colc * (-1.0 / p)
            tab[r, c] = 1.0 / p
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
    m, n = a.shape
    t1 = _Tableau(b.T, range(m, m + n), range(m))  # s basic, x nonbasic
    t2 = _Tableau(a, range(m), range(m, m + n))  # r basic, y nonbasic
    tabs = (t1, t2)
    entering = dropped
    side = 0 if dropped < m else 1
    pivots = 0
    while True:
        if max_pivots is not None and pivots >= max_pivots:
            raise PivotLimitError(
                f"Lemke-Howson from dropped label {dropped} did not reach an equilibrium "
                f"within max_pivots={max_pivots} pivots",
                pivots,
            )
        tab = tabs[side]
        c = tab.column_of[entering]
        r = tab.leaving_row(c, tol)
        leaving = tab.pivot(r, c)
        pivots += 1
        if leaving == dropped:
            break
        entering = leaving
        side = 1 - side
    zero: Any = Fraction(0) if a.dtype == object else 0.0
    x = np.array([zero] * m, dtype=a.dtype)
    y = np.array([zero] * n, dtype=a.dtype)
    for v, value in t1.values(range(m)).items():
        x[v] = value
    for v, value in t2.values(range(m, m + n)).items():
        y[v - m] = value
    return x, y, pivots
