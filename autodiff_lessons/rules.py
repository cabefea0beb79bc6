"""Every primitive operation with its JVP and VJP rule, in one table.

Read a row as: "this is how the operation pushes a tangent forward (JVP) and
pulls a cotangent back (VJP)".  Forward mode and reverse mode both call these
rules for every node, so each derivative is written exactly once per mode.

Rule signatures (``ans`` is the operation's output, already computed)::

    jvp(tangent_of_arg_i, ans, *args, **kwargs)   -> tangent of the output
    vjp(cotangent_of_output, ans, *args, **kwargs) -> cotangent of arg i

An argument with no rule (an index, a shape, a boolean mask) has zero
derivative.  Rules use ordinary operators and numpy calls, so when their
inputs are traced by an outer transformation the rules are traced too: that is
all ``grad(grad(f))`` needs.  A primitive that broadcasts (``add``,
``multiply``...) says so, and its rules work at the output's shape: the
passes, not the rules, fit tangents and cotangents to each argument's shape
(:func:`~autodiff_lessons.shapes.unbroadcast` and its twin).

The same rows tell numpy which calls we differentiate: making a primitive with
:func:`primitive` puts it in ``UFUNCS`` or ``FUNCTIONS``, the tables through
which ``np.sin(x)`` reaches ``sin`` when ``x`` is traced.  Functions built
from primitives (``np.var``, ``np.linalg.norm``...) are registered with
:func:`implements`, operations whose derivative is zero with
:func:`nondifferentiable`.

At kinks the rules return one value of the subgradient and say which:
``abs`` and ``sign`` have derivative 0 at 0, ``maximum``/``minimum`` (and
``max``/``min`` reductions) split the derivative equally between tied
arguments, so ``maximum(x, 0)`` and ``maximum(0, x)`` agree (1/2 at 0), and
``sqrt`` at 0 has an infinite derivative, as in calculus.
"""

from __future__ import annotations

import operator
from typing import Any, Callable

import numpy as np

from .core import Primitive, primal
from .defining_rules import FUNCTIONS, binary, defjvp, deflinear, defvjp, elementwise, primitive
from .shapes import keep_axes, restore, shape_of, unbroadcast  # noqa: F401 - used by other modules

# ----------------------------------------------------------------------------
# Arithmetic
# ----------------------------------------------------------------------------

add = primitive(operator.add, "add", np.add, broadcasts=True)
defjvp(add, lambda t, ans, x, y: t, lambda t, ans, x, y: t)
defvjp(add, lambda g, ans, x, y: g, lambda g, ans, x, y: g)

subtract = primitive(operator.sub, "sub", np.subtract, broadcasts=True)
defjvp(subtract, lambda t, ans, x, y: t, lambda t, ans, x, y: -t)
defvjp(subtract, lambda g, ans, x, y: g, lambda g, ans, x, y: -g)

multiply = primitive(operator.mul, "mul", np.multiply, broadcasts=True)
defjvp(multiply, lambda t, ans, x, y: t * y, lambda t, ans, x, y: x * t)
defvjp(multiply, lambda g, ans, x, y: g * y, lambda g, ans, x, y: x * g)

divide = binary(primitive(operator.truediv, "div", np.divide), lambda x, y, ans: 1.0 / y, lambda x, y, ans: -ans / y)


def _log_of_base(x: Any) -> Any:
    # d(x**y)/dy = log(x) x**y is only real for x > 0; where x <= 0 we use 0
    # (x**y is then only defined for whole y, where it does not vary smoothly).
    return np.log(np.where(primal(x) > 0, x, 1.0))


def _power_slope(x: Any, y: Any) -> Any:
    # d(x**y)/dx = y x**(y-1). Where y == 0 the power is the constant 1, even at
    # x = 0, where y x**(y-1) would be 0 * inf: there we use x = 1 instead (the
    # slope is still y times something, so its own derivative in y is kept).
    both_zero = (primal(x) == 0) & (primal(y) == 0)
    return y * np.power(np.where(both_zero, 1.0, x) if np.any(both_zero) else x, y - 1)


power = binary(primitive(operator.pow, "pow", np.power),
               lambda x, y, ans: _power_slope(x, y), lambda x, y, ans: _log_of_base(x) * ans)

negative = primitive(operator.neg, "neg", np.negative)
deflinear(negative, lambda g, ans, x: -g)

# x mod y = x - floor(x / y) * y, and floor is flat between its jumps.
mod = binary(primitive(np.mod, "mod"), lambda x, y, ans: 1.0, lambda x, y, ans: -np.floor(primal(x) / primal(y)))

