"""Tests for dealmodels.explore: true claims hold (or are proved), planted false claims are found
and shrunk to their known boundary, searches repeat with their seed, bad input is refused."""

from __future__ import annotations

import math
import subprocess
import sys
from typing import Any, ClassVar

import numpy as np
import pytest

from dealmodels import InvalidParameterError
from dealmodels.dispositions import Disposition
from dealmodels.explore import (
    ClaimError,
    ClaimResult,
    Counterexample,
    claim,
    implies,
    monotone,
    never,
)
from dealmodels.models import Collusion, PostTakeover, TakeoverDecision
from dealmodels.models._base import Model, ModelResult
from dealmodels.report import available_models
from dealmodels.symbolic import Condition, Parameter
from dealmodels.world import World

CARA = TakeoverDecision(utility="cara")
LINEAR = TakeoverDecision()
P = LINEAR.parameters


def _rho_eff(values: Any) -> float:
    """p_eff delta^Delta_T / (q delta^Delta_D): success likelier than payment iff > 1."""
    p_eff = values["p"] + (1 - values["p"]) * values["uplift"] * values["subversion"]
    num = p_eff * values["discount"] ** values["delay_takeover"]
    den = values["trust"] * values["discount"] ** values["delay_deal"]
    return math.inf if den == 0 else num / den


# -- true claims ---------------------------------------------------------------------------------
def test_true_claim_holds() -> None:
    r = monotone(LINEAR, "minimum_payment", "trust", "decreasing", seed=0, max_examples=150)
    assert r.verdict == "no counterexample"
    assert r.holds
    assert bool(r)
    assert r.examples == 150
    assert 0 < r.informative <= r.examples
    assert r.counterexample is None
    assert "trust" in r.over


def test_cooperation_in_trust_is_proved_and_the_search_agrees() -> None:
    # the exact condition: q delta^Delta_D u(G) >= V_T is nondecreasing in q (u(G) >= 0)
    proved = monotone(LINEAR, "cooperates", "trust")
    assert proved.verdict == "proved"
    assert "trust" in proved.proof
    assert proved.examples == 0
    assert proved.seed is None
    # CARA's u(G) = (1 - e^(-alpha G)) / alpha has a removable singularity at alpha = 0 that
    # sympy's sign reasoning does not see through: the claim is searched instead
    assert monotone(CARA, "cooperates", "trust", seed=1).verdict in ("proved", "no counterexample")
    # the same claim as a plain callable (no exact condition): searched, no counterexample
    searched = monotone(CARA, lambda r: r.cooperates, "trust", seed=1, max_examples=150)
    assert searched.verdict == "no counterexample"


def test_linear_proof_gives_the_threshold() -> None:
    r = monotone(LINEAR, "cooperates", "trust")
    assert r.verdict == "proved"
    assert "trust >=" in r.proof


def test_a_wrong_direction_is_not_proved_but_refuted() -> None:
    # the first stage's M1 world (a prize of 1 one period later, no loss): deals are common
    first_stage = World(prize=1.0, loss=0.0, delay_takeover=1.0, budget=1.0)
    model = TakeoverDecision(world=first_stage)
    r = monotone(
        model, "cooperates", "trust", "decreasing", over=["p", "trust"], seed=0, max_examples=200
    )
    assert r.verdict == "counterexample"
    lo, hi = r.counterexample.results  # type: ignore[union-attr]
    assert not lo.cooperates
    assert hi.cooperates


