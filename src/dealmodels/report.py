"""The flagship report: every model at a scenario's dispositions, with maps and rankings.

A *scenario file* (TOML) names the AI's realised dispositions, shared environment values,
priors over what training actually instilled, the models to include (with their options,
values and the regime maps to draw) and, optionally, model specs to compare. With no file,
the built-in default scenario (``dealmodels/data/default_scenario.toml``) is used.

For each model the report gives its cooperation condition (LaTeX and MathML), the regime and
the one-line explanation at the scenario's values, regime maps with the exact boundary, the
probability of each regime under the priors (Monte Carlo with Wilson intervals) and the
ranking of the uncertain dispositions by their Sobol total index, with tornado and Sobol
charts; then, for every spec, the probability of cooperation in each model when the spec's
target dispositions persist only with their training-dependent probabilities.

Output: ``DIR/index.html`` (self-contained: images embedded as base64, the PNGs also beside
it), ``DIR/report.md`` (linking the PNGs) and the PNG figures.

Scenario file format (every table optional except where noted)::

    title = "..."                      # report title
    description = "..."                # a paragraph
    seed = 2026                        # seeds every random step

    [disposition]                      # Disposition fields, e.g.
    myopia = 0.2
    trust = 0.6

    [environment]                      # values of model parameters, applied to every
    p = 0.2                            # model that has a parameter of that name

    [priors]                           # per Disposition field or model parameter
    trust = { dist = "beta", a = 5, b = 3 }
    p = { dist = "uniform", low = 0.05, high = 0.5 }
    # dists: uniform(low, high), beta(a, b[, low, high]), triangular(low, mode, high),
    #        truncnorm(mean, sd, low, high), lognormal(median, sigma)

    [analysis]
    resolution = 120                   # grid points per axis of each regime map
    monte_carlo_n = 20000
    sensitivity_n = 1024               # base sample of the Sobol design

    [[models]]                         # one table per model, in report order
    model = "takeover-decision"        # key from `dealmodels models` (or the class name)
    options = { utility = "cara" }     # constructor options
    values = { budget = 0.6 }          # parameter values for this model
    outputs = ["minimum_payment"]      # continuous outputs for the sensitivity analysis
    maps = [ { x = ["trust", 0, 1], y = ["p", 0, 1] } ]

    [[specs]]                          # model specs to compare
    name = "cautious spec"
    target = { myopia = 0.5, risk_aversion = 2.0 }
    features.myopia = { earliness = 0.9, frequency = 0.8 }

Errors in the file name the file, the table and key, and the allowed values, e.g.
``scenario.toml: [disposition] trust must be in [0, 1]; got trust=1.3``.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import inspect
import math
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition
from dealmodels.errors import DealModelsError, InvalidParameterError
from dealmodels.models._base import Model

if TYPE_CHECKING:
    from dealmodels.dispositions import Spec
    from dealmodels.symbolic import Condition

__all__ = [
    "ModelEntry",
    "ReportResult",
    "ScenarioError",
    "ScenarioFile",
    "available_models",
    "build_report",
    "load_scenario",
    "model_key",
]

DEFAULT_SCENARIO = "default_scenario.toml"


class ScenarioError(InvalidParameterError):
    """A scenario file is malformed; the message names the file, the key and what is allowed."""


# -- the model registry ------------------------------------------------------------------------
def model_key(cls: type) -> str:
    """The command-line key of a model class: its name in kebab case.

    Examples
    --------
    >>> from dealmodels.models import TakeoverDecision
    >>> model_key(TakeoverDecision)
    'takeover-decision'
    """
    return re.sub(r"(?<!^)(?=[A-Z])", "-", cls.__name__).lower()


def available_models() -> dict[str, type[Model]]:
    """Every model class in :mod:`dealmodels.models`, by :func:`model_key`, in registry order."""
    import importlib

    from dealmodels import models

    out: dict[str, type[Model]] = {}
    for name, module in models._LAZY.items():
        obj = getattr(importlib.import_module(module), name)
        if isinstance(obj, type) and issubclass(obj, Model) and not inspect.isabstract(obj):
            out[model_key(obj)] = obj
    return out


def find_model(name: str) -> type[Model]:
    """The model class for a key, a class name, a model's ``name`` (case-insensitive) or a
    unique prefix of a key (``"takeover"``)."""
    models = available_models()
    wanted = name.strip().lower().replace("_", "-").replace(" ", "-")
    for key, cls in models.items():
        aliases = {key, cls.__name__.lower(), str(cls.name).lower().replace(" ", "-")}
        if wanted in aliases:
            return cls
    prefixed = [cls for key, cls in models.items() if key.startswith(wanted)]
    if wanted and len(prefixed) == 1:
        return prefixed[0]
    raise InvalidParameterError(
        f"model must be one of {', '.join(models)}; got model={name!r} (see `dealmodels models`)"
    )


def model_options(cls: type[Model]) -> dict[str, inspect.Parameter]:
    """The keyword-only constructor options of a model class (besides ``disposition``)."""
    sig = inspect.signature(cls.__init__)
    return {
        k: p
        for k, p in sig.parameters.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY and k != "disposition"
    }


# -- scenario files ----------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class ModelEntry:
    """One model of a scenario.

    Attributes
    ----------
    key : str
        The model's registry key.
    cls : type
        The model class.
    options : dict
        Constructor options.
    values : dict
        Parameter values (environment values the model has, then its own).
    maps : tuple of ((str, float, float), (str, float, float))
        The regime maps to draw, as ``(x, y)`` axes.
    outputs : tuple of str
        Continuous outputs for the sensitivity analysis.
    """

    key: str
    cls: type[Model]
    options: Mapping[str, Any]
    values: Mapping[str, float]
    maps: tuple[tuple[tuple[str, float, float], tuple[str, float, float]], ...]
    outputs: tuple[str, ...]

    def build(self, disposition: Disposition | None) -> Model:
        """The model instance with the scenario's disposition."""
        return self.cls(disposition, **self.options)


