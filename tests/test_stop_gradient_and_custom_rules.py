"""Choosing derivatives by hand: ``stop_gradient``, ``custom_jvp`` and ``custom_vjp``.

``stop_gradient(x)`` keeps the value of ``x`` and drops its derivative, at every
level of nesting; with it, the straight-through estimator
``x + stop_gradient(hard(x) - x)`` has the value of ``hard(x)`` and the
derivative of ``x``.  ``custom_vjp`` and ``custom_jvp`` attach a user's own rules
to a Python function: here a softplus whose rule stays finite where the
derivative of its formula overflows.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autodiff_lessons as ad
from functions import REAL, argument

pytestmark = [pytest.mark.forward, pytest.mark.reverse, pytest.mark.jacobians]

DERIVATIVES = {"grad": ad.grad, "jacfwd": ad.jacfwd, "jacrev": ad.jacrev}
NESTINGS = {f"{outer}({inner})": (o, i) for outer, o in DERIVATIVES.items() for inner, i in DERIVATIVES.items()}


# ---------------------------------------------------------------------------
# stop_gradient
# ---------------------------------------------------------------------------


def test_stop_gradient_of_a_plain_value_is_that_value():
    assert ad.stop_gradient(2.5) == 2.5
    x = np.array([1.0, -2.0])
    assert ad.stop_gradient(x) is x


@pytest.mark.parametrize("derivative", DERIVATIVES.values(), ids=DERIVATIVES.keys())
@given(x=st.floats(-3.0, 3.0))
def test_stop_gradient_keeps_the_value_and_has_derivative_zero(derivative, x):
    seen = []

    def f(x):
        constant = ad.stop_gradient(x ** 2)
        seen.append(constant)
        return x * constant  # d/dx = x**2 (the constant), not 3 x**2

    np.testing.assert_allclose(derivative(f)(x), x ** 2, rtol=1e-15)
    assert all(ad.primal(c) == x ** 2 for c in seen)
    assert all(not isinstance(c, ad.Tracer) for c in seen)
    assert derivative(lambda x: ad.stop_gradient(x) + 0.0 * x)(x) == 0.0


@pytest.mark.parametrize(("outer", "inner"), NESTINGS.values(), ids=NESTINGS.keys())
def test_stop_gradient_stops_the_derivative_at_every_level_of_nesting(outer, inner):
    x = 1.5
    # f = x**2 * c with c = stop_gradient(x): f' = 2 x c, f'' = 2 c (c stays a constant).
    f = lambda x: x ** 2 * ad.stop_gradient(x)  # noqa: E731
    assert outer(inner(f))(x) == 2.0 * x
    # An inner derivative that stops an outer variable: g(x) = d/dy [y * c(x y)] at y = 1 = c(x),
    # a constant as far as the outer derivative is concerned.
    g = lambda x: inner(lambda y: y * ad.stop_gradient(x * y))(1.0)  # noqa: E731
    assert g(x) == x
    assert outer(g)(x) == 0.0


@pytest.mark.parametrize("hard", [np.round, np.sign, lambda x: (x > 0.0).astype(float)],
                         ids=["round", "sign", "step"])
@given(x=argument((4,), REAL))
def test_the_straight_through_estimator_has_the_value_of_hard_and_the_derivative_of_x(hard, x):
    def straight_through(x):
        return x + ad.stop_gradient(hard(x) - x)

    np.testing.assert_allclose(straight_through(x), hard(x), atol=1e-15)
    for jac in (ad.jacfwd, ad.jacrev):
        np.testing.assert_array_equal(jac(straight_through)(x), np.eye(4))
    value, g = ad.value_and_grad(lambda x: np.sum(straight_through(x) ** 2))(x)
    np.testing.assert_allclose(value, np.sum(hard(x) ** 2), atol=1e-15)
    np.testing.assert_allclose(g, 2.0 * hard(x), atol=1e-15)  # the chain rule goes through hard(x) = value


# ---------------------------------------------------------------------------
# custom_vjp and custom_jvp: a softplus with a stable rule
# ---------------------------------------------------------------------------


def stable_softplus(x):
    """log(1 + e^x), written so that it never overflows."""
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def softplus_slope(x, ans):
    """The sigmoid e^x / (1 + e^x), written as e^(x - softplus(x)): never overflows either."""
    return np.exp(x - ans)


softplus = ad.custom_vjp(stable_softplus,
                         lambda i, g, ans, x: g * softplus_slope(x, ans),
                         jvp_rule=lambda i, t, ans, x: t * softplus_slope(x, ans), name="softplus")
softplus_reverse_only = ad.custom_vjp(stable_softplus, lambda i, g, ans, x: g * softplus_slope(x, ans),
                                      name="softplus")
softplus_forward_only = ad.custom_jvp(stable_softplus, lambda i, t, ans, x: t * softplus_slope(x, ans),
                                      name="softplus")

REVERSE = {"grad": ad.grad, "jacrev": ad.jacrev, "vjp": lambda f: lambda x: ad.vjp(f, x)[1](1.0)[0]}
FORWARD = {"jacfwd": ad.jacfwd, "jvp": lambda f: lambda x: ad.jvp(f, (x,), (1.0,))[1]}


def sigmoid(x):
    with np.errstate(over="ignore"):  # 1 / (1 + inf) = 0 is right here
        return 1.0 / (1.0 + np.exp(-x))


@pytest.mark.parametrize("derivative", [*REVERSE.values(), *FORWARD.values()], ids=[*REVERSE, *FORWARD])
@pytest.mark.parametrize("x", [-1000.0, -30.0, -1.0, 0.0, 0.5, 30.0, 1000.0])
def test_a_custom_softplus_is_differentiated_by_its_own_rule_in_both_modes(derivative, x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the stable rule overflows nowhere
        slope, value = derivative(softplus)(x), softplus(x)
    np.testing.assert_allclose(slope, sigmoid(x), rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(value, np.logaddexp(0.0, x), rtol=1e-15)


def test_the_formula_of_softplus_differentiated_overflows_where_the_custom_rule_does_not():
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.isnan(ad.grad(lambda x: np.log1p(np.exp(x)))(1000.0))
    assert ad.grad(softplus)(1000.0) == 1.0


@given(x=argument((3,), REAL))
def test_a_custom_softplus_works_on_arrays_and_inside_other_functions(x):
    def loss(x):
        return np.sum(softplus(2.0 * x) * x)

    # d/dx_i [softplus(2 x_i) x_i] = 2 sigmoid(2 x_i) x_i + softplus(2 x_i)
    expected = 2.0 * sigmoid(2.0 * x) * x + np.logaddexp(0.0, 2.0 * x)
    for derivative in (ad.grad, ad.jacfwd, ad.jacrev):
        np.testing.assert_allclose(derivative(loss)(x), expected, rtol=1e-13, atol=1e-13)
    ad.check_grads(loss, x, order=2)


@pytest.mark.parametrize(("outer", "inner"), NESTINGS.values(), ids=NESTINGS.keys())
def test_the_custom_rules_are_differentiated_again_for_second_derivatives(outer, inner):
    # softplus'' = sigmoid (1 - sigmoid): the rule itself is made of primitives.
    for x in (-2.0, 0.0, 0.7):
        np.testing.assert_allclose(outer(inner(softplus))(x), sigmoid(x) * (1.0 - sigmoid(x)), rtol=1e-14)


@pytest.mark.parametrize("derivative", FORWARD.values(), ids=FORWARD.keys())
def test_a_custom_vjp_without_a_jvp_rule_raises_in_forward_mode_saying_what_to_add(derivative):
    assert ad.grad(softplus_reverse_only)(0.0) == 0.5
    with pytest.raises(TypeError, match=r"softplus has a custom VJP but no JVP.*jvp_rule="):
        derivative(softplus_reverse_only)(0.0)


@pytest.mark.parametrize("derivative", REVERSE.values(), ids=REVERSE.keys())
def test_a_custom_jvp_raises_in_reverse_mode_saying_what_to_use(derivative):
    # Once grad of a custom_jvp function was silently 0.0: reverse mode found no rule.
    assert ad.jacfwd(softplus_forward_only)(0.0) == 0.5
    with pytest.raises(TypeError, match=r"softplus has a custom JVP but no VJP.*ad\.custom_vjp"):
        derivative(softplus_forward_only)(0.0)


def test_a_custom_rule_for_a_function_of_two_arguments_gets_the_argument_number():
    # hypot(x, y) = sqrt(x^2 + y^2), with d/dx = x / r and d/dy = y / r.
    hypot = ad.custom_vjp(np.hypot, lambda i, g, ans, x, y: g * (x, y)[i] / ans,
                          jvp_rule=lambda i, t, ans, x, y: t * (x, y)[i] / ans)
    assert ad.grad(hypot, argnums=(0, 1))(3.0, 4.0) == (0.6, 0.8)
    assert ad.jvp(hypot, (3.0, 4.0), (1.0, 1.0)) == (5.0, 1.4)
    assert ad.jacfwd(hypot, argnums=1)(3.0, 4.0) == 0.8
