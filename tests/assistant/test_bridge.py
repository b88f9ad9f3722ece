"""English questions mapped to the reports' words through (fake) embedder vectors."""

import numpy as np

from assistant.retrieve.bridge import bridge
from assistant.understand.analysis import analyse
from tests.assistant.memory_index import InMemoryIndex, make_chunk
from tests.fakes import HashEmbedder

# Thirty unrelated content words around the one that answers: the embedder's vectors
# for them share nothing, so only a real rendering stands out.
FILLER = ". ".join(f"{onset}{rhyme}" for onset in "bklmnst" for rhyme in ("ái", "ạo", "ến", "ủa"))
CHUNK = make_chunk("Hùng Sơn", f"Tỷ lệ hộ nghèo của xã là 47,52%. {FILLER}")


class RenderingEmbedder(HashEmbedder):
    """Hash vectors, except that an English word gets its rendering's vector."""

    def __init__(self, renderings: dict[str, str]) -> None:
        super().__init__(dimension=64)
        self._renderings = renderings

    def embed_passages(self, texts):
        return super().embed_passages([self._renderings.get(t, t) for t in texts])


def _english(question="What is the poverty rate of Hùng Sơn?"):
    return analyse(question, communes=["Hùng Sơn"])


def test_an_english_word_gains_the_rendering_that_stands_out():
    index = InMemoryIndex([CHUNK], embedder=RenderingEmbedder({"poverty": "hộ nghèo"}))
    bridged = bridge(_english(), index)
    poverty = next(c for c in bridged.concepts if c.label == "poverty")
    assert poverty.phrases == ("poverty", "ho ngheo")
    assert bridged.search_query.endswith(" hộ nghèo")
    # Only the word with a rendering changed, and it searched by meaning.
    rate = next(c for c in bridged.concepts if c.label == "rate")
    assert rate.phrases == ("rate",)
    assert index.searches[0][2] == "dense"


def test_no_rendering_when_no_word_stands_out():
    index = InMemoryIndex([CHUNK], embedder=RenderingEmbedder({}))
    analysis = _english()
    bridged = bridge(analysis, index)
    assert bridged.concepts == analysis.concepts
    assert bridged.search_query == analysis.search_query


def test_a_higher_bar_keeps_a_weaker_rendering_out():
    index = InMemoryIndex([CHUNK], embedder=RenderingEmbedder({"poverty": "hộ nghèo"}))
    analysis = _english()
    top = index.passage_vectors(["poverty"]) @ index.passage_vectors(["hộ nghèo"]).T
    assert np.isclose(top[0, 0], 1.0)
    assert bridge(analysis, index, min_z=50.0).concepts == analysis.concepts


def test_vietnamese_questions_are_not_touched():
    index = InMemoryIndex([CHUNK], embedder=RenderingEmbedder({"ngheo": "hộ nghèo"}))
    analysis = analyse("Tỷ lệ hộ nghèo của xã Hùng Sơn?", communes=["Hùng Sơn"])
    assert bridge(analysis, index) == analysis
    assert index.searches == []


def test_words_of_the_question_that_are_names_or_short_are_not_mapped():
    index = InMemoryIndex([CHUNK], embedder=RenderingEmbedder({"son": "hộ nghèo"}))
    analysis = _english("What is the rate of Hung Son?")
    assert bridge(analysis, index).concepts == analysis.concepts


def test_a_word_the_reports_never_write_becomes_a_concept_of_its_rendering():
    # English words the reports lack are not concepts at all until mapped.
    analysis = analyse(
        "What is the poverty rate of Hùng Sơn?",
        communes=["Hùng Sơn"],
        in_vocabulary=lambda _word: False,
    )
    assert not any(c.label == "poverty" for c in analysis.concepts)
    index = InMemoryIndex([CHUNK], embedder=RenderingEmbedder({"poverty": "nghèo"}))
    bridged = bridge(analysis, index)
    added = [c for c in bridged.concepts if c.label == "poverty"]
    assert [c.phrases for c in added] == [("ngheo",)]


def test_list_questions_are_not_mapped():
    # Every unit's sweep would find a rendering common to all reports and join the list.
    index = InMemoryIndex([CHUNK], embedder=RenderingEmbedder({"poverty": "hộ nghèo"}))
    analysis = _english("Which communes have a poverty rate above 40%?")
    assert analysis.intent == "which"
    assert bridge(analysis, index) == analysis
    assert index.searches == []


def test_renderings_come_from_the_reports_of_the_units_named():
    # Another unit's report writes the word the embedder places next to "poverty".
    other = make_chunk("Lùng Phình", f"Poverty rate: số hộ đói giáp hạt giảm mạnh. {FILLER}")
    index = InMemoryIndex([CHUNK, other], embedder=RenderingEmbedder({"poverty": "đói"}))
    named = bridge(_english(), index)
    assert index.searches[0][1].communes == ("Hùng Sơn",)
    assert "doi" not in next(c for c in named.concepts if c.label == "poverty").phrases
    unnamed = bridge(analyse("What is the poverty rate?", communes=["Hùng Sơn"]), index)
    assert "doi" in next(c for c in unnamed.concepts if c.label == "poverty").phrases
