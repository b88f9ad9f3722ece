"""Units in questions and answers: wards, special zones, names that are ordinary words."""

from __future__ import annotations

import random
import re

import pytest

from assistant.compose.text import compose
from assistant.evidence.scoring import Evidence
from assistant.passages import split_passages
from assistant.types import Citation
from assistant.understand.analysis import analyse
from assistant.understand.doc_filters import question_filters
from assistant.understand.header_fields import header_field_of, header_question_key
from assistant.understand.units import UnitNames, prefix_alternation
from assistant.verify.checks import verify
from index.types import SearchFilters
from ingest import fold
from tests.assistant.memory_index import make_chunk

UNITS = ["Thống Nhất", "Đoàn Kết", "Hùng Sơn", "Quan Sơn"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Phường Thống Nhất có bao nhiêu hộ?", ("Thống Nhất",)),
        ("phuong thong nhat co bao nhieu ho", ("Thống Nhất",)),
        ("What did Doan Ket ward plan?", ("Đoàn Kết",)),
        ("tỷ lệ hộ nghèo Hùng Sơn", ("Hùng Sơn",)),  # capitalised: a name
        ("UBND xã đã thống nhất kế hoạch nào?", ()),  # the verb
        ("Thống nhất kế hoạch", ()),  # sentence case is not a name
        ("Hội nghị đoàn kết, thống nhất.", ()),
        ("xã Quan Sơn và Hùng Sơn", ("Quan Sơn", "Hùng Sơn")),
    ],
)
def test_a_name_counts_only_where_it_is_written_as_a_name(text, found):
    assert UnitNames(UNITS).find(text) == found


def test_a_question_using_a_name_as_a_word_is_not_scoped_to_that_unit():
    analysis = analyse("UBND xã đã thống nhất kế hoạch nào?", communes=UNITS)
    assert analysis.communes == ()
    assert "thong" in [c.label for c in analysis.concepts]


@pytest.mark.parametrize(
    "question",
    [
        "Phường nào tổ chức hội nghị?",
        "Những địa phương nào đề nghị hỗ trợ kinh phí?",
        "Những đơn vị nào đề nghị hỗ trợ kinh phí?",
        "Đặc khu nào có chợ?",
        "Which wards held a conference?",
        "Which units requested funding?",
    ],
)
def test_list_questions_name_any_kind_of_unit(question):
    analysis = analyse(question, communes=UNITS)
    assert analysis.intent == "which"
    labels = [c.label for c in analysis.concepts]
    assert not {"phuong", "don", "vi", "dac", "khu", "wards", "units"} & set(labels)


def test_which_offices_a_rule_covers_is_not_a_list_of_units():
    assert analyse("Quy định áp dụng cho các đơn vị nào?", communes=UNITS).intent == "fact"


def test_a_unit_no_report_covers_is_known_as_unknown_in_any_kind():
    assert analyse("Phường Sa Đéc có bao nhiêu hộ?", communes=UNITS).unknown_communes == ("Sa Đéc",)


def _citation(number, quote, *, commune, kind, section):
    return Citation(
        number=number,
        quote=quote,
        chunk_id=f"c{number}",
        report_id="r",
        source="a.docx",
        commune=commune,
        document=f"{kind} {commune} — Báo cáo",
        labels=("II",),
        heading_path=("KẾT QUẢ",),
        section_text=section,
        unit_kind=kind,
    )


def test_verify_keeps_a_quote_that_uses_another_units_name_as_a_word():
    section = "Ban Thường vụ thống nhất với danh mục đầu tư công."
    cited = _citation(1, section, commune="Đoàn Kết", kind="phường", section=section)
    checked = verify(f"Phường Đoàn Kết: «{section}» [1]", [cited], communes=UNITS)
    assert checked.citations and checked.communes == ("Đoàn Kết",)


def test_verify_never_leaves_an_empty_answer_with_citations():
    section = "Tỷ lệ hộ nghèo 47,52%."
    cited = _citation(1, section, commune="Hùng Sơn", kind="xã", section=section)
    # The claim names a unit no citation supports, so it goes; nothing is left.
    checked = verify(f"Xã Quan Sơn: «{section}» [1]", [cited], communes=UNITS)
    assert checked.text == "" and checked.citations == ()


def _evidence(commune, kind, text):
    passage = split_passages(make_chunk(commune, text, unit_kind=kind))[0]
    return Evidence(passage, 0.9, frozenset(), 0)


