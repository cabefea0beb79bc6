"""Agent-based models that autodiff_lessons can differentiate: the book's SIR epidemic.

The chapter "A differentiable agent-based model", its tests and the SIR
benchmark all run this one copy of the model.  It follows the package's
convention for random numbers: every draw is made before the model runs
(:func:`logistic_noise`) and passed in, so the same draws can be reused for
every parameter value (common random numbers), and no draw depends on a
traced value.

Each agent's yes/no event (is it infected this step? does it recover?) is
:func:`choice`: hard as in the real simulation, or relaxed into a number
between 0 and 1 whose derivative is not zero.  Written in numpy only, so it
runs on plain arrays and on traced values alike.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .defining_rules import stop_gradient


def logistic_noise(rng: np.random.Generator, shape: Any) -> np.ndarray:
    """Draws of the logistic distribution, ``log(1 - u) - log(u)`` for uniform ``u``.

    An event of probability ``p`` happens when ``logit(p) + noise > 0``, that
    is when ``u < p``: the noise is the randomness of the event, drawn once.
    """
    u = rng.random(shape)
    return np.log1p(-u) - np.log(u)


def choice(logit: Any, noise: Any, temperature: float | None = None, straight_through: bool = False) -> Any:
    """A yes/no event with log-odds ``logit``: 1.0 if it happens, else 0.0, for each agent.

    ``temperature=None`` gives the hard event, whose derivative is zero almost
    everywhere.  With a temperature the event is relaxed into
    ``sigmoid((logit + noise) / temperature)`` (Gumbel-softmax for two
    outcomes), which tends to the hard event as the temperature goes to 0.
    ``straight_through=True`` keeps the hard event's value and the relaxed
    event's derivative.
    """
    if temperature is None:
        return (logit + noise > 0) * 1.0
    # sigmoid(a) = (1 + tanh(a / 2)) / 2, which never overflows.
    soft = 0.5 + 0.5 * np.tanh((logit + noise) / (2.0 * temperature))
    if not straight_through:
        return soft
    return (logit + noise > 0) + (soft - stop_gradient(soft))


def event_logit(rate: Any) -> Any:
    """Log-odds of an event of constant ``rate`` happening within one time step: ``logit(1 - exp(-rate))``."""
    return np.log(np.expm1(np.maximum(rate, 1e-12)))  # log((1 - e^-r) / e^-r); the floor keeps log finite


def sir(log_beta: Any, log_gamma: Any, infect_noise: np.ndarray, recover_noise: np.ndarray,
        initially_infected: np.ndarray, groups: np.ndarray | None = None,
        temperature: float | None = 0.1, straight_through: bool = False) -> Any:
    """An SIR epidemic of individual agents; returns the infected fraction after each step.

    Agent ``a`` is susceptible, infected or recovered; with a temperature, its
    state is a mix of the three (``s + i + r = 1``).  At each step a
    susceptible agent is infected with probability ``1 - exp(-beta * I)``,
    ``I`` the infected fraction of the population (everyone meets everyone),
    and an infected agent recovers with probability ``1 - exp(-gamma)``.

    ``log_beta`` is one infection rate, or one per group when ``groups`` (an
    int per agent) says which entry applies to whom; ``log_gamma`` is the
    recovery rate.  The noise arrays have shape ``(steps, agents)``
    (:func:`logistic_noise`), ``initially_infected`` holds 1.0 for the agents
    infected at the start.
    """
    beta = np.exp(log_beta) if groups is None else np.exp(log_beta)[groups]
    recover_logit = event_logit(np.exp(log_gamma))
    s, i, r = 1.0 - initially_infected, initially_infected, 0.0 * initially_infected
    infected = []
    for infect_t, recover_t in zip(infect_noise, recover_noise):
        infect = choice(event_logit(beta * np.mean(i)), infect_t, temperature, straight_through)
        recover = choice(recover_logit, recover_t, temperature, straight_through)
        new_infections, new_recoveries = s * infect, i * recover
        s, i, r = s - new_infections, i + new_infections - new_recoveries, r + new_recoveries
        infected.append(np.mean(i))
    return np.stack(infected)
