"""The rule table is the truth: change a rule and every derivative that uses it changes.

Chapter 5 teaches a student to read and replace the rows of ``rules.py``
(``rules.multiply.vjps[0] = ...``).  That lesson only holds if no pass keeps
a private copy of a rule: scalars and arrays, operators and numpy calls,
``grad``/``vjp``/``jacrev``, ``jvp``/``jacfwd`` and the graph drawings'
``tangents``/``adjoints`` must all read the same row.  Each test below
replaces a rule by one that is 100 times too large (``monkeypatch`` puts the
real rule back afterwards) and checks that every path changes, and that the
other mode, whose rule was left alone, does not.
"""

from __future__ import annotations

import numpy as np
import pytest

import autodiff_lessons as ad
from autodiff_lessons import rules
from autodiff_lessons.defining_rules import FUNCTIONS, UFUNCS

pytestmark = [pytest.mark.forward, pytest.mark.reverse, pytest.mark.graphs]

# The same program on plain numbers and on arrays.
INPUTS = {
    "scalars": (2.0, 3.0),
    "arrays": (np.array([2.0, -1.0]), np.array([3.0, 0.5])),
}


def unit(x):
    """A tangent or cotangent of ones, shaped like x."""
    return np.ones_like(x) if np.ndim(x) else 1.0


def zero(x):
    return np.zeros_like(x) if np.ndim(x) else 0.0


def diagonal(v, like):
    """The Jacobian of an element-wise map with slope v (a number for scalars)."""
    return np.diag(v) if np.ndim(like) else v


def scaled(rule):
    """The rule, 100 times too large: what a careless edit of the table does."""
    return lambda *args, **kwargs: 100.0 * rule(*args, **kwargs)


def reverse_mode_derivatives(f, x, y):
    """A cotangent of ones pulled back to x by every reverse-mode path (shape of x)."""
    ct = unit(f(x, y))
    _, vjp_fn = ad.vjp(f, x, y)
    graph = ad.trace(f, x, y)
    scalar = f if np.ndim(ct) == 0 else lambda x, y: np.sum(f(x, y))  # what grad can take
    return {
        "grad": ad.grad(scalar)(x, y),
        "value_and_grad": ad.value_and_grad(scalar)(x, y)[1],
        "vjp": vjp_fn(ct)[0],
        "jacrev": np.tensordot(ct, ad.jacrev(f)(x, y), axes=np.ndim(ct)),
        "graph adjoints": graph.adjoints(ct)[id(graph.inputs[0])],
    }


def forward_mode_derivatives(f, x, y):
    """A tangent of ones on x pushed forward by every forward-mode path (shape of the output)."""
    graph = ad.trace(f, x, y)
    return {
        "jvp": ad.jvp(f, (x, y), (unit(x), zero(y)))[1],
        "jacfwd": np.tensordot(ad.jacfwd(f)(x, y), unit(x), axes=np.ndim(x)),
        "graph tangents": graph.tangents(unit(x), None)[id(graph.output)],
    }


def assert_all(derivatives, expected):
    for path, value in derivatives.items():
        np.testing.assert_allclose(value, expected, rtol=1e-14, err_msg=path)


# ---------------------------------------------------------------------------
# A binary rule: multiply, through x * y and np.multiply(x, y)
# ---------------------------------------------------------------------------

PRODUCTS = {"operator": lambda x, y: x * y, "np.multiply": lambda x, y: np.multiply(x, y)}


@pytest.mark.parametrize("inputs", INPUTS.values(), ids=INPUTS.keys())
@pytest.mark.parametrize("f", PRODUCTS.values(), ids=PRODUCTS.keys())
def test_a_new_vjp_rule_for_multiply_changes_every_reverse_mode_derivative(monkeypatch, f, inputs):
    x, y = inputs
    assert_all(reverse_mode_derivatives(f, x, y), y)  # the true rule first
    monkeypatch.setitem(rules.multiply.vjps, 0, lambda g, ans, x, y: rules.unbroadcast(100.0 * g * y, x))
    assert_all(reverse_mode_derivatives(f, x, y), 100.0 * y)
    assert_all(forward_mode_derivatives(f, x, y), y)  # its JVP rule was left alone


@pytest.mark.parametrize("inputs", INPUTS.values(), ids=INPUTS.keys())
@pytest.mark.parametrize("f", PRODUCTS.values(), ids=PRODUCTS.keys())
def test_a_new_jvp_rule_for_multiply_changes_every_forward_mode_derivative(monkeypatch, f, inputs):
    x, y = inputs
    assert_all(forward_mode_derivatives(f, x, y), y)
    monkeypatch.setitem(rules.multiply.jvps, 0, lambda t, ans, x, y: 100.0 * t * y)
    assert_all(forward_mode_derivatives(f, x, y), 100.0 * y)
    assert_all(reverse_mode_derivatives(f, x, y), y)


