"""Never silently wrong: each case that once returned a plausible wrong number.

A differentiation library that raises is annoying; one that returns a wrong
derivative without a word is dangerous, above all to a student who trusts it.
Issue 9 listed the cases where autodiff_lessons did that.  Each one now gives
the right value or a clear error, in both modes:

* comparisons (``==`` and ``!=`` included) act on the values being computed;
* ``np.array``, ``np.asarray``, ``np.r_`` and ``np.vectorize`` of traced values
  raise a ``TypeError`` that says to use ``np.stack``;
* ``argnums=(0, 0)`` gives the derivative for each entry asked for;
* a function returning ``None``, a string or a boolean is refused by name;
* complex numbers, inside the function, out of it or into it, are refused:
  the rules are those of real functions;
* a traced value that escaped its function raises when it is used again,
  in forward mode as in reverse mode;
* at kinks the derivative is one documented value of the subgradient.
"""

from __future__ import annotations

import numpy as np
import pytest

import autodiff_lessons as ad

pytestmark = [pytest.mark.forward, pytest.mark.reverse]


def ones_like(x):
    return np.ones_like(x) if np.ndim(x) else 1.0


# Each transformation, as a way to run f on a traced copy of x and get something out.
TRANSFORMS = {
    "grad": lambda f, x: ad.grad(lambda x: np.sum(f(x)))(x),
    "value_and_grad": lambda f, x: ad.value_and_grad(lambda x: np.sum(f(x)))(x),
    "vjp": lambda f, x: ad.vjp(f, x),
    "jacrev": lambda f, x: ad.jacrev(f)(x),
    "jvp": lambda f, x: ad.jvp(f, (x,), (ones_like(x),)),
    "jacfwd": lambda f, x: ad.jacfwd(f)(x),
}
# The same, for functions returning anything (grad must not sum the output first).
AS_IS = {
    "grad": lambda f, x: ad.grad(f)(x),
    "value_and_grad": lambda f, x: ad.value_and_grad(f)(x),
    "vjp": lambda f, x: ad.vjp(f, x),
    "jacrev": lambda f, x: ad.jacrev(f)(x),
    "jvp": lambda f, x: ad.jvp(f, (x,), (ones_like(x),)),
    "jacfwd": lambda f, x: ad.jacfwd(f)(x),
}
DERIVATIVES = {"grad": ad.grad, "jacfwd": ad.jacfwd, "jacrev": ad.jacrev}


# ---------------------------------------------------------------------------
# Comparisons act on values
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("derivative", DERIVATIVES.values(), ids=DERIVATIVES.keys())
def test_equality_under_tracing_compares_values_so_the_branch_taken_is_right(derivative):
    # Once, x == 3.0 compared object identity, was always False, and this gradient was 0.
    def square_at_three(x):
        return x ** 2 if x == 3.0 else 0.0 * x

    def square_off_three(x):
        return x ** 2 if x != 3.0 else 0.0 * x

    assert derivative(square_at_three)(3.0) == 6.0
    assert derivative(square_at_three)(2.0) == 0.0
    assert derivative(square_off_three)(3.0) == 0.0
    assert derivative(square_off_three)(2.0) == 4.0


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_all_six_comparisons_of_traced_values_give_what_the_values_give(transform):
    seen = {}

    def f(x):
        a, b = x[0], x[1]
        seen["scalars"] = (a < b, a <= b, a > b, a >= b, a == b, a != b, a == 1.0, 2.0 == b)
        seen["arrays"] = [op(x, np.array([1.0, 0.0, 3.0])) for op in (np.less, np.equal, np.not_equal)]
        seen["operators"] = [x == np.array([1.0, 0.0, 3.0]), x != np.array([1.0, 0.0, 3.0]), x >= 2.0]
        return x * 2.0

    transform(f, np.array([1.0, 2.0, 3.0]))
    assert seen["scalars"] == (True, True, False, False, False, True, True, True)
    expected = [[False, False, False], [True, False, True], [False, True, False]]
    for got, want in zip(seen["arrays"], expected):
        np.testing.assert_array_equal(got, want)
    for got, want in zip(seen["operators"], [[True, False, True], [False, True, False], [False, True, True]]):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("derivative", [ad.jacfwd, ad.jacrev], ids=["jacfwd", "jacrev"])
