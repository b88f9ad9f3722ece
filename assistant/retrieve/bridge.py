"""An English question in the reports' own words, through the multilingual embedder.

English words match nothing in Vietnamese reports: lexical search and word matching see
only the names and figures of an English question, and its evidence is found by meaning
alone. The embedder puts an English word near its Vietnamese rendering ("poverty" near
"nghèo", "meeting" near "họp"), but also near unrelated words that merely look alike, so
each question word is mapped only among the content words of the passages a meaning
search finds for the whole question, and only when one of them stands out: its
similarity `min_z` standard deviations above the word's mean similarity to them all
(the passages of the units the question names, when it names some). The
chosen words join the search query and the concepts' phrases, so lexical search and
the evidence features see them. No word list: the vectors of the index's own words are
made at ingest (`ingest.words`). Both constants are chosen by bench/bench_bridge.py
(bench/RESULTS.md, "English questions in the reports' words").
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from assistant.retrieve.candidates import VectorIndex
from assistant.understand.analysis import QuestionAnalysis
from assistant.understand.concepts import Concept
from assistant.understand.language import ENGLISH_STOPWORDS, phrase_key, tokens
from index.types import SearchFilters
from ingest.words import content_words

BRIDGE_HITS = 10
BRIDGE_MIN_Z = 3.5
# Shorter English words are mostly function words and abbreviations the embedder places
# anywhere; a mapping needs a word with a sense of its own.
_MIN_WORD = 3
# A "which units" list or comparison sweeps every unit lexically and lists each unit whose
# best passage passes the list cut-off: a rendering common to every report ("yêu cầu" for
# "requested") would put every unit on the list.
_LISTS = ("which", "compare")


def bridge(
    analysis: QuestionAnalysis,
    index: VectorIndex,
    *,
    hits: int = BRIDGE_HITS,
    min_z: float = BRIDGE_MIN_Z,
) -> QuestionAnalysis:
    """`analysis` with its English words' Vietnamese renderings added (others unchanged)."""
    if analysis.language != "en" or hits <= 0 or analysis.intent in _LISTS:
        return analysis
    words = _english_words(analysis)
    if not words:
        return analysis
    # Words from the reports of the units asked about, when named: other units' reports
    # would make the rendering depend on what else is indexed (a province, not a commune).
    scope = SearchFilters(communes=analysis.communes) if analysis.communes else None
    found = index.search(analysis.search_query, k=hits, mode="dense", filters=scope)
    candidates = list(dict.fromkeys(w for hit in found for w in content_words(hit.chunk.text)))
    if len(candidates) < 2:
        return analysis
    similarity = index.passage_vectors(candidates) @ index.passage_vectors(words).T
    renderings: dict[str, str] = {}
    for column, word in enumerate(words):
        scores = similarity[:, column]
        spread = float(scores.std()) or 1.0
        best = int(np.argmax(scores))
        if (scores[best] - float(scores.mean())) / spread >= min_z:
            renderings[word] = candidates[best]
    if not renderings:
        return analysis
    return replace(
        analysis,
        concepts=_with_renderings(analysis.concepts, renderings),
        search_query=" ".join([analysis.search_query, *dict.fromkeys(renderings.values())]),
    )


def _english_words(analysis: QuestionAnalysis) -> list[str]:
    """The question's English content words (most are not concepts: the reports lack them)."""
    names = {word for commune in analysis.communes for word in tokens(commune)}
    return [
        word
        for word in dict.fromkeys(tokens(analysis.text))
        if word.isascii()
        and word.isalpha()
        and len(word) >= _MIN_WORD
        and word not in ENGLISH_STOPWORDS
        and word not in names
    ]


def _with_renderings(
    concepts: tuple[Concept, ...], renderings: dict[str, str]
) -> tuple[Concept, ...]:
    """A word's rendering joins its concept's phrases, or becomes a concept of its own."""
    extended = tuple(
        replace(c, phrases=(*c.phrases, phrase_key(renderings[c.label])))
        if c.label in renderings
        else c
        for c in concepts
    )
    labels = {c.label for c in concepts}
    added = tuple(
        Concept((phrase_key(rendering),), word)
        for word, rendering in renderings.items()
        if word not in labels
    )
    return extended + added
