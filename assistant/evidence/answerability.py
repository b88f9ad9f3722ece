"""Does the index answer the question at all? Features of the question's best evidence.

A passage's probability says how it compares with the other candidates; whether to
answer or abstain also depends on how clearly the best one stands out, how much of the
question it and its document cover, and the question's language (English questions
match through meaning only, so their best passages score lower). A second logistic
regression over these features, fitted on answerable questions answered right and on
unanswerable ones, gives P(answered); the cut-off on it is swept (bench/fit_evidence.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from assistant.evidence.features import FEATURES
from assistant.retrieve.candidates import TOP_K

Matrix = npt.NDArray[np.float64]

QUESTION_FEATURES = (
    "top_logit",  # log-odds of the best passage
    "margin",  # its log-odds minus the second best's
    "top_lexical",  # the best passage's own features, as named in FEATURES
    "top_context",
    "top_document",
    "top_dense",
    "top_chunk_dense",
    "top_value",
    "top_no_value",
    "top_missing",
    "unseen",
    "english",
    "candidates",  # log of the number of candidate passages the top hits brought
)
_FROM_TOP = {
    "top_lexical": "lexical",
    "top_context": "context",
    "top_document": "document",
    "top_dense": "dense",
    "top_chunk_dense": "chunk_dense",
    "top_value": "value",
    "top_no_value": "no_value",
    "top_missing": "missing",
    "unseen": "unseen",
    "english": "english",
}


def question_features(
    probabilities: Matrix,
    matrix: Matrix,
    order: npt.NDArray[np.intp] | None = None,
    *,
    top_hits: int,
) -> Matrix:
    """One row of `QUESTION_FEATURES` from a question's passage probabilities and features.

    `order` ranks the passages, best first (by probability when not given); `top_hits`
    counts the passages the search's top hits brought (`top_hit_passages`).
    """
    row = np.zeros(len(QUESTION_FEATURES))
    if len(probabilities) == 0:
        row[QUESTION_FEATURES.index("top_logit")] = -10.0
        return row
    if order is None:
        order = np.argsort(-probabilities, kind="stable")
    logits = _logit(probabilities[order[:2]])
    top = matrix[order[0]]
    for i, name in enumerate(QUESTION_FEATURES):
        if name in _FROM_TOP:
            row[i] = top[FEATURES.index(_FROM_TOP[name])]
    row[QUESTION_FEATURES.index("top_logit")] = logits[0]
    row[QUESTION_FEATURES.index("margin")] = logits[0] - logits[1] if len(logits) > 1 else 5.0
    row[QUESTION_FEATURES.index("candidates")] = np.log1p(top_hits)
    return row


def top_hit_passages(ranks: Sequence[int]) -> int:
    """Passages brought by the top `TOP_K` hits (`Candidates.ranks`).

    Not the sweep's passages: their number grows with the units indexed, and whether a
    question is answered must not change when other units' reports are added.
    """
    return sum(1 for rank in ranks if rank < TOP_K)


def _logit(p: Matrix) -> Matrix:
    clipped = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(clipped / (1 - clipped)), dtype=np.float64)
