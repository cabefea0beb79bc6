"""One table of test functions, reused for plain numbers, traced values and PyTorch.

Every function in the table takes a namespace ``xp`` first and then its
arguments, and is written once: ``lambda xp, x: xp.sin(x)``.  With ``xp=np``
and plain floats or arrays it is ordinary numpy; with ``xp=np`` and traced
values it tests that numpy calls reach the rule table; with ``xp=ad`` it tests
``ad.sin``, ``ad.exp``...; with the PyTorch namespace from
``test_against_pytorch.py`` it is an independent oracle.

Each case also says which shapes its arguments have (broadcasting included)
and where the arguments may be drawn from, so that every derivative exists:
positive numbers for ``log`` and ``sqrt``, numbers away from the kinks of
``abs``, ``maximum`` and ``where``.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autodiff_lessons as ad

# ---------------------------------------------------------------------------
# Where arguments come from
# ---------------------------------------------------------------------------

REAL = (-2.0, 2.0)
POSITIVE = (0.25, 3.0)  # log, sqrt, the base of x ** y
NONZERO = "nonzero"  # +-[0.25, 2]: 1/x, abs, the sign test of where
SMALL = (-1.2, 1.2)  # tan, away from its poles at +-pi/2
UNIT = (-0.9, 0.9)  # arcsin, arccos, log1p: inside (-1, 1), away from the infinite slopes at +-1
MATRIX = (-0.5, 0.5)  # entries of A in A + 3I: diagonally dominant, so well-conditioned
DISTINCT = "distinct"  # REAL, no two elements equal: max, min and std away from ties

# Central differences use eps ~ 1e-5; two arguments closer than this to a kink
# would make the finite difference straddle it.
KINK_MARGIN = 1e-3


def _elements(domain: Any) -> st.SearchStrategy[float]:
    if domain == NONZERO:
        return st.one_of(st.floats(-2.0, -0.25), st.floats(0.25, 2.0))
    lo, hi = REAL if domain == DISTINCT else domain
    return st.floats(lo, hi)


def argument(shape: tuple[int, ...], domain: Any = REAL) -> st.SearchStrategy[Any]:
    """A plain Python float for shape (), else a float64 array of that shape."""
    if shape == ():
        return _elements(domain)
    # Hypothesis likes to repeat round numbers; DISTINCT asks it not to.
    return hnp.arrays(np.float64, shape, elements=_elements(domain), fill=st.nothing(), unique=domain == DISTINCT)


def away_from(a: Any, b: Any) -> bool:
    """True when every (broadcast) pair of elements of a and b is apart by KINK_MARGIN."""
    return bool(np.all(np.abs(np.subtract(a, b)) > KINK_MARGIN))


def distinct(x: Any) -> bool:
    """True when no two elements of x are within KINK_MARGIN: max, min and sort have no ties."""
    flat = np.ravel(x)
    gaps = np.abs(flat[:, None] - flat[None, :]) + np.eye(flat.size)  # a gap of 1 to itself
    return bool(np.all(gaps > KINK_MARGIN))


def off_jumps(x: Any, y: Any) -> bool:
    """True when x mod y is away from its jumps (x near a whole multiple of y)."""
    r = np.mod(x, y)
    return away_from(r, 0.0) and away_from(r, y)


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------

# The numpy-like functions autodiff_lessons exports (ad.sin, ad.concatenate...): a table
# function calling only these on its namespace runs with xp=ad as well.  (Not ad.trace:
# that name traces a graph; np.trace cases run with numpy only.)
NAMESPACE_FUNCTIONS = frozenset(
    "sin cos tan exp log sqrt tanh abs maximum minimum where sum mean dot matmul ones_like zeros_like "
    "expm1 log1p sinh cosh arcsin arccos arctan arctan2 logaddexp clip max min prod std var cumsum "
    "concatenate stack vstack hstack diag einsum tensordot outer vdot transpose".split()
)


@dataclass(frozen=True)
class Case:
    name: str
    fn: Callable[..., Any]  # fn(xp, *args)
    shapes: tuple[tuple[int, ...], ...]
    domains: tuple[Any, ...]
    valid: Callable[..., bool] | None = None  # e.g. "away from the kink"

    @property
    def id(self) -> str:
        def spell(shape: tuple[int, ...]) -> str:
            return "x".join(map(str, shape)) or "scalar"

        return f"{self.name}[{','.join(spell(s) for s in self.shapes)}]"

    def __str__(self) -> str:
        return self.id

    @property
    def uses_namespace(self) -> bool:
        """True if the function calls xp.<something>, all of it in ad, so xp=ad tests something new."""
        source = inspect.getsource(self.fn)  # the one line that defines the lambda
        called = set(re.findall(r"\bxp\.(\w+)", source))
        return bool(called) and called <= NAMESPACE_FUNCTIONS

    def arguments(self) -> st.SearchStrategy[tuple[Any, ...]]:
        return st.tuples(*(argument(s, d) for s, d in zip(self.shapes, self.domains)))

    def draw(self, data: st.DataObject) -> tuple[Any, ...]:
        args = data.draw(self.arguments(), label="args")
        if self.valid is not None:
            assume(self.valid(*args))
        return args

    def bind(self, xp: Any) -> Callable[..., Any]:
        """The case as an ordinary function of its arguments."""
        fn = self.fn

        def f(*args: Any) -> Any:
            return fn(xp, *args)

        f.__name__ = self.name
        return f


def constant(xp: Any, values: Any) -> Any:
    """A constant array in the namespace's own array type (numpy, or torch for the oracle)."""
    make = getattr(xp, "constant", None)
    return make(values) if make is not None else np.array(values, dtype=float)


