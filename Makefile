# The one entry point of the book. `make help` lists the targets.
#   make book   build the HTML book (creates the pinned environments on first use)
#   make test   re-execute every chapter under nbval and run every check
# CHAPTERS=c01_sklearn (space-separated, no .md) restricts test/full to some chapters.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CHAPTERS ?= $(basename $(notdir $(wildcard chapters/c[0-9]*.md)))
# Pages that are not chapters, tested with them unless CHAPTERS picks some chapters.
PAGES ?= $(if $(filter file,$(origin CHAPTERS)),full_scale,)
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

.PHONY: help env check-prereqs kernels lock book check-html check-lab test full lab unit lint format drift linkcheck clean distclean index
help:
	@echo "make book       execute the chapters (cached) and build the HTML book into $(BUILD)/html"
	@echo "make check-html open every built chapter page in headless Chromium and check it (make book does)"
	@echo "make test       re-execute every chapter under nbval; gotcha check, lint, unit tests, -W build"
	@echo "make full       run every chapter at test and full scale; record results/full-scale.json"
	@echo "make lab        open the chapters in JupyterLab (127.0.0.1)"
	@echo "make check-lab  open chapters in JupyterLab in headless Chromium and check MyST and kernels"
	@echo "make env        create the pinned environments (done by book/test when needed)"
	@echo "make unit       unit tests of the helpers and tools only"
	@echo "make lint       ruff over the code and the chapters' cells, actionlint over the workflows"
	@echo "make format     let ruff fix and format the code and the chapters' cells"
	@echo "make drift      run the book against the newest releases the inputs allow; report what broke"
	@echo "make linkcheck  check every external link of the book (needs network)"
	@echo "make lock       re-resolve requirements/*.in into the locks and environment.yml"
	@echo "make clean      remove $(BUILD) and generated files"
	@echo "make distclean  clean, and remove the environments and uv bootstrap in ~/.cache/appendix-c-book"
	@echo "CHAPTERS=\"c01_sklearn c03_pymc\" restricts test and full; JOBS, CELL_TIMEOUT tune test"

check-prereqs:
	@tools/check-prereqs.sh

env: check-prereqs
	@tools/env.sh main >/dev/null
	@tools/env.sh orchestration >/dev/null
	@$(MAKE) --no-print-directory kernels

kernels:
	@tools/jupyter-setup.sh "$(PY)" "$(ORCH_ENV)/bin/python"

lock:
	@tools/lock.sh

index: env
	@$(PY) -m tools.gotcha_index chapters $(BUILD)/gotcha-index.json chapters/gotchas.md

book: env index
	@JOBS=$(JOBS) $(PY) -m tools.book
	@if $(PY) -c 'import sys; from tools.check_html import find_chromium; sys.exit(find_chromium() is None)'; \
	  then $(MAKE) --no-print-directory check-html; \
	  else echo "book: browser check skipped: no Chromium (apt-get install chromium), see make check-html"; fi

# Every chapter page opened in headless Chromium: console errors, untagged error outputs,
# missing figures, buttons, internal links, sideways scrolling; screenshots in _build/html-check.
check-html: env
	@$(PY) -m tools.check_html

test: env index
	@PAGES="$(PAGES)" tools/test.sh $(MAIN_ENV) "$(CHAPTERS)" $(JOBS) $(CELL_TIMEOUT)

unit: env
	@$(PY) -m pytest -q -p no:cacheprovider tests

lint: env
	@tools/lint.sh $(MAIN_ENV)

format: env
	@tools/lint.sh $(MAIN_ENV) --fix

full: env
	@$(PY) -m tools.full $(CHAPTERS)

drift: check-prereqs
	@tools/drift.sh

linkcheck: env index
	@$(PY) -m tools.book --builder linkcheck

# JupyterLab in headless Chromium: a main-kernel chapter and C.7 open as notebooks, MyST
# rendered, on their own kernels; screenshots in _build/lab-check.
check-lab: env
	@$(PY) -m tools.check_lab

# JupyterLab opens the chapters' MyST .md files as notebooks, MyST rendered (tools/jupyter-setup.sh).
# As root (a container, a cloud VM) JupyterLab refuses to start without --allow-root.
lab: env index
	@$(MAIN_ENV)/bin/jupyter lab --ip 127.0.0.1 --no-browser --notebook-dir chapters \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root)

clean:
	rm -rf $(BUILD) chapters/gotchas.md .pytest_cache .ruff_cache

distclean: clean
	rm -rf "$${BOOK_ENV_ROOT:-$${XDG_CACHE_HOME:-$$HOME/.cache}/appendix-c-book}"
