"""Correct answers written differently from the reference, one per question.

Each replaces the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` of
that question in the reference (``tools/classroom/fake_submissions.py``); the
grade must still be full marks (``make check-grading``).
"""

OTHER_RIGHT_ANSWERS = {
    # One gradient per draw, in a loop, instead of one gradient of the sum.
    "q1_pathwise_lognormal": """
        return np.array([ad.grad(lambda m: np.exp(m + sigma * zi))(float(mu)) for zi in np.ravel(z)]).reshape(np.shape(z))
    """,
    # The score k/lam - 1 written over a common denominator, with the counts made floats first.
    "q2_score_poisson": """
        k = np.asarray(k, dtype=float)
        return k**2 * (k - lam) / lam
    """,
    # The hard value's offset from p, with its derivative stopped, added to p.
    "q3_straight_through": "return p + ad.stop_gradient((u < p) - p)",
}
