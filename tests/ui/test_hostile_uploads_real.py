"""Issue 7: hostile uploads get one-line refusals while the server keeps answering.

Every generated hostile/odd file (tests/data/hostile.py) is uploaded through REST to the
real server over the real sample index, one request per file, while a second client asks
questions the whole time. Reports that do come out of odd-but-valid files are deleted
again (only new ones: a renamed sample keeps its id), because the site is shared with the
other REST and browser tests.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from tests.data.hostile import write_hostile
from tests.ui.conftest import Site

pytestmark = pytest.mark.slow

QUESTION = "Tỷ lệ hộ nghèo và cận nghèo của xã Lùng Phình là bao nhiêu?"
REFUSED_STATUSES = {200, 400, 413, 415, 422}


@dataclass
class UploadLog:
    statuses: dict[str, int] = field(default_factory=dict)
    bodies: dict[str, object] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)


def _client(site: Site) -> httpx.Client:
    return httpx.Client(base_url=site.url, auth=(site.user, site.password), timeout=180)


def _upload_all(site: Site, files: list[Path], log: UploadLog) -> None:
    try:
        with _client(site) as client:
            for path in files:
                response = client.post(
                    "/api/reports", files=[("files", (path.name, path.read_bytes()))]
                )
                log.statuses[path.name] = response.status_code
                body = response.json()
                log.bodies[path.name] = body
                if response.status_code == 200:
                    log.added.extend(body.get("report_ids", []))
    finally:
        log.done.set()


def _ask_until(site: Site, done: threading.Event) -> list[tuple[int, bool, float]]:
    outcomes = []
    with _client(site) as client:
        while not done.is_set() or len(outcomes) < 10:
            start = time.monotonic()
            response = client.post("/api/ask", json={"question": QUESTION})
            cited = response.status_code == 200 and "25,46" in response.json()["answer"]
            outcomes.append((response.status_code, cited, time.monotonic() - start))
    return outcomes


def _one_line_errors(body: object) -> list[str]:
    if not isinstance(body, dict):
        return [repr(body)]
    failed = body.get("failed", [])
    messages = [item["error"] for item in failed] if isinstance(failed, list) else []
    if "error" in body:
        messages.append(str(body["error"]))
    return messages


def test_server_keeps_answering_while_hostile_uploads_are_refused(
    real_site: Site, tmp_path: Path
) -> None:
    write_hostile(tmp_path)
    files = sorted(path for path in tmp_path.iterdir() if path.is_file())
    assert len(files) >= 30
    with _client(real_site) as client:
        before = {report["id"] for report in client.get("/api/reports").json()}
    log = UploadLog()
    uploader = threading.Thread(target=_upload_all, args=(real_site, files, log), daemon=True)
    uploader.start()
    try:
        outcomes = _ask_until(real_site, log.done)
        uploader.join(timeout=600)
    finally:
        # A renamed copy of a sample report maps to that sample's id: keep what was there.
        with _client(real_site) as client:
            for report_id in set(log.added) - before:
                client.delete(f"/api/reports/{report_id}")
            after = {report["id"] for report in client.get("/api/reports").json()}
    assert after == before, "the shared sample index must be left as it was"
    assert not uploader.is_alive(), "uploads did not finish within 10 minutes"
    assert len(log.statuses) == len(files), f"uploads answered: {len(log.statuses)}/{len(files)}"
    unexpected = {name: code for name, code in log.statuses.items() if code not in REFUSED_STATUSES}
    assert not unexpected, f"uploads answered with server errors: {unexpected}"
    for name, body in log.bodies.items():
        for message in _one_line_errors(body):
            assert "\n" not in message and "Traceback" not in message, (name, message)
            assert "/tmp/" not in message and str(tmp_path) not in message, (name, message)
    answered = [outcome for outcome in outcomes if outcome[0] == 200 and outcome[1]]
    assert len(answered) == len(outcomes), f"answered {len(answered)}/{len(outcomes)}: {outcomes}"
