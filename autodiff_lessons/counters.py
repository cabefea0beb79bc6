"""Counting JVP and VJP passes, so the cost of a Jacobian can be seen without a clock.

>>> import numpy as np
>>> import autodiff_lessons as ad
>>> with ad.count_passes() as passes:
...     J = ad.jacrev(lambda x: np.sum(x) * np.ones(3))(np.ones(5))
>>> passes.vjp
3
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Iterator


@dataclass
class PassCount:
    """How many forward-mode (``jvp``) and reverse-mode (``vjp``) passes ran."""

    jvp: int = 0
    vjp: int = 0


_active: list[PassCount] = []


def record(kind: str) -> None:
    """Add one pass of ``kind`` ("jvp" or "vjp") to every open counter."""
    for count in _active:
        setattr(count, kind, getattr(count, kind) + 1)


@contextlib.contextmanager
def count_passes() -> Iterator[PassCount]:
    """Count the JVP and VJP passes run inside the ``with`` block."""
    count = PassCount()
    _active.append(count)
    try:
        yield count
    finally:
        _active.remove(count)
