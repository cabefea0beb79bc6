"""tools/site/side_by_side.py: `make test` runs two groups of steps at once; a
failure in either must fail it, with its output shown and labelled."""

from __future__ import annotations

import io
import shutil

import pytest

from tools.site.side_by_side import run_groups

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")

MAKEFILE = """\
.PHONY: ok bad after
ok:
\t@echo first line; echo second line
bad:
\t@echo went wrong >&2; exit 3
after:
\t@echo after ran
"""


def run(tmp_path, *groups: str) -> tuple[int, list[str]]:
    (tmp_path / "Makefile").write_text(MAKEFILE)
    out = io.StringIO()
    code = run_groups(["make", "-C", str(tmp_path), "--no-print-directory"], [g.split() for g in groups], out)
    return code, out.getvalue().splitlines()


def test_both_groups_run_their_targets_in_order_with_labelled_lines(tmp_path):
    code, lines = run(tmp_path, "ok", "after ok")
    assert code == 0
    assert lines.index("[ok   ] first line") < lines.index("[ok   ] second line")
    assert "[after] after ran" in lines and lines.count("[ok   ] first line") == 2
    assert any(line.startswith("side by side: after passed in") and ", ok passed in" in line for line in lines)


def test_a_failing_group_fails_the_run_and_its_message_is_shown(tmp_path):
    code, lines = run(tmp_path, "ok", "bad after")
    assert code == 1
    assert "[bad  ] went wrong" in lines
    assert "[after] after ran" not in lines  # the group stops at its failing step, as make does
    assert "[ok   ] second line" in lines  # the other group runs to its end
    assert any(line.startswith("side by side: bad FAILED in") and "not run: after" in line for line in lines)
