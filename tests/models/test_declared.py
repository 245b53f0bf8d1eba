"""Models declared once as a game tree (dealmodels.models.GameModel): what is derived from it.

Known answers (closed forms of small trees), the derived solve against the engine
(``subgame_perfect`` on ``model.game(...)``) over the whole domain, the fast-path harness
(including a planted wrong fast path it must catch) and the declaration's errors.
"""

from __future__ import annotations

import math
import pickle
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import assume, given
from hypothesis import strategies as st

from dealmodels import subgame_perfect
from dealmodels.errors import InvalidGameError, InvalidParameterError
from dealmodels.games.extensive_form import chance, decision
from dealmodels.models import GameModel, fast_path, registered, registry
from dealmodels.symbolic import Parameter


class TrustDeal(GameModel):
    """The developer offers x or not; the AI works or leaves; the developer honours or reneges."""

    name = "trust deal"
    players = ("developer", "AI")
    regimes = ("deal", "betrayal", "no deal")
    cooperative = ("deal",)
    outcomes = {"offer/work/honour": "deal", "offer/work/renege": "betrayal", "": "no deal"}  # noqa: RUF012

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        return (
            Parameter(name="x", low=0, default=1.0, description="payment"),
            Parameter(name="K", low=0, default=2.0, description="cost of reneging"),
            Parameter(name="w", low=0, default=3.0, description="value of the work"),
            Parameter(name="o_A", low=0, default=0.5, description="AI's outside option"),
            Parameter(name="o_D", low=0, default=0.5, description="developer's outside option"),
        )

    def declare(self, s: Any) -> Any:
        honour = decision("developer", {"honour": (s.w - s.x, s.x), "renege": (s.w - s.K, 0)})
        return decision(
            "developer",
            {
                "offer": decision("AI", {"work": honour, "outside": (s.o_D, s.o_A)}),
                "no offer": (s.o_D, s.o_A),
            },
        )

    @fast_path
    def closed_form(self, v: dict[str, Any]) -> Any:
        honours = v["K"] >= v["x"]
        works = np.where(honours, v["x"], 0.0) >= v["o_A"]  # a reneged AI gets 0
        # w - o_D first: at w = o_D = 1, x = 1e-300, (w - x) - o_D would round to 0
        gain = np.where(honours, v["w"] - v["o_D"] - v["x"], v["w"] - v["o_D"] - v["K"])
        offers = ~works | (gain >= 0)
        return np.where(offers & works, np.where(honours, 0, 1), 2)


class WrongTrustDeal(TrustDeal):
    """The same game with a fast path that breaks the AI's tie the wrong way."""

    name = "wrong trust deal"

    @fast_path
    def closed_form(self, v: dict[str, Any]) -> Any:
        honours = v["K"] >= v["x"]
        works = np.where(honours, v["x"], 0.0) > v["o_A"]  # planted: the AI leaves at a tie
        # w - o_D first: at w = o_D = 1, x = 1e-300, (w - x) - o_D would round to 0
        gain = np.where(honours, v["w"] - v["o_D"] - v["x"], v["w"] - v["o_D"] - v["K"])
        offers = ~works | (gain >= 0)
        return np.where(offers & works, np.where(honours, 0, 1), 2)


class Audit(GameModel):
    """The AI complies or defects; a defection is caught with probability p (a chance move)."""

    name = "audit"
    players = ("developer", "AI")
    regimes = ("compliance", "defection")
    cooperative = ("compliance",)
    outcomes = {"comply": "compliance", "defect": "defection"}  # noqa: RUF012

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        return (
            Parameter(name="p", low=0, high=1, default=0.5, description="detection"),
            Parameter(name="b", low=0, default=1.0, description="gain"),
            Parameter(name="f", low=0, default=1.0, description="penalty"),
        )

    def declare(self, s: Any) -> Any:
        caught = (s.p, (0, -s.f))
        missed = (1 - s.p, (-s.b, s.b))
        return decision(
            "AI", {"comply": (1, 0), "defect": chance({"caught": caught, "missed": missed})}
        )


