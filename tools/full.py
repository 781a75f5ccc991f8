"""make full: every chapter at the appendix's own sizes, recorded beside its test-scale run.

Each chapter's `full_scale:` front matter holds the appendix's sizes. papermill's own
`parameterize_notebook` injects them in a cell tagged `injected-parameters` right after the
chapter's `parameters` cell (papermill's convention); nbclient then executes the notebook,
which honours `raises-exception` (papermill's runner stops at the first error output, and
every gotcha shows one). Each chapter also runs once as written (test scale), so the two
scales are measured on the same machine in the same session.

Executed notebooks go to _build/full/. What each run glued (its figures), its time, machine
and commit go to results/full-scale.json, which is committed: the book's results page and
each chapter's card are built from it, so a reader sees the full-scale figures without
running for hours.

    python -m tools.full [--scales test full] [--timeout 7200] c01_sklearn c03_pymc ...
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import jupytext
import nbclient
import nbformat
from papermill.parameterize import parameterize_notebook

from bookhelpers.card import RESULTS, load_results

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


def glued_values(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """Every value the executed notebook glued as text (myst-nb's `scrapbook` records)."""
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook")
            if not record:
                continue
            data = output.get("data", {})
            if any(mime.endswith("text/markdown") for mime in data):
                continue  # a pasted block (the chapter card), not a figure
            text = data.get(record.get("mime_prefix", "") + "text/plain")
            if text is not None and len(text) <= 200:
                values[record["name"]] = text
    return values


def commit() -> str:
    """The checked-out commit, marked when the chapters differ from it."""
    git = ["git", "-C", str(REPO)]
    try:
        head = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "chapters", "bookhelpers"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}+changes" if dirty else head


def run(name: str, scale: str, out: Path, timeout: int) -> dict:
    """One chapter at one scale: executed notebook written, its record returned."""
    chapter = REPO / "chapters" / f"{name}.md"
    notebook = prepare(chapter) if scale == "full" else jupytext.read(chapter)
    sizes = (notebook.metadata.get("full_scale") or {}) if scale == "full" else {}
    print(f"== {name} at {scale} scale {sizes or ''}", flush=True)
    start = time.perf_counter()
    error = execute(notebook, timeout)
    seconds = time.perf_counter() - start
    nbformat.write(notebook, out / f"{name}.{scale}.ipynb")
    outcome = "ok" if error is None else f"FAILED: {error}"
    print(f"{name:<28} {scale:>4} {seconds:8.0f} s  {outcome}", flush=True)
    return {
        "seconds": round(seconds, 1),
        "ok": error is None,
        "error": error,
        "sizes": sizes,
        "glued": glued_values(notebook),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="+", help="chapter stems, e.g. c01_sklearn")
    parser.add_argument("--out", type=Path, default=REPO / "_build/full")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--scales", nargs="+", choices=["test", "full"], default=["test", "full"])
    parser.add_argument("--timeout", type=int, default=7200, help="seconds per cell")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    # Every chapter's scratch folders under one folder removed at the end, as make test and
    # make book do (a short prefix: Ray's socket paths must stay under 108 bytes).
    scratch = tempfile.TemporaryDirectory(prefix="acfull.")
    previous, os.environ["TMPDIR"] = os.environ.get("TMPDIR"), scratch.name
    try:
        return run_all(args)
    finally:
        scratch.cleanup()
        if previous is None:
            os.environ.pop("TMPDIR")
        else:
            os.environ["TMPDIR"] = previous


def run_all(args: argparse.Namespace) -> int:
    status = 0
    for name in args.chapters:
        runs = {scale: run(name, scale, args.out, args.timeout) for scale in args.scales}
        results = load_results(args.results)  # re-read: another run may have written it
        record = results["chapters"].get(name, {})
        record.update(runs)
        record.update(
            finished=datetime.now(UTC).isoformat(timespec="seconds"),
            machine=f"{platform.machine()}, {os.cpu_count()} cores",
            commit=commit(),
        )
        results["chapters"][name] = record
        args.results.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
        status |= not all(r["ok"] for r in runs.values())
    return status


if __name__ == "__main__":
    sys.exit(main())
