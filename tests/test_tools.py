"""The Python tools behind make full, make book and make drift."""

import json
from pathlib import Path

from tools.book import build_config, cache_key
from tools.drift import loosen, report
from tools.full import prepare

REPO = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def test_full_scale_sizes_are_injected_right_after_the_parameters_cell(tmp_path):
    chapter = tmp_path / "c97_sizes.md"
    text = (FIXTURES / "good.md").read_text()
    chapter.write_text(text.replace("kernelspec:", "full_scale:\n  n: 30000\nkernelspec:", 1))
    notebook = prepare(chapter)
    tags = [c.metadata.get("tags", []) for c in notebook.cells]
    parameters = next(i for i, t in enumerate(tags) if "parameters" in t)
    injected = notebook.cells[parameters + 1]
    assert "injected-parameters" in injected.metadata["tags"]
    assert "n = 30000" in injected.source
    assert sum("injected-parameters" in t for t in tags) == 1


def test_book_config_layers_build_settings_without_touching_the_file():
    before = (REPO / "_config.yml").read_text()
    quick = build_config(execute=False, environ={})
    assert quick["execute"]["execute_notebooks"] == "off"
    assert "mystnb.glue" in quick["sphinx"]["config"]["suppress_warnings"]
    assert quick["execute"]["cache"].endswith(cache_key())
    full = build_config(execute=True, environ={"GITHUB_REPOSITORY": "someone/fork"})
    assert full["execute"]["execute_notebooks"] == "cache"
    assert full["repository"]["url"] == "https://github.com/someone/fork"
    assert "mystnb.glue" not in full["sphinx"]["config"].get("suppress_warnings", [])
    assert (REPO / "_config.yml").read_text() == before


def test_drift_opens_pins_within_their_major_version_and_keeps_caps():
    text = "--extra-index-url https://x\njupytext==1.19.*\nmlflow==3.17.2  # why\nscipy<=1.15.3\npytest\ntorch==2.13.0+cpu\n"
    assert loosen(text, keep={"torch"}).splitlines() == [
        "--extra-index-url https://x",
        "jupytext>=1.19,<2",
        "mlflow>=3.17.2,<4  # why",
        "scipy<=1.15.3",
        "pytest",
        "torch==2.13.0+cpu",
    ]
    assert "torch>=2.13.0,<3" in loosen(text)


def test_drift_report_names_changed_versions_and_broken_cells(tmp_path):
    old, new, out = tmp_path / "old", tmp_path / "new", tmp_path / "test"
    for folder in (old, new, out / "outcomes"):
        folder.mkdir(parents=True)
    (old / "main.lock").write_text("a==1.0\nb==2.0\n")
    (new / "main.lock").write_text("a==1.1\nb==2.0\nc==0.1\n")
    record = {
        "notebook": "c05_ray",
        "cell": 7,
        "passed": False,
        "seconds": 1.0,
        "errors": [{"ename": "TypeError", "evalue": "unexpected keyword 'x'"}],
    }
    (out / "outcomes" / "outcomes-gw0.jsonl").write_text(json.dumps(record) + "\n")
    text = report(old, new, out, status=1)
    assert "**broken**" in text and "| a | 1.0 | 1.1 |" in text and "c==0.1" in text
    assert "`c05_ray` code cell 7: TypeError: unexpected keyword 'x'" in text