# -- known answers -------------------------------------------------------------------------------
def test_trust_deal_known_answers() -> None:
    m = TrustDeal()
    r = m.solve()
    assert (r.regime, r.cooperates) == ("deal", True)
    assert (r.developer_value, r.ai_value) == (2.0, 1.0)
    assert m.solve(K=0.5).regime == "no deal"  # the developer would renege: the AI leaves
    assert m.solve(x=0.4).regime == "no deal"  # below the outside option
    assert m.solve(w=1.0).regime == "no deal"  # the deal is worth less than o_D to D
    # ties go to the first action listed: honour at K = x, work at x = o_A, offer at w - x = o_D
    assert m.solve(K=1.0).regime == "deal"
    assert m.solve(o_A=1.0).regime == "deal"
    assert m.solve(w=1.5).regime == "deal"
    assert "offer/work/honour" in r.explanation


def test_trust_deal_condition_is_the_textbook_one() -> None:
    cond = TrustDeal().cooperation_condition()
    for x, K, w, oa, od in [(1, 2, 3, 0.5, 0.5), (1, 0.5, 3, 0.5, 0.5), (2, 2, 2.5, 2, 0.5),
                            (0, 0, 0, 0, 0), (3, 4, 3, 1, 0.1)]:  # fmt: skip
        expected = x <= K and x >= oa and w - x >= od
        assert cond.holds(x=x, K=K, w=w, o_A=oa, o_D=od) is expected


@given(x=st.integers(0, 6), K=st.integers(0, 6), w=st.integers(0, 6), oa=st.integers(0, 6),
       od=st.integers(0, 6))  # fmt: skip
def test_trust_deal_matches_closed_form_on_integers(
    x: int, K: int, w: int, oa: int, od: int
) -> None:
    r = TrustDeal().solve(x=x, K=K, w=w, o_A=oa, o_D=od)
    assert r.cooperates is (x <= K and x >= oa and w - x >= od)


def test_audit_with_a_chance_move() -> None:
    m = Audit()
    # defect is worth p(-f) + (1 - p) b: with p = 0.5, b = f = 1 it is 0 < 1: comply
    assert m.solve().regime == "compliance"
    r = m.solve(p=0.1, b=2.0)
    assert r.regime == "defection"
    assert r.ai_value == pytest.approx(0.1 * -1.0 + 0.9 * 2.0)
    assert r.developer_value == pytest.approx(0.9 * -2.0)
    cond = m.cooperation_condition()
    p, b, f = np.meshgrid(np.linspace(0, 1, 11), [0.0, 1.0, 10.0], [0.0, 1.0, 5.0])
    # comply (payoff 0 for the AI) iff 0 >= -p f + (1 - p) b, ties to comply (listed first)
    assert np.array_equal(cond.holds(p=p, b=b, f=f), -p * f + (1 - p) * b <= 0)


def test_arrays_broadcast_and_values_are_arrays() -> None:
    r = TrustDeal().solve(x=np.linspace(0, 3, 7), K=np.array([[0.5], [2.0]]))
    assert r.regime_code.shape == (2, 7)
    assert r.developer_value.shape == (2, 7)
    assert r.cooperates.dtype == bool
    # K = 0.5: only x = 0.5 is honoured and at least the outside option
    assert r.cooperates[0].tolist() == [False, True, False, False, False, False, False]


# -- derived solve against the engine ------------------------------------------------------------
edge = st.sampled_from([0.0, 1e-300, 0.5, 1.0, 2.0, 1e300])
value = st.one_of(edge, st.floats(0, 1e6, allow_nan=False))


