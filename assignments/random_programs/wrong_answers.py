"""Wrong but runnable answers to the randomness assignment, one per question.

Each replaces the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` of
that question in the reference solution (tools/wrong_submission.py). Each is a
mistake students make; the autograder must catch every one
(``make check-assignments``).
"""

WRONG_ANSWERS = {
    # The derivative with respect to sigma, not mu: x * z.
    "q1_pathwise_lognormal": "return np.exp(mu + sigma * z) * z",
    # Forgets the -1 of the score (the derivative of -lambda): biased by E[k^2].
    "q2_score_poisson": "return k**2 * k / lam",
    # Adds p instead of p minus its stopped copy: the value is off by p.
    "q3_straight_through": "return (u < p) + p",
}
