// The scorecard page: submit a text or an address, show the scorecard on the text.
import { codeUnitOffsets, renderMarked, toCodeUnits } from "./highlight.js";

const SEVERITIES = ["major", "minor", "info"];
const URL_INPUT = /^https?:\/\/\S+$/i;
const DATE_SOURCES = {
  url: "from the address",
  metadata: "from the meta tags",
  "structured-data": "from structured data",
  page: "seen on the page",
};

const MINUS = "\u2212"; // a real minus sign for negative points
const FAILED = { error: "failed", timeout: "timed out" };

const $ = (id) => document.getElementById(id);
const form = $("score-form");
const input = $("source");
const titleInput = $("title");
const outletInput = $("outlet");
const publishedInput = $("published");
const statusLine = $("status");
const problemBox = $("problem");
const results = $("results");
const tip = $("tip");

// Severities whose highlights are off. Info starts off: nearly every sentence has an
// info finding (an attribution, a hedge), and underlining them all hides what matters.
const hiddenSeverities = new Set(["info"]);
for (const severity of hiddenSeverities) document.body.classList.add(`hide-${severity}`);

/** "1 finding", "2 findings". */
function count(n, noun) {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

/** Create an element with text and attributes; children may be nodes or strings. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function severityOf(finding) {
  return SEVERITIES.includes(finding.severity) ? finding.severity : "other";
}

function headers() {
  const out = { "content-type": "application/json", accept: "application/json" };
  const key = $("api-key").value.trim();
  if (key) out["x-api-key"] = key;
  return out;
}

function percent(value) {
  return value === null || value === undefined ? "none" : `${Math.round(value * 100)}`;
}

function scoreOf(heuristic) {
  return heuristic.score === null ? "no score" : `score ${percent(heuristic.score)}`;
}

/** Points to one decimal with their sign and a real minus sign: "+3.0", "−12.4", "0.0". */
function signed(points) {
  const tenths = Math.round(points * 10);
  if (tenths === 0) return "0.0";
  return `${tenths > 0 ? "+" : MINUS}${(Math.abs(tenths) / 10).toFixed(1)}`;
}

function quote(text, limit = 80) {
  const flat = text.replace(/\s+/g, " ").trim();
  return `“${flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat}”`;
}

// -- talking to the API ------------------------------------------------------

/** Fetch JSON; on failure throw an Error carrying the problem details. */
async function call(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { ...options, headers: headers() });
  } catch (err) {
    throw Object.assign(new Error("network"), {
      problem: { title: "The service could not be reached", detail: String(err.message || err) },
    });
  }
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const problem = body && typeof body === "object" ? body : {};
    throw Object.assign(new Error("problem"), {
      problem: {
        title: problem.title || `Request failed (HTTP ${response.status})`,
        detail: problem.detail || response.statusText || "",
        status: response.status,
        errors: Array.isArray(problem.errors) ? problem.errors : [],
      },
    });
  }
  if (body === null) {
    throw Object.assign(new Error("problem"), {
      problem: { title: "Unexpected response", detail: `expected JSON, got ${type || "nothing"}` },
    });
  }
  return body;
}

// -- errors ------------------------------------------------------------------

// The form field a problem's JSON path is about, by id.
const FIELDS = {
  "$.url": "source",
  "$.document": "source",
  "$.document.text": "source",
  "$.document.title": "title",
  "$.document.outlet": "outlet",
  "$.document.published": "published",
};
const HINTS = { source: "source-hint", title: "", outlet: "outlet-hint", published: "published-hint" };

function clearProblem() {
  problemBox.hidden = true;
  problemBox.replaceChildren();
  for (const [id, hint] of Object.entries(HINTS)) {
    $(id).removeAttribute("aria-invalid");
    if (hint) $(id).setAttribute("aria-describedby", hint);
    else $(id).removeAttribute("aria-describedby");
  }
}

