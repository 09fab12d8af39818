# The two commands: `make lab` opens the course, `make test` runs every test.
# Both first make sure .venv exists and matches requirements.txt (rebuilt when it is older), with
# the course's JupyterLab settings (jupyterlab-settings/overrides.json) and its Voila
# configuration (jupyter-config/voila.json) in place: a stock JupyterLab, no extension of the
# course's own. `make server-extension` adds the optional Jupyter Server extension
# (serverextension/: held arrow keys redraw sooner; docs/instructors.md).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
# JupyterLab reads default settings from overrides.json in its application directory,
# {sys.prefix}/share/jupyter/lab/settings/ (for .venv: .venv/share/...).
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
# Voila reads voila.json from the Jupyter config path, which includes {sys.prefix}/etc/jupyter.
VOILA_CONFIG := $(VENV)/etc/jupyter/voila.json
# The learner's own copy of the notebooks, served by `make lab` (git and pytest ignore it).
WORKING_COPY := my-notebooks
PORT ?= 8888
# Where the course lives, for `make links`: owner/name on GitHub (or a git https URL) and branch.
# Instructors set these to their own copy, e.g. make links HUB=https://hub.example.edu REPO=me/nn
REPO ?= nn-course/how-neural-networks-compute
BRANCH ?= main
HUB ?=
# The folder the course lands in, in each student's home (default: the repository's name).
TARGETPATH ?=

.PHONY: setup lab test notebooks links slides student server-extension hub-proxy a11y grading-setup grading

setup: $(READY) $(LAB_SETTINGS) $(VOILA_CONFIG)

$(READY): requirements.txt pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(READY)

# Optional: the course's Jupyter Server extension (serverextension/), enabled by installing it.
# It turns Nagle's algorithm off on kernel WebSockets; `pip uninstall nbkernel-websocket-nodelay`
# removes it again.
server-extension: $(READY)
	$(BIN)/python -m pip install --quiet --no-deps --force-reinstall ./serverextension

# The course's JupyterLab settings (also read by Notebook 7): no Jupyter news pop-up; the notebook's
# command-mode arrow keys leave a focused widget in an output its keys (Notebook 7 handles
# shortcuts before the page's widgets do).
$(LAB_SETTINGS): jupyterlab-settings/overrides.json $(READY)
	mkdir -p $(dir $(LAB_SETTINGS))
	cp jupyterlab-settings/overrides.json $(LAB_SETTINGS)

# The course's Voila configuration: cells tagged solution, worked or instructor are left out (Voila
# runs every cell again and shows its outputs, so a stored solution without output would show).
$(VOILA_CONFIG): jupyter-config/voila.json $(READY)
	mkdir -p $(dir $(VOILA_CONFIG))
	cp jupyter-config/voila.json $(VOILA_CONFIG)

# Serves the learner's working copy (made from notebooks/ once; afterwards only missing files are
# copied in, never over the learner's edits) and opens its contents notebook. Listens on this
# machine only; JupyterLab makes a fresh token and prints the link to open. The link is printed at
# log level CRITICAL, so WARN keeps later INFO lines from burying it: it stays the last line.
# (--allow-root only when run as root, e.g. in a container.)
lab: setup
	$(BIN)/python tools/working_copy.py --source notebooks --out $(WORKING_COPY)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
		--ServerApp.root_dir=$(WORKING_COPY) --LabApp.default_url=/lab/tree/00-contents.ipynb \
		--log-level=WARN $(if $(filter 0,$(shell id -u)),--allow-root)

# The hub test (tests/test_hub.py) needs JupyterHub's proxy from npm: installed when npm is here
# (CI always has it; without npm that test skips with a message, except under CI=true). The
# grading test needs nbgrader's own environment (grading-setup, below).
test: setup grading-setup $(if $(shell command -v npm 2>/dev/null),hub-proxy a11y)
	$(BIN)/python -m pytest

# configurable-http-proxy, JupyterHub's proxy, at the version pinned in hub-proxy/package-lock.json:
# for the hub test and benchmark only (learners and hubs do not need it from here).
HUB_PROXY := hub-proxy/node_modules/.bin/configurable-http-proxy
hub-proxy: $(HUB_PROXY)
$(HUB_PROXY): hub-proxy/package.json hub-proxy/package-lock.json
	npm ci --prefix hub-proxy --no-audit --no-fund
	touch $(HUB_PROXY)

# axe-core at the version pinned in a11y/package-lock.json, for the accessibility test
# (tests/test_a11y.py injects it into the page from here: no network at test time).
AXE := a11y/node_modules/axe-core/axe.min.js
a11y: $(AXE)
$(AXE): a11y/package.json a11y/package-lock.json
	npm ci --prefix a11y --no-audit --no-fund
	touch $(AXE)

notebooks: setup
	# Rewrite navigation + contents, then re-run every notebook from a fresh kernel and store it.
	$(BIN)/python tools/navigation.py
	$(BIN)/python tools/execute_notebooks.py

# nbgitpuller links that open each notebook on a JupyterHub (see docs/instructors.md).
links: setup
	$(BIN)/python tools/links.py --hub "$(HUB)" --repo "$(REPO)" --branch "$(BRANCH)" \
		$(if $(TARGETPATH),--targetpath "$(TARGETPATH)")

# Static reveal.js slides of every notebook in build/slides/ that open with no network.
slides: setup
	$(BIN)/python tools/slides.py

# The student copy in build/student/: cells tagged solution, worked or instructor removed, exercise
# outputs cleared (tools/student.py).
student: setup
	$(BIN)/python tools/student.py

# nbgrader in its own environment, .venv-grading (requirements-grading.txt says why), with
# nbkernel; tools/nbgrader_source.py writes nbgrader's source notebooks from our tags.
GRADING_VENV := .venv-grading
GRADING_READY := $(GRADING_VENV)/.ready
grading-setup: $(GRADING_READY)
$(GRADING_READY): requirements-grading.txt pyproject.toml
	rm -rf $(GRADING_VENV)
	$(PYTHON) -m venv $(GRADING_VENV)
	$(GRADING_VENV)/bin/python -m pip install --quiet -r requirements-grading.txt
	$(GRADING_VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $(GRADING_READY)

# nbgrader's course folder in build/nbgrader/: one assignment per notebook, generated from our
# exercise/solution tags (tools/nbgrader_source.py); then run nbgrader there (guide, section 7).
grading: setup grading-setup
	$(BIN)/python tools/nbgrader_source.py --out build/nbgrader

