"""autodiff_lessons: a small automatic-differentiation engine to read in one sitting.

Finite differences, forward mode (dual numbers, ``jvp``, ``jacfwd``), reverse
mode (a tape, ``vjp``, ``grad``, ``jacrev``), Hessians, graph tracing and
drawing, and evaluation traces to read or step through node by node, with
names that follow JAX.  Inside the functions you differentiate,
write ordinary numpy (``np.sin``, ``x @ y``, ``x.sum()``); the numpy-like
functions exported here (``ad.sin``, ``ad.logsumexp``...) do the same and
also take lists of traced values.

Random numbers in traced functions: pass in a numpy ``Generator`` (or the
draws themselves) and let the draws never depend on a traced value. Draw the
noise from a fixed distribution and move it with traced operations
(``mu + sigma * rng.standard_normal()``), and for a random yes/no choice
with a traced probability ``p`` use a relaxation or the straight-through
estimator (``hard + (p - ad.stop_gradient(p))``). Drawing with a traced
parameter (``rng.normal(loc=x)``) raises a ``TypeError``, and a function
whose output depends on its input only through comparisons
(``rng.random() < p``) raises a ``ValueError``, rather than give a
derivative of zero.

>>> import numpy as np
>>> import autodiff_lessons as ad
>>> ad.grad(lambda x: np.sin(x) * x)(0.0)
np.float64(0.0)
"""

from __future__ import annotations

# The one version string: pyproject.toml reads it for the wheel, the book shows it
# in every footer, and each runnable notebook installs this version.
__version__ = "0.1.0"

import functools as _functools
from typing import Any as _Any, Callable as _Callable

import numpy as _np

from . import numpy_functions as _npf
from .api import grad, hessian, jacfwd, jacrev, value_and_grad
from .check import check_grads
from .checkpoint import checkpoint
from .core import Primitive, Tracer, primal
from .counters import PassCount, count_passes
from .finite_differences import CallCounter, central_difference, complex_step, forward_difference, numerical_jacobian
from .forward import Dual, jvp
from .graphs import Graph, GraphNode, GraphvizNotFoundError, displayable, draw_graph, trace
from .reverse import Var, vjp
from .defining_rules import custom_jvp, custom_vjp, defjvp, deflinear, defvjp, primitive, stop_gradient
from .step_view import StepThrough, step_through
from .traces import AdjointTrace, EvaluationTrace, TangentTrace, evaluation_trace


def _numpy_like(f: _Callable[..., _Any]) -> _Callable[..., _Any]:
    """numpy's ``f``, which also accepts lists of traced values (stacked first)."""

    @_functools.wraps(f)
    def numpy_like(*args: _Any, **kwargs: _Any) -> _Any:
        return f(*map(_npf.as_array, args), **kwargs)

    return numpy_like


def _joining(f: _Callable[..., _Any]) -> _Callable[..., _Any]:
    """numpy's ``f`` joining a sequence of arrays, each of which may be a list of traced values."""

    @_functools.wraps(f)
    def joining(arrays: _Any, *args: _Any, **kwargs: _Any) -> _Any:
        return f([_npf.as_array(a) for a in arrays], *args, **kwargs)

    return joining


_JOINING_NAMES = "concatenate hstack stack vstack".split()  # the arrays may differ in shape: never stacked first
_NUMPY_NAMES = (
    "abs absolute arccos arcsin arctan arctan2 clip cos cosh cumsum diag dot einsum exp expm1 "
    "log log1p logaddexp matmul max maximum mean min minimum ones_like outer prod reshape sin sinh sqrt square "
    "std sum tan tanh tensordot transpose var vdot where zeros_like"
).split()
globals().update({name: _numpy_like(getattr(_np, name)) for name in _NUMPY_NAMES})
globals().update({name: _joining(getattr(_np, name)) for name in _JOINING_NAMES})
logsumexp, softmax = _npf.logsumexp, _npf.softmax

__all__ = [
    "AdjointTrace", "CallCounter", "Dual", "EvaluationTrace", "Graph", "GraphNode", "GraphvizNotFoundError",
    "PassCount", "Primitive", "StepThrough", "TangentTrace", "Tracer", "Var",
    "central_difference", "check_grads", "complex_step", "count_passes", "custom_jvp", "custom_vjp", "defjvp",
    "deflinear", "defvjp", "displayable", "draw_graph", "forward_difference", "grad", "hessian", "jacfwd", "jacrev",
    "checkpoint", "evaluation_trace", "jvp", "logsumexp", "numerical_jacobian", "primal", "primitive", "softmax",
    "step_through", "stop_gradient", "trace", "value_and_grad", "vjp", *_NUMPY_NAMES, *_JOINING_NAMES,
]
