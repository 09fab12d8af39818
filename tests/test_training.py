"""Training by gradient descent, finite-difference gradients and the AND-gate exercise."""

import numpy as np
import pytest

import nbkernel as nk


def test_exercise_3_hand_set_and_neuron():
    X, y = nk.logic_gate("AND")
    outputs = nk.neuron(X, [8.0, 8.0], -10.0, "sigmoid")
    np.testing.assert_allclose(outputs, [4.5398e-05, 0.1192, 0.1192, 0.9975], rtol=1e-3)
    assert np.array_equal(outputs > 0.5, y.ravel() == 1)


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "NOR"])
def test_train_learns_linearly_separable_gates_from_zero_weights(gate):
    X, y = nk.logic_gate(gate)
    neuron = nk.Dense(np.zeros((2, 1)), 0.0, "sigmoid")
    history = nk.train(neuron, X, y, lr=1.0, epochs=2000)
    assert len(history) == 2000
    assert history[-1] < history[0] / 10
    assert np.all(np.diff(history) <= 1e-12)  # full-batch descent on a convex loss never rises
    np.testing.assert_array_equal(neuron(X) > 0.5, y == 1)


def test_and_learned_weights_look_like_the_hand_set_ones():
    X, y = nk.logic_gate("AND")
    neuron = nk.Dense(np.zeros((2, 1)), 0.0, "sigmoid")
    nk.train(neuron, X, y, lr=1.0, epochs=5000)
    w1, w2 = neuron.W.ravel()
    assert w1 == pytest.approx(w2)  # the task is symmetric in the two inputs
    assert neuron.b[0] < 0 < w1 and w1 + w2 + neuron.b[0] > 0 > w1 + neuron.b[0]


def test_xor_needs_and_learns_with_a_hidden_layer():
    X, y = nk.logic_gate("XOR")
    single = nk.Dense(np.zeros((2, 1)), 0.0, "sigmoid")
    nk.train(single, X, y, lr=1.0, epochs=2000)
    assert not np.array_equal(single(X) > 0.5, y == 1)
    net = nk.random_network([2, 4, 1], activation="tanh", seed=0)
    history = nk.train(net, X, y, lr=1.0, epochs=2000)
    assert history[-1] < 0.05
    np.testing.assert_array_equal(net(X) > 0.5, y == 1)


def test_callback_sees_every_epoch_and_can_stop():
    X, y = nk.logic_gate("OR")
    seen = []
    net = nk.random_network([2, 1], seed=0)
    history = nk.train(net, X, y, lr=0.5, epochs=50,
                       callback=lambda epoch, model, loss: seen.append((epoch, model, loss)))
    assert [s[0] for s in seen] == list(range(50)) and seen[0][1] is net
    assert [s[2] for s in seen] == history
    stopped = nk.train(net, X, y, epochs=50, callback=lambda epoch, model, loss: epoch < 9)
    assert len(stopped) == 10


def test_gradient_step_matches_the_update_rule():
    X, y = nk.logic_gate("AND")
    neuron = nk.Dense([[0.3], [-0.2]], 0.1, "sigmoid")
    p = nk.sigmoid(X @ neuron.W + neuron.b)
    expected_W = neuron.W - 0.5 * X.T @ (p - y) / 4  # ∂L/∂w = mean of (σ(z) − y)·x
    nk.gradient_step(neuron, X, y, lr=0.5)
    np.testing.assert_allclose(neuron.W, expected_W, atol=1e-15)


def test_numerical_gradient_restores_and_estimates():
    x = np.array([1.0, -2.0, 0.5])
    grad = nk.numerical_gradient(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8)
    np.testing.assert_array_equal(x, [1.0, -2.0, 0.5])
    W = np.array([[2.0, 3.0]])
    np.testing.assert_allclose(nk.numerical_gradient(lambda: float(W.prod()), W), [[3.0, 2.0]])


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(lr=0.0), ValueError, "lr must be a finite number > 0"),
    (dict(lr=float("nan")), ValueError, "lr must be a finite number > 0"),
    (dict(lr="fast"), TypeError, "lr must be a number"),
    (dict(epochs=-1), ValueError, "epochs must be a whole number"),
    (dict(epochs=2.5), ValueError, "epochs must be a whole number"),
    (dict(loss="l1"), ValueError, "unknown loss 'l1'"),
    (dict(callback=3), TypeError, "callback must be callable"),
])
def test_train_refuses_bad_settings(kwargs, error, message):
    X, y = nk.logic_gate("AND")
    with pytest.raises(error, match=message):
        nk.train(nk.Dense(np.zeros((2, 1)), 0.0, "sigmoid"), X, y, **kwargs)


def test_train_refuses_what_is_not_a_model():
    X, y = nk.logic_gate("AND")
    with pytest.raises(TypeError, match="model must be a Dense layer or a Network"):
        nk.train(np.zeros((2, 1)), X, y, epochs=1)


def test_numerical_gradient_needs_a_float_array():
    with pytest.raises(TypeError, match="x must be a float numpy array"):
        nk.numerical_gradient(lambda v: 0.0, [1.0, 2.0])


def test_train_learns_three_classes_with_cross_entropy():
    rng = np.random.default_rng(0)
    centres = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
    y = np.repeat([0, 1, 2], 30)
    X = centres[y] + 0.5 * rng.normal(size=(90, 2))
    net = nk.random_network([2, 8, 3], activation="tanh", output_activation="identity", seed=0)
    history = nk.train(net, X, y, lr=0.5, epochs=300, loss="cross_entropy")
    assert history[0] > 0.5 and history[-1] < 0.1
    assert np.mean(net(X).argmax(axis=1) == y) > 0.97
