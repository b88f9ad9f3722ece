"""A report whose unit was set by hand answers as that unit's (issue 16).

Real index (real parser, real Chroma in tmp_path, HashEmbedder) and the word-overlap
evidence model: the assistant asked before and after the unit is set, with no cache
cleared by hand in between.
"""

from __future__ import annotations

from pathlib import Path

from assistant import Assistant
from index import ReportIndex
from tests.fakes import HashEmbedder, words_evidence_model
from tests.index.test_unit_edit import NOTES, SAMPLE

WHICH = "Xã nào đề nghị hỗ trợ kinh phí nạo vét kênh mương?"
NAMED = "Xã Tân Hòa đề nghị hỗ trợ gì?"


def test_a_unit_set_by_hand_is_cited_filtered_and_listed(tmp_path: Path) -> None:
    notes = tmp_path / "ghi-chu.txt"
    notes.write_text(NOTES, encoding="utf-8")
    with ReportIndex.open(tmp_path / "index", embedder=HashEmbedder()) as index:
        assistant = Assistant(index, model=words_evidence_model())
        assistant.ingest([SAMPLE, notes])
        (report_id,) = [r.report_id for r in assistant.reports() if r.source == str(notes)]
        assert "Tân Hòa" not in assistant.ask(WHICH).text
        assert assistant.ask(NAMED).abstained

        record = assistant.set_unit(report_id, "xã Tân Hòa")

        assert (record.unit_kind, record.commune) == ("xã", "Tân Hòa")
        listed = assistant.ask(WHICH)
        assert "Xã Tân Hòa: «Đề nghị hỗ trợ kinh phí nạo vét kênh mương Bàu Sen.»" in listed.text
        named = assistant.ask(NAMED)
        assert not named.abstained
        assert {(c.unit_kind, c.commune) for c in named.citations} == {("xã", "Tân Hòa")}
        only = assistant.ask("Đề nghị hỗ trợ gì?", filters={"communes": ["Tân Hòa"]})
        assert {c.report_id for c in only.citations} == {report_id}
