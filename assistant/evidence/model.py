"""The evidence model: regressions fitted on data, and their cut-offs.

The ranking model (a conditional logit) orders a question's candidate passages; the
passage model gives P(a passage answers) from `features.FEATURES`, comparable across
questions and units; the question model gives P(the best passage answers at all) from
`answerability.QUESTION_FEATURES`.
`model.json` holds their standardisation and weights, the answer/abstain and list
cut-offs and where they came from (the command, the question sets). Nothing in it is set
by hand: `python bench/fit_evidence.py` refits it and records the sweeps in
bench/RESULTS.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from assistant.errors import AssistantError
from assistant.evidence.answerability import QUESTION_FEATURES
from assistant.evidence.features import FEATURES

MODEL_FILE = Path(__file__).with_name("model.json")
Matrix = npt.NDArray[np.float64]
Fitted = TypeVar("Fitted")


@dataclass(frozen=True)
class Logistic:
    """A fitted logistic regression over standardised features."""

    features: tuple[str, ...]
    mean: Matrix
    scale: Matrix
    weights: Matrix
    bias: float

    def probabilities(self, matrix: Matrix) -> Matrix:
        """One probability per row of `matrix` (columns in `features` order)."""
        if matrix.shape[0] == 0:
            return np.zeros(0)
        z = ((matrix - self.mean) / self.scale) @ self.weights + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0))), dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Logistic:
        return cls(
            features=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
        )


@dataclass(frozen=True)
class EvidenceModel:
    """The regressions and the cut-offs to use them.

    `ranking` orders a question's candidates (only its order counts: fitted as a softmax
    over each question's passages, its scores do not compare across questions).
    `answer_threshold`: P(answered) must reach it or the assistant abstains.
    `list_threshold`: a unit joins a "which units" list when its best passage's
    probability reaches it.
    """

    passages: Logistic
    ranking: Logistic
    questions: Logistic
    answer_threshold: float
    list_threshold: float
    provenance: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "passages": self.passages.to_dict(),
            "ranking": self.ranking.to_dict(),
            "questions": self.questions.to_dict(),
            "answer_threshold": self.answer_threshold,
            "list_threshold": self.list_threshold,
            "provenance": self.provenance,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvidenceModel:
        return cls(
            passages=Logistic.from_dict(data["passages"]),
            ranking=Logistic.from_dict(data["ranking"]),
            questions=Logistic.from_dict(data["questions"]),
            answer_threshold=float(data["answer_threshold"]),
            list_threshold=float(data["list_threshold"]),
            provenance=dict(data.get("provenance", {})),
        )


@cache
def load_model(path: Path = MODEL_FILE) -> EvidenceModel:
    """The shipped model (read once).

    Raises:
        AssistantError: the file is missing or made for other features.
    """
    model = read_model_file(path, "evidence model", "fit_evidence.py", EvidenceModel.from_dict)
    same = (
        model.passages.features == FEATURES == model.ranking.features
        and model.questions.features == QUESTION_FEATURES
    )
    check_features(path, "evidence model", "fit_evidence.py", same)
    return model


def read_model_file(
    path: Path, what: str, script: str, parse: Callable[[dict[str, Any]], Fitted]
) -> Fitted:
    """A fitted model's JSON file, parsed; a missing or damaged file says how to refit it."""
    try:
        return parse(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as err:
        raise AssistantError(
            f"Cannot read the {what} {str(path)!r} ({err}) - reinstall baocao or refit it "
            f"with 'python bench/{script}'"
        ) from err


def check_features(path: Path, what: str, script: str, same: bool) -> None:
    """Refuse a model fitted for other features than the code computes."""
    if not same:
        raise AssistantError(
            f"The {what} {str(path)!r} was fitted for other features - refit it with "
            f"'python bench/{script}'"
        )
