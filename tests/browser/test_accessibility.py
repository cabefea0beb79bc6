"""Every page is usable without a mouse and with a screen reader: axe-core
(vendored, pinned: tools/reach/bundle_js.py) finds no critical or serious
violation in light mode (every rule) or in dark mode (the colour rules: the
rest does not change with the theme), every button of the header shows a focus
ring when reached from the keyboard, and formulas are not each a stop of the
Tab key (a chapter has about a hundred). Run by `make test-browser`.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_no_critical_or_serious_violation(page, mode, browsing):
    assert browsing.visit(page).axe[mode] == []


def test_every_header_button_shows_a_focus_ring(page, browsing):
    rings = browsing.visit(page).focus_rings
    assert rings, "no header button found"
    assert [ring["label"] for ring in rings if not ring["ring"]] == []


def test_formulas_are_not_tab_stops(page, browsing):
    """Only a displayed formula wider than its column, which scrolls sideways,
    may take focus (so that the keyboard can scroll it)."""
    assert browsing.visit(page).weight["math_tab_stops"] == 0
