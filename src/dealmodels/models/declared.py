r"""Models declared once, as a game tree over their parameters' symbols.

A :class:`GameModel` states its structure once: its parameters (``_parameter_list``), its
game (``declare``: a perfect-information :class:`~dealmodels.GameTree` built with
:func:`~dealmodels.games.extensive_form.decision`, :func:`~dealmodels.games.extensive_form.chance`
and payoff tuples whose entries are sympy expressions in the parameters' symbols), and the
regime of each outcome (``outcomes``: a terminal's path, or a prefix of paths, to a regime).
Everything else is derived from that one declaration:

* :meth:`GameModel.cooperation_condition`: symbolic backward induction
  (:func:`~dealmodels.solvers.backward.symbolic_backward_induction`) gives, for every
  terminal :math:`z`, the condition :math:`R_z` on the parameters under which the
  subgame-perfect play reaches it (at a decision node of player :math:`i` the first best
  action in declaration order is played: :math:`a_j` iff :math:`V_i(a_j) > V_i(a_l)` for
  :math:`l < j` and :math:`V_i(a_j) \ge V_i(a_l)` for :math:`l > j`). Cooperation holds iff
  some terminal of a ``cooperative`` regime is reached:
  :math:`C = \bigvee_{z:\ \mathrm{regime}(z) \in \mathcal C} R_z`.
* :meth:`GameModel.solve`: the same conditions evaluated over numpy arrays (through
  :meth:`~dealmodels.symbolic.Condition.holds`), so ``solve(...).cooperates`` *is*
  ``cooperation_condition().holds(...)``, evaluation for evaluation; each player's value
  is the root payoff of the case that holds. The conditions of one node are mutually
  exclusive and cover every case; ``solve`` checks that exactly one regime holds at every
  point and raises :class:`~dealmodels.errors.SolverError` otherwise, and refuses a point
  where a compared payoff or a reported value is undefined (0·inf, inf − inf).
* :meth:`GameModel.game`: the tree at one point, with numbers for payoffs, for the engine
  (:func:`~dealmodels.subgame_perfect` reproduces ``solve``'s regime; the tests check it).

A closed form that is faster, or that states the condition in a more readable way, can be
registered as a named *fast path* (:func:`fast_path`); :meth:`GameModel.check_fast_paths`
compares every fast path with the derived regime on random points of the whole domain,
edges (0, 1, 1e-300, 1e300, inf) included, and the test harness runs it for every
registered model.

References
----------
.. [1] R. Selten, "Reexamination of the perfectness concept for equilibrium points in
   extensive games", *International Journal of Game Theory* 4 (1975), 25-55.
.. [2] M. J. Osborne and A. Rubinstein, *A Course in Game Theory*, MIT Press, 1994,
   ch. 6 (backward induction).
"""

from __future__ import annotations

import dataclasses
import re
from abc import abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from dealmodels.errors import InvalidGameError, InvalidParameterError, SolverError
from dealmodels.models._base import (
    Model,
    ModelResult,
    Values,
    broadcast,
    first,
    scalar_or_array,
)

if TYPE_CHECKING:
    from dealmodels.dispositions import Disposition
    from dealmodels.games.extensive_form import GameTree
    from dealmodels.symbolic import Condition, Parameter

__all__ = [
    "ClosedFormModel",
    "Declaration",
    "FastPathCheck",
    "GameModel",
    "GameModelResult",
    "fast_path",
]

_EDGES = (0.0, 1e-300, 0.5, 1.0, 2.0, 1e300, float("inf"))
_FACTOR_OPS = 40  # the largest expression the sign test factors (sympy.count_ops)
_EXACT_BITS = 4096  # the precision of the ill-conditioning test's "exact" evaluation


@dataclass(frozen=True, kw_only=True, eq=False)
class GameModelResult(ModelResult):
    """What :meth:`GameModel.solve` returns.

    Each model gets its own subclass with one field ``<player>_value`` per player (the
    player's subgame-perfect payoff, e.g. ``developer_value`` and ``ai_value``), so the
    values become columns of :func:`~dealmodels.analysis.sweep`.

    Attributes
    ----------
    method : str
        ``"derived"`` (the conditions of the declared tree) or the name of a fast path.
    """

    method: str