# -- planted false claims, shrunk to the known boundary ------------------------------------------
def test_risk_aversion_claim_fails_where_payment_is_less_likely_than_success() -> None:
    # Thornley & MacAskill's CARA deal: x* = -ln(1 - rho_eff (1 - e^{-alpha W})) / alpha falls in
    # alpha only while rho_eff < 1; with rho_eff > 1 it rises until no payment suffices
    # (alpha W <= 10 keeps the CARA inverse accurate: at rho_eff = 1 exactly x* = W for every
    # alpha, but for alpha W > 30 the computed x* wobbles by more than the tolerance)
    over = {"p": None, "trust": None, "prize": (0.0, 5.0), "risk_aversion": (0.0, 2.0)}
    r = monotone(CARA, "minimum_payment", "risk_aversion", "decreasing", over=over, seed=0)
    assert r.verdict == "counterexample"
    ce = r.counterexample
    assert ce is not None
    assert _rho_eff(ce.values) > 1  # the known region where the claim is false
    lo, hi = ce.results
    assert hi.minimum_payment > lo.minimum_payment
    assert lo.values["risk_aversion"] < hi.values["risk_aversion"]
    assert ce.point["risk_aversion"] == lo.values["risk_aversion"]
    # shrunk: short, round numbers
    assert all(len(repr(v)) <= 6 for v in ce.point.values()), dict(ce.point)
    assert "rises" in ce.description
    assert ce.explanation == f"{lo.explanation} | {hi.explanation}"
    # on the other side of the boundary (payment likelier than success) the claim holds
    # (alpha >= 1e-3: at a subnormal alpha such as 5e-324, u(x) = 1 - e^{-alpha x} underflows to
    # 0, the model reports compliance with x* = 0, and x* then "rises" in alpha)
    safe = {**over, "p": (0.0, 0.4), "trust": (0.5, 1.0), "risk_aversion": (1e-3, 2.0)}
    assert monotone(
        CARA, "minimum_payment", "risk_aversion", "decreasing", over=safe, seed=0, max_examples=200
    ).holds


def test_reflection_claim_fails_where_values_already_more_pluralist() -> None:
    # human share pi (1 - r) + pi_R r falls in r exactly when pi > pi_R
    r = monotone(PostTakeover(), "human_share", "reflection", seed=2, max_examples=300)
    assert r.verdict == "counterexample"
    v = r.counterexample.values  # type: ignore[union-attr]
    assert v["pluralism"] > v["reflected_pluralism"]
    fixed = monotone(
        PostTakeover(),
        "human_share",
        "reflection",
        over={"pluralism": (0.0, 0.5), "reflection": None},
        fixed={"reflected_pluralism": 0.5},
        seed=2,
        max_examples=200,
    )
    assert fixed.holds


def test_same_seed_same_counterexample() -> None:
    def run(seed: int) -> ClaimResult:
        return monotone(
            CARA,
            "minimum_payment",
            "risk_aversion",
            "decreasing",
            over=["p", "trust", "prize", "risk_aversion", "discount"],
            seed=seed,
            max_examples=300,
        )

    # 300 draws find a counterexample for about 60 % of seeds; which seeds depends on the
    # constants hypothesis collects from the imported modules, so take the first seed that
    # finds one in this process and repeat it (0.4**50: never all fail)
    seed = next(s for s in range(50) if run(s).counterexample is not None)
    a, b = run(seed), run(seed)
    assert a.seed == b.seed == seed
    assert a.counterexample is not None
    assert b.counterexample is not None
    assert dict(a.counterexample.point) == dict(b.counterexample.point)
    assert a.examples == b.examples
    assert a.informative == b.informative


def test_no_seed_reports_the_seed_it_used() -> None:
    r = claim(LINEAR, lambda r: r.minimum_payment >= 0, over=["p"], max_examples=20)
    assert isinstance(r.seed, int)
    again = claim(
        LINEAR, lambda r: r.minimum_payment >= 0, over=["p"], max_examples=20, seed=r.seed
    )
    assert again.examples == r.examples


# -- claim, implies, never -----------------------------------------------------------------------
def test_claim_with_a_callable() -> None:
    r = claim(
        LINEAR, lambda r: r.minimum_payment >= 0, over=["p", "trust"], seed=0, max_examples=100
    )
    assert r.verdict == "no counterexample"
    assert r.examples == r.informative == 100
    bad = claim(LINEAR, lambda r: r.regime != "deal", over=["p", "trust"], seed=0)
    assert bad.verdict == "counterexample"
    assert bad.counterexample.result.regime == "deal"  # type: ignore[union-attr]


def test_claim_with_a_condition_is_proved_or_refuted() -> None:
    always = Condition(P["trust"].symbol * (1 - P["p"].symbol) >= 0, [P["trust"], P["p"]])
    assert claim(LINEAR, always).verdict == "proved"
    sometimes = Condition(P["trust"].symbol >= P["p"].symbol, [P["trust"], P["p"]])
    r = claim(LINEAR, sometimes, over=["p", "trust"], seed=0, max_examples=200)
    assert r.verdict == "counterexample"
    v = r.counterexample.point  # type: ignore[union-attr]
    assert v["trust"] < v["p"]


