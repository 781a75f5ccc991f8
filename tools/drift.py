"""make drift, in two halves around a `make test` in a throwaway environment.

python -m tools.drift loosen IN_DIR OUT_DIR [--keep-torch]
    requirements/*.in with every `==` pin opened up to the newest release within its
    declared major version (`==1.19.*` -> `>=1.19,<2`, `==3.17.2` -> `>=3.17.2,<4`);
    caps written as caps (`<=`, `<`) stay.
python -m tools.drift report OLD_LOCK_DIR NEW_LOCK_DIR TEST_OUT STATUS
    a short Markdown report: the versions that changed against the locks, and the chapters
    and cells that broke (from the outcomes the test run recorded).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from tools.environment_yml import lock_pins

PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.\-\[\]]+)==(?P<version>[0-9][^\s#]*)(?P<rest>.*)$")


def loosen_line(line: str, keep: set[str] = frozenset()) -> str:
    match = PIN.match(line)
    if not match or match["name"].split("[")[0].lower() in keep:
        return line
    version = match["version"].removesuffix(".*")
    version = version.split("+")[0]  # a local label (+cpu) is the index's business
    major = int(version.split(".")[0])
    return f"{match['name']}>={version},<{major + 1}{match['rest']}"


def loosen(text: str, keep: set[str] = frozenset()) -> str:
    return "\n".join(loosen_line(line, keep) for line in text.splitlines()) + "\n"


def pins(lock: Path) -> dict[str, str]:
    return dict(pin.split("==", 1) for pin in lock_pins(lock.read_text()))


def report(old_dir: Path, new_dir: Path, test_out: Path, status: int) -> str:
    lines = ["# Drift report", ""]
    lines.append(
        "The book against the newest releases its inputs allow: "
        + ("**green**." if status == 0 else "**broken** (details below).")
    )
    for lock in sorted(old_dir.glob("*.lock")):
        before, after = pins(lock), pins(new_dir / lock.name)
        changed = sorted(n for n in before.keys() & after.keys() if before[n] != after[n])
        added, removed = sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys())
        lines += [
            "",
            f"## {lock.stem}: {len(changed)} changed, {len(added)} new, {len(removed)} gone",
            "",
        ]
        if changed:
            lines += ["| package | lock | newest allowed |", "|---|---|---|"]
            lines += [f"| {n} | {before[n]} | {after[n]} |" for n in changed]
        if added:
            lines.append(f"\nnew: {', '.join(f'{n}=={after[n]}' for n in added)}")
        if removed:
            lines.append(f"\ngone: {', '.join(removed)}")
    from tools.gotcha_check import load_outcomes  # needs jupytext: only the report does

    outcomes = load_outcomes(test_out / "outcomes")
    broken = [
        (chapter, index, record)
        for chapter, cells in sorted(outcomes.items())
        for index, record in sorted(cells.items())
        if not record["passed"]
    ]
    lines += ["", f"## Cells that broke: {len(broken)}", ""]
    for chapter, index, record in broken:
        error = (
            record["errors"][0]
            if record["errors"]
            else {"ename": "?", "evalue": "(no error recorded)"}
        )
        lines.append(
            f"- `{chapter}` code cell {index}: {error['ename']}: {str(error['evalue'])[:200]}"
        )
    log = test_out / "test.log"
    if log.exists():
        problems = [
            line
            for line in log.read_text().splitlines()
            if line.startswith("GOTCHA CHECK:") or line.startswith("make test:")
        ]
        lines += ["", "## Checker and verdict", "", "```", *problems, "```"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_loosen = sub.add_parser("loosen")
    p_loosen.add_argument("in_dir", type=Path)
    p_loosen.add_argument("out_dir", type=Path)
    p_loosen.add_argument("--keep", nargs="*", default=[], help="packages to keep pinned")
    p_report = sub.add_parser("report")
    p_report.add_argument("old_dir", type=Path)
    p_report.add_argument("new_dir", type=Path)
    p_report.add_argument("test_out", type=Path)
    p_report.add_argument("status", type=int)
    args = parser.parse_args(argv)
    if args.command == "loosen":
        args.out_dir.mkdir(parents=True, exist_ok=True)
        for source in sorted(args.in_dir.glob("*.in")):
            keep = {k.lower() for k in args.keep}
            (args.out_dir / source.name).write_text(loosen(source.read_text(), keep))
        return 0
    sys.stdout.write(report(args.old_dir, args.new_dir, args.test_out, args.status))
    return 0


if __name__ == "__main__":
    sys.exit(main())
