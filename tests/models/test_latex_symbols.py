"""Every parameter of every registered model prints with its own LaTeX symbol.

Without a ``latex`` a parameter prints as :func:`~dealmodels.symbolic.latex_name`'s fallback
(``\\mathit{audit\\_cost}``), which the report would show; so every model sets one.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from dealmodels.models import registry
from dealmodels.symbolic import Parameter, latex_name

MODELS = registry()


def _fallback(p: Parameter) -> bool:
    """No symbol, or the word fallback (a one-letter name is its own symbol, e.g. ``p``)."""
    if not p.latex or p.latex.startswith(r"\mathit"):
        return True
    return len(p.name) > 1 and p.latex == latex_name(p.name)


@pytest.mark.parametrize("key", list(MODELS))
def test_every_parameter_sets_a_latex_symbol(key: str) -> None:
    m = MODELS[key]()
    missing = [p.name for p in m.parameters.values() if _fallback(p)]
    assert not missing, f"{key}: parameters without a LaTeX symbol: {missing}"


@pytest.mark.parametrize("key", list(MODELS))
def test_symbols_are_distinct_within_a_model(key: str) -> None:
    m = MODELS[key]()
    by_symbol: dict[str, list[str]] = defaultdict(list)
    for p in m.parameters.values():
        by_symbol[str(p.latex)].append(p.name)
    shared = {s: names for s, names in by_symbol.items() if len(names) > 1}
    assert not shared, f"{key}: one symbol for several parameters: {shared}"


@pytest.mark.parametrize("key", list(MODELS))
def test_condition_prints_no_fallback_name(key: str) -> None:
    cond = MODELS[key]().cooperation_condition()
    for name, p in cond.parameters.items():
        assert not _fallback(p), f"{key}: condition parameter {name} has no symbol"
    assert r"\mathit" not in cond.latex()


def _symbols_by_name() -> dict[str, dict[str, str]]:
    """Parameter name -> {model key: its LaTeX symbol}, over every registered model."""
    symbols: dict[str, dict[str, str]] = defaultdict(dict)
    for key, cls in MODELS.items():
        for p in cls().parameters.values():
            symbols[p.name][key] = str(p.latex)
    return symbols


def _names_with_several_symbols(symbols: dict[str, dict[str, str]]) -> dict[str, set[str]]:
    return {n: set(pm.values()) for n, pm in symbols.items() if len(set(pm.values())) > 1}


def _symbols_with_several_names(symbols: dict[str, dict[str, str]]) -> dict[str, set[str]]:
    names: dict[str, set[str]] = defaultdict(set)
    for name, per_model in symbols.items():
        for sym in per_model.values():
            names[sym].add(name)
    return {sym: ns for sym, ns in names.items() if len(ns) > 1}


def test_one_symbol_per_name() -> None:
    # a quantity prints with the same symbol in every model (the scenario's dispositions too)
    clashes = _names_with_several_symbols(_symbols_by_name())
    assert not clashes, clashes


def test_one_name_per_symbol() -> None:
    # a symbol means one quantity across the package (tests/test_symbol_vocabulary.py checks
    # the world table and the dispositions the same way)
    shared = _symbols_with_several_names(_symbols_by_name())
    assert not shared, shared


def test_the_symbol_checks_see_a_clash() -> None:
    # the previous clashes (trust as tau in the scenario, honesty as h in RevelationDeal)
    symbols = {
        "trust": {"scenario": r"\tau", "takeover-decision": "q"},
        "promise_keeping": {"revelation-deal": "h"},
        "nuisance": {"monitoring-game": "h"},
        "p": {"takeover-decision": "p", "collusion": "p"},
    }
    assert _names_with_several_symbols(symbols) == {"trust": {r"\tau", "q"}}
    assert _symbols_with_several_names(symbols) == {"h": {"promise_keeping", "nuisance"}}


def test_fallback_is_detected() -> None:
    # the check above would catch a model that forgot a symbol
    assert _fallback(Parameter(name="audit_cost"))
    assert _fallback(Parameter(name="audit_cost", latex=r"\mathit{audit\_cost}"))
    assert not _fallback(Parameter(name="audit_cost", latex="e"))
    assert not _fallback(Parameter(name="p", latex="p"))
    assert _fallback(Parameter(name="p"))
