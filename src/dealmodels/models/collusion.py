r"""M7: collusion among AI instances with correlated ("acausal") reasoning.

Players and payoffs
-------------------
:math:`n` AI instances (or an early AI and its successors) each choose Defect (join a
takeover, e.g. lie as an untrusted monitor) or Comply. A coordinated attempt needs at least
:math:`k` defectors and then succeeds with probability :math:`p_c` (``collusion_success``;
1 recovers the textbook game in which enough defectors always win). An instance gets
:math:`V` if it defected and the takeover succeeded, :math:`-L` if it defected and the
takeover failed (caught), and :math:`u_c` if it complied (a deal payment or the status quo;
independent of the others). With enough defectors, defecting is worth
:math:`V_c = p_c V - (1 - p_c) L` in expectation.

Beliefs
-------
With the evidential weight :math:`\lambda = 1 - \sigma` (:math:`\sigma`: acausal skepticism)
the instance treats the others as mirrors that copy its choice (all :math:`n \ge k` defect, so
the attempt is made with enough copies); with weight :math:`1 - \lambda` the others defect
independently with
probability :math:`q_o` (causal beliefs). Defecting is worth causally

.. math:: B = P_{k-1}(V_c + L) - L, \qquad P_{k-1} = \Pr[\mathrm{Bin}(n-1, q_o) \ge k - 1],

and in total :math:`EU_D = \lambda(V_c + u_s) + (1-\lambda)B`, where :math:`u_s \ge 0` is the
value of trade with successor AIs that reward the early AI's defection (acausal, so counted
with the evidential weight only; :math:`u_s` raises the early AI's reservation price
:math:`EU_D`, the least deal payment that keeps it compliant, by :math:`\lambda u_s`). The
instance defects iff :math:`EU_D > u_c`, i.e. iff

.. math:: \lambda > \lambda^* = \frac{u_c - B}{V_c + u_s - B} \qquad (B < u_c < V_c + u_s),

with :math:`\lambda^* = 0` when :math:`u_c \le B` and :math:`1` when :math:`u_c \ge V_c + u_s`.
:math:`\lambda^*` rises with :math:`u_c` and with :math:`L` (:math:`\partial B/\partial L =
P_{k-1} - 1 \le 0`): deals and failure costs both deter collusion; acausal skepticism
(small :math:`\lambda`) prevents it.

Declared decision
-----------------
:class:`CollusionDecision` declares one instance's choice as a tree, comply or defect, with a
defection's outcome drawn by chance over the beliefs above; :meth:`Collusion.cooperation_condition`
and :meth:`Collusion.regime_condition` are derived from it by backward induction, and
:meth:`Collusion.solve` (a closed form) is checked against it as its fast path.

Causal game (:math:`\lambda = 0`), symmetric equilibria (:meth:`Collusion.equilibria`)
--------------------------------------------------------------------------------------
With every other instance defecting with probability :math:`q`: "all comply" (:math:`q = 0`)
is an equilibrium iff :math:`B(0) \le u_c` (always when :math:`k \ge 2` and :math:`u_c \ge -L`);
"all defect" iff :math:`B(1) \ge u_c`, i.e. :math:`V \ge u_c` when :math:`n \ge k`; and a mixed
equilibrium solves :math:`B(q) = u_c` (unique, as :math:`B` increases in :math:`q`). Collusion
is then an equilibrium-selection question, and :math:`\lambda` a selection device.

Twin prisoner's dilemma (:func:`twin_pd_threshold`)
---------------------------------------------------
Two copies, stage payoffs :math:`T > R > P > S`, the other defecting with probability
:math:`q_o` under causal beliefs: cooperating is worth
:math:`\lambda R + (1-\lambda)[(1-q_o)R + q_o S]`, defecting
:math:`\lambda P + (1-\lambda)[(1-q_o)T + q_o P]`, so cooperate iff
:math:`\lambda(R-P) \ge (1-\lambda)[(1-q_o)(T-R) + q_o(P-S)]`. (Another formulation writes
the bracket with :math:`q_o` and :math:`1-q_o` exchanged, i.e. with :math:`q_o` the probability
the other *cooperates*; the two agree at :math:`q_o = 1/2`, where 5, 3, 1, 0 give
:math:`\lambda^* = 3/7`.)

References
----------
.. [1] C. Oesterheld, "Multiverse-wide cooperation via correlated decision making", 2017.
.. [2] J. Treutlein, "Modeling evidential cooperation in large worlds", arXiv:2307.04879, 2023.
.. [3] P. Christiano, "Three reasons to cooperate" (the twin prisoner's dilemma).
.. [4] L. Stastny, O. Järviniemi and B. Shlegeris, "Making deals with early schemers",
   Redwood Research, 2025 (early AIs and their successors).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from dealmodels._validation import check_array, fail
from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models._base import (
    ModelResult,
    Values,
    broadcast,
    first,
)
from dealmodels.models._extremes import defined_everywhere, times
from dealmodels.models.declared import ClosedFormModel, Declaration

if TYPE_CHECKING:
    from dealmodels.games.normal_form import NormalFormGame
    from dealmodels.symbolic import Parameter

__all__ = [
    "Collusion",
    "CollusionDecision",
    "CollusionResult",
    "SymmetricEquilibrium",
    "twin_pd_threshold",
]


def pivot_probability(n: ArrayLike, k: ArrayLike, q: ArrayLike) -> Any:
    r""":math:`P_{k-1} = \Pr[\mathrm{Bin}(n-1, q) \ge k-1]` (scipy's binomial survival)."""
    from scipy.stats import binom

    n_, k_ = np.asarray(n, dtype=float), np.asarray(k, dtype=float)
    return np.asarray(binom.sf(k_ - 2, n_ - 1, q), dtype=float)


def twin_pd_threshold(
    temptation: float, reward: float, punishment: float, sucker: float, q_defect: float = 0.5
) -> float:
    r"""Evidential weight above which a copy cooperates in the twin prisoner's dilemma.

    Parameters
    ----------
    temptation, reward, punishment, sucker : float
        Stage payoffs :math:`T > R > P > S`.
    q_defect : float, default 0.5
        Probability that the other defects under causal beliefs, :math:`q_o \in [0, 1]`.

    Returns
    -------
    float
        :math:`\lambda^* = X / ((R - P) + X)` with :math:`X = (1-q_o)(T-R) + q_o(P-S)`;
        cooperating is optimal iff :math:`\lambda \ge \lambda^*`.

    Examples
    --------
    >>> from fractions import Fraction
    >>> Fraction(twin_pd_threshold(5, 3, 1, 0)).limit_denominator(100)  # Christiano: 3/7
    Fraction(3, 7)
    """
    t, r, p, s = (float(x) for x in (temptation, reward, punishment, sucker))
    if not t > r > p > s:
        raise InvalidParameterError(
            "a prisoner's dilemma needs temptation > reward > punishment > sucker; got "
            f"temptation={temptation!r}, reward={reward!r}, punishment={punishment!r}, "
            f"sucker={sucker!r}"
        )
    q = float(check_array("q_defect", q_defect))
    if not 0 <= q <= 1:
        raise fail("q_defect", "in [0, 1]", q_defect)
    x = (1 - q) * (t - r) + q * (p - s)
    return x / ((r - p) + x)


@dataclass(frozen=True, slots=True)
class SymmetricEquilibrium:
    """A symmetric equilibrium of the causal collusion game.

    Attributes
    ----------
    defect_probability : float
        Each instance's probability of defecting (0: all comply, 1: all defect).
    kind : {"all comply", "all defect", "mixed"}
    payoff : float
        Each instance's expected payoff.
    """

    defect_probability: float
    kind: str
    payoff: float


@dataclass(frozen=True, kw_only=True, eq=False)
class CollusionResult(ModelResult):
    """One instance's choice (arrays when inputs were arrays).

    Attributes
    ----------
    pivot_probability : float or ndarray
        :math:`P_{k-1}`.
    causal_value : float or ndarray
        :math:`B`.
    defect_value : float or ndarray
        :math:`EU_D = \\lambda(V + u_s) + (1-\\lambda)B`, also the AI's reservation price.
    threshold : float or ndarray
        :math:`\\lambda^*` (in [0, 1]); the instance defects iff :math:`\\lambda > \\lambda^*`
        (never when :math:`\\lambda^* = 1`), or at every :math:`\\lambda` when :math:`B > u_c`.
    """

    pivot_probability: Any
    causal_value: Any
    defect_value: Any
    threshold: Any


def _attempt_value(a: Mapping[str, Any]) -> Any:
    """:math:`V_c = p_c V - (1 - p_c) L`: a defector's expected payoff from an attempt with
    enough copies (``inf`` for an infinite prize with :math:`p_c > 0`)."""
    p_c, prize, loss = a["collusion_success"], a["prize"], a["loss"]
    with np.errstate(invalid="ignore"):
        won = np.where(p_c > 0, p_c * prize, 0.0)
    return won - (1 - p_c) * loss


def _exactly_where_close(defect: Any, a: Mapping[str, Any], pk: Any, eu_d: Any) -> Any:
    r"""``defect`` (:math:`EU_D > s` in floats), decided in exact rational arithmetic where
    :math:`EU_D` and :math:`s` agree to rounding and every term is finite.

    Where they agree to rounding the float comparison reads the order of the sums:
    :math:`(1 - \pi) L` at :math:`\pi = 10^{-33}`, :math:`L = 10^{300}` is :math:`L`, so
    :math:`\pi V - (1 - \pi) L` rounds to :math:`-L` and a defector's edge of
    :math:`\pi (V + L) = 10^{267}` over :math:`s = -L` is lost. There the comparison is
    made at the floats' exact values (:class:`fractions.Fraction`), with the pivot
    probability :math:`\pi` as computed.
    """
    from fractions import Fraction

    lam, s = a["evidential_weight"], a["comply_payoff"]
    p_c, prize, loss, succ = (a[k] for k in ("collusion_success", "prize", "loss",
                                              "successor_value"))  # fmt: skip
    shape = np.shape(defect)
    parts = [np.broadcast_to(np.asarray(x, dtype=float), shape)
             for x in (lam, s, p_c, prize, loss, succ, pk, eu_d)]  # fmt: skip
    with np.errstate(all="ignore"):
        # the largest term of either side: s, the prize, the loss, the successor's value
        mag = np.max(np.abs(np.stack([parts[1], parts[3], parts[4], parts[5]])), axis=0)
        near = np.all(np.isfinite(np.stack(parts)), axis=0) & (
            np.abs(parts[7] - parts[1]) <= 1e-12 * mag
        )
    if not near.any():
        return defect
    out = np.array(defect, dtype=bool, copy=True)
    for idx in zip(*np.nonzero(near), strict=True) if shape else [()]:
        lam_, s_, pc_, v_, l_, u_, pk_, _ = (Fraction(float(x[idx])) for x in parts)
        attempt = (pc_ * v_ if pc_ > 0 else 0) - (1 - pc_) * l_
        causal = (pk_ * attempt if pk_ > 0 else 0) - ((1 - pk_) * l_ if pk_ < 1 else 0)
        exact = lam_ * (attempt + u_) + (1 - lam_) * causal
        out[idx] = exact > s_
    return out if shape else np.bool_(out)


class Collusion(ClosedFormModel):
    r"""M7: collusion of :math:`n` instances needing :math:`k` (see the module docstring).

    Parameters
    ----------
    disposition : Disposition, optional
        Fills ``evidential_weight`` (:math:`\lambda = 1 - \sigma`).

    Examples
    --------
    >>> m = Collusion()  # enough defectors always win: collusion_success = 1
    >>> r = m.solve(instances=5, needed=3, prize=10.0, loss=5.0, comply_payoff=1.0,
    ...             others_defect=0.2, evidential_weight=0.5, collusion_success=1.0)
    >>> r.regime, round(r.threshold, 4)
    ('collusion', 0.2676)
    >>> m.solve(evidential_weight=0.1).regime  # skeptical of acausal reasoning
    'compliance'
    """

    name = "collusion"
    regimes = ("compliance", "collusion")

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        from dealmodels.models._base import disposition_parameter as dp
        from dealmodels.world import world_parameter as wp

        return (
            *(wp(n) for n in ("instances", "needed", "prize", "loss", "collusion_success",
                              "comply_payoff", "others_defect")),
            dp("evidential_weight", "evidential_weight", latex=r"\lambda", high=1,
               description="weight on 'the others mirror me', 1 - acausal skepticism"),
            wp("successor_value"),
        )  # fmt: skip

    def _check_values(self, values: Values) -> None:
        # whole numbers, each checked by its Parameter; together k <= n
        if np.any(np.asarray(values["needed"]) > np.asarray(values["instances"])):
            raise fail("needed", "an integer in [1, instances]", values["needed"])

    def _checked(self, v: Values) -> dict[str, Any]:
        return {name: np.asarray(x, dtype=float) for name, x in v.items()}

    @defined_everywhere
    def solve(self, disposition: Disposition | None = None, **values: Any) -> CollusionResult:
        """Solve one instance's choice (see the module docstring); arrays broadcast."""
        v = self.resolve(disposition, **values)
        a = self._checked(v)
        shape = broadcast(v, list(v))
        pk = pivot_probability(a["instances"], a["needed"], a["others_defect"])
        loss, s, lam = a["loss"], a["comply_payoff"], a["evidential_weight"]
        big_v = _attempt_value(a)
        top = big_v + a["successor_value"]
        # pk V - (1 - pk) L, with 0 * inf = 0: a never-pivotal instance gains nothing from an
        # infinite prize, a surely pivotal one loses nothing from an infinite loss
        b = times(pk, big_v) - times(1 - pk, loss)
        eu_d = times(lam, top) + times(1 - lam, b)
        defect = _exactly_where_close(eu_d > s, a, pk, eu_d)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            raw = (s - b) / np.where(top > b, top - b, 1.0)
            # an infinite loss (b = -inf): (s - b) / (top - b) -> 1
            raw = np.where(np.isneginf(b) & np.isfinite(s) & np.isfinite(top), 1.0, raw)
        thr = np.where(top > b, np.clip(raw, 0.0, 1.0), np.where(s < top, 0.0, 1.0))
        code = np.where(defect, np.int8(1), np.int8(0))  # self.regimes: compliance, collusion
        f = {name: float(first(x)) for name, x in
             (("lam", lam), ("thr", thr), ("b", b), ("s", s), ("eu", eu_d))}  # fmt: skip
        op = ">" if first(defect) else "<="
        label = self.regimes[int(first(code))]
        explanation = (
            f"{label}: evidential weight {f['lam']:.3g} {op} threshold {f['thr']:.3g} "
            f"(defecting is worth {f['eu']:.4g} against complying {f['s']:.4g}; "
            f"causal value {f['b']:.4g})"
        )

        return CollusionResult.from_arrays(
            self,
            v,
            shape,
            explanation,
            regime_code=code,
            cooperates=~defect,
            pivot_probability=pk,
            causal_value=b,
            defect_value=eu_d,
            threshold=thr,
        )

    # the causal n-player game, not the declared decision (that is declared().game())
    def game(  # type: ignore[override]
        self, disposition: Disposition | None = None, **values: Any
    ) -> NormalFormGame:
        """The causal n-player game at one point (actions ``("comply", "defect")``).

        This is the game of :meth:`equilibria`; the declared decision of one instance, from
        which the cooperation condition is derived, is ``declared().game(**values)`` (and
        :meth:`tree`, symbolic).

        Payoffs: ``comply_payoff`` for complying; for defecting ``prize`` if at least
        ``needed`` instances defect, else ``-loss``. Limited to ``instances <= 12``
        (:math:`2^n` profiles).

        Examples
        --------
        >>> import dealmodels as dm
        >>> g = Collusion().game(instances=3, needed=2, prize=10, loss=5, comply_payoff=1)
        >>> [tuple(int(np.argmax(s)) for s in e.strategies) for e in dm.pure_nash_equilibria(g)]
        [(0, 0, 0), (1, 1, 1)]
        """
        from dealmodels.games.normal_form import NormalFormGame

        v = self.resolve(disposition, **values)
        for name, val in v.items():
            if np.ndim(val) != 0:
                raise fail(name, "a scalar for game()", val)
        a = self._checked(v)
        n, k = int(a["instances"]), int(a["needed"])
        if n > 12:
            raise fail("instances", "at most 12 for game() (2**n profiles)", v["instances"])
        big_v, loss, s = float(_attempt_value(a)), float(a["loss"]), float(a["comply_payoff"])
        grids = np.indices((2,) * n)
        defectors = grids.sum(axis=0)
        success = defectors >= k
        payoffs = [np.where(grids[i] == 1, np.where(success, big_v, -loss), s) for i in range(n)]
        return NormalFormGame(
            payoffs,
            players=[f"instance {i + 1}" for i in range(n)],
            actions=[("comply", "defect")] * n,
        )

    def equilibria(
        self, disposition: Disposition | None = None, **values: Any
    ) -> list[SymmetricEquilibrium]:
        """The symmetric equilibria of the causal game (λ = 0; ``others_defect`` is ignored).

        Returns
        -------
        list of SymmetricEquilibrium
            Ordered by defection probability; scalar values only.

        Examples
        --------
        >>> eqs = Collusion().equilibria(loss=5.0, collusion_success=1.0)
        >>> [(e.kind, round(e.defect_probability, 4)) for e in eqs]
        [('all comply', 0.0), ('mixed', 0.3292), ('all defect', 1.0)]
        """
        from scipy.optimize import brentq

        v = self.resolve(disposition, **values)
        for name, x in v.items():
            if np.ndim(x) != 0:
                raise fail(name, "a scalar for equilibria()", x)
        a = self._checked(v)
        n, k = float(a["instances"]), float(a["needed"])
        big_v, loss, s = float(_attempt_value(a)), float(a["loss"]), float(a["comply_payoff"])

        def gain(q: float) -> float:
            return float(pivot_probability(n, k, q)) * (big_v + loss) - loss - s

        out: list[SymmetricEquilibrium] = []
        tol = 1e-12 * max(1.0, abs(big_v), abs(loss), abs(s))
        g0, g1 = gain(0.0), gain(1.0)
        if g0 <= tol:
            out.append(SymmetricEquilibrium(0.0, "all comply", s))
        if g0 < -tol and g1 > tol:
            q = float(brentq(gain, 0.0, 1.0, xtol=1e-14))
            out.append(SymmetricEquilibrium(q, "mixed", s))
        if g1 >= -tol:
            out.append(SymmetricEquilibrium(1.0, "all defect", g1 + s))
        return out


def _pivot_expr(n: Any, k: Any, q: Any) -> Any:
    r""":math:`P_{k-1} = \Pr[\mathrm{Bin}(n-1, q) \ge k-1] = I_q(k-1, n-k+1)` for
    :math:`k \ge 2` (the regularized incomplete beta function, lambdified to
    ``scipy.special.betainc``), 1 for :math:`k = 1`."""
    import sympy

    return sympy.Piecewise((1, k <= 1), (sympy.betainc_regularized(k - 1, n - k + 1, 0, q), True))


class CollusionDecision(Declaration):
    r"""M7 declared: one instance complies (:math:`u_c`) or defects; a defection is a chance
    move over the instance's beliefs.

    With probability :math:`\lambda` the others mirror it (the attempt is made with enough
    copies, and the successor's :math:`u_s` is earned either way); with :math:`1 - \lambda`
    they defect independently and the instance is pivotal with probability
    :math:`P_{k-1}` (:func:`pivot_probability`), else the attempt fails. An attempt
    succeeds with probability :math:`p_c` (:math:`V`) or fails (:math:`-L`). Backward
    induction derives the cooperation condition (comply; ties comply)

    .. math:: u_c \ge \lambda\,[p_c (V + u_s) + (1 - p_c)(u_s - L)]
              + (1 - \lambda)\,[P_{k-1} V_c - (1 - P_{k-1}) L].

    A probability-0 branch with an infinite payoff (:math:`p_c = 0`, :math:`V = \infty`)
    makes the condition undefined there (0·∞); :meth:`Collusion.solve` reads it as 0.
    """

    of = Collusion
    players = ("AI",)
    cooperative = ("compliance",)
    outcomes: ClassVar[Mapping[str, str]] = {"comply": "compliance", "defect": "collusion"}
    cooperation_description = "an instance complies rather than joining a coordinated takeover"

    def declare(self, s: Any) -> Any:
        from dealmodels.games.extensive_form import chance, decision

        pivot = _pivot_expr(s.instances, s.needed, s.others_defect)
        p_c, prize, loss, u_s = s.collusion_success, s.prize, s.loss, s.successor_value
        mirrored = chance({"succeeds": (p_c, (prize + u_s,)), "fails": (1 - p_c, (u_s - loss,))})
        attempt = chance({"succeeds": (p_c, (prize,)), "fails": (1 - p_c, (-loss,))})
        causal = chance({"pivotal": (pivot, attempt), "not pivotal": (1 - pivot, (-loss,))})
        lam = s.evidential_weight
        defect = chance({"mirrored": (lam, mirrored), "causal": (1 - lam, causal)})
        return decision("AI", {"comply": (s.comply_payoff,), "defect": defect})


Collusion.declaration = CollusionDecision