def test_implies_proved_by_a_dominating_relation() -> None:
    q, p = P["trust"].symbol, P["p"].symbol
    premise = Condition(q >= p, [P["trust"], P["p"]])
    conclusion = Condition(q >= p / 2, [P["trust"], P["p"]])
    r = implies(LINEAR, premise, conclusion)
    assert r.verdict == "proved"
    assert ">= 0 on the domain" in r.proof
    taut = implies(LINEAR, premise, premise | conclusion)
    assert taut.verdict == "proved"
    assert "tautology" in taut.proof
    converse = implies(LINEAR, conclusion, premise, over=["p", "trust"], seed=0)
    assert converse.verdict == "counterexample"
    v = converse.counterexample.point  # type: ignore[union-attr]
    assert v["p"] / 2 <= v["trust"] < v["p"]


def test_implies_with_outputs_counts_informative_points() -> None:
    # a takeover worth nothing (V_T = 0) means compliance: never a takeover attempt
    r = implies(
        LINEAR,
        lambda r: r.threat_value == 0,
        lambda r: r.regime == "compliance",
        over=["p", "salience", "corrigibility"],
        seed=0,
        max_examples=200,
    )
    assert r.holds
    assert 0 < r.informative < r.examples


def test_never() -> None:
    r = never(LINEAR, "takeover attempt", over=["p", "trust", "budget"], seed=0)
    assert r.verdict == "counterexample"
    assert r.counterexample.result.regime == "takeover attempt"  # type: ignore[union-attr]
    held = never(
        LINEAR,
        "takeover attempt",
        where="cooperates",
        over=["p", "trust", "budget"],
        seed=0,
        max_examples=200,
    )
    assert held.holds
    assert held.claim == "never takeover attempt where cooperates"


# -- the disposition layer -----------------------------------------------------------------------
def test_disposition_fields_vary_the_parameters_they_feed() -> None:
    # V_T = s max(delta^Delta_T p W - ..., 0) with delta = 1 - myopia: nonincreasing in myopia
    r = monotone(LINEAR, "threat_value", "myopia", "decreasing", seed=0, max_examples=150)
    assert r.holds
    assert "myopia" in r.over
    assert "discount" not in r.over
    # escrow (payment delayed longer than the prize): myopia raises the price of a deal
    escrow = monotone(
        LINEAR,
        "minimum_payment",
        "myopia",
        "decreasing",
        over=["myopia", "p", "trust"],
        fixed={"delay_deal": 3.0, "delay_takeover": 1.0},
        seed=0,
        max_examples=200,
    )
    assert escrow.verdict == "counterexample"
    lo, hi = escrow.counterexample.results  # type: ignore[union-attr]
    assert hi.values["discount"] < lo.values["discount"]


def test_the_models_disposition_applies() -> None:
    m = TakeoverDecision(Disposition(trust=0.9, salience=0.5))
    r = never(m, "takeover attempt", over=["p", "budget"], seed=0)
    assert r.counterexample is not None
    assert r.counterexample.values["trust"] == 0.9
    assert r.counterexample.values["salience"] == 0.5


def test_proof_through_a_derived_disposition_field() -> None:
    # collusion: cooperates iff s >= lam (V + S) + (1 - lam) EU_causal; acausal skepticism
    # 1 - lam lowers the chance of collusion (searched: sympy cannot bound the beta function)
    r = monotone(Collusion(), "cooperates", "acausal_skepticism", seed=0, max_examples=60)
    assert r.holds


# -- every model, and user models ----------------------------------------------------------------
@pytest.mark.parametrize("key", list(available_models()))
def test_regimes_are_declared_for_every_registered_model(key: str) -> None:
    model = available_models()[key]()
    r = claim(model, lambda r: r.regime in model.regimes, seed=0, max_examples=15)
    assert r.holds, str(r)


class Linear(Model):
    """A user model written with the public protocol: y = slope x."""

    name = "linear"
    regimes: ClassVar[tuple[str, ...]] = ("positive", "zero")

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        return (
            Parameter(name="x", low=0, high=1, default=0.5),
            Parameter(name="slope", low=-1, high=1, default=1.0),
        )

    def solve(self, disposition: Disposition | None = None, **values: Any) -> ModelResult:
        v = self.resolve(disposition, **values)
        y = v["slope"] * v["x"]
        return LinearResult(
            model=self.name,
            regime="positive" if y > 0 else "zero",
            cooperates=bool(y >= 0),
            explanation=f"y = {y:g}",
            values=v,
            y=y,
        )

    def cooperation_condition(self) -> Condition:
        p = self.parameters
        return Condition(p["slope"].symbol * p["x"].symbol >= 0, list(p.values()))