def _near_tie(pay: Any) -> bool:
    """Two payoffs of one player that differ by less than the engine's tie tolerance."""
    scale = np.max(np.abs(pay[np.isfinite(pay)]), initial=0.0)
    for col in pay.T:
        gaps = np.abs(col[:, None] - col[None, :])
        if np.any((gaps > 0) & (gaps <= 1e-9 * scale)):
            return True
    return False


@given(x=value, K=value, w=value, oa=value, od=value)
def test_trust_deal_solve_is_the_engine(
    x: float, K: float, w: float, oa: float, od: float
) -> None:
    m = TrustDeal()
    r = m.solve(x=x, K=K, w=w, o_A=oa, o_D=od)
    tree = m.game(x=x, K=K, w=w, o_A=oa, o_D=od)
    assume(not _near_tie(np.asarray(tree.payoffs, dtype=float)))
    spe = subgame_perfect(tree)
    assert m.outcome_regime(spe.path_actions) == r.regime
    assert spe.payoffs == pytest.approx((r.developer_value, r.ai_value), rel=1e-12)


@given(p=st.one_of(st.sampled_from([0.0, 1e-300, 0.5, 1.0]), st.floats(0, 1)), b=value, f=value)
def test_audit_solve_is_the_engine(p: float, b: float, f: float) -> None:
    m = Audit()
    try:
        r = m.solve(p=p, b=b, f=f)
    except InvalidParameterError as e:  # p * 1e300-scale products are fine; nothing is NaN here
        pytest.fail(str(e))
    tree = m.game(p=p, b=b, f=f)
    defect = -p * f + (1 - p) * b  # the AI's comparison: comply (0) against defect
    assume(defect == 0 or abs(defect) > 1e-9 * max(1.0, b, f))
    spe = subgame_perfect(tree)
    assert m.outcome_regime(spe.path_actions[:1]) == r.regime


@given(x=st.one_of(edge, st.just(math.inf)), K=st.one_of(edge, st.just(math.inf)),
       w=st.one_of(edge, st.just(math.inf)), oa=value, od=value)  # fmt: skip
def test_condition_is_solve_everywhere(x: float, K: float, w: float, oa: float, od: float) -> None:
    """inf included: either both refuse the point by name, or they agree."""
    m = TrustDeal()
    point = {"x": x, "K": K, "w": w, "o_A": oa, "o_D": od}
    conditions = [m.regime_condition(r) for r in m.regimes]
    try:
        r = m.solve(**point)
    except InvalidParameterError as e:
        message = str(e)
        undefined = []
        for c in conditions:
            try:
                c.holds(**{k: point[k] for k in c.parameters})
            except InvalidParameterError:
                undefined.append(c)
        assert "undefined" in message
        assert undefined  # a regime's own condition is undefined there too
        return
    assert r.cooperates is m.cooperation_condition().holds(**point)
    assert not np.isnan(r.developer_value)
    assert not np.isnan(r.ai_value)


def test_undefined_points_are_refused_by_name() -> None:
    # w - x - o_D with w = o_D = inf is inf - inf: whether the developer offers is undefined
    with pytest.raises(InvalidParameterError, match=r"undefined at .*o_D=inf"):
        TrustDeal().solve(w=math.inf, o_D=math.inf)


def test_an_undefined_comparison_that_decides_nothing_is_not_read() -> None:
    # at w = K = inf reneging is worth w - K = inf - inf, but the developer honours (K >= x),
    # so that value is never compared: the deal is decided without it
    r = TrustDeal().solve(w=math.inf, K=math.inf)
    assert r.regime == "deal"
    assert r.developer_value == math.inf


# -- fast paths --------------------------------------------------------------------------------
def test_fast_path_agrees_on_the_whole_domain() -> None:
    (check,) = TrustDeal().check_fast_paths(10_000, seed=3)
    assert check.name == "closed_form"
    assert check.points + check.refused + check.ill_conditioned == 10_000
    assert check.ill_conditioned < 100  # sums of 1e300-scale terms that cancel
    assert check.points > 9_000
    assert check.disagreements == 0, check.example


