"""One scratch folder per chapter: created on first use, removed when the kernel exits.

Every chapter writes somewhere (Spark's warehouse, MLflow's store, a checkpoint, a database
file). Doing it in a folder that an `atexit` hook removes means a chapter that fails half way
still leaves nothing behind, which a last "cleanup" cell cannot promise: it never runs after an
error.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

_FOLDERS: dict[str, Path] = {}
_SAVED_TMPDIR: list[tuple[str | None, str | None]] = []


def scratch_dir(chapter: str, *, set_tmpdir: bool = False) -> Path:
    """The scratch folder of `chapter` (e.g. "c10"), the same one on every call in a process.

    With set_tmpdir=True the process's TMPDIR (and `tempfile.tempdir`) point into it until
    the process exits, so libraries that write temporary files, and the processes they
    start, write there too.
    """
    if chapter not in _FOLDERS:
        _FOLDERS[chapter] = Path(tempfile.mkdtemp(prefix=f"{chapter}-"))
    folder = _FOLDERS[chapter]
    if set_tmpdir and not _SAVED_TMPDIR:
        _SAVED_TMPDIR.append((os.environ.get("TMPDIR"), tempfile.tempdir))
        tmp = folder / "tmp"
        tmp.mkdir(exist_ok=True)
        os.environ["TMPDIR"] = str(tmp)
        tempfile.tempdir = str(tmp)
    return folder


def remove_scratch() -> None:
    """Stop the chapter's services, restore TMPDIR, remove every scratch folder."""
    from bookhelpers.services import stop_all_services

    stop_all_services()  # a server still writing into its folder would race the removal
    if _SAVED_TMPDIR:
        env_tmpdir, tempfile.tempdir = _SAVED_TMPDIR.pop()
        if env_tmpdir is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = env_tmpdir
    for name, folder in list(_FOLDERS.items()):
        shutil.rmtree(folder, ignore_errors=True)
        del _FOLDERS[name]


atexit.register(remove_scratch)
