"""The package's layering, read from the source: games below solvers, no private names
crossing subpackages, and one copy of the number-kind helpers."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import dealmodels

SRC = Path(dealmodels.__file__).parent

# (importing module, imported module, name): private imports across subpackages that are
# accepted, each with its reason. Keep this empty where possible.
ALLOWED_PRIVATE: set[tuple[str, str, str]] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _subpackage(module: str, *, is_package: bool = False) -> str:
    """``dealmodels.games.bargaining`` -> ``games``; modules of the root package -> ``""``."""
    parts = module.split(".")
    if is_package:
        return parts[1] if len(parts) > 1 else ""
    return parts[1] if len(parts) > 2 else ""


def _is_subpackage(module: str) -> bool:
    return (SRC.parent / Path(*module.split(".")) / "__init__.py").exists()


def _imports(
    tree: ast.Module, module: str, is_package: bool
) -> Iterator[tuple[ast.stmt, str, str]]:
    """Every ``(statement, imported module, imported name)`` in the file, at any depth."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                yield node, target, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                head, _, last = alias.name.rpartition(".")
                yield node, head, last


def _sources() -> list[tuple[Path, str, bool, ast.Module]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        module = _module_name(path)
        out.append((path, module, path.name == "__init__.py", ast.parse(path.read_text())))
    return out


SOURCES = _sources()


def test_the_scan_sees_the_package() -> None:
    modules = {m for _, m, _, _ in SOURCES}
    assert {"dealmodels.games.normal_form", "dealmodels.solvers.nash", "dealmodels"} <= modules


def test_games_never_import_solvers() -> None:
    # the representations sit below the solvers: not even a lazy import inside a method
    # (the two cycles this guards against, normal_form <-> the solvers' expected payoffs and
    # bargaining <-> the ideal point, were both lazy imports)
    found = [
        f"{module}:{node.lineno} imports {target}.{name}"
        for _, module, is_pkg, tree in SOURCES
        if module.startswith("dealmodels.games")
        for node, target, name in _imports(tree, module, is_pkg)
        if target == "dealmodels.solvers"
        or target.startswith("dealmodels.solvers.")
        or (target == "dealmodels" and name == "solvers")
    ]
    assert found == []


def _private_crossings(
    sources: list[tuple[Path, str, bool, ast.Module]] = SOURCES,
) -> list[tuple[str, str, str, int]]:
    out = []
    for _, module, is_pkg, tree in sources:
        own = _subpackage(module, is_package=is_pkg)
        for node, target, name in _imports(tree, module, is_pkg):
            if target != "dealmodels" and not target.startswith("dealmodels."):
                continue
            full = f"{target}.{name}"
            theirs = _subpackage(target, is_package=_is_subpackage(target))
            if theirs == own:
                continue
            # a private component of the path below the root package: a private module of
            # another subpackage, or a private name of one of its modules
            below = full.split(".")[2 if theirs else 1 :]
            if theirs and any(p.startswith("_") and not p.startswith("__") for p in below):
                private = [p for p in below if p.startswith("_") and not p.startswith("__")]
                # public names of another subpackage's private module are its business
                if name.startswith("_") or private[-1] == name:
                    out.append((module, target, name, node.lineno))
            elif not theirs and name.startswith("_") and not name.startswith("__"):
                # a private name of a root module (the root's private modules, such as
                # _validation, are shared by every subpackage; their private names are not)
                out.append((module, target, name, node.lineno))
    return out


def test_no_private_name_crosses_a_subpackage() -> None:
    crossings = _private_crossings()
    bad = [c for c in crossings if c[:3] not in ALLOWED_PRIVATE]
    assert bad == [], "\n".join(f"{m}:{line} imports {t}.{n}" for m, t, n, line in bad)
    # every allowance is still needed (remove it once the import is gone)
    assert {c[:3] for c in crossings} == ALLOWED_PRIVATE


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("from dealmodels.solvers.bargaining import _ideal_point", True),
        ("from dealmodels.solvers._common import expected_payoffs", False),
        ("from dealmodels.solvers import _common", True),
        ("from dealmodels._validation import fail", False),
        ("from dealmodels._validation import _fmt", True),
        ("import dealmodels.solvers._common", True),
        ("from dealmodels.games.bargaining import BargainingProblem", False),
    ],
)
def test_the_private_rule_flags_what_it_should(source: str, flagged: bool) -> None:
    # the rule itself, on a module of the io subpackage importing from elsewhere
    fake = (SRC / "io" / "fake.py", "dealmodels.io.fake", False, ast.parse(source))
    assert bool(_private_crossings([fake])) == flagged


