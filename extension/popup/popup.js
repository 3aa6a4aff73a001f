/*
 * The toolbar popup: the buttons that send the page (its URL) or the selected
 * text to the API, and the list of findings of the tab's last scorecard. A
 * click on a finding scrolls the page to its highlight.
 */
"use strict";

const ext = globalThis.chrome || globalThis.browser;
const $ = (id) => document.getElementById(id);
const MINUS = "\u2212"; // a real minus sign for negative points
const FAILED = { error: "failed", timeout: "timed out" };
const TOP_CONTRIBUTIONS = 4;
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

/** Points to one decimal with their sign and a real minus sign: "+3.0", "−12.4", "0.0". */
function signed(points) {
  const tenths = Math.round(points * 10);
  if (tenths === 0) return "0.0";
  return `${tenths > 0 ? "+" : MINUS}${(Math.abs(tenths) / 10).toFixed(1)}`;
}

function contributionRow(name, points, note, modifier) {
  const item = element("li", `contribution${modifier ? ` contribution--${modifier}` : ""}`);
  item.append(element("span", "name", name), element("span", "points", points));
  if (note) item.append(element("span", "why-note", note));
  return item;
}

/** What a contribution rests on, in a few words: its largest reasons, or why it has none. */
function contributionNote(part, status) {
  if (part.basis === "lower-bound") {
    return `${FAILED[status] || "failed"}: counted at its lowest; up to ${(part.open_points || 0).toFixed(1)} points more`;
  }
  if (part.basis === "baseline") return "disabled, excluded or nothing to judge";
  if (part.basis === "prior") return "not in the fitted model: counted by its score";
  return (part.reasons || [])
    .slice(0, 2)
    .map((r) => `${r.label} ${signed(r.points)}`)
    .join(", ");
}

/**
 * Why this grade: the baseline, the largest contributions with their signed
 * points, the rest together, and the score they add up to; the open range
 * when a heuristic failed.
 */
function renderWhy(state) {
  const section = $("why");
  const list = $("contributions");
  const parts = (state && state.contributions) || [];
  list.replaceChildren();
  section.hidden = true;
  $("why-range").hidden = true;
  if (!parts.length || typeof state.score !== "number" || typeof state.baseline !== "number") return;
  const status = new Map((state.heuristics || []).map((h) => [h.name, h.status]));
  const ordered = parts
    .map((part, i) => ({ part, i }))
    .sort((a, b) => Math.abs(Math.round(b.part.points * 10)) - Math.abs(Math.round(a.part.points * 10)) || a.i - b.i)
    .map((x) => x.part);
  // The largest ones, and every failure whatever its size; the rest on one line.
  const shown = ordered.filter((p, i) => (i < TOP_CONTRIBUTIONS && Math.round(p.points * 10) !== 0) || p.basis === "lower-bound");
  const rest = ordered.filter((p) => !shown.includes(p));
  list.append(contributionRow("Baseline", state.baseline.toFixed(1), "an average article", "baseline"));
  for (const part of shown) {
    const tenths = Math.round(part.points * 10);
    const row = contributionRow(
      part.heuristic,
      signed(part.points),
      contributionNote(part, status.get(part.heuristic)),
      tenths > 0 ? "up" : tenths < 0 ? "down" : "",
    );
    row.dataset.heuristic = part.heuristic;
    list.append(row);
  }
  if (rest.length) {
    // Rounded points add up exactly; summing tenths keeps them so.
    const points = rest.reduce((sum, p) => sum + Math.round(p.points * 10), 0) / 10;
    const still = rest.every((p) => Math.round(p.points * 10) === 0);
    const row = contributionRow(
      `${rest.length} other${rest.length === 1 ? "" : "s"}`,
      signed(points),
      rest.map((p) => p.heuristic).join(", ") +
        (rest.every((p) => p.basis === "baseline")
          ? ": disabled, excluded or nothing to judge"
          : still
            ? ": moved nothing"
            : ""),
      "rest",
    );
    list.append(row);
  }
  list.append(contributionRow("= Score", state.score.toFixed(1), "", "total"));
  const range = state.score_range;
  if (range && range[1] > range[0]) {
    const failed = parts
      .filter((p) => p.basis === "lower-bound")
      .map((p) => `${p.heuristic} ${FAILED[status.get(p.heuristic)] || "failed"}`);
    $("why-range").textContent =
      `${range[0].toFixed(1)}–${range[1].toFixed(1)}: ${failed.join(", ") || "evidence is missing"}; ` +
      "the score is the lowest it could be.";
    $("why-range").hidden = false;
  }
  section.hidden = false;
}

function render(state) {
  const grade = $("grade");
  const list = $("findings");
  list.replaceChildren();
  renderWhy(state && !state.error ? state : null);
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
  // A failed heuristic leaves the score a lower bound.
  const range = state.score_range;
  const scored = typeof state.score === "number" ? `${Math.round(state.score)}/100` : "";
  const shownScore = scored && range && range[1] > range[0] ? `at least ${scored}, up to ${Math.round(range[1])}` : scored;
  $("summary").textContent = letter
    ? `Score ${shownScore}, confidence ${Math.round(state.confidence * 100)}%` +
      (state.mode === "selection" ? " (selected text)" : "")
    : `Too little evidence for a grade${shownScore ? `: score ${shownScore}` : ""}.`;
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
