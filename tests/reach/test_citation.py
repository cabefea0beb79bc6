"""The citation entry is valid CFF 1.2.0 and names the version the package and the book carry.

The CFF schema cannot be fetched at test time, so its required keys and the
formats of the keys we use are checked here; the version must be
``autodiff_lessons.__version__``, in CITATION.cff and in both "How to cite"
paragraphs, so that a release cannot leave the citation behind.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

from tools.package.check_wheel import book_version

pytestmark = pytest.mark.reach
ROOT = Path(__file__).resolve().parents[2]


def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text())


def test_citation_cff_has_what_cff_1_2_0_requires():
    cff = citation()
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors"):
        assert cff.get(key), f"CITATION.cff needs {key!r}"
    for author in cff["authors"]:
        assert {"name", "family-names"} & set(author), f"an author needs name or family-names: {author}"
    assert cff.get("type", "software") in ("software", "dataset")
    datetime.date.fromisoformat(str(cff["date-released"]))
    assert re.fullmatch(r"https://\S+", cff["repository-code"])


def test_citation_and_how_to_cite_name_the_package_version():
    version = book_version()
    assert str(citation()["version"]) == version, "CITATION.cff's version must be autodiff_lessons.__version__"
    for page in ("README.md", "book/intro.md"):
        text = (ROOT / page).read_text()
        how = text[text.index("## How to cite"):]
        assert f"version {version}" in how.split("\n## ")[0], f"{page}'s How to cite must name version {version}"


def test_changelog_has_an_entry_for_the_current_version():
    assert re.search(rf"^## \[{re.escape(book_version())}\] - \d{{4}}-\d{{2}}-\d{{2}}$",
                     (ROOT / "CHANGELOG.md").read_text(), re.M)
