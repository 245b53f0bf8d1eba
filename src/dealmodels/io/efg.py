r"""Read and write game trees in Gambit's extensive-form format (``.efg``, version 2).

An ``.efg`` file is a prologue and the tree's nodes in depth-first preorder, one record
per node [1]_::

    EFG 2 R "title" { "Player 1" "Player 2" }
    "optional comment"

    p "name" 1 1 "infoset name" { "A" "B" } 0
    c "name" 1 "infoset name" { "H" 1/2 "T" 1/2 } 0
    t "name" 1 "outcome name" { 1, -1 }

``p`` is a decision node: player number (1-based), information-set number (per player),
its name, the action labels, and an outcome number (0 for none). ``c`` is a chance node:
an information-set number among chance nodes, its name, and labelled probabilities. ``t`` is
a terminal node with its outcome. An outcome's name and payoff vector follow its number the
first time it appears; later references may give the number only, and the action list of
an information set may likewise be omitted after its first node. Whitespace is not
significant outside quotes; ``\"`` escapes a quote.

Numbers are integers, decimals (``.8``, ``1.5e-3``) or rationals (``1/2``). They are read
exactly: integers as ``int``, everything else as :class:`~fractions.Fraction` (``0.1`` is
exactly 1/10), so a file gives an exact tree unless ``kind="float"`` is asked for.

Gambit allows outcomes at non-terminal nodes; their payoffs add up along the path, and
:func:`read_efg` folds them into the terminal payoffs (a ``GameTree`` keeps payoffs at the
terminals only). Node names and the title are not kept either.

References
----------
.. [1] The Gambit Project, "Game representation formats", Gambit documentation
   (https://gambitproject.readthedocs.io), section "The extensive game (.efg) file format".
"""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from dealmodels._gc import paused_gc
from dealmodels._validation import check_choice, fail
from dealmodels.errors import InvalidGameError, UnsupportedGameError
from dealmodels.games.extensive_form import (
    CHANCE,
    DECISION,
    TERMINAL,
    GameTree,
    iter_preorder,
)
from dealmodels.io.gambit import float_text

__all__ = ["read_efg", "write_efg"]

_TOKEN = re.compile(r'\s+|[{},]|"(?:\\.|[^"\\])*"|[^\s{},"]+', re.DOTALL)
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)


# --------------------------------------------------------------------------------------------
# numbers
# --------------------------------------------------------------------------------------------
def _number(text: str, line: int) -> Any:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        f = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise InvalidGameError(f"line {line}: expected a number; got {text!r}") from None
    return f.numerator if f.denominator == 1 else f


def _float_number(text: str, line: int) -> float:
    try:
        x = float(text)
    except ValueError:
        try:
            x = float(Fraction(text))
        except (ValueError, ZeroDivisionError, OverflowError):
            raise InvalidGameError(f"line {line}: expected a number; got {text!r}") from None
    if not math.isfinite(x):
        raise InvalidGameError(f"line {line}: expected a finite number; got {text!r}")
    return x


# --------------------------------------------------------------------------------------------
# records: (kind, line, player, infoset, infoset_name, actions, probs, outcome, oname, payoffs)
# --------------------------------------------------------------------------------------------
class _Record:
    __slots__ = (
        "actions",
        "infoset",
        "infoset_name",
        "kind",
        "line",
        "oname",
        "outcome",
        "payoffs",
        "player",
        "probs",
    )

    def __init__(self, kind: str, line: int) -> None:
        self.kind = kind
        self.line = line
        self.player = 0
        self.infoset = 0
        self.infoset_name: str | None = None
        self.actions: list[str] | None = None
        self.probs: list[str] | None = None
        self.outcome = 0
        self.oname: str | None = None
        self.payoffs: list[str] | None = None


def _fast_records(lines: list[str], first_line: int) -> list[_Record] | None:
    """One node per line, no escapes: split on quotes. None if some line does not fit."""
    out: list[_Record] = []
    append = out.append
    for j, line in enumerate(lines):
        if not line or line.isspace():
            continue
        if "\\" in line:
            return None
        parts = line.split('"')
        head = parts[0].strip()
        try:
            if head == "t":
                r = _Record("t", first_line + j)
                nums = parts[2].split()
                r.outcome = int(nums[0])
                if len(parts) == 5:
                    r.oname = parts[3]
                    tail = parts[4].strip()
                    if not (tail.startswith("{") and tail.endswith("}")):
                        return None
                    r.payoffs = tail[1:-1].replace(",", " ").split()
                elif len(parts) != 3 or len(nums) != 1:
                    return None
            elif head == "p":
                r = _Record("p", first_line + j)
                nums = parts[2].split()
                if len(nums) != 2:
                    return None
                r.player = int(nums[0])
                r.infoset = int(nums[1])
                r.infoset_name = parts[3]
                rest = parts[4:]
                if not _fast_actions(r, rest, chance=False):
                    return None
            elif head == "c":
                r = _Record("c", first_line + j)
                nums = parts[2].split()
                if len(nums) != 1:
                    return None
                r.infoset = int(nums[0])
                r.infoset_name = parts[3]
                if not _fast_actions(r, parts[4:], chance=True):
                    return None
            else:
                return None
        except (IndexError, ValueError):
            return None
        append(r)
    return out


