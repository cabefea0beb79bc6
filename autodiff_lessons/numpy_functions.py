"""numpy functions on traced values, built from the primitives: no derivative rules here.

``np.var``, ``np.linalg.norm``, ``np.vstack``... are compositions of the
primitives of :mod:`autodiff_lessons.rules`, so their derivatives follow from
the rules already in the table.  Each is registered with
:func:`~autodiff_lessons.defining_rules.implements` as what numpy calls do when an
argument is traced, and takes numpy's arguments (lists of arrays included).
The functions numpy has no name for (``logsumexp``, ``softmax``) are
numerically stable versions of the usual formulas.
"""

from __future__ import annotations

import builtins
from typing import Any, Sequence

import numpy as np

from . import rules
from .core import Tracer, compare, primal
from .defining_rules import implements, nondifferentiable, stop_gradient
from .shapes import axes, shape_of

# Comparisons, rounding, indices and shapes: flat almost everywhere, so zero derivative.
nondifferentiable(
    np.sign, np.floor, np.ceil, np.rint, np.trunc, np.floor_divide, np.round, np.around,
    np.logical_and, np.logical_or, np.logical_not, np.logical_xor, np.isnan, np.isinf, np.isfinite,
    np.argmax, np.argmin, np.argsort, np.nonzero, np.count_nonzero, np.allclose, np.isclose,
    np.array_equal, np.shape, np.ndim, np.size, np.zeros_like, np.ones_like, np.full_like, np.empty_like,
)


# Comparisons also note that the traced values were compared (see core.compare).
for _comparison in (np.equal, np.not_equal, np.less, np.less_equal, np.greater, np.greater_equal):
    implements(_comparison)(lambda *args, _op=_comparison, **kwargs: compare(_op, *args, **kwargs))


def _holds_tracer(x: Any) -> bool:
    return isinstance(x, Tracer) or (isinstance(x, (list, tuple)) and builtins.any(map(_holds_tracer, x)))


def as_array(x: Any) -> Any:
    """A list or tuple holding traced values, stacked into one traced array (as np.asarray would)."""
    if isinstance(x, (list, tuple)) and _holds_tracer(x):
        return rules.stack(*map(as_array, x))
    return x


def _count(x: Any, axis: Any) -> int:
    return int(np.prod([shape_of(x)[a] for a in axes(axis, len(shape_of(x)))]))


@implements(np.mean)
def mean(x: Any, axis: Any = None, dtype: Any = None, keepdims: bool = False) -> Any:
    x = as_array(x)
    return rules.sum(x, axis, keepdims) / _count(x, axis)


@implements(np.var)
def var(x: Any, axis: Any = None, dtype: Any = None, ddof: int = 0, keepdims: bool = False) -> Any:
    x = as_array(x)
    centred = x - mean(x, axis, keepdims=True)
    return rules.sum(centred * centred, axis, keepdims) / (_count(x, axis) - ddof)


@implements(np.std)
def std(x: Any, axis: Any = None, dtype: Any = None, ddof: int = 0, keepdims: bool = False) -> Any:
    return np.sqrt(var(x, axis, ddof=ddof, keepdims=keepdims))


@implements(np.reshape)
def reshape(x: Any, shape: Any = None, order: str = "C") -> Any:
    if order != "C":
        raise ValueError("np.reshape of traced values supports order='C' only")
    return rules.reshape(x, tuple(shape) if isinstance(shape, (tuple, list)) else (shape,))


@implements(np.ravel)
def ravel(x: Any, order: str = "C") -> Any:
    return reshape(x, -1, order)


@implements(np.squeeze)
def squeeze(x: Any, axis: Any = None) -> Any:
    shape = shape_of(x)
    dropped = [i for i, n in enumerate(shape) if n == 1] if axis is None else axes(axis, len(shape))
    return reshape(x, tuple(n for i, n in enumerate(shape) if i not in dropped))


