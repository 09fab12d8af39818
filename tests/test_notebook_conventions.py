"""The course notebooks follow the conventions the tools and the learners rely on (TEAM notes).

Fast checks on the stored files, no kernel: navigation and contents up to date, title and goals,
slide metadata on every cell, exercises with hidden solutions, stored as a clean top-to-bottom
run with small images. Re-running the cells and comparing outputs is nbval's job (pyproject's
``--nbval`` over notebooks/); the tools themselves are tested on small fixture notebooks.
"""

import base64
import io
import re
import subprocess
import sys

import nbformat
import pytest

from course_files import COURSE, ROOT, load_tool

MAX_PNG_BYTES = 60 * 1024
SLIDE_TYPES = {"slide", "subslide", "fragment", "", "skip", "notes"}


navigation = load_tool("navigation")


def _read(path):
    return nbformat.read(path, as_version=4)


def _role(cell):
    return cell.metadata.get("nbkernel", {}).get("role")


def test_the_course_has_its_notebooks():
    names = [p.name for p in COURSE]
    assert names and names[0] == "00-contents.ipynb"
    assert [n[:2] for n in names] == [f"{i:02d}" for i in range(len(names))], names


def test_navigation_and_contents_are_up_to_date():
    assert navigation.run(ROOT / "notebooks", check=True) == [], \
        "run: python tools/navigation.py"


TEMPLATE = ROOT / "docs" / "templates" / "NN-concept.ipynb"


@pytest.mark.parametrize("path", COURSE + [TEMPLATE], ids=lambda p: p.name)
def test_structure(path):
    nb = _read(path)
    cells = nb.cells
    assert _role(cells[0]) == "navigation" and _role(cells[-1]) == "navigation"
    assert cells[1].cell_type == "markdown" and cells[1].source.startswith("# ")
    assert sum(line.startswith("# ") for c in cells if c.cell_type == "markdown"
               for line in c.source.splitlines()) == 1, "exactly one H1"
    if path.name != "00-contents.ipynb":
        assert navigation.read_goals(nb), "a '## Learning goals' cell with a bullet list"
    assert cells[-2].cell_type == "markdown" and cells[-2].source.startswith("## Summary")
    code = [c for c in cells if c.cell_type == "code"]
    assert any("import nbkernel as nk" in c.source for c in code[:2]), "a setup cell comes first"


@pytest.mark.parametrize("path", COURSE + [TEMPLATE], ids=lambda p: p.name)
def test_every_cell_has_slide_metadata(path):
    for number, cell in enumerate(_read(path).cells):
        assert cell.metadata.get("slideshow", {}).get("slide_type") in SLIDE_TYPES, number


@pytest.mark.parametrize("path", COURSE + [TEMPLATE], ids=lambda p: p.name)
def test_exercises_are_checked_and_their_solutions_hidden(path):
    cells = _read(path).cells
    for number, cell in enumerate(cells):
        tags = cell.metadata.get("tags", [])
        if "exercise" in tags:
            assert "nk.check(" in cell.source and "..." in cell.source, number
            following = cells[number + 1]
            assert "solution" in following.metadata.get("tags", []), \
                f"cell {number + 1} should be the exercise's solution"
        if "solution" in tags:
            assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, number
            assert "nk.check(" in cell.source, number
            # A collapsed solution must not show its answer: stored unrun, and nbval runs it
            # without comparing outputs (tools/execute_notebooks.py does both).
            assert cell.outputs == [], (
                f"cell {number}: solution stored with its output; run tools/execute_notebooks.py")
            assert "nbval-ignore-output" in tags, f"cell {number}: solution not tagged for nbval"


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_stored_as_a_clean_run(path):
    nb = _read(path)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    assert "widgets" not in nb.metadata, "stored widget state: run tools/execute_notebooks.py"
    count = 0
    for number, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        count += 1
        assert cell.execution_count == count, f"cell {number}: not run top to bottom"
        assert "execution" not in cell.metadata, f"cell {number}: timing metadata"
        for output in cell.outputs:
            assert output.output_type != "error", f"cell {number}: error output"
            assert not (output.output_type == "stream" and output.name == "stderr"), \
                f"cell {number}: stderr output {output.text[:200]!r}"
            data = output.get("data", {})
            pictures = [data["image/png"]] if "image/png" in data else []
            # An <img> in HTML output (a figure with its alt text, a panel's first picture).
            pictures += re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)",
                                   "".join(data.get("text/html", "")))
            for png in pictures:
                size = len(base64.b64decode(png))
                assert size <= MAX_PNG_BYTES, f"cell {number}: a {size // 1024} KiB picture"


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_no_memory_addresses_or_paths_in_outputs(path):
    for number, cell in enumerate(_read(path).cells):
        for output in cell.get("outputs", []):
            text = output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
            assert not re.search(r"/work/|/home/|/tmp/", text), f"cell {number}: a local path"


