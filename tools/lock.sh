#!/usr/bin/env bash
# Re-resolve requirements/*.in into exact locks (every transitive package ==) and regenerate
# environment.yml from the main lock. Run after editing an .in file; commit all three.
set -euo pipefail
cd "$(dirname "$0")/.."
root=${BOOK_ENV_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/appendix-c-book}
tools/env.sh main >/dev/null 2>&1 || true   # makes sure the bootstrap uv exists
uv="$root/bootstrap/bin/uv"
extra=()
for d in ${BOOK_FIND_LINKS:-/opt/wheels}; do [ -d "$d" ] && extra+=(--find-links "$d"); done
for d in /opt/pypi/simple /opt/pypi-more/simple; do [ -d "$d" ] && extra+=(--extra-index-url "file://$d"); done
for name in main orchestration; do
  "$uv" pip compile -q --python-version 3.11 --index-strategy unsafe-best-match "${extra[@]}" \
    --no-header --upgrade "requirements/$name.in" -o "requirements/$name.lock"
  sed -i "1i # Exact lock of requirements/$name.in for Python 3.11. Do not edit: run 'make lock'." "requirements/$name.lock"
  echo "requirements/$name.lock: $(grep -c '==' "requirements/$name.lock") packages"
done
python3 tools/environment_yml.py requirements/main.lock > environment.yml
echo "environment.yml regenerated"