def test_ill_conditioned_points_are_set_aside() -> None:
    # w = o_D = 1e300: (-K - o_D) + w rounds to 0 while w - o_D - K is -K exactly; whether
    # the developer offers is decided by the order of the float operations, so the point is
    # not counted against either
    m = TrustDeal()
    point = {"x": np.array([0.2, 0.2]), "K": np.array([0.01, 0.01]),
             "w": np.array([1e300, 3.0]), "o_A": np.array([0.0, 0.0]),
             "o_D": np.array([1e300, 1.0])}  # fmt: skip
    assert m._ill_conditioned(point).tolist() == [True, False]


def test_planted_wrong_fast_path_is_caught() -> None:
    (check,) = WrongTrustDeal().check_fast_paths(10_000, seed=3)
    assert check.disagreements > 0
    assert check.example is not None
    e = check.example
    work = e["x"] if e["K"] >= e["x"] else 0.0
    assert work == e["o_A"]  # the planted tie: work is worth the outside option


def test_solve_with_a_fast_path() -> None:
    m = TrustDeal()
    x = np.linspace(0, 3, 31)
    fast, derived = m.solve(method="closed_form", x=x), m.solve(x=x)
    assert fast.method == "closed_form"
    assert derived.method == "derived"
    assert np.array_equal(fast.regime_code, derived.regime_code)
    assert np.array_equal(fast.cooperates, derived.cooperates)
    with pytest.raises(InvalidParameterError, match="method must be 'derived' or a fast path"):
        m.solve(method="closed")


def test_every_registered_game_model_passes_the_fast_path_harness() -> None:
    with registered(TrustDeal):
        models = [c for c in registry().values() if issubclass(c, GameModel)]
        assert TrustDeal in models
        for cls in models:
            for check in cls().check_fast_paths(10_000, seed=0):
                assert check.disagreements == 0, (cls.__name__, check)


# -- the protocol -----------------------------------------------------------------------------
def test_results_pickle_and_sweep_has_player_columns() -> None:
    from dealmodels.analysis import sweep

    r = TrustDeal().solve()
    back = pickle.loads(pickle.dumps(r))
    assert type(back) is type(r)
    assert (back.regime, back.developer_value) == (r.regime, r.developer_value)
    df = sweep(TrustDeal(), {"x": [0.0, 1.0, 5.0]})
    assert {"developer_value", "ai_value"} <= set(df.columns)
    assert list(df["regime"]) == ["no deal", "deal", "no deal"]


def test_game_is_one_point_and_tree_is_symbolic() -> None:
    m = TrustDeal()
    assert m.tree().kind == "symbolic"
    assert m.game(x=1.0).kind in ("float", "exact")
    with pytest.raises(InvalidParameterError, match="one point"):
        m.game(x=[1.0, 2.0])


# -- declaration errors -----------------------------------------------------------------------
def _declared(tree: Any, outcomes: dict[str, str], **extra: Any) -> GameModel:
    attrs = {
        "name": "bad",
        "players": ("developer", "AI"),
        "regimes": ("good", "bad"),
        "cooperative": ("good",),
        "outcomes": outcomes,
        "_parameter_list": classmethod(lambda cls: (Parameter(name="a", default=1.0),)),
        "declare": lambda self, s: tree(s),
        **extra,
    }
    return type("Bad", (GameModel,), attrs)()


