"""The chapter cards, the full-scale record they read, and the chapters' headline lists."""

import json
import re

import IPython.display
import nbformat
import numpy as np
import pytest

from bookhelpers import card
from bookhelpers.paths import REPO_ROOT
from tools.full import glued_values

CHAPTERS = sorted((REPO_ROOT / "chapters").glob("c[0-9][0-9]_*.md"))

FRONT = """---
kernelspec:
  name: appendix-c-main
card:
  data: UCI Adult (`adult.data`)
  services: an MLflow server
headlines:
- glue: c99_accuracy
  label: accuracy
---
# C.99 Something
"""


@pytest.fixture
def chapters(tmp_path):
    folder = tmp_path / "chapters"
    folder.mkdir()
    (folder / "c99_something.md").write_text(FRONT)
    return folder


def test_card_without_a_record_says_so(chapters, tmp_path):
    text = card.card_markdown("c99_something", chapters, tmp_path / "none.json")
    assert "UCI Adult (`adult.data`)" in text and "an MLflow server" in text
    assert "not yet recorded by `make full`" in text


def test_card_shows_both_recorded_times_and_a_failure(chapters, tmp_path):
    results = tmp_path / "full-scale.json"
    record = {
        "test": {"seconds": 42.4, "ok": True},
        "full": {"seconds": 1800.0, "ok": False},
        "machine": "x86_64, 2 cores",
        "finished": "2026-12-02T11:00:00+00:00",
        "commit": "abc1234",
    }
    results.write_text(json.dumps({"chapters": {"c99_something": record}}))
    text = card.card_markdown("c99_something", chapters, results)
    assert "42 s at test scale" in text
    assert "30.0 min, failed at the appendix's sizes" in text
    assert "x86_64, 2 cores, 2026-12-02, commit `abc1234`" in text


def test_glue_writes_numpy_scalars_as_python_numbers(monkeypatch):
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append((a, k)))
    card.glue("x", np.float64(0.25), display=False)
    (bundle,), options = shown[0]
    assert bundle == {"application/papermill.record/text/plain": "0.25"}
    assert options["metadata"]["scrapbook"]["name"] == "x"


def test_glued_values_reads_myst_nb_records():
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("glue(...)")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"application/papermill.record/text/plain": "0.84"},
            metadata={"scrapbook": {"name": "acc", "mime_prefix": "application/papermill.record/"}},
        ),
        nbformat.v4.new_output("display_data", data={"text/plain": "not glued"}),
        nbformat.v4.new_output(
            "display_data",
            data={"text/markdown": "**Data** …", "text/plain": "<Markdown object>"},
            metadata={"scrapbook": {"name": "c99_card", "mime_prefix": ""}},
        ),
    ]
    notebook.cells.append(cell)
    assert glued_values(notebook) == {"acc": "0.84"}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_chapter_has_its_card_and_glues_its_headlines(path):
    text = path.read_text()
    front = card.front_matter(path.stem, path.parent)
    assert front.get("card", {}).get("data"), "front matter card: data: missing"
    assert f"```{{glue:md}} {path.stem}_card" in text
    assert f'chapter_card("{path.stem}")' in text
    glued = set(re.findall(r'glue\(\s*"([a-z0-9_]+)"', text))
    heads = [head["glue"] for head in front.get("headlines", [])]
    assert heads, "front matter headlines: missing"
    assert not set(heads) - glued, f"headlines the chapter never glues: {set(heads) - glued}"
