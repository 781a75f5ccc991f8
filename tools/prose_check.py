"""Rules on a chapter's markdown: its anatomy, and no measured figure typed into the prose.

Anatomy: after the `# C.N ...` title, exactly the level-2 headings of SECTIONS, in that order.

Typed figures: a number in prose that a cell measured must be glued (`{glue:text}`), never
typed, because a typed measurement is true on one machine on one day. The rule flags decimals,
percentages, multipliers (`3x`, `3×`) and integers of 11 or more, and allows:
  - anything in code spans, fenced code, math, roles (`{glue:text}`, `{ref}`), link targets,
    directive options, MyST labels, headings and blockquotes (quotes of the appendix);
  - years (1900-2099) and versions: a dotted number after a package or tool name ("PyMC 5.0",
    "Python 3.11"), after "version"/"release", or with two dots or more ("1.24.1");
  - numbers in a sentence that links its source (a published value: "Card (1995) reports
    [0.132](https://...)").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from tools.chapters import HEADING, Chapter

SECTIONS = [
    "Purpose",
    "Setup",
    "Patterns",
    "Gotchas",
    "Errata",
    "Scaling out",
    "Exercises",
    "Summary",
    "Resources",
]

REPO = Path(__file__).resolve().parent.parent
# Names that may carry a version number right after them, besides the locked packages.
TOOLS = {
    "python",
    "java",
    "jdk",
    "openjdk",
    "spark",
    "pytorch",
    "postgresql",
    "postgres",
    "sqlite",
    "ubuntu",
    "debian",
    "node",
    "cuda",
    "gx",
    "expectations",
    "sphinx",
    "myst",
    "jupyterlab",
    "jupyter",
    "book",
    "joblib",
    "pandas",
    "numpy",
    "arviz",
    "pymc",
    "airflow",
    "dagster",
    "prefect",
    "ray",
    "mlflow",
    "optuna",
    "opacus",
    "captum",
    "fairlearn",
    "dowhy",
    "econml",
    "transformers",
    "accelerate",
    "torch",
    "scikit",
    "sklearn",
    "learn",
    "pydantic",
    "fastapi",
    "uvicorn",
    "starlette",
    "schemathesis",
    "hypothesis",
    "httpx",
    "chromium",
    "playwright",
    "uv",
    "pip",
}
VERSION_WORDS = {"version", "versions", "release", "releases", "v"}

# A number not glued to a word on either side ("C.3", "v2", "50K", "x86" are not figures).
NUMBER = re.compile(r"(?<![\w.\-])(\d[\d,]*(?:\.\d+)*)(\s?%|x\b|×)?(?![A-Za-z\d])")
ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
CODE_SPAN = re.compile(r"``.*?``|`[^`]*`")
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]+\$")
LINK_TARGET = re.compile(r"\]\(([^)]*)\)")
URL = re.compile(r"https?://\S+")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+(?=[A-Z(*_\[])")


@lru_cache(maxsize=1)
def package_names() -> frozenset[str]:
    names = set(TOOLS)
    for lock in (REPO / "requirements").glob("*.lock"):
        for line in lock.read_text().splitlines():
            if "==" in line and not line.startswith("#"):
                name = line.split("==")[0].strip().lower()
                names.add(name)
                names.update(part for part in re.split(r"[-_.\[\]]", name) if len(part) > 1)
    names.discard("apache")
    return frozenset(names)


def headings(chapter: Chapter, level: int) -> list[str]:
    found = []
    for cell in chapter.notebook.cells:
        if cell.cell_type != "markdown":
            continue
        fence = False
        for line in cell.source.splitlines():
            if line.lstrip().startswith("```"):
                fence = not fence
            elif not fence and (match := HEADING.match(line)) and len(match.group(1)) == level:
                found.append(match.group(2).strip())
    return found


def anatomy_problems(chapter: Chapter) -> list[str]:
    where = chapter.path.name
    found = headings(chapter, 2)
    if found != SECTIONS:
        missing = [s for s in SECTIONS if s not in found]
        extra = [s for s in found if s not in SECTIONS]
        detail = []
        if missing:
            detail.append(f"missing {missing}")
        if extra:
            detail.append(f"not in the anatomy {extra}")
        if not missing and not extra:
            detail.append(f"out of order {found}")
        return [
            f"{where}: level-2 headings must be exactly {SECTIONS} in order: " + "; ".join(detail)
        ]
    return []


FENCE = re.compile(r"^(`{3,}|~{3,})")
DIRECTIVE_FENCE = re.compile(r"^(`{3,}|~{3,})\{([\w:-]+)\}")
CODE_DIRECTIVES = {"code", "code-block", "code-cell", "sourcecode", "literalinclude", "raw", "math"}


def prose_paragraphs(markdown: str) -> list[str]:
    """The prose of a markdown cell, paragraph by paragraph. Code fences are skipped; the body of
    a directive fence (```{warning}, ```{admonition} ...) is prose and is checked like any other."""
    paragraphs: list[str] = []
    current: list[str] = []
    code_fence = None  # the closing marker of the code block we are in
    directives: list[str] = []  # closing markers of the open directive blocks

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for line in HTML_COMMENT.sub("", markdown).splitlines():
        stripped = line.strip()
        if code_fence:
            if stripped == code_fence:
                code_fence = None
            continue
        if directives and stripped == directives[-1]:
            directives.pop()
            flush()
            continue
        if (match := DIRECTIVE_FENCE.match(stripped)) and match.group(2) not in CODE_DIRECTIVES:
            directives.append(match.group(1))
            flush()
            continue
        if match := FENCE.match(stripped):
            code_fence = match.group(1)
            flush()
            continue
        if (
            not stripped
            or stripped.startswith((">", ":::", "#"))
            or re.match(r"^:[\w-]+:", stripped)
            or re.match(r"^\([\w-]+\)=$", stripped)
            or re.match(r"^\|?[\s:|-]+\|?$", stripped)
        ):
            flush()
            continue
        if stripped.startswith("|"):  # a table row is its own paragraph
            flush()
            paragraphs.append(stripped)
            continue
        current.append(stripped)
    flush()
    return paragraphs


def typed_figures(markdown: str) -> list[str]:
    """The typed measured-looking numbers of a markdown cell (see the module docstring)."""
    names = package_names()
    flagged = []
    for paragraph in prose_paragraphs(markdown):
        # code, roles and math go first: a sentence break inside a code span must not split it
        paragraph = MATH.sub(" ", CODE_SPAN.sub(" ", ROLE.sub(" ", paragraph)))
        for sentence in SENTENCE_END.split(paragraph):
            if LINK_TARGET.search(sentence) and "http" in sentence:
                continue  # a published value beside its source
            text = URL.sub(" ", LINK_TARGET.sub("]", ROLE.sub(" ", sentence)))
            text = MATH.sub(" ", CODE_SPAN.sub(" ", text))
            for match in NUMBER.finditer(text):
                number, suffix = match.group(1).rstrip(",."), match.group(2)
                before = re.findall(r"[\w\-.]+", text[: match.start()])
                previous = before[-1].lower().strip(".-") if before else ""
                dotted = number.count(".")
                if dotted >= 2:
                    continue
                if (
                    dotted == 1
                    and not suffix
                    and (
                        previous in names
                        or previous in VERSION_WORDS
                        or re.split(r"[-_]", previous)[-1] in names
                    )
                ):
                    continue
                if not suffix and dotted == 0:
                    value = int(number.replace(",", ""))
                    if value <= 10 or ("," not in number and 1900 <= value <= 2099):
                        continue
                if not suffix and dotted == 0 and previous in names and "," not in number:
                    continue  # "Java 17", "Python 3"
                flagged.append(number + (suffix or "").strip())
    return flagged


def typed_figure_problems(chapter: Chapter) -> list[str]:
    problems = []
    for index, cell in enumerate(chapter.notebook.cells):
        if cell.cell_type == "markdown" and (found := typed_figures(cell.source)):
            first_line = cell.source.strip().splitlines()[0][:60]
            problems.append(
                f"{chapter.path.name} markdown cell {index} ('{first_line}'): typed figure(s) "
                f"{', '.join(found[:6])}: glue them from the cell that measures them "
                f"({{glue:text}}), put parameters in code, or link the published source"
            )
    return problems
