"""Speed and peak memory of reading large Gambit files (``.nfg`` and ``.efg``).

Run: python benchmarks/bench_io.py [--mb 50] [--keep DIR]

Writes, in a temporary directory, files of about ``--mb`` megabytes:

* ``int.nfg``: a two-player game with integer payoffs in [-99, 99] (payoff version, as
  ``write_gambit`` writes it), read exactly (the default) and as floats;
* ``float.nfg``: the same shape class with random float payoffs (17 significant digits),
  read exactly and as floats;
* ``tree.efg``: a random binary tree with integer payoffs, read exactly;
* truncated copies of each (cut at 60 % of the file, in the middle of a line), where the
  time to the error and its message are reported.

Every read runs in a fresh interpreter under ``/usr/bin/time -v``, which gives the peak
resident memory ("Maximum resident set size"); the time is measured inside the child around
the ``read_gambit`` call only, as wall time and as CPU time (the machine may be shared). The
baseline line is the same interpreter importing dealmodels
and reading a tiny file, so the difference is what the read costs. pygambit, when installed,
reads the same files in the same way for comparison (each read stopped after
``--pygambit-limit`` seconds).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

CHILD = r"""
import sys, time
from dealmodels.io.gambit import read_gambit
path, kind = sys.argv[1], sys.argv[2]
t0, c0 = time.perf_counter(), time.process_time()
try:
    game = read_gambit(path, kind=kind)
    what = f"ok {getattr(game, 'shape', None) or getattr(game, 'n_nodes', '')}"
except ValueError as exc:
    what = f"error: {str(exc)[:110]}"
print(f"{time.perf_counter() - t0:.3f}", f"{time.process_time() - c0:.3f}", what)
"""

PYGAMBIT = r"""
import sys, time
import pygambit
t0, c0 = time.perf_counter(), time.process_time()
game = pygambit.read_nfg(sys.argv[1]) if sys.argv[1].endswith("nfg") else pygambit.read_efg(
    sys.argv[1])
