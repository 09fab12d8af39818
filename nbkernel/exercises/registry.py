"""The course's exercises by name, so that what a learner sees never holds the expected answer.

Each exercise is registered once, in the module of its notebook (``nb02.py`` for notebook 02),
with a function that computes its answer, the precision it asks for, its hints and the mistakes
learners commonly make. A notebook's exercise cell only names it::

    nk.check("02.1z", z_answer)

The first wrong attempt shows the first hint, the next attempt the next one, and so on: each hint
leads one step further without giving the answer away.

Examples
--------
>>> exercise = Exercise("xx.1", "Add 1 and 2", lambda: 1 + 2, kind="count",
...                     hints=("Count on your fingers.",))
>>> exercise.feedback(4).message
'✗ Not quite: you gave 4. Hint: Count on your fingers.'
"""

from dataclasses import dataclass, field

from .judge import Answer, judge


@dataclass(frozen=True)
class Mistake:
    """A wrong answer learners often give, and what to tell them.

    ``value`` is computed by a function (like the expected answer), so the mistake is the
    computation that goes wrong ("the weighted sum without the bias"), not a typed number.
    """

    value: object
    message: str


@dataclass
class Exercise:
    """One exercise: its name, its answer (computed), and its feedback.

    Parameters
    ----------
    key : str
        ``"NN.k"`` plus a letter for a part: ``"02.1z"`` is part z of exercise 1 of notebook 02.
    title : str
        A few words naming the exercise (listed by :func:`exercises_of`).
    answer : callable
        Takes no argument and returns the expected answer, computed with nbkernel.
    kind, decimals, options
        As in :class:`~nbkernel.exercises.judge.Answer`.
    hints : tuple of str
        Shown one at a time, on successive wrong attempts; they lead towards the answer without
        stating it.
    mistakes : tuple of Mistake
        Known wrong answers; ``Mistake.value`` is a callable like ``answer``.
    """

    key: str
    title: str
    answer: object
    kind: str = "number"
    decimals: int | None = None
    options: tuple = ()
    hints: tuple = ()
    mistakes: tuple = ()
    wrong_attempts: int = field(default=0, compare=False)

    def spec(self):
        """The :class:`Answer` this exercise expects (computing the answer now)."""
        return Answer(kind=self.kind, expected=self.answer(), decimals=self.decimals,
                      options=self.options)

    def feedback(self, answer):
        """Judge ``answer``; a wrong one also gets the next hint. Returns a Feedback."""
        known = [(m.value(), m.message) if callable(m.value) else (m.value, m.message)
                 for m in self.mistakes]
        result = judge(answer, self.spec(), known)
        if result.status != "wrong":
            return result
        self.wrong_attempts += 1
        targeted = any(result.message.endswith(message) for _, message in known)
        if self.hints and not targeted:
            hint = self.hints[min(self.wrong_attempts, len(self.hints)) - 1]
            return type(result)(result.status, f"{result.message} Hint: {hint}")
        return result


#: Every exercise of the course, by key; filled by the notebooks' modules (nb00.py, ...).
EXERCISES = {}


def register(*exercises):
    """Add exercises to :data:`EXERCISES`; a key may be registered only once."""
    for exercise in exercises:
        if exercise.key in EXERCISES:
            raise ValueError(f"exercise {exercise.key!r} is registered twice")
        EXERCISES[exercise.key] = exercise


def exercise(key):
    """The exercise named ``key``; a clear error lists the valid names if there is none.

    Examples
    --------
    >>> exercise("99.9")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    KeyError: "no exercise '99.9'. The exercises are: ..."
    """
    if not isinstance(key, str):
        raise TypeError(f"name the exercise first, as text, e.g. nk.check('02.1z', answer); "
                        f"got {key!r}")
    if key not in EXERCISES:
        notebook = key.split(".")[0]
        same = [k for k in EXERCISES if k.startswith(notebook + ".")]
        names = ", ".join(same or EXERCISES)
        where = f"The exercises of notebook {notebook} are" if same else "The exercises are"
        raise KeyError(f"no exercise {key!r}. {where}: {names}")
    return EXERCISES[key]


def exercises_of(notebook):
    """The keys of notebook ``notebook``'s exercises (``"02"`` or 2), in order."""
    prefix = f"{int(notebook):02d}."
    return [key for key in EXERCISES if key.startswith(prefix)]


def check(key, answer):
    """Judge a learner's answer to exercise ``key`` and print the verdict.

    Parameters
    ----------
    key : str
        The exercise's name, as the notebook gives it (``"02.1z"``).
    answer : object
        The learner's answer; ``...`` means not attempted yet, so an untouched notebook still
        runs from top to bottom.

    Returns nothing, so a cell ending in ``check(...)`` shows only the verdict; use
    ``exercise(key).feedback(answer)`` for the verdict as a value.

    Examples
    --------
    >>> check("00.1", ...)
    … Not attempted yet: replace ... with your answer and run the cell again.
    >>> check("00.1", 0.3)
    ✓ Correct: 0.3
    """
    print(exercise(key).feedback(answer).message)
