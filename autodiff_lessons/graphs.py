"""Computational graphs: trace a function, count its nodes, draw it.

:func:`trace` runs a function once in reverse mode and keeps what the tape
recorded as a :class:`Graph`: every intermediate value once, however often it
is used (a DAG).  :meth:`Graph.tree_size` counts the nodes the same expression
would need written out as a tree, where a value used twice is written twice:
the gap between the two numbers is expression swell.

:func:`draw_graph` turns a graph into a ``graphviz.Digraph``, optionally
labelled with values, forward-mode tangents and reverse-mode adjoints.

>>> import autodiff_lessons as ad
>>> def f(x):
...     for _ in range(3):
...         x = x * x
...     return x
>>> g = ad.trace(f, 2.0)
>>> g.num_nodes, g.tree_size()
(4, 15)
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import graphviz
import numpy as np

from .inputs import as_float, check_same_shape
from .reverse import Var, backward, trace_reverse
from .shapes import fit_tangent

INSTALL_GRAPHVIZ = (
    "Graphviz's 'dot' program was not found, so this graph cannot be drawn. "
    "Install Graphviz and restart the kernel:\n"
    "  Debian/Ubuntu:  sudo apt-get install graphviz\n"
    "  macOS:          brew install graphviz\n"
    "  conda:          conda install -c conda-forge graphviz\n"
    "  Windows:        winget install graphviz   (then add it to PATH)\n"
    "The pip package 'graphviz' is only the Python interface; it needs the program too."
)


class GraphvizNotFoundError(RuntimeError):
    """Raised when a graph is rendered but the Graphviz ``dot`` program is missing."""


@dataclass(eq=False)
class GraphNode:
    """One value of a traced function: an input, a constant or an operation's result."""

    op: str  # "input", "const", or the primitive's name ("mul", "sin", ...)
    value: Any
    parents: tuple["GraphNode", ...] = ()
    name: str = ""  # the argument name, for inputs
    var: Var | None = field(default=None, repr=False)  # the tape node behind it


class Graph:
    """The DAG of one traced evaluation, nodes in topological order."""

    def __init__(self, nodes: list[GraphNode], inputs: list[GraphNode], outputs: list[GraphNode], tape: list[Var]):
        self.nodes = nodes
        self.inputs = inputs
        self.outputs = outputs
        self._tape = tape

    @property
    def output(self) -> GraphNode:
        """The output node (the first one, if the function returned several)."""
        return self.outputs[0]

    @property
    def num_nodes(self) -> int:
        """The number of nodes in the DAG, where every value is stored once."""
        return len(self.nodes)

    def tree_size(self) -> int:
        """Nodes of the same expression written as a tree (leaves included).

        A node used twice appears twice in the tree, with all that hangs below
        it.  Counted without building the tree, so exponential sizes are fine.
        With several outputs, the sizes of their trees are added.
        """
        size: dict[int, int] = {}
        for node in self.nodes:
            size[id(node)] = 1 + sum(size[id(p)] for p in node.parents)
        return sum(size[id(out)] for out in self.outputs)

    def tangents(self, *seeds: Any) -> dict[int, Any]:
        """Forward mode on the recorded graph: the tangent of every node, keyed by ``id(node)``.

        ``seeds`` holds one tangent per input (default 1 for the first input,
        0 for the others).  Nodes that do not depend on the seeded inputs get
        no entry.
        """
        if not seeds:
            seeds = tuple(1.0 if i == 0 else None for i in range(len(self.inputs)))
        tangent: dict[int, Any] = {}
        node_of_var = {id(n.var): n for n in self.nodes if n.var is not None}
        for node, seed in zip(self.inputs, seeds):
            if seed is not None:
                seed = as_float(seed, "tangent")
                check_same_shape(seed, node.value, f"tangent for {node.name}", "input")
                tangent[id(node)] = seed
        for node in self.nodes:
            var = node.var
            if var is None or var.primitive is None:
                continue
            total = None
            for argnum, parent in zip(var.argnums, var.parents):
                t = tangent.get(id(node_of_var[id(parent)]))
                if t is not None:
                    rule = var.primitive.jvp_rule(argnum)  # the rule table's JVP, as forward mode uses it
                    contribution = rule(t, var.primal, *var.args, **(var.kwargs or {}))
                    total = contribution if total is None else total + contribution
            if total is not None:
                tangent[id(node)] = fit_tangent(var.primitive, total, var.primal)
        return tangent

    def adjoints(self, cotangent: Any = 1.0) -> dict[int, Any]:
        """Reverse mode on the recorded graph: the adjoint of every node, keyed by ``id(node)``.

        The adjoint of a node is the derivative of the (first) output with
        respect to that node's value, weighted by ``cotangent``.
        """
        out = self.output.var
        if out is None:  # a constant output: nothing flows back
            return {}
        cotangent = as_float(cotangent, "cotangent")
        check_same_shape(cotangent, out.primal, "cotangent", "output")
        node_of_var = {id(n.var): n for n in self.nodes if n.var is not None}
        return {
            id(node_of_var[id(var)]): adjoint
            for var, adjoint in backward(self._tape, out, cotangent)
            if id(var) in node_of_var
        }


