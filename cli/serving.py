"""`baocao serve`: the web UI and REST API (see docs/web.md)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.config import Settings


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    help_texts = Settings.help_texts()
    parser = subparsers.add_parser(
        "serve",
        parents=[common],
        help="Web UI (chat, library, evaluation) and REST API under /api.",
        description="Serve the web UI and REST API. Binds 127.0.0.1 unless --host is given; "
        "any other address needs --users FILE (login).",
    )
    parser.add_argument("--host", help=help_texts["host"])
    parser.add_argument("--port", type=int, help=help_texts["port"])
    parser.add_argument("--users", dest="users_file", metavar="FILE", help=help_texts["users_file"])
    parser.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    from ui.server import authenticator_for, serve

    settings = settings.with_overrides(host=args.host, port=args.port, users_file=args.users_file)
    authenticator_for(settings)  # refuse an unsafe bind before announcing anything
    where = f"http://{settings.host}:{settings.port}/"
    print(f"baocao: web UI on {where} (REST under {where}api, docs at {where}docs)", flush=True)
    serve(settings, eval_runner=eval_runner(), question_sets=question_sets())
    return 0


def eval_runner() -> Callable[[Any, Path, Callable[[int, int], None]], dict[str, Any]]:
    """The evaluation tab's scorer: ui/ may not import evals/, so the CLI hands it over."""
    from evals.run import load_questions, run_questions

    def run(asker: Any, path: Path, progress: Callable[[int, int], None]) -> dict[str, Any]:
        result: dict[str, Any] = run_questions(asker, load_questions(path), progress).to_dict()
        return result

    return run


def question_sets() -> dict[str, str]:
    import evals

    folder = Path(evals.__file__).resolve().parent / "questions"
    return {path.stem: str(path) for path in sorted(folder.glob("*.jsonl"))}
