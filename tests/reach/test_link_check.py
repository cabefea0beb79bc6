"""`make check-links` fails on the broken links it exists to catch, and passes a
site without them. Each case is a three-page site written here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.reach

CHECK_LINKS = Path(__file__).resolve().parents[2] / "tools" / "reach" / "check_links.py"
TARGET = '<html><body><h1 id="here">Target</h1></body></html>'


def check(site: Path, index_links: str) -> subprocess.CompletedProcess:
    (site / "index.html").write_text(f"<html><body>{index_links}</body></html>")
    (site / "target.html").write_text(TARGET)
    return subprocess.run([sys.executable, str(CHECK_LINKS), str(site)], capture_output=True, text=True, timeout=120)


def test_a_site_whose_links_and_anchors_exist_passes(tmp_path):
    done = check(tmp_path, '<a href="target.html">t</a> <a href="target.html#here">h</a> '
                           '<a href="https://github.com/">external, not fetched</a>')
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_link_to_a_missing_anchor_fails_and_is_named(tmp_path):
    done = check(tmp_path, '<a href="target.html#gone">g</a>')
    assert done.returncode == 1
    assert "Anchor `gone'" in done.stdout


def test_a_link_to_a_missing_page_fails_and_is_named(tmp_path):
    done = check(tmp_path, '<a href="missing.html">m</a>')
    assert done.returncode == 1
    assert "missing.html" in done.stdout


@pytest.mark.parametrize("embed", [
    '<img src="_images/gone.png" alt="">',
    '<object data="_images/gone.svg"></object>',
    '<embed src="_static/gone.svg">',
])
def test_a_missing_picture_object_or_embed_fails_and_is_named(tmp_path, embed):
    """tools/site/check_site.py leaves missing pictures to LinkChecker, which
    checks every src and data of the site, also under _images/ and _static/
    (whose files it does not read for links)."""
    done = check(tmp_path, embed)
    assert done.returncode == 1, done.stdout
    assert "gone." in done.stdout


def test_a_folder_without_a_site_is_an_error_that_says_to_build(tmp_path):
    done = subprocess.run([sys.executable, str(CHECK_LINKS), str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "make book" in done.stderr
