"""PyTorch (float64) as an independent oracle for every function of the table.

The table's functions are written against a namespace ``xp``; here ``xp`` is
a thin layer that spells numpy's names in PyTorch, so the very same function
runs under ``torch.autograd`` and under autodiff_lessons.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autodiff_lessons as ad
from functions import CASE_IDS, CASES_WITH_NAMESPACES, EXACT_TOLERANCE, REAL, argument, assert_jacobian

torch = pytest.importorskip("torch")

pytestmark = [pytest.mark.forward, pytest.mark.reverse, pytest.mark.jacobians]


def _tensor(x):
    return x if isinstance(x, torch.Tensor) else torch.as_tensor(x, dtype=torch.float64)


class TorchNumpy:
    """numpy's names for the table's functions, computed by PyTorch."""

    sin, cos, tan, exp, log = torch.sin, torch.cos, torch.tan, torch.exp, torch.log
    sqrt, tanh, abs = torch.sqrt, torch.tanh, torch.abs

    @staticmethod
    def constant(values):
        return torch.tensor(values, dtype=torch.float64)

    @staticmethod
    def maximum(x, y):
        return torch.maximum(_tensor(x), _tensor(y))

    @staticmethod
    def minimum(x, y):
        return torch.minimum(_tensor(x), _tensor(y))

    @staticmethod
    def where(condition, x, y):
        return torch.where(_tensor(condition).bool(), _tensor(x), _tensor(y))

    @staticmethod
    def sum(x, axis=None, keepdims=False):
        return torch.sum(x) if axis is None else torch.sum(x, dim=axis, keepdim=keepdims)

    @staticmethod
    def mean(x, axis=None, keepdims=False):
        return torch.mean(x) if axis is None else torch.mean(x, dim=axis, keepdim=keepdims)

    @staticmethod
    def matmul(x, y):
        return torch.matmul(x, y)

    @staticmethod
    def dot(x, y):
        if x.dim() == 0 or y.dim() == 0:
            return x * y
        return torch.matmul(x, y)

    @staticmethod
    def ones_like(x):
        return torch.ones_like(_tensor(x))

    @staticmethod
    def zeros_like(x):
        return torch.zeros_like(_tensor(x))


TORCH = TorchNumpy()


def torch_jacobians(case, args):
    tensors = tuple(_tensor(a) for a in args)
    value = case.fn(TORCH, *tensors)
    jacobians = torch.autograd.functional.jacobian(lambda *ts: case.fn(TORCH, *ts), tensors)
    return value.detach().numpy(), [J.numpy() for J in jacobians]


@pytest.mark.parametrize(("case", "xp"), CASES_WITH_NAMESPACES, ids=CASE_IDS)
@given(data=st.data())
def test_value_jacfwd_and_jacrev_agree_with_pytorch(case, xp, data):
    args = case.draw(data)
    f = case.bind(xp)
    value, expected = torch_jacobians(case, args)
    np.testing.assert_allclose(f(*args), value, **EXACT_TOLERANCE)
    for i, arg in enumerate(args):
        shape = np.shape(value) + np.shape(arg)
        assert_jacobian(ad.jacfwd(f, argnums=i)(*args), expected[i], shape, **EXACT_TOLERANCE)
        assert_jacobian(ad.jacrev(f, argnums=i)(*args), expected[i], shape, **EXACT_TOLERANCE)


HESSIAN_FUNCTIONS = {
    "sum_sin_times_square": lambda xp, x: xp.sum(xp.sin(x) * x ** 2),
    "log_sum_exp": lambda xp, x: xp.log(xp.sum(xp.exp(x))),
    "quartic_with_cross_terms": lambda xp, x: xp.sum(x[:-1] ** 2 * x[1:] ** 2) + x[0] * x[2],
    "rosenbrock": lambda xp, x: xp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2),
    "tanh_of_matrix_vector": lambda xp, x: xp.sum(xp.tanh(xp.matmul(x.reshape(2, 2), x[:2]))),
}


@pytest.mark.parametrize("fn", HESSIAN_FUNCTIONS.values(), ids=HESSIAN_FUNCTIONS.keys())
@given(x=argument((4,), REAL))
def test_hessian_agrees_with_pytorch(fn, x):
    expected = torch.autograd.functional.hessian(lambda t: fn(TORCH, t), _tensor(x)).numpy()
    H = ad.hessian(lambda x: fn(np, x))(x)
    assert_jacobian(H, expected, (4, 4), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(ad.primal(H), ad.primal(H).T, rtol=1e-12, atol=1e-12)
    # reverse over forward as well
    assert_jacobian(ad.jacrev(ad.jacfwd(lambda x: fn(ad, x)))(x), expected, (4, 4), rtol=1e-10, atol=1e-10)


@given(x=argument((3,), REAL), y=argument((3,), REAL))
def test_grad_with_two_arguments_agrees_with_pytorch(x, y):
    fn = lambda xp, x, y: xp.sum(xp.sin(x) * y + x * xp.exp(y * 0.5))  # noqa: E731
    tx, ty = _tensor(x).requires_grad_(), _tensor(y).requires_grad_()
    fn(TORCH, tx, ty).backward()
    gx, gy = ad.grad(lambda x, y: fn(np, x, y), argnums=(0, 1))(x, y)
    np.testing.assert_allclose(gx, tx.grad.numpy(), **EXACT_TOLERANCE)
    np.testing.assert_allclose(gy, ty.grad.numpy(), **EXACT_TOLERANCE)
