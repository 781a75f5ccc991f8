# Sourced by env.sh, lock.sh and drift.sh: where packages come from, and the bootstrap uv.
#
# By default everything comes from public indexes: PyPI, plus PyTorch's CPU wheel index, named
# by an `--extra-index-url` line inside requirements/main.in and main.lock themselves.
# Offline mirrors: BOOK_FIND_LINKS="folder ..." (default: pip's own PIP_FIND_LINKS) names
# folders of wheels that hold torch's CPU build; the lock's CPU index line is then left out
# (uv fails outright on an index it cannot reach). A PyPI mirror is uv's UV_DEFAULT_INDEX.
BOOK_ROOT=${BOOK_ENV_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/appendix-c-book}
BOOK_FIND_LINKS=${BOOK_FIND_LINKS-${PIP_FIND_LINKS:-}}
UV="$BOOK_ROOT/bootstrap/bin/uv"
UV_VERSION=0.13.9

die() { echo "${0##*/}: ERROR: $*" >&2; exit 1; }
say() { echo "${0##*/}: $*" >&2; }

# uv lives in a small venv of its own, made by any Python 3 with its venv module.
bootstrap_uv() {
  [ -x "$UV" ] && return 0
  local py3
  py3=$(command -v python3 || command -v python3.11 || true)
  [ -n "$py3" ] || die "no python3 on PATH to bootstrap uv. Install Python 3 (apt-get install python3 python3-venv)."
  "$py3" -c 'import venv, ensurepip' 2>/dev/null \
    || die "$py3 has no working venv module. Install it: apt-get install python3-venv (Debian/Ubuntu; python3.X-venv for other versions)."
  say "bootstrapping uv $UV_VERSION into $BOOK_ROOT/bootstrap"
  mkdir -p "$BOOK_ROOT"
  "$py3" -m venv "$BOOK_ROOT/bootstrap" \
    && "$BOOK_ROOT/bootstrap/bin/pip" install -q --disable-pip-version-check "uv==$UV_VERSION" \
    || { rm -rf "$BOOK_ROOT/bootstrap"; die "could not install uv from PyPI (network to the package index is needed once)"; }
}

# Arguments for uv: find-links folders, if any.
source_args() {
  SOURCE_ARGS=()
  local d
  for d in $BOOK_FIND_LINKS; do
    [ -d "$d" ] && SOURCE_ARGS+=(--find-links "$d")
  done
  return 0
}

# The requirements file to hand uv: the file itself, or (with local wheel folders) a copy
# without its PyTorch index line, written to $2.
requirements_for_uv() {
  local file=$1 copy=$2
  if [ ${#SOURCE_ARGS[@]} -gt 0 ] && grep -q '^--extra-index-url' "$file"; then
    grep -v '^--extra-index-url' "$file" > "$copy"
    echo "$copy"
  else
    echo "$file"
  fi
}
