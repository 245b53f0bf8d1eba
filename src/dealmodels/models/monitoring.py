r"""M5: controlled extraction. Monitoring an AI that may feign compliance (inspection games).

Players, actions and payoffs
----------------------------
The developer D (inspector) audits the AI's work (probability :math:`p`) or not; the AI A
(inspectee) works honestly or **feigns** compliance: it appears to comply while sabotaging or
sandbagging (probability :math:`q`). An audit catches feigning with probability
:math:`d = d_0 (1 - s_v)`: training that raises the AI's capability to obstruct
(``subversion`` :math:`s_v`) also makes its sabotage harder to detect. Feigning costs an AI
that keeps its promises :math:`\kappa` (``promise_keeping``, the disutility of lying).
Payoffs (D, A):

=============  ==========================  =================================================
               work                        feign
=============  ==========================  =================================================
audit          :math:`(-e,\; -h)`          :math:`(-d a - (1-d) c,\; -d f + (1-d) b - \kappa)`
no audit       :math:`(0,\; 0)`            :math:`(-c,\; b - \kappa)`
=============  ==========================  =================================================

with :math:`e > 0` the audit cost, :math:`c` the damage of undetected sabotage,
:math:`a \le c` the developer's loss when sabotage is caught, :math:`b` the AI's gain from
undetected sabotage, :math:`f` its penalty when caught (lost deal payments, retraining) and
:math:`h` the nuisance of an audit to an honest AI (Avenhaus, von Stengel and Zamir 2002;
M5). An undetected feint counts as no audit.

Deterrence
----------
Feigning beats honest work iff :math:`b - \kappa - p\,g > 0` with the **deterrence slope**
:math:`g = d(b + f) - h`, so audit rates at or above the **deterrence threshold**

.. math:: p^* = \frac{b - \kappa}{d\,(b + f) - h}

keep the AI honest. :math:`p^*` rises as subversion lowers :math:`d` (as :math:`1/d`) and
falls in :math:`\kappa`; with :math:`\kappa \ge b` honesty needs no monitoring at all, and with
:math:`g < b - \kappa` (so :math:`p^* > 1`) no audit rate deters.

Solution concepts
-----------------
*Mixed Nash equilibrium* (simultaneous moves). Interior when :math:`\kappa < b`,
:math:`p^* < 1` and :math:`r = d(c - a) > 0`: the AI's indifference gives :math:`p^*`, the
developer's gives the feigning rate

.. math:: q^* = \frac{e}{e + d\,(c - a)},

i.e. :math:`p^* = b/(b + f - h)`, :math:`q^* = e/(e + c - a)` at :math:`d = 1, \kappa = 0`.
Payoffs :math:`(-c\,q^*,\; -h\,p^*)`. Outside the interior the equilibrium is pure: honest
work without audits when :math:`\kappa \ge b`; feigning (with audits iff :math:`r > 0`) when
no rate deters.

*Inspector leadership* (the developer commits to an audit rate, Maschler 1966; a strong
Stackelberg equilibrium, ties broken toward legality). The developer either commits to
:math:`p^*`, which keeps the AI honest at cost :math:`-e\,p^*`, or tolerates feigning and
audits at the highest rate that does not deter, worth :math:`-c + \bar p\, r`. Honest work is
the outcome (this model's cooperation condition) iff

.. math:: \kappa \ge b \;\vee\; \Big(b - \kappa \le g \;\wedge\;
          (b - \kappa)\,\big(e + d(c - a)\big) \le c\,g\Big).

The leader's commitment value is at least its Nash payoff (von Stengel and Zamir 2010).
This condition is derived, not written by hand: :class:`InspectorLeadership` declares
inspector leadership as a tree of the commitments 0, :math:`p^*` and 1, and
:meth:`MonitoringGame.solve` is checked against it as its fast path.

Regimes: *honest without monitoring* (:math:`\kappa \ge b`), *honest work under monitoring*
(committed audit rate :math:`p^*`), *feigned compliance*.

Audit budgets over many tasks
-----------------------------
:func:`dresher_value` is Dresher's (1962) recursive inspection game; :func:`upfront_auditing`
is the upfront-auditing protocol of Greenblatt et al. (2023) against the attack rate that
minimises safety.

References
----------
.. [1] R. Avenhaus, B. von Stengel and S. Zamir, "Inspection games", in *Handbook of Game
   Theory with Economic Applications*, vol. 3, ch. 51, Elsevier, 2002.
.. [2] M. Maschler, "A price leadership method for solving the inspector's non-constant-sum
   game", *Naval Research Logistics Quarterly* 13, 1966, 11-33.
.. [3] M. Dresher, "A sampling inspection problem in arms control agreements: a game-theoretic
   analysis", RAND Memorandum RM-2972-ARPA, 1962.
.. [4] B. von Stengel, "Recursive inspection games", *Mathematics of Operations Research*
   41(3), 2016, 935-952 (arXiv 1412.0129).
.. [5] B. von Stengel and S. Zamir, "Leadership games with convex strategy sets", *Games and
   Economic Behavior* 69(2), 2010, 446-457.
.. [6] R. Greenblatt, B. Shlegeris, K. Sachan and F. Roger, "AI Control: Improving Safety
   Despite Intentional Subversion", arXiv 2312.06942, 2023.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
from numpy.typing import ArrayLike

from dealmodels._validation import check_choice, check_int, check_interval, fail
from dealmodels.models._base import Model, ModelResult, Values, broadcast, first
from dealmodels.models._extremes import defined_everywhere, refuse_overflow
from dealmodels.models.declared import ClosedFormModel, Declaration

if TYPE_CHECKING:
    from dealmodels.dispositions import Disposition
    from dealmodels.games.normal_form import NormalFormGame
    from dealmodels.symbolic import Parameter

__all__ = [
    "InspectorLeadership",
    "MonitoringGame",
    "MonitoringResult",
    "UpfrontAuditingResult",
    "dresher_value",
    "upfront_auditing",
    "upfront_auditing_safety",
]

DEVELOPER_ACTIONS = ("audit", "no audit")
AI_ACTIONS = ("work", "feign")


@dataclass(frozen=True, kw_only=True, eq=False)
class MonitoringResult(ModelResult):
    """The monitoring game at a parameter point (arrays when inputs were arrays).

    ``regime`` and ``cooperates`` (honest work) refer to inspector leadership.

    Attributes
    ----------
    detection : float or ndarray
        :math:`d = d_0 (1 - s_v)`.
    deterrence_threshold : float or ndarray
        :math:`p^* = (b - \\kappa)/(d(b + f) - h)`; 0 when :math:`\\kappa \\ge b`, ``inf``
        when no audit rate deters (:math:`d(b + f) \\le h`); above 1 it cannot be reached.
    audit_rate : float or ndarray
        The audit rate the developer commits to (inspector leadership).
    developer_value, ai_value : float or ndarray
        Both payoffs under inspector leadership.
    nash_audit, nash_feign : float or ndarray
        The Nash equilibrium's audit and feigning probabilities (:math:`p^*, q^*` when
        interior; see the module docstring for the pure cases).
    nash_developer_value, nash_ai_value : float or ndarray
        Both payoffs at that Nash equilibrium.
    """

    detection: Any
    deterrence_threshold: Any
    audit_rate: Any
    developer_value: Any
    ai_value: Any
    nash_audit: Any
    nash_feign: Any
    nash_developer_value: Any
    nash_ai_value: Any


def inspection_parameters() -> tuple[Parameter, ...]:
    """The inspection game's parameters (shared with the oversight-commitment model, M8)."""
    from dealmodels.models._base import disposition_parameter as dp
    from dealmodels.world import world_parameter as wp

    return (
        *(wp(n) for n in ("audit_cost", "damage", "residual_damage", "gain", "penalty",
                          "nuisance", "detection")),
        dp("subversion", "subversion", latex="s_v", high=1,
           description="capability from obstruction training; d = d0 (1 - subversion)"),
        dp("promise_keeping", "promise_keeping", latex=r"\kappa",
           description="the AI's cost of lying (feigning compliance), kappa"),
    )  # fmt: skip


