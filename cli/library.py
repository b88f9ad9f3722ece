"""Library commands: `ingest`, `reports`, `delete`, `set-unit`, `search`, `reindex`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from tqdm import tqdm

from assistant.config import Settings
from index import Hit, IndexLockedError, IngestSummary, ReportNotFoundError, ReportRecord

if TYPE_CHECKING:
    from index import ReportIndex

SNIPPET_CHARS = 240
# What to do when `baocao serve` holds the index (one writer per index, docs/reliability.md).
WEB_APP_HINT = (
    "in the running web app, tab 'Thư viện báo cáo' (Report library) adds and deletes "
    "reports, as does the REST API at /api/reports; reports already indexed are skipped"
)


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the library commands."""
    ingest = subparsers.add_parser(
        "ingest",
        parents=[common],
        help="Add or update reports (files or folders of .pdf .docx .txt .md).",
        description="Index reports incrementally: unchanged files are skipped, changed ones "
        "replaced; a bad file is reported and the rest of the batch still lands.",
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="Files or folders.")
    _json_flag(ingest, "Print the summary as JSON (no progress bar).")
    ingest.set_defaults(handler=run_ingest)

    reports = subparsers.add_parser("reports", parents=[common], help="List indexed reports.")
    _json_flag(reports, "Print the list as JSON.")
    reports.set_defaults(handler=run_reports)

    delete = subparsers.add_parser("delete", parents=[common], help="Remove a report.")
    delete.add_argument("report_id", metavar="REPORT_ID", help="Id (or unique id prefix).")
    delete.set_defaults(handler=run_delete)

    set_unit = subparsers.add_parser(
        "set-unit",
        parents=[common],
        help="Set a report's unit by hand (when its file names none, or the wrong one).",
        description="The report then answers as that unit's: citations name it, unit "
        "filters and 'xã nào…' questions find it. Kept across reindex and re-ingesting.",
    )
    set_unit.add_argument("report_id", metavar="REPORT_ID", help="Id (or unique id prefix).")
    set_unit.add_argument(
        "unit", metavar="UNIT", help="Kind and name as written: 'xã Tân Hòa', 'phường 3'."
    )
    set_unit.set_defaults(handler=run_set_unit)

    search = subparsers.add_parser("search", parents=[common], help="Search the reports.")
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--k", type=int, default=5, help="How many hits (default 5).")
    search.add_argument(
        "--mode", choices=("hybrid", "dense", "lexical"), default="hybrid", help="Ranking."
    )
    _json_flag(search, "Print the hits as JSON.")
    search.set_defaults(handler=run_search)

    reindex = subparsers.add_parser(
        "reindex",
        parents=[common],
        help="Re-embed every report (e.g. with another --embedder) and rewrite the store.",
    )
    reindex.set_defaults(handler=run_reindex)


