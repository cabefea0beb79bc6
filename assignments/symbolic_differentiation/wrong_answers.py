"""Wrong but runnable answers to the symbolic-differentiation assignment, one per question.

Each replaces the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` of
that question in the reference solution (tools/wrong_submission.py). Each is a
mistake students make; the autograder must catch every one
(``make check-assignments``).
"""

WRONG_ANSWERS = {
    # Differentiated by hand, forgetting the inner derivative 2x of log(1 + x**2).
    "q1_sympy_derivative": """
        dq_sym = sympy.cos(x) / (1 + x**2) - sympy.log(1 + x**2) * sympy.sin(x)
        dq = sympy.lambdify(x, dq_sym, "numpy")
    """,
    # Evaluates f' at the starting point every time instead of at the current value.
    "q2_chain_rule_loop": "return float((6 * x0 - 1) ** k)",
    # The condition turned around: each branch is used on the wrong side of 1.
    "q3_piecewise": """
        s_sym = sympy.Piecewise((x**2, x > 1), (2 * x - 1, True))
        ds_sym = sympy.diff(s_sym, x)
    """,
}
