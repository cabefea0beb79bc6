"""Reverse mode: the tape, vjp, grad and jacrev on the table and on tricky graphs."""

from __future__ import annotations

import sys
import time

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autodiff_lessons as ad
from functions import (
    CASE_IDS,
    CASES,
    CASES_WITH_NAMESPACES,
    FD_TOLERANCE,
    REAL,
    argument,
    assert_jacobian,
    numerical_jacobians,
)

pytestmark = pytest.mark.reverse


@pytest.mark.parametrize(("case", "xp"), CASES_WITH_NAMESPACES, ids=CASE_IDS)
@given(data=st.data())
def test_jacrev_matches_central_differences(case, xp, data):
    args = case.draw(data)
    f = case.bind(xp)
    expected = numerical_jacobians(case, args)
    for i, arg in enumerate(args):
        out_shape = np.shape(case.bind(np)(*args))
        assert_jacobian(ad.jacrev(f, argnums=i)(*args), expected[i], out_shape + np.shape(arg), **FD_TOLERANCE)


@pytest.mark.parametrize("case", CASES, ids=str)
@given(data=st.data())
def test_vjp_pulls_a_cotangent_back_to_every_argument(case, data):
    args = case.draw(data)
    f = case.bind(np)
    plain = f(*args)
    cotangent = data.draw(argument(np.shape(plain)), label="cotangent")

    out, vjp_fn = ad.vjp(f, *args)
    cotangents_in = vjp_fn(cotangent)

    assert not isinstance(out, ad.Var)
    np.testing.assert_allclose(out, plain, rtol=1e-14, atol=1e-300)
    assert isinstance(cotangents_in, tuple) and len(cotangents_in) == len(args)
    for arg, ct_in, J in zip(args, cotangents_in, numerical_jacobians(case, args)):
        assert np.shape(ct_in) == np.shape(arg)
        # u^T J, with J by central differences
        np.testing.assert_allclose(ct_in, np.tensordot(cotangent, J, axes=np.ndim(cotangent)), **FD_TOLERANCE)


def test_vjp_of_a_product_gives_the_hand_derived_cotangents():
    out, vjp_fn = ad.vjp(lambda x, y: x * y, 3.0, 4.0)
    assert out == 12.0
    assert vjp_fn(1.0) == (4.0, 3.0)
    assert vjp_fn(2.0) == (8.0, 6.0)


@given(x=argument((4,), REAL), ct=argument((4,), REAL))
def test_vjp_fn_can_be_called_again_and_again_without_accumulating(x, ct):
    # micrograd's backward() run twice doubles every gradient; vjp_fn must not.
    def f(x):
        b = x * x
        return np.sin(b) * b + x

    _, vjp_fn = ad.vjp(f, x)
    first = vjp_fn(ct)
    np.testing.assert_array_equal(vjp_fn(ct)[0], first[0])
    _, other_vjp_fn = ad.vjp(f, x + 1.0)  # another trace in between must not disturb this one
    other_vjp_fn(ct)
    np.testing.assert_array_equal(vjp_fn(ct)[0], first[0])
    np.testing.assert_allclose(vjp_fn(2.0 * ct)[0], 2.0 * first[0], rtol=1e-14, atol=1e-300)  # linear in ct


@given(a=st.floats(-3, 3))
def test_reused_node_sums_contributions_of_every_use(a):
    def f(a):
        b = a + a
        return b * b  # c = 4 a^2, dc/da = 8a

    np.testing.assert_allclose(ad.grad(f)(a), 8.0 * a, rtol=1e-15, atol=1e-300)
    np.testing.assert_allclose(ad.jacfwd(f)(a), 8.0 * a, rtol=1e-15, atol=1e-300)


@given(x=st.floats(-3, 3))
def test_x_times_x_has_two_parent_edges(x):
    # If x * x kept its parents in a set, one edge would be lost and d/dx would be x, not 2x.
    assert ad.grad(lambda x: x * x)(x) == 2.0 * x
    np.testing.assert_allclose(ad.grad(lambda x: x * x * x)(x), 3.0 * x * x, rtol=1e-15, atol=1e-300)


