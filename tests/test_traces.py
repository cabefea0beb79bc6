"""Evaluation traces: the primal, tangent and adjoint traces are the engine's own computation.

The classic example of Baydin et al. (2018), f(x1, x2) = ln(x1) + x1 x2 - sin(x2)
at (2, 5), gives y = 11.652, dy/dx1 = 5.5, dy/dx2 = 1.716. Every function of the
shared table (tests/functions.py) gives, through its traces, exactly what
``ad.jvp`` and ``ad.vjp`` give. The formulas the tables print come from
templates; each template is checked against the rule it describes.
"""

from __future__ import annotations

import doctest
import re
import unicodedata

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autodiff_lessons as ad
from autodiff_lessons import rules, traces
from autodiff_lessons.core import Primitive
from functions import CASES, EXACT_TOLERANCE

pytestmark = [pytest.mark.forward, pytest.mark.reverse]


def baydin(x1, x2):
    return np.log(x1) + x1 * x2 - np.sin(x2)


def nfc(text):
    return unicodedata.normalize("NFC", text)


@pytest.fixture(scope="module")
def trace():
    return ad.evaluation_trace(baydin, 2.0, 5.0)


# ---------------------------------------------------------------- the classic example


def test_baydin_primal_trace_numbers_nodes_as_the_paper_does(trace):
    lines = [line.text() for line in trace.lines]
    assert lines == [
        "v₋₁ = x₁ = 2",
        "v₀ = x₂ = 5",
        "v₁ = ln v₋₁ = ln 2 = 0.69315",
        "v₂ = v₋₁ × v₀ = 2 × 5 = 10",
        "v₃ = v₁ + v₂ = 0.69315 + 10 = 10.693",  # Python adds before it takes the sine
        "v₄ = sin v₀ = sin 5 = −0.95892",
        "v₅ = v₃ − v₄ = 10.693 − (−0.95892) = 11.652",
        "y = v₅ = 11.652",
    ]
    assert [node.index for node in trace.nodes] == [-1, 0, 1, 2, 3, 4, 5]
    assert trace.node(2).parents == (-1, 0)
    assert round(float(trace.lines[-1].value), 3) == 11.652


def test_baydin_tangent_traces_give_both_partials_one_pass_each(trace):
    along_x1 = trace.tangents(1.0, 0.0)
    along_x2 = trace.tangents(0.0, 1.0)
    assert along_x1.output_tangents == (5.5,)
    assert round(float(along_x2.output_tangents[0]), 3) == 1.716
    assert along_x1.lines[3].text() == "v̇₂ = v̇₋₁ × v₀ + v₋₁ × v̇₀ = 1 × 5 + 2 × 0 = 5"
    assert along_x2.lines[5].text() == "v̇₄ = v̇₀ × cos v₀ = 1 × cos 5 = 0.28366"
    # The same numbers, bit for bit, as the engine's forward mode.
    assert along_x1.output_tangents[0] == ad.jvp(baydin, (2.0, 5.0), (1.0, 0.0))[1]
    assert along_x2.output_tangents[0] == ad.jvp(baydin, (2.0, 5.0), (0.0, 1.0))[1]


def test_baydin_adjoint_trace_gives_the_gradient_in_one_pass_last_node_first(trace):
    adjoints = trace.adjoints(1.0)
    assert adjoints.input_adjoints == ad.vjp(baydin, 2.0, 5.0)[1](1.0)
    assert adjoints.input_adjoints[0] == 5.5
    assert round(float(adjoints.input_adjoints[1]), 3) == 1.716
    targets = [line.node for line in adjoints.lines]
    # The seed, then every edge from the output down, then the two results.
    assert targets == [5, 3, 4, 0, 1, 2, -1, 0, -1, -1, 0]
    edges = [line.edge for line in adjoints.lines if line.edge]
    assert edges == [(3, 5), (4, 5), (0, 4), (1, 3), (2, 3), (-1, 2), (0, 2), (-1, 1)]


