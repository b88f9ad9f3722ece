"""Readable fakes injected through constructors (never patches of our own code)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from assistant.evidence.answerability import QUESTION_FEATURES
from assistant.evidence.features import FEATURES
from assistant.evidence.model import EvidenceModel, Logistic
from index.embedders.base import Vectors


class HashEmbedder:
    """Deterministic unit vectors seeded from sha256(text): same text, same vector.

    Shares no meaning between texts, so tests using it check plumbing, not relevance.
    """

    def __init__(self, dimension: int = 32, model_id: str = "hash-32") -> None:
        self._dimension = dimension
        self._model_id = model_id
        self.calls: list[int] = []  # batch sizes, to assert the cache avoided work

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dimension(self) -> int:
        return self._dimension

    def _vector(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
        vector = np.random.default_rng(seed).standard_normal(self._dimension)
        return (vector / np.linalg.norm(vector)).astype(np.float32)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.calls.append(len(texts))
        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        return np.stack([self._vector("passage: " + text) for text in texts])

    def embed_query(self, text: str) -> Vectors:
        return self._vector("passage: " + text)

    def count_tokens(self, text: str) -> int:
        return len(text.split()) + 2


class ScriptedChatModel:
    """Returns queued replies in order and records every prompt it was sent."""

    def __init__(self, replies: Sequence[str]) -> None:
        self._replies = list(replies)
        self.prompts: list[str] = []

    def complete(self, prompt: str, *, timeout_s: float | None = None) -> str:
        self.prompts.append(prompt)
        if not self._replies:
            raise AssertionError("ScriptedChatModel ran out of replies")
        return self._replies.pop(0)


class EchoChatModel:
    """Returns its prompt, for asserting the context that was sent."""

    def __init__(self) -> None:
        self.prompts: list[str] = []

    def complete(self, prompt: str, *, timeout_s: float | None = None) -> str:
        self.prompts.append(prompt)
        return prompt


# Passage weights of `words_evidence_model`: the words decide, as a reader would check.
_WORD_WEIGHTS = {
    "lexical": 6.0,
    "context": 3.0,
    "lexical_gap": 4.0,
    "phrase": 1.0,
    "value": 1.0,
    "no_value": -1.0,
}


def words_evidence_model(
    *, answer_threshold: float = 0.5, list_threshold: float = 0.3
) -> EvidenceModel:
    """An evidence model that trusts the question's words only (no meaning, no rank).

    P(passage) grows with the share of the question's word weight in the sentence and its
    context, and ranks the passages too; P(answered) is the best passage's probability.
    For engine tests over the in-memory index, whose HashEmbedder vectors carry no
    meaning.
    """
    passages = Logistic(
        features=FEATURES,
        mean=np.zeros(len(FEATURES)),
        scale=np.ones(len(FEATURES)),
        weights=np.array([_WORD_WEIGHTS.get(name, 0.0) for name in FEATURES]),
        bias=-4.0,
    )
    questions = Logistic(
        features=QUESTION_FEATURES,
        mean=np.zeros(len(QUESTION_FEATURES)),
        scale=np.ones(len(QUESTION_FEATURES)),
        weights=np.array([1.0 if name == "top_logit" else 0.0 for name in QUESTION_FEATURES]),
        bias=0.0,
    )
    return EvidenceModel(passages, passages, questions, answer_threshold, list_threshold, {})
