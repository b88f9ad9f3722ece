"""`baocao ask` and `baocao chat` against the real sample index (read-only)."""

import io
import json

import pytest

from cli.main import main

pytestmark = pytest.mark.slow


def test_ask_json_prints_the_answer_contract(sample_index_dir, capsys):
    code = main(
        [
            "ask",
            "Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?",
            "--json",
            "--index",
            str(sample_index_dir),
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert {"answer", "abstained", "communes", "citations", "timings_ms"} <= set(data)
    assert "47,52%" in data["answer"] and data["communes"] == ["Hùng Sơn"]
    assert data["citations"][0]["section"]


def test_ask_prints_answer_and_sources(sample_index_dir, capsys):
    assert (
        main(
            [
                "ask",
                "Xã Mường Kim đạt bao nhiêu tiêu chí nông thôn mới?",
                "--index",
                str(sample_index_dir),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "4/10" in out and "[1] Xã Mường Kim" in out


def test_ask_filters_by_commune(sample_index_dir, capsys):
    main(
        [
            "ask",
            "Tỷ lệ hộ nghèo là bao nhiêu?",
            "--json",
            "--commune",
            "Lùng Phình",
            "--index",
            str(sample_index_dir),
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert {c["commune"] for c in data["citations"]} == {"Lùng Phình"}


def test_ask_filters_by_period(sample_index_dir, capsys):
    argv = ["ask", "Tỷ lệ hộ nghèo là bao nhiêu?", "--json", "--index", str(sample_index_dir)]
    main([*argv, "--period", "quý I/2026"])
    data = json.loads(capsys.readouterr().out)
    # Only quý I/2026 reports (or reports dated in it) may answer: Hùng Sơn's, not Lùng
    # Phình's of tháng 5/2026.
    assert data["citations"] and {c["commune"] for c in data["citations"]} == {"Hùng Sơn"}
    with pytest.raises(SystemExit, match="Cannot read the period 'hôm qua'"):
        main([*argv, "--period", "hôm qua"])


def test_ask_without_an_index_fails_in_one_line(tmp_path, capsys):
    code = main(["ask", "Tỷ lệ hộ nghèo?", "--index", str(tmp_path / "none")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("baocao: ") and err.count("\n") == 1 and "ingest" in err


def test_chat_keeps_history_and_quits_on_end_of_input(sample_index_dir, capsys, monkeypatch):
    turns = "Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?\nCòn tỷ lệ cận nghèo thì sao?\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(turns))
    assert main(["chat", "--index", str(sample_index_dir)]) == 0
    out = capsys.readouterr().out
    assert "47,52%" in out and "0,53%" in out
