"""Watch a derivative being computed, one step at a time, with no kernel.

:func:`step_through` traces a function (:mod:`autodiff_lessons.traces`) and
returns a view that a notebook shows as one self-contained piece of HTML: the
graph drawn as inline SVG (laid out here, no Graphviz, no network), the trace
as a table, and *Back*, *Step* and *Play* buttons. Stepping walks the forward
pass (each node's value, and its tangent in forward mode, appears as it is
computed), then the reverse pass (the node being processed and the edge its
adjoint flows along are highlighted, and the adjoint of the node at the other
end of the edge adds up). The arrow keys step too, and a live region says each
step in words for screen readers.

Without JavaScript (an untrusted notebook, a reader with scripts off) the
same HTML shows the finished graph and the whole trace: the controls only
appear when the script runs. In a terminal the view prints as the list of steps.

>>> import numpy as np
>>> import autodiff_lessons as ad
>>> view = ad.step_through(lambda x1, x2: x1 * x2 + np.sin(x1), 0.0, 3.0, tangents=(1.0, 0.0))
>>> len(view.steps)
6
>>> print(view.steps[2].lines[0].text())
v₁ = v₋₁ × v₀ = 0 × 3 = 0
"""

from __future__ import annotations

import html
import json
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from .traces import THEME_CSS, AdjointTrace, EvaluationTrace, TangentTrace, TraceLine, _cells, _pretty_name, \
    evaluation_trace, format_value


@dataclass(frozen=True)
class Step:
    """One step of the view: the trace lines it adds and what it highlights.

    ``current`` are the nodes being computed (forward) or processed
    (reverse), ``edges`` the numbers of the edges used (see
    :attr:`StepThrough.edges`), ``updated`` the nodes whose adjoint changed,
    ``shows`` the node fields it fills in: ``(node, "value" | "tangent" | "adjoint", text)``.
    """

    phase: str  # "forward" or "reverse"
    lines: tuple[TraceLine, ...]
    current: tuple[int, ...]
    edges: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    shows: tuple[tuple[int, str, str], ...] = ()


