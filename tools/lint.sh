#!/usr/bin/env bash
# Lint: ruff over the Python of the repository and over the chapters' code cells (converted to
# notebooks by jupytext, which ruff reads natively), and actionlint over the workflows.
#   tools/lint.sh MAIN_ENV [--fix]
set -euo pipefail
env=$1; fix=${2:-}
bin="$env/bin"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python_dirs=(tools bookhelpers tests); [ -d apps ] && python_dirs+=(apps)
if [ "$fix" = "--fix" ]; then
  "$bin/ruff" check --fix -q "${python_dirs[@]}" || true
  "$bin/ruff" format -q "${python_dirs[@]}"
  # chapters: ruff on each code cell, front matter and markdown untouched
  "$bin/python" -m tools.format_chapters chapters/c[0-9]*.md
fi
status=0
"$bin/ruff" check -q "${python_dirs[@]}" || status=1
"$bin/ruff" format --check -q "${python_dirs[@]}" || status=1
for chapter in chapters/c[0-9]*.md; do
  "$bin/jupytext" -q --to ipynb -o "$work/$(basename "$chapter" .md).ipynb" "$chapter"
done
# --stdin-filename keeps ruff's messages pointing at the chapter, not the temporary notebook
(cd "$work" && "$bin/ruff" check -q --config "$OLDPWD/pyproject.toml" --line-length 88 .) | sed "s#^#chapters/#" || status=1
(cd "$work" && "$bin/ruff" format --check -q --config "$OLDPWD/pyproject.toml" --line-length 88 .) | sed "s#^#chapters/#" || status=1
"$bin/actionlint" -no-color .github/workflows/*.yml || status=1
[ $status -eq 0 ] && echo "lint: clean" || echo "lint: problems above (make format fixes most of them)"
exit $status
