"""`make format` for the chapters: ruff on each code cell of the MyST sources, in place.

Only the body of each ```{code-cell}``` block changes: the front matter (kernelspec,
`full_scale:`), cell options and markdown stay byte for byte (jupytext's own --pipe rewrites
the front matter and drops keys it does not know). A cell ruff cannot parse (IPython magics,
`%%writefile`) is left as it is,
except for leading line magics such as `%matplotlib inline`, which are kept in place.

    python -m tools.format_chapters [--check] chapters/c01_sklearn.md ...
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CELL = re.compile(r"(^```\{code-cell\}[^\n]*\n)(.*?)(^```[ \t]*$)", re.S | re.M)
OPTION = re.compile(r"^:[\w-]+:.*$")
RUFF = [str(Path(sys.executable).parent / "ruff")]
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _ruff(args: list[str], source: str) -> str | None:
    run = subprocess.run(
        [
            *RUFF,
            *args,
            "--config",
            str(PYPROJECT),
            "--line-length",
            "88",
            "--stdin-filename",
            "cell.py",
            "-",
        ],
        input=source,
        capture_output=True,
        text=True,
    )
    return run.stdout if run.returncode == 0 else None


def format_source(source: str) -> str:
    # Leading line magics (`%matplotlib inline`) are set aside and put back; a magic or shell
    # line further down, or a cell magic, leaves the cell as it is.
    lines = source.splitlines(keepends=True)
    n_magic = 0
    while (
        n_magic < len(lines)
        and lines[n_magic].startswith("%")
        and not lines[n_magic].startswith("%%")
    ):
        n_magic += 1
    if n_magic:
        return "".join(lines[:n_magic]) + format_source("".join(lines[n_magic:]))
    if any(line.lstrip().startswith(("%", "!")) for line in lines):
        return source
    # Only import sorting per cell: other fixes (unused imports) need the whole notebook.
    fixed = _ruff(["check", "--fix-only", "-q", "--select", "I"], source)
    fixed = source if fixed is None else fixed
    formatted = _ruff(["format", "-q"], fixed)
    return source if formatted is None else formatted


def split_options(body: str) -> tuple[str, str]:
    """A cell's option lines (`:tags: [...]`, or a `---` YAML block) and its code."""
    lines = body.splitlines(keepends=True)
    if lines and lines[0].strip() == "---":
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        return "".join(lines[: end + 1]), "".join(lines[end + 1 :])
    count = 0
    while count < len(lines) and OPTION.match(lines[count].rstrip("\n")):
        count += 1
    return "".join(lines[:count]), "".join(lines[count:])


def format_chapter(text: str) -> str:
    def one(match: re.Match) -> str:
        options, code = split_options(match.group(2))
        if not code.strip():
            return match.group(0)
        leading_blank = "\n" if options and code.startswith("\n") else ""
        formatted = format_source(code.strip("\n") + "\n")
        return match.group(1) + options + leading_blank + formatted + match.group(3)

    return CELL.sub(one, text)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    changed = []
    for name in (a for a in args if a != "--check"):
        path = Path(name)
        text = path.read_text()
        new = format_chapter(text)
        if new != text:
            changed.append(name)
            if not check:
                path.write_text(new)
    for name in changed:
        print(f"{'would reformat' if check else 'reformatted'} {name}")
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
