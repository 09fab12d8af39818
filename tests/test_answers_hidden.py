"""No exercise's answer is in view before the learner has tried it, in the course or its student copy.

For every exercise cell (tag ``exercise``) the test collects what a learner can read above it:
the markdown, the stored outputs of the code cells, and the exercise cell's own code. None of it
may show the expected answer of an exercise the cell checks, as it would be written (rounded to
the decimals the exercise asks for; an array as all its numbers in order). Single numbers with one
significant digit, such as 0, 3 or 0.5, are too common to be told apart, and choices list their
options in the question, so neither is searched. The same holds in
the student copy that ``make student`` builds. Each exercise cell names registered exercises of its
own notebook, every registered exercise is posed, and a number's precision is stated in words.
"""

import re

import nbformat
import numpy as np
import pytest

from course_files import COURSE, load_tool
from nbkernel.exercises import EXERCISES, exercises_of

student = load_tool("student")

CHECK_CALL = re.compile(r"""nk\.check\(\s*["']([^"']+)["']""")
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
COURSE_WITH_EXERCISES = [p for p in COURSE if exercises_of(p.name[:2])]


def _tags(cell):
    return cell.metadata.get("tags", [])


def _output_text(cell):
    pieces = []
    for output in cell.get("outputs", []):
        if "text" in output:
            pieces.append(output.text)
        for mime in ("text/plain", "text/markdown", "text/html", "text/latex"):
            text = output.get("data", {}).get(mime, "")
            # An image inlined in HTML is no text a learner reads: its base64 can hold any digits.
            pieces.append(re.sub(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+", "data:...", text))
    return "\n".join(pieces)


def _in_view_above(cells, index):
    """What a learner can read above cell ``index``, and in it (its code)."""
    seen = [cells[index].source]
    for cell in cells[:index]:
        seen.append(cell.source if cell.cell_type == "markdown" else _output_text(cell))
    return "\n".join(seen)


def _written(key):
    """The expected answer of exercise ``key`` as text would show it: a regex, or None."""
    spec = EXERCISES[key].spec()
    if spec.kind == "choice":
        return None
    if spec.kind == "shape":
        numbers = [str(int(v)) for v in spec.expected]
        return r"[(\[]\s*" + r"\s*,\s*".join(numbers) + r"\s*[)\]]"
    values = np.atleast_1d(np.asarray(spec.expected, dtype=float)).ravel()
    places = spec.decimals or 0
    texts = [f"{v:.{places}f}".rstrip("0").rstrip(".") if places else f"{v:.0f}" for v in values]
    # Each number as a whole token: not inside a longer number, trailing zeros allowed.
    tokens = [rf"(?<![\d.]){re.escape(t)}0*(?![\d])" for t in texts]
    if spec.kind == "array":
        # An array's answer is all its numbers in order, as numpy or a list prints them.
        return r"[\s,;\[\]]+".join(tokens)
    significant = texts[0].lstrip("-").replace(".", "").lstrip("0")
    return tokens[0] if len(significant) >= 2 else None


def _exercise_cells(nb):
    for index, cell in enumerate(nb.cells):
        if "exercise" in _tags(cell):
            yield index, CHECK_CALL.findall(cell.source)


def _copies(path):
    nb = nbformat.read(path, as_version=4)
    return [("course", nb), ("student copy", student.student_notebook(nb))]


@pytest.mark.parametrize("path", COURSE_WITH_EXERCISES, ids=lambda p: p.name)
def test_no_answer_is_in_view_before_the_attempt(path):
    for copy_name, nb in _copies(path):
        for index, keys in _exercise_cells(nb):
            seen = _in_view_above(nb.cells, index)
            for key in keys:
                pattern = _written(key)
                found = pattern and re.search(pattern, seen)
                assert not found, (f"{path.name} ({copy_name}), exercise cell {index}: the answer "
                                   f"of {key} ({found and found.group(0)}) is in view above it")


@pytest.mark.parametrize("path", COURSE_WITH_EXERCISES, ids=lambda p: p.name)
def test_each_exercise_is_posed_once_with_its_precision_stated(path):
    nb = nbformat.read(path, as_version=4)
    posed = []
    for index, keys in _exercise_cells(nb):
        assert keys, f"{path.name} cell {index}: an exercise cell without nk.check('NN.k', ...)"
        question = [cell.source for cell in nb.cells[max(0, index - 3):index + 1]
                    if cell.cell_type == "markdown" or cell is nb.cells[index]]
        question = " ".join("\n".join(question).lower().split())
        for key in keys:
            assert key in EXERCISES, f"{path.name} cell {index}: no exercise {key!r} registered"
            assert key.startswith(path.name[:2] + "."), f"{key} belongs to another notebook"
            places = EXERCISES[key].decimals
            if EXERCISES[key].kind in ("number", "array"):
                said = {f"{places} decimal", f"{NUMBER_WORDS.get(places, places)} decimal"}
                assert any(s in question for s in said), \
                    f"{path.name} cell {index}: say in the question that {key} wants {places} " \
                    "decimals"
        posed += keys
    assert sorted(set(posed)) == sorted(exercises_of(path.name[:2])), \
        "every registered exercise of the notebook is posed, once"
