"""The step-through view: its steps follow the traces, and its HTML stands on its own.

What a browser does with the HTML (pressing the buttons, the keys, dark mode)
is tested in tests/browser/test_step_through.py on the built book.
"""

from __future__ import annotations

import doctest
import json
import re

import numpy as np
import pytest
from bs4 import BeautifulSoup

import autodiff_lessons as ad
from autodiff_lessons import step_view
from autodiff_lessons.traces import format_value

pytestmark = [pytest.mark.forward, pytest.mark.reverse]


def baydin(x1, x2):
    return np.log(x1) + x1 * x2 - np.sin(x2)


def f1(x1):
    a = x1 * x1
    return [a, a * x1, np.sin(a)]


def f2(x1, x2, x3):
    a = x1 * x2 * x3
    return a * a


@pytest.fixture(scope="module")
def view():
    return ad.step_through(baydin, 2.0, 5.0, tangents=(1.0, 0.0), cotangent=1.0)


def soup_of(view, uid="adl-test"):
    return BeautifulSoup(step_view.render_html(view, uid), "html.parser")


# ---------------------------------------------------------------- the steps


def test_forward_steps_compute_one_node_each_then_show_the_outputs(view):
    trace = view.trace
    forward = [s for s in view.steps if s.phase == "forward"]
    assert len(forward) == len(trace.nodes) + 1
    assert [s.current for s in forward[:-1]] == [(n.index,) for n in trace.nodes]
    # Each step fills in the node's value and tangent, as the two traces have them.
    tangents = view.tangent_trace.by_node
    for step, node in zip(forward, trace.nodes):
        assert step.shows == ((node.index, "value", f"value {format_value(node.value)}"),
                              (node.index, "tangent", f"tangent {format_value(tangents[node.index])}"))
    # The product v2 = v-1 * v0 reads both its incoming edges.
    used = [view.edges[e] for e in forward[3].edges]
    assert used == [(-1, 2, 0), (0, 2, 1)]
    assert forward[-1].current == (5,)


def test_reverse_steps_walk_one_edge_each_as_backward_does(view):
    reverse = [s for s in view.steps if s.phase == "reverse"]
    lines = view.adjoint_trace.lines
    assert len(reverse) == 1 + sum(1 for line in lines if line.edge) + 1
    for step in reverse[1:-1]:
        (line,) = step.lines
        (edge,) = step.edges
        j, i, argnum = view.edges[edge]
        assert (j, i) == line.edge and argnum == line.argnum
        assert step.current == (i,) and step.updated == (j,)
        assert step.shows == ((j, "adjoint", f"adjoint {format_value(line.value)}"),)
    # The last step gives the gradient, the same numbers as the engine's vjp.
    gradient = ad.vjp(baydin, 2.0, 5.0)[1](1.0)
    assert [line.value for line in reverse[-1].lines] == list(gradient)
    assert reverse[-1].current == (-1, 0)


def test_f1_one_forward_pass_shows_all_three_derivatives():
    view = ad.step_through(f1, 2.0, tangents=(1.0,))
    assert {s.phase for s in view.steps} == {"forward"}
    last = view.steps[-1]
    derivatives = [line.value for line in last.lines if line.target.startswith("ẏ")]
    np.testing.assert_array_equal(derivatives, ad.jvp(f1, (2.0,), (1.0,))[1])


def test_f2_one_reverse_pass_shows_all_three_partials():
    view = ad.step_through(f2, 1.0, 2.0, 3.0, cotangent=1.0)
    assert [line.value for line in view.steps[-1].lines] == [72.0, 36.0, 24.0]
    assert view.tangent_trace is None
    # a * a: the square's node sends two edges to the same argument, and both are walked.
    squares = [s for s in view.steps if s.phase == "reverse" and s.current == (3,)]
    assert [view.edges[s.edges[0]] for s in squares if s.edges] == [(2, 3, 0), (2, 3, 1)]


def test_captions_and_spoken_text_name_the_step_and_the_numbers(view):
    assert view.caption(4) == ("Step 4 of 18, forward pass: v₂ = v₋₁ × v₀ = 2 × 5 = 10; "
                               "v̇₂ = v̇₋₁ × v₀ + v₋₁ × v̇₀ = 1 × 5 + 2 × 0 = 5")
    spoken = view.spoken(4)
    assert spoken.startswith("Step 4 of 18, forward pass: v2 = v-1 times v0 = 10; v2 dot = ")
    assert spoken.isascii(), "a screen reader reads plain words better than v̇₋₁"
    assert view.spoken(17).startswith("Step 17 of 18, reverse pass: v-1 bar = v-1 bar plus v1 bar over v-1 = 5.5")
    assert str(view).splitlines()[0] == "Step-through of baydin at x₁ = 2, x₂ = 5: forward pass with tangents and reverse pass"


# ---------------------------------------------------------------- the HTML


