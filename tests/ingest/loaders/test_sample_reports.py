"""The five sample reports extract completely and in order from PDF and DOCX."""

from __future__ import annotations

import re
import unicodedata

import pytest

from tests.ingest.loaders.conftest import SAMPLES, fold, loaded, words

REPORTS = sorted(path.stem for path in (SAMPLES / "text").glob("*.txt"))
MIN_WORD_COVERAGE = 0.97


def _word_string(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def _coverage(expected: str, extracted: str) -> float:
    wanted = words(expected)
    return sum((wanted & words(extracted)).values()) / sum(wanted.values())


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("stem", REPORTS)
def test_sample_extracts_completely(stem: str, fmt: str) -> None:
    document = loaded(SAMPLES / fmt / f"{stem}.{fmt}")
    extracted = "\n".join(block.text for block in document.blocks)
    expected = (SAMPLES / "text" / f"{stem}.txt").read_text(encoding="utf-8")
    expected = expected.replace("[bookmark: _GoBack]", "")  # an artefact of the text rendering
    assert _coverage(expected, extracted) >= MIN_WORD_COVERAGE
    assert document.file_format == fmt
    assert document.hidden_chars_dropped == 0  # nothing in the samples is hidden


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("stem", REPORTS)
def test_sample_keeps_reading_order(stem: str, fmt: str) -> None:
    """Lines of the text rendering appear in the same order in the extraction."""
    document = loaded(SAMPLES / fmt / f"{stem}.{fmt}")
    extracted = _word_string(" ".join(block.text for block in document.blocks))
    position = 0
    found = 0
    lines = (SAMPLES / "text" / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    probes = [" ".join(_word_string(line).split()[:5]) for line in lines if len(line.split()) >= 6]
    for probe in probes:
        at = extracted.find(probe, position)
        if at >= 0:
            position, found = at, found + 1
    assert found >= 0.9 * len(probes)


def test_pdf_pages_are_one_based_and_ordered() -> None:
    document = loaded(SAMPLES / "pdf" / f"{REPORTS[2]}.pdf")
    pages = [block.page or 0 for block in document.blocks]
    assert pages[0] == 1
    assert pages == sorted(pages)
    assert pages[-1] > 10


def test_docx_text_is_nfc_and_has_no_word_artefacts() -> None:
    for path in sorted((SAMPLES / "docx").glob("*.docx")):
        for block in loaded(path).blocks:
            assert "[bookmark" not in block.text
            assert unicodedata.is_normalized("NFC", block.text)
