"""Wrong but runnable answers to the build-your-engine assignment, one per marked region.

Each replaces the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` in
the reference solution (tools/classroom/wrong_submission.py). Each is a
mistake students make; the grader must catch every one (``make check-grading``).
"""

WRONG_ANSWERS = {
    "q1_forward_rules": [
        # Half of the product rule.
        "return Dual(x.primal * y.primal, x.tangent * y.primal)",
        # The sign of the derivative of cos forgotten.
        "return Dual(math.cos(x.primal), math.sin(x.primal) * x.tangent)",
        """
        root = math.sqrt(x.primal)
        return Dual(root, x.tangent / (2 * root))
        """,
    ],
    # Overwrites instead of adding up: a value used twice keeps only its last contribution.
    "q2_backward": """
        adjoints = {out: 1.0}
        for node in tape[::-1]:
            if node in adjoints and node.parents:
                for parent, contribution in zip(node.parents, node.vjp(adjoints[node])):
                    adjoints[parent] = contribution
        return adjoints
    """,
}
