r"""Claims about models as executable properties: proved exactly, or searched and shrunk.

A researcher's qualitative claim ("risk aversion lowers the price of a deal") becomes a
property of a model over its parameter domains. Each function here checks one and returns a
frozen :class:`ClaimResult`:

- :func:`claim`: ``predicate(result)`` holds at every point;
- :func:`monotone`: an output is nondecreasing (or nonincreasing) in one parameter, all else
  equal;
- :func:`implies`: wherever the premise holds, so does the conclusion;
- :func:`never`: the model never ends in a given regime.

The space is the model's parameter domains, or the subset named by ``over``, with ``fixed``
values and the model's :class:`~dealmodels.dispositions.Disposition` applied as in
:meth:`Model.resolve <dealmodels.models._base.Model.resolve>` (defaults, then the
disposition, then explicit values). A name in ``over`` may also be a Disposition field such as
``"myopia"``: it feeds the parameters that read it (``discount = 1 - myopia``).

**Proof first.** When the claim is about an exact :class:`~dealmodels.symbolic.Condition`
(the model's ``cooperates``, or a Condition given as predicate, premise or conclusion), sympy
is tried first: a relation :math:`g(x) \ge 0` is monotone in :math:`x` when the sign of
:math:`\partial g / \partial x` is fixed on the domain (:meth:`Condition.solve_for
<dealmodels.symbolic.Condition.solve_for>` gives the threshold), ``And`` and ``Or`` preserve
monotonicity and ``Not`` reverses it; a relation holds everywhere when :math:`g \ge 0` follows
from the parameters' domains; an implication holds when it is a propositional tautology in its
relations, or when :math:`g_c - g_p \ge 0` on the domain for a premise relation
:math:`g_p \ge 0` and the conclusion :math:`g_c \ge 0`. Such a claim is reported ``"proved"``.

**Otherwise, search.** hypothesis draws points, looks for one where the claim fails, and
shrinks it to a simple counterexample (short, round numbers, near the boundary of the region
where the claim fails). The counterexample is re-evaluated before it is returned. The same
``seed`` gives the same search and the same counterexample in the same environment
(hypothesis also mixes in constants it finds in the source of the modules you have imported,
so another set of imported modules can change the search); ``"no counterexample"`` after
``examples`` points is evidence, not proof.

References
----------
.. [1] D. R. MacIver, Z. Hatfield-Dodds et al., "Hypothesis: A new approach to property-based
   testing", *Journal of Open Source Software* 4(43), 1891, 2019.
.. [2] M. Taylor, "How important is the model spec if alignment fails?", Forethought, 2025
   (the claims this module is used to check: ``examples/article_claims.py``).

Examples
--------
>>> from dealmodels.models import TakeoverDecision
>>> m = TakeoverDecision(utility="cara")
>>> r = monotone(m, "minimum_payment", "risk_aversion", "decreasing",
...              over=["p", "trust", "prize", "risk_aversion"], seed=0)
>>> r.verdict
'counterexample'
>>> v = r.counterexample.point
>>> bool(v["p"] > v["trust"])   # payment less likely than a successful takeover
True
>>> monotone(TakeoverDecision(), "cooperates", "trust").verdict
'proved'
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from dealmodels._validation import check_choice, check_int, check_positive, fail
from dealmodels.errors import DealModelsError, InvalidParameterError, SolverError
from dealmodels.models._base import Model, ModelResult

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from dealmodels.symbolic import Condition, Parameter

__all__ = [
    "ClaimError",
    "ClaimResult",
    "Counterexample",
    "claim",
    "implies",
    "monotone",
    "never",
]

Verdict = Literal["proved", "no counterexample", "counterexample"]
Direction = Literal["increasing", "decreasing"]
Predicate = Callable[[ModelResult], Any]
Over = Iterable[str] | Mapping[str, "tuple[float, float] | None"]

_VERDICTS: tuple[Verdict, ...] = ("proved", "no counterexample", "counterexample")
_DIRECTIONS: tuple[Direction, ...] = ("increasing", "decreasing")
_BASE_FIELDS = ("model", "regime", "explanation", "values")


class ClaimError(DealModelsError, ValueError):
    """A claim cannot be checked: its predicate raised or returned a non-boolean, or no point
    of the space is valid. The message names the point."""


# -- results -------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True, eq=False)
class Counterexample:
    """A (shrunk) point where a claim fails.

    Attributes
    ----------
    point : mapping of str to float
        The varied values (parameters or Disposition fields) at the counterexample.
    results : tuple of ModelResult
        The model's output there: one result, or two for :func:`monotone` (at the lower and
        the higher value of the parameter).
    description : str
        What fails there, with the numbers.
    """

    point: Mapping[str, float]
    results: tuple[ModelResult, ...]
    description: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "point", MappingProxyType(dict(self.point)))
        if not self.results or not all(isinstance(r, ModelResult) for r in self.results):
            raise fail("results", "a non-empty tuple of ModelResult", self.results)

    @property
    def result(self) -> ModelResult:
        """The model's result at the point (the lower one for :func:`monotone`)."""
        return self.results[0]

    @property
    def explanation(self) -> str:
        """The model's explanation at the point (each point's, for :func:`monotone`)."""
        return " | ".join(r.explanation for r in self.results)

    @property
    def values(self) -> Mapping[str, Any]:
        """Every parameter value used at the point (defaults, disposition, fixed, varied)."""
        return self.results[0].values

    def __str__(self) -> str:
        point = ", ".join(f"{k}={_num(v)}" for k, v in self.point.items())
        return f"{point}: {self.description} ({self.explanation})"


