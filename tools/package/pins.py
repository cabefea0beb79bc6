"""The exact versions the project pins, read from a requirements file.

One reader for requirements.txt and binder/requirements.txt, so the wheel
check, the notebooks' install cells and the Binder test install the same
versions the book is built with.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")


def normalise(name: str) -> str:
    """PyPI's spelling of a distribution name: ``Myst_NB`` -> ``myst-nb``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path = ROOT / "requirements.txt") -> dict[str, str]:
    """name -> version for every ``name==version`` line of a requirements file."""
    found = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            found[normalise(match.group(1))] = match.group(2)
    return found


def requirement(name: str, path: Path = ROOT / "requirements.txt") -> str:
    """``name==version`` as pinned in ``path``; says which file to edit when the pin is missing."""
    found = pins(path)
    key = normalise(name)
    if key not in found:
        raise KeyError(f"{path} pins no version of {name!r}: add a line `{name}==VERSION` to it")
    return f"{key}=={found[key]}"