class StepThrough:
    """A function's forward pass (with tangents, if seeded) and reverse pass, as steps.

    ``trace`` is the :class:`~autodiff_lessons.traces.EvaluationTrace`,
    ``tangent_trace`` and ``adjoint_trace`` the passes shown (or None),
    ``edges`` the graph's edges as ``(j, i, argnum)``: argument ``argnum`` of
    node i is node j.  ``steps`` lists the ``Step`` objects in order.
    """

    def __init__(self, trace: EvaluationTrace, tangents: Sequence[Any] | None = None, cotangent: Any = None,
                 output: int = 0, interval: float = 1.2) -> None:
        self.trace = trace
        self.digits = trace.digits
        self.interval = interval
        self.tangent_trace: TangentTrace | None = trace.tangents(*tangents) if tangents is not None else None
        self.adjoint_trace: AdjointTrace | None = trace.adjoints(cotangent, output) if cotangent is not None else None
        self.edges = [(j, node.index, argnum) for node in trace.nodes
                      for argnum, (j, _) in enumerate(node.operands) if j is not None]
        self.steps = self._forward_steps() + (self._reverse_steps() if self.adjoint_trace else [])

    # -- the steps ------------------------------------------------------------

    def _field(self, line: TraceLine, field: str) -> tuple[int, str, str]:
        """What a node shows once ``line`` has run: ("value" | "tangent" | "adjoint") and the number."""
        return (line.node, field, f"{field} {format_value(line.value, self.digits)}")

    def _forward_steps(self) -> list[Step]:
        trace, tangents = self.trace, self.tangent_trace
        count = len(trace.nodes)
        steps = []
        for k, node in enumerate(trace.nodes):
            lines = [trace.lines[k]] + ([tangents.lines[k]] if tangents else [])
            shows = [self._field(trace.lines[k], "value")] + ([self._field(tangents.lines[k], "tangent")]
                                                             if tangents else [])
            edges = tuple(e for e, (_, i, _) in enumerate(self.edges) if i == node.index)
            steps.append(Step("forward", tuple(lines), (node.index,), edges, (), tuple(shows)))
        results = trace.lines[count:] + (tangents.lines[count:] if tangents else [])
        outputs = tuple(dict.fromkeys(out.index for out in trace.outputs if out is not None))
        steps.append(Step("forward", tuple(results), outputs))
        return steps

    def _reverse_steps(self) -> list[Step]:
        adjoints = self.adjoint_trace
        edge_number = {edge: e for e, edge in enumerate(self.edges)}
        steps = []
        lines = adjoints.lines[:-len(self.trace.inputs)]
        for line in lines:
            if line.edge is None:  # the seed: the output's adjoint
                steps.append(Step("reverse", (line,), (line.node,), (), (), (self._field(line, "adjoint"),)))
                continue
            j, i = line.edge
            edge = edge_number[(j, i, line.argnum)]
            steps.append(Step("reverse", (line,), (i,), (edge,), (j,), (self._field(line, "adjoint"),)))
        results = adjoints.lines[len(lines):]
        steps.append(Step("reverse", tuple(results), tuple(x.index for x in self.trace.inputs)))
        return steps

    def caption(self, k: int) -> str:
        """What step k (1-based) shows, as the view writes it above the graph."""
        step = self.steps[k - 1]
        pass_name = "forward pass" if step.phase == "forward" else "reverse pass"
        return (f"Step {k} of {len(self.steps)}, {pass_name}: "
                + "; ".join(line.text(self.digits) for line in step.lines))

    def spoken(self, k: int) -> str:
        """Step k in words, for the live region a screen reader reads out."""
        step = self.steps[k - 1]
        pass_name = "forward pass" if step.phase == "forward" else "reverse pass"
        return f"Step {k} of {len(self.steps)}, {pass_name}: " + "; ".join(line.spoken for line in step.lines) + "."

    def __str__(self) -> str:
        return "\n".join([self._title()] + [self.caption(k) for k in range(1, len(self.steps) + 1)])

    __repr__ = __str__

    def _title(self) -> str:
        passes = ["forward pass" + (" with tangents" if self.tangent_trace else "")]
        if self.adjoint_trace:
            passes.append("reverse pass")
        inputs = ", ".join(f"{_pretty_name(x.name)} = {format_value(x.value, self.digits)}" for x in self.trace.inputs)
        return f"Step-through of {self.trace.name} at {inputs}: " + " and ".join(passes)

    # -- HTML -------------------------------------------------------------------

    def _repr_html_(self) -> str:
        return render_html(self, "adl-" + secrets.token_hex(5))


# ----------------------------------------------------------------------------
# Layout: layers from the inputs up, dummy points where an edge skips a layer
# ----------------------------------------------------------------------------

CHAR = 7.3  # width of one character at 13px: 6.9 measured in Chromium, and some room
LINE = 17
PAD = 8
GAP_X, GAP_Y = 18, 42


def _text_width(text: str) -> float:
    return sum(0 if unicodedata.combining(c) else CHAR for c in text)


@dataclass
class _Box:
    key: Any  # node index, or ("dummy", edge, layer)
    layer: int
    width: float
    preds: list[Any]
    x: float = 0.0


