"""Run a server so that it cannot outlive the kernel that started it.

    python bookhelpers/reaper.py PARENT_PID -- COMMAND ...   (standard library only)

LocalService starts this as the leader of a new process group, and it starts COMMAND in that
same group. When PARENT_PID dies without stopping the service (a kernel killed by nbval or a
timeout never runs its `atexit` hooks), the reaper terminates the whole group: the server and
anything the server started. A SIGTERM sent to the group by LocalService.stop() reaches the
server directly; the reaper then waits for it and exits with its status, so stop() keeps
giving the server time to shut down cleanly.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    parent, separator, *command = argv
    if separator != "--" or not command:
        print("usage: reaper.py PARENT_PID -- COMMAND ...", file=sys.stderr)
        return 2
    handled = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    for signum in handled:
        signal.signal(signum, signal.SIG_IGN)  # the group's signal reaches the server itself

    def default_signals() -> None:  # an ignored signal would stay ignored across exec
        for signum in handled:
            signal.signal(signum, signal.SIG_DFL)

    server = subprocess.Popen(command, preexec_fn=default_signals)
    while server.poll() is None:
        if os.getppid() != int(parent):  # the kernel is gone: take the group down
            os.killpg(0, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            os.killpg(0, signal.SIGKILL)
        time.sleep(0.5)
    return server.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
