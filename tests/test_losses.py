"""Losses: values, safety at 0 and 1, gradients against finite differences."""

import math

import numpy as np
import pytest

import nbkernel as nk


def test_bce_value():
    expected = -(math.log(0.9) + math.log(0.8)) / 2
    assert nk.bce_loss([1.0, 0.0], [0.9, 0.2]) == pytest.approx(expected, abs=1e-15)


def test_bce_safe_at_exact_zero_and_one():
    assert nk.bce_loss([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert nk.bce_loss([1.0], [0.0]) == 100.0  # log clamped at -100, as in PyTorch
    assert np.all(np.isfinite(nk.bce_gradient([1.0, 0.0], [0.0, 1.0])))


def test_mse_value():
    assert nk.mse_loss([[1.0], [0.0]], [[0.5], [1.0]]) == pytest.approx((0.25 + 1.0) / 2)


@pytest.mark.parametrize("name", sorted(nk.LOSSES))
def test_gradient_matches_finite_differences(name):
    loss = nk.loss_function(name)
    y = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])  # one-hot rows suit every loss
    p = np.array([[0.7, 0.2], [0.4, 0.9], [0.55, 0.35]])
    estimate = nk.numerical_gradient(lambda q: loss.value(y, q), p.copy())
    np.testing.assert_allclose(loss.gradient(y, p), estimate, atol=1e-8)


def test_agrees_with_pytorch():
    torch = pytest.importorskip("torch", reason="PyTorch not installed (CI installs it)")
    y = np.array([1.0, 0.0, 1.0, 0.0])
    p = np.array([0.9, 0.2, 0.0, 1.0])
    tp = torch.tensor(p)
    ty = torch.tensor(y)
    assert nk.bce_loss(y, p) == pytest.approx(torch.nn.functional.binary_cross_entropy(tp, ty)
                                             .item(), abs=1e-12)
    assert nk.mse_loss(y, p) == pytest.approx(torch.nn.functional.mse_loss(tp, ty).item(),
                                             abs=1e-12)


def test_shape_mismatch():
    with pytest.raises(ValueError, match=r"y_true has shape \(2,\) but y_pred has shape \(3,\)"):
        nk.mse_loss([1.0, 0.0], [1.0, 0.0, 1.0])


def test_bce_refuses_values_outside_zero_one():
    with pytest.raises(ValueError, match="needs y_pred between 0 and 1"):
        nk.bce_loss([1.0], [1.3])
    with pytest.raises(ValueError, match="needs y_true between 0 and 1"):
        nk.bce_loss([2.0], [0.5])


def test_unknown_loss():
    with pytest.raises(ValueError,
                       match="unknown loss 'hinge'; known losses: bce, cross_entropy, mse"):
        nk.loss_function("hinge")


def test_nan_refused():
    with pytest.raises(ValueError, match="y_pred contains NaN"):
        nk.mse_loss([1.0], [float("nan")])


# Softmax and multi-class cross-entropy (from logits, mean over the examples).

LOGITS = np.array([[2.0, 1.0, 0.1], [-1.0, 3.0, 0.5], [0.3, 0.3, -2.0], [5.0, -4.0, 1.0]])
LABELS = np.array([0, 1, 2, 0])


def test_softmax_rows_are_probabilities_and_stable():
    s = nk.softmax(LOGITS)
    np.testing.assert_allclose(s.sum(axis=1), 1.0, atol=1e-15)
    np.testing.assert_allclose(s[0], np.exp([2.0, 1.0, 0.1]) / np.exp([2.0, 1.0, 0.1]).sum(),
                               rtol=1e-14)
    np.testing.assert_allclose(nk.softmax(LOGITS + 1000.0), s, rtol=1e-12)  # no overflow
    np.testing.assert_array_equal(nk.softmax([-1e4, 0.0, 1e4]), [0.0, 0.0, 1.0])
    np.testing.assert_allclose(nk.softmax(LOGITS[1]), s[1], rtol=1e-15)


def test_cross_entropy_value_by_hand():
    row = np.array([2.0, 1.0, 0.1])
    expected = -np.log(np.exp(2.0) / np.exp(row).sum())
    assert nk.cross_entropy_loss([0], [row]) == pytest.approx(expected, rel=1e-14)
    assert nk.cross_entropy_loss(0, row) == pytest.approx(expected, rel=1e-14)  # one example
    assert nk.cross_entropy_loss([0], [[1e4, 0.0, -1e4]]) == 0.0  # stable: no log(0)
    assert nk.cross_entropy_loss([1], [[1e4, 0.0, -1e4]]) == pytest.approx(1e4)