print(f"{time.perf_counter() - t0:.3f}", f"{time.process_time() - c0:.3f}", "ok")
"""


def run(code: str, *args: str, limit: float | None = None) -> tuple[float, float, float, str]:
    """Wall and CPU seconds, peak MB and the child's message for one read (fresh process)."""
    proc = subprocess.Popen(
        ["/usr/bin/time", "-v", sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group: a timeout stops the reader too
    )
    try:
        stdout, stderr = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return float("nan"), float("nan"), float("nan"), f"did not finish in {limit:g} s"
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    peak = int(m.group(1)) / 1024 if m else float("nan")
    out = stdout.strip()
    if proc.returncode != 0 or not out:
        return float("nan"), float("nan"), peak, "FAILED: " + stderr.strip().splitlines()[-1]
    seconds, cpu, message = out.split(" ", 2)
    return float(seconds), float(cpu), peak, message


def nfg_text(rows: int, cols: int, payoffs: np.ndarray, fmt: str) -> str:
    row_labels = " ".join(f'"r{i}"' for i in range(rows))
    col_labels = " ".join(f'"c{j}"' for j in range(cols))
    head = (
        f'NFG 1 R "bench" {{ "row" "col" }}\n{{ {{ {row_labels} }} {{ {col_labels} }} }}\n""\n\n'
    )
    flat = payoffs.reshape(-1, 2)  # one profile per line, both players' payoffs
    body = "\n".join(fmt % (a, b) for a, b in flat.tolist())
    return head + body + "\n"


def make_files(folder: Path, mb: float) -> dict[str, Path]:
    rng = np.random.default_rng(0)
    files = {}
    # integer payoffs: "-37 81\n" is about 7 characters per profile
    n_prof = int(mb * 1e6 / 7)
    rows = int(np.sqrt(n_prof))
    cols = n_prof // rows
    ints = rng.integers(-99, 100, size=(rows * cols, 2))
    files["int.nfg"] = folder / "int.nfg"
    files["int.nfg"].write_text(nfg_text(rows, cols, ints, "%d %d"), encoding="utf-8")
    # float payoffs: about 38 characters per profile
    n_prof = int(mb * 1e6 / 38)
    rows = int(np.sqrt(n_prof))
    cols = n_prof // rows
    floats = rng.random((rows * cols, 2))
    files["float.nfg"] = folder / "float.nfg"
    files["float.nfg"].write_text(nfg_text(rows, cols, floats, "%r %r"), encoding="utf-8")
    # a binary tree: about 30 characters per node
    from dealmodels.games.extensive_form import GameTree, decision
    from dealmodels.io.efg import write_efg

    depth = max(2, int(np.log2(mb * 1e6 / 30)))
    leaves = iter(rng.integers(0, 1000, size=(2**depth, 2)).tolist())

    def node(d: int, p: int) -> object:
        if d == 0:
            return tuple(next(leaves))
        return decision(("A", "B")[p], {"L": node(d - 1, 1 - p), "R": node(d - 1, 1 - p)})

    tree = GameTree.build(["A", "B"], node(depth, 0))  # type: ignore[arg-type]
    files["tree.efg"] = folder / "tree.efg"
    files["tree.efg"].write_text(write_efg(tree), encoding="utf-8")
    for name in list(files):
        data = files[name].read_bytes()
        cut = data[: int(len(data) * 0.6)]
        cut = cut[: cut.rfind(b"\n") + 4]  # a few characters into the next line
        stem, ext = name.split(".")
        files[f"{stem}-truncated.{ext}"] = folder / f"{stem}-truncated.{ext}"
        files[f"{stem}-truncated.{ext}"].write_bytes(cut)
    tiny = folder / "tiny.nfg"
    tiny.write_text('NFG 1 R "" { "a" "b" } { 1 1 }\n1 2\n', encoding="utf-8")
    files["tiny.nfg"] = tiny
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=50.0, help="target file size in MB")
    ap.add_argument("--keep", help="write the files here and keep them")
    ap.add_argument(
        "--pygambit-limit", type=float, default=60.0, help="seconds allowed per pygambit read"
    )
    args = ap.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    try:
        files = make_files(folder, args.mb)
        _, _, base, _ = run(CHILD, str(files["tiny.nfg"]), "exact")
        print(f"baseline (import + tiny file): {base:7.0f} MB peak")
        print(
            f"{'file':<22s} {'MB':>6s} {'kind':<6s} {'wall s':>7s} {'CPU s':>7s} {'peak MB':>8s}"
            "  result"
        )
        cases = [
            ("int.nfg", "exact"),
            ("int.nfg", "float"),
            ("float.nfg", "exact"),
            ("float.nfg", "float"),
            ("tree.efg", "exact"),
            ("int-truncated.nfg", "exact"),
            ("float-truncated.nfg", "float"),
            ("tree-truncated.efg", "exact"),
        ]
        have_pygambit = shutil.which("python") is not None and (
            subprocess.run(
                [sys.executable, "-c", "import pygambit"], capture_output=True, check=False
            ).returncode
            == 0
        )
        for name, kind in cases:
            path = files[name]
            size = path.stat().st_size / 1e6
            t, cpu, peak, msg = run(CHILD, str(path), kind)
            print(f"{name:<22s} {size:6.1f} {kind:<6s} {t:7.2f} {cpu:7.2f} {peak:8.0f}  {msg}")
            if have_pygambit and "truncated" not in name:
                tg, cg, pg, gmsg = run(PYGAMBIT, str(path), limit=args.pygambit_limit)
                print(
                    f"{'  pygambit':<22s} {size:6.1f} {'':<6s} {tg:7.2f} {cg:7.2f} {pg:8.0f}  "
                    f"{gmsg}; dealmodels / pygambit CPU time: {cpu / cg:.2f}"
                )
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
