r"""The protocol every domain model follows, and the shared result base class.

A model declares its :class:`~dealmodels.symbolic.Parameter` objects once; every parameter
that is not a disposition is a quantity of the world table
(:data:`~dealmodels.world.WORLD_FIELDS`, built with :func:`~dealmodels.world.world_parameter`),
so a name means one thing, with one default, in every model. Values for a solve come from four
layers, later ones winning:

1. the parameters' defaults (the world table's defaults for world quantities; the
   :meth:`~dealmodels.dispositions.Disposition.misaligned` values for dispositions),
2. a :class:`~dealmodels.world.World` (``world=``, at construction or per call),
3. a disposition (``disposition=``: a :class:`~dealmodels.dispositions.Disposition`, a
   :class:`~dealmodels.dispositions.SpecSample`, or a mapping of field arrays) for the
   parameters whose ``disposition`` names a field or a derived quantity
   (:data:`DERIVED_DISPOSITIONS`, e.g. ``"discount"`` :math:`= 1 - \mu`),
4. explicit keyword values.

Every value is validated against its parameter's domain before any work starts (strings,
booleans, complex numbers, empty and ragged arrays are refused by name); numpy arrays broadcast.
"""

from __future__ import annotations

import functools
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Self, cast, get_args

import numpy as np
from numpy.typing import NDArray

from dealmodels._pickling import KeepsReadOnly
from dealmodels._validation import fail
from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition, SpecSample, UtilityFamily
from dealmodels.errors import InvalidParameterError

if TYPE_CHECKING:
    from dealmodels.symbolic import Condition, Parameter
    from dealmodels.world import World

__all__ = [
    "DERIVED_DISPOSITIONS",
    "Model",
    "ModelResult",
    "deprecated_alias",
    "disposition_arrays",
]

Values = dict[str, Any]

DERIVED_DISPOSITIONS: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any]], Any]] = {
    "discount": lambda d, w: 1.0 - d["myopia"],
    "evidential_weight": lambda d, w: 1.0 - d["acausal_skepticism"],
    "corrigibility_cost": lambda d, w: w["corrigibility_weight"] * d["corrigibility"],
}
r"""Model inputs computed from dispositions (and the world), by name: the discount factor
:math:`\delta = 1 - \mu`, the evidential weight :math:`\lambda = 1 - \sigma` and the
corrigibility cost of an attempt :math:`K_c = k_c\,\kappa_c` (``corrigibility_weight`` times
``corrigibility``). Every model and the scenario read dispositions through this one table."""

UTILITY_FAMILIES: tuple[UtilityFamily, ...] = get_args(UtilityFamily)
"""The utility families a model's ``utility=`` accepts (those of
:data:`~dealmodels.dispositions.UtilityFamily`, in its order)."""

DERIVED_SOURCES: dict[str, str] = {
    "discount": "myopia",
    "evidential_weight": "acausal_skepticism",
    "corrigibility_cost": "corrigibility",
}
"""The disposition field each of :data:`DERIVED_DISPOSITIONS` reads."""


def _value(name: str, value: object) -> Any:
    """A float or float array from a user value (through the one conversion,
    :func:`~dealmodels._validation.check_real_array`)."""
    from dealmodels._validation import check_real_array

    arr = check_real_array(name, value)
    return float(arr) if arr.ndim == 0 else arr