def layout(view: StepThrough, widths: dict[int, float], height: float) -> tuple[dict[Any, tuple[float, float]], dict[int, list[Any]], float, float]:
    """Place the nodes: inputs at the bottom, each node a layer above its highest argument.

    Returns the centre of every node and dummy point, the chain of points each
    edge passes through, and the width and height of the drawing.
    """
    trace = view.trace
    layer: dict[int, int] = {}
    for node in trace.nodes:
        layer[node.index] = 1 + max((layer[j] for j in node.parents), default=-1)
    boxes: dict[Any, _Box] = {i: _Box(i, layer[i], widths[i], []) for i in layer}
    chains: dict[int, list[Any]] = {}
    for e, (j, i, _) in enumerate(view.edges):
        chain = [j]
        for level in range(layer[j] + 1, layer[i]):
            key = ("dummy", e, level)
            boxes[key] = _Box(key, level, 10.0, [chain[-1]])
            chain.append(key)
        boxes[i].preds.append(chain[-1])
        chains[e] = chain + [i]
    top = max(layer.values())
    by_layer = [[b for b in boxes.values() if b.layer == level] for level in range(top + 1)]
    x = 0.0
    for box in by_layer[0]:  # the inputs, in argument order
        box.x = x + box.width / 2
        x += box.width + GAP_X
    for level in range(1, top + 1):
        row = by_layer[level]
        wanted = {id(b): sum(boxes[p].x for p in b.preds) / len(b.preds) for b in row}
        row.sort(key=lambda b: (wanted[id(b)], isinstance(b.key, tuple), str(b.key)))
        for k, box in enumerate(row):
            box.x = wanted[id(box)]
            if k:
                left = row[k - 1]
                box.x = max(box.x, left.x + (left.width + box.width) / 2 + GAP_X)
        shift = sum(wanted[id(b)] - b.x for b in row) / len(row)
        for box in row:
            box.x += shift
    left = min(b.x - b.width / 2 for b in boxes.values())
    right = max(b.x + b.width / 2 for b in boxes.values())
    margin = 4.0
    width = right - left + 2 * margin
    total_height = (top + 1) * height + top * GAP_Y + 2 * margin
    centres = {}
    for key, box in boxes.items():
        cy = margin + (top - box.layer) * (height + GAP_Y) + height / 2
        centres[key] = (box.x - left + margin, cy)
    return centres, chains, width, total_height


# ----------------------------------------------------------------------------
# HTML, SVG and the script
# ----------------------------------------------------------------------------

ACCENT = "#f08c00"  # orange: visible on white and on a dark page alike

