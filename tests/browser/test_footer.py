"""Every page says which book it is and where to report a problem: the footer
names the package's version, the commit the site was built from, that
commit's date ("last updated") and the build date, and links the whole book
as a PDF; the header offers "Open an issue" on the configured repository.

The expected values are computed here, from the repository (git, the
package's version string), not read from the page. Run by `make test-browser`.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess

from book_pages import CONFIG, ROOT
from book._ext.build_info import package_version

REPO_URL = CONFIG["repository"]["url"].rstrip("/")


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def test_footer_names_version_commit_and_dates(page, browsing):
    footer = re.sub(r"\s+", " ", browsing.visit(page).footer)
    assert f"Version {package_version(ROOT)}" in footer
    assert f"commit {git('rev-parse', '--short=7', 'HEAD')}" in footer
    assert f"last updated {git('log', '-1', '--format=%cs')}" in footer
    built = re.search(r"built (\d{4}-\d{2}-\d{2})", footer)
    assert built, footer
    assert dt.date.fromisoformat(built.group(1)) <= dt.datetime.now(dt.timezone.utc).date()
    assert "the whole book as one PDF" in footer


def test_issue_button_opens_an_issue_on_the_repository(page, browsing):
    links = [link for link in browsing.visit(page).header_links if link["label"] == "Open an issue"]
    assert links, "no Open an issue button"
    assert links[0]["href"].startswith(f"{REPO_URL}/issues/new?")
