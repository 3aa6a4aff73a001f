"""Every client error is problem details with the right status; none is a 500."""

from __future__ import annotations

import pytest

PROBLEM = "application/problem+json"


def check_problem(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    assert body["instance"].startswith("/")
    return body


def test_malformed_json(client):
    r = client.post(
        "/v1/scorecards", content=b'{"document": {', headers={"content-type": "application/json"}
    )
    check_problem(r, 400)


@pytest.mark.parametrize(
    ("body", "path", "needle"),
    [
        ({"document": {"text": "x", "colour": 1}}, "$.document.colour", "unknown field `colour`"),
        ({"document": {"title": "No text"}}, "$.document.text", "missing required field"),
        ({"document": {"text": 5}}, "$.document.text", "Expected `str`"),
        ({"document": {"text": "  "}}, "$.document.text", "text is empty"),
        ({"document": {"text": "x", "published": "soon"}}, "$.document.published", "ISO 8601"),
        ({"document": {"text": "x"}, "compare": "everything"}, "$.compare", ""),
        ({"document": {"text": "x"}, "weights": {"hedging": -1}}, "$.weights", ">= 0"),
        ({"document": {"text": "x"}, "include": ["nope"]}, "$.include[0]", "'nope'"),
        ({"document": {"text": "x"}, "weights": {"nope": 1}}, "$.weights.nope", "'nope'"),
        ({"text": "x"}, "$.text", "unknown field `text`"),
    ],
)
def test_validation_errors_name_the_field(client, body, path, needle):
    problem = check_problem(client.post("/v1/scorecards", json=body), 400)
    assert [e["path"] for e in problem["errors"]] == [path], problem
    assert needle in problem["errors"][0]["message"], problem


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"documents": [{"text": "a"}, {"text": " "}]}, "$.documents[1].text"),
        ({"documents": [{"text": "a", "published": "Monday"}]}, "$.documents[0].published"),
        ({"documents": [{"text": "a"}], "exclude": ["nope"]}, "$.exclude[0]"),
    ],
)
def test_batch_errors_name_the_document_and_field(client, body, path):
    problem = check_problem(client.post("/v1/scorecards/batch", json=body), 400)
    assert [e["path"] for e in problem["errors"]] == [path], problem


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"document": {"text": "x"}, "store": "1"}, "$.store"),
        ({"document": {"text": "x"}, "store": 0}, "$.store"),
        ({"document": {"text": "x"}, "weights": {"hedging": "2.5"}}, "$.weights"),
        ({"document": {"text": "x", "title": 7}}, "$.document.title"),
        ({"document": {"text": "x"}, "include": "hedging"}, "$.include"),
    ],
)
def test_types_are_not_coerced(client, body, path):
    problem = check_problem(client.post("/v1/scorecards", json=body), 400)
    assert [e["path"] for e in problem["errors"]] == [path], problem
    assert problem["errors"][0]["message"].startswith("Expected `"), problem
    assert client.get("/v1/documents").json()["items"] == []  # "store": "1" stored nothing


def test_an_empty_body_says_so(client):
    for path in ("/v1/documents", "/v1/scorecards", "/v1/scorecards/batch"):
        r = client.post(path, content=b"", headers={"content-type": "application/json"})
        problem = check_problem(r, 400)
        assert problem["errors"] == [
            {"path": "$", "message": "the request has no body: send a JSON object"}
        ]
        assert "data" not in problem["detail"]


def test_unknown_heuristic(client):
    problem = check_problem(
        client.post("/v1/scorecards", json={"document": {"text": "x"}, "include": ["nope"]}), 400
    )
    assert "nope" in problem["detail"]


def test_body_too_large(make_client):
    client = make_client(max_body_bytes=1000)
    check_problem(client.post("/v1/scorecards", json={"document": {"text": "x" * 2000}}), 413)


def test_text_over_the_document_limit(client):
    text = "word " * 420_000  # 2.1 MB, under the 5 MB body limit
    problem = check_problem(client.post("/v1/documents", json={"text": text}), 413)
    assert "limit" in problem["detail"] and problem["errors"][0]["path"] == "$.text"
    problem = check_problem(client.post("/v1/scorecards", json={"document": {"text": text}}), 413)
    assert problem["errors"][0]["path"] == "$.document.text"
    batch = {"documents": [{"text": "short"}, {"text": text}]}
    problem = check_problem(client.post("/v1/scorecards/batch", json=batch), 413)
    assert problem["errors"][0]["path"] == "$.documents[1].text"


def test_wrong_content_type(client):
    r = client.post(
        "/v1/scorecards",
        content=b"text=hello",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    check_problem(r, 415)
    check_problem(
        client.post("/v1/documents", content=b"hello", headers={"content-type": "text/plain"}), 415
    )


def test_unknown_ids_and_routes(client):
    check_problem(client.get("/v1/documents/nope"), 404)
    check_problem(client.get("/v1/documents/nope/scorecard"), 404)
    check_problem(
        client.post("/v1/scorecards", json={"document": {"text": "x"}, "compare": ["nope"]}), 404
    )
    check_problem(client.get("/v2/anything"), 404)
    check_problem(client.put("/v1/documents/x", json={}), 405)


def test_bad_query_parameters(client):
    problem = check_problem(client.get("/v1/documents", params={"limit": 0}), 400)
    assert problem["errors"][0]["path"] == "query.limit"
    check_problem(client.get("/v1/documents", params={"published_from": "yesterday"}), 400)
    problem = check_problem(client.get("/v1/documents", params={"cursor": "garbage!"}), 400)
    assert problem["errors"][0]["path"] == "query.cursor"


def test_api_keys_and_rate_limits(make_client):
    client = make_client(api_keys=[{"key": "k" * 20, "requests_per_minute": 2}])
    check_problem(client.get("/v1/heuristics"), 401)
    check_problem(client.get("/v1/heuristics", headers={"x-api-key": "wrong" * 5}), 401)
    ok = {"x-api-key": "k" * 20}
    assert client.get("/v1/heuristics", headers=ok).status_code == 200
    assert client.get("/v1/heuristics", headers=ok).status_code == 200
    limited = client.get("/v1/heuristics", headers=ok)
    check_problem(limited, 429)
    assert int(limited.headers["retry-after"]) >= 1
    assert client.get("/healthz").status_code == 200  # health is never gated


def test_keys_are_off_by_default(client):
    for _ in range(5):
        assert client.get("/v1/heuristics").status_code == 200


def test_deadline_answers_504_and_stops_the_work(tmp_path, faulty_pool):
    """A request past the server's deadline gets a 504, and its worker stops spinning."""
    import os
    import time
    from pathlib import Path

    from litestar.testing import TestClient

    from reliability.api.app import create_app
    from reliability.config import ServerSettings, Settings
    from reliability.store import SQLiteStore

    settings = Settings(server=ServerSettings(deadline=0.5))
    store = SQLiteStore(tmp_path / "s.sqlite3")
    with TestClient(create_app(settings, store=store, supervisor=faulty_pool)) as client:
        r = client.post("/v1/scorecards", json={"document": {"text": "Spin. FAULT-BUSY"}})
        check_problem(r, 504)

        def cpu() -> float:
            total = 0
            for pid in faulty_pool.pids():
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
            return total / os.sysconf("SC_CLK_TCK")

        time.sleep(0.6)  # the cancelled worker is interrupted, or killed past a grace period
        before = cpu()
        time.sleep(0.5)
        assert cpu() - before < 0.05
        ok = client.post("/v1/scorecards", json={"document": {"text": "Officials said so."}})
        assert ok.status_code == 200
