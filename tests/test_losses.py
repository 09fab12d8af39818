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
    y = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
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
    with pytest.raises(ValueError, match="unknown loss 'hinge'; known losses: bce, mse"):
        nk.loss_function("hinge")


def test_nan_refused():
    with pytest.raises(ValueError, match="y_pred contains NaN"):
        nk.mse_loss([1.0], [float("nan")])