CSS = """
.adl-step{margin:0.5em 0 1.5em 0;max-width:100%;border-radius:0.4em}
.adl-step:focus-visible{outline:3px solid ACCENT;outline-offset:4px}
.adl-controls{display:flex;flex-wrap:wrap;gap:0.4em;align-items:center;margin:0 0 0.4em 0}
.adl-controls[hidden]{display:none}
.adl-controls button{font:inherit;color:inherit;background:rgba(128,128,128,0.14);border:1px solid rgba(128,128,128,0.7);
  border-radius:0.35em;padding:0.3em 0.9em;min-height:2.5em;min-width:4.5em;cursor:pointer}
.adl-controls button:hover{background:rgba(128,128,128,0.28)}
.adl-controls button:focus-visible{outline:3px solid ACCENT;outline-offset:2px}
.adl-controls button[aria-disabled="true"]{opacity:0.45;cursor:default}
.adl-controls button[aria-pressed="true"]{border-color:ACCENT;border-width:2px}
.adl-hint{font-size:0.85em;opacity:0.8}
.adl-caption{margin:0 0 0.5em 0;min-height:3em;font-variant-numeric:tabular-nums}
.adl-sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);
  white-space:nowrap;border:0}
.adl-figure{overflow-x:auto;max-width:100%}
svg.adl-graph{display:block;max-width:100%;height:auto;color:inherit;font-size:13px;overflow:visible}
svg.adl-graph text{fill:currentColor;font-family:inherit;font-size:13px}
svg.adl-graph text.adl-head{font-weight:600}
.adl-node rect{fill:rgba(128,128,128,0.10);stroke:currentColor;stroke-opacity:0.6;stroke-width:1}
.adl-node.adl-input rect{fill:rgba(80,140,230,0.18)}
.adl-node.adl-output rect{stroke-width:2;stroke-opacity:0.9}
.adl-node.adl-current rect{fill:rgba(240,140,0,0.30);stroke:ACCENT;stroke-opacity:1;stroke-width:3.5}
.adl-node.adl-updated rect{fill:rgba(240,140,0,0.14);stroke:ACCENT;stroke-opacity:1;stroke-width:2.5;stroke-dasharray:6 3}
.adl-edge .adl-line{fill:none;stroke:currentColor;stroke-opacity:0.55;stroke-width:1.3}
.adl-edge .adl-tip{fill:currentColor;fill-opacity:0.7;stroke:none}
.adl-edge.adl-active .adl-line{stroke:ACCENT;stroke-opacity:1;stroke-width:3.5}
.adl-edge.adl-active .adl-tip{fill:ACCENT;fill-opacity:1}
.adl-steps{overflow-x:auto;max-width:100%;margin-top:0.5em}
.adl-steps table{border-collapse:collapse;font-variant-numeric:tabular-nums;color:inherit;background:transparent;
  margin:0;font-size:0.92em;line-height:1.45}
.adl-steps caption{caption-side:top;text-align:left;font-weight:600;color:inherit;padding:0 0 0.3em 0}
.adl-steps th,.adl-steps td{padding:0.15em 0.6em 0.15em 0.3em;text-align:left;vertical-align:top;border:0;
  border-bottom:1px solid rgba(128,128,128,0.3);background:transparent;color:inherit}
.adl-steps tbody th[scope="row"]{white-space:nowrap;font-weight:600}
.adl-steps th[scope="rowgroup"]{font-weight:600;padding-top:0.6em;border-bottom:1px solid rgba(128,128,128,0.6)}
.adl-steps td > span{display:block}
.adl-steps tr.adl-now th,.adl-steps tr.adl-now td{background:rgba(240,140,0,0.22)}
.adl-steps tr.adl-now th[scope="row"]{box-shadow:inset 4px 0 0 ACCENT}
.adl-steps tr.adl-future td{visibility:hidden}
.adl-part{white-space:nowrap}
""".replace("ACCENT", ACCENT) + THEME_CSS