def _fast_actions(r: _Record, rest: list[str], *, chance: bool) -> bool:
    """Parse ``{ "a" "b" } outcome ["oname" { payoffs }]``, already split on quotes."""
    if rest[0].strip() == "{":
        seps = rest[2::2]
        probs: list[str] = []
        closing = -1
        for k, sep in enumerate(seps):
            before, brace, after = sep.partition("}")
            before = before.strip()
            if chance:
                if not before or " " in before:
                    return False
                probs.append(before)
            elif before:
                return False
            if brace:
                closing = k
                break
        if closing < 0:
            return False
        r.actions = rest[1::2][: closing + 1]
        if chance:
            r.probs = probs
        remaining = rest[2 * closing + 3 :]
    else:
        after = rest[0]
        remaining = rest[1:]
    nums = after.split()
    if len(nums) != 1:
        return False
    r.outcome = int(nums[0])
    if remaining:
        if len(remaining) != 2:
            return False
        r.oname = remaining[0]
        tail = remaining[1].strip()
        if not (tail.startswith("{") and tail.endswith("}")):
            return False
        r.payoffs = tail[1:-1].replace(",", " ").split()
    return True


# --------------------------------------------------------------------------------------------
# fast path: one node per line, every action list given, no escapes (what Gambit writes)
# --------------------------------------------------------------------------------------------
class _NotFast(Exception):
    """The file is not in the simple layout; use the general parser."""


# one node per line, as Gambit writes them: (1) node type, (2) the text between the node name
# and the next quote (numbers), (3) the next quoted name, (4) the rest of the line
_LINE = re.compile(
    r'^[ \t]*([tpc])[ \t]+"[^"\n]*"([^"\n]*)(?:"([^"\n]*)"([^\n]*))?$', re.MULTILINE
)
_EMPTY_LINE = re.compile(r"\n(?=\n)")
_NODE_START = re.compile(r'[ \t]*[tpc][ \t]+"')
_QUOTED = re.compile(r'"([^"\\]*)"')


class _BadNumber(Exception):
    """The token at ``index`` is not a (finite) number."""

    def __init__(self, index: int, message: str) -> None:
        self.index = index
        self.message = message


def _parse_numbers(tokens: list[str], kind: str) -> Any:
    """Many number strings at once: an int64/float64 array, or a list of exact numbers.

    Raises _BadNumber with the index of the first token that is not a finite number.
    """
    try:
        if kind == "float":
            arr = np.array(tokens, dtype=np.float64)
            bad = np.flatnonzero(~np.isfinite(arr))
            if len(bad) == 0:
                return arr
            k = int(bad[0])
            raise _BadNumber(k, f"expected a finite number; got {tokens[k]!r}")
        return np.array(tokens, dtype=np.int64)
    except (ValueError, OverflowError):
        num = _number if kind == "exact" else _float_number
        out = []
        for k, t in enumerate(tokens):
            try:
                out.append(num(t, 0))
            except InvalidGameError as exc:
                raise _BadNumber(k, str(exc).split(": ", 1)[1]) from None
        return out