def test_one_copy_of_the_number_kind_helpers() -> None:
    # sympy detection and exact conversion live in dealmodels._numbers only
    patterns = {
        "sympy detection": re.compile(r"__module__\.startswith\(\s*[\"']sympy"),
        "sympy Rational -> Fraction": re.compile(r"Fraction\(\s*int\(\s*\w+\.p\s*\)"),
        "Fraction -> sympy Rational": re.compile(r"Rational\(\s*\w+\.numerator"),
        "a local _is_sympy": re.compile(r"def _is_sympy\b"),
    }
    found = [
        f"{path.relative_to(SRC)}: {what}"
        for path, module, _, _ in SOURCES
        if module != "dealmodels._numbers"
        for what, pattern in patterns.items()
        if pattern.search(path.read_text())
    ]
    assert found == []


# -- private attributes of the games' objects ----------------------------------------------
# (importing module, private attribute): reads of a representation's private attributes from
# another subpackage that are accepted, each with its reason. Keep this empty where possible.
ALLOWED_PRIVATE_ATTRIBUTES: set[tuple[str, str]] = set()


def _games_private_names() -> set[str]:
    """The private methods, slots and annotated attributes of the classes in ``games``."""
    names: set[str] = set()
    for _, module, _, tree in SOURCES:
        if not module.startswith("dealmodels.games"):
            continue
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for item in cls.body:
                found: list[str] = []
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    found = [item.name]
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    found = [item.target.id]
                elif isinstance(item, ast.Assign):
                    for target in item.targets:
                        if isinstance(target, ast.Name) and target.id == "__slots__":
                            found = [
                                e.value
                                for e in ast.walk(item.value)
                                if isinstance(e, ast.Constant) and isinstance(e.value, str)
                            ]
                names |= {n for n in found if n.startswith("_") and not n.startswith("__")}
    return names


GAMES_PRIVATE = _games_private_names()


def _private_attribute_reads(
    sources: list[tuple[Path, str, bool, ast.Module]] = SOURCES,
) -> list[tuple[str, str, int]]:
    """``x._name`` outside ``games`` where ``_name`` is private to a class of ``games``
    (``self._name`` and ``cls._name`` are a class's own business)."""
    out = []
    for _, module, is_pkg, tree in sources:
        if _subpackage(module, is_package=is_pkg) == "games":
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in GAMES_PRIVATE
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            ):
                out.append((module, node.attr, node.lineno))
    return out


def test_the_games_private_names_are_found() -> None:
    # the tree's storage, its trusted constructor and the normal form's are among them
    assert {"_label_table", "_infoset_names", "_check_node"} <= GAMES_PRIVATE


def test_no_private_attribute_of_a_game_is_read_from_another_subpackage() -> None:
    reads = _private_attribute_reads()
    bad = [r for r in reads if r[:2] not in ALLOWED_PRIVATE_ATTRIBUTES]
    assert bad == [], "\n".join(f"{m}:{line} reads ._{a[1:]}" for m, a, line in bad)
    unused = ALLOWED_PRIVATE_ATTRIBUTES - {r[:2] for r in reads}
    assert not unused, f"remove {unused} from ALLOWED_PRIVATE_ATTRIBUTES: no longer read"


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("NormalFormGame._check_players(players=(), n=2)", True),
        ("tree._label_table", True),
        ("x = tree.label_table", False),
        ("self._label_table", False),
    ],
)
def test_the_attribute_rule_flags_what_it_should(source: str, flagged: bool) -> None:
    fake = (SRC / "io" / "fake.py", "dealmodels.io.fake", False, ast.parse(source))
    assert bool(_private_attribute_reads([fake])) == flagged
