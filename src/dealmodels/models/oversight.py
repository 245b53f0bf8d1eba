r"""M8: the developer commits to an oversight policy (monitoring and payment) as a leader.

Game
----
The developer D commits to a mixed oversight policy over three pure policies; the AI A
observes the policy and works honestly or feigns compliance (sabotage that looks like work).
The stage payoffs extend the inspection game of M5 (:class:`~dealmodels.models.monitoring.
MonitoringGame`) by a *payment policy*: after an audit that finds nothing wrong D pays a
reward :math:`B`, which the AI values at :math:`qB` (trust :math:`q`). Payoffs (D, A), with
detection :math:`d = d_0(1 - s_v)`:

=================  =======================  ===============================================
policy             work                     feign
=================  =======================  ===============================================
no audit           :math:`(0, 0)`           :math:`(-c,\ b - \kappa)`
audit              :math:`(-e, -h)`         :math:`(-da - (1-d)c,\ b - \kappa - d(b+f))`
audit and reward   :math:`(-e - B, qB - h)` :math:`(-da - (1-d)(c + B),\ b - \kappa - d(b+f)
                                            + (1-d)qB)`
=================  =======================  ===============================================

With :math:`p` the audit probability and :math:`\beta \le p` the probability of
"audit and reward", the AI works iff

.. math:: p\,g + \beta\,k \ge b - \kappa, \qquad g = d(b+f) - h,\ k = d\,q\,B,

D's payoff is :math:`-ep - B\beta` if the AI works and
:math:`-c + p\,d(c-a) - \beta(1-d)B` if it feigns.

Solution: strong Stackelberg equilibrium
----------------------------------------
The leader's problem is one linear programme per follower action (Conitzer and Sandholm
2006) in the two variables :math:`(p, \beta)` over the triangle :math:`0 \le \beta \le p \le
1`; the optimum is at a vertex, so :meth:`OversightCommitment.solve` enumerates the vertices
(the triangle's corners and the intersections of the incentive line with its edges) in closed
form and vectorised. Ties go to honest work (the leader's favour). A reward is worth using
instead of audits alone iff :math:`(e + B)/(g + k) < e/g`, i.e. :math:`g < e\,d\,q` (a reward
is cheap deterrence when audits alone deter little and the AI trusts the developer). Without
a reward (:math:`B = 0`) this is inspector leadership (Maschler 1966; M5).

The value of commitment is the leader's SSE payoff minus its best Nash payoff of the
simultaneous game, nonnegative by von Stengel and Zamir (2010);
:meth:`OversightCommitment.commitment_value` computes it with :func:`dealmodels.stackelberg`
and :func:`dealmodels.nash_equilibria` on :meth:`OversightCommitment.game`.

References
----------
.. [1] V. Conitzer and T. Sandholm, "Computing the optimal strategy to commit to", EC'06, 2006.
.. [2] B. von Stengel and S. Zamir, "Leadership games with convex strategy sets", *Games and
   Economic Behavior* 69(2), 2010, 446-457.
.. [3] M. Maschler, "A price leadership method for solving the inspector's non-constant-sum
   game", *Naval Research Logistics Quarterly* 13, 1966.
.. [4] R. Avenhaus, B. von Stengel and S. Zamir, "Inspection games", *Handbook of Game Theory*
   3, ch. 51, 2002.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from dealmodels.dispositions import Disposition
from dealmodels.errors import InvalidParameterError
from dealmodels.models._base import ModelResult, broadcast, first
from dealmodels.models._extremes import defined_everywhere, refuse_overflow, times
from dealmodels.models.declared import ClosedFormModel, Declaration
from dealmodels.models.monitoring import InspectionModel, inspection_parameters

if TYPE_CHECKING:
    from dealmodels.games.normal_form import NormalFormGame
    from dealmodels.symbolic import Parameter

__all__ = ["CommitmentValue", "OversightCommitment", "OversightLeadership", "OversightResult"]

POLICIES = ("no audit", "audit", "audit and reward")
AI_ACTIONS = ("work", "feign")


def _vertices(
    excess: Any, g: Any, k: Any, div: Callable[[Any, Any], tuple[Any, Any]]
) -> list[tuple[Any, Any, bool]]:
    """Candidate vertices (p, beta, on_line) of the triangle 0 <= beta <= p <= 1 cut by the
    line p g + beta k = excess. ``div(x, y)`` returns (x / y, whether the vertex is on the
    triangle's edge, 0 <= x / y <= 1); ``on_line`` is that second value for the line's
    vertices and False for the corners."""
    p1, ok1 = div(excess, g)
    p2, ok2 = div(excess, g + k)
    b3, ok3 = div(excess - g, k)
    return [
        (0, 0, False),
        (1, 0, False),
        (1, 1, False),
        (p1, 0, ok1),
        (p2, p2, ok2),
        (1, b3, ok3),
    ]


@dataclass(frozen=True, kw_only=True, eq=False)
class OversightResult(ModelResult):
    """The developer's optimal commitment (arrays when inputs were arrays).

    Attributes
    ----------
    audit_rate, reward_rate : float or ndarray
        :math:`p` and :math:`\\beta` of the committed policy.
    ai_works : bool or ndarray
        The AI's response (ties broken toward work).
    developer_value, ai_value : float or ndarray
        Payoffs in the strong Stackelberg equilibrium.
    detection : float or ndarray
        :math:`d = d_0(1 - s_v)`.
    """

    audit_rate: Any
    reward_rate: Any
    ai_works: Any
    developer_value: Any
    ai_value: Any
    detection: Any


@dataclass(frozen=True, slots=True)
class CommitmentValue:
    """Commitment against simultaneous play at one parameter point.

    Attributes
    ----------
    stackelberg_value : float
        The developer's SSE payoff (from :func:`dealmodels.stackelberg`).
    nash_values : tuple of float
        The developer's payoff in each Nash equilibrium of the simultaneous game.
    value : float
        ``stackelberg_value - max(nash_values)`` (>= 0, von Stengel and Zamir 2010).
    """

    stackelberg_value: float
    nash_values: tuple[float, ...]
    value: float


class OversightCommitment(InspectionModel, ClosedFormModel):
    r"""M8: the developer commits to an audit-and-reward policy (see the module docstring).

    The regime and the cooperation condition come from the declared game
    :class:`OversightLeadership` (the developer's candidate commitments, then the AI's
    response); ``solve`` is its closed form (vertex enumeration, vectorised) and ``game()``
    the 3 x 2 bimatrix game of the module docstring.

    Parameters
    ----------
    disposition : Disposition, optional
        Fills ``subversion``, ``promise_keeping`` and ``trust``.

    Examples
    --------
    >>> m = OversightCommitment()
    >>> r = m.solve(reward=0.0, detection=1.0)  # inspector leadership: p* = b/(b+f-h)
    >>> r.regime, round(r.audit_rate, 6)
    ('honest work', 0.344828)
    >>> r = m.solve(reward=5.0, trust=1.0, detection=0.3, nuisance=0.8, audit_cost=0.5,
    ...             damage=10.0)  # audits alone cannot deter; audit and reward can
    >>> r.regime, r.reward_rate > 0
    ('honest work', True)
    >>> round(m.commitment_value(detection=1.0).value, 6)
    0.076628
    """

    name = "oversight commitment"
    regimes = ("honest work", "feigned compliance")
    aliases: ClassVar[Mapping[str, str]] = {"reward": "audit_reward"}

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        from dealmodels.models._base import disposition_parameter as dp
        from dealmodels.world import world_parameter as wp

        return (
            *inspection_parameters(),
            wp("audit_reward"),
            dp("trust", "trust", latex="q", high=1,
               description="the AI's belief the reward is paid, q"),
        )  # fmt: skip

    # -- the game ------------------------------------------------------------------------------
    def game(  # type: ignore[override]
        self, disposition: Disposition | None = None, **values: Any
    ) -> NormalFormGame:
        """The 3 x 2 bimatrix game at one point (developer rows ``POLICIES``, AI columns).

        (The declared tree, whose backward induction gives the regime, is :meth:`tree`, or
        ``declared().game(**values)`` at one point.)"""
        from dealmodels.games.normal_form import NormalFormGame

        v = self.resolve(disposition, **values)
        for name, val in v.items():
            if np.ndim(val) != 0:
                raise InvalidParameterError(
                    f"game needs scalar values; got {name} with shape {np.shape(val)}"
                )
        e, c, a, b, f, h, d0, sv, kappa, big_b, q = (float(v[n]) for n in self.parameters)
        d = d0 * (1 - sv)
        caught = -(d * a + (1 - d) * c)
        feign = b - kappa - d * (b + f)
        dev = [[0.0, -c], [-e, caught], [-e - big_b, caught - (1 - d) * big_b]]
        ai = [[0.0, b - kappa], [-h, feign], [q * big_b - h, feign + (1 - d) * q * big_b]]
        return NormalFormGame.from_bimatrix(
            dev, ai, players=["developer", "AI"], actions=[POLICIES, AI_ACTIONS]
        )

    def commitment_value(
        self, disposition: Disposition | None = None, **values: Any
    ) -> CommitmentValue:
        """The value of commitment at one point, by the general solvers (see module docs)."""
        from dealmodels.solvers.commitment import stackelberg
        from dealmodels.solvers.nash import nash_equilibria

        g = self.game(disposition, **values)
        sse = float(stackelberg(g, leader=0).leader_value)
        ne = tuple(sorted(float(eq.payoffs[0]) for eq in nash_equilibria(g)))
        return CommitmentValue(stackelberg_value=sse, nash_values=ne, value=sse - max(ne))

    # -- closed form ---------------------------------------------------------------------------
    @staticmethod
    def _pieces(a: dict[str, Any]) -> dict[str, Any]:
        d = a["detection"] * (1 - a["subversion"])
        return {
            "d": d,
            "excess": a["gain"] - a["promise_keeping"],
            "g": d * (a["gain"] + a["penalty"]) - a["nuisance"],
            "k": d * a["trust"] * a["audit_reward"],
            "e": a["audit_cost"],
            "B": a["audit_reward"],
            "c": a["damage"],
            "r": d * (a["damage"] - a["residual_damage"]),
        }

    @defined_everywhere
    def solve(self, disposition: Disposition | None = None, **values: Any) -> OversightResult:
        """The strong Stackelberg equilibrium in closed form (vertex enumeration)."""
        v = self.resolve(disposition, **values)
        shape = broadcast(v, list(v))
        a = {n: np.broadcast_to(np.asarray(x, dtype=float), shape) for n, x in v.items()}
        z = self._pieces(a)
        excess, g, k = z["excess"], z["g"], z["k"]
        with np.errstate(over="ignore", invalid="ignore"):
            refuse_overflow(
                self.name,
                v,
                {
                    "the deterrence slope d (b + f) - h": g,
                    "the reward slope d q B": k,
                    "g + d q B": g + k,
                    "b - kappa - g": excess - g,
                },
            )
        tol = 0.0

        def div(x: Any, y: Any) -> tuple[Any, Any]:
            # on the edge iff 0 <= x / y <= 1, decided by the signs of x, y and y - x rather
            # than by the rounded quotient (1e-300 / -1e300 rounds to -0.0, which would pass
            # as 0 <= p)
            ok = ((y > 0) & (x >= 0) & (x <= y)) | ((y < 0) & (x <= 0) & (x >= y))
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                return np.where(ok, x / np.where(ok, y, 1.0), np.nan), ok

        best = {}
        for side, sign in (("work", 1.0), ("feign", -1.0)):
            val = np.full(shape, -np.inf)
            bp = np.full(shape, np.nan)
            bb = np.full(shape, np.nan)
            for p, beta, on_line in _vertices(excess, g, k, div):
                p = np.broadcast_to(np.asarray(p, dtype=float), shape)
                beta = np.broadcast_to(np.asarray(beta, dtype=float), shape)
                inside = (beta >= -tol) & (beta <= p + tol) & (p <= 1 + tol)
                if on_line is False:
                    gap = p * g + beta * k - excess
                    feasible = inside & (sign * gap >= -tol)
                else:
                    feasible = on_line  # inside the triangle, exactly
                # a policy that never audits (or never rewards) costs nothing however
                # costly an audit (reward) is: times, 0 * inf = 0
                if side == "work":
                    obj = -times(p, z["e"]) - times(beta, z["B"])
                else:
                    obj = -z["c"] + times(p, z["r"]) - times(beta, (1 - z["d"]) * z["B"])
                obj = np.where(feasible, obj, -np.inf)
                better = obj > val
                val = np.where(better, obj, val)
                bp = np.where(better, p, bp)
                bb = np.where(better, beta, bb)
            best[side] = (val, bp, bb)
        w_val, w_p, w_b = best["work"]
        f_val, f_p, f_b = best["feign"]
        works = w_val >= f_val
        p = np.clip(np.where(works, w_p, f_p), 0.0, 1.0)
        beta = np.clip(np.where(works, w_b, f_b), 0.0, p)
        dev = np.where(works, w_val, f_val)
        ai_work = -a["nuisance"] * p + a["trust"] * a["audit_reward"] * beta
        ai_feign = (
            excess
            - p * z["d"] * (a["gain"] + a["penalty"])
            + beta * (1 - z["d"]) * (a["trust"] * a["audit_reward"])
        )
        ai = np.where(works, ai_work, ai_feign)
        code = np.where(works, np.int8(0), np.int8(1))  # honest work, feigned compliance
        label = self.regimes[int(first(code))]
        explanation = (
            f"{label}: the developer commits to audit with probability "
            f"{float(first(p)):.3g} (rewarding with {float(first(beta)):.3g}); net feigning "
            f"gain {float(first(excess)):.3g} against deterrence slope {float(first(g)):.3g} "
            f"(developer value {float(first(dev)):.4g})"
        )

        return OversightResult.from_arrays(
            self,
            v,
            shape,
            explanation,
            regime_code=code,
            cooperates=works,
            audit_rate=p,
            reward_rate=beta,
            ai_works=works,
            developer_value=dev,
            ai_value=ai,
            detection=z["d"],
        )


class OversightLeadership(Declaration):
    r"""M8 declared: the developer's candidate commitments :math:`(p, \beta)`, then the AI's
    response.

    At a commitment the AI works iff the gap :math:`p\,g + \beta\,k - (b - \kappa) \ge 0`
    (its two payoffs differ by the gap). On each side of the incentive line the developer's
    payoff is linear in :math:`(p, \beta)`, so a best commitment that induces a given response
    is a vertex of the triangle :math:`0 \le \beta \le p \le 1` cut by the line (Conitzer and
    Sandholm 2006), and monotonicity narrows the vertices down:

    * **Work.** :math:`-e p - B \beta` falls in both, so the best is :math:`(0, 0)` where
      :math:`b - \kappa \le 0`, and otherwise a vertex on the line: :math:`p_1 = ((b -
      \kappa)/g, 0)` (where :math:`b - \kappa \le g`), :math:`p_2 = \beta = (b - \kappa)/(g
      + k)` (where :math:`b - \kappa \le g + k`) or :math:`(1, (b - \kappa - g)/k)` (where
      :math:`g < b - \kappa \le g + k`).
    * **Feign.** :math:`-c + p\,d(c - a) - \beta(1 - d)B` rises in :math:`p` (:math:`a \le
      c`) and falls in :math:`\beta`, and :math:`\beta` only lowers the feigning region, so
      the best is :math:`\beta = 0` with :math:`p` as large as feigning allows: :math:`1`
      where :math:`g \le b - \kappa`, else :math:`p_1`.

    The tree offers these: ``deter by audits`` (:math:`p_1`), ``deter by audit and
    reward`` (:math:`p_2`), ``deter by full audit, some rewards``, ``no audit``,
    ``tolerate`` (:math:`p_1` again, with the AI's responses in the other order) and ``audit
    always``; each vertex on the line is available where it is in the triangle
    (:meth:`available`, whose guards also state the denominators' signs, so that
    comparisons read under them are cleared of the denominators). On the line the AI is
    indifferent: its gap there is written as 0, the vertices' definition. Ties go to the
    action listed first, so the ``deter`` commitments induce work and ``tolerate``
    feigning, and the developer's choice between them is the strong Stackelberg
    tie-break; the order breaks the developer's ties toward honest work, as
    :meth:`OversightCommitment.solve` does. The test harness checks the tree against
    :func:`~dealmodels.stackelberg` on the bimatrix game, which needs no such argument.
    """

    of = OversightCommitment
    players = ("developer", "AI")
    cooperative = ("honest work",)
    cooperation_description = "the AI works honestly under the developer's optimal commitment"

    def _committed(self, s: Any, p: Any, beta: Any, gap: Any, *, feign_first: bool = False) -> Any:
        from dealmodels.games.extensive_form import decision

        z = OversightCommitment._pieces(vars(s))
        ai_work = -s.nuisance * p + s.trust * z["B"] * beta
        work = (-z["e"] * p - z["B"] * beta, ai_work)
        feign = (-z["c"] + p * z["r"] - beta * (1 - z["d"]) * z["B"], ai_work - gap)
        if feign_first:
            return decision("AI", {"feign": feign, "work": work})
        return decision("AI", {"work": work, "feign": feign})

    def _line(self, s: Any) -> tuple[Any, Any, Any]:
        """:math:`p_1`, :math:`p_2` and the reward rate of the vertex at :math:`p = 1`."""
        z = OversightCommitment._pieces(vars(s))
        verts = _vertices(z["excess"], z["g"], z["k"], lambda x, y: (x / y, True))
        return verts[3][0], verts[4][0], verts[5][1]

    def declare(self, s: Any) -> Any:
        from dealmodels.games.extensive_form import decision

        z = OversightCommitment._pieces(vars(s))
        excess, g = z["excess"], z["g"]
        p1, p2, b3 = self._line(s)
        return decision(
            "developer",
            {
                "deter by audits": self._committed(s, p1, 0, 0),
                "deter by audit and reward": self._committed(s, p2, p2, 0),
                "deter by full audit, some rewards": self._committed(s, 1, b3, 0),
                "no audit": self._committed(s, 0, 0, -excess),
                "tolerate": self._committed(s, p1, 0, 0, feign_first=True),
                "audit always": self._committed(s, 1, 0, g - excess),
            },
        )

    def available(self, s: Any) -> Mapping[str, Any]:
        import sympy

        z = OversightCommitment._pieces(vars(s))
        excess, g, k = z["excess"], z["g"], z["k"]
        p1 = sympy.And(excess > 0, g >= excess, g > 0)
        return {
            "deter by audits": p1,
            "deter by audit and reward": sympy.And(excess > 0, g + k >= excess, g + k > 0),
            "deter by full audit, some rewards": sympy.And(
                excess > 0, excess - g > 0, k >= excess - g, k > 0, 1 - s.subversion > 0
            ),
            "tolerate": p1,
        }


OversightLeadership.outcomes = {
    "": "feigned compliance",
    **{f"{name}/work": "honest work" for name in (
        "deter by audits", "deter by audit and reward", "deter by full audit, some rewards",
        "no audit", "tolerate", "audit always",
    )},
}  # fmt: skip
OversightCommitment.declaration = OversightLeadership
