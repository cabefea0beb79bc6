"""Errors that say what to do: the unclear errors of issue 9 (Why 3), each with its message checked.

Each of these once surfaced as a message from numpy's or Python's insides
("np.add has no derivative rule", "setting an array element with a
sequence", "need at least one array to stack"...).  Now each says what went
wrong in the user's terms and what to write instead, or simply works.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import autodiff_lessons as ad

pytestmark = [pytest.mark.forward, pytest.mark.reverse]


def ones_like(x):
    return np.ones_like(x) if np.ndim(x) else 1.0


# Each transformation, as a way to run f (with a scalar output) on a traced copy of x.
TRANSFORMS = {
    "grad": lambda f, x: ad.grad(f)(x),
    "vjp": lambda f, x: ad.vjp(f, x)[1](1.0),
    "jacrev": lambda f, x: ad.jacrev(f)(x),
    "jvp": lambda f, x: ad.jvp(f, (x,), (ones_like(x),)),
    "jacfwd": lambda f, x: ad.jacfwd(f)(x),
}
DERIVATIVES = {"grad": ad.grad, "value_and_grad": ad.value_and_grad, "jacfwd": ad.jacfwd, "jacrev": ad.jacrev,
               "hessian": ad.hessian}


# ---------------------------------------------------------------------------
# Writing traced values into plain arrays and numbers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_adding_in_place_to_a_plain_array_says_to_write_a_equals_a_plus_x(transform):
    # Once: "np.add has no derivative rule".
    def f(x):
        a = np.zeros(2)
        a += x
        return np.sum(a)

    with pytest.raises(TypeError, match=r"a = a \+ x") as error:
        transform(f, np.array([1.0, 2.0]))
    assert "derivative rule" not in str(error.value)


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_writing_a_traced_element_into_a_plain_array_explains_itself(transform):
    # numpy turns every failure of a[0] = v, for a v that can be indexed, into
    # "setting an array element with a sequence"; it keeps our error as the cause.
    def f(x):
        a = np.zeros(2)
        a[0] = x[0]
        return np.sum(a)

    with pytest.raises((TypeError, ValueError)) as error:
        transform(f, np.array([1.0, 2.0]))
    ours = error.value if isinstance(error.value, TypeError) else error.value.__cause__
    assert isinstance(ours, TypeError)
    assert "a[i] = x" in str(ours) and "np.stack" in str(ours)


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_writing_a_traced_slice_into_a_plain_array_raises_our_type_error(transform):
    def f(x):
        a = np.zeros(2)
        a[:] = x
        return np.sum(a)

    with pytest.raises(TypeError, match="np.stack"):
        transform(f, np.array([1.0, 2.0]))


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_changing_a_traced_array_in_place_says_to_build_a_new_one(transform):
    def f(x):
        x[0] = 1.0
        return np.sum(x)

    with pytest.raises(TypeError, match=r"np\.where"):
        transform(f, np.array([1.0, 2.0]))


CONVERSIONS = {
    "np.float64": lambda x: np.float64(x),
    "float": lambda x: float(x),
    "int": lambda x: int(x),
    "math.sin": lambda x: math.sin(x),
    "np.array": lambda x: np.array(x, dtype=float),
}


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
@pytest.mark.parametrize("convert", CONVERSIONS.values(), ids=CONVERSIONS.keys())
def test_turning_a_traced_value_into_a_plain_number_says_how_to_keep_or_drop_the_derivative(transform, convert):
    # Once np.float64(x) said "setting an array element with a sequence".
    with pytest.raises(TypeError) as error:
        transform(lambda x: convert(x) * x, 2.0)
    message = str(error.value)
    assert "derivative would be lost" in message and "ad.primal(x)" in message


@pytest.mark.parametrize("method", ["item", "tolist"])
def test_item_and_tolist_of_a_traced_value_point_to_ad_primal(method):
    with pytest.raises(TypeError, match=r"ad\.primal"):
        ad.grad(lambda x: getattr(x, method)() * x)(2.0)


# ---------------------------------------------------------------------------
# Lists of traced values
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mean", "std", "var", "sum", "max"])
def test_ad_functions_take_lists_of_traced_values(name):
    # np.mean([x0, x1]) once said "setting an array element with a sequence" and
    # np.std of a list complained of a missing conjugate.
    x = np.array([1.0, 2.0, 4.0])
    plain = getattr(np, name)
    listed = getattr(ad, name)

    def f(x):
        return listed([x[0], x[1] ** 2, x[2]])

    stacked = np.array([x[0], x[1] ** 2, x[2]])
    for derivative in (ad.grad, ad.jacfwd, ad.jacrev):
        g = derivative(f)(x)
        expected = ad.grad(lambda s: plain(s))(stacked) * np.array([1.0, 2.0 * x[1], 1.0])
        np.testing.assert_allclose(g, expected, rtol=1e-14)
    assert ad.value_and_grad(f)(x)[0] == plain(stacked)


def test_mean_and_std_of_a_list_of_traced_values_have_the_hand_derived_value_and_gradient():
    x = np.array([1.0, 3.0])
    value, g = ad.value_and_grad(lambda x: ad.mean([x[0], x[1]]))(x)
    assert value == 2.0
    np.testing.assert_array_equal(g, [0.5, 0.5])
    # std of (a, b) is |a - b| / 2, so its gradient is (1/2, -1/2) when a > b.
    value, g = ad.value_and_grad(lambda x: ad.std([x[1], x[0]]))(x)
    assert value == 1.0
    np.testing.assert_allclose(g, [-0.5, 0.5], rtol=1e-15)


@pytest.mark.parametrize("name", ["mean", "std"])
@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_numpy_functions_given_a_list_of_traced_values_say_to_stack_it_or_use_ad(transform, name):
    # numpy hands np.mean(a_list) to us only if an argument itself is traced, and a
    # list is not: numpy converts the list, and the conversion explains what to do.
    with pytest.raises(TypeError) as error:
        transform(lambda x: getattr(np, name)([x[0], x[1]]), np.array([1.0, 3.0]))
    message = str(error.value)
    assert "np.stack" in message and "ad.mean([x, y])" in message
    assert "sequence" not in message and "conjugate" not in message


# ---------------------------------------------------------------------------
# argnums
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("derivative", DERIVATIVES.values(), ids=DERIVATIVES.keys())
@pytest.mark.parametrize("argnums", [1.5, "0", None, True, [0, "1"], (0, 1.0)], ids=repr)
def test_argnums_that_is_not_a_position_says_what_argnums_must_be(derivative, argnums):
    # Once these surfaced Python internals (a float index, a str compared with an int).
    with pytest.raises(TypeError, match=r"argnums must be an int or a tuple of ints") as error:
        derivative(lambda x, y: x * y, argnums=argnums)(1.0, 2.0)
    assert repr(argnums) in str(error.value) and "argnums=0" in str(error.value)


@pytest.mark.parametrize("derivative", DERIVATIVES.values(), ids=DERIVATIVES.keys())
@pytest.mark.parametrize("argnums", [2, -3, (0, 2)], ids=repr)
def test_argnums_out_of_range_says_how_many_arguments_there_are(derivative, argnums):
    with pytest.raises(ValueError, match=r"called with 2 argument\(s\)"):
        derivative(lambda x, y: x * y, argnums=argnums)(1.0, 2.0)


# ---------------------------------------------------------------------------
# Shapes: empty arrays, transposes, several outputs, size-1 outputs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("jac", [ad.jacfwd, ad.jacrev], ids=["jacfwd", "jacrev"])
@pytest.mark.parametrize(("f", "x", "shape"), [
    (lambda x: x * 2.0, np.zeros(0), (0, 0)),
    (lambda x: np.sum(x) * np.ones(3), np.zeros((0, 2)), (3, 0, 2)),
    (lambda x: x[:0] * 2.0, np.ones(3), (0, 3)),
    (lambda x: np.sin(x), np.zeros((2, 0)), (2, 0, 2, 0)),
], ids=["empty in and out", "empty input", "empty output", "empty matrix"])
def test_the_jacobian_of_an_empty_array_is_an_empty_array_of_the_right_shape(jac, f, x, shape):
    # Once: "need at least one array to stack".
    J = jac(f)(x)
    assert np.shape(J) == shape
    assert np.asarray(J).dtype == np.float64


@pytest.mark.parametrize("jac", [ad.jacfwd, ad.jacrev], ids=["jacfwd", "jacrev"])
def test_transpose_method_takes_a_tuple_separate_ints_or_nothing(jac):
    # Once x.transpose((1, 0)) failed.
    x = np.arange(6.0).reshape(2, 3)
    expected = jac(lambda x: x.T)(x)
    assert expected.shape == (3, 2, 2, 3)
    for f in (lambda x: x.transpose((1, 0)), lambda x: x.transpose(1, 0), lambda x: x.transpose(),
              lambda x: x.transpose([1, 0]), lambda x: np.transpose(x, (1, 0))):
        np.testing.assert_array_equal(jac(f)(x), expected)
    y = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(ad.primal(jac(lambda y: y.transpose(2, 0, 1))(y)).shape, (4, 2, 3, 2, 3, 4))


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
def test_outputs_of_different_shapes_say_to_concatenate_or_differentiate_each(transform):
    # Once: "all input arrays must have the same shape".
    with pytest.raises(ValueError) as error:
        transform(lambda x: (x, x[0]), np.array([1.0, 2.0]))
    message = str(error.value)
    assert "(2,)" in message and "()" in message
    assert "np.concatenate" in message and "each output on its own" in message


@pytest.mark.parametrize("shape", [(1,), (1, 1)])
def test_grad_takes_an_output_of_size_one(shape):
    # Once grad refused an output of shape (1,).
    x = np.array([1.0, 2.0])
    assert ad.grad(lambda x: np.sum(x ** 2) * np.ones(shape))(x).tolist() == [2.0, 4.0]
    value, g = ad.value_and_grad(lambda x: (x[:1] * x[1]).reshape(shape))(x)
    assert np.shape(value) == shape and value.item() == 2.0
    np.testing.assert_array_equal(g, [2.0, 1.0])


# ---------------------------------------------------------------------------
# Numpy calls with no rule
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
@pytest.mark.parametrize(("f", "name"), [
    (lambda x: np.sum(np.add.accumulate(x)), "accumulate"),
    (lambda x: np.add.reduce(x), "reduce"),
    (lambda x: np.sum(np.multiply.outer(x, x)), "outer"),
], ids=["accumulate", "reduce", "outer"])
def test_a_ufunc_method_without_a_rule_is_named_with_what_to_do(transform, f, name):
    with pytest.raises(TypeError, match=name) as error:
        transform(f, np.array([1.0, 2.0]))
    assert "custom_vjp" in str(error.value)


def test_a_numpy_argument_the_traced_version_does_not_take_is_named_with_its_signature():
    with pytest.raises(TypeError, match=r"np\.cumsum of traced values takes np\.cumsum\(x, axis=None\)"):
        ad.grad(lambda x: np.sum(np.cumsum(x, dtype=np.float64)))(np.ones(2))


# ---------------------------------------------------------------------------
# Output errors name the transformation the reader called
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["grad", "jacfwd", "jacrev", "hessian"])
@pytest.mark.parametrize("returned", [None, "a string"], ids=["None", "str"])
def test_an_output_error_names_the_transformation_called_not_the_one_inside(name, returned):
    with pytest.raises(TypeError, match=f"the function given to {name} returned"):
        DERIVATIVES[name](lambda x: returned)(1.0)


def test_clip_refuses_a_bound_given_twice_and_says_how_to_write_it():
    with pytest.raises(TypeError, match="give each bound once"):
        ad.grad(lambda x: np.clip(x, 0.0, None, min=0.5))(1.0)
