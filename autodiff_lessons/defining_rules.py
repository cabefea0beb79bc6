"""How to write a row of the rule table, and how numpy finds it.

:mod:`autodiff_lessons.rules` is the table itself: one row per primitive, each
a JVP and a VJP rule.  This module holds the words those rows are written in,
public so that a reader can add rows of their own:

- :func:`primitive` makes an operation a primitive, and puts it in ``UFUNCS``
  or ``FUNCTIONS``: the tables through which ``np.sin(x)`` reaches ``sin``
  when ``x`` is traced (see :mod:`autodiff_lessons.operators`);
- :func:`defjvp` and :func:`defvjp` give it one rule per argument;
  :func:`deflinear` gives both rules of an operation that is linear in its
  argument; :func:`elementwise` and :func:`binary` both rules of an
  element-wise function, from its derivatives;
- :func:`implements` registers a numpy function built from primitives,
  :func:`nondifferentiable` one whose derivative is zero;
- :func:`stop_gradient`, :func:`custom_jvp` and :func:`custom_vjp` stop a
  derivative, or replace it with your own.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .core import Primitive, primal

UFUNCS: dict[np.ufunc, Callable[..., Any]] = {}
FUNCTIONS: dict[Callable[..., Any], Callable[..., Any]] = {}


def primitive(impl: Callable[..., Any], name: str | None = None, numpy: Any = None,
              broadcasts: bool = False) -> Primitive:
    """A new primitive computing ``impl``; numpy's ``numpy`` (default: ``impl``) now reaches it.

    ``broadcasts=True`` for an operation that broadcasts its arguments, as
    ``np.add`` does: its rules may then return results shaped like the output.
    """
    prim = Primitive(name or impl.__name__, impl, broadcasts)
    target = impl if numpy is None else numpy
    if isinstance(target, np.ufunc):
        UFUNCS[target] = prim
    elif callable(target) and getattr(target, "__module__", "").startswith("numpy"):
        FUNCTIONS[target] = prim
    return prim


def defjvp(prim: Primitive, *rules: Callable[..., Any] | None) -> None:
    """Give ``prim`` one JVP rule per argument (``None``: zero derivative)."""
    prim.jvps.update((i, rule) for i, rule in enumerate(rules) if rule is not None)


def defvjp(prim: Primitive, *rules: Callable[..., Any] | None) -> None:
    """Give ``prim`` one VJP rule per argument (``None``: zero derivative)."""
    prim.vjps.update((i, rule) for i, rule in enumerate(rules) if rule is not None)


def deflinear(prim: Primitive, transpose_rule: Callable[..., Any]) -> None:
    """Rules of a primitive linear in its first argument: its JVP is itself."""
    prim.jvps[0] = lambda t, ans, x, *args, **kw: prim(t, *args, **kw)
    prim.vjps[0] = transpose_rule


def binary(prim: Primitive, dx: Callable[..., Any], dy: Callable[..., Any]) -> Primitive:
    """Both rules of an element-wise two-argument primitive, from its partial derivatives.

    ``dx(x, y, ans)`` is the derivative of the output with respect to ``x``,
    element by element, and ``dy`` the same for ``y``.  The JVP multiplies a
    tangent by it, the VJP the cotangent.  Both work at the output's shape:
    the primitive broadcasts, so the passes fit the results to ``x`` and ``y``.
    """
    prim.broadcasts = True
    defjvp(prim, lambda t, ans, x, y: t * dx(x, y, ans), lambda t, ans, x, y: t * dy(x, y, ans))
    defvjp(prim, lambda g, ans, x, y: g * dx(x, y, ans), lambda g, ans, x, y: g * dy(x, y, ans))
    return prim


def implements(*numpy_functions: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function built from primitives as what these numpy functions do on traced values."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        for f in numpy_functions:
            (UFUNCS if isinstance(f, np.ufunc) else FUNCTIONS)[f] = function
        return function

    return register


def nondifferentiable(*numpy_functions: Any) -> None:
    """These numpy functions have zero derivative: on traced values they act on the primals."""
    for f in numpy_functions:
        implements(f)(lambda *args, _f=f, **kwargs: _f(*_primals(args), **_primals(kwargs)))


def _primals(values: Any) -> Any:
    if isinstance(values, dict):
        return {k: _primals(v) for k, v in values.items()}
    if isinstance(values, (list, tuple)):
        return type(values)(_primals(v) for v in values)
    return primal(values)


def elementwise(ufunc: np.ufunc,
                slope: Callable[[Any, Any], Any]) -> Primitive:
    """A one-argument element-wise primitive with derivative ``slope(x, ans)``."""
    prim = primitive(ufunc, ufunc.__name__)
    defjvp(prim, lambda t, ans, x: t * slope(x, ans))
    defvjp(prim, lambda g, ans, x: g * slope(x, ans))
    return prim


def stop_gradient(x: Any) -> Any:
    """``x`` as a constant: its value, with zero derivative at every level.

    The straight-through estimator is ``x + stop_gradient(hard(x) - x)``: its
    value is ``hard(x)``, its derivative that of ``x``.

    >>> import autodiff_lessons as ad
    >>> ad.grad(lambda x: x * ad.stop_gradient(x))(3.0)
    3.0
    """
    return primal(x)


def custom_jvp(f: Callable[..., Any], jvp_rule: Callable[..., Any], name: str | None = None) -> Primitive:
    """Make ``f`` a primitive with your own JVP: ``jvp_rule(i, tangent, ans, *args)``.

    Forward mode only: reverse mode raises, since a VJP rule cannot be read off
    a JVP rule here.  For both modes use :func:`custom_vjp` with ``jvp_rule=``.
    """
    prim = Primitive(name or getattr(f, "__name__", "custom"), f)
    prim.jvp_any = jvp_rule
    prim.vjp_any = lambda i, *args, **kwargs: _no_custom_vjp(prim)
    return prim


def custom_vjp(f: Callable[..., Any], vjp_rule: Callable[..., Any], jvp_rule: Callable[..., Any] | None = None,
               name: str | None = None) -> Primitive:
    """Make ``f`` a primitive with your own VJP ``vjp_rule(i, cotangent, ans, *args)`` (and JVP).

    >>> import numpy as np
    >>> import autodiff_lessons as ad
    >>> softplus = ad.custom_vjp(lambda x: np.log1p(np.exp(x)),
    ...                          lambda i, g, ans, x: g / (1.0 + np.exp(-x)))
    >>> float(ad.grad(softplus)(0.0))
    0.5
    """
    prim = Primitive(name or getattr(f, "__name__", "custom"), f)
    prim.vjp_any = vjp_rule
    prim.jvp_any = jvp_rule or (lambda i, *args, **kwargs: _no_custom_jvp(prim))
    return prim


def _no_custom_vjp(prim: Primitive) -> Any:
    raise TypeError(f"{prim.name} has a custom JVP but no VJP, so reverse mode (grad, vjp, jacrev) cannot "
                    "differentiate it; give both rules with ad.custom_vjp(f, vjp_rule, jvp_rule=...).")


def _no_custom_jvp(prim: Primitive) -> Any:
    raise TypeError(f"{prim.name} has a custom VJP but no JVP, so forward mode cannot differentiate it; "
                    "pass jvp_rule= to ad.custom_vjp.")
