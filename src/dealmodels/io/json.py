r"""Write games, models, dispositions, specs and results as strict JSON, and read them back.

:func:`to_json` gives text that any strict JSON parser accepts (no ``NaN`` or ``Infinity``
literals: ``json.dumps(..., allow_nan=False)``); :func:`from_json` rebuilds an object equal to
the original in type and in every field: ``from_json(to_json(x))`` is ``x`` again, numbers
included (floats are written with the shortest digits that read back exactly [1]_).

The document is ``{"dealmodels": 1, "value": V}``, where ``V`` encodes the object:

=========================  ============================================================
value                      JSON
=========================  ============================================================
``None``, bool, int, str   themselves (ints of any size)
finite float               a number (``repr`` digits)
``inf``, ``-inf``, NaN     ``{"$float": "inf"}``, ``{"$float": "-inf"}``, ``{"$float": "nan"}``
Fraction                   ``{"$fraction": "3/2"}``
numpy scalar               ``{"$scalar": dtype, "value": V}``
numpy array                ``{"$array": dtype, "shape": [...], "data": [V, ...],
                           "readonly": bool}`` (flat, C order)
list / tuple               ``[V, ...]`` / ``{"$tuple": [V, ...]}``
dict, mappingproxy         ``{key: V}`` (string keys not starting with ``$``), else
                           ``{"$dict": [[K, V], ...]}``; a read-only mapping is
                           ``{"$mappingproxy": ...}``
NormalFormGame             ``{"$game": "normal form", "payoffs": ..., "players": ...,
                           "actions": ...}``
GameTree                   ``{"$game": "tree", "kind": ..., "efg": text}`` (Gambit .efg)
World                      ``{"$world": {quantity: V}}`` (every quantity)
model                      ``{"$model": class name, "disposition": V, "options": {...}}``
value object, result       ``{"$type": "module:Class", "fields": {name: V}}``: a
                           dataclass of dealmodels, rebuilt (and validated) by its
                           constructor from its ``__init__`` fields
=========================  ============================================================

Symbolic games and trees, sympy expressions and callables (a bargaining frontier given as a
Python function) have no JSON form; :func:`to_json` refuses them by name and path.

References
----------
.. [1] D. M. Gay, "Correctly rounded binary-decimal and decimal-binary conversions",
   AT&T Bell Laboratories Numerical Analysis Manuscript 90-10, 1990 (the shortest
   round-trip digits that ``repr(float)`` gives).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np

from dealmodels._validation import fail
from dealmodels.errors import InvalidParameterError

__all__ = ["from_json", "to_json"]

FORMAT_VERSION = 1


# -- writing --------------------------------------------------------------------------------------
def to_json(obj: Any, *, indent: int | None = None) -> str:
    r"""The strict JSON text of a game, model, disposition, spec or result.

    Parameters
    ----------
    obj : object
        A :class:`~dealmodels.NormalFormGame` or :class:`~dealmodels.GameTree` (float or
        exact), a :class:`~dealmodels.BargainingProblem` given by points, a
        :class:`~dealmodels.RepeatedGame`, a model (with its disposition and constructor
        options), any dataclass value object or result of dealmodels (dispositions, specs,
        environments, scenarios, solver and model results), or lists, tuples and dicts of
        them.
    indent : int, optional
        Pretty-print with this indent (``json.dumps``).

    Returns
    -------
    str
        Strict JSON (``allow_nan=False``): infinities and NaN are tagged objects.

    Raises
    ------
    InvalidParameterError
        For a value without a JSON form (a symbolic game, a sympy expression, a callable,
        an object of another library), naming where it is inside ``obj``.

    Examples
    --------
    >>> from dealmodels import Disposition, NormalFormGame
    >>> to_json(Disposition(myopia=0.5))  # doctest: +ELLIPSIS
    '{"dealmodels": 1, "value": {"$type": "dealmodels.dispositions:Disposition", ...}}'
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> from_json(to_json(pd)) == pd
    True
    >>> to_json(float("inf"))
    '{"dealmodels": 1, "value": {"$float": "inf"}}'
    """
    doc = {"dealmodels": FORMAT_VERSION, "value": _encode(obj, "obj")}
    return json.dumps(doc, allow_nan=False, indent=indent, ensure_ascii=False)


def _encode(x: Any, path: str) -> Any:
    from dealmodels.games.extensive_form import GameTree
    from dealmodels.games.normal_form import NormalFormGame
    from dealmodels.models._base import Model
    from dealmodels.world import World

    if x is None or isinstance(x, bool | str):
        return x
    if isinstance(x, int) and type(x) is int:
        return x
    if type(x) is float:
        if math.isfinite(x):
            return x
        return {"$float": "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")}
    if type(x) is Fraction:
        return {"$fraction": f"{x.numerator}/{x.denominator}"}
    if isinstance(x, np.ndarray):
        return _encode_array(x, path)
    if isinstance(x, np.generic):
        if x.dtype == object:  # pragma: no cover - numpy has no object scalars
            raise _refuse(path, x)
        return {"$scalar": x.dtype.str, "value": _encode(x.item(), path)}
    if type(x) is tuple:
        return {"$tuple": [_encode(v, f"{path}[{i}]") for i, v in enumerate(x)]}
    if type(x) is list:
        return [_encode(v, f"{path}[{i}]") for i, v in enumerate(x)]
    if isinstance(x, MappingProxyType):
        return {"$mappingproxy": _encode_mapping(x, path)}
    if type(x) is dict:
        return _encode_mapping(x, path)
    if isinstance(x, NormalFormGame):
        if x.kind == "symbolic":
            raise fail(path, "a float or exact game (JSON has no symbolic payoffs)", x)
        return {
            "$game": "normal form",
            "payoffs": _encode(list(x.payoffs), f"{path}.payoffs"),
            "players": _encode(x.players, f"{path}.players"),
            "actions": _encode(x.actions, f"{path}.actions"),
        }
    if isinstance(x, GameTree):
        return _encode_tree(x, path)
    if isinstance(x, World):
        return {"$world": _encode(x.as_dict(), path)}
    if isinstance(x, Model):
        from dealmodels.report import model_options

        return {
            "$model": type(x).__name__,
            "disposition": _encode(x.disposition, f"{path}.disposition"),
            "options": {k: _encode(getattr(x, k), f"{path}.{k}") for k in model_options(type(x))},
        }
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        cls = type(x)
        if not cls.__module__.startswith("dealmodels."):
            raise _refuse(path, x)
        fields = {
            f.name: _encode(getattr(x, f.name), f"{path}.{f.name}")
            for f in dataclasses.fields(x)
            if f.init
        }
        return {"$type": f"{cls.__module__}:{cls.__qualname__}", "fields": fields}
    raise _refuse(path, x)


def _refuse(path: str, x: Any) -> InvalidParameterError:
    kind = type(x).__module__.split(".")[0]
    what = "a sympy expression" if kind == "sympy" else f"a {type(x).__name__}"
    return InvalidParameterError(
        f"{path} has no JSON form: it is {what}; JSON holds games, models, dispositions, "
        f"specs and results of numbers (substitute symbols first); got {path}={x!r:.80}"
    )


def _encode_mapping(m: Mapping[Any, Any], path: str) -> Any:
    if all(isinstance(k, str) and not k.startswith("$") for k in m):
        return {k: _encode(v, f"{path}[{k!r}]") for k, v in m.items()}
    return {
        "$dict": [[_encode(k, f"{path} key"), _encode(v, f"{path}[{k!r}]")] for k, v in m.items()]
    }


def _encode_array(a: np.ndarray, path: str) -> Any:
    if a.dtype.kind not in "biufcUSO?" or a.dtype.kind == "c":
        raise fail(path, "an array of numbers, booleans or strings", a)
    dtype = "object" if a.dtype == object else a.dtype.str
    flat = a.reshape(-1).tolist() if a.dtype != object else list(a.reshape(-1))
    return {
        "$array": dtype,
        "shape": list(a.shape),
        "data": [_encode(v, f"{path}[{i}]") for i, v in enumerate(flat)],
        "readonly": not a.flags.writeable,
    }


def _encode_tree(tree: Any, path: str) -> Any:
    from dealmodels.io.efg import write_efg

    if tree.kind == "symbolic":
        raise fail(path, "a float or exact tree (JSON has no symbolic payoffs)", tree)
    labels = (tree.infoset_label(k) for k in range(tree.n_infosets))
    names = [n for n in labels if n is not None]
    if not all(isinstance(n, str) for n in names):
        raise fail(path, "a tree whose information sets are named by strings", tree)
    return {"$game": "tree", "kind": tree.kind, "efg": write_efg(tree)}


# -- reading --------------------------------------------------------------------------------------
def from_json(text: str | bytes) -> Any:
    r"""Rebuild the object that :func:`to_json` wrote.

    Parameters
    ----------
    text : str or bytes
        The JSON text (bytes are read as UTF-8).

    Returns
    -------
    object
        Equal to the written object in type and in every field; games and value objects are
        rebuilt through their constructors, so they are validated again.

    Raises
    ------
    InvalidParameterError
        If ``text`` is not strict JSON (``NaN``/``Infinity`` literals are refused), not a
        dealmodels document, names a class outside dealmodels, or holds a value its class
        rejects; the message names where in the document.

    Examples
    --------
    >>> from_json('{"dealmodels": 1, "value": {"$tuple": [1, {"$float": "-inf"}]}}')
    (1, -inf)
    """
    if isinstance(text, bytes | bytearray):
        raw = bytes(text)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise fail("text", "UTF-8 JSON text", f"{raw[:40]!r}... ({exc.reason})") from None
    if not isinstance(text, str):
        raise fail("text", "JSON text (a str or bytes)", text)

    def constant(name: str) -> Any:
        raise InvalidParameterError(
            f"text must be strict JSON; got the non-standard literal {name} (to_json writes "
            'infinities as {"$float": "inf"})'
        )

    try:
        doc = json.loads(text, parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise InvalidParameterError(
            f"text must be JSON; {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    if not isinstance(doc, dict) or set(doc) != {"dealmodels", "value"}:
        raise fail("text", 'a dealmodels JSON document {"dealmodels": 1, "value": ...}', text[:80])
    if doc["dealmodels"] != FORMAT_VERSION:
        raise fail("text", f"format version {FORMAT_VERSION}", doc["dealmodels"])
    return _decode(doc["value"], "value")


def _decode(v: Any, path: str) -> Any:
    if v is None or isinstance(v, bool | int | float | str):
        return v
    if isinstance(v, list):
        return [_decode(x, f"{path}[{i}]") for i, x in enumerate(v)]
    if not isinstance(v, dict):  # pragma: no cover - json gives nothing else
        raise fail(path, "a JSON value", v)
    tags = [k for k in v if k.startswith("$")]
    if not tags:
        return {k: _decode(x, f"{path}[{k!r}]") for k, x in v.items()}
    tag = tags[0]
    try:
        return _decode_tagged(tag, v, path)
    except InvalidParameterError:
        raise
    except (KeyError, TypeError, ValueError, IndexError, ZeroDivisionError) as exc:
        raise InvalidParameterError(
            f"{path}: a malformed {tag} entry ({type(exc).__name__}: {exc})"
        ) from None


def _decode_tagged(tag: str, v: dict[str, Any], path: str) -> Any:
    if tag == "$float":
        names = {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}
        if v["$float"] not in names:
            raise fail(f"{path}.$float", "'inf', '-inf' or 'nan'", v["$float"])
        return names[v["$float"]]
    if tag == "$fraction":
        if not isinstance(v["$fraction"], str):
            raise fail(f"{path}.$fraction", "a string 'p/q'", v["$fraction"])
        return Fraction(v["$fraction"])
    if tag == "$tuple":
        return tuple(_decode(v["$tuple"], path))
    if tag == "$mappingproxy":
        return MappingProxyType(_decode(v["$mappingproxy"], path))
    if tag == "$dict":
        return {_decode(k, f"{path} key"): _decode(x, path) for k, x in v["$dict"]}
    if tag == "$scalar":
        return np.dtype(v["$scalar"]).type(_decode(v["value"], path))
    if tag == "$array":
        return _decode_array(v, path)
    if tag == "$game":
        return _decode_game(v, path)
    if tag == "$world":
        from dealmodels.world import World

        values = _decode(v["$world"], path)
        if not isinstance(values, dict):
            raise fail(f"{path}.$world", "an object of world quantities", values)
        return World(**values)
    if tag == "$model":
        from dealmodels.report import available_models

        classes = {cls.__name__: cls for cls in available_models().values()}
        if v["$model"] not in classes:
            raise fail(f"{path}.$model", f"one of {sorted(classes)}", v["$model"])
        options = _decode(v["options"], f"{path}.options")
        return classes[v["$model"]](_decode(v["disposition"], f"{path}.disposition"), **options)
    if tag == "$type":
        return _decode_dataclass(v, path)
    raise fail(path, "a known tag ($float, $fraction, $tuple, $array, $game, ...)", tag)


def _decode_array(v: dict[str, Any], path: str) -> np.ndarray:
    shape = tuple(v["shape"])
    if not all(isinstance(n, int) and n >= 0 for n in shape):
        raise fail(f"{path}.shape", "a list of sizes", v["shape"])
    data = [_decode(x, f"{path}[{i}]") for i, x in enumerate(v["data"])]
    if len(data) != math.prod(shape):
        raise fail(f"{path}.data", f"{math.prod(shape)} values for shape {shape}", len(data))
    if v["$array"] == "object":
        out = np.empty(len(data), dtype=object)
        out[:] = data
    else:
        out = np.array(data, dtype=np.dtype(v["$array"]))
    out = out.reshape(shape)
    if v.get("readonly", False):
        out.flags.writeable = False
    return out


def _decode_game(v: dict[str, Any], path: str) -> Any:
    if v["$game"] == "normal form":
        from dealmodels.games.normal_form import NormalFormGame

        return NormalFormGame(
            _decode(v["payoffs"], f"{path}.payoffs"),
            players=_decode(v["players"], f"{path}.players"),
            actions=_decode(v["actions"], f"{path}.actions"),
        )
    if v["$game"] == "tree":
        from dealmodels.io.efg import read_efg

        kind = v["kind"]
        if kind not in ("float", "exact"):
            raise fail(f"{path}.kind", "'float' or 'exact'", kind)
        return read_efg(v["efg"], kind=kind)
    raise fail(f"{path}.$game", "'normal form' or 'tree'", v["$game"])


def _decode_dataclass(v: dict[str, Any], path: str) -> Any:
    where = v["$type"]
    module, sep, name = str(where).partition(":")
    if not sep or not module.startswith("dealmodels.") or not name.isidentifier():
        raise fail(f"{path}.$type", "'dealmodels.<module>:<Class>'", where)
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        raise fail(f"{path}.$type", "a class of dealmodels", where) from None
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise fail(f"{path}.$type", "a value object or result class of dealmodels", where)
    fields = v["fields"]
    if not isinstance(fields, dict):
        raise fail(f"{path}.fields", "an object of field values", fields)
    init = {f.name for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(fields) - init)
    if unknown:
        raise fail(f"{path}.fields", f"fields of {name} ({sorted(init)})", unknown[0])
    values = {k: _decode(x, f"{path}.{k}") for k, x in fields.items()}
    return cls(**values)
