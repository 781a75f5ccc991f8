"""make full: every chapter at the appendix's own sizes.

Each chapter's `full_scale:` front matter holds the appendix's sizes. papermill's own
`parameterize_notebook` injects them in a cell tagged `injected-parameters` right after the
chapter's `parameters` cell (papermill's convention); nbclient then executes the notebook,
which honours `raises-exception` (papermill's runner stops at the first error output, and
every gotcha shows one). Executed notebooks and `timings.json` go to _build/full/.

    python -m tools.full [--out _build/full] [--timeout 7200] c01_sklearn c03_pymc ...
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import jupytext
import nbclient
import nbformat
from papermill.parameterize import parameterize_notebook

REPO = Path(__file__).resolve().parent.parent


def prepare(chapter: Path) -> nbformat.NotebookNode:
    """The chapter as a notebook with its full-scale sizes injected after `parameters`."""
    notebook = jupytext.read(chapter)
    sizes = dict(notebook.metadata.get("full_scale") or {})
    notebook.metadata.setdefault("papermill", {})  # where papermill records what it injected
    for cell in notebook.cells:  # papermill reads cell.metadata.tags on every cell
        cell.metadata.setdefault("tags", [])
    if not any("parameters" in c.metadata.tags for c in notebook.cells):
        raise ValueError(f"{chapter.name} has no cell tagged 'parameters' to inject sizes after")
    return parameterize_notebook(notebook, sizes, comment="Full-scale sizes injected by make full")


def execute(notebook: nbformat.NotebookNode, timeout: int) -> str | None:
    """Run it in its own kernel, from chapters/; the error text, or None when it succeeded."""
    kernel = notebook.metadata["kernelspec"]["name"]
    client = nbclient.NotebookClient(
        notebook,
        kernel_name=kernel,
        timeout=timeout,
        resources={"metadata": {"path": str(REPO / "chapters")}},
    )
    try:
        client.execute()
    except Exception as error:  # the executed part is kept for the reader either way
        return f"{type(error).__name__}: {str(error).strip().splitlines()[-1][:300]}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="+", help="chapter stems, e.g. c01_sklearn")
    parser.add_argument("--out", type=Path, default=REPO / "_build/full")
    parser.add_argument("--timeout", type=int, default=7200, help="seconds per cell")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    timings_path = args.out / "timings.json"
    timings = json.loads(timings_path.read_text()) if timings_path.exists() else {}
    status = 0
    for name in args.chapters:
        notebook = prepare(REPO / "chapters" / f"{name}.md")
        print(f"== {name} at full scale: {notebook.metadata.get('full_scale') or {}}", flush=True)
        start = time.perf_counter()
        error = execute(notebook, args.timeout)
        seconds = time.perf_counter() - start
        nbformat.write(notebook, args.out / f"{name}.ipynb")
        timings[name] = {
            "seconds": round(seconds, 1),
            "ok": error is None,
            "error": error,
            "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores",
        }
        timings_path.write_text(json.dumps(timings, indent=2) + "\n")
        print(
            f"{name:<28} {seconds:8.0f} s  {'ok' if error is None else 'FAILED: ' + error}",
            flush=True,
        )
        status |= error is not None
    return status


if __name__ == "__main__":
    sys.exit(main())