def _argument_names(f: Callable[..., Any], count: int) -> list[str]:
    try:
        params = list(inspect.signature(f).parameters.values())
    except (TypeError, ValueError):
        params = []
    names = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return [names[i] if i < len(names) else f"x{i}" for i in range(count)]


def trace(f: Callable[..., Any], *args: Any) -> Graph:
    """Run ``f(*args)`` once and return the graph of what it computed.

    A function returning a list or tuple has several outputs.

    >>> import numpy as np
    >>> import autodiff_lessons as ad
    >>> g = ad.trace(lambda x, y: x**2 + 4*y + np.cos(x)**2, 2.0, 1.5)
    >>> [n.op for n in g.nodes if n.op not in ("input", "const")]
    ['pow', 'mul', 'add', 'cos', 'pow', 'add']
    """
    args = tuple(as_float(a, "argument") for a in args)
    out, leaves, tape, level = trace_reverse(f, args)
    outs = list(out) if isinstance(out, (list, tuple)) else [out]
    names = _argument_names(f, len(args))

    # Keep only what the outputs depend on: walk back from them, no recursion.
    reachable: dict[int, Var] = {id(leaf): leaf for leaf in leaves}
    stack = [o for o in outs if type(o) is Var and o.level == level]
    while stack:
        var = stack.pop()
        if id(var) not in reachable:
            reachable[id(var)] = var
            stack.extend(var.parents)

    nodes: list[GraphNode] = []
    by_var: dict[int, GraphNode] = {}
    inputs = []
    for leaf, name in zip(leaves, names):
        node = GraphNode("input", leaf.primal, name=name, var=leaf)
        by_var[id(leaf)] = node
        inputs.append(node)
        nodes.append(node)
    position = {id(var): i for i, var in enumerate(tape)}  # the tape is in topological order
    for var in sorted(reachable.values(), key=lambda v: position[id(v)]):
        if var.primitive is None:
            continue
        traced = dict(zip(var.argnums, var.parents))
        parents = []
        for argnum, arg in enumerate(var.args):
            if argnum in traced:
                parents.append(by_var[id(traced[argnum])])
            elif var.primitive.vjp_rule(argnum) is not None:  # a constant operand
                constant = GraphNode("const", arg)
                nodes.append(constant)
                parents.append(constant)
        node = GraphNode(var.primitive.name, var.primal, tuple(parents), var=var)
        by_var[id(var)] = node
        nodes.append(node)

    outputs = []
    for o in outs:
        if type(o) is Var and o.level == level:
            outputs.append(by_var[id(o)])
        else:  # an output that does not depend on the inputs
            constant = GraphNode("const", o)
            nodes.append(constant)
            outputs.append(constant)
    return Graph(nodes, inputs, outputs, tape)


# ----------------------------------------------------------------------------
# Drawing
# ----------------------------------------------------------------------------

_SYMBOLS = {"add": "+", "sub": "−", "mul": "×", "div": "÷", "pow": "^", "neg": "−", "matmul": "@"}


