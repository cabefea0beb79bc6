"""One stylesheet per page instead of ten: the site's own and its extensions' CSS, joined.

Why: every page linked about ten small stylesheets (Pygments, the book
theme, toggles, copy buttons, MyST-NB, Thebe, exercises, sphinx-design, the
self-checks, ours), most under 2 kB. Each is a request, and issue 11 allows 40
a page: a chapter with ten figures went over. Joined in the order the page
lists them, they cascade exactly as before.

How: when a page is written, its local stylesheets (those Sphinx lists in
``css_files``) are replaced by one, named after the list it stands for; after
the build, each such bundle is written from the copied files, with relative
``url()``s rewritten for its place. The theme's own two stylesheets, which the
theme writes outside ``css_files``, stay as they are. The lists are kept in
``_static/bundles.json``, so a build that rewrites no page still refreshes
every bundle from the current files.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from pathlib import Path

from sphinx.application import Sphinx

MANIFEST = "bundles.json"
URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")


def _local_name(asset) -> str | None:
    """The file under _static a stylesheet entry names, or None when it is
    not a plain local stylesheet (another host, a media query, alternate)."""
    name = str(getattr(asset, "filename", asset))
    attributes = getattr(asset, "attributes", {})
    if "://" in name or name.startswith("//") or attributes.get("media") not in (None, "all"):
        return None
    if attributes.get("rel", "stylesheet") != "stylesheet":
        return None
    return name.split("?")[0].removeprefix("_static/")


def bundle_name(files: list[str]) -> str:
    return "bundle-" + hashlib.sha256("\n".join(files).encode()).hexdigest()[:12] + ".css"


def rewrite_urls(css: str, folder: str) -> str:
    """Relative url()s of a file in _static/<folder>/, made relative to _static/."""
    def fix(match: re.Match) -> str:
        quote, url = match.groups()
        if not folder or url.startswith(("data:", "/", "#")) or "://" in url:
            return match.group(0)
        return f"url({quote}{posixpath.normpath(posixpath.join(folder, url))}{quote})"
    return URL.sub(fix, css)


def replace_page_css(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    css_files = context.get("css_files")
    if not css_files:
        return
    local = [_local_name(asset) for asset in css_files]
    files = [name for name in local if name]
    if len(files) < 2:
        return
    name = bundle_name(files)
    app.env.site_css_bundles = getattr(app.env, "site_css_bundles", {})
    app.env.site_css_bundles[name] = files
    first = local.index(files[0])
    before = sum(1 for found in local[:first] if not found)
    kept = [asset for asset, found in zip(css_files, local) if not found]
    bundle = type(css_files[first])(f"_static/{name}", priority=getattr(css_files[first], "priority", 500))
    context["css_files"] = kept[:before] + [bundle] + kept[before:]


def write_bundles(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    manifest = static / MANIFEST
    bundles = json.loads(manifest.read_text()) if manifest.exists() else {}
    bundles.update(getattr(app.env, "site_css_bundles", {}))
    for name, files in bundles.items():
        parts = []
        for file in files:
            path = static / file
            if path.is_file():
                parts.append(f"/* {file} */\n" + rewrite_urls(path.read_text(encoding="utf-8"), posixpath.dirname(file)))
        (static / name).write_text("\n".join(parts), encoding="utf-8")
    manifest.write_text(json.dumps(bundles, indent=1), encoding="utf-8")


def setup(app: Sphinx) -> dict:
    # After the other extensions have added their stylesheets to the page.
    app.connect("html-page-context", replace_page_css, priority=900)
    app.connect("build-finished", write_bundles, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": False}
