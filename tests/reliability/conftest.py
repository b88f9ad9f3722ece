"""Shared pieces of the reliability tests: child processes and the generated corpus."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import IO, Any

import pytest

from tests.reliability.corpus import write_corpus

ROOT = Path(__file__).resolve().parents[2]


def start_child(
    *args: str, stderr: int | IO[str] | None = subprocess.DEVNULL
) -> subprocess.Popen[str]:
    """`python -m tests.reliability.child ARGS` from the repository root, lines on stdout."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.child", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )


def read_until(child: subprocess.Popen[str], prefix: str, *, timeout_s: float = 60.0) -> str:
    """The child's first stdout line starting with `prefix` (fails if it exits first)."""
    assert child.stdout is not None
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if not line:
            raise AssertionError(f"child exited ({child.wait()}) before saying {prefix!r}")
        if line.startswith(prefix):
            return line.strip()
    raise AssertionError(f"child did not say {prefix!r} within {timeout_s} s")


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def request_json(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
) -> Any:
    """The JSON body of a GET (or a POST of `data`) to our own server."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.loads(response.read() or b"null")


def start_server(
    index: Path, *, env: dict[str, str] | None = None, trace: Path | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """`baocao serve` on a free loopback port (under strace if given), once it answers."""
    port = free_port()
    # strace also sees connects made outside Python (Rust/C++ parts of Chroma, ONNX).
    wrapper = ["strace", "-f", "-e", "trace=connect", "-o", str(trace)] if trace else []
    command = [sys.executable, "-m", "assistant", "serve", "--index", str(index)]
    server = subprocess.Popen(
        [*wrapper, *command, "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            request_json(f"{base}/api/reports")
            return server, base
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise AssertionError("the server did not start") from None
            time.sleep(0.5)


def multipart(paths: list[Path]) -> tuple[bytes, str]:
    """A multipart/form-data body with each file under the field "files", and its type."""
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


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """60 distinct reports made from the five samples (tests/reliability/corpus.py)."""
    return write_corpus(tmp_path_factory.mktemp("corpus"), 60)
