"""The API over real HTTP refuses what it should, and only that: bodies decoded strictly, at any
depth, errors at the field the README names, `Allow` headers, the Host header, keys on `/metrics`
and wrong keys throttled, and an OpenAPI schema that says what the server enforces."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from browser import chromium
from live import ROOT, LiveServer

from reliability.api.access import HostCheck
from reliability.document import document_id

PROBLEM = "application/problem+json"
KEY = "key-0123456789abcdef"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("conformance") / "store.sqlite3", workers=1)
    yield live
    live.stop()


@pytest.fixture
def http(server):
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


def problem(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    return r.json()


def post_raw(http: httpx.Client, path: str, body: bytes | str) -> httpx.Response:
    content = body.encode() if isinstance(body, str) else body
    return http.post(path, content=content, headers={"content-type": "application/json"})


# -- deep JSON ------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1_000, 10_000, 200_000])
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/scorecards", lambda d: '{"document": {"text": "x"}, "exclude": ' + nest(d) + "}"),
        ("/v1/scorecards", lambda d: '{"document": ' + nest_objects(d) + "}"),
        ("/v1/scorecards/batch", lambda d: '{"documents": [' + nest(d) + "]}"),
        ("/v1/documents", lambda d: nest_objects(d)),
        ("/v1/documents", lambda d: nest(d)),
    ],
)
def test_deeply_nested_json_is_a_400_at_any_depth(http, path, body, depth):
    found = problem(post_raw(http, path, body(depth)), 400)
    assert found["errors"][0]["path"].startswith("$")
    assert http.get("/healthz").status_code == 200


def nest(depth: int) -> str:
    return "[" * depth + "]" * depth


def nest_objects(depth: int) -> str:
    return '{"text": ' * depth + '"x"' + "}" * depth


# -- strict decoding and error paths ----------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "path", "expected"),
    [
        ({"store": "1"}, "$.store", "Expected `bool`, got `str`"),
        ({"store": 0}, "$.store", "Expected `bool`, got `int`"),
        ({"store": "true"}, "$.store", "Expected `bool`, got `str`"),
        ({"weights": {"hedging": "2.5"}}, "$.weights", "Expected `float`, got `str`"),
        ({"exclude": "hedging"}, "$.exclude", "Expected `array`, got `str`"),
    ],
)
def test_wrong_types_are_refused_not_coerced(http, extra, path, expected):
    text = f"Coercion check {path}: officials said 40 people died."
    found = problem(http.post("/v1/scorecards", json={"document": {"text": text}, **extra}), 400)
    assert found["errors"] == [{"path": path, "message": expected}]
    assert http.get(f"/v1/documents/{document_id(text)}").status_code == 404  # nothing stored


@pytest.mark.parametrize(
    ("path", "body", "where"),
    [
        ("/v1/scorecards", {"document": {"text": "   "}}, "$.document.text"),
        ("/v1/scorecards", {"document": {"text": 5}}, "$.document.text"),
        ("/v1/scorecards", {"document": {"outlet": "Wire"}}, "$.document.text"),
        (
            "/v1/scorecards",
            {"document": {"text": "x", "published": "Monday"}},
            "$.document.published",
        ),
        (
            "/v1/scorecards/batch",
            {"documents": [{"text": "a"}, {"text": ""}]},
            "$.documents[1].text",
        ),
        ("/v1/documents", {"text": "   "}, "$.text"),
        ("/v1/documents", {"text": "x", "colour": "red"}, "$.colour"),
    ],
)
def test_errors_name_the_field_as_the_readme_says(http, path, body, where):
    found = problem(http.post(path, json=body), 400)
    assert [e["path"] for e in found["errors"]] == [where]
    assert found["detail"].startswith(f"{where}: ")


def test_an_empty_body_is_named_as_such(http):
    found = problem(post_raw(http, "/v1/documents", b""), 400)
    assert found["detail"] == "the request has no body: send a JSON object"
    assert found["errors"] == [{"path": "$", "message": found["detail"]}]


# -- Allow -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "methods"),
    [
        ("/v1/documents", {"GET", "POST", "OPTIONS"}),
        ("/v1/documents/0123456789abcdef", {"GET", "DELETE", "OPTIONS"}),
        ("/v1/scorecards", {"POST", "OPTIONS"}),
    ],
)
def test_allow_lists_every_method_of_the_path(http, path, methods):
    r = http.options(path)
    assert r.status_code == 204
    assert set(r.headers["allow"].split(", ")) == methods
    refused = http.request("PUT", path, json={})
    assert problem(refused, 405) and set(refused.headers["allow"].split(", ")) == methods


# -- the Host header -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["localhost", "127.0.0.1", "127.0.0.2", "[::1]", "app.localhost", "0.0.0.0"]
)
def test_loopback_host_names_are_served(http, server, host):
    r = http.get("/v1/documents", headers={"host": f"{host}:{server.port}"})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/v1/documents", None),
        ("POST", "/v1/documents", {"text": "Stored through a rebound name."}),
        ("DELETE", "/v1/documents/0123456789abcdef", None),
        ("POST", "/v1/scorecards", {"url": "http://10.0.0.1/"}),
        ("GET", "/docs", None),
        ("GET", "/", None),
    ],
)
def test_other_host_names_are_refused_on_loopback(http, server, method, path, body):
    r = http.request(method, path, json=body, headers={"host": f"attacker.example:{server.port}"})
    found = problem(r, 400)
    assert found["type"].endswith("/host-not-allowed")
    assert "allowed_hosts" in found["detail"] and "attacker.example" in found["detail"]
    stored = http.get(f"/v1/documents/{document_id('Stored through a rebound name.')}")
    assert stored.status_code == 404


def test_dns_rebinding_from_a_browser_does_not_reach_the_api(server):
    """A name that resolves to 127.0.0.1, as a rebinding attacker's name would."""
    rules = "--host-resolver-rules=MAP rebound.example 127.0.0.1"
    with chromium(extra_args=[rules]) as context:
        page = context.new_page()
        answer = page.goto(f"http://rebound.example:{server.port}/v1/documents")
        assert answer is not None and answer.status == 400
        assert "host-not-allowed" in page.content()
        listing = page.evaluate(
            """async () => {
                const r = await fetch("/v1/documents", {method: "POST",
                    headers: {"content-type": "application/json"},
                    body: JSON.stringify({text: "Planted by a rebound page."})});
                return [r.status, await r.text()];
            }"""
        )
        assert listing[0] == 400 and "host-not-allowed" in listing[1]


