"""Peak memory of `baocao serve` answering the team question set over the sample index.

    python bench/bench_serve_memory.py [--index DIR]

Starts the real server (as `bench_load.py` does), asks every question of
evals/questions/team.jsonl through POST /api/ask, and reads the server process's peak
resident set (VmHWM in /proc) before and after. Linux only.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_load import _ensure_index, _free_port, _start_server  # noqa: E402
from bench.results import write_section  # noqa: E402

QUESTIONS = ROOT / "evals" / "questions" / "team.jsonl"


def peak_rss_mb(pid: int) -> float:
    """Peak resident set size of a process, from /proc/PID/status (VmHWM, in kB)."""
    for line in Path(f"/proc/{pid}/status").read_text("ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="Index folder (default: a fresh sample index).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="baocao-serve-mem-") as scratch:
        index_dir = args.index or Path(scratch) / "index"
        _ensure_index(index_dir)
        port = _free_port()
        server = _start_server(index_dir, port)
        try:
            started_mb = peak_rss_mb(server.pid)
            asked = _ask_all(f"http://127.0.0.1:{port}")
            peak_mb = peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    body = (
        f"| state | peak RSS (MB) |\n|---|---|\n| started, idle | {started_mb:.0f} |\n"
        f"| after {asked} questions (team set) | {peak_mb:.0f} |\n\n"
        "The server process only (VmHWM), sample index of 5 DOCX reports, extractive "
        "answers; idle is right after start-up, when the web app first answers."
    )
    write_section(
        "serve-memory", "Peak memory of `baocao serve`", "python bench/bench_serve_memory.py", body
    )
    return 0


def _ask_all(base: str) -> int:
    rows = [json.loads(line) for line in QUESTIONS.read_text("utf-8").splitlines() if line]
    with httpx.Client(base_url=base, timeout=300) as client:
        for row in rows:
            payload = {"question": row["question"], "history": row.get("history", [])}
            client.post("/api/ask", json=payload).raise_for_status()
    return len(rows)


if __name__ == "__main__":
    sys.exit(main())
