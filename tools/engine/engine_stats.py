"""Count the lines of the engine that issue 9 budgets (``make stats``).

    python -m tools.engine.engine_stats

Two budgets:

* the code a student reads to understand both modes, ``core.py`` +
  ``forward.py`` + ``reverse.py``, is at most 300 lines of code together;
* ``rules.py`` averages at most 3 lines of code per primitive.

A line of code holds at least one token of code: blank lines, comment lines
and docstring lines do not count.  Docstrings are found with ``ast`` (every
string that stands alone as a statement), the rest with ``tokenize``.  The
primitives are counted by looking, not by reading: every
:class:`autodiff_lessons.core.Primitive` bound to a name in the ``rules``
module, each object once.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "autodiff_lessons"
ENGINE_FILES = ("core.py", "forward.py", "reverse.py")
ENGINE_BUDGET = 300
RULES_BUDGET_PER_PRIMITIVE = 3.0

# Tokens that are not code: a line holding only these is not a line of code.
_NOT_CODE = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
             tokenize.DEDENT, tokenize.ENDMARKER, tokenize.ENCODING}


def code_lines(source: str) -> int:
    """The number of lines of ``source`` holding code (not blank, comment or docstring)."""
    docstring_lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            docstring_lines.update(range(node.lineno, node.end_lineno + 1))
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in _NOT_CODE:
            lines.update(range(token.start[0], token.end[0] + 1))  # a token may span lines
    return len(lines - docstring_lines)


def primitive_names() -> list[str]:
    """Names of the primitives of ``autodiff_lessons.rules``, one per primitive object."""
    from autodiff_lessons import core, rules

    names: dict[int, str] = {}
    for name, value in vars(rules).items():
        if isinstance(value, core.Primitive):
            names.setdefault(id(value), name)
    return sorted(names.values())


def engine_stats() -> dict[str, object]:
    """Every count the budgets need, and whether each budget holds."""
    engine = {name: code_lines((PACKAGE / name).read_text(encoding="utf-8")) for name in ENGINE_FILES}
    rules_lines = code_lines((PACKAGE / "rules.py").read_text(encoding="utf-8"))
    primitives = primitive_names()
    per_primitive = rules_lines / len(primitives)
    return {
        "engine": engine,
        "engine_total": sum(engine.values()),
        "engine_budget": ENGINE_BUDGET,
        "engine_ok": sum(engine.values()) <= ENGINE_BUDGET,
        "rules_lines": rules_lines,
        "primitives": primitives,
        "rules_per_primitive": per_primitive,
        "rules_budget": RULES_BUDGET_PER_PRIMITIVE,
        "rules_ok": per_primitive <= RULES_BUDGET_PER_PRIMITIVE,
    }


def summary(stats: dict[str, object]) -> list[str]:
    """The counts as lines of text, each budget marked within or OVER."""

    def verdict(ok: object) -> str:
        return "within budget" if ok else "OVER BUDGET"

    engine = stats["engine"]
    return [
        "Lines of code (blank, comment and docstring lines not counted):",
        "  " + ", ".join(f"{name} {n}" for name, n in engine.items())
        + f"; total {stats['engine_total']} (budget {stats['engine_budget']}: {verdict(stats['engine_ok'])})",
        f"  rules.py {stats['rules_lines']} for {len(stats['primitives'])} primitives: "
        f"{stats['rules_per_primitive']:.2f} per primitive "
        f"(budget {stats['rules_budget']:g}: {verdict(stats['rules_ok'])})",
        "  primitives counted (every core.Primitive named in rules): " + ", ".join(stats["primitives"]),
    ]


def main() -> int:
    print("\n".join(summary(engine_stats())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