def test_np_sum_of_x_equals_y_counts_the_equal_elements(derivative):
    # Once 0 at x = y: each x[i] == y[i] compared two different objects.
    def f(x, y):
        return np.sum(x == y) * np.sum(x * y)

    x, y = np.array([1.0, 2.0, 3.0]), np.array([1.0, 5.0, 3.0])
    out, grads = ad.value_and_grad(f, argnums=(0, 1))(x, y)
    assert out == 2 * np.sum(x * y)
    np.testing.assert_array_equal(grads[0], 2 * y)
    np.testing.assert_array_equal(grads[1], 2 * x)
    np.testing.assert_array_equal(derivative(f)(x, x), 3 * x)
    assert ad.jvp(f, (x, x), (np.ones(3), np.zeros(3))) == (3 * np.sum(x * x), 3 * np.sum(x))


def test_traced_values_still_hash_by_identity():
    def f(x):
        y = x * 1.0
        table = {x: "x", y: "y"}  # equal values, two keys
        assert len(table) == 2 and table[x] == "x" and table[y] == "y"
        assert x == y and x is not y
        return y

    ad.grad(f)(2.0)
    ad.jvp(f, (2.0,), (1.0,))


def test_the_docs_say_what_a_comparison_means_at_a_branch_point():
    doc = " ".join(ad.Tracer.__doc__.split())
    assert "==" in doc and "primal values" in doc and "branch point" in doc


# ---------------------------------------------------------------------------
# Building arrays the numpy way raises, and says to use np.stack
# ---------------------------------------------------------------------------

ARRAY_BUILDERS = {
    "np.array": lambda x: np.array([x, x ** 2]),
    "np.array of one": lambda x: np.array(x) * 2.0,
    "np.asarray": lambda x: np.asarray(x) * 2.0,
    "np.asarray of a list": lambda x: np.asarray([x, x]) * 2.0,
    "np.r_": lambda x: np.r_[x, x ** 2],
    "np.vectorize": lambda x: np.vectorize(lambda a: a ** 2)(x),
}


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
@pytest.mark.parametrize("build", ARRAY_BUILDERS.values(), ids=ARRAY_BUILDERS.keys())
@pytest.mark.parametrize("x", [2.0, np.array([1.0, 2.0])], ids=["scalar", "array"])
def test_building_a_numpy_array_from_traced_values_raises_and_says_to_use_np_stack(transform, build, x):
    # Once these made object arrays, and jacrev of np.array([x, x**2]) was [0, 0].
    with pytest.raises(TypeError, match=r"np\.stack"):
        transform(build, x)


@pytest.mark.parametrize("derivative", [ad.jacfwd, ad.jacrev], ids=["jacfwd", "jacrev"])
def test_np_stack_is_the_way_that_works(derivative):
    np.testing.assert_array_equal(derivative(lambda x: np.stack([x, x ** 2]))(2.0), [1.0, 4.0])
    np.testing.assert_array_equal(derivative(lambda x: ad.stack([x, x ** 2]))(2.0), [1.0, 4.0])


# ---------------------------------------------------------------------------
# Duplicate argnums
# ---------------------------------------------------------------------------


def test_duplicate_argnums_give_the_derivative_for_each_entry():
    # Once grad(x * y, argnums=(0, 0)) at (1, 2) was (0.0, 2.0).
    f = lambda x, y: x * y  # noqa: E731
    assert ad.grad(f, argnums=(0, 0))(1.0, 2.0) == (2.0, 2.0)
    assert ad.grad(f, argnums=(0, 1, 0))(1.0, 2.0) == (2.0, 1.0, 2.0)
    assert ad.grad(f, argnums=(1, -1))(1.0, 2.0) == (1.0, 1.0)
    assert ad.value_and_grad(f, argnums=(0, 0))(1.0, 2.0) == (2.0, (2.0, 2.0))
    for jac in (ad.jacfwd, ad.jacrev):
        assert jac(f, argnums=(0, 0))(1.0, 2.0) == (2.0, 2.0)
        Jx, Jy, Jx_again = jac(f, argnums=(0, 1, 0))(np.array([1.0, 3.0]), 2.0)
        np.testing.assert_array_equal(Jx, 2.0 * np.eye(2))
        np.testing.assert_array_equal(Jy, [1.0, 3.0])
        np.testing.assert_array_equal(Jx_again, Jx)


# ---------------------------------------------------------------------------
# Outputs that are not numbers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("transform", AS_IS.values(), ids=AS_IS.keys())
@pytest.mark.parametrize(("returned", "name"), [
    (None, "NoneType"), ("abc", "str"), (True, "bool"), ({"loss": 1.0}, "dict"),
], ids=["None", "str", "bool", "dict"])
def test_a_function_returning_something_else_than_numbers_raises_naming_it(transform, returned, name):
    # Once grad gave 0.0 and jvp gave (None, 0.0) for a function that forgot its return.
    with pytest.raises(TypeError, match=name):
        transform(lambda x: returned, 2.0)


