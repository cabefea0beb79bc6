"""autodiff_lessons: a small automatic-differentiation engine to read in one sitting.

Finite differences, forward mode (dual numbers, ``jvp``, ``jacfwd``), reverse
mode (a tape, ``vjp``, ``grad``, ``jacrev``), Hessians, and graph tracing and
drawing, with names that follow JAX.

>>> import numpy as np
>>> import autodiff_lessons as ad
>>> ad.grad(lambda x: np.sin(x) * x)(0.0)
np.float64(0.0)
"""

from .api import grad, hessian, jacfwd, jacrev, value_and_grad
from .check import check_grads
from .core import Primitive, Tracer, primal
from .counters import PassCount, count_passes
from .finite_differences import CallCounter, central_difference, complex_step, forward_difference, numerical_jacobian
from .forward import Dual, jvp
from .graphs import Graph, GraphNode, GraphvizNotFoundError, displayable, draw_graph, trace
from .reverse import Var, vjp
from .rules import (
    absolute,
    cos,
    dot,
    exp,
    log,
    matmul,
    maximum,
    mean,
    minimum,
    ones_like,
    reshape,
    sin,
    sqrt,
    square,
    stack,
    sum,
    tan,
    tanh,
    transpose,
    where,
    zeros_like,
)

abs = absolute  # noqa: A001 - jax.numpy's name

__all__ = [
    "CallCounter", "Dual", "Graph", "GraphNode", "GraphvizNotFoundError", "PassCount", "Primitive", "Tracer", "Var",
    "abs", "absolute", "central_difference", "check_grads", "complex_step", "cos", "count_passes", "displayable",
    "dot", "draw_graph", "exp", "forward_difference", "grad", "hessian", "jacfwd", "jacrev", "jvp", "log", "matmul",
    "maximum", "mean", "minimum", "numerical_jacobian", "ones_like", "primal", "reshape", "sin", "sqrt", "square",
    "stack", "sum", "tan", "tanh", "trace", "transpose", "value_and_grad", "vjp", "where", "zeros_like",
]
