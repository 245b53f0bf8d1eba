r"""Regime maps: which regime holds over a rectangle of two parameters, and the exact boundary.

The map solves the model on a ``resolution`` × ``resolution`` grid over
:math:`[x_{lo}, x_{hi}] \times [y_{lo}, y_{hi}]` (one broadcasting ``solve`` call), with every
other parameter at its fixed, disposition or default value. The boundary of the cooperation
region comes from the model's exact :class:`~dealmodels.symbolic.Condition`, not from the
grid. With the other parameters' numbers substituted (:meth:`Condition.subs`), the condition
is a relation :math:`g(x, y) \ge 0` (or ``>``, ``<=``, ``<``) in the two axes:

1. if the numerator of :math:`g` is a polynomial of degree at most 2 in :math:`y`, the
   boundary equation :math:`g = 0` is solved for :math:`y` (:meth:`Condition.solve_for`,
   direction from the parameters' assumptions; or ``sympy.solve`` for its unique real root,
   direction read off the grid and accepted only if it classifies every grid point off the
   curve correctly). The boundary is the curve :math:`y = t(x)` on a grid 4 × finer
   (``kind="threshold"``), with the side where cooperation holds (``direction``);
2. otherwise the same for :math:`x`, giving :math:`x = t(y)`;
3. otherwise (transcendental boundaries, for which sympy's solver may not return, or
   conditions over derived quantities) ``Condition.holds`` is evaluated on the grid and the
   plot draws its 0.5 contour (``kind="contour"``; where the condition cannot be evaluated
   from the model's parameters alone, the contour of the solver's ``cooperates``).

Cooperation is the condition holding; the regimes inside and outside it are model-specific
(M1: "compliance" and "deal" inside, "takeover attempt" outside).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from dealmodels._validation import check_int, fail
from dealmodels.analysis._common import (
    check_disposition,
    check_fixed,
    check_model,
    check_parameter_name,
    regime_codes,
)
from dealmodels.dispositions import Disposition
from dealmodels.errors import DealModelsError, InvalidParameterError
from dealmodels.models._base import Model

if TYPE_CHECKING:
    from dealmodels.symbolic import Condition

__all__ = ["Boundary", "RegionMap", "regions"]

Axis = tuple[str, float, float]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Boundary:
    """The exact boundary of the cooperation region on a regime map.

    Attributes
    ----------
    kind : {"threshold", "contour", "none"}
        How it was obtained (see the module docstring); ``"none"`` when the condition does
        not depend on either axis.
    along : str
        For ``"threshold"``, the parameter the curve is a function of (``x`` or ``y`` name).
    solved : str
        For ``"threshold"``, the parameter solved for.
    t : ndarray
        The ``along`` values of the curve.
    value : ndarray
        The threshold of ``solved`` at each ``t`` (NaN where undefined).
    direction : str
        Cooperation holds iff ``solved direction value`` (``">="``, ``">"``, ``"<="``, ``"<"``).
    expression : str
        The threshold as LaTeX, with the parameters' LaTeX names (``""`` for a contour).
    holds : ndarray of bool
        The condition on the map's grid, shape ``(len(y), len(x))`` (used for contours).
    """

    kind: Literal["threshold", "contour", "none"]
    along: str
    solved: str
    t: NDArray[np.float64]
    value: NDArray[np.float64]
    direction: str
    expression: str
    holds: NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class RegionMap:
    """A regime map over two parameters.

    Attributes
    ----------
    model : str
        The model's name.
    x_name, y_name : str
        The two parameters.
    x, y : ndarray
        Grid values along each axis.
    codes : ndarray of int, shape (len(y), len(x))
        Index into ``regimes`` of the regime at each grid point (rows: y, columns: x).
    regimes : tuple of str
        The regime labels (the model's order).
    cooperates : ndarray of bool, shape (len(y), len(x))
        Whether the model reports cooperation at each grid point.
    boundary : Boundary
        The exact boundary of the cooperation region.
    values : dict
        The other parameters' values (fixed, disposition or default).
    x_description, y_description : str
        The two parameters' descriptions (for axis labels).
    """

    model: str
    x_name: str
    y_name: str
    x: NDArray[np.float64]
    y: NDArray[np.float64]
    codes: NDArray[np.int16]
    regimes: tuple[str, ...]
    cooperates: NDArray[np.bool_]
    boundary: Boundary
    values: Mapping[str, Any]
    x_description: str = ""
    y_description: str = ""

    @property
    def regime(self) -> NDArray[np.str_]:
        """The regime labels on the grid, shape ``(len(y), len(x))``."""
        return np.asarray(self.regimes, dtype=str)[self.codes]

    def share(self, regime: str) -> float:
        """Fraction of the map's grid points in ``regime``."""
        if regime not in self.regimes:
            raise fail("regime", f"one of {list(self.regimes)}", regime)
        return float(np.mean(self.codes == self.regimes.index(regime)))


def regions(
    model: Model,
    x: Axis,
    y: Axis,
    *,
    fixed: Mapping[str, float] | None = None,
    disposition: Disposition | None = None,
    resolution: int = 200,
) -> RegionMap:
    r"""The regime map of ``model`` over two parameters, with the exact cooperation boundary.

    Parameters
    ----------
    model : Model
        Any model following the protocol.
    x, y : tuple (name, low, high)
        The horizontal and vertical parameters and their ranges (inside their domains,
        ``low < high``).
    fixed : mapping of str to float, optional
        Values for other parameters (defaults and ``disposition`` fill the rest).
    disposition : Disposition, optional
        Overrides the model's disposition.
    resolution : int, default 200
        Grid points per axis (2 to 4000); the boundary curve uses 4 × as many points.

    Returns
    -------
    RegionMap

    Examples
    --------
    >>> from dealmodels.models import TakeoverDecision
    >>> m = regions(TakeoverDecision(), x=("trust", 0, 1), y=("p", 0, 1),
    ...             fixed={"budget": 1.0, "prize": 1.0, "loss": 0.0}, resolution=51)
    >>> m.boundary.kind, m.boundary.solved, m.boundary.direction
    ('threshold', 'p', '<=')
    >>> round(m.share("takeover attempt"), 2)  # cooperation iff p <= trust
    0.49
    """
    model = check_model(model)
    disposition = check_disposition(disposition)
    resolution = check_int("resolution", resolution, low=2, high=4000)
    x_name, x_lo, x_hi = _check_axis(model, "x", x)
    y_name, y_lo, y_hi = _check_axis(model, "y", y)
    if x_name == y_name:
        raise InvalidParameterError(f"x and y must be different parameters; got both {x_name!r}")
    fixed_values = check_fixed(model, fixed, [x_name, y_name])
    xs = np.linspace(x_lo, x_hi, resolution)
    ys = np.linspace(y_lo, y_hi, resolution)
    gx, gy = np.meshgrid(xs, ys)  # rows: y, columns: x
    result = model.solve(disposition, **fixed_values, **{x_name: gx, y_name: gy})
    shape = gx.shape
    regime = np.broadcast_to(np.asarray(result.regime), shape)
    categories = list(model.regimes)
    codes = regime_codes(regime, categories)
    cooperates = np.broadcast_to(np.asarray(result.cooperates, dtype=bool), shape).copy()
    others = {
        k: v
        for k, v in model.resolve(disposition, **fixed_values).items()
        if k not in (x_name, y_name)
    }
    boundary = _boundary(
        model, (x_name, x_lo, x_hi), (y_name, y_lo, y_hi), others, gx, gy, resolution, cooperates
    )
    return RegionMap(
        model=model.name,
        x_name=x_name,
        y_name=y_name,
        x=xs,
        y=ys,
        codes=codes,
        regimes=tuple(categories),
        cooperates=cooperates,
        boundary=boundary,
        values=others,
        x_description=model.parameters[x_name].description,
        y_description=model.parameters[y_name].description,
    )


def _check_axis(model: Model, which: str, axis: object) -> Axis:
    if not isinstance(axis, tuple | list) or len(axis) != 3:
        raise fail(which, "a tuple (name, low, high)", axis)
    name, lo, hi = axis
    param = check_parameter_name(model, name, which)
    try:
        lo_f, hi_f = float(lo), float(hi)
    except (TypeError, ValueError):
        raise fail(which, "a tuple (name, low, high) with real low and high", axis) from None
    if not (math.isfinite(lo_f) and math.isfinite(hi_f) and lo_f < hi_f):
        raise fail(which, "a range with finite low < high", axis)
    param.validate(np.array([lo_f, hi_f]))
    return str(name), lo_f, hi_f


def _boundary(
    model: Model,
    x: Axis,
    y: Axis,
    others: Mapping[str, Any],
    gx: NDArray[np.float64],
    gy: NDArray[np.float64],
    resolution: int,
    cooperates: NDArray[np.bool_],
) -> Boundary:
    """The exact boundary: a threshold curve where sympy can solve, else the holds grid."""
    cond = model.cooperation_condition()
    cparams = cond.parameters
    values = {k: v for k, v in others.items() if k in cparams}
    grid_values = {**values}
    if x[0] in cparams:
        grid_values[x[0]] = gx
    if y[0] in cparams:
        grid_values[y[0]] = gy
    empty = np.array([], dtype=float)
    try:
        holds = np.broadcast_to(
            np.asarray(cond.holds(validate=False, **grid_values), dtype=bool), gx.shape
        ).copy()
    except DealModelsError:
        # the condition uses a derived quantity that is not a model parameter: draw the
        # boundary of the solver's cooperation region instead
        return Boundary("contour", "", "", empty, empty, "", "", cooperates)
    if x[0] not in cparams and y[0] not in cparams:
        return Boundary("none", "", "", empty, empty, "", "", holds)
    try:  # with the other parameters' numbers substituted, sympy can orient more thresholds
        reduced = cond.subs(**values)
    except (DealModelsError, TypeError, ValueError):  # pragma: no cover - e.g. inf values
        reduced = cond
    axes = {x[0]: gx, y[0]: gy}
    for solved, along in ((y, x), (x, y)):
        if solved[0] not in cparams:
            continue
        found = _threshold(reduced, solved[0], axes, holds)
        if found is None:
            continue
        value_expr, direction = found
        t = np.linspace(along[1], along[2], 4 * resolution)
        value = _evaluate(value_expr, {**values, along[0]: t}, t.shape)
        if value is None:  # pragma: no cover - a symbol without a value
            continue
        return Boundary(
            "threshold",
            along[0],
            solved[0],
            t,
            value,
            direction,
            _latex(value_expr, cparams),
            holds,
        )
    return Boundary("contour", "", "", empty, empty, "", "", holds)


def _threshold(
    reduced: Condition,
    solved: str,
    axes: Mapping[str, NDArray[np.float64]],
    holds: NDArray[np.bool_],
) -> tuple[Any, str] | None:
    """The boundary value of ``solved`` as a sympy expression and its direction.

    Only for a boundary equation whose numerator is a polynomial of degree <= 2 in
    ``solved`` (sympy's solver can run without end on transcendental ones). First
    :meth:`Condition.solve_for` (direction from the assumptions) when ``solved`` appears in
    one relation; failing that, for each relation that involves it, the unique root of its
    boundary equation with the direction read off the ``holds`` grid (accepted only if it
    classifies every grid point away from the curve correctly).
    """

    relations = _relations_of(reduced.expr, solved)
    candidates = [r for r in relations if _polynomial_boundary(r, solved)]
    if not candidates:
        return None  # transcendental in `solved`: sympy's solve may not return; use a contour
    if len(relations) == 1:
        try:
            th = reduced.solve_for(solved)
            if (th.side is True or str(th.side) == "True") and th.unless is None:
                return th.value, th.direction
        except DealModelsError:
            pass
    # one relation alone, accepted only if it classifies the grid as the whole condition
    # does (the other clauses, such as a derived condition's "no threat" alternative, then
    # change nothing on the grid)
    for expr in candidates:
        found = _grid_threshold(expr, solved, axes, holds)
        if found is not None:
            return found
    return None


def _grid_threshold(
    expr: Any,
    solved: str,
    axes: Mapping[str, NDArray[np.float64]],
    holds: NDArray[np.bool_],
) -> tuple[Any, str] | None:
    """The unique root of ``expr``'s boundary equation in ``solved``, with the direction
    that classifies every grid point away from the curve as ``holds`` does (else None)."""
    import sympy

    if isinstance(expr, sympy.Eq | sympy.Ne):
        return None
    sym = next((s for s in expr.free_symbols if s.name == solved), None)
    if sym is None:  # pragma: no cover - solved is a parameter of the condition
        return None
    try:
        roots = [
            r for r in sympy.solve(sympy.Eq(expr.lhs, expr.rhs), sym) if r.is_real is not False
        ]
    except (NotImplementedError, ValueError, TypeError):
        return None
    if len(roots) != 1:
        return None
    root = roots[0]
    value = _evaluate(root, dict(axes), holds.shape)
    if value is None:
        return None
    s = axes[solved]
    finite = np.isfinite(value)
    away = finite & (np.abs(s - value) > 1e-9 * (1 + np.abs(value)))
    if not np.any(away):
        return None
    strict = isinstance(expr, sympy.StrictGreaterThan | sympy.StrictLessThan)
    for direction, side in ((">", s > value), ("<", s < value)):
        if np.array_equal(holds[away], side[away]):
            return root, direction if strict else direction + "="
    return None


def _latex(expr: Any, params: Mapping[str, Any]) -> str:
    r"""``expr`` in LaTeX with the parameters' ``latex`` names where they have one.

    An irrational constant (a root such as :math:`\sqrt[3]{3}`, a float) is shown to four
    significant digits: M1's CRRA threshold at :math:`\rho = 0.8` is exactly
    :math:`(1250q - 625\sqrt[3]{2}\,3^{2/3}q - 339 + 64\sqrt[3]{3})/(351 - 576\sqrt[3]{3})`,
    which a reader takes in as :math:`0.8087q + 0.5142`.
    """
    import sympy

    if any(
        not e.is_Rational and not e.free_symbols and e.is_number
        for e in sympy.preorder_traversal(expr)
    ):
        expr = sympy.N(expr, 4)
    names = {}
    for sym in expr.free_symbols:
        p = params.get(sym.name)
        latex = getattr(p, "latex", None)
        if latex:
            names[sym] = latex
    return str(sympy.latex(expr, symbol_names=names))


def _relations_of(expr: Any, name: str) -> list[Any]:
    """The relations of the Boolean ``expr`` that involve ``name``, each once."""
    from sympy.core.relational import Relational

    sym = next((s for s in expr.free_symbols if s.name == name), None)
    if sym is None:
        return []
    out: list[Any] = []
    todo = [expr]
    while todo:
        e = todo.pop()
        if isinstance(e, Relational):
            if sym in e.free_symbols and e not in out:
                out.append(e)
        else:
            todo.extend(getattr(e, "args", ()))
    return out


def _polynomial_boundary(expr: Any, name: str) -> bool:
    """Whether ``expr`` is one relation whose ``lhs - rhs`` has a numerator polynomial of
    degree <= 2 in ``name``."""
    import sympy

    if not isinstance(expr, sympy.core.relational.Relational):
        return False
    sym = next((s for s in expr.free_symbols if s.name == name), None)
    if sym is None:
        return False
    numerator = sympy.fraction(sympy.together(expr.lhs - expr.rhs))[0]
    try:
        return bool(sympy.Poly(numerator, sym).degree() <= 2)
    except sympy.PolynomialError:
        return False


def _evaluate(expr: Any, values: Mapping[str, Any], shape: tuple[int, ...]) -> FloatArray | None:
    """``expr`` at ``values`` as a float array of ``shape`` (NaN where not finite)."""
    from dealmodels.symbolic import numeric_function

    syms = sorted(expr.free_symbols, key=lambda s: s.name)
    if any(s.name not in values for s in syms):
        return None
    f = numeric_function(syms, expr)
    with np.errstate(all="ignore"):
        out = np.asarray(f(*(np.asarray(values[s.name], dtype=float) for s in syms)))
    if np.iscomplexobj(out):
        out = np.where(np.abs(out.imag) < 1e-12, out.real, np.nan)
    out = np.broadcast_to(out.astype(float), shape)
    return np.where(np.isfinite(out), out, np.nan)
