r"""Read and write games in Gambit's text formats (``.nfg``; ``.efg`` via ``io.efg``).

A strategic-game file (Gambit's ``.nfg``, version 1) is a prologue and a body [1]_::

    NFG 1 R "title" { "player 1" "player 2" }
    { { "s1" "s2" "s3" } { "t1" "t2" } }      (or only the counts: { 3 2 })
    "optional comment"

followed by either the **payoff version** of the body, a flat list of every player's payoff at
each strategy profile, or the **outcome version**: a list of outcomes
``{ "label" payoff1, payoff2 }`` and then one outcome index per profile (1-based; 0 is the
null outcome, worth 0 to everyone). Profiles are listed with the *first* player's strategy
changing fastest (column-major order of the payoff tensor).

Numbers are integers, decimals (with an optional exponent) or rationals like ``3/2``. This
module reads every number as an exact :class:`~fractions.Fraction` (``Fraction("0.1")`` is
exactly 1/10), so a file gives an exact game unless ``kind="float"`` is asked for.

References
----------
.. [1] The Gambit Project, "Game representation formats", Gambit documentation
   (https://gambitproject.readthedocs.io), sections on the strategic game (.nfg) file format,
   payoff and outcome versions.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from dealmodels._validation import check_choice, fail
from dealmodels.errors import InvalidGameError, UnsupportedGameError
from dealmodels.games.normal_form import NormalFormGame

if TYPE_CHECKING:
    from dealmodels.games.extensive_form import GameTree

__all__ = ["read_gambit", "write_gambit"]

NfgFormat = Literal["payoffs", "outcomes"]

_GAMBIT_TEXT = re.compile(r"\s*(NFG|EFG)\s")  # text, not a path (e.g. "NFG_game.nfg")


# -- lexer ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Token:
    kind: str  # "{", "}", ",", "text", "word"
    value: str
    line: int


_LEXEME = re.compile(r'\s+|[{},]|"(?:\\.|[^"\\])*"|[^\s{},"]+', re.DOTALL)


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    line = 1
    pos = 0
    while pos < len(text):
        m = _LEXEME.match(text, pos)
        if m is None:  # an opening quote without its closing quote
            raise InvalidGameError(f"line {line}: unterminated string label")
        lex = m.group()
        if lex in "{},":
            out.append(_Token(lex, lex, line))
        elif lex.startswith('"'):
            out.append(_Token("text", re.sub(r'\\"', '"', lex[1:-1]), line))
        elif not lex.isspace():
            out.append(_Token("word", lex, line))
        line += lex.count("\n")
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.pos = 0

    def _where(self) -> str:
        if self.pos < len(self.toks):
            t = self.toks[self.pos]
            return f"line {t.line}, token {t.value!r}"
        last = self.toks[-1].line if self.toks else 1
        return f"line {last}, end of file"

    def error(self, expected: str) -> InvalidGameError:
        return InvalidGameError(f"malformed Gambit file: expected {expected} at {self._where()}")

    def peek(self) -> _Token | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self, kind: str, expected: str) -> _Token:
        t = self.peek()
        if t is None or t.kind != kind:
            raise self.error(expected)
        self.pos += 1
        return t

    def word(self, expected: str) -> str:
        return self.take("word", expected).value

    def number(self, expected: str = "a number") -> Fraction:
        t = self.peek()
        if t is None or t.kind != "word":
            raise self.error(expected)
        try:
            value = Fraction(t.value)
        except (ValueError, ZeroDivisionError):
            raise self.error(expected) from None
        self.pos += 1
        return value

    def integer(self, expected: str) -> int:
        t = self.peek()
        if t is None or t.kind != "word" or not re.fullmatch(r"[+-]?\d+", t.value):
            raise self.error(expected)
        self.pos += 1
        return int(t.value)

    def texts(self, what: str) -> list[str]:
        self.take("{", f"'{{' opening the {what}")
        out = []
        while (t := self.peek()) is not None and t.kind == "text":
            out.append(t.value)
            self.pos += 1
        self.take("}", f"a quoted label or '}}' closing the {what}")
        return out

    def at(self, kind: str) -> bool:
        t = self.peek()
        return t is not None and t.kind == kind


def _distinct(labels: list[str]) -> list[str]:
    """Make labels distinct and non-empty as Gambit does: repeats get ``_1``, ``_2``, ..."""
    counts: dict[str, int] = {}
    for s in labels:
        counts[s] = counts.get(s, 0) + 1
    used = set(labels)
    seen: dict[str, int] = {}
    out = []
    for s in labels:
        if counts[s] == 1 and s != "":
            out.append(s)
            continue
        while True:
            seen[s] = seen.get(s, 0) + 1
            cand = f"{s}_{seen[s]}"
            if cand not in used:
                break
        used.add(cand)
        out.append(cand)
    return out


def _parse_nfg(text: str, kind: str) -> NormalFormGame:
    p = _Parser(text)
    if p.word("'NFG'") != "NFG":
        p.pos -= 1
        raise p.error("'NFG'")
    if p.integer("version 1") != 1:
        p.pos -= 1
        raise p.error("version 1")
    if p.word("'R' or 'D'") not in ("R", "D"):
        p.pos -= 1
        raise p.error("'R' or 'D'")
    p.take("text", "the quoted game title")
    players = p.texts("list of players")
    if not players:
        p.pos -= 1
        raise p.error("at least one player")
    n = len(players)
    p.take("{", "'{' opening the strategies")
    labels: list[list[str]]
    if p.at("{"):
        labels = []
        for i in range(n):
            labels.append(p.texts(f"strategies of player {i + 1}"))
            if not labels[-1]:
                p.pos -= 1
                raise p.error(f"at least one strategy for player {i + 1}")
    else:
        labels = []
        for i in range(n):
            count = p.integer(f"the number of strategies of player {i + 1}")
            if count < 1:
                p.pos -= 1
                raise p.error(f"a positive number of strategies for player {i + 1}")
            labels.append([str(k + 1) for k in range(count)])
    p.take("}", "'}' closing the strategies")
    if p.at("text"):
        p.pos += 1  # the optional comment
    shape = tuple(len(s) for s in labels)
    size = int(np.prod(shape))
    values = np.empty((size, n), dtype=object)
    if p.at("{"):
        p.pos += 1
        outcomes: list[list[Fraction]] = []
        while p.at("{"):
            p.pos += 1
            p.take("text", "the quoted outcome label")
            pays = []
            for i in range(n):
                pays.append(p.number(f"player {i + 1}'s payoff in outcome {len(outcomes) + 1}"))
                if p.at(","):
                    p.pos += 1
            p.take("}", f"'}}' closing outcome {len(outcomes) + 1} ({n} payoffs)")
            outcomes.append(pays)
        p.take("}", "'}' closing the list of outcomes")
        for k in range(size):
            idx = p.integer(f"an outcome index for profile {k + 1} of {size}")
            if not 0 <= idx <= len(outcomes):
                p.pos -= 1
                raise p.error(f"an outcome index in [0, {len(outcomes)}]")
            values[k] = outcomes[idx - 1] if idx else [Fraction(0)] * n
    else:
        for k in range(size):
            for i in range(n):
                values[k, i] = p.number(f"player {i + 1}'s payoff for profile {k + 1} of {size}")
    if p.peek() is not None:
        raise p.error("the end of the file")
    payoffs = [values[:, i].reshape(shape, order="F") for i in range(n)]
    if kind == "float":
        payoffs = [a.astype(np.float64) for a in payoffs]
    return NormalFormGame(
        payoffs, players=_distinct(players), actions=[_distinct(s) for s in labels]
    )


# -- writer ---------------------------------------------------------------------------------------
def _quote(s: str) -> str:
    return '"' + s.replace('"', '\\"') + '"'


def _number(v: Any) -> str:
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    x = float(v)
    if x.is_integer():
        return str(int(x))
    return format(Decimal(repr(x)), "f")  # shortest round-trip decimal, no exponent


def _write_nfg(game: NormalFormGame, title: str, comment: str, format: NfgFormat) -> Iterator[str]:
    if game.kind == "symbolic":
        raise UnsupportedGameError(
            "a symbolic game cannot be written to a Gambit file: substitute values with subs()"
        )
    n = game.n_players
    yield f"NFG 1 R {_quote(title)} {{ {' '.join(_quote(p) for p in game.players)} }}\n"
    yield (
        "{ "
        + " ".join("{ " + " ".join(_quote(a) for a in acts) + " }" for acts in game.actions)
        + " }\n"
    )
    yield _quote(comment) + "\n\n"
    flat = [np.asarray(a).reshape(-1, order="F") for a in game.payoffs]
    size = flat[0].shape[0]
    rows = [tuple(_number(flat[i][k]) for i in range(n)) for k in range(size)]
    if format == "payoffs":
        for row in rows:
            yield " ".join(row) + "\n"
        return
    index: dict[tuple[str, ...], int] = {}
    for row in rows:
        index.setdefault(row, len(index) + 1)
    yield "{\n"
    for row in index:
        yield "{ " + _quote("") + " " + ", ".join(row) + " }\n"
    yield "}\n"
    yield " ".join(str(index[row]) for row in rows) + "\n"


# -- .efg dispatch --------------------------------------------------------------------------------
def _efg_module() -> ModuleType:
    try:
        return importlib.import_module("dealmodels.io.efg")
    except ModuleNotFoundError as exc:
        if exc.name != "dealmodels.io.efg":
            raise
        raise UnsupportedGameError(
            "extensive-form (.efg) files need dealmodels.io.efg, which is not available in "
            "this version of dealmodels"
        ) from None


# -- public ---------------------------------------------------------------------------------------
def read_gambit(
    path_or_text: str | os.PathLike[str], *, kind: Literal["exact", "float"] = "exact"
) -> NormalFormGame | GameTree:
    r"""Read a game from a Gambit ``.nfg`` (or ``.efg``) file or string.

    Parameters
    ----------
    path_or_text : str or path-like
        The text of the file (a string starting, after whitespace, with ``NFG`` or ``EFG``)
        or the path of a file to read.
    kind : {"exact", "float"}, default "exact"
        ``"exact"`` reads every number as an exact Fraction (decimals included:
        ``0.1`` is 1/10); ``"float"`` gives a float game. Passed on to ``read_efg`` for
        ``.efg`` text.

    Returns
    -------
    NormalFormGame or GameTree
        A :class:`~dealmodels.NormalFormGame` for ``NFG`` text; for ``EFG`` text, whatever
        :func:`dealmodels.io.efg.read_efg` returns (a ``GameTree``).

    Raises
    ------
    InvalidGameError
        For a malformed file; the message names the line and the offending token.
    UnsupportedGameError
        For ``EFG`` text when :mod:`dealmodels.io.efg` is not available.
    InvalidParameterError
        If ``path_or_text`` is neither Gambit text nor the path of an existing file, or for
        an unknown ``kind``.

    Notes
    -----
    Player names and strategy labels are kept. Labels that are empty or repeated are made
    distinct the way Gambit does (``""`` becomes ``"_1"``, a repeated ``"x"`` becomes
    ``"x_1"``, ``"x_2"``); a file that gives only strategy counts gets Gambit's labels
    ``"1"``, ``"2"``, .... The **title and comment are dropped** (a NormalFormGame has no
    place for them); pass them again to :func:`write_gambit` to keep them.

    Examples
    --------
    The payoff-version sample file of the Gambit documentation (Selten 1975, figure 2):

    >>> text = '''NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
    ... { "Player 1" "Player 2" } { 3 2 }
    ...
    ... 1 1 0 2 0 2 1 1 0 3 2 0
    ... '''
    >>> game = read_gambit(text)
    >>> game.shape, game.players
    ((3, 2), ('Player 1', 'Player 2'))
    >>> game.payoff_profile((1, 1))
    (Fraction(0, 1), Fraction(3, 1))
    """
    check_choice("kind", kind, ("exact", "float"))
    if isinstance(path_or_text, str) and _GAMBIT_TEXT.match(path_or_text):
        text = path_or_text
    elif isinstance(path_or_text, str | os.PathLike):
        path = Path(path_or_text)
        try:
            is_file = path.is_file()
        except (OSError, ValueError):
            is_file = False
        if not is_file:
            raise fail(
                "path_or_text",
                "Gambit text (starting with NFG or EFG) or the path of an existing file",
                str(path_or_text)[:80],
            )
        text = path.read_text(encoding="utf-8")
    else:
        raise fail("path_or_text", "a string or a path", path_or_text)
    head = text.lstrip()[:3]
    if head == "EFG":
        tree: GameTree = _efg_module().read_efg(text, kind=kind)
        return tree
    if head != "NFG":
        raise InvalidGameError(
            f"malformed Gambit file: expected 'NFG' or 'EFG' at line 1; got {text.lstrip()[:20]!r}"
        )
    return _parse_nfg(text, kind)


def write_gambit(
    game: NormalFormGame | GameTree,
    path: str | os.PathLike[str] | None = None,
    *,
    title: str = "",
    comment: str = "",
    format: NfgFormat = "payoffs",
) -> str:
    r"""Write a game as Gambit ``.nfg`` text (``.efg`` for a game tree).

    Parameters
    ----------
    game : NormalFormGame or GameTree
        A float or exact normal-form game; any other object with the class name
        ``GameTree`` is handed to :func:`dealmodels.io.efg.write_efg`.
    path : str or path-like, optional
        Also write the text to this file (UTF-8).
    title, comment : str, default ""
        The game title and the optional comment of the prologue (passed on to
        ``write_efg`` for a game tree).
    format : {"payoffs", "outcomes"}, default "payoffs"
        The payoff version (a flat list of payoffs) or the outcome version (each distinct
        payoff vector once as an outcome, then one outcome index per profile).

    Returns
    -------
    str
        The file's text.

    Raises
    ------
    UnsupportedGameError
        For a symbolic game, or a game tree when :mod:`dealmodels.io.efg` is not available.
    InvalidParameterError
        For another type of ``game``, non-string ``title``/``comment`` or an unknown
        ``format``.

    Notes
    -----
    Strategy labels are always written (nested list), so ``read_gambit(write_gambit(g))``
    equals ``g`` for exact games. Exact payoffs are written as integers or ``p/q``; floats as
    their shortest round-trip decimal without exponent (``0.1``, ``0.00001``), read back
    exactly as that decimal: so ``read_gambit(write_gambit(g), kind="float")`` equals a
    float game ``g``.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> print(write_gambit(pd, title="Prisoner's dilemma"), end="")
    NFG 1 R "Prisoner's dilemma" { "player 0" "player 1" }
    { { "a0" "a1" } { "a0" "a1" } }
    ""
    <BLANKLINE>
    3 3
    5 0
    0 5
    1 1
    >>> read_gambit(write_gambit(pd)) == pd
    True
    """
    for name, value in (("title", title), ("comment", comment)):
        if not isinstance(value, str):
            raise fail(name, "a string", value)
    check_choice("format", format, ("payoffs", "outcomes"))
    if isinstance(game, NormalFormGame):
        text = "".join(_write_nfg(game, title, comment, format))
    elif type(game).__name__ == "GameTree":
        text = str(_efg_module().write_efg(game, title=title, comment=comment))
    else:
        raise fail("game", "a NormalFormGame or a GameTree", game)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
