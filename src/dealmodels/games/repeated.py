r"""Infinitely repeated games with discounting.

A repeated game plays a stage game :math:`G` (a :class:`~dealmodels.NormalFormGame`) in
periods :math:`t = 0, 1, 2, \dots`; every player observes past actions. Player :math:`i`
discounts by :math:`\delta_i \in [0, 1)` and values a stream of stage payoffs
:math:`(u_i^t)_t` by its *normalised* discounted sum

.. math:: U_i = (1 - \delta_i) \sum_{t \ge 0} \delta_i^t u_i^t,

so a constant stream :math:`u` is worth :math:`u`. :math:`\delta_i = 1 - \mu_i` where
:math:`\mu_i` is the player's myopia; :math:`\delta_i` may also fold in a per-period
probability that the relationship continues.

References
----------
.. [1] M. J. Osborne, *An Introduction to Game Theory*, Oxford UP, 2004, ch. 14-15.
.. [2] D. Fudenberg and J. Tirole, *Game Theory*, MIT Press, 1991, ch. 5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dealmodels._validation import check_interval, fail
from dealmodels.games.normal_form import NormalFormGame

__all__ = ["RepeatedGame"]


@dataclass(frozen=True, slots=True)
class RepeatedGame:
    r"""An infinitely repeated stage game with per-player discount factors.

    Parameters
    ----------
    stage : NormalFormGame
        The stage game (numeric or symbolic payoffs).
    discount : float or sequence of float
        Discount factor :math:`\delta_i \in [0, 1)`; a scalar applies to every player.
        Stored as a tuple with one entry per player.

    Raises
    ------
    InvalidParameterError
        If ``stage`` is not a NormalFormGame, or a discount is outside :math:`[0, 1)` or
        there is not one per player.

    Examples
    --------
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> RepeatedGame(pd, 0.9).discount
    (0.9, 0.9)
    >>> RepeatedGame(pd, (0.9, 0.5)).min_discount
    0.5
    """

    stage: NormalFormGame
    discount: float | tuple[float, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.stage, NormalFormGame):
            raise fail("stage", "a NormalFormGame", self.stage)
        n = self.stage.n_players
        raw: object = self.discount
        if isinstance(raw, Sequence | np.ndarray) and not isinstance(raw, str | bytes):
            values = list(raw)
            if len(values) != n:
                raise fail("discount", f"a number or one number per player ({n})", raw)
        else:
            values = [raw] * n
        out = []
        for v in values:
            if isinstance(v, str | bytes):
                raise fail("discount", "in [0, 1)", v)
            check_interval("discount", v, low=0.0, high=1.0, high_open=True)
            out.append(float(v))
        object.__setattr__(self, "discount", tuple(out))

    @property
    def discounts(self) -> tuple[float, ...]:
        """The discount factors, one per player."""
        assert isinstance(self.discount, tuple)  # normalised in __post_init__
        return self.discount

    @property
    def n_players(self) -> int:
        """Number of players of the stage game."""
        return self.stage.n_players

    @property
    def min_discount(self) -> float:
        """The least patient player's discount factor."""
        return min(self.discounts)
