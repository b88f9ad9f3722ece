"""The `baocao` entry point: one line per error, quiet on a closed pipe."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from assistant.collector import YOUNG_THRESHOLD

ROOT = Path(__file__).resolve().parents[2]


def _baocao(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_help_lists_every_command_group() -> None:
    result = _baocao("--help")
    assert result.returncode == 0
    for command in ("ingest", "inspect", "reports", "ask", "chat", "serve", "eval"):
        assert command in result.stdout


def test_a_missing_file_is_one_line_naming_it(tmp_path: Path) -> None:
    result = _baocao("inspect", str(tmp_path / "khong-co.pdf"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "khong-co.pdf" in lines[0] and "Traceback" not in result.stderr


def test_closing_stdout_early_is_not_a_traceback() -> None:
    # `baocao inspect … --json | head -c 10`: the reader stops after 10 bytes.
    sample = ROOT / "samples" / "reports" / "text" / "002_86d390b8add63a4d.txt"
    command = (
        f"{sys.executable} -m assistant inspect {sample} --json | head -c 10 >/dev/null; "
        "exit ${PIPESTATUS[0]}"
    )
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr
    assert result.returncode in (0, 141)


def test_a_command_collects_young_objects_less_often_than_python_does(tmp_path: Path) -> None:
    """Questions keep many objects alive while scoring: see assistant/collector.py."""
    code = (
        "import gc, sys; from cli.main import main; "
        f"main(['reports', '--index', {str(tmp_path / 'none')!r}]); "
        "print(gc.get_threshold(), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    young = int(result.stderr.strip().splitlines()[-1].strip("()").split(",")[0])
    assert young == YOUNG_THRESHOLD > 700, result.stderr
