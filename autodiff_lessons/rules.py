"""Every primitive operation with its JVP and VJP rule, in one table.

Read a line as: "this is how the operation pushes a tangent forward (JVP) and
pulls a cotangent back (VJP)".  Forward mode and reverse mode both read this
table, so each derivative is written exactly once per mode.

Rule signatures (``ans`` is the operation's output, already computed)::

    jvp(tangent_of_arg_i, ans, *args, **kwargs)   -> tangent of the output
    vjp(cotangent_of_output, ans, *args, **kwargs) -> cotangent of arg i

An argument with no rule (an index, a shape, a boolean mask) has zero
derivative.  Rules use ordinary operators and numpy calls, so when their
inputs are traced by an outer transformation the rules are traced too: that is
all ``grad(grad(f))`` needs.

Broadcasting is undone in exactly one place, :func:`unbroadcast`.
"""

from __future__ import annotations

import functools
import operator
from typing import Any, Callable

import numpy as np

from .core import Primitive, primal

# ----------------------------------------------------------------------------
# Helpers shared by many rules
# ----------------------------------------------------------------------------


def shape_of(x: Any) -> tuple[int, ...]:
    """Shape of a number, array or traced value (a Python float has shape ())."""
    return getattr(x, "shape", ())


def unbroadcast(g: Any, like: Any) -> Any:
    """Sum ``g`` down to the shape of ``like``, undoing numpy broadcasting.

    If ``x`` of shape (3,) was added to ``y`` of shape (2, 3), each element of
    ``x`` was used twice, so its cotangent is the sum over the repeated axis.
    """
    if type(g) is float:
        return g  # a Python float came from scalars only: nothing was broadcast
    target = shape_of(like)
    g_shape = shape_of(g)
    if g_shape == target:
        return g
    extra = len(g_shape) - len(target)
    if extra > 0:  # leading axes that broadcasting added
        g = np.sum(g, axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(target) if n == 1 and g_shape[i + extra] != 1)
    if stretched:  # axes of length 1 that broadcasting stretched
        g = np.sum(g, axis=stretched, keepdims=True)
    return g


def broadcast_like(t: Any, ans: Any) -> Any:
    """Stretch a tangent to the output's shape (the JVP twin of unbroadcast)."""
    if shape_of(t) == shape_of(ans):
        return t
    return broadcast_to(t, shape_of(ans))


def _defjvp(prim: Primitive, *rules: Callable[..., Any] | None) -> None:
    for i, rule in enumerate(rules):
        if rule is not None:
            prim.jvps[i] = rule


def _defvjp(prim: Primitive, *rules: Callable[..., Any] | None) -> None:
    for i, rule in enumerate(rules):
        if rule is not None:
            prim.vjps[i] = rule


# ----------------------------------------------------------------------------
# Arithmetic
# ----------------------------------------------------------------------------

add = Primitive("add", operator.add)
_defjvp(add, lambda t, ans, x, y: t, lambda t, ans, x, y: t)
_defvjp(add, lambda g, ans, x, y: unbroadcast(g, x), lambda g, ans, x, y: unbroadcast(g, y))

subtract = Primitive("sub", operator.sub)
_defjvp(subtract, lambda t, ans, x, y: t, lambda t, ans, x, y: -t)
_defvjp(subtract, lambda g, ans, x, y: unbroadcast(g, x), lambda g, ans, x, y: unbroadcast(-g, y))

multiply = Primitive("mul", operator.mul)
_defjvp(multiply, lambda t, ans, x, y: t * y, lambda t, ans, x, y: x * t)
_defvjp(multiply, lambda g, ans, x, y: unbroadcast(g * y, x), lambda g, ans, x, y: unbroadcast(x * g, y))

divide = Primitive("div", operator.truediv)
_defjvp(divide, lambda t, ans, x, y: t / y, lambda t, ans, x, y: -t * ans / y)
_defvjp(divide, lambda g, ans, x, y: unbroadcast(g / y, x), lambda g, ans, x, y: unbroadcast(-g * ans / y, y))


def _log_of_base(x: Any) -> Any:
    # d(x**y)/dy = log(x) x**y is only real for x > 0; elsewhere we define it as 0
    # rather than return nan for every power of a negative number.
    return np.log(np.where(primal(x) > 0, x, 1.0))


def _power_slope(x: Any, y: Any) -> Any:
    # d(x**y)/dx = y x**(y-1). For y == 0 the power is the constant 1, even at
    # x = 0, where y x**(y-1) would be 0 * inf: answer 0 without computing it.
    if np.ndim(primal(y)) == 0 and primal(y) == 0:
        return np.zeros_like(primal(x), dtype=np.float64)
    return y * np.power(x, y - 1)


