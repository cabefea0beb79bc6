"""The site works on phones and tablets: at 375, 768, 1024 and 1280 px the
menu button opens the book's table of contents and a link in it leads to its
page, the "On this page" button opens the page's contents where the theme
shows that button, no tooltip is left over the search button after a tap, no
page is wider than the screen, and plots stay sharp at a phone's width.

Phones and small tablets (375, 768 px) are emulated as touch devices and
tapped; larger screens are clicked. Each page is loaded once per width; the
widths measured go to the report table (measure.py). Run by `make
test-browser` (see conftest.py).
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from book_pages import MAIN_CHAPTERS, PAGES
from measure import JS_WIDTH, WIDTHS

# Pages Sphinx writes besides those of the toc; a reader reaches them from the
# search box and the index links.
GENERATED_PAGES = ["genindex", "py-modindex", "search"]
NARROW = [width for width in WIDTHS if width < 1280]  # 1280 is measured by the main visit (conftest.py)
TOUCH_BELOW = 1000
# The last main chapter: a long table of contents of its own, and a menu link
# to follow. The buttons are the theme's, the same on every page.
MENU_PAGES = [MAIN_CHAPTERS[-1]]

JS_WAIT_FOR_MATHJAX = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  await document.fonts.ready;
}"""

JS_OPEN_SIDEBAR = """(which) => {
  const dialog = document.getElementById(`pst-${which}-sidebar-modal`);
  const sidebar = document.getElementById(`pst-${which}-sidebar`);
  const links = [...(dialog.open ? dialog : sidebar).querySelectorAll('a[href]')].filter(a => a.checkVisibility());
  // Folded away on a wide screen, the sidebar keeps its box, moved left and hidden.
  const shown = sidebar.checkVisibility({visibilityProperty: true}) && sidebar.getBoundingClientRect().right > 0;
  return {dialog_open: dialog.open, sidebar_shown: shown,
          links: links.length};
}"""

# Plots in cell outputs at the phone's width: each is vector (SVG) or has at
# least twice the pixels it is drawn with, so it stays sharp when shrunk.
JS_SOFT_PLOTS = """() => [...document.querySelectorAll('.cell_output img')]
  .filter(img => img.checkVisibility() && img.clientWidth > 0)
  .filter(img => !img.currentSrc.split('?')[0].endsWith('.svg') && img.naturalWidth < 2 * img.clientWidth * devicePixelRatio)
  .map(img => `${img.getAttribute('src')}: ${img.naturalWidth} px drawn at ${img.clientWidth}`)"""

JS_TOOLTIPS = "() => [...document.querySelectorAll('.tooltip')].filter(t => t.checkVisibility()).map(t => t.textContent)"
# A hidden tooltip fades out first (Bootstrap's transition, about 150 ms; longer
# on a busy machine, as when the browser tests run two at a time): a tooltip
# that is left over is still there after this.
TOOLTIPS_GONE_MS = 3000


def tooltips_left(page) -> list[str]:
    """The tooltips still shown once any fading out has had time to end."""
    try:
        page.wait_for_function(f"() => ({JS_TOOLTIPS})().length === 0", timeout=TOOLTIPS_GONE_MS)
    except PlaywrightTimeoutError:
        pass
    return page.evaluate(JS_TOOLTIPS)


@contextmanager
def at_width(browsing, name: str, width: int):
    """The page at this width, touch below 1000 px, with what went wrong recorded."""
    visit = browsing.blank_visit(name + ".html")
    context, page = browsing.new_page(visit, viewport={"width": width, "height": 800}, touch=width < TOUCH_BELOW)
    try:
        page.goto(visit.url, wait_until="load")
        page.evaluate(JS_WAIT_FOR_MATHJAX)
        yield page, visit
    finally:
        context.close()


def press(page, locator, width: int) -> None:
    locator.tap() if width < TOUCH_BELOW else locator.click()