@dataclass(frozen=True, kw_only=True, eq=False)
class ClaimResult:
    """The verdict on a claim.

    Attributes
    ----------
    claim : str
        The claim in words, e.g. ``"minimum_payment is decreasing in risk_aversion"``.
    model : str
        The model's name.
    verdict : {"proved", "no counterexample", "counterexample"}
        ``"proved"``: sympy proved it from the exact condition over the whole domain;
        ``"no counterexample"``: the search found none in ``examples`` points;
        ``"counterexample"``: it fails at :attr:`counterexample`.
    examples : int
        Valid points evaluated (up to and including the first counterexample; 0 if proved).
    informative : int
        Of those, the points that tested the claim (the premise held; the two values of a
        :func:`monotone` parameter differed). 0 with ``examples > 0`` means the claim was
        never really tested.
    seed : int or None
        The hypothesis seed: the same seed repeats the search within the same environment
        (the same imported modules); None if proved.
    over : tuple of str
        The varied names.
    counterexample : Counterexample or None
        The shrunk point where the claim fails.
    proof : str
        How sympy proved it ("" unless proved).
    """

    claim: str
    model: str
    verdict: Verdict
    examples: int
    informative: int
    seed: int | None
    over: tuple[str, ...]
    counterexample: Counterexample | None = None
    proof: str = ""

    def __post_init__(self) -> None:
        check_choice("verdict", self.verdict, _VERDICTS)
        if (self.verdict == "counterexample") != (self.counterexample is not None):
            raise fail("counterexample", "given iff verdict is 'counterexample'", None)
        if (self.verdict == "proved") != bool(self.proof):
            raise fail("proof", "non-empty iff verdict is 'proved'", self.proof)

    @property
    def holds(self) -> bool:
        """False iff a counterexample was found (``"proved"`` or ``"no counterexample"``)."""
        return self.verdict != "counterexample"

    def __bool__(self) -> bool:
        return self.holds

    def __str__(self) -> str:
        head = f"{self.model}: {self.claim}: {self.verdict}"
        if self.verdict == "proved":
            return f"{head} ({self.proof})"
        tried = f"{self.examples} examples, {self.informative} informative, seed {self.seed}"
        if self.counterexample is None:
            return f"{head} ({tried})"
        return f"{head} ({tried})\n  at {self.counterexample}"


# -- the space of a claim ------------------------------------------------------------------------
class _Invalid(Exception):
    """A drawn point the model rejects (a cross-parameter constraint): not a counterexample."""


def _identity(value: Any) -> Any:
    return value


def _derive(rule: Callable[..., Any], field: str, world: Any, value: Any) -> Any:
    """A derived disposition quantity from one field's value (number, array or symbol)."""
    import numbers

    x = np.asarray(value, dtype=float) if isinstance(value, numbers.Number | np.ndarray) else value
    return rule({field: x}, world)


class _Space:
    """The varied names, their draws, the fixed values, and how a point becomes a solve."""

    def __init__(
        self,
        model: Model,
        over: Over | None,
        fixed: Mapping[str, float] | None,
        max_value: float,
        extra: tuple[str, ...] = (),
    ) -> None:
        from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition

        if not isinstance(model, Model):
            raise fail("model", "a dealmodels Model (e.g. TakeoverDecision())", model)
        check_positive("max_value", max_value)
        self.model = model
        self.params = model.parameters
        self._fields = DISPOSITION_FIELDS
        fixed_map = {} if fixed is None else fixed
        if not isinstance(fixed_map, Mapping):
            raise fail("fixed", "a mapping of name to value", fixed)
        ranges = self._over(over, extra, tuple(fixed_map))
        self.fixed: dict[str, float] = {}
        for name, value in fixed_map.items():
            self._check_name("fixed", name)
            if name in ranges:
                raise InvalidParameterError(f"{name!r} is both varied (over) and fixed")
            if name in DISPOSITION_FIELDS:
                Disposition(**{name: value})  # validates the field's range
            self.fixed[name] = value
        names = list(ranges) + list(self.fixed)
        self._check_feeds(names)
        self.names = tuple(ranges)
        self.draws = {n: self._draw(n, rng, max_value) for n, rng in ranges.items()}
        # resolve once now: a bad fixed value or a parameter without default fails here
        self.model.resolve(None, **self.values({}))

    def _check_name(self, label: str, name: object) -> None:
        if not isinstance(name, str) or (name not in self.params and name not in self._fields):
            raise InvalidParameterError(
                f"{label} must name parameters of {self.model.name} {sorted(self.params)} or "
                f"Disposition fields {list(self._fields)}; got {name!r}"
            )

    def _over(
        self, over: Over | None, extra: tuple[str, ...], fixed: tuple[str, ...]
    ) -> dict[str, Any]:
        if over is None:  # every parameter not fixed or fed by a named Disposition field
            named = [*extra, *(f for f in fixed if isinstance(f, str))]
            taken = {pname for name in named for pname, _ in self.fed(name)} | set(named)
            out: dict[str, Any] = dict.fromkeys(n for n in self.params if n not in taken)
        elif isinstance(over, Mapping):
            out = dict(over)
        elif isinstance(over, str) or not isinstance(over, Iterable):
            raise fail("over", "an iterable of names or a mapping of name to (low, high)", over)
        else:
            out = dict.fromkeys(over)
        for name in extra:
            out.setdefault(name, None)
        if not out:
            raise fail("over", "at least one name", over)
        for name in out:
            self._check_name("over", name)
        return out

    def _check_feeds(self, names: list[str]) -> None:
        """A Disposition field must feed some parameter, and not together with it."""
        from dealmodels.analysis._priors import source_field

        for name in names:
            if name in self.params:
                src = source_field(self.params[name].disposition)
                if src is not None and src != name and src in names:
                    raise InvalidParameterError(
                        f"give a parameter or the Disposition field it reads, not both; "
                        f"got {name!r} and {src!r}"
                    )
            elif not self.fed(name):
                raise InvalidParameterError(
                    f"{self.model.name} reads no parameter from the Disposition field {name!r}"
                )

    def fed(self, field: str) -> list[tuple[str, Callable[[Any], Any]]]:
        """The parameters a Disposition field feeds, each with its rule ``value -> parameter
        value`` (the identity, or a derived quantity of
        :data:`~dealmodels.models._base.DERIVED_DISPOSITIONS` at the model's world, such as
        ``discount = 1 - myopia``); the rule takes numbers, arrays or sympy symbols."""
        from dealmodels.models._base import DERIVED_DISPOSITIONS, DERIVED_SOURCES
        from dealmodels.world import World

        world = self.model.world if self.model.world is not None else World()
        out: list[tuple[str, Callable[[Any], Any]]] = []
        for pname, p in self.params.items():
            if p.disposition == field:
                out.append((pname, _identity))
            elif p.disposition in DERIVED_SOURCES and DERIVED_SOURCES[p.disposition] == field:
                rule = DERIVED_DISPOSITIONS[p.disposition]
                out.append((pname, functools.partial(_derive, rule, field, world)))
        return out

    def _draw(self, name: str, rng: Any, max_value: float) -> SearchStrategy[float]:
        from dealmodels.strategies import _disposition_field_draw, _parameter_draw
        from dealmodels.symbolic import Parameter

        if name in self.params:
            p = self.params[name]
        else:
            high = max_value if name in ("risk_aversion", "promise_keeping") else 1.0
            p = Parameter(name=name, low=0.0, high=high)
            if rng is None:
                return _disposition_field_draw(name, {name: high})
        if rng is None:
            return _parameter_draw(p, max_value)
        try:
            lo, hi = (float(v) for v in rng)
        except (TypeError, ValueError):
            raise fail(f"over[{name!r}]", "None or a (low, high) pair of numbers", rng) from None
        if not (p.low <= lo <= hi <= p.high) or math.isnan(lo) or math.isnan(hi):
            raise fail(f"over[{name!r}]", f"a (low, high) range within {p}", rng)
        narrowed = Parameter(
            name=name,
            low=lo,
            high=hi,
            low_open=p.low_open and lo == p.low,
            high_open=p.high_open and hi == p.high,
            integer=p.integer,
        )
        return _parameter_draw(narrowed, max_value)

    def values(self, point: Mapping[str, Any]) -> dict[str, Any]:
        """Explicit model values for a point (fixed values, then the point's)."""
        merged = {**self.fixed, **point}
        out: dict[str, Any] = {}
        for name, value in merged.items():
            if name in self.params:
                out[name] = value
                continue
            for pname, rule in self.fed(name):
                out[pname] = rule(value)
        return out

    def solve(self, point: Mapping[str, Any]) -> ModelResult:
        """The model's result at a point; :class:`_Invalid` if the model rejects it."""
        try:
            return self.model.solve(**self.values(point))
        except InvalidParameterError as exc:
            raise _Invalid(str(exc)) from None


