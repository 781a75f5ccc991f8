"""Close `make test` with one table and one line: what ran, how long each chapter took, verdict."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tools.gotcha_check import load_outcomes


def junit_counts(path: Path) -> tuple[int, int, int]:
    if not path.exists():
        return 0, 0, 0
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    tests = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    return tests - failed - skipped, failed, skipped


def main(argv) -> int:
    out = Path(argv[0])
    nbval_status, check_status, lint_status, unit_status, build_status, seconds = map(
        int, argv[1:7]
    )
    outcomes = load_outcomes(out / "outcomes")
    print("\n== time per chapter (sum of its cells, at test scale) and peak memory")
    print("   (kernel's high-water mark plus its child processes', MiB)")
    for name in sorted(outcomes):
        cells = outcomes[name].values()
        failed = sum(not r["passed"] for r in cells)
        peaks = [r.get("memory_mib") for r in cells if r.get("memory_mib")]
        peak = f"{max(peaks):7.0f} MiB" if peaks else "      ? MiB"
        print(
            f"  {name:<24} {sum(r['seconds'] for r in cells):7.1f} s  {len(cells):3d} cells  {peak}"
            + (f"  {failed} FAILED" if failed else "")
        )
    cells_ok, cells_failed, _ = junit_counts(out / "nbval.xml")
    unit_ok, unit_failed, unit_skipped = junit_counts(out / "unit.xml")
    stages = {
        "notebook cells": nbval_status,
        "gotcha checker": check_status,
        "lint": lint_status,
        "unit tests": unit_status,
        "book -W build": build_status,
    }
    for stage, status in stages.items():
        print(f"  {stage:<16} {'ok' if status == 0 else 'FAILED'}")
    checks = (check_status, lint_status, build_status)
    passed = cells_ok + unit_ok + sum(s == 0 for s in checks)
    failed = cells_failed + unit_failed + sum(s != 0 for s in checks)
    if failed == 0 and any(s != 0 for s in stages.values()):
        failed = 1  # a stage died without reporting test cases (e.g. collection error)
    print(f"  total {seconds} s")
    print(
        f"make test: {passed} passed, {failed} failed"
        + (f", {unit_skipped} skipped" if unit_skipped else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