def test_allowed_hosts_admit_the_names_listed(tmp_path):
    live = LiveServer(
        tmp_path / "store.sqlite3",
        workers=1,
        env={"RELIABILITY_ALLOWED_HOSTS": "reliability.example,*.newsroom.example"},
    )
    try:
        with httpx.Client(base_url=live.url) as client:
            for host in ("reliability.example", "api.newsroom.example", "localhost"):
                assert client.get("/v1/documents", headers={"host": host}).status_code == 200
            for host in ("newsroom.example", "reliability.example.evil", "evil.example"):
                problem(client.get("/v1/documents", headers={"host": host}), 400)
    finally:
        live.stop()


def test_off_loopback_ip_addresses_and_listed_names_are_served():
    """Off loopback: the address itself (no DNS, nothing to rebind) or a listed name."""
    check = HostCheck(["news.example"])
    for host in ("192.0.2.10:8000", "[2001:db8::1]", "news.example", "localhost"):
        assert check.refusal(host, "192.0.2.10") is None, host
    assert check.refusal("attacker.example", "192.0.2.10") is not None
    assert check.refusal("192.0.2.10", "127.0.0.1") is not None  # loopback: loopback names only
    assert check.refusal("attacker.example", "::ffff:127.0.0.1") is not None  # dual-stack
    assert check.refusal("attacker.example", "::1") is not None
    assert HostCheck(["*"]).refusal("anything.example", "127.0.0.1") is None


