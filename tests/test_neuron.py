"""The weighted sum and the single neuron, including the outline's worked examples."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import nbkernel as nk

values = st.floats(min_value=-10, max_value=10, allow_nan=False)


def test_outline_worked_example_gives_068():
    x, w, b = [0.5, 0.3, 0.8], [0.6, 0.4, 0.2], 0.1
    assert nk.weighted_sum(x, w, b) == pytest.approx(0.68, abs=1e-12)
    assert nk.neuron(x, w, b, "relu") == pytest.approx(0.68, abs=1e-12)
    np.testing.assert_allclose(nk.contributions(x, w, b), [0.3, 0.12, 0.16, 0.1], atol=1e-12)


def test_exercise_1_gives_19():
    x, w, b = [2.0, -1.0, 0.5], [0.5, -0.3, 0.8], 0.2
    np.testing.assert_allclose(nk.contributions(x, w, b), [1.0, 0.3, 0.4, 0.2], atol=1e-12)
    assert nk.neuron(x, w, b, "relu") == pytest.approx(1.9, abs=1e-12)


def test_negative_sum_is_cut_by_relu():
    assert nk.neuron([1.0, 1.0], [-1.0, -1.0], 0.5, "relu") == 0.0


@pytest.mark.parametrize("x_shape, w_shape, b, out_shape", [
    ((3,), (3,), 0.1, ()),
    ((4, 3), (3,), 0.1, (4,)),
    ((3,), (3, 2), [0.1, 0.2], (2,)),
    ((4, 3), (3, 2), [0.1, 0.2], (4, 2)),
    ((4, 3), (3, 2), 0.5, (4, 2)),
])
def test_weighted_sum_shapes(x_shape, w_shape, b, out_shape):
    rng = np.random.default_rng(0)
    z = nk.weighted_sum(rng.normal(size=x_shape), rng.normal(size=w_shape), b)
    assert np.shape(z) == out_shape


@given(arrays(float, (5, 3), elements=values), arrays(float, (3, 2), elements=values),
       arrays(float, (2,), elements=values))
def test_batch_equals_row_by_row(X, W, b):
    batch = nk.weighted_sum(X, W, b)
    rows = np.array([nk.weighted_sum(x, W, b) for x in X])
    np.testing.assert_allclose(batch, rows, rtol=1e-12, atol=1e-12)
    by_hand = [[sum(X[i, k] * W[k, j] for k in range(3)) + b[j] for j in range(2)]
               for i in range(5)]
    np.testing.assert_allclose(batch, by_hand, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("name", sorted(nk.ACTIVATIONS))
def test_neuron_applies_the_activation(name):
    x, w, b = [0.5, -0.3], [1.2, 0.7], -0.2
    assert nk.neuron(x, w, b, name) == nk.apply(name, nk.weighted_sum(x, w, b))


def test_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"x has shape \(3,\) but w has shape \(2,\)"):
        nk.weighted_sum([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match=r"b has shape \(3,\) but w has shape \(2, 2\)"):
        nk.weighted_sum([1.0, 2.0], np.eye(2), [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match=r"x has shape \(3,\) but w has shape \(2,\)"):
        nk.contributions([1.0, 2.0, 3.0], [1.0, 2.0])


def test_wrong_dimensions_refused():
    with pytest.raises(ValueError, match=r"x must have 1 or 2 dimension\(s\), got shape"):
        nk.weighted_sum(np.ones((2, 2, 2)), np.ones(2))


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(x=[1.0, float("nan")], w=[1.0, 1.0]), ValueError, "x contains NaN"),
    (dict(x=[1.0, 1.0], w=[1.0, float("-inf")]), ValueError, "w contains infinite"),
    (dict(x=[1.0, 1.0], w=[1.0, 1.0], b=float("nan")), ValueError, "b contains NaN"),
    (dict(x="1, 2", w=[1.0, 1.0]), TypeError, "x must be numeric"),
    (dict(x=[1.0, 1.0], w=[1.0, {}]), TypeError, "w must be numeric"),
])
def test_bad_values_refused(kwargs, error, message):
    with pytest.raises(error, match=message):
        nk.weighted_sum(**kwargs)


def test_unknown_activation_in_neuron():
    with pytest.raises(ValueError, match="unknown activation 'step'; known activations: gelu"):
        nk.neuron([1.0], [1.0], 0.0, "step")
