"""Checking what users hand to the transformations, and what their functions return.

A wrong derivative that looks right is the worst outcome of an AD engine, so
values are checked at the door: integers become floats (the derivative of an
integer function would be truncated), complex numbers are refused (the rules
are those of real functions), shapes of tangents and cotangents must match
what they pair with, and a function must return numbers.
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
        return check_live(x)
    if isinstance(x, (bool, int)):
        return float(x)
    if isinstance(x, float):
        return x
    if isinstance(x, (list, tuple)):
        x = np.asarray(x)
    if isinstance(x, (np.ndarray, np.generic)):
        if x.dtype.kind in "biu":
            return x.astype(np.float64)
        if x.dtype.kind == "f":
            return x
    if isinstance(x, complex) or np.iscomplexobj(x):
        raise TypeError(
            f"the {what} is complex. autodiff_lessons differentiates real functions of real "
            "numbers: pass the real and imaginary parts as two real arguments."
        )
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


def as_output(out: Any, transform: str) -> Any:
    """Check what the differentiated function returned; stack a list or tuple of outputs.

    ``[x, x, x]`` becomes one array of shape (3,), so that Jacobians have the
    shape ``out.shape + in.shape``.  Anything that is not a real number, a
    numeric array or a traced value is refused with the type that came back.
    """
    if isinstance(out, (list, tuple)):
        if not out:
            raise TypeError(f"the function given to {transform} returned an empty {type(out).__name__}.")
        items = [as_output(item, transform) for item in out]
        shapes = {shape_of(item) for item in items}
        if len(shapes) > 1:
            raise ValueError(
                f"the function given to {transform} returned a {type(out).__name__} of outputs with shapes "
                f"{', '.join(str(shape_of(i)) for i in items)}. Outputs are stacked into one array, which "
                "needs equal shapes: return np.concatenate([np.ravel(a), np.ravel(b)]) instead, or "
                "differentiate each output on its own."
            )
        return stack(*items)
    value = primal(check_live(out))
    if isinstance(value, complex) or np.iscomplexobj(value):
        raise TypeError(f"the function given to {transform} returned a complex value; autodiff_lessons "
                        "differentiates real functions: return the real part and the imaginary part separately.")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.ndarray, np.generic)):
        raise TypeError(
            f"the function given to {transform} returned {type(out).__name__} ({out!r:.60}); it must return "
            "a number, a numpy array of numbers, or a list or tuple of them."
        )
    if np.asarray(value).dtype.kind not in "iuf":
        raise TypeError(f"the function given to {transform} returned an array of {np.asarray(value).dtype}, "
                        "not of numbers.")
    return out


def check_live(x: Any) -> Any:
    """Return ``x``, refusing a traced value whose transformation has returned.

    A value that escaped its function (into a global, a list, a closure) and
    comes back later, as an input or as an output, has no derivative to give.
    """
    value = x
    while isinstance(value, Tracer):
        if not value.is_live():
            raise escaped_error()
        value = value.primal
    return x


def escaped_error() -> RuntimeError:
    """The error for a traced value used after its transformation returned."""
    return RuntimeError(
        "a traced value was used after the function that traced it returned "
        "(did it escape into a global variable, a list or a closure?). Compute with "
        "ad.primal(x) outside the function, or keep the work inside it."
    )


def zeros_for(x: Any) -> Any:
    """A zero derivative shaped like ``x``: a float for scalars, an array otherwise."""
    zero = np.zeros_like(primal(x), dtype=np.float64)
    return zero if zero.ndim else float(zero)

