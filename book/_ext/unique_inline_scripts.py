"""Sphinx extension: a page loads each inline <script> once.

Why: sphinx-thebe (on for the "Live Code" launch button) registers its settings
as an inline script, ``const THEBE_JS_URL = ...``, after the HTML builder has
started. Sphinx 7.4 then puts that script on every page twice (as registered,
with no file name, and again when writing starts, with file name ``''``), and
the browser rejects the second copy: "Identifier 'THEBE_JS_URL' has already been
declared", a console error on every page. This drops the repeat.

Loaded through ``sphinx.local_extensions`` in _config.yml. It lives in book/
so that copies of the book's sources (the student edition) take it along.
"""

from __future__ import annotations


def drop_repeated_inline_scripts(app, pagename, templatename, context, doctree) -> None:
    seen = set()
    kept = []
    for script in context.get("script_files", []):
        inline = not getattr(script, "filename", None)
        key = tuple(sorted(getattr(script, "attributes", {}).items()))
        if inline and key in seen:
            continue
        if inline:
            seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def setup(app):
    # After the handlers that add a page's own scripts (MathJax, MyST-NB: priority 500).
    app.connect("html-page-context", drop_repeated_inline_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
