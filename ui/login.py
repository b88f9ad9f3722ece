"""The login page and its form handler (used only when a users file is configured)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ui.auth import DEFAULT_SESSION_TTL_S, Authenticator
from ui.render import escape_html

SESSION_COOKIE = "baocao_session"

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Đăng nhập — baocao</title><meta name="viewport" content="width=device-width">
<style>body{{font-family:system-ui,sans-serif;max-width:22em;margin:4em auto}}
input,button{{display:block;width:100%;margin:.4em 0;padding:.5em;font-size:1em}}
.err{{color:#b00020}}</style></head><body>
<h2>Trợ lý báo cáo xã <small>(Commune report assistant)</small></h2>
<form method="post" action="/login">
<label>Tên đăng nhập / User <input name="username" id="username" autocomplete="username"
 required></label>
<label>Mật khẩu / Password <input name="password" id="password" type="password"
 autocomplete="current-password" required></label>
<button type="submit" id="login">Đăng nhập / Log in</button></form>
<p class="err" id="login-error">{error}</p></body></html>"""


def login_page(error: str = "", status: int = 200) -> HTMLResponse:
    return HTMLResponse(PAGE.format(error=escape_html(error)), status_code=status)


def login_router(auth: Authenticator) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/login")
    def show() -> Response:
        return login_page()

    @router.post("/login")
    def submit(
        request: Request,
        username: Annotated[str, Form(max_length=200)],
        password: Annotated[str, Form(max_length=1000)],
    ) -> Response:
        client = request.client.host if request.client else "?"
        keys = (client, "user:" + username)
        wait = auth.limiter.retry_after(*keys)
        if wait > 0:
            message = f"Quá nhiều lần thử; đợi {wait:.0f} giây. / Too many attempts; wait."
            page = login_page(message, status=429)
            page.headers["Retry-After"] = str(int(wait) + 1)
            return page
        if not auth.check(username, password):
            auth.limiter.record_failure(*keys)
            return login_page("Sai tên hoặc mật khẩu. / Wrong user or password.", status=401)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            auth.sessions.create(username),
            max_age=DEFAULT_SESSION_TTL_S,
            httponly=True,
            samesite="strict",
        )
        return response

    @router.post("/logout")
    def logout(request: Request) -> Response:
        auth.sessions.drop(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    return router
