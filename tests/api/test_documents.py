"""The /v1/documents endpoints."""

from __future__ import annotations

import msgspec

from reliability.document import document_id


def test_store_is_idempotent_on_normalised_text(client, seeds):
    body = msgspec.to_builtins(seeds["004"])
    first = client.post("/v1/documents", json=body)
    assert first.status_code == 201
    doc_id = first.json()["id"]
    assert doc_id == document_id(seeds["004"].text)
    assert first.headers["location"] == f"/v1/documents/{doc_id}"
    again = client.post(
        "/v1/documents", json={**body, "text": body["text"].replace("\n", "\r\n") + "  "}
    )
    assert (
        again.status_code == 200
        and again.json()["id"] == doc_id
        and again.json()["created"] is False
    )


def test_get_delete_and_404(client):
    r = client.post(
        "/v1/documents", json={"text": "Officials said 40 people died.", "outlet": "Wire"}
    )
    doc_id = r.json()["id"]
    got = client.get(f"/v1/documents/{doc_id}").json()
    assert got["text"] == "Officials said 40 people died." and got["outlet"] == "Wire"
    assert client.delete(f"/v1/documents/{doc_id}").status_code == 204
    for response in (
        client.get(f"/v1/documents/{doc_id}"),
        client.delete(f"/v1/documents/{doc_id}"),
    ):
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert doc_id in response.json()["detail"]


def test_list_pages_and_filters(client):
    for i in range(7):
        outlet = "A" if i % 2 else "B"
        client.post(
            "/v1/documents",
            json={"text": f"Story {i} text.", "outlet": outlet, "published": f"2025-01-0{i + 1}"},
        )
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/documents", params=params).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 7
    only_a = client.get("/v1/documents", params={"outlet": "A"}).json()["items"]
    assert {item["outlet"] for item in only_a} == {"A"} and len(only_a) == 3
    window = client.get(
        "/v1/documents", params={"published_from": "2025-01-02", "published_to": "2025-01-04"}
    ).json()
    assert sorted(item["published"] for item in window["items"]) == [
        "2025-01-02",
        "2025-01-03",
        "2025-01-04",
    ]


def test_scorecard_of_a_stored_document_against_the_corpus(client, seeds):
    ids = [
        client.post("/v1/documents", json=msgspec.to_builtins(seeds[k])).json()["id"]
        for k in ("001", "002", "004")
    ]
    card = client.get(f"/v1/documents/{ids[0]}/scorecard").json()
    assert card["document_id"] == ids[0]
    assert ids[1] in card["peers"] and ids[0] not in card["peers"]


def test_bulk_store_writes_many_at_once_and_says_which_are_new(client, seeds):
    first = msgspec.to_builtins(seeds["000"])
    client.post("/v1/documents", json=first)
    batch = [first, msgspec.to_builtins(seeds["001"]), msgspec.to_builtins(seeds["002"])]
    batch.append({**batch[1], "title": "the same text again"})
    r = client.post("/v1/documents/bulk", json={"documents": batch})
    assert r.status_code == 200, r.text
    body = r.json()
    ids = [document_id(seeds[n].text) for n in ("000", "001", "002", "001")]
    assert [item["id"] for item in body["items"]] == ids
    assert [item["created"] for item in body["items"]] == [False, True, True, False]
    assert body["created"] == 2
    for doc_id in ids:
        assert client.get(f"/v1/documents/{doc_id}").status_code == 200


def test_bulk_store_refuses_the_whole_batch_for_one_bad_document(client):
    too_long = "word " * 500_000  # over the default 2 MB limit
    docs = [{"text": "Officials said 40 people died."}, {"text": too_long}]
    r = client.post("/v1/documents/bulk", json={"documents": docs})
    assert r.status_code == 413
    problem = r.json()
    assert problem["errors"][0]["path"] == "$.documents[1].text"
    assert client.get(f"/v1/documents/{document_id(docs[0]['text'])}").status_code == 404
    empty = client.post("/v1/documents/bulk", json={"documents": []})
    assert empty.status_code == 400, empty.text  # a body the schema refuses, as elsewhere
    assert empty.headers["content-type"].startswith("application/problem+json")
    assert empty.json()["errors"][0]["path"] == "$.documents"
