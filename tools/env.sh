#!/usr/bin/env bash
# Create (or reuse) a pinned environment from a lock file and print its path.
#   tools/env.sh main|orchestration
# Environments live outside the clone, keyed on the lock's hash, so a fresh clone on a machine
# that already built the same lock reuses it instead of reinstalling ~3 GB.
set -euo pipefail
name=${1:?usage: tools/env.sh main|orchestration}
here=$(cd "$(dirname "$0")/.." && pwd)
lock="$here/requirements/$name.lock"
root=${BOOK_ENV_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/appendix-c-book}
say() { echo "env.sh: $*" >&2; }
die() { echo "env.sh: ERROR: $*" >&2; exit 1; }

[ -f "$lock" ] || die "no lock file $lock (run 'make lock')"
py=${BOOK_PYTHON:-$(command -v python3.11 || true)}
[ -n "$py" ] || die "Python 3.11 is required and 'python3.11' is not on PATH. Install it (e.g. 'apt-get install python3.11 python3.11-venv', or pyenv), or set BOOK_PYTHON=/path/to/python3.11."
"$py" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null \
  || die "$py is not Python 3.11 ($("$py" --version 2>&1)). The locks are resolved for 3.11."

key=$(cat "$lock" "$here/tools/env.sh" | sha256sum | cut -c1-12)
env="$root/envs/$name-$key"
if [ -f "$env/.complete" ]; then echo "$env"; exit 0; fi

mkdir -p "$root/envs"
# uv installs ~10x faster than pip; it lives in a small bootstrap venv of its own.
uv="$root/bootstrap/bin/uv"
if [ ! -x "$uv" ]; then
  say "bootstrapping uv into $root/bootstrap"
  "$py" -m venv "$root/bootstrap" && "$root/bootstrap/bin/pip" install -q uv==0.13.9 \
    || die "could not install uv from PyPI (network to the package index needed once)"
fi

# Extra wheel sources present on the book's machines: the CPU torch wheel lies in /opt/wheels.
# Elsewhere point UV_FIND_LINKS / UV_EXTRA_INDEX_URL at a source of torch==2.13.0+cpu.
extra=()
for d in ${BOOK_FIND_LINKS:-/opt/wheels}; do [ -d "$d" ] && extra+=(--find-links "$d"); done
for d in /opt/pypi/simple /opt/pypi-more/simple; do [ -d "$d" ] && extra+=(--extra-index-url "file://$d"); done

say "creating $name environment in $env (first time only; ~1-4 min)"
# Built in place (venvs are not relocatable), bytecode compiled up front (otherwise every Ray
# worker recompiles ray and torch when .pyc writing is off); the .complete marker is written last, so a
# half-built environment from an interrupted run is wiped and rebuilt.
rm -rf "$env"
"$uv" venv -q --python "$py" "$env"
VIRTUAL_ENV="$env" "$uv" pip sync -q --compile-bytecode --index-strategy unsafe-best-match "${extra[@]}" "$lock" \
  || { rm -rf "$env"; die "installing $lock failed (see above)"; }
touch "$env/.complete"
say "ready: $env"
echo "$env"