@dataclass(frozen=True, eq=False)
class ScenarioFile:
    """A parsed, validated scenario file (see the module docstring for the format).

    Attributes
    ----------
    source : str
        The file's path (or ``"default scenario"``).
    title, description : str
        Report title and introduction.
    seed : int
        Seeds every random step.
    disposition : Disposition
        The AI's realised dispositions.
    environment : dict
        Shared parameter values.
    priors : dict
        Frozen scipy.stats distributions by name.
    prior_text : dict
        The priors as written, for display.
    models : tuple of ModelEntry
        The models, in report order.
    specs : tuple of Spec
        Specs to compare.
    resolution, monte_carlo_n, sensitivity_n : int
        Analysis settings.
    scenario_environment : Environment or None
        The :class:`~dealmodels.models.scenario.Environment` built from the ``[environment]``
        values that name its fields (defaults for the rest).
    """

    source: str
    title: str
    description: str
    seed: int
    disposition: Disposition
    environment: Mapping[str, float]
    priors: Mapping[str, Any]
    prior_text: Mapping[str, str]
    models: tuple[ModelEntry, ...]
    specs: tuple[Spec, ...]
    resolution: int = 120
    monte_carlo_n: int = 20_000
    sensitivity_n: int = 1024
    scenario_environment: Any = None


_TOP_KEYS = {
    "title",
    "description",
    "seed",
    "disposition",
    "environment",
    "priors",
    "analysis",
    "models",
    "specs",
}
_ANALYSIS_KEYS = {
    "resolution": (2, 1000),
    "monte_carlo_n": (10, 10**7),
    "sensitivity_n": (8, 10**6),
}


def _read_default() -> tuple[str, str]:
    from importlib.resources import files

    text = files("dealmodels").joinpath("data", DEFAULT_SCENARIO).read_text(encoding="utf-8")
    return "default scenario (dealmodels/data/default_scenario.toml)", text


