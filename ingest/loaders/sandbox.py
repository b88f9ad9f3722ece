"""Run parsers in a killable child process with time and memory budgets (issue 7).

A hostile file can make pypdf or python-docx spin for minutes or allocate gigabytes;
neither library can be interrupted from inside, so parsing happens in a child process
(`python -m ingest.loaders.worker`) that is killed when a file's time is up. It is a
plain subprocess, not multiprocessing: spawn/forkserver children re-import the caller's
`__main__` (the CLI, the web app) and fork is unsafe in a threaded server.

The child is kept for the next file (its start-up costs 0.15-0.5 s on this machine),
and replaced after a kill, a crash, an error or `_JOBS_PER_WORKER` files, so memory
a hostile file made it grow never outlives that file.
"""

from __future__ import annotations

import atexit
import logging
import os
import selectors
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Literal

from ingest.errors import CorruptFileError, FileTooLargeError
from ingest.loaders import wire
from ingest.loaders.limits import LoadLimits
from ingest.types import LoadedDocument

logger = logging.getLogger(__name__)

ParserKind = Literal["pdf", "docx", "image", "ocr-pdf", "ocr-image"]

_PROJECT_ROOT = str(Path(__file__).resolve().parents[2])
_JOBS_PER_WORKER = 25
_ATTEMPTS_AFTER_CRASH = 2
_STDERR_TAIL = 300  # characters of the child's stderr kept in the log after a crash
_READ_CHUNK = 1 << 16


class _Worker:
    """One parser process and the pipes to it."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.jobs = 0
        # Lives as long as the worker and is closed in close(); a `with` cannot span that.
        self._stderr: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115
        self._process = subprocess.Popen(
            [sys.executable, "-m", "ingest.loaders.worker", str(memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=_child_env(),
        )

    def ask(self, message: bytes, timeout_s: float) -> bytes | None:
        """Send one request; its answer, None when time ran out, b"" if the child died."""
        assert self._process.stdin is not None and self._process.stdout is not None
        self.jobs += 1
        try:
            self._process.stdin.write(message)
            self._process.stdin.flush()
        except BrokenPipeError:
            return b""
        deadline = time.monotonic() + timeout_s
        header = self._read(wire.HEADER_BYTES, deadline)
        if not header:
            return header
        return self._read(int.from_bytes(header, "big"), deadline)

    def _read(self, size: int, deadline: float) -> bytes | None:
        assert self._process.stdout is not None
        fd = self._process.stdout.fileno()
        chunks: list[bytes] = []
        received = 0
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while received < size:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    return None
                chunk = os.read(fd, min(_READ_CHUNK, size - received))
                if not chunk:
                    return b""
                chunks.append(chunk)
                received += len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                pipe.close()
        self._stderr.close()

    def crash_report(self) -> str:
        self._process.wait()
        self._stderr.seek(0)
        tail = self._stderr.read().decode("utf-8", "replace")[-_STDERR_TAIL:]
        return f"exit code {self._process.returncode}: {tail}"


_lock = threading.Lock()
_worker: _Worker | None = None


def run_isolated(
    kind: ParserKind, path: str, limits: LoadLimits, *, page: int | None = None
) -> LoadedDocument:
    """Parse `path` with the `kind` loader in the parser process, killed after the budget.

    OCR kinds read one `page` each, under `limits.ocr_timeout_s`; the others the whole
    file under `limits.timeout_s`.

    Raises:
        FileTooLargeError: the parse ran out of time or memory.
        CorruptFileError: the parser process died without an answer.
        IngestError: whatever the loader raised, raised again here.
    """
    message = wire.frame(wire.request(kind, path, limits, page))
    timeout_s = limits.ocr_timeout_s if page is not None else limits.timeout_s
    with _lock:
        # A worker can die for reasons that are not the file's (a reused child whose
        # memory grew, a kill under load): only a second death on a fresh child is the file's.
        for attempt in range(_ATTEMPTS_AFTER_CRASH):
            worker = _take_worker(limits.max_memory_mb)
            answer = worker.ask(message, timeout_s)
            if answer is None:
                _discard(worker)
                raise _timed_out(path, timeout_s)
            if answer:
                break
            logger.warning(
                "Parser for %s died (%s), attempt %d", path, worker.crash_report(), attempt + 1
            )
            _discard(worker)
        else:
            raise CorruptFileError(path, "the parser crashed", hint=wire.REPAIR_HINT)
        # After an error the child may hold what the bad file made it allocate.
        if worker.jobs >= _JOBS_PER_WORKER or answer.startswith(b'{"error"'):
            _discard(worker)
    return wire.unpack(answer, path)


def _timed_out(path: str, timeout_s: float) -> FileTooLargeError:
    logger.warning("Parser for %s ran over %s s and was killed", path, timeout_s)
    return FileTooLargeError(
        path,
        f"parsing took longer than {timeout_s:g} s",
        hint="the file is too complex or crafted to stall the parser; "
        "save it again as PDF/DOCX from Word or LibreOffice",
    )


def shutdown() -> None:
    """Stop the parser process (it is started again on the next file)."""
    with _lock:
        if _worker is not None:
            _discard(_worker)


def _take_worker(memory_mb: int) -> _Worker:
    global _worker
    if _worker is not None and _worker.memory_mb != memory_mb:
        _discard(_worker)
    if _worker is None:
        _worker = _Worker(memory_mb)
    return _worker


def _discard(worker: _Worker) -> None:
    global _worker
    worker.close()
    if _worker is worker:
        _worker = None


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    # The child must import this very package, installed or not.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PROJECT_ROOT, env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    # One OCR thread: with two OpenMP threads on this 2-core machine a page took ~14 s,
    # mostly spin-waiting, against ~1.6 s with one (bench/bench_ocr.py).
    env.setdefault("OMP_THREAD_LIMIT", "1")
    return env


atexit.register(shutdown)
