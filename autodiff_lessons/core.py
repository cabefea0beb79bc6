"""Primitives and traced values: the one mechanism both AD modes share.

A *primitive* is an operation whose derivative we know by heart (``sin``,
``multiply``, ``sum``...).  Every program we differentiate is a composition of
primitives, so if each primitive knows how to push a tangent forward (its JVP
rule) and pull a cotangent back (its VJP rule), we can differentiate the whole
program.

A *traced value* (a :class:`Tracer`) stands in for a number while a function
runs.  Python operators and numpy functions applied to it end up in
:meth:`Primitive.__call__`, which hands the work to the tracer's mode:
forward mode (:mod:`autodiff_lessons.forward`) carries a tangent along,
reverse mode (:mod:`autodiff_lessons.reverse`) records the operation on a tape.

Transformations nest (``grad(grad(f))``).  Every transformation call gets a
fresh, larger *level*; a primitive always serves the highest level among its
arguments first and passes the unwrapped values down to the levels below.
This is what keeps the derivative of one level from leaking into another.
"""

from __future__ import annotations

import itertools
from typing import Any, Callable

import numpy as np

Rule = Callable[..., Any]

_next_level = itertools.count(1)


def new_level() -> int:
    """Return a level higher than every level handed out before."""
    return next(_next_level)


class Primitive:
    """An operation with known derivative rules.

    ``impl`` computes the plain result.  ``jvps[i](tangent, ans, *args, **kw)``
    is the tangent of the output caused by a tangent on argument ``i``;
    ``vjps[i](cotangent, ans, *args, **kw)`` is the cotangent of argument
    ``i``.  Rules are written with ordinary operators and numpy calls, so the
    rules themselves are differentiable: that is how higher derivatives work.
    """

    __slots__ = ("name", "impl", "jvps", "vjps")

    def __init__(self, name: str, impl: Callable[..., Any]) -> None:
        self.name = name
        self.impl = impl
        self.jvps: dict[int, Rule] = {}
        self.vjps: dict[int, Rule] = {}

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        top = None
        for arg in args:
            if isinstance(arg, Tracer) and (top is None or arg._level > top._level):
                top = arg
        if top is None:
            return self.impl(*args, **kwargs)
        return top._apply(self, args, kwargs)

    def __repr__(self) -> str:
        return f"<primitive {self.name}>"


class Tracer:
    """Base class of traced values: operators and numpy calls become primitives.

    Subclasses implement ``_apply(primitive, args, kwargs)`` and expose the
    plain value they wrap as ``_primal``.  Comparisons look at primal values,
    so ordinary Python control flow (``if x < 2:``) works while tracing.
    ``==`` keeps its default identity meaning: traced values are used as
    dictionary keys by identity, and an element-wise ``==`` would break that.
    """

    __slots__ = ()
    _level: int
    # Tell numpy to hand ufuncs and functions to us rather than converting
    # us to an object array.
    __array_priority__ = 1000.0

    @property
    def _primal(self) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    # --- arithmetic -------------------------------------------------------
    def __add__(self, other): return _prims.add(self, other)
    def __radd__(self, other): return _prims.add(other, self)
    def __sub__(self, other): return _prims.subtract(self, other)
    def __rsub__(self, other): return _prims.subtract(other, self)
    def __mul__(self, other): return _prims.multiply(self, other)
    def __rmul__(self, other): return _prims.multiply(other, self)
    def __truediv__(self, other): return _prims.divide(self, other)
    def __rtruediv__(self, other): return _prims.divide(other, self)
    def __pow__(self, other): return _prims.power(self, other)
    def __rpow__(self, other): return _prims.power(other, self)
    def __matmul__(self, other): return _prims.matmul(self, other)
    def __rmatmul__(self, other): return _prims.matmul(other, self)
    def __neg__(self): return _prims.negative(self)
    def __pos__(self): return self
    def __abs__(self): return _prims.absolute(self)

    # --- comparisons act on primal values -----------------------------------
    def __lt__(self, other): return primal(self) < primal(other)
    def __le__(self, other): return primal(self) <= primal(other)
    def __gt__(self, other): return primal(self) > primal(other)
    def __ge__(self, other): return primal(self) >= primal(other)
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __bool__(self) -> bool:
        return bool(primal(self))

    def __float__(self) -> float:
        raise TypeError(
            "float() of a traced value would throw its derivative away. "
            "Use numpy functions (np.sin, not math.sin) inside the function you "
            "differentiate, or ad.primal(x) if you really want the plain number."
        )

    __complex__ = __int__ = __index__ = __float__

    # --- array protocol -----------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        return np.shape(primal(self))

    @property
    def ndim(self) -> int:
        return np.ndim(primal(self))

    @property
    def size(self) -> int:
        return int(np.size(primal(self)))

    @property
    def dtype(self) -> np.dtype:
        return np.result_type(primal(self))

    @property
    def T(self):
        return _prims.transpose(self)

    def __len__(self) -> int:
        shape = self.shape
        if not shape:
            raise TypeError("len() of a traced scalar")
        return shape[0]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __getitem__(self, index):
        return _prims.getitem(self, index)

    def reshape(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return _prims.reshape(self, shape)

    def transpose(self, *axes):
        return _prims.transpose(self, axes or None)

    def sum(self, axis=None, keepdims=False):
        return _prims.sum(self, axis=axis, keepdims=keepdims)

    def mean(self, axis=None, keepdims=False):
        return _prims.mean(self, axis=axis, keepdims=keepdims)

    def dot(self, other):
        return _prims.dot(self, other)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        prim = _prims.UFUNCS.get(ufunc) if method == "__call__" else None
        if prim is None or kwargs.get("out") is not None:
            raise TypeError(_unsupported_message(f"np.{ufunc.__name__}", method))
        kwargs.pop("out", None)
        return prim(*inputs, **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        prim = _prims.FUNCTIONS.get(func)
        if prim is None:
            name = getattr(func, "__qualname__", repr(func))
            module = getattr(func, "__module__", "numpy") or "numpy"
            raise TypeError(_unsupported_message(f"{module}.{name}".replace("numpy.", "np.", 1)))
        return prim(*args, **kwargs)


def _unsupported_message(name: str, method: str = "__call__") -> str:
    how = "" if method == "__call__" else f" (ufunc method {method!r})"
    return (
        f"{name}{how} has no derivative rule in autodiff_lessons, so it cannot "
        "be applied to a traced value. Rewrite it with supported operations, or "
        "add a primitive with its JVP and VJP rules in autodiff_lessons/rules.py "
        "(see the chapter 'Inside autodiff_lessons')."
    )


def primal(x: Any) -> Any:
    """Return the plain number or array inside ``x``, however deeply traced.

    >>> import autodiff_lessons as ad
    >>> ad.primal(3.0)
    3.0
    """
    while isinstance(x, Tracer):
        x = x._primal
    return x


# The primitives live in rules.py, which imports this module; bind lazily.
from . import rules as _prims  # noqa: E402
