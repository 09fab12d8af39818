"""How a learner's answer is judged: the kind of answer, its tolerance, and what to tell them.

This module knows nothing about the course's exercises; :mod:`nbkernel.exercises.registry` holds
those. It only compares one answer with one expected answer, the way a patient tutor would:

- a number must be a number: the text ``"1.9"`` and the truth value ``True`` are not numbers, and
  the feedback says so instead of accepting them or answering "not quite";
- an answer with the wrong shape hears both shapes ("your answer has shape (1, 1); the answer is a
  single number");
- a number stated "to 3 decimals" is accepted within half a unit of the third decimal, so a
  correctly rounded hand computation passes;
- text is compared after normalising case, spaces, quotes, brackets and the minus sign, so
  ``"-8,-8,12"``, ``"(-8, -8, 12)"`` and ``"−8, −8, 12"`` are the same answer;
- a known mistake (the bias forgotten, a sign flipped, rows and columns swapped) gets its own
  message.

Examples
--------
>>> spec = Answer(kind="number", expected=1.9, decimals=2)
>>> judge(1.9, spec).status, judge("1.9", spec).status, judge(True, spec).status
('correct', 'invalid', 'invalid')
"""

import re
from dataclasses import dataclass

import numpy as np

#: Every kind of answer an exercise can ask for.
KINDS = ("number", "count", "array", "shape", "choice")

#: The verdicts' first words. Plain symbols from DejaVu Sans, not emoji, so they render in any
#: browser whether or not it has an emoji font.
CORRECT, WRONG, WAITING = "✓ Correct", "✗ Not quite", "… Not attempted yet"


@dataclass(frozen=True)
class Answer:
    """What an exercise expects: the kind of answer, its value, and how close is close enough.

    Parameters
    ----------
    kind : str
        One of :data:`KINDS`: ``"number"`` (one real number), ``"count"`` (a whole number),
        ``"array"`` (numbers in a given shape), ``"shape"`` (a tuple of whole numbers, as numpy's
        ``.shape``) or ``"choice"`` (one of the texts in ``options``).
    expected : float, int, ndarray, tuple or str
        The right answer, already computed.
    decimals : int or None
        For numbers and arrays: the number of decimals the exercise asks for; an answer is
        accepted within half a unit of that decimal. Required for ``"number"`` and ``"array"``.
    options : tuple of str
        For ``"choice"``: every answer the exercise offers (the expected one among them).

    Examples
    --------
    >>> Answer(kind="number", expected=0.1049, decimals=3).tolerance
    0.0005
    """

    kind: str
    expected: object
    decimals: int | None = None
    options: tuple = ()

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {self.kind!r}")
        if self.kind in ("number", "array") and (
                not isinstance(self.decimals, int) or self.decimals < 0):
            raise ValueError(f"a {self.kind} answer needs decimals (an int >= 0): the exercise "
                             f"must say how precise the answer should be; got {self.decimals!r}")
        if self.kind == "choice":
            if not self.options:
                raise ValueError("a choice answer needs its options")
            if normalise_text(self.expected) not in {normalise_text(o) for o in self.options}:
                raise ValueError(f"expected {self.expected!r} is not among the options "
                                 f"{list(self.options)}")

    @property
    def tolerance(self):
        """Half a unit of the last decimal asked for (0 for counts, shapes and choices)."""
        if self.decimals is None:
            return 0.0
        return 0.5 * 10.0 ** -self.decimals

    def describe(self):
        """The expected kind of answer in words, for feedback ("a single number", ...)."""
        if self.kind == "number":
            return "a single number"
        if self.kind == "count":
            return "a whole number"
        if self.kind == "array":
            return f"an array of shape {np.shape(self.expected)}"
        if self.kind == "shape":
            return f"a tuple of {len(self.expected)} whole numbers, like numpy's .shape"
        return "one of " + ", ".join(repr(o) for o in self.options)


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``status`` and the ``message`` a learner reads.

    ``status`` is ``"correct"``, ``"wrong"`` (a well-formed answer with the wrong value),
    ``"invalid"`` (the wrong type or shape of answer) or ``"unattempted"`` (still ``...``).
    """

    status: str
    message: str

    @property
    def correct(self):
        return self.status == "correct"


def normalise_text(text):
    """Text as compared: lower case; no spaces, quotes or outer brackets; one kind of minus.

    Examples
    --------
    >>> normalise_text(" (−8, -8,12) "), normalise_text("Column 2")
    ('-8,-8,12', 'column2')
    """
    text = str(text).strip().lower().replace("−", "-").replace("–", "-")
    text = re.sub(r"\s+", "", text)
    text = text.strip("'\"`")
    while len(text) >= 2 and text[0] + text[-1] in ("()", "[]", "{}"):
        text = text[1:-1]
    return text


def show(value):
    """A learner's answer as it is echoed back: short, and arrays on one line."""
    if isinstance(value, np.ndarray):
        return np.array2string(value, separator=", ", threshold=12).replace("\n", "")
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def judge(answer, spec, mistakes=()):
    """Judge ``answer`` against ``spec`` (an :class:`Answer`).

    Parameters
    ----------
    answer : object
        What the learner wrote; ``...`` or None means not attempted yet.
    spec : Answer
    mistakes : sequence of (value, message)
        Known wrong answers with their targeted feedback, compared like the answer itself.

    Returns
    -------
    Feedback
        Its message holds no hint; :func:`nbkernel.exercises.check` adds the exercise's hint
        when the answer is wrong and no known mistake matched.

    Examples
    --------
    >>> spec = Answer(kind="number", expected=1.9, decimals=2)
    >>> judge(1.7, spec, mistakes=[(1.7, "The bias is missing.")]).message
    '✗ Not quite: you gave 1.7. The bias is missing.'
    >>> judge([[1.9]], spec).message
    '✗ Your answer has shape (1, 1); the answer is a single number. The number inside is right: take it out with .item().'
    """
    if answer is ... or answer is None:
        return Feedback("unattempted",
                        f"{WAITING}: replace ... with your answer and run the cell again.")
    value, problem = _as_kind(answer, spec)
    if problem:
        return Feedback("invalid", f"✗ {problem}")
    if _same(value, spec.expected, spec):
        return Feedback("correct", f"{CORRECT}: {show(answer)}")
    said = f"{WRONG}: you gave {show(answer)}."
    for wrong, message in mistakes:
        if _same(value, wrong, spec):
            return Feedback("wrong", f"{said} {message}")
    return Feedback("wrong", f"{said}{_general_advice(value, spec)}")


