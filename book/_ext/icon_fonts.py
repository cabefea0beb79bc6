"""Font Awesome's web fonts cut down to the icons the site shows.

Why: pydata-sphinx-theme draws its icons (menu, search, theme switch, GitHub,
admonition marks...) with Font Awesome's fonts: 157 kB for the solid font and
118 kB for the brands font, on every page, for about twenty glyphs. After the
build, this extension finds the icons the site uses and writes fonts with only
those (about 5 kB together), embedded in a stylesheet whose ``@font-face``
rules, coming after the theme's, replace the full fonts: one request instead
of two fonts. Issue 11 asks for at most 1.5 MB and 40 requests a page. The
space characters stay in the fonts: a character missing from ours would make
the browser fall back to the theme's full font, and fetch it.

Which glyphs: every ``fa-NAME`` class in the built pages and in the site's
scripts (the theme adds some icons from JavaScript), mapped to its code point
through the theme's own icon rules (``.fa-NAME:before{content:"\\f0c9"}``);
and every code point the site's stylesheets use elsewhere (the theme's
``--pst-icon-*`` variables, written as the characters themselves, and the
``content:`` of its own rules). The browser tests
check that every icon of the header is drawn.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

CSS_FILE = "icon-fonts.css"
WEBFONTS = "vendor/fontawesome/webfonts"
# (source font in the theme's static files, CSS family, weight)
FONTS = [
    ("fa-solid-900.ttf", "Font Awesome 6 Free", 900),
    ("fa-brands-400.ttf", "Font Awesome 6 Brands", 400),
]
SPACES = {0x20, 0xA0}

RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
CODE_POINT = re.compile(r'"\\(f[0-9a-f]{3}|e[0-9a-f]{3})"')
ICON_SELECTOR = re.compile(r"\.fa-([\w-]+):(?:before|after)")
ICON_CLASS = re.compile(r"\bfa-([a-z0-9-]+)")
PRIVATE_USE = (0xE000, 0xF8FF)


def icon_code_points(css: str) -> tuple[dict[str, int], set[int]]:
    """From a stylesheet: each icon class's code point, and the code points
    used by any other rule or variable."""
    by_name: dict[str, int] = {}
    other: set[int] = set()
    for selectors, body in RULE.findall(css):
        # Escaped ("\f0c9") or, as in the theme's --pst-icon-* variables, the
        # characters themselves (Unicode's private use area).
        points = [int(point, 16) for point in CODE_POINT.findall(body)]
        points += [ord(c) for c in body if PRIVATE_USE[0] <= ord(c) <= PRIVATE_USE[1]]
        if not points:
            continue
        names = [ICON_SELECTOR.fullmatch(selector.strip()) for selector in selectors.split(",")]
        if all(names):
            for name in names:
                by_name[name.group(1)] = points[0]
        else:
            other.update(points)
    return by_name, other


def used_code_points(outdir: Path) -> set[int]:
    """The code points the built site can show."""
    by_name: dict[str, int] = {}
    points: set[int] = set()
    for css in (outdir / "_static").rglob("*.css"):
        names, other = icon_code_points(css.read_text(encoding="utf-8", errors="replace"))
        by_name.update(names)
        points |= other
    texts = [*outdir.rglob("*.html"), *(outdir / "_static").rglob("*.js")]
    used_names = set()
    for path in texts:
        if "bundled" in path.parts:  # MathJax and axe-core name no icons
            continue
        used_names |= set(ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="replace")))
    return points | {by_name[name] for name in used_names if name in by_name}


def subset(source: Path, code_points: set[int]) -> bytes:
    """The font with only these code points, as WOFF (zlib: no brotli needed)."""
    from fontTools import subset as ft_subset

    options = ft_subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    font = ft_subset.load_font(str(source), options)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(code_points | SPACES))
    subsetter.subset(font)
    out = io.BytesIO()
    ft_subset.save_font(font, out, options)
    return out.getvalue()


def font_face(family: str, weight: int, woff: bytes) -> str:
    data = base64.b64encode(woff).decode()
    return (f'@font-face{{font-display:block;font-family:"{family}";font-style:normal;'
            f'font-weight:{weight};src:url(data:font/woff;base64,{data}) format("woff")}}')


def write_fonts(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    if not (static / WEBFONTS).is_dir():
        logger.warning("icon_fonts: the theme ships no %s; icons keep the full fonts", WEBFONTS)
        return
    code_points = used_code_points(outdir)
    faces = [font_face(family, weight, subset(static / WEBFONTS / source, code_points))
             for source, family, weight in FONTS]
    header = "/* Written by book/_ext/icon_fonts.py: the theme's icon fonts, cut down. */"
    (static / CSS_FILE).write_text("\n".join([header, *faces]) + "\n", encoding="utf-8")
    logger.info("icon_fonts: %d icons kept in %s", len(code_points), CSS_FILE)


def setup(app: Sphinx) -> dict:
    app.add_css_file(CSS_FILE)
    app.connect("build-finished", write_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
