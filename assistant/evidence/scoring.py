"""Score the candidate passages with the fitted model and decide whether the reports answer.

The ranking model orders the candidate passages; each gets P(it answers the question)
from its features (`features.py`) through the passage model; the question model then
gives P(the best one answers at all) (`answerability.py`). The question is answered when
that reaches the cut-off chosen by a recorded sweep for a stated target of false
abstentions (bench/RESULTS.md, "Evidence model").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.evidence.answerability import question_features, top_hit_passages
from assistant.evidence.features import PassageFeatures
from assistant.evidence.model import EvidenceModel
from assistant.passages import Passage
from assistant.retrieve.candidates import Candidates


@dataclass(frozen=True, slots=True)
class Evidence:
    """A candidate passage with its probability of answering.

    `matched` are the question's concepts (by position) the sentence mentions; `rank` is
    the position of the retrieval hit that brought it.
    """

    passage: Passage
    probability: float
    matched: frozenset[int]
    rank: int


@dataclass(frozen=True, slots=True)
class ScoredEvidence:
    """Every candidate, best ranked first, the model's cut-offs, the concept weights.

    `concept_weights[i]` is how much the question's concept i says (its IDF in the index):
    the values an answer leads with are found next to the weightiest ones.
    """

    ranked: tuple[Evidence, ...]
    answered: float
    answer_threshold: float
    list_threshold: float
    concept_weights: tuple[float, ...] = ()

    @property
    def is_answered(self) -> bool:
        """True when the question model says the best passage answers."""
        return bool(self.ranked) and self.answered >= self.answer_threshold

    @property
    def best(self) -> Evidence | None:
        return self.ranked[0] if self.ranked else None


def score(
    candidates: Candidates, features: PassageFeatures, model: EvidenceModel
) -> ScoredEvidence:
    """Every candidate passage with its probability, best ranked first.

    Ties keep retrieval order.
    """
    probabilities = model.passages.probabilities(features.matrix)
    order = np.argsort(-model.ranking.probabilities(features.matrix), kind="stable")
    answered = model.questions.probabilities(
        question_features(
            probabilities, features.matrix, order, top_hits=top_hit_passages(candidates.ranks)
        )[None, :]
    )[0]
    ranked = tuple(
        Evidence(
            passage=candidates.passages[i],
            probability=float(probabilities[i]),
            matched=features.matched[i],
            rank=candidates.ranks[i],
        )
        for i in order
    )
    return ScoredEvidence(
        ranked=ranked,
        answered=float(answered),
        answer_threshold=model.answer_threshold,
        list_threshold=model.list_threshold,
        concept_weights=features.weights,
    )