def load_scenario(path: str | Path | None = None) -> ScenarioFile:
    """Read and validate a scenario file (``None``: the built-in default scenario).

    Parameters
    ----------
    path : str or Path, optional
        A TOML file in the format of the module docstring.

    Returns
    -------
    ScenarioFile

    Raises
    ------
    ScenarioError
        If the file is missing or not TOML, a key is unknown, or a value is out of range;
        the message starts with the file's name and names the table and key.

    Examples
    --------
    >>> s = load_scenario()
    >>> s.disposition.trust, [m.key for m in s.models][:2]
    (0.6, ['takeover-decision', 'negotiated-deal'])
    """
    import tomllib

    if path is None:
        source, text = _read_default()
        label = "default_scenario.toml"
    else:
        p = Path(path)
        source = label = str(p)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise ScenarioError(
                f"{label}: cannot read the scenario file ({exc.strerror})"
            ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{label}: not valid TOML: {exc}") from None
    return _parse(label, source, data)


def _err(label: str, where: str, message: str) -> ScenarioError:
    prefix = f"{label}: [{where}] " if where else f"{label}: "
    return ScenarioError(prefix + message)


def _table(label: str, data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise _err(label, "", f"{key} must be a table; got {key}={value!r}")
    return value


def _number(label: str, where: str, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _err(label, where, f"{key} must be a number; got {key}={value!r}")
    return float(value)


def _parse(label: str, source: str, data: Mapping[str, Any]) -> ScenarioFile:
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise _err(
            label, "", f"unknown key {unknown[0]!r}; allowed: {', '.join(sorted(_TOP_KEYS))}"
        )
    title = data.get("title", "dealmodels report")
    description = data.get("description", "")
    for key, value in (("title", title), ("description", description)):
        if not isinstance(value, str):
            raise _err(label, "", f"{key} must be a string; got {key}={value!r}")
    seed = data.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise _err(label, "", f"seed must be an integer >= 0; got seed={seed!r}")

    disp_table = _table(label, data, "disposition")
    for key in disp_table:
        if key not in DISPOSITION_FIELDS:
            raise _err(
                label,
                "disposition",
                f"unknown key {key!r}; allowed: {', '.join(DISPOSITION_FIELDS)}",
            )
    disp_values = {k: _number(label, "disposition", k, v) for k, v in disp_table.items()}
    try:
        disposition = Disposition(**disp_values)
    except DealModelsError as exc:
        raise _err(label, "disposition", str(exc)) from None

    registry = available_models()
    known_params: dict[str, Any] = {}
    for cls in registry.values():
        for name, param in _params(cls).items():
            known_params.setdefault(name, param)

    env_table = _table(label, data, "environment")
    env_fields = _environment_fields()
    environment: dict[str, float] = {}
    for key, value in env_table.items():
        if key not in known_params and key not in env_fields:
            allowed = sorted(set(known_params) | set(env_fields))
            raise _err(
                label,
                "environment",
                f"unknown parameter {key!r}; allowed: parameters of the models and of the "
                f"Scenario's Environment ({', '.join(allowed)})",
            )
        if isinstance(env_fields.get(key), int) and not (
            isinstance(value, int) and not isinstance(value, bool)
        ):
            raise _err(label, "environment", f"{key} must be an integer; got {key}={value!r}")
        environment[key] = _number(label, "environment", key, value)
    scenario_env = None
    if env_fields:
        from dealmodels.models.scenario import Environment

        env_kwargs: dict[str, Any] = {
            k: int(v) if isinstance(env_fields[k], int) else v
            for k, v in environment.items()
            if k in env_fields
        }
        try:
            scenario_env = Environment(**env_kwargs)
        except DealModelsError as exc:
            raise _err(label, "environment", str(exc)) from None

    priors, prior_text = _parse_priors(label, _table(label, data, "priors"), known_params)

    analysis = _table(label, data, "analysis")
    settings: dict[str, int] = {}
    for key, value in analysis.items():
        if key not in _ANALYSIS_KEYS:
            raise _err(
                label, "analysis", f"unknown key {key!r}; allowed: {', '.join(_ANALYSIS_KEYS)}"
            )
        lo, hi = _ANALYSIS_KEYS[key]
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise _err(
                label, "analysis", f"{key} must be an integer in [{lo}, {hi}]; got {key}={value!r}"
            )
        settings[key] = value

    raw_models = data.get("models", [])
    if not isinstance(raw_models, list):
        raise _err(
            label, "", f"models must be an array of tables ([[models]]); got {raw_models!r}"
        )
    entries = tuple(
        _parse_model(label, i, m, registry, environment) for i, m in enumerate(raw_models)
    )
    raw_specs = data.get("specs", [])
    if not isinstance(raw_specs, list):
        raise _err(label, "", f"specs must be an array of tables ([[specs]]); got {raw_specs!r}")
    specs = tuple(_parse_spec(label, i, s) for i, s in enumerate(raw_specs))
    return ScenarioFile(
        source=source,
        title=title,
        description=description,
        seed=seed,
        disposition=disposition,
        environment=environment,
        priors=priors,
        prior_text=prior_text,
        models=entries,
        specs=specs,
        scenario_environment=scenario_env,
        **settings,
    )


def _environment_fields() -> dict[str, Any]:
    """The Scenario Environment's fields and defaults (empty if the module is missing)."""
    from dealmodels.world import WORLD_FIELDS

    return {f.name: f.default for f in WORLD_FIELDS}


def _params(cls: type[Model]) -> dict[str, Any]:
    return {p.name: p for p in cls._parameter_list()}


_DISTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # name: (required keys, optional keys)
    "uniform": (("low", "high"), ()),
    "beta": (("a", "b"), ("low", "high")),
    "triangular": (("low", "mode", "high"), ()),
    "truncnorm": (("mean", "sd", "low", "high"), ()),
    "lognormal": (("median", "sigma"), ()),
}


def _parse_priors(
    label: str, table: Mapping[str, Any], known: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    from scipy import stats

    priors: dict[str, Any] = {}
    text: dict[str, str] = {}
    for name, spec in table.items():
        where = "priors"
        if name not in DISPOSITION_FIELDS and name not in known:
            raise _err(
                label,
                where,
                f"unknown name {name!r}; allowed: Disposition fields "
                f"({', '.join(DISPOSITION_FIELDS)}) or model parameters",
            )
        if not isinstance(spec, dict) or "dist" not in spec:
            raise _err(
                label,
                where,
                f'{name} must be a table such as {{ dist = "beta", a = 2, b = 5 }}; '
                f"got {name}={spec!r}",
            )
        dist = spec["dist"]
        if dist not in _DISTS:
            raise _err(
                label,
                where,
                f"{name}.dist must be one of {', '.join(_DISTS)}; got {name}.dist={dist!r}",
            )
        required, optional = _DISTS[dist]
        extra = sorted(set(spec) - {"dist", *required, *optional})
        missing = [k for k in required if k not in spec]
        if extra or missing:
            raise _err(
                label,
                where,
                f"{name}: a {dist} prior takes {', '.join(required + optional)}; "
                + (f"missing {missing[0]}" if missing else f"got unknown {extra[0]}"),
            )
        v = {k: _number(label, where, f"{name}.{k}", spec[k]) for k in spec if k != "dist"}
        lo, hi = v.get("low", 0.0), v.get("high", 1.0)
        if lo >= hi:
            raise _err(label, where, f"{name}: low must be < high; got low={lo}, high={hi}")
        if dist == "uniform":
            frozen = stats.uniform(lo, hi - lo)
        elif dist == "beta":
            if v["a"] <= 0 or v["b"] <= 0:
                raise _err(
                    label, where, f"{name}: a and b must be > 0; got a={v['a']}, b={v['b']}"
                )
            frozen = stats.beta(v["a"], v["b"], loc=lo, scale=hi - lo)
        elif dist == "triangular":
            if not lo <= v["mode"] <= hi:
                raise _err(
                    label,
                    where,
                    f"{name}.mode must be in [{lo}, {hi}]; got {name}.mode={v['mode']}",
                )
            frozen = stats.triang((v["mode"] - lo) / (hi - lo), loc=lo, scale=hi - lo)
        elif dist == "truncnorm":
            if v["sd"] <= 0:
                raise _err(label, where, f"{name}.sd must be > 0; got {name}.sd={v['sd']}")
            a, b = (lo - v["mean"]) / v["sd"], (hi - v["mean"]) / v["sd"]
            frozen = stats.truncnorm(a, b, loc=v["mean"], scale=v["sd"])
        else:
            if v["median"] <= 0 or v["sigma"] <= 0:
                raise _err(label, where, f"{name}: median and sigma must be > 0")
            frozen = stats.lognorm(v["sigma"], scale=v["median"])
        param = known.get(name)
        if param is not None:
            s_lo, s_hi = (float(x) for x in frozen.support())
            if s_lo < param.low or s_hi > param.high:
                raise _err(
                    label,
                    where,
                    f"{name}: the prior's support [{s_lo:g}, {s_hi:g}] must lie in the "
                    f"parameter's domain {param}",
                )
        elif name in DISPOSITION_FIELDS:
            s_lo, s_hi = (float(x) for x in frozen.support())
            bounded = name not in ("risk_aversion", "promise_keeping")
            if s_lo < 0 or (bounded and s_hi > 1):
                rng = "[0, inf)" if not bounded else "[0, 1]"
                raise _err(
                    label,
                    where,
                    f"{name}: the prior's support [{s_lo:g}, {s_hi:g}] must lie in {rng}",
                )
        priors[name] = frozen
        args = ", ".join(f"{k}={spec[k]}" for k in spec if k != "dist")
        text[name] = f"{dist}({args})"
    return priors, text


def _axis(
    label: str, where: str, key: str, value: object, params: Mapping[str, Any]
) -> tuple[str, float, float]:
    if not (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str)):
        raise _err(label, where, f"{key} must be [name, low, high]; got {key}={value!r}")
    name = value[0]
    if name not in params:
        raise _err(
            label, where, f"{key}: unknown parameter {name!r}; allowed: {', '.join(params)}"
        )
    lo = _number(label, where, f"{key}[1]", value[1])
    hi = _number(label, where, f"{key}[2]", value[2])
    p = params[name]
    if not (lo < hi and math.isfinite(lo) and math.isfinite(hi)):
        raise _err(label, where, f"{key} must have finite low < high; got {key}={value!r}")
    try:
        p.validate(np.array([lo, hi]))
    except InvalidParameterError as exc:
        raise _err(label, where, f"{key}: {exc}") from None
    return name, lo, hi


def _parse_model(
    label: str,
    i: int,
    raw: object,
    registry: Mapping[str, type[Model]],
    environment: Mapping[str, float],
) -> ModelEntry:
    where = f"models[{i}]"
    if not isinstance(raw, dict):
        raise _err(label, where, f"must be a table; got {raw!r}")
    allowed = {"model", "options", "values", "maps", "outputs"}
    extra = sorted(set(raw) - allowed)
    if extra:
        raise _err(
            label, where, f"unknown key {extra[0]!r}; allowed: {', '.join(sorted(allowed))}"
        )
    name = raw.get("model")
    if not isinstance(name, str):
        raise _err(label, where, f"model must be one of {', '.join(registry)}; got model={name!r}")
    try:
        cls = find_model(name)
    except InvalidParameterError as exc:
        raise _err(label, where, str(exc)) from None
    key = model_key(cls)
    where = f"models[{i}] ({key})"
    options = raw.get("options", {})
    if not isinstance(options, dict):
        raise _err(label, where, f"options must be a table; got options={options!r}")
    allowed_options = model_options(cls)
    for k in options:
        if k not in allowed_options:
            raise _err(
                label,
                where,
                f"unknown option {k!r}; allowed: {', '.join(allowed_options) or 'none'}",
            )
    params = _params(cls)
    values = {k: v for k, v in environment.items() if k in params}
    own = raw.get("values", {})
    if not isinstance(own, dict):
        raise _err(label, where, f"values must be a table; got values={own!r}")
    for k, v in own.items():
        if k not in params:
            raise _err(
                label, where, f"values: unknown parameter {k!r}; allowed: {', '.join(params)}"
            )
        values[k] = _number(label, where, k, v)
    for k, v in values.items():
        try:
            params[k].validate(v)
        except InvalidParameterError as exc:
            raise _err(label, where, str(exc)) from None
    try:
        model = cls(None, **options)
        model.resolve(None, **values)
    except DealModelsError as exc:
        raise _err(label, where, str(exc)) from None
    except TypeError as exc:
        raise _err(label, where, f"bad options: {exc}") from None
    raw_maps = raw.get("maps", [])
    if not isinstance(raw_maps, list):
        raise _err(
            label, where, f"maps must be an array of {{ x = [...], y = [...] }}; got {raw_maps!r}"
        )
    maps = []
    for j, mp in enumerate(raw_maps):
        if not isinstance(mp, dict) or set(mp) != {"x", "y"}:
            raise _err(
                label,
                where,
                f"maps[{j}] must be {{ x = [name, low, high], y = [name, low, high] }}; "
                f"got {mp!r}",
            )
        x = _axis(label, where, f"maps[{j}].x", mp["x"], params)
        y = _axis(label, where, f"maps[{j}].y", mp["y"], params)
        if x[0] == y[0]:
            raise _err(label, where, f"maps[{j}]: x and y must be different parameters")
        maps.append((x, y))
    outputs = raw.get("outputs", [])
    if not isinstance(outputs, list) or not all(isinstance(o, str) for o in outputs):
        raise _err(
            label, where, f"outputs must be a list of output names; got outputs={outputs!r}"
        )
    return ModelEntry(key, cls, dict(options), values, tuple(maps), tuple(outputs))


def _parse_spec(label: str, i: int, raw: object) -> Spec:
    from dealmodels.dispositions import DispositionFeatures, Spec

    where = f"specs[{i}]"
    if not isinstance(raw, dict):
        raise _err(label, where, f"must be a table; got {raw!r}")
    extra = sorted(set(raw) - {"name", "target", "features"})
    if extra:
        raise _err(label, where, f"unknown key {extra[0]!r}; allowed: name, target, features")
    name = raw.get("name", f"spec {i + 1}")
    target = raw.get("target", {})
    features = raw.get("features", {})
    if not isinstance(name, str) or not isinstance(target, dict) or not isinstance(features, dict):
        raise _err(label, where, "name must be a string, target and features tables")
    for k in list(target) + list(features):
        if k not in DISPOSITION_FIELDS:
            raise _err(
                label,
                where,
                f"unknown disposition {k!r}; allowed: {', '.join(DISPOSITION_FIELDS)}",
            )
    try:
        feats = {}
        for k, f in features.items():
            if not isinstance(f, dict):
                raise _err(label, where, f"features.{k} must be a table; got {f!r}")
            allowed = {f.name for f in dataclasses.fields(DispositionFeatures)}
            bad = sorted(set(f) - allowed)
            if bad:
                raise _err(
                    label,
                    where,
                    f"features.{k}: unknown key {bad[0]!r}; allowed: {', '.join(sorted(allowed))}",
                )
            feats[k] = DispositionFeatures(**f)
        return Spec(
            target=Disposition(**{k: _number(label, where, k, v) for k, v in target.items()}),
            features=feats,
            name=name,
        )
    except ScenarioError:
        raise
    except DealModelsError as exc:
        raise _err(label, where, str(exc)) from None


# -- building the report -----------------------------------------------------------------------
@dataclass(frozen=True)
class ReportResult:
    """Where the report was written.

    Attributes
    ----------
    out_dir : Path
        The output directory.
    index : Path
        ``index.html``.
    markdown : Path
        ``report.md``.
    images : tuple of Path
        The PNG figures.
    seconds : float
        Wall time.
    """

    out_dir: Path
    index: Path
    markdown: Path
    images: tuple[Path, ...]
    seconds: float


class _Doc:
    """A tiny document model rendered to Markdown and to HTML side by side."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.md: list[str] = []
        self.html: list[str] = []
        self.images: list[Path] = []

    def heading(self, level: int, text: str, anchor: str | None = None) -> None:
        self.md.append(f"{'#' * level} {text}\n")
        ident = f' id="{html.escape(anchor)}"' if anchor else ""
        self.html.append(f"<h{level}{ident}>{html.escape(text)}</h{level}>")

    def para(self, text: str, *, md: str | None = None) -> None:
        self.md.append((md if md is not None else text) + "\n")
        self.html.append(f"<p>{html.escape(text)}</p>")

    def bullets(self, items: Sequence[str]) -> None:
        self.md.append("\n".join(f"- {i}" for i in items) + "\n")
        self.html.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")

    def math(self, latex: str, mathml: str | None) -> None:
        self.md.append(f"$$\n{latex}\n$$\n")
        if mathml:
            self.html.append(
                f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">{mathml}</math>'
            )
        self.html.append(
            f'<details><summary>LaTeX</summary><pre class="latex">{html.escape(latex)}</pre>'
            "</details>"
        )

    def figure(self, ax: Any, name: str, caption: str) -> None:
        path = self.out_dir / name
        fig = ax.figure
        fig.savefig(path, dpi=110)
        self.images.append(path)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        self.md.append(f"![{caption}]({name})\n")
        self.html.append(
            f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(caption)}">'
            f"<figcaption>{html.escape(caption)} "
            f'(<a href="{html.escape(name)}">{html.escape(name)}</a>)</figcaption></figure>'
        )

    def contents(self, items: Sequence[tuple[str, str]]) -> None:
        """Links to the sections (HTML anchors; Markdown lists the titles)."""
        self.md.append("\n".join(f"- {text}" for _, text in items) + "\n")
        links = "".join(
            f'<li><a href="#{html.escape(anchor)}">{html.escape(text)}</a></li>'
            for anchor, text in items
        )
        self.html.append(f"<nav><ul>{links}</ul></nav>")

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        def cell(x: str) -> str:
            return x.replace("|", "\\|")

        lines = ["| " + " | ".join(cell(h) for h in header) + " |"]
        lines.append("|" + "|".join("---" for _ in header) + "|")
        lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
        self.md.append("\n".join(lines) + "\n")
        head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows
        )
        self.html.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")

    def note(self, text: str) -> None:
        self.md.append(f"> {text}\n")
        self.html.append(f'<p class="note">{html.escape(text)}</p>')


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;line-height:1.5;color:#222}
h1,h2,h3{line-height:1.2} h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2.5rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.92rem}
th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:left} th{background:#f3f3f3}
figure{margin:1rem 0} img{max-width:100%;height:auto} figcaption{font-size:.85rem;color:#555}
pre.latex{white-space:pre-wrap;background:#f7f7f7;padding:.5rem;font-size:.8rem}
p.note{border-left:4px solid #E69F00;padding-left:.6rem;color:#444}
math{font-size:1.05rem;overflow-x:auto;max-width:100%}
"""


def _fmt(x: Any) -> str:
    if isinstance(x, bool | np.bool_):
        return "yes" if x else "no"
    if isinstance(x, int | float | np.integer | np.floating):
        v = float(x)
        if math.isinf(v):
            return "∞" if v > 0 else "-∞"
        return f"{v:.4g}"
    return str(x)


def _outputs_table(result: Any) -> list[list[str]]:
    from dealmodels.models._base import ModelResult

    base = {f.name for f in dataclasses.fields(ModelResult)}
    rows = []
    for f in dataclasses.fields(result):
        if f.name in base:
            continue
        v = getattr(result, f.name)
        if np.ndim(v) == 0 and isinstance(v, bool | int | float | np.generic):
            rows.append([f.name, _fmt(v)])
    return rows


def _mathml(cond: Condition) -> str | None:
    try:
        return cond.mathml()
    except Exception:  # pragma: no cover - sympy printer gaps
        return None


def build_report(
    scenario: str | Path | ScenarioFile | None = None,
    out: str | Path = "report",
    *,
    progress: bool = True,
) -> ReportResult:
    """Write the report for a scenario (see the module docstring).

    Parameters
    ----------
    scenario : str, Path or ScenarioFile, optional
        A scenario file, or an already loaded one; ``None``: the built-in default scenario.
    out : str or Path, default "report"
        The output directory (created if missing).
    progress : bool, default True
        Show a tqdm progress bar (silent when the output is not a terminal).

    Returns
    -------
    ReportResult

    Raises
    ------
    ScenarioError
        For a malformed scenario file.
    """
    t0 = time.perf_counter()
    scen = scenario if isinstance(scenario, ScenarioFile) else load_scenario(scenario)
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    doc = _Doc(out_dir)
    steps = sum(3 + len(m.maps) for m in scen.models) + (1 if scen.specs else 0)
    bar = _bar(steps, progress)
    try:
        _write(scen, doc, bar)
    finally:
        bar.close()
    md_path = out_dir / "report.md"
    md_path.write_text("\n".join(doc.md), encoding="utf-8")
    index = out_dir / "index.html"
    body = "\n".join(doc.html)
    index.write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(scen.title)}</title><style>{_CSS}</style></head>"
        f"<body>\n{body}\n</body></html>\n",
        encoding="utf-8",
    )
    return ReportResult(
        out_dir=out_dir,
        index=index,
        markdown=md_path,
        images=tuple(doc.images),
        seconds=time.perf_counter() - t0,
    )