power = Primitive("pow", operator.pow)
_defjvp(power, lambda t, ans, x, y: t * _power_slope(x, y), lambda t, ans, x, y: t * _log_of_base(x) * ans)
_defvjp(
    power,
    lambda g, ans, x, y: unbroadcast(g * _power_slope(x, y), x),
    lambda g, ans, x, y: unbroadcast(g * _log_of_base(x) * ans, y),
)

negative = Primitive("neg", operator.neg)
_defjvp(negative, lambda t, ans, x: -t)
_defvjp(negative, lambda g, ans, x: -g)

# ----------------------------------------------------------------------------
# Element-wise functions (derivatives in terms of the output where cheaper)
# ----------------------------------------------------------------------------

sin = Primitive("sin", np.sin)
_defjvp(sin, lambda t, ans, x: t * np.cos(x))
_defvjp(sin, lambda g, ans, x: g * np.cos(x))

cos = Primitive("cos", np.cos)
_defjvp(cos, lambda t, ans, x: -t * np.sin(x))
_defvjp(cos, lambda g, ans, x: -g * np.sin(x))

tan = Primitive("tan", np.tan)
_defjvp(tan, lambda t, ans, x: t * (1.0 + ans**2))
_defvjp(tan, lambda g, ans, x: g * (1.0 + ans**2))

exp = Primitive("exp", np.exp)
_defjvp(exp, lambda t, ans, x: t * ans)
_defvjp(exp, lambda g, ans, x: g * ans)

log = Primitive("log", np.log)
_defjvp(log, lambda t, ans, x: t / x)
_defvjp(log, lambda g, ans, x: g / x)

sqrt = Primitive("sqrt", np.sqrt)
_defjvp(sqrt, lambda t, ans, x: t / (2.0 * ans))
_defvjp(sqrt, lambda g, ans, x: g / (2.0 * ans))

tanh = Primitive("tanh", np.tanh)
_defjvp(tanh, lambda t, ans, x: t * (1.0 - ans**2))
_defvjp(tanh, lambda g, ans, x: g * (1.0 - ans**2))

square = Primitive("square", np.square)
_defjvp(square, lambda t, ans, x: 2.0 * x * t)
_defvjp(square, lambda g, ans, x: 2.0 * x * g)

# sign has zero derivative everywhere it has one: no rules.
sign = Primitive("sign", np.sign)

absolute = Primitive("abs", np.abs)
_defjvp(absolute, lambda t, ans, x: t * sign(x))
_defvjp(absolute, lambda g, ans, x: g * sign(x))


def _where_first_wins(x: Any, y: Any) -> Any:
    return primal(x) >= primal(y)


maximum = Primitive("maximum", np.maximum)
_defjvp(
    maximum,
    lambda t, ans, x, y: broadcast_like(np.where(_where_first_wins(x, y), t, 0.0), ans),
    lambda t, ans, x, y: broadcast_like(np.where(_where_first_wins(x, y), 0.0, t), ans),
)
_defvjp(
    maximum,
    lambda g, ans, x, y: unbroadcast(np.where(_where_first_wins(x, y), g, 0.0), x),
    lambda g, ans, x, y: unbroadcast(np.where(_where_first_wins(x, y), 0.0, g), y),
)

minimum = Primitive("minimum", np.minimum)
_defjvp(
    minimum,
    lambda t, ans, x, y: broadcast_like(np.where(_where_first_wins(y, x), t, 0.0), ans),
    lambda t, ans, x, y: broadcast_like(np.where(_where_first_wins(y, x), 0.0, t), ans),
)
_defvjp(
    minimum,
    lambda g, ans, x, y: unbroadcast(np.where(_where_first_wins(y, x), g, 0.0), x),
    lambda g, ans, x, y: unbroadcast(np.where(_where_first_wins(y, x), 0.0, g), y),
)

where = Primitive("where", np.where)
_defjvp(
    where,
    None,
    lambda t, ans, c, x, y: broadcast_like(np.where(c, t, 0.0), ans),
    lambda t, ans, c, x, y: broadcast_like(np.where(c, 0.0, t), ans),
)
_defvjp(
    where,
    None,
    lambda g, ans, c, x, y: unbroadcast(np.where(c, g, 0.0), x),
    lambda g, ans, c, x, y: unbroadcast(np.where(c, 0.0, g), y),
)

# ----------------------------------------------------------------------------
# Reductions, shapes and indexing
# ----------------------------------------------------------------------------


def _restore_reduced_axes(g: Any, x: Any, axis: Any, keepdims: bool) -> Any:
    """Give a reduction's cotangent back the axes the reduction removed."""
    if axis is None or keepdims:
        return broadcast_to(g, shape_of(x)) if shape_of(g) != shape_of(x) else g
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    ndim = len(shape_of(x))
    kept_shape = tuple(1 if i in {a % ndim for a in axes} else n for i, n in enumerate(shape_of(x)))
    return broadcast_to(reshape(g, kept_shape), shape_of(x))


