"""Wall time and peak memory of the flagship report on the built-in default scenario.

Run: python benchmarks/bench_report.py [--repeat 1] [--jobs 2] [--scenario FILE]

Runs ``python -m dealmodels report`` (the README's main command) in a fresh process per repeat
and prints its wall time, CPU time (user + system, over the process and its workers) and peak
resident memory (the largest ``ru_maxrss`` of the process tree, as ``/usr/bin/time -v`` reports
it). Targets on a 2-core machine: under 10 s and under 600 MB. On a machine shared with other
work the wall time grows with the load; the CPU time does not, so both are printed, with the
load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(scenario: str | None, jobs: int) -> tuple[float, float, float]:
    """One report in a child process: wall seconds, CPU seconds, peak RSS in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory() as out:
        cmd = [sys.executable, "-m", "dealmodels", "report", "--out", out, "--no-progress"]
        cmd += ["--jobs", str(jobs)]
        if scenario:
            cmd.insert(4, scenario)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "MPLBACKEND": "Agg"})  # fmt: skip
        wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024  # ru_maxrss is in kB on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--scenario", default=None, help="a scenario file (default: built-in)")
    args = ap.parse_args()
    walls, cpus, peaks = [], [], []
    for _ in range(args.repeat):
        wall, cpu, peak = run_once(args.scenario, args.jobs)
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(peak)
    load = os.getloadavg()[0]
    print(f"dealmodels report ({args.scenario or 'default scenario'}, --jobs {args.jobs}, "
          f"{os.cpu_count()} cores, load average {load:.1f}, {args.repeat} run(s))")  # fmt: skip
    print(f"  wall time  {statistics.median(walls):7.2f} s   (target < 10 s on 2 idle cores)")
    print(f"  CPU time   {statistics.median(cpus):7.2f} s   (user + system, all processes)")
    print(f"  peak RSS   {max(peaks):7.0f} MB  (target < 600 MB)")


if __name__ == "__main__":
    main()
