"""The browsable docs at /docs, rendered in headless Chromium from the real server's schema."""

from __future__ import annotations

import httpx
import pytest
from live import LiveServer
from playwright.sync_api import expect


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("docs") / "store.sqlite3", workers=1)
    yield live
    live.stop()


def test_the_docs_render_every_operation_from_local_assets(page, server):
    schema = httpx.get(server.url + "/docs/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(server.url + "/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Unable to render this definition")).to_have_count(0)
    expect(page.locator(".info .title")).to_contain_text(schema["info"]["title"])
    operations = [
        (method, path, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "put", "delete", "patch")
    ]
    assert len(operations) >= 11
    for method, path, op in operations:
        block = page.locator(f"#operations-{op['tags'][0]}-{op['operationId']}")
        expect(block).to_be_visible()
        expect(block.locator(".opblock-summary-method")).to_have_text(method.upper())
        expect(block.locator(".opblock-summary-path")).to_have_attribute("data-path", path)
    expect(page.locator(".opblock")).to_have_count(len(operations))
    # Everything the page loaded came from the server itself: no CDN.
    assert requested and all(url.startswith(server.url) for url in requested), requested


def test_the_docs_show_real_problem_examples(page, server):
    page.goto(server.url + "/docs")
    operation = page.locator("#operations-scorecards-scoreDocument")
    operation.locator(".opblock-summary").click()
    invalid = operation.locator('tr.response[data-code="400"]')
    expect(invalid).to_contain_text('"status": 400')
    expect(invalid).to_contain_text('"path": "$.document.published"')
    expect(invalid).to_contain_text("is not an ISO 8601 date")
    missing = page.locator("#operations-documents-getDocument")
    missing.locator(".opblock-summary").click()
    expect(missing.locator('tr.response[data-code="404"]')).to_contain_text('"status": 404')
