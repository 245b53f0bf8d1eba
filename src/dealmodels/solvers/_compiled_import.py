"""Importing an optional compiled (numba) kernel: one rule for every kernel that has one."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Literal


def import_compiled(
    module: str, what: str, variable: str, *, required: bool
) -> ModuleType | Literal[False]:
    """Import the compiled kernel ``module``; ``False`` where numba cannot be imported.

    With ``required`` (the kernel was asked for by name, ``variable=numba``) a missing numba
    is an ``ImportError`` that names the kernel and says how to install it.
    """
    try:
        return importlib.import_module(module)
    except ImportError as err:
        if required:
            raise ImportError(
                f"{variable}=numba asks for the compiled {what} kernel, but numba cannot be "
                f"imported ({err}); pip install dealmodels[fast]"
            ) from err
        return False
