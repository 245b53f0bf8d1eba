r"""Normal-form (strategic-form) games with n players.

A game with players :math:`i = 1, \dots, n`, each with a finite action set of size
:math:`m_i`, is given by one payoff tensor :math:`u_i` of shape :math:`(m_1, \dots, m_n)` per
player: :math:`u_i[a_1, \dots, a_n]` is player :math:`i`'s payoff when each player :math:`j`
plays action :math:`a_j`. A mixed strategy of player :math:`i` is a probability vector
:math:`\sigma_i \in \Delta^{m_i - 1}`; expected payoffs are multilinear in the
:math:`\sigma_i`.

Payoffs are stored in one of three kinds:

``"float"``
    ``float64`` arrays; solvers use floating point with tolerances.
``"exact"``
    ``object`` arrays of :class:`fractions.Fraction` (built from Python or numpy ints,
    ``Fraction``, or sympy ``Rational``); solvers work in exact rational arithmetic, so
    degenerate textbook games give exactly the right equilibrium set.
``"symbolic"``
    ``object`` arrays of sympy expressions with free symbols; substitute values with
    :meth:`NormalFormGame.subs` before solving.

References
----------
.. [1] M. J. Osborne and A. Rubinstein, *A Course in Game Theory*, MIT Press, 1994, ch. 2-3.
"""

from __future__ import annotations

import itertools
import numbers
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from dealmodels._numbers import is_sympy, substitute, to_fraction
from dealmodels._validation import check_symbol_keys
from dealmodels.errors import InvalidGameError, InvalidParameterError
from dealmodels.games.profiles import as_profile, expected_payoffs

if TYPE_CHECKING:
    pass

__all__ = ["NormalFormGame", "PayoffKind"]

PayoffKind = Literal["float", "exact", "symbolic"]


def _convert_payoff_array(
    arr: np.ndarray, player: int, name: str | None = None
) -> tuple[np.ndarray, PayoffKind]:
    """Classify and convert one player's payoff array (``name`` is used in errors)."""
    name = name or f"payoffs[{player}]"
    if arr.dtype == bool:
        raise InvalidGameError(f"{name} must hold numbers; got booleans")
    if np.issubdtype(arr.dtype, np.integer):
        out = np.empty(arr.shape, dtype=object)
        out.flat[:] = [Fraction(int(v)) for v in arr.flat]
        return out, "exact"
    if np.issubdtype(arr.dtype, np.floating):
        if not np.all(np.isfinite(arr)):
            raise InvalidGameError(f"{name} must be finite; got {arr!r}")
        return arr.astype(np.float64), "float"
    if np.iscomplexobj(arr):
        raise InvalidGameError(f"{name} must be real; got complex payoffs")
    if arr.dtype != object:
        raise InvalidGameError(f"{name} must hold numbers; got dtype {arr.dtype}")
    flat = list(arr.flat)
    exact = [to_fraction(v) for v in flat]
    if all(e is not None for e in exact):
        out = np.empty(arr.shape, dtype=object)
        out.flat[:] = exact
        return out, "exact"
    if any(is_sympy(v) and not getattr(v, "is_number", True) for v in flat):
        import sympy

        sym = np.empty(arr.shape, dtype=object)
        for i, v in enumerate(flat):
            try:
                s = sympy.sympify(v)
            except (sympy.SympifyError, TypeError):
                raise InvalidGameError(f"{name} holds a non-numeric entry {v!r}") from None
            if s.is_number and not s.is_real:
                raise InvalidGameError(f"{name} must be real; got {v!r}")
            sym.flat[i] = s
        return sym, "symbolic"
    floats = np.empty(arr.shape, dtype=np.float64)
    for i, v in enumerate(flat):
        if isinstance(v, bool) or (
            not isinstance(v, numbers.Real | np.floating) and not is_sympy(v)
        ):
            raise InvalidGameError(f"{name} must hold real numbers; got entry {v!r}")
        try:
            floats.flat[i] = float(v)
        except (TypeError, ValueError):
            raise InvalidGameError(f"{name} must hold real numbers; got entry {v!r}") from None
    if not np.all(np.isfinite(floats)):
        raise InvalidGameError(f"{name} must be finite; got {arr!r}")
    return floats, "float"