def _count(x: Any, axis: Any) -> int:
    shape = shape_of(x)
    if axis is None:
        return int(np.prod(shape))
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    return int(np.prod([shape[a] for a in axes]))


sum = Primitive("sum", np.sum)  # noqa: A001 - numpy's name, on purpose
_defjvp(sum, lambda t, ans, x, axis=None, keepdims=False: np.sum(t, axis=axis, keepdims=keepdims))
_defvjp(sum, lambda g, ans, x, axis=None, keepdims=False: _restore_reduced_axes(g, x, axis, keepdims))

mean = Primitive("mean", np.mean)
_defjvp(mean, lambda t, ans, x, axis=None, keepdims=False: np.mean(t, axis=axis, keepdims=keepdims))
_defvjp(
    mean,
    lambda g, ans, x, axis=None, keepdims=False: _restore_reduced_axes(g, x, axis, keepdims) / _count(x, axis),
)

reshape = Primitive("reshape", np.reshape)
_defjvp(reshape, lambda t, ans, x, shape: reshape(t, shape))
_defvjp(reshape, lambda g, ans, x, shape: reshape(g, shape_of(x)))


def _transpose_impl(x: Any, axes: Any = None) -> Any:
    return np.transpose(x, axes)


def _inverse_axes(axes: Any) -> Any:
    return None if axes is None else tuple(int(a) for a in np.argsort(axes))


transpose = Primitive("transpose", _transpose_impl)
_defjvp(transpose, lambda t, ans, x, axes=None: transpose(t, axes))
_defvjp(transpose, lambda g, ans, x, axes=None: transpose(g, _inverse_axes(axes)))

broadcast_to = Primitive("broadcast_to", np.broadcast_to)
_defjvp(broadcast_to, lambda t, ans, x, shape: broadcast_to(t, shape))
_defvjp(broadcast_to, lambda g, ans, x, shape: unbroadcast(g, x))


def _scatter_add_impl(g: Any, index: Any, shape: tuple[int, ...]) -> np.ndarray:
    out = np.zeros(shape, dtype=np.result_type(g, np.float64))
    np.add.at(out, index, g)
    return out


# scatter_add is getitem run backwards: it puts g into a zero array at index.
scatter_add = Primitive("scatter_add", _scatter_add_impl)
_defjvp(scatter_add, lambda t, ans, g, index, shape: scatter_add(t, index, shape))
_defvjp(scatter_add, lambda c, ans, g, index, shape: getitem(c, index))

getitem = Primitive("getitem", operator.getitem)
_defjvp(getitem, lambda t, ans, x, index: getitem(t, index))
_defvjp(getitem, lambda g, ans, x, index: scatter_add(g, index, shape_of(x)))


class _EveryPosition(dict):
    """Rule table for a primitive that takes any number of arguments."""

    def __init__(self, make_rule: Callable[..., Any]) -> None:
        super().__init__()
        self.make_rule = make_rule

    def __getitem__(self, position: int) -> Any:
        return functools.partial(self.make_rule, position)

    def get(self, position: int, default: Any = None) -> Any:
        return self[position]


def _stack_impl(*xs: Any) -> np.ndarray:
    return np.stack(xs)


# stack(a, b, c) builds an array from separate values: f1's [x, x, x] outputs.
stack = Primitive("stack", _stack_impl)
stack.jvps = _EveryPosition(lambda i, t, ans, *xs: scatter_add(t, i, shape_of(ans)))
stack.vjps = _EveryPosition(lambda i, g, ans, *xs: getitem(g, i))

# ----------------------------------------------------------------------------
# Linear algebra
# ----------------------------------------------------------------------------


def _outer(a: Any, b: Any) -> Any:
    return reshape(a, (shape_of(a)[0], 1)) * reshape(b, (1, shape_of(b)[0]))


def _check_matmul_dims(a: Any, b: Any) -> None:
    if len(shape_of(a)) not in (1, 2) or len(shape_of(b)) not in (1, 2):
        raise ValueError(
            f"matmul of shapes {shape_of(a)} and {shape_of(b)}: autodiff_lessons "
            "differentiates matrix products of vectors and matrices (1-D or 2-D) only; "
            "loop over the batch axis for higher-dimensional arrays."
        )


def _matmul_impl(a: Any, b: Any) -> Any:
    _check_matmul_dims(a, b)
    return np.matmul(a, b)


