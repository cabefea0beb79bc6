"""Evaluation traces: one evaluation of a function written out node by node.

:func:`evaluation_trace` runs a function once in reverse mode and numbers what
the tape recorded as Baydin et al. (2018) do: the ``n`` inputs are
``v₁₋ₙ ... v₀``, then every primitive's result is ``v₁, v₂, ...`` in the order
the program computed them.  From there:

* the **primal trace** is the list ``vᵢ = (operation of earlier v's) = value``;
* :meth:`EvaluationTrace.tangents` is the **tangent trace** of one forward-mode
  pass, ``v̇ᵢ = Σⱼ ∂vᵢ/∂vⱼ · v̇ⱼ``, each term pushed forward by the JVP rule of
  the rule table, in the order forward mode runs them;
* :meth:`EvaluationTrace.adjoints` is the **adjoint trace** of one reverse-mode
  pass, ``v̄ⱼ += v̄ᵢ · ∂vᵢ/∂vⱼ``, in the order the package's ``backward`` loop
  visits the tape, each term pulled back by the VJP rule of the rule table.

Nothing is differentiated a second way: every number in a table is what a
rule of :mod:`autodiff_lessons.rules` returned.  The formulas next to the
numbers are written from a small table of templates (``TERMS``), one per rule;
the tests check each template against its rule.

Each trace shows as an HTML table in a notebook and as plain text in a terminal.

>>> import numpy as np
>>> import autodiff_lessons as ad
>>> t = ad.evaluation_trace(lambda x1, x2: x1 * x2 + np.sin(x1), 0.0, 3.0)
>>> print(t.adjoints(1.0))
Adjoint trace (reverse mode), ȳ = 1
v̄₃  = ȳ                         = 1
v̄₁  = v̄₃                        = 1
v̄₂  = v̄₃                        = 1
v̄₋₁ = v̄₂ × cos v₋₁  = 1 × cos 0 = 1
v̄₋₁ = v̄₋₁ + v̄₁ × v₀ = 1 + 1 × 3 = 4
v̄₀  = v₋₁ × v̄₁      = 0 × 1     = 0
x̄₁  = v̄₋₁                       = 4
x̄₂  = v̄₀                        = 0
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from .graphs import Graph, trace
from .inputs import as_float, check_same_shape
from .reverse import Var, backward
from .shapes import fit_cotangent, fit_tangent

# ----------------------------------------------------------------------------
# Templates: how each rule reads as a formula (for display only)
# ----------------------------------------------------------------------------

# The term argument k contributes to the output's tangent, written in Python
# syntax: {t} is the tangent of argument k (or, in reverse mode, the adjoint
# of the output: the rules are linear in it), {0}, {1} the arguments, {ans}
# the result.  The numbers never come from here: they come from the rules.
TERMS: dict[str, tuple[str, ...]] = {
    "add": ("{t}", "{t}"),
    "sub": ("{t}", "-{t}"),
    "mul": ("{t}*{1}", "{0}*{t}"),
    "div": ("{t}/{1}", "-{t}*{0}/{1}**2"),
    "neg": ("-{t}",),
    "pow": ("{t}*{1}*{0}**({1}-1)", "{t}*log({0})*{0}**{1}"),
    "log": ("{t}/{0}",),
    "exp": ("{t}*exp({0})",),
    "sin": ("{t}*cos({0})",),
    "cos": ("-{t}*sin({0})",),
    "tanh": ("{t}*(1-tanh({0})**2)",),
    "sqrt": ("{t}/(2*sqrt({0}))",),
    "square": ("2*{0}*{t}",),
}

# How each primitive's result reads; any other one is written name(a, b).
EXPRESSIONS: dict[str, str] = {
    "add": "{0}+{1}", "sub": "{0}-{1}", "mul": "{0}*{1}", "div": "{0}/{1}", "neg": "-{0}",
    "pow": "{0}**{1}", "matmul": "{0}@{1}",
}

_SUBSCRIPTS = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")
_SUPERSCRIPTS = {"2": "²", "3": "³"}
_PRETTY_FUNCTIONS = {"log": "ln", "sqrt": "√"}
_TOKEN = re.compile(r"\{\w+\}|\*\*|[-+*/@(),]|[A-Za-z_]\w*|\d+(?:\.\d*)?")


def _v(i: int, mark: str = "") -> str:
    """The name of node i: v₋₁, v̇₋₁ (mark "\u0307") or v̄₋₁ (mark "\u0304")."""
    return "v" + mark + str(i).translate(_SUBSCRIPTS)


def _v_spoken(i: int, mark: str = "") -> str:
    return f"v{i}" + {"": "", DOT: " dot", BAR: " bar"}[mark]


DOT, BAR = "\u0307", "\u0304"  # combining dot above (tangent), macron (adjoint)


def _pretty_name(name: str, mark: str = "") -> str:
    """x1 -> x₁, with a dot or bar over the letter: ẋ₁, x̄₁."""
    match = re.fullmatch(r"(.*?)(\d+)", name)
    stem, digits = (match.group(1), match.group(2)) if match and match.group(1) else (name, "")
    return unicodedata.normalize("NFC", stem + mark + digits.translate(_SUBSCRIPTS))  # ẏ as one character


def _spoken_name(name: str, mark: str = "") -> str:
    return name + {"": "", DOT: " dot", BAR: " bar"}[mark]


def format_value(x: Any, digits: int = 5) -> str:
    """A value as the traces show it: ``digits`` significant digits, a real minus sign."""
    if isinstance(x, (str, slice, tuple, type(None))) or np.asarray(x).dtype.kind not in "biuf":
        return str(x)  # an index, an axis, a shape: not a number
    x = np.asarray(x)
    if x.ndim == 0:
        return format(float(x), f".{digits}g").replace("-", "−")
    text = np.array2string(x, separator=", ", threshold=6, edgeitems=2,
                           formatter={"float_kind": lambda v: format(v, f".{digits}g")})
    return " ".join(text.split()).replace("-", "−")


def _spoken_value(text: str) -> str:
    return text.replace("−", "minus ")


def _render(template: str, fill: dict[str, str], spoken: bool = False) -> str:
    """Write a template with its placeholders filled, as a reader (or a screen reader) reads it.

    ``*`` becomes ×, ``**2`` a superscript, ``log(v)`` becomes ``ln v``; a fill
    that is a negative number is put in parentheses.
    """
    tokens = [fill[t[1:-1]] if t.startswith("{") else t for t in _TOKEN.findall(template)]
    atoms = {fill[key] for key in fill}
    binary = {"+": " + ", "-": " − ", "*": " × ", "/": "/", "@": " @ "}
    unary_minus = "−"
    if spoken:
        binary = {"+": " plus ", "-": " minus ", "*": " times ", "/": " over ", "@": " matrix times "}
        unary_minus = "minus "
    out: list[str] = []
    previous = None  # None at the start, "atom" after a value or ")", else an operator
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in atoms or re.fullmatch(r"[\d.]+", token):
            if spoken:
                token = _spoken_value(token)
            elif token.startswith("−") and len(tokens) > 1:
                token = f"({token})"
            out.append(token)
            previous = "atom"
        elif token == "**":
            exponent = tokens[i + 1]
            if exponent in _SUPERSCRIPTS:
                out.append(" squared" if spoken and exponent == "2" else
                           " cubed" if spoken else _SUPERSCRIPTS[exponent])
                i += 2
                previous = "atom"
                continue
            out.append(" to the power " if spoken else "^")
            previous = "op"
        elif token in binary:
            if token == "-" and previous != "atom":
                out.append(unary_minus)
            else:
                out.append(binary[token])
            previous = "op"
        elif token == "(":
            out.append("(")
            previous = "("
        elif token == ")":
            out.append(")")
            previous = "atom"
        elif token == ",":
            out.append(", ")
            previous = "op"
        else:  # a function name: f(one value) reads "f v"
            name = token if spoken else _PRETTY_FUNCTIONS.get(token, token)
            if tokens[i + 1:i + 2] == ["("] and tokens[i + 3:i + 4] == [")"]:
                argument = tokens[i + 2]
                shown = _spoken_value(argument) if spoken else argument
                if not spoken and argument.startswith("−"):
                    call = f"{name}({shown})"
                elif name == "√":
                    call = f"√{shown}"
                else:
                    call = f"{name} {shown}"
                if tokens[i + 4:i + 5] == ["**"] and not spoken:  # (tanh v)², not tanh v²
                    call = f"({call})"
                out.append(call)
                i += 4
                previous = "atom"
                continue
            out.append(name)
            previous = "op"
        i += 1
    return "".join(out).strip()


# ----------------------------------------------------------------------------
# The records
# ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TraceNode:
    """One ``vᵢ`` of an evaluation: an input or a primitive's result."""

    index: int  # i of vᵢ: inputs are 1-n ... 0, results 1, 2, ...
    op: str  # "input" or the primitive's name
    value: Any
    operands: tuple[tuple[int | None, Any], ...] = ()  # (j of vⱼ, or None for a constant; value)
    name: str = ""  # the argument name, for inputs
    var: Var | None = None  # the tape node behind it

    @property
    def parents(self) -> tuple[int, ...]:
        """The indices j of the nodes this one was computed from, one per use."""
        return tuple(j for j, _ in self.operands if j is not None)


