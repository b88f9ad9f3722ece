"""Parse all fifteen sample files (5 reports x txt/docx/pdf) and time it; target < 5 s.

Run: python -m bench.bench_parse
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.results import write_section
from ingest import chunk_report, parse_report
from ingest.loaders import load_document

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "reports"
TARGET_SECONDS = 5.0


def main() -> None:
    files = sorted(path for path in SAMPLES.rglob("*") if path.is_file())
    rows = []
    started = time.perf_counter()
    for path in files:
        begin = time.perf_counter()
        document = load_document(path)
        loaded = time.perf_counter()
        report = parse_report(document)
        chunk_count = len(chunk_report(report))
        done = time.perf_counter()
        rows.append((path.relative_to(SAMPLES), loaded - begin, done - loaded, report, chunk_count))
    total = time.perf_counter() - started
    parse_total = sum(row[2] for row in rows)
    lines = [
        f"**{len(files)} files in {total:.2f} s** (target < {TARGET_SECONDS:.0f} s): "
        f"loading {total - parse_total:.2f} s (PDF/DOCX in sandboxed child processes), "
        f"parsing + chunking {parse_total:.2f} s.",
        "",
        "| file | load s | parse+chunk s | sections | chunks | commune |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, load_s, parse_s, report, chunks in rows:
        lines.append(
            f"| {name} | {load_s:.3f} | {parse_s:.3f} | {len(report.sections)} | {chunks} | "
            f"{report.metadata.commune or '-'} |"
        )
    write_section(
        "parse", "Parsing the sample reports", "python -m bench.bench_parse", "\n".join(lines)
    )


if __name__ == "__main__":
    main()
