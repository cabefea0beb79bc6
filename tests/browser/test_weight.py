"""Every page loads light: at most 1.5 MB over the wire (gzip, as a real host
serves it) in at most 40 requests, and its formulas are typeset within 1.5 s
of the navigation on a local server (issue 11). The numbers of every page go
to _build/reach-report.md (measure.py); the assertion messages name the
heaviest files, to say what to cut. Run by `make test-browser`.
"""

from __future__ import annotations

from measure import MAX_BYTES, MAX_REQUESTS, MAX_TYPESET_MS


def test_page_transfers_at_most_1_5_mb(page, browsing):
    weight = browsing.visit(page).weight
    assert weight["bytes"] <= MAX_BYTES, f"{weight['bytes']:,} bytes; heaviest: {weight['heaviest']}"


def test_page_makes_at_most_40_requests(page, browsing):
    weight = browsing.visit(page).weight
    assert weight["requests"] <= MAX_REQUESTS, f"{weight['requests']} requests"


def test_formulas_are_typeset_within_1_5_s(page, browsing):
    """Measured from the navigation's start to the end of MathJax's first
    typeset (a page without formulas does not load MathJax)."""
    visit = browsing.visit(page)
    if not visit.math["elements"]:
        return
    assert visit.weight["typeset_ms"] is not None, "MathJax never finished typesetting"
    assert visit.weight["typeset_ms"] <= MAX_TYPESET_MS


def test_every_header_icon_is_drawn_from_the_cut_down_fonts(page, browsing):
    """The theme's Font Awesome script is replaced by an empty one (the CSS
    draws the icons) and its fonts by cut-down copies (book/_ext/icon_fonts.py).
    Every visible icon of the header has a glyph and a width, and the full
    fonts are never fetched: a browser fetches them only for a glyph missing
    from ours."""
    weight = browsing.visit(page).weight
    assert weight["icons"], "no icon found in the header"
    assert [icon for icon in weight["icons"] if icon["glyph"] in ("none", "normal", "") or icon["width"] < 4] == []
    assert weight["full_icon_fonts"] == []
