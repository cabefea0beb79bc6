"""Wrong but runnable answers to the agent-based-model assignment, one per question.

Each replaces the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` of
that question in the reference solution (tools/wrong_submission.py). Each is a
mistake students make; the autograder must catch every one
(``make check-assignments``).
"""

WRONG_ANSWERS = {
    # The textbook formula: overflows (a warning) for large negative arguments over a small tau.
    "q1_soft_event": "return 1.0 / (1.0 + np.exp(-(logit + noise) / tau))",
    # Steps of +1 and -1, as in the chapter: two thirds of the gradient.
    "q2_walk_gradient": """
        def mean_end(t):
            steps = 2.0 * event(t, noise, tau) - 1.0
            return np.mean(np.sum(steps, axis=1))

        return ad.grad(mean_end)(theta)
    """,
    # Uses the rate itself as the log-odds of dying.
    "q3_dying_agents": """
        a = np.ones(noise.shape[1])
        fractions = []
        for noise_t in noise:
            a = a * (1.0 - event(np.exp(log_rate), noise_t, tau))
            fractions.append(np.mean(a))
        return np.stack(fractions)
    """,
}
