"""The unpacked extension, loaded in headless Chromium, against a live `reliability serve`.

Chromium's `Extensions.triggerAction` (DevTools protocol, allowed with
`--enable-unsafe-extension-debugging`) clicks the toolbar button as a user
would: it opens the popup and grants the extension `activeTab` on the page.
Playwright does not attach to extension popups itself, so a second
connection over the DevTools port drives the popup.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import msgspec
import pytest
from api.live import LiveServer, free_port
from browser import artifact_path, chromium, watch_errors
from extension_files import EXTENSION

from reliability import Engine, score
from reliability.scoring.model import load_model

MINUS = "\u2212"
MENU_ID = "reliability-score-selection"
GREY = [107, 114, 128, 255]
# The badge as the popup sees it for its tab: [text, background colour].
BADGE = """
async () => {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return [
    await chrome.action.getBadgeText({ tabId: tab.id }),
    await chrome.action.getBadgeBackgroundColor({ tabId: tab.id }),
  ];
}
"""


class LoadedExtension:
    """Chromium with the unpacked extension; opens its popup on a page like a click would."""

    def __init__(self, context: Any, devtools_url: str) -> None:
        self.context = context
        self.devtools_url = devtools_url
        self.connections: list[Any] = []
        self.worker = context.service_workers[0] if context.service_workers else None
        if self.worker is None:
            self.worker = context.wait_for_event("serviceworker")
        self.id = self.worker.url.split("/")[2]
        self.cdp = context.browser.new_browser_cdp_session()

    def configure(self, api: str) -> None:
        self.worker.evaluate("(api) => chrome.storage.sync.set({ api })", api)

    def open_popup(self, page: Any) -> Any:
        """Click the toolbar button on `page`; returns the popup, ready."""
        page.bring_to_front()
        tabs = self.cdp.send("Target.getTargets", {"filter": [{"type": "tab"}]})["targetInfos"]
        (tab,) = [t for t in tabs if t["url"] == page.url]
        self.cdp.send("Extensions.triggerAction", {"id": self.id, "targetId": tab["targetId"]})
        popup_url = f"chrome-extension://{self.id}/popup/popup.html"
        deadline = time.monotonic() + 15
        while not any(
            t["url"] == popup_url for t in self.cdp.send("Target.getTargets")["targetInfos"]
        ):
            assert time.monotonic() < deadline, "the popup did not open"
            page.wait_for_timeout(100)
        # A connection made now sees the popup among its pages.
        devtools = self.context.browser.browser_type.connect_over_cdp(self.devtools_url)
        self.connections.append(devtools)
        (popup,) = [p for c in devtools.contexts for p in c.pages if p.url == popup_url]
        popup.wait_for_function("() => document.getElementById('api').textContent !== ''")
        return popup

    def close_popups(self) -> None:
        for devtools in self.connections:
            for popup in (p for c in devtools.contexts for p in c.pages):
                if popup.url.endswith("/popup/popup.html"):
                    popup.close()
            devtools.close()
        self.connections.clear()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # The test pages are served from localhost, which the API fetches only when allowed.
    server = LiveServer(
        tmp_path_factory.mktemp("extension") / "store.sqlite3",
        workers=1,
        env={"RELIABILITY_FETCH_ALLOW": "127.0.0.1"},
    )
    yield server
    server.stop()


@pytest.fixture(scope="module")
def extension() -> Iterator[LoadedExtension]:
    port = free_port()
    args = [
        f"--disable-extensions-except={EXTENSION}",
        f"--load-extension={EXTENSION}",
        "--enable-unsafe-extension-debugging",
        f"--remote-debugging-port={port}",
    ]
    with chromium(args) as context:
        yield LoadedExtension(context, f"http://127.0.0.1:{port}")


@pytest.fixture
def article_page(extension: LoadedExtension, pages_url: str) -> Iterator[Callable[[], Any]]:
    """Open the saved article in a new tab; the popups opened on it close afterwards."""
    opened: list[Any] = []

    def open_page() -> Any:
        page = extension.context.new_page()
        errors = watch_errors(page)
        page.goto(f"{pages_url}/seed-002.html")
        opened.append((page, errors))
        return page

    yield open_page
    extension.close_popups()
    for page, errors in opened:
        page.close()
        assert not errors, errors


def select(page: Any, selector: str) -> str:
    """Select the contents of the first element matching `selector`; returns the selected text."""
    return page.evaluate(
        """(sel) => {
          getSelection().selectAllChildren(document.querySelector(sel));
          return String(getSelection());
        }""",
        selector,
    )


def test_the_service_worker_starts_and_adds_its_context_menu_entry(
    extension: LoadedExtension,
):
    loaded = extension
    worker = loaded.worker
    assert worker.evaluate("chrome.runtime.getManifest().manifest_version") == 3
    assert worker.evaluate("typeof reliability.scoreTab") == "function"
    # Updating a menu entry that does not exist fails: the entry is there.
    assert worker.evaluate(
        f"chrome.contextMenus.update({MENU_ID!r}, {{}}).then(() => true, () => false)"
    )
    assert (
        worker.evaluate(
            "chrome.contextMenus.update('no-such-entry', {}).then(() => true, () => false)"
        )
        is False
    )
    # No host is reachable until the user grants one on the options page.
    assert worker.evaluate("chrome.permissions.getAll()")["origins"] == []


def test_scoring_a_selection_badges_highlights_and_lists_the_findings(
    extension: LoadedExtension, article_page: Callable[[], Any], live: LiveServer
):
    loaded = extension
    loaded.configure(live.url)
    page = article_page()
    before = page.evaluate("document.body.innerHTML")
    selected = select(page, ".entry-content")
    expected = score(selected)
    findings = [f for h in expected.heuristics for f in h.findings]
    spans = sum(len(f.spans) for f in findings)
    assert expected.grade in "ABCDF" and spans > 30

    popup = loaded.open_popup(page)
    assert popup.inner_text("#summary") == "Nothing is sent until you ask."
    popup.click("#score-selection")
    popup.wait_for_selector("#findings li", timeout=60_000)

    text, colour = popup.evaluate(BADGE)
    assert text == expected.grade
    assert colour != GREY
    assert popup.inner_text("#grade") == expected.grade
    assert popup.locator("#findings li").count() == len(findings)
    assert "not found" not in popup.inner_text("#status")
    # Every span is highlighted in the page, with its text.
    marked = page.evaluate(
        """() => {
          const out = {};
          for (const m of document.querySelectorAll("mark[data-reliability]")) {
            const id = m.getAttribute("data-reliability");
            out[id] = (out[id] || "") + m.textContent;
          }
          return out;
        }"""
    )
    assert len(marked) == spans
    by_id = {f"{i}.{j}": s.text for i, f in enumerate(findings) for j, s in enumerate(f.spans)}
    for span_id, text in by_id.items():
        assert "".join(marked[span_id].split()) == "".join(text.split()), span_id

    # A click on a finding in the popup brings its highlight into view and focus.
    last = popup.locator("#findings li button").last
    span_id = last.get_attribute("data-span")
    page.evaluate("window.scrollTo(0, 0)")
    last.click()
    page.wait_for_function(
        "(id) => document.activeElement && "
        "document.activeElement.getAttribute('data-reliability') === id",
        arg=span_id,
    )
    assert page.evaluate("window.scrollY") > 0

    # Scoring again (now by the page's address) replaces the highlights.
    popup.click("#score-page")
    popup.wait_for_function(
        "() => !document.getElementById('summary').textContent.includes('selected')"
    )
    popup.wait_for_selector("#findings li")
    assert page.evaluate("document.querySelectorAll('mark[data-reliability]').length") > 0

    # Clearing removes the highlights and leaves the page as it was.
    popup.click("#clear")
    page.wait_for_function("!document.querySelector('mark[data-reliability]')")
    assert page.evaluate("document.body.innerHTML") == before
    assert popup.evaluate(BADGE)[0] == ""


def test_a_grade_without_evidence_stays_grey(
    extension: LoadedExtension, article_page: Callable[[], Any], live: LiveServer
):
    loaded = extension
    loaded.configure(live.url)
    page = article_page()
    selected = select(page, ".entry-content p:nth-last-of-type(2)")
    assert score(selected).grade == "insufficient evidence"
    popup = loaded.open_popup(page)
    popup.click("#score-selection")
    popup.wait_for_function("() => document.getElementById('grade').textContent !== '–'")
    assert popup.evaluate(BADGE) == ["?", GREY]
    assert popup.inner_text("#grade") == "insufficient evidence"


def test_nothing_selected_and_an_unreachable_api_are_reported(
    extension: LoadedExtension, article_page: Callable[[], Any]
):
    loaded = extension
    closed = f"http://127.0.0.1:{free_port()}"
    loaded.configure(closed)
    page = article_page()
    popup = loaded.open_popup(page)
    popup.click("#score-selection")
    popup.wait_for_selector(".status--error")
    assert "Select some text" in popup.inner_text("#status")

    popup.click("#score-page")
    popup.wait_for_function(
        "() => document.getElementById('status').textContent.includes('Could not reach')"
    )
    assert closed in popup.inner_text("#status")
    assert popup.evaluate(BADGE) == ["!", GREY]
    # A new page in the tab takes the old result off the button.
    page.reload()
    popup.wait_for_function(f"async () => ({BADGE})().then(([text]) => text === '')")


def test_scoring_the_page_by_its_address(
    extension: LoadedExtension,
    article_page: Callable[[], Any],
    live: LiveServer,
    pages_url: str,
):
    loaded = extension
    page_address = f"{pages_url}/seed-002.html"
    # What the API makes of the page, asked directly.
    direct = httpx.post(f"{live.url}/v1/scorecards", json={"url": page_address}, timeout=60)
    assert direct.status_code == 200, direct.text
    expected = direct.json()
    loaded.configure(live.url)
    page = article_page()
    popup = loaded.open_popup(page)
    popup.click("#score-page")
    popup.wait_for_function(
        "() => document.getElementById('grade').textContent !== '–'", timeout=60_000
    )
    text, _ = popup.evaluate(BADGE)
    assert text == (expected["grade"] if expected["score"] is not None else "?")
    spans = sum(len(f["spans"]) for h in expected["heuristics"] for f in h["findings"])
    marks = page.evaluate(
        "new Set([...document.querySelectorAll('mark[data-reliability]')]"
        ".map(m => m.getAttribute('data-reliability'))).size"
    )
    assert marks == spans
    listed = popup.locator("#findings li").count()
    assert listed == sum(len(h["findings"]) for h in expected["heuristics"])
    # The popup shows the tab's result again when it is reopened.
    extension.close_popups()
    again = loaded.open_popup(page)
    again.wait_for_selector("#findings li")
    assert again.locator("#findings li").count() == listed
    assert again.inner_text("#grade") == popup_grade(expected)


def popup_grade(card: dict[str, Any]) -> str:
    return card["grade"]


def test_the_options_page_checks_and_stores_the_api_address(extension: LoadedExtension):
    page = extension.context.new_page()
    errors = watch_errors(page)
    page.goto(f"chrome-extension://{extension.id}/options/options.html")
    assert page.input_value("#api")  # the current address, the default at first
    page.fill("#api", "ftp://example.org")
    page.click("button[type=submit]")
    page.wait_for_selector("#status.error")
    assert "http:// or https://" in page.inner_text("#status")
    page.fill("#api", "http://127.0.0.1:8123/")
    page.fill("#key", "  a-secret-key ")
    page.click("button[type=submit]")
    # Saved at once; access to that origin alone is then requested from the user (a
    # browser prompt that a headless browser leaves pending).
    page.wait_for_function(
        "() => document.getElementById('status').textContent.startsWith('Saved')"
    )
    assert "http://127.0.0.1:8123" in page.inner_text("#status")
    assert extension.worker.evaluate("chrome.storage.sync.get('api')") == {
        "api": "http://127.0.0.1:8123"
    }
    assert extension.worker.evaluate("chrome.storage.local.get('apiKey')") == {
        "apiKey": "a-secret-key"
    }
    assert extension.worker.evaluate("reliability.settings()") == {
        "api": "http://127.0.0.1:8123",
        "apiKey": "a-secret-key",
    }
    page.close()
    extension.worker.evaluate("chrome.storage.local.remove('apiKey')")
    assert not errors, errors


def test_the_api_key_is_sent_and_a_refusal_is_explained(
    extension: LoadedExtension, article_page: Callable[[], Any], tmp_path: Any
):
    keyed = LiveServer(
        tmp_path / "store.sqlite3",
        workers=1,
        env={"RELIABILITY_API_KEYS": "an-extension-test-key-0123"},
    )
    try:
        extension.configure(keyed.url)
        page = article_page()
        select(page, ".entry-content p")
        popup = extension.open_popup(page)
        popup.click("#score-selection")
        popup.wait_for_selector(".status--error")
        # The server's problem details, as the user sees them.
        status = popup.inner_text("#status")
        assert status.startswith("The API refused the request: 401"), status
        assert popup.evaluate(BADGE) == ["!", GREY]

        extension.worker.evaluate(
            "chrome.storage.local.set({ apiKey: 'an-extension-test-key-0123' })"
        )
        popup.click("#score-selection")
        popup.wait_for_function("() => !document.querySelector('.status--error')")
        popup.wait_for_function("() => document.getElementById('grade').textContent !== '!'")
        assert popup.evaluate(BADGE)[0] in {"A", "B", "C", "D", "F", "?"}
    finally:
        extension.worker.evaluate("chrome.storage.local.remove('apiKey')")
        keyed.stop()


def test_the_context_menu_entry_scores_the_selection(
    extension: LoadedExtension, article_page: Callable[[], Any], live: LiveServer
):
    """The entry's handler, called as Chromium calls it (a headless menu cannot be clicked)."""
    extension.configure(live.url)
    page = article_page()
    selected = select(page, ".entry-content p:nth-of-type(5)")
    expected = score(selected)
    # The toolbar click grants activeTab as the menu click would; its popup is not used.
    popup = extension.open_popup(page)
    tab_id = popup.evaluate(
        "async () => (await chrome.tabs.query({ active: true, currentWindow: true }))[0].id"
    )
    state = extension.worker.evaluate(
        "([id, text]) => reliability.scoreFromMenu("
        "{ menuItemId: 'reliability-score-selection', selectionText: text }, { id })",
        [tab_id, " ".join(selected.split())],
    )
    assert state["mode"] == "selection"
    assert state["chars"] == len(selected)  # the page's selection, with its line breaks
    assert state["grade"] == expected.grade
    badge = popup.evaluate(BADGE)[0]
    assert badge == (expected.grade if expected.grade in ("A", "B", "C", "D", "F") else "?")
    spans = sum(len(f.spans) for h in expected.heuristics for f in h.findings)
    assert spans > 0
    assert (
        page.evaluate(
            "new Set([...document.querySelectorAll('mark[data-reliability]')]"
            ".map(m => m.getAttribute('data-reliability'))).size"
        )
        == spans
    )


