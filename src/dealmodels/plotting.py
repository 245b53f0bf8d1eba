"""Figures with matplotlib (the ``plot`` extra): regime maps, sensitivity charts, frontiers.

Every function draws on a given :class:`matplotlib.axes.Axes` or, without one, on a new
:class:`matplotlib.figure.Figure` (no pyplot state: safe in scripts, threads and servers), and
returns the Axes; save with ``ax.figure.savefig(path)``. One style throughout: the Okabe–Ito
colour-blind safe palette (Okabe & Ito 2008; Wong 2011), labelled axes, light grids.
matplotlib is imported inside the functions, so ``import dealmodels`` stays light.

References
----------
.. [1] M. Okabe and K. Ito, "Color Universal Design (CUD): how to make figures and
   presentations that are friendly to colorblind people", 2008, https://jfly.uni-koeln.de/color/.
.. [2] B. Wong, "Points of view: Color blindness", *Nature Methods* 8, 2011, p. 441.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from dealmodels._validation import fail

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from dealmodels.analysis.monte_carlo import MonteCarloResult
    from dealmodels.analysis.regions import RegionMap
    from dealmodels.analysis.sensitivity import SensitivityResult
    from dealmodels.games.extensive_form import GameTree
    from dealmodels.solvers.backward import SubgamePerfectResult

__all__ = [
    "OKABE_ITO",
    "draw_tree",
    "mark_point",
    "plot_attribution",
    "plot_control_pareto",
    "plot_frontier",
    "plot_monte_carlo",
    "plot_regions",
    "plot_sobol",
    "plot_spec_comparison",
    "plot_tornado",
    "regime_colors",
]

OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
)
"""The Okabe–Ito palette, in its published order."""

# regimes that mean cooperation get greens/blues, attempts vermillion, the rest orange/purple
_GOOD = ("#009E73", "#56B4E9", "#0072B2", "#F0E442")
_BAD = ("#D55E00", "#CC79A7", "#E69F00")
_BAD_WORDS = ("takeover", "no ", "defect", "collusion", "feign", "lose", "reneg", "acts")


def regime_colors(regimes: Sequence[str]) -> dict[str, str]:
    """A colour per regime: greens and blues for cooperative ones, warm colours for failures.

    A regime is a failure when its label names one (``"takeover attempt"``, ``"no deal"``,
    ``"defects"``, ...). Colours are taken in order from the Okabe–Ito palette.

    Examples
    --------
    >>> regime_colors(["compliance", "deal", "takeover attempt"])
    {'compliance': '#009E73', 'deal': '#56B4E9', 'takeover attempt': '#D55E00'}
    """
    out: dict[str, str] = {}
    good = iter(_GOOD)
    bad = iter(_BAD)
    for r in regimes:
        failure = any(w in r.lower() for w in _BAD_WORDS)
        out[r] = next(bad if failure else good, "#999999")
    return out


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained", dpi=110)
    return fig.add_subplot()


def _style(ax: Axes) -> None:
    ax.grid(True, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _label(name: str, description: str) -> str:
    if not description:
        return name
    return textwrap.fill(f"{name}: {description}", 48)


def plot_regions(
    region_map: RegionMap, ax: Axes | None = None, *, title: str | None = None
) -> Axes:
    """Draw a regime map with the exact cooperation boundary on top.

    Parameters
    ----------
    region_map : RegionMap
        From :func:`dealmodels.analysis.regions`.
    ax : matplotlib Axes, optional
        Where to draw (a new figure if omitted).
    title : str, optional
        Defaults to the model's name.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from dealmodels.analysis import regions
    >>> from dealmodels.models import TakeoverDecision
    >>> ax = plot_regions(regions(TakeoverDecision(), ("trust", 0, 1), ("p", 0, 1), resolution=20))
    >>> ax.get_xlabel().split(":")[0], ax.get_ylabel().split(":")[0]
    ('trust', 'p')
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from dealmodels.analysis.regions import RegionMap

    if not isinstance(region_map, RegionMap):
        raise fail("region_map", "a RegionMap from dealmodels.analysis.regions", region_map)
    ax = _new_axes(ax, (7.2, 4.8))
    m = region_map
    colors = regime_colors(m.regimes)
    cmap = ListedColormap([colors[r] for r in m.regimes])
    ax.pcolormesh(
        m.x, m.y, m.codes, cmap=cmap, vmin=-0.5, vmax=len(m.regimes) - 0.5, shading="nearest"
    )
    handles: list[Any] = [
        Patch(facecolor=colors[r], label=r)
        for i, r in enumerate(m.regimes)
        if np.any(m.codes == i)
    ]
    b = m.boundary
    if b.kind == "threshold":
        xs, ys = (b.t, b.value) if b.along == m.x_name else (b.value, b.t)
        ax.plot(xs, ys, color="black", linewidth=2.0)
        label = f"boundary: {b.solved} {b.direction.replace('>=', '≥').replace('<=', '≤')} …"
        handles.append(Line2D([], [], color="black", linewidth=2.0, label=label + " (exact)"))
    elif b.kind == "contour" and 0 < b.holds.mean() < 1:
        ax.contour(m.x, m.y, b.holds.astype(float), levels=[0.5], colors="black", linewidths=2.0)
        handles.append(Line2D([], [], color="black", linewidth=2.0, label="boundary (contour)"))
    ax.set_xlim(m.x[0], m.x[-1])
    ax.set_ylim(m.y[0], m.y[-1])
    ax.set_xlabel(_label(m.x_name, m.x_description))
    ax.set_ylabel(_label(m.y_name, m.y_description))
    ax.set_title(title if title is not None else f"{m.model}: regimes")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax


