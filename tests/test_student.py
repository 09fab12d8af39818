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
from nbkernel.exercises.judge import CORRECT, WAITING, WRONG


student = load_tool("student")
execute_notebooks = load_tool("execute_notebooks")


def _slide(kind="-", **extra):
    return {"slideshow": {"slide_type": kind}, **extra}


def fixture_notebook():
    """A tiny instructor notebook that follows the course's cell conventions: an exercise (the
    course's exercise 00.1) with its solution, a worked-through step and an instructor note."""
    cells = [
        new_markdown_cell("# A tiny neuron\n\nThe input $x$ reaches the neuron as $x w$.",
                          metadata=_slide("slide")),
        new_code_cell("import numpy as np\nimport nbkernel as nk", metadata=_slide(),
                      execution_count=1),
        new_code_cell("x, w = 0.5, 0.6", metadata=_slide(), execution_count=2),
        new_markdown_cell("**Your turn.** What reaches the neuron?", metadata=_slide()),
        new_code_cell("answer = ...\nnk.check(\"00.1\", answer)",
                      metadata=_slide(tags=["exercise"]), execution_count=3,
                      outputs=[new_output("stream", name="stdout", text=f"{WAITING}\n")]),
        new_code_cell("# Multiply the input by its weight.\n"
                      "answer = x * w\nnk.check(\"00.1\", answer)",
                      metadata=_slide(tags=["solution", "nbval-ignore-output"],
                                      jupyter={"source_hidden": True})),
        new_markdown_cell("Worked through: the weight scales the input.",
                          metadata=_slide(tags=["worked"])),
        new_code_cell("x * w", metadata=_slide(tags=["worked"]), execution_count=5,
                      outputs=[new_output("execute_result", {"text/plain": "0.3"},
                                          execution_count=5)]),
        new_markdown_cell("*Instructor notes (speaker view).* Ask the room before revealing.",
                          metadata=_slide("notes", tags=["instructor"])),
        new_markdown_cell("## Summary\n\nA neuron weighs its inputs.", metadata=_slide("slide")),
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
    assert "answer = x * w" not in json.dumps(copy)
    exercise = [c for c in copy.cells if "exercise" in c.metadata.get("tags", [])]
    assert len(exercise) == 1
    assert exercise[0].outputs == [] and exercise[0].execution_count is None
    assert exercise[0].source.startswith("answer = ...")


def test_student_copy_drops_worked_steps_and_instructor_notes(course):
    source, out = course
    student.build_student(source, out)
    copy = nbformat.read(out / "02-tiny.ipynb", as_version=4)
    text = json.dumps(copy)
    assert "Worked through" not in text and "Instructor notes" not in text
    assert not [c for c in copy.cells if c.metadata.slideshow.slide_type == "notes"]
    assert [c.source.splitlines()[0] for c in copy.cells][-1] == "## Summary"


def _write(source, nb):
    nbformat.write(nb, source / "02-tiny.ipynb")


def test_an_untagged_instructor_note_stops_the_build(course):
    source, out = course
    nb = fixture_notebook()
    note = next(i for i, c in enumerate(nb.cells) if "instructor" in c.metadata.get("tags", []))
    nb.cells[note].metadata.tags = []
    _write(source, nb)
    with pytest.raises(ValueError, match=rf"02-tiny.ipynb cell {note}: an instructor note"):
        student.build_student(source, out)


@pytest.mark.parametrize("sentence", [
    "Solutions are in the collapsed cells.",
    "Answers are in the collapsed cells, to open after you have tried.",
    "The solutions are in the collapsed\ncells under each task: try first, then click to open.",
    "The solution is in the cell\njust below, collapsed: click the bar on its left.",
    "Stuck? Open the hidden solution.",
    "Try first, then open the collapsed cell.",
])
def test_a_sentence_pointing_at_removed_cells_stops_the_build(course, sentence):
    source, out = course
    nb = fixture_notebook()
    nb.cells[3].source += "\n\n" + sentence
    _write(source, nb)
    with pytest.raises(ValueError, match="02-tiny.ipynb cell 3: points at cells"):
        student.build_student(source, out)


def test_the_hidden_layer_is_not_a_hidden_solution(course):
    source, out = course
    nb = fixture_notebook()
    nb.cells[3].source += ("\n\nThe hidden layer's values are not the answer; "
                           "the output is. A solution of its own.")
    _write(source, nb)
    assert student.build_student(source, out) == [out / "02-tiny.ipynb"]


def test_a_stopped_build_leaves_the_previous_copy(course):
    source, out = course
    student.build_student(source, out)
    before = (out / "02-tiny.ipynb").read_bytes()
    nb = fixture_notebook()
    nb.cells[3].source += "\n\nSolutions are in the collapsed cells."
    _write(source, nb)
    with pytest.raises(ValueError):
        student.build_student(source, out)
    assert (out / "02-tiny.ipynb").read_bytes() == before


def test_everything_else_is_intact(course):
    source, out = course
    stored = (source / "02-tiny.ipynb").read_bytes()
    student.build_student(source, out)
    original = nbformat.read(source / "02-tiny.ipynb", as_version=4)
    copy = nbformat.read(out / "02-tiny.ipynb", as_version=4)
    kept = [c for c in original.cells
            if not {"solution", "worked", "instructor"} & set(c.metadata.get("tags", []))]
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
    assert CORRECT not in printed and WRONG not in printed


def _assigns_ellipsis(source):
    tree = ast.parse(source)
    return any(isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
               and node.value.value is Ellipsis for node in ast.walk(tree))


@pytest.mark.skipif(not COURSE, reason="no notebooks in notebooks/ yet")
@pytest.mark.parametrize("path", COURSE, ids=[p.stem for p in COURSE])
def test_course_student_copy_has_no_solutions_and_unanswered_exercises(path):
    copy = student.student_notebook(nbformat.read(path, as_version=4), path.name)
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
    printed = _run(student.student_notebook(nb, path.name), path.parent)
    assert printed.count("Not attempted yet") >= exercises
    assert CORRECT not in printed and WRONG not in printed


@pytest.mark.skipif(not COURSE, reason="no notebooks in notebooks/ yet")
@pytest.mark.parametrize("path", COURSE, ids=[p.stem for p in COURSE])
def test_course_solutions_print_only_correct_verdicts(path):
    # Solutions are stored without outputs, so nbval cannot compare them: run them here.
    nb = nbformat.read(path, as_version=4)
    _run(nb, path.parent)
    for number, cell in enumerate(nb.cells):
        if "solution" in cell.metadata.get("tags", []):
            problems = execute_notebooks.solution_problems(cell, f"{path.name} cell {number}")
            assert not problems, problems
