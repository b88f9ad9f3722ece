"""The evidence stage: features, the fitted model's file, scoring and selection."""

import json

import numpy as np
import pytest

from assistant import Assistant
from assistant.corpus import build_corpus
from assistant.errors import AssistantError
from assistant.evidence.answerability import (
    QUESTION_FEATURES,
    question_features,
    top_hit_passages,
)
from assistant.evidence.features import FEATURES, passage_features, shared_ranks
from assistant.evidence.model import MODEL_FILE, EvidenceModel, Logistic, load_model
from assistant.evidence.scoring import score
from assistant.evidence.selection import select_fact, select_per_commune
from assistant.passages import split_passages
from assistant.retrieve.candidates import TOP_K, Candidates, gather
from assistant.understand.analysis import analyse
from tests.assistant.corpus import sample_chunks
from tests.assistant.memory_index import InMemoryIndex, make_chunk
from tests.fakes import words_evidence_model

COMMUNES = ["Hùng Sơn", "Lùng Phình", "Mường Kim", "Quan Sơn", "Vũ Quang"]


def inputs(index, question):
    corpus = build_corpus(index.reports(), index.chunks(), index.communes())
    analysis = analyse(question, communes=corpus.communes)
    candidates = gather(index, analysis, corpus, top_k=8, filters=analysis.filters)
    return analysis, candidates, passage_features(analysis, candidates, corpus)


def column(features, name):
    return features.matrix[:, FEATURES.index(name)]


def test_features_read_words_values_and_rank():
    index = InMemoryIndex(sample_chunks())
    _, candidates, features = inputs(index, "Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?")
    assert features.matrix.shape == (len(candidates), len(FEATURES))
    texts = [p.text for p in candidates.passages]
    answer = next(i for i, t in enumerate(texts) if "47,52%" in t)
    other = next(i for i, t in enumerate(texts) if "07 trường học" in t)
    assert column(features, "lexical")[answer] > column(features, "lexical")[other]
    assert column(features, "value_quantity")[answer] == 1.0
    # Gaps are against the best candidate: the best has 0, the rest less.
    assert column(features, "lexical_gap").max() == 0.0
    assert (column(features, "lexical_gap") <= 0).all()
    assert column(features, "english").max() == 0.0


def test_a_rare_word_pair_weighs_more_than_a_common_one():
    chunks = [
        make_chunk("Công Hải", "Có 200 hộ nghèo thiếu nước sinh hoạt."),
        make_chunk("Công Hải", "Hộ nghèo được hỗ trợ kịp thời.", ordinal=1),
        *(make_chunk("Công Hải", f"Thôn {n} còn nhiều hộ nghèo.", ordinal=2 + n) for n in range(6)),
    ]
    index = InMemoryIndex(chunks)
    _, candidates, features = inputs(index, "Bao nhiêu hộ nghèo thiếu nước sinh hoạt?")
    texts = [p.text for p in candidates.passages]
    answer = texts.index("Có 200 hộ nghèo thiếu nước sinh hoạt.")
    common = texts.index("Hộ nghèo được hỗ trợ kịp thời.")
    assert column(features, "phrase_weight")[answer] == pytest.approx(1.0)
    # "hộ nghèo" is in every passage: its pair says little next to "thiếu nước".
    assert 0 < column(features, "phrase_weight")[common] < column(features, "phrase")[common]


def test_a_question_asking_no_value_has_no_value_features():
    index = InMemoryIndex(sample_chunks())
    _, _, features = inputs(index, "Công an xã được giao xây dựng kế hoạch gì?")
    assert column(features, "value").max() == 0.0 and column(features, "no_value").max() == 0.0


