"""Every page of the toc reads well in a browser with no network: no request
leaves the machine, no script fails, every picture shows and has alt text,
every formula is typeset, and figures stay on white in dark mode.

Run by `make test-browser` (see conftest.py). Screenshots of each page, light
and dark, land in _build/screenshots/.
"""

from __future__ import annotations

WHITE = "rgb(255, 255, 255)"
LIGHT = 160  # of 255: the least brightness of a figure's edge in dark mode


def test_page_loads_nothing_from_the_network(page, browsing):
    """A page that fetches a script, style, font or picture from another host
    does not render offline. Every such request was blocked and is listed."""
    assert browsing.visit(page).blocked == []


def test_page_requests_no_missing_file(page, browsing):
    """Every file the page asks the local server for exists in the site."""
    assert browsing.visit(page).missing == []


def test_page_logs_no_console_error(page, browsing):
    """No script error and no failed load in the browser console."""
    assert browsing.visit(page).console_errors == []


def test_every_image_loads_and_has_alt_text(page, browsing):
    """An <img> with naturalWidth 0 did not decode; one without alt text says
    nothing to a screen reader."""
    images = browsing.visit(page).images
    broken = [image["src"] for image in images if image["width"] == 0]
    no_alt = [image["src"] for image in images if not (image["alt"] or "").strip()]
    assert broken == [], "images that did not load"
    assert no_alt == [], "images without alt text"


def test_every_formula_is_typeset(page, browsing):
    """Each math element of the page (dollar math, equations, LaTeX cell outputs)
    holds MathJax's output, MathJax could parse it, and no raw TeX delimiter is
    left in the text a reader sees (code blocks aside)."""
    math = browsing.visit(page).math
    if math["elements"]:
        assert math["mathjax"], "the page has math but MathJax did not load"
        assert math["typeset"] == math["elements"], f"{math['elements'] - math['typeset']} formulas not typeset"
        assert math["parse_errors"] == 0, "MathJax could not parse some formulas"
    assert math["raw_tex"] == [], "raw TeX left in the visible text"


def test_dark_mode_keeps_figures_on_white(page, browsing):
    """The theme switch turns the page dark, and every figure keeps a white
    background, so black lines and labels stay readable: the CSS background is
    white, and the figure's edge as drawn is light (the theme dims pictures a
    little in dark mode, to about 80 % brightness: still light)."""
    dark = browsing.visit(page).dark
    assert dark["theme"] == "dark"
    assert dark["page_background"] != WHITE, "the page itself did not turn dark"
    not_white = [figure["src"] for figure in dark["figures"] if figure["background"] != WHITE]
    assert not_white == [], "figures without a white background in dark mode"
    dark_edges = [edge for edge in dark["figure_edges"] if edge["brightness"] < LIGHT]
    assert dark_edges == [], "figures drawn with a dark edge on the dark page"
