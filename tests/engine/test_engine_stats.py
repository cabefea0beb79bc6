"""The line budgets of the engine (issue 9), and the counter that checks them (tools/engine/engine_stats.py)."""

from __future__ import annotations

import textwrap

from tools.engine import engine_stats

SNIPPET = textwrap.dedent('''\
    """A module docstring
    over two lines."""

    import math  # a comment after code counts as code

    # a comment line does not count
    TEXT = """a string assigned to a name
    is code, all three lines
    of it"""


    def f(x):
        """A function docstring."""
        return math.sin(
            x,
        )
    ''')


def test_code_lines_skips_blank_comment_and_docstring_lines():
    # import, TEXT (3 lines), def, return, "x,", ")": 8 lines of code
    assert engine_stats.code_lines(SNIPPET) == 8


def test_code_lines_of_an_empty_file():
    assert engine_stats.code_lines("") == 0
    assert engine_stats.code_lines('"""Only a docstring."""\n# and a comment\n') == 0


def test_primitives_are_counted_once_each():
    from autodiff_lessons import core, rules

    names = engine_stats.primitive_names()
    assert {"add", "multiply", "sin", "matmul", "sum"} <= set(names)
    assert len(names) == len(set(names))
    assert len(names) == len({id(v) for v in vars(rules).values() if isinstance(v, core.Primitive)})


def test_summary_names_every_file_and_the_verdicts():
    stats = engine_stats.engine_stats()
    text = "\n".join(engine_stats.summary(stats))
    for name in engine_stats.ENGINE_FILES + ("rules.py",):
        assert name in text
    assert stats["engine_total"] == sum(stats["engine"].values())


def test_engine_within_its_budget():
    stats = engine_stats.engine_stats()
    assert stats["engine_total"] <= engine_stats.ENGINE_BUDGET, "\n".join(engine_stats.summary(stats))


def test_rules_within_their_budget_per_primitive():
    stats = engine_stats.engine_stats()
    assert stats["rules_per_primitive"] <= engine_stats.RULES_BUDGET_PER_PRIMITIVE, "\n".join(
        engine_stats.summary(stats))
