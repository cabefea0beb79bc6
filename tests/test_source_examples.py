"""The source document's example functions, unchanged, against derivatives worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autodiff_lessons as ad

pytestmark = [pytest.mark.symbolic, pytest.mark.forward, pytest.mark.reverse]

scalars = st.floats(-3.0, 3.0)


def cubic(x):
    return x**3 + 4*x**2 - 10


def fast_sine(x):
    return np.sin(1000*x)


def piecewise(x):
    if x < 2:
        return x**3
    else:
        return 3*x


def two_args(x, y):
    return x**2 + 4*y + np.cos(x)**2


def sum_times_ones(x, n=3):
    return np.sum(x) * np.ones(n)


def forward_derivative(f, x):
    return ad.jvp(f, (x,), (np.ones_like(x) if np.ndim(x) else 1.0,))[1]


def reverse_derivative(f, x):
    out, vjp_fn = ad.vjp(f, x)
    return vjp_fn(np.ones_like(out) if np.ndim(out) else 1.0)[0]


BOTH_MODES = [ad.grad, ad.jacfwd, ad.jacrev]


@given(x=scalars)
def test_cubic_derivative_is_3x2_plus_8x(x):
    for derivative in BOTH_MODES:
        np.testing.assert_allclose(derivative(cubic)(x), 3*x**2 + 8*x, rtol=1e-14, atol=1e-14)


def test_cubic_derivative_at_integer_points():
    # Integer inputs are promoted to float: f'(2) = 12 + 16 = 28, f'(-1) = 3 - 8 = -5.
    for derivative in BOTH_MODES:
        assert derivative(cubic)(2) == 28.0
        assert derivative(cubic)(-1) == -5.0


def test_fast_sine_elementwise_derivative_on_a_linspace():
    x = np.linspace(0.0, 1.0, 200)
    expected = 1000 * np.cos(1000*x)
    np.testing.assert_allclose(forward_derivative(fast_sine, x), expected, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(reverse_derivative(fast_sine, x), expected, rtol=1e-12, atol=1e-9)
    J = ad.jacfwd(fast_sine)(x[:5])
    np.testing.assert_allclose(J, np.diag(expected[:5]), rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize(("x", "expected"), [
    (0.5, 3 * 0.5**2),   # x < 2: derivative of x**3
    (1.5, 3 * 1.5**2),
    (-1.0, 3.0),
    (2.0, 3.0),          # x >= 2: derivative of 3*x
    (3.0, 3.0),
    (10.0, 3.0),
], ids=["x3-0.5", "x3-1.5", "x3--1", "3x-2", "3x-3", "3x-10"])
def test_piecewise_function_follows_the_branch_taken(x, expected):
    for derivative in BOTH_MODES:
        assert derivative(piecewise)(x) == expected
    assert forward_derivative(piecewise, x) == expected
    assert reverse_derivative(piecewise, x) == expected


@given(x=scalars, y=scalars)
def test_two_argument_function_partial_derivatives(x, y):
    dx = 2*x - 2*np.cos(x)*np.sin(x)
    dy = 4.0
    for derivative in BOTH_MODES:
        np.testing.assert_allclose(derivative(two_args, argnums=0)(x, y), dx, rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(derivative(two_args, argnums=1)(x, y), dy, rtol=1e-15)
        gx, gy = derivative(two_args, argnums=(0, 1))(x, y)
        np.testing.assert_allclose([gx, gy], [dx, dy], rtol=1e-13, atol=1e-13)
    # one JVP with both tangents: dx * 1 + dy * 2
    np.testing.assert_allclose(ad.jvp(two_args, (x, y), (1.0, 2.0))[1], dx + 2*dy, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize(("n", "m"), [(3, 4), (1, 5), (4, 1)])
def test_sum_times_ones_has_an_all_ones_jacobian(n, m):
    x = np.linspace(-1.0, 2.0, m)
    for jac in (ad.jacfwd, ad.jacrev):
        J = jac(lambda x: sum_times_ones(x, n))(x)
        assert np.shape(J) == (n, m)
        np.testing.assert_array_equal(J, np.ones((n, m)))