# -- search --------------------------------------------------------------------------------------
class _Found(Exception):
    """Raised inside the hypothesis test when the claim fails (what hypothesis shrinks)."""


def _search(
    strategy: SearchStrategy[Any],
    fails: Callable[[Any], tuple[bool, bool]],
    *,
    max_examples: int,
    seed: int,
) -> tuple[Any | None, int, int]:
    """Run hypothesis over ``strategy`` for an example where ``fails(example)[0]``.

    ``fails`` returns ``(failed, informative)`` and raises :class:`_Invalid` for points to
    reject. Returns the shrunk failing example (or None), the valid examples tried up to the
    first failure, and how many of those were informative.
    """
    from hypothesis import HealthCheck, Phase, Verbosity, given, reject, settings
    from hypothesis import seed as hypothesis_seed
    from hypothesis.errors import Unsatisfiable

    tried = [0, 0]
    first: list[tuple[int, int]] = []
    found: list[Any] = []

    def test(example: Any) -> None:
        try:
            failed, informative = fails(example)
        except _Invalid:
            reject()
        if not first:
            tried[0] += 1
            tried[1] += int(informative)
        if failed:
            if not first:
                first.append((tried[0], tried[1]))
            found[:] = [example]  # the last failing call is hypothesis' shrunk replay
            raise _Found

    run = settings(
        max_examples=max_examples,
        database=None,
        deadline=None,
        derandomize=False,
        phases=(Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
        print_blob=False,
    )(given(strategy)(test))
    run = hypothesis_seed(seed)(run)
    try:
        run()
    except _Found:
        return found[0], first[0][0], first[0][1]
    except Unsatisfiable:
        raise ClaimError(
            "no point of the space is valid for the model (every draw was rejected); "
            "narrow `over` or fix the values that conflict"
        ) from None
    if tried[0] == 0:
        raise ClaimError("no point of the space is valid for the model; narrow `over`")
    return None, tried[0], tried[1]


def _check_run(max_examples: object, seed: object, proof_timeout: object = 0.0) -> tuple[int, int]:
    from dealmodels._validation import check_nonnegative

    check_nonnegative("proof_timeout", proof_timeout)
    n = check_int("max_examples", max_examples, low=1, high=10**7)
    if seed is None:
        import random

        return n, random.SystemRandom().getrandbits(32)
    return n, check_int("seed", seed, low=0, high=2**64 - 1)


def _call(predicate: Predicate, result: ModelResult, point: Mapping[str, Any], label: str) -> bool:
    """``predicate(result)`` as a bool; a raise or a non-boolean is a :class:`ClaimError`."""
    try:
        out = predicate(result)
    except Exception as exc:
        raise ClaimError(
            f"{label} raised {type(exc).__name__}: {exc} at {_point(point)}; a {label} must "
            "return True or False for every point"
        ) from exc
    if isinstance(out, bool | np.bool_):
        return bool(out)
    raise ClaimError(f"{label} must return True or False; got {out!r} at {_point(point)}")


def _point(point: Mapping[str, Any]) -> str:
    return "(" + ", ".join(f"{k}={_num(v)}" for k, v in point.items()) + ")"


def _num(v: Any) -> str:
    a = np.asarray(v)
    if a.ndim == 0 and np.issubdtype(a.dtype, np.number):
        return f"{float(a):.6g}"
    return repr(v)


# -- conditions as predicates --------------------------------------------------------------------
Test = Callable[[ModelResult], Any] | str


def _as_test(
    model: Model, test: object, label: str
) -> tuple[Callable[[ModelResult, Mapping[str, Any]], bool], Condition | None, str]:
    """A test on a result (with the point for messages), its exact Condition if any, and its
    name. ``test`` is a callable, a Condition, or the name of a boolean output."""
    from dealmodels.symbolic import Condition

    if isinstance(test, Condition):
        cond = _check_condition(model, test, label)
        params = set(cond.parameters)

        def holds(r: ModelResult, point: Mapping[str, Any]) -> bool:
            vals = {k: v for k, v in r.values.items() if k in params}
            return bool(cond.holds(validate=False, **vals))

        return holds, cond, str(cond)
    if isinstance(test, str):
        _output_kind(model, test, label, boolean=True)
        exact = model.cooperation_condition() if test == "cooperates" else None

        def attr(r: ModelResult, point: Mapping[str, Any]) -> bool:
            return bool(getattr(r, test))

        return attr, exact, test
    if callable(test):
        fn: Predicate = test
        name = getattr(test, "__name__", "predicate")

        def call(r: ModelResult, point: Mapping[str, Any]) -> bool:
            return _call(fn, r, point, label)

        return call, None, "predicate" if name == "<lambda>" else name
    raise fail(label, "a callable on the model's result, a Condition or an output name", test)


def _check_condition(model: Model, cond: Condition, label: str) -> Condition:
    unknown = sorted(set(cond.parameters) - set(model.parameters))
    if unknown:
        raise InvalidParameterError(
            f"{label} must be a Condition over parameters of {model.name} "
            f"{sorted(model.parameters)}; got unknown {unknown}"
        )
    return cond


def _outputs(model: Model) -> dict[str, Any]:
    """The model's outputs (result fields besides model, regime, explanation, values) at
    its default point, by name."""
    import dataclasses

    try:
        r = model.solve()
    except InvalidParameterError:
        return {}
    out = {f.name: getattr(r, f.name) for f in dataclasses.fields(r) if f.name not in _BASE_FIELDS}
    # deprecated names of outputs still name them (reading one warns)
    renamed = getattr(type(r), "renamed", None)
    for old, new in (renamed() if callable(renamed) else {}).items():
        if new in out:
            out.setdefault(old, out[new])
    return out


def _output_kind(model: Model, name: str, label: str, *, boolean: bool = False) -> None:
    outs = _outputs(model)
    if outs and name not in outs:
        raise InvalidParameterError(
            f"{label} must be an output of {model.name} {sorted(outs)}; got {label}={name!r}"
        )
    if name in outs:
        v = np.asarray(outs[name])
        ok = v.dtype == bool if boolean else np.issubdtype(v.dtype, np.number) or v.dtype == bool
        if not ok:
            kind = "boolean" if boolean else "numeric"
            raise InvalidParameterError(
                f"{label} must be a {kind} output of {model.name}; got {label}={name!r} "
                f"(values like {outs[name]!r})"
            )


# -- exact proofs (sympy) ------------------------------------------------------------------------
class _ProofTimeout(Exception):
    """sympy took longer than the proof budget."""


def _within(seconds: float, proof: Callable[[], str | None]) -> str | None:
    """``proof()``, or None if it takes longer than ``seconds`` (0: no proof attempted).

    sympy's sign and simplification routines can run for minutes on large conditions, so the
    attempt is interrupted with a real-time timer (Unix main thread, when no other SIGALRM
    handler is installed; elsewhere the proof runs unbounded).
    """
    import signal
    import threading

    if seconds == 0:
        return None
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
    )
    if not usable:
        return proof()

    active = [True]

    def expire(signum: int, frame: Any) -> None:
        # not inside a finaliser, where Python would swallow it (the timer fires again)
        if active[0] and (frame is None or frame.f_code.co_name != "__del__"):
            raise _ProofTimeout

    signal.signal(signal.SIGALRM, expire)
    # re-fires every 0.2 s: a timeout raised where Python swallows it (a __del__) recurs
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.2)
    try:
        return proof()
    except _ProofTimeout:
        return None
    finally:
        active[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def _held(space: _Space, cond: Condition) -> Condition:
    """``cond`` with every parameter the space does not vary replaced by its value there
    (defaults, the model's disposition, ``fixed``), so the proof is about the space."""
    varied = set(space.names) | {p for n in space.names for p, _ in space.fed(n)}
    values = space.model.resolve(None, **space.values({}))
    held = {
        k: v
        for k, v in values.items()
        if k in cond.parameters and k not in varied and np.isfinite(v)
    }
    return cond.subs(**held) if held else cond


def _field_substituted(
    space: _Space, cond: Condition, name: str
) -> tuple[Any, Any, dict[str, Parameter]] | None:
    """The condition's expression in terms of ``name`` (a parameter or a Disposition field),
    the symbol for ``name``, and the parameters for sympy's sign checks."""
    import sympy

    from dealmodels.symbolic import Parameter

    params = dict(cond.parameters)
    expr = cond.expr
    if name in space.params:
        if name not in params:
            return expr, space.params[name].symbol, params
        return expr, params[name].symbol, params
    high = math.inf if name in ("risk_aversion", "promise_keeping") else 1.0
    field = Parameter(name=name, low=0.0, high=high)
    sym = field.symbol
    subs = {}
    for pname, rule in space.fed(name):
        if pname in params:
            subs[params.pop(pname).symbol] = sympy.nsimplify(rule(sym))
    params[name] = field
    return expr.xreplace(subs), sym, params


def _fixed_sign(expr: Any, params: Mapping[str, Parameter]) -> int:
    """+1 if ``expr >= 0`` on the domain, -1 if ``<= 0``, 0 if sympy cannot tell.

    Tries :func:`~dealmodels.symbolic._sign` on the whole expression, then factor by factor;
    a factor may have each :math:`e^{-u}` with :math:`u \\ge 0` replaced by
    :math:`1/(1 + w)`, :math:`w \\ge 0` (a fresh symbol per occurrence, covering the range
    (0, 1]), which is sound: a sign that holds over the wider range holds at the true value;
    a power :math:`b^e` of a nonnegative base is nonnegative wherever it is defined (a removable
    singularity such as CARA's :math:`(1 - e^{-\\alpha x})/\\alpha` at :math:`\\alpha = 0`
    is the model's limit there).
    """
    import sympy

    from dealmodels.symbolic import _sign

    s = _sign(expr, params, expr.free_symbols)
    if s:
        return s
    total = 1
    for factor in sympy.factor_terms(expr).as_ordered_factors():
        s = _sign(factor, params, factor.free_symbols)
        if not s and isinstance(factor, sympy.Pow) and factor.exp.is_real:
            # b**e with b >= 0 is >= 0 wherever it is defined (1/alpha away from alpha = 0)
            s = 1 if _sign(factor.base, params, factor.base.free_symbols) > 0 else 0
        if not s:
            relaxed = sympy.simplify(_relax_exp(factor))
            s = _sign(relaxed, params, relaxed.free_symbols)
        if not s:
            return 0
        total *= s
    return total


def _relax_exp(expr: Any) -> Any:
    import sympy

    subs = {}
    for i, atom in enumerate(sorted(expr.atoms(sympy.exp), key=str)):
        if (-atom.args[0]).is_nonnegative:
            subs[atom] = 1 / (1 + sympy.Symbol(f"_w{i}", nonnegative=True))
    return expr.xreplace(subs)


def _orientation(expr: Any, x: Any, params: Mapping[str, Parameter]) -> int | None:
    """+1 if the Boolean ``expr`` is nondecreasing in ``x`` on the domain, -1 if
    nonincreasing, 0 if it does not depend on ``x``, None if sympy cannot tell."""
    import sympy

    if x not in expr.free_symbols:
        return 0
    if isinstance(expr, sympy.Not):
        o = _orientation(expr.args[0], x, params)
        return None if o is None else -o
    if isinstance(expr, sympy.And | sympy.Or):
        signs = {_orientation(a, x, params) for a in expr.args}
        if None in signs or {1, -1} <= signs:
            return None
        return max(signs, key=abs)  # type: ignore[arg-type]
    rel = sympy.core.relational
    if isinstance(expr, rel.Relational) and not isinstance(expr, sympy.Eq | sympy.Ne):
        slope = sympy.diff(expr.lhs - expr.rhs, x)
        s = _fixed_sign(slope, params)
        if s == 0:
            return None
        ge = isinstance(expr, rel.GreaterThan | rel.StrictGreaterThan)
        return s if ge else -s
    return None


def _monotone_proof(
    space: _Space, cond: Condition, output: str, name: str, sign: int
) -> str | None:
    """Proof text if sympy shows the condition's indicator is monotone in ``name`` with
    ``sign`` (+1 nondecreasing, -1 nonincreasing), else None."""
    import sympy

    from dealmodels.symbolic import Condition as _Condition

    sub = _field_substituted(space, cond, name)
    if sub is None:  # pragma: no cover - always a tuple
        return None
    expr, sym, params = sub
    if sym not in expr.free_symbols:
        return f"{output} does not depend on {name} (its exact condition {cond} omits it)"
    way = "nondecreasing" if sign > 0 else "nonincreasing"
    if not expr.atoms(sympy.exp, sympy.log, sympy.Piecewise):
        # one algebraic relation involves the parameter (alone, in an And, or in one
        # alternative of an Or): solve_for gives the threshold and its direction, and the
        # clauses without the parameter cannot undo the monotonicity
        try:
            threshold = _Condition(expr, params).solve_for(name)
        except DealModelsError:
            pass
        else:
            up = threshold.direction in (">=", ">")
            if up != (sign > 0):
                return None
            side = "" if threshold.side in (True, sympy.true) else f" (given {threshold.side})"
            return f"sympy: {output} iff {threshold}{side}, so it is {way} in {name}"
    try:
        o = _orientation(expr, sym, params)
    except (TypeError, ValueError, NotImplementedError):  # pragma: no cover - sympy gaps
        return None
    if o != sign:
        return None
    return (
        f"sympy: the exact condition of {output} is {way} in {name} (each relation's "
        f"d(lhs - rhs)/d{name} has a fixed sign on the domain)"
    )


def _normal(rel: Any) -> tuple[Any, bool] | None:
    """A relation as ``(g, strict)`` meaning ``g >= 0`` (or ``g > 0``), else None."""
    import sympy

    r = sympy.core.relational
    if isinstance(rel, r.GreaterThan | r.StrictGreaterThan):
        return rel.lhs - rel.rhs, isinstance(rel, r.StrictGreaterThan)
    if isinstance(rel, r.LessThan | r.StrictLessThan):
        return rel.rhs - rel.lhs, isinstance(rel, r.StrictLessThan)
    return None


def _always_proof(cond: Condition) -> str | None:
    """Proof text if sympy shows the condition holds on the whole domain, else None."""
    import sympy

    params = cond.parameters

    def always(e: Any) -> bool:
        if e is sympy.true:
            return True
        if isinstance(e, sympy.And):
            return all(always(a) for a in e.args)
        if isinstance(e, sympy.Or):
            return any(always(a) for a in e.args)
        n = _normal(e)
        if n is None or n[1]:
            return False
        return _fixed_sign(n[0], params) > 0

    try:
        ok = always(cond.expr)
    except (TypeError, ValueError, NotImplementedError):  # pragma: no cover - sympy gaps
        return None
    if not ok:
        return None
    return f"sympy: {cond} holds on the whole domain (each relation's lhs - rhs >= 0 there)"


def _implies_proof(premise: Condition, conclusion: Condition) -> str | None:
    """Proof text if sympy shows ``premise`` implies ``conclusion`` on the domain."""
    import sympy
    from sympy.logic.inference import satisfiable

    params = {**premise.parameters, **conclusion.parameters}
    atoms: dict[Any, Any] = {}

    def boolean(e: Any) -> Any:
        if isinstance(e, sympy.core.relational.Relational):
            key = e.canonical
            if key not in atoms:
                atoms[key] = sympy.Symbol(f"_atom{len(atoms)}")
            return atoms[key]
        if isinstance(e, sympy.And | sympy.Or | sympy.Not):
            return e.func(*(boolean(a) for a in e.args))
        return e

    try:
        if (
            satisfiable(sympy.And(boolean(premise.expr), sympy.Not(boolean(conclusion.expr))))
            is False
        ):
            return "sympy: the implication is a tautology in its relations"
        conc = _normal(conclusion.expr)
        prem = list(premise.expr.args) if isinstance(premise.expr, sympy.And) else [premise.expr]
        if conc is not None:
            for rel in prem:
                p = _normal(rel)
                if p is None or (conc[1] and not p[1]):
                    continue
                gap = sympy.simplify(conc[0] - p[0])
                if gap == 0 or _fixed_sign(gap, params) > 0:
                    return (
                        f"sympy: ({conclusion.expr.lhs - conclusion.expr.rhs}) - "
                        f"({rel.lhs - rel.rhs}) >= 0 on the domain, so {rel} gives "
                        f"{conclusion.expr}"
                    )
    except (TypeError, ValueError, NotImplementedError):  # pragma: no cover - sympy gaps
        return None
    return None


# -- the claims ----------------------------------------------------------------------------------
def claim(
    model: Model,
    predicate: Callable[[ModelResult], bool] | Condition,
    *,
    over: Over | None = None,
    fixed: Mapping[str, float] | None = None,
    max_examples: int = 1000,
    seed: int | None = None,
    max_value: float = 10.0,
    proof_timeout: float = 5.0,
    description: str | None = None,
) -> ClaimResult:
    """Check that ``predicate`` holds at every point of the model's space.

    Parameters
    ----------
    model : Model
        A registered model or a user model written with the :class:`Model` protocol.
    predicate : callable or Condition
        ``predicate(result) -> bool`` on the model's result at a point; or a
        :class:`~dealmodels.symbolic.Condition` over the model's parameters (then sympy
        first tries to prove it holds on the whole domain).
    over : iterable of str or mapping of str to (low, high), optional
        The varied names: parameters or Disposition fields (default: every parameter not in
        ``fixed``), optionally each with a narrower range.
    fixed : mapping of str to float, optional
        Values held fixed (parameters or Disposition fields).
    max_examples : int, default 1000
        How many valid points hypothesis tries (>= 1).
    seed : int, optional
        The hypothesis seed (default: a fresh one, reported in the result).
    max_value : float, default 10
        Upper end for domains unbounded above.
    proof_timeout : float, default 5
        Seconds sympy may spend on a proof before the search starts (0: search only).
    description : str, optional
        The claim in words (default: from the predicate).

    Returns
    -------
    ClaimResult

    Raises
    ------
    InvalidParameterError
        For an unknown name, a range outside a domain, or a bad setting.
    ClaimError
        If the predicate raises or returns a non-boolean (the message names the shrunk point
        where it does), or no point of the space is valid.

    Examples
    --------
    >>> from dealmodels.models import TakeoverDecision
    >>> r = claim(TakeoverDecision(), lambda r: r.minimum_payment >= 0,
    ...           over=["p", "trust", "prize"], seed=1, max_examples=200)
    >>> r.holds, r.examples
    (True, 200)
    """
    n, s = _check_run(max_examples, seed, proof_timeout)
    space = _Space(model, over, fixed, max_value)
    test, cond, name = _as_test(model, predicate, "predicate")
    text = description if description is not None else f"{name} holds everywhere"
    if cond is not None:
        exact = _held(space, cond)
        proof = _within(proof_timeout, lambda: _always_proof(exact))
        if proof is not None:
            return _claim(space, text, proof=proof)

    def fails(point: Mapping[str, Any]) -> tuple[bool, bool]:
        return not test(space.solve(point), point), True

    example, tried, informative = _search(_points(space), fails, max_examples=n, seed=s)
    if example is None:
        return _claim(space, text, tried, informative, s)
    result = space.solve(example)
    if test(result, example):
        raise SolverError(f"the counterexample {_point(example)} did not reproduce")
    what = f"{name} is false" if cond is None else f"{cond} is false"
    ce = Counterexample(point=example, results=(result,), description=what)
    return _claim(space, text, tried, informative, s, counterexample=ce)


def monotone(
    model: Model,
    output: str | Condition | Callable[[ModelResult], float],
    parameter: str,
    direction: Direction = "increasing",
    *,
    over: Over | None = None,
    fixed: Mapping[str, float] | None = None,
    strict: bool = False,
    tol: float = 1e-6,
    max_examples: int = 1000,
    seed: int | None = None,
    max_value: float = 10.0,
    proof_timeout: float = 5.0,
) -> ClaimResult:
    r"""Check that ``output`` moves with ``parameter`` in ``direction``, all else equal.

    At each point two values :math:`a < b` of ``parameter`` are drawn with everything else
    equal; the claim fails where (for ``"increasing"``) :math:`y(b) < y(a) - \epsilon` with
    :math:`\epsilon = \mathrm{tol} \cdot \max(1, |y(a)|, |y(b)|)`, or, with ``strict``, where
    :math:`y(b) \le y(a) + \epsilon`. A NaN output fails.

    Parameters
    ----------
    model : Model
        The model.
    output : str, Condition or callable
        A numeric or boolean output of the model's result (``"minimum_payment"``,
        ``"cooperates"``), a :class:`~dealmodels.symbolic.Condition` (its truth value), or
        ``output(result) -> float``. ``"cooperates"`` and Conditions are first tried as
        exact proofs through the model's cooperation condition.
    parameter : str
        A parameter or a Disposition field (``"myopia"`` moves ``discount = 1 - myopia``).
    direction : {"increasing", "decreasing"}, default "increasing"
        Nondecreasing or nonincreasing (strictly with ``strict=True``).
    over, fixed, max_examples, seed, max_value, proof_timeout
        As for :func:`claim`; ``parameter`` is always varied.
    strict : bool, default False
        Require a strict change.
    tol : float, default 1e-6
        Relative tolerance for round-off (>= 0). Models lose digits near their boundaries
        (e.g. the CARA inverse :math:`-\ln(1 - v)/\alpha` as :math:`v \to 1`), so changes
        below it are not counterexamples.

    Returns
    -------
    ClaimResult
        A counterexample's :attr:`~Counterexample.point` holds the lower value of
        ``parameter``; its :attr:`~Counterexample.results` are at the lower and the higher.

    Examples
    --------
    >>> from dealmodels.models import TakeoverDecision
    >>> m = TakeoverDecision()
    >>> monotone(m, "minimum_payment", "trust", "decreasing", seed=0,
    ...          max_examples=200).verdict
    'no counterexample'
    """
    from dealmodels._validation import check_nonnegative

    n, s = _check_run(max_examples, seed, proof_timeout)
    check_choice("direction", direction, _DIRECTIONS)
    if not isinstance(strict, bool):
        raise fail("strict", "True or False", strict)
    check_nonnegative("tol", tol)
    if not isinstance(parameter, str):
        raise fail("parameter", "a parameter or Disposition field name", parameter)
    space = _Space(model, over, fixed, max_value, extra=(parameter,))
    value, cond, name = _as_output(model, output)
    sign = 1 if direction == "increasing" else -1
    text = f"{name} is {'strictly ' if strict else ''}{direction} in {parameter}"
    if cond is not None and not strict:
        exact = _held(space, cond)
        proof = _within(
            proof_timeout, lambda: _monotone_proof(space, exact, name, parameter, sign)
        )
        if proof is not None:
            return _claim(space, text, proof=proof)
    others = {k: v for k, v in space.draws.items() if k != parameter}
    from hypothesis import strategies as st

    draw = space.draws[parameter]
    strategy = st.tuples(st.fixed_dictionaries(others), draw, draw)
    vector = isinstance(output, str) and _broadcasts(space, output, parameter)

    def pair(ex: tuple[dict[str, Any], float, float]) -> tuple[Any, Any, float, float]:
        base, a, b = ex
        lo, hi = min(a, b), max(a, b)
        if vector:
            r = space.solve({**base, parameter: np.array([lo, hi])})
            ys = np.asarray(getattr(r, str(output)), dtype=float)
            return ys[0], ys[1], lo, hi
        r_lo = space.solve({**base, parameter: lo})
        r_hi = space.solve({**base, parameter: hi})
        return value(r_lo, base), value(r_hi, base), lo, hi

    def violated(y_lo: float, y_hi: float) -> bool:
        if math.isnan(y_lo) or math.isnan(y_hi):
            return True
        up, down = (y_hi, y_lo) if sign > 0 else (y_lo, y_hi)
        if math.isfinite(up) and math.isfinite(down):
            eps = tol * max(1.0, abs(up), abs(down))
            return up <= down + eps if strict else up < down - eps
        return up <= down if strict else up < down

    def fails(ex: tuple[dict[str, Any], float, float]) -> tuple[bool, bool]:
        y_lo, y_hi, lo, hi = pair(ex)
        if lo == hi:
            return False, False
        return violated(float(y_lo), float(y_hi)), True

    example, tried, informative = _search(strategy, fails, max_examples=n, seed=s)
    if example is None:
        return _claim(space, text, tried, informative, s)
    base, a, b = example
    lo, hi = min(a, b), max(a, b)
    r_lo = space.solve({**base, parameter: lo})
    r_hi = space.solve({**base, parameter: hi})
    y_lo, y_hi = float(value(r_lo, base)), float(value(r_hi, base))
    if not violated(y_lo, y_hi):
        raise SolverError(
            f"the counterexample {_point({**base, parameter: lo})} did not reproduce"
        )
    moved = "rises" if y_hi > y_lo else "falls" if y_hi < y_lo else "stays"
    what = (
        f"{name} {moved} from {_num(y_lo)} to {_num(y_hi)} as {parameter} goes from "
        f"{_num(lo)} to {_num(hi)}"
    )
    ce = Counterexample(point={**base, parameter: lo}, results=(r_lo, r_hi), description=what)
    return _claim(space, text, tried, informative, s, counterexample=ce)


def _broadcasts(space: _Space, output: str, parameter: str) -> bool:
    """Whether the model solves both values of ``parameter`` in one call (numpy broadcasting,
    as the registered models do); user models that only take scalars are solved twice."""
    from dealmodels.dispositions import Disposition

    if parameter in space.params:
        v0 = space.model.resolve(None, **space.values({}))[parameter]
    else:
        v0 = getattr(space.model.disposition or Disposition(), parameter)
    try:
        r = space.model.solve(**space.values({parameter: np.array([v0, v0])}))
    except (TypeError, ValueError):  # includes InvalidParameterError
        return False
    y: Any = getattr(r, output, None)
    return bool(np.shape(y) == (2,))


def _as_output(
    model: Model, output: object
) -> tuple[Callable[[ModelResult, Mapping[str, Any]], float], Condition | None, str]:
    """A numeric value of a result, its exact Condition if any, and its name."""
    from dealmodels.symbolic import Condition

    if isinstance(output, Condition):
        test, cond, name = _as_test(model, output, "output")
        return lambda r, p: float(test(r, p)), cond, name
    if isinstance(output, str):
        _output_kind(model, output, "output")
        cond = model.cooperation_condition() if output == "cooperates" else None
        return lambda r, p: float(np.asarray(getattr(r, output), dtype=float)), cond, output
    if callable(output):
        fn = output
        name = getattr(output, "__name__", "output")

        def call(r: ModelResult, point: Mapping[str, Any]) -> float:
            try:
                y = fn(r)
                return float(y)
            except Exception as exc:
                raise ClaimError(
                    f"output raised {type(exc).__name__}: {exc} at {_point(point)}; an output "
                    "must return a number for every point"
                ) from exc

        return call, None, "output" if name == "<lambda>" else name
    raise fail("output", "an output name, a Condition or a callable on the result", output)


def implies(
    model: Model,
    premise: Test | Condition,
    conclusion: Test | Condition,
    *,
    over: Over | None = None,
    fixed: Mapping[str, float] | None = None,
    max_examples: int = 1000,
    seed: int | None = None,
    max_value: float = 10.0,
    proof_timeout: float = 5.0,
) -> ClaimResult:
    """Check that wherever ``premise`` holds, ``conclusion`` holds too.

    Parameters
    ----------
    model : Model
        The model.
    premise, conclusion : callable, Condition or str
        ``f(result) -> bool``, a :class:`~dealmodels.symbolic.Condition` over the model's
        parameters, or the name of a boolean output (``"cooperates"``,
        ``"deal_exists"``). When both are exact (Conditions or ``"cooperates"``), sympy
        first tries to prove the implication.
    over, fixed, max_examples, seed, max_value, proof_timeout
        As for :func:`claim`.

    Returns
    -------
    ClaimResult
        ``informative`` counts the points where the premise held.

    Examples
    --------
    >>> import sympy
    >>> from dealmodels.models import TakeoverDecision
    >>> from dealmodels.symbolic import Condition
    >>> m = TakeoverDecision()
    >>> P = m.parameters
    >>> trusted = Condition(P["trust"].symbol >= P["p"].symbol, [P["trust"], P["p"]])
    >>> implies(m, trusted, "deal_exists", over=["p", "trust"], seed=0,
    ...         max_examples=200).verdict
    'no counterexample'
    """
    n, s = _check_run(max_examples, seed, proof_timeout)
    space = _Space(model, over, fixed, max_value)
    p_test, p_cond, p_name = _as_test(model, premise, "premise")
    c_test, c_cond, c_name = _as_test(model, conclusion, "conclusion")
    text = f"{p_name} implies {c_name}"
    if p_cond is not None and c_cond is not None:
        exact_p, exact_c = _held(space, p_cond), _held(space, c_cond)
        proof = _within(proof_timeout, lambda: _implies_proof(exact_p, exact_c))
        if proof is not None:
            return _claim(space, text, proof=proof)

    def fails(point: Mapping[str, Any]) -> tuple[bool, bool]:
        r = space.solve(point)
        if not p_test(r, point):
            return False, False
        return not c_test(r, point), True

    example, tried, informative = _search(_points(space), fails, max_examples=n, seed=s)
    if example is None:
        return _claim(space, text, tried, informative, s)
    result = space.solve(example)
    if not (p_test(result, example) and not c_test(result, example)):
        raise SolverError(f"the counterexample {_point(example)} did not reproduce")
    ce = Counterexample(
        point=example, results=(result,), description=f"{p_name} holds but {c_name} does not"
    )
    return _claim(space, text, tried, informative, s, counterexample=ce)


def never(
    model: Model,
    regime: str,
    *,
    where: Test | Condition | None = None,
    over: Over | None = None,
    fixed: Mapping[str, float] | None = None,
    max_examples: int = 1000,
    seed: int | None = None,
    max_value: float = 10.0,
) -> ClaimResult:
    """Check that the model never ends in ``regime`` (where ``where`` holds, if given).

    Parameters
    ----------
    model : Model
        The model.
    regime : str
        One of ``model.regimes``.
    where : callable, Condition or str, optional
        Restrict the claim to points where this holds (as a premise of :func:`implies`).
    over, fixed, max_examples, seed, max_value
        As for :func:`claim`.

    Returns
    -------
    ClaimResult

    Examples
    --------
    >>> from dealmodels.models import TakeoverDecision
    >>> m = TakeoverDecision()
    >>> r = never(m, "takeover attempt", over=["p", "trust", "budget"], seed=0)
    >>> r.verdict, r.counterexample.result.regime
    ('counterexample', 'takeover attempt')
    """
    n, s = _check_run(max_examples, seed)
    regimes = tuple(getattr(model, "regimes", ()))
    if regimes:
        check_choice("regime", regime, regimes)
    elif not isinstance(regime, str):
        raise fail("regime", "a regime name", regime)
    space = _Space(model, over, fixed, max_value)
    w_test, _, w_name = (
        (_everywhere, None, "") if where is None else _as_test(model, where, "where")
    )
    text = f"never {regime}" + (f" where {w_name}" if w_name else "")

    def fails(point: Mapping[str, Any]) -> tuple[bool, bool]:
        r = space.solve(point)
        if not w_test(r, point):
            return False, False
        return bool(np.any(np.asarray(r.regime) == regime)), True

    example, tried, informative = _search(_points(space), fails, max_examples=n, seed=s)
    if example is None:
        return _claim(space, text, tried, informative, s)
    result = space.solve(example)
    if result.regime != regime:
        raise SolverError(f"the counterexample {_point(example)} did not reproduce")
    ce = Counterexample(point=example, results=(result,), description=f"the regime is {regime}")
    return _claim(space, text, tried, informative, s, counterexample=ce)


def _everywhere(r: ModelResult, point: Mapping[str, Any]) -> bool:
    return True


# -- result builders -----------------------------------------------------------------------------
def _points(space: _Space) -> SearchStrategy[dict[str, float]]:
    from hypothesis import strategies as st

    return st.fixed_dictionaries(space.draws)


def _claim(
    space: _Space,
    text: str,
    tried: int = 0,
    informative: int = 0,
    seed: int | None = None,
    *,
    counterexample: Counterexample | None = None,
    proof: str = "",
) -> ClaimResult:
    """The verdict on the claim ``text`` over ``space``: "proved" with a ``proof``, else the
    search's ("counterexample" with one, "no counterexample" in ``tried`` points without)."""
    verdict: Verdict = (
        "proved" if proof else "no counterexample" if counterexample is None else "counterexample"
    )
    return ClaimResult(
        claim=text,
        model=space.model.name,
        verdict=verdict,
        examples=tried,
        informative=informative,
        seed=seed,
        over=space.names,
        counterexample=counterexample,
        proof=proof,
    )
