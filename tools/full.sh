#!/usr/bin/env bash
# make full: every chapter at the appendix's own sizes. The sizes come from each chapter's
# `full_scale:` front matter and are injected into its `parameters` cell by papermill.
#   tools/full.sh MAIN_ENV "CHAPTERS"
set -euo pipefail
env=$1; chapters=$2
out=_build/full; mkdir -p "$out"
export BOOK_TMP=$(mktemp -d -t appendix-c-full.XXXXXX); export TMPDIR=$BOOK_TMP
trap 'rm -rf "$BOOK_TMP"' EXIT
status=0
printf "%-24s %10s  %s\n" chapter seconds result > "$out/timings.txt"
for name in $chapters; do
  "$env/bin/jupytext" -q --to ipynb -o "$out/$name.input.ipynb" "chapters/$name.md"
  params=$("$env/bin/python" -c "import json,sys; print(json.dumps(json.load(open(sys.argv[1]))['metadata'].get('full_scale', {})))" "$out/$name.input.ipynb")
  kernel=$("$env/bin/python" -c "import json,sys; print(json.load(open(sys.argv[1]))['metadata']['kernelspec']['name'])" "$out/$name.input.ipynb")
  echo "== $name at full scale: $params"
  start=$(date +%s); result=ok
  "$env/bin/python" - "$out/$name.input.ipynb" "$out/$name.ipynb" "$params" "$kernel" <<'PY' || { result=FAILED; status=1; }
import json, sys, papermill
papermill.execute_notebook(sys.argv[1], sys.argv[2], parameters=json.loads(sys.argv[3]),
                           kernel_name=sys.argv[4], progress_bar=True, cwd=".")
PY
  printf "%-24s %10s  %s\n" "$name" $(( $(date +%s) - start )) "$result" | tee -a "$out/timings.txt"
  rm -f "$out/$name.input.ipynb"
done
cat "$out/timings.txt"
exit $status