def test_fan_out_adds_the_contribution_of_every_use(trace):
    """x1 feeds ln and the product; x2 feeds the product and the sine: their adjoints are sums."""
    lines = trace.adjoints(1.0).lines
    x2_lines = [line for line in lines if line.node == 0 and line.edge]
    assert [line.text() for line in x2_lines] == [
        "v̄₀ = v̄₄ × cos v₀ = (−1) × cos 5 = −0.28366",
        "v̄₀ = v̄₀ + v₋₁ × v̄₂ = −0.28366 + 2 × 1 = 1.7163",
    ]
    x1_lines = [line for line in lines if line.node == -1 and line.edge]
    assert x1_lines[-1].text() == "v̄₋₁ = v̄₋₁ + v̄₁/v₋₁ = 5 + 1/2 = 5.5"


def test_x_times_x_has_two_terms_in_both_traces():
    t = ad.evaluation_trace(lambda x: x * x, 3.0)
    assert t.tangents(1.0).lines[1].text() == "v̇₁ = v̇₀ × v₀ + v₀ × v̇₀ = 1 × 3 + 3 × 1 = 6"
    assert [line.text() for line in t.adjoints().lines][1:3] == [
        "v̄₀ = v̄₁ × v₀ = 1 × 3 = 3", "v̄₀ = v̄₀ + v₀ × v̄₁ = 3 + 3 × 1 = 6"]


def test_traces_agree_with_the_graph_node_by_node(trace):
    graph = ad.trace(baydin, 2.0, 5.0)
    ops = [n for n in graph.nodes if n.op != "const"]
    tangents = graph.tangents(1.0, 0.0)
    adjoints = graph.adjoints(1.0)
    along = trace.tangents(1.0, 0.0)
    back = trace.adjoints(1.0)
    for node, graph_node in zip(trace.nodes, ops):
        assert node.value == graph_node.value
        assert along.by_node[node.index] == tangents[id(graph_node)]
        assert back.by_node[node.index] == adjoints[id(graph_node)]


# ---------------------------------------------------------------- several outputs, constants


def f1(x1):
    a = x1 * x1
    return [a, a * x1, np.sin(a)]


def test_one_tangent_trace_gives_every_output_of_f1():
    t = ad.evaluation_trace(f1, 2.0)
    along = t.tangents(1.0)
    np.testing.assert_array_equal(np.array(along.output_tangents), ad.jvp(f1, (2.0,), (1.0,))[1])
    assert [line.target for line in along.lines[-3:]] == [nfc("y\u0307₁"), nfc("y\u0307₂"), nfc("y\u0307₃")]


@pytest.mark.parametrize("output", [0, 1, 2])
def test_an_adjoint_trace_pulls_back_one_output_of_f1(output):
    t = ad.evaluation_trace(f1, 2.0)
    cotangent = np.eye(3)[output]
    expected = ad.vjp(f1, 2.0)[1](cotangent)
    np.testing.assert_allclose(t.adjoints(1.0, output=output).input_adjoints, expected, **EXACT_TOLERANCE)


def test_constants_are_written_as_numbers_and_an_unused_input_gets_zero():
    t = ad.evaluation_trace(lambda x, y: 3.0 * x ** 2, 2.0, 7.0)
    assert [line.formula for line in t.lines[2:4]] == ["v₋₁²", "3 × v₁"]
    assert t.adjoints().input_adjoints == (12.0, 0.0)
    assert t.adjoints().lines[-1].text() == nfc("y\u0304 = 0")  # the unused input's adjoint


def test_wrong_seeds_and_outputs_are_refused_with_a_reason(trace):
    with pytest.raises(ValueError, match="2 inputs but 1 tangents"):
        trace.tangents(1.0)
    with pytest.raises(ValueError, match="output=1"):
        trace.adjoints(1.0, output=1)


# ---------------------------------------------------------------- every case of the table