/** Show a problem in the alert and mark its fields (by id, or by the JSON paths of its errors) invalid. */
function showProblem(problem, fields = []) {
  const parts = [el("h2", { id: "problem-title", text: problem.title })];
  if (problem.detail) parts.push(el("p", { class: "problem-detail", text: problem.detail }));
  if (problem.errors && problem.errors.length) {
    parts.push(
      el(
        "ul",
        { class: "problem-errors" },
        ...problem.errors.map((e) =>
          el("li", {}, el("code", { text: e.path || "$" }), `: ${e.message || ""}`),
        ),
      ),
    );
  }
  problemBox.replaceChildren(...parts);
  problemBox.hidden = false;
  const invalid = new Set(fields);
  for (const error of problem.errors || []) if (FIELDS[error.path]) invalid.add(FIELDS[error.path]);
  for (const id of invalid) {
    $(id).setAttribute("aria-invalid", "true");
    $(id).setAttribute("aria-describedby", `${HINTS[id]} problem`.trim());
  }
  statusLine.textContent = `Error: ${problem.title}`;
  problemBox.focus();
}

// -- the tooltip ---------------------------------------------------------------

let findingsByKey = new Map(); // "f3" -> {finding, heuristic}
let hideTimer = 0;

function describe(mark) {
  const found = findingsByKey.get(mark.dataset.finding);
  if (!found) return null;
  const { finding, heuristic } = found;
  const role = mark.dataset.role ? ` · ${mark.dataset.role}` : "";
  return el(
    "div",
    { class: `tip-item sev-${severityOf(finding)}` },
    el(
      "p",
      { class: "tip-head" },
      el("span", { class: "badge", text: finding.severity }),
      ` ${heuristic} · ${finding.kind}${role}`,
    ),
    el("p", { class: "tip-message", text: finding.message }),
  );
}

function showTip(marks, anchor) {
  const items = marks.map(describe).filter(Boolean);
  if (!items.length) return;
  clearTimeout(hideTimer);
  tip.replaceChildren(...items);
  tip.hidden = false;
  const box = anchor.getBoundingClientRect();
  const width = Math.min(420, document.documentElement.clientWidth - 16);
  tip.style.maxWidth = `${width}px`;
  const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
  tip.style.left = `${left + window.scrollX}px`;
  tip.style.top = `${box.bottom + window.scrollY + 6}px`;
}

function hideTip(delay = 0) {
  clearTimeout(hideTimer);
  hideTimer = setTimeout(() => {
    tip.hidden = true;
  }, delay);
}

function shown(mark) {
  return !document.body.classList.contains(`hide-${mark.dataset.severity}`);
}

/** The shown marks at a point: the innermost and every mark around it. */
function marksAround(target) {
  const out = [];
  for (let m = target.closest("mark[data-finding]"); m; m = m.parentElement.closest("mark[data-finding]")) {
    if (shown(m)) out.push(m);
  }
  return out;
}

function wireTooltips(container) {
  container.addEventListener("mouseover", (event) => {
    const marks = marksAround(event.target);
    if (marks.length) showTip(marks, marks[0]);
  });
  container.addEventListener("mouseout", (event) => {
    if (!event.relatedTarget || !event.relatedTarget.closest?.("mark[data-finding]")) hideTip(300);
  });
  container.addEventListener("focusin", (event) => {
    if (event.target.matches("mark[data-finding]")) showTip([event.target], event.target);
  });
  container.addEventListener("focusout", () => hideTip(0));
  container.addEventListener("keydown", (event) => {
    const mark = event.target.closest("mark[data-finding]");
    if (!mark) return;
    if (event.key === "Escape") hideTip(0);
    if (event.key === "Enter") {
      // From a highlight to its entry in the findings list.
      const entry = $(`entry-${mark.dataset.finding}`);
      if (entry) {
        entry.closest("details")?.setAttribute("open", "");
        entry.focus();
      }
    }
  });
}

