"""Read the chapters' MyST sources: cells, their metadata, and the gotcha/erratum labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jupytext

GOTCHA_ID = re.compile(r"^c\d\d-[a-z0-9]+(-[a-z0-9]+)*$")
LABEL = re.compile(r"^\(([A-Za-z0-9_-]+)\)=\s*$")
HEADING = re.compile(r"^(#+)\s+(.*)$")


@dataclass
class Chapter:
    path: Path
    notebook: object
    labels: dict[str, str] = field(default_factory=dict)  # label -> heading text after it

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def title(self) -> str:
        for cell in self.notebook.cells:
            if cell.cell_type == "markdown":
                for line in cell.source.splitlines():
                    match = HEADING.match(line)
                    if match and len(match.group(1)) == 1:
                        return match.group(2).strip()
        return self.name

    def code_cells(self):
        """(n, cell) for the n-th code cell (from 0), as nbval numbers its test items."""
        return list(enumerate(c for c in self.notebook.cells if c.cell_type == "code"))


def read_chapter(path: Path) -> Chapter:
    notebook = jupytext.read(path)
    chapter = Chapter(path=path, notebook=notebook)
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        pending = None
        for line in cell.source.splitlines():
            if match := LABEL.match(line.strip()):
                pending = match.group(1)
            elif pending and (match := HEADING.match(line)):
                chapter.labels[pending] = match.group(2).strip()
                pending = None
    return chapter


def read_chapters(folder: Path) -> list[Chapter]:
    return [read_chapter(p) for p in sorted(Path(folder).glob("c[0-9]*.md"))]


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def declared_raises(cell) -> list[str]:
    """The exception names a cell declares in `raises:` (a name, or names split by |)."""
    value = cell.get("metadata", {}).get("raises")
    if not value:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [part.strip() for part in str(value).split("|") if part.strip()]
