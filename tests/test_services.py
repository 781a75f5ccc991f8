import sys
import urllib.request

import psutil
import pytest

from bookhelpers.services import LocalService, free_port, port_open


def test_service_starts_answers_and_stops_with_its_children():
    port = free_port()
    service = LocalService([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                           name="http", ready_url=f"http://127.0.0.1:{port}/")
    with service:
        pid = service.process.pid
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert response.status == 200
    assert not port_open(port)
    assert not service.log_path.exists()  # nothing left behind
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_service_that_dies_at_start_reports_its_log():
    service = LocalService([sys.executable, "-c", "import sys; print('boom: bad config'); sys.exit(3)"],
                           name="dies", port=free_port(), startup_timeout=10)
    with pytest.raises(RuntimeError, match="exited before it became ready(.|\n)*boom: bad config"):
        service.start()
    assert not service.running


def test_service_that_never_listens_times_out_and_is_stopped():
    service = LocalService([sys.executable, "-c", "import time; time.sleep(60)"],
                           name="silent", port=free_port(), startup_timeout=1)
    with pytest.raises(RuntimeError, match="not ready after"):
        service.start()
    assert not service.running


def test_free_port_is_bindable():
    port = free_port()
    assert 1024 < port < 65536 and not port_open(port)


def test_service_started_without_waiting_becomes_ready_later():
    port = free_port()
    service = LocalService([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                           name="http", ready_url=f"http://127.0.0.1:{port}/").start(wait=False)
    try:
        assert service.running
        service.wait_ready()
        assert port_open(port)
    finally:
        service.stop()
