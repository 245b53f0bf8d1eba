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

import re
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from dealmodels._validation import check_choice, fail
from dealmodels.errors import InvalidGameError, UnsupportedGameError
from dealmodels.games.extensive_form import CHANCE, DECISION, TERMINAL, GameTree, iter_preorder

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
        return float(text)
    except ValueError:
        pass
    try:
        return float(Fraction(text))
    except (ValueError, ZeroDivisionError):
        raise InvalidGameError(f"line {line}: expected a number; got {text!r}") from None


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


def _parse_tail(
    tail: str, chance: bool, label_ids: dict[str, int], table: list[str], num: Any, line: int
) -> tuple[tuple[int, ...], tuple[Any, ...], int, str | None]:
    """``{ "a" "b" } outcome ["oname" { payoffs }]`` -> label ids, probabilities, outcome,
    payoff text."""
    parts = tail.split('"')
    if parts[0].strip() != "{":
        raise _NotFast
    seps = parts[2::2]
    probs: list[Any] = []
    closing = -1
    after = ""
    for k, sep in enumerate(seps):
        before, brace, after = sep.partition("}")
        before = before.strip()
        if chance:
            if not before or " " in before:
                raise _NotFast
            probs.append(num(before, line))
        elif before:
            raise _NotFast
        if brace:
            closing = k
            break
    if closing < 0:
        raise _NotFast
    labels = parts[1::2][: closing + 1]
    ids = []
    for lab in labels:
        j = label_ids.get(lab)
        if j is None:
            j = label_ids[lab] = len(table)
            table.append(lab)
        ids.append(j)
    remaining = parts[2 * closing + 3 :]
    nums = after.split()
    if len(nums) != 1:
        raise _NotFast
    outcome = int(nums[0])
    pay: str | None = None
    if remaining:
        if len(remaining) != 2:
            raise _NotFast
        pay = remaining[1]
    return tuple(ids), tuple(probs), outcome, pay


def _payoff_vector(
    text: str, n_players: int, num: Any, line: int, outcome: int
) -> tuple[Any, ...]:
    t = text.strip()
    if not (t.startswith("{") and t.endswith("}")):
        raise _NotFast
    vals = t[1:-1].replace(",", " ").split()
    if len(vals) != n_players:
        raise InvalidGameError(
            f"line {line}: outcome {outcome} needs {n_players} payoffs (one per player); "
            f"got {len(vals)}"
        )
    try:
        return tuple(map(int if num is _number else float, vals))
    except ValueError:
        return tuple(num(x, line) for x in vals)


