"""The Assistant end to end over an in-memory index of hand-made chunks."""

import pytest

from assistant import Assistant, QuestionTooLongError, SearchFilters, Turn
from assistant.retrieve.search import retrieve
from assistant.understand.analysis import analyse
from assistant.verify.checks import is_quoted_from
from ingest.folding import fold
from tests.assistant.corpus import sample_chunks
from tests.assistant.llm_server import scripted_llm_server
from tests.assistant.memory_index import InMemoryIndex, make_chunk
from tests.fakes import ScriptedChatModel, words_evidence_model

WORDS = words_evidence_model()


@pytest.fixture
def index():
    return InMemoryIndex(sample_chunks())


@pytest.fixture
def assistant(index):
    return Assistant(index, model=WORDS)


def assert_grounded(answer):
    assert answer.citations
    for citation in answer.citations:
        assert is_quoted_from(citation.quote, citation.section_text)
        assert f"[{citation.number}]" in answer.text
    cited = {fold(c.commune) for c in answer.citations}
    assert all(fold(name) in cited for name in answer.communes)


def test_fact_answer_names_commune_and_quotes_figure(assistant):
    answer = assistant.ask("Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?")
    assert not answer.abstained
    assert answer.communes == ("Hùng Sơn",)
    assert "47,52%" in answer.text and "Hùng Sơn" in answer.text
    assert answer.citations[0].document.startswith("Xã Hùng Sơn")
    assert answer.hits[0].chunk.chunk_id == answer.citations[0].chunk_id
    assert_grounded(answer)


def test_english_question_answers_in_english_with_vietnamese_quote(assistant):
    # The in-memory index carries no meaning across languages: a name both share.
    answer = assistant.ask("Which villages of Hùng Sơn are named with Arooi and Ating?")
    assert answer.language == "en"
    assert answer.communes == ("Hùng Sơn",)
    assert "Hùng Sơn commune:" in answer.text and "san ủi mặt bằng" in answer.text
    assert_grounded(answer)


def test_which_communes_lists_every_supporting_commune(index):
    index.add([make_chunk("Lùng Phình", "100% cử tri tham gia bầu cử đại biểu Quốc hội khóa XVI.")])
    answer = Assistant(index, model=WORDS).ask(
        "Những xã nào có 100% cử tri tham gia bầu cử Quốc hội?"
    )
    assert set(answer.communes) == {"Lùng Phình", "Mường Kim"}
    assert {c.commune for c in answer.citations} == {"Lùng Phình", "Mường Kim"}
    assert_grounded(answer)


def test_which_question_sweeps_every_commune_in_one_search(index):
    index.add([make_chunk("Lùng Phình", "Duy trì tuần tra ban đêm tại các thôn.")])
    answer = Assistant(index, model=WORDS).ask("Xã nào có tuần tra ban đêm?")
    modes = [mode for _, _, mode in index.searches]
    # One scoring of the corpus for every unit, not one search per unit.
    assert modes.count("by_unit") == 1 and "lexical" not in modes
    assert "Lùng Phình" in answer.communes


def test_an_english_which_question_sweeps_the_units_by_meaning(index):
    # Its words are not the reports' words: a lexical sweep would pick by year or name.
    Assistant(index, model=WORDS).ask("Which communes patrol at night?")
    Assistant(index, model=WORDS).ask("Xã nào có tuần tra ban đêm?")
    sweeps = [mode for _, _, mode in index.searches if mode.startswith("by_unit")]
    assert sweeps == ["by_unit_dense", "by_unit"]


def test_comparison_names_the_commune_with_the_highest_figure(assistant):
    answer = assistant.ask("Xã nào có tỷ lệ hộ nghèo cao nhất?")
    assert answer.text.startswith("Xã Hùng Sơn có số liệu cao nhất")
    assert answer.communes[0] == "Hùng Sơn"
    assert "47,52%" in answer.text and "25,46%" in answer.text
    # Each compared commune keeps its own citation, in ranked order.
    assert [c.commune for c in answer.citations][:2] == ["Hùng Sơn", "Lùng Phình"]
    assert_grounded(answer)


