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
import math
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
    start: int  # offset in the text


_LEXEME = re.compile(r'\s+|[{},]|"(?:\\.|[^"\\])*"|[^\s{},"]+', re.DOTALL)
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)
_SPACE = re.compile(r"\s")
_LEADING_SPACE = re.compile(r"\s*")
_NON_SPACE = re.compile(r"\S+")
_CHUNK = 1 << 20  # characters of number list converted at a time (bounds the memory)
_CACHE_LIMIT = 1 << 12  # distinct number texts remembered while converting


class _Parser:
    """A lazy tokenizer: tokens are made on demand, so the body can be read in bulk."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0  # where the next unread token starts
        self.line = 1  # the line at ``offset``
        self.last_line = 1  # the line of the last token read
        self._ahead: _Token | None = None

    def _scan(self) -> _Token | None:
        text = self.text
        while self.offset < len(text):
            m = _LEXEME.match(text, self.offset)
            if m is None:  # an opening quote without its closing quote
                raise InvalidGameError(
                    f"malformed Gambit file: unterminated string label at line {self.line}"
                )
            lex = m.group()
            line, start = self.line, self.offset
            self.line += lex.count("\n")
            self.offset = m.end()
            if lex in "{},":
                return _Token(lex, lex, line, start)
            if lex.startswith('"'):
                return _Token("text", _UNESCAPE.sub(r"\1", lex[1:-1]), line, start)
            if not lex.isspace():
                return _Token("word", lex, line, start)
        return None

    def peek(self) -> _Token | None:
        if self._ahead is None:
            self._ahead = self._scan()
        return self._ahead

    def advance(self) -> _Token:
        t = self.peek()
        assert t is not None
        self._ahead = None
        self.last_line = t.line
        return t

    def error(self, expected: str, at: _Token | None = None) -> InvalidGameError:
        t = self.peek() if at is None else at
        where = (
            f"line {self.last_line}, end of file"
            if t is None
            else f"line {t.line}, token {t.value[:40]!r}"
        )
        return InvalidGameError(f"malformed Gambit file: expected {expected} at {where}")

    def take(self, kind: str, expected: str) -> _Token:
        t = self.peek()
        if t is None or t.kind != kind:
            raise self.error(expected)
        return self.advance()

    def word(self, expected: str) -> _Token:
        return self.take("word", expected)

    def number(self, expected: str, convert: Any) -> Any:
        t = self.peek()
        if t is None or t.kind != "word":
            raise self.error(expected)
        try:
            value = convert(t.value)
        except (ValueError, ZeroDivisionError, OverflowError):
            raise self.error(expected) from None
        self.advance()
        return value

    def integer(self, expected: str) -> int:
        t = self.peek()
        if t is None or t.kind != "word" or not re.fullmatch(r"[+-]?\d+", t.value):
            raise self.error(expected)
        self.advance()
        return int(t.value)

    def texts(self, what: str) -> list[str]:
        self.take("{", f"'{{' opening the {what}")
        out = []
        while (t := self.peek()) is not None and t.kind == "text":
            out.append(t.value)
            self.advance()
        self.take("}", f"a quoted label or '}}' closing the {what}")
        return out

    def at(self, kind: str) -> bool:
        t = self.peek()
        return t is not None and t.kind == kind

    def rest(self) -> tuple[int, int]:
        """The offset and line where the unread text starts (a peeked token is unread)."""
        if self._ahead is not None:
            self.offset, self.line = self._ahead.start, self._ahead.line
            self._ahead = None
        return self.offset, self.line

    def seek(self, offset: int, line: int) -> None:
        """Continue reading tokens at ``offset`` (on ``line``)."""
        self.offset, self.line, self._ahead = offset, line, None


def _exact_number(text: str) -> Fraction:
    return Fraction(text)


def _float_number(text: str) -> float:
    x = float(Fraction(text))  # OverflowError beyond the float range
    return x


_POW10 = [10**k for k in range(64)]


def _fraction(text: str) -> Fraction:
    """``Fraction(text)``, faster for plain integers and decimals (``-12``, ``0.25``, ``.8``)."""
    if text.isascii():
        head, dot, tail = text.partition(".")
        digits = head[1:] if head[:1] in ("+", "-") else head
        if not dot:
            if digits.isdigit():
                return Fraction(int(text))
        elif tail.isdigit() and (not digits or digits.isdigit()) and len(tail) < len(_POW10):
            return Fraction(int(head + tail), _POW10[len(tail)])
    return Fraction(text)


class _ExactCache(dict[str, Fraction]):
    """Number text -> Fraction, remembering a bounded number of distinct texts."""

    def __missing__(self, text: str) -> Fraction:
        value = _fraction(text)
        if len(self) < _CACHE_LIMIT:
            self[text] = value
        return value


def _convert_chunk(tokens: list[str], kind: str, cache: _ExactCache) -> Any:
    """Numbers of one chunk (float64 array or list of Fractions); _BadToken on failure."""
    if kind == "float":
        try:
            arr = np.array(tokens, dtype=np.float64)
        except ValueError:
            arr = None
        if arr is not None and bool(np.isfinite(arr).all()):
            return arr
        out = np.empty(len(tokens), dtype=np.float64)
        for k, t in enumerate(tokens):
            try:
                out[k] = _float_number(t)
            except (ValueError, ZeroDivisionError, OverflowError):
                raise _BadToken(k) from None
        return out
    # the cache pays for files with few distinct numbers (integer payoffs); once it is full
    # the numbers are mostly distinct, and each miss would only add a call
    convert = cache.__getitem__ if len(cache) < _CACHE_LIMIT else _fraction
    try:
        return list(map(convert, tokens))
    except (ValueError, ZeroDivisionError):
        for k, t in enumerate(tokens):
            try:
                _fraction(t)
            except (ValueError, ZeroDivisionError):
                raise _BadToken(k) from None
        raise  # pragma: no cover - some token failed above


class _BadToken(Exception):
    def __init__(self, index: int) -> None:
        self.index = index


def _integers(tokens: list[str]) -> Any:
    try:
        return np.array(tokens, dtype=np.int64)
    except (ValueError, OverflowError):
        for k, t in enumerate(tokens):
            if not re.fullmatch(r"[+-]?\d{1,18}", t):
                raise _BadToken(k) from None
        raise  # pragma: no cover


def _bulk(p: _Parser, count: int, convert: Any, dtype: Any, expected: Any, unit: str) -> Any:
    """Read ``count`` whitespace-separated numbers after the parser's position (an array).

    The text is converted in chunks of about a megabyte (bounded memory, and an error is
    found without converting the rest); ``expected(k)`` names the ``k``-th number (0-based)
    for error messages, which give the line of the offending token.
    """
    text = p.text
    pos, line = p.rest()
    n = len(text)
    # each number takes at least two characters (one digit and a separator): refuse by size
    # before allocating or converting anything
    room = (n - pos + 1) // 2
    if count > room:
        last = line + text.count("\n", pos)
        raise InvalidGameError(
            f"malformed Gambit file: the header asks for {count:,} {unit} but the rest of the "
            f"file (lines {line} to {last}, {n - pos:,} characters) has room for at most "
            f"{room:,}"
        )
    out = np.empty(count, dtype=dtype)
    filled = 0
    while filled < count and pos < n:
        end = min(pos + _CHUNK, n)
        if end < n:
            m = _SPACE.search(text, end)
            end = n if m is None else m.start()
        chunk = text[pos:end]
        tokens = chunk.split()
        take = min(len(tokens), count - filled)
        try:
            out[filled : filled + take] = convert(tokens if take == len(tokens) else tokens[:take])
        except _BadToken as bad:
            tok_line, value = _token_at(chunk, line, bad.index)
            raise InvalidGameError(
                f"malformed Gambit file: expected {expected(filled + bad.index)} at line "
                f"{tok_line}, token {value[:40]!r}"
            ) from None
        if take < len(tokens):
            tok_line, value = _token_at(chunk, line, take)
            raise InvalidGameError(
                f"malformed Gambit file: expected the end of the file at line {tok_line}, "
                f"token {value[:40]!r}"
            )
        filled += take
        line += chunk.count("\n")
        pos = end
    if filled < count:
        i = n - 1
        while i >= 0 and text[i].isspace():
            i -= 1
        last = line - text.count("\n", i + 1)
        raise InvalidGameError(
            f"malformed Gambit file: expected {expected(filled)} at line {last}, end of file "
            f"({filled:,} of {count:,} {unit} given)"
        )
    p.seek(pos, line)
    return out


def _token_at(chunk: str, line: int, k: int) -> tuple[int, str]:
    """The line and text of the ``k``-th whitespace-separated token of ``chunk``."""
    for j, m in enumerate(_NON_SPACE.finditer(chunk)):
        if j == k:
            return line + chunk.count("\n", 0, m.start()), m.group()
    return line + chunk.count("\n"), ""  # pragma: no cover - k is always a token of chunk


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
    t: _Token | None = p.word("'NFG'")
    assert t is not None
    if t.value != "NFG":
        raise p.error("'NFG'", t)
    t = p.peek()
    if p.integer("version 1") != 1:
        raise p.error("version 1", t)
    t = p.word("'R' or 'D'")
    assert t is not None
    if t.value not in ("R", "D"):
        raise p.error("'R' or 'D'", t)
    p.take("text", "the quoted game title")
    t = p.peek()
    players = p.texts("list of players")
    if not players:
        raise p.error("at least one player", t)
    n = len(players)
    p.take("{", "'{' opening the strategies")
    labels: list[list[str]] | None = None
    counts: list[int] = []
    if p.at("{"):
        labels = []
        for i in range(n):
            t = p.peek()
            labels.append(p.texts(f"strategies of player {i + 1}"))
            if not labels[-1]:
                raise p.error(f"at least one strategy for player {i + 1}", t)
        counts = [len(s) for s in labels]
    else:
        for i in range(n):
            t = p.peek()
            count = p.integer(f"the number of strategies of player {i + 1}")
            if count < 1:
                raise p.error(f"a positive number of strategies for player {i + 1}", t)
            counts.append(count)
        # labels are made after the body is read: { 1000000 1000000 } is refused by size
    p.take("}", "'}' closing the strategies")
    if p.at("text"):
        p.advance()  # the optional comment
    shape = tuple(counts)
    size = math.prod(shape)
    num = _float_number if kind == "float" else _exact_number
    flat: np.ndarray
    if p.at("{"):
        p.advance()
        outcomes: list[list[Any]] = []
        while p.at("{"):
            p.advance()
            p.take("text", "the quoted outcome label")
            pays = []
            for i in range(n):
                pays.append(
                    p.number(f"player {i + 1}'s payoff in outcome {len(outcomes) + 1}", num)
                )
                if p.at(","):
                    p.advance()
            p.take("}", f"'}}' closing outcome {len(outcomes) + 1} ({n} payoffs)")
            outcomes.append(pays)
        p.take("}", "'}' closing the list of outcomes")
        body = p.rest()
        index = _bulk(
            p,
            size,
            _integers,
            np.int64,
            lambda k: f"an outcome index for profile {k + 1} of {size}",
            f"outcome indices (one per profile of the {' x '.join(map(str, shape))} game)",
        )
        bad = np.flatnonzero((index < 0) | (index > len(outcomes)))
        if len(bad):
            k = int(bad[0])
            line, value = _token_at(text[body[0] :], body[1], k)
            raise InvalidGameError(
                f"malformed Gambit file: expected an outcome index in [0, {len(outcomes)}] "
                f"for profile {k + 1} of {size} at line {line}, token {value!r}"
            )
        table = np.empty((len(outcomes) + 1, n), dtype=np.float64 if kind == "float" else object)
        table[0] = [0.0 if kind == "float" else Fraction(0)] * n
        for j, pays in enumerate(outcomes):
            table[j + 1] = pays
        flat = table[index].reshape(-1)
    else:
        cache = _ExactCache()
        flat = _bulk(
            p,
            size * n,
            lambda toks: _convert_chunk(toks, kind, cache),
            np.float64 if kind == "float" else object,
            lambda k: f"player {k % n + 1}'s payoff for profile {k // n + 1} of {size}",
            f"payoffs ({n} for each profile of the {' x '.join(map(str, shape))} game)",
        )
    if p.peek() is not None:
        raise p.error("the end of the file")
    if labels is None:
        labels = [[str(k + 1) for k in range(m)] for m in shape]
    # one contiguous array per player (the flat list interleaves the players)
    payoffs = [np.ascontiguousarray(flat[i::n].reshape(shape, order="F")) for i in range(n)]
    del flat
    return NormalFormGame.from_arrays(
        payoffs,
        players=_distinct(players),
        actions=[_distinct(s) for s in labels],
    )


# -- writer ---------------------------------------------------------------------------------------
def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def float_text(x: float) -> str:
    """The shortest text that reads back as exactly ``x``.

    The digits are those of ``repr`` (the shortest that round-trip); the text is positional
    or with an exponent, whichever is shorter (``0.1``, ``3``, ``1e300``, ``1e-5``,
    ``1e15``).
    """
    d = Decimal(repr(float(x)))
    sign, digits, exponent = d.as_tuple()
    assert isinstance(exponent, int)  # finite floats only (payoffs are finite)
    ds = "".join(map(str, digits)).rstrip("0") or "0"
    exp10 = exponent + len(digits) - 1  # the power of ten of the first digit
    mantissa = ds[0] + ("." + ds[1:] if len(ds) > 1 else "")
    sci = ("-" if sign else "") + mantissa + f"e{exp10}"
    plain = format(d.normalize() if d else Decimal(0), "f")
    if sign and plain[0] != "-":
        plain = "-" + plain
    return plain if len(plain) <= len(sci) else sci


def _number(v: Any) -> str:
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    return float_text(float(v))


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
        return _read_text(path_or_text, kind)
    if isinstance(path_or_text, str | os.PathLike):
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
        text = _read_file(path)
        try:
            return _read_text(text, kind)
        except InvalidGameError as exc:
            raise InvalidGameError(f"{path}: {exc}") from None
    raise fail("path_or_text", "a string or a path", path_or_text)


def _read_file(path: Path) -> str:
    """The UTF-8 text of a file; a clear error naming the line of the first bad byte."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidGameError(
            f"{path}: line {line}: a Gambit file must be UTF-8 text; byte {exc.start} "
            f"(0x{data[exc.start]:02x}) is not valid UTF-8 ({exc.reason})"
        ) from None


