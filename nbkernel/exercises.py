"""Answer checkers for the notebooks' "your turn" exercises.

A learner writes an answer in a variable (``...`` until they try) and calls :func:`check`; it says
"correct", gives a hint when wrong, and says "not attempted yet" while the answer is still ``...``,
so a notebook with untouched exercises still runs from top to bottom.
"""

import numpy as np


def check(answer, expected, hint="", tol=1e-6):
    """Compare a learner's answer with the expected one and print the verdict.

    Parameters
    ----------
    answer : number, array_like, str or ``...``
        The learner's answer; ``...`` (Ellipsis) or None means "not attempted yet".
    expected : number, array_like or str
        The correct answer, computed by the notebook (never typed by hand).
    hint : str
        Shown when the answer is wrong.
    tol : float
        Absolute tolerance for numbers.

    Returns nothing, so a notebook cell ending with ``check(...)`` shows only the message; use
    :func:`verdict` for the result as a value.

    Examples
    --------
    >>> check(1.9, 1.9)
    ✅ Correct: 1.9
    >>> check(..., 1.9)
    ⏳ Not attempted yet: replace ... with your answer and run the cell again.
    >>> check(2.0, 1.9, hint="Add the bias.")
    ❌ Not quite: you gave 2.0. Hint: Add the bias.
    """
    result = verdict(answer, expected, tol)
    if result is None:
        print("⏳ Not attempted yet: replace ... with your answer and run the cell again.")
    elif result:
        print(f"✅ Correct: {answer}")
    else:
        print(f"❌ Not quite: you gave {answer}." + (f" Hint: {hint}" if hint else ""))


def verdict(answer, expected, tol=1e-6):
    """True if ``answer`` matches ``expected``, False if not, None if not attempted (``...``).

    Numbers and arrays match within the absolute tolerance ``tol`` and must have the same shape;
    text matches ignoring case and surrounding spaces.

    Examples
    --------
    >>> verdict(0.68, 0.68000001), verdict("ReLU ", "relu"), verdict(..., 1.0)
    (True, True, None)
    """
    if answer is ... or answer is None:
        return None
    return _matches(answer, expected, tol)


def _matches(answer, expected, tol):
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().lower() == expected.strip().lower()
    try:
        answer = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return False
    expected = np.asarray(expected, dtype=float)
    return answer.shape == expected.shape and bool(np.allclose(answer, expected, rtol=0, atol=tol))
