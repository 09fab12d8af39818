"""Activations and their derivatives: known values, symmetries, limits, finite differences."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nbkernel as nk

NAMES = sorted(nk.ACTIVATIONS)
finite_z = st.floats(min_value=-30, max_value=30, allow_nan=False)


def reference_gelu(z):
    return 0.5 * z * (1.0 + math.erf(z / math.sqrt(2.0)))


@pytest.mark.parametrize("z, expected", [(-2.0, 0.0), (0.0, 0.0), (0.68, 0.68), (3.5, 3.5)])
def test_relu_known_values(z, expected):
    assert nk.relu(z) == expected


def test_sigmoid_known_values():
    assert nk.sigmoid(0.0) == 0.5
    assert nk.sigmoid(2.0) == pytest.approx(1 / (1 + math.exp(-2.0)), abs=1e-15)
    assert nk.sigmoid(-10.0) == pytest.approx(4.5397868702434395e-05, rel=1e-12)


def test_tanh_and_gelu_known_values():
    assert nk.tanh(1.0) == pytest.approx(math.tanh(1.0), abs=1e-15)
    for z in (-3.0, -0.5, 0.0, 1.0, 2.5):
        assert nk.gelu(z) == pytest.approx(reference_gelu(z), abs=1e-14)
    inner = math.sqrt(2 / math.pi) * (1.0 + 0.044715)
    assert nk.gelu(1.0, approximate="tanh") == pytest.approx(0.5 * (1 + math.tanh(inner)),
                                                            abs=1e-15)


@given(finite_z)
def test_sigmoid_symmetry(z):
    assert nk.sigmoid(-z) == pytest.approx(1.0 - nk.sigmoid(z), abs=1e-15)


@given(finite_z)
def test_tanh_is_odd(z):
    assert nk.tanh(-z) == -nk.tanh(z)


@given(finite_z)
def test_sigmoid_is_tanh_rescaled(z):
    assert nk.sigmoid(z) == pytest.approx(0.5 * (1 + math.tanh(z / 2)), abs=1e-14)


@pytest.mark.parametrize("name", NAMES)
def test_works_on_numbers_lists_and_arrays(name):
    f = nk.ACTIVATIONS[name].function
    assert isinstance(f(0.5), float)
    values = f([[-1.0, 0.5], [2.0, 0.0]])
    assert values.shape == (2, 2)
    assert values[0, 1] == f(0.5)


@pytest.mark.parametrize("name", NAMES)
def test_finite_and_warning_free_at_extremes(name):
    z = np.array([-1e4, -700.0, -50.0, 0.0, 50.0, 700.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = nk.apply(name, z)
        slopes = nk.derivative(name, z)
    assert np.all(np.isfinite(values)) and np.all(np.isfinite(slopes))


def test_limits():
    assert nk.sigmoid(-1e4) == 0.0 and nk.sigmoid(1e4) == 1.0
    assert nk.tanh(-1e4) == -1.0 and nk.tanh(1e4) == 1.0
    assert nk.gelu(-1e4) == 0.0 and nk.gelu(1e4) == 1e4
    assert nk.gelu(-1e4, approximate="tanh") == 0.0
    assert nk.derivative("sigmoid", 1e4) == 0.0


@pytest.mark.parametrize("name", NAMES)
@given(z=st.floats(min_value=-6, max_value=6, allow_nan=False))
def test_derivative_matches_central_difference(name, z):
    if name == "relu" and abs(z) < 1e-4:
        return  # ReLU has a kink at 0: finite differences straddle it
    h = 1e-6
    estimate = (nk.apply(name, z + h) - nk.apply(name, z - h)) / (2 * h)
    assert nk.derivative(name, z) == pytest.approx(estimate, abs=1e-7)


def test_named_derivatives():
    assert nk.derivative("relu", 0.0) == 0.0  # PyTorch's convention at the kink
    assert nk.derivative("relu", 1e-9) == 1.0
    s = nk.sigmoid(0.7)
    assert nk.derivative("sigmoid", 0.7) == pytest.approx(s * (1 - s), abs=1e-16)
    assert nk.derivative("tanh", 0.7) == pytest.approx(1 - math.tanh(0.7) ** 2, abs=1e-15)
    phi = math.exp(-0.7**2 / 2) / math.sqrt(2 * math.pi)
    assert nk.derivative("gelu", 0.7) == pytest.approx(nk.normal_cdf(0.7) + 0.7 * phi, abs=1e-15)
    assert nk.derivative("gelu", 0.7, approximate="tanh") == nk.derivative("gelu_tanh", 0.7)


def test_linear_is_identity():
    assert nk.apply("linear", -3.5) == -3.5
    assert nk.derivative("identity", 100.0) == 1.0


def test_registry_pairs_function_with_derivative():
    for name, entry in nk.ACTIVATIONS.items():
        assert entry.name == name
        assert callable(entry.function) and callable(entry.derivative)


def test_unknown_activation_lists_known_names():
    with pytest.raises(ValueError, match=r"unknown activation 'softmax'.*relu.*sigmoid.*tanh"):
        nk.derivative("softmax", 1.0)
    with pytest.raises(TypeError, match="activation must be a name"):
        nk.activation(3)


def test_bad_gelu_approximation():
    with pytest.raises(ValueError, match="approximate must be 'none' or 'tanh'"):
        nk.gelu(1.0, approximate="erf")


@pytest.mark.parametrize("bad, error, message", [
    (float("nan"), ValueError, "z contains NaN"),
    ([1.0, float("inf")], ValueError, "z contains infinite"),
    ("0.5", TypeError, "z must be numeric"),
    ([1.0, "a"], TypeError, "z must be numeric"),
    (None, TypeError, "z must be numeric"),
])
def test_bad_input_refused(bad, error, message):
    with pytest.raises(error, match=message):
        nk.sigmoid(bad)



@pytest.mark.parametrize("name", NAMES)
def test_agrees_with_pytorch_float64(name):
    torch = pytest.importorskip("torch", reason="PyTorch not installed (CI installs it)")
    functions = {
        "relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
        "gelu": torch.nn.functional.gelu,
        "gelu_tanh": lambda t: torch.nn.functional.gelu(t, approximate="tanh"),
        "identity": lambda t: t, "linear": lambda t: t,
    }
    z = np.concatenate([np.linspace(-12, 12, 2001), [-1e4, -50.0, 0.0, 50.0, 1e4]])
    tz = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    out = functions[name](tz)
    out.sum().backward()
    np.testing.assert_allclose(nk.apply(name, z), out.detach().numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(nk.derivative(name, z), tz.grad.numpy(), rtol=0, atol=1e-12)