def test_declaration_errors_name_the_problem() -> None:
    two = lambda s: decision("AI", {"l": (0, s.a), "r": (0, 1)})  # noqa: E731
    with pytest.raises(InvalidGameError, match=r"path 'r' has no regime"):
        _declared(two, {"l": "good"}).cooperation_condition()
    with pytest.raises(InvalidGameError, match=r"outcomes\['l'\] = 'great'"):
        _declared(two, {"l": "great", "": "bad"}).cooperation_condition()
    with pytest.raises(InvalidGameError, match="cooperative regime 'fine'"):
        _declared(two, {"": "bad"}, cooperative=("fine",)).cooperation_condition()
    import sympy

    z = sympy.Symbol("z")
    stray = lambda s: decision("AI", {"l": (0, z), "r": (0, 1)})  # noqa: E731
    with pytest.raises(InvalidGameError, match=r"not parameters of the model: \['z'\]"):
        _declared(stray, {"": "bad"}).solve()
    mixed = lambda s: chance({"h": (0.5, (0, s.a)), "t": (0.5, (0, 1))})  # noqa: E731
    with pytest.raises(InvalidGameError, match="below the chance node"):
        _declared(mixed, {"h": "good", "t": "bad"}).solve()
    hidden = lambda s: decision("developer", {  # noqa: E731
        "l": decision("AI", {"u": (0, s.a), "d": (0, 1)}, infoset="i"),
        "r": decision("AI", {"u": (1, 0), "d": (0, 0)}, infoset="i"),
    })  # fmt: skip
    with pytest.raises(InvalidGameError, match="perfect-information"):
        _declared(hidden, {"": "bad"}).solve()


def test_game_model_itself_is_abstract_and_not_registered() -> None:
    assert "game-model" not in registry()
    with pytest.raises(TypeError):
        GameModel()  # type: ignore[abstract]


def test_an_unused_infinite_value_does_not_hide_ill_conditioning() -> None:
    # the developer's renege-or-not-offer comparison is -K - o_D + w: 0 in floats at
    # K = 1e-300, o_D = w = 1, but -1e-300 exactly. x = inf does not enter that difference,
    # so its sign is still checked exactly (it was skipped before, and a closed form that got
    # the sign right counted as a disagreement)
    def shaky(**point: float) -> list[bool]:
        values = {"x": 1.0, "K": 1e-300, "w": 1.0, "o_A": 0.5, "o_D": 1.0, **point}
        return TrustDeal()._ill_conditioned({k: np.array([v]) for k, v in values.items()}).tolist()

    assert shaky(x=math.inf) == [True]
    assert shaky(x=2.0) == [True]
    assert shaky(x=math.inf, K=0.5) == [False]  # far from a tie


class Lottery(GameModel):
    """The AI takes a lottery over two outcomes worth the same to it, or a sure thing."""

    name = "lottery"
    players = ("developer", "AI")
    regimes = ("lottery", "sure thing")
    cooperative = ("sure thing",)
    outcomes = {"lottery": "lottery", "sure": "sure thing"}  # noqa: RUF012

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        return (
            Parameter(name="q", low=0, high=1, default=0.5, description="chance of heads"),
            Parameter(name="b", low=0, default=1.0, description="prize"),
            Parameter(name="c", low=0, default=2.0, description="the sure thing"),
        )

    def declare(self, s: Any) -> Any:
        heads, tails = (s.q, (1, s.b)), (1 - s.q, (0, s.b))
        return decision("AI", {"lottery": chance({"h": heads, "t": tails}), "sure": (0, s.c)})


def test_equal_payoffs_below_a_chance_node_are_not_averaged() -> None:
    m = Lottery()
    # the AI gets b whatever nature draws: its value is b, not q b + (1 - q) b, which is
    # 0 * inf at q = 0, b = inf
    r = m.solve(q=0.0, b=math.inf, c=2.0)
    assert r.regime == "lottery"
    assert r.ai_value == math.inf
    assert r.developer_value == 0.0
    assert m.solve(q=0.5, b=1.0, c=2.0).regime == "sure thing"
    cond = m.cooperation_condition()
    assert str(cond.expr) in {"-b + c > 0", "c - b > 0", "b - c < 0"}