class _Bar:
    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def step(self, desc: str) -> None:
        if self.inner is not None:
            self.inner.set_description_str(desc[:40])
            self.inner.update(1)

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()


def _bar(total: int, progress: bool) -> _Bar:
    if not progress:
        return _Bar(None)
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm is in the analysis extra
        return _Bar(None)
    return _Bar(tqdm(total=total, unit="step", disable=None))


def _write(scen: ScenarioFile, doc: _Doc, bar: _Bar) -> None:
    from dealmodels import __version__

    doc.heading(1, scen.title)
    if scen.description:
        doc.para(scen.description)
    doc.para(
        f"Scenario: {scen.source}. Generated by dealmodels {__version__} with seed {scen.seed}; "
        "every number below is reproducible from the scenario file."
    )
    if scen.specs:
        _answer_section(scen, doc)
    d = scen.disposition
    doc.heading(2, "The AI's dispositions and the environment", "dispositions")
    doc.table(["disposition", "value"], [[k, _fmt(v)] for k, v in d.as_dict().items()])
    if scen.environment:
        doc.para("Environment values (applied to every model that has the parameter):")
        doc.table(["parameter", "value"], [[k, _fmt(v)] for k, v in scen.environment.items()])
    if scen.priors:
        doc.para(
            "Uncertainty about what training actually instilled (priors for the Monte Carlo and "
            "sensitivity analyses):"
        )
        doc.table(["name", "prior"], [[k, v] for k, v in scen.prior_text.items()])

    summary_at = len(doc.md), len(doc.html)
    summary: list[list[str]] = []
    for entry in scen.models:
        try:
            summary.append(_model_section(scen, entry, doc, bar))
        except (DealModelsError, ValueError, ArithmeticError) as exc:
            # one failing model must not cost the whole report: say what failed
            doc.note(f"{entry.key}: this section stopped early: {type(exc).__name__}: {exc}")
            summary.append([entry.cls.__name__, "error", "n/a", "n/a"])
    if scen.scenario_environment is not None:
        try:
            _scenario_section(scen, doc)
        except (DealModelsError, ValueError, ArithmeticError) as exc:
            doc.note(f"The composed scenario stopped early: {type(exc).__name__}: {exc}")
    if scen.specs:
        _spec_section(scen, doc, bar)
        bar.step("specs")
    # the summary goes before the model sections
    sub = _Doc(doc.out_dir)
    sub.heading(2, "Summary", "summary")
    sub.para(
        "Regime at the scenario's dispositions, probability of cooperation under the priors, and "
        "the disposition or parameter that matters most (largest Sobol total index of "
        "cooperation)."
    )
    sub.table(["model", "regime at the scenario", "P(cooperation)", "matters most"], summary)
    sections = [(e.key, f"{e.cls.name[:1].upper()}{e.cls.name[1:]}") for e in scen.models]
    if scen.scenario_environment is not None:
        sections.append(("scenario", "All models at once: the composed scenario"))
    if scen.specs:
        sections.append(("specs", "How important is the spec?"))
    sub.heading(3, "Contents")
    sub.contents(sections)
    doc.md[summary_at[0] : summary_at[0]] = sub.md
    doc.html[summary_at[1] : summary_at[1]] = sub.html


