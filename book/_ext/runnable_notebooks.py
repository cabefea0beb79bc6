"""Sphinx extension: every chapter as a notebook that runs anywhere, and an "Open in Colab" button.

At the end of an HTML build, for every page that is a notebook (a MyST
Markdown file with a kernelspec, in the order of the toc), it writes a
runnable ``.ipynb``:

* first, one install cell (``install_cell.py``) for exactly the modules the
  chapter imports, at the pins of ``requirements.txt``, and the package at
  ``autodiff_lessons.__version__``;
* the chapter's code cells as they are, except: ``from myst_nb import glue``
  becomes a three-line ``glue`` that shows a value only when asked (the
  numbers are already in the text, so the notebook does not need myst-nb and
  Sphinx), and a cell tagged ``needs-repository`` (it reads files of a clone,
  such as ``../tests``) is shown as code in a Markdown cell saying so;
* the Markdown cells with the book's markup rewritten (``notebook_markup.py``),
  the glued numbers taken from this build's executed notebooks, figures as
  attachments, and a References section.

The notebooks go to ``<outdir>/_sources/<page>.ipynb``, where the theme's
download button points (replacing the executed copy the theme put there), and
to ``<outdir>/../notebooks/<page>.ipynb``, which the publish workflow pushes
to the branch ``runnable_notebooks_branch`` for Colab. Each notebook page's
launch menu gets a Colab entry pointing at that branch.

A copy of the book without ``requirements.txt`` beside ``_config.yml`` (the
student edition's sources) gets no runnable notebooks and no Colab button (the
published notebooks are the teacher's, with solutions): the theme's download stays.
"""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
from pathlib import Path

import jupytext
import nbformat
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralIncludeReader
from sphinx.errors import ExtensionError
from sphinx.util import logging

from bib_references import read_references
from chapter_requirements import DISTRIBUTIONS, imported_modules, pins, third_party
from install_cell import install_cell
from notebook_markup import Book, Chapter

LOGGER = logging.getLogger(__name__)
COLAB = "https://colab.research.google.com/github"
GLUE_IMPORT = re.compile(r"^from myst_nb import glue[ \t]*$", re.M)
GLUE_HERE = '''\
from IPython.display import display as _display


def glue(name, value, display=True):  # the book's myst_nb.glue puts value into the text; here the text has it
    if display:
        _display(value)'''
NEEDS_REPOSITORY = "needs-repository"
VERSION = re.compile(r'^__version__ = "([^"]+)"$', re.M)


def notebook_pages(app: Sphinx) -> list[str]:
    """The pages that are notebooks (have a kernelspec), in the order of the toc."""
    env = app.env
    order = {doc: i for i, doc in enumerate(env.toctree_includes.get(app.config.root_doc, []))}
    pages = [doc for doc in env.found_docs if "kernelspec" in env.metadata.get(doc, {})]
    all_docs = _toc_order(env, app.config.root_doc)
    return sorted(pages, key=lambda d: all_docs.index(d) if d in all_docs else len(all_docs) + order.get(d, 0))


def _toc_order(env, root: str) -> list[str]:
    found, stack = [], [root]
    while stack:
        doc = stack.pop(0)
        if doc in found:
            continue
        found.append(doc)
        stack[0:0] = env.toctree_includes.get(doc, [])
    return found


def github_parts(app: Sphinx) -> tuple[str, str]:
    """(owner, repository) of ``repository.url`` in _config.yml."""
    url = app.config.html_theme_options.get("repository_url", "")
    match = re.search(r"github\.com/([^/]+)/([^/#?]+)", url)
    if not match:
        raise ExtensionError(f"runnable_notebooks: repository.url in _config.yml must be a GitHub URL, not {url!r}")
    return match.group(1), match.group(2).removesuffix(".git")


def colab_url(app: Sphinx, page: str) -> str:
    """Where Colab opens the runnable notebook of ``page`` from the published branch."""
    owner, repo = github_parts(app)
    return f"{COLAB}/{owner}/{repo}/blob/{app.config.runnable_notebooks_branch}/{page}.ipynb"


def add_colab_button(app: Sphinx, pagename: str, templatename, context: dict, doctree) -> None:
    """Add Colab to the launch menu (rocket) of a notebook page; the theme has added its buttons already."""
    if "kernelspec" not in app.env.metadata.get(pagename, {}) or "header_buttons" not in context:
        return
    if not (Path(app.confdir) / "requirements.txt").exists():
        return  # no runnable notebooks are written for this copy (see write_notebooks): nothing to open
    button = {"type": "link", "text": "Colab", "tooltip": "Open in Colab", "label": "launch-colab-button",
              "icon": "_static/images/logo_colab.png", "url": colab_url(app, pagename)}
    for group in context["header_buttons"]:
        if group.get("label") == "launch-buttons":
            group["buttons"].append(button)
            return
    context["header_buttons"].append({"type": "group", "tooltip": "Launch interactive content",
                                      "icon": "fas fa-rocket", "buttons": [button], "label": "launch-buttons"})


