"""Write nbgrader's course folder from the course notebooks: every exercise becomes gradable.

nbgrader (https://nbgrader.readthedocs.io) grades from *source* notebooks in which the answer
cells hold ``### BEGIN SOLUTION`` / ``### END SOLUTION`` regions and the cells carry nbgrader's
metadata. This tool derives them from our own tags, so nothing is kept in sync by hand:

- every cell tagged ``exercise`` and the ``solution`` cell under it become one *answer* cell
  (nbgrader: ``solution: true``): the exercise's own lines, then the solution's code inside a
  solution region, then the exercise's ``nk.check`` lines, which keep giving the student
  feedback as in the course;
- after it, one read-only *test* cell per ``nk.check("NN.k", answer)`` line (nbgrader:
  ``grade: true``, 1 point): it asserts that ``nk.exercise("NN.k")`` judges the answer correct;
- cells tagged ``worked`` or ``instructor`` are left out, and the exercise's outputs cleared,
  exactly as the student copy (``tools/student.py``) does.

With the ``nbgrader_config.py`` written next to them (solution regions replaced by nothing,
outputs of other cells kept), ``nbgrader generate_assignment`` then releases a notebook that
hides exactly what the student copy hides: the answer cells read as our exercise cells, and the
only cells added are the read-only test cells.

Usage
-----
    python tools/nbgrader_source.py                          # every notebook -> build/nbgrader
    python tools/nbgrader_source.py --out /tmp/course 02-the-neuron.ipynb

Each notebook is one nbgrader assignment named after it (``02-the-neuron``), in
``<out>/source/<assignment>/<notebook>``.
"""

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import student  # noqa: E402  (tools/ is a folder of scripts, not a package)

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
# One check per line, as the course's conventions test requires: nk.check("NN.k", answer)
CHECK = re.compile(r'^nk\.check\(\s*"(?P<key>[^"]+)"\s*,\s*(?P<answer>.+?)\s*\)\s*$')
SOLUTION_HEADING = re.compile(r"^#\s*Solution\b")
TEST_SOURCE = '''# Graded: checks your answer to {key} above (read-only; nbgrader runs it when grading).
feedback = nk.exercise("{key}").feedback({answer})
assert feedback.correct, feedback.message'''
NBGRADER_CONFIG = '''\
# nbgrader's configuration for the course, written by tools/nbgrader_source.py.
c = get_config()  # noqa: F821
c.CourseDirectory.root = "."
# A solution region is replaced by nothing: the answer cell then reads as the exercise cell of
# the student copy (its `answer = ...` lines stay, outside the region).
c.ClearSolutions.code_stub = {"python": ""}
# The outputs of the other cells stay, as in the student copy (the exercises' are cleared
# already in the source).
c.ClearOutput.enabled = False
'''


def _metadata(cell, **fields):
    cell.metadata["nbgrader"] = {"schema_version": 3, "task": False, **fields}
    return cell


def grade_id(key, kind):
    """nbgrader's id of a cell: letters, digits, ``-`` and ``_`` only.

    >>> grade_id("02.1z", "check")
    'check-02-1z'
    """
    return f"{kind}-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


