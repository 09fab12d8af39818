"""The student copy (tools/student.py, `make student`): no solutions survive, exercise outputs are
cleared, everything else is intact, and a student notebook runs top to bottom without an error
(its answer checkers say "not attempted yet")."""

import ast
import json

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from course_files import COURSE, load_tool



student = load_tool("student")


def _slide(kind="-", **extra):
    return {"slideshow": {"slide_type": kind}, **extra}


def fixture_notebook():
    """A tiny instructor notebook that follows the course's cell conventions."""
    not_attempted = "⏳ Not attempted yet: replace ... with your answer and run the cell again.\n"
    cells = [
        new_markdown_cell("# A tiny neuron\n\nThe weighted sum is $z = x_1 w_1 + x_2 w_2 + b$.",
                          metadata=_slide("slide")),
        new_code_cell("import numpy as np\nimport nbkernel as nk", metadata=_slide(),
                      execution_count=1),
        new_code_cell("z = nk.weighted_sum([1.0, 2.0], [0.5, -0.25], 0.1)\nz",
                      metadata=_slide(), execution_count=2,
                      outputs=[new_output("execute_result", {"text/plain": "0.1"},
                                          execution_count=2)]),
        new_markdown_cell("**Your turn.** What is $z$ for $x = (2, 0)$?", metadata=_slide()),
        new_code_cell("answer = ...\n"
                      "nk.check(answer, nk.weighted_sum([2.0, 0.0], [0.5, -0.25], 0.1), "
                      "hint=\"Multiply, add, then add b.\")",
                      metadata=_slide(tags=["exercise"]), execution_count=3,
                      outputs=[new_output("stream", name="stdout", text=not_attempted)]),
        new_code_cell("answer = 1.1\n"
                      "nk.check(answer, nk.weighted_sum([2.0, 0.0], [0.5, -0.25], 0.1))",
                      metadata=_slide(tags=["solution"], jupyter={"source_hidden": True}),
                      execution_count=4,
                      outputs=[new_output("stream", name="stdout", text="✅ Correct: 1.1\n"),
                               new_output("execute_result", {"text/plain": "True"},
                                          execution_count=4)]),
        new_markdown_cell("## Summary\n\nA neuron adds weighted inputs and a bias.",
                          metadata=_slide("slide")),
    ]
    return new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


@pytest.fixture
def course(tmp_path):
    source = tmp_path / "notebooks"
    (source / "images").mkdir(parents=True)
    (source / ".ipynb_checkpoints").mkdir()
    nbformat.write(fixture_notebook(), source / "02-tiny.ipynb")
    nbformat.write(fixture_notebook(), source / ".ipynb_checkpoints" / "02-tiny-checkpoint.ipynb")
    (source / "images" / "neuron.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    out = tmp_path / "build" / "student"
    return source, out


def test_student_copy_removes_solutions_and_clears_exercise_outputs(course):
    source, out = course
    written = student.build_student(source, out)
    assert written == [out / "02-tiny.ipynb"]
    copy = nbformat.read(out / "02-tiny.ipynb", as_version=4)
    nbformat.validate(copy)
    assert not [c for c in copy.cells if "solution" in c.metadata.get("tags", [])]
    assert "answer = 1.1" not in json.dumps(copy)
    exercise = [c for c in copy.cells if "exercise" in c.metadata.get("tags", [])]
    assert len(exercise) == 1
    assert exercise[0].outputs == [] and exercise[0].execution_count is None
    assert exercise[0].source.startswith("answer = ...")


def test_everything_else_is_intact(course):
    source, out = course
    stored = (source / "02-tiny.ipynb").read_bytes()
    student.build_student(source, out)
    original = nbformat.read(source / "02-tiny.ipynb", as_version=4)
    copy = nbformat.read(out / "02-tiny.ipynb", as_version=4)
    kept = [c for c in original.cells if "solution" not in c.metadata.get("tags", [])]
    assert len(copy.cells) == len(kept)
    for before, after in zip(kept, copy.cells):
        if "exercise" in before.metadata.get("tags", []):
            before = dict(before, outputs=[], execution_count=None)
        assert dict(after) == dict(before)
    assert copy.metadata == original.metadata
    # Other files come along; editor checkpoints do not.
    assert (out / "images" / "neuron.svg").read_text() == (
        source / "images" / "neuron.svg").read_text()
    assert not (out / ".ipynb_checkpoints").exists()
    # The instructor copy is left exactly as it was.
    assert (source / "02-tiny.ipynb").read_bytes() == stored


def test_rebuilding_removes_notebooks_that_left_the_course(course):
    source, out = course
    student.build_student(source, out)
    (out / "99-old.ipynb").write_text("{}")
    student.build_student(source, out)
    assert not (out / "99-old.ipynb").exists()


def test_the_output_folder_may_not_be_the_source(course):
    source, _ = course
    with pytest.raises(ValueError, match="must not be the source folder"):
        student.build_student(source, source)


def _run(nb, folder):
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(folder)}}).execute()
    errors = [output for cell in nb.cells if cell.cell_type == "code"
              for output in cell.outputs if output.output_type == "error"]
    assert not errors, errors[0]
    return "".join(output.get("text", "") for cell in nb.cells if cell.cell_type == "code"
                   for output in cell.outputs)


def test_a_student_notebook_runs_top_to_bottom_and_says_not_attempted(course):
    source, out = course
    student.build_student(source, out)
    copy = nbformat.read(out / "02-tiny.ipynb", as_version=4)
    printed = _run(copy, out)
    assert "Not attempted yet" in printed
    assert "✅" not in printed and "❌" not in printed


def _assigns_ellipsis(source):
    tree = ast.parse(source)
    return any(isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
               and node.value.value is Ellipsis for node in ast.walk(tree))


@pytest.mark.skipif(not COURSE, reason="no notebooks in notebooks/ yet")
@pytest.mark.parametrize("path", COURSE, ids=[p.stem for p in COURSE])
def test_course_student_copy_has_no_solutions_and_unanswered_exercises(path):
    copy = student.student_notebook(nbformat.read(path, as_version=4))
    tags = [c.metadata.get("tags", []) for c in copy.cells]
    assert not any("solution" in t for t in tags)
    for cell in copy.cells:
        if "exercise" in cell.metadata.get("tags", []):
            assert cell.outputs == [] and cell.execution_count is None
            assert _assigns_ellipsis(cell.source), (
                f"{path.name}: exercise cell does not start from `answer = ...`:\n{cell.source}")


@pytest.mark.skipif(not COURSE, reason="no notebooks in notebooks/ yet")
@pytest.mark.parametrize("path", COURSE, ids=[p.stem for p in COURSE])
def test_course_student_notebook_runs_top_to_bottom(path):
    nb = nbformat.read(path, as_version=4)
    exercises = sum("exercise" in c.metadata.get("tags", []) for c in nb.cells)
    printed = _run(student.student_notebook(nb), path.parent)
    assert printed.count("Not attempted yet") >= exercises
    assert "✅" not in printed and "❌" not in printed
