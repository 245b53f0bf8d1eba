r"""M4's declared games: the closed form, the derived condition and the engine agree.

``CommitmentGame`` is a :class:`~dealmodels.models.ClosedFormModel`. Paying after the work,
its declared game (:class:`~dealmodels.models.commitment.CommitmentDeclaration`) lets the
committed type offer :math:`o_A / q` (where :math:`q > 0` and :math:`o_A` is not credible,
:meth:`~dealmodels.models.GameModel.available`), :math:`o_A`, or nothing; paying upfront
(:class:`~dealmodels.models.commitment.UpfrontCommitmentDeclaration`) it pays :math:`o_A`
or not. The fast-path harness compares ``solve`` with the derived regime on 2,000 points of
the whole domain, a quarter at 0, 1e-300, 0.5, 1, 2, 1e300 and inf (10,000 in the ``slow``
run: ``python -m pytest -m slow tests/models/test_commitment_declared.py``).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import sympy

from dealmodels.models import CommitmentGame
from dealmodels.models.commitment import CommitmentDeclaration, UpfrontCommitmentDeclaration
from dealmodels.solvers.backward import subgame_perfect

PAYMENTS = ["after", "upfront"]


def _check(payment: str, n: int) -> None:
    (check,) = CommitmentGame(payment=payment).declared().check_fast_paths(n)  # type: ignore[arg-type]
    assert check.disagreements == 0, check.example
    assert check.points > 0.8 * n  # the comparison is not vacuous


@pytest.mark.parametrize("payment", PAYMENTS)
def test_closed_form_is_the_declared_game_on_the_whole_domain(payment: str) -> None:
    _check(payment, 2_000)


@pytest.mark.slow
@pytest.mark.parametrize("payment", PAYMENTS)
def test_closed_form_is_the_declared_game_on_10k_points(payment: str) -> None:
    _check(payment, 10_000)


def test_each_payment_timing_has_its_declaration() -> None:
    assert type(CommitmentGame().declared()) is CommitmentDeclaration
    assert type(CommitmentGame(payment="upfront").declared()) is UpfrontCommitmentDeclaration
    assert CommitmentGame.declaration is CommitmentDeclaration


def test_split_regimes_give_the_textbook_conditions() -> None:
    m = CommitmentGame().declared()
    point = {"work_value": 1.0, "outside_developer": 0.2, "trust": 0.0}
    # o_A <= min(K, w - o_D): a deal
    assert m.solve(outside_ai=0.3, reneging_cost=0.5, **point).regime == "deal"
    # K < o_A <= w - o_D: gains from trade but no credible deal (Fearon's commitment problem)
    assert m.solve(outside_ai=0.3, reneging_cost=0.1, **point).regime == "no credible deal"
    # o_A > w - o_D: no gains from trade, whatever K
    for k in (0.1, 0.9, float("inf")):
        assert m.solve(outside_ai=0.9, reneging_cost=k, **point).regime == "no gains from trade"
    assert m.outcome_regime("no offer") == "no deal"
    up = CommitmentGame(payment="upfront").declared()
    assert up.solve(defection_gain=0.5, promise_keeping=0.2).regime == "no credible deal"
    assert up.solve(defection_gain=0.5, promise_keeping=0.6).regime == "deal"


def _symbols() -> dict[str, sympy.Symbol]:
    return {n: p.symbol for n, p in CommitmentGame().parameters.items()}


def test_derived_condition_is_the_textbook_one() -> None:
    """Two clauses, each a conjunction: the credible deal, and the deal on reputation
    :math:`o_A \\le q\\,(w - o_D)` (cleared of the offer's denominator q), as in the module
    docstring; and the same truth values as the textbook formula on the whole domain."""
    s = _symbols()
    cond = CommitmentGame().cooperation_condition()
    assert isinstance(cond.expr, sympy.Or)
    assert len(cond.expr.args) == 2
    gaps = {
        sympy.expand(r.gts - r.lts) for clause in cond.expr.args for r in clause.args
        if isinstance(r, sympy.GreaterThan | sympy.LessThan)
    }  # fmt: skip
    w, o_a, o_d, k, q = (s[n] for n in ("work_value", "outside_ai", "outside_developer",
                                        "reneging_cost", "trust"))  # fmt: skip
    assert {k - o_a, w - o_d - o_a, sympy.expand(q * (w - o_d) - o_a)} <= gaps
    assert not any(sympy.Pow(q, -1) in g.atoms(sympy.Pow) for g in gaps)  # no o_A / q
    textbook = sympy.And(o_a <= w - o_d, sympy.Or(o_a <= k, o_a <= q * (w - o_d)))
    rng = np.random.default_rng(3)
    n = 20_000
    edges = np.array([0.0, 1e-300, 0.25, 0.5, 1.0, 2.0, 1e300])

    def draw(low: float, high: float) -> np.ndarray:
        x = np.where(rng.random(n) < 0.5, rng.choice(edges, n), rng.uniform(low, high, n))
        return np.clip(x, low, high) if high < np.inf else np.maximum(x, low)

    point = {
        "work_value": draw(0, 3) - rng.choice([0.0, 1.0], n),
        "outside_ai": draw(0, 2),
        "outside_developer": draw(0, 1) - rng.choice([0.0, 0.5], n),
        "reneging_cost": np.where(rng.random(n) < 0.1, np.inf, draw(0, 2)),
        "trust": draw(0, 1),
    }
    have = cond.holds(**{k: point[k] for k in cond.parameters})
    f = sympy.lambdify([w, o_a, o_d, k, q], textbook, "numpy")
    want = f(*(point[n] for n in ("work_value", "outside_ai", "outside_developer",
                                  "reneging_cost", "trust")))  # fmt: skip
    # where a difference is within rounding of 0 its float sign depends on the order of
    # the sum (w - o_D - o_A at w = o_D = 0.5, o_A = 1e-300): those points are set apart,
    # as the fast-path harness does, and are few
    full = {**CommitmentGame().resolve(), **point}
    shaky = (
        CommitmentGame()
        .declared()
        ._ill_conditioned({k: np.broadcast_to(x, (n,)) for k, x in full.items()})
    )
    assert shaky.sum() < 0.01 * n
    assert np.array_equal(have[~shaky], want[~shaky])


def test_credibility_condition_is_the_deal_at_trust_zero() -> None:
    s = _symbols()
    cond = CommitmentGame().credibility_condition()
    gaps = {sympy.expand(r.gts - r.lts) for r in cond.expr.args}
    assert gaps == {
        s["reneging_cost"] - s["outside_ai"],
        s["work_value"] - s["outside_ai"] - s["outside_developer"],
    }
    assert "trust" not in cond.parameters


def test_declared_tree_is_symbolic_and_has_the_offers() -> None:
    t = CommitmentGame().tree()
    assert t.kind == "symbolic"
    assert {t.action_label(v) for v in t.children(0)} == {"reputation offer", "offer", "no offer"}
    assert t.players == ("developer", "AI", "strategic developer")
    up = CommitmentGame(payment="upfront").tree()
    assert {up.action_label(v) for v in up.children(0)} == {"pay", "no offer"}


@pytest.mark.parametrize(
    ("values", "offers", "renege"),
    [
        ({"trust": 0.0, "reneging_cost": 0.1}, {"offer", "no offer"}, True),
        ({"trust": 0.5, "reneging_cost": 0.1}, {"reputation offer", "offer", "no offer"}, True),
        # o_A = 0.3 <= K: the plain offer is credible, the premium one is not considered
        ({"trust": 0.5, "reneging_cost": 0.5}, {"offer", "no offer"}, True),
        # the default K = inf: reneging is worth -inf to the developer and is left out
        ({"trust": 0.5}, {"offer", "no offer"}, False),
    ],
)
def test_game_at_a_point_leaves_out_what_is_not_there(
    values: dict[str, float], offers: set[str], renege: bool
) -> None:
    m = CommitmentGame()
    t = m.game(**values)
    assert t.kind == "float"
    assert {t.action_label(v) for v in t.children(0)} == offers
    labels = {t.action_label(v) for v in range(1, t.n_nodes)}
    assert ("renege" in labels) == renege
    spe = subgame_perfect(t, tol=0.0)
    r = m.solve(**values)
    assert ("work" in spe.path_actions) == bool(r.cooperates)
    assert float(spe.payoffs[0]) == pytest.approx(float(r.developer_value))
    assert float(spe.payoffs[1]) == pytest.approx(float(r.ai_value))


def test_reputation_deal_on_the_engine() -> None:
    # K < o_A <= q (w - o_D): the committed type offers o_A / q = 0.5, the AI works
    m = CommitmentGame()
    v = {"work_value": 1.0, "outside_ai": 0.3, "outside_developer": 0.2, "reneging_cost": 0.1,
         "trust": 0.6}  # fmt: skip
    spe = subgame_perfect(m.game(**v), tol=0.0)
    assert spe.path_actions[:2] == ("reputation offer", "work")
    assert float(spe.payoffs[0]) == pytest.approx(1.0 - 0.5)
    assert m.solve(**v).offer == pytest.approx(0.5)


def test_the_one_point_tree_is_offer_tree_and_the_old_spelling_warns() -> None:
    m = CommitmentGame()
    v = {"outside_ai": 0.3, "reneging_cost": 0.5, "trust": 0.0}
    with pytest.warns(DeprecationWarning, match="offer_tree"):
        old = m.tree(**v)
    new = m.offer_tree(**v)
    assert subgame_perfect(old).path_actions == subgame_perfect(new).path_actions
    with pytest.warns(DeprecationWarning, match="symbolic_tree"):
        sym = m.symbolic_tree()
    assert sym.kind == "symbolic"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m.tree()  # the declared tree: no warning
