"""The ``dealmodels`` command: the report, single solves, model listings and sweeps.

Usage::

    dealmodels report [SCENARIO.toml] [--out DIR] [--no-progress] [--jobs N]
    dealmodels models
    dealmodels solve MODEL [--PARAM VALUE ...] [--OPTION VALUE ...] [--DISPOSITION VALUE ...]
    dealmodels sweep MODEL --grid NAME=LOW:HIGH:N [--grid ...] [--PARAM VALUE ...] [--out FILE]
    dealmodels explore MODEL "CLAIM" [--over NAME,...] [--max-examples N] [--seed S] [--PARAM V]
    dealmodels solve MODEL --help       (the model's parameters, options and dispositions)

``MODEL`` is a key listed by ``dealmodels models`` (e.g. ``takeover-decision``) or a class
name. In ``solve`` and ``sweep``, ``--NAME VALUE`` sets a model parameter, a constructor
option (e.g. ``--utility cara``) or a :class:`~dealmodels.dispositions.Disposition` field
(e.g. ``--myopia 0.3`` sets ``discount = 0.7`` where a model reads it; an explicit parameter
value wins). ``--grid`` varies a parameter or a Disposition field (``--grid myopia=0:1:11``
varies ``discount``; the output gets a ``myopia`` column too); each name once.

Errors (bad values, unknown names, with a "did you mean" for near misses, an output that
cannot be written) print one line naming what is wrong and exit with status 2 (no
traceback).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["main"]


class _UsageError(Exception):
    """A command-line error: printed as one line, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    from dealmodels import __version__

    # no abbreviations: a model parameter --p must not be taken for --progress
    p = argparse.ArgumentParser(
        allow_abbrev=False,
        prog="dealmodels",
        description="Game-theoretic models of deals between AI developers and misaligned AIs.",
    )
    p.add_argument("--version", action="version", version=f"dealmodels {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    r = sub.add_parser(
        "report", help="write the HTML + Markdown report for a scenario", allow_abbrev=False
    )
    r.add_argument("scenario", nargs="?", help="scenario TOML file (default: built-in scenario)")
    r.add_argument("--out", default="report", help="output directory (default: report)")
    r.add_argument("--no-progress", action="store_true", help="no progress bar")
    r.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="worker processes (default: 2, or 1 on a single core)",
    )

    sub.add_parser("models", help="list the models and their parameters")

    help_text = "show this help; after MODEL, also the model's parameters and options"
    s = sub.add_parser(
        "solve",
        help="solve a model at one point and print the result",
        description="Solve MODEL; set values with --NAME VALUE (parameters, options such as "
        "--utility, or Disposition fields such as --myopia).",
        add_help=False,
        allow_abbrev=False,
    )
    s.add_argument("-h", "--help", action="store_true", help=help_text)
    s.add_argument("model", nargs="?", help="model key (see `dealmodels models`)")
    s.set_defaults(format_help=s.format_help)

    w = sub.add_parser(
        "sweep",
        help="solve a model over a grid and write CSV or Parquet",
        description="Sweep MODEL over --grid NAME=LOW:HIGH:N (repeatable; NAME a parameter "
        "or a Disposition field such as myopia); other --NAME VALUE pairs fix parameters, "
        "options or Disposition fields.",
        add_help=False,
        allow_abbrev=False,
    )
    w.add_argument("-h", "--help", action="store_true", help=help_text)
    w.add_argument("model", nargs="?", help="model key (see `dealmodels models`)")
    w.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="NAME=LOW:HIGH:N",
        help="a varied parameter or Disposition field (N evenly spaced values)",
    )
    w.set_defaults(format_help=w.format_help)
    w.add_argument("--out", help="output .csv or .parquet (default: CSV on stdout)")
    w.add_argument("--progress", action="store_true", help="show a progress bar")
    _explore_parser(sub)
    return p