def disposition_arrays(disposition: object) -> tuple[dict[str, Any], bool]:
    """Validated disposition fields (floats or 1-D arrays) and whether the input was scalar.

    Accepts a :class:`~dealmodels.dispositions.Disposition`, a
    :class:`~dealmodels.dispositions.SpecSample`, or a mapping of field names to values
    (missing fields take the misaligned defaults).
    """
    if isinstance(disposition, Disposition):
        return {f: float(getattr(disposition, f)) for f in DISPOSITION_FIELDS}, True
    if isinstance(disposition, SpecSample):
        return dict(disposition.arrays), False
    if isinstance(disposition, Mapping):
        unknown = sorted(set(disposition) - set(DISPOSITION_FIELDS))
        if unknown:
            raise fail("disposition", f"keyed by Disposition fields {DISPOSITION_FIELDS}", unknown)
        base = Disposition.misaligned()
        out = {
            f: _value(f, disposition[f]) if f in disposition else float(getattr(base, f))
            for f in DISPOSITION_FIELDS
        }
        # one value per AI: every array field has the same shape (a scalar is shared by all);
        # numpy would broadcast a length-1 field against a length-2 one without a word
        shapes = {f: np.shape(a) for f, a in out.items() if np.ndim(a)}
        if len(set(shapes.values())) > 1:
            raise fail(
                "disposition",
                "fields of one common shape (one value per AI; a plain number is shared by all)",
                shapes,
            )
        shape = next(iter(shapes.values()), ())
        from dealmodels._validation import check_nonnegative, check_probability

        for f in DISPOSITION_FIELDS:
            if f in ("risk_aversion", "promise_keeping"):
                check_nonnegative(f, out[f])
            else:
                check_probability(f, out[f])
        return out, shape == ()
    raise fail(
        "disposition", "a Disposition, a SpecSample or a mapping of field arrays", disposition
    )


class _RegimeView:
    """``ModelResult.regime``, ``.regime_code`` and ``.regime_labels``: each is stored as given
    (in the instance's ``_<name>`` slot) or, where it was not, built from the others on first
    read and kept. The class-level value ``None`` makes each optional in ``__init__``."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        self.slot = "_" + name

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return None
        d = obj.__dict__
        v = d.get(self.slot)
        if v is None:
            v = d[self.slot] = getattr(_regime_views, self.name)(obj)
        return v

    def __set__(self, obj: object, value: object) -> None:
        # reached from the dataclass __init__ only (frozen: assignment raises before this)
        if self.name == "regime_labels" and value is not None:
            value = tuple(str(x) for x in cast("Iterable[object]", value))
        obj.__dict__[self.slot] = value


class _regime_views:
    @staticmethod
    def regime(r: Any) -> Any:
        labels = np.asarray(r.regime_labels)
        code = r.regime_code
        if np.ndim(code) == 0:
            return str(labels[int(code)]) if 0 <= int(code) < len(labels) else ""
        out = labels[np.clip(code, 0, max(len(labels) - 1, 0))]
        return np.where(np.asarray(code) >= 0, out, "") if np.any(code < 0) else out

    @staticmethod
    def regime_labels(r: Any) -> tuple[str, ...]:
        # the registered model of this name, if its regimes cover the result's; else the
        # distinct regimes in sorted order
        from dealmodels.models import registry

        given = r.__dict__.get("_regime")
        seen = set() if given is None else {str(x) for x in np.unique(np.asarray(given))}
        for cls in registry().values():
            if cls.name == r.model and cls.regimes and seen <= set(cls.regimes):
                return tuple(cls.regimes)
        if given is None:
            raise AttributeError(f"{type(r).__name__}: regime_code without regime_labels")
        return tuple(sorted(seen))

    @staticmethod
    def regime_code(r: Any) -> Any:
        labels = list(r.regime_labels)
        regime = r.regime
        if np.ndim(regime) == 0:
            return labels.index(str(regime)) if str(regime) in labels else -1
        code = np.full(np.shape(regime), -1, dtype=np.int8)
        arr = np.asarray(regime)
        for i, label in enumerate(labels):
            code[arr == label] = i
        return code


@dataclass(frozen=True, kw_only=True, eq=False)
class ModelResult(KeepsReadOnly):
    """What every model's ``solve`` returns (models subclass it with their own outputs).

    Attributes
    ----------
    model : str
        The model's name.
    regime : str or ndarray of str
        What happens, e.g. ``"deal"``, ``"takeover attempt"``; an array when inputs were.
        Equal to ``regime_labels[regime_code]``; a model that gives only the codes has the
        string array built on first read (so a large ``solve`` does not pay for it).
    regime_code : int or ndarray of int8
        The index of ``regime`` in ``regime_labels`` (``-1`` for a regime not among them):
        cheap to count, compare and store on large samples.
    regime_labels : tuple of str
        The regimes in the order of ``regime_code``: the model's ``regimes`` (where a result
        was not given them, those of the registered model of its name, else the distinct
        values of ``regime`` in sorted order).
    cooperates : bool or ndarray of bool
        Whether the model's cooperation condition holds at these values.
    explanation : str
        One line naming the condition that decided the regime (at the first point when
        inputs were arrays).
    values : dict
        Every parameter value used (defaults, world, disposition and explicit values merged).

    Give ``regime``, or ``regime_code`` with ``regime_labels``, or all three.
    """

    model: str
    regime: Any = _RegimeView()
    cooperates: Any
    explanation: str
    values: Mapping[str, Any] = field(repr=False)
    regime_code: Any = _RegimeView()
    regime_labels: tuple[str, ...] = _RegimeView()  # type: ignore[assignment]

    def __post_init__(self) -> None:
        d = self.__dict__
        if d.get("_regime") is None and d.get("_regime_code") is None:
            raise TypeError(f"{type(self).__name__} needs regime or regime_code")

    def __str__(self) -> str:
        return f"{self.model}: {self.explanation}"

    as_given: ClassVar[frozenset[str]] = frozenset()
    """The fields :meth:`from_arrays` stores as given: the model's configuration (e.g. a
    bargaining solution's name), not values at the solved points."""

    @classmethod
    def from_arrays(
        cls,
        model: Model,
        values: Mapping[str, Any],
        shape: tuple[int, ...],
        explanation: str,
        **outputs: Any,
    ) -> Self:
        """The result of ``model`` at ``values``, every output at the broadcast ``shape``.

        Each output (``regime`` or ``regime_code``, ``cooperates`` and the class's own
        fields) goes through :func:`scalar_or_array`: a Python scalar when ``shape == ()``,
        else a new array of ``shape``; the fields named in :attr:`as_given` are stored as
        they are. ``model`` and ``regime_labels`` are the model's ``name`` and ``regimes``.

        Parameters
        ----------
        model : Model
            The model that solved.
        values : mapping
            The resolved parameter values (:meth:`Model.resolve`).
        shape : tuple of int
            Their broadcast shape (:func:`broadcast`).
        explanation : str
            The one-line explanation.
        **outputs
            The result's other fields, as array_like of a shape that broadcasts to ``shape``.
        """
        given = cls.as_given
        return cls(
            model=model.name,
            regime_labels=model.regimes,
            explanation=explanation,
            values=values,
            **{k: x if k in given else scalar_or_array(x, shape) for k, x in outputs.items()},
        )

    @classmethod
    def renamed(cls) -> dict[str, str]:
        """The deprecated attribute names of this result class, old name to current name.

        Each old name still reads the current attribute (a :func:`deprecated_alias`) and
        warns with :class:`DeprecationWarning`.

        Examples
        --------
        >>> from dealmodels.models import NegotiationResult
        >>> NegotiationResult.renamed()["ai_payoff"]
        'ai_value'
        """
        out: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            for name, attr in vars(klass).items():
                if isinstance(attr, deprecated_alias):
                    out[name] = attr.new
        return out