@pytest.mark.parametrize("name", PAGES + GENERATED_PAGES)
def test_no_page_is_wider_than_the_screen(name, browsing):
    """Nothing sticks out to the right at 375, 768 or 1024 px: no sideways
    scrolling on a phone or tablet. The page loads once, at 375 px, and is
    measured again after each resize (the layout follows the width; MathJax's
    output does not depend on it)."""
    too_wide = {}
    with at_width(browsing, name, NARROW[0]) as (page, visit):
        soft_plots = page.evaluate(JS_SOFT_PLOTS)
        for width in NARROW:
            page.set_viewport_size({"width": width, "height": 800})
            page.wait_for_timeout(50)
            measured = page.evaluate(JS_WIDTH)
            browsing.record(name, **{f"width_{width}": measured["width"]})
            if measured["width"] > measured["viewport"]:
                too_wide[width] = measured
    assert too_wide == {}, "pages wider than the screen, and what sticks out"
    assert soft_plots == [], "plots that go soft on a phone: neither vector nor 2x"
    assert visit.console_errors == []


def test_no_page_is_wider_than_a_desktop_screen(browsing):
    """The main visit (1280 px) measured every page of the toc."""
    too_wide = {name: browsing.visit(name).width for name in PAGES
                if browsing.visit(name).width["width"] > browsing.visit(name).width["viewport"]}
    assert too_wide == {}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", MENU_PAGES)
def test_menu_button_opens_the_contents_and_a_link_leads_there(name, width, browsing):
    """The visible menu button shows the book's contents (as a dialog on narrow
    screens; on wide ones the sidebar is already there and the button folds it
    away, and back), no tooltip is left behind, and a link in the contents
    opens its page."""
    with at_width(browsing, name, width) as (page, visit):
        button = page.locator(".primary-toggle:visible").first
        before = page.evaluate(JS_OPEN_SIDEBAR, "primary")
        press(page, button, width)
        page.wait_for_timeout(300)
        after = page.evaluate(JS_OPEN_SIDEBAR, "primary")
        tooltips = tooltips_left(page)
        if after["dialog_open"]:
            container = page.locator("#pst-primary-sidebar-modal")
        else:
            # Wide screen: the button folded the sidebar away; it brings it back.
            assert before["sidebar_shown"] and not after["sidebar_shown"], "the menu button did nothing"
            press(page, button, width)
            page.wait_for_timeout(300)
            assert page.evaluate(JS_OPEN_SIDEBAR, "primary")["sidebar_shown"], "the sidebar did not come back"
            container = page.locator("#pst-primary-sidebar")
        target = container.locator("nav a.reference.internal:visible").last
        href = target.get_attribute("href")
        with page.expect_navigation():
            press(page, target, width)
        arrived = page.url
    assert after["dialog_open"] or width >= 992, f"no menu opened at {width} px"
    assert tooltips == [], "a tooltip stayed after the tap"
    assert arrived.split("#")[0].endswith(href.split("#")[0].lstrip("./").removeprefix("../")), (arrived, href)
    assert visit.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_on_this_page_button_opens_the_page_contents(width, browsing):
    """Where the theme shows the "On this page" button (below 1200 px), it opens
    the page's sections; on wider screens they are shown beside the text."""
    with at_width(browsing, MAIN_CHAPTERS[-1], width) as (page, visit):
        buttons = page.locator(".secondary-toggle:visible")
        shown = buttons.count()
        if shown:
            press(page, buttons.first, width)
            page.wait_for_timeout(300)
        state = page.evaluate(JS_OPEN_SIDEBAR, "secondary")
        tooltips = tooltips_left(page)
    if width < 1200:
        assert shown, f"no On this page button at {width} px"
        assert state["dialog_open"], f"the On this page button did nothing at {width} px"
    assert state["links"] > 3, "the page's sections are not listed"
    assert tooltips == []
    assert visit.console_errors == []
