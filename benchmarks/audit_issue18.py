"""Bad-input audit (issue 18): a table of hostile calls over the public API, each classified.

* ``clear``  — a dealmodels error (``DealModelsError`` subclass) with a message of a
  sentence (at least 25 characters: it names the parameter or file position, and what is
  wrong; read them with ``--verbose``);
* ``vague``  — any other exception (a raw numpy / sympy / ``KeyError`` / ``TypeError``
  traceback, or a dealmodels error without the parameter, value or range);
* ``silent`` — the call returned although the input is bad (or, for the "ok" rows, which
  are in-domain extremes, returned a wrong or non-finite answer);
* ``hang``   — no answer within ``--timeout`` seconds.

Rows marked ``ok`` are extreme but valid inputs: they count as ``clear`` when the call
returns a correct, finite answer, and ``silent`` when it returns a wrong one.

The first table (``_cases``) holds the classes the issue names by example; the second
(``_more_cases``) one row or more for each remaining bullet of the issue, so that the audit
covers the whole issue: every registered model, domain edges, Kuhn poker's budgets, error
line numbers, file speed per MB, JSON and pickle identity, ``subs`` keys, the CLI's help
and grids, and the test suite's guards (timeout, ``solve_for``, M1's tie, Newcombe).

Run: ``PYTHONPATH=src python benchmarks/audit_issue18.py [--timeout 10] [--verbose]``
(about 40 s; the CLI rows start subprocesses).
"""

from __future__ import annotations

import argparse
import math
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np


class _Hang(Exception):
    pass


def _alarm(*_: Any) -> None:
    raise _Hang