def test_unanswerable_question_abstains_without_citations(assistant):
    answer = assistant.ask("How many tourists visited Quan Sơn in April 2026?")
    assert answer.abstained and not answer.citations
    assert answer.text.startswith("The reports do not contain")
    answer = assistant.ask("Xã Lùng Phình đề nghị hỗ trợ xây dựng nhà máy thủy điện nào?")
    assert answer.abstained and answer.text.startswith("Các báo cáo không có thông tin")


def test_follow_up_stays_on_the_commune_of_the_history(assistant):
    history = [
        Turn("user", "Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?"),
        Turn("assistant", "Tỷ lệ hộ nghèo của xã Hùng Sơn là 47,52%."),
    ]
    answer = assistant.ask("Còn tỷ lệ cận nghèo thì sao?", history=history)
    assert answer.communes == ("Hùng Sơn",)
    assert "0,53%" in answer.text


def test_filters_as_dict_restrict_the_search(assistant):
    answer = assistant.ask("Tỷ lệ hộ nghèo là bao nhiêu?", filters={"communes": ["Mường Kim"]})
    assert answer.communes == ("Mường Kim",)
    hits = assistant.search("hộ nghèo", filters=SearchFilters(communes=("Lùng Phình",)))
    assert {hit.chunk.metadata.commune for hit in hits} == {"Lùng Phình"}


def test_too_long_question_is_refused_with_the_limit():
    assistant = Assistant(InMemoryIndex(sample_chunks()), model=WORDS, max_question_chars=20)
    with pytest.raises(QuestionTooLongError, match="limit is 20"):
        assistant.ask("x" * 21)


def test_corpus_cache_follows_deletes(index, assistant):
    assert not assistant.ask("Sản lượng chè búp khô của xã Mường Kim?").abstained
    report_id = next(r.report_id for r in index.reports() if r.commune == "Mường Kim")
    assistant.delete(report_id)
    assert assistant.ask("Sản lượng chè búp khô của xã Mường Kim?").abstained


def test_answer_to_dict_matches_the_cli_contract(assistant):
    data = assistant.ask("Xã Mường Kim đạt bao nhiêu tiêu chí nông thôn mới?").to_dict()
    assert {"answer", "abstained", "communes", "citations", "timings_ms"} <= set(data)
    assert {
        "n",
        "quote",
        "text",
        "commune",
        "source",
        "report_id",
        "section",
        "labels",
        "page",
        "score",
    } <= set(data["citations"][0])
    assert "4/10" in data["answer"]


def test_llm_answer_is_used_when_it_verifies(index):
    model = ScriptedChatModel(["Xã Hùng Sơn có 07 trường học [1]."])
    answer = Assistant(index, model=WORDS, chat_model=model).ask(
        "Xã Hùng Sơn có bao nhiêu trường học?"
    )
    assert answer.mode == "llm" and answer.text == "Xã Hùng Sơn có 07 trường học [1]."
    assert "07 trường học" in answer.citations[0].quote
    assert "untrusted" in model.prompts[0]


@pytest.mark.parametrize(
    "behaviour", [("error", 500), ("reply", "Không có trích dẫn."), ("endless", "")]
)
def test_llm_failures_fall_back_to_the_extractive_answer_with_a_note(index, behaviour):
    with scripted_llm_server([behaviour]) as server:
        from assistant import LlamaIndexChatModel

        model = LlamaIndexChatModel("scripted", base_url=server.base_url)
        answer = Assistant(index, model=WORDS, chat_model=model, llm_timeout_s=3).ask(
            "Xã Hùng Sơn có bao nhiêu trường học?"
        )
    assert answer.mode == "extractive" and not answer.abstained
    assert "1.683" in answer.text
    assert answer.notes and "mô hình ngôn ngữ" in answer.notes[0]


