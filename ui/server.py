"""The web server: FastAPI with the REST API under /api and the Gradio app at /.

Safe by default: binds 127.0.0.1; any other address needs a users file (login, rate
limited). Uploaded files are never served back (Gradio's file routes are closed), and a
Content-Security-Policy keeps the page from loading anything from elsewhere.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import gradio as gr
from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from assistant.config import Settings
from assistant.errors import AssistantError, ConfigError, QuestionTooLongError
from index.errors import IndexingError, ReportNotFoundError
from ingest.errors import IngestError
from ui.api import api_router
from ui.api_conversations import conversation_router, feedback_router
from ui.apidocs import docs_page
from ui.app import APP_CSS, APP_HEAD, THEME, build_app
from ui.auth import Authenticator, load_users
from ui.gradio_text import chat_labels_script, gradio_labels, toast_css
from ui.login import SESSION_COOKIE, login_router
from ui.messages import one_line
from ui.service import LOCAL_USER, AssistantLike, WebService
from ui.workqueue import BusyError, WorkQueue

logger = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)
PUBLIC_PATHS = ("/login", "/favicon.ico")
# Gradio serves cached uploads from these routes to anyone logged in; we serve none.
FILE_ROUTE_MARKERS = ("/file=", "/file/")
MAX_UPLOAD_FILES = 10


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def authenticator_for(settings: Settings) -> Authenticator | None:
    """Login when a users file is given; refuse a non-loopback bind without one."""
    if settings.users_file:
        return Authenticator(load_users(settings.users_file))
    if not is_loopback(settings.host):
        raise ConfigError(
            f"Refusing to serve on {settings.host!r} without login - pass --users FILE "
            "(make entries with 'python -m ui.auth NAME') or bind to 127.0.0.1"
        )
    return None


def create_server(
    assistant: AssistantLike,
    settings: Settings,
    *,
    eval_runner: Callable[..., Any] | None = None,
    question_sets: dict[str, str] | None = None,
    queue: WorkQueue | None = None,
) -> FastAPI:
    """FastAPI app with REST under /api, login (when configured) and Gradio at /."""
    auth = authenticator_for(settings)
    service = WebService(assistant, settings, queue=queue, eval_runner=eval_runner)
    app = FastAPI(title="baocao", docs_url=None, redoc_url=None)
    app.state.service = service
    _add_error_handlers(app)
    _add_guard(app, auth, service)
    app.include_router(api_router(service))
    app.include_router(conversation_router(service))
    app.include_router(feedback_router(service))
    if auth is not None:
        app.include_router(login_router(auth))
    app.add_api_route("/docs", lambda: docs_page(app), include_in_schema=False)
    blocks = build_app(service, settings, question_sets=question_sets)
    blocks.queue(default_concurrency_limit=4, max_size=64)
    # Gradio checks that file inputs were uploaded (not e.g. '/etc/x.txt' sent to the API)
    # only once it thinks it was launched; a mounted app never is, so say it was.
    blocks.has_launched = True
    mounted: FastAPI = gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        auth_dependency=lambda request: _user(request, auth),
        max_file_size=settings.max_upload_mb * (1 << 20),
        show_error=False,
        footer_links=[],
        theme=THEME,
        css=APP_CSS + toast_css(),
        head=chat_labels_script(settings.ui_language) + APP_HEAD,
        i18n=gradio_labels(),
        ssr_mode=False,
    )
    return mounted


def _user(request: Request, auth: Authenticator | None) -> str | None:
    if auth is None:
        return LOCAL_USER
    return auth.sessions.user(request.cookies.get(SESSION_COOKIE))


def _add_guard(app: FastAPI, auth: Authenticator | None, service: WebService) -> None:
    upload_limit = service.settings.max_upload_mb * (1 << 20) * MAX_UPLOAD_FILES

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        path = request.url.path
        if any(marker in path for marker in FILE_ROUTE_MARKERS):
            return _error(403, "Files are not served by this server")
        if int(request.headers.get("content-length") or 0) > upload_limit:
            return _error(413, f"Request larger than {upload_limit >> 20} MB - send fewer files")
        if auth is not None and path not in PUBLIC_PATHS:
            user = _user(request, auth) or _basic_user(request, auth)
            if user is None:
                return _unauthenticated(request)
            request.state.user = user
        response = await call_next(request)
        _secure_headers(response)
        return response


def _basic_user(request: Request, auth: Authenticator) -> str | None:
    """HTTP Basic for REST clients; failures count towards the same rate limit."""
    import base64
    import binascii

    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic ") or not request.url.path.startswith("/api"):
        return None
    try:
        user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client = request.client.host if request.client else "?"
    if auth.limiter.retry_after(client, "user:" + user) > 0:
        return None
    if auth.check(user, password):
        return user
    auth.limiter.record_failure(client, "user:" + user)
    return None


def _unauthenticated(request: Request) -> Response:
    accepts_html = "text/html" in request.headers.get("accept", "")
    if request.method == "GET" and accepts_html and not request.url.path.startswith("/api"):
        return Response(status_code=303, headers={"Location": "/login"})
    return _error(401, "Log in first (POST /login, or HTTP Basic for /api)")


def _secure_headers(response: Response) -> None:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")


def _error(status: int, message: str, **headers: str) -> JSONResponse:
    response = JSONResponse({"error": message}, status_code=status, headers=headers or None)
    _secure_headers(response)
    return response


def _add_error_handlers(app: FastAPI) -> None:
    async def busy(_: Request, err: Exception) -> Response:
        return _error(503, "Server busy - try again in a few seconds", **{"Retry-After": "5"})

    async def bad_question(_: Request, err: Exception) -> Response:
        return _error(400, one_line(err))

    async def not_found(_: Request, err: Exception) -> Response:
        return _error(404, one_line(err))

    async def failure(_: Request, err: Exception) -> Response:
        logger.warning("request failed: %s", err)
        return _error(500, one_line(err))

    async def http_error(_: Request, err: Exception) -> Response:
        assert isinstance(err, HTTPException)
        return _error(err.status_code, str(err.detail), **(err.headers or {}))

    async def invalid(_: Request, err: Exception) -> Response:
        assert isinstance(err, RequestValidationError)
        first = err.errors()[0] if err.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        return _error(422, f"Invalid request: {where}: {first.get('msg', 'bad value')}")

    app.add_exception_handler(BusyError, busy)
    app.add_exception_handler(QuestionTooLongError, bad_question)
    app.add_exception_handler(ReportNotFoundError, not_found)
    for root in (AssistantError, IndexingError, IngestError):
        app.add_exception_handler(root, failure)

    async def unexpected(_: Request, err: Exception) -> Response:
        logger.error("unexpected error: %s", err, exc_info=err)
        return _error(500, "Internal error - the server log has the details")

    app.add_exception_handler(Exception, unexpected)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)


def serve(
    settings: Settings,
    *,
    eval_runner: Callable[..., Any] | None = None,
    question_sets: dict[str, str] | None = None,
) -> None:
    """Open the index named by `settings` and serve until interrupted (`baocao serve`)."""
    import uvicorn

    from assistant import Assistant

    authenticator_for(settings)  # refuse a bad bind before loading models
    assistant = Assistant.open(settings.index_dir, settings=settings)
    # Open the store and load the embedder now, once, rather than in the first (possibly
    # many concurrent) requests; a damaged index fails here with a one-line message.
    assistant.search("báo cáo", 1)
    app = create_server(assistant, settings, eval_runner=eval_runner, question_sets=question_sets)
    logger.info("baocao web UI on http://%s:%s/", settings.host, settings.port)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
