"""Run groups of make targets side by side, each group's targets one after the other.

    python -m tools.site.side_by_side [--make "make VENV=.venv"] [--old TARGET ...] "A1 A2 | B1 B2"

`make test` uses it where steps keep about one core busy each and CI has two
(the Makefile's SIDE_BY_SIDE_* say which). Groups are separated by `|`; each
target is one `make` run, and a group stops at its first failing target, as
make does. Every line is shown as it comes, prefixed with its target, so that
the output stays readable; when all groups have ended, one line per target
gives its time and exit status. Exit status 1 if any target failed (the other
groups still run to their end, so every failure is shown).

--old TARGET is passed to every make run as `-o TARGET`: a prerequisite the
calling `make test` already ran (check-wheel, for run-notebooks) is not run again.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import threading
import time


def run_groups(make: list[str], groups: list[list[str]], out=sys.stdout) -> int:
    lock = threading.Lock()
    width = max(len(target) for group in groups for target in group)
    results: list[list[tuple[str, int, float]]] = [[] for _ in groups]

    def say(line: str) -> None:
        with lock:
            out.write(line)
            out.flush()

    def run(index: int, targets: list[str]) -> None:
        for target in targets:
            label = f"[{target:<{width}}] "
            command = [*make, target]
            say(f"{label}$ {shlex.join(command)}\n")
            started = time.monotonic()
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, text=True, errors="replace", bufsize=1)
            assert process.stdout is not None
            for line in process.stdout:
                say(label + line if line.endswith("\n") else label + line + "\n")
            code = process.wait()
            seconds = time.monotonic() - started
            results[index].append((target, code, seconds))
            say(f"{label}{'passed' if code == 0 else f'FAILED (exit status {code})'} in {seconds:.0f} s\n")
            if code != 0:
                return

    threads = [threading.Thread(target=run, args=(index, group)) for index, group in enumerate(groups)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failed = False
    for group, done in zip(groups, results):
        steps = ", ".join(f"{target} {'passed' if code == 0 else 'FAILED'} in {seconds:.0f} s"
                          for target, code, seconds in done)
        skipped = group[len(done):]
        failed |= any(code != 0 for _, code, _ in done)
        say(f"side by side: {steps}" + (f"; not run: {' '.join(skipped)}" if skipped else "") + "\n")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--make", default="make", help="the make command, with its variables (split like a shell)")
    parser.add_argument("--old", action="append", default=[], help="a target not to run again (make -o)")
    parser.add_argument("groups", nargs="+", help="make targets, groups separated by |")
    args = parser.parse_args(argv)
    groups = [group.split() for group in " ".join(args.groups).split("|")]
    if not all(groups):
        parser.error("every group needs at least one target")
    make = [*shlex.split(args.make), "--no-print-directory", *(f"-o{target}" for target in args.old)]
    return run_groups(make, groups)


if __name__ == "__main__":
    sys.exit(main())
