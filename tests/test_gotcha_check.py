"""The gotcha checker catches each way a chapter can stop proving its gotchas.

The static rules are tested on the fixture sources; the run rules on a real nbval run of the
fixtures with the outcome-recording plugin, exactly as `make test` runs the chapters.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.chapters import read_chapter
from tools.gotcha_check import load_outcomes, run_problems, static_problems

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


def problems_static(name):
    return static_problems(read_chapter(FIXTURES / f"{name}.md"))


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Execute every fixture under nbval once, recording outcomes like `make test` does."""
    work = tmp_path_factory.mktemp("nbval")
    for source in FIXTURES.glob("*.md"):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "jupytext",
                "-q",
                "--to",
                "ipynb",
                "-o",
                str(work / f"{source.stem}.ipynb"),
                str(source),
            ],
            check=True,
        )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tools.nbval_outcomes",
            "-p",
            "no:cacheprovider",
            "--nbval-lax",
            "-q",
            str(work),
        ],
        cwd=REPO,
        env={
            **os.environ,
            "NBVAL_OUTCOMES_DIR": str(work / "outcomes"),
            "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
        },
        capture_output=True,
        text=True,
    )
    recorded = load_outcomes(work / "outcomes")
    assert recorded, run.stdout + run.stderr
    return recorded


def problems_run(name, outcomes):
    return run_problems(read_chapter(FIXTURES / f"{name}.md"), outcomes[name])


def test_good_chapter_passes_both_rule_sets(outcomes):
    assert problems_static("good") == []
    assert problems_run("good", outcomes) == []


def test_tagged_cell_that_no_longer_raises_is_caught(outcomes):
    assert problems_static("no_longer_raises") == []  # looks fine on paper
    found = problems_run("no_longer_raises", outcomes)
    assert len(found) == 1 and "raised nothing" in found[0]


def test_wrong_exception_is_caught(outcomes):
    found = problems_run("wrong_exception", outcomes)
    assert len(found) == 1 and "raised ValueError" in found[0] and "ZeroDivisionError" in found[0]


def test_untagged_cell_that_raises_is_caught(outcomes):
    found = problems_run("untagged_raise", outcomes)
    assert len(found) == 1 and "KeyError" in found[0] and "not tagged" in found[0]


def test_gotcha_without_fixed_cell_is_caught():
    found = problems_static("missing_fix")
    assert any("c98-silent has 0 gotcha-fix cells" in p for p in found)


def test_failing_cell_that_only_narrates_is_caught():
    found = problems_static("narrating_fail")
    assert any("neither raises nor asserts" in p for p in found)


def test_chapter_without_parameters_cell_is_caught():
    assert any("parameters" in p for p in problems_static("no_parameters"))


def test_cell_that_did_not_run_is_caught():
    chapter = read_chapter(FIXTURES / "good.md")
    found = run_problems(chapter, {})
    assert len(found) == len(chapter.code_cells()) and all("did not run" in p for p in found)


def test_typed_measurements_in_prose_are_caught_and_versions_years_code_links_are_not():
    found = problems_static("typed_figure")
    assert len(found) == 1 and "typed figure" in found[0]
    for figure in ("12.5", "37%", "3x", "1,582"):
        assert figure in found[0]
    # good.md has "Python 3.11", "PyMC 5.0", a year, a code span and a linked published value
    assert problems_static("good") == []


def test_chapter_anatomy_is_enforced():
    found = problems_static("bad_anatomy")
    assert len(found) == 1
    assert (
        "Scaling out / integration" in found[0]
        and "Cleanup" in found[0]
        and "Resources" in found[0]
    )


def test_assert_that_uses_no_name_of_its_own_cell_is_caught():
    found = problems_static("restating_assert")
    assert len(found) == 1 and "uses no name bound in this cell" in found[0]


def test_speed_gotcha_must_declare_its_claim_and_assert_a_ratio():
    from tools.gotcha_check import asserts_a_ratio

    found = problems_static("speed_without_ratio")
    assert len(found) == 1 and "declare 'claim: speed'" in found[0]
    assert asserts_a_ratio("t = time_side_by_side(v)\nassert t.ratio('a', 'b') > 2")
    assert asserts_a_ratio("slow, fast = 3.0, 1.0\nassert slow / fast > 2")
    assert not asserts_a_ratio("slow = 3.0\nassert slow > 2")


def test_admonitions_are_prose_and_code_spans_survive_sentence_breaks():
    from tools.prose_check import typed_figures

    admonition = "```{warning}\nIt took 12.5 s here.\n```\n"
    assert typed_figures(admonition) == ["12.5"]
    code = "```python\nx = 12.5\n```\n"
    assert typed_figures(code) == []
    split_span = "`Error ... Total size (1024.0 KiB)` is what Spark says."
    assert typed_figures(split_span) == []


def test_glued_numpy_scalar_is_caught_and_bookhelpers_glue_is_not(outcomes):
    found = problems_run("numpy_glue", outcomes)
    assert len(found) == 1, found
    assert "code cell 1" in found[0] and "'fixture_mean'" in found[0]


def test_code_line_wider_than_the_page_is_caught(tmp_path):
    source = (FIXTURES / "good.md").read_text()
    wide = source.replace("n = 3\n", "n = 3  # " + "x" * 90 + "\n", 1)
    assert wide != source
    (tmp_path / "wide.md").write_text(wide)
    found = static_problems(read_chapter(tmp_path / "wide.md"))
    assert any("over 88 characters" in p for p in found), found
    assert not any("over 88" in p for p in problems_static("good"))
