"""The web page at `/`, in headless Chromium against the real server (`reliability serve`)."""

from __future__ import annotations

import html
import http.server
import json
import math
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from typing import Any

import httpx
import msgspec
import pytest
from browser import artifact_path
from live import ROOT, LiveServer
from playwright.sync_api import expect

from reliability import Engine, Finding, Heuristic, Outcome, RelatedSpan, Severity

# Astral characters (outside the BMP: two UTF-16 code units, one Python index)
# before, inside and between spans, and spans nested in each other.
ASTRAL_TEXT = (
    "😀 Obviously, the 🇺🇸 claims are propaganda 🎉, officials said. The minister 𝒳 said "
    "40 people died on Monday. Clearly, it is 💯 certain that the war may end soon."
)


def js_round(value: float) -> int:
    """A number as the page rounds it (Math.round: halves up; Python's round() halves to even)."""
    return math.floor(value + 0.5)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer(tmp_path_factory.mktemp("web") / "store.sqlite3", workers=1, load=["seeds/"])
    yield live
    live.stop()


def submit(
    page: Any, server: LiveServer, text: str, title: str = "", **fields: str
) -> dict[str, Any]:
    """Open the page, score `text` through the form; the scorecard the page received.

    `fields` fill other inputs by their label: `submit(..., Outlet="Example Wire")`.
    """
    page.goto(server.url + "/")
    page.get_by_label("Article text or address").fill(text)
    if title:
        page.get_by_label("Title").fill(title)
    for label, value in fields.items():
        page.get_by_role("textbox", name=label.replace("_", " ")).fill(value)
    with page.expect_response("**/v1/scorecards") as answer:
        page.get_by_role("button", name="Score").click()
    expect(page.locator("#status")).to_have_text(re.compile("^(Scored|Error)"))
    return answer.value.json()


