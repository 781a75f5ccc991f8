"""pytest plugin: record what each nbval cell really did, for the gotcha checker.

nbval passes a `raises-exception` cell whether or not it raised, so the run itself must keep
each cell's outcome. Every worker (pytest-xdist) appends JSON lines to its own file in
$NBVAL_OUTCOMES_DIR: notebook, cell index, tags, the gotcha/erratum metadata, the exceptions
the cell raised (name and message), glued NumPy reprs, pass/fail, seconds and memory.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest


def _outcome_file() -> Path | None:
    folder = os.environ.get("NBVAL_OUTCOMES_DIR")
    if not folder:
        return None
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Path(folder) / f"outcomes-{worker}.jsonl"


def _high_water_mib(item) -> float | None:
    """Peak resident memory so far of the cell's kernel (VmHWM) plus the current peaks of its
    child processes (Ray workers, a JVM, servers), in MiB; None when it cannot be read."""
    try:
        import psutil

        km = item.parent.kernel.km
        pid = getattr(km, "provisioner", None) and km.provisioner.process.pid
        kernel = psutil.Process(pid)
        total = 0
        for process in [kernel, *kernel.children(recursive=True)]:
            try:
                status = Path(f"/proc/{process.pid}/status").read_text()
                total += int(
                    next(ln.split()[1] for ln in status.splitlines() if ln.startswith("VmHWM"))
                )
            except (OSError, StopIteration, psutil.Error):
                continue
        return round(total / 1024, 1)
    except Exception:  # a measurement for the summary, never a reason to fail a run
        return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    cell = getattr(item, "cell", None)
    target = _outcome_file()
    if cell is None or target is None or report.when != "call":
        return
    errors = [
        {"ename": out.get("ename"), "evalue": str(out.get("evalue", ""))[:500]}
        for out in (getattr(item, "test_outputs", None) or [])
        if out.get("output_type") == "error"
    ]
    # Glued values whose text is a NumPy repr (`np.float64(0.25)`): `{glue:text}` cannot
    # format them, and only an executed book build would say so.
    numpy_glued = [
        out["metadata"]["scrapbook"]["name"]
        for out in (getattr(item, "test_outputs", None) or [])
        if out.get("metadata", {}).get("scrapbook")
        and any(
            str(text).startswith("np.")
            for mime, text in out.get("data", {}).items()
            if mime.endswith("text/plain")
        )
    ]
    metadata = dict(cell.get("metadata", {}))
    record = {
        "notebook": Path(str(item.fspath)).stem,
        "cell": item.cell_num,
        "tags": list(metadata.get("tags", [])),
        "gotcha": metadata.get("gotcha"),
        "erratum": metadata.get("erratum"),
        "raises": metadata.get("raises"),
        "errors": errors,
        "numpy_glued": numpy_glued,
        "passed": report.passed,
        "skipped": report.skipped,
        "seconds": round(call.stop - call.start, 3),
        "memory_mib": _high_water_mib(item),
    }
    with open(target, "a") as handle:
        handle.write(json.dumps(record) + "\n")