def _read_text(text: str, kind: str) -> NormalFormGame | GameTree:
    lead = _LEADING_SPACE.match(text)
    start = 0 if lead is None else lead.end()
    head = text[start : start + 3]
    if head == "EFG":
        tree: GameTree = _efg_module().read_efg(text, kind=kind)
        return tree
    if head != "NFG":
        raise InvalidGameError(
            "malformed Gambit file: expected 'NFG' or 'EFG' at line 1; got "
            f"{text[start : start + 20]!r}"
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
    their shortest round-trip decimal (the digits of ``repr``), positional or with an
    exponent, whichever is shorter (``0.1``, ``1e-5``, ``1e300``), read back exactly as that
    decimal: so ``read_gambit(write_gambit(g), kind="float")`` equals a float game ``g``.
    Backslashes and quotes in names are escaped (``\\`` and ``\"``).

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
        if not isinstance(path, str | os.PathLike):
            raise fail("path", "a file path (str or os.PathLike) or None", path)
        target = Path(path)
        try:
            target.write_text(text, encoding="utf-8")
        except OSError as err:
            why = (
                f"the directory {str(target.parent)!r} does not exist"
                if not target.parent.is_dir()
                else err.strerror or type(err).__name__
            )
            raise fail("path", f"a writable file path ({why})", str(path)) from None
    return text