def _answer_section(scen: ScenarioFile, doc: _Doc) -> None:
    """The answer first: each spec against no spec on the composed scenario (spec_value)."""
    from dealmodels.analysis.spec_value import spec_value
    from dealmodels.models.scenario import REGIMES

    doc.heading(2, "The answer: how important is the spec if alignment fails?", "answer")
    doc.para(
        "Each spec against no spec on the composed scenario (takeover decision and deal, "
        "credibility, monitoring, collusion, what humans keep after a takeover), averaged over "
        "which targets persist and over the default priors on the world (dealmodels.spec_value; "
        f"{scen.monte_carlo_n:,} draws, seed {scen.seed}, 95% intervals)."
    )
    results = [
        spec_value(spec, n=scen.monte_carlo_n, seed=scen.seed, robustness=50)
        for spec in scen.specs
    ]
    for sv in results:
        doc.para(str(sv))
    head = ["regime", "no spec", *(sv.spec_name for sv in results)]
    rows = [
        [r, f"{results[0].baseline_probability[r].estimate:.3f}"]
        + [f"{sv.probability[r].estimate:.3f}" for sv in results]
        for r in REGIMES
    ]
    rows.append(
        ["developer's expected value", f"{results[0].baseline_developer_value.estimate:.2f}"]
        + [str(sv.developer_value) for sv in results]
    )
    doc.table(head, rows)
    shares = [
        [sv.spec_name, a.name, a.kind, f"{a.developer_value:+.3f}", f"{a.no_takeover:+.3f}"]
        for sv in results
        for a in sv.attribution
    ]
    doc.para("Exact Shapley attribution of each spec's effect to its targets and side effects:")
    doc.table(["spec", "disposition", "kind", "developer value", "P(no takeover)"], shares)


