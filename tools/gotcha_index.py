"""Generate chapters/gotchas.md: every gotcha and erratum of every chapter, linked to its cells.

Reads the chapters' cell metadata (`gotcha:` / `erratum:` ids) and the headings labelled with
those ids, so the index can never list a gotcha the chapters do not have.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tools.chapters import read_chapters, tags

HEADER = """\
(gotcha-index)=
# Gotcha and errata index

Every "Common Gotcha" of the appendix, each shown in its chapter by a cell that fails (it raises
the error it declares, or asserts the bad result) and a cell that asserts the fix; and every
erratum, where the appendix's code as printed breaks or warns on the pinned releases. `make
test` checks each of them on every run. This page is generated from the chapters' cell
metadata by `tools/gotcha_index.py`.
"""


def collect(chapters):
    rows = []
    for chapter in chapters:
        seen = set()
        for _index, cell in chapter.code_cells():
            meta = cell.get("metadata", {})
            for kind in ("gotcha", "erratum"):
                ident = meta.get(kind)
                if ident and ident not in seen:
                    seen.add(ident)
                    failing = next(
                        (
                            c
                            for _, c in chapter.code_cells()
                            if c.get("metadata", {}).get(kind) == ident
                            and ("gotcha-fail" in tags(c) or kind == "erratum")
                        ),
                        cell,
                    )
                    raises = failing.get("metadata", {}).get("raises")
                    changed = failing.get("metadata", {}).get("changed")
                    rows.append(
                        {
                            "chapter": chapter.name,
                            "title": chapter.title,
                            "kind": kind,
                            "id": ident,
                            "heading": chapter.labels.get(ident, ident),
                            "proof": f"raises `{raises}`" if raises else "asserts the symptom",
                            "changed": str(changed) if changed else None,
                        }
                    )
    return rows


def render(rows) -> str:
    out = [HEADER]
    for kind, title in (("gotcha", "Gotchas"), ("erratum", "Errata")):
        out.append(f"\n## {title}\n")
        chapters = dict.fromkeys(r["chapter"] for r in rows if r["kind"] == kind)
        for chapter in chapters:
            out += [
                f"\n**{{doc}}`{chapter}`**\n",
                "| what | id | the failing cell |",
                "|---|---|---|",
            ]
            for row in (r for r in rows if r["kind"] == kind and r["chapter"] == chapter):
                out.append(f"| {{ref}}`{row['id']}` | `{row['id']}` | {row['proof']} |")
    return "\n".join(out) + "\n"


BADGE = {"raises": "danger", "asserts": "warning", "changed": "info", "erratum": "secondary"}


def badge(row) -> str:
    """A coloured link to a gotcha or erratum: raises / asserts the symptom / changed since."""
    short = row["id"].split("-", 1)[1].removeprefix("erratum-")
    if row["kind"] == "erratum":
        colour = BADGE["erratum"]
    elif row.get("changed"):
        colour = BADGE["changed"]
    else:
        colour = BADGE["raises" if row["proof"].startswith("raises") else "asserts"]
    return f"{{bdg-ref-{colour}}}`{short} <{row['id']}>`"


def render_matrix(rows) -> str:
    """Chapters down, their gotchas across, then their errata: the book at a glance."""
    chapters = dict.fromkeys(r["chapter"] for r in rows)
    width = max(
        (sum(r["kind"] == "gotcha" and r["chapter"] == c for r in rows) for c in chapters),
        default=0,
    )
    out = [
        "{bdg-danger}`raises the error` {bdg-warning}`asserts the symptom` "
        "{bdg-info}`changed since the appendix` {bdg-secondary}`erratum`",
        "",
        "| chapter | " + " | ".join(f"gotcha {i + 1}" for i in range(width)) + " | errata |",
        "|---|" + "---|" * width + "---|",
    ]
    for chapter in chapters:
        gotchas = [badge(r) for r in rows if r["chapter"] == chapter and r["kind"] == "gotcha"]
        errata = [badge(r) for r in rows if r["chapter"] == chapter and r["kind"] == "erratum"]
        cells = gotchas + [""] * (width - len(gotchas))
        out.append(f"| {{doc}}`{chapter}` | " + " | ".join(cells) + f" | {' '.join(errata)} |")
    return "\n".join(out) + "\n"


def write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text() != text:  # untouched file keeps the book cache warm
        path.write_text(text)


def main(argv=None) -> int:
    argv = argv or sys.argv[1:]
    folder, json_out, md_out = Path(argv[0]), Path(argv[1]), Path(argv[2])
    # only chapters in the table of contents: a draft chapter must not break the -W build
    toc = Path("_toc.yml").read_text() if Path("_toc.yml").exists() else ""
    rows = collect([c for c in read_chapters(folder) if f"chapters/{c.name}" in toc])
    json_out.parent.mkdir(parents=True, exist_ok=True)
    json_out.write_text(json.dumps(rows, indent=1))
    write_if_changed(md_out, render(rows))
    # the matrix the intro includes (chapters/_gotcha_matrix.md, generated like the index)
    write_if_changed(md_out.parent / "_gotcha_matrix.md", render_matrix(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
