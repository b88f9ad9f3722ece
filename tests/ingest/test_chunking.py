"""Section-bounded, sentence-aligned chunks sized by an injected token counter."""

from __future__ import annotations

import pytest

from ingest import chunk_report, split_sentences
from ingest.chunking import approximate_tokens, make_breadcrumb, pack_sentences
from ingest.types import Report, ReportMetadata, Section, make_chunk_id
from tests.fakes import HashEmbedder


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Đạt 47,52%. Tổng thu 8.026 triệu đồng.", ["Đạt 47,52%. ", "Tổng thu 8.026 triệu đồng."]),
        ("Năm 2025. Năm 2026 tăng.", ["Năm 2025. ", "Năm 2026 tăng."]),  # ends after a digit
        ("Xã đạt chuẩn. Ủy ban giao.", ["Xã đạt chuẩn. ", "Ủy ban giao."]),  # accented start
        ("Tại TP. Hà Nội. Xong.", ["Tại TP. Hà Nội. ", "Xong."]),
        ("Theo mục 1.4.1. Chỉ đạo kinh tế.", ["Theo mục 1.4.1. Chỉ đạo kinh tế."]),
        ("Ông Nguyễn V. An phát biểu.", ["Ông Nguyễn V. An phát biểu."]),
        ("Tăng 2,87 triệu đồng. (1) Giá trị", ["Tăng 2,87 triệu đồng. (1) Giá trị"]),
        ("Dòng một\nDòng hai.", ["Dòng một\n", "Dòng hai."]),
        ("Có thật không? Có! Hết…", ["Có thật không? ", "Có! ", "Hết…"]),
        ("hoàn thành./. Nơi", ["hoàn thành./. ", "Nơi"]),
    ],
)
def test_sentence_boundaries(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences
    assert "".join(split_sentences(text)) == text


def words(text: str) -> int:
    return len(text.split())


def test_pack_respects_the_budget_and_keeps_text_verbatim() -> None:
    text = " ".join(f"Câu số {n} nói về kinh tế - xã hội của xã." for n in range(40))
    pieces = list(pack_sentences(text, budget=30, count_tokens=words))
    assert all(words(piece) <= 30 for piece in pieces)
    assert all(piece in text for piece in pieces)
    assert " ".join(pieces) == text


def test_a_sentence_longer_than_the_budget_is_cut_at_clauses() -> None:
    text = "; ".join(f"nhiệm vụ {n} được giao" for n in range(30)) + "."
    pieces = list(pack_sentences(text, budget=20, count_tokens=words))
    assert len(pieces) > 1
    assert all(words(piece) <= 20 for piece in pieces)
    assert all(piece in text for piece in pieces)


META = ReportMetadata(
    commune="Hùng Sơn", unit_kind="xã", doc_type="Báo cáo", number="12/BC-UBND", date="2026-03-30"
)


def section(ordinal: int, labels: tuple[str, ...], title: str, text: str) -> Section:
    path = tuple(title for _ in labels) if labels else ()
    return Section("rid", ordinal, labels, path, title, text, 1, 2)


REPORT = Report(
    report_id="rid",
    source="a.txt",
    file_format="txt",
    metadata=META,
    sections=(
        section(0, ("V",), "KIẾN NGHỊ, ĐỀ XUẤT", ""),
        section(1, ("V", "1"), "Kính đề nghị", "Kính đề nghị hỗ trợ vốn. Quan tâm chỉ đạo."),
        section(2, ("V", "2"), "Hỗ trợ nước", "Hỗ trợ kinh phí công trình nước sinh hoạt."),
        section(3, ("V", "3"), "Dài", " ".join(["Câu dài về giao thông nông thôn."] * 200)),
    ),
)


def test_chunks_never_cross_sections_and_empty_sections_have_none() -> None:
    chunks = chunk_report(REPORT, max_tokens=120, count_tokens=words)
    assert {c.labels for c in chunks} == {("V", "1"), ("V", "2"), ("V", "3")}
    by_ordinal = {c.ordinal for c in chunks}
    assert 0 not in by_ordinal
    for chunk in chunks:
        own = REPORT.sections[chunk.ordinal]
        assert chunk.text in own.text
        assert chunk.labels == own.labels
        assert words(chunk.embedding_text) <= 120


def test_short_sibling_items_stay_separate_chunks() -> None:
    chunks = chunk_report(REPORT, max_tokens=400, count_tokens=words)
    assert [c.labels for c in chunks[:2]] == [("V", "1"), ("V", "2")]


def test_chunk_ids_are_stable_and_unique() -> None:
    first = chunk_report(REPORT, max_tokens=120, count_tokens=words)
    second = chunk_report(REPORT, max_tokens=120, count_tokens=words)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in second]
    assert len({c.chunk_id for c in first}) == len(first)
    assert first[0].chunk_id == make_chunk_id("rid", ("V", "1"), 0, first[0].text)


def test_breadcrumb_names_commune_document_and_section() -> None:
    crumb = make_breadcrumb(META, REPORT.sections[1])
    assert crumb == "Xã Hùng Sơn | Báo cáo 12/BC-UBND 2026-03-30 | V.1 Kính đề nghị > Kính đề nghị"
    chunk = chunk_report(REPORT, count_tokens=words)[0]
    assert chunk.embedding_text.startswith(crumb + "\n")


def test_breadcrumb_titles_are_shortened() -> None:
    long_title = "Tập trung thực hiện Nghị quyết Đại hội Đảng các cấp nhiệm kỳ 2025-2030, kế hoạch"
    crumb = make_breadcrumb(META, section(0, ("II", "3"), long_title, "x"))
    assert len(crumb) < 200
    assert crumb.endswith("…")


def test_the_embedder_counter_can_be_injected() -> None:
    counter = HashEmbedder().count_tokens
    chunks = chunk_report(REPORT, max_tokens=60, count_tokens=counter)
    assert all(counter(c.embedding_text) <= 60 for c in chunks)
    assert len(chunks) > 10


def test_a_tiny_budget_still_bounds_every_chunk() -> None:
    chunks = chunk_report(REPORT, max_tokens=24, count_tokens=words)
    assert all(words(c.embedding_text) <= 24 for c in chunks)


def test_default_counter_overestimates_rather_than_under() -> None:
    text = "Toàn xã có 07 trường học với 82 lớp, 1.683 học sinh."
    assert approximate_tokens(text) >= len(text.split())