def _check_output(result: SensitivityResult, output: str) -> None:
    from dealmodels.analysis.sensitivity import SensitivityResult

    if not isinstance(result, SensitivityResult):
        raise fail("result", "a SensitivityResult from dealmodels.analysis.sensitivity", result)
    if output not in result.indices:
        raise fail("output", f"one of {list(result.indices)}", output)


def _output_label(output: str) -> str:
    return "P(cooperation)" if output == "cooperates" else output.replace("_", " ")


def plot_tornado(
    result: SensitivityResult,
    output: str = "cooperates",
    ax: Axes | None = None,
    *,
    drop_unused: bool = True,
) -> Axes:
    """Tornado chart: the output's mean with each input at a low and a high quantile.

    Bars start at the unconditional mean and are sorted by swing, largest on top.

    Parameters
    ----------
    result : SensitivityResult
        From :func:`dealmodels.analysis.sensitivity`.
    output : str, default "cooperates"
        Which output.
    ax : matplotlib Axes, optional
        Where to draw.
    drop_unused : bool, default True
        Leave out inputs with no swing at all (the model does not read them), unless every
        input has none.

    Returns
    -------
    matplotlib.axes.Axes
    """
    _check_output(result, output)
    t = result.tornado[output]
    order = np.argsort(t.swing, kind="stable")  # smallest at the bottom
    if drop_unused and np.any(t.swing > 0):
        order = order[t.swing[order] > 0]
    ax = _new_axes(ax, (7.2, 1.2 + 0.38 * len(order)))
    y = np.arange(len(order))
    q_lo, q_hi = t.quantiles
    low = t.low[order] - t.base
    high = t.high[order] - t.base
    ax.barh(y, low, left=t.base, color=OKABE_ITO[4], label=f"input at its {q_lo:.0%} quantile")
    ax.barh(y, high, left=t.base, color=OKABE_ITO[0], label=f"input at its {q_hi:.0%} quantile")
    ax.axvline(t.base, color="black", linewidth=1.0)
    ax.set_yticks(y, [t.names[i] for i in order])
    ax.set_xlabel(f"{_output_label(output)} (mean over the priors; line: unconditional)")
    ax.set_title(f"{result.model}: one-at-a-time sensitivity")
    _style(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize="small")
    return ax


