"""tools.gotcha_index: the generated index lists every gotcha and erratum of the chapters."""

from pathlib import Path

from tools.chapters import read_chapters
from tools.gotcha_index import collect, render

REPO = Path(__file__).parent.parent


def test_index_lists_every_gotcha_and_erratum_of_the_chapters():
    chapters = read_chapters(REPO / "chapters")
    rows = collect(chapters)
    ids = {r["id"] for r in rows}
    for chapter in chapters:
        for _, cell in chapter.code_cells():
            for key in ("gotcha", "erratum"):
                if cell.metadata.get(key):
                    assert cell.metadata[key] in ids
    text = render(rows)
    assert all(f"{{ref}}`{i}`" in text for i in ids)


def test_matrix_links_every_gotcha_and_erratum_coloured_by_its_proof():
    from tools.gotcha_index import render_matrix

    rows = collect(read_chapters(REPO / "chapters"))
    matrix = render_matrix(rows)
    assert all(f"<{r['id']}>`" in matrix for r in rows)
    raises = next(r for r in rows if r["kind"] == "gotcha" and r["proof"].startswith("raises"))
    assert f"{{bdg-ref-danger}}`{raises['id'].split('-', 1)[1]} <{raises['id']}>`" in matrix
    changed = {**raises, "changed": "1.4"}
    assert render_matrix([changed]).count("{bdg-ref-info}") == 1