def _read_fast(body: str, first_line: int, players: list[str], kind: str) -> GameTree:
    """Vectorized reader for files with one node per line and every action list given."""
    import operator

    n_players = len(players)
    # non-empty lines (each must be a node): all lines minus the empty ones
    n_lines = body.count("\n") + 1
    inner_empty = len(_EMPTY_LINE.findall(body)) if "\n\n\n" in body else body.count("\n\n")
    empty = inner_empty + body.startswith("\n") + body.endswith("\n")
    nonblank = n_lines - empty if body else 0
    lines = (body, first_line)  # for error messages only
    matches = _LINE.findall(body)
    if len(matches) != nonblank or not matches:
        raise _NotFast
    n = len(matches)
    pc, nums, iname, tails = zip(*matches, strict=True)
    del matches
    kinds = np.fromiter(
        map({"t": TERMINAL, "p": DECISION, "c": CHANCE}.__getitem__, pc), dtype=np.int8, count=n
    )
    inner_idx = np.flatnonzero(kinds != TERMINAL)
    if len(inner_idx) == 0:
        inner_keys: tuple[tuple[str, str], ...] = ()
    else:
        get_inner = operator.itemgetter(*inner_idx.tolist())
        inner_kind = get_inner(pc) if len(inner_idx) > 1 else (get_inner(pc),)
        inner_tail = get_inner(tails) if len(inner_idx) > 1 else (get_inner(tails),)
        inner_keys = tuple(zip(inner_kind, inner_tail, strict=True))
    # -- actions: parse each distinct "{ actions } outcome" tail once
    label_ids: dict[str, int] = {}
    table: list[str] = []
    num = _number if kind == "exact" else _float_number
    act_code: dict[tuple[str, str], int] = {}
    act_ids: list[list[int]] = []
    act_probs: list[list[Any]] = []
    for key in set(inner_keys):
        k, tail = key
        t = tail.strip()
        close = t.rfind("}")
        if not t.startswith("{") or close < 0 or t[close + 1 :].strip() != "0":
            raise _NotFast  # no action list, or an outcome at an inner node
        text = t[1:close]
        labels = _QUOTED.findall(text)
        rest = _QUOTED.split(text)[::2]
        probs: list[Any] = []
        if k == "c":
            if rest[0].strip() or len(rest) != len(labels) + 1:
                raise _NotFast
            try:
                probs = [num(r.strip(), 0) for r in rest[1:]]
            except InvalidGameError:
                raise _NotFast from None
            if len(probs) != len(labels) or any(" " in r.strip() for r in rest[1:]):
                raise _NotFast
        elif any(r.strip() for r in rest):
            raise _NotFast
        ids = []
        for lab in labels:
            j = label_ids.get(lab)
            if j is None:
                j = label_ids[lab] = len(table)
                table.append(lab)
            ids.append(j)
        act_code[key] = len(act_ids)
        act_ids.append(ids)
        act_probs.append(probs)
    code = np.full(n, -1, dtype=np.int64)
    if len(inner_idx):
        code[inner_idx] = np.fromiter(
            map(act_code.__getitem__, inner_keys), np.int64, len(inner_idx)
        )
    widths = np.array([len(ids) for ids in act_ids] + [0], dtype=np.int64)
    nch = widths[code]  # code -1 picks the trailing 0
    inner = kinds != TERMINAL
    if np.any(nch[inner] == 0):
        v = int(np.flatnonzero(inner & (nch == 0))[0])
        raise InvalidGameError(f"line {_line_of(lines, v)}: a node needs at least one action")
    # -- players and information sets (vectorized: one information set per node is common)
    dec = kinds == DECISION
    dec_pre = np.flatnonzero(dec)
    n_dec = len(dec_pre)
    pairs = np.zeros((n_dec, 2), dtype=np.int64)
    dec_names: tuple[str, ...] = ()
    if n_dec:
        get = operator.itemgetter(*dec_pre.tolist())
        dec_nums = get(nums) if n_dec > 1 else (get(nums),)
        dec_names = get(iname) if n_dec > 1 else (get(iname),)
        flat_nums = " ".join(dec_nums).split()
        if len(flat_nums) != 2 * n_dec:
            raise _NotFast
        pairs = np.array(flat_nums, dtype=np.int64).reshape(n_dec, 2)
    player_pre = np.full(n, -1, dtype=np.int64)
    player_pre[dec_pre] = pairs[:, 0] - 1
    bad = dec & ((player_pre < 0) | (player_pre >= n_players))
    if np.any(bad):
        v = int(np.flatnonzero(bad)[0])
        raise InvalidGameError(
            f"line {_line_of(lines, v)}: unknown player {player_pre[v] + 1}; the file has "
            f"{n_players}"
        )
    width = int(pairs[:, 1].max()) + 1 if n_dec else 1
    ikey = pairs[:, 0] * width + pairs[:, 1]
    code_dec = code[dec_pre]
    # the nodes of one information set must list the same actions
    order = np.lexsort((code_dec, ikey))
    ks, cs = ikey[order], code_dec[order]
    clash = np.flatnonzero((ks[1:] == ks[:-1]) & (cs[1:] != cs[:-1]))
    for j in clash.tolist():
        a, b = act_ids[int(cs[j])], act_ids[int(cs[j + 1])]
        if a != b:
            pl, num_ = divmod(int(ks[j]), width)
            raise InvalidGameError(
                f"information set {num_} of player {pl} mixes action labels "
                f"{[table[i] for i in a]} and {[table[i] for i in b]}"
            )
    # -- tree structure from the preorder child counts
    walk = np.cumsum(nch - 1)  # pending subtrees after each node, minus one
    early = np.flatnonzero(walk[:-1] < 0)
    if len(early):
        raise InvalidGameError(
            f"line {_line_of(lines, int(early[0]) + 1)}: node after the tree is complete "
            "(too many nodes)"
        )
    if walk[-1] != -1:
        raise InvalidGameError(
            f"line {_line_of(lines, n - 1)}: the file ends before the tree is complete: "
            f"{int(walk[-1]) + 1} subtrees missing"
        )
    parent = _preorder_parents(nch)
    depth = _depths(parent)
    perm = np.argsort(depth, kind="stable")
    inv = np.empty(n, dtype=np.int64)
    inv[perm] = np.arange(n, dtype=np.int64)
    pp = parent[perm]
    parent_b = np.where(pp >= 0, inv[np.maximum(pp, 0)], -1)
    kinds_b = kinds[perm]
    nch_b = nch[perm]
    # incoming action labels: the action lists of inner nodes in breadth-first order
    kmax = int(widths.max()) if len(act_ids) else 0
    n_codes = len(act_ids)
    pad = np.zeros((n_codes + 1, max(kmax, 1)), dtype=np.int64)
    mask = np.zeros((n_codes + 1, max(kmax, 1)), dtype=bool)
    for c, ids in enumerate(act_ids):
        pad[c, : len(ids)] = ids
        mask[c, : len(ids)] = True
    code_b = code[perm]
    inner_b = code_b[code_b >= 0]
    action_b = np.full(n, -1, dtype=np.int64)
    action_b[1:] = pad[inner_b][mask[inner_b]]
    player_b = player_pre[perm]
    # chance probabilities
    slot = np.zeros(0, dtype=np.int64)
    cprobs: list[Any] = []
    if np.any(kinds == CHANCE):
        pobj = np.zeros((n_codes + 1, max(kmax, 1)), dtype=object)
        for c, probs in enumerate(act_probs):
            pobj[c, : len(probs)] = probs
        flat = pobj[inner_b][mask[inner_b]]
        is_chance_child = kinds_b[parent_b[1:]] == CHANCE
        slot = 1 + np.flatnonzero(is_chance_child)
        cprobs = flat[is_chance_child].tolist()
    # -- payoffs: terminals in breadth-first order
    term_pre = np.flatnonzero(kinds == TERMINAL)
    term_b = perm[kinds_b == TERMINAL]  # preorder index of each terminal, breadth-first
    rows = _terminal_payoffs(nums, tails, term_pre, term_b, n_players, kind, lines)
    # -- information set keys: anonymous unless shared or named
    infoset_key: dict[int, Any] = {}
    uniq_keys, inverse, counts = np.unique(ikey, return_inverse=True, return_counts=True)
    if np.any(counts > 1) or any(dec_names):
        name_of: dict[int, str] = {}
        for k, nm in zip(inverse.tolist(), dec_names, strict=True):
            if nm and k not in name_of:
                name_of[k] = nm
        name_count: dict[str, int] = {}
        for nm in name_of.values():
            name_count[nm] = name_count.get(nm, 0) + 1
        for v, k in zip(inv[dec_pre].tolist(), inverse.tolist(), strict=True):
            nm = name_of.get(k, "")
            if nm and name_count[nm] == 1:
                infoset_key[v] = nm
            elif counts[k] > 1 or nm:
                pl, num_ = divmod(int(uniq_keys[k]), width)
                infoset_key[v] = f"{players[pl - 1]}:{num_}"
    return GameTree.from_arrays(
        players=tuple(players),
        node_kind=kinds_b,
        n_children=nch_b,
        node_player=player_b,
        action_code=action_b,
        label_table=tuple(table),
        payoffs=rows,
        probabilities=_per_node(n, slot, cprobs, kind),
        infosets=infoset_key,
    )


