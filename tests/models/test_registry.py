"""The model registry is public in ``dealmodels.models``; the report and the CLI read it."""

from __future__ import annotations

import re

import pytest

import dealmodels.models as models
from dealmodels.models import model_key, registry


def test_registry_is_public_and_keyed_by_model_key() -> None:
    assert "registry" in models.__all__
    reg = registry()
    assert len(reg) >= 14
    for key, cls in reg.items():
        assert key == model_key(cls)
        assert issubclass(cls, models.Model)
    reg.clear()  # a fresh dict each call: the caller cannot damage the registry
    assert registry()


def test_report_reads_the_registry() -> None:
    from dealmodels.report import available_models

    assert available_models() == registry()


def test_cli_lists_the_registry_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    from dealmodels.cli import main

    assert main(["models"]) == 0
    out = capsys.readouterr().out
    listed = [k for k in re.findall(r"^(\S+)", out, flags=re.M) if k in registry()]
    assert listed == list(registry())