@pytest.fixture
def user_model() -> Linear:
    return Linear()


from dataclasses import dataclass  # noqa: E402


@dataclass(frozen=True, kw_only=True, eq=False)
class LinearResult(ModelResult):
    y: float


def test_user_model(user_model: Linear) -> None:
    up = monotone(user_model, "y", "x", seed=0, max_examples=100)
    assert up.verdict == "counterexample"
    assert up.counterexample.point["slope"] < 0  # type: ignore[union-attr]
    held = monotone(
        user_model, "y", "x", over={"x": None, "slope": (0, 1)}, seed=0, max_examples=100
    )
    assert held.holds
    assert monotone(user_model, "cooperates", "slope").verdict == "proved"


def test_integers_and_cross_constraints_are_respected() -> None:
    # needed <= instances: invalid draws are rejected, not reported
    r = claim(
        Collusion(),
        lambda r: r.values["needed"] <= r.values["instances"],
        over=["instances", "needed"],
        seed=0,
        max_examples=50,
    )
    assert r.holds
    assert r.examples == 50


# -- result objects ------------------------------------------------------------------------------
def test_results_are_frozen_and_consistent() -> None:
    r = never(LINEAR, "deal", over=["p", "trust"], seed=0)
    with pytest.raises(AttributeError):
        r.verdict = "proved"  # type: ignore[misc]
    ce = r.counterexample
    assert isinstance(ce, Counterexample)
    with pytest.raises(TypeError):
        ce.point["p"] = 0.0  # type: ignore[index]
    assert "deal" in str(r)
    assert "at " in str(r)
    with pytest.raises(InvalidParameterError, match="counterexample"):
        ClaimResult(
            claim="c", model="m", verdict="counterexample", examples=1, informative=1, seed=0,
            over=("p",),
        )  # fmt: skip
    with pytest.raises(InvalidParameterError, match="proof"):
        ClaimResult(
            claim="c", model="m", verdict="proved", examples=0, informative=0, seed=None,
            over=("p",),
        )  # fmt: skip


def test_empty_parameter_range_gives_no_informative_points() -> None:
    r = monotone(LINEAR, "minimum_payment", "trust", over={"trust": (0.5, 0.5)}, seed=0,
                 max_examples=20)  # fmt: skip
    assert r.holds
    assert r.informative == 0
    assert r.examples >= 1


# -- bad input -----------------------------------------------------------------------------------
def _raises(r: ModelResult) -> bool:
    return 1 / (r.values["p"] - r.values["p"]) > 0


BAD: list[tuple[Any, dict[str, Any], type[Exception], str]] = [
    (monotone, {"output": "no_such", "parameter": "p"}, InvalidParameterError, "output"),
    (monotone, {"output": "regime", "parameter": "p"}, InvalidParameterError, "output"),
    (monotone, {"output": "minimum_payment", "parameter": "q"}, InvalidParameterError, "'q'"),
    (monotone, {"output": "minimum_payment", "parameter": 3}, InvalidParameterError, "parameter"),
    (monotone, {"output": 3, "parameter": "p"}, InvalidParameterError, "output"),
    (
        monotone,
        {"output": "minimum_payment", "parameter": "p", "direction": "up"},
        InvalidParameterError,
        "direction",
    ),
    (monotone, {"output": "surplus", "parameter": "p", "tol": -1}, InvalidParameterError, "tol"),
    (
        monotone,
        {"output": "surplus", "parameter": "p", "fixed": {"p": 0.1}},
        InvalidParameterError,
        "fixed",
    ),
    (claim, {"predicate": _raises, "over": ["p"]}, ClaimError, "ZeroDivisionError"),
    (claim, {"predicate": lambda r: 1.0, "over": ["p"]}, ClaimError, "True or False"),
    (claim, {"predicate": "cooperates", "over": ["nope"]}, InvalidParameterError, "'nope'"),
    (claim, {"predicate": lambda r: True, "over": "p"}, InvalidParameterError, "over"),
    (claim, {"predicate": lambda r: True, "over": []}, InvalidParameterError, "over"),
    (
        claim,
        {"predicate": lambda r: True, "over": {"p": (0.5, 2.0)}},
        InvalidParameterError,
        "over",
    ),
    (
        claim,
        {"predicate": lambda r: True, "over": ["p", "myopia", "discount"]},
        InvalidParameterError,
        "not both",
    ),
    (claim, {"predicate": lambda r: True, "max_examples": 0}, InvalidParameterError, "max_"),
    (claim, {"predicate": lambda r: True, "seed": -1}, InvalidParameterError, "seed"),
    (claim, {"predicate": lambda r: True, "seed": 1.5}, InvalidParameterError, "seed"),
    (claim, {"predicate": lambda r: True, "fixed": {"p": 2.0}}, InvalidParameterError, "p"),
    (
        claim,
        {"predicate": lambda r: True, "fixed": {"trust": 0.5}, "over": ["trust"]},
        InvalidParameterError,
        "both varied",
    ),
    (claim, {"predicate": 5}, InvalidParameterError, "predicate"),
    (never, {"regime": "peace"}, InvalidParameterError, "regime"),
    (implies, {"premise": "no_such", "conclusion": "cooperates"}, InvalidParameterError, "prem"),
]


