"""`baocao ask` (one question) and `baocao chat` (a terminal conversation with history)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from assistant import Answer, Assistant, Settings, Turn
from index.types import SearchFilters
from ingest.periods import parse_span


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add `ask` and `chat`."""
    ask = subparsers.add_parser(
        "ask", parents=[common], help="Answer one question, with cited sources."
    )
    ask.add_argument("question", help="The question, in Vietnamese or English.")
    ask.add_argument("--json", action="store_true", help="Print Answer.to_dict() as JSON.")
    _filter_options(ask)
    ask.set_defaults(handler=run_ask)
    chat = subparsers.add_parser(
        "chat", parents=[common], help="Ask questions in a conversation (Ctrl-D to quit)."
    )
    _filter_options(chat)
    chat.set_defaults(handler=run_chat)


def _filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--commune", action="append", default=[], help="Only this unit (repeatable)."
    )
    parser.add_argument(
        "--period",
        help="Only reports covering this period: 'quý II/2026', '6 tháng đầu năm 2025', "
        "'tháng 5/2026', 'năm 2025', 'Q2 2026'.",
    )
    parser.add_argument("--llm-model", help=Settings.help_texts()["llm_model"])
    parser.add_argument("--llm-base-url", help=Settings.help_texts()["llm_base_url"])


def _open(args: argparse.Namespace, settings: Settings) -> Assistant:
    settings = settings.with_overrides(llm_model=args.llm_model, llm_base_url=args.llm_base_url)
    # Readers never take the writer lock, so `ask` works while `baocao serve` runs.
    return Assistant.open(settings.index_dir, settings=settings, read_only=True)


def _filters(args: argparse.Namespace) -> SearchFilters | None:
    period = None
    if args.period:
        period = parse_span(args.period)
        if period is None:
            raise SystemExit(
                f"Cannot read the period {args.period!r} - write it like 'quý II/2026', "
                "'6 tháng đầu năm 2025', 'tháng 5/2026', 'năm 2025' or 'Q2 2026'"
            )
    filters = SearchFilters(communes=tuple(args.commune), period=period)
    return None if filters.is_empty else filters


def run_ask(args: argparse.Namespace, settings: Settings) -> int:
    assistant = _open(args, settings)
    try:
        answer = assistant.ask(args.question, filters=_filters(args))
    finally:
        assistant.close()
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_answer(answer, sys.stdout)
    return 0


def run_chat(args: argparse.Namespace, settings: Settings) -> int:
    assistant = _open(args, settings)
    history: list[Turn] = []
    print("baocao chat - hỏi bằng tiếng Việt hoặc tiếng Anh; Ctrl-D để thoát.")
    try:
        while True:
            try:
                question = input("\n? ").strip()
            except EOFError:
                print()
                return 0
            if not question:
                continue
            answer = assistant.ask(question, history=history, filters=_filters(args))
            print_answer(answer, sys.stdout)
            history += [Turn("user", question), Turn("assistant", answer.text)]
    finally:
        assistant.close()


def print_answer(answer: Answer, out: TextIO) -> None:
    """The answer, then one line per source: [n] commune — document — section (page)."""
    print(answer.text, file=out)
    if answer.citations:
        print("\nNguồn / Sources:", file=out)
    for citation in answer.citations:
        page = f" (tr. {citation.page})" if citation.page else ""
        print(f"[{citation.number}] {citation.document} — {citation.section}{page}", file=out)
    for note in answer.notes:
        print(f"\n* {note}", file=out)