tip.addEventListener("mouseenter", () => clearTimeout(hideTimer));
tip.addEventListener("mouseleave", () => hideTip(200));
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") hideTip(0);
});

// -- which severities are highlighted ------------------------------------------

/** Turn a severity's highlights on or off; hidden highlights leave the tab order too. */
function showSeverity(severity, on) {
  if (on) hiddenSeverities.delete(severity);
  else hiddenSeverities.add(severity);
  document.body.classList.toggle(`hide-${severity}`, !on);
  for (const mark of document.querySelectorAll(`mark.sev-${severity}[id]`)) mark.tabIndex = on ? 0 : -1;
}

/** The checkboxes that choose which severities are highlighted, with each one's count of findings. */
function severityFilter(card) {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  for (const h of card.heuristics) for (const f of h.findings) if (f.severity in counts) counts[f.severity]++;
  const boxes = SEVERITIES.map((severity) => {
    const box = el("input", { type: "checkbox", value: severity, checked: !hiddenSeverities.has(severity) });
    box.addEventListener("change", () => showSeverity(severity, box.checked));
    return el("label", { class: `sev-${severity}` }, box, ` ${severity} (${counts[severity]})`);
  });
  return el(
    "fieldset",
    { id: "severity-filter", "aria-describedby": "severity-hint" },
    el("legend", { text: "Highlight findings of severity" }),
    ...boxes,
    el("p", {
      id: "severity-hint",
      class: "hint",
      text: "Info findings (attributions, hedges and other notes) start unhighlighted: nearly every sentence has one.",
    }),
  );
}

// -- rendering -----------------------------------------------------------------

function reveal(mark) {
  const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  mark.scrollIntoView({ block: "center", behavior: reduce ? "auto" : "smooth" });
  mark.focus({ preventScroll: true });
}

/** Highlight `spans` ({key, finding, span, severity}) on `text` inside `container`. */
function markText(container, text, spans) {
  const offsets = codeUnitOffsets(text);
  const ranges = [];
  let misplaced = 0;
  for (const item of spans) {
    const units = toCodeUnits(offsets, item.span);
    if (!units) {
      misplaced++;
      continue;
    }
    ranges.push({
      key: item.key,
      ...units,
      decorate(mark, isFirst) {
        mark.className = `hl sev-${item.severity}`;
        mark.dataset.finding = item.finding;
        mark.dataset.severity = item.severity;
        if (item.span.role) mark.dataset.role = item.span.role;
        if (isFirst) {
          mark.id = `mark-${item.key}`;
          mark.tabIndex = document.body.classList.contains(`hide-${item.severity}`) ? -1 : 0;
          mark.setAttribute("aria-describedby", `msg-${item.finding}`);
        }
      },
    });
  }
  renderMarked(container, text, ranges);
  return misplaced;
}

function spanButton(finding, index, span) {
  const key = `${finding}-s${index}`;
  const button = el("button", {
    type: "button",
    class: "span-link",
    "data-target": key,
    "aria-label": `Show in text${span.role ? ` (${span.role})` : ""}: ${span.text}`,
    text: `${span.role ? `${span.role}: ` : ""}${quote(span.text, 60)}`,
  });
  button.addEventListener("click", () => {
    const mark = $(`mark-${key}`);
    if (mark) reveal(mark);
  });
  return button;
}

// -- the stored documents it was compared with -----------------------------------

let peerDocs = new Map(); // id -> the stored document, or null when it could not be read

/** Read the stored documents a scorecard names (its peers), to show them by title. */
async function loadPeers(card) {
  const ids = new Set(card.peers || []);
  for (const h of card.heuristics) for (const f of h.findings) for (const r of f.related || []) ids.add(r.document_id);
  peerDocs = new Map();
  await Promise.all(
    [...ids].map(async (id) => {
      try {
        peerDocs.set(id, await call(`/v1/documents/${encodeURIComponent(id)}`));
      } catch (err) {
        if (!err.problem) throw err;
        peerDocs.set(id, null); // shown by its id; opening it shows why it could not be read
      }
    }),
  );
}