class _Resolver:
    """Titles, numbers and links of the book's labels and pages, as this build knows them."""

    def __init__(self, app: Sphinx, page: str) -> None:
        self.env, self.page = app.env, page
        baseurl = app.config.html_baseurl
        owner, repo = github_parts(app)
        self.site = (baseurl.rstrip("/") + "/") if baseurl else f"https://{owner}.github.io/{repo}/"

    def _url(self, doc: str, anchor: str = "") -> str:
        if doc == self.page:
            return f"#{anchor}" if anchor else "#"
        return f"{self.site}{doc}.html" + (f"#{anchor}" if anchor else "")

    def ref(self, label: str):
        found = self.env.domaindata["std"]["labels"].get(label)
        if not found:
            return None
        doc, anchor, title = found
        return title, self._url(doc, label if doc == self.page else anchor)

    def numref(self, label: str):
        found = self.env.domaindata["std"]["anonlabels"].get(label)
        if not found:
            return None
        doc, anchor = found
        number = self.env.toc_fignumbers.get(doc, {}).get("figure", {}).get(anchor)
        text = "Fig. " + ".".join(map(str, number)) if number else label
        return text, self._url(doc, label if doc == self.page else anchor)

    def doc(self, target: str):
        doc = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(posixpath.dirname(self.page), target))
        title = self.env.titles.get(doc)
        return (title.astext(), self._url(doc)) if title is not None else None


def _read_literal(app: Sphinx):
    def read(file: Path, options: dict[str, str]) -> str:
        text, _ = LiteralIncludeReader(str(file), dict(options), app.config).read()
        return text
    return read


def _glue_values(app: Sphinx, page: str) -> dict[str, str]:
    """name -> text/plain of every value the page glued, from this build's executed notebook."""
    path = Path(app.outdir).parent / "jupyter_execute" / f"{page}.glue.json"
    if not path.exists():
        return {}
    values = {}
    for name, output in json.loads(path.read_text()).items():
        text = output.get("data", {}).get("text/plain")
        if text is not None:
            values[name] = "".join(text) if isinstance(text, list) else text
    return values


def _commit(root: Path) -> str:
    """The commit the book is built from (the install cell's fallback installs the package from it)."""
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "main"


def runnable_notebook(app: Sphinx, page: str, requirements: Path, version: str, commit: str) -> nbformat.NotebookNode:
    """The runnable notebook of one page (see the module docstring)."""
    env = app.env
    source = Path(env.doc2path(page))
    numbers = env.toc_secnumbers.get(page, {}).get("")
    resolver = _Resolver(app, page)
    book = Book(source=source, chapter_number=".".join(map(str, numbers)) if numbers else "",
                glue=_glue_values(app, page), references=_references(app), resolve_ref=resolver.ref,
                resolve_numref=resolver.numref, resolve_doc=resolver.doc, read_literal=_read_literal(app))
    chapter = Chapter(book)
    original = jupytext.read(source)
    cells, code = [], []
    for cell in original.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "markdown":
            converted = chapter.convert(cell.source)
            new = nbformat.v4.new_markdown_cell(converted.text)
            if converted.attachments:
                new.attachments = converted.attachments
        elif NEEDS_REPOSITORY in tags:
            new = nbformat.v4.new_markdown_cell(
                "*This cell reads files of the book's repository, so it runs only in a clone of it "
                "(or on Binder); its result is in the text that follows.*\n\n```python\n"
                + cell.source.rstrip() + "\n```")
        elif cell.cell_type == "code":
            code.append(cell.source)
            new = nbformat.v4.new_code_cell(GLUE_IMPORT.sub(GLUE_HERE, cell.source))
            if tags:
                new.metadata["tags"] = list(tags)
        else:
            new = nbformat.v4.new_raw_cell(cell.source)
        if new.source.strip():
            cells.append(new)
    if chapter.cited:
        cells.append(nbformat.v4.new_markdown_cell(chapter.references_cell()))
    kept = [c.source for c in cells if c.cell_type == "code"]
    kept_code = "\n".join(kept)
    modules = third_party(set().union(*map(imported_modules, kept)), str(source.name))
    owner, repo = github_parts(app)
    install = install_cell(modules, DISTRIBUTIONS, pins(requirements), version,
                           f"https://github.com/{owner}/{repo}", commit, kept_code)
    first = nbformat.v4.new_code_cell(install)
    first.metadata["tags"] = ["install"]
    notebook = nbformat.v4.new_notebook(cells=[first, *cells])
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "autodiff_lessons": {"page": page, "version": version, "commit": commit},
    }
    return notebook


_REFERENCES: dict[str, dict] = {}


def _references(app: Sphinx) -> dict:
    key = str(app.confdir)
    if key not in _REFERENCES:
        files = app.config.bibtex_bibfiles if "bibtex_bibfiles" in app.config else []
        found = {}
        for name in files:
            found.update(read_references(Path(app.confdir) / name))
        _REFERENCES[key] = found
    return _REFERENCES[key]


def write_notebooks(app: Sphinx, exception: Exception | None) -> None:
    """After a successful HTML build: the runnable notebooks, for download and for Colab."""
    if exception is not None or app.builder.format != "html":
        return
    root = Path(app.confdir)
    requirements = root / "requirements.txt"
    if not requirements.exists():
        LOGGER.info("runnable_notebooks: no requirements.txt beside _config.yml, so no runnable notebooks")
        return
    match = VERSION.search((root / "autodiff_lessons/__init__.py").read_text())
    if not match:
        raise ExtensionError('runnable_notebooks: autodiff_lessons/__init__.py must set __version__ = "X.Y.Z"')
    version, commit = match.group(1), _commit(root)
    published = Path(app.outdir).parent / "notebooks"
    pages = notebook_pages(app)
    for page in pages:
        notebook = runnable_notebook(app, page, requirements, version, commit)
        nbformat.validate(notebook)
        for target in (Path(app.outdir) / "_sources" / f"{page}.ipynb", published / f"{page}.ipynb"):
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(notebook, target)
    LOGGER.info(f"runnable_notebooks: {len(pages)} notebooks in {published}")


def setup(app: Sphinx) -> dict:
    app.add_config_value("runnable_notebooks_branch", "notebooks", "html")
    app.connect("html-page-context", add_colab_button, priority=502)
    app.connect("build-finished", write_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