def check_damages(v: Values) -> Values:
    """Refuse ``residual_damage > damage`` (caught sabotage costs no more than undetected)."""
    if np.any(np.asarray(v["residual_damage"]) > np.asarray(v["damage"])):
        raise fail(
            "residual_damage",
            f"at most damage (caught sabotage costs no more than undetected); "
            f"damage={v['damage']!r}",
            v["residual_damage"],
        )
    return v


class InspectionModel(Model):
    """Base of the models over the inspection game's values (:func:`inspection_parameters`):
    the monitoring game (M5) and the oversight commitment (M8). :meth:`resolve` also
    refuses ``residual_damage > damage``."""

    def _check_values(self, values: Values) -> None:
        check_damages(values)


class MonitoringGame(InspectionModel, ClosedFormModel):
    r"""M5: the inspection game with feigned compliance (see the module docstring).

    Parameters
    ----------
    disposition : Disposition, optional
        Fills ``subversion`` and ``promise_keeping``.

    Examples
    --------
    >>> m = MonitoringGame()
    >>> r = m.solve(audit_cost=0.1, damage=1.0, residual_damage=0.2, gain=1.0, penalty=2.0,
    ...             nuisance=0.1, detection=1.0)
    >>> round(r.deterrence_threshold, 6), round(r.nash_feign, 6)  # b/(b+f-h), e/(e+c-a)
    (0.344828, 0.111111)
    >>> r.regime
    'honest work under monitoring'
    >>> m.solve(promise_keeping=1.0).regime
    'honest without monitoring'
    >>> m.solve(subversion=0.9, damage=0.3).regime
    'feigned compliance'
    """

    name = "monitoring game"
    regimes = ("honest work under monitoring", "feigned compliance", "honest without monitoring")

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        return inspection_parameters()

    # -- the game ------------------------------------------------------------------------------
    # the bimatrix game, not the declared leadership tree (that is declared().game())
    def game(  # type: ignore[override]
        self, disposition: Disposition | None = None, **values: Any
    ) -> NormalFormGame:
        """The bimatrix game at one parameter point (developer rows, AI columns).

        The simultaneous-move game (its Nash equilibria are ``solve``'s ``nash_*`` fields,
        and :func:`dealmodels.stackelberg` on it gives inspector leadership). The declared
        game of inspector leadership, from which the cooperation condition is derived, is
        ``declared().game(**values)`` (:class:`InspectorLeadership`; :meth:`tree`,
        symbolic).

        Actions: developer ``("audit", "no audit")``, AI ``("work", "feign")``.

        Examples
        --------
        >>> g = MonitoringGame().game(detection=1.0)
        >>> g.payoffs[0].tolist()
        [[-0.1, -0.2], [0.0, -1.0]]
        """
        from dealmodels.errors import InvalidParameterError
        from dealmodels.games.normal_form import NormalFormGame

        v = self.resolve(disposition, **values)
        for name, val in v.items():
            if np.ndim(val) != 0:
                raise InvalidParameterError(
                    f"game needs scalar values; got {name} with shape {np.shape(val)}"
                )
        e, c, a, b, f, h, kappa = (
            float(v[n])
            for n in ("audit_cost", "damage", "residual_damage", "gain", "penalty", "nuisance",
                      "promise_keeping")
        )  # fmt: skip
        d = float(v["detection"]) * (1.0 - float(v["subversion"]))
        dev = [[-e, -(d * a + (1 - d) * c)], [0.0, -c]]
        ai = [[-h, -d * f + (1 - d) * b - kappa], [0.0, b - kappa]]
        return NormalFormGame.from_bimatrix(
            dev, ai, players=["developer", "AI"], actions=[DEVELOPER_ACTIONS, AI_ACTIONS]
        )

    # -- numeric -------------------------------------------------------------------------------
    def deterrence_threshold(self, disposition: Disposition | None = None, **values: Any) -> Any:
        r"""The least audit rate that keeps the AI honest, :math:`p^*` (see :meth:`solve`)."""
        return self.solve(disposition, **values).deterrence_threshold

    @defined_everywhere
    def solve(self, disposition: Disposition | None = None, **values: Any) -> MonitoringResult:
        """Solve in closed form (Nash and inspector leadership); arrays broadcast."""
        v = self.resolve(disposition, **values)
        shape = broadcast(v, list(v))
        e, c, a, b, f, h, kappa, d0, sv = (
            np.asarray(v[n], dtype=float)
            for n in ("audit_cost", "damage", "residual_damage", "gain", "penalty", "nuisance",
                      "promise_keeping", "detection", "subversion")
        )  # fmt: skip
        d = d0 * (1 - sv)
        excess = b - kappa  # the AI's net gain from an unaudited feint
        slope = d * (b + f) - h  # how fast auditing erodes it
        recovery = d * (c - a)  # what an audit saves the developer when the AI feigns
        with np.errstate(over="ignore", invalid="ignore"):
            refuse_overflow(
                self.name,
                v,
                {
                    "the deterrence slope d (b + f) - h": slope,
                    "(b - kappa)(e + d (c - a))": excess * (e + recovery),
                    "c (d (b + f) - h)": c * slope,
                },
            )
        free_honest = excess <= 0
        deterrable = excess <= slope
        worth = excess * (e + recovery) <= c * slope
        honest_led = free_honest | (deterrable & worth)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            p_star = np.where(
                free_honest,
                0.0,
                np.where(slope > 0, excess / np.where(slope > 0, slope, 1.0), np.inf),
            )
            q_star = e / (e + recovery)
        # inspector leadership
        p_bar = np.where(deterrable, p_star, 1.0)  # highest rate that does not deter
        tolerate_rate = np.where(recovery > 0, p_bar, 0.0)
        audit_rate = np.where(free_honest, 0.0, np.where(honest_led, p_star, tolerate_rate))
        dev_led = np.where(honest_led, -e * audit_rate, -c + audit_rate * recovery) + 0.0
        ai_led = np.where(honest_led, -h * audit_rate, excess - audit_rate * d * (b + f)) + 0.0
        # codes into self.regimes: ("honest work under monitoring", "feigned compliance",
        # "honest without monitoring")
        code = np.where(free_honest, np.int8(2), np.where(honest_led, np.int8(0), np.int8(1)))
        # Nash equilibrium (one selected where several exist; see the module docstring)
        interior = ~free_honest & deterrable & (recovery > 0)
        feign_dominant = ~free_honest & ~deterrable
        p_n = np.where(interior, p_star, np.where(feign_dominant & (recovery > 0), 1.0, 0.0))
        q_n = np.where(interior, q_star, np.where(free_honest, 0.0, 1.0))
        dev_n = p_n * ((1 - q_n) * -e + q_n * -(d * a + (1 - d) * c)) + (1 - p_n) * q_n * -c
        ai_n = (
            p_n * ((1 - q_n) * -h + q_n * (-d * f + (1 - d) * b - kappa))
            + (1 - p_n) * q_n * excess
        )
        explanation = self._explain(
            self.regimes[int(first(code))],
            first(p_star),
            first(d),
            first(excess),
            first(audit_rate),
        )
        return MonitoringResult.from_arrays(
            self,
            v,
            shape,
            explanation,
            regime_code=code,
            cooperates=honest_led,
            detection=d,
            deterrence_threshold=p_star,
            audit_rate=audit_rate,
            developer_value=dev_led,
            ai_value=ai_led,
            nash_audit=p_n,
            nash_feign=q_n,
            nash_developer_value=dev_n,
            nash_ai_value=ai_n,
        )

    @staticmethod
    def _explain(regime: str, p_star: float, d: float, excess: float, rate: float) -> str:
        if regime == "honest without monitoring":
            return (
                "honest without monitoring: lying costs the AI at least what sabotage gains it "
                f"(b - kappa = {excess:.4g} <= 0)"
            )
        if regime == "honest work under monitoring":
            return (
                f"honest work under monitoring: the developer commits to audit at the "
                f"deterrence threshold p* = {p_star:.4g} (detection d = {d:.3g})"
            )
        if not p_star <= 1:
            return (
                f"feigned compliance: no audit rate deters (p* = {p_star:.4g} > 1 at detection "
                f"d = {d:.3g}); the developer audits at rate {rate:.4g}"
            )
        return (
            f"feigned compliance: deterring at p* = {p_star:.4g} costs the developer more than "
            f"the sabotage it prevents; it audits at rate {rate:.4g}"
        )

    # -- symbolic ------------------------------------------------------------------------------
    def deterrence_expr(self) -> Any:
        r"""The deterrence threshold :math:`p^* = (b - \kappa)/(d_0 (1 - s_v)(b + f) - h)`
        over the parameters' symbols (the rate the declared game offers as ``deter``)."""
        from types import SimpleNamespace

        s = SimpleNamespace(**{name: p.symbol for name, p in self.parameters.items()})
        _, excess, slope = _terms(s)
        return excess / slope


