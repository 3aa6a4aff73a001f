"""POST /v1/scorecards and /v1/scorecards/batch."""

from __future__ import annotations

import json

import msgspec

from reliability.document import document_id


def seed_json(doc) -> dict:
    return msgspec.to_builtins(doc)


def assert_spans(card: dict, text: str) -> None:
    for result in card["heuristics"]:
        for finding in result["findings"]:
            for span in finding["spans"]:
                assert text[span["start"] : span["end"]] == span["text"]


def test_score_a_seed(client, seeds):
    doc = seeds["000"]
    r = client.post("/v1/scorecards", json={"document": seed_json(doc)})
    assert r.status_code == 200, r.text
    card = r.json()
    assert card["document_id"] == doc.id and card["grade"]
    names = [h["name"] for h in card["heuristics"]]
    assert "hedging" in names
    assert_spans(card, doc.text)
    kinds = {f["kind"] for h in card["heuristics"] for f in h["findings"]}
    assert "unearned-certainty" in kinds


def test_options_select_and_weight(client):
    body = {
        "document": {"text": "Obviously, this may be true."},
        "include": ["hedging"],
        "weights": {"hedging": 2},
    }
    card = client.post("/v1/scorecards", json=body).json()
    assert [(h["name"], h["weight"]) for h in card["heuristics"]] == [("hedging", 2.0)]
    card = client.post(
        "/v1/scorecards", json={"document": {"text": "x y"}, "exclude": ["hedging"]}
    ).json()
    assert "hedging" not in [h["name"] for h in card["heuristics"]]


def test_store_and_compare_with_ids_and_corpus(client, seeds):
    r = client.post("/v1/scorecards", json={"document": seed_json(seeds["002"]), "store": True})
    stored_id = document_id(seeds["002"].text)
    assert r.status_code == 200 and r.json()["document_id"] == stored_id
    assert client.get(f"/v1/documents/{stored_id}").status_code == 200
    card = client.post(
        "/v1/scorecards", json={"document": seed_json(seeds["001"]), "compare": [stored_id]}
    ).json()
    assert card["peers"] == [stored_id]
    card = client.post(
        "/v1/scorecards", json={"document": seed_json(seeds["001"]), "compare": "corpus"}
    ).json()
    assert stored_id in card["peers"]


def test_batch_in_order_and_together(client, seeds):
    docs = [seed_json(seeds[k]) for k in ("001", "002", "004")]
    r = client.post("/v1/scorecards/batch", json={"documents": docs})
    assert r.status_code == 200
    cards = r.json()["scorecards"]
    assert [c["document_id"] for c in cards] == [seeds[k].id for k in ("001", "002", "004")]
    assert all(c["peers"] == [] for c in cards)
    together = client.post(
        "/v1/scorecards/batch", json={"documents": docs, "compare": "together"}
    ).json()
    assert together["scorecards"][0]["peers"] == [seeds["002"].id, seeds["004"].id]


def test_batch_streams_ndjson(client, seeds):
    docs = [seed_json(seeds[k]) for k in ("003", "000")]
    with client.stream(
        "POST",
        "/v1/scorecards/batch",
        json={"documents": docs},
        headers={"accept": "application/x-ndjson"},
    ) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(line) for line in r.iter_lines() if line]
    assert [c["document_id"] for c in lines] == [seeds["003"].id, seeds["000"].id]


def test_batch_store_keeps_every_document(client, seeds):
    docs = [seed_json(seeds[k]) for k in ("001", "002")]
    client.post("/v1/scorecards/batch", json={"documents": docs, "store": True})
    assert len(client.get("/v1/documents").json()["items"]) == 2
