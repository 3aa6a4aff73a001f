"""Heuristics, health, metrics, CORS, and the OpenAPI documentation."""

from __future__ import annotations


def test_heuristics(client):
    infos = client.get("/v1/heuristics").json()
    hedging = next(i for i in infos if i["name"] == "hedging")
    assert (
        hedging["plugin"] == "reliability-scorecards"
        and hedging["description"]
        and hedging["weight"] > 0
    )


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json()["status"] == "ok"


def test_readiness_fails_when_the_store_is_gone(client):
    client.app.state.services.store.close()
    r = client.get("/readyz")
    assert r.status_code == 503 and r.json()["status"] == "unavailable"


def test_metrics_count_requests_and_heuristics(client):
    client.post("/v1/scorecards", json={"document": {"text": "Obviously, it may rain."}})
    client.get("/v1/documents/nope")
    text = client.get("/metrics").text
    assert (
        'reliability_http_requests_total{method="POST",route="/v1/scorecards",status="200"}' in text
    )
    assert 'status="404"' in text
    assert (
        'reliability_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/v1/scorecards"}'
        in text
    )
    assert 'reliability_heuristic_duration_seconds_count{heuristic="hedging"}' in text


def test_cors_allows_extensions_and_refuses_other_origins(client):
    def preflight(origin):
        return client.options(
            "/v1/scorecards",
            headers={
                "origin": origin,
                "access-control-request-method": "POST",
                "access-control-request-headers": "content-type",
            },
        )

    for origin in (
        "chrome-extension://abcdefghijklmnop",
        "moz-extension://4b2c9a7e-1f3d-4c1b-9e2a-0d8b7f6a5c4e",
    ):
        r = preflight(origin)
        assert r.status_code == 204 and r.headers["access-control-allow-origin"] == origin
    r = preflight("https://evil.example")
    assert "access-control-allow-origin" not in r.headers
    simple = client.get("/v1/heuristics", headers={"origin": "https://evil.example"})
    assert "access-control-allow-origin" not in simple.headers


def test_cors_configured_origin(make_client):
    client = make_client(cors_origins=["https://newsroom.example"], cors_extensions=False)
    r = client.get("/v1/heuristics", headers={"origin": "https://newsroom.example"})
    assert r.headers["access-control-allow-origin"] == "https://newsroom.example"
    r = client.get("/v1/heuristics", headers={"origin": "chrome-extension://abc"})
    assert "access-control-allow-origin" not in r.headers


def test_openapi_documents_every_operation_and_model(client):
    schema = client.get("/docs/openapi.json").json()
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert {
        "scoreDocument",
        "scoreBatch",
        "storeDocument",
        "getDocument",
        "deleteDocument",
        "listDocuments",
        "scoreStoredDocument",
        "listHeuristics",
    } <= operations
    for name, model in schema["components"]["schemas"].items():
        assert model.get("description"), f"schema {name} has no description"
        if "properties" in model:
            assert model.get("examples"), f"schema {name} has no example"
        for field, spec in model.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"
    page = client.get("/docs")
    assert page.status_code == 200 and "<html" in page.text.lower()
    # The docs page works offline: every script and stylesheet is served by the app.
    import re

    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert assets and all(a.startswith("/docs/assets/") for a in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200


def test_problem_examples_are_real_answers(client):
    schema = client.get("/docs/openapi.json").json()
    components = schema["components"]["schemas"]
    (example,) = components["Problem"]["examples"]
    # The example is what the server answers the request it names.
    r = client.post(
        "/v1/scorecards",
        json={"document": {"text": "Officials said 40 people died.", "published": "Monday"}},
    )
    assert r.status_code == 400 and r.json() == example
    assert example["errors"][0]["path"] == "$.document.published"
    assert components["ProblemError"]["examples"] == [example["errors"][0]]
    for path, item in schema["paths"].items():
        for operation in item.values():
            for code, response in operation.get("responses", {}).items():
                media = response.get("content", {}).get("application/problem+json")
                if media is None:
                    continue
                (shown,) = media["examples"].values()
                assert shown["value"]["status"] == int(code), (path, code)
                assert shown["value"]["type"].startswith("https://reliability.invalid/problems/")
