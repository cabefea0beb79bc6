"""The step-through views of book/evaluation_traces work in a browser, offline, with no kernel.

The tests press the buttons and keys of the built page and check that the
highlighted node, the highlighted edge and the numbers shown change as the
package's own traces say: the expected values are computed here, with
autodiff_lessons, not read from the page. Run by `make test-browser` (see
conftest.py).
"""

from __future__ import annotations

import numpy as np
import pytest

import autodiff_lessons as ad
from autodiff_lessons.traces import format_value

PAGE = "book/evaluation_traces"


# The chapter's functions, as the chapter defines them.
def f(x1, x2):
    return np.log(x1) + x1 * x2 - np.sin(x2)


def f1(x1):
    a = x1 * x1
    return [a, a * x1, np.sin(a)]


def f2(x1, x2, x3):
    a = x1 * x2 * x3
    return a * a


# The views of the page, in order, as the chapter makes them.
VIEWS = [
    ad.step_through(f, 2.0, 5.0, tangents=(1.0, 0.0), cotangent=1.0),
    ad.step_through(f1, 2.0, tangents=(1.0,)),
    ad.step_through(f2, 1.0, 2.0, 3.0, cotangent=1.0),
]


@pytest.fixture
def opened(browsing):
    """Open the chapter (light, 1280 px wide unless a test changes it); yield (page, visit)."""
    opened = []

    def open_page(width: int = 1280, scheme: str = "light"):
        visit = browsing.blank_visit(PAGE + ".html")
        context, page = browsing.new_page(visit)
        page.set_viewport_size({"width": width, "height": 900})
        page.emulate_media(color_scheme=scheme)
        page.goto(visit.url, wait_until="load")
        page.wait_for_load_state("networkidle")
        opened.append((context, visit))
        return page, visit

    yield open_page
    for context, visit in opened:
        context.close()
        assert visit.console_errors == [], "script errors while pressing the controls"
        assert visit.blocked == [], "the page asked the network for something"


def state(view_locator) -> dict:
    """What a view shows now: its step, highlighted nodes and edges, every field's text, the live region."""
    return view_locator.evaluate("""root => ({
      step: +root.getAttribute('data-step'),
      current: [...root.querySelectorAll('g.adl-current')].map(g => +g.dataset.node),
      updated: [...root.querySelectorAll('g.adl-updated')].map(g => +g.dataset.node),
      edges: [...root.querySelectorAll('g.adl-edge.adl-active')].map(g => +g.dataset.edge),
      fields: Object.fromEntries([...root.querySelectorAll('text[data-field]')].map(
        t => [t.parentNode.dataset.node + ':' + t.dataset.field, t.textContent])),
      caption: root.querySelector('.adl-caption').textContent,
      spoken: root.querySelector('[aria-live]').textContent,
      now: [...root.querySelectorAll('tr.adl-now')].map(r => +r.dataset.step),
    })""")


def press(view_locator, action: str, times: int = 1) -> None:
    for _ in range(times):
        view_locator.locator(f"button[data-action={action}]").click()


def test_every_view_starts_at_step_zero_with_its_controls_shown(opened):
    page, _ = opened()
    views = page.locator(".adl-step")
    assert views.count() == len(VIEWS)
    for k, view in enumerate(VIEWS):
        root = views.nth(k)
        assert root.locator(".adl-controls").is_visible(), "the script shows the controls"
        now = state(root)
        assert now["step"] == 0 and now["current"] == [] and set(now["fields"].values()) == {""}
        assert now["caption"].startswith(f"Step 0 of {len(view.steps)}")
        assert root.locator("button[data-action=back]").get_attribute("aria-disabled") == "true"


def test_forward_pass_shows_each_nodes_value_and_tangent_as_forward_mode_computes_them(opened):
    page, _ = opened()
    root = page.locator(".adl-step").nth(0)
    trace = ad.evaluation_trace(f, 2.0, 5.0)
    tangents = trace.tangents(1.0, 0.0).by_node
    for k, node in enumerate(trace.nodes, start=1):
        press(root, "step")
        now = state(root)
        assert now["step"] == k and now["now"] == [k]
        assert now["current"] == [node.index], f"step {k} computes v{node.index}"
        assert now["fields"][f"{node.index}:value"] == f"value {format_value(node.value)}"
        assert now["fields"][f"{node.index}:tangent"] == f"tangent {format_value(tangents[node.index])}"
        # The arrows into the node light up: one per argument it reads.
        assert len(now["edges"]) == len(node.parents)
    press(root, "step")  # the outputs
    y, dy = ad.jvp(f, (2.0, 5.0), (1.0, 0.0))
    assert state(root)["fields"]["5:tangent"] == f"tangent {format_value(dy)}"
    assert f"y = v₅ = {format_value(y)}" in state(root)["caption"]


