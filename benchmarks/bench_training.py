"""Time nbkernel's training loop against the same loop in PyTorch (CPU, float64).

Trains the AND gate (one sigmoid neuron) and XOR (a 2-4-1 tanh/sigmoid network) for 2,000
full-batch epochs of gradient descent with binary cross-entropy, several times each, and prints the
median wall time of each library and their ratio. Then times one training step (forward pass,
backpropagation, SGD update) of a 2-8-8-1 tanh/sigmoid network on 500 points (``nk.datasets``
circles), full batch, side by side with the same step in PyTorch, the step the playground panel
repeats, and with the same step in bare numpy (nothing checked: the floor for nbkernel). Also times ``import nbkernel`` in a fresh interpreter against ``import numpy`` alone. A
script to run by hand, not a test:

    .venv/bin/python benchmarks/bench_training.py [--repeats 7]

PyTorch is optional (``pip install -r benchmarks/requirements-torch.txt``); without it only
nbkernel's figures are printed.
"""

import argparse
import statistics
import subprocess
import sys
import time

import numpy as np

import nbkernel as nk

EPOCHS = 2000
LR = 1.0


def nbkernel_run(task):
    X, y = nk.logic_gate(task)
    sizes = [2, 1] if task == "AND" else [2, 4, 1]
    model = nk.random_network(sizes, activation="tanh", seed=0)
    start = time.perf_counter()
    history = nk.train(model, X, y, lr=LR, epochs=EPOCHS)
    return time.perf_counter() - start, history[-1]


def torch_sgd(X, y, start_model, lr, epochs):
    """Train a copy of ``start_model`` in PyTorch (float64, full-batch SGD, BCE); return
    (seconds, final loss). The same loop as ``nk.train``: tanh hidden layers, sigmoid output."""
    import torch

    params = []
    for layer in start_model.layers:
        params += [torch.tensor(layer.W, requires_grad=True),
                   torch.tensor(layer.b, requires_grad=True)]
    Xt, yt = torch.tensor(X), torch.tensor(y, dtype=torch.float64).reshape(-1, 1)
    optimizer = torch.optim.SGD(params, lr=lr)
    start = time.perf_counter()
    for _ in range(epochs):
        a = Xt
        for i in range(0, len(params), 2):
            z = a @ params[i] + params[i + 1]
            a = torch.sigmoid(z) if i == len(params) - 2 else torch.tanh(z)
        loss = torch.nn.functional.binary_cross_entropy(a, yt)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return time.perf_counter() - start, loss.item()


def torch_run(task):
    X, y = nk.logic_gate(task)
    sizes = [2, 1] if task == "AND" else [2, 4, 1]
    start_model = nk.random_network(sizes, activation="tanh", seed=0)
    return torch_sgd(X, y, start_model, LR, EPOCHS)

STEP_SIZES = [2, 8, 8, 1]
STEP_POINTS = 500
STEPS_PER_RUN = 200


def nbkernel_steps():
    X, y = nk.datasets.circles(n=STEP_POINTS, seed=0)
    model = nk.random_network(STEP_SIZES, activation="tanh", seed=0)
    start = time.perf_counter()
    history = nk.train(model, X, y, lr=0.1, epochs=STEPS_PER_RUN)
    return (time.perf_counter() - start) / STEPS_PER_RUN, history[-1]


