"""Reverse mode: record the function on a tape, then sweep it backwards.

While the function runs, every primitive applied to a :class:`Var` appends a
new ``Var`` to the tape, remembering its inputs.  The tape is in creation
order, which is a topological order: every value is recorded after the values
it was computed from.  The backward pass walks the tape from the end, so it is
a plain loop (no recursion, any depth), and each step pulls the output's
cotangent back to the node's parents with the VJP rules.

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
from .core import Primitive, Tracer, new_level
from .rules import add, divide, multiply, shape_of, subtract
from .inputs import as_float, check_same_shape, stack_outputs, zeros_for

# The tape of each reverse-mode trace that is running, by level.
_tapes: dict[int, list["Var"]] = {}

# Positions of traced arguments, shared so that a node costs no new tuple.
_POSITIONS = {(0,): (0,), (1,): (1,), (0, 1): (0, 1)}
_NO_KWARGS: dict[str, Any] = {}


class Var(Tracer):
    """A value traced by reverse mode: one node of the tape.

    ``value`` is the plain result; the rest says how it was computed: the
    primitive, its (untraced) arguments, and which of them were traced
    (``_positions`` into the arguments, ``_parents`` the matching Vars).
    Parents are a tuple, not a set, so ``x * x`` keeps both edges.
    """

    __slots__ = ("value", "_level", "_index", "_prim", "_args", "_kwargs", "_positions", "_parents")

    @property
    def _primal(self) -> Any:
        return self.value

    def _apply(self, prim: Primitive, args: tuple[Any, ...], kwargs: dict[str, Any]) -> "Var | Any":
        level = self._level
        values = []
        positions = []
        parents = []
        for i, arg in enumerate(args):
            if type(arg) is Var and arg._level == level:
                values.append(arg.value)
                if prim.vjps.get(i) is not None:  # an index or a mask has no derivative
                    positions.append(i)
                    parents.append(arg)
            else:
                values.append(arg)
        ans = prim(*values, **kwargs)  # lower levels, if any, handle themselves
        if not parents:
            return ans  # no traced argument can change the output: a constant
        positions_t = tuple(positions)
        return _record(
            ans, level, prim, tuple(values), kwargs or _NO_KWARGS, _POSITIONS.get(positions_t, positions_t), tuple(parents)
        )

    def __repr__(self) -> str:
        return f"Var(value={self.value!r})"

    # Arithmetic is most of what a scalar program does, so it skips the
    # generic dispatch of Primitive.__call__ (same result, about twice as fast).
    def __add__(self, other): return _binary(add, self, other)
    def __radd__(self, other): return _binary(add, other, self)
    def __sub__(self, other): return _binary(subtract, self, other)
    def __rsub__(self, other): return _binary(subtract, other, self)
    def __mul__(self, other): return _binary(multiply, self, other)
    def __rmul__(self, other): return _binary(multiply, other, self)
    def __truediv__(self, other): return _binary(divide, self, other)
    def __rtruediv__(self, other): return _binary(divide, other, self)


def _binary(prim: Primitive, x: Any, y: Any) -> Any:
    """Record ``prim(x, y)`` where x or y is a Var: the fast path for arithmetic.

    Same result as ``Var._apply``; scalar programs spend most of their time
    here, so it also does ``_record``'s work inline.
    """
    if type(x) is Var:
        if type(y) is Var and x._level == y._level:
            args, positions, parents = (x.value, y.value), (0, 1), (x, y)
        elif isinstance(y, Tracer):
            return prim(x, y)  # values of different levels: the general path sorts them out
        else:
            args, positions, parents = (x.value, y), (0,), (x,)
        level = x._level
    elif isinstance(x, Tracer):
        return prim(x, y)
    else:
        args, positions, parents = (x, y.value), (1,), (y,)
        level = y._level
    tape = _tapes.get(level)
    if tape is None:
        raise _escaped()
    node = Var.__new__(Var)
    node.value = prim.impl(args[0], args[1])
    node._level = level
    node._index = len(tape)
    node._prim = prim
    node._args = args
    node._kwargs = _NO_KWARGS
    node._positions = positions
    node._parents = parents
    tape.append(node)
    return node


def _escaped() -> RuntimeError:
    return RuntimeError(
        "a traced value was used after the function that traced it returned "
        "(did it escape into a global variable or a closure?). Compute with "
        "ad.primal(x) outside the function, or keep the work inside it."
    )


def _record(ans, level, prim, args, kwargs, positions, parents) -> Var:
    """Make a new node and append it to the tape of its level."""
    tape = _tapes.get(level)
    if tape is None:
        raise _escaped()
    node = Var.__new__(Var)
    node.value = ans
    node._level = level
    node._index = len(tape)
    node._prim = prim
    node._args = args
    node._kwargs = kwargs
    node._positions = positions
    node._parents = parents
    tape.append(node)
    return node


def _leaf(value: Any, level: int) -> Var:
    return _record(value, level, None, (), _NO_KWARGS, (), ())


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Switch Python's cycle collector off for the block (nested blocks are fine).

    A tape holds no reference cycles, so reference counting alone frees it;
    left on, the collector would rescan the whole growing tape again and again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def trace_reverse(f: Callable[..., Any], primals: tuple[Any, ...]) -> tuple[Any, list[Var], list[Var], int]:
    """Run ``f`` on fresh leaves; return (output, input leaves, tape, level)."""
    level = new_level()
    tape: list[Var] = []
    _tapes[level] = tape
    try:
        with gc_paused():
            inputs = [_leaf(p, level) for p in primals]
            out = f(*inputs)
    finally:
        del _tapes[level]
    return out, inputs, tape, level


def backward(tape: list[Var], out: Var, cotangent: Any, keep_all: bool = False) -> list[Any]:
    """Pull ``cotangent`` from ``out`` back over the tape; return one cotangent per node.

    Entries are ``None`` for nodes the output does not depend on.  Only the
    leaves' entries are kept unless ``keep_all`` (graph drawings want them all).
    """
    grads: list[Any] = [None] * (out._index + 1)
    grads[out._index] = cotangent
    with gc_paused():
        for index in range(out._index, -1, -1):
            g = grads[index]
            if g is None:
                continue  # nothing flows back through here
            node = tape[index]
            prim = node._prim
            if prim is None:
                continue  # a leaf: keep its sum
            if not keep_all:
                grads[index] = None  # free it: no one reads a node's cotangent twice
            args = node._args
            scalar = type(g) is float
            for position, parent in zip(node._positions, node._parents):
                # Chain rule: the parent's share of g, by the primitive's rule.
                if scalar and prim is multiply:
                    contribution = g * args[1 - position]  # the mul rule, inlined for scalar programs
                elif scalar and prim is add:
                    contribution = g  # the add rule, inlined for scalar programs
                elif node._kwargs:
                    contribution = prim.vjps[position](g, node.value, *args, **node._kwargs)
                else:
                    contribution = prim.vjps[position](g, node.value, *args)
                if type(contribution) is not float and shape_of(contribution) != shape_of(parent.value):
                    raise _wrong_shape(prim, position, contribution, parent.value)
                j = parent._index
                # A parent used more than once sums the contributions of every use.
                grads[j] = contribution if grads[j] is None else grads[j] + contribution
    return grads


def _wrong_shape(prim: Primitive, position: int, contribution: Any, value: Any) -> ValueError:
    return ValueError(
        f"the VJP rule of primitive {prim.name!r} for argument {position} returned a cotangent of shape "
        f"{shape_of(contribution)}, but that argument has shape {shape_of(value)}. A cotangent must have "
        "the shape of the value it belongs to: sum away broadcast axes with rules.unbroadcast."
    )


def vjp(f: Callable[..., Any], *primals: Any) -> tuple[Any, Callable[[Any], tuple[Any, ...]]]:
    """Evaluate ``f(*primals)`` and return it with a function that pulls cotangents back.

    As in ``jax.vjp``: ``out, vjp_fn = vjp(f, *primals)``; ``vjp_fn(ct)``
    returns a tuple with one cotangent per primal, ``ct @ J``.  The tape is
    recorded once and ``vjp_fn`` can be called any number of times (that is
    how :func:`jacrev` gets one row of the Jacobian per call).

    >>> import autodiff_lessons as ad
    >>> out, vjp_fn = ad.vjp(lambda x: x ** 2, 3.0)
    >>> out, vjp_fn(1.0)
    (9.0, (6.0,))
    """
    primals = tuple(as_float(p, "primal") for p in primals)
    out, inputs, tape, level = trace_reverse(lambda *xs: stack_outputs(f(*xs)), primals)
    traced = type(out) is Var and out._level == level
    out_value = out.value if traced else out

    def vjp_fn(cotangent: Any) -> tuple[Any, ...]:
        cotangent = as_float(cotangent, "cotangent")
        check_same_shape(cotangent, out_value, "cotangent", "output")
        counters.record("vjp")
        if not traced:  # the output does not depend on the inputs
            return tuple(zeros_for(p) for p in primals)
        grads = backward(tape, out, cotangent)
        return tuple(
            zeros_for(p) if leaf._index >= len(grads) or grads[leaf._index] is None else grads[leaf._index]
            for leaf, p in zip(inputs, primals)
        )

    return out_value, vjp_fn
