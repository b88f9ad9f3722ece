"""REST API for saved conversations (each user sees only their own) and users' 👍/👎.

Beside ui/api.py under /api; the same login protects both (ui/server.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response

from ui.api import request_user
from ui.conversations import ConversationNotFoundError, ConversationSummary
from ui.feedback import disliked_turns, feedback_counts, question_lines
from ui.messages import one_line
from ui.service import WebService

QUESTIONS_FILE = "feedback-questions.jsonl"


def conversation_router(service: WebService) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["baocao"])
    store = service.conversations

    @router.get("/conversations", summary="Your saved conversations, the latest updated first.")
    def conversations(request: Request) -> list[dict[str, Any]]:
        return [_summary(item) for item in store.list(request_user(request))]

    @router.get("/conversations/{conversation_id}", summary="One saved conversation's turns.")
    def conversation(request: Request, conversation_id: str) -> dict[str, Any]:
        found = store.load(request_user(request), conversation_id)
        if found is None:
            raise HTTPException(404, f"No conversation {conversation_id!r} - list them first")
        turns = [
            {"question": turn.question, "answer": turn.answer.to_dict(), "feedback": turn.feedback}
            for turn in found.turns
        ]
        return {**_summary(found.summary), "turns": turns}

    @router.delete(
        "/conversations/{conversation_id}", status_code=204, summary="Delete a conversation."
    )
    def delete(request: Request, conversation_id: str) -> Response:
        try:
            store.delete(request_user(request), conversation_id)
        except ConversationNotFoundError as err:
            raise HTTPException(404, one_line(err)) from err
        return Response(status_code=204)

    return router


def feedback_router(service: WebService) -> APIRouter:
    """Every user's ratings, for analysts (the evaluation tab shows the same)."""
    router = APIRouter(prefix="/api", tags=["baocao"])
    store = service.conversations

    @router.get("/feedback", summary="Users' 👍/👎 counts and every answer rated 👎.")
    def feedback() -> dict[str, Any]:
        rated = disliked_turns(store)
        disliked = [
            {"user": item.user, "conversation_id": item.conversation_id,
             "question": item.answer.question, "answer": item.answer.text,
             "rated_at": _iso(item.rated_at)}
            for item in rated
        ]  # fmt: skip
        return {**feedback_counts(store), "disliked": disliked}

    @router.get(
        "/feedback/questions.jsonl",
        summary="The 👎 answers' questions as an evals question set (JSONL).",
    )
    def questions() -> Response:
        return Response(
            question_lines(disliked_turns(store)),
            media_type="application/x-ndjson; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{QUESTIONS_FILE}"'},
        )

    return router


def _summary(item: ConversationSummary) -> dict[str, Any]:
    return {
        "id": item.conversation_id,
        "title": item.title,
        "language": item.language,
        "created": _iso(item.created),
        "updated": _iso(item.updated),
    }


def _iso(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).isoformat(timespec="seconds")