# The script finds its view by id; everything it needs is in the view's JSON.
SCRIPT = r"""
(function () {
  var root = document.getElementById(ID);
  if (!root || root.getAttribute("data-ready")) return;
  root.setAttribute("data-ready", "1");
  var data = JSON.parse(root.querySelector("script.adl-data").textContent);
  var steps = data.steps, n = steps.length, at = 0, timer = null;
  var fields = {}, nodes = {}, edges = {}, buttons = {};
  root.querySelectorAll("text[data-field]").forEach(function (t) {
    fields[t.parentNode.getAttribute("data-node") + ":" + t.getAttribute("data-field")] = t;
  });
  root.querySelectorAll("g[data-node]").forEach(function (g) { nodes[g.getAttribute("data-node")] = g; });
  root.querySelectorAll("g[data-edge]").forEach(function (g) { edges[g.getAttribute("data-edge")] = g; });
  root.querySelectorAll("button[data-action]").forEach(function (b) { buttons[b.getAttribute("data-action")] = b; });
  var rows = root.querySelectorAll("tr[data-step]");
  var caption = root.querySelector(".adl-caption"), status = root.querySelector(".adl-sr");

  function show(k, announce) {
    at = Math.max(0, Math.min(n, k));
    Object.keys(fields).forEach(function (key) { fields[key].textContent = ""; });
    for (var s = 0; s < at; s++) {
      steps[s].shows.forEach(function (f) { fields[f[0] + ":" + f[1]].textContent = f[2]; });
    }
    Object.keys(nodes).forEach(function (key) { nodes[key].classList.remove("adl-current", "adl-updated"); });
    Object.keys(edges).forEach(function (key) { edges[key].classList.remove("adl-active"); });
    var step = at ? steps[at - 1] : null;
    if (step) {
      step.current.forEach(function (i) { nodes[i].classList.add("adl-current"); });
      step.updated.forEach(function (i) { nodes[i].classList.add("adl-updated"); });
      step.edges.forEach(function (e) { edges[e].classList.add("adl-active"); });
    }
    rows.forEach(function (row) {
      var s = +row.getAttribute("data-step");
      row.classList.toggle("adl-now", s === at);
      row.classList.toggle("adl-future", s > at);
      if (s === at) { row.setAttribute("aria-current", "step"); } else { row.removeAttribute("aria-current"); }
    });
    caption.textContent = step ? step.caption : data.start;
    if (announce) status.textContent = step ? step.spoken : data.start;
    buttons.back.setAttribute("aria-disabled", String(at === 0));
    buttons.step.setAttribute("aria-disabled", String(at === n));
    root.setAttribute("data-step", String(at));
  }
  function pause() {
    if (timer !== null) { clearInterval(timer); timer = null; }
    buttons.play.setAttribute("aria-pressed", "false");
    buttons.play.textContent = "Play";
  }
  function play() {
    if (at === n) show(0, true);
    buttons.play.setAttribute("aria-pressed", "true");
    buttons.play.textContent = "Pause";
    timer = setInterval(function () {
      show(at + 1, true);
      if (at === n) pause();
    }, data.interval);
  }
  buttons.back.addEventListener("click", function () { pause(); show(at - 1, true); });
  buttons.step.addEventListener("click", function () { pause(); show(at + 1, true); });
  buttons.play.addEventListener("click", function () { if (timer === null) { play(); } else { pause(); } });
  root.addEventListener("keydown", function (event) {
    var to = {ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: n}[event.key];
    if (to === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    pause();
    show(to, true);
  });
  root.querySelector(".adl-controls").hidden = false;
  show(0, false);
})();
"""


