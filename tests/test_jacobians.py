"""Jacobians: forward and reverse mode agree, shapes follow JAX, and each mode's cost in passes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autodiff_lessons as ad
from functions import CASE_IDS, CASES_WITH_NAMESPACES, EXACT_TOLERANCE, REAL, argument, assert_jacobian

pytestmark = pytest.mark.jacobians


@pytest.mark.parametrize(("case", "xp"), CASES_WITH_NAMESPACES, ids=CASE_IDS)
@given(data=st.data())
def test_jacfwd_equals_jacrev(case, xp, data):
    # Both modes are exact, so they agree to rounding, far tighter than finite differences.
    args = case.draw(data)
    f = case.bind(xp)
    out_shape = np.shape(case.bind(np)(*args))
    for i, arg in enumerate(args):
        reverse = ad.jacrev(f, argnums=i)(*args)
        assert_jacobian(ad.jacfwd(f, argnums=i)(*args), reverse, out_shape + np.shape(arg), **EXACT_TOLERANCE)


def test_jacobian_of_a_column_sum_has_shape_out_plus_in_and_hand_derived_entries():
    # out[j] = sum_i x[i, j], so d out[j] / d x[i, k] = 1 if k == j else 0
    x = np.arange(6.0).reshape(2, 3)
    expected = np.zeros((3, 2, 3))
    for j in range(3):
        expected[j, :, j] = 1.0
    for jac in (ad.jacfwd, ad.jacrev):
        J = jac(lambda x: np.sum(x, axis=0))(x)
        assert np.shape(J) == (3, 2, 3)
        np.testing.assert_array_equal(J, expected)


@pytest.mark.parametrize("jac", [ad.jacfwd, ad.jacrev], ids=["jacfwd", "jacrev"])
def test_jacobian_shapes_for_scalar_inputs_and_outputs(jac):
    assert np.shape(jac(lambda x: x * 2.0)(1.0)) == ()
    assert np.shape(jac(lambda x: x * np.ones(3))(1.0)) == (3,)
    assert np.shape(jac(lambda x: np.sum(x))(np.ones((2, 4)))) == (2, 4)
    np.testing.assert_array_equal(jac(lambda x: x * np.arange(3.0))(2.0), [0.0, 1.0, 2.0])


@pytest.mark.parametrize("jac", [ad.jacfwd, ad.jacrev], ids=["jacfwd", "jacrev"])
def test_jacobian_with_argnums_tuple_returns_one_jacobian_per_argument(jac):
    x, y = np.array([1.0, 2.0]), 3.0
    Jx, Jy = jac(lambda x, y: x * y, argnums=(0, 1))(x, y)
    np.testing.assert_array_equal(Jx, 3.0 * np.eye(2))
    np.testing.assert_array_equal(Jy, x)


@pytest.mark.parametrize("jac", [ad.jacfwd, ad.jacrev], ids=["jacfwd", "jacrev"])
def test_function_returning_a_list_has_one_jacobian_row_per_entry(jac):
    # f(x) = [x, 2x, x^2] -> f'(x) = [1, 2, 2x]
    np.testing.assert_array_equal(jac(lambda x: [x, 2.0 * x, x ** 2])(3.0), [1.0, 2.0, 6.0])


@pytest.mark.parametrize(("n", "m"), [(5, 3), (2, 7), (1, 1)])
def test_jacfwd_costs_one_jvp_per_input_and_jacrev_one_vjp_per_output(n, m):
    A = np.arange(1.0, m * n + 1).reshape(m, n) / (m * n)

    def f(x):  # R^n -> R^m
        return A @ np.sin(x)

    x = np.linspace(-1.0, 1.0, n)
    with ad.count_passes() as forward:
        J_fwd = ad.jacfwd(f)(x)
    with ad.count_passes() as reverse:
        J_rev = ad.jacrev(f)(x)
    assert (forward.jvp, forward.vjp) == (n, 0)
    assert (reverse.jvp, reverse.vjp) == (0, m)
    np.testing.assert_allclose(J_fwd, A * np.cos(x), rtol=1e-14)
    np.testing.assert_allclose(J_rev, A * np.cos(x), rtol=1e-14)


def test_pass_counters_nest_and_stop_counting_when_closed():
    with ad.count_passes() as outer:
        ad.jvp(np.sin, (1.0,), (1.0,))
        with ad.count_passes() as inner:
            ad.vjp(np.sin, 1.0)[1](1.0)
    ad.jvp(np.sin, (1.0,), (1.0,))
    assert (outer.jvp, outer.vjp) == (1, 1)
    assert (inner.jvp, inner.vjp) == (0, 1)


@given(x=argument((3,), REAL))
def test_jacobian_of_elementwise_function_is_diagonal(x):
    for jac in (ad.jacfwd, ad.jacrev):
        np.testing.assert_allclose(jac(np.tanh)(x), np.diag(1.0 - np.tanh(x) ** 2), rtol=1e-14, atol=1e-300)
