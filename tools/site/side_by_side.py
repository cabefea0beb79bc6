"""Run groups of make targets side by side, each group's targets one after the other.

    python -m tools.site.side_by_side [--make "make VENV=.venv"] [--old TARGET ...] -- "A1 A2" "B1 B2"

`make test` uses it where two steps each keep about one core busy and CI has
two (the Makefile says which). Each group is one `make` run of its targets, in
order. Every line a group prints is shown as it comes, prefixed with the group's
first target, so that the output stays readable; when all groups have ended,
one line per group gives its time and exit status. Exit status 1 if any group
failed (the others still run to their end, so every failure is shown).

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
    width = max(len(group[0]) for group in groups)
    results: list[tuple[str, int, float]] = [("", 0, 0.0)] * len(groups)

    def say(line: str) -> None:
        with lock:
            out.write(line)
            out.flush()

    def run(index: int, targets: list[str]) -> None:
        label = f"[{targets[0]:<{width}}] "
        command = [*make, *targets]
        say(f"{label}$ {shlex.join(command)}\n")
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, text=True, errors="replace", bufsize=1)
        assert process.stdout is not None
        for line in process.stdout:
            say(label + line if line.endswith("\n") else label + line + "\n")
        code = process.wait()
        results[index] = (" ".join(targets), code, time.monotonic() - started)
        say(f"{label}{'done' if code == 0 else f'FAILED (exit status {code})'} in {time.monotonic() - started:.0f} s\n")

    threads = [threading.Thread(target=run, args=(index, group)) for index, group in enumerate(groups)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failed = [(targets, code) for targets, code, _ in results if code != 0]
    for targets, code, seconds in results:
        say(f"side by side: {targets}: {'passed' if code == 0 else f'FAILED (exit status {code})'} in {seconds:.0f} s\n")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--make", default="make", help="the make command, with its variables (split like a shell)")
    parser.add_argument("--old", action="append", default=[], help="a target not to run again (make -o)")
    parser.add_argument("groups", nargs="+", help="one argument per group: its make targets, space-separated")
    args = parser.parse_args(argv)
    groups = [group.split() for group in args.groups]
    if not all(groups):
        parser.error("every group needs at least one target")
    make = [*shlex.split(args.make), "--no-print-directory", *(f"-o{target}" for target in args.old)]
    return run_groups(make, groups)


if __name__ == "__main__":
    sys.exit(main())
