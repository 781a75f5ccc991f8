"""The locks, environment.yml and the prerequisite check."""

import subprocess
from pathlib import Path

from tools.environment_yml import lock_options, lock_pins, render

REPO = Path(__file__).parent.parent


def test_environment_yml_installs_exactly_the_main_lock():
    lock = (REPO / "requirements/main.lock").read_text()
    pins = lock_pins(lock)
    assert len(pins) > 200 and "torch==2.13.0+cpu" in pins
    assert (REPO / "environment.yml").read_text() == render(pins, lock_options(lock)), (
        "environment.yml disagrees with requirements/main.lock: run `make lock`"
    )


def test_missing_python_and_java_stop_with_what_to_install(tmp_path):
    (tmp_path / "sha256sum").symlink_to("/usr/bin/sha256sum")
    run = subprocess.run(
        ["/bin/bash", str(REPO / "tools/check-prereqs.sh")],
        capture_output=True,
        text=True,
        env={"PATH": str(tmp_path)},
    )
    assert run.returncode == 1
    assert "MISSING: Python 3.11" in run.stderr and "MISSING: Java 17" in run.stderr
    assert "apt-get install openjdk-17-jre-headless" in run.stderr
