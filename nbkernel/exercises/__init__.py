"""The course's exercises and their checker.

A notebook's exercise cell names its exercise and passes the learner's answer:
``nk.check("02.1z", z_answer)``. The expected answers, the precision each exercise asks for, its
hints and the common mistakes with their feedback live here, one module per notebook
(``nb02.py`` holds notebook 02's), so nothing the learner sees holds the answer.

- :mod:`.judge` compares one answer with one expected answer (kinds, tolerance, shapes, text);
- :mod:`.registry` names the exercises and gives hints one attempt at a time.

To add an exercise: register it in its notebook's module (CONTRIBUTING.md walks through it).

Examples
--------
>>> import nbkernel as nk
>>> nk.check("00.1", 0.3)
✓ Correct: 0.3
>>> nk.check("00.1", "0.3")
✗ Your answer is the text '0.3' (in quotes); this answer is a single number: write it without quotes.
"""

# Each notebook's module registers that notebook's exercises when it is imported.
from . import nb00, nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08, nb09  # noqa: F401
from .judge import KINDS, Answer, Feedback, judge, normalise_text
from .registry import EXERCISES, Exercise, Mistake, check, exercise, exercises_of, register

__all__ = ["KINDS", "Answer", "Feedback", "judge", "normalise_text", "EXERCISES", "Exercise",
           "Mistake", "check", "exercise", "exercises_of", "register"]