def test_sections_of_a_short_document_join_the_candidates():
    # The question's date is under "Thời gian", the answer under "Địa điểm".
    chunks = [
        make_chunk("Công Hải", "Thời gian: Vào lúc 14 giờ 00, ngày 24/3/2026.", labels=("1",)),
        make_chunk("Công Hải", "Địa điểm: Phòng họp Đảng uỷ.", labels=("2",), ordinal=1),
    ]
    index = InMemoryIndex(chunks)
    _, candidates, features = inputs(index, "Cuộc họp ngày 24/3/2026 ở đâu?")
    place = next(i for i, p in enumerate(candidates.passages) if "Phòng họp" in p.text)
    # Its document holds the asked date; the sentence itself does not.
    assert column(features, "document")[place] > column(features, "lexical")[place]
    assert column(features, "value_place")[place] == 1.0


def test_the_shipped_model_matches_the_features_and_says_where_it_came_from():
    model = load_model()
    assert model.passages.features == FEATURES == model.ranking.features
    assert model.questions.features == QUESTION_FEATURES
    assert 0 < model.answer_threshold < 1 and 0 < model.list_threshold < 1
    assert "bench/fit_evidence.py" in model.provenance["command"]
    assert model.provenance["questions"]  # fitted on data, named per set


def test_a_model_for_other_features_is_refused(tmp_path):
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    data["passages"]["features"] = data["passages"]["features"][:-1]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AssistantError, match="refit it"):
        load_model(path)


def test_model_round_trips_through_its_file():
    model = load_model()
    again = EvidenceModel.from_dict(json.loads(json.dumps(model.to_dict())))
    x = np.random.default_rng(0).normal(size=(5, len(FEATURES)))
    assert np.allclose(model.passages.probabilities(x), again.passages.probabilities(x))


def test_question_features_read_the_best_passage_and_its_margin():
    matrix = np.zeros((3, len(FEATURES)))
    matrix[1, FEATURES.index("lexical")] = 0.8
    row = question_features(np.array([0.2, 0.9, 0.1]), matrix, top_hits=3)
    assert row[QUESTION_FEATURES.index("top_lexical")] == 0.8
    assert row[QUESTION_FEATURES.index("margin")] == pytest.approx(np.log(9) - np.log(0.25))
    # Ranked otherwise, the best passage is the ranking's first, not the most probable.
    ranked = question_features(np.array([0.2, 0.9, 0.1]), matrix, np.array([0, 1, 2]), top_hits=3)
    assert ranked[QUESTION_FEATURES.index("top_lexical")] == 0.0
    assert ranked[QUESTION_FEATURES.index("top_logit")] == pytest.approx(np.log(0.25))
    empty = question_features(np.zeros(0), np.zeros((0, len(FEATURES))), top_hits=0)
    assert empty[QUESTION_FEATURES.index("top_logit")] < -5


def test_only_the_top_hits_passages_count_as_candidates():
    # A list's sweep adds every unit's passages: whether it is answered must not depend on
    # how many units are indexed.
    assert top_hit_passages([0, 0, 1, TOP_K - 1, TOP_K, TOP_K + 500]) == 4
    matrix = np.zeros((2, len(FEATURES)))
    row = question_features(np.array([0.2, 0.9]), matrix, top_hits=4)
    assert row[QUESTION_FEATURES.index("candidates")] == pytest.approx(np.log1p(4))


def test_scoring_ranks_by_probability_and_abstains_below_the_cut_off():
    index = InMemoryIndex(sample_chunks())
    _, candidates, features = inputs(index, "Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?")
    scored = score(candidates, features, words_evidence_model())
    probabilities = [item.probability for item in scored.ranked]
    assert probabilities == sorted(probabilities, reverse=True)
    assert scored.is_answered and "47,52%" in scored.ranked[0].passage.text
    strict = score(candidates, features, words_evidence_model(answer_threshold=0.9999))
    assert not strict.is_answered and select_fact(strict) == []


def ranking_by(name, sign=1.0):
    weights = np.array([sign if feature == name else 0.0 for feature in FEATURES])
    return Logistic(FEATURES, np.zeros(len(FEATURES)), np.ones(len(FEATURES)), weights, 0.0)


