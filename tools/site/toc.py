"""The book's table of contents, read by jupyter-book's own parser.

Every tool and test that needs the pages of ``_toc.yml`` asks here, so they
read it exactly as the build does (``sphinx_external_toc``), including
``glob`` and ``url`` entries, which name no single page and are not listed.
"""

from __future__ import annotations

from pathlib import Path

from sphinx_external_toc.parsing import parse_toc_yaml


def toc_pages(toc_file: Path) -> list[str]:
    """Every page of the toc (root, parts, chapters, sections) in reading order, without suffix."""
    return [_page(docname) for docname in parse_toc_yaml(toc_file)]


def part_chapters(toc_file: Path, caption: str) -> list[str]:
    """The chapter pages (not their sections) of the part with this caption."""
    site_map = parse_toc_yaml(toc_file)
    for part in site_map[site_map.root.docname].subtrees:
        if part.caption == caption:
            return [_page(item) for item in part.items if isinstance(item, str)]
    raise KeyError(f"{toc_file} has no part captioned {caption!r}")


def _page(docname: str) -> str:
    """``book/a.md`` -> ``book/a``: the toc may name a page with or without its suffix."""
    for suffix in (".md", ".ipynb", ".rst"):
        if docname.endswith(suffix):
            return docname[: -len(suffix)]
    return docname
