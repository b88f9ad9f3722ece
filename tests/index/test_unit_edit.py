"""A unit set by hand (issue 16): every place the index keeps a unit changes at once.

Real parser, real Chroma in tmp_path, HashEmbedder: the registry, the saved parse, the
chunks in the store (metadata and breadcrumb), BM25 and the per-unit groups all name
the unit, and keep it across re-opening, re-ingesting the same file and `reindex`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index import ReportIndex, ReportNotFoundError, SearchFilters, UnitNameError
from tests.fakes import HashEmbedder

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "reports" / "docx" / "002_86d390b8add63a4d.docx"
NOTES = (
    "Ghi chú họp giao ban tuần\n\n"
    "1. Rà soát tiến độ sửa chữa đường nội đồng và kênh mương.\n\n"
    "2. Đề nghị hỗ trợ kinh phí nạo vét kênh mương Bàu Sen.\n"
)


def _open(folder: Path) -> ReportIndex:
    return ReportIndex.open(folder, embedder=HashEmbedder())


def _notes_id(index: ReportIndex) -> str:
    (record,) = [r for r in index.reports() if r.source.endswith("ghi-chu.txt")]
    return record.report_id


def _assert_unit_everywhere(index: ReportIndex, report_id: str) -> None:
    (record,) = [r for r in index.reports() if r.report_id == report_id]
    assert (record.unit_kind, record.commune, record.unit_set_by_hand) == ("xã", "Tân Hòa", True)
    assert "Tân Hòa" in index.communes()
    assert index.report(report_id).metadata.commune == "Tân Hòa"  # the saved parse
    chunks = index.chunks(filters=SearchFilters(communes=("Tân Hòa",)))
    assert chunks and {c.report_id for c in chunks} == {report_id}
    assert all(c.metadata.unit_kind == "xã" for c in chunks)
    assert all(c.breadcrumb.startswith("Xã Tân Hòa") for c in chunks)
    # BM25 reads the breadcrumb: the unit's name alone finds the report.
    found = index.search("Tân Hòa", k=3, mode="lexical")
    assert found and found[0].chunk.report_id == report_id
    # "Which units …" questions group chunks by unit: the report is Tân Hòa's.
    by_unit = index.search_by_unit("nạo vét kênh mương", k=1)
    assert [h.chunk.metadata.commune for h in by_unit if h.chunk.report_id == report_id] == [
        "Tân Hòa"
    ]


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    path = tmp_path / "files" / "ghi-chu.txt"
    path.parent.mkdir()
    path.write_text(NOTES, encoding="utf-8")
    return path


def test_a_unit_set_by_hand_is_in_every_place_and_stays(tmp_path: Path, notes: Path) -> None:
    folder = tmp_path / "index"
    with _open(folder) as index:
        index.ingest([SAMPLE, notes])
        report_id = _notes_id(index)
        found = index.search("Tân Hòa", k=10, mode="lexical")
        assert report_id not in {hit.chunk.report_id for hit in found}
        index.set_unit(report_id, "xã Tân Hòa")
        _assert_unit_everywhere(index, report_id)
    with _open(folder) as index:
        _assert_unit_everywhere(index, report_id)
        assert index.ingest([notes]).unchanged == 1
        _assert_unit_everywhere(index, report_id)
        index.reindex()
        _assert_unit_everywhere(index, report_id)


def test_an_edited_file_keeps_the_unit_while_it_names_none(tmp_path: Path, notes: Path) -> None:
    with _open(tmp_path / "index") as index:
        index.ingest([notes])
        index.set_unit(_notes_id(index), "phường 3")
        notes.write_text(NOTES + "\n3. Họp lại vào thứ Hai.\n", encoding="utf-8")
        assert index.ingest([notes]).updated == 1
        (record,) = index.reports()
        assert (record.unit_kind, record.commune, record.unit_set_by_hand) == ("phường", "3", True)
        notes.write_text("UBND ĐẶC KHU PHÚ QUỐC\n\n" + NOTES, encoding="utf-8")
        index.ingest([notes])
        (record,) = index.reports()  # the file now says: it wins
        assert (record.unit_kind, record.commune, record.unit_set_by_hand) == (
            "đặc khu",
            "Phú Quốc",
            False,
        )


def test_a_unit_without_a_name_or_an_unknown_report_is_refused(tmp_path: Path, notes: Path) -> None:
    with _open(tmp_path / "index") as index:
        index.ingest([notes])
        report_id = _notes_id(index)
        with pytest.raises(UnitNameError, match=r"'xã'.*xã Tân Hòa"):
            index.set_unit(report_id, "xã")
        with pytest.raises(ReportNotFoundError, match="'abc'"):
            index.set_unit("abc", "xã Tân Hòa")
        (record,) = index.reports()
        assert (record.commune, record.unit_set_by_hand) == (None, False)


def test_a_reader_sees_the_unit_the_writer_sets(tmp_path: Path, notes: Path) -> None:
    folder = tmp_path / "index"
    with _open(folder) as writer:
        writer.ingest([SAMPLE, notes])
        report_id = _notes_id(writer)
        reader = ReportIndex.open(folder, embedder=HashEmbedder(), read_only=True)
        try:
            before = reader.search("Tân Hòa", k=10, mode="lexical")  # its BM25 is loaded now
            assert report_id not in {hit.chunk.report_id for hit in before}
            writer.set_unit(report_id, "xã Tân Hòa")
            # Same chunk ids as before: only the fingerprint tells the reader to re-read.
            _assert_unit_everywhere(reader, report_id)
        finally:
            reader.close()