CASES: list[Case] = []


def _add(name: str, fn: Callable[..., Any], shape_sets: list[tuple[tuple[int, ...], ...]],
         domains: tuple[Any, ...], valid: Callable[..., bool] | None = None) -> None:
    for shapes in shape_sets:
        CASES.append(Case(name, fn, shapes, domains, valid))


ELEMENTWISE_SHAPES = [((),), ((3,),), ((2, 3),)]

# --- unary, element-wise: plain numbers and arrays alike ------------------------
for _name, _fn, _domain, _valid in [
    ("neg", lambda xp, x: -x, REAL, None),
    ("add_const", lambda xp, x: x + 1.5, REAL, None),
    ("radd", lambda xp, x: 1.5 + x, REAL, None),
    ("sub_const", lambda xp, x: x - 0.5, REAL, None),
    ("rsub", lambda xp, x: 3.0 - x, REAL, None),
    ("mul_const", lambda xp, x: x * 3.0, REAL, None),
    ("rmul", lambda xp, x: 2.0 * x, REAL, None),
    ("div_const", lambda xp, x: x / 4.0, REAL, None),
    ("rdiv", lambda xp, x: 1 / x, NONZERO, None),
    ("rpow", lambda xp, x: 2 ** x, REAL, None),
    ("pow_int", lambda xp, x: x ** 3, REAL, None),
    ("pow_float", lambda xp, x: x ** 2.5, POSITIVE, None),
    ("mul_self", lambda xp, x: x * x, REAL, None),
    ("sin", lambda xp, x: xp.sin(x), REAL, None),
    ("cos", lambda xp, x: xp.cos(x), REAL, None),
    ("tan", lambda xp, x: xp.tan(x), SMALL, None),
    ("exp", lambda xp, x: xp.exp(x), REAL, None),
    ("log", lambda xp, x: xp.log(x), POSITIVE, None),
    ("sqrt", lambda xp, x: xp.sqrt(x), POSITIVE, None),
    ("tanh", lambda xp, x: xp.tanh(x), REAL, None),
    ("abs", lambda xp, x: xp.abs(x), NONZERO, None),
    ("maximum_const", lambda xp, x: xp.maximum(x, 0.3), REAL, lambda x: away_from(x, 0.3)),
    ("minimum_const", lambda xp, x: xp.minimum(0.3, x), REAL, lambda x: away_from(x, 0.3)),
    ("where_sign", lambda xp, x: xp.where(x > 0, x ** 2, -3.0 * x), NONZERO, None),
    ("ones_zeros_like", lambda xp, x: x * xp.ones_like(x) * 2.0 + xp.zeros_like(x), REAL, None),
    ("composite", lambda xp, x: xp.sin(x) * xp.exp(x) / (1.0 + x ** 2) - xp.tanh(x) ** 2, REAL, None),
]:
    _add(_name, _fn, ELEMENTWISE_SHAPES, (_domain,), _valid)