def _model_section(scen: ScenarioFile, entry: ModelEntry, doc: _Doc, bar: _Bar) -> list[str]:
    from dealmodels.analysis import monte_carlo, regions, sensitivity
    from dealmodels.analysis._priors import fed_parameters
    from dealmodels.plotting import plot_monte_carlo, plot_regions, plot_sobol, plot_tornado

    model = entry.build(scen.disposition)
    cls = entry.cls
    title = f"{cls.name[:1].upper()}{cls.name[1:]} ({cls.__name__})"
    doc.heading(2, title, entry.key)
    first_line = (inspect.getdoc(cls) or "").split("\n")[0]
    if first_line:
        doc.para(first_line)
    if entry.options:
        doc.para("Options: " + ", ".join(f"{k} = {v}" for k, v in entry.options.items()))

    # condition
    doc.heading(3, "Cooperation condition")
    try:
        cond = model.cooperation_condition()
        if cond.description:
            doc.para(f"Cooperation holds iff {cond.description}:")
        doc.math(cond.latex(), _mathml(cond))
    except DealModelsError as exc:  # pragma: no cover - a model without a closed form
        doc.note(f"No closed-form condition: {exc}")

    # regime at the scenario
    doc.heading(3, "At the scenario's dispositions")
    result = model.solve(None, **entry.values)
    doc.para(
        f"Regime: {result.regime}. {result.explanation}",
        md=f"**Regime: {result.regime}.** {result.explanation}",
    )
    rows = _outputs_table(result)
    if rows:
        doc.table(["output", "value"], rows)
    _frontier(model, entry, doc)
    bar.step(f"{entry.key}: solve")

    # maps
    for j, (x, y) in enumerate(entry.maps):
        fixed = {k: v for k, v in entry.values.items() if k not in (x[0], y[0])}
        rmap = regions(model, x, y, fixed=fixed, resolution=scen.resolution)
        if j == 0:
            doc.heading(3, "Regime maps")
        ax = plot_regions(rmap)
        b = rmap.boundary
        how = {
            "threshold": f"exact boundary {b.solved} {b.direction} t({b.along}), from the "
            "condition",
            "contour": "boundary drawn as a contour of the condition",
            "none": "the condition does not depend on these axes",
        }[b.kind]
        doc.figure(
            ax, f"{entry.key}-map-{j + 1}.png", f"{model.name}: {y[0]} against {x[0]} ({how})"
        )
        if b.kind == "threshold" and b.expression:
            doc.para(
                f"Boundary: {b.solved} {b.direction} {b.expression}",
                md=f"Boundary: ${_tex_name(model, b.solved)} {_tex_op(b.direction)} "
                f"{b.expression}$",
            )
        bar.step(f"{entry.key}: map {j + 1}")

    # uncertainty
    params = model.parameters
    priors = {k: v for k, v in scen.priors.items() if k in params or k in DISPOSITION_FIELDS}
    coop_text = "n/a"
    top = "n/a"
    if priors:
        fed = fed_parameters(model, priors)
        fixed = {k: v for k, v in entry.values.items() if k not in fed}
        doc.heading(3, "Under uncertainty")
        mc = monte_carlo(model, priors, n=scen.monte_carlo_n, seed=scen.seed, fixed=fixed)
        coop_text = str(mc.cooperation)
        doc.figure(
            plot_monte_carlo(mc),
            f"{entry.key}-regimes.png",
            f"{model.name}: probability of each regime under the priors",
        )
        doc.para(f"P(cooperation) = {mc.cooperation} (95% Wilson interval, {mc.n:,} draws).")
        bar.step(f"{entry.key}: monte carlo")
        outputs = ("cooperates", *entry.outputs)
        notes = []
        try:
            sens = sensitivity(
                model, priors, n=scen.sensitivity_n, seed=scen.seed, fixed=fixed, outputs=outputs
            )
        except InvalidParameterError as exc:
            notes.append(f"Continuous outputs skipped: {exc}")
            sens = sensitivity(model, priors, n=scen.sensitivity_n, seed=scen.seed, fixed=fixed)
        idx = sens.indices["cooperates"]
        ranking = idx.ranking()
        if idx.variance == 0:
            notes.append("Cooperation does not vary under these priors: every index is zero.")
        else:
            top = ranking[0]
        doc.heading(3, "Which disposition matters most")
        doc.para(
            "Sobol indices of cooperation (Saltelli 2010 design, Jansen total-index estimator; "
            "± bootstrap 95% half-widths) and one-at-a-time swings of P(cooperation) with each "
            "input at its 10% and 90% prior quantiles."
        )
        tor = sens.tornado["cooperates"]
        rows = []
        unused = []
        for name in ranking:
            i = idx.names.index(name)
            if idx.total[i] == 0 and idx.first_order[i] == 0 and tor.low[i] == tor.high[i]:
                unused.append(name)
                continue
            rows.append(
                [
                    name,
                    f"{idx.total[i]:.3f} ± {idx.total_conf[i]:.3f}",
                    f"{idx.first_order[i]:.3f} ± {idx.first_order_conf[i]:.3f}",
                    f"{tor.low[i]:.3f} → {tor.high[i]:.3f}",
                ]
            )
        if rows:
            doc.table(["input", "total index", "first-order index", "P(coop): low → high"], rows)
        if unused:
            doc.para("No effect in this model (indices and swing exactly 0): " + ", ".join(unused))
        for out in entry.outputs:
            if out in sens.indices:
                o = sens.indices[out]
                doc.para(
                    f"Ranking for {out}: "
                    + ", ".join(f"{n} ({o.total[o.names.index(n)]:.2f})" for n in o.ranking())
                )
        for n in notes:
            doc.note(n)
        if idx.variance > 0:
            doc.figure(
                plot_sobol(sens),
                f"{entry.key}-sobol.png",
                f"{model.name}: Sobol indices of cooperation",
            )
            doc.figure(
                plot_tornado(sens),
                f"{entry.key}-tornado.png",
                f"{model.name}: tornado of P(cooperation)",
            )
        bar.step(f"{entry.key}: sensitivity")
    else:
        bar.step(entry.key)
        bar.step(entry.key)
    return [f"{title}", str(result.regime), coop_text, top]


