/*
 * Background of the Reliability extension (a service worker in Chromium, an
 * event page in Firefox; the same plain script in both).
 *
 * Nothing is sent anywhere until the user asks: the popup's buttons and the
 * context-menu entry call `scoreTab`, which posts the page's URL or the
 * selected text to the configured API, puts the grade on the toolbar badge,
 * highlights the findings in the page and keeps the result for the popup.
 */
"use strict";

const ext = globalThis.chrome || globalThis.browser;

const DEFAULT_API = "http://127.0.0.1:8000";
const MENU_ID = "reliability-score-selection";
const GREY = "#6b7280";
// Colours only for a grade that rests on evidence; "insufficient evidence" stays grey.
const GRADE_COLOURS = { A: "#15803d", B: "#4d7c0f", C: "#b45309", D: "#c2410c", F: "#b91c1c" };
const CONTENT_FILES = ["content/anchor.js", "content/content.js"];
const DEFAULT_TITLE = "Reliability: score this article";

/** The configured API address (without a trailing slash) and optional key. */
async function settings() {
  const { api } = await ext.storage.sync.get({ api: DEFAULT_API });
  const { apiKey } = await ext.storage.local.get({ apiKey: "" });
  return { api: String(api || DEFAULT_API).replace(/\/+$/, ""), apiKey };
}

/** What the badge shows for a scorecard: the grade, coloured only when evidence backs it. */
function badgeFor(card) {
  const letter = typeof card.grade === "string" && /^[A-F]$/.test(card.grade);
  if (!letter || typeof card.score !== "number") {
    return { text: "?", color: GREY, title: "Reliability: insufficient evidence to grade" };
  }
  const confidence = Math.round((card.confidence || 0) * 100);
  return {
    text: card.grade,
    color: GRADE_COLOURS[card.grade],
    title: `Reliability: grade ${card.grade}, score ${Math.round(card.score)}/100 (confidence ${confidence}%)`,
  };
}

async function setBadge(tabId, badge) {
  await ext.action.setBadgeText({ tabId, text: badge.text });
  await ext.action.setBadgeBackgroundColor({ tabId, color: badge.color });
  await ext.action.setTitle({ tabId, title: badge.title });
}

// Per-tab results live in session storage (kept while the browser runs, shared
// with the popup); a map stands in where the browser lacks it.
const memory = new Map();
const session = ext.storage.session;

async function saveState(tabId, state) {
  if (session) await session.set({ [`tab:${tabId}`]: state });
  else memory.set(tabId, state);
}

async function loadState(tabId) {
  if (!session) return memory.get(tabId) || null;
  const key = `tab:${tabId}`;
  return (await session.get(key))[key] || null;
}

async function forget(tabId) {
  if (session) await session.remove(`tab:${tabId}`);
  memory.delete(tabId);
}

/** An error a user can act on: its message is shown in the popup and the badge title. */
class ScoringError extends Error {}

/** Why the API refused a request, from its RFC 9457 problem details when it sent them. */
async function describeFailure(response) {
  let detail = "";
  try {
    const problem = await response.json();
    detail = problem.detail || problem.title || "";
  } catch {
    // not JSON: the status says enough
  }
  const status = `${response.status} ${response.statusText}`.trim();
  return detail ? `${status}: ${detail}` : status;
}

/** POST a scoring request to the API; returns the scorecard. */
async function requestScorecard(body) {
  const { api, apiKey } = await settings();
  const headers = { "content-type": "application/json", accept: "application/json" };
  if (apiKey) headers["x-api-key"] = apiKey;
  let response;
  try {
    response = await fetch(`${api}/v1/scorecards`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      credentials: "omit",
    });
  } catch (error) {
    throw new ScoringError(
      `Could not reach the Reliability API at ${api} (${error.message}). ` +
        "Check that it is running, and grant access to it on the options page.",
    );
  }
  if (!response.ok) {
    throw new ScoringError(`The API refused the request: ${await describeFailure(response)}`);
  }
  const card = await response.json();
  if (!card || !Array.isArray(card.heuristics) || typeof card.grade !== "string") {
    throw new ScoringError("The API's answer is not a scorecard.");
  }
  return card;
}

/** The text selected in the tab (with its line breaks, unlike the menu's selectionText). */
async function selectedText(tabId) {
  const [result] = await ext.scripting.executeScript({
    target: { tabId },
    func: () => String(getSelection()),
  });
  return (result && result.result) || "";
}

/** The scorecard's findings, flat, each with the heuristic that made it. */
function findingsOf(card) {
  const findings = [];
  for (const result of card.heuristics) {
    for (const finding of result.findings || []) {
      findings.push({ ...finding, heuristic: result.name });
    }
  }
  return findings;
}

