/*
 * Text-quote anchoring: find a scorecard's findings in a live page and mark them.
 *
 * A finding's span carries a W3C TextQuoteSelector ({exact, prefix, suffix})
 * cut from the *extracted* text of the article. The page's DOM holds the same
 * words with other whitespace, split across elements (<a>, <em>, ...), and
 * surrounded by navigation, adverts and teasers that may repeat its
 * sentences. So:
 *
 * - text is compared with whitespace removed and typographic quotes and
 *   dashes folded, across text-node boundaries;
 * - the article's own text (page furniture such as nav, aside and footer left
 *   out) is searched first, so that an advert between two paragraphs does not
 *   break their context; the whole page is searched when that fails;
 * - when the quote occurs several times, the occurrence whose surroundings
 *   best match `prefix` and `suffix` wins (longest matching context; partial
 *   context counts), as in Hypothesis' dom-anchor-text-quote;
 * - occurrences that tie even so (a teaser repeating a whole sentence) are
 *   settled by where the spans placed without doubt say the span must be.
 *
 * Positions are offsets into the concatenated text of the page's text nodes.
 * Wrapping text in <mark> adds no text, so those offsets stay valid while
 * highlights are added; `clear` unwraps the marks and rejoins the text nodes
 * that highlighting split, leaving the DOM as it was.
 *
 * Plain script, no modules: it defines `globalThis.ReliabilityAnchor` and is
 * loaded by the content script, or injected on its own by tests.
 */
