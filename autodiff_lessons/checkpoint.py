"""Checkpointing: reverse mode that stores less and computes more.

A reverse pass needs the values of the forward pass, so the tape of a long
computation keeps every intermediate value until the backward pass is over:
memory grows with the number of operations.  ``checkpoint(f)`` makes ``f`` a
single primitive.  On the tape it is one node, which keeps only ``f``'s
inputs and output; the values inside ``f`` are computed and dropped at once.
When the backward pass reaches that node, its VJP rule runs ``f`` again under
``vjp``, which records the tape of this one segment, pulls the cotangent
through it and lets it go.

Split a chain of N steps into segments of about sqrt(N) steps, checkpoint
each, and the tape holds sqrt(N) segment boundaries plus one segment's
values: memory of order sqrt(N) instead of N, for the price of running the
forward pass twice.

Because it is a primitive with a JVP and a VJP rule, a checkpointed function
works in both modes and under nesting (``grad(grad(...))``, ``jvp`` of
``grad``) like any other row of the rule table: the backward pass has no
special case for it.

>>> import numpy as np
>>> import autodiff_lessons as ad
>>> def segment(x):
...     for _ in range(10):
...         x = np.sin(x) * 1.1
...     return x
>>> def chain(x, segment):
...     for _ in range(10):  # 100 steps; the tape holds 10 checkpoints
...         x = segment(x)
...     return x
>>> bool(np.isclose(ad.grad(chain)(0.5, ad.checkpoint(segment)), ad.grad(chain)(0.5, segment)))
True
"""

from __future__ import annotations

from typing import Any, Callable

from .core import Primitive
from .forward import jvp
from .inputs import as_output
from .reverse import vjp
from .defining_rules import custom_vjp


def checkpoint(f: Callable[..., Any], name: str | None = None) -> Primitive:
    """``f`` as one primitive that is re-run, not stored, for the backward pass.

    ``f`` takes arrays or numbers as positional arguments (keyword arguments
    are passed through and not differentiated) and returns one array or
    number, or a list of equal-shaped ones (stacked, as ``vjp`` does).  The
    result computes the same values and the same derivatives as ``f``.

    Costs: reverse mode runs ``f`` once without a tape and once more, with
    a tape, for every traced argument when the backward pass reaches it
    (pack the state of a segment into one array to re-run it once); forward
    mode runs ``f`` once plainly and once more with tangents.

    >>> import numpy as np
    >>> import autodiff_lessons as ad
    >>> f = ad.checkpoint(np.tanh)
    >>> ad.grad(lambda x: f(f(x)))(0.5) == ad.grad(lambda x: np.tanh(np.tanh(x)))(0.5)
    np.True_
    """

    def run(*args, **kwargs):
        return as_output(f(*args, **kwargs), "checkpoint")

    def vjp_rule(i, g, ans, *args, **kwargs):
        # The tape kept only the inputs: run f again, recording the tape
        # of this segment alone, and pull the cotangent through it.
        _, vjp_fn = vjp(_of_argument(run, i, args, kwargs), args[i])
        return vjp_fn(g)[0]  # the segment's tape is freed here

    def jvp_rule(i, t, ans, *args, **kwargs):
        # Forward mode keeps nothing, so there is nothing to save:
        # push the tangent through f.
        return jvp(_of_argument(run, i, args, kwargs), (args[i],), (t,))[1]

    return custom_vjp(run, vjp_rule, jvp_rule, name=name or f"checkpoint({getattr(f, '__name__', 'f')})")


def _of_argument(f: Callable[..., Any], i: int, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Callable[[Any], Any]:
    """``f`` as a function of its argument ``i``, the others held fixed."""

    def f_of_argument_i(x: Any) -> Any:
        return f(*args[:i], x, *args[i + 1:], **kwargs)

    return f_of_argument_i
