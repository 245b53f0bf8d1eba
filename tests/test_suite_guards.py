"""Guards on the test suite itself (issue 18's mutation run: a planted pointer loop in the
.efg reader made every read hang, and no test failed because nothing timed out)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def test_every_test_has_a_timeout(pytestconfig: pytest.Config) -> None:
    # pytest-timeout is active and the project configures a finite per-test limit
    assert pytestconfig.pluginmanager.hasplugin("timeout")
    limit = float(pytestconfig.getini("timeout"))
    assert 0 < limit <= 600


def test_a_hanging_test_fails_by_name(tmp_path: Path) -> None:
    # the mechanism itself: a test that never ends is reported as a timeout failure
    (tmp_path / "test_hang.py").write_text(
        textwrap.dedent(
            """
            import time

            def test_never_ends():
                while True:
                    time.sleep(0.05)
            """
        ),
        encoding="utf-8",
    )
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "timeout=1",
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_hang.py"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert r.returncode == 1, r.stdout + r.stderr
    out = r.stdout + r.stderr
    assert "Timeout" in out
    assert "test_never_ends" in out
