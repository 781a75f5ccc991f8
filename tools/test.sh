#!/usr/bin/env bash
# make test: re-execute chapters under nbval (parallel, per-cell timeout), record every cell's
# real outcome, run the gotcha checker, the unit tests, and a non-executing -W build of the book.
#   tools/test.sh MAIN_ENV "CHAPTERS" JOBS CELL_TIMEOUT
set -euo pipefail
env=$1; chapters=$2; jobs=$3; cell_timeout=$4
py="$env/bin/python"
out=${TEST_OUT:-_build/test}   # one folder per concurrent run (e.g. TEST_OUT=_build/test-c03)
rm -rf "$out"; mkdir -p "$out/notebooks" "$out/outcomes"
start=$(date +%s)

# Run every chapter's services, caches and temporary files under one folder we remove at the end.
export BOOK_TMP=$(mktemp -d -t appendix-c-test.XXXXXX)
export TMPDIR=$BOOK_TMP
cleanup() { rm -rf "$BOOK_TMP"; }
trap cleanup EXIT

echo "== 1/4 execute chapters under nbval ($jobs workers, ${cell_timeout}s per cell): $chapters"
# Pages that are not chapters (PAGES from the Makefile: the full-scale results page) run too.
pages=${PAGES-}
for name in $chapters $pages; do
  [ -f "chapters/$name.md" ] || { echo "no chapter chapters/$name.md" >&2; exit 2; }
  "$env/bin/jupytext" -q --to ipynb -o "$out/notebooks/$name.ipynb" "chapters/$name.md"
done
n_nb=$(ls "$out/notebooks" | wc -l)
workers=$(( jobs < n_nb ? jobs : n_nb ))
xdist=(); [ "$workers" -gt 1 ] && xdist=(-n "$workers" --dist loadscope)
set +e
NBVAL_OUTCOMES_DIR="$out/outcomes" "$py" -m pytest -p tools.nbval_outcomes -p no:cacheprovider \
  --nbval-lax --nbval-cell-timeout="$cell_timeout" "${xdist[@]}" -q -rf \
  --junitxml="$out/nbval.xml" "$out/notebooks"
nbval_status=$?
set -e

echo "== 2/4 gotcha checker"
set +e
"$py" -m tools.gotcha_check chapters --outcomes "$out/outcomes" --only $chapters --time-limit "${CHAPTER_TIME_LIMIT:-240}"
check_status=$?
set -e

echo "== 3/4 lint (ruff, actionlint) and unit tests (helpers, checker, tools, environment files)"
set +e
tools/lint.sh "$env" > "$out/lint.log" 2>&1
lint_status=$?
cat "$out/lint.log"
"$py" -m pytest -q -p no:cacheprovider --junitxml="$out/unit.xml" tests
unit_status=$?
set -e

echo "== 4/4 non-executing -W build of the book (cross-references, TOC)"
set +e
"$py" -m tools.book --no-execute "$out" > "$out/build.log" 2>&1
build_status=$?
[ $build_status -eq 0 ] || tail -40 "$out/build.log"
set -e

"$py" -m tools.test_summary "$out" $nbval_status $check_status $lint_status $unit_status $build_status $(( $(date +%s) - start ))