def _per_node(n: int, slot: np.ndarray, probs: list[Any], kind: str) -> np.ndarray | None:
    """Chance probabilities as one entry per node (0 off chance branches), None if none."""
    if len(slot) == 0:
        return None
    out = np.zeros(n, dtype=np.float64 if kind == "float" else object)
    out[slot] = probs
    return out


def _check_last_line(body: str, first_line: int) -> None:
    """Raise the general parser's error for the last non-empty line if it starts a node that
    it does not complete.

    Nothing follows the last line, so a node that starts there must end there, whatever the
    layout of the rest: a file cut off in its last line is reported without tokenizing the
    whole file.
    """
    end = len(body.rstrip())
    start = body.rfind("\n", 0, end) + 1
    last = body[start:end]
    if _NODE_START.match(last) is None:
        return
    line = first_line + body.count("\n", 0, start)
    _token_records(last, line)  # raises for a cut-off node; a valid node is left to the rest


def _line_of(where: tuple[str, int], node: int) -> int:
    """The file line of the ``node``-th non-empty line of the body (``where = (body, first)``)."""
    body, first = where
    seen = -1
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if line:
            seen += 1
            if seen == node:
                return first + i
    return first + len(lines) - 1


def _preorder_parents(nch: np.ndarray) -> np.ndarray:
    """Parents from the child counts of a preorder listing (vectorized pointer jumping).

    With :math:`W_v = \\sum_{u<v} (c_u - 1)` (pending subtrees before node :math:`v`, minus
    one), the parent of :math:`v` is the last :math:`u < v` with :math:`W_u \\le W_v`.
    """
    n = len(nch)
    w = np.zeros(n, dtype=np.int64)
    if n > 1:
        w[1:] = np.cumsum(nch[:-1] - 1)
    ptr = np.arange(-1, n - 1, dtype=np.int64)
    active = np.arange(1, n, dtype=np.int64)
    active = active[w[ptr[active]] > w[active]]
    while len(active):
        ptr[active] = ptr[ptr[active]]
        active = active[w[ptr[active]] > w[active]]
    return ptr


def _depths(parent: np.ndarray) -> np.ndarray:
    """Depth of every node by pointer doubling over the parent array."""
    n = len(parent)
    depth = np.ones(n, dtype=np.int64)
    depth[0] = 0
    up = parent.copy()
    up[0] = 0
    active = np.flatnonzero(up > 0)
    while len(active):
        depth[active] += depth[up[active]]
        up[active] = up[up[active]]
        active = active[up[active] > 0]
    return depth


