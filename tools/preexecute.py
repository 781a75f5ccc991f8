"""Execute the book's chapters in parallel into the cache that `make book` reads.

Jupyter Book's `execute_notebooks: cache` executes the chapters that are not cached one after
another. Before the build, this fills the same jupyter-cache in parallel (one chapter per
worker process, as `make test` does): each chapter is read with myst-nb's own reader, so its
hash is the one the build looks up, executed with jupyter-cache's own `single_nb_execution`
(in chapters/, with the book's per-cell timeout) and stored. The build then finds every chapter
cached. A chapter that fails here is left uncached: the build executes it again and reports the
error with its traceback, as it always did.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import yaml
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.read import read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig

REPO = Path(__file__).resolve().parent.parent


def read(path: Path, repo: Path = REPO):
    """The chapter as myst-nb reads it in the build (same parser settings, so the same hash)."""
    extensions = yaml.safe_load((repo / "_config.yml").read_text())["parse"][
        "myst_enable_extensions"
    ]
    config = MdParserConfig(enable_extensions=set(extensions))
    return read_myst_markdown_notebook(
        path.read_text(), config=config, add_source_map=True, path=str(path)
    )


def chapters_in_toc(repo: Path = REPO) -> list[Path]:
    toc = yaml.safe_load((repo / "_toc.yml").read_text())
    files = [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]
    return [
        repo / f"{f}.md"
        for f in files
        if Path(f).name.startswith("c") and Path(f).name[1:3].isdigit()
    ]


def _execute(path: str, timeout: int) -> tuple[str, object, float, str | None]:
    notebook = read(Path(path))
    result = single_nb_execution(
        notebook,
        cwd=str(Path(path).parent),
        allow_errors=False,
        timeout=timeout,
        meta_override=True,
    )
    error = None if result.err is None else str(result.err).strip().splitlines()[-1][:300]
    return path, notebook, result.time, error


def preexecute(cache_path: str, jobs: int, timeout: int, chapters: list[Path] | None = None) -> int:
    cache = get_cache(cache_path)
    todo = []
    for path in chapters or chapters_in_toc():
        try:
            cache.match_cache_notebook(read(path))
        except KeyError:
            todo.append(path)
    if not todo:
        print("preexecute: every chapter is cached")
        return 0
    print(
        f"preexecute: {len(todo)} chapter(s) on {jobs} worker(s): {' '.join(p.stem for p in todo)}",
        flush=True,
    )
    start, failed = time.perf_counter(), 0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_execute, str(p), timeout) for p in todo]
        for future in as_completed(futures):
            path, notebook, seconds, error = future.result()
            name = Path(path).stem
            if error:
                failed += 1
                print(
                    f"preexecute: {name} FAILED after {seconds:.0f} s ({error}); the build re-runs it",
                    flush=True,
                )
                continue
            record = cache.add_nb_to_project(
                path, read_data={"name": "myst_nb_md", "type": "plugin"}
            )
            cache.cache_notebook_bundle(
                CacheBundleIn(notebook, record.uri, data={"execution_seconds": seconds}),
                check_validity=False,
                overwrite=True,
            )
            print(f"preexecute: {name} executed in {seconds:.0f} s", flush=True)
    print(
        f"preexecute: {len(todo) - failed} of {len(todo)} cached in "
        f"{time.perf_counter() - start:.0f} s"
    )
    return failed


if __name__ == "__main__":
    sys.exit(1 if preexecute(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])) else 0)