def test_controls_are_buttons_hidden_until_the_script_shows_them(view):
    soup = soup_of(view)
    controls = soup.select_one(".adl-controls")
    assert controls.has_attr("hidden"), "without JavaScript no dead buttons are shown"
    buttons = controls.find_all("button")
    assert [b["data-action"] for b in buttons] == ["back", "step", "play"]
    assert all(b["type"] == "button" for b in buttons)
    assert soup.select_one("button[data-action=play]")["aria-pressed"] == "false"


def test_without_javascript_the_whole_trace_and_the_final_values_are_there(view):
    soup = soup_of(view)
    rows = soup.select("tr[data-step]")
    assert len(rows) == len(view.steps)
    assert "v₅ = v₃ − v₄ = 10.693 − (−0.95892) = 11.652" in rows[6].get_text()
    fields = {(t.parent["data-node"], t["data-field"]): t.get_text() for t in soup.select("text[data-field]")}
    assert fields[("5", "value")] == "value 11.652"
    assert fields[("-1", "tangent")] == "tangent 1"
    assert fields[("-1", "adjoint")] == "adjoint 5.5"
    assert fields[("0", "adjoint")] == "adjoint 1.7163"


def test_the_data_replays_to_the_same_final_values(view):
    soup = soup_of(view)
    data = json.loads(soup.select_one("script.adl-data").string)
    assert len(data["steps"]) == len(view.steps)
    final = {}
    for step in data["steps"]:
        for node, field, text in step["shows"]:
            final[(str(node), field)] = text
    shown = {(t.parent["data-node"], t["data-field"]): t.get_text() for t in soup.select("text[data-field]")}
    assert final == shown


def test_every_id_is_unique_across_views_on_one_page(view):
    page = view._repr_html_() + view._repr_html_() + ad.step_through(f2, 1.0, 2.0, 3.0, cotangent=1.0)._repr_html_()
    ids = [tag["id"] for tag in BeautifulSoup(page, "html.parser").find_all(id=True)]
    assert len(ids) == len(set(ids)) >= 3 * 4
    # Each script looks up its own view, by the id of the element that holds it.
    soup = BeautifulSoup(page, "html.parser")
    for root in soup.select("div.adl-step"):
        code = [s for s in root.find_all("script") if not s.get("type")][0].string
        assert f'document.getElementById("{root["id"]}")' in code


def test_screen_readers_get_a_label_a_description_and_a_live_region(view):
    soup = soup_of(view, "adl-x")
    root = soup.select_one("div.adl-step")
    assert root["role"] == "group" and root["aria-label"].startswith("Step-through of baydin")
    assert root["tabindex"] == "0", "the view takes focus, so the arrow keys reach it"
    live = soup.select_one("[aria-live]")
    assert live["aria-live"] == "polite" and live["role"] == "status"
    svg = soup.select_one("svg")
    assert svg["role"] == "img" and svg["aria-labelledby"] == "adl-x-title adl-x-desc"
    assert "v₂ = v₋₁ × v₀" in soup.select_one("#adl-x-desc").get_text()


def test_the_view_needs_nothing_from_the_network_and_no_fixed_light_colours(view):
    page = view._repr_html_()
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find_all(["link", "img", "iframe"]) and not soup.select("script[src]")
    assert re.findall(r"https?://[^\s\"']+", page) == ["http://www.w3.org/2000/svg"]  # a name, never fetched
    css = step_view.CSS.lower()
    assert "white" not in css.replace("white-space", "") and "#fff" not in css
    # Backgrounds and fills: none, see-through greys and tints, the text colour, or the orange
    # accent that reads on a light and on a dark page alike.
    allowed = {"none", "transparent", "currentcolor", step_view.ACCENT}
    paints = re.findall(r"(?<![-\w])(?:background|fill):([^;}]+)", css)
    assert [p for p in paints if p not in allowed and not p.startswith("rgba(")] == []


def test_layout_keeps_nodes_of_a_layer_apart_and_inputs_at_the_bottom():
    view = ad.step_through(f1, 2.0, tangents=(1.0,))
    soup = soup_of(view)
    boxes = {}
    for g in soup.select("g[data-node]"):
        rect = g.find("rect")
        boxes[int(g["data-node"])] = tuple(float(rect[k]) for k in ("x", "y", "width", "height"))
    ys = {i: box[1] for i, box in boxes.items()}
    assert ys[0] > ys[1] > ys[2] == ys[3], "inputs at the bottom, each node above its arguments"
    a, b = sorted([boxes[2], boxes[3]])
    assert a[0] + a[2] < b[0], "two nodes of one layer do not overlap"
    # x1 feeds v1 twice and v2 once: three arrows leave it.
    assert len([e for e in view.edges if e[0] == 0]) == 3


def test_arrays_and_a_constant_output_do_not_break_the_view():
    view = ad.step_through(lambda x: np.sum(x * x), np.array([1.0, 2.0]), tangents=(np.ones(2),), cotangent=1.0)
    assert "[2, 4]" in view._repr_html_()
    constant = ad.step_through(lambda x: 3.0, 1.0, tangents=(1.0,), cotangent=1.0)
    assert constant.steps[-1].lines[-1].text() == "x̄ = 0"


def test_the_module_examples_run():
    assert doctest.testmod(step_view).failed == 0
