"""``logsumexp``, ``softmax`` and ``np.logaddexp``: right values and derivatives, even at 1000.

``np.log(np.sum(np.exp(x)))`` overflows to ``inf`` for ``x = 1000``, and its
derivative to ``nan``.  The package's versions take the largest element out
first (with ``stop_gradient``, since the shift changes nothing but rounding),
so values and derivatives stay finite and agree with PyTorch.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autodiff_lessons as ad
from functions import REAL, argument

torch = pytest.importorskip("torch")

pytestmark = [pytest.mark.forward, pytest.mark.reverse, pytest.mark.jacobians]

JACOBIANS = {"jacfwd": ad.jacfwd, "jacrev": ad.jacrev}
SHIFTS = [0.0, 1000.0, -1000.0]


def quietly(f, *args):
    """f(*args), failing on any overflow or invalid-value warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return f(*args)


@pytest.mark.parametrize("derivative", [ad.grad, ad.jacfwd, ad.jacrev], ids=["grad", "jacfwd", "jacrev"])
@pytest.mark.parametrize("big", [1000.0, -1000.0])
def test_logsumexp_and_logaddexp_of_two_equal_big_numbers(derivative, big):
    x = np.array([big, big])
    assert quietly(ad.logsumexp, x) == big + np.log(2.0)
    np.testing.assert_array_equal(quietly(derivative(ad.logsumexp), x), [0.5, 0.5])
    assert quietly(lambda: np.logaddexp(big, big)) == big + np.log(2.0)
    # np.logaddexp's rule is e^(x - ans), as in JAX: x - ans has the rounding error of ans = 1000.69...
    np.testing.assert_allclose(quietly(derivative(lambda x: np.logaddexp(x[0], x[1])), x), [0.5, 0.5], rtol=1e-13)
    assert quietly(derivative(lambda x: ad.logsumexp([x[0], x[1]])), x).tolist() == [0.5, 0.5]  # a list


@pytest.mark.parametrize("jac", JACOBIANS.values(), ids=JACOBIANS.keys())
def test_softmax_of_big_numbers_is_finite_and_its_jacobian_is_diag_p_minus_p_p_transpose(jac):
    x = np.array([1000.0, 1000.0, 0.0])
    p = quietly(ad.softmax, x)
    np.testing.assert_allclose(p, [0.5, 0.5, 0.0], atol=1e-300)
    np.testing.assert_allclose(quietly(jac(ad.softmax), x), np.diag(p) - np.outer(p, p), atol=1e-300)


LOGSUMEXPS = {
    "all": dict(),
    "axis 0": dict(axis=0),
    "axis 1 keepdims": dict(axis=1, keepdims=True),
    "axis -1": dict(axis=-1),
}


def torch_logsumexp(t, axis=None, keepdims=False):
    return torch.logsumexp(t.reshape(-1), 0) if axis is None else torch.logsumexp(t, axis, keepdim=keepdims)


@pytest.mark.parametrize("shift", SHIFTS)
@pytest.mark.parametrize("kwargs", LOGSUMEXPS.values(), ids=LOGSUMEXPS.keys())
@given(x=argument((2, 3), REAL))
def test_logsumexp_values_jacobians_and_hessians_agree_with_pytorch(kwargs, shift, x):
    x = x + shift
    t = torch.as_tensor(x)
    np.testing.assert_allclose(quietly(lambda: ad.logsumexp(x, **kwargs)), torch_logsumexp(t, **kwargs).numpy(),
                               rtol=1e-14)
    expected = torch.autograd.functional.jacobian(lambda t: torch_logsumexp(t, **kwargs), t).numpy()
    for jac in JACOBIANS.values():
        np.testing.assert_allclose(quietly(jac(lambda x: ad.logsumexp(x, **kwargs)), x), expected,
                                   rtol=1e-12, atol=1e-14)
    hessian = torch.autograd.functional.hessian(lambda t: torch.sum(torch_logsumexp(t, **kwargs)), t).numpy()
    np.testing.assert_allclose(quietly(ad.hessian(lambda x: np.sum(ad.logsumexp(x, **kwargs))), x),
                               hessian.reshape(2, 3, 2, 3), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("shift", SHIFTS)
@pytest.mark.parametrize("axis", [-1, 0])
@given(x=argument((2, 3), REAL), w=argument((2, 3), REAL))
def test_softmax_values_jacobians_and_second_derivatives_agree_with_pytorch(axis, shift, x, w):
    x = x + shift
    t = torch.as_tensor(x)
    np.testing.assert_allclose(quietly(ad.softmax, x, axis), torch.softmax(t, axis).numpy(), rtol=1e-13, atol=1e-300)
    expected = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, axis), t).numpy()
    for jac in JACOBIANS.values():
        np.testing.assert_allclose(quietly(jac(lambda x: ad.softmax(x, axis)), x), expected, rtol=1e-12, atol=1e-14)
    # A weighted sum of the probabilities, as in a loss: its Hessian.
    hessian = torch.autograd.functional.hessian(lambda t: torch.sum(torch.softmax(t, axis) * torch.as_tensor(w)), t)
    np.testing.assert_allclose(quietly(ad.hessian(lambda x: np.sum(ad.softmax(x, axis) * w)), x),
                               hessian.numpy(), rtol=1e-10, atol=1e-12)


@given(x=st.floats(-3.0, 3.0))
def test_logsumexp_of_a_tie_at_the_maximum_splits_its_gradient_as_softmax_does(x):
    # The shift by the maximum is a constant (stop_gradient), so the tie in max does not matter.
    v = np.array([x, x, x - 1.0])
    p = np.exp(v - np.log(np.sum(np.exp(v))))
    for derivative in (ad.grad, ad.jacfwd, ad.jacrev):
        np.testing.assert_allclose(derivative(ad.logsumexp)(v), p, rtol=1e-14)