def spans_by_key(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every span of the card by the key the page gives it: finding `n`, span `i` -> `fn-si`."""
    out = {}
    findings = [f for h in card["heuristics"] for f in h["findings"]]
    for n, finding in enumerate(findings):
        for i, span in enumerate(finding["spans"]):
            out[f"f{n}-s{i}"] = {**span, "finding": finding}
    return out


def highlighted(page: Any, container: str = "#text") -> dict[str, str]:
    """The text each span's highlight pieces hold together, by span key."""
    return page.evaluate(
        """(container) => {
            const out = {};
            for (const m of document.querySelectorAll(`${container} mark[data-span]`)) {
                out[m.dataset.span] = (out[m.dataset.span] || "") + m.textContent;
            }
            return out;
        }""",
        container,
    )


def assert_every_span_highlighted(
    page: Any, card: dict[str, Any], text: str, hidden: tuple[str, ...] = ("info",)
) -> None:
    """Every span is marked on the text; those of a `hidden` severity are out of the tab order."""
    assert page.locator("#text").text_content() == text
    spans = spans_by_key(card)
    assert spans, "the card has no spans to show"
    assert highlighted(page) == {key: span["text"] for key, span in spans.items()}
    for key, span in spans.items():
        assert text[span["start"] : span["end"]] == span["text"]
        tabindex = "-1" if span["finding"]["severity"] in hidden else "0"
        assert page.locator(f"#mark-{key}").get_attribute("tabindex") == tabindex
    assert page.locator("#text mark[id]").count() == len(spans)


MINUS = "\u2212"


def signed(points: float) -> str:
    """Points as the page prints them: one decimal, a sign, a real minus sign."""
    return "0.0" if round(points, 1) == 0 else f"{points:+.1f}".replace("-", MINUS)


def shown_number(text: str) -> float:
    assert "-" not in text, f"a hyphen for a minus sign: {text!r}"
    return float(text.replace(MINUS, "-"))


def assert_why_panel(page: Any, card: dict[str, Any]) -> dict[str, Any]:
    """The "why this grade" panel lists the baseline and every contribution, and they sum to the
    score it shows; returns the panel's rows by heuristic."""
    panel = page.get_by_role("region", name="Why this grade")
    expect(panel).to_be_visible()
    rows = panel.get_by_role("list", name="From the baseline to the score, in points")
    expect(rows.locator(":scope > li")).to_have_count(len(card["contributions"]) + 2)
    baseline = rows.locator('li[data-part="baseline"]')
    expect(baseline.locator(".contribution-name")).to_have_text("Baseline")
    expect(baseline.locator("#why-baseline")).to_have_text(f"{card['baseline']:.1f}")
    shown = {}
    for c in card["contributions"]:
        row = rows.locator(f'li[data-heuristic="{c["heuristic"]}"]')
        expect(row.locator(":scope > .points")).to_have_text(signed(c["points"]))
        expect(row).to_have_attribute("data-basis", c["basis"])
        for reason in c.get("reasons", []):
            item = row.locator("li.reason").filter(has_text=reason["label"])
            expect(item.locator(".points")).to_have_text(signed(reason["points"]))
        if c["basis"] == "baseline":
            expect(row.locator(".contribution-note")).to_contain_text("moves nothing")
        if c["basis"] == "prior":
            expect(row.locator(".contribution-note")).to_contain_text(
                "The model was not fitted on it"
            )
        shown[c["heuristic"]] = shown_number(row.locator(":scope > .points").inner_text())
    # Largest effect first.
    order = rows.locator("li[data-heuristic]").evaluate_all(
        "items => items.map(li => li.dataset.heuristic)"
    )
    assert [abs(shown[n]) for n in order] == sorted(map(abs, shown.values()), reverse=True)
    # What the panel shows adds up to the score it shows, and to the score above it.
    total = shown_number(rows.locator("#why-total").inner_text())
    assert total == round(card["score"], 1)
    assert (
        round(shown_number(baseline.locator("#why-baseline").inner_text()) + sum(shown.values()), 1)
        == total
    )
    expect(page.locator("#score")).to_contain_text(f"{js_round(total)} / 100")
    return shown


def test_page_and_its_files_are_served(server):
    with httpx.Client(base_url=server.url) as client:
        index = client.get("/")
        assert index.status_code == 200
        assert index.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in index.headers["content-security-policy"]
        assert '<script type="module" src="/web/app.js">' in index.text
        for name, media in [
            ("app.js", "javascript"),
            ("highlight.js", "javascript"),
            ("style.css", "text/css"),
        ]:
            asset = client.get(f"/web/{name}")
            assert asset.status_code == 200 and media in asset.headers["content-type"], name
        missing = client.get("/web/nothing.js")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        # The page is not an API operation.
        assert "/" not in client.get("/docs/openapi.json").json()["paths"]


def test_a_seed_is_scored_with_every_span_highlighted(page, server, seeds):
    seed = seeds["000"]
    card = submit(page, server, seed.text, title="A title typed in the form")
    assert card["document_id"] == seed.id
    expect(page.locator("#grade")).to_have_text(card["grade"])
    expect(page.locator("#score")).to_have_text(f"{js_round(card['score'])} / 100")
    expect(page.locator("#status")).to_have_text(
        f"Scored: grade {card['grade']}, score {js_round(card['score'])} of 100, "
        f"{sum(len(h['findings']) for h in card['heuristics'])} findings."
    )
    expect(page.get_by_role("heading", name="A title typed in the form")).to_be_visible()
    # Why this grade: from the baseline, each heuristic's signed points, to the score.
    shown = assert_why_panel(page, card)
    assert any(v > 0 for v in shown.values()) and any(v < 0 for v in shown.values())
    expect(page.locator("#why-range")).to_have_count(0)  # nothing failed: no open range
    assert_every_span_highlighted(page, card, seed.text)
    # One panel per heuristic, with its summary and one list entry per finding.
    for h in card["heuristics"]:
        panel = page.locator(f'section.panel[data-heuristic="{h["name"]}"]')
        expect(panel.locator(".heuristic-summary")).to_have_text(h["summary"])
        expect(panel.locator("li.finding")).to_have_count(len(h["findings"]))
    # Compared with the stored coverage of the story (the other seeds).
    assert set(card["peers"]) >= {seeds[n].id for n in ("001", "002")}
    expect(page.locator("#peers li")).to_have_count(len(card["peers"]))
    # Severity shows in the highlight's class (colour and underline style).
    major = [k for k, s in spans_by_key(card).items() if s["finding"]["severity"] == "major"]
    assert major, "seed 000 has a major finding"
    expect(page.locator(f"#mark-{major[0]}")).to_have_class("hl sev-major")
    page.screenshot(path=artifact_path("web-seed-000.png"), full_page=True)


def test_keyboard_focus_and_hover_show_the_message(page, server, seeds):
    card = submit(page, server, seeds["002"].text)
    spans = spans_by_key(card)
    # Tab from the last control before the results until a highlight has focus.
    page.get_by_role("checkbox", name="info").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('#text mark')"):
            break
    focused = page.locator("#text mark:focus")
    expect(focused).to_have_count(1)
    key, finding_key = focused.get_attribute("data-span"), focused.get_attribute("data-finding")
    message = spans[key]["finding"]["message"]
    tip = page.get_by_role("tooltip")
    expect(tip).to_be_visible()
    expect(tip.locator(".tip-message")).to_have_text(message)
    # The message is also the highlight's accessible description.
    described = focused.get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_have_text(message)
    # The focus ring is visible: an outline drawn around the focused highlight.
    assert focused.evaluate("m => getComputedStyle(m).outlineStyle") == "solid"
    # Escape hides the tooltip; Enter goes to the finding's entry in the list.
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    page.keyboard.press("Enter")
    expect(page.locator(f"#entry-{finding_key}")).to_be_focused()

    other = next(k for k in spans if k != key)
    page.locator(f"#mark-{other}").hover()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text(spans[other]["finding"]["message"])


def test_cross_source_findings_of_the_installed_heuristics_link_to_the_peers(page, server, seeds):
    card = submit(page, server, seeds["002"].text)
    related = [r for h in card["heuristics"] for f in h["findings"] for r in f["related"]]
    links = page.locator(".related a.document-link")
    expect(links).to_have_count(len(related))
    # Whatever cross-document heuristics are installed, each related span opens on its text.
    for i, rel in enumerate(related[:3]):
        assert links.nth(i).get_attribute("href") == f"/v1/documents/{rel['document_id']}"
        links.nth(i).click()
        viewer = page.locator("#related-doc")
        focused = viewer.locator("mark:focus")
        expect(focused).to_have_text(rel["text"])
        stored = httpx.get(f"{server.url}/v1/documents/{rel['document_id']}").json()
        expect(viewer.locator(".text")).to_have_text(stored["text"])
        assert stored["text"][rel["start"] : rel["end"]] == rel["text"]


TRANSPARENT = "rgba(0, 0, 0, 0)"


def tint(mark: Any) -> str:
    return mark.evaluate("m => getComputedStyle(m).backgroundColor")


def underline(mark: Any) -> str:
    return mark.evaluate("m => getComputedStyle(m).borderBottomColor")


def test_info_highlights_are_off_until_turned_on(page, server, seeds):
    card = submit(page, server, seeds["000"].text)
    spans = spans_by_key(card)
    info = [k for k, s in spans.items() if s["finding"]["severity"] == "info"]
    major = [k for k, s in spans.items() if s["finding"]["severity"] == "major"]
    assert len(info) >= 2 and major, "seed 000 has info and major findings"
    findings = [f for h in card["heuristics"] for f in h["findings"]]
    box = page.get_by_role("checkbox", name="info")
    expect(box).not_to_be_checked()
    # Each box says how many findings it stands for.
    infos = sum(f["severity"] == "info" for f in findings)
    expect(box).to_have_accessible_name(f"info ({infos})")
    expect(page.get_by_role("group", name="Highlight findings of severity")).to_contain_text(
        "Info findings (attributions, hedges and other notes) start unhighlighted"
    )
    # Off: no tint, no underline, out of the tab order; the other severities are on.
    mark = page.locator(f"#mark-{info[0]}")
    assert tint(mark) == TRANSPARENT and underline(mark) == TRANSPARENT
    assert mark.get_attribute("tabindex") == "-1"
    serious = page.locator(f"#mark-{major[0]}")
    assert tint(serious) != TRANSPARENT and serious.get_attribute("tabindex") == "0"
    # With info off, only the other spans are underlined.
    underlined = page.locator("#text mark[id]").evaluate_all(
        "ms => ms.filter(m => getComputedStyle(m).borderBottomColor !== 'rgba(0, 0, 0, 0)').length"
    )
    assert underlined == len(spans) - len(info)
    # A span button of an info finding still shows its span, while it has focus.
    page.locator(f'button.span-link[data-target="{info[1]}"]').click()
    other = page.locator(f"#mark-{info[1]}")
    expect(other).to_be_focused()
    assert tint(other) != TRANSPARENT
    # Turned on: tinted, underlined, in the tab order; and a severity can be turned off.
    box.check()
    assert tint(mark) != TRANSPARENT and underline(mark) != TRANSPARENT
    assert mark.get_attribute("tabindex") == "0"
    page.get_by_role("checkbox", name="major").uncheck()
    assert tint(serious) == TRANSPARENT and serious.get_attribute("tabindex") == "-1"


def test_the_severity_filter_shows_only_with_results(page, server, seeds):
    page.goto(server.url + "/")
    group = page.get_by_role("group", name="Highlight findings of severity")
    expect(group).to_have_count(0)
    expect(page.get_by_role("checkbox", name="info")).to_have_count(0)
    submit(page, server, " ")  # a problem: still no results, so no filter
    expect(page.get_by_role("alert")).to_be_visible()
    expect(group).to_have_count(0)
    submit(page, server, seeds["003"].text)
    expect(group).to_be_visible()
    # It sits with the text it filters, just above it.
    text_top = page.locator("#text").bounding_box()["y"]
    box = group.bounding_box()
    assert box["y"] + box["height"] <= text_top
    assert page.locator("#severity-filter ~ #text").count() == 1


def test_after_score_the_results_come_into_view(page, server, seeds):
    page.set_viewport_size({"width": 1280, "height": 700})
    submit(page, server, seeds["002"].text)
    heading = page.locator("#summary-title")
    # Scrolled to the results, the keyboard's focus with them.
    expect(heading).to_be_in_viewport()
    expect(page.locator("#grade")).to_be_in_viewport()
    top = page.locator("#results").evaluate("r => r.getBoundingClientRect().top")
    assert 0 <= top < 40
    expect(page.get_by_role("button", name="Score")).not_to_be_in_viewport()
    expect(heading).to_be_focused()
    # Tab goes on from the results, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('#results').contains(document.activeElement)")


def test_compared_with_names_the_stored_documents_by_title(page, server, seeds):
    card = submit(page, server, seeds["001"].text)
    by_id = {seed.id: seed for seed in seeds.values()}
    peers = page.locator("#peers")
    expect(peers).to_contain_text(f"Compared with {len(card['peers'])} stored documents")
    expect(peers.locator("li")).to_have_count(len(card["peers"]))
    assert "000" in {n for n, s in seeds.items() if s.id in card["peers"]}, "an untitled peer"
    for peer_id in card["peers"]:
        doc = by_id[peer_id]
        link = peers.locator(f'a[href="/v1/documents/{peer_id}"]')
        if doc.title:
            expect(link).to_have_text(doc.title)
        else:  # named by its first words
            first = " ".join(doc.text.split()[:5])
            expect(link).to_have_text(re.compile(rf"^Untitled, beginning “{re.escape(first)}"))
        item = peers.locator(f'li:has(a[href="/v1/documents/{peer_id}"])')
        for detail in (doc.outlet, doc.author and f"by {doc.author}"):
            if detail:
                expect(item).to_contain_text(detail)
    # No hash ids for a reader to decode, in the list or in the links of related spans.
    assert not re.search(r"[0-9a-f]{12}", peers.inner_text())
    related = page.locator(".related a.document-link")
    assert related.count() > 0
    for name in related.all_inner_texts():
        assert not re.search(r"[0-9a-f]{12}", name), name
        assert re.match(r"^“.+” in \S", name), name
    # Opening a peer shows its title as the heading.
    titled = next(p for p in card["peers"] if by_id[p].title)
    peers.locator(f'a[href="/v1/documents/{titled}"]').click()
    expect(page.locator("#related-title")).to_have_text(by_id[titled].title)


def test_outlet_and_publication_date_go_into_the_scored_document(page, server, seeds):
    seed = seeds["000"]  # no outlet and no date of its own
    assert seed.outlet is None and seed.published is None
    card = submit(page, server, seed.text, Outlet="Example Wire", Publication_date=" 2025-11-03 ")
    recycling = next(h for h in card["heuristics"] if h["name"] == "recycling")
    assert recycling["metrics"]["claimed_from"] == "metadata"
    assert recycling["metrics"]["claimed_date"] == "2025-11-03"
    assert "undated" not in {f["kind"] for f in recycling["findings"]}
    expect(page.locator("#outlet-fact")).to_have_text("Example Wire")
    expect(page.locator("#published-fact")).to_have_text("2025-11-03")
    panel = page.locator('section.panel[data-heuristic="recycling"]')
    expect(panel.locator(".heuristic-summary")).to_contain_text(
        "its publication date is 2025-11-03"
    )
    # The request carried them in the document.
    page.get_by_role("textbox", name="Publication date").fill("2025-11-03T14:00Z")
    with page.expect_request("**/v1/scorecards") as request:
        page.get_by_role("button", name="Score").click()
    expect(page.locator("#published-fact")).to_have_text("2025-11-03T14:00Z")
    document = request.value.post_data_json["document"]
    assert (document["outlet"], document["published"]) == ("Example Wire", "2025-11-03T14:00Z")
    # Without a date the text is read as published today, and says so in words.
    page.get_by_role("textbox", name="Publication date").fill("")
    with page.expect_response("**/v1/scorecards") as answer:
        page.get_by_role("button", name="Score").click()
    expect(page.locator("#published-fact")).to_have_count(0)
    undated = next(h for h in answer.value.json()["heuristics"] if h["name"] == "recycling")
    assert undated["metrics"]["claimed_from"] == "today"
    expect(panel.locator(".heuristic-summary")).to_contain_text(
        "it gives no date, so it is read as published today"
    )


def test_an_invalid_publication_date_gets_a_clear_message(page, server):
    page.goto(server.url + "/")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/v1/scorecards" in r.url else None)
    page.get_by_label("Article text or address").fill(ASTRAL_TEXT)
    date = page.get_by_role("textbox", name="Publication date")
    alert = page.get_by_role("alert")
    for bad in ("03/11/2025", "2025-02-30", "3 November 2025", "2025-11", "2025-11-03T25:00"):
        date.fill(bad)
        page.get_by_role("button", name="Score").click()
        expect(alert.get_by_role("heading")).to_have_text("The publication date cannot be read")
        expect(alert).to_contain_text(f"“{bad}” is not a date the service can read")
        expect(alert).to_contain_text("Write it as year-month-day, for example 2025-11-03")
        expect(alert).to_be_focused()
        expect(date).to_have_attribute("aria-invalid", "true")
        expect(page.get_by_label("Article text or address")).not_to_have_attribute(
            "aria-invalid", "true"
        )
        expect(page.locator("#status")).to_have_text("Error: The publication date cannot be read")
        # The service refuses it too: the page refuses nothing the service would take.
        refused = httpx.post(
            f"{server.url}/v1/scorecards",
            json={"document": {"text": ASTRAL_TEXT, "published": bad}},
        )
        assert refused.status_code == 400, bad
    assert requests == []  # refused before anything was sent
    for good in ("2025-11-03", "2025-11-03T14:00:00+01:00", "2025-11-03 14:00"):
        date.fill(good)
        page.get_by_role("button", name="Score").click()
        expect(page.locator("#published-fact")).to_have_text(good)
        expect(alert).to_be_hidden()
        expect(date).not_to_have_attribute("aria-invalid", "true")
    assert len(requests) == 3


# Wording a reader should never meet: notation and fragments instead of sentences.
CLUMSY = {
    r"\(s\)": "a plural written as (s)",
    r"\d\.\.\d|\.\.open|open\.\.": "a date range written with ..",
    r"\bits (today|metadata|dateline) date\b": "a source named as if it were a date",
    r"\bfrom (today|metadata|dateline)\b": "a source named as if it were a place",
    r"\bEstimated written\b": "a fragment",
    r"\b[0-9a-f]{12,}\b": "a hash id",
    r"\b\d+ clickbait cue kinds?\b": "jargon",
}


def test_every_message_on_the_page_reads_as_plain_english(page, server, seeds):
    seen = set()
    for number, seed in seeds.items():
        card = submit(page, server, seed.text)
        # Everything the page says about the text (not the text itself, nor the id shown as code).
        said = page.evaluate(
            """() => {
                const main = document.querySelector("main").cloneNode(true);
                main.querySelectorAll(".text, form, code").forEach((n) => n.remove());
                return main.textContent;
            }"""
        )
        for pattern, what in CLUMSY.items():
            found = re.search(pattern, said)
            assert not found, (
                f"seed {number}: {what}: …{said[max(0, found.start() - 80) : found.end() + 80]}…"
            )
        seen |= {f["kind"] for h in card["heuristics"] for f in h["findings"]}
        if number == "003":  # an old story, undated: the case "its today date is …" came from
            (old,) = [
                f for h in card["heuristics"] for f in h["findings"] if f["kind"] == "anachronism"
            ]
            assert "but it gives no date, so it is read as published today" in old["message"]
            expect(page.locator(".finding-message").filter(has_text=old["message"])).to_be_visible()
    assert {"anachronism", "stale-in-story", "relative-only-dates", "figure-conflict"} <= seen


def test_a_findings_list_entry_scrolls_to_its_span(page, server, seeds):
    card = submit(page, server, seeds["000"].text)
    spans = spans_by_key(card)
    last = list(spans)[-1]
    page.evaluate("window.scrollTo(0, 0)")
    mark = page.locator(f"#mark-{last}")
    expect(mark).not_to_be_in_viewport()
    page.locator(f'button.span-link[data-target="{last}"]').click()
    expect(mark).to_be_focused()
    expect(mark).to_be_in_viewport()
    expect(mark).to_have_text(spans[last]["text"])
    expect(page.get_by_role("tooltip")).to_contain_text(spans[last]["finding"]["message"])


def test_astral_characters_do_not_shift_highlights(page, server):
    card = submit(page, server, ASTRAL_TEXT)
    assert_every_span_highlighted(page, card, ASTRAL_TEXT)
    texts = set(highlighted(page).values())
    # Spans after, around and containing emoji; one nested in another.
    assert {"officials", "Monday", "Clearly", "may"} <= texts
    assert "Clearly, it is 💯 certain that the war may end soon." in texts
    assert page.locator("#text mark mark").count() >= 1
    page.locator("#text").screenshot(path=artifact_path("web-astral.png"))


def test_a_problem_is_shown_accessibly(page, server):
    card = submit(page, server, "   \n  ")
    assert card["status"] == 400
    problem = page.get_by_role("alert")
    expect(problem).to_be_visible()
    expect(problem.get_by_role("heading")).to_have_text(card["title"])
    expect(problem).to_contain_text(card["detail"])
    for error in card["errors"]:
        expect(problem.locator(".problem-errors")).to_contain_text(
            f"{error['path']}: {error['message']}"
        )
    expect(problem).to_be_focused()
    expect(page.get_by_label("Article text or address")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#status")).to_have_text(f"Error: {card['title']}")
    expect(page.locator("#results")).to_be_hidden()


WCAG = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def assert_accessible(page: Any) -> None:
    """axe-core finds no WCAG 2.2 A/AA (or best-practice) violation in the page as it is."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


def test_the_page_meets_wcag_aa_in_every_state(page, server, seeds):
    page.goto(server.url + "/")
    assert_accessible(page)
    submit(page, server, seeds["001"].text)
    page.locator("#text mark[id]").first.focus()
    expect(page.get_by_role("tooltip")).to_be_visible()
    assert_accessible(page)  # results, highlights of every severity, the tooltip
    page.locator(".peers a").first.click()
    expect(page.locator("#related-doc .text")).not_to_be_empty()
    assert_accessible(page)  # a stored peer shown beside the text
    page.get_by_role("checkbox", name="info").check()
    assert_accessible(page)  # every severity highlighted
    submit(page, server, " ")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)  # the problem details
    page.get_by_label("Article text or address").fill(ASTRAL_TEXT)
    page.get_by_role("textbox", name="Publication date").fill("3/11/2025")
    page.get_by_role("button", name="Score").click()
    expect(page.get_by_role("alert")).to_contain_text("“3/11/2025”")
    assert_accessible(page)  # a field marked invalid, described by the problem


def test_a_failed_heuristic_shows_the_lower_bound_and_the_open_range(page, server, seeds):
    # The installed heuristics, with hedging broken: the score is a lower bound.
    engine = Engine()
    hedging = engine.registry.heuristics["hedging"].heuristic

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    hedging.evaluate = broken
    seed = seeds["003"]
    body = msgspec.json.encode(engine.score(seed))
    page.route(
        "**/v1/scorecards",
        lambda route: route.fulfill(status=200, content_type="application/json", body=body),
    )
    card = submit(page, server, seed.text)
    low, high = card["score_range"]
    assert high > low == card["score"]
    assert_why_panel(page, card)
    expect(page.locator("#why-range")).to_have_text(
        f"{low:.1f}–{high:.1f}: hedging failed; the score is the lowest it could be."
    )
    (failed,) = [c for c in card["contributions"] if c["basis"] == "lower-bound"]
    row = page.locator('#why li[data-heuristic="hedging"]')
    expect(row.locator(":scope > .points")).to_have_text(f"{MINUS}{abs(failed['points']):.1f}")
    expect(row.locator(".contribution-note")).to_have_text(
        "Failed: counted at its least favourable value; "
        f"it could have added up to {failed['open_points']:.1f} points more."
    )
    expect(row.locator(".bar-open")).to_have_count(1)  # the open part, drawn dashed
    expect(page.locator("#score")).to_have_text(
        f"{js_round(low)} / 100 at least (up to {js_round(high)})"
    )
    expect(page.locator("#grade")).to_have_text(card["grade"])
    page.locator("#why").screenshot(path=artifact_path("web-why-open-range.png"))
    assert_accessible(page)


def test_with_api_keys_the_page_sends_the_key_it_is_given(page, tmp_path):
    guarded = LiveServer(
        tmp_path / "store.sqlite3", workers=1, env={"RELIABILITY_API_KEYS": "key-0123456789abcdef"}
    )
    try:
        refused = submit(page, guarded, ASTRAL_TEXT)
        assert refused["status"] == 401
        expect(page.get_by_role("alert")).to_contain_text(refused["detail"])
        page.get_by_text("API key", exact=True).click()  # opens the settings
        page.get_by_label("Sent as X-API-Key").fill("key-0123456789abcdef")
        with page.expect_request("**/v1/scorecards") as request:
            page.get_by_role("button", name="Score").click()
        expect(page.locator("#status")).to_have_text(re.compile("^Scored"))
        assert request.value.headers["x-api-key"] == "key-0123456789abcdef"
        expect(page.get_by_role("alert")).to_be_hidden()
    finally:
        guarded.stop()


def test_an_unreachable_service_is_reported(page, server):
    page.goto(server.url + "/")
    page.route("**/v1/scorecards", lambda route: route.abort("connectionrefused"))
    page.get_by_label("Article text or address").fill("Officials said 40 people died.")
    page.get_by_role("button", name="Score").click()
    expect(page.get_by_role("alert")).to_contain_text("The service could not be reached")


class SharedPlace(Heuristic):
    """A cross-document heuristic for the test: the first shared place name, in each peer.

    Its two spans cross (neither contains the other), so the page must split one.
    """

    name = "shared-place"
    description = "Test: where the document and its peers name the same place."
    cross_document = True
    place = "Venezuela"

    def evaluate(self, doc, context):
        start = doc.text.index(self.place)
        end = start + len(self.place)
        related = tuple(
            RelatedSpan(
                document_id=peer.id,
                start=peer.text.index(self.place),
                end=peer.text.index(self.place) + len(self.place),
                text=self.place,
                role="mention",
            )
            for peer in context.peers
            if self.place in peer.text
        )
        return Outcome(
            score=0.5,
            confidence=1.0,
            summary=f"{len(related)} peers name {self.place}.",
            findings=(
                Finding(
                    kind="shared-place",
                    severity=Severity.MAJOR,
                    message=f"Other coverage names {self.place} too.",
                    spans=(doc.span(start - 10, end, "before"), doc.span(start, end + 12, "after")),
                    related=related,
                ),
            ),
        )


def test_cross_source_findings_open_the_other_document(page, server, seeds, make_engine):
    from factories import plugin_of

    doc, peers = seeds["000"], [seeds["001"], seeds["003"]]
    card = make_engine(plugin_of(SharedPlace())).score(doc, peers=peers)
    body = msgspec.json.encode(card)
    page.route(
        "**/v1/scorecards",
        lambda route: route.fulfill(status=200, content_type="application/json", body=body),
    )
    card_json = submit(page, server, doc.text)
    assert_every_span_highlighted(page, card_json, doc.text)
    # The crossing spans: one is split in two pieces, and each keeps its whole text.
    assert page.locator('#text mark[data-part="rest"]').count() == 1

    (finding,) = card.heuristics[0].findings
    first = finding.related[0]
    other = next(p for p in peers if p.id == first.document_id)
    link = page.get_by_role("link", name=f"“{first.text}” in {other.title}", exact=True).first
    assert link.get_attribute("href") == f"/v1/documents/{first.document_id}"
    link.click()  # served by the real store
    viewer = page.locator("#related-doc")
    expect(viewer.get_by_role("heading", level=2)).to_have_text(other.title)
    expect(viewer.locator(".text")).to_have_text(other.text)
    mark = viewer.locator("mark[id]")
    expect(mark).to_have_count(1)
    expect(mark).to_have_text(first.text)
    expect(mark).to_be_focused()
    expect(mark).to_be_in_viewport()
    start = other.text.index(first.text)
    assert (first.start, first.end) == (start, start + len(first.text))
    expect(page.get_by_role("tooltip")).to_contain_text(finding.message)
    page.screenshot(path=artifact_path("web-related-document.png"))


def test_an_address_is_sent_as_a_url_and_the_extracted_text_highlighted(
    page, server, seeds, make_engine
):
    from factories import plugin_of

    seed = seeds["004"]
    card = make_engine(plugin_of(SharedPlace())).score(seed)
    reply = {
        **msgspec.to_builtins(card),
        "document": msgspec.to_builtins(seed),
        "page": {"url": "https://news.example/story", "status": 200},
    }
    sent: list[Any] = []

    def answer(route):
        sent.append(route.request.post_data_json)
        route.fulfill(status=200, content_type="application/json", body=json.dumps(reply))

    page.goto(server.url + "/")
    page.route("**/v1/scorecards", answer)
    page.get_by_label("Article text or address").fill("  https://news.example/story \n")
    expect(page.get_by_label("Title")).to_be_disabled()
    page.get_by_role("button", name="Score").click()
    expect(page.locator("#status")).to_contain_text("Scored")
    assert sent == [{"url": "https://news.example/story", "compare": "corpus"}]
    assert_every_span_highlighted(page, reply, seed.text)
    expect(page.get_by_role("heading", name=seed.title)).to_be_visible()


@pytest.fixture
def article_site(seeds):
    """A local web server with one article page (the text of seed 002 as HTML paragraphs)."""
    headline, *rest = seeds["002"].text.split("\n")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in rest if p.strip())
    body = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(headline)}</title>"
        "<meta property='article:published_time' content='2025-11-03'></head>"
        "<body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{html.escape(headline)}</h1>{paragraphs}</article>"
        "<footer>© Example News</footer></body></html>"
    ).encode()

    class Article(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Article)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site.server_address[1]}/2025/11/03/story.html"
    site.shutdown()
    site.server_close()


def test_a_page_fetched_by_the_server_is_highlighted_on_its_extracted_text(
    page, article_site, tmp_path
):
    fetching = LiveServer(
        tmp_path / "store.sqlite3", workers=1, env={"RELIABILITY_FETCH_ALLOW": "127.0.0.1"}
    )
    try:
        card = submit(page, fetching, article_site)
    finally:
        fetching.stop()
    assert "document" in card, card
    text = card["document"]["text"]
    assert "Caracas" in text or "Venezuela" in text
    assert_every_span_highlighted(page, card, text)
    expect(page.locator("#fetched")).to_contain_text(card["page"]["fetched_at"])
    expect(
        page.locator(".facts").get_by_role("link", name=card["page"]["final_url"])
    ).to_be_visible()


def test_without_comparison_the_page_asks_for_none(page, server):
    page.goto(server.url + "/")
    page.get_by_label("Compare with stored coverage").uncheck()
    page.get_by_label("Article text or address").fill(ASTRAL_TEXT)
    with page.expect_request("**/v1/scorecards") as request:
        page.get_by_role("button", name="Score").click()
    assert request.value.post_data_json == {"document": {"text": ASTRAL_TEXT}, "compare": "none"}
    expect(page.locator("#status")).to_contain_text("Scored")


def test_the_web_files_are_in_the_built_wheel(tmp_path):
    # Build from a copy, so the build leaves nothing in the working tree.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(ROOT / "reliability", source / "reliability", ignore=ignore)
    shutil.copytree(
        ROOT / "plugins" / "reliability_heuristics",
        source / "plugins" / "reliability_heuristics",
        ignore=ignore,
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            "dist",
            ".",
        ],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (wheel,) = (source / "dist").glob("reliability_scorecards-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("index.html", "app.js", "highlight.js", "style.css"):
        assert f"reliability/api/web/{name}" in names
