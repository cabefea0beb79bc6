"""Shapes: numpy broadcasting and reductions, undone for tangents and cotangents.

A rule that receives a cotangent shaped like a broadcast output must return
one shaped like its own argument.  :func:`unbroadcast` does that, in exactly
one place, for every rule; :func:`broadcast_like` is its forward twin, and
:func:`restore` gives a reduction's cotangent back the shape of its input.

Called on traced values, ``np.reshape`` and ``np.broadcast_to`` reach the
primitives of :mod:`autodiff_lessons.rules`, so these helpers are themselves
differentiable (higher derivatives need that).
"""

from __future__ import annotations

from typing import Any

import numpy as np


def shape_of(x: Any) -> tuple[int, ...]:
    """Shape of a number, array or traced value (a Python float has shape ())."""
    return getattr(x, "shape", ())


def unbroadcast(g: Any, like: Any) -> Any:
    """Sum ``g`` down to the shape of ``like``, undoing numpy broadcasting.

    If ``x`` of shape (3,) was added to ``y`` of shape (2, 3), each element of
    ``x`` was used twice, so its cotangent is the sum over the repeated axis.
    """
    if type(g) is float:  # a scalar cotangent belongs to a scalar: nothing was broadcast
        return g
    target, g_shape = shape_of(like), shape_of(g)
    if g_shape == target:
        return g
    extra = len(g_shape) - len(target)
    if extra > 0:  # leading axes that broadcasting added
        g = np.sum(g, axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(target) if n == 1 and g_shape[i + extra] != 1)
    return np.sum(g, axis=stretched, keepdims=True) if stretched else g


def axes(axis: Any, ndim: int) -> tuple[int, ...]:
    """The reduced axes as non-negative ints (all of them for ``axis=None``)."""
    if axis is None:
        return tuple(range(ndim))
    return tuple(a % ndim for a in ((axis,) if isinstance(axis, int) else axis))


def broadcast_like(t: Any, ans: Any) -> Any:
    """Stretch a tangent to the output's shape (the JVP twin of unbroadcast)."""
    return t if shape_of(t) == shape_of(ans) else np.broadcast_to(t, shape_of(ans))


def keep_axes(g: Any, x: Any, axis: Any, keepdims: bool) -> Any:
    """Give a reduction's cotangent back its reduced axes, as length 1."""
    if keepdims:
        return g
    kept = axes(axis, len(shape_of(x)))
    return np.reshape(g, tuple(1 if i in kept else n for i, n in enumerate(shape_of(x))))


def restore(g: Any, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """The cotangent of a sum: each element of ``x`` gets the ``g`` of its slice."""
    return np.broadcast_to(keep_axes(g, x, axis, keepdims), shape_of(x))
