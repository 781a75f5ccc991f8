#!/usr/bin/env bash
# make full: every chapter at the appendix's own sizes. The sizes come from each chapter's
# `full_scale:` front matter and are injected after its `parameters` cell, the papermill convention.
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
# The sizes go into a cell injected after the `parameters` cell, as papermill does; nbclient
# executes, honouring `raises-exception` (papermill's runner stops at any error output).
import json, sys
import nbclient, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
sizes = json.loads(sys.argv[3])
index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
injected = nbformat.v4.new_code_cell("# Parameters injected by make full\n" + "".join(
    f"{name} = {value!r}\n" for name, value in sizes.items()))
injected.metadata["tags"] = ["injected-parameters"]
nb.cells.insert(index + 1, injected)
try:
    nbclient.NotebookClient(nb, kernel_name=sys.argv[4], timeout=3600,
                            resources={"metadata": {"path": "chapters"}}).execute()
finally:
    nbformat.write(nb, sys.argv[2])
PY
  printf "%-24s %10s  %s\n" "$name" $(( $(date +%s) - start )) "$result" | tee -a "$out/timings.txt"
  rm -f "$out/$name.input.ipynb"
done
cat "$out/timings.txt"
exit $status