def test_the_ranking_model_orders_passages_and_the_passage_model_gives_probabilities():
    index = InMemoryIndex(sample_chunks())
    _, candidates, features = inputs(index, "Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?")
    words = words_evidence_model()
    # A ranking that prefers the sentences holding the fewest of the question's words.
    model = EvidenceModel(
        words.passages, ranking_by("lexical", -1.0), words.questions, 0.0, 0.3, {}
    )
    scored = score(candidates, features, model)
    lexical = column(features, "lexical")
    order = [candidates.passages.index(item.passage) for item in scored.ranked]
    assert [lexical[i] for i in order] == sorted(lexical)
    expected = words.passages.probabilities(features.matrix)
    assert [item.probability for item in scored.ranked] == [float(expected[i]) for i in order]
    assert "47,52%" not in scored.best.passage.text


def test_a_list_takes_each_unit_reaching_the_cut_off_whatever_the_ranking():
    index = InMemoryIndex(
        [
            *sample_chunks(),
            make_chunk("Lùng Phình", "100% cử tri tham gia bầu cử đại biểu Quốc hội khóa XVI."),
        ]
    )
    question = "Những xã nào có 100% cử tri tham gia bầu cử Quốc hội?"
    _, candidates, features = inputs(index, question)
    words = words_evidence_model()
    # Ranked worst first: passages below the cut-off come before those above it.
    model = EvidenceModel(
        words.passages, ranking_by("lexical", -1.0), words.questions, 0.0, 0.3, {}
    )
    units = {
        item.passage.commune for item in select_per_commune(score(candidates, features, model))
    }
    assert units == {"Lùng Phình", "Mường Kim"}


def test_a_list_takes_each_unit_reaching_the_list_cut_off():
    index = InMemoryIndex(
        [
            *sample_chunks(),
            make_chunk("Lùng Phình", "100% cử tri tham gia bầu cử đại biểu Quốc hội khóa XVI."),
        ]
    )
    question = "Những xã nào có 100% cử tri tham gia bầu cử Quốc hội?"
    _, candidates, features = inputs(index, question)
    scored = score(candidates, features, words_evidence_model())
    units = {item.passage.commune for item in select_per_commune(scored)}
    assert units == {"Lùng Phình", "Mường Kim"}


def test_assistant_uses_the_model_it_is_given():
    index = InMemoryIndex(sample_chunks())
    question = "Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?"
    assert not Assistant(index, model=words_evidence_model()).ask(question).abstained
    never = words_evidence_model(answer_threshold=0.99999)
    assert Assistant(index, model=never).ask(question).abstained


def test_units_writing_the_same_sentence_share_its_best_rank():
    # Which of many units writing one sentence reach a list's top hits is arbitrary.
    written = [
        ("Hùng Sơn", "Trạm Y tế xã Hùng Sơn kiểm tra 12 bếp ăn bán trú."),
        ("Tân Hòa", "Trạm Y tế xã Tân Hòa kiểm tra 7 bếp ăn bán trú."),
        ("Quan Sơn", "Trạm Y tế xã Quan Sơn kiểm tra 3 bếp ăn của chợ."),
        ("Mường Kim", "Trạm Y tế xã Hùng Sơn kiểm tra 5 bếp ăn bán trú."),
    ]
    passages = tuple(split_passages(make_chunk(unit, text))[0] for unit, text in written)
    empty = np.zeros((len(passages), 4))
    candidates = Candidates(
        hits=(),
        passages=passages,
        ranks=(40, 3, 41, 42),
        is_neighbour=(False,) * len(passages),
        vectors=empty,
        chunk_vectors=empty,
        query=np.zeros(4),
    )
    # Another sentence keeps its rank; so does one naming another unit than its own.
    assert shared_ranks(candidates) == [3, 3, 41, 42]
