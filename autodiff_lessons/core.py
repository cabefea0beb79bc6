"""Primitives and traced values: the one mechanism both AD modes share.

A *primitive* is an operation whose derivative we know by heart (``sin``,
``multiply``, ``sum``...).  Every program we differentiate is a composition of
primitives, so if each primitive knows how to push a tangent forward (its JVP
rule) and pull a cotangent back (its VJP rule), we can differentiate the whole
program.  The rules live in one table, :mod:`autodiff_lessons.rules`.

A *traced value* (a :class:`Tracer`) stands in for a number while a function
runs.  Applying a primitive to it calls the tracer's ``apply``: forward mode
(:mod:`autodiff_lessons.forward`) carries a tangent along, reverse mode
(:mod:`autodiff_lessons.reverse`) records a node on a tape.  How Python
operators and numpy calls reach the primitives is :mod:`autodiff_lessons.operators`.

Transformations nest (``grad(grad(f))``).  Every transformation call gets a
fresh, larger *level*; a primitive always serves the highest level among its
arguments first and passes the unwrapped values down to the levels below.
This is what keeps the derivative of one level from leaking into another
(the "perturbation confusion" of Siskind and Pearlmutter).
"""

from __future__ import annotations

import itertools
import operator
from typing import Any, Callable

import numpy as np

Rule = Callable[..., Any]

_next_level = itertools.count(1)
# The level of each transformation that is running, and whether its traced
# values were compared (see :func:`compare`).
_open: dict[int, bool] = {}


def new_level() -> int:
    """Return a level higher than every level handed out before; close it with :func:`close_level`."""
    level = next(_next_level)
    _open[level] = False
    return level


def outer_running(level: int) -> bool:
    """Is a transformation of a lower level running, so that its values may reach ``level``'s primitives?"""
    return any(other < level for other in _open)


def close_level(level: int) -> bool:
    """End ``level``'s transformation; return whether its traced values decided a comparison."""
    return _open.pop(level, False)


class Primitive:
    """An operation with known derivative rules.

    ``impl`` computes the plain result.  ``jvps[i](tangent, ans, *args, **kw)``
    is the tangent of the output caused by a tangent on argument ``i``;
    ``vjps[i](cotangent, ans, *args, **kw)`` is the cotangent of argument
    ``i``.  An argument with no rule (an index, a shape) has zero derivative.
    A primitive taking any number of arrays (``concatenate``) has instead one
    rule for every position, ``jvp_any(i, tangent, ans, *args, **kw)``.

    ``broadcasts`` says that numpy broadcasts the arguments to the output's
    shape (``add``, ``multiply``...).  Its rules then work at the output's
    shape, and the passes fit the results to each argument: forward mode
    stretches a tangent up, reverse mode sums a cotangent down.
    """

    def __init__(self, name: str, impl: Callable[..., Any], broadcasts: bool = False) -> None:
        self.name = name
        self.impl = impl
        self.broadcasts = broadcasts
        self.jvps: dict[int, Rule] = {}
        self.vjps: dict[int, Rule] = {}
        self.jvp_any: Rule | None = None
        self.vjp_any: Rule | None = None

    def jvp_rule(self, argnum: int) -> Rule | None:
        """The JVP rule for argument ``argnum``, or None if it has zero derivative."""
        if argnum not in self.jvps and self.jvp_any is not None:  # made once, then kept in the table
            self.jvps[argnum] = lambda *a, **kw: self.jvp_any(argnum, *a, **kw)
        return self.jvps.get(argnum)

    def vjp_rule(self, argnum: int) -> Rule | None:
        """The VJP rule for argument ``argnum``, or None if it has zero derivative."""
        if argnum not in self.vjps and self.vjp_any is not None:  # made once, then kept in the table
            self.vjps[argnum] = lambda *a, **kw: self.vjp_any(argnum, *a, **kw)
        return self.vjps.get(argnum)

    def bind(self, *args: Any, **kwargs: Any) -> Any:
        """Apply the primitive: ``multiply.bind(x, y)``, or just ``multiply(x, y)``."""
        # Serve the highest level first: it unwraps its own values and calls
        # us again on them, so each lower level is served in turn.
        top = None
        for arg in args:
            if isinstance(arg, Tracer):
                if top is None or arg.level > top.level:
                    top = arg
        if top is None:
            return self.impl(*args, **kwargs)
        return top.apply(self, args, kwargs)

    # Operators call bind directly: calling an object through __call__ costs
    # Python about twice as much as calling one of its methods.
    __call__ = bind

    def __repr__(self) -> str:
        return f"<primitive {self.name}>"


