"""One symbol per disposition across the package (dispositions.DISPOSITION_SYMBOLS)."""

from __future__ import annotations

import pytest

from dealmodels.dispositions import DISPOSITION_FIELDS, DISPOSITION_SYMBOLS
from dealmodels.models import registry


def test_every_field_has_one_distinct_symbol() -> None:
    assert set(DISPOSITION_SYMBOLS) == set(DISPOSITION_FIELDS)
    assert len(set(DISPOSITION_SYMBOLS.values())) == len(DISPOSITION_SYMBOLS)


@pytest.mark.parametrize("key", sorted(registry()))
def test_models_print_a_disposition_with_its_symbol(key: str) -> None:
    for name, p in registry()[key]().parameters.items():
        if p.disposition == name and name in DISPOSITION_SYMBOLS:
            assert p.latex == DISPOSITION_SYMBOLS[name], (key, name, p.latex)
