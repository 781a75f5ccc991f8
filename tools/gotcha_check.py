"""The gotcha checker: does every chapter prove its gotchas, on the run that just happened?

Static rules (from the MyST sources):
  - each chapter has exactly one cell tagged `parameters`;
  - each gotcha id (`cNN-some-name`) has exactly one `gotcha-fail` and one `gotcha-fix` cell and
    a heading labelled with the id; each erratum id a heading labelled with it;
  - a `raises-exception` cell declares `raises: ExceptionName`, and only such cells declare it;
  - a failing cell that does not raise asserts its symptom, and every fixed cell asserts the fix.
Run rules (from the outcomes nbval_outcomes.py recorded during the same `make test` run):
  - every code cell of every chapter ran;
  - a `raises-exception` cell raised the exception it declares (nbval accepts one that did not);
  - no other cell raised.

Exit status 1 with one line per problem; a per-chapter summary table on success.
"""
from __future__ import annotations

import argparse
import ast
import re
import json
import sys
from collections import defaultdict
from pathlib import Path

from tools.chapters import GOTCHA_ID, Chapter, declared_raises, read_chapters, tags


def asserts(source: str) -> bool:
    """Does the cell check something: an `assert` statement or an assert_* call (comments ignored)?"""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: fall back to the text, minus comments
        code = "\n".join(line.split("#")[0] for line in source.splitlines())
        return re.search(r"(^|\s)assert\s|\bassert_\w*\(", code) is not None
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name.startswith("assert"):
                return True
    return False


def static_problems(chapter: Chapter) -> list[str]:
    problems = []
    where = chapter.path.name
    cells = chapter.code_cells()
    n_parameters = sum("parameters" in tags(c) for _, c in cells)
    if n_parameters != 1:
        problems.append(f"{where}: needs exactly one cell tagged 'parameters' (found {n_parameters})")

    roles: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"gotcha-fail": [], "gotcha-fix": []})
    for index, cell in cells:
        meta, cell_tags = cell.get("metadata", {}), tags(cell)
        role = [t for t in ("gotcha-fail", "gotcha-fix") if t in cell_tags]
        gotcha = meta.get("gotcha")
        if role and not gotcha:
            problems.append(f"{where} code cell {index}: tagged {role[0]} but has no 'gotcha: <id>'")
        if gotcha:
            if not GOTCHA_ID.match(str(gotcha)):
                problems.append(f"{where} code cell {index}: gotcha id {gotcha!r} is not like 'c01-some-name'")
            if not role:
                problems.append(f"{where} code cell {index}: 'gotcha: {gotcha}' without a gotcha-fail/gotcha-fix tag")
            for r in role:
                roles[gotcha][r].append(index)
        erratum = meta.get("erratum")
        if "erratum" in cell_tags and not erratum:
            problems.append(f"{where} code cell {index}: tagged erratum but has no 'erratum: <id>'")
        if erratum and erratum not in chapter.labels:
            problems.append(f"{where}: erratum {erratum!r} has no heading labelled ({erratum})=")
        raises = declared_raises(cell)
        if "raises-exception" in cell_tags and not raises:
            problems.append(f"{where} code cell {index}: tagged raises-exception but declares no 'raises: <Exception>'")
        if raises and "raises-exception" not in cell_tags:
            problems.append(f"{where} code cell {index}: declares raises: {raises} but is not tagged raises-exception")
        if "gotcha-fail" in cell_tags and "raises-exception" not in cell_tags and not asserts(cell.source):
            problems.append(f"{where} code cell {index}: failing cell of {gotcha} neither raises nor asserts its symptom")
        if "gotcha-fix" in cell_tags and not asserts(cell.source):
            problems.append(f"{where} code cell {index}: fixed cell of {gotcha} does not assert the fix")
    for gotcha, found in roles.items():
        for role, indexes in found.items():
            if len(indexes) != 1:
                problems.append(f"{where}: gotcha {gotcha} has {len(indexes)} {role} cells (needs exactly 1)")
        if gotcha not in chapter.labels:
            problems.append(f"{where}: gotcha {gotcha} has no heading labelled ({gotcha})=")
    return problems


