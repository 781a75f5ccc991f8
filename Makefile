# The one entry point of the book. `make help` lists the targets.
#   make book   build the HTML book (creates the pinned environments on first use)
#   make test   re-execute every chapter under nbval and run every check
# CHAPTERS=c01_sklearn (space-separated, no .md) restricts test/book-exec/full to some chapters.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CHAPTERS ?= $(basename $(notdir $(wildcard chapters/c[0-9]*.md)))
JOBS ?= $(shell nproc)
CELL_TIMEOUT ?= 300
BUILD := _build
export PYTHONPATH := $(CURDIR)$(if $(PYTHONPATH),:$(PYTHONPATH))
# Services and caches stay off the network and out of the home directory.
export SPARK_LOCAL_IP := 127.0.0.1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

MAIN_ENV = $(shell tools/env.sh main)
ORCH_ENV = $(shell tools/env.sh orchestration)
PY = $(MAIN_ENV)/bin/python

.PHONY: help env check-prereqs kernels lock book test full lab unit clean index
help:
	@echo "make book    execute the chapters (cached) and build the HTML book into $(BUILD)/html"
	@echo "make test    re-execute every chapter under nbval, check gotchas, unit tests, -W build"
	@echo "make full    run every chapter at the appendix's own sizes (papermill) into $(BUILD)/full"
	@echo "make env     create the pinned environments (done by book/test when needed)"
	@echo "make lab     open the chapters in JupyterLab"
	@echo "make lock    re-resolve requirements/*.in into the locks and environment.yml"
	@echo "make clean   remove $(BUILD) and generated files"

check-prereqs:
	@tools/check-prereqs.sh

env: check-prereqs
	@tools/env.sh main >/dev/null
	@tools/env.sh orchestration >/dev/null
	@$(MAKE) --no-print-directory kernels

# Both kernels are registered inside the main environment (not in ~/.local), so
# nbval, jupyter-book and JupyterLab started from it see them by name.
# (ipykernel stages each spec in a temporary folder it never removes: give it one we remove.)
kernels:
	@main=$$(tools/env.sh main); orch=$$(tools/env.sh orchestration); \
	staging=$$(mktemp -d); trap 'rm -rf "$$staging"' EXIT; export TMPDIR=$$staging; \
	$$main/bin/python -m ipykernel install --prefix $$main --name appendix-c-main \
	  --display-name "Python 3.11 (appendix-c main)" >/dev/null; \
	$$orch/bin/python -m ipykernel install --prefix $$main --name appendix-c-orchestration \
	  --display-name "Python 3.11 (appendix-c orchestration)" >/dev/null 2>&1

lock:
	@tools/lock.sh

index: env
	@$(PY) -m tools.gotcha_index chapters $(BUILD)/gotcha-index.json chapters/gotchas.md

book: env index
	@tools/book.sh $(MAIN_ENV)

test: env index
	@tools/test.sh $(MAIN_ENV) "$(CHAPTERS)" $(JOBS) $(CELL_TIMEOUT)

unit: env
	@$(PY) -m pytest -q -p no:cacheprovider tests

full: env
	@tools/full.sh $(MAIN_ENV) "$(CHAPTERS)"

# JupyterLab opens the chapters' MyST .md files as notebooks (jupytext's viewer) by default.
lab: env index
	@mkdir -p $(MAIN_ENV)/share/jupyter/lab/settings
	@echo '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}}}' \
	  > $(MAIN_ENV)/share/jupyter/lab/settings/overrides.json
	@$(MAIN_ENV)/bin/jupyter lab --ip 127.0.0.1 --notebook-dir chapters

clean:
	rm -rf $(BUILD) chapters/gotchas.md .pytest_cache
