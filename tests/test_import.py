"""The public namespace: lazy imports and a complete ``__all__``."""

from __future__ import annotations

import subprocess
import sys

import pytest

import dealmodels as dm


def test_import_is_light() -> None:
    code = (
        "import sys, dealmodels\n"
        "heavy = [m for m in ('sympy', 'nashpy', 'scipy', 'matplotlib', 'networkx', 'pandas',"
        " 'hypothesis', 'dask') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_all_names_resolve() -> None:
    for name in dm.__all__:
        assert getattr(dm, name) is not None, name


def test_lazy_names_are_exported() -> None:
    assert set(dm._LAZY) <= set(dm.__all__)


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        dm.no_such_name  # noqa: B018