@implements(np.expand_dims)
def expand_dims(x: Any, axis: Any) -> Any:
    shape = list(shape_of(x))
    for a in sorted(axes(axis, len(shape) + (len(axis) if isinstance(axis, (tuple, list)) else 1))):
        shape.insert(a, 1)
    return reshape(x, tuple(shape))


def _at_least(ndim: int, xs: tuple[Any, ...]) -> Any:
    """Leading axes of length 1 added until each array has ``ndim`` axes."""
    grown = [reshape(x, (1,) * (ndim - len(shape_of(x))) + shape_of(x)) for x in map(as_array, xs)]
    return grown[0] if len(grown) == 1 else grown


@implements(np.atleast_1d)
def atleast_1d(*xs: Any) -> Any:
    return _at_least(1, xs)


@implements(np.atleast_2d)
def atleast_2d(*xs: Any) -> Any:
    return _at_least(2, xs)


@implements(np.stack)
def stack(arrays: Sequence[Any], axis: int = 0) -> Any:
    return rules.stack(*map(as_array, arrays), axis=axis)


@implements(np.concatenate)
def concatenate(arrays: Sequence[Any], axis: Any = 0) -> Any:
    arrays = [as_array(a) for a in arrays]
    if axis is None:
        arrays, axis = [ravel(a) for a in arrays], 0
    return rules.concatenate(*arrays, axis=axis)


@implements(np.vstack)
def vstack(arrays: Sequence[Any]) -> Any:
    return concatenate(_as_list(atleast_2d(*arrays)), axis=0)


@implements(np.hstack)
def hstack(arrays: Sequence[Any]) -> Any:
    arrays = _as_list(atleast_1d(*arrays))
    return concatenate(arrays, axis=0 if len(shape_of(arrays[0])) == 1 else 1)


def _as_list(x: Any) -> list[Any]:
    return x if isinstance(x, list) else [x]


@implements(np.cumsum)
def cumsum(x: Any, axis: Any = None) -> Any:
    return rules.cumsum(ravel(x), 0) if axis is None else rules.cumsum(x, axis % len(shape_of(x)))


@implements(np.repeat)
def repeat(x: Any, repeats: Any, axis: Any = None) -> Any:
    if not isinstance(repeats, (int, np.integer)):
        raise TypeError("np.repeat of traced values takes one whole number of repeats")
    if axis is None:
        return rules.repeat(ravel(x), int(repeats), 0)
    return rules.repeat(x, int(repeats), axis % len(shape_of(x)))


def astype(x: Any, dtype: Any) -> Any:
    """``x.astype(dtype)``: floats keep the derivative, whole numbers and booleans have none."""
    if np.dtype(dtype).kind == "f":
        return x
    return np.asarray(primal(x)).astype(dtype)


@implements(np.real, np.conjugate, np.conj)
def _real_part(x: Any) -> Any:
    return x  # traced values are real


@implements(np.dot)
def dot(a: Any, b: Any) -> Any:
    if len(shape_of(a)) == 0 or len(shape_of(b)) == 0:
        return a * b
    if len(shape_of(a)) > 2 or len(shape_of(b)) > 2:
        raise ValueError("np.dot of traced arrays of more than 2 dimensions: use np.matmul or np.einsum")
    return rules.matmul(a, b)


@implements(np.vdot)
def vdot(a: Any, b: Any) -> Any:
    return rules.matmul(ravel(a), ravel(b))  # numpy's own dot: the same value to the last bit


@implements(np.outer)
def outer(a: Any, b: Any) -> Any:
    return reshape(ravel(a), (-1, 1)) * ravel(b)


@implements(np.inner)
def inner(a: Any, b: Any) -> Any:
    return np.tensordot(a, b, axes=([-1], [-1]))


