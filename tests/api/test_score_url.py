"""POST /v1/scorecards with a URL: fetched from a real local server, extracted, scored."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from litestar.testing import TestClient
from localsite import Site, page

from reliability.api.app import create_app
from reliability.config import FetchSettings, Settings
from reliability.store import SQLiteStore


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site()
    site.route("/news/harbour", page("article.html"))
    site.route("/undated", page("undated.html"))
    site.route("/report.pdf", b"%PDF-1.7", content_type="application/pdf")
    site.redirect("/short", "/news/harbour")
    yield site
    site.close()


@pytest.fixture
def make_client(tmp_path) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def build(allow: list[str]) -> TestClient:
        settings = Settings(fetch=FetchSettings(allow=allow))
        store = SQLiteStore(tmp_path / f"store{len(clients)}.sqlite3")
        client = TestClient(create_app(settings, store=store))
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


def spans(card: dict) -> list[dict]:
    return [s for h in card["heuristics"] for f in h["findings"] for s in f["spans"]]


def test_score_a_page_by_url(make_client, site):
    client = make_client(["127.0.0.1"])
    r = client.post("/v1/scorecards", json={"url": site.url("/short")})
    assert r.status_code == 200, r.text
    card = r.json()
    doc = card["document"]
    assert doc["title"].startswith("Harbour authority delays dredging plan")
    assert doc["author"] == "Priya Raman" and doc["outlet"] == "The Coastal Ledger"
    assert doc["published"] == "2024-03-14"
    assert "Most read" not in doc["text"] and "seawatcher" not in doc["text"]
    assert card["document_id"] == doc["id"]
    assert card["grade"] and card["heuristics"]
    assert spans(card), "the article has findings to point at"
    for span in spans(card):
        assert doc["text"][span["start"] : span["end"]] == span["text"]
    fetched = card["page"]
    assert fetched["requested_url"] == site.url("/short")
    assert fetched["final_url"] == site.url("/news/harbour")
    assert fetched["redirects"] == [site.url("/news/harbour")]
    assert fetched["status"] == 200 and fetched["content_type"] == "text/html"
    assert fetched["fetched_at"].endswith("+00:00") and fetched["from_cache"] is False
    assert [
        {k: d[k] for k in ("kind", "date", "source", "confidence")} for d in fetched["dates"]
    ] == [
        {"kind": "published", "date": "2024-03-14", "source": "metadata", "confidence": "high"},
        {"kind": "modified", "date": "2024-03-15", "source": "metadata", "confidence": "high"},
    ]
    # where each date was found, so a reader can check it in the page's source
    assert all(d["field"].startswith("meta ") for d in fetched["dates"]), fetched["dates"]


def test_repeated_requests_use_the_cache(make_client, site):
    client = make_client(["127.0.0.1"])
    first = client.post("/v1/scorecards", json={"url": site.url("/news/harbour")}).json()
    second = client.post("/v1/scorecards", json={"url": site.url("/news/harbour")}).json()
    assert site.hits["/news/harbour"] == 1
    assert first["page"]["from_cache"] is False and second["page"]["from_cache"] is True
    assert second["document"] == first["document"]


def test_an_untrusted_date_is_reported_but_not_published(make_client, site):
    client = make_client(["127.0.0.1"])
    card = client.post("/v1/scorecards", json={"url": site.url("/undated")}).json()
    assert "published" not in card["document"] or card["document"]["published"] is None
    (date,) = card["page"]["dates"]
    assert date["source"] == "page" and date["confidence"] == "low"
    assert date["note"], "an untrusted date says why it is not trusted"


def test_store_keeps_the_extracted_document(make_client, site):
    client = make_client(["127.0.0.1"])
    card = client.post("/v1/scorecards", json={"url": site.url("/news/harbour"), "store": True})
    doc = card.json()["document"]
    stored = client.get(f"/v1/documents/{doc['id']}")
    assert stored.status_code == 200
    assert stored.json()["text"] == doc["text"]
    assert stored.json()["url"] == site.url("/news/harbour")


def test_a_refused_address_is_a_422_problem(make_client, site):
    client = make_client([])  # nothing private allowed
    r = client.post("/v1/scorecards", json={"url": site.url("/news/harbour")})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["detail"] == "host '127.0.0.1' resolves to 127.0.0.1, a loopback address"
    assert problem["type"].endswith("/url-refused")
    assert problem["errors"] == [{"path": "$.url", "message": problem["detail"]}]
    assert site.hits["/news/harbour"] == 0


@pytest.mark.parametrize(
    ("url", "status", "slug", "detail"),
    [
        ("http://169.254.169.254/latest/meta-data/", 422, "url-refused", "cloud metadata address"),
        ("ftp://example.com/x", 422, "url-refused", "only http and https"),
        ("/report.pdf", 422, "page-unusable", "application/pdf"),
        ("/missing", 502, "fetch-failed", "answered 404"),
    ],
)
def test_fetch_problems(make_client, site, url, status, slug, detail):
    client = make_client(["127.0.0.1"])
    r = client.post("/v1/scorecards", json={"url": site.url(url) if url[0] == "/" else url})
    assert r.status_code == status, r.text
    assert r.json()["type"].endswith("/" + slug)
    assert detail in r.json()["detail"]


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({}, "$.document"),
        ({"url": "https://example.com/", "document": {"text": "Some text."}}, "$.url"),
    ],
)
def test_exactly_one_of_document_and_url(make_client, body, path):
    client = make_client([])
    r = client.post("/v1/scorecards", json=body)
    assert r.status_code == 400
    assert r.json()["errors"][0]["path"] == path


def test_text_requests_are_unchanged(make_client):
    client = make_client([])
    card = client.post("/v1/scorecards", json={"document": {"text": "Officials said so."}}).json()
    assert "page" not in card and "document" not in card


def test_openapi_documents_the_url_response(make_client):
    client = make_client([])
    schemas = client.get("/docs/openapi.json").json()["components"]["schemas"]
    for name in ("PageScorecard", "FetchReport", "PageDate"):
        assert schemas[name].get("description"), name
        assert schemas[name].get("examples"), name
    assert "url" in schemas["ScoreRequest"]["properties"]
