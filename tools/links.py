"""Print a launch link for every notebook: nbgitpuller links for a JupyterHub, or Binder links.

    make links HUB=https://hub.example.edu                 # hub links, the default REPO/BRANCH
    make links HUB=https://hub.example.edu REPO=me/my-fork BRANCH=autumn
    python tools/links.py --binder --repo nn-course/how-neural-networks-compute

A hub link makes nbgitpuller clone (first click) or update (later clicks, merging and never
overwriting the student's own changes) the repository into the student's home folder, in a folder
named after the repository, then opens the notebook in JupyterLab:

    <hub>/hub/user-redirect/git-pull?repo=<git URL>&urlpath=lab/tree/<folder>/notebooks/<name>
        &branch=<branch>

``branch`` is always given (nbgitpuller's default branch name is not every repository's), and
``urlpath`` starts with the repository's folder name because JupyterLab opens paths relative to
the home folder, not to the repository. ``--repo`` is ``owner/name`` on GitHub or the full https
URL of any git repository (then write it without ``.git``: nbgitpuller names the folder after the
last part of the URL as it is), or a ``file://`` URL of a repository on the hub's own disk.
``--targetpath`` names the folder instead (nbgitpuller's ``targetpath`` parameter); ``urlpath``
then starts with it.
"""

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from navigation import course_notebooks  # noqa: E402  (tools/ is a folder of scripts)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REPO = "nn-course/how-neural-networks-compute"   # keep equal to REPO in the Makefile
DEFAULT_BRANCH = "main"
BINDER = "https://mybinder.org"


def repo_url(repo):
    """The git URL for ``owner/name`` (GitHub) or a full https URL, which is kept as it is.

    >>> repo_url("nn-course/how-neural-networks-compute")
    'https://github.com/nn-course/how-neural-networks-compute'
    """
    repo = repo.strip()
    if repo.startswith("file://"):
        # A repository on the hub's own disk (nbgitpuller runs `git clone` on the hub): what the
        # hub test uses, and a way to serve a course from a shared folder.
        if not urlsplit(repo).path.startswith("/") or urlsplit(repo).netloc:
            raise ValueError(f"repo URL {repo!r} should look like file:///absolute/path")
        return repo.rstrip("/")
    if repo.startswith(("https://", "http://")):
        parts = urlsplit(repo)
        if not parts.netloc or parts.path.strip("/").count("/") < 1:
            raise ValueError(f"repo URL {repo!r} should look like https://host/owner/name")
        return repo.rstrip("/")
    pieces = repo.strip("/").split("/")
    if len(pieces) != 2 or not all(pieces):
        raise ValueError(f"repo {repo!r} should be 'owner/name' (GitHub) or an https URL")
    return f"https://github.com/{pieces[0]}/{pieces[1]}"


def repo_folder(repo):
    """The folder nbgitpuller clones into: the last part of the repository URL, as it is.

    >>> repo_folder("nn-course/how-neural-networks-compute")
    'how-neural-networks-compute'
    """
    return repo_url(repo).split("/")[-1]


