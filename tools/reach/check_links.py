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
"""

from __future__ import annotations

import sys
from pathlib import Path

from linkcheck.command import linkchecker as command

CONFIG = Path(__file__).resolve().with_name("linkcheckerrc")


def main(site: Path) -> int:
    index = site / "index.html"
    if not index.is_file():
        print(f"error: {index} does not exist: build the site first (make book)", file=sys.stderr)
        return 2
    command.drop_privileges = lambda: None
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