def numpy_floor_steps():
    """The same step as bare numpy, written out for this one network with nothing checked or
    recorded: the least a numpy implementation can take (nbkernel's floor)."""
    X, y = nk.datasets.circles(n=STEP_POINTS, seed=0)
    y = y.reshape(-1, 1).astype(float)
    params = [a for layer in nk.random_network(STEP_SIZES, activation="tanh", seed=0).layers
              for a in (layer.W, layer.b)]
    W1, b1, W2, b2, W3, b3 = params
    start = time.perf_counter()
    for _ in range(STEPS_PER_RUN):
        A1 = np.tanh(X @ W1 + b1)
        A2 = np.tanh(A1 @ W2 + b2)
        A3 = 1 / (1 + np.exp(-(A2 @ W3 + b3)))
        d3 = (A3 - y) / len(y)
        d2 = (d3 @ W3.T) * (1 - A2 * A2)
        d1 = (d2 @ W2.T) * (1 - A1 * A1)
        for param, grad in ((W3, A2.T @ d3), (b3, d3.sum(0)), (W2, A1.T @ d2),
                            (b2, d2.sum(0)), (W1, X.T @ d1), (b1, d1.sum(0))):
            param -= 0.1 * grad
    return (time.perf_counter() - start) / STEPS_PER_RUN


def torch_steps():
    X, y = nk.datasets.circles(n=STEP_POINTS, seed=0)
    start_model = nk.random_network(STEP_SIZES, activation="tanh", seed=0)
    seconds, loss = torch_sgd(X, y, start_model, 0.1, STEPS_PER_RUN)
    return seconds / STEPS_PER_RUN, loss


def import_time(statement, repeats):
    times = []
    for _ in range(repeats):
        code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True)
        times.append(float(out.stdout))
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    try:
        import torch

        torch.set_num_threads(1)
        have_torch = True
    except ImportError:
        have_torch = False
        print("PyTorch not installed: printing nbkernel's figures only.")

    print(f"{EPOCHS} full-batch epochs, median of {args.repeats} runs\n")
    print(f"{'task':<6}{'nbkernel':>12}{'PyTorch':>12}{'ratio':>10}{'final loss nk / torch':>26}")
    for task in ("AND", "XOR"):
        nk_runs = [nbkernel_run(task) for _ in range(args.repeats)]
        nk_time = statistics.median(t for t, _ in nk_runs)
        line = f"{task:<6}{nk_time * 1e3:>10.1f}ms"
        if have_torch:
            torch_runs = [torch_run(task) for _ in range(args.repeats)]
            torch_time = statistics.median(t for t, _ in torch_runs)
            line += (f"{torch_time * 1e3:>10.1f}ms{torch_time / nk_time:>9.1f}x"
                     f"{nk_runs[0][1]:>14.6f} / {torch_runs[0][1]:.6f}")
        print(line)
    sizes = "-".join(map(str, STEP_SIZES))
    print(f"\nOne training step of a {sizes} net on {STEP_POINTS} points (full batch, float64), "
          f"median of {args.repeats} runs of {STEPS_PER_RUN} steps")
    nk_runs = [nbkernel_steps() for _ in range(args.repeats)]
    nk_step = statistics.median(t for t, _ in nk_runs)
    line = f"nbkernel {nk_step * 1e6:8.0f} µs/step"
    if have_torch:
        torch_runs = [torch_steps() for _ in range(args.repeats)]
        torch_step = statistics.median(t for t, _ in torch_runs)
        line += (f"   PyTorch {torch_step * 1e6:8.0f} µs/step   ratio {torch_step / nk_step:.1f}x"
                 f"   final loss nk / torch {nk_runs[0][1]:.6f} / {torch_runs[0][1]:.6f}")
    print(line)
    floor = statistics.median(numpy_floor_steps() for _ in range(args.repeats))
    line = f"bare numpy {floor * 1e6:6.0f} µs/step (the same step written out, nothing checked)"
    if have_torch:
        line += f"   PyTorch / bare numpy {torch_step / floor:.1f}x"
    print(line)
    print(f"steps in a 100 ms frame (10 frames/s): nbkernel {0.1 / nk_step:.0f}")
    numpy_import = import_time("import numpy", args.repeats)
    nk_import = import_time("import nbkernel", args.repeats)
    print(f"\nimport numpy: {numpy_import * 1e3:.0f} ms; import nbkernel (numpy included): "
          f"{nk_import * 1e3:.0f} ms")


if __name__ == "__main__":
    np.seterr(all="raise")
    main()