class deprecated_alias:
    """A read-only result attribute that is a deprecated name of another one.

    ``deal_possible = deprecated_alias("deal_exists")`` in a result class body makes
    ``r.deal_possible`` return ``r.deal_exists`` with a :class:`DeprecationWarning` that names
    the new attribute (attributed to the caller's line). It is not a dataclass field, so the
    result's fields, tables and JSON carry only the current name.

    Parameters
    ----------
    new : str
        The current attribute name.
    """

    def __init__(self, new: str):
        self.new = new
        self.old = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.old = name
        self.__doc__ = f"Deprecated alias of :attr:`{owner.__qualname__}.{self.new}`."

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self
        warnings.warn(
            f"{type(obj).__name__}.{self.old} is deprecated; use {self.new!r}",
            DeprecationWarning,
            stacklevel=_caller_stacklevel(),
        )
        return getattr(obj, self.new)

    def __set__(self, obj: object, value: object) -> None:
        raise AttributeError(f"{self.old} is a deprecated read-only alias of {self.new}")


def _check_world(world: object) -> World | None:
    from dealmodels.world import World

    if world is not None and not isinstance(world, World):
        raise fail("world", "a World or None", world)
    return world


class Model(ABC):
    """Base class of the domain models (see the module docstring for the value layers).

    Subclasses set ``name`` and ``regimes`` and implement ``_parameter_list``, ``solve`` and
    ``cooperation_condition``; ``aliases`` maps deprecated parameter names to current ones.
    """

    name: ClassVar[str] = "model"
    regimes: ClassVar[tuple[str, ...]] = ()
    aliases: ClassVar[Mapping[str, str]] = {}

    def __init__(self, disposition: Disposition | None = None, *, world: World | None = None):
        if disposition is not None and not isinstance(disposition, Disposition):
            raise fail("disposition", "a Disposition or None", disposition)
        self._disposition = disposition
        self._world = _check_world(world)

    # -- parameters ---------------------------------------------------------------------------
    @classmethod
    @abstractmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        """The model's parameters, in display order."""

    @property
    def parameters(self) -> dict[str, Parameter]:
        """The model's parameters by name (with domains, defaults and descriptions)."""
        return dict(_parameters_of(type(self)))

    @property
    def disposition(self) -> Disposition | None:
        """The disposition given at construction (its fields fill parameter values)."""
        return self._disposition

    @property
    def world(self) -> World | None:
        """The world given at construction (its quantities fill parameter values)."""
        return getattr(self, "_world", None)

    def _renamed(self, values: dict[str, Any]) -> dict[str, Any]:
        for old, new in self.aliases.items():
            if old in values:
                warnings.warn(
                    f"{self.name}: parameter {old!r} is deprecated; use {new!r}",
                    DeprecationWarning,
                    stacklevel=_caller_stacklevel(),
                )
                if new in values:
                    raise InvalidParameterError(
                        f"{self.name}: give {new!r} or its deprecated alias {old!r}, not both"
                    )
                values[new] = values.pop(old)
        return values

    def resolve(
        self,
        disposition: Disposition | SpecSample | Mapping[str, Any] | None = None,
        **values: Any,
    ) -> Values:
        """Merge defaults, the world, the disposition and explicit values, and validate them.

        Parameters
        ----------
        disposition : Disposition, SpecSample or mapping, optional
            Overrides the one given at construction; a mapping of field arrays (or a
            SpecSample) gives many AIs at once.
        **values : float or array_like
            Explicit parameter values; arrays broadcast against each other. The keyword
            ``world`` (a :class:`~dealmodels.world.World`) overrides the world given at
            construction.

        Returns
        -------
        dict
            Parameter name to float or ndarray.

        Raises
        ------
        InvalidParameterError
            For an unknown name (with close matches), a value that is not real, a value
            outside its parameter's domain, or a parameter that has no default.
        """
        from dealmodels.world import WORLD_NAMES

        world = _check_world(values.pop("world", None)) or self.world
        values = self._renamed(dict(values))
        params = self.parameters
        unknown = sorted(set(values) - set(params))
        if unknown:
            import difflib

            close = difflib.get_close_matches(unknown[0], list(params), n=3)
            hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
            raise InvalidParameterError(
                f"{self.name} has no parameter {unknown[0]!r}{hint}; "
                f"its parameters are {sorted(params)}"
            )
        disp = disposition if disposition is not None else self._disposition
        fields: dict[str, Any] | None = None
        if disp is not None:
            fields, _ = disposition_arrays(disp)
        out: Values = {}
        for name, p in params.items():
            if name in values:
                out[name] = _value(name, values[name])
            elif fields is not None and p.disposition is not None:
                src = p.disposition
                if src in DERIVED_DISPOSITIONS:
                    w = world if world is not None else _default_world()
                    out[name] = DERIVED_DISPOSITIONS[src](fields, w)
                else:
                    out[name] = fields[src]
            elif world is not None and name in WORLD_NAMES:
                out[name] = world[name]
            elif p.default is not None:
                out[name] = p.default
            else:
                raise InvalidParameterError(
                    f"{self.name} needs a value for {name} ({p.description}); it has no default"
                )
            p.validate(out[name])
        try:
            np.broadcast_shapes(*(np.shape(v) for v in out.values()))
        except ValueError:
            shapes = {k: np.shape(v) for k, v in out.items() if np.ndim(v)}
            raise InvalidParameterError(
                f"{self.name}: array values must broadcast together; got shapes {shapes}"
            ) from None
        self._check_values(out)
        return out

    def _check_values(self, values: Values) -> None:
        """Refuse values that are each inside their domains but not together (``needed``
        above ``instances``, say), with InvalidParameterError naming them. By default every
        combination is allowed."""
        return None

    # -- protocol --------------------------------------------------------------------------------
    @abstractmethod
    def solve(self, disposition: Disposition | None = None, **values: Any) -> ModelResult:
        """Solve the model at ``values`` (see :meth:`resolve`)."""

    @abstractmethod
    def cooperation_condition(self) -> Condition:
        """The exact condition under which cooperation holds."""

    def __repr__(self) -> str:
        extra = "" if self.world is None else f", world={self.world!r}"
        return f"{type(self).__name__}(disposition={self._disposition!r}{extra})"