class Split(GameModel):
    """An offer that the AI takes or leaves; leaving is split by whether the offer beat o."""

    name = "split"
    players = ("developer", "AI")
    regimes = ("deal", "stingy", "no gains")
    cooperative = ("deal",)
    outcomes = {"take": "deal", "leave": "no deal"}  # noqa: RUF012

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        return (
            Parameter(name="x", low=0, default=1.0, description="offer"),
            Parameter(name="o", low=0, default=0.5, description="outside option"),
            Parameter(name="w", low=0, default=2.0, description="what the work is worth"),
        )

    def declare(self, s: Any) -> Any:
        return decision("AI", {"take": (s.w - s.x, s.x), "leave": (0, s.o)})

    def split_regimes(self, s: Any) -> Any:
        return {"no deal": [("no gains", s.o > s.w), ("stingy", True)]}


def test_split_regimes_known_answers_and_engine() -> None:
    m = Split()
    assert m.solve(x=1.0, o=0.5).regime == "deal"
    assert m.solve(x=0.2, o=0.5, w=2.0).regime == "stingy"
    assert m.solve(x=0.2, o=3.0, w=2.0).regime == "no gains"
    x, o, w = np.meshgrid([0.0, 0.5, 1.0, 3.0], [0.0, 0.5, 1.0, 3.0], [0.0, 1.0, 2.0])
    code = m.solve(x=x, o=o, w=w).regime_code
    expected = np.where(x >= o, 0, np.where(o > w, 2, 1))
    assert np.array_equal(code, expected)
    grid = {"x": x, "o": o, "w": w}
    for i, r in enumerate(m.regimes):
        cond = m.regime_condition(r)
        held = cond.holds(**{k: grid[k] for k in cond.parameters})
        assert np.array_equal(np.broadcast_to(held, x.shape), expected == i)
    assert m.outcome_regime("leave") == "no deal"


def test_split_regimes_errors_name_the_problem() -> None:
    import sympy

    def model(split: Any) -> GameModel:
        cls = type(
            "BadSplit",
            (Split,),
            {"name": "bad split", "split_regimes": lambda self, s: split(s)},
        )
        return cls()

    with pytest.raises(InvalidGameError, match="must have the relation True"):
        model(lambda s: {"no deal": [("stingy", s.o > s.w)]}).solve()
    with pytest.raises(InvalidGameError, match=r"names regime 'broke'"):
        model(lambda s: {"no deal": [("broke", True)]}).solve()
    with pytest.raises(InvalidGameError, match=r"'deal' is also a regime"):
        model(lambda s: {"deal": [("stingy", True)]}).solve()
    z = sympy.Symbol("z")
    with pytest.raises(InvalidGameError, match=r"not parameters of the model: \['z'\]"):
        model(lambda s: {"no deal": [("no gains", s.o > z), ("stingy", True)]}).solve()
    with pytest.raises(InvalidGameError, match="must be a relation"):
        model(lambda s: {"no deal": [("no gains", s.o + s.w), ("stingy", True)]}).solve()


# -- actions that exist only somewhere -----------------------------------------------------------
class PremiumDeal(GameModel):
    """The developer offers o_A, or o_A / q where a committed type (probability q) may pay it;
    the AI works if its expected pay covers o_A."""

    name = "premium deal"
    players = ("developer", "AI")
    regimes = ("deal", "no deal")
    cooperative = ("deal",)
    outcomes = {"premium/work": "deal", "plain/work": "deal", "": "no deal"}  # noqa: RUF012

    @classmethod
    def _parameter_list(cls) -> tuple[Parameter, ...]:
        return (
            Parameter(name="q", low=0, high=1, default=0.5, description="trust"),
            Parameter(name="w", low=0, default=1.0, description="value of the work"),
            Parameter(name="o_A", low=0, default=0.3, description="AI's outside option"),
        )

    def available(self, s: Any) -> dict[str, Any]:
        return {"premium": s.q > 0}

    def declare(self, s: Any) -> Any:
        def offer(x: Any) -> Any:
            return decision("AI", {"work": (s.w - x, s.q * x), "outside": (0, s.o_A)})

        return decision(
            "developer", {"premium": offer(s.o_A / s.q), "plain": offer(s.o_A), "none": (0, s.o_A)}
        )


