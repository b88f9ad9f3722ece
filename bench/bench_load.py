"""20 concurrent chat users against the real web server over the sample index.

    python bench/bench_load.py [--users 20] [--rounds 3] [--index DIR]

Starts `baocao serve` in a subprocess on a free 127.0.0.1 port (index built from
samples/reports/docx when DIR has none), then each user thread asks `rounds` questions
from evals/questions/dev.jsonl through POST /api/ask, sending its earlier turns as
history like the chat does. Counts errors (anything but a 200 answer, including "busy"
503s) and records latency p50/p95/max as the users see it, queueing included.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import write_section  # noqa: E402  (after the path fix above)

QUESTIONS = ROOT / "evals" / "questions" / "dev.jsonl"
SAMPLES = ROOT / "samples" / "reports" / "docx"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ensure_index(index_dir: Path) -> None:
    from assistant import Assistant

    assistant = Assistant.open(index_dir)
    try:
        if not assistant.reports():
            print(f"building the sample index in {index_dir} ...", flush=True)
            assistant.ingest([SAMPLES])
    finally:
        assistant.close()


def _start_server(index_dir: Path, port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "assistant", "serve", "--index", str(index_dir)]
    command += ["--port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited with code {server.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/reports", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("server did not start within 180 s")


def _user(
    base: str, questions: list[str], rounds: int, offset: int, out: list[dict[str, Any]]
) -> None:
    history: list[dict[str, str]] = []
    with httpx.Client(base_url=base, timeout=300) as client:
        for turn in range(rounds):
            question = questions[(offset * rounds + turn) % len(questions)]
            started = time.perf_counter()
            record: dict[str, Any] = {"status": None, "error": None}
            try:
                response = client.post("/api/ask", json={"question": question, "history": history})
                record["status"] = response.status_code
                if response.status_code == 200:
                    body = response.json()
                    record["cited"] = bool(body["citations"])
                    history += [
                        {"role": "user", "content": question},
                        {"role": "assistant", "content": body["answer"]},
                    ]
                else:
                    record["error"] = response.text[:200]
            except httpx.HTTPError as err:
                record["error"] = f"{type(err).__name__}: {err}"
            record["seconds"] = time.perf_counter() - started
            out.append(record)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(users: int, rounds: int, index_dir: Path) -> dict[str, Any]:
    questions = [
        json.loads(line)["question"]
        for line in QUESTIONS.read_text("utf-8").splitlines()
        if line.strip()
    ]
    _ensure_index(index_dir)
    port = _free_port()
    server = _start_server(index_dir, port)
    records: list[dict[str, Any]] = []
    try:
        base = f"http://127.0.0.1:{port}"
        threads = [
            threading.Thread(target=_user, args=(base, questions, rounds, n, records))
            for n in range(users)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    latencies = [r["seconds"] for r in records]
    errors = [r for r in records if r["status"] != 200]
    return {
        "users": users,
        "requests": len(records),
        "errors": len(errors),
        "busy": sum(r["status"] == 503 for r in records),
        "cited": sum(bool(r.get("cited")) for r in records),
        "p50": statistics.median(latencies),
        "p95": _percentile(latencies, 0.95),
        "max": max(latencies),
        "wall": wall,
        "first_errors": [r["error"] for r in errors[:3]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--index", type=Path, help="index folder (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        figures = run(args.users, args.rounds, args.index or Path(scratch) / "index")
    f = figures
    body = (
        "| users | requests | errors | busy (503) | cited answers | p50 s | p95 s | max s |"
        " wall s |\n|---|---|---|---|---|---|---|---|---|\n"
        f"| {f['users']} | {f['requests']} | {f['errors']} | {f['busy']} | {f['cited']} "
        f"| {f['p50']:.2f} | {f['p95']:.2f} | {f['max']:.2f} | {f['wall']:.1f} |\n\n"
        "Each user asks its questions one after another (earlier turns sent as history) via "
        "`POST /api/ask`; latency is what the user waits, queueing included. The server answers "
        "2 questions at a time (`ui/workqueue.py`) and queues up to 32 before answering 503 busy."
    )
    if figures["first_errors"]:
        body += "\n\nFirst errors: " + "; ".join(map(str, figures["first_errors"]))
    command = f"python bench/bench_load.py --users {args.users} --rounds {args.rounds}"
    write_section("load", "Web server: concurrent chat users", command, body)


if __name__ == "__main__":
    main()
