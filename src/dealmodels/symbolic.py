r"""Named parameters and exact cooperation conditions.

A :class:`Parameter` is a named real quantity with a domain (an interval whose ends may be
open), a default and a description; its sympy symbol carries matching assumptions (real,
positive or nonnegative where the domain says so), which is what lets sympy orient
thresholds.

A :class:`Condition` wraps a sympy Boolean over parameters, e.g. the takeover-versus-deal
condition :math:`w \ge (p\,\delta^{\Delta} / q)^{1/(1-\rho)}`. It can be

- evaluated: :meth:`Condition.holds` broadcasts over numpy arrays through a function compiled
  once with :func:`sympy.lambdify` (cached on the condition);
- solved for one parameter: :meth:`Condition.solve_for` returns the threshold and its
  direction. sympy's inequality solvers are weak with symbolic coefficients, so the boundary
  *equation* is solved and the direction is read from the sign of the derivative of
  ``lhs - rhs`` under the parameters' assumptions;
- printed (:meth:`Condition.latex`, ``_repr_latex_`` in notebooks) and combined with ``&``,
  ``|`` and ``~``.

References
----------
.. [1] A. Meurer et al., "SymPy: symbolic computing in Python", *PeerJ Computer Science* 3:e103,
   2017.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from dealmodels._validation import check_interval, check_real_array, fail
from dealmodels.errors import InvalidParameterError, SolverError

if TYPE_CHECKING:
    import sympy

__all__ = ["Condition", "Parameter", "Threshold", "numeric_function"]

Direction = Literal[">=", ">", "<=", "<"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter:
    r"""A named real parameter with a domain, a default and a description.

    Parameters
    ----------
    name : str
        A Python identifier; also the sympy symbol's name.
    low, high : float, default -inf, inf
        Ends of the domain.
    low_open, high_open : bool, default False
        Whether each end is excluded.
    default : float, optional
        Value used when none is given; must lie in the domain.
    description : str, default ""
        One line saying what the parameter means (with its unit where it has one).
    disposition : str, optional
        The :class:`~dealmodels.dispositions.Disposition` field this parameter is read from,
        if any (e.g. ``"trust"``).
    integer : bool, default False
        Whether only whole numbers are allowed (e.g. a number of AI instances).
    latex : str, optional
        How the symbol prints in LaTeX (e.g. ``r"\delta"``); default: sympy's rendering of
        the name.

    Examples
    --------
    >>> q = Parameter(name="q", low=0, high=1, low_open=True, default=0.9,
    ...               description="probability the promise is honoured")
    >>> q.symbol.is_positive, str(q.domain)
    (True, 'Interval.Lopen(0, 1)')
    >>> q.validate(1.5)
    Traceback (most recent call last):
    ...
    dealmodels.errors.InvalidParameterError: q must be in (0, 1]; got q=1.5
    """

    name: str
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    default: float | None = None
    description: str = ""
    disposition: str | None = None
    latex: str | None = None
    integer: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise fail("name", "a Python identifier", self.name)
        if self.latex is not None and not isinstance(self.latex, str):
            raise fail("latex", "a string or None", self.latex)
        for end in ("low", "high"):
            v = getattr(self, end)
            if isinstance(v, bool) or not isinstance(v, int | float) or math.isnan(v):
                raise fail(end, "a real number or ±inf", v)
        if not self.low <= self.high or (
            self.low == self.high and (self.low_open or self.high_open)
        ):
            raise InvalidParameterError(
                f"the domain of {self.name} is empty; got low={self.low!r}, high={self.high!r}"
            )
        if self.default is not None:
            self.validate(self.default)

    @property
    def symbol(self) -> sympy.Symbol:
        """The sympy symbol, real, and positive or nonnegative where the domain says so."""
        return _symbol(self.name, self.low, self.low_open)

    @property
    def domain(self) -> sympy.Interval:
        """The domain as a sympy Interval."""
        import sympy

        lo = sympy.S.NegativeInfinity if self.low == -math.inf else sympy.nsimplify(self.low)
        hi = sympy.S.Infinity if self.high == math.inf else sympy.nsimplify(self.high)
        return sympy.Interval(lo, hi, self.low_open, self.high_open)

    @property
    def bounds(self) -> tuple[float, float]:
        """``(low, high)``."""
        return (self.low, self.high)

    def validate(self, value: object) -> None:
        """Raise :class:`InvalidParameterError` unless ``value`` (scalar or array) is in range
        (and a whole number for an ``integer`` parameter)."""
        check_interval(
            self.name,
            value,
            low=self.low,
            high=self.high,
            low_open=self.low_open,
            high_open=self.high_open,
        )
        if self.integer:
            arr = np.asarray(value, dtype=float)
            if np.any(arr != np.round(arr)):
                raise fail(self.name, "a whole number", value)

    def __str__(self) -> str:
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        return f"{self.name} ∈ {left}{self.low:g}, {self.high:g}{right}"


_SYMBOLS: dict[tuple[str, str], Any] = {}


def _symbol(name: str, low: float, low_open: bool) -> Any:
    import sympy

    if low > 0 or (low == 0 and low_open):
        kind = "positive"
    elif low >= 0:
        kind = "nonnegative"
    else:
        kind = "real"
    key = (name, kind)
    sym = _SYMBOLS.get(key)
    if sym is None:
        sym = (
            sympy.Symbol(name, **{kind: True}) if kind != "real" else sympy.Symbol(name, real=True)
        )
        _SYMBOLS[key] = sym
    return sym


def _default_parameter(symbol: Any) -> Parameter:
    a = symbol.assumptions0
    if a.get("positive"):
        return Parameter(name=symbol.name, low=0.0, low_open=True)
    if a.get("nonnegative"):
        return Parameter(name=symbol.name, low=0.0)
    return Parameter(name=symbol.name)


@dataclass(frozen=True, slots=True)
class Threshold:
    """The solution of a condition for one parameter: ``parameter <direction> value``.

    Attributes
    ----------
    parameter : str
        The parameter solved for.
    value : sympy.Expr
        The boundary, in the other parameters.
    direction : {">=", ">", "<=", "<"}
        The condition holds iff ``parameter direction value`` (and ``side`` holds).
    side : sympy.Boolean
        The clauses of the condition that do not involve ``parameter`` (``True`` if none).
    unless : sympy.Boolean or None
        For a condition ``A | (... & parameter >= value & ...)``: the alternatives ``A`` that
        do not involve ``parameter``, under which the condition holds whatever its value
        (``None``: there are none).
    """

    parameter: str
    value: Any
    direction: Direction
    side: Any
    symbol: Any = None
    unless: Any = None

    def __repr__(self) -> str:
        return (
            f"Threshold(parameter={self.parameter!r}, value={self.value}, "
            f"direction={self.direction!r}, side={self.side})"
        )

    def as_expr(self) -> Any:
        """The threshold as a sympy Boolean (with the side conditions)."""
        import sympy

        ops = {">=": sympy.Ge, ">": sympy.Gt, "<=": sympy.Le, "<": sympy.Lt}
        expr = sympy.And(ops[self.direction](self.symbol, self.value), self.side)
        return expr if self.unless is None else sympy.Or(self.unless, expr)

    def evaluate(self, **values: Any) -> Any:
        """The numeric boundary at ``values`` (broadcasts over arrays)."""

        syms = sorted(self.value.free_symbols, key=lambda s: s.name)
        missing = [s.name for s in syms if s.name not in values]
        if missing:
            raise InvalidParameterError(f"values are needed for {missing} to evaluate {self}")
        f = numeric_function(syms, self.value)
        with np.errstate(all="ignore"):
            return f(*(check_real_array(s.name, values[s.name]) for s in syms))

    def __str__(self) -> str:
        text = f"{self.parameter} {self.direction} {self.value}"
        return text if self.unless is None else f"{text}, unless {self.unless}"


class Condition:
    r"""An exact condition over named parameters: a sympy Boolean that can be evaluated fast.

    Parameters
    ----------
    expr : sympy.Boolean or bool
        The condition, e.g. ``w >= (p/q)**(1/(1 - rho))``.
    parameters : iterable of Parameter or mapping name -> Parameter, optional
        Domains and defaults for the free symbols; a symbol without one gets a parameter
        from its sympy assumptions (real, positive or nonnegative, no default).
    description : str, default ""
        One line saying what holds when the condition holds.

    Examples
    --------
    >>> import sympy
    >>> p = Parameter(name="p", low=0, high=1, default=0.3)
    >>> q = Parameter(name="q", low=0, high=1, low_open=True, default=0.9)
    >>> w = Parameter(name="w", low=0, default=0.5)
    >>> deal = Condition(w.symbol >= p.symbol / q.symbol, [p, q, w])
    >>> deal.holds(w=0.5)            # p=0.3, q=0.9 from the defaults
    True
    >>> deal.holds(w=[0.1, 0.5], p=0.3, q=0.9).tolist()
    [False, True]
    >>> deal.solve_for("q")
    Threshold(parameter='q', value=p/w, direction='>=', side=True)
    >>> deal.latex()
    'w \\geq \\frac{p}{q}'
    """

    __slots__ = ("_compiled", "_description", "_expr", "_parameters", "_sides")

    def __init__(
        self,
        expr: Any,
        parameters: Iterable[Parameter] | Mapping[str, Parameter] = (),
        *,
        description: str = "",
    ) -> None:
        import sympy

        e = sympy.sympify(expr)
        if not isinstance(e, sympy.logic.boolalg.Boolean):
            raise InvalidParameterError(
                f"expr must be a sympy Boolean (a relation such as x >= y); got expr={expr!r}"
            )
        given = (
            dict(parameters)
            if isinstance(parameters, Mapping)
            else {p.name: p for p in parameters}
        )
        for k, p in given.items():
            if not isinstance(p, Parameter):
                raise fail(f"parameters[{k!r}]", "a Parameter", p)
        params: dict[str, Parameter] = {}
        for s in sorted(e.free_symbols, key=lambda s: s.name):
            params[s.name] = given.get(s.name) or _default_parameter(s)
        self._expr = e
        self._parameters = params
        self._description = description
        self._compiled: tuple[bool, Callable[..., Any]] | None = None
        self._sides: tuple[tuple[Any, ...], Callable[..., Any]] | None = None

    # -- properties --------------------------------------------------------------------------
    @property
    def expr(self) -> Any:
        """The sympy Boolean."""
        return self._expr

    @property
    def parameters(self) -> dict[str, Parameter]:
        """The parameters the condition depends on, by name (sorted)."""
        return dict(self._parameters)

    @property
    def description(self) -> str:
        """What holds when the condition holds."""
        return self._description

    # -- evaluation --------------------------------------------------------------------------
    def _side_function(self) -> tuple[tuple[Any, ...], Callable[..., Any]]:
        """The relations of the condition and one function giving both sides of each."""
        if self._sides is None:
            import sympy

            rels = tuple(sorted(_top_relations(self._expr), key=sympy.default_sort_key))
            syms = [self._find_symbol(n) for n in self._parameters]
            sides = [side for r in rels for side in (r.lhs, r.rhs)]
            # no cse: each side computed as printed, so a relation gives the same answer in
            # every condition it appears in (solve's regimes, the cooperation condition)
            self._sides = (rels, numeric_function(syms, sympy.Tuple(*sides), cse=False))
        return self._sides

    def _skeleton(self) -> tuple[bool, Callable[..., Any]]:
        """The condition as a boolean function of its relations' truth values, in order:
        ``(True, f)``; or ``(False, f)`` with ``f`` of the parameter values, for a condition
        that holds booleans other than relations (a Boolean symbol)."""
        if self._compiled is None:
            import sympy

            rels = self._side_function()[0]
            flags = [sympy.Dummy(f"r{k}") for k in range(len(rels))]
            skeleton = self._expr.xreplace(dict(zip(rels, flags, strict=True)))
            if skeleton.free_symbols <= set(flags):
                self._compiled = (True, numeric_function(flags, skeleton))
            else:
                syms = [self._find_symbol(n) for n in self._parameters]
                self._compiled = (False, numeric_function(syms, self._expr))
        return self._compiled

    def _undefined(self, args: Sequence[Any], rels: Sequence[Any], sides: Sequence[Any]) -> None:
        """Raise if a side of a relation is NaN somewhere (0·inf, inf - inf, inf/inf)."""
        for k, side in enumerate(sides):
            bad = np.isnan(np.asarray(side, dtype=float))
            if not bad.any():
                continue
            shape = np.broadcast_shapes(np.shape(bad), *(np.shape(a) for a in args))
            idx = np.unravel_index(int(np.flatnonzero(np.broadcast_to(bad, shape))[0]), shape)
            at = {
                n: float(np.broadcast_to(np.asarray(a, dtype=float), shape)[idx])
                for n, a in zip(self._parameters, args, strict=True)
            }
            point = ", ".join(f"{n}={x:g}" for n, x in at.items())
            rel = str(rels[k // 2])
            rel = rel if len(rel) <= 120 else rel[:117] + "..."
            which = "left" if k % 2 == 0 else "right"
            raise InvalidParameterError(
                f"the condition is undefined at {point}: the {which} side of {rel} is NaN "
                "there (0·inf, inf - inf or inf/inf); give less extreme values"
            )

    def _decided(
        self,
        args: Sequence[Any],
        rels: Sequence[Any],
        sides: Sequence[Any],
        truth: list[Any],
        undefined: list[Any],
        unknown: list[int],
        combine: Callable[..., Any],
    ) -> Any:
        """The condition where some relations are undefined (a NaN side): its value where
        it is the same whatever those relations' truth values (an alternative that holds
        decides an ``Or`` whatever the others say); raise where it is not."""
        # a relation and its negation (K - x >= 0, K - x < 0) are one unknown: where one
        # is true the other is false, whatever the undefined comparison would say
        negation: dict[int, int] = {}
        free: list[int] = []
        for k in unknown:
            twin = next((m for m in free if rels[m] == rels[k].negated), None)
            if twin is None:
                free.append(k)
            else:
                negation[k] = twin
        if len(free) > _MOST_UNDEFINED:
            self._undefined(args, rels, sides)
        some = all_ = None
        for bits in range(2 ** len(free)):
            t = list(truth)
            bit = {k: bool(bits >> j & 1) for j, k in enumerate(free)}
            bit.update({k: not bit[m] for k, m in negation.items()})
            for k in unknown:
                t[k] = np.where(undefined[k], bit[k], truth[k])
            out = np.asarray(combine(*t), dtype=bool)
            some = out if some is None else some | out
            all_ = out if all_ is None else all_ & out
        if np.any(some != all_):
            where = some != all_
            bad = [k for k in unknown if np.any(undefined[k] & where)]
            self._undefined(
                args,
                [rels[k] for k in bad],
                [
                    np.where(where, side, 0.0)
                    for k in bad
                    for side in (sides[2 * k], sides[2 * k + 1])
                ],
            )
        return all_

    def _find_symbol(self, name: str) -> Any:
        for s in self._expr.free_symbols:
            if s.name == name:
                return s
        raise KeyError(name)  # pragma: no cover - parameters come from free symbols

    def _values(self, values: Mapping[str, Any], validate: bool) -> list[Any]:
        unknown = sorted(set(values) - set(self._parameters))
        if unknown:
            raise InvalidParameterError(
                f"values must name parameters of the condition {sorted(self._parameters)}; "
                f"got unknown {unknown}"
            )
        args = []
        for name, p in self._parameters.items():
            v: Any
            if name in values:
                v = check_real_array(name, values[name])
                if v.ndim == 0:
                    v = float(v)
                if validate:
                    p.validate(v)
            elif p.default is not None:
                v = p.default
            else:
                raise InvalidParameterError(
                    f"a value is needed for {name} (it has no default); "
                    f"the condition depends on {sorted(self._parameters)}"
                )
            # numpy scalars, not Python floats: x / 0 gives inf (under errstate), not an error
            args.append(np.float64(v) if np.ndim(v) == 0 else v)
        return args

    def holds(self, *, validate: bool = True, **values: Any) -> Any:
        """Whether the condition holds at ``values`` (defaults fill the rest).

        Parameters
        ----------
        validate : bool, default True
            Check every value against its parameter's domain first (an out-of-domain value
            raises :class:`~dealmodels.errors.InvalidParameterError`).
        **values : float or array_like
            Parameter values; arrays broadcast against each other.

        Returns
        -------
        bool or ndarray of bool
            A Python ``bool`` when every value is a scalar.

        Raises
        ------
        InvalidParameterError
            For an unknown name, a missing value without a default, a value that is not a
            real number or a nonempty rectangular array of them (strings, bools, complex
            numbers, ``[]`` and ragged lists are refused by name, as in
            :meth:`~dealmodels.models.Model.resolve`), NaN, an out-of-domain value (when
            ``validate``), or arrays whose shapes do not broadcast; and where a relation is
            undefined (a side is 0·inf, inf − inf or inf/inf) and the condition's value
            depends on it. Where it does not (another alternative of an ``Or`` holds, or
            another part of an ``And`` fails, whatever the undefined relation would say),
            the condition is decided without it.
        """
        if not self._parameters:
            return bool(self._expr)
        args = self._values(values, validate)
        shape = _broadcast_shape(list(self._parameters), args)
        rels, sides_of = self._side_function()
        with np.errstate(all="ignore"):
            sides = sides_of(*args)
            # each relation is evaluated once, from its sides, and the condition combines
            # those truth values: a relation that appears twice cannot disagree with itself
            truth = [
                _COMPARE[type(r).__name__](sides[2 * k], sides[2 * k + 1])
                for k, r in enumerate(rels)
            ]
            undefined = [
                np.isnan(np.asarray(sides[2 * k], dtype=float))
                | np.isnan(np.asarray(sides[2 * k + 1], dtype=float))
                for k in range(len(rels))
            ]
            unknown = [k for k, u in enumerate(undefined) if u.any()]
            if len(rels) == 1 and rels[0] == self._expr:  # one relation
                self._undefined(args, rels, sides)
                out = truth[0]
            else:
                over_truth, combine = self._skeleton()
                if not over_truth:
                    self._undefined(args, rels, sides)
                    out = combine(*args)
                elif not unknown:
                    out = combine(*truth)
                else:
                    out = self._decided(args, rels, sides, truth, undefined, unknown, combine)
        if shape == ():
            return bool(out)
        return np.broadcast_to(np.asarray(out, dtype=bool), shape)

    # -- algebra -----------------------------------------------------------------------------
    def subs(self, **values: Any) -> Condition:
        """The condition with some parameters replaced by numbers (exact where rational)."""
        import sympy

        unknown = sorted(set(values) - set(self._parameters))
        if unknown:
            raise InvalidParameterError(
                f"values must name parameters of the condition {sorted(self._parameters)}; "
                f"got unknown {unknown}"
            )
        mapping = {}
        for k, v in values.items():
            if check_real_array(k, v).ndim != 0:
                raise fail(k, "a single real number (subs replaces a parameter by one value)", v)
            self._parameters[k].validate(v)
            mapping[self._find_symbol(k)] = sympy.nsimplify(v, rational=True)
        return Condition(self._expr.subs(mapping), self._parameters, description=self._description)

    def solve_for(self, name: str) -> Threshold:
        """Solve the condition for one parameter.

        The boundary equation ``lhs = rhs`` of the single relation that involves ``name`` is
        solved; the direction comes from the sign of :math:`\\partial(lhs - rhs)/\\partial x`
        under the parameters' assumptions. Other clauses of an ``And`` are returned as
        ``side`` conditions; in an ``Or`` (a derived condition in disjunctive form), ``name``
        must appear in one alternative only, and the others are returned as ``unless``.
        Where the derivative is only known to be nonnegative (it may vanish on a boundary of
        the domain, such as ``p = 0``), the threshold is exact wherever the derivative is
        nonzero; on the rest (a set of measure zero) the condition can hold on both sides.

        Raises
        ------
        InvalidParameterError
            If ``name`` is not a parameter of the condition.
        SolverError
            If no unique boundary exists, or its direction cannot be determined from the
            assumptions (say which, so the caller can add assumptions or gaps).
        """
        import sympy

        if name not in self._parameters:
            raise fail("name", f"one of {sorted(self._parameters)}", name)
        x = self._find_symbol(name)
        expr, unless = self._expr, None
        if isinstance(expr, sympy.Or):
            alternatives = [a for a in expr.args if x in a.free_symbols]
            if len(alternatives) == 1:
                unless = sympy.Or(*[a for a in expr.args if x not in a.free_symbols])
                expr = alternatives[0]
        clauses = list(expr.args) if isinstance(expr, sympy.And) else [expr]
        involved = [c for c in clauses if x in c.free_symbols]
        side = sympy.And(*[c for c in clauses if x not in c.free_symbols])
        if len(involved) != 1 or not isinstance(involved[0], sympy.core.relational.Relational):
            raise SolverError(
                f"cannot solve for {name}: it must appear in exactly one relation of an And "
                f"(or of one alternative of an Or); got {self._expr}"
            )
        rel = involved[0]
        if isinstance(rel, sympy.Eq | sympy.Ne):
            raise SolverError(f"cannot solve {rel} for {name} as a threshold")
        gap = rel.lhs - rel.rhs  # the relation is gap >= 0 (Ge), gap > 0, gap <= 0, gap < 0
        strict = isinstance(rel, sympy.StrictGreaterThan | sympy.StrictLessThan)
        positive_form = isinstance(rel, sympy.GreaterThan | sympy.StrictGreaterThan)
        roots = _unique_root(gap, x, self._parameters[name])
        if roots is None:
            raise SolverError(
                f"cannot solve {rel} for {name}: the boundary equation has no unique solution"
            )
        raw = sympy.diff(gap, x)
        slope = raw
        sign = _sign(raw, self._parameters, self._expr.free_symbols)
        if sign == 0:
            slope = sympy.simplify(raw)
            sign = _sign(slope, self._parameters, self._expr.free_symbols)
        if sign == 0:
            raise SolverError(
                f"cannot orient the threshold for {name}: the sign of d({gap})/d{name} = {slope} "
                "is not determined by the parameters' assumptions (state orderings as positive "
                "gaps, e.g. T = R + a with a > 0)"
            )
        up = positive_form == (sign > 0)
        direction: Direction = (">" if strict else ">=") if up else ("<" if strict else "<=")
        return Threshold(
            parameter=name, value=roots, direction=direction, side=side, symbol=x, unless=unless
        )

    def latex(self) -> str:
        """The condition in LaTeX, with each parameter's ``latex`` name where it has one
        (else the name itself, e.g. ``\\mathit{audit\\_cost}``, not a subscript)."""
        import sympy

        names = {
            self._find_symbol(n): p.latex or latex_name(n) for n, p in self._parameters.items()
        }
        return str(sympy.latex(self._expr, symbol_names=names))

    def mathml(self) -> str:
        """The condition as presentation MathML (for HTML without a TeX renderer).

        Parameters print with their ``latex`` names where those are a (Greek) letter with an
        optional subscript (``\\delta`` as δ, ``\\Delta_T`` as Δ with subscript T), and
        other names as words (``risk aversion``, not *risk* with subscript *aversion*).
        """
        import sympy
        from sympy.printing.mathml import mathml

        shown = {
            self._find_symbol(n): sympy.Symbol(display_name(n, p.latex))
            for n, p in self._parameters.items()
        }
        return str(mathml(self._expr.xreplace(shown), printer="presentation"))

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    def __and__(self, other: Condition) -> Condition:
        return self._combine(other, "and")

    def __or__(self, other: Condition) -> Condition:
        return self._combine(other, "or")

    def __invert__(self) -> Condition:
        import sympy

        return Condition(sympy.Not(self._expr), self._parameters)

    def _combine(self, other: object, op: str) -> Condition:
        import sympy

        if not isinstance(other, Condition):
            raise TypeError(f"can only combine a Condition with a Condition; got {other!r}")
        for k in set(self._parameters) & set(other._parameters):
            if self._parameters[k] != other._parameters[k]:
                raise InvalidParameterError(
                    f"the two conditions give {k} different domains: "
                    f"{self._parameters[k]} and {other._parameters[k]}"
                )
        f = sympy.And if op == "and" else sympy.Or
        return Condition(f(self._expr, other._expr), {**self._parameters, **other._parameters})

    def __bool__(self) -> bool:
        raise TypeError("a Condition has no truth value: use .holds(**values) to evaluate it")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Condition):
            return NotImplemented
        return bool(self._expr == other._expr) and self._parameters == other._parameters

    def __hash__(self) -> int:
        return hash(self._expr)

    def __repr__(self) -> str:
        return f"Condition({self._expr})"

    def __str__(self) -> str:
        return str(self._expr)


#: The most undefined relations a condition is decided around (2**8 evaluations).
_MOST_UNDEFINED = 8

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "GreaterThan": np.greater_equal,
    "StrictGreaterThan": np.greater,
    "LessThan": np.less_equal,
    "StrictLessThan": np.less,
    "Equality": np.equal,
    "Unequality": np.not_equal,
}


def _top_relations(expr: Any) -> set[Any]:
    """The relations of a Boolean reached from its root through logical connectives only
    (not those inside a ``Piecewise`` side, which belong to that side)."""
    import sympy

    if isinstance(expr, sympy.core.relational.Relational):
        return {expr}
    if isinstance(expr, sympy.logic.boolalg.BooleanFunction):
        out: set[Any] = set()
        for a in expr.args:
            out |= _top_relations(a)
        return out
    return set()


def _broadcast_shape(names: Sequence[str], args: Sequence[Any]) -> tuple[int, ...]:
    """The common shape of ``args``, or an error naming the parameters whose shapes clash."""
    try:
        return np.broadcast_shapes(*(np.shape(a) for a in args))
    except ValueError:
        shapes = {n: np.shape(a) for n, a in zip(names, args, strict=True) if np.ndim(a)}
        raise InvalidParameterError(
            f"values must have shapes that broadcast against each other; got shapes {shapes}"
        ) from None


def latex_name(name: str) -> str:
    """A parameter name as LaTeX when it has no ``latex``: one letter as is, words upright."""
    if len(name) == 1:
        return name
    return r"\mathit{" + name.replace("_", r"\_") + "}"


def display_name(name: str, latex: str | None) -> str:
    """A plain-text symbol name for printers without ``symbol_names`` (MathML)."""
    import unicodedata

    if latex:
        # a letter or a Greek name, an optional prime, an optional subscript (plain or braced,
        # as in d'_0 and x_{\max})
        m = re.fullmatch(r"\\?([A-Za-z]+)(')?(?:_([A-Za-z0-9]+)|_\{\\?([A-Za-z0-9]+)\})?", latex)
        if m:
            word, sub = m.group(1), m.group(3) or m.group(4)
            if latex.startswith("\\"):
                case = "CAPITAL" if word[0].isupper() else "SMALL"
                try:
                    greek = "LAMDA" if word.upper() == "LAMBDA" else word.upper()  # Unicode's name
                    word = unicodedata.lookup(f"GREEK {case} LETTER {greek}")
                except KeyError:
                    return name.replace("_", " ")
            return word + ("\u2032" if m.group(2) else "") + (f"_{sub}" if sub else "")
    return name if len(name) == 1 else name.replace("_", " ")


class _BroadcastingReduce:
    """Stands in for ``numpy.logical_and``/``logical_or`` in lambdified code.

    sympy prints ``And(a, b)`` as ``logical_and.reduce((a, b))``, which needs operands of one
    shape; folding the ufunc pairwise broadcasts a scalar clause against an array clause
    without turning every scalar into an array first.
    """

    def __init__(self, ufunc: Any) -> None:
        self._ufunc = ufunc

    def reduce(self, operands: Iterable[Any]) -> Any:
        return functools.reduce(self._ufunc, operands)

    def __call__(self, *args: Any) -> Any:
        return self._ufunc(*args)


_BROADCASTING_LOGIC = {
    "logical_and": _BroadcastingReduce(np.logical_and),
    "logical_or": _BroadcastingReduce(np.logical_or),
}


def numeric_function(symbols: Sequence[Any], expr: Any, *, cse: bool = True) -> Callable[..., Any]:
    """``expr`` compiled with :func:`sympy.lambdify` for numpy arrays.

    Special functions map to :mod:`scipy.special` (e.g. the regularized incomplete beta),
    ``And``/``Or`` broadcast scalar clauses against array clauses, and (with ``cse``) common
    subexpressions are computed once. Without ``cse`` every expression is computed as it is
    printed, so one sympy expression gives the same floats in every function it appears in
    (common-subexpression elimination reassociates sums: ``(-K - o_D) + w`` may become
    ``-K - (o_D - w)``, which rounds differently). Every evaluator in dealmodels goes
    through this one function.
    """
    import sympy

    return sympy.lambdify(  # type: ignore[no-any-return]
        list(symbols), expr, modules=[_BROADCASTING_LOGIC, "scipy", "numpy"], cse=cse
    )


def _sign(expr: Any, params: Mapping[str, Parameter], symbols: Iterable[Any]) -> int:
    """+1 if ``expr >= 0`` on the parameters' domains, -1 if ``<= 0``, 0 if undetermined.

    Tries sympy's old assumptions, then its ``ask`` with the domains as facts, then maps each
    doubly bounded parameter onto a nonnegative symbol (``x = lo + (hi - lo) t / (1 + t)``) so
    that the bounds become sign assumptions.
    """
    import sympy

    def decided(e: Any) -> int:
        if e.is_zero is True:
            return 0
        if e.is_nonnegative:
            return 1
        if e.is_nonpositive:
            return -1
        return 0

    s = decided(expr)
    if s:
        return s
    facts = []
    subs = {}
    for sym in symbols:
        p = params.get(sym.name)
        if p is None:
            continue
        lo, hi = p.low, p.high
        if lo > -math.inf:
            lo_s = sympy.nsimplify(lo)
            facts.append(
                sympy.Q.positive(sym - lo_s) if p.low_open else sympy.Q.nonnegative(sym - lo_s)
            )
        if hi < math.inf:
            hi_s = sympy.nsimplify(hi)
            facts.append(
                sympy.Q.positive(hi_s - sym) if p.high_open else sympy.Q.nonnegative(hi_s - sym)
            )
        if lo > -math.inf and hi < math.inf:
            t = (
                sympy.Symbol(f"_t_{sym.name}", positive=True)
                if p.low_open
                else sympy.Symbol(f"_t_{sym.name}", nonnegative=True)
            )
            subs[sym] = lo_s + (hi_s - lo_s) * t / (1 + t)
    for kind, sgn in ((sympy.Q.nonnegative, 1), (sympy.Q.nonpositive, -1)):
        try:
            if sympy.ask(kind(expr), sympy.And(*facts)):
                return sgn
        except (NotImplementedError, TypeError, ValueError):  # pragma: no cover - sympy gaps
            pass
    if subs:
        mapped = expr.subs(subs)
        return decided(mapped) or decided(sympy.simplify(mapped))
    return 0


def _unique_root(gap: Any, x: Any, param: Parameter) -> Any:
    import sympy

    try:
        sols = sympy.solve(sympy.Eq(gap, 0), x, dict=False)
    except (NotImplementedError, ValueError):
        return None
    sols = [s for s in sols if s.is_real is not False]
    if len(sols) == 1:
        return sympy.simplify(sols[0])
    return None
