"""Finite differences: derivatives from function values alone.

No tracing, no rules: nudge the input and watch the output.  Simple, and the
yardstick every AD result is tested against, but each nudge costs a function
evaluation, and the step size trades truncation error (step too big) against
round-off error (step too small).

>>> import numpy as np
>>> import autodiff_lessons as ad
>>> round(float(ad.central_difference(np.sin, 0.0)), 8)
1.0
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .inputs import as_float


def _direction(x: Any, direction: Any) -> Any:
    if direction is None:
        return np.ones_like(x) if np.ndim(x) else 1.0
    direction = as_float(direction, "direction")
    if np.shape(direction) != np.shape(x):
        raise ValueError(
            f"the direction has shape {np.shape(direction)} but x has shape {np.shape(x)}; they must match."
        )
    return direction


def forward_difference(f: Callable[..., Any], x: Any, eps: float = 1e-6, direction: Any = None) -> Any:
    """One-sided difference ``(f(x + eps v) - f(x)) / eps``: error O(eps).

    For a scalar ``x`` this approximates ``f'(x)``.  For an array ``x`` every
    element is nudged at once along ``direction`` (all ones by default): for
    an element-wise ``f`` such as ``np.sin(1000 * x)`` that is the element-wise
    derivative; in general it is the directional derivative ``J @ v``.  For a
    full gradient or Jacobian use :func:`numerical_jacobian`.

    >>> import autodiff_lessons as ad
    >>> round(ad.forward_difference(lambda x: x**2, 3.0, eps=1e-3), 6)  # 6 + eps
    6.001
    """
    x = as_float(x, "input")
    v = _direction(x, direction)
    return (f(x + eps * v) - f(x)) / eps


def central_difference(f: Callable[..., Any], x: Any, eps: float = 1e-5, direction: Any = None) -> Any:
    """Symmetric difference ``(f(x + eps v) - f(x - eps v)) / (2 eps)``: error O(eps^2).

    Arrays are handled as in :func:`forward_difference`.

    >>> import autodiff_lessons as ad
    >>> round(ad.central_difference(lambda x: x**2, 3.0, eps=1e-3), 9)
    6.0
    """
    x = as_float(x, "input")
    v = _direction(x, direction)
    return (f(x + eps * v) - f(x - eps * v)) / (2 * eps)


def complex_step(f: Callable[..., Any], x: Any, h: float = 1e-20, direction: Any = None) -> Any:
    """Complex-step derivative ``Im f(x + i h v) / h``: no subtraction, no round-off.

    Exact to machine precision for real-analytic ``f`` written with
    operations that accept complex numbers (``np.abs`` and comparisons
    break it).  Arrays are handled as in :func:`forward_difference`.

    >>> import numpy as np
    >>> import autodiff_lessons as ad
    >>> ad.complex_step(np.exp, 0.0)
    np.float64(1.0)
    """
    x = as_float(x, "input")
    v = _direction(x, direction)
    return np.imag(f(x + 1j * h * v)) / h


_DEFAULT_EPS = {"forward": 1e-7, "central": 1e-5, "complex": 1e-20}


def numerical_jacobian(f: Callable[..., Any], x: Any, eps: float | None = None, method: str = "central") -> np.ndarray:
    """The Jacobian of ``f`` at ``x`` by finite differences, of shape ``out.shape + x.shape``.

    One input element is nudged at a time, so the cost grows with the number
    of inputs: ``method="central"`` evaluates ``f`` twice per input element,
    ``"forward"`` once per element plus once at ``x``, ``"complex"`` once per
    element.  Wrap ``f`` in :class:`CallCounter` to see it.

    >>> import numpy as np
    >>> import autodiff_lessons as ad
    >>> counted = ad.CallCounter(lambda x: x[0] * x[1])
    >>> ad.numerical_jacobian(counted, np.array([2.0, 5.0])).round(6), counted.calls
    (array([5., 2.]), 4)
    """
    if method not in _DEFAULT_EPS:
        raise ValueError(f"method must be one of {sorted(_DEFAULT_EPS)}, got {method!r}.")
    eps = _DEFAULT_EPS[method] if eps is None else eps
    x = np.asarray(as_float(x, "input"), dtype=np.float64)
    f_x = np.asarray(f(x)) if method == "forward" else None
    columns = []
    for index in np.ndindex(*x.shape):
        unit = np.zeros_like(x)
        unit[index] = 1.0
        if method == "forward":
            columns.append((np.asarray(f(x + eps * unit)) - f_x) / eps)
        elif method == "central":
            columns.append((np.asarray(f(x + eps * unit)) - np.asarray(f(x - eps * unit))) / (2 * eps))
        else:
            columns.append(np.imag(np.asarray(f(x + 1j * eps * unit))) / eps)
    out_shape = np.shape(columns[0]) if columns else np.shape(f(x))
    stacked = np.stack(columns, axis=-1) if columns else np.zeros(out_shape + (0,))
    return stacked.reshape(out_shape + x.shape)


class CallCounter:
    """Wrap a function and count how many times it is called.

    >>> import autodiff_lessons as ad
    >>> square = ad.CallCounter(lambda x: x * x)
    >>> square(3.0), square.calls
    (9.0, 1)
    """

    def __init__(self, f: Callable[..., Any]) -> None:
        self.f = f
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.f(*args, **kwargs)