def _payoff_array(p: object, name: str) -> np.ndarray:
    """``np.array(p)``, with a clear error for ragged nested sequences and strings."""
    try:
        a = np.array(p)
    except (ValueError, TypeError):
        raise InvalidGameError(f"{name} is ragged; every row needs the same length") from None
    if a.dtype == object and any(isinstance(v, list | tuple | np.ndarray) for v in a.flat):
        raise InvalidGameError(f"{name} is ragged; every row needs the same length")
    if a.dtype.kind in "USO" and any(isinstance(v, str | bytes) for v in a.flat):
        bad = next(v for v in a.flat if isinstance(v, str | bytes))
        raise InvalidGameError(f"{name} must hold numbers, not strings; got entry {str(bad)!r}")
    # numpy turns [True, 2] into [1, 2]: look at the entries as given
    if a.dtype.kind == "b" or (
        not isinstance(p, np.ndarray)
        and a.dtype.kind in "iuf"
        and any(isinstance(v, bool | np.bool_) for v in np.array(p, dtype=object).flat)
    ):
        raise InvalidGameError(f"{name} must hold numbers, not booleans")
    return a


def _negated(a: np.ndarray) -> np.ndarray:
    out = np.empty(a.shape, dtype=object)
    out.flat[:] = [-v for v in a.flat]
    return out