@pytest.mark.parametrize("transform", AS_IS.values(), ids=AS_IS.keys())
def test_a_function_that_forgot_its_return_raises_naming_none(transform):
    def forgot(x):
        x * 2.0  # noqa: B018 - the missing return is the point

    with pytest.raises(TypeError, match="NoneType"):
        transform(forgot, 2.0)


# ---------------------------------------------------------------------------
# Complex numbers: the package differentiates real functions
# ---------------------------------------------------------------------------

COMPLEX_INSIDE = {
    "abs of x (1 + 1j)": lambda x: np.abs(x * (1 + 1j)),
    "x + 1j": lambda x: np.real(x + 1j),
    "times a complex array": lambda x: np.abs(x * np.array([1j, 1.0])),
    "complex exponent": lambda x: np.abs(x ** (1 + 0j)),
}


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
@pytest.mark.parametrize("f", COMPLEX_INSIDE.values(), ids=COMPLEX_INSIDE.keys())
def test_complex_numbers_inside_the_function_raise_saying_the_package_is_for_real_functions(transform, f):
    # Once np.abs(x * (1 + 1j)) gave a complex or a wrong gradient.
    with pytest.raises(TypeError, match="real functions"):
        transform(f, 2.0)


@pytest.mark.parametrize("transform", AS_IS.values(), ids=AS_IS.keys())
@pytest.mark.parametrize("returned", [1j, np.complex128(1j), np.array([1.0 + 0j])], ids=["complex", "complex128",
                                                                                         "array"])
def test_a_complex_output_raises_saying_the_package_is_for_real_functions(transform, returned):
    with pytest.raises(TypeError, match="real functions"):
        transform(lambda x: returned, 2.0)


COMPLEX_INPUTS = {
    "grad": lambda: ad.grad(np.sin)(1.0 + 1j),
    "jacfwd": lambda: ad.jacfwd(np.sin)(np.array([1.0, 2.0j])),
    "jacrev": lambda: ad.jacrev(np.sin)(np.array([1.0, 2.0], dtype=complex)),
    "vjp": lambda: ad.vjp(np.sin, 1j),
    "vjp cotangent": lambda: ad.vjp(np.sin, 1.0)[1](1j),
    "jvp primal": lambda: ad.jvp(np.sin, (1j,), (1.0,)),
    "jvp tangent": lambda: ad.jvp(np.sin, (1.0,), (1j,)),
    "check_grads": lambda: ad.check_grads(np.sin, 1j),
}


@pytest.mark.parametrize("call", COMPLEX_INPUTS.values(), ids=COMPLEX_INPUTS.keys())
def test_complex_inputs_are_refused_saying_the_package_is_for_real_functions(call):
    with pytest.raises(TypeError, match="real functions"):
        call()


# ---------------------------------------------------------------------------
# Traced values that escape their function
# ---------------------------------------------------------------------------


def escaped_dual():
    kept = []
    ad.jvp(lambda x: kept.append(x) or x * 2.0, (1.5,), (1.0,))
    return kept[0]


def escaped_var():
    kept = []
    ad.grad(lambda x: kept.append(x) or x * 2.0)(1.5)
    return kept[0]


LATER_USES = {
    "plain arithmetic": lambda old: old * 2.0,
    "numpy": lambda old: np.sin(old),
    "inside grad": lambda old: ad.grad(lambda y: y * old)(2.0),
    "inside jvp": lambda old: ad.jvp(lambda y: y * old, (2.0,), (1.0,)),
    "returned from grad": lambda old: ad.grad(lambda y: old)(2.0),
    "returned from value_and_grad": lambda old: ad.value_and_grad(lambda y: old)(2.0),
    "returned from vjp": lambda old: ad.vjp(lambda y: old, 2.0),
    "returned from jvp": lambda old: ad.jvp(lambda y: old, (2.0,), (1.0,)),
    "returned from jacfwd": lambda old: ad.jacfwd(lambda y: [y, old])(2.0),
    "returned from jacrev": lambda old: ad.jacrev(lambda y: old)(2.0),
    "as an input of grad": lambda old: ad.grad(lambda y: y * 2.0)(old),
    "as an input of jvp": lambda old: ad.jvp(lambda y: y * 2.0, (old,), (1.0,)),
}


@pytest.mark.parametrize("escaped", [escaped_dual, escaped_var], ids=["forward (Dual)", "reverse (Var)"])
@pytest.mark.parametrize("use", LATER_USES.values(), ids=LATER_USES.keys())
def test_a_traced_value_used_after_its_function_returned_raises_in_both_modes(escaped, use):
    # Once an escaped Dual came back inside a result, and grad of a function returning it was 0.
    with pytest.raises(RuntimeError, match="escape"):
        use(escaped())


