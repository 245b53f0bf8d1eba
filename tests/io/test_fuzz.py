"""Garbage fed to the Gambit file readers: a clear error (or a game), fast, never a crash.

Valid ``.nfg`` and ``.efg`` files (written from random games) are cut off, overwritten with
random bytes, given huge headers, or replaced by random bytes; ``read_gambit`` must then
return a game or raise ``InvalidGameError`` (a ``ValueError``) naming the file, within one
second of CPU time per megabyte (one second at least; CPU time, not wall time, so that other
work on a shared machine does not count). Marked slow; ``HYPOTHESIS_PROFILE=slow`` runs a
thousand examples.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dealmodels import GameTree, NormalFormGame
from dealmodels.errors import InvalidGameError
from dealmodels.games.extensive_form import decision
from dealmodels.io.gambit import read_gambit, write_gambit
from dealmodels.strategies import normal_form_games

pytestmark = pytest.mark.slow


def _tree(depth: int, seed: int) -> GameTree:
    rng = np.random.default_rng(seed)
    leaves = iter(rng.integers(-9, 10, size=(2**depth, 2)).tolist())

    def node(d: int, p: int) -> object:
        if d == 0:
            return tuple(next(leaves))
        return decision(("A", "B")[p], {"L": node(d - 1, 1 - p), "R": node(d - 1, 1 - p)})

    return GameTree.build(["A", "B"], node(depth, 0))  # type: ignore[arg-type]


@st.composite
def valid_files(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        game = draw(normal_form_games(max_players=3, max_actions=4))
        if game.kind == "symbolic":
            game = NormalFormGame([np.zeros(game.shape)] * game.n_players)
        fmt = draw(st.sampled_from(["payoffs", "outcomes"]))
        return write_gambit(game, format=fmt).encode("utf-8")
    tree = _tree(draw(st.integers(1, 5)), draw(st.integers(0, 100)))
    return write_gambit(tree).encode("utf-8")


@st.composite
def garbled(draw: st.DrawFn) -> bytes:
    data = draw(valid_files())
    how = draw(st.sampled_from(["truncate", "overwrite", "insert", "header", "random"]))
    if how == "truncate":
        return data[: draw(st.integers(0, len(data) - 1))]
    if how == "overwrite":
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 5))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
        return bytes(out)
    if how == "insert":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=20)) + data[at:]
    if how == "header":
        big = draw(st.sampled_from(["1000000", "99999999999999999999", "4294967297"]))
        head = draw(st.sampled_from([f"{{ {big} {big} }}", f"{{ {big} }}", f"{{ 2 {big} }}"]))
        players = '{ "a" "b" }' if head.count(" ") > 3 else '{ "a" }'
        return f'NFG 1 R "" {players} {head}\n1 2 3 4\n'.encode()
    return draw(st.binary(max_size=200))


def _check(path: Path) -> None:
    size_mb = path.stat().st_size / 1e6
    t0 = time.process_time()
    error: InvalidGameError | None = None
    try:
        result = read_gambit(path)
    except InvalidGameError as exc:
        error = exc
    if error is None:
        assert isinstance(result, NormalFormGame | GameTree)
    else:
        assert isinstance(error, ValueError)
        assert str(path) in str(error), str(error)
    elapsed = time.process_time() - t0
    assert elapsed < max(1.0, size_mb), f"{elapsed:.2f} CPU s for {size_mb:.2f} MB"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=garbled())
def test_garbage_gives_a_clear_error_fast(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.nfg"
    path.write_bytes(data)
    _check(path)


@pytest.mark.parametrize("kind", ["nfg", "efg"])
@pytest.mark.parametrize("cut", [0.5, 0.999])
def test_large_cut_off_files_fail_fast(kind: str, cut: float, tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    if kind == "nfg":
        game = NormalFormGame([rng.random((300, 400)), rng.random((300, 400))])
        text = write_gambit(game)
    else:
        text = write_gambit(_tree(15, 2))
    data = text.encode("utf-8")
    assert len(data) > 1_000_000
    path = tmp_path / f"big.{kind}"
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(InvalidGameError, match=r"line \d+"):
        read_gambit(path)
    _check(path)