@implements(np.tensordot)
def tensordot(a: Any, b: Any, axes: Any = 2) -> Any:
    """As numpy computes it: the summed axes moved together, then one matrix product."""
    na, nb = len(shape_of(a)), len(shape_of(b))
    if isinstance(axes, (int, np.integer)):
        axes_a, axes_b = list(range(na - axes, na)), list(range(axes))
    else:
        axes_a, axes_b = [i % na for i in np.atleast_1d(axes[0])], [i % nb for i in np.atleast_1d(axes[1])]
    free_a = [shape_of(a)[i] for i in range(na) if i not in axes_a]
    free_b = [shape_of(b)[j] for j in range(nb) if j not in axes_b]
    summed = int(np.prod([shape_of(a)[i] for i in axes_a]))
    a2 = reshape(rules.transpose(a, tuple(i for i in range(na) if i not in axes_a) + tuple(axes_a)),
                 (int(np.prod(free_a)), summed))
    b2 = reshape(rules.transpose(b, tuple(axes_b) + tuple(j for j in range(nb) if j not in axes_b)),
                 (summed, int(np.prod(free_b))))
    return reshape(rules.matmul(a2, b2), tuple(free_a + free_b))


def _diagonal_index(shape: tuple[int, ...], k: int) -> tuple[np.ndarray, np.ndarray]:
    rows = np.arange(builtins.max(0, -k), builtins.min(shape[0], shape[1] - k))
    return rows, rows + k


@implements(np.diagonal)
def diagonal(x: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    if len(shape_of(x)) != 2 or (axis1, axis2) != (0, 1):
        raise ValueError("np.diagonal of traced values takes a matrix (2-D) and the default axes")
    return rules.getitem(x, _diagonal_index(shape_of(x), offset))


@implements(np.diag)
def diag(v: Any, k: int = 0) -> Any:
    if len(shape_of(v)) == 2:
        return diagonal(v, k)
    n = shape_of(v)[0] + abs(k)
    return rules.scatter_add(v, _diagonal_index((n, n), k), (n, n))


@implements(np.trace)
def trace(x: Any, offset: int = 0) -> Any:
    return rules.sum(diagonal(x, offset))


@implements(np.clip)
def clip(x: Any, a_min: Any = None, a_max: Any = None, *, min: Any = None, max: Any = None) -> Any:
    """numpy 2 spells the bounds both ways: ``np.clip(x, 0, 1)`` and ``np.clip(x, min=0, max=1)``."""
    if (a_min is not None and min is not None) or (a_max is not None and max is not None):
        raise TypeError("np.clip: give each bound once, as a_min/a_max or as min/max, not both")
    a_min = min if a_min is None else a_min
    a_max = max if a_max is None else a_max
    if a_min is not None:
        x = np.maximum(x, a_min)
    return x if a_max is None else np.minimum(x, a_max)


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """``log(sum(exp(x)))`` without overflow: the largest element is taken out first.

    >>> import autodiff_lessons as ad
    >>> float(ad.logsumexp([1000.0, 1000.0]))  # np.log(np.sum(np.exp(...))) gives inf
    1000.6931471805599
    """
    x = as_array(x)
    m = stop_gradient(np.max(x, axis=axis, keepdims=True))
    out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m
    return out if keepdims else squeeze(out, axis) if axis is not None else reshape(out, ())


def softmax(x: Any, axis: int = -1) -> Any:
    """``exp(x) / sum(exp(x))`` along ``axis``, computed without overflow."""
    return np.exp(x - logsumexp(x, axis=axis, keepdims=True))


@implements(np.linalg.norm)
def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Any:
    if ord in (None, 2, "fro") and (ord != 2 or len(shape_of(x)) == 1 or axis is not None):
        return np.sqrt(rules.sum(x * x, axis, keepdims))
    if ord == 1 and (len(shape_of(x)) == 1 or axis is not None):
        return rules.sum(np.abs(x), axis, keepdims)
    if ord == np.inf and (len(shape_of(x)) == 1 or axis is not None):
        return rules.max(np.abs(x), axis, keepdims)
    raise ValueError(f"np.linalg.norm(ord={ord!r}) of traced values: autodiff_lessons has the 2-norm "
                     "(and Frobenius norm), 1-norm and max-norm of vectors")
