"""Every registered model with a declared game: its closed form against the derived regime.

A :class:`~dealmodels.models.declared.ClosedFormModel` keeps a hand-written ``solve`` and
declares its game once (a :class:`~dealmodels.models.declared.Declaration`); its cooperation
condition is derived from the declaration. This harness, parametrised over the model registry,
compares each such model's ``solve`` (the declaration's fast path ``closed_form``) with the
regime derived from the declared tree on 1,000 points of the whole domain (10,000 under the
``slow`` marker: ``python -m pytest -m slow tests/models/test_declared_builtins.py``), edges
0, 1e-300, 1, 1e300 and inf included, with the model's default construction options (each
model's own declared-game test covers the others, e.g. every utility family of the takeover
decision in ``tests/models/test_takeover_declared.py``). The engine's side
(``subgame_perfect`` of ``game(...)``) is in ``tests/models/test_engine_harness.py``.
"""

from __future__ import annotations

import numpy as np
import pytest

from dealmodels.models import registry
from dealmodels.models.declared import ClosedFormModel, Declaration

DECLARED = {k: c for k, c in registry().items() if issubclass(c, ClosedFormModel)}


def test_the_declared_models_are_the_expected_ones() -> None:
    # a model converted to a declaration appears here; one that loses it fails this test
    assert "takeover-decision" in DECLARED
    for cls in DECLARED.values():
        assert issubclass(cls.declaration, Declaration)
        assert cls.declaration.of is cls
        assert cls.declaration.regimes == cls.regimes


def _check(key: str, n: int) -> None:
    model = DECLARED[key]()
    decl = model.declared()
    (check,) = decl.check_fast_paths(n, seed=1)
    assert check.name == "closed_form"
    assert check.disagreements == 0, (key, check.example)
    assert check.points > 0.5 * n, check  # not vacuous
    # the model's cooperates is the declaration's cooperative regimes
    r = model.solve()
    assert bool(r.cooperates) == (r.regime in decl.cooperative)


@pytest.mark.parametrize("key", sorted(DECLARED))
def test_closed_form_is_the_declared_game(key: str) -> None:
    _check(key, 1_000)


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(DECLARED))
def test_closed_form_is_the_declared_game_on_10k_points(key: str) -> None:
    _check(key, 10_000)


@pytest.mark.parametrize("key", sorted(DECLARED))
def test_condition_and_tree_come_from_the_declaration(key: str) -> None:
    model = DECLARED[key]()
    decl = model.declared()
    assert model.cooperation_condition().expr == decl.cooperation_condition().expr
    assert model.tree().free_symbols <= {p.symbol for p in model.parameters.values()}
    for regime in model.regimes:
        cond = model.regime_condition(regime)
        values = model.resolve()
        held = cond.holds(**{k: values[k] for k in cond.parameters})
        assert held == (model.solve().regime == regime)
    assert np.ndim(model.solve().regime_code) == 0
