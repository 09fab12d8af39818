"""Execute course notebooks in place, from a fresh kernel, top to bottom, and store them lean.

Usage (from the repository root)::

    python tools/execute_notebooks.py                      # every notebooks/NN-*.ipynb
    python tools/execute_notebooks.py notebooks/02-the-neuron.ipynb notebooks/03-weights.ipynb
    python tools/execute_notebooks.py --check              # run, compare, write nothing

For each notebook: clear all outputs, start a fresh kernel (the current Python environment's
``python3`` kernel) with the working directory ``notebooks/``, run every code cell in order, and
write the notebook back with its outputs. It stops with exit status 1 on:

* any error raised by a cell (the cell and traceback are printed);
* any output written to stderr (warnings), unless ``--allow-stderr``;
* any stored PNG larger than ``--max-image-kb`` (default 60 KB), to keep the repository small;
* an empty code cell (it would leave a gap in the execution counts);
* a notebook that takes longer than ``--max-seconds`` (default 10 s) to run.

Solution cells (tag ``solution``) are run like every other cell, so an error in a solution stops
the tool, but they are stored without outputs (with their execution count): a collapsed solution
must not show its answer. The tool tags them ``nbval-ignore-output`` (nbval's tag for a cell that
is run but whose output is not compared), so ``pytest --nbval`` still runs them and fails on an
error in them, and compares the outputs of every other cell.

What is stripped so the stored notebooks stay lean and re-running gives identical files:
execution timing metadata (``record_timing=False``); the stored widget state (the panels are live
only with a running kernel; the state would hold every panel image as base64 and is not needed by
nbval, which skips widget views); the widget-view part of panel outputs (without the state it can
only show "model not found", and its random model id would change the file on every run; the
output keeps its text/plain line until the cell is run); and ``collapsed``/``scrolled``
leftovers. ``jupyter.source_hidden`` on solution cells and all other cell metadata (tags,
slideshow, nbkernel) are kept.

Prints the run time of each notebook. Needs ``nbclient`` and ``nbformat``.
"""

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from nbkernel.exercises.judge import CORRECT, WAITING, WRONG

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from navigation import course_notebooks, serialise  # noqa: E402

KERNEL_NAME = "python3"
SOLUTION_TAG = "solution"
WORKED_TAG = "worked"
# nbval runs a cell with this tag but does not compare its output (nbval's documented cell tag).
IGNORE_OUTPUT_TAG = "nbval-ignore-output"
#: How each line of the checker's verdict starts (a wrong answer and a refused one share "✗").
VERDICTS = (CORRECT, WRONG[0], WAITING)
STRIPPED_CELL_METADATA = ("execution", "collapsed", "scrolled", "ExecuteTime")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class NotebookProblem(Exception):
    """A notebook ran but breaks one of the storage rules."""


def clear(nb):
    """Remove outputs, execution counts and volatile metadata, in place."""
    for cell in nb.cells:
        for key in STRIPPED_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": KERNEL_NAME}


def inspect(nb, path, allow_stderr, max_image_kb):
    """Check the executed notebook against the storage rules; raise NotebookProblem."""
    problems = []
    expected_count = 0
    for number, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"{path.name} cell {number}"
        if not cell.source.strip():
            problems.append(f"{where}: empty code cell; delete it")
            continue
        expected_count += 1
        if cell.execution_count != expected_count:
            problems.append(f"{where}: execution count {cell.execution_count}, "
                            f"expected {expected_count}")
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            problems += solution_problems(cell, where)
        for output in cell.outputs:
            if output.output_type == "error":
                problems.append(f"{where}: error output {output.ename}: {output.evalue}")
            if output.output_type == "stream" and output.name == "stderr" and not allow_stderr:
                problems.append(f"{where}: writes to stderr: {output.text.strip()[:300]!r}")
            png = output.get("data", {}).get("image/png")
            if png:
                size_kb = len(png) * 3 / 4 / 1024  # base64 → bytes
                if size_kb > max_image_kb:
                    problems.append(f"{where}: PNG of {size_kb:.0f} KB > {max_image_kb} KB; "
                                    "make the figure smaller or lower its dpi")
    if problems:
        raise NotebookProblem("\n".join(problems))


def solution_problems(cell, where):
    """A solution cell must print the checker's verdict, and every verdict must be "correct".

    Its output is not stored (so nbval cannot compare it), so this is where a solution that sets
    a wrong answer is caught when the notebooks are re-run.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_output
    >>> cell = new_code_cell("nk.check('00.1', 0.4)", outputs=[
    ...     new_output("stream", name="stdout", text="✗ Not quite: you gave 0.4.")])
    >>> solution_problems(cell, "00 cell 10")
    ['00 cell 10: a solution whose verdict is not correct: ✗ Not quite: you gave 0.4.']
    """
    printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    verdicts = [line for line in printed.splitlines() if line.startswith(VERDICTS)]
    if not verdicts:
        return [f"{where}: a solution that prints no verdict (end it with nk.check)"]
    return [f"{where}: a solution whose verdict is not correct: {line}"
            for line in verdicts if not line.startswith(CORRECT)]


