"""Build the book with Jupyter Book 1.x, layering build-time settings on _config.yml.

    python -m tools.book                      execute (cached) and build into _build/html
    python -m tools.book --no-execute OUT     quick -W build of the sources only (make test)

Build-time settings: the execution cache folder, keyed on everything outside a notebook that
changes its outputs (locks, data checksums, helpers, Makefile), so a lock change re-executes
every chapter; execution off for the quick check; and, in GitHub Actions, the repository URL
of the repository being built (GITHUB_REPOSITORY), so a fork's Binder and GitHub buttons
point at the fork.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def cache_key(repo: Path = REPO) -> str:
    digest = hashlib.sha256()
    files = sorted(repo.glob("requirements/*.lock")) + [repo / "data/SHA256SUMS"]
    files += sorted(repo.glob("bookhelpers/*.py")) + [repo / "Makefile"]
    # The chapters' cards and the results page read the recorded full-scale run.
    files += [path for path in [repo / "results/full-scale.json"] if path.exists()]
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def build_config(execute: bool, environ: dict[str, str] | None = None, repo: Path = REPO) -> dict:
    """_config.yml with the build-time settings applied."""
    environ = os.environ if environ is None else environ
    config = yaml.safe_load((repo / "_config.yml").read_text())
    config["execute"]["execute_notebooks"] = "cache" if execute else "off"
    config["execute"]["cache"] = str(repo / "_build/.jupyter_cache" / cache_key(repo))
    if not execute:  # nothing ran, so no glued value exists yet: that is not this check's business
        sphinx = config["sphinx"]["config"]
        sphinx["suppress_warnings"] = [*sphinx.get("suppress_warnings", []), "mystnb.glue"]
    if environ.get("GITHUB_REPOSITORY"):
        config["repository"]["url"] = f"https://github.com/{environ['GITHUB_REPOSITORY']}"
        config["repository"]["branch"] = (
            environ.get("GITHUB_REF_NAME") or config["repository"]["branch"]
        )
    return config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-execute",
        metavar="OUT",
        type=Path,
        help="build the sources without executing, into OUT/check",
    )
    parser.add_argument("--builder", default="html", help="Sphinx builder (linkcheck for links)")
    args = parser.parse_args(argv)
    execute = args.no_execute is None
    work = REPO / "_build" if execute else args.no_execute
    work.mkdir(parents=True, exist_ok=True)
    config_path = work / "_config.generated.yml"
    config_path.write_text(yaml.safe_dump(build_config(execute), sort_keys=False))
    output = REPO if execute else work / "check"
    # Every chapter's scratch folders and services' logs under one folder removed at the end,
    # as make test does: a kernel stopped before its exit hooks ran leaves nothing in /tmp.
    # A short prefix: Ray's socket paths under it must stay below 108 bytes (C.5).
    scratch = tempfile.TemporaryDirectory(prefix="acbook.")
    os.environ["TMPDIR"] = scratch.name
    if execute and args.builder == "html":
        # Execute uncached chapters in parallel first; the build then reads them from the cache.
        from tools.preexecute import preexecute

        config = build_config(True)
        jobs = int(os.environ.get("JOBS") or os.cpu_count() or 1)
        preexecute(config["execute"]["cache"], jobs, config["execute"]["timeout"])
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    env = {**os.environ, "PATH": f"{jupyter_book.parent}{os.pathsep}{os.environ['PATH']}"}
    start = time.perf_counter()
    # -W: any Sphinx warning fails; -n: every cross-reference must resolve.
    status = subprocess.call(
        [
            str(jupyter_book),
            "build",
            str(REPO),
            "--config",
            str(config_path),
            "--path-output",
            str(output),
            "--builder",
            args.builder,
            "-W",
            "-n",
            "--keep-going",
        ],
        env=env,
    )
    if execute and args.builder == "html":
        print(
            f"book: built in {time.perf_counter() - start:.0f} s -> _build/html/index.html; "
            f"execution reports in _build/html/reports/"
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