/** What to call a stored document: its title, else its first words. */
function documentName(documentId) {
  const doc = peerDocs.get(documentId);
  if (!doc) return `Stored document ${documentId}`;
  if (doc.title) return doc.title;
  return `Untitled, beginning ${quote(doc.text, 60)}`;
}

/** Where and when a stored document appeared, as far as the store knows: "The Daily Wire, by Emily Zanotti". */
function documentDetails(documentId) {
  const doc = peerDocs.get(documentId);
  if (!doc) return "";
  return [doc.outlet, doc.author && `by ${doc.author}`, doc.published && `published ${doc.published}`]
    .filter(Boolean)
    .join(", ");
}

function peerList(card) {
  const items = card.peers.map((id) => {
    const details = documentDetails(id);
    return el("li", {}, documentLink(id, documentName(id), null), details ? ` (${details})` : null);
  });
  return el(
    "div",
    { class: "peers", id: "peers" },
    el("p", {
      id: "peers-title",
      text: `Compared with ${count(card.peers.length, "stored document")} of the same story:`,
    }),
    el("ul", { "aria-labelledby": "peers-title" }, ...items),
  );
}

/** A link to a stored document (its JSON); a plain click shows it in the page instead. */
function documentLink(documentId, label, rel) {
  const link = el("a", { href: `/v1/documents/${encodeURIComponent(documentId)}`, class: "document-link", text: label });
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    openRelated(documentId, rel);
  });
  return link;
}

function scoreText(card) {
  if (card.score === null) return "withheld";
  const range = openRange(card);
  const shown = `${Math.round(card.score)} / 100`;
  return range ? `${shown} at least (up to ${Math.round(range[1])})` : shown;
}

function summaryOf(card, doc) {
  const grade = card.grade || "";
  const gradeClass = /^[A-F]$/.test(grade) ? `grade-${grade.toLowerCase()}` : "grade-none";
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0]));
  let total = 0;
  for (const h of card.heuristics) {
    for (const f of h.findings) {
      counts[f.severity] = (counts[f.severity] || 0) + 1;
      total++;
    }
  }
  const facts = el(
    "dl",
    { class: "facts" },
    el("dt", { text: "Score" }),
    el("dd", { id: "score", text: scoreText(card) }),
    el("dt", { text: "Confidence" }),
    el("dd", { text: `${percent(card.confidence)} %` }),
    el("dt", { text: "Findings" }),
    el("dd", { id: "finding-count", text: `${total} (${SEVERITIES.map((s) => `${counts[s]} ${s}`).join(", ")})` }),
  );
  const page = card.page; // present when the server fetched the page by its address
  if (doc.outlet) facts.append(el("dt", { text: "Outlet" }), el("dd", { id: "outlet-fact", text: doc.outlet }));
  // A fetched page lists the dates found on it below, with where each was found.
  if (doc.published && !page) {
    facts.append(el("dt", { text: "Published" }), el("dd", { id: "published-fact", text: doc.published }));
  }
  facts.append(el("dt", { text: "Document id" }), el("dd", {}, el("code", { text: card.document_id })));
  const header = [
    el("p", { class: `grade ${gradeClass}`, id: "grade", text: grade }),
    el(
      "div",
      {},
      el("h2", { id: "summary-title", tabindex: "-1", text: doc.title || card.title || "Scorecard" }),
      facts,
    ),
  ];
  const address = (page && page.final_url) || doc.url;
  if (address) {
    facts.append(el("dt", { text: "Address" }), el("dd", {}, el("a", { href: address, rel: "noreferrer", text: address })));
  }
  if (page) {
    const redirects = page.redirects && page.redirects.length ? `, after ${count(page.redirects.length, "redirect")}` : "";
    facts.append(
      el("dt", { text: "Fetched" }),
      el("dd", { id: "fetched", text: `${page.fetched_at}${page.from_cache ? " (from the cache)" : ""}${redirects}` }),
    );
    for (const date of page.dates || []) {
      facts.append(
        el("dt", { text: date.kind === "modified" ? "Modified" : "Published" }),
        el("dd", { text: `${date.date} (${DATE_SOURCES[date.source] || date.source}, ${date.confidence} confidence)` }),
      );
    }
  }
  return { header, total };
}

