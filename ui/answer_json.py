"""An answer as a saved conversation keeps it: JSON without the retrieved hits."""

from __future__ import annotations

import dataclasses
from typing import Any

from assistant.types import Answer, Citation


def answer_to_json(answer: Answer) -> dict[str, Any]:
    """What an answer keeps in a saved conversation (its retrieved hits are dropped)."""
    return {
        "question": answer.question,
        "text": answer.text,
        "abstained": answer.abstained,
        "language": answer.language,
        "communes": list(answer.communes),
        "notes": list(answer.notes),
        "mode": answer.mode,
        "citations": [dataclasses.asdict(citation) for citation in answer.citations],
    }


def answer_from_json(data: dict[str, Any]) -> Answer:
    citations = tuple(
        Citation(**{**c, "labels": tuple(c["labels"]), "heading_path": tuple(c["heading_path"])})
        for c in data["citations"]
    )
    return Answer(
        data["question"],
        data["text"],
        citations,
        data["abstained"],
        data["language"],
        communes=tuple(data["communes"]),
        notes=tuple(data["notes"]),
        mode=data["mode"],
    )
