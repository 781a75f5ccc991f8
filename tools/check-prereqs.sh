#!/usr/bin/env bash
# Stop early, with what to install, when the machine lacks what the book needs.
# Linux (or WSL2) with: Python 3.11 (or any Python 3 to let uv install one), Java 17+, make.
set -u
fail=0
py311=${BOOK_PYTHON:-$(command -v python3.11 || true)}
py3=$(command -v python3 || true)
if [ -z "$py311" ] && [ -z "$py3" ]; then
  echo "MISSING: Python 3.11 (and no python3 at all). Install it: apt-get install python3.11 python3.11-venv (Debian/Ubuntu), 'uv python install 3.11', or pyenv; then set BOOK_PYTHON=/path/to/python3.11 if it is not on PATH as python3.11." >&2
  fail=1
elif [ -z "$py311" ]; then
  echo "NOTE: no python3.11 on PATH: tools/env.sh will install a uv-managed Python 3.11 ('uv python install 3.11'). To use your own, set BOOK_PYTHON=/path/to/python3.11." >&2
fi
# The bootstrap of uv needs a Python 3 with its venv module (Debian splits it out).
boot=${py3:-$py311}
if [ -n "$boot" ] && ! "$boot" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "MISSING: the venv module of $boot. Install it: apt-get install python3-venv (or python3.11-venv)." >&2
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
command -v flock >/dev/null || { echo "MISSING: flock (util-linux)." >&2; fail=1; }
# Optional: the browser checks (make check-html after make book, make check-lab).
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null \
  && ! command -v google-chrome >/dev/null; then
  echo "NOTE: no Chromium: make book will skip its browser check, make check-html and make check-lab need it. Install it: apt-get install chromium." >&2
fi
exit $fail