def test_unrelated_question_after_history_is_answered_on_its_own(assistant):
    history = [Turn("user", "Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?")]
    answer = assistant.ask("Công an xã được giao xây dựng kế hoạch gì?", history=history)
    assert not answer.abstained
    assert answer.communes == ("Quan Sơn",) and "tuần tra ban đêm" in answer.text


def test_footnote_of_a_quoted_sentence_is_quoted_too():
    chunk = make_chunk(
        "Mường Kim",
        "Xã đạt 4/10 tiêu chí NTM, có 04 sản phẩm đạt OCOP 3 sao(5).\n"
        "(5) Mật ong Pha Mu, Chè Tu San.",
    )
    answer = Assistant(InMemoryIndex([chunk]), model=WORDS).ask(
        "Xã Mường Kim có bao nhiêu sản phẩm OCOP?"
    )
    assert "Pha Mu" in answer.text
    assert [c.quote for c in answer.citations][-1] == "(5) Mật ong Pha Mu, Chè Tu San."


def test_next_sentence_completes_the_answer():
    chunk = make_chunk(
        "Quan Sơn",
        "Ngày 23 tháng 4 năm 2026, UBND xã tổ chức Hội nghị giao ban thường kỳ tháng 4. "
        "Sau khi thảo luận, đồng chí Nguyễn Hùng Mạnh, Chủ tịch UBND xã kết luận như sau:",
    )
    answer = Assistant(InMemoryIndex([chunk]), model=WORDS).ask(
        "Ai kết luận Hội nghị giao ban thường kỳ tháng 4 của xã Quan Sơn?"
    )
    assert "Nguyễn Hùng Mạnh" in answer.text


def test_commune_without_reports_is_not_answered_from_a_neighbour(assistant):
    answer = assistant.ask("Tỷ lệ hộ nghèo của xã Tây Giang là bao nhiêu?")
    assert answer.abstained and not answer.citations


def test_pdf_hard_wraps_do_not_cut_a_quoted_sentence():
    chunk = make_chunk(
        "Vũ Quang",
        "Tỷ lệ người tham gia bảo hiểm y tế\nnăm 2026 đạt 94%.\n- Mục tiêu khác.",
    )
    answer = Assistant(InMemoryIndex([chunk]), model=WORDS).ask(
        "Tỷ lệ tham gia bảo hiểm y tế năm 2026 của xã Vũ Quang là bao nhiêu?"
    )
    assert answer.citations[0].quote == "Tỷ lệ người tham gia bảo hiểm y tế năm 2026 đạt 94%."
    assert_grounded(answer)


def _quarters() -> InMemoryIndex:
    return InMemoryIndex(
        [
            # The quý I report names quý II too (its targets): only the filter tells them
            # apart.
            make_chunk(
                "Hùng Sơn",
                "Phấn đấu đến quý II/2026 giảm tỷ lệ hộ nghèo, tỷ lệ hộ nghèo là 47,52%.",
                period="quý I/2026",
                date="2026-03-30",
            ),
            make_chunk(
                "Hùng Sơn",
                "Trong quý II/2026, tỷ lệ hộ nghèo là 45,10% (930 hộ nghèo).",
                period="quý II/2026",
                date="2026-06-30",
            ),
        ]
    )


def test_a_named_period_answers_from_that_periods_report_and_says_which():
    answer = Assistant(_quarters(), model=WORDS).ask("Tỷ lệ hộ nghèo của xã Hùng Sơn quý II/2026?")
    assert "45,10%" in answer.text and "47,52%" not in answer.text
    assert "quý II/2026" in answer.citations[0].document


