"""What the reach tests measure in a loaded page: weight, typesetting time,
accessibility (axe-core), width, focus rings. JavaScript run by Playwright,
kept here so conftest.py stays about loading pages.

Why these numbers: issue 11 sets a budget per page (1.5 MB gzip, 40 requests,
formulas typeset within 1.5 s on a local server) and asks for zero critical or
serious axe violations, a page no wider than a 375 px phone, and a visible
focus ring on every header button.
"""

from __future__ import annotations

from pathlib import Path

from book_pages import ROOT

MAX_BYTES = 1_500_000
MAX_REQUESTS = 40
MAX_TYPESET_MS = 1500
WIDTHS = (375, 768, 1024, 1280)
SERIOUS = ("critical", "serious")

# Vendored by tools/reach/bundle_js.py (pinned), like MathJax; injected into the
# page from the file, so the page's own request count stays untouched.
AXE = ROOT / "book" / "_static" / "bundled" / "axe-core" / "axe.min.js"


def axe_source() -> str:
    if not AXE.is_file():
        raise FileNotFoundError(f"{AXE} is missing: run `make bundle-js`")
    return AXE.read_text(encoding="utf-8")


# Runs before any script of the page: notes the moment MathJax's first typeset
# of the page is done (its startup promise resolves after it), in ms since the
# navigation started. MathJax is looked for every 5 ms until it appears.
INIT_TYPESET_CLOCK = """(() => {
  window.__typesetMs = null;
  const watch = setInterval(() => {
    const promise = window.MathJax && MathJax.startup && MathJax.startup.promise;
    if (!promise) return;
    clearInterval(watch);
    promise.then(() => { window.__typesetMs = performance.now(); });
  }, 5);
  addEventListener('load', () => setTimeout(() => { if (!window.MathJax) clearInterval(watch); }, 3000));
})();"""

# Bytes on the wire (headers and gzip body) and number of requests: the page
# itself and every resource it fetched. Read after the load settled, before
# axe-core is injected.
JS_WEIGHT = """() => {
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  const icons = [...document.querySelectorAll('.bd-header-article [class*="fa-"], .bd-header [class*="fa-"]')]
    .filter(e => e.checkVisibility())
    .map(e => ({classes: e.className, glyph: getComputedStyle(e, '::before').content, width: e.getBoundingClientRect().width}));
  const heaviest = entries.map(e => ({url: e.name, bytes: e.transferSize}))
    .sort((a, b) => b.bytes - a.bytes).slice(0, 5);
  return {
    bytes: entries.reduce((sum, e) => sum + e.transferSize, 0),
    requests: entries.length,
    heaviest,
    icons,
    full_icon_fonts: entries.map(e => e.name).filter(url => url.includes('/vendor/fontawesome/')),
    typeset_ms: window.__typesetMs,
    // Formulas a Tab key stops at though they do not scroll (wide ones must: they scroll sideways).
    math_tab_stops: [...document.querySelectorAll('mjx-container[tabindex]:not([tabindex="-1"])')]
      .filter(m => m.scrollWidth <= m.clientWidth + 1).length,
  };
}"""

# axe-core on the whole document; violations of impact critical or serious,
# with the first few elements each one is about.
JS_AXE = """async (onlyColours) => {
  // label-content-name-mismatch is "experimental" in axe 4.10, so off by default;
  // issue 11 found it on the search and theme buttons, so it runs too.
  // In dark mode only the colours change: the rules about colour run again, not
  // the rest (axe takes seconds a page). No preload: axe would fetch every
  // stylesheet again and resolve the theme's @import against the page (a 404).
  const options = onlyColours
    ? {resultTypes: ['violations'], preload: false, runOnly: ['color-contrast', 'link-in-text-block']}
    : {resultTypes: ['violations'], preload: false, rules: {'label-content-name-mismatch': {enabled: true}}};
  const result = await axe.run(document, options);
  return result.violations.filter(v => ['critical', 'serious'].includes(v.impact)).map(v => ({
    id: v.id, impact: v.impact, count: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
  }));
}"""

# How wide the page is drawn, against the viewport, and the widest elements
# that stick out (to say what to fix).
JS_WIDTH = """() => {
  const viewport = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > viewport + 1 && e.checkVisibility())
    .filter(e => !e.closest('.bd-sidebar-primary, .bd-sidebar-secondary, dialog:not([open])'))
    .filter(e => { // inside a box that scrolls sideways (a wide table) is not sticking out
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== 'visible') return false;
      return true;
    })
    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`)
    .slice(0, 5);
  return {viewport, width: document.documentElement.scrollWidth, wide};
}"""

# Each visible button of the header bar, focused from the keyboard: is a ring
# (outline or box-shadow) drawn around it?
JS_FOCUS_RINGS = """() => [...document.querySelectorAll('.bd-header-article button, .bd-header-article a.btn, .bd-header button')]
  .filter(e => e.checkVisibility())
  .map(e => {
    e.focus();
    const style = getComputedStyle(e);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) || style.boxShadow !== 'none';
    e.blur();
    return {label: e.getAttribute('aria-label') || e.getAttribute('title') || e.textContent.trim(), ring,
            focused: true};
  })"""


def report_row(name: str, row: dict) -> str:
    """One line of the table in _build/reach-report.md."""
    def cell(key, fmt="{}"):
        value = row.get(key)
        return "–" if value is None else fmt.format(value)

    widths = " / ".join(cell(f"width_{w}") for w in WIDTHS)
    return (f"| {name} | {cell('bytes', '{:,}')} | {cell('requests')} | {cell('typeset_ms', '{:.0f}')} "
            f"| {cell('axe_light')} | {cell('axe_dark')} | {widths} |")


def write_report(rows: dict[str, dict], path: Path) -> None:
    """The per-page table issue 11 asks for, written after the browser tests."""
    lines = [
        "# Reach report: every page as a reader's browser gets it",
        "",
        f"Bytes: transferred, gzip, on a local server (budget {MAX_BYTES:,}). Requests: budget {MAX_REQUESTS}.",
        f"Typeset: ms from navigation until MathJax's first typeset is done (budget {MAX_TYPESET_MS}).",
        "Axe: critical + serious violations (light, dark). Width: page width in px at "
        + ", ".join(f"{w}" for w in WIDTHS) + " px viewports.",
        "",
        "| page | bytes (gz) | requests | typeset ms | axe light | axe dark | width at " + " / ".join(map(str, WIDTHS)) + " |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    lines += [report_row(name, rows[name]) for name in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
