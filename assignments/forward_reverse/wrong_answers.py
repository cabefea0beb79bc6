"""Wrong but runnable answers to the forward/reverse-mode assignment, one per question.

Each replaces the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` of
that question in the reference solution (tools/wrong_submission.py). Each is a
mistake students make; the autograder must catch every one
(``make check-assignments``).
"""

WRONG_ANSWERS = {
    # The rule of exp copied by mistake: t * ans is t * softplus(x), not t * sigmoid(x).
    "q1_softplus_rules": """
        softplus.jvps[0] = lambda t, ans, x: t * ans
        softplus.vjps[0] = lambda g, ans, x: g * ans
    """,
    # The modes swapped: the right Jacobian, but max(n_in, n_out) passes instead of min.
    "q2_pick_mode": """
        n_in, n_out = np.size(x), np.size(f(x))
        return ad.jacrev(f)(x) if n_in <= n_out else ad.jacfwd(f)(x)
    """,
    # One pass with a cotangent of ones: the sum of the rows, copied into every row.
    "q3_rows_by_vjp": """
        out, vjp_fn = ad.vjp(f, x)
        return np.stack([vjp_fn(np.ones(np.size(out)))[0]] * np.size(out))
    """,
}
