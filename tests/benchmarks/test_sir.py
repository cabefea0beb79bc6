"""The SIR benchmark (benchmarks/sir.py) on autodiff_lessons.agents: events, the SIR epidemic, its gradient and its PyTorch twin."""

from __future__ import annotations


import numpy as np
import pytest

import autodiff_lessons as ad
from autodiff_lessons import agents

from benchmarks.sir import problem, sir_torch, total_infected

pytestmark = [pytest.mark.random, pytest.mark.reverse]

LOG_RATES = np.log([0.3, 0.1])


@pytest.mark.parametrize("p", [0.05, 0.3, 0.8])
def test_a_hard_event_with_logistic_noise_happens_with_probability_p(p):
    noise = agents.logistic_noise(np.random.default_rng(0), 200_000)
    frequency = np.mean(agents.choice(np.log(p / (1 - p)), noise))
    assert abs(frequency - p) < 4 * np.sqrt(p * (1 - p) / noise.size)


def test_event_logit_is_the_log_odds_of_one_minus_exp_of_minus_the_rate():
    rate = np.array([0.01, 0.3, 2.0])
    p = 1 - np.exp(-rate)
    np.testing.assert_allclose(agents.event_logit(rate), np.log(p / (1 - p)), rtol=1e-12)


def test_relaxed_events_tend_to_hard_events_as_the_temperature_falls():
    noise = agents.logistic_noise(np.random.default_rng(1), 10_000)
    hard = agents.choice(0.4, noise)
    gaps = [np.mean(np.abs(agents.choice(0.4, noise, tau) - hard)) for tau in (1.0, 0.1, 0.01)]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 0.01


def test_the_hard_sir_counts_agents_and_cannot_be_differentiated():
    draws = problem(200, steps=30)
    curve = agents.sir(*LOG_RATES, *draws, temperature=None)
    np.testing.assert_allclose(curve * 200, np.round(curve * 200), atol=1e-9)  # whole agents
    with pytest.raises(ValueError, match="only through comparisons"):
        ad.grad(lambda lr: np.sum(agents.sir(lr[0], lr[1], *draws, temperature=None)))(LOG_RATES)


def test_the_relaxed_sir_gradient_matches_a_central_difference_with_the_same_draws():
    draws = problem(300, steps=40)
    ours = ad.grad(total_infected)(LOG_RATES, *draws)
    numerical = ad.numerical_jacobian(lambda lr: total_infected(lr, *draws), LOG_RATES)
    np.testing.assert_allclose(ours, numerical, rtol=1e-6)


def test_the_straight_through_sir_has_the_value_of_the_hard_sir_and_a_nonzero_gradient():
    draws = problem(300, steps=40)

    def st_total(lr):
        return np.sum(agents.sir(lr[0], lr[1], *draws, temperature=0.1, straight_through=True))

    value, gradient = ad.value_and_grad(st_total)(LOG_RATES)
    np.testing.assert_allclose(value, np.sum(agents.sir(*LOG_RATES, *draws, temperature=None)), atol=1e-9)
    assert np.all(gradient != 0.0)


def test_equal_group_rates_give_group_gradients_that_sum_to_the_single_rate_gradient():
    draws = problem(400, steps=30)
    groups = np.arange(400) % 8
    single = ad.grad(lambda lb: np.sum(agents.sir(lb, LOG_RATES[1], *draws)))(LOG_RATES[0])
    per_group = ad.grad(lambda lb: np.sum(agents.sir(lb, LOG_RATES[1], *draws, groups=groups)))(np.full(8, LOG_RATES[0]))
    np.testing.assert_allclose(np.sum(per_group), single, rtol=1e-10)


@pytest.mark.parametrize("groups", [None, 5], ids=["one rate", "five groups"])
def test_the_pytorch_twin_gives_the_same_curve_and_gradient(groups):
    torch = pytest.importorskip("torch")
    draws = problem(250, steps=35, seed=3)
    group_of = None if groups is None else np.arange(250) % groups
    log_beta = LOG_RATES[0] if groups is None else LOG_RATES[0] + 0.1 * np.arange(groups)

    def ours(lb):
        return np.sum(agents.sir(lb, LOG_RATES[1], *draws, groups=group_of) * np.arange(35))

    lb_t = torch.tensor(log_beta, requires_grad=True, dtype=torch.float64)
    curve_t = sir_torch(lb_t, torch.tensor(LOG_RATES[1]), *(torch.from_numpy(a) for a in draws),
                        groups=None if group_of is None else torch.from_numpy(group_of))
    torch.sum(curve_t * torch.arange(35)).backward()
    np.testing.assert_allclose(curve_t.detach().numpy(), agents.sir(log_beta, LOG_RATES[1], *draws, groups=group_of),
                               rtol=1e-12)
    np.testing.assert_allclose(lb_t.grad.numpy(), ad.grad(ours)(log_beta), rtol=1e-9)


def test_the_relaxed_random_walk_gradient_tends_to_the_exact_gradient_as_the_temperature_falls():
    n_walks, n_steps, p = 2000, 50, 0.7
    noise = agents.logistic_noise(np.random.default_rng(4), (n_walks, n_steps))
    theta = np.log(p / (1 - p))
    exact = 2 * n_steps * p * (1 - p)

    def mean_gradient(tau):
        grads = ad.grad(lambda th: np.sum(2.0 * agents.choice(th, noise, tau) - 1.0))(np.full((n_walks, 1), theta))
        return grads.mean(), grads.std() / np.sqrt(n_walks)

    (cold, cold_se), (warm, _) = mean_gradient(0.05), mean_gradient(1.0)
    assert abs(cold - exact) < 4 * cold_se
    assert exact - warm > 0.15 * exact  # a warm relaxation is biased low
