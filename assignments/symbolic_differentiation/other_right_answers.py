"""Correct answers written differently from the reference, one per question (or per marked region).

Each replaces the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` of
that question in the reference (``tools/classroom/fake_submissions.py``); the
grade must still be full marks (``make check-grading``). They are the ways a
right answer can differ from ours: another formula, a loop instead of an
array expression, another SymPy symbol.
"""

OTHER_RIGHT_ANSWERS = {
    # Simplified, and lambdified with SymPy's default modules.
    "q1_sympy_derivative": """
        dq_sym = sympy.simplify(sympy.diff(sympy.log(1 + x**2) * sympy.cos(x), x))
        dq = sympy.lambdify(x, dq_sym)
    """,
    # Recursion instead of a loop.
    "q2_chain_rule_loop": """
        if k == 0:
            return 1.0
        return float((6 * f_composed(x0, k - 1) - 1) * f_composed_derivative(x0, k - 1))
    """,
    # A symbol declared real: another symbol than Symbol("x"), so a test substituting Symbol("x") would see nothing.
    "q3_piecewise": """
        t = sympy.Symbol("x", real=True)
        s_sym = sympy.Piecewise((t**2, t < 1), (2 * t - 1, True))
        ds_sym = sympy.diff(s_sym, t)
    """,
}
