#!/usr/bin/env bash
# Build the book with Jupyter Book 1.x.
#   tools/book.sh MAIN_ENV               execute (cached) and build into _build/html
#   tools/book.sh MAIN_ENV --no-execute OUT  quick -W build of the sources only (make test), in OUT
set -euo pipefail
env=$1; mode=${2:-}; work=${3:-_build}
py="$env/bin/python"
# The cache is keyed on everything outside a notebook that changes its outputs.
key=$(cat requirements/*.lock data/SHA256SUMS bookhelpers/*.py Makefile | sha256sum | cut -c1-12)
mkdir -p "$work"
if [ "$mode" = "--no-execute" ]; then
  execute=off; output="$work/check"
else
  execute=cache; output=.
fi
"$py" - "$execute" "_build/.jupyter_cache/$key" "$work/_config.generated.yml" <<'PY'
import sys, yaml
config = yaml.safe_load(open("_config.yml"))
config["execute"]["execute_notebooks"] = sys.argv[1]
config["execute"]["cache"] = sys.argv[2]
yaml.safe_dump(config, open(sys.argv[3], "w"), sort_keys=False)
PY
export PATH="$env/bin:$PATH"
start=$(date +%s)
status=0
"$env/bin/jupyter-book" build . --config "$work/_config.generated.yml" --path-output "$output" \
  -W -n --keep-going || status=$?
if [ "$mode" != "--no-execute" ]; then
  echo "book: built in $(( $(date +%s) - start )) s -> _build/html/index.html; execution reports in _build/html/reports/"
fi
exit $status
