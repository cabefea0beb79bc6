"""Random numbers in traced functions: the convention, and the two ways to break it that raise.

The convention (documented in ``autodiff_lessons/__init__.py`` and the chapter
"Differentiating through randomness"): the function takes a numpy
``Generator`` or its draws, the draws never depend on a traced value, and the
traced parameters enter through ordinary operations on those draws
(``mu + sigma * z``). Two ways of breaking it would lose the derivative:

* drawing with a traced parameter (``rng.normal(loc=x)``): numpy turns the
  parameter into a plain number, so this raises the TypeError every lossy
  conversion raises, which now names random draws and what to do;
* comparing a draw with a traced probability (``rng.random() < p``): the
  comparison acts on values, so the output would not depend on ``p`` and its
  derivative would be 0. When the output depends on the input through
  comparisons alone, both modes now raise instead.
"""

from __future__ import annotations

import numpy as np
import pytest

import autodiff_lessons as ad
from autodiff_lessons import core

pytestmark = [pytest.mark.random, pytest.mark.forward, pytest.mark.reverse]

DERIVATIVES = {"grad": ad.grad, "jacfwd": ad.jacfwd, "jacrev": ad.jacrev}

DRAWS_WITH_A_TRACED_PARAMETER = {
    "normal(loc=x)": lambda rng, x: rng.normal(loc=x),
    "normal(0, x, size)": lambda rng, x: np.sum(rng.normal(0.0, x, size=4)),
    "binomial(1, p)": lambda rng, x: rng.binomial(1, x) * 1.0,
    "exponential(scale=x)": lambda rng, x: rng.exponential(scale=x),
    "choice(p=...)": lambda rng, x: rng.choice(2, p=ad.stack([x, 1.0 - x])) * 1.0,
}


@pytest.mark.parametrize("derivative", DERIVATIVES.values(), ids=DERIVATIVES.keys())
@pytest.mark.parametrize("draw", DRAWS_WITH_A_TRACED_PARAMETER.values(), ids=DRAWS_WITH_A_TRACED_PARAMETER.keys())
def test_drawing_with_a_traced_parameter_raises_and_says_to_transform_fixed_noise(derivative, draw):
    rng = np.random.default_rng(0)
    with pytest.raises(TypeError, match=r"rng\.normal\(loc=x\).*x \+ rng\.normal\(\)"):
        derivative(lambda x: draw(rng, x))(0.5)


CHOICES_DECIDED_BY_A_TRACED_PROBABILITY = {
    "random() < p": lambda u, p: (u[0] < p) * 1.0,
    "p > random()": lambda u, p: (p > u[0]) * 1.0,
    "sum(random(n) < p)": lambda u, p: np.sum(u < p),
    "where(random(n) < p, 1, -1)": lambda u, p: np.sum(np.where(u < p, 1.0, -1.0)),
    "np.less(random(n), p)": lambda u, p: np.sum(np.less(u, p)) * 2.0,
    "a walk of +-1 steps": lambda u, p: np.sum(2.0 * (u < p) - 1.0),
}


@pytest.mark.parametrize("derivative", DERIVATIVES.values(), ids=DERIVATIVES.keys())
@pytest.mark.parametrize("choose", CHOICES_DECIDED_BY_A_TRACED_PROBABILITY.values(),
                         ids=CHOICES_DECIDED_BY_A_TRACED_PROBABILITY.keys())
def test_a_random_choice_compared_with_a_traced_probability_raises_instead_of_returning_zero(derivative, choose):
    u = np.random.default_rng(1).random(8)
    with pytest.raises(ValueError, match=r"only through comparisons.*straight-through.*stop_gradient"):
        derivative(lambda p: choose(u, p))(0.5)


def test_jvp_and_vjp_refuse_a_choice_decided_by_a_traced_probability_too():
    u = np.random.default_rng(2).random(8)
    with pytest.raises(ValueError, match="forward mode"):
        ad.jvp(lambda p: np.sum(u < p) * 1.0, (0.5,), (1.0,))
    with pytest.raises(ValueError, match="reverse mode"):
        ad.vjp(lambda p: np.sum(u < p) * 1.0, 0.5)


@pytest.mark.parametrize("derivative", DERIVATIVES.values(), ids=DERIVATIVES.keys())
def test_noise_drawn_outside_and_transformed_gives_the_pathwise_gradient(derivative):
    z = np.random.default_rng(3).standard_normal(1000)

    def mean_square(mu):  # x = mu + z, so d mean(x^2) / d mu = 2 mean(mu + z)
        return np.mean((mu + z) ** 2)

    np.testing.assert_allclose(derivative(mean_square)(0.7), 2.0 * np.mean(0.7 + z), rtol=1e-12)


@pytest.mark.parametrize("derivative", DERIVATIVES.values(), ids=DERIVATIVES.keys())
def test_the_straight_through_choice_has_derivative_one_in_its_probability(derivative):
    u = np.random.default_rng(4).random(10)

    def straight_through_count(p):  # forward: the hard count; backward: d p / d p per draw
        return np.sum((u < p) + (p - ad.stop_gradient(p)))

    value, slope = ad.value_and_grad(straight_through_count)(0.4), derivative(straight_through_count)(0.4)
    assert value[0] == np.sum(u < 0.4)
    np.testing.assert_allclose(slope, 10.0)


@pytest.mark.parametrize("derivative", DERIVATIVES.values(), ids=DERIVATIVES.keys())
def test_adding_zero_times_the_input_is_the_way_to_ask_for_the_zero_derivative_of_a_step(derivative):
    assert derivative(lambda x: (1.0 if x > 0 else 0.0) + 0.0 * x)(0.5) == 0.0


@pytest.mark.parametrize("derivative", DERIVATIVES.values(), ids=DERIVATIVES.keys())
def test_control_flow_that_keeps_a_traced_output_is_not_refused(derivative):
    assert derivative(lambda x: x ** 2 if x > 0 else -x)(3.0) == 6.0
    assert derivative(lambda x: np.sum(np.where(x > 0, x, 0.0)))(np.array([-1.0, 2.0])).tolist() == [0.0, 1.0]


def test_a_comparison_of_an_outer_value_inside_an_inner_derivative_is_a_kink_not_a_refusal():
    # d/dy of where(x > 0, x, y) is 1 or 0, a step in x; its derivative in x is 0 on each side.
    f = lambda x, y: np.where(x > 0, x, y)  # noqa: E731
    assert ad.jacfwd(ad.grad(f, argnums=1), argnums=0)(-1.0, 0.0) == 0.0
    assert ad.hessian(lambda x: np.where(x > 0, x, 0.0))(2.0) == 0.0


def test_a_refused_function_leaves_no_transformation_open():
    u = np.random.default_rng(5).random(4)
    for derivative in DERIVATIVES.values():
        with pytest.raises(ValueError):
            derivative(lambda p: np.sum(u < p) * 1.0)(0.5)
    assert core._open == {}


def test_the_package_docstring_states_the_convention():
    doc = " ".join(ad.__doc__.split())
    assert "Generator" in doc and "never depend on a traced value" in doc
