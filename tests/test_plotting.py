"""Plots: draw_tree (game trees with the equilibrium path)."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pytest

import dealmodels as dm
from dealmodels.errors import InvalidParameterError
from dealmodels.plotting import draw_tree

mpl.use("Agg")


def m4() -> dm.GameTree:
    return dm.GameTree.build(
        ["developer", "AI"],
        dm.decision(
            "developer",
            {
                "offer": dm.decision(
                    "AI",
                    {
                        "work": dm.decision("developer", {"honour": (8, 2), "renege": (7, 0)}),
                        "outside": (1, 2),
                    },
                ),
                "no offer": (1, 2),
            },
        ),
    )


def pennies() -> dm.GameTree:
    return dm.GameTree.build(
        ["1", "2"],
        dm.decision(
            "1",
            {
                "out": (F(1, 2), 0),
                "in": dm.chance(
                    {
                        "a": (
                            F(1, 2),
                            dm.decision(
                                "1",
                                {
                                    "H": dm.decision(
                                        "2", {"h": (1, -1), "t": (-1, 1)}, infoset="m"
                                    ),
                                    "T": dm.decision(
                                        "2", {"h": (-1, 1), "t": (1, -1)}, infoset="m"
                                    ),
                                },
                            ),
                        ),
                        "b": (F(1, 2), (0, 0)),
                    }
                ),
            },
        ),
    )


def _texts(ax: Any) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_draw_tree_highlights_the_path(tmp_path: Path) -> None:
    tree = m4()
    result = dm.subgame_perfect(tree)
    ax = draw_tree(tree, result)
    texts = _texts(ax)
    for label in ("offer", "no offer", "work", "outside", "honour", "renege"):
        assert label in texts
    assert "(8, 2)" in texts
    assert "offer → work → honour" in ax.get_title()
    # three edges on the path drawn in the highlight colour, the other three plain
    collections = ax.collections
    widths = sorted(
        float(c.get_linewidths()[0]) for c in collections if hasattr(c, "get_segments")
    )
    assert widths == [1.0, 3.2]
    hot = [c for c in collections if hasattr(c, "get_segments") and c.get_linewidths()[0] == 3.2]
    assert len(hot[0].get_segments()) == 3
    path = tmp_path / "m4.png"
    ax.figure.savefig(path)
    assert path.stat().st_size > 1000


def test_draw_tree_without_result_and_with_information_sets() -> None:
    tree = pennies()
    ax = draw_tree(tree)
    assert "m" in _texts(ax)  # the information set's name
    assert "a (1/2)" in _texts(ax)
    ax = draw_tree(tree, dm.subgame_perfect(tree))
    assert "H [1/2]" in _texts(ax)
    assert ax.get_title().startswith("equilibrium payoffs (1/2, 0)")


def test_draw_tree_on_given_axes() -> None:
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    tree = m4().as_float()
    assert draw_tree(tree, dm.subgame_perfect(tree), ax=ax, title="float") is ax
    assert ax.get_title() == "float"


def test_layout_centres_parents_over_children() -> None:
    tree = m4()
    ax = draw_tree(tree, show_payoffs=False)
    points = np.concatenate(
        [
            c.get_offsets()
            for c in ax.collections
            if hasattr(c, "get_offsets") and not hasattr(c, "get_segments")
        ]
    )
    assert len(points) == tree.n_nodes
    assert "(8, 2)" not in _texts(ax)


BAD = [
    ("not a tree", lambda: draw_tree("tree"), "tree"),
    (
        "too large",
        lambda: draw_tree(
            dm.GameTree.build(["A"], dm.decision("A", {str(i): (i,) for i in range(2100)}))
        ),
        "tree",
    ),
    ("other tree", lambda: draw_tree(m4(), dm.subgame_perfect(pennies())), "result"),
]


@pytest.mark.parametrize(("call", "match"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input(call: Any, match: str) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        call()
