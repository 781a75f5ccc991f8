import time
from pathlib import Path

from bookhelpers import ratio, watermark
from tools.environment_yml import lock_pins, render
from tools.gotcha_index import collect, render as render_index
from tools.chapters import read_chapters

REPO = Path(__file__).parent.parent


def test_ratio_of_a_slower_function_is_above_one():
    assert ratio(lambda: time.sleep(0.02), lambda: time.sleep(0.001), repeat=2) > 3


def test_watermark_lists_python_and_packages():
    table = watermark("numpy", "surely-not-installed")
    assert table.loc["numpy", "version"][0].isdigit()
    assert table.loc["surely-not-installed", "version"] == "not installed"


def test_environment_yml_installs_exactly_the_main_lock():
    pins = lock_pins((REPO / "requirements/main.lock").read_text())
    assert len(pins) > 200 and "torch==2.13.0+cpu" in pins
    assert (REPO / "environment.yml").read_text() == render(pins), \
        "environment.yml disagrees with requirements/main.lock: run `make lock`"


def test_index_lists_every_gotcha_and_erratum_of_the_chapters():
    chapters = read_chapters(REPO / "chapters")
    rows = collect(chapters)
    ids = {r["id"] for r in rows}
    for chapter in chapters:
        for _, cell in chapter.code_cells():
            for key in ("gotcha", "erratum"):
                if cell.metadata.get(key):
                    assert cell.metadata[key] in ids
    text = render_index(rows)
    assert all(f"{{ref}}`{i}`" in text for i in ids)


def test_missing_python_and_java_stop_with_what_to_install(tmp_path):
    import subprocess
    (tmp_path / "sha256sum").symlink_to("/usr/bin/sha256sum")
    run = subprocess.run(["/bin/bash", str(REPO / "tools/check-prereqs.sh")], capture_output=True,
                         text=True, env={"PATH": str(tmp_path)})
    assert run.returncode == 1
    assert "MISSING: Python 3.11" in run.stderr and "MISSING: Java 17" in run.stderr
    assert "apt-get install openjdk-17-jre-headless" in run.stderr