@pytest.mark.parametrize("inputs", INPUTS.values(), ids=INPUTS.keys())
def test_a_product_with_a_constant_reads_the_rule_of_its_traced_side(monkeypatch, inputs):
    # x * 3.0 uses multiply's rules for argument 0; 3.0 * x (x.__rmul__) those for argument 1.
    x, y = inputs
    monkeypatch.setitem(rules.multiply.vjps, 0, lambda g, ans, x, y: rules.unbroadcast(100.0 * g * y, x))
    monkeypatch.setitem(rules.multiply.jvps, 1, lambda t, ans, x, y: 10.0 * x * t)
    assert_all(reverse_mode_derivatives(lambda x, y: x * 3.0, x, y), 300.0 * unit(x))
    assert_all(forward_mode_derivatives(lambda x, y: x * 3.0, x, y), 3.0 * unit(x))
    assert_all(reverse_mode_derivatives(lambda x, y: 3.0 * x, x, y), 3.0 * unit(x))
    assert_all(forward_mode_derivatives(lambda x, y: 3.0 * x, x, y), 30.0 * unit(x))


def test_second_derivatives_read_the_table_of_their_own_mode(monkeypatch):
    # d2/dx2 x**3 = 6x.  The outer pass differentiates the inner pass, rules included,
    # so a new VJP rule changes grad(grad(f)), and forward over forward, which never
    # reads a VJP rule, is untouched; and the other way round for a new JVP rule.
    f = lambda x: x * x * x  # noqa: E731
    x = 2.0
    with monkeypatch.context() as patch:
        patch.setitem(rules.multiply.vjps, 0, lambda g, ans, x, y: rules.unbroadcast(100.0 * g * y, x))
        assert ad.jacfwd(ad.jacfwd(f))(x) == 6.0 * x
        assert ad.grad(ad.grad(f))(x) != 6.0 * x
    with monkeypatch.context() as patch:
        patch.setitem(rules.multiply.jvps, 0, lambda t, ans, x, y: 100.0 * t * y)
        assert ad.grad(ad.grad(f))(x) == 6.0 * x
        assert ad.jacfwd(ad.jacfwd(f))(x) != 6.0 * x
    assert ad.grad(ad.grad(f))(x) == ad.jacfwd(ad.jacfwd(f))(x) == 6.0 * x  # the true rules are back


# ---------------------------------------------------------------------------
# An element-wise rule: sin, through np.sin and ad.sin
# ---------------------------------------------------------------------------

SINES = {"np.sin": lambda x, y: np.sin(x) * y, "ad.sin": lambda x, y: ad.sin(x) * y}


@pytest.mark.parametrize("inputs", INPUTS.values(), ids=INPUTS.keys())
@pytest.mark.parametrize("f", SINES.values(), ids=SINES.keys())
def test_a_new_rule_for_sin_changes_both_modes(monkeypatch, f, inputs):
    x, y = inputs
    slope = np.cos(x) * y
    assert_all(reverse_mode_derivatives(f, x, y), slope)
    assert_all(forward_mode_derivatives(f, x, y), slope)
    monkeypatch.setitem(rules.sin.vjps, 0, scaled(rules.sin.vjps[0]))
    assert_all(reverse_mode_derivatives(f, x, y), 100.0 * slope)
    assert_all(forward_mode_derivatives(f, x, y), slope)
    monkeypatch.setitem(rules.sin.jvps, 0, scaled(rules.sin.jvps[0]))
    assert_all(forward_mode_derivatives(f, x, y), 100.0 * slope)


# ---------------------------------------------------------------------------
# A linear rule made by deflinear: sum, through np.sum, x.sum(), ad.sum and np.mean
# ---------------------------------------------------------------------------

SUMS = {
    "np.sum": lambda x, y: np.sum(x) * y,
    "method": lambda x, y: x.sum() * y,
    "ad.sum": lambda x, y: ad.sum(x) * y,
    "np.mean": lambda x, y: np.mean(x) * y * np.size(x),  # mean is built from sum: it changes too
}


@pytest.mark.parametrize("f", SUMS.values(), ids=SUMS.keys())
def test_a_new_rule_for_sum_made_by_deflinear_changes_both_modes(monkeypatch, f):
    x, y = np.array([2.0, -1.0, 0.5]), 3.0
    assert_all(reverse_mode_derivatives(f, x, y), np.full(3, y))
    monkeypatch.setitem(rules.sum.vjps, 0, scaled(rules.sum.vjps[0]))
    assert_all(reverse_mode_derivatives(f, x, y), np.full(3, 100.0 * y))
    assert_all(forward_mode_derivatives(f, x, y), 3.0 * y)  # a tangent of 1 on each of 3 elements
    monkeypatch.setitem(rules.sum.jvps, 0, scaled(rules.sum.jvps[0]))
    assert_all(forward_mode_derivatives(f, x, y), 300.0 * y)


def test_the_dispatch_tables_point_at_the_rows_of_the_table():
    # np.sin(x) on a traced x reaches rules.sin through UFUNCS, np.sum through FUNCTIONS:
    # the very objects whose rules the tests above replace.
    assert UFUNCS[np.sin] is rules.sin
    assert UFUNCS[np.multiply] is rules.multiply
    assert FUNCTIONS[np.sum] is rules.sum
    assert FUNCTIONS[np.max] is rules.max
