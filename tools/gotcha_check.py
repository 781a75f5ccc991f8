"""The gotcha checker: does every chapter prove its gotchas, on the run that just happened?

Static rules (from the MyST sources):
  - the chapter anatomy and no typed measured figure in its prose (tools/prose_check.py);
  - each chapter has exactly one cell tagged `parameters`, and no code line over 88 characters;
  - each gotcha id (`cNN-some-name`) has exactly one `gotcha-fail` and one `gotcha-fix` cell and
    a heading labelled with the id; each erratum id a heading labelled with it;
  - a `raises-exception` cell declares `raises: ExceptionName`, and only such cells declare it;
  - a failing cell that does not raise asserts its symptom, and every fixed cell asserts the fix;
  - every assert of a gotcha cell uses a name bound in that same cell (it checks something the
    cell measured, not the setup);
  - a gotcha about speed or memory (`claim: speed|memory`, required when its heading speaks of
    speed or memory) asserts, in its failing cell, a ratio measured there.
Run rules (from the outcomes nbval_outcomes.py recorded during the same `make test` run):
  - every code cell of every chapter ran;
  - a `raises-exception` cell raised the exception it declares (nbval accepts one that did not);
  - no other cell raised;
  - no cell glued a NumPy scalar (`{glue:text}` cannot format `np.float64(...)`).

Exit status 1 with one line per problem; a per-chapter summary table on success.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from tools.chapters import GOTCHA_ID, Chapter, declared_raises, read_chapters, tags
from tools.prose_check import anatomy_problems, typed_figure_problems

CLAIMS = ("speed", "memory")
SPEED_OR_MEMORY = re.compile(
    r"\b(slow\w*|fast\w*|speed\w*|latenc\w*|memory|OOM|bloat\w*|spill\w*)\b", re.I
)


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


def parse_cell(source: str) -> ast.Module | None:
    """The cell's AST, IPython magics and shell lines blanked; None if it still does not parse."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def _bound_names(tree: ast.AST, skip: set[int]) -> set[str]:
    """Names a cell binds (assignments, loop/with/except targets, defs, walrus), not imports,
    outside the nodes whose id() is in `skip` (the asserts themselves)."""
    bound: set[str] = set()

    def visit(node: ast.AST) -> None:
        if id(node) in skip:
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return bound


