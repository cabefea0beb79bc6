"""PyTorch (float64) as an independent oracle for every function of the table.

The table's functions are written against a namespace ``xp``; here ``xp`` is
a thin layer that spells numpy's names in PyTorch, so the very same function
runs under ``torch.autograd`` and under autodiff_lessons.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import autodiff_lessons as ad
from functions import (
    CASE_IDS,
    CASES,
    CASES_WITH_NAMESPACES,
    EXACT_TOLERANCE,
    REAL,
    argument,
    assert_jacobian,
    away_from,
)

torch = pytest.importorskip("torch")

pytestmark = [pytest.mark.forward, pytest.mark.reverse, pytest.mark.jacobians]


def _tensor(x):
    return x if isinstance(x, torch.Tensor) else torch.as_tensor(x, dtype=torch.float64)


def _tensors(xs):
    return [_tensor(x) for x in xs]


def _dims(axis):
    """numpy's axis argument spelled as PyTorch's dim (a tuple, never a list)."""
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


class TorchLinalg:
    """np.linalg's names, computed by torch.linalg."""

    inv, det, solve = torch.linalg.inv, torch.linalg.det, torch.linalg.solve

    @staticmethod
    def norm(x, ord=None, axis=None, keepdims=False):
        return torch.linalg.norm(x, ord, dim=_dims(axis), keepdim=keepdims)


class TorchNumpy:
    """numpy's names for the table's functions, computed by PyTorch."""

    sin, cos, tan, exp, log = torch.sin, torch.cos, torch.tan, torch.exp, torch.log
    sqrt, tanh, abs = torch.sqrt, torch.tanh, torch.abs
    expm1, log1p, sinh, cosh = torch.expm1, torch.log1p, torch.sinh, torch.cosh
    arcsin, arccos, arctan, arctan2 = torch.arcsin, torch.arccos, torch.arctan, torch.arctan2
    logaddexp, ravel = torch.logaddexp, torch.ravel
    atleast_2d, einsum = staticmethod(torch.atleast_2d), staticmethod(torch.einsum)  # Python functions
    linalg = TorchLinalg()

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
    def mod(x, y):
        return torch.remainder(_tensor(x), _tensor(y))

    @staticmethod
    def clip(x, a_min=None, a_max=None, *, min=None, max=None):
        return torch.clip(x, a_min if min is None else min, a_max if max is None else max)

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
    def max(x, axis=None, keepdims=False):
        return torch.max(x) if axis is None else torch.amax(x, dim=axis, keepdim=keepdims)

    @staticmethod
    def min(x, axis=None, keepdims=False):
        return torch.min(x) if axis is None else torch.amin(x, dim=axis, keepdim=keepdims)

    @staticmethod
    def prod(x, axis=None, keepdims=False):
        return torch.prod(x) if axis is None else torch.prod(x, dim=axis, keepdim=keepdims)

    @staticmethod
    def var(x, axis=None, ddof=0, keepdims=False):
        return torch.var(x, dim=axis, correction=ddof, keepdim=keepdims)

    @staticmethod
    def std(x, axis=None, ddof=0, keepdims=False):
        return torch.std(x, dim=axis, correction=ddof, keepdim=keepdims)

    @staticmethod
    def cumsum(x, axis=None):
        return torch.cumsum(x.reshape(-1), 0) if axis is None else torch.cumsum(x, axis)

    @staticmethod
    def trace(x, offset=0):
        return torch.sum(torch.diagonal(x, offset))

    @staticmethod
    def transpose(x, axes=None):
        return x.permute(*(reversed(range(x.dim())) if axes is None else axes))

    @staticmethod
    def diag(x, k=0):
        return torch.diag(x, k)

    @staticmethod
    def repeat(x, repeats, axis=None):
        return torch.repeat_interleave(x, repeats, dim=axis)

    @staticmethod
    def roll(x, shift, axis=None):
        return torch.roll(x, shift, dims=axis)

    @staticmethod
    def expand_dims(x, axis):
        axes = axis if isinstance(axis, tuple) else (axis,)
        ndim = x.dim() + len(axes)
        for a in sorted(a % ndim for a in axes):
            x = torch.unsqueeze(x, a)
        return x

    @staticmethod
    def squeeze(x, axis=None):
        return torch.squeeze(x) if axis is None else torch.squeeze(x, _dims(axis))

    @staticmethod
    def concatenate(arrays, axis=0):
        return torch.cat(_tensors(arrays), dim=axis)

    @staticmethod
    def stack(arrays, axis=0):
        return torch.stack(_tensors(arrays), dim=axis)

    @staticmethod
    def vstack(arrays):
        return torch.vstack(_tensors(arrays))

    @staticmethod
    def hstack(arrays):
        return torch.hstack(_tensors(arrays))

    @staticmethod
    def matmul(x, y):
        return torch.matmul(x, y)

    @staticmethod
    def dot(x, y):
        if x.dim() == 0 or y.dim() == 0:
            return x * y
        return torch.matmul(x, y)

    @staticmethod
    def outer(x, y):
        return torch.outer(x.reshape(-1), y.reshape(-1))

    @staticmethod
    def vdot(x, y):
        return torch.dot(x.reshape(-1), y.reshape(-1))

    @staticmethod
    def tensordot(x, y, axes=2):
        return torch.tensordot(x, y, dims=axes)

    @staticmethod
    def ones_like(x):
        return torch.ones_like(_tensor(x))

    @staticmethod
    def zeros_like(x):
        return torch.zeros_like(_tensor(x))


