"""Grading with nbgrader: every exercise gradable without hand editing (tools/nbgrader_source.py).

- every exercise of every notebook becomes one answer cell with a solution region and one
  read-only test cell per ``nk.check`` line, with nbgrader's metadata;
- with nbgrader itself (its own environment, ``.venv-grading``: ``make grading-setup``), the
  release that ``nbgrader generate_assignment`` makes from notebook 02 shows exactly the cells,
  sources and outputs of our student copy (``tools/student.py``), plus the test cells, and none
  of the solutions;
- ``nbgrader autograde`` gives a copy with the exercises filled in full marks, and an untouched
  copy zero.

Without ``.venv-grading`` the nbgrader tests skip with a message, except under ``CI=true``,
where they must run (``.ci/run`` runs ``make grading-setup``).
"""

import json
import os
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from course_files import COURSE, ROOT, load_tool
from test_binder import read_pins

nbgrader_source = load_tool("nbgrader_source")
student = load_tool("student")

GRADING_BIN = ROOT / ".venv-grading" / "bin"
NOTEBOOK = ROOT / "notebooks" / "02-the-neuron.ipynb"
ASSIGNMENT = NOTEBOOK.stem


def _require_nbgrader():
    if not (GRADING_BIN / "nbgrader").exists():
        message = "nbgrader's environment is missing: run `make grading-setup`"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message + " (CI=true: the grading test must run)", pytrace=False)
        pytest.skip(message)


def _grading(args, cwd, timeout=600):
    # nbgrader runs `alembic` (its database migrations) from PATH: the grading venv's bin first.
    env = dict(os.environ, PATH=f"{GRADING_BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("JUPYTER_CONFIG_DIR", None)
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{' '.join(map(str, args))}:\n{result.stderr[-4000:]}"
    return result.stdout


def _is_test(cell):
    return bool(cell.metadata.get("nbgrader", {}).get("grade"))


def test_shared_pins_equal_the_course_pins():
    grading, course = read_pins(ROOT / "requirements-grading.txt"), read_pins(ROOT / "requirements.txt")
    shared = set(grading) & set(course)
    assert {"numpy", "ipykernel", "nbclient", "jupyterlab"} <= shared
    for name in shared:
        assert grading[name][1] == course[name][1], (
            f"requirements-grading.txt pins {name}=={grading[name][1]}, requirements.txt "
            f"{name}=={course[name][1]}: make them equal")


@pytest.mark.parametrize("path", COURSE, ids=[p.name for p in COURSE])
def test_every_exercise_becomes_an_answer_cell_and_its_checks(path):
    nb = nbformat.read(path, as_version=4)
    source = nbgrader_source.source_notebook(nb, path.name)
    exercises = [c for c in nb.cells if "exercise" in student.tags(c)]
    solutions = [c for c in nb.cells if "solution" in student.tags(c)]
    answers = [c for c in source.cells if c.metadata.get("nbgrader", {}).get("solution")]
    tests = [c for c in source.cells if _is_test(c)]
    checks = [m.group("key") for c in exercises for line in c.source.splitlines()
              if (m := nbgrader_source.CHECK.match(line))]
    assert len(answers) == len(exercises) and checks
    assert [re.search(r'exercise\("([^"]+)"\)', c.source).group(1) for c in tests] == checks
    assert all(c.metadata.nbgrader["locked"] and c.metadata.nbgrader["points"] == 1
               for c in tests)
    ids = [c.metadata.nbgrader["grade_id"] for c in answers + tests]
    assert len(set(ids)) == len(ids), "nbgrader needs a distinct grade_id per cell"
    assert not any(set(student.tags(c)) & set(student.REMOVED_TAGS) for c in source.cells)
    # Each solution's code sits inside its answer cell's solution region.
    for answer, solution in zip(answers, solutions):
        region = answer.source.split(nbgrader_source.BEGIN)[1].split(nbgrader_source.END)[0]
        for line in solution.source.splitlines():
            if not (nbgrader_source.CHECK.match(line) or
                    nbgrader_source.SOLUTION_HEADING.match(line)):
                assert line in region.splitlines()


def test_an_exercise_without_its_solution_is_refused():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('a = ...\nnk.check("00.1", a)', metadata={"tags": ["exercise"]}),
        nbformat.v4.new_markdown_cell("text")])
    with pytest.raises(ValueError, match="x.ipynb cell 0: an exercise without its solution"):
        nbgrader_source.source_notebook(nb, "x.ipynb")


def _filled_in(release, source):
    """The release with every answer cell answered: the student writes the solution's code
    under the placeholder lines (the source's answer cell without the region markers)."""
    answers = {c.metadata.nbgrader["grade_id"]: c for c in source.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    filled = nbformat.from_dict(json.loads(json.dumps(release)))
    for cell in filled.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = "\n".join(
                line for line in answers[grade_id].source.splitlines()
                if line not in (nbgrader_source.BEGIN, nbgrader_source.END))
    return filled


@pytest.mark.timeout(900)
def test_the_release_hides_what_the_student_copy_hides_and_autograde_scores(tmp_path):
    _require_nbgrader()
    course = tmp_path / "course"
    nbgrader_source.build_course([NOTEBOOK], course)
    _grading([GRADING_BIN / "nbgrader", "generate_assignment", ASSIGNMENT, "--force"], course)
    released = course / "release" / ASSIGNMENT / NOTEBOOK.name
    release = nbformat.read(released, as_version=4)

    instructor = nbformat.read(NOTEBOOK, as_version=4)
    copy = student.student_notebook(instructor, NOTEBOOK.name)
    shown = [c for c in release.cells if not _is_test(c)]
    assert [(c.cell_type, c.source) for c in shown] == [(c.cell_type, c.source)
                                                       for c in copy.cells]
    assert [c.get("outputs") for c in shown] == [c.get("outputs") for c in copy.cells]
    text = released.read_text()
    for cell in instructor.cells:
        if "solution" in student.tags(cell):
            for line in cell.source.splitlines():
                if not (nbgrader_source.CHECK.match(line) or line.startswith("#")):
                    assert json.dumps(line)[1:-1] not in text, f"the release shows {line!r}"

    source = nbformat.read(course / "source" / ASSIGNMENT / NOTEBOOK.name, as_version=4)
    submissions = {"filled": _filled_in(release, source), "untouched": release}
    for who, nb in submissions.items():
        target = course / "submitted" / who / ASSIGNMENT / NOTEBOOK.name
        target.parent.mkdir(parents=True)
        nbformat.write(nb, target)
    _grading([GRADING_BIN / "nbgrader", "autograde", ASSIGNMENT, "--force"], course)
    scores = json.loads(_grading([GRADING_BIN / "python", "-c", """
import json
from nbgrader.api import Gradebook
with Gradebook("sqlite:///gradebook.db") as gb:
    print(json.dumps({who: [gb.find_submission(%r, who).score,
                            gb.find_submission(%r, who).max_score]
                      for who in ("filled", "untouched")}))
""" % (ASSIGNMENT, ASSIGNMENT)], course))
    checks = sum(_is_test(c) for c in release.cells)
    assert scores == {"filled": [checks, checks], "untouched": [0, checks]}


@pytest.mark.parametrize("name", ["nbgrader_source", "links"])
def test_tool_docstring_examples_run(name):
    import doctest
    failures, tried = doctest.testmod(load_tool(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0 and failures == 0
