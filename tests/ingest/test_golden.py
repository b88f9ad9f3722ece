"""Golden parses of the five sample reports in all three formats, and cross-format agreement.

Refresh after an intended change with `UPDATE_GOLDEN=1 pytest tests/ingest/test_golden.py`
and review the diff of tests/golden/*.json.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ingest import Report, chunk_report, load_report, normalize_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "reports"
GOLDEN = ROOT / "tests" / "golden"
FORMATS = {"txt": "text", "docx": "docx", "pdf": "pdf"}
REPORTS = sorted(path.stem for path in (SAMPLES / "text").glob("*.txt"))
TEXT_PREFIX = 60


@cache
def parse(stem: str, suffix: str) -> Report:
    return load_report(SAMPLES / FORMATS[suffix] / f"{stem}.{suffix}")


def summary(report: Report) -> dict[str, Any]:
    return {
        "metadata": report.metadata.to_dict(),
        "sections": [
            [list(s.labels), s.title, " ".join(s.text.split())[:TEXT_PREFIX]]
            for s in report.sections
        ],
    }


@pytest.mark.parametrize("suffix", list(FORMATS))
@pytest.mark.parametrize("stem", REPORTS)
def test_parse_matches_golden(stem: str, suffix: str) -> None:
    path = GOLDEN / f"{stem}.json"
    golden = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    actual = summary(parse(stem, suffix))
    if os.environ.get("UPDATE_GOLDEN"):
        golden[suffix] = actual
        path.write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert suffix in golden, f"no golden for {stem}.{suffix}: run with UPDATE_GOLDEN=1"
    assert actual == golden[suffix]


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
@pytest.mark.parametrize("stem", REPORTS)
def test_same_labels_and_metadata_whatever_the_format(stem: str, suffix: str) -> None:
    text, other = parse(stem, "txt"), parse(stem, suffix)
    assert other.metadata == text.metadata
    assert [s.labels for s in other.sections] == [s.labels for s in text.sections]


@pytest.mark.parametrize("stem", REPORTS)
def test_every_report_has_commune_type_and_numbered_sections(stem: str) -> None:
    report = parse(stem, "txt")
    assert report.metadata.commune and report.metadata.doc_type
    assert sum(1 for s in report.sections if s.labels) >= 10
    assert not any("Nơi nhận" in s.text for s in report.sections)


@pytest.mark.parametrize("suffix", list(FORMATS))
@pytest.mark.parametrize("stem", REPORTS)
def test_chunks_are_verbatim_slices_of_their_sections(stem: str, suffix: str) -> None:
    report = parse(stem, suffix)
    by_ordinal = {s.ordinal: s for s in report.all_sections}
    chunks = chunk_report(report, max_tokens=200)
    assert chunks
    for chunk in chunks:
        assert chunk.text in by_ordinal[chunk.ordinal].text


DEV_EVIDENCE = [
    ("000_5662c8cb383135c1", ("V", "2"), "san ủi mặt bằng khu dân cư các thôn Arooi, Ating"),
    ("000_5662c8cb383135c1", ("V", "4"), "hỗ trợ kinh phí để xã thực hiện công tác đối ngoại"),
    ("000_5662c8cb383135c1", ("II", "2"), "Toàn xã có 07 trường học với 82 lớp, 1.683 học sinh"),
    ("001_91db6233fb071863", ("III", "1"), "tiếp nhận trên 300 văn bản đến"),
    ("002_86d390b8add63a4d", None, "Tổng đàn gia súc chính: 19.670 con/21.860 con"),
    ("003_35c0fac5215235e0", ("II", "7", "7.1"), "kế hoạch tuần tra ban đêm"),
    ("004_030c4a341cd0db90", ("I",), "2,528,008 triệu đồng"),
    ("004_030c4a341cd0db90", ("I",), "tham gia bảo hiểm y tế đạt 93,5%"),
]


@pytest.mark.parametrize("suffix", list(FORMATS))
@pytest.mark.parametrize(("stem", "labels", "evidence"), DEV_EVIDENCE)
def test_dev_evidence_is_quotable_from_one_section(
    stem: str, labels: tuple[str, ...] | None, evidence: str, suffix: str
) -> None:
    report = parse(stem, suffix)
    holders = [
        s.labels for s in report.sections if normalize_text(evidence) in normalize_text(s.text)
    ]
    assert holders, f"{evidence!r} is not inside any one section"
    if labels is not None:
        assert holders[0] == labels


@pytest.mark.parametrize("stem", REPORTS)
def test_normalize_text_is_idempotent_on_every_section(stem: str) -> None:
    for section in parse(stem, "txt").sections:
        once = normalize_text(section.text)
        assert normalize_text(once) == once