# ----------------------------------------------------------------------------
# Element-wise functions: derivative = slope(x, ans), the same in both modes
# ----------------------------------------------------------------------------


sin = elementwise(np.sin, lambda x, ans: np.cos(x))
cos = elementwise(np.cos, lambda x, ans: -np.sin(x))
tan = elementwise(np.tan, lambda x, ans: 1.0 + ans**2)
exp = elementwise(np.exp, lambda x, ans: ans)
expm1 = elementwise(np.expm1, lambda x, ans: ans + 1.0)
log = elementwise(np.log, lambda x, ans: 1.0 / x)
log1p = elementwise(np.log1p, lambda x, ans: 1.0 / (1.0 + x))
log2 = elementwise(np.log2, lambda x, ans: 1.0 / (x * np.log(2.0)))
log10 = elementwise(np.log10, lambda x, ans: 1.0 / (x * np.log(10.0)))
sqrt = elementwise(np.sqrt, lambda x, ans: 0.5 / ans)
square = elementwise(np.square, lambda x, ans: 2.0 * x)
reciprocal = elementwise(np.reciprocal, lambda x, ans: -ans**2)
tanh = elementwise(np.tanh, lambda x, ans: 1.0 - ans**2)
sinh = elementwise(np.sinh, lambda x, ans: np.cosh(x))
cosh = elementwise(np.cosh, lambda x, ans: np.sinh(x))
arcsin = elementwise(np.arcsin, lambda x, ans: 1.0 / np.sqrt(1.0 - x**2))
arccos = elementwise(np.arccos, lambda x, ans: -1.0 / np.sqrt(1.0 - x**2))
arctan = elementwise(np.arctan, lambda x, ans: 1.0 / (1.0 + x**2))
absolute = elementwise(np.absolute, lambda x, ans: np.sign(x))  # 0 at 0, the middle of [-1, 1]

# d/dx log(e^x + e^y) = e^x / (e^x + e^y) = e^(x - ans): never more than 1, so never overflows.
logaddexp = binary(primitive(np.logaddexp), lambda x, y, ans: np.exp(x - ans), lambda x, y, ans: np.exp(y - ans))
# arctan2(y, x), the angle of the point (x, y): its first argument is y.
arctan2 = binary(primitive(np.arctan2), lambda y, x, ans: x / (x**2 + y**2), lambda y, x, ans: -y / (x**2 + y**2))


def _share(x: Any, y: Any) -> Any:
    """x's share of the derivative of maximum(x, y): 1 where x wins, 1/2 at a tie."""
    return np.where(primal(x) > primal(y), 1.0, np.where(primal(x) == primal(y), 0.5, 0.0))


maximum = binary(primitive(np.maximum), lambda x, y, ans: _share(x, y), lambda x, y, ans: _share(y, x))
minimum = binary(primitive(np.minimum), lambda x, y, ans: _share(y, x), lambda x, y, ans: _share(x, y))

where = primitive(np.where, broadcasts=True)
defjvp(where, None, lambda t, ans, c, x, y: np.where(c, t, 0.0), lambda t, ans, c, x, y: np.where(c, 0.0, t))
defvjp(where, None, lambda g, ans, c, x, y: np.where(c, g, 0.0), lambda g, ans, c, x, y: np.where(c, 0.0, g))

# ----------------------------------------------------------------------------
# Reductions
# ----------------------------------------------------------------------------

sum = primitive(lambda x, axis=None, keepdims=False: np.sum(x, axis=axis, keepdims=keepdims), "sum", np.sum)  # noqa: A001 - numpy's name, on purpose
deflinear(sum, lambda g, ans, x, axis=None, keepdims=False: restore(g, x, axis, keepdims))


def _extremum(reduce: Callable[..., Any]) -> Primitive:
    """max or min along axes: the cotangent goes to the extreme elements, split at ties."""
    prim = primitive(lambda x, axis=None, keepdims=False: reduce(x, axis=axis, keepdims=keepdims), reduce.__name__, reduce)

    def weights(ans: Any, x: Any, axis: Any, keepdims: bool) -> Any:  # 1 for each winner, shared at a tie
        winners = np.asarray(primal(x) == primal(keep_axes(ans, x, axis, keepdims)), dtype=np.float64)
        return winners / np.sum(winners, axis=axis, keepdims=True)

    defjvp(prim, lambda t, ans, x, axis=None, keepdims=False: np.sum(t * weights(ans, x, axis, keepdims), axis=axis, keepdims=keepdims))
    defvjp(prim, lambda g, ans, x, axis=None, keepdims=False: restore(g, x, axis, keepdims) * weights(ans, x, axis, keepdims))
    return prim


