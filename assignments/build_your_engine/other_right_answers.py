"""Correct answers written differently from the reference, one per marked region.

Each replaces the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION`` of
that question in the reference (``tools/classroom/fake_submissions.py``); the
grade must still be full marks (``make check-grading``).
"""

OTHER_RIGHT_ANSWERS = {
    "q1_forward_rules": [
        "return Dual(x.primal * y.primal, y.primal * x.tangent + y.tangent * x.primal)",
        "return Dual(float(np.cos(x.primal)), -float(np.sin(x.primal)) * x.tangent)",
        "return Dual(x.primal ** 0.5, 0.5 * x.primal ** -0.5 * x.tangent)",
    ],
    # Adjoints kept by position on the tape, in a list, instead of a dictionary.
    "q2_backward": """
        position = {id(node): i for i, node in enumerate(tape)}
        adjoint = [0.0] * len(tape)
        adjoint[position[id(out)]] = 1.0
        for i in range(len(tape) - 1, -1, -1):
            if tape[i].parents:
                for parent, share in zip(tape[i].parents, tape[i].vjp(adjoint[i])):
                    adjoint[position[id(parent)]] += share
        return {node: adjoint[i] for i, node in enumerate(tape)}
    """,
}
