"""Gradient estimators of the chapter "Differentiating through randomness", on problems with known gradients.

x ~ N(mu, 1) with f(x) = x^2 (exact d/dmu E[f] = 2 mu), and a coin b ~ Bernoulli(p) with g(b) = (b - c)^2
(exact d/dp E[g] = 1 - 2c). Each estimator's mean is compared with the exact gradient within a few standard errors,
or shown biased by the amount theory predicts.
"""

from __future__ import annotations

import numpy as np
import pytest

import autodiff_lessons as ad

pytestmark = [pytest.mark.random, pytest.mark.reverse]

N = 40_000
MU, P, C = 1.5, 0.3, 0.2


def per_sample(run, theta, n=N):
    return ad.grad(lambda thetas: np.sum(run(thetas)))(np.full(n, theta))


def close(estimates, exact, sigmas=4.0):
    return abs(estimates.mean() - exact) < sigmas * estimates.std() / np.sqrt(estimates.size)


@pytest.fixture
def rng():
    return np.random.default_rng(12)


def test_the_pathwise_gradient_of_a_normal_sample_is_unbiased_with_variance_four(rng):
    z = rng.standard_normal(N)
    estimates = per_sample(lambda mus: (mus + z) ** 2, MU)
    assert close(estimates, 2 * MU)
    assert abs(estimates.var() - 4.0) < 0.1


def test_the_score_function_estimator_is_unbiased_and_a_baseline_lowers_its_variance(rng):
    x = MU + rng.standard_normal(N)
    score = per_sample(lambda mus: -0.5 * (x - mus) ** 2, MU)
    plain = x**2 * score
    baseline = np.mean((MU + rng.standard_normal(N)) ** 2)
    with_baseline = (x**2 - baseline) * score
    assert close(plain, 2 * MU) and close(with_baseline, 2 * MU)
    assert with_baseline.var() < 0.75 * plain.var()


def test_finite_differences_with_fresh_noise_have_variance_growing_like_one_over_step_squared(rng):
    def fresh(eps):
        return ((MU + eps + rng.standard_normal(N)) ** 2 - (MU + rng.standard_normal(N)) ** 2) / eps

    ratio = np.var(fresh(0.01)) / np.var(fresh(0.1))
    assert 80 < ratio < 120


def test_the_straight_through_coin_is_biased_by_two_p_minus_one(rng):
    u = rng.random(N)
    estimates = per_sample(lambda ps: ((u < ps) + (ps - ad.stop_gradient(ps)) - C) ** 2, P)
    assert close(estimates, (1 - 2 * C) + (2 * P - 1))
    assert not close(estimates, 1 - 2 * C)


def test_the_gumbel_softmax_coin_loses_bias_and_gains_variance_as_the_temperature_falls(rng):
    gumbel = -np.log(-np.log(rng.random((N, 2))))

    def estimates(tau):
        def run(ps):
            logits = np.stack([np.log(ps), np.log(1 - ps)], axis=-1)
            return (ad.softmax((logits + gumbel) / tau, axis=-1)[..., 0] - C) ** 2
        return per_sample(run, P)

    cold, warm = estimates(0.05), estimates(1.0)
    assert abs(cold.mean() - (1 - 2 * C)) < abs(warm.mean() - (1 - 2 * C))
    assert not close(warm, 1 - 2 * C)
    assert cold.var() > 10 * warm.var()


def test_the_pathwise_derivative_of_a_coin_is_refused_rather_than_zero(rng):
    u = rng.random(100)
    with pytest.raises(ValueError, match="only through comparisons"):
        ad.grad(lambda p: np.mean(((u < p) * 1.0 - C) ** 2))(P)
