"""Scenario files: reading and validating the TOML that describes a report (format in
:mod:`dealmodels.report`)."""

from __future__ import annotations

import dataclasses
import inspect
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition
from dealmodels.errors import DealModelsError, InvalidParameterError
from dealmodels.models import model_key, registry
from dealmodels.models._base import Model

if TYPE_CHECKING:
    from dealmodels.dispositions import Spec

__all__ = [
    "ModelEntry",
    "ScenarioError",
    "ScenarioFile",
    "available_models",
    "find_model",
    "load_scenario",
    "model_key",
    "model_options",
]

DEFAULT_SCENARIO = "default_scenario.toml"


class ScenarioError(InvalidParameterError):
    """A scenario file is malformed; the message names the file, the key and what is allowed."""


# -- the model registry ------------------------------------------------------------------------
def available_models() -> dict[str, type[Model]]:
    """Every registered model class by key (:func:`dealmodels.models.registry`)."""
    return registry()


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
    analysis: Mapping[str, int] = field(default_factory=dict)

    def setting(self, scen: ScenarioFile, key: str) -> int:
        """This model's ``resolution``, ``monte_carlo_n`` or ``sensitivity_n``: its own
        ``analysis`` value, else the scenario's."""
        return int(self.analysis.get(key, getattr(scen, key)))

    def build(self, disposition: Disposition | None, world: Any = None) -> Model:
        """The model instance with the scenario's disposition and world."""
        return self.cls(disposition, world=world, **self.options)


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
    scenario_environment : World
        The world: the ``[world]`` (or ``[environment]``) values, defaults for the rest.
    robustness : int
        Alternative worlds and persistence models for the robustness of each spec.
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
    robustness: int = 200


_TOP_KEYS = {
    "title",
    "description",
    "seed",
    "disposition",
    "world",
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
    "robustness": (0, 10**5),
}


def _analysis_settings(
    label: str, where: str, analysis: object, *, own: bool = False
) -> dict[str, int]:
    """The ``[analysis]`` table, or a model's own ``analysis`` (``own``: no robustness)."""
    keys = {k: r for k, r in _ANALYSIS_KEYS.items() if not (own and k == "robustness")}
    if not isinstance(analysis, dict):
        raise _err(label, where, f"must be a table of {', '.join(keys)}; got {analysis!r}")
    settings: dict[str, int] = {}
    for key, value in analysis.items():
        if key not in keys:
            raise _err(label, where, f"unknown key {key!r}; allowed: {', '.join(keys)}")
        lo, hi = keys[key]
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise _err(
                label, where, f"{key} must be an integer in [{lo}, {hi}]; got {key}={value!r}"
            )
        settings[key] = value
    return settings


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
    (0.6, ['scenario', 'takeover-decision'])
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

    if "world" in data and "environment" in data:
        raise _err(label, "", "give the world's values in [world] or in [environment], not both")
    env_key = "environment" if "environment" in data else "world"
    env_table = _table(label, data, env_key)
    env_fields = _environment_fields()
    environment: dict[str, float] = {}
    for key, value in env_table.items():
        if key not in known_params and key not in env_fields:
            allowed = sorted(set(known_params) | set(env_fields))
            raise _err(
                label,
                env_key,
                f"unknown parameter {key!r}; allowed: parameters of the models and of the "
                f"Scenario's Environment ({', '.join(allowed)})",
            )
        if isinstance(env_fields.get(key), int) and not (
            isinstance(value, int) and not isinstance(value, bool)
        ):
            raise _err(label, env_key, f"{key} must be an integer; got {key}={value!r}")
        environment[key] = _number(label, env_key, key, value)
    scenario_env = None
    if env_fields:
        from dealmodels.world import World

        env_kwargs: dict[str, Any] = {
            k: int(v) if isinstance(env_fields[k], int) else v
            for k, v in environment.items()
            if k in env_fields
        }
        try:
            scenario_env = World(**env_kwargs)
        except DealModelsError as exc:
            raise _err(label, env_key, str(exc)) from None

    priors, prior_text = _parse_priors(label, _table(label, data, "priors"), known_params)

    settings = _analysis_settings(label, "analysis", _table(label, data, "analysis"))

    raw_models = data.get("models", [])
    if not isinstance(raw_models, list):
        raise _err(
            label, "", f"models must be an array of tables ([[models]]); got {raw_models!r}"
        )
    entries = tuple(
        _parse_model(label, i, m, registry, environment, disposition)
        for i, m in enumerate(raw_models)
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
    disposition: Disposition,
) -> ModelEntry:
    where = f"models[{i}]"
    if not isinstance(raw, dict):
        raise _err(label, where, f"must be a table; got {raw!r}")
    allowed = {"model", "options", "values", "maps", "outputs", "analysis"}
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
        model = cls(disposition, **options)
        result = model.solve(None, **values)  # fails here, before any work, if it would later
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
    known_outputs = numeric_outputs(result)
    if not isinstance(outputs, list) or not all(isinstance(o, str) for o in outputs):
        raise _err(
            label,
            where,
            f"outputs must be a list of output names ({', '.join(known_outputs) or 'none'}); "
            f"got outputs={outputs!r}",
        )
    for o in outputs:
        if o not in known_outputs:
            raise _err(
                label,
                where,
                f"outputs: unknown output {o!r}; allowed: {', '.join(known_outputs) or 'none'}",
            )
    analysis = _analysis_settings(label, f"{where} analysis", raw.get("analysis", {}), own=True)
    return ModelEntry(key, cls, dict(options), values, tuple(maps), tuple(outputs), analysis)


def numeric_outputs(result: Any) -> dict[str, float]:
    """The scalar numeric outputs of a model's result (its fields beyond
    :class:`~dealmodels.models._base.ModelResult`'s), by name."""
    from dealmodels.models._base import ModelResult

    base = {f.name for f in dataclasses.fields(ModelResult)}
    out: dict[str, float] = {}
    for f in dataclasses.fields(result):
        v = getattr(result, f.name)
        if f.name in base or isinstance(v, bool | np.bool_):
            continue
        if np.ndim(v) == 0 and isinstance(v, int | float | np.integer | np.floating):
            out[f.name] = float(v)
    return out


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