def execute(path, timeout=60, allow_stderr=False, max_image_kb=60):
    """Execute one notebook from a fresh kernel; return (notebook, seconds)."""
    nb = nbformat.read(path, as_version=4)
    clear(nb)
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL_NAME, allow_errors=False,
                            record_timing=False, store_widget_state=False,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    clear_volatile(nb)
    inspect(nb, Path(path), allow_stderr, max_image_kb)
    store_solutions_unrun(nb)
    collapse_worked(nb)
    return nb, seconds


def collapse_worked(nb):
    """Collapse the cells that work an exercise through (tag ``worked``), in place.

    They follow the exercise, so a learner who scrolls to it would otherwise read the working
    before trying: the front end shows only each cell's first line ("**Worked through** ...")
    until it is opened. Code cells' outputs are collapsed too.

    Examples
    --------
    >>> from nbformat.v4 import new_notebook, new_code_cell
    >>> nb = new_notebook(cells=[new_code_cell("# Worked through\\nz = 1.9",
    ...                                        metadata={"tags": ["worked"]})])
    >>> collapse_worked(nb)
    >>> nb.cells[0].metadata.jupyter
    {'source_hidden': True, 'outputs_hidden': True}
    """
    for cell in nb.cells:
        if WORKED_TAG not in cell.metadata.get("tags", []):
            continue
        hidden = cell.metadata.setdefault("jupyter", {})
        hidden["source_hidden"] = True
        if cell.cell_type == "code":
            hidden["outputs_hidden"] = True


def store_solutions_unrun(nb):
    """Clear the outputs of solution cells and tag them for nbval, in place.

    Call it after ``inspect``, which checks the solutions' outputs (errors, stderr) and the
    top-to-bottom execution counts with the solutions still in them.

    Examples
    --------
    >>> from nbformat.v4 import new_notebook, new_code_cell, new_output
    >>> nb = new_notebook(cells=[new_code_cell("answer = 2", execution_count=1,
    ...     metadata={"tags": ["solution"]},
    ...     outputs=[new_output("stream", name="stdout", text="Correct: 2")])])
    >>> store_solutions_unrun(nb)
    >>> cell = nb.cells[0]
    >>> cell.outputs, cell.execution_count, cell.metadata.tags
    ([], 1, ['solution', 'nbval-ignore-output'])
    """
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type != "code" or SOLUTION_TAG not in tags:
            continue
        cell.outputs = []
        if IGNORE_OUTPUT_TAG not in tags:
            cell.metadata["tags"] = [*tags, IGNORE_OUTPUT_TAG]


def clear_volatile(nb):
    """Drop what execution adds but nothing needs (timing, widget state, widget views).

    Without the stored widget state a stored widget view can only show "Error displaying widget:
    model not found", and its random model id would change the file on every run; so the view is
    dropped and the output keeps its text/plain line (shown until the cell is run again, when
    the live panel appears). nbval skips widget views anyway, so it compares the same outputs.
    """
    for cell in nb.cells:
        for key in STRIPPED_CELL_METADATA:
            cell.metadata.pop(key, None)
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
        if "outputs" in cell:
            cell.outputs = merge_streams(cell.outputs)
    nb.metadata.pop("widgets", None)


def merge_streams(outputs):
    """Join consecutive pieces of the same stream, so a re-run stores the same file however the
    kernel happened to split its prints."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.output_type == "stream" and previous is not None
                and previous.output_type == "stream" and previous.name == output.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to run (default: every notebooks/NN-*.ipynb)")
    parser.add_argument("--check", action="store_true",
                        help="execute and check, but write nothing")
    parser.add_argument("--timeout", type=float, default=60,
                        help="seconds allowed per cell (default 60)")
    parser.add_argument("--max-seconds", type=float, default=10,
                        help="fail if a notebook takes longer than this (default 10)")
    parser.add_argument("--max-image-kb", type=float, default=60,
                        help="fail if a stored PNG is larger than this (default 60)")
    parser.add_argument("--allow-stderr", action="store_true",
                        help="do not fail on output written to stderr")
    args = parser.parse_args(argv)

    paths = [p.resolve() for p in args.notebooks] or course_notebooks(NOTEBOOKS)
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    failed = []
    total = 0.0
    for path in paths:
        if not path.exists():
            print(f"FAIL {path}: no such file", file=sys.stderr)
            failed.append(path)
            continue
        try:
            nb, seconds = execute(path, args.timeout, args.allow_stderr, args.max_image_kb)
        except (CellExecutionError, CellTimeoutError) as error:
            print(f"FAIL {path.name}: a cell raised an error\n{error}", file=sys.stderr)
            failed.append(path)
            continue
        except NotebookProblem as error:
            print(f"FAIL {path.name}:\n{error}", file=sys.stderr)
            failed.append(path)
            continue
        total += seconds
        slow = seconds > args.max_seconds
        status = "SLOW" if slow else "ok  "
        print(f"{status} {seconds:6.2f} s  {path.name}", flush=True)
        if slow:
            failed.append(path)
            print(f"FAIL {path.name}: took {seconds:.1f} s > {args.max_seconds} s",
                  file=sys.stderr)
        if not args.check:
            text = serialise(nb)
            if text != path.read_text(encoding="utf-8"):
                path.write_text(text, encoding="utf-8")
    print(f"{len(paths) - len(failed)}/{len(paths)} notebooks ok, {total:.1f} s in all")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
