"""A scripted OpenAI-compatible HTTP server on 127.0.0.1 for LLM-mode tests.

Each request pops the next scripted behaviour: `("reply", text)` streams or returns
`text`; `("slow", seconds)` waits before answering; `("error", status)` fails;
`("endless", "")` streams tokens until the client hangs up. Requests are recorded.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Behaviour = tuple[str, Any]


class ScriptedLLMServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, script: list[Behaviour]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = list(script)
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _Handler(BaseHTTPRequestHandler):
    server: ScriptedLLMServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        self.server.requests.append(body)
        self.server.paths.append(self.path)
        kind, value = self.server.script.pop(0) if self.server.script else ("error", 500)
        if kind == "error":
            self._json({"error": {"message": "scripted failure"}}, status=int(value))
            return
        if kind == "slow":
            time.sleep(float(value))
            kind, value = "reply", "late [1]"
        is_chat = self.path.endswith("/chat/completions")
        if body.get("stream"):
            self._stream(str(value), is_chat=is_chat, endless=kind == "endless")
        else:
            self._json(_payload(str(value), is_chat=is_chat, done=True))

    def _json(self, data: dict[str, Any], *, status: int = 200) -> None:
        raw = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _stream(self, text: str, *, is_chat: bool, endless: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        pieces = _words(text) if not endless else _forever()
        try:
            for piece in pieces:
                event = _payload(piece, is_chat=is_chat, done=False, delta=True)
                self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                self.wfile.flush()
                if endless:
                    time.sleep(0.001)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def _words(text: str) -> Iterator[str]:
    for index in range(0, len(text), 7):
        yield text[index : index + 7]


def _forever() -> Iterator[str]:
    while True:
        yield "và nữa "


def _payload(text: str, *, is_chat: bool, done: bool, delta: bool = False) -> dict[str, Any]:
    finish = "stop" if done else None
    if is_chat:
        key = "delta" if delta else "message"
        choice = {"index": 0, key: {"role": "assistant", "content": text}, "finish_reason": finish}
        kind = "chat.completion.chunk" if delta else "chat.completion"
    else:
        choice = {"index": 0, "text": text, "finish_reason": finish, "logprobs": None}
        kind = "text_completion"
    return {"id": "x", "object": kind, "created": 0, "model": "scripted", "choices": [choice]}


@contextmanager
def scripted_llm_server(script: list[Behaviour]) -> Iterator[ScriptedLLMServer]:
    server = ScriptedLLMServer(script)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