def _svg(view: StepThrough, uid: str) -> str:
    trace = view.trace
    fields = ["value"] + (["tangent"] if view.tangent_trace else []) + (["adjoint"] if view.adjoint_trace else [])
    final = {"value": {n.index: n.value for n in trace.nodes}}
    if view.tangent_trace:
        final["tangent"] = view.tangent_trace.by_node
    if view.adjoint_trace:
        final["adjoint"] = view.adjoint_trace.by_node
    outputs = {}
    for k, out in enumerate(trace.outputs):
        if out is not None:
            outputs.setdefault(out.index, []).append(trace.output_name(k))
    shown: dict[int, list[str]] = {}  # every text a node shows at some step, for its width
    for step in view.steps:
        for i, _, text in step.shows:
            shown.setdefault(i, []).append(text)
    heads, texts, widths = {}, {}, {}
    for k, node in enumerate(trace.nodes):
        head = trace.lines[k].target + " = " + trace.lines[k].formula
        if node.index in outputs:
            head += " → " + ", ".join(outputs[node.index])
        lines = [f"{field} {format_value(final[field][node.index], view.digits)}"
                 if node.index in final[field] else "" for field in fields]
        heads[node.index], texts[node.index] = head, lines
        widths[node.index] = max(_text_width(t) for t in [head, *lines, *shown.get(node.index, [])]) + 2 * PAD
    height = LINE * (1 + len(fields)) + PAD * 1.5
    centres, chains, width, total = layout(view, widths, height)

    parts = []
    # Edges: leave the top of the argument, enter the bottom of the result, one
    # point per use, so x * x draws two arrows.
    out_uses: dict[int, list[int]] = {}
    for e, (j, i, _) in enumerate(view.edges):
        out_uses.setdefault(j, []).append(e)
    for j, uses in out_uses.items():
        uses.sort(key=lambda e: centres[chains[e][1]][0])
    in_uses: dict[int, list[int]] = {}
    for e, (j, i, _) in enumerate(view.edges):
        in_uses.setdefault(i, []).append(e)

    def spread(k: int, count: int, w: float) -> float:
        step = min(22.0, (w - 2 * PAD) / max(count, 1))
        return (k - (count - 1) / 2) * step

    for e, (j, i, argnum) in enumerate(view.edges):
        (xj, yj), (xi, yi) = centres[j], centres[i]
        start = (xj + spread(out_uses[j].index(e), len(out_uses[j]), widths[j]), yj - height / 2)
        end = (xi + spread(in_uses[i].index(e), len(in_uses[i]), widths[i]), yi + height / 2 + 7)
        points = [start] + [centres[key] for key in chains[e][1:-1]] + [end]
        d = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
        for (xa, ya), (xb, yb) in zip(points, points[1:]):
            ym = (ya + yb) / 2
            d += f" C{xa:.1f},{ym:.1f} {xb:.1f},{ym:.1f} {xb:.1f},{yb:.1f}"
        ex, ey = end
        tip = f"M{ex:.1f},{ey - 7:.1f} L{ex - 4.5:.1f},{ey + 1:.1f} L{ex + 4.5:.1f},{ey + 1:.1f} Z"
        parts.append(f'<g class="adl-edge" data-edge="{e}"><path class="adl-line" d="{d}" fill="none" stroke="gray"/>'
                     f'<path class="adl-tip" d="{tip}" fill="gray"/></g>')
    for node in trace.nodes:
        i = node.index
        cx, cy = centres[i]
        w = widths[i]
        x0, y0 = cx - w / 2, cy - height / 2
        css = "adl-node" + (" adl-input" if node.op == "input" else "") + (" adl-output" if i in outputs else "")
        body = [f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{height:.1f}" rx="6" fill="none" stroke="gray"/>',
                f'<text class="adl-head" x="{x0 + PAD:.1f}" y="{y0 + LINE:.1f}">{html.escape(heads[i])}</text>']
        for k, (field, text) in enumerate(zip(fields, texts[i])):
            body.append(f'<text data-field="{field}" x="{x0 + PAD:.1f}" y="{y0 + LINE * (k + 2):.1f}">'
                        f"{html.escape(text)}</text>")
        parts.append(f'<g class="{css}" data-node="{i}">{"".join(body)}</g>')
    described = "; ".join(heads[n.index] for n in trace.nodes)
    return (
        f'<svg class="adl-graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {total:.0f}" '
        f'width="{width:.0f}" height="{total:.0f}" role="img" aria-labelledby="{uid}-title {uid}-desc">'
        f'<title id="{uid}-title">Graph of {html.escape(trace.name)}, inputs at the bottom, arrows towards the '
        f'output</title><desc id="{uid}-desc">{html.escape(described)}.</desc>'
        + "".join(parts) + "</svg>"
    )


def _line_html(line: TraceLine, digits: int) -> str:
    """A trace line that wraps only between its parts: v̇₂ | = v̇₋₁ × v₀ + v₋₁ × v̇₀ | = 1 × 5 + 2 × 0 | = 5."""
    cells = [cell for cell in _cells(line, digits) if cell]
    return " ".join(f'<span class="adl-part">{"= " if k else ""}{html.escape(cell)}</span>'
                    for k, cell in enumerate(cells))


def _table(view: StepThrough) -> str:
    groups: list[tuple[str, list[str]]] = []
    for k, step in enumerate(view.steps, start=1):
        title = ("Forward pass: values" + (" and tangents" if view.tangent_trace else "")
                 if step.phase == "forward" else "Reverse pass: adjoints, last node first")
        if not groups or groups[-1][0] != title:
            groups.append((title, []))
        cells = "".join(f"<span>{_line_html(line, view.digits)}</span>" for line in step.lines)
        groups[-1][1].append(f'<tr data-step="{k}"><th scope="row">{k}</th><td>{cells}</td></tr>')
    bodies = "".join(f'<tbody><tr><th scope="rowgroup" colspan="2">{html.escape(title)}</th></tr>{"".join(rows)}</tbody>'
                     for title, rows in groups)
    return (f'<div class="adl-steps"><table><caption>The trace, step by step</caption>'
            f'<thead><tr><th scope="col">step</th><th scope="col">trace lines</th></tr></thead>{bodies}</table></div>')


