"""End to end with no network: serve, upload, 10 questions, stop; only loopback traffic.

`baocao serve` runs with an audit hook (audit/sitecustomize.py) that logs every socket
connect and name lookup of the server and of every Python process it starts. The
environment is not cleaned of anything: Chroma telemetry, Gradio analytics or a model
download would show up as a lookup or a connect to a non-loopback address.
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.reliability.conftest import ROOT

SAMPLES = ROOT / "samples" / "reports" / "text"
QUESTIONS = [
    "Xã nào đề nghị hỗ trợ công trình nước sinh hoạt?",
    "Tỷ lệ hộ nghèo của xã Hùng Sơn?",
    "Which commune borders Laos?",
    "Kết quả trồng rừng của xã Quan Sơn?",
    "Những kiến nghị của xã Lùng Phình?",
    "Nhiệm vụ tháng 5 năm 2026 của xã Quan Sơn là gì?",
    "What are the problems in Lung Phinh?",
    "dan so xa Hung Son",
    "Chuyển đổi số ở các xã như thế nào?",
    "Giá vàng hôm nay là bao nhiêu?",
]
USE_STRACE = os.environ.get("RELIABILITY_STRACE", "1") != "0"
UPLOADS = ["001_91db6233fb071863.txt", "003_35c0fac5215235e0.txt"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _request(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    request = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.loads(response.read() or b"null")


def _multipart(paths: list[Path]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = b""
    for path in paths:
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                f'filename="{path.name}"\r\nContent-Type: text/plain\r\n\r\n'
            ).encode()
            + path.read_bytes()
            + b"\r\n"
        )
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _is_loopback(event: dict[str, object]) -> bool:
    if event["family"] == socket.AF_UNIX:
        return True
    text = str(event["address"])
    host = text.strip("()'\" ").split("'")[0].split(",")[0].strip("'\" ")
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.mark.slow
def test_serve_upload_and_ask_make_only_loopback_connections(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent / "audit"), str(ROOT)]),
        "NET_AUDIT_LOG": str(log),
    }
    # strace also sees connects made outside Python (Rust/C++ parts of Chroma, ONNX).
    trace = tmp_path / "strace.txt" if shutil.which("strace") and USE_STRACE else None
    wrapper = ["strace", "-f", "-e", "trace=connect", "-o", str(trace)] if trace else []
    server = subprocess.Popen(
        [
            *wrapper,
            sys.executable,
            "-m",
            "assistant",
            "serve",
            "--index",
            str(tmp_path / "index"),
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                _request(f"{base}/api/reports")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(1)
        # The Python server (under strace, `server` is strace) wrote its PID in the lock.
        server_pid = int((tmp_path / "index" / "LOCK").read_text(encoding="utf-8"))
        body, kind = _multipart([SAMPLES / name for name in UPLOADS])
        uploaded = _request(f"{base}/api/reports", data=body, headers={"Content-Type": kind})
        assert uploaded["added"] == 2, uploaded
        # The web app holds the writer lock: the CLI is refused with a one-line hint.
        cli = subprocess.run(
            [
                sys.executable,
                "-m",
                "assistant",
                "ingest",
                str(SAMPLES / UPLOADS[0]),
                "--index",
                str(tmp_path / "index"),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert cli.returncode == 1 and f"in use by PID {server_pid}" in cli.stderr, cli.stderr
        answers = [
            _request(
                f"{base}/api/ask",
                data=json.dumps({"question": q}).encode(),
                headers={"Content-Type": "application/json"},
            )
            for q in QUESTIONS
        ]
        # Only two reports are in: questions about other communes rightly abstain.
        assert len(answers) == 10 and all("answer" in a for a in answers)
        assert sum(not a["abstained"] for a in answers) >= 3, answers
        urllib.request.urlopen(f"{base}/", timeout=60).read()  # the web UI page too
    finally:
        _interrupt(server, tmp_path / "index" / "LOCK")
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    started = [event for event in events if event["event"] == "start"]
    outside = [event for event in events if not _is_loopback(event)]
    print(
        f"\naudit hook: {len(started)} Python processes, {len(events) - len(started)} socket "
        f"events, {len(outside)} not loopback"
    )
    assert any("serve" in str(event["address"]) for event in started), "hook not loaded"
    assert outside == [], outside[:5]
    if trace is not None:
        calls = _strace_connects(trace)
        foreign = [call for call in calls if not _is_local_sockaddr(call)]
        print(f"strace: {len(calls)} connect() calls, {len(foreign)} not loopback/AF_UNIX")
        assert foreign == [], foreign[:5]


def _interrupt(server: subprocess.Popen[str], lock: Path) -> None:
    """Ctrl-C for the Python server itself (not strace), as a user stops it."""
    try:
        os.kill(int(lock.read_text(encoding="utf-8")), signal.SIGINT)
    except (OSError, ValueError):
        server.send_signal(signal.SIGINT)


def _strace_connects(trace: Path) -> list[str]:
    lines = trace.read_text(encoding="utf-8").splitlines()
    assert any("+++ exited" in line or "+++ killed" in line for line in lines), "no trace"
    return [line for line in lines if "connect(" in line]


def _is_local_sockaddr(call: str) -> bool:
    """An strace connect() line to AF_UNIX/AF_NETLINK or a loopback address."""
    if "AF_INET" not in call:
        return True
    return any(
        f'{kind}("{address}"' in call or f'{kind}, "{address}"' in call
        for kind in ("inet_addr", "inet_pton(AF_INET6")
        for address in ("127.0.0.1", "::1", "::ffff:127.0.0.1")
    )