def plot_sobol(
    result: SensitivityResult,
    output: str = "cooperates",
    ax: Axes | None = None,
    *,
    drop_unused: bool = True,
) -> Axes:
    """Sobol first-order and total indices per input, with bootstrap intervals.

    Parameters
    ----------
    result : SensitivityResult
        From :func:`dealmodels.analysis.sensitivity`.
    output : str, default "cooperates"
        Which output.
    ax : matplotlib Axes, optional
        Where to draw.
    drop_unused : bool, default True
        Leave out inputs whose indices are exactly zero (the model does not read them),
        unless all are.

    Returns
    -------
    matplotlib.axes.Axes
    """
    _check_output(result, output)
    s = result.indices[output]
    order = np.lexsort((s.first_order, s.total))  # most important on top
    used = (s.total != 0) | (s.first_order != 0)
    if drop_unused and np.any(used):
        order = order[used[order]]
    ax = _new_axes(ax, (7.2, 1.2 + 0.42 * len(order)))
    y = np.arange(len(order))
    h = 0.38
    for offset, index, conf, color, label in (
        (h / 2, s.total, s.total_conf, OKABE_ITO[5], "total index $S_{T_i}$"),
        (-h / 2, s.first_order, s.first_order_conf, OKABE_ITO[1], "first-order index $S_i$"),
    ):
        ax.barh(
            y + offset,
            index[order],
            height=h,
            xerr=conf[order],
            color=color,
            label=label,
            error_kw={"elinewidth": 0.8, "ecolor": "#444444"},
        )
    ax.set_yticks(y, [s.names[i] for i in order])
    ax.set_xlim(left=min(0.0, float(np.min(s.first_order - s.first_order_conf))))
    ax.set_xlabel(f"share of the variance of {_output_label(output)}")
    ax.set_title(f"{result.model}: Sobol indices (N = {s.n})")
    _style(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize="small")
    return ax