max = _extremum(np.max)  # noqa: A001
min = _extremum(np.min)  # noqa: A001
FUNCTIONS[np.amax], FUNCTIONS[np.amin] = max, min  # numpy's other names for them


def _no_zero(x: Any) -> Any:
    if np.any(primal(x) == 0):
        raise ValueError("np.prod's derivative divides by the elements, so it refuses a 0: multiply the others instead")
    return x


prod = primitive(lambda x, axis=None, keepdims=False: np.prod(x, axis=axis, keepdims=keepdims), "prod", np.prod)
defjvp(prod, lambda t, ans, x, axis=None, keepdims=False: np.sum(t * keep_axes(ans, x, axis, keepdims) / _no_zero(x), axis=axis, keepdims=keepdims))
defvjp(prod, lambda g, ans, x, axis=None, keepdims=False: restore(g * ans, x, axis, keepdims) / _no_zero(x))

flip = primitive(np.flip)
deflinear(flip, lambda g, ans, x, axis=None: flip(g, axis))


# An element's cotangent is the sum of the cotangents of every later partial sum.
cumsum = primitive(lambda x, axis: np.cumsum(x, axis=axis), "cumsum")
deflinear(cumsum, lambda g, ans, x, axis: flip(cumsum(flip(g, axis), axis), axis))

# ----------------------------------------------------------------------------
# Shapes, indexing and joining
# ----------------------------------------------------------------------------

reshape = primitive(lambda x, shape: np.reshape(x, shape), "reshape")
deflinear(reshape, lambda g, ans, x, shape: reshape(g, shape_of(x)))

transpose = primitive(np.transpose)
deflinear(transpose, lambda g, ans, x, axes=None: transpose(g, None if axes is None else tuple(np.argsort(axes))))

broadcast_to = primitive(np.broadcast_to)
deflinear(broadcast_to, lambda g, ans, x, shape: unbroadcast(g, x))

roll = primitive(np.roll)
deflinear(roll, lambda g, ans, x, shift, axis=None: roll(g, np.negative(shift), axis))


# Each element was copied `repeats` times in a row: its cotangent sums the copies.
repeat = primitive(lambda x, repeats, axis: np.repeat(x, repeats, axis=axis), "repeat")
deflinear(repeat, lambda g, ans, x, repeats, axis: np.sum(
    reshape(g, shape_of(x)[:axis] + (shape_of(x)[axis], repeats) + shape_of(x)[axis + 1:]), axis=axis + 1))


def _scatter_add_impl(g: Any, index: Any, shape: tuple[int, ...]) -> np.ndarray:
    np.add.at(out := np.zeros(shape, dtype=np.float64), index, g)
    return out


# scatter_add is getitem run backwards: it adds g into a zero array at index.
scatter_add = primitive(_scatter_add_impl, "scatter_add")
deflinear(scatter_add, lambda c, ans, g, index, shape: getitem(c, index))

getitem = primitive(operator.getitem, "getitem")
deflinear(getitem, lambda g, ans, x, index: scatter_add(g, index, shape_of(x)))


def _slot(axis: int, position: Any) -> tuple[Any, ...]:
    return (slice(None),) * axis + (position,)


# stack(a, b, c) builds an array from separate values, such as a function's list of outputs.
stack = primitive(lambda *xs, axis=0: np.stack(xs, axis=axis), "stack")
stack.jvp_any = lambda i, t, ans, *xs, axis=0: scatter_add(t, _slot(axis % len(shape_of(ans)), i), shape_of(ans))
stack.vjp_any = lambda i, g, ans, *xs, axis=0: getitem(g, _slot(axis % len(shape_of(ans)), i))


def _piece(i: int, xs: tuple[Any, ...], axis: int) -> tuple[Any, ...]:
    """Where argument i of concatenate sits in the result."""
    axis = axis % len(shape_of(xs[0]))
    start = int(np.sum([shape_of(x)[axis] for x in xs[:i]]))
    return _slot(axis, slice(start, start + shape_of(xs[i])[axis]))


concatenate = primitive(lambda *xs, axis=0: np.concatenate(xs, axis=axis), "concatenate")
concatenate.jvp_any = lambda i, t, ans, *xs, axis=0: scatter_add(t, _piece(i, xs, axis), shape_of(ans))
concatenate.vjp_any = lambda i, g, ans, *xs, axis=0: getitem(g, _piece(i, xs, axis))