def test_cross_entropy_one_hot_equals_class_numbers():
    one_hot = np.eye(3)[LABELS]
    assert nk.cross_entropy_loss(one_hot, LOGITS) == nk.cross_entropy_loss(LABELS, LOGITS)
    np.testing.assert_array_equal(nk.cross_entropy_gradient(one_hot, LOGITS),
                                  nk.cross_entropy_gradient(LABELS, LOGITS))
    np.testing.assert_array_equal(nk.cross_entropy_gradient(LABELS[:1, None], LOGITS[:1]),
                                  nk.cross_entropy_gradient(LABELS[:1], LOGITS[:1]))


@pytest.mark.parametrize("targets", ["labels", "probabilities"])
def test_cross_entropy_gradient_matches_finite_differences(targets):
    y = LABELS if targets == "labels" else nk.softmax(np.arange(12.0).reshape(4, 3) % 5)
    estimate = nk.numerical_gradient(lambda z: nk.cross_entropy_loss(y, z), LOGITS.copy())
    np.testing.assert_allclose(nk.cross_entropy_gradient(y, LOGITS), estimate, atol=1e-9)
    np.testing.assert_allclose(nk.LOSSES["cross_entropy"].gradient(y, LOGITS), estimate, atol=1e-9)


@pytest.mark.parametrize("targets", ["labels", "probabilities"])
def test_softmax_and_cross_entropy_agree_with_pytorch(targets):
    torch = pytest.importorskip("torch", reason="PyTorch not installed (CI installs it)")
    logits = np.random.default_rng(0).normal(scale=3.0, size=(6, 4))
    if targets == "labels":
        y = np.array([0, 3, 1, 1, 2, 3])
        ty = torch.tensor(y)  # int64 class indices, as PyTorch expects
    else:
        y = nk.softmax(np.random.default_rng(1).normal(size=(6, 4)))
        ty = torch.tensor(y)
    tz = torch.tensor(logits, requires_grad=True)
    expected = torch.nn.functional.cross_entropy(tz, ty)  # reduction="mean" is the default
    expected.backward()
    assert nk.cross_entropy_loss(y, logits) == pytest.approx(expected.item(), abs=1e-13)
    np.testing.assert_allclose(nk.cross_entropy_gradient(y, logits), tz.grad.numpy(), atol=1e-15)
    np.testing.assert_allclose(nk.softmax(logits), torch.softmax(torch.tensor(logits), dim=1),
                               atol=1e-15)


@pytest.mark.parametrize("y, logits, error, message", [
    ([0, 1], [[1.0, 2.0, 3.0]], ValueError,
     r"y_true has shape \(2,\) but logits has shape \(1, 3\)"),
    ([3], [[1.0, 2.0, 3.0]], ValueError, "whole numbers from 0 to 2 .* got 3"),
    ([0.5], [[1.0, 2.0]], ValueError, "whole numbers from 0 to 1 .* got 0.5"),
    ([-1], [[1.0, 2.0]], ValueError, "whole numbers from 0 to 1 .* got -1"),
    ([[0.5, 0.6]], [[1.0, 2.0]], ValueError, "every row must sum to 1"),
    ([[1.5, -0.5]], [[1.0, 2.0]], ValueError, "between 0 and 1"),
    ([[1.0, 0.0, 0.0]], [[1.0, 2.0]], ValueError,
     r"y_true has shape \(1, 3\), but there are 2 classes"),
    ([0], [[1.0]], ValueError, "at least 2 classes"),
    ([0], [[np.nan, 1.0]], ValueError, "logits contains NaN"),
    (["cat"], [[0.0, 1.0]], TypeError, "y_true must be numeric"),
])
def test_cross_entropy_refuses_bad_input(y, logits, error, message):
    with pytest.raises(error, match=message):
        nk.cross_entropy_loss(y, logits)


def test_softmax_refuses_bad_input():
    with pytest.raises(ValueError, match=r"Z must have 1 or 2 dimension\(s\), got shape"):
        nk.softmax(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match=r"at least one logit per row, got shape \(2, 0\)"):
        nk.softmax(np.ones((2, 0)))
