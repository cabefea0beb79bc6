"""Graphs: tracing a function, DAG versus tree size, drawing with Graphviz."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import graphviz
import numpy as np
import pytest

import autodiff_lessons as ad

pytestmark = pytest.mark.graphs


def repeated_squaring(k):
    def f(x):
        for _ in range(k):
            x = x * x
        return x

    return f


def graph_nodes(dot: graphviz.Digraph) -> list[str]:
    """Names of the node statements in a Digraph's body."""
    names = []
    for statement in dot.body:
        head = statement.split("[", 1)[0]
        if "->" not in head and "--" not in head and re.fullmatch(r'\s*"?[\w.]+"?\s*', head):
            names.append(head.strip())
    return names


def graph_edges(dot: graphviz.Digraph) -> list[tuple[str, str]]:
    edges = []
    for statement in dot.body:
        head = statement.split("[", 1)[0]
        if "->" in head:
            tail, arrow_head = head.split("->")
            edges.append((tail.strip(), arrow_head.strip()))
    return edges


# --- tracing ---------------------------------------------------------------------


@pytest.mark.parametrize("k", range(1, 11))
def test_repeated_squaring_dag_has_k_plus_1_nodes_and_tree_has_2_to_k_plus_1_minus_1(k):
    g = ad.trace(repeated_squaring(k), 1.1)
    assert g.num_nodes == k + 1
    assert g.tree_size() == 2 ** (k + 1) - 1


def test_tree_size_does_not_build_the_tree():
    g = ad.trace(repeated_squaring(60), 1.0)
    assert g.num_nodes == 61
    assert g.tree_size() == 2 ** 61 - 1


def test_x_times_x_node_has_two_parents_that_are_the_same_input_node():
    g = ad.trace(lambda x: x * x, 3.0)
    (x,) = g.inputs
    product = g.output
    assert isinstance(product.parents, tuple)
    assert len(product.parents) == 2
    assert product.parents[0] is x and product.parents[1] is x
    assert product.value == 9.0


def test_nodes_are_in_topological_order():
    def f(x, y):
        a = x * y
        b = np.sin(a) + x
        c = b * a - np.exp(y)
        return c * c + a

    g = ad.trace(f, 0.3, 1.2)
    position = {id(node): i for i, node in enumerate(g.nodes)}
    assert len(position) == g.num_nodes == len(g.nodes)  # each node listed once
    for node in g.nodes:
        for parent in node.parents:
            assert position[id(parent)] < position[id(node)], f"{parent.op} after its child {node.op}"


def test_trace_records_inputs_ops_and_values():
    g = ad.trace(lambda x, y: np.sin(x) * y, 0.5, 2.0)
    assert [node.value for node in g.inputs] == [0.5, 2.0]
    assert all(node in g.nodes and node.parents == () for node in g.inputs)
    assert all(isinstance(node.op, str) for node in g.nodes)
    ops = [node.op for node in g.nodes if node.parents]
    assert len(ops) == 2 and "sin" in ops[0]
    assert g.output.value == np.sin(0.5) * 2.0
    assert g.nodes[-1] is g.output or g.output in g.nodes


# --- drawing -----------------------------------------------------------------------


def test_draw_graph_returns_a_digraph_on_white_mentioning_the_ops():
    g = ad.trace(lambda x: np.exp(np.sin(x) * x), 0.5)
    dot = ad.draw_graph(g)
    assert isinstance(dot, graphviz.Digraph)
    assert dot.graph_attr.get("bgcolor", "").lower() in ("white", "#ffffff", "#fff")
    assert "sin" in dot.source and "exp" in dot.source
    assert any(symbol in dot.source for symbol in ("mul", "×", "*", "·"))


def test_x_times_x_is_drawn_with_two_edges_from_x():
    dot = ad.draw_graph(ad.trace(lambda x: x * x, 3.0))
    assert max(Counter(graph_edges(dot)).values()) == 2


@pytest.mark.parametrize("k", [1, 3, 5])
def test_tree_layout_draws_the_expanded_tree_and_dag_layout_each_value_once(k):
    g = ad.trace(repeated_squaring(k), 1.1)
    dag = graph_nodes(ad.draw_graph(g, layout="dag"))
    tree = graph_nodes(ad.draw_graph(g, layout="tree"))
    assert len(set(dag)) == len(dag) and len(set(tree)) == len(tree)
    assert len(dag) >= k + 1
    assert len(tree) > len(dag)
    # whatever extra decoration there is (an output marker...), it is the same in both layouts
    assert len(tree) - len(dag) == (2 ** (k + 1) - 1) - (k + 1)


def test_labels_show_values_and_adjoints_when_asked():
    g = ad.trace(lambda x: x * x, 0.7)  # value 0.49, derivative 1.4
    plain = ad.draw_graph(g).source
    assert "0.49" not in plain and "1.4" not in plain
    assert "0.49" in ad.draw_graph(g, show_values=True).source
    assert "1.4" in ad.draw_graph(g, show_adjoints=True).source
    assert "1.4" in ad.draw_graph(g, show_tangents=True).source


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs the Graphviz dot program")
def test_rendering_with_graphviz_present_gives_svg():
    svg = ad.draw_graph(ad.trace(lambda x: np.sin(x) * x, 0.5)).pipe(format="svg")
    assert b"<svg" in svg


# --- no Graphviz installed ------------------------------------------------------------


@pytest.fixture
def no_dot(monkeypatch, tmp_path):
    empty = tmp_path / "empty_bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("dot") is None


def _digraph(which):
    if which == "draw_graph":
        return ad.draw_graph(ad.trace(lambda x: x * x, 3.0))
    plain = graphviz.Digraph()  # e.g. what torchviz.make_dot returns
    plain.edge("a", "b")
    return ad.displayable(plain)


@pytest.mark.parametrize("which", ["draw_graph", "displayable"])
def test_missing_dot_raises_graphviz_not_found_with_install_instructions(no_dot, tmp_path, which):
    dot = _digraph(which)
    with pytest.raises(ad.GraphvizNotFoundError) as error:
        dot.pipe(format="svg")
    message = str(error.value)
    assert "install" in message.lower() and "graphviz" in message.lower()
    with pytest.raises(ad.GraphvizNotFoundError):
        dot.render(filename="graph", directory=tmp_path, format="png")


@pytest.mark.parametrize("which", ["draw_graph", "displayable"])
def test_missing_dot_in_jupyter_shows_a_text_message_instead_of_a_traceback(no_dot, which):
    dot = _digraph(which)
    bundle = dot._repr_mimebundle_()
    assert "text/plain" in bundle
    text = bundle["text/plain"].lower()
    assert "install" in text and "graphviz" in text
    assert "image/svg+xml" not in bundle