def _terms(s: Any) -> tuple[Any, Any, Any]:
    r"""Over symbols ``s.<name>``: the detection :math:`d = d_0 (1 - s_v)`, the excess
    :math:`b - \kappa` and the deterrence slope :math:`g = d(b + f) - h`."""
    d = s.detection * (1 - s.subversion)
    excess = s.gain - s.promise_keeping
    return d, excess, d * (s.gain + s.penalty) - s.nuisance


class InspectorLeadership(Declaration):
    r"""M5 declared: inspector leadership as a tree of the developer's candidate commitments.

    The developer commits to an audit rate :math:`p` and the AI, seeing it, works
    (:math:`(-e p, -h p)`) or feigns (:math:`(-c + p\,d(c - a),\; -h p + (b - \kappa - p g))`,
    the matrix of the module docstring averaged over the audit). Feigning's edge
    :math:`b - \kappa - p g` falls in :math:`p`, so the AI's best response changes only at
    the deterrence threshold :math:`p^* = (b - \kappa)/g`, and the developer's payoff is
    linear in :math:`p` on each side: an optimal commitment is one of :math:`0`,
    :math:`p^*` and :math:`1` (von Stengel and Zamir 2010). The tree offers them:

    * ``deter``: :math:`p^*`, where :math:`0 < b - \kappa \le g` (``available``);
    * ``no audit``: :math:`p = 0`;
    * ``tolerate``: :math:`p^*` again, with the AI's responses in the other order;
    * ``audit always``: :math:`p = 1`.

    At :math:`p^*` the AI is indifferent (the two payoffs are the same expression). In a
    strong Stackelberg equilibrium it plays what the developer prefers; ties go to the
    action listed first, so ``deter`` induces work and ``tolerate`` feigning, and the
    developer's choice between them is the leader's choice of the tie-break. The order
    breaks the developer's ties toward honest work, and toward fewer audits where
    feigning is tolerated, as :meth:`MonitoringGame.solve` does. The guard of :math:`p^*`
    states :math:`g > 0` (implied by the other two) so that comparisons read only where it
    holds are cleared of the denominator :math:`g`; the derived cooperation condition is
    then the module docstring's

    .. math:: \kappa \ge b \;\vee\; \big(b - \kappa \le g \;\wedge\; c\,g \ge e\,(b - \kappa)
              \;\wedge\; c\,g \ge (b - \kappa)(e + d(c - a))\big)

    (the middle comparison, deterring against not auditing, is implied by the last one
    where :math:`b > \kappa`; the derivation keeps it).
    """

    of = MonitoringGame
    players = ("developer", "AI")
    cooperative = ("honest work under monitoring", "honest without monitoring")
    outcomes: ClassVar[Mapping[str, str]] = {
        "": "feigned compliance",
        "deter/work": "honest work under monitoring",
        "tolerate/work": "honest work under monitoring",
        "audit always/work": "honest work under monitoring",
        "no audit/work": "honest without monitoring",
    }
    cooperation_description = "the AI works honestly when the developer commits to an audit rate"

    def _committed(self, s: Any, p: Any, *, feign_first: bool = False) -> Any:
        from dealmodels.games.extensive_form import decision

        d, excess, slope = _terms(s)
        work = (-s.audit_cost * p, -s.nuisance * p)
        feign = (-s.damage + p * d * (s.damage - s.residual_damage),
                 -s.nuisance * p + (excess - p * slope))  # fmt: skip
        if feign_first:
            return decision("AI", {"feign": feign, "work": work})
        return decision("AI", {"work": work, "feign": feign})

    def declare(self, s: Any) -> Any:
        from dealmodels.games.extensive_form import decision

        _, excess, slope = _terms(s)
        p_star = excess / slope
        return decision(
            "developer",
            {
                "deter": self._committed(s, p_star),
                "no audit": self._committed(s, 0),
                "tolerate": self._committed(s, p_star, feign_first=True),
                "audit always": self._committed(s, 1),
            },
        )

    def available(self, s: Any) -> Mapping[str, Any]:
        import sympy

        _, excess, slope = _terms(s)
        reachable = sympy.And(excess > 0, slope >= excess, slope > 0)
        return {"deter": reachable, "tolerate": reachable}


