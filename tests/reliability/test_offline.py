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
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.conftest import ROOT, multipart, request_json, start_server

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
    log, index = tmp_path / "audit.jsonl", tmp_path / "index"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent / "audit"), str(ROOT)]),
        "NET_AUDIT_LOG": str(log),
    }
    traces = []
    # First start: a fresh index, uploads, questions. Second start: over the built index,
    # so the start-up health check's child process runs (and is traced) too.
    for run in ("fresh", "restart"):
        trace = tmp_path / f"strace-{run}.txt" if shutil.which("strace") and USE_STRACE else None
        server, base = start_server(index, env=env, trace=trace)
        try:
            if run == "fresh":
                _upload_and_ask(base, index)
            else:
                _ask(base, QUESTIONS[:1])
        finally:
            _interrupt(server, index / "LOCK")
        traces.extend([trace] if trace else [])
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    started = [event for event in events if event["event"] == "start"]
    outside = [event for event in events if not _is_loopback(event)]
    print(
        f"\naudit hook: {len(started)} Python processes, {len(events) - len(started)} socket "
        f"events, {len(outside)} not loopback"
    )
    assert sum("'serve'" in str(event["address"]) for event in started) == 2, "hook not loaded"
    assert len(started) >= 3, "the health check's child process was not seen"
    assert outside == [], outside[:5]
    for trace in traces:
        calls = _strace_connects(trace)
        foreign = [call for call in calls if not _is_local_sockaddr(call)]
        print(f"strace {trace.name}: {len(calls)} connect() calls, {len(foreign)} not local")
        assert foreign == [], foreign[:5]


def _upload_and_ask(base: str, index: Path) -> None:
    # The Python server (under strace, the Popen is strace) wrote its PID in the lock.
    server_pid = int((index / "LOCK").read_text(encoding="utf-8"))
    body, kind = multipart([SAMPLES / name for name in UPLOADS])
    uploaded = request_json(f"{base}/api/reports", data=body, headers={"Content-Type": kind})
    assert uploaded["added"] == 2, uploaded
    # The web app holds the writer lock: the CLI is refused with a one-line hint.
    command = [sys.executable, "-m", "assistant", "ingest", str(SAMPLES / UPLOADS[0])]
    cli = subprocess.run(
        [*command, "--index", str(index)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert cli.returncode == 1 and f"in use by PID {server_pid}" in cli.stderr, cli.stderr
    answers = _ask(base, QUESTIONS)
    # Only two reports are in: questions about other communes rightly abstain.
    assert sum(not a["abstained"] for a in answers) >= 3, answers
    urllib.request.urlopen(f"{base}/", timeout=60).read()  # the web UI page too


def _ask(base: str, questions: list[str]) -> list[dict[str, Any]]:
    answers = [
        request_json(
            f"{base}/api/ask",
            data=json.dumps({"question": question}).encode(),
            headers={"Content-Type": "application/json"},
        )
        for question in questions
    ]
    assert len(answers) == len(questions) and all("answer" in a for a in answers)
    return answers


def _interrupt(server: subprocess.Popen[bytes], lock: Path) -> None:
    """Ctrl-C for the Python server itself (not strace), as a user stops it; then wait."""
    try:
        os.kill(int(lock.read_text(encoding="utf-8")), signal.SIGINT)
    except (OSError, ValueError):
        server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


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


@pytest.mark.parametrize(
    ("event", "is_local"),
    [
        ({"family": 2, "address": "('127.0.0.1', 7860)"}, True),
        ({"family": 10, "address": "('::1', 7860, 0, 0)"}, True),
        ({"family": 1, "address": "'/run/x.sock'"}, True),
        ({"family": -1, "address": "'localhost'"}, True),
        ({"family": 2, "address": "('93.184.216.34', 443)"}, False),
        ({"family": -1, "address": "'us.i.posthog.com'"}, False),
        ({"family": -1, "address": "'huggingface.co'"}, False),
    ],
)
def test_loopback_check_tells_local_from_outside(event: dict[str, object], is_local: bool) -> None:
    assert _is_loopback(event) is is_local


@pytest.mark.parametrize(
    ("call", "is_local"),
    [
        ('1 connect(3, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1', True),
        (
            '1 connect(3, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")'
            "}, 16) = 0",
            True,
        ),
        (
            '1 connect(3, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("1.2.3.4")'
            "}, 16) = 0",
            False,
        ),
        (
            '1 connect(3, {sa_family=AF_INET6, sin6_port=htons(443), inet_pton(AF_INET6, "2606::1"'
            "), sin6_flowinfo=0}, 28) = 0",
            False,
        ),
    ],
)
def test_strace_check_tells_local_from_outside(call: str, is_local: bool) -> None:
    assert _is_local_sockaddr(call) is is_local


def test_audit_hook_records_a_lookup_in_a_child_process(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent / "audit"), str(ROOT)]),
        "NET_AUDIT_LOG": str(log),
    }
    code = "import socket\ntry: socket.getaddrinfo('example.invalid', 443)\nexcept OSError: pass"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [e["address"] for e in events if not _is_loopback(e)] == ["'example.invalid'"]
