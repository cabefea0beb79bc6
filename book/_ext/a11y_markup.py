"""Two fixes to the markup other extensions write, for screen readers and
speech control. axe-core (tests/browser/test_accessibility.py) reported both.

* The bibliography: docutils writes a citation list as ``<div role="list">``
  whose entries have ``role="doc-biblioentry"``. That role is deprecated
  (DPUB-ARIA 1.1) and is not a list item, so the list has no items
  (aria-required-children, critical). The entries become ``listitem``, which
  is what they are.
* Hidden code cells: MyST-NB's ``<summary aria-label="Toggle hidden content">``
  shows "Show code cell source". A name that does not contain the visible
  words defeats speech control ("click show code cell source" finds nothing:
  label-content-name-mismatch, serious). Without the label, the name is the
  visible text.
"""

from __future__ import annotations

from sphinx.application import Sphinx

REPLACEMENTS = [
    ('role="doc-biblioentry"', 'role="listitem"'),
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
]


def fix_markup(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if not body:
        return
    for old, new in REPLACEMENTS:
        body = body.replace(old, new)
    context["body"] = body


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", fix_markup)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
