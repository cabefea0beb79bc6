"""What a chapter imports, and the pinned distribution that provides each module.

The runnable notebooks' install cells, the Binder pins test and the notebook
check all ask here, so a chapter that starts importing a new package fails in
one place, with a message saying which two files to edit.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

# Module -> the distribution (pip name) that provides it. The chapters may import
# only these, the standard library, IPython (every Jupyter kernel has it) and the package.
DISTRIBUTIONS = {
    "numpy": "numpy", "sympy": "sympy", "matplotlib": "matplotlib", "graphviz": "graphviz", "tqdm": "tqdm",
    "torch": "torch", "torchviz": "torchviz", "micrograd": "micrograd", "autograd": "autograd",
    "hypothesis": "hypothesis", "myst_nb": "myst-nb",
}
THE_PACKAGE = "autodiff_lessons"
ALWAYS_THERE = {"IPython", THE_PACKAGE}
IMPORT_LINE = re.compile(r"^\s*(?:import|from)\s+([A-Za-z_]\w*)")
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")


def normalise(name: str) -> str:
    """PyPI's spelling of a distribution name: ``Myst_NB`` -> ``myst-nb``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """name -> version for every ``name==version`` line of a requirements file."""
    found = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            found[normalise(match.group(1))] = match.group(2)
    return found


def imported_modules(code: str) -> set[str]:
    """Top-level names of the modules a code cell imports (IPython magics and shell lines skipped)."""
    lines = [line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:  # a cell meant not to parse: read its import lines one by one
        return {m.group(1) for line in lines if (m := IMPORT_LINE.match(line))}
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def third_party(modules: set[str], where: str, own_modules: set[str] = frozenset()) -> set[str]:
    """The modules that need a distribution; an unknown module is an error naming the files to edit."""
    unknown = modules - set(DISTRIBUTIONS) - set(sys.stdlib_module_names) - ALWAYS_THERE - set(own_modules)
    if unknown:
        raise ValueError(f"{where} imports {sorted(unknown)}: add each to DISTRIBUTIONS in book/_ext/chapter_requirements.py "
                         "and pin it in requirements.txt and binder/requirements.txt")
    return modules & set(DISTRIBUTIONS)