def answer_cells(exercise, solution, name="notebook"):
    """The answer cell and the test cells for one exercise and its solution.

    Parameters
    ----------
    exercise, solution : nbformat.NotebookNode
        The code cells tagged ``exercise`` and ``solution``; not modified.
    name : str, optional
        Where the cells are, for error messages.

    Returns
    -------
    list of nbformat.NotebookNode
        The answer cell, then one test cell per ``nk.check`` line of the exercise.

    Raises
    ------
    ValueError
        If the exercise has no ``nk.check("NN.k", answer)`` line.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell
    >>> cells = answer_cells(
    ...     new_code_cell('y = ...   # your answer\\n\\nnk.check("02.3", y)'),
    ...     new_code_cell('# Solution: open it after you have tried.\\ny = 2\\nnk.check("02.3", y)'))
    >>> print(cells[0].source)
    y = ...   # your answer
    ### BEGIN SOLUTION
    y = 2
    ### END SOLUTION
    nk.check("02.3", y)
    >>> cells[1].metadata.nbgrader["points"], cells[1].metadata.nbgrader["grade_id"]
    (1, 'check-02-3')
    """
    lines = exercise.source.splitlines()
    first = next((i for i, line in enumerate(lines) if CHECK.match(line)), None)
    if first is None:
        raise ValueError(f"{name}: the exercise has no nk.check(\"NN.k\", answer) line")
    # The region goes right before the first check: the exercise's lines from there on (its
    # checks, and any code that shows the student what their answer does) stay after it.
    before, after = lines[:first], lines[first:]
    matches = [m for m in map(CHECK.match, after) if m]
    # The blank line before the checks is left to the region: nbgrader replaces the region by
    # the (empty) stub, one empty line, so the released cell reads exactly as the exercise.
    while before and not before[-1].strip():
        before.pop()
    body = [line for line in solution.source.splitlines()
            if not CHECK.match(line) and not SOLUTION_HEADING.match(line)]
    answer = copy.deepcopy(exercise)
    answer.source = "\n".join(before + [BEGIN] + body + [END] + after)
    answer.outputs, answer.execution_count = [], None
    keys = [m.group("key") for m in matches]
    _metadata(answer, grade=False, solution=True, locked=False,
              grade_id=grade_id(keys[0], "answer"))
    tests = [_metadata(nbformat.v4.new_code_cell(TEST_SOURCE.format(**m.groupdict())),
                       grade=True, solution=False, locked=True, points=1,
                       grade_id=grade_id(m.group("key"), "check"))
             for m in matches]
    return [answer] + tests


def source_notebook(nb, name="notebook"):
    """nbgrader's source version of an instructor notebook (see the module's docstring).

    Raises ``ValueError`` (naming the notebook and cell) for an exercise without a solution
    cell right under it, and for whatever ``student.student_notebook`` refuses.
    """
    student.student_notebook(nb, name)             # the same checks as the student copy
    out = copy.deepcopy(nb)
    cells, skip = [], False
    for index, cell in enumerate(out.cells):
        if skip:
            skip = False
            continue
        cell_tags = student.tags(cell)
        if student.EXERCISE_TAG in cell_tags and cell.cell_type == "code":
            following = out.cells[index + 1] if index + 1 < len(out.cells) else None
            if following is None or student.SOLUTION_TAG not in student.tags(following):
                raise ValueError(f"{name} cell {index}: an exercise without its solution cell "
                                 "right under it")
            cells += answer_cells(cell, following, f"{name} cell {index}")
            skip = True
        elif any(tag in cell_tags for tag in student.REMOVED_TAGS):
            continue
        else:
            cells.append(cell)
    out.cells = cells
    return out


def build_course(notebooks, out=ROOT / "build" / "nbgrader"):
    """Write ``<out>/source/<assignment>/<notebook>`` for each notebook, and nbgrader_config.py.

    Returns the paths of the notebooks written.
    """
    out = Path(out)
    written = []
    for path in map(Path, notebooks):
        nb = source_notebook(nbformat.read(path, as_version=4), path.name)
        target = out / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        written.append(target)
    (out / "nbgrader_config.py").write_text(NBGRADER_CONFIG)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*",
                        help="notebooks in notebooks/ (default: every course notebook)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "nbgrader",
                        help="nbgrader's course folder (default: build/nbgrader/)")
    args = parser.parse_args(argv)
    folder = ROOT / "notebooks"
    paths = ([folder / name for name in args.notebooks] if args.notebooks
             else sorted(folder.glob("[0-9][0-9]-*.ipynb")))
    try:
        written = build_course(paths, args.out)
    except (ValueError, FileNotFoundError) as error:
        print(f"nbgrader_source: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {len(written)} nbgrader source notebooks to {args.out / 'source'}; "
          f"release one with: cd {args.out} && nbgrader generate_assignment <assignment>")
    return 0


if __name__ == "__main__":
    sys.exit(main())
