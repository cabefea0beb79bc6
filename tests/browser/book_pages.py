"""The book as the browser tests see it: its pages, their sources, its config.

Read from _toc.yml and _config.yml, so the tests follow the book as it grows.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from check_site import toc_pages  # noqa: E402 - the site check reads the toc the same way

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


PAGES = toc_pages(yaml.safe_load((ROOT / "_toc.yml").read_text()))
NOTEBOOK_PAGES = [page for page in PAGES if is_notebook(page)]
TEXT_PAGES = [page for page in PAGES if page not in NOTEBOOK_PAGES]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())

# The part of the book whose chapters must each carry self-check questions.
MAIN_PART = "Differentiating programs"


def part_chapters(caption: str) -> list[str]:
    """The chapter pages (not their sections) of the toc's part with this caption."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    parts = [part for part in toc.get("parts", []) if part.get("caption") == caption]
    if not parts:
        raise KeyError(f"_toc.yml has no part captioned {caption!r}")
    return [toc_pages({"file": chapter["file"]})[0] for chapter in parts[0]["chapters"] if "file" in chapter]