def _checks(tree: ast.AST) -> list[ast.AST]:
    """The assert statements and assert_*() calls of a cell."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            found.append(node)
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name.startswith("assert"):
                found.append(node)
    return found


def _used_names(node: ast.AST) -> set[str]:
    target = node.test if isinstance(node, ast.Assert) else node
    return {
        n.id for n in ast.walk(target) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }


def asserts_without_own_names(source: str) -> list[int]:
    """Line numbers of asserts that use no name bound in the cell itself (restating the setup,
    or true by construction)."""
    tree = parse_cell(source)
    if tree is None:
        return []
    checks = _checks(tree)
    bound = _bound_names(tree, {id(c) for c in checks})
    return [c.lineno for c in checks if not (_used_names(c) & bound)]


def asserts_a_ratio(source: str) -> bool:
    """Does an assert compare a ratio: a division, a ratio() call or a name with 'ratio' in it?"""
    tree = parse_cell(source)
    if tree is None:
        return False
    for check in _checks(tree):
        for node in ast.walk(check):
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                return True
            name = getattr(node, "id", None) or getattr(node, "attr", None) or ""
            if "ratio" in name.lower() or "slowdown" in name.lower() or "speedup" in name.lower():
                return True
    return False


def static_problems(chapter: Chapter) -> list[str]:
    where = chapter.path.name
    problems = anatomy_problems(chapter) + typed_figure_problems(chapter)
    cells = chapter.code_cells()
    n_parameters = sum("parameters" in tags(c) for _, c in cells)
    if n_parameters != 1:
        problems.append(
            f"{where}: needs exactly one cell tagged 'parameters' (found {n_parameters})"
        )

    roles: dict[str, dict[str, list[int]]] = defaultdict(
        lambda: {"gotcha-fail": [], "gotcha-fix": []}
    )
    for index, cell in cells:
        # ruff skips cells it cannot parse (%%writefile): the book's column holds 88 columns.
        long = [n for n, line in enumerate(cell["source"].splitlines(), 1) if len(line) > 88]
        if long:
            problems.append(
                f"{where} code cell {index}: line {long[0]} is over 88 characters "
                "(it scrolls sideways on the page): wrap it"
            )
        meta, cell_tags = cell.get("metadata", {}), tags(cell)
        role = [t for t in ("gotcha-fail", "gotcha-fix") if t in cell_tags]
        gotcha = meta.get("gotcha")
        if role and not gotcha:
            problems.append(
                f"{where} code cell {index}: tagged {role[0]} but has no 'gotcha: <id>'"
            )
        if gotcha:
            if not GOTCHA_ID.match(str(gotcha)):
                problems.append(
                    f"{where} code cell {index}: gotcha id {gotcha!r} is not like 'c01-some-name'"
                )
            if not role:
                problems.append(
                    f"{where} code cell {index}: 'gotcha: {gotcha}' without a gotcha-fail/gotcha-fix tag"
                )
            for r in role:
                roles[gotcha][r].append(index)
        erratum = meta.get("erratum")
        if "erratum" in cell_tags and not erratum:
            problems.append(f"{where} code cell {index}: tagged erratum but has no 'erratum: <id>'")
        if erratum and erratum not in chapter.labels:
            problems.append(f"{where}: erratum {erratum!r} has no heading labelled ({erratum})=")
        raises = declared_raises(cell)
        if "raises-exception" in cell_tags and not raises:
            problems.append(
                f"{where} code cell {index}: tagged raises-exception but declares no 'raises: <Exception>'"
            )
        if raises and "raises-exception" not in cell_tags:
            problems.append(
                f"{where} code cell {index}: declares raises: {raises} but is not tagged raises-exception"
            )
        if (
            "gotcha-fail" in cell_tags
            and "raises-exception" not in cell_tags
            and not asserts(cell.source)
        ):
            problems.append(
                f"{where} code cell {index}: failing cell of {gotcha} neither raises nor asserts its symptom"
            )
        if "gotcha-fix" in cell_tags and not asserts(cell.source):
            problems.append(
                f"{where} code cell {index}: fixed cell of {gotcha} does not assert the fix"
            )
        if role:
            for line in asserts_without_own_names(cell.source):
                problems.append(
                    f"{where} code cell {index} line {line}: an assert of {gotcha} uses no name "
                    f"bound in this cell: it restates the setup or holds by construction; "
                    f"assert something this cell measured"
                )
        claim = meta.get("claim")
        if claim is not None and claim not in CLAIMS:
            problems.append(f"{where} code cell {index}: claim: {claim!r} is not one of {CLAIMS}")
        if role == ["gotcha-fail"]:
            heading = chapter.labels.get(str(gotcha), "")
            if claim is None and SPEED_OR_MEMORY.search(heading):
                problems.append(
                    f"{where} code cell {index}: {gotcha}'s heading ('{heading}') speaks of speed "
                    f"or memory: declare 'claim: speed' or 'claim: memory' and assert a ratio"
                )
            if claim in CLAIMS and not asserts_a_ratio(cell.source):
                problems.append(
                    f"{where} code cell {index}: {gotcha} claims {claim} but its failing cell asserts "
                    f"no ratio measured side by side (a / b, .ratio(...))"
                )
    for gotcha, found in roles.items():
        for role, indexes in found.items():
            if len(indexes) != 1:
                problems.append(
                    f"{where}: gotcha {gotcha} has {len(indexes)} {role} cells (needs exactly 1)"
                )
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
            problems.append(
                f"{where} code cell {index}: did not run (kernel died, timeout, or the notebook was not collected)"
            )
            continue
        if record.get("numpy_glued"):
            problems.append(
                f"{where} code cell {index}: glued NumPy scalars {record['numpy_glued']}, which "
                "{glue:text} cannot format: glue with bookhelpers.glue, or float()/int() them"
            )
        raised = [e["ename"] for e in record["errors"]]
        expected = declared_raises(cell)
        if "raises-exception" in tags(cell):
            if not raised:
                problems.append(
                    f"{where} code cell {index}: declared to raise {'|'.join(expected)} but raised nothing "
                    f"- the gotcha may no longer reproduce: show and assert today's behaviour instead"
                )
            elif raised[0] not in expected:
                problems.append(
                    f"{where} code cell {index}: declared to raise {'|'.join(expected)} but raised "
                    f"{raised[0]}: {record['errors'][0]['evalue'][:200]}"
                )
        elif raised:
            problems.append(
                f"{where} code cell {index}: raised {raised[0]} but is not tagged raises-exception: "
                f"{record['errors'][0]['evalue'][:200]}"
            )
    return problems


def summary(chapters: list[Chapter], outcomes) -> str:
    lines = [f"{'chapter':<24} {'cells':>5} {'gotchas':>7} {'errata':>6} {'seconds':>8}"]
    for chapter in chapters:
        ids = {c.get("metadata", {}).get("gotcha") for _, c in chapter.code_cells()} - {None}
        errata = {c.get("metadata", {}).get("erratum") for _, c in chapter.code_cells()} - {None}
        seconds = sum(r["seconds"] for r in outcomes.get(chapter.name, {}).values())
        lines.append(
            f"{chapter.name:<24} {len(chapter.code_cells()):>5} {len(ids):>7} {len(errata):>6} {seconds:>8.1f}"
        )
    return "\n".join(lines)


def check(
    chapters: list[Chapter], outcomes_dir: Path | None, time_limit: float | None = None
) -> tuple[list[str], str]:
    problems = []
    for chapter in chapters:
        problems += static_problems(chapter)
    outcomes = load_outcomes(outcomes_dir) if outcomes_dir else {}
    if outcomes_dir:
        for chapter in chapters:
            problems += run_problems(chapter, outcomes.get(chapter.name, {}))
            seconds = sum(r["seconds"] for r in outcomes.get(chapter.name, {}).values())
            if time_limit and seconds > time_limit:
                problems.append(
                    f"{chapter.path.name}: ran {seconds:.0f} s, over the {time_limit:.0f} s budget "
                    f"at test scale: shrink the sizes in its parameters cell"
                )
    return problems, summary(chapters, outcomes)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", type=Path, help="folder of chapter .md files")
    parser.add_argument(
        "--outcomes", type=Path, help="folder of outcomes-*.jsonl from the nbval run"
    )
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
