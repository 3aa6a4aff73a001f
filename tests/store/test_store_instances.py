"""Two `reliability serve` instances on one PostgreSQL database, as a deployment runs them.

Each instance is a real server process (tests/api/live.py) and the database
a real server (tests/postgres.py).
"""

from __future__ import annotations

import concurrent.futures
import time

import httpx
import msgspec
from api.live import LiveServer
from store_helpers import assert_index_consistent

from reliability import Document
from reliability.store import open_store


def test_a_document_stored_through_one_instance_is_read_and_a_peer_through_the_other(
    postgres_url: str, seeds: dict[str, Document]
) -> None:
    one = LiveServer(postgres_url, workers=2)  # type: ignore[arg-type]
    two = LiveServer(postgres_url, workers=1)  # type: ignore[arg-type]
    try:
        first = msgspec.to_builtins(seeds["001"])
        stored = httpx.post(one.url + "/v1/documents", json=first, timeout=30)
        assert stored.status_code == 201
        doc_id = stored.json()["id"]
        # The same text through the other instance: the same document, not a new one.
        again = httpx.post(two.url + "/v1/documents", json=first, timeout=30)
        assert (again.status_code, again.json()["id"]) == (200, doc_id)

        read = httpx.get(f"{two.url}/v1/documents/{doc_id}", timeout=30)
        assert read.status_code == 200 and read.json()["text"] == seeds["001"].text
        listed = httpx.get(two.url + "/v1/documents", timeout=30).json()["items"]
        assert [item["id"] for item in listed] == [doc_id]

        # Another report of the same story, scored through the other instance against the corpus.
        body = {"document": msgspec.to_builtins(seeds["002"]), "compare": "corpus"}
        card = httpx.post(two.url + "/v1/scorecards", json=body, timeout=60)
        assert card.status_code == 200, card.text
        assert doc_id in card.json()["peers"]
        for server in (one, two):
            ready = httpx.get(server.url + "/readyz", timeout=30)
            assert ready.status_code == 200 and ready.json()["status"] == "ok"
    finally:
        one.stop()
        two.stop()


def test_one_api_keys_limit_holds_across_instances(postgres_url: str) -> None:
    env = {
        "RELIABILITY_API_KEYS": "newsroom-key-0123456789abcdef",
        "RELIABILITY_REQUESTS_PER_MINUTE": "6",
    }
    one = LiveServer(postgres_url, workers=2, env=env)  # type: ignore[arg-type]
    two = LiveServer(postgres_url, workers=1, env=env)  # type: ignore[arg-type]
    try:
        headers = {"X-API-Key": "newsroom-key-0123456789abcdef"}
        codes = []
        for n in range(9):
            server = (one, two)[n % 2]
            codes.append(httpx.get(server.url + "/v1/heuristics", headers=headers).status_code)
        # Six a minute in all: counted per process, three processes would allow 18.
        assert codes == [200] * 6 + [429] * 3
        refused = httpx.get(one.url + "/v1/heuristics", headers=headers)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        # The key itself is never written to the database.
        with open_store(postgres_url) as store:
            import psycopg

            with psycopg.connect(store.url) as conn:  # type: ignore[attr-defined]
                names = [row[0] for row in conn.execute("SELECT name FROM rate_buckets")]
        assert names and not any("0123456789abcdef" in name for name in names)
    finally:
        one.stop()
        two.stop()


def test_kill_9_during_concurrent_writes_loses_no_acknowledged_document(
    postgres_url: str,
) -> None:
    victim = LiveServer(postgres_url, workers=2)  # type: ignore[arg-type]
    survivor = LiveServer(postgres_url, workers=1)  # type: ignore[arg-type]
    acknowledged: dict[str, dict[str, str]] = {}

    def post(i: int) -> None:
        body = {
            "text": f"Durability check {i}: officials said {i} boats were seen off the coast.",
            "outlet": f"Wire {i % 3}",
            "published": "2025-11-03",
        }
        server = victim if i % 4 else survivor  # both instances write at once
        try:
            r = httpx.post(server.url + "/v1/documents", json=body, timeout=20)
        except httpx.HTTPError:
            return  # in flight when the instance died: not acknowledged
        if r.status_code == 201:
            acknowledged[r.json()["id"]] = body

    try:
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(post, i) for i in range(600)]
            deadline = time.monotonic() + 120
            while len(acknowledged) < 150 and time.monotonic() < deadline:
                time.sleep(0.001)
            victim.kill()
            concurrent.futures.wait(futures)
        assert len(acknowledged) >= 150
        with httpx.Client(base_url=survivor.url, timeout=30) as client:
            for doc_id, body in acknowledged.items():
                r = client.get(f"/v1/documents/{doc_id}")
                assert r.status_code == 200, doc_id
                got = r.json()
                assert (got["text"], got["outlet"]) == (body["text"], body["outlet"])
            # The survivor kept working through the other's death.
            after = client.post("/v1/documents", json={"text": "Written after the crash."})
            assert after.status_code == 201
    finally:
        victim.stop()
        survivor.stop()
    with open_store(postgres_url) as store:
        assert_index_consistent(store)
        assert store.count() >= len(acknowledged) + 1
