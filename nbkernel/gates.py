"""Truth tables of two-input logic gates, as training data.

Rows follow the binary order 00, 01, 10, 11.
"""

import numpy as np

GATE_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])

GATE_TARGETS = {
    "AND": [0.0, 0.0, 0.0, 1.0],
    "OR": [0.0, 1.0, 1.0, 1.0],
    "NAND": [1.0, 1.0, 1.0, 0.0],
    "NOR": [1.0, 0.0, 0.0, 0.0],
    "XOR": [0.0, 1.0, 1.0, 0.0],
}


def logic_gate(name):
    """The truth table of a gate as ``(X, y)``: X of shape (4, 2), y of shape (4, 1).

    Examples
    --------
    >>> X, y = logic_gate("AND")
    >>> X[3], y.ravel()
    (array([1., 1.]), array([0., 0., 0., 1.]))
    """
    key = name.upper() if isinstance(name, str) else name
    if key not in GATE_TARGETS:
        known = ", ".join(GATE_TARGETS)
        raise ValueError(f"unknown gate {name!r}; known gates: {known}")
    return GATE_INPUTS.copy(), np.array(GATE_TARGETS[key]).reshape(-1, 1)
