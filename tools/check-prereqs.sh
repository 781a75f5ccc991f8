#!/usr/bin/env bash
# Stop early, with what to install, when the machine lacks what the book needs.
set -u
fail=0
if ! command -v python3.11 >/dev/null && [ -z "${BOOK_PYTHON:-}" ]; then
  echo "MISSING: Python 3.11 ('python3.11' not on PATH). Install it (apt-get install python3.11 python3.11-venv, or pyenv install 3.11), or set BOOK_PYTHON=/path/to/python3.11." >&2
  fail=1
fi
if ! command -v java >/dev/null; then
  echo "MISSING: Java 17 (needed by PySpark, C.6). Install it: apt-get install openjdk-17-jre-headless (or set JAVA_HOME and put \$JAVA_HOME/bin on PATH)." >&2
  fail=1
else
  major=$(java -XX:-UsePerfData -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  if [ -z "$major" ] || [ "$major" -lt 17 ]; then
    echo "MISSING: Java 17 or newer for PySpark 4 (found: $(java -XX:-UsePerfData -version 2>&1 | head -1)). Install openjdk-17-jre-headless." >&2
    fail=1
  fi
fi
command -v sha256sum >/dev/null || { echo "MISSING: sha256sum (coreutils)." >&2; fail=1; }
exit $fail