# -- keys: /metrics and wrong keys ------------------------------------------------------------


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    live = LiveServer(
        tmp_path_factory.mktemp("keys") / "store.sqlite3",
        workers=1,
        env={"RELIABILITY_API_KEYS": KEY},
    )
    yield live
    live.stop()


def test_metrics_need_a_key_when_keys_are_configured(guarded):
    with httpx.Client(base_url=guarded.url) as client:
        problem(client.get("/metrics"), 401)
        problem(client.get("/metrics", headers={"x-api-key": "not-the-key-at-all"}), 401)
        assert client.get("/metrics", headers={"x-api-key": KEY}).status_code == 200
        scrape = client.get("/metrics", headers={"authorization": f"Bearer {KEY}"})
        assert scrape.status_code == 200 and "reliability_http_requests_total" in scrape.text
        assert client.get("/healthz").status_code == 200  # health stays open


def test_wrong_keys_are_throttled_before_any_key_is_compared(guarded):
    with httpx.Client(base_url=guarded.url) as client:
        statuses = [
            client.get("/v1/heuristics", headers={"x-api-key": f"guess-{i:012d}"}).status_code
            for i in range(12)
        ]
        assert statuses[0] == 401 and statuses[-1] == 429, statuses
        assert statuses.index(429) <= 10  # at most 10 wrong keys a minute (one already spent)
        throttled = client.get("/v1/heuristics", headers={"x-api-key": KEY})
        found = problem(throttled, 429)  # even the right key: the answer must not tell
        assert "wrong API keys" in found["detail"] and int(throttled.headers["retry-after"]) >= 1


# -- the schema says what the server enforces -------------------------------------------------


def test_the_schema_states_the_rules_the_server_checks(http):
    schema = http.get("/docs/openapi.json").json()
    components = schema["components"]["schemas"]
    text = components["Document"]["properties"]["text"]
    assert text["minLength"] == 1 and text["pattern"] == r"\S"
    assert components["Document"]["additionalProperties"] is False
    branches = components["ScoreRequest"]["oneOf"]
    assert [b["required"] for b in branches] == [["document"], ["url"]]
    cursor = next(
        p for p in schema["paths"]["/v1/documents"]["get"]["parameters"] if p["name"] == "cursor"
    )
    installed = sorted(h["name"] for h in http.get("/v1/heuristics").json())
    include = components["ScoreRequest"]["properties"]["include"]["anyOf"][0]
    assert sorted(include["items"]["enum"]) == installed
    weights = components["BatchRequest"]["properties"]["weights"]
    assert sorted(weights["propertyNames"]["enum"]) == installed
    assert weights["additionalProperties"] == {"type": "number", "minimum": 0, "maximum": 1000}

    # The cursor pattern describes exactly what pages hand out, and any value of it works.
    for i in range(3):
        http.post("/v1/documents", json={"text": f"Cursor check {i}: the council met."})
    page = http.get("/v1/documents", params={"limit": 1}).json()
    assert re.fullmatch(cursor["schema"]["pattern"], page["next_cursor"])
    for made_up in ("0~0", "}~}", "2025-01-01T00:00:00Z~x"):
        assert http.get("/v1/documents", params={"cursor": made_up}).status_code == 200
    problem(http.get("/v1/documents", params={"cursor": "not a cursor"}), 400)


def test_schemathesis_schema_valid_requests_pass_and_invalid_ones_are_refused(server):
    """Every check: valid data accepted, invalid data refused (400), Allow headers, responses
    as documented. `tests/api/schemathesis.toml` says which statuses count as accepting."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "--config-file",
            str(Path(__file__).with_name("schemathesis.toml")),
            "run",
            server.url + "/docs/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            "60",
            "--seed",
            "7",
            "--request-timeout",
            "20",
            "--suppress-health-check",
            "all",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-8000:] + proc.stderr[-2000:]
    assert "No issues found" in proc.stdout