def _caller_stacklevel() -> int:
    """The ``stacklevel`` that attributes a warning to the first frame outside dealmodels."""
    import sys

    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith("dealmodels"):
        frame, level = frame.f_back, level + 1  # type: ignore[assignment]
    return level


def _default_world() -> World:
    from dealmodels.world import World

    return World()


def first(x: Any) -> Any:
    """The first element of an array (or the scalar itself), for one-line explanations."""
    a = np.asarray(x)
    return a.flat[0] if a.ndim else a.item()


def broadcast(values: Values, names: tuple[str, ...] | list[str]) -> tuple[int, ...]:
    """The broadcast shape of the named values."""
    return np.broadcast_shapes(*(np.shape(values[n]) for n in names))


def scalar_or_array(x: NDArray[Any], shape: tuple[int, ...]) -> Any:
    """``x`` as a Python scalar when ``shape == ()``, else an array of ``shape``."""
    arr = np.broadcast_to(np.asarray(x), shape)
    if shape == ():
        return arr.item()
    return np.array(arr)


@functools.cache
def _parameters_of(cls: type[Model]) -> dict[str, Parameter]:
    """``cls._parameter_list()`` by name, built once per class: the list is a class method
    (it depends on no instance), and building it reads the misaligned disposition's
    defaults, about 2 ms a call, which every ``resolve`` would pay again."""
    return {p.name: p for p in cls._parameter_list()}


