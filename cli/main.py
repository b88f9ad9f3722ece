"""`baocao` entry point: builds the parser from one module per command group."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from assistant.collector import tune_collector
from assistant.config import Settings
from assistant.errors import AssistantError
from index.errors import IndexingError
from ingest.errors import IngestError

Handler = Callable[[argparse.Namespace, Settings], int]

# Each module adds its sub-commands with `register(subparsers, common)`.
COMMAND_MODULES = (
    "cli.inspecting",
    "cli.library",
    "cli.asking",
    "cli.serving",
    "cli.evaluation",
)


def common_options() -> argparse.ArgumentParser:
    """Options every command takes (DESIGN.md: --index, --chroma-url)."""
    help_texts = Settings.help_texts()
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--index", dest="index_dir", metavar="DIR", help=help_texts["index_dir"])
    parent.add_argument("--chroma-url", metavar="URL", help=help_texts["chroma_url"])
    parent.add_argument("--embedder", metavar="NAME", help=help_texts["embedder"])
    parent.add_argument("--config", metavar="FILE", help="TOML settings file (see README).")
    parent.add_argument("--debug", action="store_true", help="Show tracebacks and debug logs.")
    return parent


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="baocao",
        description="Cited answers over Vietnamese local-government reports, offline.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = common_options()
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers, common)
    return parser


def settings_from_args(args: argparse.Namespace) -> Settings:
    overrides = {
        "index_dir": getattr(args, "index_dir", None),
        "chroma_url": getattr(args, "chroma_url", None),
        "embedder": getattr(args, "embedder", None),
    }
    config = getattr(args, "config", None)
    if config:
        return Settings.from_toml(config, **overrides)
    return Settings.from_env(**overrides)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    tune_collector()
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    handler: Handler = args.handler
    try:
        return handler(args, settings_from_args(args))
    except (AssistantError, IndexingError, IngestError) as err:
        # The one place errors become a line for a person (house style §5).
        if args.debug:
            traceback.print_exc()
        print(f"baocao: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("baocao: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `baocao ... | head` closed stdout early: that is the reader's choice, not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
