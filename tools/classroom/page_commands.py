"""Run the commands of the instructors page, exactly as written, so the page cannot drift from what works.

    python -m tools.classroom.page_commands [--page book/instructors.md] [--venv .venv] [--list]

Every ```bash block of the page must be preceded by a MyST comment line
``% test: run`` (comments are not rendered). The commands of those blocks are
run in order from the repository root, in one shell each block, with two
substitutions only: ``make`` becomes ``make VENV=<venv>`` and ``.venv/`` becomes
``<venv>/``, so the test can use the environment it already has. A block
without the marker, or a command that fails, fails the check.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"(?P<marker>^% test: (?P<how>\S+)\n)?^```bash\n(?P<body>.*?)^```$", re.M | re.S)


def blocks(page_text: str) -> list[tuple[str, str]]:
    """(how, commands) of every bash block of the page, in order; how is '' for a block without a marker."""
    return [(m["how"] or "", m["body"].strip()) for m in BLOCK.finditer(page_text)]


def adapted(commands: str, venv: str) -> str:
    """The block as the test runs it: the test's environment instead of .venv, line continuations kept."""
    commands = re.sub(r"(?m)^make\b", f"make VENV={venv}", commands)
    return commands.replace(".venv/", f"{venv}/")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", type=Path, default=ROOT / "book" / "instructors.md")
    parser.add_argument("--venv", default=".venv")
    parser.add_argument("--list", action="store_true", help="print the commands, do not run them")
    args = parser.parse_args(argv)
    found = blocks(args.page.read_text(encoding="utf-8"))
    problems = [f"a bash block has no '% test: run' line before it: {body.splitlines()[0]}"
                for how, body in found if how != "run"]
    for how, body in found:
        if how != "run":
            continue
        command = adapted(body, args.venv)
        print(f"+ {command}", flush=True)
        if args.list:
            continue
        started = time.perf_counter()
        completed = subprocess.run(["bash", "-euo", "pipefail", "-c", command], cwd=ROOT)
        print(f"  ({time.perf_counter() - started:.0f} s, exit status {completed.returncode})", flush=True)
        if completed.returncode != 0:
            problems.append(f"the page's command failed (exit status {completed.returncode}): {body}")
    if not found:
        problems.append(f"{args.page} has no bash block: nothing was checked")
    if problems:
        print(f"instructors page check FAILED: {len(problems)} problems", file=sys.stderr)
        print("\n".join(f"  {p}" for p in problems), file=sys.stderr)
        return 1
    print(f"instructors page check passed: {len(found)} blocks of commands ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())
