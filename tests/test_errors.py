"""Every mistake a student is likely to make gets an error that says what to do."""

from __future__ import annotations

import numpy as np
import pytest

import autodiff_lessons as ad

pytestmark = [pytest.mark.forward, pytest.mark.reverse]

# Each transformation, as a way to run f on a traced copy of x.
TRANSFORMS = {
    "jvp": lambda f, x: ad.jvp(f, (x,), (np.ones_like(x),)),
    "vjp": lambda f, x: ad.vjp(f, x),
    "jacfwd": lambda f, x: ad.jacfwd(f)(x),
    "jacrev": lambda f, x: ad.jacrev(f)(x),
    "grad": lambda f, x: ad.grad(lambda x: np.sum(f(x)))(x),
}


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS.keys())
@pytest.mark.parametrize(("f", "name", "x"), [
    (np.arcsinh, "arcsinh", np.array([0.5, 1.0])),
    (np.sort, "sort", np.array([2.0, 1.0])),
    (np.linalg.eigvalsh, "eigvalsh", np.array([[2.0, 1.0], [1.0, 3.0]])),
    (np.median, "median", np.array([2.0, 1.0, 4.0])),
], ids=["arcsinh", "sort", "eigvalsh", "median"])
def test_numpy_function_without_a_rule_raises_type_error_naming_it(transform, f, name, x):
    with pytest.raises(TypeError, match=name):
        transform(f, x)


@pytest.mark.parametrize("out_shape", [(3,), (2, 2)])
def test_grad_of_non_scalar_output_points_to_jacrev_or_vjp(out_shape):
    with pytest.raises(TypeError, match="jacrev|vjp"):
        ad.grad(lambda x: x * np.ones(out_shape))(1.0)
    with pytest.raises(TypeError, match="jacrev|vjp"):
        ad.value_and_grad(lambda x: x * np.ones(out_shape))(1.0)


@pytest.mark.parametrize(("primal", "tangent"), [
    (np.ones(3), np.ones(2)),
    (np.ones(3), 1.0),
    (1.0, np.ones(3)),
    (np.ones((2, 3)), np.ones((3, 2))),
])
def test_tangent_of_wrong_shape_raises_value_error_naming_both_shapes(primal, tangent):
    with pytest.raises(ValueError) as error:
        ad.jvp(np.sin, (primal,), (tangent,))
    message = str(error.value)
    assert str(np.shape(primal)) in message and str(np.shape(tangent)) in message


@pytest.mark.parametrize(("primal", "cotangent"), [
    (np.ones(3), np.ones(2)),
    (np.ones(3), 1.0),
    (1.0, np.ones(3)),
    (np.ones((2, 3)), np.ones((3, 2))),
])
def test_cotangent_of_wrong_shape_raises_value_error_naming_both_shapes(primal, cotangent):
    _, vjp_fn = ad.vjp(np.sin, primal)
    with pytest.raises(ValueError) as error:
        vjp_fn(cotangent)
    message = str(error.value)
    assert str(np.shape(primal)) in message and str(np.shape(cotangent)) in message


def test_python_int_input_is_promoted_to_float():
    # If x stayed an int, x / 2 would still be fine, but the derivative must be a float;
    # and for x ** 0.5 at 4 the derivative is 1 / (2 sqrt 4) = 0.25.
    for derivative in (ad.grad, ad.jacfwd, ad.jacrev):
        g = derivative(lambda x: x ** 0.5)(4)
        assert g == 0.25
        assert isinstance(ad.primal(g), (float, np.floating)) or np.asarray(g).dtype.kind == "f"
        assert derivative(lambda x: x * x)(3) == 6.0


def test_int64_array_input_is_promoted_to_float():
    x = np.arange(1, 4)  # int64
    for jac in (ad.jacfwd, ad.jacrev):
        J = jac(lambda x: x / 2 + np.sqrt(x))(x)
        assert J.dtype.kind == "f"
        np.testing.assert_allclose(J, np.diag(0.5 + 0.5 / np.sqrt([1.0, 2.0, 3.0])), rtol=1e-15)
    g = ad.grad(lambda x: np.sum(x * x))(x)
    assert g.dtype.kind == "f"
    np.testing.assert_array_equal(g, [2.0, 4.0, 6.0])


def test_int_tangents_and_cotangents_are_promoted_too():
    out, tangent = ad.jvp(lambda x: x * 0.5, (np.arange(3),), (np.ones(3, dtype=np.int64),))
    assert tangent.dtype.kind == "f"
    np.testing.assert_array_equal(tangent, [0.5, 0.5, 0.5])
    _, vjp_fn = ad.vjp(lambda x: x * 0.5, np.arange(3))
    (ct,) = vjp_fn(np.ones(3, dtype=np.int64))
    assert ct.dtype.kind == "f"
    np.testing.assert_array_equal(ct, [0.5, 0.5, 0.5])
