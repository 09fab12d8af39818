"""Markdown tables of a forward pass, for the step-by-step tables the notebooks print."""

import numpy as np

from .activations import ACTIVATIONS


def format_number(value, digits=4):
    """A number rounded for reading: at most ``digits`` decimals, trailing zeros dropped.

    Examples
    --------
    >>> format_number(0.6799999999), format_number(-2.0), format_number(4.5398e-05)
    ('0.68', '-2', '4.54e-05')
    """
    value = float(value)
    if value != 0 and abs(value) < 10 ** -digits:
        return f"{value:.3g}"
    text = f"{round(value, digits):.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_array(values, digits=4):
    """A vector as ``[a, b]`` or a matrix as ``[[a, b], [c, d]]``, numbers via format_number.

    Examples
    --------
    >>> format_array([[0.6, 0.4], [0.2, 0.8]])
    '[[0.6, 0.4], [0.2, 0.8]]'
    """
    values = np.asarray(values, dtype=float)
    if values.ndim == 0:
        return format_number(values, digits)
    return "[" + ", ".join(format_array(v, digits) for v in values) + "]"


def trace_markdown(trace, row=0, digits=4):
    """A markdown table with one line per layer: input, W, b, z, activation, output.

    Parameters
    ----------
    trace : list of LayerTrace
        What ``Network.trace`` returned.
    row : int
        Which example of the batch to show.

    Examples
    --------
    >>> from nbkernel import Dense, Network
    >>> net = Network([Dense([[0.5], [0.7]], 0.2, "relu")])
    >>> print(trace_markdown(net.trace([0.8, 0.7])).splitlines()[2])
    | 1 | [0.8, 0.7] | [[0.5], [0.7]] | [0.2] | [1.09] | ReLU | [1.09] |
    """
    lines = ["| Layer | Input | Weights W | Bias b | Weighted sum z | Activation | Output |",
             "|---|---|---|---|---|---|---|"]
    for step in trace:
        cells = [str(step.index + 1), format_array(step.input[row], digits),
                 format_array(step.layer.W, digits), format_array(step.layer.b, digits),
                 format_array(step.z[row], digits), ACTIVATIONS[step.layer.activation].label,
                 format_array(step.output[row], digits)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