class FriendlyDigraph(graphviz.Digraph):
    """A ``graphviz.Digraph`` that explains a missing Graphviz instead of failing obscurely.

    In Jupyter, a missing ``dot`` shows the install instructions as text (no
    traceback in the page); ``pipe`` and ``render`` raise
    :class:`GraphvizNotFoundError` with the same instructions.
    """

    def pipe(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().pipe(*args, **kwargs)
        except graphviz.ExecutableNotFound:
            raise GraphvizNotFoundError(INSTALL_GRAPHVIZ) from None

    def render(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().render(*args, **kwargs)
        except graphviz.ExecutableNotFound:
            raise GraphvizNotFoundError(INSTALL_GRAPHVIZ) from None

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None, **kwargs: Any) -> dict[str, Any]:
        try:
            return super()._repr_mimebundle_(include, exclude, **kwargs)
        except GraphvizNotFoundError:
            return {"text/plain": INSTALL_GRAPHVIZ}


def displayable(digraph: graphviz.Digraph, background: str = "white") -> FriendlyDigraph:
    """Return a copy of any ``graphviz.Digraph`` (e.g. from ``torchviz.make_dot``)
    that explains a missing Graphviz, drawn on an opaque background so it stays
    readable in dark mode.
    """
    friendly = digraph.copy()
    friendly.__class__ = FriendlyDigraph
    friendly.graph_attr.setdefault("bgcolor", background)
    return friendly


def _format(value: Any) -> str:
    if np.ndim(value) == 0:
        return f"{complex(value).real:.4g}" if np.iscomplexobj(value) else f"{float(value):.4g}"
    return f"array{np.shape(value)}"


def draw_graph(
    graph: Graph,
    show_values: bool = False,
    show_tangents: bool | Sequence[Any] | None = None,
    show_adjoints: bool | Any = False,
    layout: str = "dag",
    rankdir: str = "BT",
    output_names: Sequence[str] | None = None,
    max_tree_nodes: int = 1000,
) -> FriendlyDigraph:
    """Draw a traced graph with Graphviz; returns a ``graphviz.Digraph``.

    ``layout="dag"`` draws each value once; ``layout="tree"`` writes shared
    values out again for every use (the expression tree).  Labels can show
    each node's value, its tangent (``show_tangents=True`` seeds the first
    input with 1, or pass one seed per input) and its adjoint
    (``show_adjoints=True`` pulls back 1 from the output, or pass a
    cotangent).  Arrows point from inputs towards the output.

    >>> import autodiff_lessons as ad
    >>> dot = ad.draw_graph(ad.trace(lambda x: x * x, 3.0), show_values=True)
    >>> "×" in dot.source
    True
    """
    if layout not in ("dag", "tree"):
        raise ValueError(f"layout must be 'dag' or 'tree', got {layout!r}")
    tangents: dict[int, Any] = {}
    if show_tangents is not None and show_tangents is not False:
        tangents = graph.tangents() if show_tangents is True else graph.tangents(*show_tangents)
    adjoints: dict[int, Any] = {}
    if show_adjoints is not False and show_adjoints is not None:
        adjoints = graph.adjoints(1.0 if show_adjoints is True else show_adjoints)

    def label(node: GraphNode) -> str:
        if node.op == "input":
            lines = [node.name]
        elif node.op == "const":
            lines = [_format(node.value)]
        else:
            lines = [_SYMBOLS.get(node.op, node.op)]
        if show_values and node.op != "const":
            lines.append(f"value {_format(node.value)}")
        if id(node) in tangents:
            lines.append(f"tangent {_format(tangents[id(node)])}")
        if id(node) in adjoints:
            lines.append(f"adjoint {_format(adjoints[id(node)])}")
        return "\n".join(lines)

    style = {
        "input": {"shape": "ellipse", "style": "filled", "fillcolor": "#cfe2ff"},
        "const": {"shape": "plaintext"},
        "op": {"shape": "box", "style": "rounded,filled", "fillcolor": "#f1f3f5"},
    }
    dot = FriendlyDigraph(graph_attr={"rankdir": rankdir, "bgcolor": "white"},
                          node_attr={"fontname": "Helvetica", "fontsize": "12"})

    def add(node: GraphNode, key: str) -> None:
        dot.node(key, label(node), **style.get(node.op, style["op"]))

    if layout == "dag":
        keys = {id(node): f"n{i}" for i, node in enumerate(graph.nodes)}
        for node in graph.nodes:
            add(node, keys[id(node)])
            for parent in node.parents:
                dot.edge(keys[id(parent)], keys[id(node)])
        output_keys = [keys[id(o)] for o in graph.outputs]
    else:
        size = graph.tree_size()
        if size > max_tree_nodes:
            raise ValueError(
                f"the expression tree has {size} nodes, more than max_tree_nodes={max_tree_nodes}; "
                "draw the DAG instead, or raise max_tree_nodes if you really want it."
            )
        counter = 0
        output_keys = []
        for out in graph.outputs:
            # Expand with an explicit stack: each use of a node gets its own copy.
            root = f"t{counter}"
            counter += 1
            output_keys.append(root)
            pending = [(out, root)]
            while pending:
                node, key = pending.pop()
                add(node, key)
                for parent in node.parents:
                    child_key = f"t{counter}"
                    counter += 1
                    dot.edge(child_key, key)
                    pending.append((parent, child_key))

    names = list(output_names) if output_names is not None else (
        ["f"] if len(graph.outputs) == 1 else [f"f{i + 1}" for i in range(len(graph.outputs))]
    )
    for i, (key, name) in enumerate(zip(output_keys, names)):
        dot.node(f"out{i}", name, shape="doublecircle", style="filled", fillcolor="#d3f9d8")
        dot.edge(key, f"out{i}")
    return dot
