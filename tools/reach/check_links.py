"""Check every internal link and #anchor of a built site with LinkChecker.

    python -m tools.reach.check_links _build/html      # `make check-links` runs it

LinkChecker starts at index.html, follows every link between the site's files,
and fails (exit status 1) on a link to a file that does not exist or to an
anchor that is not on the target page. External links are listed, not fetched:
tools/reach/linkcheckerrc holds the settings and says why.

Why a wrapper and not the `linkchecker` command: run as root (as in CI), the
command switches to the user `nobody` before reading anything, and `nobody`
may not be allowed into the checkout (a clone under /root is not readable to
other users), so every page would be reported missing. Here it only reads
files of our own build, so it keeps the user it was started as.

Two changes make LinkChecker 10.6 read the site in seconds instead of about
two minutes, and check exactly the same links and anchors (see
`parse_less`): a page's anchors are collected once, not once for every
page.html#anchor link to it (a chapter is linked with hundreds of anchors, and
each time the whole page was parsed again); and an element's text, which only
names an <a href> link in the report, is read for <a> elements only (it was
read for every element, so a page's text was walked once per element
enclosing it).
"""

from __future__ import annotations

import sys
import urllib.parse
from pathlib import Path

from linkcheck.command import linkchecker as command
from linkcheck.htmlutil import linkparse
from linkcheck.plugins import anchorcheck

CONFIG = Path(__file__).resolve().with_name("linkcheckerrc")


def find_links(soup, callback, tags) -> None:
    """linkparse.find_links of LinkChecker 10.6, except that an element's text
    is computed only where LinkFinder.get_link_name uses it: as the name of an
    <a href> link. Every other tag's name comes from its attributes or is ""."""
    finder = linkparse.LinkFinder(callback, tags)
    for element in soup.find_all(True):
        finder.html_element(
            element.name,
            element.attrs,
            element.text.strip() if element.name == "a" else "",
            element.sourceline,
            None if element.sourcepos is None else element.sourcepos + 1,
        )


# page URL (no #fragment) -> the anchors AnchorCheck found in it. The site does
# not change while it is checked, so a page's anchors are the same for every
# link into it.
_ANCHORS: dict[str, list] = {}


def check_anchor(self, url_data) -> None:
    """AnchorCheck.check of LinkChecker 10.6, with each page's anchors collected once."""
    page = urllib.parse.urldefrag(url_data.url)[0]
    if page not in _ANCHORS:
        found = anchorcheck.UrlAnchorCheck()
        linkparse.find_links(url_data.get_soup(), found.add_anchor, linkparse.AnchorTags)
        _ANCHORS[page] = found.anchors
    url_anchor_check = anchorcheck.UrlAnchorCheck()
    url_anchor_check.anchors = _ANCHORS[page]
    url_anchor_check.check_anchor(url_data)


def parse_less() -> None:
    """Patch LinkChecker (pinned in requirements.txt) so each page is parsed
    about once; what is checked, and what is reported, stay the same."""
    linkparse.find_links = find_links
    anchorcheck.AnchorCheck.check = check_anchor


def main(site: Path) -> int:
    index = site / "index.html"
    if not index.is_file():
        print(f"error: {index} does not exist: build the site first (make book)", file=sys.stderr)
        return 2
    command.drop_privileges = lambda: None
    parse_less()
    sys.argv = ["linkchecker", "--config", str(CONFIG), "--no-status", str(index.resolve())]
    try:
        command.linkchecker()
    except SystemExit as done:  # LinkChecker exits with 1 when it found a broken link
        return int(done.code or 0)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1])))
