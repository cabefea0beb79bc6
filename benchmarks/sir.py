"""One gradient of the SIR agent-based model (1,000 agents, 50 steps), ours and PyTorch's.

The model is ``autodiff_lessons.agents.sir`` with relaxed events (temperature
0.1); the output is the sum over steps of the infected fraction, and the
gradient is taken with respect to the log infection and log recovery rates.
``sir_torch`` below is the same model written with torch operations, line for
line; tests/benchmarks/test_sir.py checks that they agree.  The chapter "A
differentiable agent-based model" defines its own copy in a cell, so that its
notebook runs on its own, outside this repository, and checks it there.

Each call runs the model forward with tracing and sweeps it back: about 50
steps of a dozen array operations on 1,000 agents, so a tape of several hundred
nodes, each an array operation. The reference is a central difference of the
same relaxed model with the same draws (the model is smooth, so it agrees to
about 1e-8).
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import numpy as np

from .harness import Report, Settings, compare, peer_table

STEPS = 50
TEMPERATURE = 0.1
TRUE_LOG_RATES = np.log([0.3, 0.1])  # infection rate beta, recovery rate gamma
TOLERANCE = (1e-6, 1e-9)
LABELS = {
    "ours": "autodiff_lessons `ad.grad` of `agents.sir`",
    "torch": "PyTorch `backward()` of `sir_torch`, float64, 1 thread",
}


def sizes() -> list[int]:
    return [1000]


def check_size(n: int) -> int:
    return n


def problem(n: int, steps: int = STEPS, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The draws of one run: infection and recovery noise (steps, n), and 1% of agents infected at the start."""
    from autodiff_lessons.agents import logistic_noise

    rng = np.random.default_rng(seed)
    infect, recover = logistic_noise(rng, (steps, n)), logistic_noise(rng, (steps, n))
    initially_infected = (np.arange(n) < max(1, n // 100)) * 1.0
    return infect, recover, initially_infected


def total_infected(log_rates: Any, infect: np.ndarray, recover: np.ndarray, initially_infected: np.ndarray) -> Any:
    """Sum over steps of the infected fraction: the output we differentiate (numpy or traced)."""
    from autodiff_lessons.agents import sir

    return np.sum(sir(log_rates[0], log_rates[1], infect, recover, initially_infected, temperature=TEMPERATURE))


def sir_torch(log_beta: Any, log_gamma: Any, infect_noise: Any, recover_noise: Any, initially_infected: Any,
              groups: Any = None, temperature: float = TEMPERATURE) -> Any:
    """``autodiff_lessons.agents.sir`` with relaxed events, in PyTorch: the same lines, torch's functions."""
    import torch

    def event_logit(rate: Any) -> Any:
        return torch.log(torch.expm1(torch.clamp(rate, min=1e-12)))

    def choice(logit: Any, noise: Any) -> Any:
        return 0.5 + 0.5 * torch.tanh((logit + noise) / (2.0 * temperature))

    beta = torch.exp(log_beta) if groups is None else torch.exp(log_beta)[groups]
    recover_logit = event_logit(torch.exp(log_gamma))
    s, i, r = 1.0 - initially_infected, initially_infected, 0.0 * initially_infected
    infected = []
    for infect_t, recover_t in zip(infect_noise, recover_noise):
        infect = choice(event_logit(beta * torch.mean(i)), infect_t)
        recover = choice(recover_logit, recover_t)
        new_infections, new_recoveries = s * infect, i * recover
        s, i, r = s - new_infections, i + new_infections - new_recoveries, r + new_recoveries
        infected.append(torch.mean(i))
    return torch.stack(infected)


def reference(n: int) -> np.ndarray:
    draws = problem(n)
    eps = 1e-6
    return np.array([(total_infected(TRUE_LOG_RATES + eps * e, *draws) - total_infected(TRUE_LOG_RATES - eps * e, *draws))
                     / (2 * eps) for e in np.eye(2)])


def _ours(n: int) -> Callable[[], Any]:
    import autodiff_lessons as ad

    draws = problem(n)
    g = ad.grad(lambda log_rates: total_infected(log_rates, *draws))
    return lambda: g(TRUE_LOG_RATES)


def _torch(n: int) -> Callable[[], Any]:
    import torch

    infect, recover, initially_infected = (torch.from_numpy(a) for a in problem(n))

    def gradient() -> np.ndarray:
        log_rates = torch.tensor(TRUE_LOG_RATES, requires_grad=True)
        torch.sum(sir_torch(log_rates[0], log_rates[1], infect, recover, initially_infected)).backward()
        return log_rates.grad.numpy()

    return gradient


RUNNERS = {"ours": _ours, "torch": _torch}


def run(rep: Report) -> dict[str, Any]:
    rep(f"## 7. SIR agent-based model: one gradient, {STEPS} steps")
    rep()
    times = {n: compare(sys.modules[__name__], n, repeats=3 if Settings.quick else 20,
                        budget=2.0 if Settings.quick else 20.0) for n in sizes()}
    header, rows = peer_table(times, LABELS)
    rep.table([h.replace("n = ", "agents = ") for h in header], rows)
    rep(f"The gradient of the summed infected fraction with respect to the log infection and recovery rates "
        f"(relaxed events, temperature {TEMPERATURE}), checked against a central difference of the same model with "
        "the same draws before timing. Both engines record about a dozen array operations per step; the model "
        "code is `autodiff_lessons/agents.py` and `sir_torch` in `benchmarks/sir.py`.")
    rep()
    return {"times": times}


def profile_jobs() -> list[tuple[str, Callable[[], Any]]]:
    return [("SIR gradient, 1,000 agents", _ours(1000))]
