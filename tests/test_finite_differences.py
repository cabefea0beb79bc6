"""Finite differences: forward, central and complex-step, the numerical Jacobian, check_grads."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autodiff_lessons as ad
from functions import REAL, argument

pytestmark = pytest.mark.finite_differences

x_scalars = st.floats(-2.0, 2.0)
x_vectors = argument((4,), REAL)


# --- one directional difference ----------------------------------------------


@given(x=x_scalars)
def test_each_difference_approximates_the_derivative_of_sin(x):
    np.testing.assert_allclose(ad.forward_difference(np.sin, x), np.cos(x), atol=1e-5)
    np.testing.assert_allclose(ad.central_difference(np.sin, x), np.cos(x), atol=1e-9)
    np.testing.assert_allclose(ad.complex_step(np.sin, x), np.cos(x), rtol=1e-15, atol=1e-300)


@given(x=x_vectors)
def test_on_an_array_every_element_is_nudged_at_once_giving_elementwise_derivatives(x):
    np.testing.assert_allclose(ad.forward_difference(np.exp, x), np.exp(x), rtol=1e-5)
    np.testing.assert_allclose(ad.central_difference(np.exp, x), np.exp(x), rtol=1e-9)
    np.testing.assert_allclose(ad.complex_step(np.exp, x), np.exp(x), rtol=1e-15)


@given(x=x_vectors, v=x_vectors)
def test_direction_gives_the_directional_derivative_j_times_v(x, v):
    def f(x):
        return np.sum(x ** 2)

    expected = 2.0 * x @ v
    np.testing.assert_allclose(ad.central_difference(f, x, direction=v), expected, rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(ad.forward_difference(f, x, direction=v), expected, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(ad.complex_step(f, x, direction=v), expected, rtol=1e-14, atol=1e-14)


def _errors(difference, f, df, x, steps):
    return np.array([abs(difference(f, x, h) - df(x)) for h in steps])


@pytest.mark.parametrize("x", [0.5, np.array([0.5, -1.0, 1.5])], ids=["scalar", "array"])
def test_forward_difference_error_halves_when_eps_halves(x):
    # (f(x+h) - f(x))/h = f' + h f''/2 + O(h^2): first order.
    steps = [1e-2, 5e-3, 2.5e-3]
    err = _errors(ad.forward_difference, np.exp, np.exp, x, steps)
    ratios = err[:-1] / err[1:]
    assert np.all((ratios > 1.9) & (ratios < 2.1)), ratios
    np.testing.assert_allclose(err[0], 1e-2 * np.exp(x) / 2, rtol=0.02)


@pytest.mark.parametrize("x", [0.5, np.array([0.5, -1.0, 1.5])], ids=["scalar", "array"])
def test_central_difference_error_quarters_when_eps_halves(x):
    # (f(x+h) - f(x-h))/(2h) = f' + h^2 f'''/6 + O(h^4): second order.
    steps = [1e-2, 5e-3, 2.5e-3]
    err = _errors(ad.central_difference, np.exp, np.exp, x, steps)
    ratios = err[:-1] / err[1:]
    assert np.all((ratios > 3.9) & (ratios < 4.1)), ratios
    np.testing.assert_allclose(err[0], 1e-4 * np.exp(x) / 6, rtol=0.02)


def test_complex_step_with_tiny_h_is_exact_where_central_differences_are_not():
    x = np.linspace(0.0, 1.0, 50)

    def f(x):
        return np.sin(1000 * x)

    exact = 1000 * np.cos(1000 * x)
    np.testing.assert_allclose(ad.complex_step(f, x, h=1e-20), exact, rtol=1e-14, atol=1e-11)
    central_error = np.max(np.abs(ad.central_difference(f, x) - exact))
    assert 1e-4 < central_error < 1.0  # ~ 1000^3 eps^2 / 6 with eps = 1e-5


def test_complex_step_of_the_cubic_is_exact_to_machine_precision():
    f = lambda x: x ** 3 + 4 * x ** 2 - 10  # noqa: E731
    for x in (-2.0, 0.3, 1.0, 7.5):
        np.testing.assert_allclose(ad.complex_step(f, x, h=1e-20), 3 * x ** 2 + 8 * x, rtol=1e-15)


# --- numerical Jacobian ----------------------------------------------------------

METHODS_AND_TOLERANCES = [("central", 1e-8), ("forward", 1e-5), ("complex", 1e-14)]


@pytest.mark.parametrize(("method", "atol"), METHODS_AND_TOLERANCES)
def test_numerical_jacobian_has_shape_out_plus_in_and_hand_derived_entries(method, atol):
    x = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])

    def f(x):  # (2, 3) -> (4,)
        return np.array([np.sum(x), np.sum(x ** 2), x[0, 0] * 3.0, x[1, 2]])

    expected = np.zeros((4, 2, 3))
    expected[0] = 1.0
    expected[1] = 2.0 * x
    expected[2, 0, 0] = 3.0
    expected[3, 1, 2] = 1.0
    J = ad.numerical_jacobian(f, x, method=method)
    assert J.shape == (4, 2, 3)
    np.testing.assert_allclose(J, expected, atol=atol)


@pytest.mark.parametrize(("method", "atol"), METHODS_AND_TOLERANCES)
def test_numerical_jacobian_shapes_with_scalars(method, atol):
    assert np.shape(ad.numerical_jacobian(np.sin, 0.3, method=method)) == ()
    np.testing.assert_allclose(ad.numerical_jacobian(np.sin, 0.3, method=method), np.cos(0.3), atol=atol)
    J = ad.numerical_jacobian(lambda t: t * np.array([1.0, 2.0, 3.0]), 0.3, method=method)
    assert np.shape(J) == (3,)
    np.testing.assert_allclose(J, [1.0, 2.0, 3.0], atol=atol)
    J = ad.numerical_jacobian(lambda x: np.sum(x * x), np.array([1.0, -2.0, 0.5]), method=method)
    assert np.shape(J) == (3,)
    np.testing.assert_allclose(J, [2.0, -4.0, 1.0], atol=atol)


@pytest.mark.parametrize(("method", "calls_for_n"), [
    ("central", lambda n: 2 * n),
    ("forward", lambda n: n + 1),
    ("complex", lambda n: n),
])
@pytest.mark.parametrize("x", [0.7, np.ones(5), np.ones((2, 3))], ids=["scalar", "5", "2x3"])
def test_numerical_jacobian_evaluation_count(method, calls_for_n, x):
    counted = ad.CallCounter(lambda x: np.sin(x) * 2.0)
    ad.numerical_jacobian(counted, x, method=method)
    assert counted.calls == calls_for_n(np.size(x))


def test_call_counter_passes_calls_through_and_counts_them():
    counted = ad.CallCounter(lambda x, y=1.0: x * y)
    assert counted.calls == 0
    assert counted(3.0) == 3.0
    assert counted(3.0, y=2.0) == 6.0
    assert counted.calls == 2


# --- check_grads --------------------------------------------------------------------


@pytest.mark.parametrize("order", [1, 2])
def test_check_grads_accepts_correct_derivatives(order):
    ad.check_grads(lambda x, y: np.sin(x) * y ** 2 + np.exp(x * y), 0.3, 1.7, order=order)
    ad.check_grads(lambda x: np.tanh(x) @ np.arange(3.0), np.array([0.1, -0.4, 0.9]), order=order)


def _sin_with_rules(jvp_rule, vjp_rule):
    """A sin primitive with hand-written (possibly wrong) derivative rules."""
    prim = ad.Primitive("my_sin", np.sin)
    prim.jvps[0] = jvp_rule
    prim.vjps[0] = vjp_rule
    return prim


def test_check_grads_reports_a_wrong_vjp_rule_and_only_in_reverse_mode():
    right = lambda t, ans, x: t * np.cos(x)  # noqa: E731
    wrong = lambda g, ans, x: g * np.sin(x)  # noqa: E731  (should be cos)
    my_sin = _sin_with_rules(right, wrong)

    ad.check_grads(my_sin, 0.7, modes=("fwd",))  # forward mode uses the right rule
    with pytest.raises(AssertionError) as failure:
        ad.check_grads(my_sin, 0.7)
    report = str(failure.value)
    assert "rev" in report
    assert "fwd" not in report  # it points at the culprit only
    assert len(report.splitlines()) >= 2


def test_check_grads_of_order_two_catches_a_wrong_rule_inside_a_rule():
    bad_cos = ad.Primitive("bad_cos", np.cos)
    bad_cos.jvps[0] = lambda t, ans, x: t * np.sin(x)  # wrong sign
    bad_cos.vjps[0] = lambda g, ans, x: g * np.sin(x)  # wrong sign
    my_sin = _sin_with_rules(lambda t, ans, x: t * bad_cos(x), lambda g, ans, x: g * bad_cos(x))

    ad.check_grads(my_sin, 0.7, order=1)  # first derivatives only read my_sin's rules: right
    with pytest.raises(AssertionError):
        ad.check_grads(my_sin, 0.7, order=2)
