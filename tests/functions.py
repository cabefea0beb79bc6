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

# Central differences use eps ~ 1e-5; two arguments closer than this to a kink
# would make the finite difference straddle it.
KINK_MARGIN = 1e-3


def _elements(domain: Any) -> st.SearchStrategy[float]:
    if domain == NONZERO:
        return st.one_of(st.floats(-2.0, -0.25), st.floats(0.25, 2.0))
    lo, hi = domain
    return st.floats(lo, hi)


def argument(shape: tuple[int, ...], domain: Any = REAL) -> st.SearchStrategy[Any]:
    """A plain Python float for shape (), else a float64 array of that shape."""
    if shape == ():
        return _elements(domain)
    return hnp.arrays(np.float64, shape, elements=_elements(domain), fill=st.nothing())


def away_from(a: Any, b: Any) -> bool:
    """True when every (broadcast) pair of elements of a and b is apart by KINK_MARGIN."""
    return bool(np.all(np.abs(np.subtract(a, b)) > KINK_MARGIN))


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------

# The names a table function may call on its namespace.
NAMESPACE_FUNCTIONS = frozenset(
    "sin cos tan exp log sqrt tanh abs maximum minimum where sum mean dot matmul ones_like zeros_like".split()
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
        """True if the function calls xp.<something>, so xp=ad tests something new."""
        source = inspect.getsource(self.fn)  # the one line that defines the lambda
        return bool(NAMESPACE_FUNCTIONS & set(re.findall(r"\bxp\.(\w+)", source)))

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