(function (global) {
  "use strict";
  // Injected again on a second scoring: keep the instance that knows the page's highlights.
  if (global.ReliabilityAnchor) return;

  const MARK_ATTR = "data-reliability";
  const MARK_CLASS = "reliability-mark";
  // Elements whose text is not page text, or where a <mark> cannot go.
  const SKIPPED = new Set([
    "script", "style", "noscript", "template", "textarea", "select", "option",
    "iframe", "object", "canvas", "svg", "math", "head", "title",
  ]);
  // Page furniture: navigation, teasers, adverts and footers around the article.
  const FURNITURE =
    "nav, aside, footer, [role=navigation], [role=complementary], [role=contentinfo], " +
    "[role=banner], [role=marquee], [aria-hidden=true]";
  // Characters that differ between an extractor's text and the page without
  // changing what is said; each maps to one character so offsets map back 1:1.
  const FOLDED = {
    "\u2018": "'", "\u2019": "'", "\u201A": "'", "\u201B": "'", "\u2032": "'",
    "\u201C": '"', "\u201D": '"', "\u201E": '"', "\u201F": '"', "\u2033": '"',
    "\u00AB": '"', "\u00BB": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
  };
  // Whitespace, soft hyphens and zero-width characters are ignored when comparing.
  const IGNORED = /[\s\u00AD\u200B-\u200D\u2060\uFEFF]/;

  // Split text nodes, per root, so that `clear` can join them again.
  const splits = new WeakMap();

  /** The text nodes under `root` that hold page text, in document order. */
  function textNodes(root) {
    const doc = root.ownerDocument || root;
    const walker = doc.createTreeWalker(root, 0x1 | 0x4 /* SHOW_ELEMENT | SHOW_TEXT */, {
      acceptNode(node) {
        if (node.nodeType === 1) {
          return SKIPPED.has(node.localName) ? 2 /* FILTER_REJECT */ : 3 /* FILTER_SKIP */;
        }
        return node.data.length ? 1 /* FILTER_ACCEPT */ : 3;
      },
    });
    const nodes = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
    return nodes;
  }

  /** `text` as compared: ignored characters dropped, the others folded. */
  function normalize(text) {
    let out = "";
    for (const ch of String(text || "")) {
      if (!IGNORED.test(ch)) out += FOLDED[ch] || ch;
    }
    return out;
  }

  /** The element holding the article: `main`, else the largest `article`, else none. */
  function articleOf(root) {
    if (!root.querySelector) return null;
    const main = root.querySelector("main, [role=main]");
    if (main) return main;
    let best = null;
    for (const article of root.querySelectorAll("article")) {
      if (!best || article.textContent.length > best.textContent.length) best = article;
    }
    return best;
  }

  /** Whether a text node is page furniture rather than the article. */
  function isFurniture(node, article) {
    const element = node.parentElement;
    if (!element) return false;
    if (article && !article.contains(element)) return true;
    const furniture = element.closest(FURNITURE);
    // Furniture that holds the whole article (an <aside> page) is not furniture.
    return Boolean(furniture && !(article && furniture.contains(article)));
  }

  /**
   * The comparable text of `nodes` (those `keep` accepts) and, for each of its
   * characters, its offset in the concatenated text of all `nodes`.
   */
  function indexText(nodes, keep) {
    const chars = [];
    const raw = [];
    let offset = 0;
    for (const node of nodes) {
      const data = node.data;
      if (!keep || keep(node)) {
        for (let i = 0; i < data.length; i++) {
          const ch = data[i];
          if (!IGNORED.test(ch)) {
            chars.push(FOLDED[ch] || ch);
            raw.push(offset + i);
          }
        }
      }
      offset += data.length;
    }
    return { text: chars.join(""), raw };
  }

  /** The article's text without furniture, and the whole page's text. */
  function indexPage(root, nodes) {
    const article = articleOf(root);
    const keep = (node) => !isFurniture(node, article);
    const whole = indexText(nodes);
    const content = indexText(nodes, keep);
    content.keep = keep;
    return { indexes: content.text.length < whole.text.length ? [content, whole] : [whole] };
  }

  /** How many characters of `prefix`, from its end, match the text just before `at`. */
  function matchBefore(text, at, prefix) {
    let n = 0;
    while (n < prefix.length && at - n - 1 >= 0 &&
           text[at - n - 1] === prefix[prefix.length - n - 1]) n++;
    return n;
  }

  /** How many characters of `suffix`, from its start, match the text from `at`. */
  function matchAfter(text, at, suffix) {
    let n = 0;
    while (n < suffix.length && at + n < text.length && text[at + n] === suffix[n]) n++;
    return n;
  }

  /**
   * The occurrences of the selector's quote in one index whose surroundings
   * best match its prefix and suffix, as [start, end) offsets into the
   * concatenated node text. Null when the quote is absent, or occurs several
   * times and none shares any context (choosing one would be a guess).
   */
  function bestIn(index, exact, prefix, suffix) {
    const text = index.text;
    let best = [];
    let bestScore = -1;
    let count = 0;
    for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
      count++;
      const score = matchBefore(text, at, prefix) + matchAfter(text, at + exact.length, suffix);
      if (score > bestScore) {
        best = [at];
        bestScore = score;
      } else if (score === bestScore) {
        best.push(at);
      }
    }
    if (!best.length) return null;
    if (count > 1 && bestScore === 0 && (prefix || suffix)) return null;
    // A place found in the article's text keeps out the furniture inside it.
    return best.map((at) => [index.raw[at], index.raw[at + exact.length - 1] + 1, index.keep]);
  }

  /** The best places for a selector: in the article's text if it is there, else anywhere. */
  function candidates(page, selector) {
    const exact = normalize(selector && selector.exact);
    if (!exact) return null;
    const prefix = normalize(selector.prefix);
    const suffix = normalize(selector.suffix);
    for (const index of page.indexes) {
      const found = bestIn(index, exact, prefix, suffix);
      if (found) return found;
    }
    return null;
  }

  /**
   * Where a span starting at `start` in the scored text should begin in the
   * page, judged from the spans placed without doubt (`placed`: {start, at},
   * sorted by start): interpolated between the nearest before and after it,
   * or moved from the nearest one by the distance between the two.
   */
  function predict(placed, start) {
    if (typeof start !== "number" || !placed.length) return null;
    let after = placed.findIndex((p) => p.start >= start);
    if (after === -1) after = placed.length;
    const lo = placed[after - 1];
    const hi = placed[after];
    if (lo && hi && hi.start > lo.start && hi.at >= lo.at) {
      return lo.at + ((start - lo.start) * (hi.at - lo.at)) / (hi.start - lo.start);
    }
    const nearest = lo || hi;
    return nearest.at + (start - nearest.start);
  }

  /** Of equally good places, the one nearest `hint`, else the first. */
  function choose(places, hint) {
    if (hint === null) return places[0];
    return places.reduce((a, b) => (Math.abs(b[0] - hint) < Math.abs(a[0] - hint) ? b : a));
  }

  /** The node and offset within it of `offset` into the concatenated text of `nodes`. */
  function boundary(nodes, offset, atEnd) {
    let start = 0;
    for (const node of nodes) {
      const end = start + node.data.length;
      if (offset < end || (atEnd && offset === end)) return [node, offset - start];
      start = end;
    }
    return null;
  }

  /**
   * The Range of the page text under `root` that the TextQuoteSelector
   * `selector` ({exact, prefix, suffix}) points at, or null.
   */
  function findQuote(root, selector) {
    const nodes = textNodes(root);
    const found = candidates(indexPage(root, nodes), selector);
    if (!found) return null;
    const [startNode, startOffset] = boundary(nodes, found[0][0], false);
    const [endNode, endOffset] = boundary(nodes, found[0][1], true);
    const range = (root.ownerDocument || root).createRange();
    range.setStart(startNode, startOffset);
    range.setEnd(endNode, endOffset);
    return range;
  }

  /**
   * Wrap the text between two offsets in marks made by `make`, leaving out
   * the text nodes that `keep` (when given) refuses; returns the marks.
   */
  function wrap(root, start, end, make, keep) {
    const pieces = [];
    let offset = 0;
    for (const node of textNodes(root)) {
      const nodeStart = offset;
      offset += node.data.length;
      if (offset <= start) continue;
      if (nodeStart >= end) break;
      if (keep && !keep(node)) continue;
      pieces.push([node, Math.max(start, nodeStart) - nodeStart, Math.min(end, offset) - nodeStart]);
    }
    let split = splits.get(root);
    if (!split) splits.set(root, (split = []));
    const marks = [];
    for (let [node, from, to] of pieces) {
      // Whitespace between elements (in a list or a table row) is no part of a
      // quote, and a <mark> there could upset the page's layout.
      if (!/\S/.test(node.data.slice(from, to))) continue;
      if (from > 0) {
        node = node.splitText(from);
        split.push(node);
        to -= from;
      }
      if (to < node.data.length) split.push(node.splitText(to));
      const mark = make();
      node.parentNode.insertBefore(mark, node);
      mark.appendChild(node);
      marks.push(mark);
    }
    return marks;
  }

  function severityOf(finding) {
    const severity = String(finding.severity || "info");
    return /^[a-z]+$/.test(severity) ? severity : "info";
  }

  /**
   * Highlight every span of `findings` (scorecard findings: {kind, severity,
   * message, spans: [{start, text, selector}]}) in the page under `root`.
   *
   * Each span's text is wrapped in <mark> elements (one per text node it
   * crosses) with `data-reliability="<finding>.<span>"`, a class by severity,
   * the message as title and description, and the first of them focusable.
   * Returns {found, missing}: lists of {id, finding, span, kind, severity,
   * message, exact}, in the order of the findings.
   */
  function highlight(root, findings) {
    const nodes = textNodes(root);
    const page = indexPage(root, nodes);
    const found = [];
    const missing = [];
    const located = [];
    (findings || []).forEach((finding, f) => {
      (finding.spans || []).forEach((span, s) => {
        const selector = span.selector || (span.text ? { exact: span.text } : null);
        const entry = {
          id: `${f}.${s}`,
          finding: f,
          span: s,
          kind: finding.kind,
          severity: severityOf(finding),
          message: finding.message || "",
          exact: selector ? selector.exact : "",
        };
        const places = selector ? candidates(page, selector) : null;
        if (places) {
          located.push({ entry, places, start: typeof span.start === "number" ? span.start : null });
          found.push(entry);
        } else {
          missing.push(entry);
        }
      });
    });
    const certain = located
      .filter((l) => l.places.length === 1 && l.start !== null)
      .map((l) => ({ start: l.start, at: l.places[0][0] }))
      .sort((a, b) => a.start - b.start);
    const doc = root.ownerDocument || root;
    for (const { entry, places, start } of located) {
      const [from, to, keep] =
        places.length === 1 ? places[0] : choose(places, predict(certain, start));
      let first = true;
      wrap(root, from, to, () => {
        const mark = doc.createElement("mark");
        mark.className = `${MARK_CLASS} ${MARK_CLASS}--${entry.severity}`;
        mark.setAttribute(MARK_ATTR, entry.id);
        mark.setAttribute("data-reliability-kind", entry.kind || "");
        mark.title = entry.message;
        mark.setAttribute("aria-description", entry.message);
        if (first) mark.tabIndex = 0;
        first = false;
        return mark;
      }, keep);
    }
    return { found, missing };
  }

  /** Remove every highlight under `root` and rejoin the text nodes it split. */
  function clear(root) {
    const marks = Array.from(root.querySelectorAll(`mark[${MARK_ATTR}]`));
    // Innermost first, so that nested marks (overlapping findings) unwrap cleanly.
    for (const mark of marks.reverse()) mark.replaceWith(...mark.childNodes);
    const split = splits.get(root) || [];
    splits.delete(root);
    for (const node of split.reverse()) {
      const before = node.previousSibling;
      if (node.parentNode && before && before.nodeType === 3) {
        before.appendData(node.data);
        node.remove();
      }
    }
    return marks.length;
  }

  /** The first mark of the span with this id, or null. */
  function markFor(root, id) {
    return root.querySelector(`mark[${MARK_ATTR}="${String(id).replace(/[^0-9.]/g, "")}"]`);
  }

  const api = { findQuote, highlight, clear, markFor, normalize, MARK_ATTR, MARK_CLASS };
  global.ReliabilityAnchor = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