def hub_url(hub):
    """Check and normalise a JupyterHub address (https://host[/prefix]), without a final slash."""
    parts = urlsplit(hub.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query:
        raise ValueError(f"HUB should be the hub's address, like https://hub.example.edu "
                         f"(got {hub!r})")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def nbgitpuller_link(hub, repo, branch, notebook, targetpath=None):
    """The nbgitpuller link that opens ``notebooks/<notebook>`` of the repository in JupyterLab.

    Parameters
    ----------
    hub : str
        The hub's address, ``https://host[/prefix]``.
    repo : str
        ``owner/name`` on GitHub, an https URL, or a ``file://`` URL.
    branch : str
        The branch nbgitpuller clones and merges from.
    notebook : str
        File name in ``notebooks/``.
    targetpath : str, optional
        The folder in the student's home that nbgitpuller clones into (default: the last part
        of the repository URL, which is what nbgitpuller does without it).

    Examples
    --------
    >>> print(nbgitpuller_link("https://hub.example.edu", "me/course", "main",
    ...                        "02-the-neuron.ipynb"))
    https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fme%2Fcourse&urlpath=lab%2Ftree%2Fcourse%2Fnotebooks%2F02-the-neuron.ipynb&branch=main
    >>> print(nbgitpuller_link("http://127.0.0.1:8000", "file:///srv/course.git", "main",
    ...                        "02-the-neuron.ipynb", targetpath="course"))
    http://127.0.0.1:8000/hub/user-redirect/git-pull?repo=file%3A%2F%2F%2Fsrv%2Fcourse.git&urlpath=lab%2Ftree%2Fcourse%2Fnotebooks%2F02-the-neuron.ipynb&branch=main&targetpath=course
    """
    if not branch:
        raise ValueError("branch must be given (nbgitpuller's default may not be yours)")
    if targetpath is not None and (not targetpath.strip() or targetpath.startswith("/")
                                   or ".." in targetpath.split("/")):
        raise ValueError(f"targetpath {targetpath!r} should be a folder name relative to the "
                         "student's home, like 'course'")
    params = {
        "repo": repo_url(repo),
        "urlpath": f"lab/tree/{targetpath or repo_folder(repo)}/notebooks/{notebook}",
        "branch": branch,
    }
    if targetpath:
        params["targetpath"] = targetpath
    return f"{hub_url(hub)}/hub/user-redirect/git-pull?{urlencode(params)}"


def binder_link(repo, branch, notebook=None):
    """The mybinder.org link that opens ``notebooks/<notebook>`` (GitHub repositories).

    >>> print(binder_link("me/course", "main", "02-the-neuron.ipynb"))
    https://mybinder.org/v2/gh/me/course/main?urlpath=lab/tree/notebooks/02-the-neuron.ipynb
    """
    url = repo_url(repo)
    if not url.startswith("https://github.com/"):
        raise ValueError("Binder links are made for GitHub repositories (REPO=owner/name)")
    owner_name = url[len("https://github.com/"):]
    link = f"{BINDER}/v2/gh/{owner_name}/{branch}"
    return link + (f"?urlpath=lab/tree/notebooks/{notebook}" if notebook else "")


def notebook_title(path):
    """The text of the notebook's first ``# `` heading, or its file name."""
    try:
        cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return Path(path).stem
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        for line in source.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return Path(path).stem


def links(hub=None, repo=DEFAULT_REPO, branch=DEFAULT_BRANCH, folder=ROOT / "notebooks",
          targetpath=None):
    """[(file name, title, link)] for every notebook: hub links, or Binder links without a hub."""
    rows = []
    for path in course_notebooks(folder):
        link = (nbgitpuller_link(hub, repo, branch, path.name, targetpath) if hub
                else binder_link(repo, branch, path.name))
        rows.append((path.name, notebook_title(path), link))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Print an nbgitpuller (or Binder) link for every notebook.")
    parser.add_argument("--hub", default="", help="the JupyterHub's address, "
                        "e.g. https://hub.example.edu")
    parser.add_argument("--binder", action="store_true", help="print mybinder.org links instead")
    parser.add_argument("--repo", default=DEFAULT_REPO,
                        help=f"owner/name on GitHub or a git https URL (default: {DEFAULT_REPO})")
    parser.add_argument("--branch", default=DEFAULT_BRANCH, help="branch (default: main)")
    parser.add_argument("--targetpath", default=None,
                        help="folder in the student's home to clone into (default: the last "
                        "part of the repository URL)")
    parser.add_argument("--format", choices=("markdown", "tsv"), default="markdown",
                        help="a markdown table (default) or tab-separated lines")
    args = parser.parse_args(argv)
    if not args.hub and not args.binder:
        parser.error("give the hub's address: make links HUB=https://hub.example.edu "
                     "(or --binder for Binder links)")
    try:
        rows = links(None if args.binder else args.hub, args.repo, args.branch,
                     targetpath=args.targetpath or None)
    except ValueError as error:
        parser.error(str(error))
    if not rows:
        parser.error("no notebooks found in notebooks/")
    if args.format == "tsv":
        for name, title, link in rows:
            print(f"{name}\t{title}\t{link}")
    else:
        print("| Notebook | Link |\n| --- | --- |")
        for name, title, link in rows:
            print(f"| {name[:2]} {title} | <{link}> |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