// -- why this grade -------------------------------------------------------------

/** The open range a failure leaves, as [low, high], or null when nothing is missing. */
function openRange(card) {
  const range = card.score_range;
  return range && card.score !== null && range[1] > range[0] ? range : null;
}

/** What a contribution rests on, in words, when it has no reasons to list. */
function basisNote(part, result) {
  if (part.basis === "lower-bound") {
    const what = (result && FAILED[result.status]) || "failed";
    return (
      `${what[0].toUpperCase()}${what.slice(1)}: counted at its least favourable value; ` +
      `it could have added up to ${(part.open_points || 0).toFixed(1)} points more.`
    );
  }
  if (part.basis === "baseline") {
    if (result && result.weight <= 0) return "Disabled (weight 0): moves nothing.";
    if (result && result.status === "skipped") return "Skipped: moves nothing.";
    if (result && result.score === null) return "Nothing to judge: moves nothing.";
    return "Disabled, excluded or nothing to judge: moves nothing.";
  }
  if (part.basis === "prior") {
    const read = result && result.score !== null
      ? `its score ${percent(result.score)} (confidence ${percent(result.confidence)} %)`
      : "its score";
    return `The model was not fitted on it: counted by ${read} at a small fixed strength.`;
  }
  return "Reads about average: no effect.";
}

/** A bar from the middle of its track: right for points up, left for down; dashed for the open part. */
function bar(points, open, scale) {
  const track = el("span", { class: "bar-track", "aria-hidden": "true" });
  const at = (v) => 50 + (v / scale) * 50;
  // Placed through the CSSOM: the page's Content-Security-Policy refuses style attributes.
  const piece = (className, from, to) => {
    const node = el("span", { class: `bar ${className}` });
    node.style.left = `${Math.min(from, to)}%`;
    node.style.width = `${Math.abs(to - from)}%`;
    return node;
  };
  if (Math.round(points * 10) !== 0) track.append(piece(points > 0 ? "bar-up" : "bar-down", at(0), at(points)));
  if (open > 0) track.append(piece("bar-open", at(points), at(points + open)));
  return track;
}

