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

# same name, different symbol in two models: known cases in files owned elsewhere (the composed
# scenario and RevelationDeal); a new inconsistency fails test_one_symbol_per_name
KNOWN_SYMBOL_CLASHES = {
    ("trust", "scenario"),  # \tau there, q in the component models
    ("corrigibility", "scenario"),  # \kappa_c there, K_c elsewhere
    ("promise_keeping", "revelation-deal"),  # h there, \kappa elsewhere
}


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


def test_one_symbol_per_name() -> None:
    symbols: dict[str, dict[str, str]] = defaultdict(dict)
    for key, cls in MODELS.items():
        for p in cls().parameters.values():
            symbols[p.name][key] = str(p.latex)
    clashes = set()
    for name, per_model in symbols.items():
        common = max(set(per_model.values()), key=list(per_model.values()).count)
        clashes |= {(name, k) for k, s in per_model.items() if s != common}
    assert clashes <= KNOWN_SYMBOL_CLASHES, sorted(clashes - KNOWN_SYMBOL_CLASHES)


def test_fallback_is_detected() -> None:
    # the check above would catch a model that forgot a symbol
    assert _fallback(Parameter(name="audit_cost"))
    assert _fallback(Parameter(name="audit_cost", latex=r"\mathit{audit\_cost}"))
    assert not _fallback(Parameter(name="audit_cost", latex="e"))
    assert not _fallback(Parameter(name="p", latex="p"))
    assert _fallback(Parameter(name="p"))