# --- binary, element-wise, with broadcasting -------------------------------------
BROADCAST_PAIRS = [((), ()), ((3,), ()), ((), (3,)), ((2, 3), (3,)), ((2, 1), (1, 3))]

for _name, _fn, _domains, _valid in [
    ("add", lambda xp, x, y: x + y, (REAL, REAL), None),
    ("sub", lambda xp, x, y: x - y, (REAL, REAL), None),
    ("mul", lambda xp, x, y: x * y, (REAL, REAL), None),
    ("div", lambda xp, x, y: x / y, (REAL, NONZERO), None),
    ("pow", lambda xp, x, y: x ** y, (POSITIVE, REAL), None),
    ("maximum", lambda xp, x, y: xp.maximum(x, y), (REAL, REAL), away_from),
    ("minimum", lambda xp, x, y: xp.minimum(x, y), (REAL, REAL), away_from),
    ("where", lambda xp, x, y: xp.where(x > 0, x, y), (NONZERO, REAL), None),
    ("binary_composite", lambda xp, x, y: xp.sin(x * y) + x / (1.0 + y ** 2) - y * xp.exp(x), (REAL, REAL), None),
]:
    _add(_name, _fn, BROADCAST_PAIRS, _domains, _valid)

# --- reductions, indexing, reshaping ----------------------------------------------
for _name, _fn, _shape_sets, _domain in [
    ("sum", lambda xp, x: xp.sum(x ** 2), [((3,),), ((2, 3),)], REAL),
    ("sum_axis0", lambda xp, x: xp.sum(xp.sin(x), axis=0), [((2, 3),)], REAL),
    ("sum_axis1_keepdims", lambda xp, x: xp.sum(x, axis=1, keepdims=True) * x, [((2, 3),)], REAL),
    ("sum_method", lambda xp, x: (x * x).sum(), [((3,),), ((2, 3),)], REAL),
    ("mean", lambda xp, x: xp.mean(xp.exp(x)), [((3,),), ((2, 3),)], REAL),
    ("mean_axis1", lambda xp, x: xp.mean(x ** 3, axis=1), [((2, 3),)], REAL),
    ("mean_method", lambda xp, x: x.mean() * x, [((3,),)], REAL),
    ("index_int", lambda xp, x: x[0] * x[2], [((3,),)], REAL),
    ("index_slice", lambda xp, x: x[1:] * x[:-1], [((3,),)], REAL),
    ("index_repeated", lambda xp, x: x[[0, 0, 2]] ** 2, [((3,),)], REAL),
    ("index_2d", lambda xp, x: x[1, 2] * x[0], [((2, 3),)], REAL),
    ("index_column", lambda xp, x: x[:, 0] ** 2, [((2, 3),)], REAL),
    ("reshape_args", lambda xp, x: x.reshape(3, 2) ** 2, [((2, 3),)], REAL),
    ("reshape_tuple", lambda xp, x: xp.sin(x.reshape((6,))), [((2, 3),)], REAL),
    ("reshape_broadcast", lambda xp, x: x.reshape(3, 1) * x, [((3,),)], REAL),
    ("transpose", lambda xp, x: x.T * constant(xp, [1.0, 2.0]), [((2, 3),)], REAL),
    ("gram", lambda xp, x: x.T @ x, [((2, 3),)], REAL),
    ("array_times_traced", lambda xp, x: constant(xp, [1.0, -2.0, 3.0]) * x, [((3,),), ((2, 3),)], REAL),
    ("array_matmul_traced", lambda xp, x: constant(xp, [[1.0, 2.0, 3.0], [0.0, -1.0, 0.5]]) @ x, [((3,),)], REAL),
]:
    _add(_name, _fn, _shape_sets, (_domain,))

