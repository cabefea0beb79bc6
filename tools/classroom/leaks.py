"""Find text that must not be in a build: the shared half of the two leak checks.

The student edition of the book and the student notebooks of the assignments
must not contain solutions. Both checks work the same way, so the machinery
lives here once:

1. ``fragments`` turns the lines of every solution into *fragments* worth
   searching for: long enough to be distinctive, and not found anywhere in what
   the students may legitimately see (an exercise statement quoted in its
   solution is not a leak).
2. ``find_in_tree`` reads every file of a build the way a reader would see it
   (the text of an HTML page, every string of a notebook, any other file as
   text) and reports each fragment it finds, with the file.

Both sides are normalised the same way (whitespace collapsed, typographic
quotes and dashes made plain), so a code line still matches after Pygments has
split it into ``<span>``s, and a sentence still matches after Sphinx has
turned its quotes into curly ones.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from bs4 import BeautifulSoup

# Shorter lines (``return x``, ``plt.show()``) are too common to prove anything.
MIN_CODE_CHARS = 16
# A prose fragment must be a phrase, not a word or two.
MIN_PROSE_CHARS = 20
MIN_PROSE_WORDS = 4
# Prose is cut at markup that does not survive rendering: math, code spans,
# emphasis, roles and directives, links, HTML.
PROSE_MARKUP = re.compile(r"[`$*{}\[\]\\|<>]")

_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "--", "—": "---", "…": "...",
                             "\u00a0": " ", "\u200b": ""})
_SPACE = re.compile(r"\s+")

# Files that are never text; everything else is read as UTF-8 when it can be.
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".pdf", ".zip", ".woff", ".woff2", ".ttf", ".eot",
                   ".pickle", ".doctree", ".sqlite", ".db", ".inv"}


def normalise(text: str) -> str:
    """Collapse whitespace and undo the typography Sphinx applies to prose."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHY)).strip()


def code_fragments(lines: Iterable[str]) -> set[str]:
    """Every code line long enough to be distinctive, normalised."""
    return {line for line in map(normalise, lines) if len(line) >= MIN_CODE_CHARS}


def prose_fragments(lines: Iterable[str]) -> set[str]:
    """The phrases of Markdown lines that survive rendering to HTML unchanged."""
    found = set()
    for line in lines:
        for piece in PROSE_MARKUP.split(line):
            piece = normalise(piece).strip(" .,;:()")
            if len(piece) >= MIN_PROSE_CHARS and len(piece.split()) >= MIN_PROSE_WORDS:
                found.add(piece)
    return found


def distinctive(fragments: Iterable[str], allowed_text: str) -> set[str]:
    """Drop the fragments that also occur in text students are allowed to see."""
    allowed = normalise(allowed_text)
    return {fragment for fragment in fragments if fragment not in allowed}


def visible_text(path: Path) -> str | None:
    """The text of a file as a reader (or a search) would see it; None for binary files."""
    if path.suffix.lower() in BINARY_SUFFIXES:
        return None
    try:
        raw = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None
    if path.suffix.lower() in {".html", ".htm"}:
        soup = BeautifulSoup(raw, "html.parser")
        attributes = [tag.get(name, "") for tag in soup.find_all(True) for name in ("alt", "title", "aria-label")]
        # No separator: highlighted code is split into <span>s that must join up again.
        return normalise(soup.get_text("") + "\n" + "\n".join(a for a in attributes if isinstance(a, str)))
    if path.suffix.lower() in {".ipynb", ".json"}:
        try:
            return normalise("\n".join(_strings(json.loads(raw))))
        except json.JSONDecodeError:
            pass
    return normalise(raw)


def _strings(value: object) -> Iterable[str]:
    """Every string in a JSON document (cell sources, outputs, metadata such as Otter's tests)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        if value and all(isinstance(item, str) for item in value):
            yield "".join(value)  # a notebook stores a cell's source as a list of lines
        else:
            for item in value:
                yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


@dataclass(frozen=True)
class Leak:
    """One fragment found in one file."""

    fragment: str
    path: Path

    def __str__(self) -> str:
        return f"{self.path}: {self.fragment!r}"


def find_in_tree(fragments: Iterable[str], root: Path) -> tuple[list[Leak], int]:
    """Search every file under ``root``; return the leaks and the number of files read."""
    fragments = sorted(set(fragments))
    leaks, files_read = [], 0
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        text = visible_text(path)
        if text is None:
            continue
        files_read += 1
        leaks.extend(Leak(fragment, path) for fragment in fragments if fragment in text)
    return leaks, files_read