/** The "why this grade" panel: the baseline, each heuristic's signed points and reasons, the sum. */
function whyPanel(card) {
  const parts = card.contributions || [];
  if (card.score === null || card.baseline === null || card.baseline === undefined || !parts.length) return null;
  const results = new Map(card.heuristics.map((h) => [h.name, h]));
  // Largest effect first; equal ones keep the run order.
  const ordered = parts
    .map((part, i) => ({ part, i }))
    .sort((a, b) => Math.abs(Math.round(b.part.points * 10)) - Math.abs(Math.round(a.part.points * 10)) || a.i - b.i)
    .map((x) => x.part);
  const scale = Math.max(1, ...parts.flatMap((p) => [Math.abs(p.points), Math.abs(p.points + (p.open_points || 0))]));
  const range = openRange(card);

  const items = [
    el(
      "li",
      { class: "contribution contribution-baseline", "data-part": "baseline" },
      el("span", { class: "contribution-name", text: "Baseline" }),
      el("span", { class: "bar-track", "aria-hidden": "true" }),
      el("span", { class: "points", id: "why-baseline", text: card.baseline.toFixed(1) }),
      el("p", { class: "contribution-note", text: "The score of an average article; each heuristic moves it up or down." }),
    ),
  ];
  for (const part of ordered) {
    const result = results.get(part.heuristic);
    const tenths = Math.round(part.points * 10);
    const direction = tenths > 0 ? "up" : tenths < 0 ? "down" : "none";
    const item = el(
      "li",
      { class: `contribution contribution-${direction} basis-${part.basis}`, "data-heuristic": part.heuristic, "data-basis": part.basis },
      el("span", { class: "contribution-name", text: part.heuristic }),
      bar(part.points, part.basis === "lower-bound" ? part.open_points || 0 : 0, scale),
      el("span", { class: "points", text: signed(part.points) }),
    );
    const reasons = part.reasons || [];
    if (reasons.length) {
      item.append(
        el(
          "ul",
          { class: "reasons", "aria-label": `What moved ${part.heuristic}` },
          ...reasons.map((r) =>
            el("li", { class: "reason" }, el("span", { class: "reason-label", text: r.label }), " ", el("span", { class: "points", text: signed(r.points) })),
          ),
        ),
      );
    }
    if (!reasons.length || part.basis !== "fitted") {
      item.append(el("p", { class: "contribution-note", text: basisNote(part, result) }));
    }
    items.push(item);
  }
  items.push(
    el(
      "li",
      { class: "contribution contribution-total", "data-part": "total" },
      el("span", { class: "contribution-name", text: "= Score" }),
      el("span", { class: "bar-track", "aria-hidden": "true" }),
      el("span", { class: "points", id: "why-total", text: card.score.toFixed(1) }),
      range ? el("p", { class: "contribution-note", text: "The lowest the score could be: see the range above." }) : null,
    ),
  );

  const panel = el(
    "section",
    { class: "why", id: "why", "aria-labelledby": "why-title" },
    el("h3", { id: "why-title", text: "Why this grade" }),
  );
  if (range) {
    const failed = parts
      .filter((p) => p.basis === "lower-bound")
      .map((p) => `${p.heuristic} ${FAILED[(results.get(p.heuristic) || {}).status] || "failed"}`);
    panel.append(
      el("p", {
        class: "why-range",
        id: "why-range",
        text: `${range[0].toFixed(1)}–${range[1].toFixed(1)}: ${failed.join(", ") || "evidence is missing"}; the score is the lowest it could be.`,
      }),
    );
  }
  panel.append(el("ol", { class: "contributions", "aria-label": "From the baseline to the score, in points" }, ...items));
  return panel;
}