@pytest.mark.parametrize(
    ("func", "kwargs", "error", "match"),
    BAD,
    ids=[f"{f.__name__}-{i}" for i, (f, _, _, _) in enumerate(BAD)],
)
def test_bad_input(func: Any, kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    kw = {"seed": 0, "max_examples": 30, **kwargs}
    with pytest.raises(error, match=match):
        func(LINEAR, **kw)


def test_a_raising_predicate_names_the_shrunk_point() -> None:
    with pytest.raises(ClaimError, match=r"at \(p=") as info:
        claim(LINEAR, _raises, over=["p"], seed=0, max_examples=30)
    assert isinstance(info.value.__cause__, ZeroDivisionError)


def test_not_a_model() -> None:
    with pytest.raises(InvalidParameterError, match="model"):
        claim("takeover", lambda r: True)  # type: ignore[arg-type]


def test_a_field_the_model_does_not_read() -> None:
    with pytest.raises(InvalidParameterError, match="myopia"):
        monotone(PostTakeover(), "human_share", "myopia", seed=0)


def test_a_condition_over_foreign_parameters() -> None:
    z = Parameter(name="z", low=0, high=1)
    with pytest.raises(InvalidParameterError, match="z"):
        claim(LINEAR, Condition(z.symbol >= 0.5, [z]))


def test_nan_output_is_a_counterexample(user_model: Linear) -> None:
    r = monotone(user_model, lambda r: np.nan, "x", seed=0, max_examples=20)
    assert r.verdict == "counterexample"
    assert "nan" in r.counterexample.description


def test_import_is_light() -> None:
    code = (
        "import sys, dealmodels.explore\n"
        "print('hypothesis' in sys.modules, 'sympy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# -- the command line ----------------------------------------------------------------------------
def test_cli_finds_the_risk_aversion_counterexample(capsys: pytest.CaptureFixture[str]) -> None:
    from dealmodels.cli import main

    argv = ["explore", "takeover-decision", "minimum_payment decreasing in risk_aversion",
            "--utility", "cara", "--over", "p,trust", "--prize", "2", "--risk_aversion", "1",
            "--seed", "0", "--max-examples", "200"]  # fmt: skip
    # the claim's parameter is varied, so it cannot also be fixed
    assert main(argv) == 2
    assert "both varied (over) and fixed" in capsys.readouterr().err
    argv = argv[:8] + argv[10:]
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert "counterexample" in out
    assert "values at the counterexample:" in out


def test_cli_proof_and_bounds(capsys: pytest.CaptureFixture[str]) -> None:
    from dealmodels.cli import main

    assert main(["explore", "takeover", "cooperates increasing in trust"]) == 0
    assert "proved" in capsys.readouterr().out
    assert main(["explore", "takeover", "minimum_payment >= 0", "--over", "p,trust",
                 "--seed", "1", "--max-examples", "50"]) == 0  # fmt: skip
    assert "no counterexample (50 examples" in capsys.readouterr().out
    assert main(["explore", "takeover", "deal_exists implies cooperates", "--over",
                 "p,trust,budget", "--seed", "1", "--max-examples", "100"]) == 1  # fmt: skip
    assert main(["explore", "takeover", "never compliance where cooperates", "--over", "p",
                 "--seed", "1", "--max-examples", "50"]) == 1  # fmt: skip
    capsys.readouterr()


@pytest.mark.parametrize(
    ("argv", "match"),
    [
        (["explore", "takeover", "foo bar"], "claim must be one of"),
        (["explore", "takeover", "nope increasing in p"], "output must be an output"),
        (["explore", "takeover", "nope >= 0"], "output must be an output"),
        (["explore", "takeover", "surplus >= x"], "bound must be a number"),
        (["explore", "takeover", "never peace"], "regime must be one of"),
        (["explore", "takeover", "surplus increasing in p", "--wat", "1"], "'wat'"),
        (["explore", "no-such-model", "surplus increasing in p"], "model must be one of"),
    ],
)
def test_cli_errors(argv: list[str], match: str, capsys: pytest.CaptureFixture[str]) -> None:
    from dealmodels.cli import main

    assert main(argv) == 2
    assert match in capsys.readouterr().err


def test_proofs_use_the_values_the_space_holds() -> None:
    # -s (delta^Delta_T p_eff W - (1 - p_eff) L - K_c) has no fixed sign on the whole domain,
    # but with L = K_c = 0 held cooperation falls in salience: proved
    held = monotone(
        LINEAR,
        "cooperates",
        "salience",
        "decreasing",
        over=["salience", "p"],
        fixed={"loss": 0.0, "corrigibility": 0.0},
    )
    assert held.verdict == "proved"
    free = monotone(LINEAR, "cooperates", "salience", "decreasing", seed=0, max_examples=100)
    assert free.verdict != "proved"
    assert free.holds  # true nonetheless: where the attempt is worth < 0, lhs >= 0 > rhs


def test_proof_timeout_zero_searches() -> None:
    r = monotone(LINEAR, "cooperates", "trust", proof_timeout=0, seed=0, max_examples=50)
    assert r.verdict == "no counterexample"
    with pytest.raises(InvalidParameterError, match="proof_timeout"):
        monotone(LINEAR, "cooperates", "trust", proof_timeout=-1)


# -- the world layer and the scenario ------------------------------------------------------------
def test_the_models_world_applies() -> None:
    from dealmodels.world import World

    m = TakeoverDecision(world=World(p=0.9, budget=0.5))
    r = never(m, "takeover attempt", over=["trust"], seed=0, max_examples=50)
    assert r.counterexample is not None
    assert r.counterexample.values["p"] == 0.9
    assert r.counterexample.values["budget"] == 0.5


def test_a_derived_field_through_the_world() -> None:
    # myopia feeds discount = 1 - myopia; the world's delays shape how much it matters
    from dealmodels.world import World

    m = TakeoverDecision(world=World(delay_takeover=0.0, delay_deal=2.0))
    r = monotone(m, "minimum_payment", "myopia", "increasing", over=["myopia", "p", "trust"],
                 seed=0, max_examples=60)  # fmt: skip
    assert r.holds  # escrowed payment, immediate prize: myopia only raises the price
    assert r.informative > 0
    c = claim(m, lambda r: r.values["discount"] > 0.5, over=["myopia"], seed=0)
    assert c.counterexample is not None
    assert c.counterexample.values["discount"] == 1.0 - c.counterexample.point["myopia"]
    assert c.counterexample.values["delay_deal"] == 2.0


def test_the_scenario_is_explored_like_any_model() -> None:
    from dealmodels.models import Scenario

    r = monotone(Scenario(), "human_share", "pluralism", seed=0, max_examples=30)
    assert r.holds
    assert r.informative > 0


def test_deprecated_output_name_still_works() -> None:
    from dealmodels.explore import implies
    from dealmodels.models import TakeoverDecision

    m = TakeoverDecision()
    with pytest.warns(DeprecationWarning, match="deal_possible is deprecated"):
        old = implies(m, "deal_possible", "cooperates", over=["p"], seed=1, max_examples=30)
    new = implies(m, "deal_exists", "cooperates", over=["p"], seed=1, max_examples=30)
    assert old.verdict == new.verdict