MonitoringGame.declaration = InspectorLeadership


# --------------------------------------------------------------------------------------------
# Dresher's recursive inspection game
# --------------------------------------------------------------------------------------------
DresherMethod = Literal["closed_form", "recursion"]


def _dresher_recursive(n: int, m: int) -> Fraction:
    """Solve the recursion period by period (a table over periods left and audits left)."""
    m = min(m, n)
    # row[j] = v(k, j) for the current number of periods k; v(0, j) = 0 (no chance to violate)
    row = [Fraction(0)] * (m + 1)
    for k in range(1, n + 1):
        new = [Fraction(1)] + [Fraction(0)] * m  # v(k, 0) = 1
        for j in range(1, min(k - 1, m) + 1):  # j < k: no saddle point (see dresher_value)
            # stage game to the inspectee: rows audit / no audit, columns violate / legal
            a, b = Fraction(-1), row[j - 1]
            c, d = Fraction(1), row[j]
            new[j] = (a * d - b * c) / (a + d - b - c)
        row = new  # v(k, j) = 0 for j >= k
    return row[m]


def dresher_value(n: int, m: int, method: DresherMethod = "closed_form") -> Fraction:
    r"""Value to the inspectee of Dresher's recursive inspection game (exact).

    The inspector has ``m`` audits to spend over ``n`` periods; the inspectee may violate once.
    An undetected violation pays the inspectee 1, a detected one -1, legal behaviour
    throughout 0 (zero-sum). Each period is the 2x2 game

    .. math:: \begin{pmatrix} -1 & v(n-1, m-1) \\ 1 & v(n-1, m) \end{pmatrix}

    (rows audit / no audit, columns violate / legal), with :math:`v(n, 0) = 1` and
    :math:`v(n, m) = 0` for :math:`m \ge n`. Its value has the closed form

    .. math:: v(n, m) = \binom{n-1}{m} \Big/ \sum_{i=0}^{m} \binom{n}{i}.

    Parameters
    ----------
    n : int
        Number of periods, :math:`n \ge 1`.
    m : int
        Number of audits, :math:`m \ge 0`.
    method : {"closed_form", "recursion"}, default "closed_form"
        Evaluate the closed form, or solve the recursion stage game by stage game
        (:math:`O(nm)` exact 2x2 solutions). Each stage game has no saddle point when
        :math:`1 \le m < n`: the inspector audits a violation and skips legal play, the
        inspectee violates when unaudited and stays legal when audited.

    Returns
    -------
    Fraction
        :math:`v(n, m) \in [0, 1]`.

    References
    ----------
    .. [1] M. Dresher, RAND RM-2972-ARPA, 1962.
    .. [2] R. Avenhaus, B. von Stengel and S. Zamir, "Inspection games", Handbook of Game
       Theory 3, ch. 51, 2002, section 3.

    Examples
    --------
    >>> dresher_value(2, 1), dresher_value(3, 1), dresher_value(5, 2)
    (Fraction(1, 3), Fraction(1, 2), Fraction(3, 8))
    >>> dresher_value(5, 2, method="recursion")
    Fraction(3, 8)
    """
    n = check_int("n", n, low=1)
    m = check_int("m", m, low=0)
    check_choice("method", method, ("closed_form", "recursion"))
    if method == "recursion":
        return _dresher_recursive(n, m)
    if m >= n:
        return Fraction(0)
    return Fraction(math.comb(n - 1, m), sum(math.comb(n, i) for i in range(m + 1)))


