"""Checking what users hand to the transformations, with errors that explain.

A wrong derivative that looks right is the worst outcome of an AD engine, so
inputs are checked at the door: integers become floats (the derivative of an
integer function would be truncated), shapes of tangents and cotangents must
match what they pair with.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .core import Tracer, primal
from .rules import shape_of, stack


def as_float(x: Any, what: str) -> Any:
    """Return ``x`` with integers and booleans promoted to floats.

    Traced values pass through unchanged (they are floats already, or the
    transformation that made them checked them).
    """
    if isinstance(x, Tracer):
        return x
    if isinstance(x, (bool, int)):
        return float(x)
    if isinstance(x, float):
        return x
    if isinstance(x, (list, tuple)):
        x = np.asarray(x)
    if isinstance(x, (np.ndarray, np.generic)):
        if x.dtype.kind in "biu":
            return x.astype(np.float64)
        if x.dtype.kind in "fc":
            return x
    raise TypeError(
        f"the {what} must be a number or a numpy array of numbers, got {type(x).__name__}. "
        "Convert it with np.asarray(...) first."
    )


def check_same_shape(value: Any, reference: Any, what: str, reference_name: str) -> None:
    """Raise ValueError naming both shapes when ``value`` and ``reference`` differ."""
    if shape_of(primal(value)) != shape_of(primal(reference)):
        raise ValueError(
            f"the {what} has shape {shape_of(primal(value))} but the {reference_name} has shape "
            f"{shape_of(primal(reference))}; they must match."
        )


def stack_outputs(out: Any) -> Any:
    """Turn a list or tuple of outputs (like ``[x, x, x]``) into one array."""
    if isinstance(out, (list, tuple)):
        return stack(*out)
    return out


def zeros_for(x: Any) -> Any:
    """A zero derivative shaped like ``x``: a float for scalars, an array otherwise."""
    zero = np.zeros_like(primal(x), dtype=np.result_type(primal(x), np.float64))
    return zero if zero.ndim else float(zero)