class Tracer:
    """Base class of traced values (:class:`~autodiff_lessons.forward.Dual`,
    :class:`~autodiff_lessons.reverse.Var`).

    A subclass holds its plain value in ``primal`` and its transformation's
    ``level``, and implements ``apply(primitive, args, kwargs)`` and ``is_live()``.

    Comparisons (all six, ``==`` and ``!=`` included) act on primal values, so
    ordinary Python control flow (``if x < 2:``, ``if x == 3.0:``) follows the
    value being computed; the derivative is that of the branch taken, which at
    a branch point is a one-sided derivative.  Hashing stays by identity.
    """

    __slots__ = ()
    primal: Any
    level: int

    def apply(self, prim: Primitive, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        raise NotImplementedError  # pragma: no cover - each mode defines it

    def is_live(self) -> bool:
        """True while the transformation that traces this value is running."""
        raise NotImplementedError  # pragma: no cover - each mode defines it

    def __lt__(self, other): return compare(operator.lt, self, other)
    def __le__(self, other): return compare(operator.le, self, other)
    def __gt__(self, other): return compare(operator.gt, self, other)
    def __ge__(self, other): return compare(operator.ge, self, other)
    def __eq__(self, other): return compare(operator.eq, self, other)
    def __ne__(self, other): return compare(operator.ne, self, other)
    __hash__ = object.__hash__

    def __bool__(self) -> bool:
        return bool(primal(self))

    def __float__(self) -> float:
        raise TypeError(_LOSES_DERIVATIVE)

    __complex__ = __int__ = __index__ = __float__

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        raise TypeError(_LOSES_DERIVATIVE)


_LOSES_DERIVATIVE = (
    "a traced value cannot become a plain number or numpy array: its derivative would be lost. "
    "This happens with float(x), math.sin(x), np.array([x, y]), np.asarray(x), np.float64(x), "
    "a[i] = x or a += x on a plain array a, and numpy functions given a list of traced values. "
    "Build arrays with np.stack([x, y]) or np.concatenate (ad.mean([x, y]) and the other functions "
    "of ad take lists of traced values), write a = a + x instead of a += x, "
    "use numpy functions (np.sin, not math.sin), or call ad.primal(x) if you want the number "
    "without its derivative. A random draw whose parameter is traced, such as rng.normal(loc=x) or "
    "rng.binomial(1, p), also ends here: draw the noise from a fixed distribution and transform it "
    "with traced operations (x + rng.normal()), as the chapter 'Differentiating through randomness' does."
)


def compare(op: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Compare the values inside ``args``; note it if a value of the innermost running transformation took part.

    Only the innermost level is noted: a comparison of an outer value inside
    an inner derivative (``jacfwd(jacrev(f))`` of ``np.where(x > 0, ...)``)
    is a kink of that derivative, not a choice made by the outer function.
    """
    innermost = max(_open, default=None)
    if any(isinstance(arg, Tracer) and arg.level == innermost for arg in args):
        _open[innermost] = True
    return op(*(primal(arg) for arg in args), **kwargs)


def only_compared_error(name: str) -> ValueError:
    """The error for an output that depends on the inputs through comparisons alone."""
    return ValueError(
        f"{name}: the output depends on the input only through comparisons (such as x > 0, or a random "
        "choice rng.random() < p with p traced). A comparison is a step, whose derivative is zero almost "
        "everywhere, so the derivative would be 0 whatever the function does. For a random choice whose "
        "probability p you differentiate, relax the choice (a sigmoid of the logits plus logistic noise), use "
        "the straight-through estimator (hard + (p - ad.stop_gradient(p))), or the score-function estimator; "
        "the chapter 'Differentiating through randomness' shows all three. If 0 is the derivative you want, "
        "add 0.0 * x to the output."
    )


def primal(x: Any) -> Any:
    """Return the plain number or array inside ``x``, however deeply traced.

    >>> import autodiff_lessons as ad
    >>> ad.primal(3.0)
    3.0
    """
    while isinstance(x, Tracer):
        x = x.primal
    return x


def check_real(prim: Primitive, ans: Any) -> Any:
    """Refuse complex results: the rules are those of real functions."""
    value = primal(ans)  # under nesting, ans is a traced value of a lower level
    if np.iscomplexobj(value):
        raise TypeError(
            f"{prim.name} produced a complex value from a traced input. autodiff_lessons "
            "differentiates real functions of real numbers; keep complex numbers out of "
            "the function (for |a + ib| write np.sqrt(a**2 + b**2))."
        )
    return ans