def _cases() -> list[tuple[str, Callable[[], Any], Callable[[Any], bool] | None]]:
    """(label, call, check): ``check`` is None for bad input (must raise), else a predicate
    on the result of a valid extreme input."""
    from scipy import stats

    import dealmodels as dm
    from dealmodels.analysis import grid_points, monte_carlo, sensitivity, spec_value, sweep
    from dealmodels.dispositions import Disposition, Spec
    from dealmodels.games.extensive_form import GameTree, chance, decision, terminal
    from dealmodels.io.gambit import read_gambit
    from dealmodels.models.takeover import TakeoverDecision
    from dealmodels.solvers.backward import subgame_perfect
    from dealmodels.solvers.commitment import stackelberg
    from dealmodels.solvers.correlated import correlated_equilibrium
    from dealmodels.solvers.dominance import iterated_elimination
    from dealmodels.solvers.nash import is_nash, lemke_howson, nash_equilibria, regret
    from dealmodels.solvers.quantal import quantal_response
    from dealmodels.solvers.repeated import critical_discount

    nfg = dm.NormalFormGame
    pd_m = ([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    pd = nfg.from_bimatrix(*pd_m)
    model = TakeoverDecision()
    spec = Spec(target=Disposition(myopia=0.1))
    tmp = tempfile.mkdtemp()

    def scaled(c: Any, exact: bool = False) -> Any:
        if exact:
            return nfg.from_bimatrix(*([[Fraction(v) * c for v in r] for r in m] for m in pd_m))
        return nfg.from_bimatrix(*(np.array(m, float) * c for m in pd_m))

    def dd(eqs: Any) -> bool:  # the prisoner's dilemma's only equilibrium: (D, D)
        return [e.support for e in eqs] == [((1,), (1,))]

    def file(name: str, content: bytes) -> str:
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(content)
        return path

    def cli(*args: str) -> Any:
        r = subprocess.run(
            [sys.executable, "-m", "dealmodels", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        one_line = len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
        if r.returncode == 2 and one_line:
            raise dm.InvalidParameterError("CLI: " + r.stderr.strip() + " (must: exit 2)")
        if r.returncode != 0:
            raise RuntimeError(r.stderr.strip().splitlines()[-1])
        return r.stdout

    big_axes = {"p": np.linspace(0, 1, 100_000), "loss": np.linspace(0, 1, 100_000)}
    cases: list[tuple[str, Callable[[], Any], Callable[[Any], bool] | None]] = []
    bad = cases.append

    # -- normal-form games -------------------------------------------------------------------
    for label, a in [
        ("ragged", [[1, 2], [3]]),
        ("strings", [["a", "b"], ["c", "d"]]),
        ("bools", [[True, False], [False, True]]),
        ("complex", [[1j, 0], [0, 1]]),
        ("nan", [[math.nan, 0], [0, 1]]),
        ("inf", [[math.inf, 0], [0, 1]]),
        ("1-d", [1, 2]),
        ("empty", []),
        ("dict", {"a": 1}),
        ("None", None),
    ]:
        bad((f"from_bimatrix A {label}", lambda a=a: nfg.from_bimatrix(a), None))
    bad(("from_bimatrix B shape", lambda: nfg.from_bimatrix([[1, 2]], [[1], [2]]), None))
    uint = np.array([[1, 255]], dtype=np.uint8)
    cases.append(
        (
            "from_bimatrix uint8, B = -A",
            lambda: nfg.from_bimatrix(uint).payoffs[1].tolist(),
            lambda r: r == [[-1, -255]],
        )
    )
    imin = np.array([[np.iinfo(np.int64).min, 1]])
    cases.append(
        (
            "from_bimatrix int64 min, B = -A",
            lambda: nfg.from_bimatrix(imin).payoffs[1].tolist(),
            lambda r: r == [[2**63, -1]],
        )
    )
    # -- profiles ------------------------------------------------------------------------------
    for label, prof in [
        ("scalar", 5),
        ("wrong count", [[1, 0]]),
        ("wrong length", [[1, 0, 0], [1, 0]]),
        ("negative", [[1.5, -0.5], [1, 0]]),
        ("not summing to 1", [[0.5, 0.4], [1, 0]]),
        ("nan", [[math.nan, 1], [1, 0]]),
        ("strings", [["a", "b"], [1, 0]]),
        ("bool", [True, 0]),
        ("action out of range", [2, 0]),
        ("None", [None, [1, 0]]),
    ]:
        bad((f"expected_payoffs {label}", lambda p=prof: pd.expected_payoffs(p), None))
        bad((f"is_nash {label}", lambda p=prof: is_nash(pd, p), None))
    tiny = scaled(1e-12)
    cases.append(("is_nash PD*1e-12 (C, C)", lambda: is_nash(tiny, [0, 0]), lambda r: r is False))
    cases.append(
        (
            "regret relative PD*1e-12",
            lambda: regret(tiny, [0, 0], relative=True),
            lambda r: abs(r - 0.4) < 1e-9,
        )
    )
    # -- extreme payoffs -----------------------------------------------------------------------
    methods = [
        "vertex_enumeration",
        "support_enumeration",
        "lemke_howson",
        "logit",
        "simplicial_subdivision",
    ]
    for c_label, g in [
        ("1.7e308", scaled(3.4e307)),
        ("1e-300", scaled(1e-300)),
        ("exact 1e400", scaled(10**400, exact=True)),
        ("exact 1e-400", scaled(Fraction(1, 10**400), exact=True)),
    ]:
        for m in methods:
            cases.append((f"nash {m} {c_label}", lambda g=g, m=m: nash_equilibria(g, m), dd))
        cases.append(
            (
                f"correlated {c_label}",
                lambda g=g: correlated_equilibrium(g),
                lambda r: np.asarray(r.distribution, float).tolist() == [[0, 0], [0, 1]],
            )
        )
        cases.append(
            (
                f"dominance {c_label}",
                lambda g=g: iterated_elimination(g),
                lambda r: r.surviving == ((1,), (1,)),
            )
        )
        cases.append(
            (
                f"stackelberg {c_label}",
                lambda g=g: stackelberg(g),
                lambda r: r.follower_action == 1,
            )
        )
        cases.append((f"regret {c_label}", lambda g=g: regret(g, [1, 1]), lambda r: r == 0))
    cases.append(
        ("quantal lam*range = inf", lambda: quantal_response(scaled(10**400, True), 1.0), None)
    )
    for label, kw in [("lam nan", math.nan), ("lam -1", -1.0), ("lam 'x'", "x")]:
        bad((f"quantal {label}", lambda kw=kw: quantal_response(pd, kw), None))
    bad(("nash method unknown", lambda: nash_equilibria(pd, "enumeration"), None))
    bad(("nash tol -1", lambda: nash_equilibria(pd, tol=-1), None))
    bad(("nash max_vertices 0", lambda: nash_equilibria(pd, max_vertices=0), None))
    bad(("lemke_howson label 9", lambda: lemke_howson(pd, 9), None))
    bad(("nash not a game", lambda: nash_equilibria([[1, 2]]), None))
    # -- repeated games ------------------------------------------------------------------------
    cases.append(
        (
            "critical_discount cost inf",
            lambda: critical_discount(pd, (0, 0), deviation_cost=math.inf),
            lambda r: r == 0,
        )
    )
    for v in [math.nan, -1, "x", 10**400]:
        bad(
            (
                f"critical_discount cost {v!r:.20}",
                lambda v=v: critical_discount(pd, (0, 0), deviation_cost=v),
                None,
            )
        )
    # -- bargaining ----------------------------------------------------------------------------
    cases.append(
        (
            "nash_bargaining at 1e300",
            lambda: dm.nash_bargaining(dm.BargainingProblem.from_points([(0, 1e300), (1e300, 0)])),
            lambda r: [float(v) for v in r.utilities] == [5e299, 5e299],
        )
    )
    # -- trees ---------------------------------------------------------------------------------
    bad(("decision(a, 5)", lambda: decision("a", 5), None))
    bad(("chance(5)", lambda: chance(5), None))
    bad(
        (
            "chance prob nan",
            lambda: GameTree.build(
                ["a", "b"], chance({"x": (math.nan, terminal(1, 1)), "y": (0.5, terminal(0, 0))})
            ),
            None,
        )
    )
    bad(
        (
            "chance probs sum 1.2",
            lambda: GameTree.build(
                ["a", "b"], chance({"x": (0.7, terminal(1, 1)), "y": (0.5, terminal(0, 0))})
            ),
            None,
        )
    )
    bad(
        (
            "chance prob '0.5'",
            lambda: GameTree.build(
                ["a", "b"], chance({"x": ("0.5", terminal(1, 1)), "y": (0.5, terminal(0, 0))})
            ),
            None,
        )
    )
    bad(
        (
            "terminal 'x'",
            lambda: GameTree.build(["a", "b"], decision("a", {"L": terminal("x", 0)})),
            None,
        )
    )
    bad(
        (
            "terminal one payoff",
            lambda: GameTree.build(["a", "b"], decision("a", {"L": terminal(1)})),
            None,
        )
    )
    bad(
        (
            "unknown player",
            lambda: GameTree.build(["a", "b"], decision("c", {"L": terminal(1, 0)})),
            None,
        )
    )
    bad(("build root 5", lambda: GameTree.build(["a", "b"], 5), None))
    bad(("subgame_perfect(5)", lambda: subgame_perfect(5), None))
    acts: list[Any] = [("L", terminal(1, 0))]
    node = decision("a", acts)
    acts.append(("R", node))  # a cycle, if the spec were not copied
    cases.append(
        (
            "builder: mutated into a cycle",
            lambda: GameTree.build(["a", "b"], node),
            lambda r: r.n_nodes == 2,
        )
    )
    tree = GameTree.build(["a", "b"], decision("a", {"L": terminal(1, 0), "R": terminal(0, 1)}))
    cases.append(("pickle GameTree", lambda: pickle.loads(pickle.dumps(tree)) == tree, bool))
    cases.append(
        (
            "pickle SubgamePerfectResult",
            lambda: tuple(pickle.loads(pickle.dumps(subgame_perfect(tree))).payoffs) == (1, 0),
            bool,
        )
    )
    # -- dispositions, specs -------------------------------------------------------------------
    d = Disposition(myopia=0.5)
    cases.append(("Disposition(**as_dict())", lambda: Disposition(**d.as_dict()) == d, bool))
    cases.append(("pickle Spec", lambda: pickle.loads(pickle.dumps(spec)) == spec, bool))
    for v in [-1, "x", 1.5, True]:
        bad((f"Spec.sample seed {v!r}", lambda v=v: spec.sample(5, seed=v), None))
        bad(
            (
                f"compare_specs seed {v!r}",
                lambda v=v: dm.compare_specs(spec, spec, n=10, seed=v),
                None,
            )
        )
    bad(("Spec.sample n 1e12", lambda: spec.sample(10**12, seed=1), None))
    bad(("Disposition(myopia='0.5')", lambda: Disposition(myopia="0.5"), None))
    bad(("Disposition(myopia=2)", lambda: Disposition(myopia=2), None))
    # -- analysis ------------------------------------------------------------------------------
    bad(("grid_points 1e10 points", lambda: grid_points(model, big_axes), None))
    bad(("sweep 1e10 points", lambda: sweep(model, big_axes), None))
    bad(("sweep grid strings", lambda: sweep(model, {"p": ["a", "b"]}), None))
    bad(("sweep grid empty", lambda: sweep(model, {"p": []}), None))
    bad(("sweep grid ragged", lambda: sweep(model, {"p": [[0.1], [0.2, 0.3]]}), None))
    bad(("sweep unknown name", lambda: sweep(model, {"q": [0.1]}), None))
    bad(("monte_carlo n 1e12", lambda: monte_carlo(model, {"p": stats.uniform()}, n=10**12), None))
    bad(("monte_carlo n -1", lambda: monte_carlo(model, {"p": stats.uniform()}, n=-1), None))
    bad(("monte_carlo priors {}", lambda: monte_carlo(model, {}, n=10), None))
    bad(
        (
            "sensitivity tornado ('a','b')",
            lambda: sensitivity(model, {"p": stats.uniform()}, tornado_quantiles=("a", "b")),
            None,
        )
    )
    bad(("sensitivity n 1e12", lambda: sensitivity(model, {"p": stats.uniform()}, n=10**12), None))
    cases.append(
        (
            "newcombe 56/70 vs 48/80",
            lambda: spec_value.newcombe_interval(56, 70, 48, 80),
            lambda r: (round(r[0], 4), round(r[1], 4)) == (0.0524, 0.3339),
        )
    )
    bad(
        (
            "paired_newcombe negative",
            lambda: spec_value.paired_newcombe_interval(-1, 2, 3, 4),
            None,
        )
    )
    # -- files ---------------------------------------------------------------------------------
    header = b'NFG 1 R "x" { "a" "b" } { 1000000 1000000 }\n1 2 3 4\n'
    bad(("read_gambit huge header", lambda: read_gambit(file("big.nfg", header)), None))
    bad(
        (
            "read_gambit non-UTF-8",
            lambda: read_gambit(
                file("bad.nfg", b'NFG 1 R "\xff" { "a" "b" } { 2 2 }\n1 2 3 4 5 6 7 8\n')
            ),
            None,
        )
    )
    bad(
        (
            "read_gambit truncated",
            lambda: read_gambit(file("cut.nfg", b'NFG 1 R "x" { "a" "b" } { 2 2 }\n1 2 3 4 5\n')),
            None,
        )
    )
    bad(
        (
            "read_gambit random bytes",
            lambda: read_gambit(
                file(
                    "rnd.nfg",
                    bytes(np.random.default_rng(0).integers(0, 256, 2000, dtype=np.uint8)),
                )
            ),
            None,
        )
    )
    bad(("read_gambit missing file", lambda: read_gambit(os.path.join(tmp, "none.nfg")), None))
    efg = b'EFG 2 R "x" { "a" "b" }\n""\np "" 1 1 "" { "L" "R" } 0\n'
    bad(
        (
            "efg outcome twice",
            lambda: read_gambit(
                file("twice.efg", efg + b't "" 1 "o1" { 1 2 }\nt "" 1 "o1" { 3 4 }\n')
            ),
            None,
        )
    )
    bad(
        (
            "efg nan payoff",
            lambda: read_gambit(
                file("nan.efg", efg + b't "" 1 "o1" { 1 2 }\nt "" 2 "o2" { nan 4 }\n')
            ),
            None,
        )
    )
    named = nfg.from_bimatrix(
        np.array([[1e300, 0.1], [1 / 3, 2]]), np.eye(2), players=["a\\", 'b"']
    )

    def write_read() -> bool:
        from dealmodels.io.gambit import write_gambit

        path = os.path.join(tmp, "named.nfg")
        write_gambit(named, path)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        return read_gambit(path, kind="float") == named and len(text) < 400

    cases.append(("write/read backslash, 1e300", write_read, bool))
    from dealmodels.io.gambit import write_gambit

    for p in ["/nonexistent/x.nfg", "/proc/x.nfg", 5]:
        bad((f"write_gambit path {p!r}", lambda p=p: write_gambit(pd, p), None))
    for prof in [5, (0, "a"), (0, 1.5), (0, 2)]:
        bad((f"payoff_profile {prof!r}", lambda p=prof: pd.payoff_profile(p), None))
    # -- models (values; models/*, world.py) ----------------------------------------------
    from dealmodels import models as mods

    for label, v in [
        ("'0.5'", "0.5"),
        ("True", True),
        ("'abc'", "abc"),
        ("10**400", 10**400),
        ("[]", []),
        ("ragged", [[0.1], [0.2, 0.3]]),
        ("1j", 1j),
        ("{}", {}),
        ("nan", math.nan),
        ("2 (out of [0, 1])", 2.0),
    ]:
        bad((f"TakeoverDecision.solve(p={label})", lambda v=v: model.solve(p=v), None))
        bad(
            (
                f"condition.holds(p={label})",
                lambda v=v: model.cooperation_condition().holds(p=v),
                None,
            )
        )
    bad(("Environment(p='0.2')", lambda: mods.Environment(p="0.2"), None))
    bad(("Scenario({'myopia': []})", lambda: mods.Scenario({"myopia": []}), None))

    def finite_values(r: Any) -> bool:
        vals = [v for v in r.values.values() if isinstance(v, float | np.floating)]
        return not any(math.isnan(float(v)) for v in vals)

    cases.append(
        (
            "TakeoverDecision risk_aversion=inf: no NaN",
            lambda: model.solve(risk_aversion=math.inf),
            finite_values,
        )
    )
    cases.append(
        (
            "Collusion prize=inf: no NaN",
            lambda: mods.Collusion().solve(prize=math.inf),
            finite_values,
        )
    )
    cases.append(
        (
            "PostTakeover(linear) resources=inf: no NaN",
            lambda: mods.PostTakeover(utility="linear").solve(resources=math.inf),
            finite_values,
        )
    )
    cases.append(
        (
            "PartialAlignment humans_baseline=inf: no NaN",
            lambda: mods.PartialAlignment().solve(humans_baseline=math.inf),
            finite_values,
        )
    )

    def strict_json() -> bool:
        import json

        def refuse(name: str) -> Any:
            raise ValueError(f"non-standard JSON literal {name}")

        world = mods.Environment()
        text = world.to_json()  # as_dict is a Python dict (inf); JSON goes through to_json
        json.loads(text, parse_constant=refuse)
        back = mods.Environment.from_json(text)
        return back == world and back.as_dict() == world.as_dict()

    cases.append(("Environment().to_json() strict JSON, identity", strict_json, bool))
    from dealmodels.io.json import to_json

    bad(("World.from_json(a Disposition)", lambda: dm.World.from_json(to_json(d)), None))
    for label, text in [
        ("Infinity literal", '{"dealmodels": 1, "value": {"$world": {"p": Infinity}}}'),
        ("p = 2", '{"dealmodels": 1, "value": {"$world": {"p": 2}}}'),
        ("not JSON", "{"),
    ]:
        bad((f"World.from_json {label}", lambda t=text: dm.World.from_json(t), None))
    cases.extend(_more_cases(cli))
    # -- CLI -----------------------------------------------------------------------------------
    out = os.path.join(tmp, "x.csv")
    bad(
        (
            "cli --out nonexistent dir",
            lambda: cli("sweep", "takeover", "--grid", "p=0:1:3", "--out", "/nonexistent/x.csv"),
            None,
        )
    )
    bad(("cli report --out /proc", lambda: cli("report", "--out", "/proc/x"), None))
    bad(
        (
            "cli duplicate --grid",
            lambda: cli(
                "sweep", "takeover", "--grid", "p=0:1:3", "--grid", "p=0:1:3", "--out", out
            ),
            None,
        )
    )
    bad(
        (
            "cli grid N 1e11",
            lambda: cli("sweep", "takeover", "--grid", "p=0:1:100000000000", "--out", out),
            None,
        )
    )
    bad(("cli unknown parameter", lambda: cli("solve", "takeover", "--trus", "0.5"), None))
    bad(("cli unknown model", lambda: cli("solve", "takover"), None))
    return cases


Row = tuple[str, Callable[[], Any], Callable[[Any], bool] | None]


def _expect(call: Callable[[], Any], *fragments: str) -> Callable[[], Any]:
    """A bad-input row whose error must also say ``fragments`` (a line number, a "did you
    mean"): a package error without them is re-raised as a vague RuntimeError."""

    def run() -> Any:
        from dealmodels.errors import DealModelsError

        try:
            return call()
        except DealModelsError as e:
            missing = [f for f in fragments if f not in str(e)]
            if missing:
                raise RuntimeError(f"the error does not say {missing}: {e}") from None
            raise

    return run


def _fast(call: Callable[[], Any], seconds: float) -> Callable[[], Any]:
    """A bad-input row that must also fail within ``seconds`` of CPU time."""

    def run() -> Any:
        from dealmodels.errors import DealModelsError

        t0 = time.process_time()
        try:
            return call()
        except DealModelsError:
            spent = time.process_time() - t0
            if spent > seconds:
                raise RuntimeError(f"the error came after {spent:.2f} s > {seconds} s") from None
            raise

    return run


def _kuhn(exact: bool) -> Any:
    """Kuhn poker (Kuhn 1950) by the package's tree builder: a 27 x 64 reduced normal form."""
    import itertools

    from dealmodels.games.extensive_form import GameTree, chance, decision

    one: Any = Fraction(1) if exact else 1.0

    def showdown(c1: int, c2: int, stake: int) -> tuple[Any, Any]:
        return (stake * one, -stake * one) if c1 > c2 else (-stake * one, stake * one)

    deals = []
    for c1, c2 in itertools.permutations(range(3), 2):
        call = decision(
            "P1", {"fold": (-one, one), "call": showdown(c1, c2, 2)}, infoset=f"1{c1}b"
        )
        after_check = decision(
            "P2", {"check": showdown(c1, c2, 1), "bet": call}, infoset=f"2{c2}c"
        )
        after_bet = decision(
            "P2", {"fold": (one, -one), "call": showdown(c1, c2, 2)}, infoset=f"2{c2}b"
        )
        root = decision("P1", {"check": after_check, "bet": after_bet}, infoset=f"1{c1}")
        deals.append(("JQK"[c1] + "JQK"[c2], Fraction(1, 6) if exact else 1 / 6, root))
    return GameTree.build(players=["P1", "P2"], root=chance(deals)).to_normal_form()


def _edges(p: Any) -> list[float]:
    """0, 1e-300, 1, 1e300, inf (and their negatives) where they lie in a parameter's domain."""
    return [
        x
        for x in (0.0, 1e-300, 0.5, 1.0, 2.0, 1e300, math.inf, -1.0, -1e300, -math.inf)
        if p.low <= x <= p.high
        and not (p.low_open and x == p.low)
        and not (p.high_open and x == p.high)
        and (not p.integer or math.isinf(x) or float(x).is_integer())
    ]


def _domain_problems(model: Any) -> list[str]:
    """Each parameter over its domain's edges (as an array): NaN outputs or raw errors; a
    package error (a point refused by name) is fine."""
    import dataclasses
    import warnings

    from dealmodels.errors import DealModelsError

    problems = []
    for name, p in model.parameters.items():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                r = model.solve(**{name: np.array(_edges(p))})
        except DealModelsError:
            continue
        except Exception as e:  # a raw error is the finding
            problems.append(f"{name}: {type(e).__name__}: {e}"[:120])
            continue
        for f in dataclasses.fields(r):
            x = getattr(r, f.name)
            floating = isinstance(x, float | np.ndarray) and np.asarray(x).dtype.kind == "f"
            if floating and np.isnan(x).any():
                problems.append(f"{name}: {f.name} is NaN")
    return problems


def _identity(obj: Any, via: str) -> bool:
    """A JSON (``via="json"``) or pickle round trip gives an object of the same type whose
    JSON is the same text: every field, number types and digits, and read-only flags."""
    from dealmodels.io.json import from_json, to_json

    text = to_json(obj)
    back = from_json(text) if via == "json" else pickle.loads(pickle.dumps(obj))
    return type(back) is type(obj) and to_json(back) == text


def _more_cases(cli: Callable[..., Any]) -> list[Row]:
    """The rows for issue 18's bullets that the first table did not cover."""
    import json
    import tomllib
    from pathlib import Path

    import sympy
    from scipy import stats

    import dealmodels as dm
    from dealmodels.analysis import monte_carlo, sweep
    from dealmodels.analysis.spec_value import paired_newcombe_interval
    from dealmodels.dispositions import Disposition, Spec
    from dealmodels.games.extensive_form import GameTree, decision, terminal
    from dealmodels.io.gambit import read_gambit, write_gambit
    from dealmodels.models import Scenario, TakeoverDecision
    from dealmodels.report import available_models
    from dealmodels.solvers.backward import subgame_perfect
    from dealmodels.solvers.nash import lemke_howson, nash_equilibria
    from dealmodels.solvers.quantal import quantal_response
    from dealmodels.symbolic import Condition, Parameter

    rows: list[Row] = []
    bad = rows.append
    tmp = tempfile.mkdtemp()
    pd_m = ([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    pd = dm.NormalFormGame.from_bimatrix(*pd_m)
    takeover = TakeoverDecision()

    # -- values: every model, not only the takeover decision ---------------------------
    models = {key: cls() for key, cls in sorted(available_models().items())}
    for key, m in models.items():
        first = next(iter(m.parameters))
        for label, v in [
            ("'0.5'", "0.5"),
            ("True", True),
            ("1j", 1j),
            ("[]", []),
            ("ragged", [[0.1], [0.2, 0.3]]),
            ("10**400", 10**400),
        ]:
            bad(
                (
                    f"{key}.solve({first}={label})",
                    lambda m=m, f=first, v=v: m.solve(**{f: v}),
                    None,
                )
            )
        try:
            cond = m.cooperation_condition()
        except Exception:  # a model without a closed-form condition
            continue
        name = sorted(cond.parameters)[0]
        bad(
            (
                f"{key} condition.holds({name}='abc')",
                lambda c=cond, n=name: c.holds(**{n: "abc"}),
                None,
            )
        )
    for label, v in [
        ("bools", [True, False]),
        ("complex", [1j]),
        ("10**400", [10**400]),
        ("string scalar", "0.5"),
    ]:
        bad((f"sweep grid {label}", lambda v=v: sweep(takeover, {"p": v}), None))
    for label, prior in [
        ("'abc'", "abc"),
        ("0.5", 0.5),
        ("True", True),
        ("uniform(0, 5) outside [0, 1]", stats.uniform(0, 5)),
    ]:
        bad(
            (
                f"monte_carlo prior p={label}",
                lambda q=prior: monte_carlo(takeover, {"p": q}, n=50),
                None,
            )
        )
    bad(
        (
            "monte_carlo prior unknown name",
            lambda: monte_carlo(takeover, {"q": stats.uniform()}, n=50),
            None,
        )
    )

    # -- in-domain extremes: never NaN, and solve and holds do not contradict each other ------
    cara = TakeoverDecision(utility="cara")
    rows.append(
        (
            "CARA salience 0, loss inf: compliance (never considered)",
            lambda: cara.solve(salience=0.0, loss=math.inf).regime,
            lambda r: r == "compliance",
        )
    )

    def cara_holds() -> Any:
        cond = cara.cooperation_condition()
        values = cara.solve(salience=0.0, loss=math.inf).values
        return cond.holds(**{k: v for k, v in values.items() if k in cond.parameters})

    bad(
        (
            "CARA salience 0, loss inf: holds (0 * inf) refused by name",
            _expect(cara_holds, "loss=inf"),
            None,
        )
    )
    for key, m in models.items():
        rows.append(
            (
                f"{key}: every parameter over 0, 1e-300, 1, 1e300, inf: no NaN or raw error",
                lambda m=m: _domain_problems(m),
                lambda r: r == [],
            )
        )

    # -- work that never ends ---------------------------------------------------------------
    for exact in (True, False):
        kuhn = _kuhn(exact)
        kind = "exact" if exact else "float"
        for method in ("auto", "support_enumeration", "vertex_enumeration"):
            bad(
                (
                    f"Kuhn poker 27x64 {kind} nash {method}: refused at once",
                    _fast(
                        _expect(
                            lambda g=kuhn, m=method: nash_equilibria(g, m), "27x64", "lemke_howson"
                        ),
                        1.0,
                    ),
                    None,
                )
            )
        rows.append(
            (
                f"Kuhn poker 27x64 {kind} lemke_howson: value -1/18",
                lambda g=kuhn: float(lemke_howson(g).payoffs[0]),
                lambda r: abs(r + 1 / 18) < 1e-12,
            )
        )
    bad(("nash progress='yes'", lambda: nash_equilibria(pd, progress="yes"), None))

    # -- structures ----------------------------------------------------------------------------
    import networkx as nx

    small = GameTree.build(["a", "b"], decision("a", {"L": terminal(1, 0), "R": terminal(0, 1)}))
    cyclic = nx.DiGraph(small.graph)
    cyclic.add_edge(1, 0, action="back")
    bad(("GameTree.from_graph with a cycle", lambda: GameTree.from_graph(cyclic), None))
    loop = decision("a", {"stop": (1, 0), "again": (0, 1)})
    object.__setattr__(loop, "children", ((1, 0), loop))  # its own child (immutability bypassed)
    bad(
        (
            "GameTree.build: a decision node that is its own child",
            _fast(lambda: GameTree.build(["a", "b"], decision("a", {"in": loop})), 1.0),
            None,
        )
    )
    bad(
        (
            "Scenario disposition lengths 3 and 2",
            lambda: Scenario({"myopia": [0.1, 0.2, 0.3], "trust": [0.1, 0.2]}).solve(),
            None,
        )
    )

    bad(
        (
            "Scenario disposition lengths 1 and 2 (one value per AI: refused, not broadcast)",
            lambda: Scenario({"myopia": [0.1], "trust": [0.1, 0.9]}).solve(),
            None,
        )
    )

    # -- files ------------------------------------------------------------------------------
    def file(name: str, content: bytes) -> str:
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(content)
        return path

    efg = b'EFG 2 R "x" { "a" "b" }\n""\np "" 1 1 "" { "L" "R" } 0\n'
    nan_efg = file("nan.efg", efg + b't "" 1 "o1" { 1 2 }\nt "" 2 "o2" { nan 4 }\n')
    bad(
        (
            "efg nan payoff: the right line (5)",
            _expect(lambda: read_gambit(nan_efg), "line 5"),
            None,
        )
    )
    twice = file("twice.efg", efg + b't "" 1 "o1" { 1 2 }\nt "" 1 "o1" { 3 4 }\n')
    bad(
        (
            "efg outcome twice: both lines",
            _expect(lambda: read_gambit(twice), "line 5", "line 4"),
            None,
        )
    )
    bad_nfg = file("bad.nfg", b'NFG 1 R "x" { "a" "b" } { 2 2 }\n1 2 3 4\n5 x 7 8\n')
    bad(
        (
            "nfg bad token: the right line (3)",
            _expect(lambda: read_gambit(bad_nfg), "line 3", "'x'"),
            None,
        )
    )
    rng = np.random.default_rng(18)
    rows_, cols_ = 1200, 1200  # about 10 MB of integer payoffs
    big = dm.NormalFormGame.from_bimatrix(
        rng.integers(-99, 100, (rows_, cols_)), rng.integers(-99, 100, (rows_, cols_))
    )
    big_path = os.path.join(tmp, "big.nfg")
    write_gambit(big, big_path)
    mb = os.path.getsize(big_path) / 1e6

    def read_big() -> float:
        t0 = time.process_time()
        game = read_gambit(big_path)
        spent = time.process_time() - t0
        if game != big:
            raise RuntimeError("the game read back differs")
        return spent / mb

    rows.append(
        (
            f"read a {mb:.0f} MB .nfg: under 0.1 s CPU per MB (5 s for 50 MB)",
            read_big,
            lambda r: r < 0.1,
        )
    )
    with open(big_path, "rb") as f:
        data = f.read()
    cut = file("big-cut.nfg", data[: int(len(data) * 0.6)])
    bad(
        (
            f"read a truncated {mb:.0f} MB .nfg: error within 0.1 s per MB",
            _fast(_expect(lambda: read_gambit(cut), "line "), 0.1 * mb),
            None,
        )
    )
    alphabet = np.frombuffer(b'0123456789 -+./e\n{}"', dtype=np.uint8)
    small_path = os.path.join(tmp, "small.nfg")
    write_gambit(dm.NormalFormGame.from_bimatrix(*rng.integers(-99, 100, (2, 40, 40))), small_path)
    with open(small_path, "rb") as f:
        small = f.read()
    for k in range(4):  # garbage the parser sees (bytes of any value stop at the UTF-8 check)
        junk = bytearray(small)
        at = int(rng.integers(0, len(junk)))
        junk[at:] = rng.choice(alphabet, len(junk) - at).tobytes()
        path = file(f"junk{k}.nfg", bytes(junk))
        bad(
            (
                f"read number-like garbage after byte {at} of a valid file",
                _fast(lambda p=path: read_gambit(p), 1.0),
                None,
            )
        )

    # -- round trips: JSON (strict, tagged inf) and pickle, identity ---------------------------
    tree = GameTree.build(["a", "b"], decision("a", {"L": terminal(1, 0), "R": terminal(0, 1)}))
    spec = Spec(target=Disposition(myopia=0.5), name="s")
    objects = {
        "exact game": pd,
        "float game (1e300, a\\)": dm.NormalFormGame.from_bimatrix(
            [[1e300, 0.1], [1 / 3, 2.0]], [[0.0, 1.0], [1.0, 0.0]], players=["a\\", 'b"']
        ),
        "game tree": tree,
        "model with options": TakeoverDecision(utility="cara"),
        "disposition": Disposition(myopia=0.25, trust=1.0),
        "spec": spec,
        "world (inf)": dm.World(p=0.3, prize=math.inf),
        "model result": takeover.solve(),
        "array model result": takeover.solve(p=np.linspace(0, 1, 5)),
        "subgame perfect result": subgame_perfect(tree),
        "equilibria": nash_equilibria(pd),
        "QRE": quantal_response(pd, 1.0),
        "scenario result": Scenario(Disposition.deal_ready()).solve(),
        "spec comparison": dm.compare_specs(spec, Spec(target=Disposition()), n=50, seed=0),
    }
    for label, obj in objects.items():
        for via in ("json", "pickle"):
            rows.append((f"{via} identity: {label}", lambda o=obj, v=via: _identity(o, v), bool))

    def strict_json_of_results() -> bool:
        from dealmodels.io.json import to_json

        def refuse(name: str) -> Any:
            raise ValueError(name)

        for obj in objects.values():
            json.loads(to_json(obj), parse_constant=refuse)
        return True

    rows.append(("every round-tripped object's JSON is strict", strict_json_of_results, bool))

    # -- subs: an unknown key is an error, not ignored -----------------------------------------
    x = sympy.Symbol("x")
    sym_game = dm.NormalFormGame.from_bimatrix([[x, 0], [0, 1]], [[1, 0], [0, 1]])
    sym_tree = GameTree.build(["a"], decision("a", {"l": (x,), "r": (1,)}))
    bad(("pd.subs(x=1) (no symbols)", _expect(lambda: pd.subs(x=1), "has none"), None))
    bad(("tree.subs(x=1) (no symbols)", _expect(lambda: tree.subs(x=1), "has none"), None))
    bad(("game.subs(xx=2) typo", _expect(lambda: sym_game.subs(xx=2), "did you mean 'x'"), None))
    bad(("tree.subs(X=2) typo", _expect(lambda: sym_tree.subs(X=2), "did you mean 'x'"), None))

    # -- quantal response at payoffs near the float limit --------------------------------------
    huge = dm.NormalFormGame.from_bimatrix(*(np.array(m, float) * 3.4e307 for m in pd_m))
    bad(
        (
            "quantal PD*3.4e307 at lam=1: refused at once",
            _fast(_expect(lambda: quantal_response(huge, 1.0), "lam <="), 0.5),
            None,
        )
    )
    rows.append(
        (
            "quantal PD*3.4e307 at lam=0.7/3.4e307 = PD at 0.7",
            lambda: (quantal_response(huge, 0.7 / 3.4e307), quantal_response(pd.as_float(), 0.7)),
            lambda r: all(
                np.allclose(a, b, rtol=1e-12)
                for a, b in zip(r[0].strategies, r[1].strategies, strict=True)
            ),
        )
    )

    # -- CLI -------------------------------------------------------------------------------
    def run_cli(*args: str) -> Any:
        return subprocess.run(
            [sys.executable, "-m", "dealmodels", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    rows.append(
        (
            "cli solve MODEL --help lists the model's parameters",
            lambda: run_cli("solve", "takeover", "--help"),
            lambda r: (
                r.returncode == 0
                and all(s in r.stdout for s in ("--p ", "--trust", "--budget", "myopia"))
            ),
        )
    )
    out = os.path.join(tmp, "myopia.csv")

    def grid_over_disposition() -> Any:
        import pandas as pd_

        r = run_cli("sweep", "takeover", "--grid", "myopia=0:1:3", "--out", out)
        if r.returncode != 0:
            raise RuntimeError(r.stderr.strip()[-200:])
        return pd_.read_csv(out)

    rows.append(
        (
            "cli sweep --grid myopia=0:1:3 (a disposition field)",
            grid_over_disposition,
            lambda t: (
                t["myopia"].tolist() == [0, 0.5, 1] and np.allclose(t["discount"], 1 - t["myopia"])
            ),
        )
    )
    bad(
        (
            "cli unknown parameter: did you mean",
            _expect(lambda: cli("solve", "takeover", "--trus", "0.5"), "did you mean 'trust'"),
            None,
        )
    )
    bad(
        (
            "cli unknown model: did you mean",
            _expect(lambda: cli("solve", "takover"), "did you mean 'takeover-decision'"),
            None,
        )
    )
    bad(
        (
            "cli grid typo: did you mean",
            _expect(
                lambda: cli("sweep", "takeover", "--grid", "mypia=0:1:3", "--out", out),
                "did you mean 'myopia'",
            ),
            None,
        )
    )

    # -- the test suite's guards (the mutation run) --------------------------------------------
    def timeout_configured() -> float:
        import pytest_timeout  # noqa: F401  (installed with the test extra)

        root = Path(__file__).resolve().parents[1]
        with open(root / "pyproject.toml", "rb") as f:
            return float(tomllib.load(f)["tool"]["pytest"]["ini_options"]["timeout"])

    rows.append(
        ("pytest: a per-test timeout (pytest-timeout)", timeout_configured, lambda t: 0 < t <= 600)
    )
    xs, a_ = Parameter(name="x"), Parameter(name="a", low=0, low_open=True)
    ops = {">=": sympy.Ge, ">": sympy.Gt, "<=": sympy.Le, "<": sympy.Lt}
    for op, rel in ops.items():
        cond = Condition(rel(a_.symbol * xs.symbol, 1, evaluate=False), [xs, a_])
        rows.append(
            (
                f"solve_for a*x {op} 1: x {op} 1/a",
                lambda c=cond: c.solve_for("x"),
                lambda th, op=op: th.direction == op and th.evaluate(a=2.0) == 0.5,
            )
        )
        flipped = Condition(rel(-a_.symbol * xs.symbol, -1, evaluate=False), [xs, a_])
        turn = {">=": "<=", ">": "<", "<=": ">=", "<": ">"}[op]
        rows.append(
            (
                f"solve_for -a*x {op} -1: x {turn} 1/a",
                lambda c=flipped: c.solve_for("x"),
                lambda th, t=turn: th.direction == t and th.evaluate(a=2.0) == 0.5,
            )
        )
    tie = {
        "p": 0.25,
        "uplift": 0.0,
        "subversion": 0.0,
        "prize": 1.0,
        "loss": 0.0,
        "corrigibility": 0.0,
        "delay_takeover": 0.0,
        "delay_deal": 0.0,
        "discount": 1.0,
        "trust": 0.5,
        "salience": 1.0,
    }
    for budget, regime in [(0.5, "deal"), (float(np.nextafter(0.5, 0.0)), "takeover attempt")]:
        rows.append(
            (
                f"M1 deal iff x* <= G: x* = 0.5, G = {budget!r}",
                lambda b=budget: takeover.solve(budget=b, **tie),
                lambda r, g=regime: r.minimum_payment == 0.5 and r.regime == g,
            )
        )

    def compare_wiring() -> bool:
        lone = dm.World(instances=1, separability=0.5)
        n = 400
        c = dm.compare_specs(
            Spec(target=Disposition(myopia=0.9)), Spec(target=Disposition()), lone, n=n, seed=0
        )
        k = round(c.probability_a["takeover attempt"] * n)
        return c.probability_b["takeover attempt"] == 1.0 and c.difference_interval[
            "takeover attempt"
        ] == paired_newcombe_interval(k, 0, n - k, 0)

    rows.append(("compare_specs interval = paired Newcombe of its counts", compare_wiring, bool))
    return rows


def _is_clear(err: BaseException) -> bool:
    from dealmodels.errors import DealModelsError

    msg = str(err)
    # a package error that says what was wrong, not a bare name or number
    return isinstance(err, DealModelsError) and len(msg) >= 25 and " " in msg


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=int, default=10)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    import warnings

    warnings.simplefilter("ignore")
    signal.signal(signal.SIGALRM, _alarm)
    counts: Counter[str] = Counter()
    rows = []
    for label, call, check in _cases():
        signal.alarm(args.timeout)
        try:
            result = call()
            signal.alarm(0)
            if check is None:
                outcome, detail = "silent", repr(result)[:100]
            else:
                try:
                    ok = bool(check(result))
                except Exception as e:  # the check failed: a wrong value
                    ok = False
                    result = e
                outcome, detail = ("clear" if ok else "silent"), repr(result)[:100]
        except _Hang:
            outcome, detail = "hang", f"> {args.timeout} s"
        except Exception as e:  # classifying every failure is the point
            signal.alarm(0)
            outcome = "clear" if check is None and _is_clear(e) else "vague"
            detail = f"{type(e).__name__}: {str(e)[:140]}"
        counts[outcome] += 1
        rows.append((outcome, label, detail))
    for outcome, label, detail in rows:
        if args.verbose or outcome != "clear":
            print(f"{outcome:7s} {label}: {detail}")
    total = sum(counts.values())
    print(
        f"{total} calls: {counts['clear']} clear, {counts['vague']} vague, "
        f"{counts['silent']} silent, {counts['hang']} hang"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
