"""The learner's working copy (tools/working_copy.py, `make lab`): made once from notebooks/,
never overwritten afterwards, and ignored by git and by pytest."""

import subprocess
import tomllib

import pytest

from course_files import ROOT, load_tool

working_copy = load_tool("working_copy")


@pytest.fixture
def course(tmp_path):
    source = tmp_path / "notebooks"
    (source / "images").mkdir(parents=True)
    (source / ".ipynb_checkpoints").mkdir()
    (source / "01-a.ipynb").write_text('{"course": 1}')
    (source / "images" / "neuron.svg").write_text("<svg/>")
    (source / ".ipynb_checkpoints" / "01-a-checkpoint.ipynb").write_text("{}")
    return source, tmp_path / "my-notebooks"


def test_the_first_run_copies_the_course_without_checkpoints(course):
    source, out = course
    copied = working_copy.update_working_copy(source, out)
    assert sorted(p.relative_to(out).as_posix() for p in copied) == [
        "01-a.ipynb", "images/neuron.svg"]
    assert (out / "01-a.ipynb").read_text() == '{"course": 1}'
    assert not (out / ".ipynb_checkpoints").exists()


def test_a_later_run_keeps_the_learners_edits_and_adds_only_what_is_missing(course):
    source, out = course
    working_copy.update_working_copy(source, out)
    (out / "01-a.ipynb").write_text('{"my answer": 42}')
    (source / "01-a.ipynb").write_text('{"course": 2}')      # the course changed meanwhile
    (source / "02-b.ipynb").write_text('{"new": true}')      # and gained a notebook
    (out / "images" / "neuron.svg").unlink()                 # the learner deleted a file

    copied = working_copy.update_working_copy(source, out)

    assert sorted(p.name for p in copied) == ["02-b.ipynb", "neuron.svg"]
    assert (out / "01-a.ipynb").read_text() == '{"my answer": 42}'
    assert (out / "02-b.ipynb").read_text() == '{"new": true}'
    assert working_copy.update_working_copy(source, out) == []


def test_the_working_copy_may_not_be_the_course(course):
    source, _ = course
    with pytest.raises(ValueError, match="must not be the source folder"):
        working_copy.update_working_copy(source, source / "mine")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        working_copy.update_working_copy(source / "missing", source.parent / "mine")


def test_git_and_pytest_ignore_the_working_copy():
    name = working_copy.WORKING_COPY.name
    ignored = subprocess.run(["git", "check-ignore", "-q", f"{name}/00-contents.ipynb"],
                             cwd=ROOT, capture_output=True)
    if ignored.returncode == 128:
        pytest.skip("not a git checkout")
    assert ignored.returncode == 0, f"{name}/ is not in .gitignore"
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert name in options["norecursedirs"]
    assert name not in options["testpaths"]
    assert f"WORKING_COPY := {name}\n" in (ROOT / "Makefile").read_text()