def _pairs(extra: Sequence[str]) -> list[tuple[str, str]]:
    """``--name value`` / ``--name=value`` pairs from the arguments argparse did not know."""
    out = []
    i = 0
    while i < len(extra):
        tok = extra[i]
        if not tok.startswith("--") or tok == "--":
            raise _UsageError(f"expected --NAME VALUE; got {tok!r}")
        name = tok[2:]
        if "=" in name:
            name, value = name.split("=", 1)
        else:
            if i + 1 >= len(extra):
                raise _UsageError(f"--{name} needs a value")
            value = extra[i + 1]
            i += 1
        out.append((name.replace("-", "_"), value))
        i += 1
    return out


def _number(name: str, value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise _UsageError(f"{name} must be a number; got {name}={value!r}") from None


def _did_you_mean(name: str, choices: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or an empty string."""
    import difflib

    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _find_model(model_name: str | None) -> Any:
    from dealmodels.errors import InvalidParameterError
    from dealmodels.models import registry
    from dealmodels.report import find_model

    if model_name is None:
        raise _UsageError("give a MODEL (see `dealmodels models`)")
    try:
        return find_model(model_name)
    except InvalidParameterError as exc:
        # match whole keys, their words and class names: "takeovr" -> takeover-decision
        aliases: dict[str, str] = {}
        for key, cls in registry().items():
            for alias in (key, cls.__name__.lower(), *key.split("-")):
                aliases.setdefault(alias, key)
        wanted = model_name.strip().lower().replace("_", "-")
        hint = _did_you_mean(wanted, list(aliases))
        if hint:
            hint = f" (did you mean {aliases[hint.split(chr(39))[1]]!r}?)"
        raise _UsageError(f"{exc}{hint}") from None


def _build(
    model_name: str | None, pairs: Sequence[tuple[str, str]], *, varied: Sequence[str] = ()
) -> tuple[Any, dict[str, float], dict[str, float]]:
    """The model (with options from ``pairs``), the parameter values (explicit ones and
    those the disposition fields feed) and the disposition fields given.

    ``varied`` names the gridded parameters and fields: giving one of them a value too is
    refused.
    """
    from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition
    from dealmodels.report import model_options

    cls = _find_model(model_name)
    options = model_options(cls)
    params = [p.name for p in cls._parameter_list()]
    opts: dict[str, Any] = {}
    disp: dict[str, float] = {}
    values: dict[str, float] = {}
    seen: set[str] = set()
    for name, value in pairs:
        if name in seen:
            raise _UsageError(f"--{name} is given twice")
        seen.add(name)
        if name in varied:
            raise _UsageError(f"--{name} is both varied (--grid) and fixed")
        if name in params:
            values[name] = _number(name, value)
        elif name in options:
            opts[name] = value
        elif name in DISPOSITION_FIELDS:
            disp[name] = _number(name, value)
        else:
            known = [*params, *options, *DISPOSITION_FIELDS]
            raise _UsageError(
                f"{cls.__name__} has no parameter, option or disposition "
                f"{name!r}{_did_you_mean(name, known)}; parameters: "
                f"{', '.join(sorted(params))}; options: {', '.join(options) or 'none'}; "
                f"dispositions: {', '.join(DISPOSITION_FIELDS)}"
            )
    model = cls(None, **opts)
    if disp:
        import numpy as np

        from dealmodels.analysis._priors import to_model_values

        Disposition(**disp)  # validates the fields (e.g. trust in [0, 1])
        fed = to_model_values(model, {k: np.asarray(v) for k, v in disp.items()})
        values = {**{k: float(v) for k, v in fed.items()}, **values}  # explicit values win
    return model, values, disp


def _describe(key: str, cls: Any) -> None:
    """Print a model's key, summary, options, regimes and parameters."""
    from dealmodels.report import model_options

    opts = model_options(cls)
    doc = (cls.__doc__ or "").strip().split("\n")[0]
    print(f"{key}  ({cls.__name__}): {doc}")
    if opts:
        shown = ", ".join(
            f"--{k} (default {p.default!r})" for k, p in opts.items() if p.default is not None
        )
        print(f"  options: {shown}")
    print(f"  regimes: {', '.join(cls.regimes)}")
    for p in cls._parameter_list():
        default = "required" if p.default is None else f"default {p.default:g}"
        from_disp = f"; from disposition {p.disposition}" if p.disposition else ""
        print(f"    --{p.name:<22s} {p}  ({default}{from_disp}) {p.description}")


def _cmd_models() -> int:
    from dealmodels.models import registry

    for key, cls in registry().items():
        _describe(key, cls)
        print()
    return 0


def _cmd_help(args: argparse.Namespace) -> int:
    """``solve --help`` / ``sweep MODEL --help``: the usage, then the model's parameters."""
    from dealmodels.dispositions import DISPOSITION_FIELDS
    from dealmodels.report import model_key

    print(args.format_help())
    if args.model is not None:
        cls = _find_model(args.model)
        print()
        _describe(model_key(cls), cls)
        print(f"\n  Disposition fields (--NAME VALUE): {', '.join(DISPOSITION_FIELDS)}")
    return 0


def _cmd_solve(model_name: str, extra: Sequence[str]) -> int:
    import dataclasses

    import numpy as np

    from dealmodels.models._base import ModelResult

    model, values, _ = _build(model_name, _pairs(extra))
    result = model.solve(**values)
    print(f"{model.name}: {result.regime}")
    print(result.explanation)
    base = {f.name for f in dataclasses.fields(ModelResult)}
    rows = [(f.name, getattr(result, f.name)) for f in dataclasses.fields(result)]
    shown = [(k, v) for k, v in rows if k not in base and np.ndim(v) == 0]
    if shown:
        print("\noutputs:")
        for k, v in shown:
            print(f"  {k:<24s} {v}")
    print("\nvalues:")
    for k, v in result.values.items():
        print(f"  {k:<24s} {v}")
    return 0


def _grid(specs: Sequence[str]) -> dict[str, Any]:
    import numpy as np

    from dealmodels._validation import MAX_POINTS

    grid: dict[str, Any] = {}
    for spec in specs:
        name, sep, rng = spec.partition("=")
        parts = rng.split(":")
        if not sep or len(parts) != 3:
            raise _UsageError(f"--grid must be NAME=LOW:HIGH:N; got --grid {spec!r}")
        if name.replace("-", "_") in grid:
            raise _UsageError(f"--grid {name} is given twice; give each name once")
        lo, hi = _number(f"{name} low", parts[0]), _number(f"{name} high", parts[1])
        try:
            n = int(parts[2])
        except ValueError:
            raise _UsageError(f"--grid {name}: N must be an integer; got {parts[2]!r}") from None
        if not 1 <= n <= MAX_POINTS:
            raise _UsageError(f"--grid {name}: N must be in [1, {MAX_POINTS:,}]; got {n}")
        grid[name.replace("-", "_")] = np.linspace(lo, hi, n)
    if not grid:
        raise _UsageError("sweep needs at least one --grid NAME=LOW:HIGH:N")
    total = math.prod(len(v) for v in grid.values())
    if total > MAX_POINTS:
        shape = " x ".join(str(len(v)) for v in grid.values())
        raise _UsageError(
            f"--grid: the grid has {total:,} points ({shape}), more than {MAX_POINTS:,}; "
            "use fewer points per axis or several sweeps"
        )
    return grid


def _split_grid(model: Any, grid: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The grid over model parameters, and which Disposition field varies which parameter.

    A Disposition field in the grid varies the one parameter it feeds (e.g. ``myopia``
    varies ``discount = 1 - myopia``).
    """
    from dealmodels.analysis._priors import to_model_values
    from dealmodels.dispositions import DISPOSITION_FIELDS, Disposition

    params = model.parameters
    out: dict[str, Any] = {}
    fields: dict[str, str] = {}
    for name, values in grid.items():
        if name in params:
            out[name] = values
            continue
        if name not in DISPOSITION_FIELDS:
            known = [*params, *DISPOSITION_FIELDS]
            raise _UsageError(
                f"--grid {name}: {type(model).__name__} has no parameter or disposition "
                f"{name!r}{_did_you_mean(name, known)}; parameters: {', '.join(sorted(params))}"
            )
        for v in (values[0], values[-1]):
            Disposition(**{name: float(v)})  # validates the range (e.g. myopia in [0, 1])
        fed = to_model_values(model, {name: values})
        if len(fed) != 1:
            raise _UsageError(
                f"--grid {name}: {type(model).__name__} reads no parameter from the "
                f"disposition {name!r}"
            )
        ((pname, pvalues),) = fed.items()
        if pname in grid or pname in out:
            raise _UsageError(f"--grid {name} and --grid {pname} vary the same parameter")
        out[pname] = pvalues
        fields[name] = pname
    return out, fields


def _with_fields(df: Any, grid: dict[str, Any], fields: dict[str, str]) -> Any:
    """Insert a column per gridded Disposition field, before the parameter it varies.

    The sweep's rows are the grid's product with the last name varying fastest, so the same
    product of the values the user gave yields the fields' columns.
    """
    import numpy as np

    mesh = np.meshgrid(*[np.asarray(v, dtype=float) for v in grid.values()], indexing="ij")
    columns = {name: m.ravel() for name, m in zip(grid, mesh, strict=True)}
    for name, pname in fields.items():
        df.insert(int(df.columns.get_loc(pname)), name, columns[name])
    return df


def _cmd_sweep(args: argparse.Namespace, extra: Sequence[str]) -> int:
    from dealmodels.analysis import sweep

    grid = _grid(args.grid)
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in (".csv", ".parquet"):
        raise _UsageError(f"--out must end in .csv or .parquet; got {str(out)!r}")
    if out is not None:
        _check_writable(out)
    if out is not None and out.suffix.lower() == ".parquet":
        import importlib.util

        if importlib.util.find_spec("pyarrow") is None:
            raise _UsageError(
                "writing Parquet needs pyarrow: python -m pip install 'dealmodels[analysis]' "
                "(or write .csv instead)"
            )
    model, values, _ = _build(args.model, _pairs(extra), varied=list(grid))
    param_grid, fields = _split_grid(model, grid)
    df = sweep(model, param_grid, fixed=values, progress=args.progress)
    df = _with_fields(df, grid, fields)
    if out is None:
        df.to_csv(sys.stdout, index=False)
    else:
        try:
            if out.suffix.lower() == ".csv":
                df.to_csv(out, index=False)
            else:
                df.to_parquet(out, index=False)
        except OSError as exc:
            raise _UsageError(f"cannot write --out {out}: {exc.strerror or exc}") from None
    if out is not None:
        print(f"wrote {len(df):,} rows to {out}", file=sys.stderr)
    return 0


def _check_writable(out: Path) -> None:
    """Refuse an output file that cannot be written, before any work."""
    parent = out.parent
    if out.is_dir():
        raise _UsageError(f"cannot write --out {out}: it is a directory")
    if not parent.is_dir():
        raise _UsageError(f"cannot write --out {out}: the directory {parent} does not exist")
    if not os.access(parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise _UsageError(f"cannot write --out {out}: permission denied")


def _cmd_report(args: argparse.Namespace) -> int:
    from dealmodels.report import build_report

    # an --out folder that cannot be made fails as soon as the scenario is read, with an
    # OSError that main prints as one line
    result = build_report(args.scenario, args.out, progress=not args.no_progress, jobs=args.jobs)
    print(
        f"wrote {result.index} and {result.markdown} ({len(result.images)} figures) "
        f"in {result.seconds:.1f} s"
    )
    return 0


# -- explore: a claim about a model, proved or searched -----------------------------------------
_CLAIM_FORMS = (
    '"OUTPUT increasing in NAME", "OUTPUT strictly decreasing in NAME", '
    '"never REGIME", "never REGIME where OUTPUT", "OUTPUT implies OUTPUT", "OUTPUT >= NUMBER"'
)


def _explore_parser(sub: Any) -> None:
    e = sub.add_parser(
        "explore",
        help="check a claim about a model: proved by sympy or searched by hypothesis",
        description="Check CLAIM over MODEL's parameter domains; a counterexample is shrunk and "
        f"printed (exit status 1). Claims: {_CLAIM_FORMS}. Other --NAME VALUE pairs fix "
        "parameters, options (--utility cara) or Disposition fields.",
        allow_abbrev=False,
    )
    e.add_argument("model", help="model key (see `dealmodels models`)")
    e.add_argument("claim", help="the claim, quoted")
    e.add_argument(
        "--over", help="comma-separated names to vary (parameters or Disposition fields)"
    )
    e.add_argument("--max-examples", type=int, default=1000, help="points to try (default 1000)")
    e.add_argument("--seed", type=int, help="hypothesis seed (default: fresh, printed)")


def _parse_claim(text: str) -> tuple[str, dict[str, Any]]:
    """A claim's text as the explore function to call and its arguments."""
    import re

    words = text.strip()
    m = re.fullmatch(r"(\w+)\s+(strictly\s+)?(increasing|decreasing)\s+in\s+(\w+)", words)
    if m:
        return "monotone", {
            "output": m.group(1),
            "parameter": m.group(4),
            "direction": m.group(3),
            "strict": bool(m.group(2)),
        }
    m = re.fullmatch(r"never\s+(.+?)(?:\s+where\s+(\w+))?", words)
    if m:
        return "never", {"regime": m.group(1), "where": m.group(2)}
    m = re.fullmatch(r"(\w+)\s+implies\s+(\w+)", words)
    if m:
        return "implies", {"premise": m.group(1), "conclusion": m.group(2)}
    m = re.fullmatch(r"(\w+)\s*(>=|<=|>|<)\s*(\S+)", words)
    if m:
        return "bound", {"output": m.group(1), "op": m.group(2), "bound": m.group(3)}
    raise _UsageError(f"claim must be one of {_CLAIM_FORMS}; got claim={text!r}")


def _cmd_explore(args: argparse.Namespace, extra: Sequence[str]) -> int:
    import operator

    from dealmodels import explore

    kind, kw = _parse_claim(args.claim)
    model, fixed, _ = _build(args.model, _pairs(extra))
    over = None if args.over is None else [n.strip() for n in args.over.split(",") if n.strip()]
    run = {"fixed": fixed, "max_examples": args.max_examples, "seed": args.seed, "over": over}
    if kind == "monotone":
        result = explore.monotone(model, **kw, **run)
    elif kind == "never":
        result = explore.never(model, **kw, **run)
    elif kind == "implies":
        result = explore.implies(model, **kw, **run)
    else:
        name, op = kw["output"], kw["op"]
        bound = _number("bound", kw["bound"])
        explore._output_kind(model, name, "output")
        compare = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}[op]

        def within(r: Any) -> bool:
            return bool(compare(float(getattr(r, name)), bound))

        result = explore.claim(model, within, description=f"{name} {op} {bound:g}", **run)
    print(result)
    if result.counterexample is not None:
        print("\nvalues at the counterexample:")
        for k, v in result.counterexample.values.items():
            print(f"  {k:<24s} {v}")
    return 0 if result.holds else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 a claim has a counterexample,
    2 usage or input error).

    Examples
    --------
    >>> main(["solve", "takeover-decision", "--p", "0.1", "--trust", "0.9"])  # doctest: +ELLIPSIS
    takeover decision: deal
    ...
    0
    """
    from dealmodels.errors import DealModelsError

    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    try:
        if args.command in ("report", "models") and extra:
            raise _UsageError(f"unrecognized arguments: {' '.join(extra)}")
        if args.command == "report":
            return _cmd_report(args)
        if args.command == "models":
            return _cmd_models()
        if getattr(args, "help", False):
            return _cmd_help(args)
        if args.command == "solve":
            return _cmd_solve(args.model, extra)
        if args.command == "explore":
            return _cmd_explore(args, extra)
        return _cmd_sweep(args, extra)
    except (_UsageError, DealModelsError) as exc:
        print(f"dealmodels {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:
        print(f"dealmodels {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # e.g. an output that cannot be written (after BrokenPipeError)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"dealmodels {args.command}: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
