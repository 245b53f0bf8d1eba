"""Exact reading of files with many distinct numbers (past the number-text cache): the same
Fractions, and a bad token after the cache has filled is still reported at its line."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from dealmodels import NormalFormGame
from dealmodels.errors import InvalidGameError
from dealmodels.io.gambit import read_gambit, write_gambit


def test_many_distinct_decimals_read_exactly(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    game = NormalFormGame.from_bimatrix(rng.random((70, 70)), -rng.random((70, 70)) * 1e-3)
    path = tmp_path / "many.nfg"
    write_gambit(game, path)
    exact = read_gambit(path)
    assert exact.kind == "exact"
    # each payoff is the Fraction of the decimal text written, which rounds back to the float
    for a, b in zip(exact.payoffs, game.payoffs, strict=True):
        assert all(type(v) is Fraction for v in a.flat)
        assert np.array_equal(np.array([float(v) for v in a.flat]).reshape(a.shape), b)
        assert all(v == Fraction(repr(float(w))) for v, w in zip(a.flat, b.flat, strict=True))


def test_a_bad_token_past_the_cache_names_its_line(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    game = NormalFormGame.from_bimatrix(rng.random((70, 70)), rng.random((70, 70)))
    path = tmp_path / "bad.nfg"
    write_gambit(game, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    k = len(lines) - 5
    lines[k] = lines[k] + " 0.5x"  # a token that is not a number, after ~9,800 numbers
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InvalidGameError, match=rf"at line {k + 1}, token '0.5x'"):
        read_gambit(path)
