"""Which book a reader is looking at: version, commit and dates in every page's footer.

Why: a page read months later, printed, or opened from a fork should say what
it shows. The footer (book/_templates/build-info.html) gives the package's
version, the commit the site was built from with its date ("last updated"),
and the build date.

The version is the package's own ``__version__`` (one version string for the
package, its wheel and the book), read from ``autodiff_lessons/__init__.py``
without importing it; a checkout without that line falls back to
``pyproject.toml`` and then to the installed distribution. Outside a git
checkout the commit reads "unknown". The values go into ``html_context``, a
setting whose change makes Sphinx write every page again (without reading the
sources again), so no page keeps an older commit after an incremental build.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
import subprocess
import tomllib
from importlib import metadata
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

PACKAGE, DISTRIBUTION = "autodiff_lessons", "autodiff-lessons"


def version_in_init(init: Path) -> str | None:
    """``__version__ = "x"`` at the top level of the package's __init__.py."""
    if not init.is_file():
        return None
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__version__" for t in node.targets):
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                return node.value.value
    return None


def version_in_pyproject(pyproject: Path) -> str | None:
    if not pyproject.is_file():
        return None
    version = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("version")
    return version if isinstance(version, str) else None


def package_version(root: Path) -> str:
    for found in (version_in_init(root / PACKAGE / "__init__.py"), version_in_pyproject(root / "pyproject.toml")):
        if found:
            return found
    for name in (DISTRIBUTION, PACKAGE):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


def git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return None
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else None


def build_date() -> str:
    """Today (UTC), or SOURCE_DATE_EPOCH's day for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.date().isoformat()


def build_info(root: Path, repository_url: str | None) -> dict[str, str | None]:
    commit = git(root, "rev-parse", "HEAD")
    return {
        "book_version": package_version(root),
        "book_commit": commit[:7] if commit else "unknown",
        "book_commit_url": f"{repository_url.rstrip('/')}/commit/{commit}" if commit and repository_url else None,
        "book_updated": git(root, "log", "-1", "--format=%cs") or "unknown",
        "book_built": build_date(),
    }


def add_build_info(app: Sphinx, config: Config) -> None:
    repository = (config.html_theme_options or {}).get("repository_url")
    config.html_context = {**(config.html_context or {}), **build_info(Path(app.confdir), repository)}


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", add_build_info)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
