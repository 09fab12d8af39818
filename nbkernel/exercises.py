"""Answer checkers for the notebooks' "your turn" exercises.

A learner writes an answer in a variable (``...`` until they try) and calls :func:`check`; it says
"correct", gives a hint when wrong, and says "not attempted yet" while the answer is still ``...``,
so a notebook with untouched exercises still runs from top to bottom.
"""

import numpy as np


def check(answer, expected, hint="", tol=1e-6, quiet=False):
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
    quiet : bool
        If True, print nothing and only return the verdict.

    Returns
    -------
    bool or None
        True if correct, False if wrong, None if not attempted.

    Examples
    --------
    >>> check(1.9, 1.9)
    ✅ Correct: 1.9
    True
    >>> check(..., 1.9)
    ⏳ Not attempted yet: replace ... with your answer and run the cell again.
    >>> check(2.0, 1.9, hint="Add the bias.")
    ❌ Not quite: you gave 2.0. Hint: Add the bias.
    False
    """
    if answer is ... or answer is None:
        if not quiet:
            print("⏳ Not attempted yet: replace ... with your answer and run the cell again.")
        return None
    correct = _matches(answer, expected, tol)
    if not quiet:
        if correct:
            print(f"✅ Correct: {answer}")
        else:
            print(f"❌ Not quite: you gave {answer}." + (f" Hint: {hint}" if hint else ""))
    return correct


def _matches(answer, expected, tol):
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().lower() == expected.strip().lower()
    try:
        answer = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return False
    expected = np.asarray(expected, dtype=float)
    return answer.shape == expected.shape and bool(np.allclose(answer, expected, rtol=0, atol=tol))
