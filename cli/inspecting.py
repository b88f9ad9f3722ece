"""`baocao inspect FILE [--json]`: show how a file parses (metadata + section tree), no index."""

from __future__ import annotations

import argparse
import json

from assistant.config import Settings
from ingest import Report, load_report
from ingest.types import METADATA_KEYS

PREVIEW_CHARS = 70


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add the `inspect` command."""
    parser = subparsers.add_parser(
        "inspect",
        parents=[common],
        help="Show a report's metadata and numbered sections (no index needed).",
        description="Parse one file and print its metadata and section tree, to check a parse.",
    )
    parser.add_argument("file", metavar="FILE", help="A .pdf, .docx, .txt or .md report.")
    parser.add_argument(
        "--json", action="store_true", help="Print the parse as JSON (Report.to_dict())."
    )
    parser.add_argument(
        "--text", action="store_true", help="Also print the start of every section's text."
    )
    parser.set_defaults(handler=run_inspect)


def run_inspect(args: argparse.Namespace, settings: Settings) -> int:
    report = load_report(args.file)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_report(report, show_text=args.text))
    return 0


def render_report(report: Report, *, show_text: bool = False) -> str:
    """A person-readable view: metadata lines, then the section tree indented by depth."""
    lines = [f"{report.source} ({report.file_format}) — {report.metadata.display_name()}"]
    metadata = report.metadata.to_dict()
    width = max(len(key) for key in METADATA_KEYS)
    lines.extend(f"  {key:<{width}}  {metadata[key] or '-'}" for key in METADATA_KEYS)
    lines.append(f"Sections ({len(report.sections)}):")
    for section in report.sections:
        pages = _pages(section.page_start, section.page_end)
        label = section.label or ("-" if section.title else "(mở đầu)")
        indent = "  " * max(1, len(section.labels))
        lines.append(f"{indent}{label}  {section.title}  [{pages}{len(section.text)} ký tự]")
        if show_text and section.text:
            preview = " ".join(section.text.split())[:PREVIEW_CHARS]
            lines.append(f"{indent}    {preview}…")
    lines.extend(f"Warning: {warning}" for warning in report.warnings)
    if report.hidden_chars_dropped:
        lines.append(f"Hidden text dropped: {report.hidden_chars_dropped} characters")
    return "\n".join(lines)


def _pages(start: int | None, end: int | None) -> str:
    if start is None:
        return ""
    return f"tr. {start}, " if start == end or end is None else f"tr. {start}-{end}, "