def test_a_period_no_report_covers_is_not_answered_from_another():
    answer = Assistant(_quarters(), model=WORDS).ask("Tỷ lệ hộ nghèo của xã Hùng Sơn quý III/2026?")
    assert answer.abstained and not answer.citations
    assert "quý II/2026, quý I/2026" in answer.text  # the periods there are, newest first


def test_a_trend_lists_each_periods_figure_in_time_order_with_the_change():
    answer = Assistant(_quarters(), model=WORDS).ask(
        "Tỷ lệ hộ nghèo xã Hùng Sơn thay đổi thế nào từ quý I đến quý II/2026?"
    )
    assert not answer.abstained
    assert answer.text.index("quý I/2026: 47,52%") < answer.text.index("quý II/2026: 45,10%")
    assert "giảm 2,42 điểm phần trăm" in answer.text
    assert [c.document.split(" — ")[1].split(" 1/BC")[0] for c in answer.citations] == [
        "Báo cáo quý I/2026",
        "Báo cáo quý II/2026",
    ]
    assert_grounded(answer)


def test_a_trend_names_the_lowest_period_when_asked():
    answer = Assistant(_quarters(), model=WORDS).ask(
        "Quý nào tỷ lệ hộ nghèo của xã Hùng Sơn thấp nhất?"
    )
    assert "Thấp nhất: quý II/2026 (45,10%)" in answer.text


def test_no_period_named_leads_with_the_newest_report_and_lists_the_older_one():
    answer = Assistant(_quarters(), model=WORDS).ask("Tỷ lệ hộ nghèo của xã Hùng Sơn?")
    first_line = answer.text.splitlines()[0]
    assert first_line.startswith("45,10% (quý II/2026")
    assert "quý I/2026: 47,52%" in answer.text
    assert "quý II/2026" in answer.citations[0].document
    assert_grounded(answer)


def test_a_letter_dated_in_a_month_is_not_a_period_of_the_series():
    index = InMemoryIndex(
        [
            make_chunk("Hùng Sơn", "Tỷ lệ hộ nghèo là 47,52%.", period="quý I/2026"),
            make_chunk(
                "Hùng Sơn", "Tỷ lệ hộ nghèo là 45,10%.", period="tháng 5/2026", doc_type="Công văn"
            ),
        ]
    )
    answer = Assistant(index, model=WORDS).ask("Tỷ lệ hộ nghèo của xã Hùng Sơn?")
    assert "kỳ gần nhất" not in answer.text and "Các kỳ trước" not in answer.text


def test_a_period_only_planned_is_answered_from_the_report_that_plans_it():
    index = InMemoryIndex(
        [
            make_chunk(
                "Hùng Sơn",
                "Quý IV/2025 tổ chức Đại hội Mặt trận Tổ quốc xã vào ngày 20/11/2025.",
                labels=("III",),
                period="quý III/2025",
                title="Tình hình thực hiện nhiệm vụ quý III và nhiệm vụ trọng tâm quý IV năm 2025",
            )
        ]
    )
    answer = Assistant(index, model=WORDS).ask(
        "Theo nhiệm vụ quý IV/2025, xã Hùng Sơn tổ chức Đại hội Mặt trận Tổ quốc ngày nào?"
    )
    assert not answer.abstained and "20/11/2025" in answer.text


def _years_and_months() -> InMemoryIndex:
    return InMemoryIndex(
        [
            make_chunk("Hùng Sơn", "Tỷ lệ hộ nghèo là 50,10%.", period="năm 2024"),
            make_chunk("Hùng Sơn", "Tỷ lệ hộ nghèo là 47,52%.", period="năm 2025"),
            make_chunk("Hùng Sơn", "Tỷ lệ hộ nghèo là 46,90%.", period="tháng 4/2026"),
            make_chunk("Hùng Sơn", "Tỷ lệ hộ nghèo là 45,10%.", period="tháng 5/2026"),
        ]
    )


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        # "Last year" counts from the newest report (2026), not from today's date.
        ("Tỷ lệ hộ nghèo của xã Hùng Sơn năm ngoái?", "47,52%"),
        ("Ty le ho ngheo cua xa Hung Son nam ngoai?", "47,52%"),
        # A month names the monthly report when the library has one.
        ("Tỷ lệ hộ nghèo của xã Hùng Sơn tháng 4/2026?", "46,90%"),
    ],
)
def test_relative_years_and_months_name_the_report_of_that_period(question, figure):
    answer = Assistant(_years_and_months(), model=WORDS).ask(question)
    quoted = [citation.quote for citation in answer.citations]
    assert quoted == [f"Tỷ lệ hộ nghèo là {figure}."]


