"""Correct answers written differently from the reference, one per question (or per marked region).

Each replaces the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` of
that question in the reference (``tools/classroom/fake_submissions.py``); the
grade must still be full marks (``make check-grading``). They are the ways a
right answer can differ from ours: another formula, a loop instead of an
array expression, another SymPy symbol.
"""

OTHER_RIGHT_ANSWERS = {
    # The logistic function written with exp(x), not exp(-x).
    "q1_softplus_rules": """
        softplus.jvps[0] = lambda t, ans, x: t * np.exp(x) / (1.0 + np.exp(x))
        softplus.vjps[0] = lambda g, ans, x: g * np.exp(x) / (1.0 + np.exp(x))
    """,
    "q2_pick_mode": """
        if np.size(f(x)) < np.size(x):
            return ad.jacrev(f)(x)
        return ad.jacfwd(f)(x)
    """,
    "q3_rows_by_vjp": """
        out, vjp_fn = ad.vjp(f, x)
        rows = []
        for i in range(np.size(out)):
            e_i = np.zeros(np.size(out))
            e_i[i] = 1.0
            rows.append(vjp_fn(e_i)[0])
        return np.array(rows)
    """,
}
