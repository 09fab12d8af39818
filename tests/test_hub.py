"""The course on a real JupyterHub, as a class meets it: nbgitpuller links, and no work lost.

A JupyterHub (tests/hub_support.py: dummy login, one temporary home per user, its proxy from
hub-proxy/) serves a local bare clone of this repository through the link that
``tools/links.py`` (``make links``) makes with ``REPO=file://...`` and ``TARGETPATH=course``.
In headless Chromium a student logs in, clicks the link for notebook 02, finds the course in
their home, runs the notebook, moves a slider and sees the picture change, then answers an
exercise and saves. The instructor then pushes fixes to notebook 03, to another part of 02 and to
the very line the student changed, and adds a file the student also has. The student clicks the
link again. What nbgitpuller 1.3.0 does then (its ``pull.py``): it commits the student's changes
("Automatic commit by nbgitpuller") and merges the instructor's branch with ``git merge -Xours``,
so the instructor's changes arrive wherever the student did not change the same lines, the
student's lines win where both changed them, and an untracked student file that the instructor
now also adds is renamed with a timestamp (``name__YYYYmmddHHMMSS.ext``) before the merge.
docs/instructors.md (section 5) explains this to instructors, with the recovery steps.

The hub, its proxy and every user server and kernel are stopped at the end, also when a step
fails; the second test checks that on a failure. Needs Chromium, Playwright and the proxy
(`make hub-proxy`): without them it skips with a message, except under ``CI=true``, where it
must run.
"""

import os
import re
import subprocess
import sys
from urllib.parse import quote

import nbformat
import pytest

from browser_support import INSTALL_HINT, LabNotebook, chromium_page, find_chromium
from course_files import ROOT
from hub_support import PROXY_HINT, HubUserLab, JupyterHub, find_proxy, running

STUDENT = "student"
NOTEBOOK = "02-the-neuron.ipynb"
OTHER = "03-weights.ipynb"
TARGET = "course"
# The exercise line the student answers, and the instructor's fix to that same line.
EXERCISE_LINE = '    "y_flipped = ...   # the output y with w3 = -0.2, to 2 decimals\\n",\n'
STUDENT_ANSWER = "y_flipped = 0.12   # my answer"
INSTRUCTOR_EXERCISE_LINE = EXERCISE_LINE.replace("with w3 = -0.2", "when w3 is -0.2")
# Fixes far from the student's edit: in 02's introduction, and in 03.
FIX_02 = ("checks every step with code.", "checks every step with code (fixed).")
FIX_03 = ("they are what a network learns.", "they are what a network learns (fixed).")


def _require_tools():
    problems = []
    if find_chromium() is None:
        problems.append("Chromium not found: " + INSTALL_HINT)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("Playwright is not installed (requirements.txt pins it)")
    if find_proxy() is None:
        problems.append("JupyterHub's proxy is missing: " + PROXY_HINT)
    if problems:
        message = "; ".join(problems)
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message + " (CI=true: the hub test must run)", pytrace=False)
        pytest.skip(message)


def _git(*args, cwd):
    env = dict(os.environ, GIT_AUTHOR_NAME="Instructor", GIT_AUTHOR_EMAIL="instructor@example.edu",
               GIT_COMMITTER_NAME="Instructor", GIT_COMMITTER_EMAIL="instructor@example.edu")
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def _bare_clone(tmp_path):
    """A bare repository whose ``main`` is this checkout's HEAD (what the course would push)."""
    bare = tmp_path / "course.git"
    _git("init", "--quiet", "--bare", str(bare), cwd=tmp_path)
    _git("push", "--quiet", str(bare), "HEAD:refs/heads/main", cwd=ROOT)
    _git("symbolic-ref", "HEAD", "refs/heads/main", cwd=bare)
    return bare


