"""Correct answers written differently from the reference, one per question.

Each replaces the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` of
that question in the reference (``tools/classroom/fake_submissions.py``); the
grade must still be full marks (``make check-grading``).
"""

OTHER_RIGHT_ANSWERS = {
    # sigmoid(z) = exp(-log(1 + exp(-z))), with log(1 + exp(-z)) as logaddexp(0, -z): no overflow either.
    "q1_soft_event": """
        z = (logit + noise) / tau
        return np.exp(-np.logaddexp(0.0, -z))
    """,
    # A loop over the steps instead of a sum over an axis.
    "q2_walk_gradient": """
        def mean_end(t):
            total = 0.0
            for k in range(noise.shape[1]):
                total = total + 3.0 * event(t, noise[:, k], tau) - 1.0
            return np.mean(total)

        return ad.grad(mean_end)(theta)
    """,
    # The log-odds written as log(e^r - 1), and the dead subtracted instead of the living scaled.
    "q3_dying_agents": """
        rate = np.exp(log_rate)
        log_odds = np.log(np.exp(rate) - 1.0)
        alive = np.ones(noise.shape[1])
        fractions = []
        for t in range(noise.shape[0]):
            alive = alive - alive * event(log_odds, noise[t], tau)
            fractions.append(np.mean(alive))
        return np.stack(fractions)
    """,
}
