"""Checkpointing: the same derivatives as the plain function, in every mode, for less memory."""

from __future__ import annotations

import gc
import tracemalloc

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autodiff_lessons as ad

pytestmark = [pytest.mark.reverse, pytest.mark.forward, pytest.mark.jacobians]


def step(x):
    return np.sin(x) * 1.05 + 0.1 * x


def steps(k):
    """k steps of the chain, as one function (a segment)."""

    def segment(x):
        for _ in range(k):
            x = step(x)
        return x

    return segment


def chain(n_steps, n_segments=None):
    """n_steps steps, plain (n_segments=None) or as n_segments checkpointed segments."""
    if n_segments is None:
        segment, repeat = steps(n_steps), 1
    else:
        assert n_steps % n_segments == 0
        segment, repeat = ad.checkpoint(steps(n_steps // n_segments)), n_segments

    def f(x):
        for _ in range(repeat):
            x = segment(x)
        return np.sum(x)

    return f


def peak_bytes(fn):
    """The peak memory numpy and Python allocate while fn() runs."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("n_segments", [1, 5, 30, 300])
def test_gradient_of_a_deep_chain_equals_the_unchecked_one(n_segments):
    x = np.linspace(-2.0, 2.0, 7)
    expected = ad.grad(chain(300))(x)
    np.testing.assert_allclose(ad.grad(chain(300, n_segments))(x), expected, rtol=1e-13, atol=1e-15)


@given(x=st.floats(-2.0, 2.0))
def test_forward_mode_and_reverse_mode_agree_with_the_plain_chain(x):
    plain, checked = chain(60), chain(60, 6)
    assert ad.jvp(checked, (x,), (1.0,)) == pytest.approx(ad.jvp(plain, (x,), (1.0,)), rel=1e-13, abs=1e-15)
    np.testing.assert_allclose(ad.jacfwd(checked)(x), ad.grad(plain)(x), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(ad.jacrev(checked)(x), ad.grad(plain)(x), rtol=1e-13, atol=1e-15)


@given(x=st.floats(-2.0, 2.0))
def test_second_derivatives_through_checkpoints_in_every_nesting(x):
    plain, checked = chain(20), chain(20, 4)
    expected = ad.grad(ad.grad(plain))(x)
    for outer in (ad.jacfwd, ad.jacrev, ad.grad):
        for inner in (ad.jacfwd, ad.jacrev, ad.grad):
            np.testing.assert_allclose(outer(inner(checked))(x), expected, rtol=1e-12, atol=1e-13,
                                       err_msg=f"{outer.__name__}({inner.__name__}(checkpointed chain))")


def test_several_arguments_keyword_arguments_and_a_list_of_outputs():
    def f(x, y, scale=1.0):
        return [scale * x * y, np.sin(x) + y]

    g = ad.checkpoint(f)
    x, y = np.array([0.5, -1.0]), np.array([2.0, 3.0])

    def loss(f):
        return lambda x, y: np.sum(ad.stack(f(x, y, scale=3.0)) ** 2)

    got = ad.grad(loss(g), argnums=(0, 1))(x, y)
    expected = ad.grad(loss(f), argnums=(0, 1))(x, y)
    for a, b in zip(got, expected):
        np.testing.assert_allclose(a, b, rtol=1e-14)
    np.testing.assert_allclose(ad.jacfwd(lambda x: g(x, y))(x), ad.jacrev(lambda x: f(x, y))(x), rtol=1e-14)


def test_the_checkpoint_is_one_node_on_the_tape():
    graph = ad.trace(chain(100, 4), 0.5)
    ops = [node.op for node in graph.nodes if node.op not in ("input", "const")]
    assert ops == ["checkpoint(segment)"] * 4 + ["sum"]


def test_the_backward_pass_runs_each_segment_again():
    with ad.count_passes() as passes:
        ad.grad(chain(100, 4))(0.5)
    assert passes.vjp == 1 + 4  # the gradient's own pass, and one re-run per segment


def test_checkpointed_segments_keep_the_peak_memory_of_a_long_chain_lower():
    # 400 steps of 4 operations on 2,000 floats: the plain tape keeps 1,600 arrays of 16 kB.
    x = np.linspace(-1.0, 1.0, 2000)
    plain = peak_bytes(lambda: ad.grad(chain(400))(x))
    checked = peak_bytes(lambda: ad.grad(chain(400, 20))(x))
    assert plain > 20e6
    assert checked < plain / 4, (plain, checked)
