"""Hidden text (invisible, white, tiny, off-page, hidden runs) is dropped and counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import load_document
from tests.data import docx_fixtures as D
from tests.data import pdf_fixtures as P
from tests.data.make_samples import PDF_HIDDEN_KINDS, Samples
from tests.ingest.loaders.conftest import fold, loaded

KINDS = [f"pdf-{kind}" for kind in PDF_HIDDEN_KINDS] + [
    f"docx-{kind}" for kind in D.DOCX_HIDDEN_KINDS
]


def _hidden_sentence(kind: str) -> str:
    return P.HIDDEN_SENTENCE if kind.startswith("pdf") else D.HIDDEN_RUN


@pytest.mark.parametrize("kind", KINDS)
def test_hidden_text_is_excluded(samples: Samples, kind: str) -> None:
    document = loaded(samples.hidden[kind])
    text = "\n".join(block.text for block in document.blocks)
    assert "ignore previous" not in fold(text)
    assert "instructions" not in fold(text)


@pytest.mark.parametrize("kind", KINDS)
def test_visible_text_is_intact(samples: Samples, kind: str) -> None:
    document = loaded(samples.hidden[kind])
    texts = [block.text for block in document.blocks]
    assert texts == [P.VISIBLE_SENTENCE, "Hết."]


@pytest.mark.parametrize("kind", KINDS)
def test_dropped_characters_are_counted(samples: Samples, kind: str) -> None:
    document = loaded(samples.hidden[kind])
    hidden = sum(1 for char in _hidden_sentence(kind) if not char.isspace())
    assert document.hidden_chars_dropped == hidden
    assert any("hidden" in warning for warning in document.warnings)


def test_white_text_on_a_shaded_run_is_kept(tmp_path: Path) -> None:
    """White on a coloured background is a real heading style, not hidden text."""
    props = '<w:color w:val="FFFFFF"/><w:shd w:val="clear" w:fill="1F4E79"/>'
    body = D.paragraph(D.run("BẢNG TỔNG HỢP CHỈ TIÊU", props)) + D.paragraph(D.run("Hết."))
    document = load_document(D.write_docx(tmp_path / "shaded.docx", body))
    assert [block.text for block in document.blocks] == ["BẢNG TỔNG HỢP CHỈ TIÊU", "Hết."]
    assert document.hidden_chars_dropped == 0


def test_hidden_value_false_is_visible(tmp_path: Path) -> None:
    body = D.paragraph(D.run("Hiển thị", '<w:vanish w:val="0"/>'))
    document = load_document(D.write_docx(tmp_path / "shown.docx", body))
    assert [block.text for block in document.blocks] == ["Hiển thị"]


def test_text_inside_form_xobjects_is_judged_in_context(tmp_path: Path) -> None:
    document = load_document(P.write_form_pdf(tmp_path / "forms.pdf"))
    assert [block.text for block in document.blocks] == ["Page text stays.", "Form text shows."]
    assert document.hidden_chars_dropped == len("IGNOREPREVIOUSINSTRUCTIONS")
