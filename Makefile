# The two commands: `make lab` opens the course, `make test` runs every test.
# Both first make sure .venv exists and matches requirements.txt (rebuilt when it is older).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
PORT ?= 8888

.PHONY: setup lab test

setup: $(READY)

$(READY): requirements.txt pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(READY)

lab: setup
	# Listens on this machine only; JupyterLab makes a fresh token and prints the link to open.
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) --ServerApp.root_dir=notebooks

test: setup
	$(BIN)/python -m pytest