class NumpyTensor(torch.Tensor):
    """A tensor whose methods take numpy's arguments, for table functions such as
    ``x.max(axis=1)``, ``x.std()`` (ddof 0, not PyTorch's 1) or ``x.astype(float)``.
    Results of PyTorch operations on it are NumpyTensors again."""

    def max(self, axis=None, keepdims=False): return TorchNumpy.max(self, axis, keepdims)
    def min(self, axis=None, keepdims=False): return TorchNumpy.min(self, axis, keepdims)
    def prod(self, axis=None, keepdims=False): return TorchNumpy.prod(self, axis, keepdims)
    def var(self, axis=None, ddof=0, keepdims=False): return TorchNumpy.var(self, axis, ddof, keepdims)
    def std(self, axis=None, ddof=0, keepdims=False): return TorchNumpy.std(self, axis, ddof, keepdims)
    def cumsum(self, axis=None): return TorchNumpy.cumsum(self, axis)
    def squeeze(self, axis=None): return TorchNumpy.squeeze(self, axis)
    def astype(self, dtype): return self.to(torch.float64)

    def transpose(self, *axes):
        return TorchNumpy.transpose(self, axes[0] if len(axes) == 1 else axes or None)


def _numpy_tensor(x):
    return _tensor(x).as_subclass(NumpyTensor)


TORCH = TorchNumpy()


def torch_function(case):
    """The case as a function of tensors, computed by PyTorch."""

    def f(*tensors):
        return torch.as_tensor(case.fn(TORCH, *map(_numpy_tensor, tensors))).as_subclass(torch.Tensor)

    return f


def torch_jacobians(case, args):
    tensors = tuple(_tensor(a) for a in args)
    value = torch_function(case)(*tensors)
    jacobians = torch.autograd.functional.jacobian(torch_function(case), tensors)
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


def weights(shape):
    """Fixed, unequal weights that turn an output of this shape into one number."""
    return np.linspace(0.5, 1.5, int(np.prod(shape))).reshape(shape)


@pytest.mark.parametrize("case", CASES, ids=str)
@given(data=st.data())
def test_second_derivatives_agree_with_pytorch(case, data):
    # The rules' own derivatives, for s = sum(w * f(x_1, x_2, ...)): every block d2s / dx_i dx_j
    # by forward over reverse (which differentiates the VJP rules), and the Hessian times a
    # random direction by reverse over forward (which differentiates the JVP rules).  Kinks
    # (max, abs, clip, mod) have second derivative 0 on both sides, as in PyTorch.
    args = case.draw(data)
    if case.name == "pow":
        # PyTorch treats x ** 0 as a constant, so its d2(x**y)/dxdy at y = 0 is 0, not 1/x
        # (test_higher_order checks ours by hand there).
        assume(away_from(args[1], 0.0))
    directions = data.draw(st.tuples(*(argument(np.shape(a)) for a in args)), label="directions")
    f = case.bind(np)
    w = weights(np.shape(f(*args)))

    def s(*xs):
        return np.sum(f(*xs) * w)

    tensors = tuple(_tensor(a) for a in args)
    expected = torch.autograd.functional.hessian(lambda *ts: torch.sum(torch_function(case)(*ts) * _tensor(w)), tensors)
    for i, x_i in enumerate(args):
        for j, x_j in enumerate(args):
            shape = np.shape(x_i) + np.shape(x_j)
            block = expected[i][j].numpy()
            assert_jacobian(ad.jacfwd(ad.jacrev(s, argnums=i), argnums=j)(*args), block, shape, rtol=1e-9, atol=1e-9)
    # d/dx_i of the directional derivative sum_j ds/dx_j . v_j is sum_j H_ij v_j.
    hvps = ad.grad(lambda *xs: ad.jvp(s, xs, directions)[1], argnums=tuple(range(len(args))))(*args)
    for i, hvp in enumerate(hvps):
        expected_hvp = sum(np.tensordot(expected[i][j].numpy(), v, axes=np.ndim(v)) for j, v in enumerate(directions))
        assert_jacobian(hvp, expected_hvp, np.shape(args[i]), rtol=1e-9, atol=1e-9)


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
