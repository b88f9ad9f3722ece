"""REST API and web security against a running server (uvicorn thread, fake assistant)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.config import Settings
from assistant.errors import ConfigError
from tests.ui.scripted import WordOverlapAssistant, make_report
from tests.ui.serving import running_server
from ui import library, library_rows
from ui.auth import hash_password
from ui.server import create_server
from ui.workqueue import WorkQueue

TEXT = "Mở đầu.\n\nXã Hùng Sơn đề nghị hỗ trợ kinh phí làm đường giao thông nông thôn."
QUESTION = "xã nào đề nghị hỗ trợ kinh phí làm đường"
NEW_REPORT = "Xã Mường Kim xin hỗ trợ xây cầu treo qua suối Nậm Pồ.".encode()


def _settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(index_dir=str(tmp_path / "index"), **values)


@pytest.fixture
def base(tmp_path: Path) -> Iterator[str]:
    assistant = WordOverlapAssistant([make_report("r1.txt", TEXT)])
    with running_server(create_server(assistant, _settings(tmp_path, max_upload_mb=1))) as url:
        yield url


@pytest.fixture
def users_file(tmp_path: Path) -> Path:
    path = tmp_path / "users.toml"
    path.write_text(f'[users]\nan = "{hash_password("đúng-mật-khẩu")}"\n', encoding="utf-8")
    return path


def test_ask_returns_the_answer_contract(base: str) -> None:
    body = httpx.post(f"{base}/api/ask", json={"question": QUESTION}).json()
    assert body["abstained"] is False and body["communes"] == ["Hùng Sơn"]
    citation = body["citations"][0]
    assert citation["n"] == 1 and citation["quote"] in citation["text"]
    assert {"answer", "retrieved", "timings_ms", "section", "source"} <= {*body, *citation}


def test_ask_with_history_and_filters(base: str) -> None:
    payload = {
        "question": QUESTION,
        "history": [{"role": "user", "content": "chào"}, {"role": "assistant", "content": "?"}],
        "filters": {"communes": ["Hùng Sơn"], "date_from": "2026-01"},
    }
    assert httpx.post(f"{base}/api/ask", json=payload).status_code == 200


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({"question": "x" * 1001}, 400, "1000-character limit"),
        ({"question": ""}, 422, "question"),
        ({"nope": 1}, 422, "question"),
        ({"question": "a", "history": [{"role": "system", "content": "x"}]}, 422, "role"),
        ({"question": "a", "filters": {"period": "hôm qua"}}, 422, "quý II/2026"),
    ],
)
def test_bad_questions_get_one_line_json_errors(
    base: str, payload: dict[str, Any], status: int, message: str
) -> None:
    response = httpx.post(f"{base}/api/ask", json=payload)
    assert response.status_code == status
    error = response.json()["error"]
    assert message in error and "\n" not in error and "Traceback" not in error


def test_unanswerable_question_abstains_without_citations(base: str) -> None:
    body = httpx.post(f"{base}/api/ask", json={"question": "thời tiết hôm nay"}).json()
    assert body["abstained"] is True and body["citations"] == []


def test_search_and_its_bounds(base: str) -> None:
    hits = httpx.get(f"{base}/api/search", params={"q": QUESTION, "k": 3}).json()
    assert hits and hits[0]["commune"] == "Hùng Sơn" and "section" in hits[0]
    assert httpx.get(f"{base}/api/search", params={"q": "x", "k": 500}).status_code == 422


def test_upload_makes_a_report_answerable_and_delete_removes_it(base: str) -> None:
    files = [("files", ("../../báo cáo mới.txt", NEW_REPORT))]
    summary = httpx.post(f"{base}/api/reports", files=files).json()
    assert summary["added"] == 1 and summary["failed"] == []
    (report_id,) = summary["report_ids"]
    listed = {r["id"]: r for r in httpx.get(f"{base}/api/reports").json()}
    assert listed[report_id]["source"] == "báo_cáo_mới.txt"  # server-chosen, no traversal
    question = {"question": "xã nào xin hỗ trợ xây cầu treo qua suối"}
    assert httpx.post(f"{base}/api/ask", json=question).json()["communes"] == ["Hùng Sơn"]
    parse = httpx.get(f"{base}/api/reports/{report_id}").json()
    assert "cầu treo" in parse["sections"][0]["text"]
    assert httpx.delete(f"{base}/api/reports/{report_id}").status_code == 204
    assert httpx.post(f"{base}/api/ask", json=question).json()["abstained"] is True
    assert httpx.delete(f"{base}/api/reports/{report_id}").status_code == 404


def test_upload_limits_have_clear_messages(base: str) -> None:
    wrong = httpx.post(f"{base}/api/reports", files=[("files", ("x.exe", b"MZ"))])
    assert (
        wrong.status_code == 415
        and "supported: .docx, .doc, .md, .pdf" in wrong.json()["failed"][0]["error"]
    )
    big = httpx.post(f"{base}/api/reports", files=[("files", ("x.txt", b"a" * (2 << 20)))])
    assert big.status_code == 413 and "1 MB upload limit" in big.json()["failed"][0]["error"]
    huge = httpx.post(f"{base}/api/reports", files=[("files", ("x.txt", b"a" * (11 << 20)))])
    assert huge.status_code == 413 and "send fewer files" in huge.json()["error"]
    mixed = [("files", ("ok.txt", NEW_REPORT)), ("files", ("bad.exe", b"MZ"))]
    summary = httpx.post(f"{base}/api/reports", files=mixed).json()
    assert summary["added"] == 1 and summary["failed"][0]["path"] == "bad.exe"


@pytest.mark.parametrize(
    "path",
    [
        "/gradio_api/file=/etc/passwd",
        "/file=/etc/passwd",
        "/gradio_api/file=../../uploads/owners.json",
        "/gradio_api/file/x",
    ],
)
def test_file_routes_are_closed(base: str, path: str) -> None:
    # httpx folds "../" itself, so the traversal probe may reach no route at all (404).
    response = httpx.get(base + path)
    assert response.status_code in (403, 404) and "root:" not in response.text


def test_pages_forbid_outside_requests(base: str) -> None:
    page = httpx.get(f"{base}/")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "img-src 'self' data: blob:" in policy
    assert "fonts.googleapis.com" not in page.text


def test_docs_page_works_offline(base: str) -> None:
    docs = httpx.get(f"{base}/docs")
    assert docs.status_code == 200 and "/api/ask" in docs.text and "cdn" not in docs.text
    assert "/api/reports" in httpx.get(f"{base}/openapi.json").json()["paths"]


def test_busy_queue_answers_503_instead_of_piling_up(tmp_path: Path) -> None:
    entered, release = threading.Event(), threading.Event()

    class SlowAssistant(WordOverlapAssistant):
        def ask(self, question: str, **kwargs: Any) -> Any:
            entered.set()
            release.wait(10)
            return super().ask(question, **kwargs)

    assistant = SlowAssistant([make_report("r1.txt", TEXT)])
    queue = WorkQueue(workers=1, max_waiting=0)
    app = create_server(assistant, _settings(tmp_path), queue=queue)
    with running_server(app) as url:
        request = {"json": {"question": QUESTION}, "timeout": 20}
        first = threading.Thread(target=httpx.post, args=(f"{url}/api/ask",), kwargs=request)
        first.start()
        assert entered.wait(10), "the first question never reached the assistant"
        busy = httpx.post(f"{url}/api/ask", json={"question": QUESTION})
        release.set()
        first.join(20)
        after = httpx.post(f"{url}/api/ask", json={"question": QUESTION})
    assert after.status_code == 200  # free again once the first answer is out
    assert busy.status_code == 503 and busy.headers["retry-after"] == "5"
    assert "busy" in busy.json()["error"]


def test_binding_beyond_localhost_requires_a_users_file(tmp_path: Path) -> None:
    assistant = WordOverlapAssistant()
    with pytest.raises(ConfigError, match="without login - pass --users FILE"):
        create_server(assistant, _settings(tmp_path, host="0.0.0.0"))


def test_login_is_required_and_rate_limited(tmp_path: Path, users_file: Path) -> None:
    assistant = WordOverlapAssistant([make_report("r1.txt", TEXT)])
    settings = _settings(tmp_path, host="0.0.0.0", users_file=str(users_file))
    with running_server(create_server(assistant, settings)) as url:
        _check_login(url)


def _check_login(url: str) -> None:
    assert httpx.get(f"{url}/api/reports").status_code == 401
    assert httpx.get(f"{url}/", headers={"accept": "text/html"}).headers["location"] == "/login"
    for path in ("/gradio_api/info", "/openapi.json", "/docs", "/config", "/gradio_api/config"):
        assert httpx.get(url + path).status_code == 401, path
    for path in ("/gradio_api/upload", "/gradio_api/queue/join", "/api/ask", "/logout"):
        assert httpx.post(url + path, json={}).status_code == 401, path
    basic = httpx.get(f"{url}/api/reports", auth=("an", "đúng-mật-khẩu"))
    assert basic.status_code == 200
    with httpx.Client(base_url=url) as client:
        ok = client.post("/login", data={"username": "an", "password": "đúng-mật-khẩu"})
        assert ok.status_code == 303 and client.get("/api/reports").status_code == 200
    codes = [
        httpx.post(f"{url}/login", data={"username": "an", "password": f"sai{i}"}).status_code
        for i in range(7)
    ]
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]
    # Locked out even with the right password until the window passes.
    right = httpx.post(f"{url}/login", data={"username": "an", "password": "đúng-mật-khẩu"})
    assert right.status_code == 429 and "retry-after" in right.headers


def test_another_users_upload_cannot_be_deleted(tmp_path: Path, users_file: Path) -> None:
    lines = users_file.read_text(encoding="utf-8") + f'bo = "{hash_password("pw-bo")}"\n'
    users_file.write_text(lines, encoding="utf-8")
    settings = _settings(tmp_path, users_file=str(users_file))
    with running_server(create_server(WordOverlapAssistant(), settings)) as url:
        files = [("files", ("r.txt", NEW_REPORT))]
        auth_an, auth_bo = ("an", "đúng-mật-khẩu"), ("bo", "pw-bo")
        summary = httpx.post(f"{url}/api/reports", files=files, auth=auth_an).json()
        report_id = summary["report_ids"][0]
        refused = httpx.delete(f"{url}/api/reports/{report_id}", auth=auth_bo)
        assert refused.status_code == 403 and "another user" in refused.json()["error"]
        assert httpx.delete(f"{url}/api/reports/{report_id}", auth=auth_an).status_code == 204


def test_gradio_uploads_are_not_fetchable_by_anyone(tmp_path: Path, users_file: Path) -> None:
    settings = _settings(tmp_path, users_file=str(users_file))
    with running_server(create_server(WordOverlapAssistant(), settings)) as url:
        with httpx.Client(base_url=url) as client:
            client.post("/login", data={"username": "an", "password": "đúng-mật-khẩu"})
            files = [("files", ("secret.txt", b"mat khau kho bac"))]
            uploaded = client.post("/gradio_api/upload", files=files)
            assert uploaded.status_code == 200
            (path,) = uploaded.json()
            own = client.get(f"/gradio_api/file={path}")
        other = httpx.get(f"{url}/gradio_api/file={path}", auth=("an", "đúng-mật-khẩu"))
        anonymous = httpx.get(f"{url}/gradio_api/file={path}")
    assert own.status_code == 403 and other.status_code in (401, 403)
    assert anonymous.status_code in (401, 403)
    assert "kho bac" not in own.text + other.text + anonymous.text


def test_unexpected_errors_are_one_line_without_paths(tmp_path: Path) -> None:
    class BrokenAssistant(WordOverlapAssistant):
        def reports(self) -> Any:
            raise RuntimeError(f"disk trouble at {tmp_path}/index/chroma.sqlite3\nTraceback")

    with running_server(create_server(BrokenAssistant(), _settings(tmp_path))) as url:
        response = httpx.get(f"{url}/api/reports")
    assert response.status_code == 500
    assert response.json() == {"error": "Internal error - the server log has the details"}


def test_event_api_cannot_read_server_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"  # any readable file of an accepted type on the server
    secret.write_text("Xã Hùng Sơn: mật khẩu kho bạc là 1234.", encoding="utf-8")
    payload = {"data": [[{"path": str(secret), "meta": {"_type": "gradio.FileData"}}], "vi"]}
    assistant = WordOverlapAssistant()
    with running_server(create_server(assistant, _settings(tmp_path))) as url:
        started = httpx.post(f"{url}/gradio_api/call/add_files", json=payload)
        event = started.json()["event_id"]
        result = httpx.get(f"{url}/gradio_api/call/add_files/{event}", timeout=30).text
    assert "event: error" in result and assistant.reports() == []


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("value", ["32/12/2025", "2025-13-01", "hôm qua", "31/02/2026"])
def test_a_bad_filter_date_is_a_400_naming_the_field_and_the_formats(
    base: str, field: str, value: str
) -> None:
    payload = {"question": QUESTION, "filters": {field: value}}
    response = httpx.post(f"{base}/api/ask", json=payload)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert f"filters.{field}" in error and repr(value) in error
    assert "dd/mm/yyyy (30/12/2025)" in error and "yyyy-mm-dd" in error and "\n" not in error


def test_filter_dates_are_read_day_first_as_officials_write_them(tmp_path: Path) -> None:
    assistant = WordOverlapAssistant([make_report("r1.txt", TEXT)])
    with running_server(create_server(assistant, _settings(tmp_path))) as url:
        payload = {
            "question": QUESTION,
            "filters": {"date_from": "1/2/2025", "date_to": "30/12/2025"},
        }
        response = httpx.post(f"{url}/api/ask", json=payload)
    assert response.status_code == 200
    ((_, _, filters),) = assistant.asked
    assert (filters.date_from, filters.date_to) == ("2025-02-01", "2025-12-30")


def test_the_id_the_library_shows_is_one_rest_delete_accepts(tmp_path: Path) -> None:
    app = create_server(WordOverlapAssistant(), _settings(tmp_path))
    with running_server(app) as url:
        summary = httpx.post(f"{url}/api/reports", files=[("files", ("r.txt", NEW_REPORT))]).json()
        prompt, _, pending = library_rows.ask_delete(
            app.state.service, summary["report_ids"][0], "vi"
        )
        (shown,) = re.findall(r"\(mã ([0-9a-f]+)\)", prompt)
        assert pending == ("delete", shown) and "r.txt" in prompt
        assert httpx.delete(f"{url}/api/reports/{shown}").status_code == 204
        assert httpx.get(f"{url}/api/reports").json() == []
        # After a delete in the library, its message shows the same (whole) id.
        again = httpx.post(f"{url}/api/reports", files=[("files", ("r.txt", NEW_REPORT))]).json()
        message, *_ = library._delete(app.state.service, again["report_ids"][0], "vi", "local")
        assert re.findall(r"\(mã ([0-9a-f]+)\)", message) == [shown] and len(shown) == 64


def test_a_duplicate_upload_says_which_file_holds_it(base: str) -> None:
    first = httpx.post(f"{base}/api/reports", files=[("files", ("a.txt", NEW_REPORT))]).json()
    again = httpx.post(f"{base}/api/reports", files=[("files", ("b.txt", NEW_REPORT))])
    assert again.status_code == 200
    body = again.json()
    assert (body["added"], body["unchanged"]) == (0, 1)
    assert body["duplicates"] == [
        {"path": "b.txt", "duplicate_of": "a.txt", "report_id": first["report_ids"][0]}
    ]
    assert [r["source"] for r in httpx.get(f"{base}/api/reports").json()].count("b.txt") == 0
