"""bookhelpers.services: real child processes on 127.0.0.1, stopped with their children."""

import os
import sys
import urllib.request

import psutil
import pytest

from bookhelpers.services import LocalService, free_port, port_open


def http_server(**kwargs) -> LocalService:
    return LocalService(
        [sys.executable, "-m", "http.server", "{port}", "--bind", "127.0.0.1"],
        name="http",
        ready_path="/",
        **kwargs,
    )


def test_service_picks_its_port_answers_and_stops_with_its_children():
    service = http_server()
    assert service.url == f"http://127.0.0.1:{service.port}"
    assert str(service.port) in service.command
    with service:
        pid = service.process.pid
        with urllib.request.urlopen(service.url) as response:
            assert response.status == 200
    assert not port_open(service.port)
    assert not service.log_path.exists()  # nothing left behind
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_service_opens_no_file_before_start_and_none_after_stop():
    me = psutil.Process()
    before = len(me.open_files())
    service = http_server()
    assert service.log_path is None and len(me.open_files()) == before
    service.start()
    service.stop()
    assert len(me.open_files()) == before
    assert os.listdir("/proc/self/fd")  # sanity: the count above came from a real table


def test_service_that_dies_at_start_reports_its_log():
    service = LocalService(
        [sys.executable, "-c", "import sys; print('boom: bad config'); sys.exit(3)"],
        name="dies",
        port=free_port(),
        startup_timeout=10,
    )
    with pytest.raises(RuntimeError, match="exited before it became ready(.|\n)*boom: bad config"):
        service.start()
    assert not service.running


def test_service_that_never_listens_times_out_and_is_stopped():
    service = LocalService(
        [sys.executable, "-c", "import time; time.sleep(60)"],
        name="silent",
        port=free_port(),
        startup_timeout=1,
    )
    with pytest.raises(RuntimeError, match="not ready after"):
        service.start()
    assert not service.running


def test_service_without_a_port_has_no_url():
    service = LocalService([sys.executable, "-c", "pass"], name="portless")
    with pytest.raises(AttributeError, match="has no port"):
        _ = service.url


def test_free_port_is_bindable():
    port = free_port()
    assert 1024 < port < 65536 and not port_open(port)


def test_service_started_without_waiting_becomes_ready_later():
    service = http_server().start(wait=False)
    try:
        assert service.running
        service.wait_ready()
        assert port_open(service.port)
    finally:
        service.stop()


def test_service_dies_with_a_kernel_that_was_killed_without_stopping_it(tmp_path):
    """nbval kills kernels with SIGKILL: no atexit hook runs, the reaper takes the server down."""
    import signal
    import subprocess
    import time

    code = (
        "import sys, time\n"
        "from bookhelpers import LocalService\n"
        "svc = LocalService([sys.executable, '-m', 'http.server', '{port}', '--bind', '127.0.0.1'],"
        " name='orphan', ready_path='/').start()\n"
        "print(svc.port, svc.process.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    kernel = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    port, reaper_pid = map(int, kernel.stdout.readline().split())
    server_pids = [p.pid for p in psutil.Process(reaper_pid).children()]
    assert server_pids and port_open(port)
    kernel.send_signal(signal.SIGKILL)
    kernel.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (
        port_open(port) or any(map(psutil.pid_exists, server_pids))
    ):
        time.sleep(0.2)
    assert not port_open(port)
    assert not any(
        psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE
        for p in server_pids
    )
