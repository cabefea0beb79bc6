"""Wrong but runnable answers to the finite-differences assignment, one per question.

Each replaces the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` of
that question in the reference solution (tools/wrong_submission.py). Each is a
mistake students make; the autograder must catch every one
(``make check-assignments``).
"""

WRONG_ANSWERS = {
    # The chapter's central difference: second order only.
    "q1_central_diff4": "return (f(x + eps) - f(x - eps)) / (2 * eps)",
    # The rule of thumb cbrt(u) instead of the measured minimum: close, but not one of the steps scanned.
    "q2_best_step": "best_eps = float(np.cbrt(np.finfo(float).eps))",
    # Divides by eps instead of 2 eps: every component twice too large.
    "q3_numerical_gradient": """
        x = np.asarray(x, dtype=float)
        gradient = np.zeros_like(x)
        for i in range(x.size):
            e_i = np.zeros_like(x)
            e_i.flat[i] = 1.0
            gradient.flat[i] = (f(x + eps * e_i) - f(x - eps * e_i)) / eps
        return gradient
    """,
}
