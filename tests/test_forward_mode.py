"""Forward mode: dual numbers carry a tangent through every function of the table."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autodiff_lessons as ad
from functions import (
    CASE_IDS,
    CASES,
    CASES_WITH_NAMESPACES,
    FD_TOLERANCE,
    argument,
    assert_jacobian,
    numerical_jacobians,
)

pytestmark = pytest.mark.forward


@pytest.mark.parametrize(("case", "xp"), CASES_WITH_NAMESPACES, ids=CASE_IDS)
@given(data=st.data())
def test_jacfwd_matches_central_differences(case, xp, data):
    args = case.draw(data)
    f = case.bind(xp)
    expected = numerical_jacobians(case, args)
    for i, arg in enumerate(args):
        out_shape = np.shape(case.bind(np)(*args))
        assert_jacobian(ad.jacfwd(f, argnums=i)(*args), expected[i], out_shape + np.shape(arg), **FD_TOLERANCE)


@pytest.mark.parametrize("case", CASES, ids=str)
@given(data=st.data())
def test_jvp_pushes_every_tangent_at_once_and_returns_the_plain_value(case, data):
    args = case.draw(data)
    tangents = data.draw(st.tuples(*(argument(np.shape(a)) for a in args)), label="tangents")
    f = case.bind(np)

    out, tangent_out = ad.jvp(f, args, tangents)

    plain = f(*args)
    assert not isinstance(out, ad.Dual) and not isinstance(tangent_out, ad.Dual)
    np.testing.assert_allclose(out, plain, rtol=1e-14, atol=1e-300)
    # J1 t1 + J2 t2 + ..., each J by central differences.
    expected = sum(
        np.tensordot(J, t, axes=np.ndim(t)) for J, t in zip(numerical_jacobians(case, args), tangents)
    )
    assert np.shape(tangent_out) == np.shape(plain)
    np.testing.assert_allclose(tangent_out, expected, **FD_TOLERANCE)


@pytest.mark.parametrize(("case", "xp"), [(c, xp) for c, xp in CASES_WITH_NAMESPACES if xp is ad],
                         ids=[i for i in CASE_IDS if i.endswith("-ad")])
@given(data=st.data())
def test_ad_functions_on_plain_numbers_compute_what_numpy_computes(case, xp, data):
    args = case.draw(data)
    np.testing.assert_allclose(case.bind(ad)(*args), case.bind(np)(*args), rtol=1e-15, atol=1e-300)


def test_jvp_of_a_product_gives_the_hand_derived_tangent():
    # d(xy) = y dx + x dy
    assert ad.jvp(lambda x, y: x * y, (3.0, 4.0), (1.0, 0.0)) == (12.0, 4.0)
    assert ad.jvp(lambda x, y: x * y, (3.0, 4.0), (0.0, 1.0)) == (12.0, 3.0)
    assert ad.jvp(lambda x, y: x * y, (3.0, 4.0), (2.0, 10.0)) == (12.0, 38.0)


def test_inside_the_function_the_argument_is_a_dual_with_primal_and_tangent():
    seen = []

    def f(x):
        seen.append(x)
        return x * 2.0

    ad.jvp(f, (np.array([1.0, 2.0]),), (np.array([0.5, -1.0]),))
    (x,) = seen
    assert isinstance(x, ad.Dual)
    np.testing.assert_array_equal(x.primal, [1.0, 2.0])
    np.testing.assert_array_equal(x.tangent, [0.5, -1.0])
    assert ad.primal(x) is x.primal


def test_jvp_of_a_function_ignoring_its_input_has_zero_tangent_of_the_output_shape():
    out, tangent = ad.jvp(lambda x: np.ones(3), (2.0,), (1.0,))
    np.testing.assert_array_equal(out, np.ones(3))
    np.testing.assert_array_equal(tangent, np.zeros(3))


def test_jacfwd_uses_one_jvp_per_input_element():
    with ad.count_passes() as passes:
        ad.jacfwd(lambda x: np.sum(x) * np.ones(2))(np.ones((2, 3)))
    assert (passes.jvp, passes.vjp) == (6, 0)
