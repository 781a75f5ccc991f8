#!/usr/bin/env bash
# Create (or reuse) a pinned environment from a lock file and print its path.
#   tools/env.sh main|orchestration
# Environments live outside the clone, in $BOOK_ENV_ROOT (default ~/.cache/appendix-c-book)/envs,
# keyed on the lock, this script and the interpreter's full version, so a fresh clone on a machine
# that already built the same lock reuses it instead of reinstalling ~3 GB, and a changed
# interpreter never reuses a stale one. BOOK_LOCK_DIR (default requirements/) is for `make drift`.
set -euo pipefail
name=${1:?usage: tools/env.sh main|orchestration}
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/tools/sources.sh"
lock="${BOOK_LOCK_DIR:-$here/requirements}/$name.lock"
[ -f "$lock" ] || die "no lock file $lock (run 'make lock')"

# Python 3.11: $BOOK_PYTHON, else python3.11 on PATH, else one that uv manages.
py=${BOOK_PYTHON:-$(command -v python3.11 || true)}
if [ -z "$py" ]; then
  bootstrap_uv
  py=$("$UV" python find 3.11 2>/dev/null || true)
  if [ -z "$py" ]; then
    say "no Python 3.11 on this machine: installing a uv-managed one ('uv python install 3.11')"
    "$UV" python install 3.11 >&2 \
      || die "Python 3.11 is required. Install it (apt-get install python3.11, 'uv python install 3.11', or pyenv) and/or set BOOK_PYTHON=/path/to/python3.11."
    py=$("$UV" python find 3.11)
  fi
fi
version=$("$py" -c 'import sys; assert sys.version_info[:2] == (3, 11); print(sys.version)' 2>/dev/null) \
  || die "$py is not a working Python 3.11 ($("$py" --version 2>&1)). The locks are resolved for 3.11: set BOOK_PYTHON=/path/to/python3.11."

key=$( { cat "$lock" "$here/tools/env.sh"; echo "$version"; } | sha256sum | cut -c1-12)
env="$BOOK_ROOT/envs/$name-$key"
usable() { [ -f "$env/.complete" ] && "$env/bin/python" -c 'import sys' 2>/dev/null; }
if usable; then echo "$env"; exit 0; fi

mkdir -p "$BOOK_ROOT/envs"
# Two `make` runs at once (or a helper and a user) must not build the same folder together.
exec 9>"$BOOK_ROOT/envs/.$name-$key.lock"
flock 9
if usable; then echo "$env"; exit 0; fi
bootstrap_uv
source_args
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
requirements=$(requirements_for_uv "$lock" "$work/$name.lock")

say "creating $name environment in $env (first time only; ~1-4 min)"
# Built in place (venvs are not relocatable), bytecode compiled up front (otherwise every Ray
# worker recompiles ray and torch when .pyc writing is off); the .complete marker is written
# last, so a half-built or broken environment is wiped and rebuilt.
rm -rf "$env"
"$UV" venv -q --python "$py" "$env"
VIRTUAL_ENV="$env" "$UV" pip sync -q --compile-bytecode --index-strategy unsafe-best-match \
    "${SOURCE_ARGS[@]}" "$requirements" \
  || { rm -rf "$env"; die "installing $lock failed (see above). torch's CPU build comes from https://download.pytorch.org/whl/cpu; offline, set BOOK_FIND_LINKS to a folder holding its wheel."; }
touch "$env/.complete"
say "ready: $env"
echo "$env"
