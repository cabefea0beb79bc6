"""Shapes: numpy broadcasting and reductions, undone for tangents and cotangents.

A cotangent must have the shape of the value it belongs to.  The rules of a
primitive that broadcasts (``add``, ``multiply``...) work at the output's
shape; :func:`fit_cotangent` sums their results down to each argument's shape
with :func:`unbroadcast`, in one place, for every rule, and :func:`fit_tangent`
is its forward twin.  :func:`restore` gives a reduction's cotangent back the
shape of its input.

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


def stretches_to(shape: tuple[int, ...], target: tuple[int, ...]) -> bool:
    """Can numpy broadcast an array of ``shape`` to ``target``?"""
    return len(shape) <= len(target) and all(n in (1, m) for n, m in zip(reversed(shape), reversed(target)))


def fit_tangent(prim: Any, t: Any, ans: Any) -> Any:
    """The tangent a JVP rule of ``prim`` returned, shaped like the output ``ans``.

    A primitive that broadcasts (``prim.broadcasts``) may return the tangent of
    an argument that numpy stretched: stretch it the same way (the twin of
    :func:`unbroadcast`).  Any other mismatch is a wrong rule.
    """
    if shape_of(t) == shape_of(ans):
        return t
    if prim.broadcasts and stretches_to(shape_of(t), shape_of(ans)):
        return np.broadcast_to(t, shape_of(ans))
    raise ValueError(
        f"the JVP rule of primitive {prim.name!r} returned a tangent of shape {shape_of(t)}, but the output "
        f"has shape {shape_of(ans)}. A tangent must have the shape of the value it belongs to."
    )


def fit_cotangent(prim: Any, argnum: int, g: Any, value: Any) -> Any:
    """The cotangent a VJP rule of ``prim`` returned for argument ``argnum``, shaped like that argument's ``value``.

    A primitive that broadcasts (``prim.broadcasts``) may return it at the
    output's shape: sum away the axes numpy stretched (:func:`unbroadcast`).
    Any other mismatch is a wrong rule.
    """
    if shape_of(g) == shape_of(value):
        return g
    if prim.broadcasts and stretches_to(shape_of(value), shape_of(g)):
        return unbroadcast(g, value)
    raise ValueError(
        f"the VJP rule of primitive {prim.name!r} for argument {argnum} returned a cotangent of shape "
        f"{shape_of(g)}, but that argument has shape {shape_of(value)}. A cotangent must have the shape of "
        "the value it belongs to (a primitive that broadcasts its arguments is made with broadcasts=True, "
        "and then the pass sums the broadcast axes away)."
    )


def keep_axes(g: Any, x: Any, axis: Any, keepdims: bool) -> Any:
    """Give a reduction's cotangent back its reduced axes, as length 1."""
    if keepdims:
        return g
    kept = axes(axis, len(shape_of(x)))
    return np.reshape(g, tuple(1 if i in kept else n for i, n in enumerate(shape_of(x))))


def restore(g: Any, x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """The cotangent of a sum: each element of ``x`` gets the ``g`` of its slice."""
    return np.broadcast_to(keep_axes(g, x, axis, keepdims), shape_of(x))
