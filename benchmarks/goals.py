"""The targets of issue 9 (item 8, speed with the plain engine; item 7, line budgets), judged on one run's numbers.

Each goal reads the measurements the workloads returned and gives rows of
(goal, what was measured, True / False / None for "not measured").
"""

from __future__ import annotations

from typing import Any, Iterator

from .harness import Report, Settings, fmt_time, t_of

Row = tuple[str, str, "bool | None"]

CHAIN_VS_MICROGRAD = {300: 1.0, 1000: 1.0, 10_000: 0.2, 100_000: 0.2, 1_000_000: 0.2}
CHAIN_1E6_SECONDS = 10.0
BYTES_PER_NODE = 300
MLP_VS_NUMPY = 1.3


def chain_goals(chain: dict[str, Any]) -> Iterator[Row]:
    times = chain["times"]
    for n, most in CHAIN_VS_MICROGRAD.items():
        goal = f"chain N = {n:,}: ours ≤ {most}x micrograd"
        if n not in chain["sizes"]:
            yield goal, "not measured (--quick)", None
            continue
        ours, micrograd = times["ours", n], times["micrograd", n]
        if t_of(ours) is None or t_of(micrograd) is None:
            yield goal, f"ours: {ours.get('error', 'ok')}; micrograd: {micrograd.get('error', 'ok')}", \
                False if t_of(ours) is None else None
            continue
        ratio = t_of(ours) / t_of(micrograd)
        yield goal, f"{ratio:.2f}x ({fmt_time(t_of(ours))} vs {fmt_time(t_of(micrograd))})", ratio <= most
    goal = f"chain N = 10^6 under {CHAIN_1E6_SECONDS:g} s"
    big = times.get(("ours", 1_000_000))
    if big is None:
        yield goal, "not measured (--quick)", None
    elif t_of(big) is None:
        yield goal, big["error"], False
    else:
        wall = f"; wall clock {fmt_time(max(big['wall']))}" if Settings.clock == "cpu" else ""
        yield goal, f"{fmt_time(t_of(big))}{wall}", t_of(big) < CHAIN_1E6_SECONDS
    mem = chain["memory"].get("ours", {})
    yield (f"chain: ≤ {BYTES_PER_NODE} bytes per node",
           mem.get("error") or f"{mem['per_node']:.0f} B/node ({mem['nodes']:,} nodes)",
           None if "error" in mem else mem["per_node"] <= BYTES_PER_NODE)


def mlp_goals(mlp: dict[str, Any]) -> Iterator[Row]:
    ours, numpy = t_of(mlp["times"]["ours"]), t_of(mlp["times"]["numpy"])
    goal = f"MLP step ≤ {MLP_VS_NUMPY}x hand-written numpy"
    if ours is None or numpy is None:
        yield goal, mlp["times"]["ours"].get("error", "numpy failed"), False
    else:
        yield goal, f"{ours / numpy:.2f}x ({fmt_time(ours)} vs {fmt_time(numpy)})", ours / numpy <= MLP_VS_NUMPY


def ratio_rows(what: str, measured: dict[str, Any]) -> Iterator[Row]:
    """Ours ÷ every other peer at every n: reported, no target."""
    for n, res in measured["times"].items():
        ours = t_of(res["ours"])
        parts = [f"{peer} {ours / t_of(r):.2f}x" if ours and t_of(r) else f"{peer} {r.get('error', '–')}"
                 for peer, r in res.items() if peer != "ours"]
        yield f"{what} n = {n:,}: ours ÷ peer (reported)", ", ".join(parts), None


def budget_goals(stats: dict[str, Any]) -> Iterator[Row]:
    engine = ", ".join(f"{name} {n}" for name, n in stats["engine"].items())
    yield (f"core.py + forward.py + reverse.py ≤ {stats['engine_budget']} lines of code",
           f"{stats['engine_total']} ({engine})", stats["engine_ok"])
    yield (f"rules.py ≤ {stats['rules_budget']:g} lines of code per primitive",
           f"{stats['rules_per_primitive']:.2f} ({stats['rules_lines']} lines, {len(stats['primitives'])} primitives)",
           stats["rules_ok"])


def report(rep: Report, results: dict[str, Any]) -> None:
    rows: list[Row] = []
    if "chain" in results:
        rows += chain_goals(results["chain"])
    if "mlp" in results:
        rows += mlp_goals(results["mlp"])
    if "hessian" in results:
        rows += ratio_rows("Hessian", results["hessian"])
    if "hvp" in results:
        rows += ratio_rows("Hessian-vector product", results["hvp"])
    if "stats" in results:
        rows += budget_goals(results["stats"])
    rep("## Goals (issue 9)")
    rep()
    rep.table(["goal", "measured", "result"],
              [[g, m, "–" if ok is None else "PASS" if ok else "**FAIL**"] for g, m, ok in rows])