def _read_fast(lines: list[str], first_line: int, players: list[str], kind: str) -> GameTree:
    num = _number if kind == "exact" else _float_number
    n_players = len(players)
    kinds: list[int] = []
    parent: list[int] = []
    depth: list[int] = []
    sibling: list[int] = []
    nch: list[int] = []
    dec_player: list[int] = []
    dec_key: list[str] = []
    dec_name: list[str] = []
    edge_labels: list[tuple[int, ...]] = []  # per inner node, preorder
    inner_nodes: list[int] = []
    chance_nodes: list[int] = []
    chance_probs: list[tuple[Any, ...]] = []
    term_outcome: list[int] = []
    outcomes: dict[int, tuple[Any, ...]] = {}
    inner_outcome = False
    label_ids: dict[str, int] = {}
    table: list[str] = []
    tails: dict[tuple[str, bool], tuple[tuple[int, ...], tuple[Any, ...], int, str | None]] = {}
    keys: dict[str, tuple[int, int]] = {}
    first_labels: dict[tuple[int, int], tuple[int, ...]] = {}
    stack_node: list[int] = []
    stack_left: list[int] = []
    v = 0
    line_no = first_line - 1
    for line in lines:
        line_no += 1
        parts = line.split('"', 4)
        head = parts[0].strip()
        if not head:
            if line.strip():
                raise _NotFast
            continue
        if stack_node:
            p = stack_node[-1]
            left = stack_left[-1]
            parent.append(p)
            depth.append(depth[p] + 1)
            sibling.append(nch[p] - left)
            if left == 1:
                stack_node.pop()
                stack_left.pop()
            else:
                stack_left[-1] = left - 1
        elif v == 0:
            parent.append(-1)
            depth.append(0)
            sibling.append(0)
        else:
            raise InvalidGameError(
                f"line {line_no}: node after the tree is complete (too many nodes)"
            )
        if head == "t":
            if len(parts) == 5:
                o = int(parts[2])
                if o not in outcomes:
                    outcomes[o] = _payoff_vector(parts[4], n_players, num, line_no, o)
            elif len(parts) == 3:
                o = int(parts[2])
                if o and o not in outcomes:
                    raise InvalidGameError(
                        f"line {line_no}: missing payoffs: outcome {o} is used before its "
                        "payoffs are given"
                    )
            else:
                raise _NotFast
            kinds.append(TERMINAL)
            nch.append(0)
            term_outcome.append(o)
            v += 1
            continue
        if head == "p" or head == "c":
            if len(parts) != 5:
                raise _NotFast
            is_chance = head == "c"
            tail_key = (parts[4], is_chance)
            parsed = tails.get(tail_key)
            if parsed is None:
                parsed = tails[tail_key] = _parse_tail(
                    parts[4], is_chance, label_ids, table, num, line_no
                )
            ids, probs, o, pay = parsed
            if o:
                inner_outcome = True
                if pay is not None and o not in outcomes:
                    outcomes[o] = _payoff_vector(pay, n_players, num, line_no, o)
                elif o not in outcomes:
                    raise InvalidGameError(
                        f"line {line_no}: missing payoffs: outcome {o} is used before its "
                        "payoffs are given"
                    )
            if is_chance:
                kinds.append(CHANCE)
                chance_nodes.append(v)
                chance_probs.append(probs)
            else:
                raw = parts[2]
                key = keys.get(raw)
                if key is None:
                    nums = raw.split()
                    if len(nums) != 2:
                        raise _NotFast
                    key = keys[raw] = (int(nums[0]), int(nums[1]))
                    if not 1 <= key[0] <= n_players:
                        raise InvalidGameError(
                            f"line {line_no}: unknown player {key[0]}; the file has {n_players}"
                        )
                first = first_labels.setdefault(key, ids)
                if first is not ids and first != ids:
                    raise InvalidGameError(
                        f"line {line_no}: information set {key[1]} of player {key[0]} mixes "
                        f"action labels {[table[j] for j in first]} and {[table[j] for j in ids]}"
                    )
                kinds.append(DECISION)
                dec_player.append(key[0] - 1)
                dec_key.append(raw)
                dec_name.append(parts[3])
            k = len(ids)
            nch.append(k)
            inner_nodes.append(v)
            edge_labels.append(ids)
            stack_node.append(v)
            stack_left.append(k)
            v += 1
            continue
        if head:
            raise _NotFast
    if stack_node:
        raise InvalidGameError(
            f"the file ends before the tree is complete: node {stack_node[-1]} (preorder) "
            f"misses {stack_left[-1]} children"
        )
    if v == 0:
        raise InvalidGameError("an .efg file needs at least one node")
    if inner_outcome:
        raise _NotFast  # rare: outcomes at inner nodes are folded by the general parser
    n = v
    depth_arr = np.array(depth, dtype=np.int64)
    parent_arr = np.array(parent, dtype=np.int64)
    perm = np.argsort(depth_arr, kind="stable")
    inv = np.empty(n, dtype=np.int64)
    inv[perm] = np.arange(n, dtype=np.int64)
    pp = parent_arr[perm]
    parent_b = np.where(pp >= 0, inv[np.maximum(pp, 0)], -1)
    kinds_arr = np.array(kinds, dtype=np.int8)
    nch_arr = np.array(nch, dtype=np.int64)
    kinds_b = kinds_arr[perm]
    nch_b = nch_arr[perm]
    first_b = np.cumsum(nch_b) + 1 - nch_b
    # incoming action labels: gather each inner node's label ids in preorder, then place them
    # at its children (first_child of the node in breadth-first order + offset)
    counts = nch_arr[inner_nodes]
    flat = np.fromiter(
        (j for ids in edge_labels for j in ids), dtype=np.int64, count=int(counts.sum())
    )
    starts = first_b[inv[np.array(inner_nodes, dtype=np.int64)]]
    offs = np.arange(len(flat), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    action_b = np.full(n, -1, dtype=np.int64)
    action_b[np.repeat(starts, counts) + offs] = flat
    player_pre = np.full(n, -1, dtype=np.int64)
    dec_pre = kinds_arr == DECISION
    player_pre[dec_pre] = dec_player
    player_b = player_pre[perm]
    # payoffs, terminals in breadth-first order
    zero = tuple([0 if kind == "exact" else 0.0] * n_players)
    term_pre = np.flatnonzero(kinds_arr == TERMINAL)
    order = np.argsort(inv[term_pre], kind="stable").tolist()
    try:
        rows = [outcomes[term_outcome[i]] if term_outcome[i] else zero for i in order]
    except KeyError as exc:
        raise InvalidGameError(
            f"missing payoffs: outcome {exc.args[0]} is used but its payoffs are never given"
        ) from None
    payoff_row = np.full(n, -1, dtype=np.int64)
    payoff_row[kinds_b == TERMINAL] = np.arange(len(rows), dtype=np.int64)
    # chance probabilities at the children of chance nodes
    slot: list[int] = []
    cprobs: list[Any] = []
    if chance_nodes:
        cn = np.array(chance_nodes, dtype=np.int64)
        for i in np.argsort(inv[cn], kind="stable").tolist():
            f = int(first_b[inv[chance_nodes[i]]])
            slot.extend(range(f, f + len(chance_probs[i])))
            cprobs.extend(chance_probs[i])
    # information sets: anonymous unless shared or named
    infoset_key: dict[int, Any] = {}
    count: dict[str, int] = {}
    for raw in dec_key:
        count[raw] = count.get(raw, 0) + 1
    shared = any(c > 1 for c in count.values())
    if shared or any(dec_name):
        name_of: dict[str, str] = {}
        for raw, nm in zip(dec_key, dec_name, strict=True):
            if nm and raw not in name_of:
                name_of[raw] = nm
        name_count: dict[str, int] = {}
        for nm in name_of.values():
            name_count[nm] = name_count.get(nm, 0) + 1
        dec_nodes_b = inv[np.flatnonzero(dec_pre)].tolist()
        for b, raw in zip(dec_nodes_b, dec_key, strict=True):
            nm = name_of.get(raw, "")
            if nm and name_count[nm] == 1:
                infoset_key[b] = nm
            elif count[raw] > 1 or nm:
                pl, num_ = keys[raw]
                infoset_key[b] = f"{players[pl - 1]}:{num_}"
    return GameTree._assemble(
        players=tuple(players),
        node_kind=kinds_b,
        parent=parent_b.astype(np.int64),
        first_child=first_b.astype(np.int64),
        n_children=nch_b,
        player=player_b,
        infoset_key=infoset_key,
        action=action_b,
        label_table=tuple(table),
        rows=rows,
        payoff_row=payoff_row,
        chance_slot=np.array(slot, dtype=np.int64),
        chance_probs=cprobs,
    )


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
    lines = body.split("\n")
    if "\\" not in body:
        try:
            return _read_fast(lines, first_line, players, kind)
        except _NotFast:
            pass
    records = _fast_records(lines, first_line)
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
    for r in records:
        if r.payoffs is not None and r.outcome not in outcomes:
            if len(r.payoffs) != n_players:
                raise InvalidGameError(
                    f"line {r.line}: outcome {r.outcome} needs {n_players} payoffs (one per "
                    f"player); got {len(r.payoffs)}"
                )
            outcomes[r.outcome] = tuple(num(x, r.line) for x in r.payoffs)
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
    parent_b = np.where(parent[perm] >= 0, inv[np.maximum(parent[perm], 0)], -1)
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
    payoff_row = np.full(n, -1, dtype=np.int64)
    payoff_row[kinds_b == TERMINAL] = np.arange(len(rows), dtype=np.int64)
    chance_slot: list[int] = []
    chance_probs: list[Any] = []
    for v in sorted(chance_infos, key=lambda u: int(inv[u])):
        probs = chance_infos[v]
        f = int(first_b[inv[v]])
        line = records[v].line
        chance_slot.extend(range(f, f + len(probs)))
        chance_probs.extend(num(p, line) for p in probs)
    keys_b = {int(inv[v]): key for v, key in infoset_key.items()}
    return GameTree._assemble(
        players=tuple(players),
        node_kind=kinds_b,
        parent=parent_b.astype(np.int64),
        first_child=first_b.astype(np.int64),
        n_children=nch_b,
        player=player_b,
        infoset_key=keys_b,
        action=action_b,
        label_table=tuple(label_table),
        rows=rows,
        payoff_row=payoff_row,
        chance_slot=np.array(chance_slot, dtype=np.int64),
        chance_probs=chance_probs,
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
    f = float(x)
    if f.is_integer() and abs(f) < 1e16:
        return str(int(f))
    return np.format_float_positional(f, unique=True, trim="-")


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
    table = tree._label_table
    action = tree._action.tolist()
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
            lab = tree._infoset_names[j]
            name = "" if lab is None else str(lab)
            append(f'p "" {player[v] + 1} {num} {_quote(name)} {{ {labels} }} 0\n')
        else:
            n_chance += 1
            branches = " ".join(
                f"{_quote(table[action[c]])} {_fmt(prob[c])}" for c in range(f, f + m)
            )
            append(f'c "" {n_chance} "" {{ {branches} }} 0\n')
    return "".join(out)
