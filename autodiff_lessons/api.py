"""The everyday transformations, built from one JVP or VJP at a time.

``grad`` and ``value_and_grad`` are one reverse pass; ``jacfwd`` is one
forward pass per *input* element and ``jacrev`` one reverse pass per *output*
element.  That difference is the whole story of the chapter on forward and
reverse mode: pick the mode whose number of passes is smaller.

Names and shapes follow JAX (``jax.grad``, ``jax.jacfwd``, ...), so what you
learn here carries over.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

import numpy as np

from .forward import jvp
from .inputs import as_float, as_output, zeros_for
from .reverse import gc_paused, vjp
from .rules import reshape, shape_of, stack, transpose

Argnums = int | Sequence[int]


def _positions(argnums: Argnums, nargs: int, name: str) -> tuple[int, ...]:
    """The argument positions ``argnums`` asks for, checked, as non-negative ints."""
    single = isinstance(argnums, (int, np.integer)) and not isinstance(argnums, bool)
    many = isinstance(argnums, (tuple, list)) and all(
        isinstance(p, (int, np.integer)) and not isinstance(p, bool) for p in argnums)
    if not (single or many):
        raise TypeError(f"{name}: argnums must be an int or a tuple of ints (positions of arguments), "
                        f"got {argnums!r}. Write argnums=0 for the first argument, argnums=(0, 1) for two.")
    positions = (argnums,) if single else tuple(argnums)
    for p in positions:
        if not -nargs <= p < nargs:
            raise ValueError(f"{name}: argnums={argnums!r} but the function was called with {nargs} argument(s).")
    return tuple(int(p) % nargs for p in positions)


def _with_args(f: Callable[..., Any], args: tuple[Any, ...], positions: tuple[int, ...],
               caller: str) -> Callable[..., Any]:
    """``f`` as a function of the arguments at ``positions`` only, the rest held fixed.

    Its output is checked here, so that a function returning ``None`` hears
    about it from the transformation the reader called (``caller``), not
    from the ``vjp`` or ``jvp`` that it is built on.
    """

    def f_of_selected(*selected: Any) -> Any:
        full = list(args)
        for p, value in zip(positions, selected):
            full[p] = value
        return as_output(f(*full), caller)

    return f_of_selected


def _distinct(positions: tuple[int, ...]) -> tuple[tuple[int, ...], list[int]]:
    """Each position once, and where each requested entry is among them.

    ``argnums=(0, 0)`` asks for the same derivative twice: we trace argument 0
    once and hand its derivative out twice.
    """
    index = {p: i for i, p in enumerate(dict.fromkeys(positions))}
    return tuple(index), [index[p] for p in positions]


def _as_requested(results: Sequence[Any], where: list[int], argnums: Argnums) -> Any:
    """One result for an int ``argnums``; else a tuple with one entry per requested position."""
    if isinstance(argnums, (int, np.integer)):
        return results[0]
    return tuple(results[i] for i in where)


def value_and_grad(f: Callable[..., Any], argnums: Argnums = 0) -> Callable[..., tuple[Any, Any]]:
    """Return a function computing ``f(*args)`` and its gradient in one reverse pass.

    ``f`` must return a scalar.  With ``argnums`` a tuple, the gradient is a
    tuple with one entry per selected argument.

    >>> import numpy as np
    >>> import autodiff_lessons as ad
    >>> ad.value_and_grad(lambda x: np.sum(x ** 2))(np.array([1.0, 2.0]))
    (np.float64(5.0), array([2., 4.]))
    """

    def value_and_grad_f(*args: Any) -> tuple[Any, Any]:
        distinct, where = _distinct(_positions(argnums, len(args), "grad"))
        # Free the tape before the cycle collector is back, so it never scans it.
        with gc_paused():
            out, vjp_fn = vjp(_with_args(f, args, distinct, "grad"), *(args[p] for p in distinct))
            if np.size(out) != 1:
                raise TypeError(
                    f"grad needs a function with a scalar output, but this one returned shape {shape_of(out)}. "
                    "For the derivatives of every output use ad.jacrev (or ad.jacfwd); "
                    "for one weighted combination use ad.vjp."
                )
            grads = vjp_fn(np.ones(shape_of(out)) if shape_of(out) else 1.0)
            del vjp_fn
        return out, _as_requested(grads, where, argnums)

    return value_and_grad_f


def grad(f: Callable[..., Any], argnums: Argnums = 0) -> Callable[..., Any]:
    """Return a function computing the gradient of scalar-valued ``f`` (reverse mode).

    >>> import numpy as np
    >>> import autodiff_lessons as ad
    >>> ad.grad(lambda x: x**3 + 4*x**2 - 10)(1.0)     # 3x^2 + 8x
    np.float64(11.0)
    >>> ad.grad(ad.grad(np.sin))(0.5) == -np.sin(0.5)   # derivatives nest
    np.True_
    """

    def grad_f(*args: Any) -> Any:
        return value_and_grad(f, argnums)(*args)[1]

    return grad_f


def _assemble(pieces: list[Any], outer_shape: tuple[int, ...], inner_shape: tuple[int, ...], pieces_first: bool) -> Any:
    """Stack per-element results into a Jacobian of shape out.shape + in.shape.

    ``pieces`` holds one result per element of the shape we looped over
    (inputs for jacfwd, outputs for jacrev).  Built from differentiable
    primitives, so Jacobians of Jacobians (Hessians) work.
    """
    if not pieces:  # an empty input or output: an empty Jacobian
        return np.zeros(outer_shape + inner_shape)
    stacked = stack(*pieces)  # (len(pieces),) + piece shape
    if pieces_first:  # jacrev: the loop ran over outputs, which come first
        return reshape(stacked, outer_shape + inner_shape)
    # jacfwd: the loop ran over inputs, which must go last
    piece_ndim = len(shape_of(stacked)) - 1
    moved = transpose(stacked, tuple(range(1, piece_ndim + 1)) + (0,)) if piece_ndim else stacked
    return reshape(moved, outer_shape + inner_shape)


def _basis(shape: tuple[int, ...]) -> Any:
    """Yield the unit arrays of ``shape`` one at a time (a float 1.0 for a scalar)."""
    if shape == ():
        yield 1.0
        return
    for index in np.ndindex(*shape):
        unit = np.zeros(shape)
        unit[index] = 1.0
        yield unit


def jacfwd(f: Callable[..., Any], argnums: Argnums = 0) -> Callable[..., Any]:
    """Return a function computing the Jacobian of ``f`` by forward mode.

    One JVP per input element, each giving one column; the result has shape
    ``out.shape + in.shape`` (a tuple of those for a tuple ``argnums``).
    Cheap when there are few inputs.

    >>> import numpy as np
    >>> import autodiff_lessons as ad
    >>> ad.jacfwd(lambda x: np.sum(x) * np.ones(3))(np.ones(2))
    array([[1., 1.],
           [1., 1.],
           [1., 1.]])
    """

    def jacfwd_f(*args: Any) -> Any:
        distinct, where = _distinct(_positions(argnums, len(args), "jacfwd"))
        results = []
        for p in distinct:
            x = as_float(args[p], "input")
            f_p = _with_args(f, args, (p,), "jacfwd")
            columns = []
            out_shape = shape_of(jvp(f_p, (x,), (zeros_for(x),))[0]) if np.size(x) == 0 else ()
            for unit in _basis(shape_of(x)):
                out, column = jvp(f_p, (x,), (unit,))
                out_shape = shape_of(out)
                columns.append(column)
            results.append(_assemble(columns, out_shape, shape_of(x), pieces_first=False))
        return _as_requested(results, where, argnums)

    return jacfwd_f


def jacrev(f: Callable[..., Any], argnums: Argnums = 0) -> Callable[..., Any]:
    """Return a function computing the Jacobian of ``f`` by reverse mode.

    The function is traced once; then one VJP per output element gives one
    row for every selected argument at once.  The result has shape
    ``out.shape + in.shape`` (a tuple of those for a tuple ``argnums``).
    Cheap when there are few outputs.

    >>> import numpy as np
    >>> import autodiff_lessons as ad
    >>> ad.jacrev(lambda x: x[0] * x[1])(np.array([2.0, 5.0]))
    array([5., 2.])
    """

    def jacrev_f(*args: Any) -> Any:
        distinct, where = _distinct(_positions(argnums, len(args), "jacrev"))
        xs = [as_float(args[p], "input") for p in distinct]
        out, vjp_fn = vjp(_with_args(f, args, distinct, "jacrev"), *xs)
        rows = [vjp_fn(unit) for unit in _basis(shape_of(out))]  # rows[k][i]: output k, argument i
        results = [
            _assemble([row[i] for row in rows], shape_of(out), shape_of(x), pieces_first=True)
            for i, x in enumerate(xs)
        ]
        return _as_requested(results, where, argnums)

    return jacrev_f


def hessian(f: Callable[..., Any], argnums: Argnums = 0) -> Callable[..., Any]:
    """Return a function computing the Hessian of scalar ``f``: forward over reverse.

    >>> import numpy as np
    >>> import autodiff_lessons as ad
    >>> ad.hessian(lambda x: x[0] ** 2 * x[1])(np.array([1.0, 3.0]))
    array([[6., 2.],
           [2., 0.]])
    """

    def checked_f(*args: Any) -> Any:
        return as_output(f(*args), "hessian")

    return jacfwd(jacrev(checked_f, argnums), argnums)
