"""Reverse mode: record the function on a tape, then sweep it backwards.

While the function runs, every primitive applied to a :class:`Var` appends a
new ``Var`` to the tape, remembering its primitive, its arguments and which of
them were traced (its ``parents``).  The tape is in creation order, which is a
topological order: every value is recorded after the values it was computed
from.  The backward pass walks the tape from the end, so it is a plain loop
(no recursion, any depth), and each step pulls the node's adjoint back to its
parents with the VJP rules of the rule table.

One backward pass gives the gradient with respect to *every* input at once:
that is why reverse mode wins for functions with many inputs and one output.

>>> import autodiff_lessons as ad
>>> out, vjp_fn = ad.vjp(lambda x, y: x * y, 3.0, 4.0)
>>> vjp_fn(1.0)
(4.0, 3.0)
"""

from __future__ import annotations

import contextlib
import gc
from typing import Any, Callable, Iterator

from . import counters
from .core import Primitive, check_real, close_level, new_level, only_compared_error, outer_running
from .inputs import as_float, as_output, check_same_shape, escaped_error, zeros_for
from .operators import TracedArray
from .shapes import fit_cotangent

# The tape of each reverse-mode trace that is running, by level, and the
# levels that run inside another transformation (grad of grad, jacfwd of grad).
_tapes: dict[int, list["Var"]] = {}
_nested: set[int] = set()


class Var(TracedArray):
    """A value traced by reverse mode: one node of the tape.

    ``primal`` is the plain result; the rest says how it was computed:
    ``primitive`` applied to ``args`` (plain values) and ``kwargs``, where the
    arguments at positions ``argnums`` were the traced ``parents``.  Parents
    are a tuple, not a set, so ``x * x`` keeps both edges.  An input of the
    function is a node with no primitive.
    """

    __slots__ = ("primal", "level", "primitive", "args", "kwargs", "argnums", "parents")

    def __init__(self, primal, level, primitive=None, args=(), kwargs=None, argnums=(), parents=()):
        self.primal = primal
        self.level = level
        self.primitive = primitive
        self.args = args
        self.kwargs = kwargs
        self.argnums = argnums
        self.parents = parents

    def is_live(self) -> bool:
        return self.level in _tapes

    def apply(self, prim: Primitive, args: tuple, kwargs: dict) -> Any:
        level = self.level
        tape = _tapes.get(level)
        if tape is None:
            raise escaped_error()
        # Unwrap our level's Vars; remember those that can change the output.
        values = []
        argnums = []
        parents = []
        for i, arg in enumerate(args):
            if type(arg) is Var and arg.level == level:
                if i in prim.vjps or prim.vjp_rule(i):  # an index has no rule
                    argnums.append(i)
                    parents.append(arg)
                arg = arg.primal
            values.append(arg)
        # Values of an outer transformation serve themselves when the primitive
        # is called again; with none running, compute the plain result.
        ans = (prim.bind if level in _nested else prim.impl)(*values, **kwargs)
        if type(ans) is not float:  # a Python float is real
            check_real(prim, ans)
        if not parents:  # no traced input can change the output: a constant
            return ans
        node = Var(ans, level, prim, tuple(values), kwargs or None,
                   tuple(argnums), tuple(parents))
        tape.append(node)
        return node

    def __repr__(self) -> str:
        return f"Var(primal={self.primal!r})"


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Switch Python's cycle collector off for the block (nested blocks are fine).

    A tape holds no reference cycles, so reference counting alone frees it;
    left on, the collector would rescan the whole growing tape again and
    again (the chain benchmark runs about 3x faster at a million nodes).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def trace_reverse(f: Callable[..., Any], primals: tuple[Any, ...]) -> tuple[Any, list[Var], list[Var], int]:
    """Run ``f`` on fresh input nodes; return (output, input nodes, tape, level)."""
    level = new_level()
    inputs = [Var(p, level) for p in primals]
    tape = list(inputs)
    _tapes[level] = tape
    if outer_running(level):
        _nested.add(level)
    try:
        with gc_paused():
            out = f(*inputs)
    finally:
        del _tapes[level]
        _nested.discard(level)
        compared = close_level(level)
    if compared and not (type(out) is Var and out.level == level):
        raise only_compared_error("reverse mode")
    return out, inputs, tape, level


def backward(tape: list[Var], out: Var,
             cotangent: Any) -> Iterator[tuple[Var, Any]]:
    """Pull ``cotangent`` from ``out`` back over the tape; yield each node with its adjoint.

    Nodes come out last to first, and only those the output depends on.
    """
    # Var hashes by identity and a dict compares hashes before values, so
    # nodes key the dict even though traced values compare by value.
    adjoints = {out: cotangent}
    with gc_paused():
        for node in reversed(tape):
            g = adjoints.pop(node, None)
            if g is None:
                continue  # the output does not depend on this node
            # Every use of the node came later on the tape: g is complete.
            yield node, g
            prim, args = node.primitive, node.args
            kwargs = node.kwargs or {}
            for argnum, parent in zip(node.argnums, node.parents):
                # Chain rule: the parent's share of g, by the table's rule
                # (apply made the parent an edge only if it has a rule).
                rule = prim.vjps[argnum]
                share = rule(g, node.primal, *args, **kwargs)
                if (type(share) is not float
                        or type(parent.primal) is not float):
                    # Arrays: fit the share to the parent, or name the rule.
                    share = fit_cotangent(prim, argnum, share,
                                          parent.primal)
                # A parent used twice sums the shares of both uses.
                if parent in adjoints:
                    adjoints[parent] = adjoints[parent] + share
                else:
                    adjoints[parent] = share


def vjp(f: Callable[..., Any], *primals: Any) -> tuple[Any, Callable[[Any], tuple[Any, ...]]]:
    """Evaluate ``f(*primals)`` and return it with a function that pulls cotangents back.

    As in ``jax.vjp``: ``out, vjp_fn = vjp(f, *primals)``; ``vjp_fn(ct)``
    returns a tuple with one cotangent per primal, ``ct @ J``.  The tape is
    recorded once and ``vjp_fn`` can be called any number of times (that is
    how :func:`jacrev` gets one row of the Jacobian per call).

    >>> import autodiff_lessons as ad
    >>> out, vjp_fn = ad.vjp(lambda x: x ** 2, 3.0)
    >>> out, vjp_fn(1.0)
    (9.0, (np.float64(6.0),))
    """
    primals = tuple(as_float(p, "primal") for p in primals)
    out, inputs, tape, level = trace_reverse(lambda *xs: as_output(f(*xs), "vjp"), primals)
    traced = type(out) is Var and out.level == level
    out_primal = out.primal if traced else out

    def vjp_fn(cotangent: Any) -> tuple[Any, ...]:
        cotangent = as_float(cotangent, "cotangent")
        check_same_shape(cotangent, out_primal, "cotangent", "output")
        counters.record("vjp")
        adjoints = {}
        if traced:
            adjoints = {node: g for node, g in backward(tape, out, cotangent) if node.primitive is None}
        # An input the output does not depend on gets a zero (made only for those).
        return tuple(adjoints[x] if x in adjoints else zeros_for(p) for x, p in zip(inputs, primals))

    return out_primal, vjp_fn