# --------------------------------------------------------------------------------------------
# upfront auditing (Greenblatt et al. 2023)
# --------------------------------------------------------------------------------------------
def _check_budget(n: int, m: int) -> tuple[int, int]:
    n = check_int("n", n, low=1)
    m = check_int("m", m, low=0, high=n)
    return n, m


def _log_red_win(beta: Any, m: int, n: int, success: float) -> Any:
    """log P(red wins) = m log(1 - beta) + log(1 - (1 - s beta)^(n - m))."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        survive = m * np.log1p(-beta) if m > 0 else np.zeros_like(beta)
        win_later = np.log(-np.expm1((n - m) * np.log1p(-success * beta)))
    return survive + win_later


def _effective_success(attack_success: float, defer: float) -> float:
    check_interval("attack_success", attack_success, low=0.0, high=1.0, low_open=True)
    check_interval("defer", defer, low=0.0, high=1.0)
    return float(attack_success) * (1.0 - float(defer))


def upfront_auditing_safety(
    n: int, m: int, attack_rate: ArrayLike, *, attack_success: float = 1.0, defer: float = 0.0
) -> Any:
    r"""Safety of upfront auditing against an AI that attacks each task with a given rate.

    The developer audits the first ``m`` of ``n`` tasks; an audited attack is caught (the
    developer wins). The AI attacks each task independently with probability :math:`\beta`;
    an unaudited attack succeeds with probability :math:`s` (the AI wins), otherwise goes
    unnoticed. Optionally a random share :math:`\phi` (``defer``) of the unaudited outputs is
    discarded and the task redone by a trusted, weaker model (attacks there have no effect),
    so attacks succeed with probability :math:`s' = s(1 - \phi)`. Safety is the probability
    that the AI does not win:

    .. math:: S(\beta) = 1 - (1 - \beta)^m \big(1 - (1 - s'\beta)^{n - m}\big).

    Parameters
    ----------
    n : int
        Number of tasks, :math:`n \ge 1`.
    m : int
        Audit budget: the first ``m`` tasks are audited, :math:`0 \le m \le n`.
    attack_rate : float or array_like
        :math:`\beta \in [0, 1]`.
    attack_success : float, default 1.0
        :math:`s \in (0, 1]`, probability that an unaudited attack succeeds.
    defer : float, default 0.0
        :math:`\phi \in [0, 1]`, share of unaudited tasks deferred to the trusted model.

    Returns
    -------
    float or ndarray
        :math:`S(\beta)`, broadcast over ``attack_rate``.

    References
    ----------
    .. [1] R. Greenblatt, B. Shlegeris, K. Sachan and F. Roger, "AI Control: Improving Safety
       Despite Intentional Subversion", arXiv 2312.06942, 2023 (upfront auditing).

    Examples
    --------
    >>> round(float(upfront_auditing_safety(5000, 100, 8e-4)), 4)
    0.0952
    """
    n, m = _check_budget(n, m)
    check_interval("attack_rate", attack_rate, low=0.0, high=1.0)
    success = _effective_success(attack_success, defer)
    beta = np.asarray(attack_rate, dtype=float)
    red = np.exp(_log_red_win(beta, m, n, success))
    red = np.where(beta > 0, red, 0.0)
    out = 1.0 - red
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True, kw_only=True)
class UpfrontAuditingResult:
    r"""Upfront auditing against the AI's safety-minimising attack rate.

    Attributes
    ----------
    n, m : int
        Tasks and audited tasks.
    attack_success : float
        :math:`s`.
    attack_rate : float
        The AI's optimal attack rate :math:`\beta^*` (tiny: about :math:`\ln(n/m)/(n - m)`).
    safety : float
        :math:`S(\beta^*)`, the protocol's worst-case safety.
    defer : float
        :math:`\phi`, share of unaudited tasks deferred to the trusted model.
    usefulness : float
        Share of tasks whose untrusted output is used, :math:`1 - \phi (n - m)/n` (1 without
        deferral; Greenblatt et al.'s usefulness scale, trusted model 0, untrusted 1).
    """

    n: int
    m: int
    attack_success: float
    attack_rate: float
    safety: float
    defer: float = 0.0
    usefulness: float = 1.0


def upfront_auditing(
    n: int, m: int, *, attack_success: float = 1.0, defer: float = 0.0
) -> UpfrontAuditingResult:
    r"""Worst-case safety of upfront auditing: the AI picks the attack rate that minimises it.

    Minimises :math:`S(\beta)` of :func:`upfront_auditing_safety` over :math:`\beta \in [0, 1]`
    in log space (:math:`t = \ln\beta`; the optimum is tiny, so a linear search would miss
    it): a log-spaced grid over :math:`[\min(10^{-12}, 10^{-3}/n), 1]` and then bounded Brent
    refinement around the best grid point. With :math:`s = 1` the optimum has the closed form

    .. math:: \beta^* = 1 - (m/n)^{1/(n - m)}, \qquad
              S(\beta^*) = 1 - (m/n)^{m/(n - m)}\,(1 - m/n),

    (set :math:`y = 1 - \beta`; :math:`y^m - y^n` is maximal at :math:`y^{n-m} = m/n`), which
    the tests compare with the numeric optimum.

    Parameters
    ----------
    n : int
        Number of tasks, :math:`n \ge 1`.
    m : int
        Audit budget, :math:`0 \le m \le n`.
    attack_success : float, default 1.0
        :math:`s \in (0, 1]`.
    defer : float, default 0.0
        :math:`\phi \in [0, 1]`: share of unaudited tasks redone by the trusted model (see
        :func:`upfront_auditing_safety`); trades usefulness for safety.

    Returns
    -------
    UpfrontAuditingResult

    References
    ----------
    .. [1] R. Greenblatt, B. Shlegeris, K. Sachan and F. Roger, "AI Control: Improving Safety
       Despite Intentional Subversion", arXiv 2312.06942, 2023.

    Examples
    --------
    >>> r = upfront_auditing(5000, 100)  # a 2% audit budget
    >>> round(r.attack_rate, 6), round(r.safety, 4)
    (0.000798, 0.0952)
    """
    n, m = _check_budget(n, m)
    s = _effective_success(attack_success, defer)

    def result(beta: float, safety: float) -> UpfrontAuditingResult:
        return UpfrontAuditingResult(
            n=n,
            m=m,
            attack_success=float(attack_success),
            attack_rate=beta,
            safety=safety,
            defer=float(defer),
            usefulness=1.0 - float(defer) * (n - m) / n,
        )

    if m == n or s == 0:  # every task audited, or every unaudited output discarded
        return result(0.0, 1.0)
    if m == 0:  # nothing is audited: attack every task
        return result(1.0, (1.0 - s) ** n)
    from scipy.optimize import minimize_scalar

    def neg(t: float) -> float:
        return -float(_log_red_win(np.exp(t), m, n, s))

    # the optimum is near ln(n/m)/(n - m), below 1/n: start the grid three decades under
    # 1/n (and at 1e-12 at most), at the same density of about 17 points per e-fold
    low = min(math.log(1e-12), -math.log(float(n)) - 3 * math.log(10.0))
    grid = np.linspace(low, 0.0, max(481, int(17.4 * -low)))
    vals = -_log_red_win(np.exp(grid), m, n, s)
    vals = np.where(np.isnan(vals), np.inf, vals)
    i = int(np.argmin(vals))
    best_t, best = float(grid[i]), float(vals[i])
    lo, hi = float(grid[max(i - 1, 0)]), float(grid[min(i + 1, len(grid) - 1)])
    if hi > lo:
        opt = minimize_scalar(neg, bounds=(lo, hi), method="bounded", options={"xatol": 1e-12})
        if opt.success and float(opt.fun) <= best:
            best_t, best = float(opt.x), float(opt.fun)
    beta = math.exp(best_t)
    safety = float(upfront_auditing_safety(n, m, beta, attack_success=s))
    return result(beta, safety)
