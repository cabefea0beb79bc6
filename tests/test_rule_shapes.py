"""Tangents and cotangents get the shape of the value they belong to, or the rule that broke it is named.

A primitive that broadcasts (``add``, ``multiply``...) is made with
``broadcasts=True``; its rules work at the output's shape and the passes fit
their results to each argument: forward mode stretches a tangent up, reverse
mode sums a cotangent down.  For any other primitive a rule that returns the
wrong shape is a bug, and both passes stop with an error naming it, instead
of carrying a wrongly shaped derivative on.
"""

import numpy as np
import pytest

import autodiff_lessons as ad


def _scaled_sum(broadcasts):
    """x * y as a user-made primitive whose rules work at the output's shape, as the built-in ones do."""
    # A lambda, not np.multiply: primitive(np.multiply) would take over np.multiply for every test after this one.
    prim = ad.primitive(lambda x, y: x * y, "my_multiply", broadcasts=broadcasts)
    ad.defjvp(prim, lambda t, ans, x, y: t * y, lambda t, ans, x, y: x * t)
    ad.defvjp(prim, lambda g, ans, x, y: g * y, lambda g, ans, x, y: x * g)
    return lambda x, y: np.sum(prim(x, y))


X = np.array([1.0, 2.0, 3.0])
Y = np.arange(6.0).reshape(2, 3)


def test_a_broadcasting_primitive_gets_cotangents_summed_to_each_arguments_shape():
    gx, gy = ad.grad(_scaled_sum(broadcasts=True), argnums=(0, 1))(X, Y)
    assert gx.shape == (3,) and gy.shape == (2, 3)
    np.testing.assert_allclose(gx, Y.sum(axis=0))
    np.testing.assert_allclose(gy, np.broadcast_to(X, (2, 3)))


def test_a_broadcasting_primitive_gets_tangents_stretched_to_the_outputs_shape():
    f = _scaled_sum(broadcasts=True)
    _, tangent = ad.jvp(f, (X, Y), (np.ones(3), np.zeros((2, 3))))
    assert tangent == pytest.approx(Y.sum())


def test_the_same_rules_without_broadcasts_raise_naming_the_primitive_and_both_shapes():
    with pytest.raises(ValueError, match=r"my_multiply.*argument 0.*\(2, 3\).*\(3,\)"):
        ad.grad(_scaled_sum(broadcasts=False), argnums=(0, 1))(X, Y)


def _sum_with_vjp(vjp_rule):
    return ad.custom_vjp(np.sum, vjp_rule, jvp_rule=lambda i, t, ans, x: np.sum(t), name="my_sum")


def test_a_vjp_rule_returning_a_float_for_an_array_argument_raises():
    # The cotangent of a sum is g on every element; this rule forgot to spread it.
    f = _sum_with_vjp(lambda i, g, ans, x: g)
    with pytest.raises(ValueError, match=r"my_sum.*shape \(\).*shape \(3,\)"):
        ad.grad(f)(X)


def test_a_right_vjp_rule_passes_the_shape_check():
    f = _sum_with_vjp(lambda i, g, ans, x: g * np.ones_like(x))
    np.testing.assert_allclose(ad.grad(f)(X), np.ones(3))


def test_a_jvp_rule_of_the_wrong_shape_raises_naming_the_primitive():
    # A sum's tangent is one number; this rule returns one per element.
    f = ad.custom_jvp(np.sum, lambda i, t, ans, x: t, name="my_sum")
    with pytest.raises(ValueError, match=r"JVP rule of primitive 'my_sum'.*\(3,\).*\(\)"):
        ad.jvp(f, (X,), (np.ones(3),))


def test_the_built_in_rules_of_add_and_multiply_no_longer_unbroadcast_themselves():
    # What makes the passes, not the rules, responsible for broadcasting.
    from autodiff_lessons import rules

    g = np.ones((2, 3))
    assert rules.add.broadcasts and rules.multiply.broadcasts and not rules.sum.broadcasts
    assert rules.multiply.vjp_rule(0)(g, None, X, Y).shape == (2, 3)


def test_a_jvp_rule_returning_one_number_for_an_array_output_raises():
    # Once this tangent was stretched over the output without a word: [6, 6, 6] instead of [2, 2, 2].
    double = ad.custom_jvp(lambda x: 2.0 * x, lambda i, t, ans, x: np.sum(2.0 * t), name="double")
    with pytest.raises(ValueError, match=r"JVP rule of primitive 'double'.*shape \(\).*\(3,\)"):
        ad.jvp(double, (X,), (np.ones(3),))


def test_a_broadcasting_primitives_rule_of_a_shape_numpy_cannot_stretch_is_named_too():
    # Broadcasting explains (2, 3) against (3,), not (2, 4) against (3,).
    wide = ad.primitive(lambda x, y: x * y, "wide", broadcasts=True)
    ad.defjvp(wide, lambda t, ans, x, y: np.ones((2, 4)), None)
    ad.defvjp(wide, lambda g, ans, x, y: np.ones((2, 4)), None)
    with pytest.raises(ValueError, match=r"VJP rule of primitive 'wide'.*\(2, 4\).*\(3,\)"):
        ad.grad(lambda x: np.sum(wide(x, Y)))(X)
    with pytest.raises(ValueError, match=r"JVP rule of primitive 'wide'.*\(2, 4\).*\(2, 3\)"):
        ad.jvp(lambda x: wide(x, Y), (X,), (np.ones(3),))
