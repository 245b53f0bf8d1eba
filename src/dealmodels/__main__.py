"""``python -m dealmodels``: the ``dealmodels`` command line (see :mod:`dealmodels.cli`)."""

from __future__ import annotations

from dealmodels.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
