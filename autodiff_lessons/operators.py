"""How Python operators, array methods and numpy calls on traced values reach the rules.

A traced value should look like the number or array it stands for: ``x * y``,
``x.sum(axis=0)``, ``x.T`` and ``np.sin(x)`` must all work.  :class:`TracedArray`
gives both modes' tracers that behaviour: operators and methods call the
primitives of :mod:`autodiff_lessons.rules`, and numpy hands its ufuncs and
functions over through ``__array_ufunc__`` and ``__array_function__``, which
look them up in ``UFUNCS`` and ``FUNCTIONS`` (:mod:`autodiff_lessons.defining_rules`).  Anything not in those
tables is refused with its name, never run on a lossy copy of the value.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from . import numpy_functions as npf
from . import rules
from .defining_rules import FUNCTIONS, UFUNCS
from .core import Tracer, primal


class TracedArray(Tracer):
    """A tracer with numpy's operators, properties and methods."""

    __slots__ = ()
    # Tell numpy to hand ufuncs and functions to us rather than converting us.
    __array_priority__ = 1000.0

    def __add__(self, other): return rules.add.bind(self, other)
    def __radd__(self, other): return rules.add.bind(other, self)
    def __sub__(self, other): return rules.subtract.bind(self, other)
    def __rsub__(self, other): return rules.subtract.bind(other, self)
    def __mul__(self, other): return rules.multiply.bind(self, other)
    def __rmul__(self, other): return rules.multiply.bind(other, self)
    def __truediv__(self, other): return rules.divide.bind(self, other)
    def __rtruediv__(self, other): return rules.divide.bind(other, self)
    def __pow__(self, other): return rules.power.bind(self, other)
    def __rpow__(self, other): return rules.power.bind(other, self)
    def __mod__(self, other): return rules.mod.bind(self, other)
    def __rmod__(self, other): return rules.mod.bind(other, self)
    def __matmul__(self, other): return rules.matmul.bind(self, other)
    def __rmatmul__(self, other): return rules.matmul.bind(other, self)
    def __floordiv__(self, other): return primal(self) // primal(other)  # flat between jumps
    def __rfloordiv__(self, other): return primal(other) // primal(self)
    def __neg__(self): return rules.negative.bind(self)
    def __pos__(self): return self
    def __abs__(self): return rules.absolute.bind(self)

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
        return rules.transpose(self)

    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of a traced scalar")
        return self.shape[0]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __getitem__(self, index):
        return rules.getitem(self, index)

    def __setitem__(self, index, value):
        raise TypeError(
            "traced arrays cannot be changed in place (x[i] = v): the tape would lose the old value. "
            "Build a new array instead: np.where(mask, v, x), np.concatenate([...]) or np.stack([...])."
        )

    def reshape(self, *shape):
        return npf.reshape(self, shape[0] if len(shape) == 1 else shape)

    def transpose(self, *axes):
        return rules.transpose(self, tuple(axes[0]) if len(axes) == 1 and axes[0] is not None else axes or None)

    def astype(self, dtype, **kwargs):
        return npf.astype(self, dtype)

    def ravel(self): return npf.ravel(self)
    flatten = ravel
    def squeeze(self, axis=None): return npf.squeeze(self, axis)
    def sum(self, axis=None, keepdims=False): return rules.sum(self, axis, keepdims)
    def mean(self, axis=None, keepdims=False): return npf.mean(self, axis, keepdims=keepdims)
    def max(self, axis=None, keepdims=False): return rules.max(self, axis, keepdims)
    def min(self, axis=None, keepdims=False): return rules.min(self, axis, keepdims)
    def prod(self, axis=None, keepdims=False): return rules.prod(self, axis, keepdims)
    def cumsum(self, axis=None): return npf.cumsum(self, axis)
    def var(self, axis=None, keepdims=False): return npf.var(self, axis, keepdims=keepdims)
    def std(self, axis=None, keepdims=False): return npf.std(self, axis, keepdims=keepdims)
    def clip(self, min=None, max=None): return npf.clip(self, min, max)
    def dot(self, other): return npf.dot(self, other)
    def conj(self): return self
    conjugate = conj

    def item(self):
        raise TypeError(_loses("x.item()"))

    def tolist(self):
        raise TypeError(_loses("x.tolist()"))

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        function = UFUNCS.get(ufunc) if method == "__call__" else None
        if kwargs.get("out") is not None:
            raise TypeError(
                f"np.{ufunc.__name__} was asked to write into an existing array (out=..., or an in-place "
                "operator such as a += x on a plain array a). A plain array cannot hold a traced value: "
                "write a = a + x instead."
            )
        if function is None:
            raise TypeError(unsupported(f"np.{ufunc.__name__}", method))
        kwargs.pop("out", None)
        return call(function, f"np.{ufunc.__name__}", inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        function = FUNCTIONS.get(func)
        name = numpy_name(func)
        if function is None:
            raise TypeError(unsupported(name))
        return call(function, name, args, kwargs)


def call(function: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Call ``function`` for numpy's ``name``; explain arguments it does not take."""
    try:
        return function(*args, **kwargs)
    except TypeError as error:
        target = getattr(function, "impl", function)  # a primitive's own signature
        try:
            inspect.signature(target).bind(*args, **kwargs)
        except TypeError:
            raise TypeError(f"{name} of traced values takes {name}{_plain_signature(target)}; {error}") from None
        raise


def _plain_signature(function: Any) -> inspect.Signature:
    """``function``'s signature without type hints: what a user would type."""
    signature = inspect.signature(function)
    parameters = [p.replace(annotation=p.empty) for p in signature.parameters.values()]
    return signature.replace(parameters=parameters, return_annotation=signature.empty)


def numpy_name(func: Any) -> str:
    """``np.linalg.eig`` for numpy.linalg's eig: the name a user typed."""
    module = getattr(func, "__module__", None) or "numpy"
    return f"{module}.{getattr(func, '__name__', repr(func))}".replace("numpy", "np", 1)


def unsupported(name: str, method: str = "__call__") -> str:
    how = "" if method == "__call__" else f" (ufunc method {method!r})"
    return (
        f"{name}{how} has no derivative rule in autodiff_lessons, so it cannot "
        "be applied to a traced value. Rewrite it with supported operations, or give it "
        "rules with ad.custom_vjp / ad.custom_jvp (see the chapter 'Inside autodiff_lessons')."
    )


def _loses(what: str) -> str:
    return f"{what} would turn a traced value into plain numbers and lose its derivative; use ad.primal(x) for that."
