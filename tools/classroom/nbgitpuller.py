"""nbgitpuller links: one click on a JupyterHub pulls a repository into the student's home and opens a file.

    python -m tools.classroom.nbgitpuller --hub https://hub.example.edu --repo URL [--branch main] PATH ...

nbgitpuller (https://nbgitpuller.readthedocs.io) merges the repository into
the student's copy without overwriting their changes, so the same link works
for the first visit and every later one. The link is
``HUB/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=lab/tree/<folder>/<path>``,
where ``<folder>`` is the repository's name (nbgitpuller's default target).
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlencode, urlparse


def pull_link(hub: str, repository: str, path: str, branch: str = "main") -> str:
    """The link that pulls ``repository`` into the hub and opens ``path`` (relative to the repository) in JupyterLab."""
    folder = urlparse(repository).path.rstrip("/").removesuffix(".git").split("/")[-1]
    query = urlencode({"repo": repository, "branch": branch, "urlpath": f"lab/tree/{folder}/{path}"})
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hub", required=True, help="the JupyterHub's address, https://...")
    parser.add_argument("--repo", required=True, help="the student repository's URL")
    parser.add_argument("--branch", default="main")
    parser.add_argument("paths", nargs="+", help="files to open, relative to the repository")
    args = parser.parse_args(argv)
    for path in args.paths:
        print(pull_link(args.hub, args.repo, path, args.branch))
    return 0


if __name__ == "__main__":
    sys.exit(main())