@dataclass(frozen=True)
class TraceLine:
    """One line of a trace: ``target = formula = numbers = value``.

    ``node`` is the index of the node whose value, tangent or adjoint the line
    sets; ``edge`` is ``(j, i)`` when the line pulls an adjoint from node i
    back to node j.  ``spoken`` is the line for a screen reader.
    """

    node: int | None
    target: str
    formula: str
    numbers: str
    value: Any
    spoken: str
    edge: tuple[int, int] | None = None
    argnum: int | None = None

    def text(self, digits: int = 5) -> str:
        """The line on one row: v₂ = v₋₁ × v₀ = 2 × 5 = 10."""
        return " = ".join(cell for cell in _cells(self, digits) if cell)


# ----------------------------------------------------------------------------
# Tables: HTML for notebooks and the site, text for a terminal
# ----------------------------------------------------------------------------

# In dark mode the book's theme (pydata-sphinx-theme) paints every HTML cell
# output light, for outputs written for a white page. Ours follow the page's
# own colours, so they take the page's background instead.
THEME_CSS = """
html[data-theme=dark] .bd-content div.cell_output .output.text_html:has(.adl-trace,.adl-step){
  background-color:transparent;color:inherit;padding:0}
"""

# Colours come from the page (currentColor, translucent greys), so the table
# reads on a light and on a dark background; the wrapper scrolls sideways on a
# narrow screen instead of squeezing the formulas.
TABLE_CSS = """
.adl-trace{overflow-x:auto;max-width:100%;margin:0.5em 0 1em 0}
.adl-trace table{border-collapse:collapse;font-variant-numeric:tabular-nums;color:inherit;background:transparent;
  margin:0;font-size:0.95em;line-height:1.4}
.adl-trace caption{caption-side:top;text-align:left;font-weight:600;padding:0 0 0.3em 0;color:inherit}
.adl-trace th,.adl-trace td{padding:0.2em 0.6em 0.2em 0;text-align:left;vertical-align:top;border:0;
  border-bottom:1px solid rgba(128,128,128,0.3);background:transparent;color:inherit}
.adl-trace thead th{font-weight:600;font-size:0.9em;border-bottom:1px solid rgba(128,128,128,0.6)}
.adl-trace tbody th,.adl-trace td{white-space:nowrap}
.adl-trace tbody th,.adl-trace td.adl-value{font-weight:600}
@media (max-width:600px){.adl-trace table{font-size:0.85em}}
.adl-trace tr.adl-result th,.adl-trace tr.adl-result td{border-top:1px solid rgba(128,128,128,0.6)}
.adl-trace tr:nth-child(n){background:transparent}
""" + THEME_CSS


