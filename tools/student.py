"""Build the student copy of the course (`make student`): no solutions, exercises not yet answered.

The notebooks as stored in notebooks/ are the instructor copy. The student copy in build/student/
is the same course with

- every cell tagged ``solution`` removed: the hidden solution under each "your turn" exercise;
- every cell tagged ``worked`` removed: a cell that works an exercise through, placed after the
  learner's attempt (a worked step right under an exercise, the reading of its result);
- every cell tagged ``instructor`` removed: instructor notes (speaker notes in the slides);
- the outputs and execution count of every cell tagged ``exercise`` cleared;
- everything else (text, code, other outputs, slide metadata, widget state, other files in
  notebooks/) left exactly as it is.

Two mistakes stop the build with an error that names the notebook and the cell, because either
would leak into the student copy:

- a cell that starts with "*Instructor notes" but is not tagged ``instructor``;
- a kept markdown cell that points at what the student copy removed, e.g. "Solutions are in the
  collapsed cells" (``REMOVED_CELL_MENTION`` is the pattern). Say such things where the student
  copy does not show them, or not at all: in the instructor copy a collapsed cell shows itself.

Run top to bottom, a student notebook prints "Not attempted yet" for each exercise instead of
failing, because the exercise cells start with ``answer = ...``.

Usage
-----
    python tools/student.py                         # notebooks/ -> build/student/
    python tools/student.py --source notebooks --out /tmp/student
"""

import argparse
import copy
import re
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOLUTION_TAG = "solution"
EXERCISE_TAG = "exercise"
WORKED_TAG = "worked"
INSTRUCTOR_TAG = "instructor"
REMOVED_TAGS = (SOLUTION_TAG, WORKED_TAG, INSTRUCTOR_TAG)
# An instructor note that its author forgot to tag: "*Instructor notes (speaker view).* ..."
INSTRUCTOR_NOTE = re.compile(r"\A\W*instructor notes?\b", re.IGNORECASE)
# A sentence (no . ! ? inside) that points at solutions or answers the student copy does not have.
REMOVED_CELL_MENTION = re.compile(
    r"\b(?:solutions?|answers?)\b[^.!?]*\bcollapsed\b"
    r"|\bcollapsed\b[^.!?]*\b(?:solutions?|answers?)\b"
    r"|\bcollapsed\s+cells?\b"
    r"|\bhidden\s+(?:solutions?|answers?)\b"
    r"|\b(?:solutions?|answers?)\s+(?:are|is)\s+hidden\b"
    r"|\bsolution\s+cells?\b",
    re.IGNORECASE)


def tags(cell):
    """The cell's tags (a list, possibly empty)."""
    return list(cell.get("metadata", {}).get("tags", []))


def student_notebook(nb, name="notebook"):
    """Return a student copy of a notebook node: solutions, worked-through cells and instructor
    notes removed, exercise outputs cleared.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The instructor notebook; it is not modified.
    name : str, optional
        The notebook's name, used in error messages.

    Returns
    -------
    nbformat.NotebookNode

    Raises
    ------
    ValueError
        If a cell starts with "*Instructor notes" but is not tagged ``instructor``, or a kept
        markdown cell matches ``REMOVED_CELL_MENTION``; the message names the notebook and the
        cell's index in ``nb``.

    Examples
    --------
    >>> from nbformat.v4 import new_notebook, new_code_cell
    >>> nb = new_notebook(cells=[
    ...     new_code_cell("answer = ...", metadata={"tags": ["exercise"]}, execution_count=3),
    ...     new_code_cell("answer = 2", metadata={"tags": ["solution"]}),
    ...     new_code_cell("print(2 * 1)", metadata={"tags": ["worked"]})])
    >>> copy = student_notebook(nb)
    >>> [cell.source for cell in copy.cells], copy.cells[0].execution_count
    (['answer = ...'], None)
    """
    student = copy.deepcopy(nb)
    cells = []
    for index, cell in enumerate(student.cells):
        cell_tags = tags(cell)
        where = f"{name} cell {index}"
        if INSTRUCTOR_NOTE.match(cell.source) and INSTRUCTOR_TAG not in cell_tags:
            raise ValueError(f"{where}: an instructor note without the tag {INSTRUCTOR_TAG!r}; "
                             "tag it so that the student copy leaves it out")
        if any(tag in cell_tags for tag in REMOVED_TAGS):
            continue
        if cell.cell_type == "markdown":
            mention = REMOVED_CELL_MENTION.search(cell.source)
            if mention:
                raise ValueError(f"{where}: points at cells the student copy does not have "
                                 f"({mention.group(0)!r}); reword it")
        if EXERCISE_TAG in cell_tags and cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    student.cells = cells
    return student


def build_student(source=ROOT / "notebooks", out=ROOT / "build" / "student"):
    """Write the student copy of every notebook in ``source`` (and its other files) to ``out``.

    Returns the list of notebooks written. Every notebook is converted before anything is
    written, so an error (see ``student_notebook``) leaves ``out`` as it was. ``out`` is then
    emptied, so a notebook removed from the course does not linger in the student copy.
    """
    source, out = Path(source), Path(out)
    if not source.is_dir():
        raise FileNotFoundError(f"source folder {source} does not exist")
    if out.resolve() == source.resolve() or source.resolve() in out.resolve().parents:
        raise ValueError(f"out ({out}) must not be the source folder or inside it")
    files = [path for path in sorted(source.rglob("*"))
             if not any(part.startswith(".") or part == "__pycache__"  # checkpoints, caches
                        for part in path.relative_to(source).parts)]
    notebooks = {path: student_notebook(nbformat.read(path, as_version=4),
                                        path.relative_to(source).as_posix())
                 for path in files if path.suffix == ".ipynb" and path.is_file()}
    if out.exists():
        shutil.rmtree(out)
    written = []
    for path in files:
        target = out / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path in notebooks:
            nbformat.write(notebooks[path], target)
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
    try:
        written = build_student(args.source, args.out)
    except ValueError as error:
        print(f"make student: {error}", file=sys.stderr)
        return 1
    removed = dict.fromkeys(REMOVED_TAGS, 0)
    for path in written:
        for cell in nbformat.read(args.source / path.relative_to(args.out), as_version=4).cells:
            for tag in REMOVED_TAGS:
                removed[tag] += tag in tags(cell)
    print(f"Wrote {len(written)} student notebooks to {args.out}; removed cells: "
          + ", ".join(f"{count} {tag}" for tag, count in removed.items()) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