# --- matrix products ----------------------------------------------------------------
MATMUL_PAIRS = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 4))]
_add("matmul_op", lambda xp, x, y: x @ y, MATMUL_PAIRS, (REAL, REAL))
_add("matmul_fn", lambda xp, x, y: xp.matmul(x, y), MATMUL_PAIRS, (REAL, REAL))
_add("dot", lambda xp, x, y: xp.dot(x, y), MATMUL_PAIRS + [((), (3,))], (REAL, REAL))
_add("quadratic_form", lambda xp, x, y: x @ y @ x, [((3,), (3, 3))], (REAL, REAL))

# --- more element-wise functions ----------------------------------------------------
for _name, _fn, _domain, _valid in [
    ("expm1", lambda xp, x: xp.expm1(x), REAL, None),
    ("log1p", lambda xp, x: xp.log1p(x), UNIT, None),
    ("sinh", lambda xp, x: xp.sinh(x), REAL, None),
    ("cosh", lambda xp, x: xp.cosh(x), REAL, None),
    ("arcsin", lambda xp, x: xp.arcsin(x), UNIT, None),
    ("arccos", lambda xp, x: xp.arccos(x), UNIT, None),
    ("arctan", lambda xp, x: xp.arctan(x), REAL, None),
    ("mod_const", lambda xp, x: (x + 0.35) % 1.5, REAL, lambda x: off_jumps(x + 0.35, 1.5)),
    ("clip", lambda xp, x: xp.clip(x, -0.5, 0.7), REAL, lambda x: away_from(x, -0.5) and away_from(x, 0.7)),
]:
    _add(_name, _fn, ELEMENTWISE_SHAPES, (_domain,), _valid)

for _name, _fn, _domain, _valid in [
    ("clip_below", lambda xp, x: xp.clip(x, -0.5, None) ** 2, REAL, lambda x: away_from(x, -0.5)),
    ("astype_float", lambda xp, x: x.astype(float) * x, REAL, None),  # methods need an array
    ("clip_method", lambda xp, x: x.clip(-0.5, 0.7), REAL, lambda x: away_from(x, -0.5) and away_from(x, 0.7)),
    ("clip_keywords", lambda xp, x: xp.clip(x, min=-0.5, max=0.7), REAL, lambda x: away_from(x, -0.5) and away_from(x, 0.7)),
]:
    _add(_name, _fn, [((2, 3),)], (_domain,), _valid)

for _name, _fn, _domains, _valid in [
    # Shifted by 0.35 so that the round numbers Hypothesis likes to draw are not on a jump.
    ("mod", lambda xp, x, y: (x + 0.35) % y, (REAL, POSITIVE), lambda x, y: off_jumps(x + 0.35, y)),
    ("logaddexp", lambda xp, x, y: xp.logaddexp(x, y), (REAL, REAL), None),
    ("arctan2", lambda xp, x, y: xp.arctan2(x, y), (NONZERO, NONZERO), None),  # y != 0: off the branch cut
]:
    _add(_name, _fn, BROADCAST_PAIRS, _domains, _valid)
_add("mod_fn", lambda xp, x, y: xp.mod(x + 0.35, y), [((2, 3), (3,))], (REAL, POSITIVE),
     lambda x, y: off_jumps(x + 0.35, y))

