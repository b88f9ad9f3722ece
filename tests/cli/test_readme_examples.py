"""The README's commands as written, run where `make run` built its index (issue 16).

Without `--index`, commands use ./data/index when it exists; `baocao ingest` while the web
app holds the index says how to add the files instead.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from cli.main import main
from index.lock import WriterLock
from index.report_index import CACHE_FILE

ROOT = Path(__file__).resolve().parents[2]
SAMPLES_PDF = ROOT / "samples" / "reports" / "pdf"
QUESTION = "Xã nào đề nghị hỗ trợ kinh phí cho công tác đối ngoại với Lào?"


@pytest.fixture
def checkout(
    sample_index_dir: Path,
    embedding_cache_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """A working folder like the repository after `make run`: data/index holds the samples."""
    index = tmp_path / "data" / "index"
    shutil.copytree(sample_index_dir, index, ignore=shutil.ignore_patterns("LOCK"))
    # The session index keeps its embeddings in the shared cache; `make run`'s keeps its own
    # (without it every question would embed the reports' sentences again).
    with (
        closing(sqlite3.connect(embedding_cache_path)) as cache,
        closing(sqlite3.connect(index / CACHE_FILE)) as own,
    ):
        cache.backup(own)
    # Nothing may come from the default folder elsewhere: point it at an empty place.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert main(list(argv)) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_commands_without_index_use_the_index_make_run_built(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert len(_json(capsys, "reports", "--json")) == 5
    assert len(_json(capsys, "search", "nuoc sinh hoat", "--k", "3", "--json")) == 3
    answer = _json(capsys, "ask", QUESTION, "--json")
    assert not answer["abstained"] and answer["citations"][0]["commune"] == "Hùng Sơn"
    questions = checkout / "one.jsonl"
    dev = (ROOT / "evals" / "questions" / "dev.jsonl").read_text(encoding="utf-8")
    questions.write_text(dev.splitlines()[0] + "\n", encoding="utf-8")
    assert main(["eval", str(questions), "--json", str(checkout / "run.json")]) == 0
    run = json.loads((checkout / "run.json").read_text(encoding="utf-8"))
    assert run["summary"]["questions"] == 1 and run["summary"]["correct"] == 1
    assert not (checkout / "elsewhere").exists()


def test_help_says_which_index_is_used(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["ask", "--help"])
    assert "./data/index" in " ".join(capsys.readouterr().out.split())


def test_ingest_while_the_web_app_holds_the_index_says_how_to_add_files(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = WriterLock.acquire(checkout / "data" / "index")  # as `baocao serve` holds it
    try:
        assert main(["ingest", str(SAMPLES_PDF)]) == 1
    finally:
        lock.release()
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "in use by PID" in line and "Thư viện báo cáo" in line and "/api/reports" in line