def _json_flag(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--json", action="store_true", help=help_text)


def open_index(settings: Settings, *, read_only: bool, for_reindex: bool = False) -> ReportIndex:
    """The index the settings point at, with the configured embedder."""
    # Imported here: chromadb takes about a second to import, which other commands skip.
    from index import ReportIndex, default_embedder

    try:
        return ReportIndex.open(
            settings.index_dir,
            embedder=default_embedder(settings.embedder),
            chroma_url=settings.chroma_url,
            chroma_token=settings.chroma_token,
            chroma_basic_auth=settings.chroma_basic_auth,
            chunk_tokens=settings.chunk_tokens,
            read_only=read_only,
            accept_any_embedder=for_reindex,
            repair_damaged_store=for_reindex,
            # reindex moves a damaged store aside instead; everything else refuses it.
            check_health=not for_reindex,
        )
    except IndexLockedError as err:
        raise IndexLockedError(f"{err} ({WEB_APP_HINT})") from err


@contextmanager
def progress_bar(unit: str, *, enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A tqdm bar on stderr (files done/total, rate, ETA) fed by index progress callbacks."""
    if not enabled:
        yield None
        return
    bar = tqdm(unit=unit, file=sys.stderr, dynamic_ncols=True, leave=False)

    def update(message: str, done: int, total: int) -> None:
        bar.total = total
        bar.set_postfix_str(message[:60], refresh=False)
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()


def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    with (
        open_index(settings, read_only=False) as index,
        progress_bar("file", enabled=not args.json) as progress,
    ):
        summary = index.ingest(args.paths, progress=progress)
        prepare_questions(index, settings, quiet=args.json)
    if args.json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_summary(summary))
    return 1 if summary.failed else 0


def prepare_questions(index: ReportIndex, settings: Settings, *, quiet: bool) -> None:
    """Count new reports into the term statistics now, so the next question is quick."""
    from assistant import Assistant
    from assistant.term_store import term_stats_folder

    if not quiet:
        print("Preparing the library for questions…", file=sys.stderr)
    Assistant(index, cache_dir=term_stats_folder(settings.index_dir)).prepare()


def render_summary(summary: IngestSummary) -> str:
    lines = [
        f"Added {summary.added}, updated {summary.updated}, unchanged {summary.unchanged}; "
        f"{summary.chunks_embedded} chunks embedded; {len(summary.failed)} failed."
    ]
    lines.extend(f"  failed: {item.error}" for item in summary.failed)
    lines.extend(
        f"  not indexed: {item.path} is already in the library as {item.duplicate_of}"
        for item in summary.duplicates
    )
    return "\n".join(lines)


def run_reports(args: argparse.Namespace, settings: Settings) -> int:
    with open_index(settings, read_only=True) as index:
        records = index.reports()
    if args.json:
        print(json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=2))
    else:
        print(render_reports(records))
    return 0


def render_reports(records: list[ReportRecord]) -> str:
    if not records:
        return "No reports indexed yet - add some with 'baocao ingest PATH'."
    lines = []
    for record in records:
        doc = " ".join(part for part in (record.doc_type, record.number) if part) or "-"
        lines.append(
            f"{record.report_id[:12]}  {record.commune or '?':<14} {doc:<26} "
            f"{record.period or '-':<22} {record.date or '-':<10} "
            f"{record.sections:>3} sections {record.chunks:>4} chunks  {record.source}"
        )
    return "\n".join(lines)


def _one_report(index: ReportIndex, prefix: str) -> ReportRecord:
    matches = [r for r in index.reports() if r.report_id.startswith(prefix)]
    if len(matches) != 1:
        found = "no report" if not matches else f"{len(matches)} reports"
        raise ReportNotFoundError(f"{found} with id {prefix!r} - list them with 'baocao reports'")
    return matches[0]


def run_delete(args: argparse.Namespace, settings: Settings) -> int:
    with open_index(settings, read_only=False) as index:
        record = _one_report(index, args.report_id)
        index.delete(record.report_id)
    print(f"Deleted {record.report_id[:12]} ({record.source})")
    return 0


def run_set_unit(args: argparse.Namespace, settings: Settings) -> int:
    with open_index(settings, read_only=False) as index:
        record = index.set_unit(_one_report(index, args.report_id).report_id, args.unit)
    unit = " ".join(part for part in (record.unit_kind, record.commune) if part)
    print(f"Unit of {record.report_id[:12]} ({record.source}) set to {unit}")
    return 0


def run_search(args: argparse.Namespace, settings: Settings) -> int:
    with open_index(settings, read_only=True) as index:
        hits = index.search(args.query, k=args.k, mode=args.mode)
    if args.json:
        print(json.dumps([hit.to_dict() for hit in hits], ensure_ascii=False, indent=2))
    else:
        print(render_hits(hits))
    return 0


def render_hits(hits: list[Hit]) -> str:
    if not hits:
        return "Nothing found."
    lines = []
    for rank, hit in enumerate(hits, start=1):
        chunk = hit.chunk
        where = " — ".join(
            part for part in (chunk.metadata.commune, chunk.source, chunk.label) if part
        )
        text = " ".join(chunk.text.split())
        snippet = text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS] + "…"
        lines.append(f"{rank}. [{hit.score:.3f}] {where}\n   {snippet}")
    return "\n".join(lines)


def run_reindex(args: argparse.Namespace, settings: Settings) -> int:
    with (
        open_index(settings, read_only=False, for_reindex=True) as index,
        progress_bar("report", enabled=True) as progress,
    ):
        summary = index.reindex(progress=progress)
        model = index.embedder.model_id
        prepare_questions(index, settings, quiet=False)
    print(
        f"Reindexed {summary.unchanged} reports with {model}; "
        f"{summary.chunks_embedded} chunks embedded."
    )
    return 0