def _frontier(model: Model, entry: ModelEntry, doc: _Doc) -> None:
    """The bargaining frontier with its solutions, for models whose ``game`` is a
    :class:`~dealmodels.games.bargaining.BargainingProblem`."""
    game = getattr(model, "game", None)
    if not callable(game):
        return
    from dealmodels.games.bargaining import BargainingProblem

    try:
        problem = game(None, **entry.values)
    except (DealModelsError, TypeError, ValueError):
        return  # e.g. no deal exists at the scenario: no bargaining set to draw
    if not isinstance(problem, BargainingProblem):
        return
    from dealmodels.plotting import plot_frontier
    from dealmodels.solvers.bargaining import egalitarian, kalai_smorodinsky, nash_bargaining

    solutions = []
    for solve in (nash_bargaining, kalai_smorodinsky, egalitarian):
        try:
            solutions.append(solve(problem))
        except DealModelsError:  # pragma: no cover - a solver outside its scope
            continue
    doc.figure(
        plot_frontier(problem, solutions),
        f"{entry.key}-frontier.png",
        f"{model.name}: bargaining frontier at the scenario, with the symmetric Nash, "
        "Kalai-Smorodinsky and egalitarian solutions",
    )


def _tex_name(model: Model, name: str) -> str:
    latex = getattr(model.parameters[name], "latex", None)
    return str(latex) if latex else name