/** Inject the page script and highlight; returns {found, missing} span ids, or an error. */
async function highlightIn(tabId, findings) {
  try {
    await ext.scripting.insertCSS({ target: { tabId }, files: ["content/highlight.css"] });
    await ext.scripting.executeScript({ target: { tabId }, files: CONTENT_FILES });
    return await ext.tabs.sendMessage(tabId, { type: "highlight", findings });
  } catch (error) {
    return { found: [], missing: [], error: `Could not highlight in this page: ${error.message}` };
  }
}

/**
 * Score the tab's page (`mode: "page"`, its URL) or the selected text
 * (`mode: "selection"`: `text`, else the tab's current selection), badge and
 * highlight the result, and keep it for the popup. Returns the kept state.
 */
async function scoreTab(tabId, { mode, text, url, menuText }) {
  await setBadge(tabId, { text: "…", color: GREY, title: "Reliability: scoring…" });
  const state = { mode, url: url || null, requested: new Date().toISOString() };
  try {
    let body;
    if (mode === "selection") {
      let selection = text || "";
      if (!selection.trim()) {
        // The menu's copy of the selection has its line breaks collapsed: a fallback only.
        selection = await selectedText(tabId).catch(() => menuText || "");
      }
      if (!selection.trim()) throw new ScoringError("Select some text in the page first.");
      body = { document: { text: selection } };
      state.chars = selection.length;
    } else {
      const tab = await ext.tabs.get(tabId);
      const pageUrl = url || tab.url;
      if (!/^https?:\/\//i.test(pageUrl || "")) {
        throw new ScoringError("Only web pages (http or https) can be scored.");
      }
      body = { url: pageUrl };
      state.url = pageUrl;
    }
    const card = await requestScorecard(body);
    const findings = findingsOf(card);
    const placed = await highlightIn(tabId, findings);
    const found = new Set(placed.found || []);
    const badge = badgeFor(card);
    await setBadge(tabId, badge);
    Object.assign(state, {
      grade: card.grade,
      score: card.score,
      confidence: card.confidence,
      baseline: card.baseline ?? null,
      score_range: card.score_range ?? null,
      contributions: card.contributions || [],
      title: card.title || null,
      badge,
      heuristics: card.heuristics.map((h) => ({ name: h.name, status: h.status, summary: h.summary })),
      findings: findings.map((f, i) => ({
        heuristic: f.heuristic,
        kind: f.kind,
        severity: f.severity,
        message: f.message,
        spans: (f.spans || []).map((s, j) => ({
          id: `${i}.${j}`,
          text: s.text,
          role: s.role || null,
          found: found.has(`${i}.${j}`),
        })),
      })),
      highlightError: placed.error || null,
    });
  } catch (error) {
    const message = error instanceof ScoringError ? error.message : `Unexpected error: ${error.message}`;
    await setBadge(tabId, { text: "!", color: GREY, title: `Reliability: ${message}` });
    state.error = message;
  }
  await saveState(tabId, state);
  return state;
}

/** Forget the tab's result and take its grade off the toolbar button. */
async function reset(tabId) {
  await forget(tabId);
  await ext.action.setBadgeText({ tabId, text: "" });
  await ext.action.setTitle({ tabId, title: DEFAULT_TITLE });
}

async function clearTab(tabId) {
  await reset(tabId);
  try {
    await ext.tabs.sendMessage(tabId, { type: "clear" });
  } catch {
    // no page script in the tab: nothing is highlighted
  }
}

const handlers = {
  score: (msg) => scoreTab(msg.tabId, msg),
  state: (msg) => loadState(msg.tabId),
  clear: (msg) => clearTab(msg.tabId).then(() => null),
  reveal: (msg) => ext.tabs.sendMessage(msg.tabId, { type: "reveal", id: msg.id }),
};

ext.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  // Only the extension's own pages (popup, options) talk to the background.
  const handler = msg && handlers[msg.type];
  if (!handler || sender.tab) return false;
  handler(msg).then(
    (value) => sendResponse({ ok: true, value }),
    (error) => sendResponse({ ok: false, error: error.message }),
  );
  return true; // the answer comes asynchronously
});

ext.runtime.onInstalled.addListener(() => {
  ext.contextMenus.create({
    id: MENU_ID,
    title: "Score selected text with Reliability",
    contexts: ["selection"],
  });
});

/** The context-menu entry: score the selection of the tab it was chosen in. */
function scoreFromMenu(info, tab) {
  if (info.menuItemId !== MENU_ID || !tab || tab.id === undefined) return Promise.resolve(null);
  return scoreTab(tab.id, { mode: "selection", menuText: info.selectionText }).catch(() => null);
}

ext.contextMenus.onClicked.addListener(scoreFromMenu);

// A new page in the tab has none of the old highlights: drop the old result.
ext.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === "loading") {
    reset(tabId).catch(() => {});
  }
});
ext.tabs.onRemoved.addListener((tabId) => {
  forget(tabId).catch(() => {});
});

// For tests and the console: the background's functions, by name.
globalThis.reliability = {
  scoreTab,
  scoreFromMenu,
  clearTab,
  loadState,
  badgeFor,
  settings,
  findingsOf,
};
