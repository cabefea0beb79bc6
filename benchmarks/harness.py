"""What every benchmark shares: clocks, checking answers, timing peers side by side, subprocesses, the report.

A *workload* is a module of this package (``chain.py``, ``mlp.py``, ...) with

* ``RUNNERS``: a mapping from peer name to ``make(size)``, which returns a
  zero-argument function doing the whole job once (build the graph, get the
  derivative) and returning the derivative;
* ``reference(size)``: the exact answer every peer is compared with, and
  ``TOLERANCE = (rtol, atol)``;
* ``CHECK_SIZE``: the largest size at which every peer is checked before any
  timing (the check costs a full call, so large sizes are checked at this
  size first, and then every timed call's answer is checked too);
* ``run(report)``: runs its sizes with :func:`compare` and writes its section
  of the report, returning its measurements for the goals.

Peers are imported inside their runners, so a missing one only blanks its column.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import importlib
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

# One BLAS/OpenMP thread for every peer (torch is set to 1 thread too): on a small
# shared machine, spinning BLAS threads made numpy timings swing 1 ms <-> 40 ms.
# Must happen before numpy is imported; an explicit setting in the environment wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SUBPROCESS_TIMEOUT = 900.0

Result = dict[str, Any]  # {"cpu": [s, ...], "wall": [s, ...]} or {"error": "..."}


class Settings:
    """Choices made on the command line, the same for every peer."""

    quick = False
    gc_enabled = True
    clock = "cpu"  # which clock the tables and goals read: "cpu" (process time) or "wall"
    all_large = False
    # Sums over every timed call, to tell how busy the machine was.
    wall_total = 0.0
    cpu_total = 0.0
    # Wrong answers of any peer, and any failure of ours: the run exits with status 1.
    failures: list[str] = []


# ----------------------------------------------------------------------------
# Checking answers
# ----------------------------------------------------------------------------


def flat(answer: Any) -> np.ndarray:
    """Any answer (a number, an array, a tuple of arrays) as one flat float array."""
    if isinstance(answer, (tuple, list)):
        parts = [flat(a) for a in answer]
        return np.concatenate(parts) if parts else np.zeros(0)
    if hasattr(answer, "detach"):  # a torch tensor
        answer = answer.detach().numpy()
    return np.ravel(np.asarray(answer, dtype=np.float64))


def mismatch(answer: Any, expected: Any, tolerance: tuple[float, float]) -> str | None:
    """None if ``answer`` agrees with ``expected``, else a short description of how it differs."""
    got, want = flat(answer), flat(expected)
    if got.shape != want.shape:
        return f"wrong answer: {got.size} numbers, expected {want.size}"
    rtol, atol = tolerance
    if not np.allclose(got, want, rtol=rtol, atol=atol):
        return f"wrong answer: max |diff| {float(np.max(np.abs(got - want))):.2g}"
    return None


def max_diff(answer: Any, expected: Any) -> float:
    return float(np.max(np.abs(flat(answer) - flat(expected)), initial=0.0))


def allow_micrograd(n: int) -> None:
    """Let micrograd's recursive topological sort (about 3 frames per node) reach n nodes."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * n + 10_000))


def short_error(exc: BaseException) -> str:
    if isinstance(exc, ImportError):
        return "not installed"
    if isinstance(exc, (RecursionError, MemoryError)):
        return type(exc).__name__
    return f"{type(exc).__name__}: {str(exc)[:50]}"


# ----------------------------------------------------------------------------
# Timing
# ----------------------------------------------------------------------------


def _timed_call(run: Callable[[], Any]) -> tuple[float, float, Any]:
    """One call of ``run`` after a collection: (cpu seconds, wall seconds, answer)."""
    gc.collect()
    if Settings.gc_enabled:
        gc.enable()
    else:
        gc.disable()
    c0, w0 = time.process_time(), time.perf_counter()
    try:
        answer = run()
    finally:
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        gc.enable()
    Settings.cpu_total += cpu
    Settings.wall_total += wall
    return cpu, wall, answer


