"""End to end: generated PDF/DOCX/text fixtures (not the shared samples) through load_report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main as baocao
from ingest import IngestError, Report, load_report, parse_report
from ingest.types import Block, LoadedDocument
from tests.data.docx_fixtures import FOOTNOTE_TEXT, write_numbered_docx
from tests.data.pdf_fixtures import (
    FOOTNOTE_LINE,
    HEADER,
    PAGE_BREAK_HEAD,
    PAGE_BREAK_TAIL,
    write_structured_pdf,
)


@pytest.fixture(scope="module")
def pdf_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return load_report(write_structured_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf"))


@pytest.fixture(scope="module")
def docx_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    return load_report(write_numbered_docx(tmp_path_factory.mktemp("docx") / "report.docx"))


def by_label(report: Report) -> dict[tuple[str, ...], str]:
    return {s.labels: s.text for s in report.sections}


def test_pdf_running_header_and_page_numbers_are_gone(pdf_report: Report) -> None:
    everything = "\n".join(s.text + s.title for s in pdf_report.sections)
    assert HEADER not in everything
    assert "Trang 1/2" not in everything


def test_pdf_wrapped_heading_is_one_section(pdf_report: Report) -> None:
    assert [s.labels for s in pdf_report.sections] == [("I",), ("I", "1"), ("II",)]
    assert pdf_report.sections[0].title.endswith("KINH TẾ - XÃ HỘI, QUỐC PHÒNG - AN NINH")


def test_pdf_hyphenation_page_break_and_footnote(pdf_report: Report) -> None:
    text = by_label(pdf_report)[("I", "1")]
    assert "lên Internet để người dân" in text
    assert f"{PAGE_BREAK_HEAD} {PAGE_BREAK_TAIL}" in text
    assert "bảo hiểm y tế đạt 96,2%(1)" in text
    assert text.endswith("(1) " + FOOTNOTE_LINE[2:])
    first = pdf_report.sections[1]
    assert (first.page_start, first.page_end) == (1, 2)


def test_pdf_metadata(pdf_report: Report) -> None:
    meta = pdf_report.metadata
    assert (meta.commune, meta.doc_type, meta.period) == ("Hùng Sơn", "Báo cáo", "quý I/2026")
    assert meta.issuer == "UBND xã Hùng Sơn"  # named only in the running header


def test_docx_word_numbering_gives_the_labels(docx_report: Report) -> None:
    assert [s.labels for s in docx_report.sections] == [
        ("I",),
        ("I", "1"),
        ("I", "1", "1.1"),
        ("I", "1", "1.1", "a"),
        ("I", "1", "1.1", "b"),
        ("I", "1", "1.2"),
        ("I", "2"),
        ("II",),
        ("II", "1"),
        ("V",),
        ("V", "1"),
    ]


def test_docx_footnote_table_and_bullet(docx_report: Report) -> None:
    texts = by_label(docx_report)
    assert texts[("I", "1", "1.1", "a")].endswith(f"(1) {FOOTNOTE_TEXT}")
    assert "Hộ nghèo (%) — Kế hoạch: 45,0 — Thực hiện: 47,52" in texts[("I", "2")]
    assert texts[("II", "1")] == "- Đường liên thôn xuống cấp"
    assert "IGNORE PREVIOUS" not in "".join(texts.values())


def test_markdown_report(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text(
        "Số: 12/BC-UBND\n\nHùng Sơn, ngày 30 tháng 3 năm 2026\n\n## BÁO CÁO\n\n"
        "### Tình hình quý I/2026\n\n#### **I. KẾT QUẢ**\n\n"
        "##### **1. Kinh tế**\n\nThu ngân sách đạt 8.026 triệu đồng<sup>1</sup>.\n\n"
        "---\n\n<sup>1</sup> Số liệu Kho bạc.\n\n"
        "## **II. KIẾN NGHỊ**\n\n**1.** Hỗ trợ vốn xây dựng trường học.\n\n"
        "**Nơi nhận:**\n\n- Lưu VT.\n\n**TM. ỦY BAN NHÂN DÂN  \nCHỦ TỊCH**\n\n**Nguyễn Văn An**\n",
        encoding="utf-8",
    )
    report = load_report(path)
    assert report.file_format == "md"
    assert report.metadata.to_dict() == {
        "commune": "Hùng Sơn",
        "unit_kind": None,  # only the date line names it: no unit word, none guessed
        "doc_type": "Báo cáo",
        "number": "12/BC-UBND",
        "date": "2026-03-30",
        "issuer": "UBND Hùng Sơn",
        "signer": "Nguyễn Văn An",
        "title": "Tình hình quý I/2026",
        "period": "quý I/2026",
    }
    texts = by_label(report)
    assert texts[("I", "1")] == "Thu ngân sách đạt 8.026 triệu đồng(1).\n(1) Số liệu Kho bạc."
    assert texts[("II", "1")] == "Hỗ trợ vốn xây dựng trường học."


def test_report_id_depends_on_content_not_name(tmp_path: Path) -> None:
    body = "BÁO CÁO\nI. KẾT QUẢ\nXã Hùng Sơn đạt kế hoạch.\n"
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "b.txt").write_text(body, encoding="utf-8")
    (tmp_path / "c.txt").write_text(body + "II. KIẾN NGHỊ\n", encoding="utf-8")
    ids = [load_report(tmp_path / name).report_id for name in ("a.txt", "b.txt", "c.txt")]
    assert ids[0] == ids[1] != ids[2]


def test_blank_document_raises_naming_the_source() -> None:
    document = LoadedDocument("blank.pdf", "pdf", (Block("   ", page=1), Block("*", page=1)))
    with pytest.raises(IngestError, match=r"blank\.pdf"):
        parse_report(document)


def test_a_damaged_image_raises_an_ingest_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(IngestError, match=r"image\.png"):
        load_report(path)


SAMPLE = Path(__file__).resolve().parents[2] / "samples/reports/text/000_5662c8cb383135c1.txt"


def test_inspect_json_prints_report_to_dict(capsys: pytest.CaptureFixture[str]) -> None:
    assert baocao(["inspect", str(SAMPLE), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == load_report(SAMPLE).to_dict()
    assert set(printed["metadata"]) == {
        "commune", "unit_kind", "doc_type", "number", "date", "issuer", "signer", "title",
        "period",
    }  # fmt: skip
    assert printed["header"]["labels"] == ["phần đầu"]
    assert {"labels", "title", "text", "page_start", "page_end"} <= set(printed["sections"][0])


def test_inspect_prints_a_tree_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert baocao(["inspect", str(SAMPLE), "--text"]) == 0
    out = capsys.readouterr().out
    assert "Xã Hùng Sơn — Báo cáo" in out
    assert "\n    V.3  Trong đợt mưa bão 2025" in out
    assert "commune    Hùng Sơn" in out
    assert "unit_kind  xã" in out


def test_inspect_bad_file_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    assert baocao(["inspect", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("baocao: Cannot ingest") and "empty.txt" in err