def test_an_outer_traced_value_returned_by_an_inner_function_is_not_an_escape():
    # Inside grad, x is live: an inner jvp that returns it unchanged gives it back with tangent 0.
    def f(x):
        out, tangent = ad.jvp(lambda y: x, (1.0,), (1.0,))
        assert tangent == 0.0
        return out * 3.0

    assert ad.grad(f)(2.0) == 3.0
    assert ad.jacfwd(f)(2.0) == 3.0


# ---------------------------------------------------------------------------
# Kinks: one documented value of the subgradient
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("derivative", DERIVATIVES.values(), ids=DERIVATIVES.keys())
def test_maximum_and_minimum_with_zero_agree_at_the_tie_and_give_one_half(derivative):
    # Once maximum(x, 0) and maximum(0, x) gave different derivatives at x = 0.
    for f in (lambda x: np.maximum(x, 0.0), lambda x: np.maximum(0.0, x),
              lambda x: np.minimum(x, 0.0), lambda x: np.minimum(0.0, x),
              lambda x: ad.maximum(x, 0.0), lambda x: ad.maximum(0.0, x)):
        assert derivative(f)(0.0) == 0.5
    assert derivative(lambda x: np.maximum(x, x))(1.0) == 1.0  # both halves are x's
    assert derivative(lambda x: np.clip(x, 0.0, 1.0))(0.0) == 0.5
    assert derivative(lambda x: np.clip(x, 0.0, 1.0))(1.0) == 0.5


@pytest.mark.parametrize("derivative", DERIVATIVES.values(), ids=DERIVATIVES.keys())
def test_abs_at_zero_has_derivative_zero_and_sqrt_at_zero_an_infinite_one(derivative):
    assert derivative(np.abs)(0.0) == 0.0
    assert derivative(abs)(0.0) == 0.0
    with np.errstate(divide="ignore"):
        assert derivative(np.sqrt)(0.0) == np.inf


@pytest.mark.parametrize("jac", [ad.jacfwd, ad.jacrev], ids=["jacfwd", "jacrev"])
def test_max_and_min_reductions_split_the_derivative_equally_between_ties(jac):
    x = np.array([1.0, 3.0, 3.0])
    np.testing.assert_array_equal(jac(np.max)(x), [0.0, 0.5, 0.5])
    np.testing.assert_array_equal(jac(lambda x: x.max())(x), [0.0, 0.5, 0.5])
    np.testing.assert_array_equal(jac(np.min)(np.array([1.0, 1.0, 3.0])), [0.5, 0.5, 0.0])
    np.testing.assert_allclose(jac(np.max)(np.full(3, 2.0)), np.full(3, 1.0 / 3.0), rtol=1e-15)
    rows = np.array([[1.0, 3.0, 3.0], [2.0, 2.0, 5.0]])
    expected = np.zeros((2, 2, 3))
    expected[0, 0] = [0.0, 0.5, 0.5]
    expected[1, 1] = [0.0, 0.0, 1.0]
    np.testing.assert_array_equal(jac(lambda x: np.max(x, axis=1))(rows), expected)
    column_tie = np.array([[1.0, 3.0, 3.0], [1.0, 2.0, 5.0]])
    np.testing.assert_array_equal(jac(lambda x: x.min(axis=0))(column_tie)[0], [[0.5, 0.0, 0.0], [0.5, 0.0, 0.0]])
    assert ad.grad(np.max)(x).sum() == 1.0  # the derivative of max(x + c) in c is 1


@pytest.mark.parametrize("jac", [ad.jacfwd, ad.jacrev], ids=["jacfwd", "jacrev"])
def test_a_power_with_exponent_zero_has_slope_zero_even_at_zero(jac):
    # x ** 0 is the constant 1: its slope 0 * x ** -1 must not become 0 * inf = nan at x = 0.
    np.testing.assert_array_equal(jac(lambda x: x ** np.array([0.0, 2.0]))(np.zeros(2)), np.zeros((2, 2)))
    np.testing.assert_array_equal(jac(lambda x: x ** 0.0)(np.zeros(2)), np.zeros((2, 2)))


def test_prod_at_an_array_containing_zero_raises_instead_of_dividing_by_zero():
    for derivative in (ad.grad, ad.jacfwd):
        with pytest.raises(ValueError, match="np.prod"):
            derivative(np.prod)(np.array([2.0, 0.0, 3.0]))