def _tex_op(direction: str) -> str:
    return {">=": r"\geq", "<=": r"\leq", ">": ">", "<": "<"}.get(direction, direction)


def _scenario_section(scen: ScenarioFile, doc: _Doc) -> None:
    from dealmodels.models.scenario import Scenario

    doc.heading(2, "All models at once: the composed scenario", "scenario")
    doc.para(
        "dealmodels.models.Scenario composes the takeover decision and negotiated deal (M1, "
        "M2), credibility (M4), monitoring (M5), collusion (M7) and post-takeover value (M9c) "
        "into one regime for the AI, with the Environment built from the scenario file's "
        "[environment] values (defaults for the rest)."
    )
    r = Scenario(scen.disposition, scen.scenario_environment).solve()
    doc.para(
        f"Regime: {r.regime}. {r.explanation}",
        md=f"**Regime: {r.regime}.** {r.explanation}",
    )
    env = scen.scenario_environment.as_dict()
    doc.table(["Environment field", "value"], [[k, _fmt(v)] for k, v in env.items()])
    priors = {k: v for k, v in scen.priors.items() if k in DISPOSITION_FIELDS}
    if priors:
        from dealmodels.analysis import monte_carlo
        from dealmodels.plotting import plot_monte_carlo

        mc = monte_carlo(
            Scenario(scen.disposition, scen.scenario_environment),
            priors,
            n=scen.monte_carlo_n,
            seed=scen.seed,
        )
        doc.para(
            "Under the priors on the dispositions: P(no takeover attempt or collusion) = "
            f"{mc.cooperation} (95% Wilson interval, {mc.n:,} draws)."
        )
        doc.figure(
            plot_monte_carlo(mc),
            "scenario-regimes.png",
            "composed scenario: probability of each regime under the priors",
        )


def _spec_section(scen: ScenarioFile, doc: _Doc, bar: _Bar) -> None:
    from dealmodels.analysis import monte_carlo
    from dealmodels.analysis._priors import fed_parameters

    doc.heading(2, "How important is the spec? Comparing specs", "specs")
    doc.para(
        "If alignment fails, each target disposition of a spec persists only with a probability "
        "set by how it is trained (earliness, frequency, situational awareness needed, tie to "
        "pre-training, honesty conflicts); the rest revert to the misaligned defaults. "
        "Probability of cooperation in each model when the AI's dispositions are drawn this way "
        f"({scen.monte_carlo_n:,} draws per cell, 95% Wilson intervals)."
    )
    for spec in scen.specs:
        probs = spec.persistence_probabilities()
        doc.para(
            f"{spec.name}: targets "
            + (
                ", ".join(
                    f"{k} = {_fmt(getattr(spec.target, k))} (persists {p:.2f})"
                    for k, p in probs.items()
                )
                or "nothing"
            )
        )
    rows = []
    for entry in scen.models:
        model = entry.build(None)
        row = [f"{entry.cls.__name__}"]
        for spec in scen.specs:
            fed = fed_parameters(model, DISPOSITION_FIELDS)
            fixed = {k: v for k, v in entry.values.items() if k not in fed}
            try:
                mc = monte_carlo(model, spec, n=scen.monte_carlo_n, seed=scen.seed, fixed=fixed)
                row.append(str(mc.cooperation))
            except DealModelsError as exc:
                row.append(f"n/a ({exc})")
        rows.append(row)
    doc.table(["model", *(f"P(cooperation) under {s.name}" for s in scen.specs)], rows)
    if scen.scenario_environment is None:
        return
    from dealmodels.dispositions import Spec
    from dealmodels.models.scenario import compare_specs

    baseline = Spec(target=Disposition.misaligned(), name="no spec")
    pairs = [(a, baseline) for a in scen.specs]
    if len(scen.specs) >= 2:
        pairs.insert(0, (scen.specs[0], scen.specs[1]))
    doc.heading(3, "Whole-scenario regimes under each spec (compare_specs)")
    doc.para(
        "Probability of each regime of the composed scenario when the AI's dispositions are "
        "drawn from a spec, against another spec or no spec at all (every disposition at its "
        "misaligned default); differences with Newcombe's hybrid score interval."
    )
    for a, b in pairs:
        c = compare_specs(a, b, scen.scenario_environment, n=scen.monte_carlo_n, seed=scen.seed)
        rows = []
        for reg in c.regimes:
            lo, hi = c.difference_interval[reg]
            rows.append(
                [
                    reg,
                    f"{c.probability_a[reg]:.3f}",
                    f"{c.probability_b[reg]:.3f}",
                    f"{c.difference[reg]:+.3f} [{lo:+.3f}, {hi:+.3f}]",
                ]
            )
        ma, mb = c.mean_developer_payoff
        rows.append(["developer payoff (mean)", f"{ma:.3f}", f"{mb:.3f}", f"{ma - mb:+.3f}"])
        doc.para(f"{a.name} against {b.name}:")
        doc.table(["regime", a.name, b.name, "difference"], rows)
