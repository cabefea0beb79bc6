"""The book's bibliography as author-year text, for notebooks (no Sphinx there).

``{cite}`baydin2018``` becomes "(Baydin et al., 2018)" and the notebook ends
with the full entry, so a reader of a downloaded notebook sees the same
references as the site's bibliography page.
"""

from __future__ import annotations

from pathlib import Path

from pybtex.database import parse_file
from pybtex.richtext import Text

from notebook_markup import Reference


def _last_names(person) -> str:
    return " ".join(Text.from_latex(part).render_as("text") for part in person.last_names)


def _authors_short(people: list) -> str:
    """"Laue", "Griewank and Walther", "Baydin et al." as author-year styles write them."""
    names = [_last_names(p) for p in people]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def _field(entry, name: str) -> str:
    value = entry.fields.get(name, "")
    return Text.from_latex(value).render_as("text") if value else ""


def read_references(bib_file: Path) -> dict[str, Reference]:
    """key -> author-year reference for every entry of a BibTeX file."""
    references = {}
    for key, entry in parse_file(str(bib_file)).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        short = _authors_short(people) if people else _field(entry, "organization") or _field(entry, "key") or key
        full_names = ", ".join(Text.from_latex(str(p)).render_as("text") for p in people) or short
        year = _field(entry, "year") or "n.d."
        venue = (_field(entry, "journal") or _field(entry, "booktitle") or _field(entry, "publisher")
                 or (f"arXiv:{_field(entry, 'eprint')}" if entry.fields.get("eprint") else "")
                 or _field(entry, "howpublished"))
        link = _field(entry, "url") or (f"https://doi.org/{_field(entry, 'doi')}" if entry.fields.get("doi") else "")
        title = _field(entry, "title")
        full = f"{full_names} ({year}). *{title}*." + (f" {venue}." if venue else "") + (f" <{link}>" if link else "")
        references[key] = Reference(authors=short, year=year, full=full)
    return references
