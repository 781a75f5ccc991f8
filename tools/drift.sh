#!/usr/bin/env bash
# make drift: the whole book against the newest releases requirements/*.in allow (within each
# pin's major version), in a throwaway environment; writes _build/drift/report.md.
# Exit status: that of the test run, so a scheduled workflow turns red when upgrades break it.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/sources.sh
out=_build/drift
rm -rf "$out"; mkdir -p "$out"
py=$(tools/env.sh main)/bin/python   # the book's own Python runs the tools
keep=()
# Offline (wheels from BOOK_FIND_LINKS instead of the PyTorch CPU index), a newer torch could
# only come from PyPI, which serves the multi-GB CUDA build: keep torch at its pin then.
[ -n "$BOOK_FIND_LINKS" ] && keep=(--keep torch)
"$py" -m tools.drift loosen requirements "$out/requirements" "${keep[@]}"
say "resolving the newest allowed releases"
tools/lock.sh --upgrade "$out/requirements" "$out/requirements"
# A throwaway environment root (the uv package cache is shared, so this is quick when warm).
envs=$(mktemp -d "${TMPDIR:-/tmp}/appendix-c-drift.XXXXXX"); trap 'rm -rf "$envs"' EXIT
set +e
BOOK_LOCK_DIR="$PWD/$out/requirements" BOOK_ENV_ROOT="$envs" TEST_OUT="$out/test" \
  make --no-print-directory test 2>&1 | tee "$out/test.log"
status=${PIPESTATUS[0]}
set -e
mkdir -p "$out/test"; mv "$out/test.log" "$out/test/test.log"
"$py" -m tools.drift report requirements "$out/requirements" "$out/test" "$status" > "$out/report.md"
cat "$out/report.md"
exit "$status"
