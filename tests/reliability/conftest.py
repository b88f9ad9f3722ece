"""Shared pieces of the reliability tests: child processes and the generated corpus."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import IO

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


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """60 distinct reports made from the five samples (tests/reliability/corpus.py)."""
    return write_corpus(tmp_path_factory.mktemp("corpus"), 60)
