"""Binder and JupyterLab: every kernel a chapter names is registered, by one shared script."""

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import jupytext

REPO = Path(__file__).parent.parent
KERNELS = {"appendix-c-main", "appendix-c-orchestration"}


def chapter_kernels() -> set[str]:
    return {
        jupytext.read(p).metadata["kernelspec"]["name"] for p in REPO.glob("chapters/c[0-9]*.md")
    }


def test_every_chapter_names_a_kernel_the_setup_script_registers():
    assert chapter_kernels() <= KERNELS
    script = (REPO / "tools/jupyter-setup.sh").read_text()
    assert all(f"--name {name}" in script for name in KERNELS)


def test_binder_files_are_valid_and_name_the_main_lock():
    import yaml

    environment = yaml.safe_load((REPO / "binder/environment.yml").read_text())
    assert "python=3.11" in environment["dependencies"]
    postbuild = (REPO / "binder/postBuild").read_text()
    assert "requirements/orchestration.lock" in postbuild and "tools/jupyter-setup.sh" in postbuild
    assert os.access(REPO / "binder/postBuild", os.X_OK)


def test_postbuild_registers_both_kernels_and_reader_settings_in_a_scratch_env(tmp_path):
    """postBuild's steps, run as Binder would, in a scratch venv standing in for Binder's conda
    env (it sees this environment's packages; the orchestration env is the one `make` built)."""
    scratch = tmp_path / "binder-env"
    venv.EnvBuilder(with_pip=False, symlinks=True).create(scratch)
    purelib = subprocess.run(
        [
            str(scratch / "bin/python"),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(purelib) / "main-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    orchestration = subprocess.run(
        ["tools/env.sh", "orchestration"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    env = {
        **os.environ,
        "PATH": f"{scratch / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "ORCHESTRATION_ENV": orchestration,
        "HOME": str(tmp_path),
        "PIP_NO_INDEX": "1",
    }
    env.pop("PYTHONPATH", None)
    run = subprocess.run(
        ["bash", "binder/postBuild"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr[-2000:]
    listing = subprocess.run(
        [
            str(scratch / "bin/python"),
            "-c",
            "import json; from jupyter_client.kernelspec import "
            "KernelSpecManager; print(json.dumps(KernelSpecManager().get_all_specs()))",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert listing.returncode == 0, listing.stderr[-2000:]
    specs = json.loads(listing.stdout)
    for name in chapter_kernels():
        assert name in specs and specs[name]["resource_dir"].startswith(str(scratch)), name
    overrides = json.loads((scratch / "share/jupyter/lab/settings/overrides.json").read_text())
    viewers = overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Jupytext Notebook"
    imported = subprocess.run(
        [str(scratch / "bin/python"), "-c", "import bookhelpers; print(bookhelpers.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0 and str(REPO) in imported.stdout, imported.stderr
    assert sys.version_info[:2] == (3, 11)
