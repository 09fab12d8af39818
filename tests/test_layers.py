"""Dense layers and networks: forward pass, trace, construction checks, backpropagation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nbkernel as nk

NAMES = sorted(nk.ACTIVATIONS)


def exercise_2_network():
    return nk.Network([nk.Dense([[0.6, 0.4], [0.2, 0.8]], [0.1, -0.1], "relu"),
                       nk.Dense([[0.5], [0.7]], 0.2, "relu")])


def test_exercise_2_hidden_and_output():
    steps = exercise_2_network().trace([1.0, 0.5])
    np.testing.assert_allclose(steps[0].z, [[0.8, 0.7]], atol=1e-12)
    np.testing.assert_allclose(steps[0].output, [[0.8, 0.7]], atol=1e-12)
    np.testing.assert_allclose(steps[1].input, [[0.8, 0.7]], atol=1e-12)
    np.testing.assert_allclose(steps[1].output, [[1.09]], atol=1e-12)
    assert exercise_2_network()([1.0, 0.5]) == pytest.approx([1.09], abs=1e-12)


def test_trace_table_matches_outline():
    table = nk.trace_markdown(exercise_2_network().trace([1.0, 0.5]))
    assert "| 1 | [1, 0.5] | [[0.6, 0.4], [0.2, 0.8]] | [0.1, -0.1] | [0.8, 0.7] | ReLU |" in table
    assert "| 2 | [0.8, 0.7] | [[0.5], [0.7]] | [0.2] | [1.09] | ReLU | [1.09] |" in table


def test_dense_single_input_and_batch():
    layer = nk.Dense([[1.0, -1.0], [2.0, 0.5]], [0.0, 1.0], "identity")
    np.testing.assert_allclose(layer([1.0, 1.0]), [3.0, 0.5])
    np.testing.assert_allclose(layer([[1.0, 1.0], [0.0, 0.0]]), [[3.0, 0.5], [0.0, 1.0]])
    assert layer.inputs == 2 and layer.outputs == 2
    assert repr(layer) == "Dense(inputs=2, outputs=2, activation='identity')"


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 6), st.integers(1, 4), st.integers(1, 4), st.integers(0, 10**6))
def test_batch_forward_equals_row_by_row(batch, width, outputs, seed):
    net = nk.random_network([3, width, outputs], activation="tanh", seed=seed)
    X = np.random.default_rng(seed).normal(size=(batch, 3))
    rows = np.array([net(x) for x in X])
    np.testing.assert_allclose(net(X), rows, rtol=1e-12, atol=1e-12)


def test_network_checks_layers_fit():
    with pytest.raises(ValueError, match=r"layers\[0\].W has shape \(2, 3\) but layers\[1\].W "
                                         r"has shape \(2, 1\)"):
        nk.Network([nk.Dense(np.ones((2, 3))), nk.Dense(np.ones((2, 1)))])
    with pytest.raises(ValueError, match="at least one layer"):
        nk.Network([])
    with pytest.raises(TypeError, match=r"layers\[1\] must be a Dense layer"):
        nk.Network([nk.Dense(np.ones((2, 2))), np.ones((2, 2))])


def test_dense_checks_its_arguments():
    with pytest.raises(ValueError, match=r"b has shape \(3,\) but W has shape \(2, 2\)"):
        nk.Dense(np.ones((2, 2)), [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match=r"W must have 2 dimension\(s\), got shape \(2,\)"):
        nk.Dense([1.0, 2.0])
    with pytest.raises(ValueError, match="unknown activation 'soft'"):
        nk.Dense(np.ones((2, 2)), 0.0, "soft")
    with pytest.raises(ValueError, match=r"X has shape \(4, 3\) but W has shape \(2, 2\)"):
        nk.Dense(np.ones((2, 2)))(np.ones((4, 3)))
    with pytest.raises(ValueError, match="X contains NaN"):
        exercise_2_network()([np.nan, 1.0])


def test_copy_is_independent():
    net = exercise_2_network()
    twin = net.copy()
    twin.layers[0].W[0, 0] = 99.0
    assert net.layers[0].W[0, 0] == 0.6


@pytest.mark.parametrize("loss", ["bce", "mse"])
@pytest.mark.parametrize("hidden", NAMES)
@pytest.mark.parametrize("sizes", [[2, 1], [3, 4, 1], [2, 3, 2], [4, 5, 3, 2]])
def test_gradients_match_finite_differences(sizes, hidden, loss):
    rng = np.random.default_rng(sum(sizes))
    net = nk.random_network(sizes, activation=hidden, output_activation="sigmoid", seed=7)
    X = rng.normal(size=(5, sizes[0]))
    y = rng.integers(0, 2, size=(5, sizes[-1])).astype(float)
    if hidden == "relu":  # keep every pre-activation away from ReLU's kink
        X = X + 0.01 * np.sign(X)
    exact = net.gradients(X, y, loss)
    approx = nk.numerical_gradients(net, X, y, loss)
    for (dW, db), (nW, nb) in zip(exact, approx):
        np.testing.assert_allclose(dW, nW, rtol=1e-5, atol=1e-8)
        np.testing.assert_allclose(db, nb, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("output", NAMES)
def test_gradients_with_every_output_activation(output):
    net = nk.random_network([2, 3, 2], activation="tanh", output_activation=output, seed=3)
    X = np.array([[0.3, -0.8], [1.1, 0.4], [-0.5, 0.9]])
    y = np.array([[0.2, -0.4], [1.0, 0.3], [0.0, 0.5]])
    for (dW, db), (nW, nb) in zip(net.gradients(X, y, "mse"),
                                  nk.numerical_gradients(net, X, y, "mse")):
        np.testing.assert_allclose(dW, nW, rtol=1e-5, atol=1e-8)
        np.testing.assert_allclose(db, nb, rtol=1e-5, atol=1e-8)


def test_gradient_shapes_and_one_dimensional_targets():
    net = nk.random_network([3, 4, 1], seed=1)
    X = np.ones((6, 3))
    grads = net.gradients(X, np.ones(6))
    assert [g[0].shape for g in grads] == [(3, 4), (4, 1)]
    assert [g[1].shape for g in grads] == [(4,), (1,)]
    with pytest.raises(ValueError, match=r"y has shape \(5,\) but the network's output has shape "
                                         r"\(6, 1\)"):
        net.gradients(X, np.ones(5))


def test_sigmoid_bce_gradient_is_exact_when_saturated():
    # sigmoid(z) rounds to 1.0 here, yet the true gradient (σ(z) − y)·x/N is not zero
    net = nk.Network([nk.Dense([[50.0]], 0.0, "sigmoid")])
    dW, db = net.gradients([[1.0]], [0.0])[0]
    assert dW[0, 0] == pytest.approx(1.0) and db[0] == pytest.approx(1.0)


def test_gradients_agree_with_pytorch():
    torch = pytest.importorskip("torch", reason="PyTorch not installed (CI installs it)")
    net = nk.random_network([2, 4, 1], activation="gelu", seed=5)
    X, y = nk.logic_gate("XOR")
    params = [(torch.tensor(layer.W, requires_grad=True), torch.tensor(layer.b, requires_grad=True))
              for layer in net.layers]
    hidden = torch.nn.functional.gelu(torch.tensor(X) @ params[0][0] + params[0][1])
    out = torch.sigmoid(hidden @ params[1][0] + params[1][1])
    torch.nn.functional.binary_cross_entropy(out, torch.tensor(y)).backward()
    for (dW, db), (tW, tb) in zip(net.gradients(X, y, "bce"), params):
        np.testing.assert_allclose(dW, tW.grad.numpy(), atol=1e-12)
        np.testing.assert_allclose(db, tb.grad.numpy(), atol=1e-12)


def test_random_network_is_seeded():
    a = nk.random_network([2, 4, 1], seed=3)
    b = nk.random_network([2, 4, 1], seed=3)
    assert np.array_equal(a.layers[0].W, b.layers[0].W)
    assert not np.array_equal(a.layers[0].W, nk.random_network([2, 4, 1], seed=4).layers[0].W)
    with pytest.raises(ValueError, match="at least two positive widths"):
        nk.random_network([3])


def test_bce_needs_a_sigmoid_output_and_probability_targets():
    net = nk.random_network([2, 1], output_activation="relu", seed=0)
    with pytest.raises(ValueError, match="last layer's activation is 'relu'; use 'sigmoid'"):
        net.gradients([[1.0, 0.0]], [1.0], "bce")
    sigmoid_net = nk.random_network([2, 1], seed=0)
    with pytest.raises(ValueError, match="targets y between 0 and 1"):
        sigmoid_net.loss([[1.0, 0.0]], [2.0], "bce")


def test_activation_can_be_changed_and_is_checked():
    layer = nk.Dense([[1.0]], -0.5, "relu")
    layer.activation = "sigmoid"
    assert layer([1.0])[0] == pytest.approx(nk.sigmoid(0.5))
    with pytest.raises(ValueError, match="unknown activation 'step'"):
        layer.activation = "step"


@pytest.mark.parametrize("targets", ["labels", "one_hot"])
@pytest.mark.parametrize("hidden", NAMES)
@pytest.mark.parametrize("sizes", [[2, 3], [3, 4, 3], [2, 5, 4, 4]])
def test_cross_entropy_gradients_match_finite_differences(sizes, hidden, targets):
    rng = np.random.default_rng(sum(sizes))
    net = nk.random_network(sizes, activation=hidden, output_activation="identity", seed=11)
    X = rng.normal(size=(6, sizes[0]))
    if hidden == "relu":  # keep every pre-activation away from ReLU's kink
        X = X + 0.01 * np.sign(X)
    labels = rng.integers(0, sizes[-1], size=6)
    y = labels if targets == "labels" else np.eye(sizes[-1])[labels]
    exact = net.gradients(X, y, "cross_entropy")
    approx = nk.numerical_gradients(net, X, y, "cross_entropy")
    for (dW, db), (nW, nb) in zip(exact, approx):
        np.testing.assert_allclose(dW, nW, rtol=1e-5, atol=1e-8)
        np.testing.assert_allclose(db, nb, rtol=1e-5, atol=1e-8)


def test_cross_entropy_network_agrees_with_pytorch():
    torch = pytest.importorskip("torch", reason="PyTorch not installed (CI installs it)")
    net = nk.random_network([2, 5, 3], activation="relu", output_activation="identity", seed=2)
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(8, 2)), rng.integers(0, 3, size=8)
    params = [(torch.tensor(layer.W, requires_grad=True), torch.tensor(layer.b, requires_grad=True))
              for layer in net.layers]
    hidden = torch.relu(torch.tensor(X) @ params[0][0] + params[0][1])
    logits = hidden @ params[1][0] + params[1][1]
    expected = torch.nn.functional.cross_entropy(logits, torch.tensor(y))
    expected.backward()
    value, grads = net.loss_and_gradients(X, y, "cross_entropy")
    assert value == pytest.approx(expected.item(), abs=1e-13)
    for (dW, db), (tW, tb) in zip(grads, params):
        np.testing.assert_allclose(dW, tW.grad.numpy(), atol=1e-13)
        np.testing.assert_allclose(db, tb.grad.numpy(), atol=1e-13)


def test_cross_entropy_needs_identity_output_and_one_target_per_row():
    sigmoid_net = nk.random_network([2, 3], output_activation="sigmoid", seed=0)
    with pytest.raises(ValueError, match="last layer's activation is 'sigmoid'; use 'identity'"):
        sigmoid_net.loss([[1.0, 0.0]], [1], "cross_entropy")
    one_output = nk.random_network([2, 1], output_activation="identity", seed=0)
    with pytest.raises(ValueError, match="needs one output per class, at least 2"):
        one_output.loss([[1.0, 0.0]], [1], "cross_entropy")
    net = nk.random_network([2, 3], output_activation="linear", seed=0)
    with pytest.raises(ValueError, match=r"y has shape \(3,\) but X has shape \(2, 2\)"):
        net.gradients(np.ones((2, 2)), [0, 1, 2], "cross_entropy")
    with pytest.raises(ValueError, match="whole numbers from 0 to 2 .* got 3"):
        net.gradients(np.ones((2, 2)), [0, 3], "cross_entropy")
    assert net.loss(np.ones((2, 2)), [0, 2], "cross_entropy") > 0


# Saving and exporting: to_dict / from_dict (JSON) and to_torch_code.

def mixed_network():
    rng = np.random.default_rng(8)
    names = ["relu", "gelu", "gelu_tanh", "tanh", "sigmoid", "linear", "identity"]
    sizes = [2, 4, 3, 5, 3, 4, 3, 2]
    return nk.Network([nk.Dense(rng.normal(size=(a, b)) / 3, rng.normal(size=b), name)
                       for a, b, name in zip(sizes, sizes[1:], names)])


def test_to_dict_is_json_safe_and_round_trips_exactly():
    import json

    net = mixed_network()
    data = net.to_dict()
    text = json.dumps(data)
    assert data["format"] == "nbkernel.Network" and data["version"] == 1
    assert all(type(v) is float for layer in data["layers"] for row in layer["W"] for v in row)
    twin = nk.Network.from_dict(json.loads(text))
    assert [layer.activation for layer in twin.layers] == [layer.activation for layer in net.layers]
    for a, b in zip(net.layers, twin.layers):
        np.testing.assert_array_equal(a.W, b.W)
        np.testing.assert_array_equal(a.b, b.b)
    X = np.random.default_rng(0).normal(size=(5, 2))
    np.testing.assert_array_equal(twin(X), net(X))
    twin.layers[0].W[0, 0] += 1.0  # an independent copy
    assert net.layers[0].W[0, 0] != twin.layers[0].W[0, 0]


GOOD_LAYER = {"W": [[1.0]], "b": [0.0], "activation": "relu"}


@pytest.mark.parametrize("data, error, message", [
    ([GOOD_LAYER], TypeError, "a network dict must be a dict, got list"),
    ({}, ValueError, "a network dict needs 'layers': a list of .* got NoneType"),
    ({"layers": []}, ValueError, "at least one layer"),
    ({"layers": [GOOD_LAYER], "format": "keras"}, ValueError,
     "format must be 'nbkernel.Network', got 'keras'"),
    ({"layers": [GOOD_LAYER], "version": 2}, ValueError, "version must be 1, got 2"),
    ({"layers": [GOOD_LAYER], "weights": []}, ValueError, "unknown key.*'weights'"),
    ({"layers": [[[1.0]]]}, TypeError, r"layers\[0\] must be a dict, got list"),
    ({"layers": [{"W": [[1.0]], "activation": "relu"}]}, ValueError,
     r"layers\[0\] must have exactly the keys 'W', 'b', 'activation'; missing: \['b'\]"),
    ({"layers": [dict(GOOD_LAYER, bias=[1.0])]}, ValueError, r"unknown: \['bias'\]"),
    ({"layers": [GOOD_LAYER, dict(GOOD_LAYER, W=[1.0, 2.0])]}, ValueError,
     r"layers\[1\]: W must have 2 dimension\(s\), got shape \(2,\)"),
    ({"layers": [dict(GOOD_LAYER, activation="swish")]}, ValueError,
     r"layers\[0\]: unknown activation 'swish'"),
    ({"layers": [dict(GOOD_LAYER, W=[["a"]])]}, TypeError, r"layers\[0\]: W must be numeric"),
    ({"layers": [dict(GOOD_LAYER, b=[0.0, 1.0])]}, ValueError,
     r"layers\[0\]: b has shape \(2,\) but W has shape \(1, 1\)"),
    ({"layers": [GOOD_LAYER, dict(GOOD_LAYER, W=[[1.0], [1.0]])]}, ValueError,
     r"layers\[0\].W has shape \(1, 1\) but layers\[1\].W has shape \(2, 1\)"),
])
def test_from_dict_refuses_malformed_dicts(data, error, message):
    with pytest.raises(error, match=message):
        nk.Network.from_dict(data)


def test_torch_code_builds_the_same_model():
    torch = pytest.importorskip("torch", reason="PyTorch not installed (CI installs it)")
    net = mixed_network()
    code = net.to_torch_code()
    namespace = {}
    exec(code, namespace)
    model = namespace["model"]
    assert isinstance(model, torch.nn.Sequential)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    assert len(linears) == len(net.layers)
    for linear, layer in zip(linears, net.layers):
        assert linear.weight.dtype == torch.float64
        np.testing.assert_array_equal(linear.weight.detach().numpy(), layer.W.T)  # copied exactly
        np.testing.assert_array_equal(linear.bias.detach().numpy(), layer.b)
    X = np.random.default_rng(1).normal(scale=2.0, size=(50, 2))
    with torch.no_grad():
        expected = model(torch.tensor(X)).numpy()
    np.testing.assert_allclose(net(X), expected, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name, module", [("gelu", "GELU()"), ("gelu_tanh",
                                                                'GELU(approximate="tanh")')])
def test_torch_code_keeps_exact_and_tanh_gelu_apart(name, module):
    torch = pytest.importorskip("torch", reason="PyTorch not installed (CI installs it)")
    net = nk.Network([nk.Dense([[1.0]], 0.0, name)])
    code = net.to_torch_code()
    assert f"torch.nn.{module}," in code
    namespace = {}
    exec(code, namespace)
    z = np.linspace(-4, 4, 81)[:, None]
    with torch.no_grad():
        ours_in_torch = namespace["model"](torch.tensor(z)).numpy()
    np.testing.assert_allclose(ours_in_torch, nk.apply(name, z), atol=1e-15)
    other = "gelu_tanh" if name == "gelu" else "gelu"
    assert np.abs(ours_in_torch - nk.apply(other, z)).max() > 1e-5  # the two really differ


def test_as_network_wraps_a_lone_layer_and_passes_a_network_through():
    layer = nk.Dense([[1.0], [2.0]], 0.5, "relu")
    wrapped = nk.as_network(layer)
    assert isinstance(wrapped, nk.Network) and wrapped.layers[0] is layer
    assert nk.as_network(wrapped) is wrapped
    with pytest.raises(TypeError, match="must be a Dense layer or a Network, got list"):
        nk.as_network([layer])
