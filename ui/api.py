"""REST API under /api: ask, search, reports (list, upload, parse, delete, set the unit).

Errors are JSON `{"error": "one line"}`; see `ui/server.py` for the handlers.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, HTTPException, Query, Request, Response, UploadFile
from pydantic import BaseModel, Field, field_validator

from assistant.types import Turn
from index.errors import ReportNotFoundError, UnitNameError
from index.types import IngestSummary, SearchFilters
from ingest.periods import parse_span
from ui.dates import ACCEPTED, iso_date
from ui.messages import one_line
from ui.service import LOCAL_USER, ForbiddenError, NamedStream, WebService, merge_summaries
from ui.uploads import safe_name


class UnitRequest(BaseModel):
    # Kind and name as written: "xã Tân Hòa", "phường 3", "đặc khu Phú Quốc".
    unit: str


class TurnModel(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class FiltersModel(BaseModel):
    communes: list[str] = Field(default_factory=list)
    doc_types: list[str] = Field(default_factory=list)
    report_ids: list[str] = Field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    # "quý II/2026", "6 tháng đầu năm 2025": only reports covering that period answer.
    period: str | None = None

    @field_validator("period")
    @classmethod
    def _readable_period(cls, value: str | None) -> str | None:
        if value and parse_span(value) is None:
            raise ValueError(
                f"cannot read the period {value!r}: write it like 'quý II/2026', "
                "'6 tháng đầu năm 2025', 'tháng 5/2026' or 'năm 2025'"
            )
        return value

    def to_filters(self) -> SearchFilters | None:
        """The search filters; an unreadable date raises ValueError naming its field."""
        filters = SearchFilters(
            communes=tuple(self.communes),
            doc_types=tuple(self.doc_types),
            report_ids=tuple(self.report_ids),
            date_from=_read_date("date_from", self.date_from),
            date_to=_read_date("date_to", self.date_to),
            period=parse_span(self.period) if self.period else None,
        )
        return None if filters.is_empty else filters


class AskRequest(BaseModel):
    question: str = Field(min_length=1)
    history: list[TurnModel] | None = None
    filters: FiltersModel | None = None


def request_user(request: Request) -> str:
    return str(getattr(request.state, "user", None) or LOCAL_USER)


def api_router(service: WebService) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["baocao"])

    @router.post("/ask", summary="Answer a question with cited quotes (Answer.to_dict()).")
    def ask(body: AskRequest) -> dict[str, Any]:
        history = [Turn(turn.role, turn.content) for turn in body.history or []]
        try:
            filters = body.filters.to_filters() if body.filters else None
        except ValueError as err:
            # A date we cannot read must not answer "no information" as if it filtered.
            raise HTTPException(400, str(err)) from err
        return service.ask(body.question, history=history, filters=filters).to_dict()

    @router.get("/search", summary="Retrieved passages for a query, best first.")
    def search(
        q: Annotated[str, Query(min_length=1)], k: Annotated[int, Query(ge=1, le=50)] = 5
    ) -> list[dict[str, Any]]:
        return [hit.to_dict() for hit in service.search(q, k=k)]

    @router.get("/reports", summary="Indexed reports with their extracted metadata.")
    def reports() -> list[dict[str, Any]]:
        return [record.to_dict() for record in service.reports()]

    @router.get("/reports/{report_id}", summary="One report's parse: metadata and sections.")
    def report(report_id: str) -> dict[str, Any]:
        parsed = service.assistant.report(report_id).to_dict()
        parsed.pop("source_path", None)
        return parsed

    @router.post("/reports", summary="Upload PDF/DOCX/TXT/MD files (multipart, field 'files').")
    def upload(
        request: Request,
        files: Annotated[list[UploadFile], File()],
        response: Response,
        on_duplicate: Literal["keep", "replace"] = "keep",
    ) -> dict[str, Any]:
        """A file whose report is already indexed is listed in `duplicates` and not added;
        with `?on_duplicate=replace` it replaces the indexed one instead."""
        user = request_user(request)
        named = [NamedStream(item.filename or "upload", item.file) for item in files]
        summary = service.add_files(user, named)
        if on_duplicate == "replace" and summary.duplicates:
            summary = _replace_duplicates(service, user, named, summary)
        if summary.failed and not summary.report_ids:
            response.status_code = _failure_status(summary.failed[0].error)
        return summary.to_dict()

    @router.delete("/reports/{report_id}", status_code=204, summary="Delete a report.")
    def delete(request: Request, report_id: str) -> Response:
        try:
            service.delete(request_user(request), report_id)
        except ForbiddenError as err:
            raise HTTPException(403, one_line(err)) from err
        except ReportNotFoundError as err:
            raise HTTPException(404, one_line(err)) from err
        return Response(status_code=204)

    @router.put("/reports/{report_id}/unit", summary="Set a report's unit by hand.")
    def set_unit(request: Request, report_id: str, body: UnitRequest) -> dict[str, Any]:
        try:
            record = service.set_unit(request_user(request), report_id, body.unit)
        except ForbiddenError as err:
            raise HTTPException(403, one_line(err)) from err
        except ReportNotFoundError as err:
            raise HTTPException(404, one_line(err)) from err
        except UnitNameError as err:
            raise HTTPException(422, one_line(err)) from err
        return record.to_dict()

    return router


def _replace_duplicates(
    service: WebService, user: str, named: list[NamedStream], summary: IngestSummary
) -> IngestSummary:
    """`summary` with each duplicate replacing the indexed report it duplicates."""
    streams = {safe_name(item.name): item for item in named}
    replaced = IngestSummary()
    for twin in summary.duplicates:
        item = streams[twin.path]
        item.stream.seek(0)  # read once already, to find it was a duplicate
        try:
            one = service.replace_file(user, item, twin.report_id)
        except ForbiddenError as err:
            raise HTTPException(403, one_line(err)) from err
        replaced = merge_summaries(replaced, one)
    kept = [
        rid for rid in summary.report_ids if rid not in {d.report_id for d in summary.duplicates}
    ]
    return replace(
        merge_summaries(replace(summary, duplicates=(), report_ids=tuple(kept)), replaced),
        unchanged=summary.unchanged - len(summary.duplicates),
    )


def _read_date(field: str, value: str | None) -> str | None:
    if not (value or "").strip():
        return None
    found = iso_date(value or "")
    if found is None:
        raise ValueError(
            f"filters.{field}: cannot read the date {value!r} - write it as {ACCEPTED}"
        )
    return found


def _failure_status(error: str) -> int:
    if "upload limit" in error:
        return 413
    if "unsupported type" in error:
        return 415
    return 422
