"""One LaTeX symbol, one quantity: the world table, the dispositions and every model's parameters.

The vocabulary is :data:`dealmodels.world.WORLD_FIELDS` (one symbol per world quantity) and
:data:`dealmodels.dispositions.DISPOSITION_SYMBOLS` (one per disposition). Within it no symbol
may name two quantities, and every registered model prints a world quantity or a disposition
with the vocabulary's symbol; a model's own parameters (and derived quantities such as the
discount) may not take a symbol the vocabulary gives to something else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import pytest

from dealmodels.dispositions import DISPOSITION_FIELDS, DISPOSITION_SYMBOLS
from dealmodels.models import registry
from dealmodels.symbolic import display_name
from dealmodels.world import WORLD_FIELDS

MODELS = registry()

#: (kind, name) -> LaTeX symbol, the package's vocabulary
VOCABULARY: dict[tuple[str, str], str] = {
    **{("world", f.name): f.latex for f in WORLD_FIELDS},
    **{("disposition", name): sym for name, sym in DISPOSITION_SYMBOLS.items()},
}


def shared_symbols(vocabulary: Mapping[tuple[str, str], str]) -> dict[str, set[tuple[str, str]]]:
    """Symbols that name more than one quantity of ``vocabulary``."""
    by_symbol: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, sym in vocabulary.items():
        by_symbol[sym].add(key)
    return {sym: keys for sym, keys in by_symbol.items() if len(keys) > 1}


def model_symbol_errors(
    vocabulary: Mapping[tuple[str, str], str],
    params: Iterable[tuple[str, str, str | None, str]],
) -> list[str]:
    """What is wrong with model parameters ``(model, name, disposition, latex)``.

    A parameter named like a world quantity, or a disposition read under its own name, must
    print with the vocabulary's symbol; any other parameter must not use a vocabulary symbol.
    """
    world = {name: sym for (kind, name), sym in vocabulary.items() if kind == "world"}
    dispositions = {n: s for (kind, n), s in vocabulary.items() if kind == "disposition"}
    owner = {sym: key for key, sym in vocabulary.items()}
    errors = []
    for model, name, disposition, latex in params:
        if name in world:
            want: str | None = world[name]
        elif disposition == name and name in dispositions:
            want = dispositions[name]
        else:
            want = None
        if want is not None and latex != want:
            errors.append(f"{model}: {name} prints as {latex!r}, the vocabulary says {want!r}")
        elif want is None and latex in owner:
            errors.append(f"{model}: {name} prints as {latex!r}, the symbol of {owner[latex]}")
    return errors


def _model_parameters() -> list[tuple[str, str, str | None, str]]:
    out = []
    for key, cls in MODELS.items():
        model = cls()
        params = {**model.parameters, **model.cooperation_condition().parameters}
        for name, p in params.items():
            out.append((key, name, p.disposition, str(p.latex)))
    return out


def test_the_vocabulary_covers_every_field() -> None:
    assert set(DISPOSITION_SYMBOLS) == set(DISPOSITION_FIELDS)
    assert len(VOCABULARY) == len(WORLD_FIELDS) + len(DISPOSITION_FIELDS)
    assert all(sym and not sym.startswith(r"\mathit") for sym in VOCABULARY.values())


def test_one_quantity_per_symbol_in_the_vocabulary() -> None:
    assert shared_symbols(VOCABULARY) == {}


def test_models_print_the_vocabulary_symbols() -> None:
    assert model_symbol_errors(VOCABULARY, _model_parameters()) == []


def test_every_symbol_has_a_display_name() -> None:
    # the report's MathML prints display_name, not the TeX; a symbol it cannot read falls back
    # to the parameter's name in words ("reservation max" for r_{\max})
    words = sorted(
        (name, latex)
        for _, name, _, latex in _model_parameters()
        if len(name) > 1 and display_name(name, latex) == name.replace("_", " ")
    )
    assert words == []


@pytest.mark.parametrize(
    ("latex", "shown"),
    [
        ("p", "p"),
        ("K_c", "K_c"),
        (r"x_{\max}", "x_max"),
        ("d'_0", "d\u2032_0"),
        (r"\Delta_T", "\u0394_T"),
        (r"\lambda_H", "\u03bb_H"),
        (r"\eta", "\u03b7"),
        (r"\mathit{audit\_cost}", "audit cost"),  # not a symbol: the words
    ],
)
def test_display_names(latex: str, shown: str) -> None:
    assert display_name("audit_cost", latex) == shown


# -- the checks see a clash --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("vocabulary", "expected"),
    [
        (  # the clashes this test was written for
            {("world", "prior_misaligned"): r"\mu", ("disposition", "myopia"): r"\mu"},
            {r"\mu": {("world", "prior_misaligned"), ("disposition", "myopia")}},
        ),
        (
            {("world", "penalty"): "f", ("world", "audit_budget"): "f", ("world", "p"): "p"},
            {"f": {("world", "penalty"), ("world", "audit_budget")}},
        ),
        ({("world", "p"): "p", ("disposition", "trust"): "q"}, {}),
    ],
)
def test_shared_symbols_are_found(
    vocabulary: dict[tuple[str, str], str], expected: dict[str, set[tuple[str, str]]]
) -> None:
    assert shared_symbols(vocabulary) == expected


def test_model_symbol_errors_are_found() -> None:
    vocabulary = {("world", "p"): "p", ("disposition", "trust"): "q"}
    assert (
        model_symbol_errors(vocabulary, [("m", "p", None, "p"), ("m", "trust", "trust", "q")])
        == []
    )
    # a world quantity with another symbol, a disposition with another symbol
    assert len(model_symbol_errors(vocabulary, [("m", "p", None, "P")])) == 1
    assert len(model_symbol_errors(vocabulary, [("m", "trust", "trust", r"\tau")])) == 1
    # a model's own quantity (or a derived one) under a vocabulary symbol
    errors = model_symbol_errors(vocabulary, [("m", "discount", "trust", "q")])
    assert errors == ["m: discount prints as 'q', the symbol of ('disposition', 'trust')"]
