#!/usr/bin/env python
"""Benchmarks of autodiff_lessons against micrograd, HIPS autograd, PyTorch and hand-written numpy.

    python -m benchmarks.run                 # full run (8 min on 2 cores, 20 when busy)
    python -m benchmarks.run --quick         # small sizes, a smoke test (under a minute)
    python -m benchmarks.run --out benchmarks/results.md
    python -m benchmarks.run --only chain,mlp --profile

The run fails (exit status 1) when a peer's answer disagrees with the exact
one, or when autodiff_lessons fails.  The machinery is in harness.py, one
workload per file (chain, wide, mlp, jacobian, hessian, hvp), the targets in
goals.py.  benchmarks/README.md says what each benchmark measures and how to
read the tables.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from benchmarks import harness  # first: it limits BLAS threads before numpy loads
from benchmarks import chain, goals, hessian, hvp, jacobian, mlp, sir, wide  # noqa: E402
from benchmarks.harness import Report, Settings  # noqa: E402
from tools.engine import engine_stats  # noqa: E402

WORKLOADS = {"chain": chain, "wide": wide, "mlp": mlp, "jac": jacobian, "hessian": hessian, "hvp": hvp, "sir": sir}
PEER_PACKAGES = ["numpy", "micrograd", "autograd", "torch"]


def versions() -> str:
    found = []
    for name in PEER_PACKAGES:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} not installed")
    return ", ".join(found)


def limit_torch_threads() -> None:
    try:
        import torch
    except ImportError:
        return
    torch.set_num_threads(1)  # the other peers are single-threaded


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, for a CI smoke test (under a minute)")
    ap.add_argument("--out", help="also write the markdown report to this file")
    ap.add_argument("--only", default=",".join(WORKLOADS), help=f"comma-separated subset of {','.join(WORKLOADS)}")
    ap.add_argument("--clock", choices=["cpu", "wall"], default="cpu",
                    help="what the tables and goals read: CPU time of the process (default; robust on a busy "
                    "machine) or wall-clock time")
    ap.add_argument("--no-gc", action="store_true", help="disable the garbage collector for every peer while timing")
    ap.add_argument("--all-large", action="store_true", help="also run HIPS autograd at N=10^6 (~2 min, ~5 GB)")
    ap.add_argument("--profile", action="store_true", help="append a cProfile of autodiff_lessons on each workload")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    Settings.gc_enabled = not args.no_gc
    limit_torch_threads()
    if args.worker:
        print(json.dumps(harness.worker(json.loads(args.worker))))
        return 0
    Settings.quick, Settings.clock, Settings.all_large = args.quick, args.clock, args.all_large
    only = [name for name in args.only.split(",") if name]
    unknown = set(only) - set(WORKLOADS)
    if unknown:
        ap.error(f"unknown workload(s) {', '.join(sorted(unknown))}; choose from {', '.join(WORKLOADS)}")

    rep = Report()
    t_start = time.perf_counter()
    rep("# autodiff_lessons benchmarks" + (" (--quick)" if args.quick else ""))
    rep()
    rep(f"Python {platform.python_version()}, {versions()}, autodiff_lessons from the working tree; "
        f"{platform.machine()}, {os.cpu_count()} cores, load average at the start {os.getloadavg()[0]:.2f}; "
        f"BLAS threads {os.environ.get('OPENBLAS_NUM_THREADS')}, torch 1 thread; gc "
        f"{'enabled' if Settings.gc_enabled else 'disabled'} for every peer. Times are "
        f"{'CPU time of the process (time.process_time)' if Settings.clock == 'cpu' else 'wall-clock time'}, "
        "medians of calls made in turns, peer after peer, after one untimed call that checks the answer.")
    rep()
    stats = engine_stats.engine_stats()
    rep("## Engine size")
    rep()
    rep("```")
    for line in engine_stats.summary(stats):
        rep(line)
    rep("```")
    rep()
    results = {"stats": stats}
    for name in only:
        results[name] = WORKLOADS[name].run(rep)
    goals.report(rep, results)
    if Settings.cpu_total > 0:
        busy = Settings.wall_total / Settings.cpu_total
        rep(f"Wall-clock time ÷ CPU time over all timed calls: {busy:.2f}" + (
            ": other processes took the CPU for part of the run, so wall-clock times are inflated and ratios "
            "noisier." if busy > 1.25 else " (the machine was not contended)."))
        rep()
    if args.profile:
        harness.profile(rep, [job for name in only for job in WORKLOADS[name].profile_jobs()])
    rep(f"_Total run time {time.perf_counter() - t_start:.0f} s; load average at the end {os.getloadavg()[0]:.2f}._")
    if args.out:
        Path(args.out).write_text(rep.buf.getvalue(), encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    for failure in Settings.failures:
        print(f"error: {failure}", file=sys.stderr)
    return 1 if Settings.failures else 0


if __name__ == "__main__":
    sys.exit(main())
