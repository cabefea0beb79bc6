"""The first cell of every runnable notebook: install what the chapter imports, where it is missing.

Where everything is importable (the repository's venv, Binder, a second run)
the cell installs nothing and says so. Elsewhere (Colab, a fresh venv) it
installs, with pip into the running kernel's Python:

* each missing third-party module the chapter imports, at the version pinned
  in requirements.txt; torch from PyTorch's CPU index (the environment
  variable ``AUTODIFF_LESSONS_TORCH_INDEX`` names another index, or none
  when empty: then pip's own index and find-links serve it);
* ``autodiff-lessons`` at the book's version, unless that version is already
  installed. It comes from PyPI; ``AUTODIFF_LESSONS_WHEEL`` (a wheel file or
  URL) takes its place, and if PyPI does not have that version yet the cell
  falls back to the repository at the commit the book was built from.

A module already present is not reinstalled at the pinned version: on Colab
that would replace packages the runtime has imported. The cell prints one line.
"""

from __future__ import annotations

import re

TORCH_INDEX = "https://download.pytorch.org/whl/cpu"
DRAWS_GRAPHS = re.compile(r"draw_graph|graphviz|torchviz|step_through|displayable")

TEMPLATE = '''\
# Installs what this notebook needs where it is missing ({summary}); does nothing where all is present.
import importlib, importlib.metadata, importlib.util, os, shutil, subprocess, sys

VERSION = "{version}"  # the book's version of autodiff-lessons
# If PyPI does not have VERSION (yet), pip installs it from the repository at the book's commit;
# AUTODIFF_LESSONS_WHEEL=path-or-URL-of-a-wheel installs that instead.
REPOSITORY = "autodiff-lessons @ git+{repository}@{commit}"
NEEDS = {needs}  # module -> pinned distribution


def pip_install(*requirements):
    return subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *requirements]).returncode == 0


def installed_version():
    try:
        return importlib.metadata.version("autodiff-lessons")
    except importlib.metadata.PackageNotFoundError:
        return None


missing = [pin for module, pin in NEEDS.items() if importlib.util.find_spec(module) is None]
torch_index = os.environ.get("AUTODIFF_LESSONS_TORCH_INDEX", "{torch_index}")
index = ["--extra-index-url", torch_index] if torch_index and any(p.startswith("torch==") for p in missing) else []
if missing and not pip_install(*missing, *index):
    raise RuntimeError(f"pip could not install {{missing}}: install them, then run this notebook again")
if installed_version() != VERSION:
    package = os.environ.get("AUTODIFF_LESSONS_WHEEL") or f"autodiff-lessons=={{VERSION}}"
    if not (pip_install(package) or pip_install(REPOSITORY)):
        raise RuntimeError(f"pip could not install {{package}} nor {{REPOSITORY}}: see the book's README")
    missing.append(f"autodiff-lessons {{installed_version()}}")
importlib.invalidate_caches()
{graphviz_check}print(f"Installed {{', '.join(missing)}}." if missing else "Everything this notebook needs is already installed.")
'''

GRAPHVIZ_CHECK = '''\
if shutil.which("dot") is None:
    print("Graphviz's `dot` program is missing, so graphs will not draw: "
          "apt-get install graphviz, brew install graphviz or conda install -c conda-forge graphviz.")
'''


def install_cell(modules: set[str], distributions: dict[str, str], pins: dict[str, str], version: str,
                 repository: str, commit: str, code: str) -> str:
    """The install cell's source for a chapter importing ``modules`` (third-party only).

    ``distributions`` maps module -> distribution, ``pins`` distribution -> version
    (requirements.txt); ``code`` is the chapter's code, to see whether it draws graphs.
    """
    needs = {}
    for module in sorted(modules):
        distribution = distributions[module]
        if distribution not in pins:
            raise KeyError(f"the chapter imports {module}, but requirements.txt pins no version of {distribution}")
        needs[module] = f"{distribution}=={pins[distribution]}"
    names = [f"autodiff-lessons {version}"] + [pin.split("==")[0] + (" (CPU)" if pin.startswith("torch==") else "")
                                                for pin in needs.values()]
    return TEMPLATE.format(
        summary=", ".join(names), version=version, repository=repository, commit=commit,
        needs=repr(needs), torch_index=TORCH_INDEX,
        graphviz_check=GRAPHVIZ_CHECK if DRAWS_GRAPHS.search(code) else "",
    )
