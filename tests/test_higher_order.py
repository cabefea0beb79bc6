"""Derivatives of derivatives: grad(grad(f)), mixed nesting, Hessians."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autodiff_lessons as ad
from functions import REAL, argument

pytestmark = [pytest.mark.jacobians, pytest.mark.forward, pytest.mark.reverse]

scalars = st.floats(-3.0, 3.0)


@given(x=scalars)
def test_second_derivative_of_sin_is_minus_sin(x):
    np.testing.assert_allclose(ad.grad(ad.grad(np.sin))(x), -np.sin(x), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(ad.grad(ad.grad(ad.sin))(x), -np.sin(x), rtol=1e-14, atol=1e-300)


@given(x=scalars)
def test_derivatives_of_x_cubed_are_3x2_6x_and_6(x):
    f = lambda x: x ** 3  # noqa: E731
    np.testing.assert_allclose(ad.grad(f)(x), 3.0 * x ** 2, rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(ad.grad(ad.grad(f))(x), 6.0 * x, rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(ad.grad(ad.grad(ad.grad(f)))(x), 6.0, rtol=1e-14)


@pytest.mark.parametrize("x", [0.0, 1.5, -2.0])
@pytest.mark.parametrize("derivative", [ad.grad, ad.jacfwd, ad.jacrev])
def test_fourth_derivative_of_x_cubed_is_zero_even_at_zero(derivative, x):
    # The power rule y * x**(y-1) reaches x**-1 here; at x = 0 the factor y = 0 must win.
    f = lambda x: x ** 3  # noqa: E731
    assert derivative(derivative(derivative(derivative(f))))(x) == 0.0
    assert derivative(lambda x: x ** 0)(x) == 0.0
    if derivative is not ad.grad:  # grad wants a scalar output
        np.testing.assert_array_equal(derivative(lambda x: x ** 0)(np.array([x, 1.0])), np.zeros((2, 2)))


@given(x=scalars)
def test_every_nesting_of_the_two_modes_gives_the_same_second_derivative(x):
    f = lambda x: np.exp(np.sin(x)) * x  # noqa: E731
    # f' = e^{sin x}(x cos x + 1); f'' = e^{sin x}[cos x (x cos x + 1) + cos x - x sin x]
    s, c = np.sin(x), np.cos(x)
    expected = np.exp(s) * (c * (x * c + 1.0) + c - x * s)
    for outer in (ad.jacfwd, ad.jacrev, ad.grad):
        for inner in (ad.jacfwd, ad.jacrev, ad.grad):
            np.testing.assert_allclose(outer(inner(f))(x), expected, rtol=1e-12, atol=1e-12,
                                       err_msg=f"{outer.__name__}({inner.__name__}(f))")


@given(x=argument((3,), REAL))
def test_hessian_of_sum_sin_times_square_is_the_hand_derived_diagonal(x):
    def f(x):
        return np.sum(np.sin(x) * x ** 2)

    # d2/dx2 [x^2 sin x] = -x^2 sin x + 4 x cos x + 2 sin x; no cross terms.
    expected = np.diag(-x ** 2 * np.sin(x) + 4.0 * x * np.cos(x) + 2.0 * np.sin(x))
    for hess in (ad.hessian(f), ad.jacfwd(ad.jacrev(f)), ad.jacrev(ad.jacfwd(f)), ad.jacfwd(ad.jacfwd(f)),
                 ad.jacrev(ad.jacrev(f)), ad.jacfwd(ad.grad(f))):
        H = hess(x)
        assert np.shape(H) == (3, 3)
        np.testing.assert_allclose(H, expected, rtol=1e-12, atol=1e-12)


@given(x=argument((3,), REAL), A=argument((3, 3), REAL))
def test_hessian_of_quadratic_form_is_a_plus_a_transpose(x, A):
    np.testing.assert_allclose(ad.hessian(lambda x: x @ A @ x)(x), A + A.T, rtol=1e-14, atol=1e-14)


def test_hessian_with_respect_to_the_second_argument():
    # f = x * y^3 -> d2f/dy2 = 6 x y
    assert ad.hessian(lambda x, y: x * y ** 3, argnums=1)(2.0, 5.0) == 60.0


def test_nested_derivatives_do_not_confuse_their_perturbations():
    # d/dx [ x * d/dy (x + y) ] = d/dx [ x * 1 ] = 1.  Mixing up the two levels gives 2.
    for outer in (ad.grad, ad.jacfwd, ad.jacrev):
        for inner in (ad.grad, ad.jacfwd, ad.jacrev):
            f = lambda x: x * inner(lambda y: x + y)(1.0)  # noqa: E731,B023
            assert outer(f)(2.0) == 1.0, f"{outer.__name__} over {inner.__name__}"


def test_inner_derivative_closing_over_outer_variable():
    # g(x) = d/dy (x*y)^2 at y=1 = 2 x^2 y = 2 x^2, so g'(x) = 4x.
    g = lambda x: ad.grad(lambda y: (x * y) ** 2)(1.0)  # noqa: E731
    assert ad.grad(g)(3.0) == 12.0
    assert ad.jacfwd(g)(3.0) == 12.0


@pytest.mark.parametrize("x", [0.5, 1.0, 2.0])
def test_mixed_second_derivative_of_a_power_at_exponent_zero_is_one_over_x(x):
    # d/dx x**y = y x**(y-1); its derivative in y is x**(y-1) (1 + y log x), which is 1/x at y = 0.
    # (The power rule answers 0 for d/dx x**0 without computing 0 * x**-1; that shortcut must
    # not hide the dependence on y.)
    for outer in (ad.grad, ad.jacfwd, ad.jacrev):
        for inner in (ad.grad, ad.jacfwd, ad.jacrev):
            d2 = outer(inner(lambda x, y: x ** y, argnums=0), argnums=1)(x, 0.0)
            np.testing.assert_allclose(d2, 1.0 / x, rtol=1e-15, err_msg=f"{outer.__name__}({inner.__name__})")