@pytest.mark.parametrize("case", CASES, ids=str)
@given(data=st.data())
def test_traces_give_what_jvp_and_vjp_give(case, data):
    f = case.bind(np)
    args = case.draw(data)
    t = ad.evaluation_trace(f, *args)
    seeds = tuple(np.ones_like(a) * 0.5 if np.ndim(a) else 0.5 for a in args)
    out, tangent = ad.jvp(f, args, seeds)
    np.testing.assert_allclose(t.tangents(*seeds).output_tangents[0], tangent, **EXACT_TOLERANCE)
    cotangent = np.full(np.shape(out), 2.0) if np.ndim(out) else 2.0
    expected = ad.vjp(f, *args)[1](cotangent)
    for got, want in zip(t.adjoints(cotangent).input_adjoints, expected):
        np.testing.assert_allclose(got, want, **EXACT_TOLERANCE)


# ---------------------------------------------------------------- the formulas match the rules


PRIMITIVES = {p.name: p for p in vars(rules).values() if isinstance(p, Primitive)}
SAMPLE_ARGUMENTS = {"pow": (1.7, 2.5), "log": (1.3,), "sqrt": (1.3,)}


@pytest.mark.parametrize("name", sorted(traces.TERMS))
def test_every_formula_template_says_what_its_rule_computes(name):
    """Filled with numbers and run as Python, a template gives the number its rule returns."""
    prim = PRIMITIVES[name]
    args = SAMPLE_ARGUMENTS.get(name, (0.7, -1.9)[:len(traces.TERMS[name])])
    ans = prim.impl(*args)
    carried = 1.3
    namespace = {f: getattr(np, f) for f in ("log", "exp", "sin", "cos", "tanh", "sqrt")}
    for argnum, template in enumerate(traces.TERMS[name]):
        fill = {"t": repr(carried), "ans": repr(float(ans)), **{str(k): repr(a) for k, a in enumerate(args)}}
        python = re.sub(r"\{(\w+)\}", lambda m: f"({fill[m.group(1)]})", template)
        written = eval(python, namespace)  # noqa: S307 - our own template
        assert np.isclose(written, prim.jvp_rule(argnum)(carried, ans, *args)), (name, argnum, template)
        assert np.isclose(written, prim.vjp_rule(argnum)(carried, ans, *args)), (name, argnum, template)


def test_a_primitive_without_template_still_shows_the_rules_number():
    t = ad.evaluation_trace(lambda x: np.arctan(x), 1.0)
    line = t.tangents(1.0).lines[1]
    assert line.formula == "v̇₀ × ∂v₁/∂v₀"
    assert line.value == 0.5 and line.numbers == "0.5"


# ---------------------------------------------------------------- how the tables look


def test_text_table_aligns_its_columns_despite_the_dots_and_bars(trace):
    rows = str(trace.adjoints()).splitlines()[1:]
    columns = {traces._width(row.split("= ")[0]) for row in rows}
    assert len(columns) == 1, rows
    assert repr(trace) == str(trace)


def test_html_table_is_a_real_table_in_the_page_colours(trace):
    page = trace.tangents(1.0, 0.0)._repr_html_()
    assert page.count("<tr") == 1 + len(trace.lines)
    assert '<th scope="row">v̇₂</th>' in page
    assert "<caption>Tangent trace (forward mode), seed (1, 0)</caption>" in page
    css = traces.TABLE_CSS.lower()
    backgrounds = re.findall(r"background(?:-color)?:([^;}]+)", css)
    assert all(b == "transparent" or b.startswith("rgba(") for b in backgrounds), \
        "only see-through backgrounds: a fixed light one would glare in dark mode"
    assert set(re.findall(r"(?<![-\w])color:([^;}]+)", css)) == {"inherit"}, "text takes the page's colour"
    assert "overflow-x:auto" in css, "a narrow screen scrolls the table instead of squeezing it"


def test_values_are_escaped_and_arrays_are_shown():
    t = ad.evaluation_trace(lambda x: np.sum(x * x), np.array([1.0, -2.0, 3.0]))
    assert "= [1, −2, 3]</td>" in t._repr_html_()
    assert t.adjoints().input_adjoints[0].tolist() == [2.0, -4.0, 6.0]


def test_the_module_examples_run():
    assert doctest.testmod(traces).failed == 0
