"""Features of a candidate passage: signals that transfer to any commune's reports.

Nothing here knows a particular report. Words are weighted by how rare they are in the
user's own index (IDF over its passages); meaning comes from the bundled multilingual
embedder at sentence level (so an English question can match a Vietnamese sentence);
the rest is where the passage sits (its headings, title and neighbour sentence, its
document, its retrieval rank) and whether it holds the kind of value asked for. The
weights that combine them are fitted on labelled questions (`model.py`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from assistant.corpus import Corpus
from assistant.evidence.holders import Holders
from assistant.evidence.values import find_values, is_specific
from assistant.passages import Passage, contains, fold_tokens
from assistant.retrieve.candidates import Candidates
from assistant.term_stats import TermStats
from assistant.understand.analysis import QuestionAnalysis
from assistant.understand.concepts import Needle, concept_needles, holds_needles
from assistant.understand.language import tokens
from ingest.words import VIETNAMESE_STOPWORDS

Matrix = npt.NDArray[np.float64]

FEATURES = (
    "lexical",  # share of the question's word weight in the sentence
    "context",  # ... in the sentence with its headings, document title, sentence before
    "document",  # ... anywhere in the sentence's document
    "document_gap",  # document minus the best candidate document's
    "missing",  # the largest share of the question's weight one concept missing from
    # the sentence and its context carries (the rarest thing asked about, unanswered)
    "unseen",  # share of the question's weight in words no passage of the index holds
    "phrase",  # share of the question's word pairs written together in the sentence
    "phrase_weight",  # ... each pair weighted by its IDF (a rare pair names the thing)
    "dense",  # cosine of question and sentence vectors
    "dense_gap",  # dense minus the best candidate's
    "chunk_dense",  # cosine of question and the sentence's chunk (with its breadcrumb)
    "chunk_dense_gap",  # chunk_dense minus the best candidate's
    "lexical_gap",  # lexical minus the best candidate's
    "rank",  # 1 / (1 + position of the retrieval hit that brought the sentence; for a
    # "which units" question, the best position of the same sentence in any unit)
    "neighbour",  # brought as another section of a short document, not by a hit
    "preamble",  # in the document's unnumbered opening (header, title, addressees)
    "value",  # the question asks a value (date, figure…) and the sentence has one
    "no_value",  # the question asks a value and the sentence has none
    "value_time",  # ... a clock time, and the sentence has one
    "value_date",  # ... a date, and the sentence has one
    "value_quantity",  # ... a figure, and the sentence has one
    "value_person",  # ... a person, and the sentence names one
    "value_place",  # ... a place, and the sentence names one
    "value_document",  # ... a document number, and the sentence has one
    "english",  # the question is in English (its words rarely match Vietnamese text)
    "english_dense",  # english x dense: meaning carries English questions
    "english_chunk_dense",  # english x chunk_dense
    "english_rank",  # english x rank: their search is nearly all meaning too
    "length",  # log of the sentence length (very short lines say little)
)


@dataclass(frozen=True, slots=True)
class PassageFeatures:
    """One row of `FEATURES` per candidate passage; concepts each sentence mentions."""

    matrix: Matrix
    matched: tuple[frozenset[int], ...]
    weights: tuple[float, ...]


def passage_features(
    analysis: QuestionAnalysis, candidates: Candidates, corpus: Corpus
) -> PassageFeatures:
    """The feature matrix of every candidate passage (rows in candidate order)."""
    weights = concept_weights(analysis, corpus.stats)
    total = sum(weights) or 1.0
    unseen = sum(
        w
        for c, w in zip(analysis.concepts, weights, strict=True)
        if not corpus.stats.has_any(c.phrases)
    )
    concepts = analysis.concepts
    needles = [concept_needles(concept) for concept in concepts]
    bigrams = question_bigrams(analysis)
    bigram_weights = [corpus.stats.weight((bigram,)) for bigram in bigrams]
    ones = [1.0] * len(bigrams)
    reports = {passage.chunk.report_id for passage in candidates.passages}
    holders = Holders.of(concepts, bigrams, corpus.stats, among=reports)
    document_cover = _document_coverage(needles, candidates, corpus, weights, holders)
    wants_value = analysis.answer_types != ("other",) and analysis.answer_types != ("yesno",)
    english = 1.0 if analysis.language == "en" else 0.0
    dense = candidates.vectors @ candidates.query if len(candidates) else np.zeros(0)
    chunk_dense = candidates.chunk_vectors @ candidates.query if len(candidates) else dense
    ranks = shared_ranks(candidates) if analysis.intent == "which" else candidates.ranks
    best_document = max(document_cover.values(), default=0.0)
    matrix = np.zeros((len(candidates), len(FEATURES)))
    column = {name: i for i, name in enumerate(FEATURES)}
    matched: list[frozenset[int]] = []
    for i, passage in enumerate(candidates.passages):
        report_id = passage.chunk.report_id
        found = _found(
            needles, passage.folded, passage.text.lower(), holders.concepts_in(report_id)
        )
        unfound = [c for c in range(len(concepts)) if c not in found]
        in_context = found | _found(needles, *_context(passage, corpus), unfound)
        kinds = {
            value.kind
            for value in find_values(passage.text, analysis.answer_types)
            if is_specific(value)
        }
        row = matrix[i]
        row[column["lexical"]] = sum(weights[c] for c in found) / total
        row[column["context"]] = sum(weights[c] for c in in_context) / total
        row[column["missing"]] = max(
            (weights[c] / total for c in range(len(concepts)) if c not in in_context), default=0.0
        )
        row[column["unseen"]] = unseen / total
        row[column["document"]] = document_cover[passage.chunk.report_id]
        row[column["document_gap"]] = row[column["document"]] - best_document
        pairs = holders.bigrams_in(report_id)
        row[column["phrase"]] = _weighted_share(bigrams, ones, passage.folded, pairs)
        row[column["phrase_weight"]] = _weighted_share(
            bigrams, bigram_weights, passage.folded, pairs
        )
        row[column["dense"]] = dense[i]
        row[column["chunk_dense"]] = chunk_dense[i]
        row[column["rank"]] = 1.0 / (1 + ranks[i])
        row[column["neighbour"]] = 1.0 if candidates.is_neighbour[i] else 0.0
        row[column["preamble"]] = (
            1.0 if passage.chunk.ordinal == 0 and not passage.chunk.labels else 0.0
        )
        row[column["value"]] = 1.0 if wants_value and kinds else 0.0
        row[column["no_value"]] = 1.0 if wants_value and not kinds else 0.0
        for kind in kinds:
            row[column[f"value_{kind}"]] = 1.0
        row[column["english"]] = english
        row[column["english_dense"]] = english * dense[i]
        row[column["english_chunk_dense"]] = english * chunk_dense[i]
        row[column["english_rank"]] = english * row[column["rank"]]
        row[column["length"]] = math.log1p(len(passage.text) / 100)
        matched.append(frozenset(found))
    if len(candidates):
        for gap, source in (
            ("dense_gap", "dense"),
            ("chunk_dense_gap", "chunk_dense"),
            ("lexical_gap", "lexical"),
        ):
            values = matrix[:, column[source]]
            matrix[:, column[gap]] = values - values.max()
    return PassageFeatures(matrix, tuple(matched), tuple(weights))


def shared_ranks(candidates: Candidates) -> list[int]:
    """Each passage's hit position, the best among the units writing the same sentence.

    A list's hits are the corpus's top few, then each unit's own: when many units write
    one sentence (a directive carried out everywhere), which of them reach the top few is
    arbitrary, and grows more so with every unit indexed. The same sentence - the unit's
    own name and the figures aside - ranks as its best hit in every unit.
    """
    best: dict[str, int] = {}
    keys = []
    for passage, rank in zip(candidates.passages, candidates.ranks, strict=True):
        key = _sentence_key(passage)
        keys.append(key)
        best[key] = min(rank, best.get(key, rank))
    return [best[key] for key in keys]


def _sentence_key(passage: Passage) -> str:
    unit = _folded_unit(passage.chunk.metadata.commune or "")
    folded = passage.folded.replace(unit, " ") if unit.strip() else passage.folded
    return _DIGITS.sub("0", folded)


_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=8192)
def _folded_unit(name: str) -> str:
    return fold_tokens(name)  # padded: " hung son "


def concept_weights(analysis: QuestionAnalysis, stats: TermStats) -> list[float]:
    """IDF of each concept over the index's passages (the earlier question's count less)."""
    return [stats.weight(concept.phrases) * concept.weight for concept in analysis.concepts]


def question_bigrams(analysis: QuestionAnalysis) -> list[str]:
    """Adjacent content words of the question: "tỷ lệ hộ nghèo" -> "le ho", "ho ngheo"."""
    words = tokens(analysis.text)
    return [
        f"{first} {second}"
        for first, second in pairwise(words)
        if not {first, second} & VIETNAMESE_STOPWORDS
    ]


def _weighted_share(
    bigrams: Sequence[str], weights: Sequence[float], folded: str, among: Sequence[int]
) -> float:
    """Share of the pairs' weight in `folded`, looking only at pairs `among` (its report's)."""
    total = sum(weights)
    if not total:
        return 0.0
    return sum(weights[n] for n in among if contains(folded, bigrams[n])) / total


def _found(
    needles: Sequence[tuple[Needle, ...]],
    folded: str,
    written: str,
    among: Sequence[int] | None = None,
) -> set[int]:
    """Positions of the concepts (by their needles) in a text: of all, or of those `among`."""
    looked = range(len(needles)) if among is None else among
    return {i for i in looked if holds_needles(needles[i], folded, written)}


def _context(passage: Passage, corpus: Corpus) -> tuple[str, str]:
    """(folded, written) text around a passage: headings, document title, sentence before.

    Folded from parts folded once (a chunk's headings, each passage at split time):
    folding is most of the cost of scoring a passage, and a list question scores
    thousands.
    """
    chunk = passage.chunk
    parts = [" ".join(chunk.heading_path), chunk.metadata.title or ""]
    folded = list(_folded_tokens(parts[0], parts[1]))
    if passage.position > 0:
        siblings = corpus.passages_of(chunk)
        if passage.position - 1 < len(siblings):
            before = siblings[passage.position - 1]
            parts.append(before.text)
            folded += before.folded.split()
    return " " + " ".join(folded) + " ", " ".join(parts).lower()


@lru_cache(maxsize=4096)
def _folded_title(title: str) -> str:
    # Reports of one kind share titles ("Báo cáo tình hình kinh tế - xã hội tháng ..."):
    # a list question folds a thousand.
    return fold_tokens(title)


@lru_cache(maxsize=4096)
def _folded_tokens(headings: str, title: str) -> tuple[str, ...]:
    return tuple(fold_tokens(f"{headings} {title}").split())


def _document_coverage(
    needles: Sequence[tuple[Needle, ...]],
    candidates: Candidates,
    corpus: Corpus,
    weights: Sequence[float],
    holders: Holders,
) -> dict[str, float]:
    """Per candidate report, the share of the question's weight found anywhere in it.

    Which reports hold each concept comes from the term statistics' postings, once per
    question: a list question touches a thousand reports, and reading each one's text
    cost more than the rest of its scoring.
    """
    total = sum(weights) or 1.0
    cover: dict[str, float] = {}
    for passage in candidates.passages:
        report_id = passage.chunk.report_id
        if report_id in cover:
            continue
        title = passage.chunk.metadata.title or ""
        found = _found(needles, _folded_title(title), title.lower())
        if corpus.stats.holds(report_id):
            found |= set(holders.concepts_in(report_id))
        else:
            # Statistics counted before the report was indexed: its passages, joined
            # (padded folded passages cannot join into a phrase across their boundary).
            passages = corpus.report_passages(report_id) or [passage]
            joined = "".join(p.folded for p in passages)
            found |= _found(needles, joined, "\n".join(p.text for p in passages).lower())
        cover[report_id] = sum(weights[c] for c in found) / total
    return cover
