"""Ingest lifecycle on real Chroma in tmp_path with HashEmbedder and handmade reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import (
    EmbedderMismatchError,
    IndexNotBuiltError,
    ReportIndex,
    ReportNotFoundError,
    SearchFilters,
)
from index.errors import IndexingError
from index.registry import Registry
from ingest.passages import passage_texts
from tests.fakes import HashEmbedder
from tests.index.handmade import HUNG_SON, handmade_text, open_handmade_index


def _store_ids(index: ReportIndex) -> set[str]:
    return {chunk.chunk_id for chunk in index.chunks()}


def _registry_ids(index: ReportIndex) -> set[str]:
    entries = Registry.load(index.index_dir).entries.values()
    return {cid for entry in entries for cid in entry.chunk_ids}


def test_add_indexes_every_report(small_index: ReportIndex) -> None:
    assert [r.commune for r in small_index.reports()] == ["Hùng Sơn", "Mường Kim", "Quan Sơn"]
    assert len(small_index.chunks()) == 6
    assert small_index.communes() == ["Hùng Sơn", "Mường Kim", "Quan Sơn"]
    assert _store_ids(small_index) == _registry_ids(small_index)


def test_re_adding_unchanged_files_embeds_nothing(
    small_index: ReportIndex, handmade_files: list[Path], hash_embedder: HashEmbedder
) -> None:
    hash_embedder.calls.clear()
    summary = small_index.ingest(handmade_files)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 0, 3)
    assert summary.chunks_embedded == 0
    assert hash_embedder.calls == []


def test_unchanged_chunks_come_from_the_cache_across_indexes(
    tmp_path: Path, handmade_files: list[Path]
) -> None:
    cache = tmp_path / "shared.sqlite"
    with open_handmade_index(tmp_path / "a", HashEmbedder(), cache_path=cache) as first:
        assert first.ingest(handmade_files).chunks_embedded == 6
    embedder = HashEmbedder()
    with open_handmade_index(tmp_path / "b", embedder, cache_path=cache) as second:
        summary = second.ingest(handmade_files)
    assert (summary.added, summary.chunks_embedded, embedder.calls) == (3, 0, [])


def test_changed_file_replaces_its_old_chunks(
    small_index: ReportIndex, handmade_files: list[Path]
) -> None:
    old_ids = {r.report_id for r in small_index.reports() if r.commune == "Hùng Sơn"}
    handmade_files[0].write_text(
        HUNG_SON.replace("07 trường học", "09 trường học"), encoding="utf-8"
    )
    summary = small_index.ingest([handmade_files[0]])
    assert (summary.added, summary.updated, summary.chunks_embedded) == (0, 1, 1)
    hung_son = [r for r in small_index.reports() if r.commune == "Hùng Sơn"]
    assert len(hung_son) == 1 and hung_son[0].report_id not in old_ids
    texts = [c.text for c in small_index.chunks()]
    assert any("09 trường học" in text for text in texts)
    assert not any("07 trường học" in text for text in texts)
    assert _store_ids(small_index) == _registry_ids(small_index)
    assert small_index.search("07 trường học", k=3, mode="lexical")[0].chunk.text.startswith(
        "Toàn xã có 09"
    )


def test_delete_removes_a_report_everywhere(small_index: ReportIndex) -> None:
    target = next(r for r in small_index.reports() if r.commune == "Quan Sơn")
    small_index.delete(target.report_id)
    assert "Quan Sơn" not in small_index.communes()
    assert all(c.report_id != target.report_id for c in small_index.chunks())
    hits = small_index.search("giao thông nông thôn", k=5, mode="lexical")
    assert all(h.chunk.report_id != target.report_id for h in hits)
    with pytest.raises(ReportNotFoundError, match="baocao reports"):
        small_index.delete(target.report_id)
    with pytest.raises(ReportNotFoundError):
        small_index.report(target.report_id)


def test_bad_file_fails_alone_and_names_itself(small_index: ReportIndex, tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("COMMUNE: X\nBROKEN\n", encoding="utf-8")
    fresh = tmp_path / "fresh.txt"
    fresh.write_text(handmade_text("Tam Chung", [("I", "A", "Một câu.")]), encoding="utf-8")
    summary = small_index.ingest([broken, fresh, tmp_path / "missing.docx"])
    assert summary.added == 1
    assert [Path(f.path).name for f in summary.failed] == ["missing.docx", "broken.txt"]
    assert all("\n" not in f.error and Path(f.path).name in f.error for f in summary.failed)
    assert "Tam Chung" in small_index.communes()


def test_folder_ingest_picks_supported_files(tmp_path: Path, handmade_files: list[Path]) -> None:
    (handmade_files[0].parent / "notes.xlsx").write_bytes(b"not a report")
    with open_handmade_index(tmp_path / "index", HashEmbedder()) as index:
        summary = index.ingest([handmade_files[0].parent])
    assert summary.added == 3 and not summary.failed


def test_report_returns_the_saved_parse(small_index: ReportIndex) -> None:
    record = next(r for r in small_index.reports() if r.commune == "Mường Kim")
    report = small_index.report(record.report_id)
    assert report.metadata.number == "77/TB-UBND"
    assert [s.labels for s in report.sections] == [("I",), ("II",)]


@pytest.mark.parametrize(
    ("filters", "communes"),
    [
        (SearchFilters(communes=("Quan Sơn",)), {"Quan Sơn"}),
        (SearchFilters(doc_types=("THÔNG BÁO",)), {"Mường Kim"}),
        (SearchFilters(date_from="2026-05"), {"Hùng Sơn", "Quan Sơn"}),
        (SearchFilters(date_to="2026-05"), {"Quan Sơn", "Mường Kim"}),
        (SearchFilters(date_from="2026-04", date_to="2026-05-31"), {"Quan Sơn"}),
    ],
)
def test_filters_restrict_search_and_chunks(
    small_index: ReportIndex, filters: SearchFilters, communes: set[str]
) -> None:
    for mode in ("hybrid", "dense", "lexical"):
        hits = small_index.search(
            "xã đề nghị giao thông lúa trường", k=10, filters=filters, mode=mode
        )
        assert {h.chunk.metadata.commune for h in hits} <= communes, mode
    assert {c.metadata.commune for c in small_index.chunks(filters=filters)} == communes


def test_another_embedder_is_refused_with_the_reindex_hint(
    small_index: ReportIndex, tmp_path: Path
) -> None:
    small_index.close()
    with pytest.raises(EmbedderMismatchError, match="baocao reindex --index"):
        open_handmade_index(tmp_path / "index", HashEmbedder(16, model_id="hash-16"))


def test_reindex_switches_embedder(small_index: ReportIndex, tmp_path: Path) -> None:
    other = HashEmbedder(16, model_id="hash-16")
    summary = small_index.reindex(other)
    assert summary.chunks_embedded == 6
    small_index.close()
    with open_handmade_index(tmp_path / "index", other, read_only=True) as reopened:
        assert len(reopened.chunks()) == 6
        assert reopened.search("nước sinh hoạt", k=1)[0].chunk.metadata.commune == "Hùng Sơn"


def test_read_only_open_of_a_missing_index_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(IndexNotBuiltError, match="baocao ingest"):
        ReportIndex.open(tmp_path / "nothing", embedder=HashEmbedder(), read_only=True)


def test_read_only_index_refuses_writes(small_index: ReportIndex, tmp_path: Path) -> None:
    with open_handmade_index(tmp_path / "index", HashEmbedder(), read_only=True) as reader:
        with pytest.raises(IndexingError, match="read-only"):
            reader.ingest([])
        assert len(reader.reports()) == 3


def test_reader_sees_what_the_writer_adds(small_index: ReportIndex, tmp_path: Path) -> None:
    with open_handmade_index(tmp_path / "index", HashEmbedder(), read_only=True) as reader:
        assert len(reader.reports()) == 3
        extra = tmp_path / "extra.txt"
        extra.write_text(handmade_text("Na Mèo", [("I", "A", "Cầu treo bản Sa Ná.")]), "utf-8")
        small_index.ingest([extra])
        assert "Na Mèo" in reader.communes()
        assert reader.search("cau treo", k=1, mode="lexical")[0].chunk.metadata.commune == "Na Mèo"


def test_ingest_embeds_every_passage_into_the_cache(
    tmp_path: Path, handmade_files: list[Path]
) -> None:
    # The assistant ranks sentences by their own vectors: made at ingest, not per question.
    embedder = HashEmbedder()
    index = open_handmade_index(tmp_path / "index", embedder)
    index.ingest(handmade_files)
    chunk = index.chunks()[0]
    texts = passage_texts(chunk.text)
    embedder.calls.clear()
    vectors = index.passage_vectors(texts)
    assert embedder.calls == [] and vectors.shape == (len(texts), embedder.dimension)
    assert (vectors == embedder.embed_passages(texts)).all()
    index.close()


def test_a_reader_reads_passage_vectors_without_writing(
    small_index: ReportIndex, hash_embedder: HashEmbedder
) -> None:
    reader = ReportIndex.open(small_index.index_dir, embedder=hash_embedder, read_only=True)
    cache = small_index.index_dir / "embeddings.sqlite"
    before = cache.stat().st_mtime_ns
    hash_embedder.calls.clear()
    reader.passage_vectors(["Một câu chưa từng được lập chỉ mục."])
    assert hash_embedder.calls == [1]  # embedded on demand, kept in memory
    reader.passage_vectors(["Một câu chưa từng được lập chỉ mục."])
    assert hash_embedder.calls == [1]
    assert cache.stat().st_mtime_ns == before
    reader.close()


def test_a_long_report_shows_its_embedding_moving(tmp_path: Path) -> None:
    sample = sorted((Path(__file__).parents[2] / "samples" / "reports" / "text").glob("*.txt"))[0]
    heard: list[tuple[str, int, int]] = []
    with ReportIndex.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        index.ingest(
            [sample], progress=lambda message, done, total: heard.append((message, done, total))
        )
    embedding = [m for m, _, _ in heard if ": embedding " in m]
    counts = [tuple(int(n) for n in m.rsplit(" ", 2)[1].split("/")) for m in embedding]
    # Several steps, each further than the last, the last one all of them.
    assert len(counts) >= 2
    assert [done for done, _ in counts] == sorted({done for done, _ in counts})
    assert counts[-1][0] == counts[-1][1]
    assert heard[-1][0].startswith(f"{sample.name}: added") and heard[-1][1:] == (1, 1)