class NormalFormGame:
    r"""An immutable n-player normal-form game.

    Parameters
    ----------
    payoffs : sequence of array_like
        One array per player, each of shape :math:`(m_1, \dots, m_n)` with :math:`n` the
        number of arrays; ``payoffs[i][a]`` is player ``i``'s payoff at action profile ``a``.
        Floats give a float game; ints, :class:`~fractions.Fraction` or sympy ``Rational``
        give an exact game; sympy expressions with free symbols give a symbolic game.
    players : sequence of str, optional
        Player names; default ``("player 0", "player 1", ...)``.
    actions : sequence of sequence of str, optional
        Action labels per player; default ``("a0", "a1", ...)`` for each player.

    Raises
    ------
    InvalidGameError
        If the arrays disagree in shape, a player has no action, or a payoff is not a finite
        real number.

    See Also
    --------
    NormalFormGame.from_bimatrix : the two-player constructor from (A, B).

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> pd.shape, pd.kind
    ((2, 2), 'exact')
    >>> pd.payoff_profile((1, 1))
    (Fraction(1, 1), Fraction(1, 1))
    """

    __slots__ = ("_actions", "_kind", "_payoffs", "_players")

    def __init__(
        self,
        payoffs: Sequence[ArrayLike],
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
    ) -> None:
        given: object = payoffs
        if isinstance(given, np.ndarray):
            payoffs = list(given)
        if not isinstance(payoffs, Sequence) or isinstance(payoffs, str) or len(payoffs) == 0:
            raise InvalidGameError(
                f"payoffs must be a non-empty sequence of arrays, one per player; got {payoffs!r}"
            )
        n = len(payoffs)
        arrays: list[np.ndarray] = []
        for i, p in enumerate(payoffs):
            arrays.append(_payoff_array(p, f"payoffs[{i}]"))
        shape = arrays[0].shape
        if len(shape) != n:
            raise InvalidGameError(
                f"payoffs[0] must have one axis per player ({n}); got shape {shape}"
            )
        for i, a in enumerate(arrays):
            if a.shape != shape:
                raise InvalidGameError(
                    f"payoffs[{i}] must have shape {shape} like payoffs[0]; got shape {a.shape}"
                )
        if any(m == 0 for m in shape):
            raise InvalidGameError(f"every player needs at least one action; got shape {shape}")
        converted = [_convert_payoff_array(a, i) for i, a in enumerate(arrays)]
        kinds = {k for _, k in converted}
        kind: PayoffKind
        if "symbolic" in kinds:
            kind = "symbolic"
            import sympy

            final = []
            for a, k in converted:
                if k == "symbolic":
                    final.append(a)
                else:
                    s = np.empty(a.shape, dtype=object)
                    s.flat[:] = [
                        sympy.nsimplify(v) if k == "exact" else sympy.Float(v) for v in a.flat
                    ]
                    final.append(s)
        elif kinds == {"exact"}:
            kind = "exact"
            final = [a for a, _ in converted]
        else:
            kind = "float"
            final = [
                np.asarray(a, dtype=np.float64) if k == "float" else a.astype(np.float64)
                for a, k in converted
            ]
        for a in final:
            a.flags.writeable = False
        self._payoffs: tuple[np.ndarray, ...] = tuple(final)
        self._kind: PayoffKind = kind
        self._players = self._check_players(players, n)
        self._actions = self._check_actions(actions, shape)

    @staticmethod
    def _check_players(players: Sequence[str] | None, n: int) -> tuple[str, ...]:
        if players is None:
            return tuple(f"player {i}" for i in range(n))
        names = tuple(players)
        if len(names) != n or not all(isinstance(p, str) for p in names):
            raise InvalidParameterError(
                f"players must be {n} strings, one per player; got players={players!r}"
            )
        if len(set(names)) != n:
            raise InvalidParameterError(f"players must be distinct; got players={players!r}")
        return names

    @staticmethod
    def _check_actions(
        actions: Sequence[Sequence[str]] | None, shape: tuple[int, ...]
    ) -> tuple[tuple[str, ...], ...]:
        if actions is None:
            return tuple(tuple(f"a{j}" for j in range(m)) for m in shape)
        if len(actions) != len(shape):
            raise InvalidParameterError(
                f"actions must give one list of labels per player ({len(shape)}); "
                f"got actions={actions!r}"
            )
        out = []
        for i, (labels, m) in enumerate(zip(actions, shape, strict=True)):
            lab = tuple(labels)
            if len(lab) != m or not all(isinstance(s, str) for s in lab):
                raise InvalidParameterError(
                    f"actions[{i}] must be {m} strings; got actions[{i}]={labels!r}"
                )
            if len(set(lab)) != m:
                raise InvalidParameterError(
                    f"actions[{i}] must be distinct; got actions[{i}]={labels!r}"
                )
            out.append(lab)
        return tuple(out)

    # -- constructors -----------------------------------------------------------------------
    @classmethod
    def from_bimatrix(
        cls,
        A: ArrayLike,
        B: ArrayLike | None = None,
        *,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
    ) -> NormalFormGame:
        """Two-player game from the row player's matrix ``A`` and the column player's ``B``.

        Parameters
        ----------
        A, B : array_like, shape (m, n)
            Payoffs of the row and column player. ``B=None`` gives the zero-sum game
            ``B = -A``.
        players, actions : optional
            As in :class:`NormalFormGame`.

        Examples
        --------
        >>> mp = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
        >>> mp.is_zero_sum()
        True
        """
        a = _payoff_array(A, "A")
        if a.ndim != 2:
            raise InvalidGameError(f"A must be a 2-dimensional matrix; got shape {a.shape}")
        if B is None:
            # negate after conversion: exact ints become Fractions first, so unsigned and
            # int64-minimum matrices negate exactly instead of wrapping around
            converted, _ = _convert_payoff_array(a, 0, "A")
            b = -converted if converted.dtype != object else _negated(converted)
        else:
            b = _payoff_array(B, "B")
            if b.shape != a.shape:
                raise InvalidGameError(
                    f"B must have the shape of A {a.shape}; got shape {b.shape}"
                )
        return cls([a, b], players=players, actions=actions)

    # -- properties ----------------------------------------------------------------------------
    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """The payoff tensors, one read-only array per player."""
        return self._payoffs

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self._payoffs)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return tuple(self._payoffs[0].shape)

    @property
    def kind(self) -> PayoffKind:
        """``"float"``, ``"exact"`` or ``"symbolic"``."""
        return self._kind

    @property
    def is_exact(self) -> bool:
        """True when the payoffs are exact rationals."""
        return self._kind == "exact"

    @property
    def players(self) -> tuple[str, ...]:
        """Player names."""
        return self._players

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        """Action labels, one tuple per player."""
        return self._actions

    @property
    def free_symbols(self) -> frozenset[Any]:
        """The sympy symbols in a symbolic game (empty otherwise)."""
        if self._kind != "symbolic":
            return frozenset()
        syms: set[Any] = set()
        for a in self._payoffs:
            for v in a.flat:
                syms |= v.free_symbols
        return frozenset(syms)

    # -- conversions -------------------------------------------------------------------------
    def as_float(self) -> NormalFormGame:
        """The same game with float payoffs (``self`` if already float)."""
        if self._kind == "float":
            return self
        if self._kind == "symbolic" and self.free_symbols:
            names = sorted(str(s) for s in self.free_symbols)
            raise InvalidGameError(
                f"a symbolic game needs values for {names} before it is numeric: use subs()"
            )
        arrays = []
        for i, a in enumerate(self._payoffs):
            try:
                arrays.append(a.astype(np.float64))
            except OverflowError:
                big = max((v for v in a.flat), key=abs)
                raise InvalidGameError(
                    f"payoffs[{i}] must fit in a float (|u| <= 1.8e308) to be converted; got "
                    f"an entry of about 10**{len(str(abs(int(big)))) - 1}: rescale the payoffs "
                    "or keep the game exact"
                ) from None
        return NormalFormGame(arrays, self._players, self._actions)

    def as_exact(self) -> NormalFormGame:
        """The same game with exact rational payoffs (floats converted exactly)."""
        if self._kind == "exact":
            return self
        if self._kind == "symbolic":
            raise InvalidGameError("a symbolic game cannot be made exact: use subs() first")
        arrays = []
        for a in self._payoffs:
            e = np.empty(a.shape, dtype=object)
            e.flat[:] = [Fraction(float(v)) for v in a.flat]
            arrays.append(e)
        return NormalFormGame(arrays, self._players, self._actions)

    def subs(self, values: Mapping[Any, Any] | None = None, /, **kwargs: Any) -> NormalFormGame:
        """Substitute values for the symbols of a symbolic game.

        Parameters
        ----------
        values : mapping, optional
            Symbol (or its name) to value.
        **kwargs
            Symbol names to values.

        Returns
        -------
        NormalFormGame
            Exact if every value is rational and every payoff becomes rational, symbolic if
            symbols remain, float otherwise; ``self`` for a numeric game with no values.

        Raises
        ------
        InvalidParameterError
            For a key that is not a symbol of the game (a typo would otherwise be ignored
            silently), with the game's symbols and the closest names; a float or exact game
            has no symbols, so any key is refused.

        Examples
        --------
        >>> import sympy
        >>> x = sympy.Symbol("x")
        >>> game = NormalFormGame.from_bimatrix([[x, 0], [0, 1]], [[1, 0], [0, 1]])
        >>> game.subs(x=2).kind
        'exact'
        >>> game.subs(xx=2)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        dealmodels.errors.InvalidParameterError: subs keys ... got 'xx' (did you mean 'x'?)
        """
        by_name = {str(s): s for s in self.free_symbols}
        given = check_symbol_keys(values, kwargs, by_name, what="game", kind=self._kind)
        if self._kind != "symbolic":
            return self
        import sympy

        mapping: dict[Any, Any] = {}
        for k, v in given.items():
            sym = by_name[str(k)]
            mapping[sym] = sympy.nsimplify(v) if isinstance(v, int | Fraction) else v
        arrays = []
        for a in self._payoffs:
            out = np.empty(a.shape, dtype=object)
            out.flat[:] = substitute(list(a.flat), mapping)
            arrays.append(out)
        return NormalFormGame(arrays, self._players, self._actions)

    # -- evaluation --------------------------------------------------------------------------
    def payoff_profile(self, profile: Sequence[int]) -> tuple[Any, ...]:
        """Payoffs of every player at a pure action profile."""
        if isinstance(profile, str | bytes) or not hasattr(profile, "__iter__"):
            raise InvalidParameterError(
                f"profile must be a sequence of one action index per player; got "
                f"profile={profile!r}"
            )
        entries = tuple(profile)
        if any(isinstance(a, bool) or not isinstance(a, int | np.integer) for a in entries):
            raise InvalidParameterError(
                f"profile must hold integer action indices; got profile={entries!r}"
            )
        idx = tuple(int(a) for a in entries)
        if len(idx) != self.n_players or any(
            not 0 <= a < m for a, m in zip(idx, self.shape, strict=True)
        ):
            raise InvalidParameterError(
                f"profile must hold one action index per player within {self.shape}; "
                f"got profile={tuple(profile)!r}"
            )
        return tuple(a[idx] for a in self._payoffs)

    def expected_payoffs(self, strategies: Sequence[ArrayLike]) -> NDArray[Any]:
        """Expected payoff of each player under a mixed strategy profile.

        Float games return a float array; exact games with exact strategies an object array
        of :class:`~fractions.Fraction`.
        """
        return expected_payoffs(self, as_profile(self, strategies))

    def pure_profiles(self) -> Iterator[tuple[int, ...]]:
        """Iterate over all pure action profiles in lexicographic order."""
        return itertools.product(*(range(m) for m in self.shape))

    def is_zero_sum(self) -> bool:
        """True if the payoffs sum to zero at every profile (exactly, or within 1e-12)."""
        total = sum(self._payoffs[1:], start=self._payoffs[0])
        if self._kind == "float":
            return bool(np.all(np.abs(total) <= 1e-12))
        return all(v == 0 for v in np.asarray(total).flat)

    def is_symmetric(self) -> bool:
        """True for a two-player game with equal action sets and ``B = A.T``."""
        if self.n_players != 2 or self.shape[0] != self.shape[1]:
            return False
        a, b = self._payoffs
        return bool(np.all(a == b.T))

    # -- dunder ------------------------------------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (
            self._kind == other._kind
            and self.shape == other.shape
            and self._players == other._players
            and self._actions == other._actions
            and all(
                np.array_equal(a, b) for a, b in zip(self._payoffs, other._payoffs, strict=True)
            )
        )

    def __hash__(self) -> int:
        return hash(
            (
                self._kind,
                self.shape,
                self._players,
                self._actions,
                tuple(tuple(a.flat) for a in self._payoffs),
            )
        )

    def __repr__(self) -> str:
        if self.n_players == 2:
            a, b = self._payoffs
            return f"NormalFormGame.from_bimatrix(\n{_fmt_matrix(a)},\n{_fmt_matrix(b)})"
        return f"<NormalFormGame: {self.n_players} players, shape {self.shape}, {self._kind}>"

    def __reduce__(self) -> tuple[Any, ...]:
        return (NormalFormGame, (list(self._payoffs), self._players, self._actions))

    @classmethod
    def from_arrays(
        cls,
        payoffs: Sequence[np.ndarray],
        *,
        players: Sequence[str] | None = None,
        actions: Sequence[Sequence[str]] | None = None,
    ) -> NormalFormGame:
        """A game from one payoff array per player, taken without copying (file readers).

        Each array must be float64 with finite values (a float game) or of object dtype
        holding :class:`fractions.Fraction` only (an exact game), all of one shape with at
        least one action per player. The arrays are checked, then made read-only.

        Raises
        ------
        InvalidGameError
            For arrays of other dtypes, mixed kinds, unequal shapes, non-finite values or
            non-Fraction entries.
        """
        from fractions import Fraction

        arrays = list(payoffs)
        if not arrays or not all(isinstance(a, np.ndarray) for a in arrays):
            raise InvalidGameError("from_arrays needs one numpy payoff array per player")
        shape = arrays[0].shape
        if any(a.shape != shape for a in arrays) or len(shape) != len(arrays) or 0 in shape:
            raise InvalidGameError(
                f"from_arrays needs {len(arrays)} arrays of one shape with one axis per player "
                f"and at least one action each; got shapes {[a.shape for a in arrays]}"
            )
        if all(a.dtype == np.float64 for a in arrays):
            if not all(bool(np.isfinite(a).all()) for a in arrays):
                raise InvalidGameError("from_arrays: float payoffs must be finite")
            kind: PayoffKind = "float"
        elif all(a.dtype == object for a in arrays):
            if not all(type(x) is Fraction for a in arrays for x in a.flat):
                raise InvalidGameError("from_arrays: exact payoffs must be Fractions")
            kind = "exact"
        else:
            raise InvalidGameError(
                "from_arrays: payoffs must be all float64 or all object arrays of Fractions; "
                f"got dtypes {[str(a.dtype) for a in arrays]}"
            )
        self = object.__new__(cls)
        for a in arrays:
            a.flags.writeable = False
        self._payoffs = tuple(arrays)
        self._kind = kind
        self._players = cls._check_players(players, len(arrays))
        self._actions = cls._check_actions(actions, shape)
        return self


def _fmt_matrix(a: np.ndarray) -> str:
    if a.dtype == object:
        rows = ["[" + ", ".join(str(v) for v in row) + "]" for row in a.tolist()]
        return "[" + ", ".join(rows) + "]"
    return np.array2string(a, separator=", ")
