"""Build the student copy of the course (`make student`): no solutions, exercises not yet answered.

The notebooks as stored in notebooks/ are the instructor copy: every "your turn" exercise cell
(tag ``exercise``) is followed by its solution (tag ``solution``) and shows ✅. The student copy
in build/student/ is the same course with

- every cell tagged ``solution`` removed,
- the outputs and execution count of every cell tagged ``exercise`` cleared,
- everything else (text, code, other outputs, slide metadata, widget state, other files in
  notebooks/) left exactly as it is.

Run top to bottom, a student notebook prints "Not attempted yet" for each exercise instead of
failing, because the exercise cells start with ``answer = ...``.

Usage
-----
    python tools/student.py                         # notebooks/ -> build/student/
    python tools/student.py --source notebooks --out /tmp/student
"""

import argparse
import copy
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOLUTION_TAG = "solution"
EXERCISE_TAG = "exercise"


def tags(cell):
    """The cell's tags (a list, possibly empty)."""
    return list(cell.get("metadata", {}).get("tags", []))


def student_notebook(nb):
    """Return a student copy of a notebook node: solutions removed, exercise outputs cleared.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The instructor notebook; it is not modified.

    Returns
    -------
    nbformat.NotebookNode

    Examples
    --------
    >>> from nbformat.v4 import new_notebook, new_code_cell
    >>> nb = new_notebook(cells=[
    ...     new_code_cell("answer = ...", metadata={"tags": ["exercise"]}, execution_count=3),
    ...     new_code_cell("answer = 2", metadata={"tags": ["solution"]})])
    >>> copy = student_notebook(nb)
    >>> [cell.source for cell in copy.cells], copy.cells[0].execution_count
    (['answer = ...'], None)
    """
    student = copy.deepcopy(nb)
    cells = []
    for cell in student.cells:
        cell_tags = tags(cell)
        if SOLUTION_TAG in cell_tags:
            continue
        if EXERCISE_TAG in cell_tags and cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    student.cells = cells
    return student


def build_student(source=ROOT / "notebooks", out=ROOT / "build" / "student"):
    """Write the student copy of every notebook in ``source`` (and its other files) to ``out``.

    Returns the list of notebooks written. ``out`` is emptied first, so a notebook removed from
    the course does not linger in the student copy.
    """
    source, out = Path(source), Path(out)
    if not source.is_dir():
        raise FileNotFoundError(f"source folder {source} does not exist")
    if out.resolve() == source.resolve() or source.resolve() in out.resolve().parents:
        raise ValueError(f"out ({out}) must not be the source folder or inside it")
    if out.exists():
        shutil.rmtree(out)
    written = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue  # .ipynb_checkpoints, caches
        target = out / relative
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            nbformat.write(student_notebook(nb), target)
            written.append(target)
        else:
            shutil.copy2(path, target)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=ROOT / "notebooks",
                        help="the instructor notebooks (default: notebooks/)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "student",
                        help="where the student copy goes (default: build/student/)")
    args = parser.parse_args(argv)
    written = build_student(args.source, args.out)
    removed = sum(
        sum(SOLUTION_TAG in tags(cell) for cell in nbformat.read(args.source / p.relative_to(
            args.out), as_version=4).cells) for p in written)
    print(f"Wrote {len(written)} student notebooks to {args.out} "
          f"({removed} solution cells removed).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