def _as_kind(answer, spec):
    """Convert the answer to the spec's kind: (value, None), or (None, what is wrong with it)."""
    if spec.kind == "choice":
        if not isinstance(answer, str):
            return None, (f"Your answer is {show(answer)}, not text; this answer is "
                          f"{spec.describe()}, in quotes.")
        known = [normalise_text(o) for o in spec.options]
        if normalise_text(answer) not in known:
            return None, (f"Your answer {show(answer)} is not one of the options; give "
                          f"{spec.describe()}.")
        return normalise_text(answer), None
    if isinstance(answer, str):
        return None, (f"Your answer is the text {show(answer)} (in quotes); this answer is "
                      f"{spec.describe()}: write it without quotes.")
    if isinstance(answer, (bool, np.bool_)):
        return None, (f"Your answer is {answer}, a yes/no value; this answer is "
                      f"{spec.describe()}.")
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None, (f"Your answer {show(answer)} is not made of numbers; this answer is "
                      f"{spec.describe()}.")
    if array.dtype == bool or (np.asarray(answer).dtype == bool):
        return None, f"Your answer holds yes/no values; this answer is {spec.describe()}."
    if not np.all(np.isfinite(array)):
        return None, (f"Your answer {show(answer)} is not a finite number (nan or inf): the "
                      "computation that produced it went wrong, e.g. a division by zero.")
    return _check_shape(array, spec)


def _check_shape(array, spec):
    expected = np.asarray(spec.expected, dtype=float)
    if spec.kind == "shape":
        if array.ndim == 0:
            return None, (f"Your answer is a single number; this answer is {spec.describe()}, "
                          "e.g. (3, 2) for 3 rows and 2 columns.")
        if array.ndim != 1:
            return None, (f"Your answer has shape {array.shape}; this answer is "
                          f"{spec.describe()}, e.g. (3, 2).")
        if array.size != expected.size:
            return None, (f"Your answer has {array.size} numbers; this answer is "
                          f"{spec.describe()}.")
        if not np.all(array == np.round(array)):
            return None, f"A shape holds whole numbers; your answer is {show(array)}."
        return array, None
    if spec.kind in ("number", "count"):
        if array.ndim != 0:
            inside = ""
            if array.size == 1 and _same(array.reshape(()), spec.expected, spec):
                inside = " The number inside is right: take it out with .item()."
            return None, (f"Your answer has shape {array.shape}; the answer is "
                          f"{spec.describe()}.{inside}")
        if spec.kind == "count" and array != np.round(array):
            return None, f"Your answer {show(float(array))} is not whole; the answer is a count."
        return array, None
    if array.shape != expected.shape:
        swap = ""
        if array.ndim == 2 and array.shape == expected.shape[::-1]:
            swap = " Rows and columns are swapped: in this course rows are examples or inputs."
        what = "is a single number" if array.ndim == 0 else f"has shape {array.shape}"
        inside = ""
        if array.size == expected.size and _same(array.reshape(expected.shape), expected, spec):
            inside = (f" The numbers inside are right: give them in shape {expected.shape}, "
                      f"e.g. with np.reshape(answer, {expected.shape}).")
        return None, (f"Your answer {what}; the answer has shape {expected.shape}."
                      f"{swap}{inside}")
    return array, None


def _same(value, expected, spec):
    if spec.kind == "choice":
        return normalise_text(value) == normalise_text(expected)
    value = np.asarray(value, dtype=float)
    expected = np.asarray(expected, dtype=float)
    if value.shape != expected.shape:
        return False
    # A few units of float rounding above half a unit, so that an answer rounded exactly at the
    # tolerance's edge passes despite binary floating point (0.105 - 0.1045 is 0.000500000000000001).
    slack = spec.tolerance + 8 * np.spacing(max(1.0, float(np.max(np.abs(expected)))))
    return bool(np.all(np.abs(value - expected) <= slack))


def _general_advice(value, spec):
    """Feedback that needs no knowledge of the exercise: sign, rounding, order."""
    if spec.kind in ("number", "array"):
        expected = np.asarray(spec.expected, dtype=float)
        if np.any(expected != 0) and _same(-value, expected, spec):
            return " Check the signs: your answer has the right size but the opposite sign."
        unit = 10.0 ** -spec.decimals
        if np.all(np.abs(value - expected) < 0.99 * unit):
            return (f" Close: check the rounding. The exercise asks for {spec.decimals} "
                    "decimals; keep more while you compute and round only at the end.")
    if spec.kind == "shape" and sorted(value.tolist()) == sorted(np.asarray(
            spec.expected, dtype=float).tolist()):
        return " The right numbers in the wrong order: which one counts rows?"
    return ""

