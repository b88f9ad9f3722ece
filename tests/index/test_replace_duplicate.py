"""A file whose report is already indexed from another file may replace it (issue 16).

Real parser, real Chroma in tmp_path, HashEmbedder. Sample 002 as DOCX and as PDF is one
report (the same content key) with two report ids.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from index import ReportIndex
from index.embedders.base import Vectors
from tests.fakes import HashEmbedder

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "reports"
DOCX = SAMPLES / "docx" / "002_86d390b8add63a4d.docx"
PDF = SAMPLES / "pdf" / "002_86d390b8add63a4d.pdf"


class BreakingEmbedder(HashEmbedder):
    """Embeds like HashEmbedder until `is_broken` is set, then fails (a crash mid-write)."""

    is_broken = False

    def embed_passages(self, texts: list[str]) -> Vectors:  # type: ignore[override]
        if self.is_broken and texts:
            raise RuntimeError("embedding server went away")
        return super().embed_passages(texts)


def _sources(index: ReportIndex) -> list[str]:
    return [Path(r.source).name for r in index.reports()]


def test_the_new_format_replaces_the_indexed_one(tmp_path: Path) -> None:
    with ReportIndex.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        old_id = index.ingest_file(DOCX).report_id
        assert index.ingest_file(PDF).report_id == old_id  # refused: the DOCX answers
        new = index.ingest_file(PDF, replace_duplicate=True)
        assert new.report_id != old_id
        assert _sources(index) == [PDF.name]
        assert {c.report_id for c in index.chunks()} == {new.report_id}
        assert index.store.ids_of(old_id) == set()
        assert index.search("hộ nghèo", k=3)[0].chunk.source.endswith(PDF.name)


def test_the_same_text_under_another_name_replaces_in_place(tmp_path: Path) -> None:
    copy = tmp_path / "files" / "bao-cao-quy-1.docx"
    copy.parent.mkdir()
    shutil.copy(DOCX, copy)
    with ReportIndex.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        old = index.ingest_file(DOCX)
        chunks = len(index.chunks())
        new = index.ingest_file(copy, replace_duplicate=True)
        assert new.report_id == old.report_id
        assert _sources(index) == [copy.name]
        assert len(index.chunks()) == chunks
        assert {c.source for c in index.chunks()} == {str(copy)}


def test_a_replacement_that_fails_leaves_the_old_report(tmp_path: Path) -> None:
    embedder = BreakingEmbedder()
    with ReportIndex.open(tmp_path / "index", embedder=embedder) as index:
        old_id = index.ingest_file(DOCX).report_id
        embedder.is_broken = True
        with pytest.raises(RuntimeError, match="went away"):
            index.ingest_file(PDF, replace_duplicate=True)
    embedder.is_broken = False
    with ReportIndex.open(tmp_path / "index", embedder=embedder) as index:  # repairs
        assert [r.report_id for r in index.reports()] == [old_id]
        assert _sources(index) == [DOCX.name]
        assert len(index.store.ids_of(old_id)) == index.reports()[0].chunks > 0
        assert np.isfinite(index.search("hộ nghèo", k=1)[0].score)