def time_side_by_side(runs: dict[str, Callable[[], Any]], repeats: int, budget: float,
                      expected: Any = None, tolerance: tuple[float, float] = (0.0, 0.0)) -> dict[str, Result]:
    """Time every run in turns (one call each per round), so a change in the machine's load hits all alike.

    A run whose calls take long gets fewer of them: as many as fit in ``budget``
    seconds, at least one.  Every answer is compared with ``expected`` (unless
    it is None); a wrong one replaces the times by an error.
    """
    results: dict[str, Result] = {peer: {"cpu": [], "wall": []} for peer in runs}
    wanted = {peer: repeats for peer in runs}
    while any(len(results[p]["cpu"]) < wanted[p] for p in runs if "error" not in results[p]):
        for peer, run in runs.items():
            res = results[peer]
            if "error" in res or len(res["cpu"]) >= wanted[peer]:
                continue
            try:
                cpu, wall, answer = _timed_call(run)
            except Exception as exc:  # noqa: BLE001 - report, don't die
                results[peer] = {"error": short_error(exc)}
                continue
            wrong = None if expected is None else mismatch(answer, expected, tolerance)
            difference = None if wrong or expected is None else max_diff(answer, expected)
            del answer  # freed now, not while the next peer is timed
            if wrong:
                results[peer] = {"error": wrong}
                continue
            res["cpu"].append(cpu)
            res["wall"].append(wall)
            if difference is not None:
                res["max_diff"] = max(res.get("max_diff", 0.0), difference)
            if len(res["cpu"]) == 1:
                wanted[peer] = max(1, min(repeats, int(budget / max(cpu, wall, 1e-9))))
    return results


def compare(workload: Any, size: Any, *, peers: list[str] | None = None, repeats: int = 5,
            budget: float = 20.0, isolated: tuple[str, ...] = ()) -> dict[str, Result]:
    """Check every peer's answer, then time the peers that got it right, side by side.

    Peers in ``isolated`` run in a fresh interpreter each (large graphs that may
    exhaust memory or the recursion limit); the others run here, in turns.
    """
    peers = list(workload.RUNNERS) if peers is None else peers
    name = workload.__name__.rsplit(".", 1)[-1]
    check_size = workload.check_size(size)
    expected = workload.reference(check_size)
    results: dict[str, Result] = {}
    for peer in peers:  # every answer is checked before anything is timed
        progress(f"{name} {peer} {size}: check at {check_size}")
        try:
            answer = workload.RUNNERS[peer](check_size)()
        except Exception as exc:  # noqa: BLE001
            results[peer] = {"error": short_error(exc)}
            continue
        wrong = mismatch(answer, expected, workload.TOLERANCE)
        if wrong:
            results[peer] = {"error": wrong}
    ok = [p for p in peers if p not in results]
    for peer in ok:
        if peer in isolated:
            progress(f"{name} {peer} {size}: subprocess")
            results[peer] = run_isolated(name, peer, size, repeats, budget)
    here = [p for p in ok if p not in isolated]
    if here:
        progress(f"{name} {', '.join(here)} {size}: timing")
        expected = expected if check_size == size else workload.reference(size)
        runs = {}
        for peer in here:
            try:
                runs[peer] = workload.RUNNERS[peer](size)
            except Exception as exc:  # noqa: BLE001
                results[peer] = {"error": short_error(exc)}
        results.update(time_side_by_side(runs, repeats, budget, expected, workload.TOLERANCE))
    for peer in peers:
        error = results[peer].get("error", "")
        if error.startswith("wrong answer") or (error and peer.startswith("ours")):
            Settings.failures.append(f"{name} {peer} at {size}: {error}")
    return {peer: results[peer] for peer in peers}


# ----------------------------------------------------------------------------
# Subprocesses: one peer, one size, in a fresh interpreter
# ----------------------------------------------------------------------------


def release_memory() -> None:
    """Hand the memory this process freed back to the system, where C's allocator allows it (glibc).

    Without this, a subprocess's time depended on what ran before it: ours
    at N = 10^6 took 10.5 s in a subprocess started after the 10^5 runs (the
    parent kept 694 MB it had freed) and 8.2 s once that memory was given
    back.  Our reading: in a virtual machine, memory the guest has not used
    before can cost a host fault at its first touch.
    """
    gc.collect()
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        pass


