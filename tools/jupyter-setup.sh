#!/usr/bin/env bash
# Register the book's two kernels and write the reader's JupyterLab settings, into the prefix
# of the Python that runs Jupyter. One script for `make kernels`, `make lab` and Binder's postBuild.
#   tools/jupyter-setup.sh MAIN_PYTHON ORCHESTRATION_PYTHON
# MAIN_PYTHON runs Jupyter (nbval, jupyter-book, JupyterLab); both kernels are registered in its
# prefix (not in ~/.local), so they are found by name there and nowhere else.
set -euo pipefail
main_py=${1:?usage: tools/jupyter-setup.sh MAIN_PYTHON ORCHESTRATION_PYTHON}
orch_py=${2:?usage: tools/jupyter-setup.sh MAIN_PYTHON ORCHESTRATION_PYTHON}
prefix=$("$main_py" -c 'import sys; print(sys.prefix)')
# ipykernel stages each spec in a temporary folder it never removes: give it one we remove.
staging=$(mktemp -d); trap 'rm -rf "$staging"' EXIT
TMPDIR=$staging "$main_py" -m ipykernel install --prefix "$prefix" --name appendix-c-main \
  --display-name "Python 3.11 (appendix-c main)" >/dev/null
TMPDIR=$staging "$orch_py" -m ipykernel install --prefix "$prefix" --name appendix-c-orchestration \
  --display-name "Python 3.11 (appendix-c orchestration)" >/dev/null 2>&1

# JupyterLab for a reader: chapters (.md) open as notebooks through jupytext, MyST renders
# (jupyterlab-myst), no news or update popup on first start.
settings="$prefix/share/jupyter/lab/settings"
mkdir -p "$settings"
cat > "$settings/overrides.json" <<'JSON'
{
  "@jupyterlab/docmanager-extension:plugin": {
    "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
  },
  "@jupyterlab/apputils-extension:notification": {
    "checkForUpdates": false,
    "fetchNews": "false"
  }
}
JSON
