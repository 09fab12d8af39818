"""Launch links (tools/links.py, `make links`): nbgitpuller links in the format nbgitpuller reads,
Binder links, and the README's launch links kept in step with the notebooks and the Makefile."""

import re
import subprocess
from urllib.parse import parse_qsl, urlsplit

import pytest

from course_files import COURSE, ROOT, load_tool



links = load_tool("links")


def _makefile_variable(name):
    match = re.search(rf"^{name} \?= *(.*)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert match, f"the Makefile has no `{name} ?=` line"
    return match.group(1).strip()


@pytest.mark.parametrize("hub, base", [
    ("https://hub.example.edu", "https://hub.example.edu"),
    ("https://hub.example.edu/", "https://hub.example.edu"),
    ("https://example.edu/jupyter/", "https://example.edu/jupyter"),
])
def test_nbgitpuller_link_has_repo_urlpath_and_branch(hub, base):
    link = links.nbgitpuller_link(hub, "me/my-course", "autumn", "02-the-neuron.ipynb")
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == base + "/hub/user-redirect/git-pull"
    # Order as nbgitpuller's own link generator writes it; every value percent-encoded.
    assert parse_qsl(parts.query) == [
        ("repo", "https://github.com/me/my-course"),
        ("urlpath", "lab/tree/my-course/notebooks/02-the-neuron.ipynb"),
        ("branch", "autumn"),
    ]
    assert "/" not in parts.query and ":" not in parts.query


def test_a_full_git_url_is_kept_and_names_the_folder():
    link = links.nbgitpuller_link("https://hub.example.edu", "https://gitlab.example.edu/ml/nn",
                                  "main", "00-contents.ipynb")
    query = dict(parse_qsl(urlsplit(link).query))
    assert query["repo"] == "https://gitlab.example.edu/ml/nn"
    assert query["urlpath"] == "lab/tree/nn/notebooks/00-contents.ipynb"


@pytest.mark.parametrize("hub", ["hub.example.edu", "ftp://hub.example.edu", "https://",
                                 "https://hub.example.edu/?x=1"])
def test_a_bad_hub_address_is_refused(hub):
    with pytest.raises(ValueError, match="HUB should be the hub's address"):
        links.nbgitpuller_link(hub, "me/course", "main", "00-contents.ipynb")


@pytest.mark.parametrize("repo", ["course", "me/course/extra", "/course", "https://github.com/x"])
def test_a_bad_repo_is_refused(repo):
    with pytest.raises(ValueError, match="repo"):
        links.repo_url(repo)


def test_the_branch_is_always_given():
    with pytest.raises(ValueError, match="branch must be given"):
        links.nbgitpuller_link("https://hub.example.edu", "me/course", "", "00-contents.ipynb")


def test_binder_link():
    assert (links.binder_link("me/course", "main", "03-weights.ipynb") ==
            "https://mybinder.org/v2/gh/me/course/main?urlpath=lab/tree/notebooks/03-weights.ipynb")
    with pytest.raises(ValueError, match="GitHub"):
        links.binder_link("https://gitlab.example.edu/ml/nn", "main", "03-weights.ipynb")


def test_one_link_per_notebook_with_its_title(tmp_path):
    (tmp_path / "01-first.ipynb").write_text(
        '{"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# What is it?\\n"]}]}')
    (tmp_path / "02-second.ipynb").write_text('{"cells": []}')
    (tmp_path / "notes.ipynb").write_text('{"cells": []}')   # not a course notebook
    rows = links.links("https://hub.example.edu", "me/course", "main", folder=tmp_path)
    assert [(name, title) for name, title, _ in rows] == [
        ("01-first.ipynb", "What is it?"), ("02-second.ipynb", "02-second")]
    assert all("urlpath=lab%2Ftree%2Fcourse%2Fnotebooks%2F" + name in link
               for name, _, link in rows)


def test_make_links_passes_the_makefile_variables():
    assert _makefile_variable("REPO") == links.DEFAULT_REPO
    assert _makefile_variable("BRANCH") == links.DEFAULT_BRANCH
    dry = subprocess.run(["make", "-n", "links", "HUB=https://hub.example.edu", "REPO=me/x"],
                         cwd=ROOT, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert ('tools/links.py --hub "https://hub.example.edu" --repo "me/x" --branch "main"'
            in dry.stdout)


def test_links_without_a_hub_say_how_to_give_one(capsys):
    with pytest.raises(SystemExit) as exit_info:
        links.main(["--hub", ""])
    assert exit_info.value.code == 2
    assert "make links HUB=https://hub.example.edu" in capsys.readouterr().err


README_BINDER = re.compile(r"https://mybinder\.org/v2/gh/([^/\s)]+/[^/\s)]+)/([^?\s)]+)"
                           r"\?urlpath=lab/tree/notebooks/([^\s)]+\.ipynb)")


def test_readme_has_a_binder_badge_and_the_instructor_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "https://mybinder.org/badge_logo.svg" in readme
    assert "docs/instructors.md" in readme
    for command in ("make links HUB=", "make slides", "make student"):
        assert command in readme
    found = README_BINDER.findall(readme)
    assert found, "the README has no Binder launch links"
    assert {(repo, branch) for repo, branch, _ in found} == {
        (links.DEFAULT_REPO, links.DEFAULT_BRANCH)}, (
        "README launch links must use the Makefile's default REPO and BRANCH")


@pytest.mark.skipif(not COURSE, reason="no notebooks in notebooks/ yet")
def test_readme_launches_exactly_the_course_notebooks():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    launched = [name for _, _, name in README_BINDER.findall(readme)]
    assert sorted(set(launched)) == [path.name for path in COURSE], (
        "the README's Binder links and notebooks/ disagree; regenerate them with "
        "python tools/links.py --binder")


def test_instructor_guide_uses_the_same_defaults():
    guide = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")
    assert links.DEFAULT_REPO in guide
    assert "make links HUB=https://hub.example.edu" in guide


def test_instructor_guide_measures_every_notebook():
    guide = (ROOT / "docs" / "instructors.md").read_text(encoding="utf-8")
    table = guide.split("<!-- measured: begin -->")[1].split("<!-- measured: end -->")[0]
    measured = set(re.findall(r"^\| (\d\d-[\w-]+\.ipynb) \|", table, re.MULTILINE))
    assert measured == {path.name for path in COURSE}, (
        "re-measure with python tools/measure_notebooks.py and update docs/instructors.md")


def test_a_file_url_and_a_targetpath_name_the_folder():
    # What the hub test follows: a repository on the hub's disk, cloned into ~/course.
    link = links.nbgitpuller_link("http://127.0.0.1:8000", "file:///srv/course.git", "main",
                                  "02-the-neuron.ipynb", targetpath="course")
    assert parse_qsl(urlsplit(link).query) == [
        ("repo", "file:///srv/course.git"),
        ("urlpath", "lab/tree/course/notebooks/02-the-neuron.ipynb"),
        ("branch", "main"),
        ("targetpath", "course"),
    ]


@pytest.mark.parametrize("targetpath", ["", "/home/student/course", "../course", "a/../../b"])
def test_a_targetpath_outside_the_home_is_refused(targetpath):
    with pytest.raises(ValueError, match="targetpath"):
        links.nbgitpuller_link("https://hub.example.edu", "me/course", "main",
                               "00-contents.ipynb", targetpath=targetpath)


@pytest.mark.parametrize("repo", ["file://host/srv/course.git", "file://relative"])
def test_a_file_url_must_be_an_absolute_local_path(repo):
    with pytest.raises(ValueError, match="file:///absolute/path"):
        links.repo_url(repo)


def test_make_links_passes_targetpath_only_when_given():
    def dry(*variables):
        result = subprocess.run(["make", "-n", "links", "HUB=https://hub.example.edu",
                                 *variables], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout
    assert '--targetpath "course"' in dry("TARGETPATH=course")
    assert "--targetpath" not in dry()