def _cells(line: TraceLine, digits: int) -> list[str]:
    """target, formula, numbers, value; a cell that only repeats the value is left empty."""
    value = format_value(line.value, digits)
    numbers = "" if line.numbers in (value, line.formula) else line.numbers
    formula = "" if line.formula == value else line.formula
    return [line.target, formula, numbers, value]


def lines_as_text(title: str, lines: Sequence[TraceLine], digits: int = 5) -> str:
    """A trace as aligned plain text, one line per row."""
    rows = [_cells(line, digits) for line in lines]
    widths = [max((_width(row[k]) for row in rows), default=0) for k in range(4)]
    out = [title]
    for row in rows:
        cells = [row[0] + " " * (widths[0] - _width(row[0]))]
        for cell, width in zip(row[1:], widths[1:]):
            if width:
                cells.append(("= " + cell if cell else "  ") + " " * (width - _width(cell)))
        out.append(" ".join(cells).rstrip())
    return "\n".join(out)


def _width(text: str) -> int:
    """Columns a string takes in a terminal: combining marks (the dot of v̇) take none."""
    return sum(not unicodedata.combining(c) for c in text)


def lines_as_html(title: str, lines: Sequence[TraceLine], digits: int = 5, results: int = 0) -> str:
    """A trace as an HTML table; the last ``results`` lines are set apart as the result."""
    rows = []
    for k, line in enumerate(lines):
        css = ' class="adl-result"' if results and k == len(lines) - results else ""
        target, *cells = (html.escape(cell) for cell in _cells(line, digits))
        formula, numbers, value = (f"= {cell}" if cell else "" for cell in cells)
        rows.append(f'<tr{css}><th scope="row">{target}</th><td>{formula}</td><td>{numbers}</td>'
                    f'<td class="adl-value">{value}</td></tr>')
    return (
        f'<div class="adl-trace"><style>{TABLE_CSS}</style><table><caption>{html.escape(title)}</caption>'
        '<thead><tr><th scope="col">line</th><th scope="col">formula</th>'
        '<th scope="col">with the numbers</th><th scope="col">value</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


class _Table:
    """A titled list of trace lines that shows itself as a table."""

    title: str
    lines: list[TraceLine]
    digits: int
    results: int = 0  # how many lines at the end give the result

    def __str__(self) -> str:
        return lines_as_text(self.title, self.lines, self.digits)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return lines_as_html(self.title, self.lines, self.digits, self.results)


# ----------------------------------------------------------------------------
# The primal trace
# ----------------------------------------------------------------------------


class EvaluationTrace(_Table):
    """The primal trace of one evaluation of ``f``; the start of its tangent and adjoint traces.

    ``nodes`` are the ``vᵢ`` in evaluation order, ``inputs`` and ``outputs``
    the nodes of the arguments and of the results, ``graph`` the
    :class:`~autodiff_lessons.graphs.Graph` the trace reads.
    """

    def __init__(self, graph: Graph, digits: int = 5, name: str = "f") -> None:
        self.graph = graph
        self.digits = digits
        self.name = name
        n = len(graph.inputs)
        self.nodes: list[TraceNode] = []
        index_of: dict[int, int] = {}  # id(graph node) -> i
        for k, node in enumerate(graph.inputs):
            index_of[id(node)] = k - n + 1
            self.nodes.append(TraceNode(k - n + 1, "input", node.value, name=node.name, var=node.var))
        i = 0
        for node in graph.nodes:
            if node.op in ("input", "const"):
                continue
            i += 1
            index_of[id(node)] = i
            var = node.var
            traced = dict(zip(var.argnums, var.parents))
            graph_parents = iter(node.parents)
            operands = []
            for argnum, arg in enumerate(var.args):
                if argnum in traced:
                    parent = next(graph_parents)
                    operands.append((index_of[id(parent)], arg))
                else:
                    if var.primitive.vjp_rule(argnum) is not None:
                        next(graph_parents)  # the graph's node for this constant
                    operands.append((None, arg))
            self.nodes.append(TraceNode(i, node.op, node.value, tuple(operands), var=var))
        self._by_index = {node.index: node for node in self.nodes}
        self.inputs = self.nodes[:n]
        # An output is a node, or a constant when it does not depend on the inputs.
        self.outputs: list[TraceNode | None] = [
            self._by_index[index_of[id(out)]] if id(out) in index_of else None for out in graph.outputs
        ]
        self._output_values = [out.value for out in graph.outputs]
        self.title = f"Primal trace of {name} at " + ", ".join(
            f"{_pretty_name(x.name)} = {format_value(x.value, digits)}" for x in self.inputs)
        self.lines = [self._primal_line(node) for node in self.nodes] + self._output_lines()
        self.results = len(self.outputs)

    # -- names ---------------------------------------------------------------

    def output_name(self, k: int, mark: str = "", spoken: bool = False) -> str:
        """y, or y₁, y₂... for a function with several outputs."""
        name = "y" if len(self.outputs) == 1 else f"y{k + 1}"
        return _spoken_name(name, mark) if spoken else _pretty_name(name, mark)

    def node(self, i: int) -> TraceNode:
        """The node vᵢ."""
        return self._by_index[i]

    def expression(self, node: TraceNode, spoken: bool = False) -> tuple[str, str]:
        """How ``node`` was computed, with names and with numbers: ("v₋₁ × v₀", "2 × 5")."""
        if node.op == "input":
            name = _spoken_name(node.name) if spoken else _pretty_name(node.name)
            return name, self._value(node.value, spoken)
        template = EXPRESSIONS.get(node.op)
        if template is None:
            template = node.op + "(" + ",".join("{%d}" % k for k in range(len(node.operands))) + ")"
        names, numbers = {}, {}
        for k, (j, value) in enumerate(node.operands):
            numbers[str(k)] = self._value(value, spoken)
            names[str(k)] = numbers[str(k)] if j is None else (_v_spoken(j) if spoken else _v(j))
        return _render(template, names, spoken), _render(template, numbers, spoken)

    def _value(self, value: Any, spoken: bool = False) -> str:
        text = format_value(value, self.digits)
        return _spoken_value(text) if spoken else text

    # -- the primal trace ----------------------------------------------------

    def _primal_line(self, node: TraceNode) -> TraceLine:
        formula, numbers = self.expression(node)
        spoken_formula, _ = self.expression(node, spoken=True)
        value = self._value(node.value, spoken=True)
        return TraceLine(node.index, _v(node.index), formula, numbers, node.value,
                         f"{_v_spoken(node.index)} = {spoken_formula} = {value}")

    def _output_lines(self) -> list[TraceLine]:
        lines = []
        for k, (out, value) in enumerate(zip(self.outputs, self._output_values)):
            y = self.output_name(k)
            if out is None:
                lines.append(TraceLine(None, y, self._value(value), "", value, f"{self.output_name(k, spoken=True)} = "
                                       f"{self._value(value, True)}, a constant"))
            else:
                lines.append(TraceLine(out.index, y, _v(out.index), "", value,
                                       f"{self.output_name(k, spoken=True)} = {_v_spoken(out.index)} = "
                                       f"{self._value(value, True)}"))
        return lines

    # -- the passes ------------------------------------------------------------

    def tangents(self, *seeds: Any) -> "TangentTrace":
        """The tangent trace of one forward-mode pass with input tangents ``seeds``.

        One seed per input, as in ``ad.jvp`` (default: 1 for the first input,
        0 for the others).
        """
        return TangentTrace(self, seeds)

    def adjoints(self, cotangent: Any = 1.0, output: int = 0) -> "AdjointTrace":
        """The adjoint trace of one reverse-mode pass pulling ``cotangent`` back from an output."""
        return AdjointTrace(self, cotangent, output)

    def term(self, node: TraceNode, argnum: int, carried: str, carried_value: Any,
             contribution: Any, spoken: bool = False) -> tuple[str, str]:
        """The term argument ``argnum`` of ``node`` adds, as (formula, numbers).

        ``carried`` names what the rule is applied to: the tangent of the
        argument in forward mode, the adjoint of ``node`` in reverse mode.
        """
        j = node.operands[argnum][0]
        templates = TERMS.get(node.op, ())
        scalar = all(np.ndim(v) == 0 for v in (carried_value, node.value, *(v for _, v in node.operands)))
        if argnum >= len(templates):  # no template: say what it is, show the rule's number
            partial = (f"∂{_v_spoken(node.index)} over ∂{_v_spoken(j)}" if spoken
                       else f"∂{_v(node.index)}/∂{_v(j)}")
            joiner = " times " if spoken else " × "
            return carried + joiner + partial, self._value(contribution, spoken)
        names = {"t": carried, "ans": _v_spoken(node.index) if spoken else _v(node.index)}
        numbers = {"t": self._value(carried_value, spoken), "ans": self._value(node.value, spoken)}
        for k, (jk, value) in enumerate(node.operands):
            numbers[str(k)] = self._value(value, spoken)
            names[str(k)] = numbers[str(k)] if jk is None else (_v_spoken(jk) if spoken else _v(jk))
        formula = _render(templates[argnum], names, spoken)
        return formula, _render(templates[argnum], numbers, spoken) if scalar else ""


# ----------------------------------------------------------------------------
# The tangent trace: forward mode
# ----------------------------------------------------------------------------


class TangentTrace(_Table):
    """One forward-mode pass written out: the tangent ``v̇ᵢ`` of every node, in evaluation order.

    Each ``v̇ᵢ`` is the sum, over the arguments of its primitive, of the JVP
    rule applied to the argument's tangent, exactly as :class:`~autodiff_lessons.forward.Dual`
    computes it.  ``by_node`` maps i to ``v̇ᵢ``; ``output_tangents`` holds the
    tangent of each output: the JVP ``J v``.
    """

    def __init__(self, primal: EvaluationTrace, seeds: Sequence[Any]) -> None:
        self.primal, self.digits = primal, primal.digits
        inputs = primal.inputs
        if not seeds:
            seeds = tuple(1.0 if k == 0 else 0.0 for k in range(len(inputs)))
        if len(seeds) != len(inputs):
            raise ValueError(f"{primal.name} has {len(inputs)} inputs but {len(seeds)} tangents were given; "
                             "give one tangent per input.")
        self.seeds = tuple(as_float(s, "tangent") for s in seeds)
        for node, seed in zip(inputs, self.seeds):
            check_same_shape(seed, node.value, f"tangent for {node.name}", "input")
        self.by_node: dict[int, Any] = {}
        self.lines: list[TraceLine] = []
        for node, seed in zip(inputs, self.seeds):
            self.by_node[node.index] = seed
            self.lines.append(TraceLine(
                node.index, _v(node.index, DOT), _pretty_name(node.name, DOT), self.primal._value(seed), seed,
                f"{_v_spoken(node.index, DOT)} = {_spoken_name(node.name, DOT)} = {primal._value(seed, True)}"))
        for node in primal.nodes[len(inputs):]:
            self.lines.append(self._push_forward(node))
        self.output_tangents = tuple(
            self.by_node[out.index] if out is not None else np.zeros_like(value)
            for out, value in zip(primal.outputs, primal._output_values))
        for k, (out, tangent) in enumerate(zip(primal.outputs, self.output_tangents)):
            source = _v(out.index, DOT) if out is not None else "0"
            spoken_source = _v_spoken(out.index, DOT) if out is not None else "0"
            self.lines.append(TraceLine(
                out.index if out is not None else None, primal.output_name(k, DOT), source, "", tangent,
                f"{primal.output_name(k, DOT, spoken=True)} = {spoken_source} = {primal._value(tangent, True)}"))
        self.results = len(primal.outputs)
        seed_text = ", ".join(format_value(s, self.digits) for s in self.seeds)
        self.title = f"Tangent trace (forward mode), seed ({seed_text})"

    def _push_forward(self, node: TraceNode) -> TraceLine:
        # As Dual.apply does: each traced argument's tangent through its JVP rule, summed in argument order.
        var = node.var
        total = None
        formulas, numbers, spoken = [], [], []
        for argnum in var.argnums:
            rule = var.primitive.jvp_rule(argnum)
            j = node.operands[argnum][0]
            tangent = self.by_node[j]
            contribution = rule(tangent, var.primal, *var.args, **(var.kwargs or {}))
            total = contribution if total is None else total + contribution
            formula, number = self.primal.term(node, argnum, _v(j, DOT), tangent, contribution)
            formulas.append(formula)
            numbers.append(number)
            spoken.append(self.primal.term(node, argnum, _v_spoken(j, DOT), tangent, contribution, spoken=True)[0])
        value = fit_tangent(var.primitive, total, var.primal)
        self.by_node[node.index] = value
        return TraceLine(node.index, _v(node.index, DOT), _join(formulas), _join(numbers) if all(numbers) else "",
                         value, f"{_v_spoken(node.index, DOT)} = {_join(spoken, True)} = "
                                f"{self.primal._value(value, True)}")


def _join(terms: Sequence[str], spoken: bool = False) -> str:
    """Terms added up: a term that starts with a minus is subtracted."""
    out = terms[0] if terms else "0"
    for term in terms[1:]:
        if spoken:
            out += (" " + term) if term.startswith("minus ") else " plus " + term
        else:
            out += (" − " + term[1:]) if term.startswith("−") else " + " + term
    return out


# ----------------------------------------------------------------------------
# The adjoint trace: reverse mode
# ----------------------------------------------------------------------------


class AdjointTrace(_Table):
    """One reverse-mode pass written out: every adjoint contribution, in the order ``backward`` makes it.

    The package's :func:`~autodiff_lessons.reverse.backward` walks the tape
    from the end and hands over each node with its complete adjoint ``v̄ᵢ``;
    each of the node's arguments ``vⱼ`` then gets ``v̄ⱼ += VJP rule(v̄ᵢ)``,
    one line per edge, and an argument used twice (fan-out) is added to twice.
    Every adjoint that ``backward`` hands over is checked against the sum of
    the lines.  ``by_node`` maps j to ``v̄ⱼ``; ``input_adjoints`` holds one per
    input: the VJP ``uᵀ J``.
    """

    def __init__(self, primal: EvaluationTrace, cotangent: Any, output: int) -> None:
        self.primal, self.digits = primal, primal.digits
        if not 0 <= output < len(primal.outputs):
            raise ValueError(f"{primal.name} has {len(primal.outputs)} outputs; output={output} is not one of them.")
        self.output = output
        out = primal.outputs[output]
        value = primal._output_values[output]
        self.cotangent = as_float(cotangent, "cotangent")
        check_same_shape(self.cotangent, value, "cotangent", "output")
        self.by_node: dict[int, Any] = {}
        self.lines: list[TraceLine] = []
        if out is not None:
            self._pull_back(out)
        self.input_adjoints = tuple(self.by_node.get(x.index, np.zeros_like(x.value)) for x in primal.inputs)
        for x, adjoint in zip(primal.inputs, self.input_adjoints):
            source = _v(x.index, BAR) if x.index in self.by_node else "0"
            spoken_source = _v_spoken(x.index, BAR) if x.index in self.by_node else "0"
            self.lines.append(TraceLine(
                x.index, _pretty_name(x.name, BAR), source, "", adjoint,
                f"{_spoken_name(x.name, BAR)} = {spoken_source} = {primal._value(adjoint, True)}"))
        self.results = len(primal.inputs)
        y = primal.output_name(output, BAR)
        self.title = f"Adjoint trace (reverse mode), {y} = {format_value(self.cotangent, self.digits)}"

    def _pull_back(self, out: TraceNode) -> None:
        primal = self.primal
        y, y_spoken = primal.output_name(self.output, BAR), primal.output_name(self.output, BAR, spoken=True)
        seed = self.cotangent
        self.lines.append(TraceLine(
            out.index, _v(out.index, BAR), y, primal._value(seed), seed,
            f"{_v_spoken(out.index, BAR)} = {y_spoken} = {primal._value(seed, True)}"))
        index_of_var = {id(node.var): node.index for node in primal.nodes}
        adjoints: dict[int, Any] = {}  # i -> v̄ᵢ as the lines have summed it so far
        adjoints[out.index] = seed
        # The tape behind the graph: the same list vjp's backward pass walks.
        for var, g in backward(primal.graph._tape, out.var, seed):
            i = index_of_var.get(id(var))
            if i is None:
                continue  # pragma: no cover - the graph keeps every node the output depends on
            if not np.array_equal(adjoints[i], g, equal_nan=True):  # pragma: no cover - a bug, not a user error
                raise AssertionError(f"the adjoint trace of {_v(i, BAR)} disagrees with backward")
            self.by_node[i] = g
            node = primal.node(i)
            for argnum, parent in zip(var.argnums, var.parents):
                j = node.operands[argnum][0]
                rule = var.primitive.vjp_rule(argnum)
                share = rule(g, var.primal, *var.args, **(var.kwargs or {}))
                contribution = fit_cotangent(var.primitive, argnum, share, parent.primal)  # as backward does
                formula, numbers = primal.term(node, argnum, _v(i, BAR), g, contribution)
                spoken_term = primal.term(node, argnum, _v_spoken(i, BAR), g, contribution, spoken=True)[0]
                if j in adjoints:  # fan-out: vⱼ is used again, its adjoint adds up
                    before = adjoints[j]
                    adjoints[j] = before + contribution
                    formula = _join([_v(j, BAR), formula])
                    numbers = _join([primal._value(before), numbers]) if numbers else ""
                    spoken_term = _join([_v_spoken(j, BAR), spoken_term], True)
                else:
                    adjoints[j] = contribution
                self.lines.append(TraceLine(
                    j, _v(j, BAR), formula, numbers, adjoints[j],
                    f"{_v_spoken(j, BAR)} = {spoken_term} = {primal._value(adjoints[j], True)}",
                    edge=(j, i), argnum=argnum))


def evaluation_trace(f: Callable[..., Any], *args: Any, digits: int = 5) -> EvaluationTrace:
    """Run ``f(*args)`` once and return its evaluation trace (the primal trace).

    ``.tangents(*seeds)`` gives the tangent trace of a forward-mode pass,
    ``.adjoints(cotangent)`` the adjoint trace of a reverse-mode pass.
    Values are shown with ``digits`` significant digits.

    >>> import numpy as np
    >>> import autodiff_lessons as ad
    >>> t = ad.evaluation_trace(lambda x1, x2: np.log(x1) + x1 * x2 - np.sin(x2), 2.0, 5.0)
    >>> print(t)
    Primal trace of f at x₁ = 2, x₂ = 5
    v₋₁ = x₁                             = 2
    v₀  = x₂                             = 5
    v₁  = ln v₋₁   = ln 2                = 0.69315
    v₂  = v₋₁ × v₀ = 2 × 5               = 10
    v₃  = v₁ + v₂  = 0.69315 + 10        = 10.693
    v₄  = sin v₀   = sin 5               = −0.95892
    v₅  = v₃ − v₄  = 10.693 − (−0.95892) = 11.652
    y   = v₅                             = 11.652
    >>> print(t.tangents(1.0, 0.0).output_tangents)
    (np.float64(5.5),)
    """
    name = getattr(f, "__name__", "f")
    return EvaluationTrace(trace(f, *args), digits, "f" if name == "<lambda>" else name)
