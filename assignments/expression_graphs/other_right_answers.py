"""Correct answers written differently from the reference, one per question (or per marked region).

Each replaces the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` of
that question in the reference (``tools/classroom/fake_submissions.py``); the
grade must still be full marks (``make check-grading``). They are the ways a
right answer can differ from ours: another formula, a loop instead of an
array expression, another SymPy symbol.
"""

OTHER_RIGHT_ANSWERS = {
    "q1_predict_sizes": [
        "return 1 + 2 * k",
        # The tree doubles at each pass: a loop instead of the closed form.
        """
        size = 1
        for _ in range(k):
            size = 2 * size + 2
        return size
        """,
    ],
    "q2_count_ops": """
        from collections import Counter
        return dict(Counter(node.op for node in graph.nodes))
    """,
    "q3_share": """
        shared = np.exp(np.sin(x))
        return shared * (shared + 1)
    """,
}
