"""The book as the browser tests see it: its pages, their sources, its config.

Read from _toc.yml and _config.yml, so the tests follow the book as it grows.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from tools.site.toc import part_chapters, toc_pages

ROOT = Path(__file__).resolve().parents[2]

SOURCE_SUFFIXES = (".md", ".ipynb", ".rst")


def source_of(page: str) -> Path:
    """The repository file a page is built from (book/intro -> book/intro.md)."""
    for suffix in SOURCE_SUFFIXES:
        if (ROOT / page).with_suffix(suffix).exists():
            return (ROOT / page).with_suffix(suffix)
    raise FileNotFoundError(f"no source for page {page}")


def is_notebook(page: str) -> bool:
    """A page runs as a notebook (and gets launch buttons) when it is an .ipynb or
    a MyST Markdown file whose front matter names a kernel. A page without a
    source is no notebook here (the source download test reports it)."""
    try:
        source = source_of(page)
    except FileNotFoundError:
        return False
    if source.suffix == ".ipynb":
        return True
    text = source.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return False
    front = yaml.safe_load(text.split("---", 2)[1]) or {}
    return "kernelspec" in front


TOC = ROOT / "_toc.yml"
PAGES = toc_pages(TOC)
NOTEBOOK_PAGES = [page for page in PAGES if is_notebook(page)]
TEXT_PAGES = [page for page in PAGES if page not in NOTEBOOK_PAGES]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())

# The part of the book whose chapters must each carry self-check questions.
MAIN_PART = "Differentiating programs"
MAIN_CHAPTERS = part_chapters(TOC, MAIN_PART)
