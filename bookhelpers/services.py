"""Real local services (MLflow, uvicorn, Spark, Ray, Prefect …) as child processes.

Each one binds 127.0.0.1 on a free port it picks itself (write `{port}` in the command), logs
to a file a failing chapter can print, and is stopped with its whole process group when the
`with` block ends, when `stop()` is called, or when the kernel exits — even if a cell in
between failed.
"""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

_RUNNING: list[LocalService] = []


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def _wait(ready: Callable[[], bool], timeout: float, what: str, alive: Callable[[], bool]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        if not alive():
            raise RuntimeError(f"{what} exited before it became ready")
        time.sleep(0.2)
    raise TimeoutError(f"{what} was not ready after {timeout:.0f} s")


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status < 500
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


class LocalService:
    """A server started as a child process in its own process group, on 127.0.0.1.

    `{port}` in the command (or in ready_path) is replaced by a free port the service picks,
    unless `port` is given; `url` is then http://127.0.0.1:<port>. Readiness is an HTTP answer
    below 500 at url + ready_path when ready_path is given, else the port accepting.

    >>> with LocalService(["python", "-m", "http.server", "{port}", "--bind", "127.0.0.1"],
    ...                   name="files", ready_path="/") as svc:
    ...     urllib.request.urlopen(svc.url)
    """

    host = "127.0.0.1"

    def __init__(
        self,
        command: Sequence[str],
        *,
        name: str,
        port: int | None = None,
        ready_path: str | None = None,
        ready_url: str | None = None,
        env: dict[str, str] | None = None,
        cwd: str | os.PathLike | None = None,
        startup_timeout: float = 90,
    ) -> None:
        wants_port = any("{port}" in str(part) for part in command) or "{port}" in (
            ready_path or ""
        )
        self.port = port if port is not None else (free_port() if wants_port else None)
        self.command = [str(part).replace("{port}", str(self.port)) for part in command]
        self.name = name
        if ready_path is not None:
            ready_url = self.url + ready_path.replace("{port}", str(self.port))
        self.ready_url = ready_url
        self.env = {**os.environ, **(env or {})}
        self.cwd = cwd
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen | None = None
        self.log_path: Path | None = None  # created by start()
        self._log = None

    @property
    def url(self) -> str:
        """http://127.0.0.1:<port> (raises when the service has no port)."""
        if self.port is None:
            raise AttributeError(
                f"{self.name} has no port: pass port= or put {{port}} in the command"
            )
        return f"http://{self.host}:{self.port}"

    def start(self, wait: bool = True) -> LocalService:
        """Start the process; with wait=False return at once and call wait_ready() later
        (so several slow servers can boot side by side)."""
        fd, log_name = tempfile.mkstemp(prefix=f"{self.name}-", suffix=".log")
        self.log_path = Path(log_name)
        self._log = os.fdopen(fd, "wb")
        # The reaper leads the new process group and takes it down if this process dies
        # without calling stop() (a killed kernel runs no atexit hook).
        reaper = Path(__file__).with_name("reaper.py")  # by path: no import of bookhelpers needed
        reaped = [sys.executable, str(reaper), str(os.getpid()), "--", *self.command]
        self.process = subprocess.Popen(
            reaped,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=self.env,
            cwd=self.cwd,
            start_new_session=True,  # own process group: stop() takes children too
        )
        _RUNNING.append(self)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self) -> LocalService:
        """Block until ready_url answers (else port accepts); stop it and raise with the last
        lines of its log if it exits first or is not ready within startup_timeout."""
        alive = lambda: self.process.poll() is None  # noqa: E731
        try:
            if self.ready_url:
                _wait(lambda: _http_ok(self.ready_url), self.startup_timeout, self.name, alive)
            elif self.port:
                _wait(lambda: port_open(self.port), self.startup_timeout, self.name, alive)
        except (RuntimeError, TimeoutError) as exc:
            tail = self.log_tail()
            self.stop()
            raise RuntimeError(f"{exc}. Last lines of its log:\n{tail}") from None
        return self

    def log_tail(self, lines: int = 20) -> str:
        """The last lines the service printed (read it before stop(), which removes the log)."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        text = self.log_path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM the process group, SIGKILL what is left after `timeout` seconds."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=timeout)
            except ProcessLookupError:
                pass
        # children that outlived the leader (e.g. gunicorn workers) share its group
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._log.close()
        self.log_path.unlink(missing_ok=True)  # a failed start already printed its tail
        if self in _RUNNING:
            _RUNNING.remove(self)

    def __enter__(self) -> LocalService:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<LocalService {self.name} port={self.port} {state}>"


@atexit.register
def stop_all_services() -> None:
    """Stop every service this process started and has not stopped yet."""
    for service in list(_RUNNING):
        service.stop(timeout=5)
