"""The buttons above each page lead where they say: launch links open the
chapter's real source file in a session built from the configured repository,
download links serve files that exist, and no Colab button is offered (Colab
opens only .ipynb files; the chapters are .md).

Expected links are derived from _config.yml (repository.url, repository.branch,
launch_buttons), so changing the repository there is enough.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from book_pages import CONFIG, ROOT, source_of

REPO_URL = CONFIG["repository"]["url"].rstrip("/")
BRANCH = CONFIG["repository"].get("branch", "master")
ORG, REPO = urlsplit(REPO_URL).path.strip("/").split("/")[:2]
LAUNCH = CONFIG.get("launch_buttons", {})
INTERFACE = {"jupyterlab": "lab/tree", "classic": "tree"}[LAUNCH.get("notebook_interface", "classic")]


def header_link(visit, title: str) -> dict:
    found = [link for link in visit.header_links if link["label"] == title]
    assert found, f"no button titled {title!r} above the page"
    return found[0]


def repo_path(page: str) -> str:
    """The page's source relative to the repository root, as the repository stores it."""
    return source_of(page).relative_to(ROOT).as_posix()


def test_binder_button_opens_the_chapter_source(notebook_page, browsing):
    """mybinder.org/v2/gh/<org>/<repo>/<branch>?urlpath=lab/tree/<file>, and
    <file> is the page's source in the repository (a .md: the build makes no
    .ipynb that Binder could open)."""
    link = urlsplit(header_link(browsing.visit(notebook_page), "Launch on Binder")["href"])
    assert f"{link.scheme}://{link.netloc}" == LAUNCH["binderhub_url"].rstrip("/")
    assert link.path == f"/v2/gh/{ORG}/{REPO}/{BRANCH}"
    urlpath = parse_qs(link.query)["urlpath"][0]
    assert urlpath == f"{INTERFACE}/{repo_path(notebook_page)}"
    assert (ROOT / urlpath.removeprefix(f"{INTERFACE}/")).is_file()


def test_jupyterhub_button_pulls_the_repository_and_opens_the_chapter(notebook_page, browsing):
    """An nbgitpuller link on the configured hub: it clones repository.url at
    repository.branch into a folder named after the repository, then opens the
    page's source file there."""
    link = urlsplit(header_link(browsing.visit(notebook_page), "Launch on JupyterHub")["href"])
    assert f"{link.scheme}://{link.netloc}" == LAUNCH["jupyterhub_url"].rstrip("/")
    assert link.path == "/hub/user-redirect/git-pull"
    query = {key: values[0] for key, values in parse_qs(link.query).items()}
    assert query["repo"] == REPO_URL
    assert query["branch"] == BRANCH
    assert query["urlpath"] == f"{INTERFACE}/{REPO}/{repo_path(notebook_page)}"
    assert (ROOT / repo_path(notebook_page)).is_file()


def test_live_code_button_runs_on_this_repository(notebook_page, browsing):
    """Thebe's button is there and asks Binder for this repository and branch
    (not the theme's example repository)."""
    visit = browsing.visit(notebook_page)
    assert header_link(visit, "Launch Thebe")["onclick"] == "initThebeSBT()"
    assert visit.thebe_config is not None
    assert f'repo: "{ORG}/{REPO}"' in visit.thebe_config
    assert f'ref: "{BRANCH}"' in visit.thebe_config


def test_the_colab_button_opens_the_runnable_notebook_of_this_chapter(notebook_page, browsing):
    """Colab opens the chapter's runnable notebook from the branch publish.yml pushes
    (`make check-colab-links` checks that the workflow writes that file)."""
    link = header_link(browsing.visit(notebook_page), "Open in Colab")
    assert link["url"] == f"https://colab.research.google.com/github/{ORG}/{REPO}/blob/notebooks/{notebook_page}.ipynb"


def test_download_source_button_serves_the_page_source(page, browsing, site: Path):
    """The .md download is byte for byte the file in the repository."""
    link = header_link(browsing.visit(page), "Download source file")
    served = site / urlsplit(link["url"]).path.lstrip("/")
    assert served.read_bytes() == source_of(page).read_bytes()


def test_download_notebook_button_serves_a_notebook(notebook_page, browsing, site: Path):
    """The .ipynb download exists and is a notebook with the page's code cells.
    (Outputs are not required: MyST-NB 1.4 writes them only when the page ran
    in this build, not when its outputs came from the execution cache.)"""
    link = header_link(browsing.visit(notebook_page), "Download notebook file")
    served = site / urlsplit(link["url"]).path.lstrip("/")
    assert served.suffix == ".ipynb"
    notebook = json.loads(served.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    assert any(cell["cell_type"] == "code" for cell in notebook["cells"]), "the notebook has no code cell"


def test_print_to_pdf_button_is_offered(page, browsing):
    """The theme's PDF download is the browser's print dialog."""
    assert header_link(browsing.visit(page), "Print to PDF")["onclick"] == "window.print()"


def test_repository_button_points_to_the_configured_repository(page, browsing):
    assert header_link(browsing.visit(page), "Source repository")["href"] == REPO_URL


def test_pages_that_are_not_notebooks_offer_no_launch(text_page, browsing):
    """Launching a page without code would open an empty session."""
    labels = {link["label"] for link in browsing.visit(text_page).header_links}
    assert labels.isdisjoint({"Launch on Binder", "Launch on JupyterHub", "Launch Thebe"})