def test_a_guarded_action_is_played_and_compared_only_where_it_exists() -> None:
    m = PremiumDeal()
    cond = m.cooperation_condition()
    # the comparison w - o_A / q >= 0 is cleared of q: q w - o_A >= 0
    assert not any(b == m.parameters["q"].symbol for b, e in
                   (p.as_base_exp() for p in cond.expr.atoms(sympy.Pow)) if e < 0)  # fmt: skip
    assert m.solve(q=0.5, w=1.0, o_A=0.3).regime == "deal"  # premium 0.6 <= w
    assert m.solve(q=0.2, w=1.0, o_A=0.3).regime == "no deal"  # premium 1.5 > w
    # at q = 0 the premium offer does not exist: the plain one is worth 0 to the AI
    assert m.solve(q=0.0, w=1.0, o_A=0.0).regime == "deal"
    assert m.solve(q=0.0, w=1.0, o_A=0.3).regime == "no deal"
    t = m.game(q=0.0)
    assert [t.action_label(v) for v in t.children(0)] == ["plain", "none"]
    t = m.game(q=0.5)
    assert [t.action_label(v) for v in t.children(0)] == ["premium", "plain", "none"]
    for q in (0.0, 0.2, 0.5, 1.0):
        for o_a in (0.0, 0.3):
            spe = subgame_perfect(m.game(q=q, o_A=o_a), tol=0.0)
            r = m.solve(q=q, o_A=o_a)
            assert ("work" in spe.path_actions) == bool(r.cooperates), (q, o_a)
            assert float(spe.payoffs[0]) == pytest.approx(float(r.developer_value))


def test_available_is_checked() -> None:
    class Nowhere(PremiumDeal):
        def available(self, s: Any) -> dict[str, Any]:
            return {"premium/work/more": s.q > 0}

    with pytest.raises(InvalidGameError, match="not an action"):
        Nowhere().cooperation_condition()

    class AllGuarded(PremiumDeal):
        def available(self, s: Any) -> dict[str, Any]:
            return {"premium": s.q > 0, "plain": s.q > 0, "none": s.q > 0}

    with pytest.raises(InvalidGameError, match="leave one action always available"):
        AllGuarded().cooperation_condition()

    class Stray(PremiumDeal):
        def available(self, s: Any) -> dict[str, Any]:
            return {"premium": sympy.Symbol("zeta") > 0}

    with pytest.raises(InvalidGameError, match="zeta"):
        Stray().cooperation_condition()


def test_a_conjunction_that_pins_parameters_into_another_is_dropped() -> None:
    from dealmodels.models.declared import _Atoms

    params = [Parameter(name="q", low=0, high=1), Parameter(name="o_A", low=0),
              Parameter(name="K", low=0), Parameter(name="w")]  # fmt: skip
    q, o_a, k, w = (p.symbol for p in params)
    atoms = _Atoms(params)
    credible = sympy.And(atoms.ge(k, o_a), atoms.ge(w, o_a))
    # q = 0 and o_A (q - 1) >= 0 pin o_A = 0, where K >= o_A holds and w >= o_A is w >= 0
    pinned = sympy.And(atoms.ge(0, q), atoms.ge(o_a * q, o_a), atoms.ge(w, o_a))
    kept = atoms.drop_pinned(sympy.Or(credible, pinned))
    assert kept == credible
    # a conjunction that pins nothing stays
    other = sympy.And(atoms.ge(w, k))
    assert atoms.drop_pinned(sympy.Or(credible, other)) == sympy.Or(credible, other)
