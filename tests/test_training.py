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


# Mini-batch SGD, L2 weight decay and momentum, step by step against torch.optim.SGD.

def _torch_sgd_run(torch, net, X, y, loss, lr, epochs, batch_size, orders, weight_decay,
                   momentum):
    """Train a copy of ``net`` with torch.optim.SGD on the given batch orders; weights per epoch."""
    params = []
    for layer in net.layers:
        params += [torch.tensor(layer.W, requires_grad=True),
                   torch.tensor(layer.b, requires_grad=True)]
    functions = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu,
                 "identity": lambda z: z}
    optimizer = torch.optim.SGD(params, lr=lr, momentum=momentum, weight_decay=weight_decay)
    Xt, yt = torch.tensor(X), torch.tensor(y)
    snapshots = []
    for epoch in range(epochs):
        for start in range(0, len(X), batch_size):
            rows = torch.tensor(orders[epoch][start:start + batch_size])
            a = Xt[rows]
            for layer, W, b in zip(net.layers, params[::2], params[1::2]):
                a = functions[layer.activation](a @ W + b)
            if loss == "bce":
                value = torch.nn.functional.binary_cross_entropy(a, yt[rows])
            else:
                value = torch.nn.functional.cross_entropy(a, yt[rows])
            optimizer.zero_grad()
            value.backward()
            optimizer.step()
        snapshots.append([p.detach().numpy().copy() for p in params])
    return snapshots


def _weights(net):
    return [array.copy() for layer in net.layers for array in (layer.W, layer.b)]


@pytest.mark.parametrize("loss", ["bce", "cross_entropy"])
@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("weight_decay, momentum", [(0.0, 0.0), (0.05, 0.0), (0.0, 0.9),
                                                    (0.01, 0.5)])
def test_minibatch_sgd_matches_torch_step_by_step(loss, shuffle, weight_decay, momentum):
    torch = pytest.importorskip("torch", reason="PyTorch not installed (CI installs it)")
    rng = np.random.default_rng(3)
    X = rng.normal(size=(10, 2))
    if loss == "bce":
        y = rng.integers(0, 2, size=(10, 1)).astype(float)
        net = nk.random_network([2, 4, 1], activation="tanh", seed=1)
    else:
        y = rng.integers(0, 3, size=10)
        net = nk.random_network([2, 4, 3], activation="tanh", output_activation="identity",
                                seed=1)
    epochs, batch_size, seed = 6, 4, 5  # 10 examples: slices of 4, 4 and 2
    shuffler = np.random.default_rng(seed)  # the documented order of the examples
    orders = [shuffler.permutation(10) if shuffle else np.arange(10) for _ in range(epochs)]
    expected = _torch_sgd_run(torch, net, X, y, loss, 0.3, epochs, batch_size, orders,
                              weight_decay, momentum)
    seen = []
    nk.train(net, X, y, lr=0.3, epochs=epochs, loss=loss, batch_size=batch_size, shuffle=shuffle,
             seed=seed, weight_decay=weight_decay, momentum=momentum,
             callback=lambda epoch, model, value: seen.append(_weights(model)))
    assert len(seen) == epochs
    for ours, theirs in zip(seen, expected):
        for a, b in zip(ours, theirs):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-13)
    assert not np.allclose(seen[0][0], seen[-1][0])  # the weights did move


def test_weight_decay_reaches_the_biases_too():
    # Zero data gradient (targets equal outputs under mse): only the decay term moves θ.
    net = nk.Network([nk.Dense([[0.0]], 0.5, "identity")])
    X, y = np.array([[1.0]]), np.array([[0.5]])
    nk.train(net, X, y, lr=0.1, epochs=1, loss="mse", weight_decay=0.2)
    assert net.layers[0].b[0] == pytest.approx(0.5 - 0.1 * 0.2 * 0.5, abs=1e-15)


def test_default_full_batch_is_unchanged_bit_for_bit():
    X, y = nk.logic_gate("XOR")
    reference = nk.random_network([2, 4, 1], activation="tanh", seed=0)
    history = []
    for _ in range(300):  # the update rule train() applied before mini-batches existed
        value, grads = reference.loss_and_gradients(X, y, "bce")
        history.append(value)
        for layer, (dW, db) in zip(reference.layers, grads):
            layer.W -= 1.0 * dW
            layer.b -= 1.0 * db
    for options in [{}, dict(batch_size=None), dict(batch_size=4), dict(batch_size=100),
                    dict(weight_decay=0.0, momentum=0.0)]:
        net = nk.random_network([2, 4, 1], activation="tanh", seed=0)
        assert nk.train(net, X, y, lr=1.0, epochs=300, **options) == history, options
        for ours, theirs in zip(_weights(net), _weights(reference)):
            np.testing.assert_array_equal(ours, theirs)


def test_minibatch_history_is_the_mean_over_examples():
    X, y = nk.logic_gate("OR")
    net = nk.random_network([2, 1], seed=0)
    start = net.copy()
    history = nk.train(net, X, y, lr=0.5, epochs=1, batch_size=3, shuffle=False)
    first = start.loss(X[:3], y[:3])
    nk.gradient_step(start, X[:3], y[:3], lr=0.5)
    second = start.loss(X[3:], y[3:])
    assert history == [pytest.approx((3 * first + second) / 4, abs=1e-15)]


def test_shuffling_is_seeded():
    X, y = nk.logic_gate("XOR")
    runs = {}
    for seed in (0, 0, 1):
        net = nk.random_network([2, 4, 1], seed=2)
        runs.setdefault(seed, []).append(nk.train(net, X, y, epochs=20, batch_size=1, seed=seed))
    assert runs[0][0] == runs[0][1]
    assert runs[0][0] != runs[1][0]


def test_momentum_speeds_up_a_slow_descent():
    X, y = nk.logic_gate("AND")
    plain = nk.train(nk.Dense(np.zeros((2, 1)), 0.0, "sigmoid"), X, y, lr=0.1, epochs=200)
    fast = nk.train(nk.Dense(np.zeros((2, 1)), 0.0, "sigmoid"), X, y, lr=0.1, epochs=200,
                    momentum=0.9)
    assert fast[-1] < plain[-1] / 2


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(batch_size=0), ValueError, "batch_size must be a finite number > 0, got 0"),
    (dict(batch_size=2.5), TypeError, "batch_size must be a whole number, got float 2.5"),
    (dict(shuffle="yes"), TypeError, "shuffle must be True or False, got str 'yes'"),
    (dict(seed=1.5), TypeError, "seed must be a whole number or a numpy.random.Generator"),
    (dict(seed=-3), ValueError, "seed must be a whole number >= 0, got -3"),
    (dict(weight_decay=-0.1), ValueError, "weight_decay must be a finite number with "
                                          "weight_decay >= 0, got -0.1"),
    (dict(weight_decay="a lot"), TypeError, "weight_decay must be a number, got str"),
    (dict(momentum=1.0), ValueError, "momentum must be a finite number with 0 <= momentum < 1, "
                                     "got 1.0"),
    (dict(momentum=float("nan")), ValueError, "momentum must be a finite number"),
])
def test_train_refuses_bad_sgd_settings(kwargs, error, message):
    X, y = nk.logic_gate("AND")
    with pytest.raises(error, match=message):
        nk.train(nk.Dense(np.zeros((2, 1)), 0.0, "sigmoid"), X, y, epochs=1, **kwargs)