def test_reverse_pass_walks_the_edges_and_adds_up_the_adjoints(opened):
    page, _ = opened()
    root = page.locator(".adl-step").nth(0)
    view = VIEWS[0]
    forward = sum(1 for s in view.steps if s.phase == "forward")
    root.focus()
    page.keyboard.press("ArrowRight")
    for _ in range(forward - 1):
        page.keyboard.press("ArrowRight")
    assert state(root)["step"] == forward
    press(root, "step")  # the seed
    assert state(root)["current"] == [5] and state(root)["fields"]["5:adjoint"] == "adjoint 1"
    seen_sums = {}
    for line in view.adjoint_trace.lines[1:-2]:
        press(root, "step")
        now = state(root)
        j, i = line.edge
        assert now["current"] == [i], "the node being processed"
        assert now["updated"] == [j], "the argument receiving its share"
        assert [view.edges[e][:2] for e in now["edges"]] == [(j, i)], "the edge the adjoint flows along"
        assert now["fields"][f"{j}:adjoint"] == f"adjoint {format_value(line.value)}"
        seen_sums.setdefault(j, []).append(now["fields"][f"{j}:adjoint"])
    # x1 and x2 are used twice each: their adjoints were shown twice, the second time the sum.
    grad = ad.grad(f, argnums=(0, 1))(2.0, 5.0)
    assert seen_sums[-1][-1] == f"adjoint {format_value(grad[0])}" and len(seen_sums[-1]) == 2
    assert seen_sums[0][-1] == f"adjoint {format_value(grad[1])}" and len(seen_sums[0]) == 2
    press(root, "step")
    now = state(root)
    assert now["step"] == len(view.steps) and sorted(now["current"]) == [-1, 0]
    assert root.locator("button[data-action=step]").get_attribute("aria-disabled") == "true"


def test_back_and_the_keys_move_both_ways_and_the_live_region_speaks(opened):
    page, _ = opened()
    root = page.locator(".adl-step").nth(0)
    press(root, "step", 3)
    assert state(root)["fields"]["1:value"] == "value 0.69315"
    press(root, "back")
    now = state(root)
    assert now["step"] == 2 and now["fields"]["1:value"] == "", "going back hides what step 3 computed"
    assert now["spoken"].startswith("Step 2 of 18, forward pass: v0 = x2 = 5; v0 dot = x2 dot = 0")
    root.focus()
    page.keyboard.press("End")
    assert state(root)["step"] == len(VIEWS[0].steps)
    page.keyboard.press("ArrowLeft")
    assert state(root)["step"] == len(VIEWS[0].steps) - 1
    page.keyboard.press("Home")
    assert state(root)["step"] == 0
    # Tab reaches the buttons, and Enter on a focused button presses it.
    root.locator("button[data-action=step]").focus()
    page.keyboard.press("Enter")
    assert state(root)["step"] == 1


def test_play_runs_the_steps_and_pause_stops_them(opened):
    page, _ = opened()
    root = page.locator(".adl-step").nth(2)
    play = root.locator("button[data-action=play]")
    play.click()
    assert play.get_attribute("aria-pressed") == "true" and play.inner_text() == "Pause"
    page.wait_for_function("root => +root.getAttribute('data-step') >= 2", arg=root.element_handle(), timeout=5000)
    play.click()
    assert play.get_attribute("aria-pressed") == "false" and play.inner_text() == "Play"
    stopped = state(root)["step"]
    page.wait_for_timeout(1500)
    assert state(root)["step"] == stopped


def test_f1_forward_and_f2_reverse_end_with_every_derivative(opened):
    page, _ = opened()
    views = page.locator(".adl-step")
    views.nth(1).focus()
    page.keyboard.press("End")
    _, d_f1 = ad.jvp(f1, (2.0,), (1.0,))
    shown = state(views.nth(1))["fields"]
    assert [shown[f"{i}:tangent"] for i in (1, 2, 3)] == [f"tangent {format_value(d)}" for d in d_f1]
    views.nth(2).focus()
    page.keyboard.press("End")
    gradient = ad.grad(f2, argnums=(0, 1, 2))(1.0, 2.0, 3.0)
    shown = state(views.nth(2))["fields"]
    assert [shown[f"{i}:adjoint"] for i in (-2, -1, 0)] == [f"adjoint {format_value(g)}" for g in gradient]


