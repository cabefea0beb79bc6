"""Forward mode: run the function once on dual numbers, get a JVP out.

A dual number carries a value (the *primal*) and a direction of change (the
*tangent*).  Each primitive computes its output as usual and, from the rule
table, the output's tangent.  When the function returns, the tangent of the
output is the Jacobian-vector product ``J @ v`` for the input tangent ``v``:
one pass per input direction, however many outputs there are.

>>> import numpy as np
>>> import autodiff_lessons as ad
>>> ad.jvp(np.sin, (0.0,), (1.0,))
(np.float64(0.0), np.float64(1.0))
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from . import counters
from .core import Primitive, check_real, close_level, new_level, only_compared_error
from .inputs import as_float, as_output, check_same_shape, escaped_error, zeros_for
from .operators import TracedArray
from .shapes import fit_tangent

# The levels of the jvp calls that are running; a Dual of any other level escaped.
_running: set[int] = set()


class Dual(TracedArray):
    """A value traced by forward mode: ``primal`` and its ``tangent``."""

    __slots__ = ("primal", "tangent", "level")

    def __init__(self, primal: Any, tangent: Any, level: int) -> None:
        self.primal = primal
        self.tangent = tangent
        self.level = level

    def is_live(self) -> bool:
        return self.level in _running

    def apply(self, prim: Primitive, args: tuple, kwargs: dict) -> Any:
        level = self.level
        if level not in _running:  # our jvp has returned: this value escaped
            raise escaped_error()
        # Unwrap our level's duals; keep their tangents by argument position.
        primals = []
        tangents = []
        for i, arg in enumerate(args):
            if type(arg) is Dual and arg.level == level:
                primals.append(arg.primal)
                tangents.append((i, arg.tangent))
            else:
                primals.append(arg)
        # Lower levels serve themselves when the primitive is called again.
        ans = prim(*primals, **kwargs)
        if type(ans) is not float:  # a Python float is real
            check_real(prim, ans)
        # The output's tangent: the sum of each traced argument's push forward.
        tangent_out = None
        for i, tangent in tangents:
            rule = prim.jvp_rule(i)
            if rule is None:  # this argument does not change the output
                continue
            contribution = rule(tangent, ans, *primals, **kwargs)
            if tangent_out is None:
                tangent_out = contribution
            else:
                tangent_out = tangent_out + contribution
        if tangent_out is None:  # no traced input can change the output
            return ans
        return Dual(ans, fit_tangent(prim, tangent_out, ans), level)

    def __repr__(self) -> str:
        return f"Dual(primal={self.primal!r}, tangent={self.tangent!r})"


def jvp(f: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any]) -> tuple[Any, Any]:
    """Evaluate ``f(*primals)`` and its Jacobian-vector product in one pass.

    Names and return values follow ``jax.jvp``: ``primals`` and ``tangents``
    are tuples with one entry per argument of ``f``; the result is
    ``(f(*primals), J @ tangents)``.

    >>> import autodiff_lessons as ad
    >>> ad.jvp(lambda x, y: x * y, (3.0, 4.0), (1.0, 0.0))   # d(xy)/dx = y
    (12.0, 4.0)
    """
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError(
            "jvp(f, primals, tangents) takes tuples, as jax.jvp does: "
            "write ad.jvp(f, (x,), (v,)) for a function of one argument."
        )
    if len(primals) != len(tangents):
        raise ValueError(f"jvp got {len(primals)} primals but {len(tangents)} tangents; give one tangent per primal.")
    primals = [as_float(p, "primal") for p in primals]
    tangents = [as_float(t, "tangent") for t in tangents]
    for i, (p, t) in enumerate(zip(primals, tangents)):
        check_same_shape(t, p, f"tangent for argument {i}", f"primal for argument {i}")
    counters.record("jvp")
    level = new_level()
    _running.add(level)
    try:
        out = as_output(f(*(Dual(p, t, level) for p, t in zip(primals, tangents))), "jvp")
    finally:
        _running.discard(level)
        compared = close_level(level)
    if type(out) is Dual and out.level == level:
        return out.primal, out.tangent
    if compared:
        raise only_compared_error("forward mode")
    # The output does not depend on the inputs: its tangent is zero.
    return out, zeros_for(out)