# ----------------------------------------------------------------------------
# Linear algebra
# ----------------------------------------------------------------------------


def _mT(x: Any) -> Any:
    """Swap the last two axes (the matrix transpose of a stack of matrices)."""
    n = len(shape_of(x))
    return transpose(x, tuple(range(n - 2)) + (n - 1, n - 2))


def _matmul_vjp(argnum: int, g: Any, ans: Any, a: Any, b: Any) -> Any:
    """Promote vectors to matrices as matmul does, pull ``g`` back, then drop the axes we added."""
    A = reshape(a, (1,) + shape_of(a)) if len(shape_of(a)) == 1 else a
    B = reshape(b, shape_of(b) + (1,)) if len(shape_of(b)) == 1 else b
    G = reshape(g, np.broadcast_shapes(shape_of(A)[:-2], shape_of(B)[:-2]) + (shape_of(A)[-2], shape_of(B)[-1]))
    grad = matmul(G, _mT(B)) if argnum == 0 else matmul(_mT(A), G)
    return reshape(unbroadcast(grad, (A, B)[argnum]), shape_of((a, b)[argnum]))


matmul = primitive(np.matmul)
defjvp(matmul, lambda t, ans, a, b: matmul(t, b), lambda t, ans, a, b: matmul(a, t))
defvjp(matmul, lambda g, ans, a, b: _matmul_vjp(0, g, ans, a, b), lambda g, ans, a, b: _matmul_vjp(1, g, ans, a, b))

def _matrix(x: Any, name: str) -> Any:
    if np.ndim(x) != 2:
        raise ValueError(f"np.linalg.{name} of traced values takes one 2-D matrix, not shape {np.shape(x)}: loop over a stack")
    return x


inv = primitive(np.linalg.inv, "inv")
defjvp(inv, lambda t, ans, x: -(ans @ t @ ans))
defvjp(inv, lambda g, ans, x: -(_mT(ans) @ g @ _mT(ans)))

det = primitive(lambda x: np.linalg.det(_matrix(x, "det")), "det", np.linalg.det)
defjvp(det, lambda t, ans, x: ans * np.trace(np.linalg.solve(x, t)))
defvjp(det, lambda g, ans, x: g * ans * _mT(np.linalg.inv(x)))


def _solve_vjp_a(g: Any, ans: Any, a: Any, b: Any) -> Any:
    gb = np.linalg.solve(_mT(a), g)
    return -np.outer(gb, ans) if len(shape_of(ans)) == 1 else -(gb @ _mT(ans))


solve = primitive(lambda a, b: np.linalg.solve(_matrix(a, "solve"), b), "solve", np.linalg.solve)
defjvp(solve, lambda t, ans, a, b: np.linalg.solve(a, -(t @ ans)), lambda t, ans, a, b: np.linalg.solve(a, t))
defvjp(solve, _solve_vjp_a, lambda g, ans, a, b: np.linalg.solve(_mT(a), g))


def _einsum_vjp(i: int, g: Any, ans: Any, subscripts: str, *operands: Any) -> Any:
    """Operand i's cotangent: the einsum of g with the other operands, written onto operand i's letters."""
    inputs, arrow, output = subscripts.replace(" ", "").partition("->")
    terms = inputs.split(",")
    if "." in subscripts or any(len(set(term)) != len(term) for term in terms):
        raise ValueError(f"np.einsum({subscripts!r}) of traced values: autodiff_lessons differentiates einsum without "
                         "'...' and without a letter repeated in one operand (write those with np.diagonal, np.trace)")
    output = output if arrow else "".join(sorted(c for c in set(inputs) - {","} if inputs.count(c) == 1))
    others = [term for j, term in enumerate(terms) if j != i]
    kept = "".join(c for c in terms[i] if c in output + "".join(others))
    grad = np.einsum(",".join([output] + others) + "->" + kept, g, *operands[:i], *operands[i + 1:])
    # Letters summed within operand i alone: every element there got the same cotangent.
    shape = tuple(n if c in kept else 1 for c, n in zip(terms[i], shape_of(operands[i])))
    return broadcast_to(reshape(grad, shape), shape_of(operands[i]))


einsum = primitive(np.einsum)
einsum.jvp_any = lambda i, t, ans, subscripts, *ops: np.einsum(subscripts, *ops[:i - 1], t, *ops[i:])
einsum.vjp_any = lambda i, g, ans, subscripts, *ops: _einsum_vjp(i - 1, g, ans, subscripts, *ops)