# --- reductions along axes ---------------------------------------------------------
for _name, _fn, _shape_sets, _domain, _valid in [
    ("max", lambda xp, x: xp.max(x), [((3,),), ((2, 3),)], DISTINCT, distinct),
    ("max_axis0", lambda xp, x: xp.max(x, axis=0), [((2, 3),)], DISTINCT, distinct),
    ("max_axis1_keepdims", lambda xp, x: xp.max(x, axis=1, keepdims=True) * x, [((2, 3),)], DISTINCT, distinct),
    ("min", lambda xp, x: xp.min(x ** 3), [((3,),), ((2, 3),)], DISTINCT, distinct),
    ("min_axis_last", lambda xp, x: xp.min(x, axis=-1), [((2, 3),)], DISTINCT, distinct),
    ("max_method", lambda xp, x: x.max() * x, [((3,),), ((2, 3),)], DISTINCT, distinct),
    ("max_method_axis", lambda xp, x: x.max(axis=1), [((2, 3),)], DISTINCT, distinct),
    ("min_method_axis", lambda xp, x: x.min(axis=0, keepdims=True) - x, [((2, 3),)], DISTINCT, distinct),
    ("prod", lambda xp, x: xp.prod(x), [((3,),), ((2, 3),)], NONZERO, None),
    ("prod_axis1", lambda xp, x: xp.prod(x, axis=1), [((2, 3),)], NONZERO, None),
    ("prod_method_axis", lambda xp, x: x.prod(axis=0, keepdims=True) * x, [((2, 3),)], NONZERO, None),
    ("std", lambda xp, x: xp.std(x), [((3,),), ((2, 3),)], DISTINCT, distinct),
    ("std_axis0_ddof1", lambda xp, x: xp.std(x, axis=0, ddof=1), [((3, 2),)], DISTINCT, distinct),
    ("std_method", lambda xp, x: x.std(axis=1), [((2, 3),)], DISTINCT, distinct),
    ("var", lambda xp, x: xp.var(xp.sin(x)), [((3,),), ((2, 3),)], REAL, None),
    ("var_axis1_keepdims", lambda xp, x: xp.var(x, axis=1, keepdims=True) * x, [((2, 3),)], REAL, None),
    ("var_method", lambda xp, x: x.var(axis=0), [((2, 3),)], REAL, None),
    ("cumsum", lambda xp, x: xp.cumsum(x ** 2), [((3,),), ((2, 3),)], REAL, None),
    ("cumsum_axis1", lambda xp, x: xp.cumsum(x, axis=1), [((2, 3),)], REAL, None),
    ("cumsum_method_axis0", lambda xp, x: x.cumsum(axis=0) * x, [((2, 3),)], REAL, None),
    ("trace", lambda xp, x: xp.trace(x * x), [((3, 3),), ((2, 3),)], REAL, None),
    ("trace_offset", lambda xp, x: xp.trace(x, 1), [((3, 3),)], REAL, None),
    ("norm", lambda xp, x: xp.linalg.norm(x), [((3,),), ((2, 3),)], NONZERO, None),
    ("norm_axis1", lambda xp, x: xp.linalg.norm(x, axis=1), [((2, 3),)], NONZERO, None),
    ("norm_1", lambda xp, x: xp.linalg.norm(x, 1), [((3,),)], NONZERO, None),
    ("norm_inf", lambda xp, x: xp.linalg.norm(x, np.inf), [((3,),)], NONZERO, lambda x: distinct(np.abs(x))),
]:
    _add(_name, _fn, _shape_sets, (_domain,), _valid)