def test_inside_the_function_the_argument_is_a_var_holding_the_value():
    seen = []

    def f(x):
        seen.append(x)
        return x * 2.0

    ad.vjp(f, 1.5)
    assert isinstance(seen[0], ad.Var)
    assert seen[0].primal == 1.5
    assert ad.primal(seen[0]) == 1.5


@pytest.mark.parametrize(("x", "doublings"), [(0.75, 4), (1.5, 3), (3.0, 2), (20.0, 0)])
def test_data_dependent_loop_differentiates_the_path_taken(x, doublings):
    def f(x):
        while x < 10:  # compares primal values
            x = x * 2.0
        return x

    assert ad.grad(f)(x) == 2.0 ** doublings
    assert ad.jacfwd(f)(x) == 2.0 ** doublings


def test_unused_argument_gets_a_zero_gradient_of_its_own_shape():
    y = np.array([1.0, 2.0, 3.0])
    g = ad.grad(lambda x, y: x * 2.0, argnums=1)(1.0, y)
    np.testing.assert_array_equal(g, np.zeros(3))
    _, vjp_fn = ad.vjp(lambda x, y: x * 2.0, 1.0, y)
    dx, dy = vjp_fn(1.0)
    assert dx == 2.0
    np.testing.assert_array_equal(dy, np.zeros(3))


def test_value_and_grad_returns_the_value_and_the_gradient():
    x = np.array([1.0, 2.0, -3.0])
    value, g = ad.value_and_grad(lambda x: np.sum(x ** 2))(x)
    assert value == 14.0
    np.testing.assert_array_equal(g, 2.0 * x)


def test_grad_with_argnums_tuple_returns_one_gradient_per_argument():
    f = lambda x, y, z: x * y ** 2 + z  # noqa: E731
    assert ad.grad(f, argnums=(0, 1))(2.0, 3.0, 5.0) == (9.0, 12.0)
    assert ad.grad(f, argnums=(2, 0))(2.0, 3.0, 5.0) == (1.0, 9.0)
    value, grads = ad.value_and_grad(f, argnums=(0, 1, 2))(2.0, 3.0, 5.0)
    assert value == 23.0 and grads == (9.0, 12.0, 1.0)


def test_million_operation_chain_differentiates_without_recursion_and_correctly():
    n = 10**6
    c = 1.0000001

    def f(y):
        for _ in range(n):
            y = y * c
        return y

    assert n > 100 * sys.getrecursionlimit()  # a recursive backward pass could not survive this
    start = time.perf_counter()
    value, g = ad.value_and_grad(f)(0.5)
    elapsed = time.perf_counter() - start
    # y_n = y_0 c^n exactly (up to rounding), so dy_n/dy_0 = c^n.
    expected = c ** n
    np.testing.assert_allclose(g, expected, rtol=1e-8)
    np.testing.assert_allclose(value, 0.5 * expected, rtol=1e-8)
    assert elapsed < 60, f"1e6 operations took {elapsed:.1f} s in reverse mode"


def test_backward_keys_nodes_by_identity_and_never_compares_their_values(monkeypatch):
    """Adjoints are a dict keyed by nodes; traced values compare by value, so
    a lookup that called == would mix up the many nodes holding 2.0 below."""

    def refuse(self, other):
        raise AssertionError("backward compared two traced values")

    monkeypatch.setattr(ad.core.Tracer, "__eq__", refuse)
    monkeypatch.setattr(ad.core.Tracer, "__ne__", refuse)

    def f(x, y):
        terms = [x * 1.0 for _ in range(2000)] + [y * 1.0 for _ in range(2000)]  # all equal to 2.0
        total = terms[0]
        for term in terms[1:]:
            total = total + term * term
        return total

    # d/dx = 1 + 1999 * 2x, d/dy = 2000 * 2y, at x = y = 2
    assert ad.grad(f, argnums=(0, 1))(2.0, 2.0) == (1.0 + 1999 * 4.0, 2000 * 4.0)