def test_views_on_one_page_do_not_clash(opened):
    page, _ = opened()
    views = page.locator(".adl-step")
    press(views.nth(0), "step", 4)
    assert [state(views.nth(k))["step"] for k in range(3)] == [4, 0, 0]
    ids = page.evaluate("""() => [...document.querySelectorAll('[id^="adl-"]')].map(e => e.id)""")
    assert len(ids) == len(set(ids)) >= 4 * len(VIEWS)  # ours only: sphinx-exercise repeats ids of its own


def test_text_stays_inside_its_node_and_the_view_fits_a_phone(opened):
    page, _ = opened(width=375)
    views = page.locator(".adl-step")
    for k in range(views.count()):
        views.nth(k).focus()
        page.keyboard.press("End")  # every field filled: the widest text
        overflow = views.nth(k).evaluate("""root => [...root.querySelectorAll('g[data-node] text')].filter(t => {
          const rect = t.parentNode.querySelector('rect');
          return +t.getAttribute('x') + t.getComputedTextLength() > +rect.getAttribute('x') + +rect.getAttribute('width');
        }).map(t => t.textContent)""")
        assert overflow == []
        fits = views.nth(k).evaluate("""root => {
          const svg = root.querySelector('svg'), box = root.getBoundingClientRect();
          return svg.getBoundingClientRect().right <= box.right + 1 && box.right <= document.documentElement.clientWidth;
        }""")
        assert fits, "the graph scales down to the phone's width instead of running off the page"


def test_dark_mode_draws_light_text_on_the_dark_page(opened):
    page, _ = opened(scheme="dark")
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    root = page.locator(".adl-step").nth(0)
    colours = root.evaluate("""root => {
      const css = e => getComputedStyle(e);
      const panel = root.closest('.text_html') || root.parentNode;
      return {page_text: css(document.body).color, text: css(root.querySelector('svg text')).fill,
              cell: css(root.querySelector('.adl-steps td')).color, panel: css(panel).backgroundColor};
    }""")
    assert colours["text"] == colours["page_text"] == colours["cell"], colours
    assert colours["panel"] in ("rgba(0, 0, 0, 0)", "transparent"), "no light panel behind the view"
    brightness = [int(c) for c in colours["text"][colours["text"].index("(") + 1:-1].split(",")[:3]]
    assert sum(brightness) / 3 > 160, "light text on the dark page"


def test_without_javascript_the_finished_trace_is_shown_and_no_dead_buttons(browser, base_url):
    """As in an untrusted notebook: the script does not run, the whole trace and the final values show."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort())
    try:
        page = context.new_page()
        page.goto(base_url + PAGE + ".html", wait_until="load")
        root = page.locator(".adl-step").nth(0)
        assert not root.locator(".adl-controls").is_visible()
        rows = root.locator("tr[data-step]")
        assert rows.count() == len(VIEWS[0].steps)
        assert all(rows.nth(k).locator("td").is_visible() for k in range(rows.count()))
        grad = ad.grad(f, argnums=(0, 1))(2.0, 5.0)
        shown = [root.locator(f'g[data-node="{i}"] text[data-field=adjoint]').text_content() for i in (-1, 0)]
        assert shown == [f"adjoint {format_value(g)}" for g in grad]
    finally:
        context.close()


# How JupyterLab shows a trusted notebook's HTML output: it sets innerHTML, then
# replaces every <script> by a fresh copy so that the browser runs it.
JUPYTERLAB_RENDER = """html => {
  const host = document.createElement('div');
  host.className = 'jp-OutputArea-output';
  document.body.appendChild(host);
  host.innerHTML = html;
  for (const old of [...host.getElementsByTagName('script')]) {
    const fresh = document.createElement('script');
    for (const attribute of old.attributes) fresh.setAttribute(attribute.name, attribute.value);
    fresh.textContent = old.textContent;
    old.parentNode.replaceChild(fresh, old);
  }
}"""


def test_outputs_work_as_jupyterlab_inserts_them_one_after_the_other(browser):
    """Two outputs added to a live page, as a notebook run adds them: each view gets its own controls."""
    context = browser.new_context()
    context.route("**/*", lambda route: route.abort())  # nothing may be fetched
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.set_content("<!doctype html><meta charset=utf-8><body></body>")
        for view in (VIEWS[0], VIEWS[2]):
            page.evaluate(JUPYTERLAB_RENDER, view._repr_html_())
        views = page.locator(".adl-step")
        assert views.count() == 2
        press(views.nth(1), "step", 5)
        assert [state(views.nth(k))["step"] for k in range(2)] == [0, 5]
        assert state(views.nth(1))["fields"]["1:value"] == f"value {format_value(2.0)}"  # v1 = x1 * x2
        assert errors == []
    finally:
        context.close()