def plot_monte_carlo(result: MonteCarloResult, ax: Axes | None = None) -> Axes:
    """Probability of each regime with its Wilson interval.

    Parameters
    ----------
    result : MonteCarloResult
        From :func:`dealmodels.analysis.monte_carlo`.
    ax : matplotlib Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from dealmodels.analysis.monte_carlo import MonteCarloResult

    if not isinstance(result, MonteCarloResult):
        raise fail("result", "a MonteCarloResult", result)
    names = list(result.regimes)
    ax = _new_axes(ax, (6.4, 0.9 + 0.45 * len(names)))
    colors = regime_colors(names)
    est = np.array([result.regimes[r].estimate for r in names])
    lo = np.array([result.regimes[r].low for r in names])
    hi = np.array([result.regimes[r].high for r in names])
    y = np.arange(len(names))[::-1]
    ax.barh(
        y,
        est,
        xerr=np.clip(np.vstack([est - lo, hi - est]), 0, None),
        color=[colors[r] for r in names],
        error_kw={"elinewidth": 1.0, "ecolor": "black", "capsize": 3},
    )
    for yi, e in zip(y, est, strict=True):
        ax.text(min(e + 0.02, 0.9), yi, f"{e:.3f}", va="center", fontsize="small")
    ax.set_yticks(y, names)
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"probability ({result.confidence:.0%} Wilson interval, n = {result.n:,})")
    ax.set_title(f"{result.model}: regimes under uncertainty")
    _style(ax)
    return ax


def plot_frontier(
    problem: Any,
    solutions: Sequence[Any] = (),
    ax: Axes | None = None,
    *,
    n: int = 201,
    zoom: bool = True,
) -> Axes:
    """A bargaining problem's Pareto frontier, disagreement point and solutions.

    Parameters
    ----------
    problem : BargainingProblem
        The problem (:class:`dealmodels.BargainingProblem`).
    solutions : sequence of BargainingSolution, optional
        Solutions to mark (e.g. from :func:`dealmodels.nash_bargaining` and
        :func:`dealmodels.kalai_smorodinsky`).
    ax : matplotlib Axes, optional
        Where to draw.
    n : int, default 201
        Points along the frontier.
    zoom : bool, default True
        Limit the axes to the individually rational part of the frontier (with margins).

    Returns
    -------
    matplotlib.axes.Axes
    """
    from dealmodels.games.bargaining import BargainingProblem
    from dealmodels.solvers.bargaining import BargainingSolution

    if not isinstance(problem, BargainingProblem):
        raise fail("problem", "a BargainingProblem", problem)
    for s in solutions:
        if not isinstance(s, BargainingSolution):
            raise fail("solutions", "a sequence of BargainingSolution", s)
    ax = _new_axes(ax, (7.6, 4.8))
    pts = np.asarray(problem.frontier_points(n), dtype=float)
    ax.plot(pts[:, 0], pts[:, 1], color=OKABE_ITO[4], linewidth=2.0, label="Pareto frontier")
    d = tuple(float(v) for v in problem.disagreement)
    rational = (pts[:, 0] >= d[0]) & (pts[:, 1] >= d[1])
    ax.fill_between(
        pts[:, 0], d[1], np.maximum(pts[:, 1], d[1]), where=rational,
        color=OKABE_ITO[1], alpha=0.25, label="individually rational",
    )  # fmt: skip
    ax.plot(
        *d,
        marker="s",
        color="black",
        linestyle="none",
        label=f"disagreement ({d[0]:.3g}, {d[1]:.3g})",
    )
    markers = ("o", "D", "^", "v", "P", "X")
    palette = (OKABE_ITO[5], OKABE_ITO[2], OKABE_ITO[6], OKABE_ITO[0], OKABE_ITO[3])
    for i, s in enumerate(solutions):
        u = tuple(float(v) for v in s.utilities)
        ax.plot(
            *u,
            marker=markers[i % len(markers)],
            markersize=max(13 - 3 * i, 5),  # earlier marks larger: coinciding ones stay visible
            color=palette[i % len(palette)],
            markeredgecolor="black",
            linestyle="none",
            label=f"{s.solution.replace('_', ' ')} ({u[0]:.3g}, {u[1]:.3g})",
        )
    if zoom and np.count_nonzero(rational) >= 2:
        xs = np.concatenate([pts[rational, 0], [d[0]]])
        ys = np.concatenate([pts[rational, 1], [d[1]]])
        pad_x = 0.15 * (xs.max() - xs.min()) or 0.05
        pad_y = 0.15 * (ys.max() - ys.min()) or 0.05
        ax.set_xlim(xs.min() - pad_x, xs.max() + pad_x)
        ax.set_ylim(ys.min() - pad_y, ys.max() + pad_y)
    players = tuple(problem.players)
    ax.set_xlabel(f"utility of {players[0]}")
    ax.set_ylabel(f"utility of {players[1]}")
    ax.set_title("bargaining frontier and solutions")
    _style(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize="small")
    return ax


# -- game trees -------------------------------------------------------------------------------
_TREE_MAX_NODES = 2000


def draw_tree(
    tree: GameTree,
    result: SubgamePerfectResult | None = None,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    show_payoffs: bool = True,
) -> Axes:
    """Draw a game tree, with an equilibrium's path and choices highlighted.

    Leaves are spread evenly in depth-first order and each inner node sits above the middle
    of its children; depth grows downwards. Decision nodes are coloured by player, chance
    nodes are hollow, the nodes of one information set are joined by a dashed line, and
    terminal nodes show their payoff vectors. With ``result``, the actions it plays are
    drawn thick (in vermillion on the equilibrium path, grey off it), mixed actions are
    labelled with their probabilities, and each inner node shows its equilibrium value.

    Parameters
    ----------
    tree : GameTree
        The tree (at most 2,000 nodes: larger trees are unreadable as a drawing).
    result : SubgamePerfectResult, optional
        A solution of ``tree`` from :func:`~dealmodels.subgame_perfect` (or
        :func:`~dealmodels.all_subgame_perfect`).
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    title : str, optional
        The axes title.
    show_payoffs : bool, default True
        Write the payoff vector under each terminal node.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    InvalidParameterError
        If ``tree`` is not a GameTree, has more than 2,000 nodes, or ``result`` solves a
        different tree.

    Examples
    --------
    >>> import dealmodels as dm
    >>> t = dm.GameTree.build(["A", "B"], dm.decision("A", {
    ...     "l": (1, 0), "r": dm.decision("B", {"x": (0, 1), "y": (2, 2)})}))
    >>> ax = draw_tree(t, dm.subgame_perfect(t))
    >>> ax.get_title()
    'equilibrium payoffs (2, 2), path: r → y'
    >>> ax.figure.savefig(path)  # doctest: +SKIP
    """
    from dealmodels.games.extensive_form import CHANCE, DECISION, TERMINAL, GameTree

    if not isinstance(tree, GameTree):
        raise fail("tree", "a GameTree", tree)
    if tree.n_nodes > _TREE_MAX_NODES:
        raise fail("tree", f"a tree of at most {_TREE_MAX_NODES} nodes to draw", tree)
    solved = getattr(result, "tree", None)
    if result is not None and solved is not tree and solved != tree:
        raise fail("result", "a solution of this tree (result.tree == tree)", result)
    from matplotlib.collections import LineCollection

    n = tree.n_nodes
    kinds = tree.node_kind
    parent = tree.parent
    # layout: leaves evenly spaced in preorder, inner nodes centred over their children
    x = np.zeros(n)
    leaf = 0
    fc, nc = tree.first_child, tree.n_children
    stack = [0]
    while stack:
        v = stack.pop()
        if nc[v] == 0:
            x[v] = leaf
            leaf += 1
        else:
            stack.extend(range(int(fc[v] + nc[v]) - 1, int(fc[v]) - 1, -1))
    for lo, hi in reversed(tree.levels()):
        inner = np.arange(lo, hi)[nc[lo:hi] > 0]
        x[inner] = (x[fc[inner]] + x[fc[inner] + nc[inner] - 1]) / 2
    y = -tree.depth.astype(float)
    width = max(leaf, 2)
    depth = int(-y.min()) if n > 1 else 1
    ax = _new_axes(ax, (min(2.0 + 0.9 * width, 16.0), min(1.5 + 1.4 * depth, 10.0)))
    fontsize = 9 if n <= 60 else 7 if n <= 200 else 5
    # edges: played on the path / played off the path / not played
    children = np.arange(1, n)
    seg = np.stack(
        [
            np.stack([x[parent[children]], y[parent[children]]], 1),
            np.stack([x[children], y[children]], 1),
        ],
        axis=1,
    )
    if result is not None:
        b = np.asarray(result.behaviour)
        played = np.array([bool(b[c] != 0) for c in children])
        on_path = np.zeros(n, dtype=bool)
        on_path[list(result.path)] = True
        hot = played & on_path[children]
    else:
        played = np.zeros(n - 1, dtype=bool)
        hot = played
    styles = [
        (~played, "#b0b0b0", 1.0),
        (played & ~hot, "#555555", 2.2),
        (hot, "#D55E00", 3.2),
    ]
    for mask, color, lw in styles:
        if np.any(mask):
            ax.add_collection(LineCollection(seg[mask], colors=color, linewidths=lw, zorder=1))
    # edge labels: action (and probability at chance nodes / mixed choices)
    if n <= 400:
        for c in children.tolist():
            p = int(parent[c])
            label = tree.action_label(c)
            if kinds[p] == CHANCE:
                label += f" ({_short(tree.probabilities[c])})"
            elif result is not None and b[c] not in (0, 1):
                label += f" [{_short(b[c])}]"
            ax.text(
                (x[p] + x[c]) / 2,
                (y[p] + y[c]) / 2,
                label,
                fontsize=fontsize,
                ha="center",
                va="center",
                zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )
    # information sets with several nodes: dashed links
    if not tree.is_perfect_information:
        for k in range(tree.n_infosets):
            nodes = tree.infoset_nodes(k)
            if len(nodes) > 1:
                ax.plot(x[nodes], y[nodes], ls=(0, (4, 3)), color="#0072B2", lw=1.2, zorder=2)
                ax.text(
                    x[nodes].mean(),
                    y[nodes][0] + 0.12,
                    tree.infoset_name(k),
                    fontsize=fontsize,
                    color="#0072B2",
                    ha="center",
                    va="bottom",
                )
    # nodes
    colors = [OKABE_ITO[i] for i in (4, 2, 6, 0, 1, 3)]
    for i, name in enumerate(tree.players):
        mask = (kinds == DECISION) & (tree.node_player == i)
        if np.any(mask):
            ax.scatter(
                x[mask],
                y[mask],
                s=90,
                color=colors[i % len(colors)],
                edgecolor="black",
                linewidth=0.6,
                zorder=3,
                label=name,
            )
    ch = kinds == CHANCE
    if np.any(ch):
        ax.scatter(
            x[ch],
            y[ch],
            s=90,
            facecolor="white",
            edgecolor="black",
            linewidth=1.0,
            zorder=3,
            label="chance",
        )
    term = kinds == TERMINAL
    ax.scatter(x[term], y[term], s=18, marker="s", color="black", zorder=3)
    if show_payoffs and n <= 400:
        for v in np.flatnonzero(term).tolist():
            ax.text(
                x[v],
                y[v] - 0.12,
                "(" + ", ".join(_short(p) for p in tree.payoffs_at(v)) + ")",
                fontsize=fontsize,
                ha="center",
                va="top",
                fontweight="bold" if result is not None and on_path[v] else "normal",
            )
    if result is not None and n <= 400:
        for v in np.flatnonzero(~term).tolist():
            vals = ", ".join(_short(p) for p in result.values[v].tolist())
            ax.text(
                x[v] + 0.12,
                y[v],
                f"({vals})",
                fontsize=fontsize - 1,
                color="#555555",
                ha="left",
                va="center",
                zorder=5,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.9},
            )
    ax.set_xlim(x.min() - 0.7, x.max() + 0.7)
    ax.set_ylim(y.min() - 0.6, 0.5)
    ax.set_axis_off()
    ax.legend(loc="upper right", fontsize=fontsize, frameon=False)
    if title is not None:
        ax.set_title(title)
    elif result is not None:
        payoffs = ", ".join(_short(p) for p in result.payoffs)
        chain = len(set(parent[list(result.path[1:])].tolist())) == len(result.path) - 1
        play = " → ".join(result.path_actions) if chain and len(result.path) > 1 else ""
        ax.set_title(
            f"equilibrium payoffs ({payoffs})" + (f", path: {play}" if play else ""),
            fontsize=fontsize + 1,
        )
    return ax


def _short(value: Any) -> str:
    """A compact number for labels: exact rationals as p/q, floats with 3 significant digits."""
    from fractions import Fraction

    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, float | np.floating):
        f = float(value)
        return str(int(f)) if f.is_integer() else f"{f:.3g}"
    return str(value)


# -- control protocols ------------------------------------------------------------------------
def plot_control_pareto(
    tables: Any,
    ax: Axes | None = None,
    *,
    labels: Sequence[str] | None = None,
) -> Axes:
    """Safety against usefulness of control protocols, with each table's Pareto frontier.

    Parameters
    ----------
    tables : pandas.DataFrame or sequence of DataFrame
        Tables from :meth:`dealmodels.models.ControlProtocol.pareto` (columns ``safety``,
        ``usefulness``, ``efficient``, ``upfront_share``), e.g. one per attacker or
        disposition.
    ax : matplotlib Axes, optional
        Where to draw.
    labels : sequence of str, optional
        One legend label per table (default "protocols 1", "protocols 2", ...).

    Returns
    -------
    matplotlib.axes.Axes
        Usefulness (trusted model alone 0, untrusted alone 1) on x, safety on y: every
        protocol as a faint point, the frontier (efficient protocols) as a line.
    """
    import pandas as pd

    group = [tables] if isinstance(tables, pd.DataFrame) else list(tables)
    needed = {"safety", "usefulness", "efficient", "upfront_share"}
    for t in group:
        if not isinstance(t, pd.DataFrame) or not needed <= set(t.columns):
            raise fail(
                "tables", f"DataFrames from ControlProtocol.pareto (columns {sorted(needed)})", t
            )
    if not group:
        raise fail("tables", "at least one table", tables)
    names = (
        list(labels) if labels is not None else [f"protocols {i + 1}" for i in range(len(group))]
    )
    if len(names) != len(group):
        raise fail("labels", f"one label per table ({len(group)})", labels)
    ax = _new_axes(ax, (7.6, 4.8))
    palette = (OKABE_ITO[4], OKABE_ITO[5], OKABE_ITO[2], OKABE_ITO[6], OKABE_ITO[0])
    for i, (t, name) in enumerate(zip(group, names, strict=True)):
        color = palette[i % len(palette)]
        ax.scatter(t["usefulness"], t["safety"], s=8, color=color, alpha=0.25, linewidths=0)
        front = t[t["efficient"]].sort_values("usefulness")
        ax.plot(front["usefulness"], front["safety"], color=color, linewidth=2.0,
                marker="o", markersize=2.5, label=f"{name}: frontier")  # fmt: skip
    ax.set_xlabel("usefulness (trusted model alone 0, untrusted alone 1)")
    ax.set_ylabel("safety (P no successful attack)")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_title("control protocols: safety against usefulness")
    _style(ax)
    ax.legend(loc="lower left", frameon=False, fontsize="small")
    return ax


def mark_point(ax: Axes, x: float, y: float, label: str = "the scenario") -> Axes:
    """Mark one point of a map (e.g. the scenario's values on a regime map) and label it.

    Parameters
    ----------
    ax : matplotlib Axes
        A map drawn by :func:`plot_regions`.
    x, y : float
        The point, in the map's units.
    label : str, default "the scenario"
        Its legend entry.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from dealmodels.analysis import regions
    >>> from dealmodels.models import TakeoverDecision
    >>> ax = plot_regions(regions(TakeoverDecision(), ("trust", 0, 1), ("p", 0, 1), resolution=10))
    >>> mark_point(ax, 0.6, 0.3).get_legend().get_texts()[-1].get_text()
    'the scenario'
    """
    from matplotlib.lines import Line2D

    for name, v in (("x", x), ("y", y)):
        if isinstance(v, bool) or not np.isfinite(float(v)):
            raise fail(name, "a finite number", v)
    ax.plot(
        [x],
        [y],
        marker="*",
        markersize=16,
        color="white",
        markeredgecolor="black",
        markeredgewidth=1.2,
        linestyle="none",
        zorder=5,
    )
    old = ax.get_legend()
    handles = list(old.legend_handles) if old is not None else []
    handles.append(
        Line2D(
            [],
            [],
            marker="*",
            markersize=12,
            color="white",
            markeredgecolor="black",
            linestyle="none",
            label=label,
        )
    )
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax


def _halfwidths(est: Any, lo: Any, hi: Any) -> Any:
    """Error-bar lengths below and above ``est`` (a Wilson bound may differ from the estimate
    at 0 or 1 by rounding only, which would make a length negative)."""
    return np.maximum(np.vstack([est - lo, hi - est]), 0.0)


def plot_spec_comparison(values: Sequence[Any], ax: Axes | None = None) -> Axes:
    """Specs against no spec: regime probabilities and the developer's value, with intervals.

    Parameters
    ----------
    values : sequence of SpecValue
        From :func:`dealmodels.spec_value`, all against the same baseline (the first one's
        baseline is drawn as the first row).
    ax : matplotlib Axes, optional
        Where to draw the regime panel; the developer-value panel goes beside it on the same
        figure (a new figure if omitted).

    Returns
    -------
    matplotlib.axes.Axes
        The regime panel.
    """
    if not values:
        raise fail("values", "at least one SpecValue", values)
    from matplotlib.figure import Figure

    if ax is None:
        fig = Figure(figsize=(9.6, 1.8 + 0.9 * (len(values) + 1)), layout="constrained", dpi=110)
        ax, ax_v = fig.subplots(1, 2, width_ratios=(2.3, 1.0), sharey=True)
    else:
        ax_v = ax.inset_axes((1.25, 0.0, 0.45, 1.0))
    regimes = list(values[0].regimes)
    colors = regime_colors(regimes)
    rows = [
        (
            values[0].baseline_name,
            values[0].baseline_probability,
            values[0].baseline_developer_value,
        )
    ]
    rows += [(v.spec_name, v.probability, v.developer_value) for v in values]
    y = np.arange(len(rows))[::-1].astype(float)
    h = 0.8 / len(regimes)
    for j, reg in enumerate(regimes):
        est = np.array([r[1][reg].estimate for r in rows])
        lo = np.array([r[1][reg].low for r in rows])
        hi = np.array([r[1][reg].high for r in rows])
        ax.barh(
            y + 0.4 - (j + 0.5) * h,
            est,
            height=h,
            color=colors[reg],
            label=reg,
            xerr=_halfwidths(est, lo, hi),
            error_kw={"elinewidth": 0.8, "ecolor": "black", "capsize": 2},
        )
    ax.set_yticks(y, [r[0] for r in rows])
    ax.set_xlim(0, 1)
    ax.set_xlabel("probability of each regime (95% interval)")
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, frameon=False, fontsize="small"
    )
    _style(ax)
    est = np.array([r[2].estimate for r in rows])
    lo = np.array([r[2].low for r in rows])
    hi = np.array([r[2].high for r in rows])
    ax_v.errorbar(
        est,
        y,
        xerr=_halfwidths(est, lo, hi),
        fmt="o",
        color=OKABE_ITO[4],
        ecolor="black",
        capsize=4,
    )
    ax_v.set_xlabel("developer's expected value\n(95% interval)")
    _style(ax_v)
    return ax


def plot_attribution(values: Sequence[Any], ax: Axes | None = None) -> Axes:
    """Where each spec's gain comes from: Shapley shares of the developer's value.

    One horizontal bar per target disposition and per secondary effect (secondary effects
    usually cost: their bars point left), grouped by spec; the shares of each spec add up to
    its total gain against the baseline.

    Parameters
    ----------
    values : sequence of SpecValue
        From :func:`dealmodels.spec_value`.
    ax : matplotlib Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not values:
        raise fail("values", "at least one SpecValue", values)
    labels: list[str] = []
    shares: list[float] = []
    kinds: list[str] = []
    for v in values:
        for s in v.attribution:
            labels.append(f"{v.spec_name}: {s.name}")
            shares.append(float(s.developer_value))
            kinds.append(str(s.kind))
    ax = _new_axes(ax, (8.4, 1.3 + 0.36 * len(labels)))
    y = np.arange(len(labels))[::-1]
    color = [OKABE_ITO[2] if k == "target" else OKABE_ITO[5] for k in kinds]
    ax.barh(y, shares, color=color)
    ax.axvline(0.0, color="black", linewidth=1.0)
    ax.set_yticks(y, labels)
    ax.set_xlabel("Shapley share of the gain in the developer's expected value against no spec")
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color=OKABE_ITO[2], label="target disposition"),
            Patch(color=OKABE_ITO[5], label="secondary effect"),
        ],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize="small",
    )
    _style(ax)
    return ax