# --- the tools, on small fixture notebooks -------------------------------------------------

def _fixture(folder, names):
    for name, title in names:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}"),
                    nbformat.v4.new_markdown_cell("## Learning goals\n- Do one thing.\n- Do two."),
                    nbformat.v4.new_code_cell("print(1 + 1)"),
                    nbformat.v4.new_markdown_cell("## Summary")]
        nbformat.write(nb, folder / name)


def test_navigation_inserts_links_and_contents_and_is_idempotent(tmp_path):
    _fixture(tmp_path, [("00-contents.ipynb", "Contents"), ("01-a.ipynb", "First"),
                        ("02-b.ipynb", "Second")])
    changed = navigation.run(tmp_path, out=io.StringIO())
    assert len(changed) == 3
    first = _read(tmp_path / "01-a.ipynb")
    assert first.cells[0].source == ("[← Contents](00-contents.ipynb) | "
                                     "[02 · Second →](02-b.ipynb)")
    assert first.cells[-1].source == first.cells[0].source
    second = _read(tmp_path / "02-b.ipynb")
    assert second.cells[0].source == "[← 01 · First](01-a.ipynb) | [Contents](00-contents.ipynb)"
    contents = [c for c in _read(tmp_path / "00-contents.ipynb").cells if _role(c) == "contents"]
    assert len(contents) == 1
    assert "| [01 · First](01-a.ipynb) | Do one thing; do two. |" in contents[0].source
    before = {p: p.read_bytes() for p in tmp_path.iterdir()}
    assert navigation.run(tmp_path, out=io.StringIO()) == []
    assert {p: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_navigation_follows_a_changed_title(tmp_path):
    _fixture(tmp_path, [("00-contents.ipynb", "Contents"), ("01-a.ipynb", "First")])
    navigation.run(tmp_path, out=io.StringIO())
    nb = _read(tmp_path / "01-a.ipynb")
    nb.cells[1].source = "# Renamed"
    nbformat.write(nb, tmp_path / "01-a.ipynb")
    assert navigation.run(tmp_path, check=True, out=io.StringIO()) == [
        tmp_path / "00-contents.ipynb"]


def test_execute_stores_a_lean_top_to_bottom_run_and_refuses_errors(tmp_path):
    execute_notebooks = load_tool("execute_notebooks")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 21"), nbformat.v4.new_code_cell("print(x * 2)")]
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(nb, tmp_path / "01-ok.ipynb")
    ran, seconds = execute_notebooks.execute(tmp_path / "01-ok.ipynb")
    assert [c.execution_count for c in ran.cells] == [1, 2]
    assert ran.cells[1].outputs[0].text == "42\n"
    assert "widgets" not in ran.metadata and "execution" not in ran.cells[0].metadata
    assert seconds > 0

    nb.cells.append(nbformat.v4.new_code_cell("1 / 0"))
    nbformat.write(nb, tmp_path / "02-error.ipynb")
    with pytest.raises(Exception, match="ZeroDivisionError"):
        execute_notebooks.execute(tmp_path / "02-error.ipynb")

    nb.cells[-1] = nbformat.v4.new_code_cell("import sys; print('careful', file=sys.stderr)")
    nbformat.write(nb, tmp_path / "03-stderr.ipynb")
    with pytest.raises(execute_notebooks.NotebookProblem, match="stderr"):
        execute_notebooks.execute(tmp_path / "03-stderr.ipynb")


def _nbval(folder, notebook):
    """Run strict nbval on one notebook, outside the course's pytest configuration."""
    (folder / "pytest.ini").write_text("[pytest]\n")
    return subprocess.run([sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env",
                           "-p", "no:cacheprovider", "-q", notebook.name],
                          cwd=folder, capture_output=True, text=True)


def test_execute_stores_solutions_unrun_and_nbval_still_runs_them(tmp_path):
    execute_notebooks = load_tool("execute_notebooks")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import nbkernel as nk\nx = 0.5"),
                nbformat.v4.new_code_cell("nk.check('00.1', x * 0.6)",
                                          metadata={"tags": ["solution"]}),
                nbformat.v4.new_code_cell("print(x + 1)")]
    path = tmp_path / "01-solution.ipynb"
    nbformat.write(nb, path)
    ran, _ = execute_notebooks.execute(path)
    solution = ran.cells[1]
    assert solution.outputs == [] and solution.execution_count == 2
    assert solution.metadata.tags == ["solution", "nbval-ignore-output"]
    assert [c.execution_count for c in ran.cells] == [1, 2, 3]
    assert ran.cells[2].outputs[0].text == "1.5\n"

    nbformat.write(ran, path)
    result = _nbval(tmp_path, path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout

    # The solution still runs under nbval: an error in it fails the test.
    ran.cells[1].source = "nk.check('00.1', x / 0)"
    nbformat.write(ran, path)
    result = _nbval(tmp_path, path)
    assert result.returncode == 1 and "ZeroDivisionError" in result.stdout


@pytest.mark.parametrize("name", ["execute_notebooks", "navigation", "student", "working_copy"])
def test_tool_docstring_examples_run(name):
    import doctest
    failures, tried = doctest.testmod(load_tool(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0 and failures == 0


PANEL_CALL = re.compile(r"\b\w+_panel\(")
NEUTRAL_FIRST_LINE = "# Solution: open it after you have tried."


@pytest.mark.parametrize("path", COURSE + [TEMPLATE], ids=lambda p: p.name)
def test_each_panel_asks_for_a_prediction_first(path):
    cells = _read(path).cells
    for number, cell in enumerate(cells):
        if cell.cell_type == "code" and PANEL_CALL.search(cell.source) and \
                "import" not in cell.source:
            before = " ".join(c.source for c in cells[max(0, number - 3):number]
                              if c.cell_type == "markdown")
            assert "predict" in before.lower(), f"cell {number}: ask the learner to predict " \
                                                "what the panel will do before it"


@pytest.mark.parametrize("path", COURSE + [TEMPLATE], ids=lambda p: p.name)
def test_exercise_cells_name_their_exercise_and_solutions_start_neutral(path):
    for number, cell in enumerate(_read(path).cells):
        tags = cell.metadata.get("tags", [])
        if "exercise" in tags:
            # nk.check("NN.k", name): the key and the learner's answer, no expected value.
            calls = re.findall(r"nk\.check\((.*)\)", cell.source)
            assert calls and all(re.fullmatch(r"""\s*["'][\w.]+["']\s*,\s*[\w.\[\]]+\s*""", c)
                                 for c in calls), f"cell {number}: {calls}"
        if "solution" in tags:
            assert cell.source.splitlines()[0] == NEUTRAL_FIRST_LINE, number


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_worked_cells_are_collapsed_behind_a_neutral_first_line(path):
    # A collapsed cell still shows its first line, so that line must not give the answer.
    for number, cell in enumerate(_read(path).cells):
        if "worked" not in cell.metadata.get("tags", []):
            continue
        hidden = cell.metadata.get("jupyter", {})
        assert hidden.get("source_hidden") is True, number
        assert cell.cell_type == "markdown" or hidden.get("outputs_hidden") is True, number
        first = cell.source.splitlines()[0]
        assert re.search(r"(?i)worked through", first) and not re.search(r"=|\d\.\d", first), \
            f"cell {number}: first line {first!r}"