def signed(points: float) -> str:
    """Points as the popup prints them: one decimal, a sign, a real minus sign."""
    return "0.0" if round(points, 1) == 0 else f"{points:+.1f}".replace("-", MINUS)


def shown_number(text: str) -> float:
    assert "-" not in text, f"a hyphen for a minus sign: {text!r}"
    return float(text.replace(MINUS, "-"))


def why_rows(popup: Any) -> list[dict[str, str]]:
    """The popup's "why this grade" rows as shown: name, points and note."""
    return popup.evaluate(
        """() => [...document.querySelectorAll("#contributions > li")].map((li) => ({
            name: li.querySelector(".name").textContent,
            points: li.querySelector(".points").textContent,
            note: (li.querySelector(".why-note") || {}).textContent || "",
            heuristic: li.dataset.heuristic || "",
        }))"""
    )


def keep_card_for_the_tab(extension: LoadedExtension, popup: Any, card: Any) -> None:
    """Put a scorecard's overall judgement into the tab's kept state, as the background keeps it."""
    tab_id = popup.evaluate(
        "async () => (await chrome.tabs.query({ active: true, currentWindow: true }))[0].id"
    )
    extension.worker.evaluate(
        """async ([id, card]) => {
          const key = `tab:${id}`;
          const state = (await chrome.storage.session.get(key))[key];
          const letter = /^[A-F]$/.test(card.grade) && typeof card.score === "number";
          Object.assign(state, {
            badge: letter ? { ...state.badge, text: card.grade } : { text: "?", color: "#6b7280" },
            grade: card.grade,
            score: card.score,
            confidence: card.confidence,
            baseline: card.baseline,
            score_range: card.score_range,
            contributions: card.contributions,
            heuristics: card.heuristics.map(
              (h) => ({ name: h.name, status: h.status, summary: h.summary }),
            ),
          });
          await chrome.storage.session.set({ [key]: state });
        }""",
        [tab_id, msgspec.to_builtins(card)],
    )


