"""The binder/ folder that Binder and a course JupyterHub image are built from (repo2docker).

- binder/requirements.txt pins exactly what the root requirements.txt pins, and every package that
  nbkernel or a notebook imports is among them;
- binder/runtime.txt asks for Python 3.11, and repo2docker turns the folder into a Dockerfile on
  Python 3.11 that installs the pins, then runs binder/postBuild (`repo2docker --no-build`: no
  container engine needed, it only prints the Dockerfile);
- the pins resolve for Python 3.11 (and 3.12, 3.13 for other hubs) from the package index
  (`pip install --dry-run`; needs the index: marked `network`).
"""

import ast
import importlib.metadata
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import escapism
import pytest

from course_files import ROOT

BINDER = ROOT / "binder"
BIN = Path(sys.executable).parent

# Packages that the notebooks need without importing them by name.
ALWAYS_NEEDED = {"ipykernel", "ipywidgets"}


def canonical(name):
    """PEP 503 normalised distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(path):
    """{canonical name: (line, version)} of a requirements file; each line must be name==version."""
    pins = {}
    for number, raw in enumerate(Path(path).read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)", line)
        assert match, f"{path.name}:{number}: {raw!r} is not a 'name==version' pin"
        name = canonical(match.group(1))
        assert name not in pins, f"{path.name}:{number}: {match.group(1)} is pinned twice"
        pins[name] = (number, match.group(2))
    return pins


def _modules_in(source):
    """Top-level names of every module a piece of Python source imports (anywhere in it)."""
    tree = ast.parse(source)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def imported_modules():
    """{top-level module: [files importing it]} for nbkernel and the notebooks."""
    found = {}
    for path in sorted((ROOT / "nbkernel").rglob("*.py")):
        for name in _modules_in(path.read_text(encoding="utf-8")):
            found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            # IPython magics and shell escapes are not Python.
            source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                               for line in source.splitlines())
            for name in _modules_in(source):
                found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return found


def test_runtime_is_python_311():
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"


def test_postbuild_is_executable_and_installs_only_nbkernel_and_the_settings():
    post_build = BINDER / "postBuild"
    text = post_build.read_text()
    assert text.startswith("#!/bin/bash\n")
    commands = [line.strip() for line in text.splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert commands == [
        "set -euo pipefail", "pip install --no-cache-dir --no-deps -e .",
        'settings="$(jupyter lab path | sed -n \'s/^Application directory: *//p\')/settings"',
        'mkdir -p "$settings"',
        'cp jupyterlab-settings/overrides.json "$settings/overrides.json"',
        'voila_config="$(python -c \'import sys; print(sys.prefix)\')/etc/jupyter"',
        'mkdir -p "$voila_config"',
        'cp jupyter-config/voila.json "$voila_config/voila.json"']
    assert post_build.stat().st_mode & stat.S_IXUSR, "binder/postBuild must be executable"
    # If git tracks it, git must record it as executable too (what Binder checks out).
    staged = subprocess.run(["git", "ls-files", "-s", "binder/postBuild"], cwd=ROOT,
                            capture_output=True, text=True)
    if staged.returncode == 0 and staged.stdout.strip():
        assert staged.stdout.startswith("100755"), (
            "git records binder/postBuild as not executable: git update-index --chmod=+x "
            "binder/postBuild")


def test_every_binder_pin_equals_the_root_pin():
    binder, root = read_pins(BINDER / "requirements.txt"), read_pins(ROOT / "requirements.txt")
    assert binder, "binder/requirements.txt pins nothing"
    for name, (number, version) in binder.items():
        assert name in root, (f"binder/requirements.txt:{number} pins {name}, which the root "
                              "requirements.txt does not: add it there too")
        assert version == root[name][1], (
            f"binder/requirements.txt:{number} pins {name}=={version}, the root "
            f"requirements.txt {name}=={root[name][1]}: make them equal")


def test_every_package_nbkernel_and_the_notebooks_import_is_pinned_for_binder():
    binder = read_pins(BINDER / "requirements.txt")
    distributions = importlib.metadata.packages_distributions()
    missing = {}
    for module, files in imported_modules().items():
        if module in sys.stdlib_module_names or module in ("nbkernel", "__future__"):
            continue
        dists = distributions.get(module)
        assert dists, f"{module} is imported by {files[0]} but is not installed"
        if not any(canonical(dist) in binder for dist in dists):
            missing[canonical(dists[0])] = files[0]
    for name in ALWAYS_NEEDED:
        if name not in binder:
            missing[name] = "the notebooks' kernel and panels"
    assert not missing, ("binder/requirements.txt (and the root requirements.txt) must pin: "
                         + ", ".join(f"{name} (imported by {where})"
                                     for name, where in sorted(missing.items())))


def _repo2docker_dockerfile(tmp_path):
    executable = BIN / "repo2docker"
    assert executable.exists(), "jupyter-repo2docker is not installed (see requirements.txt)"
    env = dict(os.environ, DOCKER_HOST="unix:///nonexistent/docker.sock")  # no engine is used
    result = subprocess.run([str(executable), "--no-build", "--debug", str(ROOT)],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout, result.stderr


def _copied_build_files(dockerfile):
    """The build-script files repo2docker copies in, with their escaped names decoded."""
    names = re.findall(r"build_script_files/(\S+)", dockerfile)
    return [escapism.unescape(re.sub(r"-[0-9a-f]{6}$", "", name), escape_char="-")
            for name in names]


def test_repo2docker_builds_a_python_311_image_from_binder(tmp_path):
    dockerfile, log = _repo2docker_dockerfile(tmp_path)
    assert "Building conda environment for python=3.11" in log
    locks = [name for name in _copied_build_files(dockerfile)
             if re.search(r"/environment\.py-3\.11-linux-[^/]+\.lock$", name)]
    assert locks, "the Dockerfile does not install repo2docker's Python 3.11 environment"
    assert not re.search(r"environment\.py-3\.(?!11)\d+", "\n".join(_copied_build_files(
        dockerfile))), "the Dockerfile mixes in another Python version"
    # The pinned packages are installed before the repository is copied (a cached layer), and
    # postBuild runs after it.
    install = dockerfile.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    copy_repo = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    post_build = dockerfile.index("RUN ./binder/postBuild")
    assert install < copy_repo < post_build


def _index_unreachable(stderr):
    signs = ("NewConnectionError", "Max retries exceeded", "Temporary failure in name resolution",
             "Network is unreachable", "Could not fetch URL", "ConnectTimeout", "ProxyError")
    return any(sign in stderr for sign in signs)


@pytest.mark.network
@pytest.mark.parametrize("python", ["3.11", "3.12", "3.13"])
def test_binder_pins_resolve_for_python(python, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--no-input",
         "--python-version", python, "--only-binary=:all:", "--target", str(tmp_path / "t"),
         "--report", str(tmp_path / "report.json"), "-r", str(BINDER / "requirements.txt")],
        capture_output=True, text=True, timeout=300)
    if result.returncode != 0 and _index_unreachable(result.stderr):
        message = ("the package index is unreachable, so the Binder pins could not be resolved "
                   "for Python " + python + ": " + result.stderr.strip().splitlines()[-1])
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert result.returncode == 0, (f"binder/requirements.txt does not resolve for Python "
                                    f"{python}:\n{result.stderr[-3000:]}")
    report = json.loads((tmp_path / "report.json").read_text())
    resolved = {canonical(item["metadata"]["name"]): item["metadata"]["version"]
                for item in report["install"]}
    for name, (_, version) in read_pins(BINDER / "requirements.txt").items():
        assert resolved.get(name) == version