def _matmul_vjp_a(g: Any, ans: Any, a: Any, b: Any) -> Any:
    a_vec, b_vec = len(shape_of(a)) == 1, len(shape_of(b)) == 1
    if a_vec and b_vec:
        return g * b  # a . b is a scalar
    if a_vec:
        return matmul(b, g)  # (k, m) @ (m,)
    if b_vec:
        return _outer(g, b)  # (n,) outer (k,)
    return matmul(g, transpose(b))


def _matmul_vjp_b(g: Any, ans: Any, a: Any, b: Any) -> Any:
    a_vec, b_vec = len(shape_of(a)) == 1, len(shape_of(b)) == 1
    if a_vec and b_vec:
        return g * a
    if a_vec:
        return _outer(a, g)
    return matmul(transpose(a), g)


matmul = Primitive("matmul", _matmul_impl)
_defjvp(matmul, lambda t, ans, a, b: matmul(t, b), lambda t, ans, a, b: matmul(a, t))
_defvjp(matmul, _matmul_vjp_a, _matmul_vjp_b)


def dot(a: Any, b: Any) -> Any:
    """``np.dot``: a product with a scalar, else a matrix product."""
    if len(shape_of(a)) == 0 or len(shape_of(b)) == 0:
        return multiply(a, b)
    return matmul(a, b)


# ----------------------------------------------------------------------------
# Constants built from a traced value's shape: no derivative at all
# ----------------------------------------------------------------------------


def ones_like(x: Any, *args: Any, **kwargs: Any) -> np.ndarray:
    """Ones with the shape of ``x``; a constant, so it carries no derivative."""
    return np.ones_like(primal(x), *args, **kwargs)


def zeros_like(x: Any, *args: Any, **kwargs: Any) -> np.ndarray:
    """Zeros with the shape of ``x``; a constant, so it carries no derivative."""
    return np.zeros_like(primal(x), *args, **kwargs)


# ----------------------------------------------------------------------------
# How numpy calls reach the table (used by Tracer.__array_ufunc__ and
# Tracer.__array_function__)
# ----------------------------------------------------------------------------

UFUNCS: dict[np.ufunc, Any] = {
    np.add: add,
    np.subtract: subtract,
    np.multiply: multiply,
    np.divide: divide,
    np.power: power,
    np.negative: negative,
    np.sin: sin,
    np.cos: cos,
    np.tan: tan,
    np.exp: exp,
    np.log: log,
    np.sqrt: sqrt,
    np.tanh: tanh,
    np.square: square,
    np.sign: sign,
    np.absolute: absolute,
    np.maximum: maximum,
    np.minimum: minimum,
    np.matmul: matmul,
}

# Comparisons look at primal values, as the operators on Tracer do.
for _compare in (np.less, np.less_equal, np.greater, np.greater_equal, np.equal, np.not_equal):
    UFUNCS[_compare] = functools.partial(lambda ufunc, *xs, **kw: ufunc(*map(primal, xs), **kw), _compare)


def _reshape_function(x: Any, shape: Any = None, *args: Any, **kwargs: Any) -> Any:
    if args or kwargs:
        raise TypeError("np.reshape of a traced value takes only the array and the new shape")
    return reshape(x, shape if isinstance(shape, tuple) else (shape,) if isinstance(shape, int) else tuple(shape))


def _sum_function(x: Any, axis: Any = None, keepdims: bool = False, **unsupported: Any) -> Any:
    _reject(unsupported, "np.sum")
    return sum(x, axis=axis, keepdims=keepdims)


def _mean_function(x: Any, axis: Any = None, keepdims: bool = False, **unsupported: Any) -> Any:
    _reject(unsupported, "np.mean")
    return mean(x, axis=axis, keepdims=keepdims)


def _reject(unsupported: dict[str, Any], name: str) -> None:
    if unsupported:
        raise TypeError(f"{name} of a traced value does not support {sorted(unsupported)}")


FUNCTIONS: dict[Callable[..., Any], Callable[..., Any]] = {
    np.sum: _sum_function,
    np.mean: _mean_function,
    np.dot: dot,
    np.where: where,
    np.reshape: _reshape_function,
    np.transpose: lambda x, axes=None: transpose(x, axes),
    np.broadcast_to: lambda x, shape: broadcast_to(x, tuple(shape) if not isinstance(shape, int) else (shape,)),
    np.stack: lambda xs, axis=0: stack(*xs) if axis == 0 else _unsupported_axis(),
    np.ones_like: ones_like,
    np.zeros_like: zeros_like,
    np.shape: lambda x: shape_of(x),
    np.ndim: lambda x: len(shape_of(x)),
    np.size: lambda x, axis=None: int(np.size(primal(x), axis)),
}


def _unsupported_axis() -> Any:
    raise TypeError("np.stack of traced values supports axis=0 only")
