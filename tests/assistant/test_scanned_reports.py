"""A scanned report goes through the whole path: OCR at ingest, answers citing 'OCR'."""

from __future__ import annotations

from pathlib import Path

from assistant import Assistant
from index import ReportIndex
from tests.data.scan_fixtures import write_scan_pdf
from tests.fakes import HashEmbedder, words_evidence_model
from ui.render import citation_label

QUESTION = "Chiều dài đường biên của xã Hùng Sơn là bao nhiêu km?"


def test_a_scan_is_indexed_with_page_progress_and_cited_as_ocr(tmp_path: Path) -> None:
    scan = write_scan_pdf(tmp_path / "scan.pdf", pages=range(1))
    messages: list[str] = []
    with ReportIndex.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        summary = index.ingest([scan], progress=lambda message, *_: messages.append(message))
        answer = Assistant(index, model=words_evidence_model()).ask(QUESTION)
        hits = index.search("đường biên", k=3)
    assert summary.added == 1
    assert "scan.pdf: OCR 1/1 pages" in messages
    assert hits and all(hit.chunk.is_ocr for hit in hits)
    assert not answer.abstained
    assert "45,7" in answer.text.split("«")[0]  # the lead, not only the quote
    assert answer.citations and all(citation.is_ocr for citation in answer.citations)
    assert answer.to_dict()["citations"][0]["ocr"] is True
    assert citation_label(answer.citations[0]).endswith("(trang 1, OCR)")


def test_a_figure_in_a_table_is_answered_from_its_column(tmp_path: Path) -> None:
    from tests.data import docx_fixtures as D
    from tests.ingest.loaders.test_docx_tables import TWO_LEVEL

    body = (
        D.paragraph(D.run("UBND XÃ HÙNG SƠN"))
        + D.paragraph(D.run("BÁO CÁO"), style="Title")
        + D.paragraph(D.run("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"))
        + D.table_of_cells(TWO_LEVEL)
    )
    report = D.write_docx(tmp_path / "bieu.docx", body)
    with ReportIndex.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        index.ingest([report])
        assistant = Assistant(index, model=words_evidence_model())
        done = assistant.ask("Tỷ lệ hộ nghèo thực hiện năm 2026 là bao nhiêu?")
        planned = assistant.ask("Kế hoạch thu ngân sách năm 2026 là bao nhiêu?")
    assert not done.abstained and not planned.abstained
    lead, plan_lead = done.text.split("«")[0], planned.text.split("«")[0]
    assert "47,52" in lead and "45" not in lead.replace("47,52", "")
    assert "2.500" in plan_lead and "2.532,4" not in plan_lead
    # The row alone is the quote, with its column names beside the figures.
    assert done.citations[0].quote.startswith("Tỷ lệ hộ nghèo — Đơn vị: %")
    assert "Năm 2026 Thực hiện: 47,52" in done.citations[0].quote
    assert "Thu ngân sách" not in done.citations[0].quote


def test_a_figure_in_a_pdf_table_is_answered_from_its_column(tmp_path: Path) -> None:
    from tests.data.pdf_fixtures import write_table_pdf

    report = write_table_pdf(tmp_path / "bieu.pdf")
    with ReportIndex.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        index.ingest([report])
        assistant = Assistant(index, model=words_evidence_model())
        done = assistant.ask("Tỷ lệ hộ nghèo thực hiện được bao nhiêu?")
        planned = assistant.ask("Kế hoạch 2026 thu ngân sách nhà nước trên địa bàn là bao nhiêu?")
    assert "47,52" in done.text.split("«")[0] and "45 " not in done.text.split("«")[0]
    assert "2.500" in planned.text.split("«")[0] and "2.532,4" not in planned.text.split("«")[0]
    assert done.citations[0].quote.startswith("Tỷ lệ hộ nghèo — Đơn vị: %")
