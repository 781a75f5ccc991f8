"""The locks, environment.yml and the prerequisite check."""

import re
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
    for tool in ("sha256sum", "flock"):
        (tmp_path / tool).symlink_to(f"/usr/bin/{tool}")
    run = subprocess.run(
        ["/bin/bash", str(REPO / "tools/check-prereqs.sh")],
        capture_output=True,
        text=True,
        env={"PATH": str(tmp_path)},
    )
    assert run.returncode == 1
    assert "MISSING: Python 3.11" in run.stderr and "MISSING: Java 17" in run.stderr
    assert "apt-get install openjdk-17-jre-headless" in run.stderr
    assert "uv python install 3.11" in run.stderr
    assert "NOTE: no Chromium" in run.stderr  # optional: a note, not a failure of its own


def test_python3_without_3_11_is_a_note_and_a_python_without_venv_is_named(tmp_path):
    # a python3 that is not 3.11 and has no venv module (Debian's python3 without python3-venv)
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    for tool in ("sha256sum", "flock", "java", "sed", "head"):
        (tmp_path / tool).symlink_to(
            subprocess.run(["which", tool], capture_output=True, text=True).stdout.strip()
        )
    run = subprocess.run(
        ["/bin/bash", str(REPO / "tools/check-prereqs.sh")],
        capture_output=True,
        text=True,
        env={"PATH": str(tmp_path)},
    )
    assert "NOTE: no python3.11" in run.stderr and "uv-managed Python 3.11" in run.stderr
    assert "MISSING: the venv module" in run.stderr and "python3-venv" in run.stderr
    assert run.returncode == 1


def test_main_lock_names_the_pytorch_cpu_index_itself():
    lock = (REPO / "requirements/main.lock").read_text().splitlines()
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in lock[:5]
    assert any(line.startswith("torch==") and "+cpu" in line for line in lock)


# Paths a reader's machine has too; anything else absolute (a build machine's wheel folder, a
# home directory, a local index) would work here and nowhere else.
SYSTEM_PATHS = ("/usr/", "/bin/", "/etc/", "/dev/", "/proc/", "/sys/", "/tmp", "/var/tmp")
MACHINE_PATH = re.compile(
    r"(?<![\w.~$}/-])(/(?:opt|home|root|work|srv|mnt|Users|data|scratch|nfs)/[\w.+-]+|file:/{2}\S+)"
)


def test_no_tracked_file_names_a_folder_of_the_build_machine():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    found = []
    for name in tracked:
        path = REPO / name
        if name.startswith("data/") or not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for match in MACHINE_PATH.finditer(line):
                if not match.group(0).startswith(SYSTEM_PATHS):
                    found.append(f"{name}:{number}: {match.group(0)}")
    assert not found, "absolute paths of one machine:\n" + "\n".join(found)
    # the rule itself: a wheel folder, a local index and a home are caught, system paths are not
    sample = (
        "--find-links /"
        + "opt/wheels file:/"
        + "/x/simple ~/.cache /usr/bin/sha256sum /"
        + "root/.pyenv"
    )
    caught = [m.group(0) for m in MACHINE_PATH.finditer(sample)]
    assert caught == ["/" + "opt/wheels", "file:/" + "/x/simple", "/" + "root/.pyenv"]