def render_html(view: StepThrough, uid: str) -> str:
    """The view as one piece of HTML whose ids all start with ``uid``."""
    n = len(view.steps)
    start = f"Step 0 of {n}: nothing computed yet. Press Step, or the right arrow key, to begin."
    data = {
        "steps": [{"caption": view.caption(k), "spoken": view.spoken(k), "current": list(s.current),
                   "edges": list(s.edges), "updated": list(s.updated), "shows": [list(f) for f in s.shows]}
                  for k, s in enumerate(view.steps, start=1)],
        "start": start,
        "interval": round(view.interval * 1000),
    }
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    title = view._title()
    return (
        f'<div class="adl-step" id="{uid}" role="group" aria-label="{html.escape(title)}" tabindex="0" '
        f'aria-keyshortcuts="ArrowLeft ArrowRight Home End">'
        f"<style>{CSS}</style>"
        f'<p class="adl-title"><strong>{html.escape(title)}</strong></p>'
        f'<div class="adl-controls" hidden>'
        f'<button type="button" data-action="back" aria-controls="{uid}-figure">◀ Back</button>'
        f'<button type="button" data-action="step" aria-controls="{uid}-figure">Step ▶</button>'
        f'<button type="button" data-action="play" aria-pressed="false" aria-controls="{uid}-figure">Play</button>'
        f'<span class="adl-hint">or ← → keys</span></div>'
        f'<p class="adl-caption" aria-hidden="true">All {n} steps done: the graph shows the final values.</p>'
        f'<p class="adl-sr" role="status" aria-live="polite"></p>'
        f'<div class="adl-figure" id="{uid}-figure">{_svg(view, uid)}</div>'
        f"{_table(view)}"
        f'<script type="application/json" class="adl-data">{payload}</script>'
        f"<script>{SCRIPT.replace('ID', json.dumps(uid), 1)}</script>"
        "</div>"
    )


def step_through(f: Callable[..., Any], *args: Any, tangents: Sequence[Any] | None = None, cotangent: Any = None,
                 output: int = 0, digits: int = 5, interval: float = 1.2) -> StepThrough:
    """A step-by-step view of ``f(*args)``: its forward pass, and the derivative passes you ask for.

    ``tangents`` (one per input, as in ``ad.jvp``) adds forward-mode tangents
    to the forward pass; ``cotangent`` adds a reverse pass pulling it back
    from output number ``output``. ``interval`` is the seconds between steps
    when playing.

    >>> import autodiff_lessons as ad
    >>> view = ad.step_through(lambda x: x * x, 3.0, cotangent=1.0)
    >>> print(view)
    Step-through of f at x = 3: forward pass and reverse pass
    Step 1 of 7, forward pass: v₀ = x = 3
    Step 2 of 7, forward pass: v₁ = v₀ × v₀ = 3 × 3 = 9
    Step 3 of 7, forward pass: y = v₁ = 9
    Step 4 of 7, reverse pass: v̄₁ = ȳ = 1
    Step 5 of 7, reverse pass: v̄₀ = v̄₁ × v₀ = 1 × 3 = 3
    Step 6 of 7, reverse pass: v̄₀ = v̄₀ + v₀ × v̄₁ = 3 + 3 × 1 = 6
    Step 7 of 7, reverse pass: x̄ = v̄₀ = 6
    """
    return StepThrough(evaluation_trace(f, *args, digits=digits), tangents, cotangent, output, interval)
