"""bookhelpers.scratch: one folder per chapter, gone when the process exits, even after a failure."""

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).parent.parent


def run_child(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_scratch_folder_is_reused_and_removed_at_exit_even_after_an_error():
    child = run_child("""
        from bookhelpers import scratch_dir
        folder = scratch_dir("cXX")
        assert scratch_dir("cXX") == folder
        (folder / "file.txt").write_text("x")
        print(folder)
        raise SystemExit("a cell failed")
    """)
    folder = Path(child.stdout.strip())
    assert child.returncode == 1 and "a cell failed" in child.stderr
    assert folder.name.startswith("cXX-") and not folder.exists()


def test_set_tmpdir_points_temporary_files_into_the_scratch_folder_and_restores_it():
    child = run_child("""
        import os, tempfile
        from bookhelpers import scratch_dir
        from bookhelpers.scratch import remove_scratch
        before = os.environ.get("TMPDIR"), tempfile.gettempdir()
        folder = scratch_dir("cYY", set_tmpdir=True)
        inside = tempfile.mkdtemp()
        assert inside.startswith(str(folder)) and os.environ["TMPDIR"].startswith(str(folder))
        remove_scratch()
        assert (os.environ.get("TMPDIR"), tempfile.gettempdir()) == before
        assert not folder.exists()
        print("ok")
    """)
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == "ok"


def test_services_are_stopped_before_their_scratch_folder_is_removed():
    child = run_child("""
        import sys
        from bookhelpers import LocalService, scratch_dir
        folder = scratch_dir("cZZ", set_tmpdir=True)
        service = LocalService([sys.executable, "-m", "http.server", "{port}", "--bind",
                                "127.0.0.1", "--directory", str(folder)], name="http",
                               ready_path="/").start()
        print(folder, service.process.pid)
    """)
    assert child.returncode == 0, child.stderr
    folder, pid = child.stdout.split()
    import psutil

    assert not Path(folder).exists()
    assert (
        not psutil.pid_exists(int(pid)) or psutil.Process(int(pid)).status() == psutil.STATUS_ZOMBIE
    )