def test_the_popup_shows_why_this_grade(
    extension: LoadedExtension,
    article_page: Callable[[], Any],
    live: LiveServer,
    monkeypatch: pytest.MonkeyPatch,
):
    extension.configure(live.url)
    page = article_page()
    selected = select(page, ".entry-content")
    popup = extension.open_popup(page)
    assert popup.locator("#why").is_hidden()  # nothing scored yet
    popup.click("#score-selection")
    popup.wait_for_selector("#findings li", timeout=60_000)

    # The background keeps the scorecard's contributions with the tab's result.
    card = score(selected)
    popup.wait_for_selector("#contributions li")
    assert popup.locator("#why").is_visible()
    assert popup.get_by_role("heading", name="Why this grade").is_visible()
    rows = why_rows(popup)
    assert (rows[0]["name"], rows[0]["points"]) == ("Baseline", f"{card.baseline:.1f}")
    assert (rows[-1]["name"], rows[-1]["points"]) == ("= Score", f"{card.score:.1f}")
    # The largest contributions by name, with their signed points and largest reasons.
    by_size = sorted(card.contributions, key=lambda c: -abs(c.points))
    top = [c for c in by_size if round(c.points, 1) != 0][:4]
    named = [r for r in rows if r["heuristic"]]
    assert [(r["heuristic"], r["points"]) for r in named] == [
        (c.heuristic, signed(c.points)) for c in top
    ]
    for row, c in zip(named, top, strict=True):
        for reason in c.reasons[:2]:
            assert f"{reason.label} {signed(reason.points)}" in row["note"]
        if c.basis == "prior":
            assert row["note"] == "not in the fitted model: counted by its score"
    # The others on one line; everything shown adds up to the score shown.
    if len(card.contributions) > len(top):
        assert rows[-2]["name"] == f"{len(card.contributions) - len(top)} others"
    middle = [shown_number(r["points"]) for r in rows[1:-1]]
    assert round(shown_number(rows[0]["points"]) + sum(middle), 1) == card.score
    assert popup.locator("#why-range").is_hidden()  # nothing failed
    popup.screenshot(path=artifact_path("popup-why.png"))

    # A heuristic that failed: the score is a lower bound and the range is open.
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    # The heuristic whose failure leaves the most open in the shipped model: more than
    # the grade allows, whatever a refit weighs.
    reach: dict[str, float] = {}
    for feature in load_model().features:
        lowest, highest = feature.bounds()
        reach[feature.heuristic] = reach.get(feature.heuristic, 0.0) + highest - lowest
    widest = max(reach, key=lambda name: reach[name])
    engine = Engine()
    monkeypatch.setattr(engine.registry.heuristics[widest].heuristic, "evaluate", broken)
    failed_card = engine.score(selected)
    low, high = failed_card.score_range
    assert high > low == failed_card.score
    keep_card_for_the_tab(extension, popup, failed_card)
    extension.close_popups()
    popup = extension.open_popup(page)
    popup.wait_for_selector("#why-range:not([hidden])")
    assert popup.inner_text("#why-range") == (
        f"{low:.1f}–{high:.1f}: {widest} failed; the score is the lowest it could be."
    )
    rows = why_rows(popup)
    (failed,) = [r for r in rows if r["heuristic"] == widest]
    (part,) = [c for c in failed_card.contributions if c.heuristic == widest]
    assert failed["points"].startswith(MINUS) and failed["points"] == signed(part.points)
    assert failed["note"] == (
        f"failed: counted at its lowest; up to {part.open_points:.1f} points more"
    )
    assert rows[-1]["points"] == f"{low:.1f}"
    middle = [shown_number(r["points"]) for r in rows[1:-1]]
    assert round(shown_number(rows[0]["points"]) + sum(middle), 1) == low
    assert failed_card.grade == "insufficient evidence"
    assert popup.inner_text("#summary") == (
        f"Too little evidence for a grade: score at least {round(low)}/100, up to {round(high)}."
    )
    popup.screenshot(path=artifact_path("popup-why-open-range.png"))