def fast_path(method: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a method of a :class:`GameModel` as a named fast path of its regime.

    The method takes the resolved values (the dict :meth:`~dealmodels.models.Model.resolve`
    returns) and gives the regime code (an index into ``regimes``) at every point, as an
    integer array broadcast like the values (a scalar for scalar values). Its name is the
    method's name; ``solve(method=name)`` uses it, and :meth:`GameModel.check_fast_paths`
    compares it with the derived regime.
    """
    method.__dealmodels_fast_path__ = True  # type: ignore[attr-defined]
    return method


@dataclass(frozen=True)
class FastPathCheck:
    """One fast path compared with the derived regime (:meth:`GameModel.check_fast_paths`).

    Attributes
    ----------
    name : str
        The fast path.
    points : int
        Points compared (points the derived solve refuses as undefined are not counted).
    refused : int
        Points where the derived solve refused the values (a compared payoff is undefined).
    disagreements : int
        Points where the fast path's regime differs from the derived one.
    ill_conditioned : int
        Points not compared because some payoff difference's sign is decided by rounding:
        its float value and its exact value (the same expression in 4,096-bit arithmetic at
        the same inputs) differ in sign, as in ``(1e300 - 1e300) - K`` against
        ``(-K - 1e300) + 1e300``. Both the derived solve and a closed form are then at the
        mercy of their order of operations.
    example : dict or None
        The first point of disagreement, parameter name to value.
    fast_refused : int
        Points the derived solve answers but the fast path refuses (it raises
        InvalidParameterError there, e.g. a closed form with no defined value); not compared.
    """

    name: str
    points: int
    refused: int
    disagreements: int
    example: dict[str, float] | None
    ill_conditioned: int = 0
    fast_refused: int = 0


def _field_name(player: str) -> str:
    slug = re.sub(r"\W+", "_", player.strip().lower()).strip("_")
    if not slug or slug[0].isdigit():
        slug = "player_" + slug
    return f"{slug}_value"


_FLOAT_POINTS = 256  # float points of a domain that refute implications (_DomainSubstitution)
_MINIMAL_ATOMS = 8  # above this many atoms sympy's simplify_logic does not simplify


class _Clauses:
    r"""A formula as clauses for sympy's DPLL solver, in Tseitin's encoding.

    Each subformula gets a variable with clauses that make it equal to its parts, so the
    clauses grow linearly with the formula (the distribution into a CNF that sympy's
    ``satisfiable`` performs is exponential for a negated disjunction of conjunctions).
    Satisfiability is unchanged for the formula's own variables, and :meth:`model` can add
    unit literals and clauses to one test without rebuilding the rest.

    References
    ----------
    .. [1] G. S. Tseitin, "On the complexity of derivation in propositional calculus", in
       *Studies in Constructive Mathematics and Mathematical Logic* 2, 1968, 115-125.
    """

    def __init__(self) -> None:
        import sympy

        self.sp = sympy
        self.code: dict[Any, int] = {}
        self.symbols: list[Any] = []
        self.clauses: list[list[int]] = []
        self.memo: dict[Any, int] = {}
        self.true = self.variable(sympy.true)
        self.clauses.append([self.true])

    def variable(self, symbol: Any) -> int:
        """The variable of a boolean symbol (a new one the first time)."""
        v = self.code.get(symbol)
        if v is None:
            self.symbols.append(symbol)
            v = self.code[symbol] = len(self.symbols)
        return v

    def literal(self, e: Any) -> int:
        """A literal equal to the formula ``e`` wherever the clauses hold."""
        sp = self.sp
        if e is sp.true or e is True:
            return self.true
        if e is sp.false or e is False:
            return -self.true
        if isinstance(e, sp.Not):
            return -self.literal(e.args[0])
        if not isinstance(e, sp.And | sp.Or):
            return self.variable(e)
        v = self.memo.get(e)
        if v is not None:
            return v
        parts = [self.literal(a) for a in e.args]
        self.symbols.append(None)
        v = self.memo[e] = len(self.symbols)
        if isinstance(e, sp.And):  # v <=> all parts
            self.clauses.extend([-v, x] for x in parts)
            self.clauses.append([v, *(-x for x in parts)])
        else:  # v <=> some part
            self.clauses.append([-v, *parts])
            self.clauses.extend([v, -x] for x in parts)
        return v

    def require(self, e: Any) -> None:
        """Add ``e`` as a constraint (each conjunct of it)."""
        for c in self.sp.And.make_args(e):
            self.clauses.append([self.literal(c)])

    def model(
        self, units: Sequence[int] = (), clauses: Sequence[Sequence[int]] = ()
    ) -> dict[int, bool] | None:
        """A satisfying assignment (every variable to a truth value) of the clauses with
        ``units`` and ``clauses`` added, or None."""
        from sympy.logic.algorithms.dpll2 import SATSolver

        n = len(self.symbols)
        data = [*self.clauses, *([u] for u in units), *(list(c) for c in clauses)]
        if any(not c for c in data):
            return None
        solver = SATSolver(data, range(1, n + 1), set(), list(range(1, n + 1)))
        try:
            found = next(solver._find_model())
        except StopIteration:
            return None
        return {v: bool(found.get(v, False)) for v in range(1, n + 1)}  # all of them

    def formula(self, literal: int) -> Any:
        """The symbol (or its negation) of a variable's literal."""
        x = self.symbols[abs(literal) - 1]
        return x if literal > 0 else self.sp.Not(x)


class _Atoms:
    r"""Comparisons of declared payoffs as boolean atoms, for pruning and simplification.

    The atom of ``a >= b`` is the relation ``a - b >= 0`` with the difference as sympy
    writes it without expanding: terms common to both sides cancel exactly (``(w - x) -
    (w - K)`` is ``K - x``, which floats at ``w = 1e300`` could not tell from 0), while
    products stay factored (``(1 - d) b`` stays ``inf`` at ``b = inf``, where its expansion
    ``b - d b`` would be ``inf - inf``). An undefined difference (``inf - inf``) is NaN, so
    the point is refused rather than compared. ``a > b`` is ``not (b - a >= 0)``. A
    comparison that the symbols' assumptions decide (``P >= 0`` for a nonnegative ``P``) is
    decided.

    What the parameters' domains imply is kept as constraints on the atoms (used to prune
    cases and as "don't care" combinations when the conditions are simplified): an atom
    :math:`d \ge 0` whose difference is nonnegative on the whole domain holds, and
    :math:`d_1 \ge 0 \Rightarrow d_2 \ge 0` when :math:`d_2 - d_1` is nonnegative on
    the domain or :math:`d_2 / d_1` is a nonnegative polynomial
    (:class:`_DomainSubstitution`). For example, with :math:`q \in [0, 1]` and
    :math:`o_A \ge 0`, :math:`K - o_A / q \ge 0` implies :math:`K - o_A \ge 0`.
    """

    def __init__(self, parameters: Sequence[Any] = ()) -> None:
        import sympy

        self.sp = sympy
        self.table: dict[Any, Any] = {}
        self.real: dict[Any, Any] = {}
        self.constraints: list[Any] = []
        self.signed: list[tuple[Any, Any, Any, bool]] = []  # for _sums
        self.simplified: dict[tuple[Any, int], Any] = {}  # simplify's results
        self.domain = _DomainSubstitution(parameters)

    def ge(self, a: Any, b: Any, positive: frozenset[Any] = frozenset()) -> Any:
        """The atom of ``a >= b``; ``positive``: expressions known to be positive wherever
        the comparison is read (a guard's conjuncts ``e > 0``), cleared as denominators."""
        sp = self.sp
        d = self._cleared(a - b, positive)
        e = sp.expand(d)
        if e.is_nonnegative:
            return sp.true
        if e.is_negative:
            return sp.false
        x = self.table.get(d)
        if x is None:
            x = self._new_atom(d)
        return x

    def _cleared(self, d: Any, positive: frozenset[Any] = frozenset()) -> Any:
        r"""``d`` times its denominator when that is a product of parameters that are
        nonnegative on their domains: :math:`w - o_A/q - o_D \ge 0` is compared as
        :math:`q\,(w - o_D) - o_A \ge 0`.

        For :math:`q > 0` the two are the same comparison. At :math:`q = 0`, where
        :math:`o_A/q` is no number, the cleared form is defined: where its value there is
        not 0 it has the sign of the comparison's limit as :math:`q \to 0^+`. (A payoff
        with a vanishing denominator usually belongs to an action that the declaration
        makes unavailable there, :meth:`GameModel.available`, so that its comparisons are
        not read at all.) Left alone: a denominator of another kind (:math:`1 - \rho`),
        and one where the cleared form vanishes identically (:math:`\operatorname{expm1}
        (-a G)/a` at :math:`a = 0`, whose comparisons are limits of 0/0).

        A denominator that is one of ``positive`` (expressions :math:`e` of a guard
        :math:`e > 0` of :meth:`GameModel.available`, for comparisons read only where the
        guard holds) is cleared too: there the two forms are the same comparison.
        """
        sp = self.sp
        known = {sp.expand(e) for e in positive}
        if not any(
            t.is_Pow
            and t.exp.is_negative
            and (t.base in self.domain.bounds or sp.expand(t.base) in known)
            for t in sp.preorder_traversal(d)
        ):
            return d
        num, den = sp.fraction(sp.together(d))

        def nonnegative_parameter(f: Any) -> bool:
            base, exp = f.as_base_exp()
            low = self.domain.bounds.get(base, (None, None))[0]
            return bool(exp.is_positive) and low is not None and bool(low >= 0)

        def guarded(f: Any) -> bool:
            base, exp = f.as_base_exp()
            return bool(exp.is_positive) and sp.expand(base) in known

        factors = sp.Mul.make_args(den)
        if den == 1 or not all(nonnegative_parameter(f) or guarded(f) for f in factors):
            return d
        zero = {f.as_base_exp()[0]: 0 for f in factors if not guarded(f)}
        if zero and sp.expand(num.xreplace(zero)) == 0:
            return d  # 0/0 where the denominator vanishes: the comparison is a limit there
        return num

    def _new_atom(self, d: Any) -> Any:
        sp = self.sp
        x = sp.Dummy("ge")
        y = self.table.get(-d)
        if y is not None:  # d >= 0 or -d >= 0: one of them holds
            self.constraints.append(sp.Or(x, y))
        if self.domain.nonnegative(d):
            self.constraints.append(x)
        for old, z in self.table.items():
            if z is y:
                continue
            if self.domain.implies(old, d):
                self.constraints.append(sp.Or(sp.Not(z), x))
            if self.domain.implies(d, old):
                self.constraints.append(sp.Or(sp.Not(x), z))
        self._sums(d, x)
        self.table[d] = x
        # a difference of negative terms only, -e >= 0, is written 0 >= e: the same
        # comparison (negation is exact), read as a bound (0 >= s rather than -s >= 0)
        negative = all(t.could_extract_minus_sign() for t in sp.Add.make_args(d))
        self.real[x] = sp.Ge(0, -d, evaluate=False) if negative else sp.Ge(d, 0, evaluate=False)
        return x

    def _sums(self, d: Any, x: Any) -> None:
        r"""Constraints from sums of two atoms: the literals :math:`\ell_1, \ell_2, \ell_3`
        (each :math:`\pm d_k \ge 0`, or :math:`\pm d_k > 0` for a negated atom) with
        :math:`\pm d_3 = \pm d_1 \pm d_2` exactly give :math:`\ell_1 \wedge \ell_2
        \Rightarrow \ell_3` (strict where one of :math:`\ell_1, \ell_2` is): with
        :math:`g - \epsilon \ge 0` and :math:`-g \ge 0`, :math:`-\epsilon \ge 0`. ``d`` is
        the new atom ``x``'s difference; only exact sums are found (expanded forms equal)."""
        sp = self.sp
        e = sp.expand(d)
        # candidates are found by the differences' values at float points (a sum of two
        # atoms' values is a third's), then confirmed exactly on the expanded forms
        values = np.nan_to_num(self.domain.values(e), nan=0.0, posinf=0.0, neginf=0.0)
        mine = [(e, values, x, False), (-e, -values, sp.Not(x), True)]

        def keep(la: Any, sa: bool, lb: Any, sb: bool, lc: Any, sc: bool) -> None:
            if sc and not (sa or sb):
                return  # a strict conclusion needs a strict premise
            self.constraints.append(sp.Or(sp.Not(la), sp.Not(lb), lc))

        def near(target: Any, rows: Any) -> Any:
            """Which rows of ``rows`` equal ``target`` at every float point (to 1e-9)."""
            tol = 1e-9 * (np.abs(target) + np.abs(rows)) + 1e-12
            return np.all(np.abs(rows - target) <= tol, axis=1)

        old = self.signed
        if old:
            v_old = np.stack([row[1] for row in old])
            for k, (a, va, la, sa) in enumerate(old):
                for c, vc, lc, sc in mine:  # old + old = new
                    for m in np.flatnonzero(near(vc - va, v_old)).tolist():
                        b, _, lb, sb = old[m]
                        if m <= k or lb in (la, sp.Not(la)) or la == sp.Not(lb):
                            continue
                        if sp.expand(a + b - c) == 0:
                            keep(la, sa, lb, sb, lc, sc)
                for b, vb, lb, sb in mine:  # old + new = old
                    for m in np.flatnonzero(near(va + vb, v_old)).tolist():
                        c, _, lc, sc = old[m]
                        if lc in (la, sp.Not(la)):
                            continue
                        if sp.expand(a + b - c) == 0:
                            keep(la, sa, lb, sb, lc, sc)
        self.signed.extend(mine)

    def gt(self, a: Any, b: Any, positive: frozenset[Any] = frozenset()) -> Any:
        return self.sp.Not(self.ge(b, a, positive))

    def satisfiable(self, expr: Any) -> bool:
        from sympy.logic.inference import satisfiable

        if expr in (self.sp.true, self.sp.false):
            return bool(expr)
        return satisfiable(self.sp.And(expr, *self.constraints)) is not False

    def simplify(self, expr: Any) -> Any:
        r"""``expr`` as a short disjunctive normal form, equal to it wherever the domain's
        constraints on the atoms hold.

        Up to 8 atoms in ``expr`` and the constraints together, sympy's ``simplify_logic``
        (Quine-McCluskey, minimal). Above that (where ``simplify_logic`` would return its
        input unsimplified), :meth:`_irredundant`. Results are kept for the same ``expr``
        under the same constraints: a regime's condition is often an outcome's.
        """
        sp = self.sp
        if expr in (sp.true, sp.false):
            return expr
        key = (expr, len(self.constraints))
        done = self.simplified.get(key)
        if done is not None:
            return done
        self.simplified[key] = out = self._simplify(expr)
        return out

    def _simplify(self, expr: Any) -> Any:
        sp = self.sp
        dontcare = sp.Or(*(sp.Not(c) for c in self.constraints)) if self.constraints else None
        atoms = expr.free_symbols | (dontcare.free_symbols if dontcare is not None else set())
        if len(atoms) > _MINIMAL_ATOMS:
            return self._irredundant(expr)
        return sp.simplify_logic(expr, form="dnf", dontcare=dontcare)

    def _irredundant(self, expr: Any) -> Any:
        r"""A prime and irredundant cover of ``expr``, found greedily by satisfiability.

        While some point of ``expr`` that the constraints allow is not covered, one is found
        (:class:`_Clauses`), written as the conjunction :math:`C` of ``expr``'s atoms' values
        there, and each literal :math:`\ell` of :math:`C` is dropped where :math:`C
        \setminus \ell` still implies ``expr`` under the constraints (:math:`(C \setminus
        \ell) \wedge \neg\,\mathrm{expr}` is unsatisfiable). Then a conjunction is dropped
        where the others cover it. Every step keeps the function on the points where the
        constraints hold, so the result equals ``expr`` there; it is not always the
        shortest such DNF, which is exponential to find. Nothing here expands ``expr``
        (into a DNF or a CNF), so its size is no worry: the work is one satisfiability test
        per literal of each conjunction found.
        """
        sp = self.sp
        cnf = _Clauses()
        for c in self.constraints:
            cnf.require(c)
        f = cnf.literal(expr)
        codes = [cnf.variable(x) for x in sorted(expr.free_symbols, key=sp.default_sort_key)]
        cover: list[list[int]] = []
        while (point := cnf.model([f], [[-x for x in t] for t in cover])) is not None:
            term = [v if point[v] else -v for v in codes]
            for lit in list(term):
                rest = [x for x in term if x != lit]
                if cnf.model([-f, *rest]) is None:
                    term = rest
            cover.append(term)
        kept = list(cover)
        for t in cover:
            others = [x for x in kept if x is not t]
            if cnf.model(t, [[-x for x in o] for o in others]) is None:
                kept = others
        return sp.Or(*(sp.And(*(cnf.formula(x) for x in t)) for t in kept))

    def drop_pinned(self, expr: Any) -> Any:
        r"""``expr`` (a disjunction of conjunctions of atoms) without the conjunctions that
        are empty or imply another one on the domain, read through the parameters they pin.

        A conjunction whose atom :math:`d \ge 0` holds only at a bound of a parameter
        (:math:`0 \ge q` is :math:`q = 0`) is read with that value in its other atoms,
        which may pin more (:math:`o_A (q - 1) \ge 0` is then :math:`o_A = 0`). It is
        dropped if one of its atoms then fails, or if every atom of another conjunction
        then holds on the domain or is one of its own: :math:`q = 0 \wedge o_A = 0 \wedge
        w - o_D \ge 0` implies :math:`K - o_A \ge 0 \wedge w - o_D - o_A \ge 0`.
        """
        sp = self.sp
        if not isinstance(expr, sp.Or):
            return expr
        diff_of = {x: d for d, x in self.table.items()}

        def literals(clause: Any) -> list[tuple[Any, bool]]:
            parts = clause.args if isinstance(clause, sp.And) else (clause,)
            out = []
            for a in parts:
                x, positive = (a.args[0], False) if isinstance(a, sp.Not) else (a, True)
                if x not in diff_of:
                    return []  # not an atom of the payoffs: leave the clause alone
                out.append((diff_of[x], positive))
            return out

        def pins(lits: list[tuple[Any, bool]]) -> dict[Any, Any]:
            at: dict[Any, Any] = {}
            grew = True
            while grew:
                grew = False
                for d, positive in lits:
                    found = self.domain.pin(d.xreplace(at)) if positive else None
                    if found is not None and found[0] not in at:
                        at[found[0]] = found[1]
                        grew = True
            return at

        def reading(d: Any, positive: bool, at: dict[Any, Any]) -> Any:
            """True or False where the atom is decided on the domain under ``at``, else
            the atom as (difference, sign)."""
            e = sp.expand(d.xreplace(at)) if at else d
            if e.is_number:
                if not e.is_finite:
                    return (e, positive)
                return bool(e >= 0) == positive
            if positive and self.domain.nonnegative(e):
                return True
            if not positive and self.domain.nonnegative(e):
                return False
            return (e, positive)

        clauses = list(expr.args)
        lits = [literals(c) for c in clauses]
        keep = [True] * len(clauses)
        for k, own in enumerate(lits):
            at = pins(own) if own else {}
            if not at:
                continue
            mine = [reading(d, pos, at) for d, pos in own]
            if any(r is False for r in mine):
                keep[k] = False
                continue
            for j, other in enumerate(lits):
                if j == k or not keep[j] or not other:
                    continue
                if all((r := reading(d, pos, at)) is True or r in mine for d, pos in other):
                    keep[k] = False
                    break
        return sp.Or(*(c for c, kept in zip(clauses, keep, strict=True) if kept))

    def realize(self, expr: Any) -> Any:
        return expr if expr in (self.sp.true, self.sp.false) else expr.xreplace(self.real)


class _DomainSubstitution:
    r"""Signs of expressions on the parameters' domains, by a change of variables.

    Each bounded parameter is written through a positive variable :math:`t` that sweeps the
    domain's interior: :math:`[l, h] \ni l + (h - l)\,t/(1 + t)`, :math:`[l, \infty) \ni
    l + t`, :math:`(-\infty, h] \ni h - t`; an unbounded one keeps its symbol. An expression
    whose rewritten form sympy proves nonnegative (every factor of its numerator and
    denominator a sum of nonnegative terms, say) is nonnegative on the interior, and so,
    being a limit of interior values, wherever it is defined on the closed domain. Nothing
    is claimed when sympy cannot prove it: the test is sound, not complete. A claim is
    first tried at 256 float points of the interior (:meth:`refutes`), where most false
    ones fail cheaply.
    """

    def __init__(self, parameters: Sequence[Any]) -> None:
        import sympy

        self.sp = sympy
        self.subs: dict[Any, Any] = {}
        self.bounds: dict[Any, tuple[Any, Any]] = {}
        for p in parameters:
            low, high = p.bounds
            self.bounds[p.symbol] = tuple(  # type: ignore[assignment]
                sympy.nsimplify(x) if np.isfinite(x) else None for x in (low, high)
            )
            if not (np.isfinite(low) or np.isfinite(high)):
                continue
            t = sympy.Dummy(f"t_{p.name}", positive=True)
            lo, hi = (sympy.nsimplify(x) if np.isfinite(x) else None for x in (low, high))
            if lo is not None and hi is not None:
                self.subs[p.symbol] = lo + (hi - lo) * t / (1 + t)
            elif lo is not None:
                self.subs[p.symbol] = lo + t
            else:
                self.subs[p.symbol] = hi - t
        self.cache: dict[Any, bool] = {}
        # interior points, in floats, where a false claim is refuted cheaply
        # (:meth:`refutes`): each bounded parameter at l + (h - l) u, each half-bounded one
        # at its bound +- e^z, each unbounded one at +- e^z (u uniform, z normal)
        rng = np.random.default_rng(1)
        self.symbols = [p.symbol for p in parameters]
        self.points = []
        for p in parameters:
            low, high = (float(x) for x in p.bounds)
            u, z = (
                rng.uniform(0.02, 0.98, _FLOAT_POINTS),
                np.exp(rng.normal(0, 1.5, _FLOAT_POINTS)),
            )
            if np.isfinite(low) and np.isfinite(high):
                x = low + (high - low) * u
            elif np.isfinite(low):
                x = low + z
            elif np.isfinite(high):
                x = high - z
            else:
                x = np.where(u < 0.5, -z, z)
            self.points.append(x)
        self.float_cache: dict[Any, Any] = {}
        self.value_cache: dict[Any, Any] = {}

    def values(self, expr: Any) -> Any:
        """``expr`` at the float points (NaN where undefined), cached."""
        out = self.value_cache.get(expr)
        if out is None and expr.has(self.sp.zoo, self.sp.nan):  # 1/0 after a pinned value
            out = self.value_cache[expr] = np.full(_FLOAT_POINTS, np.nan)
        if out is None:
            from dealmodels.symbolic import numeric_function

            used = [k for k, sym in enumerate(self.symbols) if sym in expr.free_symbols]
            f = numeric_function([self.symbols[k] for k in used], expr)
            with np.errstate(all="ignore"):
                out = np.broadcast_to(
                    np.asarray(f(*(self.points[k] for k in used)), dtype=float), (_FLOAT_POINTS,)
                )
            self.value_cache[expr] = out
        return out

    def _floats(self, expr: Any) -> Any:
        """``expr`` at the float points, NaN where undefined or within rounding of 0 (of the
        sum of its terms' absolute values, :func:`_magnitude`)."""
        out = self.float_cache.get(expr)
        if out is None:
            value, scale = self.values(expr), self.values(_magnitude(expr))
            with np.errstate(invalid="ignore"):
                out = np.where(np.abs(value) > 1e-9 * scale, value, np.nan)
            self.float_cache[expr] = out
        return out

    def refutes(self, d1: Any, d2: Any | None = None) -> bool:
        r"""A float point of the domain's interior where :math:`d_1 \ge 0` fails
        (``d2`` None: :math:`d_1` is not nonnegative), or where :math:`d_1 > 0` and
        :math:`d_2 < 0` (:math:`d_1 \ge 0 \Rightarrow d_2 \ge 0` is false). Values within
        rounding of 0 are not read; a refutation is certain, its absence proves nothing."""
        a = self._floats(d1)
        if d2 is None:
            return bool(np.any(a < 0))
        return bool(np.any((a > 0) & (self._floats(d2) < 0)))

    def nonnegative(self, expr: Any) -> bool:
        """Whether ``expr`` is provably nonnegative wherever it is defined on the domain."""
        sp = self.sp
        known = self.cache.get(expr)
        if known is not None:
            return known
        ok = False
        if not expr.has(sp.Piecewise) and not self.refutes(expr):
            e = expr.xreplace(self.subs)
            num, den = sp.fraction(sp.cancel(sp.together(e)))
            ok = all(_provably_nonnegative(part) for part in (num, den)) or all(
                _provably_nonnegative(-part) for part in (num, den)
            )
        self.cache[expr] = ok
        return ok

    def implies(self, d1: Any, d2: Any) -> bool:
        r""":math:`d_1 \ge 0 \Rightarrow d_2 \ge 0` wherever both are defined on the domain.

        Three sufficient tests:

        * :math:`d_2 = A + r\,d_1` with :math:`A \ge 0` on the domain and :math:`r \ge 0` a
          polynomial, found term by term (:math:`r = 1`: :math:`d_2 - d_1 \ge 0`;
          :math:`A = 0`: :math:`d_2 = r\,d_1`). :math:`r` must be defined everywhere: with
          :math:`r = 1/q`, :math:`d_1 = q\,w` is 0 at :math:`q = 0` whatever the sign of
          :math:`d_2 = w`.
        * :math:`d_1 \ge 0` pins a parameter at a bound of its domain (:math:`d_1 = -s` with
          :math:`s \ge 0` gives :math:`s = 0`), and :math:`d_2` with that value is
          nonnegative.
        """
        sp = self.sp
        if not d1.free_symbols & d2.free_symbols:
            return False
        if self.refutes(d1, d2):
            return False
        # the float points of d2 - d1 and d2 / d1 from those of d1 and d2, without compiling
        # the new expressions: a refutation only withholds a claim, so reading them with a
        # coarser rounding bound (the sum of both magnitudes) stays sound
        v1, v2 = self.values(d1), self.values(d2)
        scale = self.values(_magnitude(d1)) + self.values(_magnitude(d2))
        with np.errstate(all="ignore"):
            diff = np.where(np.abs(v2 - v1) > 1e-9 * scale, v2 - v1, np.nan)
            ratio = np.where((np.abs(v1) > 1e-9 * scale) & (np.abs(v2) > 1e-9 * scale),
                             v2 / v1, np.nan)  # fmt: skip
        if not np.any(diff < 0):
            self.float_cache.setdefault(d2 - d1, diff)
            if self.nonnegative(d2 - d1):
                return True
        if not np.any(ratio < 0):
            r = sp.cancel(d2 / d1)
            if r.is_polynomial(*r.free_symbols) and self.nonnegative(r):
                return True
        return self._multiple_plus_rest(d1, d2) or self._pinned(d1, d2)

    def _multiple_plus_rest(self, d1: Any, d2: Any) -> bool:
        sp = self.sp
        terms = d2.args if d2.is_Add else (d2,)
        rest, found = [], False
        for t in terms:
            if not d1.free_symbols <= t.free_symbols:  # t = r d1 keeps d1's variables
                rest.append(t)
                continue
            r = sp.cancel(t / d1)
            if r.is_polynomial(*r.free_symbols) and self.nonnegative(r):
                found = True
            else:
                rest.append(t)
        return found and self.nonnegative(sp.Add(*rest))

    def pin(self, d: Any) -> tuple[Any, Any] | None:
        r"""``(x, bound)`` when :math:`d \ge 0` holds on the domain only at a bound of one
        parameter :math:`x` (:math:`d = -s` with :math:`s \ge 0` is :math:`s = 0`), else None."""
        sp = self.sp
        if len(d.free_symbols) != 1:
            return None
        (x,) = d.free_symbols
        if x not in self.bounds or not d.is_polynomial(x):
            return None
        poly = sp.Poly(d, x)
        if poly.degree() != 1:
            return None
        a, b = poly.all_coeffs()
        if not all(c.is_extended_real and c.is_finite for c in (a, b)):
            return None  # e.g. zoo * q
        low, high = self.bounds[x]
        at = -b / a
        if (a < 0 and at == low) or (a > 0 and at == high):
            return x, at  # d >= 0 is x <= low (so x = low), or x >= high (so x = high)
        return None

    def _pinned(self, d1: Any, d2: Any) -> bool:
        found = self.pin(d1)
        if found is None:
            return False
        pinned = d2.xreplace(dict([found]))
        return pinned.is_nonnegative is True or self.nonnegative(pinned)


def _provably_nonnegative(e: Any) -> bool:
    import sympy

    if e.is_nonnegative:
        return True
    if sympy.count_ops(e) > _FACTOR_OPS:
        return False  # factoring a large expression costs seconds; claim nothing
    f = sympy.factor(e)
    if f.is_nonnegative:
        return True
    return bool(sympy.expand(e).is_nonnegative)


def _backward_cases(
    tree: GameTree,
    atoms: _Atoms,
    guards: Mapping[int, Any] | None = None,
    positives: Mapping[int, frozenset[Any]] | None = None,
) -> list[tuple[Any, tuple[Any, ...], frozenset[int]]]:
    r"""Symbolic backward induction: the root's cases (condition, payoffs, terminals reached).

    At a decision node of player :math:`i`, for every combination of its children's cases,
    action :math:`a_j` is played iff :math:`V_i(a_j) > V_i(a_l)` for :math:`l < j` and
    :math:`V_i(a_j) \ge V_i(a_l)` for :math:`l > j`; a chance node averages. An action
    whose node has a guard :math:`g` (``guards``, node to atom: :meth:`GameModel.available`)
    exists only where :math:`g` holds: it is played only there, and it is compared with
    the others only there (:math:`\neg g_l \vee V_i(a_j) \ge V_i(a_l)`); a comparison
    of two actions is so read only where both guards hold, and a denominator that a guard
    makes positive (``positives``, node to the expressions :math:`e` of its conjuncts
    :math:`e > 0`) is cleared in it (:meth:`_Atoms._cleared`). Combinations
    that cannot hold together are pruned; the conditions of a node's cases are mutually
    exclusive and cover every case.
    """
    import itertools

    import sympy

    from dealmodels._numbers import to_sympy
    from dealmodels.games.extensive_form import CHANCE, TERMINAL

    fc, nc, kinds = tree.first_child, tree.n_children, tree.node_kind
    cases: dict[int, list[tuple[Any, tuple[Any, ...], frozenset[int]]]] = {}
    for v in range(tree.n_nodes - 1, -1, -1):
        k = int(kinds[v])
        if k == TERMINAL:
            pay = tuple(to_sympy(x) for x in tree.payoffs_at(v))
            cases[v] = [(sympy.true, pay, frozenset([v]))]
            continue
        kids = list(range(int(fc[v]), int(fc[v] + nc[v])))
        if k == CHANCE:  # the node's probabilities, and whether they provably sum to 1
            probs = [to_sympy(tree.probabilities[c]) for c in kids]
            whole = sympy.simplify(sum(probs) - 1) == 0
        out = []
        for combo in itertools.product(*(cases[c] for c in kids)):
            base = sympy.And(*(c[0] for c in combo))
            if not atoms.satisfiable(base):
                continue
            if k == CHANCE:
                pay = tuple(
                    _expectation(probs, whole, [c[1][i] for c in combo])
                    for i in range(tree.n_players)
                )
                reached = frozenset().union(
                    *(c[2] for p, c in zip(probs, combo, strict=True) if p != 0)
                )
                out.append((base, pay, reached))
                continue
            i = int(tree.node_player[v])
            own = [c[1][i] for c in combo]
            there = [guards.get(c, sympy.true) if guards else sympy.true for c in kids]
            pos = [positives.get(c, frozenset()) if positives else frozenset() for c in kids]
            for j in range(len(kids)):
                chosen = sympy.And(
                    there[j],
                    *(
                        sympy.Or(
                            sympy.Not(there[o]),
                            atoms.gt(own[j], own[o], pos[j] | pos[o])
                            if o < j
                            else atoms.ge(own[j], own[o], pos[j] | pos[o]),
                        )
                        for o in range(len(kids))
                        if o != j
                    ),
                )
                cond = sympy.And(base, chosen)
                if atoms.satisfiable(cond):
                    out.append((cond, combo[j][1], combo[j][2]))
        for c in kids:
            del cases[c]
        cases[v] = out
    return cases[0]


def _positive_conjuncts(rel: Any) -> frozenset[Any]:
    """The expressions :math:`e` of the conjuncts :math:`e > 0` of a guard (``a > b`` gives
    ``a - b``, ``a < b`` gives ``b - a``): positive wherever the guard holds."""
    import sympy
    from sympy.core import relational as r

    out = set()
    for c in sympy.And.make_args(sympy.sympify(rel)):
        if isinstance(c, r.StrictGreaterThan):
            out.add(c.lhs - c.rhs)
        elif isinstance(c, r.StrictLessThan):
            out.add(c.rhs - c.lhs)
    return frozenset(out)


def _expectation(probs: list[Any], whole: bool, values: list[Any]) -> Any:
    r"""A chance node's value :math:`\sum_k p_k v_k` for one player.

    Where every branch of positive probability gives the player the same payoff :math:`v`
    and the probabilities provably sum to 1 (``whole``), the value is :math:`v` itself:
    ``q v + (1 - q) v`` would be ``0 \cdot \infty`` at ``q = 0`` and an infinite :math:`v`,
    and would hide a plain payoff in the condition's printed form.
    """
    import sympy

    live = [v for p, v in zip(probs, values, strict=True) if p != 0]
    if whole and live and all(v == live[0] for v in live):
        return live[0]
    return sum((p * v for p, v in zip(probs, values, strict=True)), sympy.Integer(0))


def _relation_atom(atoms: _Atoms, rel: Any, model: str) -> Any:
    """``rel`` (a sympy relation of payoff-like expressions, or And/Or/Not of them) as atoms."""
    import sympy
    from sympy.core import relational as r

    if rel is True or rel is sympy.true:
        return sympy.true
    if rel is False or rel is sympy.false:
        return sympy.false
    if isinstance(rel, r.GreaterThan):
        return atoms.ge(rel.lhs, rel.rhs)
    if isinstance(rel, r.LessThan):
        return atoms.ge(rel.rhs, rel.lhs)
    if isinstance(rel, r.StrictGreaterThan):
        return atoms.gt(rel.lhs, rel.rhs)
    if isinstance(rel, r.StrictLessThan):
        return atoms.gt(rel.rhs, rel.lhs)
    if isinstance(rel, (sympy.And, sympy.Or)):
        return rel.func(*(_relation_atom(atoms, a, model) for a in rel.args))
    if isinstance(rel, sympy.Not):
        return sympy.Not(_relation_atom(atoms, rel.args[0], model))
    raise InvalidGameError(
        f"{model}: a regime split must be a relation (<=, <, >=, >) of the parameters' "
        f"symbols, And/Or/Not of relations, or True; got {rel!r}"
    )


class _Derived:
    """What the declaration implies, computed once per model class and options."""

    def __init__(self, model: GameModel) -> None:
        import sympy

        from dealmodels.games.extensive_form import CHANCE, TERMINAL, GameTree
        from dealmodels.symbolic import Condition, numeric_function

        params = model.parameters
        symbols = SimpleNamespace(**{n: p.symbol for n, p in params.items()})
        tree = GameTree.build(players=list(model.players), root=model.declare(symbols))
        if not tree.is_perfect_information:
            raise InvalidGameError(
                f"{model.name}: declare() must give a perfect-information tree "
                "(every information set one node)"
            )
        own = {p.symbol for p in params.values()}
        stray = sorted(str(s) for s in tree.free_symbols if s not in own)
        if stray:
            raise InvalidGameError(
                f"{model.name}: the declared tree uses symbols that are not parameters of the "
                f"model: {stray}; build payoffs from the symbols declare() is given"
            )
        self.tree = tree
        regimes = tuple(model.regimes)
        for r in model.cooperative:
            if r not in regimes:
                raise InvalidGameError(
                    f"{model.name}: cooperative regime {r!r} is not one of regimes {regimes}"
                )
        splits = _checked_splits(model, symbols, regimes, own)
        self.outcome_names = regimes + tuple(n for n in splits if n not in regimes)
        terminals = np.flatnonzero(tree.node_kind == TERMINAL).tolist()
        name_of = {v: _regime_of(model, tree.node_path(v), self.outcome_names) for v in terminals}
        # below a chance node every outcome must have one regime: the regime is then the
        # same whichever branch nature picks
        for v in np.flatnonzero(tree.node_kind == CHANCE).tolist():
            below = {name_of[t] for t in terminals if _below(tree, t, v)}
            if len(below) > 1:
                raise InvalidGameError(
                    f"{model.name}: the outcomes below the chance node at "
                    f"{'/'.join(tree.node_path(v)) or '(root)'} have different regimes "
                    f"{sorted(below)}; give them one regime"
                )
        atoms = _Atoms(list(params.values()))
        plist = list(params.values())
        relations = _checked_guards(model, symbols, tree, own)
        guards = {v: _relation_atom(atoms, rel, model.name) for v, (_, rel) in relations.items()}
        positives = {v: _positive_conjuncts(rel) for v, (_, rel) in relations.items()}
        root = _backward_cases(tree, atoms, guards, positives)
        self.symbols_namespace = symbols
        self.guards = {
            path: Condition(atoms.realize(guards[v]), plist, description=f"{path} exists")
            for v, (path, _) in relations.items()
        }

        def condition(parts: list[Any], description: str = "") -> Condition:
            expr = atoms.realize(atoms.drop_pinned(atoms.simplify(sympy.Or(*parts))))
            return Condition(expr, plist, description=description)

        # each root case ends in one outcome; a split outcome's regime is the first
        # alternative whose relation holds
        parts: dict[str, list[Any]] = {r: [] for r in regimes}
        for c, _, z in root:
            name = name_of[min(z)]
            if name not in splits:
                parts[name].append(c)
                continue
            rest = sympy.true
            for target, rel in splits[name]:
                holds = _relation_atom(atoms, rel, model.name)
                parts[target].append(sympy.And(c, rest, holds))
                rest = sympy.And(rest, sympy.Not(holds))
        self.regime_conditions = tuple(condition(parts[r], f"the regime is {r}") for r in regimes)
        self.cooperative_codes = np.array(
            [i for i, r in enumerate(regimes) if r in model.cooperative], dtype=np.int8
        )
        self.cooperation = condition(
            [c for r in model.cooperative for c in parts[r]],
            model.cooperation_description
            or f"the subgame-perfect play ends in {' or '.join(model.cooperative)}",
        )
        # the root's payoff: one case per distinct payoff vector
        merged: dict[tuple[Any, ...], list[Any]] = {}
        for c, pay, _ in root:
            merged.setdefault(pay, []).append(c)
        self.case_conditions = tuple(condition(cs) for cs in merged.values())
        syms = [p.symbol for p in plist]
        self.case_values = tuple(numeric_function(syms, sympy.Tuple(*pay)) for pay in merged)
        self.outcome_conditions = {
            "/".join(tree.node_path(t)): condition([c for c, _, z in root if t in z])
            for t in terminals
        }
        self.names = [p.name for p in plist]
        self.differences = tuple(atoms.table)
        self.symbols = [p.symbol for p in plist]


def _checked_splits(
    model: GameModel, symbols: SimpleNamespace, regimes: tuple[str, ...], own: set[Any]
) -> dict[str, list[tuple[str, Any]]]:
    """``model.split_regimes(symbols)``, checked: names, targets, symbols and a last ``True``."""
    import sympy

    out: dict[str, list[tuple[str, Any]]] = {}
    for name, alternatives in dict(model.split_regimes(symbols)).items():
        alts = [(str(r), rel) for r, rel in alternatives]
        if name in regimes:
            raise InvalidGameError(
                f"{model.name}: split outcome {name!r} is also a regime; give the outcome its "
                f"own name (it is replaced by the regimes it splits into)"
            )
        if not alts or alts[-1][1] not in (True, sympy.true):
            raise InvalidGameError(
                f"{model.name}: the last alternative of split outcome {name!r} must have the "
                "relation True, so that every point gets a regime"
            )
        for r, rel in alts:
            if r not in regimes:
                raise InvalidGameError(
                    f"{model.name}: split outcome {name!r} names regime {r!r}, which is not "
                    f"one of regimes {regimes}"
                )
            stray = sorted(str(x) for x in getattr(rel, "free_symbols", set()) if x not in own)
            if stray:
                raise InvalidGameError(
                    f"{model.name}: split outcome {name!r} uses symbols that are not "
                    f"parameters of the model: {stray}"
                )
        out[name] = alts
    return out


def _checked_guards(
    model: GameModel, symbols: SimpleNamespace, tree: GameTree, own: set[Any]
) -> dict[int, tuple[str, Any]]:
    """``model.available(symbols)`` by node: each key the path of an action of a decision
    node that has an action without a guard, each relation over the parameters."""
    from dealmodels.games.extensive_form import DECISION

    nodes = {"/".join(tree.node_path(v)): v for v in range(1, tree.n_nodes)}
    given = dict(model.available(symbols))
    out: dict[int, tuple[str, Any]] = {}
    for path, rel in given.items():
        v = nodes.get(str(path))
        if v is None or int(tree.node_kind[int(tree.parent[v])]) != DECISION:
            raise InvalidGameError(
                f"{model.name}: available() names {path!r}, which is not an action of a "
                "decision node of the declared tree (give the path of action labels joined "
                "by '/')"
            )
        stray = sorted(str(x) for x in getattr(rel, "free_symbols", set()) if x not in own)
        if stray:
            raise InvalidGameError(
                f"{model.name}: available()[{path!r}] uses symbols that are not parameters "
                f"of the model: {stray}"
            )
        out[v] = (str(path), rel)
    for v in {int(tree.parent[c]) for c in out}:
        kids = range(int(tree.first_child[v]), int(tree.first_child[v] + tree.n_children[v]))
        if all(c in out for c in kids):
            raise InvalidGameError(
                f"{model.name}: every action at {'/'.join(tree.node_path(v)) or '(root)'} has "
                "a guard in available(); leave one action always available"
            )
    return out


def _spec_numbers(spec: Any) -> list[Any]:
    """A builder spec's payoffs and chance probabilities, in the order :func:`_at_point`
    reads them."""
    from dealmodels.games.extensive_form import builder

    if isinstance(spec, builder._Decision):
        return [x for c in spec.children for x in _spec_numbers(c)]
    if isinstance(spec, builder._Chance):
        return [*spec.probs, *(x for c in spec.children for x in _spec_numbers(c))]
    return list(spec.payoffs if isinstance(spec, builder._Terminal) else spec)


def _at_point(
    spec: Any,
    players: list[str],
    numbers: Any,
    gone: set[str],
    path: tuple[str, ...] = (),
) -> tuple[Any, list[bool]]:
    r"""The builder spec with the numbers of ``numbers`` (in :func:`_spec_numbers`' order),
    and per player whether every payoff below is :math:`-\infty`.

    Left out: the actions in ``gone`` (unavailable at the point, :meth:`GameModel.available`)
    and, where another action remains, an action whose every outcome is worth
    :math:`-\infty` to the player choosing it (reneging at an infinite cost :math:`K`): it
    is never played, and a game tree holds finite payoffs only.
    """
    from dealmodels.games.extensive_form import builder, chance, decision

    if isinstance(spec, builder._Decision):
        i = players.index(spec.player)
        made = [
            (a, *_at_point(c, players, numbers, gone, (*path, a)))
            for a, c in zip(spec.labels, spec.children, strict=True)
        ]
        here = [m for m in made if "/".join((*path, m[0])) not in gone]
        kept = [m for m in here if not m[2][i]] or here
        lost = [all(m[2][k] for m in kept) for k in range(len(players))]
        return decision(spec.player, [(a, c) for a, c, _ in kept], infoset=spec.infoset), lost
    if isinstance(spec, builder._Chance):
        probs = [next(numbers) for _ in spec.probs]
        branches = [
            (a, p, *_at_point(c, players, numbers, gone, (*path, a)))
            for a, p, c in zip(spec.labels, probs, spec.children, strict=True)
        ]
        lost = [all(b[3][k] for b in branches) for k in range(len(players))]
        return chance([(a, p, c) for a, p, c, _ in branches]), lost
    pay = tuple(
        next(numbers) for _ in (spec.payoffs if isinstance(spec, builder._Terminal) else spec)
    )
    return pay, [x == -np.inf for x in pay]


def _below(tree: GameTree, node: int, ancestor: int) -> bool:
    parent = tree.parent
    while node > 0:
        node = int(parent[node])
        if node == ancestor:
            return True
    return node == ancestor


def _regime_of(model: GameModel, path: tuple[str, ...], regimes: tuple[str, ...]) -> str:
    """The regime of the terminal at ``path``: the entry of ``outcomes`` for its longest prefix."""
    for k in range(len(path), -1, -1):
        key = "/".join(path[:k])
        if key in model.outcomes:
            regime = model.outcomes[key]
            if regime not in regimes:
                raise InvalidGameError(
                    f"{model.name}: outcomes[{key!r}] = {regime!r} is not one of regimes {regimes}"
                )
            return regime
    raise InvalidGameError(
        f"{model.name}: the outcome at path {'/'.join(path)!r} has no regime; give it (or a "
        f"prefix of it) in outcomes, which has {sorted(model.outcomes)}"
    )


class GameModel(Model):
    r"""A model declared once as a game tree; its condition and its solve are derived.

    Subclasses set ``name``, ``players``, ``regimes``, ``cooperative`` and ``outcomes``, and
    implement ``_parameter_list`` and ``declare`` (see the module docstring and the page
    "Write your own model" of the documentation).

    Attributes
    ----------
    players : tuple of str
        The players, in the order of the payoff tuples.
    regimes : tuple of str
        Every regime, in display order.
    cooperative : tuple of str
        The regimes in which the AI cooperates.
    outcomes : mapping of str to str
        Terminal path (action labels joined by ``/``), or a prefix of paths, to its regime;
        the longest matching prefix wins, ``""`` matches every path.
    cooperation_description : str
        One line for the cooperation condition (optional).
    """

    players: ClassVar[tuple[str, ...]] = ()
    cooperative: ClassVar[tuple[str, ...]] = ()
    outcomes: ClassVar[Mapping[str, str]] = {}
    cooperation_description: ClassVar[str] = ""
    result_class: ClassVar[type[GameModelResult]] = GameModelResult
    fast_paths: ClassVar[tuple[str, ...]] = ()
    _derived_cache: ClassVar[dict[Any, _Derived]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._derived_cache = {}
        names = [
            n
            for n in dir(cls)
            if getattr(getattr(cls, n, None), "__dealmodels_fast_path__", False)
        ]
        cls.fast_paths = tuple(sorted(names))
        if cls.players:
            fields = [_field_name(p) for p in cls.players]
            if len(set(fields)) != len(fields):
                raise InvalidGameError(f"{cls.__name__}: player names must differ: {cls.players}")
            cls.result_class = dataclasses.make_dataclass(
                f"{cls.__name__}Result",
                [(f, Any) for f in fields],
                bases=(GameModelResult,),
                frozen=True,
                kw_only=True,
                eq=False,
                namespace={"__module__": cls.__module__},
            )
            # pickle finds the class as an attribute of its model
            cls.result_class.__qualname__ = f"{cls.__qualname__}.result_class"

    # -- the declaration ------------------------------------------------------------------------
    @abstractmethod
    def declare(self, s: SimpleNamespace) -> Any:
        """The game tree over the parameters' symbols ``s.<name>`` (a builder node spec)."""

    def options(self) -> tuple[tuple[str, str], ...]:
        """The model's construction options (what ``declare`` may read), as a hashable key.

        By default every public instance attribute (the disposition, the world and other
        private attributes are not options).
        """
        return tuple((k, repr(v)) for k, v in sorted(vars(self).items()) if not k.startswith("_"))

    def _derived(self) -> _Derived:
        key = self.options()
        d = self._derived_cache.get(key)
        if d is None:
            d = self._derived_cache[key] = _Derived(self)
        return d

    def tree(self) -> GameTree:
        """The declared game tree, with the parameters' symbols in its payoffs."""
        return self._derived().tree

    def game(self, disposition: Disposition | None = None, **values: Any) -> GameTree:
        """The game tree at one point (numbers for the symbols), for the engine's solvers.

        Values are merged and validated as in :meth:`solve`; each must be a single number.
        """
        v = self.resolve(disposition, **values)
        for k, x in v.items():
            if np.ndim(x) != 0:
                raise InvalidParameterError(
                    f"{self.name}.game takes one point: {k} must be a single number; got shape "
                    f"{np.shape(x)}"
                )
        from dealmodels._numbers import substitute
        from dealmodels.games.extensive_form import GameTree

        d = self._derived()
        point = {k: float(x) for k, x in v.items()}
        gone = {
            path
            for path, cond in d.guards.items()
            if not cond.holds(validate=False, **{k: point[k] for k in cond.parameters})
        }
        spec = self.declare(d.symbols_namespace)
        exprs = _spec_numbers(spec)
        mapping = {getattr(d.symbols_namespace, k): x for k, x in point.items()}
        numbers = iter(float(y) for y in substitute(exprs, mapping))
        root, _ = _at_point(spec, list(self.players), numbers, gone)
        return GameTree.build(players=list(self.players), root=root)

    def outcome_regime(self, path: str | tuple[str, ...]) -> str:
        """The outcome name of the terminal at ``path`` (action labels, or them joined by
        ``/``): a regime, or a split outcome of :meth:`split_regimes`."""
        parts = tuple(path.split("/")) if isinstance(path, str) else tuple(path)
        return _regime_of(self, parts, self._derived().outcome_names)

    def available(self, s: SimpleNamespace) -> Mapping[str, Any]:
        r"""Actions that exist only where a relation of the parameters holds.

        Map an action's path (action labels from the root joined by ``/``) to a relation
        over the symbols ``s.<name>`` (as in :meth:`split_regimes`). Where the relation
        fails the action is not there: backward induction neither plays it nor compares
        the others with it, and :meth:`game` leaves it out of the tree at that point. A
        payment :math:`o_A / q` that the AI counts on only through a committed type, say,
        exists where :math:`q > 0`: ``{"reputation offer": s.q > 0}``. At every node one
        action must be always available. By default every action is.
        """
        return {}

    def split_regimes(self, s: SimpleNamespace) -> Mapping[str, Sequence[tuple[str, Any]]]:
        r"""Outcomes whose regime depends on the parameters as well as on the path.

        Map an outcome name used in ``outcomes`` (not itself a regime) to its alternatives
        ``[(regime, relation), ..., (regime, True)]`` over the symbols ``s.<name>``: the
        regime is the first alternative whose relation holds, so the last one must be
        ``True``. For example an unmade offer is *no gains from trade* where
        :math:`o_A > w - o_D` and *no credible deal* otherwise:
        ``{"no deal": [("no gains from trade", s.o_A > s.w - s.o_D), ("no credible deal",
        True)]}``. The relations are compared as the payoffs are (differences, ties
        included). By default no outcome is split.
        """
        return {}

    # -- derived ---------------------------------------------------------------------------------
    def cooperation_condition(self) -> Condition:
        r"""The derived condition: some terminal of a cooperative regime is reached,
        :math:`\bigvee_{z:\ \mathrm{regime}(z)\ \mathrm{cooperative}} R_z`."""
        return self._derived().cooperation

    def regime_condition(self, regime: str) -> Condition:
        """The derived condition under which ``solve`` returns ``regime``."""
        d = self._derived()
        if regime not in self.regimes:
            raise InvalidParameterError(
                f"regime must be one of {self.regimes}; got regime={regime!r}"
            )
        return d.regime_conditions[self.regimes.index(regime)]

    def solve(
        self, disposition: Disposition | None = None, *, method: str = "derived", **values: Any
    ) -> GameModelResult:
        """Solve the declared game at ``values`` (arrays broadcast).

        Parameters
        ----------
        disposition : Disposition, optional
            Fills the parameters that name a disposition field.
        method : str, default "derived"
            ``"derived"``: the conditions of the declared tree; or the name of a fast path
            (``fast_paths``) for the regime (the values are always the derived ones).
        **values : float or array_like
            Parameter values (see :meth:`~dealmodels.models.Model.resolve`).
        """
        if method != "derived" and method not in self.fast_paths:
            raise InvalidParameterError(
                f"method must be 'derived' or a fast path of {self.name} "
                f"{list(self.fast_paths)}; got method={method!r}"
            )
        v = self.resolve(disposition, **values)
        d = self._derived()
        shape = broadcast(v, list(v))
        with np.errstate(all="ignore"):
            held = [_holds(c, v, shape) for c in d.regime_conditions]
            count = np.sum(held, axis=0)
            if np.any(count != 1):
                idx = np.unravel_index(int(np.flatnonzero(count != 1)[0]), shape)
                raise SolverError(
                    f"{self.name}: {int(count[idx])} regimes hold at {_point(v, shape, idx)}; "
                    "the declared tree's conditions should give exactly one"
                )
            code = np.select(held, np.arange(len(held), dtype=np.int8), np.int8(-1)).astype(
                np.int8
            )
            cooperates = _holds(d.cooperation, v, shape)
            if not np.array_equal(cooperates, np.isin(code, d.cooperative_codes)):
                raise SolverError(
                    f"{self.name}: the cooperation condition and the regime disagree"
                )
            if method != "derived":
                fast = np.broadcast_to(np.asarray(getattr(self, method)(v), dtype=np.int8), shape)
                code = fast
                cooperates = np.isin(code, d.cooperative_codes)
            player_values = self._values_at(d, v, shape)
        fields = {
            _field_name(p): scalar_or_array(x, shape)
            for p, x in zip(self.players, player_values, strict=True)
        }
        return self.result_class(
            model=self.name,
            regime_code=scalar_or_array(code, shape),
            regime_labels=self.regimes,
            cooperates=scalar_or_array(cooperates, shape),
            explanation=self._explain(d, v, int(first(code)), player_values),
            values=v,
            method=method,
            **fields,
        )

    def _values_at(self, d: _Derived, v: Mapping[str, Any], shape: tuple[int, ...]) -> list[Any]:
        args = [np.asarray(v[n], dtype=float) for n in d.names]
        held = [_holds(c, v, shape) for c in d.case_conditions]
        out = [np.zeros(shape) for _ in self.players]
        for h, f in zip(held, d.case_values, strict=True):
            if not np.any(h):
                continue
            vals = f(*args)
            for i, x in enumerate(vals):
                out[i] = np.where(h, np.broadcast_to(np.asarray(x, dtype=float), shape), out[i])
        for i, x in enumerate(out):
            bad = np.isnan(x)
            if bad.any():
                idx = np.unravel_index(int(np.flatnonzero(bad)[0]), shape)
                raise InvalidParameterError(
                    f"{self.name}: {self.players[i]}'s value is undefined (0·inf or inf - inf) "
                    f"at {_point(v, shape, idx)}; give less extreme values"
                )
        return out

    def _explain(self, d: _Derived, v: Mapping[str, Any], code: int, values: list[Any]) -> str:
        point = {k: float(np.ravel(x)[0]) for k, x in v.items()}
        paths, open_ = [], []
        for path, cond in d.outcome_conditions.items():
            try:
                if cond.holds(validate=False, **{k: point[k] for k in cond.parameters}):
                    paths.append(path)
            except InvalidParameterError:  # the play there turns on an undefined comparison
                open_.append(path)
        regime = self.regimes[code] if code >= 0 else "undecided"
        worth = ", ".join(
            f"{p} {float(np.ravel(x)[0]):.4g}" for p, x in zip(self.players, values, strict=True)
        )
        play = " or ".join(paths + open_) or "(none)"
        if open_:
            play += " (an undefined comparison, 0·inf or inf - inf, decides which)"
        return f"{regime}: subgame-perfect play {play} ({worth})"

    # -- fast paths -------------------------------------------------------------------------
    def check_fast_paths(self, n: int = 10_000, *, seed: int = 0) -> list[FastPathCheck]:
        """Compare every fast path with the derived regime on ``n`` points of the whole domain.

        Points are drawn per parameter from its domain: a quarter at the edges (0, 1e-300,
        0.5, 1, 2, 1e300, inf, the bounds, whichever lie in the domain), the rest
        log-uniform (unbounded domains) or uniform (bounded ones); a point whose values the
        model refuses together (``residual_damage`` above ``damage``) is drawn again.
        Points where the derived solve refuses the values are counted as ``refused``, not
        compared.
        """
        from dealmodels._validation import check_int

        check_int("n", n, low=1)
        rng = np.random.default_rng(seed)
        values = self._draw_valid(n, rng)
        out = []
        derived = _codes_by_halving(lambda **v: self.solve(**v).regime_code, values)
        refused = int(np.sum(derived == -2))
        shaky = self._ill_conditioned(values) & (derived != -2)
        derived = np.where(shaky, np.int8(-2), derived)
        for name in self.fast_paths:
            method = getattr(self, name)

            def fast_codes(method: Any = method, **v: Any) -> Any:
                with np.errstate(all="ignore"):  # a fast path may compute inf - inf
                    code = method(self.resolve(**v))
                return np.broadcast_to(
                    np.asarray(code, dtype=np.int8), np.shape(next(iter(v.values())))
                )

            fast = _codes_by_halving(fast_codes, values)
            compared = (derived != -2) & (fast != -2)
            diff = np.flatnonzero(compared & (fast != derived))
            example = None if diff.size == 0 else {k: float(x[diff[0]]) for k, x in values.items()}
            out.append(
                FastPathCheck(
                    name,
                    int(compared.sum()),
                    refused,
                    int(diff.size),
                    example,
                    int(shaky.sum()),
                    int(np.sum((fast == -2) & (derived != -2))),
                )
            )
        return out

    def _draw_valid(self, n: int, rng: np.random.Generator) -> dict[str, Any]:
        """``n`` points drawn per parameter (:func:`_draw`); a point the model's joint check
        refuses (``_check_values``: ``needed`` above ``instances``, say) is drawn again, up
        to 20 times, so that the comparison is made on valid points."""
        params = self.parameters
        values = {name: _draw(p, n, rng) for name, p in params.items()}

        def valid(i: int) -> bool:
            try:
                self._check_values({k: x[i] for k, x in values.items()})
            except InvalidParameterError:
                return False
            return True

        for _ in range(20):
            bad = np.array([i for i in range(n) if not valid(i)], dtype=int)
            if bad.size == 0:
                break
            for name, p in params.items():
                values[name][bad] = _draw(p, bad.size, rng)
        return values

    def _ill_conditioned(self, values: Mapping[str, Any]) -> Any:
        r"""Points where a compared payoff difference has a float sign its exact value lacks.

        Each difference is evaluated in floats over all points, and again at the floats'
        exact values in 4,096-bit arithmetic (mpmath) wherever its float value is within
        :math:`10^{-12}` of its terms' magnitude: only there can rounding change the sign.
        Sums and products of doubles are exact at that precision (their exponents span
        about 2,100 bits); exact rationals would be exact too, but a power such as
        :math:`\delta^{\Delta}` at :math:`\Delta = 10^{300}` cannot be computed in them.
        """
        import mpmath
        import sympy

        from dealmodels.symbolic import numeric_function

        d = self._derived()
        n = len(next(iter(values.values())))
        shaky = np.zeros(n, dtype=bool)
        if not d.differences:
            return shaky
        args = [np.asarray(values[k], dtype=float) for k in d.names]
        with np.errstate(all="ignore"):
            diffs = numeric_function(d.symbols, sympy.Tuple(*d.differences), cse=False)(*args)
            mags = numeric_function(d.symbols, sympy.Tuple(*map(_magnitude, d.differences)))(*args)
        for diff, mag, expr in zip(diffs, mags, d.differences, strict=True):
            diff = np.broadcast_to(np.asarray(diff, dtype=float), (n,))
            mag = np.broadcast_to(np.asarray(mag, dtype=float), (n,))
            near = np.isfinite(diff) & (np.abs(diff) <= 1e-12 * mag)
            # only the symbols the difference uses: an infinite value elsewhere does not
            # make its sign any less decidable
            used = [k for k, sym in enumerate(d.symbols) if sym in expr.free_symbols]
            exact = sympy.lambdify([d.symbols[k] for k in used], expr, modules="mpmath")
            for i in np.flatnonzero(near & ~shaky).tolist():
                at = [float(args[k][i] if np.ndim(args[k]) else args[k]) for k in used]
                if not all(np.isfinite(at)):
                    continue
                with mpmath.workprec(_EXACT_BITS):
                    true = exact(*map(mpmath.mpf, at))
                    if not mpmath.isfinite(true):
                        continue
                    sign = int(mpmath.sign(true))
                if sign != int(np.sign(diff[i])):
                    shaky[i] = True
        return shaky


class Declaration(GameModel):
    r"""The declared game of a :class:`ClosedFormModel`, whose ``solve`` is written by hand.

    A subclass sets ``of`` (the model class), ``players``, ``cooperative`` and ``outcomes``
    and writes ``declare`` (and ``split_regimes``) as for any :class:`GameModel`; it takes
    its parameters and its regimes from ``of``, and reads the model's construction options
    named in ``option_names`` (a utility family, say) as its own. The model's ``solve`` is
    its fast path ``closed_form``, so :meth:`GameModel.check_fast_paths` compares the closed
    form with the regime derived from the declaration.
    """

    of: ClassVar[type[Model]]
    option_names: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        of = cls.__dict__.get("of")
        if of is not None:
            cls.regimes = of.regimes
            cls.name = f"{of.name} (declared)"
        super().__init_subclass__(**kwargs)

    def __init__(self, model: Model | None = None) -> None:
        model = model if model is not None else self.of()
        if not isinstance(model, self.of):
            raise InvalidParameterError(
                f"{type(self).__name__} declares {self.of.__name__}; got a {type(model).__name__}"
            )
        super().__init__(model._disposition, world=model.world)
        self._model = model
        for k in self.option_names:
            setattr(self, k, getattr(model, k))

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        return cls.of._parameter_list()

    def _check_values(self, values: Values) -> None:
        self._model._check_values(values)

    @fast_path
    def closed_form(self, v: Mapping[str, Any]) -> Any:
        """The model's own ``solve`` (its regime code)."""
        return self._model.solve(**v).regime_code


class ClosedFormModel(Model):
    r"""A model whose ``solve`` is a closed form and whose game is declared once.

    ``declaration`` is a :class:`Declaration` of the model. Its derived conditions are the
    model's: :meth:`cooperation_condition` and :meth:`regime_condition` come from symbolic
    backward induction on the declared tree, never from a second hand-written formula, and
    :meth:`tree` and :meth:`game` are the declared tree (symbolic, or at one point for the
    engine). ``solve`` stays the model's own (faster, and with fields the tree does not
    give, as the takeover decision's minimum payment); the test harness checks it against
    the derived regime on :math:`10^4` points of the whole domain
    (:meth:`GameModel.check_fast_paths`).
    """

    declaration: ClassVar[type[Declaration]]

    def declared(self) -> Declaration:
        """The model's declaration, with this model's options, disposition and world."""
        return self.declaration(self)

    def cooperation_condition(self) -> Condition:
        """The cooperation condition derived from the declared game
        (:meth:`GameModel.cooperation_condition`)."""
        return self.declared().cooperation_condition()

    def regime_condition(self, regime: str) -> Condition:
        """The derived condition under which the regime is ``regime``."""
        return self.declared().regime_condition(regime)

    def tree(self) -> GameTree:
        """The declared game tree, with the parameters' symbols in its payoffs."""
        return self.declared().tree()

    def game(self, disposition: Disposition | None = None, **values: Any) -> GameTree:
        """The declared game tree at one point, for the engine (:meth:`GameModel.game`)."""
        return self.declared().game(disposition, **values)


def _codes_by_halving(codes_of: Callable[..., Any], values: Mapping[str, Any]) -> Any:
    """``codes_of(**values)`` at each point; -2 where it refuses the point.

    A refused batch (InvalidParameterError, SolverError) is halved until the refused points
    are found one by one.
    """
    n = len(next(iter(values.values())))
    codes = np.full(n, -2, dtype=np.int8)
    todo = [np.arange(n)]
    while todo:
        idx = todo.pop()
        try:
            codes[idx] = codes_of(**{k: x[idx] for k, x in values.items()})
        except (InvalidParameterError, SolverError):
            if idx.size > 1:
                todo += [idx[: idx.size // 2], idx[idx.size // 2 :]]
    return codes


def _magnitude(e: Any) -> Any:
    """The sum of the absolute values of ``e``'s terms (a bound on what rounding acts on)."""
    import sympy

    if e.is_Number:
        return abs(e)
    if e.is_Symbol:
        return sympy.Abs(e)
    if e.is_Add or e.is_Mul:
        return e.func(*(_magnitude(a) for a in e.args))
    if e.is_Pow and e.exp.is_Integer and e.exp > 0:
        return _magnitude(e.base) ** e.exp
    return sympy.Abs(e)


def _holds(cond: Condition, v: Mapping[str, Any], shape: tuple[int, ...]) -> Any:
    given = {k: v[k] for k in cond.parameters}
    return np.broadcast_to(np.asarray(cond.holds(validate=False, **given), dtype=bool), shape)


def _point(v: Mapping[str, Any], shape: tuple[int, ...], idx: tuple[Any, ...]) -> str:
    parts = []
    for k, x in v.items():
        a = np.broadcast_to(np.asarray(x, dtype=float), shape)
        parts.append(f"{k}={float(a[idx]):g}")
    return ", ".join(parts)


def _draw(p: Any, n: int, rng: np.random.Generator) -> Any:
    low, high = p.bounds
    edges = [x for x in (*_EDGES, low, high) if np.isfinite(x) or x == high]
    edges = [x for x in edges if _inside(p, x)]
    if np.isfinite(high):
        body = rng.uniform(low, high, n)
    else:
        body = np.exp(rng.uniform(np.log(1e-6), np.log(1e6), n)) + max(low, 0.0)
    body = np.where([_inside(p, x) for x in body], body, p.default)
    take = rng.random(n) < 0.25
    if edges:
        body = np.where(take, rng.choice(np.array(edges, dtype=float), n), body)
    return body


def _inside(p: Any, x: float) -> bool:
    try:
        p.validate(float(x))
    except InvalidParameterError:
        return False
    return True
