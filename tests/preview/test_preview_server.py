"""The preview server without a browser: Ctrl-C, a port in use, loopback only, the missing extra, bad paths."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from preview_helpers import Server


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def test_ctrl_c_stops_cleanly_and_frees_the_port(serve, project):
    server = serve("--port", "0")
    server.wait_line("rebuilt reports/headers.yaml")
    # a page listening to the events keeps a connection open: Ctrl-C must not wait on it
    events = urllib.request.urlopen(server.url + "events", timeout=10)
    first = events.readline().decode()
    assert first == "event: update\n"
    code = server.interrupt()
    assert code == 130
    assert "Traceback" not in server.stderr
    assert server.stderr.strip() == "Interrupted."
    events.close()
    assert _listening(server.port) == []
    with socket.socket() as probe:  # a new server may listen there again (closed connections may linger in TIME_WAIT)
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", server.port))
        probe.listen()


def test_sigterm_stops_cleanly_with_exit_0(serve, project):
    server = serve("--port", "0")
    server.wait_line("rebuilt reports/headers.yaml")
    server.proc.terminate()
    assert server.proc.wait(15) == 0
    assert "Traceback" not in server.proc.stderr.read()


def test_a_port_in_use_is_one_clear_line_and_exit_2(project):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "reportgen", "preview", "--port", str(port)], cwd=project,
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"reportgen: port {port} on 127.0.0.1 is in use (stop what uses it, or pick another with --port (0: any free port))"
    ]


def _listening(port: int) -> list[str]:
    """The local addresses (hex, as the kernel lists them) that listen on ``port``, IPv4 and IPv6."""
    out = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                out.append(local.rsplit(":", 1)[0])
    return out


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc/net/tcp")
def test_it_listens_on_loopback_only(serve, project):
    server = serve("--port", "0")
    assert server.url.startswith("http://127.0.0.1:")
    assert _listening(server.port) == ["0100007F"]  # 127.0.0.1, and no other interface or IPv6


def test_pages_and_events_over_http(serve, project):
    server = serve("--port", "0")
    server.wait_line("rebuilt reports/headers.yaml")
    index = _get(server.url)
    assert 'href="/report/headers"' in index
    report = _get(server.url + "report/headers")
    assert 'data-field="general.license_type"' in report
    assert 'data-field="sections[1].chain[3]"' in report
    with pytest.raises(urllib.error.HTTPError) as missing:
        _get(server.url + "report/nope")
    assert missing.value.code == 404
    with urllib.request.urlopen(server.url + "events", timeout=10) as events:
        assert events.headers["Content-Type"] == "text/event-stream"
        assert events.readline() == b"event: update\n"
        data = json.loads(events.readline().decode()[len("data: "):])
    assert data["key"] == "headers" and data["count"] == 0 and data["error"] is None and data["version"] >= 1
    assert data["title"] == "Werkzeug"
    assert "body" not in data  # the index gets the counts, not every report
    with urllib.request.urlopen(server.url + "events?key=headers", timeout=10) as events:
        assert events.readline() == b"event: update\n"
        data = json.loads(events.readline().decode()[len("data: "):])
    assert data["key"] == "headers" and 'data-field="sections[0].chain[0]"' in data["body"]


def test_without_the_extra_it_says_how_to_install_it(monkeypatch, project, capsys):
    import importlib.util

    from reportgen.cli import main as entry

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "watchfiles" else real(name, *a))
    monkeypatch.chdir(project)
    with pytest.raises(SystemExit) as exit_:
        entry.main(["preview"])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        "reportgen: preview needs watchfiles, from the 'preview' extra "
        "(install it with: pip install 'reportgen[preview]')"
    ]


def test_no_reports_folder_is_one_line_exit_2(tmp_path):
    result = subprocess.run([sys.executable, "-m", "reportgen", "preview"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == "reportgen: no reports/ folder here (run in your project's root, or name the notes files)"


def test_a_notes_file_in_a_missing_folder_is_one_line_exit_2(tmp_path):
    result = subprocess.run([sys.executable, "-m", "reportgen", "preview", "nowhere/x.yaml", "--port", "0"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "nowhere: no such folder" in result.stderr


def test_one_named_file_is_previewed_alone(project):
    (project / "reports" / "other.yaml").write_text((project / "reports" / "headers.yaml").read_text())
    server = Server(project, "reports/other.yaml", "--port", "0").start()
    try:
        server.wait_line("rebuilt reports/other.yaml")
        index = _get(server.url)
        assert 'href="/report/other"' in index and "headers" not in index
    finally:
        server.stop()