def load_outcomes(folder: Path) -> dict[str, dict[int, dict]]:
    outcomes: dict[str, dict[int, dict]] = defaultdict(dict)
    for path in sorted(Path(folder).glob("outcomes-*.jsonl")):
        for line in path.read_text().splitlines():
            record = json.loads(line)
            outcomes[record["notebook"]][record["cell"]] = record
    return outcomes


def run_problems(chapter: Chapter, outcomes: dict[int, dict]) -> list[str]:
    problems = []
    where = chapter.path.name
    for index, cell in chapter.code_cells():
        record = outcomes.get(index)
        if record is None:
            problems.append(f"{where} code cell {index}: did not run (kernel died, timeout, or the notebook was not collected)")
            continue
        raised = [e["ename"] for e in record["errors"]]
        expected = declared_raises(cell)
        if "raises-exception" in tags(cell):
            if not raised:
                problems.append(f"{where} code cell {index}: declared to raise {'|'.join(expected)} but raised nothing "
                                f"- the gotcha may no longer reproduce: show and assert today's behaviour instead")
            elif raised[0] not in expected:
                problems.append(f"{where} code cell {index}: declared to raise {'|'.join(expected)} but raised "
                                f"{raised[0]}: {record['errors'][0]['evalue'][:200]}")
        elif raised:
            problems.append(f"{where} code cell {index}: raised {raised[0]} but is not tagged raises-exception: "
                            f"{record['errors'][0]['evalue'][:200]}")
    return problems


def summary(chapters: list[Chapter], outcomes) -> str:
    lines = [f"{'chapter':<24} {'cells':>5} {'gotchas':>7} {'errata':>6} {'seconds':>8}"]
    for chapter in chapters:
        ids = {c.get("metadata", {}).get("gotcha") for _, c in chapter.code_cells()} - {None}
        errata = {c.get("metadata", {}).get("erratum") for _, c in chapter.code_cells()} - {None}
        seconds = sum(r["seconds"] for r in outcomes.get(chapter.name, {}).values())
        lines.append(f"{chapter.name:<24} {len(chapter.code_cells()):>5} {len(ids):>7} {len(errata):>6} {seconds:>8.1f}")
    return "\n".join(lines)


def check(chapters: list[Chapter], outcomes_dir: Path | None, time_limit: float | None = None) -> tuple[list[str], str]:
    problems = []
    for chapter in chapters:
        problems += static_problems(chapter)
    outcomes = load_outcomes(outcomes_dir) if outcomes_dir else {}
    if outcomes_dir:
        for chapter in chapters:
            problems += run_problems(chapter, outcomes.get(chapter.name, {}))
            seconds = sum(r["seconds"] for r in outcomes.get(chapter.name, {}).values())
            if time_limit and seconds > time_limit:
                problems.append(f"{chapter.path.name}: ran {seconds:.0f} s, over the {time_limit:.0f} s budget "
                                f"at test scale: shrink the sizes in its parameters cell")
    return problems, summary(chapters, outcomes)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", type=Path, help="folder of chapter .md files")
    parser.add_argument("--outcomes", type=Path, help="folder of outcomes-*.jsonl from the nbval run")
    parser.add_argument("--only", nargs="*", help="chapter names (stems) to check")
    parser.add_argument("--time-limit", type=float, default=None, help="seconds per chapter")
    args = parser.parse_args(argv)
    chapters = read_chapters(args.chapters)
    if args.only:
        chapters = [c for c in chapters if c.name in args.only]
    problems, table = check(chapters, args.outcomes, args.time_limit)
    print(table)
    for problem in problems:
        print("GOTCHA CHECK:", problem, file=sys.stderr)
    print(f"gotcha check: {len(problems)} problem(s) in {len(chapters)} chapter(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