function renderCard(card, text, documentInfo) {
  findingsByKey = new Map();
  const spans = [];
  const { header, total } = summaryOf(card, documentInfo);

  const summary = el("section", { class: "summary", "aria-labelledby": "summary-title" }, ...header);
  const why = whyPanel(card);
  if (why) summary.append(why);
  if (card.peers && card.peers.length) summary.append(peerList(card));

  const panels = el("div", { class: "panels" });
  let n = 0;
  for (const h of card.heuristics) {
    const items = [];
    for (const finding of h.findings) {
      const key = `f${n++}`;
      const severity = severityOf(finding);
      findingsByKey.set(key, { finding, heuristic: h.name });
      finding.spans.forEach((span, i) => spans.push({ key: `${key}-s${i}`, finding: key, span, severity }));
      const entry = el(
        "li",
        { class: `finding sev-${severity}`, id: `entry-${key}`, tabindex: "-1" },
        el("p", { class: "finding-head" }, el("span", { class: "badge", text: finding.severity }), ` ${finding.kind}`),
        el("p", { class: "finding-message", id: `msg-${key}`, text: finding.message }),
      );
      if (finding.spans.length) {
        entry.append(el("p", { class: "spans" }, ...finding.spans.map((s, i) => spanButton(key, i, s))));
      }
      if (finding.related && finding.related.length) {
        entry.append(
          el(
            "p",
            { class: "related" },
            "In other coverage: ",
            ...finding.related.flatMap((rel, i) => [
              i ? "; " : "",
              documentLink(rel.document_id, `${quote(rel.text, 60)} in ${documentName(rel.document_id)}`, rel),
            ]),
          ),
        );
      }
      items.push(entry);
    }
    const id = `heuristic-${h.name}`;
    const panel = el(
      "section",
      { class: `panel status-${h.status}`, "aria-labelledby": id, "data-heuristic": h.name },
      el("h3", { id }, h.name, el("span", { class: "status", text: h.status })),
      el(
        "p",
        { class: "numbers" },
        `${scoreOf(h)} · confidence ${percent(h.confidence)} % · weight ${h.weight}`,
      ),
      el("p", { class: "heuristic-summary", text: h.summary }),
    );
    if (h.message) panel.append(el("p", { class: "heuristic-message", text: h.message }));
    if (items.length) {
      panel.append(
        el(
          "details",
          { open: true },
          el("summary", { text: count(items.length, "finding") }),
          el("ol", { class: "findings" }, ...items),
        ),
      );
    }
    panels.append(panel);
  }

  const article = el("div", {
    id: "text",
    class: "text",
    role: "region",
    "aria-label": "The article's text, findings highlighted",
  });
  const misplaced = markText(article, text, spans);
  wireTooltips(article);

  const textSection = el(
    "section",
    { class: "text-section", "aria-labelledby": "text-title" },
    el("h2", { id: "text-title", text: "Text" }),
    el(
      "p",
      { class: "hint", text: "Tab to a highlight or point at it to read why it was marked; Enter jumps to its entry in the findings." },
    ),
    severityFilter(card),
    article,
  );
  if (misplaced) {
    textSection.insertBefore(
      el("p", {
        class: "warning",
        text: `${count(misplaced, "span")} did not fit this text and ${misplaced === 1 ? "is" : "are"} not shown.`,
      }),
      article,
    );
  }
  const related = el("section", { id: "related-doc", class: "related-doc", "aria-labelledby": "related-title", hidden: true });
  const side = el(
    "div",
    { class: "side" },
    el("h2", { id: "heuristics-title", text: "Heuristics and findings" }),
    panels,
  );
  results.replaceChildren(summary, el("div", { class: "columns" }, el("div", { class: "main-column" }, textSection, related), side));
  results.hidden = false;
  return total;
}

let currentCard = null;

/** Show another stored document, with the spans findings relate to in it highlighted. */
async function openRelated(documentId, focusRel) {
  const box = $("related-doc");
  box.hidden = false;
  const name = documentName(documentId);
  box.replaceChildren(el("h2", { id: "related-title", tabindex: "-1", text: name }), el("p", { text: "Loading…" }));
  let doc = peerDocs.get(documentId);
  try {
    doc = doc || (await call(`/v1/documents/${encodeURIComponent(documentId)}`));
  } catch (err) {
    box.replaceChildren(
      el("h2", { id: "related-title", tabindex: "-1", text: name }),
      el("p", { class: "problem-detail", role: "alert", text: `${err.problem.title}: ${err.problem.detail}` }),
    );
    $("related-title").focus();
    return;
  }
  const spans = [];
  let target = null;
  let n = 0;
  for (const h of currentCard.heuristics) {
    for (const finding of h.findings) {
      const key = `f${n++}`;
      finding.related.forEach((rel, i) => {
        if (rel.document_id !== documentId) return;
        const spanKey = `${key}-r${i}`;
        if (rel === focusRel) target = spanKey;
        spans.push({ key: spanKey, finding: key, span: rel, severity: severityOf(finding) });
      });
    }
  }
  const title = doc.title || name;
  const text = el("div", { class: "text", role: "region", "aria-label": `Text of ${title}` });
  const meta = [doc.outlet, doc.author && `by ${doc.author}`, doc.published && `published ${doc.published}`]
    .filter(Boolean)
    .join(" · ");
  box.replaceChildren(
    el("h2", { id: "related-title", tabindex: "-1", text: title }),
    el(
      "p",
      { class: "hint" },
      meta ? `${meta} · ` : "",
      el("a", { href: `/v1/documents/${encodeURIComponent(documentId)}`, text: "as JSON" }),
      " · ",
      el("button", { type: "button", class: "close-related", text: "Close" }),
    ),
    text,
  );
  box.querySelector(".close-related").addEventListener("click", () => {
    box.hidden = true;
  });
  markText(text, doc.text, spans);
  wireTooltips(text);
  const mark = target && $(`mark-${target}`);
  if (mark) reveal(mark);
  else {
    box.scrollIntoView({ block: "start" });
    $("related-title").focus({ preventScroll: true });
  }
}

