/*
 * The toolbar popup: the buttons that send the page (its URL) or the selected
 * text to the API, and the list of findings of the tab's last scorecard. A
 * click on a finding scrolls the page to its highlight.
 */
"use strict";

const ext = globalThis.chrome || globalThis.browser;
const $ = (id) => document.getElementById(id);
let tabId = null;

/** Ask the background; returns its value or throws its error. */
async function ask(message) {
  const answer = await ext.runtime.sendMessage({ ...message, tabId });
  if (!answer || !answer.ok) throw new Error((answer && answer.error) || "no answer");
  return answer.value;
}

function setStatus(text, isError = false) {
  $("status").textContent = text;
  $("status").classList.toggle("status--error", isError);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function render(state) {
  const grade = $("grade");
  const list = $("findings");
  list.replaceChildren();
  $("clear").hidden = !state;
  if (!state) {
    grade.textContent = "–";
    grade.className = "grade grade--none";
    grade.style.background = "";
    $("summary").textContent = "Nothing is sent until you ask.";
    return;
  }
  if (state.error) {
    grade.textContent = "!";
    grade.className = "grade";
    grade.style.background = "";
    $("summary").textContent = "Not scored.";
    setStatus(state.error, true);
    return;
  }
  const letter = state.badge && state.badge.text !== "?";
  grade.textContent = letter ? state.grade : "insufficient evidence";
  grade.className = letter ? "grade" : "grade grade--small";
  grade.style.background = state.badge ? state.badge.color : "";
  $("summary").textContent = letter
    ? `Score ${Math.round(state.score)}/100, confidence ${Math.round(state.confidence * 100)}%` +
      (state.mode === "selection" ? " (selected text)" : "")
    : "Too little evidence for a grade.";
  const spans = state.findings.flatMap((f) => f.spans.map((s) => ({ finding: f, span: s })));
  const missing = spans.filter((x) => !x.span.found).length;
  const parts = [`${state.findings.length} finding${state.findings.length === 1 ? "" : "s"}`];
  if (missing) parts.push(`${missing} of ${spans.length} passages not found in this page`);
  if (state.highlightError) parts.push(state.highlightError);
  setStatus(parts.join("; "), Boolean(state.highlightError));
  // Most serious first; the scorecard's order within a severity.
  const rank = { major: 0, minor: 1, info: 2 };
  const ordered = state.findings
    .map((finding, i) => ({ finding, i }))
    .sort((a, b) => (rank[a.finding.severity] ?? 3) - (rank[b.finding.severity] ?? 3) || a.i - b.i)
    .map((x) => x.finding);
  ordered.forEach((finding) => {
    const item = element("li", "finding");
    const first = finding.spans.find((s) => s.found);
    if (!first) item.classList.add("finding--missing");
    const button = element("button");
    button.type = "button";
    button.append(
      element("span", `severity severity--${finding.severity}`, finding.severity),
      element("span", "message", finding.message),
      element("span", "kind", ` ${finding.heuristic} · ${finding.kind}`),
    );
    const quote = finding.spans.map((s) => s.text).join(" … ");
    if (quote) button.append(element("span", "quote", `“${quote}”`));
    button.title = first ? "Show in the page" : "Not found in this page";
    button.dataset.span = first ? first.id : "";
    button.addEventListener("click", () => {
      if (first) ask({ type: "reveal", id: first.id }).catch((e) => setStatus(e.message, true));
    });
    item.append(button);
    list.append(item);
  });
}

async function score(mode) {
  setStatus(mode === "page" ? "Scoring this page…" : "Scoring the selected text…");
  for (const id of ["score-page", "score-selection"]) $(id).disabled = true;
  try {
    render(await ask({ type: "score", mode }));
  } catch (error) {
    setStatus(error.message, true);
  } finally {
    for (const id of ["score-page", "score-selection"]) $(id).disabled = false;
  }
}

async function init() {
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  tabId = tab ? tab.id : null;
  const { api } = await ext.storage.sync.get({ api: "http://127.0.0.1:8000" });
  $("api").textContent = `API: ${api}`;
  $("score-page").addEventListener("click", () => score("page"));
  $("score-selection").addEventListener("click", () => score("selection"));
  $("clear").addEventListener("click", async () => {
    await ask({ type: "clear" });
    render(null);
    setStatus("");
  });
  $("options").addEventListener("click", (event) => {
    event.preventDefault();
    ext.runtime.openOptionsPage();
  });
  if (tabId === null) {
    setStatus("No tab to score.", true);
    return;
  }
  render(await ask({ type: "state" }));
}

init().catch((error) => setStatus(error.message, true));
