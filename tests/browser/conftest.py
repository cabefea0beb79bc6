"""Fixtures for the browser tests of the built site.

Why a browser: a page can be complete on disk and still fail its reader. A
formula that needs MathJax from a CDN stays raw LaTeX offline, a script error
breaks the theme, a picture can fail to decode. So each page of the table of
contents is opened once in headless Chromium, served from _build/html on
127.0.0.1, with every request to any other host blocked and recorded. What the
page did is kept in a `Visit`; the tests in this folder judge it.

These tests run only when BROWSER_TEST_SITE names a built site: `make
test-browser` sets it after the book is built. `pytest tests` (make
test-package) skips this folder.

Environment: BROWSER_TEST_SITE (the HTML folder), CHROMIUM (default
/usr/bin/chromium), BROWSER_TEST_SCREENSHOTS (default _build/screenshots).
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from book_pages import NOTEBOOK_PAGES, PAGES, ROOT, TEXT_PAGES
from gzip_server import GzipHandler
from measure import (INIT_TYPESET_CLOCK, JS_AXE, JS_FOCUS_RINGS, JS_WEIGHT, JS_WIDTH, axe_source,
                     write_report)

SITE = os.environ.get("BROWSER_TEST_SITE")
if not SITE:
    collect_ignore_glob = ["test_*.py"]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# --disable-background-networking and friends: Chromium's own calls home would
# otherwise show up as blocked requests (and fail slowly on a closed network).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOST = "127.0.0.1"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`page` runs a test once per page of the toc, `notebook_page` once per
    notebook, `text_page` once per page that is not a notebook."""
    for name, pages in (("page", PAGES), ("notebook_page", NOTEBOOK_PAGES), ("text_page", TEXT_PAGES)):
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, pages)


# ---------------------------------------------------------------- server and browser


@pytest.fixture(scope="session")
def site() -> Path:
    path = Path(SITE).resolve()
    if not (path / "index.html").exists():
        pytest.exit(f"{path} holds no built site: run `make book` first", returncode=2)
    return path