def _link(hub_url, bare, notebook):
    """The row of ``tools/links.py`` (what ``make links`` runs) for ``notebook``."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "links.py"), "--hub", hub_url,
         "--repo", bare.as_uri(), "--branch", "main", "--targetpath", TARGET, "--format", "tsv"],
        capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    return next(link for name, _, link in rows if name == notebook)


def _click_link(page, link, notebook, timeout=180):
    """Follow an nbgitpuller link as a student and wait until nbgitpuller has synced and
    JupyterLab opens the notebook. (Logging in starts the student's server, so the first click
    passes the hub's "Your server is starting up" page, which redirects by itself.)"""
    page.goto(link, wait_until="domcontentloaded")
    target = f"**/user/{STUDENT}/lab/tree/{TARGET}/notebooks/{notebook}*"
    try:
        page.wait_for_url(target, timeout=timeout * 1000)
    except Exception as error:
        body = page.locator("body").inner_text(timeout=5000)[-3000:]
        raise AssertionError(f"the link did not open {notebook} (at {page.url}):\n{body}") from error


def _replace_once(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _instructor_pushes_fixes(bare, tmp_path):
    work = tmp_path / "instructor"
    _git("clone", "--quiet", bare.as_uri(), str(work), cwd=tmp_path)
    notebooks = work / "notebooks"
    _replace_once(notebooks / OTHER, *FIX_03)
    _replace_once(notebooks / NOTEBOOK, *FIX_02)
    _replace_once(notebooks / NOTEBOOK, EXERCISE_LINE, INSTRUCTOR_EXERCISE_LINE)
    (notebooks / "notes.md").write_text("The instructor's notes.\n")
    _git("add", "-A", cwd=work)
    _git("commit", "--quiet", "-m", "Fix wording in 02 and 03; add notes", cwd=work)
    _git("push", "--quiet", "origin", "HEAD:main", cwd=work)


def _answer_exercise(nb, page):
    """Type the answer over the exercise's first line, as a student does, and save (Ctrl+S)."""
    index = nb.eval("""() => window.__nbk.panel.content.widgets.findIndex(c =>
        c.model.sharedModel.getSource().startsWith('y_flipped = ...'))""")
    assert index >= 0, "the exercise cell of 02.3 is not in the notebook"
    nb.eval("""i => window.__nbk.panel.content.widgets[i].node
        .setAttribute('data-hub-exercise', '1')""", index)
    editor = page.locator('[data-hub-exercise="1"] .cm-content')
    editor.scroll_into_view_if_needed()
    editor.click()
    page.keyboard.press("Control+Home")
    page.keyboard.press("Shift+End")
    page.keyboard.type(STUDENT_ANSWER)
    page.keyboard.press("Control+s")


def _cell_sources(path):
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)                       # the merge left a valid notebook
    return [cell.source for cell in nb.cells]


def test_a_student_follows_the_link_works_and_loses_nothing_when_the_instructor_pushes(tmp_path):
    _require_tools()
    bare = _bare_clone(tmp_path)
    hub = JupyterHub()
    with hub:
        link = _link(hub.url, bare, NOTEBOOK)
        assert "targetpath=course" in link and quote(bare.as_uri(), safe="") in link
        repo = hub.home(STUDENT) / TARGET
        with chromium_page() as page:
            hub.log_in(page, STUDENT)
            _click_link(page, link, NOTEBOOK)
            # The course is in the student's home, where urlpath points.
            assert sorted(p.name for p in (repo / "notebooks").glob("[0-9][0-9]-*.ipynb")) == \
                sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))

            nb = LabNotebook(page, HubUserLab(hub, STUDENT), f"{TARGET}/notebooks/{NOTEBOOK}")
            with nb.report_failure("hub-02"):
                panels = nb.open_and_run()
                assert panels, "no slider panel in the notebook opened through the hub"
                panel = panels[0]
                nb.scroll_to(panel)
                before = nb.image_digest(panel)
                press = nb.press(panel, panel.sliders[0])
                assert press.changed, "moving the slider repainted nothing"
                assert nb.image_digest(panel) != before, "the picture did not change"

                _answer_exercise(nb, page)
                saved = repo / "notebooks" / NOTEBOOK
                page.wait_for_function(
                    "() => !window.__nbk.panel.context.model.dirty", timeout=30_000)
                assert STUDENT_ANSWER in "".join(_cell_sources(saved))
            # A file of the student's own, under a name the instructor will also use.
            (repo / "notebooks" / "notes.md").write_text("My own notes.\n")

            _instructor_pushes_fixes(bare, tmp_path)
            _click_link(page, link, NOTEBOOK)

        sources = "".join(_cell_sources(repo / "notebooks" / NOTEBOOK))
        # The student's answer is still there: where both changed the same line, theirs wins...
        assert STUDENT_ANSWER in sources
        assert "when w3 is -0.2" not in sources
        # ...and the instructor's fix elsewhere in the same notebook, and in another, arrived.
        assert FIX_02[1] in sources
        assert FIX_03[1] in "".join(_cell_sources(repo / "notebooks" / OTHER))
        # The student's untracked file was renamed with a timestamp; the instructor's arrived.
        notes = repo / "notebooks" / "notes.md"
        assert notes.read_text() == "The instructor's notes.\n"
        renamed = list((repo / "notebooks").glob("notes__*.md"))
        assert len(renamed) == 1 and re.fullmatch(r"notes__\d{14}\.md", renamed[0].name)
        assert renamed[0].read_text() == "My own notes.\n"
        # How: the student's work was committed by nbgitpuller, then the branch merged in.
        log = _git("log", "--format=%an: %s", cwd=repo)
        assert "nbgitpuller: Automatic commit by nbgitpuller" in log
        _git("merge-base", "--is-ancestor", "origin/main", "HEAD", cwd=repo)
        assert _git("status", "--porcelain", "--untracked-files=no", cwd=repo) == ""
        processes = hub.processes()
        assert len(processes) >= 3, "expected the hub, the proxy and the student's server"
    survivors = [_describe(pid) for pid, start in processes.items() if running(pid, start)]
    assert not survivors, f"processes of the hub outlived it: {survivors}"


def test_the_hub_and_every_server_stop_when_a_test_fails():
    _require_tools()
    hub = JupyterHub()
    with pytest.raises(RuntimeError, match="a step failed"):
        with hub:
            hub.start_server("alice")
            seen = hub.processes()
            commands = {pid: " ".join(_cmdline(pid)) for pid in seen}
            assert any("jupyterhub-singleuser" in c for c in commands.values()), commands
            assert any("configurable-http-proxy" in c for c in commands.values()), commands
            raise RuntimeError("a step failed")
    assert not any(running(pid, start) for pid, start in seen.items()), "a process survived"
    assert hub.tmp is None


def _describe(pid):
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        state = f"{fields[0]}, parent {fields[1]}"
    except OSError:
        state = "?"
    return f"{pid} ({state}) {' '.join(_cmdline(pid))[:200]}"


def _cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return [part.decode(errors="replace") for part in f.read().split(b"\0") if part]
    except OSError:
        return []