def test_answers_label_each_unit_with_its_own_kind():
    analysis = analyse("Phường nào giáp biển?", communes=UNITS)
    wards = [
        _evidence("Thống Nhất", "phường", "Giáp biển."),
        _evidence("Đoàn Kết", "phường", "Có bờ biển."),
    ]
    text, _ = compose(analysis, wards)
    assert text.startswith("Các phường: Thống Nhất, Đoàn Kết.")
    assert "- Phường Thống Nhất: «Giáp biển.» [1]" in text
    mixed = [
        _evidence("Thống Nhất", "phường", "Giáp biển."),
        _evidence("Hùng Sơn", "xã", "Có biển."),
    ]
    text, _ = compose(analysis, mixed)
    assert text.startswith("Các đơn vị: Phường Thống Nhất, Xã Hùng Sơn.")
    english = analyse("Which wards border the sea?", communes=UNITS)
    text, _ = compose(english, wards)
    assert text.startswith("Wards: Thống Nhất, Đoàn Kết.") and "Thống Nhất ward:" in text


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("Ai ký báo cáo 6 tháng đầu năm của phường An Ninh?", "signer"),
        ("Who signed the plan of Doan Ket ward?", "signer"),
        ("Báo cáo của xã Hùng Sơn có số là bao nhiêu?", "number"),
        ("Theo tờ trình số mấy?", None),  # the number of a document another one cites
        ("What is the document number of the notice?", "number"),
        ("Kế hoạch được ban hành vào ngày nào?", "date"),
        ("On what date was the ward's report issued?", "date"),
        ("Cơ quan nào ban hành thông báo?", "issuer"),
        ("Nơi nhận của nghị quyết gồm những ai?", "recipients"),
        ("Công văn có trích yếu là gì?", "title"),
        ("Số hộ nghèo là bao nhiêu?", None),
        ("Tỷ lệ ký kết hợp đồng lao động?", None),
        ("UBND tổ chức hội nghị giao ban thường kỳ tháng 4 vào ngày nào?", None),  # kỳ, not ký
        ("Cơ sở là gì?", None),  # cơ sở (basis), not a number
    ],
)
def test_header_questions_are_recognised(question, field):
    assert header_field_of(header_question_key(question)) == field


@pytest.mark.parametrize(
    ("question", "doc_types", "numbers"),
    [
        ("Theo tờ trình số 13, đề xuất gì?", ("Tờ trình",), ("13",)),
        ("Trong công văn số 101-CV/ĐU yêu cầu gì?", ("Công văn",), ("101-cv/du",)),
        ("Quyết định số 149/QĐ-UBND giao việc gì?", ("Quyết định",), ("149/qd-ubnd",)),
        ("Theo kết luận của Ban Thường vụ, ai phụ trách?", ("Kết luận",), ()),
        ("According to the programme, what is planned?", ("Chương trình",), ()),
        ("Chương trình nông thôn mới đạt gì?", (), ()),  # a topic, not a document
        ("Ban Chỉ đạo được thành lập theo quyết định nào?", (), ()),  # asks which one
        # The number of a document the asked one carries out: no number filter.
        ("Kế hoạch thực hiện Kết luận số 156-KL/TW do ai ký?", (), ()),
    ],
)
def test_every_document_type_and_its_number_become_filters(question, doc_types, numbers):
    stored = ["Báo cáo", "Tờ trình", "Công văn", "Quyết định", "Kết luận", "Chương trình"]
    filters = question_filters(fold(question), stored)
    assert (filters.doc_types, filters.numbers) == (doc_types, numbers)


def test_a_number_filter_finds_the_full_number_from_its_first_part():
    assert SearchFilters(numbers=("13",)).allows_number("13-TTr/ĐU")
    assert SearchFilters(numbers=("101-cv/du",)).allows_number("101-CV/ĐU")
    assert not SearchFilters(numbers=("13",)).allows_number("135-TTr/ĐU")
    assert not SearchFilters(numbers=("13",)).allows_number(None)


def test_a_bad_name_in_one_report_does_not_silence_the_others():
    # A scan once registered a commune "So" (from "Số: 222/TB"); "so" folds from "số" in
    # nearly every sentence. A one-syllable name counts only after its unit word.
    units = [*UNITS, "So"]
    assert UnitNames(units).find("Số hộ nghèo của xã Hùng Sơn là 979; Số liệu mới.") == (
        "Hùng Sơn",
    )
    section = "Số hộ nghèo là 979 hộ."
    cited = _citation(1, section, commune="Hùng Sơn", kind="xã", section=section)
    checked = verify(f"Xã Hùng Sơn: «{section}» [1]", [cited], communes=units)
    assert checked.text and checked.citations


def test_a_factored_alternation_matches_what_the_plain_one_matches() -> None:
    """Names sharing prefixes ("tan", "tan hoa", "tan hoa dong", "phuong 3", "phuong 30")."""
    rng = random.Random(15)
    syllables = ["tan", "hoa", "dong", "an", "phuong", "3", "30", "son", "hung", "ha"]
    for _ in range(200):
        keys = list(
            {
                " ".join(rng.choices(syllables, k=rng.randint(1, 3)))
                for _ in range(rng.randint(1, 8))
            }
        )
        plain = "|".join(re.escape(key) for key in sorted(keys, key=len, reverse=True))
        text = " ".join(rng.choices([*syllables, "xa", "tanh", "30a"], k=12))
        found = [
            m.group() for m in re.finditer(rf"(?<!\w)(?:{prefix_alternation(keys)})(?!\w)", text)
        ]
        assert found == [m.group() for m in re.finditer(rf"(?<!\w)(?:{plain})(?!\w)", text)]