@pytest.fixture(scope="session")
def base_url(site: Path):
    """The site served on 127.0.0.1, on a free port, from a thread of this
    process, gzip-compressed like a real host (see gzip_server.py)."""
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), functools.partial(GzipHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.exit(f"no Chromium at {CHROMIUM}: `make browser` installs it (or set CHROMIUM)", returncode=2)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    path = Path(os.environ.get("BROWSER_TEST_SCREENSHOTS", ROOT / "_build" / "screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


# ---------------------------------------------------------------- one visit per page


@dataclass
class Visit:
    """What one page did in the browser, light mode then dark mode."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # requests to hosts other than 127.0.0.1
    missing: list[str] = field(default_factory=list)  # local requests answered with an error
    images: list[dict] = field(default_factory=list)
    math: dict = field(default_factory=dict)
    header_links: list[dict] = field(default_factory=list)
    thebe_config: str | None = None
    dark: dict = field(default_factory=dict)
    weight: dict = field(default_factory=dict)  # bytes, requests, typeset_ms, math_tab_stops (measure.py)
    width: dict = field(default_factory=dict)  # at 1280 px
    focus_rings: list[dict] = field(default_factory=list)
    axe: dict = field(default_factory=dict)  # "light"/"dark": critical and serious violations
    footer: str = ""


class Browsing:
    """Opens pages on demand and remembers each visit, so a page loads once per run."""

    def __init__(self, browser, base_url: str, screenshots: Path) -> None:
        self.browser, self.base_url, self.screenshots = browser, base_url, screenshots
        self.visits: dict[str, Visit | Exception] = {}
        # page -> what the report table shows (measure.write_report), filled as pages load.
        self.report: dict[str, dict] = {}

    def record(self, page: str, **values) -> None:
        self.report.setdefault(page, {}).update(values)

    def blank_visit(self, path: str) -> Visit:
        """A record for a page a test opens itself (with new_page)."""
        return Visit(url=self.base_url + path)

    def new_page(self, visit: Visit, viewport: dict | None = None, touch: bool = False):
        """A page in a fresh context (so the theme starts light) that records errors
        and blocks, and records, every request that leaves 127.0.0.1. `touch`
        emulates a phone or tablet (touch events, mobile viewport)."""
        context = self.browser.new_context(
            color_scheme="light", viewport=viewport or {"width": 1280, "height": 900},
            has_touch=touch, is_mobile=touch)

        def route(route) -> None:
            if urlsplit(route.request.url).hostname == LOCAL_HOST:
                route.continue_()
            else:
                visit.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        context.add_init_script(INIT_TYPESET_CLOCK)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and visit.console_errors.append(message.text))
        page.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
        page.on("response", lambda response: response.status >= 400 and visit.missing.append(f"{response.status} {response.url}"))
        return context, page

    def visit(self, name: str) -> Visit:
        """The page's visit; a visit that failed fails every test of that page at once."""
        if name not in self.visits:
            try:
                self.visits[name] = self._visit(name)
            except Exception as error:  # noqa: BLE001 - kept and raised again for each test
                self.visits[name] = error
        if isinstance(self.visits[name], Exception):
            raise self.visits[name]
        return self.visits[name]

    def _visit(self, name: str) -> Visit:
        visit = self.blank_visit(name + ".html")
        context, page = self.new_page(visit)
        try:
            page.goto(visit.url, wait_until="load")
            page.wait_for_load_state("networkidle")
            page.evaluate(JS_WAIT_FOR_MATHJAX)
            visit.images = page.evaluate(JS_IMAGES)
            visit.math = page.evaluate(JS_MATH)
            visit.header_links = page.evaluate(JS_HEADER_LINKS)
            visit.thebe_config = page.evaluate(
                "() => document.querySelector('script[type=\"text/x-thebe-config\"]')?.textContent ?? null")
            visit.footer = page.inner_text(".bd-footer-content")
            visit.weight = page.evaluate(JS_WEIGHT)
            visit.width = page.evaluate(JS_WIDTH)
            page.keyboard.press("Tab")  # focus from the keyboard: what :focus-visible rings answer
            visit.focus_rings = page.evaluate(JS_FOCUS_RINGS)
            page.add_script_tag(content=axe_source())
            visit.axe["light"] = page.evaluate(JS_AXE, False)
            shot = self.screenshots / name.replace("/", "__")
            page.screenshot(path=f"{shot}-light.png", full_page=True)
            visit.dark = switch_to_dark(page)
            page.screenshot(path=f"{shot}-dark.png", full_page=True)
            visit.dark["figure_edges"] = figure_edges(page, visit.dark["figures"])
            visit.axe["dark"] = page.evaluate(JS_AXE, True)
        finally:
            context.close()
        self.record(name, bytes=visit.weight["bytes"], requests=visit.weight["requests"],
                    typeset_ms=visit.weight["typeset_ms"], width_1280=visit.width["width"],
                    axe_light=sum(v["count"] for v in visit.axe["light"]),
                    axe_dark=sum(v["count"] for v in visit.axe["dark"]))
        return visit


def switch_to_dark(page) -> dict:
    """Click the theme switch until the page is dark (it cycles auto, dark, light);
    return the theme reached and how each figure's background is styled."""
    for _ in range(3):
        if page.evaluate("() => document.documentElement.dataset.theme") == "dark":
            break
        page.locator("button.theme-switch-button:visible").first.click()
    page.mouse.move(0, 0)  # off the switch: its hover tooltip would sit over the page being measured
    page.wait_for_timeout(300)  # let the theme's colour transition end before measuring
    return page.evaluate(JS_DARK)


def figure_edges(page, figures: list[dict]) -> list[dict]:
    """How bright each figure's outermost pixels are as drawn in dark mode (0
    black, 255 white). The CSS background alone does not show what the reader
    sees: the theme also dims pictures in dark mode. Each figure is captured on
    its own (Playwright scrolls it into view), so a late layout shift above it
    cannot move it away from where it is measured. Figures not drawn (in a
    collapsed output) are skipped."""
    from PIL import Image

    edges = []
    figure_images = page.locator(".bd-article img")
    for index, figure in enumerate(figures):
        box = figure["box"]
        if not figure["drawn"] or box["width"] < 8 or box["height"] < 8:
            continue
        shot = Image.open(io.BytesIO(figure_images.nth(index).screenshot())).convert("L")
        # Two pixels inside: the box's edge may fall between pixels (x = 310.5).
        left, top, right, bottom = 2, 2, shot.width - 3, shot.height - 3
        border = sorted(
            [shot.getpixel((x, y)) for x in range(left, right + 1) for y in (top, bottom)]
            + [shot.getpixel((x, y)) for y in range(top, bottom + 1) for x in (left, right)]
        )
        # The median: the rounded corners let a few dark page pixels in.
        edges.append({"src": figure["src"], "brightness": border[len(border) // 2]})
    return edges


@pytest.fixture(scope="session")
def browsing(browser, base_url, screenshots) -> Browsing:
    """The session's pages; when the session ends, the per-page table of what
    was measured goes to _build/reach-report.md (next to the screenshots)."""
    browsing = Browsing(browser, base_url, screenshots)
    yield browsing
    if browsing.report:
        write_report(browsing.report, screenshots.parent / "reach-report.md")


# ---------------------------------------------------------------- what is measured in the page

# MathJax typesets after the page's load event, then fetches the fonts of the
# glyphs it used: until both are done, formulas (and what follows them) move.
JS_WAIT_FOR_MATHJAX = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  await document.fonts.ready;
}"""

# Every image, loaded eagerly and awaited; `content` tells figures from theme icons.
JS_IMAGES = """async () => {
  const images = [...document.images];
  for (const img of images) img.loading = 'eager';
  await Promise.all(images.map(img => img.complete ? null :
    new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); })));
  return images.map(img => ({
    src: img.getAttribute('src'), alt: img.getAttribute('alt'), width: img.naturalWidth,
    content: !!img.closest('.bd-article'),
  }));
}"""

# Formulas: how many math elements, how many MathJax turned into mjx-container,
# how many it could not parse, and raw TeX left in the visible text outside code.
JS_MATH = """() => {
  const maths = [...document.querySelectorAll('.bd-article .math')];
  const article = document.querySelector('.bd-article').cloneNode(true);
  article.querySelectorAll('pre, code, script, style, mjx-container, .highlight').forEach(e => e.remove());
  const text = article.textContent;
  const raw = [];
  for (const token of ['$$', '\\\\(', '\\\\)', '\\\\[', '\\\\]', '\\\\begin{', '\\\\frac']) {
    const at = text.indexOf(token);
    if (at >= 0) raw.push(text.slice(Math.max(0, at - 40), at + 40).replace(/\\s+/g, ' '));
  }
  return {
    mathjax: !!(window.MathJax && MathJax.version),
    elements: maths.length,
    typeset: maths.filter(e => e.querySelector('mjx-container')).length,
    parse_errors: document.querySelectorAll('mjx-merror').length,
    raw_tex: raw,
  };
}"""

# The buttons above the article: launch, download, repository, print, Live Code.
JS_HEADER_LINKS = """() => [...document.querySelectorAll('.bd-header-article a, .bd-header-article button')].map(e => ({
  tag: e.tagName.toLowerCase(),
  // Bootstrap's tooltips move `title` to data-bs-original-title once the page runs.
  label: (e.getAttribute('data-bs-original-title') || e.getAttribute('title')
          || e.getAttribute('aria-label') || e.textContent).trim(),
  href: e.getAttribute('href'), url: e.href || null, onclick: e.getAttribute('onclick'),
  classes: e.className,
}))"""

JS_DARK = """() => ({
  theme: document.documentElement.dataset.theme,
  figures: [...document.querySelectorAll('.bd-article img')].map(img => {
    const r = img.getBoundingClientRect();
    return {
      src: img.getAttribute('src'), background: getComputedStyle(img).backgroundColor,
      drawn: img.checkVisibility({visibilityProperty: true}),
      box: {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height},
    };
  }),
  page_background: getComputedStyle(document.body).backgroundColor,
})"""