# --- shapes ------------------------------------------------------------------------
for _name, _fn, _shape_sets in [
    ("ravel", lambda xp, x: xp.ravel(x) * constant(xp, np.arange(1.0, 7.0)), [((2, 3),)]),
    ("ravel_method", lambda xp, x: x.ravel() ** 2, [((2, 3),)]),
    ("flatten_method", lambda xp, x: x.flatten() ** 2, [((2, 3),)]),
    ("transpose_tuple", lambda xp, x: x.transpose((1, 0)) * constant(xp, [1.0, 2.0]), [((2, 3),)]),
    ("transpose_axes", lambda xp, x: xp.transpose(x ** 2, (2, 0, 1)), [((2, 3, 2),)]),
    ("atleast_2d", lambda xp, x: xp.atleast_2d(x) ** 2, [((),), ((3,),), ((2, 3),)]),
    ("diag_of_vector", lambda xp, x: xp.diag(x ** 2), [((3,),)]),
    ("diag_of_vector_offset", lambda xp, x: xp.diag(x, -1), [((2,),)]),
    ("diag_of_matrix", lambda xp, x: xp.diag(x) ** 2, [((3, 3),), ((2, 3),)]),
    ("diag_of_matrix_offset", lambda xp, x: xp.diag(x, 1), [((3, 3),)]),
    ("repeat", lambda xp, x: xp.repeat(x ** 2, 2), [((3,),), ((2, 3),)]),
    ("repeat_axis1", lambda xp, x: xp.repeat(x, 3, axis=1) * constant(xp, np.arange(9.0)), [((2, 3),)]),
    ("roll", lambda xp, x: xp.roll(x, 1) * constant(xp, [1.0, 2.0, 3.0]), [((3,),)]),
    ("roll_flat", lambda xp, x: xp.roll(x ** 2, -2), [((2, 3),)]),
    ("roll_axis", lambda xp, x: xp.roll(x, 1, axis=1) * x, [((2, 3),)]),
    ("expand_dims", lambda xp, x: xp.expand_dims(x, 0) * constant(xp, [[1.0], [2.0]]), [((3,),)]),
    ("expand_dims_last", lambda xp, x: xp.expand_dims(x, -1) * x, [((3,),)]),
    ("squeeze", lambda xp, x: xp.squeeze(x) ** 2, [((1, 3),), ((2, 1, 3),)]),
    ("squeeze_method_axis", lambda xp, x: x.squeeze(axis=0) ** 2, [((1, 3),)]),
    ("size_one_output", lambda xp, x: x[:1] * x[1], [((3,),)]),
]:
    _add(_name, _fn, _shape_sets, (REAL,))

# --- joining, with a constant in the list too ------------------------------------
for _name, _fn, _shape_sets in [
    ("concatenate", lambda xp, x, y: xp.concatenate([x, y ** 2]), [((3,), (2,)), ((2, 3), (1, 3))]),
    ("concatenate_axis1", lambda xp, x, y: xp.concatenate([x, y], axis=1), [((2, 3), (2, 1))]),
    ("concatenate_axis_last", lambda xp, x, y: xp.concatenate([x, constant(xp, [[1.0], [2.0]]), y], axis=-1),
     [((2, 3), (2, 2))]),
    ("stack_axis1", lambda xp, x, y: xp.stack([x, y ** 2], axis=1), [((3,), (3,)), ((2, 3), (2, 3))]),
    ("stack_axis_last", lambda xp, x, y: xp.stack([x, y, x * y], axis=-1), [((3,), (3,)), ((2, 3), (2, 3))]),
    ("vstack", lambda xp, x, y: xp.vstack([x, y]), [((3,), (3,)), ((2, 3), (3,))]),
    ("hstack", lambda xp, x, y: xp.hstack([x, y]), [((3,), (2,)), ((2, 3), (2, 1))]),
]:
    _add(_name, _fn, _shape_sets, (REAL, REAL))