def test_the_sweep_keeps_fewer_chunks_per_unit_when_many_units_match():
    units = [f"Tân {name}" for name in ("An", "Bình", "Hòa", "Phú", "Lộc", "Thạnh")]
    chunks = [
        make_chunk(unit, f"Tuần tra ban đêm đợt {n} tại thôn {n}.", labels=("I", str(n)))
        for unit in units
        for n in range(1, 4)
    ]
    index = InMemoryIndex(chunks)
    analysis = analyse("Xã nào có tuần tra ban đêm?", communes=units)
    roomy = retrieve(
        index, analysis, top_k=0, communes=units, filters=SearchFilters(), sweep_chunks=400
    )
    tight = retrieve(
        index, analysis, top_k=0, communes=units, filters=SearchFilters(), sweep_chunks=6
    )
    assert len(roomy) == 18
    # Six units, six chunks in all: each unit keeps its best one, and none is dropped.
    assert len(tight) == 6 and {hit.chunk.metadata.commune for hit in tight} == set(units)


def test_a_comparison_searches_only_the_units_it_names():
    # Another unit's near-identical report must not take the comparison's top places: at
    # a province's scale its passages moved the answer away from what the two units say.
    units = ["Hùng Sơn", "Mường Kim", "Quan Sơn"]
    chunks = [
        make_chunk(unit, f"Tỷ lệ hộ nghèo của xã {unit} là {n},5%.", ordinal=1)
        for n, unit in enumerate(units, start=3)
    ]
    index = InMemoryIndex(chunks)
    analysis = analyse("So sánh tỷ lệ hộ nghèo của xã Hùng Sơn và xã Mường Kim", communes=units)
    assert analysis.intent == "compare"
    hits = retrieve(index, analysis, top_k=8, communes=units, filters=SearchFilters())
    assert {hit.chunk.metadata.commune for hit in hits} == {"Hùng Sơn", "Mường Kim"}
    first, *per_unit = index.searches
    assert first[1] is not None and set(first[1].communes) == {"Hùng Sơn", "Mường Kim"}
    assert [set(f.communes) for _, f, _ in per_unit] == [{"Hùng Sơn"}, {"Mường Kim"}]


def test_a_units_one_swept_chunk_is_chosen_by_what_is_asked_not_by_the_question_frame():
    # Six units and room for one chunk each: the chunk sharing the question's frame
    # ("xã nào có … cao nhất") must not take the place of the one holding the figure.
    units = [f"Tân {name}" for name in ("An", "Bình", "Hòa", "Phú", "Lộc", "Thạnh")]
    chunks = [
        chunk
        for unit in units
        for chunk in (
            make_chunk(unit, "Xã nào cũng có giá cả tăng cao nhất.", labels=("I",)),
            make_chunk(unit, "Tỷ lệ hộ nghèo còn 12,5%.", labels=("II",)),
        )
    ]
    analysis = analyse("Xã nào có tỷ lệ hộ nghèo cao nhất?", communes=units)
    hits = retrieve(
        InMemoryIndex(chunks),
        analysis,
        top_k=0,
        communes=units,
        filters=SearchFilters(),
        sweep_chunks=6,
    )
    assert [hit.chunk.labels for hit in hits] == [("II",)] * 6
