"""Wrong but runnable answers to the expression-graphs assignment, one per question.

Each replaces the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` of
that question in the reference solution (tools/wrong_submission.py); question 1
has two marked regions, so it takes two answers. Each is a mistake students
make; the autograder must catch every one (``make check-assignments``).
"""

WRONG_ANSWERS = {
    # The DAG is right; the tree formula is the one for x = x * x from the chapter, not for x sin x.
    "q1_predict_sizes": [
        "return 2 * k + 1",
        "return 2 ** (k + 1) - 1",
    ],
    # Counts the operations only, forgetting the leaves (inputs and constants).
    "q2_count_ops": """
        counts = {}
        for node in graph.nodes:
            if node.op not in ("input", "const"):
                counts[node.op] = counts.get(node.op, 0) + 1
        return counts
    """,
    # Shares exp(sin(x)) once but still recomputes it for the last term: right values, 7 nodes.
    "q3_share": """
        e = np.exp(np.sin(x))
        return e * e + np.exp(np.sin(x))
    """,
}
