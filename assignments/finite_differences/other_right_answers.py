"""Correct answers written differently from the reference, one per question (or per marked region).

Each replaces the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` of
that question in the reference (``tools/classroom/fake_submissions.py``); the
grade must still be full marks (``make check-grading``). They are the ways a
right answer can differ from ours: another formula, a loop instead of an
array expression, another SymPy symbol.
"""

OTHER_RIGHT_ANSWERS = {
    # Richardson extrapolation of two central differences: the same formula, regrouped.
    "q1_central_diff4": """
        def central(h):
            return (f(x + h) - f(x - h)) / (2 * h)

        return (4 * central(eps) - central(2 * eps)) / 3
    """,
    # min() over the steps instead of argmin over an array of errors.
    "q2_best_step": "best_eps = float(min(steps, key=lambda eps: abs(ad.central_difference(f, 1.5, eps=eps) - f_prime(1.5))))",
    # One unit vector per row of the identity, as a list comprehension.
    "q3_numerical_gradient": """
        x = np.asarray(x, dtype=float)
        basis = np.eye(x.size).reshape((x.size,) + x.shape)
        return np.array([(f(x + eps * e) - f(x - eps * e)) / (2 * eps) for e in basis]).reshape(x.shape)
    """,
}