def run_isolated(workload: str, peer: str, size: Any, repeats: int, budget: float) -> Result:
    """Run ``worker`` in a fresh interpreter; map its failures to a short word."""
    spec = {"workload": workload, "peer": peer, "size": size, "repeats": repeats, "budget": budget,
            "gc": Settings.gc_enabled}
    release_memory()
    try:
        proc = subprocess.run([sys.executable, "-m", "benchmarks.run", "--worker", json.dumps(spec)], cwd=ROOT,
                              capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout (> {SUBPROCESS_TIMEOUT:.0f} s)"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode == 0 and lines:
        res = json.loads(lines[-1])
        Settings.cpu_total += sum(res.get("cpu", []))
        Settings.wall_total += sum(res.get("wall", []))
        return res
    if proc.returncode < 0:
        return {"error": f"crash (signal {-proc.returncode})"}
    tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
    return {"error": "RecursionError" if "RecursionError" in tail else f"crash ({tail[:60]})"}


def worker(spec: dict[str, Any]) -> Result:
    """The subprocess side: warm up and check at the check size, then time at the full size."""
    Settings.gc_enabled = spec["gc"]
    workload = importlib.import_module(f"benchmarks.{spec['workload']}")
    make, size = workload.RUNNERS[spec["peer"]], spec["size"]
    try:
        small = workload.check_size(size)
        wrong = mismatch(make(small)(), workload.reference(small), workload.TOLERANCE)
        if wrong:
            return {"error": wrong}
        expected = workload.reference(size)
        res = time_side_by_side({"peer": make(size)}, spec["repeats"], spec["budget"], expected, workload.TOLERANCE)
        return res["peer"]
    except Exception as exc:  # noqa: BLE001
        return {"error": short_error(exc)}


# ----------------------------------------------------------------------------
# The report
# ----------------------------------------------------------------------------


def t_of(res: Result | None) -> float | None:
    """Median time of a result on the chosen clock, or None if it failed."""
    return statistics.median(res[Settings.clock]) if res and Settings.clock in res and res[Settings.clock] else None


def fmt_time(t: float | None) -> str:
    if t is None:
        return "–"
    if t < 1e-3:
        return f"{t * 1e6:.1f} µs"
    if t < 1:
        return f"{t * 1e3:.2f} ms"
    return f"{t:.2f} s"


def fmt_ratio(a: float | None, b: float | None) -> str:
    return "–" if a is None or not b else f"{a / b:.2f}x"


def cell(res: Result | None, per: float = 1.0) -> str:
    """A table cell: the median time (divided by ``per``), or what went wrong."""
    if res is None:
        return "–"
    if "error" in res:
        return res["error"]
    return fmt_time(t_of(res) / per)


class Report:
    """Markdown printed as it is written, and kept for ``--out``."""

    def __init__(self) -> None:
        self.buf = io.StringIO()

    def __call__(self, text: str = "") -> None:
        print(text, flush=True)
        self.buf.write(text + "\n")

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        self("| " + " | ".join(header) + " |")
        self("|" + "|".join("---" for _ in header) + "|")
        for r in rows:
            self("| " + " | ".join(r) + " |")
        self()


def peer_table(times: dict[Any, dict[str, Result]], labels: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a table with one row per peer and, for each size, its time and ours ÷ its time."""
    header = ["implementation"]
    for size in times:
        header += [f"n = {size:,}", f"ours ÷ this (n = {size:,})"]
    rows = []
    for peer, label in labels.items():
        row = [label]
        for res in times.values():
            row += [cell(res[peer]), fmt_ratio(t_of(res["ours"]), t_of(res[peer]))]
        rows.append(row)
    return header, rows


def progress(msg: str) -> None:
    print(f"  .. {msg}", file=sys.stderr, flush=True)


def profile(rep: Report, jobs: list[tuple[str, Callable[[], Any]]], top: int = 12) -> None:
    """A cProfile of each job (one untimed call first), top functions by own CPU time."""
    import cProfile
    import pstats

    rep(f"## Profile of autodiff_lessons (cProfile on CPU time, top {top} by own time)")
    rep()
    rep("cProfile's own cost per Python call inflates every function it times: compare the functions' shares, "
        "not the totals with the tables above.")
    rep()
    for name, run in jobs:
        run()
        pr = cProfile.Profile(time.process_time)
        pr.enable()
        run()
        pr.disable()
        s = io.StringIO()
        pstats.Stats(pr, stream=s).sort_stats("tottime").print_stats(top)
        lines = [ln for ln in s.getvalue().splitlines() if ln.strip()]
        start = next(i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls"))
        rep(f"### {name}")
        rep("```")
        for ln in lines[start - 1: start + top + 1]:
            rep(ln.replace(str(ROOT) + "/", "").replace(sys.prefix, "<venv>"))
        rep("```")
        rep()
