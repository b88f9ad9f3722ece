"""An offline /docs page: FastAPI's Swagger UI loads from a CDN, which we cannot reach."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

from ui.render import escape_html


def docs_page(app: FastAPI) -> HTMLResponse:
    """The OpenAPI operations as a plain page; the machine-readable spec is /openapi.json."""
    spec: dict[str, Any] = app.openapi()
    rows = []
    for path, operations in sorted(spec.get("paths", {}).items()):
        for method, operation in operations.items():
            params = ", ".join(p["name"] for p in operation.get("parameters", []))
            body = "JSON / multipart body" if "requestBody" in operation else ""
            rows.append(
                f"<tr><td><code>{escape_html(method.upper())}</code></td>"
                f"<td><code>{escape_html(path)}</code></td>"
                f"<td>{escape_html(operation.get('summary', ''))}</td>"
                f"<td>{escape_html(', '.join(x for x in (params, body) if x))}</td></tr>"
            )
    html = (
        "<!doctype html><html><head><meta charset='utf-8'><title>baocao API</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:2em}td,th{padding:.3em .8em;"
        "border-bottom:1px solid #ddd;text-align:left}</style></head><body>"
        "<h1>baocao REST API</h1><p>Full OpenAPI spec: <a href='/openapi.json'>"
        '/openapi.json</a>. Errors are JSON <code>{"error": "one line"}</code>.</p>'
        "<table><tr><th>Method</th><th>Path</th><th>What</th><th>Parameters</th></tr>"
        + "".join(rows)
        + "</table></body></html>"
    )
    return HTMLResponse(html)
