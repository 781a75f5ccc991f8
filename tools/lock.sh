#!/usr/bin/env bash
# Re-resolve requirements/*.in into exact locks (every transitive package ==) and regenerate
# environment.yml from the main lock. Run after editing an .in file; commit all three.
#   tools/lock.sh [--upgrade] [IN_DIR] [OUT_DIR]
# Without --upgrade, versions already in the locks are kept where they still fit.
# The .in files' option lines (the PyTorch CPU index) are copied to the top of each lock.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/sources.sh
upgrade=(); [ "${1:-}" = "--upgrade" ] && { upgrade=(--upgrade); shift; }
in_dir=${1:-requirements}; out_dir=${2:-requirements}
bootstrap_uv
source_args
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for name in main orchestration; do
  input=$(requirements_for_uv "$in_dir/$name.in" "$work/$name.in")
  [ -f "$out_dir/$name.lock" ] && grep -v '^--' "$out_dir/$name.lock" > "$work/$name.lock" || : > "$work/$name.lock"
  "$UV" pip compile -q --python-version 3.11 --index-strategy unsafe-best-match "${SOURCE_ARGS[@]}" \
    --no-header "${upgrade[@]}" "$input" -o "$work/$name.lock"
  { echo "# Exact lock of requirements/$name.in for Python 3.11. Do not edit: run 'make lock'."
    grep '^--' "$in_dir/$name.in" || true
    grep -v '^#' "$work/$name.lock" | sed "s#$work/$name.in#requirements/$name.in#"
  } > "$out_dir/$name.lock"
  echo "$out_dir/$name.lock: $(grep -c '==' "$out_dir/$name.lock") packages"
done
if [ "$out_dir" = requirements ]; then
  python3 tools/environment_yml.py requirements/main.lock > environment.yml
  echo "environment.yml regenerated"
fi