// -- the form ------------------------------------------------------------------

// A publication date as the service reads it (`published` in reliability/document.py):
// an ISO 8601 date, or a date and time.
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(?:Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;

/** Whether `value` is YYYY-MM-DD, with an optional time, naming a real day and time. */
function isPublicationDate(value) {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [m[1], m[2], m[3]].map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const real = year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  const [hour, minute, second, offsetHours, offsetMinutes] = m.slice(4).map((v) => Number(v || 0));
  return real && hour < 24 && minute < 60 && second < 60 && offsetHours < 24 && offsetMinutes < 60;
}

function dateProblem(value) {
  return {
    title: "The publication date cannot be read",
    detail:
      `“${value}” is not a date the service can read. Write it as year-month-day, for example ` +
      "2025-11-03; a time may follow, as in 2025-11-03T14:00Z. Or leave the field empty.",
  };
}

/** The request body for what the form holds. */
function requestBody(raw, compare) {
  const address = raw.trim();
  if (URL_INPUT.test(address)) return { url: address, compare };
  const doc = { text: raw };
  for (const [name, field] of [["title", titleInput], ["outlet", outletInput], ["published", publishedInput]]) {
    const value = field.value.trim();
    if (value) doc[name] = value;
  }
  return { document: doc, compare };
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearProblem();
  const raw = input.value;
  const compare = $("compare").checked ? "corpus" : "none";
  const body = requestBody(raw, compare);
  const published = body.document && body.document.published;
  if (published && !isPublicationDate(published)) {
    showProblem(dateProblem(published), ["published"]);
    return;
  }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  results.setAttribute("aria-busy", "true");
  statusLine.textContent = body.url ? "Fetching and scoring the page…" : "Scoring…";
  try {
    const card = await call("/v1/scorecards", { method: "POST", body: JSON.stringify(body) });
    // For an address, the server extracts the text; offsets are into that text.
    const doc = card.document || body.document;
    currentCard = card;
    await loadPeers(card);
    const started = performance.now();
    const total = renderCard(card, doc.text, doc);
    performance.measure("reliability:render", { start: started, end: performance.now() });
    const score = card.score === null ? "score withheld" : `score ${Math.round(card.score)} of 100`;
    statusLine.textContent = `Scored: grade ${card.grade}, ${score}, ${count(total, "finding")}.`;
    // Bring the results into view, and the keyboard with them.
    results.scrollIntoView({ block: "start" });
    $("summary-title").focus({ preventScroll: true });
  } catch (err) {
    if (!err.problem) throw err;
    showProblem(err.problem);
  } finally {
    button.disabled = false;
    results.removeAttribute("aria-busy");
  }
});

input.addEventListener("input", () => {
  const byUrl = URL_INPUT.test(input.value.trim());
  $("mode").textContent = byUrl
    ? "An address: the server fetches the page and scores its text; the title, outlet and date come from the page."
    : "";
  for (const field of [titleInput, outletInput, publishedInput]) field.disabled = byUrl;
});
