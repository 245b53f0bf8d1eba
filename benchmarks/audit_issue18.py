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

Run: ``PYTHONPATH=src python benchmarks/audit_issue18.py [--timeout 10] [--verbose]``.
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
            lambda: pickle.loads(pickle.dumps(subgame_perfect(tree))).payoffs == (1, 0),
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

        json.dumps(mods.Environment().as_dict(), allow_nan=False)
        return True

    cases.append(("Environment().as_dict() strict JSON", strict_json, bool))
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
