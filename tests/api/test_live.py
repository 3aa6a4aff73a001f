"""The real server, as `reliability serve` starts it, called over HTTP with httpx."""

from __future__ import annotations

import concurrent.futures
import subprocess
import sys
import time

import httpx
import msgspec
import pytest
from live import ROOT, LiveServer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("live") / "store.sqlite3", load=["seeds/"])
    yield live
    live.stop()


def test_starts_with_the_seeds_and_serves_docs(server, seeds):
    with httpx.Client(base_url=server.url) as client:
        assert client.get("/docs").status_code == 200
        listed = client.get("/v1/documents").json()["items"]
        assert {item["id"] for item in listed} >= {doc.id for doc in seeds.values()}
        card = client.post(
            "/v1/scorecards", json={"document": msgspec.to_builtins(seeds["000"])}
        ).json()
        assert card["document_id"] == seeds["000"].id and card["grade"]
        stored = client.get(f"/v1/documents/{seeds['001'].id}/scorecard").json()
        assert seeds["002"].id in stored["peers"]


def test_workers_share_the_store_and_metrics(server):
    with httpx.Client(base_url=server.url) as client:
        ids = {
            client.post("/v1/documents", json={"text": f"Shared across workers {i}."}).json()["id"]
            for i in range(20)
        }
        for doc_id in ids:
            assert client.get(f"/v1/documents/{doc_id}").status_code == 200
        metrics = client.get("/metrics").text
    total = sum(
        float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith('reliability_http_requests_total{method="POST",route="/v1/documents"')
    )
    assert total >= 20


def test_problem_details_over_the_wire(server):
    r = httpx.post(
        server.url + "/v1/scorecards", content=b"{", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"


def test_schemathesis_finds_no_server_errors_and_no_schema_violations(server):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            server.url + "/docs/openapi.json",
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,"
            "response_schema_conformance,response_headers_conformance",
            "--max-examples",
            "25",
            "--seed",
            "1",
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
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]


def test_acknowledged_writes_survive_kill_9(tmp_path):
    db = tmp_path / "durable.sqlite3"
    server = LiveServer(db, workers=2)
    acknowledged: dict[str, dict] = {}

    def post(i: int) -> None:
        body = {
            "text": f"Durability check {i}: officials said {i} boats were seen.",
            "outlet": f"Wire {i % 3}",
            "published": "2025-11-03",
        }
        try:
            r = httpx.post(server.url + "/v1/documents", json=body, timeout=10)
        except httpx.HTTPError:
            return  # in flight when the server died: not acknowledged
        if r.status_code == 201:
            acknowledged[r.json()["id"]] = body

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(post, i) for i in range(400)]
        deadline = time.monotonic() + 60
        while len(acknowledged) < 120 and time.monotonic() < deadline:
            time.sleep(0.001)
        server.kill()
        concurrent.futures.wait(futures)
    assert len(acknowledged) >= 120

    restarted = LiveServer(db, workers=1)
    try:
        with httpx.Client(base_url=restarted.url) as client:
            for doc_id, body in acknowledged.items():
                r = client.get(f"/v1/documents/{doc_id}")
                assert r.status_code == 200, doc_id
                got = r.json()
                assert (got["text"], got["outlet"], got["published"]) == (
                    body["text"],
                    body["outlet"],
                    body["published"],
                )
    finally:
        restarted.stop()