def _terminal_payoffs(
    t_out: tuple[str, ...],
    t_pay: tuple[str, ...],
    term_pre: np.ndarray,
    term_b: np.ndarray,
    n_players: int,
    kind: str,
    lines: tuple[str, int],
) -> Any:
    """Payoff rows of the terminals in breadth-first order (an array, or a list of tuples)."""
    import operator

    if len(term_pre) == 0:
        return []
    get = operator.itemgetter(*term_pre.tolist())
    outs = get(t_out) if len(term_pre) > 1 else (get(t_out),)
    pays = get(t_pay) if len(term_pre) > 1 else (get(t_pay),)
    try:
        out_num = np.array(outs, dtype=np.int64)
    except ValueError:
        raise _NotFast from None
    defined = np.fromiter(map(bool, pays), dtype=bool, count=len(pays))
    texts = [p for p in pays if p]
    joined = "\n".join(texts)
    if joined.count("{") != len(texts) or joined.count("}") != len(texts) or '"' in joined:
        raise _NotFast
    cleaned = joined.replace("{", " ").replace("}", " ").replace(",", " ")
    per_tail = list(map(str.split, cleaned.split("\n"))) if texts else []
    counts = np.fromiter(map(len, per_tail), dtype=np.int64, count=len(texts))
    bad = np.flatnonzero(counts != n_players)
    if len(bad):
        j = int(np.flatnonzero(defined)[bad[0]])
        raise InvalidGameError(
            f"line {_line_of(lines, int(term_pre[j]))}: outcome {out_num[j]} needs "
            f"{n_players} payoffs (one per player); got {int(counts[bad[0]])}"
        )
    tokens = list(itertools.chain.from_iterable(per_tail))
    try:
        values = _parse_numbers(tokens, kind)
    except _BadNumber as bad:
        j = int(np.flatnonzero(defined)[bad.index // n_players])
        raise InvalidGameError(
            f"line {_line_of(lines, int(term_pre[j]))}: payoff {bad.index % n_players + 1} of "
            f"outcome {out_num[j]}: {bad.message}"
        ) from None
    if isinstance(values, list):
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
        values = arr
    values = values.reshape(len(texts), n_players)
    # terminals in breadth-first order: term_b lists their preorder indices
    idx = np.searchsorted(term_pre, term_b)
    if len(texts) == len(out_num) and np.array_equal(
        out_num, np.arange(1, len(out_num) + 1, dtype=np.int64)
    ):
        return values[idx]  # what Gambit writes: outcome k defined at the k-th terminal
    # the first definition of each outcome number, in file order
    def_nums = out_num[defined]
    uniq, first, group = np.unique(def_nums, return_index=True, return_inverse=True)
    # an outcome given twice must be given the same payoffs both times
    differs = np.flatnonzero(np.any(values != values[first[group]], axis=1))
    if len(differs):
        k = int(differs[0])
        j, j0 = np.flatnonzero(defined)[[k, first[group[k]]]]
        raise InvalidGameError(
            f"line {_line_of(lines, int(term_pre[j]))}: outcome {out_num[j]} is given the "
            f"payoffs {_row_text(values[k])}, but line {_line_of(lines, int(term_pre[j0]))} "
            f"gave it {_row_text(values[first[group[k]]])}"
        )
    pos = np.searchsorted(uniq, out_num)
    pos = np.minimum(pos, max(len(uniq) - 1, 0))
    known = (len(uniq) > 0) & (uniq[pos] == out_num) if len(uniq) else np.zeros(len(out_num), bool)
    missing = ~known & (out_num != 0)
    if np.any(missing):
        j = int(np.flatnonzero(missing)[0])
        raise InvalidGameError(
            f"line {_line_of(lines, int(term_pre[j]))}: missing payoffs: outcome {out_num[j]} "
            "is used but its payoffs are never given"
        )
    zero_row = np.zeros((1, n_players), dtype=values.dtype)
    if values.dtype == object:
        zero_row[:] = 0
    table = np.concatenate([values[first], zero_row]) if len(uniq) else zero_row
    row_of = np.where(out_num == 0, len(table) - 1, pos)
    return table[row_of[idx]]


def _row_text(row: Any) -> str:
    return "{ " + ", ".join(_fmt(x) for x in np.asarray(row).tolist()) + " }"


def _tokens(text: str, first_line: int) -> list[tuple[str, str, int]]:
    out = []
    line = first_line
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise InvalidGameError(f"line {line}: unterminated string label")
        lex = m.group()
        if lex in "{},":
            out.append((lex, lex, line))
        elif lex.startswith('"'):
            out.append(("text", _UNESCAPE.sub(r"\1", lex[1:-1]), line))
        elif not lex.isspace():
            out.append(("word", lex, line))
        line += lex.count("\n")
        pos = m.end()
    return out


class _TokenStream:
    def __init__(self, tokens: list[tuple[str, str, int]]) -> None:
        self.t = tokens
        self.i = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.t[self.i] if self.i < len(self.t) else None

    def next(self, what: str) -> tuple[str, str, int]:
        tok = self.peek()
        if tok is None:
            line = self.t[-1][2] if self.t else 1
            raise InvalidGameError(f"line {line}: unexpected end of file; expected {what}")
        self.i += 1
        return tok

    def expect(self, kind: str, what: str) -> str:
        tok = self.next(what)
        if tok[0] != kind:
            raise InvalidGameError(f"line {tok[2]}: expected {what}; got {tok[1]!r}")
        return tok[1]

    def integer(self, what: str) -> int:
        tok = self.next(what)
        try:
            if tok[0] != "word":
                raise ValueError
            return int(tok[1])
        except ValueError:
            raise InvalidGameError(f"line {tok[2]}: expected {what}; got {tok[1]!r}") from None


def _token_records(text: str, first_line: int) -> list[_Record]:
    s = _TokenStream(_tokens(text, first_line))
    out = []
    while s.peek() is not None:
        kind_tok = s.next("a node")
        kind, line = kind_tok[1], kind_tok[2]
        if kind_tok[0] != "word" or kind not in ("p", "c", "t"):
            raise InvalidGameError(
                f"line {line}: expected a node type 'p', 'c' or 't'; got {kind!r}"
            )
        r = _Record(kind, line)
        s.expect("text", "a node name")
        if kind == "t":
            r.outcome = s.integer("an outcome number")
            _outcome_tail(s, r)
            out.append(r)
            continue
        if kind == "p":
            r.player = s.integer("a player number")
        r.infoset = s.integer("an information set number")
        tok = s.peek()
        if tok is not None and tok[0] == "text":
            r.infoset_name = s.next("")[1]
        tok = s.peek()
        if tok is not None and tok[0] == "{":
            s.next("{")
            labels: list[str] = []
            probs: list[str] = []
            while True:
                tok = s.next("an action label or '}'")
                if tok[0] == "}":
                    break
                if tok[0] != "text":
                    raise InvalidGameError(
                        f"line {tok[2]}: expected an action label; got {tok[1]!r}"
                    )
                labels.append(tok[1])
                if kind == "c":
                    probs.append(s.expect("word", "a probability"))
            r.actions = labels
            r.probs = probs if kind == "c" else None
        r.outcome = s.integer("an outcome number")
        _outcome_tail(s, r)
        out.append(r)
    return out


def _outcome_tail(s: _TokenStream, r: _Record) -> None:
    tok = s.peek()
    if tok is not None and tok[0] == "text":
        r.oname = s.next("")[1]
        s.expect("{", "'{' before the payoffs")
        pays = []
        while True:
            tok = s.next("a payoff or '}'")
            if tok[0] == "}":
                break
            if tok[0] == ",":
                continue
            if tok[0] != "word":
                raise InvalidGameError(f"line {tok[2]}: expected a payoff; got {tok[1]!r}")
            pays.append(tok[1])
        r.payoffs = pays


# --------------------------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------------------------
def _prologue(text: str) -> tuple[list[str], str, int]:
    """Players, the body text, and the line number where the body starts."""
    # the prologue is short: tokenize until the player list (and the optional comment) ends
    m = re.match(r'\s*EFG\s+2\s+R\s+"((?:\\.|[^"\\])*)"\s*\{', text)
    if m is None:
        head = text.lstrip()[:30]
        raise InvalidGameError(
            f"line 1: expected the prologue 'EFG 2 R \"title\" {{ players }}'; got {head!r}"
        )
    pos = m.end()
    players = []
    pm = re.compile(r'\s*"((?:\\.|[^"\\])*)"|\s*(\})', re.DOTALL)
    while True:
        mm = pm.match(text, pos)
        if mm is None:
            line = text.count("\n", 0, pos) + 1
            raise InvalidGameError(f"line {line}: expected a quoted player name or '}}'")
        pos = mm.end()
        if mm.group(2):
            break
        players.append(_UNESCAPE.sub(r"\1", mm.group(1)))
    mm = re.compile(r'\s*"((?:\\.|[^"\\])*)"', re.DOTALL).match(text, pos)
    if mm is not None:
        pos = mm.end()  # the optional comment
    nl = text.find("\n", pos)
    if nl < 0 or text[pos:nl].strip():
        # body starts on the same line as the prologue ends
        return players, text[pos:], text.count("\n", 0, pos) + 1
    return players, text[nl + 1 :], text.count("\n", 0, nl + 1) + 1


def read_efg(text: str, *, kind: Literal["exact", "float"] = "exact") -> GameTree:
    r"""Read a game tree from the text of a Gambit ``.efg`` file.

    Parameters
    ----------
    text : str
        The file's text (starting, after whitespace, with ``EFG 2 R``).
    kind : {"exact", "float"}, default "exact"
        ``"exact"`` reads numbers exactly (``int``/``Fraction``); ``"float"`` reads them as
        floats, which is faster for large files.

    Returns
    -------
    GameTree
        Players, action labels, chance probabilities, information sets (a set named in the
        file keeps its name if that name is unique, otherwise it is named
        ``"<player>:<number>"``; a single-node set with an empty name stays anonymous) and
        payoffs (outcomes on the path summed; terminals without outcome get 0).

    Raises
    ------
    InvalidGameError
        For a malformed file (the message names the line), an outcome used before its
        payoffs are given, a payoff vector of the wrong length, an information set whose
        actions are never listed, or anything :class:`~dealmodels.GameTree` rejects.

    Examples
    --------
    >>> text = '''EFG 2 R "Entry" { "entrant" "incumbent" }
    ... ""
    ...
    ... p "" 1 1 "" { "in" "out" } 0
    ... p "" 2 1 "" { "fight" "accommodate" } 0
    ... t "" 1 "" { -1, -1 }
    ... t "" 2 "" { 1, 1 }
    ... t "" 3 "" { 0, 2 }
    ... '''
    >>> tree = read_efg(text)
    >>> tree.players, tree.actions_at(1), tree.payoffs_at(2)
    (('entrant', 'incumbent'), ('fight', 'accommodate'), (0, 2))
    >>> write_efg(tree, title="Entry") == text
    True
    """
    if not isinstance(text, str):
        raise fail("text", "the text of an .efg file (a str)", text)
    check_choice("kind", kind, ("exact", "float"))
    players, body, first_line = _prologue(text)
    if not players:
        raise InvalidGameError("line 1: an .efg file needs at least one player")
    if "\\" not in body:
        try:
            with paused_gc():
                return _read_fast(body, first_line, players, kind)
        except _NotFast:
            pass
    _check_last_line(body, first_line)
    records = _fast_records(body.split("\n"), first_line)
    if records is None:
        records = _token_records(body, first_line)
    if not records:
        raise InvalidGameError("an .efg file needs at least one node")
    return _build(players, records, kind)


def _build(players: list[str], records: list[_Record], kind: str) -> GameTree:
    n = len(records)
    n_players = len(players)
    num = _number if kind == "exact" else _float_number
    # information sets: actions and probabilities given at the first node that lists them
    pinfo: dict[tuple[int, int], tuple[list[str], str]] = {}
    cinfo: dict[int, tuple[list[str], list[str]]] = {}
    for r in records:
        if r.kind == "p" and r.actions is not None:
            key = (r.player, r.infoset)
            if key not in pinfo:
                pinfo[key] = (r.actions, r.infoset_name or "")
        elif r.kind == "c" and r.actions is not None and r.infoset not in cinfo:
            cinfo[r.infoset] = (r.actions, r.probs or [])
    # outcomes
    outcomes: dict[int, tuple[Any, ...]] = {}
    defined_at: dict[int, int] = {}
    for r in records:
        if r.payoffs is not None:
            if len(r.payoffs) != n_players:
                raise InvalidGameError(
                    f"line {r.line}: outcome {r.outcome} needs {n_players} payoffs (one per "
                    f"player); got {len(r.payoffs)}"
                )
            row = tuple(num(x, r.line) for x in r.payoffs)
            if r.outcome not in outcomes:
                outcomes[r.outcome] = row
                defined_at[r.outcome] = r.line
            elif row != outcomes[r.outcome]:
                raise InvalidGameError(
                    f"line {r.line}: outcome {r.outcome} is given the payoffs "
                    f"{_row_text(row)}, but line {defined_at[r.outcome]} gave it "
                    f"{_row_text(outcomes[r.outcome])}"
                )
    zero = tuple([0 if kind == "exact" else 0.0] * n_players)
    # depth-first walk: parents, depths, child counts, labels
    kinds = np.empty(n, dtype=np.int8)
    nch = np.zeros(n, dtype=np.int64)
    depth = np.zeros(n, dtype=np.int64)
    parent = np.full(n, -1, dtype=np.int64)
    sibling = np.zeros(n, dtype=np.int64)
    player = np.full(n, -1, dtype=np.int64)
    label_ids: dict[str, int] = {}
    label_table: list[str] = []
    node_labels: list[list[int]] = [[]] * n
    infoset_key: dict[int, Any] = {}
    pkeys: dict[tuple[int, int], Any] = {}
    name_count: dict[str, int] = {}
    for _, nm in pinfo.values():
        if nm:
            name_count[nm] = name_count.get(nm, 0) + 1
    pcount: dict[tuple[int, int], int] = {}
    for r in records:
        if r.kind == "p":
            pcount[(r.player, r.infoset)] = pcount.get((r.player, r.infoset), 0) + 1
    has_inner_outcome = False
    stack: list[list[int]] = []  # [node, children still expected]
    label_cache: dict[tuple[str, ...], list[int]] = {}
    term_rows: list[tuple[Any, ...]] = []
    term_nodes: list[int] = []
    chance_infos: dict[int, list[Any]] = {}
    for v, r in enumerate(records):
        if v > 0:
            if not stack:
                raise InvalidGameError(
                    f"line {r.line}: node after the tree is complete (too many nodes)"
                )
            top = stack[-1]
            p = top[0]
            parent[v] = p
            sibling[v] = nch[p] - top[1]
            depth[v] = depth[p] + 1
            top[1] -= 1
            if top[1] == 0:
                stack.pop()
        if r.kind == "t":
            kinds[v] = TERMINAL
            if r.outcome != 0 and r.outcome not in outcomes:
                raise InvalidGameError(
                    f"line {r.line}: missing payoffs: outcome {r.outcome} is used before its "
                    "payoffs are given"
                )
            term_nodes.append(v)
            term_rows.append(outcomes[r.outcome] if r.outcome else zero)
            continue
        if r.outcome != 0:
            if r.outcome not in outcomes:
                raise InvalidGameError(
                    f"line {r.line}: missing payoffs: outcome {r.outcome} is used before its "
                    "payoffs are given"
                )
            has_inner_outcome = True
        if r.kind == "p":
            key = (r.player, r.infoset)
            if not 1 <= r.player <= n_players:
                raise InvalidGameError(
                    f"line {r.line}: unknown player {r.player}; the file has {n_players}"
                )
            info = pinfo.get(key)
            if info is None:
                raise InvalidGameError(
                    f"line {r.line}: information set {r.infoset} of player {r.player} never "
                    "lists its actions"
                )
            labels = info[0]
            if r.actions is not None and r.actions != labels:
                raise InvalidGameError(
                    f"line {r.line}: information set {r.infoset} of player {r.player} mixes "
                    f"action labels {labels} and {r.actions}"
                )
            kinds[v] = DECISION
            player[v] = r.player - 1
            if key not in pkeys:
                nm = info[1]
                if pcount[key] == 1 and not nm:
                    pkeys[key] = None
                elif nm and name_count[nm] == 1:
                    pkeys[key] = nm
                else:
                    pkeys[key] = f"{players[r.player - 1]}:{r.infoset}"
            if pkeys[key] is not None:
                infoset_key[v] = pkeys[key]
        else:
            cinf = cinfo.get(r.infoset)
            if cinf is None:
                raise InvalidGameError(
                    f"line {r.line}: chance information set {r.infoset} never lists its actions"
                )
            labels = cinf[0]
            kinds[v] = CHANCE
            chance_infos[v] = cinf[1]
        tl = tuple(labels)
        ids = label_cache.get(tl)
        if ids is None:
            ids = []
            for lab in labels:
                j = label_ids.get(lab)
                if j is None:
                    j = label_ids[lab] = len(label_table)
                    label_table.append(lab)
                ids.append(j)
            label_cache[tl] = ids
        node_labels[v] = ids
        k = len(ids)
        if k == 0:
            raise InvalidGameError(f"line {r.line}: a node needs at least one action")
        nch[v] = k
        stack.append([v, k])
    if stack:
        raise InvalidGameError(
            f"the file ends before the tree is complete: node on line "
            f"{records[stack[-1][0]].line} misses {stack[-1][1]} children"
        )
    if has_inner_outcome:
        term_rows = _fold_outcomes(records, parent, term_nodes, term_rows, outcomes)
    # breadth-first order = stable sort of the preorder by depth
    perm = np.argsort(depth, kind="stable")
    inv = np.empty(n, dtype=np.int64)
    inv[perm] = np.arange(n, dtype=np.int64)
    kinds_b = kinds[perm]
    nch_b = nch[perm]
    first_b = np.cumsum(nch_b) + 1 - nch_b
    # incoming action label of each node
    action_pre = np.full(n, -1, dtype=np.int64)
    flat_labels = [
        node_labels[int(p)][int(s)] for p, s in zip(parent[1:], sibling[1:], strict=True)
    ]
    action_pre[1:] = flat_labels
    action_b = action_pre[perm]
    player_b = player[perm]
    term_nodes_arr = np.array(term_nodes, dtype=np.int64)
    term_order = np.argsort(inv[term_nodes_arr], kind="stable")
    rows = [term_rows[i] for i in term_order.tolist()]
    chance_slot: list[int] = []
    chance_probs: list[Any] = []
    for v in sorted(chance_infos, key=lambda u: int(inv[u])):
        probs = chance_infos[v]
        f = int(first_b[inv[v]])
        line = records[v].line
        chance_slot.extend(range(f, f + len(probs)))
        chance_probs.extend(num(p, line) for p in probs)
    keys_b = {int(inv[v]): key for v, key in infoset_key.items()}
    return GameTree.from_arrays(
        players=tuple(players),
        node_kind=kinds_b,
        n_children=nch_b,
        node_player=player_b,
        action_code=action_b,
        label_table=tuple(label_table),
        payoffs=rows,
        probabilities=_per_node(n, np.array(chance_slot, dtype=np.int64), chance_probs, kind),
        infosets=keys_b,
    )


def _fold_outcomes(
    records: list[_Record],
    parent: np.ndarray,
    term_nodes: list[int],
    term_rows: list[tuple[Any, ...]],
    outcomes: dict[int, tuple[Any, ...]],
) -> list[tuple[Any, ...]]:
    out = []
    for t, row in zip(term_nodes, term_rows, strict=True):
        acc = list(row)
        v = int(parent[t])
        while v >= 0:
            o = records[v].outcome
            if o:
                acc = [a + b for a, b in zip(acc, outcomes[o], strict=True)]
            v = int(parent[v])
        out.append(tuple(acc))
    return out


# --------------------------------------------------------------------------------------------
# writing
# --------------------------------------------------------------------------------------------
def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fmt(x: Any) -> str:
    if isinstance(x, int | np.integer):
        return str(int(x))
    if isinstance(x, Fraction):
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    return float_text(float(x))


def write_efg(tree: GameTree, *, title: str = "", comment: str = "") -> str:
    r"""Write a game tree as the text of a Gambit ``.efg`` file.

    Parameters
    ----------
    tree : GameTree
        A float or exact tree.
    title, comment : str, default ""
        The title and the comment of the prologue.

    Returns
    -------
    str
        Nodes in depth-first preorder, one per line; information sets numbered per player in
        order of first appearance (named by their name in the tree, if any); one
        information set per chance node; one outcome per terminal node (unnamed). Exact
        numbers are written as integers or ``p/q``, floats as their shortest round-trip
        decimal, so ``read_efg(write_efg(t)) == t`` for exact trees and
        ``read_efg(write_efg(t), kind="float") == t`` for float trees.

    Raises
    ------
    UnsupportedGameError
        For a symbolic tree (substitute values first).

    Examples
    --------
    >>> from dealmodels.games.extensive_form import decision, chance
    >>> from fractions import Fraction
    >>> t = GameTree.build(["A"], chance({"h": (Fraction(1, 3), (1,)),
    ...                                   "t": (Fraction(2, 3), decision("A", {"x": (2,)}))}))
    >>> print(write_efg(t), end="")
    EFG 2 R "" { "A" }
    ""
    <BLANKLINE>
    c "" 1 "" { "h" 1/3 "t" 2/3 } 0
    t "" 1 "" { 1 }
    p "" 1 1 "" { "x" } 0
    t "" 2 "" { 2 }
    """
    if not isinstance(tree, GameTree):
        raise fail("tree", "a GameTree", tree)
    for name, value in (("title", title), ("comment", comment)):
        if not isinstance(value, str):
            raise fail(name, "a string", value)
    if tree.kind == "symbolic":
        raise UnsupportedGameError(
            "a symbolic tree has no numeric payoffs to write: use tree.subs(...) first"
        )
    players = " ".join(_quote(p) for p in tree.players)
    out = [f"EFG 2 R {_quote(title)} {{ {players} }}\n", f"{_quote(comment)}\n", "\n"]
    kinds = tree.node_kind.tolist()
    player = tree.node_player.tolist()
    infoset = tree.infoset.tolist()
    fc = tree.first_child.tolist()
    nc = tree.n_children.tolist()
    row = tree.payoff_row.tolist()
    table = tree.label_table
    action = tree.action_code.tolist()
    prob = tree.probabilities
    exact = tree.kind == "exact"
    pay = tree.payoffs.tolist()
    pay_text = [", ".join(_fmt(x) for x in r) for r in pay] if exact else None
    numbers: dict[int, int] = {}
    per_player = [0] * tree.n_players
    seen_actions: dict[tuple[int, ...], str] = {}
    n_chance = 0
    n_outcome = 0
    append = out.append
    for v in iter_preorder(tree):
        k = kinds[v]
        if k == TERMINAL:
            n_outcome += 1
            r = row[v]
            text = pay_text[r] if pay_text is not None else ", ".join(_fmt(x) for x in pay[r])
            append(f't "" {n_outcome} "" {{ {text} }}\n')
            continue
        f, m = fc[v], nc[v]
        ids = tuple(action[f : f + m])
        if k == DECISION:
            j = infoset[v]
            num = numbers.get(j)
            if num is None:
                p = player[v]
                per_player[p] += 1
                num = numbers[j] = per_player[p]
            labels = seen_actions.get(ids)
            if labels is None:
                labels = seen_actions[ids] = " ".join(_quote(table[a]) for a in ids)
            lab = tree.infoset_label(j)
            name = "" if lab is None else str(lab)
            append(f'p "" {player[v] + 1} {num} {_quote(name)} {{ {labels} }} 0\n')
        else:
            n_chance += 1
            branches = " ".join(
                f"{_quote(table[action[c]])} {_fmt(prob[c])}" for c in range(f, f + m)
            )
            append(f'c "" {n_chance} "" {{ {branches} }} 0\n')
    return "".join(out)