# --- products of arrays ----------------------------------------------------------
for _name, _fn, _shape_sets in [
    ("outer", lambda xp, x, y: xp.outer(x, y), [((3,), (2,)), ((2, 2), (3,))]),
    ("vdot", lambda xp, x, y: xp.vdot(x, y), [((3,), (3,)), ((2, 3), (2, 3))]),
    ("tensordot_1", lambda xp, x, y: xp.tensordot(x, y, axes=1), [((2, 3), (3, 2)), ((3,), (3, 2))]),
    ("tensordot_2", lambda xp, x, y: xp.tensordot(x, y), [((2, 3), (2, 3)), ((2, 2, 3), (2, 3))]),
    ("tensordot_pairs", lambda xp, x, y: xp.tensordot(x, y, axes=([0], [1])), [((2, 3), (3, 2))]),
    ("einsum_matmul", lambda xp, x, y: xp.einsum("ij,jk->ik", x, y), [((2, 3), (3, 2))]),
    ("einsum_inner", lambda xp, x, y: xp.einsum("i,i->", x, y), [((3,), (3,))]),
    ("einsum_implicit", lambda xp, x, y: xp.einsum("ij,j", x, y), [((2, 3), (3,))]),
    ("einsum_batched", lambda xp, x, y: xp.einsum("bij,bjk->bik", x, y), [((2, 2, 3), (2, 3, 2))]),
    ("einsum_sum_out", lambda xp, x, y: xp.einsum("ij,k->jk", x, y), [((2, 3), (2,))]),
    ("matmul_stacks", lambda xp, x, y: x @ y,
     [((2, 2, 3), (3, 4)), ((2, 3), (2, 3, 2)), ((2, 1, 2, 3), (3, 3, 2)), ((3,), (2, 3, 2)), ((2, 2, 3), (3,))]),
]:
    _add(_name, _fn, _shape_sets, (REAL, REAL))

# --- linear algebra, on well-conditioned matrices A + 3I ---------------------------
_add("inv", lambda xp, x: xp.linalg.inv(x + constant(xp, 3.0 * np.eye(3))), [((3, 3),)], (MATRIX,))
_add("det", lambda xp, x: xp.linalg.det(x + constant(xp, 3.0 * np.eye(3))), [((3, 3),)], (MATRIX,))
_add("det_2x2", lambda xp, x: xp.linalg.det(x + constant(xp, 3.0 * np.eye(2))) ** 2, [((2, 2),)], (MATRIX,))
_add("solve", lambda xp, a, b: xp.linalg.solve(a + constant(xp, 3.0 * np.eye(3)), b),
     [((3, 3), (3,)), ((3, 3), (3, 2))], (MATRIX, REAL))

# Each case with numpy, and again with ad's own functions when it calls any.
CASES_WITH_NAMESPACES: list[tuple[Case, Any]] = [(c, np) for c in CASES] + [
    (c, ad) for c in CASES if c.uses_namespace
]
CASE_IDS = [f"{c.id}-{'ad' if xp is ad else 'np'}" for c, xp in CASES_WITH_NAMESPACES]


# ---------------------------------------------------------------------------
# Independent derivatives by central differences
# ---------------------------------------------------------------------------


def holding_others(f: Callable[..., Any], args: tuple[Any, ...], i: int) -> Callable[[Any], Any]:
    """f as a function of argument i alone."""

    def f_i(x: Any) -> Any:
        return f(*args[:i], x, *args[i + 1:])

    return f_i


def numerical_jacobians(case: Case, args: tuple[Any, ...]) -> list[np.ndarray]:
    """One central-difference Jacobian per argument, of plain numpy evaluations."""
    f = case.bind(np)
    return [np.asarray(ad.numerical_jacobian(holding_others(f, args, i), args[i])) for i in range(len(args))]


# Central differences with eps ~ 1e-5 are good to ~1e-9 on these functions.
FD_TOLERANCE = dict(rtol=1e-5, atol=1e-6)
# Two exact methods (forward vs reverse mode, ours vs PyTorch) differ only by rounding.
EXACT_TOLERANCE = dict(rtol=1e-10, atol=1e-12)


def assert_jacobian(actual: Any, expected: Any, expected_shape: tuple[int, ...], **tolerance: float) -> None:
    actual = ad.primal(actual)
    assert np.shape(actual) == expected_shape, f"Jacobian shape {np.shape(actual)}, expected {expected_shape}"
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), **tolerance)