def disposition_parameter(
    name: str,
    source: str,
    *,
    latex: str,
    description: str,
    low: float = 0.0,
    high: float = float("inf"),
    high_open: bool = False,
) -> Parameter:
    """A model parameter read from a disposition (a field or :data:`DERIVED_DISPOSITIONS`).

    Its default is the value at :meth:`Disposition.misaligned()
    <dealmodels.dispositions.Disposition.misaligned>` in the default world, so "no spec" is
    every model's default.
    """
    from dealmodels.symbolic import Parameter

    fields, _ = disposition_arrays(Disposition.misaligned())
    if source in DERIVED_DISPOSITIONS:
        default = float(DERIVED_DISPOSITIONS[source](fields, _default_world()))
    else:
        default = float(fields[source])
    return Parameter(
        name=name,
        low=low,
        high=high,
        high_open=high_open,
        default=default,
        description=description,
        disposition=source,
        latex=latex,
    )


_SHARED_PARAMETERS: dict[str, tuple[str, float, str]] = {
    "subversion": ("s_v", 1, "capability raised by obstruction training"),
    "discount": (r"\delta", 1, "per-period discount factor, 1 - myopia"),
    "trust": ("q", 1, "probability the developer honours the payment"),
    "risk_aversion": (
        r"\rho",
        float("inf"),
        "CARA alpha or CRRA rho (0: risk neutral; unused by linear utility)",
    ),
}


def shared_parameter(name: str) -> Parameter:
    """The disposition parameter ``name``, declared once for the models that read it with one
    meaning (the takeover decision, the revelation deal, the control protocol): a
    :func:`disposition_parameter` read from the disposition input of the same name.

    A model whose parameter of that name means something else (a per-task discount, a
    subversion that lowers detection) declares its own.
    """
    latex, high, description = _SHARED_PARAMETERS[name]
    return disposition_parameter(name, name, latex=latex, high=high, description=description)
